// The array and math names TF 1.x tutorials use (split, eye, linspace, sort, top_k, unique, reverse, meshgrid,
// diag, tensordot, einsum, norm, reduce_logsumexp, count_nonzero, ...): TF's node names, dtypes, errors and
// values (expected values worked out by hand).
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { assertClose, nodes, run } from './helpers';

const f32 = (v: tf.NDArray | number[][] | number[]) => tf.constant(v as number[], { dtype: tf.float32 });
const values = (t: tf.Tensor, feeds?: tf.FeedDict) => run(t, feeds).toArray();

describe('array and math names of TF 1.x tutorials', () => {
  beforeEach(() => tf.reset_default_graph());

  it('split: a number of pieces is Split, a list of sizes (one -1) is SplitV; gradients join the pieces back', () => {
    const x = f32([[0, 1, 2, 3, 4, 5], [6, 7, 8, 9, 10, 11]]);
    const parts = tf.split(x, 3, 1);
    assert.deepEqual(nodes().slice(1), ['Const_1:Const', 'split/split_dim:Const', 'split:Split']);
    assert.equal(parts.length, 3);
    assert.equal(parts[0].shape.toString(), '(2, 2)');
    assert.deepEqual(values(parts[1]), [[2, 3], [8, 9]]);
    const [a, b, c] = tf.split(x, [1, -1, 2], 1);
    assert.equal(b.op.type, 'SplitV');
    assert.equal(b.op.name, 'split_1');
    assert.equal(b.shape.toString(), '(2, 3)');
    assert.deepEqual(values(a), [[0], [6]]);
    assert.deepEqual(values(b), [[1, 2, 3], [7, 8, 9]]);
    assert.deepEqual(values(c), [[4, 5], [10, 11]]);
    assert.throws(() => tf.split(x, 4, 1), /Dimension size must be evenly divisible by 4 but is 6/);
    assert.throws(() => tf.split(x, [1, 2], 1), /Determined shape must either match input shape along split_dim exactly/);
    const [g] = (tf.gradients(tf.reduce_sum(parts[1].mul(2)), x) as tf.Tensor[]);
    assert.deepEqual(values(g!), [[0, 0, 2, 2, 0, 0], [0, 0, 2, 2, 0, 0]]);
    const [gv] = (tf.gradients(tf.reduce_sum(c), x) as tf.Tensor[]);
    assert.deepEqual(values(gv!), [[0, 0, 0, 0, 1, 1], [0, 0, 0, 0, 1, 1]]);
  });

  it('eye (MatrixDiag, or MatrixSetDiag when not square), diag / diag_part, matrix_transpose', () => {
    const i2 = tf.eye(2);
    assert.equal(i2.op.name, 'eye/MatrixDiag');
    assert.equal(i2.dtype, tf.float32);
    assert.deepEqual(values(i2), [[1, 0], [0, 1]]);
    const r = tf.eye(2, 3, { dtype: tf.int32 });
    assert.equal(r.op.type, 'MatrixSetDiag');
    assert.deepEqual(values(r), [[1, 0, 0], [0, 1, 0]]);
    assert.equal(tf.eye(2, null, { batch_shape: [3] }).shape.toString(), '(3, 2, 2)');
    const d = tf.diag(tf.constant([1, 2]));
    assert.equal(d.op.type, 'Diag');
    assert.deepEqual(values(d), [[1, 0], [0, 2]]);
    assert.deepEqual(values(tf.diag_part(d)), [1, 2]);
    const t = tf.matrix_transpose(tf.zeros([1, 2, 3]));
    assert.equal(t.op.name, 'matrix_transpose/transpose');
    assert.equal(t.shape.toString(), '(1, 3, 2)');
    assert.throws(() => tf.matrix_transpose(tf.zeros([2])), /Argument 'a' should be a \(batch\) matrix, with rank >= 2/);
  });

  it('linspace, to_int64 / to_double, truncatediv, is_nan / is_finite / is_inf, logical_xor', () => {
    const l = tf.linspace(10.0, 12.0, 3);
    assert.ok(nodes().includes('LinSpace/start:Const'));
    assert.equal(l.dtype, tf.float32);
    assert.equal(l.shape.toString(), '(3,)');
    assert.deepEqual(values(l), [10, 11, 12]);
    assert.deepEqual(values(tf.lin_space(0, 1, 5)), [0, 0.25, 0.5, 0.75, 1]);
    const i = tf.to_int64(tf.constant([1.5], { dtype: tf.float32 }));
    assert.equal(i.op.name, 'ToInt64');
    assert.equal(i.dtype, tf.int64);
    assert.equal(tf.to_double(tf.constant([1])).dtype, tf.float64);
    assert.deepEqual(values(tf.truncatediv(tf.constant([-7, 7], { dtype: tf.int32 }), 2)), [-3, 3]);
    assert.deepEqual(values(tf.floordiv(tf.constant([-7, 7], { dtype: tf.int32 }), 2)), [-4, 3]);
    const x = f32([1, NaN, Infinity, -Infinity]);
    assert.deepEqual(values(tf.is_nan(x)), [false, true, false, false]);
    assert.deepEqual(values(tf.is_finite(x)), [true, false, false, false]);
    assert.deepEqual(values(tf.is_inf(x)), [false, false, true, true]);
    assert.equal(tf.is_nan(x).op.type, 'IsNan');
    const xor = tf.logical_xor(tf.constant([true, true, false, false]), tf.constant([true, false, true, false]));
    assert.equal(xor.op.name, 'LogicalXor');
    assert.deepEqual(values(xor), [false, true, true, false]);
  });

  it('element-wise math: squared_difference, rsqrt, sign, round (half to even), floor, ceil', () => {
    assert.deepEqual(values(tf.squared_difference(f32([1, 5]), f32([3, 2]))), [4, 9]);
    assertClose(run(tf.rsqrt(f32([4, 16]))).values, [0.5, 0.25]);
    assert.deepEqual(values(tf.sign(f32([-2, 0, 3]))), [-1, 0, 1]);
    assert.deepEqual(values(tf.round(f32([0.5, 1.5, 2.5, -1.5, 2.7]))), [0, 2, 2, -2, 3]);
    assert.deepEqual(values(tf.floor(f32([-1.5, 1.5]))), [-2, 1]);
    assert.deepEqual(values(tf.ceil(f32([-1.5, 1.5]))), [-1, 2]);
  });

  it('sort / argsort (TopKV2 over the axis, negated for ascending), nn.top_k with its gradient, nn.in_top_k', () => {
    assert.deepEqual(values(tf.sort(f32([3, 1, 2]))), [1, 2, 3]);
    assert.deepEqual(values(tf.sort(f32([3, 1, 2]), { direction: 'DESCENDING' })), [3, 2, 1]);
    const idx = tf.argsort(tf.constant([3, 1, 2, 1]));
    assert.equal(idx.dtype, tf.int32);
    assert.deepEqual(values(idx), [1, 3, 2, 0]);
    assert.deepEqual(values(tf.sort(f32([[3, 1], [1, 2]]), { axis: 0 })), [[1, 1], [3, 2]]);
    assert.throws(() => tf.sort(f32([1]), { direction: 'UP' as 'ASCENDING' }), /UP should be one of ASCENDING, DESCENDING/);

    tf.reset_default_graph();
    const x = f32([1, 5, 3]);
    const topK = tf.nn.top_k(x, 2);
    const [v, i] = topK;
    assert.deepEqual(nodes().slice(1), ['TopKV2/k:Const', 'TopKV2:TopKV2']);
    // TF's TopKV2 namedtuple: by position and by name.
    assert.ok(topK.values === v && topK.indices === i && topK.length === 2);
    assert.equal(i.dtype, tf.int32);
    assert.deepEqual(values(v), [5, 3]);
    assert.deepEqual(values(i), [1, 2]);
    assert.deepEqual(values((tf.gradients(tf.reduce_sum(v), x) as tf.Tensor[])[0]!), [0, 1, 1]);
    assert.throws(() => tf.nn.top_k(x, 4), /input must have last dimension >= k = 4 but is 3/);

    const p = f32([[0.1, 0.9, 0.0], [0.5, 0.5, 0.0]]);
    const hit = tf.nn.in_top_k(p, tf.constant([1, 1]), 1);
    assert.equal(hit.op.name, 'in_top_k/InTopKV2');
    assert.equal(hit.dtype, tf.bool);
    assert.deepEqual(values(hit), [true, true], 'a tie at the boundary counts as in');
    assert.deepEqual(values(tf.nn.in_top_k(p, tf.constant([0, 2]), 1)), [false, false]);
    assert.deepEqual(values(tf.nn.in_top_k(p, tf.constant([0, 2]), 3)), [true, true]);
  });

  it('unique, reverse, meshgrid, where with one argument, sequence_mask, broadcast_to', () => {
    const uniqueOut = tf.unique(tf.constant([1, 1, 2, 4, 4, 4, 7, 8, 8]));
    const [y, idx] = uniqueOut;
    assert.ok(uniqueOut.y === y && uniqueOut.idx === idx);
    assert.equal(y.op.type, 'Unique');
    assert.deepEqual(values(y), [1, 2, 4, 7, 8]);
    assert.deepEqual(values(idx), [0, 0, 1, 2, 2, 2, 3, 4, 4]);

    const m = tf.constant([[1, 2], [3, 4]]);
    assert.deepEqual(values(tf.reverse(m, [1])), [[2, 1], [4, 3]]);
    assert.deepEqual(values(tf.reverse(m, [0])), [[3, 4], [1, 2]]);
    assert.equal(tf.reverse(m, [0]).op.type, 'ReverseV2');

    const [X, Y] = tf.meshgrid(tf.constant([1, 2, 3]), tf.constant([4, 5]));
    assert.equal(X.shape.toString(), '(2, 3)');
    assert.deepEqual(values(X), [[1, 2, 3], [1, 2, 3]]);
    assert.deepEqual(values(Y), [[4, 4, 4], [5, 5, 5]]);
    const [Xi] = tf.meshgrid(tf.constant([1, 2, 3]), tf.constant([4, 5]), { indexing: 'ij' });
    assert.deepEqual(values(Xi), [[1, 1], [2, 2], [3, 3]]);

    const w = tf.where(tf.constant([[true, false], [false, true]]));
    assert.equal(w.dtype, tf.int64);
    assert.deepEqual(values(w), [[0, 0], [1, 1]]);

    const mask = tf.sequence_mask(tf.constant([1, 3, 2]), 5);
    assert.equal(mask.dtype, tf.bool);
    assert.deepEqual(values(mask), [[true, false, false, false, false], [true, true, true, false, false], [true, true, false, false, false]]);
    const fm = tf.sequence_mask(tf.constant([1, 3, 2]), null, { dtype: tf.float32 });
    assert.deepEqual(values(fm), [[1, 0, 0], [1, 1, 1], [1, 1, 0]]);

    const x = f32([1, 2, 3]);
    const b = tf.broadcast_to(x, [2, 3]);
    assert.equal(b.op.type, 'BroadcastTo');
    assert.equal(b.shape.toString(), '(2, 3)');
    assert.deepEqual(values(b), [[1, 2, 3], [1, 2, 3]]);
    assert.deepEqual(values((tf.gradients(tf.reduce_sum(b), x) as tf.Tensor[])[0]!), [2, 2, 2]);
    assert.throws(() => tf.broadcast_to(x, [2, 2]), /Incompatible shapes: \[3\] vs. \[2,2\]/);
  });

  it('zeros_like for every dtype, static and fed', () => {
    for (const [dtype, value, zero] of [
      [tf.bool, [true, false], [false, false]], [tf.string, ['a', 'b'], ['', '']], [tf.int64, [3, 4], [0, 0]],
      [tf.float64, [1.5, 2], [0, 0]], [tf.int8, [1, 2], [0, 0]], [tf.uint8, [1, 2], [0, 0]], [tf.int32, [1, 2], [0, 0]],
    ] as const) {
      const z = tf.zeros_like(tf.constant(value as unknown as number[], { dtype }));
      assert.equal(z.dtype, dtype);
      assert.deepEqual(values(z), zero, dtype.name);
      const p = tf.placeholder(dtype, [null]);
      const zp = tf.zeros_like(p);
      assert.equal(zp.op.type, 'ZerosLike');
      assert.deepEqual(values(zp, new Map([[p, value as unknown as number[]]])), zero, `${dtype.name} fed`);
    }
    const c = tf.zeros_like(tf.zeros([2], tf.complex64));
    assert.equal(c.dtype, tf.complex64);
    assert.deepEqual(Array.from(run(c).values), [0, 0, 0, 0]);
  });

  it('tensordot and einsum (common forms) against hand-worked products', () => {
    const a = f32([[1, 2], [3, 4]]), b = f32([[5, 6], [7, 8]]);
    const td = tf.tensordot(a, b, 1);
    assert.equal(td.op.name, 'Tensordot');
    assert.deepEqual(values(td), [[19, 22], [43, 50]]);
    assert.deepEqual(values(tf.tensordot(a, b, [[0], [0]])), [[26, 30], [38, 44]]);
    assert.equal(tf.tensordot(a, b, 0).shape.toString(), '(2, 2, 2, 2)');
    assert.throws(() => tf.tensordot(a, f32([1, 2, 3]), 1), /Dimensions must be equal, but are 2 and 3/);

    assert.deepEqual(values(tf.einsum('ij,jk->ik', a, b)), [[19, 22], [43, 50]]);
    assert.deepEqual(values(tf.einsum('ij,jk', a, b)), [[19, 22], [43, 50]]);
    assert.deepEqual(values(tf.einsum('ij->ji', a)), [[1, 3], [2, 4]]);
    assert.deepEqual(values(tf.einsum('ii->i', a)), [1, 4]);
    assert.deepEqual(values(tf.einsum('ij->', a)), 10);
    assert.deepEqual(values(tf.einsum('ij->j', a)), [4, 6]);
    assert.deepEqual(values(tf.einsum('i,i->', f32([1, 2, 3]), f32([4, 5, 6]))), 32);
    assert.deepEqual(values(tf.einsum('i,j->ij', f32([1, 2]), f32([3, 4]))), [[3, 4], [6, 8]]);
    const batch = tf.einsum('bij,bjk->bik', f32([[[1, 0], [0, 1]], [[2, 0], [0, 2]]] as unknown as number[][]), tf.stack([b, b]));
    assert.deepEqual(values(batch), [[[5, 6], [7, 8]], [[10, 12], [14, 16]]]);
    assert.deepEqual(values(tf.einsum('ij,jk,kl->il', a, b, tf.eye(2))), [[19, 22], [43, 50]]);
    assert.throws(() => tf.einsum('ij,jk->ik', a), /2 inputs in the equation, 1 given/);
  });

  it('norm: euclidean, 1, inf, p and matrix norms as TF builds them', () => {
    const v = f32([3, -4]);
    const n = tf.norm(v);
    assert.deepEqual(nodes().slice(1, 5), ['norm/mul:Mul', 'norm/Const:Const', 'norm/Sum:Sum', 'norm/Sqrt:Sqrt']);
    assert.equal(n.op.name, 'norm/Squeeze');
    assert.equal(n.shape.toString(), '()');
    assertClose([run(n).item() as number], [5]);
    assert.equal(run(tf.norm(v, { ord: 1 })).item(), 7);
    assert.equal(run(tf.norm(v, { ord: Infinity })).item(), 4);
    assertClose([run(tf.norm(v, { ord: 3 })).item() as number], [Math.cbrt(27 + 64)]);
    const m = f32([[1, -2], [3, 4]]);
    assert.equal(run(tf.norm(m, { ord: 1, axis: [0, 1] })).item(), 6);
    assert.equal(run(tf.norm(m, { ord: Infinity, axis: [0, 1] })).item(), 7);
    assertClose([run(tf.norm(m, { ord: 'fro', axis: [0, 1] })).item() as number], [Math.sqrt(30)]);
    assertClose(run(tf.norm(m, { axis: 1, keepdims: true })).values, [Math.sqrt(5), 5]);
    assert.throws(() => tf.norm(v, { ord: -1 }), /'ord' must be a supported vector norm, got -1/);
    assert.throws(() => tf.norm(m, { axis: [0, 0] }), /'axis' must be None, an integer, or a tuple of 2 unique integers/);
  });

  it('reduce_logsumexp (stable for large and infinite values) and count_nonzero (int64)', () => {
    const zeros = f32([[0, 0, 0], [0, 0, 0]]);
    const all = tf.reduce_logsumexp(zeros);
    assert.equal(all.op.name, 'ReduceLogSumExp/Add');
    assert.equal(all.shape.toString(), '()');
    assertClose([run(all).item() as number], [Math.log(6)]);
    assertClose(run(tf.reduce_logsumexp(zeros, 1)).values, [Math.log(3), Math.log(3)]);
    assert.equal(tf.reduce_logsumexp(zeros, 1, { keepdims: true }).shape.toString(), '(2, 1)');
    assertClose([run(tf.reduce_logsumexp(f32([1000, 1000]))).item() as number], [1000 + Math.LN2]);
    assert.equal(run(tf.reduce_logsumexp(f32([-Infinity, -Infinity]))).item(), -Infinity);

    const c = tf.count_nonzero(tf.constant([[0, 1], [2, 0]]));
    assert.equal(c.dtype, tf.int64);
    assert.equal(run(c).item(), 2);
    assert.deepEqual(values(tf.count_nonzero(f32([[0, 1], [2, 3]]), 0)), [1, 2]);
    assert.equal(tf.count_nonzero(f32([1]), { dtype: tf.int32 }).dtype, tf.int32);
  });

  it('tf.math, tf.random and tf.linalg alias the same functions, as TF 1.15 does', () => {
    assert.equal(tf.math.reduce_sum, tf.reduce_sum);
    assert.equal(tf.math.top_k, tf.nn.top_k);
    assert.equal(tf.math.in_top_k, tf.nn.in_top_k);
    assert.equal(tf.math.is_nan, tf.is_nan);
    assert.equal(tf.math.divide_no_nan, tf.div_no_nan);
    assert.equal(tf.math.logical_xor, tf.logical_xor);
    assert.equal(tf.random.normal, tf.random_normal);
    assert.equal(tf.random.uniform, tf.random_uniform);
    assert.equal(tf.random.shuffle, tf.random_shuffle);
    assert.equal(tf.random.set_random_seed, tf.set_random_seed);
    assert.equal(tf.linalg.eye, tf.eye);
    assert.equal(tf.linalg.transpose, tf.matrix_transpose);
    assert.equal(tf.linalg.diag, tf.matrix_diag);
    assert.equal(tf.linalg.einsum, tf.einsum);
  });

  it('bind through their Python signatures', () => {
    const x = f32([[0, 1, 2, 3], [4, 5, 6, 7]]);
    assert.equal(tf.split({ value: x, num_or_size_splits: 2, axis: 1 }).length, 2);
    assert.deepEqual(values(tf.split(x, [1, 3], { axis: 1 })[1]), [[1, 2, 3], [5, 6, 7]]);
    assert.equal(tf.eye({ num_rows: 2, dtype: tf.int32 }).dtype, tf.int32);
    assert.deepEqual(values(tf.sort(f32([2, 1]), -1, 'DESCENDING')), [2, 1]);
    assert.equal(run(tf.norm(f32([3, 4]), 1)).item(), 7);
    assert.equal(run(tf.count_nonzero({ input: tf.constant([0, 3]) })).item(), 1);
    assert.deepEqual(values(tf.nn.top_k({ input: f32([1, 3, 2]), k: 2 })[0]), [3, 2]);
    assert.throws(() => (tf.reverse as (...a: unknown[]) => unknown)(x, { axes: [0] }), { name: 'TypeError', message: "reverse() got an unexpected keyword argument 'axes'" });
    assert.throws(() => (tf.linspace as (...a: unknown[]) => unknown)(0, 1), { name: 'TypeError', message: "linspace() missing 1 required positional argument: 'num'" });
  });
});
