/**
 * Composite tf.nn losses built from simpler ops (TF's nn_impl.py), so their gradients come from
 * the ops they are made of.
 */
import { Tensor } from '../framework/graph';
import { ValueError } from '../framework/errors';
import { TensorLike, convert_to_tensor, opScope } from './op_builder';
import { squeeze, stop_gradient, where, zeros_like } from './array_ops';
import { add, exp, greater_equal, log1p, multiply, negative, reduce_mean, rsqrt, squared_difference, subtract } from './math_ops';
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
