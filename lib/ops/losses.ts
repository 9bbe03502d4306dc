/**
 * `tf.losses` (TF's losses_impl): per-element losses weighted, summed and divided by the number of
 * non-zero weights (TF's default reduction SUM_BY_NONZERO_WEIGHTS), added to the LOSSES collection.
 */
import { Tensor, get_default_graph } from '../framework/graph';
import { ValueError } from '../framework/errors';
import { TensorLike, convert_to_tensor, opScope } from './op_builder';
import { ones_like, where, zeros_like } from './array_ops';
import { cast, greater, multiply, not_equal, reduce_sum, squared_difference, truediv } from './math_ops';
import { GraphKeys } from '../framework/graph_keys';

export const Reduction = {
  NONE: 'none',
  SUM: 'weighted_sum',
  SUM_OVER_BATCH_SIZE: 'weighted_sum_over_batch_size',
  MEAN: 'weighted_mean',
  SUM_BY_NONZERO_WEIGHTS: 'weighted_sum_by_nonzero_weights',
} as const;
export type ReductionName = (typeof Reduction)[keyof typeof Reduction];

export interface LossOptions {
  weights?: TensorLike;
  scope?: string;
  loss_collection?: string | null;
  reduction?: ReductionName;
}

/** Weights `losses` and reduces them as `reduction` says; the result joins `loss_collection`. */
export function compute_weighted_loss(losses: TensorLike, options: LossOptions = {}): Tensor {
  const reduction = options.reduction ?? Reduction.SUM_BY_NONZERO_WEIGHTS;
  return opScope(options.scope, 'weighted_loss', [losses, options.weights ?? 1], () => {
    const l = convert_to_tensor(losses);
    const w = convert_to_tensor(options.weights ?? 1, { dtype: l.dtype.base_dtype, name: 'weights' });
    const weighted = multiply(l, w, { name: 'Mul' });
    let loss: Tensor;
    if (reduction === Reduction.NONE) loss = weighted;
    else {
      const total = reduce_sum(weighted, null, { name: 'Sum' });
      if (reduction === Reduction.SUM) loss = total;
      else {
        const broadcastWeights = multiply(w, ones_like(l), { name: 'num_present/broadcast_weights' });
        let count: Tensor;
        if (reduction === Reduction.MEAN) count = reduce_sum(broadcastWeights, null, { name: 'Sum_1' });
        else if (reduction === Reduction.SUM_OVER_BATCH_SIZE) count = reduce_sum(ones_like(l), null, { name: 'num_elements' });
        else count = reduce_sum(cast(not_equal(broadcastWeights, 0), l.dtype.base_dtype), null, { name: 'num_present' });
        // TF's div_no_nan: an all-zero weighting gives 0, not NaN.
        const positive = greater(count, 0);
        const safeCount = where(positive, count, ones_like(count));
        loss = where(positive, truediv(total, safeCount), zeros_like(total), { name: 'value' });
      }
    }
    if (options.loss_collection !== null) l.graph.add_to_collection(options.loss_collection ?? GraphKeys.LOSSES, loss);
    return loss;
  });
}

/**
 * The (weighted) mean of (predictions - labels)².
 * @example const loss = tf.losses.mean_squared_error(y, pred);
 */
export function mean_squared_error(labels: TensorLike, predictions: TensorLike, options: LossOptions = {}): Tensor {
  if (labels === null || labels === undefined) throw new ValueError('labels must not be None.');
  if (predictions === null || predictions === undefined) throw new ValueError('predictions must not be None.');
  return opScope(options.scope, 'mean_squared_error', [predictions, labels], (scope) => {
    const p = convert_to_tensor(predictions);
    const l = convert_to_tensor(labels, { dtype: p.dtype.base_dtype });
    if (!p.shape.is_compatible_with(l.shape)) throw new ValueError(`Shapes ${p.shape} and ${l.shape} are incompatible`);
    const losses = squared_difference(p, l);
    return compute_weighted_loss(losses, { ...options, scope: scope });
  });
}

/** The losses in the LOSSES collection of the default graph. */
export function get_losses(): Tensor[] {
  return get_default_graph().get_collection<Tensor>(GraphKeys.LOSSES);
}
