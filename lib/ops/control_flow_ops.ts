/**
 * Control ops: no_op, group and control dependencies.
 */
import { ControlFlowContext, Graph, Operation, Tensor, TensorConvertible, get_default_graph, isInsideContext } from '../framework/graph';
import { bool, int32 } from '../framework/dtypes';
import { registerOp } from '../framework/graph';
import { TensorLike, checkDtype, convert_to_tensor, makeOp, opScope } from './op_builder';
import { identity } from './array_ops';
import { TFTypeError, ValueError } from '../framework/errors';
import { pythonFunction, pythonScope } from '../framework/python_signature';
import { GraphKeys } from '../framework/graph_keys';
import { CondContextDef, ControlFlowContextDef } from '../proto';

registerOp({ type: 'NoOp', outputDtypes: () => [] });

/** An op that does nothing; useful as a target carrying control dependencies. */
export const no_op = pythonFunction('no_op', ['name=None'], 0, function no_op(options: { name?: string } = {}): Operation {
  return makeOp('NoOp', [], {}, options.name ?? 'NoOp', get_default_graph());
});

type Runnable = Operation | Tensor | TensorConvertible;

function opOf(x: Runnable): Operation {
  return x instanceof Operation ? x : x instanceof Tensor ? x.op : x._as_tensor().op;
}

/** tf.group's forms: the ops as arguments (Python's `*inputs`) or in lists, then `{name}`. */
interface GroupFunction {
  (...inputs: (Runnable | readonly Runnable[] | { name?: string })[]): Operation;
}

/**
 * An op that runs all `inputs` (a NoOp with control inputs; per-device NoOps first when they differ).
 * @example const train = tf.group(update_w, update_b, {name: 'train'}); // or tf.group([update_w, update_b])
 */
export const group = pythonFunction('group', ['*inputs', 'name=None'], 1, function group(inputs: readonly (Runnable | readonly Runnable[])[], options: { name?: string } = {}): Operation {
  const ops = inputs.flat().map(opOf);
  return opScope(options.name, 'group_deps', ops, (scope, g) => {
    if (ops.length === 0) return makeOp('NoOp', [], {}, scope, g);
    const byDevice = new Map<string, Operation[]>();
    for (const op of ops) {
      const list = byDevice.get(op.device) ?? [];
      list.push(op);
      byDevice.set(op.device, list);
    }
    const noOpOn = (device: string, deps: Operation[], name: string) =>
      g.control_dependencies(deps, () => g.device(device, () => makeOp('NoOp', [], {}, name, g)));
    if (byDevice.size === 1) {
      const [[device, deps]] = [...byDevice];
      return noOpOn(device, deps, scope);
    }
    const perDevice = [...byDevice.keys()].sort().map((d) => noOpOn(d, byDevice.get(d)!, 'NoOp'));
    return g.control_dependencies(perDevice, () => makeOp('NoOp', [], {}, scope, g));
  });
}) as GroupFunction;

interface ControlDependenciesFunction {
  <R>(control_inputs: readonly Runnable[] | null, fn: () => R): R;
  <R>(keywords: { control_inputs: readonly Runnable[] | null }, fn: () => R): R;
}

/**
 * Ops created in `fn` run only after `control_inputs` (null clears outer dependencies).
 * @example tf.control_dependencies([update], () => tf.identity(x))
 */
export const control_dependencies = pythonScope('control_dependencies', ['control_inputs'], 1,
  function control_dependencies<R>(control_inputs: readonly Runnable[] | null, fn: () => R): R {
    if (typeof fn !== 'function') throw new TFTypeError('control_dependencies(): the with-body must be passed as a last argument callback: tf.control_dependencies([op], () => ...)');
    return get_default_graph().control_dependencies(control_inputs, fn);
  }) as ControlDependenciesFunction;

/**
 * `output_tensor` passed through an Identity that runs only after `dependencies`
 * (`control_dependency`, colocated with the tensor).
 */
export function with_dependencies(dependencies: readonly Runnable[], output_tensor: Tensor, options: { name?: string } = {}): Tensor {
  return opScope(options.name, 'control_dependency', [...dependencies, output_tensor], (scope, g) =>
    g.colocate_with(output_tensor.op, () => g.control_dependencies(dependencies, () =>
      makeOp('Identity', [output_tensor], { T: { type: output_tensor.dtype.base_dtype } }, scope, g).outputs[0])));
}

type TupleOptions = { name?: string | null; control_inputs?: readonly Runnable[] | null };
interface TupleFunction {
  (tensors: readonly Tensor[], options?: TupleOptions): Tensor[];
  (tensors: readonly (Tensor | null)[], options?: TupleOptions): (Tensor | null)[];
  (tensors: readonly (Tensor | null)[], name: string | null, control_inputs?: readonly Runnable[] | null): (Tensor | null)[];
  (keywords: { tensors: readonly (Tensor | null)[] } & TupleOptions): (Tensor | null)[];
}

/**
 * Returns `tensors` after all of them are computed (TF's tf.tuple): a `group_deps` gate over their
 * ops, then one `control_dependency` Identity per tensor; null entries stay null.
 */
export const tuple = pythonFunction('tuple', ['tensors', 'name=None', 'control_inputs=None'], 1,
  function tuple(tensors: readonly (Tensor | null)[], options: TupleOptions = {}): (Tensor | null)[] {
    const present = tensors.filter((t): t is Tensor => t !== null);
    return opScope(options.name ?? undefined, 'tuple', present, () => {
      const gating = [...new Set([...present.map((t) => t.op), ...(options.control_inputs ?? []).map(opOf)])].sort((a, b) => a._id - b._id);
      if (gating.length === 0) throw new ValueError(`Must have at least one Tensor: ${tensors.map(String).join(', ')}`);
      const gate = group(gating);
      return tensors.map((t) => (t === null ? null : with_dependencies([gate], t)));
    });
  }) as TupleFunction;

// ---- conditionals: tf.cond as TF 1.x builds it (Switch, pivots, Merge) ---------------------------

registerOp({
  type: 'Switch',
  outputDtypes: (inputs) => [inputs[0].dtype.base_dtype, inputs[0].dtype.base_dtype],
  inferShapes: (op) => {
    if (op.inputs[1].shape.ndims !== null && op.inputs[1].shape.ndims !== 0) {
      throw new ValueError(`Shape must be rank 0 but is rank ${op.inputs[1].shape.ndims} for '${op.name}' (op: 'Switch'): the predicate must be a scalar`);
    }
    return [op.inputs[0].shape, op.inputs[0].shape];
  },
});

/** Switch of a variable's reference (TF's RefSwitch), so a branch can assign to it. */
registerOp({
  type: 'RefSwitch',
  refInputs: [0],
  outputDtypes: (inputs) => [inputs[0].dtype, inputs[0].dtype],
  inferShapes: (op) => [op.inputs[0].shape, op.inputs[0].shape],
});

registerOp({
  type: 'Merge',
  acceptsDeadInputs: true,
  outputDtypes: (inputs) => [inputs[0].dtype.base_dtype, int32],
  inferShapes: (op) => {
    const first = op.inputs[0].shape;
    return [op.inputs.every((t) => t.shape.equals(first)) ? first : null, []];
  },
});

/**
 * Forwards `data` to output 1 when `pred` is true, else to output 0; the other output is dead.
 * @example const [whenFalse, whenTrue] = tf.switch_(x, p);
 */
export function switch_(data: TensorLike, pred: TensorLike, options: { name?: string } = {}): [Tensor, Tensor] {
  return opScope(options.name, 'Switch', [data, pred], (scope) => {
    const d = convert_to_tensor(data, { name: 'data' });
    const p = convert_to_tensor(pred, { name: 'pred' });
    checkDtype('Switch', 'pred', p, [bool]);
    const op = makeOp('Switch', [d, p], { T: { type: d.dtype.base_dtype } }, scope);
    return [op.outputs[0], op.outputs[1]];
  });
}

/** Forwards the first of `inputs` that is available (output 0) and its index (output 1). */
export function merge(inputs: readonly Tensor[], options: { name?: string } = {}): [Tensor, Tensor] {
  if (inputs.length === 0) throw new ValueError('merge needs at least one input');
  return opScope(options.name, 'Merge', inputs, (scope) => {
    const dt = inputs[0].dtype.base_dtype;
    for (const t of inputs) {
      if (t.dtype.base_dtype !== dt) throw new TFTypeError(`All inputs of Merge must have the same type: ${dt.name} and ${t.dtype.base_dtype.name}`);
    }
    const op = makeOp('Merge', inputs, { T: { type: dt }, N: { i: inputs.length } }, scope);
    return [op.outputs[0], op.outputs[1]];
  });
}

/** The predicate of each Merge a conditional built, for its gradient (which routes back through it). */
const condPredicates = new WeakMap<Operation, Tensor>();
export function condPredicateOf(merge: Operation): Tensor | undefined {
  const built = condPredicates.get(merge);
  if (built) return built;
  // An imported conditional: its Merge reads a value of a branch context rebuilt from the graph's cond_context collection.
  const input = merge.inputs[0]?.op;
  const context = input && (input.type === 'Exit' || input.type === 'RefExit' ? input._control_flow_context?.outer : input._control_flow_context);
  return context instanceof CondContext ? context.pred : undefined;
}

/**
 * One branch of a conditional under construction (TF's CondContext): a tensor from outside enters
 * through a Switch on the predicate, and ops without inputs hang on the branch's pivot, so nothing
 * of the branch not taken runs.
 */
export class CondContext implements ControlFlowContext {
  private readonly entered = new Map<Tensor, Tensor>();
  /**
   * Switches made for outside tensors a branch returns (TF's _ProcessOutputTensor): TF builds them as
   * ops of the branch, listing both outputs among its values and the enclosing contexts'; the Switch
   * of an input read from outside (AddValue) lists only its branch's output, and only here.
   */
  private readonly resultSwitches = new Set<Operation>();
  /** What the enclosing loop reads outside inputs through (its Enters), listed only in the CondContextDef. */
  private readonly readThrough = new Set<Tensor>();
  /** `<scope>cond_text` (the true branch) and `<scope>cond_text_1`, as TF names them in meta graphs. */
  readonly name: string;

  constructor(
    private readonly graph: Graph,
    readonly outer: ControlFlowContext | null,
    /** The predicate (the conditional's `pred_id`) and the branch this context builds. */
    readonly pred: Tensor,
    private readonly pivot: Tensor,
    readonly branch: 0 | 1,
    private readonly scope: string,
    /** The exact name of a context read from a meta graph; a new one gets a unique `cond_text` name. */
    importedName?: string,
  ) {
    this.name = importedName ?? graph.unique_name('cond_text');
  }

  /** The tensors from outside this branch, each with the Switch output it is read through. */
  externalValues(): ReadonlyMap<Tensor, Tensor> { return this.entered; }

  /** Records that outside tensor `t` is read through `inside` (a context rebuilt from a CondContextDef). */
  addExternalValue(t: Tensor, inside: Tensor): void { this.entered.set(t, inside); }

  /** Marks `op` as the Switch of a returned outside tensor (a context rebuilt from a CondContextDef). */
  addResultSwitch(op: Operation): void { this.resultSwitches.add(op); }

  /** Whether `op` is a Switch this branch reads an outside input through (listed by its one output). */
  isInputSwitch(op: Operation): boolean {
    if ((op.type !== 'Switch' && op.type !== 'RefSwitch') || this.resultSwitches.has(op)) return false;
    for (const inside of this.entered.values()) if (inside.op === op) return true;
    return false;
  }

  /** The CondContextDef TF writes for this branch; `values` are its tensors and the outside ones it reads. */
  toProto(values: readonly string[], nested: ControlFlowContextDef[]): CondContextDef {
    // TF lists the predicate as read from outside, as itself.
    const external: Record<string, string> = { [this.pred.name]: this.pred.name };
    for (const t of this.readThrough) external[t.name] = t.name;
    for (const [t, inside] of this.entered) external[t.name] = inside.name;
    return {
      context_name: this.name, pred_name: this.pred.name, pivot_name: this.pivot.name, branch: this.branch,
      values_def: { values: [...values], external_values: external }, nested_contexts: nested,
    };
  }

  controlPivot(): Tensor { return this.pivot; }

  mapInput(t: Tensor, asResult = false): Tensor {
    if (isInsideContext(t.op, this)) return t;
    let inside = this.entered.get(t);
    if (!inside) {
      // The Switch belongs to the enclosing context. As in TF, an input's is named in its consumer's scope
      // (`cond/Sin/Switch`), a returned tensor's in the conditional's (`cond/Switch_1`).
      const type = t.dtype.is_ref_dtype ? 'RefSwitch' : 'Switch';
      const make = () => makeOp(type, [t, this.pred], { T: { type: t.dtype.base_dtype } }, type, this.graph);
      // Outside any control_dependencies block, as TF's AddValue builds it: the Switch may serve the other branch too.
      const op = this.graph.control_dependencies(null, () => this.graph._with_control_flow_context(this.outer, () => (asResult ? this.graph.name_scope(this.scope, make) : make())));
      // It belongs to this branch, as in TF: a loop's gradient keeps its values only when the branch runs.
      op._set_control_flow_context(this);
      if (asResult) this.resultSwitches.add(op);
      // What the enclosing context reads `t` through (a loop's Enter) TF lists as read from outside, as itself.
      const real = op.inputs[0];
      if (real !== t) this.readThrough.add(real);
      inside = op.outputs[this.branch];
      this.entered.set(t, inside);
    }
    return inside;
  }

  onCreate(op: Operation): void {
    if (op.inputs.length === 0 && op !== this.pivot.op) op._add_control_input(this.pivot.op);
  }

  /** Runs `fn` inside this branch; its results as tensors of this branch, and whether it returned a list. */
  build(fn: () => CondResult): { tensors: Tensor[]; list: boolean } {
    const result = this.graph._with_control_flow_context(this, fn);
    const list: readonly (TensorLike | Operation)[] = Array.isArray(result) ? result : [result as TensorLike | Operation];
    const tensors = this.graph._with_control_flow_context(this, () => list.map((r) => {
      if (r instanceof Operation) {
        // An op result: the branch yields its pivot once the op has run.
        return this.graph.control_dependencies([r], () => identity(this.pivot));
      }
      return this.mapInput(convert_to_tensor(r), true);
    }));
    return { tensors, list: Array.isArray(result) };
  }
}

type CondResult = TensorLike | Operation | readonly (TensorLike | Operation)[];

type CondOptions = { strict?: boolean; name?: string | null; fn1?: () => CondResult; fn2?: () => CondResult };
interface CondFunction {
  (pred: TensorLike, true_fn: () => TensorLike, false_fn: () => TensorLike, options?: CondOptions): Tensor;
  (pred: TensorLike, true_fn: () => CondResult, false_fn: () => CondResult, options?: CondOptions): Tensor | Tensor[];
  (keywords: { pred: TensorLike; true_fn: () => TensorLike; false_fn: () => TensorLike } & CondOptions): Tensor;
  (keywords: { pred: TensorLike; true_fn?: () => CondResult; false_fn?: () => CondResult } & CondOptions): Tensor | Tensor[];
  (pred: TensorLike, keywords: { true_fn?: () => CondResult; false_fn?: () => CondResult } & CondOptions): Tensor | Tensor[];
}

/**
 * `true_fn()` when `pred` is true, else `false_fn()`; only the branch taken runs. Both branches must
 * return the same number of values, of the same dtypes. Unless `strict`, a branch's one-element list
 * comes back as its one tensor, as in TF 1.x.
 * @example const y = tf.cond(x.lt(0), () => x.neg(), () => x);
 */
export const cond = pythonFunction('cond', ['pred', 'true_fn=None', 'false_fn=None', 'strict=False', 'name=None', 'fn1=None', 'fn2=None'], 3,
  function cond(pred: TensorLike, true_fn: (() => CondResult) | undefined, false_fn: (() => CondResult) | undefined, options: CondOptions = {}): Tensor | Tensor[] {
    // fn1 and fn2 are TF's deprecated names of true_fn and false_fn.
    if (options.fn1 !== undefined && options.fn1 !== null) {
      if (true_fn !== undefined && true_fn !== null) throw new TFTypeError('cond(): true_fn and fn1 may not be set simultaneously.');
      true_fn = options.fn1;
    }
    if (options.fn2 !== undefined && options.fn2 !== null) {
      if (false_fn !== undefined && false_fn !== null) throw new TFTypeError('cond(): false_fn and fn2 may not be set simultaneously.');
      false_fn = options.fn2;
    }
    if (true_fn === undefined || true_fn === null) throw new TFTypeError('cond(): true_fn argument required');
    if (false_fn === undefined || false_fn === null) throw new TFTypeError('cond(): false_fn argument required');
    return condImpl(pred, true_fn, false_fn, options.strict ?? false, options.name ?? undefined);
  }) as CondFunction;

function condImpl(pred: TensorLike, true_fn: () => CondResult, false_fn: () => CondResult, strict: boolean, name: string | undefined): Tensor | Tensor[] {
  if (typeof true_fn !== 'function') throw new TFTypeError('true_fn must be callable.');
  if (typeof false_fn !== 'function') throw new TFTypeError('false_fn must be callable.');
  return opScope(name, 'cond', [pred], (scope, g) => {
    const p = convert_to_tensor(pred);
    checkDtype('cond', 'pred', p, [bool]);
    const [pFalse, pTrue] = switch_(p, p);
    const pivotTrue = identity(pTrue, { name: 'switch_t' });
    const pivotFalse = identity(pFalse, { name: 'switch_f' });
    const predId = identity(p, { name: 'pred_id' });
    const outer = g._control_flow_context;
    const contextTrue = new CondContext(g, outer, predId, pivotTrue, 1, scope);
    const resultsTrue = contextTrue.build(true_fn);
    const contextFalse = new CondContext(g, outer, predId, pivotFalse, 0, scope);
    const resultsFalse = contextFalse.build(false_fn);
    // Only outermost conditionals are collected; nested contexts are written inside the one around them.
    if (outer === null) for (const c of [contextTrue, contextFalse]) g.add_to_collection(GraphKeys.COND_CONTEXT, c);
    if (resultsTrue.tensors.length !== resultsFalse.tensors.length || resultsTrue.list !== resultsFalse.list) {
      throw new ValueError(`Outputs of true_fn and false_fn must have the same structure: ${resultsTrue.tensors.length} and ${resultsFalse.tensors.length} values`);
    }
    const merged = resultsTrue.tensors.map((t, i) => {
      const f = resultsFalse.tensors[i];
      if (t.dtype.base_dtype !== f.dtype.base_dtype) {
        throw new ValueError(`Outputs of true_fn and false_fn must have the same type: ${t.dtype.base_dtype.name}, ${f.dtype.base_dtype.name}`);
      }
      const out = merge([f, t])[0];
      condPredicates.set(out.op, predId);
      return out;
    });
    return resultsTrue.list && (strict || merged.length !== 1) ? merged : merged[0];
  });
}
