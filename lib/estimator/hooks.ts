/**
 * `tf.train.SessionRunHook` and TF 1.15's basic hooks: StopAtStepHook, LoggingTensorHook, NanTensorHook,
 * StepCounterHook, SummarySaverHook, CheckpointSaverHook. A hook adds fetches to each `run` of a
 * MonitoredSession (`before_run`), sees their values (`after_run`) and may ask the loop to stop.
 */
import { Graph, Operation, Tensor, get_default_graph } from '../framework/graph';
import { GraphKeys } from '../framework/graph_keys';
import { RuntimeError, ValueError } from '../framework/errors';
import { NDArray } from '../framework/ndarray';
import { BaseSession, FeedDict } from '../runtime/session';
import { RefVariable } from '../variables/variables';
import * as logging from '../train/logging';
import { Saver } from '../train/saver';
import { write_graph } from '../train/graph_io';
import { get_global_step } from '../train/optimizers';
import { FileWriter, FileWriterCache } from '../summary/writer';
import { merge_all } from '../summary/summary';

type Fetch = Tensor | Operation | RefVariable;
/** Fetches as sess.run takes them: one, an array, or an object of them. */
export type HookFetches = Fetch | readonly Fetch[] | { readonly [name: string]: Fetch };

/** What a hook adds to a run (TF's SessionRunArgs). */
export class SessionRunArgs {
  constructor(readonly fetches: HookFetches | null, readonly feed_dict: FeedDict | null = null) {}
}

/** The run being made, and the way to stop the loop after it (TF's SessionRunContext). */
export class SessionRunContext {
  private stopRequested = false;
  constructor(readonly original_args: SessionRunArgs, readonly session: BaseSession) {}
  request_stop(): void { this.stopRequested = true; }
  get stop_requested(): boolean { return this.stopRequested; }
}

/** The values of a hook's fetches (TF's SessionRunValues). */
export class SessionRunValues {
  constructor(readonly results: unknown) {}
}

/** Base of hooks: every method does nothing unless overridden. */
export class SessionRunHook {
  /** Called once before the session is created; the graph may still change. */
  begin(): void { /* optional */ }
  /** Called once the session exists (variables initialised or restored). */
  after_create_session(_session: BaseSession): void { /* optional */ }
  before_run(_run_context: SessionRunContext): SessionRunArgs | null { return null; }
  after_run(_run_context: SessionRunContext, _run_values: SessionRunValues): void { /* optional */ }
  /** Called at the end of a session that ended normally. */
  end(_session: BaseSession): void { /* optional */ }
}

function requireGlobalStep(hook: string, graph: Graph = get_default_graph()): Tensor {
  const step = get_global_step(graph);
  if (!step) throw new RuntimeError(`Global step should be created to use ${hook}.`);
  return step instanceof Tensor ? step : step.value();
}

const stepOf = (v: unknown): number => Number((v as NDArray).item());

/** Requests a stop once the global step reaches `last_step` (or `num_steps` past its value at the start). */
export class StopAtStepHook extends SessionRunHook {
  private lastStep: number | null;
  private stepTensor: Tensor | null = null;
  constructor(private readonly options: { num_steps?: number | null; last_step?: number | null }) {
    super();
    const { num_steps, last_step } = options;
    if ((num_steps == null) === (last_step == null)) throw new ValueError('One of num_steps or last_step must be specified.');
    if (num_steps != null && num_steps < 0) throw new ValueError('num_steps must be non-negative.');
    this.lastStep = last_step ?? null;
  }
  override begin(): void { this.stepTensor = requireGlobalStep('StopAtStepHook'); }
  override after_create_session(session: BaseSession): void {
    if (this.options.num_steps != null) this.lastStep = stepOf(session.run(this.stepTensor!)) + this.options.num_steps;
  }
  override before_run(): SessionRunArgs { return new SessionRunArgs(this.stepTensor!); }
  override after_run(ctx: SessionRunContext, values: SessionRunValues): void {
    // The fetched step is from before this run's increment.
    if (stepOf(values.results) + 1 >= this.lastStep!) ctx.request_stop();
  }
  /** @internal whether a session at `step` is already done (the Estimator skips training then). */
  doneAt(step: number): boolean { return this.options.last_step != null && step >= this.options.last_step; }
}

/**
 * Logs tensors' values every `every_n_iter` runs (or `every_n_secs`), as
 * `INFO:tensorflow:loss = 0.25, step = 100 (0.120 sec)`.
 */
export class LoggingTensorHook extends SessionRunHook {
  private iter = 0;
  private lastTime: number | null = null;
  private readonly names: string[];
  constructor(private readonly tensors: Readonly<Record<string, Tensor | RefVariable>> | readonly Tensor[], private readonly options: { every_n_iter?: number | null; every_n_secs?: number | null; at_end?: boolean; formatter?: ((values: Record<string, NDArray>) => string) | null } = {}) {
    super();
    if ((options.every_n_iter == null) === (options.every_n_secs == null) && !options.at_end) {
      throw new ValueError('either at_end and/or exactly one of every_n_iter and every_n_secs must be provided.');
    }
    if (options.every_n_iter != null && options.every_n_iter <= 0) throw new ValueError(`invalid every_n_iter=${options.every_n_iter}.`);
    this.names = Array.isArray(tensors) ? (tensors as Tensor[]).map((t) => t.name) : Object.keys(tensors);
  }
  private fetches(): Record<string, Fetch> {
    if (Array.isArray(this.tensors)) return Object.fromEntries((this.tensors as Tensor[]).map((t) => [t.name, t]));
    return { ...(this.tensors as Record<string, Fetch>) };
  }
  private due(): boolean {
    if (this.options.every_n_iter != null) return this.iter % this.options.every_n_iter === 0;
    if (this.options.every_n_secs != null) return this.lastTime === null || (Date.now() - this.lastTime) / 1000 >= this.options.every_n_secs;
    return false;
  }
  override before_run(): SessionRunArgs | null { return this.due() ? new SessionRunArgs(this.fetches()) : null; }
  override after_run(_ctx: SessionRunContext, values: SessionRunValues): void {
    if (values.results) this.log(values.results as Record<string, NDArray>);
    this.iter++;
  }
  override end(session: BaseSession): void {
    if (this.options.at_end) this.log(session.run(this.fetches() as Record<string, Tensor>) as Record<string, NDArray>);
  }
  private log(values: Record<string, NDArray>): void {
    const now = Date.now();
    const text = this.options.formatter ? this.options.formatter(values) : this.names.map((n) => `${n} = ${formatValue(values[n])}`).join(', ');
    if (this.lastTime !== null && !this.options.formatter) logging.info('%s (%.3f sec)', text, (now - this.lastTime) / 1000);
    else logging.info('%s', text);
    this.lastTime = now;
  }
}

/** A value as numpy's str() prints it (a float32 scalar as `0.4838781`). */
function formatValue(v: NDArray): string { return v.toString(); }

/** Raised by NanTensorHook (with fail_on_nan_loss). */
export class NanLossDuringTrainingError extends RuntimeError {
  constructor() { super('NaN loss during training.'); this.name = 'NanLossDuringTrainingError'; }
}

/** Stops (or fails) when the loss is NaN. */
export class NanTensorHook extends SessionRunHook {
  constructor(private readonly loss_tensor: Tensor, private readonly fail_on_nan_loss = true) { super(); }
  override before_run(): SessionRunArgs { return new SessionRunArgs(this.loss_tensor); }
  override after_run(ctx: SessionRunContext, values: SessionRunValues): void {
    if (!Number.isNaN(Number((values.results as NDArray).item()))) return;
    if (this.fail_on_nan_loss) throw new NanLossDuringTrainingError();
    logging.warning('Model diverged with loss = NaN.');
    ctx.request_stop();
  }
}

/** Counts steps per second: logs `global_step/sec: N` and writes it as a summary every `every_n_steps`. */
export class StepCounterHook extends SessionRunHook {
  private stepTensor: Tensor | null = null;
  private writer: FileWriter | null = null;
  private last: { step: number; time: number } | null = null;
  constructor(private readonly options: { every_n_steps?: number; output_dir?: string | null; summary_writer?: FileWriter | null } = {}) { super(); }
  override begin(): void {
    this.stepTensor = requireGlobalStep('StepCounterHook');
    this.writer = this.options.summary_writer ?? (this.options.output_dir ? FileWriterCache.get(this.options.output_dir) : null);
  }
  override before_run(): SessionRunArgs { return new SessionRunArgs(this.stepTensor!); }
  override after_run(_ctx: SessionRunContext, values: SessionRunValues): void {
    const step = stepOf(values.results) + 1, now = Date.now();
    if (this.last === null) { this.last = { step, time: now }; return; }
    if (step - this.last.step < (this.options.every_n_steps ?? 100)) return;
    const rate = (step - this.last.step) / Math.max((now - this.last.time) / 1000, 1e-9);
    logging.info('%s: %g', 'global_step/sec', rate);
    this.writer?.add_summary({ value: [{ tag: 'global_step/sec', simple_value: rate }] }, step);
    this.last = { step, time: now };
  }
}

/** Writes the summaries (default: merge_all) every `save_steps` to an event file in `output_dir`. */
export class SummarySaverHook extends SessionRunHook {
  private stepTensor: Tensor | null = null;
  private summaryOp: Tensor | null = null;
  private writer: FileWriter | null = null;
  private nextStep: number | null = null;
  constructor(private readonly options: { save_steps?: number; output_dir?: string | null; summary_writer?: FileWriter | null; summary_op?: Tensor | null }) {
    super();
    if (!options.output_dir && !options.summary_writer) throw new ValueError('Exactly one of output_dir and summary_writer must be provided.');
  }
  override begin(): void {
    this.stepTensor = requireGlobalStep('SummarySaverHook');
    this.summaryOp = this.options.summary_op ?? merge_all();
    this.writer = this.options.summary_writer ?? FileWriterCache.get(this.options.output_dir!);
  }
  override before_run(): SessionRunArgs {
    const fetches: Record<string, Fetch> = { step: this.stepTensor! };
    if (this.summaryOp) fetches.summary = this.summaryOp;
    return new SessionRunArgs(fetches);
  }
  override after_run(_ctx: SessionRunContext, values: SessionRunValues): void {
    const r = values.results as { step: NDArray; summary?: NDArray };
    const step = stepOf(r.step);
    if (this.nextStep === null) {
      this.writer!.add_session_log({ status: 1 }, step);   // SessionLog.START
      this.nextStep = step;
    }
    if (r.summary && step >= this.nextStep) {
      this.writer!.add_summary(r.summary, step);
      this.nextStep = step + (this.options.save_steps ?? 100);
    }
  }
  override end(): void { this.writer?.flush(); }
}

/**
 * Saves checkpoints `model.ckpt-<step>` in `checkpoint_dir` every `save_steps` (and at the first and last
 * step), writes `graph.pbtxt` there, and the graph and meta graph to its event file.
 */
export class CheckpointSaverHook extends SessionRunHook {
  private stepTensor: Tensor | null = null;
  private saver: Saver | null = null;
  private lastSaved = -1;
  private readonly prefix: string;
  constructor(private readonly checkpoint_dir: string, private readonly options: { save_steps?: number | null; saver?: Saver | null; checkpoint_basename?: string; max_to_keep?: number } = {}) {
    super();
    if (!options.save_steps || options.save_steps <= 0) throw new ValueError('CheckpointSaverHook needs save_steps (a positive number of steps)');
    this.prefix = `${checkpoint_dir.replace(/\/+$/, '')}/${options.checkpoint_basename ?? 'model.ckpt'}`;
  }
  override begin(): void {
    this.stepTensor = requireGlobalStep('CheckpointSaverHook');
    const g = get_default_graph();
    this.saver = this.options.saver ?? g.get_collection<Saver>(GraphKeys.SAVERS)[0] ?? new Saver(null, { max_to_keep: this.options.max_to_keep ?? 5 });
  }
  override after_create_session(session: BaseSession): void {
    const g = session.graph;
    write_graph(g, this.checkpoint_dir, 'graph.pbtxt');
    const writer = FileWriterCache.get(this.checkpoint_dir);
    writer.add_graph(g);
    writer.add_meta_graph(this.saver!.export_meta_graph());
    this.save(session, stepOf(session.run(this.stepTensor!)));
  }
  override before_run(): SessionRunArgs { return new SessionRunArgs(this.stepTensor!); }
  override after_run(ctx: SessionRunContext, values: SessionRunValues): void {
    const step = stepOf(values.results) + 1;
    if (step - this.lastSaved >= this.options.save_steps!) this.save(ctx.session, step);
  }
  override end(session: BaseSession): void {
    const step = stepOf(session.run(this.stepTensor!));
    if (step !== this.lastSaved) this.save(session, step);
  }
  private save(session: BaseSession, step: number): void {
    logging.info('Saving checkpoints for %d into %s.', step, this.prefix);
    this.saver!.save(session, this.prefix, { global_step: step });
    this.lastSaved = step;
  }
}
