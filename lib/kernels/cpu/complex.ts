/**
 * Reference CPU kernels for complex64/complex128 values (stored as interleaved re, im pairs): Complex,
 * Real, Imag, Conj, Angle, ComplexAbs, the FFT family, and the complex cases of the element-wise and
 * reduction kernels (math.ts and reduction.ts hand complex inputs to `complexBinary`, `complexUnary` and
 * `complexReduce`).
 */
import { DType, bool, complex64, float32 } from '../../framework/dtypes';
import { InvalidArgumentError, UnimplementedError } from '../../framework/errors';
import { sameShape } from '../../framework/tensor_shape';
import { NDArray } from '../../framework/ndarray';
import { OpType } from '../../framework/op_types';
import { KernelContext, registerKernel } from '../registry';
import { broadcastShapes, broadcastStrides } from './broadcast';
import { iota, productIndex } from './indexing';

type C = [number, number];
type ComplexBinary = (ar: number, ai: number, br: number, bi: number) => C;

function divide(ar: number, ai: number, br: number, bi: number): C {
  const d = br * br + bi * bi;
  return [(ar * br + ai * bi) / d, (ai * br - ar * bi) / d];
}

const BINARY: Partial<Record<OpType, ComplexBinary>> = {
  Add: (ar, ai, br, bi) => [ar + br, ai + bi],
  AddV2: (ar, ai, br, bi) => [ar + br, ai + bi],
  Sub: (ar, ai, br, bi) => [ar - br, ai - bi],
  Mul: (ar, ai, br, bi) => [ar * br - ai * bi, ar * bi + ai * br],
  RealDiv: divide,
  Div: divide,
  DivNoNan: (ar, ai, br, bi) => (br === 0 && bi === 0 ? [0, 0] : divide(ar, ai, br, bi)),
  // (x - y) conj(x - y), as TF's complex SquaredDifference.
  SquaredDifference: (ar, ai, br, bi) => [(ar - br) ** 2 + (ai - bi) ** 2, 0],
  Equal: (ar, ai, br, bi) => [+(ar === br && ai === bi), 0],
  NotEqual: (ar, ai, br, bi) => [+(ar !== br || ai !== bi), 0],
};

const unsupported = (type: string, dtype: DType) => new UnimplementedError(null, null, `${type} is not implemented here for ${dtype.name}`);

/** A binary element-wise op over complex inputs (numpy broadcasting); comparisons give bool. */
export function complexBinary(type: OpType, a: NDArray, b: NDArray): NDArray {
  const f = BINARY[type];
  if (!f || a.dtype !== b.dtype) throw unsupported(type, a.dtype);
  const shape = sameShape(a.shape, b.shape) ? a.shape : broadcastShapes(a.shape, b.shape);
  const comparison = type === 'Equal' || type === 'NotEqual';
  const out = new NDArray(comparison ? bool : a.dtype, shape);
  const ia = productIndex(shape.map(iota), broadcastStrides(a.shape, shape));
  const ib = productIndex(shape.map(iota), broadcastStrides(b.shape, shape));
  const A = a.values, B = b.values, O = out.values;
  for (let k = 0; k < out.size; k++) {
    const [r, i] = f(A[2 * ia[k]], A[2 * ia[k] + 1], B[2 * ib[k]], B[2 * ib[k] + 1]);
    if (comparison) O[k] = r;
    else { O[2 * k] = r; O[2 * k + 1] = i; }
  }
  return out;
}

const UNARY: Partial<Record<OpType, (r: number, i: number) => C>> = {
  Neg: (r, i) => [-r, -i],
  Square: (r, i) => [r * r - i * i, 2 * r * i],
  Reciprocal: (r, i) => divide(1, 0, r, i),
  Inv: (r, i) => divide(1, 0, r, i),
  Exp: (r, i) => { const e = Math.exp(r); return [e * Math.cos(i), e * Math.sin(i)]; },
  Log: (r, i) => [Math.log(Math.hypot(r, i)), Math.atan2(i, r)],
  Sqrt: (r, i) => { const m = Math.sqrt(Math.hypot(r, i)), t = Math.atan2(i, r) / 2; return [m * Math.cos(t), m * Math.sin(t)]; },
  Sign: (r, i) => { const m = Math.hypot(r, i); return m === 0 ? [0, 0] : [r / m, i / m]; },
};

/** A unary element-wise op over a complex input. */
export function complexUnary(type: OpType, x: NDArray): NDArray {
  const f = UNARY[type];
  if (!f) throw unsupported(type, x.dtype);
  const out = new NDArray(x.dtype, x.shape), X = x.values, O = out.values;
  for (let k = 0; k < x.size; k++) { const [r, i] = f(X[2 * k], X[2 * k + 1]); O[2 * k] = r; O[2 * k + 1] = i; }
  return out;
}

/** The real (part 0) or imaginary (part 1) values of a complex array, in its real dtype. */
function part(x: NDArray, p: 0 | 1): NDArray {
  const out = new NDArray(x.dtype.real_dtype, x.shape), X = x.values;
  for (let k = 0; k < x.size; k++) out.values[k] = X[2 * k + p];
  return out;
}

/** Interleaves two real arrays of one shape into a complex array of `dtype`. */
function interleave(re: NDArray, im: NDArray, dtype: DType): NDArray {
  const out = new NDArray(dtype, re.shape), O = out.values;
  for (let k = 0; k < re.size; k++) { O[2 * k] = re.values[k]; O[2 * k + 1] = im.values[k]; }
  return out;
}

/** Sum and Mean of a complex input: the real reduction of each part (`reduce` is the real kernel's). */
export function complexReduce(type: OpType, x: NDArray, reduce: (part: NDArray) => NDArray): NDArray {
  if (type !== 'Sum' && type !== 'Mean') throw unsupported(type, x.dtype);
  return interleave(reduce(part(x, 0)), reduce(part(x, 1)), x.dtype);
}

registerKernel('Complex', 'CPU', (ctx) => {
  const re = ctx.input(0), im = ctx.input(1), dtype = ctx.attr('Tout') as DType;
  const shape = sameShape(re.shape, im.shape) ? re.shape : broadcastShapes(re.shape, im.shape);
  const ir = productIndex(shape.map(iota), broadcastStrides(re.shape, shape));
  const ii = productIndex(shape.map(iota), broadcastStrides(im.shape, shape));
  const out = new NDArray(dtype, shape), O = out.values;
  for (let k = 0; k < out.size; k++) { O[2 * k] = re.values[ir[k]]; O[2 * k + 1] = im.values[ii[k]]; }
  return [out];
});

registerKernel('Real', 'CPU', (ctx) => [part(ctx.input(0), 0)]);
registerKernel('Imag', 'CPU', (ctx) => [part(ctx.input(0), 1)]);

registerKernel('Conj', 'CPU', (ctx) => {
  const x = ctx.input(0);
  if (!x.dtype.is_complex) return [x];
  const out = new NDArray(x.dtype, x.shape), X = x.values, O = out.values;
  for (let k = 0; k < x.size; k++) { O[2 * k] = X[2 * k]; O[2 * k + 1] = -X[2 * k + 1]; }
  return [out];
});

for (const [type, f] of [['Angle', Math.atan2], ['ComplexAbs', (i: number, r: number) => Math.hypot(r, i)]] as const) {
  registerKernel(type, 'CPU', (ctx) => {
    const x = ctx.input(0), out = new NDArray(x.dtype.real_dtype, x.shape), X = x.values;
    for (let k = 0; k < x.size; k++) out.values[k] = f(X[2 * k + 1], X[2 * k]);
    return [out];
  });
}

// ---- FFT ----------------------------------------------------------------------------------------

/** In-place DFT of n complex values: radix-2 for powers of two, the direct sum otherwise. */
function dft(re: Float64Array, im: Float64Array, n: number, inverse: boolean): void {
  const sign = inverse ? 1 : -1;
  if (n <= 1) return;
  if ((n & (n - 1)) === 0) {
    for (let i = 1, j = 0; i < n; i++) {
      let bit = n >> 1;
      for (; j & bit; bit >>= 1) j ^= bit;
      j ^= bit;
      if (i < j) { [re[i], re[j]] = [re[j], re[i]]; [im[i], im[j]] = [im[j], im[i]]; }
    }
    for (let len = 2; len <= n; len <<= 1) {
      const ang = (sign * 2 * Math.PI) / len;
      for (let i = 0; i < n; i += len) {
        for (let k = 0; k < len / 2; k++) {
          const wr = Math.cos(ang * k), wi = Math.sin(ang * k);
          const a = i + k, b = a + len / 2;
          const tr = re[b] * wr - im[b] * wi, ti = re[b] * wi + im[b] * wr;
          re[b] = re[a] - tr; im[b] = im[a] - ti;
          re[a] += tr; im[a] += ti;
        }
      }
    }
    return;
  }
  const r0 = Float64Array.from(re), i0 = Float64Array.from(im);
  for (let k = 0; k < n; k++) {
    let sr = 0, si = 0;
    for (let j = 0; j < n; j++) {
      const ang = (sign * 2 * Math.PI * ((j * k) % n)) / n, c = Math.cos(ang), s = Math.sin(ang);
      sr += r0[j] * c - i0[j] * s; si += r0[j] * s + i0[j] * c;
    }
    re[k] = sr; im[k] = si;
  }
}

/** DFTs in place along each of `axes` of an interleaved complex buffer of `shape` (the inverse ones scaled by 1/n). */
function transformAxes(O: { [i: number]: number }, shape: readonly number[], axes: readonly number[], inverse: boolean): void {
  const size = shape.reduce((p, d) => p * d, 1);
  if (size === 0) return;
  for (const axis of axes) {
    const n = shape[axis];
    const stride = shape.slice(axis + 1).reduce((p, d) => p * d, 1);
    const re = new Float64Array(n), im = new Float64Array(n);
    const scale = inverse ? 1 / n : 1;
    for (let outer = 0; outer < size / (n * stride); outer++) {
      for (let inner = 0; inner < stride; inner++) {
        const base = outer * n * stride + inner;
        for (let j = 0; j < n; j++) { re[j] = O[2 * (base + j * stride)]; im[j] = O[2 * (base + j * stride) + 1]; }
        dft(re, im, n, inverse);
        for (let j = 0; j < n; j++) { O[2 * (base + j * stride)] = re[j] * scale; O[2 * (base + j * stride) + 1] = im[j] * scale; }
      }
    }
  }
}

const innerAxes = (ndim: number, rank: number) => Array.from({ length: rank }, (_, i) => ndim - rank + i);

/** The FFT ops: a DFT along each of the innermost `rank` axes. */
for (const [type, rank, inverse] of [
  ['FFT', 1, false], ['IFFT', 1, true], ['FFT2D', 2, false], ['IFFT2D', 2, true], ['FFT3D', 3, false], ['IFFT3D', 3, true],
] as const) {
  registerKernel(type, 'CPU', (ctx) => {
    const x = ctx.input(0);
    if (!x.dtype.is_complex) throw unsupported(type, x.dtype);
    const out = new NDArray(x.dtype, x.shape);
    out.values.set(x.values);
    transformAxes(out.values, x.shape, innerAxes(x.ndim, rank), inverse);
    return [out];
  });
}

/** Copies the overlap of `src` (of `srcShape`) into `dst` (of `dstShape`), both interleaved complex or `srcReal`; the rest stays zero. */
function copyOverlap(src: ArrayLike<number>, srcShape: readonly number[], srcReal: boolean, dst: { [i: number]: number }, dstShape: readonly number[]): void {
  const rank = dstShape.length, common = dstShape.map((d, i) => Math.min(d, srcShape[i]));
  const total = common.reduce((p, d) => p * d, 1);
  const idx = new Array<number>(rank).fill(0);
  for (let k = 0; k < total; k++) {
    let s = 0, t = 0;
    for (let i = 0; i < rank; i++) { s = s * srcShape[i] + idx[i]; t = t * dstShape[i] + idx[i]; }
    if (srcReal) dst[2 * t] = src[s];
    else { dst[2 * t] = src[2 * s]; dst[2 * t + 1] = src[2 * s + 1]; }
    for (let i = rank - 1; i >= 0; i--) { if (++idx[i] < common[i]) break; idx[i] = 0; }
  }
}

/** fft_length: a vector of `rank` non-negative lengths. */
function fftLengths(ctx: KernelContext, rank: number): number[] {
  const l = ctx.input(1);
  if (l.ndim !== 1 || l.size !== rank) throw new InvalidArgumentError(null, null, `fft_length must be length ${rank} vector, got shape ${JSON.stringify(l.shape)}`);
  return Array.from(l.values);
}

/** RFFT*: the spectrum of the real signal (cropped or zero-padded to fft_length), its last axis halved plus one. */
for (const [type, rank] of [['RFFT', 1], ['RFFT2D', 2], ['RFFT3D', 3]] as const) {
  registerKernel(type, 'CPU', (ctx) => {
    const x = ctx.input(0), lengths = fftLengths(ctx, rank);
    if (x.ndim < rank) throw new InvalidArgumentError(null, null, `Input must have rank of at least ${rank} but got: ${x.ndim}`);
    const outer = x.shape.slice(0, -rank), fullShape = [...outer, ...lengths];
    const full = new Float64Array(2 * fullShape.reduce((p, d) => p * d, 1));
    copyOverlap(x.values, x.shape, true, full, fullShape);
    transformAxes(full, fullShape, innerAxes(fullShape.length, rank), false);
    const outShape = [...outer, ...lengths.slice(0, -1), Math.floor(lengths[rank - 1] / 2) + 1];
    const out = new NDArray(complex64, outShape);
    copyOverlap(full, fullShape, false, out.values, outShape);
    return [out];
  });
}

/**
 * IRFFT*: the real signal of a half spectrum: inverse DFTs along the outer transformed axes, then along the
 * last one the Hermitian-completed line (X[n - k] = conj X[k]), keeping the real part.
 */
for (const [type, rank] of [['IRFFT', 1], ['IRFFT2D', 2], ['IRFFT3D', 3]] as const) {
  registerKernel(type, 'CPU', (ctx) => {
    const x = ctx.input(0), lengths = fftLengths(ctx, rank);
    if (x.ndim < rank) throw new InvalidArgumentError(null, null, `Input must have rank of at least ${rank} but got: ${x.ndim}`);
    const outer = x.shape.slice(0, -rank), n = lengths[rank - 1], h = Math.floor(n / 2) + 1;
    const halfShape = [...outer, ...lengths.slice(0, -1), h];
    const half = new Float64Array(2 * halfShape.reduce((p, d) => p * d, 1));
    copyOverlap(x.values, x.shape, false, half, halfShape);
    transformAxes(half, halfShape, innerAxes(halfShape.length, rank).slice(0, -1), true);
    const out = new NDArray(float32, [...outer, ...lengths]);
    const re = new Float64Array(n), im = new Float64Array(n);
    for (let line = 0; line < (n === 0 ? 0 : out.size / n); line++) {
      for (let k = 0; k < n; k++) {
        const src = k < h ? k : n - k, sign = k < h ? 1 : -1;
        re[k] = half[2 * (line * h + src)]; im[k] = sign * half[2 * (line * h + src) + 1];
      }
      dft(re, im, n, true);
      for (let k = 0; k < n; k++) out.values[line * n + k] = re[k] / n;
    }
    return [out];
  });
}

/**
 * One complex product C[cOff..] = op(A[aOff..]) · op(B[bOff..]) (offsets in complex elements), op transposing
 * when `ta`/`tb` and also conjugating when `ca`/`cb` (BatchMatMul's adjoints).
 */
export function complexMatmulInto(A: ArrayLike<number>, aOff: number, B: ArrayLike<number>, bOff: number, C: { [i: number]: number }, cOff: number,
  m: number, k: number, n: number, ta: boolean, tb: boolean, ca = false, cb = false): void {
  const sa = ca ? -1 : 1, sb = cb ? -1 : 1;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let re = 0, im = 0;
      for (let p = 0; p < k; p++) {
        const ai = aOff + (ta ? p * m + i : i * k + p), bi = bOff + (tb ? j * k + p : p * n + j);
        const ar = A[2 * ai], aim = sa * A[2 * ai + 1], br = B[2 * bi], bim = sb * B[2 * bi + 1];
        re += ar * br - aim * bim; im += ar * bim + aim * br;
      }
      C[2 * (cOff + i * n + j)] = re; C[2 * (cOff + i * n + j) + 1] = im;
    }
  }
}
