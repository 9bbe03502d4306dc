import * as fs from 'fs';
import { CommManager } from '../comm/comm_manager';
import { History } from '../history';
import type { ActiveOutput } from '../interpreter/active_output';
import type { ExecuteOutcome, Interpreter } from '../interpreter/interpreter';
import { BadRequestError, booleanField, integerField, objectField, optionalStringField, stringField } from './content_fields';
import { historyQuery, historyReply } from './history_request';
import { JsonObject, PROTOCOL_VERSION } from './messages';
import { OutputPublisher } from './request_output';
import { MessageHandlers, MessageRouter, MessageTransport, Request } from './router';
import { StdinBroker } from './stdin_broker';

function logToStderr(text: string): void {
  try { fs.writeSync(2, `[scopeflow] ${text}\n`); } catch { /* stderr closed */ }
}

export interface KernelServerOptions {
  /** Called after shutdown_reply went out (or the I/O thread died); the process should exit, and the client starts a new one on restart. */
  onShutdown: () => void;
  /** Where notes on ignored messages and failed handlers go (default: the kernel's stderr, fd 2, which cells cannot capture). */
  log?: (text: string) => void;
  /** Reports what a cell's comm handler threw to the cells (as the kernel's uncaught-exception handler does); false when no cell is there to tell. */
  reportHandlerError?: (thrown: unknown, source: string) => boolean;
}

/**
 * The kernel's handlers of Jupyter messages: execute, complete, inspect and is_complete go to the
 * interpreter, history to the history, comm messages to the comm registry. Each request's output
 * is made active (`ActiveOutput`) while it is handled, so everything it prints or displays goes
 * under its header. Routing, busy/idle and error replies are the router's (`router.ts`).
 */
export class KernelServer {
  private executionCount = 0;
  private readonly router: MessageRouter;
  private readonly publisher: OutputPublisher;
  readonly history = new History();
  private readonly log: (text: string) => void;

  constructor(
    transport: MessageTransport,
    private readonly interpreter: Interpreter,
    private readonly comms: CommManager,
    private readonly outputs: ActiveOutput,
    private readonly options: KernelServerOptions,
  ) {
    this.log = options.log ?? logToStderr;
    const send = transport.send.bind(transport);
    this.publisher = new OutputPublisher(send, new StdinBroker(send, this.log));
    this.router = new MessageRouter(transport, this.handlers(), {
      // The spec requires execution_count in every execute_reply.
      errorReplyFields: (msgType) => (msgType === 'execute_request' ? { execution_count: this.executionCount } : {}),
      onFatal: (text) => {
        this.log(`I/O thread failed: ${text}`);
        this.options.onShutdown();
      },
      log: this.log,
    });
    comms.attach({
      publish: (msgType, content, buffers, metadata) => {
        const output = this.outputs.latest;
        if (output) output.comm(msgType, content, buffers, metadata);
        else this.publisher.publish(msgType, content, {}, { buffers, metadata });
      },
    });
  }

  /** The kernel_info_reply content (the I/O thread answers kernel_info_request with it). */
  static kernelInfo(interpreter: Interpreter): JsonObject {
    return {
      status: 'ok',
      protocol_version: PROTOCOL_VERSION,
      implementation: interpreter.implementation,
      implementation_version: interpreter.implementationVersion,
      language_info: { ...interpreter.languageInfo },
      banner: interpreter.banner,
      debugger: false,
      help_links: interpreter.helpLinks.map((link) => ({ ...link })),
    };
  }

  start(): void {
    this.router.start();
    this.publisher.publish('status', { execution_state: 'starting' }, {});
  }

  /** Where text written to process.stdout / process.stderr goes: the latest request's output (false before the first). */
  writeStream(name: 'stdout' | 'stderr', text: string): boolean {
    const output = this.outputs.latest;
    if (!output) return false;
    output.stream(name, text);
    return true;
  }

  private handlers(): MessageHandlers {
    return {
      execute_request: (request) => this.execute(request),
      complete_request: ({ message: { content }, reply }) => {
        const code = stringField(content, 'code');
        const result = this.interpreter.complete(code, integerField(content, 'cursor_pos', [...code].length));
        reply('complete_reply', {
          status: 'ok', matches: result.matches, cursor_start: result.cursorStart, cursor_end: result.cursorEnd,
          metadata: result.metadata as JsonObject,
        });
      },
      inspect_request: ({ message: { content }, reply }) => {
        const code = stringField(content, 'code');
        const result = this.interpreter.inspect(code, integerField(content, 'cursor_pos', [...code].length), integerField(content, 'detail_level', 0));
        reply('inspect_reply', { status: 'ok', found: result.found, data: result.data as JsonObject, metadata: result.metadata as JsonObject });
      },
      is_complete_request: ({ message: { content }, reply }) => {
        const result = this.interpreter.isComplete(stringField(content, 'code'));
        reply('is_complete_reply', result.status === 'incomplete' ? { status: result.status, indent: result.indent } : { status: result.status });
      },
      history_request: ({ message: { content }, reply }) => reply('history_reply', historyReply(this.history.query(historyQuery(content)), content)),
      comm_info_request: ({ message: { content }, reply }) =>
        reply('comm_info_reply', { status: 'ok', comms: this.comms.info(optionalStringField(content, 'target_name')) }),
      comm_open: (request) => this.handleComm(request, (content) =>
        this.comms.handleOpen(stringField(content, 'comm_id'), stringField(content, 'target_name'), objectField(content, 'data'))),
      comm_msg: (request) => this.handleComm(request, (content) =>
        this.comms.handleMsg(stringField(content, 'comm_id'), objectField(content, 'data'), request.message.buffers)),
      comm_close: (request) => this.handleComm(request, (content) =>
        this.comms.handleClose(stringField(content, 'comm_id'), objectField(content, 'data'))),
      shutdown_request: ({ message: { content }, reply }) => {
        reply('shutdown_reply', { status: 'ok', restart: booleanField(content, 'restart', false) });
        // The reply and idle status must leave before the process does.
        setTimeout(() => this.options.onShutdown(), 0);
      },
      input_reply: ({ message }) => this.publisher.stdin.answer(message),
    };
  }

  /** Runs a comm handler with the comm message's output active: its prints, displays and comm replies go under that message. */
  private async handleComm(request: Request, handle: (content: JsonObject) => string | undefined): Promise<void> {
    const output = this.publisher.open(request.message.header);
    try {
      const problem = await this.outputs.during(output, () => handle(request.message.content));
      if (problem) this.log(problem);
    } catch (e) {
      // A bad message gets its error reply; a handler a cell registered that throws is the cells' error.
      if (e instanceof BadRequestError || !this.options.reportHandlerError?.(e, `a ${request.message.header.msg_type} handler`)) throw e;
    } finally {
      output.flush();
    }
  }

  private async execute({ message, reply }: Request): Promise<void> {
    const { content, metadata } = message;
    const code = stringField(content, 'code');
    const silent = booleanField(content, 'silent', false);
    const storeHistory = booleanField(content, 'store_history', !silent) && !silent;
    const stopOnError = booleanField(content, 'stop_on_error', true);
    const allowStdin = booleanField(content, 'allow_stdin', false);
    const userExpressions: Record<string, string> = {};
    for (const [name, expr] of Object.entries(objectField(content, 'user_expressions'))) {
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
    if (!silent) this.publisher.publish('execute_input', { code, execution_count: executionCount }, message.header);

    const output = this.publisher.open(message.header, allowStdin ? { identities: message.identities } : undefined);
    let outcome: ExecuteOutcome;
    try {
      outcome = await this.outputs.during(output, () =>
        this.interpreter.execute({ code, silent, storeHistory, executionCount, cellId, userExpressions, allowStdin }, output));
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      outcome = { status: 'error', ename: error.name, evalue: error.message, traceback: (error.stack ?? error.message).split('\n') };
    } finally {
      output.finished = true;
      this.publisher.stdin.cancel(output, 'the cell finished before the front end answered its input request');
    }
    output.flush();
    const replyMetadata: JsonObject = { started: message.header.date ?? '', status: outcome.status };
    if (outcome.status === 'ok') {
      if (outcome.result && !silent) {
        output.publishOutput('execute_result', { execution_count: executionCount, data: outcome.result.data as JsonObject, metadata: outcome.result.metadata as JsonObject });
        const plain = outcome.result.data['text/plain'];
        if (storeHistory && typeof plain === 'string') this.history.recordOutput(executionCount, plain);
      }
      reply('execute_reply', { status: 'ok', execution_count: executionCount, user_expressions: outcome.userExpressions as JsonObject, payload: [] }, replyMetadata);
      return;
    }
    const error = { ename: outcome.ename, evalue: outcome.evalue, traceback: outcome.traceback };
    if (!silent) output.publishOutput('error', error);
    reply('execute_reply', { status: 'error', execution_count: executionCount, ...error }, replyMetadata);
    if (stopOnError) this.router.abortQueuedExecutions(this.executionCount);
  }
}
