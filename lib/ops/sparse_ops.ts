/**
 * Sparse ops (TF's sparse_ops.py): `SparseToDense` and `tf.sparse_to_dense`, `tf.sparse_placeholder`, and the
 * ops over SparseTensors.
 */
import { DType, bool, complex128, float32, float64, int32, int64, string as stringDtype } from '../framework/dtypes';
import { AttrValue, Operation, Tensor, registerOp } from '../framework/graph';
import { TFTypeError, ValueError } from '../framework/errors';
import { Dim, ShapeLike, TensorShape } from '../framework/tensor_shape';
import { constantValue, dtypeOfInput } from './schema_util';
import { foldedConstant } from './shape_fns';
import { DTypeLike, TensorLike, convert_to_tensor, convertIntegerInput, makeOp, opScope, typeAttr } from './op_builder';
import { registerNotDifferentiable } from './gradient_util';
import { pythonFunction } from '../framework/python_signature';
import {
  concat, expand_dims, fill, gather, getitem, identity, ones_like, placeholder, reshape, shape, size, transpose, where,
} from './array_ops';
import { add, cast, maximum, range, reduce_max, subtract as sub } from './math_ops';
import { with_dependencies } from './control_flow_ops';
import { assert_equal, assert_less_equal } from './check_ops';
import { SparseTensor, SparseTensorImpl, SparseTensorValue, convert_to_sparse_tensor, is_sparse } from './sparse_tensor';

registerOp({
  type: 'SparseToDense',
  outputDtypes: dtypeOfInput(2),
  inferShapes: (op: Operation): ShapeLike[] => {
    const shape = constantValue(op.inputs[1]);
    if (shape) return [Array.from(shape.values as ArrayLike<number>, Number)];
    const n = op.inputs[1].shape.dims?.[0] ?? null;
    return [n === null ? null : Array<null>(n).fill(null)];
  },
  attrDefaults: { validate_indices: { b: true } },
});
registerNotDifferentiable('SparseToDense');

/**
 * A dense tensor of `output_shape` holding `sparse_values` at `sparse_indices` (a scalar, a vector of
 * positions for a 1-D output, or an [N, rank] matrix) and `default_value` elsewhere. With
 * `validate_indices`, indices must be in bounds, sorted and unique.
 * @example tf.sparse_to_dense([[0, 1], [2, 0]], [3, 2], [5, 6])  // [[0, 5], [0, 0], [6, 0]]
 */
export const sparse_to_dense = pythonFunction('sparse_to_dense', [
  'sparse_indices', 'output_shape', 'sparse_values', 'default_value=0', 'validate_indices=True', 'name=None',
], 4, function sparse_to_dense(sparse_indices: TensorLike, output_shape: TensorLike, sparse_values: TensorLike, default_value: TensorLike = 0,
  options: { validate_indices?: boolean; name?: string } = {}): Tensor {
  return opScope(options.name, 'SparseToDense', [sparse_indices, output_shape, sparse_values, default_value], (scope) => {
    const idx = convert_to_tensor(sparse_indices, { name: 'sparse_indices' });
    const shape = convert_to_tensor(output_shape, { name: 'output_shape', dtype: idx.dtype.base_dtype });
    const values = convert_to_tensor(sparse_values, { name: 'sparse_values' });
    const def = convert_to_tensor(default_value, { name: 'default_value', dtype: values.dtype.base_dtype });
    return makeOp('SparseToDense', [idx, shape, values, def], {
      validate_indices: { b: options.validate_indices ?? true }, T: typeAttr(values), Tindices: typeAttr(idx),
    }, scope).outputs[0];
  });
});

/**
 * A SparseTensor of placeholders, fed with a SparseTensorValue (or `{indices, values, dense_shape}`): `values`
 * [?] of `dtype`, `indices` int64 [?, rank], and `dense_shape` a constant when `shape` is fully known, else an
 * int64 placeholder [rank] (TF names them `<name>/values`, `<name>/indices`, `<name>/shape`).
 * @example const sp = tf.sparse_placeholder(tf.float32); sess.run(tf.sparse.reduce_sum(sp), new Map([[sp, {indices: [[0, 1]], values: [2], dense_shape: [2, 3]}]]));
 */
export const sparse_placeholder = pythonFunction('sparse_placeholder', ['dtype', 'shape=None', 'name=None'], 3, function sparse_placeholder(dtype: DTypeLike, shape?: TensorLike | readonly Dim[] | TensorShape | null, name?: string | null): SparseTensor {
  const shapeName = name ? `${name}/shape` : undefined;
  let denseShape: Tensor | null = null;
  let rank: Dim = null;
  if (shape instanceof Tensor) {
    rank = shape.shape.dims?.[0] ?? null;
    denseShape = convert_to_tensor(shape, { dtype: int64, name: shapeName });
  } else if (shape !== null && shape !== undefined) {
    const dims = shape instanceof TensorShape ? shape.dims : (shape as readonly Dim[]);
    if (dims !== null) {
      rank = dims.length;
      if (!dims.includes(null)) denseShape = convert_to_tensor(dims as number[], { dtype: int64, name: shapeName });
    }
  }
  denseShape ??= placeholder(int64, [rank], shapeName);
  const values = placeholder(dtype, [null], name ? `${name}/values` : undefined);
  const indices = placeholder(int64, [null, rank], name ? `${name}/indices` : undefined);
  return new SparseTensorImpl(indices, values, denseShape);
});

// ---- op declarations ---------------------------------------------------------------------------

const unknownShapes = (n: number) => (): ShapeLike[] => Array<ShapeLike>(n).fill(null);
/** The rank a sparse operand's indices and shape tell (null if neither does). */
function sparseRank(indices: Tensor, denseShape: Tensor): Dim {
  return indices.shape.dims?.[1] ?? denseShape.shape.dims?.[0] ?? null;
}
/** A sparse result's [indices [?, rank], values [?], shape [rank]] shapes. */
const sparseResult = (rank: Dim): ShapeLike[] => [[null, rank], [null], [rank]];

registerOp({
  type: 'SparseTensorDenseMatMul',
  outputDtypes: dtypeOfInput(1),
  inferShapes: (op) => {
    const [, , aShape, b] = op.inputs;
    const adjA = op.get_attr('adjoint_a') === true, adjB = op.get_attr('adjoint_b') === true;
    const bDims = b.shape.with_rank(2).dims!;
    const aDims = constantValue(aShape);
    const a = aDims ? Array.from(aDims.values as ArrayLike<number>, Number) : [null, null];
    return [[adjA ? a[1] : a[0], adjB ? bDims[0] : bDims[1]]];
  },
  attrDefaults: { adjoint_a: { b: false }, adjoint_b: { b: false } },
});
registerOp({ type: 'SparseReorder', outputDtypes: (inputs) => [int64, inputs[1].dtype.base_dtype], inferShapes: (op) => [op.inputs[0].shape, op.inputs[1].shape] });
registerOp({ type: 'SparseReshape', outputDtypes: () => [int64, int64], inferShapes: (op) => { const r = op.inputs[2].shape.dims?.[0] ?? null; return [[op.inputs[0].shape.dims?.[0] ?? null, r], [r]]; } });
registerOp({
  type: 'SparseAdd',
  outputDtypes: (inputs) => [int64, inputs[1].dtype.base_dtype, int64],
  inferShapes: (op) => sparseResult(sparseRank(op.inputs[0], op.inputs[2])),
});
registerOp({ type: 'SparseAddGrad', outputDtypes: (inputs) => [inputs[0].dtype.base_dtype, inputs[0].dtype.base_dtype], inferShapes: (op) => [[op.inputs[1].shape.dims?.[0] ?? null], [op.inputs[2].shape.dims?.[0] ?? null]] });
registerOp({ type: 'SparseTensorDenseAdd', outputDtypes: dtypeOfInput(1), inferShapes: (op) => [op.inputs[3].shape] });
registerOp({
  type: 'SparseConcat',
  outputDtypes: (inputs) => [int64, inputs[inputs.length / 3].dtype.base_dtype, int64],
  inferShapes: (op) => sparseResult(op.inputs[0].shape.dims?.[1] ?? null),
});
registerOp({ type: 'SparseSlice', outputDtypes: (inputs) => [int64, inputs[1].dtype.base_dtype, int64], inferShapes: (op) => sparseResult(sparseRank(op.inputs[0], op.inputs[2])) });
registerOp({ type: 'SparseSliceGrad', outputDtypes: dtypeOfInput(0), inferShapes: (op) => [[op.inputs[1].shape.dims?.[0] ?? null]] });
registerOp({
  type: 'SparseSplit',
  outputDtypes: (inputs, attrs) => {
    const n = (attrs.get('num_split') as { i: number }).i;
    return [...Array(n).fill(int64), ...Array(n).fill(inputs[2].dtype.base_dtype), ...Array(n).fill(int64)];
  },
  inferShapes: (op) => {
    const n = op.get_attr('num_split') as number, rank = sparseRank(op.inputs[1], op.inputs[3]);
    return [...Array(n).fill([null, rank]), ...Array(n).fill([null]), ...Array(n).fill([rank])];
  },
});
for (const type of ['SparseReduceSum', 'SparseReduceMax'] as const) {
  registerOp({ type, outputDtypes: dtypeOfInput(1), inferShapes: unknownShapes(1), attrDefaults: { keep_dims: { b: false } } });
}
for (const type of ['SparseReduceSumSparse', 'SparseReduceMaxSparse'] as const) {
  registerOp({ type, outputDtypes: (inputs) => [int64, inputs[1].dtype.base_dtype, int64], inferShapes: () => sparseResult(null), attrDefaults: { keep_dims: { b: false } } });
  registerNotDifferentiable(type);
}
registerOp({ type: 'SparseSoftmax', outputDtypes: dtypeOfInput(1), inferShapes: (op) => [op.inputs[1].shape] });
for (const type of ['SparseSparseMaximum', 'SparseSparseMinimum'] as const) {
  registerOp({ type, outputDtypes: (inputs) => [int64, inputs[1].dtype.base_dtype], inferShapes: (op) => [[null, sparseRank(op.inputs[0], op.inputs[2])], [null]] });
  registerNotDifferentiable(type);
}
for (const type of ['SparseDenseCwiseAdd', 'SparseDenseCwiseMul', 'SparseDenseCwiseDiv'] as const) {
  registerOp({ type, outputDtypes: dtypeOfInput(1), inferShapes: (op) => [[op.inputs[1].shape.dims?.[0] ?? null]] });
}
registerOp({
  type: 'SparseFillEmptyRows',
  outputDtypes: (inputs) => [int64, inputs[1].dtype.base_dtype, bool, int64],
  inferShapes: (op) => [[null, sparseRank(op.inputs[0], op.inputs[2])], [null], [null], [op.inputs[0].shape.dims?.[0] ?? null]],
});
registerOp({ type: 'SparseFillEmptyRowsGrad', outputDtypes: (inputs) => [inputs[1].dtype.base_dtype, inputs[1].dtype.base_dtype], inferShapes: (op) => [op.inputs[0].shape, []] });
registerNotDifferentiable('SparseFillEmptyRowsGrad');
registerNotDifferentiable('SparseAddGrad');
registerNotDifferentiable('SparseSliceGrad');
registerNotDifferentiable('SparseConcat');
registerNotDifferentiable('SparseReshape');

/** A segment reduction's output: [num segments (unknown unless given as a constant), ...data.shape[1:]]. */
function segmentShape(op: Operation, numSegments: Tensor | null): ShapeLike[] {
  const data = op.inputs[0].shape;
  if (data.dims === null) return [null];
  const n = numSegments ? constantValue(numSegments) : null;
  return [[n ? Number(n.values[0]) : null, ...data.dims.slice(1)]];
}
for (const type of ['SparseSegmentSum', 'SparseSegmentMean', 'SparseSegmentSqrtN'] as const) {
  registerOp({ type, outputDtypes: dtypeOfInput(0), inferShapes: (op) => segmentShape(op, null) });
  registerOp({ type: `${type}WithNumSegments`, outputDtypes: dtypeOfInput(0), inferShapes: (op) => segmentShape(op, op.inputs[3]) });
}
for (const type of ['SparseSegmentMeanGrad', 'SparseSegmentSqrtNGrad'] as const) {
  registerOp({ type, outputDtypes: dtypeOfInput(0), inferShapes: (op) => segmentShape(op, op.inputs[3]) });
  registerNotDifferentiable(type);
}

// ---- builders --------------------------------------------------------------------------------

type SparseLike = SparseTensor | SparseTensorValue;
const sparseOf = (x: unknown): SparseTensor => convert_to_sparse_tensor(x);
const sparseOutput = (op: Operation, first: number, denseShape?: Tensor | number[]): SparseTensor =>
  new SparseTensorImpl(op.outputs[first], op.outputs[first + 1], denseShape ?? op.outputs[first + 2]);
const boolAttr = (b: boolean | undefined, dflt = false): AttrValue => ({ b: b ?? dflt });

/**
 * The dense tensor of a SparseTensor, `default_value` where it has no entry (SparseToDense).
 * @example tf.sparse_tensor_to_dense(tf.SparseTensor([[0, 1]], [5], [2, 2]))  // [[0, 5], [0, 0]]
 */
export const sparse_tensor_to_dense = pythonFunction('sparse_tensor_to_dense', ['sp_input', 'default_value=0', 'validate_indices=True', 'name=None'], 2, function sparse_tensor_to_dense(sp_input: SparseLike, default_value: TensorLike = 0, options: { validate_indices?: boolean; name?: string } = {}): Tensor {
  const sp = sparseOf(sp_input);
  return sparse_to_dense(sp.indices, sp.dense_shape, sp.values, default_value, options);
});

/**
 * The product of a SparseTensor of rank 2 and a dense matrix (SparseTensorDenseMatMul), either side adjointed.
 * @example tf.sparse_tensor_dense_matmul(sp, b, {adjoint_a: true})
 */
export const sparse_tensor_dense_matmul = pythonFunction('sparse_tensor_dense_matmul', ['sp_a', 'b', 'adjoint_a=False', 'adjoint_b=False', 'name=None'], 2, function sparse_tensor_dense_matmul(sp_a: SparseLike, b: TensorLike, options: { adjoint_a?: boolean; adjoint_b?: boolean; name?: string } = {}): Tensor {
  const sp = sparseOf(sp_a);
  return opScope(options.name, 'SparseTensorDenseMatMul', [sp.indices, sp.values, b], () => {
    const dense = convert_to_tensor(b, { name: 'b', dtype: sp.dtype.base_dtype });
    return makeOp('SparseTensorDenseMatMul', [sp.indices, sp.values, sp.dense_shape, dense], {
      T: typeAttr(sp.values), Tindices: typeAttr(sp.indices), adjoint_a: boolAttr(options.adjoint_a), adjoint_b: boolAttr(options.adjoint_b),
    }).outputs[0];
  });
});

/**
 * The sum of two SparseTensors (SparseAdd; a sum whose magnitude is under `threshold` is dropped), or of a
 * SparseTensor and a dense tensor (SparseTensorDenseAdd, a dense result).
 * @example tf.sparse_add(a, b)
 */
export const sparse_add = pythonFunction('sparse_add', ['a', 'b', 'threshold=None', 'thresh=None'], 2, function sparse_add(a: SparseLike | TensorLike, b: SparseLike | TensorLike, options: { threshold?: TensorLike | null; thresh?: TensorLike | null } = {}): SparseTensor | Tensor {
  if (options.threshold != null && options.thresh != null) throw new ValueError('Cannot specify both threshold and thresh');
  const threshold = options.threshold ?? options.thresh ?? 0;
  if (!is_sparse(a) && !is_sparse(b)) throw new TFTypeError('At least one input should be SparseTensor; do you mean to use tf.add()?');
  if (is_sparse(a) && is_sparse(b)) {
    const x = sparseOf(a), y = sparseOf(b);
    const thresh = convert_to_tensor(threshold, { dtype: x.dtype.is_complex ? (x.dtype.base_dtype === complex128 ? float64 : float32) : x.dtype.base_dtype, name: 'thresh' });
    const op = makeOp('SparseAdd', [x.indices, x.values, x.dense_shape, y.indices, y.values, y.dense_shape, thresh], { T: typeAttr(x.values), Treal: typeAttr(thresh) });
    x.get_shape().assert_is_compatible_with(y.get_shape());
    const staticShape = x.get_shape().merge_with(y.get_shape());
    return sparseOutput(op, 0, staticShape.is_fully_defined() ? staticShape.toNumbers() : undefined);
  }
  // The sparse operand first.
  const [sp, dense] = is_sparse(a) ? [sparseOf(a), b as TensorLike] : [sparseOf(b), a as TensorLike];
  const d = convert_to_tensor(dense, { dtype: sp.dtype.base_dtype });
  return makeOp('SparseTensorDenseAdd', [sp.indices, sp.values, sp.dense_shape, d], { T: typeAttr(sp.values), Tindices: typeAttr(sp.indices) }).outputs[0];
});

/**
 * Concatenates SparseTensors along `axis` (SparseConcat); with `expand_nonconcat_dim` the other dimensions
 * grow to the largest of the inputs'.
 * @example tf.sparse_concat(1, [a, b])
 */
export const sparse_concat = pythonFunction('sparse_concat', ['axis', 'sp_inputs', 'name=None', 'expand_nonconcat_dim=False', 'concat_dim=None', 'expand_nonconcat_dims=None'], 2, function sparse_concat(axis: number | null, sp_inputs: readonly SparseLike[], options: { name?: string; expand_nonconcat_dim?: boolean; concat_dim?: number | null; expand_nonconcat_dims?: boolean | null } = {}): SparseTensor {
  if (options.expand_nonconcat_dim !== undefined && options.expand_nonconcat_dims != null) throw new ValueError('Cannot specify both expand_nonconcat_dim and expand_nonconcat_dims');
  const expand = options.expand_nonconcat_dims ?? options.expand_nonconcat_dim ?? false;
  if (axis != null && options.concat_dim != null) throw new ValueError('Cannot specify both axis and concat_dim');
  const dim = axis ?? options.concat_dim;
  if (dim === null || dim === undefined) throw new ValueError('Must specify axis');
  if (!Array.isArray(sp_inputs)) throw new TFTypeError('Inputs must be a list');
  if (sp_inputs.length === 1) return sparseOf(sp_inputs[0]);
  const inputs = sp_inputs.map(sparseOf);
  const inds = inputs.map((s) => s.indices), vals = inputs.map((s) => s.values);
  let shapes = inputs.map((s) => s.dense_shape);
  if (expand) {
    const maxShape = reduce_max(concat(shapes.map((s) => reshape(s, [1, -1])), 0), 0);
    shapes = shapes.map((s) => concat([
      getitem(maxShape, { stop: dim }), dim === -1 ? getitem(s, { start: -1 }) : getitem(s, { start: dim, stop: dim + 1 }),
      ...(dim === -1 ? [] : [getitem(maxShape, { start: dim + 1 })]),
    ], 0));
  }
  const op = makeOp('SparseConcat', [...inds, ...vals, ...shapes], { concat_dim: { i: dim }, N: { i: inputs.length }, T: typeAttr(vals[0]) }, options.name ?? undefined);
  return sparseOutput(op, 0);
});

/**
 * The entries of a SparseTensor in row-major order (SparseReorder), as most sparse ops require.
 * @example tf.sparse_reorder(tf.SparseTensor([[1, 0], [0, 1]], [1, 2], [2, 2]))
 */
export const sparse_reorder = pythonFunction('sparse_reorder', ['sp_input', 'name=None'], 1, function sparse_reorder(sp_input: SparseLike, options: { name?: string } = {}): SparseTensor {
  const sp = sparseOf(sp_input);
  const op = makeOp('SparseReorder', [sp.indices, sp.values, sp.dense_shape], { T: typeAttr(sp.values) }, options.name ?? undefined);
  const known = sp.get_shape();
  return new SparseTensorImpl(op.outputs[0], op.outputs[1], known.is_fully_defined() ? known.toNumbers() : identity(sp.dense_shape));
});

/**
 * The same entries under a new dense shape (SparseReshape; one dimension may be -1).
 * @example tf.sparse_reshape(sp, [-1, 2])
 */
export const sparse_reshape = pythonFunction('sparse_reshape', ['sp_input', 'shape', 'name=None'], 2, function sparse_reshape(sp_input: SparseLike, shape: TensorLike, options: { name?: string } = {}): SparseTensor {
  const sp = sparseOf(sp_input);
  const newShape = cast(shape, int64);
  return opScope(options.name, 'SparseReshape', [sp.indices, sp.values, sp.dense_shape], (scope) => {
    const op = makeOp('SparseReshape', [sp.indices, sp.dense_shape, newShape], {}, scope);
    let outShape: Tensor | number[] = op.outputs[1];
    const requested = foldedConstant(newShape);
    if (requested && sp.get_shape().is_fully_defined()) {
      const dims = Array.from(requested.values as ArrayLike<number>, Number);
      const implied = dims.filter((d) => d === -1).length;
      if (implied > 1) throw new ValueError(`At most one dimension can be inferred (-1). Found: [${dims.join(' ')}]`);
      const inSize = sp.get_shape().toNumbers().reduce((a, d) => a * d, 1);
      const resolved = [...dims];
      if (implied) { const at = dims.indexOf(-1); resolved[at] = Math.floor(inSize / dims.filter((_, i) => i !== at).reduce((a, d) => a * d, 1)); }
      const outSize = resolved.reduce((a, d) => a * d, 1);
      if (outSize !== inSize) throw new ValueError(`Cannot reshape a tensor with ${inSize} elements to shape [${dims.join(', ')}] (${outSize} elements).`);
      outShape = resolved;
    }
    return new SparseTensorImpl(op.outputs[0], identity(sp.values), outShape);
  });
});

/**
 * The entries where `to_retain` (a bool vector, one per value) is true.
 * @example tf.sparse_retain(sp, [true, false, true])
 */
export const sparse_retain = pythonFunction('sparse_retain', ['sp_input', 'to_retain'], 2, function sparse_retain(sp_input: SparseLike, to_retain: TensorLike): SparseTensor {
  const sp = sparseOf(sp_input);
  const keep = convert_to_tensor(to_retain, { dtype: bool });
  const retainShape = keep.shape;
  retainShape.with_rank(1);
  if (sp.values.shape.dims?.[0] != null) retainShape.assert_is_compatible_with(sp.values.shape);
  const whereTrue = reshape(where(keep), [-1]);
  return new SparseTensorImpl(gather(sp.indices, whereTrue), gather(sp.values, whereTrue), identity(sp.dense_shape));
});

/**
 * The entries inside the box `start`..`start + size` (clipped to the shape), shifted to start at 0 (SparseSlice).
 * @example tf.sparse_slice(sp, [0, 0], [2, 4])
 */
export const sparse_slice = pythonFunction('sparse_slice', ['sp_input', 'start', 'size', 'name=None'], 3, function sparse_slice(sp_input: SparseLike, start: TensorLike, size: TensorLike, options: { name?: string } = {}): SparseTensor {
  const sp = sparseOf(sp_input);
  const b = convert_to_tensor(start, { dtype: int64 }), s = convert_to_tensor(size, { dtype: int64 });
  return opScope(options.name, 'SparseSlice', [sp.indices, sp.values, sp.dense_shape], (scope) =>
    sparseOutput(makeOp('SparseSlice', [sp.indices, sp.values, sp.dense_shape, b, s], { T: typeAttr(sp.values) }, scope), 0));
});

/**
 * `num_split` SparseTensors along `axis` (SparseSplit; the first `dim % num_split` parts are one longer).
 * Keyword arguments only, as in TF: `tf.sparse_split({sp_input, num_split: 2, axis: 1})`.
 */
export const sparse_split = pythonFunction('sparse_split', ['keyword_required=KeywordRequired()', 'sp_input=None', 'num_split=None', 'axis=None', 'name=None', 'split_dim=None'], 0, function sparse_split(options: { keyword_required?: unknown; sp_input?: SparseLike | null; num_split?: number | null; axis?: number | null; name?: string; split_dim?: number | null } = {}): SparseTensor[] {
  if (options.keyword_required !== undefined) throw new ValueError('Keyword arguments are required for this function.');
  if (options.sp_input == null) throw new ValueError('sp_input is required');
  if (options.num_split == null) throw new ValueError('num_split is required');
  if (options.axis != null && options.split_dim != null) throw new ValueError('Cannot specify both axis and split_dim');
  const axis = options.axis ?? options.split_dim;
  if (axis == null) throw new ValueError('axis is required');
  const sp = sparseOf(options.sp_input);
  const n = options.num_split;
  const dim = convert_to_tensor(axis, { dtype: int64 });
  const op = makeOp('SparseSplit', [dim, sp.indices, sp.values, sp.dense_shape], { num_split: { i: n }, T: typeAttr(sp.values) }, options.name ?? undefined);
  return Array.from({ length: n }, (_, i) => new SparseTensorImpl(op.outputs[i], op.outputs[n + i], op.outputs[2 * n + i]));
});

/**
 * The SparseTensor with its dimensions permuted (`perm`, default reversed), its entries reordered.
 * @example tf.sparse_transpose(sp)  // [m, n] → [n, m]
 */
export const sparse_transpose = pythonFunction('sparse_transpose', ['sp_input', 'perm=None', 'name=None'], 2, function sparse_transpose(sp_input: SparseLike, perm?: TensorLike | null, options: { name?: string } = {}): SparseTensor {
  const sp = sparseOf(sp_input);
  return opScope(options.name, 'SparseTranspose', [sp.indices, sp.values, sp.dense_shape], () => {
    let p: Tensor;
    if (perm === undefined || perm === null) {
      const r = sparseRankTensor(sp);
      p = sub(sub(r, 1), range(0, r, 1));
    } else p = convert_to_tensor(perm);
    const transposedIndices = transpose(gather(transpose(sp.indices), p));
    const permValue = foldedConstant(p);
    let denseShape: Tensor | number[];
    if (permValue && sp.get_shape().is_fully_defined()) {
      const old = sp.get_shape().toNumbers();
      denseShape = Array.from(permValue.values as ArrayLike<number>, (q) => old[Number(q)]);
    } else denseShape = gather(sp.dense_shape, p);
    return sparse_reorder(new SparseTensorImpl(transposedIndices, sp.values, denseShape));
  });
});

/** The rank of a SparseTensor as an int32 tensor (a constant when its dense_shape's length is known). */
function sparseRankTensor(sp: SparseTensor): Tensor {
  const n = sp.dense_shape.shape.dims?.[0];
  return n !== null && n !== undefined ? convert_to_tensor(n, { dtype: int32 }) : size(sp.dense_shape);
}

/** TF's _ReductionDims for a SparseTensor: the given axes, or all of its dimensions. */
function sparseReductionAxes(sp: SparseTensor, axis: TensorLike | null | undefined): Tensor {
  if (axis !== null && axis !== undefined) return convert_to_tensor(axis, { dtype: int32 });
  const n = sp.dense_shape.shape.dims?.[0];
  return n !== null && n !== undefined ? convert_to_tensor(Array.from({ length: n }, (_, i) => i), { dtype: int32 }) : range(0, size(sp.dense_shape), 1);
}

interface SparseReduceOptions { axis?: TensorLike | null; keepdims?: boolean | null; reduction_axes?: TensorLike | null; keep_dims?: boolean | null }
const SPARSE_REDUCE_PARAMS = ['sp_input', 'axis=None', 'keepdims=None', 'reduction_axes=None', 'keep_dims=None'] as const;

function sparseReduce(type: 'SparseReduceSum' | 'SparseReduceMax' | 'SparseReduceSumSparse' | 'SparseReduceMaxSparse', sp_input: SparseLike, axis: TensorLike | null | undefined, options: SparseReduceOptions): Operation {
  if (options.keepdims != null && options.keep_dims != null) throw new ValueError('Cannot specify both keepdims and keep_dims');
  if (axis != null && options.reduction_axes != null) throw new ValueError('Cannot specify both axis and reduction_axes');
  const sp = sparseOf(sp_input);
  const axes = sparseReductionAxes(sp, axis ?? options.reduction_axes);
  return makeOp(type, [sp.indices, sp.values, sp.dense_shape, axes], { keep_dims: { b: options.keepdims ?? options.keep_dims ?? false }, T: typeAttr(sp.values) });
}

/**
 * The sum of a SparseTensor's entries over `axis` (all by default), as a dense tensor (SparseReduceSum).
 * @example tf.sparse_reduce_sum(sp, 1)
 */
export const sparse_reduce_sum = pythonFunction('sparse_reduce_sum', SPARSE_REDUCE_PARAMS, 2, function sparse_reduce_sum(sp_input: SparseLike, axis?: TensorLike | null, options: SparseReduceOptions = {}): Tensor {
  return sparseReduce('SparseReduceSum', sp_input, axis, options).outputs[0];
});
/** `sparse_reduce_sum` with a SparseTensor result (SparseReduceSumSparse). */
export const sparse_reduce_sum_sparse = pythonFunction('sparse_reduce_sum_sparse', SPARSE_REDUCE_PARAMS, 2, function sparse_reduce_sum_sparse(sp_input: SparseLike, axis?: TensorLike | null, options: SparseReduceOptions = {}): SparseTensor {
  return sparseOutput(sparseReduce('SparseReduceSumSparse', sp_input, axis, options), 0);
});
/** The largest entry over `axis`, as a dense tensor (SparseReduceMax; a position without entries is 0). */
export const sparse_reduce_max = pythonFunction('sparse_reduce_max', SPARSE_REDUCE_PARAMS, 2, function sparse_reduce_max(sp_input: SparseLike, axis?: TensorLike | null, options: SparseReduceOptions = {}): Tensor {
  return sparseReduce('SparseReduceMax', sp_input, axis, options).outputs[0];
});
/** `sparse_reduce_max` with a SparseTensor result (SparseReduceMaxSparse). */
export const sparse_reduce_max_sparse = pythonFunction('sparse_reduce_max_sparse', SPARSE_REDUCE_PARAMS, 2, function sparse_reduce_max_sparse(sp_input: SparseLike, axis?: TensorLike | null, options: SparseReduceOptions = {}): SparseTensor {
  return sparseOutput(sparseReduce('SparseReduceMaxSparse', sp_input, axis, options), 0);
});

/**
 * Softmax over the entries of each innermost row of a SparseTensor (rank ≥ 2; absent entries take no part).
 * @example tf.sparse_softmax(sp)
 */
export const sparse_softmax = pythonFunction('sparse_softmax', ['sp_input', 'name=None'], 1, function sparse_softmax(sp_input: SparseLike, options: { name?: string } = {}): SparseTensor {
  const sp = sparseOf(sp_input);
  return opScope(options.name, 'SparseSoftmax', [sp.indices, sp.values], () => {
    const out = makeOp('SparseSoftmax', [sp.indices, sp.values, sp.dense_shape], { T: typeAttr(sp.values) }).outputs[0];
    return new SparseTensorImpl(sp.indices, out, sp.dense_shape);
  });
});

function sparseSparseBinary(type: 'SparseSparseMaximum' | 'SparseSparseMinimum', a: SparseLike, b: SparseLike, name: string | undefined): SparseTensor {
  const x = sparseOf(a), y = sparseOf(b);
  const op = opScope(name, type, [x.indices, x.values, y.indices, y.values], (scope) =>
    makeOp(type, [x.indices, x.values, x.dense_shape, y.indices, y.values, y.dense_shape], { T: typeAttr(x.values) }, scope));
  return new SparseTensorImpl(op.outputs[0], op.outputs[1], x.dense_shape);
}
/** The element-wise maximum of two SparseTensors of one shape (SparseSparseMaximum; an absent entry is 0). */
export const sparse_maximum = pythonFunction('sparse_maximum', ['sp_a', 'sp_b', 'name=None'], 2, function sparse_maximum(sp_a: SparseLike, sp_b: SparseLike, options: { name?: string } = {}): SparseTensor {
  return sparseSparseBinary('SparseSparseMaximum', sp_a, sp_b, options.name);
});
/** The element-wise minimum of two SparseTensors of one shape (SparseSparseMinimum; an absent entry is 0). */
export const sparse_minimum = pythonFunction('sparse_minimum', ['sp_a', 'sp_b', 'name=None'], 2, function sparse_minimum(sp_a: SparseLike, sp_b: SparseLike, options: { name?: string } = {}): SparseTensor {
  return sparseSparseBinary('SparseSparseMinimum', sp_a, sp_b, options.name);
});

/** The values of `sp` combined with a dense tensor broadcast to its shape (SparseDenseCwiseAdd/Mul/Div). */
export function sparseDenseCwise(type: 'SparseDenseCwiseAdd' | 'SparseDenseCwiseMul' | 'SparseDenseCwiseDiv', sp: SparseTensor, dense: TensorLike): Tensor {
  const d = convert_to_tensor(dense, { dtype: sp.dtype.base_dtype });
  return makeOp(type, [sp.indices, sp.values, sp.dense_shape, d], { T: typeAttr(sp.values) }).outputs[0];
}

/**
 * Sparse ids in the last dimension as one more dense dimension of size `vocab_size`: each id becomes the
 * coordinate of its weight from `sp_values` (a list of sp_ids and vocab sizes makes several such dimensions).
 * @example tf.sparse_merge(ids, weights, 4)
 */
export const sparse_merge = pythonFunction('sparse_merge', ['sp_ids', 'sp_values', 'vocab_size', 'name=None', 'already_sorted=False'], 3, function sparse_merge(sp_ids: SparseLike | readonly SparseLike[], sp_values: SparseLike, vocab_size: TensorLike | readonly TensorLike[], options: { name?: string; already_sorted?: boolean } = {}): SparseTensor {
  const idsList = (Array.isArray(sp_ids) ? sp_ids : [sp_ids]).map(sparseOf);
  const sizes = (Array.isArray(sp_ids) ? vocab_size as readonly TensorLike[] : [vocab_size as TensorLike]);
  if (!Array.isArray(sp_ids) && Array.isArray(vocab_size) && (vocab_size as unknown[]).length !== 1) throw new TFTypeError('vocab_size has to be a Tensor or Python int. Found list');
  if (Array.isArray(sp_ids) && (!Array.isArray(vocab_size) || vocab_size.length !== sp_ids.length)) throw new ValueError('sp_ids and vocab_size have to have equal lengths.');
  const values = sparseOf(sp_values);
  return opScope(options.name, 'SparseMerge', [...idsList.map((s) => s.values), values.values], () => {
    const ids = idsList.map((s) => expand_dims(s.dtype.base_dtype === int64 ? s.values : cast(s.values, int64), 1));
    const vocab = sizes.map((v) => cast(v, int64));
    const preserved = getitem(idsList[0].indices, {}, { stop: -1 });
    const newIndices = concat([preserved, ...ids], 1);
    const newShape = concat([getitem(idsList[0].dense_shape, { stop: -1 }), ...vocab.map((v) => reshape(v, [-1]))], 0);
    const result = new SparseTensorImpl(newIndices, values.values, newShape);
    if (options.already_sorted) return result;
    const sorted = sparse_reorder(result);
    return new SparseTensorImpl(sorted.indices, sorted.values, newShape);
  });
});

/**
 * A dense bool tensor with one more dimension of size `vocab_size`, true at each (row, id) of an int
 * SparseTensor of ids in its last dimension.
 * @example tf.sparse_to_indicator(ids, 4)
 */
export const sparse_to_indicator = pythonFunction('sparse_to_indicator', ['sp_input', 'vocab_size', 'name=None'], 2, function sparse_to_indicator(sp_input: SparseLike, vocab_size: TensorLike, options: { name?: string } = {}): Tensor {
  const sp = sparseOf(sp_input);
  return opScope(options.name, 'SparseToIndicator', [sp.indices, sp.values, sp.dense_shape], (scope) => {
    const numEntries = getitem(shape(sp.indices), 0);
    const newValues = fill(expand_dims(numEntries, 0), true);
    const merged = sparse_merge(sp, new SparseTensorImpl(sp.indices, newValues, sp.dense_shape), vocab_size, { name: scope.slice(0, -1).split('/').pop() });
    // Repeated ids are allowed: an indicator is true once or more.
    return sparse_tensor_to_dense(merged, false, { validate_indices: false });
  });
});

/**
 * Every empty row of a SparseTensor (rank ≥ 1) given one entry `[row, 0, ...]` of `default_value`; also a
 * bool vector telling which rows were empty (SparseFillEmptyRows).
 * @example const [filled, wasEmpty] = tf.sparse_fill_empty_rows(sp, 0);
 */
export const sparse_fill_empty_rows = pythonFunction('sparse_fill_empty_rows', ['sp_input', 'default_value', 'name=None'], 2, function sparse_fill_empty_rows(sp_input: SparseLike, default_value: TensorLike, options: { name?: string } = {}): [SparseTensor, Tensor] {
  const sp = sparseOf(sp_input);
  return opScope(options.name, 'SparseFillEmptyRows', [sp.indices, sp.values, sp.dense_shape], () => {
    const def = convert_to_tensor(default_value, { dtype: sp.dtype.base_dtype });
    const op = makeOp('SparseFillEmptyRows', [sp.indices, sp.values, sp.dense_shape, def], { T: typeAttr(sp.values) });
    return [new SparseTensorImpl(op.outputs[0], op.outputs[1], sp.dense_shape), op.outputs[2]];
  });
});

/**
 * The same entries under a larger dense shape `new_shape`, or (without one) the tightest shape that holds them.
 * @example tf.sparse_reset_shape(sp, [3, 5])
 */
export const sparse_reset_shape = pythonFunction('sparse_reset_shape', ['sp_input', 'new_shape=None'], 2, function sparse_reset_shape(sp_input: SparseLike, new_shape?: TensorLike | null): SparseTensor {
  const sp = sparseOf(sp_input);
  const inIndices = identity(sp.indices), inValues = identity(sp.values), inShape = identity(sp.dense_shape);
  let outShape: Tensor | number[];
  if (new_shape === undefined || new_shape === null) {
    const low = reduce_max(inIndices, 0);
    outShape = maximum(convert_to_tensor(0, { dtype: int64 }), add(low, ones_like(inShape)));
  } else {
    let t = convert_to_tensor(new_shape);
    t.shape.with_rank(1);
    t = cast(t, int64);
    if (t.shape.ndims !== null) new TensorShape([t.shape.dims![0]]).merge_with([inShape.shape.dims?.[0] ?? null]);
    const known = foldedConstant(t);
    if (known && sp.get_shape().is_fully_defined()) {
      const inDims = sp.get_shape().toNumbers(), outDims = Array.from(known.values as ArrayLike<number>, Number);
      if (!inDims.every((d, i) => d <= outDims[i])) {
        throw new ValueError(`Requested new_shape should have dimension sizes >= sp_input.shape.  Found new_shape (${`[${inDims.join(' ')}]`}), sp_input.shape (${`[${outDims.join(' ')}]`}).`);
      }
      outShape = outDims;
    } else {
      t = with_dependencies([assert_equal(shape(inShape), shape(t))], t);
      outShape = with_dependencies([assert_less_equal(inShape, t)], t);
    }
  }
  return new SparseTensorImpl(inIndices, inValues, outShape);
});

interface SegmentOptions { name?: string; num_segments?: TensorLike | null }
function sparseSegment(kind: 'Sum' | 'Mean' | 'SqrtN', data: TensorLike, indices: TensorLike, segment_ids: TensorLike, options: SegmentOptions): Tensor {
  const d = convert_to_tensor(data, { name: 'data' });
  const i = convertIntegerInput(indices, 'indices'), s = convertIntegerInput(segment_ids, 'segment_ids');
  const attrs: Record<string, AttrValue> = { T: typeAttr(d), Tidx: typeAttr(i) };
  if (options.num_segments !== undefined && options.num_segments !== null) {
    const n = convertIntegerInput(options.num_segments, 'num_segments');
    return makeOp(`SparseSegment${kind}WithNumSegments`, [d, i, s, n], { ...attrs, Tnumsegments: typeAttr(n) }, options.name).outputs[0];
  }
  return makeOp(`SparseSegment${kind}`, [d, i, s], attrs, options.name).outputs[0];
}
const SEGMENT_PARAMS = ['data', 'indices', 'segment_ids', 'name=None', 'num_segments=None'] as const;
/**
 * Sums of rows `data[indices[i]]` by sorted `segment_ids[i]` (SparseSegmentSum; `num_segments` fixes the count).
 * @example tf.sparse_segment_sum(c, [0, 1], [0, 0])  // c[0] + c[1]
 */
export const sparse_segment_sum = pythonFunction('sparse_segment_sum', SEGMENT_PARAMS, 3, function sparse_segment_sum(data: TensorLike, indices: TensorLike, segment_ids: TensorLike, options: SegmentOptions = {}): Tensor {
  return sparseSegment('Sum', data, indices, segment_ids, options);
});
/** Means of rows `data[indices[i]]` by sorted `segment_ids[i]` (SparseSegmentMean). */
export const sparse_segment_mean = pythonFunction('sparse_segment_mean', SEGMENT_PARAMS, 3, function sparse_segment_mean(data: TensorLike, indices: TensorLike, segment_ids: TensorLike, options: SegmentOptions = {}): Tensor {
  return sparseSegment('Mean', data, indices, segment_ids, options);
});
/** Sums divided by the square root of the segment's size (SparseSegmentSqrtN). */
export const sparse_segment_sqrt_n = pythonFunction('sparse_segment_sqrt_n', SEGMENT_PARAMS, 3, function sparse_segment_sqrt_n(data: TensorLike, indices: TensorLike, segment_ids: TensorLike, options: SegmentOptions = {}): Tensor {
  return sparseSegment('SqrtN', data, indices, segment_ids, options);
});


registerOp({
  type: 'SparseCross',
  outputDtypes: (_inputs, attrs) => [int64, attrs.get('out_type') && 'type' in attrs.get('out_type')! ? (attrs.get('out_type') as { type: DType }).type : int64, int64],
  inferShapes: () => [[null, 2], [null], [2]],
});
registerNotDifferentiable('SparseCross');

/** TF's `_DEFAULT_HASH_KEY` for hashed crosses. */
const DEFAULT_HASH_KEY = 0xdecafcaffe;

function sparseCrossInternal(inputs: readonly (SparseLike | Tensor)[], hashed: boolean, numBuckets: number, hashKey: number | null, name: string | undefined): SparseTensor {
  if (!Array.isArray(inputs)) throw new TFTypeError('Inputs must be a list');
  if (!inputs.every((i) => i instanceof Tensor || is_sparse(i))) throw new TFTypeError('All inputs must be SparseTensors');
  const sparse = inputs.filter((i) => !(i instanceof Tensor)).map((i) => sparseOf(i as SparseLike));
  const dense = inputs.filter((i): i is Tensor => i instanceof Tensor);
  let internal: DType = stringDtype;
  const asInt64 = (t: Tensor): Tensor => {
    if (t.dtype.base_dtype === stringDtype) return t;
    internal = int64;
    return cast(t, int64);
  };
  const values = sparse.map((s) => asInt64(s.values));
  const denseInputs = dense.map(asInt64);
  const op = makeOp('SparseCross', [...sparse.map((s) => s.indices), ...values, ...sparse.map((s) => s.dense_shape), ...denseInputs], {
    N: { i: sparse.length }, hashed_output: { b: hashed }, num_buckets: { i: numBuckets }, hash_key: { i: hashKey || DEFAULT_HASH_KEY },
    sparse_types: { list: { type: values.map((v) => v.dtype.base_dtype) } }, dense_types: { list: { type: denseInputs.map((v) => v.dtype.base_dtype) } },
    out_type: { type: hashed ? int64 : stringDtype }, internal_type: { type: internal },
  }, name ?? 'SparseCross');
  return new SparseTensorImpl(op.outputs[0], op.outputs[1], op.outputs[2]);
}

/**
 * The crosses of sparse (and dense [batch, k]) inputs as strings joined by `_X_` (SparseCross).
 * @example tf.sparse.cross([sp_a, sp_b])
 */
export const sparse_cross = pythonFunction('sparse_cross', ['inputs', 'name=None'], 1, function sparse_cross(inputs: readonly (SparseLike | Tensor)[], options: { name?: string } = {}): SparseTensor {
  return sparseCrossInternal(inputs, false, 0, null, options.name);
});

/**
 * The crosses of sparse (and dense) inputs hashed into `num_buckets` (0: the whole int64 range) with
 * FingerprintCat64 chained from `hash_key` (SparseCross, as crossed_column builds it).
 * @example tf.sparse.cross_hashed([sp_a, sp_b], 100)
 */
export const sparse_cross_hashed = pythonFunction('sparse_cross_hashed', ['inputs', 'num_buckets=0', 'hash_key=None', 'name=None'], 3,
  function sparse_cross_hashed(inputs: readonly (SparseLike | Tensor)[], num_buckets = 0, hash_key: number | null = null, options: { name?: string } = {}): SparseTensor {
    return sparseCrossInternal(inputs, true, num_buckets, hash_key, options.name);
  });
