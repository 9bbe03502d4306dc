/**
 * The raw math ops (TF's gen_math_ops): every math op type's declaration (dtype and shape functions) and
 * one builder per op. array_ops and math_ops both build on this layer; math_ops adds the public API.
 */
import { as_dtype, bool, float32, int64 } from '../framework/dtypes';
import { Operation, Tensor } from '../framework/graph';
import { ValueError } from '../framework/errors';
import { ShapeLike, TensorShape, as_shape, unknown_shape, normalizeAxis } from '../framework/tensor_shape';
import { dtypeOfInput, shapeOfInput, fixedDtypes, broadcastStatic, dtypeFromAttr } from './schema_util';
import { registerOp } from '../framework/graph';
import { DTypeLike, TensorLike, convertSameType, convertIntegerInput, convert_to_tensor, makeOp, opScope } from './op_builder';
import { checkRank, constantInts, constantScalar, mergeShapes, rangeLength, shapeError } from './shape_fns';
import { OpType } from '../framework/op_types';
import { pythonFunction } from '../framework/python_signature';

// ---- declarations -----------------------------------------------------------------------------

/** Binary element-wise op types; comparisons and logical ops produce bool. */
const BINARY_OPS = [
  'Add', 'AddV2', 'Sub', 'Mul', 'RealDiv', 'Div', 'DivNoNan', 'FloorDiv', 'FloorMod', 'Maximum', 'Minimum', 'Pow',
  'SquaredDifference', 'TruncateDiv', 'TruncateMod', 'Atan2', 'Polygamma', 'Zeta', 'Igamma', 'Igammac', 'IgammaGradA', 'Greater', 'GreaterEqual', 'Less', 'LessEqual', 'Equal', 'NotEqual', 'LogicalAnd', 'LogicalOr',
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

const UNARY_OPS = [
  'Neg', 'Square', 'Sqrt', 'Rsqrt', 'Exp', 'Log', 'Log1p', 'Abs', 'Sign', 'Reciprocal', 'Inv', 'Sigmoid', 'Tanh',
  'Floor', 'Ceil', 'Round', 'Rint', 'Sin', 'Cos', 'Tan', 'Asin', 'Acos', 'Atan', 'Sinh', 'Cosh', 'Asinh', 'Acosh', 'Atanh',
  'Erf', 'Erfc', 'Expm1', 'Lgamma', 'Digamma', 'LogicalNot',
] as const;
for (const type of UNARY_OPS) registerOp({ type, outputDtypes: dtypeOfInput(0), inferShapes: shapeOfInput(0) });

/** I_x(a, b): each of a, b and x a scalar or of the one shape the others have. */
registerOp({
  type: 'Betainc',
  outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => {
    const shaped = op.inputs.filter((t) => t.shape.ndims !== 0);
    return [shaped.length === 0 ? [] : mergeShapes(op, shaped)];
  },
});

/** Element-wise tests of a float tensor, bool results. */
for (const type of ['IsNan', 'IsFinite', 'IsInf'] as const) registerOp({ type, outputDtypes: fixedDtypes(bool), inferShapes: shapeOfInput(0) });

registerOp({ type: 'Cast', outputDtypes: dtypeFromAttr('DstT'), inferShapes: shapeOfInput(0) });

/** `num` evenly spaced values from `start` to `stop` inclusive. */
registerOp({
  type: 'LinSpace',
  outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => {
    const [start, stop, num] = op.inputs;
    checkRank(op, start, 0);
    checkRank(op, stop, 0);
    checkRank(op, num, 0);
    const n = constantScalar(num);
    if (n !== null && n <= 0) throw shapeError(op, `Requires num > 0: ${n}`);
    return [[n]];
  },
});

/** TF's MatMulShape, which MatMul and SparseMatMul share. */
const matMulShape = (type: 'MatMul' | 'SparseMatMul') => (op: Operation): ShapeLike[] => {
  const [a, b] = op.inputs;
  const ta = op.get_attr('transpose_a') === true, tb = op.get_attr('transpose_b') === true;
  const where = `for '${op.name}' (op: '${type}') with input shapes: ${a.shape.debugString()}, ${b.shape.debugString()}.`;
  for (const s of [a.shape, b.shape]) {
    if (s.ndims !== null && s.ndims !== 2) throw new ValueError(`Shape must be rank 2 but is rank ${s.ndims} ${where}`);
  }
  const ad = a.shape.dims ?? [null, null], bd = b.shape.dims ?? [null, null];
  const [m, k1] = ta ? [ad[1], ad[0]] : [ad[0], ad[1]];
  const [k2, n] = tb ? [bd[1], bd[0]] : [bd[0], bd[1]];
  if (k1 !== null && k2 !== null && k1 !== k2) throw new ValueError(`Dimensions must be equal, but are ${k1} and ${k2} ${where}`);
  return [[m, n]];
};
registerOp({ type: 'MatMul', outputDtypes: dtypeOfInput(0), inferShapes: matMulShape('MatMul') });
// The sparsity flags are hints for the kernel; the product is float32 whatever the (float32 or bfloat16) inputs.
registerOp({ type: 'SparseMatMul', outputDtypes: () => [float32], inferShapes: matMulShape('SparseMatMul') });

for (const type of ['BatchMatMul', 'BatchMatMulV2'] as const) {
  registerOp({
    type,
    outputDtypes: dtypeOfInput(0),
    inferShapes: (op) => {
      const [x, y] = op.inputs;
      const where = `for '${op.name}' (op: '${type}') with input shapes: ${x.shape.debugString()}, ${y.shape.debugString()}.`;
      if (x.shape.dims === null || y.shape.dims === null) return [null];
      for (const s of [x.shape, y.shape]) if (s.dims!.length < 2) throw new ValueError(`Shape must be at least rank 2 but is rank ${s.dims!.length} ${where}`);
      const ax = op.get_attr('adj_x') === true, ay = op.get_attr('adj_y') === true;
      const [xr, xc] = x.shape.dims.slice(-2), [yr, yc] = y.shape.dims.slice(-2);
      const [m, k1] = ax ? [xc, xr] : [xr, xc];
      const [k2, n] = ay ? [yc, yr] : [yr, yc];
      if (k1 !== null && k2 !== null && k1 !== k2) throw new ValueError(`Dimensions must be equal, but are ${k1} and ${k2} ${where}`);
      let batch;
      try {
        batch = broadcastStatic(new TensorShape(x.shape.dims.slice(0, -2)), new TensorShape(y.shape.dims.slice(0, -2)));
      } catch (e) {
        throw new ValueError(`${(e as Error).message.replace(/\.$/, '')} ${where}`);
      }
      return [[...batch.dims!, m, n]];
    },
  });
}

const REDUCTION_OPS = ['Sum', 'Mean', 'Max', 'Min', 'Prod', 'All', 'Any'] as const;
export type ReductionType = (typeof REDUCTION_OPS)[number];

/** Normalises the reduction axes of `op` against `rank`, with TF's error for an axis out of range. */
function reductionAxes(op: Tensor['op'], axes: readonly number[], rank: number): Set<number> {
  return new Set(axes.map((a) => normalizeAxis(a, rank, () => shapeError(op, `Invalid reduction dimension ${a} for input with ${rank} dimensions.`))));
}

for (const type of REDUCTION_OPS) {
  registerOp({
    type,
    outputDtypes: dtypeOfInput(0),
    inferShapes: (op) => {
      const [x, axesT] = op.inputs;
      checkRank(op, axesT, axesT.shape.ndims === 0 ? 0 : 1);
      const keep = op.get_attr('keep_dims') === true;
      const rank = x.shape.ndims;
      const axes = constantInts(axesT);
      if (rank === null) return [null];
      if (!axes) return [keep ? unknown_shape(rank) : null];
      const reduced = reductionAxes(op, axes, rank);
      return [x.shape.dims!.flatMap((d, i) => (reduced.has(i) ? (keep ? [1] : []) : [d]))];
    },
  });
}

for (const type of ['ArgMax', 'ArgMin'] as const) {
  registerOp({
    type,
    outputDtypes: dtypeFromAttr('output_type'),
    attrDefaults: { output_type: { type: int64 } },
    inferShapes: (op) => {
      const [x, axisT] = op.inputs;
      checkRank(op, axisT, 0);
      const rank = x.shape.ndims, axis = constantScalar(axisT);
      if (rank === null) return [null];
      if (axis === null) return [unknown_shape(Math.max(rank - 1, 0))];
      const at = normalizeAxis(axis, rank, () => shapeError(op, `Expected dimension in the range [${-rank}, ${rank}), but got ${axis}`));
      return [x.shape.dims!.filter((_, i) => i !== at)];
    },
  });
}

registerOp({ type: 'AddN', outputDtypes: dtypeOfInput(0), inferShapes: (op) => [mergeShapes(op, op.inputs)] });
registerOp({
  type: 'AccumulateNV2', outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => [as_shape(mergeShapes(op, op.inputs)).merge_with(as_shape(op.get_attr('shape') as TensorShape))],
});

registerOp({
  type: 'Range',
  outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => {
    for (const t of op.inputs) checkRank(op, t, 0);
    const [s, l, d] = op.inputs.map(constantScalar);
    if (d === 0) throw shapeError(op, 'Requires delta != 0');
    if (s === null || l === null || d === null) return [[null]];
    try {
      return [[rangeLength(s, l, d, op.inputs[0].dtype.is_integer)]];
    } catch (e) {
      throw shapeError(op, (e as Error).message);
    }
  },
});

for (const type of ['Cumsum', 'Cumprod'] as const) {
  registerOp({ type, outputDtypes: dtypeOfInput(0), inferShapes: (op) => { checkRank(op, op.inputs[1], 0); return [op.inputs[0].shape]; } });
}

for (const type of ['UnsortedSegmentSum', 'UnsortedSegmentMax', 'UnsortedSegmentMin', 'UnsortedSegmentProd'] as const) {
  registerOp({
    type,
    outputDtypes: dtypeOfInput(0),
    inferShapes: (op) => {
      const [data, ids, numT] = op.inputs;
      checkRank(op, numT, 0);
      const n = constantScalar(numT);
      if (data.shape.dims === null || ids.shape.dims === null) return [null];
      if (!data.shape.is_compatible_with(ids.shape.concatenate(unknown_shape(data.shape.dims.length - ids.shape.dims.length)))) {
        throw shapeError(op, `data.shape = ${data.shape.debugString()} does not start with segment_ids.shape = ${ids.shape.debugString()}`);
      }
      return [[n, ...data.shape.dims.slice(ids.shape.dims.length)]];
    },
  });
}

/** Bincount(arr, size, weights): size a scalar; the output has `size` entries when it is a constant. */
registerOp({
  type: 'Bincount',
  outputDtypes: (inputs) => [inputs[2].dtype.base_dtype],
  inferShapes: (op) => { checkRank(op, op.inputs[1], 0); return [[constantScalar(op.inputs[1])]]; },
});

/** TF's SegmentReductionShapeFn: ids a vector; the row count (the last id + 1) is known only at run time. */
for (const type of ['SegmentSum', 'SegmentMean', 'SegmentMax', 'SegmentMin', 'SegmentProd'] as const) {
  registerOp({
    type,
    outputDtypes: dtypeOfInput(0),
    inferShapes: (op) => {
      const [data, ids] = op.inputs;
      if (data.shape.ndims !== null && data.shape.ndims < 1) throw shapeError(op, `Shape must be at least rank 1 but is rank ${data.shape.ndims}`);
      // (TF checks ids' length against data's first dimension only when it runs.)
      checkRank(op, ids, 1);
      return data.shape.dims === null ? [null] : [[null, ...data.shape.dims.slice(1)]];
    },
  });
}

/** Complex(real, imag): broadcast like a binary op; Tout complex64 or complex128. */
registerOp({
  type: 'Complex',
  outputDtypes: dtypeFromAttr('Tout'),
  inferShapes: (op) => {
    try {
      return [broadcastStatic(op.inputs[0].shape, op.inputs[1].shape)];
    } catch (e) {
      throw new ValueError(`${(e as Error).message.replace(/\.$/, '')} for '${op.name}' (op: '${op.type}') with input shapes: ${op.inputs[0].shape.debugString()}, ${op.inputs[1].shape.debugString()}.`);
    }
  },
});
/** The parts, angle and modulus of complex values: Tout the real dtype of T. */
for (const type of ['Real', 'Imag', 'Angle', 'ComplexAbs'] as const) registerOp({ type, outputDtypes: dtypeFromAttr('Tout'), inferShapes: shapeOfInput(0) });
registerOp({ type: 'Conj', outputDtypes: dtypeOfInput(0), inferShapes: shapeOfInput(0) });

// ---- builders ---------------------------------------------------------------------------------

/** An element-wise binary op `type` on `x` and `y` converted to one dtype. */
export function genBinary(type: OpType, defaultName: string, x: TensorLike, y: TensorLike, name?: string, inputNames: [string, string] = ['x', 'y']): Tensor {
  return opScope(name, defaultName, [x, y], (scope) => {
    const [a, b] = convertSameType(type, [x, y], inputNames);
    return makeOp(type, [a, b], { T: { type: a.dtype.base_dtype } }, scope).outputs[0];
  });
}

/** An element-wise unary op `type` on `x`. */
export function genUnary(type: OpType, x: TensorLike, name?: string): Tensor {
  return opScope(name, type, [x], (scope) => {
    const t = convert_to_tensor(x, { name: 'x' });
    return makeOp(type, [t], { T: { type: t.dtype.base_dtype } }, scope).outputs[0];
  });
}

/**
 * Casts to `dtype`; returns `x` itself when it already has that dtype.
 * @example tf.cast(tf.constant([1.8, -1.8]), tf.int32) // [1, -1]
 */
export const cast = pythonFunction('cast', ['x', 'dtype', 'name=None'], 2, function cast(x: TensorLike, dtype: DTypeLike, options: { name?: string } = {}): Tensor {
  const to = as_dtype(dtype).base_dtype;
  return opScope(options.name, 'Cast', [x], (scope) => {
    const t = convert_to_tensor(x, { name: 'x' });
    if (t.dtype.base_dtype === to) return t;
    return makeOp('Cast', [t], { SrcT: { type: t.dtype.base_dtype }, DstT: { type: to }, Truncate: { b: false } }, scope).outputs[0];
  });
});

/** @internal A generated reduction op (TF's gen_math_ops._sum etc.): `<Type>/reduction_indices` for plain axes. */
export function genReduction(type: ReductionType, input: TensorLike, axis: TensorLike, keepDims: boolean, name?: string): Tensor {
  return opScope(name, type, [input, axis], (scope) => {
    const t = convert_to_tensor(input, { name: 'input' });
    const a = convertIntegerInput(axis, 'reduction_indices');
    return makeOp(type, [t, a], { keep_dims: { b: keepDims }, T: { type: t.dtype.base_dtype }, Tidx: { type: a.dtype.base_dtype } }, scope).outputs[0];
  });
}

/** @internal gen_math_ops._range: a Range op with `Range/start`, `Range/limit`, `Range/delta` for plain values. */
export function genRange(start: TensorLike, limit: TensorLike, delta: TensorLike, name?: string): Tensor {
  return opScope(name, 'Range', [start, limit, delta], (scope) => {
    const [s, l, d] = convertSameType('Range', [start, limit, delta], ['start', 'limit', 'delta']);
    return makeOp('Range', [s, l, d], { Tidx: { type: s.dtype.base_dtype } }, scope).outputs[0];
  });
}
