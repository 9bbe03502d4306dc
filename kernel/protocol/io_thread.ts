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
import { stopBusyCell } from './busy_cell_stopper';
import { ConnectionInfo, endpoint } from './connection';
import { CELL_PHASES, EncodedMessage, IoEvent, JsonObject, JupyterMessage, MainEvent, OutgoingMessage, RequestChannel } from './messages';
import { endCellProcesses } from '../cell_processes';
import { answerOnIoThread, ioThreadHandlers } from './io_requests';
import { answerRequest } from './routing';
import { MessageSigner, SignatureHistory, decodeMessage, encodeFrames, newHeader } from './wire';

export interface IoThreadOptions {
  connection: ConnectionInfo;
  /** The kernel_info_reply content, answered here so clients see a ready kernel without waiting on the main thread. */
  kernelInfo: JsonObject;
  /** Where I/O events go (a dedicated port, so the main thread can drain it synchronously). */
  events: MessagePort;
  /** One shared word: the index in CELL_PHASES of what the main thread is doing for the current cell. */
  cellPhase: Int32Array;
}

/**
 * How long after an interrupt a cell may still be awaiting before the I/O thread concludes that the
 * main thread is stuck in one of its continuations (the SIGINT listener had no turn of the event loop).
 */
const TERMINATE_AFTER_MS = 300;
const AWAITING = CELL_PHASES.indexOf('awaiting');
const IDLE = CELL_PHASES.indexOf('idle');
/**
 * How long the main thread has to answer a shutdown_request (after the interrupt it starts with)
 * before the I/O thread answers it and ends the process: a cell may keep the main thread busy.
 */
const SHUTDOWN_GRACE_MS = 1200;

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

  /** Ends the cells' processes and this kernel's, from this thread (the main thread may be stuck). */
  const endKernel = (): void => {
    endCellProcesses();
    process.kill(process.pid, 'SIGKILL');
  };
    let shutdownGuard: NodeJS.Timeout | undefined;
  let shutdownAnswered = false;
  /** Sends a message whose body the main thread wrote as JSON (see KernelTransport.send). */
  const sendEncoded = (message: EncodedMessage): void => {
    if (message.msgType === 'shutdown_reply') {
      // One answer per shutdown: the main thread's, or this thread's when the main thread was stuck.
      if (shutdownAnswered) return;
      shutdownAnswered = true;
      clearTimeout(shutdownGuard);
    }
    const identities = message.channel === 'iopub' ? [Buffer.from(message.msgType)] : message.identities;
    const header = message.msgId ? { ...newHeader(message.msgType, session), msg_id: message.msgId } : newHeader(message.msgType, session);
    queues[message.channel].push(encodeFrames(identities, JSON.stringify(header), [message.parentHeader, message.metadata, message.content], message.buffers ?? [], signer));
  };
  /** Sends a message made here (all of it plain JSON). */
  const send = ({ parentHeader, metadata, content, ...rest }: OutgoingMessage): void =>
    sendEncoded({ ...rest, parentHeader: JSON.stringify(parentHeader), metadata: JSON.stringify(metadata ?? {}), content: JSON.stringify(content) });

  let watchdog: NodeJS.Timeout | undefined;
  /**
   * After an interrupt: a cell that is still 'awaiting' once the main thread had time to take the
   * SIGINT is stuck in a busy continuation; stop that code (see busy_cell_stopper).
   */
  const stopBusyContinuation = (): void => {
    if (watchdog) clearTimeout(watchdog);
    const busy = (): boolean => Atomics.load(options.cellPhase, 0) === AWAITING;
    let attempts = 0;
    const check = (): void => {
      watchdog = undefined;
      // A few tries: a cell can have several busy continuations queued.
      if (!busy() || attempts >= 5) return;
      attempts++;
      void stopBusyCell(busy).then((outcome) => {
        log(`interrupt of a cell busy after an await: ${outcome === 'terminated' ? 'stopped' : outcome === 'unsafe' ? 'it runs inside a Node callback (timer, I/O), which cannot be unwound safely; the interrupt lands when it returns' : outcome}`);
        if (outcome === 'terminated') watchdog = setTimeout(check, TERMINATE_AFTER_MS);
      });
    };
    watchdog = setTimeout(check, TERMINATE_AFTER_MS);
  };

  const interrupt = (): void => {
    // SIGINT both breaks a synchronous cell (vm breakOnSigint) and reaches the main thread's
    // SIGINT listener, which cancels an awaiting cell: one path for message and signal interrupts.
    process.kill(process.pid, 'SIGINT');
    stopBusyContinuation();
  };
  const handlers = ioThreadHandlers(send, options.kernelInfo, interrupt);

  /**
   * A shutdown_request goes to the main thread, which answers it and exits. A running cell is
   * interrupted first; if the main thread still has not answered after SHUTDOWN_GRACE_MS, this
   * thread answers, ends the cells' processes and the kernel's own.
   */
  const guardShutdown = (channel: RequestChannel, message: JupyterMessage): void => {
    if (shutdownGuard || shutdownAnswered) return;
    // A cell may still be compiling when the request comes: it is interrupted as soon as it runs.
    let interrupted = false;
    const interruptRunningCell = (): void => {
      if (shutdownAnswered) clearInterval(poll);
      if (interrupted || shutdownAnswered || Atomics.load(options.cellPhase, 0) === IDLE) return;
      interrupted = true;
      interrupt();
    };
    const poll = setInterval(interruptRunningCell, 50);
    interruptRunningCell();
    shutdownGuard = setTimeout(() => {
      clearInterval(poll);
      if (shutdownAnswered) return;
      log('a cell kept the main thread from answering shutdown_request: ending the kernel from the I/O thread');
      const restart = message.content.restart === true;
      void answerRequest(send, message.header, () =>
        send({ channel, msgType: 'shutdown_reply', content: { status: 'ok', restart }, parentHeader: message.header, identities: message.identities }));
      // The reply leaves before the process does.
      setTimeout(endKernel, 100);
    }, SHUTDOWN_GRACE_MS);
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
      if (decoded.message.header.msg_type === 'shutdown_request') guardShutdown(channel, decoded.message);
      if (!answerOnIoThread(handlers, send, channel, decoded.message)) post({ kind: 'request', channel, message: decoded.message });
    }
  };

  const echoHeartbeats = async (): Promise<void> => {
    for await (const frames of heartbeat) await heartbeat.send(frames);
  };

  port.on('message', (event: MainEvent) => {
    if (event.kind === 'send') sendEncoded(event.message);
    else if (event.kind === 'close') {
      if (watchdog) clearTimeout(watchdog);
      // The main thread is ending the kernel while a cell's code still runs (busy code inside a Node
      // callback, which an interrupt cannot unwind): that code would keep it from exiting, so this thread
      // ends the process once the replies have left.
      if (Atomics.load(options.cellPhase, 0) !== IDLE) {
        setTimeout(endKernel, 150);
      }
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
