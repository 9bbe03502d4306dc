/**
 * Buffers of dead values kept for reuse. The executor hands back the storage of a step's output once every
 * consumer has run and nothing else can hold it (see runtime/executor.ts), and a variable's previous value
 * once an optimizer update replaced it and no fetch or other op has seen it; the next allocation of the same
 * kind and length takes it, zeroed, instead of allocating anew. A training step then allocates its big
 * activations, gradients and updated weights once, in its first runs, and the process's memory stays flat.
 */

import { memoryLimitBytes } from './memory';

/** Smaller buffers are not worth the bookkeeping: V8 allocates and collects them cheaply. */
export const MIN_POOLED_BYTES = 16 * 1024;
/**
 * The share of the memory budget in force (memory.ts: SCOPEFLOW_MEMORY_LIMIT, or a session's
 * config.memory_limit while it runs) the pool keeps; what does not fit is left to the garbage collector.
 */
export const POOL_SHARE_OF_BUDGET = 0.25;
/** A limit set by setBufferPoolLimit, in place of the budget's share; null: the share. */
let limitOverride: number | null = null;

/** The most bytes the pool keeps now. */
export function bufferPoolLimit(): number {
  return limitOverride ?? Math.floor(memoryLimitBytes() * POOL_SHARE_OF_BUDGET);
}

/** A typed array, as the pool sees it. */
export interface PooledArray {
  readonly length: number;
  readonly byteLength: number;
  readonly buffer: ArrayBufferLike;
  fill(value: number): unknown;
}
type PooledCtor = new (n: number) => PooledArray;

const free = new Map<PooledCtor, Map<number, PooledArray[]>>();
let pooledBytes = 0;

/** How many big buffers were allocated anew and how many were taken from the pool, since the start. */
export const bufferCounts = { allocated: 0, reused: 0 };

/**
 * What the allocator and the kernels tell the run in progress: the big allocations of the kernel running
 * now (the executor may reuse only buffers it saw allocated: a kernel's output, not a constant's value or
 * a fed array) and the variable values that updates replaced (reusable once the run is over).
 */
export interface RunRecord {
  readonly fresh: PooledArray[];
  readonly retired: PooledArray[];
}

let current: RunRecord | null = null;

/**
 * Makes `record` the run in progress (null: none); returns the one it replaces, to be restored after.
 * A run under a smaller budget than the pool was filled for starts with the pool emptied.
 */
export function enterRun(record: RunRecord | null): RunRecord | null {
  const previous = current;
  current = record;
  if (record && pooledBytes > bufferPoolLimit()) clearBufferPool();
  return previous;
}

/** Buffers only a variable holds: values an optimizer update made, which no fetch or other op has seen. */
const heldByVariableOnly = new WeakSet<ArrayBufferLike>();

/** Marks the new value an update stores into a variable as held by that variable alone. */
export function markHeldByVariable(buf: PooledArray): void {
  if (buf.byteLength >= MIN_POOLED_BYTES) heldByVariableOnly.add(buf.buffer);
}

/** Something besides a variable may keep this buffer (a fetch returned it, an op stored it): never reuse it. */
export function markShared(buffer: ArrayBufferLike): void { heldByVariableOnly.delete(buffer); }

/** A variable's previous value, replaced by an update: the pool takes it after the run if the variable alone held it. */
export function retireVariableValue(buf: PooledArray): void {
  if (current && heldByVariableOnly.has(buf.buffer)) current.retired.push(buf);
}

/** At the end of a run (its fetches marked shared): pools the retired variable values no one else holds. */
export function finishRun(record: RunRecord): void {
  for (const buf of record.retired) if (heldByVariableOnly.delete(buf.buffer)) releaseBuffer(buf);
  record.retired.length = 0;
}

/**
 * A pooled buffer of that kind and length, zeroed unless `zeroed` is false (its caller writes every element:
 * zeroing would cost a pass over memory the kernel then writes again), or null where the pool has none.
 */
export function reusedBuffer<T extends PooledArray>(ctor: new (n: number) => T, n: number, zeroed = true): T | null {
  const buf = free.get(ctor)?.get(n)?.pop() as T | undefined;
  if (!buf) return null;
  pooledBytes -= buf.byteLength;
  if (zeroed) buf.fill(0);
  bufferCounts.reused++;
  current?.fresh.push(buf);
  return buf;
}

/** A new (zeroed) buffer of at least MIN_POOLED_BYTES, which the pool may take back once it is dead. */
export function newBuffer<T extends PooledArray>(ctor: new (n: number) => T, n: number): T {
  const buf = new ctor(n);
  bufferCounts.allocated++;
  current?.fresh.push(buf);
  return buf;
}

/** Gives a buffer no one holds any more back to the pool (dropped where the pool is full). */
export function releaseBuffer(buf: PooledArray): void {
  if (pooledBytes + buf.byteLength > bufferPoolLimit()) return;
  const ctor = buf.constructor as PooledCtor;
  let byLength = free.get(ctor);
  if (!byLength) free.set(ctor, byLength = new Map());
  let list = byLength.get(buf.length);
  if (!list) byLength.set(buf.length, list = []);
  list.push(buf);
  pooledBytes += buf.byteLength;
}

/**
 * Sets the most bytes the pool keeps (0: no reuse; null: the budget's share again), dropping what is over
 * it; returns the previous setting.
 */
export function setBufferPoolLimit(bytes: number | null): number | null {
  const previous = limitOverride;
  limitOverride = bytes;
  if (pooledBytes > bufferPoolLimit()) clearBufferPool();
  return previous;
}

/** Drops every pooled buffer (their memory goes back at the next garbage collection). */
export function clearBufferPool(): void {
  free.clear();
  pooledBytes = 0;
}

/** The bytes the pool holds now. */
export function pooledBufferBytes(): number { return pooledBytes; }
