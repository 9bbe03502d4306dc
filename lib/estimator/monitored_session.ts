/**
 * `tf.train.MonitoredTrainingSession`: a session that restores the latest checkpoint of `checkpoint_dir`
 * (or initialises the global and local variables), runs hooks around every `run`, saves checkpoints and
 * summaries, and says when to stop (a hook asked, or the input ran out: OutOfRangeError).
 */
import { get_default_graph } from '../framework/graph';
import { OutOfRangeError, RuntimeError } from '../framework/errors';
import { FeedDict, Fetches, Session } from '../runtime/session';
import { global_variables_initializer, local_variables_initializer } from '../variables/variables';
import { group } from '../ops/control_flow_ops';
import { latest_checkpoint } from '../train/checkpoint_management';
import { Saver } from '../train/saver';
import * as logging from '../train/logging';
import { FileWriterCache } from '../summary/writer';
import { Coordinator } from '../train/coordinator';
import { start_queue_runners } from '../train/queue_runner';
import {
  CheckpointSaverHook, HookFetches, SessionRunArgs, SessionRunContext, SessionRunHook, SessionRunValues, StepCounterHook, SummarySaverHook,
} from './hooks';

export interface MonitoredTrainingSessionOptions {
  is_chief?: boolean;
  checkpoint_dir?: string | null;
  hooks?: readonly SessionRunHook[];
  chief_only_hooks?: readonly SessionRunHook[];
  /** Steps between checkpoints (default: none unless given; TF's default is every 600 s). */
  save_checkpoint_steps?: number | null;
  save_summaries_steps?: number | null;
  log_step_count_steps?: number | null;
  /** Saver used to restore and save (default: one over the global variables). */
  saver?: Saver | null;
}

export class MonitoredSession {
  private stopped = false;
  private closed = false;
  readonly session: Session;
  /** Stops the queue runners the session started (TF's _CoordinatedSession). */
  readonly coord: Coordinator;

  constructor(private readonly hooks: readonly SessionRunHook[], checkpointDir: string | null, saver: Saver | null) {
    const g = get_default_graph();
    for (const h of hooks) h.begin();
    const localInit = local_variables_initializer();
    const init = group([global_variables_initializer(), localInit], { name: 'init_all' });
    const restoreFrom = checkpointDir ? latest_checkpoint(checkpointDir) : null;
    const restorer = restoreFrom ? saver ?? new Saver() : null;
    g.finalize();
    this.session = new Session({ graph: g });
    if (restoreFrom) {
      this.session.run(localInit);
      restorer!.restore(this.session, restoreFrom);
    } else {
      this.session.run(init);
    }
    this.coord = new Coordinator();
    start_queue_runners(this.session, this.coord);
    for (const h of hooks) h.after_create_session(this.session);
  }

  get graph() { return this.session.graph; }

  /** Whether a hook asked to stop, or the input ran out. */
  should_stop(): boolean { return this.stopped || this.closed || this.coord.should_stop(); }

  /**
   * Runs `fetches` with every hook's fetches beside them. An OutOfRangeError (the end of the input) marks
   * the session stopped and propagates, as TF's; the callback form of MonitoredTrainingSession swallows it.
   */
  run(fetches: Fetches, feed_dict?: FeedDict): unknown {
    if (this.closed) throw new RuntimeError('Run called on a closed MonitoredSession.');
    const ctx = new SessionRunContext(new SessionRunArgs(fetches as HookFetches, feed_dict ?? null), this.session);
    const extra = this.hooks.map((h) => h.before_run(ctx));
    const feeds = new Map<unknown, unknown>();
    const addFeeds = (f: FeedDict | null | undefined) => {
      if (!f) return;
      for (const [k, v] of f instanceof Map ? f : Object.entries(f)) feeds.set(k, v);
    };
    addFeeds(feed_dict);
    for (const e of extra) addFeeds(e?.feed_dict);
    const all = { user: fetches, hooks: extra.map((e) => e?.fetches ?? []) };
    let results: { user: unknown; hooks: unknown[] };
    try {
      // The combined structure is only known at run time, so the run is untyped here.
      const runUntyped = this.session.run.bind(this.session) as (f: unknown, d: FeedDict) => unknown;
      results = runUntyped(all, feeds as FeedDict) as { user: unknown; hooks: unknown[] };
    } catch (e) {
      if (e instanceof OutOfRangeError) this.stopped = true;
      // An error a queue runner reported (which closed the queues) is the cause: raise that one.
      this.coord.raise_requested_exception();
      throw e;
    }
    // Every hook sees every run; one that asked for nothing gets null results (TF's None).
    this.hooks.forEach((h, i) => h.after_run(ctx, new SessionRunValues(extra[i] ? results.hooks[i] : null)));
    if (ctx.stop_requested) this.stopped = true;
    return results.user;
  }

  /** Ends the session: hooks' `end` (unless it failed), pending event files flushed. */
  close(ended_normally = true): void {
    if (this.closed) return;
    if (ended_normally) for (const h of this.hooks) h.end(this.session);
    this.closed = true;
    this.coord.request_stop();
    try {
      this.coord.join(null, { ignore_live_threads: true });
    } finally {
      this.session.close();
      FileWriterCache.clear();
    }
  }
}

/**
 * A MonitoredSession with the chief's standard hooks: checkpoints every `save_checkpoint_steps`,
 * summaries every `save_summaries_steps` (default 100) and `global_step/sec` every
 * `log_step_count_steps` (default 100), all in `checkpoint_dir`.
 * @example tf.train.MonitoredTrainingSession({checkpoint_dir: dir, hooks: [new tf.train.StopAtStepHook({last_step: 100})]}, (sess) => { while (!sess.should_stop()) sess.run(train_op); });
 */
export function MonitoredTrainingSession(options?: MonitoredTrainingSessionOptions): MonitoredSession;
export function MonitoredTrainingSession<R>(options: MonitoredTrainingSessionOptions, fn: (session: MonitoredSession) => R): R | undefined;
export function MonitoredTrainingSession<R>(options: MonitoredTrainingSessionOptions = {}, fn?: (session: MonitoredSession) => R): MonitoredSession | R | undefined {
  const hooks: SessionRunHook[] = [...(options.hooks ?? [])];
  const dir = options.checkpoint_dir ?? null;
  if (options.is_chief ?? true) {
    hooks.push(...(options.chief_only_hooks ?? []));
    if (dir) {
      const summarySteps = options.save_summaries_steps === undefined ? 100 : options.save_summaries_steps;
      const logSteps = options.log_step_count_steps === undefined ? 100 : options.log_step_count_steps;
      if (logSteps) hooks.push(new StepCounterHook({ every_n_steps: logSteps, output_dir: dir }));
      if (summarySteps) hooks.push(new SummarySaverHook({ save_steps: summarySteps, output_dir: dir }));
      if (options.save_checkpoint_steps) hooks.push(new CheckpointSaverHook(dir, { save_steps: options.save_checkpoint_steps, saver: options.saver }));
    }
  }
  const session = new MonitoredSession(hooks, dir, options.saver ?? null);
  if (!fn) return session;
  let ok = false;
  try {
    const out = fn(session);
    ok = true;
    return out;
  } catch (e) {
    // As TF's `with` block: running out of input ends the session normally.
    if (e instanceof OutOfRangeError) { ok = true; logging.info('Input ran out (OutOfRangeError): stopping.'); return undefined; }
    throw e;
  } finally {
    session.close(ok);
  }
}

