/**
 * The memory budget of the process: one setting for tensor allocations (an allocation that would go
 * beyond it raises TF's ResourceExhaustedError before anything is allocated) and for the kernel's
 * JavaScript heap (a cell that grows the heap beyond it is stopped with the same error).
 *
 * The budget is `SCOPEFLOW_MEMORY_LIMIT` (bytes, or a size such as `2GiB`, `1.5G`, `512MiB`) or, by
 * default, half of the machine's memory; a session's `config.memory_limit` sets it for that session's runs.
 */
import * as os from 'os';
import { ResourceExhaustedError } from './errors';

/** The share of the machine's memory a kernel may use when nothing else is set. */
const DEFAULT_SHARE = 0.5;
/** Allocations below this size skip the resident-memory check (reading it costs a system call). */
const CHECK_RESIDENT_FROM_BYTES = 1 << 20;

const UNITS: Record<string, number> = {
  '': 1, b: 1,
  k: 1e3, kb: 1e3, kib: 2 ** 10,
  m: 1e6, mb: 1e6, mib: 2 ** 20,
  g: 1e9, gb: 1e9, gib: 2 ** 30,
  t: 1e12, tb: 1e12, tib: 2 ** 40,
};

/** Bytes of a size written as `1073741824`, `1e9`, `2GiB`, `1.5 G` or `512mb`; throws a RangeError naming the text otherwise. */
export function parseMemorySize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?(?:e\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
  if (!m || unit === undefined || !(Number(m[1]) > 0)) {
    throw new RangeError(`a memory size must be a positive number of bytes or a size such as 2GiB, 1.5G or 512MiB, got ${JSON.stringify(text)}`);
  }
  return Math.floor(Number(m[1]) * unit);
}

/** The budget from the environment (SCOPEFLOW_MEMORY_LIMIT), else the default share of the machine's memory. */
export function configuredMemoryLimit(): number {
  const setting = process.env.SCOPEFLOW_MEMORY_LIMIT;
  if (setting === undefined || setting.trim() === '') return Math.floor(os.totalmem() * DEFAULT_SHARE);
  try {
    return parseMemorySize(setting);
  } catch (e) {
    throw new RangeError(`SCOPEFLOW_MEMORY_LIMIT: ${(e as Error).message}`);
  }
}

let processLimit: number | undefined;
/** The budget of the session running now (sessions with `config.memory_limit`), innermost last. */
const sessionLimits: number[] = [];

/** The budget in force now, in bytes. */
export function memoryLimitBytes(): number {
  if (sessionLimits.length > 0) return sessionLimits[sessionLimits.length - 1];
  processLimit ??= configuredMemoryLimit();
  return processLimit;
}

/** Runs `run` with `limit` (bytes, or a size text) as the budget, as a session with `config.memory_limit` does. */
export function withMemoryLimit<T>(limit: number | string | undefined, run: () => T): T {
  if (limit === undefined) return run();
  const bytes = typeof limit === 'string' ? parseMemorySize(limit) : limit;
  if (!(bytes > 0) || !Number.isFinite(bytes)) throw new RangeError(`config.memory_limit must be a positive number of bytes or a size such as '2GiB', got ${String(limit)}`);
  sessionLimits.push(bytes);
  try { return run(); } finally { sessionLimits.pop(); }
}

/** `1.5 GiB`, `200 MiB`, `512 bytes`. */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of [['TiB', 2 ** 40], ['GiB', 2 ** 30], ['MiB', 2 ** 20], ['KiB', 2 ** 10]] as const) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(2))} ${unit}`;
  }
  return `${bytes} bytes`;
}

/**
 * Raises TF's ResourceExhaustedError, with TF's OOM message, when `bytes` for a tensor of `shape`
 * and `dtypeName` would take the process beyond its budget. The executor adds the op's name.
 */
export function checkTensorAllocation(shape: readonly number[], dtypeName: string, bytes: number): void {
  const limit = memoryLimitBytes();
  if (bytes < CHECK_RESIDENT_FROM_BYTES && bytes <= limit) return;
  const resident = process.memoryUsage.rss();
  if (bytes <= limit - resident) return;
  throw new ResourceExhaustedError(null, null,
    `OOM when allocating tensor with shape[${shape.join(',')}] and type ${dtypeName} on /job:localhost/replica:0/task:0/device:CPU:0 by allocator cpu: ` +
    `${bytes} bytes (${formatBytes(bytes)}) needed, ${formatBytes(Math.max(0, limit - resident))} left of the memory limit of ${formatBytes(limit)} ` +
    `(the process uses ${formatBytes(resident)}; set SCOPEFLOW_MEMORY_LIMIT or a session's config.memory_limit to change it)`);
}
