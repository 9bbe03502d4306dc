/**
 * The `tf.linalg` namespace: TF 1.15's aliases of the linear-algebra functions. Re-exports only.
 */
export {
  eye, diag_part as tensor_diag_part, diag as tensor_diag, matrix_diag as diag, matrix_diag_part as diag_part,
  matrix_set_diag as set_diag, matrix_transpose as transpose, norm, tensordot, einsum, trace, matrix_band_part as band_part,
  adjoint, cholesky, cholesky_solve, matrix_determinant as det, log_matrix_determinant as slogdet, logdet, matrix_inverse as inv,
  matrix_solve as solve, matrix_solve_ls as lstsq, matrix_triangular_solve as triangular_solve, matrix_square_root as sqrtm,
  qr, svd, self_adjoint_eig as eigh, self_adjoint_eigvals as eigvalsh, lu, matvec, cross,
} from './ops/linalg_ops';
export { matmul } from './ops/math_ops';
