/**
 * Reference CPU kernels of MaxPoolWithArgmax and its gradients, and of grayscale dilation (Dilation2D
 * and its two backprops), NHWC as TF's are.
 */
import { InvalidArgumentError } from '../../framework/errors';
import { shapeString } from '../../framework/tensor_shape';
import { NDArray } from '../../framework/ndarray';
import { KernelContext, registerKernel } from '../registry';
import { Padding, Window2D, forEachTap, window2D } from '../../framework/window';

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
