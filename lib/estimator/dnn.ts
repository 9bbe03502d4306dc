/**
 * `tf.estimator.DNNClassifier` (TF 1.x's canned DNN estimator for two classes): under `dnn/`, the input
 * layer of the feature columns (`input_from_feature_columns/input_layer`), dense layers
 * `hiddenlayer_<i>` (kernel and bias, glorot-uniform kernels, ReLU by default, dropout while training when
 * asked) and `logits`, each variable partitioned as TF partitions them (one part by default); the binary
 * logistic head under `dnn/head/`, trained by Adagrad (learning rate 0.05) unless told otherwise.
 */
import { SparseTensor } from '../ops/sparse_tensor';
import { Tensor } from '../framework/graph';
import { ValueError } from '../framework/errors';
import { Reduction } from '../ops/losses';
import { pythonClass } from '../framework/python_signature';
import { relu } from '../ops/nn_ops';
import { variable_scope } from '../variables/variable_scope';
import { glorot_uniform_initializer } from '../variables/initializers';
import { Partitioner, min_max_variable_partitioner } from '../variables/partitioned_variables';
import { Optimizer } from '../train/optimizers/optimizer';
import { AdagradOptimizer } from '../train/optimizers/adagrad';
import { dense, dropout as dropoutLayer } from '../layers/core';
import { Estimator, Mode, ModeKeys } from './estimator';
import { BinaryClassifierOptions, cannedModelFn, checkBinaryClassifier, optimizerFrom } from './head';
import { FeatureColumn, input_layer, scopeValues } from './feature_column';

export interface DNNClassifierOptions extends BinaryClassifierOptions {
  /** An Optimizer, or `'Adagrad'` (the default, learning rate 0.05). */
  optimizer?: Optimizer | 'Adagrad';
  /** Each hidden layer's activation (ReLU by default). */
  activation_fn?: (t: Tensor) => Tensor;
  /** The fraction of units dropped while training, or null for none. */
  dropout?: number | null;
  input_layer_partitioner?: Partitioner | null;
  /** Batch normalization after each hidden layer: not built here (an error when true). */
  batch_norm?: boolean;
}

/**
 * A deep neural network classifier of two classes.
 * @example
 * const est = new tf.estimator.DNNClassifier([64, 32], [tf.feature_column.numeric_column('x', {shape: [4]})]);
 */
export class DNNClassifierClass extends Estimator {
  constructor(readonly hidden_units: readonly number[], readonly feature_columns: readonly FeatureColumn[], options: DNNClassifierOptions = {}) {
    checkBinaryClassifier('DNNClassifier', feature_columns, options);
    if (!Array.isArray(hidden_units) || hidden_units.some((u) => !Number.isInteger(u) || u < 1)) {
      throw new ValueError(`hidden_units must be a list of positive integers, got ${String(hidden_units)}`);
    }
    if (options.batch_norm) throw new ValueError('batch_norm is not supported by this DNNClassifier; leave it False');
    const rate = options.dropout ?? null;
    if (rate !== null && !(rate >= 0 && rate < 1)) throw new ValueError(`dropout must be in [0, 1), got ${rate}`);
    const activation = options.activation_fn ?? ((t: Tensor) => relu(t));
    const inputPartitioner = options.input_layer_partitioner ?? min_max_variable_partitioner({ max_partitions: 0, min_slice_size: 64 << 20 });
    // TF's _dnn_logit_fn_builder.
    const logitsOf = (features: Readonly<Record<string, Tensor | SparseTensor>>, mode: Mode): Tensor => {
      let net = variable_scope('input_from_feature_columns', { values: scopeValues(features), partitioner: inputPartitioner }, () =>
        input_layer(features, feature_columns));
      hidden_units.forEach((units, i) => {
        net = variable_scope(`hiddenlayer_${i}`, { values: [net] }, (scope) => {
          let out = dense(net, units, { activation, kernel_initializer: glorot_uniform_initializer(), name: scope });
          if (rate !== null && mode === ModeKeys.TRAIN) out = dropoutLayer(out, { rate, training: true });
          return out;
        });
      });
      return variable_scope('logits', { values: [net] }, (scope) =>
        dense(net, 1, { activation: null, kernel_initializer: glorot_uniform_initializer(), name: scope }));
    };
    const optimizer = optimizerFrom(options.optimizer, 'Adagrad', () => new AdagradOptimizer(0.05));
    super(cannedModelFn('dnn', min_max_variable_partitioner({ max_partitions: 0 }), logitsOf, optimizer, options.loss_reduction ?? Reduction.SUM),
      options.model_dir ?? null, options.config ?? null);
  }
}

/** `tf.estimator.DNNClassifier(hidden_units, feature_columns, ...)`, with or without `new`, positionally or by keyword. */
export const DNNClassifier = pythonClass('DNNClassifier', [
  'hidden_units', 'feature_columns', 'model_dir=None', 'n_classes=2', 'weight_column=None', 'label_vocabulary=None', "optimizer='Adagrad'",
  'activation_fn=tf.nn.relu', 'dropout=None', 'input_layer_partitioner=None', 'config=None', 'warm_start_from=None',
  'loss_reduction=losses.Reduction.SUM', 'batch_norm=False',
], 2, DNNClassifierClass);
export type DNNClassifier = DNNClassifierClass;
