/**
 * The canned estimators' heads as TF 1.15's tensorflow_estimator builds them (canned/head.py), each under
 * `head/` in its model's scope: the binary logistic head (sigmoid cross entropy), the multi-class head
 * (sparse softmax cross entropy, n_classes > 2) and the regression head (mean squared error,
 * label_dimension). Each checks labels and logits as TF does, maps string labels through the label
 * vocabulary's lookup table, weights examples by `weight_column`, reduces the training loss as asked
 * (TF 1.x's canned default: SUM), reports TF's evaluation metrics, writes the `loss` and `average_loss`
 * summaries while training, and serves TF's export outputs (classification, regression, predict).
 */
import { float32, string as stringDtype } from '../framework/dtypes';
import { SparseTensor, SparseTensorImpl } from '../ops/sparse_tensor';
import { Operation, Tensor, get_default_graph } from '../framework/graph';
import { TFTypeError, ValueError } from '../framework/errors';
import { GraphKeys } from '../framework/graph_keys';
import { argmax, cast, equal, maximum, multiply, range, reduce_all, reduce_any, reduce_sum, sigmoid, subtract, truediv } from '../ops/math_ops';
import { concat, constant, expand_dims, getitem, identity, ones_like, shape, stack, tile, zeros_like } from '../ops/array_ops';
import { softmax } from '../ops/nn_ops';
import { sigmoid_cross_entropy_with_logits } from '../ops/nn_impl';
import { as_string } from '../ops/parsing_ops';
import { Assert } from '../ops/logging_ops';
import { assert_equal, assert_less_equal, assert_non_negative, assert_rank_at_least } from '../ops/check_ops';
import { group } from '../ops/control_flow_ops';
import { index_table_from_tensor, index_to_string_table_from_tensor } from '../ops/lookup_ops';
import { Reduction, ReductionName, compute_weighted_loss, mean_squared_error, sparse_softmax_cross_entropy } from '../ops/losses';
import { Metric, accuracy, auc, mean, precision, recall } from '../metrics/metrics';
import { scalar } from '../summary/summary';
import { Optimizer } from '../train/optimizers/optimizer';
import { AdagradOptimizer } from '../train/optimizers/adagrad';
import { AdamOptimizer } from '../train/optimizers/adam';
import { FtrlOptimizer } from '../train/optimizers/ftrl';
import { RMSPropOptimizer } from '../train/optimizers/rmsprop';
import { GradientDescentOptimizer } from '../train/optimizers/gradient_descent';
import { EstimatorSpec, Features as EstimatorFeatures, Mode, ModeKeys, ModelFn } from './estimator';
import { Partitioner } from '../variables/partitioned_variables';
import { variable_scope } from '../variables/variable_scope';
import { get_global_step } from '../train/training_util';
import { ClassificationOutputImpl, ExportOutput, PredictOutputImpl, RegressionOutputImpl } from './export';
import { FeatureDict, LazyBuilder, NumericColumn, numeric_column, scopeValues } from './feature_column';

/** A feature holding each example's weight: its key, or a numeric column of it. */
export type WeightColumn = string | NumericColumn;
type Features = Readonly<Record<string, Tensor | SparseTensor>>;

/** What a head is given to build its EstimatorSpec (TF's create_estimator_spec arguments). */
export interface HeadArgs {
  features: Features;
  mode: Mode;
  logits: Tensor;
  labels: Tensor | null;
  /** Makes the train op from the training loss (TRAIN mode). */
  train_op_fn: (loss: Tensor) => Operation;
}

/** TF's `_Head`: how many logits it reads per example, and the EstimatorSpec it makes of them. */
export interface Head {
  readonly logits_dimension: number;
  create_estimator_spec(args: HeadArgs): EstimatorSpec;
}

const SERVING_DEFAULT = 'serving_default';

function checkReduction(reduction: string): void {
  if (!Reduction.all().includes(reduction) || reduction === Reduction.NONE) throw new ValueError(`Invalid loss_reduction: ${reduction}`);
}

/** `shape[:-1]` of a shape tensor. */
function allButLast(s: Tensor): Tensor { return getitem(s, { stop: -1 }); }

/** TF's _check_dense_labels_match_logits_and_reshape: labels as [D0, ... DN, dim], checked against the logits. */
function checkDenseLabels(labels: Tensor | SparseTensor | null, logits: Tensor, dim: number): Tensor {
  if (labels === null || labels === undefined) {
    throw new ValueError('You must provide a labels Tensor. Given: None. Suggested troubleshooting steps: Check that your data contain your label feature. Check that your input_fn properly parses and returns labels.');
  }
  const g = get_default_graph();
  return g.name_scope('labels', (scope) => {
    if (labels instanceof SparseTensorImpl) {
      throw new ValueError(`SparseTensor labels are not supported. labels must be a Tensor of shape [D0, D1, ..., DN, ${dim}], e.g. [batch_size, ${dim}]. Suggested Fix (1): Check the label feature in your data. Each example must contain ${dim} value(s). If not, your choice of label was probably incorrect. Suggested Fix (2): In your input_fn, use tf.sparse_tensor_to_dense() to turn labels into a Tensor.`);
    }
    let l = labels as Tensor;
    if (l.shape.ndims !== null && logits.shape.ndims !== null && l.shape.ndims === logits.shape.ndims - 1) l = expand_dims(l, -1);
    const labelsShape = shape(l), logitsShape = shape(logits);
    const message = `labels shape must be [D0, D1, ... DN, ${dim}]. Suggested Fix: check your n_classes argument to the estimator and/or the shape of your label.`;
    const rankCheck = assert_rank_at_least(l, 2, { message });
    return g.control_dependencies([rankCheck], () => {
      if (l.shape.ndims !== null) {
        const last = l.shape.dims![l.shape.ndims - 1];
        if (last !== null && last !== dim) {
          throw new ValueError(`Mismatched label shape. Expected labels dimension=${dim}.  Received ${last}. Suggested Fix:If your classifier expects one-hot encoding label,check your n_classes argument to the estimator and/or the shape of your label. Otherwise, check the shape of your label.`);
        }
      }
      const expected = concat([allButLast(logitsShape), [dim]], 0);
      const dimCheck = assert_equal(expected, labelsShape, { message, data: ['expected_labels_shape: ', expected, 'labels_shape: ', labelsShape] });
      return g.control_dependencies([dimCheck], () => identity(l, { name: scope }));
    });
  });
}

/** TF's _get_weights_and_check_match_logits: the weight column's values as [D0, ... DN, 1] (or per logit), or null without one. */
function weightsOf(features: Features, column: WeightColumn | null, logits: Tensor, perLogit = false): Tensor | null {
  const g = get_default_graph();
  return g.name_scope('weights', (scope) => {
    if (column === null) return null;
    const c = typeof column === 'string' ? numeric_column(column, { shape: [1] }) : column;
    if (!(c instanceof NumericColumn)) throw new TFTypeError(`Weight column must be either a string or _NumericColumn. Given type: ${typeof column}.`);
    let w = c.getDenseTensor(new LazyBuilder(features as FeatureDict));
    if (!(w.dtype.is_floating || w.dtype.is_integer)) throw new ValueError(`Weight column should be castable to float. Given dtype: ${w.dtype.name}`);
    w = cast(w, float32, { name: 'weights' });
    const weightsShape = shape(w, { name: 'weights_shape' }), logitsShape = shape(logits, { name: 'logits_shape' });
    const message = perLogit ? 'weights shape must be [D0, D1, ... DN], [D0, D1, ... DN, 1] or [D0, D1, ... DN, logits_dimension]' : 'weights shape must be [D0, D1, ... DN] or [D0, D1, ... DN, 1]';
    const data = ['logits_shape: ', logitsShape, 'weights_shape: ', weightsShape];
    if (w.shape.ndims !== null && logits.shape.ndims !== null && w.shape.ndims === logits.shape.ndims - 1) {
      const check = assert_equal(allButLast(logitsShape), weightsShape, { message, data });
      return g.control_dependencies([check], () => expand_dims(w, -1, { name: scope }));
    }
    const supported = concat([allButLast(logitsShape), [1]], 0);
    const check = perLogit
      ? Assert(reduce_any(stack([reduce_all(equal(logitsShape, weightsShape)), reduce_all(equal(supported, weightsShape))], { name: 'packed' })), [message, ...data])
      : assert_equal(supported, weightsShape, { message, data });
    return g.control_dependencies([check], () => identity(w, { name: scope }));
  });
}

/** TF's _check_logits_final_dim: float logits of shape [D0, ... DN, dim]. */
function checkLogits(logits: Tensor, dim: number): Tensor {
  const g = get_default_graph();
  return g.name_scope('logits', (scope) => {
    const l = cast(logits, float32);
    const logitsShape = shape(l);
    const message = 'logits shape must be [D0, D1, ... DN, logits_dimension]';
    const rankCheck = assert_rank_at_least(l, 2, { data: [logitsShape], message });
    return g.control_dependencies([rankCheck], () => {
      const known = l.shape.ndims !== null ? l.shape.dims![l.shape.ndims - 1] : null;
      if (known !== null) {
        if (known !== dim) throw new ValueError(`logits shape must be [D0, D1, ... DN, logits_dimension], got ${l.shape}.`);
        return l;
      }
      const check = assert_equal(dim, getitem(logitsShape, -1), { data: [logitsShape], message });
      return g.control_dependencies([check], () => identity(l, { name: scope }));
    });
  });
}

/** TF's _assert_range: labels checked to lie in [0, n_classes - 1] when run. */
function assertRange(labels: Tensor, nClasses: number): Tensor {
  const g = get_default_graph();
  return g.name_scope('assert_range', () => {
    const less = assert_less_equal(labels, constant(nClasses - 1, { dtype: labels.dtype }), { message: 'Labels must <= n_classes - 1' });
    const nonNegative = assert_non_negative(labels, { message: 'Labels must >= 0' });
    return g.control_dependencies([less, nonNegative], () => identity(labels));
  });
}

/** The class ids [0, n) (or names) repeated for each example: [batch, n] (TF's _all_class_ids / _all_classes). */
function allClassIds(logits: Tensor, n: number): Tensor {
  const batch = getitem(shape(logits), 0);
  return tile(expand_dims(range(n), 0), stack([batch, 1], { name: 'packed' }));
}
function allClasses(logits: Tensor, n: number, vocabulary: readonly string[] | null): Tensor {
  const batch = getitem(shape(logits), 0);
  const list = vocabulary ? constant([...vocabulary]) : as_string(range(n));
  return tile(expand_dims(list, 0), stack([batch, 1], { name: 'packed' }));
}

/** The class names for `class_ids`: the vocabulary's entries, or the ids as strings. */
function classNames(classIds: Tensor, vocabulary: readonly string[] | null): Tensor {
  if (!vocabulary) return as_string(classIds, { name: 'str_classes' });
  return index_to_string_table_from_tensor([...vocabulary], { name: 'class_string_lookup' }).lookup(classIds);
}

/** String labels → their vocabulary ids (int64, -1 when missing) through TF's `class_id_lookup` table. */
function labelIds(labels: Tensor, vocabulary: readonly string[]): Tensor {
  if (labels.dtype.base_dtype !== stringDtype) throw new ValueError(`Labels dtype should be string if there is a vocabulary. Instead got ${labels.dtype.name}`);
  return index_table_from_tensor([...vocabulary], { name: 'class_id_lookup' }).lookup(labels);
}

/** The weighted mean of `values` as float (TF's _predictions_mean and _indicator_labels_mean) under `name`. */
function weightedMean(values: Tensor, weights: Tensor | null, name: string): Metric {
  return mean(cast(values, float32), { weights, name });
}

/** What every head does after its loss: EVAL's metrics, TRAIN's train op and summaries. */
function finishSpec(
  mode: Mode, predictions: Readonly<Record<string, Tensor>>, trainingLoss: Tensor, unreducedLoss: Tensor, weights: Tensor | null,
  reduction: ReductionName, metrics: () => Readonly<Record<string, Metric>>, trainOpFn: (loss: Tensor) => Operation,
): EstimatorSpec | (() => EstimatorSpec) {
  if (mode === ModeKeys.EVAL) return new EstimatorSpec(mode, { predictions, loss: trainingLoss, eval_metric_ops: metrics() });
  let trainOp: Operation = trainOpFn(trainingLoss);
  const updates = get_default_graph().get_collection<Operation | Tensor>(GraphKeys.UPDATE_OPS);
  if (updates.length) trainOp = group([trainOp, ...updates]);
  const meanLoss = reduction === Reduction.SUM
    ? truediv(trainingLoss, reduce_sum(weights === null ? multiply(1, ones_like(unreducedLoss)) : multiply(weights, ones_like(unreducedLoss))))
    : null;
  // The summaries sit at the graph's root, as TF's `with ops.name_scope('')`.
  return () => get_default_graph().name_scope('', () => {
    scalar('loss', trainingLoss);
    if (meanLoss !== null) scalar('average_loss', meanLoss);
    return new EstimatorSpec(ModeKeys.TRAIN, { predictions, loss: trainingLoss, train_op: trainOp });
  });
}

/** Builds under `head/` (the spec's summaries after leaving it). */
function inHeadScope(build: () => EstimatorSpec | (() => EstimatorSpec)): EstimatorSpec {
  const made = get_default_graph().name_scope('head', build);
  return made instanceof EstimatorSpec ? made : made();
}

function classificationOutputs(probabilities: Tensor, n: number, vocabulary: readonly string[] | null, predictions: Readonly<Record<string, Tensor>>, regression: Tensor | null): Record<string, ExportOutput> {
  const classifier = new ClassificationOutputImpl(probabilities, allClasses(probabilities, n, vocabulary));
  return {
    [SERVING_DEFAULT]: classifier, classification: classifier,
    ...(regression ? { regression: new RegressionOutputImpl(regression) } : {}),
    predict: new PredictOutputImpl(predictions),
  };
}

function checkVocabulary(vocabulary: readonly string[] | null | undefined, error: typeof ValueError | typeof TFTypeError): readonly string[] | null {
  if (vocabulary === null || vocabulary === undefined) return null;
  if (!Array.isArray(vocabulary)) throw new error(`label_vocabulary should be a list or a tuple. Given type: ${typeof vocabulary}`);
  return vocabulary;
}

/** TF's `_BinaryLogisticHeadWithSigmoidCrossEntropyLoss`. */
export class BinaryLogisticHead implements Head {
  readonly logits_dimension = 1;
  private readonly vocabulary: readonly string[] | null;
  constructor(private readonly weightColumn: WeightColumn | null = null, vocabulary: readonly string[] | null = null, private readonly reduction: ReductionName = Reduction.SUM) {
    this.vocabulary = checkVocabulary(vocabulary, TFTypeError);
    checkReduction(reduction);
  }

  create_estimator_spec({ features, mode, logits: logitsIn, labels, train_op_fn }: HeadArgs): EstimatorSpec {
    const g = get_default_graph();
    return inHeadScope(() => {
      const predictions = g.name_scope('predictions', () => {
        const logits = checkLogits(logitsIn, 1);
        const logistic = sigmoid(logits, { name: 'logistic' });
        const twoClassLogits = concat([zeros_like(logits), logits], -1, { name: 'two_class_logits' });
        const probabilities = softmax(twoClassLogits, { name: 'probabilities' });
        const classIds = expand_dims(argmax(twoClassLogits, -1, { name: 'class_ids' }), -1);
        const all_class_ids = allClassIds(logits, 2);
        const all_classes = allClasses(logits, 2, this.vocabulary);
        const classes = classNames(classIds, this.vocabulary);
        return { logits, logistic, probabilities, class_ids: classIds, classes, all_class_ids, all_classes };
      });
      if (mode === ModeKeys.PREDICT) {
        return new EstimatorSpec(mode, { predictions, export_outputs: classificationOutputs(predictions.probabilities, 2, this.vocabulary, predictions, predictions.logistic) });
      }
      // create_loss
      let processed = checkDenseLabels(labels, predictions.logits, 1);
      if (this.vocabulary) processed = labelIds(processed, this.vocabulary);
      processed = assertRange(cast(processed, float32, { name: 'ToFloat' }), 2);
      const unweighted = sigmoid_cross_entropy_with_logits({ labels: processed, logits: predictions.logits, name: 'logistic_loss' });
      const weights = weightsOf(features, this.weightColumn, predictions.logits);
      const loss = compute_weighted_loss(unweighted, { weights: weights ?? 1, reduction: this.reduction });
      return finishSpec(mode, predictions, loss, unweighted, weights, this.reduction, () => g.name_scope('metrics', () => {
        const labelMean = weightedMean(processed, weights, 'label/mean');
        const baseline = g.name_scope('accuracy_baseline', () => [
          maximum(labelMean[0], subtract(1, labelMean[0]), { name: 'value' }), maximum(labelMean[1], subtract(1, labelMean[1]), { name: 'update_op' }),
        ] as Metric);
        return {
          average_loss: mean(unweighted, { weights, name: 'average_loss' }),
          accuracy: accuracy(processed, predictions.class_ids, { weights, name: 'accuracy' }),
          precision: precision(processed, predictions.class_ids, { weights, name: 'precision' }),
          recall: recall(processed, predictions.class_ids, { weights, name: 'recall' }),
          'prediction/mean': weightedMean(predictions.logistic, weights, 'prediction/mean'),
          'label/mean': labelMean,
          accuracy_baseline: baseline,
          auc: auc(processed, predictions.logistic, { weights, name: 'auc' }),
          auc_precision_recall: auc(processed, predictions.logistic, { weights, curve: 'PR', name: 'auc_precision_recall' }),
        };
      }), train_op_fn);
    });
  }
}

/** TF's `_MultiClassHeadWithSoftmaxCrossEntropyLoss` (n_classes > 2). */
export class MultiClassHead implements Head {
  readonly logits_dimension: number;
  private readonly vocabulary: readonly string[] | null;
  constructor(private readonly nClasses: number, private readonly weightColumn: WeightColumn | null = null, vocabulary: readonly string[] | null = null, private readonly reduction: ReductionName = Reduction.SUM) {
    if (nClasses === null || nClasses === undefined) throw new ValueError('n_classes cannot be None');
    if (!Number.isInteger(nClasses) || nClasses <= 2) throw new ValueError(`n_classes must be > 2: ${nClasses}.`);
    this.vocabulary = checkVocabulary(vocabulary, ValueError);
    checkReduction(reduction);
    this.logits_dimension = nClasses;
  }

  create_estimator_spec({ features, mode, logits: logitsIn, labels, train_op_fn }: HeadArgs): EstimatorSpec {
    const g = get_default_graph();
    const n = this.nClasses;
    return inHeadScope(() => {
      const logits = checkLogits(logitsIn, n);
      const predictions = g.name_scope('predictions', () => {
        const all_class_ids = allClassIds(logits, n);
        const all_classes = allClasses(logits, n, this.vocabulary);
        const classIds = expand_dims(argmax(logits, -1, { name: 'class_ids' }), -1);
        const classes = classNames(classIds, this.vocabulary);
        const probabilities = softmax(logits, { name: 'probabilities' });
        return { logits, probabilities, class_ids: classIds, classes, all_class_ids, all_classes };
      });
      if (mode === ModeKeys.PREDICT) {
        return new EstimatorSpec(mode, { predictions, export_outputs: classificationOutputs(predictions.probabilities, n, this.vocabulary, predictions, null) });
      }
      // create_loss
      const checked = checkDenseLabels(labels, logits, 1);
      let ids: Tensor;
      if (this.vocabulary) ids = labelIds(checked, this.vocabulary);
      else {
        if (!checked.dtype.is_integer) throw new ValueError(`Labels dtype should be integer. Instead got ${checked.dtype.name}.`);
        ids = checked;
      }
      ids = assertRange(ids, n);
      const unweighted = expand_dims(sparse_softmax_cross_entropy(ids, logits, { reduction: Reduction.NONE }), -1);
      const weights = weightsOf(features, this.weightColumn, logits);
      const loss = compute_weighted_loss(unweighted, { weights: weights ?? 1, reduction: this.reduction });
      return finishSpec(mode, predictions, loss, unweighted, weights, this.reduction, () => g.name_scope('metrics', () => ({
        average_loss: mean(unweighted, { weights, name: 'average_loss' }),
        accuracy: accuracy(ids, predictions.class_ids, { weights, name: 'accuracy' }),
      })), train_op_fn);
    });
  }
}

/** TF's `_RegressionHeadWithMeanSquaredErrorLoss`. */
export class RegressionHead implements Head {
  readonly logits_dimension: number;
  constructor(labelDimension = 1, private readonly weightColumn: WeightColumn | null = null, private readonly reduction: ReductionName = Reduction.SUM) {
    checkReduction(reduction);
    if (!Number.isInteger(labelDimension) || labelDimension < 1) throw new ValueError(`Invalid label_dimension ${labelDimension}.`);
    this.logits_dimension = labelDimension;
  }

  create_estimator_spec({ features, mode, logits: logitsIn, labels, train_op_fn }: HeadArgs): EstimatorSpec {
    const dim = this.logits_dimension;
    return inHeadScope(() => {
      const logits = checkLogits(logitsIn, dim);
      const predictions = { predictions: logits };
      if (mode === ModeKeys.PREDICT) {
        const regression = new RegressionOutputImpl(logits);
        return new EstimatorSpec(mode, { predictions, export_outputs: { [SERVING_DEFAULT]: regression, regression, predict: new PredictOutputImpl(predictions) } });
      }
      const processed = cast(checkDenseLabels(labels, logits, dim), float32);
      const unweighted = mean_squared_error(processed, logits, { reduction: Reduction.NONE });
      const weights = weightsOf(features, this.weightColumn, logits, true);
      const loss = compute_weighted_loss(unweighted, { weights: weights ?? 1, reduction: this.reduction });
      // TF's regression metrics: no `metrics` scope, label/mean of the labels as given.
      return finishSpec(mode, predictions, loss, unweighted, weights, this.reduction, () => ({
        average_loss: mean(unweighted, { weights }),
        'prediction/mean': weightedMean(logits, weights, 'prediction/mean'),
        'label/mean': mean(cast(labels!, float32), { weights }),
      }), train_op_fn);
    });
  }
}

/** TF's _binary_logistic_or_multi_class_head: the binary head for 2 classes, else the multi-class one. */
export function classifierHead(nClasses: number, weightColumn: WeightColumn | null, vocabulary: readonly string[] | null, reduction: ReductionName): Head {
  if (nClasses === 2) return new BinaryLogisticHead(weightColumn, vocabulary, reduction);
  return new MultiClassHead(nClasses, weightColumn, vocabulary, reduction);
}

/** The optimizers a canned estimator's option may name (TF's `_OPTIMIZER_CLS_NAMES`). */
export type OptimizerName = 'Adagrad' | 'Adam' | 'Ftrl' | 'RMSProp' | 'SGD';
const OPTIMIZERS: Readonly<Record<OptimizerName, (lr: number) => Optimizer>> = {
  Adagrad: (lr) => new AdagradOptimizer(lr), Adam: (lr) => new AdamOptimizer(lr), Ftrl: (lr) => new FtrlOptimizer(lr),
  RMSProp: (lr) => new RMSPropOptimizer(lr), SGD: (lr) => new GradientDescentOptimizer(lr),
};

/**
 * TF's optimizers.get_optimizer_instance: a name makes that optimizer at `learning_rate`, a function is
 * called for one, an Optimizer is used as it is. Made when the model is built (once per graph).
 */
export function optimizerFrom(option: Optimizer | OptimizerName | (() => Optimizer), learning_rate: number): () => Optimizer {
  if (typeof option === 'string') {
    const make = OPTIMIZERS[option as OptimizerName];
    if (!Object.prototype.hasOwnProperty.call(OPTIMIZERS, option) || !make) {
      throw new ValueError(`Unsupported optimizer name: ${String(option)}. Supported names are: ('Adagrad', 'Adam', 'Ftrl', 'RMSProp', 'SGD')`);
    }
    return () => make(learning_rate);
  }
  const check = (opt: unknown): Optimizer => {
    if (!(opt instanceof Optimizer)) throw new ValueError(`The given object is not an Optimizer instance. Given: ${String(opt)}`);
    return opt;
  };
  if (option instanceof Optimizer) return () => option;
  if (typeof option === 'function') return () => check(option());
  throw new ValueError(`The given object is not an Optimizer instance. Given: ${String(option)}`);
}

/** What a canned estimator's model_fn is made of: its variable scope and partitioner, its logits and head, its optimizer. */
export interface CannedModel {
  scope: string;
  partitioner: Partitioner;
  head: Head;
  /** The logits ([batch, head.logits_dimension]) of the features. */
  logits(features: Features, mode: Mode): Tensor;
  optimizer: () => Optimizer;
}

/**
 * A canned model_fn: the logits built under variable scope `scope` with `partitioner` (TF partitions by the
 * number of parameter servers: none in one process, so one part, `…/part_0`), then the head in the same
 * scope, whose train op is the optimizer minimizing the loss.
 */
export function cannedModelFn(model: CannedModel): ModelFn {
  return (features: EstimatorFeatures, labels: Tensor | null, mode: Mode): EstimatorSpec => {
    if (features instanceof Tensor) throw new ValueError('features should be a dictionary of `Tensor`s. Given type: <class \'tensorflow.python.framework.ops.Tensor\'>');
    return variable_scope(model.scope, { values: scopeValues(features), partitioner: model.partitioner }, () =>
      model.head.create_estimator_spec({
        features, mode, logits: model.logits(features, mode), labels,
        train_op_fn: (loss) => model.optimizer().minimize(loss, { global_step: get_global_step() }),
      }));
  };
}

/** What the canned estimators' constructors check before building (TF's texts). */
export function checkCanned(feature_columns: readonly unknown[]): void {
  if (!feature_columns || feature_columns.length === 0) throw new ValueError('feature_columns must not be empty.');
}
