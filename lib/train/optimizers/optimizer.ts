/**
 * The optimizer base class (TF 1.x's tf.train.Optimizer): gradients through `tf.gradients`, slot
 * variables named `<var>/<OptimizerName>` (`_1`, `_2` ... for further slots), and one fused update op
 * per variable under `<name>/update_<var op name>/`, colocated with its variable.
 */
import { DType, bfloat16, float16, float32, float64 } from '../../framework/dtypes';
import { Graph, Operation, Tensor, get_default_graph } from '../../framework/graph';
import { NotImplementedError, TFTypeError, ValueError } from '../../framework/errors';
import { TensorLike, convert_to_tensor, makeOp } from '../../ops/op_builder';
import { cast } from '../../ops/math_ops';
import { group, tuple } from '../../ops/control_flow_ops';
import { gradients, tupleGradients } from '../../ops/gradients_impl';
import { GradientValue, IndexedSlices, IndexedSlicesImpl } from '../../ops/indexed_slices';
import { unique, shape, getitem } from '../../ops/array_ops';
import { unsorted_segment_sum } from '../../ops/math_ops';
import { GraphKeys } from '../../framework/graph_keys';
import { RefVariable, SaveSliceInfo, Variable, trainable_variables } from '../../variables/variables';
import { get_variable, variable_scope } from '../../variables/variable_scope';
import { is_resource_variable } from '../../variables/variables';
import { Initializer, zeros_initializer } from '../../variables/initializers';
import { GlobalStep } from '../training_util';
import { PythonFunction, pythonFunction } from '../../framework/python_signature';

/** A gradient (IndexedSlices for gathered rows; null where the variable does not affect the loss) and its variable. */
export type GradAndVar = [GradientValue, RefVariable];
/**
 * A (gradient, variable) pair as apply_gradients takes it: a tuple whose gradient may be any tensor-like value, or
 * the array TypeScript infers for `[g, v]` in `grads.map((g, i) => [tf.clip_by_value(g, -1, 1), tvars[i]])`
 * (Python's `zip(grads, tvars)`); each entry must hold two values, the second a variable.
 */
export type GradAndVarLike = readonly [GradientValue | TensorLike, RefVariable] | readonly (Tensor | IndexedSlices | RefVariable | null)[];

/** A hyper-parameter: a number, or a tensor computing it (a decaying learning rate). */
export type HyperParameter = number | Tensor;

export interface ComputeGradientsOptions {
  var_list?: readonly RefVariable[] | null;
  /** Optimizer.GATE_NONE, GATE_OP (default) or GATE_GRAPH. */
  gate_gradients?: number;
  colocate_gradients_with_ops?: boolean;
  /** The gradient flowing into the loss (default ones). */
  grad_loss?: TensorLike | null;
}

export interface ApplyGradientsOptions {
  /** Incremented by one after the updates. */
  global_step?: GlobalStep | null;
  name?: string | null;
}

export type MinimizeOptions = ComputeGradientsOptions & ApplyGradientsOptions;

const COMPUTE_GRADIENTS_PARAMS = [
  'loss', 'var_list=None', 'gate_gradients=GATE_OP', 'aggregation_method=None', 'colocate_gradients_with_ops=False', 'grad_loss=None',
] as const;
const APPLY_GRADIENTS_PARAMS = ['grads_and_vars', 'global_step=None', 'name=None'] as const;
const MINIMIZE_PARAMS = [
  'loss', 'global_step=None', 'var_list=None', 'gate_gradients=GATE_OP', 'aggregation_method=None',
  'colocate_gradients_with_ops=False', 'name=None', 'grad_loss=None',
] as const;

const VALID_DTYPES: readonly DType[] = [float16, bfloat16, float32, float64];

export abstract class Optimizer {
  /** No gating: maximal parallelism, gradients may be used as soon as computed. */
  static readonly GATE_NONE = 0;
  /** Each op's input gradients are computed together before any is used (TF's default). */
  static readonly GATE_OP = 1;
  /** All gradients are computed before any variable is updated. */
  static readonly GATE_GRAPH = 2;

  /** Slot name → variable op → slot variable. */
  private readonly slots = new Map<string, Map<Operation, RefVariable>>();
  /** Variables that belong to the optimizer, not to one variable (Adam's beta powers), per graph. */
  private readonly nonSlots = new Map<Graph, Map<string, RefVariable>>();

  constructor(readonly use_locking: boolean, readonly name: string) {
    if (!name) throw new ValueError('Must specify the optimizer name');
  }

  get_name(): string { return this.name; }

  /** One line with the hyperparameters: `<tf.train.AdamOptimizer 'Adam' learning_rate=0.001 beta1=0.9 ...>`. */
  toString(): string {
    const hyper = Object.entries(this)
      .filter(([key, value]) => key !== 'name' && key !== 'use_locking' && (typeof value === 'number' || typeof value === 'boolean' || value instanceof Tensor))
      .map(([key, value]) => `${key}=${value instanceof Tensor ? `<Tensor '${(value as Tensor).name}'>` : String(value)}`);
    return `<tf.train.${this.constructor.name} '${this.name}'${hyper.length ? ' ' + hyper.join(' ') : ''}${this.use_locking ? ' use_locking=True' : ''}>`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }

  /**
   * Minimizes `loss`: compute_gradients, then apply_gradients; the returned op runs one step.
   * @example const train = new tf.train.GradientDescentOptimizer(0.1).minimize(loss);
   */
  declare minimize: PythonFunction<typeof MINIMIZE_PARAMS, (loss: Tensor, options?: MinimizeOptions) => Operation, 1>;
  /** The gradient of `loss` for each variable of `var_list` (default: the trainable variables). */
  declare compute_gradients: PythonFunction<typeof COMPUTE_GRADIENTS_PARAMS, (loss: Tensor, options?: ComputeGradientsOptions) => GradAndVar[], 1>;
  /** Adds the update ops (and the global step increment); returns the op that runs them all. */
  declare apply_gradients: PythonFunction<typeof APPLY_GRADIENTS_PARAMS, (grads_and_vars: readonly GradAndVarLike[], options?: ApplyGradientsOptions) => Operation, 1>;

  static {
    this.prototype.minimize = pythonFunction('minimize', MINIMIZE_PARAMS, 1, function minimize(this: Optimizer, loss: Tensor, options: MinimizeOptions = {}): Operation {
      const { var_list, gate_gradients, colocate_gradients_with_ops, grad_loss } = options;
      const gradsAndVars = this.compute_gradients(loss, { var_list, gate_gradients, colocate_gradients_with_ops, grad_loss });
      if (!gradsAndVars.some(([g]) => g !== null)) {
        throw new ValueError(`No gradients provided for any variable, check your graph for ops that do not support gradients, between variables [${gradsAndVars.map(([, v]) => `"${v}"`).join(', ')}] and loss ${loss}.`);
      }
      return this.apply_gradients(gradsAndVars, { global_step: options.global_step, name: options.name });
    });
    this.prototype.compute_gradients = pythonFunction('compute_gradients', COMPUTE_GRADIENTS_PARAMS, 1, function compute_gradients(this: Optimizer, loss: Tensor, options: ComputeGradientsOptions = {}): GradAndVar[] {
      return this.computeGradients(loss, options);
    });
    this.prototype.apply_gradients = pythonFunction('apply_gradients', APPLY_GRADIENTS_PARAMS, 1, function apply_gradients(this: Optimizer, grads_and_vars: readonly GradAndVarLike[], options: ApplyGradientsOptions = {}): Operation {
      return this.applyGradients(grads_and_vars, options);
    });
  }

  private computeGradients(loss: Tensor, options: ComputeGradientsOptions): GradAndVar[] {
    const gate = options.gate_gradients ?? Optimizer.GATE_OP;
    if (![Optimizer.GATE_NONE, Optimizer.GATE_OP, Optimizer.GATE_GRAPH].includes(gate)) {
      throw new ValueError(`gate_gradients must be one of: Optimizer.GATE_NONE, Optimizer.GATE_OP, Optimizer.GATE_GRAPH.  Not ${gate}`);
    }
    assertValidDtypes([loss.dtype], [loss.name]);
    const varList = options.var_list ? [...options.var_list] : trainable_variables();
    if (varList.length === 0) throw new ValueError('No variables to optimize.');
    let grads = gradients(loss, varList.map((v) => v._ref()), {
      grad_ys: options.grad_loss ?? null,
      gate_gradients: gate === Optimizer.GATE_OP,
      colocate_gradients_with_ops: options.colocate_gradients_with_ops,
    });
    if (gate === Optimizer.GATE_GRAPH) grads = tupleGradients(grads);
    const pairs = varList.map((v, i): GradAndVar => [grads[i], v]);
    const withGrads = pairs.filter(([g]) => g !== null).map(([, v]) => v);
    assertValidDtypes(withGrads.map((v) => v.dtype), withGrads.map((v) => v._ref().name));
    return pairs;
  }

  private applyGradients(grads_and_vars: readonly GradAndVarLike[], options: ApplyGradientsOptions): Operation {
    if (grads_and_vars.length === 0) throw new ValueError('No variables provided.');
    const converted = grads_and_vars.map((pair): GradAndVar => {
      // Python's `for g, v in grads_and_vars` unpacking
      if (pair.length > 2) throw new ValueError('too many values to unpack (expected 2)');
      if (pair.length < 2) throw new ValueError(`not enough values to unpack (expected 2, got ${pair.length})`);
      const [g, v] = pair;
      if (!(v instanceof RefVariable)) throw new TFTypeError(`trying to update variable of unsupported type: ${String(v)}`);
      return [g === null || g instanceof IndexedSlicesImpl ? g : convert_to_tensor(g as TensorLike), v];
    });
    const varList = converted.filter(([g]) => g !== null).map(([, v]) => v);
    if (varList.length === 0) {
      throw new ValueError(`No gradients provided for any variable: [${converted.map(([g, v]) => `("${g}", "${v}")`).join(', ')}].`);
    }
    const g = varList[0].graph;
    // Slots are created outside any control dependencies (TF's init_scope).
    g.control_dependencies(null, () => this.createSlots(varList));
    const applyUpdates = g.name_scope(options.name ?? this.name, (scope) => {
      this.prepare();
      const updateOps: Operation[] = [];
      for (const [grad, v] of converted) {
        if (grad === null) continue;
        updateOps.push(g.name_scope(`update_${v.op.name}`, () => g.colocate_with(v.op, () => this.update(grad, v))));
      }
      const step = options.global_step;
      if (step === undefined || step === null) return this.finish(updateOps, scope);
      return g.control_dependencies([this.finish(updateOps, 'update')], () => g.colocate_with(step.op, () => incrementGlobalStep(step, scope)));
    });
    const trainOps = g.get_collection_ref<Operation>(GraphKeys.TRAIN_OP);
    if (!trainOps.includes(applyUpdates)) trainOps.push(applyUpdates);
    return applyUpdates;
  }

  /**
   * One variable's update: dense gradients through applyDense; IndexedSlices of a variable through the
   * sparse update of its rows (TF's _apply_sparse_duplicate_indices). A resource variable's IndexedSlices
   * are densified first (its sparse ResourceScatter/ResourceSparseApply updates are not built here).
   */
  private update(grad: Tensor | IndexedSlices, v: RefVariable): Operation {
    if (!(grad instanceof IndexedSlicesImpl)) return this.applyDense(grad, v);
    if (is_resource_variable(v)) return this.applyDense(grad._as_tensor(), v);
    return this.applySparseDuplicateIndices(grad, v);
  }

  /** The slot variable `name` of `v` (e.g. `'m'` for Adam), or null. */
  get_slot(v: RefVariable, name: string): RefVariable | null {
    return this.slots.get(name)?.get(v.op) ?? null;
  }

  get_slot_names(): string[] { return [...this.slots.keys()].sort(); }

  /** The optimizer's own variables in the default graph: slots and non-slot variables. */
  variables(): RefVariable[] {
    const g = get_default_graph();
    const all = [...(this.nonSlots.get(g)?.values() ?? [])];
    for (const perVar of this.slots.values()) for (const v of perVar.values()) if (v.graph === g) all.push(v);
    return all.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  // ---- for subclasses ------------------------------------------------------------------------

  /** Creates the slot variables the update needs. */
  protected abstract createSlots(varList: readonly RefVariable[]): void;
  /** Converts hyper-parameters to tensors, inside the optimizer's name scope. */
  protected abstract prepare(): void;
  /** The update op of one variable (built in its `update_<var>` scope, colocated with it). */
  protected abstract applyDense(grad: Tensor, v: RefVariable): Operation;

  /** The update from IndexedSlices whose indices may repeat: summed per index first, then applySparse. */
  protected applySparseDuplicateIndices(grad: IndexedSlices, v: RefVariable): Operation {
    const [summed, uniqueIndices] = deduplicateIndexedSlices(grad.values, grad.indices);
    return this.applySparse(new IndexedSlicesImpl(summed, uniqueIndices, grad.dense_shape), v);
  }

  /** The update of the rows of `v` an IndexedSlices gradient (of unique indices) names. */
  protected applySparse(_grad: IndexedSlices, _v: RefVariable): Operation {
    throw new NotImplementedError(`${this.constructor.name} has no sparse update`);
  }

  /** Groups the update ops; subclasses add steps that must follow all updates (Adam's beta powers). */
  protected finish(updateOps: readonly Operation[], nameScope: string): Operation {
    return group(updateOps, { name: nameScope });
  }

  /** A slot variable initialised with zeros, named `<var>/<opName>` made unique. */
  protected zerosSlot(v: RefVariable, slotName: string, opName: string): RefVariable {
    return this.slotWithInitializer(v, zeros_initializer(), slotName, opName);
  }

  /** A slot variable of v's shape and dtype, colocated with v, created once per variable. */
  protected slotWithInitializer(v: RefVariable, initializer: Initializer, slotName: string, opName: string): RefVariable {
    let perVar = this.slots.get(slotName);
    if (!perVar) { perVar = new Map(); this.slots.set(slotName, perVar); }
    const existing = perVar.get(v.op);
    if (existing) return existing;
    const shape = v.shape;
    if (!shape.is_fully_defined()) throw new ValueError(`Slot ${slotName} needs the fully defined shape of ${v.name}, got ${shape}`);
    const g = v.graph;
    // Slots are never partitioned themselves (a scope's partitioner does not apply to them).
    const slot = variable_scope(null, { default_name: `${v.op.name}/${opName}` }, () => g.colocate_with(v.op, () =>
      get_variable('', {
        shape: shape.toNumbers(), dtype: v.dtype.base_dtype, initializer, trainable: false, validate_shape: true, partitioner: null,
        use_resource: is_resource_variable(v),
      })));
    const info = v._get_save_slice_info();
    if (info) {
      // The slot of a part is saved as the same slice of `<full name>/<slot name>`, where TF takes the slot
      // name as what follows the first len(<part op name>) + 1 characters of the slot's name: under an
      // outer variable scope this keeps the part's suffix (`linear/w/part_0/Ftrl`, not `linear/w/Ftrl`).
      const slotName = slot.name.slice(v.op.name.length + 1, -2);
      slot._set_save_slice_info(new SaveSliceInfo(`${info.full_name}/${slotName}`, info.full_shape, info.var_offset, info.var_shape));
    }
    perVar.set(v.op, slot);
    return slot;
  }

  /** A variable of the optimizer itself (not per variable), created once per graph. */
  protected nonSlotVariable(initialValue: number, name: string, colocateWith: RefVariable): RefVariable {
    const g = colocateWith.graph;
    let perGraph = this.nonSlots.get(g);
    if (!perGraph) { perGraph = new Map(); this.nonSlots.set(g, perGraph); }
    let v = perGraph.get(name);
    if (!v) {
      v = g.colocate_with(colocateWith.op, () => Variable(initialValue, { name, trainable: false, use_resource: is_resource_variable(colocateWith) }));
      perGraph.set(name, v);
    }
    return v;
  }

  protected getNonSlotVariable(name: string, graph: Graph = get_default_graph()): RefVariable {
    const v = this.nonSlots.get(graph)?.get(name);
    if (!v) throw new ValueError(`${this.name} has no variable ${name} in this graph; apply_gradients creates it`);
    return v;
  }

  /** A hyper-parameter as a tensor named `name` in the current scope. */
  protected hyperTensor(value: HyperParameter, name: string): Tensor {
    return value instanceof Tensor ? value : convert_to_tensor(value, { name, dtype: float32 });
  }
}

/** The rows of `values` summed per unique index (TF's _deduplicate_indexed_slices). */
function deduplicateIndexedSlices(values: Tensor, indices: Tensor): [Tensor, Tensor] {
  const [uniqueIndices, positions] = unique(indices);
  return [unsorted_segment_sum(values, positions, getitem(shape(uniqueIndices), 0)), uniqueIndices];
}

/** A hyper-parameter tensor in the variable's dtype (a Cast only when they differ). */
export function castTo(t: Tensor, v: RefVariable): Tensor { return cast(t, v.dtype.base_dtype); }


/** `global_step += 1` named `name` (the optimizer's scope), as TF's assign_add. */
function incrementGlobalStep(step: GlobalStep, scope: string): Operation {
  if (step instanceof RefVariable) return (step.assign_add(1, { name: scope }) as Tensor).op;
  if (!step.dtype.is_ref_dtype) throw new TFTypeError(`global_step must be a variable, got ${step}`);
  return step.graph.name_scope(scope, (s) => {
    const one = convert_to_tensor(1, { dtype: step.dtype.base_dtype, name: 'value' });
    return makeOp('AssignAdd', [step, one], { T: { type: step.dtype.base_dtype }, use_locking: { b: false } }, s);
  });
}

function assertValidDtypes(dtypes: readonly DType[], names: readonly string[]): void {
  dtypes.forEach((d, i) => {
    const dtype = d.base_dtype;
    if (!VALID_DTYPES.includes(dtype)) {
      throw new ValueError(`Invalid type ${dtype.name} for ${names[i]}, expected: [${VALID_DTYPES.map((x) => x.name).join(', ')}].`);
    }
  });
}
