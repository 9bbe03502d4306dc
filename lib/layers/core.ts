/** `tf.layers.Dense`, `Dropout`, `Flatten` and their functions, as TF 1.15 builds them. */
import { Tensor } from '../framework/graph';
import { TFTypeError, ValueError } from '../framework/errors';
import { ShapeLike, TensorShape, as_shape } from '../framework/tensor_shape';
import { Reuse, VariableScope } from '../variables/variable_scope';
import { zeros_initializer } from '../variables/initializers';
import { TensorLike } from '../ops/op_builder';
import { concat, getitem, identity, reshape, shape as shapeOf, stack, transpose } from '../ops/array_ops';
import { matmul } from '../ops/math_ops';
import { RefVariable } from '../variables/variables';
import { bias_add, dropout as nnDropout } from '../ops/nn_ops';
import { Activation, DataFormat, KernelLayerOptions, Layer, LayerOptions, smartCond } from './base';

export type DenseOptions = KernelLayerOptions;

/** A densely connected layer: `activation(inputs · kernel + bias)`; kernel `[in, units]`. */
export class Dense extends Layer {
  readonly units: number;
  readonly activation: Activation | null;
  readonly use_bias: boolean;
  kernel!: RefVariable;
  bias: RefVariable | null = null;
  private readonly options: DenseOptions;

  constructor(units: number, options: DenseOptions = {}) {
    super(options);
    if (!Number.isInteger(units) || units <= 0) throw new ValueError(`Dense: units must be a positive integer, got ${units}`);
    this.units = units;
    this.activation = options.activation ?? null;
    this.use_bias = options.use_bias ?? true;
    this.options = options;
  }

  protected override build(input_shape: TensorShape): void {
    if (!(this.dtype!.is_floating || this.dtype!.is_complex)) throw new TFTypeError(`Unable to build \`Dense\` layer with non-floating point dtype ${this.dtype!.name}`);
    if (input_shape.ndims !== null && input_shape.ndims < 2) {
      throw new ValueError(`Input 0 of layer ${this.name} is incompatible with the layer: expected min_ndim=2, found ndim=${input_shape.ndims}. Full shape received: ${input_shape.as_list()}`);
    }
    const last = input_shape.dims?.[input_shape.dims.length - 1] ?? null;
    if (last === null) throw new ValueError('The last dimension of the inputs to `Dense` should be defined. Found `None`.');
    this.kernel = this.add_weight('kernel', [last, this.units], { initializer: this.options.kernel_initializer, regularizer: this.options.kernel_regularizer });
    if (this.use_bias) {
      this.bias = this.add_weight('bias', [this.units], { initializer: this.options.bias_initializer ?? zeros_initializer(), regularizer: this.options.bias_regularizer });
    }
  }

  protected call(inputs: Tensor): Tensor {
    const rank = inputs.shape.ndims;
    let outputs: Tensor;
    if (rank !== null && rank > 2) {
      // TF's tensordot over the last axis: flatten the leading axes, multiply, restore them.
      outputs = inputs.graph.name_scope('Tensordot', () => {
        const flat = reshape(inputs, [-1, this.kernel.get_shape().dims![0]!]);
        const product = matmul(flat, this.kernel, { name: 'MatMul' });
        const lead = getitem(shapeOf(inputs), { stop: rank - 1 });
        return reshape(product, concat([lead, [this.units]], 0));
      });
      outputs.set_shape([...inputs.shape.dims!.slice(0, -1), this.units]);
    } else {
      outputs = matmul(inputs, this.kernel, { name: 'MatMul' });
    }
    if (this.bias) outputs = bias_add(outputs, this.bias);
    return this.activation ? this.activation(outputs) : outputs;
  }

  compute_output_shape(input_shape: ShapeLike): TensorShape {
    const s = as_shape(input_shape);
    if (s.dims === null) return s;
    return new TensorShape([...s.dims.slice(0, -1), this.units]);
  }
}

/** What the tf.layers functions take besides the layer's own options. */
export interface FunctionalOptions {
  /** The layer's name and variable scope; a VariableScope is used as it is (the canned estimators' form). */
  name?: string | VariableScope | null;
  reuse?: Reuse;
}

function layerArgs(options: Omit<LayerOptions, 'name'> & FunctionalOptions): LayerOptions {
  const { reuse, name, ...rest } = options;
  if (name instanceof VariableScope) return { ...rest, name: name.name.split('/').pop()!, _scope: name, _reuse: reuse };
  return { ...rest, name, _scope: name, _reuse: reuse };
}

/**
 * A dense layer applied to `inputs`: variables `dense/kernel`, `dense/bias` (`dense_1/...` for the next).
 * @example const h = tf.layers.dense(x, 128, {activation: tf.nn.relu});
 */
export function dense(inputs: TensorLike, units: number, options: Omit<DenseOptions, 'name'> & FunctionalOptions = {}): Tensor {
  return new Dense(units, layerArgs(options)).apply(inputs);
}

export interface DropoutLayerOptions extends LayerOptions {
  rate?: number;
  noise_shape?: TensorLike | null;
  seed?: number | null;
}

/** Zeroes a `rate` fraction of the inputs during training (scaling the rest by 1/(1 - rate)); identity otherwise. */
export class Dropout extends Layer {
  readonly rate: number;
  private readonly noiseShape: TensorLike | null;
  private readonly seed: number | null;

  constructor(rate = 0.5, options: Omit<DropoutLayerOptions, 'rate'> = {}) {
    super(options);
    if (!(rate >= 0 && rate < 1)) throw new ValueError(`rate must be a scalar tensor or a float in the range [0, 1), got ${rate}`);
    this.rate = rate;
    this.noiseShape = options.noise_shape ?? null;
    this.seed = options.seed ?? null;
  }

  protected call(inputs: Tensor, options: { training?: boolean | Tensor | null }): Tensor {
    return smartCond(options.training ?? false,
      () => nnDropout(inputs, { rate: this.rate, noise_shape: this.noiseShape, seed: this.seed }),
      () => identity(inputs));
  }

  compute_output_shape(input_shape: ShapeLike): TensorShape { return as_shape(input_shape); }
}

/**
 * Dropout of `inputs` when `training` (a boolean or a boolean tensor, default false).
 * @example const d = tf.layers.dropout(h, {rate: 0.4, training: isTraining});
 */
export function dropout(inputs: TensorLike, options: DropoutLayerOptions & { training?: boolean | Tensor; name?: string | null } = {}): Tensor {
  const { training, rate, ...rest } = options;
  return new Dropout(rate ?? 0.5, rest).apply(inputs, { training: training ?? false });
}

/** Flattens all but the batch dimension: `[batch, ...]` → `[batch, n]` (channels last first, as TF orders them). */
export class Flatten extends Layer {
  readonly data_format: DataFormat;

  constructor(options: LayerOptions & { data_format?: DataFormat } = {}) {
    super(options);
    this.data_format = options.data_format ?? 'channels_last';
  }

  protected call(inputs: Tensor): Tensor {
    const rank = inputs.shape.ndims;
    if (this.data_format === 'channels_first' && rank !== null && rank >= 3) {
      inputs = transpose(inputs, [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2), 1]);
    }
    const batch = inputs.shape.dims?.[0] ?? null;
    const shape = batch !== null ? [batch, -1] : stack([getitem(shapeOf(inputs), 0), -1], { name: 'Reshape/shape' });
    const out = reshape(inputs, shape);
    out.set_shape(this.compute_output_shape(inputs.shape));
    return out;
  }

  compute_output_shape(input_shape: ShapeLike): TensorShape {
    const s = as_shape(input_shape);
    if (s.dims === null) return new TensorShape([null, null]);
    const rest = s.dims.slice(1);
    const n = rest.every((d) => d !== null) ? rest.reduce((a: number, b) => a * b!, 1) : null;
    return new TensorShape([s.dims[0] ?? null, n]);
  }
}

/** @example const f = tf.layers.flatten(pool2); // [batch, h*w*c] */
export function flatten(inputs: TensorLike, options: { name?: string | null; data_format?: DataFormat } = {}): Tensor {
  return new Flatten({ name: options.name, data_format: options.data_format }).apply(inputs);
}
