/**
 * Reference CPU kernels of the image ops: the resizes (bilinear, nearest neighbour, bicubic, area) and
 * their gradients with TF's coordinate rules (align_corners, half_pixel_centers, float32 arithmetic),
 * AdjustContrastv2, RGBToHSV / HSVToRGB, AdjustSaturation / AdjustHue, and DecodePng / EncodePng.
 */
import { InvalidArgumentError } from '../../framework/errors';
import { shapeString } from '../../framework/tensor_shape';
import { NDArray } from '../../framework/ndarray';
import { DType, float32, int32, uint8 } from '../../framework/dtypes';
import { encodePng } from '../../framework/png';
import { KernelContext, registerKernel } from '../registry';
import { Philox, SingleSampler, randomSeed64, uint32ToFloat } from './philox';

const invalid = (message: string) => new InvalidArgumentError(null, null, message);
const f = Math.fround;

/** TF's CalculateResizeScale. */
const resizeScale = (inSize: number, outSize: number, alignCorners: boolean): number =>
  (alignCorners && outSize > 1 ? f((inSize - 1) / (outSize - 1)) : f(inSize / outSize));

/** TF's scalers: the input coordinate of output index `x`. */
const legacy = (x: number, scale: number) => f(x * scale);
const halfPixel = (x: number, scale: number) => f(f(f(x + 0.5) * scale) - 0.5);
const halfPixelNN = (x: number, scale: number) => f(f(x + 0.5) * scale);

interface ResizeGeometry { batch: number; inH: number; inW: number; channels: number; outH: number; outW: number; scaleH: number; scaleW: number; align: boolean; half: boolean }

/** TF's ImageResizerState::ValidateAndCalculateOutputSize for (images, size). */
function resizeGeometry(ctx: KernelContext, withHalfPixel = true): ResizeGeometry {
  const align = ctx.attr('align_corners') === true, half = withHalfPixel && ctx.attr('half_pixel_centers') === true;
  if (half && align) throw invalid('If half_pixel_centers is True, align_corners must be False.');
  const x = ctx.input(0), size = ctx.input(1);
  if (x.ndim !== 4) throw invalid(`input must be 4-dimensional${shapeString(x.shape)}`);
  if (size.ndim !== 1) throw invalid(`shape_t must be 1-dimensional${shapeString(size.shape)}`);
  if (size.size !== 2) throw invalid(`shape_t must have two elements${shapeString(size.shape)}`);
  const [batch, inH, inW, channels] = x.shape;
  const [outH, outW] = Array.from(size.values as ArrayLike<number>, Number);
  if (!(outH > 0 && outW > 0)) throw invalid('output dimensions must be positive');
  if (channels <= 0) throw invalid('image must have at least one channel');
  if (inH <= 0 || inW <= 0) throw invalid('input image must be of non-zero size');
  return { batch, inH, inW, channels, outH, outW, scaleH: resizeScale(inH, outH, align), scaleW: resizeScale(inW, outW, align), align, half };
}

/** TF's compute_interpolation_weights: the two neighbours and the weight of the upper one, per output index. */
function linearWeights(outSize: number, inSize: number, scale: number, half: boolean): { lower: Int32Array; upper: Int32Array; lerp: Float32Array } {
  const lower = new Int32Array(outSize), upper = new Int32Array(outSize), lerp = new Float32Array(outSize);
  for (let i = 0; i < outSize; i++) {
    const at = half ? halfPixel(i, scale) : legacy(i, scale);
    const fl = Math.floor(at);
    lower[i] = Math.max(fl, 0);
    upper[i] = Math.min(Math.ceil(at), inSize - 1);
    lerp[i] = at - fl;
  }
  return { lower, upper, lerp };
}

registerKernel('ResizeBilinear', 'CPU', (ctx) => {
  const g = resizeGeometry(ctx);
  const X = ctx.input(0).values;
  const out = new NDArray(float32, [g.batch, g.outH, g.outW, g.channels]);
  const Y = out.values as Float32Array;
  const ys = linearWeights(g.outH, g.inH, g.scaleH, g.half), xs = linearWeights(g.outW, g.inW, g.scaleW, g.half);
  const c = g.channels;
  let o = 0;
  for (let b = 0; b < g.batch; b++) {
    const base = b * g.inH * g.inW * c;
    for (let y = 0; y < g.outH; y++) {
      const top = base + ys.lower[y] * g.inW * c, bottom = base + ys.upper[y] * g.inW * c, yl = ys.lerp[y];
      for (let x = 0; x < g.outW; x++) {
        const l = xs.lower[x] * c, r = xs.upper[x] * c, xl = xs.lerp[x];
        for (let ch = 0; ch < c; ch++, o++) {
          const tl = f(X[top + l + ch]), tr = f(X[top + r + ch]), bl = f(X[bottom + l + ch]), br = f(X[bottom + r + ch]);
          const t = f(tl + f(f(tr - tl) * xl)), bt = f(bl + f(f(br - bl) * xl));
          Y[o] = t + (bt - t) * yl;
        }
      }
    }
  }
  return [out];
});

/** TF's ImageResizerGradientState checks of (grads, original_image). */
function gradGeometry(ctx: KernelContext): ResizeGeometry {
  const align = ctx.attr('align_corners') === true, half = ctx.attr('half_pixel_centers') === true;
  if (half && align) throw invalid('If half_pixel_centers is True, align_corners must be False.');
  const grad = ctx.input(0), orig = ctx.input(1);
  if (grad.ndim !== 4) throw invalid(`input_grad must be 4-dimensional${shapeString(grad.shape)}`);
  if (grad.dtype !== float32) throw invalid(`input_grad must be of type float${grad.dtype.name}`);
  if (orig.ndim !== 4) throw invalid(`original_image must be 4-dimensional${shapeString(orig.shape)}`);
  const [batch, outH, outW, channels] = grad.shape;
  const [ob, inH, inW, oc] = orig.shape;
  if (ob !== batch) throw invalid('original_image and input_grad must have the same batch size');
  if (oc !== channels) throw invalid('original_image and input_grad must have the same number of channels');
  if (inH <= 0 || inW <= 0) throw invalid('original image must be of non-zero size');
  return { batch, inH, inW, channels, outH, outW, scaleH: resizeScale(inH, outH, align), scaleW: resizeScale(inW, outW, align), align, half };
}

registerKernel('ResizeBilinearGrad', 'CPU', (ctx) => {
  const g = gradGeometry(ctx);
  const G = ctx.input(0).values;
  const acc = new Float64Array(g.batch * g.inH * g.inW * g.channels);
  const ys = linearWeights(g.outH, g.inH, g.scaleH, g.half), xs = linearWeights(g.outW, g.inW, g.scaleW, g.half);
  const c = g.channels;
  let o = 0;
  for (let b = 0; b < g.batch; b++) {
    const base = b * g.inH * g.inW * c;
    for (let y = 0; y < g.outH; y++) {
      const top = base + ys.lower[y] * g.inW * c, bottom = base + ys.upper[y] * g.inW * c, yl = ys.lerp[y], iyl = 1 - yl;
      for (let x = 0; x < g.outW; x++) {
        const l = xs.lower[x] * c, r = xs.upper[x] * c, xl = xs.lerp[x], ixl = 1 - xl;
        for (let ch = 0; ch < c; ch++, o++) {
          const v = G[o];
          acc[top + l + ch] += v * iyl * ixl;
          acc[top + r + ch] += v * iyl * xl;
          acc[bottom + l + ch] += v * yl * ixl;
          acc[bottom + r + ch] += v * yl * xl;
        }
      }
    }
  }
  const out = new NDArray(ctx.input(1).dtype, ctx.input(1).shape);
  out.values.set(acc);
  return [out];
});

/** The nearest input index of output index `i` (TF's ResizeNearestNeighbor rounding and clamping). */
function nearest(i: number, scale: number, inSize: number, align: boolean, half: boolean): number {
  const at = half ? halfPixelNN(i, scale) : legacy(i, scale);
  const idx = Math.min(align ? Math.round(at) : Math.floor(at), inSize - 1);
  return half ? Math.max(0, idx) : idx;
}

registerKernel('ResizeNearestNeighbor', 'CPU', (ctx) => {
  const g = resizeGeometry(ctx);
  const x = ctx.input(0);
  if (g.inH >= 2 ** 24 || g.inW >= 2 ** 24) throw invalid('nearest neighbor requires max height & width of 2^24');
  const out = new NDArray(x.dtype, [g.batch, g.outH, g.outW, g.channels]);
  const X = x.values, Y = out.values, c = g.channels;
  let o = 0;
  for (let b = 0; b < g.batch; b++) {
    for (let y = 0; y < g.outH; y++) {
      const iy = nearest(y, g.scaleH, g.inH, g.align, g.half);
      for (let xx = 0; xx < g.outW; xx++) {
        const at = ((b * g.inH + iy) * g.inW + nearest(xx, g.scaleW, g.inW, g.align, g.half)) * c;
        for (let ch = 0; ch < c; ch++) Y[o++] = X[at + ch];
      }
    }
  }
  return [out];
});

registerKernel('ResizeNearestNeighborGrad', 'CPU', (ctx) => {
  const align = ctx.attr('align_corners') === true, half = ctx.attr('half_pixel_centers') === true;
  const grad = ctx.input(0), size = ctx.input(1);
  if (grad.ndim !== 4) throw invalid(`input must be 4-dimensional${shapeString(grad.shape)}`);
  if (size.ndim !== 1) throw invalid(`shape_t must be 1-dimensional${shapeString(size.shape)}`);
  if (size.size !== 2) throw invalid(`shape_t must have two elements${shapeString(size.shape)}`);
  const [outH, outW] = Array.from(size.values as ArrayLike<number>, Number);
  if (!(outH > 0 && outW > 0)) throw invalid("shape_t's elements must be positive");
  const [batch, inH, inW, c] = grad.shape;
  // The gradient's "input" is the resized image; its "output" the original one.
  const scaleH = resizeScale(outH, inH, align), scaleW = resizeScale(outW, inW, align);
  const acc = new Float64Array(batch * outH * outW * c);
  const G = grad.values;
  for (let b = 0; b < batch; b++) {
    for (let y = 0; y < inH; y++) {
      const oy = nearest(y, scaleH, outH, align, half);
      for (let x = 0; x < inW; x++) {
        const ox = nearest(x, scaleW, outW, align, half);
        const src = ((b * inH + y) * inW + x) * c, dst = ((b * outH + oy) * outW + ox) * c;
        for (let ch = 0; ch < c; ch++) acc[dst + ch] += G[src + ch];
      }
    }
  }
  const out = new NDArray(grad.dtype, [batch, outH, outW, c]);
  out.values.set(acc);
  return [out];
});

// ---- bicubic ----------------------------------------------------------------------------------

const TABLE_SIZE = 1024;
/** TF's InitCoeffsTable: Keys' cubic kernel with parameter `a`, sampled at 1/1024 steps (float). */
function coeffsTable(a: number): Float32Array {
  const t = new Float32Array((TABLE_SIZE + 1) * 2);
  for (let i = 0; i <= TABLE_SIZE; i++) {
    let x = i / TABLE_SIZE;
    t[i * 2] = ((a + 2) * x - (a + 3)) * x * x + 1;
    x += 1.0;
    t[i * 2 + 1] = ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
  }
  return t;
}
const LEGACY_TABLE = coeffsTable(-0.75), KEYS_TABLE = coeffsTable(-0.5);
/** C's lrintf: round half to even. */
const lrint = (v: number) => { const r = Math.round(v); return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r; };
const bound = (v: number, limit: number) => Math.min(limit - 1, Math.max(0, v));

/** TF's GetWeightsAndIndices: four taps and their weights per output index. */
function cubicTaps(outSize: number, inSize: number, scale: number, half: boolean): { index: Int32Array; weight: Float32Array } {
  const index = new Int32Array(outSize * 4), weight = new Float32Array(outSize * 4);
  const table = half ? KEYS_TABLE : LEGACY_TABLE;
  for (let i = 0; i < outSize; i++) {
    const at = half ? halfPixel(i, scale) : legacy(i, scale);
    const loc = Math.floor(at);
    const offset = lrint(f(at - loc) * TABLE_SIZE);
    const w = [table[offset * 2 + 1], table[offset * 2], table[(TABLE_SIZE - offset) * 2], table[(TABLE_SIZE - offset) * 2 + 1]];
    for (let k = 0; k < 4; k++) {
      index[i * 4 + k] = bound(loc - 1 + k, inSize);
      // Keys' variant (half-pixel centers) gives no weight to taps outside the image and renormalizes.
      if (half && index[i * 4 + k] !== loc - 1 + k) w[k] = 0;
    }
    if (half) {
      const total = f(f(f(w[0] + w[1]) + w[2]) + w[3]);
      if (Math.abs(total) >= 1000 * 1.1754943508222875e-38) for (let k = 0; k < 4; k++) w[k] = f(w[k] * f(1 / total));
    }
    weight.set(w, i * 4);
  }
  return { index, weight };
}

registerKernel('ResizeBicubic', 'CPU', (ctx) => {
  const g = resizeGeometry(ctx);
  const X = ctx.input(0).values;
  const out = new NDArray(float32, [g.batch, g.outH, g.outW, g.channels]);
  const Y = out.values as Float32Array;
  const ys = cubicTaps(g.outH, g.inH, g.scaleH, g.half), xs = cubicTaps(g.outW, g.inW, g.scaleW, g.half);
  const c = g.channels;
  let o = 0;
  for (let b = 0; b < g.batch; b++) {
    for (let y = 0; y < g.outH; y++) {
      for (let x = 0; x < g.outW; x++) {
        for (let ch = 0; ch < c; ch++, o++) {
          let v = 0;
          for (let i = 0; i < 4; i++) {
            const row = (b * g.inH + ys.index[y * 4 + i]) * g.inW;
            let r = 0;
            for (let j = 0; j < 4; j++) r = f(r + f(f(X[(row + xs.index[x * 4 + j]) * c + ch]) * xs.weight[x * 4 + j]));
            v = f(v + f(r * ys.weight[y * 4 + i]));
          }
          Y[o] = v;
        }
      }
    }
  }
  return [out];
});

registerKernel('ResizeBicubicGrad', 'CPU', (ctx) => {
  const g = gradGeometry(ctx);
  const G = ctx.input(0).values;
  const acc = new Float64Array(g.batch * g.inH * g.inW * g.channels);
  const ys = cubicTaps(g.outH, g.inH, g.scaleH, g.half), xs = cubicTaps(g.outW, g.inW, g.scaleW, g.half);
  const c = g.channels;
  let o = 0;
  for (let b = 0; b < g.batch; b++) {
    for (let y = 0; y < g.outH; y++) {
      for (let x = 0; x < g.outW; x++) {
        for (let ch = 0; ch < c; ch++, o++) {
          for (let i = 0; i < 4; i++) {
            const row = (b * g.inH + ys.index[y * 4 + i]) * g.inW;
            for (let j = 0; j < 4; j++) acc[(row + xs.index[x * 4 + j]) * c + ch] += G[o] * ys.weight[y * 4 + i] * xs.weight[x * 4 + j];
          }
        }
      }
    }
  }
  const out = new NDArray(ctx.input(1).dtype, ctx.input(1).shape);
  out.values.set(acc);
  return [out];
});

// ---- area -------------------------------------------------------------------------------------

/** The input cells output index `i` covers and how much of each (TF's ResizeArea spans). */
function areaSpans(outSize: number, inSize: number, scale: number): { index: number[]; weight: number[] }[] {
  return Array.from({ length: outSize }, (_, i) => {
    const a = f(i * scale), b = f((i + 1) * scale);
    const index: number[] = [], weight: number[] = [];
    for (let k = Math.floor(a); k < Math.ceil(b); k++) {
      const w = k < a ? (k + 1 > b ? scale : f(k + 1 - a)) : (k + 1 > b ? f(b - k) : 1);
      index.push(bound(k, inSize));
      weight.push(w);
    }
    return { index, weight };
  });
}

registerKernel('ResizeArea', 'CPU', (ctx) => {
  const g = resizeGeometry(ctx, false);
  const X = ctx.input(0).values;
  const out = new NDArray(float32, [g.batch, g.outH, g.outW, g.channels]);
  const Y = out.values as Float32Array;
  const ys = areaSpans(g.outH, g.inH, g.scaleH), xs = areaSpans(g.outW, g.inW, g.scaleW);
  const norm = f(1 / f(g.scaleH * g.scaleW));
  const c = g.channels;
  let o = 0;
  for (let b = 0; b < g.batch; b++) {
    for (let y = 0; y < g.outH; y++) {
      const sy = ys[y];
      for (let x = 0; x < g.outW; x++) {
        const sx = xs[x];
        for (let ch = 0; ch < c; ch++, o++) {
          let total = 0;
          sy.index.forEach((iy, i) => {
            let row = 0;
            const at = (b * g.inH + iy) * g.inW;
            sx.index.forEach((ix, j) => { row = f(row + f(f(X[(at + ix) * c + ch]) * sx.weight[j])); });
            total = f(total + f(row * sy.weight[i]));
          });
          Y[o] = total * norm;
        }
      }
    }
  }
  return [out];
});

// ---- colour -----------------------------------------------------------------------------------

/** Checks an image of at least rank 3 and a scalar second input; returns the pixel and channel counts. */
function imageAndScalar(ctx: KernelContext, scalarName: string): { pixels: number; channels: number; perImage: number; amount: number } {
  const x = ctx.input(0), s = ctx.input(1);
  if (x.ndim < 3) throw invalid(`input must be at least 3-D, got shape${shapeString(x.shape)}`);
  if (s.ndim !== 0) throw invalid(`${scalarName} must be scalar: ${shapeString(s.shape)}`);
  const [h, w, channels] = x.shape.slice(-3);
  return { pixels: x.size / channels, channels, perImage: h * w, amount: Number(s.values[0]) };
}

registerKernel('AdjustContrastv2', 'CPU', (ctx) => {
  const x = ctx.input(0);
  const { channels: c, perImage, amount } = imageAndScalar(ctx, 'contrast_factor');
  const out = new NDArray(x.dtype, x.shape);
  const images = perImage === 0 ? 0 : x.size / (perImage * c);
  for (let n = 0; n < images; n++) {
    const base = n * perImage * c;
    for (let ch = 0; ch < c; ch++) {
      let s = 0;
      for (let p = 0; p < perImage; p++) s += x.values[base + p * c + ch];
      const mean = f(s / perImage);
      for (let p = 0; p < perImage; p++) out.values[base + p * c + ch] = f(f(f(x.values[base + p * c + ch]) - mean) * f(amount)) + mean;
    }
  }
  return [out];
});

/** TF's rgb_to_hsv of one pixel. */
function toHsv(r: number, g: number, b: number): [number, number, number] {
  const v = Math.max(r, g, b), range = v - Math.min(r, g, b);
  const s = v > 0 ? range / v : 0;
  const norm = 1 / (6 * range);
  let h = r === v ? norm * (g - b) : g === v ? norm * (b - r) + 2 / 6 : norm * (r - g) + 4 / 6;
  if (!(range > 0)) h = 0;
  if (h < 0) h += 1;
  return [h, s, v];
}
/** TF's hsv_to_rgb of one pixel (the RGBToHSV op's inverse). */
function toRgb(h: number, s: number, v: number): [number, number, number] {
  const dh = h * 6;
  const clamp = (t: number) => Math.min(1, Math.max(0, t));
  const dr = clamp(Math.abs(dh - 3) - 1), dg = clamp(2 - Math.abs(dh - 2)), db = clamp(2 - Math.abs(dh - 4));
  const m = 1 - s;
  return [(m + s * dr) * v, (m + s * dg) * v, (m + s * db) * v];
}

function perPixel(convert: (a: number, b: number, c: number) => [number, number, number]) {
  return (ctx: KernelContext) => {
    const x = ctx.input(0);
    if (x.ndim < 1) throw invalid(`input must be at least 1D${shapeString(x.shape)}`);
    const c = x.shape[x.ndim - 1];
    if (c !== 3) throw invalid(`input must have 3 channels but input only has ${c} channels.`);
    const out = new NDArray(x.dtype, x.shape);
    for (let i = 0; i < x.size; i += 3) out.values.set(convert(x.values[i], x.values[i + 1], x.values[i + 2]), i);
    return [out];
  };
}
registerKernel('RGBToHSV', 'CPU', perPixel(toHsv));
registerKernel('HSVToRGB', 'CPU', perPixel(toRgb));

/** AdjustSaturation / AdjustHue: each pixel through HSV, `change` applied to (h, s). */
function hsvAdjust(scalarName: string, change: (hsv: [number, number, number], amount: number) => void) {
  return (ctx: KernelContext) => {
    const x = ctx.input(0);
    const { channels, amount } = imageAndScalar(ctx, scalarName);
    if (channels !== 3) throw invalid(`input must have 3 channels but instead has ${channels} channels.`);
    const out = new NDArray(x.dtype, x.shape);
    for (let i = 0; i < x.size; i += 3) {
      const hsv = toHsv(x.values[i], x.values[i + 1], x.values[i + 2]);
      change(hsv, amount);
      out.values.set(hsvToRgbSector(...hsv), i);
    }
    return [out];
  };
}
/** The adjust kernels' hsv_to_rgb (by hue sector). */
function hsvToRgbSector(h: number, s: number, v: number): [number, number, number] {
  const c = s * v, m = v - c, dh = h * 6;
  let fm = dh;
  while (fm <= 0) fm += 2;
  while (fm >= 2) fm -= 2;
  const x = c * (1 - Math.abs(fm - 1));
  const rgb: [number, number, number][] = [[c, x, 0], [x, c, 0], [0, c, x], [0, x, c], [x, 0, c], [c, 0, x]];
  const [r, g, b] = rgb[Math.trunc(dh)] ?? [0, 0, 0];
  return [r + m, g + m, b + m];
}
registerKernel('AdjustSaturation', 'CPU', hsvAdjust('scale', (hsv, scale) => { hsv[1] = Math.min(1, Math.max(0, hsv[1] * scale)); }));
registerKernel('AdjustHue', 'CPU', hsvAdjust('delta', (hsv, delta) => {
  let h = (hsv[0] + delta) % 1;
  if (h < 0) h += 1;
  hsv[0] = h;
}));

// ---- PNG (DecodePng is the image decoder in lib/kernels/native/jpeg.ts) ------------------------

/** TF's DecodeBmp: the header's pixel offset, width, height and bits per pixel, then each row (4-byte aligned). */
registerKernel('DecodeBmp', 'CPU', (ctx) => {
  const contents = ctx.input(0);
  let channels = Number(ctx.attr('channels'));
  if (![0, 1, 3, 4].includes(channels)) throw invalid(`channels must be 0, 1, 3 or 4, got ${channels}`);
  if (contents.ndim !== 0) throw invalid(`contents must be scalar, got shape ${shapeString(contents.shape)}`);
  const bytes = (contents.data as Uint8Array[])[0];
  if (bytes.length < 32) throw invalid(`Incomplete bmp content, requires at least 32 bytes to find the header size, width, height, and bpp, got ${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerSize = view.getInt32(10, true), width = view.getInt32(18, true), height = view.getInt32(22, true), bpp = view.getInt16(28, true);
  const fileChannels = Math.trunc(bpp / 8);
  if (channels) {
    if (channels !== fileChannels) throw invalid(`channels attribute ${channels} does not match bits per pixel from file ${fileChannels}`);
  } else {
    channels = fileChannels;
  }
  if (![1, 3, 4].includes(channels)) throw invalid(`Number of channels must be 1, 3 or 4, was ${channels}`);
  if (!(width > 0)) throw invalid('Width must be positive');
  if (headerSize < 0) throw invalid('header size must be nonnegative');
  const rows = Math.abs(height);
  if (!(Math.abs(width) < (1 << 29) / channels && rows < (1 << 29) / channels)) throw invalid('width and height must be less than 2^29');
  const rowSize = Math.trunc((8 * channels * width + 31) / 32) * 4;
  const expected = headerSize + (rows - 1) * rowSize + (width - 1) * channels + channels;
  if (expected > bytes.length) throw invalid(`Incomplete bmp content, requires at least ${expected} bytes, got ${bytes.length} bytes`);
  // A negative height stores rows top down; otherwise bottom up.
  const topDown = height < 0;
  const out = new NDArray(uint8, [rows, width, channels]);
  const Y = out.values;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < width; j++) {
      const src = headerSize + (topDown ? i : rows - 1 - i) * rowSize + j * channels, dst = (i * width + j) * channels;
      if (channels === 1) { Y[dst] = bytes[src]; continue; }
      Y[dst] = bytes[src + 2]; Y[dst + 1] = bytes[src + 1]; Y[dst + 2] = bytes[src];
      if (channels === 4) Y[dst + 3] = bytes[src + 3];
    }
  }
  return [out];
});

registerKernel('EncodePng', 'CPU', (ctx) => {
  const image = ctx.input(0);
  const compression = Number(ctx.attr('compression'));
  if (compression < -1 || compression > 9) throw invalid(`compression should be in [-1,9], got ${compression}`);
  if (image.ndim !== 3) throw invalid(`image must be 3-dimensional${shapeString(image.shape)}`);
  const [h, w, c] = image.shape;
  if (c < 1 || c > 4) throw invalid(`image must have 1, 2, 3, or 4 channels, got ${c}`);
  const pixels = image.dtype === uint8 ? Uint8Array.from(image.values) : Uint16Array.from(image.values);
  return [NDArray.fromStrings([encodePng(pixels, h, w, c, compression)], [])];
});

// ---- non-maximum suppression ------------------------------------------------------------------

/** TF's IOU of boxes i and j (corners in either order; an empty box overlaps nothing). */
function iou(b: ArrayLike<number>, i: number, j: number): number {
  const box = (k: number) => [Math.min(b[4 * k], b[4 * k + 2]), Math.min(b[4 * k + 1], b[4 * k + 3]), Math.max(b[4 * k], b[4 * k + 2]), Math.max(b[4 * k + 1], b[4 * k + 3])];
  const [y0, x0, y1, x1] = box(i), [v0, u0, v1, u1] = box(j);
  const areaI = f(f(y1 - y0) * f(x1 - x0)), areaJ = f(f(v1 - v0) * f(u1 - u0));
  if (areaI <= 0 || areaJ <= 0) return 0;
  const inter = f(Math.max(f(Math.min(y1, v1) - Math.max(y0, v0)), 0) * Math.max(f(Math.min(x1, u1) - Math.max(x0, u0)), 0));
  return f(inter / f(f(areaI + areaJ) - inter));
}

/** TF's greedy selection: candidates above the score threshold, best first, each kept unless it overlaps a kept one too much. */
function greedySelect(scores: NDArray, maxOutput: number, scoreThreshold: number, suppresses: (i: number, j: number) => boolean): number[] {
  const S = scores.values;
  const candidates = Array.from({ length: scores.size }, (_, i) => i).filter((i) => S[i] > scoreThreshold).sort((a, b) => S[b] - S[a] || a - b);
  const selected: number[] = [];
  for (const c of candidates) {
    if (selected.length >= maxOutput) break;
    let keep = true;
    for (let j = selected.length - 1; j >= 0 && keep; j--) if (suppresses(c, selected[j])) keep = false;
    if (keep) selected.push(c);
  }
  return selected;
}

/** The scalar inputs of the suppressions (max_output_size, the overlap and score thresholds), checked as TF does. */
function nmsScalars(ctx: KernelContext, thresholdName: string): { maxOutput: number; threshold: number; scoreThreshold: number } {
  const maxOut = ctx.input(2), thr = ctx.input(3), scoreT = ctx.input(4);
  if (maxOut.ndim !== 0) throw invalid(`max_output_size must be 0-D, got shape ${shapeString(maxOut.shape)}`);
  if (thr.ndim !== 0) throw invalid(`${thresholdName} must be 0-D, got shape ${shapeString(thr.shape)}`);
  const threshold = Number(thr.values[0]);
  if (thresholdName === 'iou_threshold' && !(threshold >= 0 && threshold <= 1)) throw invalid('iou_threshold must be in [0, 1]');
  if (scoreT.ndim !== 0) throw invalid(`score_threshold must be 0-D, got shape ${shapeString(scoreT.shape)}`);
  return { maxOutput: Number(maxOut.values[0]), threshold, scoreThreshold: Number(scoreT.values[0]) };
}

/** TF's NonMaxSuppressionV3/V4 kernel: the selected indices, best score first. */
function suppress(ctx: KernelContext): { selected: number[]; maxOutput: number } {
  const boxes = ctx.input(0), scores = ctx.input(1);
  const { maxOutput, threshold, scoreThreshold } = nmsScalars(ctx, 'iou_threshold');
  if (boxes.ndim !== 2) throw invalid(`boxes must be 2-D${shapeString(boxes.shape)}`);
  const n = boxes.shape[0];
  if (boxes.shape[1] !== 4) throw invalid('boxes must have 4 columns');
  if (scores.ndim !== 1) throw invalid(`scores must be 1-D${shapeString(scores.shape)}`);
  if (scores.shape[0] !== n) throw invalid('scores has incompatible shape');
  return { selected: greedySelect(scores, maxOutput, scoreThreshold, (i, j) => iou(boxes.values, i, j) > threshold), maxOutput };
}

registerKernel('NonMaxSuppressionWithOverlaps', 'CPU', (ctx) => {
  const overlaps = ctx.input(0), scores = ctx.input(1);
  const { maxOutput, threshold, scoreThreshold } = nmsScalars(ctx, 'overlap_threshold');
  if (overlaps.ndim !== 2) throw invalid(`overlaps must be 2-D${shapeString(overlaps.shape)}`);
  const n = overlaps.shape[0];
  if (overlaps.shape[1] !== n) throw invalid('overlaps must be square');
  if (scores.ndim !== 1) throw invalid(`scores must be 1-D${shapeString(scores.shape)}`);
  if (scores.shape[0] !== n) throw invalid('scores has incompatible shape');
  const selected = greedySelect(scores, maxOutput, scoreThreshold, (i, j) => overlaps.values[i * n + j] > threshold);
  return [NDArray.from(selected, int32).reshape([selected.length])];
});

registerKernel('NonMaxSuppressionV3', 'CPU', (ctx) => {
  const { selected } = suppress(ctx);
  return [NDArray.from(selected, int32).reshape([selected.length])];
});
registerKernel('NonMaxSuppressionV4', 'CPU', (ctx) => {
  const { selected, maxOutput } = suppress(ctx);
  const valid = selected.length;
  const out = ctx.attr('pad_to_max_output_size') === true ? [...selected, ...Array<number>(Math.max(0, maxOutput - valid)).fill(0)] : selected;
  return [NDArray.from(out, int32).reshape([out.length]), NDArray.scalar(valid, int32)];
});

// ---- CropAndResize and its gradients ----------------------------------------------------------

interface CropGeometry { batch: number; h: number; w: number; depth: number; numBoxes: number; cropH: number; cropW: number }

/** TF's checks of CropAndResize's boxes and box indices. */
function checkBoxes(boxes: NDArray, boxInd: NDArray, batch: number): number {
  if (boxes.ndim !== 2) throw invalid(`boxes must be 2-D${shapeString(boxes.shape)}`);
  const n = boxes.shape[0];
  if (boxInd.ndim !== 1 || boxInd.shape[0] !== n) throw invalid(`box_index has incompatible shape${shapeString(boxInd.shape)}`);
  if (boxes.shape[1] !== 4) throw invalid('boxes must have 4 columns');
  for (let i = 0; i < n; i++) {
    const b = Number(boxInd.values[i]);
    if (!(b >= 0 && b < batch)) throw invalid(`box_index has values outside [0, batch_size)`);
  }
  return n;
}

/**
 * Walks the sample points of every box: `visit(b, y, x, bIn, inY, inX)` for each one inside the image, or
 * `outside(o)` (o the flat cell index without depth) for one outside it. TF's sampling: the box's corners map
 * onto the crop's corners; a crop of size 1 samples the box's middle.
 */
function forEachSample(g: CropGeometry, boxes: ArrayLike<number>, boxInd: ArrayLike<number>,
  visit: (b: number, y: number, x: number, bIn: number, inY: number, inX: number) => void, outside: (b: number, y: number, x: number) => void): void {
  for (let b = 0; b < g.numBoxes; b++) {
    const y1 = boxes[4 * b], x1 = boxes[4 * b + 1], y2 = boxes[4 * b + 2], x2 = boxes[4 * b + 3];
    const bIn = Number(boxInd[b]);
    const hs = g.cropH > 1 ? f(f(f(y2 - y1) * (g.h - 1)) / (g.cropH - 1)) : 0;
    const ws = g.cropW > 1 ? f(f(f(x2 - x1) * (g.w - 1)) / (g.cropW - 1)) : 0;
    for (let y = 0; y < g.cropH; y++) {
      const inY = g.cropH > 1 ? f(f(y1 * (g.h - 1)) + f(y * hs)) : f(f(0.5 * f(y1 + y2)) * (g.h - 1));
      for (let x = 0; x < g.cropW; x++) {
        const inX = g.cropW > 1 ? f(f(x1 * (g.w - 1)) + f(x * ws)) : f(f(0.5 * f(x1 + x2)) * (g.w - 1));
        if (inY < 0 || inY > g.h - 1 || inX < 0 || inX > g.w - 1) outside(b, y, x);
        else visit(b, y, x, bIn, inY, inX);
      }
    }
  }
}

/** C's roundf: half away from zero. */
const roundf = (v: number) => Math.sign(v) * Math.round(Math.abs(v));

registerKernel('CropAndResize', 'CPU', (ctx) => {
  const image = ctx.input(0), boxes = ctx.input(1), boxInd = ctx.input(2), size = ctx.input(3);
  if (image.ndim !== 4) throw invalid(`input image must be 4-D${shapeString(image.shape)}`);
  const [batch, h, w, depth] = image.shape;
  if (!(h > 0 && w > 0)) throw invalid('image dimensions must be positive');
  const numBoxes = checkBoxes(boxes, boxInd, batch);
  if (size.ndim !== 1) throw invalid(`crop_size must be 1-D${shapeString(size.shape)}`);
  if (size.size !== 2) throw invalid(`crop_size must have two elements${shapeString(size.shape)}`);
  const [cropH, cropW] = Array.from(size.values as ArrayLike<number>, Number);
  if (!(cropH > 0 && cropW > 0)) throw invalid('crop dimensions must be positive');
  const g = { batch, h, w, depth, numBoxes, cropH, cropW };
  const out = new NDArray(float32, [numBoxes, cropH, cropW, depth]);
  const Y = out.values, X = image.values;
  const extrapolation = f(Number(ctx.attr('extrapolation_value')));
  const nearestSampling = ctx.attr('method') === 'nearest';
  const at = (b: number, yy: number, xx: number) => ((b * h + yy) * w + xx) * depth;
  forEachSample(g, boxes.values, boxInd.values, (b, y, x, bIn, inY, inX) => {
    const o = ((b * cropH + y) * cropW + x) * depth;
    if (nearestSampling) {
      const src = at(bIn, roundf(inY), roundf(inX));
      for (let d = 0; d < depth; d++) Y[o + d] = X[src + d];
      return;
    }
    const top = Math.floor(inY), bottom = Math.ceil(inY), yl = f(inY - top);
    const left = Math.floor(inX), right = Math.ceil(inX), xl = f(inX - left);
    for (let d = 0; d < depth; d++) {
      const tl = f(X[at(bIn, top, left) + d]), tr = f(X[at(bIn, top, right) + d]), bl = f(X[at(bIn, bottom, left) + d]), br = f(X[at(bIn, bottom, right) + d]);
      const t = f(tl + f(f(tr - tl) * xl)), bt = f(bl + f(f(br - bl) * xl));
      Y[o + d] = t + (bt - t) * yl;
    }
  }, (b, y, x) => { Y.fill(extrapolation, ((b * cropH + y) * cropW + x) * depth, ((b * cropH + y) * cropW + x + 1) * depth); });
  return [out];
});

/** The crop geometry of the gradients: from the incoming gradient's shape and the image's. */
function gradCrop(grads: NDArray, imageShape: readonly number[], boxes: NDArray, boxInd: NDArray): CropGeometry {
  if (grads.ndim !== 4) throw invalid(`grads image must be 4-D${shapeString(grads.shape)}`);
  const [numBoxes, cropH, cropW, depth] = grads.shape;
  if (!(cropH > 0 && cropW > 0)) throw invalid('grads dimensions must be positive');
  const [batch, h, w, d] = imageShape;
  if (!(h > 0 && w > 0)) throw invalid('image dimensions must be positive');
  if (d !== depth) throw invalid('image, grads depth differ');
  if (checkBoxes(boxes, boxInd, batch) !== numBoxes) throw invalid('boxes and grads have incompatible shape');
  return { batch, h, w, depth, numBoxes, cropH, cropW };
}

registerKernel('CropAndResizeGradImage', 'CPU', (ctx) => {
  const grads = ctx.input(0), boxes = ctx.input(1), boxInd = ctx.input(2), sizeT = ctx.input(3);
  if (sizeT.ndim !== 1 || sizeT.size !== 4) throw invalid(`image_size must be 1-D with 4 elements${shapeString(sizeT.shape)}`);
  const imageShape = Array.from(sizeT.values as ArrayLike<number>, Number);
  const g = gradCrop(grads, imageShape, boxes, boxInd);
  const acc = new Float64Array(imageShape.reduce((a, b) => a * b, 1));
  const G = grads.values;
  const at = (b: number, yy: number, xx: number) => ((b * g.h + yy) * g.w + xx) * g.depth;
  const nearestSampling = ctx.attr('method') === 'nearest';
  forEachSample(g, boxes.values, boxInd.values, (b, y, x, bIn, inY, inX) => {
    const o = ((b * g.cropH + y) * g.cropW + x) * g.depth;
    if (nearestSampling) {
      const dst = at(bIn, roundf(inY), roundf(inX));
      for (let d = 0; d < g.depth; d++) acc[dst + d] += G[o + d];
      return;
    }
    const top = Math.floor(inY), bottom = Math.ceil(inY), yl = f(inY - top);
    const left = Math.floor(inX), right = Math.ceil(inX), xl = f(inX - left);
    for (let d = 0; d < g.depth; d++) {
      const dTop = (1 - yl) * G[o + d], dBottom = yl * G[o + d];
      acc[at(bIn, top, left) + d] += dTop * (1 - xl);
      acc[at(bIn, top, right) + d] += dTop * xl;
      acc[at(bIn, bottom, left) + d] += dBottom * (1 - xl);
      acc[at(bIn, bottom, right) + d] += dBottom * xl;
    }
  }, () => undefined);
  const out = new NDArray(ctx.attr('T') as DType, imageShape);
  out.values.set(acc);
  return [out];
});

registerKernel('CropAndResizeGradBoxes', 'CPU', (ctx) => {
  const grads = ctx.input(0), image = ctx.input(1), boxes = ctx.input(2), boxInd = ctx.input(3);
  if (image.ndim !== 4) throw invalid(`input image must be 4-D${shapeString(image.shape)}`);
  const g = gradCrop(grads, image.shape, boxes, boxInd);
  const acc = new Float64Array(g.numBoxes * 4);
  const G = grads.values, X = image.values;
  const at = (b: number, yy: number, xx: number) => ((b * g.h + yy) * g.w + xx) * g.depth;
  const hr = g.cropH > 1 ? (g.h - 1) / (g.cropH - 1) : 0, wr = g.cropW > 1 ? (g.w - 1) / (g.cropW - 1) : 0;
  forEachSample(g, boxes.values, boxInd.values, (b, y, x, bIn, inY, inX) => {
    const o = ((b * g.cropH + y) * g.cropW + x) * g.depth;
    const top = Math.floor(inY), bottom = Math.ceil(inY), yl = inY - top;
    const left = Math.floor(inX), right = Math.ceil(inX), xl = inX - left;
    for (let d = 0; d < g.depth; d++) {
      const tl = X[at(bIn, top, left) + d], tr = X[at(bIn, top, right) + d], bl = X[at(bIn, bottom, left) + d], br = X[at(bIn, bottom, right) + d];
      const gy = ((1 - xl) * (bl - tl) + xl * (br - tr)) * G[o + d];
      const gx = ((1 - yl) * (tr - tl) + yl * (br - bl)) * G[o + d];
      if (g.cropH > 1) { acc[4 * b] += gy * (g.h - 1 - y * hr); acc[4 * b + 2] += gy * (y * hr); }
      else { acc[4 * b] += gy * 0.5 * (g.h - 1); acc[4 * b + 2] += gy * 0.5 * (g.h - 1); }
      if (g.cropW > 1) { acc[4 * b + 1] += gx * (g.w - 1 - x * wr); acc[4 * b + 3] += gx * (x * wr); }
      else { acc[4 * b + 1] += gx * 0.5 * (g.w - 1); acc[4 * b + 3] += gx * 0.5 * (g.w - 1); }
    }
  }, () => undefined);
  const out = new NDArray(float32, [g.numBoxes, 4]);
  out.values.set(acc);
  return [out];
});

// ---- DrawBoundingBoxes ------------------------------------------------------------------------

/** TF's box colours (RGBA), cycled through by box index. */
const BOX_COLORS = [[1, 1, 0, 1], [0, 0, 1, 1], [1, 0, 0, 1], [0, 1, 0, 1], [0.5, 0, 0.5, 1], [0.5, 0.5, 0, 1], [0.5, 0, 0, 1], [0, 0, 0.5, 1], [0, 1, 1, 1], [1, 0, 1, 1]];

registerKernel('DrawBoundingBoxes', 'CPU', (ctx) => {
  const images = ctx.input(0), boxes = ctx.input(1);
  if (images.ndim !== 4) throw invalid(`The rank of the images should be 4${shapeString(images.shape)}`);
  const [batch, h, w, depth] = images.shape;
  if (![1, 3, 4].includes(depth)) throw invalid('Channel depth should be either 1 (GRY), 3 (RGB), or 4 (RGBA)');
  if (boxes.ndim !== 3 || boxes.shape[0] !== batch || boxes.shape[2] !== 4) throw invalid(`boxes must be [batch, num_boxes, 4]: ${shapeString(boxes.shape)}`);
  const out = new NDArray(images.dtype, images.shape);
  out.values.set(images.values);
  const n = boxes.shape[1], B = boxes.values, Y = out.values;
  // Gray images: every box is white.
  const colors = depth === 1 ? BOX_COLORS.map((c) => [1, ...c.slice(1)]) : BOX_COLORS;
  const paint = (b: number, r: number, c: number, color: number[]) => { for (let d = 0; d < depth; d++) Y[((b * h + r) * w + c) * depth + d] = color[d]; };
  for (let b = 0; b < batch; b++) {
    for (let k = 0; k < n; k++) {
      const at = (b * n + k) * 4, color = colors[k % colors.length];
      // Corners to pixels, truncated toward zero as C's casts are.
      const r0 = Math.trunc(f(B[at] * (h - 1))), c0 = Math.trunc(f(B[at + 1] * (w - 1)));
      const r1 = Math.trunc(f(B[at + 2] * (h - 1))), c1 = Math.trunc(f(B[at + 3] * (w - 1)));
      if (r0 > r1 || c0 > c1) continue;   // inverted: not drawn
      if (r0 >= h || r1 < 0 || c0 >= w || c1 < 0) continue;   // outside the image
      const r0c = Math.max(r0, 0), r1c = Math.min(r1, h - 1), c0c = Math.max(c0, 0), c1c = Math.min(c1, w - 1);
      if (r0 >= 0) for (let j = c0c; j <= c1c; j++) paint(b, r0, j, color);
      if (r1 < h) for (let j = c0c; j <= c1c; j++) paint(b, r1, j, color);
      if (c0 >= 0) for (let i = r0c; i <= r1c; i++) paint(b, i, c0, color);
      if (c1 < w) for (let i = r0c; i <= r1c; i++) paint(b, i, c1, color);
    }
  }
  return [out];
});

// ---- SampleDistortedBoundingBoxV2 -------------------------------------------------------------

/** A pixel rectangle [minX, minY, maxX, maxY). */
type Rect = [number, number, number, number];
const rectArea = (r: Rect) => (r[2] - r[0]) * (r[3] - r[1]);
function intersect(a: Rect, b: Rect): Rect {
  const r: Rect = [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])];
  return r[0] > r[2] || r[1] > r[3] ? [0, 0, 0, 0] : r;
}

/** TF's SimplePhilox: 32-bit draws, floats in [0, 1), and `Uniform(n)` by modulo. */
class SimplePhilox {
  private readonly single: SingleSampler;
  constructor(gen: Philox) { this.single = new SingleSampler(gen); }
  randFloat(): number { return uint32ToFloat(this.single.next()); }
  uniform(n: number): number { return n === 0 ? 0 : this.single.next() % n; }
}

/** TF's GenerateRandomCrop: a crop of `aspect` with an area between the fractions, at a uniform offset, or null. */
function randomCrop(random: SimplePhilox, width: number, height: number, minFrac: number, maxFrac: number, aspect: number): Rect | null {
  if (maxFrac <= 0 || aspect <= 0 || width <= 0 || height <= 0 || minFrac > maxFrac) return null;
  const minArea = f(f(minFrac * width) * height), maxArea = f(f(maxFrac * width) * height);
  let h = lrint(f(Math.sqrt(f(minArea / aspect))));
  let maxH = lrint(f(Math.sqrt(f(maxArea / aspect))));
  if (lrint(f(maxH * aspect)) > width) {
    maxH = Math.trunc((width + 0.5 - 0.0000001) / aspect);
    if (lrint(f(maxH * aspect)) > width) maxH -= 1;
  }
  if (maxH > height) maxH = height;
  if (h >= maxH) h = maxH;
  if (h < maxH) h += random.uniform(maxH - h + 1);
  let w = lrint(f(h * aspect));
  let area = w * h;
  if (area < minArea) { h += 1; w = lrint(f(h * aspect)); area = w * h; }
  if (area > maxArea) { h -= 1; w = lrint(f(h * aspect)); area = w * h; }
  if (area < minArea || area > maxArea || w > width || h > height || w <= 0 || h <= 0) return null;
  const y = h < height ? random.uniform(height - h) : 0;
  const x = w < width ? random.uniform(width - w) : 0;
  return [x, y, x + w, y + h];
}

/** TF's SatisfiesOverlapConstraints: the crop covers at least `minCovered` of some non-empty box. */
function coversAnObject(crop: Rect, minCovered: number, boxes: readonly Rect[]): boolean {
  if (rectArea(crop) < 1) return false;
  return boxes.some((b) => rectArea(b) >= 1 && f(rectArea(intersect(crop, b)) / rectArea(b)) >= minCovered);
}

registerKernel('SampleDistortedBoundingBoxV2', 'CPU', (ctx) => {
  const imageSize = ctx.input(0), input = ctx.input(1), covered = ctx.input(2);
  if (imageSize.ndim !== 1) throw invalid(`image_size must be 1-dimensional${shapeString(imageSize.shape)}`);
  if (imageSize.shape[0] !== 3) throw invalid(`image_size must contain 3 elements${shapeString(imageSize.shape)}`);
  const height = Number(imageSize.values[0]), width = Number(imageSize.values[1]);
  if (input.ndim !== 3) throw invalid(`input boxes must be 3-dimensional [batch, num_boxes, coords]: ${shapeString(input.shape)}`);
  if (input.shape[2] !== 4) throw invalid(`bounding boxes must have shape [4] or [*, 4], got ${shapeString(input.shape)}`);
  const minCovered = Number(covered.values[0]);
  if (!(minCovered >= 0)) throw invalid(`min_object_covered must be non-negative: ${minCovered}`);
  const boxes: Rect[] = [];
  for (let i = 0; i < input.size; i += 4) {
    for (let k = 0; k < 4; k++) {
      const v = input.values[i + k];
      if (!(v >= 0 && v <= 1)) throw invalid(`All bounding box coordinates must be in [0.0, 1.0]: ${v}`);
    }
    const B = input.values;
    boxes.push([Math.trunc(f(B[i + 1] * width)), Math.trunc(f(B[i] * height)), Math.trunc(f(B[i + 3] * width)), Math.trunc(f(B[i + 2] * height))]);
  }
  const image: Rect = [0, 0, width, height];
  if (boxes.length === 0) {
    if (ctx.attr('use_image_if_no_bounding_boxes') !== true) {
      throw invalid('No bounding boxes provided as input. One must enable use_image_if_no_bounding_boxes if you wish to not provide any bounding boxes.');
    }
    boxes.push(image);
  }
  const [minArea, maxArea] = ctx.attr('area_range') as number[], [minAspect, maxAspect] = ctx.attr('aspect_ratio_range') as number[];
  const attempts = Number(ctx.attr('max_attempts'));
  // TF's GuardedPhiloxRandom: fixed seeds, or random ones drawn once per session; each run reserves its samples.
  const seed = Number(ctx.attr('seed')), seed2 = Number(ctx.attr('seed2'));
  const shared = ctx.session.opState(ctx.op, () => (seed === 0 && seed2 === 0 ? new Philox(randomSeed64(), randomSeed64()) : new Philox(seed, seed2)));
  const random = new SimplePhilox(shared.clone());
  shared.skip(Math.ceil((4 * attempts) / 4));
  let crop = image;
  for (let i = 0; i < attempts; i++) {
    const aspect = f(f(random.randFloat() * f(maxAspect - minAspect)) + minAspect);
    const c = randomCrop(random, width, height, f(minArea), f(maxArea), aspect);
    if (c && coversAnObject(c, minCovered, boxes)) { crop = c; break; }
  }
  const dtype = imageSize.dtype;
  const begin = NDArray.from([crop[1], crop[0], 0], dtype).reshape([3]);
  const size = NDArray.from([crop[3] - crop[1], crop[2] - crop[0], -1], dtype).reshape([3]);
  const bboxes = NDArray.from([crop[1] / height, crop[0] / width, crop[3] / height, crop[2] / width], float32).reshape([1, 1, 4]);
  return [begin, size, bboxes];
});
