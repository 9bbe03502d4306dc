/**
 * Gradients of the random ops (TF's random_grad.py): RandomGamma is differentiable in alpha by implicit
 * reparameterization, summed over the sample dimensions.
 */
import { Tensor, registerGradient } from '../framework/graph';
import { concat, constant, fill, getitem, reshape, shape } from './array_ops';
import { int32 } from '../framework/dtypes';
import { multiply, range, reduce_sum } from './math_ops';
import { makeOp } from './op_builder';

/** `x` reshaped with `count` leading 1s (TF's add_leading_unit_dimensions). */
function addLeadingUnitDimensions(x: Tensor, count: Tensor): Tensor {
  return reshape(x, concat([fill([count], constant(1, { dtype: int32 })), shape(x)], 0));
}

registerGradient('RandomGamma', (op, [grad]) => {
  const [sampleShape, alpha] = op.inputs;
  const sample = op.outputs[0];
  const numSampleDimensions = getitem(shape(sampleShape), 0);
  const alphaBroadcastable = addLeadingUnitDimensions(alpha, numSampleDimensions);
  const partialA = makeOp('RandomGammaGrad', [alphaBroadcastable, sample], { T: { type: alpha.dtype.base_dtype } }, 'RandomGammaGrad').outputs[0];
  return [null, reduce_sum(multiply(grad!, partialA), range(numSampleDimensions))];
});
