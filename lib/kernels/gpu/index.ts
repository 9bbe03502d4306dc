/**
 * `/device:GPU:0` kernels: gpu.js kernels generated per op configuration (shapes and attrs are baked into
 * the source as constants, so each configuration compiles once and is cached by the worker). Every
 * kernel computes one flat output element per thread over flat float32 inputs; indices are carried as
 * floats and decomposed with `floor((r + 0.5) / stride)`, exact for any size below 2^24 elements.
 *
 * Inputs and outputs stay on the device (kernels/gpu/device.ts); a kernel given anything but float32 runs the
 * op's CPU kernel instead (as TF keeps int32 on the host).
 */
import { float32 } from '../../framework/dtypes';
import { InvalidArgumentError } from '../../framework/errors';
import { NDArray } from '../../framework/ndarray';
import { GpuArray, launch, toDevice } from './device';
import { broadcastShapes } from '../cpu/broadcast';
import { stridesOf } from '../cpu/indexing';
import { getKernel, Kernel, KernelContext, registerKernel, RuntimeValue } from '../registry';
import { OpType, opTypeEntries } from '../../framework/op_types';

/** A float literal for generated source. */
const f = (n: number): string => (Number.isInteger(n) ? `${n}.0` : String(n));

/** Source that splits the flat index `r` over `outShape` into coordinates `c0..c{n-1}`. */
function coords(outShape: readonly number[]): string {
  const st = stridesOf(outShape);
  const lines = ['let r = this.thread.x * 1.0;'];
  outShape.forEach((_, d) => lines.push(`let c${d} = Math.floor((r + 0.5) / ${f(st[d])}); r = r - c${d} * ${f(st[d])};`));
  return lines.join('\n');
}

/** The flat index of an input of `shape` broadcast against output coordinates of rank `rank`. */
function broadcastIndex(shape: readonly number[], outShape: readonly number[]): string {
  const rank = outShape.length, st = stridesOf(shape);
  const terms: string[] = [];
  shape.forEach((d, i) => {
    const k = rank - shape.length + i;
    if (d !== 1) terms.push(`c${k} * ${f(st[i])}`);
  });
  return terms.length ? terms.join(' + ') : '0.0';
}

function cpuFallback(type: string, ctx: KernelContext): RuntimeValue[] {
  const k = getKernel(type, 'CPU');
  if (!k) throw new InvalidArgumentError(null, null, `${type} on GPU supports float32 only, and has no CPU kernel`);
  return k(ctx);
}

const allF32 = (xs: NDArray[]) => xs.every((x) => x.dtype === float32);

function gpuKernel(type: OpType, body: (ctx: KernelContext, inputs: NDArray[]) => GpuArray | null, numInputs = 1): void {
  const kernel: Kernel = (ctx) => {
    const inputs: NDArray[] = [];
    for (let i = 0; i < numInputs; i++) inputs.push(ctx.input(i));
    if (!allF32(inputs)) return cpuFallback(type, ctx);
    const r = body(ctx, inputs);
    return r ? [r] : cpuFallback(type, ctx);
  };
  registerKernel(type, 'GPU', kernel);
}

// ---- element-wise --------------------------------------------------------------------------

const BINARY: Partial<Record<OpType, (a: string, b: string) => string>> = {
  Add: (a, b) => `${a} + ${b}`,
  AddV2: (a, b) => `${a} + ${b}`,
  Sub: (a, b) => `${a} - ${b}`,
  Mul: (a, b) => `${a} * ${b}`,
  RealDiv: (a, b) => `${a} / ${b}`,
  Div: (a, b) => `${a} / ${b}`,
  Maximum: (a, b) => `Math.max(${a}, ${b})`,
  Minimum: (a, b) => `Math.min(${a}, ${b})`,
  SquaredDifference: (a, b) => `(${a} - ${b}) * (${a} - ${b})`,
  Pow: (a, b) => `Math.pow(${a}, ${b})`,
};

export function binarySource(type: OpType, aShape: readonly number[], bShape: readonly number[]): { source: string; shape: number[] } {
  const shape = broadcastShapes(aShape, bShape);
  const source = `function(a, b) {
${coords(shape)}
let x = a[${broadcastIndex(aShape, shape)}];
let y = b[${broadcastIndex(bShape, shape)}];
return ${BINARY[type]!('x', 'y')};
}`;
  return { source, shape };
}

for (const [type] of opTypeEntries(BINARY)) {
  gpuKernel(type, (ctx, [a, b]) => {
    const { source, shape } = binarySource(type, a.shape, b.shape);
    return launch(source, [toDevice(a), toDevice(b)], shape, `${ctx.op.name} (${type})`);
  }, 2);
}

const UNARY: Partial<Record<OpType, (x: string) => string>> = {
  Neg: (x) => `-${x}`,
  Square: (x) => `${x} * ${x}`,
  Sqrt: (x) => `Math.sqrt(${x})`,
  Rsqrt: (x) => `1.0 / Math.sqrt(${x})`,
  Exp: (x) => `Math.exp(${x})`,
  Log: (x) => `Math.log(${x})`,
  Abs: (x) => `Math.abs(${x})`,
  Reciprocal: (x) => `1.0 / ${x}`,
  Sigmoid: (x) => `1.0 / (1.0 + Math.exp(-${x}))`,
  Tanh: (x) => `(1.0 - 2.0 / (Math.exp(2.0 * Math.min(${x}, 40.0)) + 1.0))`,
  Floor: (x) => `Math.floor(${x})`,
  Ceil: (x) => `Math.ceil(${x})`,
  Sin: (x) => `Math.sin(${x})`,
  Cos: (x) => `Math.cos(${x})`,
  Relu: (x) => `Math.max(${x}, 0.0)`,
  Relu6: (x) => `Math.min(Math.max(${x}, 0.0), 6.0)`,
};

for (const [type, expr] of opTypeEntries(UNARY)) {
  gpuKernel(type, (ctx, [a]) => launch(`function(a) {
let x = a[this.thread.x];
return ${expr('x')};
}`, [toDevice(a)], a.shape, `${ctx.op.name} (${type})`));
}

gpuKernel('BiasAdd', (ctx, [v, bias]) => {
  const nchw = ctx.op.attrs.has('data_format') && String(ctx.attr('data_format')) === 'NCHW';
  if (bias.ndim !== 1 || v.ndim < 2) return null;
  const axis = nchw ? 1 : v.ndim - 1;
  if (v.shape[axis] !== bias.shape[0]) return null;   // the CPU kernel raises TF's error
  const inner = stridesOf(v.shape)[axis], c = bias.shape[0];
  return launch(`function(v, b) {
let r = this.thread.x * 1.0;
let q = Math.floor((r + 0.5) / ${f(inner)});
let ch = q - Math.floor((q + 0.5) / ${f(c)}) * ${f(c)};
return v[this.thread.x] + b[ch];
}`, [toDevice(v), toDevice(bias)], v.shape, `${ctx.op.name} (BiasAdd)`);
}, 2);

// ---- MatMul ------------------------------------------------------------------------------------

export function matmulSource(m: number, k: number, n: number, ta: boolean, tb: boolean): string {
  const aIdx = ta ? `p * ${f(m)} + i` : `i * ${f(k)} + p`;
  const bIdx = tb ? `j * ${f(k)} + p` : `p * ${f(n)} + j`;
  return `function(a, b) {
let r = this.thread.x * 1.0;
let i = Math.floor((r + 0.5) / ${f(n)});
let j = r - i * ${f(n)};
let s = 0.0;
for (let q = 0; q < ${k}; q++) {
  let p = q * 1.0;
  s = s + a[${aIdx}] * b[${bIdx}];
}
return s;
}`;
}

gpuKernel('MatMul', (ctx, [a, b]) => {
  if (a.ndim !== 2 || b.ndim !== 2) return null;
  const ta = ctx.attr('transpose_a') === true, tb = ctx.attr('transpose_b') === true;
  const [m, k] = ta ? [a.shape[1], a.shape[0]] : a.shape;
  const [k2, n] = tb ? [b.shape[1], b.shape[0]] : b.shape;
  if (k !== k2 || m * n === 0) return null;
  return launch(matmulSource(m, k, n, ta, tb), [toDevice(a), toDevice(b)], [m, n], `${ctx.op.name} (MatMul)`);
}, 2);

// ---- Conv2D (NHWC) -----------------------------------------------------------------------------

export interface ConvGeometry {
  readonly batch: number; readonly h: number; readonly w: number; readonly c: number;
  readonly kh: number; readonly kw: number; readonly oc: number;
  readonly sh: number; readonly sw: number; readonly dh: number; readonly dw: number;
  readonly oh: number; readonly ow: number; readonly padTop: number; readonly padLeft: number;
}

/** Output size and padding as TF computes them for SAME / VALID. */
export function convGeometry(x: readonly number[], filt: readonly number[], strides: readonly number[], dil: readonly number[], padding: string): ConvGeometry {
  const [batch, h, w, c] = x, [kh, kw, , oc] = filt;
  const [sh, sw] = strides, [dh, dw] = dil;
  const ekh = (kh - 1) * dh + 1, ekw = (kw - 1) * dw + 1;
  let oh: number, ow: number, padTop = 0, padLeft = 0;
  if (padding === 'SAME') {
    oh = Math.ceil(h / sh); ow = Math.ceil(w / sw);
    padTop = Math.floor(Math.max(0, (oh - 1) * sh + ekh - h) / 2);
    padLeft = Math.floor(Math.max(0, (ow - 1) * sw + ekw - w) / 2);
  } else {
    oh = Math.ceil((h - ekh + 1) / sh); ow = Math.ceil((w - ekw + 1) / sw);
  }
  return { batch, h, w, c, kh, kw, oc, sh, sw, dh, dw, oh: Math.max(0, oh), ow: Math.max(0, ow), padTop, padLeft };
}

export function conv2dSource(g: ConvGeometry): string {
  return `function(x, w) {
${coords([g.batch, g.oh, g.ow, g.oc])}
let s = 0.0;
for (let ky = 0; ky < ${g.kh}; ky++) {
  let iy = c1 * ${f(g.sh)} - ${f(g.padTop)} + ky * ${f(g.dh)};
  if (iy >= 0.0 && iy < ${f(g.h)}) {
    for (let kx = 0; kx < ${g.kw}; kx++) {
      let ix = c2 * ${f(g.sw)} - ${f(g.padLeft)} + kx * ${f(g.dw)};
      if (ix >= 0.0 && ix < ${f(g.w)}) {
        let xb = ((c0 * ${f(g.h)} + iy) * ${f(g.w)} + ix) * ${f(g.c)};
        let wb = (ky * ${f(g.kw)} + kx * 1.0) * ${f(g.c * g.oc)} + c3;
        for (let ic = 0; ic < ${g.c}; ic++) {
          s = s + x[xb + ic] * w[wb + ic * ${f(g.oc)}];
        }
      }
    }
  }
}
return s;
}`;
}

const text = (v: unknown) => (typeof v === 'string' ? v : v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : String(v));

gpuKernel('Conv2D', (ctx, [x, filt]) => {
  if (x.ndim !== 4 || filt.ndim !== 4 || x.shape[3] !== filt.shape[2]) return null;
  if (ctx.op.attrs.has('data_format') && text(ctx.attr('data_format')) !== 'NHWC') return null;
  const padding = text(ctx.attr('padding'));
  if (padding !== 'SAME' && padding !== 'VALID') return null;
  const strides = ctx.attr('strides') as number[];
  const dil = ctx.op.attrs.has('dilations') ? (ctx.attr('dilations') as number[]) : [1, 1, 1, 1];
  if (strides.length !== 4 || strides[0] !== 1 || strides[3] !== 1) return null;
  const g = convGeometry(x.shape, filt.shape, [strides[1], strides[2]], [dil[1], dil[2]], padding);
  if (g.batch * g.oh * g.ow * g.oc === 0) return null;
  return launch(conv2dSource(g), [toDevice(x), toDevice(filt)], [g.batch, g.oh, g.ow, g.oc], `${ctx.op.name} (Conv2D)`);
}, 2);

// ---- reductions --------------------------------------------------------------------------------

/** Generated source reducing `shape` over `axes` with `kind`; returns the output shape too. */
export function reduceSource(kind: 'Sum' | 'Mean' | 'Max' | 'Min' | 'Prod', shape: readonly number[], axes: readonly number[]): { source: string; kept: number[] } {
  const st = stridesOf(shape);
  const reduced = new Set(axes);
  const keptDims = shape.map((_, i) => i).filter((i) => !reduced.has(i));
  const redDims = shape.map((_, i) => i).filter((i) => reduced.has(i));
  const kept = keptDims.map((i) => shape[i]);
  const count = redDims.reduce((p, i) => p * shape[i], 1);
  const base = keptDims.map((d, k) => `c${k} * ${f(st[d])}`).join(' + ') || '0.0';
  const redSt = stridesOf(redDims.map((i) => shape[i]));
  const off = redDims.map((d, k) => `let e${k} = Math.floor((t + 0.5) / ${f(redSt[k])}); t = t - e${k} * ${f(redSt[k])}; o = o + e${k} * ${f(st[d])};`).join('\n    ');
  const init = kind === 'Max' ? '-3.4e38' : kind === 'Min' ? '3.4e38' : kind === 'Prod' ? '1.0' : '0.0';
  const combine = kind === 'Max' ? 'acc = Math.max(acc, v);' : kind === 'Min' ? 'acc = Math.min(acc, v);' : kind === 'Prod' ? 'acc = acc * v;' : 'acc = acc + v;';
  const source = `function(x) {
${kept.length ? coords(kept) : ''}
let b = ${base};
let acc = ${init};
for (let q = 0; q < ${count}; q++) {
    let t = q * 1.0;
    let o = b;
    ${off}
    let v = x[o];
    ${combine}
}
return ${kind === 'Mean' ? `acc / ${f(count)}` : 'acc'};
}`;
  return { source, kept };
}

for (const kind of ['Sum', 'Mean', 'Max', 'Min', 'Prod'] as const) {
  registerKernel(kind, 'GPU', (ctx) => {
    const x = ctx.input(0), axesArr = ctx.input(1);
    if (x.dtype !== float32 || x.size === 0) return cpuFallback(kind, ctx);
    const raw = Array.from(axesArr.values, Number);
    for (const a of raw) {
      if (a < -x.ndim || a >= x.ndim) return cpuFallback(kind, ctx);   // the CPU kernel raises TF's error
    }
    const axes = [...new Set(raw.map((a) => (a < 0 ? a + x.ndim : a)))].sort((p, q) => p - q);
    const keep = ctx.op.attrs.has('keep_dims') && ctx.attr('keep_dims') === true;
    const { source, kept } = reduceSource(kind, x.shape, axes);
    const shape = keep ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : kept;
    return [launch(source, [toDevice(x)], shape, `${ctx.op.name} (${kind})`)];
  });
}
