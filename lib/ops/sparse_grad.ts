/**
 * Gradients of the sparse ops (TF's sparse_grad.py): they flow to the values of sparse operands and to
 * dense operands, never to indices or shapes.
 */
import { int32, int64 } from '../framework/dtypes';
import { Operation, Tensor, registerGradient } from '../framework/graph';
import { NotImplementedError } from '../framework/errors';
import { convert_to_tensor, makeOp, typeAttr } from './op_builder';
import {
  concat, expand_dims, fill, gather, rank, gather_nd, getitem, invert_permutation, ones, ones_like, reshape, scatter_nd, shape, size, slice,
  transpose, where, zeros_like,
} from './array_ops';
import {
  add, cast, equal, floordiv, multiply, negative, range, reduce_any, reduce_sum, square, subtract, truediv, unsorted_segment_sum,
} from './math_ops';
import { matrix_transpose } from './linalg_ops';
import { SparseTensorImpl } from './sparse_tensor';
import { sparseDenseCwise, sparse_add, sparse_reduce_sum, sparse_reorder, sparse_tensor_dense_matmul } from './sparse_ops';

// TF's _SparseTensorDenseMatMulGrad: to b, the adjointed product with the gradient; to each value, the
// dot product of its gradient row and its row of b.
registerGradient('SparseTensorDenseMatMul', (op, [grad]) => {
  const [aIndices, aValues, aShape, b] = op.inputs;
  const adjA = op.get_attr('adjoint_a') === true, adjB = op.get_attr('adjoint_b') === true;
  let bGrad = sparse_tensor_dense_matmul(new SparseTensorImpl(aIndices, aValues, aShape), grad!, { adjoint_a: !adjA });
  if (adjB) bGrad = matrix_transpose(bGrad);
  const rows = getitem(aIndices, {}, 0), cols = getitem(aIndices, {}, 1);
  const partsA = gather(grad!, adjA ? cols : rows);
  const partsB = gather(adjB ? transpose(b) : b, adjA ? rows : cols);
  return [null, reduce_sum(multiply(partsA, partsB), 1), null, bGrad];
});

// TF's _SparseAddGrad: SparseAddGrad routes the sum's gradient back to the entries of a and b.
registerGradient('SparseAdd', (op, grads) => {
  const valGrad = grads[1]!;
  const aIndices = op.inputs[0], bIndices = op.inputs[3], sumIndices = op.outputs[0];
  const g = makeOp('SparseAddGrad', [valGrad, aIndices, bIndices, sumIndices], { T: typeAttr(valGrad) });
  return [null, g.outputs[0], null, null, g.outputs[1], null, null];
});

// TF's _SparseTensorDenseAddGrad.
registerGradient('SparseTensorDenseAdd', (op, [grad]) => [null, gather_nd(grad!, op.inputs[0]), null, grad]);

// TF's _SparseReorderGrad: the values' gradient put back in the input's order.
registerGradient('SparseReorder', (op, grads) => {
  const [inputIndices, , inputShape] = op.inputs;
  const numEntries = getitem(shape(inputIndices), 0);
  const entryIndices = range(numEntries);
  const ordered = sparse_reorder(new SparseTensorImpl(inputIndices, entryIndices, inputShape));
  return [null, gather(grads[1]!, invert_permutation(ordered.values)), null];
});

// TF's _SparseSliceGrad.
registerGradient('SparseSlice', (op, grads) => {
  const [inputIndices, , , inputStart] = op.inputs;
  const g = makeOp('SparseSliceGrad', [grads[1]!, inputIndices, inputStart, op.outputs[0]], { T: typeAttr(grads[1]!) });
  return [null, g.outputs[0], null, null, null];
});

/** The dense shape with the reduced axes set to 1 (TF's math_ops.reduced_shape on a shape tensor). */
function reducedDenseShape(denseShape: Tensor, axes: Tensor): Tensor {
  const rank = size(denseShape);
  const normalized = makeOp('FloorMod', [add(axes, rank), rank], { T: { type: int32 } }).outputs[0];
  const isReduced = reduce_any(equal(expand_dims(range(0, rank), 1), reshape(normalized, [1, -1])), 1);
  return where(isReduced, ones_like(denseShape), denseShape);
}

// TF's _SparseReduceSumGrad: each entry takes the gradient of the position it was summed into.
registerGradient('SparseReduceSum', (op, [grad]) => {
  const [spIndices, , spShape, axes] = op.inputs;
  const keptShape = reducedDenseShape(spShape, axes);
  const reshaped = reshape(grad!, keptShape);
  const scale = floordiv(spShape, cast(keptShape, int64));
  return [null, gather_nd(reshaped, floordiv(spIndices, scale)), null, null];
});

// TF's _SparseSoftmaxGrad: (grad - sum(grad * softmax, row)) * softmax, over the entries present.
registerGradient('SparseSoftmax', (op, [grad]) => {
  const [indices, , denseShape] = op.inputs;
  const outVals = op.outputs[0];
  const spGrad = new SparseTensorImpl(indices, grad!, denseShape);
  const spProduct = new SparseTensorImpl(indices, multiply(outVals, grad!), denseShape);
  const sumReduced = negative(sparse_reduce_sum(spProduct, [-1], { keepdims: true }));
  const spSum = sparseDenseCwise('SparseDenseCwiseAdd', spGrad, sumReduced);
  return [null, multiply(spSum, outVals), null];
});

// TF's _SparseDenseCwiseMulOrDivGrad: the dense operand's gradient summed over the entries it was broadcast to.
function sparseDenseMulOrDivGrad(op: Operation, grad: Tensor, isMul: boolean): (Tensor | null)[] {
  const [xIndices, xValues, xShape, y] = op.inputs;
  const yShape = cast(shape(y), int64);
  const numAdded = expand_dims(subtract(size(xShape), size(yShape)), 0);
  const augmentedYShape = concat([ones(numAdded, { dtype: int64 }), yShape], 0);
  const scaling = floordiv(xShape, augmentedYShape);
  const scaledIndices = slice(floordiv(xIndices, scaling), concat([[0], numAdded], 0), [-1, -1]);
  const denseVals = gather_nd(y, scaledIndices);
  const dx = isMul ? multiply(grad, denseVals) : truediv(grad, denseVals);
  const dyVal = isMul ? multiply(grad, xValues) : multiply(grad, truediv(negative(xValues), square(denseVals)));
  // Indices repeat after scaling: a sum into zeros, not sparse_to_dense.
  const dy = sparse_add(zeros_like(y), new SparseTensorImpl(scaledIndices, dyVal, yShape)) as Tensor;
  return [null, dx, null, dy];
}
registerGradient('SparseDenseCwiseMul', (op, [grad]) => sparseDenseMulOrDivGrad(op, grad!, true));
registerGradient('SparseDenseCwiseDiv', (op, [grad]) => sparseDenseMulOrDivGrad(op, grad!, false));
registerGradient('SparseDenseCwiseAdd', () => { throw new NotImplementedError('Gradient for SparseDenseCwiseAdd is currently not implemented yet.'); });

// TF's _SparseFillEmptyRowsGrad.
registerGradient('SparseFillEmptyRows', (op, grads) => {
  const reverseIndexMap = op.outputs[3];
  const g = makeOp('SparseFillEmptyRowsGrad', [reverseIndexMap, grads[1]!], { T: typeAttr(grads[1]!) });
  return [null, g.outputs[0], null, g.outputs[1]];
});

// TF's _SparseSegmentSumGrad and its Mean / SqrtN siblings (with and without num_segments).
function segmentDim0(op: { inputs: readonly Tensor[] }): Tensor { return getitem(shape(op.inputs[0]), 0); }
registerGradient('SparseSegmentSum', (op, [grad]) => [unsorted_segment_sum(gather(grad!, op.inputs[2]), op.inputs[1], segmentDim0(op)), null, null]);
registerGradient('SparseSegmentSumWithNumSegments', (op, [grad]) => [unsorted_segment_sum(gather(grad!, op.inputs[2]), op.inputs[1], segmentDim0(op)), null, null, null]);
for (const [type, gradType, extra] of [
  ['SparseSegmentMean', 'SparseSegmentMeanGrad', 0], ['SparseSegmentSqrtN', 'SparseSegmentSqrtNGrad', 0],
  ['SparseSegmentMeanWithNumSegments', 'SparseSegmentMeanGrad', 1], ['SparseSegmentSqrtNWithNumSegments', 'SparseSegmentSqrtNGrad', 1],
] as const) {
  registerGradient(type, (op, [grad]) => {
    const g = makeOp(gradType, [grad!, op.inputs[1], op.inputs[2], segmentDim0(op)], { T: typeAttr(grad!), Tidx: typeAttr(op.inputs[1]) }).outputs[0];
    return [g, null, null, ...(extra ? [null] : [])];
  });
}

// TF's _GatherNdGrad and _ScatterNdGrad.
registerGradient('GatherNd', (op, [grad]) => {
  const [params, indices] = op.inputs;
  return [scatter_nd(indices, grad!, shape(params, { out_type: indices.dtype.base_dtype })), null];
});
registerGradient('ScatterNd', (op, [grad]) => [null, gather_nd(grad!, op.inputs[0]), null]);
