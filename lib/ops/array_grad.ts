/**
 * Gradients of the array ops (TF's array_grad.py): shape changes route the gradient back to the
 * input's shape; selections route it to the chosen elements.
 */
import { Operation, Tensor } from '../framework/graph';
import { int32, int64 } from '../framework/dtypes';
import { constantValue } from './schema_util';
import { registerGradient } from '../framework/graph';
import { makeOp } from './op_builder';
import { LookupError, registerNotDifferentiable } from './gradient_util';
import { IndexedSlices, IndexedSlicesImpl } from './indexed_slices';
import {
  concat, concat_offset, expand_dims, getitem, invert_permutation, pad, rank, reshape, reverse, shape, shape_n, size,
  slice, stack, strided_slice, strided_slice_grad, StridedSliceOptions, transpose, unstack, where, zeros_like,
  reverse_sequence, gather, where_v2, constant, roll,
} from './array_ops';
import { dynamic_partition, dynamic_stitch, space_to_batch_nd, batch_to_space_nd, space_to_batch, batch_to_space } from './array_ops';
import { cast, range, reduce_prod, reduce_sum, unsorted_segment_sum } from './math_ops';
import { check_numerics } from './check_ops';
import { diag, diag_part, matrix_band_part, matrix_diag, matrix_diag_part, matrix_set_diag } from './linalg_ops';

/** The gradient reshaped to the op's first input (ExpandDims, Squeeze, Reshape). */
const reshapeToInput = (op: Operation, grad: Tensor): Tensor => reshape(grad, shape(op.inputs[0]));

registerGradient('Identity', (_op, [grad]) => [grad]);
registerGradient('PlaceholderWithDefault', (_op, [grad]) => [grad]);
registerGradient('Snapshot', (_op, [grad]) => [grad]);
registerGradient('Reshape', (op, [grad]) => [reshapeToInput(op, grad!), null]);
registerGradient('ExpandDims', (op, [grad]) => [reshapeToInput(op, grad!), null]);
registerGradient('Squeeze', (op, [grad]) => [reshapeToInput(op, grad!)]);

registerGradient('Tile', (op, [grad]) => {
  const [input, multiples] = op.inputs;
  // Reshape the gradient to [m0, d0, m1, d1, ...] and sum over the multiples' axes (the even ones).
  const splitShape = reshape(transpose(stack([multiples, shape(input)])), [-1]);
  const axes = range(0, size(splitShape), 2);
  const inputGrad = reduce_sum(reshape(grad!, splitShape), axes);
  inputGrad.set_shape(input.shape);
  return [inputGrad, null];
});

registerGradient('Pack', (op, [grad]) => unstack(grad!, { num: op.get_attr('N') as number, axis: op.get_attr('axis') as number }));
registerGradient('Unpack', (op, grads) => [stack(grads as Tensor[], { axis: op.get_attr('axis') as number })]);

registerGradient('Transpose', (op, [grad]) => [transpose(grad!, invert_permutation(op.inputs[1])), null]);
registerGradient('ConjugateTranspose', (op, [grad]) => [transpose(grad!, invert_permutation(op.inputs[1]), { conjugate: true }), null]);

/**
 * TF's _ConcatGradHelper: slices of the gradient at ConcatOffset's offsets along `axis % rank`, so a
 * run-time axis and run-time sizes work. The shapes are Consts when all are static, else one ShapeN.
 * (TF switches to SplitV above 16 inputs, for speed only; the values are the same.)
 */
/** Slices of the gradient back to each value of a concatenation along `axis`. */
function concatGrad(values: readonly Tensor[], axis: Tensor, grad: Tensor): Tensor[] {
  if (values.length === 1) return [grad];
  const nonNegAxis = axis.mod(rank(values[0]));
  const sizes: Tensor[] = [];
  for (const v of values) {
    const s = shape(v);
    // As TF, stop at the first dynamic shape (those made so far stay in the graph) and use ShapeN.
    if (s.op.type !== 'Const') { sizes.length = 0; break; }
    sizes.push(s);
  }
  const shapes = sizes.length ? sizes : shape_n(values);
  const offsets = concat_offset(nonNegAxis, shapes);
  return offsets.map((begin, i) => slice(grad, begin, shapes[i]));
}

registerGradient('ConcatV2', (op, [grad]) => [...concatGrad(op.inputs.slice(0, -1), op.inputs[op.inputs.length - 1], grad!), null]);
registerGradient('Concat', (op, [grad]) => [null, ...concatGrad(op.inputs.slice(1), op.inputs[0], grad!)]);

// The gradient padded back to the input's shape: `begin` zeros before, the rest after.
registerGradient('Slice', (op, [grad]) => {
  const [input, begin] = op.inputs;
  const inputRank = rank(input);
  const sliceSize = shape(op.outputs[0]);
  const columnShape = stack([inputRank, 1]);
  const beforePad = reshape(begin, columnShape);
  const afterPad = reshape(shape(input).sub(sliceSize).sub(begin), columnShape);
  return [pad(grad!, concat([beforePad, afterPad], 1)), null, null];
});

/** The strided-slice masks of `op`, for a StridedSlice or StridedSliceGrad built from it. */
function sliceMasks(op: Operation): StridedSliceOptions {
  const m = (n: string) => op.get_attr(n) as number;
  return { begin_mask: m('begin_mask'), end_mask: m('end_mask'), ellipsis_mask: m('ellipsis_mask'), new_axis_mask: m('new_axis_mask'), shrink_axis_mask: m('shrink_axis_mask') };
}

registerGradient('StridedSlice', (op, [grad]) => {
  const [input, begin, end, strides] = op.inputs;
  // StridedSliceGrad wants shape, begin, end and strides of one dtype: the shape takes begin's.
  const x = shape(input, { out_type: begin.dtype.base_dtype });
  return [strided_slice_grad(x, begin, end, strides, grad!, sliceMasks(op)), null, null, null];
});
registerGradient('StridedSliceGrad', (op, [grad]) => {
  const [, begin, end, strides] = op.inputs;
  return [null, null, null, null, strided_slice(grad!, begin, end, strides, sliceMasks(op))];
});

// The gradient with the padding cut away: a Slice from `paddings[:, 0]` of the input's size.
function padGrad(op: Operation, [grad]: (Tensor | null)[]): (Tensor | null)[] {
  const [x, paddings] = op.inputs;
  const padBefore = slice(paddings, [0, 0], stack([rank(x), 1]));
  const begin = reshape(padBefore, [-1]);
  const xGrad = slice(grad!, begin, shape(x));
  return op.inputs.length === 3 ? [xGrad, null, null] : [xGrad, null];
}
registerGradient('Pad', padGrad);
registerGradient('PadV2', padGrad);

/**
 * TF's _GatherGrad / _GatherV2Grad. Along axis 0 the gradient is IndexedSlices(values, indices, params_shape):
 * the gradient's rows with the ids they came from, summed (UnsortedSegmentSum) only where something needs it
 * dense; an optimizer updates just those rows. Other axes move the axis first, sum by segment and move it
 * back, as TF does.
 */
function gatherAxis0Grad(indices: Tensor, grad: Tensor, paramsShape: Tensor): IndexedSlices {
  const indicesSize = expand_dims(size(indices), 0);
  const values = reshape(grad, concat([indicesSize, getitem(paramsShape, { start: 1 })], 0));
  return new IndexedSlicesImpl(values, reshape(indices, indicesSize), paramsShape);
}

registerGradient('Gather', (op, [grad]) => {
  const [params, indices] = op.inputs;
  const paramsShape = op.graph.colocate_with(params.op, () => shape(params, { out_type: int32 }));
  return [gatherAxis0Grad(indices, grad!, paramsShape), null];
});

registerGradient('GatherV2', (op, [grad]) => {
  const [params, indices, axis] = op.inputs;
  const paramsShape = op.graph.colocate_with(params.op, () => cast(shape(params, { out_type: int64 }), int32));
  const indicesSize = expand_dims(size(indices), 0);
  const batchDims = op.get_attr('batch_dims') as number;
  if (batchDims !== 0) throw new LookupError(`No gradient defined for operation '${op.name}' (op type: GatherV2) with batch_dims = ${batchDims}`);
  const axisStatic = constantValue(axis);
  if (axisStatic !== null && axisStatic.item() === 0) return [gatherAxis0Grad(indices, grad!, paramsShape), null, null];
  const outerShape = getitem(paramsShape, { stop: axis });
  const innerShape = getitem(getitem(paramsShape, { start: axis }), { start: 1 });
  const valuesShape = concat([outerShape, [-1], innerShape], 0);
  const valuesDims = size(valuesShape);
  const axisDims = size(outerShape);
  const outerBatchesIndices = range(batchDims);
  const batchAxisIndices = range(batchDims, axisDims);
  const innerAxesIndices = range(axisDims.add(1), valuesDims);
  const values = reshape(grad!, valuesShape);
  const transposeDims = concat([outerBatchesIndices, [axisDims], batchAxisIndices, innerAxesIndices], 0);
  const valuesTranspose = transpose(values, transposeDims);
  // TF's _BatchGatherGrad with batch_dims = 0.
  const flatIndices = reshape(indices, expand_dims(size(indices), 0));
  const paramsGrad = unsorted_segment_sum(valuesTranspose, flatIndices, getitem(paramsShape, axis));
  const invertTransposeDims = concat([outerBatchesIndices, batchAxisIndices.add(1), [batchDims], innerAxesIndices], 0);
  return [transpose(paramsGrad, invertTransposeDims), null, null];
});

registerGradient('Select', (op, [grad]) => {
  const [c, x] = op.inputs;
  const zeros = zeros_like(x);
  return [null, where(c, grad!, zeros), where(c, zeros, grad!)];
});

registerGradient('Fill', (_op, [grad]) => [null, reduce_sum(grad!)]);

registerGradient('PreventGradient', (op) => {
  throw new LookupError(`Gradient explicitly disabled. Reason: ${String(op.attrs.has('message') ? op.get_attr('message') : '')}`);
});

// TF's diagonal gradients: the diagonal of the gradient, or the gradient put on a diagonal.
registerGradient('Diag', (_op, [grad]) => [diag_part(grad!)]);
registerGradient('DiagPart', (_op, [grad]) => [diag(grad!)]);
registerGradient('MatrixDiag', (_op, [grad]) => [matrix_diag_part(grad!)]);
registerGradient('MatrixDiagPart', (op, [grad]) => {
  const s = op.inputs[0].shape;
  // A square input gives the gradient on a diagonal; otherwise on the diagonal of zeros.
  if (s.is_fully_defined() && s.dims![s.dims!.length - 1] === s.dims![s.dims!.length - 2]) return [matrix_diag(grad!)];
  return [matrix_set_diag(zeros_like(op.inputs[0]), grad!)];
});
// TF's _IdentityNGrad and _EnsureShapeGrad pass gradients through; _CheckNumericsGrad checks the gradient too.
registerGradient('IdentityN', (_op, grads) => [...grads]);
registerGradient('EnsureShape', (_op, [grad]) => [grad]);
registerGradient('CheckNumerics', (op, [grad]) => [check_numerics(grad!, `Not a number (NaN) or infinity (Inf) values detected in gradient. ${String(op.get_attr('message'))}`)]);
// TF's _MatrixBandPartGrad: the gradient's own band; the bounds get none.
registerGradient('MatrixBandPart', (op, [grad]) => [matrix_band_part(grad!, op.inputs[1], op.inputs[2]), null, null]);
registerGradient('MatrixSetDiag', (_op, [grad]) => {
  const diagGrad = matrix_diag_part(grad!);
  return [matrix_set_diag(grad!, zeros_like(diagGrad)), diagGrad];
});

/** TF's _DynamicPartitionGrads: the partitions' gradients stitched back to where their elements came from. */
registerGradient('DynamicPartition', (op, grads) => {
  const [data, partitions] = op.inputs;
  const prefixShape = shape(partitions);
  const originalIndices = reshape(range(0, reduce_prod(prefixShape)), prefixShape);
  const partitionedIndices = dynamic_partition(originalIndices, partitions, op.get_attr('num_partitions') as number);
  return [reshape(dynamic_stitch(partitionedIndices, grads as Tensor[]), shape(data)), null];
});

// TF's _SplitGrad / _SplitVGrad: the pieces' gradients (zeros for unused pieces) joined back.
registerGradient('Split', (op, grads) => [null, concat(grads as Tensor[], op.inputs[0])]);
registerGradient('SplitV', (op, grads) => [concat(grads as Tensor[], op.inputs[2]), null, null]);
registerGradient('ReverseV2', (op, [grad]) => [reverse(grad!, op.inputs[1]), null]);
registerGradient('Reverse', (op, [grad]) => [makeOp('Reverse', [grad!, op.inputs[1]], { T: { type: grad!.dtype } }, 'Reverse').outputs[0], null]);
// TF's _RollGrad: the gradient rolled back.
registerGradient('Roll', (op, [grad]) => [roll(grad!, op.inputs[1].neg(), op.inputs[2]), null, null]);

/** TF's _BroadcastToGrad: sum over the broadcast axes, reshaped to the input. */
registerGradient('BroadcastTo', (op, [grad]) => {
  const inputShape = shape(op.inputs[0], { out_type: op.inputs[1].dtype });
  const [, reductionAxes] = makeOp('BroadcastGradientArgs', [op.inputs[1], inputShape], { T: { type: inputShape.dtype } }, 'BroadcastGradientArgs').outputs;
  return [reshape(reduce_sum(grad!, reductionAxes, { keepdims: true }), inputShape), null];
});

registerNotDifferentiable(
  'Shape', 'ShapeN', 'Size', 'Rank', 'InvertPermutation', 'ConcatOffset', 'ZerosLike', 'OnesLike', 'StopGradient', 'BroadcastGradientArgs', 'OneHot', 'Where', 'Const', 'Placeholder',
);

registerGradient('ReverseSequence', (op, [grad]) => [
  reverse_sequence(grad!, op.inputs[1], { seq_axis: op.get_attr('seq_dim') as number, batch_axis: op.get_attr('batch_dim') as number }), null,
]);

/** Each data tensor gets the gradient rows its indices stitched (TF's _DynamicStitchGrads). */
registerGradient('DynamicStitch', (op, [grad]) => {
  const n = op.inputs.length / 2;
  const indices = op.inputs.slice(0, n);
  return [...indices.map(() => null), ...indices.map((idx) => gather(grad!, cast(idx, int32)))];
});

/** TF's _SelectGradV2: each branch gets the gradient where it was chosen, summed over the axes it was broadcast along. */
registerGradient('SelectV2', (op, [grad]) => {
  const [c, x, y] = op.inputs;
  const zeros = constant(0, { dtype: grad!.dtype.base_dtype });
  const outputShape = shape(op.outputs[0]);
  const branch = (t: Tensor, g: Tensor) => {
    const tShape = shape(t);
    const [reduce] = makeOp('BroadcastGradientArgs', [tShape, outputShape], { T: { type: tShape.dtype } }, 'BroadcastGradientArgs').outputs;
    return reshape(reduce_sum(g, reduce, { keepdims: true }), tShape);
  };
  return [null, branch(x, where_v2(c, grad!, zeros)), branch(y, where_v2(c, zeros, grad!))];
});

// TF's _SpaceToBatchNDGrad, _BatchToSpaceNDGrad, _SpaceToBatchGrad and _BatchToSpaceGrad: each is the other's inverse.
registerGradient('SpaceToBatchND', (op, [grad]) => [batch_to_space_nd(grad!, op.inputs[1], op.inputs[2]), null, null]);
registerGradient('BatchToSpaceND', (op, [grad]) => [space_to_batch_nd(grad!, op.inputs[1], op.inputs[2]), null, null]);
registerGradient('SpaceToBatch', (op, [grad]) => [batch_to_space(grad!, op.inputs[1], op.get_attr('block_size') as number), null]);
registerGradient('BatchToSpace', (op, [grad]) => [space_to_batch(grad!, op.inputs[1], op.get_attr('block_size') as number), null]);
