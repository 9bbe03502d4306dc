/** Reference CPU kernel of EditDistance (TF's edit_distance_op.cc): sequences grouped by all index dimensions but the last. */
import { NDArray, StringData } from '../../framework/ndarray';
import { float32 } from '../../framework/dtypes';
import { InvalidArgumentError } from '../../framework/errors';
import { shapeString } from '../../framework/tensor_shape';
import { KernelContext, registerKernel } from '../registry';

type Seq = (number | string)[];

/** Group key (the leading indices) → the values in index order. */
function groups(ctx: KernelContext, first: number, what: string): { shape: number[]; byKey: Map<string, Seq> } {
  const indices = ctx.input(first), values = ctx.input(first + 1), shape = Array.from(ctx.input(first + 2).values);
  if (indices.ndim !== 2) throw new InvalidArgumentError(ctx.op, ctx.op, `${what}_indices should be a matrix, but got shape: ${shapeString(indices.shape)}`);
  if (values.ndim !== 1 || values.size !== indices.shape[0]) {
    throw new InvalidArgumentError(ctx.op, ctx.op, `Expected ${what}_values.NumElements == #rows(${what}_indices), their shapes are: ${shapeString(values.shape)} and ${shapeString(indices.shape)}`);
  }
  if (indices.shape[1] !== shape.length) {
    throw new InvalidArgumentError(ctx.op, ctx.op, `${what}_shape should be a vector of size #cols(${what}_indices), their shapes are: [${shape.length}] and ${shapeString(indices.shape)}`);
  }
  if (shape.length < 1) throw new InvalidArgumentError(ctx.op, ctx.op, `${what}_shape must have at least one dimension`);
  const rank = shape.length, idx = indices.values;
  const read = (i: number): number | string => (values.dtype.storage === 'string' ? new TextDecoder().decode((values.data as StringData)[i]) : values.values[i]);
  const byKey = new Map<string, Seq>();
  for (let r = 0; r < indices.shape[0]; r++) {
    const key = Array.from(idx.slice(r * rank, r * rank + rank - 1)).join(',');
    let seq = byKey.get(key);
    if (!seq) { seq = []; byKey.set(key, seq); }
    seq.push(read(r));
  }
  return { shape, byKey };
}

function levenshtein(a: Seq, b: Seq): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

registerKernel('EditDistance', 'CPU', (ctx) => {
  const normalize = ctx.attr('normalize') === true;
  const h = groups(ctx, 0, 'hypothesis'), t = groups(ctx, 3, 'truth');
  if (h.shape.length !== t.shape.length) {
    throw new InvalidArgumentError(ctx.op, ctx.op, `hypothesis_shape and truth_shape must have the same number of dimensions, but got [${h.shape}] and [${t.shape}]`);
  }
  const outShape = h.shape.slice(0, -1).map((d, i) => Math.max(d, t.shape[i]));
  const out = new NDArray(float32, outShape);
  const strides = outShape.map((_, i) => outShape.slice(i + 1).reduce((a, b) => a * b, 1));
  const at = (key: string) => (key === '' ? 0 : key.split(',').reduce((s, x, i) => s + Number(x) * strides[i], 0));
  for (const [key, hyp] of h.byKey) {
    const truth = t.byKey.get(key);
    out.values[at(key)] = truth ? levenshtein(hyp, truth) / (normalize ? truth.length : 1) : normalize ? Infinity : hyp.length;
  }
  for (const [key, truth] of t.byKey) if (!h.byKey.has(key)) out.values[at(key)] = normalize ? 1 : truth.length;
  return [out];
});
