/**
 * Index arithmetic shared by the data-movement kernels (slice, transpose, tile, gather, reductions):
 * an output is described by per-dimension source coordinates, turned into flat source indices once,
 * and elements of any dtype (numbers, complex pairs, strings) are copied by those indices.
 */
import { NDArray, NumericData } from '../../framework/ndarray';

/** Row-major strides of `shape`. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) { strides[i] = s; s *= shape[i]; }
  return strides;
}

export function iota(n: number): Int32Array { return Int32Array.from({ length: n }, (_, i) => i); }

/**
 * For every position of the outer product of `coords` (row-major), the flat index
 * Σ coords[d][j_d] · strides[d]. E.g. a transpose reads coords = ranges of the permuted dimensions
 * with their source strides; a slice reads begin + j·stride.
 */
export function productIndex(coords: readonly ArrayLike<number>[], strides: readonly number[]): Float64Array {
  const total = coords.reduce((n, c) => n * c.length, 1);
  const out = new Float64Array(total);
  const rank = coords.length;
  if (rank === 0) return out; // one element, index 0
  let pos = 0;
  const walk = (d: number, base: number): void => {
    const c = coords[d], s = strides[d];
    if (d === rank - 1) { for (let j = 0; j < c.length; j++) out[pos++] = base + c[j] * s; return; }
    for (let j = 0; j < c.length; j++) walk(d + 1, base + c[j] * s);
  };
  walk(0, 0);
  return out;
}

/** A new array of `shape` whose element i is element `index[i]` of `src`. */
/** A new array of `shape` whose every element is the scalar `value` (no index array: Fill may be huge). */
export function filledWith(value: NDArray, shape: readonly number[]): NDArray {
  const out = new NDArray(value.dtype, shape);
  if (Array.isArray(value.data)) (out.data as Uint8Array[]).fill(value.data[0]);
  else if (value.dtype.is_complex) {
    const o = out.data as NumericData, [re, im] = [value.data[0], value.data[1]];
    for (let i = 0; i < o.length; i += 2) { o[i] = re; o[i + 1] = im; }
  } else if (value.data[0] !== 0) (out.data as NumericData).fill(value.data[0]);
  return out;
}

export function takeFlat(src: NDArray, shape: readonly number[], index: ArrayLike<number>): NDArray {
  const out = new NDArray(src.dtype, shape);
  const n = index.length;
  if (Array.isArray(src.data)) {
    const o = out.data as Uint8Array[], s = src.data;
    for (let i = 0; i < n; i++) o[i] = s[index[i]];
  } else if (src.dtype.is_complex) {
    const o = out.data as NumericData, s = src.data;
    for (let i = 0; i < n; i++) { o[2 * i] = s[2 * index[i]]; o[2 * i + 1] = s[2 * index[i] + 1]; }
  } else {
    const o = out.data as NumericData, s = src.data;
    for (let i = 0; i < n; i++) o[i] = s[index[i]];
  }
  return out;
}

/** Copies `count` elements of `src` from `srcStart` into `dst` at `dstStart` (same dtype). */
export function copyElements(dst: NDArray, dstStart: number, src: NDArray, srcStart: number, count: number): void {
  if (Array.isArray(dst.data)) {
    const d = dst.data, s = src.data as Uint8Array[];
    for (let i = 0; i < count; i++) d[dstStart + i] = s[srcStart + i];
    return;
  }
  const step = dst.dtype.is_complex ? 2 : 1;
  const s = src.data as NumericData;
  (dst.data as NumericData).set(s.subarray(srcStart * step, (srcStart + count) * step), dstStart * step);
}

/** Product of a shape's dimensions in [from, to). */
export function spanSize(shape: readonly number[], from: number, to = shape.length): number {
  let n = 1;
  for (let i = from; i < to; i++) n *= shape[i];
  return n;
}

/** The inverse of takeFlat: element i of `src` is written to element `index[i]` of `dst` (in place). */
export function putFlat(dst: NDArray, index: ArrayLike<number>, src: NDArray): void {
  const n = index.length;
  for (let i = 0; i < n; i++) copyElements(dst, index[i], src, i, 1);
}
