import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CellDiagnostic, completesPreludeMember, nodeTypesCouldChange } from '../../kernel/interpreter/tslab_adapter';
import { RequestResult, outputsOf, resultText, useKernel } from './client_driver';

/**
 * A kernel starts with Node's global declarations only (tslab_adapter: createLightCellCompiler) and
 * loads all of them when a cell needs more: cells see the same types and errors either way.
 */
describe('kernel: Node declarations loaded when a cell needs them', function () {
  this.timeout(120000);
  const kernel = useKernel();

  async function run(code: string): Promise<RequestResult> {
    return kernel.client.execute(code, { stop_on_error: false });
  }

  it('types Node globals from the start, completes tf members, then a Node module import, then errors as the full declarations give them', async () => {
    const globals = await run('const timer: NodeJS.Timeout = setTimeout(() => undefined, 1);\nclearTimeout(timer);\nconst mem: NodeJS.MemoryUsage = process.memoryUsage();\n[Buffer.from("ab").length, typeof require("path").join, typeof mem.rss]');
    assert.strictEqual(resultText(globals), "[ 2, 'function', 'number' ]", JSON.stringify(globals.reply.content));

    // A tf member's completion, with the reduced declarations.
    const found = await kernel.client.request('complete_request', { code: 'const c = tf.train.GradientDescentOpt', cursor_pos: 37 });
    assert.ok((found.reply.content.matches as string[]).includes('GradientDescentOptimizer'), JSON.stringify(found.reply.content));

    // Errors that Node's declarations cannot change, as the full declarations give them.
    const typeError = await run('const count: number = "text";');
    assert.match(String(typeError.reply.content.evalue), /^TS2322: Type 'string' is not assignable to type 'number'\. \(line 1, column 7\)$/);
    const typo = await run('tf.constnt([1, 2])');
    assert.match(String(typo.reply.content.evalue), /^TS2551: Property 'constnt' does not exist on type 'typeof tf'\. Did you mean 'constant'\? \(line 1, column 4\)$/);

    const module = await run('import * as os from "os";\nconst cores: number = os.cpus().length;\ncores > 0');
    assert.strictEqual(resultText(module), 'true', JSON.stringify(module.reply.content));

    const wrong = await run('const size: string = os.totalmem();');
    assert.strictEqual(wrong.reply.content.status, 'error');
    assert.match(String(wrong.reply.content.evalue), /TS2322: Type 'number' is not assignable to type 'string'/);
    assert.strictEqual(outputsOf(wrong, 'error').length, 1);
  });

  it('completes Node modules\' members', async () => {
    const found = await kernel.client.request('complete_request', { code: 'import * as fs from "fs";\nfs.readFileS', cursor_pos: 38 });
    assert.ok((found.reply.content.matches as string[]).includes('readFileSync'), JSON.stringify(found.reply.content));
  });
});

describe('kernel: which errors could read otherwise with all of Node\'s declarations', () => {
  let dir: string;
  let leftOut: string[];
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scopeflow-node-types-'));
    leftOut = [path.join(dir, 'os.d.ts')];
    fs.writeFileSync(leftOut[0], 'declare module "os" {\n  function totalmem(): number;\n}\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const diagnostic = (message: string, code: number): CellDiagnostic => ({ line: 0, character: 0, endLine: 0, endCharacter: 1, message, code });

  it('keeps the reduced declarations for type errors, typos and syntax errors that name nothing Node declares', () => {
    for (const [message, code] of [
      ["Type 'string' is not assignable to type 'number'.", 2322],
      ["Cannot find name 'undefinedName'.", 2304],
      ["Property 'constnt' does not exist on type 'typeof import(\"/somewhere/lib/index\")'. Did you mean 'constant'?", 2551],
      ['Expression expected.', 1109],
      ["Argument of type '[1]' is not assignable to parameter of type '[a: TensorLike, totalmem: TensorLike]'.", 2345],
    ] as const) assert.strictEqual(nodeTypesCouldChange([diagnostic(message, code)], leftOut), false, message);
  });

  it('takes all of Node\'s declarations for a name a left-out Node file declares, or without the list', () => {
    assert.strictEqual(nodeTypesCouldChange([diagnostic("Cannot find module 'os' or its corresponding type declarations.", 2307)], leftOut), true);
    assert.strictEqual(nodeTypesCouldChange([diagnostic("Cannot find name 'totalme'. Did you mean 'totalmem'?", 2552)], leftOut), true);
    assert.strictEqual(nodeTypesCouldChange([diagnostic("Cannot find name 'undefinedName'.", 2304)], undefined), true);
    fs.writeFileSync(leftOut[0], 'declare module "os" {\n  function totalmem(): number;\n  interface CpuInfo { model: string }\n}\n');
    assert.strictEqual(nodeTypesCouldChange([diagnostic("Type 'number' is not assignable to type 'CpuInfo'.", 2322)], leftOut), true);
  });
});

describe('kernel: completions that need no Node declarations', () => {
  it('are those of a member of tf or widgets', () => {
    for (const text of ['tf.', 'tf.const', 'x = tf.train.Gradient', 'widgets.gra', 'f(tf . nn.re']) assert.strictEqual(completesPreludeMember(text), true, text);
    for (const text of ['os.', 'process.std', 'const', 'mytf.x', 'a.tf.x', 'tf']) assert.strictEqual(completesPreludeMember(text), false, text);
  });
});
