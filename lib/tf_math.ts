/**
 * The `tf.math` namespace: TF 1.15's aliases of the math functions under `tf.math.*`. Re-exports only.
 */
export {
  abs, add, add_n, argmax, argmin, ceil, cos, count_nonzero, cumprod, cumsum, div_no_nan as divide_no_nan, divide, equal,
  exp, floor, floordiv, floormod, greater, greater_equal, is_finite, is_inf, is_nan, less, less_equal, log, log1p,
  logical_and, logical_not, logical_or, logical_xor, maximum, minimum, mod, multiply, negative, not_equal, pow,
  reciprocal, reduce_all, reduce_any, reduce_logsumexp, reduce_max, reduce_mean, reduce_min, reduce_prod, reduce_sum,
  round, rsqrt, sigmoid, sign, sin, sqrt, square, squared_difference, subtract, tanh, truediv, truncatediv,
  unsorted_segment_sum,
} from './ops/math_ops';
export { top_k, in_top_k, log_softmax, softmax, softplus, softsign } from './ops/nn_ops';
export { l2_normalize } from './ops/nn_impl';
