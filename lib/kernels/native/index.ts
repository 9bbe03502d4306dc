/**
 * The native CPU backend: kernels over the native addon (oneDNN convolutions, pooling and batch normalization,
 * OpenBLAS GEMM, OpenMP loops for the element-wise ops, reductions, softmax and optimizer updates).
 *
 * Each kernel checks that its case is one the addon computes (float dtypes — float32 only for convolution,
 * pooling and batch normalization, which oneDNN lacks in float64 —, NHWC, shapes that agree) and declines (returns null)
 * otherwise, so the next CPU backend computes it or the reference kernel raises TF's error. Every kernel
 * declines where the addon is absent. TF's layouts (NHWC, HWIO) are kept at the boundary.
 */
import { float32, float64 } from '../../framework/dtypes';
import { NDArray } from '../../framework/ndarray';
import { Padding, Window2D, window2D } from '../../framework/window';
import { sameShape } from '../../framework/tensor_shape';
import { OpType, opTypeEntries } from '../../framework/op_types';
import { KernelContext, PartialKernel, RefValue, RuntimeValue, VariableSlot, registerAcceleratedKernel, withHandlesAsRefs } from '../registry';
import { RESOURCE_APPLY, TRAINING_OP_INPUTS } from '../../ops/training_ops';
import { loadNative, NativeAddon } from './addon';
import { cpuBackend } from '../cpu_backend';
import { floatBinary } from '../cpu/broadcast';
import './jpeg';

/** Below this many elements an element-wise op stays in the reference loop: the call costs more than it saves. */
export const NATIVE_MIN_SIZE = 256;

type Floats = Float32Array | Float64Array;

const isFloat = (a: NDArray) => a.dtype === float32 || a.dtype === float64;
const sameFloat = (a: NDArray, b: NDArray) => isFloat(a) && a.dtype === b.dtype;
const floats = (a: NDArray) => a.values as Floats;

function text(v: unknown): string {
  return typeof v === 'string' ? v : v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : String(v);
}
const attrOr = (ctx: KernelContext, name: string, dflt: unknown): unknown => (ctx.op.attrs.has(name) ? ctx.attr(name) : dflt);
function ints(v: unknown, length: number): number[] | null {
  return Array.isArray(v) && v.length === length && v.every((x) => Number.isInteger(x)) ? (v as number[]) : null;
}
const nhwc = (ctx: KernelContext) => text(attrOr(ctx, 'data_format', 'NHWC')) === 'NHWC';

let addonRef: NativeAddon | null = null;
/** The loaded addon; only called by kernels that `nativeKernel` let run, so it is loaded. */
function addon(): NativeAddon { return addonRef!; }

/** Whether the addon loaded (checked once; the kernels decline every case where it did not). */
let available: boolean | null = null;
function nativeKernel(kernel: PartialKernel): PartialKernel {
  return (ctx) => {
    if (available === null) {
      // The backend choice is made (and its notice written) by the first kernel that could use the addon.
      cpuBackend();
      const r = loadNative();
      available = 'addon' in r;
      if ('addon' in r) addonRef = r.addon;
    }
    return available ? kernel(ctx) : null;
  };
}

function codeTable(names: () => readonly string[]) {
  let table: Map<string, number> | null = null;
  return (name: string): number => {
    table ??= new Map(names().map((n, i) => [n, i]));
    const code = table.get(name);
    if (code === undefined) throw new Error(`the native addon has no op ${name}`);
    return code;
  };
}
const unaryCode = codeTable(() => addon().unaryOps);
const unaryGradCode = codeTable(() => addon().unaryGradOps);
const binaryCode = codeTable(() => addon().binaryOps);
const reduceCode = codeTable(() => addon().reduceOps);
const applyCode = codeTable(() => addon().applyOps);

function register(type: OpType, kernel: (ctx: KernelContext) => NDArray | null): void {
  registerAcceleratedKernel(type, 'CPU', 'native', nativeKernel((ctx) => {
    const r = kernel(ctx);
    return r ? [r] : null;
  }));
}

// ---- matrix products -------------------------------------------------------------------------------

register('MatMul', (ctx) => {
  const a = ctx.input(0), b = ctx.input(1);
  if (!sameFloat(a, b) || a.ndim !== 2 || b.ndim !== 2) return null;
  const ta = ctx.attr('transpose_a') === true, tb = ctx.attr('transpose_b') === true;
  const [m, k] = ta ? [a.shape[1], a.shape[0]] : a.shape;
  const [k2, n] = tb ? [b.shape[1], b.shape[0]] : b.shape;
  if (k !== k2) return null;
  const out = NDArray.empty(a.dtype, [m, n]);
  if (out.size > 0) addon().gemm(floats(a), floats(b), floats(out), 1, m, n, k, ta, tb, null, null);
  return out;
});

/** Element offsets of each operand's matrix for every batch of the broadcast batch shape. */
function batchOffsets(shape: readonly number[], batch: readonly number[], matrixSize: number): Float64Array {
  const count = batch.reduce((p, d) => p * d, 1);
  const offsets = new Float64Array(count);
  const lead = batch.length - shape.length;
  for (let b = 0; b < count; b++) {
    let rest = b, off = 0, stride = 1;
    for (let d = batch.length - 1; d >= 0; d--) {
      const idx = rest % batch[d];
      rest = Math.floor(rest / batch[d]);
      const sd = d >= lead ? shape[d - lead] : 1;
      if (sd !== 1) off += idx * stride;
      stride *= sd;
    }
    offsets[b] = off * matrixSize;
  }
  return offsets;
}

function broadcastBatch(a: readonly number[], b: readonly number[]): number[] | null {
  const n = Math.max(a.length, b.length), out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1, y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return null;
    out.push(x === 1 ? y : x);
  }
  return out;
}

for (const type of ['BatchMatMul', 'BatchMatMulV2'] as const) {
  register(type, (ctx) => {
    const x = ctx.input(0), y = ctx.input(1);
    if (!sameFloat(x, y) || x.ndim < 2 || y.ndim < 2) return null;
    const ax = ctx.attr('adj_x') === true, ay = ctx.attr('adj_y') === true;
    const [xr, xc] = x.shape.slice(-2), [yr, yc] = y.shape.slice(-2);
    const [m, k] = ax ? [xc, xr] : [xr, xc];
    const [k2, n] = ay ? [yc, yr] : [yr, yc];
    if (k !== k2) return null;
    const xb = x.shape.slice(0, -2), yb = y.shape.slice(0, -2);
    if (type === 'BatchMatMul' && !sameShape(xb, yb)) return null;
    const batch = broadcastBatch(xb, yb);
    if (!batch) return null;
    const out = NDArray.empty(x.dtype, [...batch, m, n]);
    if (out.size === 0) return out;
    const count = out.size / (m * n);
    const contiguous = (s: number[]) => sameShape(s.length === batch.length ? s : [], batch);
    addon().gemm(floats(x), floats(y), floats(out), count, m, n, k, ax, ay,
      contiguous(xb) ? null : batchOffsets(xb, batch, xr * xc), contiguous(yb) ? null : batchOffsets(yb, batch, yr * yc));
    return out;
  });
}

// ---- convolution and pooling (oneDNN, float32, NHWC) -------------------------------------------------

/** The addon's window geometry: [n, inH, inW, inC, kH, kW, outC, outH, outW, strides, dilations, pads, groups]. */
function windowGeometry(n: number, inC: number, outC: number, g: Window2D, groups = 1): Int32Array {
  // TF pads the bottom/right by what the output size needs beyond the top/left padding (none for VALID).
  const padBottom = Math.max(0, (g.outH - 1) * g.strideH + (g.kH - 1) * g.dilH + 1 - g.inH - g.padTop);
  const padRight = Math.max(0, (g.outW - 1) * g.strideW + (g.kW - 1) * g.dilW + 1 - g.inW - g.padLeft);
  return Int32Array.from([n, g.inH, g.inW, inC, g.kH, g.kW, outC, g.outH, g.outW, g.strideH, g.strideW, g.dilH, g.dilW,
    g.padTop, g.padLeft, padBottom, padRight, groups]);
}

/** The window of a Conv2D-family op over an NHWC input, or null where the reference must handle it. */
function convWindow(ctx: KernelContext, inputShape: readonly number[], filterShape: readonly number[]): Window2D | null {
  if (!nhwc(ctx) || inputShape.length !== 4 || filterShape.length !== 4) return null;
  const padding = text(ctx.attr('padding'));
  if (padding !== 'SAME' && padding !== 'VALID') return null;
  const strides = ints(ctx.attr('strides'), 4), dil = ints(attrOr(ctx, 'dilations', [1, 1, 1, 1]), 4);
  if (!strides || !dil || strides[0] !== 1 || strides[3] !== 1 || dil[0] !== 1 || dil[3] !== 1) return null;
  if (strides.some((s) => s < 1) || dil.some((d) => d < 1)) return null;
  if (inputShape[3] !== filterShape[2] || inputShape.some((d) => d === 0) || filterShape.some((d) => d === 0)) return null;
  try {
    const g = window2D(inputShape[1], inputShape[2], filterShape[0], filterShape[1], [strides[1], strides[2]], [dil[1], dil[2]], padding as Padding);
    return g.outH > 0 && g.outW > 0 ? g : null;
  } catch {
    return null;   // the reference raises TF's error
  }
}

const shapeOf = (a: NDArray): number[] | null => (a.ndim === 1 && a.size === 4 && !isFloat(a) ? Array.from(a.values) : null);
const convOutShape = (n: number, g: Window2D, c: number) => [n, g.outH, g.outW, c];

/**
 * The convolutions: Conv2D with its filter [kH, kW, inC, outC], and the depthwise one with its filter
 * [kH, kW, inC, multiplier], a grouped convolution of one group per input channel; each with its two backprops.
 */
const CONVOLUTIONS = [
  { forward: 'Conv2D', backpropInput: 'Conv2DBackpropInput', backpropFilter: 'Conv2DBackpropFilter', depthwise: false },
  { forward: 'DepthwiseConv2dNative', backpropInput: 'DepthwiseConv2dNativeBackpropInput', backpropFilter: 'DepthwiseConv2dNativeBackpropFilter', depthwise: true },
] as const;

for (const { forward, backpropInput, backpropFilter, depthwise } of CONVOLUTIONS) {
  const outChannels = (filterShape: readonly number[]) => (depthwise ? filterShape[2] * filterShape[3] : filterShape[3]);
  const geometry = (xShape: readonly number[], filterShape: readonly number[], g: Window2D) =>
    windowGeometry(xShape[0], xShape[3], outChannels(filterShape), g, depthwise ? xShape[3] : 1);

  register(forward, (ctx) => {
    const x = ctx.input(0), f = ctx.input(1);
    if (x.dtype !== float32 || f.dtype !== float32) return null;
    const g = convWindow(ctx, x.shape, f.shape);
    if (!g) return null;
    const y = NDArray.empty(float32, convOutShape(x.shape[0], g, outChannels(f.shape)));
    addon().conv2d(0, x.values as Float32Array, f.values as Float32Array, y.values as Float32Array, geometry(x.shape, f.shape, g));
    return y;
  });

  register(backpropInput, (ctx) => {
    const inputShape = shapeOf(ctx.input(0)), f = ctx.input(1), dy = ctx.input(2);
    if (!inputShape || f.dtype !== float32 || dy.dtype !== float32) return null;
    const g = convWindow(ctx, inputShape, f.shape);
    if (!g || !sameShape(dy.shape, convOutShape(inputShape[0], g, outChannels(f.shape)))) return null;
    const dx = NDArray.empty(float32, inputShape);
    addon().conv2d(1, dx.values as Float32Array, f.values as Float32Array, dy.values as Float32Array, geometry(inputShape, f.shape, g));
    return dx;
  });

  register(backpropFilter, (ctx) => {
    const x = ctx.input(0), filterShape = shapeOf(ctx.input(1)), dy = ctx.input(2);
    if (!filterShape || x.dtype !== float32 || dy.dtype !== float32) return null;
    const g = convWindow(ctx, x.shape, filterShape);
    if (!g || !sameShape(dy.shape, convOutShape(x.shape[0], g, outChannels(filterShape)))) return null;
    const df = NDArray.empty(float32, filterShape);
    addon().conv2d(2, x.values as Float32Array, df.values as Float32Array, dy.values as Float32Array, geometry(x.shape, filterShape, g));
    return df;
  });
}

/** The window of a pooling op over an NHWC input, or null where the reference must handle it. */
function poolWindow(ctx: KernelContext, inputShape: readonly number[]): Window2D | null {
  if (!nhwc(ctx) || inputShape.length !== 4 || inputShape.some((d) => d === 0)) return null;
  const ksize = ints(ctx.attr('ksize'), 4), strides = ints(ctx.attr('strides'), 4);
  const padding = text(ctx.attr('padding'));
  if (!ksize || !strides || (padding !== 'SAME' && padding !== 'VALID')) return null;
  if (ksize[0] !== 1 || ksize[3] !== 1 || strides[0] !== 1 || strides[3] !== 1) return null;
  if (ksize.some((k) => k < 1) || strides.some((s) => s < 1)) return null;
  try {
    const g = window2D(inputShape[1], inputShape[2], ksize[1], ksize[2], [strides[1], strides[2]], [1, 1], padding as Padding);
    return g.outH > 0 && g.outW > 0 ? g : null;
  } catch {
    return null;
  }
}

for (const [type, pass] of [['MaxPool', 0], ['AvgPool', 1]] as const) {
  register(type, (ctx) => {
    const x = ctx.input(0);
    if (x.dtype !== float32) return null;
    const g = poolWindow(ctx, x.shape);
    if (!g) return null;
    const c = x.shape[3];
    const y = NDArray.empty(float32, convOutShape(x.shape[0], g, c));
    addon().pool2d(pass, x.values as Float32Array, y.values as Float32Array, null, windowGeometry(x.shape[0], c, c, g));
    return y;
  });
}

register('MaxPoolGrad', (ctx) => {
  const x = ctx.input(0), dy = ctx.input(2);
  if (x.dtype !== float32 || dy.dtype !== float32) return null;
  const g = poolWindow(ctx, x.shape);
  if (!g || !sameShape(dy.shape, convOutShape(x.shape[0], g, x.shape[3]))) return null;
  const dx = NDArray.empty(float32, x.shape);
  addon().pool2d(2, x.values as Float32Array, dy.values as Float32Array, dx.values as Float32Array, windowGeometry(x.shape[0], x.shape[3], x.shape[3], g));
  return dx;
});

register('AvgPoolGrad', (ctx) => {
  const inputShape = shapeOf(ctx.input(0)), dy = ctx.input(1);
  if (!inputShape || dy.dtype !== float32) return null;
  const g = poolWindow(ctx, inputShape);
  if (!g || !sameShape(dy.shape, convOutShape(inputShape[0], g, inputShape[3]))) return null;
  const dx = NDArray.empty(float32, inputShape);
  addon().pool2d(3, null, dy.values as Float32Array, dx.values as Float32Array, windowGeometry(inputShape[0], inputShape[3], inputShape[3], g));
  return dx;
});

// ---- batch normalization (oneDNN, float32, NHWC) -----------------------------------------------------

/** x as the addon's [rows, channels] with its per-channel vectors, or null where the reference must handle it. */
function batchNormView(ctx: KernelContext, x: NDArray, vectors: readonly NDArray[]): { rows: number; channels: number } | null {
  if (x.dtype !== float32 || x.ndim !== 4 || !nhwc(ctx)) return null;
  const channels = x.shape[3], rows = x.size / Math.max(channels, 1);
  if (channels === 0 || rows === 0) return null;
  if (vectors.some((v) => v.dtype !== float32 || v.ndim !== 1 || v.size !== channels)) return null;
  return { rows, channels };
}

const f32 = (a: NDArray) => a.values as Float32Array;
const copyOf = (a: NDArray) => new NDArray(float32, a.shape, Float32Array.from(f32(a)));

for (const type of ['FusedBatchNorm', 'FusedBatchNormV2', 'FusedBatchNormV3'] as const) {
  registerAcceleratedKernel(type, 'CPU', 'native', nativeKernel((ctx) => {
    const x = ctx.input(0), scale = ctx.input(1), offset = ctx.input(2);
    const training = ctx.attr('is_training') === true;
    const stats = training ? [] : [ctx.input(3), ctx.input(4)];
    const view = batchNormView(ctx, x, [scale, offset, ...stats]);
    if (!view) return null;
    const { rows, channels } = view;
    const mean = training ? NDArray.empty(float32, [channels]) : copyOf(stats[0]);
    const variance = training ? NDArray.empty(float32, [channels]) : copyOf(stats[1]);
    const y = NDArray.empty(float32, x.shape);
    addon().batchNormForward(training, Number(ctx.attr('epsilon')), rows, channels, f32(x), f32(scale), f32(offset), f32(mean), f32(variance), f32(y));
    // The batch variance reported for the moving averages is unbiased (n / (n - 1)), as TF's kernel gives it.
    const reported = copyOf(variance);
    if (training && rows > 1) f32(reported).forEach((v, k, r) => { r[k] = (v * rows) / (rows - 1); });
    const outs = [y, mean, reported, copyOf(mean), variance];
    return type === 'FusedBatchNormV3' ? [...outs, NDArray.empty(float32, [0])] : outs;
  }));
}

for (const type of ['FusedBatchNormGrad', 'FusedBatchNormGradV2', 'FusedBatchNormGradV3'] as const) {
  registerAcceleratedKernel(type, 'CPU', 'native', nativeKernel((ctx) => {
    const dy = ctx.input(0), x = ctx.input(1), scale = ctx.input(2);
    // reserve_space_1 and 2: the batch mean and variance the forward pass saved (training), or the population ones.
    const mean = ctx.input(3), variance = ctx.input(4);
    const view = batchNormView(ctx, x, [scale, mean, variance]);
    if (!view || dy.dtype !== float32 || !sameShape(dy.shape, x.shape)) return null;
    const { rows, channels } = view;
    const dx = NDArray.empty(float32, x.shape), dscale = NDArray.empty(float32, [channels]), doffset = NDArray.empty(float32, [channels]);
    addon().batchNormBackward(ctx.attr('is_training') === true, Number(ctx.attr('epsilon')), rows, channels, f32(x), f32(dy), f32(scale),
      f32(mean), f32(variance), f32(dx), f32(dscale), f32(doffset));
    return [dx, dscale, doffset, NDArray.empty(float32, [0]), NDArray.empty(float32, [0])];
  }));
}

// ---- element-wise ------------------------------------------------------------------------------------

const UNARY = ['Relu', 'Relu6', 'Elu', 'Selu', 'Softplus', 'Softsign', 'Sigmoid', 'Tanh', 'Exp', 'Log', 'Log1p', 'Neg',
  'Abs', 'Square', 'Sqrt', 'Rsqrt', 'Reciprocal', 'Inv', 'Sign', 'Floor', 'Ceil', 'Round', 'Sin', 'Cos'] as const;
for (const type of UNARY) {
  register(type, (ctx) => {
    const x = ctx.input(0);
    if (!isFloat(x) || x.size < NATIVE_MIN_SIZE) return null;
    const out = NDArray.empty(x.dtype, x.shape);
    addon().unary(unaryCode(type), floats(x), floats(out), x.size);
    return out;
  });
}

for (const type of ['ReluGrad', 'Relu6Grad', 'EluGrad', 'SeluGrad', 'SoftplusGrad', 'SoftsignGrad'] as const) {
  register(type, (ctx) => {
    const g = ctx.input(0), f = ctx.input(1);
    if (!sameFloat(g, f) || !sameShape(g.shape, f.shape) || g.size < NATIVE_MIN_SIZE) return null;
    const out = NDArray.empty(g.dtype, g.shape);
    addon().unaryGrad(unaryGradCode(type), floats(g), floats(f), floats(out), g.size);
    return out;
  });
}

/**
 * The broadcast of two shapes as the fewest dimensions the addon walks: size-1 output dimensions dropped,
 * neighbours merged where both operands step through them alike. Null where they do not broadcast.
 */
export function broadcastPlan(a: readonly number[], b: readonly number[]): { shape: number[]; out: number[]; sa: number[]; sb: number[] } | null {
  const out = broadcastBatch(a, b);
  if (!out) return null;
  const rank = out.length;
  const stridesOf = (s: readonly number[]) => {
    const st = new Array<number>(rank).fill(0);
    let acc = 1;
    for (let i = s.length - 1; i >= 0; i--) {
      const k = rank - s.length + i;
      st[k] = s[i] === 1 ? 0 : acc;
      acc *= s[i];
    }
    return st;
  };
  const fullA = stridesOf(a), fullB = stridesOf(b);
  const shape: number[] = [], sa: number[] = [], sb: number[] = [];
  for (let d = 0; d < rank; d++) {
    if (out[d] === 1) continue;
    const last = shape.length - 1;
    // Merge dimension d into the previous one when stepping the previous by one equals stepping d by its size.
    if (last >= 0 && sa[last] === fullA[d] * out[d] && sb[last] === fullB[d] * out[d]) {
      shape[last] *= out[d];
      sa[last] = fullA[d];
      sb[last] = fullB[d];
    } else {
      shape.push(out[d]); sa.push(fullA[d]); sb.push(fullB[d]);
    }
  }
  if (shape.length === 0) { shape.push(1); sa.push(0); sb.push(0); }
  return { shape, out, sa, sb };
}

function binaryNative(a: NDArray, b: NDArray, nativeName: string): NDArray | null {
  if (!sameFloat(a, b)) return null;
  // Small operands stay in JavaScript: the common cases here, without going on to the other backends.
  if (Math.max(a.size, b.size) < NATIVE_MIN_SIZE) return floatBinary(nativeName, a, b);
  const plan = broadcastPlan(a.shape, b.shape);
  if (!plan || plan.shape.length > 8) return null;
  const out = NDArray.empty(a.dtype, plan.out);
  if (out.size === 0) return out;
  addon().binary(binaryCode(nativeName), floats(a), floats(b), floats(out), Float64Array.from(plan.shape), Float64Array.from(plan.sa), Float64Array.from(plan.sb));
  return out;
}

const BINARY: Partial<Record<OpType, string>> = {
  Add: 'Add', AddV2: 'Add', Sub: 'Sub', Mul: 'Mul', RealDiv: 'RealDiv', Div: 'RealDiv', Maximum: 'Maximum',
  Minimum: 'Minimum', SquaredDifference: 'SquaredDifference', Pow: 'Pow',
};
for (const [type, nativeName] of opTypeEntries(BINARY)) register(type, (ctx) => binaryNative(ctx.input(0), ctx.input(1), nativeName));

register('BiasAdd', (ctx) => {
  const x = ctx.input(0), bias = ctx.input(1);
  if (!nhwc(ctx) || x.ndim < 2 || bias.ndim !== 1 || x.shape[x.ndim - 1] !== bias.size) return null;
  return binaryNative(x, bias, 'Add');
});

register('AddN', (ctx) => {
  const first = ctx.input(0);
  if (!isFloat(first) || first.size < NATIVE_MIN_SIZE) return null;
  const inputs: Floats[] = [];
  for (let i = 0; i < ctx.numInputs; i++) {
    const x = ctx.input(i);
    if (x.dtype !== first.dtype || !sameShape(x.shape, first.shape)) return null;
    inputs.push(floats(x));
  }
  const out = NDArray.empty(first.dtype, first.shape);
  addon().addN(floats(out), out.size, ...inputs);
  return out;
});

// ---- reductions and softmax --------------------------------------------------------------------------

/** `x` seen as [outer, r, inner] with the reduced dimensions in the middle, or null when they are not contiguous. */
export function reductionView(shape: readonly number[], axes: ReadonlySet<number>): [number, number, number] | null {
  let outer = 1, r = 1, inner = 1, phase = 0;   // 0: before the reduced run, 1: in it, 2: after it
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;   // a size-1 dimension belongs to either side
    const reduced = axes.has(d);
    if (reduced && phase === 2) return null;
    if (reduced) { phase = 1; r *= shape[d]; } else if (phase === 0) outer *= shape[d]; else { phase = 2; inner *= shape[d]; }
  }
  return [outer, r, inner];
}

for (const type of ['Sum', 'Mean', 'Max', 'Min', 'Prod'] as const) {
  register(type, (ctx) => {
    const x = ctx.input(0), axesT = ctx.input(1);
    if (!isFloat(x) || x.size < NATIVE_MIN_SIZE) return null;
    const rank = x.ndim, axes = new Set<number>();
    for (const a of Array.from(axesT.values)) {
      if (!Number.isInteger(a) || a < -rank || a >= rank) return null;
      axes.add(a < 0 ? a + rank : a);
    }
    const view = reductionView(x.shape, axes);
    if (!view) return null;
    const keep = ctx.attr('keep_dims') === true;
    const out = NDArray.empty(x.dtype, keep ? x.shape.map((d, i) => (axes.has(i) ? 1 : d)) : x.shape.filter((_, i) => !axes.has(i)));
    addon().reduce(reduceCode(type), floats(x), floats(out), view[0], view[1], view[2]);
    return out;
  });
}

register('BiasAddGrad', (ctx) => {
  const g = ctx.input(0);
  if (!isFloat(g) || !nhwc(ctx) || g.ndim < 2 || g.size < NATIVE_MIN_SIZE) return null;
  const c = g.shape[g.ndim - 1];
  const out = NDArray.empty(g.dtype, [c]);
  addon().reduce(reduceCode('Sum'), floats(g), floats(out), 1, g.size / c, c);
  return out;
});

for (const [type, log] of [['Softmax', false], ['LogSoftmax', true]] as const) {
  register(type, (ctx) => {
    const x = ctx.input(0);
    if (!isFloat(x) || x.ndim < 1 || x.size < NATIVE_MIN_SIZE) return null;
    const n = x.shape[x.ndim - 1];
    const out = NDArray.empty(x.dtype, x.shape);
    addon().softmax(floats(x), floats(out), x.size / n, n, log);
    return out;
  });
}

// ---- fused optimizer updates -------------------------------------------------------------------------

/** Each op's scalar inputs as the addon takes them, computed from the op's scalar input values. */
const APPLY: Partial<Record<OpType, {
  states: number; grad: number; scalars: (s: (i: number) => number) => number[]; flag: (ctx: KernelContext) => boolean;
  valid?: (scalars: readonly number[]) => boolean;
}>> = {
  ApplyGradientDescent: { states: 1, grad: 2, scalars: (s) => [s(1)], flag: () => false },
  ApplyMomentum: { states: 2, grad: 3, scalars: (s) => [s(2), s(4)], flag: (ctx) => attrOr(ctx, 'use_nesterov', false) === true },
  ApplyAdam: {
    states: 3, grad: 9,
    // lr_t = lr · √(1 − β₂ᵗ) / (1 − β₁ᵗ), as the reference kernel and TF compute it
    scalars: (s) => [(s(5) * Math.sqrt(1 - s(4))) / (1 - s(3)), s(6), s(7), s(8)],
    flag: (ctx) => attrOr(ctx, 'use_nesterov', false) === true,
  },
  ApplyRMSProp: { states: 3, grad: 7, scalars: (s) => [s(3), s(4), s(5), s(6)], flag: () => false },
  ApplyCenteredRMSProp: { states: 4, grad: 8, scalars: (s) => [s(4), s(5), s(6), s(7)], flag: () => false },
  ApplyAdagrad: { states: 2, grad: 3, scalars: (s) => [s(2)], flag: (ctx) => attrOr(ctx, 'update_slots', true) === true },
  // Hyper-parameters out of TF's range go to the reference kernel, which raises TF's error.
  ApplyFtrl: {
    states: 3, grad: 3, scalars: (s) => [s(4), s(5), s(6), s(7)], flag: () => false,
    valid: ([lr, l1, l2, lrPower]) => lr > 0 && l1 >= 0 && l2 >= 0 && lrPower <= 0,
  },
};

for (const [type, spec] of opTypeEntries(APPLY)) {
  const kernel = nativeKernel((ctx): RuntimeValue[] | null => {
    const slots: VariableSlot[] = [], current: NDArray[] = [];
    for (let i = 0; i < spec.states; i++) {
      const slot = ctx.ref(i);
      if (!slot.value) return null;
      slots.push(slot);
      current.push(slot.value);
    }
    const grad = ctx.input(spec.grad);
    const v0 = current[0];
    if (!isFloat(v0) || current.some((c) => c.dtype !== v0.dtype || !sameShape(c.shape, v0.shape))) return null;
    if (grad.dtype !== v0.dtype || !sameShape(grad.shape, v0.shape) || v0.size < NATIVE_MIN_SIZE) return null;
    const scalarInputs = TRAINING_OP_INPUTS.get(type)!.length;
    for (let i = spec.states; i < scalarInputs; i++) if (i !== spec.grad && ctx.input(i).ndim !== 0) return null;
    const scalars = Float64Array.from(spec.scalars((i) => ctx.input(i).values[0]));
    if (spec.valid && !spec.valid(Array.from(scalars))) return null;
    // New arrays, as the reference: a value fetched before this step never changes behind the caller's back.
    const outs = current.map((c) => NDArray.empty(c.dtype, c.shape));
    const inOut: Floats[] = [];
    current.forEach((c, k) => inOut.push(floats(c), floats(outs[k])));
    addon().apply(applyCode(type), floats(grad), scalars, spec.flag(ctx), v0.size, ...inOut);
    slots.forEach((slot, k) => slot.update(outs[k]));
    return [new RefValue(slots[0])];
  });
  registerAcceleratedKernel(type, 'CPU', 'native', kernel);
  // The ResourceApply op: the same update over the slots its handles name; no output.
  registerAcceleratedKernel(RESOURCE_APPLY.get(type)!, 'CPU', 'native', (ctx) => (kernel(withHandlesAsRefs(ctx, spec.states)) ? [] : null));
}
