/**
 * tf.train.QueueRunner, add_queue_runner and start_queue_runners. A QueueRunner holds a queue's enqueue
 * ops, one "thread" each, and closes the queue when the last of them hits the end of its input
 * (OutOfRangeError), or cancels it when the coordinator asks to stop. The threads are cooperative (see
 * lib/kernels/producers.ts): a started thread is stepped, one run of its enqueue op at a time, by the
 * dequeues that wait for its queue, and by Coordinator.join; JavaScript gives no thread that could loop
 * beside a synchronous `sess.run`, and stepping on demand keeps TF's visible order: enqueue ops run, an
 * upstream OutOfRange closes the queue, a stop request cancels it.
 */
import { Operation, Tensor, get_default_graph } from '../framework/graph';
import { GraphKeys } from '../framework/graph_keys';
import { OutOfRangeError, TFTypeError, ValueError, error_code_from_exception_type, exception_type_from_error_code } from '../framework/errors';
import { strip_name_scope } from '../framework/scopes';
import { QueueRunnerDef } from '../proto';
import { pythonClass, pythonFunction, PythonFunction } from '../framework/python_signature';
import { CooperativeThread, registerThread } from '../kernels/producers';
import { resourceKey } from '../kernels/registry';
import { queueHasRoom } from '../kernels/cpu/queues';
import { QueueBase } from '../ops/queue_ops';
import { BaseSession, get_default_session } from '../runtime/session';
import { Coordinator, ThreadLike } from './coordinator';
import * as logging from './logging';

type ErrorClass = abstract new (...args: never[]) => Error;
let threadCount = 0;

/** One enqueue loop of a QueueRunner in one session (TF's thread running QueueRunner._run). */
class QueueRunnerThread implements CooperativeThread, ThreadLike {
  readonly name = `Thread-${++threadCount}`;
  daemon = false;
  private state: 'new' | 'running' | 'done' = 'new';
  private busy = false;
  private key: string | null = null;

  constructor(readonly _session: BaseSession, private readonly runner: QueueRunnerImpl, private readonly enqueueOp: Operation, private readonly coord: Coordinator | null) {}

  /** Starts the loop: from now on the queue's dequeues step it. */
  start(): void {
    if (this.state !== 'new') throw new Error('threads can only be started once');
    this.state = 'running';
    registerThread(this._session, this);
  }

  is_alive(): boolean {
    if (this.state === 'running' && this._session._closed) this.end();
    return this.state === 'running';
  }

  /** Python's Thread.join: steps this thread until it ends (its queue full or ended: it would wait). */
  join(): void {
    while (this.runnable()) this.step();
  }

  target(): string {
    // Running the queue node itself names the queue (and makes it, as the enqueue would).
    this.key ??= resourceKey(this._session.run(this.runner._queue_handle));
    return this.key;
  }

  runnable(): boolean {
    if (!this.is_alive() || this.busy) return false;
    return (this.coord?.should_stop() ?? false) || queueHasRoom(this._session, this.target());
  }

  step(): void {
    if (!this.is_alive()) return;
    if (this.coord?.should_stop()) { this.end(); return; }
    this.busy = true;
    try {
      this._session.run(this.enqueueOp);
    } catch (e) {
      if (this.runner.queue_closed_exception_types.some((c) => e instanceof c)) {
        this.end();
        // The last loop to reach the end of the input closes the queue; the rest of its elements still dequeue.
        if (this.runner._thread_ended(this._session)) {
          try { this._session.run(this.runner.close_op); } catch (err) { logging.debug('Ignored exception: %s', (err as Error).message); }
        }
        return;
      }
      this.end();
      if (this.coord) this.coord.request_stop(e);
      else {
        logging.error('Exception in QueueRunner: %s', (e as Error).message);
        this.runner._record(e as Error);
      }
    } finally {
      this.busy = false;
    }
  }

  private end(): void {
    if (this.state === 'done') return;
    const wasRunning = this.state === 'running';
    this.state = 'done';
    if (wasRunning) this.runner._thread_gone(this._session);
  }
}

/** TF's _close_on_stop thread: waits for the coordinator's stop, then runs the cancel op. */
class CloseOnStopThread implements ThreadLike {
  readonly name = `Thread-${++threadCount}`;
  daemon = false;
  private alive = false;

  constructor(private readonly session: BaseSession, private readonly cancelOp: Operation, private readonly coord: Coordinator) {}

  start(): void {
    this.alive = true;
    this.coord._on_stop(() => {
      this.alive = false;
      if (this.session._closed) return;
      try { this.session.run(this.cancelOp); } catch (e) { logging.debug('Ignored exception: %s', (e as Error).message); }
    });
  }

  is_alive(): boolean { return this.alive; }
  join(): void { /* it ends when the coordinator stops */ }
}

export type QueueRunnerThreadLike = QueueRunnerThread | CloseOnStopThread;

export interface QueueRunnerOptions {
  close_op?: Operation | null;
  cancel_op?: Operation | null;
  queue_closed_exception_types?: readonly ErrorClass[] | null;
  /** Rebuilds the runner from this QueueRunnerDef, its ops found in the default graph (exclusive of queue and enqueue_ops). */
  queue_runner_def?: QueueRunnerDef | null;
  import_scope?: string | null;
}

const CREATE_THREADS_PARAMS = ['sess', 'coord=None', 'daemon=False', 'start=False'] as const;

/** An op of the default graph named by a QueueRunnerDef field, under `import_scope`. */
function opOfDef(name: string | undefined, field: string, import_scope: string | null | undefined): Operation {
  if (!name) throw new ValueError(`QueueRunnerDef has no ${field}`);
  const full = import_scope ? `${import_scope.replace(/\/$/, '')}/${name}` : name;
  const el = get_default_graph().as_graph_element(full);
  if (!(el instanceof Operation)) throw new TFTypeError(`QueueRunnerDef ${field} '${name}' names a tensor, not an operation`);
  return el;
}

export class QueueRunnerImpl {
  /** The queue: a Queue object, or its queue op when the runner was rebuilt from a QueueRunnerDef (as in TF). */
  readonly queue: QueueBase | Operation;
  readonly enqueue_ops: readonly Operation[];
  readonly close_op: Operation;
  readonly cancel_op: Operation;
  readonly queue_closed_exception_types: readonly ErrorClass[];
  private exceptions: Error[] = [];
  /** Live loops per session, as TF's _runs_per_session. */
  private readonly runs = new WeakMap<BaseSession, number>();

  constructor(queue: QueueBase | null = null, enqueue_ops: readonly Operation[] | null = null, options: QueueRunnerOptions = {}) {
    const def = options.queue_runner_def;
    if (def) {
      if (queue || enqueue_ops?.length) throw new ValueError('queue_runner_def and queue are mutually exclusive.');
      const scope = options.import_scope;
      this.queue = opOfDef(def.queue_name, 'queue_name', scope);
      if (!def.enqueue_op_name?.length) throw new ValueError('QueueRunnerDef has no enqueue_op_name');
      this.enqueue_ops = def.enqueue_op_name.map((n) => opOfDef(n, 'enqueue_op_name', scope));
      this.close_op = opOfDef(def.close_op_name, 'close_op_name', scope);
      this.cancel_op = opOfDef(def.cancel_op_name, 'cancel_op_name', scope);
      // Defs written before the field existed hold no codes: OutOfRange, as TF reads them.
      const codes = def.queue_closed_exception_types ?? [];
      this.queue_closed_exception_types = codes.length ? codes.map(exception_type_from_error_code) : [OutOfRangeError];
      return;
    }
    if (!queue) throw new ValueError('Must provide queue or queue_runner_def.');
    if (!enqueue_ops || enqueue_ops.length === 0) throw new ValueError('Must provide enqueue_ops.');
    this.queue = queue;
    this.enqueue_ops = [...enqueue_ops];
    this.close_op = options.close_op ?? queue.close();
    this.cancel_op = options.cancel_op ?? queue.close({ cancel_pending_enqueues: true });
    this.queue_closed_exception_types = options.queue_closed_exception_types ?? [OutOfRangeError];
  }

  /** The queue's name. */
  get name(): string { return this.queue.name; }

  /** @internal The queue's resource handle, which the threads run to find the queue. */
  get _queue_handle(): Tensor { return this.queue instanceof Operation ? this.queue.outputs[0] : this.queue.queue_ref; }

  /**
   * The runner as a QueueRunnerDef, `export_scope` stripped from its names; null when its queue is outside
   * the scope (TF's QueueRunner.to_proto).
   */
  to_proto(export_scope: string | null = null): QueueRunnerDef | null {
    if (export_scope && !this.queue.name.startsWith(export_scope)) return null;
    const strip = (n: string) => strip_name_scope(n, export_scope);
    return {
      queue_name: strip(this.queue.name),
      enqueue_op_name: this.enqueue_ops.map((op) => strip(op.name)),
      close_op_name: strip(this.close_op.name),
      cancel_op_name: strip(this.cancel_op.name),
      queue_closed_exception_types: this.queue_closed_exception_types.map(error_code_from_exception_type),
    };
  }

  /** A QueueRunner of `queue_runner_def`, its ops those of the default graph under `import_scope`. */
  static from_proto(queue_runner_def: QueueRunnerDef, import_scope: string | null = null): QueueRunnerImpl {
    return new QueueRunnerImpl(null, null, { queue_runner_def, import_scope });
  }

  /** Exceptions the threads raised without a coordinator to report them to. */
  get exceptions_raised(): Error[] { return [...this.exceptions]; }

  declare create_threads: PythonFunction<typeof CREATE_THREADS_PARAMS, (sess: BaseSession, options?: { coord?: Coordinator | null; daemon?: boolean; start?: boolean }) => QueueRunnerThreadLike[], 1>;

  /** @internal */
  _record(e: Error): void { this.exceptions.push(e); }
  /** @internal One loop ended at the end of its input: whether it was the last one. */
  _thread_ended(sess: BaseSession): boolean { return (this.runs.get(sess) ?? 0) === 0; }
  /** @internal */
  _thread_gone(sess: BaseSession): void { this.runs.set(sess, Math.max(0, (this.runs.get(sess) ?? 0) - 1)); }

  static {
    this.prototype.create_threads = pythonFunction('create_threads', CREATE_THREADS_PARAMS, 1, function create_threads(this: QueueRunnerImpl, sess: BaseSession, options: { coord?: Coordinator | null; daemon?: boolean; start?: boolean } = {}): QueueRunnerThreadLike[] {
      // Already running in this session: no new threads.
      if ((this.runs.get(sess) ?? 0) > 0) return [];
      this.runs.set(sess, this.enqueue_ops.length);
      this.exceptions = [];
      const coord = options.coord ?? null;
      const threads: QueueRunnerThreadLike[] = this.enqueue_ops.map((op) => new QueueRunnerThread(sess, this, op, coord));
      if (coord) threads.push(new CloseOnStopThread(sess, this.cancel_op, coord));
      for (const t of threads) {
        if (coord) coord.register_thread(t);
        t.daemon = options.daemon ?? false;
        if (options.start) t.start();
      }
      return threads;
    });
  }
}

/** `tf.train.QueueRunner(queue, enqueue_ops, ...)`, with or without `new`. */
export const QueueRunner = pythonClass('QueueRunner', ['queue=None', 'enqueue_ops=None', 'close_op=None', 'cancel_op=None', 'queue_closed_exception_types=None', 'queue_runner_def=None', 'import_scope=None'], 2, QueueRunnerImpl);
export type QueueRunner = QueueRunnerImpl;

/** Adds `qr` to the graph collection `collection` (QUEUE_RUNNERS), for start_queue_runners. */
export const add_queue_runner = pythonFunction('add_queue_runner', ['qr', 'collection=tf.GraphKeys.QUEUE_RUNNERS'], 1, function add_queue_runner(qr: QueueRunner, options: { collection?: string } = {}): void {
  get_default_graph().add_to_collection(options.collection ?? GraphKeys.QUEUE_RUNNERS, qr);
});

/** Starts the threads of every QueueRunner in the graph's `collection`; returns them (for Coordinator.join). */
export const start_queue_runners = pythonFunction('start_queue_runners', ['sess=None', 'coord=None', 'daemon=True', 'start=True', 'collection=tf.GraphKeys.QUEUE_RUNNERS'], 0, function start_queue_runners(options: {
  sess?: BaseSession | { constructor: { name: string } } | null; coord?: Coordinator | null; daemon?: boolean; start?: boolean; collection?: string;
} = {}): QueueRunnerThreadLike[] {
  const sess = options.sess ?? get_default_session();
  if (!sess) throw new ValueError('Cannot start queue runners: No default session is registered. Use `with sess.as_default()` or pass an explicit session to tf.start_queue_runners(sess=sess)');
  if (!(sess instanceof BaseSession)) {
    // A MonitoredSession starts its own queue runners.
    if (['MonitoredSession', 'SingularMonitoredSession'].includes(sess.constructor.name)) return [];
    throw new TFTypeError(`sess must be a \`tf.Session\` object. Given class: ${sess.constructor.name}`);
  }
  const threads: QueueRunnerThreadLike[] = [];
  for (const qr of sess.graph.get_collection(options.collection ?? GraphKeys.QUEUE_RUNNERS) as QueueRunner[]) {
    threads.push(...qr.create_threads(sess, { coord: options.coord ?? null, daemon: options.daemon ?? true, start: options.start ?? true }));
  }
  return threads;
});
