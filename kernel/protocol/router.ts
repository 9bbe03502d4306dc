/**
 * The main thread's message router: takes what the I/O thread posts, answers each shell and control
 * message by the routing table (`routing.ts`) with one busy/idle pair around it, runs shell messages
 * one at a time in arrival order and control messages at once, and turns failures into error replies.
 * It knows no message's content: the handlers do.
 */
import { BadRequestError } from './content_fields';
import { IoEvent, JsonObject, JupyterMessage, MessageHeader, OutgoingMessage, RequestChannel } from './messages';
import { MainThreadType, answerRequest, replyTypeOf, routeOf } from './routing';

/** What the I/O thread delivers to the main thread (it keeps 'ready' for the transport's start-up). */
export type RoutedEvent = Exclude<IoEvent, { kind: 'ready' }>;

/** The main thread's end of the I/O thread (KernelTransport; a fake one in tests). */
export interface MessageTransport {
  /** Sets the one consumer of the I/O thread's events. */
  setListener(listener: (event: RoutedEvent) => void): void;
  send(message: OutgoingMessage): void;
  /** Takes the events already posted but not yet delivered, synchronously. */
  drainQueued(): RoutedEvent[];
}

/** A message being handled, with the way to answer it. */
export interface Request {
  channel: RequestChannel;
  message: JupyterMessage;
  reply(msgType: string, content: JsonObject, metadata?: JsonObject): void;
}

/** One handler for each message the main thread answers. */
export type MessageHandlers = { readonly [K in MainThreadType]: (request: Request) => void | Promise<void> };

export interface RouterOptions {
  /** Fields every error reply to a request of this type carries besides the error (execute_reply: execution_count). */
  errorReplyFields(msgType: string): JsonObject;
  /** The I/O thread died: the kernel cannot talk to anyone any more. */
  onFatal(text: string): void;
  log(text: string): void;
}

type Routed = { channel: RequestChannel; event: Extract<RoutedEvent, { kind: 'request' | 'malformed' }> };

export class MessageRouter {
  private readonly shellQueue: Routed[] = [];
  private processing = false;

  constructor(private readonly transport: MessageTransport, private readonly handlers: MessageHandlers, private readonly options: RouterOptions) {}

  start(): void {
    this.transport.setListener((event) => this.accept(event));
  }

  /**
   * Answers the execute requests already sent (queued here, or still in transit from the I/O thread)
   * `aborted` instead of running them: what stop_on_error asks after a failed cell.
   */
  abortQueuedExecutions(executionCount: number): void {
    for (const event of this.transport.drainQueued()) this.accept(event);
    const keep: Routed[] = [];
    for (const item of this.shellQueue) {
      if (item.event.kind === 'request' && item.event.message.header.msg_type === 'execute_request') {
        const request = item.event.message;
        void answerRequest((m) => this.transport.send(m), request.header, () =>
          this.reply(item.channel, request, 'execute_reply', { status: 'aborted', execution_count: executionCount }, { status: 'aborted' }));
      } else {
        keep.push(item);
      }
    }
    this.shellQueue.splice(0, this.shellQueue.length, ...keep);
  }

  private accept(event: RoutedEvent): void {
    if (event.kind === 'fatal') {
      this.options.onFatal(event.text);
      return;
    }
    if (event.channel === 'stdin') {
      // The answers to the kernel's own input requests: no status, no reply.
      if (event.kind === 'request' && routeOf(event.message.header.msg_type, 'stdin')) void this.dispatch('stdin', event.message);
      else this.options.log(`ignored a ${event.kind === 'request' ? event.message.header.msg_type : 'malformed'} message on stdin`);
      return;
    }
    if (event.channel === 'control') {
      void this.answer({ channel: event.channel, event });
    } else {
      this.shellQueue.push({ channel: event.channel, event });
      void this.processQueue();
    }
  }

  private async processQueue(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (let next = this.shellQueue.shift(); next; next = this.shellQueue.shift()) await this.answer(next);
    } finally {
      this.processing = false;
    }
  }

  private answer({ channel, event }: Routed): Promise<void> {
    if (event.kind === 'malformed') {
      return answerRequest((m) => this.transport.send(m), event.header, () =>
        this.reply(channel, event, replyTypeOf(event.header.msg_type), this.errorReply(event.header.msg_type, 'MalformedMessage', event.reason)));
    }
    const message = event.message;
    const type = message.header.msg_type;
    return answerRequest((m) => this.transport.send(m), message.header, async () => {
      try {
        await this.dispatch(channel, message);
      } catch (e) {
        const error = e instanceof Error ? e : new Error(String(e));
        if (!(error instanceof BadRequestError)) this.options.log(`handling ${type} failed: ${error.stack ?? error.message}`);
        this.reply(channel, message, replyTypeOf(type), this.errorReply(type, error.name, error.message));
      }
    });
  }

  private dispatch(channel: RequestChannel, message: JupyterMessage): void | Promise<void> {
    const type = message.header.msg_type;
    const route = routeOf(type, channel);
    if (route?.answeredBy === 'main-thread') {
      const handler = this.handlers[route.msgType as MainThreadType];
      return handler({ channel, message, reply: (msgType, content, metadata) => this.reply(channel, message, msgType, content, metadata) });
    }
    if (type.endsWith('_request')) {
      this.reply(channel, message, replyTypeOf(type), errorContent('UnknownMessageType', `scopeflow does not handle ${type} messages`));
    } else {
      this.options.log(`ignored a ${type} message on ${channel}`);
    }
  }

  /** An error reply with the fields its reply type always carries. */
  private errorReply(requestType: string, ename: string, evalue: string): JsonObject {
    return { ...errorContent(ename, evalue), ...this.options.errorReplyFields(requestType) };
  }

  private reply(channel: RequestChannel, request: { header: MessageHeader; identities: Uint8Array[] }, msgType: string, content: JsonObject, metadata: JsonObject = {}): void {
    this.transport.send({ channel, msgType, content, parentHeader: request.header, identities: request.identities, metadata });
  }
}

function errorContent(ename: string, evalue: string): JsonObject {
  return { status: 'error', ename, evalue, traceback: [`${ename}: ${evalue}`] };
}
