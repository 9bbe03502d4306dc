/**
 * Max pooling that also returns where each maximum was (`tf.nn.max_pool_with_argmax`), fractional max
 * and average pooling (`tf.nn.fractional_max_pool`, `fractional_avg_pool`) and grayscale morphology
 * (`tf.nn.dilation2d`, `tf.nn.erosion2d`): the ops declared once with TF's shape functions,
 * their builders as TF 1.15 builds them, and their gradients (TF's nn_grad.py). NHWC only, as in TF.
 */
import { DType, float32, float64, int32, int64 } from '../framework/dtypes';
import { AttrValue, Operation, Tensor, registerGradient, registerOp } from '../framework/graph';
import { TFTypeError, ValueError } from '../framework/errors';
import { Dim } from '../framework/tensor_shape';
import { NDArray } from '../framework/ndarray';
import { Padding, windowedOutputSize } from '../framework/window';
import { constantValue, dtypeFromAttr, dtypeOfInput, shapeOfInput } from './schema_util';
import { TensorLike, checkDtype, constantFromArray, convert_to_tensor, makeOp, opScope, typeAttr } from './op_builder';
import { checkRank, shapeError } from './shape_fns';
import { negative } from './math_ops';
import { reverse, shape, zeros } from './array_ops';
import { registerNotDifferentiable } from './gradient_util';
import { pythonFunction } from '../framework/python_signature';

type NameOption = { name?: string };

// ---- declarations -----------------------------------------------------------------------------

const ints = (op: Operation, name: string): number[] => (op.attrs.has(name) ? (op.get_attr(name) as number[]) : []);

/** NHWC output shape of a 2-D window of `kernel` (rows, cols), dilated by `rates`, over input 0. */
function nhwcWindowed(op: Operation, kernel: readonly Dim[], rates: readonly number[], channels: Dim): Dim[] {
  const x = op.inputs[0];
  const strides = ints(op, 'strides');
  const padding = String(op.get_attr('padding')) as Padding;
  const d = x.shape.dims ?? [null, null, null, null];
  const out: Dim[] = [d[0], null, null, channels];
  for (const i of [0, 1]) {
    const size = d[i + 1], k = kernel[i];
    if (size === null || k === null) continue;
    try {
      out[i + 1] = windowedOutputSize(size, k, rates[i + 1], strides[i + 1], padding).size;
    } catch (e) {
      throw shapeError(op, (e as Error).message);
    }
  }
  return out;
}

registerOp({
  type: 'MaxPoolWithArgmax',
  outputDtypes: (inputs, attrs) => [inputs[0].dtype.base_dtype, dtypeFromAttr('Targmax')(inputs, attrs)[0]],
  inferShapes: (op) => {
    checkRank(op, op.inputs[0], 4);
    const ksize = ints(op, 'ksize'), strides = ints(op, 'strides');
    if (strides.length !== 4) throw shapeError(op, `MaxPool requires the stride attribute to contain 4 values, but got: ${strides.length}`);
    if (ksize.length !== 4) throw shapeError(op, `MaxPool requires the ksize attribute to contain 4 values, but got: ${ksize.length}`);
    if (ksize[0] !== 1 || ksize[3] !== 1 || strides[0] !== 1 || strides[3] !== 1) throw shapeError(op, 'MaxPoolWithArgmax is not yet supported on the batch nor the depth dimension.');
    const s = nhwcWindowed(op, [ksize[1], ksize[2]], [1, 1, 1, 1], op.inputs[0].shape.dims?.[3] ?? null);
    return [s, s];
  },
});
// (input, grad, argmax): MaxPoolGradWithArgmax has the input's shape, MaxPoolGradGradWithArgmax the pooled one.
registerOp({ type: 'MaxPoolGradWithArgmax', outputDtypes: dtypeOfInput(0), inferShapes: shapeOfInput(0) });
registerOp({ type: 'MaxPoolGradGradWithArgmax', outputDtypes: dtypeOfInput(0), inferShapes: shapeOfInput(2) });

registerOp({
  type: 'Dilation2D',
  outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => {
    const [x, filter] = op.inputs;
    checkRank(op, x, 4);
    checkRank(op, filter, 3);
    const strides = ints(op, 'strides'), rates = ints(op, 'rates');
    if (strides.length !== 4) throw shapeError(op, `Dilation2D requires the stride attribute to contain 4 values, but got: ${strides.length}`);
    if (rates.length !== 4) throw shapeError(op, `Dilation2D requires the rates attribute to contain 4 values, but got: ${rates.length}`);
    const f = filter.shape.dims ?? [null, null, null];
    const depth = x.shape.dims?.[3] ?? null;
    if (depth !== null && f[2] !== null && depth !== f[2]) throw shapeError(op, `Dimensions must be equal, but are ${depth} and ${f[2]}`);
    return [nhwcWindowed(op, [f[0], f[1]], rates, depth ?? f[2])];
  },
});
// (input, filter, out_backprop): the gradients have the input's and the filter's shapes.
registerOp({ type: 'Dilation2DBackpropInput', outputDtypes: dtypeOfInput(0), inferShapes: shapeOfInput(0) });
registerOp({ type: 'Dilation2DBackpropFilter', outputDtypes: dtypeOfInput(0), inferShapes: shapeOfInput(1) });

// FractionalMaxPool / FractionalAvgPool: (value) → output, row_pooling_sequence, col_pooling_sequence.
for (const type of ['FractionalMaxPool', 'FractionalAvgPool'] as const) {
  registerOp({
    type,
    stateful: true,
    outputDtypes: (inputs) => [inputs[0].dtype.base_dtype, int64, int64],
    inferShapes: (op) => {
      checkRank(op, op.inputs[0], 4);
      const ratio = op.get_attr('pooling_ratio') as number[];
      if (ratio.length !== 4) throw shapeError(op, `${type} requires pooling_ratio to have 4 elements, but got: ${ratio.length}`);
      const d = op.inputs[0].shape.dims ?? [null, null, null, null];
      const out = d.map((v, i) => (v === null ? null : Math.floor(v / ratio[i])));
      return [out, [out[1] === null ? null : out[1] + 1], [out[2] === null ? null : out[2] + 1]];
    },
  });
}
// FractionalMaxPoolGrad (orig_input, orig_output, out_backprop, rows, cols) and FractionalAvgPoolGrad (orig_input_tensor_shape, out_backprop, rows, cols).
registerOp({ type: 'FractionalMaxPoolGrad', outputDtypes: dtypeOfInput(0), inferShapes: shapeOfInput(0) });
registerOp({ type: 'FractionalAvgPoolGrad', outputDtypes: dtypeOfInput(1), inferShapes: (op) => [constantShape(op.inputs[0])] });

/** The shape a shape-valued input names when it is a constant, else rank 4 unknown. */
function constantShape(t: Tensor): Dim[] {
  const v = constantValue(t);
  return v ? Array.from(v.values, Number) : [null, null, null, null];
}

// ---- builders ---------------------------------------------------------------------------------

function checkPadding(padding: string | undefined, fn: string): Padding {
  if (padding !== 'SAME' && padding !== 'VALID') throw new ValueError(`${fn}: padding must be 'SAME' or 'VALID', got ${JSON.stringify(padding)}`);
  return padding;
}
const intList = (v: readonly number[]): AttrValue => ({ list: { i: [...v] } });

/**
 * Max pooling that also returns each maximum's flat index: `(y * width + x) * channels + c`, plus
 * `b * height * width * channels` with `include_batch_in_index` (Targmax/output_dtype int64 unless told).
 * Returns `[output, argmax]`.
 * @example const [y, argmax] = tf.nn.max_pool_with_argmax(x, [1, 2, 2, 1], [1, 2, 2, 1], 'VALID')
 */
export const max_pool_with_argmax = pythonFunction('max_pool_with_argmax', ['input', 'ksize', 'strides', 'padding', "data_format='NHWC'", 'Targmax=None', 'name=None', 'output_dtype=None', 'include_batch_in_index=False'], 1, function max_pool_with_argmax(input: TensorLike,
  o: NameOption & { ksize?: readonly number[]; strides?: readonly number[]; padding?: Padding; data_format?: 'NHWC'; Targmax?: DType | null; output_dtype?: DType | null; include_batch_in_index?: boolean } = {}): [Tensor, Tensor] {
  if ((o.data_format ?? 'NHWC') !== 'NHWC') throw new ValueError("Data formats other than 'NHWC' are not yet supported");
  if (o.Targmax && o.output_dtype) throw new ValueError("Cannot specify both 'Targmax' and 'output_dtype'");
  if (!o.ksize || !o.strides) throw new TFTypeError("max_pool_with_argmax() missing required arguments: 'ksize' and 'strides'");
  const targmax = o.output_dtype ?? o.Targmax ?? int64;
  if (targmax !== int32 && targmax !== int64) throw new TFTypeError(`Value passed to parameter 'Targmax' has DataType ${targmax.name} not in list of allowed values: int32, int64`);
  const pad = checkPadding(o.padding, 'max_pool_with_argmax');
  return opScope(o.name, 'MaxPoolWithArgmax', [input], (scope) => {
    const x = convert_to_tensor(input, { name: 'input' });
    const [y, argmax] = makeOp('MaxPoolWithArgmax', [x], {
      ksize: intList(o.ksize!), strides: intList(o.strides!), Targmax: { type: targmax }, padding: { s: pad },
      include_batch_in_index: { b: o.include_batch_in_index ?? false }, T: typeAttr(x),
    }, scope).outputs;
    return [y, argmax];
  });
});

type FractionalOptions = NameOption & { pseudo_random?: boolean; overlapping?: boolean; deterministic?: boolean; seed?: number; seed2?: number };
const FRACTIONAL_PARAMS = ['value', 'pooling_ratio', 'pseudo_random=False', 'overlapping=False', 'deterministic=False', 'seed=0', 'seed2=0', 'name=None'] as const;

function fractionalPool(type: 'FractionalMaxPool' | 'FractionalAvgPool', value: TensorLike, pooling_ratio: readonly number[], o: FractionalOptions): [Tensor, Tensor, Tensor] {
  if (!Array.isArray(pooling_ratio) || pooling_ratio.length < 4) throw new ValueError(`pooling_ratio must be a list of 4 floats, got ${JSON.stringify(pooling_ratio)}`);
  if (pooling_ratio[0] !== 1 || pooling_ratio[3] !== 1) throw new ValueError(`${type} is not yet supported on the batch nor channel dimension. The first and last elements of pooling ratio must be 1.0.`);
  if (pooling_ratio.some((r) => !(r >= 1))) throw new ValueError(`pooling_ratio must be >= 1.0, got ${JSON.stringify(pooling_ratio)}`);
  return opScope(o.name, type, [value], (scope) => {
    const x = convert_to_tensor(value, { name: 'value' });
    checkDtype(type, 'value', x, [float32, float64, int32, int64]);
    const outs = makeOp(type, [x], {
      pooling_ratio: { list: { f: [...pooling_ratio] } }, pseudo_random: { b: o.pseudo_random ?? false }, overlapping: { b: o.overlapping ?? false },
      deterministic: { b: o.deterministic ?? false }, seed: { i: o.seed ?? 0 }, seed2: { i: o.seed2 ?? 0 }, T: typeAttr(x),
    }, scope).outputs;
    return [outs[0], outs[1], outs[2]];
  });
}

/**
 * Max pooling over fractional windows: each spatial size shrinks by its `pooling_ratio` (a 4-list with
 * 1 at batch and channels) through random window boundaries (`pseudo_random`: Graham's pseudo-random
 * sequence; else a shuffled one), windows sharing their boundary cells with `overlapping`.
 * Returns `[output, row_pooling_sequence, col_pooling_sequence]`.
 * @example const [y, rows, cols] = tf.nn.fractional_max_pool(x, [1, 1.44, 1.73, 1], {pseudo_random: true})
 */
export const fractional_max_pool = pythonFunction('fractional_max_pool', FRACTIONAL_PARAMS, 2, function fractional_max_pool(value: TensorLike, pooling_ratio: readonly number[], options: FractionalOptions = {}): [Tensor, Tensor, Tensor] {
  return fractionalPool('FractionalMaxPool', value, pooling_ratio, options);
});
/** As fractional_max_pool, the mean of each window. */
export const fractional_avg_pool = pythonFunction('fractional_avg_pool', FRACTIONAL_PARAMS, 2, function fractional_avg_pool(value: TensorLike, pooling_ratio: readonly number[], options: FractionalOptions = {}): [Tensor, Tensor, Tensor] {
  return fractionalPool('FractionalAvgPool', value, pooling_ratio, options);
});

type DilationOptions = NameOption & { strides?: readonly number[]; rates?: readonly number[]; padding?: Padding };

function dilationOp(x: Tensor, f: Tensor, o: DilationOptions, fn: string, name: string): Tensor {
  if (!o.strides || !o.rates) throw new TFTypeError(`${fn}() missing required arguments: 'strides' and 'rates'`);
  const pad = checkPadding(o.padding, fn);
  return makeOp('Dilation2D', [x, f], { T: typeAttr(x), strides: intList(o.strides), rates: intList(o.rates), padding: { s: pad } }, name).outputs[0];
}

/**
 * Grayscale dilation: `output[b, y, x, c] = max over (dy, dx) of input[b, y·s + dy·r, x·s + dx·r, c] + filter[dy, dx, c]`
 * (Dilation2D), `filter` `[filter_height, filter_width, depth]`; strides and rates are 4-lists `[1, h, w, 1]`.
 * @example tf.nn.dilation2d(x, f, [1, 1, 1, 1], [1, 1, 1, 1], 'SAME')
 */
export const dilation2d = pythonFunction('dilation2d', ['input', 'filter=None', 'strides=None', 'rates=None', 'padding=None', 'name=None', 'filters=None', 'dilations=None'], 2, function dilation2d(input: TensorLike, filter: TensorLike | undefined,
  o: DilationOptions & { filters?: TensorLike; dilations?: readonly number[] } = {}): Tensor {
  if (filter !== undefined && o.filters !== undefined) throw new ValueError("Cannot specify both 'filter' and 'filters'");
  if (o.rates !== undefined && o.dilations !== undefined) throw new ValueError("Cannot specify both 'rates' and 'dilations'");
  const kernel = filter ?? o.filters;
  if (kernel === undefined) throw new TFTypeError("dilation2d() missing required argument: 'filter'");
  return opScope(o.name, 'Dilation2D', [input, kernel], (scope) => {
    const x = convert_to_tensor(input, { name: 'input' });
    const f = convert_to_tensor(kernel, { dtype: x.dtype.base_dtype, name: 'filter' });
    return dilationOp(x, f, { ...o, rates: o.rates ?? o.dilations }, 'dilation2d', scope);
  });
});

/**
 * Grayscale erosion, by duality as TF computes it: `-dilation2d(-value, reverse(kernel, [0, 1]))`, the
 * Dilation2D named after the `erosion2d` scope.
 * @example tf.nn.erosion2d(x, k, [1, 1, 1, 1], [1, 1, 1, 1], 'SAME')
 */
export const erosion2d = pythonFunction('erosion2d', ['value', 'kernel', 'strides', 'rates', 'padding', 'name=None'], 2, function erosion2d(value: TensorLike, kernel: TensorLike, o: DilationOptions = {}): Tensor {
  return opScope(o.name, 'erosion2d', [value, kernel], (scope) => {
    const x = convert_to_tensor(value, { name: 'value' });
    const k = convert_to_tensor(kernel, { dtype: x.dtype.base_dtype, name: 'kernel' });
    return negative(dilationOp(negative(x), reverse(k, [0, 1]), o, 'erosion2d', scope));
  });
});

// ---- gradients --------------------------------------------------------------------------------

function carried(op: Operation, t: Tensor, names: readonly string[]): Record<string, AttrValue> {
  const attrs: Record<string, AttrValue> = { T: typeAttr(t) };
  for (const name of names) {
    const v = op.attrs.get(name);
    if (v) attrs[name] = v;
  }
  return attrs;
}
const ARGMAX = ['ksize', 'strides', 'padding', 'include_batch_in_index', 'Targmax'];
const argmaxOp = (type: 'MaxPoolGradWithArgmax' | 'MaxPoolGradGradWithArgmax', op: Operation, x: Tensor, grad: Tensor, argmax: Tensor) => makeOp(type, [x, grad, argmax], carried(op, grad, ARGMAX), type).outputs[0];

registerGradient('MaxPoolWithArgmax', (op, [grad]) => [argmaxOp('MaxPoolGradWithArgmax', op, op.inputs[0], grad!, op.outputs[1])]);
// Linear in its gradient input, whose derivative reads the incoming gradient at each argmax.
registerGradient('MaxPoolGradWithArgmax', (op, [grad]) => [
  zeros(shape(op.inputs[0]), op.inputs[0].dtype.base_dtype), argmaxOp('MaxPoolGradGradWithArgmax', op, op.inputs[0], grad!, op.inputs[2]), null,
]);
registerGradient('MaxPoolGradGradWithArgmax', (op, [grad]) => [
  zeros(shape(op.inputs[0]), op.inputs[0].dtype.base_dtype), argmaxOp('MaxPoolGradWithArgmax', op, op.inputs[0], grad!, op.inputs[2]), null,
]);

const DILATION = ['strides', 'rates', 'padding'];
registerGradient('Dilation2D', (op, [grad]) => {
  const [x, f] = op.inputs;
  const attrs = carried(op, grad!, DILATION);
  return [
    makeOp('Dilation2DBackpropInput', [x, f, grad!], attrs, 'Dilation2DBackpropInput').outputs[0],
    makeOp('Dilation2DBackpropFilter', [x, f, grad!], attrs, 'Dilation2DBackpropFilter').outputs[0],
  ];
});
registerNotDifferentiable('Dilation2DBackpropInput', 'Dilation2DBackpropFilter', 'FractionalMaxPoolGrad', 'FractionalAvgPoolGrad');

// The fractional pools: the gradient goes back through the windows the forward pass drew (its sequences).
registerGradient('FractionalMaxPool', (op, [grad]) => [makeOp('FractionalMaxPoolGrad', [op.inputs[0], op.outputs[0], grad!, op.outputs[1], op.outputs[2]],
  carried(op, op.inputs[0], ['overlapping']), 'FractionalMaxPoolGrad').outputs[0]]);
registerGradient('FractionalAvgPool', (op, [grad]) => {
  // TF passes the input's static shape as a constant.
  const x = op.inputs[0];
  const inShape = x.shape.is_fully_defined() ? constantFromArray(NDArray.from(x.shape.toNumbers(), int64).reshape([4]), 'Const') : shape(x, { out_type: int64 });
  return [makeOp('FractionalAvgPoolGrad', [inShape, grad!, op.outputs[1], op.outputs[2]], carried(op, grad!, ['overlapping']), 'FractionalAvgPoolGrad').outputs[0]];
});
