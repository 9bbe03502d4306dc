/**
 * Queue-runner "threads" without threads. TF runs each QueueRunner enqueue loop on a Python thread that
 * blocks beside the training loop. Here `sess.run` is synchronous and a cell's code is the only code
 * running, so a producer could never run while the consumer waits. Instead a started producer registers
 * with its session as a cooperative thread, and a queue kernel whose dequeue would block runs the
 * threads that feed that queue, one step (one run of an enqueue op) at a time, round robin, until the
 * dequeue can be served or none of them can go on (all finished, or their queue full). A dequeue that
 * still cannot be served then fails at once instead of waiting for ever (nothing else could fill the
 * queue), so no cell hangs. Only producers step here: the consumer is always the user's own run.
 */
import { KernelSession } from './registry';
import { checkDeadline, runDeadline } from '../framework/deadline';

export interface CooperativeThread {
  readonly name: string;
  /** The handle key of the queue this thread enqueues to (resolved on first use). */
  target(): string;
  /** Whether one step now could make progress: not finished, not mid-step, its queue has room. */
  runnable(): boolean;
  /** Runs one iteration of the thread's loop (it finishes itself when its loop ends). */
  step(): void;
  is_alive(): boolean;
}

const registries = new WeakMap<KernelSession, CooperativeThread[]>();
/** Bumped by every queue change, so a driver can tell steps that change nothing (a thread that never enqueues). */
let progress = 0;
/** How many steps in a row may change no queue before a driver gives up: such a thread would block for ever. */
const IDLE_STEPS = 1000;
/** How deep producers are running inside one another's steps (an enqueue in a step may wait as TF's would). */
let stepDepth = 0;

export function noteQueueProgress(): void { progress++; }

/** Whether the code running now is a producer's step (its enqueue may overfill a queue: a blocked enqueue). */
export function inProducerStep(): boolean { return stepDepth > 0; }

export function registerThread(session: KernelSession, thread: CooperativeThread): void {
  let list = registries.get(session);
  if (!list) registries.set(session, list = []);
  list.push(thread);
}

/** The session's threads that are still alive. */
export function liveThreads(session: KernelSession): CooperativeThread[] {
  const list = registries.get(session) ?? [];
  const alive = list.filter((t) => t.is_alive());
  registries.set(session, alive);
  return alive;
}

/**
 * Steps the live threads feeding queue `key` (all live threads when null) until `satisfied()`; returns
 * whether it is. Steps rotate over the threads, so each producer of a queue gets its turn as TF's do.
 */
export function driveThreads(session: KernelSession, key: string | null, satisfied: () => boolean): boolean {
  let idle = 0;
  let turn = 0;
  // The run waiting here keeps its deadline while producers step (each of their runs has its own).
  const deadline = runDeadline();
  while (!satisfied()) {
    checkDeadline(deadline);
    const candidates = liveThreads(session).filter((t) => (key === null || t.target() === key) && t.runnable());
    if (candidates.length === 0 || idle >= IDLE_STEPS) return false;
    const thread = candidates[turn++ % candidates.length];
    const before = progress;
    stepDepth++;
    try { thread.step(); } finally { stepDepth--; }
    idle = progress === before ? idle + 1 : 0;
  }
  return true;
}
