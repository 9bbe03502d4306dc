/**
 * `tf.estimator.DNNLinearCombinedClassifier` and `tf.estimator.DNNLinearCombinedRegressor` (TF 1.x's
 * wide-and-deep estimators): a DNN of `dnn_feature_columns` under `dnn/` and a linear model of
 * `linear_feature_columns` under `linear/` (the variables as DNNClassifier and LinearClassifier name them,
 * with their summaries and `linear/linear/fraction_of_zero_values`), their logits added, the head under
 * `head/`. Each part trains by its own optimizer (Adagrad at 0.001 and FTRL at min(0.005, 1/√(number of
 * linear columns)) by default) over its own variables, then the global step advances by one.
 */
import { Operation, Tensor, get_default_graph } from '../framework/graph';
import { ValueError } from '../framework/errors';
import { GraphKeys } from '../framework/graph_keys';
import { Reduction } from '../ops/losses';
import { add } from '../ops/math_ops';
import { group } from '../ops/control_flow_ops';
import { assign_add } from '../ops/state_ops';
import { zero_fraction } from '../ops/nn_impl';
import { histogram, scalar } from '../summary/summary';
import { pythonClass } from '../framework/python_signature';
import { variable_scope } from '../variables/variable_scope';
import { Partitioner, min_max_variable_partitioner } from '../variables/partitioned_variables';
import { RefVariable } from '../variables/variables';
import { Optimizer } from '../train/optimizers/optimizer';
import { get_global_step } from '../train/training_util';
import { Estimator, EstimatorSpec, Features, Mode, ModelFn } from './estimator';
import { Head, OptimizerName, RegressionHead, classifierHead, optimizerFrom } from './head';
import { CannedOptions, ClassifierOptions, RegressorOptions, linearLogits } from './linear';
import { checkDNN, dnnLogits } from './dnn';
import { Combiner, FeatureColumn, scopeValues } from './feature_column';

export interface DNNLinearCombinedOptions extends CannedOptions {
  linear_feature_columns?: readonly FeatureColumn[] | null;
  /** The linear part's optimizer: an Optimizer (or a function making one), or a name (`'Ftrl'` by default). */
  linear_optimizer?: Optimizer | OptimizerName | (() => Optimizer);
  dnn_feature_columns?: readonly FeatureColumn[] | null;
  /** The DNN part's optimizer: an Optimizer (or a function making one), or a name (`'Adagrad'` by default, at 0.001). */
  dnn_optimizer?: Optimizer | OptimizerName | (() => Optimizer);
  dnn_hidden_units?: readonly number[] | null;
  dnn_activation_fn?: (t: Tensor) => Tensor;
  dnn_dropout?: number | null;
  input_layer_partitioner?: Partitioner | null;
  /** Batch normalization in the DNN: not built here (an error when true). */
  batch_norm?: boolean;
  linear_sparse_combiner?: Combiner;
}
export type DNNLinearCombinedClassifierOptions = DNNLinearCombinedOptions & ClassifierOptions;
export type DNNLinearCombinedRegressorOptions = DNNLinearCombinedOptions & RegressorOptions;

function validateColumns(options: DNNLinearCombinedOptions): void {
  if (!(options.linear_feature_columns?.length || options.dnn_feature_columns?.length)) {
    throw new ValueError('Either linear_feature_columns or dnn_feature_columns must be defined.');
  }
}

/** TF's _dnn_linear_combined_model_fn. */
function combinedModelFn(head: Head, estimator: string, options: DNNLinearCombinedOptions): ModelFn {
  const linearColumns = options.linear_feature_columns ?? [];
  const dnnColumns = options.dnn_feature_columns ?? [];
  const hidden = options.dnn_hidden_units ?? null;
  if (dnnColumns.length) {
    if (!hidden || hidden.length === 0) throw new ValueError('dnn_hidden_units must be defined when dnn_feature_columns is specified.');
    checkDNN(estimator, hidden, { dropout: options.dnn_dropout, batch_norm: options.batch_norm });
  }
  const dnnOptimizer = optimizerFrom(options.dnn_optimizer ?? 'Adagrad', 0.001);
  const linearOptimizer = optimizerFrom(options.linear_optimizer ?? 'Ftrl', Math.min(0.005, 1 / Math.sqrt(Math.max(linearColumns.length, 1))));
  return (features: Features, labels: Tensor | null, mode: Mode): EstimatorSpec => {
    if (features instanceof Tensor) throw new ValueError('features should be a dictionary of `Tensor`s. Given type: <class \'tensorflow.python.framework.ops.Tensor\'>');
    const g = get_default_graph();
    const inputPartitioner = options.input_layer_partitioner ?? min_max_variable_partitioner({ max_partitions: 0, min_slice_size: 64 << 20 });
    const parts: { logits: Tensor; scope: string; optimizer: Optimizer }[] = [];
    if (dnnColumns.length) {
      parts.push(variable_scope('dnn', { values: scopeValues(features), partitioner: min_max_variable_partitioner({ max_partitions: 0 }) }, (scope) => ({
        scope: scope.name, optimizer: dnnOptimizer(),
        logits: dnnLogits('dnn', features, mode, head.logits_dimension, hidden!, dnnColumns, {
          activation_fn: options.dnn_activation_fn, dropout: options.dnn_dropout, input_layer_partitioner: inputPartitioner,
        }),
      })));
    }
    if (linearColumns.length) {
      parts.push(variable_scope('linear', { values: scopeValues(features), partitioner: inputPartitioner }, (scope) => {
        const logits = linearLogits(features, linearColumns, head.logits_dimension, options.linear_sparse_combiner ?? 'sum');
        // TF's _add_layer_summary(linear_logits, scope.name).
        scalar(`${scope.name}/fraction_of_zero_values`, zero_fraction(logits));
        histogram(`${scope.name}/activation`, logits);
        return { scope: scope.name, optimizer: linearOptimizer(), logits };
      }));
    }
    const logits = parts.length === 2 ? add(parts[0].logits, parts[1].logits) : parts[0].logits;
    const train_op_fn = (loss: Tensor): Operation => {
      const step = get_global_step()!;
      const ops = parts.map((p) => p.optimizer.minimize(loss, { var_list: g.get_collection<RefVariable>(GraphKeys.TRAINABLE_VARIABLES, p.scope) }));
      const trained = group(ops);
      return g.control_dependencies([trained], () => assign_add(step, 1).op);
    };
    return head.create_estimator_spec({ features, mode, logits, labels, train_op_fn });
  };
}

/**
 * A wide-and-deep classifier: two classes (sigmoid) or more (softmax).
 * @example
 * const est = new tf.estimator.DNNLinearCombinedClassifier({linear_feature_columns: [wide], dnn_feature_columns: [deep], dnn_hidden_units: [8, 4]});
 */
export class DNNLinearCombinedClassifierClass extends Estimator {
  constructor(options: DNNLinearCombinedClassifierOptions = {}) {
    validateColumns(options);
    const head = classifierHead(options.n_classes ?? 2, options.weight_column ?? null, options.label_vocabulary ?? null, options.loss_reduction ?? Reduction.SUM);
    super(combinedModelFn(head, 'DNNLinearCombinedClassifier', options), options.model_dir ?? null, options.config ?? null, {}, options.warm_start_from ?? null);
  }
}

/** `tf.estimator.DNNLinearCombinedClassifier(model_dir=None, linear_feature_columns=None, ...)`, with or without `new`. */
export const DNNLinearCombinedClassifier = pythonClass('DNNLinearCombinedClassifier', [
  'model_dir=None', 'linear_feature_columns=None', "linear_optimizer='Ftrl'", 'dnn_feature_columns=None', "dnn_optimizer='Adagrad'",
  'dnn_hidden_units=None', 'dnn_activation_fn=tf.nn.relu', 'dnn_dropout=None', 'n_classes=2', 'weight_column=None', 'label_vocabulary=None',
  'input_layer_partitioner=None', 'config=None', 'warm_start_from=None', 'loss_reduction=losses.Reduction.SUM', 'batch_norm=False',
  "linear_sparse_combiner='sum'",
], 0, DNNLinearCombinedClassifierClass);
export type DNNLinearCombinedClassifier = DNNLinearCombinedClassifierClass;

/**
 * A wide-and-deep regressor of `label_dimension` numbers per example.
 * @example
 * const est = new tf.estimator.DNNLinearCombinedRegressor({linear_feature_columns: [wide], dnn_feature_columns: [deep], dnn_hidden_units: [8]});
 */
export class DNNLinearCombinedRegressorClass extends Estimator {
  constructor(options: DNNLinearCombinedRegressorOptions = {}) {
    validateColumns(options);
    const head = new RegressionHead(options.label_dimension ?? 1, options.weight_column ?? null, options.loss_reduction ?? Reduction.SUM);
    super(combinedModelFn(head, 'DNNLinearCombinedRegressor', options), options.model_dir ?? null, options.config ?? null, {}, options.warm_start_from ?? null);
  }
}

/** `tf.estimator.DNNLinearCombinedRegressor(model_dir=None, linear_feature_columns=None, ...)`, with or without `new`. */
export const DNNLinearCombinedRegressor = pythonClass('DNNLinearCombinedRegressor', [
  'model_dir=None', 'linear_feature_columns=None', "linear_optimizer='Ftrl'", 'dnn_feature_columns=None', "dnn_optimizer='Adagrad'",
  'dnn_hidden_units=None', 'dnn_activation_fn=tf.nn.relu', 'dnn_dropout=None', 'label_dimension=1', 'weight_column=None',
  'input_layer_partitioner=None', 'config=None', 'warm_start_from=None', 'loss_reduction=losses.Reduction.SUM', 'batch_norm=False',
  "linear_sparse_combiner='sum'",
], 0, DNNLinearCombinedRegressorClass);
export type DNNLinearCombinedRegressor = DNNLinearCombinedRegressorClass;
