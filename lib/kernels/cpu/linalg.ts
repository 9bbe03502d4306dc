/**
 * Reference CPU kernels for the diagonal ops: Diag, DiagPart, MatrixDiag, MatrixDiagPart, MatrixSetDiag, MatrixBandPart.
 */
import { InvalidArgumentError } from '../../framework/errors';
import { shapeString } from '../../framework/tensor_shape';
import { NDArray } from '../../framework/ndarray';
import { registerKernel } from '../registry';
import { copyElements } from './indexing';

const invalid = (message: string) => new InvalidArgumentError(null, null, message);

registerKernel('Diag', 'CPU', (ctx) => {
  const x = ctx.input(0), n = x.size;
  if (x.ndim < 1) throw invalid(`Input must be at least rank 1, got 0`);
  const out = new NDArray(x.dtype, [...x.shape, ...x.shape]);
  for (let i = 0; i < n; i++) copyElements(out, i * n + i, x, i, 1);
  return [out];
});

registerKernel('DiagPart', 'CPU', (ctx) => {
  const x = ctx.input(0), k = x.ndim / 2;
  if (x.ndim === 0 || x.ndim % 2 !== 0) throw invalid(`The rank of the tensor should be even and positive, got shape ${shapeString(x.shape)}`);
  for (let i = 0; i < k; i++) {
    if (x.shape[i] !== x.shape[i + k]) throw invalid(`Invalid shape ${shapeString(x.shape)}: dimensions ${i} and ${i + k} do not match.`);
  }
  const shape = x.shape.slice(0, k), n = shape.reduce((a, b) => a * b, 1);
  const out = new NDArray(x.dtype, shape);
  for (let i = 0; i < n; i++) copyElements(out, i, x, i * n + i, 1);
  return [out];
});

/** Batches of innermost m×n matrices and their diagonals of length min(m, n). */
function matrixGeometry(shape: readonly number[]) {
  const m = shape[shape.length - 2], n = shape[shape.length - 1];
  const batch = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return { m, n, batch, len: Math.min(m, n) };
}

registerKernel('MatrixDiag', 'CPU', (ctx) => {
  const d = ctx.input(0);
  if (d.ndim < 1) throw invalid(`input must be at least 1-dim, received shape: ${shapeString(d.shape)}`);
  const n = d.shape[d.ndim - 1], batch = d.size / Math.max(n, 1);
  const out = new NDArray(d.dtype, [...d.shape, n]);
  for (let b = 0; b < (n ? batch : 0); b++) for (let i = 0; i < n; i++) copyElements(out, b * n * n + i * n + i, d, b * n + i, 1);
  return [out];
});

registerKernel('MatrixDiagPart', 'CPU', (ctx) => {
  const x = ctx.input(0);
  if (x.ndim < 2) throw invalid(`input must be at least 2-dim, received shape: ${shapeString(x.shape)}`);
  const { m, n, batch, len } = matrixGeometry(x.shape);
  const out = new NDArray(x.dtype, [...x.shape.slice(0, -2), len]);
  for (let b = 0; b < batch; b++) for (let i = 0; i < len; i++) copyElements(out, b * len + i, x, b * m * n + i * n + i, 1);
  return [out];
});

registerKernel('MatrixSetDiag', 'CPU', (ctx) => {
  const x = ctx.input(0), d = ctx.input(1);
  if (x.ndim < 2) throw invalid(`input must be at least a matrix, received shape: ${shapeString(x.shape)}`);
  const { m, n, batch, len } = matrixGeometry(x.shape);
  const expected = [...x.shape.slice(0, -2), len];
  if (shapeString(expected) !== shapeString(d.shape)) {
    throw invalid(`must have diagonal.shape == input.shape[:-2] + [min(input.shape[-2:])], but received input shape: ${shapeString(x.shape)} and diagonal shape: ${shapeString(d.shape)}`);
  }
  const out = new NDArray(x.dtype, x.shape);
  copyElements(out, 0, x, 0, x.size);
  for (let b = 0; b < batch; b++) for (let i = 0; i < len; i++) copyElements(out, b * m * n + i * n + i, d, b * len + i, 1);
  return [out];
});

registerKernel('MatrixBandPart', 'CPU', (ctx) => {
  const x = ctx.input(0), lowerT = ctx.input(1), upperT = ctx.input(2);
  if (x.ndim < 2) throw invalid(`input must be at least 2-dim, received shape: ${shapeString(x.shape)}`);
  if (lowerT.ndim !== 0) throw invalid(`num_lower must be scalar, got shape ${shapeString(lowerT.shape)}`);
  if (upperT.ndim !== 0) throw invalid(`num_upper must be scalar, got shape ${shapeString(upperT.shape)}`);
  const { m, n, batch } = matrixGeometry(x.shape);
  const lower = Number(lowerT.values[0]), upper = Number(upperT.values[0]);
  if (lower > m) throw invalid(`num_lower must be negative or less or equal to number of rows (${m}) got: ${lower}`);
  if (upper > n) throw invalid(`num_upper must be negative or less or equal to number of columns (${n}) got: ${upper}`);
  // Zeros everywhere, then the band copied row by row.
  const out = new NDArray(x.dtype, x.shape);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < m; i++) {
      const first = lower < 0 ? 0 : Math.max(0, i - lower);
      const last = upper < 0 ? n : Math.min(n, i + upper + 1);
      if (last > first) copyElements(out, b * m * n + i * n + first, x, b * m * n + i * n + first, last - first);
    }
  }
  return [out];
});
