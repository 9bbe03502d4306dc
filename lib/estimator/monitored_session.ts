/**
 * TF 1.15's monitored_session.py: `tf.train.Scaffold` (the ops that initialise, check and save a model),
 * the session creators (ChiefSessionCreator restores or initialises, WorkerSessionCreator waits for a ready
 * model), `tf.train.MonitoredSession` (hooks around every run, queue runners under a Coordinator, a stop
 * flag), SingularMonitoredSession, and `tf.train.MonitoredTrainingSession` with the chief's standard hooks.
 */
import { Graph, Operation, Tensor, get_default_graph } from '../framework/graph';
import { GraphKeys } from '../framework/graph_keys';
import { AbortedError, NotImplementedError, OpError, OutOfRangeError, RuntimeError, TFTypeError, UnavailableError, ValueError } from '../framework/errors';
import { PythonSignature, pythonClass, pythonScope } from '../framework/python_signature';
import { FeedDict, FetchResult, Fetches, Session } from '../runtime/session';
import { ConfigProto, ConfigProtoFields, RunMetadata, RunOptions, RunOptionsFields } from '../runtime/session_config';
import { global_variables, global_variables_initializer, local_variables_initializer, report_uninitialized_variables } from '../variables/variables';
import { group } from '../ops/control_flow_ops';
import { tables_initializer } from '../ops/lookup_ops';
import { Saver } from '../train/saver';
import { SessionManager } from '../train/session_manager';
import * as logging from '../train/logging';
import { FileWriterCache } from '../summary/writer';
import { merge_all } from '../summary/summary';
import { Coordinator } from '../train/coordinator';
import { start_queue_runners } from '../train/queue_runner';
import {
  CheckpointSaverHook, HookFetches, SessionRunArgs, SessionRunContext, SessionRunHook, SessionRunValues, StepCounterHook, SummarySaverHook,
} from './hooks';

type InitOp = Operation | Tensor;
type Config = ConfigProto | ConfigProtoFields | null;

export interface ScaffoldOptions {
  init_op?: InitOp | null;
  init_feed_dict?: FeedDict | null;
  init_fn?: ((scaffold: Scaffold, session: Session) => void) | null;
  ready_op?: Tensor | null;
  ready_for_local_init_op?: Tensor | null;
  local_init_op?: InitOp | null;
  summary_op?: Tensor | null;
  saver?: Saver | null;
  copy_from_scaffold?: Scaffold | null;
}

/**
 * The parts a monitored session builds its session from; `finalize()` fills the missing ones from their
 * collections (INIT_OP, READY_OP, ...) or TF's defaults, then finalizes the graph.
 */
export class ScaffoldImpl {
  private _init_op: InitOp | null;
  private _ready_op: Tensor | null;
  private _ready_for_local_init_op: Tensor | null;
  private _local_init_op: InitOp | null;
  private _summary_op: Tensor | null;
  private _saver: Saver | null;
  readonly init_feed_dict: FeedDict | null;
  readonly init_fn: ((session: Session) => void) | null;
  constructor(options: ScaffoldOptions = {}) {
    const from = options.copy_from_scaffold ?? null;
    if (from !== null && !(from instanceof ScaffoldImpl)) throw new TFTypeError('copy_from_scaffold is not a Scaffold instance.');
    const pick = <K extends keyof ScaffoldOptions & keyof ScaffoldImpl>(key: K): NonNullable<ScaffoldOptions[K]> | null =>
      (options[key] ?? (from ? (from[key] as ScaffoldOptions[K]) : null)) ?? null;
    this._init_op = pick('init_op');
    this.init_feed_dict = pick('init_feed_dict');
    this._ready_op = pick('ready_op');
    this._ready_for_local_init_op = pick('ready_for_local_init_op');
    this._local_init_op = pick('local_init_op');
    this._summary_op = pick('summary_op');
    this._saver = pick('saver');
    // TF's init_fn takes (scaffold, session); the session manager calls it with the session alone.
    const initFn = options.init_fn ?? null;
    this.init_fn = initFn ? (sess) => initFn(this, sess) : (from?.init_fn ?? null);
  }
  get init_op(): InitOp | null { return this._init_op; }
  get ready_op(): Tensor | null { return this._ready_op; }
  get ready_for_local_init_op(): Tensor | null { return this._ready_for_local_init_op; }
  get local_init_op(): InitOp | null { return this._local_init_op; }
  get summary_op(): Tensor | null { return this._summary_op; }
  get saver(): Saver | null { return this._saver; }

  /** Creates the missing ops (and the saver) and finalizes the graph. */
  finalize(): this {
    const g = get_default_graph();
    this._init_op ??= ScaffoldImpl.get_or_default('init_op', GraphKeys.INIT_OP, () => group([global_variables_initializer()]));
    this._ready_op ??= ScaffoldImpl.get_or_default('ready_op', GraphKeys.READY_OP, () => report_uninitialized_variables());
    this._ready_for_local_init_op ??= ScaffoldImpl.get_or_default('ready_for_local_init_op', GraphKeys.READY_FOR_LOCAL_INIT_OP, () => report_uninitialized_variables(global_variables()));
    this._local_init_op ??= ScaffoldImpl.get_or_default('local_init_op', GraphKeys.LOCAL_INIT_OP, ScaffoldImpl.default_local_init_op);
    this._summary_op ??= ScaffoldImpl.get_or_default('summary_op', GraphKeys.SUMMARY_OP, () => merge_all());
    this._saver ??= saverOrDefault(g);
    g.finalize();
    logging.info('Graph was finalized.');
    return this;
  }

  /** The single item of `collection_key`, or `default_constructor()`'s result added to it. */
  static get_or_default<T>(arg_name: string, collection_key: string, default_constructor: () => T | null): T | null {
    const g = get_default_graph();
    const elements = g.get_collection<T>(collection_key);
    if (elements.length > 1) {
      throw new RuntimeError(`More than one item in the collection "${collection_key}". Please indicate which one to use by passing it to the tf.Scaffold constructor as:  tf.Scaffold(${arg_name}=item to use)`);
    }
    const op = elements.length ? elements[0] : default_constructor();
    if (!elements.length && op !== null) g.add_to_collection(collection_key, op);
    return op;
  }

  /** The local variables' initializer grouped with the tables' (TF's default local_init_op). */
  static default_local_init_op(): Operation {
    return group([local_variables_initializer(), tables_initializer()]);
  }
}

/** The saver of the SAVERS collection, or a new sharded one added to it. */
function saverOrDefault(g: Graph): Saver {
  const savers = g.get_collection<Saver>(GraphKeys.SAVERS);
  if (savers.length > 1) throw new RuntimeError(`More than one item in collection ${GraphKeys.SAVERS}. Please indicate which one to use by passing it to the constructor.`);
  if (savers.length) return savers[0];
  const saver = new Saver(null, { sharded: true, allow_empty: true });
  g.add_to_collection(GraphKeys.SAVERS, saver);
  return saver;
}

export const Scaffold = Object.assign(pythonClass('Scaffold', [
  'init_op=None', 'init_feed_dict: dict = None', 'init_fn=None', 'ready_op=None', 'ready_for_local_init_op=None', 'local_init_op=None',
  'summary_op=None', 'saver=None', 'copy_from_scaffold=None',
], 0, ScaffoldImpl), { get_or_default: ScaffoldImpl.get_or_default, default_local_init_op: ScaffoldImpl.default_local_init_op });
export type Scaffold = ScaffoldImpl;

/** Makes the session of a MonitoredSession: subclasses implement `create_session` (TF's abstract SessionCreator). */
export class SessionCreatorImpl {
  create_session(): Session { throw new NotImplementedError('create_session is not implemented for a SessionCreator subclass.'); }
}
export const SessionCreator = pythonClass('SessionCreator', [], 0, SessionCreatorImpl);
export type SessionCreator = SessionCreatorImpl;

/** The SessionManager of a finalized scaffold's ops over the default graph, where both session creators start. */
function scaffoldSessionManager(scaffold: Scaffold): SessionManager {
  scaffold.finalize();
  return new SessionManager({
    local_init_op: scaffold.local_init_op, ready_op: scaffold.ready_op,
    ready_for_local_init_op: scaffold.ready_for_local_init_op, graph: get_default_graph(),
  });
}

/** Restores the latest checkpoint of `checkpoint_dir` (or `checkpoint_filename_with_path`), or initialises (TF's ChiefSessionCreator). */
export class ChiefSessionCreatorImpl extends SessionCreatorImpl {
  readonly scaffold: Scaffold;
  constructor(private readonly options: { scaffold?: Scaffold | null; master?: string; config?: Config; checkpoint_dir?: string | null; checkpoint_filename_with_path?: string | null } = {}) {
    super();
    this.scaffold = options.scaffold ?? new ScaffoldImpl();
  }
  override create_session(): Session {
    return scaffoldSessionManager(this.scaffold).prepare_session(this.options.master ?? '', {
      saver: this.scaffold.saver, checkpoint_dir: this.options.checkpoint_dir ?? null,
      checkpoint_filename_with_path: this.options.checkpoint_filename_with_path ?? null, config: this.options.config ?? null,
      init_op: this.scaffold.init_op, init_feed_dict: this.scaffold.init_feed_dict, init_fn: this.scaffold.init_fn,
    });
  }
}
export const ChiefSessionCreator = pythonClass('ChiefSessionCreator', ["scaffold=None", "master=''", 'config=None', 'checkpoint_dir=None', 'checkpoint_filename_with_path=None'], 0, ChiefSessionCreatorImpl);
export type ChiefSessionCreator = ChiefSessionCreatorImpl;

/** Waits (up to max_wait_secs, default 30 minutes) for a model another process made ready (TF's WorkerSessionCreator). */
export class WorkerSessionCreatorImpl extends SessionCreatorImpl {
  readonly scaffold: Scaffold;
  constructor(private readonly options: { scaffold?: Scaffold | null; master?: string; config?: Config; max_wait_secs?: number } = {}) {
    super();
    this.scaffold = options.scaffold ?? new ScaffoldImpl();
  }
  override create_session(): Session {
    return scaffoldSessionManager(this.scaffold).wait_for_session(this.options.master ?? '', { config: this.options.config ?? null, max_wait_secs: this.options.max_wait_secs ?? 30 * 60 });
  }
}
export const WorkerSessionCreator = pythonClass('WorkerSessionCreator', ['scaffold=None', "master=''", 'config=None', 'max_wait_secs=1800'], 0, WorkerSessionCreatorImpl);
export type WorkerSessionCreator = WorkerSessionCreatorImpl;

const RUN = new PythonSignature('run', ['fetches: dict', 'feed_dict: dict = None', 'options=None', 'run_metadata=None']);
type RunOptionsArg = RunOptions | RunOptionsFields | null;

/** Thrown by StepContext.request_stop to leave a step_fn; run_step_fn catches it. */
class StopRequested extends Error {}

/** What `run_step_fn`'s function gets: the raw session, a run through the hooks, and request_stop. */
export class StepContext {
  constructor(readonly session: Session, private readonly monitored: MonitoredSessionImpl) {}
  run_with_hooks(...args: unknown[]): unknown { return (this.monitored.run as (...a: unknown[]) => unknown)(...args); }
  /** Ends the step function now and makes should_stop() true. */
  request_stop(): never { throw new StopRequested('step_fn has requested the iterations to stop.'); }
}

/** The errors after which a MonitoredSession makes a new session and runs again (TF's _PREEMPTION_ERRORS). */
const isPreemption = (e: unknown): e is OpError => e instanceof AbortedError || e instanceof UnavailableError;

/**
 * A session that runs hooks around every `run`, starts the queue runners under a Coordinator, and says when
 * to stop (a hook asked, a step_fn asked, or the input ran out: OutOfRangeError). A recoverable one (TF's
 * _RecoverableSession: MonitoredSession, not SingularMonitoredSession) meets an AbortedError or
 * UnavailableError by closing its session, making a new one with its creator (which restores the latest
 * checkpoint) and running again.
 */
export class MonitoredSessionImpl {
  private stopped = false;
  private sess: Session | null;
  private readonly hooks: readonly SessionRunHook[];
  private readonly graphWasFinalized: boolean;
  private readonly creator: SessionCreator;
  private coordinator: Coordinator;
  readonly graph: Graph;

  constructor(options: { session_creator?: SessionCreator | null; hooks?: readonly SessionRunHook[] | null; stop_grace_period_secs?: number } = {},
    private readonly recoverable = true) {
    this.hooks = [...(options.hooks ?? [])];
    for (const h of this.hooks) {
      if (typeof (h as Partial<SessionRunHook>)?.before_run !== 'function') throw new TFTypeError(`hooks must be SessionRunHook instances, got ${String(h)}`);
    }
    this.graph = get_default_graph();
    this.graphWasFinalized = this.graph.finalized;
    for (const h of this.hooks) h.begin();
    this.creator = options.session_creator ?? new ChiefSessionCreatorImpl();
    [this.sess, this.coordinator] = this.createSession();
  }

  /** Stops the queue runners the session started (TF's _CoordinatedSession). */
  get coord(): Coordinator { return this.coordinator; }

  /** A session from the creator, its queue runners started under a new Coordinator, and the hooks told. */
  private createSession(): [Session, Coordinator] {
    for (;;) {
      try {
        const sess = this.creator.create_session();
        const coord = new Coordinator();
        start_queue_runners(sess, coord);
        for (const h of this.hooks) h.after_create_session(sess, coord);
        return [sess, coord];
      } catch (e) {
        if (!this.recoverable || !isPreemption(e)) throw e;
        logging.info(`An error was raised while a session was being created. This may be due to a preemption of a connected worker or parameter server. A new session will be created. Error: ${e.message}`);
      }
    }
  }

  /** `attempt` on the current session; after a preemption error, again on a new session (recoverable sessions only). */
  private recovering<R>(attempt: (sess: Session) => R): R {
    for (;;) {
      const sess = this.sess;
      if (sess === null) throw new RuntimeError('Run called on a closed MonitoredSession.');
      try {
        return attempt(sess);
      } catch (e) {
        if (!this.recoverable || !isPreemption(e)) throw e;
        logging.info(`An error was raised. This may be due to a preemption in a connected worker or parameter server. The current session will be closed and a new session will be created. Error: ${e.message}`);
        this.coordinator.request_stop();
        try { this.coordinator.join(null, { ignore_live_threads: true }); } catch { /* the old session's runners are being discarded */ }
        try { sess.close(); } catch { /* a session that failed may not close cleanly; it is replaced */ }
        this.sess = null;
        [this.sess, this.coordinator] = this.createSession();
      }
    }
  }

  /** Whether a hook or step_fn asked to stop, the input ran out, or the session is closed. */
  should_stop(): boolean { return this.sess === null || this.stopped || this.coord.should_stop(); }

  /**
   * Runs `fetches` with every hook's fetches and feeds beside them. An OutOfRangeError (the end of the
   * input) marks the session stopped and propagates, as TF's; the `with` form swallows it.
   */
  run<const F extends Fetches>(fetches: F, feed_dict?: FeedDict | null, options?: RunOptionsArg, run_metadata?: RunMetadata | null): FetchResult<F>;
  run<const F extends Fetches>(fetches: F, keywords: { feed_dict?: FeedDict | null; options?: RunOptionsArg; run_metadata?: RunMetadata | null }): FetchResult<F>;
  run<const F extends Fetches>(keywords: { fetches: F; feed_dict?: FeedDict | null; options?: RunOptionsArg; run_metadata?: RunMetadata | null }): FetchResult<F>;
  run(...args: unknown[]): unknown {
    const [fetches, feed_dict, options, run_metadata] = RUN.bind(args) as [Fetches, FeedDict | null | undefined, RunOptionsArg | undefined, RunMetadata | null | undefined];
    if (this.sess === null) throw new RuntimeError('Run called on a closed MonitoredSession.');
    if (this.should_stop()) throw new RuntimeError('Run called even after should_stop requested.');
    const sess = this.sess;
    const ctx = new SessionRunContext(new SessionRunArgs(fetches as HookFetches, feed_dict ?? null), sess);
    const requests = this.hooks.map((h) => h.before_run(ctx));
    const hookFeeds = new Map<unknown, unknown>();
    for (const r of requests) {
      if (!r?.feed_dict) continue;
      const entries = feedEntries(r.feed_dict);
      conflict(hookFeeds, entries, 'Same tensor is fed by two hooks.');
      for (const [k, v] of entries) hookFeeds.set(k, v);
    }
    const feeds = new Map<unknown, unknown>(feed_dict ? feedEntries(feed_dict) : []);
    conflict(feeds, [...hookFeeds], 'Same tensor is fed by a SessionRunHook and user.');
    for (const [k, v] of hookFeeds) feeds.set(k, v);
    const hookFetches: Record<string, unknown> = {};
    requests.forEach((r, i) => { if (r && r.fetches !== null) hookFetches[i] = r.fetches; });
    const metadata = run_metadata ?? null;
    let results: { caller: unknown; hooks: Record<string, unknown> };
    try {
      // The combined structure is only known at run time, so the run is untyped here.
      results = this.recovering((current) => {
        const runUntyped = current.run.bind(current) as (f: unknown, d: FeedDict, o: RunOptionsArg, m: RunMetadata | null) => unknown;
        return runUntyped({ caller: fetches, hooks: hookFetches }, feeds as FeedDict, options ?? null, metadata) as typeof results;
      });
    } catch (e) {
      if (e instanceof OutOfRangeError) this.stopped = true;
      // An error a queue runner reported (which closed the queues) is the cause: raise that one.
      this.coord.raise_requested_exception();
      throw e;
    }
    const runOptions = options instanceof RunOptions ? options : null;
    // Every hook sees every run; one that asked for nothing gets null results (TF's None).
    this.hooks.forEach((h, i) => h.after_run(ctx, new SessionRunValues(i in results.hooks ? results.hooks[i] : null, runOptions, metadata)));
    if (ctx.stop_requested) this.stopped = true;
    return results.caller;
  }

  /**
   * Calls `step_fn(step_context)` once: it may run the raw session, run through the hooks
   * (`step_context.run_with_hooks`), or end the loop (`step_context.request_stop()`).
   */
  run_step_fn<R>(step_fn: (step_context: StepContext) => R): R | null {
    if (typeof step_fn !== 'function') throw new ValueError(`\`step_fn\` may either have one \`step_context\` argument, or \`self\` and \`step_context\` arguments if it's an instance method. Got ${String(step_fn)} instead.`);
    try {
      return this.recovering((sess) => step_fn(new StepContext(sess, this)));
    } catch (e) {
      if (e instanceof StopRequested) { this.stopped = true; return null; }
      throw e;
    }
  }

  /** The session under the hooks (SingularMonitoredSession's raw_session). */
  protected rawSession(): Session {
    if (this.sess === null) throw new RuntimeError('Session is already closed.');
    return this.sess;
  }

  /** Ends the session: hooks' `end` (unless it failed), queue runners stopped, event files flushed. */
  close(): void { this.closeInternal(true); }

  /** @internal the `with` block's exit: hooks' end only when the block ended normally. */
  closeInternal(ended_normally: boolean): void {
    const sess = this.sess;
    try {
      if (ended_normally && sess) for (const h of this.hooks) h.end(sess);
    } finally {
      try {
        if (sess === null) throw new RuntimeError('Session is already closed.');
        this.coord.request_stop();
        try { this.coord.join(null, { ignore_live_threads: true }); } finally { sess.close(); FileWriterCache.clear(); }
      } finally {
        this.sess = null;
        // A graph finalized for this session is open to changes again once it is closed.
        if (!this.graphWasFinalized) this.graph._unsafe_unfinalize();
      }
    }
  }

  [Symbol.dispose](): void { if (this.sess !== null) this.close(); }
}

function feedEntries(feeds: FeedDict): [unknown, unknown][] {
  return feeds instanceof Map ? [...feeds] : Object.entries(feeds);
}
const feedKey = (k: unknown): string => (k instanceof Tensor ? k.name : String(k));
function conflict(a: Map<unknown, unknown>, b: readonly [unknown, unknown][], message: string): void {
  const names = new Set([...a.keys()].map(feedKey));
  const both = b.map(([k]) => feedKey(k)).filter((k) => names.has(k));
  if (both.length) throw new RuntimeError(`${message} Conflict(s): [${both.map((n) => `'${n}'`).join(', ')}]`);
}

// Named as TF's classes: start_queue_runners (below this layer) knows a MonitoredSession by its class name.
Object.defineProperty(MonitoredSessionImpl, 'name', { value: 'MonitoredSession' });
/** Python's `with ... as sess:` over a monitored session: closed after `body`; an OutOfRangeError inside ends it normally. */
function withBlock<R>(session: MonitoredSessionImpl, body: (session: MonitoredSessionImpl) => R): R | undefined {
  let ok = false;
  try {
    const out = body(session);
    ok = true;
    return out;
  } catch (e) {
    if (e instanceof OutOfRangeError) { ok = true; return undefined; }
    throw e;
  } finally {
    session.closeInternal(ok);
  }
}

/** A pythonClass that also takes a trailing `with` body (`tf.train.MonitoredSession({hooks}, (sess) => ...)`). */
function withForm<C extends abstract new (...args: never[]) => MonitoredSessionImpl>(cls: C): C & {
  <R>(body: (session: InstanceType<C>) => R): R | undefined;
  <R>(keywords: ConstructorParameters<C>[0], body: (session: InstanceType<C>) => R): R | undefined;
} {
  return new Proxy(cls, {
    apply(target, _self, args: unknown[]) {
      const body = typeof args[args.length - 1] === 'function' ? args.pop() as (s: MonitoredSessionImpl) => unknown : undefined;
      const session = Reflect.apply(target as unknown as (...a: unknown[]) => MonitoredSessionImpl, undefined, args);
      return body ? withBlock(session, body) : session;
    },
  }) as never;
}

export const MonitoredSession = withForm(pythonClass('MonitoredSession', ['session_creator=None', 'hooks=None', 'stop_grace_period_secs=120'], 0, MonitoredSessionImpl));
export type MonitoredSession = MonitoredSessionImpl;

/** A MonitoredSession with a ChiefSessionCreator of its own and access to the raw session (TF's SingularMonitoredSession). */
export class SingularMonitoredSessionImpl extends MonitoredSessionImpl {
  constructor(options: { hooks?: readonly SessionRunHook[] | null; scaffold?: Scaffold | null; master?: string; config?: Config; checkpoint_dir?: string | null; stop_grace_period_secs?: number; checkpoint_filename_with_path?: string | null } = {}) {
    super({
      session_creator: new ChiefSessionCreatorImpl({
        scaffold: options.scaffold, master: options.master, config: options.config, checkpoint_dir: options.checkpoint_dir,
        checkpoint_filename_with_path: options.checkpoint_filename_with_path,
      }),
      hooks: options.hooks, stop_grace_period_secs: options.stop_grace_period_secs,
    }, false);
  }
  raw_session(): Session { return this.rawSession(); }
}
Object.defineProperty(SingularMonitoredSessionImpl, 'name', { value: 'SingularMonitoredSession' });
export const SingularMonitoredSession = withForm(pythonClass('SingularMonitoredSession', [
  'hooks=None', 'scaffold=None', "master=''", 'config=None', 'checkpoint_dir=None', 'stop_grace_period_secs=120', 'checkpoint_filename_with_path=None',
], 0, SingularMonitoredSessionImpl));
export type SingularMonitoredSession = SingularMonitoredSessionImpl;

export interface MonitoredTrainingSessionOptions {
  master?: string;
  is_chief?: boolean;
  checkpoint_dir?: string | null;
  scaffold?: Scaffold | null;
  hooks?: readonly SessionRunHook[] | null;
  chief_only_hooks?: readonly SessionRunHook[] | null;
  /** Seconds between checkpoints; by default 600 unless save_checkpoint_steps is given; null for none. */
  save_checkpoint_secs?: number | null;
  /** Steps between summaries; by default 100 unless save_summaries_secs is given; null for none. */
  save_summaries_steps?: number | null;
  save_summaries_secs?: number | null;
  config?: Config;
  stop_grace_period_secs?: number;
  log_step_count_steps?: number | null;
  max_wait_secs?: number;
  save_checkpoint_steps?: number | null;
  summary_dir?: string | null;
}

const positive = (n: number | null | undefined): boolean => n != null && n > 0;

function monitoredTrainingSession(options: MonitoredTrainingSessionOptions, body?: (session: MonitoredSession) => unknown): unknown {
  // `undefined` is TF's USE_DEFAULT: 100 summary steps unless seconds are given, 600 checkpoint seconds unless steps are.
  let { save_summaries_steps, save_summaries_secs, save_checkpoint_secs, save_checkpoint_steps } = options;
  if (save_summaries_steps === undefined && save_summaries_secs === undefined) save_summaries_steps = 100;
  if (save_checkpoint_steps === undefined && save_checkpoint_secs === undefined) save_checkpoint_secs = 600;
  const scaffold = options.scaffold ?? new ScaffoldImpl();
  let session: MonitoredSessionImpl;
  if (!(options.is_chief ?? true)) {
    const creator = new WorkerSessionCreatorImpl({ scaffold, master: options.master, config: options.config, max_wait_secs: options.max_wait_secs ?? 7200 });
    session = new MonitoredSessionImpl({ session_creator: creator, hooks: options.hooks ?? [], stop_grace_period_secs: options.stop_grace_period_secs });
  } else {
    const hooks: SessionRunHook[] = [...(options.chief_only_hooks ?? [])];
    const dir = options.checkpoint_dir ?? null;
    const creator = new ChiefSessionCreatorImpl({ scaffold, checkpoint_dir: dir, master: options.master, config: options.config });
    const summaryDir = options.summary_dir ?? dir;
    const logSteps = options.log_step_count_steps === undefined ? 100 : options.log_step_count_steps;
    if (summaryDir) {
      if (positive(logSteps)) hooks.push(new StepCounterHook({ output_dir: summaryDir, every_n_steps: logSteps }));
      if (positive(save_summaries_steps) || positive(save_summaries_secs)) {
        hooks.push(new SummarySaverHook({ scaffold, save_steps: save_summaries_steps ?? null, save_secs: save_summaries_secs ?? null, output_dir: summaryDir }));
      }
    }
    if (dir && (positive(save_checkpoint_secs) || positive(save_checkpoint_steps))) {
      hooks.push(new CheckpointSaverHook(dir, { save_steps: save_checkpoint_steps ?? null, save_secs: save_checkpoint_secs ?? null, scaffold }));
    }
    hooks.push(...(options.hooks ?? []));
    session = new MonitoredSessionImpl({ session_creator: creator, hooks, stop_grace_period_secs: options.stop_grace_period_secs });
  }
  return body ? withBlock(session, body) : session;
}

type MonitoredTrainingSessionFn = {
  (options?: MonitoredTrainingSessionOptions): MonitoredSession;
  <R>(body: (session: MonitoredSession) => R): R | undefined;
  <R>(options: MonitoredTrainingSessionOptions, body: (session: MonitoredSession) => R): R | undefined;
  (master: string, is_chief?: boolean, checkpoint_dir?: string | null, scaffold?: Scaffold | null, hooks?: readonly SessionRunHook[] | null, ...rest: unknown[]): MonitoredSession;
};

/**
 * A MonitoredSession for training, with the chief's standard hooks: `global_step/sec` every
 * `log_step_count_steps`, summaries every `save_summaries_steps` (or secs) and checkpoints every
 * `save_checkpoint_secs` (or steps) in `checkpoint_dir`, which it restores from. A trailing callback is
 * Python's `with` block: the session is closed after it, and an OutOfRangeError inside ends it normally.
 * @example tf.train.MonitoredTrainingSession({checkpoint_dir: dir, hooks: [tf.train.StopAtStepHook({last_step: 100})]}, (sess) => { while (!sess.should_stop()) sess.run(train_op); });
 */
export const MonitoredTrainingSession = pythonScope('MonitoredTrainingSession', [
  "master=''", 'is_chief=True', 'checkpoint_dir=None', 'scaffold=None', 'hooks=None', 'chief_only_hooks=None', 'save_checkpoint_secs=600',
  'save_summaries_steps=100', 'save_summaries_secs=None', 'config=None', 'stop_grace_period_secs=120', 'log_step_count_steps=100',
  'max_wait_secs=7200', 'save_checkpoint_steps=None', 'summary_dir=None',
], 0, monitoredTrainingSession) as unknown as MonitoredTrainingSessionFn;
