/**
 * Executes the tutorial notebooks once per test process (shared by test/notebooks and test/browser):
 * every notebooks/*.ipynb through `nbconvert --to notebook --execute` in one nbconvert process, with the
 * scopeflow kernelspec installed in a private Jupyter sandbox (test/kernel/jupyter_env). The executed
 * notebooks and their HTML exports (with the scopeflow template, and plain under plain/) are kept
 * under test-artifacts/notebooks/.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { JUPYTER_PYTHON, REPO_ROOT, createJupyterSandbox } from '../kernel/jupyter_env';

const run = promisify(execFile);

export const NOTEBOOKS_DIR = path.join(REPO_ROOT, 'notebooks');
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'test-artifacts');

export interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
}

export interface Cell {
  cell_type: 'code' | 'markdown' | 'raw';
  source: string | string[];
  metadata: { tags?: string[] };
  outputs?: Output[];
  execution_count?: number | null;
}

export interface Notebook {
  cells: Cell[];
  metadata: { kernelspec?: { name: string; display_name: string; language: string } };
}

export interface ExecutedNotebooks {
  /** Notebook file names, in order. */
  names: string[];
  /** name → executed notebook. */
  executed: Map<string, Notebook>;
  /** name → size in bytes of the executed notebook file. */
  sizes: Map<string, number>;
  /** name → path of its HTML export with `--template scopeflow` (libraries inlined once). */
  html: Map<string, string>;
  /** name → path of its plain HTML export (`--to html`: static pictures only). */
  plainHtml: Map<string, string>;
  /** nbconvert's stderr (for failure messages). */
  log: string;
}

export function notebookNames(): string[] {
  return fs.readdirSync(NOTEBOOKS_DIR).filter((n) => /^\d\d-.*\.ipynb$/.test(n)).sort();
}

let pending: Promise<ExecutedNotebooks> | undefined;

/**
 * How long a test may wait for every notebook to run and export. nbconvert stops any cell that runs
 * over 120 s itself, with the cell in its error; this only bounds the whole run on a slow, busy machine.
 */
export const EXECUTION_TIMEOUT_MS = 20 * 60_000;

/** Runs every notebook (once per process) and exports the results to HTML. */
export function executeNotebooks(): Promise<ExecutedNotebooks> {
  pending ??= (async () => {
    const names = notebookNames();
    const sandbox = createJupyterSandbox();
    // A private folder per test process (another run may share the working tree); copied to
    // test-artifacts/notebooks/ when done.
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scopeflow-notebooks-'));
    process.on('exit', () => fs.rmSync(outDir, { recursive: true, force: true }));
    let log = '';
    try {
      // One nbconvert process for all notebooks; each runs in its own kernel with cwd = notebooks/.
      const executed = await run(JUPYTER_PYTHON, [
        '-m', 'nbconvert', '--to', 'notebook', '--execute', '--ExecutePreprocessor.timeout=120',
        '--ExecutePreprocessor.kernel_name=scopeflow', '--output-dir', outDir, ...names.map((n) => path.join(NOTEBOOKS_DIR, n)),
      ], { env: sandbox.env, cwd: NOTEBOOKS_DIR, maxBuffer: 64 * 1024 * 1024 }).catch((e: { stderr?: string; message: string }) => {
        throw new Error(`nbconvert --execute failed:\n${(e.stderr ?? e.message).slice(-6000)}`);
      });
      log += executed.stderr;
      // With the scopeflow template (libraries inlined once: interactive offline), and plain (static pictures).
      const exported = await run(JUPYTER_PYTHON, [
        '-m', 'nbconvert', '--to', 'html', '--template', 'scopeflow', '--output-dir', outDir, ...names.map((n) => path.join(outDir, n)),
      ], { env: sandbox.env, cwd: outDir, maxBuffer: 64 * 1024 * 1024 });
      log += exported.stderr;
      const plain = await run(JUPYTER_PYTHON, [
        '-m', 'nbconvert', '--to', 'html', '--output-dir', path.join(outDir, 'plain'), ...names.map((n) => path.join(outDir, n)),
      ], { env: sandbox.env, cwd: outDir, maxBuffer: 64 * 1024 * 1024 });
      log += plain.stderr;
    } finally {
      sandbox.cleanup();
    }
    const executed = new Map<string, Notebook>();
    const sizes = new Map<string, number>();
    const html = new Map<string, string>();
    const plainHtml = new Map<string, string>();
    for (const n of names) {
      const file = path.join(outDir, n);
      sizes.set(n, fs.statSync(file).size);
      executed.set(n, JSON.parse(fs.readFileSync(file, 'utf8')) as Notebook);
      html.set(n, path.join(outDir, n.replace(/\.ipynb$/, '.html')));
      plainHtml.set(n, path.join(outDir, 'plain', n.replace(/\.ipynb$/, '.html')));
    }
    const artifacts = path.join(ARTIFACTS_DIR, 'notebooks');
    fs.mkdirSync(path.join(artifacts, 'plain'), { recursive: true });
    for (const f of fs.readdirSync(outDir)) if (f !== 'plain') fs.copyFileSync(path.join(outDir, f), path.join(artifacts, f));
    for (const f of fs.readdirSync(path.join(outDir, 'plain'))) fs.copyFileSync(path.join(outDir, 'plain', f), path.join(artifacts, 'plain', f));
    return { names, executed, sizes, html, plainHtml, log };
  })();
  return pending;
}

export function text(s: string | string[] | undefined): string {
  return Array.isArray(s) ? s.join('') : s ?? '';
}
