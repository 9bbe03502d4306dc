import * as assert from 'assert';
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

  it('types Node globals from the start, then a Node module import, then errors as the full declarations give them', async () => {
    const globals = await run('const timer: NodeJS.Timeout = setTimeout(() => undefined, 1);\nclearTimeout(timer);\nconst mem: NodeJS.MemoryUsage = process.memoryUsage();\n[Buffer.from("ab").length, typeof require("path").join, typeof mem.rss]');
    assert.strictEqual(resultText(globals), "[ 2, 'function', 'number' ]", JSON.stringify(globals.reply.content));

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
