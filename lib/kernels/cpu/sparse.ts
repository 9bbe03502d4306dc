/**
 * Reference CPU kernels of the sparse ops (TF's core/kernels/sparse_*): a sparse operand is an int64 index
 * matrix [N, rank], its values [N] and its dense shape [rank]; also the sparse segment reductions and
 * GatherNd / ScatterNd, which the sparse gradients use.
 */
import { DType, bool, int64 } from '../../framework/dtypes';
import { InvalidArgumentError } from '../../framework/errors';
import { NDArray, NumericData, numElements } from '../../framework/ndarray';
import { shapeString } from '../../framework/tensor_shape';
import { KernelContext, registerKernel } from '../registry';
import { copyElements, spanSize, stridesOf } from './indexing';
import { broadcastShapes } from './broadcast';
import { fingerprint64, fingerprintCat64 } from './fingerprint';

const invalid = (msg: string) => new InvalidArgumentError(null, null, msg);

/** A sparse operand read from three inputs. */
interface Sparse { readonly n: number; readonly rank: number; readonly ix: NumericData; readonly values: NDArray; readonly shape: number[] }

function readSparse(ctx: KernelContext, first: number, what = 'input'): Sparse {
  const ix = ctx.input(first), values = ctx.input(first + 1), shapeT = ctx.input(first + 2);
  if (ix.ndim !== 2) throw invalid(`${what} indices should be a matrix but received shape ${shapeString(ix.shape)}`);
  if (values.ndim !== 1) throw invalid(`${what} values should be a vector but received shape ${shapeString(values.shape)}`);
  if (shapeT.ndim !== 1) throw invalid(`${what} shape should be a vector but received shape ${shapeString(shapeT.shape)}`);
  if (ix.shape[0] !== values.shape[0]) throw invalid(`Expected ${ix.shape[0]} non-empty ${what} values, got ${values.shape[0]}`);
  if (ix.shape[1] !== shapeT.shape[0]) throw invalid(`${what} indices has ${ix.shape[1]} columns but the shape has ${shapeT.shape[0]} dimensions`);
  return { n: ix.shape[0], rank: ix.shape[1], ix: ix.values, values, shape: Array.from(shapeT.values as ArrayLike<number>, Number) };
}

function indexMatrix(rows: readonly number[][], rank: number): NDArray {
  const out = new NDArray(int64, [rows.length, rank]);
  rows.forEach((r, i) => { for (let d = 0; d < rank; d++) out.values[i * rank + d] = r[d]; });
  return out;
}
const row = (s: Sparse, i: number): number[] => Array.from({ length: s.rank }, (_, d) => s.ix[i * s.rank + d]);
function compareRows(a: readonly number[], b: readonly number[]): number {
  for (let d = 0; d < a.length; d++) if (a[d] !== b[d]) return a[d] - b[d];
  return 0;
}
/** Elements `order[k]` of a vector, in that order. */
function pick(values: NDArray, order: readonly number[]): NDArray {
  const out = new NDArray(values.dtype, [order.length, ...values.shape.slice(1)]);
  const inner = spanSize(values.shape, 1);
  order.forEach((src, k) => copyElements(out, k * inner, values, src * inner, inner));
  return out;
}
const vector = (dtype: DType, xs: readonly number[]): NDArray => { const o = new NDArray(dtype, [xs.length]); xs.forEach((x, i) => { o.values[i] = x; }); return o; };
const int64Vector = (xs: readonly number[]) => vector(int64, xs);
/** The row-major order of the entries (stable, as TF's std::stable_sort-based Reorder). */
const sortedOrder = (rows: readonly number[][]): number[] => rows.map((_, i) => i).sort((a, b) => compareRows(rows[a], rows[b]) || a - b);
const rowsOf = (s: Sparse): number[][] => Array.from({ length: s.n }, (_, i) => row(s, i));

registerKernel('SparseReorder', 'CPU', (ctx) => {
  const s = readSparse(ctx, 0);
  const rows = rowsOf(s), order = sortedOrder(rows);
  return [indexMatrix(order.map((i) => rows[i]), s.rank), pick(s.values, order)];
});

registerKernel('SparseTensorDenseMatMul', 'CPU', (ctx) => {
  const a = readSparse(ctx, 0, 'a'), b = ctx.input(3);
  const adjA = ctx.attr('adjoint_a') === true, adjB = ctx.attr('adjoint_b') === true;
  if (a.rank !== 2 || a.shape.length !== 2) throw invalid(`Tensor 'a_shape' is not a vector of length 2: got ${a.shape.length}`);
  if (b.ndim !== 2) throw invalid(`Tensor 'b' is not a matrix: got shape ${shapeString(b.shape)}`);
  const outRows = adjA ? a.shape[1] : a.shape[0], inner = adjA ? a.shape[0] : a.shape[1];
  const bInner = adjB ? b.shape[1] : b.shape[0], outCols = adjB ? b.shape[0] : b.shape[1];
  if (inner !== bInner) {
    throw invalid(`Cannot multiply A and B because inner dimension does not match: ${inner} vs. ${bInner}.  Did you forget a transpose?  Dimensions of A: [${a.shape[0]}, ${a.shape[1]}).  Dimensions of B: ${shapeString(b.shape)}`);
  }
  const out = new NDArray(a.values.dtype, [outRows, outCols]);
  const o = out.values, bv = b.values, av = a.values.values;
  for (let i = 0; i < a.n; i++) {
    const r0 = a.ix[2 * i], c0 = a.ix[2 * i + 1];
    const m = adjA ? c0 : r0, k = adjA ? r0 : c0;
    if (m < 0 || m >= outRows) throw invalid(`${adjA ? 'k' : 'm'} (${m}) from index[${i},${adjA ? 1 : 0}] out of bounds (>=${outRows})`);
    if (k < 0 || k >= inner) throw invalid(`${adjA ? 'm' : 'k'} (${k}) from index[${i},${adjA ? 0 : 1}] out of bounds (>=${inner})`);
    const v = av[i];
    for (let j = 0; j < outCols; j++) o[m * outCols + j] += v * bv[adjB ? j * b.shape[1] + k : k * b.shape[1] + j];
  }
  return [out];
});

function checkSameShape(a: Sparse, b: Sparse): void {
  if (a.shape.length !== b.shape.length) throw invalid(`Operands do not have the same ranks; got ranks ${a.shape.length} and ${b.shape.length}`);
  a.shape.forEach((d, i) => { if (d !== b.shape[i]) throw invalid(`Operands' shapes do not match: got ${d} and ${b.shape[i]} for dimension ${i}`); });
}

/** Walks two row-major-ordered index lists together: `fn(ia, ib)` with -1 for the side that lacks the entry. */
function mergeWalk(a: Sparse, b: Sparse, fn: (ia: number, ib: number) => void): void {
  let i = 0, j = 0;
  while (i < a.n || j < b.n) {
    const c = i >= a.n ? 1 : j >= b.n ? -1 : compareRows(row(a, i), row(b, j));
    if (c === 0) fn(i++, j++);
    else if (c < 0) fn(i++, -1);
    else fn(-1, j++);
  }
}

registerKernel('SparseAdd', 'CPU', (ctx) => {
  const a = readSparse(ctx, 0, 'a'), b = readSparse(ctx, 3, 'b'), thresh = Number(ctx.input(6).values[0]);
  checkSameShape(a, b);
  const rows: number[][] = [], sums: number[] = [];
  const av = a.values.values, bv = b.values.values;
  mergeWalk(a, b, (i, j) => {
    if (i >= 0 && j >= 0) {
      const s = av[i] + bv[j];
      if (thresh <= Math.abs(s)) { rows.push(row(a, i)); sums.push(s); }
    } else if (i >= 0) { rows.push(row(a, i)); sums.push(av[i]); } else { rows.push(row(b, j)); sums.push(bv[j]); }
  });
  return [indexMatrix(rows, a.rank), vector(a.values.dtype, sums), int64Vector(a.shape)];
});

registerKernel('SparseAddGrad', 'CPU', (ctx) => {
  const grad = ctx.input(0), aIx = ctx.input(1), bIx = ctx.input(2), sumIx = ctx.input(3);
  const asSparse = (t: NDArray): Sparse => ({ n: t.shape[0], rank: t.shape[1], ix: t.values, values: grad, shape: [] });
  const a = asSparse(aIx), b = asSparse(bIx), sum = asSparse(sumIx);
  const da = new NDArray(grad.dtype, [a.n]), db = new NDArray(grad.dtype, [b.n]);
  let k = 0;
  mergeWalk(a, b, (i, j) => {
    const r = i >= 0 ? row(a, i) : row(b, j);
    // An entry dropped by the threshold is absent from the sum and gets no gradient.
    if (k < sum.n && compareRows(row(sum, k), r) === 0) {
      if (i >= 0) da.values[i] = grad.values[k];
      if (j >= 0) db.values[j] = grad.values[k];
      k++;
    }
  });
  return [da, db];
});

registerKernel('SparseTensorDenseAdd', 'CPU', (ctx) => {
  const a = readSparse(ctx, 0, 'a'), b = ctx.input(3);
  if (a.shape.length !== b.ndim || a.shape.some((d, i) => d !== b.shape[i])) {
    throw invalid(`Dimensions ${shapeString(a.shape)} and ${shapeString(b.shape)} are not compatible`);
  }
  const out = new NDArray(b.dtype, b.shape, (b.data as NumericData).slice());
  const strides = stridesOf(b.shape);
  for (let i = 0; i < a.n; i++) {
    const r = row(a, i);
    if (r.some((x, d) => x < 0 || x >= b.shape[d])) throw invalid(`indices[${i}] = [${r.join(',')}] is out of bounds: need 0 <= index < ${shapeString(b.shape)}`);
    out.values[r.reduce((acc, x, d) => acc + x * strides[d], 0)] += a.values.values[i];
  }
  return [out];
});

registerKernel('SparseReshape', 'CPU', (ctx) => {
  const ix = ctx.input(0), inShape = Array.from(ctx.input(1).values as ArrayLike<number>, Number);
  const target = Array.from(ctx.input(2).values as ArrayLike<number>, Number);
  const n = ix.shape[0], rank = ix.shape[1];
  const dense = numElements(inShape);
  let unknown = -1, product = 1;
  target.forEach((d, i) => {
    if (d === -1) {
      if (unknown >= 0) throw invalid(`only one output dimension may be -1, not both ${unknown} and ${i}`);
      unknown = i;
    } else if (d < 0) throw invalid(`size ${i} must be non-negative, not ${d}`);
    else product *= d;
  });
  const outShape = [...target];
  if (unknown >= 0) {
    if (product === 0 || dense % product !== 0) throw invalid(`Input to reshape is a SparseTensor with ${dense} dense values, but the requested shape requires a multiple of ${product}. inputShape=${shapeString(inShape)} outputShape=${shapeString(target)}`);
    outShape[unknown] = dense / product;
  }
  if (numElements(outShape) !== dense) throw invalid(`Input to reshape is a tensor with ${dense} dense values, but the requested shape has ${numElements(outShape)}. inputShape=${shapeString(inShape)} outputShape=${shapeString(outShape)}`);
  const inStrides = stridesOf(inShape), outStrides = stridesOf(outShape);
  const out = new NDArray(int64, [n, outShape.length]);
  for (let i = 0; i < n; i++) {
    let flat = 0;
    for (let d = 0; d < rank; d++) flat += ix.values[i * rank + d] * inStrides[d];
    for (let d = 0; d < outShape.length; d++) { out.values[i * outShape.length + d] = Math.floor(flat / outStrides[d]); flat %= outStrides[d]; }
  }
  return [out, int64Vector(outShape)];
});

registerKernel('SparseConcat', 'CPU', (ctx) => {
  const count = ctx.attr('N') as number;
  const parts = Array.from({ length: count }, (_, k): Sparse => {
    const ix = ctx.input(k), values = ctx.input(count + k), shapeT = ctx.input(2 * count + k);
    return { n: ix.shape[0], rank: ix.shape[1], ix: ix.values, values, shape: Array.from(shapeT.values as ArrayLike<number>, Number) };
  });
  const rank = parts[0].shape.length;
  const given = ctx.attr('concat_dim') as number;
  const dim = given < 0 ? given + rank : given;
  if (dim < 0 || dim >= rank) throw invalid(`Concat dimension must be in range [${-rank}, ${rank}), got ${given}`);
  parts.forEach((p, k) => {
    if (p.shape.length !== rank) throw invalid(`Ranks of all input tensors must match: expected ${rank} but got ${p.shape.length} at position ${k}`);
    p.shape.forEach((d, j) => { if (j !== dim && d !== parts[0].shape[j]) throw invalid(`All dimensions except ${dim} must match. Input ${k} has shape ${shapeString(p.shape)} and doesn't match input 0 with shape ${shapeString(parts[0].shape)}.`); });
  });
  const rows: number[][] = [], from: [number, number][] = [];
  let offset = 0;
  parts.forEach((p, k) => {
    for (let i = 0; i < p.n; i++) { const r = row(p, i); r[dim] += offset; rows.push(r); from.push([k, i]); }
    offset += p.shape[dim];
  });
  const order = sortedOrder(rows);
  const values = new NDArray(parts[0].values.dtype, [rows.length]);
  order.forEach((src, i) => copyElements(values, i, parts[from[src][0]].values, from[src][1], 1));
  const outShape = [...parts[0].shape];
  outShape[dim] = offset;
  return [indexMatrix(order.map((i) => rows[i]), rank), values, int64Vector(outShape)];
});

registerKernel('SparseSlice', 'CPU', (ctx) => {
  const s = readSparse(ctx, 0);
  const start = Array.from(ctx.input(3).values as ArrayLike<number>, Number), size = Array.from(ctx.input(4).values as ArrayLike<number>, Number);
  if (start.length !== s.rank) throw invalid(`Expected start to be a vector of length ${s.rank} but got length ${start.length}`);
  if (size.length !== s.rank) throw invalid(`Expected size to be a vector of length ${s.rank} but got length ${size.length}`);
  const rows: number[][] = [], kept: number[] = [];
  for (let i = 0; i < s.n; i++) {
    const r = row(s, i);
    if (r.every((x, d) => x >= start[d] && x < start[d] + size[d])) { rows.push(r.map((x, d) => x - start[d])); kept.push(i); }
  }
  const outShape = s.shape.map((d, i) => Math.max(Math.min(start[i] + size[i], d) - start[i], 0));
  return [indexMatrix(rows, s.rank), pick(s.values, kept), int64Vector(outShape)];
});

registerKernel('SparseSliceGrad', 'CPU', (ctx) => {
  const grad = ctx.input(0), inIx = ctx.input(1), start = ctx.input(2).values, outIx = ctx.input(3);
  const n = inIx.shape[0], rank = inIx.shape[1], m = outIx.shape[0];
  const out = new NDArray(grad.dtype, [n]);
  let k = 0;
  for (let i = 0; i < n && k < m; i++) {
    let same = true;
    for (let d = 0; d < rank && same; d++) same = inIx.values[i * rank + d] === outIx.values[k * rank + d] + start[d];
    if (same) out.values[i] = grad.values[k++];
  }
  if (k !== m) throw invalid(`Elements of backprop_val_grad aren't all propagated. Num elements: ${m}, used: ${k}`);
  return [out];
});

registerKernel('SparseSplit', 'CPU', (ctx) => {
  const numSplit = ctx.attr('num_split') as number;
  const s = readSparse(ctx, 1);
  const given = Number(ctx.input(0).values[0]);
  const dim = given < 0 ? given + s.rank : given;
  if (dim < 0 || dim >= s.rank) throw invalid(`Input split_dim should be between ${-s.rank} and ${s.rank}, got ${given}`);
  const total = s.shape[dim];
  if (numSplit < 1 || numSplit > total) throw invalid(`Input num_split should be between 1 and ${total} inclusive, got ${numSplit}`);
  // The first total % num_split parts are one longer.
  const base = Math.floor(total / numSplit), extra = total % numSplit;
  const startOf = (p: number) => p * base + Math.min(p, extra);
  const partOf = (x: number) => { let p = 0; while (p + 1 < numSplit && startOf(p + 1) <= x) p++; return p; };
  const rows: number[][][] = Array.from({ length: numSplit }, () => []), kept: number[][] = Array.from({ length: numSplit }, () => []);
  for (let i = 0; i < s.n; i++) {
    const r = row(s, i), p = partOf(r[dim]);
    r[dim] -= startOf(p);
    rows[p].push(r); kept[p].push(i);
  }
  const shapes = rows.map((_, p) => { const sh = [...s.shape]; sh[dim] = startOf(p + 1) - startOf(p); return int64Vector(sh); });
  return [...rows.map((r) => indexMatrix(r, s.rank)), ...kept.map((k) => pick(s.values, k)), ...shapes];
});

/** The groups of entries sharing their kept coordinates, in row-major order of those coordinates. */
function reduceGroups(ctx: KernelContext): { s: Sparse; axes: Set<number>; groups: Map<string, { key: number[]; members: number[] }>; keys: string[] } {
  const s = readSparse(ctx, 0);
  const axesT = ctx.input(3);
  const axes = new Set<number>();
  for (const a of Array.from(axesT.values as ArrayLike<number>, Number)) {
    if (a < -s.rank || a >= s.rank) throw invalid(`Invalid reduction dimension ${a}, for input with ${s.rank} dimensions.`);
    axes.add(a < 0 ? a + s.rank : a);
  }
  const groups = new Map<string, { key: number[]; members: number[] }>();
  for (let i = 0; i < s.n; i++) {
    const key = row(s, i).filter((_, d) => !axes.has(d));
    const k = key.join(',');
    const g = groups.get(k);
    if (g) g.members.push(i); else groups.set(k, { key, members: [i] });
  }
  const keys = [...groups.keys()].sort((x, y) => compareRows(groups.get(x)!.key, groups.get(y)!.key));
  return { s, axes, groups, keys };
}

function reducedValue(kind: 'sum' | 'max', values: NumericData, members: readonly number[]): number {
  if (kind === 'sum') return members.reduce((acc, i) => acc + values[i], 0);
  return members.reduce((acc, i) => Math.max(acc, values[i]), -Infinity);
}

for (const [type, kind, sparseOut] of [
  ['SparseReduceSum', 'sum', false], ['SparseReduceMax', 'max', false], ['SparseReduceSumSparse', 'sum', true], ['SparseReduceMaxSparse', 'max', true],
] as const) {
  registerKernel(type, 'CPU', (ctx) => {
    const { s, axes, groups, keys } = reduceGroups(ctx);
    const keepDims = ctx.attr('keep_dims') === true;
    const keptDims = s.shape.map((d, i) => (axes.has(i) ? (keepDims ? 1 : null) : d)).filter((d): d is number => d !== null);
    // Where kept, a reduced dimension has coordinate 0.
    const fullKey = (key: number[]) => { let j = 0; return s.shape.flatMap((_, d) => (axes.has(d) ? (keepDims ? [0] : []) : [key[j++]])); };
    if (sparseOut) {
      const vals = keys.map((k) => reducedValue(kind, s.values.values, groups.get(k)!.members));
      return [indexMatrix(keys.map((k) => fullKey(groups.get(k)!.key)), keptDims.length), vector(s.values.dtype, vals), int64Vector(keptDims)];
    }
    // Positions without entries reduce to 0, as TF's kernel leaves them.
    const out = new NDArray(s.values.dtype, keptDims);
    const strides = stridesOf(keptDims);
    for (const k of keys) {
      const g = groups.get(k)!;
      out.values[fullKey(g.key).reduce((acc, x, d) => acc + x * strides[d], 0)] = reducedValue(kind, s.values.values, g.members);
    }
    return [out];
  });
}

registerKernel('SparseSoftmax', 'CPU', (ctx) => {
  const s = readSparse(ctx, 0, 'sp');
  if (s.rank < 2) throw invalid(`Input should have rank >= 2, but received shape: ${shapeString(s.shape)}`);
  const out = new NDArray(s.values.dtype, [s.n]);
  const groups = new Map<string, number[]>();
  for (let i = 0; i < s.n; i++) {
    const k = row(s, i).slice(0, -1).join(',');
    const g = groups.get(k);
    if (g) g.push(i); else groups.set(k, [i]);
  }
  const v = s.values.values;
  for (const members of groups.values()) {
    const m = Math.max(...members.map((i) => v[i]));
    const e = members.map((i) => Math.exp(v[i] - m));
    const total = e.reduce((a, x) => a + x, 0);
    members.forEach((i, k) => { out.values[i] = e[k] / total; });
  }
  return [out];
});

for (const [type, f] of [['SparseSparseMaximum', Math.max], ['SparseSparseMinimum', Math.min]] as const) {
  registerKernel(type, 'CPU', (ctx) => {
    const a = readSparse(ctx, 0, 'a'), b = readSparse(ctx, 3, 'b');
    checkSameShape(a, b);
    const rows: number[][] = [], vals: number[] = [];
    // An entry on one side only meets the other side's implicit zero.
    mergeWalk(a, b, (i, j) => {
      rows.push(i >= 0 ? row(a, i) : row(b, j));
      vals.push(f(i >= 0 ? a.values.values[i] : 0, j >= 0 ? b.values.values[j] : 0));
    });
    return [indexMatrix(rows, a.rank), vector(a.values.dtype, vals)];
  });
}

for (const [type, f] of [
  ['SparseDenseCwiseAdd', (x: number, y: number) => x + y], ['SparseDenseCwiseMul', (x: number, y: number) => x * y], ['SparseDenseCwiseDiv', (x: number, y: number) => x / y],
] as const) {
  registerKernel(type, 'CPU', (ctx) => {
    const s = readSparse(ctx, 0, 'sp'), dense = ctx.input(3);
    let ok = dense.ndim <= s.rank;
    try { ok = ok && broadcastShapes(s.shape, dense.shape).every((d, i) => d === s.shape[i]); } catch { ok = false; }
    if (!ok) throw invalid(`SparseDenseBinaryOpShared broadcasts dense to sparse only; got incompatible shapes: [${s.shape.join(',')}] vs. [${dense.shape.join(',')}]`);
    const lead = s.rank - dense.ndim, strides = stridesOf(dense.shape);
    const out = new NDArray(s.values.dtype, [s.n]);
    for (let i = 0; i < s.n; i++) {
      let at = 0;
      for (let d = 0; d < dense.ndim; d++) at += (dense.shape[d] === 1 ? 0 : s.ix[i * s.rank + lead + d]) * strides[d];
      out.values[i] = f(s.values.values[i], dense.values[at]);
    }
    if (s.values.dtype.is_integer) for (let i = 0; i < s.n; i++) out.values[i] = Math.trunc(out.values[i]);
    return [out];
  });
}

registerKernel('SparseFillEmptyRows', 'CPU', (ctx) => {
  const s = readSparse(ctx, 0), def = ctx.input(3);
  if (def.ndim !== 0) throw invalid(`default_value must be a scalar, saw: ${shapeString(def.shape)}`);
  if (s.rank < 1) throw invalid('dense_shape must have at least one dimension');
  const rowsN = s.shape[0];
  const byRow: number[][] = Array.from({ length: rowsN }, () => []);
  for (let i = 0; i < s.n; i++) {
    const r = s.ix[i * s.rank];
    if (r < 0 || r >= rowsN) throw invalid(`indices(${i}, 0) is invalid: ${r} >= ${rowsN}`);
    byRow[r].push(i);
  }
  const rows: number[][] = [], empty = new NDArray(bool, [rowsN]), reverse = new NDArray(int64, [s.n]);
  const values = new NDArray(s.values.dtype, [s.n + byRow.filter((r) => r.length === 0).length]);
  byRow.forEach((members, r) => {
    if (members.length === 0) {
      empty.values[r] = 1;
      copyElements(values, rows.length, def, 0, 1);
      rows.push([r, ...Array<number>(s.rank - 1).fill(0)]);
      return;
    }
    for (const i of members) { reverse.values[i] = rows.length; copyElements(values, rows.length, s.values, i, 1); rows.push(row(s, i)); }
  });
  return [indexMatrix(rows, s.rank), values, empty, reverse];
});

registerKernel('SparseFillEmptyRowsGrad', 'CPU', (ctx) => {
  const reverse = ctx.input(0), grad = ctx.input(1);
  const dValues = new NDArray(grad.dtype, [reverse.size]), used = new Uint8Array(grad.size);
  for (let i = 0; i < reverse.size; i++) {
    const at = reverse.values[i];
    if (at < 0 || at >= grad.size) throw invalid(`Elements in reverse index must be in [0, ${grad.size}) but got ${at}`);
    dValues.values[i] = grad.values[at];
    used[at] = 1;
  }
  let dDefault = 0;
  for (let k = 0; k < grad.size; k++) if (!used[k]) dDefault += grad.values[k];
  return [dValues, vector(grad.dtype, [dDefault]).reshape([])];
});

// ---- segment reductions -------------------------------------------------------------------------

type SegmentKind = 'sum' | 'mean' | 'sqrt_n';
for (const [type, kind, withNum] of [
  ['SparseSegmentSum', 'sum', false], ['SparseSegmentMean', 'mean', false], ['SparseSegmentSqrtN', 'sqrt_n', false],
  ['SparseSegmentSumWithNumSegments', 'sum', true], ['SparseSegmentMeanWithNumSegments', 'mean', true], ['SparseSegmentSqrtNWithNumSegments', 'sqrt_n', true],
] as const) {
  registerKernel(type, 'CPU', (ctx) => {
    const data = ctx.input(0), indices = ctx.input(1), ids = ctx.input(2);
    if (indices.ndim !== 1) throw invalid('indices should be a vector.');
    if (ids.ndim !== 1) throw invalid('segment_ids should be a vector.');
    if (indices.size !== ids.size) throw invalid(`segment_ids and indices should have same size.`);
    const n = ids.size;
    const last = n ? Number(ids.values[n - 1]) + 1 : 0;
    const segments = withNum ? Number(ctx.input(3).values[0]) : last;
    if (withNum && last > segments) throw invalid(`segment ids must be < num_segments`);
    const inner = spanSize(data.shape, 1);
    const out = new NDArray(data.dtype, [segments, ...data.shape.slice(1)]);
    const counts = new Float64Array(segments);
    for (let i = 0; i < n; i++) {
      const seg = Number(ids.values[i]), at = Number(indices.values[i]);
      if (i > 0 && seg < Number(ids.values[i - 1])) throw invalid('segment ids are not increasing');
      if (seg < 0 || seg >= segments) throw invalid(`Segment id ${seg} out of range [0, ${segments}), possibly because 'segment_ids' input is not sorted.`);
      if (at < 0 || at >= data.shape[0]) throw invalid(`Bad: indices[${i}] == ${at} out of range [0, ${data.shape[0]})`);
      counts[seg]++;
      for (let k = 0; k < inner; k++) out.values[seg * inner + k] += data.values[at * inner + k];
    }
    segmentScale(kind, out, counts, inner);
    return [out];
  });
}

function segmentScale(kind: SegmentKind, out: NDArray, counts: Float64Array, inner: number): void {
  if (kind === 'sum') return;
  for (let seg = 0; seg < counts.length; seg++) {
    if (counts[seg] === 0) continue;
    const scale = kind === 'mean' ? counts[seg] : Math.sqrt(counts[seg]);
    for (let k = 0; k < inner; k++) out.values[seg * inner + k] /= scale;
  }
}

for (const [type, kind] of [['SparseSegmentMeanGrad', 'mean'], ['SparseSegmentSqrtNGrad', 'sqrt_n']] as const) {
  registerKernel(type, 'CPU', (ctx) => {
    const grad = ctx.input(0), indices = ctx.input(1), ids = ctx.input(2), dim0 = Number(ctx.input(3).values[0]);
    const inner = spanSize(grad.shape, 1), segments = grad.shape[0];
    const counts = new Float64Array(segments);
    for (let i = 0; i < ids.size; i++) {
      const seg = Number(ids.values[i]);
      if (seg < 0 || seg >= segments) throw invalid(`Segment id ${seg} out of range [0, ${segments}).`);
      counts[seg]++;
    }
    const out = new NDArray(grad.dtype, [dim0, ...grad.shape.slice(1)]);
    for (let i = 0; i < ids.size; i++) {
      const seg = Number(ids.values[i]), at = Number(indices.values[i]);
      if (at < 0 || at >= dim0) throw invalid(`Index ${at} out of range [0, ${dim0}).`);
      const scale = kind === 'mean' ? counts[seg] : Math.sqrt(counts[seg]);
      for (let k = 0; k < inner; k++) out.values[at * inner + k] += grad.values[seg * inner + k] / scale;
    }
    return [out];
  });
}

// ---- GatherNd / ScatterNd --------------------------------------------------------------------

registerKernel('GatherNd', 'CPU', (ctx) => {
  const params = ctx.input(0), indices = ctx.input(1);
  if (indices.ndim < 1) throw invalid(`indices must be at least a vector, but saw shape: ${shapeString(indices.shape)}`);
  const m = indices.shape[indices.ndim - 1];
  if (m > params.ndim) throw invalid(`index innermost dimension length must be <= params rank; saw: ${m} vs. ${params.ndim}`);
  const outer = indices.shape.slice(0, -1), slice = params.shape.slice(m), inner = spanSize(slice, 0);
  const strides = stridesOf(params.shape);
  const count = numElements(outer);
  const out = new NDArray(params.dtype, [...outer, ...slice]);
  for (let i = 0; i < count; i++) {
    let at = 0;
    for (let d = 0; d < m; d++) {
      const x = Number(indices.values[i * m + d]);
      if (x < 0 || x >= params.shape[d]) {
        const coord = Array.from({ length: m }, (_, e) => Number(indices.values[i * m + e]));
        throw invalid(`indices[${outer.length ? stridesIndex(i, outer) : ''}] = [${coord.join(', ')}] does not index into param shape ${shapeString(params.shape)}`);
      }
      at += x * strides[d];
    }
    copyElements(out, i * inner, params, at, inner);
  }
  return [out];
});

/** Flat position `i` of `shape` as TF prints a coordinate (`1,0`). */
function stridesIndex(i: number, shape: readonly number[]): string {
  const strides = stridesOf(shape);
  return shape.map((_, d) => { const c = Math.floor(i / strides[d]); i %= strides[d]; return c; }).join(',');
}

registerKernel('ScatterNd', 'CPU', (ctx) => {
  const indices = ctx.input(0), updates = ctx.input(1), shape = Array.from(ctx.input(2).values as ArrayLike<number>, Number);
  const m = indices.shape[indices.ndim - 1];
  const outer = indices.shape.slice(0, -1), count = numElements(outer), inner = spanSize(shape, m);
  if (updates.size !== count * inner) throw invalid(`The outer ${outer.length} dimensions of updates.shape=${shapeString(updates.shape)} must match the outer ${outer.length} dimensions of indices.shape=${shapeString(indices.shape)}`);
  const out = new NDArray(updates.dtype, shape);
  const strides = stridesOf(shape);
  for (let i = 0; i < count; i++) {
    let at = 0;
    for (let d = 0; d < m; d++) {
      const x = Number(indices.values[i * m + d]);
      if (x < 0 || x >= shape[d]) throw invalid(`indices[${stridesIndex(i, outer)}] = [${Array.from({ length: m }, (_, e) => Number(indices.values[i * m + e])).join(', ')}] does not index into shape ${shapeString(shape)}`);
      at += x * strides[d];
    }
    for (let k = 0; k < inner; k++) out.values[at + k] += updates.values[i * inner + k];
  }
  return [out];
});

/**
 * SparseCross: per batch row, every combination of one feature from each input (sparse inputs first, then
 * dense ones; the last input varies fastest). Hashed output chains `hash_key` with each feature's
 * fingerprint (strings: Fingerprint64; int64: the value itself) by FingerprintCat64, modulo `num_buckets`;
 * string output joins the features with `_X_`.
 */
registerKernel('SparseCross', 'CPU', (ctx) => {
  const n = ctx.attr('N') as number;
  const nDense = (ctx.attr('dense_types') as DType[]).length;
  const hashed = ctx.attr('hashed_output') as boolean;
  const numBuckets = BigInt(ctx.attr('num_buckets') as number);
  const hashKey = BigInt.asUintN(64, BigInt(ctx.attr('hash_key') as number));
  interface Column { count(b: number): number; str(b: number, k: number): string; hash(b: number, k: number): bigint }
  const valueOf = (a: NDArray) => a.dtype.storage === 'string'
    ? { str: (i: number) => new TextDecoder().decode((a.data as Uint8Array[])[i]), hash: (i: number) => fingerprint64((a.data as Uint8Array[])[i]) }
    : { str: (i: number) => String(a.values[i]), hash: (i: number) => BigInt.asUintN(64, BigInt(a.values[i])) };
  let batch = 0;
  if (n > 0) batch = ctx.input(2 * n).values[0];
  else if (nDense > 0) batch = ctx.input(3 * n).shape[0];
  const columns: Column[] = [];
  for (let i = 0; i < n; i++) {
    const ix = ctx.input(i), values = ctx.input(n + i), shape = ctx.input(2 * n + i);
    if (ix.ndim !== 2) throw invalid(`Input indices should be a matrix but received shape ${shapeString(ix.shape)} at position ${i}`);
    if (ix.shape[1] !== 2) throw invalid(`Expected D2 of index to be 2 got ${ix.shape[1]} at position ${i}`);
    if (values.shape[0] !== ix.shape[0]) throw invalid(`Expected size of values to be ${ix.shape[0]} got ${values.shape[0]} at position ${i}`);
    if (shape.size !== 2) throw invalid(`shape should imply a 2D tensor, but got ${shapeString(shape.shape)} at position ${i}`);
    if (shape.values[0] !== batch) throw invalid(`Expected batch size ${batch} got ${shape.values[0]} at position ${i}`);
    const counts = new Array<number>(batch).fill(0), starts = new Array<number>(batch).fill(0);
    let row = 0;
    for (let b = 0; b < batch; b++) {
      starts[b] = row;
      while (row < ix.shape[0] && ix.values[row * 2] === b) row++;
      counts[b] = row - starts[b];
    }
    const val = valueOf(values);
    columns.push({ count: (b) => counts[b], str: (b, k) => val.str(starts[b] + k), hash: (b, k) => val.hash(starts[b] + k) });
  }
  for (let i = 0; i < nDense; i++) {
    const d = ctx.input(3 * n + i);
    if (d.ndim !== 2) throw invalid(`Dense inputs should be a matrix but received shape ${shapeString(d.shape)} at position ${i}`);
    if (d.shape[0] !== batch) throw invalid(`Expected batch size ${batch} got ${d.shape[0]} at dense tensor ${i}`);
    const width = d.shape[1], val = valueOf(d);
    columns.push({ count: () => width, str: (b, k) => val.str(b * width + k), hash: (b, k) => val.hash(b * width + k) });
  }
  const rows: (bigint | string)[][] = [];
  let total = 0, widest = 0;
  for (let b = 0; b < batch; b++) {
    const counts = columns.map((c) => c.count(b));
    const crosses: (bigint | string)[] = [];
    if (counts.every((c) => c > 0)) {
      const at = counts.map(() => 0);
      for (;;) {
        if (hashed) {
          let h = hashKey;
          columns.forEach((c, i) => { h = fingerprintCat64(h, c.hash(b, at[i])); });
          crosses.push(numBuckets > 0n ? h % numBuckets : h % ((1n << 63n) - 1n));
        } else crosses.push(columns.map((c, i) => c.str(b, at[i])).join('_X_'));
        let i = at.length - 1;
        for (; i >= 0; i--) { at[i]++; if (at[i] < counts[i]) break; at[i] = 0; }
        if (i < 0) break;
      }
    }
    rows.push(crosses);
    total += crosses.length;
    widest = Math.max(widest, crosses.length);
  }
  const indices = new NDArray(int64, [total, 2]);
  const flat = rows.flatMap((r, b) => r.map((v, k) => ({ b, k, v })));
  flat.forEach(({ b, k }, i) => { indices.values[2 * i] = b; indices.values[2 * i + 1] = k; });
  // int64 is held as a float64 here: hashes above 2^53 (num_buckets 0) lose their low bits.
  const values = hashed ? NDArray.from(flat.map(({ v }) => Number(v)), 'int64').reshape([total])
    : NDArray.fromStrings(flat.map(({ v }) => v as string), [total]);
  return [indices, values, NDArray.from([batch, widest], 'int64').reshape([2])];
});
