import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { logoPng } from './logo';
import { installNbconvertTemplate } from './nbconvert_template';

export const KERNEL_NAME = 'scopeflow';
export const DISPLAY_NAME = 'TypeScript (scopeflow)';

export type InstallTarget =
  | { kind: 'user' }
  | { kind: 'prefix'; prefix: string }
  | { kind: 'sys-prefix'; python: string };

export interface KernelSpec {
  argv: string[];
  display_name: string;
  language: string;
  interrupt_mode: 'signal' | 'message';
  env: Record<string, string>;
  metadata: Record<string, string>;
}

/** The CLI script the kernelspec runs (bin/scopeflow.js of this package). */
export function cliScriptPath(): string {
  return path.resolve(__dirname, '../../bin/scopeflow.js');
}

/**
 * V8 sized for a notebook, not a server: a young generation of 2 MiB semi-spaces instead of up to
 * 16 MiB keeps an idle kernel about 25 MiB smaller, for cells that make few short-lived objects
 * (tensor data lives outside the heap).
 */
export const KERNEL_NODE_FLAGS = ['--max-semi-space-size=2'];

/**
 * glibc's malloc for a long-idle process: blocks from 128 KiB up are mapped and unmapped on their own
 * instead of the threshold growing (up to 32 MiB) as the compiler's start-up frees large blocks, which
 * then stay in the process; an idle kernel is about 17 MiB smaller. (MALLOC_ARENA_MAX=2 saved about
 * 10 MiB alone and nothing on top of this; --v8-pool-size=1 about 3 MiB at the cost of parallel GC.)
 */
export const KERNEL_ENV: Readonly<Record<string, string>> = { MALLOC_MMAP_THRESHOLD_: '131072' };

export function kernelSpec(nodePath = process.execPath): KernelSpec {
  return {
    // The node that installed the kernel runs it, so the kernel does not depend on PATH.
    argv: [nodePath, ...KERNEL_NODE_FLAGS, cliScriptPath(), 'kernel', '{connection_file}'],
    display_name: DISPLAY_NAME,
    language: 'typescript',
    // Front ends send interrupt_request on the control channel, which the kernel's I/O thread answers
    // even while a cell blocks the main thread: it stops synchronous code, awaits, and busy loops that
    // run after an await. A plain SIGINT still stops synchronous code and awaits.
    interrupt_mode: 'message',
    env: { ...KERNEL_ENV },
    metadata: { debugger: 'false' },
  };
}

/** Jupyter's per-user data directory, honouring JUPYTER_DATA_DIR like jupyter_core does. */
export function userDataDir(): string {
  if (process.env.JUPYTER_DATA_DIR) return path.resolve(process.env.JUPYTER_DATA_DIR);
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Jupyter');
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? os.homedir(), 'jupyter');
  const xdg = process.env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share');
  return path.join(xdg, 'jupyter');
}

/** The Python that runs Jupyter here: $SCOPEFLOW_PYTHON, else Debian's /usr/bin/python3, else python3. */
export function jupyterPython(): string {
  if (process.env.SCOPEFLOW_PYTHON) return process.env.SCOPEFLOW_PYTHON;
  return fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}

export function kernelsDir(target: InstallTarget): string {
  switch (target.kind) {
    case 'user':
      return path.join(userDataDir(), 'kernels');
    case 'prefix':
      return path.join(path.resolve(target.prefix), 'share', 'jupyter', 'kernels');
    case 'sys-prefix': {
      const prefix = execFileSync(target.python, ['-c', 'import sys; print(sys.prefix)'], { encoding: 'utf8' }).trim();
      return path.join(prefix, 'share', 'jupyter', 'kernels');
    }
  }
}

/**
 * Writes kernel.json and the logos, and beside the kernels folder the `scopeflow` nbconvert template
 * (see nbconvert_template); returns the kernelspec directory.
 */
export function installKernelSpec(target: InstallTarget, nodePath = process.execPath): string {
  const kernels = kernelsDir(target);
  installNbconvertTemplate(path.dirname(kernels));
  const dir = path.join(kernels, KERNEL_NAME);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'kernel.json'), JSON.stringify(kernelSpec(nodePath), null, 2) + '\n');
  fs.writeFileSync(path.join(dir, 'logo-32x32.png'), logoPng(32));
  fs.writeFileSync(path.join(dir, 'logo-64x64.png'), logoPng(64));
  return dir;
}
