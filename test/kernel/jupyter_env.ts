import { ChildProcess, spawn } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { installKernelSpec } from '../../kernel/kernelspec';

/** Debian's Jupyter packages live under this interpreter (the python3 on PATH may be another one). */
export const JUPYTER_PYTHON = process.env.SCOPEFLOW_PYTHON ?? '/usr/bin/python3';

/** The repository root (tests run from dist/test/kernel). */
export const REPO_ROOT = path.resolve(__dirname, '../../..');

export interface JupyterSandbox {
  root: string;
  env: NodeJS.ProcessEnv;
  cleanup(): void;
}

/**
 * A temp Jupyter world: the scopeflow kernelspec installed under a private prefix, and every
 * Jupyter directory pointed inside it, so tests neither read nor change the machine's setup.
 */
export function createJupyterSandbox(): JupyterSandbox {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'scopeflow-kernel-test-'));
  const prefix = path.join(root, 'prefix');
  installKernelSpec({ kind: 'prefix', prefix });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    JUPYTER_PATH: path.join(prefix, 'share', 'jupyter'),
    JUPYTER_DATA_DIR: path.join(root, 'data'),
    JUPYTER_RUNTIME_DIR: path.join(root, 'runtime'),
    JUPYTER_CONFIG_DIR: path.join(root, 'config'),
    PYDEVD_DISABLE_FILE_VALIDATION: '1',
    PYTHONNOUSERSITE: '1',
  };
  return { root, env, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

/** A Jupyter web server the test started on 127.0.0.1, with its token. */
export interface JupyterServer {
  baseUrl: string;
  token: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => resolve(address.port));
    });
  });
}

/**
 * Starts `jupyter_server` (JupyterLab's back end) or the classic `notebook` server inside a sandbox,
 * on a free port of 127.0.0.1, and waits until its REST API answers.
 */
export async function startJupyterServer(sandbox: JupyterSandbox, app: 'jupyter_server' | 'notebook'): Promise<JupyterServer> {
  const port = await freePort();
  const token = crypto.randomBytes(16).toString('hex');
  const cls = app === 'notebook' ? 'NotebookApp' : 'ServerApp';
  const rootDir = app === 'notebook' ? 'notebook_dir' : 'root_dir';
  const server: ChildProcess = spawn(JUPYTER_PYTHON, [
    '-m', app, '--no-browser', '--allow-root', `--${cls}.ip=127.0.0.1`, `--${cls}.port=${port}`,
    `--${cls}.port_retries=0`, `--${cls}.token=${token}`, `--${cls}.${rootDir}=${sandbox.root}`,
  ], { env: sandbox.env, cwd: sandbox.root, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  server.stdout?.on('data', (d: Buffer) => { log += d.toString(); });
  server.stderr?.on('data', (d: Buffer) => { log += d.toString(); });
  const stop = async (): Promise<void> => {
    if (server.exitCode !== null) return;
    server.kill('SIGTERM');
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => { server.kill('SIGKILL'); resolve(); }, 10000);
      server.once('exit', () => { clearTimeout(timer); resolve(); });
    });
  };
  const baseUrl = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 30000;
  for (;;) {
    try {
      if ((await fetch(`${baseUrl}api/status`, { headers: { Authorization: `token ${token}` } })).ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline || server.exitCode !== null) {
      await stop();
      throw new Error(`${app} did not start:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { baseUrl, token, stop };
}
