/**
 * Math ops: element-wise unary and binary ops (numpy broadcasting), comparisons, casts and matmul,
 * plus the operator methods on Tensor (`x.add(y)` is Python's `x + y`).
 */
import { DType, as_dtype, bfloat16, complex64, complex128, float32, float64, int8, int16, int32, int64, uint8, uint16 } from '../framework/dtypes';
import { Tensor, registerOp } from '../framework/graph';
import { fixedDtypes, shapeOfInput } from './schema_util';
import { registerNotDifferentiable } from './gradient_util';
import { TFTypeError, ValueError } from '../framework/errors';
import { ShapeLike, as_shape, unknown_shape } from '../framework/tensor_shape';
import { NDArray } from '../framework/ndarray';
import { DTypeLike, TensorLike, checkDtype, convertSameType, convertIntegerInput, convert_to_tensor, isTensorLike, makeOp, opScope } from './op_builder';
import { constant, ones, rank as rankOf, reshape, shape as shapeOf, stop_gradient, where, zeros, zeros_like } from './array_ops';
import { ReductionType, cast, genBinary, genReduction, genUnary } from './gen_math_ops';
import { pythonFunction } from '../framework/python_signature';

export { cast } from './gen_math_ops';

type Options = { name?: string };

/** x + y, element-wise with broadcasting. @example tf.add(a, b) */
export const add = pythonFunction('add', ['x', 'y', 'name=None'], 2, function add(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return genBinary('Add', 'Add', x, y, options.name); });
/** x - y, element-wise with broadcasting. */
export const subtract = pythonFunction('subtract', ['x', 'y', 'name=None'], 2, function subtract(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return genBinary('Sub', 'Sub', x, y, options.name); });
/** x * y, element-wise with broadcasting. */
export const multiply = pythonFunction('multiply', ['x', 'y', 'name=None'], 2, function multiply(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return genBinary('Mul', 'Mul', x, y, options.name); });
/** max(x, y) element-wise. */
export const maximum = pythonFunction('maximum', ['x', 'y', 'name=None'], 2, function maximum(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return genBinary('Maximum', 'Maximum', x, y, options.name); });
/** min(x, y) element-wise. */
export const minimum = pythonFunction('minimum', ['x', 'y', 'name=None'], 2, function minimum(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return genBinary('Minimum', 'Minimum', x, y, options.name); });
/** x ** y element-wise. */
export const pow = pythonFunction('pow', ['x', 'y', 'name=None'], 2, function pow(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return genBinary('Pow', 'Pow', x, y, options.name); });
/** (x - y)² element-wise. */
/** x / y, or 0 where y is 0 (TF's div_no_nan). */
export const div_no_nan = pythonFunction('div_no_nan', ['x', 'y', 'name=None'], 2, function div_no_nan(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return genBinary('DivNoNan', 'div_no_nan', x, y, options.name); });
export const squared_difference = pythonFunction('squared_difference', ['x', 'y', 'name=None'], 2, function squared_difference(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return genBinary('SquaredDifference', 'SquaredDifference', x, y, options.name); });
/** floor(x / y) element-wise. */
export const floordiv = pythonFunction('floordiv', ['x', 'y', 'name=None'], 2, function floordiv(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return genBinary('FloorDiv', 'floordiv', x, y, options.name); });
/** x / y for real types (RealDiv). */
export const realdiv = pythonFunction('realdiv', ['x', 'y', 'name=None'], 2, function realdiv(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return genBinary('RealDiv', 'RealDiv', x, y, options.name); });
/** floor(x / y) element-wise: the raw FloorDiv op (`floordiv` is its scoped wrapper). */
export const floor_div = pythonFunction('floor_div', ['x', 'y', 'name=None'], 2, function floor_div(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return genBinary('FloorDiv', 'FloorDiv', x, y, options.name); });
/** x mod y with the sign of x (C's `%`, fmod for floats). @example tf.truncatemod(-7, 3) // -1 */
export const truncatemod = pythonFunction('truncatemod', ['x', 'y', 'name=None'], 2, function truncatemod(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return genBinary('TruncateMod', 'TruncateMod', x, y, options.name); });
/** x mod y with the sign of y. */
export const floormod = pythonFunction('floormod', ['x', 'y', 'name=None'], 2, function floormod(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return genBinary('FloorMod', 'FloorMod', x, y, options.name); });
export const mod = floormod;
/** Python 2 division: floor division for integers, real division for floats. */
export const div = pythonFunction('div', ['x', 'y', 'name=None'], 2, function div(x: TensorLike, y: TensorLike, options: Options = {}): Tensor {
  return opScope(options.name, 'div', [x, y], (scope) => {
    const [a, b] = convertSameType('div', [x, y], ['x', 'y']);
    const type = a.dtype.is_floating || a.dtype.is_complex ? 'RealDiv' : 'FloorDiv';
    return makeOp(type, [a, b], { T: { type: a.dtype.base_dtype } }, scope).outputs[0];
  });
});
/** x / y with Python 3 semantics: integers are cast to floats first. @example tf.truediv(7, 2) // 3.5 */
export const truediv = pythonFunction('truediv', ['x', 'y', 'name=None'], 2, function truediv(x: TensorLike, y: TensorLike, options: Options = {}): Tensor {
  return opScope(options.name, 'truediv', [x, y], (scope) => {
    let [a, b] = convertSameType('truediv', [x, y], ['x', 'y']);
    const target = TRUEDIV_TARGET.get(a.dtype.base_dtype);
    if (target) { a = cast(a, target); b = cast(b, target); }
    return makeOp('RealDiv', [a, b], { T: { type: a.dtype.base_dtype } }, scope).outputs[0];
  });
});
const TRUEDIV_TARGET = new Map<DType, DType>([[uint8, float32], [int8, float32], [int16, float32], [uint16, float32], [int32, float64], [as_dtype('int64'), float64]]);
/** x / y (Python's `/`). */
export const divide = pythonFunction('divide', ['x', 'y', 'name=None'], 2, function divide(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return truediv(x, y, options); });

export const greater = pythonFunction('greater', ['x', 'y', 'name=None'], 2, function greater(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return genBinary('Greater', 'Greater', x, y, options.name); });
export const greater_equal = pythonFunction('greater_equal', ['x', 'y', 'name=None'], 2, function greater_equal(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return genBinary('GreaterEqual', 'GreaterEqual', x, y, options.name); });
export const less = pythonFunction('less', ['x', 'y', 'name=None'], 2, function less(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return genBinary('Less', 'Less', x, y, options.name); });
export const less_equal = pythonFunction('less_equal', ['x', 'y', 'name=None'], 2, function less_equal(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return genBinary('LessEqual', 'LessEqual', x, y, options.name); });
export const equal = pythonFunction('equal', ['x', 'y', 'name=None'], 2, function equal(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return genBinary('Equal', 'Equal', x, y, options.name); });
export const not_equal = pythonFunction('not_equal', ['x', 'y', 'name=None'], 2, function not_equal(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return genBinary('NotEqual', 'NotEqual', x, y, options.name); });
export const logical_and = pythonFunction('logical_and', ['x', 'y', 'name=None'], 2, function logical_and(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return genBinary('LogicalAnd', 'LogicalAnd', x, y, options.name); });
export const logical_or = pythonFunction('logical_or', ['x', 'y', 'name=None'], 2, function logical_or(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return genBinary('LogicalOr', 'LogicalOr', x, y, options.name); });
export const logical_not = pythonFunction('logical_not', ['x', 'name=None'], 1, function logical_not(x: TensorLike, options: Options = {}): Tensor { return genUnary('LogicalNot', x, options.name); });
/** x XOR y, built as TF builds it: `(x or y) and not (x and y)` (`LogicalXor` scope). */
export const logical_xor = pythonFunction('logical_xor', ['x', 'y', "name='LogicalXor'"], 2, function logical_xor(x: TensorLike, y: TensorLike, options: Options = {}): Tensor {
  return opScope(options.name, 'LogicalXor', [x, y], (scope) => genBinary('LogicalAnd', 'LogicalAnd', logical_or(x, y), logical_not(logical_and(x, y)), scope));
});

/** -x. */
export const negative = pythonFunction('negative', ['x', 'name=None'], 1, function negative(x: TensorLike, options: Options = {}): Tensor { return genUnary('Neg', x, options.name); });
/** x². */
export const square = pythonFunction('square', ['x', 'name=None'], 1, function square(x: TensorLike, options: Options = {}): Tensor { return genUnary('Square', x, options.name); });
export const sqrt = pythonFunction('sqrt', ['x', 'name=None'], 1, function sqrt(x: TensorLike, options: Options = {}): Tensor { return genUnary('Sqrt', x, options.name); });
export const rsqrt = pythonFunction('rsqrt', ['x', 'name=None'], 1, function rsqrt(x: TensorLike, options: Options = {}): Tensor { return genUnary('Rsqrt', x, options.name); });
export const exp = pythonFunction('exp', ['x', 'name=None'], 1, function exp(x: TensorLike, options: Options = {}): Tensor { return genUnary('Exp', x, options.name); });
export const log = pythonFunction('log', ['x', 'name=None'], 1, function log(x: TensorLike, options: Options = {}): Tensor { return genUnary('Log', x, options.name); });
export const log1p = pythonFunction('log1p', ['x', 'name=None'], 1, function log1p(x: TensorLike, options: Options = {}): Tensor { return genUnary('Log1p', x, options.name); });
/** |x|; for complex x the modulus, in its real dtype (ComplexAbs, named `Abs`). */
export const abs = pythonFunction('abs', ['x', 'name=None'], 1, function abs(x: TensorLike, options: Options = {}): Tensor {
  return opScope(options.name, 'Abs', [x], (scope) => {
    const t = convert_to_tensor(x, { name: 'x' });
    const dtype = t.dtype.base_dtype;
    if (dtype.is_complex) return makeOp('ComplexAbs', [t], { T: { type: dtype }, Tout: { type: dtype.real_dtype } }, scope).outputs[0];
    return makeOp('Abs', [t], { T: { type: dtype } }, scope).outputs[0];
  });
});
export const sign = pythonFunction('sign', ['x', 'name=None'], 1, function sign(x: TensorLike, options: Options = {}): Tensor { return genUnary('Sign', x, options.name); });
export const reciprocal = pythonFunction('reciprocal', ['x', 'name=None'], 1, function reciprocal(x: TensorLike, options: Options = {}): Tensor { return genUnary('Reciprocal', x, options.name); });
export const sigmoid = pythonFunction('sigmoid', ['x', 'name=None'], 1, function sigmoid(x: TensorLike, options: Options = {}): Tensor { return genUnary('Sigmoid', x, options.name); });
export const tanh = pythonFunction('tanh', ['x', 'name=None'], 1, function tanh(x: TensorLike, options: Options = {}): Tensor { return genUnary('Tanh', x, options.name); });
export const floor = pythonFunction('floor', ['x', 'name=None'], 1, function floor(x: TensorLike, options: Options = {}): Tensor { return genUnary('Floor', x, options.name); });
export const ceil = pythonFunction('ceil', ['x', 'name=None'], 1, function ceil(x: TensorLike, options: Options = {}): Tensor { return genUnary('Ceil', x, options.name); });
export const round = pythonFunction('round', ['x', 'name=None'], 1, function round(x: TensorLike, options: Options = {}): Tensor { return genUnary('Round', x, options.name); });
export const sin = pythonFunction('sin', ['x', 'name=None'], 1, function sin(x: TensorLike, options: Options = {}): Tensor { return genUnary('Sin', x, options.name); });
export const cos = pythonFunction('cos', ['x', 'name=None'], 1, function cos(x: TensorLike, options: Options = {}): Tensor { return genUnary('Cos', x, options.name); });
/** tan(x). */
export const tan = pythonFunction('tan', ['x', 'name=None'], 1, function tan(x: TensorLike, options: Options = {}): Tensor { return genUnary('Tan', x, options.name); });
/** arcsin(x), in [-π/2, π/2]. */
export const asin = pythonFunction('asin', ['x', 'name=None'], 1, function asin(x: TensorLike, options: Options = {}): Tensor { return genUnary('Asin', x, options.name); });
/** arccos(x), in [0, π]. */
export const acos = pythonFunction('acos', ['x', 'name=None'], 1, function acos(x: TensorLike, options: Options = {}): Tensor { return genUnary('Acos', x, options.name); });
/** arctan(x). */
export const atan = pythonFunction('atan', ['x', 'name=None'], 1, function atan(x: TensorLike, options: Options = {}): Tensor { return genUnary('Atan', x, options.name); });
/** sinh(x). */
export const sinh = pythonFunction('sinh', ['x', 'name=None'], 1, function sinh(x: TensorLike, options: Options = {}): Tensor { return genUnary('Sinh', x, options.name); });
/** cosh(x). */
export const cosh = pythonFunction('cosh', ['x', 'name=None'], 1, function cosh(x: TensorLike, options: Options = {}): Tensor { return genUnary('Cosh', x, options.name); });
/** arsinh(x). */
export const asinh = pythonFunction('asinh', ['x', 'name=None'], 1, function asinh(x: TensorLike, options: Options = {}): Tensor { return genUnary('Asinh', x, options.name); });
/** arcosh(x), for x ≥ 1. */
export const acosh = pythonFunction('acosh', ['x', 'name=None'], 1, function acosh(x: TensorLike, options: Options = {}): Tensor { return genUnary('Acosh', x, options.name); });
/** artanh(x), for |x| < 1. */
export const atanh = pythonFunction('atanh', ['x', 'name=None'], 1, function atanh(x: TensorLike, options: Options = {}): Tensor { return genUnary('Atanh', x, options.name); });
/** The error function 2/√π ∫₀ˣ e^{-t²} dt. */
export const erf = pythonFunction('erf', ['x', 'name=None'], 1, function erf(x: TensorLike, options: Options = {}): Tensor { return genUnary('Erf', x, options.name); });
/** 1 - erf(x), accurate where erf(x) is near 1. */
export const erfc = pythonFunction('erfc', ['x', 'name=None'], 1, function erfc(x: TensorLike, options: Options = {}): Tensor { return genUnary('Erfc', x, options.name); });
/** eˣ - 1, accurate for small x. */
export const expm1 = pythonFunction('expm1', ['x', 'name=None'], 1, function expm1(x: TensorLike, options: Options = {}): Tensor { return genUnary('Expm1', x, options.name); });
/** log|Γ(x)|. */
export const lgamma = pythonFunction('lgamma', ['x', 'name=None'], 1, function lgamma(x: TensorLike, options: Options = {}): Tensor { return genUnary('Lgamma', x, options.name); });
/** ψ(x), the derivative of lgamma. */
export const digamma = pythonFunction('digamma', ['x', 'name=None'], 1, function digamma(x: TensorLike, options: Options = {}): Tensor { return genUnary('Digamma', x, options.name); });
/** The nearest integer, halves to even (as numpy.rint). */
export const rint = pythonFunction('rint', ['x', 'name=None'], 1, function rint(x: TensorLike, options: Options = {}): Tensor { return genUnary('Rint', x, options.name); });
/** ψ⁽ᵃ⁾(x), the a-th derivative of digamma (a a non-negative integer; NaN otherwise). */
export const polygamma = pythonFunction('polygamma', ['a', 'x', 'name=None'], 2, function polygamma(a: TensorLike, x: TensorLike, options: Options = {}): Tensor { return genBinary('Polygamma', 'Polygamma', a, x, options.name, ['a', 'x']); });
/** The regularized lower incomplete gamma function P(a, x) = γ(a, x) / Γ(a). */
export const igamma = pythonFunction('igamma', ['a', 'x', 'name=None'], 2, function igamma(a: TensorLike, x: TensorLike, options: Options = {}): Tensor { return genBinary('Igamma', 'Igamma', a, x, options.name, ['a', 'x']); });
/** The regularized upper incomplete gamma function Q(a, x) = 1 - P(a, x). */
export const igammac = pythonFunction('igammac', ['a', 'x', 'name=None'], 2, function igammac(a: TensorLike, x: TensorLike, options: Options = {}): Tensor { return genBinary('Igammac', 'Igammac', a, x, options.name, ['a', 'x']); });
/**
 * The regularized incomplete beta function I_x(a, b); a, b and x each a scalar or of one common shape.
 * @example tf.betainc(2.0, 3.0, 0.5) // 0.6875
 */
export const betainc = pythonFunction('betainc', ['a', 'b', 'x', 'name=None'], 3, function betainc(a: TensorLike, b: TensorLike, x: TensorLike, options: Options = {}): Tensor {
  return opScope(options.name, 'Betainc', [a, b, x], (scope) => {
    const inputs = convertSameType('Betainc', [a, b, x], ['a', 'b', 'x']);
    return makeOp('Betainc', inputs, { T: { type: inputs[0].dtype.base_dtype } }, scope).outputs[0];
  });
});
/** The Hurwitz zeta function Σₖ (q + k)^(-x). */
export const zeta = pythonFunction('zeta', ['x', 'q', 'name=None'], 2, function zeta(x: TensorLike, q: TensorLike, options: Options = {}): Tensor { return genBinary('Zeta', 'Zeta', x, q, options.name, ['x', 'q']); });
/**
 * scalar * x for a 0-D scalar, built as TF's Mul; a scalar of any other rank is a ValueError.
 * @example tf.scalar_mul(2, x)
 */
export const scalar_mul = pythonFunction('scalar_mul', ['scalar', 'x', 'name=None'], 2, function scalar_mul(scalar: TensorLike, x: TensorLike, options: Options = {}): Tensor {
  const t = convert_to_tensor(x, { name: 'x' });
  const s = convert_to_tensor(scalar, { dtype: t.dtype.base_dtype, name: 'scalar' });
  if (s.shape.ndims !== 0) throw new ValueError(`Only scalar multiply works, got shape ${s.shape}`);
  return genBinary('Mul', 'Mul', s, t, options.name);
});
/** arctan(y / x) in the quadrant of (x, y), element-wise with broadcasting. */
export const atan2 = pythonFunction('atan2', ['y', 'x', 'name=None'], 2, function atan2(y: TensorLike, x: TensorLike, options: Options = {}): Tensor { return genBinary('Atan2', 'Atan2', y, x, options.name, ['y', 'x']); });

export const to_float = pythonFunction('to_float', ['x', "name='ToFloat'"], 1, function to_float(x: TensorLike, options: Options = {}): Tensor { return cast(x, float32, { name: options.name ?? 'ToFloat' }); });
export const to_int32 = pythonFunction('to_int32', ['x', "name='ToInt32'"], 1, function to_int32(x: TensorLike, options: Options = {}): Tensor { return cast(x, int32, { name: options.name ?? 'ToInt32' }); });
export const to_int64 = pythonFunction('to_int64', ['x', "name='ToInt64'"], 1, function to_int64(x: TensorLike, options: Options = {}): Tensor { return cast(x, int64, { name: options.name ?? 'ToInt64' }); });
export const to_double = pythonFunction('to_double', ['x', "name='ToDouble'"], 1, function to_double(x: TensorLike, options: Options = {}): Tensor { return cast(x, float64, { name: options.name ?? 'ToDouble' }); });
export const to_bfloat16 = pythonFunction('to_bfloat16', ['x', "name='ToBFloat16'"], 1, function to_bfloat16(x: TensorLike, options: Options = {}): Tensor { return cast(x, bfloat16, { name: options.name ?? 'ToBFloat16' }); });

/** x / y rounded toward zero for integers (C's division); plain division for floats. @example tf.truncatediv(-7, 2) // -3 */
export const truncatediv = pythonFunction('truncatediv', ['x', 'y', 'name=None'], 2, function truncatediv(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return genBinary('TruncateDiv', 'TruncateDiv', x, y, options.name); });
/** Whether each element is NaN. */
export const is_nan = pythonFunction('is_nan', ['x', 'name=None'], 1, function is_nan(x: TensorLike, options: Options = {}): Tensor { return genUnary('IsNan', x, options.name); });
/** Whether each element is neither infinite nor NaN. */
export const is_finite = pythonFunction('is_finite', ['x', 'name=None'], 1, function is_finite(x: TensorLike, options: Options = {}): Tensor { return genUnary('IsFinite', x, options.name); });
/** Whether each element is +inf or -inf. */
export const is_inf = pythonFunction('is_inf', ['x', 'name=None'], 1, function is_inf(x: TensorLike, options: Options = {}): Tensor { return genUnary('IsInf', x, options.name); });

/**
 * `num` evenly spaced values from `start` to `stop`, both included (LinSpace; plain numbers are float32).
 * @example tf.linspace(10.0, 12.0, 3) // [10, 11, 12]
 */
export const linspace = pythonFunction('linspace', ['start', 'stop', 'num', 'name=None'], 3, function linspace(start: TensorLike, stop: TensorLike, num: TensorLike, options: Options = {}): Tensor {
  return opScope(options.name, 'LinSpace', [start, stop, num], (scope) => {
    const [a, b] = convertSameType('LinSpace', [start, stop], ['start', 'stop'], float32);
    const n = convert_to_tensor(num, { name: 'num', preferred_dtype: int32 });
    return makeOp('LinSpace', [a, b, n], { T: { type: a.dtype.base_dtype }, Tidx: { type: n.dtype.base_dtype } }, scope).outputs[0];
  });
});
export const lin_space = linspace;

/**
 * Matrix product of two rank-2 tensors, optionally transposing either.
 * @example tf.matmul(x, w, {transpose_b: true})
 */
export const matmul = pythonFunction('matmul', ['a', 'b', 'transpose_a=False', 'transpose_b=False', 'adjoint_a=False', 'adjoint_b=False', 'a_is_sparse=False', 'b_is_sparse=False', 'name=None'], 2, function matmul(a: TensorLike, b: TensorLike, options: Options & { transpose_a?: boolean; transpose_b?: boolean; adjoint_a?: boolean; adjoint_b?: boolean; a_is_sparse?: boolean; b_is_sparse?: boolean } = {}): Tensor {
  return opScope(options.name, 'MatMul', [a, b], (scope) => {
    let [x, y] = convertSameType('MatMul', [a, b], ['a', 'b']);
    const ta = !!(options.transpose_a || options.adjoint_a), tb = !!(options.transpose_b || options.adjoint_b);
    // Rank > 2 (or unknown rank) multiplies batches of matrices, as TF 1.15 does with BatchMatMulV2.
    const batched = [x, y].some((t) => t.shape.ndims === null || t.shape.ndims > 2);
    // As TF: BatchMatMulV2 has only adjoints, so a transpose conjugates first; MatMul has only transposes, so an
    // adjoint conjugates first (conj makes no node for real dtypes).
    if (batched ? options.transpose_a : options.adjoint_a) x = conj(x);
    if (batched ? options.transpose_b : options.adjoint_b) y = conj(y);
    if (batched) {
      return makeOp('BatchMatMulV2', [x, y], { adj_x: { b: ta }, adj_y: { b: tb }, T: { type: x.dtype.base_dtype } }, scope).outputs[0];
    }
    // As TF: a sparsity hint on float32 / bfloat16 inputs, or mixed bfloat16, makes a SparseMatMul, whose float32
    // product goes back to bfloat16 when both inputs are.
    const sparseTypes: readonly DType[] = [bfloat16, float32];
    const xt = x.dtype.base_dtype, yt = y.dtype.base_dtype;
    const hinted = !!(options.a_is_sparse || options.b_is_sparse) && sparseTypes.includes(xt) && sparseTypes.includes(yt);
    if (hinted || ((xt === bfloat16 || yt === bfloat16) && xt !== yt)) {
      const product = sparse_matmul(x, y, { transpose_a: ta, transpose_b: tb, a_is_sparse: !!options.a_is_sparse, b_is_sparse: !!options.b_is_sparse, name: scope });
      return xt === bfloat16 && yt === bfloat16 ? cast(product, bfloat16) : product;
    }
    const attrs = { transpose_a: { b: ta }, transpose_b: { b: tb }, T: { type: x.dtype.base_dtype } };
    return makeOp('MatMul', [x, y], attrs, scope).outputs[0];
  });
});

/**
 * TF's SparseMatMul: the product of two float32 or bfloat16 matrices as float32, `a_is_sparse` / `b_is_sparse`
 * telling the kernel which input is mostly zeros (the values are MatMul's either way).
 * @example tf.sparse_matmul(a, b, {b_is_sparse: true})
 */
export const sparse_matmul = pythonFunction('sparse_matmul', ['a', 'b', 'transpose_a=False', 'transpose_b=False', 'a_is_sparse=False', 'b_is_sparse=False', 'name=None'], 2, function sparse_matmul(a: TensorLike, b: TensorLike, options: Options & { transpose_a?: boolean; transpose_b?: boolean; a_is_sparse?: boolean; b_is_sparse?: boolean } = {}): Tensor {
  const x = convert_to_tensor(a, { name: 'a' }), y = convert_to_tensor(b, { name: 'b' });
  checkDtype('SparseMatMul', 'Ta', x, [float32, bfloat16]);
  checkDtype('SparseMatMul', 'Tb', y, [float32, bfloat16]);
  return makeOp('SparseMatMul', [x, y], {
    transpose_a: { b: !!options.transpose_a }, transpose_b: { b: !!options.transpose_b },
    a_is_sparse: { b: !!options.a_is_sparse }, b_is_sparse: { b: !!options.b_is_sparse },
    Ta: { type: x.dtype.base_dtype }, Tb: { type: y.dtype.base_dtype },
  }, options.name ?? 'SparseMatMul').outputs[0];
});

// ---- Python operators as Tensor methods -------------------------------------------------------

/** The operator methods Tensor and Variable share: Python's `+ - * / // % ** @` and unary `-`. */
export interface TensorOperators {
  add(y: TensorLike): Tensor;
  sub(y: TensorLike): Tensor;
  mul(y: TensorLike): Tensor;
  truediv(y: TensorLike): Tensor;
  div(y: TensorLike): Tensor;
  floordiv(y: TensorLike): Tensor;
  mod(y: TensorLike): Tensor;
  pow(y: TensorLike): Tensor;
  matmul(y: TensorLike): Tensor;
  neg(): Tensor;
  abs(): Tensor;
  gt(y: TensorLike): Tensor;
  ge(y: TensorLike): Tensor;
  lt(y: TensorLike): Tensor;
  le(y: TensorLike): Tensor;
  and(y: TensorLike): Tensor;
  or(y: TensorLike): Tensor;
  not(): Tensor;
}

/** Installs the operator methods on a prototype whose objects convert to a tensor with `_as_tensor()`. */
export function installOperators(proto: { _as_tensor(): Tensor }): void {
  const binaryOps: Record<string, (x: Tensor, y: TensorLike) => Tensor> = {
    add: (x, y) => add(x, y, { name: 'add' }),
    sub: (x, y) => subtract(x, y, { name: 'sub' }),
    mul: (x, y) => multiply(x, y, { name: 'mul' }),
    truediv: (x, y) => truediv(x, y, { name: 'truediv' }),
    div: (x, y) => div(x, y, { name: 'div' }),
    floordiv: (x, y) => floordiv(x, y, { name: 'floordiv' }),
    mod: (x, y) => floormod(x, y, { name: 'mod' }),
    pow: (x, y) => pow(x, y, { name: 'pow' }),
    matmul: (x, y) => matmul(x, y, { name: 'matmul' }),
    gt: (x, y) => greater(x, y), ge: (x, y) => greater_equal(x, y),
    lt: (x, y) => less(x, y), le: (x, y) => less_equal(x, y),
    and: (x, y) => logical_and(x, y), or: (x, y) => logical_or(x, y),
  };
  const target = proto as unknown as Record<string, unknown>;
  for (const [name, f] of Object.entries(binaryOps)) {
    target[name] = function (this: { _as_tensor(): Tensor }, y: TensorLike) { return f(this._as_tensor(), y); };
  }
  target.neg = function (this: { _as_tensor(): Tensor }) { return negative(this._as_tensor()); };
  target.abs = function (this: { _as_tensor(): Tensor }) { return abs(this._as_tensor()); };
  target.not = function (this: { _as_tensor(): Tensor }) { return logical_not(this._as_tensor()); };
}

declare module '../framework/graph' {
  interface Tensor extends TensorOperators {}
}
installOperators(Tensor.prototype);

// =============================================================================================
// Reductions, arg max/min, add_n and range.
// =============================================================================================
export interface ReduceOptions {
  axis?: TensorLike | null;
  keepdims?: boolean | null;
  name?: string;
  /** TF1's deprecated name of `axis`. */
  reduction_indices?: TensorLike | null;
  /** TF1's deprecated name of `keepdims`. */
  keep_dims?: boolean | null;
}

/** An options object, as opposed to an axis value given positionally. */
function isOptionsObject(v: unknown): v is ReduceOptions {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isTensorLike(v) && !(v instanceof NDArray) && !ArrayBuffer.isView(v);
}

function deprecatedLookup<V>(newName: string, newValue: V | null | undefined, oldName: string, oldValue: V | null | undefined): V | null | undefined {
  if (newValue !== undefined && newValue !== null && oldValue !== undefined && oldValue !== null) {
    throw new ValueError(`Cannot specify both '${newName}' and '${oldName}'`);
  }
  return newValue ?? oldValue;
}

/**
 * A reduction as TF 1.x builds it (_ReductionDims): without `axis`, a Const `Const` holding range(rank)
 * (Rank + Range when the rank is unknown), then the reduction op; the result is a scalar.
 */
function reduce(type: ReductionType, defaultName: string, input: TensorLike, axisOrOptions: TensorLike | null | ReduceOptions | undefined, more: ReduceOptions): Tensor {
  const o: ReduceOptions = isOptionsObject(axisOrOptions) ? axisOrOptions : { ...more, axis: axisOrOptions ?? more.axis };
  const axis = deprecatedLookup('axis', o.axis, 'reduction_indices', o.reduction_indices);
  const keep = deprecatedLookup('keepdims', o.keepdims, 'keep_dims', o.keep_dims) ?? false;
  const x = convert_to_tensor(input);
  let dims: TensorLike;
  if (axis !== undefined && axis !== null) dims = axis;
  else if (x.shape.ndims !== null) dims = constant(Int32Array.from({ length: x.shape.ndims }, (_, i) => i));
  else dims = range(0, rankOf(x));
  const out = genReduction(type, x, dims, keep, o.name ?? defaultName);
  if (!keep && (axis === undefined || axis === null)) out.set_shape([]);
  return out;
}

type AxisArg = TensorLike | null | ReduceOptions;
/** Sum over `axis` (all axes by default). @example tf.reduce_sum(x, 1, {keepdims: true}) */
export const reduce_sum = pythonFunction('reduce_sum', ['input_tensor', 'axis=None', 'keepdims=None', 'name=None', 'reduction_indices=None', 'keep_dims=None'], 2, function reduce_sum(input_tensor: TensorLike, axis?: AxisArg, options: ReduceOptions = {}): Tensor { return reduce('Sum', 'Sum', input_tensor, axis, options); });
/** Mean over `axis` (integer inputs use integer division, as in TF). */
export const reduce_mean = pythonFunction('reduce_mean', ['input_tensor', 'axis=None', 'keepdims=None', 'name=None', 'reduction_indices=None', 'keep_dims=None'], 2, function reduce_mean(input_tensor: TensorLike, axis?: AxisArg, options: ReduceOptions = {}): Tensor { return reduce('Mean', 'Mean', input_tensor, axis, options); });
export const reduce_max = pythonFunction('reduce_max', ['input_tensor', 'axis=None', 'keepdims=None', 'name=None', 'reduction_indices=None', 'keep_dims=None'], 2, function reduce_max(input_tensor: TensorLike, axis?: AxisArg, options: ReduceOptions = {}): Tensor { return reduce('Max', 'Max', input_tensor, axis, options); });
export const reduce_min = pythonFunction('reduce_min', ['input_tensor', 'axis=None', 'keepdims=None', 'name=None', 'reduction_indices=None', 'keep_dims=None'], 2, function reduce_min(input_tensor: TensorLike, axis?: AxisArg, options: ReduceOptions = {}): Tensor { return reduce('Min', 'Min', input_tensor, axis, options); });
export const reduce_prod = pythonFunction('reduce_prod', ['input_tensor', 'axis=None', 'keepdims=None', 'name=None', 'reduction_indices=None', 'keep_dims=None'], 2, function reduce_prod(input_tensor: TensorLike, axis?: AxisArg, options: ReduceOptions = {}): Tensor { return reduce('Prod', 'Prod', input_tensor, axis, options); });
/**
 * log|B(x)| = Σ lgamma(x) - lgamma(Σ x) along the last axis (the multivariate beta function), as TF builds it
 * (`lbeta` scope). @example tf.lbeta([1.0, 2.0]) // log B(1, 2) = -log 2
 */
export const lbeta = pythonFunction('lbeta', ['x', 'name=None'], 1, function lbeta(x: TensorLike, options: Options = {}): Tensor {
  return opScope(options.name, 'lbeta', [x], () => {
    const t = convert_to_tensor(x, { name: 'x' });
    const logProdGamma = reduce_sum(lgamma(t), [-1]);
    const logGammaSum = lgamma(reduce_sum(t, [-1]));
    return subtract(logProdGamma, logGammaSum, { name: 'sub' });
  });
});
/**
 * Casts to `dtype`, first clamping values outside its range to its min and max (`saturate_cast` scope).
 * @example tf.saturate_cast(tf.constant([-1.5, 300]), tf.uint8) // [0, 255]
 */
export const saturate_cast = pythonFunction('saturate_cast', ['value', 'dtype', 'name=None'], 2, function saturate_cast(value: TensorLike, dtype: DTypeLike, options: Options = {}): Tensor {
  return opScope(options.name, 'saturate_cast', [value], (scope) => {
    let t = convert_to_tensor(value, { name: 'value' });
    const to = as_dtype(dtype).base_dtype;
    if (t.dtype.min < to.min) t = genBinary('Maximum', 'Maximum', t, convert_to_tensor(to.min, { dtype: t.dtype, name: 'min' }));
    if (t.dtype.max > to.max) t = genBinary('Minimum', 'Minimum', t, convert_to_tensor(to.max, { dtype: t.dtype, name: 'max' }));
    return cast(t, to, { name: scope });
  });
});
/** Logical and over `axis` of a bool tensor. */
export const reduce_all = pythonFunction('reduce_all', ['input_tensor', 'axis=None', 'keepdims=None', 'name=None', 'reduction_indices=None', 'keep_dims=None'], 2, function reduce_all(input_tensor: TensorLike, axis?: AxisArg, options: ReduceOptions = {}): Tensor { return reduce('All', 'All', input_tensor, axis, options); });
/** Logical or over `axis` of a bool tensor. */
export const reduce_any = pythonFunction('reduce_any', ['input_tensor', 'axis=None', 'keepdims=None', 'name=None', 'reduction_indices=None', 'keep_dims=None'], 2, function reduce_any(input_tensor: TensorLike, axis?: AxisArg, options: ReduceOptions = {}): Tensor { return reduce('Any', 'Any', input_tensor, axis, options); });

/**
 * log(Σ exp(x)) over `axis`, computed stably as TF does: the (finite) maximum is taken out first and
 * added back (`ReduceLogSumExp` scope).
 * @example tf.reduce_logsumexp([[0, 0, 0], [0, 0, 0]]) // log(6)
 */
export const reduce_logsumexp = pythonFunction('reduce_logsumexp', ['input_tensor', 'axis=None', 'keepdims=None', 'name=None', 'reduction_indices=None', 'keep_dims=None'], 2, function reduce_logsumexp(input_tensor: TensorLike, axis?: AxisArg, options: ReduceOptions = {}): Tensor {
  const o: ReduceOptions = isOptionsObject(axis) ? axis : { ...options, axis: axis ?? options.axis };
  const ax = deprecatedLookup('axis', o.axis, 'reduction_indices', o.reduction_indices);
  const keep = deprecatedLookup('keepdims', o.keepdims, 'keep_dims', o.keep_dims) ?? false;
  return opScope(o.name, 'ReduceLogSumExp', [input_tensor], () => {
    const x = convert_to_tensor(input_tensor, { name: 'input_tensor' });
    const rawMax = reduce_max(x, ax, { keepdims: true });
    let myMax = stop_gradient(where(is_finite(rawMax), rawMax, zeros_like(rawMax)));
    const result = log(reduce_sum(exp(genBinary('Sub', 'Sub', x, myMax)), ax, { keepdims: keep }));
    if (!keep) myMax = reshape(myMax, shapeOf(result));
    const out = genBinary('Add', 'Add', result, myMax);
    if (!keep && (ax === undefined || ax === null)) out.set_shape([]);
    return out;
  });
});

/**
 * The number of non-zero elements over `axis` (int64 unless `dtype` says otherwise).
 * @example tf.count_nonzero([[0, 1], [2, 0]]) // 2
 */
export const count_nonzero = pythonFunction('count_nonzero', ['input_tensor=None', 'axis=None', 'keepdims=None', 'dtype=tf.int64', 'name=None', 'reduction_indices=None', 'keep_dims=None', 'input=None'], 2, function count_nonzero(input_tensor?: TensorLike, axis?: TensorLike | null, options: ReduceOptions & { dtype?: DTypeLike; input?: TensorLike } = {}): Tensor {
  const o = { ...options, axis: axis ?? options.axis };
  if (input_tensor !== undefined && options.input !== undefined) throw new ValueError("Cannot specify both 'input_tensor' and 'input'");
  const given = input_tensor ?? options.input;
  if (given === undefined) throw new TFTypeError("count_nonzero() missing 1 required argument: 'input_tensor'");
  return opScope(o.name, 'count_nonzero', [given], () => {
    const x = convert_to_tensor(given, { name: 'input_tensor' });
    const zero = zeros([], x.dtype.base_dtype);
    const nonzero = cast(genBinary('NotEqual', 'NotEqual', x, zero), int64);
    return cast(reduce_sum(nonzero, o.axis ?? null, { keepdims: o.keepdims, reduction_indices: o.reduction_indices, keep_dims: o.keep_dims }), o.dtype ?? int64);
  });
});

type ArgOptions = { name?: string; dimension?: TensorLike; output_type?: DTypeLike };
function argReduce(type: 'ArgMax' | 'ArgMin', input: TensorLike, axis: TensorLike | null | undefined, options: ArgOptions): Tensor {
  const a = deprecatedLookup('axis', axis, 'dimension', options.dimension) ?? 0;
  return opScope(options.name, type, [input, a], (scope) => {
    const t = convert_to_tensor(input, { name: 'input' });
    const d = convertIntegerInput(a, 'dimension');
    const outType = as_dtype(options.output_type ?? int64).base_dtype;
    return makeOp(type, [t, d], { T: { type: t.dtype.base_dtype }, Tidx: { type: d.dtype.base_dtype }, output_type: { type: outType } }, scope).outputs[0];
  });
}
/** Index of the largest value along `axis` (int64 by default). @example tf.argmax(logits, 1) */
export const argmax = pythonFunction('argmax', ['input', 'axis=None', 'name=None', 'dimension=None', 'output_type=tf.int64'], 2, function argmax(input: TensorLike, axis?: TensorLike | null, options: ArgOptions = {}): Tensor { return argReduce('ArgMax', input, axis, options); });
/** Index of the smallest value along `axis`. */
export const argmin = pythonFunction('argmin', ['input', 'axis=None', 'name=None', 'dimension=None', 'output_type=tf.int64'], 2, function argmin(input: TensorLike, axis?: TensorLike | null, options: ArgOptions = {}): Tensor { return argReduce('ArgMin', input, axis, options); });
/** TF's older names: `dimension` where argmax has `axis`, no default. */
export const arg_max = pythonFunction('arg_max', ['input', 'dimension', 'output_type=tf.int64', 'name=None'], 2, argmax);
export const arg_min = pythonFunction('arg_min', ['input', 'dimension', 'output_type=tf.int64', 'name=None'], 2, argmin);

/**
 * Element-wise sum of a list of tensors of one shape and dtype (AddN; one input is returned as is).
 * @example tf.add_n([a, b, c])
 */
export const add_n = pythonFunction('add_n', ['inputs', 'name=None'], 1, function add_n(inputs: readonly TensorLike[], options: Options = {}): Tensor {
  if (!Array.isArray(inputs) || inputs.length === 0) throw new ValueError('inputs must be a list of at least one Tensor/IndexedSlices with the same dtype and shape');
  const tensors = inputs.map((v) => convert_to_tensor(v));
  if (tensors.length === 1) {
    return options.name ? makeOp('Identity', [tensors[0]], { T: { type: tensors[0].dtype.base_dtype } }, options.name).outputs[0] : tensors[0];
  }
  return opScope(options.name, 'AddN', tensors, (scope) => {
    convertSameType('AddN', tensors, tensors.map((_, i) => `inputs_${i}`));
    return makeOp('AddN', tensors, { N: { i: tensors.length }, T: { type: tensors[0].dtype.base_dtype } }, scope).outputs[0];
  });
});

/**
 * The sum of tensors of one dtype and shape (TF's AccumulateNV2, which sums in place without waiting for all
 * inputs); `shape` and `tensor_dtype` are checked against the inputs'. One input is returned as it is.
 * @example tf.accumulate_n([a, b, c])
 */
export const accumulate_n = pythonFunction('accumulate_n', ['inputs', 'shape=None', 'tensor_dtype=None', 'name=None'], 1, function accumulate_n(inputs: readonly TensorLike[], options: { shape?: ShapeLike | null; tensor_dtype?: DTypeLike | null; name?: string | null } = {}): Tensor {
  const inputError = () => new ValueError('inputs must be a list of at least one Tensor with the same dtype and shape');
  if (!Array.isArray(inputs) || inputs.length === 0) throw inputError();
  const tensors = inputs.map((x) => convert_to_tensor(x));
  if (!tensors.every((t) => t.dtype === tensors[0].dtype)) throw inputError();
  let shape = options.shape !== undefined && options.shape !== null ? as_shape(options.shape) : unknown_shape();
  for (const t of tensors) shape = shape.merge_with(t.shape);
  if (options.tensor_dtype !== undefined && options.tensor_dtype !== null && as_dtype(options.tensor_dtype) !== tensors[0].dtype) {
    throw new TFTypeError(`tensor_dtype is ${as_dtype(options.tensor_dtype)}, but input is of type ${tensors[0].dtype}`);
  }
  if (tensors.length === 1) return options.name ? makeOp('Identity', [tensors[0]], { T: { type: tensors[0].dtype.base_dtype } }, options.name).outputs[0] : tensors[0];
  return makeOp('AccumulateNV2', tensors, { N: { i: tensors.length }, T: { type: tensors[0].dtype.base_dtype }, shape: { shape } }, options.name ?? 'AccumulateNV2').outputs[0];
});

const RANGE_DTYPES = [int32, int64, float32, float64];

/**
 * A 1-D sequence from `start` (default 0) up to `limit`, stepping `delta`.
 * @example tf.range(5) // [0, 1, 2, 3, 4]; tf.range(1, 2, 0.25)
 */
export const range = pythonFunction('range', ['start', 'limit=None', 'delta=1', 'dtype=None', "name='range'"], 3, function range(start: TensorLike, limit?: TensorLike | null, delta: TensorLike = 1, options: Options & { dtype?: DTypeLike } = {}): Tensor {
  const [s, l] = limit === undefined || limit === null ? [0 as TensorLike, start] : [start, limit];
  return opScope(options.name ?? 'range', 'Range', [s, l, delta], (scope) => {
    const dtype = options.dtype ? as_dtype(options.dtype) : undefined;
    // Integral JavaScript numbers are range's ints (int32, as Python's ints are); others convert as anywhere.
    const arg = (v: TensorLike, name: string) => convert_to_tensor(v, { dtype: dtype ?? (typeof v === 'number' && Number.isInteger(v) ? int32 : undefined), name });
    let st = arg(s, 'start');
    let li = arg(l, 'limit');
    let de = arg(delta, 'delta');
    if (!dtype) {
      for (const t of [st, li, de]) {
        if (!RANGE_DTYPES.includes(t.dtype.base_dtype)) throw new TFTypeError(`Value passed to parameter 'start' has DataType ${t.dtype.base_dtype.name} not in list of allowed values: int32, int64, float32, float64`);
      }
      const inferred = RANGE_DTYPES[Math.max(...[st, li, de].map((t) => RANGE_DTYPES.indexOf(t.dtype.base_dtype)))];
      [st, li, de] = [st, li, de].map((t) => cast(t, inferred));
    }
    return makeOp('Range', [st, li, de], { Tidx: { type: st.dtype.base_dtype } }, scope).outputs[0];
  });
});

// =============================================================================================
// Scans and segment sums (the Prod and GatherV2 gradients use them).
// =============================================================================================

type ScanOptions = Options & { exclusive?: boolean; reverse?: boolean };

function scan(type: 'Cumsum' | 'Cumprod', x: TensorLike, axis: TensorLike, options: ScanOptions): Tensor {
  return opScope(options.name, type, [x], (scope) => {
    const t = convert_to_tensor(x, { name: 'x' });
    const a = convertIntegerInput(axis, 'axis');
    const attrs = { exclusive: { b: !!options.exclusive }, reverse: { b: !!options.reverse }, T: { type: t.dtype.base_dtype }, Tidx: { type: a.dtype.base_dtype } };
    return makeOp(type, [t, a], attrs, scope).outputs[0];
  });
}

/**
 * Running sum along `axis`; `exclusive` leaves the current element out, `reverse` runs from the end.
 * @example tf.cumsum([1, 2, 3]) // [1, 3, 6]
 */
export const cumsum = pythonFunction('cumsum', ['x', 'axis=0', 'exclusive=False', 'reverse=False', 'name=None'], 2, function cumsum(x: TensorLike, axis: TensorLike = 0, options: ScanOptions = {}): Tensor { return scan('Cumsum', x, axis, options); });
/** Running product along `axis`. @example tf.cumprod([1, 2, 3], 0, {exclusive: true}) // [1, 1, 2] */
export const cumprod = pythonFunction('cumprod', ['x', 'axis=0', 'exclusive=False', 'reverse=False', 'name=None'], 2, function cumprod(x: TensorLike, axis: TensorLike = 0, options: ScanOptions = {}): Tensor { return scan('Cumprod', x, axis, options); });

type UnsortedSegmentType = 'UnsortedSegmentSum' | 'UnsortedSegmentMax' | 'UnsortedSegmentMin' | 'UnsortedSegmentProd';

/** gen_math_ops' unsorted segment reduction `type` (the op named after its type). */
function unsortedSegment(type: UnsortedSegmentType, data: TensorLike, segment_ids: TensorLike, num_segments: TensorLike, name?: string): Tensor {
  return opScope(name, type, [data, segment_ids, num_segments], (scope) => {
    const d = convert_to_tensor(data, { name: 'data' });
    const ids = convertIntegerInput(segment_ids, 'segment_ids');
    const n = convertIntegerInput(num_segments, 'num_segments');
    return makeOp(type, [d, ids, n], { T: { type: d.dtype.base_dtype }, Tindices: { type: ids.dtype.base_dtype }, Tnumsegments: { type: n.dtype.base_dtype } }, scope).outputs[0];
  });
}

/** TF's unsorted_segment_<reduction>(data, segment_ids, num_segments, name=None), building op `type`. */
function unsortedSegmentFunction(name: string, type: UnsortedSegmentType) {
  return pythonFunction(name, ['data', 'segment_ids', 'num_segments', 'name=None'], 3, function (data: TensorLike, segment_ids: TensorLike, num_segments: TensorLike, options: Options = {}): Tensor {
    return unsortedSegment(type, data, segment_ids, num_segments, options.name);
  });
}

/**
 * Sums the slices of `data` into `num_segments` rows by `segment_ids` (negative ids are dropped).
 * @example tf.unsorted_segment_sum([1, 2, 3], [1, 0, 1], 2) // [2, 4]
 */
export const unsorted_segment_sum = unsortedSegmentFunction('unsorted_segment_sum', 'UnsortedSegmentSum');
/** The largest slice of each segment (UnsortedSegmentMax; an empty segment gets the dtype's lowest value). */
export const unsorted_segment_max = unsortedSegmentFunction('unsorted_segment_max', 'UnsortedSegmentMax');
/** The smallest slice of each segment (UnsortedSegmentMin; an empty segment gets the dtype's highest value). */
export const unsorted_segment_min = unsortedSegmentFunction('unsorted_segment_min', 'UnsortedSegmentMin');
/** The product of each segment's slices (UnsortedSegmentProd; an empty segment gets 1). */
export const unsorted_segment_prod = unsortedSegmentFunction('unsorted_segment_prod', 'UnsortedSegmentProd');

/** TF's _unsorted_segment_N: each segment's entry count (at least 1), shaped to divide the segment sums. */
function unsortedSegmentN(data: Tensor, ids: Tensor, numSegments: TensorLike): Tensor {
  const ones_ = ones(shapeOf(ids), data.dtype.base_dtype);
  const n = unsortedSegment('UnsortedSegmentSum', ones_, ids, numSegments);
  const extra = (data.shape.ndims ?? 0) - (ids.shape.ndims ?? 0);
  const segments = typeof numSegments === 'number' ? numSegments : convertIntegerInput(numSegments, 'num_segments');
  const broadcastShape = [segments, ...Array<number>(extra).fill(1)];
  return genBinary('Maximum', 'Maximum', reshape(n, broadcastShape), 1);
}

/** Each segment's mean (TF's composite: UnsortedSegmentSum over the entry counts; empty segments give 0). */
export const unsorted_segment_mean = pythonFunction('unsorted_segment_mean', ['data', 'segment_ids', 'num_segments', 'name=None'], 3, function unsorted_segment_mean(data: TensorLike, segment_ids: TensorLike, num_segments: TensorLike, options: Options = {}): Tensor {
  return opScope(options.name, 'UnsortedSegmentMean', [], () => {
    const d = convert_to_tensor(data), ids = convertIntegerInput(segment_ids, 'segment_ids', 'Const');
    const n = unsortedSegmentN(d, ids, num_segments);
    return unsortedSegment('UnsortedSegmentSum', d, ids, num_segments).truediv(n);
  });
});
/** Each segment's sum divided by the square root of its entry count (TF's composite). */
export const unsorted_segment_sqrt_n = pythonFunction('unsorted_segment_sqrt_n', ['data', 'segment_ids', 'num_segments', 'name=None'], 3, function unsorted_segment_sqrt_n(data: TensorLike, segment_ids: TensorLike, num_segments: TensorLike, options: Options = {}): Tensor {
  return opScope(options.name, 'UnsortedSegmentSqrtN', [], () => {
    const d = convert_to_tensor(data), ids = convertIntegerInput(segment_ids, 'segment_ids', 'Const');
    const n = unsortedSegmentN(d, ids, num_segments);
    return unsortedSegment('UnsortedSegmentSum', d, ids, num_segments).truediv(genUnary('Sqrt', n));
  });
});

type BincountOptions = { weights?: TensorLike | null; minlength?: TensorLike | null; maxlength?: TensorLike | null; dtype?: DTypeLike };

/**
 * Counts of each value of the non-negative int32 `arr` (Bincount), or the sums of `weights` by value
 * (UnsortedSegmentSum, as TF); the length is max(arr) + 1, at least `minlength`, at most `maxlength`.
 * @example tf.bincount([1, 1, 3], {minlength: 5}) // [0, 2, 0, 1, 0]
 */
export const bincount = pythonFunction('bincount', ['arr', 'weights=None', 'minlength=None', 'maxlength=None', 'dtype=tf.int32'], 1, function bincount(arr: TensorLike, options: BincountOptions = {}): Tensor {
  return opScope(undefined, 'bincount', [arr], () => {
    const a = convert_to_tensor(arr, { name: 'arr', dtype: int32 });
    const nonEmpty = genBinary('Greater', 'Greater', reduce_prod(shapeOf(a)), 0);
    let size = cast(nonEmpty, int32).mul(reduce_max(a).add(1));
    if (options.minlength !== undefined && options.minlength !== null) {
      size = genBinary('Maximum', 'Maximum', convert_to_tensor(options.minlength, { name: 'minlength', dtype: int32 }), size);
    }
    if (options.maxlength !== undefined && options.maxlength !== null) {
      size = genBinary('Minimum', 'Minimum', convert_to_tensor(options.maxlength, { name: 'maxlength', dtype: int32 }), size);
    }
    if (options.weights !== undefined && options.weights !== null) {
      return unsortedSegment('UnsortedSegmentSum', convert_to_tensor(options.weights, { name: 'weights' }), a, size);
    }
    const w = constant([], { dtype: options.dtype ?? int32 });
    return makeOp('Bincount', [a, size, w], { T: { type: w.dtype.base_dtype } }).outputs[0];
  });
});

type SegmentType = 'SegmentSum' | 'SegmentMean' | 'SegmentMax' | 'SegmentMin' | 'SegmentProd';

function sortedSegment(type: SegmentType, data: TensorLike, segment_ids: TensorLike, name?: string): Tensor {
  return opScope(name, type, [data, segment_ids], (scope) => {
    const d = convert_to_tensor(data, { name: 'data' });
    const ids = convertIntegerInput(segment_ids, 'segment_ids');
    return makeOp(type, [d, ids], { T: { type: d.dtype.base_dtype }, Tindices: { type: ids.dtype.base_dtype } }, scope).outputs[0];
  });
}

/**
 * Sums the rows of `data` by sorted `segment_ids` (SegmentSum; ids skipped between segments give zeros).
 * @example tf.segment_sum([[1, 2], [3, 4], [5, 6]], [0, 0, 1]) // [[4, 6], [5, 6]]
 */
export const segment_sum = pythonFunction('segment_sum', ['data', 'segment_ids', 'name=None'], 2, function segment_sum(data: TensorLike, segment_ids: TensorLike, options: Options = {}): Tensor {
  return sortedSegment('SegmentSum', data, segment_ids, options.name);
});
/** The mean of each sorted segment (SegmentMean). */
export const segment_mean = pythonFunction('segment_mean', ['data', 'segment_ids', 'name=None'], 2, function segment_mean(data: TensorLike, segment_ids: TensorLike, options: Options = {}): Tensor {
  return sortedSegment('SegmentMean', data, segment_ids, options.name);
});
/** The largest row of each sorted segment (SegmentMax; skipped ids give zeros). */
export const segment_max = pythonFunction('segment_max', ['data', 'segment_ids', 'name=None'], 2, function segment_max(data: TensorLike, segment_ids: TensorLike, options: Options = {}): Tensor {
  return sortedSegment('SegmentMax', data, segment_ids, options.name);
});
/** The smallest row of each sorted segment (SegmentMin; skipped ids give zeros). */
export const segment_min = pythonFunction('segment_min', ['data', 'segment_ids', 'name=None'], 2, function segment_min(data: TensorLike, segment_ids: TensorLike, options: Options = {}): Tensor {
  return sortedSegment('SegmentMin', data, segment_ids, options.name);
});
/** The product of each sorted segment (SegmentProd; skipped ids give ones; TF 1.15 has no gradient for it). */
export const segment_prod = pythonFunction('segment_prod', ['data', 'segment_ids', 'name=None'], 2, function segment_prod(data: TensorLike, segment_ids: TensorLike, options: Options = {}): Tensor {
  return sortedSegment('SegmentProd', data, segment_ids, options.name);
});

// ---- complex numbers ---------------------------------------------------------------------------------

/**
 * `real + imag·i` element-wise (Complex): float32 parts make complex64, float64 parts complex128. The parts
 * are converted before the op's scope, as TF converts them (Consts `real` and `imag`).
 * @example tf.complex([1.0, 2.0], [3.0, 4.0]) // [1+3j, 2+4j]
 */
export const complex = pythonFunction('complex', ['real', 'imag', 'name=None'], 2, function complex(real: TensorLike, imag: TensorLike, options: Options = {}): Tensor {
  const re = convert_to_tensor(real, { name: 'real' });
  const im = convert_to_tensor(imag, { name: 'imag' });
  return opScope(options.name, 'Complex', [re, im], (scope) => {
    const [a, b] = [re.dtype.base_dtype, im.dtype.base_dtype];
    const tout = a === float64 && b === float64 ? complex128 : a === float32 && b === float32 ? complex64 : null;
    if (tout === null) throw new TFTypeError(`real and imag have incorrect types: ${a.name} ${b.name}`);
    return makeOp('Complex', [re, im], { T: { type: a }, Tout: { type: tout } }, scope).outputs[0];
  });
});

/** A complex op whose output is in the input's real dtype (Real, Imag, Angle), or `otherwise` for a real input. */
function complexPart(type: 'Real' | 'Imag' | 'Angle', input: TensorLike, name: string | undefined, otherwise: (t: Tensor) => Tensor): Tensor {
  return opScope(name, type, [input], (scope) => {
    const t = convert_to_tensor(input, { name: 'input' });
    const dtype = t.dtype.base_dtype;
    if (!dtype.is_complex) return otherwise(t);
    return makeOp(type, [t], { T: { type: dtype }, Tout: { type: dtype.real_dtype } }, scope).outputs[0];
  });
}

/** The real parts of a complex tensor (Real); a real tensor is returned as it is. */
export const real = pythonFunction('real', ['input', 'name=None'], 1, function real(input: TensorLike, options: Options = {}): Tensor {
  return complexPart('Real', input, options.name, (t) => t);
});
/** The imaginary parts of a complex tensor (Imag); zeros for a real one. */
export const imag = pythonFunction('imag', ['input', 'name=None'], 1, function imag(input: TensorLike, options: Options = {}): Tensor {
  return complexPart('Imag', input, options.name, (t) => zeros_like(t));
});
/** The argument of each complex value (Angle); zeros for a real tensor, as TF 1.15 gives. */
export const angle = pythonFunction('angle', ['input', 'name=None'], 1, function angle(input: TensorLike, options: Options = {}): Tensor {
  return complexPart('Angle', input, options.name, (t) => zeros_like(t));
});

/** The complex conjugate (Conj); real and integer tensors are returned as they are. */
export const conj = pythonFunction('conj', ['x', 'name=None'], 1, function conj(x: TensorLike, options: Options = {}): Tensor {
  if (x instanceof Tensor && (x.dtype.is_floating || x.dtype.is_integer)) return x;
  return opScope(options.name, 'Conj', [x], (scope) => {
    const t = convert_to_tensor(x, { name: 'x' });
    const dtype = t.dtype.base_dtype;
    if (dtype.is_complex || dtype.name === 'variant') return makeOp('Conj', [t], { T: { type: dtype } }, scope).outputs[0];
    if (dtype.is_floating || dtype.is_integer) return t;
    throw new TFTypeError(`Expected numeric or variant tensor, got dtype ${dtype}`);
  });
});

/** Cast to complex64 (`ToComplex64`). */
export const to_complex64 = pythonFunction('to_complex64', ['x', "name='ToComplex64'"], 1, function to_complex64(x: TensorLike, options: Options = {}): Tensor { return cast(x, complex64, { name: options.name ?? 'ToComplex64' }); });
/** Cast to complex128 (`ToComplex128`). */
export const to_complex128 = pythonFunction('to_complex128', ['x', "name='ToComplex128'"], 1, function to_complex128(x: TensorLike, options: Options = {}): Tensor { return cast(x, complex128, { name: options.name ?? 'ToComplex128' }); });

registerOp({ type: 'Bucketize', outputDtypes: fixedDtypes(int32), inferShapes: shapeOfInput(0) });
registerNotDifferentiable('Bucketize');

/**
 * Each value's bucket among sorted `boundaries` (TF's `math_ops._bucketize`, the Bucketize op): the number of
 * boundaries at or below it, as int32.
 * @example bucketize([-5, 0, 3], [0, 2])  // [0, 1, 2]
 */
export function bucketize(input: TensorLike, boundaries: readonly number[], options: Options = {}): Tensor {
  for (let i = 1; i < boundaries.length; i++) if (!(boundaries[i - 1] < boundaries[i])) throw new ValueError('Expected sorted boundaries');
  return opScope(options.name, 'Bucketize', [input], (scope) => {
    const x = convert_to_tensor(input, { name: 'input' });
    return makeOp('Bucketize', [x], { T: { type: x.dtype.base_dtype }, boundaries: { list: { f: [...boundaries] } } }, scope).outputs[0];
  });
}
