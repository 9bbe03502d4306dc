/**
 * Reference CPU kernels for the gradient ops of tf.nn: activation backprops, BiasAddGrad and the
 * two convolution backprops (transposes of the Conv2D kernel's tap loop, same window geometry), and
 * the pooling backprops (the pooling kernels' window walk, run backwards).
 */
import { InvalidArgumentError } from '../../framework/errors';
import { shapeString } from '../../framework/tensor_shape';
import { NDArray } from '../../framework/ndarray';
import { KernelContext, registerKernel } from '../registry';
import { binaryMap } from './broadcast';
import { stridesOf } from './indexing';
import { Padding, forEachTap, layoutOf, window2D } from '../../framework/window';
import { argmaxTap, forEachPoolWindow } from './nn';
import { OpType, opTypeEntries } from '../../framework/op_types';

const invalid = (message: string) => new InvalidArgumentError(null, null, message);

const SELU_SCALE = 1.0507009873554804934193349852946;
const SELU_ALPHA = 1.6732632423543772848170429916717;

/** backprop(gradient, feature): feature is the forward output for Relu/Relu6/Elu/Selu, else its input. */
const ACTIVATION_GRADS: Partial<Record<OpType, (g: number, f: number) => number>> = {
  ReluGrad: (g, f) => (f > 0 ? g : 0),
  Relu6Grad: (g, f) => (f > 0 && f < 6 ? g : 0),
  EluGrad: (g, y) => (y < 0 ? g * (y + 1) : g),
  SeluGrad: (g, y) => (y < 0 ? g * (y + SELU_SCALE * SELU_ALPHA) : g * SELU_SCALE),
  SoftplusGrad: (g, x) => g / (1 + Math.exp(-x)),
  SoftsignGrad: (g, x) => g / ((1 + Math.abs(x)) * (1 + Math.abs(x))),
};
for (const [type, f] of opTypeEntries(ACTIVATION_GRADS)) {
  registerKernel(type, 'CPU', (ctx) => {
    const g = ctx.input(0), features = ctx.input(1);
    if (shapeString(g.shape) !== shapeString(features.shape)) {
      throw invalid(`${type} requires gradients and features of the same shape: ${shapeString(g.shape)} vs. ${shapeString(features.shape)}`);
    }
    return [binaryMap(g, features, g.dtype, f)];
  });
}

registerKernel('BiasAddGrad', 'CPU', (ctx) => {
  const g = ctx.input(0);
  if (g.ndim < 2) throw invalid(`Input tensor must be at least 2D: ${shapeString(g.shape)}`);
  const format = ctx.op.attrs.has('data_format') ? String(ctx.attr('data_format')) : 'NHWC';
  const channel = format === 'NCHW' ? 1 : g.ndim - 1;
  const c = g.shape[channel], inner = stridesOf(g.shape)[channel];
  const sums = new Float64Array(c);
  const v = g.values;
  for (let i = 0; i < v.length; i++) sums[Math.floor(i / inner) % c] += v[i];
  const out = new NDArray(g.dtype, [c]);
  out.values.set(sums);
  return [out];
});

/** The geometry shared by both backprops: input and filter shapes given explicitly. */
function convSetup(ctx: KernelContext, inputShape: readonly number[], filterShape: readonly number[], grad: NDArray) {
  if (inputShape.length !== 4) throw invalid(`input must be 4-dimensional${shapeString(inputShape)}`);
  if (filterShape.length !== 4) throw invalid(`filter must be 4-dimensional: ${shapeString(filterShape)}`);
  const layout = layoutOf(ctx.op.attrs.has('data_format') ? String(ctx.attr('data_format')) : 'NHWC');
  const strides = ctx.attr('strides') as number[];
  const dilations = ctx.op.attrs.has('dilations') ? (ctx.attr('dilations') as number[]) : [1, 1, 1, 1];
  const [kH, kW, inC, outC] = filterShape;
  if (inputShape[layout.c] !== inC) throw invalid(`Conv2D backprop: input depth ${inputShape[layout.c]} must equal the filter's ${inC} (groups are not supported here)`);
  const g = window2D(inputShape[layout.h], inputShape[layout.w], kH, kW, [strides[layout.h], strides[layout.w]], [dilations[layout.h], dilations[layout.w]], String(ctx.attr('padding')) as Padding);
  const expected = [0, 0, 0, 0];
  expected[layout.n] = inputShape[layout.n]; expected[layout.h] = g.outH; expected[layout.w] = g.outW; expected[layout.c] = outC;
  if (shapeString(expected) !== shapeString(grad.shape)) {
    throw invalid(`Conv2D backprop: out_backprop has shape ${shapeString(grad.shape)}, expected ${shapeString(expected)}`);
  }
  const at = (s: readonly number[]) => (n: number, h: number, w: number, c: number) => n * s[layout.n] + h * s[layout.h] + w * s[layout.w] + c * s[layout.c];
  return { layout, g, inC, outC, kW, xAt: at(stridesOf(inputShape)), gAt: at(stridesOf(grad.shape)) };
}

const intsOf = (a: NDArray): number[] => Array.from(a.values);

registerKernel('Conv2DBackpropInput', 'CPU', (ctx) => {
  const inputShape = intsOf(ctx.input(0)), filter = ctx.input(1), grad = ctx.input(2);
  const { layout, g, inC, outC, kW, xAt, gAt } = convSetup(ctx, inputShape, filter.shape, grad);
  const acc = new Float64Array(inputShape.reduce((a, b) => a * b, 1));
  const W = filter.values, G = grad.values;
  for (let n = 0; n < inputShape[layout.n]; n++) {
    for (let oh = 0; oh < g.outH; oh++) {
      for (let ow = 0; ow < g.outW; ow++) {
        forEachTap(g, oh, ow, (kh, kw, ih, iw) => {
          for (let ic = 0; ic < inC; ic++) {
            const row = ((kh * kW + kw) * inC + ic) * outC;
            let s = 0;
            for (let oc = 0; oc < outC; oc++) s += G[gAt(n, oh, ow, oc)] * W[row + oc];
            acc[xAt(n, ih, iw, ic)] += s;
          }
        });
      }
    }
  }
  const out = new NDArray(filter.dtype, inputShape);
  out.values.set(acc);
  return [out];
});

registerKernel('Conv2DBackpropFilter', 'CPU', (ctx) => {
  const input = ctx.input(0), filterShape = intsOf(ctx.input(1)), grad = ctx.input(2);
  const { layout, g, inC, outC, kW, xAt, gAt } = convSetup(ctx, input.shape, filterShape, grad);
  const acc = new Float64Array(filterShape.reduce((a, b) => a * b, 1));
  const X = input.values, G = grad.values;
  for (let n = 0; n < input.shape[layout.n]; n++) {
    for (let oh = 0; oh < g.outH; oh++) {
      for (let ow = 0; ow < g.outW; ow++) {
        forEachTap(g, oh, ow, (kh, kw, ih, iw) => {
          for (let ic = 0; ic < inC; ic++) {
            const xv = X[xAt(n, ih, iw, ic)];
            if (xv === 0) continue;
            const row = ((kh * kW + kw) * inC + ic) * outC;
            for (let oc = 0; oc < outC; oc++) acc[row + oc] += xv * G[gAt(n, oh, ow, oc)];
          }
        });
      }
    }
  }
  const out = new NDArray(input.dtype, filterShape);
  out.values.set(acc);
  return [out];
});

/** Checks that a pooling backprop's gradient input has the forward output's shape. */
function checkPoolGrad(type: string, grad: NDArray, outShape: readonly number[]): void {
  if (shapeString(grad.shape) !== shapeString(outShape)) throw invalid(`${type}: out_backprop has shape ${shapeString(grad.shape)}, expected ${shapeString(outShape)}`);
}

// Each window's gradient goes to the element its maximum came from.
registerKernel('MaxPoolGrad', 'CPU', (ctx) => {
  const x = ctx.input(0), grad = ctx.input(2);
  const acc = new Float64Array(x.size);
  const picks: number[] = [];
  const outShape = forEachPoolWindow(ctx, x.shape, (o, taps, count) => { picks[o] = count ? argmaxTap(x.values, taps, count) : -1; });
  checkPoolGrad('MaxPoolGrad', grad, outShape);
  const G = grad.values;
  picks.forEach((p, o) => { if (p >= 0) acc[p] += G[o]; });
  const out = new NDArray(x.dtype, x.shape);
  out.values.set(acc);
  return [out];
});

// The derivative of MaxPoolGrad with respect to its gradient input: each window reads the gradient at its maximum.
registerKernel('MaxPoolGradGrad', 'CPU', (ctx) => {
  const x = ctx.input(0), gradGrad = ctx.input(2);
  if (shapeString(gradGrad.shape) !== shapeString(x.shape)) throw invalid(`MaxPoolGradGrad: grad has shape ${shapeString(gradGrad.shape)}, expected ${shapeString(x.shape)}`);
  const cells: number[] = [];
  const GG = gradGrad.values;
  const outShape = forEachPoolWindow(ctx, x.shape, (o, taps, count) => { cells[o] = count ? GG[argmaxTap(x.values, taps, count)] : 0; });
  const out = new NDArray(x.dtype, outShape);
  out.values.set(cells);
  return [out];
});

// Each window's gradient is shared equally by the in-bounds elements it averaged.
registerKernel('AvgPoolGrad', 'CPU', (ctx) => {
  const inputShape = intsOf(ctx.input(0)), grad = ctx.input(1);
  const acc = new Float64Array(inputShape.reduce((a, b) => a * b, 1));
  const G = grad.values;
  const outShape = forEachPoolWindow(ctx, inputShape, (o, taps, count) => {
    if (o >= G.length) return; // a shape mismatch, reported below
    const share = G[o] / count;
    for (let k = 0; k < count; k++) acc[taps[k]] += share;
  });
  checkPoolGrad('AvgPoolGrad', grad, outShape);
  const out = new NDArray(grad.dtype, inputShape);
  out.values.set(acc);
  return [out];
});

// =============================================================================================
// LeakyReluGrad, the depthwise convolution backprops, LRNGrad and the fused batch norm gradients.
// =============================================================================================
import { channelLayout, channelMoments, depthwiseSetup, lrnNorms } from './nn';

registerKernel('LeakyReluGrad', 'CPU', (ctx) => {
  const alpha = ctx.attr('alpha') as number;
  return [binaryMap(ctx.input(0), ctx.input(1), ctx.input(0).dtype, (g, x) => (x > 0 ? g : alpha * g))];
});

/** Walks every (output cell, tap, channel, multiplier) of a depthwise convolution. */
function forEachDepthwiseTap(ctx: KernelContext, inputShape: readonly number[], filterShape: readonly number[], grad: NDArray,
  visit: (xi: number, wi: number, gi: number) => void): void {
  const { layout, geometry: g, outShape, xAt, outAt, kW, inC, mult } = depthwiseSetup(ctx, inputShape, filterShape);
  if (shapeString(outShape) !== shapeString(grad.shape)) throw invalid(`out_backprop has shape ${shapeString(grad.shape)}, expected ${shapeString(outShape)}`);
  const gAt = outAt(outShape);
  for (let n = 0; n < inputShape[layout.n]; n++) {
    for (let oh = 0; oh < g.outH; oh++) {
      for (let ow = 0; ow < g.outW; ow++) {
        forEachTap(g, oh, ow, (kh, kw, ih, iw) => {
          for (let c = 0; c < inC; c++) {
            for (let m = 0; m < mult; m++) visit(xAt(n, ih, iw, c), ((kh * kW + kw) * inC + c) * mult + m, gAt(n, oh, ow, c * mult + m));
          }
        });
      }
    }
  }
}

registerKernel('DepthwiseConv2dNativeBackpropInput', 'CPU', (ctx) => {
  const inputShape = intsOf(ctx.input(0)), filter = ctx.input(1), grad = ctx.input(2);
  const acc = new Float64Array(inputShape.reduce((a, b) => a * b, 1));
  const W = filter.values, G = grad.values;
  forEachDepthwiseTap(ctx, inputShape, filter.shape, grad, (xi, wi, gi) => { acc[xi] += W[wi] * G[gi]; });
  const out = new NDArray(filter.dtype, inputShape);
  out.values.set(acc);
  return [out];
});

registerKernel('DepthwiseConv2dNativeBackpropFilter', 'CPU', (ctx) => {
  const input = ctx.input(0), filterShape = intsOf(ctx.input(1)), grad = ctx.input(2);
  const acc = new Float64Array(filterShape.reduce((a, b) => a * b, 1));
  const X = input.values, G = grad.values;
  forEachDepthwiseTap(ctx, input.shape, filterShape, grad, (xi, wi, gi) => { acc[wi] += X[xi] * G[gi]; });
  const out = new NDArray(input.dtype, filterShape);
  out.values.set(acc);
  return [out];
});

// dx_j = g_j N_j^-β - 2αβ x_j Σ_{i near j} g_i x_i N_i^(-β-1), N the LRN denominators' bases.
registerKernel('LRNGrad', 'CPU', (ctx) => {
  const g = ctx.input(0), x = ctx.input(1);
  const { norms, radius, alpha, beta } = lrnNorms(ctx, x);
  const depth = x.shape[3], G = g.values, X = x.values;
  const out = new NDArray(x.dtype, x.shape);
  for (let base = 0; base < x.size; base += depth) {
    for (let j = 0; j < depth; j++) {
      let s = 0;
      for (let i = Math.max(0, j - radius); i <= Math.min(depth - 1, j + radius); i++) s += G[base + i] * X[base + i] * Math.pow(norms[base + i], -beta - 1);
      out.values[base + j] = G[base + j] * Math.pow(norms[base + j], -beta) - 2 * alpha * beta * X[base + j] * s;
    }
  }
  return [out];
});

for (const type of ['FusedBatchNormGrad', 'FusedBatchNormGradV2', 'FusedBatchNormGradV3'] as const) {
  registerKernel(type, 'CPU', (ctx) => {
    const dy = ctx.input(0), x = ctx.input(1), scale = ctx.input(2);
    const training = ctx.attr('is_training') === true, epsilon = ctx.attr('epsilon') as number;
    const { c, perChannel, channelOf } = channelLayout(x, String(ctx.attr('data_format')));
    // Training: the batch statistics (recomputed: the saved ones are these); inference: the population ones.
    const { mean, variance } = training ? channelMoments(x, channelOf, c, perChannel) : { mean: ctx.input(3).values, variance: ctx.input(4).values };
    const inv = Float64Array.from({ length: c }, (_, k) => 1 / Math.sqrt(variance[k] + epsilon));
    const sumDy = new Float64Array(c), sumDyXc = new Float64Array(c);
    for (let i = 0; i < x.size; i++) { const k = channelOf(i); sumDy[k] += dy.values[i]; sumDyXc[k] += dy.values[i] * (x.values[i] - mean[k]); }
    const dx = new NDArray(x.dtype, x.shape);
    for (let i = 0; i < x.size; i++) {
      const k = channelOf(i), s = scale.values[k] * inv[k];
      dx.values[i] = training
        ? s * (dy.values[i] - sumDy[k] / perChannel - (x.values[i] - mean[k]) * inv[k] * inv[k] * sumDyXc[k] / perChannel)
        : s * dy.values[i];
    }
    const u = scale.dtype;
    const vec = (values: ArrayLike<number>) => { const a = new NDArray(u, [c]); a.values.set(values); return a; };
    return [dx, vec(Float64Array.from(sumDyXc, (v, k) => v * inv[k])), vec(sumDy), new NDArray(u, [0]), new NDArray(u, [0])];
  });
}
