/**
 * Runs on the I/O thread. Stops a cell whose code keeps the main thread busy after an `await`
 * (a loop in a promise continuation), which neither a SIGINT (vm's breakOnSigint only covers the
 * synchronous part of a cell) nor a rejected promise (the event loop never gets a turn) can stop.
 *
 * It opens an inspector session on the main thread (commands arrive there as V8 interrupts, so they
 * reach a busy loop), pauses it to see what is running, and only when every frame on the stack is
 * the cell's own code (or user modules, or Node's microtask runner) ends it with
 * Runtime.terminateExecution. V8 lifts the termination once that code has unwound, and the
 * interrupt already sent then reaches the interpreter, which ends the cell with KeyboardInterrupt.
 * Termination inside Node's own callback machinery (timers, immediates, I/O callbacks) would leave
 * Node's async-context stack inconsistent and abort the process, so such stacks are left running:
 * the interrupt lands when that callback returns.
 */
import type { Session as InspectorSession } from 'inspector';
import * as path from 'path';
import { pathToFileURL } from 'url';

export type StopOutcome = 'terminated' | 'unsafe' | 'not-running' | 'unavailable';

interface CallFrame {
  functionName: string;
  location: { scriptId: string };
}

/** Node's microtask runner: unwinding it leaves no state behind (it is re-entered next tick). */
const SAFE_NODE_SCRIPTS = new Set(['node:internal/process/task_queues']);
/** How long to wait for the main thread to pause before giving up (it may have become idle). */
const PAUSE_TIMEOUT_MS = 1000;

const KERNEL_DIR_URL = pathToFileURL(path.resolve(__dirname, '..')).href + '/';

/**
 * Whether terminating the code on this stack (top frame first) leaves the kernel intact: no Node
 * internals besides the microtask runner, and the outermost frame is not the kernel's own code.
 */
export function safeToTerminate(frameUrls: string[]): boolean {
  const nonNode: string[] = [];
  for (const url of frameUrls) {
    if (url.startsWith('node:')) {
      if (!SAFE_NODE_SCRIPTS.has(url)) return false;
    } else {
      nonNode.push(url);
    }
  }
  const outermost = nonNode[nonNode.length - 1];
  return outermost !== undefined && !outermost.startsWith(KERNEL_DIR_URL);
}

/**
 * Pauses the main thread, and terminates what it runs when that is the busy cell code
 * (`stillBusy()` is checked while it is paused). Resolves with what happened.
 */
export function stopBusyCell(stillBusy: () => boolean): Promise<StopOutcome> {
  let inspector: typeof import('inspector');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    inspector = require('inspector') as typeof import('inspector');
  } catch {
    return Promise.resolve('unavailable');
  }
  return new Promise<StopOutcome>((resolve) => {
    const session: InspectorSession = new inspector.Session();
    const scriptUrls = new Map<string, string>();
    let finished = false;
    const finish = (outcome: StopOutcome): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      // Disabling the debugger resumes the main thread and cancels a pause that has not happened.
      session.post('Debugger.disable', () => {
        session.disconnect();
        resolve(outcome);
      });
    };
    const timer = setTimeout(() => finish('not-running'), PAUSE_TIMEOUT_MS);
    try {
      session.connectToMainThread();
    } catch {
      clearTimeout(timer);
      resolve('unavailable');
      return;
    }
    session.on('Debugger.scriptParsed', (message: { params: { scriptId: string; url: string } }) => {
      scriptUrls.set(message.params.scriptId, message.params.url);
    });
    session.once('Debugger.paused', (message: { params: { callFrames: CallFrame[] } }) => {
      const urls = message.params.callFrames.map((frame) => scriptUrls.get(frame.location.scriptId) ?? '');
      if (!stillBusy()) return finish('not-running');
      if (!safeToTerminate(urls)) return finish('unsafe');
      // Terminates as soon as the main thread resumes (finish disables the debugger, which resumes it).
      session.post('Runtime.terminateExecution', () => undefined);
      finish('terminated');
    });
    // Every loaded script is reported on enable (scriptParsed) before the pause can happen.
    session.post('Debugger.enable', (error) => {
      if (error) return finish('unavailable');
      session.post('Debugger.pause', (pauseError) => { if (pauseError) finish('unavailable'); });
    });
  });
}
