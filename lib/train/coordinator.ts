/**
 * tf.train.Coordinator: how the training loop and the queue-runner threads agree to stop. One stop request
 * ends them all; the first error reported with it (other than the clean-stop types, OutOfRangeError by
 * default) is re-raised by `join` and `raise_requested_exception`. The threads here are cooperative (see
 * lib/kernels/producers.ts): `join` and `wait_for_stop` run them until they end or a stop is requested,
 * where TF's would sleep while real threads run.
 */
import { OutOfRangeError, RuntimeError } from '../framework/errors';
import { pythonClass, pythonFunction, PythonFunction } from '../framework/python_signature';
import { KernelSession } from '../kernels/registry';
import { driveThreads } from '../kernels/producers';
import * as logging from './logging';

/** What a coordinator can join: TF's threading.Thread surface. */
export interface ThreadLike {
  readonly name: string;
  is_alive(): boolean;
  /** The session whose runs step this thread, for cooperative threads. */
  readonly _session?: KernelSession;
}

type ErrorClass = abstract new (...args: never[]) => Error;

const JOIN_PARAMS = ['threads=None', 'stop_grace_period_secs=120', 'ignore_live_threads=False'] as const;
const REQUEST_STOP_PARAMS = ['ex=None'] as const;
const WAIT_PARAMS = ['timeout=None'] as const;

export class CoordinatorImpl {
  private readonly cleanStopTypes: readonly ErrorClass[];
  private stopRequested = false;
  private excToRaise: Error | null = null;
  private joinedFlag = false;
  private registered = new Set<ThreadLike>();
  private readonly onStop: (() => void)[] = [];

  constructor(options: { clean_stop_exception_types?: readonly ErrorClass[] | null } = {}) {
    this.cleanStopTypes = options.clean_stop_exception_types ?? [OutOfRangeError];
  }

  /** Whether a stop was requested. */
  should_stop(): boolean { return this.stopRequested; }

  get joined(): boolean { return this.joinedFlag; }

  declare request_stop: PythonFunction<typeof REQUEST_STOP_PARAMS, (ex?: unknown) => void, 1>;
  declare join: PythonFunction<typeof JOIN_PARAMS, (threads?: readonly ThreadLike[] | null, options?: { stop_grace_period_secs?: number; ignore_live_threads?: boolean }) => void, 1>;
  declare wait_for_stop: PythonFunction<typeof WAIT_PARAMS, (timeout?: number | null) => boolean, 1>;

  /** Forgets a stop request (and its exception) so the coordinator can be used again. */
  clear_stop(): void {
    this.joinedFlag = false;
    this.excToRaise = null;
    this.stopRequested = false;
  }

  /** Raises the exception reported with the stop request, if any. */
  raise_requested_exception(): void {
    if (this.excToRaise) throw this.excToRaise;
  }

  /** Adds a thread for `join` to wait for. */
  register_thread(thread: ThreadLike): void { this.registered.add(thread); }

  /**
   * Python's `with coord.stop_on_exception():` as a callback: an exception inside `fn` requests a stop
   * with it (and is not raised further, as TF's context manager swallows it); returns what `fn` returns.
   */
  stop_on_exception<R>(fn: () => R): R | undefined {
    try { return fn(); } catch (e) { this.request_stop(e); return undefined; }
  }

  /** @internal Runs `fn` once, when a stop is requested (a QueueRunner's cancel op). */
  _on_stop(fn: () => void): void {
    if (this.stopRequested) fn();
    else this.onStop.push(fn);
  }

  static {
    const p = this.prototype;
    p.request_stop = pythonFunction('request_stop', REQUEST_STOP_PARAMS, 1, function request_stop(this: CoordinatorImpl, ex: unknown = null): void {
      if (this.stopRequested) return;
      if (ex instanceof Error && this.excToRaise === null) {
        if (!this.cleanStopTypes.some((c) => ex instanceof c)) {
          logging.info('Error reported to Coordinator: %s', ex.message);
          this.excToRaise = ex;
        }
      }
      this.stopRequested = true;
      for (const fn of this.onStop.splice(0)) fn();
    });
    p.wait_for_stop = pythonFunction('wait_for_stop', WAIT_PARAMS, 1, function wait_for_stop(this: CoordinatorImpl): boolean {
      // Nothing can request a stop while this waits except the threads themselves: run them.
      for (const session of new Set([...this.registered].map((t) => t._session).filter((s): s is KernelSession => s !== undefined))) {
        driveThreads(session, null, () => this.stopRequested);
      }
      return this.stopRequested;
    });
    p.join = pythonFunction('join', JOIN_PARAMS, 1, function join(this: CoordinatorImpl, threads: readonly ThreadLike[] | null = null, options: { stop_grace_period_secs?: number; ignore_live_threads?: boolean } = {}): void {
      const all = [...new Set([...this.registered, ...(threads ?? [])])];
      const sessions = new Set(all.map((t) => t._session).filter((s): s is KernelSession => s !== undefined));
      // Until a stop request, threads run to their end; after one, each ends at its next step.
      const done = () => this.stopRequested || !all.some((t) => t.is_alive());
      for (const session of sessions) driveThreads(session, null, done);
      if (this.stopRequested) for (const session of sessions) driveThreads(session, null, () => !all.some((t) => t._session === session && t.is_alive()));
      const stragglers = all.filter((t) => t.is_alive()).map((t) => t.name);
      this.joinedFlag = true;
      this.registered = new Set();
      if (this.excToRaise) throw this.excToRaise;
      if (stragglers.length > 0) {
        if (options.ignore_live_threads) logging.info('Coordinator stopped with threads still running: %s', stragglers.join(' '));
        else throw new RuntimeError(`Coordinator stopped with threads still running: ${stragglers.join(' ')}`);
      }
    });
  }
}

/** `tf.train.Coordinator`, with or without `new`. */
export const Coordinator = pythonClass('Coordinator', ['clean_stop_exception_types=None'], 0, CoordinatorImpl);
export type Coordinator = CoordinatorImpl;
