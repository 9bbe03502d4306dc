import * as fs from 'fs';
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
