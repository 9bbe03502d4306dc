/**
 * Reference CPU kernels of MaxPoolWithArgmax and its gradients, of grayscale dilation (Dilation2D and its
 * two backprops) and of the fractional pools and their gradients, NHWC as TF's are.
 */
import { InvalidArgumentError } from '../../framework/errors';
import { shapeString } from '../../framework/tensor_shape';
import { NDArray } from '../../framework/ndarray';
import { KernelContext, registerKernel } from '../registry';
import { Padding, Window2D, forEachTap, window2D } from '../../framework/window';
import { int64 } from '../../framework/dtypes';
import { Philox, SingleSampler, randomSeed64, uint64ToDouble } from './philox';

const invalid = (message: string) => new InvalidArgumentError(null, null, message);

/** The NHWC window geometry of a 2-D op over `inputShape` with a kernel of (kH, kW) dilated by `rates`. */
function geometry(ctx: KernelContext, inputShape: readonly number[], kH: number, kW: number, rates: readonly number[]): Window2D {
  if (inputShape.length !== 4) throw invalid(`input must be 4-dimensional${shapeString(inputShape)}`);
  const strides = ctx.attr('strides') as number[];
  if (strides.length !== 4) throw invalid('Sliding window strides field must specify 4 dimensions');
  if (strides[0] !== 1 || strides[3] !== 1) throw invalid('Current implementation does not yet support strides in the batch and depth dimensions.');
  try {
    return window2D(inputShape[1], inputShape[2], kH, kW, [strides[1], strides[2]], [rates[1], rates[2]], String(ctx.attr('padding')) as Padding);
  } catch (e) {
    throw invalid((e as Error).message);
  }
}

/** `visit(o, best)` for each output cell of a max pool with the flat index (within its image) of its window's first maximum, or -1. */
function forEachArgmax(ctx: KernelContext, x: NDArray, visit: (o: number, best: number, batch: number) => void): number[] {
  const ksize = ctx.attr('ksize') as number[];
  if (ksize.length !== 4) throw invalid('Sliding window ksize field must specify 4 dimensions');
  if (ksize[0] !== 1 || ksize[3] !== 1) throw invalid('Pooling is not yet supported on the batch nor the depth dimension.');
  const g = geometry(ctx, x.shape, ksize[1], ksize[2], [1, 1, 1, 1]);
  const [batch, h, w, c] = x.shape;
  const X = x.values;
  let o = 0;
  for (let n = 0; n < batch; n++) {
    for (let oh = 0; oh < g.outH; oh++) {
      for (let ow = 0; ow < g.outW; ow++) {
        for (let ch = 0; ch < c; ch++, o++) {
          let best = -1, max = -Infinity;
          forEachTap(g, oh, ow, (_kh, _kw, ih, iw) => {
            const at = (ih * w + iw) * c + ch;
            const v = X[n * h * w * c + at];
            if (best < 0 || v > max) { best = at; max = v; }
          });
          visit(o, best, n);
        }
      }
    }
  }
  return [batch, g.outH, g.outW, c];
}

registerKernel('MaxPoolWithArgmax', 'CPU', (ctx) => {
  const x = ctx.input(0);
  const includeBatch = ctx.attr('include_batch_in_index') === true;
  const image = x.shape[1] * x.shape[2] * x.shape[3];
  const values: number[] = [], indices: number[] = [];
  const outShape = forEachArgmax(ctx, x, (o, best, n) => {
    values[o] = best < 0 ? -Infinity : x.values[n * image + best];
    indices[o] = best < 0 ? -1 : includeBatch ? n * image + best : best;
  });
  const y = new NDArray(x.dtype, outShape), argmax = new NDArray(ctx.op.outputs[1].dtype, outShape);
  y.values.set(values);
  argmax.values.set(indices);
  return [y, argmax];
});

/** The flat input index each argmax names: within the whole batch, or within its image (plus the image's offset). */
function argmaxIndex(ctx: KernelContext, input: NDArray, argmax: NDArray, o: number): number {
  const image = input.shape[1] * input.shape[2] * input.shape[3];
  const pooledImage = argmax.size / Math.max(1, input.shape[0]);
  const idx = Number(argmax.values[o]) + (ctx.attr('include_batch_in_index') === true ? 0 : Math.floor(o / pooledImage) * image);
  if (!(idx >= 0 && idx < input.size)) throw invalid(`Invalid argmax index ${Number(argmax.values[o])} for an input of shape ${shapeString(input.shape)}`);
  return idx;
}

registerKernel('MaxPoolGradWithArgmax', 'CPU', (ctx) => {
  const x = ctx.input(0), grad = ctx.input(1), argmax = ctx.input(2);
  if (shapeString(grad.shape) !== shapeString(argmax.shape)) throw invalid(`grad and argmax must have the same shape: ${shapeString(grad.shape)} vs. ${shapeString(argmax.shape)}`);
  const acc = new Float64Array(x.size);
  for (let o = 0; o < grad.size; o++) acc[argmaxIndex(ctx, x, argmax, o)] += grad.values[o];
  const out = new NDArray(grad.dtype, x.shape);
  out.values.set(acc);
  return [out];
});

registerKernel('MaxPoolGradGradWithArgmax', 'CPU', (ctx) => {
  const x = ctx.input(0), grad = ctx.input(1), argmax = ctx.input(2);
  if (shapeString(grad.shape) !== shapeString(x.shape)) throw invalid(`grad must have the input's shape: ${shapeString(grad.shape)} vs. ${shapeString(x.shape)}`);
  const out = new NDArray(grad.dtype, argmax.shape);
  for (let o = 0; o < argmax.size; o++) out.values[o] = grad.values[argmaxIndex(ctx, x, argmax, o)];
  return [out];
});

/**
 * Walks Dilation2D: `visit(o, xi, fi, value)` for each output cell with the input and filter flat
 * indices of its maximum of input + filter (the first in window order), or -1 when no tap is inside.
 */
function forEachDilation(ctx: KernelContext, x: NDArray, filter: NDArray, visit: (o: number, xi: number, fi: number, value: number) => void): number[] {
  if (filter.ndim !== 3) throw invalid(`filter must be 3-dimensional: ${shapeString(filter.shape)}`);
  const rates = ctx.attr('rates') as number[];
  if (rates.length !== 4) throw invalid('Input stride (atrous rate) field must specify 4 dimensions');
  if (rates[0] !== 1 || rates[3] !== 1) throw invalid('Current implementation does not yet support rates in the batch and depth dimensions.');
  const [kH, kW, depth] = filter.shape;
  if (x.ndim === 4 && x.shape[3] !== depth) throw invalid(`input and filter must have the same depth: ${x.shape[3]} vs ${depth}`);
  const g = geometry(ctx, x.shape, kH, kW, rates);
  const [batch, h, w] = x.shape;
  let o = 0;
  for (let n = 0; n < batch; n++) {
    for (let oh = 0; oh < g.outH; oh++) {
      for (let ow = 0; ow < g.outW; ow++) {
        for (let c = 0; c < depth; c++, o++) {
          let best = -Infinity, xi = -1, fi = -1;
          forEachTap(g, oh, ow, (kh, kw, ih, iw) => {
            const xa = ((n * h + ih) * w + iw) * depth + c, fa = (kh * kW + kw) * depth + c;
            const v = x.values[xa] + filter.values[fa];
            if (xi < 0 || v > best) { best = v; xi = xa; fi = fa; }
          });
          visit(o, xi, fi, best);
        }
      }
    }
  }
  return [batch, g.outH, g.outW, depth];
}

registerKernel('Dilation2D', 'CPU', (ctx) => {
  const x = ctx.input(0), filter = ctx.input(1);
  const cells: number[] = [];
  // No tap inside the input: TF's lowest value of the type.
  const outShape = forEachDilation(ctx, x, filter, (o, xi, _fi, v) => { cells[o] = xi < 0 ? -Number.MAX_VALUE : v; });
  const out = new NDArray(x.dtype, outShape);
  out.values.set(cells);
  return [out];
});

/** A dilation backprop: each output cell's gradient goes to the input (or filter) element its maximum used. */
function dilationBackprop(toFilter: boolean) {
  return (ctx: KernelContext) => {
    const x = ctx.input(0), filter = ctx.input(1), grad = ctx.input(2);
    const target = toFilter ? filter : x;
    const acc = new Float64Array(target.size);
    const outShape = forEachDilation(ctx, x, filter, (o, xi, fi) => {
      if (xi >= 0 && o < grad.size) acc[toFilter ? fi : xi] += grad.values[o];
    });
    if (shapeString(grad.shape) !== shapeString(outShape)) throw invalid(`out_backprop has incompatible size: ${shapeString(grad.shape)} vs. ${shapeString(outShape)}`);
    const out = new NDArray(target.dtype, target.shape);
    out.values.set(acc);
    return [out];
  };
}
registerKernel('Dilation2DBackpropInput', 'CPU', dilationBackprop(false));
registerKernel('Dilation2DBackpropFilter', 'CPU', dilationBackprop(true));

// =============================================================================================
// FractionalMaxPool, FractionalAvgPool and their gradients.
// =============================================================================================

/**
 * TF's GeneratePoolingSequence: the cumulative window boundaries (length output + 1, from 0 to input),
 * each window k or k + 1 long (k = input / output): Graham's pseudo-random sequence
 * a_i = ceil(alpha (i + u)), or a random shuffle of the long and short windows.
 */
function poolingSequence(input: number, output: number, gen: Philox, pseudoRandom: boolean): number[] {
  const k = Math.floor(input / output);
  let diff: number[];
  if (input % output === 0) diff = Array<number>(output).fill(k);
  else if (pseudoRandom) {
    const alpha = input / output;
    const maxU = Math.min((k + 2) / alpha - 1, (input + 1 - k) / alpha - (output - 1));
    const b = gen.next();
    const u = uint64ToDouble(b[0], b[1]) * maxU;
    const cum = [1, ...Array.from({ length: output - 1 }, (_, i) => Math.ceil(alpha * (i + 1 + u))), input + 1];
    diff = Array.from({ length: output }, (_, i) => cum[i + 1] - cum[i]);
  } else {
    diff = Array.from({ length: output }, (_, i) => (i < input % output ? k + 1 : k));
    const sampler = new SingleSampler(gen);
    for (let i = output - 1; i > 0; i--) {
      const j = sampler.next() % (i + 1);
      [diff[i], diff[j]] = [diff[j], diff[i]];
    }
  }
  const seq = [0];
  for (const d of diff) seq.push(seq[seq.length - 1] + d);
  return seq;
}

/** The generator of one run: fixed by the seeds when deterministic (seeds drawn once per session if both 0), else advancing per run. */
function fractionalGenerator(ctx: KernelContext): Philox {
  const seed = Number(ctx.attr('seed')), seed2 = Number(ctx.attr('seed2'));
  if (ctx.attr('deterministic') === true) {
    const seeds = ctx.session.opState(ctx.op, () => (seed === 0 && seed2 === 0 ? [randomSeed64(), randomSeed64()] : [seed, seed2]));
    return new Philox(seeds[0], seeds[1]);
  }
  if (seed !== 0 || seed2 !== 0) throw invalid('Both seed and seed2 should be 0 if `deterministic` is false.');
  const shared = ctx.session.opState(ctx.op, () => new Philox(randomSeed64(), randomSeed64()));
  const local = shared.clone();
  shared.skip(256);
  return local;
}

/** Calls `visit(o, taps, count)` per output cell of a fractional pool given its row and column sequences. */
function forEachFractionalWindow(shape4: readonly number[], rows: ArrayLike<number>, cols: ArrayLike<number>, overlapping: boolean, visit: (o: number, taps: Int32Array, count: number) => void): number[] {
  const [batch, h, w, c] = shape4;
  const outH = rows.length - 1, outW = cols.length - 1;
  for (const [seq, size, what] of [[rows, h, 'row'], [cols, w, 'col']] as const) {
    if (seq.length < 2 || Number(seq[0]) < 0 || Number(seq[seq.length - 1]) > size) throw invalid(`${what}_pooling_sequence must run from 0 to at most ${size}, got [${Array.from(seq).join(', ')}]`);
  }
  const end = (seq: ArrayLike<number>, i: number, size: number) => Math.min(overlapping ? Number(seq[i + 1]) : Number(seq[i + 1]) - 1, size - 1);
  const taps = new Int32Array(h * w);
  let o = 0;
  for (let n = 0; n < batch; n++) {
    for (let r = 0; r < outH; r++) {
      for (let q = 0; q < outW; q++) {
        for (let ch = 0; ch < c; ch++, o++) {
          let count = 0;
          for (let y = Number(rows[r]); y <= end(rows, r, h); y++) for (let x = Number(cols[q]); x <= end(cols, q, w); x++) taps[count++] = ((n * h + y) * w + x) * c + ch;
          visit(o, taps, count);
        }
      }
    }
  }
  return [batch, outH, outW, c];
}

function fractionalPoolKernel(reduce: (v: ArrayLike<number>, taps: Int32Array, count: number) => number, integerMean: boolean) {
  return (ctx: KernelContext) => {
    const x = ctx.input(0);
    if (x.ndim !== 4) throw invalid(`value must be 4-dimensional${shapeString(x.shape)}`);
    const ratio = ctx.attr('pooling_ratio') as number[];
    const outSize = x.shape.map((d, i) => Math.floor(d / ratio[i]));
    x.shape.forEach((d, i) => {
      if (ratio[i] > d) throw invalid(`Pooling ratio is higher than input dimension size for dimension ${i}. Input dim size: ${d} pooling ratio: ${ratio[i]}`);
    });
    const gen = fractionalGenerator(ctx);
    const rows = poolingSequence(x.shape[1], outSize[1], gen, ctx.attr('pseudo_random') === true);
    const cols = poolingSequence(x.shape[2], outSize[2], gen, ctx.attr('pseudo_random') === true);
    const cells: number[] = [];
    const outShape = forEachFractionalWindow(x.shape, rows, cols, ctx.attr('overlapping') === true, (o, taps, count) => {
      const v = reduce(x.values, taps, count);
      cells[o] = integerMean && x.dtype.is_integer ? Math.trunc(v) : v;
    });
    const out = new NDArray(x.dtype, outShape);
    out.values.set(cells);
    const seq = (s: number[]) => NDArray.from(s, int64).reshape([s.length]);
    return [out, seq(rows), seq(cols)];
  };
}
registerKernel('FractionalMaxPool', 'CPU', fractionalPoolKernel((v, taps, count) => {
  let m = -Infinity;
  for (let k = 0; k < count; k++) m = Math.max(m, v[taps[k]]);
  return m;
}, false));
registerKernel('FractionalAvgPool', 'CPU', fractionalPoolKernel((v, taps, count) => {
  let s = 0;
  for (let k = 0; k < count; k++) s += v[taps[k]];
  return s / count;
}, true));

// Each window's gradient goes to its first maximum in row-major order.
registerKernel('FractionalMaxPoolGrad', 'CPU', (ctx) => {
  const x = ctx.input(0), y = ctx.input(1), grad = ctx.input(2), rows = ctx.input(3), cols = ctx.input(4);
  if (x.ndim !== 4) throw invalid(`orig_input must be 4-dimensional${shapeString(x.shape)}`);
  const acc = new Float64Array(x.size);
  const outShape = forEachFractionalWindow(x.shape, rows.values, cols.values, ctx.attr('overlapping') === true, (o, taps, count) => {
    if (o >= grad.size) return;
    let best = -1;
    for (let k = 0; k < count; k++) if (best < 0 || x.values[taps[k]] > x.values[best]) best = taps[k];
    if (best >= 0) acc[best] += grad.values[o];
  });
  for (const t of [y, grad]) if (shapeString(t.shape) !== shapeString(outShape)) throw invalid(`FractionalMaxPoolGrad: expected shape ${shapeString(outShape)}, got ${shapeString(t.shape)}`);
  const out = new NDArray(x.dtype, x.shape);
  out.values.set(acc);
  return [out];
});

// Each window's gradient is shared equally by its cells.
registerKernel('FractionalAvgPoolGrad', 'CPU', (ctx) => {
  const inShape = Array.from(ctx.input(0).values, Number), grad = ctx.input(1), rows = ctx.input(2), cols = ctx.input(3);
  if (inShape.length !== 4) throw invalid(`orig_input_tensor_shape must have 4 elements, got ${inShape.length}`);
  const acc = new Float64Array(inShape.reduce((a, b) => a * b, 1));
  const outShape = forEachFractionalWindow(inShape, rows.values, cols.values, ctx.attr('overlapping') === true, (o, taps, count) => {
    if (o >= grad.size) return;
    for (let k = 0; k < count; k++) acc[taps[k]] += grad.values[o] / count;
  });
  if (shapeString(grad.shape) !== shapeString(outShape)) throw invalid(`FractionalAvgPoolGrad: out_backprop has shape ${shapeString(grad.shape)}, expected ${shapeString(outShape)}`);
  const out = new NDArray(grad.dtype, inShape);
  out.values.set(acc);
  return [out];
});
