/**
 * Kernel start-to-ready and median `1+1` round trip (through jupyter_client) for scopeflow,
 * the IPython kernel (Debian python3-ipykernel) and plain tslab, side by side.
 * Run: npm run build && node dist/bench/kernel_roundtrip.js [runs=30]
 * Each kernel runs in a temp Jupyter world (kernelspecs under a private prefix).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { installKernelSpec } from '../kernel/kernelspec';

const PYTHON = process.env.SCOPEFLOW_PYTHON ?? '/usr/bin/python3';
const ROOT = path.resolve(__dirname, '../..');

interface Figures { kernel: string; start_s: number; first_cell_ms: number; median_ms: number; p90_ms: number }

function main(): void {
  const runs = Number(process.argv[2] ?? 30);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'scopeflow-bench-'));
  const prefix = path.join(root, 'prefix');
  const kernels = path.join(prefix, 'share', 'jupyter', 'kernels');
  try {
    installKernelSpec({ kind: 'prefix', prefix });
    // Plain tslab, run by the same node, for comparison.
    fs.mkdirSync(path.join(kernels, 'tslab'), { recursive: true });
    fs.writeFileSync(path.join(kernels, 'tslab', 'kernel.json'), JSON.stringify({
      argv: [process.execPath, require.resolve('tslab/bin/tslab'), 'kernel', '--config-path', '{connection_file}'],
      display_name: 'TypeScript (tslab)', language: 'typescript',
    }));
    const env = {
      ...process.env,
      JUPYTER_PATH: path.join(prefix, 'share', 'jupyter'),
      JUPYTER_DATA_DIR: path.join(root, 'data'), JUPYTER_RUNTIME_DIR: path.join(root, 'runtime'),
      JUPYTER_CONFIG_DIR: path.join(root, 'config'), PYDEVD_DISABLE_FILE_VALIDATION: '1',
    };
    const results: Figures[] = [];
    for (const kernel of ['scopeflow', 'python3', 'tslab']) {
      const out = execFileSync(PYTHON, [path.join(ROOT, 'bench', 'kernel_roundtrip.py'), kernel, String(runs)], { env, cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      results.push(JSON.parse(out.trim().split('\n').pop() ?? '{}') as Figures);
    }
    const ipython = results[1];
    console.log(`kernel round trip, jupyter_client, ${runs} runs of \`1+1\` (${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(2)})`);
    console.log('kernel      start-to-ready  first cell   median    p90     median vs IPython  start vs IPython');
    for (const r of results) {
      console.log(`${r.kernel.padEnd(11)} ${r.start_s.toFixed(2).padStart(8)} s  ${r.first_cell_ms.toFixed(1).padStart(8)} ms  ${r.median_ms.toFixed(2).padStart(6)} ms ${r.p90_ms.toFixed(2).padStart(6)} ms  ${(r.median_ms / ipython.median_ms).toFixed(2).padStart(10)}x  ${(r.start_s / ipython.start_s).toFixed(2).padStart(14)}x`);
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main();
