import * as path from 'path';
import { MessageChannel, MessagePort, Worker, receiveMessageOnPort } from 'worker_threads';
import { ConnectionInfo } from './connection';
import type { IoThreadOptions } from './io_thread';
import type { CellPhase } from '../interpreter/interpreter';
import { CELL_PHASES, EncodedMessage, IoEvent, JsonObject, MainEvent, OutgoingMessage } from './messages';
import type { MessageTransport, RoutedEvent } from './router';
import { encodeJsonPart } from './wire';

/**
 * Main-thread end of the I/O thread: starts it, forwards outgoing messages, and hands
 * incoming events to one listener.
 */
export class KernelTransport implements MessageTransport {
  private readonly worker: Worker;
  /** A dedicated channel for I/O events, so pending events can be read synchronously (drainQueued). */
  private readonly events: MessagePort;
  private listener: ((event: RoutedEvent) => void) | undefined;
  private readonly pending: RoutedEvent[] = [];
  /** The current cell's phase (an index into CELL_PHASES), read by the I/O thread when interrupting. */
  private readonly cellPhase = new Int32Array(new SharedArrayBuffer(4));
  readonly ready: Promise<Record<string, number>>;

  constructor(connection: ConnectionInfo, kernelInfo: JsonObject) {
    const channel = new MessageChannel();
    this.events = channel.port1;
    const workerData: IoThreadOptions = { connection, kernelInfo, events: channel.port2, cellPhase: this.cellPhase };
    this.worker = new Worker(path.join(__dirname, 'io_thread.js'), { workerData, transferList: [channel.port2] });
    this.ready = new Promise((resolve, reject) => {
      this.worker.once('error', reject);
      this.onEventInternal = (event) => {
        if (event.kind === 'ready') resolve(event.ports);
        else if (event.kind === 'fatal') reject(new Error(event.text));
      };
    });
    this.events.on('message', (event: IoEvent) => this.dispatch(event));
  }

  private onEventInternal: (event: IoEvent) => void = () => undefined;

  private dispatch(event: IoEvent): void {
    this.onEventInternal(event);
    if (event.kind === 'ready') return;
    if (this.listener) this.listener(event);
    else this.pending.push(event);
  }

  /** Sets the one consumer of requests; events that arrived before it are delivered now. */
  setListener(listener: (event: RoutedEvent) => void): void {
    this.listener = listener;
    for (const event of this.pending.splice(0)) listener(event);
  }

  /**
   * Synchronously takes the events the I/O thread has already posted but the event loop has not
   * delivered yet. Used to abort queued executions right after an error (stop_on_error).
   */
  drainQueued(): RoutedEvent[] {
    const drained: RoutedEvent[] = [];
    for (;;) {
      const next = receiveMessageOnPort(this.events);
      if (!next) break;
      const event = next.message as IoEvent;
      if (event.kind !== 'ready') drained.push(event);
    }
    return drained;
  }

  /** Publishes what the main thread is doing for the current cell to the I/O thread (no message, no wait). */
  setCellPhase(phase: CellPhase): void {
    Atomics.store(this.cellPhase, 0, CELL_PHASES.indexOf(phase));
  }

  /** Posts a message to the I/O thread; throws MessageEncodingError when its content cannot be sent as JSON. */
  send(message: OutgoingMessage): void {
    const { content, metadata, parentHeader, ...rest } = message;
    const encoded: EncodedMessage = {
      ...rest,
      parentHeader: encodeJsonPart(parentHeader, 'parent header', message.msgType),
      metadata: encodeJsonPart(metadata ?? {}, 'metadata', message.msgType),
      content: encodeJsonPart(content, 'content', message.msgType),
    };
    this.worker.postMessage({ kind: 'send', message: encoded } satisfies MainEvent);
  }

  async close(): Promise<void> {
    this.worker.postMessage({ kind: 'close' } satisfies MainEvent);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => { void this.worker.terminate().then(() => resolve()); }, 1000);
      this.worker.once('exit', () => { clearTimeout(timer); this.events.close(); resolve(); });
    });
  }
}
