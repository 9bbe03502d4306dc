/**
 * The deadline of the session run in progress: `RunOptions.timeout_in_ms`, else the session's
 * `ConfigProto.operation_timeout_in_ms`. TF's DirectSession waits that long for the run's executors and then
 * fails the run with DEADLINE_EXCEEDED; here runs are synchronous, so the executor checks the deadline
 * between ops, and a blocking queue op, which nothing could unblock while the run holds the only thread,
 * ends with that error at once.
 */
import { DeadlineExceededError } from './errors';

/** The current run's deadline on `performance.now()`'s clock; Infinity when it has none. */
let current = Infinity;

/** Runs `run` with a deadline `timeoutMs` from now (none when it is 0 or less, TF's "no timeout"). */
export function withDeadline<T>(timeoutMs: number, run: () => T): T {
  const outer = current;
  // A run inside a run (a queue runner's step) has only its own deadline, as TF's threads do.
  current = timeoutMs > 0 ? performance.now() + timeoutMs : Infinity;
  try { return run(); } finally { current = outer; }
}

/** The deadline of the run in progress (Infinity: none). */
export function runDeadline(): number { return current; }

/** The errors `timedOut` made: the run's, not an op's, so the executor names no node in them. */
const timeouts = new WeakSet<object>();

/** TF's error for a run that outlived its timeout (the session's status, naming no op). */
export function timedOut(): Error {
  const e = new DeadlineExceededError(null, null, 'Timed out waiting for notification');
  timeouts.add(e);
  return e;
}

/** Whether `e` is a run's timeout error (from `timedOut`). */
export function isRunTimeout(e: unknown): boolean {
  return typeof e === 'object' && e !== null && timeouts.has(e);
}

/** Throws TF's timeout error when `deadline` (from `runDeadline`) has passed. */
export function checkDeadline(deadline: number): void {
  if (deadline !== Infinity && performance.now() > deadline) throw timedOut();
}
