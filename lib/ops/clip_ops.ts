/**
 * Value clipping (TF's clip_ops.py): tf.clip_by_value and tf.clip_by_norm, built from Minimum/Maximum
 * and a safe L2 norm exactly as TensorFlow 1.15 builds them, so their gradients come from those ops.
 */
import { Tensor } from '../framework/graph';
import { float32 } from '../framework/dtypes';
import { TFTypeError, ValueError } from '../framework/errors';
import { TensorLike, convert_to_tensor, opScope } from './op_builder';
import { identity, ones_like, rank, size, stack, where } from './array_ops';
import { cast, maximum, minimum, multiply, range, reduce_sum, rsqrt, sqrt, truediv } from './math_ops';
import { l2_loss } from './nn_ops';
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

/** TF's check that `t_list` is a Python sequence (a list), not a string or a lone tensor. */
function tensorList(t_list: readonly (TensorLike | null)[]): (TensorLike | null)[] {
  if (!Array.isArray(t_list)) throw new TFTypeError('t_list should be a sequence');
  return [...t_list];
}

/** The list's entries as tensors named `t_<i>`, holes (None) kept. */
function convertList(t_list: readonly (TensorLike | null)[]): (Tensor | null)[] {
  return t_list.map((t, i) => (t === null || t === undefined ? null : convert_to_tensor(t, { name: `t_${i}` })));
}

/**
 * sqrt(sum of squares of every entry of every tensor in `t_list`): the L2Loss of each, stacked and summed,
 * doubled, then the Sqrt named `global_norm`; None entries are skipped.
 * @example tf.global_norm([w, b])
 */
export const global_norm = pythonFunction('global_norm', ['t_list', 'name=None'], 1, function global_norm(t_list: readonly (TensorLike | null)[], options: { name?: string } = {}): Tensor {
  const list = tensorList(t_list);
  return opScope(options.name, 'global_norm', list.filter((t): t is TensorLike => t !== null && t !== undefined), () => {
    const halfSquaredNorms = convertList(list).filter((v): v is Tensor => v !== null).map((v) => v.graph.colocate_with(v.op, () => l2_loss(v)));
    const halfSquaredNorm = reduce_sum(stack(halfSquaredNorms));
    return sqrt(halfSquaredNorm.mul(convert_to_tensor(2.0, { dtype: halfSquaredNorm.dtype })), { name: 'global_norm' });
  });
});

/**
 * Scales every tensor of `t_list` by `clip_norm / max(global_norm, clip_norm)` (global_norm computed
 * unless `use_norm` is given) and returns `[clipped_list, global_norm]`; a non-finite norm makes every
 * clipped value NaN, as in TF. The i-th result is the Identity `clip_by_global_norm/clip_by_global_norm/_<i>`.
 * @example const [clipped, norm] = tf.clip_by_global_norm(grads, 5.0)
 */
export const clip_by_global_norm = pythonFunction('clip_by_global_norm', ['t_list', 'clip_norm', 'use_norm=None', 'name=None'], 2, function clip_by_global_norm(t_list: readonly (TensorLike | null)[], clip_norm: TensorLike, options: { use_norm?: Tensor | null; name?: string } = {}): [(Tensor | null)[], Tensor] {
  const list = tensorList(t_list);
  const useNorm = options.use_norm ?? global_norm(list, { name: options.name });
  const present = list.filter((t): t is TensorLike => t !== null && t !== undefined);
  const clipped = opScope(options.name, 'clip_by_global_norm', [...present, clip_norm], (scope) => {
    const scaleForFinite = multiply(clip_norm, minimum(truediv(1.0, useNorm), truediv(convert_to_tensor(1.0, { dtype: useNorm.dtype }), clip_norm)), { name: 'mul' });
    // Adding (norm - norm) is a no-op for a finite norm and makes the scale NaN otherwise.
    const scale = scaleForFinite.add(useNorm.sub(useNorm));
    // TF names each result `<scope>_<i>` inside the scope itself, hence the doubled scope name.
    return convertList(list).map((v, i) => (v === null ? null : v.graph.colocate_with(v.op, () => identity(v.mul(scale), { name: `${scope}_${i}` }))));
  });
  return [clipped, useNorm];
});

/**
 * `t * clip_norm / max(l2norm(t) / size(t), clip_norm)`: clips by the L2 norm averaged over the number
 * of elements, the result an Identity named `clip_by_average_norm`.
 * @example tf.clip_by_average_norm(grad, 0.1)
 */
export const clip_by_average_norm = pythonFunction('clip_by_average_norm', ['t', 'clip_norm', 'name=None'], 2, function clip_by_average_norm(t: TensorLike, clip_norm: TensorLike, options: { name?: string } = {}): Tensor {
  return opScope(options.name, 'clip_by_average_norm', [t, clip_norm], (scope) => {
    const values = convert_to_tensor(t, { name: 't' });
    const nElement = cast(size(values), float32);
    const l2normInv = rsqrt(reduce_sum(values.mul(values), range(0, rank(values))));
    const factor = minimum(l2normInv.mul(nElement), truediv(convert_to_tensor(1.0), clip_norm));
    return identity(values.mul(clip_norm).mul(factor), { name: scope });
  });
});
