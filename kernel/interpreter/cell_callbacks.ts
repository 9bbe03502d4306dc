/**
 * The callbacks cells start (timers, microtasks, promise reactions): which cell started each one, so a
 * throw from it is reported under that cell's number, and, with the heap guard, a callback that
 * exhausts the JavaScript heap ends with ResourceExhaustedError instead of the kernel.
 *
 * The cell that started a callback is tracked by hand rather than with AsyncLocalStorage: its async
 * hooks push an async context for every promise reaction, and the guard's (or an interrupt's)
 * termination of an awaiting cell's busy continuation would leave that stack unbalanced, which
 * aborts the process. V8's own promise hooks keep no such stack: promises are tagged with the cell
 * whose code made them, and the timers a cell sees carry the cell that set them.
 */
import { promiseHooks } from 'v8';
import type { GuardedFunction, HeapGuard } from './heap_guard';

/** The execution count of the cell whose code made a promise. */
const ORIGIN = Symbol('scopeflow.cellOrigin');
type Tagged = { [ORIGIN]?: number };

/** The scheduling functions a cell's code sees in place of the global ones. */
export interface CellTimers {
  setTimeout: typeof setTimeout;
  setInterval: typeof setInterval;
  setImmediate: typeof setImmediate;
  queueMicrotask: typeof queueMicrotask;
}

/** Reports a throw from a callback; `origin` is the execution count of the cell that started it, if known. */
export type CallbackReporter = (thrown: unknown, source: string, origin: number | undefined) => void;

export class CellCallbacks {
  /** The cell whose code runs now: a cell's synchronous part, a callback it started, a reaction of its promises. */
  private running: number | undefined;
  /** The timers cells see (the global ones, their callbacks run as the cell that set them). */
  readonly timers: CellTimers;

  constructor(private readonly heapGuard: HeapGuard | undefined, private readonly report: CallbackReporter) {
    // Not inherited from a parent promise: the kernel's own reactions to a cell's promise are not the cell's.
    promiseHooks.onInit((promise) => {
      if (this.running !== undefined) (promise as Tagged)[ORIGIN] = this.running;
    });
    // Reactions never nest (they run from an empty stack), so the one that ends leaves no cell running.
    promiseHooks.onBefore((promise) => { this.running = (promise as Tagged)[ORIGIN]; });
    promiseHooks.onAfter(() => { this.running = undefined; });
    if (heapGuard) this.guardPromiseReactions(heapGuard);
    this.timers = {
      setTimeout: this.scheduler(setTimeout, 'setTimeout', false),
      setInterval: this.scheduler(setInterval, 'setInterval', true),
      setImmediate: this.scheduler(setImmediate, 'setImmediate', false),
      queueMicrotask: this.scheduler(queueMicrotask, 'queueMicrotask', false),
    };
  }

  /** The execution count of the cell whose code runs now, if any. */
  get current(): number | undefined {
    return this.running;
  }

  /** The cell whose code made `promise` (a rejection nobody handled), if a cell did. */
  originOf(promise: unknown): number | undefined {
    try {
      return typeof promise === 'object' && promise !== null ? (promise as Tagged)[ORIGIN] : undefined;
    } catch {
      return undefined;
    }
  }

  /** Runs a cell's synchronous part as cell `count`: what it schedules and the promises it makes are its own. */
  runAs<T>(count: number | undefined, run: () => T): T {
    const previous = this.running;
    this.running = count;
    try {
      return run();
    } finally {
      this.running = previous;
    }
  }

  /**
   * A scheduling function whose callbacks run as the cell that called it. A throw is reported under that
   * cell (Node would only hand it to 'uncaughtException', without knowing the cell); an interval that
   * exhausted the heap is cleared, as its next tick would do the same.
   */
  private scheduler<S extends object>(scheduler: S, name: string, repeating: boolean): S {
    const callbacks = this;
    const schedule = scheduler as unknown as GuardedFunction;
    const scheduled = function (this: unknown, callback: unknown, ...rest: unknown[]): unknown {
      if (typeof callback !== 'function') return Reflect.apply(schedule, this, [callback, ...rest]);
      const origin = callbacks.running;
      let handle: unknown;
      const who = `a ${name} callback of ${origin === undefined ? 'a cell' : `cell[${origin}]`}${repeating ? ' (its interval was cleared)' : ''}`;
      const onStopped = repeating ? () => clearInterval(handle as NodeJS.Timeout) : undefined;
      const run = function (this: unknown, ...args: unknown[]): void {
        const previous = callbacks.running;
        callbacks.running = origin;
        try {
          callbacks.call(callback as GuardedFunction, this, args, who, onStopped);
        } catch (thrown) {
          callbacks.report(thrown, 'a callback', origin);
        } finally {
          callbacks.running = previous;
        }
      };
      handle = Reflect.apply(schedule, this, [run, ...rest]);
      return handle;
    };
    // Name, length and util.promisify's custom form (timers/promises) stay those of Node's function.
    Object.defineProperties(scheduled, Object.getOwnPropertyDescriptors(scheduler));
    return scheduled as unknown as S;
  }

  private call(fn: GuardedFunction, thisArg: unknown, args: readonly unknown[], who: string, onStopped?: () => void): unknown {
    return this.heapGuard ? this.heapGuard.call(fn, thisArg, args, who, onStopped) : Reflect.apply(fn, thisArg, args);
  }

  /**
   * `then` (and so `catch`, `finally`, Promise.all's reactions) called by a cell's code runs its reactions
   * inside the heap guard: a reaction that exhausts the heap rejects its promise with ResourceExhaustedError.
   * Reactions the kernel's own code adds are left as they are.
   */
  private guardPromiseReactions(heapGuard: HeapGuard): void {
    const then = Promise.prototype.then;
    const callbacks = this;
    const guarded = (reaction: unknown, origin: number): unknown => {
      if (typeof reaction !== 'function') return reaction;
      const who = `a promise callback of cell[${origin}]`;
      return function (this: unknown, value: unknown): unknown {
        return heapGuard.call(reaction as GuardedFunction, this, [value], who);
      };
    };
    const guardedThen = function <T, R1, R2>(
      this: Promise<T>, onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null, onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
    ): Promise<R1 | R2> {
      const origin = callbacks.running;
      if (origin === undefined) return Reflect.apply(then, this, [onFulfilled, onRejected]) as Promise<R1 | R2>;
      return Reflect.apply(then, this, [guarded(onFulfilled, origin), guarded(onRejected, origin)]) as Promise<R1 | R2>;
    };
    Object.defineProperty(guardedThen, 'name', { value: 'then' });
    Object.defineProperty(Promise.prototype, 'then', { value: guardedThen, writable: true, configurable: true, enumerable: false });
  }
}
