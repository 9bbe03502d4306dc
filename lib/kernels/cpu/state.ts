/**
 * Reference CPU kernels for variables: the variable node hands out its session slot; assigns write it.
 */
import { bool } from '../../framework/dtypes';
import { FailedPreconditionError, InvalidArgumentError, OutOfRangeError } from '../../framework/errors';
import { shapeString } from '../../framework/tensor_shape';
import { NDArray } from '../../runtime/ndarray';
import { registerKernel, RefValue } from '../registry';
import { binaryMap, unaryMap } from './broadcast';

registerKernel('VariableV2', 'CPU', (ctx) => {
  const shared = ctx.op.attrs.has('shared_name') ? String(ctx.attr('shared_name')) : '';
  const slot = ctx.session.variable(shared || ctx.op.name);
  // A variable re-created (cell re-run) with another dtype or shape starts uninitialized, as a new one would.
  const declared = ctx.op.outputs[0].shape;
  if (slot.value && (slot.value.dtype !== ctx.op.outputs[0].dtype.base_dtype
    || (declared.is_fully_defined() && !declared.equals(slot.value.shape)))) slot.value = null;
  return [new RefValue(slot)];
});

registerKernel('Assign', 'CPU', (ctx) => {
  const slot = ctx.ref(0), value = ctx.input(1);
  const validate = !ctx.op.attrs.has('validate_shape') || ctx.attr('validate_shape') === true;
  if (validate) {
    const declared = ctx.op.inputs[0].shape;
    const lhs = slot.value?.shape ?? (declared.is_fully_defined() ? declared.toNumbers() : null);
    if (lhs && (lhs.length !== value.shape.length || lhs.some((d, i) => d !== value.shape[i]))) {
      throw new InvalidArgumentError(null, null, `Assign requires shapes of both tensors to match. lhs shape= ${shapeString(lhs)} rhs shape= ${shapeString(value.shape)}`);
    }
  }
  slot.value = value;
  return [new RefValue(slot)];
});

for (const [type, sign] of [['AssignAdd', 1], ['AssignSub', -1]] as const) {
  registerKernel(type, 'CPU', (ctx) => {
    const slot = ctx.ref(0), update = ctx.input(1);
    if (!slot.value) throw new FailedPreconditionError(null, null, `Attempting to use uninitialized parameters: ${slot.name}`);
    const same = slot.value.shape.length === update.shape.length && slot.value.shape.every((d, i) => d === update.shape[i]);
    if (!same) {
      throw new InvalidArgumentError(null, null, `Parameters and update must be the same size: ${shapeString(slot.value.shape)} vs ${shapeString(update.shape)}`);
    }
    // A new array, so values fetched earlier never change behind the caller's back.
    slot.value = binaryMap(slot.value, update, slot.value.dtype, (x, y) => x + sign * y);
    return [new RefValue(slot)];
  });
}

registerKernel('IsVariableInitialized', 'CPU', (ctx) => [NDArray.from(ctx.ref(0).value !== null, bool)]);

registerKernel('CountUpTo', 'CPU', (ctx) => {
  const slot = ctx.ref(0);
  const limit = ctx.attr('limit') as number;
  const before = slot.value;
  if (!before) throw new FailedPreconditionError(null, null, `Attempting to use uninitialized parameters: ${slot.name}`);
  if (before.size !== 1) throw new InvalidArgumentError(null, null, `input is not a scalar: ${shapeString(before.shape)}`);
  if (before.values[0] >= limit) throw new OutOfRangeError(null, null, `Reached limit of ${limit}`);
  // A new array: the value returned keeps the count from before this increment.
  slot.value = unaryMap(before, (v) => v + 1);
  return [before];
});
