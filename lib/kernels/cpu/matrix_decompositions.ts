/**
 * Reference CPU kernels for the dense linear-algebra ops (TF's LinearAlgebraOp family): Cholesky,
 * MatrixDeterminant, LogMatrixDeterminant, MatrixInverse, MatrixSolve, MatrixTriangularSolve,
 * MatrixSquareRoot, Qr, SelfAdjointEigV2 and Svd. Each innermost matrix of a batch is computed in float64
 * and stored in the input's dtype (real dtypes); the errors are TF's texts.
 */
import { InvalidArgumentError, UnimplementedError } from '../../framework/errors';
import { shapeString } from '../../framework/tensor_shape';
import { NDArray } from '../../framework/ndarray';
import { DType } from '../../framework/dtypes';
import { registerKernel, KernelContext } from '../registry';

const invalid = (message: string) => new InvalidArgumentError(null, null, message);

/** A row-major n×m matrix in float64. */
interface Mat { rows: number; cols: number; d: Float64Array }

const mat = (rows: number, cols: number): Mat => ({ rows, cols, d: new Float64Array(rows * cols) });
function identity(n: number): Mat { const m = mat(n, n); for (let i = 0; i < n; i++) m.d[i * n + i] = 1; return m; }
function transposed(a: Mat): Mat {
  const t = mat(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) t.d[j * a.rows + i] = a.d[i * a.cols + j];
  return t;
}
/** The inputs' innermost matrices, checked as TF's LinearAlgebraOp checks them. */
function matrixInput(ctx: KernelContext, i: number): { x: NDArray; batch: number[]; rows: number; cols: number } {
  const x = ctx.input(i);
  if (x.dtype.is_complex) throw new UnimplementedError(null, null, `${ctx.op.type} is implemented here for float32 and float64 only, got ${x.dtype.name}`);
  if (x.ndim < 2) throw invalid(`Input tensor ${i} must have rank >= 2`);
  return { x, batch: x.shape.slice(0, -2), rows: x.shape[x.ndim - 2], cols: x.shape[x.ndim - 1] };
}

function squareInput(ctx: KernelContext, i = 0) {
  const m = matrixInput(ctx, i);
  if (m.rows !== m.cols) throw invalid('Input matrix must be square.');
  return m;
}

const count = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);

function readMatrix(x: NDArray, b: number, rows: number, cols: number): Mat {
  const m = mat(rows, cols), src = x.values, off = b * rows * cols;
  for (let i = 0; i < rows * cols; i++) m.d[i] = src[off + i];
  return m;
}
function writeMatrix(out: NDArray, b: number, m: Mat): void {
  const dst = out.values, off = b * m.rows * m.cols;
  for (let i = 0; i < m.rows * m.cols; i++) dst[off + i] = m.d[i];
}

// ---- factorizations --------------------------------------------------------------------------------

/** The lower Cholesky factor, reading the lower triangle only (as Eigen's LLT), or null when not positive definite. */
function cholesky(a: Mat): Mat | null {
  const n = a.rows, l = mat(n, n);
  for (let j = 0; j < n; j++) {
    let s = a.d[j * n + j];
    for (let k = 0; k < j; k++) s -= l.d[j * n + k] * l.d[j * n + k];
    if (!(s > 0)) return null;
    const ljj = Math.sqrt(s);
    l.d[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let t = a.d[i * n + j];
      for (let k = 0; k < j; k++) t -= l.d[i * n + k] * l.d[j * n + k];
      l.d[i * n + j] = t / ljj;
    }
  }
  return l;
}

/** LU with partial pivoting (PA = LU, both packed in `lu`); `minPivot` is the smallest |U_ii|. */
function lu(a: Mat): { lu: Mat; perm: Int32Array; sign: number; minPivot: number } {
  const n = a.rows, m: Mat = { rows: n, cols: n, d: Float64Array.from(a.d) };
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  let sign = 1, minPivot = Infinity;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(m.d[i * n + k]) > Math.abs(m.d[p * n + k])) p = i;
    if (p !== k) {
      for (let j = 0; j < n; j++) { const t = m.d[k * n + j]; m.d[k * n + j] = m.d[p * n + j]; m.d[p * n + j] = t; }
      const t = perm[k]; perm[k] = perm[p]; perm[p] = t;
      sign = -sign;
    }
    const pivot = m.d[k * n + k];
    minPivot = Math.min(minPivot, Math.abs(pivot));
    if (pivot === 0) continue;
    for (let i = k + 1; i < n; i++) {
      const f = (m.d[i * n + k] /= pivot);
      if (f !== 0) for (let j = k + 1; j < n; j++) m.d[i * n + j] -= f * m.d[k * n + j];
    }
  }
  return { lu: m, perm, sign, minPivot: n === 0 ? Infinity : minPivot };
}

/** Solves A X = B from A's LU factors. */
function luSolve(f: ReturnType<typeof lu>, b: Mat): Mat {
  const n = f.lu.rows, k = b.cols, x = mat(n, k), L = f.lu.d;
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) x.d[i * k + j] = b.d[f.perm[i] * k + j];
  for (let i = 0; i < n; i++) for (let p = 0; p < i; p++) {
    const v = L[i * n + p];
    if (v !== 0) for (let j = 0; j < k; j++) x.d[i * k + j] -= v * x.d[p * k + j];
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let p = i + 1; p < n; p++) {
      const v = L[i * n + p];
      if (v !== 0) for (let j = 0; j < k; j++) x.d[i * k + j] -= v * x.d[p * k + j];
    }
    for (let j = 0; j < k; j++) x.d[i * k + j] /= L[i * n + i];
  }
  return x;
}

/** Solves op(T) X = B for triangular T (only its `lower` or upper triangle is read); op is the transpose when `adjoint`. */
function triangularSolve(t: Mat, b: Mat, lower: boolean, adjoint: boolean): Mat {
  const n = t.rows, k = b.cols, x: Mat = { rows: n, cols: k, d: Float64Array.from(b.d) };
  // op(T) is lower triangular when exactly one of lower / adjoint holds.
  const forward = lower !== adjoint;
  const at = (i: number, j: number) => (adjoint ? t.d[j * n + i] : t.d[i * n + j]);
  for (let s = 0; s < n; s++) {
    const i = forward ? s : n - 1 - s;
    for (let q = 0; q < s; q++) {
      const p = forward ? q : n - 1 - q;
      const v = at(i, p);
      if (v !== 0) for (let j = 0; j < k; j++) x.d[i * k + j] -= v * x.d[p * k + j];
    }
    const diag = at(i, i);
    for (let j = 0; j < k; j++) x.d[i * k + j] /= diag;
  }
  return x;
}

/** Householder QR: Q (m×m) and R (m×n), R's diagonal signed as LAPACK's / Eigen's reflectors leave it. */
function qr(a: Mat): { q: Mat; r: Mat } {
  const m = a.rows, n = a.cols, r: Mat = { rows: m, cols: n, d: Float64Array.from(a.d) }, q = identity(m);
  const v = new Float64Array(m);
  for (let k = 0; k < Math.min(m - 1, n); k++) {
    let norm = 0;
    for (let i = k; i < m; i++) norm += r.d[i * n + k] ** 2;
    norm = Math.sqrt(norm);
    if (norm === 0) continue;
    const alpha = r.d[k * n + k] > 0 ? -norm : norm;
    for (let i = k; i < m; i++) v[i] = r.d[i * n + k];
    v[k] -= alpha;
    let vv = 0;
    for (let i = k; i < m; i++) vv += v[i] * v[i];
    if (vv === 0) continue;
    // R ← (I - 2vvᵀ/vᵀv) R, Q ← Q (I - 2vvᵀ/vᵀv)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = k; i < m; i++) s += v[i] * r.d[i * n + j];
      s = (2 * s) / vv;
      for (let i = k; i < m; i++) r.d[i * n + j] -= s * v[i];
    }
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let p = k; p < m; p++) s += q.d[i * m + p] * v[p];
      s = (2 * s) / vv;
      for (let p = k; p < m; p++) q.d[i * m + p] -= s * v[p];
    }
    for (let i = k + 1; i < m; i++) r.d[i * n + k] = 0;
  }
  return { q, r };
}

/** Eigen-decomposition of a symmetric matrix (cyclic Jacobi), eigenvalues ascending, eigenvectors as columns. */
function symmetricEig(a: Mat): { e: Float64Array; v: Mat } {
  const n = a.rows, s: Mat = { rows: n, cols: n, d: Float64Array.from(a.d) }, v = identity(n);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0, total = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { const x = s.d[i * n + j] ** 2; total += x; if (i !== j) off += x; }
    if (off <= 1e-30 * total || off === 0) break;
    for (let p = 0; p < n - 1; p++) for (let q = p + 1; q < n; q++) {
      const apq = s.d[p * n + q];
      if (apq === 0) continue;
      const theta = (s.d[q * n + q] - s.d[p * n + p]) / (2 * apq);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1), sn = t * c;
      for (let k = 0; k < n; k++) {
        const skp = s.d[k * n + p], skq = s.d[k * n + q];
        s.d[k * n + p] = c * skp - sn * skq; s.d[k * n + q] = sn * skp + c * skq;
      }
      for (let k = 0; k < n; k++) {
        const spk = s.d[p * n + k], sqk = s.d[q * n + k];
        s.d[p * n + k] = c * spk - sn * sqk; s.d[q * n + k] = sn * spk + c * sqk;
      }
      for (let k = 0; k < n; k++) {
        const vkp = v.d[k * n + p], vkq = v.d[k * n + q];
        v.d[k * n + p] = c * vkp - sn * vkq; v.d[k * n + q] = sn * vkp + c * vkq;
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => s.d[i * n + i] - s.d[j * n + j]);
  const e = Float64Array.from(order, (i) => s.d[i * n + i]);
  const sorted = mat(n, n);
  order.forEach((src, dst) => { for (let k = 0; k < n; k++) sorted.d[k * n + dst] = v.d[k * n + src]; });
  return { e, v: sorted };
}

/** Extends the orthonormal columns `cols` (vectors of length m) to `want` of them (Gram–Schmidt over the unit vectors). */
function completeBasis(cols: Float64Array[], m: number, want: number): Float64Array[] {
  const out = [...cols];
  for (let e = 0; e < m && out.length < want; e++) {
    const w = new Float64Array(m); w[e] = 1;
    for (let pass = 0; pass < 2; pass++) for (const c of out) {
      let dot = 0;
      for (let i = 0; i < m; i++) dot += c[i] * w[i];
      for (let i = 0; i < m; i++) w[i] -= dot * c[i];
    }
    const nrm = Math.hypot(...w);
    if (nrm > 1e-8) out.push(w.map((x) => x / nrm));
  }
  return out;
}

/** SVD of an m×n matrix with m >= n (one-sided Jacobi): s descending, U's and V's columns. */
function svdTall(a: Mat, fullU: boolean): { s: Float64Array; u: Float64Array[]; v: Float64Array[] } {
  const m = a.rows, n = a.cols;
  const cols = Array.from({ length: n }, (_, j) => Float64Array.from({ length: m }, (_, i) => a.d[i * n + j]));
  const vcols = Array.from({ length: n }, (_, j) => { const c = new Float64Array(n); c[j] = 1; return c; });
  for (let sweep = 0; sweep < 100; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) for (let q = p + 1; q < n; q++) {
      let alpha = 0, beta = 0, gamma = 0;
      for (let i = 0; i < m; i++) { alpha += cols[p][i] ** 2; beta += cols[q][i] ** 2; gamma += cols[p][i] * cols[q][i]; }
      if (Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta) || gamma === 0) continue;
      rotated = true;
      const zeta = (beta - alpha) / (2 * gamma);
      const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
      const c = 1 / Math.sqrt(1 + t * t), sn = c * t;
      for (const [x, len] of [[cols, m], [vcols, n]] as const) {
        for (let i = 0; i < len; i++) { const xp = x[p][i], xq = x[q][i]; x[p][i] = c * xp - sn * xq; x[q][i] = sn * xp + c * xq; }
      }
    }
    if (!rotated) break;
  }
  const norms = cols.map((c) => Math.hypot(...c));
  const order = norms.map((_, i) => i).sort((i, j) => norms[j] - norms[i]);
  const s = Float64Array.from(order, (i) => norms[i]);
  const tol = (s[0] ?? 0) * Math.max(m, n) * 1e-15;
  const u: Float64Array[] = [];
  for (const i of order) {
    if (norms[i] <= tol) break;
    u.push(cols[i].map((x) => x / norms[i]));
  }
  return { s, u: completeBasis(u, m, fullU ? m : n), v: order.map((i) => vcols[i]) };
}

// ---- kernels -------------------------------------------------------------------------------------

/** Runs `f` on each innermost square matrix of input 0; `f` returns the output matrices for that batch entry. */
function eachSquare(ctx: KernelContext, f: (a: Mat) => Mat) {
  const { x, rows } = squareInput(ctx);
  const out = new NDArray(x.dtype, x.shape);
  for (let b = 0; b < count(x.shape.slice(0, -2)); b++) writeMatrix(out, b, f(readMatrix(x, b, rows, rows)));
  return [out];
}

registerKernel('Cholesky', 'CPU', (ctx) => eachSquare(ctx, (a) => {
  const l = cholesky(a);
  if (!l) throw invalid('Cholesky decomposition was not successful. The input might not be valid.');
  return l;
}));

registerKernel('MatrixInverse', 'CPU', (ctx) => {
  const adjoint = ctx.attr('adjoint') === true;
  return eachSquare(ctx, (a) => {
    const f = lu(adjoint ? transposed(a) : a);
    if (!(f.minPivot > 0)) throw invalid('Input is not invertible.');
    return luSolve(f, identity(a.rows));
  });
});

registerKernel('Lu', 'CPU', (ctx) => {
  const { x, batch, rows: n } = squareInput(ctx);
  const factors = new NDArray(x.dtype, x.shape), p = new NDArray(ctx.attr('output_idx_type') as DType, [...batch, n]);
  for (let b = 0; b < count(batch); b++) {
    const f = lu(readMatrix(x, b, n, n));
    // Eigen's PartialPivLU gives no invertibility guarantee; TF guards against exact zero pivots.
    if (!(f.minPivot > 0)) throw invalid('Input is not invertible.');
    writeMatrix(factors, b, f.lu);
    p.values.set(f.perm, b * n);
  }
  return [factors, p];
});

function determinants(ctx: KernelContext): { sign: Float64Array; logAbs: Float64Array; det: Float64Array; x: NDArray } {
  const { x, batch, rows } = squareInput(ctx);
  const n = count(batch);
  const sign = new Float64Array(n), logAbs = new Float64Array(n), det = new Float64Array(n);
  for (let b = 0; b < n; b++) {
    const f = lu(readMatrix(x, b, rows, rows));
    let s = f.sign, la = 0, d = f.sign;
    for (let i = 0; i < rows; i++) {
      const u = f.lu.d[i * rows + i];
      d *= u; la += Math.log(Math.abs(u));
      s *= Math.sign(u);
    }
    sign[b] = s; logAbs[b] = s === 0 ? -Infinity : la; det[b] = d;
  }
  return { sign, logAbs, det, x };
}

registerKernel('MatrixDeterminant', 'CPU', (ctx) => {
  const { det, x } = determinants(ctx);
  const out = new NDArray(x.dtype, x.shape.slice(0, -2));
  out.values.set(det);
  return [out];
});

registerKernel('LogMatrixDeterminant', 'CPU', (ctx) => {
  const { sign, logAbs, x } = determinants(ctx);
  const s = new NDArray(x.dtype, x.shape.slice(0, -2)), l = new NDArray(x.dtype, x.shape.slice(0, -2));
  s.values.set(sign); l.values.set(logAbs);
  return [s, l];
});

/** The matrix and right-hand side of a solve: same batch dims, same number of rows (TF's messages). */
function solveInputs(ctx: KernelContext) {
  const a = squareInput(ctx, 0), b = matrixInput(ctx, 1);
  if (shapeString(a.batch) !== shapeString(b.batch)) throw invalid('All input tensors must have the same outer dimensions.');
  if (a.rows !== b.rows) throw invalid('Input matrix and right-hand side must have the same number of rows.');
  return { a, b, out: new NDArray(a.x.dtype, b.x.shape), batch: count(a.batch) };
}

registerKernel('MatrixSolve', 'CPU', (ctx) => {
  const adjoint = ctx.attr('adjoint') === true;
  const { a, b, out, batch } = solveInputs(ctx);
  for (let i = 0; i < batch; i++) {
    const m = readMatrix(a.x, i, a.rows, a.rows);
    const f = lu(adjoint ? transposed(m) : m);
    if (!(f.minPivot > 0)) throw invalid('Input matrix is not invertible.');
    writeMatrix(out, i, luSolve(f, readMatrix(b.x, i, b.rows, b.cols)));
  }
  return [out];
});

registerKernel('MatrixTriangularSolve', 'CPU', (ctx) => {
  const lower = ctx.attr('lower') !== false, adjoint = ctx.attr('adjoint') === true;
  const { a, b, out, batch } = solveInputs(ctx);
  for (let i = 0; i < batch; i++) {
    const t = readMatrix(a.x, i, a.rows, a.rows);
    for (let k = 0; k < a.rows; k++) if (t.d[k * a.rows + k] === 0) throw invalid('Input matrix is not invertible.');
    writeMatrix(out, i, triangularSolve(t, readMatrix(b.x, i, b.rows, b.cols), lower, adjoint));
  }
  return [out];
});

/** The principal square root by Denman–Beavers iterations (each step averages a matrix and the other's inverse). */
function sqrtm(a: Mat): Mat {
  const n = a.rows;
  let y = a, z = identity(n);
  for (let it = 0; it < 100; it++) {
    const fy = lu(y), fz = lu(z);
    if (!(fy.minPivot > 0) || !(fz.minPivot > 0)) break;
    const yi = luSolve(fy, identity(n)), zi = luSolve(fz, identity(n));
    const ny = mat(n, n), nz = mat(n, n);
    let change = 0, size = 0;
    for (let i = 0; i < n * n; i++) {
      ny.d[i] = 0.5 * (y.d[i] + zi.d[i]); nz.d[i] = 0.5 * (z.d[i] + yi.d[i]);
      change += (ny.d[i] - y.d[i]) ** 2; size += ny.d[i] ** 2;
    }
    y = ny; z = nz;
    if (change <= 1e-28 * size) break;
  }
  return y;
}

registerKernel('MatrixSquareRoot', 'CPU', (ctx) => eachSquare(ctx, sqrtm));

registerKernel('Qr', 'CPU', (ctx) => {
  const full = ctx.attr('full_matrices') === true;
  const { x, batch, rows: m, cols: n } = matrixInput(ctx, 0);
  const p = Math.min(m, n), qc = full ? m : p, rr = full ? m : p;
  const q = new NDArray(x.dtype, [...batch, m, qc]), r = new NDArray(x.dtype, [...batch, rr, n]);
  for (let b = 0; b < count(batch); b++) {
    const f = qr(readMatrix(x, b, m, n));
    const qo = mat(m, qc), ro = mat(rr, n);
    for (let i = 0; i < m; i++) for (let j = 0; j < qc; j++) qo.d[i * qc + j] = f.q.d[i * m + j];
    for (let i = 0; i < rr; i++) for (let j = 0; j < n; j++) ro.d[i * n + j] = f.r.d[i * n + j];
    writeMatrix(q, b, qo); writeMatrix(r, b, ro);
  }
  return [q, r];
});

registerKernel('SelfAdjointEigV2', 'CPU', (ctx) => {
  const computeV = ctx.attr('compute_v') !== false;
  const { x, batch, rows: n } = squareInput(ctx);
  const e = new NDArray(x.dtype, [...batch, n]), v = new NDArray(x.dtype, computeV ? x.shape : [0]);
  for (let b = 0; b < count(batch); b++) {
    // Only the lower triangle is read, as Eigen's SelfAdjointEigenSolver does.
    const a = readMatrix(x, b, n, n);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) a.d[i * n + j] = a.d[j * n + i];
    if (a.d.some((t) => !Number.isFinite(t))) throw invalid('Self-adjoint eigen decomposition was not successful. The input might not be valid.');
    const r = symmetricEig(a);
    e.values.set(r.e, b * n);
    if (computeV) writeMatrix(v, b, r.v);
  }
  return [e, v];
});

registerKernel('Svd', 'CPU', (ctx) => {
  const computeUV = ctx.attr('compute_uv') !== false, full = ctx.attr('full_matrices') === true;
  const { x, batch, rows: m, cols: n } = matrixInput(ctx, 0);
  const p = Math.min(m, n);
  const s = new NDArray(x.dtype, [...batch, p]);
  const u = new NDArray(x.dtype, computeUV ? [...batch, m, full ? m : p] : [0]);
  const v = new NDArray(x.dtype, computeUV ? [...batch, n, full ? n : p] : [0]);
  for (let b = 0; b < count(batch); b++) {
    const a = readMatrix(x, b, m, n);
    // A wide matrix is the adjoint of a tall one: U and V swap.
    const tall = m >= n;
    const r = svdTall(tall ? a : transposed(a), full);
    s.values.set(r.s, b * p);
    if (!computeUV) continue;
    const uCols = tall ? r.u : r.v, vCols = tall ? r.v : r.u;
    for (const [dst, cols, len] of [[u, uCols, m], [v, vCols, n]] as const) {
      const k = cols.length, o = mat(len, k);
      cols.forEach((c, j) => { for (let i = 0; i < len; i++) o.d[i * k + j] = c[i]; });
      writeMatrix(dst, b, o);
    }
  }
  return [s, u, v];
});
