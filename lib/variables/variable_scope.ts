/**
 * variable_scope, get_variable and name_scope: sharing variables by name, with TF 1.x's reuse rules
 * and error texts.
 */
import { DType, as_dtype, float32, string as stringDtype } from '../framework/dtypes';
import { Graph, Tensor, get_default_graph, onRetire } from '../framework/graph';
import { describeOrigin } from '../framework/cells';
import { RuntimeError, TFTypeError, ValueError } from '../framework/errors';
import { ShapeLike, TensorShape, as_shape } from '../framework/tensor_shape';
import { scoped, ScopeHandle } from '../framework/context';
import { NDArray } from '../framework/ndarray';
import { DTypeLike, TensorLike, isJsNumbers, isTensorLike } from '../ops/op_builder';
import {
  Initializer, InitializerLike, PartitionInfo, glorot_uniform_initializer, instantiateInitializer, zeros_initializer,
} from './initializers';
import { RefVariable, SaveSliceInfo, Variable } from './variables';
import { ResourceVariable } from './variables';
import { PartitionedVariable, Partitioner, callPartitioner, iterSlices, sliceDimAndNumSlices } from './partitioned_variables';
import { slice as sliceOf } from '../ops/array_ops';
import { convert_to_tensor } from '../ops/op_builder';
import { GraphKeys } from '../framework/graph_keys';
import { pythonFunction, pythonScope } from '../framework/python_signature';

/** `reuse: tf.AUTO_REUSE`: get the variable if it exists, else create it. */
export const AUTO_REUSE: unique symbol = Symbol('_ReuseMode.AUTO_REUSE');
export type Reuse = boolean | null | undefined | typeof AUTO_REUSE;

export type Regularizer = (v: RefVariable) => Tensor | null;
/** What get_variable returns: a variable, or a PartitionedVariable when a partitioner applies. */
export type GotVariable = RefVariable | PartitionedVariable;
export type CustomGetter = (getter: Getter, name: string, options: GetVariableOptions) => GotVariable;
export type Getter = (name: string, options: GetVariableOptions) => GotVariable;

export interface GetVariableOptions {
  shape?: ShapeLike;
  dtype?: DTypeLike;
  /** An Initializer, or a value/tensor (then `shape` must be omitted). */
  initializer?: InitializerLike | TensorLike | null;
  regularizer?: Regularizer | null;
  trainable?: boolean;
  collections?: readonly string[];
  caching_device?: string;
  validate_shape?: boolean;
  custom_getter?: CustomGetter | null;
  reuse?: Reuse;
  /** Splits the new variable into parts (`tf.fixed_size_partitioner(3)` ...): the result is a PartitionedVariable. */
  partitioner?: Partitioner | null;
  /** Make a ResourceVariable (default: the scope's setting, else `tf.enable_resource_variables()`'s). */
  use_resource?: boolean | null;
}

export interface VariableScopeOptions {
  default_name?: string;
  values?: readonly unknown[];
  initializer?: InitializerLike | TensorLike | null;
  regularizer?: Regularizer | null;
  caching_device?: string | null;
  custom_getter?: CustomGetter | null;
  reuse?: Reuse;
  dtype?: DTypeLike | null;
  auxiliary_name_scope?: boolean;
  /** The partitioner of get_variable calls inside. */
  partitioner?: Partitioner | null;
  /** Whether get_variable calls inside make resource variables. */
  use_resource?: boolean | null;
}

/** A variable scope: the prefix for get_variable names, with defaults its variables inherit. */
export class VariableScope {
  constructor(
    private _reuse: boolean | typeof AUTO_REUSE,
    readonly name: string,
    public initializer: InitializerLike | TensorLike | null = null,
    public regularizer: Regularizer | null = null,
    public caching_device: string | null = null,
    public dtype: DType = float32,
    public custom_getter: CustomGetter | null = null,
    /** The name scope opened when this scope was first entered (`'scope1/tower/'`). */
    readonly original_name_scope: string = '',
    public partitioner: Partitioner | null = null,
    public use_resource: boolean | null = null,
  ) {}

  get reuse(): boolean | typeof AUTO_REUSE { return this._reuse; }
  /** From now on, get_variable in this scope returns existing variables. */
  reuse_variables(): void { this._reuse = true; }
  set_initializer(i: InitializerLike | TensorLike | null): void { this.initializer = i; }
  set_regularizer(r: Regularizer | null): void { this.regularizer = r; }
  set_dtype(d: DTypeLike): void { this.dtype = as_dtype(d).base_dtype; }
  set_caching_device(d: string | null): void { this.caching_device = d; }
  set_custom_getter(g: CustomGetter | null): void { this.custom_getter = g; }
  set_partitioner(p: Partitioner | null): void { this.partitioner = p; }
  set_use_resource(use_resource: boolean | null): void { this.use_resource = use_resource; }

  global_variables(): RefVariable[] { return get_default_graph().get_collection(GraphKeys.GLOBAL_VARIABLES, this.prefix()); }
  trainable_variables(): RefVariable[] { return get_default_graph().get_collection(GraphKeys.TRAINABLE_VARIABLES, this.prefix()); }
  local_variables(): RefVariable[] { return get_default_graph().get_collection(GraphKeys.LOCAL_VARIABLES, this.prefix()); }
  private prefix(): string { return this.name ? escapeRegExp(`${this.name}/`) : ''; }

  /** get_variable relative to this scope (a PartitionedVariable when a partitioner applies). */
  get_variable(name: string, options: GetVariableOptions & { partitioner: Partitioner }): PartitionedVariable;
  get_variable(name: string, options?: GetVariableOptions): RefVariable;
  get_variable(name: string, options: GetVariableOptions = {}): RefVariable | PartitionedVariable {
    const store = storeOf(get_default_graph());
    const reuse = options.reuse ?? this._reuse;
    const regularizer = options.regularizer ?? this.regularizer;
    const caching_device = options.caching_device ?? this.caching_device ?? undefined;
    const fullName = this.name ? `${this.name}/${name}` : name;
    const explicitDtype = options.dtype !== undefined ? as_dtype(options.dtype).base_dtype : undefined;
    if (explicitDtype && options.initializer !== undefined && options.initializer !== null && !isInitializerFn(options.initializer)) {
      const initDtype = initializerDtype(options.initializer, explicitDtype);
      if (initDtype !== explicitDtype) {
        throw new ValueError(`Initializer type '${initDtype}' and explicit dtype '${explicitDtype}' don't match.`);
      }
    }
    const dtype = explicitDtype ?? this.dtype;
    const initializer = instantiateInitializer(options.initializer ?? this.initializer, dtype);
    const partitioner = options.partitioner !== undefined ? options.partitioner : this.partitioner;
    const trueGetter: Getter = (n, o) => store.get(n, { ...o, reuse: o.reuse ?? reuse });
    const getter = options.custom_getter ?? this.custom_getter;
    const args: GetVariableOptions = {
      shape: options.shape, dtype, initializer, regularizer, trainable: options.trainable,
      collections: options.collections, caching_device, validate_shape: options.validate_shape, reuse, partitioner,
      use_resource: options.use_resource ?? this.use_resource,
    };
    // Variable names ignore name scopes: creation happens at the root name scope.
    return get_default_graph().name_scope(null, () => (getter ? getter(trueGetter, fullName, args) : trueGetter(fullName, args)));
  }

  toString(): string { return `<tf.VariableScope '${this.name}' reuse=${this._reuse === AUTO_REUSE ? 'AUTO_REUSE' : this._reuse ? 'True' : 'False'}>`; }
}

function escapeRegExp(s: string): string { return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }

function isInitializerFn(i: unknown): i is InitializerLike { return typeof i === 'function'; }

/**
 * The dtype of an initializer value for a variable of `dtype`: JavaScript numbers and weakly typed
 * constants take `dtype` when their values are exactly its (as TF's Python ints and floats do).
 */
function initializerDtype(v: TensorLike, dtype: DType): DType {
  if (isTensorLike(v)) {
    const t = v instanceof Tensor ? v : v._as_tensor();
    if (t.dtype.base_dtype !== dtype) t.graph._retype_weak(t, dtype);
    return t.dtype.base_dtype;
  }
  if (isJsNumbers(v)) {
    try { NDArray.from(v, dtype); return dtype; } catch { /* not values of dtype: their own dtype */ }
  }
  return NDArray.from(v).dtype;
}

// ---- the per-graph store ----------------------------------------------------------------------

class VariableStore {
  readonly vars = new Map<string, RefVariable>();
  readonly partitionedVars = new Map<string, PartitionedVariable>();
  current: VariableScope = new VariableScope(false, '');
  /** The last scope object entered under each full name (for displays of the scope tree). */
  readonly entered = new Map<string, VariableScope>();
  /** Entry counts of variable scopes by full name (for default_name uniqueness). */
  scopeCounts = new Map<string, number>();

  /** TF's `_true_getter`: a partitioned variable when a partitioner applies, else a single one. */
  get(name: string, o: GetVariableOptions): GotVariable {
    const isScalar = Array.isArray(o.shape) && o.shape.length === 0;
    if (o.partitioner && !isScalar) {
      if (typeof o.partitioner !== 'function') throw new ValueError(`Partitioner must be callable, but received: ${String(o.partitioner)}`);
      return get_default_graph().name_scope(null, () => this.getPartitioned(name, o.partitioner!, o));
    }
    // A partitioned variable may be reused without its partitioner.
    if (o.reuse === true && this.partitionedVars.has(name)) return this.getPartitioned(name, null, o);
    if (this.vars.has(`${name}/part_0`)) {
      throw new ValueError(`No partitioner was provided, but a partitioned version of the variable was found: ${name}/part_0. Perhaps a variable of the same name was already created with partitioning?`);
    }
    return this.getSingle(name, o);
  }

  /** TF's `_get_partitioned_variable`. */
  private getPartitioned(name: string, partitioner: Partitioner | null, o: GetVariableOptions): PartitionedVariable {
    const fromTensor = o.initializer instanceof Tensor;
    if (this.vars.has(name)) {
      throw new ValueError(`A partitioner was provided, but an unpartitioned version of the variable was found: ${name}.  Perhaps a variable of the same name was already created without partitioning?`);
    }
    let dtype = o.dtype !== undefined ? as_dtype(o.dtype).base_dtype : float32;
    let shape = as_shape(o.shape ?? null);
    if (fromTensor) shape = shape.merge_with((o.initializer as Tensor).shape);
    const reuse = o.reuse;
    const partitions = !reuse || partitioner ? callPartitioner(partitioner!, shape, dtype) : null;
    const existing = this.partitionedVars.get(name);
    if (existing) {
      if (reuse === false) throw new ValueError(`Partitioned variable with name ${name} already exists. Did you mean to set reuse=True or reuse=tf.AUTO_REUSE in VarScope?`);
      if (!shape.is_compatible_with(existing.get_shape())) {
        throw new ValueError(`Trying to reuse partitioned variable ${name}, but specified shape ${shape} and found shape ${existing.get_shape()}.`);
      }
      if (!dtype.is_compatible_with(existing.dtype)) {
        throw new ValueError(`Trying to reuse partitioned variable ${name}, but specified dtype ${dtype.name} and found dtype ${existing.dtype.name}.`);
      }
      if (partitions && partitions.join(',') !== existing._get_partitions().join(',')) {
        throw new ValueError(`Trying to reuse partitioned variable ${name}, but specified partitions [${partitions.join(', ')}] and found partitions [${existing._get_partitions().join(', ')}].`);
      }
      return existing;
    }
    if (reuse === true) {
      throw new ValueError(`PartitionedVariable ${name} does not exist, or was not created with tf.get_variable(). Did you mean to set reuse=False or reuse=tf.AUTO_REUSE in VarScope?`);
    }
    const [sliceDim, numSlices] = sliceDimAndNumSlices(partitions!);
    if (this.vars.has(`${name}/part_0`)) {
      if (!this.vars.has(`${name}/part_${numSlices - 1}`)) {
        throw new ValueError(`Partitioner returned a different partitioning than what was already found.  Partitioner returned ${numSlices} shards, and shard ${name}/part_0 was found, but ${name}/part_${numSlices - 1} was not.`);
      }
      if (this.vars.has(`${name}/part_${numSlices}`)) {
        throw new ValueError(`Partitioner returned a different partitioning than what was already found.  Partitioner returned ${numSlices} shards, and shard ${name}/part_0 was found, but so was the extra shard ${name}/part_${numSlices}.`);
      }
    }
    const g = get_default_graph();
    const fullShape = shape.toNumbers();
    const parts = iterSlices(fullShape, numSlices, sliceDim).map(({ offset, shape: partShape }, i) => {
      const partName = `${name}/part_${i}`;
      const partition_info: PartitionInfo = { full_shape: fullShape, var_offset: offset };
      // A value or tensor initializer is sliced; an initializer function is called per part.
      const [init, initShape] = g.name_scope(`${partName}/PartitionedInitializer/`, (): [InitializerLike | TensorLike | null | undefined, number[] | undefined] => {
        if (o.initializer === undefined || o.initializer === null || isInitializerFn(o.initializer)) return [o.initializer, partShape];
        const value = o.initializer instanceof Tensor ? o.initializer : convert_to_tensor(o.initializer, { dtype });
        if (fromTensor) dtype = value.dtype.base_dtype;
        return [sliceOf(value, offset, partShape), undefined];
      });
      const v = g.name_scope(null, () => this.getSingle(partName, { ...o, shape: initShape, dtype, initializer: init }, partition_info));
      v._set_save_slice_info(new SaveSliceInfo(name, fullShape, offset, partShape));
      return v;
    });
    const partitioned = new PartitionedVariable(name, shape, dtype, parts, partitions!);
    this.partitionedVars.set(name, partitioned);
    return partitioned;
  }

  getSingle(name: string, o: GetVariableOptions, partition_info: PartitionInfo | null = null): RefVariable {
    const fromValue = o.initializer !== undefined && o.initializer !== null && !isInitializerFn(o.initializer);
    if (o.shape !== undefined && o.shape !== null && fromValue) throw new ValueError('If initializer is a constant, do not specify shape.');
    const dtype = o.dtype !== undefined ? as_dtype(o.dtype) : float32;
    const shape = as_shape(o.shape ?? null);
    const found = this.vars.get(name);
    if (found) {
      if (o.reuse === false) {
        throw new ValueError(`Variable ${name} already exists, disallowed. Did you mean to set reuse=True or reuse=tf.AUTO_REUSE in VarScope? Originally defined at:\n\n${formatDefinitionSite(found)}`);
      }
      if (!shape.is_compatible_with(found.get_shape())) {
        throw new ValueError(`Trying to share variable ${name}, but specified shape ${shape} and found shape ${found.get_shape()}.`);
      }
      if (!dtype.is_compatible_with(found.dtype)) {
        throw new ValueError(`Trying to share variable ${name}, but specified dtype ${dtype.name} and found dtype ${found.dtype.name}.`);
      }
      return found;
    }
    if (o.reuse === true) {
      throw new ValueError(`Variable ${name} does not exist, or was not created with tf.get_variable(). Did you mean to set reuse=tf.AUTO_REUSE in VarScope?`);
    }
    let initializer = instantiateInitializer(o.initializer, dtype);
    if (initializer === undefined || initializer === null) initializer = defaultInitializer(name, dtype);
    let initialValue: TensorLike | (() => TensorLike);
    let variableDtype: DType | undefined;
    if (!isInitializerFn(initializer)) {
      initialValue = initializer;
      // JavaScript numbers have no dtype of their own: they make a variable of the requested one.
      if (isJsNumbers(initializer)) variableDtype = dtype.base_dtype;
    } else if (shape.is_fully_defined()) {
      const init = initializer;
      initialValue = () => init(shape.toNumbers(), dtype, partition_info);
      variableDtype = dtype.base_dtype;
    } else {
      throw new ValueError(`Shape of a new variable (${name}) must be fully defined, but instead was ${shape}.`);
    }
    const v = Variable(initialValue, {
      name, trainable: o.trainable, collections: o.collections, caching_device: o.caching_device,
      dtype: variableDtype, validate_shape: o.validate_shape, use_resource: o.use_resource,
    });
    this.vars.set(name, v);
    if (o.regularizer) {
      const reg = o.regularizer;
      const g = v.graph;
      const loss = g.colocate_with(v.op, () => g.name_scope(`${name}/Regularizer/`, () => reg(v)));
      if (loss) g.add_to_collection(GraphKeys.REGULARIZATION_LOSSES, loss);
    }
    return v;
  }
}

function defaultInitializer(name: string, dtype: DType): Initializer {
  if (dtype.is_floating) return glorot_uniform_initializer();
  if (dtype.is_integer || dtype.is_unsigned || dtype.is_bool || dtype.base_dtype === stringDtype) return zeros_initializer();
  throw new ValueError(`An initializer for variable ${name} of ${dtype.base_dtype} is required`);
}

/** Where a variable was created: its notebook cell and line, else up to five frames of user code. */
export function formatDefinitionSite(v: RefVariable): string {
  const origin = describeOrigin(v.op);
  if (origin) return origin;
  const frames = (v.op.definedAt.stack ?? '').split('\n').slice(1)
    .map((l) => l.trim())
    .filter((l) => l.startsWith('at ') && !/[\\/](dist[\\/])?lib[\\/](framework|ops|variables|runtime|kernels)[\\/]/.test(l) && !l.includes('node:'))
    .slice(0, 5);
  return frames.map((f) => `  ${f}\n`).join('');
}

const stores = new WeakMap<Graph, VariableStore>();
// A re-run cell's variables leave the store, so get_variable may create them again.
onRetire((g) => {
  const store = stores.get(g);
  if (!store) return;
  for (const [name, v] of store.vars) if (v.op.retired) store.vars.delete(name);
  for (const [name, p] of store.partitionedVars) if ([...p].some((v) => v.op.retired)) store.partitionedVars.delete(name);
});
function storeOf(g: Graph): VariableStore {
  let s = stores.get(g);
  if (!s) { s = new VariableStore(); stores.set(g, s); }
  return s;
}

/** What get_variable knows about a graph: its shared variables and the variable scopes entered so far. */
export interface VariableStoreView {
  /** Variables created by get_variable, keyed by their store name (`foo/v`). */
  readonly variables: ReadonlyMap<string, RefVariable>;
  /** The variable scopes entered, by full name, with their reuse setting as last entered. */
  readonly scopes: ReadonlyMap<string, VariableScope>;
}

/** A read-only view of a graph's variable store (defaults to the default graph). */
export function variable_store(graph: Graph = get_default_graph()): VariableStoreView {
  const store = storeOf(graph);
  return { variables: store.vars, scopes: store.entered };
}

/** The current variable scope of the default graph. */
export const get_variable_scope = pythonFunction('get_variable_scope', [], 0, function get_variable_scope(): VariableScope { return storeOf(get_default_graph()).current; });

type GetVariableArgs = Omit<GetVariableOptions, 'shape'>;
/** get_variable's forms: a partitioner makes a PartitionedVariable. */
interface GetVariableFunction {
  (name: string, shape: ShapeLike | null | undefined, options: GetVariableArgs & { partitioner: Partitioner }): PartitionedVariable;
  (name: string, options: GetVariableOptions & { partitioner: Partitioner }): PartitionedVariable;
  (name: string, shape: ShapeLike | null | undefined, options: GetVariableArgs & { use_resource: true }): ResourceVariable;
  (name: string, options: GetVariableOptions & { use_resource: true }): ResourceVariable;
  (name: string, shape?: ShapeLike | null, options?: GetVariableArgs): RefVariable;
}

const GET_VARIABLE_PARAMS = [
  'name', 'shape=None', 'dtype=None', 'initializer=None', 'regularizer=None', 'trainable=None', 'collections=None',
  'caching_device=None', 'partitioner=None', 'validate_shape=True', 'use_resource=None', 'custom_getter=None', 'constraint=None',
  'synchronization=VariableSynchronization.AUTO', 'aggregation=VariableAggregation.NONE',
] as const;

/**
 * Gets an existing variable with these parameters or creates a new one (see the reuse rules).
 * @example const w = tf.get_variable('weights', [784, 10], {initializer: tf.zeros_initializer()});
 */
export const get_variable = pythonFunction('get_variable', GET_VARIABLE_PARAMS, 2, function get_variable(name: string, shape?: ShapeLike | null, options: GetVariableArgs = {}): GotVariable {
  return get_variable_scope().get_variable(name, { ...options, shape: shape ?? undefined });
} as GetVariableFunction);

/** A variable in LOCAL_VARIABLES, not trainable. */
export const get_local_variable = pythonFunction('get_local_variable', GET_VARIABLE_PARAMS, 2, function get_local_variable(name: string, shape?: ShapeLike | null, options: GetVariableArgs = {}): RefVariable {
  return get_variable(name, shape, { ...options, trainable: false, collections: [...(options.collections ?? []), GraphKeys.LOCAL_VARIABLES] });
});

// ---- variable_scope ---------------------------------------------------------------------------

type ScopeName = string | VariableScope | null;

/** variable_scope's forms: TF's `(name_or_scope, default_name, values, ...)` by position or by name, with or without a body. */
interface VariableScopeFunction {
  <R>(name_or_scope: ScopeName, fn: (scope: VariableScope) => R): R;
  <R>(name_or_scope: ScopeName, options: VariableScopeOptions, fn: (scope: VariableScope) => R): R;
  <R>(name_or_scope: ScopeName, default_name: string | null, fn: (scope: VariableScope) => R): R;
  <R>(name_or_scope: ScopeName, default_name: string | null, values: readonly unknown[] | null, fn: (scope: VariableScope) => R): R;
  <R>(name_or_scope: ScopeName, default_name: string | null, values: readonly unknown[] | null, options: Omit<VariableScopeOptions, 'default_name' | 'values'>, fn: (scope: VariableScope) => R): R;
  (name_or_scope: ScopeName, options?: VariableScopeOptions): ScopeHandle<VariableScope>;
  (name_or_scope: ScopeName, default_name: string | null, values?: readonly unknown[] | null): ScopeHandle<VariableScope>;
}

/**
 * Opens a variable scope (and, by default, a name scope of the same name).
 * @example tf.variable_scope('foo', {reuse: tf.AUTO_REUSE}, (scope) => tf.get_variable('v', [1]))
 * @example tf.variable_scope(scope, 'dense', [x], (vs) => ...)  // 'dense' when scope is null
 */
export const variable_scope = pythonScope('variable_scope', [
  'name_or_scope', 'default_name=None', 'values=None', 'initializer=None', 'regularizer=None', 'caching_device=None',
  'partitioner=None', 'custom_getter=None', 'reuse=None', 'dtype=None', 'use_resource=None', 'constraint=None',
  'auxiliary_name_scope=True',
], 1, function variable_scope<R>(name_or_scope: ScopeName, options: VariableScopeOptions, fn?: (scope: VariableScope) => R): R | ScopeHandle<VariableScope> {
  return scoped(() => enterVariableScope(name_or_scope, options), fn);
}) as VariableScopeFunction;

function checkReuse(reuse: unknown): boolean | typeof AUTO_REUSE | null {
  if (reuse === false || reuse === null || reuse === undefined) return null;
  if (reuse === true || reuse === AUTO_REUSE) return reuse;
  throw new ValueError('The reuse parameter must be True or False or None.');
}

function enterVariableScope(nameOrScope: string | VariableScope | null, options: Partial<VariableScopeOptions>): { value: VariableScope; exit: () => void } {
  const reuse = checkReuse(options.reuse);
  const defaultName = options.default_name;
  const auxiliary = options.auxiliary_name_scope ?? true;
  if (typeof auxiliary !== 'boolean') throw new TFTypeError(`The value of auxiliary_name_scope must be boolean but got ${String(auxiliary)}`);
  if (nameOrScope === null || nameOrScope === undefined) {
    if (!defaultName) throw new TFTypeError('If default_name is None then name_or_scope is required');
    if (reuse) throw new ValueError('reuse=True cannot be used without a name_or_scope');
  } else if (typeof nameOrScope !== 'string' && !(nameOrScope instanceof VariableScope)) {
    throw new TFTypeError('VariableScope: name_or_scope must be a string or VariableScope.');
  }
  const g = get_default_graph();
  const store = storeOf(g);

  // The name scope: re-enter the current one when auxiliary_name_scope is false.
  let nameScope: ScopeHandle<string> | null = null;
  if (!auxiliary) {
    const current = g.get_name_scope();
    nameScope = g.name_scope(current ? `${current}/` : null);
  } else if (nameOrScope === null || nameOrScope === undefined) {
    nameScope = g.name_scope(defaultName!);
  } else {
    const n = typeof nameOrScope === 'string' ? nameOrScope : nameOrScope.name.split('/').pop()!;
    if (n) nameScope = g.name_scope(n);
  }

  try {
    const old = store.current;
    let scope: VariableScope;
    let newName: string;
    let restoreCounts: Map<string, number> | null = null;
    if (nameOrScope instanceof VariableScope) {
      newName = nameOrScope.name;
      scope = new VariableScope(reuse ?? nameOrScope.reuse, newName, nameOrScope.initializer, nameOrScope.regularizer,
        nameOrScope.caching_device, nameOrScope.dtype, nameOrScope.custom_getter, nameOrScope.original_name_scope, nameOrScope.partitioner, nameOrScope.use_resource);
      openScope(store, newName);
      restoreCounts = new Map(store.scopeCounts);
    } else {
      const local = nameOrScope ?? uniqueDefaultScope(store, defaultName!);
      newName = old.name ? `${old.name}/${local}` : local;
      scope = new VariableScope(reuse ?? old.reuse, newName, old.initializer, old.regularizer, old.caching_device,
        old.dtype, old.custom_getter, nameScope ? nameScope.value : g.get_name_scope() ? `${g.get_name_scope()}/` : '', old.partitioner, old.use_resource);
      openScope(store, newName);
    }
    applyOverrides(scope, options);
    store.current = scope;
    store.entered.set(scope.name, scope);
    const entered = scope;
    return {
      value: scope,
      exit: () => {
        if (store.current !== entered) throw new RuntimeError('Improper nesting of variable_scope.');
        if (restoreCounts) store.scopeCounts = restoreCounts;
        else closeSubscopes(store, newName);
        store.current = old;
        nameScope?.exit();
      },
    };
  } catch (e) {
    nameScope?.exit();
    throw e;
  }
}

function applyOverrides(scope: VariableScope, o: Partial<VariableScopeOptions>): void {
  if (o.initializer !== undefined && o.initializer !== null) scope.set_initializer(o.initializer);
  if (o.regularizer) scope.set_regularizer(o.regularizer);
  if (o.caching_device) scope.set_caching_device(o.caching_device);
  if (o.dtype) scope.set_dtype(o.dtype);
  if (o.partitioner !== undefined) scope.set_partitioner(o.partitioner);
  if (o.use_resource !== undefined && o.use_resource !== null) scope.set_use_resource(o.use_resource);
  if (o.custom_getter) {
    if (typeof o.custom_getter !== 'function') throw new ValueError(`Passed a custom_getter which is not callable: ${String(o.custom_getter)}`);
    const outer = scope.custom_getter, inner = o.custom_getter;
    // Nested custom getters chain: the inner one runs first and calls the outer.
    scope.set_custom_getter(outer ? (getter, name, args) => inner((n, a) => outer(getter, n, a), name, args) : inner);
  }
}

function openScope(store: VariableStore, name: string): void { store.scopeCounts.set(name, (store.scopeCounts.get(name) ?? 0) + 1); }

function closeSubscopes(store: VariableStore, name: string): void {
  for (const k of store.scopeCounts.keys()) if (k.startsWith(`${name}/`)) store.scopeCounts.set(k, 0);
}

function uniqueDefaultScope(store: VariableStore, prefix: string): string {
  const base = store.current.name ? `${store.current.name}/${prefix}` : prefix;
  if (!store.scopeCounts.get(base)) return prefix;
  let i = 1;
  while (store.scopeCounts.get(`${base}_${i}`)) i++;
  return `${prefix}_${i}`;
}

/** A regularizer that adds nothing: scopes and layers given it get no regularization loss (TF's tf.no_regularizer). */
export const no_regularizer = pythonFunction('no_regularizer', ['_'], 1, function no_regularizer(_: unknown): null { return null; });

/**
 * TF 1.x's deprecated `variable_op_scope(values, name_or_scope, default_name, ...)`: variable_scope with `values`
 * first. A body function ends the arguments, as for variable_scope.
 * @example tf.variable_op_scope([x], null, 'dense', (vs) => tf.get_variable('w', [3]))
 */
export const variable_op_scope = pythonScope('variable_op_scope', [
  'values', 'name_or_scope', 'default_name=None', 'initializer=None', 'regularizer=None', 'caching_device=None', 'partitioner=None',
  'custom_getter=None', 'reuse=None', 'dtype=None', 'use_resource=None', 'constraint=None',
], 2, function variable_op_scope<R>(values: readonly unknown[] | null, name_or_scope: ScopeName, options: Omit<VariableScopeOptions, 'values'>, fn?: (scope: VariableScope) => R): R | ScopeHandle<VariableScope> {
  return scoped(() => enterVariableScope(name_or_scope, { ...options, values: values ?? undefined }), fn);
}) as {
  <R>(values: readonly unknown[] | null, name_or_scope: ScopeName, fn: (scope: VariableScope) => R): R;
  <R>(values: readonly unknown[] | null, name_or_scope: ScopeName, default_name: string | null, fn: (scope: VariableScope) => R): R;
  <R>(values: readonly unknown[] | null, name_or_scope: ScopeName, options: Omit<VariableScopeOptions, 'values'>, fn: (scope: VariableScope) => R): R;
};
