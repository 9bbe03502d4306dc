import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vm from 'vm';
import { readAsciiSource } from '../../kernel/interpreter/tslab_adapter';

/** The TypeScript compiler's source is read as ASCII (one byte per character in V8), meaning the same. */
describe('kernel: the compiler source read as ASCII', () => {
  let dir: string;
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scopeflow-source-')); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  function write(name: string, text: string): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text, 'utf8');
    return file;
  }

  it('escapes every character beyond ASCII, in comments, strings, templates, regular expressions and identifiers alike', () => {
    const text = [
      '// it’s a comment → with arrows',
      '/* é and 😀 */',
      'const café = "é€😀";',
      'const arrow = `→ ${café}`;',
      '({ values: [café, arrow, /[→é]/.test("→"), "plain"] })',
    ].join('\n');
    const ascii = readAsciiSource(write('mixed.js', text));
    assert.match(ascii, /^[\x00-\x7f]*$/);
    // Values from another context: compared as JSON.
    const run = (source: string): string => JSON.stringify(vm.runInNewContext(source));
    assert.strictEqual(run(ascii), run(text));
    assert.strictEqual(run(ascii), JSON.stringify({ values: ['é€😀', '→ é€😀', true, 'plain'] }));
  });

  it('reads an ASCII file as it is', () => {
    const text = 'module.exports = 1 + 1; // nothing to escape\n';
    assert.strictEqual(readAsciiSource(write('plain.js', text)), text);
  });
});
