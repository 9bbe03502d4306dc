/**
 * Reference CPU kernels for element-wise math, casts and matmul.
 */
import { bool } from '../../framework/dtypes';
import { InvalidArgumentError, UnimplementedError } from '../../framework/errors';
import { DType, as_dtype, float32 } from '../../framework/dtypes';
import { NDArray, NumericData, castNDArray } from '../../framework/ndarray';
import { registerKernel, KernelContext } from '../registry';
import { binaryMap, broadcastShapes, floatBinary, unaryMap } from './broadcast';
import { complexBinary, complexMatmulInto, complexUnary } from './complex';
import { OpType, opTypeEntries } from '../../framework/op_types';
import { betainc, digamma, erf, erfc, igamma, igammaGradA, igammac, lgamma, polygamma, zeta } from './special_functions';

type Binary = (x: number, y: number) => number;

function intDivisionGuard(ctx: KernelContext, f: Binary): Binary {
  return ctx.input(0).dtype.is_integer
    ? (x, y) => { if (y === 0) throw new InvalidArgumentError(null, null, 'Integer division by zero'); return f(x, y); }
    : f;
}

const floorMod: Binary = (x, y) => { const r = x % y; return r !== 0 && (r < 0) !== (y < 0) ? r + y : r; };

const BINARY: Partial<Record<OpType, (ctx: KernelContext) => Binary>> = {
  Add: () => (x, y) => x + y,
  AddV2: () => (x, y) => x + y,
  Sub: () => (x, y) => x - y,
  Mul: () => (x, y) => x * y,
  RealDiv: () => (x, y) => x / y,
  DivNoNan: () => (x, y) => (y === 0 ? 0 : x / y),
  Div: (ctx) => intDivisionGuard(ctx, ctx.input(0).dtype.is_integer ? (x, y) => Math.trunc(x / y) : (x, y) => x / y),
  FloorDiv: (ctx) => intDivisionGuard(ctx, (x, y) => Math.floor(x / y)),
  FloorMod: (ctx) => intDivisionGuard(ctx, ctx.input(0).dtype.is_integer ? floorMod : floorMod),
  Maximum: () => (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.max(x, y)),
  Minimum: () => (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.min(x, y)),
  Pow: () => Math.pow,
  SquaredDifference: () => (x, y) => (x - y) * (x - y),
  TruncateDiv: (ctx) => intDivisionGuard(ctx, ctx.input(0).dtype.is_integer ? (x, y) => Math.trunc(x / y) : (x, y) => x / y),
  // C's % (fmod for floats): the remainder has the sign of x.
  TruncateMod: (ctx) => intDivisionGuard(ctx, (x, y) => x % y),
  Atan2: () => Math.atan2,
  Polygamma: () => polygamma,
  Zeta: () => zeta,
  Igamma: () => igamma,
  Igammac: () => igammac,
  IgammaGradA: () => igammaGradA,
  Greater: () => (x, y) => +(x > y),
  GreaterEqual: () => (x, y) => +(x >= y),
  Less: () => (x, y) => +(x < y),
  LessEqual: () => (x, y) => +(x <= y),
  Equal: () => (x, y) => +(x === y),
  NotEqual: () => (x, y) => +(x !== y),
  LogicalAnd: () => (x, y) => +(x !== 0 && y !== 0),
  LogicalOr: () => (x, y) => +(x !== 0 || y !== 0),
};
const BOOL_RESULT = new Set(['Greater', 'GreaterEqual', 'Less', 'LessEqual', 'Equal', 'NotEqual', 'LogicalAnd', 'LogicalOr']);

for (const [type, make] of opTypeEntries(BINARY)) {
  registerKernel(type, 'CPU', (ctx) => {
    const a = ctx.input(0), b = ctx.input(1);
    if (a.dtype.storage === 'string' || b.dtype.storage === 'string') return [stringBinary(type, a, b)];
    if (a.dtype.is_complex) return [complexBinary(type, a, b)];
    return [floatBinary(type, a, b) ?? binaryMap(a, b, BOOL_RESULT.has(type) ? bool : a.dtype, make(ctx))];
  });
}

/** String concatenation (Add) and comparison (Equal/NotEqual) work on string tensors too. */
function stringBinary(type: string, a: NDArray, b: NDArray): NDArray {
  const sa = a.strings, sb = b.strings;
  const n = Math.max(sa.length, sb.length);
  if (sa.length !== sb.length && sa.length !== 1 && sb.length !== 1) throw new InvalidArgumentError(null, null, `Incompatible shapes: [${a.shape}] vs. [${b.shape}]`);
  const shape = sa.length >= sb.length ? a.shape : b.shape;
  const pick = (s: string[], i: number) => s[s.length === 1 ? 0 : i];
  if (type === 'Add') return NDArray.fromStrings(Array.from({ length: n }, (_, i) => pick(sa, i) + pick(sb, i)), shape);
  if (type === 'Equal' || type === 'NotEqual') {
    const out = new NDArray(bool, shape);
    for (let i = 0; i < n; i++) out.values[i] = +((pick(sa, i) === pick(sb, i)) === (type === 'Equal'));
    return out;
  }
  throw new InvalidArgumentError(null, null, `${type} is not defined for string tensors`);
}

const UNARY: Partial<Record<OpType, (x: number) => number>> = {
  Neg: (x) => -x,
  Square: (x) => x * x,
  Sqrt: Math.sqrt,
  Rsqrt: (x) => 1 / Math.sqrt(x),
  Exp: Math.exp,
  Log: Math.log,
  Log1p: Math.log1p,
  Abs: Math.abs,
  Sign: (x) => (Number.isNaN(x) ? NaN : Math.sign(x) + 0),
  Reciprocal: (x) => 1 / x,
  Inv: (x) => 1 / x,
  Sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  Tanh: Math.tanh,
  Floor: Math.floor,
  Ceil: Math.ceil,
  Round: roundHalfToEven,
  Rint: roundHalfToEven,
  Sin: Math.sin,
  Cos: Math.cos,
  Tan: Math.tan,
  Asin: Math.asin,
  Acos: Math.acos,
  Atan: Math.atan,
  Sinh: Math.sinh,
  Cosh: Math.cosh,
  Asinh: Math.asinh,
  Acosh: Math.acosh,
  Atanh: Math.atanh,
  Erf: erf,
  Erfc: erfc,
  Expm1: Math.expm1,
  Lgamma: lgamma,
  Digamma: digamma,
  LogicalNot: (x) => +(x === 0),
};

/** Banker's rounding, as TF's Round does. */
function roundHalfToEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

for (const [type, f] of opTypeEntries(UNARY)) {
  registerKernel(type, 'CPU', (ctx) => { const x = ctx.input(0); return [x.dtype.is_complex ? complexUnary(type, x) : unaryMap(x, f)]; });
}

const FLOAT_TESTS: Partial<Record<OpType, (x: number) => number>> = {
  IsNan: (x) => +Number.isNaN(x),
  IsFinite: (x) => +Number.isFinite(x),
  IsInf: (x) => +(x === Infinity || x === -Infinity),
};
for (const [type, f] of opTypeEntries(FLOAT_TESTS)) registerKernel(type, 'CPU', (ctx) => [unaryMap(ctx.input(0), f, bool)]);

registerKernel('Betainc', 'CPU', (ctx) => {
  const inputs = [ctx.input(0), ctx.input(1), ctx.input(2)];
  const shaped = inputs.find((t) => t.ndim !== 0) ?? inputs[0];
  if (inputs.some((t) => t.ndim !== 0 && shapeString(t.shape) !== shapeString(shaped.shape))) {
    throw new InvalidArgumentError(null, null, `Shapes of a, b, and x are inconsistent: ${inputs.map((t) => shapeString(t.shape)).join(' vs. ')}`);
  }
  const out = new NDArray(inputs[0].dtype, shaped.shape);
  const at = (t: NDArray, i: number) => t.values[t.ndim === 0 ? 0 : i] as number;
  for (let i = 0; i < out.size; i++) out.values[i] = betainc(at(inputs[0], i), at(inputs[1], i), at(inputs[2], i));
  return [out];
});

registerKernel('LinSpace', 'CPU', (ctx) => {
  const [start, stop, num] = [0, 1, 2].map((i) => {
    const t = ctx.input(i);
    if (t.ndim !== 0) throw new InvalidArgumentError(null, null, `${['start', 'stop', 'num'][i]} must be a scalar, but got shape ${shapeString(t.shape)}`);
    return t.values[0];
  });
  if (num <= 0) throw new InvalidArgumentError(null, null, `Requires num > 0: ${num}`);
  const out = new NDArray(ctx.input(0).dtype, [num]);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) out.values[i] = start + i * step;
  return [out];
});

registerKernel('Cast', 'CPU', (ctx) => {
  const x = ctx.input(0), to = as_dtype(ctx.attr('DstT') as DType);
  if ((x.dtype.storage === 'string') !== (to.storage === 'string')) {
    throw new UnimplementedError(null, null, `Cast ${x.dtype.name} to ${to.name} is not supported`);
  }
  return [castNDArray(x, to)];
});

/** C = op(A) · op(B), i-k-j order so the inner loop runs along contiguous rows. */
registerKernel('MatMul', 'CPU', (ctx) => {
  const a = ctx.input(0), b = ctx.input(1);
  const ta = ctx.attr('transpose_a') === true, tb = ctx.attr('transpose_b') === true;
  if (a.ndim !== 2 || b.ndim !== 2) throw new InvalidArgumentError(null, null, `In[0] and In[1] must be matrices: In[0]: [${a.shape}], In[1]: [${b.shape}]`);
  const [m, k] = ta ? [a.shape[1], a.shape[0]] : a.shape;
  const [k2, n] = tb ? [b.shape[1], b.shape[0]] : b.shape;
  if (k !== k2) {
    throw new InvalidArgumentError(null, null, `Matrix size-incompatible: In[0]: [${a.shape.join(',')}], In[1]: [${b.shape.join(',')}]`);
  }
  return [matmulReference(a, b, m, k, n, ta, tb)];
});

/** SparseMatMul: MatMul's float32 product of float32 or bfloat16 inputs (the sparsity hints change no value). */
registerKernel('SparseMatMul', 'CPU', (ctx) => {
  const [a, b] = [ctx.input(0), ctx.input(1)].map((x) => (x.dtype === float32 ? x : castNDArray(x, float32)));
  const ta = ctx.attr('transpose_a') === true, tb = ctx.attr('transpose_b') === true;
  if (a.ndim !== 2) throw new InvalidArgumentError(null, null, 'a is not a matrix');
  if (b.ndim !== 2) throw new InvalidArgumentError(null, null, 'b is not a matrix');
  const [m, k] = ta ? [a.shape[1], a.shape[0]] : a.shape;
  const [k2, n] = tb ? [b.shape[1], b.shape[0]] : b.shape;
  if (k !== k2) throw new InvalidArgumentError(null, null, `Matrix size incompatible: a: [${a.shape.join(',')}], b: [${b.shape.join(',')}]`);
  return [matmulReference(a, b, m, k, n, ta, tb)];
});

export function matmulReference(a: NDArray, b: NDArray, m: number, k: number, n: number, ta: boolean, tb: boolean): NDArray {
  const out = new NDArray(a.dtype, [m, n]);
  if (a.dtype.is_complex) { complexMatmulInto(a.values, 0, b.values, 0, out.values, 0, m, k, n, ta, tb); return out; }
  matmulInto(a.values, 0, b.values, 0, out.values, 0, m, k, n, ta, tb, new Float64Array(n));
  return out;
}

/** One product C[cOff..] = op(A[aOff..]) · op(B[bOff..]), accumulating rows in float64. */
function matmulInto(A: NumericData, aOff: number, B: NumericData, bOff: number, C: NumericData, cOff: number,
  m: number, k: number, n: number, ta: boolean, tb: boolean, acc: Float64Array): void {
  for (let i = 0; i < m; i++) {
    acc.fill(0);
    for (let p = 0; p < k; p++) {
      const av = ta ? A[aOff + p * m + i] : A[aOff + i * k + p];
      if (tb) for (let j = 0; j < n; j++) acc[j] += av * B[bOff + j * k + p];
      else { const row = bOff + p * n; for (let j = 0; j < n; j++) acc[j] += av * B[row + j]; }
    }
    for (let j = 0; j < n; j++) C[cOff + i * n + j] = acc[j];
  }
}

/**
 * Batched products over the leading dimensions, which broadcast (BatchMatMulV2; BatchMatMul
 * requires them equal). `adj_x`/`adj_y` transpose the last two dimensions (real dtypes).
 */
for (const type of ['BatchMatMul', 'BatchMatMulV2'] as const) {
  registerKernel(type, 'CPU', (ctx) => {
    const x = ctx.input(0), y = ctx.input(1);
    const ax = ctx.attr('adj_x') === true, ay = ctx.attr('adj_y') === true;
    if (x.ndim < 2 || y.ndim < 2) throw new InvalidArgumentError(null, null, `In[0] and In[1] must have rank >= 2: [${x.shape}] and [${y.shape}]`);
    const [xr, xc] = x.shape.slice(-2), [yr, yc] = y.shape.slice(-2);
    const [m, k] = ax ? [xc, xr] : [xr, xc];
    const [k2, n] = ay ? [yc, yr] : [yr, yc];
    if (k !== k2) throw new InvalidArgumentError(null, null, `In[0] mismatch In[1] shape: ${k} vs. ${k2}: [${x.shape}] [${y.shape}] ${ax} ${ay}`);
    const xb = x.shape.slice(0, -2), yb = y.shape.slice(0, -2);
    if (type === 'BatchMatMul' && (xb.length !== yb.length || xb.some((d, i) => d !== yb[i]))) {
      throw new InvalidArgumentError(null, null, `In[0] and In[1] must have compatible batch dimensions: [${x.shape}] vs. [${y.shape}]`);
    }
    const batch = broadcastShapes(xb, yb);
    const out = new NDArray(x.dtype, [...batch, m, n]);
    const count = batch.reduce((p, d) => p * d, 1);
    const acc = new Float64Array(n);
    // The flat batch index of each operand for output batch b (broadcast dimensions repeat).
    const offsetOf = (shape: number[], b: number): number => {
      let off = 0, stride = 1, rest = b;
      const dims = [...batch];
      for (let d = dims.length - 1; d >= 0; d--) {
        const idx = rest % dims[d];
        rest = Math.floor(rest / dims[d]);
        const sd = shape[d - (dims.length - shape.length)];
        if (sd !== undefined && sd !== 1) off += idx * stride;
        if (sd !== undefined) stride *= sd;
      }
      return off;
    };
    for (let b = 0; b < count; b++) {
      const xOff = offsetOf(xb, b) * xr * xc, yOff = offsetOf(yb, b) * yr * yc;
      // Complex adjoints conjugate as they transpose.
      if (x.dtype.is_complex) complexMatmulInto(x.values, xOff, y.values, yOff, out.values, b * m * n, m, k, n, ax, ay, ax, ay);
      else matmulInto(x.values, xOff, y.values, yOff, out.values, b * m * n, m, k, n, ax, ay, acc);
    }
    return [out];
  });
}

// =============================================================================================
// AddN and Range.
// =============================================================================================
import { ValueError } from '../../framework/errors';
import { shapeString } from '../../framework/tensor_shape';
import { rangeLength } from '../../ops/shape_fns';

/** AddN, and AccumulateNV2 (TF rewrites it into an in-place sum when run; the values are AddN's). */
const addN = (ctx: KernelContext) => {
  const first = ctx.input(0);
  const out = new NDArray(first.dtype, first.shape);
  const o = out.values;
  for (let k = 0; k < ctx.numInputs; k++) {
    const x = ctx.input(k);
    if (shapeString(x.shape) !== shapeString(first.shape)) {
      throw new InvalidArgumentError(null, null, `Inputs to operation ${ctx.op.name} of type ${ctx.op.type} must have the same size and shape.  Input 0: ${shapeString(first.shape)} != input ${k}: ${shapeString(x.shape)}`);
    }
    const v = x.values;
    for (let i = 0; i < o.length; i++) o[i] += v[i];
  }
  return [out];
};
registerKernel('AddN', 'CPU', addN);
registerKernel('AccumulateNV2', 'CPU', addN);

registerKernel('Range', 'CPU', (ctx) => {
  const [start, limit, delta] = [0, 1, 2].map((i) => {
    const t = ctx.input(i);
    if (t.ndim !== 0) throw new InvalidArgumentError(null, null, `${['start', 'limit', 'delta'][i]} must be a scalar, not shape ${shapeString(t.shape)}`);
    return t.values[0];
  });
  const dtype = ctx.input(0).dtype;
  let n: number;
  try { n = rangeLength(start, limit, delta, dtype.is_integer); } catch (e) {
    if (e instanceof ValueError) throw new InvalidArgumentError(null, null, e.message);
    throw e;
  }
  const out = new NDArray(dtype, [n]);
  for (let i = 0; i < n; i++) out.values[i] = start + i * delta;
  return [out];
});

// Bucketize: a value's bucket is the count of boundaries <= it (std::upper_bound over the sorted boundaries).
registerKernel('Bucketize', 'CPU', (ctx) => {
  const x = ctx.input(0);
  const boundaries = ctx.attr('boundaries') as number[];
  const out = new NDArray(as_dtype('int32'), x.shape);
  const v = x.values as ArrayLike<number>;
  for (let i = 0; i < x.size; i++) {
    let lo = 0, hi = boundaries.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (boundaries[mid] <= v[i]) lo = mid + 1; else hi = mid; }
    out.values[i] = lo;
  }
  return [out];
});
