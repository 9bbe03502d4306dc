/**
 * tf.Variable (TF 1.x's RefVariable): a VariableV2 node with its `Assign` initializer and `read`
 * snapshot; resource variables (TF's ResourceVariable, resource_variable_ops.py): a `VarHandleOp` named
 * like the variable, its `<name>/Assign` AssignVariableOp initializer, `<name>/IsInitialized/VarIsInitializedOp`
 * and `<name>/Read/ReadVariableOp`, where every use as a tensor reads the variable afresh, so reads see the
 * writes they follow; plus the collection helpers and initializer ops.
 */
import { DType, as_dtype, string as stringDtype } from '../framework/dtypes';
import { Graph, Operation, Tensor, get_default_graph, AttrValue } from '../framework/graph';
import { NotImplementedError, ValueError } from '../framework/errors';
import { TensorShape, ShapeLike, as_shape, unknown_shape } from '../framework/tensor_shape';
import { NDArray } from '../framework/ndarray';
import { BaseSession, FeedDict, sessionFor } from '../runtime/session';
import { convert_to_tensor, makeOp, TensorLike, DTypeLike } from '../ops/op_builder';
import { identityOf, stack, boolean_mask, constant } from '../ops/array_ops';
import { group, no_op } from '../ops/control_flow_ops';
import { installOperators, TensorOperators, logical_not } from '../ops/math_ops';
import { GraphKeys } from '../framework/graph_keys';
import { strip_name_scope } from '../framework/scopes';
import { count_up_to } from '../ops/state_ops';
import { PythonSignature, pythonClass, pythonFunction } from '../framework/python_signature';
import {
  assign_variable_op, destroy_resource_op, read_variable_op, resource_gather, var_handle_op, var_is_initialized_op,
} from '../ops/resource_variable_ops';

/** A value or a function producing one (deferred: built under `<name>/Initializer/`). */
export type InitialValue = TensorLike | (() => TensorLike);

export interface VariableOptions {
  trainable?: boolean;
  collections?: readonly string[];
  validate_shape?: boolean;
  caching_device?: string;
  name?: string;
  dtype?: DTypeLike;
  expected_shape?: ShapeLike;
  shape?: ShapeLike;
  /** Rebuild from an existing graph (meta graph import) instead of creating ops. */
  variable_def?: VariableDef;
  /** Make a ResourceVariable (default: `tf.enable_resource_variables()`'s setting). */
  use_resource?: boolean | null;
  import_scope?: string;
}

/** TF's VariableDef proto, as plain fields (serialized into meta graph collections). */
export interface VariableDef {
  variable_name: string;
  initial_value_name?: string;
  initializer_name: string;
  snapshot_name: string;
  is_resource?: boolean;
  trainable?: boolean;
  /** For one partition of a partitioned variable: where it lies in the full variable. */
  save_slice_info_def?: SaveSliceInfoDef;
}

/** TF's SaveSliceInfoDef proto, as plain fields. */
export interface SaveSliceInfoDef { full_name: string; full_shape: number[]; var_offset: number[]; var_shape: number[] }

/** assign/assign_add/assign_sub's call forms, as TF 1.15's Variable declares them: the updated value, or with `read_value: false` the op. */
export interface UpdateMethod<N extends string> {
  (value: TensorLike, options?: AssignOptions & { read_value?: true }): Tensor;
  (value: TensorLike, options: AssignOptions & { read_value: false }): Operation;
  (value: TensorLike, use_locking: boolean, name?: string | null, read_value?: true): Tensor;
  (keywords: { readonly [K in N]: TensorLike } & AssignOptions & { read_value?: true }): Tensor;
  (keywords: { readonly [K in N]: TensorLike } & AssignOptions & { read_value: false }): Operation;
}
const ASSIGN_PARAMS = ['value', 'use_locking=False', 'name=None', 'read_value=True'] as const;
const ASSIGN_DELTA_PARAMS = ['delta', 'use_locking=False', 'name=None', 'read_value=True'] as const;
const VARIABLE_EVAL = new PythonSignature('eval', ['session=None']);
const VARIABLE_LOAD = new PythonSignature('load', ['value', 'session=None']);

/**
 * Where one partition lies in its full variable (TF's Variable.SaveSliceInfo): the Saver saves the
 * partition as slice `spec` of the tensor `full_name`.
 */
export class SaveSliceInfo {
  constructor(
    readonly full_name: string, readonly full_shape: readonly number[],
    readonly var_offset: readonly number[], readonly var_shape: readonly number[],
  ) {}

  /** `"<full shape> <offset,length>:..."`, the shape-and-slice string of SaveV2 and RestoreV2. */
  get spec(): string {
    return `${this.full_shape.join(' ')} ${this.var_offset.map((o, i) => `${o},${this.var_shape[i]}`).join(':')}`;
  }

  to_proto(export_scope?: string): SaveSliceInfoDef {
    return { full_name: strip_name_scope(this.full_name, export_scope), full_shape: [...this.full_shape], var_offset: [...this.var_offset], var_shape: [...this.var_shape] };
  }

  static from_proto(def: SaveSliceInfoDef, import_scope?: string): SaveSliceInfo {
    return new SaveSliceInfo(import_scope ? `${import_scope}/${def.full_name}` : def.full_name, def.full_shape, def.var_offset, def.var_shape);
  }

  toString(): string { return `<SaveSliceInfo '${this.full_name}' ${this.spec}>`; }
}

export class RefVariable {
  // Assigned on every path of the constructor but the one that returns a ResourceVariable instead.
  /** The VariableV2 node's output (a ref tensor). */
  private readonly variable!: Tensor;
  private initializerOp!: Operation;
  private readonly snapshot!: Tensor;
  private initial!: Tensor | null;
  readonly trainable!: boolean;
  private saveSliceInfo: SaveSliceInfo | null = null;

  constructor(initial_value?: InitialValue, options: VariableOptions = {}) {
    if (options.variable_def) {
      if (initial_value !== undefined && initial_value !== null) throw new ValueError('variable_def and initial_value are mutually exclusive.');
      const g = get_default_graph();
      const scoped = (n: string) => (options.import_scope ? `${options.import_scope}/${n}` : n);
      const def = options.variable_def;
      this.variable = g.get_tensor_by_name(scoped(def.variable_name));
      this.initializerOp = g.get_operation_by_name(scoped(def.initializer_name));
      this.snapshot = g.get_tensor_by_name(scoped(def.snapshot_name));
      this.initial = def.initial_value_name ? g.get_tensor_by_name(scoped(def.initial_value_name)) : null;
      this.trainable = def.trainable ?? true;
      if (def.save_slice_info_def) this.saveSliceInfo = SaveSliceInfo.from_proto(def.save_slice_info_def, options.import_scope);
      return;
    }
    // TF's VariableV1: a resource variable when asked for, or by default after enable_resource_variables().
    if ((options.use_resource ?? defaultUseResource) && !(this instanceof ResourceVariable)) {
      return new ResourceVariable(initial_value, options);
    }
    if (initial_value === undefined || initial_value === null) throw new ValueError('initial_value must be specified.');
    const collections = options.collections ?? [GraphKeys.GLOBAL_VARIABLES];
    if (!Array.isArray(collections)) {
      throw new ValueError(`collections argument to Variable constructor must be a list, tuple, or set. Got ${String(collections)} of type ${typeof collections}`);
    }
    this.trainable = options.trainable ?? true;
    const validate = options.validate_shape ?? true;
    const dtype = options.dtype !== undefined ? as_dtype(options.dtype).base_dtype : undefined;
    const g = get_default_graph();

    const built = g.control_dependencies(null, () => g.name_scope(options.name ?? 'Variable', (scope) => {
      const opName = scope.slice(0, -1);
      let initial: Tensor;
      let variable: Tensor;
      if (typeof initial_value === 'function') {
        // The variable does not exist yet, so colocate its initializer through the `_class` attr.
        const coloc: AttrValue = { list: { s: [`loc:@${opName}`] } };
        [initial, variable] = g._attr_scope({ _class: coloc }, () => {
          const init = g.name_scope('Initializer', () => g.device(null, () => convert_to_tensor(initial_value(), { name: 'initial_value', dtype })));
          return [init, this.makeVariableOp(g, init, options, validate, scope)];
        });
      } else {
        initial = convert_to_tensor(initial_value, { name: 'initial_value', dtype });
        variable = this.makeVariableOp(g, initial, options, validate, scope);
      }
      const assign = makeOp('Assign', [variable, initial], {
        T: { type: initial.dtype.base_dtype }, validate_shape: { b: validate }, use_locking: { b: true },
      }, 'Assign', g);
      const snapshot = options.caching_device
        ? g.device(options.caching_device, () => identityOf(variable, 'read', g))
        : g.colocate_with(variable.op, () => identityOf(variable, 'read', g));
      return { initial, variable, assign, snapshot };
    }));
    this.variable = built.variable;
    this.initializerOp = built.assign;
    this.snapshot = built.snapshot;
    this.initial = built.initial;

    const all = [...collections];
    if (this.trainable && !all.includes(GraphKeys.TRAINABLE_VARIABLES)) all.push(GraphKeys.TRAINABLE_VARIABLES);
    g.add_to_collections(all, this);
  }

  private makeVariableOp(g: Graph, initial: Tensor, options: VariableOptions, validate: boolean, scope: string): Tensor {
    let shape = validate ? initial.shape : unknown_shape();
    if (options.shape !== undefined && options.shape !== null) shape = as_shape(options.shape);
    if (validate && !shape.is_fully_defined()) throw new ValueError(`initial_value must have a shape specified: ${initial}`);
    const dtype = initial.dtype.base_dtype;
    return makeOp('VariableV2', [], {
      shape: { shape }, dtype: { type: dtype }, container: { s: '' }, shared_name: { s: '' },
    }, scope, g).outputs[0];
  }

  // ---- TF attributes ----------------------------------------------------------------------

  /** `'weights:0'`. */
  get name(): string { return this.variable.name; }
  get op(): Operation { return this.variable.op; }
  /** The reference dtype, e.g. `float32_ref`. */
  get dtype(): DType { return this.variable.dtype; }
  get shape(): TensorShape { return this.variable.shape; }
  get_shape(): TensorShape { return this.variable.shape; }
  get device(): string { return this.variable.device; }
  get graph(): Graph { return this.variable.graph; }
  /** The `<name>/Assign` op that sets the initial value. */
  get initializer(): Operation { return this.initializerOp; }
  /** Replaces the initializer and initial value (TF's `_initializer_op`, `_initial_value`: init_from_checkpoint's). */
  _set_initializer(op: Operation, initial_value: Tensor): void {
    this.initializerOp = op;
    this.initial = initial_value;
  }
  get initial_value(): Tensor {
    if (!this.initial) throw new ValueError(`Variable ${this.name} was imported without its initial value`);
    return this.initial;
  }
  /** A scalar bool: whether this variable has been initialized in the running session (IsVariableInitialized). */
  is_initialized(options: { name?: string } = {}): Tensor {
    return makeOp('IsVariableInitialized', [this.variable], { dtype: { type: this.dtype.base_dtype } }, options.name ?? 'IsVariableInitialized', this.graph).outputs[0];
  }

  /** The ref tensor of the variable node (what assign ops write). */
  _ref(): Tensor { return this.variable; }
  /** The `<name>/read` snapshot. */
  value(): Tensor { return this.snapshot; }

  _as_tensor(dtype?: DType): Tensor {
    if (dtype && dtype.base_dtype !== this.dtype.base_dtype) {
      throw new ValueError(`Incompatible type conversion requested to type '${dtype.base_dtype.name}' for variable of type '${this.dtype.name}'`);
    }
    return this.snapshot;
  }

  /** A new `read` Identity in the current name scope. */
  read_value(): Tensor { return identityOf(this.variable, 'read', this.graph); }

  /**
   * The initial value, usable to initialize another variable: an Identity that runs this
   * variable's initializer first (TF 1.x's early form, with no control flow needed).
   */
  initialized_value(): Tensor {
    const g = this.graph;
    return g.control_dependencies(null, () => g.control_dependencies([this.initializerOp], () =>
      g.device(this.device || '', () => identityOf(this.variable, 'Identity', g))));
  }

  /** Evaluates in `session` or the default session. */
  eval(session?: BaseSession | null): NDArray;
  eval(keywords: { session?: BaseSession | null }): NDArray;
  eval(...args: unknown[]): NDArray {
    const [session] = VARIABLE_EVAL.bind(args) as [BaseSession | null | undefined];
    return sessionFor(this.graph, session).run(this.snapshot);
  }

  /** Sets the value from outside the graph (feeds the initializer's input). */
  load(value: TensorLike, session?: BaseSession | null): void;
  load(value: TensorLike, keywords: { session?: BaseSession | null }): void;
  load(keywords: { value: TensorLike; session?: BaseSession | null }): void;
  load(...args: unknown[]): void {
    const [value, session] = VARIABLE_LOAD.bind(args) as [TensorLike, BaseSession | null | undefined];
    const s = sessionFor(this.graph, session);
    s.run(this.initializerOp, new Map([[this.initializerOp.inputs[1], NDArray.from(value, this.dtype.base_dtype)]]));
  }

  /** Writes `value` (an Assign op); the updated variable as a tensor, or with `read_value: false` the op. */
  declare assign: UpdateMethod<'value'>;
  /** Adds `delta` (an AssignAdd op): `v.assign_add(1).eval()`, `v.assign_add(1).op.run()`. */
  declare assign_add: UpdateMethod<'delta'>;
  /** Subtracts `delta` (an AssignSub op). */
  declare assign_sub: UpdateMethod<'delta'>;

  static {
    this.prototype.assign = pythonFunction('assign', ASSIGN_PARAMS, 1, function assign(this: RefVariable, value: TensorLike, options: AssignOptions = {}) {
      return this.update('Assign', value, options);
    }) as UpdateMethod<'value'>;
    this.prototype.assign_add = pythonFunction('assign_add', ASSIGN_DELTA_PARAMS, 1, function assign_add(this: RefVariable, delta: TensorLike, options: AssignOptions = {}) {
      return this.update('AssignAdd', delta, options);
    }) as UpdateMethod<'delta'>;
    this.prototype.assign_sub = pythonFunction('assign_sub', ASSIGN_DELTA_PARAMS, 1, function assign_sub(this: RefVariable, delta: TensorLike, options: AssignOptions = {}) {
      return this.update('AssignSub', delta, options);
    }) as UpdateMethod<'delta'>;
  }

  /** Increments this integer variable until `limit` (TF's Variable.count_up_to): a CountUpTo op. */
  count_up_to(limit: number): Tensor { return count_up_to(this.variable, limit); }

  private update(type: 'Assign' | 'AssignAdd' | 'AssignSub', value: TensorLike, options: AssignOptions): Tensor | Operation {
    const g = this.graph;
    const out = g.name_scope(options.name ?? type, (scope) => {
      const v = convert_to_tensor(value, { dtype: this.dtype.base_dtype, name: 'value' });
      const attrs: Record<string, AttrValue> = { T: { type: this.dtype.base_dtype }, use_locking: { b: !!options.use_locking } };
      if (type === 'Assign') attrs.validate_shape = { b: true };
      return makeOp(type, [this.variable, v], attrs, scope, g).outputs[0];
    });
    return options.read_value === false ? out.op : out;
  }

  /** Where this variable lies in its partitioned variable, or null for a whole variable. */
  get _save_slice_info(): SaveSliceInfo | null { return this.saveSliceInfo; }
  _get_save_slice_info(): SaveSliceInfo | null { return this.saveSliceInfo; }
  _set_save_slice_info(save_slice_info: SaveSliceInfo): void { this.saveSliceInfo = save_slice_info; }

  to_proto(export_scope?: string): VariableDef {
    const strip = (n: string) => strip_name_scope(n, export_scope);
    return {
      variable_name: strip(this.variable.name),
      initial_value_name: this.initial ? strip(this.initial.name) : undefined,
      initializer_name: strip(this.initializerOp.name),
      snapshot_name: strip(this.snapshot.name),
      is_resource: false,
      trainable: this.trainable,
      save_slice_info_def: this.saveSliceInfo?.to_proto(export_scope),
    };
  }

  /** TF's repr: `<tf.Variable 'weights:0' shape=(2, 3) dtype=float32_ref>`. */
  toString(): string { return `<tf.Variable '${this.name}' shape=${this.shape} dtype=${this.dtype.name}>`; }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
}

export interface AssignOptions { use_locking?: boolean; name?: string; read_value?: boolean }


export interface RefVariable extends TensorOperators {}
installOperators(RefVariable.prototype);

/**
 * A variable, with or without `new`: `tf.Variable(tf.random_normal([784, 200], {stddev: 0.35}), {name: 'weights'})`.
 */
export const Variable = Object.assign(pythonClass('Variable', [
  'initial_value=None', 'trainable=None', 'collections=None', 'validate_shape=True', 'caching_device=None', 'name=None',
  'variable_def=None', 'dtype=None', 'expected_shape=None', 'import_scope=None', 'constraint=None', 'use_resource=None',
  'synchronization=VariableSynchronization.AUTO', 'aggregation=VariableAggregation.NONE', 'shape=None',
], 1, RefVariable), {
  /** Rebuilds a Variable from its VariableDef (meta graph import). */
  from_proto: (def: VariableDef, import_scope?: string) => new RefVariable(undefined, { variable_def: def, import_scope }),
});
export type Variable = RefVariable;

// ---- resource variables ------------------------------------------------------------------------

/**
 * A variable held by a resource handle.
 * @example
 * const v = tf.get_variable('v', [2], {use_resource: true, initializer: tf.zeros_initializer()});
 * v.handle.op.type   // 'VarHandleOp'
 */
export class ResourceVariable extends RefVariable {
  private readonly valueDtype: DType;
  private readonly valueShape: TensorShape;

  constructor(initial_value?: InitialValue, options: VariableOptions = {}) {
    const def = options.variable_def ?? buildResourceVariable(initial_value, options);
    super(undefined, { variable_def: def, import_scope: options.variable_def ? options.import_scope : undefined });
    const handleOp = this.handle.op;
    this.valueDtype = (handleOp.get_attr('dtype') as DType).base_dtype;
    this.valueShape = as_shape(handleOp.get_attr('shape') as TensorShape);
    if (!options.variable_def) {
      const collections = [...(options.collections ?? [GraphKeys.GLOBAL_VARIABLES])];
      if (this.trainable && !collections.includes(GraphKeys.TRAINABLE_VARIABLES)) collections.push(GraphKeys.TRAINABLE_VARIABLES);
      this.graph.add_to_collections(collections, this);
    }
  }

  /** The VarHandleOp's output (a `resource` scalar). */
  get handle(): Tensor { return this._ref(); }
  /** The value dtype (`float32`, never a ref type). */
  override get dtype(): DType { return this.valueDtype; }
  override get shape(): TensorShape { return this.valueShape; }
  override get_shape(): TensorShape { return this.valueShape; }

  /** A new ReadVariableOp of the variable, colocated with its handle (TF's `value()`). */
  override value(): Tensor {
    const g = this.graph;
    return g.colocate_with(null, () => g.device(this.handle.device, () => read_variable_op(this.handle, this.valueDtype, this.valueShape)), true);
  }

  override _as_tensor(dtype?: DType): Tensor {
    if (dtype && dtype.base_dtype !== this.valueDtype) {
      throw new ValueError(`Incompatible type conversion requested to type '${dtype.base_dtype.name}' for variable of type '${this.valueDtype.name}'`);
    }
    return this.value();
  }

  /** `Read/ReadVariableOp` in the current name scope, then an Identity of it (TF's `read_value`). */
  override read_value(): Tensor {
    const g = this.graph;
    const read = g.name_scope('Read', () => read_variable_op(this.handle, this.valueDtype, this.valueShape));
    return identityOf(read, 'Identity', g);
  }

  /** The initial value, usable to initialize another variable: a read that runs this variable's initializer first. */
  override initialized_value(): Tensor {
    const g = this.graph;
    return g.control_dependencies(null, () => g.control_dependencies([this.initializer], () => this.read_value()));
  }

  /** Rows `indices` of the variable (a ResourceGather). */
  sparse_read(indices: TensorLike, options: { name?: string } = {}): Tensor {
    const g = this.graph;
    return g.name_scope(options.name ?? 'Gather', () => resource_gather(this.handle, indices, this.valueDtype));
  }

  /** A VarIsInitializedOp of the handle. */
  override is_initialized(options: { name?: string } = {}): Tensor { return var_is_initialized_op(this.handle, options); }

  static {
    this.prototype.assign = pythonFunction('assign', ASSIGN_PARAMS, 1, function assign(this: ResourceVariable, value: TensorLike, options: AssignOptions = {}) {
      return this.write('AssignVariableOp', value, options);
    }) as UpdateMethod<'value'>;
    this.prototype.assign_add = pythonFunction('assign_add', ASSIGN_DELTA_PARAMS, 1, function assign_add(this: ResourceVariable, delta: TensorLike, options: AssignOptions = {}) {
      return this.write('AssignAddVariableOp', delta, options);
    }) as UpdateMethod<'delta'>;
    this.prototype.assign_sub = pythonFunction('assign_sub', ASSIGN_DELTA_PARAMS, 1, function assign_sub(this: ResourceVariable, delta: TensorLike, options: AssignOptions = {}) {
      return this.write('AssignSubVariableOp', delta, options);
    }) as UpdateMethod<'delta'>;
  }

  /** The write op, or (read_value) a read that follows it. */
  private write(type: 'AssignVariableOp' | 'AssignAddVariableOp' | 'AssignSubVariableOp', value: TensorLike, options: AssignOptions): Tensor | Operation {
    const g = this.graph;
    const defaultName = { AssignVariableOp: 'AssignVariableOp', AssignAddVariableOp: 'AssignAddVariableOp', AssignSubVariableOp: 'AssignSubVariableOp' }[type];
    const v = convert_to_tensor(value, { dtype: this.valueDtype, name: 'value' });
    if (type === 'AssignVariableOp' && !this.valueShape.is_compatible_with(v.shape)) {
      throw new ValueError(`Shapes ${this.valueShape} and ${v.shape} are incompatible`);
    }
    const op = assign_variable_op(type, this.handle, v, this.valueDtype, { name: options.name ?? defaultName });
    if (options.read_value === false) return op;
    return g.control_dependencies([op], () => this.value());
  }

  override count_up_to(_limit: number): Tensor {
    throw new NotImplementedError(`count_up_to of resource variable ${this.name}: scopeflow has no ResourceCountUpTo kernel; use a tf.Variable (use_resource: false)`);
  }

  /** A DestroyResourceOp of the handle: the session forgets the variable's value. */
  destroy(options: { ignore_lookup_error?: boolean; name?: string } = {}): Operation { return destroy_resource_op(this.handle, options); }

  override to_proto(export_scope?: string): VariableDef { return { ...super.to_proto(export_scope), is_resource: true }; }

  /** TF's repr: `<tf.Variable 'v:0' shape=(2,) dtype=float32>`. */
  override toString(): string { return `<tf.Variable '${this.name}' shape=${this.shape} dtype=${this.dtype.name}>`; }

  static from_proto(def: VariableDef, import_scope?: string): ResourceVariable {
    return new ResourceVariable(undefined, { variable_def: def, import_scope });
  }
}

/** Builds a resource variable's ops as TF 1.15's `_init_from_args` does; returns their names. */
function buildResourceVariable(initial_value: InitialValue | undefined, options: VariableOptions): VariableDef {
  if (initial_value === undefined || initial_value === null) throw new ValueError('initial_value must be specified.');
  const g = get_default_graph();
  const dtype = options.dtype !== undefined ? as_dtype(options.dtype).base_dtype : undefined;
  return g.control_dependencies(null, () => g.name_scope(options.name ?? 'Variable', (scope) => {
    const handleName = scope.slice(0, -1);
    let initial: Tensor;
    let handle: Tensor;
    const makeHandle = (init: Tensor) => {
      const shape = options.shape !== undefined && options.shape !== null ? as_shape(options.shape)
        : (options.validate_shape ?? true) ? init.shape : new TensorShape(null);
      if ((options.validate_shape ?? true) && !shape.is_fully_defined()) throw new ValueError(`initial_value must have a shape specified: ${init}`);
      return var_handle_op(init.dtype.base_dtype, shape, { shared_name: handleName, name: scope });
    };
    if (typeof initial_value === 'function') {
      // The handle does not exist yet, so colocate the initializer through the `_class` attr.
      const coloc: AttrValue = { list: { s: [`loc:@${handleName}`] } };
      [initial, handle] = g._attr_scope({ _class: coloc }, () => {
        const init = g.name_scope('Initializer', () => g.device(null, () => convert_to_tensor(initial_value(), { name: 'initial_value', dtype })));
        return [init, makeHandle(init)];
      });
    } else {
      initial = convert_to_tensor(initial_value, { name: 'initial_value', dtype });
      handle = makeHandle(initial);
    }
    const valueDtype = initial.dtype.base_dtype;
    g.name_scope('IsInitialized', () => var_is_initialized_op(handle));
    const assign = g.name_scope('Assign', (s) => g.colocate_with(handle.op, () => assign_variable_op('AssignVariableOp', handle, initial, valueDtype, { name: s })));
    const read = g.name_scope('Read', () => g.colocate_with(handle.op, () => g.device(handle.device, () => read_variable_op(handle, valueDtype, handle.op.get_attr('shape') as TensorShape))));
    if (options.caching_device) g.device(options.caching_device, () => identityOf(read, 'Identity', g));
    return {
      variable_name: handle.name, initial_value_name: initial.name, initializer_name: assign.name,
      snapshot_name: read.name, is_resource: true, trainable: options.trainable ?? true,
    };
  }));
}

/** Whether get_variable makes resource variables by default (TF's `_DEFAULT_USE_RESOURCE`). */
let defaultUseResource = false;

/** From now on, tf.Variable and get_variable make resource variables unless told otherwise. */
export const enable_resource_variables = pythonFunction('enable_resource_variables', [], 0, function enable_resource_variables(): void {
  defaultUseResource = true;
});
/** Back to ref variables by default. */
export const disable_resource_variables = pythonFunction('disable_resource_variables', [], 0, function disable_resource_variables(): void {
  defaultUseResource = false;
});
/** Whether resource variables are the default. */
export const resource_variables_enabled = pythonFunction('resource_variables_enabled', [], 0, function resource_variables_enabled(): boolean {
  return defaultUseResource;
});

/** Whether `v` is a resource variable (TF's `is_resource_variable`). */
export function is_resource_variable(v: unknown): v is ResourceVariable { return v instanceof ResourceVariable; }

/** `ResourceVariable(...)` with or without `new`, in every Python call form. */
export const ResourceVariableCallable = pythonClass('ResourceVariable', [
  'initial_value=None', 'trainable=None', 'collections=None', 'validate_shape=True', 'caching_device=None', 'name=None',
  'dtype=None', 'variable_def=None', 'import_scope=None', 'constraint=None', 'distribute_strategy=None',
  'synchronization=None', 'aggregation=None', 'shape=None',
], 1, ResourceVariable);

// ---- collections and initializers ----------------------------------------------------------------

// The variable collections hold variables: `tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, 'Generator')` is a var_list.
declare module '../framework/graph' {
  interface StandardCollections {
    variables: RefVariable;
    trainable_variables: RefVariable;
    local_variables: RefVariable;
    model_variables: RefVariable;
    moving_average_variables: RefVariable;
    metric_variables: RefVariable;
  }
}


/** Variables of the GLOBAL_VARIABLES collection whose names match `scope` at the start. */
export const global_variables = pythonFunction('global_variables', ['scope=None'], 1, function global_variables(scope?: string): RefVariable[] { return get_default_graph().get_collection<RefVariable>(GraphKeys.GLOBAL_VARIABLES, scope); });
export const trainable_variables = pythonFunction('trainable_variables', ['scope=None'], 1, function trainable_variables(scope?: string): RefVariable[] { return get_default_graph().get_collection<RefVariable>(GraphKeys.TRAINABLE_VARIABLES, scope); });
export const local_variables = pythonFunction('local_variables', ['scope=None'], 1, function local_variables(scope?: string): RefVariable[] { return get_default_graph().get_collection<RefVariable>(GraphKeys.LOCAL_VARIABLES, scope); });
export const model_variables = pythonFunction('model_variables', ['scope=None'], 1, function model_variables(scope?: string): RefVariable[] { return get_default_graph().get_collection<RefVariable>(GraphKeys.MODEL_VARIABLES, scope); });
export const moving_average_variables = pythonFunction('moving_average_variables', ['scope=None'], 1, function moving_average_variables(scope?: string): RefVariable[] { return get_default_graph().get_collection<RefVariable>(GraphKeys.MOVING_AVERAGE_VARIABLES, scope); });
/** TF's older name of global_variables(), without its scope. */
export const all_variables = pythonFunction('all_variables', [], 0, function all_variables(): RefVariable[] { return global_variables(); });

/**
 * An op that runs the initializers of `var_list` (op name `init`).
 * @example sess.run(tf.variables_initializer([w, b]))
 */
export const variables_initializer = pythonFunction('variables_initializer', ['var_list', "name='init'"], 1, function variables_initializer(var_list: readonly RefVariable[], options: { name?: string } = {}): Operation {
  const name = options.name ?? 'init';
  if (var_list.length) return group(var_list.map((v) => v.initializer), { name });
  return no_op({ name });
});
export const initialize_variables = variables_initializer;

/** Initializes every global variable: `sess.run(tf.global_variables_initializer())`. */
export const global_variables_initializer = pythonFunction('global_variables_initializer', [], 0, function global_variables_initializer(): Operation { return variables_initializer(global_variables()); });
export const initialize_all_variables = global_variables_initializer;
export const local_variables_initializer = pythonFunction('local_variables_initializer', [], 0, function local_variables_initializer(): Operation { return variables_initializer(local_variables()); });
/** TF 1.15's deprecated name of local_variables_initializer. */
export const initialize_local_variables = local_variables_initializer;

/** A scalar bool: whether `variable` has been initialized in the running session. */
export const is_variable_initialized = pythonFunction('is_variable_initialized', ['variable'], 1, function is_variable_initialized(variable: RefVariable): Tensor { return variable.is_initialized(); });

/**
 * TF 1.x's assert_variables_initialized: the ranks of the variables (all global and local ones by default), which
 * fail to run with FailedPreconditionError while one is uninitialized; null when there are none. (Its replacement
 * is report_uninitialized_variables.)
 */
export const assert_variables_initialized = pythonFunction('assert_variables_initialized', ['var_list=None'], 1, function assert_variables_initialized(var_list?: readonly RefVariable[] | null): Tensor | null {
  const vars = var_list ?? [...global_variables(), ...local_variables()];
  if (!vars.length) return null;
  const g = get_default_graph();
  // A Rank op even where the rank is known (TF's rank_internal with optimize=False), so running it reads the variable.
  const ranks = vars.map((v) => g.colocate_with(v.op, () => g.name_scope('Rank', (scope) => {
    const t = convert_to_tensor(v);
    return makeOp('Rank', [t], { T: { type: t.dtype.base_dtype } }, scope, g).outputs[0];
  })));
  return ranks.length === 1 ? ranks[0] : stack(ranks);
});

/** 1-D string tensor of the names of uninitialized variables (all global and local ones by default). */
export const report_uninitialized_variables = pythonFunction('report_uninitialized_variables', ['var_list=None', "name='report_uninitialized_variables'"], 1, function report_uninitialized_variables(var_list?: readonly RefVariable[], options: { name?: string } = {}): Tensor {
  const vars = var_list ?? [...global_variables(), ...local_variables()];
  const g = get_default_graph();
  return g.name_scope(options.name ?? 'report_uninitialized_variables', () => {
    if (!vars.length) return constant(NDArray.fromStrings([]), { dtype: stringDtype });
    const mask = logical_not(stack(vars.map((v) => is_variable_initialized(v))));
    const names = constant(NDArray.fromStrings(vars.map((v) => v.op.name)));
    return boolean_mask(names, mask);
  });
});
