/**
 * tf.while_loop as TF 1.x builds it (control flow v1): a frame named `<scope>while_context` whose loop
 * variables pass through Enter → Merge → Switch (on LoopCond) → Identity → body → NextIteration (the
 * Merge's back edge) and leave through Exit; tensors from outside enter once, as loop invariants
 * (`is_constant` Enters).
 */
import { ControlFlowContext, Graph, Operation, Tensor, isInsideContext, registerOp } from '../framework/graph';
import { bool, int32 } from '../framework/dtypes';
import { TFTypeError, ValueError } from '../framework/errors';
import { ShapeLike, TensorShape, as_shape } from '../framework/tensor_shape';
import { GraphKeys } from '../framework/graph_keys';

import { TensorLike, convertIntegerInput, convert_to_tensor, isTensorLike, makeOp, opScope } from './op_builder';
import { constant, identity, zeros } from './array_ops';
import { merge, switch_ } from './control_flow_ops';
import { add, greater_equal, less, logical_and, subtract } from './math_ops';
import { flatten, is_sequence, pack_sequence_as, assert_same_structure } from './nest';
import { GraphTensorArray } from './tensor_array_ops';
import { pythonFunction } from '../framework/python_signature';
import { ControlFlowContextDef, WhileContextDef } from '../proto';

const enterShape = (op: Operation) => [op.get_attr('is_constant') === true ? op.inputs[0].shape : null];
const enterAttrDefaults = { is_constant: { b: false }, parallel_iterations: { i: 10 } };
registerOp({ type: 'Enter', outputDtypes: (inputs) => [inputs[0].dtype.base_dtype], inferShapes: enterShape, attrDefaults: enterAttrDefaults });
registerOp({ type: 'RefEnter', refInputs: [0], outputDtypes: (inputs) => [inputs[0].dtype], inferShapes: enterShape, attrDefaults: enterAttrDefaults });
for (const type of ['Exit', 'NextIteration'] as const) {
  registerOp({ type, outputDtypes: (inputs) => [inputs[0].dtype.base_dtype], inferShapes: (op) => [op.inputs[0].shape] });
  registerOp({ type: `Ref${type}` as const, refInputs: [0], outputDtypes: (inputs) => [inputs[0].dtype], inferShapes: (op) => [op.inputs[0].shape] });
}
registerOp({
  type: 'LoopCond',
  outputDtypes: () => [bool],
  inferShapes: (op) => {
    const s = op.inputs[0].shape;
    if (s.ndims !== null && s.ndims !== 0) {
      throw new ValueError(`Shape must be rank 0 but is rank ${s.ndims} for '${op.name}' (op: 'LoopCond') with input shapes: ${s.toString().replace(/^\(/, '[').replace(/,?\)$/, ']')}.`);
    }
    return [[]];
  },
});
/** Does nothing, even when its inputs are dead (TF's gradient loops use it to sequence stack pops). */
registerOp({ type: 'ControlTrigger', outputDtypes: () => [], acceptsDeadInputs: true });

/** Whether `op` is an Enter of a loop invariant (TF's `IsLoopConstantEnter`). */
export function isLoopConstantEnter(op: Operation): boolean {
  return (op.type === 'Enter' || op.type === 'RefEnter') && op.get_attr('is_constant') === true;
}

/** A loop value entering frame `frame_name` (TF's `_Enter`). */
function enter(data: Tensor, frame_name: string, is_constant: boolean, parallel_iterations: number, graph: Graph, name?: string): Tensor {
  const type = data.dtype.is_ref_dtype ? 'RefEnter' : 'Enter';
  return makeOp(type, [data], {
    T: { type: data.dtype.base_dtype }, frame_name: { s: frame_name }, is_constant: { b: is_constant },
    parallel_iterations: { i: parallel_iterations },
  }, name ?? type, graph).outputs[0];
}

/** An Exit or NextIteration of `data` (their Ref forms for refs), built in the current context. */
export function loopOp(type: 'Exit' | 'NextIteration', data: Tensor, name?: string): Tensor {
  const t = data.dtype.is_ref_dtype ? `Ref${type}` as const : type;
  return makeOp(t, [data], { T: { type: data.dtype.base_dtype } }, name ?? t, data.graph).outputs[0];
}

/** The while loop `op` runs in, through any conditionals around it (TF's `GetWhileContext`). */
export function whileContextOf(op: Operation): WhileContext | null {
  return enclosingWhileContext(op._control_flow_context);
}

/** `context` itself when it is a while loop, else the nearest while loop around it. */
export function enclosingWhileContext(context: ControlFlowContext | null): WhileContext | null {
  for (let c = context; c; c = c.outer) if (c instanceof WhileContext) return c;
  return null;
}

/** The context `op`'s outputs are in: an Exit's are outside its loop (TF's `GetOutputContext`). */
export function outputContextOf(op: Operation): ControlFlowContext | null {
  const c = op._control_flow_context;
  return isLoopExit(op) && c ? c.outer : c;
}

export function isLoopExit(op: Operation): boolean { return op.type === 'Exit' || op.type === 'RefExit'; }

/** Whether `op` is the Switch of a loop variable (its predicate is the loop's LoopCond). */
export function isLoopSwitch(op: Operation): boolean {
  return (op.type === 'Switch' || op.type === 'RefSwitch') && op.inputs[1].op.type === 'LoopCond';
}

/** The loop-invariant Enter `t` comes from through Identity and Switch ops, if any (TF's `GetLoopConstantEnter`). */
export function loopConstantEnterOf(t: Tensor): Operation | null {
  let op = t.op;
  while (['Identity', 'RefIdentity', 'Switch', 'RefSwitch'].includes(op.type)) op = op.inputs[0].op;
  return isLoopConstantEnter(op) ? op : null;
}

/**
 * What a gradient loop's context asks of the state that builds it (control_flow_state.ts): the forward
 * loop it differentiates, and the forward values it reads, kept per iteration.
 */
export interface LoopGradState {
  readonly forwardContext: WhileContext;
  readonly outerGradState: LoopGradState | null;
  /** The forward value `t` of the iteration the gradient loop is in (TF's `GetRealValue`). */
  getRealValue(t: Tensor): Tensor;
}

/** Whether shape `a` is at least as specific as `b` (TF's `_ShapeLessThanOrEqual`). */
function shapeLessThanOrEqual(a: TensorShape, b: TensorShape): boolean {
  if (b.dims === null) return true;
  if (a.ndims !== b.ndims) return false;
  return b.dims.every((d, i) => d === null || a.dims![i] === d);
}

/**
 * A while loop under construction (TF's WhileContext). Ops built in its body read tensors from outside
 * through one loop-invariant Enter each; ops with no inputs, or only invariant ones, hang on the body's
 * pivot so they run once per iteration and not after the last.
 */
export class WhileContext implements ControlFlowContext {
  /** The frame name, `<scope>while_context`. */
  readonly name: string;
  readonly outer: ControlFlowContext | null;
  /** LoopCond's output, and the first Merge and the first body Identity (the pivots). */
  pivot: Tensor | null = null;
  pivotForPred: Tensor | null = null;
  pivotForBody: Tensor | null = null;
  loopEnters: Tensor[] = [];
  loopExits: Tensor[] = [];
  /** Outside tensors already entered, with their invariant Enter. */
  private readonly external = new Map<Tensor, Tensor>();
  /**
   * Outside tensors TF names among the loop's values (its AddName): the initial values of the loop
   * variables gradients add (f_count, b_count, b_acc, b_exit), not those of the user's loop variables.
   */
  private readonly named = new Set<Tensor>();

  constructor(
    private readonly graph: Graph,
    readonly parallel_iterations: number,
    readonly back_prop: boolean,
    readonly swap_memory: boolean,
    readonly maximum_iterations: Tensor | null,
    /** For a gradient loop: the state of the forward loop it differentiates. */
    readonly gradState: LoopGradState | null = null,
    name = 'while_context',
    /** The exact frame name of a loop read from a meta graph; a new loop gets a unique one from `name`. */
    importedName?: string,
  ) {
    this.outer = graph._control_flow_context;
    this.name = importedName ?? graph.unique_name(name);
  }

  /** The tensors from outside the loop, each with the invariant Enter it is read through. */
  externalValues(): ReadonlyMap<Tensor, Tensor> { return this.external; }

  /** Records that outside tensor `t` is read through `inside` (a loop rebuilt from a WhileContextDef). */
  addExternalValue(t: Tensor, inside: Tensor): void { this.external.set(t, inside); }

  /** Counts outside tensor `t` among the loop's values (TF's AddName). */
  addName(t: Tensor): void { this.named.add(t); }

  /** The outside tensors counted among the loop's values. */
  namedValues(): ReadonlySet<Tensor> { return this.named; }

  /** The WhileContextDef TF writes for this loop; `values` are its tensors and the outside ones it reads. */
  toProto(values: readonly string[], nested: ControlFlowContextDef[]): WhileContextDef {
    const external: Record<string, string> = {};
    for (const [t, inside] of this.external) external[t.name] = inside.name;
    return {
      context_name: this.name, parallel_iterations: this.parallel_iterations, back_prop: this.back_prop, swap_memory: this.swap_memory,
      pivot_name: this.pivot?.name ?? '', pivot_for_pred_name: this.pivotForPred?.name ?? '', pivot_for_body_name: this.pivotForBody?.name ?? '',
      loop_exit_names: this.loopExits.map((t) => t.name), loop_enter_names: this.loopEnters.map((t) => t.name),
      values_def: { values: [...values], external_values: external },
      maximum_iterations_name: this.maximum_iterations?.name ?? '', nested_contexts: nested,
    };
  }

  controlPivot(): Tensor | null { return this.pivotForBody ?? this.pivotForPred; }

  /** The Tensor for `t` inside the loop: itself when built in it, else its invariant Enter (TF's AddValue). */
  mapInput(t: Tensor): Tensor {
    if (isInsideContext(t.op, this)) return t;
    const known = this.external.get(t);
    if (known) return known;
    // A gradient loop reads a value of its forward loop from the iteration it mirrors.
    if (this.gradState) {
      const producer = isLoopExit(t.op) ? enclosingWhileContext(t.op._control_flow_context?.outer ?? null) : whileContextOf(t.op);
      if (producer === this.gradState.forwardContext) {
        const real = this.gradState.getRealValue(t);
        this.external.set(t, real);
        return real;
      }
    }
    // The Enter is built in the enclosing context, which maps `t` first (a nested loop's Enter, a Switch).
    const entered = this.graph.control_dependencies(null, () => this.graph._with_control_flow_context(this.outer, () =>
      enter(t, this.name, true, this.parallel_iterations, this.graph)));
    entered.op._set_control_flow_context(this);
    this.external.set(t, entered);
    return entered;
  }

  /** `t` entering this frame as a loop variable (not an invariant): built in the enclosing context, outside any control dependencies. */
  enterLoopVariable(t: Tensor, name?: string): Tensor {
    const g = this.graph;
    const entered = g.control_dependencies(null, () => g._with_control_flow_context(this.outer, () =>
      enter(t, this.name, false, this.parallel_iterations, g, name)));
    entered.op._set_control_flow_context(this);
    return entered;
  }

  /**
   * Adds to this (forward) loop a counter of its iterations (TF's AddForwardLoopCounter): `f_count`
   * enters at 0 and grows by one per iteration. Returns its Exit (the iteration count) and its
   * NextIteration (the gradient ties its stack pushes to it, to keep them in iteration order).
   */
  addForwardLoopCounter(outerForwardIndex: Tensor | null): { count: Tensor; index: Tensor } {
    const g = this.graph;
    const zero = convert_to_tensor(0, { dtype: int32, name: 'f_count' });
    // The i-th run of an inner loop pushes before the (i+1)-th: its counter starts after the outer counter moves.
    if (outerForwardIndex) zero.op._add_control_input(outerForwardIndex.op.inputs[0].op);
    this.addName(zero);
    const entered = this.enterLoopVariable(zero, 'f_count');
    this.loopEnters.push(entered);
    return g._with_control_flow_context(this, () => {
      const m = merge([entered, entered])[0];
      const [whenDone, whenNext] = switch_(m, this.pivot!);
      const next = loopOp('NextIteration', add(whenNext, 1));
      m.op._update_input(1, next);
      const count = loopOp('Exit', whenDone, 'f_count');
      this.loopExits.push(count);
      return { count, index: next };
    });
  }

  /**
   * Makes this (gradient) loop run `count` iterations (TF's AddBackpropLoopCounter): `b_count` enters
   * at `count` and drops by one per iteration while it is ≥ 1; its LoopCond is this loop's predicate.
   * Returns its NextIteration (the stack pops are ordered before it).
   */
  addBackpropLoopCounter(count: Tensor, outerGradSync: (() => Operation) | null): Tensor {
    const g = this.graph;
    const one = convert_to_tensor(1, { dtype: int32, name: 'b_count' });
    this.addName(count);
    const entered = this.enterLoopVariable(count, 'b_count');
    this.loopEnters.push(entered);
    return g._with_control_flow_context(this, () => {
      const m = merge([entered, entered])[0];
      this.pivotForPred = m;
      this.pivot = makeOp('LoopCond', [greater_equal(m, one)], {}, 'b_count', g).outputs[0];
      const [whenDone, whenNext] = switch_(m, this.pivot);
      const index = subtract(whenNext, one);
      this.pivotForBody = index;
      const next = loopOp('NextIteration', index);
      m.op._update_input(1, next);
      const finalZero = loopOp('Exit', whenDone, 'b_count');
      this.loopExits.push(finalZero);
      // The i-th run of an inner gradient loop pops before the (i+1)-th.
      if (outerGradSync) outerGradSync()._add_control_input(finalZero.op);
      return next;
    });
  }

  /**
   * Sums a loop invariant's gradient over the iterations of this gradient loop (TF's
   * AddBackpropAccumulator): `b_acc` starts at zeros of the invariant's shape (a run-time shape from
   * `zerosShape` when the static one is partial) and adds `grad` each iteration; returns its Exit.
   */
  addBackpropAccumulator(grad: Tensor, zerosShape: () => Tensor): Tensor {
    const g = this.graph;
    const acc = g._with_control_flow_context(this.outer, () => (grad.shape.is_fully_defined()
      ? constant(0, { dtype: grad.dtype.base_dtype, shape: grad.shape.toNumbers(), name: 'b_acc' })
      : zeros(zerosShape(), grad.dtype.base_dtype)));
    this.addName(acc);
    const entered = this.enterLoopVariable(acc, 'b_acc');
    this.loopEnters.push(entered);
    return g._with_control_flow_context(this, () => {
      const m = merge([entered, entered], { name: 'b_acc' })[0];
      const [whenDone, whenNext] = switch_(m, this.pivot!);
      m.op._update_input(1, loopOp('NextIteration', add(whenNext, grad)));
      const result = loopOp('Exit', whenDone, 'b_acc');
      this.loopExits.push(result);
      return result;
    });
  }

  onCreate(op: Operation): void {
    // Control inputs from outside the loop would fire once, not per iteration: they become control
    // inputs from inside, on an Identity of their first output (ops without outputs are dropped, as TF does).
    const external = op.control_inputs.filter((c) => !isInsideContext(c, this) && c._control_flow_context !== this);
    for (const c of external) op._remove_control_input(c);
    const pivot = this.controlPivot();
    if (pivot && op.control_inputs.length === 0 && op.inputs.every((t) => isLoopConstantEnter(t.op))) {
      op._add_control_input(pivot.op);
    }
    const withOutputs = external.filter((c) => c.outputs.length > 0);
    if (withOutputs.length) {
      const pulled = this.graph.control_dependencies(null, () => this.graph._with_control_flow_context(this, () => withOutputs.map((c) => identity(c.outputs[0]).op)));
      for (const p of pulled) op._add_control_input(p);
    }
  }

  /** Builds the loop (TF's `_BuildLoop`); returns the Exit of each flat loop variable. */
  buildLoop(cond: (vars: Tensor[]) => TensorLike, body: (vars: Tensor[]) => Tensor[], loopVars: Tensor[], invariants: (TensorShape | null)[]): Tensor[] {
    const g = this.graph;
    // Built in the enclosing context (which maps their inputs), then made part of this one.
    const enters = loopVars.map((v) => this.enterLoopVariable(v));
    // A loop inside a conditional or another loop starts only when that context is live.
    let outerPivot: Tensor | null = null;
    for (let c = this.outer; c && !outerPivot; c = c.outer) outerPivot = c.controlPivot();
    enters.forEach((e, i) => {
      if (outerPivot && isLoopConstantEnter(e.op.inputs[0].op)) e.op._add_control_input(outerPivot.op);
      const shape = invariants[i];
      const input = loopVars[i];
      if (shape === null) { e.set_shape(input.shape); return; }
      if (!shapeLessThanOrEqual(input.shape, shape)) {
        throw new ValueError(`The shape invariant specified for ${input.name} is not compatible with the initial shape of the loop variable. It enters the loop with shape ${input.shape}, but the specified shape invariant is ${shape}.`);
      }
      e.set_shape(shape);
    });
    this.loopEnters = enters;
    return g._with_control_flow_context(this, () => {
      const merges = enters.map((e) => merge([e, e])[0]);
      this.pivotForPred = merges[0];
      const c = convert_to_tensor(cond(merges));
      if (c.dtype.base_dtype !== bool) throw new TFTypeError(`cond must return a boolean scalar tensor, got ${c.dtype.name} (${c})`);
      this.pivot = makeOp('LoopCond', [c], {}, 'LoopCond', g).outputs[0];
      const switches = merges.map((m) => switch_(m, this.pivot!));
      const bodyVars = switches.map(([, t]) => identity(t));
      this.pivotForBody = bodyVars[0];
      const results = body(bodyVars);
      if (results.length !== merges.length) {
        throw new ValueError(`Number of inputs and outputs of body must match loop_vars: ${merges.length}, ${results.length}`);
      }
      results.forEach((r, i) => {
        const m = merges[i];
        const next = loopOp('NextIteration', this.mapInput(r));
        if (!shapeLessThanOrEqual(next.shape, m.shape)) {
          const input = loopVars[i];
          throw new ValueError(`Input tensor '${input.name}' enters the loop with shape ${input.shape}, but has shape ${next.shape} after one iteration. To allow the shape to vary across iterations, use the \`shape_invariants\` argument of tf.while_loop to specify a less-specific shape.`);
        }
        m.op._update_input(1, next);
      });
      this.loopExits = switches.map(([f]) => loopOp('Exit', f));
      return this.loopExits;
    });
  }
}

export interface WhileLoopOptions {
  /** The shape each loop variable keeps across iterations (same structure as loop_vars); default: its initial shape. */
  shape_invariants?: unknown;
  /** How many iterations may run at once (the Enters' `parallel_iterations`). */
  parallel_iterations?: number;
  /** Whether gradients may flow back through the loop. */
  back_prop?: boolean;
  /** Accepted for TF compatibility (host memory swapping does not apply here). */
  swap_memory?: boolean;
  /** Stop after this many iterations even when cond still holds. */
  maximum_iterations?: TensorLike | null;
  name?: string;
  /** Return the loop variables' structure even for a single tensor. */
  return_same_structure?: boolean;
}

/** cond or body over tensor loop variables. */
type TensorLoopFn<R> = (...vars: Tensor[]) => R;
/** cond or body over loop variables of any structure (annotate its parameters). */
type LoopFn<R> = (...vars: never[]) => R;

/**
 * Repeats `body` while `cond` holds, starting from `loop_vars`; returns the loop variables' final values.
 * `cond` and `body` take the loop variables as separate arguments (Python's `*loop_vars`).
 * @example const [i, total] = tf.while_loop((i, s) => tf.less(i, 10), (i, s) => [i.add(1), s.add(i)], [0, 0]);
 */
function while_loop_(cond: TensorLoopFn<TensorLike>, body: TensorLoopFn<TensorLike>, loop_vars: readonly [TensorLike], options?: WhileLoopOptions): Tensor;
function while_loop_(cond: TensorLoopFn<TensorLike>, body: TensorLoopFn<readonly TensorLike[]>, loop_vars: readonly TensorLike[], options?: WhileLoopOptions): Tensor[];
function while_loop_(cond: LoopFn<TensorLike>, body: LoopFn<unknown>, loop_vars: readonly unknown[], options?: WhileLoopOptions): unknown;
function while_loop_(cond: LoopFn<TensorLike>, body: LoopFn<unknown>, loop_vars: readonly unknown[], options: WhileLoopOptions = {}): unknown {
  if (typeof cond !== 'function') throw new TFTypeError('cond must be callable.');
  if (typeof body !== 'function') throw new TFTypeError('body must be callable.');
  if (!Array.isArray(loop_vars) || loop_vars.length === 0) throw new ValueError('No loop variables provided');
  const parallel = options.parallel_iterations ?? 10;
  if (!Number.isInteger(parallel) || parallel < 1) throw new ValueError('`parallel_iterations` must be a positive integer.');
  const flatVars = flatten(loop_vars);
  return opScope(options.name, 'while', flatVars.filter(isTensorLike), (_scope, graph) => {
    const callCond = cond as (...vars: unknown[]) => TensorLike, callBody = body as (...vars: unknown[]) => unknown;
    let userCond = (vars: unknown[]) => callCond(...vars);
    let userBody = (vars: unknown[]) => { const r = callBody(...vars); return is_sequence(r) ? r as unknown[] : [r]; };
    let structure: unknown[] = [...loop_vars];
    let invariants = options.shape_invariants;
    let maxIterations: Tensor | null = null;
    if (options.maximum_iterations !== undefined && options.maximum_iterations !== null) {
      const max = convertIntegerInput(options.maximum_iterations, 'maximum_iterations');
      if (max.shape.ndims !== 0 && max.shape.ndims !== null) throw new ValueError(`maximum_iterations must be a scalar, saw shape: ${max.shape}`);
      maxIterations = max;
      const counter = convert_to_tensor(0, { dtype: max.dtype, name: 'iteration_counter' });
      const [c0, b0] = [userCond, userBody];
      userCond = ([i, lv]) => logical_and(less(i as Tensor, max), c0(lv as unknown[]));
      // TF's `i + 1`: the operator's lowercase name, made before the body's ops.
      userBody = ([i, lv]) => [add(i as Tensor, 1, { name: 'add' }), b0(lv as unknown[])];
      structure = [counter, structure];
      if (invariants !== undefined) invariants = [new TensorShape([]), invariants];
    }
    // A TensorArray travels through the loop as its flow and is rebuilt around it inside and after.
    const leaves = flatten(structure);
    const asTensor = (v: unknown) => (v instanceof GraphTensorArray ? v.flow : convert_to_tensor(v as TensorLike));
    const withArrays = (tensors: Tensor[]) => tensors.map((t, i) => { const leaf = leaves[i]; return leaf instanceof GraphTensorArray ? leaf._withFlow(t) : t; });
    const flat = leaves.map(asTensor);
    let flatInvariants: (TensorShape | null)[] = flat.map(() => null);
    if (invariants !== undefined && invariants !== null) {
      const shapes = flattenShapes(invariants);
      if (shapes.length !== flat.length) {
        throw new ValueError(`shape_invariants must have the same structure as loop_vars: ${shapes.length} shapes for ${flat.length} loop variables`);
      }
      flatInvariants = shapes;
    }
    const ctx = new WhileContext(graph, parallel, options.back_prop ?? true, options.swap_memory ?? false, maxIterations);
    if (ctx.outer === null) graph.add_to_collection(GraphKeys.WHILE_CONTEXT, ctx);
    let bodyStructure: unknown = null;
    const exits = ctx.buildLoop(
      (vars) => userCond(pack_sequence_as<unknown[]>(structure, withArrays(vars))),
      (vars) => {
        const packed = pack_sequence_as<unknown[]>(structure, withArrays(vars));
        const result = userBody(packed);
        assert_same_structure(packed, result);
        bodyStructure = result;
        return flatten(result).map(asTensor);
      },
      flat, flatInvariants);
    const packed = pack_sequence_as<unknown[]>(bodyStructure, withArrays(exits));
    const result = maxIterations ? packed[1] as unknown[] : packed;
    if (options.return_same_structure) return result;
    return flatten(result).length === 1 ? result[0] : result;
  });
}

/** Shape invariants flattened alongside the loop variables: a shape (list or TensorShape) is a leaf. */
function flattenShapes(invariants: unknown): TensorShape[] {
  const out: TensorShape[] = [];
  const walk = (x: unknown) => {
    if (x instanceof TensorShape || x === null) { out.push(as_shape(x as ShapeLike)); return; }
    if (Array.isArray(x) && x.every((d) => d === null || typeof d === 'number')) { out.push(as_shape(x as ShapeLike)); return; }
    if (is_sequence(x)) { for (const c of childList(x)) walk(c); return; }
    throw new TFTypeError(`shape_invariants entries must be TensorShapes or lists of dimensions, got ${String(x)}`);
  };
  walk(invariants);
  return out;
}

export const while_loop = pythonFunction('while_loop', [
  'cond', 'body', 'loop_vars: dict', 'shape_invariants=None', 'parallel_iterations=10', 'back_prop=True', 'swap_memory=False',
  'name=None', 'maximum_iterations=None', 'return_same_structure=False',
], 3, while_loop_);

function childList(x: unknown): unknown[] {
  if (Array.isArray(x)) return x;
  const o = x as Record<string, unknown>;
  if (Array.isArray((o as { _fields?: unknown })._fields)) return ((o as { _fields: string[] })._fields).map((f) => o[f]);
  return Object.keys(o).sort().map((k) => o[k]);
}
