/**
 * What the per-family gradient files share with the gradient builder, kept apart from
 * gradients_impl so those files can register gradients without importing the builder.
 */
import { GradientFunction, KeyError, Operation, RowsGradient, Tensor, getOpSchema, registerGradient } from '../framework/graph';
import { TFTypeError } from '../framework/errors';
import { OpType } from '../framework/op_types';
import { pythonFunction } from '../framework/python_signature';
import { TensorLike, convert_to_tensor } from './op_builder';

export { LookupError } from '../framework/errors';

/**
 * The gradient function of op types TF declares NotDifferentiable (Shape, comparisons ...): gradients
 * stop there without error and without building anything.
 */
export const NOT_DIFFERENTIABLE: GradientFunction = (op) => op.inputs.map(() => null);

/** TF's `ops.NotDifferentiable(type)`. */
export function registerNotDifferentiable(...types: OpType[]): void {
  for (const type of types) registerGradient(type, NOT_DIFFERENTIABLE);
}

/** A gradient function as TF's Python ones are written: the op, then one gradient per output; one gradient or a list back. */
export type UserGradientFunction = (op: Operation, ...grads: (Tensor | null)[]) => TensorLike | RowsGradient | null | readonly (TensorLike | RowsGradient | null)[];

/** Gradients registered by name through tf.RegisterGradient / tf.NotDifferentiable (for overrides and op types without one). */
const namedGradients = new Map<string, GradientFunction>();

/**
 * The gradient function registered under `name`: a tf.RegisterGradient one, else the op type's own.
 * An op built under Graph.gradient_override_map carries the name in its `_gradient_op_type` attr.
 */
export function lookupGradient(name: string): GradientFunction | undefined {
  return namedGradients.get(name) ?? getOpSchema(name)?.gradient;
}

/** The name an op's gradient is looked up by (TF's get_gradient_function). */
export function gradientNameOf(op: Operation): string {
  const override = op.attrs.get('_gradient_op_type');
  return override !== undefined && 's' in override ? override.s : op.type;
}

function checkNewGradientName(op_type: unknown): string {
  if (typeof op_type !== 'string') throw new TFTypeError('op_type must be a string');
  if (namedGradients.has(op_type) || getOpSchema(op_type)?.gradient !== undefined) {
    throw new KeyError(`Registering two gradient with name '${op_type}'! (Previous registration was in ${namedGradients.has(op_type) ? 'an earlier tf.RegisterGradient' : "scopeflow's op library"})`);
  }
  return op_type;
}

/**
 * TF's decorator class: `tf.RegisterGradient('MyGrad')(fn)` registers `fn(op, ...grads)` as the gradient of the
 * op type `MyGrad`, or of the ops built under `g.gradient_override_map({Type: 'MyGrad'})`; returns `fn`.
 * @example tf.RegisterGradient('ZeroGrad')((op, grad) => tf.zeros_like(op.inputs[0]));
 */
export const RegisterGradient = pythonFunction('RegisterGradient', ['op_type'], 1, function RegisterGradient(op_type: string) {
  if (typeof op_type !== 'string') throw new TFTypeError('op_type must be a string');
  return <F extends UserGradientFunction>(f: F): F => {
    const name = checkNewGradientName(op_type);
    namedGradients.set(name, (op, grads) => {
      const r = f(op, ...grads);
      const list = Array.isArray(r) ? r as readonly (TensorLike | RowsGradient | null)[] : [r as TensorLike | RowsGradient | null];
      return list.map((g) => (g === null || g === undefined ? null : g instanceof Tensor || isRows(g) ? g : convert_to_tensor(g)));
    });
    return f;
  };
});

function isRows(g: unknown): g is RowsGradient {
  return typeof g === 'object' && g !== null && 'values' in g && 'indices' in g && 'dense_shape' in g;
}

/**
 * TF's ops.NotDifferentiable: gradients stop at ops of `op_type` (or of that override name) without error.
 * @example tf.NotDifferentiable('MyLookup');
 */
export const NotDifferentiable = pythonFunction('NotDifferentiable', ['op_type'], 1, function NotDifferentiable(op_type: string): void {
  namedGradients.set(checkNewGradientName(op_type), NOT_DIFFERENTIABLE);
});

let uidCounter = 0;
/** TF's ops.uid(): a number unique in this process. */
export function uid(): number { return ++uidCounter; }
