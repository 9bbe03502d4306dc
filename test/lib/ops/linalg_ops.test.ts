// The dense linear-algebra ops against the values numpy.linalg gives (as TF's cholesky_op_test,
// determinant_op_test, matrix_inverse_op_test, matrix_solve_op_test, matrix_triangular_solve_op_test,
// qr_op_test, self_adjoint_eig_op_test, svd_op_test, matrix_square_root_op_test and linalg_grad_test check
// them): node names, attrs, shape functions, TF's errors, batches, and finite-difference checked gradients.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { checkGradient } from './gradient_check';
import { assertClose, run } from './helpers';

const f64 = (v: number[][] | number[][][]) => tf.constant(v, { dtype: tf.float64 });
const spd = [[4, -1, 2], [-1, 6, 0], [2, 0, 5]];
/** A symmetric positive-definite matrix from any square x: x xᵀ + n I (what the gradient tests differentiate through). */
const spdOf = (x: tf.Tensor) => tf.add(tf.matmul(x, x, { transpose_b: true }), tf.multiply(x.shape.dims![x.shape.dims!.length - 1] as number, tf.eye(x.shape.dims![x.shape.dims!.length - 1] as number, null, { dtype: tf.float64 })));
const flat = (a: tf.NDArray) => Array.from(a.values);

describe('linalg: Cholesky and the solvers built on it', () => {
  beforeEach(() => tf.reset_default_graph());

  it('cholesky gives numpy.linalg.cholesky\'s factor, batched, reading the lower triangle only', () => {
    const l = tf.cholesky(f64(spd));
    assert.equal(l.op.type, 'Cholesky');
    assert.equal(l.op.name, 'Cholesky');
    assert.equal(l.op.get_attr('T'), tf.float64);
    assertClose(flat(run(l)), [2, 0, 0, -0.5, 2.3979157616563596, 0, 1, 0.20851441405707477, 1.9891007362952824], 1e-12);
    // The upper triangle is never read.
    const upperJunk = spd.map((row, i) => row.map((v, j) => (j > i ? 99 : v)));
    assertClose(flat(run(tf.linalg.cholesky(f64([upperJunk, [[1, 0, 0], [0, 4, 0], [0, 0, 9]]])))),
      [2, 0, 0, -0.5, 2.3979157616563596, 0, 1, 0.20851441405707477, 1.9891007362952824, 1, 0, 0, 0, 2, 0, 0, 0, 3], 1e-12);
    assert.deepEqual(run(tf.cholesky(tf.constant(new tf.NDArray(tf.float64, [2, 0, 0])))).shape, [2, 0, 0]);
    assert.equal(tf.cholesky(tf.placeholder(tf.float32, [null, 3, null])).shape.toString(), '(?, 3, 3)');
  });

  it('cholesky raises TF\'s errors', () => {
    assert.throws(() => tf.cholesky([[1, 2, 3], [3, 4, 5]]), /Dimensions must be equal, but are 2 and 3 for 'Cholesky' \(op: 'Cholesky'\)/);
    assert.throws(() => tf.cholesky([1, 2, 3]), /Shape must be at least rank 2 but is rank 1/);
    assert.throws(() => run(tf.cholesky([[1, -1, 0], [-1, 1, -1], [0, -1, 1]])),
      (e: Error) => e instanceof tf.errors.InvalidArgumentError && /^Cholesky decomposition was not successful. The input might not be valid./.test(e.message));
    assert.throws(() => tf.cholesky(tf.constant([[1, 2], [3, 4]], { dtype: tf.int32 })), /Value passed to parameter 'input' has DataType int32 not in list of allowed values: float64, float32, float16, complex64, complex128/);
  });

  it('cholesky_solve is two MatrixTriangularSolves under cholesky_solve/', () => {
    const chol = tf.cholesky(f64(spd));
    const x = tf.cholesky_solve(chol, f64([[1, 2], [3, 4], [5, 6]]));
    assert.equal(x.op.name, 'cholesky_solve/MatrixTriangularSolve_1');
    assert.equal(x.op.get_attr('adjoint'), true);
    assert.equal(x.op.get_attr('lower'), true);
    assertClose(flat(run(x)), [-0.16483516483516483, 0.08791208791208799, 0.4725274725274725, 0.6813186813186813, 1.065934065934066, 1.1648351648351647], 1e-12);
    assert.equal(tf.linalg.cholesky_solve, tf.cholesky_solve);
  });

  it('has the gradient of Cholesky', () => {
    checkGradient((x) => tf.cholesky(spdOf(x)), [{ shape: [3, 3] }], 11);
    checkGradient((x) => tf.cholesky(tf.add(tf.matmul(x, x, { transpose_b: true }), tf.multiply(2, tf.eye(2, null, { batch_shape: [2], dtype: tf.float64 })))), [{ shape: [2, 2, 2] }], 12);
  });
});

describe('linalg: determinants, inverses and solves', () => {
  beforeEach(() => tf.reset_default_graph());

  it('matrix_determinant and slogdet, batched', () => {
    const d = tf.matrix_determinant(f64([spd, spd]));
    assert.equal(d.op.type, 'MatrixDeterminant');
    assert.equal(d.shape.toString(), '(2,)');
    assertClose(flat(run(d)), [91, 91], 1e-12);
    assertClose(flat(run(tf.linalg.det([[1, 2], [3, 4]]))), [-2], 1e-6);
    const [sign, logAbs] = tf.linalg.slogdet(f64([[[1, 2], [3, 4]], spd.slice(0, 2).map((r) => r.slice(0, 2))]));
    assert.equal(sign.op.type, 'LogMatrixDeterminant');
    assert.deepEqual(flat(run(sign)), [-1, 1]);
    assertClose(flat(run(logAbs)), [Math.log(2), Math.log(23)], 1e-12);
    assert.deepEqual(flat(run(tf.matrix_determinant(tf.constant(new tf.NDArray(tf.float64, [0, 0]))))), [1]);
    assert.throws(() => tf.matrix_determinant([[1, 2, 3]]), /Dimensions must be equal, but are 1 and 3/);
    assertClose(flat(run(tf.linalg.logdet(f64(spd)))), [4.51085950651685], 1e-12);
  });

  it('matrix_inverse, with adjoint, and TF\'s error for a singular matrix', () => {
    const inv = tf.matrix_inverse(f64(spd));
    assert.equal(inv.op.type, 'MatrixInverse');
    assert.equal(inv.op.get_attr('adjoint'), false);
    assertClose(flat(run(inv)), [0.32967032967032966, 0.05494505494505494, -0.13186813186813187, 0.05494505494505494, 0.1758241758241758,
      -0.02197802197802198, -0.13186813186813187, -0.02197802197802198, 0.25274725274725274], 1e-12);
    assertClose(flat(run(tf.linalg.inv([[1, 2], [3, 4]]))), [-2, 1, 1.5, -0.5], 1e-6);
    assertClose(flat(run(tf.matrix_inverse([[1, 2], [3, 4]], { adjoint: true }))), [-2, 1.5, 1, -0.5], 1e-6);
    assert.throws(() => run(tf.matrix_inverse([[1, 2], [2, 4]])), (e: Error) => e instanceof tf.errors.InvalidArgumentError && /^Input is not invertible\./.test(e.message));
  });

  it('matrix_solve, with adjoint; rows must match', () => {
    const rhs = [[1, 2], [3, 4], [5, 6]];
    const x = tf.matrix_solve(f64(spd), f64(rhs));
    assert.equal(x.op.type, 'MatrixSolve');
    assertClose(flat(run(x)), [-0.16483516483516483, 0.08791208791208799, 0.4725274725274725, 0.6813186813186813, 1.065934065934066, 1.1648351648351647], 1e-12);
    // A x = b and Aᵀ x = b for A = [[1, 2], [3, 4]], b = [1, 1].
    assertClose(flat(run(tf.linalg.solve(f64([[1, 2], [3, 4]]), f64([[1], [1]])))), [-1, 1], 1e-12);
    assertClose(flat(run(tf.matrix_solve(f64([[1, 2], [3, 4]]), f64([[1], [1]]), { adjoint: true }))), [-0.5, 0.5], 1e-12);
    assert.throws(() => tf.matrix_solve(f64(spd), f64([[1], [2]])), /Dimensions must be equal, but are 3 and 2/);
    assert.throws(() => run(tf.matrix_solve(f64([[1, 2], [2, 4]]), f64([[1], [1]]))), /Input matrix is not invertible\./);
    assert.equal(x.shape.toString(), '(3, 2)');
  });

  it('matrix_triangular_solve: lower (the default) or upper, with adjoint', () => {
    const a = [[3, 0, 0, 0], [2, 1, 0, 0], [1, 0, 1, 0], [1, 1, 1, 1]];
    const x = tf.matrix_triangular_solve(tf.constant(a, { dtype: tf.float32 }), tf.constant([[4], [2], [4], [2]], { dtype: tf.float32 }));
    assert.equal(x.op.type, 'MatrixTriangularSolve');
    assert.equal(x.op.get_attr('lower'), true);
    assertClose(flat(run(x)), [1.3333334, -0.6666667, 2.6666665, -1.3333331], 1e-6);
    // Upper: only the upper triangle of [[2, 1], [9, 4]] is read; Uᵀ x = b with adjoint.
    assertClose(flat(run(tf.linalg.triangular_solve(f64([[2, 1], [9, 4]]), f64([[3], [4]]), { lower: false }))), [1, 1], 1e-12);
    assertClose(flat(run(tf.matrix_triangular_solve(f64([[2, 1], [9, 4]]), f64([[2], [5]]), { lower: false, adjoint: true }))), [1, 1], 1e-12);
    assertClose(flat(run(tf.matrix_triangular_solve(f64([[2, 7], [1, 4]]), f64([[3], [4]]), { adjoint: true }))), [1, 1], 1e-12);
    assert.throws(() => run(tf.matrix_triangular_solve(f64([[1, 0], [1, 0]]), f64([[1], [1]]))), /Input matrix is not invertible\./);
  });

  it('matrix_solve_ls solves the normal equations through Cholesky (over- and underdetermined, regularized)', () => {
    const a = [[1, 2], [3, 4], [5, 6]];
    const x = tf.matrix_solve_ls(f64(a), f64([[1], [2], [4]]));
    assert.equal(x.op.name, 'matrix_solve_ls/cholesky_solve/MatrixTriangularSolve_1');
    assertClose(flat(run(x)), [0.6666666666666664, 0.08333333333333352], 1e-10);
    // The minimum-norm solution of [1 1] x = 2.
    assertClose(flat(run(tf.linalg.lstsq(f64([[1, 1]]), f64([[2]])))), [1, 1], 1e-12);
    // (AᵀA + λI)⁻¹ Aᵀ b for A = I₂, λ = 1: b / 2.
    assertClose(flat(run(tf.matrix_solve_ls(f64([[1, 0], [0, 1]]), f64([[2], [4]]), { l2_regularizer: 1 }))), [1, 2], 1e-12);
    checkGradient((m, b) => tf.matrix_solve_ls(m, b), [{ shape: [3, 2] }, { shape: [3, 2] }], 21, 1e-5);
    checkGradient((m, b) => tf.matrix_solve_ls(m, b, { l2_regularizer: 0.5 }), [{ shape: [2, 3] }, { shape: [2, 1] }], 22, 1e-5);
  });

  it('matrix_solve_ls: MatrixSolveLs for fast=False (minimum norm, rank deficient too) and for large IO-bound batches; a cond for unknown dims', () => {
    const sess = new tf.Session();
    const x = tf.matrix_solve_ls(f64([[1, 1], [1, 1], [0, 0]]), f64([[2], [2], [0]]), { fast: false });
    assert.equal(x.op.type, 'MatrixSolveLs');
    assert.equal(x.op.name, 'MatrixSolveLs');
    assert.equal(x.op.get_attr('fast'), false);
    assert.equal(x.shape.toString(), '(2, 1)');
    assertClose(flat(sess.run(x)), [1, 1], 1e-12);
    assertClose(flat(sess.run(tf.matrix_solve_ls(f64([[1, 2], [3, 4], [5, 6]]), f64([[1], [2], [4]]), { fast: false }))), [0.6666666666666664, 0.08333333333333352], 1e-10);
    assertClose(flat(sess.run(tf.matrix_solve_ls(f64([[1, 1]]), f64([[2]]), { fast: false }))), [1, 1], 1e-12);
    // 9000 2×2 float64 systems (288000 bytes, batch > 2): TF 1.15 hands them to the MatrixSolveLs kernel.
    const a = tf.tile(f64([[[2, 1], [1, 3]]]), [9000, 1, 1]), rhs = tf.tile(f64([[[1], [2]]]), [9000, 1, 1]);
    const big = tf.matrix_solve_ls(a, rhs, { l2_regularizer: 0.5 });
    assert.equal(big.op.type, 'MatrixSolveLs');
    const small = tf.matrix_solve_ls(f64([[2, 1], [1, 3]]), f64([[1], [2]]), { l2_regularizer: 0.5 });
    const [bigV, smallV] = sess.run([big, small]);
    assertClose(flat(bigV).slice(-2), flat(smallV), 1e-12);
    assert.throws(() => sess.run(tf.matrix_solve_ls(tf.tile(f64([[[0, 0], [0, 0]]]), [9000, 1, 1]), rhs)), /Input matrix was rank deficient or ill-conditioned\. Try setting fast=False or provide a larger l2_regularizer > 0\./);
    // Unknown matrix dims: a cond picks the normal equations at run time; its gradient goes through the cond.
    const p = tf.placeholder(tf.float64, [null, null]), q = tf.placeholder(tf.float64, [null, 1]);
    const viaCond = tf.matrix_solve_ls(p, q);
    const [gp] = tf.gradients(tf.reduce_sum(viaCond), p);
    const feed = (m: number[][], v: number[][]) => new Map([[p, new tf.NDArray(tf.float64, [m.length, m[0].length], Float64Array.from(m.flat()))], [q, new tf.NDArray(tf.float64, [v.length, 1], Float64Array.from(v.flat()))]]);
    assertClose(flat(sess.run(viaCond, feed([[1, 2], [3, 4], [5, 6]], [[1], [2], [4]]))), [0.6666666666666664, 0.08333333333333352], 1e-10);
    assertClose(flat(sess.run(viaCond, feed([[1, 1]], [[2]]))), [1, 1], 1e-12);
    const known = tf.placeholder(tf.float64, [3, 2]);
    const [gk] = tf.gradients(tf.reduce_sum(tf.matrix_solve_ls(known, q)), known);
    const m3 = [[1, 2], [3, 4], [5, 6]];
    assertClose(flat(sess.run(gp as tf.Tensor, feed(m3, [[1], [2], [4]]))), flat(sess.run(gk as tf.Tensor, new Map([[known, new tf.NDArray(tf.float64, [3, 2], Float64Array.from(m3.flat()))], [q, new tf.NDArray(tf.float64, [3, 1], Float64Array.from([1, 2, 4]))]]))), 1e-10);
    sess.close();
    // MatrixSolveLs's own gradient (TF's _MatrixSolveLsGrad), through the tiled big batch.
    checkGradient((m, v) => tf.matrix_solve_ls(tf.tile(m, [9000, 1, 1]), tf.tile(v, [9000, 1, 1]), { l2_regularizer: 0.25 }), [{ shape: [1, 3, 2] }, { shape: [1, 3, 1] }], 23, 1e-5);
  });

  it('have the gradients of MatrixDeterminant, LogMatrixDeterminant, MatrixInverse, MatrixSolve and MatrixTriangularSolve', () => {
    checkGradient((x) => tf.matrix_determinant(x), [{ shape: [2, 3, 3] }], 31);
    checkGradient((x) => tf.linalg.slogdet(spdOf(x))[1], [{ shape: [3, 3] }], 32);
    checkGradient((x) => tf.matrix_inverse(spdOf(x)), [{ shape: [3, 3] }], 33);
    checkGradient((x) => tf.matrix_inverse(spdOf(x), { adjoint: true }), [{ shape: [3, 3] }], 331);
    checkGradient((x, b) => tf.matrix_solve(spdOf(x), b), [{ shape: [3, 3] }, { shape: [3, 2] }], 34);
    checkGradient((x, b) => tf.matrix_solve(tf.add(x, tf.multiply(3, tf.eye(3, null, { dtype: tf.float64 }))), b, { adjoint: true }), [{ shape: [3, 3] }, { shape: [3, 2] }], 35);
    for (const [lower, adjoint] of [[true, false], [true, true], [false, false], [false, true]]) {
      checkGradient((x, b) => tf.matrix_triangular_solve(tf.add(x, tf.multiply(3, tf.eye(3, null, { dtype: tf.float64 }))), b, { lower, adjoint }),
        [{ shape: [3, 3] }, { shape: [3, 2] }], 36);
    }
  });
});

describe('linalg: complex matrices', () => {
  beforeEach(() => tf.reset_default_graph());
  const c128 = (re: number[][], im: number[][]) => tf.complex(tf.constant(re, { dtype: tf.float64 }), tf.constant(im, { dtype: tf.float64 }));
  const a = () => c128([[2, 1], [0, 3]], [[1, -1], [0.5, 0]]);
  const b = () => c128([[1], [2]], [[1], [-1]]);
  /** Real and imaginary parts side by side, for the gradient checks. */
  const parts = (z: tf.Tensor) => tf.concat([tf.real(z), tf.imag(z)], -1);
  const cplx = (x: tf.Tensor, y: tf.Tensor) => tf.complex(x, y);

  it('cholesky, determinants, inverse and solves of complex128 matrices, as numpy.linalg gives them', () => {
    const sess = new tf.Session();
    assertClose(flat(sess.run(tf.cholesky(c128([[4, 1], [1, 6]], [[0, -2], [2, 0]])))), [2, 0, 0, 0, 0.5, 1, 2.17944947177, 0], 1e-10);
    assertClose(flat(sess.run(tf.matrix_determinant(a()))), [5.5, 2.5], 1e-12);
    const [sign, logAbs] = tf.linalg.slogdet(a());
    assert.equal(logAbs.dtype, tf.complex128);
    assertClose(flat(sess.run(sign)), [0.910366477463, 0.413802944301], 1e-10);
    assertClose(flat(sess.run(logAbs)), [1.798656130294223, 0], 1e-12);
    assertClose(flat(sess.run(tf.matrix_inverse(a()))), [0.452054794521, -0.205479452055, -0.0821917808219, 0.219178082192, -0.0342465753425, -0.0753424657534, 0.369863013699, 0.013698630137], 1e-10);
    assertClose(flat(sess.run(tf.matrix_solve(a(), b()))), [0.712328767123, 0.767123287671, 0.794520547945, -0.452054794521], 1e-10);
    assertClose(flat(sess.run(tf.matrix_solve(a(), b(), { adjoint: true }))), [0.253424657534, 0.842465753425, 0.86301369863, -0.698630136986], 1e-10);
    assertClose(flat(sess.run(tf.matrix_triangular_solve(a(), b()))), [0.6, 0.2, 0.7, -0.433333333333], 1e-10);
    assertClose(flat(sess.run(tf.matrix_triangular_solve(a(), b(), { adjoint: true }))), [0.2, 0.766666666667, 0.666666666667, -0.333333333333], 1e-10);
    const [factors] = tf.linalg.lu(a());
    assert.equal(factors.dtype, tf.complex128);
    assert.throws(() => sess.run(tf.qr(a())[0]), /Qr is implemented here for float32 and float64 only, got complex128/);
    sess.close();
  });

  it('have TF\'s gradients for complex inputs too (checked through the real and imaginary parts)', () => {
    const shift = () => tf.multiply(tf.complex(tf.constant(3, { dtype: tf.float64 }), tf.constant(0, { dtype: tf.float64 })), tf.eye(2, null, { dtype: tf.complex128 }));
    checkGradient((x, y) => parts(tf.matrix_inverse(tf.add(cplx(x, y), shift()))), [{ shape: [2, 2] }, { shape: [2, 2] }], 101, 1e-5);
    checkGradient((x, y, p, q) => parts(tf.matrix_solve(tf.add(cplx(x, y), shift()), cplx(p, q))), [{ shape: [2, 2] }, { shape: [2, 2] }, { shape: [2, 1] }, { shape: [2, 1] }], 102, 1e-5);
    checkGradient((x, y, p, q) => parts(tf.matrix_triangular_solve(tf.add(cplx(x, y), shift()), cplx(p, q), { adjoint: true })), [{ shape: [2, 2] }, { shape: [2, 2] }, { shape: [2, 1] }, { shape: [2, 1] }], 103, 1e-5);
    // (MatrixDeterminant's gradient is TF's g·det·A⁻ᴴ, which for complex inputs TF does not conjugate: it is
    // checked for real inputs only, as TF's linalg_grad_test does.)
    checkGradient((x, y) => {
      const z = cplx(x, y);
      return parts(tf.cholesky(tf.add(tf.matmul(z, z, { adjoint_b: true }), shift())));
    }, [{ shape: [2, 2] }, { shape: [2, 2] }], 105, 1e-5);
  });
});

describe('linalg: decompositions', () => {
  beforeEach(() => tf.reset_default_graph());

  it('qr: numpy\'s Q and R (reduced by default, full_matrices), batched', () => {
    const [q, r] = tf.qr(f64([[1, 2], [3, 4], [5, 6]]));
    assert.equal(q.op.type, 'Qr');
    assert.equal(q.op.get_attr('full_matrices'), false);
    assert.equal(q.shape.toString(), '(3, 2)');
    assert.equal(r.shape.toString(), '(2, 2)');
    assertClose(flat(run(q)), [-0.16903085094570325, 0.8970852271450604, -0.50709255283711, 0.2760262237369414, -0.8451542547285165, -0.3450327796711773], 1e-12);
    assertClose(flat(run(r)), [-5.916079783099616, -7.437357441610946, 0, 0.828078671210825], 1e-12);
    const [qf, rf] = tf.linalg.qr(f64([[[1, 2], [3, 4], [5, 6]], [[2, 0], [0, 3], [0, 0]]]), { full_matrices: true });
    assert.equal(qf.shape.toString(), '(2, 3, 3)');
    assert.equal(rf.shape.toString(), '(2, 3, 2)');
    const sess = new tf.Session();
    const [qtq, qr_] = sess.run([tf.matmul(qf, qf, { transpose_a: true }), tf.matmul(qf, rf)]);
    assertClose(flat(qtq), [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1], 1e-12);
    assertClose(flat(qr_), [1, 2, 3, 4, 5, 6, 2, 0, 0, 3, 0, 0], 1e-12);
    sess.close();
    const [qw, rw] = tf.qr(tf.placeholder(tf.float32, [2, 4]));
    assert.equal(`${qw.shape} ${rw.shape}`, '(2, 2) (2, 4)');
  });

  it('has the gradient of Qr (square, deep and wide matrices)', () => {
    for (const [shape, seed] of [[[3, 3], 41], [[4, 2], 42], [[2, 4], 43]] as [number[], number][]) {
      checkGradient((x) => { const [q, r] = tf.qr(x); return tf.concat([tf.reshape(q, [-1]), tf.reshape(r, [-1])], 0); }, [{ shape }], seed, 1e-5);
    }
  });

  it('self_adjoint_eig: ascending eigenvalues and orthonormal eigenvectors from the lower triangle', () => {
    const [e, v] = tf.self_adjoint_eig(f64(spd));
    assert.equal(e.op.type, 'SelfAdjointEigV2');
    assert.equal(e.op.get_attr('compute_v'), true);
    assertClose(flat(run(e)), [2.267949192431122, 5.732050807568877, 7], 1e-12);
    const sess = new tf.Session();
    const [rebuilt, vtv] = sess.run([tf.matmul(v, tf.matmul(tf.matrix_diag(e), v, { transpose_b: true })), tf.matmul(v, v, { transpose_a: true })]);
    assertClose(flat(rebuilt), spd.flat(), 1e-12);
    assertClose(flat(vtv), [1, 0, 0, 0, 1, 0, 0, 0, 1], 1e-12);
    sess.close();
    const vals = tf.self_adjoint_eigvals(f64([[[2, 99], [1, 2]], [[1, 0], [0, -1]]]));
    assert.equal(vals.op.get_attr('compute_v'), false);
    assert.equal(vals.op.outputs[1].shape.toString(), '(0,)');
    assertClose(flat(run(vals)), [1, 3, -1, 1], 1e-12);
    assert.equal(tf.linalg.eigh, tf.self_adjoint_eig);
    assert.equal(tf.linalg.eigvalsh, tf.self_adjoint_eigvals);
  });

  it('has the gradient of SelfAdjointEigV2 (eigenvalues, and eigenvectors up to their sign)', () => {
    checkGradient((x) => tf.self_adjoint_eigvals(x), [{ shape: [3, 3] }], 51);
    checkGradient((x) => { const [e, v] = tf.self_adjoint_eig(x); return tf.concat([e, tf.reshape(tf.square(v), [-1])], 0); }, [{ shape: [3, 3] }], 52, 1e-5);
  });

  it('svd: s descending, u and v (TF\'s order), full_matrices and compute_uv', () => {
    const a = [[1, 2, 3], [4, 5, 6]];
    const [s, u, v] = tf.svd(f64(a)) as tf.Tensor[];
    assert.equal(s.op.type, 'Svd');
    assert.equal(`${s.shape} ${u.shape} ${v.shape}`, '(2,) (2, 2) (3, 2)');
    assertClose(flat(run(s)), [9.508032000695724, 0.7728696356734844], 1e-12);
    const sess = new tf.Session();
    assertClose(flat(sess.run(tf.matmul(u, tf.matmul(tf.matrix_diag(s), v, { adjoint_b: true })))), a.flat(), 1e-12);
    const [sf, uf, vf] = tf.linalg.svd(f64([[1, 2], [3, 4], [5, 6]]), { full_matrices: true }) as tf.Tensor[];
    assert.equal(`${uf.shape} ${vf.shape}`, '(3, 3) (2, 2)');
    const [utu, vtv, sv] = sess.run([tf.matmul(uf, uf, { transpose_a: true }), tf.matmul(vf, vf, { transpose_a: true }), sf]);
    assertClose(flat(utu), [1, 0, 0, 0, 1, 0, 0, 0, 1], 1e-12);
    assertClose(flat(vtv), [1, 0, 0, 1], 1e-12);
    assertClose(flat(sv), [9.525518091565107, 0.5143005806586441], 1e-12);
    // A rank-deficient matrix still gets an orthonormal U.
    const [s0, u0] = tf.svd(f64([[1, 1], [1, 1], [0, 0]])) as tf.Tensor[];
    const [s0v, u0u] = sess.run([s0, tf.matmul(u0, u0, { transpose_a: true })]);
    assertClose(flat(s0v), [2, 0], 1e-12);
    assertClose(flat(u0u), [1, 0, 0, 1], 1e-12);
    sess.close();
    const only = tf.svd(f64(a), { compute_uv: false }) as tf.Tensor;
    assert.equal(only.op.get_attr('compute_uv'), false);
    assertClose(flat(run(only)), [9.508032000695724, 0.7728696356734844], 1e-12);
  });

  it('has the gradient of Svd', () => {
    checkGradient((x) => tf.svd(x, { compute_uv: false }) as tf.Tensor, [{ shape: [3, 2] }], 61);
    for (const [shape, seed] of [[[3, 3], 62], [[4, 2], 63], [[2, 3], 64]] as [number[], number][]) {
      checkGradient((x) => { const [s, u, v] = tf.svd(x) as tf.Tensor[]; return tf.matmul(u, tf.matmul(tf.matrix_diag(s), v, { adjoint_b: true })); }, [{ shape }], seed, 1e-5);
      checkGradient((x) => { const [s, u, v] = tf.svd(x) as tf.Tensor[]; return tf.concat([s, tf.reshape(tf.square(u), [-1]), tf.reshape(tf.square(v), [-1])], 0); }, [{ shape }], seed + 10, 1e-5);
    }
  });

  it('matrix_square_root squares back to its input (matrix_square_root_op_test\'s matrices)', () => {
    const sess = new tf.Session();
    for (const m of [[[2, 1], [1, 2]], [[3, -1], [-1, 3]], [[0, 4], [-1, 5]], [[33, 24], [48, 57]]]) {
      for (const dtype of [tf.float32, tf.float64]) {
        const r = tf.matrix_square_root(tf.constant(m, { dtype }));
        assert.equal(r.op.type, 'MatrixSquareRoot');
        assertClose(flat(sess.run(tf.matmul(r, r))), m.flat(), 1e-4);
      }
    }
    assertClose(flat(sess.run(tf.linalg.sqrtm(f64([[[4, 0], [0, 9]], [[1, 0], [0, 1]]])))), [2, 0, 0, 3, 1, 0, 0, 1], 1e-12);
    sess.close();
    assert.throws(() => tf.matrix_square_root([[1, 2, 3], [4, 5, 6]]), /Dimensions must be equal, but are 2 and 3/);
    assert.throws(() => tf.matrix_square_root([1, 2]), /Shape must be at least rank 2 but is rank 1/);
    checkGradient((x) => tf.matrix_square_root(spdOf(x)), [{ shape: [3, 3] }], 71, 1e-5);
    checkGradient((x) => tf.matrix_square_root(tf.add(x, tf.multiply(3, tf.eye(2, null, { batch_shape: [2], dtype: tf.float64 })))), [{ shape: [2, 2, 2] }], 72, 1e-5);
  });

  it('tf.linalg.lu: packed L and U with the pivot order, input[p] = L U; TF\'s error for a singular matrix', () => {
    const [lu, p] = tf.linalg.lu(f64([[1, 2], [3, 4]]));
    assert.equal(lu.op.type, 'Lu');
    assert.equal(lu.op.name, 'Lu');
    assert.equal(p.dtype, tf.int32);
    assert.equal(p.shape.toString(), '(2,)');
    assertClose(flat(run(lu)), [3, 4, 1 / 3, 2 / 3], 1e-12);
    assert.deepEqual(flat(run(p)), [1, 0]);
    const a = [[[2, 1, 1], [4, -6, 0], [-2, 7, 2]], spd];
    const [lus, ps] = tf.linalg.lu(f64(a), { output_idx_type: tf.int64 });
    assert.equal(ps.dtype, tf.int64);
    const sess = new tf.Session();
    const [factors, perm] = sess.run([lus, ps]);
    for (let b = 0; b < 2; b++) {
      const at = (i: number, j: number) => factors.values[b * 9 + i * 3 + j];
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
        let v = 0;
        for (let k = 0; k <= Math.min(i, j); k++) v += (k === i ? 1 : at(i, k)) * at(k, j);
        assert.ok(Math.abs(v - a[b][perm.values[b * 3 + i]][j]) < 1e-12, `batch ${b} (${i}, ${j})`);
      }
    }
    assert.throws(() => sess.run(tf.linalg.lu(f64([[1, 2], [2, 4]]))[0]), /Input is not invertible\./);
    sess.close();
    assert.throws(() => tf.linalg.lu(f64([[1, 2, 3]])), /Dimensions must be equal, but are 1 and 3/);
  });

  it('tf.linalg.matvec multiplies matrices by vectors (MatVec/...)', () => {
    const y = tf.linalg.matvec(f64([[1, 2], [3, 4]]), tf.constant([1, 1], { dtype: tf.float64 }));
    assert.equal(y.op.name, 'MatVec/Squeeze');
    assertClose(flat(run(tf.linalg.matvec(f64([[1, 2], [3, 4]]), tf.constant([1, 1], { dtype: tf.float64 })))), [3, 7], 1e-12);
    assertClose(flat(run(tf.linalg.matvec(f64([[1, 2], [3, 4]]), tf.constant([1, 1], { dtype: tf.float64 }), { transpose_a: true }))), [4, 6], 1e-12);
    assert.equal(tf.linalg.matvec(tf.zeros([5, 2, 3]), tf.zeros([5, 3])).shape.toString(), '(5, 2)');
  });

  it('cross: the cross product of 3-vectors along the last dimension (Cross), with its gradient', () => {
    const c = tf.cross(f64([[1, 0, 0], [1, 2, 3]]), f64([[0, 1, 0], [4, 5, 6]]));
    assert.equal(c.op.type, 'Cross');
    assert.equal(c.op.name, 'Cross');
    assert.deepEqual(flat(run(c)), [0, 0, 1, -3, 6, -3]);
    assert.equal(tf.linalg.cross, tf.cross);
    assert.throws(() => tf.cross([1, 2], [3, 4]), /Dimension must be 3 but is 2/);
    assert.throws(() => tf.cross([[1, 2, 3]], [1, 2, 3]), /Shapes must be equal rank, but are 2 and 1/);
    const p = tf.placeholder(tf.float64, [null]);
    assert.throws(() => run(tf.cross(p, p), new Map([[p, new tf.NDArray(tf.float64, [2], Float64Array.from([1, 2]))]])),
      (e: Error) => e instanceof tf.errors.FailedPreconditionError && /Cross-products are only defined for 3-element vectors\./.test(e.message));
    checkGradient((a, b) => tf.cross(a, b), [{ shape: [2, 3] }, { shape: [2, 3] }], 111);
  });

  it('tf.linalg.adjoint transposes the innermost matrices', () => {
    const t = tf.linalg.adjoint(tf.zeros([2, 3, 4]));
    assert.equal(t.shape.toString(), '(2, 4, 3)');
    assert.equal(t.op.name, 'adjoint/matrix_transpose/transpose');
  });
});
