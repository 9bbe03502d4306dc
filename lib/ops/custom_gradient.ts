/**
 * tf.custom_gradient in graph mode, as TF 1.15 builds it: the function's results and inputs pass through one
 * IdentityN whose gradient (registered under a fresh `CustomGradient-<uid>` name and mapped to it by
 * gradient_override_map) is the function's own grad_fn; tf.hessians: second derivatives through a while loop.
 */
import { Tensor, get_default_graph } from '../framework/graph';
import { int32 } from '../framework/dtypes';
import { TFTypeError } from '../framework/errors';
import { pythonFunction } from '../framework/python_signature';
import { TensorLike, convert_to_tensor } from './op_builder';
import { RegisterGradient, uid } from './gradient_util';
import { concat, constant, getitem, identity_n, reshape, shape, size } from './array_ops';
import { less } from './math_ops';
import { gradients } from './gradients_impl';
import { while_loop } from './while_loop';
import { TensorArray } from './tensor_array_ops';

type Results = TensorLike | readonly TensorLike[];
type GradResults = TensorLike | null | readonly (TensorLike | null)[];
/** The decorated function's form: its results, then the function giving its inputs' gradients from theirs. */
export type CustomGradientFunction = (...args: Tensor[]) => readonly [Results, (...grads: Tensor[]) => GradResults];

/**
 * Decorates `f` (returning `[y, grad_fn]`) so that its result's gradient with respect to its inputs is `grad_fn(dy)`.
 * @example const log1pexp = tf.custom_gradient((x) => { const e = tf.exp(x); return [tf.log(e.add(1)), (dy) => dy.mul(tf.sigmoid(x))]; });
 */
export const custom_gradient = pythonFunction('custom_gradient', ['f'], 1, function custom_gradient(f: CustomGradientFunction): (...args: TensorLike[]) => Tensor | Tensor[] {
  if (typeof f !== 'function') throw new TFTypeError(`custom_gradient expects a function, got ${String(f)}`);
  return (...args: TensorLike[]): Tensor | Tensor[] => {
    const name = `CustomGradient-${uid()}`;
    const inputs = args.map((x) => convert_to_tensor(x));
    const returned = f(...inputs);
    if (!Array.isArray(returned) || returned.length !== 2 || typeof returned[1] !== 'function') {
      throw new TFTypeError('A function decorated with custom_gradient must return a pair: its result and its grad_fn');
    }
    const [result, gradFn] = returned;
    const isList = Array.isArray(result);
    const flat = (isList ? result as readonly TensorLike[] : [result as TensorLike]).map((r) => convert_to_tensor(r));
    RegisterGradient(name)((_op, ...grads) => {
      const inputGrads = gradFn(...(grads.slice(0, flat.length) as Tensor[]));
      const list = Array.isArray(inputGrads) ? inputGrads as readonly (TensorLike | null)[] : [inputGrads as TensorLike | null];
      // One gradient per IdentityN input: none for the results themselves, then the inputs'.
      return [...flat.map(() => null), ...list];
    });
    const all = get_default_graph().gradient_override_map({ IdentityN: name }, () => identity_n([...flat, ...inputs]));
    return isList ? all.slice(0, flat.length) : all[0];
  };
});

export interface HessiansOptions {
  name?: string;
  colocate_gradients_with_ops?: boolean;
  gate_gradients?: boolean;
  aggregation_method?: unknown;
}

/**
 * The Hessian of `sum(ys)` with respect to each x, shaped `x.shape + x.shape` (TF 1.15's loop over the flattened
 * first derivative, one tf.gradients per element, stacked from a TensorArray).
 * @example const [h] = tf.hessians(tf.reduce_sum(x.mul(x).mul(x)), [x]);
 */
export const hessians = pythonFunction('hessians', ['ys', 'xs', "name='hessians'", 'colocate_gradients_with_ops=False', 'gate_gradients=False', 'aggregation_method=None'], 2,
  function hessians(ys: Tensor | readonly Tensor[], xs: Tensor | readonly Tensor[], options: HessiansOptions = {}): Tensor[] {
    const xList = xs instanceof Tensor ? [xs] : [...xs];
    const kwargs = { colocate_gradients_with_ops: options.colocate_gradients_with_ops, gate_gradients: options.gate_gradients };
    const first = gradients(ys, xList, kwargs);
    return first.map((g, i) => {
      const x = xList[i];
      if (g === null) throw new TFTypeError(`hessians: ${x.name} does not influence ys, so it has no first derivative to differentiate`);
      const gradient = reshape(g instanceof Tensor ? g : g._as_tensor(), [-1]);
      const n = size(x);
      const [, hessian] = while_loop(
        (j: Tensor) => less(j, n),
        (j: Tensor, result: TensorArray) => [j.add(1), result.write(j, (gradients(getitem(gradient, j), x, kwargs)[0] as Tensor))],
        [constant(0, { dtype: int32 }), TensorArray(x.dtype, { size: n })],
      ) as [Tensor, TensorArray];
      const s = shape(x);
      return reshape(hessian.stack(), concat([s, s], 0));
    });
  });
