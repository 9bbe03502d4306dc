/**
 * The output of one request (an execute_request, a comm message): iopub messages under the
 * request's header, in the order they were made, with stream text batched.
 */
import type { DisplayOutput, ExecuteError, OutputSink } from '../interpreter/interpreter';
import type { JsonObject, MessageHeader, OutgoingMessage } from './messages';
import type { InputAsker, StdinBroker, StdinRoute } from './stdin_broker';
import { MessageEncodingError } from './wire';

export type Parent = MessageHeader | Record<string, never>;

/** Stream text a single request may send; beyond it output is cut with a notice, so a runaway print cannot exhaust memory. */
const MAX_STREAM_CHARS_PER_CELL = 8 * 1024 * 1024;
/** Stream text is batched into one message up to this size. */
const STREAM_FLUSH_CHARS = 64 * 1024;

/** Makes request outputs, and flushes their batched stream text once the current turn of the event loop ends. */
export class OutputPublisher {
  private readonly flushPending = new Set<RequestOutput>();
  private flushTimer: NodeJS.Immediate | undefined;

  constructor(private readonly send: (message: OutgoingMessage) => void, readonly stdin: StdinBroker) {}

  /** The output of the request with header `parent`; `stdin` when its front end answers input requests. */
  open(parent: Parent, stdin?: StdinRoute): RequestOutput {
    return new RequestOutput(this, parent, stdin);
  }

  publish(msgType: string, content: JsonObject, parent: Parent, extra: Pick<OutgoingMessage, 'buffers' | 'metadata'> = {}): void {
    this.send({ channel: 'iopub', msgType, content, parentHeader: parent, identities: [], ...extra });
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
}

export class RequestOutput implements OutputSink, InputAsker {
  private buffered: { name: 'stdout' | 'stderr'; text: string } | undefined;
  private streamedChars = 0;
  private truncated = false;
  finished = false;

  constructor(private readonly publisher: OutputPublisher, readonly parent: Parent, readonly stdin?: StdinRoute) {}

  requestInput(prompt: string, password: boolean): Promise<string> {
    this.flush();
    return this.publisher.stdin.request(this, prompt, password);
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
    else this.publisher.scheduleFlush(this);
  }

  flush(): void {
    if (!this.buffered) return;
    const { name, text } = this.buffered;
    this.buffered = undefined;
    this.publisher.publish('stream', { name, text }, this.parent);
  }

  display(output: DisplayOutput): void {
    this.publishOutput('display_data', displayContent(output));
  }

  updateDisplay(output: DisplayOutput & { displayId: string }): void {
    this.publishOutput('update_display_data', displayContent(output));
  }

  clearOutput(wait: boolean): void {
    this.publishOutput('clear_output', { wait });
  }

  comm(msgType: 'comm_open' | 'comm_msg' | 'comm_close', content: JsonObject, buffers: Uint8Array[], metadata: JsonObject): void {
    this.publishOutput(msgType, content, { buffers, metadata });
  }

  error(error: ExecuteError): void {
    this.publishOutput('error', { ename: error.ename, evalue: error.evalue, traceback: error.traceback });
  }

  /**
   * Publishes after the stream text printed before it. An output JSON cannot hold (circular
   * metadata, a BigInt) becomes an error output saying why; comm messages throw to their sender.
   */
  publishOutput(msgType: string, content: JsonObject, extra: Pick<OutgoingMessage, 'buffers' | 'metadata'> = {}): void {
    this.flush();
    try {
      this.publisher.publish(msgType, content, this.parent, extra);
    } catch (e) {
      if (!(e instanceof MessageEncodingError) || msgType === 'error' || msgType.startsWith('comm_')) throw e;
      this.error({ ename: e.name, evalue: e.message, traceback: [`${e.name}: ${e.message}`] });
    }
  }
}

function displayContent(output: DisplayOutput): JsonObject {
  return {
    data: output.data as JsonObject,
    metadata: output.metadata as JsonObject,
    transient: output.displayId ? { display_id: output.displayId } : {},
  };
}
