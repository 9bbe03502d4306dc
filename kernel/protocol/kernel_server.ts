import * as crypto from 'crypto';
import * as fs from 'fs';
import { CommManager } from '../comm/comm_manager';
import { History, HistoryQuery } from '../history';
import type { DisplayOutput, ExecuteOutcome, Interpreter, OutputSink } from '../interpreter/interpreter';
import { IoEvent, JsonObject, JsonValue, JupyterMessage, MessageHeader, PROTOCOL_VERSION, RequestChannel } from './messages';
import type { KernelTransport } from './transport';

/** A request whose content does not have the fields its type requires. */
class BadRequestError extends Error {
  override name = 'BadRequest';
}

type Parent = MessageHeader | Record<string, never>;

/** A cell asked for input, but the front end cannot answer (allow_stdin was false), or gave up. */
export class StdinNotImplementedError extends Error {
  override name = 'StdinNotImplementedError';
}

/** An input request waiting for its input_reply. */
interface PendingInput {
  msgId: string;
  output: RequestOutput;
  resolve(value: string): void;
  reject(error: Error): void;
}

/** Where a request's cell may ask for input: the front end's identities, when it allows stdin. */
interface StdinRoute {
  identities: Uint8Array[];
}

/** Stream text a single cell may send; beyond it output is cut with a notice, so a runaway print cannot exhaust memory. */
const MAX_STREAM_CHARS_PER_CELL = 8 * 1024 * 1024;
/** Stream text is batched into one message up to this size. */
const STREAM_FLUSH_CHARS = 64 * 1024;

function log(text: string): void {
  try { fs.writeSync(2, `[scopeflow] ${text}\n`); } catch { /* stderr closed */ }
}

function stringField(content: JsonObject, name: string, fallback?: string): string {
  const value = content[name];
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string') throw new BadRequestError(`content.${name} must be a string, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
  return value;
}

function integerField(content: JsonObject, name: string, fallback?: number): number {
  const value = content[name];
  if ((value === undefined || value === null) && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new BadRequestError(`content.${name} must be an integer, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
  return value;
}

function booleanField(content: JsonObject, name: string, fallback: boolean): boolean {
  const value = content[name];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') throw new BadRequestError(`content.${name} must be a boolean, got ${JSON.stringify(value)}`);
  return value;
}

function objectField(content: JsonObject, name: string): JsonObject {
  const value = content[name];
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new BadRequestError(`content.${name} must be an object`);
  return value;
}

/** Output of one execute request: batches stream text and keeps the order of all outputs. */
class RequestOutput implements OutputSink {
  private buffered: { name: 'stdout' | 'stderr'; text: string } | undefined;
  private streamedChars = 0;
  private truncated = false;
  /** Set when the request's reply has gone out: later input requests are refused. */
  finished = false;

  constructor(private readonly server: KernelServer, readonly parent: Parent, readonly stdin?: StdinRoute) {}

  requestInput(prompt: string, password: boolean): Promise<string> {
    this.flush();
    return this.server.requestInput(this, prompt, password);
  }

  stream(name: 'stdout' | 'stderr', text: string): void {
    if (this.truncated) return;
    if (this.streamedChars + text.length > MAX_STREAM_CHARS_PER_CELL) {
      text = text.slice(0, Math.max(0, MAX_STREAM_CHARS_PER_CELL - this.streamedChars)) +
        `\n[scopeflow: output truncated after ${MAX_STREAM_CHARS_PER_CELL} characters]\n`;
      this.truncated = true;
    }
    this.streamedChars += text.length;
    if (this.buffered && this.buffered.name !== name) this.flush();
    if (this.buffered) this.buffered.text += text;
    else this.buffered = { name, text };
    if (this.buffered.text.length >= STREAM_FLUSH_CHARS) this.flush();
    else this.server.scheduleFlush(this);
  }

  flush(): void {
    if (!this.buffered) return;
    const { name, text } = this.buffered;
    this.buffered = undefined;
    this.server.publish('stream', { name, text }, this.parent);
  }

  display(output: DisplayOutput): void {
    this.flush();
    this.server.publish('display_data', displayContent(output), this.parent);
  }

  updateDisplay(output: DisplayOutput & { displayId: string }): void {
    this.flush();
    this.server.publish('update_display_data', displayContent(output), this.parent);
  }

  clearOutput(wait: boolean): void {
    this.flush();
    this.server.publish('clear_output', { wait }, this.parent);
  }
}

function displayContent(output: DisplayOutput): JsonObject {
  return {
    data: output.data as JsonObject,
    metadata: output.metadata as JsonObject,
    transient: output.displayId ? { display_id: output.displayId } : {},
  };
}

export interface KernelServerOptions {
  /** Called after shutdown_reply went out; the process should exit (the client restarts it when asked). */
  onShutdown: (restart: boolean) => void;
}

/**
 * Routes Jupyter requests to the interpreter, the history and the comm registry, and publishes
 * status, inputs and outputs on iopub. Shell requests run one at a time, in arrival order.
 */
export class KernelServer {
  private executionCount = 0;
  private readonly shellQueue: { channel: RequestChannel; event: IoEvent }[] = [];
  private processing = false;
  private currentOutput: RequestOutput | undefined;
  private readonly flushPending = new Set<RequestOutput>();
  private flushTimer: NodeJS.Immediate | undefined;
  /** Input requests sent on stdin and not answered yet, oldest first. */
  private readonly pendingInputs: PendingInput[] = [];
  readonly history = new History();

  constructor(
    private readonly transport: KernelTransport,
    private readonly interpreter: Interpreter,
    private readonly comms: CommManager,
    private readonly options: KernelServerOptions,
  ) {
    comms.attach({
      publish: (msgType, content, buffers, metadata) =>
        this.transport.send({ channel: 'iopub', msgType, content, parentHeader: this.currentOutput?.parent ?? {}, identities: [], buffers, metadata }),
    });
  }

  static kernelInfo(interpreter: Interpreter): JsonObject {
    return {
      status: 'ok',
      protocol_version: PROTOCOL_VERSION,
      implementation: interpreter.implementation,
      implementation_version: interpreter.implementationVersion,
      language_info: { ...interpreter.languageInfo },
      banner: interpreter.banner,
      debugger: false,
      help_links: [
        { text: 'TypeScript handbook', url: 'https://www.typescriptlang.org/docs/handbook/' },
        { text: 'TensorFlow 1.x API', url: 'https://github.com/tensorflow/docs/tree/master/site/en/api_docs/python/tf' },
      ],
    };
  }

  start(): void {
    this.transport.setListener((event) => this.accept(event));
    this.publish('status', { execution_state: 'starting' }, {});
  }

  /** Where text written to process.stdout / process.stderr goes: the latest execution's output. */
  writeStream(name: 'stdout' | 'stderr', text: string): boolean {
    if (!this.currentOutput) return false;
    this.currentOutput.stream(name, text);
    return true;
  }

  publish(msgType: string, content: JsonObject, parent: Parent): void {
    this.transport.send({ channel: 'iopub', msgType, content, parentHeader: parent, identities: [] });
  }

  scheduleFlush(output: RequestOutput): void {
    this.flushPending.add(output);
    if (!this.flushTimer) {
      this.flushTimer = setImmediate(() => {
        this.flushTimer = undefined;
        for (const pending of this.flushPending) pending.flush();
        this.flushPending.clear();
      });
    }
  }

  /** Sends an input_request on stdin to the front end that sent the cell's execute_request. */
  requestInput(output: RequestOutput, prompt: string, password: boolean): Promise<string> {
    if (!output.stdin) {
      return Promise.reject(new StdinNotImplementedError(
        `${password ? 'password' : 'input'}() was called, but this front end does not support input requests (the execute_request has allow_stdin: false)`));
    }
    if (output.finished) {
      return Promise.reject(new StdinNotImplementedError(`${password ? 'password' : 'input'}() was called after its cell finished; the front end no longer answers input requests for it`));
    }
    const msgId = crypto.randomUUID();
    const answer = new Promise<string>((resolve, reject) => this.pendingInputs.push({ msgId, output, resolve, reject }));
    this.transport.send({
      channel: 'stdin', msgType: 'input_request', content: { prompt, password }, parentHeader: output.parent,
      identities: output.stdin.identities, msgId,
    });
    return answer;
  }

  /** An input_reply answers the request named by its parent header; without one (jupyter_client's `input()`), the oldest. */
  private answerInput(message: JupyterMessage): void {
    const parentId = message.parent_header.msg_id;
    let index = parentId === undefined ? -1 : this.pendingInputs.findIndex((p) => p.msgId === parentId);
    if (index < 0 && (parentId === undefined || parentId === '')) index = 0;
    const pending = index >= 0 ? this.pendingInputs.splice(index, 1)[0] : undefined;
    if (!pending) {
      log(`ignored an input_reply that answers no pending input request${parentId ? ` (parent ${parentId})` : ''}`);
      return;
    }
    const value = message.content.value;
    if (message.content.status === 'error' || typeof value !== 'string') {
      pending.reject(new StdinNotImplementedError(typeof value === 'string' ? 'the front end could not read input' : 'the input_reply carries no value'));
    } else {
      pending.resolve(value);
    }
  }

  /** Input requests of a request that has finished can no longer be answered. */
  private cancelInputs(output: RequestOutput, reason: string): void {
    for (let i = this.pendingInputs.length - 1; i >= 0; i--) {
      const pending = this.pendingInputs[i];
      if (pending.output !== output) continue;
      this.pendingInputs.splice(i, 1);
      pending.reject(new StdinNotImplementedError(reason));
    }
  }

  private reply(channel: RequestChannel, request: JupyterMessage | { header: MessageHeader; identities: Uint8Array[] }, msgType: string, content: JsonObject, metadata: JsonObject = {}): void {
    this.transport.send({ channel, msgType, content, parentHeader: request.header, identities: request.identities, metadata });
  }

  private accept(event: IoEvent): void {
    switch (event.kind) {
      case 'log':
        log(event.text);
        return;
      case 'fatal':
        log(`I/O thread failed: ${event.text}`);
        this.options.onShutdown(false);
        return;
      case 'interrupt':
        this.interpreter.interrupt();
        return;
      case 'ready':
        return;
      case 'request':
      case 'malformed':
        if (event.channel === 'stdin') {
          // Input replies arrive while the cell that asked is still running: never queue them.
          if (event.kind === 'request' && event.message.header.msg_type === 'input_reply') this.answerInput(event.message);
          else log(`ignored a ${event.kind === 'request' ? event.message.header.msg_type : 'malformed'} message on stdin`);
          return;
        }
        if (event.channel === 'control') {
          void this.handle(event.channel, event);
        } else {
          this.shellQueue.push({ channel: event.channel, event });
          void this.processQueue();
        }
    }
  }

  private async processQueue(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (let next = this.shellQueue.shift(); next; next = this.shellQueue.shift()) {
        await this.handle(next.channel, next.event);
      }
    } finally {
      this.processing = false;
    }
  }

  private async handle(channel: RequestChannel, event: IoEvent): Promise<void> {
    if (event.kind === 'malformed') {
      this.publish('status', { execution_state: 'busy' }, event.header);
      this.reply(channel, event, replyType(event.header.msg_type), this.errorReply(event.header.msg_type, 'MalformedMessage', event.reason));
      this.publish('status', { execution_state: 'idle' }, event.header);
      return;
    }
    if (event.kind !== 'request') return;
    const message = event.message;
    const type = message.header.msg_type;
    this.publish('status', { execution_state: 'busy' }, message.header);
    try {
      await this.route(channel, message);
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      if (!(error instanceof BadRequestError)) log(`handling ${type} failed: ${error.stack ?? error.message}`);
      this.reply(channel, message, replyType(type), this.errorReply(type, error.name, error.message));
    } finally {
      this.publish('status', { execution_state: 'idle' }, message.header);
    }
  }

  /** An error reply; execute replies always carry execution_count (the spec requires it). */
  private errorReply(requestType: string, ename: string, evalue: string): JsonObject {
    const content = errorContent(ename, evalue);
    return requestType === 'execute_request' ? { ...content, execution_count: this.executionCount } : content;
  }

  private async route(channel: RequestChannel, message: JupyterMessage): Promise<void> {
    const { content } = message;
    switch (message.header.msg_type) {
      case 'execute_request':
        return this.execute(channel, message);
      case 'complete_request': {
        const code = stringField(content, 'code');
        const result = this.interpreter.complete(code, integerField(content, 'cursor_pos', [...code].length));
        this.reply(channel, message, 'complete_reply', {
          status: 'ok', matches: result.matches, cursor_start: result.cursorStart, cursor_end: result.cursorEnd,
          metadata: result.metadata as JsonObject,
        });
        return;
      }
      case 'inspect_request': {
        const code = stringField(content, 'code');
        const result = this.interpreter.inspect(code, integerField(content, 'cursor_pos', [...code].length), integerField(content, 'detail_level', 0));
        this.reply(channel, message, 'inspect_reply', { status: 'ok', found: result.found, data: result.data as JsonObject, metadata: result.metadata as JsonObject });
        return;
      }
      case 'is_complete_request': {
        const result = this.interpreter.isComplete(stringField(content, 'code'));
        this.reply(channel, message, 'is_complete_reply', result.status === 'incomplete' ? { status: result.status, indent: result.indent } : { status: result.status });
        return;
      }
      case 'history_request':
        return this.historyReply(channel, message);
      case 'kernel_info_request':
        this.reply(channel, message, 'kernel_info_reply', KernelServer.kernelInfo(this.interpreter));
        return;
      case 'comm_info_request': {
        const target = content.target_name;
        if (target !== undefined && target !== null && typeof target !== 'string') throw new BadRequestError('content.target_name must be a string');
        this.reply(channel, message, 'comm_info_reply', { status: 'ok', comms: this.comms.info(target ?? undefined) });
        return;
      }
      case 'comm_open': {
        const problem = this.withOutput(message, () => this.comms.handleOpen(stringField(content, 'comm_id'), stringField(content, 'target_name'), objectField(content, 'data')));
        if (problem) log(problem);
        return;
      }
      case 'comm_msg': {
        const problem = this.withOutput(message, () => this.comms.handleMsg(stringField(content, 'comm_id'), objectField(content, 'data'), message.buffers));
        if (problem) log(problem);
        return;
      }
      case 'comm_close': {
        const problem = this.withOutput(message, () => this.comms.handleClose(stringField(content, 'comm_id'), objectField(content, 'data')));
        if (problem) log(problem);
        return;
      }
      case 'shutdown_request': {
        const restart = booleanField(content, 'restart', false);
        this.reply(channel, message, 'shutdown_reply', { status: 'ok', restart });
        // The reply and idle status must leave before the process does.
        setTimeout(() => this.options.onShutdown(restart), 0);
        return;
      }
      case 'interrupt_request':
        // Control-channel interrupts are answered by the I/O thread; this is the shell-channel case.
        this.interpreter.interrupt();
        this.reply(channel, message, 'interrupt_reply', { status: 'ok' });
        return;
      case 'input_reply':
        // Input replies belong on stdin (handled in accept); one sent on shell answers nothing.
        log(`ignored an input_reply on ${channel}`);
        return;
      default: {
        const type = message.header.msg_type;
        if (type.endsWith('_request')) {
          this.reply(channel, message, replyType(type), errorContent('UnknownMessageType', `scopeflow does not handle ${type} messages`));
        } else {
          log(`ignored a ${type} message on ${channel}`);
        }
      }
    }
  }

  /** Runs comm handlers with their output (prints, displays) going to the comm message's parent. */
  private withOutput<T>(message: JupyterMessage, run: () => T): T {
    const previous = this.currentOutput;
    this.currentOutput = new RequestOutput(this, message.header);
    try {
      return run();
    } finally {
      this.currentOutput.flush();
      this.currentOutput = previous;
    }
  }

  private async execute(channel: RequestChannel, message: JupyterMessage): Promise<void> {
    const { content, metadata } = message;
    const code = stringField(content, 'code');
    const silent = booleanField(content, 'silent', false);
    const storeHistory = booleanField(content, 'store_history', !silent) && !silent;
    const stopOnError = booleanField(content, 'stop_on_error', true);
    const allowStdin = booleanField(content, 'allow_stdin', false);
    const userExpressionsRaw = objectField(content, 'user_expressions');
    const userExpressions: Record<string, string> = {};
    for (const [name, expr] of Object.entries(userExpressionsRaw)) {
      if (typeof expr !== 'string') throw new BadRequestError(`content.user_expressions.${name} must be a string`);
      userExpressions[name] = expr;
    }
    const cellIdValue = metadata.cellId ?? metadata.cell_id;
    const cellId = typeof cellIdValue === 'string' ? cellIdValue : undefined;

    if (storeHistory) {
      this.executionCount++;
      this.history.record(this.executionCount, code);
    }
    const executionCount = this.executionCount;
    if (!silent) this.publish('execute_input', { code, execution_count: executionCount }, message.header);

    const output = new RequestOutput(this, message.header, allowStdin ? { identities: message.identities } : undefined);
    this.currentOutput = output;
    let outcome: ExecuteOutcome;
    try {
      outcome = await this.interpreter.execute({ code, silent, storeHistory, executionCount, cellId, userExpressions, allowStdin }, output);
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      outcome = { status: 'error', ename: error.name, evalue: error.message, traceback: (error.stack ?? error.message).split('\n') };
    } finally {
      output.finished = true;
      this.cancelInputs(output, 'the cell finished before the front end answered its input request');
    }
    output.flush();
    const replyMetadata: JsonObject = { started: message.header.date ?? '', status: outcome.status };
    if (outcome.status === 'ok') {
      if (outcome.result && !silent) {
        this.publish('execute_result', { execution_count: executionCount, data: outcome.result.data as JsonObject, metadata: outcome.result.metadata as JsonObject }, message.header);
        const plain = outcome.result.data['text/plain'];
        if (storeHistory && typeof plain === 'string') this.history.recordOutput(executionCount, plain);
      }
      this.reply(channel, message, 'execute_reply', {
        status: 'ok', execution_count: executionCount, user_expressions: outcome.userExpressions as JsonObject, payload: [],
      }, replyMetadata);
      return;
    }
    const error = { ename: outcome.ename, evalue: outcome.evalue, traceback: outcome.traceback };
    if (!silent) this.publish('error', error, message.header);
    this.reply(channel, message, 'execute_reply', { status: 'error', execution_count: executionCount, ...error }, replyMetadata);
    if (stopOnError) this.abortQueuedExecutions();
  }

  /**
   * After an error with stop_on_error, execute requests that were already sent (queued here or
   * still in transit from the I/O thread) are answered `aborted` instead of being run.
   */
  private abortQueuedExecutions(): void {
    for (const event of this.transport.drainQueued()) this.accept(event);
    const keep: typeof this.shellQueue = [];
    for (const item of this.shellQueue) {
      if (item.event.kind === 'request' && item.event.message.header.msg_type === 'execute_request') {
        const request = item.event.message;
        this.publish('status', { execution_state: 'busy' }, request.header);
        this.reply(item.channel, request, 'execute_reply', { status: 'aborted', execution_count: this.executionCount }, { status: 'aborted' });
        this.publish('status', { execution_state: 'idle' }, request.header);
      } else {
        keep.push(item);
      }
    }
    this.shellQueue.splice(0, this.shellQueue.length, ...keep);
  }

  private historyReply(channel: RequestChannel, message: JupyterMessage): void {
    const { content } = message;
    const access = stringField(content, 'hist_access_type');
    const includeOutput = booleanField(content, 'output', false);
    const raw = booleanField(content, 'raw', true);
    void raw;
    let query: HistoryQuery;
    if (access === 'tail') query = { kind: 'tail', n: integerField(content, 'n', 10) };
    else if (access === 'range') {
      query = { kind: 'range', session: integerField(content, 'session', 0), start: integerField(content, 'start', 0), stop: content.stop === undefined || content.stop === null ? undefined : integerField(content, 'stop') };
    } else if (access === 'search') {
      query = { kind: 'search', pattern: stringField(content, 'pattern', '*'), n: content.n === undefined || content.n === null ? undefined : integerField(content, 'n'), unique: booleanField(content, 'unique', false) };
    } else {
      throw new BadRequestError(`content.hist_access_type must be "tail", "range" or "search", got ${JSON.stringify(access)}`);
    }
    const history: JsonValue[] = this.history.query(query).map((entry) =>
      includeOutput ? [entry.session, entry.line, [entry.input, entry.output ?? null]] : [entry.session, entry.line, entry.input]);
    this.reply(channel, message, 'history_reply', { status: 'ok', history });
  }
}

function replyType(requestType: string): string {
  return requestType.endsWith('_request') ? requestType.replace(/_request$/, '_reply') : `${requestType}_reply`;
}

function errorContent(ename: string, evalue: string): JsonObject {
  return { status: 'error', ename, evalue, traceback: [`${ename}: ${evalue}`] };
}
