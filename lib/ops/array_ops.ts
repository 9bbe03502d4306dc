/**
 * Array ops: constants, placeholders, identity and shape manipulation.
 */
import { as_dtype } from '../framework/dtypes';
import { Tensor, Graph, get_default_graph } from '../framework/graph';
import { ValueError } from '../framework/errors';
import { ShapeLike, as_shape, normalizeAxis } from '../framework/tensor_shape';
import { NDArray, NestedArray, NumericData, numElements } from '../framework/ndarray';
import { broadcastStatic, dtypeFromAttr, dtypeOfInput, shapeOfInput, attrOf, fixedDtypes } from './schema_util';
import { registerOp } from '../framework/graph';
import { pythonFunction } from '../framework/python_signature';
import {
  DTypeLike, TensorLike, constantFromArray, constantFromValue, convertIntegerInput, convert_to_tensor, isJsNumbers, makeOp, typeAttr,
} from './op_builder';

registerOp({
  type: 'Const',
  outputDtypes: dtypeFromAttr('dtype'),
  inferShapes: (op) => { const v = attrOf(op, 'value'); return 'tensor' in v ? [v.tensor.shape] : [null]; },
});

registerOp({
  type: 'Placeholder',
  outputDtypes: dtypeFromAttr('dtype'),
  inferShapes: (op) => { const v = op.attrs.get('shape'); return [v && 'shape' in v ? v.shape : null]; },
});

registerOp({ type: 'PlaceholderWithDefault', outputDtypes: dtypeFromAttr('dtype'), inferShapes: (op) => { const v = attrOf(op, 'shape'); return ['shape' in v ? v.shape : null]; } });

registerOp({ type: 'Identity', outputDtypes: dtypeOfInput(0), inferShapes: shapeOfInput(0) });

export interface ConstantOptions { dtype?: DTypeLike; shape?: readonly number[]; name?: string; verify_shape?: boolean }

/**
 * A constant tensor. With `shape`, a scalar fills it and a shorter list is padded with its last value.
 * @example tf.constant([[1, 2], [3, 4]], {dtype: tf.float32})
 */
export const constant = pythonFunction('constant', ['value', 'dtype=None', 'shape=None', "name='Const'", 'verify_shape=False'], 1, function constant(value: NDArray | NestedArray | NumericData | number | boolean | string, options: ConstantOptions = {}): Tensor {
  const make = (dtype?: DType) => constantValue(value, dtype, options);
  return constantFromValue(value, options.dtype ? as_dtype(options.dtype) : undefined, options.name ?? 'Const', make);
});

/** tf.constant's value: `value` in `dtype` (its own without), fitted to `shape`. */
function constantValue(value: unknown, dtype: DType | undefined, options: ConstantOptions): NDArray {
  let array = NDArray.from(value, dtype);
  if (options.shape) {
    const shape = [...options.shape];
    const n = numElements(shape);
    if (options.verify_shape && !as_shape(array.shape).equals(shape)) {
      throw new TypeError(`Expected Tensor's shape: ${as_shape(shape)}, got ${as_shape(array.shape)}.`);
    }
    if (array.size === n) array = array.reshape(shape);
    else if (array.size > n) throw new ValueError(`Too many elements provided. Needed at most ${n}, but received ${array.size}`);
    else if (array.size === 0) throw new ValueError(`Cannot create a tensor of shape ${as_shape(shape)} from no values`);
    else array = padWithLast(array, shape);
  }
  return array;
}

function padWithLast(a: NDArray, shape: number[]): NDArray {
  const out = new NDArray(a.dtype, shape);
  const n = out.size, src = a.data, dst = out.data;
  const step = a.dtype.is_complex ? 2 : 1;
  for (let i = 0; i < n; i++) {
    const j = Math.min(i, a.size - 1);
    if (Array.isArray(dst)) dst[i] = (src as Uint8Array[])[j];
    else for (let k = 0; k < step; k++) (dst as NumericData)[i * step + k] = (src as NumericData)[j * step + k];
  }
  return out;
}

/**
 * A value fed at run time; `null` dimensions (or a `null` shape) are unknown.
 * @example const x = tf.placeholder(tf.float32, [null, 3]);
 */
export const placeholder = pythonFunction('placeholder', ['dtype', 'shape=None', 'name=None'], 3, function placeholder(dtype: DTypeLike, shape?: ShapeLike, name?: string): Tensor {
  const attrs = { dtype: { type: as_dtype(dtype).base_dtype }, shape: { shape: as_shape(shape ?? null) } };
  return makeOp('Placeholder', [], attrs, name ?? 'Placeholder', get_default_graph()).outputs[0];
});

/** A placeholder that yields `input` when not fed. */
export const placeholder_with_default = pythonFunction('placeholder_with_default', ['input', 'shape', 'name=None'], 2, function placeholder_with_default(input: TensorLike, shape: ShapeLike, options: { name?: string } = {}): Tensor {
  const t = convert_to_tensor(input);
  const s = as_shape(shape);
  if (!t.shape.is_compatible_with(s)) throw new ValueError(`Shapes ${t.shape} and ${s} are incompatible`);
  return makeOp('PlaceholderWithDefault', [t], { dtype: { type: t.dtype.base_dtype }, shape: { shape: s } }, options.name ?? 'PlaceholderWithDefault').outputs[0];
});

/** Returns a tensor with the same value (an `Identity` node). */
export const identity = pythonFunction('identity', ['input', 'name=None'], 1, function identity(input: TensorLike, options: { name?: string } = {}): Tensor {
  const t = convert_to_tensor(input);
  return makeOp('Identity', [t], { T: { type: t.dtype.base_dtype } }, options.name ?? 'Identity').outputs[0];
});

registerOp({ type: 'GuaranteeConst', outputDtypes: dtypeOfInput(0), inferShapes: shapeOfInput(0) });

/**
 * The input's value, with the promise that it stays constant for the life of the session (TF's GuaranteeConst,
 * a hint for graph rewrites). As in TF 1.15, no gradient is defined for it.
 */
export const guarantee_const = pythonFunction('guarantee_const', ['input', 'name=None'], 1, function guarantee_const(input: TensorLike, options: { name?: string } = {}): Tensor {
  const t = convert_to_tensor(input, { name: 'input' });
  return makeOp('GuaranteeConst', [t], { T: { type: t.dtype.base_dtype } }, options.name ?? 'GuaranteeConst').outputs[0];
});

registerOp({
  type: 'IdentityN',
  outputDtypes: (inputs) => inputs.map((t) => t.dtype.base_dtype),
  inferShapes: (op) => op.inputs.map((t) => t.shape),
});

/**
 * The tensors of `input` passed through one IdentityN node (its outputs in the same order), so that
 * they can share control dependencies or a gradient override.
 * @example const [a2, b2] = tf.identity_n([a, b])
 */
export const identity_n = pythonFunction('identity_n', ['input', 'name=None'], 1, function identity_n(input: readonly TensorLike[], options: { name?: string } = {}): Tensor[] {
  if (!Array.isArray(input) || input.length === 0) throw new ValueError('identity_n expects a non-empty list of tensors');
  const ts = input.map((t) => convert_to_tensor(t));
  return makeOp('IdentityN', ts, { T: { list: { type: ts.map((t) => t.dtype.base_dtype) } } }, options.name ?? 'IdentityN').outputs;
});

/** @internal an Identity in a given graph with given name, no conversion (variables' `read`). */
export function identityOf(t: Tensor, name: string, graph: Graph = t.graph): Tensor {
  return makeOp('Identity', [t], { T: { type: t.dtype.base_dtype } }, name, graph).outputs[0];
}

// =============================================================================================
// Shape manipulation, gathering, masking and indexing (TF's array_ops.py family).
// =============================================================================================
import { DType, bool, int32, int64 } from '../framework/dtypes';
import { AttrValue, Operation } from '../framework/graph';
import { TFTypeError } from '../framework/errors';
import { Dim, TensorShape, unknown_shape } from '../framework/tensor_shape';
import { opScope, isTensorLike, convertSameType } from './op_builder';
import {
  shapeError, withShapeContext, constantInts, constantScalar, constantValueAsShape, checkRank, mergeShapes, checkScatterShapes, mergeError,
} from './shape_fns';
import { planStridedSlice, sliceExtent, stridedSliceMasks, SliceSpecError, StridedSliceMasks } from './slicing';
import { cast, genBinary, genRange, genReduction } from './gen_math_ops';
import { namedList } from './nest';

const intList = (values: readonly number[]): AttrValue => ({ list: { i: [...values] } });
const shapeDebug = (values: readonly number[]) => `[${values.map((v) => (v < 0 ? '?' : v)).join(',')}]`;
const product = (values: readonly number[]) => values.reduce((a, b) => a * b, 1);

// ---- declarations -----------------------------------------------------------------------------

registerOp({
  type: 'Reshape',
  outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => {
    const [x, shapeT] = op.inputs;
    if (shapeT.shape.ndims !== null && shapeT.shape.ndims > 1) throw shapeError(op, `Shape must be rank 1 but is rank ${shapeT.shape.ndims}`);
    const values = constantInts(shapeT);
    if (!values) return [constantValueAsShape(shapeT)];
    const inferred = values.findIndex((v) => v === -1);
    if (values.filter((v) => v === -1).length > 1) throw shapeError(op, `Cannot infer multiple unknown dimensions in shape ${shapeDebug(values)}`);
    const bad = values.findIndex((v) => v < -1);
    if (bad >= 0) throw shapeError(op, `Size ${bad} must be non-negative, not ${values[bad]}`);
    const known = product(values.filter((v) => v !== -1));
    const inElements = x.shape.num_elements();
    const mismatch = () => shapeError(op, `Cannot reshape a tensor with ${inElements} elements to shape ${shapeDebug(values)} (${known} elements)`);
    if (inferred < 0) {
      if (inElements !== null && inElements !== known) throw mismatch();
      return [values];
    }
    const out: Dim[] = values.map((v) => (v === -1 ? null : v));
    if (inElements !== null && known > 0) {
      if (inElements % known !== 0) throw mismatch();
      out[inferred] = inElements / known;
    }
    return [out];
  },
});

registerOp({ type: 'Shape', outputDtypes: dtypeFromAttr('out_type'), inferShapes: (op) => [[op.inputs[0].shape.ndims]] });
registerOp({ type: 'Size', outputDtypes: dtypeFromAttr('out_type'), inferShapes: () => [[]] });
registerOp({ type: 'Rank', outputDtypes: fixedDtypes(int32), inferShapes: () => [[]] });

registerOp({
  type: 'Fill',
  outputDtypes: dtypeOfInput(1),
  inferShapes: (op) => {
    checkRank(op, op.inputs[0], 1);
    checkRank(op, op.inputs[1], 0);
    const dims = constantInts(op.inputs[0]);
    const bad = dims?.find((d) => d < 0);
    if (bad !== undefined) throw shapeError(op, `Fill dimensions must be >= 0`);
    return [constantValueAsShape(op.inputs[0])];
  },
});

/** Ops whose output is their input, for gradients and graph rewriting only. */
for (const type of ['ZerosLike', 'OnesLike', 'StopGradient', 'PreventGradient', 'Snapshot'] as const) {
  registerOp({ type, outputDtypes: dtypeOfInput(0), inferShapes: shapeOfInput(0) });
}

registerOp({
  type: 'ExpandDims',
  outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => {
    const rank = op.inputs[0].shape.ndims;
    const axis = constantScalar(op.inputs[1]);
    if (rank === null) return [null];
    if (axis === null) return [unknown_shape(rank + 1)];
    if (axis < -1 - rank || axis > rank) throw shapeError(op, `Tried to expand dim index ${axis} for tensor with ${rank} dimensions.`);
    const at = axis < 0 ? axis + rank + 1 : axis;
    const dims = [...op.inputs[0].shape.dims!];
    dims.splice(at, 0, 1);
    return [dims];
  },
});

registerOp({
  type: 'Squeeze',
  outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => {
    const s = op.inputs[0].shape;
    if (s.dims === null) return [null];
    const rank = s.dims.length;
    const listed = (op.get_attr('squeeze_dims') as number[]).map((d) => normalizeAxis(d, rank, () => shapeError(op, `Tried to squeeze dim index ${d} for tensor with ${rank} dimensions.`)));
    const out: Dim[] = [];
    for (let i = 0; i < rank; i++) {
      const d = s.dims[i];
      if (listed.length) {
        if (!listed.includes(i)) { out.push(d); continue; }
        if (d !== null && d !== 1) throw shapeError(op, `Can not squeeze dim[${i}], expected a dimension of 1, got ${d}`);
      } else if (d === null) {
        return [null]; // whether it is 1 decides the rank
      } else if (d !== 1) out.push(d);
    }
    return [out];
  },
});

registerOp({
  type: 'Tile',
  outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => {
    const [x, multiplesT] = op.inputs;
    checkRank(op, multiplesT, 1);
    const m = constantInts(multiplesT);
    const rank = x.shape.ndims ?? multiplesT.shape.dims?.[0] ?? null;
    if (x.shape.ndims !== null && m && m.length !== x.shape.ndims) throw shapeError(op, `Dimension must be ${x.shape.ndims} but is ${m.length}`);
    if (rank === null) return [null];
    return [Array.from({ length: rank }, (_, i) => {
      const d = x.shape.dims?.[i] ?? null;
      return d === null || !m ? null : d * m[i];
    })];
  },
});

registerOp({
  type: 'Pack',
  outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => {
    const merged = mergeShapes(op, op.inputs);
    if (merged.dims === null) return [null];
    const rank = merged.dims.length;
    const axis = op.get_attr('axis') as number;
    if (axis < -(rank + 1) || axis > rank) throw shapeError(op, `Invalid axis: ${axis}; must be in [${-(rank + 1)},${rank + 1})`);
    const dims = [...merged.dims];
    dims.splice(axis < 0 ? axis + rank + 1 : axis, 0, op.inputs.length);
    return [dims];
  },
});

registerOp({
  type: 'Unpack',
  outputDtypes: (inputs, attrs) => {
    const num = attrs.get('num');
    return Array<DType>(num && 'i' in num ? num.i : 0).fill(inputs[0].dtype.base_dtype);
  },
  inferShapes: (op) => {
    const s = op.inputs[0].shape, num = op.get_attr('num') as number;
    if (s.dims === null) return Array<null>(num).fill(null);
    const rank = s.dims.length, axis = op.get_attr('axis') as number;
    const at = normalizeAxis(axis, rank, () => shapeError(op, `Invalid axis: ${axis}; must be in [${-rank},${rank})`));
    if (s.dims[at] !== null && s.dims[at] !== num) throw shapeError(op, `Dimension must be ${num} but is ${s.dims[at]}`);
    const dims = s.dims.filter((_, i) => i !== at);
    return Array(num).fill(dims);
  },
});

/** The static shape of a concatenation of `values` along the (constant, if known) `axisT`. */
function concatShape(op: Operation, values: readonly Tensor[], axisT: Tensor): ShapeLike[] {
  const axis = constantScalar(axisT);
  const rank = values.map((v) => v.shape.ndims).find((r) => r !== null) ?? null;
  for (const v of values) {
    if (v.shape.ndims !== null && v.shape.ndims !== rank) {
      throw shapeError(op, `Shape must be rank ${rank} but is rank ${v.shape.ndims}`);
    }
  }
  if (rank === null) return [null];
  if (axis === null) return [unknown_shape(rank)];
  const at = normalizeAxis(axis, rank, () => shapeError(op, `ConcatOp : Expected concatenating dimensions in the range [${-rank}, ${rank}), but got ${axis}`));
  const out: Dim[] = Array<Dim>(rank).fill(null);
  let total: Dim = 0;
  for (const v of values) {
    const dims = v.shape.dims ?? Array<Dim>(rank).fill(null);
    dims.forEach((d, i) => {
      if (i === at) { total = total === null || d === null ? null : total + d; return; }
      if (d !== null && out[i] !== null && out[i] !== d) {
        throw shapeError(op, `Dimension ${i} in both shapes must be equal, but are ${out[i]} and ${d}. Shapes are ${values[0].shape.debugString()} and ${v.shape.debugString()}.`);
      }
      if (d !== null) out[i] = d;
    });
  }
  out[at] = total;
  return [out];
}

registerOp({ type: 'ConcatV2', outputDtypes: dtypeOfInput(0), inferShapes: (op) => concatShape(op, op.inputs.slice(0, -1), op.inputs[op.inputs.length - 1]) });
/** TF ≤ 1.0's concat: the axis comes first (`concat_dim`), as old graphs hold it. */
registerOp({ type: 'Concat', outputDtypes: dtypeOfInput(1), inferShapes: (op) => concatShape(op, op.inputs.slice(1), op.inputs[0]) });

/** Transpose and ConjugateTranspose (the complex conjugate of the transpose) share TF's shape function. */
for (const type of ['Transpose', 'ConjugateTranspose'] as const) registerOp({
  type,
  outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => {
    const [x, permT] = op.inputs;
    checkRank(op, permT, 1);
    const perm = constantInts(permT);
    const rank = x.shape.ndims ?? permT.shape.dims?.[0] ?? null;
    if (rank === null) return [null];
    if (perm && perm.length !== rank) throw shapeError(op, `Dimension must be ${rank} but is ${perm.length}`);
    if (!perm || x.shape.dims === null) return [unknown_shape(rank)];
    return [perm.map((p) => {
      return x.shape.dims![normalizeAxis(p, rank, () => shapeError(op, `perm dim ${p} is out of range of input rank ${rank}`))];
    })];
  },
});

registerOp({
  type: 'Slice',
  outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => {
    const [x, beginT, sizeT] = op.inputs;
    const begin = constantInts(beginT), size = constantInts(sizeT);
    const rank = x.shape.ndims ?? beginT.shape.dims?.[0] ?? sizeT.shape.dims?.[0] ?? null;
    if (rank === null) return [null];
    // A known size with no -1 fixes the output shape whatever the begin (TF's SliceShapeFn).
    if (!begin && size && size.length === rank && size.every((d) => d >= 0)) return [size];
    if (!begin || !size || x.shape.dims === null) return [unknown_shape(rank)];
    if (begin.length !== rank || size.length !== rank) throw shapeError(op, `Shape must be rank ${rank} but is rank ${begin.length}`);
    return [x.shape.dims.map((d, i) => withShapeContext(op, () => sliceExtent(d, begin[i], size[i], i)))];
  },
});

registerOp({
  type: 'StridedSlice',
  outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => {
    const [b, e, s] = op.inputs.slice(1).map(constantInts);
    const dims = op.inputs[0].shape.dims;
    if (!b || !e || !s || dims === null) return [null];
    try {
      return [planStridedSlice(dims, b, e, s, stridedSliceMasks((n) => op.get_attr(n))).shape];
    } catch (err) {
      if (err instanceof SliceSpecError) throw shapeError(op, err.message);
      throw err;
    }
  },
});

registerOp({
  type: 'GatherV2',
  outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => {
    const [params, indices, axisT] = op.inputs;
    const axis = constantScalar(axisT);
    const p = params.shape.dims;
    if (p === null || axis === null || indices.shape.dims === null) return [null];
    const rank = p.length;
    const at = normalizeAxis(axis, rank, () => shapeError(op, `Shape must be at least rank ${(axis < 0 ? -axis : axis + 1)} but is rank ${rank}`));
    return [[...p.slice(0, at), ...indices.shape.dims, ...p.slice(at + 1)]];
  },
});

/** TF's first gather: along axis 0, no axis input (old graphs; `validate_indices` is ignored, as TF's CPU kernel does). */
registerOp({
  type: 'Gather',
  outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => {
    const [params, indices] = op.inputs;
    const p = params.shape.dims;
    if (p === null || indices.shape.dims === null) return [null];
    if (p.length < 1) throw shapeError(op, 'Shape must be at least rank 1 but is rank 0');
    return [[...indices.shape.dims, ...p.slice(1)]];
  },
});

registerOp({ type: 'Where', outputDtypes: fixedDtypes(int64), inferShapes: (op) => [[null, op.inputs[0].shape.ndims]] });

registerOp({
  type: 'Select',
  outputDtypes: dtypeOfInput(1),
  inferShapes: (op) => {
    const [cond, t, e] = op.inputs;
    const out = mergeShapes(op, [t, e]);
    const c = cond.shape;
    if (c.dims === null || out.dims === null || c.dims.length === 0) return [out];
    if (c.dims.length === 1 && out.dims.length > 1) {
      if (c.dims[0] !== null && out.dims[0] !== null && c.dims[0] !== out.dims[0]) {
        throw shapeError(op, `Dimensions must be equal, but are ${c.dims[0]} and ${out.dims[0]}`);
      }
      return [out];
    }
    return [mergeShapes(op, [cond, t]).merge_with(out)];
  },
});

registerOp({
  type: 'OneHot',
  outputDtypes: dtypeOfInput(2),
  inferShapes: (op) => {
    const [indices, depthT] = op.inputs;
    const depth = constantScalar(depthT);
    if (depth !== null && depth < 0) throw shapeError(op, `depth must be non-negative, got: ${depth}`);
    const dims = indices.shape.dims;
    if (dims === null) return [null];
    const axis = op.get_attr('axis') as number;
    if (axis < -1 || axis > dims.length) throw shapeError(op, `Expected axis to be -1 or between [0, ${dims.length + 1}).  But received: ${axis}`);
    const out = [...dims];
    out.splice(axis === -1 ? dims.length : axis, 0, depth);
    return [out];
  },
});

registerOp({
  type: 'BroadcastGradientArgs',
  outputDtypes: dtypeOfInput(0, 2),
  inferShapes: (op) => { checkRank(op, op.inputs[0], 1); checkRank(op, op.inputs[1], 1); return [[null], [null]]; },
});

// ---- builders -------------------------------------------------------------------------------

type NameOption = { name?: string };
type ShapeArg = TensorLike | TensorShape | readonly (number | Tensor)[];

/** Converts a shape argument: an int list or TensorShape to int32 (int64 when too large), tensors as given. */
function shapeArgToTensor(shape: ShapeArg, name: string): Tensor {
  if (shape instanceof TensorShape) {
    if (!shape.is_fully_defined()) throw new ValueError(`Cannot convert a partially known TensorShape to a Tensor: ${shape}`);
    return shapeArgToTensor(shape.toNumbers(), name);
  }
  if (Array.isArray(shape) && shape.some(isTensorLike)) return autopack(shape as readonly TensorLike[], name);
  if (isTensorLike(shape)) return convertIntegerInput(shape, name);
  const values = shape as NestedArray;
  const tooBig = Array.isArray(values) && values.some((v) => typeof v === 'number' && v > 2147483647);
  return convert_to_tensor(values, { dtype: tooBig ? int64 : int32, name });
}

/** TF's conversion of a list holding tensors: a Pack named `name`, plain elements as Consts `<name>/<i>`. */
function autopack(values: readonly TensorLike[], name: string): Tensor {
  const dtype = values.filter(isTensorLike).map((v) => convert_to_tensor(v).dtype.base_dtype)[0];
  return opScope(name, name, values, (scope) => {
    const elems = values.map((v, i) => (isTensorLike(v) ? convert_to_tensor(v) : convert_to_tensor(v, { dtype, name: String(i) })));
    return makeOp('Pack', elems, { N: { i: elems.length }, T: typeAttr(elems[0]), axis: { i: 0 } }, scope).outputs[0];
  });
}

/**
 * Reshapes `tensor` to `shape`; one dimension may be -1 and is inferred.
 * @example tf.reshape(x, [-1, 28, 28, 1])
 */
export const reshape = pythonFunction('reshape', ['tensor', 'shape', 'name=None'], 2, function reshape(tensor: TensorLike, shape: ShapeArg, options: NameOption = {}): Tensor {
  return opScope(options.name, 'Reshape', [tensor, shape], (scope) => {
    const t = convert_to_tensor(tensor, { name: 'tensor' });
    const s = shapeArgToTensor(shape, 'shape');
    return makeOp('Reshape', [t, s], { T: typeAttr(t), Tshape: typeAttr(s) }, scope).outputs[0];
  });
});

/**
 * The dynamic shape of `input` as a 1-D tensor; a Const when the static shape is fully known (as TF does).
 * @example tf.shape(tf.zeros([2, 3])) // [2, 3]
 */
export const shape = pythonFunction('shape', ['input', 'name=None', 'out_type=tf.int32'], 1, shapeInternal);

/** TF's shape_internal: `optimize: false` always builds the Shape op. */
export function shapeInternal(input: TensorLike, options: NameOption & { out_type?: DTypeLike; optimize?: boolean } = {}): Tensor {
  const outType = as_dtype(options.out_type ?? int32);
  return opScope(options.name, 'Shape', [input], (scope) => {
    const t = convert_to_tensor(input);
    if (options.optimize !== false && t.shape.is_fully_defined()) return constant(t.shape.toNumbers(), { dtype: outType, name: scope });
    return makeOp('Shape', [t], { T: typeAttr(t), out_type: { type: outType } }, scope).outputs[0];
  });
}

/** The number of elements of `input` as a scalar. */
export const size = pythonFunction('size', ['input', 'name=None', 'out_type=tf.int32'], 1, function size(input: TensorLike, options: NameOption & { out_type?: DTypeLike; optimize?: boolean } = {}): Tensor {
  const outType = as_dtype(options.out_type ?? int32);
  return opScope(options.name, 'Size', [input], (scope) => {
    const t = convert_to_tensor(input);
    const n = t.shape.num_elements();
    if (options.optimize !== false && n !== null) return constant(n, { dtype: outType, name: scope });
    if (options.optimize !== false && t.shape.dims?.includes(0)) return constant(0, { dtype: outType, name: scope });
    return makeOp('Size', [t], { T: typeAttr(t), out_type: { type: outType } }, scope).outputs[0];
  });
});

/** The rank of `input` as an int32 scalar. */
export const rank = pythonFunction('rank', ['input', 'name=None'], 1, function rank(input: TensorLike, options: NameOption & { optimize?: boolean } = {}): Tensor {
  return opScope(options.name, 'Rank', [input], (scope) => {
    const t = convert_to_tensor(input);
    if (options.optimize !== false && t.shape.ndims !== null) return constant(t.shape.ndims, { dtype: int32, name: scope });
    return makeOp('Rank', [t], { T: typeAttr(t) }, scope).outputs[0];
  });
});

/**
 * A tensor of shape `dims` filled with the scalar `value`.
 * @example tf.fill([2, 3], 9) // [[9, 9, 9], [9, 9, 9]]
 */
export const fill = pythonFunction('fill', ['dims', 'value', 'name=None'], 2, function fill(dims: ShapeArg, value: TensorLike, options: NameOption = {}): Tensor {
  return opScope(options.name, 'Fill', [dims, value], (scope) => {
    const d = shapeArgToTensor(dims, 'dims');
    const v = convert_to_tensor(value, { name: 'value' });
    return makeOp('Fill', [d, v], { T: typeAttr(v), index_type: typeAttr(d) }, scope).outputs[0];
  });
});

/** Zeros or ones as TF builds them: a Const below 1000 elements, else Fill of `shape_as_tensor`. */
function constantFilled(fillValue: 0 | 1, defaultName: string, shapeArg: ShapeArg, dtypeLike: DTypeLike | undefined, name: string | undefined): Tensor {
  const dtype = as_dtype(dtypeLike ?? 'float32').base_dtype;
  const value: number | boolean | string = dtype === bool ? fillValue === 1 : dtype.storage === 'string' ? '' : fillValue;
  return opScope(name, defaultName, [shapeArg], (scope) => {
    let s: Tensor;
    if (isTensorLike(shapeArg)) s = convertIntegerInput(shapeArg, 'shape');
    else if (Array.isArray(shapeArg) && shapeArg.some(isTensorLike)) s = autopack(shapeArg as TensorLike[], 'packed');
    else {
      const dims = shapeArg instanceof TensorShape ? shapeArg : as_shape(shapeArg as number[]);
      const n = dims.num_elements();
      // TF broadcasts the one value to the shape, an empty one included (tf.constant alone refuses that).
      if (n === 0) return constant(new NDArray(dtype, dims.toNumbers()), { name: scope });
      if (n !== null && n < 1000) return constant(value, { dtype, shape: dims.toNumbers(), name: scope });
      s = shapeArgToTensor(dims, 'shape_as_tensor');
    }
    if (s.shape.ndims === null || s.shape.ndims === 0) s = reshape(s, [-1]);
    return fill(s, constant(value, { dtype }), { name: scope });
  });
}

/**
 * A tensor of zeros (float32 unless `dtype` says otherwise).
 * @example tf.zeros([200]) // a Const named `zeros`
 */
export const zeros = pythonFunction('zeros', ['shape', 'dtype=tf.float32', 'name=None'], 3, function zeros(shape: ShapeArg, dtype?: DTypeLike, name?: string): Tensor {
  return constantFilled(0, 'zeros', shape, dtype, name);
});

/** A tensor of ones. @example tf.ones([2, 3], tf.int32) */
export const ones = pythonFunction('ones', ['shape', 'dtype=tf.float32', 'name=None'], 3, function ones(shape: ShapeArg, dtype?: DTypeLike, name?: string): Tensor {
  return constantFilled(1, 'ones', shape, dtype, name);
});

type LikeOptions = NameOption & { dtype?: DTypeLike | null; optimize?: boolean };

/** Zeros with the shape of `tensor`: a Const when the shape is static, else a ZerosLike op. */
export const zeros_like = pythonFunction('zeros_like', ['tensor', 'dtype=None', 'name=None', 'optimize=True'], 1, function zeros_like(tensor: TensorLike, o: LikeOptions = {}): Tensor {
  return opScope(o.name, 'zeros_like', [tensor], (scope) => {
    const t = convert_to_tensor(tensor, { name: 'tensor' });
    const to = o.dtype ? as_dtype(o.dtype).base_dtype : t.dtype.base_dtype;
    if (o.optimize !== false && t.shape.is_fully_defined()) return zeros(t.shape, to, { name: scope });
    if (to !== t.dtype.base_dtype) return zeros(shapeInternal(t, { optimize: o.optimize }), to, { name: scope });
    return makeOp('ZerosLike', [t], { T: typeAttr(t) }, scope).outputs[0];
  });
});

/** Ones with the shape of `tensor` (TF builds `ones_like/Shape`, `ones_like/Const` and a Fill). */
export const ones_like = pythonFunction('ones_like', ['tensor', 'dtype=None', 'name=None', 'optimize=True'], 1, function ones_like(tensor: TensorLike, o: LikeOptions = {}): Tensor {
  return opScope(o.name, 'ones_like', [tensor], (scope) => {
    const t = convert_to_tensor(tensor, { name: 'tensor' });
    const s = shapeInternal(t, { optimize: o.optimize });
    const out = ones(s, o.dtype ?? t.dtype.base_dtype, { name: scope });
    out.set_shape(t.shape);
    return out;
  });
});

/**
 * Inserts a dimension of size 1 at `axis`.
 * @example tf.expand_dims(tf.zeros([2, 3]), 0).shape // (1, 2, 3)
 */
export const expand_dims = pythonFunction('expand_dims', ['input', 'axis=None', 'name=None', 'dim=None'], 2, function expand_dims(input: TensorLike, axis: TensorLike, options: NameOption = {}): Tensor {
  return opScope(options.name, 'ExpandDims', [input, axis], (scope) => {
    const t = convert_to_tensor(input, { name: 'input' });
    const a = convertIntegerInput(axis, 'dim');
    return makeOp('ExpandDims', [t, a], { T: typeAttr(t), Tdim: typeAttr(a) }, scope).outputs[0];
  });
});

/** Removes dimensions of size 1 (all of them, or those listed in `axis`). */
export const squeeze = pythonFunction('squeeze', ['input', 'axis=None', 'name=None', 'squeeze_dims=None'], 2, function squeeze(input: TensorLike, axis?: number | readonly number[] | null, options: NameOption = {}): Tensor {
  const dims = axis === undefined || axis === null ? [] : typeof axis === 'number' ? [axis] : [...axis];
  return opScope(options.name, 'Squeeze', [input], (scope) => {
    const t = convert_to_tensor(input, { name: 'input' });
    return makeOp('Squeeze', [t], { T: typeAttr(t), squeeze_dims: intList(dims) }, scope).outputs[0];
  });
});

/** Repeats `input` `multiples[i]` times along dimension i. @example tf.tile(x, [1, 2]) */
export const tile = pythonFunction('tile', ['input', 'multiples', 'name=None'], 2, function tile(input: TensorLike, multiples: TensorLike, options: NameOption = {}): Tensor {
  return opScope(options.name, 'Tile', [input, multiples], (scope) => {
    const t = convert_to_tensor(input, { name: 'input' });
    const m = convertIntegerInput(multiples, 'multiples');
    return makeOp('Tile', [t, m], { T: typeAttr(t), Tmultiples: typeAttr(m) }, scope).outputs[0];
  });
});

/**
 * Stacks rank-R tensors into one rank-(R+1) tensor along `axis` (a Pack op named `stack`; plain values
 * with axis 0 fold into one Const, as TF does).
 * @example tf.stack([x, y], {axis: 1})
 */
export const stack = pythonFunction('stack', ['values', 'axis=0', "name='stack'"], 1, function stack(values: readonly TensorLike[], options: NameOption & { axis?: number } = {}): Tensor {
  const axis = options.axis ?? 0;
  const name = options.name ?? 'stack';
  if (axis === 0 && !values.some(isTensorLike)) return convert_to_tensor(values as NestedArray, { name });
  if (axis === 0) return autopack(values, name);
  return opScope(name, name, values, (scope) => {
    const elems = convertSameType('Pack', values, values.map((_, i) => `values_${i}`));
    const r = elems[0].shape.ndims;
    if (r !== null && (axis < -(r + 1) || axis >= r + 1)) throw new ValueError(`axis = ${axis} not in [${-(r + 1)}, ${r + 1})`);
    return makeOp('Pack', elems, { N: { i: elems.length }, T: typeAttr(elems[0]), axis: { i: axis } }, scope).outputs[0];
  });
});
export const pack = stack;

/** Splits `value` along `axis` into `num` tensors (num inferred from the static shape when omitted). */
export const unstack = pythonFunction('unstack', ['value', 'num=None', 'axis=0', "name='unstack'"], 1, function unstack(value: TensorLike, options: NameOption & { num?: number; axis?: number } = {}): Tensor[] {
  const axis = options.axis ?? 0;
  return opScope(options.name, 'unstack', [value], (scope) => {
    const t = convert_to_tensor(value);
    let num = options.num;
    if (num === undefined) {
      const dims = t.shape.dims;
      const d = dims === null ? null : dims[axis < 0 ? axis + dims.length : axis];
      if (d === null || d === undefined) throw new ValueError(`Cannot infer num from shape ${t.shape}`);
      num = d;
    }
    return makeOp('Unpack', [t], { num: { i: num }, T: typeAttr(t), axis: { i: axis } }, scope).outputs;
  });
});
export const unpack = unstack;

/**
 * Joins tensors along `axis` (ConcatV2; a single tensor gives an Identity, as in TF).
 * @example tf.concat([a, b], 0)
 */
export const concat = pythonFunction('concat', ['values', 'axis', "name='concat'"], 2, function concat(values: TensorLike | readonly (TensorLike | readonly TensorLike[])[], axis: TensorLike, options: NameOption = {}): Tensor {
  const list = Array.isArray(values) ? (values as (TensorLike | readonly TensorLike[])[]) : [values as TensorLike];
  const name = options.name ?? 'concat';
  if (list.length === 1) {
    return opScope(name, name, list, (scope) => {
      const a = convert_to_tensor(axis, { name: 'concat_dim', dtype: int32 });
      if (a.shape.ndims !== null && a.shape.ndims !== 0) throw new ValueError(`Shape ${a.shape} must have rank 0`);
      return identity(list[0] as TensorLike, { name: scope });
    });
  }
  return opScope(name, name, [...list, axis], (scope) => {
    // A list holding tensors becomes a Pack named `values_<i>`, as TF's autopacking conversion does.
    const packed = list.map((v, i) => (Array.isArray(v) && v.some(isTensorLike) ? autopack(v as TensorLike[], `values_${i}`) : v as TensorLike));
    const elems = convertSameType('ConcatV2', packed, list.map((_, i) => `values_${i}`));
    const a = convertIntegerInput(axis, 'axis');
    return makeOp('ConcatV2', [...elems, a], { N: { i: elems.length }, T: typeAttr(elems[0]), Tidx: typeAttr(a) }, scope).outputs[0];
  });
});

/**
 * Permutes dimensions; by default reverses them (`transpose/perm`, or a Rank/Range sub-graph when the
 * rank is unknown, as TF builds it).
 * @example tf.transpose(x, [1, 0, 2])
 */
export const transpose = pythonFunction('transpose', ['a', 'perm=None', "name='transpose'", 'conjugate=False'], 2, function transpose(a: TensorLike, perm?: TensorLike | null, options: NameOption & { conjugate?: boolean } = {}): Tensor {
  return opScope(options.name ?? 'transpose', 'transpose', [a], (scope) => {
    const t = convert_to_tensor(a, { name: 'a' });
    let p: Tensor;
    if (perm !== undefined && perm !== null) p = convertIntegerInput(perm, 'perm');
    else if (t.shape.ndims) {
      const r = t.shape.ndims;
      p = convert_to_tensor(Array.from({ length: r }, (_, i) => r - 1 - i), { dtype: int32, name: 'perm' });
    } else {
      // TF: perm = (rank - 1) - gen_math_ops._range(0, rank, 1)
      const r = makeOp('Rank', [t], { T: typeAttr(t) }, 'Rank').outputs[0];
      const last = genBinary('Sub', 'Sub', r, 1, 'sub');
      p = genBinary('Sub', 'Sub', last, genRange(0, r, 1), 'sub');
    }
    // A complex tensor with conjugate=True is ConjugateTranspose; for real dtypes conjugating changes nothing.
    const type = options.conjugate && t.dtype.is_complex ? 'ConjugateTranspose' : 'Transpose';
    return makeOp(type, [t, p], { T: typeAttr(t), Tperm: typeAttr(p) }, scope).outputs[0];
  });
});

/** `size[i]` elements from `begin[i]` in every dimension (-1: to the end). @example tf.slice(x, [1, 0], [1, -1]) */
export const slice = pythonFunction('slice', ['input_', 'begin', 'size', 'name=None'], 3, function slice(input_: TensorLike, begin: TensorLike, size_: TensorLike, options: NameOption = {}): Tensor {
  return opScope(options.name, 'Slice', [input_, begin, size_], (scope) => {
    const t = convert_to_tensor(input_, { name: 'input' });
    const [b, s] = convertSameType('Slice', [begin, size_], ['begin', 'size'], int32);
    return makeOp('Slice', [t, b, s], { T: typeAttr(t), Index: typeAttr(b) }, scope).outputs[0];
  });
});

export type StridedSliceOptions = NameOption & Partial<StridedSliceMasks>;

/**
 * Python-style strided slicing with TF's masks.
 * @example tf.strided_slice(x, [0, 1], [2, 3], [1, 1])
 */
export const strided_slice = pythonFunction('strided_slice', ['input_', 'begin', 'end', 'strides=None', 'begin_mask=0', 'end_mask=0', 'ellipsis_mask=0', 'new_axis_mask=0', 'shrink_axis_mask=0', 'var=None', 'name=None'], 4, function strided_slice(input_: TensorLike, begin: TensorLike, end: TensorLike, strides?: TensorLike | null, options: StridedSliceOptions = {}): Tensor {
  // TF makes default strides with ones_like(begin) in the caller's scope, before the op's scope.
  const stridesValue = strides ?? ones_like(isJsNumbers(begin) ? Int32Array.from(begin as number[]) : isTensorLike(begin) ? convertIntegerInput(begin, 'begin') : begin);
  return opScope(options.name, 'StridedSlice', [input_, begin, end, stridesValue], (scope) => {
    const t = convert_to_tensor(input_, { name: 'input' });
    const [b, e, s] = convertSameType('StridedSlice', [begin, end, stridesValue], ['begin', 'end', 'strides'], int32);
    const attrs: Record<string, AttrValue> = { T: typeAttr(t), Index: typeAttr(b) };
    for (const k of ['begin_mask', 'end_mask', 'ellipsis_mask', 'new_axis_mask', 'shrink_axis_mask'] as const) attrs[k] = { i: options[k] ?? 0 };
    return makeOp('StridedSlice', [t, b, e, s], attrs, scope).outputs[0];
  });
});

/** One entry of a Python subscript: an index, a slice, `null` (tf.newaxis) or `'...'` (Ellipsis). */
export type SliceSpec = number | Tensor | null | '...' | { start?: number | Tensor | null; stop?: number | Tensor | null; step?: number | Tensor | null };
export const newaxis = null;

/**
 * Python's `tensor[spec]` (TF's _slice_helper): one StridedSlice named `strided_slice` with packed
 * `strided_slice/stack`, `stack_1`, `stack_2` for begin, end and strides.
 * @example tf.getitem(x, {start: 1}, 0) // x[1:, 0]
 */
export function getitem(tensor: TensorLike, ...spec: SliceSpec[]): Tensor {
  const begin: TensorLike[] = [], end: TensorLike[] = [], strides: TensorLike[] = [];
  const masks: StridedSliceMasks = { begin_mask: 0, end_mask: 0, ellipsis_mask: 0, new_axis_mask: 0, shrink_axis_mask: 0 };
  spec.forEach((s, i) => {
    const b = 1 << i;
    if (s === '...') { begin.push(0); end.push(0); strides.push(1); masks.ellipsis_mask |= b; }
    else if (s === null) { begin.push(0); end.push(0); strides.push(1); masks.new_axis_mask |= b; }
    else if (typeof s === 'number' || s instanceof Tensor) {
      if (s instanceof Tensor && !s.dtype.is_integer) s.graph._retype_weak(s, int32);
      if (s instanceof Tensor && !s.dtype.is_integer) throw new TFTypeError('Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and scalar tf.int32/tf.int64 tensors are valid indices, got ' + String(s));
      begin.push(s); end.push(typeof s === 'number' ? s + 1 : genBinary('Add', 'Add', s, 1)); strides.push(1); masks.shrink_axis_mask |= b;
    } else {
      if (s.start === undefined || s.start === null) { begin.push(0); masks.begin_mask |= b; } else begin.push(s.start);
      if (s.stop === undefined || s.stop === null) { end.push(0); masks.end_mask |= b; } else end.push(s.stop);
      strides.push(s.step ?? 1);
    }
  });
  return opScope(null, 'strided_slice', [tensor, ...begin, ...end, ...strides], (scope) => {
    let packed: Tensor[];
    if (begin.length) {
      packed = [stack(begin), stack(end), stack(strides)];
      if (packed.some((p) => p.dtype.base_dtype === int64)) packed = packed.map((p) => cast(p, int64));
    } else {
      const empty = constant([], { dtype: int32 });
      packed = [empty, empty, empty];
    }
    return strided_slice(tensor, packed[0], packed[1], packed[2], { ...masks, name: scope });
  });
}

/**
 * Gathers slices of `params` along `axis` at `indices` (GatherV2 with `GatherV2/axis`).
 * @example tf.gather(x, [2, 0])
 */
export const gather = pythonFunction('gather', ['params', 'indices', 'validate_indices=None', 'name=None', 'axis=None', 'batch_dims=0'], 2, function gather(params: TensorLike, indices: TensorLike, options: NameOption & { axis?: TensorLike; validate_indices?: boolean; batch_dims?: number } = {}): Tensor {
  const batchDims = options.batch_dims ?? 0;
  return opScope(options.name, 'GatherV2', [params, indices], (scope) => {
    const p = convert_to_tensor(params, { name: 'params' });
    const i = convertIntegerInput(indices, 'indices');
    const a = convertIntegerInput(options.axis ?? batchDims, 'axis');
    return makeOp('GatherV2', [p, i, a], { batch_dims: { i: batchDims }, Tparams: typeAttr(p), Tindices: typeAttr(i), Taxis: typeAttr(a) }, scope).outputs[0];
  });
});

registerOp({
  type: 'GatherNd',
  outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => {
    const [params, indices] = op.inputs;
    if (indices.shape.ndims !== null && indices.shape.ndims < 1) throw shapeError(op, `Shape must be at least rank 1 but is rank ${indices.shape.ndims}`);
    const idx = indices.shape.dims, m = idx?.[idx.length - 1];
    if (idx === null || m === null || m === undefined || params.shape.dims === null) return [null];
    if (m > params.shape.dims.length) throw shapeError(op, `indices.shape[-1] must be <= params.rank, but saw indices shape: ${indices.shape.debugString()} and params shape: ${params.shape.debugString()}`);
    return [[...idx.slice(0, -1), ...params.shape.dims.slice(m)]];
  },
});
registerOp({
  type: 'ScatterNd',
  outputDtypes: dtypeOfInput(1),
  inferShapes: (op) => {
    const [indices, updates, shapeT] = op.inputs;
    checkRank(op, shapeT, 1);
    const out = constantValueAsShape(shapeT);
    checkScatterShapes(op, out, indices.shape, updates.shape, 'output');
    return [out];
  },
});

/**
 * Slices of `params` at the coordinates in the last dimension of `indices` (GatherNd).
 * @example tf.gather_nd([[1, 2], [3, 4]], [[1, 0], [0, 1]])  // [3, 2]
 */
export const gather_nd = pythonFunction('gather_nd', ['params', 'indices', 'name=None', 'batch_dims=0'], 2, function gather_nd(params: TensorLike, indices: TensorLike, options: NameOption & { batch_dims?: number } = {}): Tensor {
  if ((options.batch_dims ?? 0) !== 0) throw new ValueError('gather_nd with batch_dims other than 0 is not supported');
  const p = convert_to_tensor(params, { name: 'params' });
  const i = convertIntegerInput(indices, 'indices');
  return makeOp('GatherNd', [p, i], { Tparams: typeAttr(p), Tindices: typeAttr(i) }, options.name ?? undefined).outputs[0];
});

/**
 * A tensor of `shape`, zeros except `updates` summed in at the coordinates of `indices` (ScatterNd).
 * @example tf.scatter_nd([[1], [3]], [9, 10], [5])  // [0, 9, 0, 10, 0]
 */
export const scatter_nd = pythonFunction('scatter_nd', ['indices', 'updates', 'shape', 'name=None'], 3, function scatter_nd(indices: TensorLike, updates: TensorLike, shape: TensorLike, options: NameOption = {}): Tensor {
  const i = convertIntegerInput(indices, 'indices');
  const u = convert_to_tensor(updates, { name: 'updates' });
  const s = convert_to_tensor(shape, { dtype: i.dtype.base_dtype, name: 'shape' });
  return makeOp('ScatterNd', [i, u, s], { T: typeAttr(u), Tindices: typeAttr(i) }, options.name ?? undefined).outputs[0];
});

/**
 * With one argument, the int64 coordinates of true elements (Where); with three, picks from `x` where
 * `condition` is true and from `y` elsewhere (Select, no broadcasting, as in TF 1.x).
 * @example tf.where(tf.greater(x, 0), x, tf.zeros_like(x))
 */
export const where = pythonFunction('where', ['condition', 'x=None', 'y=None', 'name=None'], 3, function where(condition: TensorLike, x?: TensorLike | null, y?: TensorLike | null, options: NameOption = {}): Tensor {
  if ((x === undefined || x === null) !== (y === undefined || y === null)) throw new ValueError('x and y must both be non-None or both be None.');
  if (x === undefined || x === null) {
    return opScope(options.name, 'Where', [condition], (scope) => {
      const c = convert_to_tensor(condition, { preferred_dtype: bool, name: 'condition' });
      return makeOp('Where', [c], { T: typeAttr(c) }, scope).outputs[0];
    });
  }
  return opScope(options.name, 'Select', [condition, x, y], (scope) => {
    const c = convert_to_tensor(condition, { dtype: bool, name: 'condition' });
    const [t, e] = convertSameType('Select', [x, y!], ['t', 'e']);
    return makeOp('Select', [c, t, e], { T: typeAttr(t) }, scope).outputs[0];
  });
});

/**
 * The elements of `tensor` where `mask` is true, built as TF 1.x builds it: flatten the masked
 * dimensions (Shape, strided_slice, Prod, concat, Reshape), then Where, Squeeze and GatherV2.
 * @example tf.boolean_mask(x, tf.greater(x, 0))
 */
export const boolean_mask = pythonFunction('boolean_mask', ['tensor', 'mask', "name='boolean_mask'", 'axis=None'], 2, function boolean_mask(tensor: TensorLike, mask: TensorLike, options: NameOption & { axis?: number } = {}): Tensor {
  return opScope(options.name ?? 'boolean_mask', 'boolean_mask', [tensor, mask], () => {
    let t = convert_to_tensor(tensor, { name: 'tensor' });
    let m = convert_to_tensor(mask, { name: 'mask' });
    const maskShape = m.shape, ndimsMask = maskShape.ndims;
    const tShape = t.shape;
    if (ndimsMask === 0) throw new ValueError('mask cannot be scalar.');
    if (ndimsMask === null) throw new ValueError('Number of mask dimensions must be specified, even if some dimensions are None.  E.g. shape=[None] is ok, but shape=None is not.');
    const axis = options.axis ?? 0;
    const covered = tShape.dims === null ? new TensorShape(null) : new TensorShape(tShape.dims.slice(axis, axis + ndimsMask));
    covered.assert_is_compatible_with(maskShape);

    const leadingSize = genReduction('Prod', getitem(shape(t), { start: axis, stop: axis + ndimsMask }), [0], false);
    t = reshape(t, concat([getitem(shape(t), { stop: axis }), [leadingSize], getitem(shape(t), { start: axis + ndimsMask })], 0));
    if (tShape.dims !== null) t.set_shape([...tShape.dims.slice(0, axis), covered.num_elements(), ...tShape.dims.slice(axis + ndimsMask)]);
    m = reshape(m, [-1]);
    const indices = squeeze(where(m), [1]);
    return gather(t, indices, { axis });
  });
});

/**
 * One-hot encoding: `on_value` at each index, `off_value` elsewhere, the new axis at `axis` (-1: last).
 * @example tf.one_hot([0, 2], 3) // [[1, 0, 0], [0, 0, 1]]
 */
export const one_hot = pythonFunction('one_hot', ['indices', 'depth', 'on_value=None', 'off_value=None', 'axis=None', 'dtype=None', 'name=None'], 2, function one_hot(indices: TensorLike, depth: TensorLike, options: NameOption & { on_value?: TensorLike; off_value?: TensorLike; axis?: number; dtype?: DTypeLike } = {}): Tensor {
  return opScope(options.name, 'one_hot', [indices, depth, options.on_value, options.off_value], (scope) => {
    const given = [options.on_value, options.off_value].filter((v): v is TensorLike => v !== undefined);
    // TF converts given values once just to learn their dtype (a throwaway Const, kept for identical graphs).
    let dtype = options.dtype ? as_dtype(options.dtype).base_dtype : undefined;
    const givenDtypes = given.map((v) => {
      const t = convert_to_tensor(v);
      if (dtype && t.dtype.base_dtype !== dtype) t.graph._retype_weak(t, dtype);
      return t.dtype.base_dtype;
    });
    for (const d of givenDtypes) {
      if (dtype && d !== dtype) throw new TFTypeError(`dtype ${dtype.name} of on_value or off_value does not match dtype parameter ${d.name}`);
      dtype = d;
    }
    if (givenDtypes.length === 2 && givenDtypes[0] !== givenDtypes[1]) throw new TFTypeError(`dtype ${givenDtypes[0].name} of on_value does not match dtype ${givenDtypes[1].name} of off_value`);
    dtype = dtype ?? as_dtype('float32');
    const on = convert_to_tensor(options.on_value ?? 1, { dtype, name: 'on_value' });
    const off = convert_to_tensor(options.off_value ?? 0, { dtype, name: 'off_value' });
    const i = convertIntegerInput(indices, 'indices');
    const d = convert_to_tensor(depth, { dtype: int32, name: 'depth' });
    return makeOp('OneHot', [i, d, on, off], { T: { type: dtype }, TI: typeAttr(i), axis: { i: options.axis ?? -1 } }, scope).outputs[0];
  });
});

/** The value of `input` with gradients blocked (StopGradient). */
export const stop_gradient = pythonFunction('stop_gradient', ['input', 'name=None'], 1, function stop_gradient(input: TensorLike, options: NameOption = {}): Tensor {
  return opScope(options.name, 'StopGradient', [input], (scope) => {
    const t = convert_to_tensor(input, { name: 'input' });
    return makeOp('StopGradient', [t], { T: typeAttr(t) }, scope).outputs[0];
  });
});


// =============================================================================================
// Ops the gradients of the array ops emit (TF's array_grad.py): Pad, StridedSliceGrad,
// InvertPermutation, ConcatOffset, ShapeN, ListDiff. Each is also a public builder, as in TF.
// =============================================================================================

for (const type of ['Pad', 'PadV2'] as const) {
  registerOp({
    type,
    outputDtypes: dtypeOfInput(0),
    inferShapes: (op) => {
      const [x, paddingsT] = op.inputs;
      const p = paddingsT.shape.dims;
      if (p !== null && (p.length !== 2 || (p[1] !== null && p[1] !== 2))) throw shapeError(op, `Shape must be rank 2 with 2 columns but is ${paddingsT.shape.debugString()}`);
      const rank = x.shape.ndims ?? p?.[0] ?? null;
      if (rank === null) return [null];
      if (p?.[0] !== null && p?.[0] !== undefined && p[0] !== rank) throw shapeError(op, `Dimension must be ${rank} but is ${p[0]}`);
      const pads = constantInts(paddingsT);
      if (!pads || x.shape.dims === null) return [unknown_shape(rank)];
      return [x.shape.dims.map((d, i) => (d === null ? null : d + pads[2 * i] + pads[2 * i + 1]))];
    },
  });
}

registerOp({
  type: 'StridedSliceGrad',
  outputDtypes: dtypeOfInput(4),
  inferShapes: (op) => { checkRank(op, op.inputs[0], 1); return [constantValueAsShape(op.inputs[0])]; },
});

registerOp({ type: 'InvertPermutation', outputDtypes: dtypeOfInput(0), inferShapes: (op) => { checkRank(op, op.inputs[0], 1); return [op.inputs[0].shape]; } });

registerOp({
  type: 'ConcatOffset',
  outputDtypes: (inputs) => inputs.slice(1).map(() => int32),
  inferShapes: (op) => { checkRank(op, op.inputs[0], 0); return op.inputs.slice(1).map((s) => s.shape); },
});

registerOp({
  type: 'ShapeN',
  outputDtypes: (inputs, attrs) => { const t = attrs.get('out_type'); return inputs.map(() => (t && 'type' in t ? t.type : int32)); },
  inferShapes: (op) => op.inputs.map((x) => [x.shape.ndims]),
});

registerOp({
  type: 'ListDiff',
  outputDtypes: (inputs, attrs) => { const t = attrs.get('out_idx'); return [inputs[0].dtype.base_dtype, t && 'type' in t ? t.type : int32]; },
  inferShapes: (op) => { checkRank(op, op.inputs[0], 1); checkRank(op, op.inputs[1], 1); return [[null], [null]]; },
});

/**
 * Pads `tensor` with `paddings[i] = [before, after]` values in dimension i (mode CONSTANT only):
 * a Pad op, or PadV2 when `constant_values` is not 0, as TF builds it.
 * @example tf.pad(x, [[1, 1], [0, 2]])
 */
export const pad = pythonFunction('pad', ['tensor', 'paddings', "mode='CONSTANT'", 'name=None', 'constant_values=0'], 2, function pad(tensor: TensorLike, paddings: TensorLike, options: NameOption & { mode?: 'CONSTANT' | 'constant'; constant_values?: TensorLike } = {}): Tensor {
  const mode = (options.mode ?? 'CONSTANT').toUpperCase();
  if (mode !== 'CONSTANT') throw new ValueError(`Unknown padding mode: ${options.mode}`);
  const cv = options.constant_values ?? 0;
  const plainZero = typeof cv === 'number' && cv === 0;
  const type = plainZero ? 'Pad' : 'PadV2';
  return opScope(options.name, type, [tensor, paddings, ...(plainZero ? [] : [cv])], (scope) => {
    const t = convert_to_tensor(tensor, { name: 'input' });
    const p = convertIntegerInput(paddings, 'paddings');
    const inputs = plainZero ? [t, p] : [t, p, convert_to_tensor(cv, { dtype: t.dtype.base_dtype, name: 'constant_values' })];
    return makeOp(type, inputs, { T: typeAttr(t), Tpaddings: typeAttr(p) }, scope).outputs[0];
  });
});

/** The gradient of StridedSlice: `dy` scattered into zeros of shape `shape` (TF's strided_slice_grad). */
export function strided_slice_grad(shape_: TensorLike, begin: TensorLike, end: TensorLike, strides: TensorLike, dy: TensorLike, options: StridedSliceOptions = {}): Tensor {
  return opScope(options.name, 'StridedSliceGrad', [shape_, begin, end, strides, dy], (scope) => {
    const [s, b, e, st] = convertSameType('StridedSliceGrad', [shape_, begin, end, strides], ['shape', 'begin', 'end', 'strides'], int32);
    const g = convert_to_tensor(dy, { name: 'dy' });
    const attrs: Record<string, AttrValue> = { T: typeAttr(g), Index: typeAttr(s) };
    for (const k of ['begin_mask', 'end_mask', 'ellipsis_mask', 'new_axis_mask', 'shrink_axis_mask'] as const) attrs[k] = { i: options[k] ?? 0 };
    return makeOp('StridedSliceGrad', [s, b, e, st, g], attrs, scope).outputs[0];
  });
}

/** The inverse of a permutation vector: `y[x[i]] = i`. @example tf.invert_permutation([2, 0, 1]) // [1, 2, 0] */
export const invert_permutation = pythonFunction('invert_permutation', ['x', 'name=None'], 1, function invert_permutation(x: TensorLike, options: NameOption = {}): Tensor {
  return opScope(options.name, 'InvertPermutation', [x], (scope) => {
    const t = convertIntegerInput(x, 'x');
    return makeOp('InvertPermutation', [t], { T: typeAttr(t) }, scope).outputs[0];
  });
});

/** Where each of `shape`'s tensors starts in their concatenation along `concat_dim` (ConcatOffset). */
export function concat_offset(concat_dim: TensorLike, shape_: readonly TensorLike[], options: NameOption = {}): Tensor[] {
  return opScope(options.name, 'ConcatOffset', [concat_dim, ...shape_], (scope) => {
    const d = convert_to_tensor(concat_dim, { dtype: int32, name: 'concat_dim' });
    const shapes = shape_.map((s, i) => convert_to_tensor(s, { dtype: int32, name: `shape_${i}` }));
    return makeOp('ConcatOffset', [d, ...shapes], { N: { i: shapes.length } }, scope).outputs;
  });
}

/** The shapes of several tensors at once (ShapeN). */
export const shape_n = pythonFunction('shape_n', ['input', 'out_type=tf.int32', 'name=None'], 1, function shape_n(input: readonly TensorLike[], options: NameOption & { out_type?: DTypeLike } = {}): Tensor[] {
  return opScope(options.name, 'ShapeN', input, (scope) => {
    const ts = convertSameType('ShapeN', input, input.map((_, i) => `input_${i}`));
    const outType = as_dtype(options.out_type ?? int32);
    return makeOp('ShapeN', ts, { N: { i: ts.length }, T: typeAttr(ts[0]), out_type: { type: outType } }, scope).outputs;
  });
});

/** The values of `x` not in `y`, in order, and their positions in `x` (ListDiff). Returns `[out, idx]`. */
export const setdiff1d = pythonFunction('setdiff1d', ['x', 'y', 'index_dtype=tf.int32', 'name=None'], 2, function setdiff1d(x: TensorLike, y: TensorLike, options: NameOption & { index_dtype?: DTypeLike } = {}): [Tensor, Tensor] {
  return opScope(options.name, 'ListDiff', [x, y], (scope) => {
    const [a, b] = convertSameType('ListDiff', [x, y], ['x', 'y']);
    const outs = makeOp('ListDiff', [a, b], { T: typeAttr(a), out_idx: { type: as_dtype(options.index_dtype ?? int32) } }, scope).outputs;
    return [outs[0], outs[1]];
  });
});

// =============================================================================================
// Splitting, reversing, broadcasting, unique values, grids and masks.
// =============================================================================================

/** The shapes of a split along `axis` into pieces of `sizes` (null: unknown). */
function splitShapes(op: Operation, value: Tensor, axis: number | null, sizes: readonly (number | null)[]): (Dim[] | null)[] {
  const dims = value.shape.dims;
  if (dims === null) return sizes.map(() => null);
  if (axis === null) return sizes.map(() => Array<Dim>(dims.length).fill(null));
  const at = normalizeAxis(axis, dims.length, () => shapeError(op, `Dimension must be in range [${-dims.length}, ${dims.length}), but got ${axis}`));
  return sizes.map((s) => dims.map((d, i) => (i === at ? s : d)));
}

registerOp({
  type: 'Split',
  outputDtypes: (inputs, attrs) => { const n = attrs.get('num_split'); return Array<DType>(n && 'i' in n ? n.i : 1).fill(inputs[1].dtype.base_dtype); },
  inferShapes: (op) => {
    const [axisT, value] = op.inputs;
    checkRank(op, axisT, 0);
    const n = op.get_attr('num_split') as number;
    const axis = constantScalar(axisT);
    const rank = value.shape.ndims;
    const along = axis !== null && rank !== null ? value.shape.dims![normalizeAxis(axis, rank, () => shapeError(op, `Dimension must be in range [${-rank}, ${rank}), but got ${axis}`))] : null;
    if (along !== null && along % n !== 0) throw shapeError(op, `Dimension size must be evenly divisible by ${n} but is ${along}`);
    return splitShapes(op, value, axis, Array(n).fill(along === null ? null : along / n));
  },
});

registerOp({
  type: 'SplitV',
  outputDtypes: (inputs, attrs) => { const n = attrs.get('num_split'); return Array<DType>(n && 'i' in n ? n.i : 1).fill(inputs[0].dtype.base_dtype); },
  inferShapes: (op) => {
    const [value, sizesT, axisT] = op.inputs;
    checkRank(op, axisT, 0);
    const n = op.get_attr('num_split') as number;
    const sizes = constantInts(sizesT);
    if (sizesT.shape.dims?.[0] != null && sizesT.shape.dims[0] !== n) {
      throw shapeError(op, `Length of size_splits should be equal to num_split, got ${sizesT.shape.dims[0]} and ${n}`);
    }
    const axis = constantScalar(axisT);
    if (!sizes) return splitShapes(op, value, axis, Array(n).fill(null));
    const rank = value.shape.ndims;
    const along = axis !== null && rank !== null ? value.shape.dims![normalizeAxis(axis, rank, () => shapeError(op, `Dimension must be in range [${-rank}, ${rank}), but got ${axis}`))] : null;
    const unknown = sizes.filter((s) => s === -1).length;
    if (unknown > 1) throw shapeError(op, 'Only one dimensions can have a value of -1. Second one found at dimension ' + sizes.lastIndexOf(-1));
    const known = sizes.filter((s) => s !== -1).reduce((a, b) => a + b, 0);
    const resolved = sizes.map((s) => (s === -1 ? (along === null ? null : along - known) : s));
    if (along !== null && ((unknown === 0 && known !== along) || (unknown === 1 && known > along))) {
      throw shapeError(op, 'Determined shape must either match input shape along split_dim exactly if fully specified, or be less than the size of the input along split_dim if not fully specified.  Got: ' + known);
    }
    return splitShapes(op, value, axis, resolved);
  },
});

registerOp({
  type: 'ReverseV2',
  outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => {
    const [t, axisT] = op.inputs;
    checkRank(op, axisT, 1);
    const rank = t.shape.ndims, axes = constantInts(axisT);
    if (rank !== null && axes) {
      const seen = new Set<number>();
      for (const a of axes) {
        const at = normalizeAxis(a, rank, () => shapeError(op, `'axis'[${axes.indexOf(a)}] = ${a} is out of valid range [0, ${rank - 1}`));
        if (seen.has(at)) throw shapeError(op, `axis ${a} specified more than once.`);
        seen.add(at);
      }
    }
    return [t.shape];
  },
});

/** ReverseV2's form before TF 1.0 (tf.reverse then; graphs of old TF versions): a bool per dimension says which to reverse. */
registerOp({
  type: 'Reverse',
  outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => {
    const [t, dims] = op.inputs;
    checkRank(op, dims, 1);
    const rank = t.shape.ndims, count = dims.shape.ndims === 1 ? dims.shape.dims![0] : null;
    if (rank !== null && count !== null && rank !== count) {
      throw shapeError(op, `'dims' must have the same number of values as 'input' has dimensions: 'input' has ${rank} dimensions, 'dims' has ${count} values`);
    }
    return [t.shape];
  },
});

registerOp({
  type: 'BroadcastTo',
  outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => {
    const [t, shapeT] = op.inputs;
    checkRank(op, shapeT, 1);
    const target = constantValueAsShape(shapeT);
    if (target.dims === null || t.shape.dims === null) return [target];
    if (t.shape.dims.length > target.dims.length) throw shapeError(op, `Rank of input (${t.shape.dims.length}) must be no greater than rank of output shape (${target.dims.length}).`);
    const offset = target.dims.length - t.shape.dims.length;
    t.shape.dims.forEach((d, i) => {
      const o = target.dims![i + offset];
      if (d !== null && o !== null && d !== 1 && d !== o) {
        throw shapeError(op, `Incompatible shapes: ${t.shape.debugString()} vs. ${target.debugString()}`);
      }
    });
    return [target];
  },
});

const outIdx = (attrs: ReadonlyMap<string, AttrValue>): DType => { const o = attrs.get('out_idx'); return o && 'type' in o ? o.type : int32; };
registerOp({
  type: 'Unique',
  outputDtypes: (inputs, attrs) => [inputs[0].dtype.base_dtype, outIdx(attrs)],
  inferShapes: (op) => { checkRank(op, op.inputs[0], 1); return [[null], op.inputs[0].shape]; },
});
registerOp({
  type: 'UniqueWithCounts',
  outputDtypes: (inputs, attrs) => [inputs[0].dtype.base_dtype, outIdx(attrs), outIdx(attrs)],
  inferShapes: (op) => { checkRank(op, op.inputs[0], 1); return [[null], op.inputs[0].shape, [null]]; },
});

/** UnravelIndex: a scalar index gives [len(dims)], a vector of n gives [len(dims), n] (TF's shape function). */
registerOp({
  type: 'UnravelIndex',
  outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => {
    const [indices, dims] = op.inputs;
    checkRank(op, dims, 1);
    const k = dims.shape.dims?.[0] ?? null;
    if (indices.shape.ndims === null) return [null];
    if (indices.shape.ndims === 0) return [[k]];
    return [[k, indices.shape.num_elements()]];
  },
});

/** LowerBound / UpperBound: both inputs 2-D, one row of values per row of sorted inputs; the output has the values' shape. */
for (const type of ['LowerBound', 'UpperBound'] as const) {
  registerOp({
    type,
    outputDtypes: (_inputs, attrs) => { const o = attrs.get('out_type'); return [o && 'type' in o ? o.type : int32]; },
    inferShapes: (op) => { checkRank(op, op.inputs[0], 2); checkRank(op, op.inputs[1], 2); return [op.inputs[1].shape]; },
  });
}

/**
 * Splits `value` along `axis` into `num_or_size_splits` equal pieces (Split) or pieces of the listed
 * sizes, one of which may be -1 (SplitV). As in TF, the sizes are converted to a tensor first (a `Const`
 * outside the `split` scope).
 * @example const [a, b] = tf.split(x, 2, 1); tf.split(x, [4, 15, 11], 1)
 */
export const split = pythonFunction('split', ['value', 'num_or_size_splits', 'axis=0', 'num=None', "name='split'"], 3, function split(value: TensorLike, num_or_size_splits: TensorLike, axis: TensorLike = 0, options: NameOption & { num?: number | null } = {}): Tensor[] {
  const sizeSplits = convertIntegerInput(num_or_size_splits, 'num_or_size_splits', 'Const');
  return opScope(options.name ?? 'split', 'split', [value, sizeSplits, axis], (scope) => {
    if (typeof num_or_size_splits === 'number') {
      if (!Number.isInteger(num_or_size_splits) || num_or_size_splits < 1) throw new ValueError(`num_or_size_splits must be a positive integer, got ${num_or_size_splits}`);
      const d = convert_to_tensor(axis, { dtype: int32, name: 'split_dim' });
      const v = convert_to_tensor(value, { name: 'value' });
      return makeOp('Split', [d, v], { T: typeAttr(v), num_split: { i: num_or_size_splits } }, scope).outputs;
    }
    let num = options.num ?? null;
    if (num === null) num = sizeSplits.shape.ndims === 1 ? sizeSplits.shape.dims![0] : null;
    if (num === null) throw new ValueError(`Cannot infer num from shape ${sizeSplits.shape}`);
    const v = convert_to_tensor(value, { name: 'value' });
    const d = convert_to_tensor(axis, { dtype: int32, name: 'split_dim' });
    return makeOp('SplitV', [v, sizeSplits, d], { T: typeAttr(v), Tlen: typeAttr(sizeSplits), num_split: { i: num } }, scope).outputs;
  });
});

/**
 * Reverses `tensor` along each of `axis` (ReverseV2).
 * @example tf.reverse([[1, 2], [3, 4]], [1]) // [[2, 1], [4, 3]]
 */
export const reverse = pythonFunction('reverse', ['tensor', 'axis', 'name=None'], 2, function reverse(tensor: TensorLike, axis: TensorLike, options: NameOption = {}): Tensor {
  return opScope(options.name, 'ReverseV2', [tensor, axis], (scope) => {
    const t = convert_to_tensor(tensor, { name: 'tensor' });
    const a = convertIntegerInput(axis, 'axis');
    return makeOp('ReverseV2', [t, a], { T: typeAttr(t), Tidx: typeAttr(a) }, scope).outputs[0];
  });
});
export const reverse_v2 = reverse;

/**
 * `input` broadcast to `shape` with numpy's rules (BroadcastTo).
 * @example tf.broadcast_to([1, 2, 3], [2, 3]) // [[1, 2, 3], [1, 2, 3]]
 */
export const broadcast_to = pythonFunction('broadcast_to', ['input', 'shape', 'name=None'], 2, function broadcast_to(input: TensorLike, shape_: ShapeArg, options: NameOption = {}): Tensor {
  return opScope(options.name, 'BroadcastTo', [input, shape_], (scope) => {
    const t = convert_to_tensor(input, { name: 'input' });
    const s = shapeArgToTensor(shape_, 'shape');
    return makeOp('BroadcastTo', [t, s], { T: typeAttr(t), Tidx: typeAttr(s) }, scope).outputs[0];
  });
});

/**
 * The distinct values of a 1-D tensor in order of first appearance, and for each element the index of
 * its value among them (Unique). Returns `[y, idx]`, also named (TF's namedtuple).
 * @example const [y, idx] = tf.unique([1, 1, 2, 4, 4, 4, 7, 8, 8]) // y [1, 2, 4, 7, 8], idx [0, 0, 1, 2, 2, 2, 3, 4, 4]
 */
export const unique = pythonFunction('unique', ['x', 'out_idx=tf.int32', 'name=None'], 1, function unique(x: TensorLike, options: NameOption & { out_idx?: DTypeLike } = {}): [Tensor, Tensor] & { y: Tensor; idx: Tensor } {
  return opScope(options.name, 'Unique', [x], (scope) => {
    const t = convert_to_tensor(x, { name: 'x' });
    const outs = makeOp('Unique', [t], { T: typeAttr(t), out_idx: { type: as_dtype(options.out_idx ?? int32).base_dtype } }, scope).outputs;
    return namedList(['y', 'idx'], [outs[0], outs[1]] as [Tensor, Tensor]);
  });
});

/**
 * Like `unique`, plus how often each distinct value occurs (UniqueWithCounts). Returns `[y, idx, count]`,
 * also named (TF's namedtuple).
 * @example const {y, count} = tf.unique_with_counts([1, 1, 2, 4, 4, 4, 7, 8, 8]) // count [2, 1, 3, 1, 2]
 */
export const unique_with_counts = pythonFunction('unique_with_counts', ['x', 'out_idx=tf.int32', 'name=None'], 1, function unique_with_counts(x: TensorLike, options: NameOption & { out_idx?: DTypeLike } = {}): [Tensor, Tensor, Tensor] & { y: Tensor; idx: Tensor; count: Tensor } {
  return opScope(options.name, 'UniqueWithCounts', [x], (scope) => {
    const t = convert_to_tensor(x, { name: 'x' });
    const outs = makeOp('UniqueWithCounts', [t], { T: typeAttr(t), out_idx: { type: as_dtype(options.out_idx ?? int32).base_dtype } }, scope).outputs;
    return namedList(['y', 'idx', 'count'], [outs[0], outs[1], outs[2]] as [Tensor, Tensor, Tensor]);
  });
});

/**
 * The coordinates of flat `indices` in an array of shape `dims` (UnravelIndex), one row per dimension.
 * @example tf.unravel_index([22, 41, 37], [7, 6]) // [[3, 6, 6], [4, 5, 1]]
 */
export const unravel_index = pythonFunction('unravel_index', ['indices', 'dims', 'name=None'], 2, function unravel_index(indices: TensorLike, dims: TensorLike, options: NameOption = {}): Tensor {
  return opScope(options.name, 'UnravelIndex', [indices, dims], (scope) => {
    const i = convertIntegerInput(indices, 'indices');
    const [, d] = convertSameType('UnravelIndex', [i, dims], ['indices', 'dims']);
    return makeOp('UnravelIndex', [i, d], { Tidx: typeAttr(i) }, scope).outputs[0];
  });
});

/**
 * For each of `values`, where it would go in the sorted last axis of `sorted_sequence` (LowerBound for
 * side 'left', UpperBound for 'right'); leading dimensions pair rows of both.
 * @example tf.searchsorted([0, 3, 9, 9, 10], [2, 9, 11], {side: 'right'}) // [1, 4, 5]
 */
export const searchsorted = pythonFunction('searchsorted', ['sorted_sequence', 'values', "side='left'", 'out_type=tf.int32', 'name=None'], 2, function searchsorted(sorted_sequence: TensorLike, values: TensorLike, options: NameOption & { side?: 'left' | 'right'; out_type?: DTypeLike } = {}): Tensor {
  const side = options.side ?? 'left';
  if (side !== 'left' && side !== 'right') throw new ValueError(`side must be either 'right' or 'left'.  Saw: ${String(side)}.`);
  const type = side === 'right' ? 'UpperBound' : 'LowerBound';
  const [seq, vals] = convertSameType(type, [sorted_sequence, values], ['sorted_inputs', 'values']);
  // As TF: no name scope; the rows are flattened to 2-D around the bound op.
  const a = reshape(seq, [-1, getitem(shapeInternal(seq), -1)]);
  const b = reshape(vals, [-1, getitem(shapeInternal(vals), -1)]);
  const out = makeOp(type, [a, b], { T: typeAttr(a), out_type: { type: as_dtype(options.out_type ?? int32).base_dtype } }, options.name).outputs[0];
  return reshape(out, shapeInternal(vals));
});

/**
 * TF's SpaceToBatchShapeHelper / BatchToSpaceShapeHelper: M block dims after the batch; with constant
 * block_shape and paddings (crops) the spatial sizes are known, else only the ranks.
 */
function spaceBatchShape(op: Operation, toBatch: boolean, input: Tensor, block: Tensor | number[], amounts: Tensor): ShapeLike[] {
  // TF's checks and texts, in its order (core/ops/array_ops.cc).
  if (block instanceof Tensor && block.shape.ndims !== 1) throw shapeError(op, 'block_shape must have rank 1.');
  const m = block instanceof Tensor ? block.shape.dims![0] : block.length;
  if (m === null) throw shapeError(op, 'block_shape must have known size.');
  if (input.shape.ndims !== null && input.shape.ndims < 1 + m) throw shapeError(op, `Shape must be at least rank ${1 + m} but is rank ${input.shape.ndims}`);
  const merge = mergeError(amounts.shape, new TensorShape([m, 2]));
  if (merge) throw shapeError(op, merge);
  const b = block instanceof Tensor ? constantInts(block) : block, a = constantInts(amounts);
  const dims: readonly Dim[] = input.shape.dims ?? [null, ...Array.from({ length: m }, () => null)];
  let batch: Dim = dims[0];
  if (b) {
    for (const bs of b) {
      if (bs < 1) throw shapeError(op, 'block_shape must be positive');
      if (batch === null) continue;
      if (!toBatch && batch % bs !== 0) throw shapeError(op, `Dimension size must be evenly divisible by ${bs} but is ${batch}`);
      batch = toBatch ? batch * bs : batch / bs;
    }
  } else if (m > 0) batch = null;
  const out: Dim[] = [batch, ...Array.from({ length: m }, () => null)];
  if (a) {
    for (let i = 0; i < m; i++) {
      const [start, end] = [a[2 * i], a[2 * i + 1]];
      if (start < 0 || end < 0) throw shapeError(op, toBatch ? 'paddings cannot be negative' : 'crops cannot be negative');
      const d = dims[1 + i];
      if (!b || d === null) continue;
      if (toBatch) {
        const padded = d + start + end;
        if (padded % b[i] !== 0) throw shapeError(op, `Dimension size must be evenly divisible by ${b[i]} but is ${padded}`);
        out[1 + i] = padded / b[i];
      } else {
        let size = d * b[i];
        for (const crop of [start, end]) {
          if (size - crop < 0) throw shapeError(op, `Negative dimension size caused by subtracting ${crop} from ${size}`);
          size -= crop;
        }
        out[1 + i] = size;
      }
    }
  }
  if (input.shape.dims === null) return [null];
  return [[...out, ...input.shape.dims.slice(1 + m)]];
}
registerOp({ type: 'SpaceToBatchND', outputDtypes: dtypeOfInput(0), inferShapes: (op) => spaceBatchShape(op, true, op.inputs[0], op.inputs[1], op.inputs[2]) });
registerOp({ type: 'BatchToSpaceND', outputDtypes: dtypeOfInput(0), inferShapes: (op) => spaceBatchShape(op, false, op.inputs[0], op.inputs[1], op.inputs[2]) });
/** SpaceToBatch / BatchToSpace: the 4-D forms with one block_size attr for both spatial dims. */
for (const [type, toBatch] of [['SpaceToBatch', true], ['BatchToSpace', false]] as const) {
  registerOp({
    type,
    outputDtypes: dtypeOfInput(0),
    inferShapes: (op) => {
      checkRank(op, op.inputs[0], 4);
      const attr = attrOf(op, 'block_size');
      const bs = 'i' in attr ? Number(attr.i) : 0;
      if (bs < 2) throw shapeError(op, `Attr block_size has value ${bs} < 2`);
      return spaceBatchShape(op, toBatch, op.inputs[0], [bs, bs], op.inputs[1]);
    },
  });
}

/**
 * Zero-pads the M spatial dims of `input` by `paddings` and moves each `block_shape` block into the batch
 * (SpaceToBatchND): the output batch is batch * prod(block_shape).
 * @example tf.space_to_batch_nd(x, [2, 2], [[0, 0], [0, 0]]) // [1, 4, 4, 1] -> [4, 2, 2, 1]
 */
export const space_to_batch_nd = pythonFunction('space_to_batch_nd', ['input', 'block_shape', 'paddings', 'name=None'], 3, function space_to_batch_nd(input: TensorLike, block_shape: TensorLike, paddings: TensorLike, options: NameOption = {}): Tensor {
  return opScope(options.name, 'SpaceToBatchND', [input, block_shape, paddings], (scope) => {
    const x = convert_to_tensor(input, { name: 'input' });
    const b = convertIntegerInput(block_shape, 'block_shape'), p = convertIntegerInput(paddings, 'paddings');
    return makeOp('SpaceToBatchND', [x, b, p], { T: typeAttr(x), Tblock_shape: typeAttr(b), Tpaddings: typeAttr(p) }, scope).outputs[0];
  });
});

/**
 * The inverse of space_to_batch_nd: moves batch blocks back into the M spatial dims, then crops them by
 * `crops` (BatchToSpaceND).
 * @example tf.batch_to_space_nd(y, [2, 2], [[0, 0], [0, 0]]) // [4, 2, 2, 1] -> [1, 4, 4, 1]
 */
export const batch_to_space_nd = pythonFunction('batch_to_space_nd', ['input', 'block_shape', 'crops', 'name=None'], 3, function batch_to_space_nd(input: TensorLike, block_shape: TensorLike, crops: TensorLike, options: NameOption = {}): Tensor {
  return opScope(options.name, 'BatchToSpaceND', [input, block_shape, crops], (scope) => {
    const x = convert_to_tensor(input, { name: 'input' });
    const b = convertIntegerInput(block_shape, 'block_shape'), c = convertIntegerInput(crops, 'crops');
    return makeOp('BatchToSpaceND', [x, b, c], { T: typeAttr(x), Tblock_shape: typeAttr(b), Tcrops: typeAttr(c) }, scope).outputs[0];
  });
});

type BlockOptions = NameOption & { block_shape?: number | null };
function blockSize(block_size: number | null | undefined, block_shape: number | null | undefined): number {
  if (block_size != null && block_shape != null) throw new ValueError('Cannot specify both \'block_shape\' and \'block_size\'.');
  const b = block_size ?? block_shape;
  if (b == null) throw new ValueError('Missing block_size or block_shape.');
  return b;
}

/**
 * The 4-D space_to_batch of TF 1.x: SpaceToBatchND with block_shape [block_size, block_size] (int64),
 * its result of rank 4.
 */
export const space_to_batch = pythonFunction('space_to_batch', ['input', 'paddings', 'block_size=None', 'name=None', 'block_shape=None'], 3, function space_to_batch(input: TensorLike, paddings: TensorLike, block_size: number | null = null, options: BlockOptions = {}): Tensor {
  const bs = blockSize(block_size, options.block_shape);
  const result = space_to_batch_nd(input, constant([bs, bs], { dtype: int64 }), paddings, { name: options.name });
  result.set_shape(result.shape.with_rank(4));
  return result;
});

/** The 4-D batch_to_space of TF 1.x (BatchToSpace, block_size an attr). */
export const batch_to_space = pythonFunction('batch_to_space', ['input', 'crops', 'block_size', 'name=None', 'block_shape=None'], 3, function batch_to_space(input: TensorLike, crops: TensorLike, block_size: number | null = null, options: BlockOptions = {}): Tensor {
  const bs = blockSize(block_size, options.block_shape);
  return opScope(options.name, 'BatchToSpace', [input, crops], (scope) => {
    const x = convert_to_tensor(input, { name: 'input' });
    const c = convertIntegerInput(crops, 'crops');
    return makeOp('BatchToSpace', [x, c], { T: typeAttr(x), block_size: { i: bs }, Tidx: typeAttr(c) }, scope).outputs[0];
  });
});

type MeshgridOptions = NameOption & { indexing?: 'xy' | 'ij' };

/**
 * Coordinate grids from 1-D coordinate vectors: with `indexing: 'xy'` (the default) the first two
 * outputs are `[len(y), len(x), ...]`, with `'ij'` every output is `[len(x), len(y), ...]`.
 * @example const [X, Y] = tf.meshgrid([1, 2, 3], [4, 5])
 */
export const meshgrid = pythonFunction('meshgrid', ['*args', "indexing='xy'", 'name=None'], 1, function meshgrid(inputs: readonly TensorLike[], options: MeshgridOptions = {}): Tensor[] {
  const indexing = options.indexing ?? 'xy';
  if (indexing !== 'xy' && indexing !== 'ij') throw new ValueError("indexing parameter must be either 'xy' or 'ij'");
  return opScope(options.name ?? 'meshgrid', 'meshgrid', inputs, () => {
    const ndim = inputs.length;
    const s0 = Array<number>(ndim).fill(1);
    // Each input reshaped to run along its own axis, then multiplied by ones of the full shape.
    let output = inputs.map((x, i) => reshape(convert_to_tensor(x), s0.map((d, j) => (j === i ? -1 : d))));
    const shapes = inputs.map((x) => size(x));
    const outputDtype = convert_to_tensor(inputs[0]).dtype.base_dtype;
    if (indexing === 'xy' && ndim > 1) {
      output[0] = reshape(output[0], [1, -1, ...Array<number>(ndim - 2).fill(1)]);
      output[1] = reshape(output[1], [-1, 1, ...Array<number>(ndim - 2).fill(1)]);
      [shapes[0], shapes[1]] = [shapes[1], shapes[0]];
    }
    const multFact = ones(stack(shapes), outputDtype);
    output = output.map((x) => genBinary('Mul', 'mul', x, multFact, 'mul'));
    return output;
  });
}) as (...args: (TensorLike | MeshgridOptions)[]) => Tensor[];

/**
 * A mask of the first `lengths[i]` positions of each row: `mask[i, j] = j < lengths[i]`, `maxlen`
 * defaulting to the largest length.
 * @example tf.sequence_mask([1, 3, 2], 5) // [[T, F, F, F, F], [T, T, T, F, F], [T, T, F, F, F]]
 */
export const sequence_mask = pythonFunction('sequence_mask', ['lengths', 'maxlen=None', 'dtype=tf.bool', 'name=None'], 2, function sequence_mask(lengths: TensorLike, maxlen?: TensorLike | null, options: NameOption & { dtype?: DTypeLike } = {}): Tensor {
  return opScope(options.name ?? 'SequenceMask', 'SequenceMask', [lengths, maxlen ?? 0], () => {
    const l = convertIntegerInput(lengths, 'lengths', 'Const');
    let max: Tensor;
    if (maxlen === undefined || maxlen === null) {
      const axes = l.shape.ndims !== null ? constant(Int32Array.from({ length: l.shape.ndims }, (_, i) => i)) : genRange(0, rank(l), 1);
      max = genBinary('Maximum', 'Maximum', constant(0, { dtype: l.dtype }), genReduction('Max', l, axes, false));
    } else {
      max = convertIntegerInput(maxlen, 'maxlen', 'Const');
      if (max.shape.ndims !== null && max.shape.ndims !== 0) throw new ValueError(`maxlen must be scalar for sequence_mask, got shape ${max.shape}`);
    }
    const rowVector = genRange(constant(0, { dtype: max.dtype }), max, constant(1, { dtype: max.dtype }));
    const matrix = cast(expand_dims(l, -1), max.dtype);
    const result = genBinary('Less', 'Less', rowVector, matrix);
    const dtype = as_dtype(options.dtype ?? bool).base_dtype;
    return dtype === bool ? result : cast(result, dtype);
  });
});

registerOp({
  type: 'ReverseSequence',
  outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => {
    const [x, lengths] = op.inputs;
    checkRank(op, lengths, 1);
    const seqDim = op.get_attr('seq_dim') as number, batchDim = op.get_attr('batch_dim') as number;
    const r = x.shape.ndims;
    if (r !== null && (seqDim >= r || batchDim >= r)) throw shapeError(op, `seq_dim (${seqDim}) and batch_dim (${batchDim}) must be < input rank (${r})`);
    if (seqDim === batchDim) throw shapeError(op, `seq_dim and batch_dim must not be equal (both ${seqDim})`);
    const b = x.shape.dims?.[batchDim] ?? null, n = lengths.shape.dims?.[0] ?? null;
    if (b !== null && n !== null && b !== n) throw shapeError(op, `Dimensions must be equal, but are ${b} and ${n}`);
    return [x.shape];
  },
  attrDefaults: { batch_dim: { i: 0 } },
});

/**
 * Reverses the first `seq_lengths[b]` entries along `seq_axis` of each slice `b` along `batch_axis`
 * (what bidirectional RNNs do to run the backward direction).
 * @example tf.reverse_sequence([[1, 2, 3], [4, 5, 6]], [2, 3], {seq_axis: 1, batch_axis: 0}) // [[2, 1, 3], [6, 5, 4]]
 */
export const reverse_sequence = pythonFunction('reverse_sequence', ['input', 'seq_lengths', 'seq_axis=None', 'batch_axis=None', 'name=None', 'seq_dim=None', 'batch_dim=None'], 2,
  function reverse_sequence(input: TensorLike, seq_lengths: TensorLike, options: NameOption & { seq_axis?: number; batch_axis?: number; seq_dim?: number; batch_dim?: number } = {}): Tensor {
    return opScope(options.name, 'ReverseSequence', [input, seq_lengths], (scope) => {
      const x = convert_to_tensor(input, { name: 'input' });
      const lengths = convert_to_tensor(seq_lengths, { name: 'seq_lengths' });
      const seqAxis = options.seq_axis ?? options.seq_dim;
      if (seqAxis === undefined) throw new TFTypeError("reverse_sequence() missing the sequence axis: pass seq_axis (or its older name seq_dim)");
      const batchAxis = options.batch_axis ?? options.batch_dim ?? 0;
      return makeOp('ReverseSequence', [x, lengths], { T: typeAttr(x), Tlen: typeAttr(lengths), seq_dim: { i: seqAxis }, batch_dim: { i: batchAxis } }, scope).outputs[0];
    });
  });

registerOp({
  type: 'DynamicStitch',
  outputDtypes: (inputs) => [inputs[inputs.length / 2].dtype.base_dtype],
  inferShapes: (op) => {
    const n = op.inputs.length / 2;
    const [indices, data] = [op.inputs[0], op.inputs[n]];
    if (indices.shape.ndims === null || data.shape.dims === null) return [null];
    return [[null, ...data.shape.dims.slice(indices.shape.ndims)]];
  },
});

/**
 * Interleaves the values of `data` into one tensor: `merged[indices[m][i, ...]] = data[m][i, ...]`
 * (later values win where indices repeat).
 * @example tf.dynamic_stitch([[0, 2], [1]], [[10, 30], [20]]) // [10, 20, 30]
 */
export const dynamic_stitch = pythonFunction('dynamic_stitch', ['indices', 'data', 'name=None'], 2,
  function dynamic_stitch(indices: readonly TensorLike[], data: readonly TensorLike[], options: NameOption = {}): Tensor {
    return opScope(options.name, 'DynamicStitch', [...indices, ...data], (scope) => {
      if (indices.length === 0 || indices.length !== data.length) throw new ValueError(`dynamic_stitch needs as many data tensors as index tensors (at least one), got ${indices.length} and ${data.length}`);
      const idx = indices.map((t) => convert_to_tensor(t, { dtype: int32 }));
      const values = convertSameType('DynamicStitch', data, data.map((_, i) => `data_${i}`));
      return makeOp('DynamicStitch', [...idx, ...values], { N: { i: idx.length }, T: typeAttr(values[0]) }, scope).outputs[0];
    });
  });

/** `data` split into `num_partitions` by the partition index of each of its leading-dims elements. */
registerOp({
  type: 'DynamicPartition',
  outputDtypes: (inputs, attrs) => { const n = attrs.get('num_partitions'); return Array<DType>(n && 'i' in n ? n.i : 1).fill(inputs[0].dtype.base_dtype); },
  inferShapes: (op) => {
    const [data, partitions] = op.inputs;
    const n = op.get_attr('num_partitions') as number;
    if (data.shape.dims === null || partitions.shape.dims === null) return Array(n).fill(null);
    const p = partitions.shape.dims.length;
    if (!data.shape.dims.slice(0, p).every((d, i) => d === null || partitions.shape.dims![i] === null || d === partitions.shape.dims![i])) {
      throw shapeError(op, `data.shape must start with partitions.shape, got data.shape = ${data.shape.debugString()}, partitions.shape = ${partitions.shape.debugString()}`);
    }
    return Array(n).fill([null, ...data.shape.dims.slice(p)]);
  },
});

/**
 * Splits `data` into `num_partitions` tensors: element i (over the dimensions of `partitions`) goes to
 * output `partitions[i]`, in order (DynamicPartition).
 * @example tf.dynamic_partition([10, 20, 30, 40], [0, 1, 0, 1], 2) // [10, 30], [20, 40]
 */
export const dynamic_partition = pythonFunction('dynamic_partition', ['data', 'partitions', 'num_partitions', 'name=None'], 3,
  function dynamic_partition(data: TensorLike, partitions: TensorLike, num_partitions: number, options: NameOption = {}): Tensor[] {
    if (!Number.isInteger(num_partitions) || num_partitions < 1) throw new ValueError(`num_partitions must be at least 1, got ${num_partitions}`);
    return opScope(options.name, 'DynamicPartition', [data, partitions], (scope) => {
      const d = convert_to_tensor(data, { name: 'data' });
      const p = convert_to_tensor(partitions, { dtype: int32, name: 'partitions' });
      return makeOp('DynamicPartition', [d, p], { num_partitions: { i: num_partitions }, T: typeAttr(d) }, scope).outputs;
    });
  });

registerOp({
  type: 'SelectV2',
  outputDtypes: dtypeOfInput(1),
  inferShapes: (op) => withShapeContext(op, () => [broadcastStatic(broadcastStatic(op.inputs[0].shape, op.inputs[1].shape), op.inputs[2].shape)]),
});

/**
 * `x` where `condition` holds, else `y`, all three broadcast against each other (TF 1.15's where_v2,
 * SelectV2); with neither x nor y, the coordinates where `condition` is true.
 * @example tf.where_v2([true, false], tf.constant([[1, 2], [3, 4]]), 0) // [[1, 0], [3, 0]]
 */
export const where_v2 = pythonFunction('where_v2', ['condition', 'x=None', 'y=None', 'name=None'], 3, function where_v2(condition: TensorLike, x?: TensorLike | null, y?: TensorLike | null, options: NameOption = {}): Tensor {
  if (x === undefined || x === null || y === undefined || y === null) return where(condition, x, y, options);
  return opScope(options.name, 'SelectV2', [condition, x, y], (scope) => {
    const c = convert_to_tensor(condition, { dtype: bool, name: 'condition' });
    const [t, e] = convertSameType('SelectV2', [x, y], ['t', 'e']);
    return makeOp('SelectV2', [c, t, e], { T: typeAttr(t) }, scope).outputs[0];
  });
});

registerOp({
  type: 'Roll',
  outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => {
    const [input, shift, axis] = op.inputs;
    if (input.shape.ndims !== null && input.shape.ndims < 1) throw shapeError(op, `Shape must be at least rank 1 but is rank ${input.shape.ndims}`);
    for (const t of [shift, axis]) if (t.shape.ndims !== null && t.shape.ndims > 1) throw shapeError(op, `Shape must be at most rank 1 but is rank ${t.shape.ndims}`);
    const ns = shift.shape.ndims === 1 ? shift.shape.dims![0] : null, na = axis.shape.ndims === 1 ? axis.shape.dims![0] : null;
    if (ns !== null && na !== null && ns !== na) throw shapeError(op, 'shift and axis must have the same size');
    return [input.shape];
  },
});

/**
 * Elements of `input` rotated by `shift` along `axis` (scalars or matching lists; a negative shift rolls
 * the other way, an axis given twice adds its shifts), as numpy's roll does (Roll).
 * @example tf.roll([0, 1, 2, 3, 4], 2, 0) // [3, 4, 0, 1, 2]
 */
export const roll = pythonFunction('roll', ['input', 'shift', 'axis', 'name=None'], 3, function roll(input: TensorLike, shift: TensorLike, axis: TensorLike, options: { name?: string } = {}): Tensor {
  return opScope(options.name, 'Roll', [input, shift, axis], (scope) => {
    const t = convert_to_tensor(input, { name: 'input' });
    const s = convertIntegerInput(shift, 'shift');
    const a = convertIntegerInput(axis, 'axis');
    return makeOp('Roll', [t, s, a], { T: typeAttr(t), Tshift: typeAttr(s), Taxis: typeAttr(a) }, scope).outputs[0];
  });
});
