/**
 * Reference CPU kernels for the dense linear-algebra ops (TF's LinearAlgebraOp family): Cholesky,
 * MatrixDeterminant, LogMatrixDeterminant, MatrixInverse, MatrixSolve, MatrixTriangularSolve,
 * MatrixSquareRoot, Qr, SelfAdjointEigV2, Svd and Lu. Each innermost matrix of a batch is computed in float64
 * and stored in the input's dtype (complex ones too for the LU- and Cholesky-based ops); the errors are TF's texts.
 */
import { FailedPreconditionError, InvalidArgumentError, UnimplementedError } from '../../framework/errors';
import { shapeString } from '../../framework/tensor_shape';
import { NDArray } from '../../framework/ndarray';
import { DType } from '../../framework/dtypes';
import { registerKernel, KernelContext } from '../registry';

const invalid = (message: string) => new InvalidArgumentError(null, null, message);

/**
 * A row-major rows×cols matrix in float64: real parts `d`, imaginary parts `e` (all zero for real dtypes).
 * Cholesky, LU and the triangular solves work in complex arithmetic; the other factorizations read `d` only.
 */
interface Mat { rows: number; cols: number; d: Float64Array; e: Float64Array }

const mat = (rows: number, cols: number): Mat => ({ rows, cols, d: new Float64Array(rows * cols), e: new Float64Array(rows * cols) });
const copyOf = (a: Mat): Mat => ({ rows: a.rows, cols: a.cols, d: Float64Array.from(a.d), e: Float64Array.from(a.e) });
function identity(n: number): Mat { const m = mat(n, n); for (let i = 0; i < n; i++) m.d[i * n + i] = 1; return m; }
/** The transpose, conjugated (the adjoint; the transpose for real matrices). */
function adjointOf(a: Mat): Mat {
  const t = mat(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) { t.d[j * a.rows + i] = a.d[i * a.cols + j]; t.e[j * a.rows + i] = -a.e[i * a.cols + j]; }
  return t;
}
const transposed = adjointOf;
/** The complex product a·b. */
function product(a: Mat, b: Mat): Mat {
  const c = mat(a.rows, b.cols);
  for (let i = 0; i < a.rows; i++) for (let p = 0; p < a.cols; p++) {
    const vr = a.d[i * a.cols + p], vi = a.e[i * a.cols + p];
    if (vr !== 0 || vi !== 0) subtractScaledRow(c, i * b.cols, -vr, -vi, b, p * b.cols, b.cols);
  }
  return c;
}

/** The ops whose kernels here compute complex matrices too (the others are float32/float64 only). */
const COMPLEX_OK = new Set(['MatrixSolveLs', 'Cholesky', 'MatrixInverse', 'MatrixDeterminant', 'LogMatrixDeterminant', 'MatrixSolve', 'MatrixTriangularSolve', 'Lu']);

/** The inputs' innermost matrices, checked as TF's LinearAlgebraOp checks them. */
function matrixInput(ctx: KernelContext, i: number): { x: NDArray; batch: number[]; rows: number; cols: number } {
  const x = ctx.input(i);
  if (x.dtype.is_complex && !COMPLEX_OK.has(ctx.op.type)) throw new UnimplementedError(null, null, `${ctx.op.type} is implemented here for float32 and float64 only, got ${x.dtype.name}`);
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
  if (x.dtype.is_complex) for (let i = 0; i < rows * cols; i++) { m.d[i] = src[2 * (off + i)]; m.e[i] = src[2 * (off + i) + 1]; }
  else for (let i = 0; i < rows * cols; i++) m.d[i] = src[off + i];
  return m;
}
function writeMatrix(out: NDArray, b: number, m: Mat): void {
  const dst = out.values, off = b * m.rows * m.cols;
  if (out.dtype.is_complex) for (let i = 0; i < m.rows * m.cols; i++) { dst[2 * (off + i)] = m.d[i]; dst[2 * (off + i) + 1] = m.e[i]; }
  else for (let i = 0; i < m.rows * m.cols; i++) dst[off + i] = m.d[i];
}

/** x[i] -= (vr + i·vi) · y[j], element-wise over one row of k entries (x at xo, y at yo). */
function subtractScaledRow(x: Mat, xo: number, vr: number, vi: number, y: Mat, yo: number, k: number): void {
  for (let j = 0; j < k; j++) {
    const yr = y.d[yo + j], yi = y.e[yo + j];
    x.d[xo + j] -= vr * yr - vi * yi; x.e[xo + j] -= vr * yi + vi * yr;
  }
}
/** Divides one row of k entries by (dr + i·di). */
function divideRow(x: Mat, xo: number, dr: number, di: number, k: number): void {
  const den = dr * dr + di * di;
  for (let j = 0; j < k; j++) {
    const r = x.d[xo + j], i = x.e[xo + j];
    x.d[xo + j] = (r * dr + i * di) / den; x.e[xo + j] = (i * dr - r * di) / den;
  }
}

// ---- factorizations --------------------------------------------------------------------------------

/**
 * The lower Cholesky factor L (A = L Lᴴ), reading the lower triangle only and the real part of the diagonal
 * (as Eigen's LLT), or null when A is not positive definite.
 */
function cholesky(a: Mat): Mat | null {
  const n = a.rows, l = mat(n, n);
  for (let j = 0; j < n; j++) {
    let s = a.d[j * n + j];
    for (let k = 0; k < j; k++) s -= l.d[j * n + k] ** 2 + l.e[j * n + k] ** 2;
    if (!(s > 0)) return null;
    const ljj = Math.sqrt(s);
    l.d[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      // (A_ij - Σ_k L_ik conj(L_jk)) / L_jj
      let tr = a.d[i * n + j], ti = a.e[i * n + j];
      for (let k = 0; k < j; k++) {
        const ar = l.d[i * n + k], ai = l.e[i * n + k], br = l.d[j * n + k], bi = -l.e[j * n + k];
        tr -= ar * br - ai * bi; ti -= ar * bi + ai * br;
      }
      l.d[i * n + j] = tr / ljj; l.e[i * n + j] = ti / ljj;
    }
  }
  return l;
}

/** LU with partial pivoting (PA = LU, both packed in `lu`); `minPivot` is the smallest |U_ii|. */
function lu(a: Mat): { lu: Mat; perm: Int32Array; sign: number; minPivot: number } {
  const n = a.rows, m = copyOf(a);
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  const abs = (i: number) => Math.hypot(m.d[i], m.e[i]);
  let sign = 1, minPivot = Infinity;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (abs(i * n + k) > abs(p * n + k)) p = i;
    if (p !== k) {
      for (const v of [m.d, m.e]) for (let j = 0; j < n; j++) { const t = v[k * n + j]; v[k * n + j] = v[p * n + j]; v[p * n + j] = t; }
      const t = perm[k]; perm[k] = perm[p]; perm[p] = t;
      sign = -sign;
    }
    const pr = m.d[k * n + k], pi = m.e[k * n + k];
    minPivot = Math.min(minPivot, Math.hypot(pr, pi));
    if (pr === 0 && pi === 0) continue;
    for (let i = k + 1; i < n; i++) {
      divideRow(m, i * n + k, pr, pi, 1);
      const fr = m.d[i * n + k], fi = m.e[i * n + k];
      if (fr !== 0 || fi !== 0) subtractScaledRow(m, i * n + k + 1, fr, fi, m, k * n + k + 1, n - k - 1);
    }
  }
  return { lu: m, perm, sign, minPivot: n === 0 ? Infinity : minPivot };
}

/** Solves A X = B from A's LU factors. */
function luSolve(f: ReturnType<typeof lu>, b: Mat): Mat {
  const n = f.lu.rows, k = b.cols, x = mat(n, k), L = f.lu;
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) { x.d[i * k + j] = b.d[f.perm[i] * k + j]; x.e[i * k + j] = b.e[f.perm[i] * k + j]; }
  for (let i = 0; i < n; i++) for (let p = 0; p < i; p++) subtractScaledRow(x, i * k, L.d[i * n + p], L.e[i * n + p], x, p * k, k);
  for (let i = n - 1; i >= 0; i--) {
    for (let p = i + 1; p < n; p++) subtractScaledRow(x, i * k, L.d[i * n + p], L.e[i * n + p], x, p * k, k);
    divideRow(x, i * k, L.d[i * n + i], L.e[i * n + i], k);
  }
  return x;
}

/** Solves op(T) X = B for triangular T (only its `lower` or upper triangle is read); op is the adjoint when `adjoint`. */
function triangularSolve(t: Mat, b: Mat, lower: boolean, adjoint: boolean): Mat {
  const n = t.rows, k = b.cols, x = copyOf(b);
  // op(T) is lower triangular when exactly one of lower / adjoint holds.
  const forward = lower !== adjoint;
  const re = (i: number, j: number) => (adjoint ? t.d[j * n + i] : t.d[i * n + j]);
  const im = (i: number, j: number) => (adjoint ? -t.e[j * n + i] : t.e[i * n + j]);
  for (let s = 0; s < n; s++) {
    const i = forward ? s : n - 1 - s;
    for (let q = 0; q < s; q++) {
      const p = forward ? q : n - 1 - q;
      subtractScaledRow(x, i * k, re(i, p), im(i, p), x, p * k, k);
    }
    divideRow(x, i * k, re(i, i), im(i, i), k);
  }
  return x;
}

/** Householder QR: Q (m×m) and R (m×n), R's diagonal signed as LAPACK's / Eigen's reflectors leave it. */
function qr(a: Mat): { q: Mat; r: Mat } {
  const m = a.rows, n = a.cols, r = copyOf(a), q = identity(m);
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
  const n = a.rows, s = copyOf(a), v = identity(n);
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

/** Per batch entry: det(A), the sign (det/|det|, or 0) and log|det|, from A's LU factors; complex parts in `re`/`im`. */
function determinants(ctx: KernelContext) {
  const { x, batch, rows } = squareInput(ctx);
  const n = count(batch);
  const det = mat(1, n), sign = mat(1, n), logAbs = mat(1, n);
  for (let b = 0; b < n; b++) {
    const f = lu(readMatrix(x, b, rows, rows));
    let dr = f.sign, di = 0, sr = f.sign, si = 0, la = 0;
    for (let i = 0; i < rows; i++) {
      const ur = f.lu.d[i * rows + i], ui = f.lu.e[i * rows + i], m = Math.hypot(ur, ui);
      [dr, di] = [dr * ur - di * ui, dr * ui + di * ur];
      la += Math.log(m);
      [sr, si] = m === 0 ? [0, 0] : [(sr * ur - si * ui) / m, (sr * ui + si * ur) / m];
    }
    det.d[b] = dr; det.e[b] = di; sign.d[b] = sr; sign.e[b] = si;
    logAbs.d[b] = sr === 0 && si === 0 ? -Infinity : la;
  }
  const out = (m: Mat) => { const a = new NDArray(x.dtype, x.shape.slice(0, -2)); writeMatrix(a, 0, m); return a; };
  return { det: out(det), sign: out(sign), logAbs: out(logAbs) };
}

registerKernel('MatrixDeterminant', 'CPU', (ctx) => [determinants(ctx).det]);

registerKernel('LogMatrixDeterminant', 'CPU', (ctx) => {
  const { sign, logAbs } = determinants(ctx);
  return [sign, logAbs];
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
    for (let k = 0; k < a.rows; k++) if (t.d[k * a.rows + k] === 0 && t.e[k * a.rows + k] === 0) throw invalid('Input matrix is not invertible.');
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

registerKernel('Cross', 'CPU', (ctx) => {
  const a = ctx.input(0), b = ctx.input(1);
  if (shapeString(a.shape) !== shapeString(b.shape)) throw invalid(`Both inputs must be of same shape: ${shapeString(a.shape)} vs. ${shapeString(b.shape)}`);
  if (a.ndim < 1) throw invalid(`Input must be at least 1D${shapeString(a.shape)}`);
  if (a.shape[a.ndim - 1] !== 3) throw new FailedPreconditionError(null, null, 'Cross-products are only defined for 3-element vectors.');
  const out = new NDArray(a.dtype, a.shape), A = a.values, B = b.values, O = out.values;
  for (let i = 0; i < a.size; i += 3) {
    O[i] = A[i + 1] * B[i + 2] - A[i + 2] * B[i + 1];
    O[i + 1] = A[i + 2] * B[i] - A[i] * B[i + 2];
    O[i + 2] = A[i] * B[i + 1] - A[i + 1] * B[i];
  }
  return [out];
});

registerKernel('MatrixSolveLs', 'CPU', (ctx) => {
  const fast = ctx.attr('fast') !== false;
  const a = matrixInput(ctx, 0), b = matrixInput(ctx, 1), l2T = ctx.input(2);
  if (l2T.ndim !== 0) throw invalid(`l2_regularizer must be scalar, got shape ${shapeString(l2T.shape)}`);
  if (shapeString(a.batch) !== shapeString(b.batch)) throw invalid('All input tensors must have the same outer dimensions.');
  if (a.rows !== b.rows) throw invalid('Input matrix and right-hand side must have the same number of rows.');
  if (!fast && a.x.dtype.is_complex) throw new UnimplementedError(null, null, `MatrixSolveLs with fast=False is implemented here for float32 and float64 only, got ${a.x.dtype.name}`);
  const l2 = l2T.values[0], m = a.rows, n = a.cols, k = b.cols;
  const out = new NDArray(a.x.dtype, [...a.batch, n, k]);
  for (let i = 0; i < count(a.batch); i++) {
    const A = readMatrix(a.x, i, m, n), B = readMatrix(b.x, i, m, k);
    let x: Mat;
    if (fast) {
      // The normal equations through Cholesky: (AᴴA + λI)⁻¹ AᴴB, or Aᴴ(AAᴴ + λI)⁻¹ B for a wide matrix.
      const over = m >= n, Ah = adjointOf(A);
      const gram = over ? product(Ah, A) : product(A, Ah);
      for (let j = 0; j < gram.rows; j++) gram.d[j * gram.rows + j] += l2;
      const l = cholesky(gram);
      if (!l) throw invalid('Input matrix was rank deficient or ill-conditioned. Try setting fast=False or provide a larger l2_regularizer > 0.');
      const solve = (rhs: Mat) => triangularSolve(l, triangularSolve(l, rhs, true, false), true, true);
      x = over ? solve(product(Ah, B)) : product(Ah, solve(B));
    } else {
      // The minimum-norm least-squares solution V S⁺ Uᵀ B (what a complete orthogonal decomposition gives).
      const tall = m >= n;
      const r = svdTall(tall ? A : transposed(A), false);
      const us = tall ? r.u : r.v, vs = tall ? r.v : r.u;
      const tol = (r.s[0] ?? 0) * Math.max(m, n) * 2.220446049250313e-16;
      x = mat(n, k);
      r.s.forEach((sv, j) => {
        if (!(sv > tol)) return;
        for (let c = 0; c < k; c++) {
          let dot = 0;
          for (let row = 0; row < m; row++) dot += us[j][row] * B.d[row * k + c];
          for (let row = 0; row < n; row++) x.d[row * k + c] += (vs[j][row] * dot) / sv;
        }
      });
    }
    writeMatrix(out, i, x);
  }
  return [out];
});
