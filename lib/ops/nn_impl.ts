/**
 * Composite tf.nn losses built from simpler ops (TF's nn_impl.py), so their gradients come from
 * the ops they are made of.
 */
import { Tensor } from '../framework/graph';
import { ValueError } from '../framework/errors';
import { int64 } from '../framework/dtypes';
import { TensorLike, convert_to_tensor, opScope } from './op_builder';
import { concat, expand_dims, getitem, ones_like, reshape, shape, slice, squeeze, stack, stop_gradient, where, zeros_like } from './array_ops';
import {
  abs, add, cast, exp, greater_equal, log, log1p, matmul, maximum, multiply, negative, reduce_mean, reduce_sum, rsqrt,
  square, squared_difference, subtract, truediv, unsorted_segment_sum,
} from './math_ops';
import { relu, softmax_cross_entropy_with_logits_v2 } from './nn_ops';
import { embedding_lookup } from './embedding_ops';
import { compute_accidental_hits, log_uniform_candidate_sampler } from './candidate_sampling_ops';
import { pythonFunction } from '../framework/python_signature';

/**
 * Element-wise logistic loss `max(x, 0) - x * z + log(1 + exp(-|x|))` for logits x and labels z,
 * stable for large |x| (TF's `logistic_loss` scope).
 * @example tf.nn.sigmoid_cross_entropy_with_logits({labels: y, logits})
 */
export const sigmoid_cross_entropy_with_logits = pythonFunction('sigmoid_cross_entropy_with_logits', ['_sentinel=None', 'labels=None', 'logits=None', 'name=None'], 0, function sigmoid_cross_entropy_with_logits(args: { labels: TensorLike; logits: TensorLike; name?: string }): Tensor {
  return opScope(args.name, 'logistic_loss', [args.logits, args.labels], (scope) => {
    const logits = convert_to_tensor(args.logits, { name: 'logits' });
    const labels = convert_to_tensor(args.labels, { name: 'labels', dtype: logits.dtype.base_dtype });
    if (!logits.shape.is_compatible_with(labels.shape)) {
      throw new ValueError(`logits and labels must have the same shape (${logits.shape} vs ${labels.shape})`);
    }
    const zeros = zeros_like(logits);
    const cond = greater_equal(logits, zeros);
    const reluLogits = where(cond, logits, zeros);
    const negAbsLogits = where(cond, negative(logits), logits);
    return add(subtract(reluLogits, multiply(logits, labels, { name: 'mul' }), { name: 'sub' }), log1p(exp(negAbsLogits)), { name: scope });
  });
});

/**
 * Mean and variance of `x` over `axes` (TF's nn.moments: the variance is the mean squared difference
 * from the mean, the mean's gradient stopped there).
 * @example const [mean, variance] = tf.nn.moments(x, [0]);
 */
export const moments = pythonFunction('moments', ['x', 'axes', 'shift=None', 'name=None', 'keep_dims=None', 'keepdims=None'], 2, function moments(x: TensorLike, axes: readonly number[], options: { shift?: null; name?: string; keep_dims?: boolean | null; keepdims?: boolean | null } = {}): [Tensor, Tensor] {
  const keepdims = options.keepdims ?? options.keep_dims ?? false;
  return opScope(options.name, 'moments', [x, axes], () => {
    const y = convert_to_tensor(x, { name: 'x' });
    const mean = reduce_mean(y, [...axes], { keepdims: true, name: 'mean' });
    const variance = reduce_mean(squared_difference(y, stop_gradient(mean)), [...axes], { keepdims: true, name: 'variance' });
    if (keepdims) return [mean, variance];
    return [squeeze(mean, [...axes]), squeeze(variance, [...axes])];
  });
});

/**
 * `(x - mean) * scale / sqrt(variance + epsilon) + offset`, built as TF builds it
 * (`x * inv + (offset - mean * inv)` with `inv = rsqrt(variance + epsilon) * scale`).
 * @example tf.nn.batch_normalization(x, mean, variance, beta, gamma, 1e-3)
 */
export const batch_normalization = pythonFunction('batch_normalization', ['x', 'mean', 'variance', 'offset', 'scale', 'variance_epsilon', 'name=None'], 6, function batch_normalization(x: TensorLike, mean: TensorLike, variance: TensorLike, offset: TensorLike | null, scale: TensorLike | null, variance_epsilon: number, options: { name?: string } = {}): Tensor {
  return opScope(options.name, 'batchnorm', [x, mean, variance, scale, offset], () => {
    const t = convert_to_tensor(x);
    // Python operators in TF's expression, so the op names are theirs: add, Rsqrt, mul, mul_1, mul_2, sub, add_1.
    let inv = rsqrt(add(variance, variance_epsilon, { name: 'add' }));
    if (scale !== null) inv = multiply(inv, scale, { name: 'mul' });
    const scaled = multiply(t, inv, { name: 'mul' });
    const meanScaled = offset !== null ? multiply(mean, inv, { name: 'mul' }) : multiply(negative(mean), inv, { name: 'mul' });
    const shift = offset !== null ? subtract(offset, meanScaled, { name: 'sub' }) : meanScaled;
    return add(scaled, shift, { name: 'add' });
  });
});

/**
 * `x / sqrt(max(Σ x², epsilon))` along `axis` (all axes by default); the Mul is named `l2_normalize`.
 * @example tf.nn.l2_normalize(embeddings, 1)
 */
export const l2_normalize = pythonFunction('l2_normalize', ['x', 'axis=None', 'epsilon=1e-12', 'name=None', 'dim=None'], 2, function l2_normalize(x: TensorLike, axis?: number | readonly number[] | null, options: { epsilon?: number; name?: string; dim?: number | readonly number[] | null } = {}): Tensor {
  if (axis !== undefined && axis !== null && options.dim !== undefined && options.dim !== null) throw new ValueError("Cannot specify both 'axis' and 'dim'");
  const ax = axis ?? options.dim ?? null;
  return opScope(options.name, 'l2_normalize', [x], (scope) => {
    const t = convert_to_tensor(x, { name: 'x' });
    const squareSum = reduce_sum(square(t), typeof ax === 'number' ? ax : ax === null ? null : [...ax], { keepdims: true });
    const invNorm = rsqrt(maximum(squareSum, options.epsilon ?? 1e-12));
    return multiply(t, invNorm, { name: scope });
  });
});

/**
 * Sigmoid cross-entropy with the positive examples' term weighted by `pos_weight`:
 * `(1 - z) * x + (1 + (q - 1) * z) * (log(1 + exp(-|x|)) + max(-x, 0))` (TF's `logistic_loss` scope).
 * `targets` is TF 1.x's older name of `labels`.
 * @example tf.nn.weighted_cross_entropy_with_logits({labels: y, logits, pos_weight: 2})
 */
export const weighted_cross_entropy_with_logits = pythonFunction('weighted_cross_entropy_with_logits', ['labels=None', 'logits=None', 'pos_weight=None', 'name=None', 'targets=None'], 0, function weighted_cross_entropy_with_logits(args: { labels?: TensorLike; targets?: TensorLike; logits: TensorLike; pos_weight: TensorLike; name?: string }): Tensor {
  if (args.labels !== undefined && args.targets !== undefined) throw new ValueError("Cannot specify both 'labels' and 'targets'");
  const given = args.labels ?? args.targets;
  if (given === undefined) throw new ValueError("weighted_cross_entropy_with_logits needs 'labels'");
  return opScope(args.name, 'logistic_loss', [args.logits, given], (scope) => {
    const logits = convert_to_tensor(args.logits, { name: 'logits' });
    const labels = convert_to_tensor(given, { name: 'labels', dtype: logits.dtype.base_dtype });
    if (!logits.shape.is_compatible_with(labels.shape)) throw new ValueError(`logits and labels must have the same shape (${logits.shape} vs ${labels.shape})`);
    const posWeight = convert_to_tensor(args.pos_weight, { dtype: logits.dtype.base_dtype, name: 'pos_weight' });
    const logWeight = add(1, multiply(subtract(posWeight, 1, { name: 'sub' }), labels, { name: 'mul' }), { name: 'add' });
    const softplusNegAbs = add(log1p(exp(negative(abs(logits)))), relu(negative(logits)), { name: 'add' });
    return add(multiply(subtract(1, labels, { name: 'sub' }), logits, { name: 'mul' }), multiply(logWeight, softplusNegAbs, { name: 'mul' }), { name: scope });
  });
});

export interface SampledLossOptions {
  num_true?: number;
  sampled_values?: readonly [TensorLike, TensorLike, TensorLike] | null;
  remove_accidental_hits?: boolean;
  partition_strategy?: 'mod' | 'div';
  name?: string;
  seed?: number | null;
}

/**
 * TF's _compute_sampled_logits: the logits of each row's true classes and of the sampled classes
 * (log-uniform by default), less the log of their expected counts, and the matching labels
 * (1/num_true for true classes, 0 for sampled ones). Accidental hits get -FLT_MAX added.
 */
function computeSampledLogits(weights: TensorLike, biases: TensorLike, labels: TensorLike, inputs: TensorLike, numSampled: number, numClasses: number,
  o: SampledLossOptions, removeAccidentalHits: boolean, defaultName: string): [Tensor, Tensor] {
  const numTrue = o.num_true ?? 1;
  return opScope(o.name ?? defaultName, 'compute_sampled_logits', [weights, biases, inputs, labels], () => {
    let lab = convert_to_tensor(labels);
    if (lab.dtype.base_dtype !== int64) lab = cast(lab, int64);
    const labelsFlat = reshape(lab, [-1]);
    const sampledValues = o.sampled_values ?? log_uniform_candidate_sampler(lab, numTrue, numSampled, true, numClasses, { seed: o.seed });
    const [sampledRaw, trueExpected, sampledExpected] = sampledValues.map((v) => stop_gradient(v));
    const sampled = cast(sampledRaw, int64);
    const allIds = concat([labelsFlat, sampled], 0);
    const allW = embedding_lookup(weights, allIds, { partition_strategy: o.partition_strategy });
    const nTrue = getitem(shape(labelsFlat), 0);
    const trueW = slice(allW, [0, 0], stack([nTrue, -1]));
    const sampledW = slice(allW, stack([nTrue, 0]), [-1, -1]);
    let sampledLogits = matmul(convert_to_tensor(inputs), sampledW, { transpose_b: true });
    const allB = embedding_lookup(biases, allIds, { partition_strategy: o.partition_strategy });
    const trueB = slice(allB, [0], shape(labelsFlat));
    const sampledB = slice(allB, shape(labelsFlat), [-1]);
    const dim = getitem(shape(trueW), { start: 1, stop: 2 });
    const rowWiseDots = multiply(expand_dims(inputs, 1), reshape(trueW, concat([[-1, numTrue], dim], 0)));
    const dotsAsMatrix = reshape(rowWiseDots, concat([[-1], dim], 0));
    let trueLogits = reshape(reduce_sum(dotsAsMatrix, 1), [-1, numTrue]);
    trueLogits = add(trueLogits, reshape(trueB, [-1, numTrue]));
    sampledLogits = add(sampledLogits, sampledB);
    if (removeAccidentalHits) {
      const [accIndices, accIds, accWeights] = compute_accidental_hits(lab, sampled, numTrue);
      // TF adds SparseToDense(indices, ids, weights); a segment sum over flat positions gives the same matrix.
      const batch = getitem(shape(lab), 0);
      const flat = add(multiply(accIndices, numSampled), cast(accIds, accIndices.dtype));
      const dense = unsorted_segment_sum(cast(accWeights, sampledLogits.dtype), flat, multiply(batch, numSampled));
      sampledLogits = add(sampledLogits, reshape(dense, stack([batch, numSampled])));
    }
    trueLogits = subtract(trueLogits, log(trueExpected));
    sampledLogits = subtract(sampledLogits, log(sampledExpected));
    const outLogits = concat([trueLogits, sampledLogits], 1);
    const outLabels = concat([truediv(ones_like(trueLogits), numTrue), zeros_like(sampledLogits)], 1);
    return [outLogits, outLabels];
  });
}

/**
 * Noise-contrastive estimation loss per example: sigmoid cross-entropy of the true classes against
 * `num_sampled` log-uniform samples out of `num_classes` (TF's `nce_loss`).
 * @example tf.reduce_mean(tf.nn.nce_loss(nce_weights, nce_biases, labels, embed, 64, vocabulary_size))
 */
export const nce_loss = pythonFunction('nce_loss', ['weights', 'biases', 'labels', 'inputs', 'num_sampled', 'num_classes', 'num_true=1', 'sampled_values=None', 'remove_accidental_hits=False', "partition_strategy='mod'", "name='nce_loss'"], 6, function nce_loss(weights: TensorLike, biases: TensorLike, labels: TensorLike, inputs: TensorLike, num_sampled: number, num_classes: number, options: SampledLossOptions = {}): Tensor {
  const [logits, lab] = computeSampledLogits(weights, biases, labels, inputs, num_sampled, num_classes, options, options.remove_accidental_hits ?? false, 'nce_loss');
  const losses = sigmoid_cross_entropy_with_logits({ labels: lab, logits, name: 'sampled_losses' });
  return reduce_sum(losses, 1);
});

/**
 * Softmax cross-entropy over the true class and `num_sampled` log-uniform samples (accidental hits
 * removed by default), an estimate of the full softmax loss for large `num_classes`.
 * @example tf.nn.sampled_softmax_loss(w, b, labels, inputs, 64, 10000)
 */
export const sampled_softmax_loss = pythonFunction('sampled_softmax_loss', ['weights', 'biases', 'labels', 'inputs', 'num_sampled', 'num_classes', 'num_true=1', 'sampled_values=None', 'remove_accidental_hits=True', "partition_strategy='mod'", "name='sampled_softmax_loss'", 'seed=None'], 6, function sampled_softmax_loss(weights: TensorLike, biases: TensorLike, labels: TensorLike, inputs: TensorLike, num_sampled: number, num_classes: number, options: SampledLossOptions = {}): Tensor {
  const [logits, lab] = computeSampledLogits(weights, biases, labels, inputs, num_sampled, num_classes, options, options.remove_accidental_hits ?? true, 'sampled_softmax_loss');
  return softmax_cross_entropy_with_logits_v2({ labels: stop_gradient(lab, { name: 'labels_stop_gradient' }), logits });
});
