/**
 * tf.train.Supervisor (TF 1.15's supervisor.py) and tf.train.basic_train_loop: the pre-MonitoredSession training
 * wrapper of classic tutorials. It finds or makes the init, ready and local-init ops, a Saver, the merged
 * summary op and the global step; `managed_session` prepares a session through a SessionManager (restoring the
 * latest checkpoint of `logdir` when there is one, else running the init op), writes the graph, and runs the
 * standard services: summaries every save_summaries_secs, `global_step/sec`, and a checkpoint every
 * save_model_secs, plus the queue runners.
 *
 * TF runs each service in a thread. JavaScript has none beside a synchronous `sess.run`, so the services are
 * cooperative: each runs once when started (as TF's threads do first), and again whenever it is due and the
 * training loop asks `should_stop()` (which every Supervisor loop does each step), or `loop()` services run.
 */
import * as path from 'path';
import { Graph, Operation, Tensor, get_default_graph } from '../framework/graph';
import { GraphKeys } from '../framework/graph_keys';
import { AbortedError, RuntimeError, ValueError } from '../framework/errors';
import { ScopeHandle, scoped } from '../framework/context';
import { pythonClass, pythonFunction } from '../framework/python_signature';
import { FeedDict, Session } from '../runtime/session';
import { ConfigProto, ConfigProtoFields } from '../runtime/session_config';
import { global_variables, global_variables_initializer, local_variables_initializer, report_uninitialized_variables } from '../variables/variables';
import { group } from '../ops/control_flow_ops';
import { tables_initializer } from '../ops/lookup_ops';
import { Saver } from '../train/saver';
import { SessionManager } from '../train/session_manager';
import { Coordinator, ThreadLike } from '../train/coordinator';
import { QueueRunner } from '../train/queue_runner';
import { GlobalStep, global_step as globalStepOf } from '../train/training_util';
import { write_graph } from '../train/graph_io';
import { export_meta_graph } from '../train/meta_graph';
import { clock } from '../train/clock';
import * as logging from '../train/logging';
import { FileWriter } from '../summary/writer';
import { merge_all } from '../summary/summary';
import { MetaGraphDef, SessionStatus } from '../proto';

/** Supervisor.USE_DEFAULT: find the op in its graph collection, or build TF's default. */
const USE_DEFAULT = 0;
type OrDefault<T> = T | typeof USE_DEFAULT | null;

export interface SupervisorOptions {
  graph?: Graph | null;
  ready_op?: OrDefault<Tensor>;
  ready_for_local_init_op?: OrDefault<Tensor>;
  is_chief?: boolean;
  init_op?: OrDefault<Operation>;
  init_feed_dict?: FeedDict | null;
  local_init_op?: OrDefault<Operation>;
  /** Where checkpoints and summaries go; null: neither. */
  logdir?: string | null;
  summary_op?: OrDefault<Tensor>;
  saver?: OrDefault<Saver>;
  global_step?: OrDefault<GlobalStep>;
  save_summaries_secs?: number;
  save_model_secs?: number;
  recovery_wait_secs?: number;
  stop_grace_secs?: number;
  checkpoint_basename?: string;
  session_manager?: SessionManager | null;
  summary_writer?: OrDefault<FileWriter>;
  init_fn?: ((sess: Session) => void) | null;
  local_init_run_options?: unknown;
}

export interface ManagedSessionOptions { config?: ConfigProto | ConfigProtoFields | null; start_standard_services?: boolean; close_summary_writer?: boolean }
export interface PrepareOrWaitOptions { config?: ConfigProto | ConfigProtoFields | null; wait_for_checkpoint?: boolean; max_wait_secs?: number; start_standard_services?: boolean }

let serviceCount = 0;

/** A standard service (TF's LooperThread): `run` every `interval` seconds while the supervisor runs. */
export class SupervisorService implements ThreadLike {
  readonly name: string;
  private next: number;
  private alive = true;
  constructor(kind: string, readonly interval: number, private readonly run: () => void) {
    this.name = `${kind}-${++serviceCount}`;
    this.next = clock.now();
  }
  is_alive(): boolean { return this.alive; }
  /** Runs when due (and schedules the next run); ends the service on a stop. */
  _tick(stopped: boolean): void {
    if (!this.alive) return;
    if (stopped) { this.alive = false; return; }
    if (clock.now() < this.next) return;
    this.next += this.interval;
    if (this.next <= clock.now()) this.next = clock.now() + this.interval;
    this.run();
  }
}

export class SupervisorImpl {
  static readonly USE_DEFAULT = USE_DEFAULT;
  readonly graph: Graph;
  readonly is_chief: boolean;
  readonly coord: Coordinator;
  readonly ready_op: Tensor | null;
  readonly ready_for_local_init_op: Tensor | null;
  readonly init_op: Operation | null;
  readonly init_feed_dict: FeedDict | null;
  readonly local_init_op: Operation | null;
  readonly saver: Saver | null;
  readonly summary_op: Tensor | null;
  readonly global_step: GlobalStep | null;
  readonly save_summaries_secs: number;
  readonly save_model_secs: number;
  readonly session_manager: SessionManager;
  readonly logdir: string | null;
  readonly save_path: string | null;
  private summaryWriter: FileWriter | null;
  private readonly stopGraceSecs: number;
  private readonly initFn: ((sess: Session) => void) | null;
  private readonly metaGraphDef: MetaGraphDef;
  private graphAddedToSummary = false;
  private services: SupervisorService[] = [];

  /** @example const sv = new tf.train.Supervisor({logdir: '/tmp/train'}); sv.managed_session((sess) => { while (!sv.should_stop()) sess.run(train_op); }); */
  constructor(options: SupervisorOptions = {}) {
    this.graph = options.graph ?? get_default_graph();
    this.is_chief = options.is_chief ?? true;
    const g = this.graph;
    const first = <T>(key: string): T | null => (g.get_collection<T>(key)[0] ?? null);
    const orDefault = <T>(given: OrDefault<T> | undefined, key: string, make: () => T | null): T | null => {
      if (given !== undefined && given !== USE_DEFAULT) return given;
      let v = first<T>(key);
      if (v === null) {
        v = make();
        if (v !== null) g.add_to_collection(key, v);
      }
      return v;
    };
    [this.ready_op, this.ready_for_local_init_op, this.init_op, this.local_init_op, this.saver, this.summary_op] = g.as_default(() => [
      orDefault(options.ready_op, GraphKeys.READY_OP, () => report_uninitialized_variables()),
      orDefault(options.ready_for_local_init_op, GraphKeys.READY_FOR_LOCAL_INIT_OP, () => report_uninitialized_variables(global_variables())),
      orDefault(options.init_op, GraphKeys.INIT_OP, () => global_variables_initializer()),
      orDefault(options.local_init_op, GraphKeys.LOCAL_INIT_OP, () => group([local_variables_initializer(), tables_initializer()])),
      orDefault(options.saver, GraphKeys.SAVERS, () => (global_variables().length ? new Saver() : null)),
      orDefault(options.summary_op, GraphKeys.SUMMARY_OP, () => merge_all()),
    ] as const);
    this.global_step = options.global_step !== undefined && options.global_step !== USE_DEFAULT ? options.global_step
      : first<GlobalStep>(GraphKeys.GLOBAL_STEP) ?? defaultGlobalStep(g);
    this.init_feed_dict = options.init_feed_dict ?? null;
    this.save_summaries_secs = options.save_summaries_secs ?? 120;
    this.save_model_secs = options.save_model_secs ?? 600;
    this.stopGraceSecs = options.stop_grace_secs ?? 120;
    this.initFn = options.init_fn ?? null;
    this.coord = new Coordinator();
    this.logdir = null;
    this.save_path = null;
    this.summaryWriter = null;
    if (this.is_chief) {
      this.logdir = options.logdir ?? null;
      if (this.logdir) this.save_path = path.join(this.logdir, options.checkpoint_basename ?? 'model.ckpt');
      const writer = options.summary_writer;
      this.summaryWriter = writer === undefined || writer === USE_DEFAULT ? (this.logdir ? new FileWriter(this.logdir) : null) : writer;
    }
    this.session_manager = options.session_manager ?? new SessionManager({
      local_init_op: this.local_init_op, ready_op: this.ready_op, ready_for_local_init_op: this.ready_for_local_init_op, graph: g,
      recovery_wait_secs: options.recovery_wait_secs ?? 30, local_init_run_options: options.local_init_run_options,
    });
    this.metaGraphDef = export_meta_graph(null, { graph: g, saver_def: this.saver ? this.saver.saver_def : undefined });
    if (!this.is_chief) {
      for (const op of g.get_operations()) {
        if ((op.type === 'Variable' || op.type === 'VariableV2') && !op.device) {
          throw new ValueError(`When using replicas, all Variables must have their device set: ${op.node_def.name}`);
        }
      }
    }
    // The graph may not change any more.
    g.finalize();
  }

  get summary_writer(): FileWriter | null { return this.summaryWriter; }

  /**
   * The chief: a session prepared by the SessionManager (restored from the latest checkpoint of logdir, or
   * initialised), the graph written, the standard services started. Others wait for the chief to make it ready.
   */
  prepare_or_wait_for_session(master = '', options: PrepareOrWaitOptions = {}): Session {
    this.coord.clear_stop();
    this.summaryWriter?.reopen();
    let sess: Session;
    const start = options.start_standard_services ?? true;
    if (this.is_chief) {
      sess = this.session_manager.prepare_session(master, {
        init_op: this.init_op, saver: this.saver, checkpoint_dir: this.logdir, wait_for_checkpoint: options.wait_for_checkpoint ?? false,
        max_wait_secs: options.max_wait_secs ?? 7200, config: options.config ?? undefined, init_feed_dict: this.init_feed_dict, init_fn: this.initFn,
      });
      this.writeGraph();
      if (start) {
        logging.info('Starting standard services.');
        this.start_standard_services(sess);
      }
    } else {
      sess = this.session_manager.wait_for_session(master, { config: options.config ?? undefined, max_wait_secs: options.max_wait_secs ?? 7200 });
    }
    if (start) {
      logging.info('Starting queue runners.');
      this.start_queue_runners(sess);
    }
    return sess;
  }

  /** The summary, step-counter and checkpoint services (the chief's, with a logdir); each runs once now. */
  start_standard_services(sess: Session): SupervisorService[] {
    if (!this.is_chief) throw new RuntimeError('Only chief supervisor can start standard services. Because only chief supervisors can write events.');
    if (!this.logdir) {
      logging.warning("Standard services need a 'logdir' passed to the SessionManager");
      return [];
    }
    const step = this.global_step;
    if (step !== null && this.summaryWriter) this.summaryWriter.add_session_log({ status: SessionStatus.START }, globalStepOf(sess, step));
    const started: SupervisorService[] = [];
    const writer = this.summaryWriter;
    if (this.save_summaries_secs && writer) {
      const summaryOp = this.summary_op;
      if (summaryOp !== null) {
        started.push(new SupervisorService('SVSummaryThread', this.save_summaries_secs, () => {
          const summary = sess.run(summaryOp);
          const at = step !== null ? globalStepOf(sess, step) : null;
          logging.info(`Recording summary at step ${at}.`);
          writer.add_summary(summary, at);
        }));
      }
      if (step !== null) {
        const tag = `${step.op.name}/sec`;
        let lastTime = clock.now(), lastStep = globalStepOf(sess, step);
        started.push(new SupervisorService('SVStepCounterThread', this.save_summaries_secs, () => {
          const current = globalStepOf(sess, step), now = clock.now();
          const elapsed = now - lastTime;
          const perSec = elapsed > 0 ? (current - lastStep) / elapsed : Infinity;
          [lastStep, lastTime] = [current, now];
          writer.add_summary({ value: [{ tag, simple_value: perSec }] }, current);
          logging.log_first_n(logging.INFO, `${tag}: ${perSec}`, 10);
        }));
      }
    }
    const saver = this.saver, savePath = this.save_path;
    if (saver && this.save_model_secs && savePath) {
      started.push(new SupervisorService('SVTimerCheckpointThread', this.save_model_secs, () => {
        logging.info(`Saving checkpoint to path ${savePath}`);
        saver.save(sess, savePath, { global_step: step });
        if (writer && step !== null) writer.add_session_log({ status: SessionStatus.CHECKPOINT, checkpoint_path: savePath }, globalStepOf(sess, step));
      }));
    }
    for (const s of started) this.startService(s);
    return started;
  }

  /** Starts the graph's queue runners (or those given) under the supervisor's coordinator. */
  start_queue_runners(sess: Session, queue_runners: readonly QueueRunner[] | null = null): ThreadLike[] {
    const runners = queue_runners ?? this.graph.get_collection<QueueRunner>(GraphKeys.QUEUE_RUNNERS);
    return runners.flatMap((qr) => qr.create_threads(sess, { coord: this.coord, daemon: true, start: true }));
  }

  /** Calls `target(...args)` now and then every `timer_interval_secs` while the supervisor runs (TF's LooperThread). */
  loop(timer_interval_secs: number, target: (...args: unknown[]) => void, args: readonly unknown[] = []): SupervisorService {
    const service = new SupervisorService('LooperThread', timer_interval_secs, () => target(...args));
    this.startService(service);
    return service;
  }

  /** Runs the services that are due, then answers whether a stop was requested. */
  should_stop(): boolean {
    if (!this.coord.should_stop()) this.tick();
    return this.coord.should_stop();
  }

  request_stop(ex: unknown = null): void { this.coord.request_stop(ex); }

  /** Python's `with sv.stop_on_exception():` as a callback. */
  stop_on_exception<R>(fn: () => R): R | undefined { return this.coord.stop_on_exception(fn); }

  wait_for_stop(): boolean { return this.coord.wait_for_stop(); }

  /**
   * Stops the services and threads (re-raising an error one reported, as TF's join does), then logs STOP and
   * closes the summary writer.
   */
  stop(threads: readonly ThreadLike[] | null = null, options: { close_summary_writer?: boolean; ignore_live_threads?: boolean } = {}): void {
    this.coord.request_stop();
    this.tick();
    try {
      this.coord.join(threads, { stop_grace_period_secs: this.stopGraceSecs, ignore_live_threads: options.ignore_live_threads ?? false });
    } finally {
      this.services = [];
      if ((options.close_summary_writer ?? true) && this.summaryWriter) {
        // Without a step: the session may have ended already.
        this.summaryWriter.add_session_log({ status: SessionStatus.STOP });
        this.summaryWriter.close();
        this.graphAddedToSummary = false;
      }
    }
  }

  /** Writes a summary (a Summary or a summary op's value) at the global step (read from `sess` if not given). */
  summary_computed(sess: Session, summary: Parameters<FileWriter['add_summary']>[0], global_step: number | null = null): void {
    if (!this.summaryWriter) throw new RuntimeError('Writing a summary requires a summary writer.');
    const at = global_step ?? (this.global_step !== null ? globalStepOf(sess, this.global_step) : null);
    this.summaryWriter.add_summary(summary, at);
  }

  /**
   * Python's `with sv.managed_session() as sess:`: a prepared session given to `body`; afterwards (or on an error
   * inside, which requests the stop) the supervisor stops, re-raising any error but an OutOfRangeError, and the
   * session closes. Without a body: a handle whose `value` is the session and whose exit stops and closes.
   */
  managed_session<R>(body: (sess: Session) => R): R | undefined;
  managed_session<R>(master: string, body: (sess: Session) => R): R | undefined;
  managed_session<R>(master: string, options: ManagedSessionOptions, body: (sess: Session) => R): R | undefined;
  managed_session(master?: string, options?: ManagedSessionOptions): ScopeHandle<Session>;
  managed_session<R>(...args: unknown[]): R | undefined | ScopeHandle<Session> {
    const body = typeof args[args.length - 1] === 'function' ? args.pop() as (sess: Session) => R : null;
    const master = typeof args[0] === 'string' ? args.shift() as string : '';
    const o = (args[0] ?? {}) as ManagedSessionOptions;
    const sess = this.prepare_or_wait_for_session(master, { config: o.config, start_standard_services: o.start_standard_services });
    const finish = () => {
      try { this.stop(null, { close_summary_writer: o.close_summary_writer ?? true }); } finally { sess.close(); }
    };
    if (!body) return scoped(() => ({ value: sess, exit: finish }));
    let result: R | undefined;
    try {
      result = body(sess);
    } catch (e) {
      this.request_stop(e);
    } finally {
      finish();
    }
    return result;
  }

  private startService(s: SupervisorService): void {
    this.services.push(s);
    this.coord.register_thread(s);
    s._tick(false);
  }

  private tick(): void {
    const stopped = this.coord.should_stop();
    for (const s of this.services) s._tick(stopped);
  }

  private writeGraph(): void {
    if (this.is_chief && this.logdir) write_graph(this.graph, this.logdir, 'graph.pbtxt');
    if (this.summaryWriter && !this.graphAddedToSummary) {
      this.summaryWriter.add_graph(this.graph);
      this.summaryWriter.add_meta_graph(this.metaGraphDef);
      this.graphAddedToSummary = true;
    }
  }
}

/** The tensor `global_step:0` if it is an integer scalar (TF's _default_global_step_tensor). */
function defaultGlobalStep(g: Graph): Tensor | null {
  try {
    const t = g.get_tensor_by_name('global_step:0');
    if (t.dtype.base_dtype.is_integer) return t;
    logging.warning(`Found 'global_step' is not an int type: ${t.dtype.name}`);
    return null;
  } catch {
    return null;
  }
}

/** `tf.train.Supervisor`, with or without `new`. */
export const Supervisor = Object.assign(pythonClass('Supervisor', [
  'graph=None', 'ready_op=USE_DEFAULT', 'ready_for_local_init_op=USE_DEFAULT', 'is_chief=True', 'init_op=USE_DEFAULT', 'init_feed_dict=None',
  'local_init_op=USE_DEFAULT', 'logdir=None', 'summary_op=USE_DEFAULT', 'saver=USE_DEFAULT', 'global_step=USE_DEFAULT', 'save_summaries_secs=120',
  'save_model_secs=600', 'recovery_wait_secs=30', 'stop_grace_secs=120', "checkpoint_basename='model.ckpt'", 'session_manager=None',
  'summary_writer=USE_DEFAULT', 'init_fn=None', 'local_init_run_options=None',
], 0, SupervisorImpl), { USE_DEFAULT });
export type Supervisor = SupervisorImpl;

/**
 * Runs `train_step_fn(sess, ...args)` in a managed session until the supervisor should stop, starting over
 * after an AbortedError (a restarted server), as TF's basic_train_loop.
 * @example tf.train.basic_train_loop(sv, (sess) => sess.run(train_op));
 */
export const basic_train_loop = pythonFunction('basic_train_loop', ['supervisor', 'train_step_fn', 'args=None', 'kwargs=None', "master=''"], 2, function basic_train_loop(supervisor: Supervisor, train_step_fn: (sess: Session, ...args: unknown[]) => void, options: { args?: readonly unknown[] | null; kwargs?: Record<string, unknown> | null; master?: string } = {}): void {
  const args = [...(options.args ?? [])];
  if (options.kwargs && Object.keys(options.kwargs).length) args.push(options.kwargs);
  for (let retry = true; retry;) {
    retry = false;
    try {
      supervisor.managed_session(options.master ?? '', {}, (sess) => {
        while (!supervisor.should_stop()) train_step_fn(sess, ...args);
      });
    } catch (e) {
      if (!(e instanceof AbortedError)) throw e;
      retry = true;
    }
  }
});
