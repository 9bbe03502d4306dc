/**
 * The one owner of "the output of the request being handled". The kernel server activates a
 * request's output around every execute_request and every comm message it handles; stdout and
 * stderr, `display()`, `display.clear()`, `input()` and comm traffic all find their output here.
 */
import type { OutputSink } from './interpreter';

export class ActiveOutput {
  private active: OutputSink | undefined;
  private last: OutputSink | undefined;

  /** Runs `handle` with `output` as the output of the request being handled. */
  async during<T>(output: OutputSink, handle: () => Promise<T> | T): Promise<T> {
    const previous = this.active;
    this.active = output;
    this.last = output;
    try {
      return await handle();
    } finally {
      this.active = previous;
    }
  }

  /**
   * The output of the request being handled; `what` (e.g. `display()`) is refused outside one.
   * With `orLatest`, the latest request's output is given after it ended, for outputs that refuse
   * such late calls themselves with a more precise error (input requests).
   */
  require(what: string, options: { orLatest?: boolean } = {}): OutputSink {
    const output = options.orLatest ? this.latest : this.active;
    if (!output) throw new Error(`${what} is only available while the kernel runs a cell or a comm message handler`);
    return output;
  }

  /**
   * Where output that belongs to no request goes (a timer's `console.log`, a comm message sent
   * from a callback, an input request made after its cell ended, which that output refuses): the
   * request being handled, else the latest one, as ipykernel keeps its last parent.
   * Undefined before the first request.
   */
  get latest(): OutputSink | undefined {
    return this.active ?? this.last;
  }
}

/** The kernel process's active output (one kernel per process). */
export const activeOutput = new ActiveOutput();
