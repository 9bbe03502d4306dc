/**
 * Composite tf.nn losses built from simpler ops (TF's nn_impl.py), so their gradients come from
 * the ops they are made of.
 */
import { Tensor } from '../framework/graph';
import { ValueError } from '../framework/errors';
import { TensorLike, convert_to_tensor, opScope } from './op_builder';
import { where, zeros_like } from './array_ops';
import { add, exp, greater_equal, log1p, multiply, negative, subtract } from './math_ops';

/**
 * Element-wise logistic loss `max(x, 0) - x * z + log(1 + exp(-|x|))` for logits x and labels z,
 * stable for large |x| (TF's `logistic_loss` scope).
 * @example tf.nn.sigmoid_cross_entropy_with_logits({labels: y, logits})
 */
export function sigmoid_cross_entropy_with_logits(args: { labels: TensorLike; logits: TensorLike; name?: string }): Tensor {
  return opScope(args.name, 'logistic_loss', [args.logits, args.labels], (scope) => {
    const logits = convert_to_tensor(args.logits, { name: 'logits' });
    const labels = convert_to_tensor(args.labels, { name: 'labels', dtype: logits.dtype.base_dtype });
    if (!logits.shape.is_compatible_with(labels.shape)) {
      throw new ValueError(`logits and labels must have the same shape (${logits.shape} vs ${labels.shape})`);
    }
    const zeros = zeros_like(logits);
    const cond = greater_equal(logits, zeros);
    const reluLogits = where(cond, logits, zeros);
    const negAbsLogits = where(cond, negative(logits), logits);
    return add(subtract(reluLogits, multiply(logits, labels, { name: 'mul' }), { name: 'sub' }), log1p(exp(negAbsLogits)), { name: scope });
  });
}
