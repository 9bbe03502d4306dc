/**
 * Kernel registry: how each op type is computed on each device type (TF's REGISTER_KERNEL_BUILDER).
 * What an op means lives in ops/; this file only maps (op type, device type, backend) to code, and
 * chooses among a device's backends at lookup by the device's backend order.
 */
import { Operation, AttrPlain } from '../framework/graph';
import { NDArray } from '../framework/ndarray';
import { DeferredArray } from '../framework/deferred_array';
import { markHeldByVariable, retireVariableValue } from '../framework/buffer_pool';
import { resource } from '../framework/dtypes';
import { UnimplementedError } from '../framework/errors';
import { OpType } from '../framework/op_types';

/** A variable's storage in one session; a ref tensor's runtime value points at one. */
export class VariableSlot {
  value: NDArray | null = null;
  constructor(readonly name: string) {}

  /**
   * Stores the new array an update kernel (ApplyAdam ...) computed: the variable alone holds it, and the
   * previous value goes back to the buffer pool after the run if the variable alone held that one.
   */
  update(value: NDArray): void {
    const previous = this.value;
    if (previous && !(previous instanceof DeferredArray) && !Array.isArray(previous.data)) retireVariableValue(previous.data);
    if (!(value instanceof DeferredArray) && !Array.isArray(value.data)) markHeldByVariable(value.data);
    this.value = value;
  }
}

/** The runtime value of a ref-typed output (VariableV2, Assign ...). */
export class RefValue {
  constructor(readonly slot: VariableSlot) {}
}

/**
 * The value on the untaken side of a conditional (TF's "dead" tensor): ops fed by one do not run and
 * are dead themselves, except those that merge branches.
 */
export const DEAD: unique symbol = Symbol('dead');

export type RuntimeValue = NDArray | RefValue | typeof DEAD;

/** A table of one kind of resource (stacks, lookup tables) per session, by handle key. */
export function sessionTable<T>(): (session: KernelSession) => Map<string, T> {
  const tables = new WeakMap<KernelSession, Map<string, T>>();
  return (session) => {
    let m = tables.get(session);
    if (!m) tables.set(session, m = new Map());
    return m;
  };
}

/** A resource handle (an iterator, a stack): a scalar `resource` value naming the resource by `key`. */
export function resourceHandle(key: string): NDArray { return new NDArray(resource, [], [new TextEncoder().encode(key)]); }
/**
 * The key a resource handle names: a resource scalar, or the [container, name] string vector a pre-V2
 * queue or reader node outputs as its Ref(string) handle (see handleOutput).
 */
export function resourceKey(handle: NDArray): string {
  const parts = (handle.data as Uint8Array[]).map((b) => new TextDecoder().decode(b));
  return handle.dtype === resource ? parts[0] : parts.join('/');
}

/**
 * Where the resource of a handle-making kernel lives (a queue, a reader): its container (`localhost` when
 * none is given) and its shared_name, else its node's name; `key` is what resourceKey reads from its handle.
 */
export function resourceSlot(ctx: KernelContext): { container: string; name: string; key: string } {
  const container = String(ctx.attr('container') ?? '') || 'localhost';
  const name = String(ctx.attr('shared_name') ?? '') || ctx.op.name;
  return { container, name, key: `${container}/${name}` };
}

/**
 * The handle a resource-making kernel outputs for `slot`: a resource scalar for the V2 ops, TF's
 * [container, name] string vector for the pre-V2 ops, whose handle output is a Ref(string).
 */
export function handleOutput(ctx: KernelContext, slot: { container: string; name: string; key: string }): NDArray {
  if (ctx.op.outputs[0].dtype === resource) return resourceHandle(slot.key);
  const encoder = new TextEncoder();
  return new NDArray(ctx.op.outputs[0].dtype.base_dtype, [2], [encoder.encode(slot.container), encoder.encode(slot.name)]);
}

/**
 * The session slot of the resource variable a handle names (what VarHandleOp hands out, and
 * ReadVariableOp, AssignVariableOp and the ResourceApply ops take).
 */
export function resourceVariableSlot(session: KernelSession, handle: NDArray): VariableSlot {
  return session.variable(`resource:${resourceKey(handle)}`);
}

/**
 * `ctx` with its first `count` inputs, resource handles, served as the variable slots they name: a
 * ResourceApply op runs its Apply op's kernel, whose written inputs are refs at the same positions.
 */
export function withHandlesAsRefs(ctx: KernelContext, count: number): KernelContext {
  return {
    op: ctx.op, session: ctx.session, numInputs: ctx.numInputs, frame: ctx.frame,
    input: (i) => ctx.input(i),
    ref: (i) => (i < count ? resourceVariableSlot(ctx.session, ctx.input(i)) : ctx.ref(i)),
    isDead: (i) => ctx.isDead(i),
    attr: (name) => ctx.attr(name),
  };
}

/** Per-session state a kernel may need: variables and per-op persistent state (RNG streams). */
export interface KernelSession {
  /** The slot for a variable, created empty on first use. */
  variable(name: string): VariableSlot;
  /** State kept for this op across runs of this session, created by `init` on first use. */
  opState<T>(op: Operation, init: () => T): T;
}

export interface KernelContext {
  readonly op: Operation;
  readonly session: KernelSession;
  /** Input i as a value (ref inputs already read; uninitialized reads raise before the kernel). */
  input(i: number): NDArray;
  /** Input i as a variable slot (only for inputs the op schema lists as ref inputs). */
  ref(i: number): VariableSlot;
  readonly numInputs: number;
  /** Whether input i is dead (only ops whose schema accepts dead inputs ever see one). */
  isDead(i: number): boolean;
  /** The while-loop frame and iteration the kernel runs in (`''` and 0 outside loops). */
  readonly frame: { readonly name: string; readonly iteration: number };
  attr(name: string): AttrPlain;
}

export type Kernel = (ctx: KernelContext) => RuntimeValue[];
/**
 * A kernel of an accelerated backend: it returns null for a case it does not handle (a dtype, a layout,
 * a size where it would be slower), and the next backend in the device's order runs that case.
 */
export type PartialKernel = (ctx: KernelContext) => RuntimeValue[] | null;

export type DeviceType = 'CPU' | 'GPU';

/**
 * Each device's kernel backends, preferred first. The last one is the device's base backend: its kernels
 * handle every case (errors included) and never decline. CPU: a native (C++) backend, XNNPACK through
 * tfjs-backend-wasm, then the reference TypeScript kernels; GPU: gpu.js.
 */
export const DEVICE_BACKENDS = {
  CPU: ['native', 'wasm', 'reference'],
  GPU: ['gpujs'],
} as const satisfies Record<DeviceType, readonly string[]>;
export type BackendName<D extends DeviceType = DeviceType> = (typeof DEVICE_BACKENDS)[D][number];

type Registration = { readonly kernel: PartialKernel; readonly partial: boolean };
/** op type → device → backend → kernel; kernels are combined at lookup, so registration order never matters. */
const kernels = new Map<string, Map<DeviceType, Map<string, Registration>>>();

function register(type: string, device: DeviceType, backend: string, registration: Registration): void {
  let byDevice = kernels.get(type);
  if (!byDevice) kernels.set(type, byDevice = new Map());
  let byBackend = byDevice.get(device);
  if (!byBackend) byDevice.set(device, byBackend = new Map());
  if (byBackend.has(backend)) throw new Error(`Kernel for ${type} on ${device} (${backend}) is registered twice`);
  byBackend.set(backend, registration);
}

/** Registers the kernel of `type` on `device` in the device's base backend (the reference CPU kernels, gpu.js). */
export function registerKernel(type: OpType, device: DeviceType, kernel: Kernel): void {
  const backends = DEVICE_BACKENDS[device];
  register(type, device, backends[backends.length - 1], { kernel, partial: false });
}

/** Registers an accelerated kernel of `type`, which may decline a case (see PartialKernel). */
export function registerAcceleratedKernel<D extends DeviceType>(type: OpType, device: D, backend: BackendName<D>, kernel: PartialKernel): void {
  const backends: readonly string[] = DEVICE_BACKENDS[device];
  if (backend === backends[backends.length - 1]) throw new Error(`${backend} is ${device}'s base backend: register its kernels with registerKernel`);
  register(type, device, backend, { kernel, partial: true });
}

/**
 * The CPU backend order for a `SCOPEFLOW_CPU` setting (read once, at the first kernel lookup):
 * `native|wasm|reference` forces one backend (with the reference kernels behind it for the cases it
 * declines or lacks); unset, every backend in DEVICE_BACKENDS order.
 */
export function cpuBackendOrder(forced: string | undefined): readonly string[] {
  const all: readonly string[] = DEVICE_BACKENDS.CPU;
  if (forced === undefined || forced === '') return all;
  if (!all.includes(forced)) throw new Error(`SCOPEFLOW_CPU=${forced} is not a CPU backend: use one of ${all.join(', ')}`);
  return forced === 'reference' ? ['reference'] : [forced, 'reference'];
}

/** `SCOPEFLOW_CPU`, or `reference` for the older `SCOPEFLOW_FAST_CPU=off` when SCOPEFLOW_CPU is unset. */
export function cpuSetting(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (env.SCOPEFLOW_CPU) return env.SCOPEFLOW_CPU;
  return env.SCOPEFLOW_FAST_CPU === 'off' ? 'reference' : undefined;
}

const orders = new Map<DeviceType, readonly string[]>();

/** The backends kernels of `device` are taken from, preferred first. */
export function backendOrder(device: DeviceType): readonly string[] {
  let order = orders.get(device);
  if (!order) orders.set(device, order = device === 'CPU' ? cpuBackendOrder(cpuSetting(process.env)) : DEVICE_BACKENDS[device]);
  return order;
}

/**
 * Runs `fn` with the kernels of `device` taken from `order` only (for plans built inside it), e.g. the
 * reference CPU kernels as the oracle of a fast backend's tests, then restores the previous order.
 */
export function withBackendOrder<D extends DeviceType, R>(device: D, order: readonly BackendName<D>[], fn: () => R): R {
  const previous = backendOrder(device);
  orders.set(device, order);
  try { return fn(); } finally { orders.set(device, previous); }
}

/**
 * The kernel that runs `type` on `device`: the kernels of the device's backends in order, each declining
 * case passed to the next. With `backend`, only that backend's own kernel (which may decline).
 */
export function getKernel(type: string, device: DeviceType): Kernel | undefined;
export function getKernel(type: string, device: DeviceType, backend: string): PartialKernel | undefined;
export function getKernel(type: string, device: DeviceType, backend?: string): PartialKernel | undefined {
  const byBackend = kernels.get(type)?.get(device);
  if (!byBackend) return undefined;
  if (backend !== undefined) return byBackend.get(backend)?.kernel;
  const chain: [string, Registration][] = [];
  for (const b of backendOrder(device)) {
    const r = byBackend.get(b);
    if (r) chain.push([b, r]);
  }
  if (chain.length === 0) return undefined;
  if (chain.length === 1 && !chain[0][1].partial) return chain[0][1].kernel;
  const tries = chain.map(([, r]) => r.kernel);
  return (ctx) => {
    for (let i = 0; i < tries.length; i++) {
      const out = tries[i](ctx);
      if (out) return out;
    }
    throw new UnimplementedError(ctx.op, ctx.op, `No ${device} kernel handles ${type} node '${ctx.op.name}' here: the ${chain.map(([b]) => b).join(', ')} kernels declined it`);
  };
}

/** Whether `type` has a kernel on `device` in any backend of the device's order. */
export function hasKernel(type: string, device: DeviceType): boolean { return getKernel(type, device) !== undefined; }

/** Op types with a kernel of `backend` on `device`, sorted. */
export function kernelTypes(device: DeviceType, backend: string): string[] {
  return [...kernels].filter(([, byDevice]) => byDevice.get(device)?.has(backend)).map(([type]) => type).sort();
}
