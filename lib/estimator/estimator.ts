/**
 * `tf.estimator`: Estimator(model_fn, model_dir, config, params, warm_start_from) with train / evaluate / predict as
 * TF 1.15 runs them, each in a fresh graph: train resumes from the latest checkpoint in model_dir (or, without
 * one, warm-starts from warm_start_from's checkpoint, as WarmStartSettings say) and
 * writes what TF's does there (checkpoints and the state file, graph.pbtxt, event files with the loss and
 * global_step/sec); evaluate restores it, runs the metrics' updates over the input and writes the
 * results to `eval/`; predict yields the predictions example by example.
 */
import { SparseTensor } from '../ops/sparse_tensor';
import { PythonSignature } from '../framework/python_signature';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Graph, Operation, Tensor } from '../framework/graph';
import { NotImplementedError, OutOfRangeError, TFTypeError, ValueError } from '../framework/errors';
import { NDArray } from '../framework/ndarray';
import { Session } from '../runtime/session';
import { ConfigProto } from '../runtime/session_config';
import { global_variables_initializer, local_variables_initializer } from '../variables/variables';
import { set_random_seed } from '../ops/random_ops';
import { identity } from '../ops/array_ops';
import { latest_checkpoint } from '../train/checkpoint_management';
import { Saver } from '../train/saver';
import { get_or_create_global_step } from '../train/optimizers';
import { VarsToWarmStart, VocabInfo, warm_start } from '../train/warm_starting_util';
import * as logging from '../train/logging';
import { load_variable } from '../train/checkpoint_reader';
import { scalar } from '../summary/summary';
import { FileWriter } from '../summary/writer';
import { mean } from '../metrics/metrics';
import { Dataset, Nested } from '../data/dataset';
import { LoggingTensorHook, NanTensorHook, SessionRunHook, StopAtStepHook } from './hooks';
import { MonitoredTrainingSession, Scaffold } from './monitored_session';
import { group } from '../ops/control_flow_ops';
import { tables_initializer } from '../ops/lookup_ops';
import { GraphKeys } from '../framework/graph_keys';
import { SavedModelBuilder } from '../saved_model/builder';
import { signature_constants, tag_constants } from '../saved_model/constants';
import { ExportOutput, PredictOutputImpl, ServingInputReceiverFn, ServingInputReceiverImpl, buildAllSignatureDefs } from './export';

/** `tf.estimator.ModeKeys`. */
export const ModeKeys = { TRAIN: 'train', EVAL: 'eval', PREDICT: 'infer' } as const;
export type Mode = (typeof ModeKeys)[keyof typeof ModeKeys];
const isMode = (m: unknown): m is Mode => (Object.values(ModeKeys) as unknown[]).includes(m);

export interface EstimatorSpecOptions {
  predictions?: Tensor | Readonly<Record<string, Tensor>> | null;
  loss?: Tensor | null;
  train_op?: Operation | Tensor | null;
  /** Metric name → `[value, update_op]`, as tf.metrics return them. */
  eval_metric_ops?: Readonly<Record<string, readonly [Tensor, Tensor | Operation]>> | null;
  training_hooks?: readonly SessionRunHook[];
  evaluation_hooks?: readonly SessionRunHook[];
  prediction_hooks?: readonly SessionRunHook[];
  /** Signature key → what the serving signature answers (PREDICT mode; default: the predictions under serving_default). */
  export_outputs?: Readonly<Record<string, ExportOutput>> | null;
}

/** PREDICT mode's export outputs as TF completes them: the predictions by default, a lone output also serving_default. */
function exportOutputsOf(given: Readonly<Record<string, ExportOutput>> | null, predictions: Tensor | Readonly<Record<string, Tensor>>): Readonly<Record<string, ExportOutput>> {
  const key = signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY;
  if (given === null) return { [key]: new PredictOutputImpl(predictions) };
  for (const [k, v] of Object.entries(given)) {
    if (!(v instanceof ExportOutput)) throw new TFTypeError(`Values in export_outputs must be ExportOutput objects. Given: ${k}: ${String(v)}`);
  }
  const keys = Object.keys(given);
  if (!(key in given) && keys.length === 1) return { ...given, [key]: given[keys[0]] };
  if (!(key in given)) throw new ValueError(`Multiple export_outputs were provided, but none of them is specified as the default.  Do this by naming one of them with signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY.`);
  return given;
}

/** What a model_fn returns for one mode (TF's EstimatorSpec, with its checks). */
export class EstimatorSpec {
  readonly predictions: Tensor | Readonly<Record<string, Tensor>> | null;
  readonly loss: Tensor | null;
  readonly train_op: Operation | Tensor | null;
  readonly eval_metric_ops: Readonly<Record<string, readonly [Tensor, Tensor | Operation]>>;
  readonly training_hooks: readonly SessionRunHook[];
  readonly evaluation_hooks: readonly SessionRunHook[];
  readonly prediction_hooks: readonly SessionRunHook[];
  readonly export_outputs: Readonly<Record<string, ExportOutput>> | null;

  readonly mode: Mode;

  // A model_fn written `(features, labels, mode: string)` passes its mode on as a string: checked here, as TF does.
  constructor(mode: Mode | (string & {}), options: EstimatorSpecOptions = {}) {
    if (!isMode(mode)) throw new ValueError(`mode must be one of ModeKeys (train, eval, infer), got ${String(mode)}`);
    this.mode = mode;
    this.predictions = options.predictions ?? null;
    this.loss = options.loss ?? null;
    this.train_op = options.train_op ?? null;
    this.eval_metric_ops = options.eval_metric_ops ?? {};
    this.training_hooks = options.training_hooks ?? [];
    this.evaluation_hooks = options.evaluation_hooks ?? [];
    this.prediction_hooks = options.prediction_hooks ?? [];
    if (mode === ModeKeys.TRAIN && this.train_op === null) throw new ValueError('Missing train_op.');
    if ((mode === ModeKeys.TRAIN || mode === ModeKeys.EVAL) && this.loss === null) throw new ValueError('Missing loss.');
    if (mode === ModeKeys.PREDICT && this.predictions === null) throw new ValueError('Missing predictions.');
    this.export_outputs = mode === ModeKeys.PREDICT ? exportOutputsOf(options.export_outputs ?? null, this.predictions!) : null;
    if (this.loss !== null && this.loss.shape.ndims !== null && this.loss.shape.ndims !== 0) {
      throw new ValueError(`Loss must be scalar, given: ${this.loss}`);
    }
  }
}

export interface RunConfigOptions {
  model_dir?: string | null;
  tf_random_seed?: number | null;
  save_summary_steps?: number;
  /**
   * Steps, or seconds, between checkpoints: one or the other. Neither given: every 600 s, as TF's; null
   * given for the one not given (or both null): no checkpoints.
   */
  save_checkpoints_steps?: number | null;
  save_checkpoints_secs?: number | null;
  /** The ConfigProto of the sessions that train, evaluate and predict. */
  session_config?: ConfigProto | null;
  keep_checkpoint_max?: number;
  /** Keeps one checkpoint every this many hours beside the last keep_checkpoint_max. */
  keep_checkpoint_every_n_hours?: number;
  log_step_count_steps?: number;
}

type TrainOptions = { hooks?: readonly SessionRunHook[]; steps?: number | null; max_steps?: number | null };
type EvaluateOptions = { steps?: number | null; hooks?: readonly SessionRunHook[]; checkpoint_path?: string | null; name?: string | null };
type PredictOptions = { predict_keys?: readonly string[] | null; hooks?: readonly SessionRunHook[]; checkpoint_path?: string | null; yield_single_examples?: boolean };
// Estimator's methods as TF 1.15 declares them (train's saving_listeners is not; predict refuses hooks).
const TRAIN = new PythonSignature('train', ['input_fn', 'hooks=None', 'steps=None', 'max_steps=None']);
const EVALUATE = new PythonSignature('evaluate', ['input_fn', 'steps=None', 'hooks=None', 'checkpoint_path=None', 'name=None']);
const PREDICT = new PythonSignature('predict', ['input_fn', 'predict_keys=None', 'hooks=None', 'checkpoint_path=None', 'yield_single_examples=True']);

const SAVE_CKPT_ERR = '`save_checkpoints_steps` and `save_checkpoints_secs` cannot be both set.';
const REPLACEABLE: readonly (keyof RunConfigOptions)[] = [
  'model_dir', 'tf_random_seed', 'save_summary_steps', 'save_checkpoints_steps', 'save_checkpoints_secs', 'session_config',
  'keep_checkpoint_max', 'keep_checkpoint_every_n_hours', 'log_step_count_steps',
];

/** `tf.estimator.RunConfig`: where and how often an Estimator writes. */
export class RunConfig {
  readonly model_dir: string | null;
  readonly tf_random_seed: number | null;
  readonly save_summary_steps: number;
  readonly save_checkpoints_steps: number | null;
  readonly save_checkpoints_secs: number | null;
  readonly session_config: ConfigProto | null;
  readonly keep_checkpoint_max: number;
  readonly keep_checkpoint_every_n_hours: number;
  readonly log_step_count_steps: number;
  constructor(options: RunConfigOptions = {}) {
    if (options.save_checkpoints_steps != null && options.save_checkpoints_secs != null) throw new ValueError(SAVE_CKPT_ERR);
    this.model_dir = options.model_dir ?? null;
    this.tf_random_seed = options.tf_random_seed ?? null;
    this.save_summary_steps = options.save_summary_steps ?? 100;
    // `undefined` is TF's _USE_DEFAULT: 600 s unless steps are given; a null given for either stays null.
    const neither = options.save_checkpoints_steps === undefined && options.save_checkpoints_secs === undefined;
    this.save_checkpoints_steps = options.save_checkpoints_steps ?? null;
    this.save_checkpoints_secs = neither ? 600 : options.save_checkpoints_secs ?? null;
    this.session_config = options.session_config ?? null;
    this.keep_checkpoint_max = options.keep_checkpoint_max ?? 5;
    this.keep_checkpoint_every_n_hours = options.keep_checkpoint_every_n_hours ?? 10000;
    this.log_step_count_steps = options.log_step_count_steps ?? 100;
    const check = (ok: boolean, message: string) => { if (!ok) throw new ValueError(message); };
    check(this.model_dir !== '', 'model_dir should be non-empty');
    check(this.save_summary_steps >= 0, 'save_summary_steps should be >= 0');
    check(this.save_checkpoints_steps === null || this.save_checkpoints_steps >= 0, 'save_checkpoints_steps should be >= 0');
    check(this.save_checkpoints_secs === null || this.save_checkpoints_secs >= 0, 'save_checkpoints_secs should be >= 0');
    check(this.session_config === null || this.session_config instanceof ConfigProto, 'session_config must be instance of ConfigProto');
    check(this.keep_checkpoint_max >= 0, 'keep_checkpoint_max should be >= 0');
    check(this.keep_checkpoint_every_n_hours > 0, 'keep_checkpoint_every_n_hours should be > 0');
    check(this.log_step_count_steps > 0, 'log_step_count_steps should be > 0');
    check(this.tf_random_seed === null || Number.isInteger(this.tf_random_seed), 'tf_random_seed must be integer.');
  }

  /**
   * A copy with `options` replaced. Setting one of save_checkpoints_steps/secs clears the other, as TF's;
   * setting both to numbers is an error.
   */
  replace(options: RunConfigOptions): RunConfig {
    for (const key of Object.keys(options)) {
      if (!(REPLACEABLE as readonly string[]).includes(key)) throw new ValueError(`Replacing ${key} is not supported. Allowed properties are ${REPLACEABLE.join(', ')}.`);
    }
    const stepsGiven = options.save_checkpoints_steps !== undefined, secsGiven = options.save_checkpoints_secs !== undefined;
    let steps = stepsGiven ? options.save_checkpoints_steps! : this.save_checkpoints_steps;
    let secs = secsGiven ? options.save_checkpoints_secs! : this.save_checkpoints_secs;
    if (stepsGiven && secsGiven) {
      if (steps !== null && secs !== null) throw new ValueError(SAVE_CKPT_ERR);
    } else if (stepsGiven && steps !== null) {
      secs = null;
    } else if (secsGiven && secs !== null) {
      steps = null;
    }
    return new RunConfig({ ...this, ...options, save_checkpoints_steps: steps, save_checkpoints_secs: secs });
  }
}

/** What an input_fn gives the model: a tensor, or tensors and SparseTensors by feature name. */
export type Features = Tensor | Readonly<Record<string, Tensor | SparseTensor>>;
// A method signature, so a model_fn written for what it is given (`labels: tf.Tensor`, `mode: string`,
// `features: Record<string, tf.Tensor>`) is accepted, as Python accepts any model_fn.
export type ModelFn = { modelFn(features: Features, labels: Tensor | null, mode: Mode, params: Readonly<Record<string, unknown>>, config: RunConfig): EstimatorSpec }['modelFn'];
/** An input_fn returns a Dataset of (features, labels) or (features), or the tensors themselves. */
export type InputFn = () => Dataset | Features | readonly [Features, Tensor | null];

function inputsOf(input_fn: InputFn): [Features, Tensor | null] {
  const r = input_fn();
  if (r instanceof Dataset) {
    const next = r.make_one_shot_iterator().get_next() as Nested<Tensor>;
    if (Array.isArray(next)) return [next[0] as Features, (next[1] as Tensor | undefined) ?? null];
    return [next as Features, null];
  }
  if (Array.isArray(r)) return [r[0] as Features, (r[1] as Tensor | null | undefined) ?? null];
  return [r as Features, null];
}

/** What a WarmStartSettings is made of: tf.train.warm_start's arguments. */
export interface WarmStartSettingsOptions {
  vars_to_warm_start?: VarsToWarmStart;
  var_name_to_vocab_info?: Readonly<Record<string, VocabInfo>> | null;
  var_name_to_prev_var_name?: Readonly<Record<string, string>> | null;
}

/**
 * How an Estimator warm-starts when it trains with no checkpoint of its own yet: the checkpoint (a prefix or
 * a folder), which variables (a regex over trainable variables, default all; or a list), vocabularies and
 * previous names (as tf.train.warm_start takes them).
 */
export class WarmStartSettings {
  readonly ckpt_to_initialize_from: string;
  readonly vars_to_warm_start: VarsToWarmStart;
  readonly var_name_to_vocab_info: Readonly<Record<string, VocabInfo>> | null;
  readonly var_name_to_prev_var_name: Readonly<Record<string, string>> | null;

  constructor(ckpt_to_initialize_from: string, options: WarmStartSettingsOptions = {}) {
    if (ckpt_to_initialize_from === null || ckpt_to_initialize_from === undefined) throw new ValueError('ckpt_to_initialize_from must be set.');
    this.ckpt_to_initialize_from = ckpt_to_initialize_from;
    this.vars_to_warm_start = options.vars_to_warm_start === undefined ? '.*' : options.vars_to_warm_start;
    this.var_name_to_vocab_info = options.var_name_to_vocab_info ?? null;
    this.var_name_to_prev_var_name = options.var_name_to_prev_var_name ?? null;
  }

  toString(): string {
    const vars = this.vars_to_warm_start === null ? 'None' : typeof this.vars_to_warm_start === 'string' ? `'${this.vars_to_warm_start}'` : `[${this.vars_to_warm_start.map(String).join(', ')}]`;
    return `WarmStartSettings(ckpt_to_initialize_from='${this.ckpt_to_initialize_from}', vars_to_warm_start=${vars}, var_name_to_vocab_info=${this.var_name_to_vocab_info ? JSON.stringify(Object.keys(this.var_name_to_vocab_info)) : 'None'}, var_name_to_prev_var_name=${this.var_name_to_prev_var_name ? JSON.stringify(this.var_name_to_prev_var_name) : 'None'})`;
  }
}

/** What warm_start_from may be: a checkpoint path or folder (or a SavedModel's folder), or settings. */
export type WarmStartFrom = string | WarmStartSettings;

/** warm_start_from as settings (TF's _get_default_warm_start_settings): a SavedModel folder warm-starts from its variables. */
function warmStartSettingsOf(warm_start_from: WarmStartFrom | null): WarmStartSettings | null {
  if (warm_start_from === null || warm_start_from === undefined) return null;
  if (typeof warm_start_from === 'string') {
    if (fs.existsSync(path.join(warm_start_from, 'variables', 'variables.index'))) {
      logging.info('Warm-starting from a SavedModel');
      return new WarmStartSettings(path.join(warm_start_from, 'variables', 'variables'));
    }
    return new WarmStartSettings(warm_start_from);
  }
  if (warm_start_from instanceof WarmStartSettings) return warm_start_from;
  throw new ValueError(`warm_start_from must be a string or a WarmStartSettings, instead got ${typeof warm_start_from}`);
}

export class Estimator {
  readonly model_dir: string;
  readonly config: RunConfig;
  readonly params: Readonly<Record<string, unknown>>;
  private readonly warmStart: WarmStartSettings | null;

  constructor(private readonly model_fn: ModelFn, model_dir: string | null = null, config: RunConfig | null = null, params: Readonly<Record<string, unknown>> = {}, warm_start_from: WarmStartFrom | null = null) {
    if (typeof model_fn !== 'function') throw new ValueError(`model_fn must be callable, got ${String(model_fn)}`);
    this.warmStart = warmStartSettingsOf(warm_start_from);
    const cfg = config ?? new RunConfig();
    if (model_dir && cfg.model_dir && model_dir !== cfg.model_dir) {
      throw new ValueError(`model_dir are set both in constructor and RunConfig, but with different values. In constructor: '${model_dir}', in RunConfig: '${cfg.model_dir}' `);
    }
    this.model_dir = model_dir ?? cfg.model_dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tmp'));
    if (!model_dir && !cfg.model_dir) logging.warning('Using temporary folder as model directory: %s', this.model_dir);
    this.config = cfg.replace({ model_dir: this.model_dir });
    this.params = params;
  }

  private callModel(features: Features, labels: Tensor | null, mode: Mode): EstimatorSpec {
    const spec = this.model_fn(features, labels, mode, this.params, this.config);
    if (!(spec instanceof EstimatorSpec)) throw new TFTypeError('model_fn should return an EstimatorSpec.');
    return spec;
  }

  private newGraph(): Graph {
    const g = new Graph();
    if (this.config.tf_random_seed !== null) g.as_default(() => set_random_seed(this.config.tf_random_seed));
    return g;
  }

  /** The global step saved in the latest checkpoint (0 without one). */
  private savedStep(): number {
    const ckpt = latest_checkpoint(this.model_dir);
    return ckpt ? Number(load_variable(ckpt, 'global_step').item()) : 0;
  }

  /**
   * Trains for `steps` more steps, or up to global step `max_steps`, or until the input ends; resumes from
   * the latest checkpoint. Returns this Estimator.
   */
  train(input_fn: InputFn, options?: TrainOptions): this;
  train(keywords: { input_fn: InputFn } & TrainOptions): this;
  train(...args: unknown[]): this {
    const [input_fn, options] = TRAIN.shape(TRAIN.bind(args), 1) as [InputFn, TrainOptions];
    if (options.steps != null && options.max_steps != null) throw new ValueError('Can not provide both steps and max_steps.');
    if (options.steps != null && options.steps <= 0) throw new ValueError(`Must specify steps > 0, given: ${options.steps}`);
    if (options.max_steps != null && options.max_steps <= 0) throw new ValueError(`Must specify max_steps > 0, given: ${options.max_steps}`);
    if (options.max_steps != null && this.savedStep() >= options.max_steps) {
      logging.info('Skipping training since max_steps has already saved.');
      return this;
    }
    const g = this.newGraph();
    g.as_default(() => {
      const globalStep = get_or_create_global_step();
      const [features, labels] = inputsOf(input_fn);
      const spec = this.callModel(features, labels, ModeKeys.TRAIN);
      // TF adds a `loss` summary unless the model made one (the canned heads do).
      if (!g.get_collection<Tensor>(GraphKeys.SUMMARIES).some((t) => t.op.name === 'loss')) scalar('loss', spec.loss!);
      // Warm-started variables restore from the other checkpoint on initialization: only when model_dir has no checkpoint yet.
      if (this.warmStart) {
        logging.info('Warm-starting with WarmStartSettings: %s', String(this.warmStart));
        const ws = this.warmStart;
        warm_start(ws.ckpt_to_initialize_from, { vars_to_warm_start: ws.vars_to_warm_start, var_name_to_vocab_info: ws.var_name_to_vocab_info, var_name_to_prev_var_name: ws.var_name_to_prev_var_name });
      }
      const hooks: SessionRunHook[] = [
        ...(options.hooks ?? []), ...spec.training_hooks, new NanTensorHook(spec.loss!),
        new LoggingTensorHook({ loss: spec.loss!, step: globalStep as Tensor }, { every_n_iter: this.config.log_step_count_steps }),
      ];
      if (options.steps != null || options.max_steps != null) hooks.push(new StopAtStepHook({ num_steps: options.steps ?? null, last_step: options.max_steps ?? null }));
      const saver = new Saver(null, { max_to_keep: this.config.keep_checkpoint_max, keep_checkpoint_every_n_hours: this.config.keep_checkpoint_every_n_hours, sharded: false });
      let lastLoss: number | null = null;
      MonitoredTrainingSession({
        checkpoint_dir: this.model_dir, hooks, scaffold: new Scaffold({ saver }), config: this.config.session_config,
        save_checkpoint_steps: this.config.save_checkpoints_steps, save_checkpoint_secs: this.config.save_checkpoints_secs,
        save_summaries_steps: this.config.save_summary_steps, log_step_count_steps: this.config.log_step_count_steps,
      }, (sess) => {
        while (!sess.should_stop()) {
          const r = sess.run({ train: spec.train_op!, loss: spec.loss! }) as { loss: NDArray };
          lastLoss = Number(r.loss.item());
        }
      });
      logging.info('Loss for final step: %s.', lastLoss);
    });
    return this;
  }

  /**
   * Evaluates the latest checkpoint (or `checkpoint_path`) over the input (or `steps` batches): returns
   * each metric's final value, the mean `loss` and the `global_step`, and writes them to `eval` (or
   * `eval_<name>`) in model_dir.
   */
  evaluate(input_fn: InputFn, options?: EvaluateOptions): Record<string, number>;
  evaluate(keywords: { input_fn: InputFn } & EvaluateOptions): Record<string, number>;
  evaluate(...args: unknown[]): Record<string, number> {
    const [input_fn, options] = EVALUATE.shape(EVALUATE.bind(args), 1) as [InputFn, EvaluateOptions];
    if (options.steps != null && options.steps <= 0) throw new ValueError(`Must specify steps > 0, given: ${options.steps}`);
    const ckpt = options.checkpoint_path ?? latest_checkpoint(this.model_dir);
    const g = this.newGraph();
    return g.as_default(() => {
      const globalStep = get_or_create_global_step();
      const [features, labels] = inputsOf(input_fn);
      const spec = this.callModel(features, labels, ModeKeys.EVAL);
      const metrics: Record<string, readonly [Tensor, Tensor | Operation]> = { ...spec.eval_metric_ops };
      if (!('loss' in metrics)) metrics.loss = mean(spec.loss!);
      const sess = new Session({ graph: g, config: this.config.session_config ?? undefined });
      try {
        const saver = new Saver();
        const init = global_variables_initializer();
        const localInit = group([local_variables_initializer(), tables_initializer()]);
        const stepValue = identity(globalStep as Tensor);
        g.finalize();
        sess.run(localInit);
        if (ckpt) saver.restore(sess, ckpt);
        else {
          logging.info('Could not find trained model in model_dir: %s, running initialization to evaluate.', this.model_dir);
          sess.run(init);
        }
        const updates = Object.values(metrics).map(([, u]) => u);
        let n = 0;
        try {
          while (options.steps == null || n < options.steps) { sess.run(updates); n++; }
        } catch (e) {
          if (!(e instanceof OutOfRangeError)) throw e;
        }
        const values = sess.run(Object.fromEntries(Object.entries(metrics).map(([k, [v]]) => [k, v]))) as Record<string, NDArray>;
        const result: Record<string, number> = {};
        for (const [k, v] of Object.entries(values)) result[k] = Number(v.item());
        result.global_step = Number((sess.run(stepValue) as NDArray).item());
        const dir = path.join(this.model_dir, options.name ? `eval_${options.name}` : 'eval');
        const writer = new FileWriter(dir);
        writer.add_summary({ value: Object.entries(result).filter(([k]) => k !== 'global_step').map(([tag, simple_value]) => ({ tag, simple_value })) }, result.global_step);
        writer.close();
        logging.info('Saving dict for global step %d: %s', result.global_step, Object.entries(result).sort().map(([k, v]) => `${k} = ${v}`).join(', '));
        return result;
      } finally {
        sess.close();
      }
    });
  }

  /**
   * The model's predictions for the input, one example at a time (an object of the prediction tensors'
   * values, or the value when `predictions` is one tensor), from the latest checkpoint.
   */
  predict(input_fn: InputFn, options?: PredictOptions): Generator<NDArray | Record<string, NDArray>>;
  predict(keywords: { input_fn: InputFn } & PredictOptions): Generator<NDArray | Record<string, NDArray>>;
  *predict(...args: unknown[]): Generator<NDArray | Record<string, NDArray>> {
    const [input_fn, options] = PREDICT.shape(PREDICT.bind(args), 1) as [InputFn, PredictOptions];
    if (options.hooks?.length) throw new NotImplementedError('Estimator.predict: hooks are not supported');
    const ckpt = options.checkpoint_path ?? latest_checkpoint(this.model_dir);
    if (!ckpt) throw new ValueError(`Could not find trained model in model_dir: ${this.model_dir}.`);
    const g = this.newGraph();
    const { sess, fetches, single } = g.as_default(() => {
      get_or_create_global_step();
      const [features] = inputsOf(input_fn);
      const spec = this.callModel(features, null, ModeKeys.PREDICT);
      const preds = spec.predictions!;
      const one = preds instanceof Tensor;
      let f: Record<string, Tensor> = one ? { predictions: preds } : { ...preds };
      if (options.predict_keys) {
        for (const k of options.predict_keys) if (!(k in f)) throw new ValueError(`Expected to run at least one output from ${Object.keys(f)}, provided ${k}.`);
        f = Object.fromEntries(options.predict_keys.map((k) => [k, f[k]]));
      }
      const s = new Session({ graph: g, config: this.config.session_config ?? undefined });
      new Saver().restore(s, ckpt);
      s.run(group([local_variables_initializer(), tables_initializer()]));
      return { sess: s, fetches: f, single: one };
    });
    try {
      for (;;) {
        let batch: Record<string, NDArray>;
        try { batch = sess.run(fetches) as Record<string, NDArray>; } catch (e) { if (e instanceof OutOfRangeError) return; throw e; }
        if (options.yield_single_examples === false) { yield single ? batch.predictions : batch; continue; }
        const n = Object.values(batch)[0].shape[0] ?? 1;
        for (let i = 0; i < n; i++) {
          const example: Record<string, NDArray> = {};
          for (const [k, v] of Object.entries(batch)) {
            if (v.shape[0] !== n) throw new ValueError(`Batch length of predictions should be same. ${k} has different batch length than others.`);
            example[k] = exampleAt(v, i);
          }
          yield single ? example.predictions : example;
        }
      }
    } finally {
      sess.close();
    }
  }

  /** The value of a variable in the latest checkpoint. */
  get_variable_value(name: string): NDArray {
    const ckpt = latest_checkpoint(this.model_dir);
    if (!ckpt) throw new ValueError(`Could not find trained model in model_dir: ${this.model_dir}.`);
    return load_variable(ckpt, name);
  }

  /** The latest checkpoint's prefix, or null. */
  latest_checkpoint(): string | null { return latest_checkpoint(this.model_dir); }

  /**
   * Exports the PREDICT graph with the latest (or the given) checkpoint's variables as a SavedModel under
   * `<export_dir_base>/<timestamp>` (written to `temp-<timestamp>` first), its signatures from the model's
   * export outputs and the receiver's tensors; returns the export folder.
   * @example est.export_savedmodel('exports', tf.estimator.export.build_raw_serving_input_receiver_fn({x}))
   */
  export_savedmodel(export_dir_base: string, serving_input_receiver_fn: ServingInputReceiverFn,
    options: { assets_extra?: Readonly<Record<string, string>> | null; as_text?: boolean; checkpoint_path?: string | null; strip_default_attrs?: boolean } = {}): string {
    const ckpt = options.checkpoint_path ?? latest_checkpoint(this.model_dir);
    if (!ckpt) throw new ValueError(`Couldn't find trained model at ${this.model_dir}.`);
    fs.mkdirSync(export_dir_base, { recursive: true });
    let stamp = Math.floor(Date.now() / 1000);
    while (fs.existsSync(path.join(export_dir_base, String(stamp)))) stamp++;
    const exportDir = path.join(export_dir_base, String(stamp));
    const tempDir = path.join(export_dir_base, `temp-${stamp}`);
    const g = this.newGraph();
    g.as_default(() => {
      get_or_create_global_step();
      const receiver = serving_input_receiver_fn();
      if (!(receiver instanceof ServingInputReceiverImpl)) throw new TFTypeError('serving_input_receiver_fn must return a ServingInputReceiver.');
      const features = Object.keys(receiver.features).length === 1 && 'feature' in receiver.features ? receiver.features.feature : receiver.features;
      const spec = this.callModel(features, null, ModeKeys.PREDICT);
      const signature_def_map = buildAllSignatureDefs(receiver.receiver_tensors, spec.export_outputs!, (m) => logging.warning(m));
      const sess = new Session({ graph: g, config: this.config.session_config ?? undefined });
      try {
        new Saver(null, { sharded: true }).restore(sess, ckpt);
        const builder = new SavedModelBuilder(tempDir);
        builder.add_meta_graph_and_variables(sess, [tag_constants.SERVING], {
          signature_def_map, assets_collection: g.get_collection<Tensor>(GraphKeys.ASSET_FILEPATHS),
          main_op: group([local_variables_initializer(), tables_initializer()], { name: 'group_deps' }), strip_default_attrs: options.strip_default_attrs ?? false,
        });
        builder.save(options.as_text ?? false);
      } finally {
        sess.close();
      }
    });
    for (const [dest, source] of Object.entries(options.assets_extra ?? {})) {
      const target = path.join(tempDir, 'assets.extra', dest);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(source, target);
    }
    fs.renameSync(tempDir, exportDir);
    return exportDir;
  }
}

function exampleAt(a: NDArray, i: number): NDArray {
  const inner = a.shape.slice(1);
  const n = inner.reduce((x, y) => x * y, 1);
  const data = a.data as unknown as { slice(s: number, e: number): NDArray['data'] };
  return new NDArray(a.dtype, inner, data.slice(i * n, (i + 1) * n));
}
