/**
 * Numbers from an NDArray for the widgets: numpy-style repr, statistics over every element,
 * and bounded samples (heatmap slices, histogram bins, line samples) so outputs stay small.
 */
import { NDArray, formatNDArray } from '../lib/framework/ndarray';

/**
 * Heatmap cells sent per figure at most (64 × 64): each figure goes into a notebook twice (the page's
 * plot and the plotly MIME bundle), so this bounds what a displayed matrix adds to the saved notebook.
 */
export const MAX_HEATMAP_CELLS = 4096;
/**
 * Heatmap cells sent for all the slices of a rank ≥ 3 tensor together at most: a [5, 5, 3, 3] kernel
 * offers all 25 slices, a [5, 5, 100, 100] one the first two.
 */
export const MAX_SLICE_CELLS = 40000;
/** Points of a 1-D line plot at most. */
export const MAX_LINE_POINTS = 1000;
export const HISTOGRAM_BINS = 40;

/** numpy omits the dtype in a repr for its defaults. */
const NUMPY_DEFAULT_DTYPES = new Set(['float64', 'int64', 'bool']);

/** `array([[1., 2.]], dtype=float32)`, as numpy's repr prints (summarised with `...` beyond 1000 elements). */
export function numpyRepr(a: NDArray): string {
  const dtype = a.dtype.name === 'string' ? 'object' : a.dtype.name;
  const suffix = NUMPY_DEFAULT_DTYPES.has(dtype) ? '' : `, dtype=${dtype}`;
  if (a.shape.length === 0) {
    let s = formatNDArray(a);
    if (/^-?\d+\.0$/.test(s) && !a.dtype.is_integer) s = s.slice(0, -1);
    return `array(${s}${suffix})`;
  }
  if (a.size === 0) return `array([]${suffix}${a.shape.length > 1 ? `, shape=(${a.shape.join(', ')})` : ''})`;
  if (a.size > SUMMARY_THRESHOLD) return `array(${summarised(a, 'array(')}${suffix})`;
  return `array(${formatNDArray(a, 'array(')}${suffix})`;
}

/** numpy prints arrays over this many elements summarised (its `threshold`). */
const SUMMARY_THRESHOLD = 1000;
const EDGE_ITEMS = 3;

function elementText(a: NDArray, i: number): string {
  if (Array.isArray(a.data)) return `b'${new TextDecoder().decode(a.data[i])}'`;
  const v = valueAt(a, i);
  if (a.dtype.is_bool) return v ? 'True' : 'False';
  if (a.dtype.is_integer) return String(v);
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return `${v}.`;
  const abs = Math.abs(v);
  if (abs < 1e-4 || abs >= 1e16) return v.toExponential(8).replace(/\.?0+e/, 'e').replace(/e([+-])(\d)$/, 'e$10$2');
  return String(Number(v.toPrecision(8)));
}

/**
 * numpy's summarised repr (first and last 3 entries of every axis, `...` between), formatting only
 * the elements shown, so a 1000 × 1000 array costs a few dozen element strings.
 */
function summarised(a: NDArray, prefix: string): string {
  const shape = a.shape;
  const strides = shape.map((_, k) => shape.slice(k + 1).reduce((p, d) => p * d, 1));
  const pick = (len: number) => (len > 2 * EDGE_ITEMS
    ? [...Array.from({ length: EDGE_ITEMS }, (_, k) => k), -1, ...Array.from({ length: EDGE_ITEMS }, (_, k) => len - EDGE_ITEMS + k)]
    : Array.from({ length: len }, (_, k) => k));
  const shown = new Map<number, string>();
  const collect = (dim: number, offset: number) => {
    for (const k of pick(shape[dim])) {
      if (k < 0) continue;
      if (dim === shape.length - 1) shown.set(offset + k, elementText(a, offset + k));
      else collect(dim + 1, offset + k * strides[dim]);
    }
  };
  collect(0, 0);
  let width = 0;
  for (const s of shown.values()) width = Math.max(width, s.length);
  const indent = ' '.repeat(prefix.length);
  const render = (dim: number, offset: number): string => {
    const idx = pick(shape[dim]);
    if (dim === shape.length - 1) return `[${idx.map((k) => (k < 0 ? '...' : shown.get(offset + k)!.padStart(width))).join(', ')}]`;
    const sep = `,${'\n'.repeat(shape.length - dim - 1)}${indent}${' '.repeat(dim + 1)}`;
    return `[${idx.map((k) => (k < 0 ? '...' : render(dim + 1, offset + k * strides[dim]))).join(sep)}]`;
  };
  return render(0, 0);
}

export interface Stats {
  count: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  std: number | null;
  zeros: number;
  nan: number;
  inf: number;
}

/** True when the array has numbers to plot and summarise (not strings, not resource handles). */
export function isNumeric(a: NDArray): boolean {
  return !Array.isArray(a.data);
}

/** Element i as a number (complex values: their magnitude; bools: 0/1). */
function valueAt(a: NDArray, i: number): number {
  const d = a.data as ArrayLike<number>;
  if (a.dtype.is_complex) return Math.hypot(d[2 * i], d[2 * i + 1]);
  return d[i];
}

/** Min, max, mean, std over the finite elements; zeros, NaN and ±Inf counted over all. */
export function computeStats(a: NDArray): Stats | null {
  if (!isNumeric(a)) return null;
  const n = a.size;
  let min = Infinity, max = -Infinity, sum = 0, finite = 0, zeros = 0, nan = 0, inf = 0;
  for (let i = 0; i < n; i++) {
    const v = valueAt(a, i);
    if (Number.isNaN(v)) { nan++; continue; }
    if (!Number.isFinite(v)) { inf++; continue; }
    if (v === 0) zeros++;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    finite++;
  }
  const mean = finite ? sum / finite : null;
  let sq = 0;
  if (mean !== null) {
    for (let i = 0; i < n; i++) {
      const v = valueAt(a, i);
      if (Number.isFinite(v)) sq += (v - mean) * (v - mean);
    }
  }
  return {
    count: n,
    min: finite ? min : null,
    max: finite ? max : null,
    mean,
    std: finite ? Math.sqrt(sq / finite) : null,
    zeros, nan, inf,
  };
}

export interface Histogram {
  /** Bin left edges, `bins` of them, and the last right edge. */
  edges: number[];
  counts: number[];
}

/**
 * Histogram of the finite elements (computed over all elements): `bins` equal bins over [min, max];
 * for integer and bool data, bins of a whole number of values centred on them (so no bin holds one
 * value more than its neighbours by rounding); a constant is one bin of width 1 centred on it.
 */
export function histogram(a: NDArray, stats: Stats, bins = HISTOGRAM_BINS): Histogram | null {
  if (stats.min === null || stats.max === null) return null;
  let lo: number, width: number, n: number;
  if (stats.min === stats.max) {
    lo = stats.min - 0.5; width = 1; n = 1;
  } else if (a.dtype.is_integer || a.dtype.is_bool) {
    width = Math.ceil((stats.max - stats.min + 1) / bins);
    lo = stats.min - 0.5;
    n = Math.ceil((stats.max - stats.min + 1) / width);
  } else {
    lo = stats.min; width = (stats.max - stats.min) / bins; n = bins;
  }
  const counts = new Array<number>(n).fill(0);
  for (let i = 0; i < a.size; i++) {
    const v = valueAt(a, i);
    if (!Number.isFinite(v)) continue;
    counts[Math.min(n - 1, Math.floor((v - lo) / width))]++;
  }
  const edges = Array.from({ length: n + 1 }, (_, k) => lo + k * width);
  return { edges, counts };
}

export interface Slice2D {
  /** `[0, :, :]` style label of the slice. */
  label: string;
  z: (number | null)[][];
  /** Original row and column indices of the sampled cells. */
  rows: number[];
  cols: number[];
}

export interface HeatmapData {
  slices: Slice2D[];
  /** Slices the tensor has in all (the selector offers `slices.length` of them). */
  totalSlices: number;
  rowStride: number;
  colStride: number;
  /** True when rows, columns or slices were left out. */
  sampled: boolean;
}

function indices(n: number, stride: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i += stride) out.push(i);
  return out;
}

/**
 * Heatmap slices of a rank ≥ 2 array: the last two axes, every k-th row/column so a figure stays
 * ≤ 100 × 100 cells, and as many slices (row-major, from the first) as `maxSliceCells` cells allow.
 */
export function heatmapData(a: NDArray, maxCells = MAX_HEATMAP_CELLS, maxSliceCells = MAX_SLICE_CELLS): HeatmapData | null {
  if (!isNumeric(a) || a.shape.length < 2 || a.size === 0) return null;
  const r = a.shape[a.shape.length - 2], c = a.shape[a.shape.length - 1];
  const lead = a.shape.slice(0, -2);
  const totalSlices = lead.reduce((p, d) => p * d, 1);
  const side = Math.max(2, Math.floor(Math.sqrt(maxCells)));
  const rowStride = Math.max(1, Math.ceil(r / side)), colStride = Math.max(1, Math.ceil(c / side));
  const rows = indices(r, rowStride), cols = indices(c, colStride);
  const nSlices = Math.min(totalSlices, Math.max(1, Math.floor(maxSliceCells / (rows.length * cols.length))));
  const slices: Slice2D[] = [];
  for (let s = 0; s < nSlices; s++) {
    const base = s * r * c;
    const z = rows.map((i) => cols.map((j) => {
      const v = valueAt(a, base + i * c + j);
      // Three significant digits: as many as a colour shows (the table and statistics keep full precision).
      return Number.isFinite(v) ? (v === 0 ? 0 : Number(v.toPrecision(3))) : null;
    }));
    // The slice's leading indices, row-major.
    const idx: number[] = [];
    let rest = s;
    for (let k = lead.length - 1; k >= 0; k--) { idx.unshift(rest % lead[k]); rest = Math.floor(rest / lead[k]); }
    slices.push({ label: `[${[...idx.map(String), ':', ':'].join(', ')}]`, z, rows, cols });
  }
  return { slices, totalSlices, rowStride, colStride, sampled: rowStride > 1 || colStride > 1 || nSlices < totalSlices };
}

/** A 1-D array's values for a line plot, every k-th when longer than `max`. */
export function lineData(a: NDArray, max = MAX_LINE_POINTS): { x: number[]; y: (number | null)[]; stride: number } | null {
  if (!isNumeric(a) || a.shape.length !== 1 || a.size === 0) return null;
  const stride = Math.max(1, Math.ceil(a.size / max));
  const x = indices(a.size, stride);
  return { x, y: x.map((i) => { const v = valueAt(a, i); return Number.isFinite(v) ? Number(v.toPrecision(5)) : null; }), stride };
}

/** Element display strings (for value tables). */
export function elementStrings(a: NDArray): string[] {
  if (Array.isArray(a.data)) return a.strings.map((s) => JSON.stringify(s));
  const out: string[] = [];
  for (let i = 0; i < a.size; i++) {
    if (a.dtype.is_bool) out.push(valueAt(a, i) ? 'True' : 'False');
    else if (a.dtype.is_complex) {
      const d = a.data as ArrayLike<number>;
      out.push(`${d[2 * i]}${d[2 * i + 1] < 0 ? '-' : '+'}${Math.abs(d[2 * i + 1])}j`);
    } else {
      const v = valueAt(a, i);
      out.push(Number.isInteger(v) || !Number.isFinite(v) ? String(v) : String(Number(v.toPrecision(6))));
    }
  }
  return out;
}
