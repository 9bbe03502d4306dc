/**
 * What the per-family gradient files share with the gradient builder, kept apart from
 * gradients_impl so those files can register gradients without importing the builder.
 */
import { GradientFunction, registerGradient } from '../framework/graph';
import { OpType } from '../framework/op_types';

/** Python's LookupError: raised when an op on the path has no registered gradient. */
export class LookupError extends Error {
  constructor(message: string) { super(message); this.name = 'LookupError'; }
}

/**
 * The gradient function of op types TF declares NotDifferentiable (Shape, comparisons ...): gradients
 * stop there without error and without building anything.
 */
export const NOT_DIFFERENTIABLE: GradientFunction = (op) => op.inputs.map(() => null);

/** TF's `ops.NotDifferentiable(type)`. */
export function registerNotDifferentiable(...types: OpType[]): void {
  for (const type of types) registerGradient(type, NOT_DIFFERENTIABLE);
}
