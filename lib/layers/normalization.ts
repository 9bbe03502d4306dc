/**
 * `tf.layers.BatchNormalization` and `tf.layers.batch_normalization` as TF 1.15 builds them: variables
 * gamma, beta, moving_mean, moving_variance; in training, batch moments normalise and the moving averages
 * are updated by `AssignMovingAvg` ops put in UPDATE_OPS (run them with the train op). A 4-D input
 * normalised over its channels takes the fused path (FusedBatchNormV3) unless `fused: false`.
 */
import { Operation, Tensor } from '../framework/graph';
import { ValueError } from '../framework/errors';
import { ShapeLike, TensorShape, as_shape } from '../framework/tensor_shape';
import { InitializerLike, ones_initializer, zeros_initializer } from '../variables/initializers';
import { RefVariable } from '../variables/variables';
import { TensorLike, convert_to_tensor } from '../ops/op_builder';
import { constant, reshape } from '../ops/array_ops';
import { fused_batch_norm } from '../ops/nn_ops';
import { cond } from '../ops/control_flow_ops';
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
  /**
   * TF's fused kernel (FusedBatchNormV3): null (the default) or true uses it where it can (4-D inputs, axis
   * the channels), false never. Its moving variance is updated with the unbiased batch variance, as TF's.
   */
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
  /** Whether calls take the fused path; decided when the layer is built. */
  fused: boolean;
  private readonly bnOptions: BatchNormalizationOptions;

  constructor(options: BatchNormalizationOptions = {}) {
    super(options);
    const axis = options.axis ?? -1;
    this.axis = typeof axis === 'number' ? [axis] : [...axis];
    this.momentum = options.momentum ?? 0.99;
    this.epsilon = options.epsilon ?? 1e-3;
    this.center = options.center ?? true;
    this.scale = options.scale ?? true;
    this.fused = options.fused ?? true;
    this.bnOptions = options;
  }

  protected override build(input_shape: TensorShape): void {
    if (!input_shape.ndims) throw new ValueError(`Input has undefined rank: ${input_shape}`);
    const ndims = input_shape.ndims;
    this.axis = this.axis.map((a) => (a < 0 ? ndims + a : a));
    for (const a of this.axis) if (a < 0 || a >= ndims) throw new ValueError(`Invalid axis: ${a}`);
    if (new Set(this.axis).size !== this.axis.length) throw new ValueError(`Duplicate axis: ${this.axis}`);
    // Keras's _fused_can_be_used: a 4-D input normalised over axis 1 (NCHW) or 3 (NHWC).
    this.fused = this.fused && ndims === 4 && this.axis.length === 1 && (this.axis[0] === 1 || this.axis[0] === 3);
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

  /** Keras's _fused_batch_norm: one FusedBatchNormV3 in training, another with the moving statistics in inference. */
  private fusedCall(inputs: Tensor, training: boolean | Tensor): Tensor {
    const c = this.moving_mean.shape.dims![0]!;
    const gamma = this.gamma ?? constant(Float32Array.from({ length: c }, () => 1), { dtype: inputs.dtype.base_dtype });
    const beta = this.beta ?? constant(new Float32Array(c), { dtype: inputs.dtype.base_dtype });
    const dataFormat = this.axis[0] === 3 ? 'NHWC' : 'NCHW';
    const trainingBranch = () => fused_batch_norm(inputs, gamma, beta, { epsilon: this.epsilon, data_format: dataFormat });
    const inferenceBranch = () => fused_batch_norm(inputs, gamma, beta, {
      mean: this.moving_mean, variance: this.moving_variance, epsilon: this.epsilon, is_training: false, data_format: dataFormat,
    });
    const known = constantBool(training);
    const [output, mean, variance] = known === null ? cond(training as Tensor, trainingBranch, inferenceBranch) as Tensor[] : known ? trainingBranch() : inferenceBranch();
    if (known !== false) {
      const meanUpdate = smartCond(training, () => this.assignMovingAverage(this.moving_mean, mean), () => convert_to_tensor(this.moving_mean));
      const varianceUpdate = smartCond(training, () => this.assignMovingAverage(this.moving_variance, variance), () => convert_to_tensor(this.moving_variance));
      this.addUpdate(meanUpdate.op as Operation);
      this.addUpdate(varianceUpdate.op as Operation);
    }
    return output;
  }

  protected call(inputs: Tensor, options: { training?: boolean | Tensor | null }): Tensor {
    const training = options.training ?? false;
    if (this.fused) return this.fusedCall(inputs, training);
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
