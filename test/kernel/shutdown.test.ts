import * as assert from 'assert';
import { cellProcesses } from '../../kernel/cell_processes';
import { JupyterClientDriver, useKernel, Message, resultText, streamText } from './client_driver';

interface BusyShutdown {
  reply: Message;
  replied_s: number;
  exited_s: number | null;
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitGone(pid: number, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    if (!processExists(pid)) return true;
  }
  return !processExists(pid);
}

/** shutdown_request while a cell runs, and the processes cells start, through jupyter_client. */
for (const [title, code] of [
  ['a synchronous endless loop', 'while (true) {}'],
  ['a busy loop after an await', 'await new Promise((resolve) => setTimeout(resolve, 10));\nfor (;;) {}'],
] as const) {
  describe(`kernel shutdown while ${title} runs`, function () {
    this.timeout(60000);
    const kernel = useKernel();

    it('replies and exits within 2 s', async () => {
      const result = await kernel.client.call<BusyShutdown>('shutdown_while_busy', { code, delay: 0.5 });
      assert.deepStrictEqual(result.reply.content, { status: 'ok', restart: false });
      assert.ok(result.replied_s < 2, `replied after ${result.replied_s} s`);
      assert.ok(result.exited_s !== null && result.exited_s < 2, `exited after ${result.exited_s} s`);
    });
  });
}

/** Starts, from a cell, a child the kernel holds and a background orphan a shell leaves in its group; their pids. */
async function startChildren(kernel: { readonly client: JupyterClientDriver }): Promise<[number, number]> {
  const started = await kernel.client.execute([
    'const cp = require("child_process");',
    'const sleeper = cp.spawn("sleep", ["60"]);',
    // The shell exits at once; its background sleep is an orphan in the kernel's process group.
    'const orphan = cp.execSync("sleep 61 > /dev/null 2>&1 & echo $!").toString().trim();',
    'console.log(sleeper.pid, orphan);',
  ].join('\n'));
  const [child, orphan] = streamText(started).trim().split(' ').map(Number);
  assert.ok(child > 0 && orphan > 0, streamText(started));
  assert.ok(processExists(child) && processExists(orphan));
  return [child, orphan];
}

describe('kernel shutdown ends the processes cells started', function () {
  this.timeout(60000);
  const kernel = useKernel();

  it('ends a child a cell awaits, and one a shell left in the background', async () => {
    const [child, orphan] = await startChildren(kernel);
    const result = await kernel.client.call<BusyShutdown>('shutdown_while_busy', { code: 'await new Promise((resolve) => sleeper.on("exit", resolve))', delay: 0.3 });
    assert.ok(result.exited_s !== null && result.exited_s < 2, `exited after ${result.exited_s} s`);
    assert.ok(await waitGone(child, 2000), `the cell's child ${child} still runs`);
    assert.ok(await waitGone(orphan, 2000), `the orphaned background process ${orphan} still runs`);
  });
});

describe('kernel restart ends the processes cells started', function () {
  this.timeout(90000);
  const kernel = useKernel();

  it('ends a cell\'s child and a shell\'s background orphan; the new kernel runs cells', async () => {
    const [child, orphan] = await startChildren(kernel);
    await kernel.client.call('restart');
    assert.ok(await waitGone(child, 2000), `the cell's child ${child} still runs after a restart`);
    assert.ok(await waitGone(orphan, 2000), `the orphaned background process ${orphan} still runs after a restart`);
    assert.strictEqual(resultText(await kernel.client.execute('1+1')), '2');
  });
});

describe('kernel: the processes a kernel answers for', () => {
  const table = [
    { pid: 1, ppid: 0, pgid: 1 },
    { pid: 10, ppid: 1, pgid: 10 },      // the kernel, leading its group
    { pid: 11, ppid: 10, pgid: 10 },     // a cell's child
    { pid: 12, ppid: 11, pgid: 12 },     // its child, in a group of its own
    { pid: 13, ppid: 1, pgid: 10 },      // an orphan a shell left behind, in the kernel's group
    { pid: 20, ppid: 1, pgid: 20 },      // someone else's
    { pid: 21, ppid: 20, pgid: 10 },     // (a stranger's child that joined the group counts too)
  ];

  it('takes descendants, and the group\'s other members when the kernel leads it', () => {
    assert.deepStrictEqual(cellProcesses(10, table).sort((a, b) => a - b), [11, 12, 13, 21]);
  });

  it('takes only descendants when the kernel does not lead its group (its launcher does)', () => {
    const led = table.map((p) => (p.pid === 10 ? { ...p, pgid: 1 } : p));
    assert.deepStrictEqual(cellProcesses(10, led).sort((a, b) => a - b), [11, 12]);
  });
});
