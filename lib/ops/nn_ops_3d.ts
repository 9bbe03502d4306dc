/**
 * 3-D convolution and pooling (`tf.nn.conv3d`, its backprops and transpose, `max_pool3d`, `avg_pool3d`):
 * the ops declared once with TF's shape functions, their builders as TF 1.15 builds them, and their
 * gradients (TF's nn_grad.py). Inputs are NDHWC or NCDHW; filters `[depth, height, width, in, out]`.
 */
import { DType, float16, bfloat16, float32, float64 } from '../framework/dtypes';
import { AttrValue, Operation, Tensor, registerGradient, registerOp } from '../framework/graph';
import { TFTypeError, ValueError } from '../framework/errors';
import { Dim } from '../framework/tensor_shape';
import { Padding, windowedOutputSize } from '../framework/window';
import { constantValue, dtypeOfInput, shapeOfInput } from './schema_util';
import { TensorLike, checkDtype, convertIntegerInput, convert_to_tensor, makeOp, opScope, typeAttr } from './op_builder';
import { checkRank, shapeError } from './shape_fns';
import { shape, stop_gradient, zeros } from './array_ops';
import { pythonFunction } from '../framework/python_signature';

type NameOption = { name?: string };
type Format3D = 'NDHWC' | 'NCDHW';
type WindowArg = number | readonly number[];
const FLOATS: readonly DType[] = [float16, bfloat16, float32, float64];

// ---- declarations -----------------------------------------------------------------------------

const intList = (op: Operation, name: string, fallback: number[]): number[] => (op.attrs.has(name) ? (op.get_attr(name) as number[]) : fallback);
/** Batch, channel and the three spatial axes of a 5-D tensor in a data format. */
function layout3D(format: string): { n: number; c: number; spatial: number[] } {
  if (format === 'NDHWC') return { n: 0, c: 4, spatial: [1, 2, 3] };
  if (format === 'NCDHW') return { n: 0, c: 1, spatial: [2, 3, 4] };
  throw new RangeError(`Invalid data format: ${format}`);
}

/** The output shape of a 3-D windowed op over input 0, with TF's checks and messages. */
function windowed3D(op: Operation, kernel: readonly Dim[], outChannels: Dim | 'same'): Dim[] {
  const x = op.inputs[0];
  checkRank(op, x, 5);
  const layout = layout3D(String(op.get_attr('data_format')));
  const strides = intList(op, 'strides', []);
  const dilations = intList(op, 'dilations', [1, 1, 1, 1, 1]);
  const padding = String(op.get_attr('padding')) as Padding;
  const dims = x.shape.dims ?? [null, null, null, null, null];
  const out: Dim[] = [null, null, null, null, null];
  out[layout.n] = dims[layout.n];
  out[layout.c] = outChannels === 'same' ? dims[layout.c] : outChannels;
  layout.spatial.forEach((axis, i) => {
    const size = dims[axis], k = kernel[i];
    if (size === null || k === null) return;
    try {
      out[axis] = windowedOutputSize(size, k, dilations[axis], strides[axis], padding).size;
    } catch (e) {
      throw shapeError(op, (e as Error).message);
    }
  });
  return out;
}

registerOp({
  type: 'Conv3D',
  outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => {
    const [x, filter] = op.inputs;
    checkRank(op, x, 5);
    checkRank(op, filter, 5);
    const strides = intList(op, 'strides', []);
    if (strides.length !== 5) throw shapeError(op, `Conv3D requires the stride attribute to contain 5 values, but got: ${strides.length}`);
    const f = filter.shape.dims ?? [null, null, null, null, null];
    const layout = layout3D(String(op.get_attr('data_format')));
    const inDepth = x.shape.dims?.[layout.c] ?? null;
    if (inDepth !== null && f[3] !== null && inDepth !== f[3]) throw shapeError(op, `Dimensions must be equal, but are ${inDepth} and ${f[3]}`);
    return [windowed3D(op, f.slice(0, 3), f[4])];
  },
});

/** The static shape a shape-valued input names, when it is a constant. */
function shapeFromInput(op: Operation, i: number): Dim[] {
  const v = constantValue(op.inputs[i]);
  return v ? Array.from(v.values) : [null, null, null, null, null];
}
registerOp({ type: 'Conv3DBackpropInputV2', outputDtypes: dtypeOfInput(1), inferShapes: (op) => [shapeFromInput(op, 0)] });
registerOp({ type: 'Conv3DBackpropFilterV2', outputDtypes: dtypeOfInput(0), inferShapes: (op) => [shapeFromInput(op, 1)] });

for (const type of ['MaxPool3D', 'AvgPool3D'] as const) {
  registerOp({
    type,
    outputDtypes: dtypeOfInput(0),
    inferShapes: (op) => {
      const ksize = intList(op, 'ksize', []), strides = intList(op, 'strides', []);
      if (strides.length !== 5) throw shapeError(op, `Pool3D ops require the stride attribute to contain 5 values, but got: ${strides.length}`);
      if (ksize.length !== 5) throw shapeError(op, `Pool3D requires the ksize attribute to contain 5 values, but got: ${ksize.length}`);
      const layout = layout3D(String(op.get_attr('data_format')));
      return [windowed3D(op, layout.spatial.map((a) => ksize[a]), 'same')];
    },
  });
}
// (orig_input, orig_output, grad): MaxPool3DGrad has the input's shape, MaxPool3DGradGrad the output's.
registerOp({ type: 'MaxPool3DGrad', outputDtypes: dtypeOfInput(2), inferShapes: shapeOfInput(0) });
registerOp({ type: 'MaxPool3DGradGrad', outputDtypes: dtypeOfInput(2), inferShapes: shapeOfInput(1) });
// (orig_input_shape, grad)
registerOp({ type: 'AvgPool3DGrad', outputDtypes: dtypeOfInput(1), inferShapes: (op) => [shapeFromInput(op, 0)] });

// ---- builders ---------------------------------------------------------------------------------

function checkPadding(padding: string | undefined, fn: string): Padding {
  if (padding !== 'SAME' && padding !== 'VALID') throw new ValueError(`${fn}: padding must be 'SAME' or 'VALID', got ${JSON.stringify(padding)}`);
  return padding;
}

function formatOf(format: string | null | undefined): Format3D {
  const f = format ?? 'NDHWC';
  if (f !== 'NDHWC' && f !== 'NCDHW') throw new ValueError(`data_format must be "NDHWC" or "NCDHW", got ${JSON.stringify(f)}`);
  return f;
}

/** TF's `_get_sequence`: one int, the 3 spatial sizes or all 5, as the full window with 1 at batch and channel. */
function window5(value: WindowArg | null | undefined, format: Format3D, what: string): number[] {
  const v = value === null || value === undefined ? [1] : typeof value === 'number' ? [value] : [...value];
  if (v.length === 5) return v;
  if (v.length !== 1 && v.length !== 3) throw new ValueError(`${what} should be of length 1, 3 or 5 but was ${v.length}`);
  const spatial = v.length === 1 ? [v[0], v[0], v[0]] : v;
  return format === 'NCDHW' ? [1, 1, ...spatial] : [1, ...spatial, 1];
}

/** The attrs every 3-D convolution op carries. */
function convAttrs(t: Tensor, strides: readonly number[], padding: Padding, format: Format3D, dilations: readonly number[]): Record<string, AttrValue> {
  return { T: typeAttr(t), strides: { list: { i: [...strides] } }, padding: { s: padding }, data_format: { s: format }, dilations: { list: { i: [...dilations] } } };
}

interface Conv3DOptions extends NameOption { strides?: readonly number[]; padding?: Padding; data_format?: Format3D; dilations?: readonly number[] }

/**
 * 3-D convolution of a 5-D `input` with `filter` `[depth, height, width, in_channels, out_channels]` (Conv3D).
 * @example tf.nn.conv3d(x, w, {strides: [1, 1, 1, 1, 1], padding: 'SAME'})
 */
export const conv3d = pythonFunction('conv3d', ['input', 'filter=None', 'strides=None', 'padding=None', "data_format='NDHWC'", 'dilations=[1, 1, 1, 1, 1]', 'name=None', 'filters=None'], 2, function conv3d(input: TensorLike, filter: TensorLike | undefined, o: Conv3DOptions & { filters?: TensorLike } = {}): Tensor {
  if (filter !== undefined && o.filters !== undefined) throw new ValueError('Cannot specify both filter and filters');
  const kernel = filter ?? o.filters;
  if (kernel === undefined) throw new TFTypeError("conv3d() missing required argument: 'filter'");
  if (!o.strides) throw new TFTypeError("conv3d() missing required argument: 'strides'");
  const pad = checkPadding(o.padding, 'conv3d');
  return opScope(o.name, 'Conv3D', [input, kernel], (scope) => {
    const x = convert_to_tensor(input, { name: 'input' });
    const f = convert_to_tensor(kernel, { dtype: x.dtype.base_dtype, name: 'filter' });
    checkDtype('Conv3D', 'input', x, FLOATS);
    return makeOp('Conv3D', [x, f], convAttrs(x, o.strides!, pad, formatOf(o.data_format), o.dilations ?? [1, 1, 1, 1, 1]), scope).outputs[0];
  });
});

/**
 * The gradient of conv3d with respect to its filter, of shape `filter_sizes` (Conv3DBackpropFilterV2;
 * TF 1.15 exports it as `conv3d_backprop_filter` and `conv3d_backprop_filter_v2`).
 */
export const conv3d_backprop_filter_v2 = pythonFunction('conv3d_backprop_filter_v2', ['input', 'filter_sizes', 'out_backprop', 'strides', 'padding', "data_format='NDHWC'", 'dilations=[1, 1, 1, 1, 1]', 'name=None'], 3, function conv3d_backprop_filter_v2(input: TensorLike, filter_sizes: TensorLike, out_backprop: TensorLike, o: Conv3DOptions = {}): Tensor {
  if (!o.strides) throw new TFTypeError("conv3d_backprop_filter_v2() missing required argument: 'strides'");
  const pad = checkPadding(o.padding, 'conv3d_backprop_filter_v2');
  return opScope(o.name, 'Conv3DBackpropFilterV2', [input, filter_sizes, out_backprop], (scope) => {
    const x = convert_to_tensor(input, { name: 'input' });
    const sizes = convertIntegerInput(filter_sizes, 'filter_sizes');
    const g = convert_to_tensor(out_backprop, { dtype: x.dtype.base_dtype, name: 'out_backprop' });
    return makeOp('Conv3DBackpropFilterV2', [x, sizes, g], convAttrs(x, o.strides!, pad, formatOf(o.data_format), o.dilations ?? [1, 1, 1, 1, 1]), scope).outputs[0];
  });
});
export const conv3d_backprop_filter = conv3d_backprop_filter_v2;

/**
 * The transpose of conv3d (its gradient with respect to its input): a Conv3DBackpropInputV2 named after
 * the `conv3d_transpose` scope; `filter` is `[depth, height, width, output_channels, in_channels]`,
 * strides and dilations one int, the 3 spatial sizes or all 5.
 * @example tf.nn.conv3d_transpose(x, w, [1, 8, 8, 8, 4], [1, 2, 2, 2, 1])
 */
export const conv3d_transpose = pythonFunction('conv3d_transpose', ['value', 'filter=None', 'output_shape=None', 'strides=None', "padding='SAME'", "data_format='NDHWC'", 'name=None', 'input=None', 'filters=None', 'dilations=None'], 3, function conv3d_transpose(value: TensorLike | undefined, filter: TensorLike | undefined, output_shape: TensorLike | undefined,
  o: NameOption & { strides?: WindowArg; padding?: Padding; data_format?: Format3D; input?: TensorLike; filters?: TensorLike; dilations?: WindowArg | null } = {}): Tensor {
  if (value !== undefined && o.input !== undefined) throw new ValueError('Cannot specify both input and value');
  if (filter !== undefined && o.filters !== undefined) throw new ValueError('Cannot specify both filters and filter');
  const x0 = value ?? o.input, f0 = filter ?? o.filters;
  if (x0 === undefined || f0 === undefined || output_shape === undefined || o.strides === undefined) {
    throw new TFTypeError("conv3d_transpose() missing required arguments: 'value', 'filter', 'output_shape' and 'strides'");
  }
  const pad = checkPadding(o.padding ?? 'SAME', 'conv3d_transpose');
  return opScope(o.name, 'conv3d_transpose', [x0, f0, output_shape], (scope) => {
    const format = formatOf(o.data_format);
    const x = convert_to_tensor(x0, { name: 'out_backprop' });
    const f = convert_to_tensor(f0, { dtype: x.dtype.base_dtype, name: 'filter' });
    const sizes = convertIntegerInput(output_shape, 'input_sizes');
    const attrs = convAttrs(x, window5(o.strides, format, 'strides'), pad, format, window5(o.dilations, format, 'dilations'));
    return makeOp('Conv3DBackpropInputV2', [sizes, f, x], { ...attrs, Tshape: typeAttr(sizes) }, scope).outputs[0];
  });
});

type Pool3DOptions = NameOption & { ksize?: WindowArg; strides?: WindowArg; padding?: Padding; data_format?: Format3D };

function pool3d(type: 'MaxPool3D' | 'AvgPool3D', fn: string, input: TensorLike, o: Pool3DOptions): Tensor {
  if (o.ksize === undefined || o.strides === undefined) throw new TFTypeError(`${fn}() missing required arguments: 'ksize' and 'strides'`);
  const pad = checkPadding(o.padding, fn);
  return opScope(o.name, type, [input], (scope) => {
    const format = formatOf(o.data_format);
    const x = convert_to_tensor(input, { name: 'input' });
    checkDtype(type, 'input', x, FLOATS);
    return makeOp(type, [x], {
      T: typeAttr(x), ksize: { list: { i: window5(o.ksize, format, 'ksize') } }, strides: { list: { i: window5(o.strides, format, 'strides') } },
      padding: { s: pad }, data_format: { s: format },
    }, scope).outputs[0];
  });
}

const POOL3D_PARAMS = ['input', 'ksize', 'strides', 'padding', "data_format='NDHWC'", 'name=None'] as const;
/** Max over 3-D windows (MaxPool3D); ksize/strides one int, the 3 spatial sizes or all 5. @example tf.nn.max_pool3d(x, 2, 2, 'VALID') */
export const max_pool3d = pythonFunction('max_pool3d', POOL3D_PARAMS, 1, function max_pool3d(input: TensorLike, options: Pool3DOptions = {}): Tensor {
  return pool3d('MaxPool3D', 'max_pool3d', input, options);
});
/** Mean over 3-D windows, padding excluded from the count (AvgPool3D). @example tf.nn.avg_pool3d(x, [1, 2, 2, 2, 1], [1, 2, 2, 2, 1], 'SAME') */
export const avg_pool3d = pythonFunction('avg_pool3d', POOL3D_PARAMS, 1, function avg_pool3d(input: TensorLike, options: Pool3DOptions = {}): Tensor {
  return pool3d('AvgPool3D', 'avg_pool3d', input, options);
});

// ---- gradients --------------------------------------------------------------------------------

/** The attrs of `op` named in `names`, carried over to its gradient op, with `T` from `t`. */
function carried(op: Operation, t: Tensor, names: readonly string[]): Record<string, AttrValue> {
  const attrs: Record<string, AttrValue> = { T: typeAttr(t) };
  for (const name of names) {
    const v = op.attrs.get(name);
    if (v) attrs[name] = v;
  }
  return attrs;
}
const CONV = ['strides', 'padding', 'data_format', 'dilations'];
const POOL = ['ksize', 'strides', 'padding', 'data_format'];
const backpropInput = (attrs: Record<string, AttrValue>, sizes: Tensor, filter: Tensor, grad: Tensor) => makeOp('Conv3DBackpropInputV2', [sizes, filter, grad], { ...attrs, Tshape: typeAttr(sizes) }, 'Conv3DBackpropInputV2').outputs[0];
const backpropFilter = (attrs: Record<string, AttrValue>, input: Tensor, sizes: Tensor, grad: Tensor) => makeOp('Conv3DBackpropFilterV2', [input, sizes, grad], attrs, 'Conv3DBackpropFilterV2').outputs[0];
const conv = (attrs: Record<string, AttrValue>, input: Tensor, filter: Tensor) => makeOp('Conv3D', [input, filter], attrs, 'Conv3D').outputs[0];

registerGradient('Conv3D', (op, [grad]) => {
  const [input, filter] = op.inputs;
  const attrs = carried(op, grad!, CONV);
  return [backpropInput(attrs, shape(input), filter, grad!), backpropFilter(attrs, input, shape(filter), grad!)];
});
// Each backprop's gradient is a convolution of the incoming gradient with the other operand.
registerGradient('Conv3DBackpropInputV2', (op, [grad]) => {
  const [, filter, outBackprop] = op.inputs;
  const attrs = carried(op, grad!, CONV);
  return [null, backpropFilter(attrs, grad!, shape(filter), outBackprop), conv(attrs, grad!, filter)];
});
registerGradient('Conv3DBackpropFilterV2', (op, [grad]) => {
  const [input, , outBackprop] = op.inputs;
  const attrs = carried(op, grad!, CONV);
  return [backpropInput(attrs, shape(input), grad!, outBackprop), null, conv(attrs, input, grad!)];
});

const zerosOfShape = (t: Tensor): Tensor => zeros(shape(t), t.dtype.base_dtype);
/** MaxPool3DGrad and MaxPool3DGradGrad: T the gradient's type, TInput the pooled input's. */
const maxPoolGradOp = (type: 'MaxPool3DGrad' | 'MaxPool3DGradGrad', op: Operation, x: Tensor, y: Tensor, grad: Tensor) => makeOp(type, [x, y, grad], { ...carried(op, grad, POOL), TInput: typeAttr(x) }, type).outputs[0];

registerGradient('MaxPool3D', (op, [grad]) => [maxPoolGradOp('MaxPool3DGrad', op, op.inputs[0], op.outputs[0], grad!)]);
registerGradient('MaxPool3DGrad', (op, [grad]) => [zerosOfShape(op.inputs[0]), zerosOfShape(op.inputs[1]), maxPoolGradOp('MaxPool3DGradGrad', op, op.inputs[0], op.inputs[1], grad!)]);
registerGradient('MaxPool3DGradGrad', (op, [grad]) => [zerosOfShape(op.inputs[0]), zerosOfShape(op.inputs[1]), maxPoolGradOp('MaxPool3DGrad', op, op.inputs[0], op.inputs[1], grad!)]);
registerGradient('AvgPool3D', (op, [grad]) => [makeOp('AvgPool3DGrad', [shape(op.inputs[0]), grad!], carried(op, grad!, POOL), 'AvgPool3DGrad').outputs[0]]);
// TF returns stop_gradient(orig_input_shape) for the integer shape input: nothing flows through it.
registerGradient('AvgPool3DGrad', (op, [grad]) => [stop_gradient(op.inputs[0]), makeOp('AvgPool3D', [grad!], carried(op, grad!, POOL), 'AvgPool3D').outputs[0]]);
