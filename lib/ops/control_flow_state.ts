/**
 * The state of one `tf.gradients` call through while loops (TF's control_flow_state, control flow v1).
 * Each forward loop on the path gets a gradient loop in the `gradients/` scope, run as many times as
 * the forward loop ran: a counter `f_count` added to the forward loop counts its iterations, and
 * `b_count` counts them down in the gradient loop. Forward values the gradient needs are pushed on a
 * stack (StackV2 `f_acc`, StackPushV2) in each forward iteration and popped (StackPopV2) in the
 * gradient iteration that mirrors it, so iteration k of the gradient sees the values of iteration n-1-k.
 */
import { ControlFlowContext, Graph, Operation, Tensor } from '../framework/graph';
import { int32 } from '../framework/dtypes';
import { TFTypeError } from '../framework/errors';
import { NDArray } from '../framework/ndarray';
import { constantFromArray, convert_to_tensor, makeOp } from './op_builder';
import { shape, zeros, zeros_like } from './array_ops';
import { CondContext, switch_ } from './control_flow_ops';
import { stack_pop_v2, stack_push_v2, stack_v2 } from './data_flow_ops';
import {
  LoopGradState, WhileContext, enclosingWhileContext, isLoopExit, isLoopSwitch, loopConstantEnterOf, loopOp, outputContextOf,
  whileContextOf,
} from './while_loop';

/** A ControlTrigger (no inputs of its own) placed in `context`: it sequences stack pushes or pops. */
function syncTrigger(graph: Graph, name: string, context: WhileContext): Operation {
  const op = graph._with_control_flow_context(null, () => graph.control_dependencies(null, () => makeOp('ControlTrigger', [], {}, name, graph)));
  op._set_control_flow_context(context);
  return op;
}

/**
 * One forward loop and the gradient loop built for it (TF's _GradLoopState). `history` maps each
 * forward value the gradient reads to its value inside the gradient loop (a stack pop, mostly);
 * `switchMap` holds the gradient loop's Merge for each forward loop Switch, whose back edge is closed
 * when the gradient reaches that Switch from the loop body.
 */
export class GradLoopState implements LoopGradState {
  readonly forwardContext: WhileContext;
  readonly gradContext: WhileContext;
  /** The forward counter's NextIteration: pushes are ordered before it. */
  readonly forwardIndex: Tensor;
  /** The gradient counter's NextIteration: pops are ordered before it. */
  readonly gradIndex: Tensor;
  readonly history = new Map<Tensor, Tensor>();
  readonly switchMap = new Map<Operation, Tensor>();
  /** Exits of the forward loop as it was before the counter was added. */
  readonly forwardLoopExits: Tensor[];
  pendingExitsCount: number;
  readonly unusedExits: Tensor[] = [];
  readonly deferredExits: Tensor[] = [];
  private forwardSyncOp: Operation | null = null;
  private gradSyncOp: Operation | null = null;

  /** `callContext`: the control flow context tf.gradients was called in. */
  constructor(forward: WhileContext, readonly outerGradState: GradLoopState | null, private readonly callContext: ControlFlowContext | null) {
    const g = forward.pivot!.graph;
    this.forwardContext = forward;
    this.forwardLoopExits = [...forward.loopExits];
    this.pendingExitsCount = this.forwardLoopExits.length;
    const outerForward = outerGradState ? outerGradState.forwardContext : forward.outer;
    const { count, index } = g._with_control_flow_context(outerForward, () => forward.addForwardLoopCounter(outerGradState?.forwardIndex ?? null));
    this.forwardIndex = index;
    if (outerGradState) {
      // A nested loop runs once per outer iteration: its iteration counts are kept like any forward value.
      const historyCount = outerGradState.addForwardAccumulator(count);
      const outerGrad = outerGradState.gradContext;
      this.gradContext = g._with_control_flow_context(outerGrad, () => this.newGradContext(g, forward));
      const realCount = outerGradState.addBackpropAccumulatedValue(historyCount, count);
      this.gradIndex = g._with_control_flow_context(outerGrad, () => this.gradContext.addBackpropLoopCounter(realCount, () => outerGradState.gradSync));
    } else {
      this.gradContext = g._with_control_flow_context(outerForward, () => this.newGradContext(g, forward));
      this.gradIndex = g._with_control_flow_context(outerForward, () => this.gradContext.addBackpropLoopCounter(count, null));
    }
  }

  private newGradContext(g: Graph, forward: WhileContext): WhileContext {
    // Named after the forward frame inside the gradient's scope: `gradients/while/while_context`.
    return new WhileContext(g, forward.parallel_iterations, forward.back_prop, forward.swap_memory, forward.maximum_iterations, this, forward.name);
  }

  /** A ControlTrigger in the forward loop that stack pushes inside conditionals are ordered before. */
  private get forwardSync(): Operation {
    if (!this.forwardSyncOp) {
      this.forwardSyncOp = syncTrigger(this.forwardIndex.graph, 'f_sync', this.forwardContext);
      this.forwardIndex.op._add_control_input(this.forwardSyncOp);
    }
    return this.forwardSyncOp;
  }

  /** A ControlTrigger in the gradient loop that keeps the stack pops of one iteration before the next. */
  get gradSync(): Operation {
    if (!this.gradSyncOp) {
      this.gradSyncOp = syncTrigger(this.gradIndex.graph, 'b_sync', this.gradContext);
      this.gradIndex.op._add_control_input(this.gradSyncOp);
    }
    return this.gradSyncOp;
  }

  /**
   * Keeps `value` of every forward iteration on a new stack (TF's AddForwardAccumulator): the stack is
   * made where tf.gradients was called, and the push runs in the context of `value` (a conditional
   * inside the loop pushes only when its branch runs; `deadBranch`: when the other branch runs).
   */
  addForwardAccumulator(value: Tensor, deadBranch = false): Tensor {
    const g = value.graph;
    return g.control_dependencies(null, () => {
      const acc = g._with_control_flow_context(this.callContext, () => g.colocate_with(value.op, () =>
        stack_v2(convert_to_tensor(-1, { dtype: int32 }), value.dtype.base_dtype, { name: 'f_acc' })));
      const enteredAcc = this.forwardContext.mapInput(acc);
      const valueContext = outputContextOf(value.op);
      const swap = this.forwardContext.swap_memory;
      let push: Tensor;
      if (valueContext === this.forwardContext) {
        push = g._with_control_flow_context(this.forwardContext, () => stack_push_v2(enteredAcc, value, { swap_memory: swap }));
        this.forwardIndex.op._add_control_input(push.op);
      } else {
        if (!(valueContext instanceof CondContext)) throw new TFTypeError(`value_ctxt is not a CondContext: ${String(valueContext)}`);
        if (deadBranch) {
          push = g._with_control_flow_context(valueContext.outer, () => stack_push_v2(enteredAcc, value, { swap_memory: swap }));
          push.op._set_control_flow_context(valueContext);
        } else {
          push = g._with_control_flow_context(valueContext, () => stack_push_v2(enteredAcc, value, { swap_memory: swap }));
        }
        this.forwardSync._add_control_input(push.op);
      }
      // After the counter moves on, so each iteration pushes once its own values exist.
      push.op._add_control_input(this.forwardIndex.op.inputs[0].op);
      return acc;
    });
  }

  /**
   * The top of the stack `historyValue` in the gradient loop (TF's AddBackpropAccumulatedValue); when
   * `value` was pushed inside a conditional, the pop runs only in the iterations whose branch ran.
   */
  addBackpropAccumulatedValue(historyValue: Tensor, value: Tensor, deadBranch = false): Tensor {
    const g = value.graph;
    const historyContext = historyValue.op._control_flow_context;
    let cond: CondContext | null = null;
    for (let c = value.op._control_flow_context; c && c !== historyContext; c = c.outer) {
      if (c instanceof CondContext) { cond = c; break; }
    }
    const pop = g.control_dependencies(null, () => g._with_control_flow_context(this.gradContext, () => {
      let handle = historyValue;
      if (cond) {
        let pred: Tensor | undefined;
        for (let s: GradLoopState | null = this; !pred && s; s = s.outerGradState) pred = s.history.get(cond.pred);
        const branch = deadBranch ? 1 - cond.branch : cond.branch;
        handle = switch_(historyValue, pred ?? cond.pred)[branch];
      }
      const popped = stack_pop_v2(handle, value.dtype.base_dtype);
      popped.set_shape(value.shape);
      return popped;
    }));
    if (this.gradContext.parallel_iterations > 1) this.gradSync._add_control_input(pop.op);
    return pop;
  }

  getRealValue(value: Tensor): Tensor {
    const known = this.history.get(value);
    if (known) return known;
    const g = value.graph;
    let real: Tensor | null = null;
    let current = value;
    let state: GradLoopState = this;
    let historyValue: Tensor | null = null;
    for (;;) {
      const enterOp = loopConstantEnterOf(current);
      if (enterOp) {
        // A loop invariant: its value outside this loop is the one to read.
        current = enterOp.inputs[0];
        const outer = state.outerGradState;
        if (!outer) { real = this.gradContext.mapInput(current); break; }
        state = outer;
      } else if (current.op.type === 'Const') {
        // A constant is copied into the gradient loop rather than kept on a stack.
        real = g._with_control_flow_context(this.gradContext, () => constantFromArray(current.op.get_attr('value') as NDArray, 'Const', g));
        break;
      } else {
        historyValue = state.addForwardAccumulator(current);
        break;
      }
    }
    if (real === null) {
      real = state.addBackpropAccumulatedValue(historyValue!, current);
      if (state !== this) real = this.gradContext.mapInput(real);
    }
    this.history.set(value, real);
    return real;
  }
}

/** The gradient loops of one tf.gradients call, by forward loop (TF's _ControlFlowState). */
export class ControlFlowState {
  private readonly states = new Map<WhileContext, GradLoopState>();

  private constructor(private readonly callContext: ControlFlowContext | null) {}

  /**
   * The state for the loops among `betweenOps` (null when there are none); each loop's Exits all join
   * the ops between, since the gradient of any loop variable flows through all of them.
   */
  static create(betweenList: Operation[], betweenOps: Set<Operation>, callContext: ControlFlowContext | null): ControlFlowState | null {
    let state: ControlFlowState | null = null;
    for (let i = 0; i < betweenList.length; i++) {
      const op = betweenList[i];
      if (!isLoopExit(op)) continue;
      state ??= new ControlFlowState(callContext);
      state.addWhileContext(op, betweenList, betweenOps);
    }
    return state;
  }

  private addWhileContext(exit: Operation, betweenList: Operation[], betweenOps: Set<Operation>): void {
    const forward = whileContextOf(exit)!;
    if (this.states.has(forward)) return;
    const outerForward = enclosingWhileContext(forward.outer);
    const outerState = outerForward ? this.states.get(outerForward) ?? null : null;
    const state = new GradLoopState(forward, outerState, this.callContext);
    this.states.set(forward, state);
    for (const e of state.forwardLoopExits) {
      if (!betweenOps.has(e.op)) { betweenOps.add(e.op); betweenList.push(e.op); }
    }
  }

  /** The gradient loop state for `op`: `before` its gradient, an Exit's gradient is still outside its loop. */
  gradStateOf(op: Operation, before: boolean): GradLoopState | null {
    const forward = before && isLoopExit(op) ? enclosingWhileContext(op._control_flow_context?.outer ?? null) : whileContextOf(op);
    return forward ? this.states.get(forward) ?? null : null;
  }

  /** Runs `fn` in the gradient loop of `op`'s loop, if it has one. */
  inGradContext<R>(op: Operation, before: boolean, fn: () => R): R {
    const state = this.gradStateOf(op, before);
    return state ? op.graph._with_control_flow_context(state.gradContext, fn) : fn();
  }

  /**
   * The loop Exits no gradient reaches (TF's ProcessUnusedLoopExits): once a loop's other Exits are
   * accounted for, they get zero gradients when some Exit has a real one.
   */
  unusedLoopExits(pending: Map<Operation, number>, toOps: ReadonlySet<Operation>): Tensor[] {
    const exits: Tensor[] = [];
    for (const state of this.states.values()) {
      for (const y of state.forwardLoopExits) {
        if ((pending.get(y.op) ?? 0) !== 0) continue;
        state.pendingExitsCount--;
        if (!toOps.has(y.op)) state.unusedExits.push(y);
        if (state.pendingExitsCount === 0) exits.push(...state.unusedExits);
      }
      // Enters keep a pending count, so higher-order gradients see them.
      for (const y of state.forwardContext.loopEnters) if ((pending.get(y.op) ?? 0) === 0) pending.set(y.op, 1);
    }
    return exits;
  }

  /** Zeros for the gradient of a loop Exit no gradient reached (TF's ZerosLikeForExit). */
  zerosLikeForExit(val: Tensor): Tensor {
    const g = val.graph;
    const forward = val.op._control_flow_context!;
    const outerForward = enclosingWhileContext(forward.outer);
    const outerState = outerForward ? this.states.get(outerForward) ?? null : null;
    if (!outerState) return val.shape.is_fully_defined() ? zeros(val.shape.toNumbers(), val.dtype.base_dtype) : zeros_like(val, { optimize: false });
    if (val.shape.is_fully_defined()) return g._with_control_flow_context(outerState.gradContext, () => zeros(val.shape.toNumbers(), val.dtype.base_dtype));
    // Only the shape is needed: it is kept per outer iteration.
    const valShape = g._with_control_flow_context(forward.outer, () => shape(val, { optimize: false }));
    const history = outerState.addForwardAccumulator(valShape);
    return g._with_control_flow_context(outerState.gradContext, () => zeros(outerState.addBackpropAccumulatedValue(history, valShape), val.dtype.base_dtype));
  }

  /**
   * Zeros for output `index` of `op`, which got no gradient while others did (TF's ZerosLike with loops):
   * none for a loop Switch (its gradient arrives in two visits); inside a loop being differentiated,
   * built in the gradient loop from the value's static shape or its shape kept per iteration.
   */
  zerosLike(op: Operation, index: number): Tensor | null {
    if (isLoopSwitch(op)) return null;
    const val = op.outputs[index];
    const forward = whileContextOf(op);
    const state = forward ? this.states.get(forward) : undefined;
    if (!state) return zeros_like(val, { optimize: false });
    const g = op.graph;
    const opContext = op._control_flow_context;
    if (op.type === 'Switch' || op.type === 'RefSwitch') {
      // A conditional's Switch: the zeros flow only in the iterations whose branch skipped this output.
      if (!(opContext instanceof CondContext)) throw new TFTypeError(`Switch '${op.name}' inside a while loop belongs to no conditional`);
      return switch_(zeros_like(op.inputs[0], { optimize: false }), op.inputs[1])[index];
    }
    if (val.shape.is_fully_defined()) return zeros(val.shape.toNumbers(), val.dtype.base_dtype);
    const valShape = g._with_control_flow_context(opContext, () => shape(val, { optimize: false }));
    return zeros(valShape, val.dtype.base_dtype);
  }

  /**
   * Finishes the gradient loops (TF's PostProcessing): a loop variable whose next value does not
   * depend on its current one gets zero gradients after the first gradient iteration.
   */
  postProcess(): void {
    for (const state of this.states.values()) {
      const g = state.gradContext.pivot!.graph;
      for (const bMerge of state.switchMap.values()) {
        const [first, second] = bMerge.op.inputs;
        if (first !== second) continue;
        let next: Tensor;
        if (first.shape.is_fully_defined()) {
          next = g._with_control_flow_context(state.gradContext, () => loopOp('NextIteration', zeros(first.shape.toNumbers(), first.dtype.base_dtype)));
        } else {
          const enterGrad = first.op.inputs[0];
          const z = g._with_control_flow_context(state.gradContext.outer, () => zeros(shape(enterGrad, { optimize: false }), first.dtype.base_dtype));
          next = g._with_control_flow_context(state.gradContext, () => loopOp('NextIteration', z));
        }
        bMerge.op._update_input(1, next);
      }
    }
  }
}
