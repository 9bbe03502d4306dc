/**
 * Reference CPU kernels for constants, placeholders and identity.
 */
import { InvalidArgumentError, UnimplementedError } from '../../framework/errors';
import { DType } from '../../framework/dtypes';
import { TensorShape, normalizeAxis } from '../../framework/tensor_shape';
import { NDArray } from '../../framework/ndarray';
import { registerKernel } from '../registry';

registerKernel('Const', 'CPU', (ctx) => [ctx.attr('value') as NDArray]);

registerKernel('Placeholder', 'CPU', (ctx) => {
  const dtype = ctx.attr('dtype') as DType;
  const shape = ctx.op.attrs.has('shape') ? (ctx.attr('shape') as TensorShape) : new TensorShape(null);
  const shapeText = shape.dims === null ? '' : ` and shape ${shape.debugString()}`;
  throw new InvalidArgumentError(null, null, `You must feed a value for placeholder tensor '${ctx.op.name}' with dtype ${dtype.cpp_name}${shapeText}`);
});

registerKernel('PlaceholderWithDefault', 'CPU', (ctx) => [ctx.input(0)]);
registerKernel('Identity', 'CPU', (ctx) => [ctx.input(0)]);
registerKernel('GuaranteeConst', 'CPU', (ctx) => [ctx.input(0)]);
registerKernel('IdentityN', 'CPU', (ctx) => Array.from({ length: ctx.numInputs }, (_, i) => ctx.input(i)));
registerKernel('NoOp', 'CPU', () => []);

// =============================================================================================
// Shape manipulation, slicing, gathering and selection.
// =============================================================================================
import { int32, int64 } from '../../framework/dtypes';
import { ValueError } from '../../framework/errors';
import { shapeString } from '../../framework/tensor_shape';
import { numElements } from '../../framework/ndarray';
import { KernelContext } from '../registry';
import { copyElements, filledWith, iota, productIndex, putFlat, spanSize, stridesOf, takeFlat } from './indexing';
import { broadcastShapes, broadcastStrides } from './broadcast';
import { planStridedSlice, sliceExtent, stridedSliceMasks, SliceSpecError } from '../../ops/slicing';

const invalid = (message: string) => new InvalidArgumentError(null, null, message);

/** Integer values of input i (shape vectors, axes, multiples ...). */
function ints(ctx: KernelContext, i: number): number[] { return Array.from(ctx.input(i).values); }

/** A shape vector input: rank 1, every dimension >= 0. */
function shapeVector(ctx: KernelContext, i: number, what: string): number[] {
  const t = ctx.input(i);
  if (t.ndim !== 1) throw invalid(`${what} must be a vector of {int32,int64}, got shape ${shapeString(t.shape)}`);
  const dims = Array.from(t.values);
  const bad = dims.findIndex((d) => d < 0);
  if (bad >= 0) throw invalid(`Dimension ${dims[bad]} must be >= 0`);
  return dims;
}

/** A scalar integer input, with TF's message when it is not one. */
function scalarInt(ctx: KernelContext, i: number, what: string): number {
  const t = ctx.input(i);
  if (t.size !== 1) throw invalid(`${what} must be a scalar, got shape ${shapeString(t.shape)}`);
  return t.values[0];
}

/** Runs a check written for build time (ValueError) as a runtime check (InvalidArgumentError). */
function atRuntime<R>(fn: () => R): R {
  try { return fn(); } catch (e) {
    if (e instanceof ValueError || e instanceof SliceSpecError) throw invalid(e.message);
    throw e;
  }
}

registerKernel('Reshape', 'CPU', (ctx) => {
  const x = ctx.input(0);
  const requested = ints(ctx, 1);
  let unknown = -1, known = 1;
  requested.forEach((d, i) => {
    if (d === -1) {
      if (unknown >= 0) throw invalid(`Only one input size may be -1, not both ${unknown} and ${i}`);
      unknown = i;
    } else if (d < 0) throw invalid(`Size ${i} must be non-negative, not ${d}`);
    else known *= d;
  });
  const shape = [...requested];
  if (unknown >= 0) {
    if (known === 0) {
      if (x.size !== 0) throw invalid(`Reshape cannot infer the missing input size for an empty tensor unless all specified input sizes are non-zero`);
      shape[unknown] = 0;
    } else {
      if (x.size % known !== 0) throw invalid(`Input to reshape is a tensor with ${x.size} values, but the requested shape requires a multiple of ${known}`);
      shape[unknown] = x.size / known;
    }
  } else if (known !== x.size) {
    throw invalid(`Input to reshape is a tensor with ${x.size} values, but the requested shape has ${known}`);
  }
  return [x.reshape(shape)];
});

registerKernel('Shape', 'CPU', (ctx) => [NDArray.from(ctx.input(0).shape, ctx.attr('out_type') as DType)]);
registerKernel('Size', 'CPU', (ctx) => [NDArray.from(ctx.input(0).size, ctx.attr('out_type') as DType)]);
registerKernel('Rank', 'CPU', (ctx) => [NDArray.from(ctx.input(0).ndim, int32)]);

registerKernel('Fill', 'CPU', (ctx) => {
  const dims = shapeVector(ctx, 0, 'dims');
  const value = ctx.input(1);
  if (value.ndim !== 0) throw invalid(`value must be a scalar, got shape ${shapeString(value.shape)}`);
  return [filledWith(value, dims)];
});

registerKernel('ZerosLike', 'CPU', (ctx) => [new NDArray(ctx.input(0).dtype, ctx.input(0).shape)]);
registerKernel('OnesLike', 'CPU', (ctx) => {
  const x = ctx.input(0);
  const out = new NDArray(x.dtype, x.shape);
  const step = x.dtype.is_complex ? 2 : 1;
  for (let i = 0; i < out.size; i++) out.values[i * step] = 1;
  return [out];
});
for (const type of ['StopGradient', 'PreventGradient', 'Snapshot'] as const) registerKernel(type, 'CPU', (ctx) => [ctx.input(0)]);

registerKernel('ExpandDims', 'CPU', (ctx) => {
  const x = ctx.input(0);
  const axis = scalarInt(ctx, 1, "'dim' input");
  const rank = x.ndim;
  if (axis < -1 - rank || axis > rank) throw invalid(`Tried to expand dim index ${axis} for tensor with ${rank} dimensions.`);
  const shape = [...x.shape];
  shape.splice(axis < 0 ? axis + rank + 1 : axis, 0, 1);
  return [x.reshape(shape)];
});

registerKernel('Squeeze', 'CPU', (ctx) => {
  const x = ctx.input(0);
  const rank = x.ndim;
  const listed = (ctx.attr('squeeze_dims') as number[]).map((d) => normalizeAxis(d, rank, () => invalid(`Tried to squeeze dim index ${d} for tensor with ${rank} dimensions.`)));
  const shape = x.shape.filter((d, i) => {
    if (listed.length === 0) return d !== 1;
    if (!listed.includes(i)) return true;
    if (d !== 1) throw invalid(`Can not squeeze dim[${i}], expected a dimension of 1, got ${d}`);
    return false;
  });
  return [x.reshape(shape)];
});

registerKernel('Tile', 'CPU', (ctx) => {
  const x = ctx.input(0);
  const multiples = ints(ctx, 1);
  if (multiples.length !== x.ndim) throw invalid(`Expected multiples argument to be a vector of length ${x.ndim} but got length ${multiples.length}`);
  const coords = x.shape.map((d, i) => {
    if (multiples[i] < 0) throw invalid(`Expected multiples[${i}] >= 0, but got ${multiples[i]}`);
    return Int32Array.from({ length: d * multiples[i] }, (_, j) => j % d);
  });
  return [takeFlat(x, coords.map((c) => c.length), productIndex(coords, stridesOf(x.shape)))];
});

/** Concatenates arrays of equal rank along `axis` (shapes already checked). */
function concatAlong(parts: readonly NDArray[], axis: number): NDArray {
  const first = parts[0];
  const shape = [...first.shape];
  shape[axis] = parts.reduce((n, p) => n + p.shape[axis], 0);
  const out = new NDArray(first.dtype, shape);
  const outer = spanSize(shape, 0, axis);
  let offset = 0;
  for (let o = 0; o < outer; o++) {
    for (const p of parts) {
      const chunk = spanSize(p.shape, axis);
      copyElements(out, offset, p, o * chunk, chunk);
      offset += chunk;
    }
  }
  return out;
}

/** Concat (axis first) and ConcatV2 (axis last): the values along a scalar axis, with TF's checks. */
function concatKernel(ctx: KernelContext, parts: NDArray[], axisInput: number): NDArray {
  let axis = scalarInt(ctx, axisInput, 'axis');
  const rank = parts[0].ndim;
  axis = normalizeAxis(axis, rank, () => invalid(`ConcatOp : Expected concatenating dimensions in the range [${-rank}, ${rank}), but got ${axis}`));
  parts.forEach((p, i) => {
    if (p.ndim !== rank) throw invalid(`ConcatOp : Ranks of all input tensors should match: shape[0] = ${shapeString(parts[0].shape)} vs. shape[${i}] = ${shapeString(p.shape)}`);
    if (p.shape.some((d, k) => k !== axis && d !== parts[0].shape[k])) {
      throw invalid(`ConcatOp : Dimensions of inputs should match: shape[0] = ${shapeString(parts[0].shape)} vs. shape[${i}] = ${shapeString(p.shape)}`);
    }
  });
  return concatAlong(parts, axis);
}

registerKernel('ConcatV2', 'CPU', (ctx) => [concatKernel(ctx, Array.from({ length: ctx.numInputs - 1 }, (_, i) => ctx.input(i)), ctx.numInputs - 1)]);
registerKernel('Concat', 'CPU', (ctx) => [concatKernel(ctx, Array.from({ length: ctx.numInputs - 1 }, (_, i) => ctx.input(i + 1)), 0)]);

registerKernel('Pack', 'CPU', (ctx) => {
  const parts = Array.from({ length: ctx.numInputs }, (_, i) => ctx.input(i));
  const rank = parts[0].ndim;
  let axis = ctx.attr('axis') as number;
  if (axis < -(rank + 1) || axis > rank) throw invalid(`axis = ${axis} not in [${-(rank + 1)}, ${rank + 1})`);
  if (axis < 0) axis += rank + 1;
  parts.forEach((p, i) => {
    if (shapeString(p.shape) !== shapeString(parts[0].shape)) {
      throw invalid(`Shapes of all inputs must match: values[0].shape = ${shapeString(parts[0].shape)} != values[${i}].shape = ${shapeString(p.shape)}`);
    }
  });
  const expanded = parts.map((p) => { const s = [...p.shape]; s.splice(axis, 0, 1); return p.reshape(s); });
  return [concatAlong(expanded, axis)];
});

registerKernel('Unpack', 'CPU', (ctx) => {
  const x = ctx.input(0);
  const rank = x.ndim, num = ctx.attr('num') as number;
  let axis = ctx.attr('axis') as number;
  axis = normalizeAxis(axis, rank, () => invalid(`axis = ${axis} not in [${-rank}, ${rank})`));
  if (x.shape[axis] !== num) throw invalid(`Input shape axis ${axis} must equal ${num}, got shape ${shapeString(x.shape)}`);
  const strides = stridesOf(x.shape);
  const outShape = x.shape.filter((_, i) => i !== axis);
  return Array.from({ length: num }, (_, k) => {
    const coords = x.shape.map((d, i) => (i === axis ? Int32Array.of(k) : iota(d)));
    return takeFlat(x, outShape, productIndex(coords, strides));
  });
});

/** Transpose's kernel, and ConjugateTranspose's before it conjugates. */
function transposed(ctx: KernelContext): NDArray {
  const x = ctx.input(0);
  const perm = ints(ctx, 1);
  if (perm.length !== x.ndim) throw invalid(`transpose expects a vector of size ${x.ndim}. But input(1) is a vector of size ${perm.length}`);
  const seen = new Set(perm.map((p) => (p < 0 ? p + x.ndim : p)));
  for (let i = 0; i < x.ndim; i++) if (!seen.has(i)) throw invalid(`${i} is missing from {${perm.join(',')}}.`);
  const strides = stridesOf(x.shape);
  const axes = perm.map((p) => (p < 0 ? p + x.ndim : p));
  return takeFlat(x, axes.map((a) => x.shape[a]), productIndex(axes.map((a) => iota(x.shape[a])), axes.map((a) => strides[a])));
}
registerKernel('Transpose', 'CPU', (ctx) => [transposed(ctx)]);
registerKernel('ConjugateTranspose', 'CPU', (ctx) => {
  const out = transposed(ctx);
  if (!out.dtype.is_complex) return [out];
  // takeFlat may hand back the input itself (an identity permutation): conjugate a copy.
  const conj = new NDArray(out.dtype, out.shape), src = out.values, dst = conj.values;
  for (let i = 0; i < dst.length; i += 2) { dst[i] = src[i]; dst[i + 1] = -src[i + 1]; }
  return [conj];
});

registerKernel('Slice', 'CPU', (ctx) => {
  const x = ctx.input(0);
  const begin = ints(ctx, 1), size = ints(ctx, 2);
  if (begin.length !== x.ndim || size.length !== x.ndim) {
    throw invalid(`Expected begin and size arguments to be 1-D tensors of size ${x.ndim}, but got shapes [${begin.length}] and [${size.length}] instead.`);
  }
  const extents = atRuntime(() => x.shape.map((d, i) => sliceExtent(d, begin[i], size[i], i) as number));
  const coords = extents.map((e, i) => Int32Array.from({ length: e }, (_, j) => begin[i] + j));
  return [takeFlat(x, extents, productIndex(coords, stridesOf(x.shape)))];
});

/** The flat indices, in a tensor of `shape`, of the elements a strided slice (inputs 1-3) selects. */
function stridedSliceIndex(ctx: KernelContext, shape: readonly number[]): { outShape: number[]; index: Float64Array } {
  const plan = atRuntime(() => planStridedSlice(shape, ints(ctx, 1), ints(ctx, 2), ints(ctx, 3), stridedSliceMasks((n) => ctx.attr(n))));
  const coords = plan.dims.map((d) => Float64Array.from({ length: d.length as number }, (_, j) => d.begin + j * d.stride));
  return { outShape: plan.shape as number[], index: productIndex(coords, stridesOf(shape)) };
}

registerKernel('StridedSlice', 'CPU', (ctx) => {
  const x = ctx.input(0);
  const { outShape, index } = stridedSliceIndex(ctx, x.shape);
  return [takeFlat(x, outShape, index)];
});

// The gradient of StridedSlice: dy written back where the slice read it, zeros elsewhere.
registerKernel('StridedSliceGrad', 'CPU', (ctx) => {
  const shape = shapeVector(ctx, 0, 'shape');
  const dy = ctx.input(4);
  const { outShape, index } = stridedSliceIndex(ctx, shape);
  if (shapeString(outShape) !== shapeString(dy.shape)) throw invalid(`shape of dy was ${shapeString(dy.shape)} instead of ${shapeString(outShape)}`);
  const out = new NDArray(dy.dtype, shape);
  putFlat(out, index, dy);
  return [out];
});

/** Gathers slices of `params` along `axis` at `indices` (TF's index check first). */
export function gatherAlong(params: NDArray, indices: NDArray, axis: number): NDArray {
  const limit = params.shape[axis];
  const picks = indices.values;
  picks.forEach((v, i) => { if (v < 0 || v >= limit) throw invalid(`indices[${i}] = ${v} is not in [0, ${limit})`); });
  const coords = params.shape.map((d, i) => (i === axis ? picks : iota(d)));
  const shape = [...params.shape.slice(0, axis), ...indices.shape, ...params.shape.slice(axis + 1)];
  return takeFlat(params, shape, productIndex(coords, stridesOf(params.shape)));
}

registerKernel('GatherV2', 'CPU', (ctx) => {
  const params = ctx.input(0), indices = ctx.input(1);
  const rank = params.ndim;
  let axis = scalarInt(ctx, 2, 'axis');
  if ((ctx.op.attrs.has('batch_dims') ? (ctx.attr('batch_dims') as number) : 0) !== 0) {
    throw new UnimplementedError(null, null, 'GatherV2 with batch_dims != 0 is not implemented');
  }
  axis = normalizeAxis(axis, rank, () => invalid(`Expected axis in the range [${-rank}, ${rank}), but got ${axis}`));
  return [gatherAlong(params, indices, axis)];
});

registerKernel('Gather', 'CPU', (ctx) => {
  const params = ctx.input(0);
  if (params.ndim < 1) throw invalid('params must be at least 1 dimensional');
  return [gatherAlong(params, ctx.input(1), 0)];
});

registerKernel('Where', 'CPU', (ctx) => {
  const x = ctx.input(0);
  const strides = stridesOf(x.shape), rank = x.ndim;
  const hits: number[] = [];
  const v = x.values;
  const step = x.dtype.is_complex ? 2 : 1;
  for (let i = 0; i < x.size; i++) if (v[i * step] !== 0 || (step === 2 && v[i * step + 1] !== 0)) hits.push(i);
  const out = new NDArray(int64, [hits.length, rank]);
  hits.forEach((flat, r) => {
    for (let d = 0; d < rank; d++) out.values[r * rank + d] = Math.floor(flat / strides[d]) % x.shape[d];
  });
  return [out];
});

registerKernel('Select', 'CPU', (ctx) => {
  const cond = ctx.input(0), t = ctx.input(1), e = ctx.input(2);
  if (shapeString(t.shape) !== shapeString(e.shape)) {
    throw invalid(`'then' and 'else' must have the same size.  but received: ${shapeString(t.shape)} vs. ${shapeString(e.shape)}`);
  }
  // Which condition element governs output element i: the same one, the row's, or the only one.
  let governing: (i: number) => number;
  if (shapeString(cond.shape) === shapeString(t.shape)) governing = (i) => i;
  else if (cond.ndim === 0) governing = () => 0;
  else if (cond.ndim === 1 && t.ndim >= 1 && cond.shape[0] === t.shape[0]) { const row = spanSize(t.shape, 1); governing = (i) => Math.floor(i / row); }
  else throw invalid(`'cond' and 'then' must have the same shape, or 'cond' must be a vector whose size matches the first dimension of 'then': ${shapeString(cond.shape)} vs. ${shapeString(t.shape)}`);
  const out = new NDArray(t.dtype, t.shape);
  const c = cond.values;
  for (let i = 0; i < t.size; i++) copyElements(out, i, c[governing(i)] ? t : e, i, 1);
  return [out];
});

registerKernel('OneHot', 'CPU', (ctx) => {
  const indices = ctx.input(0), on = ctx.input(2), off = ctx.input(3);
  const depth = scalarInt(ctx, 1, 'depth');
  if (depth < 0) throw invalid(`depth must be non-negative, got: ${depth}`);
  if (on.size !== 1) throw invalid(`on_value must be a scalar, but got: ${shapeString(on.shape)}`);
  if (off.size !== 1) throw invalid(`off_value must be a scalar, but got: ${shapeString(off.shape)}`);
  const rankIn = indices.ndim;
  let axis = ctx.attr('axis') as number;
  if (axis === -1) axis = rankIn;
  const shape = [...indices.shape];
  shape.splice(axis, 0, depth);
  const outer = spanSize(indices.shape, 0, axis), inner = spanSize(indices.shape, axis);
  const out = new NDArray(on.dtype, shape);
  const idx = indices.values;
  for (let p = 0; p < outer; p++) {
    for (let d = 0; d < depth; d++) {
      for (let s = 0; s < inner; s++) copyElements(out, (p * depth + d) * inner + s, idx[p * inner + s] === d ? on : off, 0, 1);
    }
  }
  return [out];
});

registerKernel('BroadcastGradientArgs', 'CPU', (ctx) => {
  const s0 = ints(ctx, 0), s1 = ints(ctx, 1);
  const type = ctx.input(0).dtype;
  if (shapeString(s0) === shapeString(s1)) return [new NDArray(type, [0]), new NDArray(type, [0])];
  const n = Math.max(s0.length, s1.length);
  const r0: number[] = [], r1: number[] = [];
  for (let k = 0; k < n; k++) {
    const x = s0[k - (n - s0.length)] ?? 1, y = s1[k - (n - s1.length)] ?? 1;
    if (x === 1 && y === 1) { r0.push(k); r1.push(k); } else if (x === 1) r0.push(k);
    else if (y === 1) r1.push(k);
    else if (x !== y) throw invalid(`Incompatible shapes: ${shapeString(s0)} vs. ${shapeString(s1)}`);
  }
  return [NDArray.from(r0, type).reshape([r0.length]), NDArray.from(r1, type).reshape([r1.length])];
});

// ---- ops the array gradients emit --------------------------------------------------------------

for (const type of ['Pad', 'PadV2'] as const) {
  registerKernel(type, 'CPU', (ctx) => {
    const x = ctx.input(0), paddings = ctx.input(1);
    if (paddings.ndim !== 2 || paddings.shape[0] !== x.ndim || paddings.shape[1] !== 2) {
      throw invalid(`The first dimension of paddings must be the rank of inputs${shapeString(paddings.shape)} ${shapeString(x.shape)}`);
    }
    const p = Array.from(paddings.values);
    if (p.some((v) => v < 0)) throw invalid(`Paddings must be non-negative: ${p.join(' ')}`);
    const value = ctx.numInputs > 2 ? ctx.input(2) : new NDArray(x.dtype, []);
    if (value.size !== 1) throw invalid(`constant_values must be a scalar. Got: ${shapeString(value.shape)}`);
    const shape = x.shape.map((d, i) => d + p[2 * i] + p[2 * i + 1]);
    // Every cell starts as the padding value; the input then lands at offset `before` in each dimension.
    const out = filledWith(value, shape);
    const coords = x.shape.map((d, i) => Int32Array.from({ length: d }, (_, j) => p[2 * i] + j));
    putFlat(out, productIndex(coords, stridesOf(shape)), x);
    return [out];
  });
}

registerKernel('InvertPermutation', 'CPU', (ctx) => {
  const x = ctx.input(0);
  if (x.ndim !== 1) throw invalid(`invert_permutation expects a 1D vector.`);
  const n = x.size, v = x.values;
  const out = new NDArray(x.dtype, [n]);
  const seen = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const d = v[i];
    if (d < 0 || d >= n) throw invalid(`${d} is not between 0 and ${n}`);
    if (seen[d]) throw invalid(`${d} is duplicated in the input.`);
    seen[d] = 1;
    out.values[d] = i;
  }
  return [out];
});

registerKernel('ConcatOffset', 'CPU', (ctx) => {
  const cdim = scalarInt(ctx, 0, 'Concat dim tensor');
  const shapes = Array.from({ length: ctx.numInputs - 1 }, (_, i) => ctx.input(i + 1));
  const first = Array.from(shapes[0].values);
  // TF 1.x's kernel takes only a non-negative dimension; the gradient passes `axis % rank`.
  if (cdim < 0 || cdim >= first.length) throw invalid(`Concat dim is out of range: ${cdim} vs. ${first.length}`);
  let offset = 0;
  return shapes.map((s, i) => {
    const dims = Array.from(s.values);
    if (dims.length !== first.length) throw invalid(`input ${i} should contain ${first.length} elements, but got ${dims.length}`);
    dims.forEach((d, k) => { if (k !== cdim && d !== first[k]) throw invalid(`input[${i},${k}] mismatch: ${first[k]} vs. ${d}`); });
    const out = new NDArray(int32, [dims.length]);
    out.values[cdim] = offset;
    offset += dims[cdim];
    return out;
  });
});

registerKernel('ShapeN', 'CPU', (ctx) => Array.from({ length: ctx.numInputs }, (_, i) => NDArray.from(ctx.input(i).shape, ctx.attr('out_type') as DType).reshape([ctx.input(i).ndim])));

registerKernel('ListDiff', 'CPU', (ctx) => {
  const x = ctx.input(0), y = ctx.input(1);
  if (x.ndim !== 1) throw invalid(`x should be a 1D vector.`);
  if (y.ndim !== 1) throw invalid(`y should be a 1D vector.`);
  const drop = new Set(Array.from(y.values));
  const keep: number[] = [];
  x.values.forEach((v, i) => { if (!drop.has(v)) keep.push(i); });
  return [takeFlat(x, [keep.length], keep), NDArray.from(keep, ctx.attr('out_idx') as DType).reshape([keep.length])];
});

// =============================================================================================
// Split, SplitV, ReverseV2, BroadcastTo and Unique.
// =============================================================================================

/** Pieces of `x` along `axis` of the given sizes (they sum to the axis size). */
function splitAlong(x: NDArray, axis: number, sizes: readonly number[]): NDArray[] {
  const strides = stridesOf(x.shape);
  let start = 0;
  return sizes.map((n) => {
    const coords = x.shape.map((d, i) => (i === axis ? Int32Array.from({ length: n }, (_, j) => start + j) : iota(d)));
    start += n;
    return takeFlat(x, coords.map((c) => c.length), productIndex(coords, strides));
  });
}

function splitAxis(ctx: KernelContext, x: NDArray, i: number): number {
  const axis = scalarInt(ctx, i, 'split_dim');
  return normalizeAxis(axis, x.ndim, () => invalid(`-input rank(-${x.ndim}) <= split_dim < input rank (${x.ndim}), but got ${axis}`));
}

registerKernel('Split', 'CPU', (ctx) => {
  const x = ctx.input(1), n = ctx.attr('num_split') as number;
  const axis = splitAxis(ctx, x, 0);
  if (x.shape[axis] % n !== 0) throw invalid(`Number of ways to split should evenly divide the split dimension, but got split_dim ${axis} (size = ${x.shape[axis]}) and num_split ${n}`);
  return splitAlong(x, axis, Array(n).fill(x.shape[axis] / n));
});

registerKernel('SplitV', 'CPU', (ctx) => {
  const x = ctx.input(0), sizes = ints(ctx, 1);
  const axis = splitAxis(ctx, x, 2);
  const along = x.shape[axis];
  const unknown = sizes.indexOf(-1);
  const known = sizes.reduce((a, s) => (s === -1 ? a : a + s), 0);
  if (sizes.filter((s) => s === -1).length > 1) throw invalid(`There can only be one -1 in the input.`);
  if ((unknown < 0 && known !== along) || (unknown >= 0 && known > along)) {
    throw invalid(`Determined shape must either match input shape along split_dim exactly if fully specified, or be less than the size of the input along split_dim if not fully specified.  Got: ${known}`);
  }
  return splitAlong(x, axis, sizes.map((s) => (s === -1 ? along - known : s)));
});

/** `x` reversed along `axes`. */
function reversed(x: NDArray, axes: ReadonlySet<number>): NDArray {
  const coords = x.shape.map((d, i) => (axes.has(i) ? Int32Array.from({ length: d }, (_, j) => d - 1 - j) : iota(d)));
  return takeFlat(x, x.shape, productIndex(coords, stridesOf(x.shape)));
}

registerKernel('ReverseV2', 'CPU', (ctx) => {
  const x = ctx.input(0);
  return [reversed(x, new Set(ints(ctx, 1).map((a) => normalizeAxis(a, x.ndim, () => invalid(`'axis'[${a}] = ${a} is out of valid range [0, ${x.ndim - 1}`)))))];
});

/** The pre-1.0 Reverse: input 1 holds a bool per dimension of `x`. */
registerKernel('Reverse', 'CPU', (ctx) => {
  const x = ctx.input(0), dims = ctx.input(1);
  if (dims.ndim !== 1) throw invalid(`'dims' must be 1-dimension, not ${dims.ndim}`);
  if (dims.size !== x.ndim) throw invalid(`'dims' must have the same number of values as 'input' has dimensions. 'input' has ${x.ndim}'dimensions, but 'dims' has ${dims.size} values`);
  const flags = ints(ctx, 1);
  return [reversed(x, new Set(x.shape.map((_, i) => i).filter((i) => flags[i] !== 0)))];
});

registerKernel('BroadcastTo', 'CPU', (ctx) => {
  const x = ctx.input(0), target = shapeVector(ctx, 1, 'shape');
  const offset = target.length - x.ndim;
  const bad = offset < 0 || x.shape.some((d, i) => d !== 1 && d !== target[i + offset]);
  if (bad) throw invalid(`Incompatible shapes: ${shapeString(x.shape)} vs. ${shapeString(target)}`);
  const strides = stridesOf(x.shape);
  const coords = target.map((d, i) => {
    const src = i - offset;
    return src < 0 || x.shape[src] === 1 ? new Int32Array(d) : iota(d);
  });
  return [takeFlat(x, target, productIndex(coords, target.map((_, i) => (i - offset < 0 ? 0 : strides[i - offset]))))];
});

for (const type of ['Unique', 'UniqueWithCounts'] as const) {
  registerKernel(type, 'CPU', (ctx) => {
    const x = ctx.input(0);
    if (x.ndim !== 1) throw invalid(`unique expects a 1D vector.`);
    const keys = x.dtype.storage === 'string' ? x.strings : Array.from(x.values);
    const first = new Map<number | string, number>();
    const firstPositions: number[] = [], counts: number[] = [];
    const idxType = ctx.attr('out_idx') as DType;
    const idx = new NDArray(idxType, [x.size]);
    keys.forEach((k, i) => {
      let at = first.get(k);
      if (at === undefined) { at = firstPositions.length; first.set(k, at); firstPositions.push(i); counts.push(0); }
      counts[at]++;
      idx.values[i] = at;
    });
    const y = takeFlat(x, [firstPositions.length], firstPositions);
    if (type === 'Unique') return [y, idx];
    const count = new NDArray(idxType, [counts.length]);
    counts.forEach((c, i) => { count.values[i] = c; });
    return [y, idx, count];
  });
}

registerKernel('UnravelIndex', 'CPU', (ctx) => {
  const indices = ctx.input(0), dims = ctx.input(1);
  if (indices.ndim > 1) throw invalid(`The indices can only be scalar or vector, got "${shapeString(indices.shape)}"`);
  if (dims.ndim !== 1) throw invalid(`The indices can only be 1-D, got "${shapeString(dims.shape)}"`);
  const d = Array.from(dims.values, Number);
  const total = d.reduce((a, b) => a * b, 1);
  const n = indices.size;
  const out = new NDArray(indices.dtype, indices.ndim === 0 ? [d.length] : [d.length, n]);
  for (let j = 0; j < n; j++) {
    let v = Number(indices.values[j]);
    if (v < 0 || v >= total) throw invalid('index is out of bound as with dims');
    for (let k = d.length - 1; k >= 0; k--) { out.values[k * n + j] = v % d[k]; v = Math.floor(v / d[k]); }
  }
  return [out];
});

/** LowerBound / UpperBound: a binary search of each row of values in the same row of sorted inputs. */
for (const [type, right] of [['LowerBound', false], ['UpperBound', true]] as const) {
  registerKernel(type, 'CPU', (ctx) => {
    const sorted = ctx.input(0), values = ctx.input(1);
    if (sorted.shape[0] !== values.shape[0]) throw invalid('Leading dim_size of both tensors must match.');
    const rows = values.shape[0], m = sorted.shape[1], k = values.shape[1];
    const out = new NDArray(ctx.attr('out_type') as DType, [rows, k]);
    const s = sorted.values, v = values.values;
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < k; j++) {
        const x = v[r * k + j];
        let lo = 0, hi = m;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (right ? s[r * m + mid] <= x : s[r * m + mid] < x) lo = mid + 1; else hi = mid;
        }
        out.values[r * k + j] = lo;
      }
    }
    return [out];
  });
}

registerKernel('ReverseSequence', 'CPU', (ctx) => {
  const x = ctx.input(0);
  const lengths = Array.from(ctx.input(1).values, Number);
  const seqDim = Number(ctx.attr('seq_dim')), batchDim = Number(ctx.attr('batch_dim'));
  if (seqDim === batchDim) throw invalid(`seq_dim must not equal batch_dim: ${seqDim}`);
  if (seqDim >= x.ndim || batchDim >= x.ndim) throw invalid(`seq_dim (${seqDim}) and batch_dim (${batchDim}) must be < input rank (${x.ndim})`);
  if (lengths.length !== x.shape[batchDim]) throw invalid(`Length of seq_lengths != input.dims(${batchDim}), (${lengths.length} vs. ${x.shape[batchDim]})`);
  lengths.forEach((l, b) => {
    if (l < 0) throw invalid(`seq_lengths(${b}) must be >= 0, got ${l}`);
    if (l > x.shape[seqDim]) throw invalid(`seq_lens(${b}) > input.dims(${seqDim})`);
  });
  const strides = stridesOf(x.shape);
  const out = new NDArray(x.dtype, x.shape);
  const coords = new Array<number>(x.ndim).fill(0);
  for (let i = 0; i < x.size; i++) {
    // Element i comes from the mirrored position along seq_dim when it lies in its batch's prefix.
    let rem = i;
    for (let d = 0; d < x.ndim; d++) { coords[d] = Math.floor(rem / strides[d]); rem -= coords[d] * strides[d]; }
    const l = lengths[coords[batchDim]], s = coords[seqDim];
    const src = s < l ? i + (l - 1 - 2 * s) * strides[seqDim] : i;
    copyElements(out, i, x, src, 1);
  }
  return [out];
});

registerKernel('DynamicStitch', 'CPU', (ctx) => {
  const n = ctx.numInputs / 2;
  const indices = Array.from({ length: n }, (_, m) => ctx.input(m));
  const data = Array.from({ length: n }, (_, m) => ctx.input(n + m));
  let max = -1;
  indices.forEach((idx, m) => {
    const d = data[m];
    if (shapeString(d.shape.slice(0, idx.ndim)) !== shapeString(idx.shape)) {
      throw invalid(`data[${m}].shape = ${shapeString(d.shape)} does not start with indices[${m}].shape = ${shapeString(idx.shape)}`);
    }
    for (const v of idx.values) max = Math.max(max, Number(v));
  });
  const inner = data[0].shape.slice(indices[0].ndim);
  data.forEach((d, m) => {
    if (shapeString(d.shape.slice(indices[m].ndim)) !== shapeString(inner)) {
      throw invalid(`Need data[0].shape[${indices[0].ndim}:] = data[${m}].shape[${indices[m].ndim}:], got data[0].shape = ${shapeString(data[0].shape)}, data[${m}].shape = ${shapeString(d.shape)}, indices[0].shape = ${shapeString(indices[0].shape)}, indices[${m}].shape = ${shapeString(indices[m].shape)}`);
    }
  });
  const out = new NDArray(data[0].dtype, [max + 1, ...inner]);
  const slice = spanSize(inner, 0);
  indices.forEach((idx, m) => {
    Array.from(idx.values, Number).forEach((row, k) => {
      if (row < 0) throw invalid(`indices[${m}] has a negative index ${row}`);
      copyElements(out, row * slice, data[m], k * slice, slice);
    });
  });
  return [out];
});

registerKernel('DynamicPartition', 'CPU', (ctx) => {
  const data = ctx.input(0), partitions = ctx.input(1);
  const n = ctx.attr('num_partitions') as number;
  if (!partitions.shape.every((d, i) => data.shape[i] === d)) {
    throw invalid(`data.shape must start with partitions.shape, got data.shape = ${shapeString(data.shape)}, partitions.shape = ${shapeString(partitions.shape)}`);
  }
  const inner = data.shape.slice(partitions.ndim), rowSize = inner.reduce((a, b) => a * b, 1);
  const rows: number[][] = Array.from({ length: n }, () => []);
  partitions.values.forEach((p, i) => {
    if (p < 0 || p >= n) throw invalid(`partitions[${i}] = ${p} is not in [0, ${n})`);
    rows[p].push(i);
  });
  return rows.map((r) => {
    const out = new NDArray(data.dtype, [r.length, ...inner]);
    r.forEach((src, j) => copyElements(out, j * rowSize, data, src * rowSize, rowSize));
    return out;
  });
});

registerKernel('SelectV2', 'CPU', (ctx) => {
  const cond = ctx.input(0), t = ctx.input(1), e = ctx.input(2);
  const shape = broadcastShapes(broadcastShapes(cond.shape, t.shape), e.shape);
  const [sc, st, se] = [cond, t, e].map((a) => broadcastStrides(a.shape, shape));
  const outStrides = stridesOf(shape);
  const out = new NDArray(t.dtype, shape);
  const c = cond.values;
  for (let i = 0; i < out.size; i++) {
    // Each input's element for output element i: its coordinates, with broadcast dimensions at 0.
    let rem = i, ic = 0, it = 0, ie = 0;
    for (let d = 0; d < shape.length; d++) {
      const k = Math.floor(rem / outStrides[d]);
      rem -= k * outStrides[d];
      ic += k * sc[d]; it += k * st[d]; ie += k * se[d];
    }
    if (c[ic]) copyElements(out, i, t, it, 1); else copyElements(out, i, e, ie, 1);
  }
  return [out];
});

registerKernel('Roll', 'CPU', (ctx) => {
  const x = ctx.input(0), shiftT = ctx.input(1), axisT = ctx.input(2);
  if (x.ndim < 1) throw invalid('input must be 1-D or higher');
  if (shiftT.ndim > 1) throw invalid(`shift must be a scalar or a 1-D vector. Found: ${shapeString(shiftT.shape)}`);
  if (axisT.ndim > 1) throw invalid(`axis must be a scalar or a 1-D vector. Found: ${shapeString(axisT.shape)}`);
  if (shiftT.size !== axisT.size) throw invalid('shift and axis must have the same size');
  // The net shift of each axis, in [0, dim).
  const net = new Array<number>(x.ndim).fill(0);
  for (let i = 0; i < axisT.size; i++) {
    const given = Number(axisT.values[i]);
    const ax = given < 0 ? given + x.ndim : given;
    if (ax < 0 || ax >= x.ndim) throw invalid(`axis ${given} is out of range`);
    net[ax] += Number(shiftT.values[i]);
  }
  const strides = stridesOf(x.shape);
  for (let ax = 0; ax < x.ndim; ax++) net[ax] = x.shape[ax] === 0 ? 0 : ((net[ax] % x.shape[ax]) + x.shape[ax]) % x.shape[ax];
  const out = new NDArray(x.dtype, x.shape);
  for (let flat = 0; flat < x.size; flat++) {
    let dst = 0, rest = flat;
    for (let ax = 0; ax < x.ndim; ax++) {
      const i = Math.floor(rest / strides[ax]);
      rest -= i * strides[ax];
      dst += ((i + net[ax]) % x.shape[ax]) * strides[ax];
    }
    copyElements(out, dst, x, flat, 1);
  }
  return [out];
});

/**
 * SpaceToBatchND and BatchToSpaceND as one index map: output batch index = block offset (row-major over
 * the M block dims) * batch + n; spatial coordinate in the padded space = out * block + offset.
 */
function spaceBatch(toBatch: boolean, x: NDArray, block: number[], amountsArray: NDArray): NDArray {
  // TF's checks, in its kernels' order (spacetobatch_op.cc, batchtospace_op.cc).
  const m = block.length;
  if (x.ndim < 1 + m) throw invalid(`input rank should be >= ${1 + m} instead of ${x.ndim}`);
  const s = amountsArray.shape;
  if (!(s.length === 2 && s[0] === m && s[1] === 2)) throw invalid(`${toBatch ? 'paddings' : 'crops'} should have shape [${m}, 2] instead of ${shapeString(s)}`);
  const amounts = Array.from(amountsArray.values, Number);
  if (toBatch) block.forEach((b, i) => { if (b < 1) throw invalid(`All values in block_shape must be positive, got value, ${b} at index ${i}.`); });
  const prod = block.reduce((a, b) => a * b, 1);
  if (prod <= 0) throw invalid(`Product of block sizes must be positive, got ${prod}`);
  if (!toBatch && x.shape[0] % prod !== 0) throw invalid(`Input batch dimension (${x.shape[0]}) is not divisible by product of block sizes (${prod})`);
  amounts.forEach((a) => { if (a < 0) throw invalid(toBatch ? 'Paddings must be non-negative' : 'Crops must be non-negative'); });
  const rest = x.shape.slice(1 + m), inner = spanSize(rest, 0);
  let outShape: number[];
  if (toBatch) {
    const spatial = block.map((b, i) => {
      const padded = x.shape[1 + i] + amounts[2 * i] + amounts[2 * i + 1];
      if (padded % b !== 0) throw invalid(`padded_shape[${i}]=${padded} is not divisible by block_shape[${i}]=${b}`);
      return padded / b;
    });
    outShape = [x.shape[0] * prod, ...spatial, ...rest];
  } else {
    const spatial = block.map((b, i) => {
      const out = x.shape[1 + i] * b - amounts[2 * i] - amounts[2 * i + 1];
      if (out < 0) throw invalid(`cropped_shape[${i}]=${out} must be non-negative`);
      return out;
    });
    outShape = [x.shape[0] / prod, ...spatial, ...rest];
  }
  const out = new NDArray(x.dtype, outShape);
  // The space side (input of SpaceToBatch, output of BatchToSpace) and the batch side.
  const spaceShape = toBatch ? x.shape : outShape, batchShape = toBatch ? outShape : x.shape;
  const batch = spaceShape[0], spaceStr = stridesOf(spaceShape), batchStr = stridesOf(batchShape);
  const offset = new Array<number>(m).fill(0);
  const src = x.values, dst = out.values;
  for (let bi = 0; bi < batchShape[0]; bi++) {
    const n = bi % batch;
    let blockIdx = Math.floor(bi / batch);
    for (let k = m - 1; k >= 0; k--) { offset[k] = blockIdx % block[k]; blockIdx = Math.floor(blockIdx / block[k]); }
    const cells = spanSize(batchShape.slice(1, 1 + m), 0);
    for (let c = 0; c < cells; c++) {
      let rem = c, spaceAt = n * spaceStr[0], batchAt = bi * batchStr[0], inside = true;
      for (let k = m - 1; k >= 0; k--) {
        const o = rem % batchShape[1 + k]; rem = Math.floor(rem / batchShape[1 + k]);
        const q = o * block[k] + offset[k] - amounts[2 * k];
        if (q < 0 || q >= spaceShape[1 + k]) { inside = false; break; }
        spaceAt += q * spaceStr[1 + k];
        batchAt += o * batchStr[1 + k];
      }
      if (!inside) continue; // padding (zeros already) or a cropped cell
      if (toBatch) for (let r = 0; r < inner; r++) dst[batchAt + r] = src[spaceAt + r];
      else for (let r = 0; r < inner; r++) dst[spaceAt + r] = src[batchAt + r];
    }
  }
  return out;
}

function blockShapeOf(t: NDArray): number[] {
  if (t.ndim !== 1) throw invalid(`block_shape rank should be 1 instead of ${t.ndim}`);
  return Array.from(t.values, Number);
}

registerKernel('SpaceToBatchND', 'CPU', (ctx) => [spaceBatch(true, ctx.input(0), blockShapeOf(ctx.input(1)), ctx.input(2))]);
registerKernel('BatchToSpaceND', 'CPU', (ctx) => [spaceBatch(false, ctx.input(0), blockShapeOf(ctx.input(1)), ctx.input(2))]);
for (const [type, toBatch] of [['SpaceToBatch', true], ['BatchToSpace', false]] as const) {
  registerKernel(type, 'CPU', (ctx) => {
    const x = ctx.input(0);
    // TF's text, its missing space included.
    if (x.ndim !== 4) throw invalid(`Input rank should be: 4instead of: ${x.ndim}`);
    const bs = Number(ctx.attr('block_size'));
    if (bs <= 1) throw invalid(`Block size should be > 1: ${bs}`);
    return [spaceBatch(toBatch, x, [bs, bs], ctx.input(1))];
  });
}
