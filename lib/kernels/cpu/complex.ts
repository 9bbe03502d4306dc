/**
 * Reference CPU kernels for complex64/complex128 values (stored as interleaved re, im pairs): Complex,
 * Real, Imag, Conj, Angle, ComplexAbs, the FFT family, and the complex cases of the element-wise and
 * reduction kernels (math.ts and reduction.ts hand complex inputs to `complexBinary`, `complexUnary` and
 * `complexReduce`).
 */
import { DType, bool } from '../../framework/dtypes';
import { UnimplementedError } from '../../framework/errors';
import { sameShape } from '../../framework/tensor_shape';
import { NDArray } from '../../framework/ndarray';
import { OpType } from '../../framework/op_types';
import { registerKernel } from '../registry';
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

/** The FFT ops: a DFT along each of the innermost `rank` axes (the inverse ones scaled by 1/size). */
for (const [type, rank, inverse] of [
  ['FFT', 1, false], ['IFFT', 1, true], ['FFT2D', 2, false], ['IFFT2D', 2, true], ['FFT3D', 3, false], ['IFFT3D', 3, true],
] as const) {
  registerKernel(type, 'CPU', (ctx) => {
    const x = ctx.input(0);
    if (!x.dtype.is_complex) throw unsupported(type, x.dtype);
    const out = new NDArray(x.dtype, x.shape), O = out.values;
    O.set(x.values);
    const nd = x.ndim;
    for (let axis = nd - rank; axis < nd; axis++) {
      const n = x.shape[axis];
      if (n === 0 || x.size === 0) continue;
      const stride = x.shape.slice(axis + 1).reduce((p, d) => p * d, 1);
      const re = new Float64Array(n), im = new Float64Array(n);
      for (let outer = 0; outer < x.size / (n * stride); outer++) {
        for (let inner = 0; inner < stride; inner++) {
          const base = outer * n * stride + inner;
          for (let j = 0; j < n; j++) { re[j] = O[2 * (base + j * stride)]; im[j] = O[2 * (base + j * stride) + 1]; }
          dft(re, im, n, inverse);
          const scale = inverse ? 1 / n : 1;
          for (let j = 0; j < n; j++) { O[2 * (base + j * stride)] = re[j] * scale; O[2 * (base + j * stride) + 1] = im[j] * scale; }
        }
      }
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
