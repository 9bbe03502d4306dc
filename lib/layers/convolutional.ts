/** `tf.layers.Conv1D`, `Conv2D`, `Conv3D`, `Conv2DTranspose`, `SeparableConv2D` and their functions, as TF 1.15 builds them. */
import { Tensor } from '../framework/graph';
import { ValueError } from '../framework/errors';
import { ShapeLike, TensorShape, as_shape } from '../framework/tensor_shape';
import { Initializer, zeros_initializer } from '../variables/initializers';
import { RefVariable } from '../variables/variables';
import { TensorLike } from '../ops/op_builder';
import { getitem, shape as shapeOf, stack } from '../ops/array_ops';
import { add, multiply } from '../ops/math_ops';
import { conv3d as nnConv3d } from '../ops/nn_ops_3d';
import { bias_add, conv1d as nnConv1d, conv2d as nnConv2d, conv2d_transpose as nnConv2dTranspose, separable_conv2d as nnSeparableConv2d } from '../ops/nn_ops';
import {
  Activation, DataFormat, KernelLayerOptions, Layer, LayerRegularizer, PaddingMode, normalizeDataFormat, normalizePadding, normalizeTuple,
} from './base';
import { FunctionalOptions } from './core';

export interface ConvOptions extends KernelLayerOptions {
  strides?: number | readonly number[];
  padding?: PaddingMode;
  data_format?: DataFormat;
  dilation_rate?: number | readonly number[];
}

/** What Conv1D/Conv2D/Conv2DTranspose share: kernel and bias weights, bias add and activation. */
abstract class Conv extends Layer {
  readonly filters: number;
  readonly kernel_size: number[];
  readonly strides: number[];
  readonly padding: 'valid' | 'same';
  readonly data_format: DataFormat;
  readonly dilation_rate: number[];
  readonly activation: Activation | null;
  readonly use_bias: boolean;
  kernel!: RefVariable;
  bias: RefVariable | null = null;
  private readonly convOptions: ConvOptions;

  constructor(readonly rank: number, filters: number, kernel_size: number | readonly number[], options: ConvOptions) {
    super(options);
    if (!Number.isInteger(filters) || filters <= 0) throw new ValueError(`filters must be a positive integer, got ${filters}`);
    this.filters = filters;
    this.kernel_size = normalizeTuple(kernel_size, rank, 'kernel_size');
    this.strides = normalizeTuple(options.strides ?? 1, rank, 'strides');
    this.padding = normalizePadding(options.padding ?? 'valid');
    this.data_format = normalizeDataFormat(options.data_format);
    this.dilation_rate = normalizeTuple(options.dilation_rate ?? 1, rank, 'dilation_rate');
    this.activation = options.activation ?? null;
    this.use_bias = options.use_bias ?? true;
    this.convOptions = options;
  }

  protected get channelAxis(): number { return this.data_format === 'channels_first' ? 1 : this.rank + 1; }

  /** The kernel's shape for this many input channels. */
  protected kernelShape(inputChannels: number): number[] { return [...this.kernel_size, inputChannels, this.filters]; }

  protected override build(input_shape: TensorShape): void {
    if (input_shape.ndims !== null && input_shape.ndims !== this.rank + 2) {
      throw new ValueError(`Input 0 of layer ${this.name} is incompatible with the layer: expected ndim=${this.rank + 2}, found ndim=${input_shape.ndims}. Full shape received: [${input_shape.as_list()}]`);
    }
    const channels = input_shape.dims?.[this.channelAxis] ?? null;
    if (channels === null) throw new ValueError('The channel dimension of the inputs should be defined. Found `None`.');
    this.buildKernels(channels);
    if (this.use_bias) {
      this.bias = this.add_weight('bias', [this.filters], { initializer: this.convOptions.bias_initializer ?? zeros_initializer(), regularizer: this.convOptions.bias_regularizer });
    }
  }

  /** The layer's kernel weights for this many input channels (before the bias, as TF creates them). */
  protected buildKernels(channels: number): void {
    this.kernel = this.add_weight('kernel', this.kernelShape(channels), { initializer: this.convOptions.kernel_initializer, regularizer: this.convOptions.kernel_regularizer });
  }

  protected finish(outputs: Tensor): Tensor {
    if (this.bias) outputs = bias_add(outputs, this.bias, { data_format: this.data_format === 'channels_first' ? 'NCHW' : 'NHWC' });
    return this.activation ? this.activation(outputs) : outputs;
  }

  /** Output length of one spatial dimension (Keras's conv_utils.conv_output_length). */
  protected static outputLength(length: number | null, filter: number, padding: 'valid' | 'same', stride: number, dilation: number): number | null {
    if (length === null) return null;
    const dilated = filter + (filter - 1) * (dilation - 1);
    const out = padding === 'same' ? length : length - dilated + 1;
    return Math.floor((out + stride - 1) / stride);
  }

  compute_output_shape(input_shape: ShapeLike): TensorShape {
    const s = as_shape(input_shape);
    if (s.dims === null) return s;
    const first = this.data_format === 'channels_first' ? 2 : 1;
    const spatial = s.dims.slice(first, first + this.rank).map((d, i) => Conv.outputLength(d, this.kernel_size[i], this.padding, this.strides[i], this.dilation_rate[i]));
    return new TensorShape(this.data_format === 'channels_first' ? [s.dims[0], this.filters, ...spatial] : [s.dims[0], ...spatial, this.filters]);
  }
}

/** 1-D convolution over `[batch, width, channels]`; kernel `[width, in, filters]`. */
export class Conv1D extends Conv {
  constructor(filters: number, kernel_size: number | readonly number[], options: ConvOptions = {}) { super(1, filters, kernel_size, options); }

  protected call(inputs: Tensor): Tensor {
    if (this.data_format === 'channels_first') throw new ValueError('Conv1D: data_format channels_first is not supported; use channels_last');
    return this.finish(nnConv1d(inputs, this.kernel, { stride: this.strides[0], padding: this.padding === 'same' ? 'SAME' : 'VALID', dilations: this.dilation_rate[0] }));
  }
}

/** 2-D convolution over `[batch, height, width, channels]`; kernel `[kh, kw, in, filters]`. */
export class Conv2D extends Conv {
  constructor(filters: number, kernel_size: number | readonly number[], options: ConvOptions = {}) { super(2, filters, kernel_size, options); }

  protected call(inputs: Tensor): Tensor {
    const nchw = this.data_format === 'channels_first';
    const [sh, sw] = this.strides, [dh, dw] = this.dilation_rate;
    return this.finish(nnConv2d(inputs, this.kernel, {
      strides: nchw ? [1, 1, sh, sw] : [1, sh, sw, 1], padding: this.padding === 'same' ? 'SAME' : 'VALID',
      data_format: nchw ? 'NCHW' : 'NHWC', dilations: nchw ? [1, 1, dh, dw] : [1, dh, dw, 1],
    }));
  }
}

/** 3-D convolution over `[batch, depth, height, width, channels]`; kernel `[kd, kh, kw, in, filters]` (op `conv3d/Conv3D`). */
export class Conv3D extends Conv {
  constructor(filters: number, kernel_size: number | readonly number[], options: ConvOptions = {}) { super(3, filters, kernel_size, options); }

  protected call(inputs: Tensor): Tensor {
    const ncdhw = this.data_format === 'channels_first';
    const window = (v: number[]) => (ncdhw ? [1, 1, ...v] : [1, ...v, 1]);
    return this.finish(nnConv3d(inputs, this.kernel, {
      strides: window(this.strides), padding: this.padding === 'same' ? 'SAME' : 'VALID', data_format: ncdhw ? 'NCDHW' : 'NDHWC', dilations: window(this.dilation_rate),
    }));
  }
}

/** The transpose of Conv2D (a "deconvolution"); kernel `[kh, kw, filters, in]`. */
export class Conv2DTranspose extends Conv {
  constructor(filters: number, kernel_size: number | readonly number[], options: ConvOptions = {}) {
    super(2, filters, kernel_size, options);
    if (this.dilation_rate.some((d) => d !== 1)) throw new ValueError('Conv2DTranspose: dilation_rate other than 1 is not supported');
  }

  protected override kernelShape(inputChannels: number): number[] { return [...this.kernel_size, this.filters, inputChannels]; }

  /** Keras's deconv_output_length, as graph ops when the length is a tensor. */
  private deconvLength(length: Tensor, filter: number, stride: number): Tensor {
    const scaled = multiply(length, stride);
    return this.padding === 'valid' ? add(scaled, Math.max(filter - stride, 0)) : scaled;
  }

  protected call(inputs: Tensor): Tensor {
    if (this.data_format === 'channels_first') throw new ValueError('Conv2DTranspose: data_format channels_first is not supported; use channels_last');
    const shape = shapeOf(inputs);
    const batch = getitem(shape, 0), height = getitem(shape, 1), width = getitem(shape, 2);
    const [kh, kw] = this.kernel_size, [sh, sw] = this.strides;
    const outShape = stack([batch, this.deconvLength(height, kh, sh), this.deconvLength(width, kw, sw), this.filters]);
    const out = nnConv2dTranspose(inputs, this.kernel, outShape, { strides: [1, sh, sw, 1], padding: this.padding === 'same' ? 'SAME' : 'VALID' });
    out.set_shape(this.compute_output_shape(inputs.shape));
    return this.finish(out);
  }

  override compute_output_shape(input_shape: ShapeLike): TensorShape {
    const s = as_shape(input_shape);
    if (s.dims === null) return s;
    const len = (d: number | null, k: number, st: number) => (d === null ? null : this.padding === 'valid' ? d * st + Math.max(k - st, 0) : d * st);
    return new TensorShape([s.dims[0], len(s.dims[1], this.kernel_size[0], this.strides[0]), len(s.dims[2], this.kernel_size[1], this.strides[1]), this.filters]);
  }
}

export interface SeparableConvOptions extends ConvOptions {
  depth_multiplier?: number;
  depthwise_initializer?: Initializer | null;
  pointwise_initializer?: Initializer | null;
  depthwise_regularizer?: LayerRegularizer | null;
  pointwise_regularizer?: LayerRegularizer | null;
}

/**
 * A depthwise 2-D convolution (`depthwise_kernel` [kh, kw, in, depth_multiplier]) followed by a 1×1 one
 * (`pointwise_kernel` [1, 1, in * depth_multiplier, filters]), through tf.nn.separable_conv2d.
 */
export class SeparableConv2D extends Conv {
  readonly depth_multiplier: number;
  depthwise_kernel!: RefVariable;
  pointwise_kernel!: RefVariable;
  private readonly separableOptions: SeparableConvOptions;

  constructor(filters: number, kernel_size: number | readonly number[], options: SeparableConvOptions = {}) {
    super(2, filters, kernel_size, options);
    this.depth_multiplier = options.depth_multiplier ?? 1;
    if (!Number.isInteger(this.depth_multiplier) || this.depth_multiplier < 1) throw new ValueError(`depth_multiplier must be a positive integer, got ${this.depth_multiplier}`);
    this.separableOptions = options;
  }

  protected override buildKernels(channels: number): void {
    const o = this.separableOptions;
    this.depthwise_kernel = this.add_weight('depthwise_kernel', [...this.kernel_size, channels, this.depth_multiplier], { initializer: o.depthwise_initializer, regularizer: o.depthwise_regularizer });
    this.pointwise_kernel = this.add_weight('pointwise_kernel', [1, 1, channels * this.depth_multiplier, this.filters], { initializer: o.pointwise_initializer, regularizer: o.pointwise_regularizer });
  }

  protected call(inputs: Tensor): Tensor {
    const nchw = this.data_format === 'channels_first';
    const [sh, sw] = this.strides;
    return this.finish(nnSeparableConv2d(inputs, this.depthwise_kernel, this.pointwise_kernel, {
      strides: nchw ? [1, 1, sh, sw] : [1, sh, sw, 1], padding: this.padding === 'same' ? 'SAME' : 'VALID',
      rate: this.dilation_rate, data_format: nchw ? 'NCHW' : 'NHWC',
    }));
  }
}

function convArgs<O extends ConvOptions>(options: O & FunctionalOptions): O {
  const { reuse, name, ...rest } = options;
  return { ...rest, name, _scope: name, _reuse: reuse } as unknown as O;
}

/** @example const c = tf.layers.conv1d(x, 16, 3, {padding: 'same'}); // conv1d/kernel [3, in, 16] */
export function conv1d(inputs: TensorLike, filters: number, kernel_size: number | readonly number[], options: ConvOptions & FunctionalOptions = {}): Tensor {
  return new Conv1D(filters, kernel_size, convArgs(options)).apply(inputs);
}

/** @example const c = tf.layers.conv2d(x, 32, [5, 5], {padding: 'same', activation: tf.nn.relu}); // conv2d/kernel */
export function conv2d(inputs: TensorLike, filters: number, kernel_size: number | readonly number[], options: ConvOptions & FunctionalOptions = {}): Tensor {
  return new Conv2D(filters, kernel_size, convArgs(options)).apply(inputs);
}

/** @example const c = tf.layers.conv3d(volume, 8, 3, {padding: 'same'}); // conv3d/kernel [3, 3, 3, in, 8] */
export function conv3d(inputs: TensorLike, filters: number, kernel_size: number | readonly number[], options: ConvOptions & FunctionalOptions = {}): Tensor {
  return new Conv3D(filters, kernel_size, convArgs(options)).apply(inputs);
}

/** @example const up = tf.layers.conv2d_transpose(x, 16, 3, {strides: 2, padding: 'same'}); */
export function conv2d_transpose(inputs: TensorLike, filters: number, kernel_size: number | readonly number[], options: ConvOptions & FunctionalOptions = {}): Tensor {
  return new Conv2DTranspose(filters, kernel_size, convArgs(options)).apply(inputs);
}

/**
 * @example const s = tf.layers.separable_conv2d(x, 32, 3, {padding: 'same', depth_multiplier: 2});
 *   // separable_conv2d/depthwise_kernel, separable_conv2d/pointwise_kernel, separable_conv2d/bias
 */
export function separable_conv2d(inputs: TensorLike, filters: number, kernel_size: number | readonly number[], options: SeparableConvOptions & FunctionalOptions = {}): Tensor {
  return new SeparableConv2D(filters, kernel_size, convArgs(options)).apply(inputs);
}
