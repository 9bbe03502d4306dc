/**
 * `tf.train.SessionRunHook` and TF 1.15's basic hooks (basic_session_run_hooks.py): StopAtStepHook,
 * LoggingTensorHook, CheckpointSaverHook (with CheckpointSaverListener), SummarySaverHook, StepCounterHook,
 * NanTensorHook, FinalOpsHook, FeedFnHook, GlobalStepWaiterHook, and SecondOrStepTimer. A hook adds fetches
 * to each `run` of a MonitoredSession (`before_run`), sees their values (`after_run`) and may ask the loop
 * to stop. Every class takes TF's arguments by position or keyword, with or without `new`.
 */
import { Graph, Operation, Tensor, get_default_graph } from '../framework/graph';
import { GraphKeys } from '../framework/graph_keys';
import { OutOfRangeError, RuntimeError, ValueError } from '../framework/errors';
import { NDArray } from '../framework/ndarray';
import { pythonClass } from '../framework/python_signature';
import { BaseSession, FeedDict } from '../runtime/session';
import { RunMetadata, RunOptions } from '../runtime/session_config';
import { RefVariable } from '../variables/variables';
import * as logging from '../train/logging';
import { Saver } from '../train/saver';
import { write_graph } from '../train/graph_io';
import { get_global_step } from '../train/optimizers';
import { Coordinator } from '../train/coordinator';
import { clock } from '../train/clock';
import { FileWriter, FileWriterCache } from '../summary/writer';

type Fetch = Tensor | Operation | RefVariable | string;
/** Fetches as sess.run takes them: one, an array, or an object of them. */
export type HookFetches = Fetch | readonly Fetch[] | { readonly [name: string]: Fetch };

/** What a hook adds to a run (TF's SessionRunArgs): fetches, feeds and run options. */
export class SessionRunArgsImpl {
  readonly fetches: HookFetches | null;
  readonly feed_dict: FeedDict | null;
  readonly options: RunOptions | null;
  constructor(fetches: HookFetches | null, feed_dict: FeedDict | null = null, options: RunOptions | null = null) {
    this.fetches = fetches ?? null;
    this.feed_dict = feed_dict ?? null;
    this.options = options ?? null;
  }
}
export const SessionRunArgs = pythonClass('SessionRunArgs', ['fetches: dict', 'feed_dict: dict = None', 'options=None'], 3, SessionRunArgsImpl);
export type SessionRunArgs = SessionRunArgsImpl;

/** The run being made, and the way to stop the loop after it (TF's SessionRunContext). */
export class SessionRunContextImpl {
  private stopRequested = false;
  constructor(readonly original_args: SessionRunArgs, readonly session: BaseSession) {}
  /** Asks the loop to stop once this run is done (should_stop() becomes true). */
  request_stop(): void { this.stopRequested = true; }
  get stop_requested(): boolean { return this.stopRequested; }
}
export const SessionRunContext = pythonClass('SessionRunContext', ['original_args', 'session'], 2, SessionRunContextImpl);
export type SessionRunContext = SessionRunContextImpl;

/** The values of a hook's fetches (TF's SessionRunValues), with the run's options and metadata. */
export class SessionRunValuesImpl {
  constructor(readonly results: unknown, readonly options: RunOptions | null = null, readonly run_metadata: RunMetadata | null = null) {}
}
export const SessionRunValues = pythonClass('SessionRunValues', ['results', 'options', 'run_metadata'], 3, SessionRunValuesImpl);
export type SessionRunValues = SessionRunValuesImpl;

/** Base of hooks: every method does nothing unless overridden. */
export class SessionRunHookImpl {
  /** Called once before the session is created; the graph may still change. */
  begin(): void { /* optional */ }
  /** Called once the session exists (variables initialised or restored), with the session's coordinator. */
  after_create_session(_session: BaseSession, _coord?: Coordinator | null): void { /* optional */ }
  before_run(_run_context: SessionRunContext): SessionRunArgs | null { return null; }
  after_run(_run_context: SessionRunContext, _run_values: SessionRunValues): void { /* optional */ }
  /** Called at the end of a session that ended normally (or by OutOfRangeError in the `with` form). */
  end(_session: BaseSession): void { /* optional */ }
}
export const SessionRunHook = pythonClass('SessionRunHook', [], 0, SessionRunHookImpl);
export type SessionRunHook = SessionRunHookImpl;

function requireGlobalStep(hook: string, graph: Graph = get_default_graph()): Tensor {
  const step = get_global_step(graph);
  if (!step) throw new RuntimeError(`Global step should be created to use ${hook}.`);
  return step instanceof Tensor ? step : step.value();
}

const stepOf = (v: unknown): number => Number((v as NDArray).item());

/** Triggers every `every_secs` seconds or every `every_steps` steps (TF's SecondOrStepTimer). */
export class SecondOrStepTimerImpl {
  private lastStep: number | null = null;
  private lastTime: number | null = null;
  private readonly every_secs: number | null;
  private readonly every_steps: number | null;
  constructor(options: { every_secs?: number | null; every_steps?: number | null } = {}) {
    this.every_secs = options.every_secs ?? null;
    this.every_steps = options.every_steps ?? null;
    if (this.every_steps === null && this.every_secs === null) throw new ValueError('Either every_secs or every_steps should be provided.');
    if (this.every_steps !== null && this.every_secs !== null) throw new ValueError('Can not provide both every_secs and every_steps.');
  }
  reset(): void { this.lastStep = null; this.lastTime = null; }
  /** True before the first trigger, never twice for one step, then once the seconds or steps have passed. */
  should_trigger_for_step(step: number): boolean {
    if (this.lastStep === null) return true;
    if (this.lastStep === step) return false;
    if (this.every_secs !== null && clock.now() >= this.lastTime! + this.every_secs) return true;
    if (this.every_steps !== null && step >= this.lastStep + this.every_steps) return true;
    return false;
  }
  /** Records a trigger at `step`; returns [seconds, steps] since the previous one (nulls the first time). */
  update_last_triggered_step(step: number): [number | null, number | null] {
    const now = clock.now();
    const elapsed: [number | null, number | null] = this.lastTime === null ? [null, null] : [now - this.lastTime, step - this.lastStep!];
    this.lastTime = now;
    this.lastStep = step;
    return elapsed;
  }
  last_triggered_step(): number | null { return this.lastStep; }
}
export const SecondOrStepTimer = pythonClass('SecondOrStepTimer', ['every_secs=None', 'every_steps=None'], 0, SecondOrStepTimerImpl);
export type SecondOrStepTimer = SecondOrStepTimerImpl;

/** Requests a stop once the global step reaches `last_step` (or `num_steps` past its value at the start). */
export class StopAtStepHookImpl extends SessionRunHookImpl {
  private lastStep: number | null;
  private readonly numSteps: number | null;
  private stepTensor: Tensor | null = null;
  constructor(options: { num_steps?: number | null; last_step?: number | null } = {}) {
    super();
    const num_steps = options.num_steps ?? null, last_step = options.last_step ?? null;
    if (num_steps === null && last_step === null) throw new ValueError('One of num_steps or last_step must be specified.');
    if (num_steps !== null && last_step !== null) throw new ValueError('Only one of num_steps or last_step can be specified.');
    this.numSteps = num_steps;
    this.lastStep = last_step;
  }
  override begin(): void { this.stepTensor = requireGlobalStep('StopAtStepHook'); }
  override after_create_session(session: BaseSession): void {
    const step = stepOf(session.run(this.stepTensor!));
    if (this.lastStep === null) this.lastStep = step + this.numSteps!;
  }
  override before_run(): SessionRunArgs { return new SessionRunArgsImpl(this.stepTensor!); }
  override after_run(ctx: SessionRunContext, values: SessionRunValues): void {
    // The fetched step is from before this run; whether the run incremented it is read afterwards.
    if (stepOf(values.results) + 1 >= this.lastStep! && stepOf(ctx.session.run(this.stepTensor!)) >= this.lastStep!) ctx.request_stop();
  }
  /** @internal whether a session at `step` is already done (the Estimator skips training then). */
  doneAt(step: number): boolean { return this.numSteps === null && step >= this.lastStep!; }
}
export const StopAtStepHook = pythonClass('StopAtStepHook', ['num_steps=None', 'last_step=None'], 0, StopAtStepHookImpl);
export type StopAtStepHook = StopAtStepHookImpl;

type LoggedTensors = Readonly<Record<string, Tensor | RefVariable | string>> | readonly (Tensor | string)[];

/**
 * Logs tensors' values every `every_n_iter` runs (or `every_n_secs`) and/or at the end, as
 * `INFO:tensorflow:loss = 0.25, step = 100 (0.120 sec)` (the tags of an object in sorted order).
 */
export class LoggingTensorHookImpl extends SessionRunHookImpl {
  private iter = 0;
  private shouldTrigger = false;
  private readonly timer: SecondOrStepTimerImpl | null;
  private readonly tags: string[];
  private readonly tensors: Record<string, Fetch>;
  private readonly atEnd: boolean;
  private readonly formatter: ((values: Record<string, NDArray>) => string) | null;
  constructor(tensors: LoggedTensors, options: { every_n_iter?: number | null; every_n_secs?: number | null; at_end?: boolean; formatter?: ((values: Record<string, NDArray>) => string) | null } = {}) {
    super();
    const every_n_iter = options.every_n_iter ?? null, every_n_secs = options.every_n_secs ?? null;
    this.atEnd = !!options.at_end;
    const onlyAtEnd = this.atEnd && every_n_iter === null && every_n_secs === null;
    if (!onlyAtEnd && (every_n_iter === null) === (every_n_secs === null)) {
      throw new ValueError('either at_end and/or exactly one of every_n_iter and every_n_secs must be provided.');
    }
    if (every_n_iter !== null && every_n_iter <= 0) throw new ValueError(`invalid every_n_iter=${every_n_iter}.`);
    if (Array.isArray(tensors)) {
      // A list logs under each item's str(), in the list's order.
      this.tags = (tensors as readonly (Tensor | string)[]).map((t) => String(t));
      this.tensors = Object.fromEntries((tensors as readonly (Tensor | string)[]).map((t) => [String(t), t]));
    } else if (tensors !== null && typeof tensors === 'object') {
      this.tensors = { ...(tensors as Record<string, Fetch>) };
      this.tags = Object.keys(this.tensors).sort();
    } else {
      throw new ValueError(`LoggingTensorHook: tensors must be a list or a dict of tensors or tensor names, got ${String(tensors)}`);
    }
    this.timer = onlyAtEnd ? null : new SecondOrStepTimerImpl({ every_secs: every_n_secs, every_steps: every_n_iter });
    this.formatter = options.formatter ?? null;
  }
  override begin(): void {
    this.timer?.reset();
    this.iter = 0;
  }
  override before_run(): SessionRunArgs | null {
    this.shouldTrigger = this.timer !== null && this.timer.should_trigger_for_step(this.iter);
    return this.shouldTrigger ? new SessionRunArgsImpl(this.tensors) : null;
  }
  override after_run(_ctx: SessionRunContext, values: SessionRunValues): void {
    if (this.shouldTrigger) this.log(values.results as Record<string, NDArray>);
    this.iter++;
  }
  override end(session: BaseSession): void {
    if (this.atEnd) this.log(session.run(this.tensors as Record<string, Tensor>) as Record<string, NDArray>);
  }
  private log(values: Record<string, NDArray>): void {
    const [elapsed] = this.timer ? this.timer.update_last_triggered_step(this.iter) : [null];
    if (this.formatter) { logging.info('%s', this.formatter(values)); return; }
    const text = this.tags.map((tag) => `${tag} = ${values[tag].toString()}`).join(', ');
    if (elapsed !== null) logging.info('%s (%.3f sec)', text, elapsed);
    else logging.info('%s', text);
  }
}
export const LoggingTensorHook = pythonClass('LoggingTensorHook', ['tensors: dict', 'every_n_iter=None', 'every_n_secs=None', 'at_end=False', 'formatter=None'], 1, LoggingTensorHookImpl);
export type LoggingTensorHook = LoggingTensorHookImpl;

/** Raised by NanTensorHook (with fail_on_nan_loss). */
export class NanLossDuringTrainingError extends RuntimeError {
  constructor() { super('NaN loss during training.'); this.name = 'NanLossDuringTrainingError'; }
}

/** Stops (or fails, by default) when the loss is NaN. */
export class NanTensorHookImpl extends SessionRunHookImpl {
  private readonly fail: boolean;
  constructor(private readonly loss_tensor: Tensor, options: { fail_on_nan_loss?: boolean } = {}) {
    super();
    this.fail = options.fail_on_nan_loss ?? true;
  }
  override before_run(): SessionRunArgs { return new SessionRunArgsImpl(this.loss_tensor); }
  override after_run(ctx: SessionRunContext, values: SessionRunValues): void {
    if (!Number.isNaN(Number((values.results as NDArray).item()))) return;
    const message = 'Model diverged with loss = NaN.';
    if (this.fail) { logging.error('%s', message); throw new NanLossDuringTrainingError(); }
    logging.warning('%s', message);
    ctx.request_stop();
  }
}
export const NanTensorHook = pythonClass('NanTensorHook', ['loss_tensor', 'fail_on_nan_loss=True'], 1, NanTensorHookImpl);
export type NanTensorHook = NanTensorHookImpl;

/**
 * Counts steps per second: logs `global_step/sec: N` and writes it as a summary every `every_n_steps`
 * (default 100) or `every_n_secs`.
 */
export class StepCounterHookImpl extends SessionRunHookImpl {
  private stepTensor: Tensor | null = null;
  private writer: FileWriter | null;
  private tag = 'global_step/sec';
  private readonly timer: SecondOrStepTimerImpl;
  private readonly outputDir: string | null;
  constructor(options: { every_n_steps?: number | null; every_n_secs?: number | null; output_dir?: string | null; summary_writer?: FileWriter | null } = {}) {
    super();
    const every_n_steps = options.every_n_steps === undefined ? 100 : options.every_n_steps;
    const every_n_secs = options.every_n_secs ?? null;
    if ((every_n_steps === null) === (every_n_secs === null)) throw new ValueError('exactly one of every_n_steps and every_n_secs should be provided.');
    this.timer = new SecondOrStepTimerImpl({ every_steps: every_n_steps, every_secs: every_n_secs });
    this.writer = options.summary_writer ?? null;
    this.outputDir = options.output_dir ?? null;
  }
  override begin(): void {
    if (this.writer === null && this.outputDir) this.writer = FileWriterCache.get(this.outputDir);
    this.stepTensor = requireGlobalStep('StepCounterHook');
    this.tag = `${get_global_step()!.op.name}/sec`;
    this.timer.reset();
  }
  override before_run(): SessionRunArgs { return new SessionRunArgsImpl(this.stepTensor!); }
  override after_run(ctx: SessionRunContext, values: SessionRunValues): void {
    if (!this.timer.should_trigger_for_step(stepOf(values.results) + 1)) return;
    const step = stepOf(ctx.session.run(this.stepTensor!));
    if (!this.timer.should_trigger_for_step(step)) return;
    const [secs, steps] = this.timer.update_last_triggered_step(step);
    if (secs === null) return;
    const rate = steps! / secs;
    this.writer?.add_summary({ value: [{ tag: this.tag, simple_value: rate }] }, step);
    logging.info('%s: %g', this.tag, rate);
  }
}
export const StepCounterHook = pythonClass('StepCounterHook', ['every_n_steps=100', 'every_n_secs=None', 'output_dir=None', 'summary_writer=None'], 0, StepCounterHookImpl);
export type StepCounterHook = StepCounterHookImpl;

/** What SummarySaverHook and CheckpointSaverHook read from a Scaffold (monitored_session's, above them). */
export interface ScaffoldLike { readonly summary_op: Tensor | null; readonly saver: Saver | null }

/**
 * Writes the summaries (`summary_op`, or the scaffold's) every `save_steps` or `save_secs` to an event file
 * in `output_dir` (or `summary_writer`), after a SessionLog START.
 */
export class SummarySaverHookImpl extends SessionRunHookImpl {
  private stepTensor: Tensor | null = null;
  private writer: FileWriter | null;
  private nextStep: number | null = null;
  private requestSummary = false;
  private readonly timer: SecondOrStepTimerImpl;
  private readonly outputDir: string | null;
  private readonly scaffold: ScaffoldLike | null;
  private readonly summaryOp: Tensor | readonly Tensor[] | null;
  constructor(options: { save_steps?: number | null; save_secs?: number | null; output_dir?: string | null; summary_writer?: FileWriter | null; scaffold?: ScaffoldLike | null; summary_op?: Tensor | readonly Tensor[] | null } = {}) {
    super();
    this.scaffold = options.scaffold ?? null;
    this.summaryOp = options.summary_op ?? null;
    if ((this.scaffold === null) === (this.summaryOp === null)) throw new ValueError('Exactly one of scaffold or summary_op must be provided.');
    this.timer = new SecondOrStepTimerImpl({ every_secs: options.save_secs, every_steps: options.save_steps });
    this.writer = options.summary_writer ?? null;
    this.outputDir = options.output_dir ?? null;
  }
  override begin(): void {
    if (this.writer === null && this.outputDir) this.writer = FileWriterCache.get(this.outputDir);
    this.nextStep = null;
    this.stepTensor = requireGlobalStep('SummarySaverHook');
  }
  private summaries(): Tensor[] | null {
    const op = this.summaryOp ?? this.scaffold!.summary_op;
    if (op === null) return null;
    return Array.isArray(op) ? [...op as readonly Tensor[]] : [op as Tensor];
  }
  override before_run(): SessionRunArgs {
    this.requestSummary = this.nextStep === null || this.timer.should_trigger_for_step(this.nextStep);
    const fetches: Record<string, Fetch | Fetch[]> = { global_step: this.stepTensor! };
    const summaries = this.requestSummary ? this.summaries() : null;
    if (summaries) fetches.summary = summaries;
    return new SessionRunArgsImpl(fetches as HookFetches);
  }
  override after_run(ctx: SessionRunContext, values: SessionRunValues): void {
    if (!this.writer) return;
    const r = values.results as { global_step: NDArray; summary?: NDArray[] };
    let step = stepOf(r.global_step) + 1;
    if (this.nextStep === null || this.requestSummary) step = stepOf(ctx.session.run(this.stepTensor!));
    if (this.nextStep === null) this.writer.add_session_log({ status: 1 }, step);   // SessionLog.START
    if (this.requestSummary) {
      this.timer.update_last_triggered_step(step);
      for (const s of r.summary ?? []) this.writer.add_summary(s, step);
    }
    this.nextStep = step + 1;
  }
  override end(): void { this.writer?.flush(); }
}
export const SummarySaverHook = pythonClass('SummarySaverHook', ['save_steps=None', 'save_secs=None', 'output_dir=None', 'summary_writer=None', 'scaffold=None', 'summary_op=None'], 0, SummarySaverHookImpl);
export type SummarySaverHook = SummarySaverHookImpl;

/** Called around CheckpointSaverHook's saves; `after_save` returning true stops training (TF's CheckpointSaverListener). */
export class CheckpointSaverListenerImpl {
  begin(): void { /* optional */ }
  before_save(_session: BaseSession, _global_step_value: number): void { /* optional */ }
  /** Returns true to ask the training loop to stop. */
  after_save(_session: BaseSession, _global_step_value: number): boolean | void { /* optional */ }
  end(_session: BaseSession, _global_step_value: number): void { /* optional */ }
}
export const CheckpointSaverListener = pythonClass('CheckpointSaverListener', [], 0, CheckpointSaverListenerImpl);
export type CheckpointSaverListener = CheckpointSaverListenerImpl;

/**
 * Saves checkpoints `<checkpoint_basename>-<step>` in `checkpoint_dir` every `save_secs` or `save_steps`,
 * at the start and at the end; writes `graph.pbtxt` there, and the graph and meta graph to its event file.
 */
export class CheckpointSaverHookImpl extends SessionRunHookImpl {
  private stepTensor: Tensor | null = null;
  private writer: FileWriter | null = null;
  private readonly timer: SecondOrStepTimerImpl;
  private readonly savePath: string;
  private readonly saver: Saver | null;
  private readonly scaffold: ScaffoldLike | null;
  private readonly listeners: readonly CheckpointSaverListener[];
  constructor(private readonly checkpoint_dir: string, options: { save_secs?: number | null; save_steps?: number | null; saver?: Saver | null; checkpoint_basename?: string; scaffold?: ScaffoldLike | null; listeners?: readonly CheckpointSaverListener[] | null } = {}) {
    super();
    logging.info('Create CheckpointSaverHook.');
    this.saver = options.saver ?? null;
    this.scaffold = options.scaffold ?? null;
    if (this.saver !== null && this.scaffold !== null) throw new ValueError('You cannot provide both saver and scaffold.');
    if (typeof checkpoint_dir !== 'string') throw new ValueError(`CheckpointSaverHook: checkpoint_dir must be a directory name, got ${String(checkpoint_dir)}`);
    this.savePath = `${checkpoint_dir.replace(/\/+$/, '')}/${options.checkpoint_basename ?? 'model.ckpt'}`;
    this.timer = new SecondOrStepTimerImpl({ every_secs: options.save_secs, every_steps: options.save_steps });
    this.listeners = options.listeners ?? [];
  }
  override begin(): void {
    this.writer = FileWriterCache.get(this.checkpoint_dir);
    this.stepTensor = requireGlobalStep('CheckpointSaverHook');
    for (const l of this.listeners) l.begin();
  }
  override after_create_session(session: BaseSession): void {
    const step = stepOf(session.run(this.stepTensor!));
    write_graph(session.graph, this.checkpoint_dir, 'graph.pbtxt');
    this.writer!.add_graph(session.graph);
    this.writer!.add_meta_graph(this.getSaver().export_meta_graph());
    // The start's checkpoint cannot stop training: there is no run to stop after.
    this.save(session, step);
    this.timer.update_last_triggered_step(step);
  }
  override before_run(): SessionRunArgs { return new SessionRunArgsImpl(this.stepTensor!); }
  override after_run(ctx: SessionRunContext, values: SessionRunValues): void {
    if (!this.timer.should_trigger_for_step(stepOf(values.results) + 1)) return;
    const step = stepOf(ctx.session.run(this.stepTensor!));
    if (!this.timer.should_trigger_for_step(step)) return;
    this.timer.update_last_triggered_step(step);
    if (this.save(ctx.session, step)) ctx.request_stop();
  }
  override end(session: BaseSession): void {
    const step = stepOf(session.run(this.stepTensor!));
    if (step !== this.timer.last_triggered_step()) this.save(session, step);
    for (const l of this.listeners) l.end(session, step);
  }
  /** Saves; true when a listener asked to stop. */
  private save(session: BaseSession, step: number): boolean {
    logging.info('Calling checkpoint listeners before saving checkpoint %d...', step);
    for (const l of this.listeners) l.before_save(session, step);
    logging.info('Saving checkpoints for %d into %s.', step, this.savePath);
    this.getSaver().save(session, this.savePath, { global_step: step });
    this.writer!.add_session_log({ status: 3, checkpoint_path: this.savePath }, step);   // SessionLog.CHECKPOINT
    logging.info('Calling checkpoint listeners after saving checkpoint %d...', step);
    let stop = false;
    for (const l of this.listeners) {
      if (l.after_save(session, step)) { logging.info('A CheckpointSaverListener requested that training be stopped. listener: %s', l.constructor.name); stop = true; }
    }
    return stop;
  }
  private getSaver(): Saver {
    if (this.saver) return this.saver;
    if (this.scaffold?.saver) return this.scaffold.saver;
    const savers = get_default_graph().get_collection<Saver>(GraphKeys.SAVERS);
    if (!savers.length) throw new RuntimeError(`No items in collection ${GraphKeys.SAVERS}. Please add a saver to the collection or provide a saver or scaffold.`);
    if (savers.length > 1) throw new RuntimeError(`More than one item in collection ${GraphKeys.SAVERS}. Please indicate which one to use by passing it to the constructor.`);
    return savers[0];
  }
}
export const CheckpointSaverHook = pythonClass('CheckpointSaverHook', ['checkpoint_dir', 'save_secs=None', 'save_steps=None', 'saver=None', "checkpoint_basename='model.ckpt'", 'scaffold=None', 'listeners=None'], 1, CheckpointSaverHookImpl);
export type CheckpointSaverHook = CheckpointSaverHookImpl;

/** Runs `final_ops` when the session ends; their values are `final_ops_values` (TF's FinalOpsHook). */
export class FinalOpsHookImpl extends SessionRunHookImpl {
  private values: unknown = null;
  constructor(private readonly final_ops: HookFetches | null, private readonly options: { final_ops_feed_dict?: FeedDict | null } = {}) { super(); }
  get final_ops_values(): unknown { return this.values; }
  override end(session: BaseSession): void {
    if (this.final_ops === null || this.final_ops === undefined) return;
    const run = session.run.bind(session) as (f: unknown, d: FeedDict | null) => unknown;
    try {
      this.values = run(this.final_ops, this.options.final_ops_feed_dict ?? null);
    } catch (e) {
      if (e instanceof OutOfRangeError) logging.warning('An OutOfRangeError was raised while running the final ops: the evaluation may have used fewer batches than asked for.');
      throw e;
    }
  }
}
export const FinalOpsHook = pythonClass('FinalOpsHook', ['final_ops: dict', 'final_ops_feed_dict: dict = None'], 1, FinalOpsHookImpl);
export type FinalOpsHook = FinalOpsHookImpl;

/** Feeds every run with what `feed_fn()` returns (TF's FeedFnHook). */
export class FeedFnHookImpl extends SessionRunHookImpl {
  constructor(readonly feed_fn: () => FeedDict) { super(); }
  override before_run(): SessionRunArgs { return new SessionRunArgsImpl(null, this.feed_fn()); }
}
export const FeedFnHook = pythonClass('FeedFnHook', ['feed_fn'], 1, FeedFnHookImpl);
export type FeedFnHook = FeedFnHookImpl;

/**
 * Holds a worker's first run until the global step reaches `wait_until_step` (TF's GlobalStepWaiterHook),
 * checking every half second of `clock`.
 */
export class GlobalStepWaiterHookImpl extends SessionRunHookImpl {
  private started = false;
  private stepTensor: Tensor | null = null;
  constructor(private readonly wait_until_step: number) { super(); }
  override begin(): void {
    this.started = false;
    this.stepTensor = requireGlobalStep('_GlobalStepWaiterHook');
  }
  override before_run(ctx: SessionRunContext): null {
    if (this.started) return null;
    if (this.wait_until_step <= 0) { this.started = true; return null; }
    logging.info('Waiting for global step %d before starting training.', this.wait_until_step);
    let lastLogged = 0;
    for (;;) {
      const step = stepOf(ctx.session.run(this.stepTensor!));
      if (step >= this.wait_until_step) { this.started = true; return null; }
      if (step - lastLogged > 1000) {
        logging.info('Waiting for global step %d before starting training. Current step is %d.', this.wait_until_step, step);
        lastLogged = step;
      }
      clock.sleep(0.5);
    }
  }
}
export const GlobalStepWaiterHook = pythonClass('GlobalStepWaiterHook', ['wait_until_step'], 1, GlobalStepWaiterHookImpl);
export type GlobalStepWaiterHook = GlobalStepWaiterHookImpl;
