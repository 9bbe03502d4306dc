import * as assert from 'assert';
import * as fs from 'fs';
import { IDLE_RELEASE_MS } from '../../kernel/interpreter/heap_guard';
import { resultText, useKernel } from './client_driver';

const MiB = 2 ** 20;

function residentBytes(pid: number): number {
  const found = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  assert.ok(found, `no VmRSS for process ${pid}`);
  return Number(found[1]) * 1024;
}

/** An idle kernel gives back the memory its cells left free (heap_guard: releaseWhenIdle). */
describe('kernel: memory given back when idle', function () {
  this.timeout(120000);
  const kernel = useKernel();

  it('returns the garbage of a cell to the system once idle, and runs cells as before', async () => {
    // About 160 MB of arrays, dropped by the cell's end: garbage no collection has freed yet.
    const garbage = await kernel.client.execute('{ let junk: number[][] = [];\nfor (let i = 0; i < 200; i++) junk.push(new Array(100000).fill(i));\njunk = []; }\n"dropped"');
    assert.strictEqual(resultText(garbage), "'dropped'", JSON.stringify(garbage.reply.content));
    const afterCell = residentBytes(kernel.pid);
    await new Promise((resolve) => setTimeout(resolve, IDLE_RELEASE_MS + 2000));
    const idle = residentBytes(kernel.pid);
    assert.ok(afterCell - idle > 60 * MiB, `resident memory ${(afterCell / MiB).toFixed(0)} MiB after the cell, ${(idle / MiB).toFixed(0)} MiB idle`);
    assert.strictEqual(resultText(await kernel.client.execute('const total: number = [1, 2, 3].reduce((a, b) => a + b);\ntotal')), '6');
  });
});
