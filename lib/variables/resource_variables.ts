/**
 * Resource variables (TF's ResourceVariable, resource_variable_ops.py): a `VarHandleOp` named like the
 * variable, its `<name>/Assign` AssignVariableOp initializer, `<name>/IsInitialized/VarIsInitializedOp`
 * and `<name>/Read/ReadVariableOp`; every use as a tensor reads the variable afresh, so reads see the
 * writes they follow. `get_variable(..., {use_resource: true})` and `tf.enable_resource_variables()`
 * make them.
 */
import { DType, as_dtype } from '../framework/dtypes';
import { Operation, Tensor, get_default_graph, AttrValue } from '../framework/graph';
import { TensorShape, as_shape } from '../framework/tensor_shape';
import { NotImplementedError, ValueError } from '../framework/errors';
import { TensorLike, convert_to_tensor } from '../ops/op_builder';
import { identityOf } from '../ops/array_ops';
import {
  assign_variable_op, destroy_resource_op, read_variable_op, resource_gather, var_handle_op, var_is_initialized_op,
} from '../ops/resource_variable_ops';
import { GraphKeys } from '../framework/graph_keys';
import { AssignOptions, InitialValue, RefVariable, VariableDef, VariableOptions } from './variables';

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

  override assign(value: TensorLike, options?: AssignOptions & { read_value?: true }): Tensor;
  override assign(value: TensorLike, options: AssignOptions & { read_value: false }): Operation;
  override assign(value: TensorLike, options: AssignOptions = {}): Tensor | Operation { return this.write('AssignVariableOp', value, options); }
  override assign_add(value: TensorLike, options?: AssignOptions & { read_value?: true }): Tensor;
  override assign_add(value: TensorLike, options: AssignOptions & { read_value: false }): Operation;
  override assign_add(value: TensorLike, options: AssignOptions = {}): Tensor | Operation { return this.write('AssignAddVariableOp', value, options); }
  override assign_sub(value: TensorLike, options?: AssignOptions & { read_value?: true }): Tensor;
  override assign_sub(value: TensorLike, options: AssignOptions & { read_value: false }): Operation;
  override assign_sub(value: TensorLike, options: AssignOptions = {}): Tensor | Operation { return this.write('AssignSubVariableOp', value, options); }

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

/** From now on, get_variable makes resource variables unless told otherwise. */
export function enable_resource_variables(): void { defaultUseResource = true; }
/** Back to ref variables by default. */
export function disable_resource_variables(): void { defaultUseResource = false; }
export function resource_variables_enabled(): boolean { return defaultUseResource; }

/** Whether `v` is a resource variable (TF's `is_resource_variable`). */
export function is_resource_variable(v: unknown): v is ResourceVariable { return v instanceof ResourceVariable; }
