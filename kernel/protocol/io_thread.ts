/**
 * The kernel's I/O thread. It owns every ZeroMQ socket so that heartbeats, interrupts and
 * kernel_info keep being answered while the main thread is busy running a cell (a `while (true) {}`
 * blocks the main thread's event loop entirely). It verifies signatures, decodes frames, and posts
 * requests to the main thread; the main thread posts replies back for signing and sending.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import { MessagePort, parentPort, workerData } from 'worker_threads';
import * as zmq from 'zeromq';
import { ConnectionInfo, endpoint } from './connection';
import { IoEvent, JsonObject, JupyterMessage, MainEvent, MessageHeader, OutgoingMessage, RequestChannel } from './messages';
import { MessageSigner, SignatureHistory, decodeMessage, encodeMessage, newHeader } from './wire';

export interface IoThreadOptions {
  connection: ConnectionInfo;
  /** The kernel_info_reply content, answered here so clients see a ready kernel without waiting on the main thread. */
  kernelInfo: JsonObject;
  /** Whether to log every dropped message to stderr. */
  verbose: boolean;
  /** Where I/O events go (a dedicated port, so the main thread can drain it synchronously). */
  events: MessagePort;
}

function log(text: string): void {
  // fd 2 directly: the main thread captures process.stderr for cell output.
  try { fs.writeSync(2, `[scopeflow io] ${text}\n`); } catch { /* stderr closed: nothing to do */ }
}

/** Serialises sends per socket: zeromq allows one pending send at a time. */
class SendQueue {
  private tail: Promise<void> = Promise.resolve();
  constructor(private readonly socket: zmq.Writable) {}
  push(frames: Buffer[]): void {
    this.tail = this.tail.then(() => this.socket.send(frames)).catch((e: Error) => log(`send failed: ${e.message}`));
  }
}

async function run(options: IoThreadOptions): Promise<void> {
  if (!parentPort) throw new Error('io_thread must run as a worker thread');
  const port = parentPort;
  const post = (event: IoEvent): void => options.events.postMessage(event);
  const { connection } = options;
  const signer = new MessageSigner(connection.key);
  const history = new SignatureHistory();
  const session = crypto.randomUUID();

  const shell = new zmq.Router({ linger: 0 });
  const control = new zmq.Router({ linger: 0 });
  const stdin = new zmq.Router({ linger: 0 });
  const iopub = new zmq.Publisher({ linger: 0 });
  const heartbeat = new zmq.Reply({ linger: 0 });
  const sockets = { shell, control, stdin, iopub, hb: heartbeat };
  const boundPorts: Record<string, number> = {};
  for (const [name, socket] of Object.entries(sockets)) {
    const configured = connection[`${name}_port` as 'shell_port'];
    await socket.bind(endpoint(connection, configured));
    const bound = socket.lastEndpoint ?? '';
    boundPorts[name] = Number(bound.slice(bound.lastIndexOf(':') + 1)) || configured;
  }
  const queues: Record<'shell' | 'control' | 'stdin' | 'iopub', SendQueue> = {
    shell: new SendQueue(shell), control: new SendQueue(control), stdin: new SendQueue(stdin), iopub: new SendQueue(iopub),
  };

  const send = (message: OutgoingMessage): void => {
    const full: JupyterMessage = {
      identities: message.channel === 'iopub' ? [Buffer.from(message.msgType)] : message.identities,
      header: message.msgId ? { ...newHeader(message.msgType, session), msg_id: message.msgId } : newHeader(message.msgType, session),
      parent_header: message.parentHeader,
      metadata: message.metadata ?? {},
      content: message.content,
      buffers: message.buffers ?? [],
    };
    queues[message.channel].push(encodeMessage(full, signer));
  };
  const publishStatus = (state: 'busy' | 'idle', parent: MessageHeader): void =>
    send({ channel: 'iopub', msgType: 'status', content: { execution_state: state }, parentHeader: parent, identities: [] });

  /** Requests the I/O thread answers itself, because the main thread may be blocked. */
  const answerHere = (channel: RequestChannel, message: JupyterMessage): boolean => {
    const type = message.header.msg_type;
    if (type === 'kernel_info_request') {
      publishStatus('busy', message.header);
      send({ channel, msgType: 'kernel_info_reply', content: options.kernelInfo, parentHeader: message.header, identities: message.identities });
      publishStatus('idle', message.header);
      return true;
    }
    if (type === 'interrupt_request' && channel === 'control') {
      publishStatus('busy', message.header);
      // SIGINT both breaks a synchronous cell (vm breakOnSigint) and reaches the main thread's
      // SIGINT listener, which cancels an awaiting cell: one path for message and signal interrupts.
      process.kill(process.pid, 'SIGINT');
      send({ channel, msgType: 'interrupt_reply', content: { status: 'ok' }, parentHeader: message.header, identities: message.identities });
      publishStatus('idle', message.header);
      return true;
    }
    return false;
  };

  const receive = async (channel: RequestChannel, socket: zmq.Router): Promise<void> => {
    for await (const frames of socket) {
      const decoded = decodeMessage(frames, signer, history);
      if (!decoded.ok) {
        const failure = decoded.failure;
        if (failure.kind === 'bad-body') {
          post({ kind: 'malformed', channel, identities: failure.identities, header: failure.header, parentHeader: failure.parentHeader, reason: failure.reason });
        } else {
          // Unsigned, forged or unparseable-header messages are never acted on; there is no trustworthy
          // header to reply to, so they are logged and dropped (as ipykernel does).
          log(`dropped a message on ${channel}: ${failure.kind}${'reason' in failure ? ` (${failure.reason})` : ''}`);
        }
        continue;
      }
      if (!answerHere(channel, decoded.message)) post({ kind: 'request', channel, message: decoded.message });
    }
  };

  const echoHeartbeats = async (): Promise<void> => {
    for await (const frames of heartbeat) await heartbeat.send(frames);
  };

  port.on('message', (event: MainEvent) => {
    if (event.kind === 'send') send(event.message);
    else if (event.kind === 'close') {
      // Let queued replies (shutdown_reply) leave before closing.
      setTimeout(() => {
        for (const socket of Object.values(sockets)) socket.close();
        port.close();
        options.events.close();
      }, 50);
    }
  });

  post({ kind: 'ready', ports: boundPorts as Record<'shell' | 'control' | 'stdin' | 'iopub' | 'hb', number> });
  const loops = [receive('shell', shell), receive('control', control), receive('stdin', stdin), echoHeartbeats()];
  await Promise.allSettled(loops);
}

run(workerData as IoThreadOptions).catch((e: Error) => {
  log(`fatal: ${e.stack ?? e.message}`);
  (workerData as IoThreadOptions).events.postMessage({ kind: 'fatal', text: e.message } satisfies IoEvent);
});
