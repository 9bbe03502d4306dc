import * as assert from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { JUPYTER_PYTHON, JupyterSandbox, createJupyterSandbox } from './jupyter_env';

const run = promisify(execFile);

interface NotebookCell {
  cell_type: 'code' | 'markdown';
  source: string;
  metadata: Record<string, unknown>;
  outputs?: { output_type: string; text?: string | string[]; data?: Record<string, string | string[]>; ename?: string }[];
  execution_count?: number | null;
  id?: string;
}

function notebook(cells: NotebookCell[]): string {
  return JSON.stringify({
    nbformat: 4, nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'scopeflow', display_name: 'TypeScript (scopeflow)', language: 'typescript' },
      language_info: { name: 'typescript' },
    },
    cells: cells.map((c, i) => ({ id: `cell-${i}`, ...c })),
  });
}

/** nbformat stores multi-line text either as one string or as a list of lines. */
function joined(text: string | string[] | undefined): string {
  return Array.isArray(text) ? text.join('') : text ?? '';
}

function code(source: string): NotebookCell {
  return { cell_type: 'code', source, metadata: {}, outputs: [], execution_count: null };
}

describe('kernel under nbconvert --execute', function () {
  this.timeout(120000);
  let sandbox: JupyterSandbox;

  before(() => { sandbox = createJupyterSandbox(); });
  after(() => sandbox?.cleanup());

  async function execute(cells: NotebookCell[], extraArgs: string[] = []): Promise<{ cells: NotebookCell[]; stderr: string }> {
    const input = path.join(sandbox.root, `nb-${Date.now()}.ipynb`);
    fs.writeFileSync(input, notebook(cells));
    const output = input.replace(/\.ipynb$/, '.out.ipynb');
    const result = await run(JUPYTER_PYTHON, [
      '-m', 'nbconvert', '--to', 'notebook', '--execute', '--ExecutePreprocessor.timeout=60',
      ...extraArgs, '--output', output, input,
    ], { env: sandbox.env, cwd: sandbox.root });
    return { cells: (JSON.parse(fs.readFileSync(output, 'utf8')) as { cells: NotebookCell[] }).cells, stderr: result.stderr };
  }

  it('executes a notebook of several cells with tf, display and printing', async () => {
    const { cells } = await execute([
      { cell_type: 'markdown', source: '# A graph', metadata: {} },
      code('const a = tf.constant(2, { name: "a" });\nconst b = tf.constant(5, { name: "b" });\nconst product = tf.multiply(a, b);'),
      code('const sess = tf.Session();\nconsole.log("product is", sess.run(product).item());'),
      code('display.markdown("**done**");\nproduct.name'),
      code('[1, 2, 3].map((x) => x * x)'),
    ]);
    const codeCells = cells.filter((c) => c.cell_type === 'code');
    assert.deepStrictEqual(codeCells.map((c) => c.execution_count), [1, 2, 3, 4]);
    assert.strictEqual(joined(codeCells[1].outputs?.[0].text), 'product is 10\n');
    const displayed = codeCells[2].outputs ?? [];
    assert.strictEqual(displayed[0].output_type, 'display_data');
    assert.strictEqual(joined(displayed[0].data?.['text/markdown']), '**done**');
    assert.strictEqual(displayed[1].output_type, 'execute_result');
    assert.match(joined(displayed[1].data?.['text/plain']), /Mul/);
    assert.strictEqual(joined(codeCells[3].outputs?.[0].data?.['text/plain']), '[ 1, 4, 9 ]');
  });

  it('records errors in the notebook with --allow-errors and stops without it', async () => {
    const { cells } = await execute([code('const n: number = "text"'), code('null.boom'), code('"after"')], ['--allow-errors']);
    assert.deepStrictEqual(cells.map((c) => c.outputs?.[0]?.output_type), ['error', 'error', 'execute_result']);
    assert.strictEqual(cells[0].outputs?.[0].ename, 'TSError');
    await assert.rejects(execute([code('throw new Error("stop here")'), code('"never"')]), /stop here/);
  });
});
