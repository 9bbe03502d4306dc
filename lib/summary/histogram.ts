/**
 * TF's histogram (tensorflow/core/lib/histogram): fixed bucket limits growing by 10% from 1e-12 to
 * 1e20, mirrored for negatives, with 0 and ±DBL_MAX at the ends; encoded with runs of empty buckets
 * collapsed into one, as HistogramSummary stores it.
 */
import { HistogramProto } from '../proto';

const DBL_MAX = Number.MAX_VALUE;

function defaultBucketLimits(): number[] {
  const positive: number[] = [];
  for (let v = 1e-12; v < 1e20; v *= 1.1) positive.push(v);
  positive.push(DBL_MAX);
  const negative = positive.map((v) => -v).reverse();
  return [...negative, 0, ...positive];
}

let limitsCache: number[] | undefined;
/** The default bucket limits (right edges), shared by every histogram. */
export function bucketLimits(): readonly number[] { return (limitsCache ??= defaultBucketLimits()); }

/** Index of the first limit greater than `v` (std::upper_bound). */
function bucketIndex(limits: readonly number[], v: number): number {
  let lo = 0, hi = limits.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (limits[mid] > v) hi = mid; else lo = mid + 1;
  }
  return lo;
}

/** The HistogramProto of finite values, as TF's Histogram::Add then EncodeToProto(preserve_zero_buckets=false). */
export function histogramProto(values: ArrayLike<number>): HistogramProto {
  const limits = bucketLimits();
  const buckets = new Float64Array(limits.length);
  let min = DBL_MAX, max = -DBL_MAX, sum = 0, sumSquares = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    buckets[bucketIndex(limits, v)] += 1;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    sumSquares += v * v;
  }
  const bucket_limit: number[] = [], bucket: number[] = [];
  for (let i = 0; i < buckets.length;) {
    let end = limits[i], count = buckets[i];
    i++;
    if (count <= 0) {
      while (i < buckets.length && buckets[i] <= 0) { end = limits[i]; count = buckets[i]; i++; }
    }
    bucket_limit.push(end);
    bucket.push(count);
  }
  return { min, max, num: values.length, sum, sum_squares: sumSquares, bucket_limit, bucket };
}
