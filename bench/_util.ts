// Helpers shared by the benchmarks (scripts/bench.js skips files starting with `_`).
import { float32 } from '../lib/framework/dtypes';
import { NDArray } from '../lib/framework/ndarray';

export function median(xs: number[]): number { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; }

/** Median wall time of `fn` in ms after `warm` warm-up calls. */
export async function time(fn: () => unknown, reps: number, warm = 1): Promise<number> {
  for (let i = 0; i < warm; i++) await fn();
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) { const t0 = performance.now(); await fn(); ts.push(performance.now() - t0); }
  return median(ts);
}

/** Deterministic float32 data in [-0.5, 0.5). */
export function random(shape: number[], seed: number): NDArray {
  const a = new NDArray(float32, shape);
  let s = seed;
  const v = a.values;
  for (let i = 0; i < v.length; i++) { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; v[i] = s / 2 ** 32 - 0.5; }
  return a;
}

/** One table row: the first cell left-aligned, numbers with 2 decimals (0 from 100 up). */
export function row(cells: (string | number)[], widths: number[]): string {
  return cells.map((c, i) => {
    const t = typeof c === 'number' ? c.toFixed(c >= 100 ? 0 : 2) : c;
    return i === 0 ? t.padEnd(widths[0]) : t.padStart(widths[i]);
  }).join('  ');
}
