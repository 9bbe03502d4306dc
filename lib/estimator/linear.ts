/**
 * `tf.estimator.LinearClassifier` (TF 1.x's canned linear estimator for two classes): a linear model of
 * the feature columns under `linear/` (variables `linear/linear_model/<column>/weights` and
 * `linear/linear_model/bias_weights`, partitioned as TF partitions them, one part by default), the binary
 * logistic head's predictions, loss and metrics under `linear/head/`, trained by FTRL. A model_dir TF wrote
 * for one restores into it, and checkpoints written here restore in TF.
 */
import { Reduction } from '../ops/losses';
import { pythonClass } from '../framework/python_signature';
import { Partitioner, min_max_variable_partitioner } from '../variables/partitioned_variables';
import { Optimizer } from '../train/optimizers/optimizer';
import { FtrlOptimizer } from '../train/optimizers/ftrl';
import { Estimator } from './estimator';
import { BinaryClassifierOptions, cannedModelFn, checkBinaryClassifier, optimizerFrom } from './head';
import { FeatureColumn, linear_model } from './feature_column';

export interface LinearClassifierOptions extends BinaryClassifierOptions {
  /** An Optimizer, or `'Ftrl'` (the default: learning rate min(0.2, 1/√(number of columns))). */
  optimizer?: Optimizer | 'Ftrl';
  partitioner?: Partitioner | null;
  /** How a categorical column's weights combine per example (the default 'sum'). */
  sparse_combiner?: 'sum' | 'mean' | 'sqrtn';
}

/** TF's `_linear_learning_rate`. */
function linearLearningRate(numColumns: number): number { return Math.min(0.2, 1 / Math.sqrt(numColumns)); }

/**
 * A linear classifier of two classes.
 * @example
 * const est = new tf.estimator.LinearClassifier([tf.feature_column.numeric_column('x')], {model_dir: '/tmp/linear'});
 * est.train(input_fn, {steps: 100});
 */
export class LinearClassifierClass extends Estimator {
  constructor(readonly feature_columns: readonly FeatureColumn[], options: LinearClassifierOptions = {}) {
    checkBinaryClassifier('LinearClassifier', feature_columns, options);
    const optimizer = optimizerFrom(options.optimizer, 'Ftrl', () => new FtrlOptimizer(linearLearningRate(feature_columns.length)));
    const partitioner = options.partitioner ?? min_max_variable_partitioner({ max_partitions: 0, min_slice_size: 64 << 20 });
    super(cannedModelFn('linear', partitioner, (features) => linear_model(features, feature_columns, { units: 1, sparse_combiner: options.sparse_combiner ?? 'sum', weight_collections: ['linear'] }),
      optimizer, options.loss_reduction ?? Reduction.SUM), options.model_dir ?? null, options.config ?? null);
  }
}

/** `tf.estimator.LinearClassifier(feature_columns, ...)`, with or without `new`, positionally or by keyword. */
export const LinearClassifier = pythonClass('LinearClassifier', [
  'feature_columns', 'model_dir=None', 'n_classes=2', 'weight_column=None', 'label_vocabulary=None', "optimizer='Ftrl'", 'config=None',
  'partitioner=None', 'warm_start_from=None', 'loss_reduction=losses.Reduction.SUM', "sparse_combiner='sum'",
], 1, LinearClassifierClass);
export type LinearClassifier = LinearClassifierClass;
