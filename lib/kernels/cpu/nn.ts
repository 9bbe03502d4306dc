/**
 * Reference CPU kernels for tf.nn: activations, softmax, bias_add, conv2d, pooling, l2_loss and the
 * softmax cross-entropy losses.
 */
import { InvalidArgumentError, UnimplementedError } from '../../framework/errors';
import { shapeString } from '../../framework/tensor_shape';
import { NDArray } from '../../framework/ndarray';
import { KernelContext, registerKernel } from '../registry';
import { unaryMap } from './broadcast';
import { iota, productIndex, stridesOf, takeFlat } from './indexing';
import { Padding, Window2D, forEachTap, layoutOf, window2D } from '../../framework/window';
import { OpType, opTypeEntries } from '../../framework/op_types';

const invalid = (message: string) => new InvalidArgumentError(null, null, message);

const SELU_SCALE = 1.0507009873554804934193349852946;
const SELU_ALPHA = 1.6732632423543772848170429916717;
const ACTIVATIONS: Partial<Record<OpType, (x: number) => number>> = {
  Relu: (x) => (x > 0 ? x : 0),
  Relu6: (x) => Math.min(Math.max(x, 0), 6),
  Elu: (x) => (x < 0 ? Math.expm1(x) : x),
  Selu: (x) => (x < 0 ? SELU_SCALE * SELU_ALPHA * Math.expm1(x) : SELU_SCALE * x),
  // log1p(exp(x)) without overflow for large x
  Softplus: (x) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))),
  Softsign: (x) => x / (Math.abs(x) + 1),
};
for (const [type, f] of opTypeEntries(ACTIVATIONS)) registerKernel(type, 'CPU', (ctx) => [unaryMap(ctx.input(0), f)]);

/** Calls `fn(row, offset, length)` for every row of the last dimension. */
function forEachRow(x: NDArray, fn: (offset: number, length: number) => void): void {
  const n = x.shape[x.ndim - 1];
  if (n === 0) return;
  for (let offset = 0; offset < x.size; offset += n) fn(offset, n);
}

/** log Σ exp over one row, computed stably around the row's maximum. */
function logSumExp(v: ArrayLike<number>, offset: number, n: number): number {
  let max = -Infinity;
  for (let j = 0; j < n; j++) max = Math.max(max, v[offset + j]);
  let sum = 0;
  for (let j = 0; j < n; j++) sum += Math.exp(v[offset + j] - max);
  return max + Math.log(sum);
}

function softmaxKernel(log: boolean) {
  return (ctx: KernelContext) => {
    const x = ctx.input(0);
    if (x.ndim < 1) throw invalid(`logits must have >= 1 dimension, got ${shapeString(x.shape)}`);
    const out = new NDArray(x.dtype, x.shape);
    const v = x.values, o = out.values;
    forEachRow(x, (offset, n) => {
      const lse = logSumExp(v, offset, n);
      for (let j = 0; j < n; j++) o[offset + j] = log ? v[offset + j] - lse : Math.exp(v[offset + j] - lse);
    });
    return [out];
  };
}
registerKernel('Softmax', 'CPU', softmaxKernel(false));
registerKernel('LogSoftmax', 'CPU', softmaxKernel(true));

registerKernel('BiasAdd', 'CPU', (ctx) => {
  const x = ctx.input(0), bias = ctx.input(1);
  const format = ctx.op.attrs.has('data_format') ? String(ctx.attr('data_format')) : 'NHWC';
  if (x.ndim < 2) throw invalid(`Input tensor must be at least 2D: ${shapeString(x.shape)}`);
  if (bias.ndim !== 1) throw invalid(`Biases must be 1D: ${shapeString(bias.shape)}`);
  const channel = format === 'NCHW' ? 1 : x.ndim - 1;
  if (x.shape[channel] !== bias.size) {
    throw invalid(`Must provide as many biases as the ${format === 'NCHW' ? 'channel' : 'last'} dimension of the input tensor: ${shapeString(bias.shape)} vs. ${shapeString(x.shape)}`);
  }
  const out = new NDArray(x.dtype, x.shape);
  const v = x.values, b = bias.values, o = out.values;
  const inner = stridesOf(x.shape)[channel], c = bias.size;
  for (let i = 0; i < v.length; i++) o[i] = v[i] + b[Math.floor(i / inner) % c];
  return [out];
});

/** The 4-D geometry of a windowed op's input and output for its data format. */
function windowSetup(ctx: KernelContext, inputShape: readonly number[], kH: number, kW: number) {
  if (inputShape.length !== 4) throw invalid(`input must be 4-dimensional${shapeString(inputShape)}`);
  const layout = layoutOf(String(ctx.attr('data_format')));
  const strides = ctx.attr('strides') as number[];
  if (strides[layout.n] !== 1 || strides[layout.c] !== 1) throw new UnimplementedError(null, null, 'Current implementation does not yet support strides in the batch and depth dimensions.');
  const dilations = ctx.op.attrs.has('dilations') ? (ctx.attr('dilations') as number[]) : [1, 1, 1, 1];
  let geometry: Window2D;
  try {
    geometry = window2D(inputShape[layout.h], inputShape[layout.w], kH, kW, [strides[layout.h], strides[layout.w]], [dilations[layout.h], dilations[layout.w]], String(ctx.attr('padding')) as Padding);
  } catch (e) {
    throw invalid((e as Error).message);
  }
  const outShape = [0, 0, 0, 0];
  outShape[layout.n] = inputShape[layout.n];
  outShape[layout.h] = geometry.outH;
  outShape[layout.w] = geometry.outW;
  const xs = stridesOf(inputShape);
  /** Flat offset in a 4-D array with these strides of (batch, row, column, channel). */
  const at = (s: readonly number[]) => (n: number, h: number, w: number, c: number) => n * s[layout.n] + h * s[layout.h] + w * s[layout.w] + c * s[layout.c];
  return { layout, geometry, outShape, xAt: at(xs), outAt: (shape: number[]) => at(stridesOf(shape)) };
}

registerKernel('Conv2D', 'CPU', (ctx) => {
  const filter = ctx.input(1);
  if (filter.ndim !== 4) throw invalid(`filter must be 4-dimensional: ${shapeString(filter.shape)}`);
  const [kH, kW, inPerGroup, outC] = filter.shape;
  const x = ctx.input(0);
  const { layout, geometry: g, outShape, xAt, outAt } = windowSetup(ctx, x.shape, kH, kW);
  const inC = x.shape[layout.c];
  if (inC % inPerGroup !== 0) throw invalid(`input depth must be evenly divisible by filter depth: ${inC} vs ${inPerGroup}`);
  const groups = inC / inPerGroup, outPerGroup = outC / groups;
  outShape[layout.c] = outC;
  const out = new NDArray(x.dtype, outShape);
  const oAt = outAt(outShape);
  const X = x.values, W = filter.values, O = out.values;
  const acc = new Float64Array(outC);
  for (let n = 0; n < x.shape[layout.n]; n++) {
    for (let oh = 0; oh < g.outH; oh++) {
      for (let ow = 0; ow < g.outW; ow++) {
        acc.fill(0);
        forEachTap(g, oh, ow, (kh, kw, ih, iw) => {
          for (let grp = 0; grp < groups; grp++) {
            for (let ic = 0; ic < inPerGroup; ic++) {
              const xv = X[xAt(n, ih, iw, grp * inPerGroup + ic)];
              if (xv === 0) continue;
              const row = ((kh * kW + kw) * inPerGroup + ic) * outC;
              for (let oc = grp * outPerGroup; oc < (grp + 1) * outPerGroup; oc++) acc[oc] += xv * W[row + oc];
            }
          }
        });
        for (let oc = 0; oc < outC; oc++) O[oAt(n, oh, ow, oc)] = acc[oc];
      }
    }
  }
  return [out];
});

/**
 * Visits every window of a pooling op (MaxPool, AvgPool and their gradients) over an input of
 * `inputShape`: `visit(o, taps, count)` gets the output cell's flat index and the flat input indices
 * of the window's in-bounds elements (taps[0..count), in row-major window order). Returns the output shape.
 */
export function forEachPoolWindow(ctx: KernelContext, inputShape: readonly number[], visit: (o: number, taps: Int32Array, count: number) => void): number[] {
  const ksize = ctx.attr('ksize') as number[];
  const layout = layoutOf(String(ctx.attr('data_format')));
  if (ksize[layout.n] !== 1 || ksize[layout.c] !== 1) throw new UnimplementedError(null, null, 'Pooling is not yet supported on the batch nor the depth dimension.');
  const { geometry: g, outShape, xAt, outAt } = windowSetup(ctx, inputShape, ksize[layout.h], ksize[layout.w]);
  const channels = inputShape[layout.c];
  outShape[layout.c] = channels;
  const oAt = outAt(outShape);
  const taps = new Int32Array(g.kH * g.kW);
  for (let n = 0; n < inputShape[layout.n]; n++) {
    for (let oh = 0; oh < g.outH; oh++) {
      for (let ow = 0; ow < g.outW; ow++) {
        for (let c = 0; c < channels; c++) {
          let count = 0;
          forEachTap(g, oh, ow, (_kh, _kw, ih, iw) => { taps[count++] = xAt(n, ih, iw, c); });
          visit(oAt(n, oh, ow, c), taps, count);
        }
      }
    }
  }
  return outShape;
}

/** The window element MaxPool picks: the first maximum in window order (TF's CPU tie rule). */
export function argmaxTap(values: ArrayLike<number>, taps: Int32Array, count: number): number {
  let best = taps[0];
  for (let k = 1; k < count; k++) if (values[taps[k]] > values[best]) best = taps[k];
  return best;
}

/** Output cells of a pooling op over `x`, each computed from its window's taps. */
function poolKernel(reduce: (values: ArrayLike<number>, taps: Int32Array, count: number) => number) {
  return (ctx: KernelContext) => {
    const x = ctx.input(0);
    const cells: number[] = [];
    const outShape = forEachPoolWindow(ctx, x.shape, (o, taps, count) => { cells[o] = reduce(x.values, taps, count); });
    const out = new NDArray(x.dtype, outShape);
    out.values.set(cells);
    return [out];
  };
}
registerKernel('MaxPool', 'CPU', poolKernel((v, taps, count) => (count === 0 ? -Infinity : v[argmaxTap(v, taps, count)])));
registerKernel('AvgPool', 'CPU', poolKernel((v, taps, count) => {
  let sum = 0;
  for (let k = 0; k < count; k++) sum += v[taps[k]];
  return sum / count;
}));

registerKernel('L2Loss', 'CPU', (ctx) => {
  const x = ctx.input(0);
  let sum = 0;
  for (const v of x.values) sum += v * v;
  return [NDArray.from(sum / 2, x.dtype)];
});

/**
 * Per row: loss = -Σ labels · log_softmax(logits), backprop = softmax(logits) - labels.
 * `labelAt(row, j)` gives the label distribution.
 */
function crossEntropy(logits: NDArray, labelAt: (row: number, j: number) => number): NDArray[] {
  const [batch, classes] = logits.shape;
  const loss = new NDArray(logits.dtype, [batch]), backprop = new NDArray(logits.dtype, logits.shape);
  const v = logits.values, l = loss.values, b = backprop.values;
  for (let r = 0; r < batch; r++) {
    const offset = r * classes;
    const lse = logSumExp(v, offset, classes);
    let sum = 0;
    for (let j = 0; j < classes; j++) {
      const y = labelAt(r, j), logp = v[offset + j] - lse;
      if (y !== 0) sum -= y * logp;
      b[offset + j] = Math.exp(logp) - y;
    }
    l[r] = sum;
  }
  return [loss, backprop];
}

registerKernel('SoftmaxCrossEntropyWithLogits', 'CPU', (ctx) => {
  const logits = ctx.input(0), labels = ctx.input(1);
  if (logits.ndim !== 2) throw invalid(`logits must be 2-dimensional${shapeString(logits.shape)}`);
  if (shapeString(logits.shape) !== shapeString(labels.shape)) {
    throw invalid(`logits and labels must be same size: logits_size=${shapeString(logits.shape)} labels_size=${shapeString(labels.shape)}`);
  }
  const y = labels.values, classes = logits.shape[1];
  return crossEntropy(logits, (r, j) => y[r * classes + j]);
});

registerKernel('SparseSoftmaxCrossEntropyWithLogits', 'CPU', (ctx) => {
  const logits = ctx.input(0), labels = ctx.input(1);
  if (logits.ndim !== 2) throw invalid(`logits must be 2-D, but got shape ${shapeString(logits.shape)}`);
  if (labels.ndim !== 1) throw invalid(`labels must be 1-D, but got shape ${shapeString(labels.shape)}`);
  if (labels.size !== logits.shape[0]) {
    throw invalid(`logits and labels must have the same first dimension, got logits shape ${shapeString(logits.shape)} and labels shape ${shapeString(labels.shape)}`);
  }
  const classes = logits.shape[1], y = labels.values;
  for (const v of y) {
    if (v < 0 || v >= classes) throw invalid(`Received a label value of ${v} which is outside the valid range of [0, ${classes}).  Label values: ${Array.from(y).join(' ')}`);
  }
  return crossEntropy(logits, (r, j) => (y[r] === j ? 1 : 0));
});

// =============================================================================================
// TopKV2 and InTopKV2.
// =============================================================================================
import { bool, int32 } from '../../framework/dtypes';

registerKernel('TopKV2', 'CPU', (ctx) => {
  const x = ctx.input(0), kT = ctx.input(1);
  if (kT.ndim !== 0) throw invalid(`k must be scalar, got shape ${shapeString(kT.shape)}`);
  const k = kT.values[0];
  if (k < 0) throw invalid(`Need k >= 0, got ${k}`);
  if (x.ndim < 1) throw invalid(`input must be >= 1-D, got shape ${shapeString(x.shape)}`);
  const n = x.shape[x.ndim - 1];
  if (n < k) throw invalid(`input must have at least k columns. Had ${n}, needed ${k}`);
  const rows = x.size / Math.max(n, 1);
  const outShape = [...x.shape.slice(0, -1), k];
  const values = new NDArray(x.dtype, outShape), indices = new NDArray(int32, outShape);
  const src = x.values, order = Array.from({ length: n }, (_, i) => i);
  for (let r = 0; r < (n === 0 ? 0 : rows); r++) {
    const base = r * n;
    // Larger first; equal values keep their index order (the sort is stable).
    const sorted = [...order].sort((a, b) => {
      const va = src[base + a], vb = src[base + b];
      return va === vb || (Number.isNaN(va) && Number.isNaN(vb)) ? a - b : Number.isNaN(va) ? -1 : Number.isNaN(vb) ? 1 : vb - va;
    });
    for (let j = 0; j < k; j++) { values.values[r * k + j] = src[base + sorted[j]]; indices.values[r * k + j] = sorted[j]; }
  }
  return [values, indices];
});

registerKernel('InTopKV2', 'CPU', (ctx) => {
  const p = ctx.input(0), targets = ctx.input(1), k = ctx.input(2).values[0];
  if (p.ndim !== 2) throw invalid(`predictions must be 2-dimensional`);
  if (targets.ndim !== 1) throw invalid(`targets must be 1-dimensional`);
  const [batch, classes] = p.shape;
  if (targets.size !== batch) throw invalid(`First dimension of predictions ${batch} must match length of targets ${targets.size}`);
  const out = new NDArray(bool, [batch]);
  for (let b = 0; b < batch; b++) {
    const t = targets.values[b];
    // TF cannot say for a target out of range or a non-finite prediction: false.
    if (t < 0 || t >= classes) continue;
    const target = p.values[b * classes + t];
    if (!Number.isFinite(target)) continue;
    let more = 0;
    for (let c = 0; c < classes; c++) if (p.values[b * classes + c] > target) more++;
    out.values[b] = +(more < k);
  }
  return [out];
});

// =============================================================================================
// LeakyRelu, DepthwiseConv2dNative, LRN and FusedBatchNorm (V1, V2, V3).
// =============================================================================================
import { float32 } from '../../framework/dtypes';

registerKernel('LeakyRelu', 'CPU', (ctx) => {
  const alpha = ctx.attr('alpha') as number;
  return [unaryMap(ctx.input(0), (x) => (x > 0 ? x : alpha * x))];
});

/** The window geometry of a depthwise convolution: filter [kH, kW, inC, multiplier]. */
export function depthwiseSetup(ctx: KernelContext, inputShape: readonly number[], filterShape: readonly number[]) {
  if (filterShape.length !== 4) throw invalid(`filter must be 4-dimensional: ${shapeString(filterShape)}`);
  const [kH, kW, inC, mult] = filterShape;
  const w = windowSetup(ctx, inputShape, kH, kW);
  if (inputShape[w.layout.c] !== inC) throw invalid(`input and filter must have the same depth: ${inputShape[w.layout.c]} vs ${inC}`);
  w.outShape[w.layout.c] = inC * mult;
  return { ...w, kW, inC, mult };
}

registerKernel('DepthwiseConv2dNative', 'CPU', (ctx) => {
  const x = ctx.input(0), filter = ctx.input(1);
  const { layout, geometry: g, outShape, xAt, outAt, kW, inC, mult } = depthwiseSetup(ctx, x.shape, filter.shape);
  const out = new NDArray(x.dtype, outShape);
  const oAt = outAt(outShape);
  const X = x.values, W = filter.values, O = out.values;
  const acc = new Float64Array(inC * mult);
  for (let n = 0; n < x.shape[layout.n]; n++) {
    for (let oh = 0; oh < g.outH; oh++) {
      for (let ow = 0; ow < g.outW; ow++) {
        acc.fill(0);
        forEachTap(g, oh, ow, (kh, kw, ih, iw) => {
          for (let c = 0; c < inC; c++) {
            const xv = X[xAt(n, ih, iw, c)];
            const row = ((kh * kW + kw) * inC + c) * mult;
            for (let m = 0; m < mult; m++) acc[c * mult + m] += xv * W[row + m];
          }
        });
        for (let oc = 0; oc < inC * mult; oc++) O[oAt(n, oh, ow, oc)] = acc[oc];
      }
    }
  }
  return [out];
});

/** The LRN attrs and, per element, the sum of squares over its channel window (depth is the last axis). */
export function lrnNorms(ctx: KernelContext, x: NDArray): { norms: Float64Array; radius: number; alpha: number; beta: number } {
  if (x.ndim !== 4) throw invalid(`input must be 4-dimensional, got shape ${shapeString(x.shape)}`);
  const radius = ctx.attr('depth_radius') as number, bias = ctx.attr('bias') as number;
  const alpha = ctx.attr('alpha') as number, beta = ctx.attr('beta') as number;
  const depth = x.shape[3], v = x.values;
  const norms = new Float64Array(x.size);
  for (let base = 0; base < x.size; base += depth) {
    for (let c = 0; c < depth; c++) {
      let sum = 0;
      for (let k = Math.max(0, c - radius); k <= Math.min(depth - 1, c + radius); k++) sum += v[base + k] * v[base + k];
      norms[base + c] = bias + alpha * sum;
    }
  }
  return { norms, radius, alpha, beta };
}

registerKernel('LRN', 'CPU', (ctx) => {
  const x = ctx.input(0);
  const { norms, beta } = lrnNorms(ctx, x);
  const out = new NDArray(x.dtype, x.shape);
  for (let i = 0; i < x.size; i++) out.values[i] = x.values[i] * Math.pow(norms[i], -beta);
  return [out];
});

/** Per-channel access to a 4-D tensor in a data format: channel count, elements per channel, channel of element i. */
export function channelLayout(x: NDArray, dataFormat: string) {
  if (x.ndim !== 4) throw invalid(`input must be 4-dimensional${shapeString(x.shape)}`);
  const layout = layoutOf(dataFormat);
  const c = x.shape[layout.c], inner = stridesOf(x.shape)[layout.c];
  return { c, perChannel: x.size / Math.max(c, 1), channelOf: (i: number) => Math.floor(i / inner) % c };
}

/** Per-channel mean and biased variance of x. */
export function channelMoments(x: NDArray, channelOf: (i: number) => number, c: number, perChannel: number): { mean: Float64Array; variance: Float64Array } {
  const mean = new Float64Array(c), variance = new Float64Array(c);
  const v = x.values;
  for (let i = 0; i < x.size; i++) mean[channelOf(i)] += v[i];
  for (let k = 0; k < c; k++) mean[k] /= perChannel;
  for (let i = 0; i < x.size; i++) { const d = v[i] - mean[channelOf(i)]; variance[channelOf(i)] += d * d; }
  for (let k = 0; k < c; k++) variance[k] /= perChannel;
  return { mean, variance };
}

const vectorOf = (values: ArrayLike<number>, dtype = float32) => { const a = new NDArray(dtype, [values.length]); a.values.set(values); return a; };

for (const type of ['FusedBatchNorm', 'FusedBatchNormV2', 'FusedBatchNormV3'] as const) {
  registerKernel(type, 'CPU', (ctx) => {
    const x = ctx.input(0), scale = ctx.input(1), offset = ctx.input(2);
    const training = ctx.attr('is_training') === true, epsilon = ctx.attr('epsilon') as number;
    const { c, perChannel, channelOf } = channelLayout(x, String(ctx.attr('data_format')));
    for (const [what, t] of [['scale', scale], ['offset', offset]] as const) {
      if (t.ndim !== 1 || t.size !== c) throw invalid(`${what} must have the same number of elements as the channels of x, got ${t.size} and ${c}`);
    }
    let mean: ArrayLike<number>, variance: ArrayLike<number>, reportedVariance: ArrayLike<number>;
    if (training) {
      const m = channelMoments(x, channelOf, c, perChannel);
      mean = m.mean; variance = m.variance;
      // The batch variance reported for moving averages is unbiased (n / (n - 1)), as TF's kernel gives it.
      const adjust = perChannel > 1 ? perChannel / (perChannel - 1) : 1;
      reportedVariance = Float64Array.from(m.variance, (v) => v * adjust);
    } else {
      const m = ctx.input(3), v = ctx.input(4);
      if (m.size !== c || v.size !== c) throw invalid(`When is_training is false, mean and variance must have ${c} elements, got ${m.size} and ${v.size}`);
      mean = m.values; variance = v.values; reportedVariance = v.values;
    }
    const y = new NDArray(x.dtype, x.shape);
    const inv = Float64Array.from({ length: c }, (_, k) => scale.values[k] / Math.sqrt(variance[k] + epsilon));
    for (let i = 0; i < x.size; i++) { const k = channelOf(i); y.values[i] = (x.values[i] - mean[k]) * inv[k] + offset.values[k]; }
    const u = scale.dtype;
    const outs = [y, vectorOf(mean, u), vectorOf(reportedVariance, u), vectorOf(mean, u), vectorOf(variance, u)];
    return type === 'FusedBatchNormV3' ? [...outs, new NDArray(u, [0])] : outs;
  });
}

// SpaceToDepth / DepthToSpace (NHWC): a gather whose output, read row-major, walks the input with these strides.
registerKernel('SpaceToDepth', 'CPU', (ctx) => {
  const x = ctx.input(0), bs = ctx.attr('block_size') as number;
  const [b, h, w, c] = x.shape;
  if (x.ndim !== 4 || h % bs !== 0 || w % bs !== 0) throw invalid(`Image height ${h} and width ${w} should be divisible by block_size: ${bs}`);
  const [sb, sh, sw] = stridesOf(x.shape);
  const index = productIndex([iota(b), iota(h / bs), iota(w / bs), iota(bs), iota(bs), iota(c)], [sb, bs * sh, bs * sw, sh, sw, 1]);
  return [takeFlat(x, [b, h / bs, w / bs, c * bs * bs], index)];
});
registerKernel('DepthToSpace', 'CPU', (ctx) => {
  const x = ctx.input(0), bs = ctx.attr('block_size') as number;
  const [b, h, w, c] = x.shape;
  if (x.ndim !== 4 || c % (bs * bs) !== 0) throw invalid(`Input depth dimension ${c} should be divisible by: ${bs * bs}`);
  const depth = c / (bs * bs);
  const [sb, sh, sw] = stridesOf(x.shape);
  const index = productIndex([iota(b), iota(h), iota(bs), iota(w), iota(bs), iota(depth)], [sb, sh, bs * depth, sw, depth, 1]);
  return [takeFlat(x, [b, h * bs, w * bs, depth], index)];
});
