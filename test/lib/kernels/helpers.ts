// Shared helpers for kernel tests: a seeded generator, random arrays, and a tolerant comparison.
import assert from 'node:assert/strict';
import { float32 } from '../../../lib/framework/dtypes';
import { NDArray } from '../../../lib/framework/ndarray';

/** A small deterministic generator so failures reproduce. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
}

export function randomArray(shape: number[], r: () => number): NDArray {
  const a = new NDArray(float32, shape);
  const v = a.values;
  for (let i = 0; i < v.length; i++) v[i] = r() * 2 - 1;
  return a;
}

/** Element-wise |a - e| <= tol * (1 + |e|), NaN only where expected, same shape. */
export function assertClose(actual: NDArray, expected: NDArray, tol = 1e-4, what = ''): void {
  assert.deepEqual(actual.shape, expected.shape, `${what}: shape`);
  const a = actual.values, e = expected.values;
  for (let i = 0; i < e.length; i++) {
    if (Number.isNaN(e[i]) && Number.isNaN(a[i])) continue;
    const d = Math.abs(a[i] - e[i]);
    if (!(d <= tol * (1 + Math.abs(e[i])))) assert.fail(`${what}: element ${i}: ${a[i]} vs ${e[i]} (shape [${expected.shape}])`);
  }
}
