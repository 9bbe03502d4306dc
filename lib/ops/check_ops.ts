/**
 * Graph-time and run-time assertions (TF's check_ops.py): each assert_* builds, under its own name scope,
 * the comparison, a reduce_all and an Assert whose data lists the message and the tensors, as TF 1.15 does;
 * what is known while building (a constant pair for assert_equal, static ranks, dtypes) is checked at once.
 */
import { Operation, Tensor, registerOp } from '../framework/graph';
import { DType, as_dtype, bfloat16, float16, float32, float64, int32 } from '../framework/dtypes';
import { InvalidArgumentError, TFTypeError, ValueError } from '../framework/errors';
import { NDArray } from '../framework/ndarray';
import { ShapeLike, TensorShape, as_shape } from '../framework/tensor_shape';
import { shapeError } from './shape_fns';
import { DTypeLike, TensorLike, checkDtype, convert_to_tensor, isTensorLike, makeOp, opScope } from './op_builder';
import { dtypeOfInput, shapeOfInput } from './schema_util';
import { broadcastStatic, constantValue } from './schema_util';
import { abs, equal, greater_equal, less, less_equal, logical_or, not_equal, reduce_all } from './math_ops';
import { rank as rankOf, reshape, shape as shapeOf, size, strided_slice } from './array_ops';
import { cond, no_op, with_dependencies } from './control_flow_ops';
import { Assert } from './logging_ops';
import { pythonFunction } from '../framework/python_signature';

type Data = readonly TensorLike[] | null;
interface AssertOptions { data?: Data; summarize?: number; message?: string; name?: string }
type Compare = (x: Tensor, y: Tensor) => Tensor;

/** Whether `holds` is true for every pair of the two constants, broadcast numpy's way. */
function staticAll(x: NDArray, y: NDArray, holds: (a: number, b: number) => boolean): boolean {
  const out = broadcastStatic(new TensorShape(x.shape), new TensorShape(y.shape)).toNumbers();
  const count = out.reduce((n, d) => n * d, 1);
  const index = (a: NDArray, flat: number): number => {
    // Walks the output index from the last axis, dropping the broadcast (size 1 or missing) axes of `a`.
    let offset = 0, stride = 1, rest = flat;
    for (let axis = out.length - 1; axis >= 0; axis--) {
      const i = rest % out[axis];
      rest = Math.floor(rest / out[axis]);
      const k = a.shape.length - out.length + axis;
      if (k >= 0) { offset += (a.shape[k] === 1 ? 0 : i) * stride; stride *= a.shape[k]; }
    }
    return offset;
  };
  const xs = x.values, ys = y.values;
  for (let f = 0; f < count; f++) if (!holds(xs[index(x, f)], ys[index(y, f)])) return false;
  return true;
}

/** TF's _assert_static: the data, constants shown by value, as an InvalidArgumentError raised while building. */
function raiseStatic(data: readonly TensorLike[]): never {
  const text = data.map((d) => {
    if (!(d instanceof Tensor)) return String(d);
    const v = constantValue(d);
    return v === null ? d.toString() : v.toString();
  });
  throw new InvalidArgumentError(null, null, text.join('\n'));
}

/** The shared body of TF's element-wise asserts: `reduce_all(compare(x, y))` guarded by an Assert. */
function binaryAssert(opname: string, sym: string, compare: Compare, x: TensorLike, y: TensorLike, options: AssertOptions, staticHolds?: (a: number, b: number) => boolean): Operation {
  return opScope(options.name, opname, [x, y, ...(options.data ?? [])], () => {
    const xt = convert_to_tensor(x, { name: 'x' });
    const yt = convert_to_tensor(y, { name: 'y', dtype: xt.dtype.base_dtype });
    const data = options.data ?? [options.message ?? '', `Condition x ${sym} y did not hold element-wise:`, `x (${xt.name}) = `, xt, `y (${yt.name}) = `, yt];
    const condition = reduce_all(compare(xt, yt));
    if (staticHolds) {
      const xs = constantValue(xt), ys = constantValue(yt);
      if (xs !== null && ys !== null && !staticAll(xs, ys, staticHolds)) raiseStatic(data);
    }
    return Assert(condition, data, { summarize: options.summarize });
  });
}

const BINARY = ['x', 'y', 'data=None', 'summarize=None', 'message=None', 'name=None'];

/**
 * Fails when any `x[i] != y[i]` (broadcast); two constants are compared while building, raising
 * InvalidArgumentError at once.
 * @example tf.control_dependencies([tf.assert_equal(tf.shape(a), tf.shape(b))], () => tf.identity(a))
 */
export const assert_equal = pythonFunction('assert_equal', BINARY, 2, function assert_equal(x: TensorLike, y: TensorLike, options: AssertOptions = {}): Operation {
  return binaryAssert('assert_equal', '==', (a, b) => equal(a, b), x, y, options, (a, b) => a === b);
});
/** Fails when any `x[i] == y[i]`. @example tf.assert_none_equal(x, 0) */
export const assert_none_equal = pythonFunction('assert_none_equal', BINARY, 2, function assert_none_equal(x: TensorLike, y: TensorLike, options: AssertOptions = {}): Operation {
  return binaryAssert('assert_none_equal', '!=', (a, b) => not_equal(a, b), x, y, options);
});
/** Fails unless every `x[i] < y[i]`. @example tf.assert_less(x, 10) */
export const assert_less = pythonFunction('assert_less', BINARY, 2, function assert_less(x: TensorLike, y: TensorLike, options: AssertOptions = {}): Operation {
  return binaryAssert('assert_less', '<', (a, b) => less(a, b), x, y, options);
});
/** Fails unless every `x[i] <= y[i]`. @example tf.assert_less_equal(x, 10) */
export const assert_less_equal = pythonFunction('assert_less_equal', BINARY, 2, function assert_less_equal(x: TensorLike, y: TensorLike, options: AssertOptions = {}): Operation {
  return binaryAssert('assert_less_equal', '<=', (a, b) => less_equal(a, b), x, y, options);
});
/** Fails unless every `x[i] > y[i]` (TF builds it as Greater). @example tf.assert_greater(x, 0) */
export const assert_greater = pythonFunction('assert_greater', BINARY, 2, function assert_greater(x: TensorLike, y: TensorLike, options: AssertOptions = {}): Operation {
  return binaryAssert('assert_greater', '>', (a, b) => a.gt(b), x, y, options);
});
/** Fails unless every `x[i] >= y[i]`. @example tf.assert_greater_equal(x, 0) */
export const assert_greater_equal = pythonFunction('assert_greater_equal', BINARY, 2, function assert_greater_equal(x: TensorLike, y: TensorLike, options: AssertOptions = {}): Operation {
  return binaryAssert('assert_greater_equal', '>=', (a, b) => greater_equal(a, b), x, y, options);
});

/** TF's sign asserts: compare against a zero of x's dtype through assert_less / assert_less_equal. */
function signAssert(opname: string, sym: string, zeroFirst: boolean, strict: boolean, x: TensorLike, options: AssertOptions): Operation {
  return opScope(options.name, opname, [x, ...(options.data ?? [])], () => {
    const xt = convert_to_tensor(x, { name: 'x' });
    const data = options.data ?? [options.message ?? '', `Condition x ${sym} 0 did not hold element-wise:`, `x (${xt.name}) = `, xt];
    const zero = convert_to_tensor(0, { dtype: xt.dtype.base_dtype });
    const [a, b] = zeroFirst ? [zero, xt] : [xt, zero];
    const inner = { data, summarize: options.summarize };
    return strict ? assert_less(a, b, inner) : assert_less_equal(a, b, inner);
  });
}

const UNARY = ['x', 'data=None', 'summarize=None', 'message=None', 'name=None'];
/** Fails unless every `x[i] > 0`. @example tf.assert_positive(sigma) */
export const assert_positive = pythonFunction('assert_positive', UNARY, 1, function assert_positive(x: TensorLike, options: AssertOptions = {}): Operation {
  return signAssert('assert_positive', '>', true, true, x, options);
});
/** Fails unless every `x[i] < 0`. @example tf.assert_negative(x) */
export const assert_negative = pythonFunction('assert_negative', UNARY, 1, function assert_negative(x: TensorLike, options: AssertOptions = {}): Operation {
  return signAssert('assert_negative', '<', false, true, x, options);
});
/** Fails unless every `x[i] >= 0`. @example tf.assert_non_negative(counts) */
export const assert_non_negative = pythonFunction('assert_non_negative', UNARY, 1, function assert_non_negative(x: TensorLike, options: AssertOptions = {}): Operation {
  return signAssert('assert_non_negative', '>=', true, false, x, options);
});
/** Fails unless every `x[i] <= 0`. @example tf.assert_non_positive(x) */
export const assert_non_positive = pythonFunction('assert_non_positive', UNARY, 1, function assert_non_positive(x: TensorLike, options: AssertOptions = {}): Operation {
  return signAssert('assert_non_positive', '<=', false, false, x, options);
});

/**
 * TF's _assert_rank_condition: a known rank of `x` against a constant `rank` is decided while building
 * (a NoOp when it holds, a ValueError when not); otherwise an Assert on Rank(x), with a check that `rank`
 * is a scalar when it is not constant.
 */
function rankAssert(opname: string, wording: string, holds: (actual: number, given: number) => boolean, dynamic: Compare, x: TensorLike, rank: TensorLike, options: AssertOptions): Operation {
  return opScope(options.name, opname, [x, rank, ...(options.data ?? [])], () => {
    const xt = convert_to_tensor(x, { name: 'x' });
    // A JavaScript number is Python's int here: int32, where an untyped number would become float32.
    const rankT = rank instanceof Tensor ? rank : convert_to_tensor(rank, { name: 'rank', dtype: int32 });
    const message = options.message ?? '';
    const data = options.data ?? [message, `Tensor ${xt.name} must have ${wording}`, rankT, 'Received shape: ', shapeOf(xt)];
    assert_type(rankT, int32);
    const given = constantValue(rankT);
    if (given !== null) {
      if (given.shape.length !== 0) throw new ValueError('Rank must be a scalar.');
      const actual = xt.shape.ndims;
      if (actual !== null && actual !== undefined) {
        if (!holds(actual, given.values[0])) {
          throw new ValueError(`${message}.  Tensor ${xt.name} must have ${wording} ${given.values[0]}.  Received rank ${actual}, shape ${xt.shape}`);
        }
        return no_op({ name: 'static_checks_determined_all_ok' });
      }
    }
    let condition = dynamic(rankOf(xt), rankT);
    if (given === null) {
      const rankCheck = assert_rank(rankT, 0, { data: ['Rank must be a scalar. Received rank: ', rankT] });
      condition = with_dependencies([rankCheck], condition);
    }
    return Assert(condition, data, { summarize: options.summarize });
  });
}

const RANK = ['x', 'rank', 'data=None', 'summarize=None', 'message=None', 'name=None'];

/**
 * Fails unless the rank of `x` is one of `ranks`; decided while building when the rank and the ranks are known
 * (a ValueError when not), else an Assert comparing Rank(x) with each.
 * @example tf.assert_rank_in(x, [2, 3])
 */
export const assert_rank_in = pythonFunction('assert_rank_in', ['x', 'ranks', 'data=None', 'summarize=None', 'message=None', 'name=None'], 2, function assert_rank_in(x: TensorLike, ranks: readonly TensorLike[], options: AssertOptions = {}): Operation {
  return opScope(options.name, 'assert_rank_in', [x, ...ranks, ...(options.data ?? [])], () => {
    const xt = convert_to_tensor(x, { name: 'x' });
    const rankTs = ranks.map((r) => (r instanceof Tensor ? r : convert_to_tensor(r, { name: 'rank', dtype: int32 })));
    const message = options.message ?? '';
    const data = options.data ?? [message, `Tensor ${xt.name} must have rank in`, ...rankTs, 'Received shape: ', shapeOf(xt)];
    for (const r of rankTs) assert_type(r, int32);
    const given = rankTs.map((r) => constantValue(r));
    if (given.every((g) => g !== null)) {
      if (given.some((g) => g!.shape.length !== 0)) throw new ValueError('Rank must be a scalar.');
      const actual = xt.shape.ndims;
      if (actual !== null && actual !== undefined) {
        const values = given.map((g) => g!.values[0]);
        if (!values.includes(actual)) {
          throw new ValueError(`${message}.  Tensor ${xt.name} must have rank in (${values.join(', ')}${values.length === 1 ? ',' : ''}).  Received rank ${actual}, shape ${xt.shape}`);
        }
        return no_op({ name: 'static_checks_determined_all_ok' });
      }
    }
    const actualRank = rankOf(xt);
    let condition: Tensor = rankTs.length === 0 ? convert_to_tensor(false) : rankTs.slice(1).reduce((c, r) => logical_or(c, equal(r, actualRank)), equal(rankTs[0], actualRank));
    rankTs.forEach((r, i) => {
      if (given[i] === null) condition = with_dependencies([assert_rank(r, 0, { data: ['Rank must be a scalar. Received rank: ', r] })], condition);
    });
    return Assert(condition, data, { summarize: options.summarize });
  });
});
/** Fails unless `x` has rank `rank`; a static mismatch raises ValueError while building. @example tf.assert_rank(images, 4) */
export const assert_rank = pythonFunction('assert_rank', RANK, 2, function assert_rank(x: TensorLike, rank: TensorLike, options: AssertOptions = {}): Operation {
  return rankAssert('assert_rank', 'rank', (a, g) => a === g, (a, b) => equal(a, b), x, rank, options);
});
/** Fails unless `x` has rank `rank` or more. @example tf.assert_rank_at_least(x, 2) */
export const assert_rank_at_least = pythonFunction('assert_rank_at_least', RANK, 2, function assert_rank_at_least(x: TensorLike, rank: TensorLike, options: AssertOptions = {}): Operation {
  return rankAssert('assert_rank_at_least', 'rank at least', (a, g) => a >= g, (a, b) => greater_equal(a, b), x, rank, options);
});

/** `tensor` itself when its static shape is a scalar's, else ValueError. @example tf.assert_scalar(learning_rate) */
export const assert_scalar = pythonFunction('assert_scalar', ['tensor', 'name=None', 'message=None'], 1, function assert_scalar(tensor: TensorLike, options: { name?: string; message?: string } = {}): Tensor {
  return opScope(options.name, 'assert_scalar', [tensor], (scope) => {
    const t = convert_to_tensor(tensor, { name: scope });
    if (t.shape.ndims !== 0) throw new ValueError(`${options.message ?? ''}Expected scalar shape for ${t.name}, saw shape: ${t.shape}.`);
    return t;
  });
});

/** A NoOp when `tensor` has dtype `tf_type`, else TypeError (checked while building). @example tf.assert_type(labels, tf.int64) */
export const assert_type = pythonFunction('assert_type', ['tensor', 'tf_type', 'message=None', 'name=None'], 2, function assert_type(tensor: TensorLike, tf_type: DTypeLike, options: { message?: string; name?: string } = {}): Operation {
  return opScope(options.name, 'assert_type', [tensor], () => {
    const t = convert_to_tensor(tensor, { name: 'tensor' });
    const want: DType = as_dtype(tf_type);
    if (t.dtype !== want) throw new TFTypeError(`${options.message ?? ''}  ${t.name} must be of type ${want}`);
    return no_op({ name: 'statically_determined_correct_type' });
  });
});

/** A NoOp when `x` has an integer dtype, else TypeError. @example tf.assert_integer(indices) */
export const assert_integer = pythonFunction('assert_integer', ['x', 'message=None', 'name=None'], 1, function assert_integer(x: TensorLike, options: { message?: string; name?: string } = {}): Operation {
  return opScope(options.name, 'assert_integer', [x], () => {
    const t = convert_to_tensor(x, { name: 'x' });
    if (!t.dtype.is_integer) throw new TFTypeError(`${options.message ?? ''}  Expected "x" to be integer type.  Found: ${t.name} of dtype ${t.dtype}`);
    return no_op({ name: 'statically_determined_was_integer' });
  });
});

/** The dtypes TF 1.15's is_numeric_tensor accepts (its NUMERIC_TYPES: no float16, bfloat16 or complex128). */
const NUMERIC_TYPES = new Set(['float32', 'float64', 'int8', 'int16', 'int32', 'int64', 'uint8', 'qint8', 'qint32', 'quint8', 'complex64']);

/** Whether `x` is a tensor or a tensor-like object (a variable), not a value to convert. @example tf.is_tensor(v) // true */
export const is_tensor = pythonFunction('is_tensor', ['x'], 1, function is_tensor(x: unknown): boolean {
  return isTensorLike(x);
});

/** Whether `tensor` is a Tensor of one of TF's numeric dtypes. @example tf.is_numeric_tensor(tf.constant(1)) // true */
export const is_numeric_tensor = pythonFunction('is_numeric_tensor', ['tensor'], 1, function is_numeric_tensor(tensor: unknown): boolean {
  return tensor instanceof Tensor && NUMERIC_TYPES.has(tensor.dtype.base_dtype.name);
});

/** numpy's finfo(dtype).eps, for assert_near's default tolerances. */
function machineEpsilon(dtype: DType): number {
  if (dtype === float64) return 2 ** -52;
  if (dtype === float16) return 2 ** -10;
  return 2 ** -23;
}

/**
 * Fails unless every `|x - y| < atol + rtol * |y|` (both tolerances 10 eps of x's dtype by default).
 * @example tf.assert_near(computed, expected, { rtol: 1e-4 })
 */
export const assert_near = pythonFunction('assert_near', ['x', 'y', 'rtol=None', 'atol=None', 'data=None', 'summarize=None', 'message=None', 'name=None'], 2, function assert_near(x: TensorLike, y: TensorLike, options: AssertOptions & { rtol?: TensorLike | null; atol?: TensorLike | null } = {}): Operation {
  return opScope(options.name, 'assert_near', [x, y, options.rtol, options.atol, ...(options.data ?? [])].filter((v) => v !== undefined && v !== null), () => {
    const xt = convert_to_tensor(x, { name: 'x' });
    const dtype = xt.dtype.base_dtype;
    const yt = convert_to_tensor(y, { name: 'y', dtype });
    const eps = 10 * machineEpsilon(dtype);
    const rtol = convert_to_tensor(options.rtol ?? eps, { name: 'rtol', dtype });
    const atol = convert_to_tensor(options.atol ?? eps, { name: 'atol', dtype });
    const data = options.data ?? [options.message ?? '', `x and y not equal to tolerance rtol = ${rtol}, atol = ${atol}`, `x (${xt.name}) = `, xt, `y (${yt.name}) = `, yt];
    const tol = atol.add(rtol.mul(abs(yt)));
    const diff = abs(xt.sub(yt));
    return Assert(reduce_all(less(diff, tol)), data, { summarize: options.summarize });
  });
});

/** TF's _get_diff_for_monotonic_comparison: `x[1:] - x[:-1]` of the flattened x, empty below two elements. */
function monotonicDiff(x: TensorLike): Tensor {
  const flat = reshape(x, [-1]);
  if (!is_numeric_tensor(flat)) throw new TFTypeError(`Expected x to be numeric, instead found: ${flat}`);
  const sLen = shapeOf(flat).sub(1);
  return cond(less(size(flat), 2),
    () => convert_to_tensor([], { dtype: flat.dtype }),
    () => strided_slice(flat, [1], sLen.add(1)).sub(strided_slice(flat, [0], sLen)));
}

/** Whether each element of the flattened `x` is >= the one before (true below two elements). @example tf.is_non_decreasing([1, 1, 2]) */
export const is_non_decreasing = pythonFunction('is_non_decreasing', ['x', 'name=None'], 1, function is_non_decreasing(x: TensorLike, options: { name?: string } = {}): Tensor {
  return opScope(options.name, 'is_non_decreasing', [x], () => {
    const diff = monotonicDiff(x);
    return reduce_all(less_equal(convert_to_tensor(0, { dtype: diff.dtype }), diff));
  });
});

/** Whether each element of the flattened `x` is > the one before (true below two elements). @example tf.is_strictly_increasing([1, 2, 3]) */
export const is_strictly_increasing = pythonFunction('is_strictly_increasing', ['x', 'name=None'], 1, function is_strictly_increasing(x: TensorLike, options: { name?: string } = {}): Tensor {
  return opScope(options.name, 'is_strictly_increasing', [x], () => {
    const diff = monotonicDiff(x);
    return reduce_all(less(convert_to_tensor(0, { dtype: diff.dtype }), diff));
  });
});

registerOp({ type: 'CheckNumerics', outputDtypes: dtypeOfInput(0), inferShapes: shapeOfInput(0) });

/**
 * `tensor` unchanged, through a CheckNumerics node that fails at run time with InvalidArgumentError
 * "<message> : Tensor had NaN values" (or Inf, or Inf and NaN); floating-point tensors only.
 * @example tf.check_numerics(loss, 'loss')
 */
export const check_numerics = pythonFunction('check_numerics', ['tensor', 'message', 'name=None'], 2, function check_numerics(tensor: TensorLike, message: string, options: { name?: string } = {}): Tensor {
  return opScope(options.name, 'CheckNumerics', [tensor], (scope) => {
    const t = convert_to_tensor(tensor, { name: 'tensor' });
    checkDtype('CheckNumerics', 'T', t, [bfloat16, float16, float32, float64]);
    return makeOp('CheckNumerics', [t], { T: { type: t.dtype.base_dtype }, message: { s: message } }, scope).outputs[0];
  });
});

/**
 * `t` after a CheckNumerics of it has run (TF's numerics.verify_tensor_all_finite: a `VerifyFinite` scope
 * holding the check and a control_dependency Identity); `x` and `message` are TF's later names of `t` and `msg`.
 * @example const safe = tf.verify_tensor_all_finite(logits, 'logits blew up')
 */
export const verify_tensor_all_finite = pythonFunction('verify_tensor_all_finite', ['t=None', 'msg=None', 'name=None', 'x=None', 'message=None'], 2, function verify_tensor_all_finite(t?: TensorLike | null, msg?: string | null, options: { name?: string; x?: TensorLike | null; message?: string | null } = {}): Tensor {
  const value = t ?? options.x;
  const text = msg ?? options.message;
  if (value === null || value === undefined) throw new ValueError('verify_tensor_all_finite needs t (or x)');
  if (text === null || text === undefined) throw new ValueError('verify_tensor_all_finite needs msg (or message)');
  return opScope(options.name, 'VerifyFinite', [value], (_scope, g) => {
    const tensor = convert_to_tensor(value, { name: 't' });
    return g.colocate_with(tensor.op, () => with_dependencies([check_numerics(tensor, text).op], tensor));
  });
});

registerOp({
  type: 'EnsureShape',
  outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => {
    // TF merges the desired shape with the input's static shape, desired first.
    const desired = op.get_attr('shape') as TensorShape, actual = op.inputs[0].shape;
    if (desired.dims === null || actual.dims === null) return [desired.merge_with(actual)];
    if (desired.dims.length !== actual.dims.length) throw shapeError(op, `Shapes must be equal rank, but are ${desired.dims.length} and ${actual.dims.length}`);
    const k = desired.dims.findIndex((d, j) => d !== null && actual.dims![j] !== null && d !== actual.dims![j]);
    if (k >= 0) throw shapeError(op, `Dimension ${k} in both shapes must be equal, but are ${desired.dims[k]} and ${actual.dims[k]}. Shapes are ${desired.debugString()} and ${actual.debugString()}.`);
    return [desired.merge_with(actual)];
  },
});

/**
 * `x` with its static shape refined to `shape` (an EnsureShape node): a static mismatch is a ValueError
 * while building, a fed value of another shape an InvalidArgumentError when run.
 * @example const img = tf.ensure_shape(decoded, [null, null, 3])
 */
export const ensure_shape = pythonFunction('ensure_shape', ['x', 'shape', 'name=None'], 2, function ensure_shape(x: TensorLike, shape: ShapeLike, options: { name?: string } = {}): Tensor {
  return opScope(options.name, 'EnsureShape', [x], (scope) => {
    const t = convert_to_tensor(x, { name: 'input' });
    return makeOp('EnsureShape', [t], { T: { type: t.dtype.base_dtype }, shape: { shape: as_shape(shape) } }, scope).outputs[0];
  });
});

/**
 * The common dtype of `tensors` (and `dtype`, if given), which must be floating: float32 when there is none.
 * ValueError when they differ or it is not floating.
 * @example tf.assert_same_float_dtype([x, y])
 */
export const assert_same_float_dtype = pythonFunction('assert_same_float_dtype', ['tensors=None', 'dtype=None'], 0, function assert_same_float_dtype(options: { tensors?: readonly ({ dtype: DType; name?: string } | null)[] | null; dtype?: DTypeLike | null } = {}): DType {
  let dtype: DType | null = options.dtype !== undefined && options.dtype !== null ? as_dtype(options.dtype).base_dtype : null;
  const given = dtype;
  let firstName: string | null = null;
  for (const item of options.tensors ?? []) {
    if (item === null || item === undefined) continue;
    const t = item.dtype.base_dtype;
    if (dtype === null) { dtype = t; firstName = item.name ?? String(item); } else if (dtype !== t) {
      throw new ValueError(`${item.name ?? String(item)}, type=${t}, must be of the same type (${dtype})${given === null && firstName ? ` as ${firstName}` : ''}.`);
    }
  }
  if (dtype === null) return float32;
  if (!dtype.is_floating) throw new ValueError(`Expected floating point type, got ${dtype}.`);
  return dtype;
});
