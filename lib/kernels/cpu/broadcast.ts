/**
 * Numpy broadcasting for element-wise CPU kernels.
 */
import { DType, float32, float64 } from '../../framework/dtypes';
import { InvalidArgumentError } from '../../framework/errors';
import { sameShape, shapeString } from '../../framework/tensor_shape';
import { NDArray, NumericData } from '../../framework/ndarray';

/** The broadcast shape of two runtime shapes, or TF's "Incompatible shapes" error. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1, y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) throw new InvalidArgumentError(null, null, `Incompatible shapes: ${shapeString(a)} vs. ${shapeString(b)}`);
    out[i] = x === 1 ? y : x;
  }
  return out;
}

/** Strides of `shape` as seen from a broadcast output of rank `rank` (0 where a dimension is broadcast). */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const rank = outShape.length;
  const strides = new Array<number>(rank).fill(0);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const k = rank - shape.length + i;
    strides[k] = shape[i] === 1 && outShape[k] !== 1 ? 0 : s;
    s *= shape[i];
  }
  return strides;
}

/** Applies `f` element-wise over the broadcast of `a` and `b`; the result has dtype `outDtype`. */
export function binaryMap(a: NDArray, b: NDArray, outDtype: DType, f: (x: number, y: number) => number): NDArray {
  const shape = a.size === b.size && sameShape(a.shape, b.shape) ? a.shape : broadcastShapes(a.shape, b.shape);
  const out = new NDArray(outDtype, shape);
  const A = a.values, B = b.values, O = out.values as NumericData;
  const n = O.length;
  if (A.length === n && B.length === n) { for (let i = 0; i < n; i++) O[i] = f(A[i], B[i]); return out; }
  if (B.length === 1) { const y = B[0]; for (let i = 0; i < n; i++) O[i] = f(A[i], y); return out; }
  if (A.length === 1) { const x = A[0]; for (let i = 0; i < n; i++) O[i] = f(x, B[i]); return out; }
  const rank = shape.length;
  const sa = broadcastStrides(a.shape, shape), sb = broadcastStrides(b.shape, shape);
  const idx = new Array<number>(rank).fill(0);
  const inner = shape[rank - 1], ia = sa[rank - 1], ib = sb[rank - 1];
  let pa = 0, pb = 0;
  for (let o = 0; o < n; o += inner) {
    for (let j = 0; j < inner; j++) O[o + j] = f(A[pa + j * ia], B[pb + j * ib]);
    // advance the multi-index over all but the innermost dimension
    for (let d = rank - 2; d >= 0; d--) {
      idx[d]++;
      pa += sa[d]; pb += sb[d];
      if (idx[d] < shape[d]) break;
      pa -= sa[d] * shape[d]; pb -= sb[d] * shape[d];
      idx[d] = 0;
    }
  }
  return out;
}

type FloatLoop = (A: Float32Array | Float64Array, B: Float32Array | Float64Array, O: Float32Array | Float64Array, n: number, sa: number, sb: number) => void;

/**
 * The loops of the commonest float ops, each written out so V8 compiles it for its own operator: binaryMap's
 * shared loop calls its `f` per element, which V8 cannot inline once many ops pass theirs (on small tensors
 * that call, not the arithmetic, is the cost). A stride is 1, or 0 for a one-element operand.
 */
const FLOAT_LOOPS: Partial<Record<string, FloatLoop>> = {
  Add: (A, B, O, n, sa, sb) => { for (let i = 0; i < n; i++) O[i] = A[i * sa] + B[i * sb]; },
  AddV2: (A, B, O, n, sa, sb) => { for (let i = 0; i < n; i++) O[i] = A[i * sa] + B[i * sb]; },
  Sub: (A, B, O, n, sa, sb) => { for (let i = 0; i < n; i++) O[i] = A[i * sa] - B[i * sb]; },
  Mul: (A, B, O, n, sa, sb) => { for (let i = 0; i < n; i++) O[i] = A[i * sa] * B[i * sb]; },
  RealDiv: (A, B, O, n, sa, sb) => { for (let i = 0; i < n; i++) O[i] = A[i * sa] / B[i * sb]; },
};

/**
 * `type` (Add, AddV2, Sub, Mul, RealDiv) on two float arrays of one dtype, of the same shape or one of them
 * a single element; null for any other case (binaryMap computes those).
 */
export function floatBinary(type: string, a: NDArray, b: NDArray): NDArray | null {
  const loop = FLOAT_LOOPS[type];
  if (loop === undefined || a.dtype !== b.dtype || (a.dtype !== float32 && a.dtype !== float64)) return null;
  let shape: readonly number[];
  if (a.size === b.size && sameShape(a.shape, b.shape)) shape = a.shape;
  else if (a.size === 1 || b.size === 1) shape = broadcastShapes(a.shape, b.shape);
  else return null;
  const out = new NDArray(a.dtype, shape);
  const O = out.data as Float32Array | Float64Array;
  loop(a.data as Float32Array | Float64Array, b.data as Float32Array | Float64Array, O, O.length, a.size === 1 ? 0 : 1, b.size === 1 ? 0 : 1);
  return out;
}

/** Applies `f` to every element; the result has dtype `outDtype` (default: the input's). */
export function unaryMap(a: NDArray, f: (x: number) => number, outDtype: DType = a.dtype): NDArray {
  const out = new NDArray(outDtype, a.shape);
  const A = a.values, O = out.values;
  for (let i = 0; i < A.length; i++) O[i] = f(A[i]);
  return out;
}
