/**
 * Reverse-mode autodiff over the graph (TF's gradients_impl): `tf.gradients(ys, xs)` adds the gradient
 * sub-graph under `gradients/`, one `<op name>_grad/` scope per differentiated op, with the gradient
 * functions registered per op type (math_grad, array_grad, nn_grad), exactly as TensorFlow 1.x names
 * and wires it, so graphs built here and graphs written by TensorFlow look alike.
 */
import { DType, resource, variant } from '../framework/dtypes';
import { Graph, Operation, Tensor, TensorConvertible, isTensorConvertible } from '../framework/graph';
import { ValueError } from '../framework/errors';
import { GradientFunction } from '../framework/graph';
import { LookupError, NOT_DIFFERENTIABLE, gradientNameOf, lookupGradient } from './gradient_util';
import { TensorLike, convert_to_tensor, opScope } from './op_builder';
import { fill, shape, zeros_like } from './array_ops';
import { add_n } from './math_ops';
import { tuple } from './control_flow_ops';
// The gradient functions register themselves beside their ops' families.
import './math_grad';
import './array_grad';
import './nn_grad';
import './control_flow_grad';
import './tensor_array_grad';
import './linalg_grad';
import './spectral_grad';
import './sparse_grad';
import './random_grad';
import './scatter_nd_grad';
import { ControlFlowState } from './control_flow_state';
import { isLoopExit, isLoopSwitch } from './while_loop';
import { pythonFunction } from '../framework/python_signature';
import { GradientValue, IndexedSlices, IndexedSlicesImpl, asIndexedSlicesList } from './indexed_slices';
import { concat } from './array_ops';

export { LookupError, NOT_DIFFERENTIABLE, registerNotDifferentiable } from './gradient_util';

/** A tensor argument: a Tensor or a Variable (its ref when differentiated against). */
export type GradientTarget = Tensor | TensorConvertible;

export interface GradientsOptions {
  /** Gradients flowing into each y (default: ones of y's shape). */
  grad_ys?: TensorLike | null | readonly (TensorLike | null)[];
  name?: string;
  /** Place each gradient op with the op it differentiates. */
  colocate_gradients_with_ops?: boolean;
  /** Group the input gradients of each op with a tuple, so none is used before all are computed. */
  gate_gradients?: boolean;
  /** Tensors treated as constants: nothing flows through them. */
  stop_gradients?: GradientTarget | readonly GradientTarget[];
  /** What an x unconnected to the ys gets: null (TF's default) or zeros. */
  unconnected_gradients?: 'none' | 'zero';
}

const asList = <T>(v: T | readonly T[]): T[] => (Array.isArray(v) ? [...(v as readonly T[])] : [v as T]);

/** A variable stands for its ref tensor (the VariableV2 output), as TF's `as_ref=True` conversion. */
function asRefTensor(x: GradientTarget): Tensor {
  if (x instanceof Tensor) return x;
  const withRef = x as TensorConvertible & { _ref?: () => Tensor };
  return typeof withRef._ref === 'function' ? withRef._ref() : x._as_tensor();
}

/** Whether gradients are meaningful for a dtype (TF's `_IsTrainable`: floats and complex). */
function isTrainable(dtype: DType): boolean { return dtype.is_floating || dtype.is_complex; }

/** Whether gradients flow through a tensor of `dtype` (TF's `_IsBackpropagatable`): not through integers or booleans. */
function isBackpropagatable(dtype: DType): boolean {
  const base = dtype.base_dtype;
  return isTrainable(base) || base === resource || base === variant;
}

/**
 * Symbolic derivatives of `sum(ys)` with respect to each of `xs`: one Tensor per x (IndexedSlices where
 * x reaches the ys through gathers of its rows, as in TF), or null where x does not influence the ys.
 * @example const [dw, db] = tf.gradients(loss, [w, b]);
 */
export const gradients = pythonFunction('gradients', ['ys', 'xs', 'grad_ys=None', "name='gradients'", 'colocate_gradients_with_ops=False', 'gate_gradients=False', 'aggregation_method=None', 'stop_gradients=None', 'unconnected_gradients=tf.UnconnectedGradients.NONE'], 2, function gradients(ys: GradientTarget | readonly GradientTarget[], xs: GradientTarget | readonly GradientTarget[], options: GradientsOptions = {}): GradientValue[] {
  const yList = asList(ys).map((y) => (y instanceof Tensor ? y : isTensorConvertible(y) ? y._as_tensor() : convert_to_tensor(y)));
  const xList = asList(xs).map(asRefTensor);
  const stopList = options.stop_gradients === undefined ? [] : asList(options.stop_gradients).map(asRefTensor);
  const gradYsIn = options.grad_ys === undefined || options.grad_ys === null ? yList.map(() => null) : asList(options.grad_ys as TensorLike | readonly TensorLike[]);
  if (gradYsIn.length !== yList.length) {
    throw new ValueError(`Passed ${gradYsIn.length} grad_ys for ${yList.length} ys`);
  }
  const scopeValues = [...yList, ...xList, ...stopList, ...gradYsIn.filter((g) => g !== null)];
  return opScope(options.name, 'gradients', scopeValues, (_scope, graph) => {
    const builder = new GradientBuilder(graph, xList, options);
    const gradYs = builder.defaultGradYs(yList, gradYsIn as (TensorLike | null)[]);
    return builder.run(yList, gradYs, stopList.map((t) => t.op));
  });
});

/** The gradients received by each output of an op: a list per output until they are summed. */
type OutputGrads = (GradientValue | (Tensor | IndexedSlices)[])[];

/** Op types whose gradient passes an IndexedSlices through as it is (TF's _IdGrad); others see it densified. */
const PASSES_INDEXED_SLICES: ReadonlySet<string> = new Set(['Identity']);

class GradientBuilder {
  /** Consumers of each op's outputs that gradients can flow through (data edges only), computed once per call. */
  private readonly consumers = new Map<Operation, Operation[]>();
  private readonly grads = new Map<Operation, OutputGrads>();
  /** The gradient loops of the while loops on the path, if any. */
  private loopState: ControlFlowState | null = null;

  constructor(private readonly graph: Graph, private readonly xs: readonly Tensor[], private readonly options: GradientsOptions) {
    for (const op of graph.get_operations()) {
      for (const t of op.inputs) {
        if (!isBackpropagatable(t.dtype)) continue;
        const list = this.consumers.get(t.op);
        if (list) { if (!list.includes(op)) list.push(op); } else this.consumers.set(t.op, [op]);
      }
    }
  }

  /** `gradients/Shape`, `gradients/grad_ys_<i>` and `gradients/Fill` for each y without a given gradient. */
  defaultGradYs(ys: readonly Tensor[], given: readonly (TensorLike | null)[]): Tensor[] {
    return ys.map((y, i) => this.maybeColocate(y.op, () => {
      const g = given[i];
      if (g === null) {
        if (y.dtype.is_complex) throw new TypeError(`Gradients of complex tensors must set grad_ys (y.dtype = ${y.dtype.name})`);
        const yShape = shape(y);
        return fill(yShape, convert_to_tensor(1, { dtype: y.dtype.base_dtype, name: `grad_ys_${i}` }));
      }
      const t = convert_to_tensor(g, { dtype: y.dtype.base_dtype, name: `grad_ys_${i}` });
      if (!t.shape.is_compatible_with(y.shape)) throw new ValueError(`Gradient ys_${i} has shape ${t.shape}, which is incompatible with y's shape ${y.shape}`);
      return t;
    }));
  }

  run(ys: readonly Tensor[], gradYs: readonly Tensor[], stopGradientOps: readonly Operation[]): GradientValue[] {
    const toOps = ys.map((y) => y.op);
    const fromOps = this.xs.map((x) => x.op);
    const { reachableToOps, pending } = this.pendingCounts(toOps, fromOps);
    ys.forEach((y, i) => this.setGrad(y, gradYs[i]));

    const queue: Operation[] = [];
    const queued = new Set<Operation>();
    for (const op of toOps) {
      if ((pending.get(op) ?? 0) === 0 && !queued.has(op) && reachableToOps.has(op)) { queued.add(op); queue.push(op); }
    }
    const loops = this.loopState;
    if (loops) {
      for (const y of loops.unusedLoopExits(pending, queued)) {
        if (isTrainable(y.dtype)) this.setGrad(y, loops.zerosLikeForExit(y));
        queue.push(y.op);
      }
    }
    const stopOps = this.stopOps(fromOps, stopGradientOps, pending);

    for (let head = 0; head < queue.length; head++) {
      const op = queue[head];
      this.maybeColocate(op, () => this.backpropOp(op, stopOps));
      this.updatePending(op, queue, pending);
    }
    loops?.postProcess();
    return this.xs.map((x) => this.finalGrad(x));
  }

  /**
   * Each input's producer is ready once every consumer on the path has passed its gradient back. In a
   * loop, a loop Switch is visited once per consumer (its Exit, then its body), and a loop's Exits wait
   * until all of them are ready: those without a gradient then get zeros when another has one.
   */
  private updatePending(op: Operation, queue: Operation[], pending: Map<Operation, number>): void {
    const loops = this.loopState;
    for (const x of op.inputs) {
      const n = (pending.get(x.op) ?? 0) - 1;
      pending.set(x.op, n);
      const ready = n === 0 || (loops !== null && n > 0 && isLoopSwitch(x.op));
      if (!ready) continue;
      if (!loops || !isLoopExit(x.op)) { queue.push(x.op); continue; }
      const state = loops.gradStateOf(x.op, false)!;
      state.deferredExits.push(x);
      if (--state.pendingExitsCount > 0) continue;
      let anyGrad = false;
      for (const y of state.deferredExits) {
        if (this.hasGrads(y.op)) { anyGrad = true; queue.push(y.op); } else state.unusedExits.push(y);
      }
      for (const y of state.unusedExits) {
        if (anyGrad && isTrainable(y.dtype)) this.setGrad(y, loops.zerosLikeForExit(y));
        queue.push(y.op);
      }
    }
  }

  private hasGrads(op: Operation): boolean {
    const g = this.grads.get(op);
    return g !== undefined && g.some((x) => (Array.isArray(x) ? x.length > 0 : x !== null));
  }

  /** Computes and records the gradients of one op's inputs from those of its outputs. */
  private backpropOp(op: Operation, stopOps: ReadonlySet<Operation>): void {
    const loops = this.loopState;
    // An Exit's gradients are summed outside its loop; its own gradient (like any loop op's) is built in the gradient loop.
    const outGrads = loops ? loops.inGradContext(op, true, () => this.aggregatedGrads(op)) : this.aggregatedGrads(op);
    if (loops) loops.inGradContext(op, false, () => this.backpropOpGrads(op, outGrads, stopOps));
    else this.backpropOpGrads(op, outGrads, stopOps);
  }

  private backpropOpGrads(op: Operation, outGrads: GradientValue[], stopOps: ReadonlySet<Operation>): void {
    const hasOutGrads = outGrads.some((g) => g !== null);
    let gradFn: GradientFunction | undefined;
    if (hasOutGrads && !stopOps.has(op)) {
      gradFn = lookupGradient(gradientNameOf(op));
      if (!gradFn) throw new LookupError(`No gradient defined for operation '${op.name}' (op type: ${op.type})`);
      if (gradFn === NOT_DIFFERENTIABLE) gradFn = undefined;
    }
    let inGrads: GradientValue[];
    if (gradFn && hasOutGrads && PASSES_INDEXED_SLICES.has(op.type) && outGrads[0] instanceof IndexedSlicesImpl) {
      inGrads = [outGrads[0]];
    } else if (gradFn && hasOutGrads) {
      const fn = gradFn;
      // Outputs with no gradient get explicit zeros, so gradient functions always see a tensor.
      const zerosFor = (i: number) => (this.loopState ? this.loopState.zerosLike(op, i) : zeros_like(op.outputs[i], { optimize: false }));
      inGrads = this.graph.name_scope(`${op.name}_grad`, () => {
        // Other gradient functions take IndexedSlices as TF's ops take them: densified.
        const filled = outGrads.map((g, i) => (g === null && isTrainable(op.outputs[i].dtype) ? zerosFor(i) : g instanceof IndexedSlicesImpl ? g._as_tensor() : g));
        let result = fn(op, filled).map((g): GradientValue => (g === null || g instanceof Tensor || g instanceof IndexedSlicesImpl ? g : new IndexedSlicesImpl(g.values, g.indices, g.dense_shape)));
        if (result.length !== op.inputs.length) {
          throw new ValueError(`Num gradients ${result.length} generated for op ${op.name} do not match num inputs ${op.inputs.length}`);
        }
        if (this.options.gate_gradients && result.filter((g) => g !== null).length > 1) {
          result = this.graph.device(null, () => this.graph.colocate_with(null, () => tupleGradients(result), true));
        }
        return result;
      });
    } else {
      inGrads = op.inputs.map(() => null);
    }
    op.inputs.forEach((input, i) => {
      const g = inGrads[i];
      if (g === null) return;
      try {
        // A gradient for a resource handle has the variable's shape, not the handle's (TF skips the check, and IndexedSlices, too).
        if (g instanceof Tensor && input.dtype.base_dtype !== resource) g.set_shape(input.shape);
      } catch {
        throw new ValueError(`Incompatible shapes between op input and calculated input gradient.  Forward operation: ${op.name}.  Input index: ${i}. Original input shape: ${input.shape}.  Calculated input gradient shape: ${g.shape}`);
      }
      this.setGrad(input, g);
    });
  }

  /**
   * Which ops lie between the xs and the ys, and for each the number of path edges leaving it:
   * an op is differentiated once all its consumers on a path have passed their gradients back.
   */
  private pendingCounts(toOps: readonly Operation[], fromOps: readonly Operation[]) {
    const reached = new Set<Operation>();
    const stack = [...fromOps];
    while (stack.length) {
      const op = stack.pop()!;
      if (reached.has(op)) continue;
      reached.add(op);
      for (const c of this.consumers.get(op) ?? []) stack.push(c);
    }
    const reachableToOps = new Set(toOps.filter((op) => reached.has(op)));
    const between = new Set<Operation>();
    const betweenList: Operation[] = [];
    const walk = [...toOps];
    for (let head = 0; head < walk.length; head++) {
      const op = walk[head];
      if (!reached.has(op) || between.has(op)) continue;
      between.add(op);
      betweenList.push(op);
      for (const t of op.inputs) walk.push(t.op);
    }
    // While loops on the path get their gradient loops (and all their Exits join the path).
    this.loopState = ControlFlowState.create(betweenList, between, this.graph._control_flow_context);
    const pending = new Map<Operation, number>();
    for (const op of between) {
      for (const t of op.inputs) if (between.has(t.op)) pending.set(t.op, (pending.get(t.op) ?? 0) + 1);
    }
    return { reachableToOps, pending };
  }

  /** The xs whose own inputs carry no gradient, and the stop_gradients: backprop ends at them. */
  private stopOps(fromOps: readonly Operation[], stopGradientOps: readonly Operation[], pending: ReadonlyMap<Operation, number>): Set<Operation> {
    const stop = new Set<Operation>();
    for (const op of fromOps) {
      if (!op.inputs.some((t) => (pending.get(t.op) ?? 0) > 0)) stop.add(op);
    }
    for (const op of stopGradientOps) stop.add(op);
    return stop;
  }

  private setGrad(t: Tensor, grad: Tensor | IndexedSlices): void {
    let opGrads = this.grads.get(t.op);
    if (!opGrads) { opGrads = t.op.outputs.map(() => [] as Tensor[]); this.grads.set(t.op, opGrads); }
    const slot = opGrads[t.value_index];
    if (Array.isArray(slot)) slot.push(grad);
    else opGrads[t.value_index] = slot === null ? [grad] : [slot, grad];
  }

  /** Sums the gradients each output received (AddN, colocated with the first of them). */
  private aggregatedGrads(op: Operation): GradientValue[] {
    const opGrads = this.grads.get(op);
    if (!opGrads) return op.outputs.map(() => null);
    opGrads.forEach((g, i) => { opGrads[i] = this.sum(g); });
    return opGrads as GradientValue[];
  }

  private sum(grads: GradientValue | (Tensor | IndexedSlices)[]): GradientValue {
    if (!Array.isArray(grads)) return grads;
    if (grads.length === 0) return null;
    if (grads.length === 1) return grads[0];
    if (grads.some((x) => x instanceof IndexedSlicesImpl)) {
      // TF's _AggregateIndexedSlicesGradients: the rows of all, concatenated.
      const list = asIndexedSlicesList(grads);
      return new IndexedSlicesImpl(concat(list.map((x) => x.values), 0), concat(list.map((x) => x.indices), 0), list[0].dense_shape);
    }
    const g = grads as Tensor[];
    // TF sums per device first; tensors of one device are added where the first one lives.
    const byDevice = new Map<string, Tensor[]>();
    for (const t of g) {
      const list = byDevice.get(t.device);
      if (list) list.push(t); else byDevice.set(t.device, [t]);
    }
    const partials = [...byDevice.keys()].sort().map((d) => {
      const ts = byDevice.get(d)!;
      return this.graph.colocate_with(ts[0].op, () => add_n(ts), true);
    });
    return partials.length === 1 ? partials[0] : add_n(partials);
  }

  private finalGrad(x: Tensor): GradientValue {
    const opGrads = this.grads.get(x.op);
    const g = opGrads ? this.sum(opGrads[x.value_index]) : null;
    if (opGrads) opGrads[x.value_index] = g;
    if (g === null && this.options.unconnected_gradients === 'zero') return zeros_like(x);
    return g;
  }

  private maybeColocate<R>(op: Operation, fn: () => R): R {
    return this.options.colocate_gradients_with_ops ? this.graph.colocate_with(op, fn) : fn();
  }
}

/** TF's control_flow_ops.tuple over gradients: IndexedSlices gated through their component tensors. */
export function tupleGradients(grads: readonly GradientValue[]): GradientValue[] {
  const flat: (Tensor | null)[] = [];
  for (const g of grads) {
    if (g instanceof IndexedSlicesImpl) flat.push(g.values, g.indices, g.dense_shape);
    else flat.push(g);
  }
  const gated = tuple(flat);
  let k = 0;
  return grads.map((g) => {
    if (!(g instanceof IndexedSlicesImpl)) return gated[k++];
    const [v, i, s] = [gated[k++]!, gated[k++]!, gated[k++]];
    return new IndexedSlicesImpl(v, i, s);
  });
}
