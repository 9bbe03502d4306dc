/**
 * Gradients of control flow (TF's control_flow_grad). In a conditional, a Merge sends its gradient back
 * through a Switch on the same predicate, so only the branch taken receives it, and a Switch merges its
 * branches' gradients. In a while loop (control flow v1) the gradient is a loop of its own: an Exit's
 * gradient enters it (`b_exit`), the loop's Merge and Switch swap roles (the Switch's gradient is a
 * Merge `b_switch` whose back edge closes when the gradient comes round the body, the Merge's is a
 * Switch on the gradient loop's predicate), NextIteration passes the gradient on, and an Enter's
 * gradient leaves the loop: through an Exit, or summed over the iterations (`b_acc`) for a loop invariant.
 */
import { Operation, Tensor } from '../framework/graph';
import { registerGradient } from '../framework/graph';
import { TFTypeError } from '../framework/errors';
import { condPredicateOf, merge, switch_ } from './control_flow_ops';
import { shapeInternal, zeros_like } from './array_ops';
import { LookupError, registerNotDifferentiable } from './gradient_util';
import { WhileContext, isLoopConstantEnter, isLoopSwitch, loopOp } from './while_loop';
import { GradLoopState } from './control_flow_state';

/** The gradient loop being built (the current context, when it is one). */
function gradLoopOf(op: Operation): { context: WhileContext; state: GradLoopState } | null {
  const context = op.graph._control_flow_context;
  if (!(context instanceof WhileContext) || !(context.gradState instanceof GradLoopState)) return null;
  return { context, state: context.gradState };
}

const isNextIteration = (t: Tensor) => t.op.type === 'NextIteration' || t.op.type === 'RefNextIteration';

function mergeGrad(op: Operation, [grad]: (Tensor | null)[]): (Tensor | null)[] {
  const pred = condPredicateOf(op);
  if (pred) {
    if (!grad) return [null, null];
    // Inside a gradient loop the predicate reads its value of the mirrored forward iteration.
    return switch_(grad, pred);
  }
  if (op.inputs.some(isNextIteration)) {
    const loop = gradLoopOf(op);
    if (!loop) throw new LookupError(`No gradient defined for operation '${op.name}' (op type: ${op.type}) outside the gradient of its while loop: differentiate the loop's results (its Exits), not values inside it`);
    if (!grad) return [null, null];
    return switch_(grad, loop.context.pivot!);
  }
  throw new LookupError(`No gradient defined for operation '${op.name}' (op type: ${op.type}): it belongs neither to a tf.cond nor to a tf.while_loop`);
}
registerGradient('Merge', mergeGrad);

function switchGrad(op: Operation, grads: (Tensor | null)[]): (Tensor | null)[] {
  const [gradFalse, gradTrue] = grads;
  if (isLoopSwitch(op)) {
    const loop = gradLoopOf(op);
    if (!loop) throw new LookupError(`No gradient defined for operation '${op.name}' (op type: ${op.type}) outside the gradient of its while loop`);
    const known = loop.state.switchMap.get(op);
    if (known) {
      // The second visit, from the loop body: the body's gradient is the gradient Merge's back edge.
      if (gradTrue) known.op._update_input(1, loopOp('NextIteration', gradTrue));
      return [null, null];
    }
    // The first visit, from the Exit: both Merge inputs are the Exit's gradient until the body's arrives.
    if (gradFalse) {
      const m = merge([gradFalse, gradFalse], { name: 'b_switch' })[0];
      loop.state.switchMap.set(op, m);
      return [m, null];
    }
    return [null, null];
  }
  // A conditional's Switch: both branch gradients merged; a branch without one contributes zeros (after the live one).
  const live = [gradFalse, gradTrue].filter((g): g is Tensor => g !== null);
  if (live.length === 0) return [null, null];
  // Merge takes its first available input: real gradients go first, zeros only when none arrives.
  const inputs = live.length === 2 ? live : [live[0], zeros_like(op.inputs[0])];
  return [merge(inputs)[0], null];
}
registerGradient('Switch', switchGrad);
registerGradient('RefSwitch', switchGrad);

function exitGrad(op: Operation, [grad]: (Tensor | null)[]): (Tensor | null)[] {
  const loop = gradLoopOf(op);
  if (!loop) throw new LookupError(`No gradient defined for operation '${op.name}' (op type: ${op.type}) outside tf.gradients of its loop`);
  // back_prop: false keeps gradients out of the loop.
  if (!loop.context.back_prop) return [null];
  const forward = op._control_flow_context;
  if (forward instanceof WhileContext && forward.gradState) throw new TFTypeError('Second-order gradient for while loops not supported.');
  loop.context.addName(grad!);
  const entered = loop.context.enterLoopVariable(grad!, 'b_exit');
  loop.context.loopEnters.push(entered);
  return [entered];
}

function enterGrad(op: Operation, [grad]: (Tensor | null)[]): (Tensor | null)[] {
  const loop = gradLoopOf(op);
  // Outside a gradient loop (or with back_prop off) the gradient passes through.
  if (!loop || !loop.context.back_prop) return [grad];
  const { context, state } = loop;
  if (isLoopConstantEnter(op)) {
    return [context.addBackpropAccumulator(grad!, () => invariantShape(op, context, state))];
  }
  const result = loopOp('Exit', grad!);
  context.loopExits.push(result);
  return [result];
}

/**
 * The run-time shape of a loop invariant, for the zeros its gradient sum starts from; read in the
 * gradient loop's enclosing context (kept per outer iteration when that is a gradient loop too).
 */
function invariantShape(enter: Operation, context: WhileContext, state: GradLoopState): Tensor {
  const g = enter.graph;
  const value = enter.inputs[0];
  const outer = context.outer;
  if (!(outer instanceof WhileContext) || !outer.gradState || !state.outerGradState) return shapeInternal(value, { optimize: false });
  const valueShape = g._with_control_flow_context(state.forwardContext.outer, () => shapeInternal(value, { optimize: false }));
  const outerState = state.outerGradState;
  const history = outerState.addForwardAccumulator(valueShape);
  return outerState.addBackpropAccumulatedValue(history, valueShape);
}

for (const type of ['Exit', 'RefExit'] as const) registerGradient(type, exitGrad);
for (const type of ['Enter', 'RefEnter'] as const) registerGradient(type, enterGrad);
for (const type of ['NextIteration', 'RefNextIteration'] as const) registerGradient(type, (_op, [grad]) => [grad]);

// The loop predicate carries no gradient; ControlTrigger only sequences ops.
registerGradient('LoopCond', () => [null]);
registerNotDifferentiable('ControlTrigger');
