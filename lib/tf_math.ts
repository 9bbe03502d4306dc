/**
 * The `tf.math` namespace: TF 1.15's aliases of the math functions under `tf.math.*`. Re-exports only.
 */
export {
  abs, acos, acosh, add, add_n, argmax, argmin, asin, asinh, atan, atan2, atanh, ceil, cos, cosh, count_nonzero, cumprod,
  cumsum, digamma, div_no_nan as divide_no_nan, divide, equal, erf, erfc, exp, expm1, floor, floordiv, floormod, greater,
  greater_equal, is_finite, is_inf, is_nan, less, less_equal, lgamma, log, log1p, logical_and, logical_not, logical_or,
  logical_xor, maximum, minimum, mod, multiply, negative, not_equal, polygamma, pow, reciprocal, reduce_all, reduce_any,
  reduce_logsumexp, reduce_max, reduce_mean, reduce_min, reduce_prod, reduce_sum, rint, round, rsqrt, scalar_mul, sigmoid,
  sign, sin, sinh, sqrt, square, squared_difference, subtract, tan, tanh, truediv, truncatediv, truncatemod,
  bincount, unsorted_segment_sum, unsorted_segment_max, unsorted_segment_min, unsorted_segment_prod, unsorted_segment_mean,
  unsorted_segment_sqrt_n, segment_sum, segment_mean, segment_max, segment_min, segment_prod, zeta, lbeta, igamma, igammac, betainc, real, imag, conj, angle,
} from './ops/math_ops';
export { top_k, in_top_k, log_sigmoid, log_softmax, softmax, softplus, softsign } from './ops/nn_ops';
export { l2_normalize } from './ops/nn_impl';
export { confusion_matrix } from './ops/confusion_matrix';
