/**
 * Composite tf.nn losses built from simpler ops (TF's nn_impl.py), so their gradients come from
 * the ops they are made of.
 */
import { Tensor } from '../framework/graph';
import { TFTypeError, ValueError } from '../framework/errors';
import { float16, float32, int32, int64 } from '../framework/dtypes';
import { TensorLike, convert_to_tensor, opScope } from './op_builder';
import { constant, concat, expand_dims, gather, getitem, identity, ones_like, reshape, shape, size, slice, squeeze, stack, stop_gradient, where, zeros, zeros_like } from './array_ops';
import { cond } from './control_flow_ops';
import {
  abs, add, cast, exp, greater_equal, less_equal, log, log1p, logical_and, matmul, maximum, multiply, negative, reciprocal, reduce_mean,
  not_equal, reduce_prod, reduce_sum, rsqrt, sigmoid, square, squared_difference, subtract, truediv, unsorted_segment_sum,
} from './math_ops';
import { bias_add, relu, softmax_cross_entropy_with_logits_v2 } from './nn_ops';
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

/** TF's deprecated_argument_lookup: the new name's value or the old one's, never both. */
function eitherOf<T>(newName: string, newValue: T | undefined, oldName: string, oldValue: T | undefined): T | undefined {
  if (newValue !== undefined && newValue !== null && oldValue !== undefined && oldValue !== null) throw new ValueError(`Cannot specify both '${oldName}' and '${newName}'`);
  return newValue ?? oldValue;
}

/**
 * TF 1.15's batch_norm_with_global_normalization: `batch_normalization(t, m, v, beta, gamma or None,
 * variance_epsilon)`, gamma used only with `scale_after_normalization` (`input`, `mean`, `variance` are
 * the new names of `t`, `m`, `v`).
 * @example tf.nn.batch_norm_with_global_normalization(x, mean, variance, beta, gamma, 1e-3, true)
 */
export const batch_norm_with_global_normalization = pythonFunction('batch_norm_with_global_normalization', ['t=None', 'm=None', 'v=None', 'beta=None', 'gamma=None', 'variance_epsilon=None', 'scale_after_normalization=None', 'name=None', 'input=None', 'mean=None', 'variance=None'], 7, function batch_norm_with_global_normalization(
  t: TensorLike | undefined, m: TensorLike | undefined, v: TensorLike | undefined, beta: TensorLike | undefined, gamma: TensorLike | undefined, variance_epsilon: number | undefined, scale_after_normalization: boolean | undefined,
  options: { name?: string; input?: TensorLike; mean?: TensorLike; variance?: TensorLike } = {}): Tensor {
  const x = eitherOf('input', options.input, 't', t), mean = eitherOf('mean', options.mean, 'm', m), variance = eitherOf('variance', options.variance, 'v', v);
  const missing = ([['t', x], ['m', mean], ['v', variance], ['beta', beta], ['gamma', gamma], ['variance_epsilon', variance_epsilon]] as const).filter(([, value]) => value === undefined || value === null);
  if (missing.length) throw new TFTypeError(`batch_norm_with_global_normalization() missing required arguments: ${missing.map(([n]) => `'${n}'`).join(', ')}`);
  return batch_normalization(x!, mean!, variance!, beta!, scale_after_normalization ? gamma! : null, variance_epsilon!, { name: options.name });
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

/**
 * Concatenated ReLU: relu(concat([features, -features], axis)), twice the channels (`CRelu` scope).
 * @example tf.nn.crelu(x)
 */
export const crelu = pythonFunction('crelu', ['features', 'name=None', 'axis=-1'], 1, function crelu(features: TensorLike, options: { name?: string; axis?: number } = {}): Tensor {
  return opScope(options.name, 'CRelu', [features], () => {
    const x = convert_to_tensor(features, { name: 'features' });
    return relu(concat([x, negative(x)], options.axis ?? -1, { name: 'concat' }));
  });
});

/**
 * features * sigmoid(features) (`mul`, its `Sigmoid`). TF wraps this in a custom gradient of the same
 * value; here the gradient comes from the Mul and Sigmoid themselves.
 * @example tf.nn.swish(x)
 */
export const swish = pythonFunction('swish', ['features'], 1, function swish(features: TensorLike): Tensor {
  const x = convert_to_tensor(features, { name: 'features' });
  return multiply(x, sigmoid(x), { name: 'mul' });
});

/**
 * relu(matmul(x, weights) + biases): `relu_layer/MatMul`, `relu_layer/BiasAdd`, then the Relu `relu_layer`.
 * @example tf.nn.relu_layer(x, w, b)
 */
export const relu_layer = pythonFunction('relu_layer', ['x', 'weights', 'biases', 'name=None'], 3, function relu_layer(x: TensorLike, weights: TensorLike, biases: TensorLike, options: { name?: string } = {}): Tensor {
  return opScope(options.name, 'relu_layer', [x, weights, biases], (scope) => {
    const mm = matmul(convert_to_tensor(x, { name: 'x' }), convert_to_tensor(weights, { name: 'weights' }));
    return relu(bias_add(mm, convert_to_tensor(biases, { name: 'biases' })), { name: scope });
  });
});

/**
 * Poisson negative log likelihood from log rates: exp(log_input) - log_input * targets, plus with
 * `compute_full_loss` the Stirling term targets*log(targets) - targets + 0.5*log(2π*targets) where targets > 1.
 * @example tf.nn.log_poisson_loss(counts, logRates)
 */
export const log_poisson_loss = pythonFunction('log_poisson_loss', ['targets', 'log_input', 'compute_full_loss=False', 'name=None'], 2, function log_poisson_loss(targets: TensorLike, log_input: TensorLike, options: { compute_full_loss?: boolean; name?: string } = {}): Tensor {
  return opScope(options.name, 'log_poisson_loss', [log_input, targets], () => {
    const logInput = convert_to_tensor(log_input, { name: 'log_input' });
    const t = convert_to_tensor(targets, { name: 'targets' });
    if (!t.shape.is_compatible_with(logInput.shape)) {
      throw new ValueError(`log_input and targets must have the same shape (${logInput.shape} vs ${t.shape})`);
    }
    const result = subtract(exp(logInput), multiply(logInput, t, { name: 'mul' }), { name: 'sub' });
    if (!options.compute_full_loss) return result;
    const pointFive = constant(0.5, { dtype: t.dtype });
    const twoPi = constant(2 * Math.PI, { dtype: t.dtype });
    const stirling = add(subtract(multiply(t, log(t), { name: 'mul' }), t, { name: 'sub' }), multiply(pointFive, log(multiply(twoPi, t, { name: 'mul' })), { name: 'mul' }), { name: 'add' });
    const zeros = zeros_like(t, { dtype: t.dtype });
    const ones = ones_like(t, { dtype: t.dtype });
    const small = logical_and(greater_equal(t, zeros), less_equal(t, ones));
    return add(result, where(small, zeros, stirling), { name: 'add' });
  });
});

/**
 * Mean and variance from sufficient statistics: mean = mean_ss / counts (+ shift), variance =
 * variance_ss / counts - shifted_mean² (`normalize` scope).
 * @example const [mean, variance] = tf.nn.normalize_moments(counts, meanSS, varSS, null)
 */
export const normalize_moments = pythonFunction('normalize_moments', ['counts', 'mean_ss', 'variance_ss', 'shift', 'name=None'], 4, function normalize_moments(counts: TensorLike, mean_ss: TensorLike, variance_ss: TensorLike, shift: TensorLike | null, options: { name?: string } = {}): [Tensor, Tensor] {
  return opScope(options.name, 'normalize', [counts, mean_ss, variance_ss, shift], () => {
    const divisor = reciprocal(counts, { name: 'divisor' });
    const shiftedMean = multiply(mean_ss, divisor, { name: shift === null || shift === undefined ? 'mean' : 'shifted_mean' });
    const mean = shift === null || shift === undefined ? shiftedMean : add(shiftedMean, shift, { name: 'mean' });
    const variance = subtract(multiply(variance_ss, divisor), square(shiftedMean), { name: 'variance' });
    return [mean, variance];
  });
});

/**
 * The sufficient statistics of `x` over `axes`: the count (a constant when those dimensions are known,
 * else a product of the runtime shape), the sum and the sum of squares (shifted by `shift` if given), and shift.
 * @example const [count, meanSS, varSS] = tf.nn.sufficient_statistics(x, [0])
 */
export const sufficient_statistics = pythonFunction('sufficient_statistics', ['x', 'axes', 'shift=None', 'keep_dims=None', 'name=None', 'keepdims=None'], 2, function sufficient_statistics(x: TensorLike, axes: readonly number[], options: { shift?: TensorLike | null; keep_dims?: boolean | null; name?: string; keepdims?: boolean | null } = {}): [Tensor, Tensor, Tensor, Tensor | null] {
  const uniqueAxes = [...new Set(axes)];
  const keepdims = options.keepdims ?? options.keep_dims ?? false;
  return opScope(options.name, 'sufficient_statistics', [x, options.shift], () => {
    const t = convert_to_tensor(x, { name: 'x' });
    const dims = t.shape.dims;
    const known = dims !== null && uniqueAxes.every((d) => dims.at(d) !== null && dims.at(d) !== undefined);
    const counts = known
      ? constant(uniqueAxes.reduce((n, d) => n * (dims!.at(d) as number), 1), { dtype: t.dtype })
      : reduce_prod(gather(cast(shape(t), t.dtype), uniqueAxes), undefined, { name: 'count' });
    const shift = options.shift === null || options.shift === undefined ? null : convert_to_tensor(options.shift, { name: 'shift' });
    const mSS = shift ? subtract(t, shift) : t;
    const vSS = shift ? squared_difference(t, shift) : square(t);
    return [counts, reduce_sum(mSS, uniqueAxes, { keepdims, name: 'mean_ss' }), reduce_sum(vSS, uniqueAxes, { keepdims, name: 'var_ss' }), shift];
  });
});

/**
 * Mean and variance of `x` over `axes` weighted by `frequency_weights` (broadcast against x), as
 * TF builds them (`weighted_input_sum`, `sum_of_weights`, `inv_weight_sum`, `weighted_distsq`).
 * @example const [mean, variance] = tf.nn.weighted_moments(x, [0], w)
 */
export const weighted_moments = pythonFunction('weighted_moments', ['x', 'axes', 'frequency_weights', 'name=None', 'keep_dims=None', 'keepdims=None'], 3, function weighted_moments(x: TensorLike, axes: readonly number[], frequency_weights: TensorLike, options: { name?: string; keep_dims?: boolean | null; keepdims?: boolean | null } = {}): [Tensor, Tensor] {
  const keepdims = options.keepdims ?? options.keep_dims ?? false;
  return opScope(options.name, 'weighted_moments', [x, frequency_weights, axes], () => {
    const input = convert_to_tensor(x, { name: 'x' });
    const halfInput = input.dtype.base_dtype === float16;
    const t = halfInput ? cast(input, float32) : input;
    let w = convert_to_tensor(frequency_weights, { name: 'frequency_weights' });
    if (w.dtype.base_dtype !== t.dtype.base_dtype) w = cast(w, t.dtype);
    const weightedSum = reduce_sum(multiply(w, t, { name: 'mul' }), [...axes], { keepdims: true, name: 'weighted_input_sum' });
    const sumOfWeights = reduce_sum(add(w, zeros_like(t), { name: 'add' }), [...axes], { keepdims: true, name: 'sum_of_weights' });
    const divisor = reciprocal(sumOfWeights, { name: 'inv_weight_sum' });
    let mean = multiply(weightedSum, divisor);
    const distsq = reduce_sum(multiply(w, squared_difference(t, mean), { name: 'mul' }), [...axes], { keepdims: true, name: 'weighted_distsq' });
    let variance = multiply(distsq, divisor);
    if (!keepdims) { mean = squeeze(mean, [...axes]); variance = squeeze(variance, [...axes]); }
    return halfInput ? [cast(mean, float16), cast(variance, float16)] : [mean, variance];
  });
});

/** TF's `_count_nonzero`: how many entries of `t` are not zero, as `dtype` (`count_nonzero` scope). */
function countNonzero(t: Tensor, dtype: typeof int32 | typeof int64): Tensor {
  return opScope(undefined, 'count_nonzero', [t], () => {
    const zero = zeros([], { dtype: t.dtype.base_dtype });
    return reduce_sum(cast(not_equal(t, zero), dtype), undefined, { name: 'nonzero_count' });
  });
}

/**
 * The fraction of zeros in `value`, as float32 (`zero_fraction/fraction`): counted in int32 when the size
 * fits, else in int64, chosen by a `cond` on the size as TF does.
 * @example tf.nn.zero_fraction(tf.nn.relu(x))
 */
export const zero_fraction = pythonFunction('zero_fraction', ['value', 'name=None'], 1, function zero_fraction(value: TensorLike, options: { name?: string } = {}): Tensor {
  return opScope(options.name, 'zero_fraction', [value], () => {
    const t = convert_to_tensor(value, { name: 'value' });
    const n = size(t, { out_type: int64 });
    const numNonzero = cond(less_equal(n, constant(2147483647, { dtype: int64 })), () => cast(countNonzero(t, int32), int64), () => countNonzero(t, int64));
    const fraction = opScope(undefined, 'counts_to_fraction', [n, numNonzero], () =>
      truediv(cast(subtract(n, numNonzero, { name: 'sub' }), float32), cast(n, float32)));
    return identity(fraction, { name: 'fraction' });
  });
});

/**
 * A regularization loss summed and divided by the replicas in sync: one replica here, as in TF outside a
 * distribution strategy, so the sum itself (divided by 1).
 * @example const loss = tf.nn.compute_average_loss(perExample) + tf.nn.scale_regularization_loss(reg)
 */
export const scale_regularization_loss = pythonFunction('scale_regularization_loss', ['regularization_loss'], 1, function scale_regularization_loss(regularization_loss: TensorLike): Tensor {
  const total = reduce_sum(regularization_loss);
  return truediv(total, constant(1, { dtype: total.dtype.base_dtype }));
});

/**
 * sum(per_example_loss * sample_weight) / global_batch_size, the batch size defaulting to the loss's first
 * dimension (one replica). The loss must be at least rank 1.
 * @example tf.nn.compute_average_loss(perExampleLoss, {global_batch_size: 64})
 */
export const compute_average_loss = pythonFunction('compute_average_loss', ['per_example_loss', 'sample_weight=None', 'global_batch_size=None'], 1, function compute_average_loss(per_example_loss: TensorLike, options: { sample_weight?: TensorLike | null; global_batch_size?: number | null } = {}): Tensor {
  let loss = convert_to_tensor(per_example_loss);
  const dtype = loss.dtype.base_dtype;
  if (loss.shape.ndims === 0) throw new ValueError(`Invalid value passed for \`per_example_loss\`. Expected a tensor with at least rank 1, received: ${loss}`);
  if (options.sample_weight !== null && options.sample_weight !== undefined) {
    loss = multiply(loss, cast(convert_to_tensor(options.sample_weight), dtype));
  }
  const batch = options.global_batch_size === null || options.global_batch_size === undefined
    ? cast(getitem(shape(loss), 0), dtype)
    : constant(options.global_batch_size, { dtype });
  return truediv(reduce_sum(loss), batch);
});
