/**
 * `tf.estimator.LinearClassifier` (TF 1.x's canned linear estimator for two classes): a linear model of
 * the feature columns under `linear/` (variables `linear/linear_model/<column>/weights` and
 * `linear/linear_model/bias_weights`, partitioned as TF partitions them, one part by default), the binary
 * logistic head's predictions, loss and metrics under `linear/head/`, trained by FTRL. A model_dir TF wrote
 * for one restores into it, and checkpoints written here restore in TF.
 */
import { float32 } from '../framework/dtypes';
import { Operation, Tensor, get_default_graph } from '../framework/graph';
import { ValueError } from '../framework/errors';
import { argmax, sigmoid } from '../ops/math_ops';
import { concat, expand_dims, identity, reshape, zeros_like } from '../ops/array_ops';
import { cast } from '../ops/gen_math_ops';
import { softmax } from '../ops/nn_ops';
import { sigmoid_cross_entropy_with_logits } from '../ops/nn_impl';
import { as_string } from '../ops/parsing_ops';
import { Reduction, ReductionName, compute_weighted_loss } from '../ops/losses';
import { variable_scope } from '../variables/variable_scope';
import { Partitioner, min_max_variable_partitioner } from '../variables/partitioned_variables';
import { Optimizer } from '../train/optimizers/optimizer';
import { FtrlOptimizer } from '../train/optimizers/ftrl';
import { get_global_step } from '../train/training_util';
import { accuracy, auc, mean, precision, recall } from '../metrics/metrics';
import { Estimator, EstimatorSpec, Features, Mode, ModeKeys, RunConfig } from './estimator';
import { NumericColumn, linear_model } from './feature_column';


export interface LinearClassifierOptions {
  model_dir?: string | null;
  n_classes?: number;
  weight_column?: string | null;
  label_vocabulary?: readonly string[] | null;
  /** An Optimizer, or `'Ftrl'` (the default: learning rate min(0.2, 1/√(number of columns))). */
  optimizer?: Optimizer | 'Ftrl';
  config?: RunConfig | null;
  partitioner?: Partitioner | null;
  loss_reduction?: ReductionName;
}

/** TF's `_linear_learning_rate`. */
function linearLearningRate(numColumns: number): number { return Math.min(0.2, 1 / Math.sqrt(numColumns)); }

/**
 * A linear classifier of two classes.
 * @example
 * const est = new tf.estimator.LinearClassifier([tf.feature_column.numeric_column('x')], {model_dir: '/tmp/linear'});
 * est.train(input_fn, {steps: 100});
 */
export class LinearClassifier extends Estimator {
  constructor(readonly feature_columns: readonly NumericColumn[], options: LinearClassifierOptions = {}) {
    const nClasses = options.n_classes ?? 2;
    if (nClasses !== 2) throw new ValueError(`n_classes ${nClasses}: this LinearClassifier has TF's binary logistic head only (n_classes=2)`);
    if (options.weight_column) throw new ValueError('weight_column is not supported by this LinearClassifier; leave it None');
    if (options.label_vocabulary) throw new ValueError('label_vocabulary is not supported by this LinearClassifier; give integer labels 0 and 1');
    if (!feature_columns || feature_columns.length === 0) throw new ValueError('feature_columns must not be empty.');
    const reduction = options.loss_reduction ?? Reduction.SUM;
    const modelFn = (features: Features, labels: Tensor | null, mode: Mode): EstimatorSpec => {
      if (features instanceof Tensor) throw new ValueError('features should be a dictionary of `Tensor`s. Given type: Tensor');
      // TF partitions by the number of parameter servers, none in one process: one part (`…/part_0`).
      const partitioner = options.partitioner ?? min_max_variable_partitioner({ max_partitions: 0, min_slice_size: 64 << 20 });
      return variable_scope('linear', { values: Object.values(features), partitioner }, () => {
        const logits = linear_model(features, feature_columns, { units: 1, weight_collections: ['linear'] });
        const optimizer = options.optimizer instanceof Optimizer ? options.optimizer : null;
        return binaryLogisticHead(mode, logits, labels, reduction, (loss) => {
          const opt = optimizer ?? new FtrlOptimizer(linearLearningRate(feature_columns.length));
          return opt.minimize(loss, { global_step: get_global_step() });
        });
      });
    };
    super(modelFn, options.model_dir ?? null, options.config ?? null);
    if (options.optimizer !== undefined && !(options.optimizer instanceof Optimizer) && options.optimizer !== 'Ftrl') {
      throw new ValueError(`Unsupported optimizer name: ${String(options.optimizer)}. Supported names are: Ftrl, or an Optimizer instance`);
    }
  }
}

/** TF's binary logistic head with sigmoid cross-entropy (`_BinaryLogisticHeadWithSigmoidCrossEntropyLoss`). */
function binaryLogisticHead(mode: Mode, logitsIn: Tensor, labelsIn: Tensor | null, reduction: ReductionName, trainOpFn: (loss: Tensor) => Operation): EstimatorSpec {
  const g = get_default_graph();
  return g.name_scope('head', () => {
    const predictions = g.name_scope('predictions', () => {
      const logits = identity(logitsIn, { name: 'logits' });
      const logistic = sigmoid(logits, { name: 'logistic' });
      const twoClassLogits = concat([zeros_like(logits), logits], 1, { name: 'two_class_logits' });
      const probabilities = softmax(twoClassLogits, { name: 'probabilities' });
      const classIds = reshape(argmax(twoClassLogits, 1), [-1, 1], { name: 'classes' });
      const classes = as_string(classIds, { name: 'str_classes' });
      return { logits, logistic, probabilities, class_ids: classIds, classes };
    });
    if (mode === ModeKeys.PREDICT) return new EstimatorSpec(mode, { predictions });
    if (!labelsIn) throw new ValueError(`You must provide a labels Tensor. Given: None. Suggested troubleshooting steps: Check that your data contain your label feature. Check that your input_fn properly parses and returns labels.`);
    const expanded = labelsIn.shape.ndims === 1 ? g.name_scope('maybe_expand_dim', () => expand_dims(labelsIn, -1)) : labelsIn;
    const labels = identity(expanded, { name: 'labels' });
    const floatLabels = cast(labels, float32, { name: 'ToFloat' });
    const unweightedLoss = sigmoid_cross_entropy_with_logits({ labels: floatLabels, logits: predictions.logits, name: 'loss' });
    const loss = compute_weighted_loss(unweightedLoss, { reduction });
    if (mode === ModeKeys.EVAL) {
      const eval_metric_ops = g.name_scope('metrics', () => ({
        accuracy: accuracy(labels, predictions.class_ids, { name: 'accuracy' }),
        average_loss: mean(unweightedLoss, { name: 'average_loss' }),
        'prediction/mean': mean(predictions.logistic, { name: 'prediction/mean' }),
        'label/mean': mean(floatLabels, { name: 'label/mean' }),
        auc: auc(floatLabels, predictions.logistic, { name: 'auc' }),
        auc_precision_recall: auc(floatLabels, predictions.logistic, { curve: 'PR', name: 'auc_precision_recall' }),
        precision: precision(labels, predictions.class_ids, { name: 'precision' }),
        recall: recall(labels, predictions.class_ids, { name: 'recall' }),
      }));
      return new EstimatorSpec(mode, { predictions, loss, eval_metric_ops });
    }
    return new EstimatorSpec(mode, { predictions, loss, train_op: trainOpFn(loss) });
  });
}
