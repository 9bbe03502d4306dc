/**
 * Gradients of the TensorScatter* ops (TF's array_grad.py): what a scatter wrote is gathered back from
 * the gradient (GatherNd's and ScatterNd's are in sparse_grad.ts).
 */
import { registerGradient } from '../framework/graph';
import { gather_nd, identity, zeros_like } from './array_ops';
import { tensor_scatter_update } from './scatter_nd_ops';

registerGradient('TensorScatterUpdate', (op, [grad]) => {
  const indices = op.inputs[1];
  const updatesGrad = gather_nd(grad!, indices);
  const tensorGrad = tensor_scatter_update(identity(grad!), indices, zeros_like(op.inputs[2], { dtype: grad!.dtype }));
  return [tensorGrad, null, updatesGrad];
});
registerGradient('TensorScatterAdd', (op, [grad]) => {
  const indices = op.inputs[1];
  const updatesGrad = gather_nd(grad!, indices);
  return [identity(grad!), null, updatesGrad];
});
registerGradient('TensorScatterSub', (op, [grad]) => {
  const indices = op.inputs[1];
  const updatesGrad = gather_nd(grad!, indices);
  return [identity(grad!), null, updatesGrad.neg()];
});
