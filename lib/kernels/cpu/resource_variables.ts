/**
 * Reference CPU kernels for resource variables: VarHandleOp hands out a handle naming the variable's
 * session slot (`<container>/<shared_name>`, container `localhost` by default, as TF's resource
 * manager names it); reads, writes and gathers go through the handle. Writes store new arrays.
 */
import { DType, bool, dataTypeString, int32 } from '../../framework/dtypes';
import { FailedPreconditionError, InvalidArgumentError, NotFoundError } from '../../framework/errors';
import { sameShape, shapeString } from '../../framework/tensor_shape';
import { NDArray } from '../../framework/ndarray';
import { KernelContext, VariableSlot, registerKernel, resourceHandle, resourceKey, resourceVariableSlot } from '../registry';
import { binaryMap } from './broadcast';
import { gatherAlong } from './array';

registerKernel('VarHandleOp', 'CPU', (ctx) => {
  const container = String(ctx.attr('container') ?? '') || 'localhost';
  const shared = String(ctx.attr('shared_name') ?? '') || ctx.op.name;
  return [resourceHandle(`${container}/${shared}`)];
});

/** TF's message for a variable that was never assigned (or was destroyed). */
function notFound(ctx: KernelContext): Error {
  const key = resourceKey(ctx.input(0));
  const at = key.indexOf('/');
  return new FailedPreconditionError(ctx.op, ctx.op,
    `Error while reading resource variable ${key.slice(at + 1)} from Container: ${key.slice(0, at)}. This could mean that the variable was uninitialized. Not found: Resource ${key}/N10tensorflow3VarE does not exist.`);
}

/** The variable's slot and its value, checked against the op's `dtype` attr. */
function initialized(ctx: KernelContext, what: 'read' | 'assign'): { slot: VariableSlot; value: NDArray } {
  const slot = resourceVariableSlot(ctx.session, ctx.input(0));
  if (!slot.value) throw notFound(ctx);
  checkDtype(ctx, slot.value.dtype, what);
  return { slot, value: slot.value };
}

function checkDtype(ctx: KernelContext, held: DType, what: 'read' | 'assign'): void {
  const expected = ctx.attr('dtype') as DType;
  if (held !== expected.base_dtype) {
    throw new InvalidArgumentError(ctx.op, ctx.op, `Trying to ${what} variable with wrong dtype. Expected ${dataTypeString(held)} got ${dataTypeString(expected)}`);
  }
}

registerKernel('ReadVariableOp', 'CPU', (ctx) => [initialized(ctx, 'read').value]);

registerKernel('AssignVariableOp', 'CPU', (ctx) => {
  const slot = resourceVariableSlot(ctx.session, ctx.input(0));
  const value = ctx.input(1);
  if (slot.value) checkDtype(ctx, slot.value.dtype, 'assign');
  slot.value = value;
  return [];
});

for (const [type, sign] of [['AssignAddVariableOp', 1], ['AssignSubVariableOp', -1]] as const) {
  registerKernel(type, 'CPU', (ctx) => {
    const { slot, value } = initialized(ctx, 'assign');
    const update = ctx.input(1);
    if (!sameShape(value.shape, update.shape)) {
      throw new InvalidArgumentError(ctx.op, ctx.op, `Cannot update variable with shape ${shapeString(value.shape)} using a Tensor with shape ${shapeString(update.shape)}, shapes must be equal.`);
    }
    slot.value = binaryMap(value, update, value.dtype, (x, y) => x + sign * y);
    return [];
  });
}

registerKernel('VarIsInitializedOp', 'CPU', (ctx) => [NDArray.from(resourceVariableSlot(ctx.session, ctx.input(0)).value !== null, bool)]);

registerKernel('VariableShape', 'CPU', (ctx) => {
  const slot = resourceVariableSlot(ctx.session, ctx.input(0));
  if (!slot.value) throw notFound(ctx);
  const outType = ctx.op.attrs.has('out_type') ? (ctx.attr('out_type') as DType) : int32;
  return [NDArray.from(slot.value.shape, outType)];
});

registerKernel('ResourceGather', 'CPU', (ctx) => {
  const { value } = initialized(ctx, 'read');
  if (ctx.op.attrs.has('batch_dims') && ctx.attr('batch_dims') !== 0) {
    throw new InvalidArgumentError(ctx.op, ctx.op, 'ResourceGather with batch_dims != 0 is not supported');
  }
  if (value.ndim < 1) throw new InvalidArgumentError(ctx.op, ctx.op, `params must be at least 1 dimensional, got a variable of shape ${shapeString(value.shape)}`);
  return [gatherAlong(value, ctx.input(1), 0)];
});

registerKernel('DestroyResourceOp', 'CPU', (ctx) => {
  const slot = resourceVariableSlot(ctx.session, ctx.input(0));
  const ignore = !ctx.op.attrs.has('ignore_lookup_error') || ctx.attr('ignore_lookup_error') === true;
  if (!slot.value && !ignore) {
    throw new NotFoundError(ctx.op, ctx.op, `Resource ${resourceKey(ctx.input(0))}/N10tensorflow3VarE does not exist.`);
  }
  slot.value = null;
  return [];
});
