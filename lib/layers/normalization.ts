/**
 * `tf.layers.BatchNormalization` and `tf.layers.batch_normalization` (TF 1.15's non-fused path):
 * variables gamma, beta, moving_mean, moving_variance; in training, batch moments normalise and the
 * moving averages are updated by `AssignMovingAvg` ops put in UPDATE_OPS (run them with the train op).
 */
import { Operation, Tensor } from '../framework/graph';
import { ValueError } from '../framework/errors';
import { ShapeLike, TensorShape, as_shape } from '../framework/tensor_shape';
import { InitializerLike, ones_initializer, zeros_initializer } from '../variables/initializers';
import { RefVariable } from '../variables/variables';
import { TensorLike, convert_to_tensor } from '../ops/op_builder';
import { reshape } from '../ops/array_ops';
import { cast, multiply, subtract } from '../ops/math_ops';
import { batch_normalization as nnBatchNorm, moments } from '../ops/nn_impl';
import { Layer, LayerOptions, LayerRegularizer, constantBool, smartCond } from './base';
import { FunctionalOptions } from './core';

export interface BatchNormalizationOptions extends LayerOptions {
  axis?: number | readonly number[];
  momentum?: number;
  epsilon?: number;
  center?: boolean;
  scale?: boolean;
  beta_initializer?: InitializerLike | null;
  gamma_initializer?: InitializerLike | null;
  moving_mean_initializer?: InitializerLike | null;
  moving_variance_initializer?: InitializerLike | null;
  beta_regularizer?: LayerRegularizer | null;
  gamma_regularizer?: LayerRegularizer | null;
  /** TF's fused kernel; the non-fused ops compute the same values (the fused op is not used here). */
  fused?: boolean | null;
}

export class BatchNormalization extends Layer {
  readonly momentum: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  axis: number[];
  gamma: RefVariable | null = null;
  beta: RefVariable | null = null;
  moving_mean!: RefVariable;
  moving_variance!: RefVariable;
  private readonly bnOptions: BatchNormalizationOptions;

  constructor(options: BatchNormalizationOptions = {}) {
    super(options);
    const axis = options.axis ?? -1;
    this.axis = typeof axis === 'number' ? [axis] : [...axis];
    this.momentum = options.momentum ?? 0.99;
    this.epsilon = options.epsilon ?? 1e-3;
    this.center = options.center ?? true;
    this.scale = options.scale ?? true;
    this.bnOptions = options;
  }

  protected override build(input_shape: TensorShape): void {
    if (!input_shape.ndims) throw new ValueError(`Input has undefined rank: ${input_shape}`);
    const ndims = input_shape.ndims;
    this.axis = this.axis.map((a) => (a < 0 ? ndims + a : a));
    for (const a of this.axis) if (a < 0 || a >= ndims) throw new ValueError(`Invalid axis: ${a}`);
    if (new Set(this.axis).size !== this.axis.length) throw new ValueError(`Duplicate axis: ${this.axis}`);
    const dims = this.axis.map((a) => input_shape.dims![a]);
    if (dims.some((d) => d === null)) throw new ValueError(`Input has undefined \`axis\` dimension. Input shape: ${input_shape}`);
    const paramShape = this.axis.length === 1 ? [dims[0]!]
      : Array.from({ length: ndims }, (_, i) => (this.axis.includes(i) ? input_shape.dims![i]! : 1));
    const o = this.bnOptions;
    if (this.scale) this.gamma = this.add_weight('gamma', paramShape, { initializer: o.gamma_initializer ?? ones_initializer(), regularizer: o.gamma_regularizer });
    if (this.center) this.beta = this.add_weight('beta', paramShape, { initializer: o.beta_initializer ?? zeros_initializer(), regularizer: o.beta_regularizer });
    this.moving_mean = this.add_weight('moving_mean', paramShape, { initializer: o.moving_mean_initializer ?? zeros_initializer(), trainable: false });
    this.moving_variance = this.add_weight('moving_variance', paramShape, { initializer: o.moving_variance_initializer ?? ones_initializer(), trainable: false });
  }

  /** `variable -= (variable - value) * (1 - momentum)` (Keras's _assign_moving_average). */
  private assignMovingAverage(variable: RefVariable, value: Tensor): Tensor {
    const g = value.graph;
    return g.name_scope('AssignMovingAvg', (scope) => g.colocate_with(variable, () => {
      const decay = convert_to_tensor(1 - this.momentum, { dtype: variable.dtype.base_dtype, name: 'decay' });
      const delta = multiply(subtract(variable, cast(value, variable.dtype.base_dtype), { name: 'sub' }), decay, { name: 'mul' });
      return variable.assign_sub(delta, { name: scope }) as Tensor;
    }));
  }

  protected call(inputs: Tensor, options: { training?: boolean | Tensor | null }): Tensor {
    const training = options.training ?? false;
    const ndims = inputs.shape.ndims!;
    const reductionAxes = Array.from({ length: ndims }, (_, i) => i).filter((i) => !this.axis.includes(i));
    const broadcastShape = Array.from({ length: ndims }, (_, i) => (i === this.axis[0] ? inputs.shape.dims![i]! : 1));
    const lastAxisOnly = reductionAxes.length === ndims - 1 && reductionAxes.every((a, i) => a === i);
    const broadcast = (v: Tensor | RefVariable | null): Tensor | RefVariable | null =>
      v !== null && v.shape.ndims !== ndims && !lastAxisOnly ? reshape(v, broadcastShape) : v;
    const scale = broadcast(this.gamma), offset = broadcast(this.beta);
    let mean: Tensor | RefVariable, variance: Tensor | RefVariable;
    if (constantBool(training) === false) {
      mean = this.moving_mean;
      variance = this.moving_variance;
    } else {
      const [batchMean, batchVariance] = moments(inputs, reductionAxes, { keep_dims: this.axis.length > 1 });
      mean = smartCond(training, () => batchMean, () => convert_to_tensor(this.moving_mean));
      variance = smartCond(training, () => batchVariance, () => convert_to_tensor(this.moving_variance));
      const newMean = mean, newVariance = variance;
      const meanUpdate = smartCond(training, () => this.assignMovingAverage(this.moving_mean, newMean as Tensor), () => convert_to_tensor(this.moving_mean));
      const varianceUpdate = smartCond(training, () => this.assignMovingAverage(this.moving_variance, newVariance as Tensor), () => convert_to_tensor(this.moving_variance));
      this.addUpdate(meanUpdate.op as Operation);
      this.addUpdate(varianceUpdate.op as Operation);
    }
    const out = nnBatchNorm(inputs, broadcast(mean)!, broadcast(variance)!, offset, scale, this.epsilon);
    out.set_shape(inputs.shape);
    return out;
  }

  compute_output_shape(input_shape: ShapeLike): TensorShape { return as_shape(input_shape); }
}

/**
 * Batch normalization of `inputs`; with `training` true (or a true tensor) it normalises with the batch's
 * moments and adds the moving-average updates to UPDATE_OPS.
 * @example const bn = tf.layers.batch_normalization(h, {training: isTraining});
 *   const update = tf.get_collection(tf.GraphKeys.UPDATE_OPS);
 */
export function batch_normalization(inputs: TensorLike, options: BatchNormalizationOptions & FunctionalOptions & { training?: boolean | Tensor } = {}): Tensor {
  const { training, reuse, name, ...rest } = options;
  return new BatchNormalization({ ...rest, name, _scope: name, _reuse: reuse }).apply(inputs, { training: training ?? false });
}
