/**
 * Gradients of the dense linear-algebra ops, as TF's linalg_grad.py builds them (formulas after Giles 2008
 * and Ionescu et al. 2015): every gradient is itself a graph of linalg ops.
 */
import { Operation, Tensor, registerGradient } from '../framework/graph';
import { NotImplementedError } from '../framework/errors';
import { concat, expand_dims, getitem, reshape, shape, zeros_like } from './array_ops';
import { add, matmul, multiply, negative, reciprocal, square, subtract } from './math_ops';
import {
  eye, matrix_band_part, matrix_diag, matrix_diag_part, matrix_inverse, matrix_set_diag, matrix_solve, matrix_transpose,
  matrix_triangular_solve, self_adjoint_eig, svd, cross, cholesky_solve, regularizedGramianCholesky,
} from './linalg_ops';
import { cast } from './gen_math_ops';
import { cond } from './control_flow_ops';
import { ValueError } from '../framework/errors';
import { greater_equal } from './math_ops';

const adjoint = (x: Tensor) => matrix_transpose(x, { conjugate: true });

// TF's _MatrixInverseGrad: -A⁻ᴴ G A⁻ᴴ.
registerGradient('MatrixInverse', (op, [grad]) => {
  const ainv = op.outputs[0];
  return [negative(matmul(ainv, matmul(grad!, ainv, { adjoint_b: true }), { adjoint_a: true }))];
});

/** `g` shaped as the batch of determinants with two trailing 1s, times A⁻ᴴ (the shared end of both determinant gradients). */
function timesAdjointInverse(op: Operation, g: Tensor, det: Tensor): Tensor {
  const aAdjInv = matrix_inverse(op.inputs[0], { adjoint: true });
  return multiply(reshape(g, concat([shape(det), [1, 1]], 0)), aAdjInv);
}

// TF's _MatrixDeterminantGrad: (g · det) A⁻ᴴ (TF leaves det unconjugated, so for complex inputs this is TF's value
// rather than the conjugate derivative its other gradients give).
registerGradient('MatrixDeterminant', (op, [grad]) => [timesAdjointInverse(op, multiply(grad!, op.outputs[0]), op.outputs[0])]);
// TF's _LogMatrixDeterminantGrad: g A⁻ᴴ (the sign has no gradient).
registerGradient('LogMatrixDeterminant', (op, [, gradLog]) => [timesAdjointInverse(op, gradLog!, op.outputs[1])]);

// TF's _CholeskyGrad: L⁻ᴴ Φ(Lᴴ G) L⁻¹ symmetrized, Φ taking the lower triangle with the diagonal halved.
registerGradient('Cholesky', (op, [grad]) => {
  const l = op.outputs[0];
  const lInverse = matrix_triangular_solve(l, matrix_diag(ones(matrix_diag_part(l))));
  let middle = matmul(l, grad!, { adjoint_a: true });
  middle = matrix_set_diag(middle, multiply(0.5, matrix_diag_part(middle)));
  middle = matrix_band_part(middle, -1, 0);
  let gradA = matmul(matmul(lInverse, middle, { adjoint_a: true }), lInverse);
  gradA = add(gradA, adjoint(gradA));
  return [multiply(gradA, 0.5)];
});

/** Ones shaped like `x` (the identity's diagonal for any batch shape, known or not). */
function ones(x: Tensor): Tensor { return add(zeros_like(x), 1); }

// TF's _MatrixSolveGrad.
registerGradient('MatrixSolve', (op, [grad]) => {
  const adjointA = op.get_attr('adjoint') === true;
  const c = op.outputs[0];
  const gradB = matrix_solve(op.inputs[0], grad!, { adjoint: !adjointA });
  const gradA = adjointA ? negative(matmul(c, gradB, { adjoint_b: true })) : negative(matmul(gradB, c, { adjoint_b: true }));
  return [gradA, gradB];
});

// TF's _MatrixTriangularSolveGrad (TF 1.15: equal batch dims, nothing to unbroadcast).
registerGradient('MatrixTriangularSolve', (op, [grad]) => {
  const adjointA = op.get_attr('adjoint') === true, lowerA = op.get_attr('lower') !== false;
  const c = op.outputs[0];
  const gradB = matrix_triangular_solve(op.inputs[0], grad!, { lower: lowerA, adjoint: !adjointA });
  let gradA = adjointA ? negative(matmul(c, gradB, { adjoint_b: true })) : negative(matmul(gradB, c, { adjoint_b: true }));
  gradA = lowerA ? matrix_band_part(gradA, -1, 0) : matrix_band_part(gradA, 0, -1);
  return [gradA, gradB];
});

/** The static dims of an op's input the gradient needs known (TF raises NotImplementedError too). */
function knownMatrixDims(t: Tensor, what: string): number[] {
  if (!t.shape.is_fully_defined()) throw new NotImplementedError(`${what} not implemented with dynamic shapes.`);
  return t.shape.toNumbers();
}

// TF's _MatrixSquareRootGrad: solves the Sylvester equation R dR + dR R = dA through Kronecker products.
registerGradient('MatrixSquareRoot', (op, [grad]) => {
  const sqrtm = op.outputs[0];
  const dims = knownMatrixDims(sqrtm, 'MatrixSquareRootGrad');
  const m = dims[dims.length - 1], batch = dims.slice(0, -2);
  const kron = (b1: Tensor, b2: Tensor) => reshape(
    multiply(reshape(b1, [...batch, m, 1, m, 1]), reshape(b2, [...batch, 1, m, 1, m])), [...batch, m * m, m * m]);
  const eyeBatch = eye(m, null, { batch_shape: batch, dtype: sqrtm.dtype });
  const ksum = add(kron(eyeBatch, matrix_transpose(sqrtm)), kron(sqrtm, eyeBatch));
  const vecDa = reshape(matrix_transpose(grad!), [...batch, m * m, 1]);
  const vecDsqrtm = matrix_solve(ksum, vecDa);
  return [matrix_transpose(reshape(vecDsqrtm, dims))];
});

/** x · R⁻ᴴ for upper-triangular R (TF's _TriangularSolve inside _QrGrad). */
const triangularSolveRight = (x: Tensor, r: Tensor) => adjoint(matrix_triangular_solve(r, adjoint(x), { lower: false, adjoint: false }));

function qrGradSquareAndDeep(q: Tensor, r: Tensor, dq: Tensor, dr: Tensor): Tensor {
  const qdq = matmul(q, dq, { adjoint_a: true });
  const qdq_ = subtract(qdq, adjoint(qdq));
  const rdr = matmul(r, dr, { adjoint_b: true });
  const rdr_ = subtract(rdr, adjoint(rdr));
  const tril = matrix_band_part(add(qdq_, rdr_), -1, 0);
  const gradA = matmul(q, add(dr, triangularSolveRight(tril, r)));
  const gradB = triangularSolveRight(subtract(dq, matmul(q, qdq)), r);
  return add(gradA, gradB);
}

// TF's _QrGrad (real dtypes, static matrix dims).
registerGradient('Qr', (op, [dq, dr]) => {
  const [q, r] = op.outputs;
  if (q.dtype.is_complex) throw new NotImplementedError(`QrGrad not implemented for dtype: ${q.dtype}`);
  const rd = r.shape.dims, qd = q.shape.dims;
  if (rd === null || rd[rd.length - 2] === null || rd[rd.length - 1] === null) throw new NotImplementedError('QrGrad not implemented with dynamic shapes.');
  const numRows = qd![qd!.length - 2] as number, numCols = rd[rd.length - 1] as number;
  if ((rd[rd.length - 2] as number) > numCols && qd![qd!.length - 2] === qd![qd!.length - 1]) {
    throw new NotImplementedError('QrGrad not implemented when nrows > ncols and full_matrices is true.');
  }
  if (numRows >= numCols) return [qrGradSquareAndDeep(q, r, dq!, dr!)];
  // A = [X, Y], R = [U, V]: reduce to the square case.
  const a = op.inputs[0];
  const y = getitem(a, '...', { start: null }, { start: numRows });
  const u = getitem(r, '...', { start: null }, { stop: numRows });
  const dv = getitem(dr!, '...', { start: null }, { start: numRows });
  const du = getitem(dr!, '...', { start: null }, { stop: numRows });
  const dy = matmul(q, dv);
  const dx = qrGradSquareAndDeep(q, u, add(dq!, matmul(y, dv, { adjoint_b: true })), du);
  return [concat([dx, dy], -1)];
});

/** x / (x² + ε): TF's Lorentz-broadened reciprocal, finite where eigen/singular values repeat. */
const safeReciprocal = (x: Tensor, epsilon = 1e-20) => multiply(x, reciprocal(add(multiply(x, x), epsilon)));

/** f(i, j) = 1 / (e_j - e_i) off the diagonal, 0 on it. */
const reciprocalGaps = (e: Tensor) => matrix_set_diag(safeReciprocal(subtract(expand_dims(e, -2), expand_dims(e, -1))), zeros_like(e));

// TF's _SelfAdjointEigV2Grad: symmetrized and folded onto the lower triangle, which alone the op reads.
registerGradient('SelfAdjointEigV2', (op, [gradE, gradV]) => {
  const e = op.outputs[0];
  let gradA: Tensor;
  if (op.get_attr('compute_v') === true) {
    const v = op.outputs[1];
    const f = reciprocalGaps(e);
    gradA = matmul(v, matmul(add(matrix_diag(gradE!), multiply(f, matmul(v, gradV!, { adjoint_a: true }))), v, { adjoint_b: true }));
  } else {
    const [, v] = self_adjoint_eig(op.inputs[0]);
    gradA = matmul(v, matmul(matrix_diag(gradE!), v, { adjoint_b: true }));
  }
  gradA = matrix_band_part(add(gradA, adjoint(gradA)), -1, 0);
  return [matrix_set_diag(gradA, multiply(0.5, matrix_diag_part(gradA)))];
});

// TF's _SvdGrad (real dtypes; full_matrices only when |m - n| <= 1).
registerGradient('Svd', (op, [gradS, gradUIn, gradVIn]) => {
  const a = op.inputs[0];
  const gradSMat = matrix_diag(gradS!);
  if (op.get_attr('compute_uv') !== true) {
    const [, u, v] = svd(a, { compute_uv: true }) as Tensor[];
    const gradA = matmul(u, matmul(gradSMat, v, { adjoint_b: true }));
    gradA.set_shape(a.shape);
    return [gradA];
  }
  const full = op.get_attr('full_matrices') === true;
  const dims = a.shape.dims;
  let m = dims?.[dims.length - 2] ?? null, n = dims?.[dims.length - 1] ?? null;
  if (m === null || n === null) throw new NotImplementedError('SVD gradient has not been implemented for input with unknown inner matrix shape.');
  let [s, u, v] = op.outputs;
  let gradU = gradUIn!, gradV = gradVIn!;
  const useAdjoint = m > n;
  if (useAdjoint) {
    // The gradient of Aᴴ = V Sᵀ Uᴴ, transposed at the end.
    [m, n] = [n, m];
    [u, v] = [v, u];
    [gradU, gradV] = [gradV, gradU];
  }
  if (full && Math.abs(m - n) > 1) throw new NotImplementedError('svd gradient is not implemented for abs(m - n) > 1 when full_matrices is True');
  const sMat = matrix_diag(s);
  const f = reciprocalGaps(square(s));
  const sInvMat = matrix_diag(safeReciprocal(s));
  const v1 = getitem(v, '...', { start: null }, { stop: m });
  const gradV1 = getitem(gradV, '...', { start: null }, { stop: m });
  const fU = multiply(f, matmul(u, gradU, { adjoint_a: true }));
  const fV = multiply(f, matmul(v1, gradV1, { adjoint_a: true }));
  const term1Nouv = add(add(gradSMat, matmul(add(fU, adjoint(fU)), sMat)), matmul(sMat, add(fV, adjoint(fV))));
  let gradA = matmul(u, matmul(term1Nouv, v1, { adjoint_b: true }));
  if (m !== n) {
    const gv1t = adjoint(gradV1);
    let term2Nous = subtract(gv1t, matmul(matmul(gv1t, v1), v1, { adjoint_b: true }));
    if (full) {
      const v2 = getitem(v, '...', { start: null }, { start: m, stop: n });
      const gradV2 = getitem(gradV, '...', { start: null }, { start: m, stop: n });
      term2Nous = subtract(term2Nous, matmul(matmul(v1, gradV2, { adjoint_a: true }), v2, { adjoint_b: true }));
    }
    gradA = add(gradA, matmul(matmul(u, sInvMat), term2Nous));
  }
  if (useAdjoint) gradA = adjoint(gradA);
  gradA.set_shape(a.shape);
  return [gradA];
});

// TF's _CrossGrad: u × v gives (v × g, g × u).
registerGradient('Cross', (op, [grad]) => {
  const [u, v] = op.inputs;
  return [cross(v, grad!), cross(grad!, u)];
});

// TF's _MatrixSolveLsGrad (fast=True): the backprop of the normal equations of the first kind (M >= N) or the
// second kind, decided at run time by a cond when the matrix dims are unknown.
registerGradient('MatrixSolveLs', (op, [grad]) => {
  if (op.get_attr('fast') === false) throw new ValueError('Gradient not defined for fast=False');
  const [a, b, l2In] = op.inputs;
  const g = grad!;
  const l2 = cast(l2In, a.dtype.base_dtype);
  const overdetermined = (): Tensor[] => {
    const x = op.outputs[0];
    const z = cholesky_solve(regularizedGramianCholesky(a, l2, true), g);
    const xzt = matmul(x, z, { adjoint_b: true });
    const zxSym = add(xzt, matrix_transpose(xzt));
    return [add(negative(matmul(a, zxSym)), matmul(b, z, { adjoint_b: true })), matmul(a, z)];
  };
  const underdetermined = (): Tensor[] => {
    const chol = regularizedGramianCholesky(a, l2, false);
    const gradB = cholesky_solve(chol, matmul(a, g));
    const tmp = cholesky_solve(chol, b);
    const a1 = negative(matmul(gradB, matmul(tmp, a, { adjoint_a: true })));
    const a2 = matmul(tmp, subtract(g, matmul(a, gradB, { adjoint_a: true })), { adjoint_b: true });
    return [add(a1, a2), gradB];
  };
  const dims = a.shape.dims;
  const m = dims?.[dims.length - 2] ?? null, n = dims?.[dims.length - 1] ?? null;
  if (m !== null && n !== null) return [...(m >= n ? overdetermined() : underdetermined()), null];
  const mn = getitem(shape(a), { start: -2 });
  const [gradA, gradB] = cond(greater_equal(getitem(mn, -2), getitem(mn, -1)), overdetermined, underdetermined) as Tensor[];
  return [gradA, gradB, null];
});
