/**
 * The canned estimators' head for two classes (TF's `_BinaryLogisticHeadWithSigmoidCrossEntropyLoss`): under
 * `head/`, the predictions (logits, logistic, probabilities, class_ids, classes), the sigmoid cross-entropy
 * loss reduced as asked, TF's evaluation metrics, and the train op the estimator's optimizer makes.
 */
import { float32 } from '../framework/dtypes';
import { SparseTensor } from '../ops/sparse_tensor';
import { Operation, Tensor, get_default_graph } from '../framework/graph';
import { ValueError } from '../framework/errors';
import { argmax, sigmoid } from '../ops/math_ops';
import { concat, expand_dims, identity, reshape, zeros_like } from '../ops/array_ops';
import { cast } from '../ops/gen_math_ops';
import { softmax } from '../ops/nn_ops';
import { sigmoid_cross_entropy_with_logits } from '../ops/nn_impl';
import { as_string } from '../ops/parsing_ops';
import { ReductionName, compute_weighted_loss } from '../ops/losses';
import { accuracy, auc, mean, precision, recall } from '../metrics/metrics';
import { Partitioner } from '../variables/partitioned_variables';
import { variable_scope } from '../variables/variable_scope';
import { Optimizer } from '../train/optimizers/optimizer';
import { get_global_step } from '../train/training_util';
import { scopeValues } from './feature_column';
import { EstimatorSpec, Features, Mode, ModeKeys, ModelFn, RunConfig } from './estimator';

/** What the canned classifiers share. */
export interface BinaryClassifierOptions {
  model_dir?: string | null;
  n_classes?: number;
  weight_column?: string | null;
  label_vocabulary?: readonly string[] | null;
  config?: RunConfig | null;
  /** How the per-example losses reduce to the training loss (TF 1.x's canned estimators: SUM). */
  loss_reduction?: ReductionName;
  /** A checkpoint to start from: not supported here (an error when given). */
  warm_start_from?: string | null;
}

/** Refuses what this head does not do (more classes, weights, a label vocabulary), naming the estimator. */
export function checkBinaryClassifier(estimator: string, feature_columns: readonly unknown[], options: BinaryClassifierOptions): void {
  const nClasses = options.n_classes ?? 2;
  if (nClasses !== 2) throw new ValueError(`n_classes ${nClasses}: this ${estimator} has TF's binary logistic head only (n_classes=2)`);
  if (options.weight_column) throw new ValueError(`weight_column is not supported by this ${estimator}; leave it None`);
  if (options.label_vocabulary) throw new ValueError(`label_vocabulary is not supported by this ${estimator}; give integer labels 0 and 1`);
  if (!feature_columns || feature_columns.length === 0) throw new ValueError('feature_columns must not be empty.');
  if (options.warm_start_from) throw new ValueError(`warm_start_from is not supported by this ${estimator}; restore through model_dir instead`);
}

/**
 * A canned model_fn: the logits built under variable scope `scope` with `partitioner` (TF partitions by the
 * number of parameter servers: none in one process, so one part, `…/part_0`), then the binary head in the
 * same scope, whose train op is `optimizer()` minimizing the loss.
 */
export function cannedModelFn(
  scope: string, partitioner: Partitioner, logitsOf: (features: Readonly<Record<string, Tensor | SparseTensor>>, mode: Mode) => Tensor,
  optimizer: () => Optimizer, reduction: ReductionName,
): ModelFn {
  return (features: Features, labels: Tensor | null, mode: Mode): EstimatorSpec => {
    if (features instanceof Tensor) throw new ValueError('features should be a dictionary of `Tensor`s. Given type: Tensor');
    return variable_scope(scope, { values: scopeValues(features), partitioner }, () =>
      binaryLogisticHead(mode, logitsOf(features, mode), labels, reduction, (loss) => optimizer().minimize(loss, { global_step: get_global_step() })));
  };
}

/** The optimizer an estimator option names: an instance, or the default one `make` builds. */
export function optimizerFrom(option: Optimizer | string | undefined, defaultName: string, make: () => Optimizer): () => Optimizer {
  if (option instanceof Optimizer) return () => option;
  if (option !== undefined && option !== defaultName) {
    throw new ValueError(`Unsupported optimizer name: ${String(option)}. Supported names are: ${defaultName}, or an Optimizer instance`);
  }
  return make;
}

/** TF's binary logistic head with sigmoid cross-entropy (`_BinaryLogisticHeadWithSigmoidCrossEntropyLoss`). */
export function binaryLogisticHead(mode: Mode, logitsIn: Tensor, labelsIn: Tensor | null, reduction: ReductionName, trainOpFn: (loss: Tensor) => Operation): EstimatorSpec {
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
