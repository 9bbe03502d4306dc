/**
 * `tf.estimator.DNNClassifier` and `tf.estimator.DNNRegressor` (TF 1.x's canned DNN estimators): under
 * `dnn/`, the input layer of the feature columns (`input_from_feature_columns/input_layer`), dense layers
 * `hiddenlayer_<i>` (kernel and bias, glorot-uniform kernels, ReLU by default, dropout while training when
 * asked) and `logits`, each variable partitioned as TF partitions them (one part by default), each layer's
 * `fraction_of_zero_values` and `activation` summaries; the head under `dnn/head/` (binary, multi-class or
 * regression), trained by Adagrad (learning rate 0.05) unless told otherwise.
 */
import { SparseTensor } from '../ops/sparse_tensor';
import { Tensor } from '../framework/graph';
import { ValueError } from '../framework/errors';
import { Reduction } from '../ops/losses';
import { pythonClass } from '../framework/python_signature';
import { relu } from '../ops/nn_ops';
import { zero_fraction } from '../ops/nn_impl';
import { histogram, scalar } from '../summary/summary';
import { variable_scope } from '../variables/variable_scope';
import { glorot_uniform_initializer } from '../variables/initializers';
import { Partitioner, min_max_variable_partitioner } from '../variables/partitioned_variables';
import { Optimizer } from '../train/optimizers/optimizer';
import { dense, dropout as dropoutLayer } from '../layers/core';
import { Estimator, Mode, ModeKeys } from './estimator';
import { Head, OptimizerName, RegressionHead, cannedModelFn, checkCanned, classifierHead, optimizerFrom } from './head';
import { ClassifierOptions, RegressorOptions } from './linear';
import { FeatureColumn, input_layer, scopeValues } from './feature_column';

export interface DNNOptions {
  /** An Optimizer (or a function making one), or a name: `'Adagrad'` (the default) and the others at learning rate 0.05. */
  optimizer?: Optimizer | OptimizerName | (() => Optimizer);
  /** Each hidden layer's activation (ReLU by default). */
  activation_fn?: (t: Tensor) => Tensor;
  /** The fraction of units dropped while training, or null for none. */
  dropout?: number | null;
  input_layer_partitioner?: Partitioner | null;
  /** Batch normalization after each hidden layer: not built here (an error when true). */
  batch_norm?: boolean;
}
export type DNNClassifierOptions = ClassifierOptions & DNNOptions;
export type DNNRegressorOptions = RegressorOptions & DNNOptions;

/** TF's `_add_hidden_layer_summary`: the share of zeros and a histogram of a layer's output. */
function layerSummary(value: Tensor, tag: string): void {
  scalar(`${tag}/fraction_of_zero_values`, zero_fraction(value));
  histogram(`${tag}/activation`, value);
}

/** The DNN's options checked as TF checks them (hidden units, dropout); batch norm refused. */
export function checkDNN(estimator: string, hidden_units: readonly number[], options: DNNOptions): void {
  if (!Array.isArray(hidden_units) || hidden_units.some((u) => !Number.isInteger(u) || u < 1)) {
    throw new ValueError(`hidden_units must be a list of positive integers, got ${String(hidden_units)}`);
  }
  if (options.batch_norm) throw new ValueError(`batch_norm is not supported by this ${estimator}; leave it False`);
  const rate = options.dropout ?? null;
  if (rate !== null && !(rate >= 0 && rate < 1)) throw new ValueError(`dropout must be in [0, 1), got ${rate}`);
}

/**
 * TF's dnn_logit_fn inside variable scope `scope`: the input layer, the hidden layers and the `units`
 * logits, with each layer's summaries (tags `<scope>/hiddenlayer_<i>/…` under the scope's name scope).
 */
export function dnnLogits(
  scope: string, features: Readonly<Record<string, Tensor | SparseTensor>>, mode: Mode, units: number, hidden_units: readonly number[],
  feature_columns: readonly FeatureColumn[], options: DNNOptions,
): Tensor {
  const activation = options.activation_fn ?? ((t: Tensor) => relu(t));
  const rate = options.dropout ?? null;
  const inputPartitioner = options.input_layer_partitioner ?? min_max_variable_partitioner({ max_partitions: 0, min_slice_size: 64 << 20 });
  let net = variable_scope('input_from_feature_columns', { values: scopeValues(features), partitioner: inputPartitioner }, () =>
    input_layer(features, feature_columns));
  hidden_units.forEach((n, i) => {
    const name = `hiddenlayer_${i}`;
    net = variable_scope(name, { values: [net] }, (vs) => {
      let out = dense(net, n, { activation, kernel_initializer: glorot_uniform_initializer(), name: vs });
      if (rate !== null && mode === ModeKeys.TRAIN) out = dropoutLayer(out, { rate, training: true });
      return out;
    });
    layerSummary(net, `${scope}/${name}`);
  });
  const logits = variable_scope('logits', { values: [net] }, (vs) =>
    dense(net, units, { activation: null, kernel_initializer: glorot_uniform_initializer(), name: vs }));
  layerSummary(logits, `${scope}/logits`);
  return logits;
}

function dnnModelFn(head: Head, hidden_units: readonly number[], feature_columns: readonly FeatureColumn[], options: DNNOptions) {
  const optimizer = optimizerFrom(options.optimizer ?? 'Adagrad', 0.05);
  return cannedModelFn({
    scope: 'dnn', partitioner: min_max_variable_partitioner({ max_partitions: 0 }), head, optimizer,
    logits: (features, mode) => dnnLogits('dnn', features, mode, head.logits_dimension, hidden_units, feature_columns, options),
  });
}

/**
 * A deep neural network classifier: two classes (sigmoid) or more (softmax).
 * @example
 * const est = new tf.estimator.DNNClassifier([64, 32], [tf.feature_column.numeric_column('x', {shape: [4]})], {n_classes: 3});
 */
export class DNNClassifierClass extends Estimator {
  constructor(readonly hidden_units: readonly number[], readonly feature_columns: readonly FeatureColumn[], options: DNNClassifierOptions = {}) {
    checkCanned(feature_columns);
    checkDNN('DNNClassifier', hidden_units, options);
    const head = classifierHead(options.n_classes ?? 2, options.weight_column ?? null, options.label_vocabulary ?? null, options.loss_reduction ?? Reduction.SUM);
    super(dnnModelFn(head, hidden_units, feature_columns, options), options.model_dir ?? null, options.config ?? null, {}, options.warm_start_from ?? null);
  }
}

/** `tf.estimator.DNNClassifier(hidden_units, feature_columns, ...)`, with or without `new`, positionally or by keyword. */
export const DNNClassifier = pythonClass('DNNClassifier', [
  'hidden_units', 'feature_columns', 'model_dir=None', 'n_classes=2', 'weight_column=None', 'label_vocabulary=None', "optimizer='Adagrad'",
  'activation_fn=tf.nn.relu', 'dropout=None', 'input_layer_partitioner=None', 'config=None', 'warm_start_from=None',
  'loss_reduction=losses.Reduction.SUM', 'batch_norm=False',
], 2, DNNClassifierClass);
export type DNNClassifier = DNNClassifierClass;

/**
 * A deep neural network regressor of `label_dimension` numbers per example, trained on the squared error.
 * @example
 * const est = new tf.estimator.DNNRegressor([16, 8], [tf.feature_column.numeric_column('x')]);
 */
export class DNNRegressorClass extends Estimator {
  constructor(readonly hidden_units: readonly number[], readonly feature_columns: readonly FeatureColumn[], options: DNNRegressorOptions = {}) {
    checkCanned(feature_columns);
    checkDNN('DNNRegressor', hidden_units, options);
    const head = new RegressionHead(options.label_dimension ?? 1, options.weight_column ?? null, options.loss_reduction ?? Reduction.SUM);
    super(dnnModelFn(head, hidden_units, feature_columns, options), options.model_dir ?? null, options.config ?? null, {}, options.warm_start_from ?? null);
  }
}

/** `tf.estimator.DNNRegressor(hidden_units, feature_columns, ...)`, with or without `new`, positionally or by keyword. */
export const DNNRegressor = pythonClass('DNNRegressor', [
  'hidden_units', 'feature_columns', 'model_dir=None', 'label_dimension=1', 'weight_column=None', "optimizer='Adagrad'",
  'activation_fn=tf.nn.relu', 'dropout=None', 'input_layer_partitioner=None', 'config=None', 'warm_start_from=None',
  'loss_reduction=losses.Reduction.SUM', 'batch_norm=False',
], 2, DNNRegressorClass);
export type DNNRegressor = DNNRegressorClass;
