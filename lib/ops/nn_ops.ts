/**
 * Neural-network ops (`tf.nn`): activations, softmax, bias_add, conv2d, pooling, l2_loss, dropout and
 * the softmax cross-entropy losses, each declared once with TF's shape function.
 */
import { DType, bool, float16, bfloat16, float32, float64, int32 } from '../framework/dtypes';
import { AttrValue, Operation, Tensor } from '../framework/graph';
import { TFTypeError, ValueError } from '../framework/errors';
import { Dim, normalizeAxis } from '../framework/tensor_shape';
import { constantValue, dtypeOfInput, fixedDtypes, shapeOfInput } from './schema_util';
import { registerOp } from '../framework/graph';
import { TensorLike, checkDtype, convertIntegerInput, convert_to_tensor, isTensorLike, makeOp, opScope, typeAttr } from './op_builder';
import { checkRank, constantScalar, mergeShapes, shapeError } from './shape_fns';
import { Padding, layoutOf, windowedOutputSize } from '../framework/window';
import { cast, greater_equal, matmul, multiply, subtract, truediv } from './math_ops';
import {
  batch_to_space, batch_to_space_nd, concat, constant, expand_dims, getitem, rank as rankOf, reshape, shape as shapeOf, slice, space_to_batch, space_to_batch_nd, squeeze,
  stop_gradient, transpose,
} from './array_ops';
import { genBinary } from './gen_math_ops';
import { random_uniform } from './random_ops';
import { pythonFunction } from '../framework/python_signature';
import { avg_pool3d, conv3d, conv3d_transpose, max_pool3d } from './nn_ops_3d';
import { namedList } from './nest';
import { requiredPaddingsOf } from './space_batch_ops';

export { sigmoid, tanh } from './math_ops';

type NameOption = { name?: string };
const FLOATS: readonly DType[] = [float16, bfloat16, float32, float64];

// ---- declarations -----------------------------------------------------------------------------

const ACTIVATION_OPS = ['Relu', 'Relu6', 'Elu', 'Selu', 'Softplus', 'Softsign'] as const;
for (const type of ACTIVATION_OPS) registerOp({ type, outputDtypes: dtypeOfInput(0), inferShapes: shapeOfInput(0) });

function atLeastRank(op: Operation, t: Tensor, rank: number): void {
  if (t.shape.ndims !== null && t.shape.ndims < rank) throw shapeError(op, `Shape must be at least rank ${rank} but is rank ${t.shape.ndims}`);
}

for (const type of ['Softmax', 'LogSoftmax'] as const) {
  registerOp({ type, outputDtypes: dtypeOfInput(0), inferShapes: (op) => { atLeastRank(op, op.inputs[0], 1); return [op.inputs[0].shape]; } });
}

registerOp({
  type: 'BiasAdd',
  outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => {
    const [value, bias] = op.inputs;
    atLeastRank(op, value, 2);
    checkRank(op, bias, 1);
    const format = op.attrs.has('data_format') ? String(op.get_attr('data_format')) : 'NHWC';
    const dims = value.shape.dims;
    if (dims === null) return [null];
    const channel = format === 'NCHW' ? 1 : dims.length - 1;
    const b = bias.shape.dims?.[0] ?? null, c = dims[channel];
    if (b !== null && c !== null && b !== c) throw shapeError(op, `Dimensions must be equal, but are ${c} and ${b}`);
    const out = [...dims];
    out[channel] = c ?? b;
    return [out];
  },
});

function intListAttr(op: Operation, name: string, fallback?: number[]): number[] {
  return op.attrs.has(name) ? (op.get_attr(name) as number[]) : fallback ?? [];
}

/** Shape of a 2-D windowed op over a 4-D input, with TF's checks and messages. */
function windowedShape(op: Operation, kernel: [Dim, Dim], outChannels: Dim | 'same'): Dim[] | null {
  const x = op.inputs[0];
  checkRank(op, x, 4);
  const layout = layoutOf(String(op.get_attr('data_format')));
  const strides = intListAttr(op, 'strides');
  if (strides.length !== 4) throw shapeError(op, `${op.type} requires the stride attribute to contain 4 values, but got: ${strides.length}`);
  const dilations = intListAttr(op, 'dilations', [1, 1, 1, 1]);
  const padding = String(op.get_attr('padding')) as Padding;
  const dims = x.shape.dims ?? [null, null, null, null];
  const out: Dim[] = [null, null, null, null];
  out[layout.n] = dims[layout.n];
  out[layout.c] = outChannels === 'same' ? dims[layout.c] : outChannels;
  for (const [axis, k] of [[layout.h, kernel[0]], [layout.w, kernel[1]]] as const) {
    const size = dims[axis];
    if (size === null || k === null) continue;
    try {
      out[axis] = windowedOutputSize(size, k, dilations[axis], strides[axis], padding).size;
    } catch (e) {
      throw shapeError(op, (e as Error).message);
    }
  }
  return out;
}

/** A 2-D convolution's filter dims (rank 4 checked) and its input's depth. */
function convFilterAndDepth(op: Operation): { f: readonly Dim[]; inDepth: Dim } {
  const [x, filter] = op.inputs;
  checkRank(op, filter, 4);
  const layout = layoutOf(String(op.get_attr('data_format')));
  return { f: filter.shape.dims ?? [null, null, null, null], inDepth: x.shape.dims?.[layout.c] ?? null };
}

registerOp({
  type: 'Conv2D',
  outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => {
    const { f, inDepth } = convFilterAndDepth(op);
    if (inDepth !== null && f[2] !== null && inDepth % f[2] !== 0) {
      throw shapeError(op, `Depth of input (${inDepth}) is not a multiple of input depth of filter (${f[2]})`);
    }
    if (inDepth !== null && f[2] !== null && f[3] !== null && (f[3] % (inDepth / f[2])) !== 0) {
      throw shapeError(op, `Depth of output (${f[3]}) is not a multiple of the number of groups (${inDepth / f[2]})`);
    }
    return [windowedShape(op, [f[0], f[1]], f[3])];
  },
});

for (const type of ['MaxPool', 'AvgPool'] as const) {
  registerOp({
    type,
    outputDtypes: dtypeOfInput(0),
    inferShapes: (op) => {
      const ksize = intListAttr(op, 'ksize');
      if (ksize.length !== 4) throw shapeError(op, `${type} requires ksize to have 4 elements, but got: ${ksize.length}`);
      const layout = layoutOf(String(op.get_attr('data_format')));
      if (ksize[layout.n] !== 1 || ksize[layout.c] !== 1) throw shapeError(op, 'Pooling is not yet supported on the batch nor the depth dimension.');
      return [windowedShape(op, [ksize[layout.h], ksize[layout.w]], 'same')];
    },
  });
}

registerOp({ type: 'L2Loss', outputDtypes: dtypeOfInput(0), inferShapes: () => [[]] });

registerOp({
  type: 'SoftmaxCrossEntropyWithLogits',
  outputDtypes: dtypeOfInput(0, 2),
  inferShapes: (op) => {
    for (const t of op.inputs) checkRank(op, t, 2);
    const s = mergeShapes(op, op.inputs);
    const dims = s.dims ?? [null, null];
    return [[dims[0]], dims];
  },
});

registerOp({
  type: 'SparseSoftmaxCrossEntropyWithLogits',
  outputDtypes: dtypeOfInput(0, 2),
  inferShapes: (op) => {
    const [features, labels] = op.inputs;
    checkRank(op, features, 2);
    checkRank(op, labels, 1);
    const f = features.shape.dims ?? [null, null], l = labels.shape.dims?.[0] ?? null;
    if (f[0] !== null && l !== null && f[0] !== l) throw shapeError(op, `Dimensions must be equal, but are ${f[0]} and ${l}`);
    const batch = f[0] ?? l;
    return [[batch], [batch, f[1]]];
  },
});

registerOp({ type: 'LeakyRelu', outputDtypes: dtypeOfInput(0), inferShapes: shapeOfInput(0) });

registerOp({
  type: 'DepthwiseConv2dNative',
  outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => {
    const { f, inDepth } = convFilterAndDepth(op);
    if (inDepth !== null && f[2] !== null && inDepth !== f[2]) throw shapeError(op, `Dimensions must be equal, but are ${inDepth} and ${f[2]}`);
    const depth = f[2] ?? inDepth;
    return [windowedShape(op, [f[0], f[1]], depth !== null && f[3] !== null ? depth * f[3] : null)];
  },
});

registerOp({ type: 'LRN', outputDtypes: dtypeOfInput(0), inferShapes: (op) => { checkRank(op, op.inputs[0], 4); return [op.inputs[0].shape]; } });

/** FusedBatchNorm (V2/V3: scale and statistics of dtype U): y and the batch statistics, then TF's reserve spaces. */
for (const type of ['FusedBatchNorm', 'FusedBatchNormV2', 'FusedBatchNormV3'] as const) {
  registerOp({
    type,
    outputDtypes: (inputs) => {
      const u = inputs[1].dtype.base_dtype;
      return [inputs[0].dtype.base_dtype, u, u, u, u, ...(type === 'FusedBatchNormV3' ? [u] : [])];
    },
    inferShapes: (op) => {
      const [x, scale, offset] = op.inputs;
      checkRank(op, x, 4);
      for (const t of [scale, offset]) checkRank(op, t, 1);
      const layout = layoutOf(String(op.get_attr('data_format')));
      const c = x.shape.dims?.[layout.c] ?? scale.shape.dims?.[0] ?? null;
      for (const t of op.inputs.slice(1)) {
        const d = t.shape.dims?.[0] ?? null;
        const training = op.get_attr('is_training') === true;
        if (c !== null && d !== null && d !== c && !(training && t !== scale && t !== offset)) throw shapeError(op, `Dimensions must be equal, but are ${c} and ${d}`);
      }
      return [x.shape, [c], [c], [c], [c], ...(type === 'FusedBatchNormV3' ? [null] : [])];
    },
  });
}

registerOp({
  type: 'TopKV2',
  outputDtypes: (inputs) => [inputs[0].dtype.base_dtype, int32],
  inferShapes: (op) => {
    const [x, kT] = op.inputs;
    atLeastRank(op, x, 1);
    checkRank(op, kT, 0);
    const k = constantScalar(kT);
    if (k !== null && k < 0) throw shapeError(op, `Need k >= 0, got ${k}`);
    if (x.shape.dims === null) return [null, null];
    const last = x.shape.dims[x.shape.dims.length - 1];
    if (last !== null && k !== null && last < k) throw shapeError(op, `input must have last dimension >= k = ${k} but is ${last}`);
    const dims = [...x.shape.dims.slice(0, -1), k];
    return [dims, dims];
  },
});

registerOp({
  type: 'InTopKV2',
  outputDtypes: fixedDtypes(bool),
  inferShapes: (op) => {
    const [predictions, targets, k] = op.inputs;
    checkRank(op, predictions, 2);
    checkRank(op, targets, 1);
    checkRank(op, k, 0);
    const batch = predictions.shape.dims?.[0] ?? null, t = targets.shape.dims?.[0] ?? null;
    if (batch !== null && t !== null && batch !== t) throw shapeError(op, `Dimensions must be equal, but are ${batch} and ${t}`);
    return [[batch ?? t]];
  },
});

// SpaceToDepth moves each block_size × block_size spatial block into the channels; DepthToSpace undoes it.
for (const type of ['SpaceToDepth', 'DepthToSpace'] as const) {
  registerOp({
    type,
    outputDtypes: dtypeOfInput(0),
    inferShapes: (op) => {
      checkRank(op, op.inputs[0], 4);
      const bs = op.get_attr('block_size') as number;
      const d = op.inputs[0].shape.dims ?? [null, null, null, null];
      const divisible = (v: Dim, by: number): number | null => {
        if (v === null) return null;
        if (v % by !== 0) throw shapeError(op, `Dimension size must be evenly divisible by ${by} but is ${v}`);
        return v / by;
      };
      if (type === 'SpaceToDepth') return [[d[0], divisible(d[1], bs), divisible(d[2], bs), d[3] === null ? null : d[3] * bs * bs]];
      return [[d[0], d[1] === null ? null : d[1] * bs, d[2] === null ? null : d[2] * bs, divisible(d[3], bs * bs)]];
    },
  });
}

// ---- builders ---------------------------------------------------------------------------------

function activation(type: (typeof ACTIVATION_OPS)[number], features: TensorLike, name?: string): Tensor {
  return opScope(name, type, [features], (scope) => {
    const t = convert_to_tensor(features, { name: 'features' });
    return makeOp(type, [t], { T: typeAttr(t) }, scope).outputs[0];
  });
}

/** max(features, 0). @example tf.nn.relu(tf.matmul(x, w)) */
export const relu = pythonFunction('relu', ['features', 'name=None'], 1, function relu(features: TensorLike, options: NameOption = {}): Tensor { return activation('Relu', features, options.name); });
/** min(max(features, 0), 6). */
export const relu6 = pythonFunction('relu6', ['features', 'name=None'], 1, function relu6(features: TensorLike, options: NameOption = {}): Tensor { return activation('Relu6', features, options.name); });
/** exp(x) - 1 for x < 0, x otherwise. */
export const elu = pythonFunction('elu', ['features', 'name=None'], 1, function elu(features: TensorLike, options: NameOption = {}): Tensor { return activation('Elu', features, options.name); });
/** Scaled ELU with TF's constants (scale 1.0507..., alpha 1.6732...). */
export const selu = pythonFunction('selu', ['features', 'name=None'], 1, function selu(features: TensorLike, options: NameOption = {}): Tensor { return activation('Selu', features, options.name); });
/** log(exp(x) + 1). */
export const softplus = pythonFunction('softplus', ['features', 'name=None'], 1, function softplus(features: TensorLike, options: NameOption = {}): Tensor { return activation('Softplus', features, options.name); });
/** log(sigmoid(x)) = -softplus(-x), stable for large |x| (`LogSigmoid` scope). */
export const log_sigmoid = pythonFunction('log_sigmoid', ['x', 'name=None'], 1, function log_sigmoid(x: TensorLike, options: NameOption = {}): Tensor {
  return opScope(options.name, 'LogSigmoid', [x], (scope) => {
    const t = convert_to_tensor(x, { name: 'x' });
    return makeOp('Neg', [softplus(makeOp('Neg', [t], { T: typeAttr(t) }, 'Neg').outputs[0])], { T: typeAttr(t) }, scope).outputs[0];
  });
});
/** x / (|x| + 1). */
export const softsign = pythonFunction('softsign', ['features', 'name=None'], 1, function softsign(features: TensorLike, options: NameOption = {}): Tensor { return activation('Softsign', features, options.name); });

type AxisOptions = NameOption & { axis?: number | null; dim?: number | null };

/** Softmax/LogSoftmax on the last axis; another axis is moved last with a Transpose and back. */
function softmaxLike(type: 'Softmax' | 'LogSoftmax', logits: TensorLike, options: AxisOptions): Tensor {
  const axis = options.axis ?? options.dim ?? -1;
  const t = convert_to_tensor(logits);
  checkDtype(type, 'logits', t, FLOATS);
  const rank = t.shape.ndims;
  if (axis === -1 || (rank !== null && axis === rank - 1)) {
    return opScope(options.name, type, [t], (scope) => makeOp(type, [t], { T: typeAttr(t) }, scope).outputs[0]);
  }
  if (rank === null) throw new ValueError(`${type} over axis ${axis} needs a known rank, got ${t}`);
  const a = normalizeAxis(axis, rank, () => new ValueError(`Dimension ${axis} must be in [${-rank}, ${rank})`));
  const perm = Array.from({ length: rank }, (_, i) => (i === a ? rank - 1 : i === rank - 1 ? a : i));
  const moved = transpose(t, perm);
  const out = transpose(makeOp(type, [moved], { T: typeAttr(moved) }, type).outputs[0], perm, { name: options.name });
  out.set_shape(t.shape);
  return out;
}

/** exp(logits) / Σ exp(logits) along `axis` (default last). @example tf.nn.softmax(logits) */
export const softmax = pythonFunction('softmax', ['logits', 'axis=None', 'name=None', 'dim=None'], 1, function softmax(logits: TensorLike, options: AxisOptions = {}): Tensor { return softmaxLike('Softmax', logits, options); });
/** logits - log Σ exp(logits) along `axis` (default last). */
export const log_softmax = pythonFunction('log_softmax', ['logits', 'axis=None', 'name=None', 'dim=None'], 1, function log_softmax(logits: TensorLike, options: AxisOptions = {}): Tensor { return softmaxLike('LogSoftmax', logits, options); });

/**
 * Adds a 1-D bias to the channel dimension of `value` (last for NHWC, 1 for NCHW).
 * @example tf.nn.bias_add(conv, biases)
 */
export const bias_add = pythonFunction('bias_add', ['value', 'bias', 'data_format=None', 'name=None'], 2, function bias_add(value: TensorLike, bias: TensorLike, options: NameOption & { data_format?: 'NHWC' | 'NCHW' | null } = {}): Tensor {
  return opScope(options.name, 'BiasAdd', [value, bias], (scope) => {
    const v = convert_to_tensor(value, { name: 'input' });
    const b = convert_to_tensor(bias, { dtype: v.dtype.base_dtype, name: 'bias' });
    return makeOp('BiasAdd', [v, b], { T: typeAttr(v), data_format: { s: options.data_format ?? 'NHWC' } }, scope).outputs[0];
  });
});

export interface Conv2DOptions extends NameOption {
  strides?: readonly number[];
  padding?: Padding;
  use_cudnn_on_gpu?: boolean;
  data_format?: 'NHWC' | 'NCHW';
  dilations?: readonly number[];
}

function checkPadding(padding: string | undefined, op: string): Padding {
  if (padding !== 'SAME' && padding !== 'VALID') throw new ValueError(`${op}: padding must be 'SAME' or 'VALID', got ${JSON.stringify(padding)}`);
  return padding;
}

/**
 * 2-D convolution of a 4-D `input` with `filter` [height, width, in_channels, out_channels].
 * @example tf.nn.conv2d(x, w, [1, 1, 1, 1], 'SAME') or tf.nn.conv2d(x, w, {strides: [1, 1, 1, 1], padding: 'SAME'})
 */
export const conv2d = pythonFunction('conv2d', [
  'input', 'filter=None', 'strides=None', 'padding=None', 'use_cudnn_on_gpu=True', "data_format='NHWC'", 'dilations=[1, 1, 1, 1]',
  'name=None', 'filters=None',
], 2, function conv2d(input: TensorLike, filter: TensorLike | undefined, o: Conv2DOptions & { filters?: TensorLike } = {}): Tensor {
  const pad = checkPadding(o.padding, 'conv2d');
  if (!o.strides) throw new TFTypeError("conv2d() missing required argument: 'strides'");
  if (filter !== undefined && o.filters !== undefined) throw new ValueError('Cannot specify both filter and filters');
  const kernel = filter ?? o.filters;
  if (kernel === undefined) throw new TFTypeError("conv2d() missing required argument: 'filter'");
  return opScope(o.name, 'Conv2D', [input, kernel], (scope) => {
    const x = convert_to_tensor(input, { name: 'input' });
    const f = convert_to_tensor(kernel, { dtype: x.dtype.base_dtype, name: 'filter' });
    checkDtype('Conv2D', 'input', x, FLOATS);
    const attrs: Record<string, AttrValue> = {
      T: typeAttr(x), strides: { list: { i: [...o.strides!] } }, use_cudnn_on_gpu: { b: o.use_cudnn_on_gpu ?? true },
      padding: { s: pad }, explicit_paddings: { list: { i: [] } }, data_format: { s: o.data_format ?? 'NHWC' },
      dilations: { list: { i: [...(o.dilations ?? [1, 1, 1, 1])] } },
    };
    return makeOp('Conv2D', [x, f], attrs, scope).outputs[0];
  });
});

/**
 * 1-D convolution of `[batch, width, in_channels]` with `filters` `[width, in_channels, out_channels]`,
 * as TF 1.15 builds it: both expanded to 2-D, a Conv2D named after the scope, the extra dimension
 * squeezed away.
 * @example tf.nn.conv1d(x, w, {stride: 1, padding: 'SAME'})
 */
export const conv1d = pythonFunction('conv1d', ['value=None', 'filters=None', 'stride=None', 'padding=None', 'use_cudnn_on_gpu=None', 'data_format=None', 'name=None', 'input=None', 'dilations=None'], 2, function conv1d(value: TensorLike, filters: TensorLike, options: NameOption & { stride?: number; padding?: Padding; data_format?: 'NWC' | 'NHWC'; dilations?: number } = {}): Tensor {
  if (options.stride === undefined) throw new TFTypeError("conv1d() missing required argument: 'stride'");
  const pad = checkPadding(options.padding, 'conv1d');
  return opScope(options.name, 'conv1d', [value, filters], (scope) => {
    const x = expand_dims(value, -3);
    const f = expand_dims(filters, 0);
    const y = conv2d(x, f, { strides: [1, 1, options.stride!, 1], padding: pad, dilations: [1, 1, options.dilations ?? 1, 1], name: scope });
    return squeeze(y, [-3]);
  });
});

/**
 * The transpose of conv2d (the gradient of conv2d with respect to its input): `filter` is
 * `[height, width, output_channels, in_channels]`, `output_shape` the 4-D result shape.
 * @example tf.nn.conv2d_transpose(x, w, [8, 14, 14, 16], {strides: [1, 2, 2, 1], padding: 'SAME'})
 */
export const conv2d_transpose = pythonFunction('conv2d_transpose', ['value=None', 'filter=None', 'output_shape=None', 'strides=None', "padding='SAME'", "data_format='NHWC'", 'name=None', 'input=None', 'filters=None', 'dilations=None'], 3, function conv2d_transpose(value: TensorLike, filter: TensorLike, output_shape: TensorLike, options: NameOption & { strides?: readonly number[]; padding?: Padding; data_format?: 'NHWC' | 'NCHW' } = {}): Tensor {
  const pad = checkPadding(options.padding ?? 'SAME', 'conv2d_transpose');
  if (!options.strides) throw new TFTypeError("conv2d_transpose() missing required argument: 'strides'");
  return opScope(options.name, 'conv2d_transpose', [value, filter, output_shape], (scope) => {
    const x = convert_to_tensor(value, { name: 'value' });
    const f = convert_to_tensor(filter, { dtype: x.dtype.base_dtype, name: 'filter' });
    const outShape = convert_to_tensor(output_shape, { dtype: isTensorLike(output_shape) ? undefined : 'int32', name: 'output_shape' });
    const channelAxis = options.data_format === 'NCHW' ? 1 : 3;
    const inChannels = x.shape.dims?.[channelAxis], filterIn = f.shape.dims?.[3];
    if (inChannels != null && filterIn != null && inChannels !== filterIn) {
      throw new ValueError(`input channels does not match filter's input channels, ${inChannels} != ${filterIn}`);
    }
    return makeOp('Conv2DBackpropInput', [outShape, f, x], {
      T: typeAttr(x), strides: { list: { i: [...options.strides!] } }, use_cudnn_on_gpu: { b: true }, padding: { s: pad },
      explicit_paddings: { list: { i: [] } }, data_format: { s: options.data_format ?? 'NHWC' }, dilations: { list: { i: [1, 1, 1, 1] } },
    }, scope).outputs[0];
  });
});

type BackpropType = 'Conv2DBackpropInput' | 'Conv2DBackpropFilter' | 'DepthwiseConv2dNativeBackpropInput' | 'DepthwiseConv2dNativeBackpropFilter';
type BackpropOptions = NameOption & { strides?: readonly number[]; padding?: Padding; use_cudnn_on_gpu?: boolean; data_format?: 'NHWC' | 'NCHW'; dilations?: readonly number[] };

/**
 * One convolution backprop op, as TF's generated wrapper builds it: the inputs converted in the op's
 * scope under their arg names, `sizes` (int32) the shape of the input or filter being backpropagated to.
 */
function convBackprop(type: BackpropType, fn: string, inputs: readonly [TensorLike, TensorLike, TensorLike], argNames: readonly [string, string, string], o: BackpropOptions): Tensor {
  if (!o.strides) throw new TFTypeError(`${fn}() missing required argument: 'strides'`);
  const pad = checkPadding(o.padding, fn);
  const sizesAt = type.endsWith('Input') ? 0 : 1;
  return opScope(o.name, type, [...inputs], (scope) => {
    const dataAt = sizesAt === 0 ? 1 : 0;
    const data = convert_to_tensor(inputs[dataAt], { name: argNames[dataAt] });
    const ts = inputs.map((v, i) => i === dataAt ? data
      : i === sizesAt ? convertIntegerInput(v, argNames[i])
      : convert_to_tensor(v, { dtype: data.dtype.base_dtype, name: argNames[i] }));
    const attrs: Record<string, AttrValue> = {
      T: typeAttr(data), strides: { list: { i: [...o.strides!] } }, padding: { s: pad }, explicit_paddings: { list: { i: [] } },
      data_format: { s: o.data_format ?? 'NHWC' }, dilations: { list: { i: [...(o.dilations ?? [1, 1, 1, 1])] } },
    };
    if (type.startsWith('Conv2D')) attrs.use_cudnn_on_gpu = { b: o.use_cudnn_on_gpu ?? true };
    return makeOp(type, ts, attrs, scope).outputs[0];
  });
}

/** The gradient of conv2d with respect to its input, of shape `input_sizes`. @example tf.nn.conv2d_backprop_input([1, 4, 4, 1], w, dy, [1, 1, 1, 1], 'SAME') */
export const conv2d_backprop_input = pythonFunction('conv2d_backprop_input', ['input_sizes', 'filter=None', 'out_backprop=None', 'strides=None', 'padding=None', 'use_cudnn_on_gpu=True', "data_format='NHWC'", 'dilations=[1, 1, 1, 1]', 'name=None', 'filters=None'], 3, function conv2d_backprop_input(input_sizes: TensorLike, filter: TensorLike | undefined, out_backprop: TensorLike, options: BackpropOptions & { filters?: TensorLike } = {}): Tensor {
  const f = filter ?? options.filters;
  if (f === undefined) throw new TFTypeError("conv2d_backprop_input() missing required argument: 'filter'");
  return convBackprop('Conv2DBackpropInput', 'conv2d_backprop_input', [input_sizes, f, out_backprop], ['input_sizes', 'filter', 'out_backprop'], options);
});
/** The gradient of conv2d with respect to its filter, of shape `filter_sizes`. */
export const conv2d_backprop_filter = pythonFunction('conv2d_backprop_filter', ['input', 'filter_sizes', 'out_backprop', 'strides', 'padding', 'use_cudnn_on_gpu=True', "data_format='NHWC'", 'dilations=[1, 1, 1, 1]', 'name=None'], 3, function conv2d_backprop_filter(input: TensorLike, filter_sizes: TensorLike, out_backprop: TensorLike, options: BackpropOptions = {}): Tensor {
  return convBackprop('Conv2DBackpropFilter', 'conv2d_backprop_filter', [input, filter_sizes, out_backprop], ['input', 'filter_sizes', 'out_backprop'], options);
});
const DEPTHWISE_BACKPROP_INPUT_PARAMS = ['input_sizes', 'filter', 'out_backprop', 'strides', 'padding', "data_format='NHWC'", 'dilations=[1, 1, 1, 1]', 'name=None'] as const;
const DEPTHWISE_BACKPROP_FILTER_PARAMS = ['input', 'filter_sizes', 'out_backprop', 'strides', 'padding', "data_format='NHWC'", 'dilations=[1, 1, 1, 1]', 'name=None'] as const;
/** The gradient of depthwise_conv2d_native with respect to its input (also `depthwise_conv2d_backprop_input`). */
export const depthwise_conv2d_native_backprop_input = pythonFunction('depthwise_conv2d_native_backprop_input', DEPTHWISE_BACKPROP_INPUT_PARAMS, 3, function depthwise_conv2d_native_backprop_input(input_sizes: TensorLike, filter: TensorLike, out_backprop: TensorLike, options: Omit<BackpropOptions, 'use_cudnn_on_gpu'> = {}): Tensor {
  return convBackprop('DepthwiseConv2dNativeBackpropInput', 'depthwise_conv2d_native_backprop_input', [input_sizes, filter, out_backprop], ['input_sizes', 'filter', 'out_backprop'], options);
});
/** The gradient of depthwise_conv2d_native with respect to its filter (also `depthwise_conv2d_backprop_filter`). */
export const depthwise_conv2d_native_backprop_filter = pythonFunction('depthwise_conv2d_native_backprop_filter', DEPTHWISE_BACKPROP_FILTER_PARAMS, 3, function depthwise_conv2d_native_backprop_filter(input: TensorLike, filter_sizes: TensorLike, out_backprop: TensorLike, options: Omit<BackpropOptions, 'use_cudnn_on_gpu'> = {}): Tensor {
  return convBackprop('DepthwiseConv2dNativeBackpropFilter', 'depthwise_conv2d_native_backprop_filter', [input, filter_sizes, out_backprop], ['input', 'filter_sizes', 'out_backprop'], options);
});
type TransposeOptions = NameOption & { padding?: Padding; data_format?: string | null; dilations?: WindowArg | null };

function noDilation(dilations: WindowArg | null | undefined, fn: string): void {
  const d = dilations === null || dilations === undefined ? [1] : typeof dilations === 'number' ? [dilations] : dilations;
  if (d.some((r) => r !== 1)) throw new ValueError(`${fn}: dilations other than 1 are not supported yet, got ${JSON.stringify(dilations)}`);
}

/**
 * The transpose of conv1d: a height-1 conv2d_backprop_input named after the `conv1d_transpose` scope, then
 * a Squeeze. `filters` is `[width, output_channels, in_channels]`, `output_shape` the 3-D result shape.
 * @example tf.nn.conv1d_transpose(x, w, [4, 10, 8], 2)
 */
export const conv1d_transpose = pythonFunction('conv1d_transpose', ['input', 'filters', 'output_shape', 'strides', "padding='SAME'", "data_format='NWC'", 'dilations=None', 'name=None'], 4, function conv1d_transpose(input: TensorLike, filters: TensorLike, output_shape: TensorLike, strides: WindowArg, options: TransposeOptions = {}): Tensor {
  return opScope(options.name, 'conv1d_transpose', [input, filters, output_shape], (scope) => {
    const format = options.data_format ?? 'NWC';
    if (format !== 'NWC' && format !== 'NCW') throw new ValueError('data_format must be "NWC" or "NCW".');
    noDilation(options.dilations, 'conv1d_transpose');
    const spatial = format === 'NWC' ? 1 : 2, channel = format === 'NWC' ? 2 : 1;
    const x = expand_dims(input, spatial);
    const f = expand_dims(filters, 0);
    const outShape = output_shape instanceof Tensor
      ? concat([slice(output_shape, [0], [spatial]), new Int32Array([1]), slice(output_shape, [spatial], [-1])], 0)
      : [...(output_shape as number[]).slice(0, spatial), 1, ...(output_shape as number[]).slice(spatial)];
    const y = convBackprop('Conv2DBackpropInput', 'conv1d_transpose', [outShape, f, x], ['input_sizes', 'filter', 'out_backprop'], {
      strides: [1, ...poolWindow(strides, 1, channel, 'stride')], padding: options.padding ?? 'SAME', data_format: format === 'NWC' ? 'NHWC' : 'NCHW', name: scope,
    });
    return squeeze(y, [spatial]);
  });
});

/**
 * The transpose of an N-d convolution, picked by the length of `output_shape` (3: conv1d_transpose,
 * 4: conv2d_transpose, 5: conv3d_transpose), the op named after the scope; strides may be one int or the spatial sizes.
 * @example tf.nn.conv_transpose(x, w, [8, 14, 14, 16], 2)
 */
export const conv_transpose = pythonFunction('conv_transpose', ['input', 'filters', 'output_shape', 'strides', "padding='SAME'", 'data_format=None', 'dilations=None', 'name=None'], 4, function conv_transpose(input: TensorLike, filters: TensorLike, output_shape: TensorLike, strides: WindowArg, options: TransposeOptions = {}): Tensor {
  return opScope(options.name, 'conv_transpose', [input, filters, output_shape], (scope) => {
    const length = output_shape instanceof Tensor ? output_shape.shape.dims?.[0] ?? null : Array.isArray(output_shape) ? output_shape.length : null;
    if (length === null) throw new ValueError('output_shape must be a tensor or sized collection.');
    const n = length - 2;
    if (n < 1 || n > 3) throw new ValueError(`output_shape must be of length 3, 4 or 5 but was ${length}.`);
    if (n === 3) {
      return conv3d_transpose(input, filters, output_shape, {
        strides, padding: options.padding ?? 'SAME', data_format: (options.data_format ?? 'NDHWC') as 'NDHWC' | 'NCDHW', dilations: options.dilations, name: scope,
      });
    }
    if (n === 1) return conv1d_transpose(input, filters, output_shape, strides, { ...options, name: scope });
    noDilation(options.dilations, 'conv_transpose');
    const format = (options.data_format ?? 'NHWC') as 'NHWC' | 'NCHW';
    return conv2d_transpose(input, filters, output_shape, {
      strides: poolWindow(strides, 2, format.startsWith('NC') ? 1 : 3, 'strides'), padding: options.padding ?? 'SAME', data_format: format, name: scope,
    });
  });
});

/**
 * N-d convolution (1-D, 2-D or 3-D) in a `convolution` scope, the conv op itself named after it; strides
 * and dilations as one int, the spatial sizes or the full window. Dilation rates above 1 need
 * space_to_batch, not there yet.
 * @example tf.nn.convolution(x, w, 'SAME', {strides: [2, 2]})
 */
export const convolution = pythonFunction('convolution', ['input', 'filter', 'padding', 'strides=None', 'dilation_rate=None', 'name=None', 'data_format=None', 'filters=None', 'dilations=None'], 3, function convolution(input: TensorLike, filter: TensorLike | undefined, padding: Padding, options: NameOption & { strides?: WindowArg | null; dilation_rate?: WindowArg | null; data_format?: string | null; filters?: TensorLike; dilations?: WindowArg | null } = {}): Tensor {
  const filterArg = filter ?? options.filters;
  if (filterArg === undefined) throw new TFTypeError("convolution() missing required argument: 'filter'");
  return opScope(options.name, 'convolution', [input, filterArg], (scope) => {
    const x = convert_to_tensor(input, { name: 'input' });
    const f = convert_to_tensor(filterArg, { dtype: x.dtype.base_dtype, name: 'filters' });
    const rank = x.shape.ndims ?? f.shape.ndims;
    if (rank === null) throw new ValueError('rank of input or filter must be known');
    const n = rank - 2;
    if (n < 1 || n > 3) throw new ValueError(`Input tensor must be of rank 3, 4 or 5 but was ${rank}.`);
    const format = options.data_format ?? (n === 1 ? 'NWC' : n === 2 ? 'NHWC' : 'NDHWC');
    const channel = format.startsWith('NC') ? 1 : n + 1;
    const strides = poolWindow(options.strides, n, channel, 'strides');
    noDilation(options.dilations ?? options.dilation_rate, 'convolution');
    if (n === 1) {
      if (format !== 'NWC') throw new ValueError(`convolution: 1-D data_format must be 'NWC' here, got ${JSON.stringify(format)}`);
      return conv1d(x, f, { stride: strides[1], padding, name: scope });
    }
    if (n === 3) {
      const format3 = options.data_format ?? 'NDHWC';
      if (format3 !== 'NDHWC' && format3 !== 'NCDHW') throw new ValueError(`data_format must be "NDHWC" or "NCDHW". Have: ${format3}`);
      return conv3d(x, f, { strides, padding, data_format: format3, name: scope });
    }
    return conv2d(x, f, { strides, padding, data_format: format as 'NHWC' | 'NCHW', name: scope });
  });
});

/** TF 1.15 exports the native depthwise backprops under these names too. */
export const depthwise_conv2d_backprop_input = depthwise_conv2d_native_backprop_input;
export const depthwise_conv2d_backprop_filter = depthwise_conv2d_native_backprop_filter;

export interface PoolOptions extends NameOption {
  ksize?: readonly number[];
  strides?: readonly number[];
  padding?: Padding;
  data_format?: 'NHWC' | 'NCHW';
}

function poolOp(type: 'MaxPool' | 'AvgPool', value: TensorLike, o: PoolOptions): Tensor {
  const pad = checkPadding(o.padding, type === 'MaxPool' ? 'max_pool' : 'avg_pool');
  if (!o.ksize || !o.strides) throw new TFTypeError(`${type === 'MaxPool' ? 'max_pool' : 'avg_pool'}() missing required arguments: 'ksize' and 'strides'`);
  return opScope(o.name, type, [value], (scope) => {
    const x = convert_to_tensor(value, { name: 'input' });
    const attrs: Record<string, AttrValue> = {
      T: typeAttr(x), ksize: { list: { i: [...o.ksize!] } }, strides: { list: { i: [...o.strides!] } },
      padding: { s: pad }, data_format: { s: o.data_format ?? 'NHWC' },
    };
    return makeOp(type, [x], attrs, scope).outputs[0];
  });
}

const POOL_PARAMS = ['value', 'ksize', 'strides', 'padding', "data_format='NHWC'", 'name=None', 'input=None'] as const;
/** Max over each window. @example tf.nn.max_pool(x, {ksize: [1, 2, 2, 1], strides: [1, 2, 2, 1], padding: 'SAME'}) */
export const max_pool = pythonFunction('max_pool', POOL_PARAMS, 1, function max_pool(value: TensorLike, options: PoolOptions = {}): Tensor {
  return poolOp('MaxPool', value, options);
});
/** Mean over each window (padding excluded from the count, as in TF). */
export const avg_pool = pythonFunction('avg_pool', POOL_PARAMS, 1, function avg_pool(value: TensorLike, options: PoolOptions = {}): Tensor {
  return poolOp('AvgPool', value, options);
});

/** TF 1.15's alias of `avg_pool` (same signature, `AvgPool` scope). */
export const avg_pool2d = avg_pool;

type WindowArg = number | readonly number[];
type PoolV2Options = NameOption & { ksize?: WindowArg; strides?: WindowArg; padding?: Padding; data_format?: string | null };
const POOL_V2_PARAMS = ['input', 'ksize', 'strides', 'padding', 'data_format=None', 'name=None'] as const;

/** TF's `_get_sequence`: one int, `n` ints or the full `n + 2`, as the full window with 1 at batch and channel. */
function poolWindow(value: WindowArg | null | undefined, n: number, channelIndex: number, what: string): number[] {
  const v = value === null || value === undefined ? [1] : typeof value === 'number' ? [value] : [...value];
  if (v.length === n + 2) return v;
  if (v.length !== 1 && v.length !== n) throw new ValueError(`${what} should be of length 1, ${n} or ${n + 2} but was ${v.length}`);
  const spatial = v.length === 1 ? Array<number>(n).fill(v[0]) : v;
  return channelIndex === 1 ? [1, 1, ...spatial] : [1, ...spatial, 1];
}

/** 2-D pooling whose ksize/strides may be one int or the spatial sizes (max_pool2d and the v2 pools). */
function pool2dV2(type: 'MaxPool' | 'AvgPool', x: Tensor, o: PoolV2Options, name: string | undefined): Tensor {
  const format = (o.data_format ?? 'NHWC') as 'NHWC' | 'NCHW';
  const channel = format.startsWith('NC') ? 1 : 3;
  return poolOp(type, x, { ksize: poolWindow(o.ksize, 2, channel, 'ksize'), strides: poolWindow(o.strides, 2, channel, 'strides'), padding: o.padding, data_format: format, name });
}

/** 1-D pooling as TF does it: a height-1 image (ExpandDims, the 2-D pool named after the scope, Squeeze). */
function pool1d(type: 'MaxPool' | 'AvgPool', scopeName: string, input: TensorLike, o: PoolV2Options): Tensor {
  return opScope(o.name, scopeName, [input], (scope) => {
    const format = o.data_format ?? 'NWC';
    if (format !== 'NWC' && format !== 'NCW') throw new ValueError(`data_format must be 'NWC' or 'NCW', got ${JSON.stringify(format)}`);
    const channel = format === 'NCW' ? 1 : 2;
    const expandAt = format === 'NWC' ? 1 : 2;
    const x = expand_dims(convert_to_tensor(input, { name: 'input' }), expandAt);
    const y = poolOp(type, x, {
      ksize: [1, ...poolWindow(o.ksize, 1, channel, 'ksize')], strides: [1, ...poolWindow(o.strides, 1, channel, 'strides')],
      padding: o.padding, data_format: format === 'NWC' ? 'NHWC' : 'NCHW', name: scope,
    });
    return squeeze(y, [expandAt]);
  });
}

/** Max over 1-D windows of a [batch, width, channels] input. @example tf.nn.max_pool1d(x, 2, 2, 'VALID') */
export const max_pool1d = pythonFunction('max_pool1d', ['input', 'ksize', 'strides', 'padding', "data_format='NWC'", 'name=None'], 1, function max_pool1d(input: TensorLike, options: PoolV2Options = {}): Tensor {
  return pool1d('MaxPool', 'MaxPool1d', input, options);
});
/** Mean over 1-D windows of a [batch, width, channels] input. */
export const avg_pool1d = pythonFunction('avg_pool1d', ['input', 'ksize', 'strides', 'padding', "data_format='NWC'", 'name=None'], 1, function avg_pool1d(input: TensorLike, options: PoolV2Options = {}): Tensor {
  return pool1d('AvgPool', 'AvgPool1D', input, options);
});

/** 2-D max pooling in a `MaxPool2d` scope; ksize/strides may be one int or [h, w]. @example tf.nn.max_pool2d(x, 2, 2, 'SAME') */
export const max_pool2d = pythonFunction('max_pool2d', ['input', 'ksize', 'strides', 'padding', "data_format='NHWC'", 'name=None'], 1, function max_pool2d(input: TensorLike, options: PoolV2Options = {}): Tensor {
  return opScope(options.name, 'MaxPool2d', [input], (scope) => pool2dV2('MaxPool', convert_to_tensor(input, { name: 'input' }), options, scope));
});

/** The rank-generic pools: a rank-3 input pools 1-D, rank 4 2-D (the pool op itself, named `name`). */
function poolV2(type: 'MaxPool' | 'AvgPool', input: TensorLike, o: PoolV2Options): Tensor {
  const x = convert_to_tensor(input, { name: 'input' });
  const rank = x.shape.ndims ?? (o.data_format ? o.data_format.length : null);
  if (rank === null) throw new ValueError('The input must have a rank or a data format specified.');
  const n = rank - 2;
  if (n < 1 || n > 3) throw new ValueError(`Input tensor must be of rank 3, 4 or 5 but was ${rank}.`);
  if (n === 3) throw new ValueError(`${type === 'MaxPool' ? 'max_pool_v2' : 'avg_pool_v2'}: 3-D pooling (rank-5 input) is not supported yet`);
  if (n === 1) return pool1d(type, type === 'MaxPool' ? 'MaxPool1d' : 'AvgPool1D', x, o);
  return pool2dV2(type, x, o, o.name);
}

/** Max pooling over 1-D or 2-D windows, picked by the input's rank. @example tf.nn.max_pool_v2(x, 2, 2, 'SAME') */
export const max_pool_v2 = pythonFunction('max_pool_v2', POOL_V2_PARAMS, 1, function max_pool_v2(input: TensorLike, options: PoolV2Options = {}): Tensor {
  return poolV2('MaxPool', input, options);
});
/** Average pooling over 1-D or 2-D windows, picked by the input's rank. */
export const avg_pool_v2 = pythonFunction('avg_pool_v2', POOL_V2_PARAMS, 1, function avg_pool_v2(input: TensorLike, options: PoolV2Options = {}): Tensor {
  return poolV2('AvgPool', input, options);
});

function spaceDepthOp(type: 'SpaceToDepth' | 'DepthToSpace', input: TensorLike, block_size: number, o: NameOption & { data_format?: string }): Tensor {
  if (!Number.isInteger(block_size) || block_size < 2) throw new ValueError(`Value for attr 'block_size' of ${block_size} must be at least minimum 2`);
  const format = o.data_format ?? 'NHWC';
  if (format !== 'NHWC') throw new ValueError(`${type}: only the NHWC data_format is supported on CPU, got ${JSON.stringify(format)}`);
  return opScope(o.name, type, [input], (scope) => {
    const x = convert_to_tensor(input, { name: 'input' });
    return makeOp(type, [x], { T: typeAttr(x), block_size: { i: block_size }, data_format: { s: format } }, scope).outputs[0];
  });
}

/**
 * Moves each block_size × block_size spatial block of a [batch, height, width, depth] input into the depth:
 * [batch, height / bs, width / bs, depth * bs²]. @example tf.space_to_depth(x, 2)
 */
export const space_to_depth = pythonFunction('space_to_depth', ['input', 'block_size', 'name=None', "data_format='NHWC'"], 2, function space_to_depth(input: TensorLike, block_size: number, options: NameOption & { data_format?: string } = {}): Tensor {
  return spaceDepthOp('SpaceToDepth', input, block_size, options);
});
/** The inverse of space_to_depth: [batch, height * bs, width * bs, depth / bs²]. @example tf.depth_to_space(x, 2) */
export const depth_to_space = pythonFunction('depth_to_space', ['input', 'block_size', 'name=None', "data_format='NHWC'"], 2, function depth_to_space(input: TensorLike, block_size: number, options: NameOption & { data_format?: string } = {}): Tensor {
  return spaceDepthOp('DepthToSpace', input, block_size, options);
});

/** sum(t²) / 2. @example tf.nn.l2_loss(weights) */
export const l2_loss = pythonFunction('l2_loss', ['t', 'name=None'], 1, function l2_loss(t: TensorLike, options: NameOption = {}): Tensor {
  return opScope(options.name, 'L2Loss', [t], (scope) => {
    const x = convert_to_tensor(t, { name: 't' });
    return makeOp('L2Loss', [x], { T: typeAttr(x) }, scope).outputs[0];
  });
});

export interface DropoutOptions extends NameOption {
  /** The probability of keeping each element: a number, or a scalar tensor (a placeholder fed 0.5 to train and 1.0 to test). */
  keep_prob?: number | TensorLike | null;
  /** The probability of dropping each element: a number in [0, 1), or a scalar tensor of `x`'s dtype. */
  rate?: number | TensorLike | null;
  noise_shape?: TensorLike | null;
  seed?: number | null;
}

/**
 * Zeroes each element with probability `rate` (or 1 - `keep_prob`) and scales the rest by 1/(1 - rate).
 * Either may be a tensor: `tf.nn.dropout(h, keep_prob)` with `keep_prob = tf.placeholder(tf.float32)`.
 * @example tf.nn.dropout(h, {keep_prob: 0.5})
 */
export const dropout = pythonFunction('dropout', ['x', 'keep_prob=None', 'noise_shape=None', 'seed=None', 'name=None', 'rate=None'], 1, function dropout(x: TensorLike, options: DropoutOptions = {}): Tensor {
  const given = (v: number | TensorLike | null | undefined): v is number | TensorLike => v !== undefined && v !== null;
  if (given(options.keep_prob) && given(options.rate)) throw new ValueError('Cannot specify both keep_prob and rate');
  // TF's `1. - keep_prob`: a number stays a number, a tensor becomes `sub` in the caller's scope.
  const keep = options.keep_prob;
  const rate = given(options.rate) ? options.rate : !given(keep) ? null : typeof keep === 'number' ? 1 - keep : subtract(1, keep, { name: 'sub' });
  if (rate === null) throw new ValueError('You must provide a rate to dropout.');
  return opScope(options.name, 'dropout', [x], () => {
    const t = convert_to_tensor(x, { name: 'x' });
    if (!t.dtype.is_floating) throw new ValueError(`x has to be a floating point tensor since it's going to be scaled. Got a ${t.dtype.name} tensor instead.`);
    if (typeof rate === 'number' && !(rate >= 0 && rate < 1)) throw new ValueError(`rate must be a scalar tensor or a float in the range [0, 1), got ${rate}`);
    const rateT = convert_to_tensor(rate, { dtype: t.dtype, name: 'rate' });
    rateT.shape.assert_is_compatible_with([]);
    // Nothing to drop when the rate is known to be 0.
    const known = constantValue(rateT);
    if (known !== null && known.size === 1 && known.values[0] === 0) return t;
    const noiseShape = options.noise_shape ?? shapeOf(t);
    const random = random_uniform(isTensorLike(noiseShape) ? noiseShape : convert_to_tensor(noiseShape), { seed: options.seed, dtype: t.dtype });
    const scale = truediv(1, subtract(1, rateT, { name: 'sub' }), { name: 'truediv' });
    const keepMask = greater_equal(random, rateT, { name: 'GreaterEqual' });
    const ret = multiply(multiply(t, scale, { name: 'mul' }), cast(keepMask, t.dtype), { name: 'mul' });
    ret.set_shape(t.shape);
    return ret;
  });
});

type XentArgs = NameOption & { labels: TensorLike; logits: TensorLike; axis?: number | null; dim?: number | null };

/** Moves `axis` of a rank-2+ tensor to the end and flattens the rest: [batch, classes]. */
function asClassMatrix(t: Tensor, axis: number): { matrix: Tensor; restore: (loss: Tensor) => Tensor } {
  const rank = t.shape.ndims;
  if (rank === 2 && (axis === -1 || axis === 1)) return { matrix: t, restore: (loss) => loss };
  if (rank === null) throw new ValueError(`softmax_cross_entropy_with_logits needs logits of known rank, got ${t}`);
  const a = axis < 0 ? axis + rank : axis;
  const perm = Array.from({ length: rank }, (_, i) => (i === a ? rank - 1 : i === rank - 1 ? a : i));
  const moved = a === rank - 1 ? t : transpose(t, perm);
  return {
    matrix: reshape(moved, [-1, moved.shape.dims![rank - 1] ?? -1]),
    // TF: cost reshaped to slice(input_shape, [0], [rank - 1])
    restore: (loss) => reshape(loss, slice(shapeOf(moved), [0], [rank - 1])),
  };
}

/**
 * Softmax cross-entropy between `labels` (a distribution per row) and `logits`; gradients flow into
 * both (TF's _v2).
 * @example tf.nn.softmax_cross_entropy_with_logits_v2({labels: y, logits})
 */
export const softmax_cross_entropy_with_logits_v2 = pythonFunction('softmax_cross_entropy_with_logits_v2', ['labels', 'logits', 'axis=None', 'name=None', 'dim=None'], 0, function softmax_cross_entropy_with_logits_v2(args: XentArgs): Tensor {
  return opScope(args.name, 'softmax_cross_entropy_with_logits', [args.logits, args.labels], (scope) => {
    const logits = convert_to_tensor(args.logits, { name: 'logits' });
    const labels = cast(convert_to_tensor(args.labels, { name: 'labels' }), logits.dtype);
    const axis = args.axis ?? args.dim ?? -1;
    const l = asClassMatrix(logits, axis), y = asClassMatrix(labels, axis);
    const [cost] = makeOp('SoftmaxCrossEntropyWithLogits', [l.matrix, y.matrix], { T: typeAttr(logits) }, l.matrix === logits ? scope : 'SoftmaxCrossEntropyWithLogits').outputs;
    return l.restore(cost);
  });
});

/**
 * TF 1.x's softmax cross-entropy: like _v2, but no gradient flows into `labels`
 * (`softmax_cross_entropy_with_logits_sg/labels_stop_gradient`).
 */
export const softmax_cross_entropy_with_logits = pythonFunction('softmax_cross_entropy_with_logits', ['_sentinel=None', 'labels=None', 'logits=None', 'dim=-1', 'name=None', 'axis=None'], 0, function softmax_cross_entropy_with_logits(args: XentArgs): Tensor {
  return opScope(args.name, 'softmax_cross_entropy_with_logits_sg', [args.logits, args.labels], (scope) => {
    const labels = stop_gradient(args.labels, { name: 'labels_stop_gradient' });
    return softmax_cross_entropy_with_logits_v2({ ...args, labels, name: scope });
  });
});

/**
 * Cross-entropy of integer class `labels` [batch] against `logits` [batch, classes] (node
 * `SparseSoftmaxCrossEntropyWithLogits/SparseSoftmaxCrossEntropyWithLogits`, as TF names it).
 * @example tf.nn.sparse_softmax_cross_entropy_with_logits({labels, logits})
 */
export const sparse_softmax_cross_entropy_with_logits = pythonFunction('sparse_softmax_cross_entropy_with_logits', ['_sentinel=None', 'labels=None', 'logits=None', 'name=None'], 0, function sparse_softmax_cross_entropy_with_logits(args: NameOption & { labels: TensorLike; logits: TensorLike }): Tensor {
  return opScope(args.name, 'SparseSoftmaxCrossEntropyWithLogits', [args.labels, args.logits], () => {
    const labels = convertIntegerInput(args.labels, 'labels', 'Const');
    const logits = convert_to_tensor(args.logits);
    const lr = labels.shape.ndims, gr = logits.shape.ndims;
    if (gr === 0) throw new ValueError(`Logits cannot be scalars - received shape ${logits.shape}.`);
    if (lr !== null && gr !== null && lr !== gr - 1) {
      throw new ValueError(`Rank mismatch: Rank of labels (received ${lr}) should equal rank of logits minus 1 (received ${gr}).`);
    }
    const outer = gr === null ? null : logits.shape.dims!.slice(0, -1);
    if (labels.shape.is_fully_defined() && outer !== null && outer.every((d) => d !== null) && labels.shape.dims!.some((d, i) => d !== outer[i])) {
      throw new ValueError(`Shape mismatch: The shape of labels (received ${labels.shape}) should equal the shape of logits except for the last dimension (received ${logits.shape}).`);
    }
    const attrs = { T: typeAttr(logits), Tlabels: typeAttr(labels) };
    const opName = args.name ?? 'SparseSoftmaxCrossEntropyWithLogits';
    if (gr === 2) return makeOp('SparseSoftmaxCrossEntropyWithLogits', [logits, labels], attrs, opName).outputs[0];
    // Other ranks: flattened to [-1, num_classes] and [-1], the cost reshaped back to the labels' shape.
    const labelsShape = shapeOf(labels);
    const numClasses = getitem(shapeOf(logits), genBinary('Sub', 'sub', rankOf(logits), 1, 'sub'));
    const flatLogits = reshape(logits, [-1, numClasses]);
    const flatLabels = reshape(labels, [-1]);
    const cost = makeOp('SparseSoftmaxCrossEntropyWithLogits', [flatLogits, flatLabels], attrs, opName).outputs[0];
    const out = reshape(cost, labelsShape);
    out.set_shape(labels.shape);
    return out;
  });
});

/**
 * The `k` largest entries of each last-axis row and their indices (TopKV2; equal values keep their
 * order). Returns `[values, indices]`, also named (TF's TopKV2 namedtuple).
 * @example const [values, indices] = tf.nn.top_k([1, 5, 3], 2) // [5, 3], [1, 2]
 */
export const top_k = pythonFunction('top_k', ['input', 'k=1', 'sorted=True', 'name=None'], 2, function top_k(input: TensorLike, k: TensorLike = 1, options: NameOption & { sorted?: boolean } = {}): [Tensor, Tensor] & { values: Tensor; indices: Tensor } {
  return opScope(options.name, 'TopKV2', [input, k], (scope) => {
    const x = convert_to_tensor(input, { name: 'input' });
    const kt = convert_to_tensor(k, { dtype: int32, name: 'k' });
    const [values, indices] = makeOp('TopKV2', [x, kt], { sorted: { b: options.sorted ?? true }, T: typeAttr(x) }, scope).outputs;
    return namedList(['values', 'indices'], [values, indices] as [Tensor, Tensor]);
  });
});

/**
 * Whether each row's target class is among its `k` largest predictions (ties at the boundary count
 * as in, as in TF; a non-finite prediction is never in).
 * @example tf.nn.in_top_k(logits, labels, 1)
 */
export const in_top_k = pythonFunction('in_top_k', ['predictions', 'targets', 'k', 'name=None'], 3, function in_top_k(predictions: TensorLike, targets: TensorLike, k: TensorLike, options: NameOption = {}): Tensor {
  return opScope(options.name, 'in_top_k', [predictions, targets, k], () => opScope(options.name, 'InTopKV2', [predictions, targets, k], (scope) => {
    const p = convert_to_tensor(predictions, { dtype: float32, name: 'predictions' });
    const t = convertIntegerInput(targets, 'targets');
    const kt = convert_to_tensor(k, { dtype: t.dtype.base_dtype, name: 'k' });
    return makeOp('InTopKV2', [p, t, kt], { T: typeAttr(t) }, scope).outputs[0];
  }));
});

/**
 * max(features, alpha * features) (LeakyRelu); integer features are cast to float32 first, as in TF.
 * @example tf.nn.leaky_relu(x, {alpha: 0.1})
 */
export const leaky_relu = pythonFunction('leaky_relu', ['features', 'alpha=0.2', 'name=None'], 1, function leaky_relu(features: TensorLike, options: NameOption & { alpha?: number } = {}): Tensor {
  return opScope(options.name, 'LeakyRelu', [features], (scope) => {
    let t = convert_to_tensor(features, { name: 'features' });
    if (t.dtype.is_integer) t = cast(t, float32);
    return makeOp('LeakyRelu', [t], { alpha: { f: options.alpha ?? 0.2 }, T: typeAttr(t) }, scope).outputs[0];
  });
});

export interface DepthwiseOptions extends NameOption {
  strides?: readonly number[];
  padding?: Padding;
  rate?: readonly number[] | null;
  dilations?: readonly number[] | null;
  data_format?: 'NHWC' | 'NCHW' | null;
}

/** A DepthwiseConv2dNative op on converted inputs; `rate` becomes its dilations (TF gets there through SpaceToBatchND). */
function depthwiseOp(x: Tensor, f: Tensor, o: DepthwiseOptions, rate: readonly number[], name: string): Tensor {
  const format = o.data_format ?? 'NHWC';
  const dil = format === 'NCHW' ? [1, 1, rate[0], rate[1]] : [1, rate[0], rate[1], 1];
  return makeOp('DepthwiseConv2dNative', [x, f], {
    T: typeAttr(x), strides: { list: { i: [...o.strides!] } }, padding: { s: checkPadding(o.padding, 'depthwise_conv2d') },
    explicit_paddings: { list: { i: [] } }, data_format: { s: format }, dilations: { list: { i: dil } },
  }, name).outputs[0];
}

function rateOf(o: DepthwiseOptions, what: string): number[] {
  if (o.rate && o.dilations) throw new ValueError('Cannot specify both \'dilations\' and \'rate\'');
  const rate = [...(o.dilations ?? o.rate ?? [1, 1])];
  if (rate.length !== 2 || rate.some((r) => !Number.isInteger(r) || r < 1)) throw new ValueError(`${what}: rate must be two positive integers, got ${JSON.stringify(rate)}`);
  if (!o.strides) throw new TFTypeError(`${what}() missing required argument: 'strides'`);
  if (rate.some((r) => r > 1) && o.strides.some((s) => s !== 1)) throw new ValueError('strides > 1 not supported in conjunction with dilation_rate > 1');
  return rate;
}

/** The `Shape` of the filter and the `dilation_rate` constant TF's with_space_to_batch builds first. */
function spaceToBatchPrelude(filter: Tensor, rate: readonly number[]): void {
  shapeOf(filter);
  convert_to_tensor([...rate], { dtype: int32, name: 'dilation_rate' });
}

/**
 * A separate filter per input channel: `filter` is `[height, width, in_channels, channel_multiplier]`,
 * the output has in_channels * channel_multiplier channels (`depthwise`, a DepthwiseConv2dNative).
 * @example tf.nn.depthwise_conv2d(x, w, {strides: [1, 1, 1, 1], padding: 'SAME'})
 */
export const depthwise_conv2d = pythonFunction('depthwise_conv2d', ['input', 'filter', 'strides', 'padding', 'rate=None', 'name=None', 'data_format=None', 'dilations=None'], 2, function depthwise_conv2d(input: TensorLike, filter: TensorLike, options: DepthwiseOptions = {}): Tensor {
  const rate = rateOf(options, 'depthwise_conv2d');
  return opScope(options.name, 'depthwise', [input, filter], (scope) => {
    const x = convert_to_tensor(input, { name: 'tensor_in' });
    const f = convert_to_tensor(filter, { dtype: x.dtype.base_dtype, name: 'filter_in' });
    checkDtype('DepthwiseConv2dNative', 'input', x, FLOATS);
    spaceToBatchPrelude(f, rate);
    return depthwiseOp(x, f, options, rate, scope);
  });
});

/** The raw DepthwiseConv2dNative op (`dilations` as a 4-list). */
export const depthwise_conv2d_native = pythonFunction('depthwise_conv2d_native', ['input', 'filter', 'strides', 'padding', "data_format='NHWC'", 'dilations=[1, 1, 1, 1]', 'name=None'], 2, function depthwise_conv2d_native(input: TensorLike, filter: TensorLike, options: Omit<DepthwiseOptions, 'rate' | 'dilations'> & { dilations?: readonly number[] } = {}): Tensor {
  if (!options.strides) throw new TFTypeError("depthwise_conv2d_native() missing required argument: 'strides'");
  return opScope(options.name, 'DepthwiseConv2dNative', [input, filter], (scope) => {
    const x = convert_to_tensor(input, { name: 'input' });
    const f = convert_to_tensor(filter, { dtype: x.dtype.base_dtype, name: 'filter' });
    const d = options.dilations ?? [1, 1, 1, 1];
    const rate = options.data_format === 'NCHW' ? [d[2], d[3]] : [d[1], d[2]];
    return depthwiseOp(x, f, options, rate, scope);
  });
});

/**
 * A depthwise convolution followed by a 1×1 `pointwise_filter` `[1, 1, in_channels * multiplier, out_channels]`
 * (`separable_conv2d/depthwise`, then the Conv2D `separable_conv2d`).
 * @example tf.nn.separable_conv2d(x, dw, pw, {strides: [1, 1, 1, 1], padding: 'SAME'})
 */
export const separable_conv2d = pythonFunction('separable_conv2d', ['input', 'depthwise_filter', 'pointwise_filter', 'strides', 'padding', 'rate=None', 'name=None', 'data_format=None', 'dilations=None'], 3, function separable_conv2d(input: TensorLike, depthwise_filter: TensorLike, pointwise_filter: TensorLike, options: DepthwiseOptions = {}): Tensor {
  const rate = rateOf(options, 'separable_conv2d');
  return opScope(options.name, 'separable_conv2d', [input, depthwise_filter, pointwise_filter], (scope) => {
    const x = convert_to_tensor(input, { name: 'tensor_in' });
    const dw = convert_to_tensor(depthwise_filter, { dtype: x.dtype.base_dtype, name: 'depthwise_filter' });
    const pw = convert_to_tensor(pointwise_filter, { dtype: x.dtype.base_dtype, name: 'pointwise_filter' });
    const p = pw.shape.dims;
    if (p !== null && p.length !== 4) throw new ValueError(`Shape ${pw.shape} must have rank 4`);
    for (const i of [0, 1]) if (p !== null && p[i] !== null && p[i] !== 1) throw new ValueError(`Dimensions ${p[i]} and 1 are not compatible`);
    spaceToBatchPrelude(dw, rate);
    const depthwise = depthwiseOp(x, dw, options, rate, 'depthwise');
    return conv2d(depthwise, pw, { strides: [1, 1, 1, 1], padding: 'VALID', data_format: options.data_format ?? 'NHWC', name: scope });
  });
});

/**
 * Dilated ("atrous") convolution with holes of `rate`, built as TF 1.15's convolution builds it when the
 * rate is not 1 and the spatial sizes are known: SpaceToBatchND (paddings from
 * required_space_to_batch_paddings), a VALID Conv2D named after the scope, BatchToSpaceND cropping the
 * extra padding. With unknown spatial sizes the same values come from one Conv2D with dilations.
 * @example tf.nn.atrous_conv2d(x, w, 2, 'SAME')
 */
export const atrous_conv2d = pythonFunction('atrous_conv2d', ['value', 'filters', 'rate', 'padding', 'name=None'], 4, function atrous_conv2d(value: TensorLike, filters: TensorLike, rate: number, padding: Padding, options: NameOption = {}): Tensor {
  if (!Number.isInteger(rate) || rate < 1) throw new ValueError(`rate ${rate} cannot be less than one`);
  return opScope(options.name, 'convolution', [value, filters], (scope) => {
    const x = convert_to_tensor(value, { name: 'input' });
    const f = convert_to_tensor(filters, { dtype: x.dtype.base_dtype, name: 'filter' });
    const spatial = x.shape.dims?.slice(1, 3) ?? null, kernel = f.shape.dims?.slice(0, 2) ?? null;
    const known = (d: readonly Dim[] | null): d is number[] => d !== null && d.every((v) => v !== null);
    if (rate === 1) return conv2d(x, f, { strides: [1, 1, 1, 1], padding, name: scope });
    if (!known(spatial) || !known(kernel)) return conv2d(x, f, { strides: [1, 1, 1, 1], padding, dilations: [1, rate, rate, 1], name: scope });
    // TF's required_space_to_batch_paddings, folded (TF leaves its two constants in the graph too).
    const base = kernel.map((k) => {
      const extra = padding === 'SAME' ? k + (k - 1) * (rate - 1) - 1 : 0;
      return [Math.floor(extra / 2), extra - Math.floor(extra / 2)];
    });
    const { paddings, crops } = requiredPaddingsOf(spatial, [rate, rate], base);
    opScope(undefined, 'required_space_to_batch_paddings', [], () => {
      constant(paddings, { dtype: int32, name: 'paddings' });
      constant(crops, { dtype: int32, name: 'crops' });
    });
    const block = [rate, rate];
    const toBatch = space_to_batch_nd(x, block, paddings);
    const conv = conv2d(toBatch, f, { strides: [1, 1, 1, 1], padding: 'VALID', name: scope });
    return batch_to_space_nd(conv, block, crops);
  });
});

/**
 * The transpose of atrous_conv2d (its gradient with respect to the input), built as TF 1.15 builds it:
 * SpaceToBatchND padding the input to multiples of `rate`, a VALID Conv2DBackpropInput on the batches, and
 * BatchToSpaceND cropping both the SAME padding and the extra padding. `filters` is
 * `[height, width, output_channels, in_channels]`, `output_shape` the 4-D result shape (a list of numbers).
 * @example tf.nn.atrous_conv2d_transpose(x, w, [1, 8, 8, 3], 2, 'SAME')
 */
export const atrous_conv2d_transpose = pythonFunction('atrous_conv2d_transpose', ['value', 'filters', 'output_shape', 'rate', 'padding', 'name=None'], 5, function atrous_conv2d_transpose(value: TensorLike, filters: TensorLike, output_shape: readonly number[], rate: number, padding: Padding, options: NameOption = {}): Tensor {
  return opScope(options.name, 'atrous_conv2d_transpose', [value, filters], () => {
    const x = convert_to_tensor(value, { name: 'value' });
    const f = convert_to_tensor(filters, { dtype: x.dtype.base_dtype, name: 'filters' });
    const inChannels = x.shape.dims?.[3], filterIn = f.shape.dims?.[3];
    if (inChannels != null && filterIn != null && inChannels !== filterIn) {
      throw new ValueError(`value's input channels does not match filters' input channels, ${inChannels} != ${filterIn}`);
    }
    if (rate < 1) throw new ValueError(`rate ${rate} cannot be less than one`);
    if (rate === 1) return conv2d_transpose(x, f, [...output_shape], { strides: [1, 1, 1, 1], padding, data_format: 'NHWC' });
    if (!Array.isArray(output_shape) || output_shape.length !== 4 || !output_shape.every((d) => Number.isInteger(d))) {
      throw new ValueError(`output_shape must be a list of 4 integers, got ${String(output_shape)}`);
    }
    const filterOut = f.shape.dims?.[2];
    if (filterOut != null && filterOut !== output_shape[3]) {
      throw new ValueError(`output_shape does not match filter's output channels, ${output_shape[3]} != ${filterOut}`);
    }
    let pads = [0, 0, 0, 0];
    if (padding === 'SAME') {
      const dims = f.shape.dims;
      if (!dims || dims[0] === null || dims[1] === null) throw new ValueError(`atrous_conv2d_transpose with SAME padding needs the filters' height and width, got shape ${f.shape}`);
      const [ph, pw] = [dims[0], dims[1]].map((k) => k + (k - 1) * (rate - 1) - 1);
      pads = [Math.floor(ph / 2), ph - Math.floor(ph / 2), Math.floor(pw / 2), pw - Math.floor(pw / 2)];
    } else if (padding !== 'VALID') {
      throw new ValueError(`padding must be either VALID or SAME: ${String(padding)}`);
    }
    const [top, bottom, left, right] = pads;
    const inHeight = output_shape[1] + top + bottom, inWidth = output_shape[2] + left + right;
    const bottomExtra = (rate - (inHeight % rate)) % rate, rightExtra = (rate - (inWidth % rate)) % rate;
    const batches = space_to_batch(x, [[0, bottomExtra], [0, rightExtra]], rate);
    const sizes = [rate * rate * output_shape[0], (inHeight + bottomExtra) / rate, (inWidth + rightExtra) / rate, output_shape[3]];
    const conv = conv2d_backprop_input(sizes, f, batches, { strides: [1, 1, 1, 1], padding: 'VALID', data_format: 'NHWC' });
    return batch_to_space(conv, [[top, bottom + bottomExtra], [left, right + rightExtra]], rate);
  });
});

export interface LRNOptions extends NameOption { depth_radius?: number; bias?: number; alpha?: number; beta?: number }

/**
 * Local response normalization across channels: `x / (bias + alpha * Σ x²)^beta` over the
 * `depth_radius` neighbours of each channel (LRN).
 * @example tf.nn.local_response_normalization(x, {depth_radius: 2})
 */
export const local_response_normalization = pythonFunction('local_response_normalization', ['input', 'depth_radius=5', 'bias=1', 'alpha=1', 'beta=0.5', 'name=None'], 1, function local_response_normalization(input: TensorLike, options: LRNOptions = {}): Tensor {
  return opScope(options.name, 'LRN', [input], (scope) => {
    const x = convert_to_tensor(input, { name: 'input' });
    checkDtype('LRN', 'input', x, [float16, bfloat16, float32]);
    return makeOp('LRN', [x], {
      depth_radius: { i: options.depth_radius ?? 5 }, bias: { f: options.bias ?? 1 }, alpha: { f: options.alpha ?? 1 },
      beta: { f: options.beta ?? 0.5 }, T: typeAttr(x),
    }, scope).outputs[0];
  });
});
export const lrn = local_response_normalization;

export interface FusedBatchNormOptions extends NameOption {
  mean?: TensorLike | null;
  variance?: TensorLike | null;
  epsilon?: number;
  data_format?: 'NHWC' | 'NCHW';
  is_training?: boolean;
}

/**
 * Batch normalization in one FusedBatchNormV3 op (TF 1.15's choice): in training the batch's mean and
 * variance normalize `x` and are returned (the variance with Bessel's correction, for moving averages);
 * in inference `mean` and `variance` do. Returns `[y, batch_mean, batch_variance]`.
 * @example const [y, mean, variance] = tf.nn.fused_batch_norm(x, gamma, beta)
 */
export const fused_batch_norm = pythonFunction('fused_batch_norm', ['x', 'scale', 'offset', 'mean=None', 'variance=None', 'epsilon=0.001', "data_format='NHWC'", 'is_training=True', 'name=None'], 3, function fused_batch_norm(x: TensorLike, scale: TensorLike, offset: TensorLike, options: FusedBatchNormOptions = {}): [Tensor, Tensor, Tensor] {
  const training = options.is_training ?? true;
  const format = options.data_format ?? 'NHWC';
  if (format !== 'NHWC' && format !== 'NCHW') throw new ValueError(`data_format must be NHWC or NCHW, got ${format}`);
  const given = (v: TensorLike | null | undefined) => v !== undefined && v !== null;
  if (!training && (!given(options.mean) || !given(options.variance))) {
    throw new ValueError("Both 'mean' and 'variance' must be a 1D tensor when is_training is False.");
  }
  const t = convert_to_tensor(x, { name: 'input' });
  checkDtype('FusedBatchNormV3', 'x', t, [float16, bfloat16, float32]);
  const s = convert_to_tensor(scale, { name: 'scale' });
  const o = convert_to_tensor(offset, { name: 'offset' });
  const mean = given(options.mean) ? convert_to_tensor(options.mean!, { dtype: s.dtype.base_dtype }) : convert_to_tensor([], { dtype: float32 });
  const variance = given(options.variance) ? convert_to_tensor(options.variance!, { dtype: s.dtype.base_dtype }) : convert_to_tensor([], { dtype: float32 });
  // TF's minimum epsilon, required by cuDNN.
  const epsilon = Math.max(options.epsilon ?? 0.001, 1.001e-5);
  const outs = makeOp('FusedBatchNormV3', [t, s, o, mean, variance], {
    T: typeAttr(t), U: typeAttr(s), epsilon: { f: epsilon }, data_format: { s: format }, is_training: { b: training },
  }, options.name ?? 'FusedBatchNormV3').outputs;
  return [outs[0], outs[1], outs[2]];
});

/**
 * N-d pooling (`max_pool` / `avg_pool` scopes) over 1-D, 2-D or 3-D windows; `dilation_rate` must be 1 here.
 * @example tf.nn.pool(x, [2, 2], 'MAX', 'SAME', {strides: [2, 2]})
 */
export const pool = pythonFunction('pool', ['input', 'window_shape', 'pooling_type', 'padding', 'dilation_rate=None', 'strides=None', 'name=None', 'data_format=None', 'dilations=None'], 4, function pool(input: TensorLike, window_shape: readonly number[], pooling_type: 'MAX' | 'AVG', padding: Padding, options: NameOption & { dilation_rate?: readonly number[] | null; strides?: readonly number[] | null; data_format?: 'NHWC' | 'NWC' | null; dilations?: readonly number[] | null } = {}): Tensor {
  if (pooling_type !== 'MAX' && pooling_type !== 'AVG') throw new ValueError(`pooling_type must be either 'MAX' or 'AVG', got ${JSON.stringify(pooling_type)}`);
  const n = window_shape.length;
  if (n < 1 || n > 3) throw new ValueError(`pool supports 1-D, 2-D and 3-D windows, got ${n} spatial dimensions`);
  const strides = [...(options.strides ?? Array(n).fill(1))];
  if (options.dilations && options.dilation_rate) throw new ValueError("Cannot specify both 'dilations' and 'dilation_rate'");
  const dilation = [...(options.dilations ?? options.dilation_rate ?? Array(n).fill(1))];
  if (strides.length !== n) throw new ValueError('strides must have the same length as window_shape.');
  if (dilation.some((d) => d !== 1)) throw new ValueError('pool with dilation_rate > 1 is not supported here');
  if (padding === 'SAME' && strides.some((s, i) => s > window_shape[i])) {
    throw new ValueError('strides > window_shape not supported due to inconsistency between CPU and GPU implementations');
  }
  return opScope(options.name, `${pooling_type.toLowerCase()}_pool`, [input], (scope) => {
    const x = convert_to_tensor(input, { name: 'input' });
    const type = pooling_type === 'MAX' ? 'MaxPool' : 'AvgPool';
    if (n === 2) return poolOp(type, x, { ksize: [1, ...window_shape, 1], strides: [1, ...strides, 1], padding, name: scope });
    if (n === 3) return (type === 'MaxPool' ? max_pool3d : avg_pool3d)(x, { ksize: [1, ...window_shape, 1], strides: [1, ...strides, 1], padding, name: scope });
    // 1-D: TF pools a height-1 image.
    const y = poolOp(type, expand_dims(x, 1), { ksize: [1, 1, window_shape[0], 1], strides: [1, 1, strides[0], 1], padding });
    return squeeze(y, [1], { name: scope });
  });
});

/**
 * matmul(x, weights) + biases (`xw_plus_b/MatMul`, then the BiasAdd `xw_plus_b`).
 * @example tf.nn.xw_plus_b(x, w, b)
 */
export const xw_plus_b = pythonFunction('xw_plus_b', ['x', 'weights', 'biases', 'name=None'], 3, function xw_plus_b(x: TensorLike, weights: TensorLike, biases: TensorLike, options: NameOption = {}): Tensor {
  return opScope(options.name, 'xw_plus_b', [x, weights, biases], (scope) => {
    const mm = matmul(convert_to_tensor(x, { name: 'x' }), convert_to_tensor(weights, { name: 'weights' }));
    return bias_add(mm, convert_to_tensor(biases, { name: 'biases' }), { name: scope });
  });
});
