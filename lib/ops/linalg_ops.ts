/**
 * Linear-algebra ops and builders (TF's linalg_ops, the diag ops of array_ops, math_ops.tensordot,
 * special_math_ops.einsum and linalg_ops.norm): Diag, DiagPart, MatrixDiag, MatrixDiagPart and
 * MatrixSetDiag declared here, the rest composed from existing ops.
 */
import { DTypeLike, TensorLike, checkDtype, convertSameType, convert_to_tensor, makeOp, opScope, typeAttr } from './op_builder';
import { Operation, Tensor, registerOp } from '../framework/graph';
import { NotImplementedError, TFTypeError, ValueError } from '../framework/errors';
import { Dim, ShapeLike, normalizeAxis } from '../framework/tensor_shape';
import { DType, as_dtype, complex128, complex64, float16, float32, float64, int32, int64 } from '../framework/dtypes';
import { dtypeFromAttr, dtypeOfInput } from './schema_util';
import { checkRank, mergeShapes, shapeError } from './shape_fns';
import { expand_dims, getitem, ones, ones_like, reshape, shape as shapeOf, squeeze, transpose, zeros } from './array_ops';
import { cond } from './control_flow_ops';
import { abs, add, greater_equal, log, matmul, multiply, pow, reduce_max, reduce_sum, sqrt } from './math_ops';
import { cast } from './gen_math_ops';
import { pythonFunction } from '../framework/python_signature';

type NameOption = { name?: string };

registerOp({
  type: 'Diag',
  outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => {
    const d = op.inputs[0].shape.dims;
    if (d === null) return [null];
    if (d.length < 1) throw shapeError(op, `Shape must be at least rank 1 but is rank ${d.length}`);
    return [[...d, ...d]];
  },
});

registerOp({
  type: 'DiagPart',
  outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => {
    const d = op.inputs[0].shape.dims;
    if (d === null) return [null];
    if (d.length === 0 || d.length % 2 !== 0) throw shapeError(op, `Input must have even and non-zero rank, input rank is ${d.length}`);
    const k = d.length / 2;
    for (let i = 0; i < k; i++) {
      if (d[i] !== null && d[i + k] !== null && d[i] !== d[i + k]) throw shapeError(op, `Dimensions must be equal, but are ${d[i]} and ${d[i + k]}`);
    }
    return [d.slice(0, k).map((x, i) => x ?? d[i + k])];
  },
});

registerOp({
  type: 'MatrixDiag',
  outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => {
    const d = op.inputs[0].shape.dims;
    if (d === null) return [null];
    if (d.length < 1) throw shapeError(op, `Shape must be at least rank 1 but is rank ${d.length}`);
    return [[...d, d[d.length - 1]]];
  },
});

const diagLength = (m: Dim, n: Dim): Dim => (m !== null && n !== null ? Math.min(m, n) : null);

registerOp({
  type: 'MatrixDiagPart',
  outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => {
    const d = op.inputs[0].shape.dims;
    if (d === null) return [null];
    if (d.length < 2) throw shapeError(op, `Shape must be at least rank 2 but is rank ${d.length}`);
    return [[...d.slice(0, -2), diagLength(d[d.length - 2], d[d.length - 1])]];
  },
});

registerOp({
  type: 'MatrixSetDiag',
  outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => {
    const [input, diagonal] = op.inputs;
    const d = input.shape.dims;
    if (d !== null && d.length < 2) throw shapeError(op, `Shape must be at least rank 2 but is rank ${d.length}`);
    if (d !== null && diagonal.shape.dims !== null) {
      checkRank(op, diagonal, d.length - 1);
      const expected = [...d.slice(0, -2), diagLength(d[d.length - 2], d[d.length - 1])];
      diagonal.shape.dims.forEach((x, i) => {
        if (x !== null && expected[i] !== null && x !== expected[i]) throw shapeError(op, `Dimensions must be equal, but are ${expected[i]} and ${x}`);
      });
    }
    return [input.shape];
  },
});

function unaryOp(type: 'Diag' | 'DiagPart' | 'MatrixDiag' | 'MatrixDiagPart', x: TensorLike, argName: string, name?: string): Tensor {
  return opScope(name, type, [x], (scope) => {
    const t = convert_to_tensor(x, { name: argName });
    return makeOp(type, [t], { T: typeAttr(t) }, scope).outputs[0];
  });
}

/** A tensor with `diagonal` on its diagonal (rank 2k for a rank-k input; Diag). @example tf.diag([1, 2]) // [[1, 0], [0, 2]] */
export const diag = pythonFunction('diag', ['diagonal', 'name=None'], 1, function diag(diagonal: TensorLike, options: NameOption = {}): Tensor { return unaryOp('Diag', diagonal, 'diagonal', options.name); });
/** The diagonal of a rank-2k tensor (DiagPart), the inverse of diag. */
export const diag_part = pythonFunction('diag_part', ['input', 'name=None'], 1, function diag_part(input: TensorLike, options: NameOption = {}): Tensor { return unaryOp('DiagPart', input, 'input', options.name); });
/** Batched diagonal matrices from the last axis of `diagonal` (MatrixDiag). */
export const matrix_diag = pythonFunction('matrix_diag', ['diagonal', 'name=None'], 1, function matrix_diag(diagonal: TensorLike, options: NameOption = {}): Tensor { return unaryOp('MatrixDiag', diagonal, 'diagonal', options.name); });
/** The main diagonal of each innermost matrix (MatrixDiagPart). */
export const matrix_diag_part = pythonFunction('matrix_diag_part', ['input', 'name=None'], 1, function matrix_diag_part(input: TensorLike, options: NameOption = {}): Tensor { return unaryOp('MatrixDiagPart', input, 'input', options.name); });
/** `input` with the main diagonal of each innermost matrix replaced by `diagonal` (MatrixSetDiag). */
export const matrix_set_diag = pythonFunction('matrix_set_diag', ['input', 'diagonal', 'name=None'], 2, function matrix_set_diag(input: TensorLike, diagonal: TensorLike, options: NameOption = {}): Tensor {
  return opScope(options.name, 'MatrixSetDiag', [input, diagonal], (scope) => {
    const t = convert_to_tensor(input, { name: 'input' });
    const d = convert_to_tensor(diagonal, { dtype: t.dtype.base_dtype, name: 'diagonal' });
    return makeOp('MatrixSetDiag', [t, d], { T: typeAttr(t) }, scope).outputs[0];
  });
});

/**
 * An identity matrix `num_rows` × `num_columns` (default square), optionally batched; built as TF
 * builds it: ones on the diagonal through MatrixDiag, or MatrixSetDiag on zeros when not square.
 * @example tf.eye(2) // [[1, 0], [0, 1]]; tf.eye(2, 3, {dtype: tf.int32})
 */
export const eye = pythonFunction('eye', ['num_rows', 'num_columns=None', 'batch_shape=None', 'dtype=tf.float32', 'name=None'], 2, function eye(num_rows: number, num_columns?: number | null, options: NameOption & { batch_shape?: readonly number[] | null; dtype?: DTypeLike } = {}): Tensor {
  const cols = num_columns ?? num_rows;
  for (const [what, n] of [['num_rows', num_rows], ['num_columns', cols]] as const) {
    if (!Number.isInteger(n) || n < 0) throw new ValueError(`${what} must be a non-negative integer, got ${n}`);
  }
  const dtype = as_dtype(options.dtype ?? float32);
  const batch = [...(options.batch_shape ?? [])];
  return opScope(options.name, 'eye', [], () => {
    const diagOnes = ones([...batch, Math.min(num_rows, cols)], dtype);
    if (num_rows === cols) return matrix_diag(diagOnes);
    return matrix_set_diag(zeros([...batch, num_rows, cols], dtype), diagOnes);
  });
});

/**
 * Swaps the last two dimensions (`matrix_transpose/transpose`).
 * @example tf.matrix_transpose(tf.zeros([1, 2, 3])).shape // (1, 3, 2)
 */
export const matrix_transpose = pythonFunction('matrix_transpose', ['a', "name='matrix_transpose'", 'conjugate=False'], 1, function matrix_transpose(a: TensorLike, options: NameOption & { conjugate?: boolean } = {}): Tensor {
  return opScope(options.name ?? 'matrix_transpose', 'matrix_transpose', [a], () => {
    const t = convert_to_tensor(a, { name: 'a' });
    const r = t.shape.ndims;
    if (r === null) throw new ValueError(`matrix_transpose needs a known rank, got ${t}`);
    if (r < 2) throw new ValueError(`Argument 'a' should be a (batch) matrix, with rank >= 2.  Found: ${t.shape}`);
    return transpose(t, [...Array.from({ length: r - 2 }, (_, i) => i), r - 1, r - 2], { conjugate: options.conjugate });
  });
});

/** The static dims of a tensor an op here needs fully known. */
function knownDims(t: Tensor, what: string): number[] {
  if (!t.shape.is_fully_defined()) throw new ValueError(`${what} needs a fully known shape, got ${t.shape} for ${t.name}`);
  return t.shape.toNumbers();
}

const product = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);

/**
 * Sums products over `axes` of `a` and `b`: an integer n contracts the last n axes of `a` with the first
 * n of `b`; a pair of lists names the axes (`[[1], [0]]` is matmul). Output `Tensordot`.
 * @example tf.tensordot(a, b, 1); tf.tensordot(a, b, [[1, 2], [0, 1]])
 */
export const tensordot = pythonFunction('tensordot', ['a', 'b', 'axes', 'name=None'], 3, function tensordot(a: TensorLike, b: TensorLike, axes: number | readonly [readonly number[] | number, readonly number[] | number], options: NameOption = {}): Tensor {
  return opScope(options.name, 'Tensordot', [a, b], (scope) => {
    const x = convert_to_tensor(a, { name: 'a' });
    const y = convert_to_tensor(b, { name: 'b', dtype: x.dtype.base_dtype });
    const xd = knownDims(x, 'tensordot'), yd = knownDims(y, 'tensordot');
    let ax: number[], bx: number[];
    if (typeof axes === 'number') {
      if (!Number.isInteger(axes) || axes < 0) throw new ValueError(`'axes' must be at least 0, got ${axes}.`);
      if (axes > xd.length) throw new ValueError(`'axes' must not be larger than the number of dimensions of tensor ${x}.`);
      ax = Array.from({ length: axes }, (_, i) => xd.length - axes + i);
      bx = Array.from({ length: axes }, (_, i) => i);
    } else {
      if (!Array.isArray(axes) || axes.length !== 2) throw new ValueError(`'axes' must be an integer or have length 2, got ${JSON.stringify(axes)}`);
      ax = (typeof axes[0] === 'number' ? [axes[0]] : [...axes[0]]).map((i) => normalizeAxis(i, xd.length, () => new ValueError(`axis ${i} out of range for ${x}`)));
      bx = (typeof axes[1] === 'number' ? [axes[1]] : [...axes[1]]).map((i) => normalizeAxis(i, yd.length, () => new ValueError(`axis ${i} out of range for ${y}`)));
      if (ax.length !== bx.length) throw new ValueError(`Different number of contraction axes 'a' and 'b', ${ax.length} != ${bx.length}.`);
    }
    ax.forEach((i, k) => {
      if (xd[i] !== yd[bx[k]]) throw new ValueError(`Dimensions must be equal, but are ${xd[i]} and ${yd[bx[k]]} for tensordot axes ${ax} and ${bx}`);
    });
    const xFree = xd.map((_, i) => i).filter((i) => !ax.includes(i));
    const yFree = yd.map((_, i) => i).filter((i) => !bx.includes(i));
    const contracted = product(ax.map((i) => xd[i]));
    const xm = reshape(transpose(x, [...xFree, ...ax]), [product(xFree.map((i) => xd[i])), contracted]);
    const ym = reshape(transpose(y, [...bx, ...yFree]), [contracted, product(yFree.map((i) => yd[i]))]);
    return reshape(matmul(xm, ym), [...xFree.map((i) => xd[i]), ...yFree.map((i) => yd[i])], { name: scope });
  });
});

/** One einsum operand: its tensor and the letter of each of its axes. */
interface Labelled { t: Tensor; labels: string[] }

/** Sums the axes of `x` whose letters `keep` does not list, then transposes to `order` (a subset of keep). */
function reduceTo(x: Labelled, keep: ReadonlySet<string>): Labelled {
  const drop = x.labels.map((l, i) => (keep.has(l) ? -1 : i)).filter((i) => i >= 0);
  if (!drop.length) return x;
  return { t: reduce_sum(x.t, drop), labels: x.labels.filter((l) => keep.has(l)) };
}

function permuted(x: Labelled, order: readonly string[]): Tensor {
  const perm = order.map((l) => x.labels.indexOf(l));
  return perm.every((p, i) => p === i) ? x.t : transpose(x.t, perm);
}

/** The product of two labelled operands, keeping the letters `keep` lists: batch letters lead. */
function contractPair(a: Labelled, b: Labelled, keep: ReadonlySet<string>): Labelled {
  a = reduceTo(a, new Set([...keep, ...b.labels]));
  b = reduceTo(b, new Set([...keep, ...a.labels]));
  const dimOf = new Map<string, number>();
  for (const x of [a, b]) x.labels.forEach((l, i) => dimOf.set(l, x.t.shape.dims![i] as number));
  const batch = a.labels.filter((l) => b.labels.includes(l) && keep.has(l));
  const contract = a.labels.filter((l) => b.labels.includes(l) && !keep.has(l));
  const aFree = a.labels.filter((l) => !b.labels.includes(l));
  const bFree = b.labels.filter((l) => !a.labels.includes(l));
  const size = (ls: readonly string[]) => product(ls.map((l) => dimOf.get(l)!));
  const batchDims = batch.map((l) => dimOf.get(l)!);
  const am = reshape(permuted(a, [...batch, ...aFree, ...contract]), [...batchDims, size(aFree), size(contract)]);
  const bm = reshape(permuted(b, [...batch, ...contract, ...bFree]), [...batchDims, size(contract), size(bFree)]);
  const labels = [...batch, ...aFree, ...bFree];
  return { t: reshape(matmul(am, bm), labels.map((l) => dimOf.get(l)!)), labels };
}

/**
 * Einstein summation over the letters of `equation` (`'ij,jk->ik'`, `'bij,bjk->bik'`, `'ij->ji'`,
 * `'ii->i'`, `'ij->'`, `'i,i->'`, `'i,j->ij'` ...): operands are contracted pairwise with MatMul (as TF
 * 1.15's einsum does), letters not in the output are summed. Shapes must be fully known; a letter
 * repeated in one operand is supported as a diagonal (`ii`), ellipses are not.
 * @example tf.einsum('ij,jk->ik', a, b)
 */
export const einsum = pythonFunction('einsum', ['equation', '*inputs', 'name=None'], 2, function einsum(equation: string, operands: readonly TensorLike[], options: NameOption = {}): Tensor {
  const eq = equation.replace(/\s/g, '');
  if (eq.includes('.')) throw new ValueError(`einsum: ellipses ('...') are not supported here, got ${JSON.stringify(equation)}`);
  const [lhs, given] = eq.split('->');
  const terms = lhs.split(',');
  if (terms.length !== operands.length) throw new ValueError(`Invalid einsum equation '${equation}': ${terms.length} inputs in the equation, ${operands.length} given`);
  const letters = terms.join('');
  if (!/^[a-zA-Z]*$/.test(letters) || (given !== undefined && !/^[a-zA-Z]*$/.test(given))) throw new ValueError(`Invalid einsum equation '${equation}': subscripts must be letters`);
  const output = given ?? [...new Set(letters)].filter((l) => letters.split(l).length === 2).sort().join('');
  for (const l of output) if (!letters.includes(l)) throw new ValueError(`Output subscript '${l}' of einsum equation '${equation}' does not appear in the inputs`);
  return opScope(options.name, 'einsum', operands, () => {
    const dims = new Map<string, number>();
    let labelled: Labelled[] = operands.map((v, k) => {
      let t = convert_to_tensor(v);
      const d = knownDims(t, 'einsum');
      let labels = terms[k].split('');
      if (labels.length !== d.length) throw new ValueError(`einsum: input ${k} has rank ${d.length}, the equation gives it ${labels.length} subscripts ('${terms[k]}')`);
      labels.forEach((l, i) => {
        if (dims.has(l) && dims.get(l) !== d[i]) throw new ValueError(`einsum: dimension ${l} is ${dims.get(l)} in one input and ${d[i]} in another`);
        dims.set(l, d[i]);
      });
      // A letter twice in one operand ('ii'): take the diagonal.
      const repeated = labels.find((l, i) => labels.indexOf(l) !== i);
      if (repeated !== undefined) {
        if (labels.length !== 2) throw new ValueError(`einsum: a repeated subscript is supported for a matrix ('ii'), got '${terms[k]}'`);
        t = matrix_diag_part(t);
        labels = [repeated];
      }
      return { t, labels };
    });
    const outSet = new Set(output);
    while (labelled.length > 1) {
      const [a, b, ...rest] = labelled;
      const later = new Set(rest.flatMap((x) => x.labels));
      labelled = [contractPair(a, b, new Set([...outSet, ...later])), ...rest];
    }
    const result = reduceTo(labelled[0], outSet);
    return permuted(result, [...output]);
  });
}) as (equation: string, ...inputs: (TensorLike | NameOption)[]) => Tensor;

type NormOrd = 'euclidean' | 'fro' | number;

/**
 * The vector norm of `tensor` (all of it, or along `axis`), or the matrix norm over a pair of axes:
 * `ord` 'euclidean'/'fro' (default), 1, Infinity or any p > 0 for vectors; 'fro', 1 or Infinity for
 * matrices, as TF's linalg.norm builds them (`norm/...`, squeezed unless `keepdims`).
 * @example tf.norm([3.0, 4.0]) // 5
 */
export const norm = pythonFunction('norm', ['tensor', "ord='euclidean'", 'axis=None', 'keepdims=None', 'name=None', 'keep_dims=None'], 1, function norm(tensor: TensorLike, options: NameOption & { ord?: NormOrd; axis?: number | readonly number[] | null; keepdims?: boolean | null; keep_dims?: boolean | null } = {}): Tensor {
  const ord = options.ord ?? 'euclidean';
  const axis = options.axis ?? null;
  const keepdims = options.keepdims ?? options.keep_dims ?? false;
  const isMatrixNorm = Array.isArray(axis) && axis.length === 2;
  if (Array.isArray(axis) && (axis.length > 2 || (axis.length === 2 && axis[0] === axis[1]) || axis.length === 0)) {
    throw new ValueError(`'axis' must be None, an integer, or a tuple of 2 unique integers, got ${JSON.stringify(axis)}`);
  }
  const axes: number[] | null = axis === null ? null : typeof axis === 'number' ? [axis] : [...(axis as number[])];
  if (isMatrixNorm) {
    if (!['euclidean', 'fro', 1, Infinity].includes(ord)) throw new ValueError(`'ord' must be a supported matrix norm in ['euclidean', 'fro', 1, inf], got ${ord}`);
  } else if (!(ord === 'euclidean' || ord === 'fro' || (typeof ord === 'number' && ord > 0))) {
    throw new ValueError(`'ord' must be a supported vector norm, got ${ord}`);
  }
  return opScope(options.name, 'norm', [tensor], () => {
    const t = convert_to_tensor(tensor);
    let result: Tensor;
    if (ord === 'euclidean' || ord === 'fro' || (ord === 2 && !isMatrixNorm)) {
      result = sqrt(reduce_sum(multiply(t, t, { name: 'mul' }), axes, { keepdims: true }));
    } else {
      result = abs(t);
      if (ord === 1) {
        result = reduce_sum(result, axes === null ? null : axes[0], { keepdims: true });
        if (isMatrixNorm) result = reduce_max(result, axes![1], { keepdims: true });
      } else if (ord === Infinity) {
        if (isMatrixNorm) result = reduce_sum(result, axes![1], { keepdims: true });
        result = reduce_max(result, axes === null ? null : axes[0], { keepdims: true });
      } else {
        result = pow(reduce_sum(pow(result, ord as number), axes, { keepdims: true }), 1 / (ord as number));
      }
    }
    return keepdims ? result : squeeze(result, axes);
  });
});

/**
 * The sum of the main diagonal of each innermost matrix: `reduce_sum(matrix_diag_part(x), [-1])`, the Sum
 * named `name` (TF's math_ops.trace), so its gradient is MatrixDiagPart's.
 * @example tf.trace([[1, 2], [3, 4]]) // 5
 */
export const trace = pythonFunction('trace', ['x', 'name=None'], 1, function trace(x: TensorLike, options: { name?: string } = {}): Tensor {
  return opScope(options.name, 'Trace', [x], (scope) => reduce_sum(matrix_diag_part(convert_to_tensor(x, { name: 'x' })), [-1], { name: scope }));
});

registerOp({
  type: 'MatrixBandPart',
  outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => {
    const [input, numLower, numUpper] = op.inputs;
    const d = input.shape.dims;
    if (d !== null && d.length < 2) throw shapeError(op, `Shape must be at least rank 2 but is rank ${d.length}`);
    checkRank(op, numLower, 0);
    checkRank(op, numUpper, 0);
    return [input.shape];
  },
});

/**
 * Each innermost matrix with everything outside a band zeroed: (i, j) is kept when `i - j <= num_lower`
 * and `j - i <= num_upper`, a negative bound keeping that whole triangle (MatrixBandPart; Python integers
 * become int64, TF's default Tindex).
 * @example tf.matrix_band_part(x, -1, 0) // the lower triangle
 */
export const matrix_band_part = pythonFunction('matrix_band_part', ['input', 'num_lower', 'num_upper', 'name=None'], 3, function matrix_band_part(input: TensorLike, num_lower: TensorLike, num_upper: TensorLike, options: NameOption = {}): Tensor {
  return opScope(options.name, 'MatrixBandPart', [input, num_lower, num_upper], (scope) => {
    const t = convert_to_tensor(input, { name: 'input' });
    const lower = convert_to_tensor(num_lower, { name: 'num_lower', preferred_dtype: int64 });
    const upper = convert_to_tensor(num_upper, { name: 'num_upper', dtype: lower.dtype.base_dtype });
    checkDtype('MatrixBandPart', 'Tindex', lower, [int32, int64]);
    return makeOp('MatrixBandPart', [t, lower, upper], { T: typeAttr(t), Tindex: typeAttr(lower) }, scope).outputs[0];
  });
});

// ---- dense linear algebra (TF's gen_linalg_ops and linalg_ops) -----------------------------------------

/** The dtypes TF 1.15 registers these ops for. */
const LINALG_DTYPES = [float64, float32, float16, complex64, complex128];

/** The dims of a batch of matrices (rank >= 2), or null when the rank is unknown. */
function matrixDims(op: Operation, t: Tensor): readonly Dim[] | null {
  const d = t.shape.dims;
  if (d !== null && d.length < 2) throw shapeError(op, `Shape must be at least rank 2 but is rank ${d.length}`);
  return d;
}

/** TF's MakeBatchSquareMatrix: rank >= 2 and the last two dims merged. */
function squareDims(op: Operation, t: Tensor): Dim[] | null {
  const d = matrixDims(op, t);
  if (d === null) return null;
  const [r, c] = d.slice(-2);
  if (r !== null && c !== null && r !== c) throw shapeError(op, `Dimensions must be equal, but are ${r} and ${c}`);
  const k = r ?? c;
  return [...d.slice(0, -2), k, k];
}

const mergeDim = (op: Operation, a: Dim, b: Dim): Dim => {
  if (a !== null && b !== null && a !== b) throw shapeError(op, `Dimensions must be equal, but are ${a} and ${b}`);
  return a ?? b;
};

for (const type of ['Cholesky', 'MatrixInverse', 'MatrixSquareRoot'] as const) {
  registerOp({ type, outputDtypes: dtypeOfInput(0), inferShapes: (op) => [squareDims(op, op.inputs[0])] });
}

registerOp({
  type: 'Lu',
  outputDtypes: (inputs, attrs) => [inputs[0].dtype.base_dtype, dtypeFromAttr('output_idx_type')(inputs, attrs)[0]],
  inferShapes: (op) => { const d = squareDims(op, op.inputs[0]); return [d, d && d.slice(0, -1)]; },
});

registerOp({
  type: 'MatrixDeterminant',
  outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => { const d = squareDims(op, op.inputs[0]); return [d && d.slice(0, -2)]; },
});

registerOp({
  type: 'LogMatrixDeterminant',
  outputDtypes: dtypeOfInput(0, 2),
  inferShapes: (op) => { const d = squareDims(op, op.inputs[0]); return [d && d.slice(0, -2), d && d.slice(0, -2)]; },
});

/** TF's MatrixSolveShapeFn: square matrix, rhs of rank >= 2, equal batch dims and row counts. */
function solveShape(op: Operation): ShapeLike[] {
  const [matrix, rhs] = op.inputs;
  const a = squareDims(op, matrix), b = matrixDims(op, rhs);
  if (a === null || b === null) return [null];
  if (a.length !== b.length) throw shapeError(op, `Shapes must be equal rank, but are ${a.length - 2} and ${b.length - 2}`);
  const batch = a.slice(0, -2).map((x, i) => mergeDim(op, x, b[i]));
  const m = mergeDim(op, a[a.length - 1], b[b.length - 2]);
  return [[...batch, m, b[b.length - 1]]];
}

registerOp({ type: 'MatrixSolve', outputDtypes: dtypeOfInput(0), inferShapes: solveShape });
registerOp({ type: 'MatrixTriangularSolve', outputDtypes: dtypeOfInput(0), inferShapes: solveShape });

registerOp({
  type: 'Qr',
  outputDtypes: dtypeOfInput(0, 2),
  inferShapes: (op) => {
    const d = matrixDims(op, op.inputs[0]);
    if (d === null) return [null, null];
    const [m, n] = d.slice(-2), batch = d.slice(0, -2);
    const p = m !== null && n !== null ? Math.min(m, n) : null;
    return op.get_attr('full_matrices') ? [[...batch, m, m], [...batch, m, n]] : [[...batch, m, p], [...batch, p, n]];
  },
});

registerOp({
  type: 'SelfAdjointEigV2',
  outputDtypes: dtypeOfInput(0, 2),
  inferShapes: (op) => {
    const d = squareDims(op, op.inputs[0]);
    return [d && d.slice(0, -1), op.get_attr('compute_v') ? d : [0]];
  },
});

registerOp({
  type: 'Svd',
  outputDtypes: dtypeOfInput(0, 3),
  inferShapes: (op) => {
    const d = matrixDims(op, op.inputs[0]);
    const computeUV = op.get_attr('compute_uv') === true, full = op.get_attr('full_matrices') === true;
    if (d === null) return [null, computeUV ? null : [0], computeUV ? null : [0]];
    const [m, n] = d.slice(-2), batch = d.slice(0, -2);
    const p = m !== null && n !== null ? Math.min(m, n) : null;
    if (!computeUV) return [[...batch, p], [0], [0]];
    return [[...batch, p], [...batch, m, full ? m : p], [...batch, n, full ? n : p]];
  },
});

/** A matrix input of a linalg op, in one of TF's dtypes for it. */
function linalgInput(opType: string, x: TensorLike, argName: string, dtype?: DType): Tensor {
  const t = convert_to_tensor(x, { name: argName, dtype: dtype ?? null });
  checkDtype(opType, argName, t, LINALG_DTYPES);
  return t;
}

/**
 * The lower Cholesky factor L (A = L Lᴴ) of each innermost symmetric positive-definite matrix; only the
 * lower triangle is read (Cholesky).
 * @example tf.cholesky([[4., 2.], [2., 5.]]) // [[2, 0], [1, 2]]
 */
export const cholesky = pythonFunction('cholesky', ['input', 'name=None'], 1, function cholesky(input: TensorLike, options: NameOption = {}): Tensor {
  return opScope(options.name, 'Cholesky', [input], (scope) => {
    const t = linalgInput('Cholesky', input, 'input');
    return makeOp('Cholesky', [t], { T: typeAttr(t) }, scope).outputs[0];
  });
});

/** The determinant of each innermost square matrix (MatrixDeterminant). @example tf.matrix_determinant([[1., 2.], [3., 4.]]) // -2 */
export const matrix_determinant = pythonFunction('matrix_determinant', ['input', 'name=None'], 1, function matrix_determinant(input: TensorLike, options: NameOption = {}): Tensor {
  return opScope(options.name, 'MatrixDeterminant', [input], (scope) => {
    const t = linalgInput('MatrixDeterminant', input, 'input');
    return makeOp('MatrixDeterminant', [t], { T: typeAttr(t) }, scope).outputs[0];
  });
});

/** The sign and the log of the absolute determinant of each innermost square matrix (LogMatrixDeterminant, tf.linalg.slogdet). */
export const log_matrix_determinant = pythonFunction('log_matrix_determinant', ['input', 'name=None'], 1, function log_matrix_determinant(input: TensorLike, options: NameOption = {}): [Tensor, Tensor] {
  return opScope(options.name, 'LogMatrixDeterminant', [input], (scope) => {
    const t = linalgInput('LogMatrixDeterminant', input, 'input');
    const [sign, logAbs] = makeOp('LogMatrixDeterminant', [t], { T: typeAttr(t) }, scope).outputs;
    return [sign, logAbs];
  });
});

/**
 * The inverse of each innermost square matrix, or of its adjoint (MatrixInverse); a singular one is TF's
 * InvalidArgumentError "Input is not invertible." when run.
 */
export const matrix_inverse = pythonFunction('matrix_inverse', ['input', 'adjoint=False', 'name=None'], 1, function matrix_inverse(input: TensorLike, options: NameOption & { adjoint?: boolean } = {}): Tensor {
  return opScope(options.name, 'MatrixInverse', [input], (scope) => {
    const t = linalgInput('MatrixInverse', input, 'input');
    return makeOp('MatrixInverse', [t], { T: typeAttr(t), adjoint: { b: options.adjoint === true } }, scope).outputs[0];
  });
});

/**
 * The LU decomposition with partial pivoting of each innermost square matrix (Lu): `lu` packs L (unit
 * diagonal, below it) and U, and `p` lists the input's rows in their pivoted order, so input[p] = L U.
 */
export const lu = pythonFunction('lu', ['input', 'output_idx_type=tf.int32', 'name=None'], 1, function lu(input: TensorLike, options: NameOption & { output_idx_type?: DTypeLike } = {}): [Tensor, Tensor] {
  const idx = as_dtype(options.output_idx_type ?? int32).base_dtype;
  if (idx !== int32 && idx !== int64) throw new TFTypeError(`Value passed to parameter 'output_idx_type' has DataType ${idx.name} not in list of allowed values: int32, int64`);
  return opScope(options.name, 'Lu', [input], (scope) => {
    const t = linalgInput('Lu', input, 'input');
    const [factors, p] = makeOp('Lu', [t], { T: typeAttr(t), output_idx_type: { type: idx } }, scope).outputs;
    return [factors, p];
  });
});

/** X with `matrix` X = `rhs` (or adjoint(`matrix`) X = `rhs`), batched (MatrixSolve). */
export const matrix_solve = pythonFunction('matrix_solve', ['matrix', 'rhs', 'adjoint=False', 'name=None'], 2, function matrix_solve(matrix: TensorLike, rhs: TensorLike, options: NameOption & { adjoint?: boolean } = {}): Tensor {
  return opScope(options.name, 'MatrixSolve', [matrix, rhs], (scope) => {
    const a = linalgInput('MatrixSolve', matrix, 'matrix');
    const b = linalgInput('MatrixSolve', rhs, 'rhs', a.dtype.base_dtype);
    return makeOp('MatrixSolve', [a, b], { T: typeAttr(a), adjoint: { b: options.adjoint === true } }, scope).outputs[0];
  });
});

/**
 * X with T X = `rhs` for triangular T: the lower triangle of `matrix` (`lower`, the default) or its upper
 * one, or their adjoints (MatrixTriangularSolve); a zero on the diagonal is "Input matrix is not invertible.".
 */
export const matrix_triangular_solve = pythonFunction('matrix_triangular_solve', ['matrix', 'rhs', 'lower=True', 'adjoint=False', 'name=None'], 2, function matrix_triangular_solve(matrix: TensorLike, rhs: TensorLike, options: NameOption & { lower?: boolean; adjoint?: boolean } = {}): Tensor {
  return opScope(options.name, 'MatrixTriangularSolve', [matrix, rhs], (scope) => {
    const a = linalgInput('MatrixTriangularSolve', matrix, 'matrix');
    const b = linalgInput('MatrixTriangularSolve', rhs, 'rhs', a.dtype.base_dtype);
    return makeOp('MatrixTriangularSolve', [a, b], { T: typeAttr(a), lower: { b: options.lower !== false }, adjoint: { b: options.adjoint === true } }, scope).outputs[0];
  });
});

/** X with A X = `rhs` given `chol`, the Cholesky factor of A: two triangular solves under `cholesky_solve/`. */
export const cholesky_solve = pythonFunction('cholesky_solve', ['chol', 'rhs', 'name=None'], 2, function cholesky_solve(chol: TensorLike, rhs: TensorLike, options: NameOption = {}): Tensor {
  return opScope(options.name, 'cholesky_solve', [chol, rhs], () => {
    const y = matrix_triangular_solve(chol, rhs, { adjoint: false, lower: true });
    return matrix_triangular_solve(chol, y, { adjoint: true, lower: true });
  });
});

/** The principal square root of each innermost square matrix (MatrixSquareRoot, tf.linalg.sqrtm). */
export const matrix_square_root = pythonFunction('matrix_square_root', ['input', 'name=None'], 1, function matrix_square_root(input: TensorLike, options: NameOption = {}): Tensor {
  return opScope(options.name, 'MatrixSquareRoot', [input], (scope) => {
    const t = linalgInput('MatrixSquareRoot', input, 'input');
    return makeOp('MatrixSquareRoot', [t], { T: typeAttr(t) }, scope).outputs[0];
  });
});

/** Q and R of each innermost matrix (Qr): Q [..., M, P] and R [..., P, N], or [..., M, M] and [..., M, N] with `full_matrices`. */
export const qr = pythonFunction('qr', ['input', 'full_matrices=False', 'name=None'], 1, function qr(input: TensorLike, options: NameOption & { full_matrices?: boolean } = {}): [Tensor, Tensor] {
  return opScope(options.name, 'Qr', [input], (scope) => {
    const t = linalgInput('Qr', input, 'input');
    const [q, r] = makeOp('Qr', [t], { T: typeAttr(t), full_matrices: { b: options.full_matrices === true } }, scope).outputs;
    return [q, r];
  });
});

function selfAdjointEig(tensor: TensorLike, computeV: boolean, name: string | undefined): [Tensor, Tensor] {
  return opScope(name, 'SelfAdjointEigV2', [tensor], (scope) => {
    const t = linalgInput('SelfAdjointEigV2', tensor, 'input');
    const [e, v] = makeOp('SelfAdjointEigV2', [t], { T: typeAttr(t), compute_v: { b: computeV } }, scope).outputs;
    return [e, v];
  });
}

/** Eigenvalues (ascending) and eigenvectors (columns) of each innermost self-adjoint matrix, from its lower triangle (SelfAdjointEigV2). */
export const self_adjoint_eig = pythonFunction('self_adjoint_eig', ['tensor', 'name=None'], 1, function self_adjoint_eig(tensor: TensorLike, options: NameOption = {}): [Tensor, Tensor] {
  return selfAdjointEig(tensor, true, options.name);
});

/** The eigenvalues (ascending) of each innermost self-adjoint matrix (SelfAdjointEigV2 with compute_v=False). */
export const self_adjoint_eigvals = pythonFunction('self_adjoint_eigvals', ['tensor', 'name=None'], 1, function self_adjoint_eigvals(tensor: TensorLike, options: NameOption = {}): Tensor {
  return selfAdjointEig(tensor, false, options.name)[0];
});

/**
 * The singular values of each innermost matrix (descending), and with `compute_uv` (the default) the
 * singular vectors: `[s, u, v]` with A = U diag(s) Vᴴ (Svd; TF's order, not numpy's).
 * @example const [s, u, v] = tf.svd(a) as tf.Tensor[]; tf.svd(a, {compute_uv: false})
 */
export const svd = pythonFunction('svd', ['tensor', 'full_matrices=False', 'compute_uv=True', 'name=None'], 1, function svd(tensor: TensorLike, options: NameOption & { full_matrices?: boolean; compute_uv?: boolean } = {}): Tensor | [Tensor, Tensor, Tensor] {
  const computeUV = options.compute_uv !== false;
  return opScope(options.name, 'Svd', [tensor], (scope) => {
    const t = linalgInput('Svd', tensor, 'input');
    const [s, u, v] = makeOp('Svd', [t], { T: typeAttr(t), compute_uv: { b: computeUV }, full_matrices: { b: options.full_matrices === true } }, scope).outputs;
    return computeUV ? [s, u, v] as [Tensor, Tensor, Tensor] : s;
  });
});

/** The conjugate transpose of the innermost matrices (`adjoint/matrix_transpose/transpose`). */
export const adjoint = pythonFunction('adjoint', ['matrix', 'name=None'], 1, function adjoint(matrix: TensorLike, options: NameOption = {}): Tensor {
  return opScope(options.name, 'adjoint', [matrix], () => matrix_transpose(convert_to_tensor(matrix, { name: 'matrix' }), { conjugate: true }));
});

/** log(det(A)) of Hermitian positive-definite matrices through their Cholesky factors (`logdet/...`). */
export const logdet = pythonFunction('logdet', ['matrix', 'name=None'], 1, function logdet(matrix: TensorLike, options: NameOption = {}): Tensor {
  return opScope(options.name, 'logdet', [matrix], () => {
    const chol = cholesky(convert_to_tensor(matrix, { name: 'matrix' }));
    return multiply(2.0, reduce_sum(log(matrix_diag_part(chol)), [-1]));
  });
});

registerOp({
  type: 'MatrixSolveLs',
  outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => {
    const [matrix, rhs, l2] = op.inputs;
    checkRank(op, l2, 0);
    const a = matrixDims(op, matrix), b = matrixDims(op, rhs);
    if (a === null || b === null) return [null];
    if (a.length !== b.length) throw shapeError(op, `Shapes must be equal rank, but are ${a.length - 2} and ${b.length - 2}`);
    const batch = a.slice(0, -2).map((x, i) => mergeDim(op, x, b[i]));
    mergeDim(op, a[a.length - 2], b[b.length - 2]);
    return [[...batch, a[a.length - 1], b[b.length - 1]]];
  },
});

/** Bytes past which TF 1.15's matrix_solve_ls prefers the MatrixSolveLs kernel for IO-bound batches. */
const L2_CACHE_SIZE_GUESSTIMATE = 256000;

/**
 * Least-squares solutions of `matrix` X = `rhs`, as TF 1.15 builds them: with `fast` (the default) through the
 * normal equations and Cholesky under `matrix_solve_ls/` ((AᴴA + λI)⁻¹ Aᴴ B when M >= N, else Aᴴ (AAᴴ + λI)⁻¹ B,
 * chosen by a cond when the matrix dims are unknown), or the MatrixSolveLs op for a large IO-bound batch or
 * `fast: false` (the minimum-norm solution even for a rank-deficient matrix; `l2_regularizer` is then ignored).
 */
export const matrix_solve_ls = pythonFunction('matrix_solve_ls', ['matrix', 'rhs', 'l2_regularizer=0.0', 'fast=True', 'name=None'], 2, function matrix_solve_ls(matrix: TensorLike, rhs: TensorLike, options: NameOption & { l2_regularizer?: TensorLike; fast?: boolean } = {}): Tensor {
  const l2 = options.l2_regularizer ?? 0.0, fast = options.fast !== false;
  const a = convert_to_tensor(matrix, { name: 'matrix' });
  if (a.dtype.base_dtype === complex128 && !(typeof l2 === 'number' && l2 === 0)) {
    throw new NotImplementedError('matrix_solve_ls is currently disabled for complex128 and l2_regularizer != 0 due to poor accuracy.');
  }
  const shape = a.shape;
  const composite = fast && (!shape.is_fully_defined() || (() => {
    const dims = shape.toNumbers();
    const batch = dims.slice(0, -2).reduce((x, y) => x * y, 1);
    const ioBound = batch > Math.min(...dims.slice(-2));
    return !(dims.reduce((x, y) => x * y, 1) * a.dtype.size > L2_CACHE_SIZE_GUESSTIMATE && ioBound);
  })());
  if (!composite) {
    return opScope(options.name, 'MatrixSolveLs', [a, rhs, l2], (scope) => {
      const b = convert_to_tensor(rhs, { dtype: a.dtype.base_dtype, name: 'rhs' });
      const lambda = convert_to_tensor(l2, { dtype: float64, name: 'l2_regularizer' });
      return makeOp('MatrixSolveLs', [a, b, lambda], { T: typeAttr(a), fast: { b: fast } }, scope).outputs[0];
    });
  }
  return opScope(options.name, 'matrix_solve_ls', [a, rhs, l2], () => {
    const b = convert_to_tensor(rhs, { dtype: a.dtype.base_dtype, name: 'rhs' });
    const overdetermined = () => cholesky_solve(regularizedGramianCholesky(a, l2, true), matmul(a, b, { adjoint_a: true }));
    const underdetermined = () => matmul(a, cholesky_solve(regularizedGramianCholesky(a, l2, false), b), { adjoint_a: true });
    const dims = a.shape.dims;
    if (dims !== null && dims.length >= 2 && dims[dims.length - 2] !== null && dims[dims.length - 1] !== null) {
      return (dims[dims.length - 2] as number) >= (dims[dims.length - 1] as number) ? overdetermined() : underdetermined();
    }
    // The matrix dims are known at run time only: both systems, one taken.
    const mn = getitem(shapeOf(a), { start: -2 });
    return cond(greater_equal(getitem(mn, -2), getitem(mn, -1)), overdetermined, underdetermined) as Tensor;
  });
});

/** @internal TF's _RegularizedGramianCholesky: chol(AᴴA + λI) (`firstKind`) or chol(AAᴴ + λI). */
export function regularizedGramianCholesky(a: Tensor, l2: TensorLike, firstKind: boolean): Tensor {
  let gramian = matmul(a, a, { adjoint_a: firstKind, adjoint_b: !firstKind });
  if (!(typeof l2 === 'number' && l2 === 0)) {
    const lambda = cast(convert_to_tensor(l2, { dtype: float64 }), a.dtype.base_dtype);
    gramian = add(gramian, multiply(lambda, matrix_diag(ones_like(matrix_diag_part(gramian)))));
  }
  return cholesky(gramian);
}

/**
 * The product of each innermost matrix of `a` with the vector of `b` (`MatVec/...`: matmul with `b` as a
 * column, squeezed).
 * @example tf.linalg.matvec([[1., 2.], [3., 4.]], [1., 1.]) // [3, 7]
 */
export const matvec = pythonFunction('matvec', ['a', 'b', 'transpose_a=False', 'adjoint_a=False', 'a_is_sparse=False', 'b_is_sparse=False', 'name=None'], 2, function matvec(a: TensorLike, b: TensorLike, options: NameOption & { transpose_a?: boolean; adjoint_a?: boolean; a_is_sparse?: boolean; b_is_sparse?: boolean } = {}): Tensor {
  return opScope(options.name, 'MatVec', [a, b], () => {
    const output = matmul(a, expand_dims(b, -1), { transpose_a: options.transpose_a, adjoint_a: options.adjoint_a });
    return squeeze(output, [-1]);
  });
});

registerOp({
  type: 'Cross',
  outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => {
    const merged = mergeShapes(op, op.inputs);
    const d = merged.dims;
    if (d === null) return [merged];
    if (d.length < 1) throw shapeError(op, `Shape must be at least rank 1 but is rank ${d.length}`);
    const last = d[d.length - 1];
    if (last !== null && last !== 3) throw shapeError(op, `Dimension must be 3 but is ${last}`);
    return [[...d.slice(0, -1), 3]];
  },
});

/** The cross product of the 3-vectors along the last dimension of `a` and `b` (Cross). @example tf.cross([1., 0, 0], [0., 1, 0]) // [0, 0, 1] */
export const cross = pythonFunction('cross', ['a', 'b', 'name=None'], 2, function cross(a: TensorLike, b: TensorLike, options: NameOption = {}): Tensor {
  return opScope(options.name, 'Cross', [a, b], (scope) => {
    const [x, y] = convertSameType('Cross', [a, b], ['a', 'b']);
    return makeOp('Cross', [x, y], { T: typeAttr(x) }, scope).outputs[0];
  });
});
