/**
 * Gradients of the tf.nn ops (TF's nn_grad.py), and the op types they emit: ReluGrad, Relu6Grad,
 * EluGrad, SeluGrad, SoftplusGrad, SoftsignGrad, BiasAddGrad, Conv2DBackpropInput,
 * Conv2DBackpropFilter, MaxPoolGrad, MaxPoolGradGrad and AvgPoolGrad (kernels in kernels/cpu/nn_grad.ts).
 */
import { Operation, Tensor, AttrValue } from '../framework/graph';
import { dtypeOfInput, shapeOfInput, constantValue } from './schema_util';
import { registerOp, registerGradient } from '../framework/graph';
import { makeOp, typeAttr } from './op_builder';
import { LookupError, registerNotDifferentiable } from './gradient_util';
import { expand_dims, getitem, reshape, shape, stop_gradient, transpose, zeros } from './array_ops';
import { add, exp, multiply, range, reduce_prod, reduce_sum, subtract, negative, unsorted_segment_sum } from './math_ops';
import { int32 } from '../framework/dtypes';
import { log_softmax } from './nn_ops';
import { OpType } from '../framework/op_types';

/** `(gradients, features)` → backprops; features are the forward op's input or output (see below). */
export const ACTIVATION_GRAD_OPS = ['ReluGrad', 'Relu6Grad', 'EluGrad', 'SeluGrad', 'SoftplusGrad', 'SoftsignGrad'] as const;
for (const type of ACTIVATION_GRAD_OPS) registerOp({ type, outputDtypes: dtypeOfInput(0), inferShapes: shapeOfInput(0) });

registerOp({
  type: 'BiasAddGrad',
  outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => {
    const dims = op.inputs[0].shape.dims;
    if (dims === null) return [[null]];
    const format = op.attrs.has('data_format') ? String(op.get_attr('data_format')) : 'NHWC';
    return [[dims[format === 'NCHW' ? 1 : dims.length - 1]]];
  },
});

/** The static shape a shape-valued input names, when it is a constant. */
const shapeFromInput = (op: Operation, i: number) => {
  const v = constantValue(op.inputs[i]);
  return [v ? Array.from(v.values) : [null, null, null, null]];
};
registerOp({ type: 'Conv2DBackpropInput', outputDtypes: dtypeOfInput(1), inferShapes: (op) => shapeFromInput(op, 0) });
registerOp({ type: 'Conv2DBackpropFilter', outputDtypes: dtypeOfInput(0), inferShapes: (op) => shapeFromInput(op, 1) });

// (orig_input, orig_output, grad): MaxPoolGrad has the input's shape, MaxPoolGradGrad the output's.
registerOp({ type: 'MaxPoolGrad', outputDtypes: dtypeOfInput(0), inferShapes: shapeOfInput(0) });
registerOp({ type: 'MaxPoolGradGrad', outputDtypes: dtypeOfInput(0), inferShapes: shapeOfInput(1) });
// (orig_input_shape, grad)
registerOp({ type: 'AvgPoolGrad', outputDtypes: dtypeOfInput(1), inferShapes: (op) => shapeFromInput(op, 0) });


function activationGrad(type: (typeof ACTIVATION_GRAD_OPS)[number], grad: Tensor, features: Tensor): Tensor {
  return makeOp(type, [grad, features], { T: typeAttr(grad) }, type).outputs[0];
}

// Relu, Relu6, Elu and Selu differentiate from their output; Softplus and Softsign from their input.
registerGradient('Relu', (op, [grad]) => [activationGrad('ReluGrad', grad!, op.outputs[0])]);
registerGradient('Relu6', (op, [grad]) => [activationGrad('Relu6Grad', grad!, op.outputs[0])]);
registerGradient('Elu', (op, [grad]) => [activationGrad('EluGrad', grad!, op.outputs[0])]);
registerGradient('Selu', (op, [grad]) => [activationGrad('SeluGrad', grad!, op.outputs[0])]);
registerGradient('Softplus', (op, [grad]) => [activationGrad('SoftplusGrad', grad!, op.inputs[0])]);
registerGradient('Softsign', (op, [grad]) => [activationGrad('SoftsignGrad', grad!, op.inputs[0])]);

registerGradient('Softmax', (op, [grad]) => {
  const softmax = op.outputs[0];
  const sumChannels = reduce_sum(multiply(grad!, softmax, { name: 'mul' }), -1, { keepdims: true });
  return [multiply(subtract(grad!, sumChannels, { name: 'sub' }), softmax, { name: 'mul' })];
});

registerGradient('LogSoftmax', (op, [grad]) => {
  const softmax = exp(op.outputs[0]);
  return [subtract(grad!, multiply(reduce_sum(grad!, -1, { keepdims: true }), softmax, { name: 'mul' }), { name: 'sub' })];
});

registerGradient('BiasAdd', (op, [grad]) => {
  const attrs: Record<string, AttrValue> = { T: typeAttr(grad!) };
  const format = op.attrs.get('data_format');
  if (format) attrs.data_format = format;
  return [grad, makeOp('BiasAddGrad', [grad!], attrs, 'BiasAddGrad').outputs[0]];
});

registerGradient('Conv2D', (op, [grad]) => {
  const [input, filter] = op.inputs;
  const attrs: Record<string, AttrValue> = { T: typeAttr(grad!) };
  for (const name of ['strides', 'padding', 'data_format', 'dilations', 'use_cudnn_on_gpu', 'explicit_paddings']) {
    const v = op.attrs.get(name);
    if (v) attrs[name] = v;
  }
  const inputShape = shape(input), filterShape = shape(filter);
  return [
    makeOp('Conv2DBackpropInput', [inputShape, filter, grad!], attrs, 'Conv2DBackpropInput').outputs[0],
    makeOp('Conv2DBackpropFilter', [input, filterShape, grad!], attrs, 'Conv2DBackpropFilter').outputs[0],
  ];
});

// The backprops' own gradients (conv2d_transpose's among them): each is a convolution of the
// incoming gradient with the other operand, as in TF's nn_grad.py.
const CONV_ATTRS = ['strides', 'padding', 'data_format', 'dilations', 'use_cudnn_on_gpu', 'explicit_paddings'];
registerGradient('Conv2DBackpropInput', (op, [grad]) => {
  const [, filter, outBackprop] = op.inputs;
  const attrs = carriedAttrs(op, grad!, CONV_ATTRS);
  return [
    null,
    makeOp('Conv2DBackpropFilter', [grad!, shape(filter), outBackprop], attrs, 'Conv2DBackpropFilter').outputs[0],
    makeOp('Conv2D', [grad!, filter], attrs, 'Conv2D').outputs[0],
  ];
});
registerGradient('Conv2DBackpropFilter', (op, [grad]) => {
  const [input, , outBackprop] = op.inputs;
  const attrs = carriedAttrs(op, grad!, CONV_ATTRS);
  return [
    makeOp('Conv2DBackpropInput', [shape(input), grad!, outBackprop], attrs, 'Conv2DBackpropInput').outputs[0],
    null,
    makeOp('Conv2D', [input, grad!], attrs, 'Conv2D').outputs[0],
  ];
});

// Each rearrangement's gradient is the other one on the incoming gradient.
registerGradient('SpaceToDepth', (op, [grad]) => [makeOp('DepthToSpace', [grad!], carriedAttrs(op, grad!, ['block_size', 'data_format']), 'DepthToSpace').outputs[0]]);
registerGradient('DepthToSpace', (op, [grad]) => [makeOp('SpaceToDepth', [grad!], carriedAttrs(op, grad!, ['block_size', 'data_format']), 'SpaceToDepth').outputs[0]]);

/** The pooling attrs of `op`, carried over to the gradient op. */
function poolAttrs(op: Operation, t: Tensor): Record<string, AttrValue> {
  const attrs: Record<string, AttrValue> = { T: typeAttr(t) };
  for (const name of ['ksize', 'strides', 'padding', 'data_format']) {
    const v = op.attrs.get(name);
    if (v) attrs[name] = v;
  }
  return attrs;
}
const poolOp = (type: OpType, op: Operation, inputs: Tensor[], dtypeFrom: Tensor): Tensor => makeOp(type, inputs, poolAttrs(op, dtypeFrom), type).outputs[0];
/** Zeros of a tensor's run-time shape (TF's `array_ops.zeros(shape=array_ops.shape(t), dtype=t.dtype)`). */
const zerosOfShape = (t: Tensor): Tensor => zeros(shape(t), t.dtype.base_dtype);

registerGradient('MaxPool', (op, [grad]) => [poolOp('MaxPoolGrad', op, [op.inputs[0], op.outputs[0], grad!], grad!)]);
registerGradient('MaxPoolGrad', (op, [grad]) => [
  zerosOfShape(op.inputs[0]), zerosOfShape(op.inputs[1]), poolOp('MaxPoolGradGrad', op, [op.inputs[0], op.inputs[1], grad!], grad!),
]);
registerGradient('MaxPoolGradGrad', (op, [grad]) => [
  zerosOfShape(op.inputs[0]), zerosOfShape(op.inputs[1]), poolOp('MaxPoolGrad', op, [op.inputs[0], op.inputs[1], grad!], grad!),
]);
registerGradient('AvgPool', (op, [grad]) => [poolOp('AvgPoolGrad', op, [shape(op.inputs[0]), grad!], grad!)]);
// TF returns stop_gradient(orig_input_shape) for the integer shape input: nothing flows through it.
registerGradient('AvgPoolGrad', (op, [grad]) => [stop_gradient(op.inputs[0]), poolOp('AvgPool', op, [grad!], grad!)]);

registerGradient('L2Loss', (op, [grad]) => [multiply(op.inputs[0], grad!, { name: 'mul' })]);

/** `vec[..., None] * mat`: a per-example loss gradient applied to each class. */
const broadcastMul = (vec: Tensor, mat: Tensor): Tensor => multiply(expand_dims(vec, -1), mat, { name: 'mul' });

/** Whether a gradient is known to be all zeros (the filler the gradient builder adds for unused outputs). */
function isZero(g: Tensor | null): boolean {
  if (g === null || g.op.type === 'ZerosLike') return true;
  const v = constantValue(g);
  return v !== null && Array.from(v.values).every((x) => x === 0);
}

registerGradient('SoftmaxCrossEntropyWithLogits', (op, [gradLoss, gradGrad]) => {
  if (!isZero(gradGrad)) {
    throw new LookupError(`No gradient defined for operation '${op.name}' (op type: SoftmaxCrossEntropyWithLogits) through its backprop output (second derivatives)`);
  }
  const grad = broadcastMul(gradLoss!, op.outputs[1]);
  return [grad, broadcastMul(gradLoss!, negative(log_softmax(op.inputs[0])))];
});

registerGradient('SparseSoftmaxCrossEntropyWithLogits', (op, [gradLoss]) => {
  // TF guards the backprop output with PreventGradient: its own derivative is not implemented.
  const guarded = makeOp('PreventGradient', [op.outputs[1]], {
    T: typeAttr(op.outputs[1]),
    message: { s: 'Currently there is no way to take the second derivative of sparse_softmax_cross_entropy_with_logits due to the fused implementation\'s interaction with tf.gradients()' },
  }, 'PreventGradient').outputs[0];
  return [broadcastMul(gradLoss!, guarded), null];
});

// ---- LeakyRelu, depthwise convolution, LRN and fused batch norm ------------------------------

registerOp({ type: 'LeakyReluGrad', outputDtypes: dtypeOfInput(0), inferShapes: shapeOfInput(0) });
registerOp({ type: 'DepthwiseConv2dNativeBackpropInput', outputDtypes: dtypeOfInput(1), inferShapes: (op) => shapeFromInput(op, 0) });
registerOp({ type: 'DepthwiseConv2dNativeBackpropFilter', outputDtypes: dtypeOfInput(0), inferShapes: (op) => shapeFromInput(op, 1) });
registerOp({ type: 'LRNGrad', outputDtypes: dtypeOfInput(0), inferShapes: shapeOfInput(0) });
/** (y_backprop, x, scale, reserve_space_1, reserve_space_2[, reserve_space_3]) → dx, dscale, doffset and two empty reserves. */
for (const type of ['FusedBatchNormGrad', 'FusedBatchNormGradV2', 'FusedBatchNormGradV3'] as const) {
  registerOp({
    type,
    outputDtypes: (inputs) => { const u = inputs[2].dtype.base_dtype; return [inputs[1].dtype.base_dtype, u, u, u, u]; },
    inferShapes: (op) => { const c = op.inputs[2].shape.dims?.[0] ?? null; return [op.inputs[1].shape, [c], [c], [0], [0]]; },
  });
}

/** The attrs of `op` named in `names`, carried over to its gradient op, with `T` from `t`. */
function carriedAttrs(op: Operation, t: Tensor, names: readonly string[]): Record<string, AttrValue> {
  const attrs: Record<string, AttrValue> = { T: typeAttr(t) };
  for (const name of names) {
    const v = op.attrs.get(name);
    if (v) attrs[name] = v;
  }
  return attrs;
}

registerGradient('LeakyRelu', (op, [grad]) => [makeOp('LeakyReluGrad', [grad!, op.inputs[0]], carriedAttrs(op, grad!, ['alpha']), 'LeakyReluGrad').outputs[0]]);

registerGradient('DepthwiseConv2dNative', (op, [grad]) => {
  const [input, filter] = op.inputs;
  const attrs = carriedAttrs(op, grad!, ['strides', 'padding', 'data_format', 'dilations', 'explicit_paddings']);
  return [
    makeOp('DepthwiseConv2dNativeBackpropInput', [shape(input), filter, grad!], attrs, 'DepthwiseConv2dNativeBackpropInput').outputs[0],
    makeOp('DepthwiseConv2dNativeBackpropFilter', [input, shape(filter), grad!], attrs, 'DepthwiseConv2dNativeBackpropFilter').outputs[0],
  ];
});

registerGradient('LRN', (op, [grad]) => [
  makeOp('LRNGrad', [grad!, op.inputs[0], op.outputs[0]], carriedAttrs(op, grad!, ['depth_radius', 'bias', 'alpha', 'beta']), 'LRNGrad').outputs[0],
]);

/** TF's _BaseFusedBatchNormGrad: training uses the saved batch statistics, inference the population ones (in NHWC). */
for (const [forward, backward] of [['FusedBatchNorm', 'FusedBatchNormGrad'], ['FusedBatchNormV2', 'FusedBatchNormGradV2'], ['FusedBatchNormV3', 'FusedBatchNormGradV3']] as const) {
  registerGradient(forward, (op, grads) => {
    let x = op.inputs[0], gradY = grads[0]!;
    const training = op.get_attr('is_training') === true;
    const nchw = String(op.get_attr('data_format')) === 'NCHW';
    const attrs = carriedAttrs(op, x, ['epsilon', 'data_format', 'is_training']);
    if (op.attrs.has('U')) attrs.U = op.attrs.get('U')!;
    let stats = training ? [op.outputs[3], op.outputs[4]] : [op.inputs[3], op.inputs[4]];
    if (!training && nchw) {
      x = transpose(x, [0, 2, 3, 1]);
      gradY = transpose(gradY, [0, 2, 3, 1]);
      attrs.data_format = { s: 'NHWC' };
    }
    if (forward === 'FusedBatchNormV3') stats = [...stats, op.outputs[5]];
    const [dx, dscale, doffset] = makeOp(backward, [gradY, x, op.inputs[1], ...stats], attrs, backward).outputs;
    return [!training && nchw ? transpose(dx, [0, 3, 1, 2]) : dx, dscale, doffset, null, null];
  });
}

/**
 * TF's _TopKGrad: each value's gradient goes back to the position it was taken from (flat positions
 * row * n + index; TF scatters them with ScatterNd, a segment sum gives the same values).
 */
registerGradient('TopKV2', (op, [grad]) => {
  const inShape = shape(op.inputs[0]), indShape = shape(op.outputs[1]);
  const indLast = getitem(indShape, -1), inLast = getitem(inShape, -1);
  const ind2d = reshape(op.outputs[1], [-1, indLast]);
  const outer = getitem(shape(ind2d), 0);
  const rowStarts = expand_dims(range(0, multiply(outer, inLast), inLast), -1);
  const flat = reshape(add(ind2d, rowStarts), [-1]);
  const scattered = unsorted_segment_sum(reshape(grad!, [-1]), flat, reduce_prod(inShape));
  return [reshape(scattered, inShape), zeros([], int32)];
});
registerNotDifferentiable('InTopKV2');

registerNotDifferentiable(...ACTIVATION_GRAD_OPS, 'BiasAddGrad', 'LeakyReluGrad',
  'DepthwiseConv2dNativeBackpropInput', 'DepthwiseConv2dNativeBackpropFilter', 'LRNGrad', 'FusedBatchNormGrad', 'FusedBatchNormGradV2', 'FusedBatchNormGradV3');
