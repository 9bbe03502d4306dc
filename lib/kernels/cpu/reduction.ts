/**
 * Reference CPU kernels for reductions over axes (Sum, Mean, Max, Min, Prod, All, Any) and
 * ArgMax/ArgMin.
 */
import { DType } from '../../framework/dtypes';
import { InvalidArgumentError } from '../../framework/errors';
import { shapeString, normalizeAxis } from '../../framework/tensor_shape';
import { NDArray } from '../../framework/ndarray';
import { registerKernel } from '../registry';
import { iota, productIndex, spanSize, stridesOf } from './indexing';
import { complexReduce } from './complex';
import { OpType, opTypeEntries } from '../../framework/op_types';

const invalid = (message: string) => new InvalidArgumentError(null, null, message);

/** The reduced axes of `x`, checked and made non-negative (TF's runtime message, typo included). */
export function reductionAxes(x: NDArray, axes: readonly number[]): Set<number> {
  const rank = x.ndim;
  return new Set(axes.map((a) => normalizeAxis(a, rank, () => invalid(`Invalid reduction dimension (${a} for input with ${rank} dimension(s)`))));
}

/**
 * Folds the elements of `x` over `axes` with `step`, starting from `init` in every output cell.
 * Returns the accumulators (shape: `x.shape` with reduced dimensions set to 1) and how many elements
 * each one folded.
 */
export function reduceOver(x: NDArray, axes: ReadonlySet<number>, init: number, step: (acc: number, v: number) => number): { acc: Float64Array; keptShape: number[]; count: number } {
  const keptShape = x.shape.map((d, i) => (axes.has(i) ? 1 : d));
  const outStrides = stridesOf(keptShape).map((s, i) => (axes.has(i) ? 0 : s));
  // target[i]: the output cell input element i folds into
  const target = productIndex(x.shape.map((d) => iota(d)), outStrides);
  const acc = new Float64Array(spanSize(keptShape, 0)).fill(init);
  const v = x.values;
  for (let i = 0; i < target.length; i++) acc[target[i]] = step(acc[target[i]], v[i]);
  const count = x.shape.reduce((n, d, i) => (axes.has(i) ? n * d : n), 1);
  return { acc, keptShape, count };
}

interface Reducer { init: (dtype: DType) => number; step: (acc: number, v: number) => number; finish?: (acc: number, count: number, dtype: DType) => number }

const REDUCERS: Partial<Record<OpType, Reducer>> = {
  Sum: { init: () => 0, step: (a, v) => a + v },
  Prod: { init: () => 1, step: (a, v) => a * v },
  Max: { init: (d) => (d.is_floating ? -Infinity : d.min), step: (a, v) => (Number.isNaN(a) || v > a || Number.isNaN(v) ? v : a) },
  Min: { init: (d) => (d.is_floating ? Infinity : d.max), step: (a, v) => (Number.isNaN(a) || v < a || Number.isNaN(v) ? v : a) },
  All: { init: () => 1, step: (a, v) => +(a !== 0 && v !== 0) },
  Any: { init: () => 0, step: (a, v) => +(a !== 0 || v !== 0) },
  // Integer means divide with truncation, as TF's integer Mean does.
  Mean: { init: () => 0, step: (a, v) => a + v, finish: (a, n, d) => (d.is_integer ? Math.trunc(a / n) : a / n) },
};

for (const [type, r] of opTypeEntries(REDUCERS)) {
  registerKernel(type, 'CPU', (ctx) => {
    const x = ctx.input(0);
    const axes = reductionAxes(x, Array.from(ctx.input(1).values));
    const keep = ctx.attr('keep_dims') === true;
    const reduce = (v: NDArray): NDArray => {
      const { acc, keptShape, count } = reduceOver(v, axes, r.init(v.dtype), r.step);
      const out = new NDArray(v.dtype, keep ? keptShape : v.shape.filter((_, i) => !axes.has(i)));
      const o = out.values;
      for (let i = 0; i < acc.length; i++) o[i] = r.finish ? r.finish(acc[i], count, v.dtype) : acc[i];
      return out;
    };
    return [x.dtype.is_complex ? complexReduce(type, x, reduce) : reduce(x)];
  });
}

for (const [type, better] of [['ArgMax', (a: number, b: number) => a > b], ['ArgMin', (a: number, b: number) => a < b]] as const) {
  registerKernel(type, 'CPU', (ctx) => {
    const x = ctx.input(0);
    const dim = ctx.input(1);
    if (dim.size !== 1) throw invalid(`dim must be a scalar, but received tensor of shape: ${shapeString(dim.shape)}`);
    const rank = x.ndim;
    let axis = dim.values[0];
    axis = normalizeAxis(axis, rank, () => invalid(`Expected dimension in the range [${-rank}, ${rank}), but got ${axis}`));
    const n = x.shape[axis];
    if (n === 0) throw invalid(`Reduction axis ${axis} is empty in shape ${shapeString(x.shape)}`);
    const outer = spanSize(x.shape, 0, axis), inner = spanSize(x.shape, axis + 1);
    const out = new NDArray(ctx.attr('output_type') as DType, x.shape.filter((_, i) => i !== axis));
    const v = x.values, o = out.values;
    for (let p = 0; p < outer; p++) {
      for (let s = 0; s < inner; s++) {
        let best = 0, bestValue = v[p * n * inner + s];
        for (let k = 1; k < n; k++) {
          const value = v[(p * n + k) * inner + s];
          if (better(value, bestValue)) { best = k; bestValue = value; }
        }
        o[p * inner + s] = best;
      }
    }
    return [out];
  });
}

// ---- scans and segment sums ----------------------------------------------------------------------

for (const [type, step, init] of [['Cumsum', (a: number, v: number) => a + v, 0], ['Cumprod', (a: number, v: number) => a * v, 1]] as [OpType, (a: number, v: number) => number, number][]) {
  registerKernel(type, 'CPU', (ctx) => {
    const x = ctx.input(0), axisT = ctx.input(1);
    if (axisT.size !== 1) throw invalid(`ScanOp: axis must be a scalar, not ${shapeString(axisT.shape)}`);
    let axis = axisT.values[0];
    const rank = x.ndim;
    axis = normalizeAxis(axis, rank, () => invalid(`ScanOp: Expected scan axis in the range [${-rank}, ${rank}), but got ${axis}`));
    const exclusive = ctx.attr('exclusive') === true, reverse = ctx.attr('reverse') === true;
    const n = x.shape[axis], outer = spanSize(x.shape, 0, axis), inner = spanSize(x.shape, axis + 1);
    const out = new NDArray(x.dtype, x.shape);
    const v = x.values, o = out.values;
    for (let p = 0; p < outer; p++) {
      for (let s = 0; s < inner; s++) {
        let acc = init;
        for (let k = 0; k < n; k++) {
          const i = (p * n + (reverse ? n - 1 - k : k)) * inner + s;
          // exclusive: each element gets the fold of those before it (in scan order), not itself.
          if (exclusive) { o[i] = acc; acc = step(acc, v[i]); } else { acc = step(acc, v[i]); o[i] = acc; }
        }
      }
    }
    return [out];
  });
}

/** Segment reductions: each one's fold and the value a segment starts from. */
interface SegmentReducer { init: (dtype: DType) => number; step: (acc: number, v: number) => number }
const SEGMENT_SUM: SegmentReducer = { init: () => 0, step: (a, v) => a + v };
const SEGMENT_PROD: SegmentReducer = { init: () => 1, step: (a, v) => a * v };
// NaN wins, as Eigen's max/min reducers let it.
const SEGMENT_MAX: SegmentReducer = { init: (d) => d.min, step: (a, v) => (v > a || Number.isNaN(v) ? v : a) };
const SEGMENT_MIN: SegmentReducer = { init: (d) => d.max, step: (a, v) => (v < a || Number.isNaN(v) ? v : a) };

/** UnsortedSegment*: an empty segment keeps the start value (0, 1, the dtype's lowest or highest). */
for (const [type, r] of [['UnsortedSegmentSum', SEGMENT_SUM], ['UnsortedSegmentProd', SEGMENT_PROD], ['UnsortedSegmentMax', SEGMENT_MAX], ['UnsortedSegmentMin', SEGMENT_MIN]] as const) {
  registerKernel(type, 'CPU', (ctx) => {
    const data = ctx.input(0), ids = ctx.input(1), numT = ctx.input(2);
    if (numT.size !== 1) throw invalid(`num_segments should be a scalar, not shape ${shapeString(numT.shape)}`);
    const num = Number(numT.values[0]);
    if (data.shape.length < ids.ndim || ids.shape.some((d, i) => d !== data.shape[i])) {
      throw invalid(`data.shape = ${shapeString(data.shape)} does not start with segment_ids.shape = ${shapeString(ids.shape)}`);
    }
    const sliceShape = data.shape.slice(ids.ndim);
    const inner = spanSize(sliceShape, 0);
    const out = new NDArray(data.dtype, [num, ...sliceShape]);
    const v = data.values, o = out.values, s = ids.values;
    o.fill(r.init(data.dtype) as never);
    for (let i = 0; i < s.length; i++) {
      const seg = Number(s[i]);
      if (seg < 0) continue; // TF drops negative ids
      if (seg >= num) throw invalid(`segment_ids[${i}] = ${seg} is out of range [0, ${num})`);
      for (let k = 0; k < inner; k++) o[seg * inner + k] = r.step(o[seg * inner + k], v[i * inner + k]);
    }
    return [out];
  });
}

/**
 * Segment*: sorted ids; the output has last id + 1 rows, and ids skipped between segments give 0 (1 for
 * SegmentProd), as TF's kernels fill gaps with their default value.
 */
for (const [type, r, gap, mean] of [
  ['SegmentSum', SEGMENT_SUM, 0, false], ['SegmentMean', SEGMENT_SUM, 0, true], ['SegmentProd', SEGMENT_PROD, 1, false],
  ['SegmentMax', SEGMENT_MAX, 0, false], ['SegmentMin', SEGMENT_MIN, 0, false],
] as const) {
  registerKernel(type, 'CPU', (ctx) => {
    const data = ctx.input(0), ids = ctx.input(1);
    if (ids.ndim !== 1) throw invalid('segment_ids should be a vector.');
    const n = ids.size;
    if (data.ndim < 1 || data.shape[0] !== n) throw invalid('segment_ids should be the same size as dimension 0 of input.');
    const s = ids.values;
    const rows = n === 0 ? 0 : Number(s[n - 1]) + 1;
    if (rows < 0) throw invalid('segment ids must be >= 0');
    const sliceShape = data.shape.slice(1), inner = spanSize(sliceShape, 0);
    const out = new NDArray(data.dtype, [rows, ...sliceShape]);
    const v = data.values, o = out.values;
    o.fill(gap as never);
    let start = 0;
    while (start < n) {
      const seg = Number(s[start]);
      let end = start + 1;
      while (end < n && Number(s[end]) === seg) end++;
      if (end < n && Number(s[end]) < seg) throw invalid('segment ids are not increasing');
      if (seg < 0 || seg >= rows) throw invalid(`Segment id ${seg} out of range [0, ${rows}), possibly because 'segment_ids' input is not sorted.`);
      for (let k = 0; k < inner; k++) {
        let acc = r.init(data.dtype);
        for (let i = start; i < end; i++) acc = r.step(acc, v[i * inner + k]);
        o[seg * inner + k] = mean ? (data.dtype.is_integer ? Math.trunc(acc / (end - start)) : acc / (end - start)) : acc;
      }
      start = end;
    }
    return [out];
  });
}

registerKernel('Bincount', 'CPU', (ctx) => {
  const arr = ctx.input(0), sizeT = ctx.input(1), weights = ctx.input(2);
  if (sizeT.ndim !== 0) throw invalid(`Shape must be rank 0 but is rank ${sizeT.ndim}`);
  const size = Number(sizeT.values[0]);
  if (size < 0) throw invalid(`size (${size}) must be non-negative`);
  const out = new NDArray(weights.dtype, [size]);
  const weighted = weights.size > 0;
  if (weighted && weights.size !== arr.size) throw invalid(`Input arr and weights should have the same shape`);
  for (let i = 0; i < arr.size; i++) {
    const v = Number(arr.values[i]);
    if (v < 0) throw invalid('Input arr must be non-negative!');
    // Values at or past size are left out, as TF's kernel does.
    if (v < size) out.values[v] += weighted ? weights.values[i] : 1;
  }
  return [out];
});
