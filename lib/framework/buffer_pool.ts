/**
 * Buffers of dead values kept for reuse. The executor hands back the storage of a step's output once every
 * consumer has run and nothing else can hold it (see runtime/executor.ts); the next allocation of the same
 * kind and length takes it, zeroed, instead of allocating anew. A training step then allocates its big
 * activations and gradients once, in its first run, and the process's memory stays flat over steps.
 */

/** Smaller buffers are not worth the bookkeeping: V8 allocates and collects them cheaply. */
export const MIN_POOLED_BYTES = 16 * 1024;
/** The most bytes the pool keeps by default; what does not fit is left to the garbage collector. */
export const DEFAULT_POOL_LIMIT_BYTES = 256 * 1024 * 1024;
let limitBytes = DEFAULT_POOL_LIMIT_BYTES;

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
 * The allocations of at least MIN_POOLED_BYTES made while a step's kernel runs: the executor may reuse
 * only buffers it saw allocated (a kernel's output, not a constant's value or a fed array).
 */
let recording: PooledArray[] | null = null;

/** Starts recording big allocations into `into` (emptied first); returns the recording it replaces. */
export function recordAllocations(into: PooledArray[] | null): PooledArray[] | null {
  const previous = recording;
  if (into) into.length = 0;
  recording = into;
  return previous;
}

/** A pooled buffer of that kind and length, zeroed, or null where the pool has none. */
export function reusedBuffer<T extends PooledArray>(ctor: new (n: number) => T, n: number): T | null {
  const buf = free.get(ctor)?.get(n)?.pop() as T | undefined;
  if (!buf) return null;
  pooledBytes -= buf.byteLength;
  buf.fill(0);
  bufferCounts.reused++;
  recording?.push(buf);
  return buf;
}

/** A new (zeroed) buffer of at least MIN_POOLED_BYTES, which the pool may take back once it is dead. */
export function newBuffer<T extends PooledArray>(ctor: new (n: number) => T, n: number): T {
  const buf = new ctor(n);
  bufferCounts.allocated++;
  recording?.push(buf);
  return buf;
}

/** Gives a buffer no one holds any more back to the pool (dropped where the pool is full). */
export function releaseBuffer(buf: PooledArray): void {
  if (pooledBytes + buf.byteLength > limitBytes) return;
  const ctor = buf.constructor as PooledCtor;
  let byLength = free.get(ctor);
  if (!byLength) free.set(ctor, byLength = new Map());
  let list = byLength.get(buf.length);
  if (!list) byLength.set(buf.length, list = []);
  list.push(buf);
  pooledBytes += buf.byteLength;
}

/** Sets the most bytes the pool keeps (0: no reuse), dropping what is over it; returns the previous limit. */
export function setBufferPoolLimit(bytes: number): number {
  const previous = limitBytes;
  limitBytes = bytes;
  if (pooledBytes > bytes) clearBufferPool();
  return previous;
}

/** Drops every pooled buffer (their memory goes back at the next garbage collection). */
export function clearBufferPool(): void {
  free.clear();
  pooledBytes = 0;
}

/** The bytes the pool holds now. */
export function pooledBufferBytes(): number { return pooledBytes; }
