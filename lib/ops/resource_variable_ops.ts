/**
 * Resource variable ops (TF's gen_resource_variable_ops): `VarHandleOp` makes a handle naming a
 * variable of the session; reads, writes and gathers take that handle, so a variable is read exactly
 * where a `ReadVariableOp` runs. Declarations, builders and gradients.
 */
import { DType, bool, int32, resource } from '../framework/dtypes';
import { AttrValue, Operation, Tensor, registerGradient, registerOp } from '../framework/graph';
import { InvalidArgumentError } from '../framework/errors';
import { ShapeLike, as_shape } from '../framework/tensor_shape';
import { fixedDtypes } from './schema_util';
import { TensorLike, convertIntegerInput, convert_to_tensor, makeOp } from './op_builder';
import { registerNotDifferentiable } from './gradient_util';
import { concat, expand_dims, getitem, reshape, size } from './array_ops';
import { unsorted_segment_sum } from './math_ops';

function dtypeAttr(attrs: ReadonlyMap<string, AttrValue>): DType {
  const d = attrs.get('dtype');
  if (!d || !('type' in d)) throw new InvalidArgumentError(null, null, "attr 'dtype' (a type) is required");
  return d.type;
}

registerOp({
  type: 'VarHandleOp',
  stateful: true,
  outputDtypes: fixedDtypes(resource),
  inferShapes: () => [[]],
});
registerOp({ type: 'ReadVariableOp', stateful: true, outputDtypes: (_i, attrs) => [dtypeAttr(attrs)], inferShapes: () => [null] });
for (const type of ['AssignVariableOp', 'AssignAddVariableOp', 'AssignSubVariableOp'] as const) {
  registerOp({ type, stateful: true, outputDtypes: () => [] });
}
registerOp({ type: 'VarIsInitializedOp', stateful: true, outputDtypes: fixedDtypes(bool), inferShapes: () => [[]] });
registerOp({ type: 'DestroyResourceOp', stateful: true, outputDtypes: () => [] });
registerOp({
  type: 'VariableShape',
  stateful: true,
  outputDtypes: (_i, attrs) => { const t = attrs.get('out_type'); return [t && 'type' in t ? t.type : int32]; },
  inferShapes: () => [null],
});
registerOp({
  type: 'ResourceGather',
  stateful: true,
  outputDtypes: (_i, attrs) => [dtypeAttr(attrs)],
  inferShapes: () => [null],
});

/** A handle to the variable `shared_name` (TF's var_handle_op); the op itself is named `name`. */
export function var_handle_op(dtype: DType, shape: ShapeLike, options: { shared_name: string; container?: string; name: string }): Tensor {
  return makeOp('VarHandleOp', [], {
    container: { s: options.container ?? '' }, shared_name: { s: options.shared_name },
    dtype: { type: dtype.base_dtype }, shape: { shape: as_shape(shape) },
  }, options.name).outputs[0];
}

/** The variable's current value, of the shape `shape` it was declared with. */
export function read_variable_op(handle: Tensor, dtype: DType, shape: ShapeLike | null = null, options: { name?: string } = {}): Tensor {
  const t = makeOp('ReadVariableOp', [handle], { dtype: { type: dtype.base_dtype } }, options.name ?? 'ReadVariableOp').outputs[0];
  if (shape !== null) t.set_shape(as_shape(shape));
  return t;
}

/** Writes `value` (AssignVariableOp), adds it (AssignAddVariableOp) or subtracts it (AssignSubVariableOp). */
export function assign_variable_op(type: 'AssignVariableOp' | 'AssignAddVariableOp' | 'AssignSubVariableOp', handle: Tensor, value: TensorLike, dtype: DType, options: { name?: string } = {}): Operation {
  const v = convert_to_tensor(value, { dtype: dtype.base_dtype, name: 'value' });
  return makeOp(type, [handle, v], { dtype: { type: dtype.base_dtype } }, options.name ?? type);
}

export function var_is_initialized_op(handle: Tensor, options: { name?: string } = {}): Tensor {
  return makeOp('VarIsInitializedOp', [handle], {}, options.name ?? 'VarIsInitializedOp').outputs[0];
}

/** Deletes the variable from the session; with `ignore_lookup_error` a missing one is no error. */
export function destroy_resource_op(handle: Tensor, options: { ignore_lookup_error?: boolean; name?: string } = {}): Operation {
  return makeOp('DestroyResourceOp', [handle], { ignore_lookup_error: { b: options.ignore_lookup_error ?? true } }, options.name ?? 'DestroyResourceOp');
}

export function variable_shape(handle: Tensor, options: { out_type?: DType; name?: string } = {}): Tensor {
  return makeOp('VariableShape', [handle], { out_type: { type: options.out_type ?? int32 } }, options.name ?? 'VariableShape').outputs[0];
}

/** Rows `indices` of the variable (along axis 0), as TF's `sparse_read`. */
export function resource_gather(handle: Tensor, indices: TensorLike, dtype: DType, options: { name?: string } = {}): Tensor {
  const idx = convertIntegerInput(indices, 'indices');
  return makeOp('ResourceGather', [handle, idx], {
    dtype: { type: dtype.base_dtype }, Tindices: { type: idx.dtype.base_dtype }, validate_indices: { b: true }, batch_dims: { i: 0 },
  }, options.name ?? 'ResourceGather').outputs[0];
}

// TF's resource_variable_ops gradients: a read passes its gradient to the handle; a gather's gradient is
// its rows summed into the variable's shape (IndexedSlices made dense, as for GatherV2 here).
registerGradient('ReadVariableOp', (_op, [grad]) => [grad]);
registerGradient('ResourceGather', (op, [grad]) => {
  const [handle, indices] = op.inputs;
  const paramsShape = variable_shape(handle);
  const indicesSize = expand_dims(size(indices), 0);
  const values = reshape(grad!, concat([indicesSize, getitem(paramsShape, { start: 1 })], 0));
  return [unsorted_segment_sum(values, reshape(indices, indicesSize), getitem(paramsShape, 0)), null];
});
// As in TF 1.15, only these two are declared NotDifferentiable; the handle and the writes are left undeclared.
registerNotDifferentiable('VarIsInitializedOp', 'VariableShape');
