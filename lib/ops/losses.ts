/**
 * `tf.losses` (TF's losses_impl and losses/util): per-element losses weighted and reduced (by default
 * summed and divided by the number of non-zero weights, SUM_BY_NONZERO_WEIGHTS), added to the LOSSES
 * collection; and the collection readers get_losses, get_regularization_loss(es), get_total_loss.
 */
import { Tensor, get_default_graph } from '../framework/graph';
import { ValueError } from '../framework/errors';
import { float32 } from '../framework/dtypes';
import { TensorLike, convertIntegerInput, convert_to_tensor, opScope } from './op_builder';
import { constant, getitem, ones_like, rank, shape, squeeze, stop_gradient, where, zeros_like } from './array_ops';
import {
  abs, add, add_n, cast, div_no_nan, equal, greater, log, maximum, minimum, multiply, not_equal, range, reduce_sum,
  square, squared_difference, subtract, truediv,
} from './math_ops';
import { relu, softmax_cross_entropy_with_logits_v2, sparse_softmax_cross_entropy_with_logits } from './nn_ops';
import { sigmoid_cross_entropy_with_logits } from './nn_impl';
import { GraphKeys } from '../framework/graph_keys';
import { pythonFunction } from '../framework/python_signature';

export const Reduction = {
  NONE: 'none',
  SUM: 'weighted_sum',
  SUM_OVER_BATCH_SIZE: 'weighted_sum_over_batch_size',
  MEAN: 'weighted_mean',
  SUM_BY_NONZERO_WEIGHTS: 'weighted_sum_by_nonzero_weights',
  SUM_OVER_NONZERO_WEIGHTS: 'weighted_sum_by_nonzero_weights',
  all: (): string[] => ['none', 'weighted_sum', 'weighted_mean', 'weighted_sum_over_batch_size', 'weighted_sum_by_nonzero_weights'],
  validate: (key: string): void => {
    if (!Reduction.all().includes(key)) throw new ValueError(`Invalid Reduction Key ${key}.`);
  },
} as const;
export type ReductionName = 'none' | 'weighted_sum' | 'weighted_sum_over_batch_size' | 'weighted_mean' | 'weighted_sum_by_nonzero_weights';

export interface LossOptions {
  weights?: TensorLike;
  scope?: string | null;
  loss_collection?: string | null;
  reduction?: ReductionName;
}

const LOSS_PARAMS = ['weights=1.0', 'scope=None', 'loss_collection=tf.GraphKeys.LOSSES', 'reduction=Reduction.SUM_BY_NONZERO_WEIGHTS'] as const;

/** Weights `losses` and reduces them as `reduction` says; the result joins `loss_collection`. */
export const compute_weighted_loss = pythonFunction('compute_weighted_loss', ['losses', ...LOSS_PARAMS], 1, function compute_weighted_loss(losses: TensorLike, options: LossOptions = {}): Tensor {
  const reduction = options.reduction ?? Reduction.SUM_BY_NONZERO_WEIGHTS;
  Reduction.validate(reduction);
  return opScope(options.scope, 'weighted_loss', [losses, options.weights ?? 1], () => {
    const l = convert_to_tensor(losses);
    const w = convert_to_tensor(options.weights ?? 1, { dtype: l.dtype.base_dtype, name: 'weights' });
    const weighted = multiply(l, w, { name: 'Mul' });
    let loss: Tensor;
    if (reduction === Reduction.NONE) loss = weighted;
    else {
      const total = reduce_sum(weighted, null, { name: 'Sum' });
      if (reduction === Reduction.SUM) loss = total;
      else {
        const broadcastWeights = multiply(w, ones_like(l), { name: 'num_present/broadcast_weights' });
        let count: Tensor;
        if (reduction === Reduction.MEAN) count = reduce_sum(broadcastWeights, null, { name: 'Sum_1' });
        else if (reduction === Reduction.SUM_OVER_BATCH_SIZE) count = reduce_sum(ones_like(l), null, { name: 'num_elements' });
        else count = reduce_sum(cast(not_equal(broadcastWeights, 0), l.dtype.base_dtype), null, { name: 'num_present' });
        // TF's div_no_nan: an all-zero weighting gives 0, not NaN.
        const positive = greater(count, 0);
        const safeCount = where(positive, count, ones_like(count));
        loss = where(positive, truediv(total, safeCount), zeros_like(total), { name: 'value' });
      }
    }
    add_loss(loss, options.loss_collection === undefined ? GraphKeys.LOSSES : options.loss_collection);
    return loss;
  });
});

/** Adds `loss` to `loss_collection` (LOSSES; none when null). */
export const add_loss = pythonFunction('add_loss', ['loss', 'loss_collection=tf.GraphKeys.LOSSES'], 2, function add_loss(loss: Tensor, loss_collection: string | null = GraphKeys.LOSSES): void {
  if (loss_collection) loss.graph.add_to_collection(loss_collection, loss);
});

/** The weighting and reduction options of a loss, for compute_weighted_loss under the loss's scope. */
function reductionOf(options: LossOptions, scope: string): LossOptions {
  return { weights: options.weights, scope, loss_collection: options.loss_collection, reduction: options.reduction };
}

function required(what: string, v: unknown): void {
  if (v === null || v === undefined) throw new ValueError(`${what} must not be None.`);
}

/**
 * `predictions` and `labels` as floats of one dtype and compatible shapes: TF casts both to float32;
 * here a float dtype of the predictions is kept (so float64 gradients stay float64), others become float32.
 */
function floatPair(a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  let x = convert_to_tensor(a);
  if (!x.dtype.is_floating) x = cast(x, float32);
  const y = cast(convert_to_tensor(b), x.dtype.base_dtype);
  if (!x.shape.is_compatible_with(y.shape)) throw new ValueError(`Shapes ${x.shape} and ${y.shape} are incompatible`);
  return [x, y];
}

/** A loss built per element in its own scope, then weighted and reduced under that scope. */
function elementwiseLoss(defaultName: string, first: [string, TensorLike], second: [string, TensorLike], options: LossOptions, build: (a: Tensor, b: Tensor) => Tensor): Tensor {
  required(first[0], first[1]);
  required(second[0], second[1]);
  return opScope(options.scope, defaultName, [second[1], first[1], options.weights ?? 1], (scope) => {
    const [b, a] = floatPair(second[1], first[1]);
    return compute_weighted_loss(build(a, b), reductionOf(options, scope));
  });
}

/**
 * The (weighted) mean of (predictions - labels)².
 * @example const loss = tf.losses.mean_squared_error(y, pred);
 */
export const mean_squared_error = pythonFunction('mean_squared_error', ['labels', 'predictions', ...LOSS_PARAMS], 2, function mean_squared_error(labels: TensorLike, predictions: TensorLike, options: LossOptions = {}): Tensor {
  return elementwiseLoss('mean_squared_error', ['labels', labels], ['predictions', predictions], options, (l, p) => squared_difference(p, l));
});

/** The (weighted) mean of |predictions - labels|. */
export const absolute_difference = pythonFunction('absolute_difference', ['labels', 'predictions', ...LOSS_PARAMS], 2, function absolute_difference(labels: TensorLike, predictions: TensorLike, options: LossOptions = {}): Tensor {
  return elementwiseLoss('absolute_difference', ['labels', labels], ['predictions', predictions], options, (l, p) => abs(subtract(p, l)));
});

/** Hinge loss of `logits` for 0/1 `labels`: max(0, 1 - (2 labels - 1) logits). */
export const hinge_loss = pythonFunction('hinge_loss', ['labels', 'logits', ...LOSS_PARAMS], 2, function hinge_loss(labels: TensorLike, logits: TensorLike, options: LossOptions = {}): Tensor {
  return elementwiseLoss('hinge_loss', ['labels', labels], ['logits', logits], options, (l, x) => {
    const allOnes = ones_like(l);
    const signed = subtract(multiply(2, l), allOnes);
    return relu(subtract(allOnes, multiply(signed, x)));
  });
});

/** Huber loss: quadratic within `delta` of the labels, linear beyond. */
export const huber_loss = pythonFunction('huber_loss', ['labels', 'predictions', 'weights=1.0', 'delta=1.0', 'scope=None', 'loss_collection=tf.GraphKeys.LOSSES', 'reduction=Reduction.SUM_BY_NONZERO_WEIGHTS'], 2, function huber_loss(labels: TensorLike, predictions: TensorLike, options: LossOptions & { delta?: number } = {}): Tensor {
  const delta = options.delta ?? 1;
  return elementwiseLoss('huber_loss', ['labels', labels], ['predictions', predictions], options, (l, p) => {
    const absError = abs(subtract(p, l));
    const quadratic = minimum(absError, delta);
    const linear = subtract(absError, quadratic);
    return add(multiply(0.5, multiply(quadratic, quadratic)), multiply(delta, linear));
  });
});

/** Negative log-likelihood of 0/1 `labels` under probabilities `predictions` (with `epsilon` inside the logs). */
export const log_loss = pythonFunction('log_loss', ['labels', 'predictions', 'weights=1.0', 'epsilon=1e-07', 'scope=None', 'loss_collection=tf.GraphKeys.LOSSES', 'reduction=Reduction.SUM_BY_NONZERO_WEIGHTS'], 2, function log_loss(labels: TensorLike, predictions: TensorLike, options: LossOptions & { epsilon?: number } = {}): Tensor {
  const eps = options.epsilon ?? 1e-7;
  return elementwiseLoss('log_loss', ['labels', labels], ['predictions', predictions], options, (l, p) =>
    subtract(multiply(-1, multiply(l, log(add(p, eps)))), multiply(subtract(1, l), log(add(subtract(1, p), eps)))));
});

/** 1 - Σ labels · predictions along `axis` (both unit-normalized). */
export const cosine_distance = pythonFunction('cosine_distance', ['labels', 'predictions', 'axis=None', 'weights=1.0', 'scope=None', 'loss_collection=tf.GraphKeys.LOSSES', 'reduction=Reduction.SUM_BY_NONZERO_WEIGHTS', 'dim=None'], 2, function cosine_distance(labels: TensorLike, predictions: TensorLike, options: LossOptions & { axis?: number | null; dim?: number | null } = {}): Tensor {
  if (options.axis !== undefined && options.axis !== null && options.dim !== undefined && options.dim !== null) throw new ValueError("Cannot specify both 'axis' and 'dim'");
  const axis = options.axis ?? options.dim;
  if (axis === undefined || axis === null) throw new ValueError("You must specify 'axis'.");
  return elementwiseLoss('cosine_distance_loss', ['labels', labels], ['predictions', predictions], options, (l, p) =>
    subtract(1, reduce_sum(multiply(p, l), [axis], { keepdims: true })));
});

/**
 * The mean over each example of the squared differences between all pairs of its elements' errors
 * (TF's mean_pairwise_squared_error: 2Σd²/(n-1) - 2(Σd)²/(n(n-1)) per example, weighted and summed).
 */
export const mean_pairwise_squared_error = pythonFunction('mean_pairwise_squared_error', ['labels', 'predictions', 'weights=1.0', 'scope=None', 'loss_collection=tf.GraphKeys.LOSSES'], 2, function mean_pairwise_squared_error(labels: TensorLike, predictions: TensorLike, options: Omit<LossOptions, 'reduction'> = {}): Tensor {
  required('labels', labels);
  required('predictions', predictions);
  return opScope(options.scope, 'mean_pairwise_squared_error', [predictions, labels, options.weights ?? 1], () => {
    const [p, l] = floatPair(predictions, labels);
    const w = cast(convert_to_tensor(options.weights ?? 1), float32);
    const diffs = subtract(p, l);
    const axis = range(1, rank(diffs));
    const sumSquares = reduce_sum(square(diffs), axis, { keepdims: true });
    const present = multiply(where(equal(w, 0), zeros_like(w), ones_like(w)), ones_like(diffs));
    const numPresent = reduce_sum(present, axis, { keepdims: true, name: 'num_present' });
    const term1 = multiply(2, div_no_nan(sumSquares, maximum(subtract(numPresent, 1), 0)));
    const sumDiff = reduce_sum(diffs, axis, { keepdims: true });
    const term2 = multiply(2, div_no_nan(square(sumDiff), maximum(multiply(numPresent, subtract(numPresent, 1)), 0)));
    const loss = reduce_sum(multiply(subtract(term1, term2), w));
    const meanLoss = where(greater(reduce_sum(numPresent), 0), loss, zeros_like(loss), { name: 'value' });
    add_loss(meanLoss, options.loss_collection === undefined ? GraphKeys.LOSSES : options.loss_collection);
    return meanLoss;
  });
});

/**
 * Sigmoid cross-entropy of `logits` against multi-class 0/1 labels, optionally smoothed towards 1/2
 * (`sigmoid_cross_entropy_loss`, the per-element loss `xentropy`).
 */
export const sigmoid_cross_entropy = pythonFunction('sigmoid_cross_entropy', ['multi_class_labels', 'logits', 'weights=1.0', 'label_smoothing=0', 'scope=None', 'loss_collection=tf.GraphKeys.LOSSES', 'reduction=Reduction.SUM_BY_NONZERO_WEIGHTS'], 2, function sigmoid_cross_entropy(multi_class_labels: TensorLike, logits: TensorLike, options: LossOptions & { label_smoothing?: number } = {}): Tensor {
  required('multi_class_labels', multi_class_labels);
  required('logits', logits);
  return opScope(options.scope, 'sigmoid_cross_entropy_loss', [logits, multi_class_labels, options.weights ?? 1], (scope) => {
    const x = convert_to_tensor(logits);
    let labels = cast(convert_to_tensor(multi_class_labels), x.dtype.base_dtype);
    if (!x.shape.is_compatible_with(labels.shape)) throw new ValueError(`Shapes ${x.shape} and ${labels.shape} are incompatible`);
    const ls = options.label_smoothing ?? 0;
    if (ls > 0) labels = add(multiply(labels, 1 - ls), 0.5 * ls);
    const losses = sigmoid_cross_entropy_with_logits({ labels, logits: x, name: 'xentropy' });
    return compute_weighted_loss(losses, reductionOf(options, scope));
  });
});

/**
 * Softmax cross-entropy of `logits` against one-hot labels, optionally smoothed
 * (`softmax_cross_entropy_loss`; no gradient flows into the labels).
 * @example tf.losses.softmax_cross_entropy(tf.one_hot(labels, 10), logits)
 */
export const softmax_cross_entropy = pythonFunction('softmax_cross_entropy', ['onehot_labels', 'logits', 'weights=1.0', 'label_smoothing=0', 'scope=None', 'loss_collection=tf.GraphKeys.LOSSES', 'reduction=Reduction.SUM_BY_NONZERO_WEIGHTS'], 2, function softmax_cross_entropy(onehot_labels: TensorLike, logits: TensorLike, options: LossOptions & { label_smoothing?: number } = {}): Tensor {
  required('onehot_labels', onehot_labels);
  required('logits', logits);
  return opScope(options.scope, 'softmax_cross_entropy_loss', [logits, onehot_labels, options.weights ?? 1], (scope) => {
    const x = convert_to_tensor(logits);
    let labels = cast(convert_to_tensor(onehot_labels), x.dtype.base_dtype);
    if (!x.shape.is_compatible_with(labels.shape)) throw new ValueError(`Shapes ${x.shape} and ${labels.shape} are incompatible`);
    const ls = options.label_smoothing ?? 0;
    if (ls > 0) {
      const numClasses = cast(getitem(shape(labels), -1), x.dtype.base_dtype);
      labels = add(multiply(labels, 1 - ls), truediv(ls, numClasses));
    }
    const losses = softmax_cross_entropy_with_logits_v2({ labels: stop_gradient(labels, { name: 'labels_stop_gradient' }), logits: x, name: 'xentropy' });
    return compute_weighted_loss(losses, reductionOf(options, scope));
  });
});

/**
 * Softmax cross-entropy of `logits` [batch, classes] against integer class `labels` [batch] (a trailing
 * dimension of 1 is squeezed), as `sparse_softmax_cross_entropy_loss/xentropy`.
 * @example tf.losses.sparse_softmax_cross_entropy(labels, logits)
 */
export const sparse_softmax_cross_entropy = pythonFunction('sparse_softmax_cross_entropy', ['labels', 'logits', ...LOSS_PARAMS], 2, function sparse_softmax_cross_entropy(labels: TensorLike, logits: TensorLike, options: LossOptions = {}): Tensor {
  required('labels', labels);
  required('logits', logits);
  return opScope(options.scope, 'sparse_softmax_cross_entropy_loss', [logits, labels, options.weights ?? 1], (scope) => {
    let l = convertIntegerInput(labels, 'labels', 'Const');
    const x = convert_to_tensor(logits);
    // TF's _remove_squeezable_dimensions with expected_rank_diff 1.
    if (l.shape.ndims !== null && x.shape.ndims !== null && l.shape.ndims === x.shape.ndims && l.shape.dims![l.shape.ndims - 1] === 1) l = squeeze(l, [-1]);
    const losses = sparse_softmax_cross_entropy_with_logits({ labels: l, logits: x, name: 'xentropy' });
    return compute_weighted_loss(losses, reductionOf(options, scope));
  });
});

/** The losses in `loss_collection` (LOSSES) whose names match `scope`. */
export const get_losses = pythonFunction('get_losses', ['scope=None', 'loss_collection=tf.GraphKeys.LOSSES'], 2, function get_losses(scope: string | null = null, loss_collection: string = GraphKeys.LOSSES): Tensor[] {
  return get_default_graph().get_collection<Tensor>(loss_collection, scope);
});

/** The REGULARIZATION_LOSSES collection (filtered by `scope`). */
export const get_regularization_losses = pythonFunction('get_regularization_losses', ['scope=None'], 1, function get_regularization_losses(scope: string | null = null): Tensor[] {
  return get_default_graph().get_collection<Tensor>(GraphKeys.REGULARIZATION_LOSSES, scope);
});

/** The sum of the regularization losses (`total_regularization_loss`), or a constant 0.0 when there are none. */
export const get_regularization_loss = pythonFunction('get_regularization_loss', ['scope=None', "name='total_regularization_loss'"], 2, function get_regularization_loss(scope: string | null = null, name = 'total_regularization_loss'): Tensor {
  const losses = get_regularization_losses(scope);
  return losses.length ? add_n(losses, { name }) : constant(0.0, { dtype: float32 });
});

/**
 * The sum of the losses and, unless `add_regularization_losses` is false, the regularization losses
 * (`total_loss`); TF's ValueError when there are none.
 * @example const loss = tf.losses.get_total_loss()
 */
export const get_total_loss = pythonFunction('get_total_loss', ['add_regularization_losses=True', "name='total_loss'", 'scope=None'], 3, function get_total_loss(add_regularization_losses = true, name = 'total_loss', scope: string | null = null): Tensor {
  const losses = [...get_losses(scope), ...(add_regularization_losses ? get_regularization_losses(scope) : [])];
  return add_n(losses, { name });
});
