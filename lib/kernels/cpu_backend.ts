/**
 * Which CPU backend computes the CPU kernels, decided once, when first asked (a device listing, tf.config,
 * the first native kernel): the first of the CPU's backend order (registry: native → wasm → reference, or
 * what `SCOPEFLOW_CPU` forces) that loads here. Not at library load: the addon and its libraries cost an
 * idle kernel about 6 MiB before any op runs. When the native backend is wanted but absent, one line on
 * stderr says why.
 */
import { BackendName, DEVICE_BACKENDS, backendOrder } from './registry';
import { loadNative } from './native/addon';
import { xnnpack } from './fast/xnnpack';

export type CpuBackend = BackendName<'CPU'>;

export interface CpuBackendInfo {
  /** The backend providing the CPU kernels (the ones it declines go to the next in `order`). */
  readonly name: CpuBackend;
  /** What it runs on: libraries, instruction set and threads. */
  readonly description: string;
  /** The CPU backend order in force (SCOPEFLOW_CPU shortens it). */
  readonly order: readonly CpuBackend[];
  /** Why each faster backend is not in use: absent, failed to load, or left out by SCOPEFLOW_CPU. */
  readonly skipped: Readonly<Partial<Record<CpuBackend, string>>>;
}

function probe(backend: CpuBackend): { description: string } | { reason: string } {
  if (backend === 'reference') return { description: 'TypeScript reference kernels, 1 thread' };
  if (backend === 'native') {
    const r = loadNative();
    if (!('addon' in r)) return r;
    const i = r.addon.info();
    const blas = i.blas.split(' ').slice(0, 2).join(' ');
    return { description: `oneDNN ${i.dnnl} (${i.isa}, ${i.threads} OpenMP threads) and ${blas} (${i.blasThreads} threads)` };
  }
  try {
    return { description: `XNNPACK in WebAssembly (${xnnpack().flavour}), 1 thread` };
  } catch (e) {
    return { reason: `the XNNPACK wasm failed to load: ${String((e as Error).message).split('\n')[0]}` };
  }
}

let chosen: CpuBackendInfo | null = null;

/** The CPU backend in use (decided on the first call). */
export function cpuBackend(): CpuBackendInfo {
  if (chosen) return chosen;
  const order = backendOrder('CPU') as readonly CpuBackend[];
  const skipped: Partial<Record<CpuBackend, string>> = {};
  for (const b of DEVICE_BACKENDS.CPU) if (!order.includes(b)) skipped[b] = 'left out by SCOPEFLOW_CPU';
  for (const b of order) {
    const p = probe(b);
    if ('reason' in p) { skipped[b] = p.reason; continue; }
    if (skipped.native && order.includes('native')) process.stderr.write(`scopeflow: native CPU backend absent (${skipped.native}); using ${b}\n`);
    chosen = { name: b, description: p.description, order, skipped };
    return chosen;
  }
  throw new Error('the reference CPU backend always loads');
}
