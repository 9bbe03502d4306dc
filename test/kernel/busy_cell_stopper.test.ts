import * as assert from 'assert';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { safeToTerminate } from '../../kernel/protocol/busy_cell_stopper';

/** Which stacks the interrupt may terminate (top frame first), as the inspector reports their script URLs. */
describe('busy cell stopper: stacks safe to terminate', () => {
  const kernelFile = pathToFileURL(path.resolve(__dirname, '../../kernel/protocol/kernel_server.js')).href;
  const libFile = pathToFileURL(path.resolve(__dirname, '../../lib/runtime/session.js')).href;

  it('terminates a cell continuation run by the microtask queue, also inside user modules and the engine', () => {
    assert.strictEqual(safeToTerminate(['scopeflow-cell-3']), true);
    assert.strictEqual(safeToTerminate(['scopeflow-cell-3', 'node:internal/process/task_queues']), true);
    assert.strictEqual(safeToTerminate([libFile, 'scopeflow-cell-3']), true);
    // The cell calling display(): kernel code on top of the cell frame is still the cell's call.
    assert.strictEqual(safeToTerminate([kernelFile, 'scopeflow-cell-3']), true);
  });

  it('leaves Node callbacks and the kernel own code running', () => {
    assert.strictEqual(safeToTerminate(['scopeflow-cell-3', 'node:internal/timers', 'node:internal/timers']), false);
    assert.strictEqual(safeToTerminate(['scopeflow-cell-3', 'node:internal/async_hooks']), false);
    assert.strictEqual(safeToTerminate(['scopeflow-cell-3', kernelFile]), false);
    assert.strictEqual(safeToTerminate([kernelFile]), false);
    assert.strictEqual(safeToTerminate([]), false);
    assert.strictEqual(safeToTerminate(['node:internal/process/task_queues']), false);
  });
});
