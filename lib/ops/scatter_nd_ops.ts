/**
 * N-d gathers and scatters (GatherNd, ScatterNd, TensorScatterUpdate/Add/Sub, the ScatterNd* writes to a
 * variable) and the batch gathers TF 1.15 builds from them.
 */
import { Tensor, registerOp } from '../framework/graph';
import { ValueError } from '../framework/errors';
import { TensorShape, unknown_shape } from '../framework/tensor_shape';
import { pythonFunction } from '../framework/python_signature';
import { dtypeOfInput } from './schema_util';
import { checkScatterShapes } from './shape_fns';
import { TensorLike, convertIntegerInput, convert_to_tensor, convertSameType, makeOp, opScope, typeAttr } from './op_builder';
import { concat, expand_dims, gather, ones, ones_like, reshape, shape, stack, zeros, getitem } from './array_ops';
import { cast, genRange, genReduction } from './gen_math_ops';
import { RefLike, refTensor } from './state_ops';
import { registerNotDifferentiable } from './gradient_util';

type NameOption = { name?: string };

for (const type of ['TensorScatterUpdate', 'TensorScatterAdd', 'TensorScatterSub'] as const) {
  registerOp({
    type,
    outputDtypes: dtypeOfInput(0),
    inferShapes: (op) => {
      const [tensor, indices, updates] = op.inputs;
      checkScatterShapes(op, tensor.shape, indices.shape, updates.shape, 'input');
      return [tensor.shape];
    },
  });
}

/** Writes to a variable through N-d indices; the output is the variable (a ref). */
for (const type of ['ScatterNdUpdate', 'ScatterNdAdd', 'ScatterNdSub'] as const) {
  registerOp({
    type,
    stateful: true,
    refInputs: [0],
    outputDtypes: (inputs) => [inputs[0].dtype],
    inferShapes: (op) => {
      const [ref, indices, updates] = op.inputs;
      checkScatterShapes(op, ref.shape, indices.shape, updates.shape, 'input');
      return [ref.shape];
    },
  });
}
// TF's state_grad.py: writes to a variable pass no gradient.
registerNotDifferentiable('ScatterNdUpdate', 'ScatterNdAdd', 'ScatterNdSub');

/** TF's tensor_scatter_<kind>(tensor, indices, updates, name=None), building op `type`. */
function tensorScatterFunction(name: string, type: 'TensorScatterUpdate' | 'TensorScatterAdd' | 'TensorScatterSub') {
  return pythonFunction(name, ['tensor', 'indices', 'updates', 'name=None'], 3, function (tensor: TensorLike, indices: TensorLike, updates: TensorLike, options: NameOption = {}): Tensor {
    return opScope(options.name, type, [tensor, indices, updates], (scope) => {
      const [t, u] = convertSameType(type, [tensor, updates], ['tensor', 'updates']);
      const i = convertIntegerInput(indices, 'indices');
      return makeOp(type, [t, i, u], { T: typeAttr(t), Tindices: typeAttr(i) }, scope).outputs[0];
    });
  });
}

/**
 * A copy of `tensor` with the slices at the N-d `indices` replaced by `updates` (TensorScatterUpdate).
 * @example tf.tensor_scatter_update([1, 2, 3, 4], [[1], [3]], [9, 8]) // [1, 9, 3, 8]
 */
export const tensor_scatter_update = tensorScatterFunction('tensor_scatter_update', 'TensorScatterUpdate');
/** A copy of `tensor` with `updates` added at the N-d `indices` (TensorScatterAdd; repeats add up). */
export const tensor_scatter_add = tensorScatterFunction('tensor_scatter_add', 'TensorScatterAdd');
/** A copy of `tensor` with `updates` subtracted at the N-d `indices` (TensorScatterSub). */
export const tensor_scatter_sub = tensorScatterFunction('tensor_scatter_sub', 'TensorScatterSub');

type ScatterNdRefType = 'ScatterNdUpdate' | 'ScatterNdAdd' | 'ScatterNdSub';
type WriteOptions = NameOption & { use_locking?: boolean };

function scatterNdRef(type: ScatterNdRefType, what: string, ref: RefLike, indices: TensorLike, updates: TensorLike, useLocking: boolean, name: string | undefined): Tensor {
  const r = refTensor(ref, what);
  return r.graph.name_scope(name ?? type, (scope) => {
    const i = convertIntegerInput(indices, 'indices');
    const u = convert_to_tensor(updates, { dtype: r.dtype.base_dtype, name: 'updates' });
    return makeOp(type, [r, i, u], { T: { type: r.dtype.base_dtype }, Tindices: typeAttr(i), use_locking: { b: useLocking } }, scope, r.graph).outputs[0];
  });
}

/**
 * `ref[indices] = updates` through N-d indices (ScatterNdUpdate); the result is `ref` after the write.
 * @example tf.scatter_nd_update(v, [[4], [3], [1], [7]], [9, 10, 11, 12])
 */
export const scatter_nd_update = pythonFunction('scatter_nd_update', ['ref', 'indices', 'updates', 'use_locking=True', 'name=None'], 3, function scatter_nd_update(ref: RefLike, indices: TensorLike, updates: TensorLike, options: WriteOptions = {}): Tensor {
  return scatterNdRef('ScatterNdUpdate', 'scatter_nd_update', ref, indices, updates, options.use_locking ?? true, options.name);
});
/** `ref[indices] += updates` through N-d indices (ScatterNdAdd; repeated indices add up). */
export const scatter_nd_add = pythonFunction('scatter_nd_add', ['ref', 'indices', 'updates', 'use_locking=False', 'name=None'], 3, function scatter_nd_add(ref: RefLike, indices: TensorLike, updates: TensorLike, options: WriteOptions = {}): Tensor {
  return scatterNdRef('ScatterNdAdd', 'scatter_nd_add', ref, indices, updates, options.use_locking ?? false, options.name);
});
/** `ref[indices] -= updates` through N-d indices (ScatterNdSub). */
export const scatter_nd_sub = pythonFunction('scatter_nd_sub', ['ref', 'indices', 'updates', 'use_locking=False', 'name=None'], 3, function scatter_nd_sub(ref: RefLike, indices: TensorLike, updates: TensorLike, options: WriteOptions = {}): Tensor {
  return scatterNdRef('ScatterNdSub', 'scatter_nd_sub', ref, indices, updates, options.use_locking ?? false, options.name);
});

/**
 * TF's _batch_gather: `params[b..., indices[b..., j]]` over the leading `batchDims` dimensions, as one
 * GatherV2 over params flattened to its batch, with each index offset by its batch position.
 */
function batchGatherFlat(params: Tensor, indices: Tensor, batchDims: number): Tensor {
  const indicesNdims = indices.shape.ndims!;
  if (batchDims < 0 || batchDims >= indicesNdims) throw new ValueError(`batch_dims = ${batchDims} must be less than rank(indices) = ${indicesNdims}`);
  if (params.shape.ndims !== null && batchDims >= params.shape.ndims) throw new ValueError(`batch_dims = ${batchDims} must be less than rank(params) = ${params.shape.ndims}`);
  const indicesShape = shape(indices), paramsShape = shape(params);
  let batchIndices = indices;
  const dtype = indices.dtype.base_dtype;
  let accum = ones([], dtype);
  const castShape = cast(paramsShape, dtype);
  for (let i = batchDims; i > 0; i--) {
    const dimValue = getitem(castShape, i - 1);
    accum = accum.mul(getitem(castShape, i));
    const dimIndices = genRange(zeros([], dtype), dimValue, ones([], dtype)).mul(accum);
    const dimShape = stack([...Array(i - 1).fill(1), dimValue, ...Array(indicesNdims - i).fill(1)], { axis: 0 });
    batchIndices = batchIndices.add(reshape(dimIndices, dimShape));
  }
  const flatIndices = reshape(batchIndices, [-1]);
  const outerShape = getitem(paramsShape, { start: batchDims + 1 });
  const flatInner = genReduction('Prod', getitem(paramsShape, { stop: batchDims + 1 }), [0], false);
  const flatParams = reshape(params, concat([[flatInner], outerShape], 0));
  const flatResult = gather(flatParams, flatIndices);
  const result = reshape(flatResult, concat([indicesShape, outerShape], 0));
  const id = indices.shape.dims!, pd = params.shape.dims;
  const lead = new TensorShape(id.slice(0, batchDims)).merge_with(pd === null ? unknown_shape(batchDims) : new TensorShape(pd.slice(0, batchDims)));
  result.set_shape(lead.concatenate(id.slice(batchDims)).concatenate(pd === null ? unknown_shape() : pd.slice(batchDims + 1)));
  return result;
}

/**
 * `params[b..., indices[b..., j]]` for indices whose leading dimensions are params' batch dimensions
 * (TF 1.15's deprecated batch_gather, built from GatherV2 over the flattened batch).
 * @example tf.batch_gather([[1, 2, 3], [4, 5, 6]], [[2, 0], [1, 1]]) // [[3, 1], [5, 5]]
 */
export const batch_gather = pythonFunction('batch_gather', ['params', 'indices', 'name=None'], 2, function batch_gather(params: TensorLike, indices: TensorLike, options: NameOption = {}): Tensor {
  return opScope(options.name, 'BatchGather', [params, indices], () => {
    const i = convertIntegerInput(indices, 'indices');
    const p = convert_to_tensor(params, { name: 'params' });
    if (i.shape.ndims === null) throw new ValueError('batch_gather does not allow indices with unknown shape.');
    return batchGatherFlat(p, i, i.shape.ndims - 1);
  });
});

/**
 * `ref[b..., indices[b..., j]] = updates[b..., j]` (TF 1.15's batch_scatter_update): the leading indices are
 * made explicit with ranges and the write is one ScatterNdUpdate.
 * @example tf.batch_scatter_update(v, [[0], [2]], [[10], [20]])
 */
export const batch_scatter_update = pythonFunction('batch_scatter_update', ['ref', 'indices', 'updates', 'use_locking=True', 'name=None'], 3, function batch_scatter_update(ref: RefLike, indices: TensorLike, updates: TensorLike, options: WriteOptions = {}): Tensor {
  const build = () => {
    const i = convertIntegerInput(indices, 'indices');
    const indicesShape = shape(i);
    const ndims = i.shape.ndims;
    if (ndims === null) throw new ValueError('batch_gather does not allow indices with unknown shape.');
    const nd = expand_dims(i, -1);
    const parts: Tensor[] = [];
    // One coordinate per leading dimension: a range over it, broadcast to the indices' shape.
    for (let d = 0; d < ndims - 1; d++) {
      const size = getitem(indicesShape, d);
      const to = Array<number | Tensor>(ndims + 1).fill(1);
      to[d] = size;
      let range = reshape(genRange(0, size, 1), stack(to));
      if (range.dtype.base_dtype !== nd.dtype.base_dtype) range = cast(range, nd.dtype);
      parts.push(range.mul(ones_like(nd)));
    }
    parts.push(nd);
    return scatter_nd_update(ref, concat(parts, -1), updates, { use_locking: options.use_locking ?? true });
  };
  const r = refTensor(ref, 'batch_scatter_update');
  return options.name ? r.graph.name_scope(options.name, build) : build();
});
