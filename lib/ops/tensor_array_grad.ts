/**
 * Gradients of the TensorArray ops (TF's tensor_array_grad): the gradient of an array is another array
 * (TensorArrayGradV3, one per tf.gradients call, named by its `gradients` scope), in which a read's
 * gradient is written, a write's gradient is read, a gather's is scattered, a concat's is split, and
 * back; the flows carry the order between them.
 */
import { Operation, Tensor, registerGradient } from '../framework/graph';
import { DType } from '../framework/dtypes';
import { ValueError } from '../framework/errors';
import { identity } from './array_ops';
import { control_dependencies } from './control_flow_ops';
import { registerNotDifferentiable } from './gradient_util';
import { GraphTensorArray } from './tensor_array_ops';

registerNotDifferentiable('TensorArrayV3', 'TensorArrayGradV3', 'TensorArraySizeV3', 'TensorArrayCloseV3');

/** The `gradients` scope a gradient tensor was built in (TF's `_GetGradSource`): it names the gradient array. */
function gradSource(t: Tensor): string {
  const tokens = t.op.name.split('/');
  let last = -1;
  tokens.forEach((x, i) => { if (x.startsWith('gradients')) last = i; });
  if (last < 0) throw new ValueError(`Expected op/tensor name to start with gradients (excluding scope), got: ${t.op.name}`);
  return tokens.slice(0, last + 1).join('/');
}

/** The gradient array of the array `op` acts on, after `flow`. */
function gradArray(op: Operation, dtypeAttr: 'T' | 'dtype', flow: Tensor, source: Tensor): GraphTensorArray {
  const forward = new GraphTensorArray(op.get_attr(dtypeAttr) as DType, { handle: op.inputs[0], flow, colocate_with_first_write_call: false });
  return forward.grad(gradSource(source), flow);
}

/** For ops that write: the incoming flow gradient, ordered after the write itself (so the gradient array sees the final write). */
function afterWrite(op: Operation, flow: Tensor): Tensor {
  const flowOut = identity(op.outputs[0], { name: 'flow_out' });
  return control_dependencies([flowOut], () => identity(flow, { name: 'write_barrier' }));
}

registerGradient('TensorArrayReadV3', (op, [grad]) => {
  const g = gradArray(op, 'dtype', op.inputs[2], grad!);
  return [null, null, g.write(op.inputs[1], grad!).flow];
});

registerGradient('TensorArrayWriteV3', (op, [flowGrad]) => {
  const flow = afterWrite(op, flowGrad!);
  const g = gradArray(op, 'T', flow, flowGrad!);
  return [null, null, g.read(op.inputs[1]), flow];
});

registerGradient('TensorArrayGatherV3', (op, [grad]) => {
  const g = gradArray(op, 'dtype', op.inputs[2], grad!);
  return [null, null, g.scatter(op.inputs[1], grad!).flow];
});

registerGradient('TensorArrayScatterV3', (op, [flowGrad]) => {
  const flow = afterWrite(op, flowGrad!);
  const g = gradArray(op, 'T', flow, flowGrad!);
  return [null, null, g.gather(op.inputs[1]), flow];
});

registerGradient('TensorArrayConcatV3', (op, [grad]) => {
  const g = gradArray(op, 'dtype', op.inputs[1], grad!);
  return [null, g.split(grad!, op.outputs[1]).flow];
});

registerGradient('TensorArraySplitV3', (op, [flowGrad]) => {
  const flow = afterWrite(op, flowGrad!);
  const g = gradArray(op, 'T', flow, flowGrad!);
  return [null, g.concat(), null, flow];
});
