/**
 * `tf.estimator.LinearClassifier` and `tf.estimator.LinearRegressor` (TF 1.x's canned linear estimators): a
 * linear model of the feature columns under `linear/` (variables `linear/linear_model/<column>/weights` and
 * `linear/linear_model/bias_weights`, partitioned as TF partitions them, one part by default) with TF's
 * `linear/bias` and `linear/fraction_of_zero_weights` summaries, then the head under `linear/head/` (binary,
 * multi-class or regression), trained by FTRL. A model_dir TF wrote for one restores into it, and
 * checkpoints written here restore in TF.
 */
import { float32, int64 } from '../framework/dtypes';
import { Tensor, get_default_graph } from '../framework/graph';
import { Reduction, ReductionName } from '../ops/losses';
import { pythonClass } from '../framework/python_signature';
import { SparseTensor } from '../ops/sparse_tensor';
import { constant, getitem, identity, size, stack } from '../ops/array_ops';
import { add_n, cast, equal, multiply, truediv } from '../ops/math_ops';
import { cond } from '../ops/control_flow_ops';
import { zero_fraction } from '../ops/nn_impl';
import { histogram, scalar } from '../summary/summary';
import { PartitionedVariable, Partitioner, min_max_variable_partitioner } from '../variables/partitioned_variables';
import { RefVariable } from '../variables/variables';
import { Optimizer } from '../train/optimizers/optimizer';
import { FtrlOptimizer } from '../train/optimizers/ftrl';
import { Estimator, RunConfig, WarmStartFrom } from './estimator';
import { Head, OptimizerName, RegressionHead, WeightColumn, cannedModelFn, checkCanned, classifierHead, optimizerFrom } from './head';
import { Combiner, FeatureColumn, linear_model } from './feature_column';

/** What the canned estimators share. */
export interface CannedOptions {
  model_dir?: string | null;
  /** The feature holding each example's weight (its key, or a numeric column). */
  weight_column?: WeightColumn | null;
  config?: RunConfig | null;
  /** How the per-example losses reduce to the training loss (TF 1.x's canned estimators: SUM). */
  loss_reduction?: ReductionName;
  /** Where to warm-start from when training starts with no checkpoint in model_dir: a checkpoint (prefix or folder), a SavedModel folder, or settings. */
  warm_start_from?: WarmStartFrom | null;
}

/** What the canned classifiers add. */
export interface ClassifierOptions extends CannedOptions {
  /** The number of classes (2: the binary logistic head; more: softmax). */
  n_classes?: number;
  /** The labels' strings, their positions the class ids; without it labels are the ids themselves. */
  label_vocabulary?: readonly string[] | null;
}

/** What the canned regressors add. */
export interface RegressorOptions extends CannedOptions {
  /** How many numbers each label has. */
  label_dimension?: number;
}

export interface LinearOptions {
  /**
   * An Optimizer (or a function making one), or a name (`'Ftrl'`, the default, and the others at learning
   * rate 0.2); null: FTRL at min(0.2, 1/√(number of columns)), as TF's.
   */
  optimizer?: Optimizer | OptimizerName | (() => Optimizer) | null;
  partitioner?: Partitioner | null;
  /** How a categorical column's weights combine per example (the default 'sum'). */
  sparse_combiner?: Combiner;
}
export type LinearClassifierOptions = ClassifierOptions & LinearOptions;
export type LinearRegressorOptions = RegressorOptions & LinearOptions;


function parts(v: RefVariable | PartitionedVariable): RefVariable[] { return v instanceof RefVariable ? [v] : [...v]; }

/** TF's _compute_fraction_of_zero: the share of zeros among all the weights (NaN when there are none). */
function fractionOfZero(variables: readonly RefVariable[]): Tensor {
  const g = get_default_graph();
  return g.name_scope('zero_fraction', () => {
    const [sizes, totalSize] = g.name_scope('total_size', () => {
      const each = variables.map((v) => size(v, { out_type: int64 }));
      return [each, add_n(each)] as const;
    });
    const totalZero = g.name_scope('total_zero', () => add_n(variables.map((v, i) =>
      cond(equal(sizes[i], constant(0, { dtype: int64 })), () => constant(0, { dtype: float32 }), () => multiply(zero_fraction(v), cast(sizes[i], float32)), { name: 'zero_count' }) as Tensor)));
    const ratio = g.name_scope('compute', () => truediv(totalZero, cast(totalSize, float32, { name: 'float32_size' })));
    return identity(ratio, { name: 'zero_fraction_or_nan' });
  });
}

/**
 * TF's linear_logit_fn: the linear model's logits ([batch, units]) and its summaries, the bias (a scalar
 * for one unit, else a histogram) and the fraction of zero weights.
 */
export function linearLogits(features: Readonly<Record<string, Tensor | SparseTensor>>, columns: readonly FeatureColumn[], units: number, combiner: Combiner): Tensor {
  const colsToVars = new Map<FeatureColumn | 'bias', RefVariable | PartitionedVariable>();
  const logits = linear_model(features, columns, { units, sparse_combiner: combiner, weight_collections: ['linear'], cols_to_vars: colsToVars });
  const bias = parts(colsToVars.get('bias')!);
  colsToVars.delete('bias');
  if (units > 1) histogram('bias', stack(bias.map((b) => b.value())));
  else scalar('bias', getitem(bias[0].value(), 0));
  scalar('fraction_of_zero_weights', fractionOfZero([...colsToVars.values()].flatMap(parts)));
  return logits;
}

function linearEstimatorArgs(head: Head, feature_columns: readonly FeatureColumn[], options: LinearOptions & CannedOptions) {
  // TF's _linear_model_fn: a named optimizer at 0.2; none given, FTRL at min(0.2, 1/√(number of columns)).
  const given = options.optimizer === undefined ? 'Ftrl' : options.optimizer;
  const optimizer = given === null ? () => new FtrlOptimizer(Math.min(0.2, 1 / Math.sqrt(feature_columns.length))) : optimizerFrom(given, 0.2);
  const partitioner = options.partitioner ?? min_max_variable_partitioner({ max_partitions: 0, min_slice_size: 64 << 20 });
  const combiner = options.sparse_combiner ?? 'sum';
  return cannedModelFn({ scope: 'linear', partitioner, head, optimizer, logits: (features) => linearLogits(features, feature_columns, head.logits_dimension, combiner) });
}

/**
 * A linear classifier: two classes (sigmoid) or more (softmax), labels as class ids or, with a
 * label_vocabulary, as strings.
 * @example
 * const est = new tf.estimator.LinearClassifier([tf.feature_column.numeric_column('x')], {model_dir: '/tmp/linear'});
 * est.train(input_fn, {steps: 100});
 */
export class LinearClassifierClass extends Estimator {
  constructor(readonly feature_columns: readonly FeatureColumn[], options: LinearClassifierOptions = {}) {
    checkCanned(feature_columns);
    const head = classifierHead(options.n_classes ?? 2, options.weight_column ?? null, options.label_vocabulary ?? null, options.loss_reduction ?? Reduction.SUM);
    super(linearEstimatorArgs(head, feature_columns, options), options.model_dir ?? null, options.config ?? null, {}, options.warm_start_from ?? null);
  }
}

/** `tf.estimator.LinearClassifier(feature_columns, ...)`, with or without `new`, positionally or by keyword. */
export const LinearClassifier = pythonClass('LinearClassifier', [
  'feature_columns', 'model_dir=None', 'n_classes=2', 'weight_column=None', 'label_vocabulary=None', "optimizer='Ftrl'", 'config=None',
  'partitioner=None', 'warm_start_from=None', 'loss_reduction=losses.Reduction.SUM', "sparse_combiner='sum'",
], 1, LinearClassifierClass);
export type LinearClassifier = LinearClassifierClass;

/**
 * A linear regressor of `label_dimension` numbers per example, trained on the squared error.
 * @example
 * const est = new tf.estimator.LinearRegressor([tf.feature_column.numeric_column('x')]);
 */
export class LinearRegressorClass extends Estimator {
  constructor(readonly feature_columns: readonly FeatureColumn[], options: LinearRegressorOptions = {}) {
    checkCanned(feature_columns);
    const head = new RegressionHead(options.label_dimension ?? 1, options.weight_column ?? null, options.loss_reduction ?? Reduction.SUM);
    super(linearEstimatorArgs(head, feature_columns, options), options.model_dir ?? null, options.config ?? null, {}, options.warm_start_from ?? null);
  }
}

/** `tf.estimator.LinearRegressor(feature_columns, ...)`, with or without `new`, positionally or by keyword. */
export const LinearRegressor = pythonClass('LinearRegressor', [
  'feature_columns', 'model_dir=None', 'label_dimension=1', 'weight_column=None', "optimizer='Ftrl'", 'config=None',
  'partitioner=None', 'warm_start_from=None', 'loss_reduction=losses.Reduction.SUM', "sparse_combiner='sum'",
], 1, LinearRegressorClass);
export type LinearRegressor = LinearRegressorClass;
