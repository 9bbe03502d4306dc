/**
 * Reference CPU kernels of the 3-D convolution and pooling ops (Conv3D, its two V2 backprops, MaxPool3D,
 * AvgPool3D and their gradients), NDHWC only as TF's CPU kernels are. One window walk serves them all.
 */
import { InvalidArgumentError, UnimplementedError } from '../../framework/errors';
import { shapeString } from '../../framework/tensor_shape';
import { NDArray } from '../../framework/ndarray';
import { KernelContext, registerKernel } from '../registry';
import { Padding, Window3D, forEachTap3D, window3D } from '../../framework/window';

const invalid = (message: string) => new InvalidArgumentError(null, null, message);
const intsOf = (a: NDArray): number[] => Array.from(a.values);
const product = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

/** The window geometry of a 3-D op over an NDHWC input of `inputShape` with spatial kernel `k`. */
function geometry(ctx: KernelContext, what: string, inputShape: readonly number[], k: readonly number[]): Window3D {
  if (String(ctx.attr('data_format')) !== 'NDHWC') throw invalid(`CPU implementation of ${what} currently only supports the NHWC tensor format.`);
  if (inputShape.length !== 5) throw invalid(`input must be 5-dimensional${shapeString(inputShape)}`);
  const strides = ctx.attr('strides') as number[];
  if (strides[0] !== 1 || strides[4] !== 1) throw invalid('Current implementation does not yet support strides in the batch and depth dimensions.');
  const dilations = ctx.op.attrs.has('dilations') ? (ctx.attr('dilations') as number[]) : [1, 1, 1, 1, 1];
  if (dilations.some((d) => d !== 1)) throw invalid(`CPU implementation of ${what} currently only supports dilated rates of 1.`);
  try {
    return window3D(inputShape.slice(1, 4), k, strides.slice(1, 4), [1, 1, 1], String(ctx.attr('padding')) as Padding);
  } catch (e) {
    throw invalid((e as Error).message);
  }
}

/** Calls `visit(n, o, tap, at)` for each batch, flat output cell, filter tap and flat input cell of a window pass. */
function forEachWindow(g: Window3D, batch: number, visit: (n: number, o: number, tap: number, at: number) => void, cellDone?: (n: number, o: number) => void): void {
  for (let n = 0; n < batch; n++) {
    let o = 0;
    for (let od = 0; od < g.out[0]; od++) {
      for (let oh = 0; oh < g.out[1]; oh++) {
        for (let ow = 0; ow < g.out[2]; ow++, o++) {
          const cell = o;
          forEachTap3D(g, od, oh, ow, (tap, at) => visit(n, cell, tap, at));
          cellDone?.(n, cell);
        }
      }
    }
  }
}

/** Geometry of a convolution from its input and filter shapes, checking the gradient's shape when given. */
function convSetup(ctx: KernelContext, what: string, inputShape: readonly number[], filterShape: readonly number[], grad?: NDArray) {
  if (filterShape.length !== 5) throw invalid(`filter must be 5-dimensional: ${shapeString(filterShape)}`);
  const g = geometry(ctx, what, inputShape, filterShape.slice(0, 3));
  const inC = filterShape[3], outC = filterShape[4];
  if (inputShape[4] !== inC) throw invalid(`Input depth must be equal to filter depth: ${inputShape[4]} vs ${inC}`);
  const outShape = [inputShape[0], ...g.out, outC];
  if (grad && shapeString(grad.shape) !== shapeString(outShape)) throw invalid(`${what}: out_backprop has shape ${shapeString(grad.shape)}, expected ${shapeString(outShape)}`);
  return { g, inC, outC, outShape, inCells: product(g.in), outCells: product(g.out) };
}

registerKernel('Conv3D', 'CPU', (ctx) => {
  const x = ctx.input(0), filter = ctx.input(1);
  const { g, inC, outC, outShape, inCells, outCells } = convSetup(ctx, 'Conv3D', x.shape, filter.shape);
  const X = x.values, W = filter.values;
  const acc = new Float64Array(product(outShape));
  forEachWindow(g, x.shape[0], (n, o, tap, at) => {
    const xBase = (n * inCells + at) * inC, oBase = (n * outCells + o) * outC;
    for (let ic = 0; ic < inC; ic++) {
      const xv = X[xBase + ic];
      if (xv === 0) continue;
      const row = (tap * inC + ic) * outC;
      for (let oc = 0; oc < outC; oc++) acc[oBase + oc] += xv * W[row + oc];
    }
  });
  const out = new NDArray(x.dtype, outShape);
  out.values.set(acc);
  return [out];
});

registerKernel('Conv3DBackpropInputV2', 'CPU', (ctx) => {
  const inputShape = intsOf(ctx.input(0)), filter = ctx.input(1), grad = ctx.input(2);
  const { g, inC, outC, inCells, outCells } = convSetup(ctx, 'Conv3DBackpropInputOp', inputShape, filter.shape, grad);
  const W = filter.values, G = grad.values;
  const acc = new Float64Array(product(inputShape));
  forEachWindow(g, inputShape[0], (n, o, tap, at) => {
    const xBase = (n * inCells + at) * inC, gBase = (n * outCells + o) * outC;
    for (let ic = 0; ic < inC; ic++) {
      const row = (tap * inC + ic) * outC;
      let s = 0;
      for (let oc = 0; oc < outC; oc++) s += G[gBase + oc] * W[row + oc];
      acc[xBase + ic] += s;
    }
  });
  const out = new NDArray(filter.dtype, inputShape);
  out.values.set(acc);
  return [out];
});

registerKernel('Conv3DBackpropFilterV2', 'CPU', (ctx) => {
  const x = ctx.input(0), filterShape = intsOf(ctx.input(1)), grad = ctx.input(2);
  const { g, inC, outC, inCells, outCells } = convSetup(ctx, 'Conv3DBackpropFilterOp', x.shape, filterShape, grad);
  const X = x.values, G = grad.values;
  const acc = new Float64Array(product(filterShape));
  forEachWindow(g, x.shape[0], (n, o, tap, at) => {
    const xBase = (n * inCells + at) * inC, gBase = (n * outCells + o) * outC;
    for (let ic = 0; ic < inC; ic++) {
      const xv = X[xBase + ic];
      if (xv === 0) continue;
      const row = (tap * inC + ic) * outC;
      for (let oc = 0; oc < outC; oc++) acc[row + oc] += xv * G[gBase + oc];
    }
  });
  const out = new NDArray(x.dtype, filterShape);
  out.values.set(acc);
  return [out];
});

/**
 * Visits every window of a 3-D pooling op over an NDHWC input: `visit(o, taps, count)` gets the flat
 * output index and the flat input indices of the window's in-bounds elements. Returns the output shape.
 */
function forEachPoolWindow3D(ctx: KernelContext, what: string, inputShape: readonly number[], visit: (o: number, taps: Int32Array, count: number) => void): number[] {
  const ksize = ctx.attr('ksize') as number[];
  if (ksize[0] !== 1 || (ctx.attr('strides') as number[])[0] !== 1) throw new UnimplementedError(null, null, 'Pooling is not yet supported on the batch dimension.');
  if (ksize[4] !== 1 || (ctx.attr('strides') as number[])[4] !== 1) throw new UnimplementedError(null, null, `${what} is not yet supported on the depth dimension.`);
  const g = geometry(ctx, what, inputShape, ksize.slice(1, 4));
  const c = inputShape[4], inCells = product(g.in), outCells = product(g.out);
  const taps = Array.from({ length: c }, () => new Int32Array(product(g.k)));
  const counts = new Int32Array(c);
  forEachWindow(g, inputShape[0], (n, _o, _tap, at) => {
    const base = (n * inCells + at) * c;
    for (let ch = 0; ch < c; ch++) taps[ch][counts[ch]++] = base + ch;
  }, (n, o) => {
    for (let ch = 0; ch < c; ch++) { visit((n * outCells + o) * c + ch, taps[ch], counts[ch]); counts[ch] = 0; }
  });
  return [inputShape[0], ...g.out, c];
}

function maxOf(v: ArrayLike<number>, taps: Int32Array, count: number): number {
  let m = -Infinity;
  for (let k = 0; k < count; k++) if (v[taps[k]] > m) m = v[taps[k]];
  return m;
}

registerKernel('MaxPool3D', 'CPU', (ctx) => {
  const x = ctx.input(0);
  const cells: number[] = [];
  const outShape = forEachPoolWindow3D(ctx, 'MaxPooling3d', x.shape, (o, taps, count) => { cells[o] = maxOf(x.values, taps, count); });
  const out = new NDArray(x.dtype, outShape);
  out.values.set(cells);
  return [out];
});

registerKernel('AvgPool3D', 'CPU', (ctx) => {
  const x = ctx.input(0);
  const cells: number[] = [];
  const outShape = forEachPoolWindow3D(ctx, 'AvgPooling3d', x.shape, (o, taps, count) => {
    let s = 0;
    for (let k = 0; k < count; k++) s += x.values[taps[k]];
    cells[o] = s / count;
  });
  const out = new NDArray(x.dtype, outShape);
  out.values.set(cells);
  return [out];
});

function checkGradShape(what: string, grad: NDArray, expected: readonly number[]): void {
  if (shapeString(grad.shape) !== shapeString(expected)) throw invalid(`${what}: grad has shape ${shapeString(grad.shape)}, expected ${shapeString(expected)}`);
}

/** TF's CPU rule for MaxPool3D's gradient: every window element within 1e-5 of the window's maximum takes the gradient. */
const atMax = (v: ArrayLike<number>, i: number, max: number) => Math.abs(v[i] - max) < 1e-5;

registerKernel('MaxPool3DGrad', 'CPU', (ctx) => {
  const x = ctx.input(0), y = ctx.input(1), grad = ctx.input(2);
  const acc = new Float64Array(x.size);
  const outShape = forEachPoolWindow3D(ctx, 'MaxPooling3d', x.shape, (o, taps, count) => {
    if (o >= grad.size || o >= y.size) return; // a shape mismatch, reported below
    for (let k = 0; k < count; k++) if (atMax(x.values, taps[k], y.values[o])) acc[taps[k]] += grad.values[o];
  });
  checkGradShape('MaxPool3DGrad', y, outShape);
  checkGradShape('MaxPool3DGrad', grad, outShape);
  const out = new NDArray(grad.dtype, x.shape);
  out.values.set(acc);
  return [out];
});

// The derivative of MaxPool3DGrad with respect to its gradient input (its adjoint: each window sums the
// gradient-of-gradient where MaxPool3DGrad routed the gradient).
registerKernel('MaxPool3DGradGrad', 'CPU', (ctx) => {
  const x = ctx.input(0), y = ctx.input(1), gg = ctx.input(2);
  checkGradShape('MaxPool3DGradGrad', gg, x.shape);
  const cells: number[] = [];
  const outShape = forEachPoolWindow3D(ctx, 'MaxPooling3d', x.shape, (o, taps, count) => {
    let s = 0;
    for (let k = 0; k < count; k++) if (atMax(x.values, taps[k], y.values[o])) s += gg.values[taps[k]];
    cells[o] = s;
  });
  checkGradShape('MaxPool3DGradGrad', y, outShape);
  const out = new NDArray(gg.dtype, outShape);
  out.values.set(cells);
  return [out];
});

registerKernel('AvgPool3DGrad', 'CPU', (ctx) => {
  const inputShape = intsOf(ctx.input(0)), grad = ctx.input(1);
  if (inputShape.length !== 5) throw invalid(`orig_input_shape must have 5 elements, got ${inputShape.length}`);
  const acc = new Float64Array(product(inputShape));
  const outShape = forEachPoolWindow3D(ctx, 'AvgPooling3d', inputShape, (o, taps, count) => {
    if (o >= grad.size) return;
    const share = grad.values[o] / count;
    for (let k = 0; k < count; k++) acc[taps[k]] += share;
  });
  checkGradShape('AvgPool3DGrad', grad, outShape);
  const out = new NDArray(grad.dtype, inputShape);
  out.values.set(acc);
  return [out];
});
