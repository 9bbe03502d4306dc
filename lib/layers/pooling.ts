/** `tf.layers` max and average pooling in 1-D, 2-D and 3-D, as TF 1.15 builds them. */
import { Tensor } from '../framework/graph';
import { ShapeLike, TensorShape, as_shape } from '../framework/tensor_shape';
import { TensorLike } from '../ops/op_builder';
import { expand_dims, squeeze, transpose } from '../ops/array_ops';
import { avg_pool3d, max_pool3d } from '../ops/nn_ops_3d';
import { avg_pool, max_pool } from '../ops/nn_ops';
import { DataFormat, Layer, LayerOptions, PaddingMode, normalizeDataFormat, normalizePadding, normalizeTuple } from './base';

export interface PoolingOptions extends LayerOptions {
  padding?: PaddingMode;
  data_format?: DataFormat;
}

abstract class Pooling extends Layer {
  readonly pool_size: number[];
  readonly strides: number[];
  readonly padding: 'valid' | 'same';
  readonly data_format: DataFormat;

  constructor(private readonly rank: number, private readonly mode: 'max' | 'avg', pool_size: number | readonly number[], strides: number | readonly number[] | null, options: PoolingOptions) {
    super(options);
    this.pool_size = normalizeTuple(pool_size, rank, 'pool_size');
    this.strides = normalizeTuple(strides ?? pool_size, rank, 'strides');
    this.padding = normalizePadding(options.padding ?? 'valid');
    this.data_format = normalizeDataFormat(options.data_format);
  }

  /** max_pool / avg_pool of a 4-D tensor with these 2-D windows. */
  protected pool2d(x: Tensor, size: number[], strides: number[]): Tensor {
    const nchw = this.data_format === 'channels_first';
    const ksize = nchw ? [1, 1, ...size] : [1, ...size, 1];
    const stride = nchw ? [1, 1, ...strides] : [1, ...strides, 1];
    const fn = this.mode === 'max' ? max_pool : avg_pool;
    return fn(x, { ksize, strides: stride, padding: this.padding === 'same' ? 'SAME' : 'VALID', data_format: nchw ? 'NCHW' : 'NHWC' });
  }

  compute_output_shape(input_shape: ShapeLike): TensorShape {
    const s = as_shape(input_shape);
    if (s.dims === null) return s;
    const first = this.data_format === 'channels_first' ? 2 : 1;
    const dims = [...s.dims];
    for (let i = 0; i < this.rank; i++) {
      const d = dims[first + i];
      if (d === null) continue;
      const out = this.padding === 'same' ? d : d - this.pool_size[i] + 1;
      dims[first + i] = Math.floor((out + this.strides[i] - 1) / this.strides[i]);
    }
    return new TensorShape(dims);
  }
}

abstract class Pooling1D extends Pooling {
  constructor(mode: 'max' | 'avg', pool_size: number | readonly number[], strides: number | readonly number[] | null, options: PoolingOptions) {
    super(1, mode, pool_size, strides, options);
  }
  protected call(inputs: Tensor): Tensor {
    // Keras pools 1-D inputs as 2-D ones with an extra axis of size 1.
    const axis = this.data_format === 'channels_last' ? 2 : 3;
    const pooled = this.pool2d(expand_dims(inputs, axis), [...this.pool_size, 1], [...this.strides, 1]);
    return squeeze(pooled, [axis]);
  }
}

abstract class Pooling2D extends Pooling {
  constructor(mode: 'max' | 'avg', pool_size: number | readonly number[], strides: number | readonly number[] | null, options: PoolingOptions) {
    super(2, mode, pool_size, strides, options);
  }
  protected call(inputs: Tensor): Tensor { return this.pool2d(inputs, this.pool_size, this.strides); }
}

abstract class Pooling3D extends Pooling {
  constructor(private readonly mode3d: 'max' | 'avg', pool_size: number | readonly number[], strides: number | readonly number[] | null, options: PoolingOptions) {
    super(3, mode3d, pool_size, strides, options);
  }
  protected call(inputs: Tensor): Tensor {
    // As Keras does: TF's 3-D pools take channels last, so channels_first inputs are transposed around them.
    const first = this.data_format === 'channels_first';
    const x = first ? transpose(inputs, [0, 2, 3, 4, 1]) : inputs;
    const fn = this.mode3d === 'max' ? max_pool3d : avg_pool3d;
    const y = fn(x, { ksize: [1, ...this.pool_size, 1], strides: [1, ...this.strides, 1], padding: this.padding === 'same' ? 'SAME' : 'VALID' });
    return first ? transpose(y, [0, 4, 1, 2, 3]) : y;
  }
}

export class MaxPooling1D extends Pooling1D {
  constructor(pool_size: number | readonly number[], strides: number | readonly number[] | null = null, options: PoolingOptions = {}) { super('max', pool_size, strides, options); }
}
export class AveragePooling1D extends Pooling1D {
  constructor(pool_size: number | readonly number[], strides: number | readonly number[] | null = null, options: PoolingOptions = {}) { super('avg', pool_size, strides, options); }
}
export class MaxPooling2D extends Pooling2D {
  constructor(pool_size: number | readonly number[], strides: number | readonly number[] | null = null, options: PoolingOptions = {}) { super('max', pool_size, strides, options); }
}
export class AveragePooling2D extends Pooling2D {
  constructor(pool_size: number | readonly number[], strides: number | readonly number[] | null = null, options: PoolingOptions = {}) { super('avg', pool_size, strides, options); }
}

export class MaxPooling3D extends Pooling3D {
  constructor(pool_size: number | readonly number[], strides: number | readonly number[] | null = null, options: PoolingOptions = {}) { super('max', pool_size, strides, options); }
}
export class AveragePooling3D extends Pooling3D {
  constructor(pool_size: number | readonly number[], strides: number | readonly number[] | null = null, options: PoolingOptions = {}) { super('avg', pool_size, strides, options); }
}

type PoolFn = (inputs: TensorLike, pool_size: number | readonly number[], strides: number | readonly number[], options?: PoolingOptions) => Tensor;

/** @example tf.layers.max_pooling1d(x, 2, 2) */
export const max_pooling1d: PoolFn = (inputs, pool_size, strides, options = {}) => new MaxPooling1D(pool_size, strides, options).apply(inputs);
/** @example tf.layers.average_pooling1d(x, 2, 2) */
export const average_pooling1d: PoolFn = (inputs, pool_size, strides, options = {}) => new AveragePooling1D(pool_size, strides, options).apply(inputs);
/** @example tf.layers.max_pooling2d(conv1, [2, 2], 2) // op max_pooling2d/MaxPool */
export const max_pooling2d: PoolFn = (inputs, pool_size, strides, options = {}) => new MaxPooling2D(pool_size, strides, options).apply(inputs);
/** @example tf.layers.average_pooling2d(conv1, 2, 2) // op average_pooling2d/AvgPool */
export const average_pooling2d: PoolFn = (inputs, pool_size, strides, options = {}) => new AveragePooling2D(pool_size, strides, options).apply(inputs);
/** @example tf.layers.max_pooling3d(volume, 2, 2) // op max_pooling3d/MaxPool3D */
export const max_pooling3d: PoolFn = (inputs, pool_size, strides, options = {}) => new MaxPooling3D(pool_size, strides, options).apply(inputs);
/** @example tf.layers.average_pooling3d(volume, 2, 2) // op average_pooling3d/AvgPool3D */
export const average_pooling3d: PoolFn = (inputs, pool_size, strides, options = {}) => new AveragePooling3D(pool_size, strides, options).apply(inputs);
