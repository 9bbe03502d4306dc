/**
 * TF's stack and TensorArray ops (data_flow_ops). A stack is a resource created by StackV2; StackPushV2
 * pushes a value and forwards it, StackPopV2 returns the newest value: gradients of while loops keep the
 * forward loop's values on stacks for the backward loop. The TensorArray ops are declared here and
 * built by the TensorArray class (tensor_array_ops.ts).
 */
import { DType, float32, int32, int64, resource } from '../framework/dtypes';
import { AttrValue, Tensor, registerOp } from '../framework/graph';
import { TensorShape, unknown_shape } from '../framework/tensor_shape';
import { dtypeOfInput, dtypeFromAttr, fixedDtypes, shapeOfInput } from './schema_util';
import { TensorLike, convert_to_tensor, makeOp, opScope, typeAttr } from './op_builder';
import { registerNotDifferentiable } from './gradient_util';

registerOp({ type: 'StackV2', stateful: true, outputDtypes: fixedDtypes(resource), inferShapes: () => [[]], attrDefaults: { stack_name: { s: '' } } });
registerOp({
  type: 'StackPushV2', stateful: true, outputDtypes: dtypeOfInput(1), inferShapes: shapeOfInput(1), attrDefaults: { swap_memory: { b: false } },
});
registerOp({ type: 'StackPopV2', stateful: true, outputDtypes: dtypeFromAttr('elem_type') });
registerOp({ type: 'StackCloseV2', stateful: true, outputDtypes: fixedDtypes() });
registerNotDifferentiable('StackV2', 'StackPushV2', 'StackPopV2', 'StackCloseV2');

/** A new stack of `elem_type` values holding at most `max_size` of them (-1: no limit). */
export function stack_v2(max_size: TensorLike, elem_type: DType, options: { stack_name?: string; name?: string } = {}): Tensor {
  return opScope(options.name, 'StackV2', [max_size], (scope, g) => {
    const size = convert_to_tensor(max_size, { dtype: int32, name: 'max_size' });
    return makeOp('StackV2', [size], { elem_type: { type: elem_type.base_dtype }, stack_name: { s: options.stack_name ?? '' } }, scope, g).outputs[0];
  });
}

/** Pushes `elem` onto the stack `handle`; returns `elem`. */
export function stack_push_v2(handle: Tensor, elem: TensorLike, options: { swap_memory?: boolean; name?: string } = {}): Tensor {
  return opScope(options.name, 'StackPushV2', [handle, elem], (scope, g) => {
    const e = convert_to_tensor(elem);
    return makeOp('StackPushV2', [handle, e], { T: typeAttr(e), swap_memory: { b: options.swap_memory ?? false } }, scope, g).outputs[0];
  });
}

/** Pops the newest value off the stack `handle`. */
export function stack_pop_v2(handle: Tensor, elem_type: DType, options: { name?: string } = {}): Tensor {
  return opScope(options.name, 'StackPopV2', [handle], (scope, g) =>
    makeOp('StackPopV2', [handle], { elem_type: { type: elem_type.base_dtype } }, scope, g).outputs[0]);
}

/** Deletes the stack `handle`. */
export function stack_close_v2(handle: Tensor, options: { name?: string } = {}) {
  return opScope(options.name, 'StackCloseV2', [handle], (scope, g) => makeOp('StackCloseV2', [handle], {}, scope, g));
}

// ---- TensorArrayV3 and its ops: a TensorArray is a resource handle with a float32 `flow` threading its uses in order.

const shapeAttr = (op: { attrs: ReadonlyMap<string, AttrValue> }, name: string): TensorShape => {
  const v = op.attrs.get(name);
  return v && 'shape' in v ? v.shape : unknown_shape();
};
const flowOut = { outputDtypes: fixedDtypes(float32), inferShapes: () => [[]] } as const;

registerOp({
  type: 'TensorArrayV3', stateful: true, outputDtypes: fixedDtypes(resource, float32), inferShapes: () => [[], []],
  attrDefaults: {
    element_shape: { shape: unknown_shape() }, dynamic_size: { b: false }, clear_after_read: { b: true },
    identical_element_shapes: { b: false }, tensor_array_name: { s: '' },
  },
});
registerOp({ type: 'TensorArrayGradV3', stateful: true, outputDtypes: fixedDtypes(resource, float32), inferShapes: () => [[], []] });
registerOp({ type: 'TensorArrayWriteV3', stateful: true, ...flowOut });
registerOp({ type: 'TensorArrayScatterV3', stateful: true, ...flowOut });
registerOp({ type: 'TensorArraySplitV3', stateful: true, ...flowOut });
registerOp({ type: 'TensorArrayReadV3', stateful: true, outputDtypes: dtypeFromAttr('dtype') });
registerOp({
  type: 'TensorArrayGatherV3', stateful: true, outputDtypes: dtypeFromAttr('dtype'),
  inferShapes: (op) => [new TensorShape([null]).concatenate(shapeAttr(op, 'element_shape'))],
  attrDefaults: { element_shape: { shape: unknown_shape() } },
});
registerOp({
  type: 'TensorArrayConcatV3', stateful: true, outputDtypes: (_inputs, attrs) => [...dtypeFromAttr('dtype')(_inputs, attrs), int64],
  inferShapes: (op) => [new TensorShape([null]).concatenate(shapeAttr(op, 'element_shape_except0')), [null]],
  attrDefaults: { element_shape_except0: { shape: unknown_shape() } },
});
registerOp({ type: 'TensorArraySizeV3', stateful: true, outputDtypes: fixedDtypes(int32), inferShapes: () => [[]] });
registerOp({ type: 'TensorArrayCloseV3', stateful: true, outputDtypes: fixedDtypes() });
