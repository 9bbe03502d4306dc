/**
 * Reference CPU kernels of the stack ops: each run of a StackV2 node makes a new stack in the session,
 * named by its handle; pushes and pops act on the stack their handle names.
 */
import { InvalidArgumentError } from '../../framework/errors';
import { DType } from '../../framework/dtypes';
import { NDArray } from '../../framework/ndarray';
import { KernelContext, KernelSession, registerKernel, resourceHandle, resourceKey } from '../registry';

interface Stack { readonly name: string; readonly elemType: DType; readonly maxSize: number; readonly values: NDArray[]; closed: boolean }
const stacksOf = new WeakMap<KernelSession, Map<string, Stack>>();

function stacks(session: KernelSession): Map<string, Stack> {
  let m = stacksOf.get(session);
  if (!m) stacksOf.set(session, m = new Map());
  return m;
}

function stackOf(ctx: KernelContext): Stack {
  const key = resourceKey(ctx.input(0));
  const s = stacks(ctx.session).get(key);
  if (!s || s.closed) throw new InvalidArgumentError(ctx.op, ctx.op, `Stack ${key} does not exist or has been closed (it is made by running its StackV2 op in the same step)`);
  return s;
}

registerKernel('StackV2', 'CPU', (ctx) => {
  // One stack per execution: a StackV2 inside a loop makes one per frame and iteration.
  const frame = ctx.frame.name ? `;${ctx.frame.name}:${ctx.frame.iteration}` : '';
  const key = `${ctx.op.name}${frame}`;
  const name = String(ctx.attr('stack_name')) || ctx.op.name;
  stacks(ctx.session).set(key, { name, elemType: ctx.attr('elem_type') as DType, maxSize: Number(ctx.input(0).item()), values: [], closed: false });
  return [resourceHandle(key)];
});

registerKernel('StackPushV2', 'CPU', (ctx) => {
  const s = stackOf(ctx);
  const elem = ctx.input(1);
  if (elem.dtype !== s.elemType) throw new InvalidArgumentError(ctx.op, ctx.op, `Stack[${s.name}] holds ${s.elemType.name} values; cannot push a ${elem.dtype.name} value`);
  if (s.maxSize >= 0 && s.values.length >= s.maxSize) throw new InvalidArgumentError(ctx.op, ctx.op, `Stack[${s.name}] overflowed its max_size (${s.maxSize})`);
  s.values.push(elem);
  return [elem];
});

registerKernel('StackPopV2', 'CPU', (ctx) => {
  const s = stackOf(ctx);
  const v = s.values.pop();
  if (!v) throw new InvalidArgumentError(ctx.op, ctx.op, `Stack[${s.name}] is empty.`);
  return [v];
});

registerKernel('StackCloseV2', 'CPU', (ctx) => {
  const key = resourceKey(ctx.input(0));
  stacks(ctx.session).delete(key);
  return [];
});
