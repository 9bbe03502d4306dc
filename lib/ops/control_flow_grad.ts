/**
 * Gradients of conditionals (TF's control_flow_grad): a Merge sends its gradient back through a Switch
 * on the same predicate, so only the branch taken receives it; a Switch merges its branches' gradients.
 */
import { Operation, Tensor } from '../framework/graph';
import { registerGradient } from '../framework/graph';
import { condPredicateOf, merge, switch_ } from './control_flow_ops';
import { zeros_like } from './array_ops';
import { LookupError, registerNotDifferentiable } from './gradient_util';
import './while_loop';

registerGradient('Merge', (op: Operation, [grad]) => {
  const pred = condPredicateOf(op);
  if (!pred) throw new LookupError(`No gradient defined for operation '${op.name}' (op type: Merge): it does not belong to a tf.cond`);
  if (!grad) return [null, null];
  return switch_(grad, pred);
});

/** Both branch gradients, merged; a branch without one contributes zeros (after the live gradient). */
function switchGrad(op: Operation, [gradFalse, gradTrue]: (Tensor | null)[]): (Tensor | null)[] {
  const live = [gradFalse, gradTrue].filter((g): g is Tensor => g !== null);
  if (live.length === 0) return [null, null];
  // Merge takes its first available input: real gradients go first, zeros only when none arrives.
  const inputs = live.length === 2 ? live : [live[0], zeros_like(op.inputs[0])];
  return [merge(inputs)[0], null];
}
registerGradient('Switch', switchGrad);
registerGradient('RefSwitch', switchGrad);

// The loop predicate carries no gradient; ControlTrigger only sequences ops.
registerGradient('LoopCond', () => [null]);
registerNotDifferentiable('ControlTrigger');
