/**
 * The only `tf.contrib.layers` names scopeflow has, the ones TF 1.x tutorials take from there:
 * l1/l2 regularizers, xavier_initializer (core's Glorot initializers) and flatten (tf.layers.flatten).
 */
import { Tensor } from '../framework/graph';
import { ValueError } from '../framework/errors';
import { DTypeLike, convert_to_tensor, opScope } from '../ops/op_builder';
import { abs, multiply, reduce_sum } from '../ops/math_ops';
import { l2_loss } from '../ops/nn_ops';
import { Initializer, glorot_normal_initializer, glorot_uniform_initializer } from '../variables/initializers';
import { pythonFunction } from '../framework/python_signature';
import type { RefVariable } from '../variables/variables';

export { flatten } from './index';

/** A weight penalty as get_variable's and the layers' `regularizer` take it: null for none. */
export type WeightRegularizer = (weights: Tensor | RefVariable) => Tensor | null;

function checkScale(scale: number): void {
  if (typeof scale !== 'number' || Number.isNaN(scale)) throw new ValueError(`scale must be a number, got ${String(scale)}`);
  if (scale < 0) throw new ValueError(`Setting a scale less than 0 on a regularizer: ${scale}.`);
}

function regularizer(kind: 'l1_regularizer' | 'l2_regularizer', scale: number, scope: string | null | undefined, penalty: (w: Tensor) => Tensor): WeightRegularizer {
  checkScale(scale);
  // TF: a scale of 0 disables the regularizer.
  if (scale === 0) return () => null;
  return (weights) => {
    const w = weights instanceof Tensor ? weights : weights._as_tensor();
    return opScope(scope, kind, [w], (name) => {
      const myScale = convert_to_tensor(scale, { dtype: w.dtype.base_dtype, name: 'scale' });
      return multiply(myScale, penalty(w), { name });
    });
  };
}

/**
 * `scale * Σ|w|` (`l1_regularizer/scale`, then the Mul `l1_regularizer`).
 * @example tf.get_variable('w', [3], {regularizer: tf.contrib.layers.l1_regularizer(0.1)})
 */
export const l1_regularizer = pythonFunction('l1_regularizer', ['scale', 'scope=None'], 2, function l1_regularizer(scale: number, scope?: string | null): WeightRegularizer {
  return regularizer('l1_regularizer', scale, scope, (w) => reduce_sum(abs(w)));
});

/** `scale * Σw² / 2` (`scale * tf.nn.l2_loss(w)`, the Mul named `l2_regularizer`). */
export const l2_regularizer = pythonFunction('l2_regularizer', ['scale', 'scope=None'], 2, function l2_regularizer(scale: number, scope?: string | null): WeightRegularizer {
  return regularizer('l2_regularizer', scale, scope, (w) => l2_loss(w));
});

/** Glorot's initializer: core's glorot_uniform_initializer, or glorot_normal_initializer with `uniform: false`. */
export const xavier_initializer = pythonFunction('xavier_initializer', ['uniform=True', 'seed=None', 'dtype=tf.float32'], 3, function xavier_initializer(uniform = true, seed: number | null = null, dtype: DTypeLike = 'float32'): Initializer {
  return uniform ? glorot_uniform_initializer({ seed, dtype }) : glorot_normal_initializer({ seed, dtype });
});
export const xavier_initializer_conv2d = xavier_initializer;
