/**
 * Value clipping (TF's clip_ops.py): tf.clip_by_value and tf.clip_by_norm, built from Minimum/Maximum
 * and a safe L2 norm exactly as TensorFlow 1.15 builds them, so their gradients come from those ops.
 */
import { Tensor } from '../framework/graph';
import { ValueError } from '../framework/errors';
import { TensorLike, convert_to_tensor, opScope } from './op_builder';
import { identity, ones_like, where } from './array_ops';
import { maximum, minimum, reduce_sum, sqrt } from './math_ops';
import { pythonFunction } from '../framework/python_signature';

type AxisArg = number | number[] | Tensor | null;

/** Refuses a clip bound that would broadcast `values` to a larger shape (TF's merge_with check). */
function checkSameShape(values: Tensor, clipped: Tensor): void {
  if (!values.shape.is_compatible_with(clipped.shape)) throw new ValueError(`Shapes ${values.shape} and ${clipped.shape} are incompatible`);
}

/**
 * Elements of `t` limited to [clip_value_min, clip_value_max]: `clip_by_value/Minimum`, then the
 * Maximum named `clip_by_value`.
 * @example tf.clip_by_value(x, -1, 1)
 */
export const clip_by_value = pythonFunction('clip_by_value', ['t', 'clip_value_min', 'clip_value_max', 'name=None'], 3, function clip_by_value(t: TensorLike, clip_value_min: TensorLike, clip_value_max: TensorLike, options: { name?: string } = {}): Tensor {
  return opScope(options.name, 'clip_by_value', [t, clip_value_min, clip_value_max], (scope) => {
    const values = convert_to_tensor(t, { name: 't' });
    const tMin = minimum(values, clip_value_max);
    checkSameShape(values, tMin);
    const tMax = maximum(tMin, clip_value_min, { name: scope });
    checkSameShape(values, tMax);
    return tMax;
  });
});

/**
 * `t * clip_norm / max(l2norm(t), clip_norm)`, the norm taken over `axes` (all by default); the
 * norm's square root is guarded with Select so a zero tensor has a finite gradient, as in TF.
 * @example tf.clip_by_norm(grad, 5.0)
 */
export const clip_by_norm = pythonFunction('clip_by_norm', ['t', 'clip_norm', 'axes=None', 'name=None'], 2, function clip_by_norm(t: TensorLike, clip_norm: TensorLike, options: { axes?: AxisArg; name?: string } = {}): Tensor {
  return opScope(options.name, 'clip_by_norm', [t, clip_norm], (scope) => {
    const values = convert_to_tensor(t, { name: 't' });
    const l2sum = reduce_sum(values.mul(values), options.axes ?? null, { keepdims: true });
    const pred = l2sum.gt(0);
    const l2sumSafe = where(pred, l2sum, ones_like(l2sum));
    const l2norm = where(pred, sqrt(l2sumSafe), l2sum);
    const intermediate = values.mul(clip_norm);
    checkSameShape(values, intermediate);
    return identity(intermediate.truediv(maximum(l2norm, clip_norm)), { name: scope });
  });
});
