/**
 * Kernel registry: how each op type is computed on each device type (TF's REGISTER_KERNEL_BUILDER).
 * What an op means lives in ops/; this file only maps (op type, device type) to code.
 */
import { Operation, AttrPlain } from '../framework/graph';
import { NDArray } from '../framework/ndarray';

/** A variable's storage in one session; a ref tensor's runtime value points at one. */
export class VariableSlot {
  value: NDArray | null = null;
  constructor(readonly name: string) {}
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
  attr(name: string): AttrPlain;
}

export type Kernel = (ctx: KernelContext) => RuntimeValue[];

export type DeviceType = 'CPU' | 'GPU';

const kernels = new Map<string, Kernel>();
const key = (type: string, device: DeviceType) => `${type}@${device}`;

export function registerKernel(type: string, device: DeviceType, kernel: Kernel): void {
  const k = key(type, device);
  if (kernels.has(k)) throw new Error(`Kernel for ${type} on ${device} is registered twice`);
  kernels.set(k, kernel);
}

export function getKernel(type: string, device: DeviceType): Kernel | undefined { return kernels.get(key(type, device)); }

export function hasKernel(type: string, device: DeviceType): boolean { return kernels.has(key(type, device)); }

/** Replaces a kernel (a faster implementation taking over from the reference one). */
export function overrideKernel(type: string, device: DeviceType, kernel: Kernel): void { kernels.set(key(type, device), kernel); }
