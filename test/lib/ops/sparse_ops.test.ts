// The sparse ops with the inputs and expected values of TF's sparse_ops_test, sparse_add_op_test,
// sparse_concat_op_test, sparse_reorder_op_test, sparse_reshape_op_test, sparse_slice_op_test,
// sparse_split_op_test, sparse_tensor_dense_matmul_op_test and segment_reduction_ops_test; gradients
// checked numerically against central differences.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { checkGradient } from './gradient_check';
import { assertClose } from './helpers';

const IND_5x6 = [[0, 0], [1, 0], [1, 3], [1, 4], [3, 2], [3, 3]];
const VAL_5x6 = [0, 10, 13, 14, 32, 33];
const sp5x6 = (dtype: tf.DType = tf.int32) => tf.SparseTensor(IND_5x6, tf.constant(VAL_5x6, { dtype }), [5, 6]);
// [0 |  |2 |  |4 |5 ]  [  |11|  |13|14|  ]  [20|  |  |23|  |25]  [30|  |32|33|  |35]
const IND_4x6 = [[0, 0], [0, 2], [0, 4], [0, 5], [1, 1], [1, 3], [1, 4], [2, 0], [2, 3], [2, 5], [3, 0], [3, 2], [3, 3], [3, 5]];
const VAL_4x6 = [0, 2, 4, 5, 11, 13, 14, 20, 23, 25, 30, 32, 33, 35];
const sp4x6 = () => tf.SparseTensor(IND_4x6, tf.constant(VAL_4x6, { dtype: tf.int64 }), [4, 6]);

let sess: tf.Session;
const ev = (sp: tf.SparseTensor) => { const v = sess.run(sp); return { indices: v.indices.toArray(), values: v.values.toArray(), dense_shape: v.dense_shape.toArray() }; };

describe('sparse ops', () => {
  beforeEach(() => { tf.reset_default_graph(); sess = new tf.Session(); });
  afterEach(() => sess.close());

  it('sparse_tensor_to_dense (SparseToDense) with a default value', () => {
    const d = tf.sparse_tensor_to_dense(sp5x6(), -1);
    assert.equal(d.op.type, 'SparseToDense');
    const out = sess.run(d).toArray() as number[][];
    assert.deepEqual(out[1], [10, -1, -1, 13, 14, -1]);
    assert.deepEqual(out[2], [-1, -1, -1, -1, -1, -1]);
    assert.equal(tf.sparse.to_dense, tf.sparse_tensor_to_dense);
  });

  it('sparse_to_indicator: true at each (row, id)', () => {
    const out = sess.run(tf.sparse_to_indicator(sp5x6(tf.int32), 50)) as tf.NDArray;
    assert.deepEqual(out.shape, [5, 50]);
    const trues: number[][] = [];
    (out.toArray() as boolean[][]).forEach((r, i) => r.forEach((x, j) => { if (x) trues.push([i, j]); }));
    assert.deepEqual(trues, [[0, 0], [1, 10], [1, 13], [1, 14], [3, 32], [3, 33]]);
  });

  it('sparse_merge of unsorted ids and weights; already_sorted keeps their order', () => {
    const ind = [[0, 0], [1, 0], [1, 2], [2, 0], [2, 1], [1, 1]];
    const ids = tf.SparseTensorValue(ind, tf.NDArray.from([0, 13, 10, 33, 32, 14], tf.int64), [3, 3]);
    const vals = tf.SparseTensorValue(ind, tf.NDArray.from([-3, 4, 1, 9, 5, 1], tf.float32), [3, 3]);
    const out = ev(tf.sparse_merge(ids, vals, 50));
    assert.deepEqual(out.indices, [[0, 0], [1, 10], [1, 13], [1, 14], [2, 32], [2, 33]]);
    assert.deepEqual(out.values, [-3, 1, 4, 1, 5, 9]);
    assert.deepEqual(out.dense_shape, [3, 50]);
    const unsorted = ev(tf.sparse_merge(ids, vals, 50, { already_sorted: true }));
    assert.deepEqual(unsorted.indices, [[0, 0], [1, 13], [1, 10], [2, 33], [2, 32], [1, 14]]);
  });

  it('sparse_retain keeps the entries marked true', () => {
    const out = ev(tf.sparse_retain(sp5x6(), [true, false, false, true, true, false]));
    assert.deepEqual(out, { indices: [[0, 0], [1, 4], [3, 2]], values: [0, 14, 32], dense_shape: [5, 6] });
    assert.throws(() => tf.sparse_retain(sp5x6(), [true, false]), /not compatible|incompatible/);
  });

  it('sparse_fill_empty_rows gives empty rows a default entry and tells which were empty', () => {
    const [filled, empty] = tf.sparse_fill_empty_rows(sp5x6(), -1);
    const [out, e] = sess.run([filled, empty] as const);
    assert.deepEqual(out.indices.toArray(), [[0, 0], [1, 0], [1, 3], [1, 4], [2, 0], [3, 2], [3, 3], [4, 0]]);
    assert.deepEqual(out.values.toArray(), [0, 10, 13, 14, -1, 32, 33, -1]);
    assert.deepEqual(out.dense_shape.toArray(), [5, 6]);
    assert.deepEqual(e.toArray(), [false, false, true, false, true]);
    const v = tf.constant(VAL_5x6, { dtype: tf.float64 }), def = tf.constant(-1, { dtype: tf.float64 });
    checkGradient((x, d) => tf.sparse_fill_empty_rows(tf.SparseTensor(IND_5x6, x, [5, 6]), d)[0].values, [{ shape: [6] }, { shape: [] }], 17);
    void v; void def;
  });

  it('sparse_reset_shape: a larger shape, or the tightest bounding box', () => {
    const IND = [[0, 0, 0], [0, 1, 0], [0, 1, 3], [1, 1, 4], [1, 3, 2], [1, 3, 3]];
    const sp = tf.SparseTensor(IND, tf.constant([0, 10, 13, 14, 32, 33], { dtype: tf.int32 }), [2, 5, 6]);
    assert.deepEqual(ev(tf.sparse_reset_shape(sp, [3, 6, 7])).dense_shape, [3, 6, 7]);
    const tight = ev(tf.sparse_reset_shape(sp));
    assert.deepEqual(tight.dense_shape, [2, 4, 5]);
    assert.deepEqual(tight.indices, IND);
    assert.throws(() => tf.sparse_reset_shape(sp, [3, 7]), /not compatible/);
    assert.throws(() => tf.sparse_reset_shape(sp, [3, 7, 5]), /should have dimension sizes >= sp_input.shape/);
    // Shapes known only when run are checked when run.
    const p = tf.sparse_placeholder(tf.int32);
    const reset = tf.sparse_reset_shape(p, [3, 7, 5]);
    assert.throws(() => sess.run(reset, new Map([[p, { indices: IND, values: [0, 10, 13, 14, 32, 33], dense_shape: [2, 5, 6] }]])), /assertion failed|Condition x <= y/i);
  });

  it('sparse_add of two SparseTensors, with the threshold dropping small sums, and of a dense tensor', () => {
    const ind = [[0, 1], [1, 0], [2, 0], [2, 1]];
    const a = tf.SparseTensor(ind, tf.constant([1, 2, 3, 4], { dtype: tf.float32 }), [3, 3]);
    const neg = tf.SparseTensor(ind, tf.constant([-1, -2, -3, -4], { dtype: tf.float32 }), [3, 3]);
    const v2 = tf.SparseTensor(ind, tf.constant([1, -1.9, 3, -4.2], { dtype: tf.float32 }), [3, 3]);
    const self = tf.sparse_add(a, a) as tf.SparseTensor;
    assert.deepEqual(self.dense_shape.get_shape().as_list(), [2]);
    assert.deepEqual(ev(self), { indices: ind, values: [2, 4, 6, 8], dense_shape: [3, 3] });
    const none = sess.run(tf.sparse_add(a, neg, 0.1) as tf.SparseTensor);
    assert.deepEqual(none.indices.shape, [0, 2]);
    let out = ev(tf.sparse_add(a, v2, { thresh: 0.21 }) as tf.SparseTensor);
    assert.deepEqual(out.indices, [[0, 1], [2, 0]]);
    assert.deepEqual(out.values, [2, 6]);
    out = ev(tf.sparse_add(a, v2, { threshold: 0.11 }) as tf.SparseTensor);
    assert.deepEqual(out.indices, [[0, 1], [2, 0], [2, 1]]);
    assertClose(out.values as number[], [2, 6, -0.2]);
    const dense = tf.sparse_add(tf.ones([3, 3]), a) as tf.Tensor;
    assert.equal(dense.op.type, 'SparseTensorDenseAdd');
    assert.deepEqual(sess.run(dense).toArray(), [[1, 2, 1], [3, 1, 1], [4, 5, 1]]);
    assert.throws(() => tf.sparse_add(tf.ones([2]), tf.ones([2])), /At least one input should be SparseTensor/);
    const other = tf.SparseTensor([[0, 0]], tf.constant([1], { dtype: tf.float32 }), [3, 4]);
    assert.throws(() => tf.sparse_add(a, other), /incompatible/);
    checkGradient((x, y) => (tf.sparse_add(tf.SparseTensor(ind, x, [3, 3]), tf.SparseTensor([[0, 1], [1, 1], [2, 0]], y, [3, 3])) as tf.SparseTensor).values,
      [{ shape: [4] }, { shape: [3] }], 5);
    checkGradient((x, d) => tf.sparse_add(tf.SparseTensor(ind, x, [3, 3]), d) as tf.Tensor, [{ shape: [4] }, { shape: [3, 3] }], 6);
  });

  it('sparse_concat along rows and columns, and with expand_nonconcat_dim', () => {
    const a = tf.SparseTensor([[0, 2], [1, 0], [2, 0], [2, 2]], tf.constant([1, 2, 3, 4], { dtype: tf.float32 }), [3, 3]);
    const b = tf.SparseTensor([[1, 1], [2, 0], [2, 3], [2, 4]], tf.constant([1, 2, 1, 0], { dtype: tf.float32 }), [3, 5]);
    const c = tf.sparse_concat(1, [a, b]);
    assert.equal(c.indices.op.type, 'SparseConcat');
    assert.deepEqual(ev(c), { indices: [[0, 2], [1, 0], [1, 4], [2, 0], [2, 2], [2, 3], [2, 6], [2, 7]], values: [1, 2, 1, 3, 4, 2, 1, 0], dense_shape: [3, 8] });
    const rows = ev(tf.sparse_concat(0, [a, a]));
    assert.deepEqual(rows.dense_shape, [6, 3]);
    assert.deepEqual((rows.indices as number[][]).slice(4), [[3, 2], [4, 0], [5, 0], [5, 2]]);
    assert.throws(() => sess.run(tf.sparse_concat(0, [a, b])), /All dimensions except 0 must match/);
    const grown = ev(tf.sparse_concat(0, [a, b], { expand_nonconcat_dim: true }));
    assert.deepEqual(grown.dense_shape, [6, 5]);
    assert.deepEqual(ev(tf.sparse_concat(null, [a, b], { concat_dim: -1 })).dense_shape, [3, 8]);
  });

  it('sparse_reorder sorts entries into row-major order, with the gradient put back in the input order', () => {
    const perm = [3, 0, 5, 1, 4, 2];
    const sp = tf.SparseTensor(perm.map((i) => IND_5x6[i]), tf.constant(perm.map((i) => VAL_5x6[i]), { dtype: tf.float64 }), [5, 6]);
    const r = tf.sparse_reorder(sp);
    assert.equal(r.indices.op.type, 'SparseReorder');
    assert.deepEqual(r.get_shape().as_list(), [5, 6]);
    assert.deepEqual(ev(r), { indices: IND_5x6, values: VAL_5x6, dense_shape: [5, 6] });
    checkGradient((x) => tf.sparse_reorder(tf.SparseTensor(perm.map((i) => IND_5x6[i]), x, [5, 6])).values, [{ shape: [6] }], 7);
  });

  it('sparse_reshape to the same rank, up a rank, and TF\'s errors', () => {
    const sp = tf.sparse_placeholder(tf.float64);
    const feed = new Map([[sp, { indices: IND_5x6, values: VAL_5x6, dense_shape: [5, 6] }]]);
    const out = sess.run(tf.sparse_reshape(sp, [3, 10]), feed);
    assert.deepEqual(out.indices.toArray(), [[0, 0], [0, 6], [0, 9], [1, 0], [2, 0], [2, 1]]);
    assert.deepEqual(out.values.toArray(), VAL_5x6);
    assert.deepEqual(out.dense_shape.toArray(), [3, 10]);
    const up = sess.run(tf.sparse_reshape(sp, [2, -1, 5]), feed);
    assert.deepEqual(up.indices.toArray(), [[0, 0, 0], [0, 1, 1], [0, 1, 4], [0, 2, 0], [1, 1, 0], [1, 1, 1]]);
    assert.deepEqual(up.dense_shape.toArray(), [2, 3, 5]);
    assert.throws(() => sess.run(tf.sparse_reshape(sp, [4, -1, -1]), feed), /only one output dimension may be -1, not both 1 and 2/);
    assert.throws(() => sess.run(tf.sparse_reshape(sp, [4, 7]), feed), /Input to reshape is a tensor with 30 dense values, but the requested shape has 28/);
    assert.throws(() => sess.run(tf.sparse_reshape(sp, [4, -1]), feed), /requested shape requires a multiple of 4/);
    // With both shapes known, the result's shape is static and a bad one fails when building.
    assert.deepEqual(tf.sparse_reshape(sp5x6(), [-1, 10]).get_shape().as_list(), [3, 10]);
    assert.throws(() => tf.sparse_reshape(sp5x6(), [4, 7]), /Cannot reshape a tensor with 30 elements to shape \[4, 7\] \(28 elements\)/);
  });

  it('sparse_slice and sparse_split of a 4x6 matrix', () => {
    const s0 = ev(tf.sparse_slice(sp4x6(), [0, 0], [2, 6]));
    const s1 = ev(tf.sparse_slice(sp4x6(), [2, 0], [3, 7]));
    assert.deepEqual(s0, { indices: [[0, 0], [0, 2], [0, 4], [0, 5], [1, 1], [1, 3], [1, 4]], values: [0, 2, 4, 5, 11, 13, 14], dense_shape: [2, 6] });
    assert.deepEqual(s1, { indices: [[0, 0], [0, 3], [0, 5], [1, 0], [1, 2], [1, 3], [1, 5]], values: [20, 23, 25, 30, 32, 33, 35], dense_shape: [2, 6] });
    const [p0, p1] = tf.sparse_split({ sp_input: sp4x6(), num_split: 2, axis: 0 });
    assert.deepEqual(ev(p0), s0);
    assert.deepEqual(ev(p1), s1);
    // Uneven: 6 columns in 4 parts are 2, 2, 1, 1.
    const cols = tf.sparse_split({ sp_input: sp4x6(), num_split: 4, axis: 1 }).map(ev);
    assert.deepEqual(cols.map((c) => c.dense_shape), [[4, 2], [4, 2], [4, 1], [4, 1]]);
    assert.deepEqual(cols[2], { indices: [[0, 0], [1, 0]], values: [4, 14], dense_shape: [4, 1] });
    assert.throws(() => (tf.sparse_split as (...a: unknown[]) => unknown)(sp4x6(), 2, 0), /Keyword arguments are required|got multiple values/);
    checkGradient((x) => tf.sparse_slice(tf.SparseTensor(IND_4x6, x, [4, 6]), [1, 1], [2, 3]).values, [{ shape: [14] }], 9);
  });

  it('sparse_transpose permutes dimensions and reorders', () => {
    const out = ev(tf.sparse_transpose(sp5x6()));
    assert.deepEqual(out.dense_shape, [6, 5]);
    assert.deepEqual(out.indices, [[0, 0], [0, 1], [2, 3], [3, 1], [3, 3], [4, 1]]);
    assert.deepEqual(out.values, [0, 10, 32, 13, 33, 14]);
    assert.deepEqual(tf.sparse_transpose(sp5x6(), [1, 0]).get_shape().as_list(), [6, 5]);
  });

  it('sparse_reduce_sum / _max, dense and sparse, over axes with keepdims', () => {
    const s = tf.SparseTensor([[0, 0], [0, 2], [1, 1]], tf.constant([1, 1, 1], { dtype: tf.int32 }), [2, 3]);
    assert.equal(sess.run(tf.sparse_reduce_sum(s)).item(), 3);
    assert.deepEqual(sess.run(tf.sparse_reduce_sum(s, 0)).toArray(), [1, 1, 1]);
    assert.deepEqual(sess.run(tf.sparse_reduce_sum(s, 1)).toArray(), [2, 1]);
    assert.deepEqual(sess.run(tf.sparse_reduce_sum(s, 1, { keepdims: true })).toArray(), [[2], [1]]);
    assert.equal(sess.run(tf.sparse_reduce_sum(s, [0, 1])).item(), 3);
    const m = tf.SparseTensor([[0, 0], [0, 2], [1, 1]], tf.constant([1, 2, 3], { dtype: tf.float32 }), [2, 3]);
    assert.equal(sess.run(tf.sparse_reduce_max(m)).item(), 3);
    assert.deepEqual(sess.run(tf.sparse_reduce_max(m, 0)).toArray(), [1, 3, 2]);
    assert.deepEqual(sess.run(tf.sparse_reduce_max(m, 1)).toArray(), [2, 3]);
    assert.deepEqual(sess.run(tf.sparse_reduce_max(m, 1, { keep_dims: true })).toArray(), [[2], [3]]);
    assert.deepEqual(sess.run(tf.sparse_reduce_max(m, -1)).toArray(), [2, 3]);
    const ss = ev(tf.sparse_reduce_sum_sparse(s, 1));
    assert.deepEqual(ss, { indices: [[0], [1]], values: [2, 1], dense_shape: [2] });
    assert.deepEqual(ev(tf.sparse_reduce_max_sparse(m, 0, { keepdims: true })), { indices: [[0, 0], [0, 1], [0, 2]], values: [1, 3, 2], dense_shape: [1, 3] });
    assert.throws(() => sess.run(tf.sparse_reduce_sum(s, 2)), /Invalid reduction dimension 2, for input with 2 dimensions/);
    checkGradient((x) => tf.sparse_reduce_sum(tf.SparseTensor([[0, 0, 1], [0, 2, 0], [1, 1, 1], [1, 2, 1]], x, [2, 3, 2]), [1]), [{ shape: [4] }], 11);
  });

  it('sparse_softmax over each row\'s entries, and its gradient', () => {
    const s = tf.SparseTensor([[0, 0], [0, 2], [1, 1]], tf.constant([1, 2, 3], { dtype: tf.float32 }), [2, 3]);
    const out = ev(tf.sparse_softmax(s));
    assertClose(out.values as number[], [1 / (1 + Math.E), Math.E / (1 + Math.E), 1]);
    assert.deepEqual(out.indices, [[0, 0], [0, 2], [1, 1]]);
    checkGradient((x) => tf.sparse_softmax(tf.SparseTensor([[0, 0, 0], [0, 0, 2], [0, 1, 1], [1, 0, 0], [1, 0, 1], [1, 0, 2]], x, [2, 2, 3])).values, [{ shape: [6] }], 13);
  });

  it('sparse_maximum / sparse_minimum with implicit zeros', () => {
    const zero = tf.SparseTensor([[0]], tf.constant([0], { dtype: tf.float32 }), [7]);
    const one = tf.SparseTensor([[0]], tf.constant([1], { dtype: tf.float32 }), [7]);
    assert.deepEqual(ev(tf.sparse_maximum(zero, one)), ev(one));
    assert.deepEqual(ev(tf.sparse_minimum(zero, one)), ev(zero));
    const zero2 = tf.SparseTensor([[1]], tf.constant([0], { dtype: tf.float32 }), [7]);
    assert.deepEqual(ev(tf.sparse_maximum(zero, zero2)), { indices: [[0], [1]], values: [0, 0], dense_shape: [7] });
    const neg = tf.SparseTensor([[2]], tf.constant([-3], { dtype: tf.float32 }), [7]);
    assert.deepEqual(ev(tf.sparse_maximum(one, neg)).values, [1, 0]);
    assert.deepEqual(ev(tf.sparse_minimum(one, neg)).values, [0, -3]);
  });

  it('sparse_tensor_dense_matmul (SparseTensorDenseMatMul) with adjoints, as numpy; its gradient', () => {
    const ind = [[0, 1], [1, 0], [2, 2], [2, 3]];
    const vals = [1, 2, 3, 4];
    const a = tf.SparseTensor(ind, tf.constant(vals, { dtype: tf.float32 }), [3, 4]);
    const denseA = [[0, 1, 0, 0], [2, 0, 0, 0], [0, 0, 3, 4]];
    const b = [[1, 2], [3, 4], [5, 6], [7, 8]];
    const product = tf.sparse_tensor_dense_matmul(a, tf.constant(b));
    assert.equal(product.op.type, 'SparseTensorDenseMatMul');
    assert.deepEqual(product.shape.as_list(), [3, 2]);
    assert.deepEqual(sess.run(product).toArray(), sess.run(tf.matmul(denseA, b)).toArray());
    const bt = [[1, 3, 5, 7], [2, 4, 6, 8]];
    assert.deepEqual(sess.run(tf.sparse_tensor_dense_matmul(a, bt, { adjoint_b: true })).toArray(), sess.run(tf.matmul(denseA, b)).toArray());
    const c = [[1, 0, 2], [0, 1, 1], [1, 1, 1]];
    assert.deepEqual(sess.run(tf.sparse_tensor_dense_matmul(a, c, { adjoint_a: true })).toArray(), sess.run(tf.matmul(denseA, c, { transpose_a: true })).toArray());
    assert.throws(() => sess.run(tf.sparse_tensor_dense_matmul(a, tf.ones([3, 2]))), /Cannot multiply A and B because inner dimension does not match: 4 vs. 3/);
    for (const [adjoint_a, adjoint_b] of [[false, false], [true, false], [false, true], [true, true]]) {
      checkGradient((x, y) => tf.sparse_tensor_dense_matmul(tf.SparseTensor(ind, x, [3, 4]), y, { adjoint_a, adjoint_b }),
        [{ shape: [4] }, { shape: adjoint_a ? (adjoint_b ? [2, 3] : [3, 2]) : (adjoint_b ? [2, 4] : [4, 2]) }], 21);
    }
    assert.equal(tf.sparse.sparse_dense_matmul, tf.sparse_tensor_dense_matmul);
    assert.equal(tf.sparse.matmul, tf.sparse_tensor_dense_matmul);
  });

  it('sparse_segment_sum / mean / sqrt_n, with num_segments, and their gradients', () => {
    const c = tf.constant([[1, 2, 3, 4], [-1, -2, -3, -4], [5, 6, 7, 8]]);
    assert.deepEqual(sess.run(tf.sparse_segment_sum(c, [0, 1], [0, 0])).toArray(), [[0, 0, 0, 0]]);
    assert.deepEqual(sess.run(tf.sparse_segment_sum(c, [0, 1], [0, 1])).toArray(), [[1, 2, 3, 4], [-1, -2, -3, -4]]);
    assert.deepEqual(sess.run(tf.sparse_segment_sum(c, [0, 2], [0, 1])).toArray(), [[1, 2, 3, 4], [5, 6, 7, 8]]);
    const withNum = tf.sparse_segment_sum(c, [0, 1], [0, 2], { num_segments: 4 });
    assert.equal(withNum.op.type, 'SparseSegmentSumWithNumSegments');
    assert.deepEqual(withNum.shape.as_list(), [4, 4]);
    assert.deepEqual(sess.run(withNum).toArray(), [[1, 2, 3, 4], [0, 0, 0, 0], [-1, -2, -3, -4], [0, 0, 0, 0]]);
    assertClose(sess.run(tf.sparse_segment_mean(c, [0, 1, 2], [0, 0, 1])).values, [0, 0, 0, 0, 5, 6, 7, 8]);
    assertClose(sess.run(tf.sparse_segment_mean(c, [0, 2], [0, 0])).values, [3, 4, 5, 6]);
    assertClose(sess.run(tf.sparse_segment_sqrt_n(c, [0, 2], [0, 0])).values, [6, 8, 10, 12].map((x) => x / Math.SQRT2));
    assert.throws(() => sess.run(tf.sparse_segment_sum(c, [0, 3], [0, 1])), /out of range/);
    for (const f of [tf.sparse_segment_sum, tf.sparse_segment_mean, tf.sparse_segment_sqrt_n]) {
      checkGradient((x) => f(x, [0, 2, 1, 2], [0, 0, 1, 3]), [{ shape: [3, 2] }], 23);
      checkGradient((x) => f(x, [0, 2, 1], [0, 0, 2], { num_segments: 4 }), [{ shape: [3, 2] }], 24);
    }
    assert.equal(tf.sparse.segment_sum, tf.sparse_segment_sum);
  });

  it('gather_nd and scatter_nd, with their gradients', () => {
    assert.deepEqual(sess.run(tf.gather_nd([[1, 2], [3, 4]], [[1, 0], [0, 1]])).toArray(), [3, 2]);
    assert.deepEqual(sess.run(tf.gather_nd([[1, 2], [3, 4]], [[1]])).toArray(), [[3, 4]]);
    assert.deepEqual(sess.run(tf.scatter_nd([[4], [3], [1], [7]], [9, 10, 11, 12], [8])).toArray(), [0, 11, 0, 10, 9, 0, 0, 12]);
    assert.throws(() => sess.run(tf.gather_nd([[1, 2], [3, 4]], [[2, 0]])), /does not index into param shape \[2,2\]/);
    checkGradient((x) => tf.gather_nd(x, [[1, 0], [0, 1], [1, 0]]), [{ shape: [2, 2] }], 31);
    checkGradient((u) => tf.scatter_nd([[1], [0]], u, [3, 2]), [{ shape: [2, 2] }], 32);
  });
});
