/**
 * The JavaScript heap budget of cells: the native heap guard (native/src/heap_guard.cc) stops a cell
 * whose heap grows beyond the memory budget (lib/framework/memory.ts, shared with tensor
 * allocations) or near V8's own limit, so the cell ends with ResourceExhaustedError instead of the
 * kernel dying with "JavaScript heap out of memory". It is optional: unbuilt, the kernel runs without it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ResourceExhaustedError } from '../../lib/framework/errors';
import { formatBytes, memoryLimitBytes } from '../../lib/framework/memory';
import { addonPath } from '../../lib/kernels/native/addon';

/** Any function: a guarded call passes on whatever arguments its caller got. */
export type GuardedFunction = (...args: never[]) => unknown;

interface HeapGuardAddon {
  /** Starts watching with this budget (0: V8's limit only); returns V8's heap limit in bytes. */
  watch(budgetBytes: number): number;
  /** Heap bytes in use when the limit was hit, or 0. */
  takeExhaustion(): number;
  /** Collects garbage, takes back the headroom given and watches again; returns V8's heap limit. */
  rearm(): number;
  /** Whether the cell runs after an await: its code is then terminated at the limit, as no SIGINT breaks it. */
  setAwaiting(awaiting: boolean): void;
  /** A full garbage collection that returns freed memory to the system (V8's pages, glibc's free blocks). */
  collectGarbage(): void;
  /** fn.apply(thisArg, args), except that code stopped at the heap limit throws `stopped` instead. */
  guardedCall(stopped: object, fn: GuardedFunction, thisArg: unknown, ...args: unknown[]): unknown;
}

/**
 * Array buffers (tensor values) above which a cell's end collects garbage: V8 does not count their
 * memory as heap, so a dropped 400 MB value would otherwise stay until some later collection.
 */
const COLLECT_ABOVE_BUFFER_BYTES = 64 * 2 ** 20;

/**
 * How long the kernel stays idle (after its start, or after a cell's reply) before it gives back the
 * memory its work left free: the compiler's and the cells' garbage, V8's emptied pages and glibc's free
 * blocks, which neither gives back by itself. An idle kernel is about 12 MiB smaller; a notebook run
 * cell after cell does not pay the collection between its cells.
 */
export const IDLE_RELEASE_MS = 2000;

export class HeapGuard {
  /** What a guarded call throws when the guard stopped it: an object no other code can throw. */
  private readonly stopped: object = Object.freeze({});

  private idleRelease: NodeJS.Timeout | undefined;
  /** Cells begun whose afterCell has not run yet (it runs just after the reply, when a next cell may have begun). */
  private cellsOpen = 0;

  private constructor(private readonly addon: HeapGuardAddon, readonly limitBytes: number) {}

  /** The guard watching the heap with the memory budget, or why there is none. */
  static start(budgetBytes?: number): HeapGuard | { reason: string } {
    const file = path.join(path.dirname(addonPath()), 'scopeflow_heap.node');
    if (!fs.existsSync(file)) return { reason: 'the heap guard is not built here (`node native/build.js` builds it): a cell that exhausts the JavaScript heap ends the kernel' };
    try {
      const req = module.require.bind(module) as (id: string) => unknown;
      const budget = budgetBytes ?? memoryLimitBytes();
      const addon = req(file) as HeapGuardAddon;
      return new HeapGuard(addon, Math.min(budget, addon.watch(budget)));
    } catch (e) {
      return { reason: `the heap guard did not start: ${String((e as Error).message).split('\n')[0]}` };
    }
  }

  /** Whether the heap limit stopped the code (an interrupt that the guard sent). */
  get exhausted(): boolean {
    return this.addon.takeExhaustion() > 0;
  }

  /** The error a stopped cell ends with. */
  describe(): { ename: string; evalue: string } {
    const used = this.addon.takeExhaustion();
    return {
      ename: 'ResourceExhaustedError',
      evalue: `the cell used more than ${formatBytes(this.limitBytes)} of JavaScript heap (${formatBytes(used)} when it was stopped); ` +
        'the bindings it made were dropped and the kernel and earlier cells\' variables live on (SCOPEFLOW_MEMORY_LIMIT sets the limit)',
    };
  }

  /**
   * Told while a cell awaits: a continuation (or a callback the cell started) that allocates without end
   * never lets the event loop take the guard's SIGINT, so the guard terminates that code itself.
   */
  setAwaiting(awaiting: boolean): void {
    this.addon.setAwaiting(awaiting);
  }

  /**
   * Calls a callback a cell started (a timer's, a promise reaction's) so that, at the heap limit, it
   * ends with a ResourceExhaustedError naming `who` instead of killing the kernel: the guard
   * terminates it and turns the termination back into this throw where it was entered, so Node's
   * timer and microtask machinery never unwinds a termination. `onStopped` runs when it was stopped.
   */
  call(fn: GuardedFunction, thisArg: unknown, args: readonly unknown[], who: string, onStopped?: () => void): unknown {
    try {
      return this.addon.guardedCall(this.stopped, fn, thisArg, ...args);
    } catch (thrown) {
      if (thrown !== this.stopped) throw thrown;
      onStopped?.();
      const used = this.addon.takeExhaustion();
      // Its allocations were on the stack that unwound: collect them and watch for the next time.
      this.recover();
      const message = `${who} used more than ${formatBytes(this.limitBytes)} of JavaScript heap (${formatBytes(used)} when it was stopped); ` +
        'it was stopped and the kernel and the cells\' variables live on (SCOPEFLOW_MEMORY_LIMIT sets the limit)';
      const error = new ResourceExhaustedError(null, null, message);
      // Where it was stopped says nothing (the kernel's frames): the traceback is the message.
      error.stack = `${error.name}: ${message}`;
      throw error;
    }
  }

  /** Before a cell: the idle release waits for the next idle time. */
  beforeCell(): void {
    this.cellsOpen++;
    clearTimeout(this.idleRelease);
    this.idleRelease = undefined;
  }

  /**
   * After a cell: gives the buffers of values it dropped back at once while buffers hold much memory,
   * and gives free memory back once the kernel has been idle for IDLE_RELEASE_MS.
   */
  afterCell(): void {
    if (process.memoryUsage().arrayBuffers >= COLLECT_ABOVE_BUFFER_BYTES) this.addon.collectGarbage();
    this.cellsOpen = Math.max(0, this.cellsOpen - 1);
    this.releaseWhenIdle();
  }

  /** Gives free memory back once the kernel has been idle for IDLE_RELEASE_MS (a new cell postpones it). */
  releaseWhenIdle(): void {
    if (this.cellsOpen > 0) return;
    clearTimeout(this.idleRelease);
    this.idleRelease = setTimeout(() => {
      this.idleRelease = undefined;
      this.addon.collectGarbage();
    }, IDLE_RELEASE_MS);
    // An idle kernel with nothing else to do still exits as it would have.
    this.idleRelease.unref();
  }

  /** After the stopped cell's values were let go: frees them and watches again. */
  recover(): void {
    this.addon.rearm();
  }
}
