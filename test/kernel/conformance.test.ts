import * as assert from 'assert';
import { useKernel, Message, RequestResult, outputsOf, resultText, streamText } from './client_driver';

/**
 * The kernel driven by Debian's jupyter_client (spawned under /usr/bin/python3), one kernel shared
 * by all cases; every message that comes back is checked against the messaging-spec schemas.
 */
describe('kernel conformance through jupyter_client', function () {
  this.timeout(60000);
  const kernel = useKernel();

  function statusSequence(result: RequestResult): string[] {
    return outputsOf(result, 'status').map((m) => String(m.content.execution_state));
  }

  it('answers kernel_info with status, protocol 5.3 and TypeScript language info', async () => {
    const result = await kernel.client.request('kernel_info_request', {});
    assert.strictEqual(result.reply.msg_type, 'kernel_info_reply');
    assert.strictEqual(result.reply.content.status, 'ok');
    assert.strictEqual(result.reply.content.protocol_version, '5.3');
    assert.strictEqual((result.reply.content.language_info as Record<string, unknown>).name, 'typescript');
    // A mode CodeMirror 5 knows (it has no 'typescript' mode), so classic Notebook colours new cells.
    assert.deepStrictEqual((result.reply.content.language_info as Record<string, unknown>).codemirror_mode, { name: 'javascript', typescript: true });
    assert.strictEqual(result.reply.content.implementation, 'scopeflow');
    assert.deepStrictEqual(statusSequence(result), ['busy', 'idle']);
  });

  it('also answers kernel_info on the control channel', async () => {
    const result = await kernel.client.request('kernel_info_request', {}, 'control');
    assert.strictEqual(result.reply.content.status, 'ok');
  });

  it('publishes execute_input and execute_result with the execution count', async () => {
    const result = await kernel.client.execute('1 + 1');
    assert.strictEqual(result.reply.content.status, 'ok');
    const count = result.reply.content.execution_count as number;
    assert.ok(count >= 1);
    const input = outputsOf(result, 'execute_input')[0];
    assert.deepStrictEqual(input.content, { code: '1 + 1', execution_count: count });
    const value = outputsOf(result, 'execute_result')[0];
    assert.strictEqual(value.content.execution_count, count);
    assert.strictEqual(resultText(result), '2');
    assert.deepStrictEqual(statusSequence(result), ['busy', 'idle']);
    const next = await kernel.client.execute('2 + 2');
    assert.strictEqual(next.reply.content.execution_count, count + 1);
  });

  it('does not count or echo silent executions', async () => {
    const before = await kernel.client.execute('0');
    const silent = await kernel.client.execute('console.log("quiet"); 5', { silent: true });
    assert.strictEqual(outputsOf(silent, 'execute_input').length, 0);
    assert.strictEqual(outputsOf(silent, 'execute_result').length, 0);
    assert.strictEqual(silent.reply.content.execution_count, before.reply.content.execution_count);
    const after = await kernel.client.execute('0');
    assert.strictEqual(after.reply.content.execution_count, (before.reply.content.execution_count as number) + 1);
  });

  it('sends console output as stdout and stderr streams', async () => {
    const result = await kernel.client.execute('console.log("out", 1); console.error("err"); process.stdout.write("raw\\n")');
    assert.strictEqual(streamText(result, 'stdout'), 'out 1\nraw\n');
    assert.strictEqual(streamText(result, 'stderr'), 'err\n');
  });

  it('shows tf.print and tf.Print output in the cell: stdout and stderr streams', async () => {
    const result = await kernel.client.execute("const t = tf.range(10); tf.Session((s) => { s.run(tf.print('t:', t, {output_stream: process.stdout})); s.run(tf.print(t)); s.run(tf.Print(t, [t], {message: 'm'})); })");
    assert.strictEqual(result.reply.content.status, 'ok', JSON.stringify(result.reply.content));
    assert.strictEqual(streamText(result, 'stdout'), 't: [0 1 2 ... 7 8 9]\n');
    assert.strictEqual(streamText(result, 'stderr'), '[0 1 2 ... 7 8 9]\nm[0 1 2...]\n');
  });

  it('keeps declarations from one cell to the next, typed', async () => {
    await kernel.client.execute('const greeting: string = "hello"; function twice(n: number) { return n * 2 }');
    assert.strictEqual(resultText(await kernel.client.execute('greeting.toUpperCase() + twice(21)')), "'HELLO42'");
    const wrong = await kernel.client.execute('const n: number = greeting');
    assert.strictEqual(wrong.reply.content.status, 'error');
  });

  it('resolves shorthand properties that name an earlier cell\'s binding', async () => {
    await kernel.client.execute('const earlier = 7;');
    const r = await kernel.client.execute('const holder = {earlier}; function wrap(earlier: number) { return {earlier}; }\nholder.earlier + wrap(1).earlier');
    assert.strictEqual(resultText(r), '8', JSON.stringify(r.reply.content));
  });

  it('preloads tf, typed, with the graph engine behind it', async () => {
    const result = await kernel.client.execute([
      'const three = tf.constant(3);',
      'const sum = tf.add(three, tf.constant(4));',
      'const sess = tf.Session();',
      'sess.run(sum).item()',
    ].join('\n'));
    assert.strictEqual(result.reply.content.status, 'ok', JSON.stringify(result.reply.content));
    assert.strictEqual(resultText(result), '7');
    const typo = await kernel.client.execute('tf.no_such_function_in_tf(1)');
    assert.strictEqual(typo.reply.content.ename, 'TSError');
    assert.match(String(typo.reply.content.evalue), /no_such_function_in_tf/);
  });

  it('reports type errors with ename, evalue and the cell line', async () => {
    const result = await kernel.client.execute('const ok = 1;\nlet s: string = 42;');
    assert.strictEqual(result.reply.content.status, 'error');
    const error = outputsOf(result, 'error')[0];
    assert.strictEqual(error.content.ename, 'TSError');
    assert.match(String(error.content.evalue), /TS2322: Type 'number' is not assignable to type 'string'/);
    assert.match(String(error.content.evalue), /line 2/);
    assert.ok((error.content.traceback as string[]).some((l) => l.includes('let s: string = 42;')));
  });

  it('reports runtime errors with a traceback that points at the TypeScript line', async () => {
    const code = 'interface Point { x: number }\n\nfunction explode(p: Point): number {\n  throw new RangeError(`bad x ${p.x}`);\n}\nexplode({ x: 3 });';
    const result = await kernel.client.execute(code);
    const count = result.reply.content.execution_count;
    assert.strictEqual(result.reply.content.ename, 'RangeError');
    assert.strictEqual(result.reply.content.evalue, 'bad x 3');
    const traceback = (result.reply.content.traceback as string[]).join('\n');
    assert.match(traceback, new RegExp(`at explode \\(cell\\[${count}\\], line 4\\)`), traceback);
    assert.match(traceback, new RegExp(`at cell\\[${count}\\], line 6`), traceback);
  });

  it('reports thrown non-Error values', async () => {
    const result = await kernel.client.execute('throw "just a string"');
    assert.strictEqual(result.reply.content.ename, 'Uncaught');
    assert.strictEqual(result.reply.content.evalue, "'just a string'");
  });

  it('runs top-level await', async () => {
    const result = await kernel.client.execute('const waited = await new Promise<number>((r) => setTimeout(() => r(41), 20));\nwaited + 1');
    assert.strictEqual(resultText(result), '42');
  });

  it('runs top-level await of a parenthesized expression (which TypeScript parses as a call outside async code)', async () => {
    const result = await kernel.client.execute('(globalThis as any).later = Promise.resolve(6);\nconst got = await ((globalThis as any).later as Promise<number>);\nawait (got * 7 as any)');
    assert.strictEqual(result.reply.content.status, 'ok', JSON.stringify(result.reply.content));
    assert.strictEqual(resultText(result), '42');
  });

  it('shows display() output and updates it by display id', async () => {
    const result = await kernel.client.execute([
      'const handle = display({ a: 1 }, { displayId: true });',
      'display.html("<b>bold</b>");',
      'handle.update("second")',
    ].join('\n'));
    const shown = outputsOf(result, 'display_data');
    assert.strictEqual(shown.length, 2);
    assert.strictEqual((shown[0].content.data as Record<string, string>)['text/plain'], '{ a: 1 }');
    assert.strictEqual((shown[1].content.data as Record<string, string>)['text/html'], '<b>bold</b>');
    const displayId = (shown[0].content.transient as Record<string, string>).display_id;
    const updates = outputsOf(result, 'update_display_data');
    assert.strictEqual(updates.length, 1);
    assert.strictEqual((updates[0].content.transient as Record<string, string>).display_id, displayId);
    assert.strictEqual((updates[0].content.data as Record<string, string>)['text/plain'], "'second'");
    assert.strictEqual(outputsOf(result, 'execute_result').length, 0, 'display() leaves no cell value');
  });

  it('renders values through Symbol.for("Jupyter.display") with several MIME types', async () => {
    const result = await kernel.client.execute('({ [Symbol.for("Jupyter.display")]() { return { "text/html": "<i>rich</i>", "text/markdown": "*rich*", "text/plain": "rich" }; } })');
    const data = outputsOf(result, 'execute_result')[0].content.data as Record<string, string>;
    assert.deepStrictEqual(data, { 'text/html': '<i>rich</i>', 'text/markdown': '*rich*', 'text/plain': 'rich' });
  });

  it('uses a class instance\'s own toString for text/plain', async () => {
    const result = await kernel.client.execute('class Money { constructor(private cents: number) {} toString() { return `$${this.cents / 100}`; } }\nnew Money(250)');
    assert.strictEqual(resultText(result), '$2.5');
  });

  it('gives engine objects a useful text/plain', async () => {
    const result = await kernel.client.execute('tf.constant([1, 2, 3])');
    const text = resultText(result) ?? '';
    assert.match(text, /Const/);
  });

  it('aborts queued executions after an error when stop_on_error is set', async () => {
    const run = await kernel.client.call<{ replies: Message[]; iopubs: Message[][] }>('execute_many', {
      codes: ['throw new Error("first fails")', 'globalThis.ranAfterError = true', '3'],
    });
    assert.deepStrictEqual(run.replies.map((r) => r.content.status), ['error', 'aborted', 'aborted']);
    const check = await kernel.client.execute('typeof (globalThis as any).ranAfterError');
    assert.strictEqual(resultText(check), "'undefined'");
  });

  it('keeps running queued executions when stop_on_error is false', async () => {
    const run = await kernel.client.call<{ replies: Message[] }>('execute_many', {
      codes: ['throw new Error("tolerated")', '3'], stop_on_error: false,
    });
    assert.deepStrictEqual(run.replies.map((r) => r.content.status), ['error', 'ok']);
  });

  it('evaluates user_expressions', async () => {
    const result = await kernel.client.execute('const base = 10', { user_expressions: { doubled: 'base * 2', broken: 'base.nope()' } });
    const expressions = result.reply.content.user_expressions as Record<string, Record<string, unknown>>;
    assert.strictEqual(expressions.doubled.status, 'ok');
    assert.strictEqual((expressions.doubled.data as Record<string, string>)['text/plain'], '20');
    assert.strictEqual(expressions.broken.status, 'error');
  });

  it('completes members of tf and of user values', async () => {
    const tfMembers = await kernel.client.request('complete_request', { code: 'tf.con', cursor_pos: 6 });
    assert.ok((tfMembers.reply.content.matches as string[]).includes('constant'), JSON.stringify(tfMembers.reply.content));
    assert.strictEqual(tfMembers.reply.content.cursor_start, 3);
    assert.strictEqual(tfMembers.reply.content.cursor_end, 6);
    await kernel.client.execute('const completionTarget = { alphaBeta: 1, alphaGamma: 2 }');
    const members = await kernel.client.request('complete_request', { code: 'completionTarget.alpha', cursor_pos: 22 });
    assert.deepStrictEqual([...(members.reply.content.matches as string[])].sort(), ['alphaBeta', 'alphaGamma']);
  });

  it('inspects signatures and documentation', async () => {
    await kernel.client.execute('/** Adds one to a number. */\nfunction addOne(x: number): number { return x + 1 }');
    const result = await kernel.client.request('inspect_request', { code: 'addOne', cursor_pos: 6, detail_level: 0 });
    assert.strictEqual(result.reply.content.found, true);
    const text = (result.reply.content.data as Record<string, string>)['text/plain'];
    assert.match(text, /function addOne\(x: number\): number/);
    assert.match(text, /Adds one to a number/);
    const tfResult = await kernel.client.request('inspect_request', { code: 'tf.constant', cursor_pos: 11, detail_level: 0 });
    assert.strictEqual(tfResult.reply.content.found, true);
    assert.match((tfResult.reply.content.data as Record<string, string>)['text/plain'], /constant/);
    const nothing = await kernel.client.request('inspect_request', { code: '   ', cursor_pos: 1, detail_level: 0 });
    assert.strictEqual(nothing.reply.content.found, false);
  });

  it('tells complete, incomplete and invalid code apart', async () => {
    const status = async (code: string) => (await kernel.client.request('is_complete_request', { code })).reply.content;
    assert.deepStrictEqual(await status('const a = 1'), { status: 'complete' });
    const open = await status('function f() {');
    assert.strictEqual(open.status, 'incomplete');
    assert.strictEqual(typeof open.indent, 'string');
    assert.strictEqual((await status('const t = `unterminated ${1}')).status, 'incomplete');
    assert.strictEqual((await status('/* open comment')).status, 'incomplete');
    assert.strictEqual((await status('const = = 3;')).status, 'invalid');
    assert.strictEqual((await status('let x = 1 +* 2')).status, 'invalid');
  });

  it('answers history requests: tail, range and search', async () => {
    const marker = await kernel.client.execute('"history marker"');
    const count = marker.reply.content.execution_count as number;
    const tail = await kernel.client.request('history_request', { hist_access_type: 'tail', n: 1, output: false, raw: true });
    assert.strictEqual(tail.reply.msg_type, 'history_reply');
    assert.deepStrictEqual(tail.reply.content.history, [[1, count, '"history marker"']]);
    const range = await kernel.client.request('history_request', { hist_access_type: 'range', session: 0, start: count, stop: count + 1, output: true, raw: true });
    assert.deepStrictEqual(range.reply.content.history, [[1, count, ['"history marker"', "'history marker'"]]]);
    const search = await kernel.client.request('history_request', { hist_access_type: 'search', pattern: '*history marker*', output: false, raw: true, unique: true });
    assert.deepStrictEqual((search.reply.content.history as unknown[][]).map((h) => h[2]), ['"history marker"']);
  });

  it('opens, messages and closes comms through a registered target', async () => {
    await kernel.client.execute([
      'comms.registerTarget("echo-target", (comm, data) => {',
      '  comm.send({ opened: data.greeting ?? null });',
      '  comm.onMsg((msg) => comm.send({ echo: msg }));',
      '  comm.onClose(() => console.log("closed by front end"));',
      '});',
    ].join('\n'));
    const commId = 'comm-1';
    const open = await kernel.client.call<RequestResult>('request', { msg_type: 'comm_open', content: { comm_id: commId, target_name: 'echo-target', data: { greeting: 'hi' } }, expect_reply: false });
    assert.deepStrictEqual(outputsOf(open, 'comm_msg').map((m) => m.content.data), [{ opened: 'hi' }]);
    const info = await kernel.client.request('comm_info_request', { target_name: 'echo-target' });
    assert.strictEqual(info.reply.msg_type, 'comm_info_reply');
    assert.deepStrictEqual(info.reply.content.comms, { [commId]: { target_name: 'echo-target' } });
    const msg = await kernel.client.call<RequestResult>('request', { msg_type: 'comm_msg', content: { comm_id: commId, data: { n: 7 } }, expect_reply: false });
    assert.deepStrictEqual(outputsOf(msg, 'comm_msg').map((m) => m.content.data), [{ echo: { n: 7 } }]);
    const close = await kernel.client.call<RequestResult>('request', { msg_type: 'comm_close', content: { comm_id: commId, data: {} }, expect_reply: false });
    assert.strictEqual(streamText(close), 'closed by front end\n');
    const after = await kernel.client.request('comm_info_request', {});
    assert.deepStrictEqual(after.reply.content.comms, {});
    const unknown = await kernel.client.call<RequestResult>('request', { msg_type: 'comm_open', content: { comm_id: 'comm-2', target_name: 'nobody', data: {} }, expect_reply: false });
    assert.deepStrictEqual(outputsOf(unknown, 'comm_close').map((m) => m.content.comm_id), ['comm-2']);
  });

  it('does not execute messages with a forged, missing or replayed signature', async () => {
    const header = (await kernel.client.call<{ json: string }>('header', { msg_type: 'execute_request' })).json;
    const content = JSON.stringify({ code: '(globalThis as any).forgedRan = ((globalThis as any).forgedRan ?? 0) + 1', silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true });
    await kernel.client.call('raw_message', { header, content, signature: 'forged' });
    await kernel.client.call('raw_message', { header, content, signature: 'none' });
    const forgedReplies = await kernel.client.call<{ replies: Message[] }>('collect_replies', { timeout: 1.0 });
    assert.deepStrictEqual(forgedReplies.replies, []);
    assert.strictEqual(resultText(await kernel.client.execute('String((globalThis as any).forgedRan)')), "'undefined'");
    // The same frames signed with the real key run once; sent again (a replay) they are dropped.
    await kernel.client.call('raw_message', { header, content, signature: 'valid' });
    await kernel.client.call('raw_message', { header, content, signature: 'valid' });
    const replies = await kernel.client.call<{ replies: Message[] }>('collect_replies', { timeout: 1.5 });
    assert.strictEqual(replies.replies.filter((r) => r.msg_type === 'execute_reply').length, 1);
    assert.strictEqual(resultText(await kernel.client.execute('String((globalThis as any).forgedRan)')), "'1'");
  });

  it('interrupts an endless loop through interrupt_request on the control channel', async () => {
    const result = await kernel.client.call<RequestResult & { stopped_s: number; interrupt_reply: Message }>('interrupt', { code: 'while (true) {}', mode: 'message' });
    assert.strictEqual(result.interrupt_reply.msg_type, 'interrupt_reply');
    assert.strictEqual(result.reply.content.status, 'error');
    assert.strictEqual(result.reply.content.ename, 'KeyboardInterrupt');
    assert.ok(result.stopped_s < 1, `stopped after ${result.stopped_s}s`);
    assert.strictEqual(resultText(await kernel.client.execute('"alive"')), "'alive'");
  });

  it('interrupts an endless loop through SIGINT', async () => {
    const result = await kernel.client.call<RequestResult & { stopped_s: number }>('interrupt', { code: 'let spins = 0;\nfor (;;) { spins++; }', mode: 'signal' });
    assert.strictEqual(result.reply.content.ename, 'KeyboardInterrupt');
    assert.ok(result.stopped_s < 1, `stopped after ${result.stopped_s}s`);
    assert.strictEqual(resultText(await kernel.client.execute('"alive"')), "'alive'");
  });

  it('interrupts sess.run of an endless tf.while_loop, and the session runs again after', async () => {
    await kernel.client.execute('const loopSess = new tf.Session();\nconst endless = tf.while_loop((i) => tf.constant(true), (i) => i.add(1), [tf.constant(0)]);\nconst finite = tf.while_loop((i) => tf.less(i, 5), (i) => i.add(1), [tf.constant(0)]);');
    const result = await kernel.client.call<RequestResult & { stopped_s: number }>('interrupt', { code: 'loopSess.run(endless)', mode: 'message' });
    assert.strictEqual(result.reply.content.ename, 'KeyboardInterrupt', JSON.stringify(result.reply.content));
    assert.ok(result.stopped_s < 1.5, `stopped after ${result.stopped_s}s`);
    assert.strictEqual(resultText(await kernel.client.execute('loopSess.run(finite).item()')), '5');
  });

  it('interrupts a cell awaiting a promise that never settles', async () => {
    const result = await kernel.client.call<RequestResult & { stopped_s: number }>('interrupt', { code: 'await new Promise(() => {})', mode: 'message' });
    assert.strictEqual(result.reply.content.ename, 'KeyboardInterrupt');
    assert.ok(result.stopped_s < 1, `stopped after ${result.stopped_s}s`);
  });

  it('interrupts a busy loop that runs after an await, and the kernel carries on', async () => {
    const code = 'await new Promise((resolve) => setTimeout(resolve, 10));\nlet laps = 0;\nfor (;;) { laps++; }';
    const result = await kernel.client.call<RequestResult & { stopped_s: number; interrupt_reply: Message }>('interrupt', { code, mode: 'message' });
    assert.strictEqual(result.interrupt_reply.content.status, 'ok');
    assert.strictEqual(result.reply.content.ename, 'KeyboardInterrupt', JSON.stringify(result.reply.content));
    assert.ok(result.stopped_s < 1.5, `stopped after ${result.stopped_s}s`);
    assert.strictEqual(outputsOf(result, 'error')[0]?.content.ename, 'KeyboardInterrupt');
    // Timers, promises, output and top-level await all still work afterwards.
    const after = await kernel.client.execute('console.log("still here");\nawait new Promise<number>((resolve) => setTimeout(() => resolve(5), 5)) + await Promise.resolve(1)');
    assert.strictEqual(after.reply.content.status, 'ok', JSON.stringify(after.reply.content));
    assert.strictEqual(streamText(after), 'still here\n');
    assert.strictEqual(resultText(after), '6');
  });

  it('survives an interrupt during a busy timer callback, which ends the cell once the callback returns', async () => {
    // Node cannot unwind its own timer machinery safely, so this callback is left to finish (1.5 s).
    const code = 'await new Promise<void>((resolve) => setTimeout(() => { const end = Date.now() + 1500; while (Date.now() < end) {} }, 10))';
    const result = await kernel.client.call<RequestResult & { stopped_s: number }>('interrupt', { code, mode: 'manager' });
    assert.strictEqual(result.reply.content.ename, 'KeyboardInterrupt', JSON.stringify(result.reply.content));
    assert.ok(result.stopped_s < 3, `stopped after ${result.stopped_s}s`);
    assert.strictEqual(resultText(await kernel.client.execute('"alive"')), "'alive'");
    // A later cell that awaits and then loops for a while (no interrupt) still finishes normally.
    const finite = await kernel.client.execute('await null;\nlet total = 0;\nfor (let i = 0; i < 1e6; i++) total += i;\ntotal');
    assert.strictEqual(resultText(finite), '499999500000');
  });

  it('restarts with a fresh process, fresh cells and a fresh default graph', async () => {
    await kernel.client.execute('const beforeRestart = 1; tf.constant(1, { name: "before_restart" })');
    const restart = await kernel.client.call<{ old_pid: number; new_pid: number }>('restart');
    assert.notStrictEqual(restart.new_pid, restart.old_pid);
    const gone = await kernel.client.execute('beforeRestart');
    assert.strictEqual(gone.reply.content.ename, 'TSError', JSON.stringify(gone.reply.content));
    const fresh = await kernel.client.execute('tf.get_default_graph().get_operations().length');
    assert.strictEqual(resultText(fresh), '0');
    assert.strictEqual(gone.reply.content.execution_count, 1, 'execution counts start again at 1');
  });

  it('shuts down on request and the process exits', async () => {
    const result = await kernel.client.request('shutdown_request', { restart: false }, 'control');
    assert.deepStrictEqual(result.reply.content, { status: 'ok', restart: false });
    let alive = true;
    for (let i = 0; i < 50 && alive; i++) {
      alive = (await kernel.client.call<{ alive: boolean }>('is_alive')).alive;
      if (alive) await new Promise((r) => setTimeout(r, 100));
    }
    assert.strictEqual(alive, false);
  });
});
