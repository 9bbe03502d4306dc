/**
 * Gradients of the array ops (TF's array_grad.py): shape changes route the gradient back to the
 * input's shape; selections route it to the chosen elements.
 */
import { Operation, Tensor } from '../framework/graph';
import { int32 } from '../framework/dtypes';
import { registerGradient, constantValue } from './registry';
import { LookupError, registerNotDifferentiable } from './gradient_util';
import { constant, reshape, shape, size, slice, stack, transpose, unstack, where, zeros_like } from './array_ops';
import { range, reduce_sum } from './math_ops';

/** The gradient reshaped to the op's first input (ExpandDims, Squeeze, Reshape). */
const reshapeToInput = (op: Operation, grad: Tensor): Tensor => reshape(grad, shape(op.inputs[0]));

registerGradient('Identity', (_op, [grad]) => [grad]);
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

registerGradient('Transpose', (op, [grad]) => {
  const perm = constantValue(op.inputs[1]);
  if (!perm) throw new LookupError(`No gradient defined for operation '${op.name}' (op type: Transpose) with a permutation computed at run time`);
  const inverse = new Array<number>(perm.size);
  Array.from(perm.values).forEach((p, i) => { inverse[p] = i; });
  return [transpose(grad!, constant(inverse, { dtype: int32 })), null];
});

registerGradient('ConcatV2', (op, [grad]) => {
  const values = op.inputs.slice(0, -1);
  const axisValue = constantValue(op.inputs[op.inputs.length - 1]);
  const rank = values[0].shape.ndims;
  const sizes = axisValue && rank !== null ? values.map((v) => v.shape.dims![((axisValue.item() as number) % rank + rank) % rank]) : null;
  if (!axisValue || rank === null || !sizes || sizes.some((s) => s === null)) {
    throw new LookupError(`No gradient defined for operation '${op.name}' (op type: ConcatV2) unless the axis and the sizes along it are known`);
  }
  const axis = ((axisValue.item() as number) % rank + rank) % rank;
  let offset = 0;
  const grads: (Tensor | null)[] = values.map((v, i) => {
    const begin = Array.from({ length: rank }, (_, d) => (d === axis ? offset : 0));
    offset += sizes[i]!;
    return slice(grad!, constant(begin, { dtype: int32 }), shape(v));
  });
  return [...grads, null];
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

registerNotDifferentiable(
  'Shape', 'Size', 'Rank', 'ZerosLike', 'OnesLike', 'StopGradient', 'BroadcastGradientArgs', 'OneHot', 'Where', 'Const', 'Placeholder',
);
