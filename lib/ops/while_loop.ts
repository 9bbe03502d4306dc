/**
 * tf.while_loop as TF 1.x builds it (control flow v1): a frame named `<scope>while_context` whose loop
 * variables pass through Enter → Merge → Switch (on LoopCond) → Identity → body → NextIteration (the
 * Merge's back edge) and leave through Exit; tensors from outside enter once, as loop invariants
 * (`is_constant` Enters).
 */
import { ControlFlowContext, Graph, Operation, Tensor, isInsideContext, registerOp } from '../framework/graph';
import { bool } from '../framework/dtypes';
import { TFTypeError, ValueError } from '../framework/errors';
import { ShapeLike, TensorShape, as_shape } from '../framework/tensor_shape';
import { GraphKeys } from '../framework/graph_keys';

import { TensorLike, convert_to_tensor, isTensorLike, makeOp, opScope } from './op_builder';
import { identity } from './array_ops';
import { merge, switch_ } from './control_flow_ops';
import { add, less, logical_and } from './math_ops';
import { flatten, is_sequence, pack_sequence_as, assert_same_structure } from './nest';

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
function enter(data: Tensor, frame_name: string, is_constant: boolean, parallel_iterations: number, graph: Graph): Tensor {
  const type = data.dtype.is_ref_dtype ? 'RefEnter' : 'Enter';
  return makeOp(type, [data], {
    T: { type: data.dtype.base_dtype }, frame_name: { s: frame_name }, is_constant: { b: is_constant },
    parallel_iterations: { i: parallel_iterations },
  }, type, graph).outputs[0];
}

function loopOp(type: 'Exit' | 'NextIteration', data: Tensor, graph: Graph): Tensor {
  const t = data.dtype.is_ref_dtype ? `Ref${type}` as const : type;
  return makeOp(t, [data], { T: { type: data.dtype.base_dtype } }, t, graph).outputs[0];
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

  constructor(
    private readonly graph: Graph,
    readonly parallel_iterations: number,
    readonly back_prop: boolean,
    readonly swap_memory: boolean,
    readonly maximum_iterations: Tensor | null,
  ) {
    this.outer = graph._control_flow_context;
    this.name = graph.unique_name('while_context');
  }

  controlPivot(): Tensor | null { return this.pivotForBody ?? this.pivotForPred; }

  /** The Tensor for `t` inside the loop: itself when built in it, else its invariant Enter (TF's AddValue). */
  mapInput(t: Tensor): Tensor {
    if (isInsideContext(t.op, this)) return t;
    const known = this.external.get(t);
    if (known) return known;
    // The Enter is built in the enclosing context, which maps `t` first (a nested loop's Enter, a Switch).
    const entered = this.graph._with_control_flow_context(this.outer, () => this.graph.control_dependencies(null, () =>
      enter(t, this.name, true, this.parallel_iterations, this.graph)));
    entered.op._set_control_flow_context(this);
    this.external.set(t, entered);
    return entered;
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
      const pulled = this.graph.control_dependencies(null, () => withOutputs.map((c) => identity(c.outputs[0]).op));
      for (const p of pulled) op._add_control_input(p);
    }
  }

  /** Builds the loop (TF's `_BuildLoop`); returns the Exit of each flat loop variable. */
  buildLoop(cond: (vars: Tensor[]) => TensorLike, body: (vars: Tensor[]) => Tensor[], loopVars: Tensor[], invariants: (TensorShape | null)[]): Tensor[] {
    const g = this.graph;
    // Built in the enclosing context (which maps their inputs), then made part of this one.
    const enters = g._with_control_flow_context(this.outer, () => g.control_dependencies(null, () =>
      loopVars.map((v) => enter(v, this.name, false, this.parallel_iterations, g))));
    for (const e of enters) e.op._set_control_flow_context(this);
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
        const next = loopOp('NextIteration', this.mapInput(r), g);
        if (!shapeLessThanOrEqual(next.shape, m.shape)) {
          const input = loopVars[i];
          throw new ValueError(`Input tensor '${input.name}' enters the loop with shape ${input.shape}, but has shape ${next.shape} after one iteration. To allow the shape to vary across iterations, use the \`shape_invariants\` argument of tf.while_loop to specify a less-specific shape.`);
        }
        m.op._update_input(1, next);
      });
      this.loopExits = switches.map(([f]) => loopOp('Exit', f, g));
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
export function while_loop(cond: TensorLoopFn<TensorLike>, body: TensorLoopFn<TensorLike>, loop_vars: readonly [TensorLike], options?: WhileLoopOptions): Tensor;
export function while_loop(cond: TensorLoopFn<TensorLike>, body: TensorLoopFn<readonly TensorLike[]>, loop_vars: readonly TensorLike[], options?: WhileLoopOptions): Tensor[];
export function while_loop(cond: LoopFn<TensorLike>, body: LoopFn<unknown>, loop_vars: readonly unknown[], options?: WhileLoopOptions): unknown;
export function while_loop(cond: LoopFn<TensorLike>, body: LoopFn<unknown>, loop_vars: readonly unknown[], options: WhileLoopOptions = {}): unknown {
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
      const max = convert_to_tensor(options.maximum_iterations, { name: 'maximum_iterations' });
      if (max.shape.ndims !== 0 && max.shape.ndims !== null) throw new ValueError(`maximum_iterations must be a scalar, saw shape: ${max.shape}`);
      maxIterations = max;
      const counter = convert_to_tensor(0, { dtype: max.dtype, name: 'iteration_counter' });
      const [c0, b0] = [userCond, userBody];
      userCond = ([i, lv]) => logical_and(less(i as Tensor, max), c0(lv as unknown[]));
      userBody = ([i, lv]) => [add(i as Tensor, 1), b0(lv as unknown[])];
      structure = [counter, structure];
      if (invariants !== undefined) invariants = [new TensorShape([]), invariants];
    }
    const flat = flatten(structure).map((v) => convert_to_tensor(v as TensorLike));
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
      (vars) => userCond(pack_sequence_as<unknown[]>(structure, vars)),
      (vars) => {
        const packed = pack_sequence_as<unknown[]>(structure, vars);
        const result = userBody(packed);
        assert_same_structure(packed, result);
        bodyStructure = result;
        return flatten(result).map((r) => convert_to_tensor(r as TensorLike));
      },
      flat, flatInvariants);
    const packed = pack_sequence_as<unknown[]>(bodyStructure, exits);
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

function childList(x: unknown): unknown[] {
  if (Array.isArray(x)) return x;
  const o = x as Record<string, unknown>;
  if (Array.isArray((o as { _fields?: unknown })._fields)) return ((o as { _fields: string[] })._fields).map((f) => o[f]);
  return Object.keys(o).sort().map((k) => o[k]);
}
