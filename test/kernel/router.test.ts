import * as assert from 'assert';
import { CommManager } from '../../kernel/comm/comm_manager';
import { activeOutput } from '../../kernel/interpreter/active_output';
import { display, input } from '../../kernel/interpreter/cell_runtime';
import type {
  CompleteResult, ExecuteOutcome, ExecuteRequest, InspectResult, Interpreter, IsCompleteResult, OutputSink,
} from '../../kernel/interpreter/interpreter';
import { KernelServer } from '../../kernel/protocol/kernel_server';
import type { JsonObject, JupyterMessage, MessageHeader, OutgoingMessage, RequestChannel } from '../../kernel/protocol/messages';
import { answerOnIoThread, ioThreadHandlers } from '../../kernel/protocol/io_requests';
import type { MessageTransport, RoutedEvent } from '../../kernel/protocol/router';
import { MESSAGE_ROUTES, MainThreadType, MessageRoute, RoutedType } from '../../kernel/protocol/routing';

/** The main thread's end of the I/O thread without sockets: what the kernel sends is recorded, requests are delivered by hand. */
class FakeTransport implements MessageTransport {
  readonly sent: OutgoingMessage[] = [];
  /** Events the I/O thread has posted but the event loop has not delivered yet (drainQueued takes them). */
  readonly inTransit: RoutedEvent[] = [];
  private listener: ((event: RoutedEvent) => void) | undefined;
  setListener(listener: (event: RoutedEvent) => void): void { this.listener = listener; }
  send(message: OutgoingMessage): void { this.sent.push(message); }
  drainQueued(): RoutedEvent[] { return this.inTransit.splice(0); }
  deliver(event: RoutedEvent): void {
    if (!this.listener) throw new Error('the server has not started');
    this.listener(event);
  }
}

/**
 * A language of its own behind the interpreter interface: `print:TEXT` writes TEXT the way a cell's
 * console.log does, `show:TEXT` displays it, `fail` fails, `wait` waits for `release()`; every cell's
 * value is its code.
 */
class LineInterpreter implements Interpreter {
  readonly languageInfo = { name: 'lines', version: '1', mimetype: 'text/plain', file_extension: '.txt' };
  readonly implementation = 'lines';
  readonly implementationVersion = '1';
  readonly banner = 'lines';
  readonly helpLinks = [];
  readonly executed: string[] = [];
  private waiting: (() => void) | undefined;
  constructor(private readonly server: () => KernelServer) {}

  async execute(request: ExecuteRequest, output: OutputSink): Promise<ExecuteOutcome> {
    this.executed.push(request.code);
    if (request.code === 'fail') return { status: 'error', ename: 'LineError', evalue: 'failed', traceback: ['LineError: failed'] };
    if (request.code === 'wait') await new Promise<void>((resolve) => { this.waiting = resolve; });
    if (request.code.startsWith('print:')) this.server().writeStream('stdout', request.code.slice(6));
    if (request.code.startsWith('show:')) display.text(request.code.slice(5));
    if (request.code === 'ask') output.stream('stdout', await input('? '));
    return { status: 'ok', result: { data: { 'text/plain': request.code }, metadata: {} }, userExpressions: {} };
  }
  release(): void { this.waiting?.(); }
  complete(code: string, cursorPos: number): CompleteResult { return { matches: [code], cursorStart: 0, cursorEnd: cursorPos, metadata: {} }; }
  inspect(): InspectResult { return { found: false, data: {}, metadata: {} }; }
  isComplete(code: string): IsCompleteResult { return code.endsWith('\\') ? { status: 'incomplete', indent: '' } : { status: 'complete' }; }
  interrupt(): void { /* nothing runs long enough to interrupt */ }
  shutdown(): void { /* nothing to release */ }
}

let counter = 0;
function header(msgType: string): MessageHeader {
  return { msg_id: `m${++counter}`, msg_type: msgType, session: 's', username: 'u', date: '', version: '5.3' };
}
function message(msgType: string, content: JsonObject, parent: MessageHeader | Record<string, never> = {}): JupyterMessage {
  return { identities: [Buffer.from('front-end')], header: header(msgType), parent_header: parent, metadata: {}, content, buffers: [] };
}

/** A valid request of each type the main thread answers. */
const VALID_CONTENT: Record<Exclude<MainThreadType, 'input_reply'>, JsonObject> = {
  execute_request: { code: 'print:hello', silent: false },
  complete_request: { code: 'tf.', cursor_pos: 3 },
  inspect_request: { code: 'x', cursor_pos: 1 },
  is_complete_request: { code: 'x' },
  history_request: { hist_access_type: 'tail', n: 5 },
  comm_info_request: {},
  comm_open: { comm_id: 'c1', target_name: 'probe', data: {} },
  comm_msg: { comm_id: 'c1', data: { n: 1 } },
  comm_close: { comm_id: 'c1', data: {} },
  shutdown_request: { restart: false },
};

describe('kernel message router, through a fake transport', () => {
  let transport: FakeTransport;
  let interpreter: LineInterpreter;
  let comms: CommManager;
  let shutdowns: number;
  let server: KernelServer;
  let logged: string[];

  beforeEach(() => {
    transport = new FakeTransport();
    comms = new CommManager();
    shutdowns = 0;
    logged = [];
    interpreter = new LineInterpreter(() => server);
    server = new KernelServer(transport, interpreter, comms, activeOutput, { onShutdown: () => { shutdowns++; }, log: (text) => logged.push(text) });
    server.start();
  });

  /** Sends a request and waits until the kernel published its idle status (for stdin: one turn of the event loop). */
  async function answer(channel: RequestChannel, request: JupyterMessage): Promise<OutgoingMessage[]> {
    transport.deliver({ kind: 'request', channel, message: request });
    await settle(() => channel === 'stdin' || transport.sent.some((m) => isStatus(m, 'idle') && m.parentHeader.msg_id === request.header.msg_id));
    return transport.sent.filter((m) => m.parentHeader.msg_id === request.header.msg_id);
  }

  function repliesIn(sent: OutgoingMessage[]): OutgoingMessage[] {
    return sent.filter((m) => m.channel === 'shell' || m.channel === 'control');
  }
  function statusesIn(sent: OutgoingMessage[]): string[] {
    return sent.filter((m) => m.msgType === 'status').map((m) => String(m.content.execution_state));
  }

  it('has a route for every message the kernel takes, the I/O thread answering only what must be answered while a cell runs', () => {
    const ioThread = (Object.keys(MESSAGE_ROUTES) as RoutedType[]).filter((type) => MESSAGE_ROUTES[type].answeredBy === 'io-thread');
    assert.deepStrictEqual(ioThread.sort(), ['interrupt_request', 'kernel_info_request']);
    for (const [type, route] of Object.entries(MESSAGE_ROUTES)) {
      if (type.endsWith('_request')) assert.strictEqual('reply' in route ? route.reply : undefined, type.replace(/_request$/, '_reply'), type);
    }
  });

  it('answers a request of every type with exactly one reply and one busy/idle pair, on shell and on control', async () => {
    comms.registerTarget('probe', () => undefined);
    for (const channel of ['shell', 'control'] as const) {
      for (const [type, content] of Object.entries(VALID_CONTENT)) {
        const sent = await answer(channel, message(type, content));
        const replies = repliesIn(sent);
        const route: MessageRoute = MESSAGE_ROUTES[type as MainThreadType];
        assert.deepStrictEqual(replies.map((m) => m.msgType), route.reply ? [route.reply] : [], `${type} on ${channel}`);
        assert.ok(replies.every((m) => m.channel === channel && m.content.status !== 'error'), `${type} on ${channel}: ${JSON.stringify(replies)}`);
        assert.deepStrictEqual(statusesIn(sent), ['busy', 'idle'], `${type} on ${channel}`);
        assert.strictEqual(sent[0].msgType, 'status', `${type} on ${channel}: busy comes first`);
        assert.strictEqual(sent[sent.length - 1].msgType, 'status', `${type} on ${channel}: idle comes last`);
      }
    }
    await settle(() => shutdowns === 2);
  });

  it('answers kernel_info and interrupt on the I/O thread, on shell and on control, with one reply and one busy/idle pair', async () => {
    const sent: OutgoingMessage[] = [];
    let interrupts = 0;
    const handlers = ioThreadHandlers((m) => sent.push(m), { status: 'ok', implementation: 'lines' }, () => { interrupts++; });
    for (const channel of ['shell', 'control'] as const) {
      for (const [type, reply] of [['kernel_info_request', 'kernel_info_reply'], ['interrupt_request', 'interrupt_reply']]) {
        const request = message(type, {});
        assert.strictEqual(answerOnIoThread(handlers, (m) => sent.push(m), channel, request), true, type);
        await settle(() => sent.some((m) => isStatus(m, 'idle') && m.parentHeader.msg_id === request.header.msg_id));
        const answered = sent.filter((m) => m.parentHeader.msg_id === request.header.msg_id);
        assert.deepStrictEqual(answered.map((m) => `${m.channel} ${m.msgType}`), ['iopub status', `${channel} ${reply}`, 'iopub status'], `${type} on ${channel}`);
        assert.strictEqual(answered[1].content.status, 'ok');
      }
    }
    assert.strictEqual(interrupts, 2);
    // Everything else goes on to the main thread.
    assert.strictEqual(answerOnIoThread(handlers, (m) => sent.push(m), 'shell', message('execute_request', { code: '' })), false);
    assert.strictEqual(answerOnIoThread(handlers, (m) => sent.push(m), 'stdin', message('kernel_info_request', {})), false);
  });

  it('answers unknown requests, bad content and undecodable bodies with one error reply and one busy/idle pair', async () => {
    const cases: [JupyterMessage, RegExp][] = [
      [message('frobnicate_request', {}), /^UnknownMessageType: scopeflow does not handle frobnicate_request messages$/],
      [message('complete_request', { cursor_pos: 1 }), /^BadRequest: content.code must be a string, got nothing$/],
      [message('history_request', { hist_access_type: 'tail', raw: 'yes' }), /^BadRequest: content.raw must be a boolean/],
      [message('execute_request', { code: 1 }), /^BadRequest: content.code must be a string/],
    ];
    for (const [request, expected] of cases) {
      const sent = await answer('shell', request);
      const replies = repliesIn(sent);
      assert.strictEqual(replies.length, 1);
      assert.strictEqual(replies[0].msgType, request.header.msg_type.replace(/_request$/, '_reply'));
      assert.match(`${replies[0].content.ename}: ${replies[0].content.evalue}`, expected);
      assert.deepStrictEqual(statusesIn(sent), ['busy', 'idle']);
    }
    // The spec requires execution_count in every execute_reply, errors included.
    const badExecute = repliesIn(await answer('shell', message('execute_request', {})))[0];
    assert.strictEqual(typeof badExecute.content.execution_count, 'number');

    const malformed = header('inspect_request');
    transport.deliver({ kind: 'malformed', channel: 'control', identities: [], header: malformed, parentHeader: {}, reason: 'content frame is not valid JSON' });
    await settle(() => transport.sent.some((m) => isStatus(m, 'idle') && m.parentHeader.msg_id === malformed.msg_id));
    const sent = transport.sent.filter((m) => m.parentHeader.msg_id === malformed.msg_id);
    assert.deepStrictEqual(sent.map((m) => m.msgType), ['status', 'inspect_reply', 'status']);
    assert.strictEqual(sent[1].content.ename, 'MalformedMessage');

    // Messages that are not requests get no reply, still one busy/idle pair.
    const event = await answer('shell', message('some_event', {}));
    assert.deepStrictEqual(event.map((m) => m.msgType), ['status', 'status']);
    assert.deepStrictEqual(logged, ['ignored a some_event message on shell']);
  });

  it('runs shell requests one at a time in arrival order, control requests at once', async () => {
    const first = message('execute_request', { code: 'wait' });
    const second = message('execute_request', { code: 'second' });
    transport.deliver({ kind: 'request', channel: 'shell', message: first });
    transport.deliver({ kind: 'request', channel: 'shell', message: second });
    const control = await answer('control', message('is_complete_request', { code: 'x' }));
    assert.strictEqual(repliesIn(control)[0].content.status, 'complete');
    assert.deepStrictEqual(interpreter.executed, ['wait'], 'the second cell waits for the first');
    interpreter.release();
    await settle(() => transport.sent.some((m) => isStatus(m, 'idle') && m.parentHeader.msg_id === second.header.msg_id));
    assert.deepStrictEqual(interpreter.executed, ['wait', 'second']);
    const replies = transport.sent.filter((m) => m.msgType === 'execute_reply').map((m) => m.parentHeader.msg_id);
    assert.deepStrictEqual(replies, [first.header.msg_id, second.header.msg_id]);
  });

  it('answers the execute requests already sent "aborted" after a failed cell with stop_on_error', async () => {
    const failing = message('execute_request', { code: 'fail' });
    const queued = message('execute_request', { code: 'queued' });
    const inTransit = message('execute_request', { code: 'in transit' });
    const complete = message('complete_request', { code: 'x', cursor_pos: 1 });
    transport.deliver({ kind: 'request', channel: 'shell', message: failing });
    transport.deliver({ kind: 'request', channel: 'shell', message: queued });
    transport.inTransit.push({ kind: 'request', channel: 'shell', message: inTransit }, { kind: 'request', channel: 'shell', message: complete });
    await settle(() => transport.sent.some((m) => isStatus(m, 'idle') && m.parentHeader.msg_id === complete.header.msg_id));
    assert.deepStrictEqual(interpreter.executed, ['fail']);
    for (const request of [queued, inTransit]) {
      const sent = transport.sent.filter((m) => m.parentHeader.msg_id === request.header.msg_id);
      assert.deepStrictEqual(sent.map((m) => m.msgType), ['status', 'execute_reply', 'status']);
      assert.strictEqual(sent[1].content.status, 'aborted');
    }
    assert.strictEqual(transport.sent.filter((m) => m.msgType === 'complete_reply').length, 1, 'other requests still run');
  });

  it('sends what a cell prints and displays, and its result, under the execute request, in order', async () => {
    const printed = await answer('shell', message('execute_request', { code: 'print:hello\n' }));
    assert.deepStrictEqual(printed.map((m) => m.msgType), ['status', 'execute_input', 'stream', 'execute_result', 'execute_reply', 'status']);
    assert.strictEqual(printed[2].content.text, 'hello\n');
    const shown = await answer('shell', message('execute_request', { code: 'show:picture' }));
    const data = shown.find((m) => m.msgType === 'display_data');
    assert.deepStrictEqual(data?.content.data, { 'text/plain': 'picture' });
  });

  it('sends what a comm handler prints, displays and replies under the comm message, not under the last cell', async () => {
    await answer('shell', message('execute_request', { code: 'print:a cell before\n' }));
    comms.registerTarget('probe', (comm) => comm.onMsg((data) => {
      interpreter.executed.push('handler');
      // What console.log in a handler does in the kernel process.
      server.writeStream('stdout', `got ${JSON.stringify(data)}\n`);
      display.text('shown by the handler');
      comm.send({ echo: data });
    }));
    const open = await answer('shell', message('comm_open', { comm_id: 'c7', target_name: 'probe', data: {} }));
    assert.deepStrictEqual(open.map((m) => m.msgType), ['status', 'status']);
    const sent = await answer('shell', message('comm_msg', { comm_id: 'c7', data: { n: 7 } }));
    assert.deepStrictEqual(sent.map((m) => m.msgType), ['status', 'stream', 'display_data', 'comm_msg', 'status']);
    assert.strictEqual(sent[1].content.text, 'got {"n":7}\n');
    assert.deepStrictEqual(sent[2].content.data, { 'text/plain': 'shown by the handler' });
    assert.deepStrictEqual(sent[3].content.data, { echo: { n: 7 } });
  });

  it('refuses display() outside any request with its clear error, and input() after its cell finished', async () => {
    await answer('shell', message('execute_request', { code: 'print:x', allow_stdin: true }));
    assert.throws(() => display.text('late'), /^Error: display\(\) is only available while the kernel runs a cell or a comm message handler$/);
    assert.throws(() => display.clear(), /display\.clear\(\) is only available while the kernel runs a cell/);
    await assert.rejects(input('late? '), { name: 'StdinNotImplementedError', message: /input\(\) was called after its cell finished/ });
  });

  it('takes input replies on stdin without status and matches them to the asking cell', async () => {
    const ask = message('execute_request', { code: 'ask', allow_stdin: true });
    transport.deliver({ kind: 'request', channel: 'shell', message: ask });
    await settle(() => transport.sent.some((m) => m.msgType === 'input_request'));
    const inputRequest = transport.sent.find((m) => m.msgType === 'input_request')!;
    assert.strictEqual(inputRequest.channel, 'stdin');
    assert.strictEqual(inputRequest.parentHeader.msg_id, ask.header.msg_id);
    const replyHeader = header('input_reply');
    transport.deliver({ kind: 'request', channel: 'stdin', message: { ...message('input_reply', { value: 'typed' }), header: replyHeader, parent_header: { ...header('input_request'), msg_id: inputRequest.msgId! } } });
    await settle(() => transport.sent.some((m) => isStatus(m, 'idle') && m.parentHeader.msg_id === ask.header.msg_id));
    const sent = transport.sent.filter((m) => m.parentHeader.msg_id === ask.header.msg_id);
    assert.strictEqual(sent.find((m) => m.msgType === 'stream')?.content.text, 'typed');
    assert.strictEqual(transport.sent.filter((m) => m.parentHeader.msg_id === replyHeader.msg_id).length, 0, 'no status for an input reply');
    // An input_reply on shell answers nothing: one busy/idle pair, no reply.
    const stray = await answer('shell', message('input_reply', { value: 'stray' }));
    assert.deepStrictEqual(stray.map((m) => m.msgType), ['status', 'status']);
    assert.deepStrictEqual(logged, ['ignored a input_reply message on shell']);
  });
});

function isStatus(message: OutgoingMessage, state: string): boolean {
  return message.msgType === 'status' && message.content.execution_state === state;
}

/** Waits (turns of the event loop) until `done()` holds. */
async function settle(done: () => boolean): Promise<void> {
  for (let turns = 0; !done(); turns++) {
    if (turns > 1000) throw new Error('the kernel did not answer');
    await new Promise((resolve) => setImmediate(resolve));
  }
}
