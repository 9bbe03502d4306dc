import * as fs from 'fs';
import { Writable } from 'stream';
import { endCellProcesses } from './cell_processes';
import { commManager } from './comm/comm_manager';
import { displayRegistry } from './display/display_registry';
import { connectWidgets } from './display/widgets_bridge';
import { activeOutput } from './interpreter/active_output';
import type { CellPhase } from './interpreter/interpreter';
import { HeapGuard } from './interpreter/heap_guard';
import { TypeScriptInterpreter } from './interpreter/typescript_interpreter';
import { readConnectionFile } from './protocol/connection';
import { KernelServer } from './protocol/kernel_server';
import { KernelTransport } from './protocol/transport';

function log(text: string): void {
  try { fs.writeSync(2, `[scopeflow] ${text}\n`); } catch { /* stderr closed */ }
}

/**
 * Runs the kernel for one connection file until a shutdown request (or the I/O thread dies).
 * User code runs on this (main) thread; sockets live on the I/O thread.
 */
export async function runKernel(connectionFile: string): Promise<void> {
  const connection = readConnectionFile(connectionFile);
  let setCellPhase: (phase: CellPhase) => void = () => undefined;
  const heapGuard = HeapGuard.start();
  if (!(heapGuard instanceof HeapGuard)) log(heapGuard.reason);
  const interpreter = new TypeScriptInterpreter({
    workingDirectory: process.cwd(), onPhase: (phase) => setCellPhase(phase), heapGuard: heapGuard instanceof HeapGuard ? heapGuard : undefined,
  });
  const transport = new KernelTransport(connection, KernelServer.kernelInfo(interpreter));
  setCellPhase = (phase) => transport.setCellPhase(phase);
  let exiting = false;
  const server = new KernelServer(transport, interpreter, commManager, activeOutput, {
    // A restart too ends this process: the front end starts a new one.
    onShutdown: () => {
      if (exiting) return;
      exiting = true;
      interpreter.shutdown();
      endCellProcesses();
      void transport.close().then(() => process.exit(0));
    },
    reportHandlerError: (thrown, source) => interpreter.reportCallbackError(thrown, source),
  });

  captureStandardStreams(server);

  // The kernel must outlive whatever a cell does: interrupts, stray rejections, throwing callbacks,
  // thrown values that are not Errors (undefined, null, a Proxy whose every property throws).
  process.on('SIGINT', () => interpreter.interrupt());
  const reportStray = (thrown: unknown, source: string, origin?: number): void => {
    try {
      if (interpreter.reportCallbackError(thrown, source, origin)) return;
      log(`${source} threw before any cell ran: ${thrown instanceof Error ? thrown.stack ?? thrown.message : typeof thrown}`);
    } catch {
      log(`${source} threw a value that cannot be shown`);
    }
  };
  process.on('unhandledRejection', (reason, promise) => reportStray(reason, 'a promise rejection nobody handled', interpreter.promiseOrigin(promise)));
  process.on('uncaughtException', (error) => reportStray(error, 'a callback'));

  const widgetProblem = connectWidgets(displayRegistry, commManager);
  if (widgetProblem) log(widgetProblem);

  server.start();
  // The compiler takes over a second to build (loading TypeScript, parsing lib and @types/node, then
  // the tf declarations). The I/O thread is already starting on its own thread and answers
  // kernel_info by itself, so this overlaps with its start instead of following it: clients see
  // the kernel ready no later, and the first cell waits for less of the build.
  setImmediate(() => {
    try {
      const started = process.uptime();
      interpreter.warmUp();
      // The compiler's build leaves much garbage: given back if no cell comes soon.
      if (heapGuard instanceof HeapGuard) heapGuard.releaseWhenIdle();
      // SCOPEFLOW_LOG_TIMING=1 in the kernel's environment shows how long the first cell has to wait.
      if (process.env.SCOPEFLOW_LOG_TIMING) log(`TypeScript compiler ready ${(process.uptime() * 1000).toFixed(0)} ms after start (built in ${((process.uptime() - started) * 1000).toFixed(0)} ms)`);
    } catch (e) {
      log(`TypeScript compiler failed to start: ${(e as Error).stack ?? String(e)}`);
    }
  });
  await transport.ready;
}

/**
 * Everything a cell prints goes to its execute request as stream messages. process.stdout and
 * process.stderr are replaced before Node creates its own streams for fds 1 and 2: Node would
 * switch an inherited pipe to non-blocking mode, and that pipe is shared with the process that
 * launched the kernel (a Jupyter server, nbconvert), whose own writes would then fail with EAGAIN.
 * Output written while no cell has run yet goes to the fd with blocking writes.
 */
function captureStandardStreams(server: KernelServer): void {
  for (const [name, fd] of [['stdout', 1], ['stderr', 2]] as const) {
    const stream = new Writable({
      decodeStrings: false,
      write(chunk: string | Buffer, encoding: BufferEncoding, done: (error?: Error | null) => void) {
        const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
        if (!server.writeStream(name, text)) {
          try { fs.writeSync(fd, text); } catch { /* the launcher closed it: nothing to do */ }
        }
        done();
      },
    });
    // Libraries that ask for terminal features get a plain, non-TTY stream.
    Object.assign(stream, { isTTY: false, fd });
    Object.defineProperty(process, name, { configurable: true, enumerable: true, get: () => stream });
  }
}
