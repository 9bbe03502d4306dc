/**
 * Math ops: element-wise unary and binary ops (numpy broadcasting), comparisons, casts and matmul,
 * plus the operator methods on Tensor (`x.add(y)` is Python's `x + y`).
 */
import { DType, as_dtype, bool, float32, float64, int8, int16, int32, uint8, uint16 } from '../framework/dtypes';
import { Tensor } from '../framework/graph';
import { ValueError } from '../framework/errors';
import { registerOp, dtypeOfInput, shapeOfInput, fixedDtypes, broadcastStatic, dtypeFromAttr } from './registry';
import { DTypeLike, TensorLike, convertSameType, convert_to_tensor, makeOp, opScope } from './op_builder';

type Options = { name?: string };

// ---- declarations -----------------------------------------------------------------------------

/** Binary element-wise op types; comparisons and logical ops produce bool. */
export const BINARY_OPS = [
  'Add', 'AddV2', 'Sub', 'Mul', 'RealDiv', 'Div', 'FloorDiv', 'FloorMod', 'Maximum', 'Minimum', 'Pow',
  'SquaredDifference', 'Greater', 'GreaterEqual', 'Less', 'LessEqual', 'Equal', 'NotEqual', 'LogicalAnd', 'LogicalOr',
] as const;
const BOOL_RESULT = new Set(['Greater', 'GreaterEqual', 'Less', 'LessEqual', 'Equal', 'NotEqual', 'LogicalAnd', 'LogicalOr']);

for (const type of BINARY_OPS) {
  registerOp({
    type,
    outputDtypes: BOOL_RESULT.has(type) ? fixedDtypes(bool) : dtypeOfInput(0),
    inferShapes: (op) => {
      try {
        return [broadcastStatic(op.inputs[0].shape, op.inputs[1].shape)];
      } catch (e) {
        throw new ValueError(`${(e as Error).message.replace(/\.$/, '')} for '${op.name}' (op: '${op.type}') with input shapes: ${op.inputs[0].shape.debugString()}, ${op.inputs[1].shape.debugString()}.`);
      }
    },
  });
}

export const UNARY_OPS = [
  'Neg', 'Square', 'Sqrt', 'Rsqrt', 'Exp', 'Log', 'Log1p', 'Abs', 'Sign', 'Reciprocal', 'Inv', 'Sigmoid', 'Tanh',
  'Floor', 'Ceil', 'Round', 'Sin', 'Cos', 'LogicalNot',
] as const;
for (const type of UNARY_OPS) registerOp({ type, outputDtypes: dtypeOfInput(0), inferShapes: shapeOfInput(0) });

registerOp({ type: 'Cast', outputDtypes: dtypeFromAttr('DstT'), inferShapes: shapeOfInput(0) });

registerOp({
  type: 'MatMul',
  outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => {
    const [a, b] = op.inputs;
    const ta = op.get_attr('transpose_a') === true, tb = op.get_attr('transpose_b') === true;
    const where = `for '${op.name}' (op: 'MatMul') with input shapes: ${a.shape.debugString()}, ${b.shape.debugString()}.`;
    for (const s of [a.shape, b.shape]) {
      if (s.ndims !== null && s.ndims !== 2) throw new ValueError(`Shape must be rank 2 but is rank ${s.ndims} ${where}`);
    }
    const ad = a.shape.dims ?? [null, null], bd = b.shape.dims ?? [null, null];
    const [m, k1] = ta ? [ad[1], ad[0]] : [ad[0], ad[1]];
    const [k2, n] = tb ? [bd[1], bd[0]] : [bd[0], bd[1]];
    if (k1 !== null && k2 !== null && k1 !== k2) throw new ValueError(`Dimensions must be equal, but are ${k1} and ${k2} ${where}`);
    return [[m, n]];
  },
});

// ---- builders ---------------------------------------------------------------------------------

function binary(type: string, defaultName: string, x: TensorLike, y: TensorLike, name?: string): Tensor {
  return opScope(name, defaultName, [x, y], (scope) => {
    const [a, b] = convertSameType(type, [x, y], ['x', 'y']);
    return makeOp(type, [a, b], { T: { type: a.dtype.base_dtype } }, scope).outputs[0];
  });
}

function unary(type: string, x: TensorLike, name?: string): Tensor {
  return opScope(name, type, [x], (scope) => {
    const t = convert_to_tensor(x, { name: 'x' });
    return makeOp(type, [t], { T: { type: t.dtype.base_dtype } }, scope).outputs[0];
  });
}

/** x + y, element-wise with broadcasting. @example tf.add(a, b) */
export function add(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return binary('Add', 'Add', x, y, options.name); }
/** x - y, element-wise with broadcasting. */
export function subtract(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return binary('Sub', 'Sub', x, y, options.name); }
/** x * y, element-wise with broadcasting. */
export function multiply(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return binary('Mul', 'Mul', x, y, options.name); }
/** max(x, y) element-wise. */
export function maximum(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return binary('Maximum', 'Maximum', x, y, options.name); }
/** min(x, y) element-wise. */
export function minimum(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return binary('Minimum', 'Minimum', x, y, options.name); }
/** x ** y element-wise. */
export function pow(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return binary('Pow', 'Pow', x, y, options.name); }
/** (x - y)² element-wise. */
export function squared_difference(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return binary('SquaredDifference', 'SquaredDifference', x, y, options.name); }
/** floor(x / y) element-wise. */
export function floordiv(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return binary('FloorDiv', 'floordiv', x, y, options.name); }
/** x mod y with the sign of y. */
export function floormod(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return binary('FloorMod', 'FloorMod', x, y, options.name); }
export const mod = floormod;
/** Python 2 division: floor division for integers, real division for floats. */
export function div(x: TensorLike, y: TensorLike, options: Options = {}): Tensor {
  return opScope(options.name, 'div', [x, y], (scope) => {
    const [a, b] = convertSameType('div', [x, y], ['x', 'y']);
    const type = a.dtype.is_floating || a.dtype.is_complex ? 'RealDiv' : 'FloorDiv';
    return makeOp(type, [a, b], { T: { type: a.dtype.base_dtype } }, scope).outputs[0];
  });
}
/** x / y with Python 3 semantics: integers are cast to floats first. @example tf.truediv(7, 2) // 3.5 */
export function truediv(x: TensorLike, y: TensorLike, options: Options = {}): Tensor {
  return opScope(options.name, 'truediv', [x, y], (scope) => {
    let [a, b] = convertSameType('truediv', [x, y], ['x', 'y']);
    const target = TRUEDIV_TARGET.get(a.dtype.base_dtype);
    if (target) { a = cast(a, target); b = cast(b, target); }
    return makeOp('RealDiv', [a, b], { T: { type: a.dtype.base_dtype } }, scope).outputs[0];
  });
}
const TRUEDIV_TARGET = new Map<DType, DType>([[uint8, float32], [int8, float32], [int16, float32], [uint16, float32], [int32, float64], [as_dtype('int64'), float64]]);
/** x / y (Python's `/`). */
export function divide(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return truediv(x, y, options); }

export function greater(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return binary('Greater', 'Greater', x, y, options.name); }
export function greater_equal(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return binary('GreaterEqual', 'GreaterEqual', x, y, options.name); }
export function less(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return binary('Less', 'Less', x, y, options.name); }
export function less_equal(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return binary('LessEqual', 'LessEqual', x, y, options.name); }
export function equal(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return binary('Equal', 'Equal', x, y, options.name); }
export function not_equal(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return binary('NotEqual', 'NotEqual', x, y, options.name); }
export function logical_and(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return binary('LogicalAnd', 'LogicalAnd', x, y, options.name); }
export function logical_or(x: TensorLike, y: TensorLike, options: Options = {}): Tensor { return binary('LogicalOr', 'LogicalOr', x, y, options.name); }
export function logical_not(x: TensorLike, options: Options = {}): Tensor { return unary('LogicalNot', x, options.name); }

/** -x. */
export function negative(x: TensorLike, options: Options = {}): Tensor { return unary('Neg', x, options.name); }
/** x². */
export function square(x: TensorLike, options: Options = {}): Tensor { return unary('Square', x, options.name); }
export function sqrt(x: TensorLike, options: Options = {}): Tensor { return unary('Sqrt', x, options.name); }
export function rsqrt(x: TensorLike, options: Options = {}): Tensor { return unary('Rsqrt', x, options.name); }
export function exp(x: TensorLike, options: Options = {}): Tensor { return unary('Exp', x, options.name); }
export function log(x: TensorLike, options: Options = {}): Tensor { return unary('Log', x, options.name); }
export function log1p(x: TensorLike, options: Options = {}): Tensor { return unary('Log1p', x, options.name); }
export function abs(x: TensorLike, options: Options = {}): Tensor { return unary('Abs', x, options.name); }
export function sign(x: TensorLike, options: Options = {}): Tensor { return unary('Sign', x, options.name); }
export function reciprocal(x: TensorLike, options: Options = {}): Tensor { return unary('Reciprocal', x, options.name); }
export function sigmoid(x: TensorLike, options: Options = {}): Tensor { return unary('Sigmoid', x, options.name); }
export function tanh(x: TensorLike, options: Options = {}): Tensor { return unary('Tanh', x, options.name); }
export function floor(x: TensorLike, options: Options = {}): Tensor { return unary('Floor', x, options.name); }
export function ceil(x: TensorLike, options: Options = {}): Tensor { return unary('Ceil', x, options.name); }
export function round(x: TensorLike, options: Options = {}): Tensor { return unary('Round', x, options.name); }
export function sin(x: TensorLike, options: Options = {}): Tensor { return unary('Sin', x, options.name); }
export function cos(x: TensorLike, options: Options = {}): Tensor { return unary('Cos', x, options.name); }

/**
 * Casts to `dtype`; returns `x` itself when it already has that dtype.
 * @example tf.cast(tf.constant([1.8, -1.8]), tf.int32) // [1, -1]
 */
export function cast(x: TensorLike, dtype: DTypeLike, options: Options = {}): Tensor {
  const to = as_dtype(dtype).base_dtype;
  return opScope(options.name, 'Cast', [x], (scope) => {
    const t = convert_to_tensor(x, { name: 'x' });
    if (t.dtype.base_dtype === to) return t;
    return makeOp('Cast', [t], { SrcT: { type: t.dtype.base_dtype }, DstT: { type: to }, Truncate: { b: false } }, scope).outputs[0];
  });
}
export function to_float(x: TensorLike, options: Options = {}): Tensor { return cast(x, float32, { name: options.name ?? 'ToFloat' }); }
export function to_int32(x: TensorLike, options: Options = {}): Tensor { return cast(x, int32, { name: options.name ?? 'ToInt32' }); }

/**
 * Matrix product of two rank-2 tensors, optionally transposing either.
 * @example tf.matmul(x, w, {transpose_b: true})
 */
export function matmul(a: TensorLike, b: TensorLike, options: Options & { transpose_a?: boolean; transpose_b?: boolean } = {}): Tensor {
  return opScope(options.name, 'MatMul', [a, b], (scope) => {
    const [x, y] = convertSameType('MatMul', [a, b], ['a', 'b']);
    const attrs = { transpose_a: { b: !!options.transpose_a }, transpose_b: { b: !!options.transpose_b }, T: { type: x.dtype.base_dtype } };
    return makeOp('MatMul', [x, y], attrs, scope).outputs[0];
  });
}

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
