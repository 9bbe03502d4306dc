import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { addonPath } from '../../lib/kernels/native/addon';
import { useKernel, RequestResult, outputsOf, resultText, streamText } from './client_driver';

/** The kernel outlives every cell: throws of any value from any callback, and messages JSON cannot hold. */
describe('kernel survival: stray throws and unsendable outputs', function () {
  this.timeout(120000);
  const kernel = useKernel();

  async function run(code: string): Promise<RequestResult> {
    const result = await kernel.client.execute(code, { stop_on_error: false });
    return result;
  }

  async function stillAlive(): Promise<void> {
    const result = await run('1+1');
    assert.strictEqual(result.reply.content.status, 'ok', JSON.stringify(result.reply.content));
    assert.strictEqual(resultText(result), '2');
  }

  function errorsOf(result: RequestResult): { ename: string; evalue: string; traceback: string[] }[] {
    return outputsOf(result, 'error').map((m) => m.content as unknown as { ename: string; evalue: string; traceback: string[] });
  }

  const pause = 'await new Promise((resolve) => setTimeout(resolve, 200));';

  it('reports undefined, null and a hostile Proxy thrown in a timer to the cell that set it, which goes on', async () => {
    const hostile = 'new Proxy({}, { get() { throw new Error("no reading") }, getPrototypeOf() { throw new Error("no prototype") } })';
    for (const [thrown, evalue] of [['undefined', /undefined/], ['null', /null/], [hostile, /cannot be shown/]] as const) {
      const result = await run(`setTimeout(() => { throw ${thrown} }, 0);\n${pause}\n"after"`);
      assert.strictEqual(result.reply.content.status, 'ok', `${thrown}: ${JSON.stringify(result.reply.content)}`);
      assert.strictEqual(resultText(result), "'after'");
      const [error] = errorsOf(result);
      assert.ok(error, `${thrown}: no error output`);
      assert.match(error.evalue, evalue);
      assert.match(error.traceback[0], /^Uncaught in a callback \(the cell goes on\):$/);
      await stillAlive();
    }
  });

  it('reports rejections nobody handled, emitter errors and errors in I/O callbacks with name, value and traceback', async () => {
    const cases = [
      ['Promise.reject(new RangeError("not awaited"))', 'RangeError', /not awaited/, /promise rejection nobody handled \(the cell goes on\)/],
      ['(async () => { throw null })()', 'Uncaught', /null/, /promise rejection nobody handled \(the cell goes on\)/],
      ["const emitter = new (require(\"events\").EventEmitter)(); setTimeout(() => emitter.emit(\"error\", new Error(\"emitted\")), 0)", 'Error', /emitted/, /^Uncaught in a callback \(the cell goes on\)/],
      ['require("fs").readFile("/no/such/file", () => { throw new TypeError("in a callback") })', 'TypeError', /in a callback/, /^Uncaught in a callback \(the cell goes on\)/],
    ] as const;
    for (const [code, ename, evalue, note] of cases) {
      const result = await run(`${code};\n${pause}`);
      const errors = errorsOf(result);
      assert.ok(errors.length > 0, `${code}: no error output (${result.reply.content.status})`);
      const error = errors[errors.length - 1];
      assert.strictEqual(error.ename, ename, `${code}: ${JSON.stringify(error)}`);
      assert.match(error.evalue, evalue, code);
      assert.match(error.traceback.join('\n'), note, code);
      await stillAlive();
    }
  });

  it('reports an earlier cell\'s late callback in the cell running now, naming the cell it came from', async () => {
    const first = await run('setTimeout(() => { throw new Error("late throw") }, 300); "scheduled"');
    const count = first.reply.content.execution_count as number;
    const second = await run('await new Promise((resolve) => setTimeout(resolve, 800)); "waited"');
    assert.strictEqual(second.reply.content.status, 'ok');
    const [error] = errorsOf(second);
    assert.ok(error, 'no error output in the running cell');
    assert.strictEqual(error.evalue, 'late throw');
    assert.strictEqual(error.traceback[0], `Uncaught in a callback of cell[${count}], shown in the cell running now:`);
  });

  it('names the earlier cell whose timer, promise or event emitter threw a value that is not an Error', async () => {
    const cases = [
      ['setTimeout(() => { throw undefined }, 300); "scheduled"', 'a callback', /undefined/],
      ['const ticker = new (require("events").EventEmitter)(); ticker.on("tick", () => { throw null }); setTimeout(() => ticker.emit("tick"), 300); "armed"', 'a callback', /null/],
      ['const lateRejection = new Promise<never>((_, reject) => setTimeout(() => reject(undefined), 300)); "made"', 'a promise rejection nobody handled', /undefined/],
      ['(async () => { await new Promise((resolve) => setTimeout(resolve, 300)); throw undefined })(); "started"', 'a promise rejection nobody handled', /undefined/],
      ['queueMicrotask(() => setImmediate(() => setTimeout(() => { throw undefined }, 300))); "queued"', 'a callback', /undefined/],
    ] as const;
    for (const [code, source, evalue] of cases) {
      const first = await run(code);
      assert.strictEqual(first.reply.content.status, 'ok', `${code}: ${JSON.stringify(first.reply.content)}`);
      const count = first.reply.content.execution_count as number;
      const second = await run('await new Promise((resolve) => setTimeout(resolve, 800)); "waited"');
      assert.strictEqual(resultText(second), "'waited'");
      const [error] = errorsOf(second);
      assert.ok(error, `${code}: no error output in the running cell`);
      assert.match(error.evalue, evalue, code);
      assert.strictEqual(error.traceback[0], `Uncaught in ${source} of cell[${count}], shown in the cell running now:`, code);
      await stillAlive();
    }
  });

  it('reports a callback that throws after its cell finished, while no cell runs, to that cell', async () => {
    const first = await run('setTimeout(() => { throw new Error("after the cell") }, 300); "scheduled"');
    const count = first.reply.content.execution_count as number;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    // The next cell's messages are read past the late error, which is kept under the first cell's request.
    await stillAlive();
    const late = await kernel.client.call<RequestResult['iopub']>('late_iopub', { parent_id: first.reply.parent_msg_id });
    const error = late.find((m) => m.msg_type === 'error');
    assert.ok(error, `no late error under cell[${count}]: ${JSON.stringify(late).slice(0, 400)}`);
    assert.strictEqual(error.content.evalue, 'after the cell');
    assert.strictEqual((error.content.traceback as string[])[0], `Uncaught in a callback of cell[${count}], after that cell finished:`);
  });

  it('reports a comm handler that throws to the cell running now, and the kernel goes on', async () => {
    await run('comms.registerTarget("thrower", () => { throw new TypeError("handler broke") });');
    const cellId = await kernel.client.call<string>('send', { channel: 'shell', msg_type: 'execute_request', content: {
      code: 'await new Promise((resolve) => setTimeout(resolve, 1500)); "waited"', silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: false } });
    await new Promise((resolve) => setTimeout(resolve, 500));
    // On control, the comm message is handled while the cell awaits.
    await kernel.client.call('request', { msg_type: 'comm_open', content: { comm_id: 'c-1', target_name: 'thrower', data: {} }, channel: 'control', expect_reply: false });
    await kernel.client.call('reply_for', { channel: 'shell', msg_id: cellId, timeout: 30 });
    const iopub = await kernel.client.call<RequestResult['iopub']>('drain_iopub', { parent_id: cellId, timeout: 30 });
    const error = iopub.find((m) => m.msg_type === 'error');
    assert.ok(error, JSON.stringify(iopub).slice(0, 600));
    assert.strictEqual(error.content.ename, 'TypeError');
    assert.strictEqual(error.content.evalue, 'handler broke');
    assert.match((error.content.traceback as string[])[0], /^Uncaught in a comm_open handler of cell\[\d+\], shown in the cell running now:$/);
    await stillAlive();
  });

  it('turns outputs JSON cannot hold (circular metadata, a BigInt in a raw bundle) into error outputs', async () => {
    const circular = await run('const meta: Record<string, unknown> = {}; meta.self = meta;\ndisplay("shown", { metadata: meta });\n"went on"');
    assert.strictEqual(circular.reply.content.status, 'ok', JSON.stringify(circular.reply.content));
    assert.strictEqual(resultText(circular), "'went on'");
    const [error] = errorsOf(circular);
    assert.ok(error, 'no error output for circular metadata');
    assert.strictEqual(error.ename, 'MessageEncodingError');
    assert.match(error.evalue, /metadata .*display_data.*circular|content of a display_data message cannot be sent as JSON: .*circular/i);
    await stillAlive();

    const bigint = await run('display({ "text/plain": "big", "application/json": { n: 10n } }, { raw: true })');
    const [bigError] = errorsOf(bigint);
    assert.ok(bigError, 'no error output for a BigInt');
    assert.match(bigError.evalue, /content of a display_data message cannot be sent as JSON: .*BigInt/);
    await stillAlive();
    const notText = await run('display.html(123 as unknown as string)');
    assert.strictEqual(notText.reply.content.ename, 'TypeError');
    assert.match(String(notText.reply.content.evalue), /the "text\/html" data of a MIME bundle must be a string, got number/);
    const htmlOnly = await run('display({ "text/html": "<b>bold</b>" }, { raw: true })');
    const shown = outputsOf(htmlOnly, 'display_data')[0]?.content.data as Record<string, unknown> | undefined;
    assert.deepStrictEqual(shown, { 'text/html': '<b>bold</b>', 'text/plain': '<text/html output>' });
    const result = await run('({ [Symbol.for("Jupyter.display")]() { return { "text/plain": "x", "application/json": { n: 1n } } } })');
    assert.match(errorsOf(result)[0]?.evalue ?? '', /execute_result .*BigInt/);
    await stillAlive();
  });
});

describe('kernel survival: a cell that exhausts the JavaScript heap', function () {
  this.timeout(180000);
  const kernel = useKernel({ SCOPEFLOW_MEMORY_LIMIT: '600MiB' });

  it('ends with ResourceExhaustedError, drops the cell\'s bindings, and the kernel and earlier variables live on', async function () {
    // The guard is native and optional (`node native/build.js`); without it the kernel runs, unguarded.
    if (!fs.existsSync(path.join(path.dirname(addonPath()), 'scopeflow_heap.node'))) this.skip();
    const kept = await kernel.client.execute('const keptBefore = [1, 2, 3];');
    assert.strictEqual(kept.reply.content.status, 'ok');
    for (let round = 0; round < 2; round++) {
      const result = await kernel.client.execute(`const hog${round}: number[][] = [];\nwhile (true) hog${round}.push(new Array(1e6).fill(1));`, { stop_on_error: false });
      assert.strictEqual(result.reply.content.status, 'error', JSON.stringify(result.reply.content).slice(0, 400));
      assert.strictEqual(result.reply.content.ename, 'ResourceExhaustedError');
      assert.match(String(result.reply.content.evalue), /^the cell used more than 600 MiB of JavaScript heap/);
      const after = await kernel.client.execute('[keptBefore.length, 1 + 1]');
      assert.strictEqual(resultText(after), '[ 3, 2 ]');
      const dropped = await kernel.client.execute(`hog${round}.length`, { stop_on_error: false });
      assert.match(String(dropped.reply.content.evalue), new RegExp(`Cannot find name 'hog${round}'`));
    }
    const heap = await kernel.client.execute('process.memoryUsage().heapUsed < 300 * 2 ** 20');
    assert.strictEqual(resultText(heap), 'true');
  });

  it('ends a cell that allocates without end after an await (a continuation no SIGINT breaks) the same way', async function () {
    if (!fs.existsSync(path.join(path.dirname(addonPath()), 'scopeflow_heap.node'))) this.skip();
    const kept = await kernel.client.execute('const keptAcrossAwait = "still here";');
    assert.strictEqual(kept.reply.content.status, 'ok');
    for (let round = 0; round < 2; round++) {
      const result = await kernel.client.execute(
        `await new Promise((resolve) => setTimeout(resolve, 10));\nconst late${round}: number[][] = [];\nwhile (true) late${round}.push(new Array(1e6).fill(1));`,
        { stop_on_error: false, timeout: 120 });
      assert.strictEqual(result.reply.content.status, 'error', JSON.stringify(result.reply.content).slice(0, 400));
      assert.strictEqual(result.reply.content.ename, 'ResourceExhaustedError');
      assert.match(String(result.reply.content.evalue), /^the cell used more than 600 MiB of JavaScript heap/);
      const after = await kernel.client.execute('[keptAcrossAwait, 1 + 1]');
      assert.strictEqual(resultText(after), "[ 'still here', 2 ]");
    }
    const heap = await kernel.client.execute('process.memoryUsage().heapUsed < 300 * 2 ** 20');
    assert.strictEqual(resultText(heap), 'true');
  });
  it('ends a timer, an interval, a microtask or a promise callback that allocates without end with ResourceExhaustedError; the kernel lives on', async function () {
    if (!fs.existsSync(path.join(path.dirname(addonPath()), 'scopeflow_heap.node'))) this.skip();
    const kept = await kernel.client.execute('const keptAcrossCallbacks = "still here";');
    assert.strictEqual(kept.reply.content.status, 'ok');
    const hog = '() => { const hog: number[][] = []; while (true) hog.push(new Array(1e6).fill(1)); }';
    const pause = 'await new Promise((resolve) => setTimeout(resolve, 50));';
    const cases = [
      [`setTimeout(${hog}, 0);\n${pause}\n"went on"`, "'went on'", /^a setTimeout callback of cell\[(\d+)\] used more than 600 MiB of JavaScript heap/, /^Uncaught in a callback \(the cell goes on\):$/],
      [`let ticks = 0;\nsetInterval(() => { ticks++; (${hog})(); }, 10);\n${pause}\n${pause}\nawait new Promise((resolve) => setTimeout(resolve, 300));\nticks`, '1',
        /^a setInterval callback of cell\[(\d+)\] \(its interval was cleared\) used more than 600 MiB/, /^Uncaught in a callback \(the cell goes on\):$/],
      [`setImmediate(${hog});\n${pause}\n"went on"`, "'went on'", /^a setImmediate callback of cell\[(\d+)\] used more than 600 MiB/, /^Uncaught in a callback \(the cell goes on\):$/],
      [`queueMicrotask(${hog});\n${pause}\n"went on"`, "'went on'", /^a queueMicrotask callback of cell\[(\d+)\] used more than 600 MiB/, /^Uncaught in a callback \(the cell goes on\):$/],
      [`Promise.resolve().then(${hog});\n${pause}\n"went on"`, "'went on'", /^a promise callback of cell\[(\d+)\] used more than 600 MiB/, /^Uncaught in a promise rejection nobody handled \(the cell goes on\):$/],
    ] as const;
    for (const [code, result, evalue, note] of cases) {
      const ran = await kernel.client.execute(code, { stop_on_error: false, timeout: 120 });
      assert.strictEqual(ran.reply.content.status, 'ok', `${code}: ${JSON.stringify(ran.reply.content).slice(0, 400)}`);
      assert.strictEqual(resultText(ran), result, code);
      const errors = outputsOf(ran, 'error').map((m) => m.content as unknown as { ename: string; evalue: string; traceback: string[] });
      assert.strictEqual(errors.length, 1, `${code}: ${JSON.stringify(errors).slice(0, 600)}`);
      assert.strictEqual(errors[0].ename, 'ResourceExhaustedError', code);
      assert.match(errors[0].evalue, evalue, code);
      assert.strictEqual(Number(evalue.exec(errors[0].evalue)?.[1]), ran.reply.content.execution_count, code);
      assert.match(errors[0].traceback[0], note, code);
      const after = await kernel.client.execute('[keptAcrossCallbacks, 1 + 1]');
      assert.strictEqual(resultText(after), "[ 'still here', 2 ]", code);
    }
    // A reaction that exhausts the heap rejects its promise: the cell may catch it.
    const caught = await kernel.client.execute(`await Promise.resolve().then(${hog}).catch((e: Error) => e.name)`, { timeout: 120 });
    assert.strictEqual(resultText(caught), "'ResourceExhaustedError'");
    // A timer of a cell that has finished: reported under that cell (or, if the next cell came first, in it).
    const scheduled = await kernel.client.execute(`setTimeout(${hog}, 0);\n"scheduled"`);
    assert.strictEqual(resultText(scheduled), "'scheduled'");
    const next = await kernel.client.execute('await new Promise((resolve) => setTimeout(resolve, 300));\n[keptAcrossCallbacks, 1 + 1]', { timeout: 120 });
    assert.strictEqual(resultText(next), "[ 'still here', 2 ]");
    const late = await kernel.client.call<RequestResult['iopub']>('late_iopub', { parent_id: scheduled.reply.parent_msg_id });
    const error = [...late, ...next.iopub].find((m) => m.msg_type === 'error');
    assert.ok(error, 'no ResourceExhaustedError for the finished cell\'s timer');
    assert.strictEqual(error.content.ename, 'ResourceExhaustedError');
    assert.match(String(error.content.evalue), new RegExp(`^a setTimeout callback of cell\\[${String(scheduled.reply.content.execution_count)}\\] used more than 600 MiB`));
    const heap = await kernel.client.execute('process.memoryUsage().heapUsed < 300 * 2 ** 20');
    assert.strictEqual(resultText(heap), 'true');
  });
});

/** A cell printing the V8 heap in use (bytes) after a full garbage collection. */
const HEAP_AFTER_GC = [
  'const gcHost = globalThis as { testGc?: () => void };',
  'if (!gcHost.testGc) { require("v8").setFlagsFromString("--expose-gc"); gcHost.testGc = require("vm").runInNewContext("gc") as () => void; }',
  'gcHost.testGc(); gcHost.testGc();',
  'console.log(process.memoryUsage().heapUsed);',
].join('\n');

describe('kernel memory: what a cell leaves behind', function () {
  this.timeout(300000);
  const kernel = useKernel();

  async function heapAfterGc(): Promise<number> {
    return Number(streamText(await kernel.client.execute(HEAP_AFTER_GC, { timeout: 120 })).trim());
  }

  it('keeps no earlier cell\'s graph: re-running a small-graph cell does not grow the heap', async () => {
    // Each run replaces the graph and the bindings w, b, y; what the previous run built is garbage.
    const cell = [
      'tf.reset_default_graph();',
      'const w = tf.Variable(tf.random_normal([20, 20]), { name: "w" });',
      'const b = tf.Variable(tf.zeros([20]), { name: "b" });',
      'const y = tf.add(tf.matmul(tf.ones([4, 20]), w), b);',
      'tf.Session((s) => { s.run(tf.global_variables_initializer()); return s.run(y).shape; })',
    ].join('\n');
    for (let i = 0; i < 20; i++) await kernel.client.execute(cell);
    const before = await heapAfterGc();
    const runs = 120;
    for (let i = 0; i < runs; i++) {
      const result = await kernel.client.execute(cell);
      assert.strictEqual(result.reply.content.status, 'ok', JSON.stringify(result.reply.content).slice(0, 300));
    }
    const perCell = (await heapAfterGc() - before) / runs;
    // A run's graph with its tensors and stack traces is about 60 KB; the history of a run is a few hundred bytes.
    // Half a graph is the bound: on a loaded machine V8's own code and feedback caches add noise of up to ~25 KB per cell.
    assert.ok(perCell < 30000, `${perCell.toFixed(0)} bytes of heap kept per cell`);
  });
});

describe('kernel memory: a dropped big tensor', function () {
  this.timeout(300000);
  const kernel = useKernel();

  /** RSS in bytes, read by a cell (after the previous cell's garbage collection). */
  async function rss(): Promise<number> {
    return Number(streamText(await kernel.client.execute('console.log(process.memoryUsage().rss)', { timeout: 120 })).trim());
  }

  it('gives a 400 MB value\'s memory back once its last binding is dropped', async function () {
    // The kernel's end-of-cell collection goes through the native heap guard (`node native/build.js`).
    if (!fs.existsSync(path.join(path.dirname(addonPath()), 'scopeflow_heap.node'))) this.skip();
    const setup = await kernel.client.execute('const bigSession = tf.Session(); const bigOnes = tf.ones([10000, 10000]);');
    assert.strictEqual(setup.reply.content.status, 'ok', JSON.stringify(setup.reply.content).slice(0, 300));
    const before = await rss();
    const made = await kernel.client.execute('let big = bigSession.run(bigOnes); [big.shape, big.data[12345]]', { timeout: 120 });
    assert.strictEqual(resultText(made), '[ [ 10000, 10000 ], 1 ]');
    const held = await rss();
    assert.ok(held - before > 300 * 2 ** 20, `holding the value only took ${((held - before) / 2 ** 20).toFixed(0)} MiB`);
    const dropped = await kernel.client.execute('big = null;');
    assert.strictEqual(dropped.reply.content.status, 'ok');
    const after = await rss();
    assert.ok(after - before < 150 * 2 ** 20, `${((after - before) / 2 ** 20).toFixed(0)} MiB still held after dropping the value (held ${((held - before) / 2 ** 20).toFixed(0)} MiB)`);
  });
});
