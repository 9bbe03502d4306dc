// N-d gathers and scatters against TF 1.15's gather_nd_op_test, scatter_nd_ops_test, scatter_ops_test and
// batch_gather_op_test: op types, node names, values, TF's errors and finite-difference checked gradients.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { checkGradient } from './gradient_check';

const idx = (shape: number[], values: number[]) => new tf.NDArray(tf.int32, shape, Int32Array.from(values));

describe('gather_nd and scatter_nd', () => {
  let sess: tf.Session;
  beforeEach(() => { tf.reset_default_graph(); sess = new tf.Session(); });
  afterEach(() => sess.close());
  const run = (t: tf.Tensor) => sess.run(t).toArray();

  it('gather_nd picks elements and slices (gather_nd_op_test)', () => {
    const g = tf.gather_nd([8, 1, 2, 3, 7, 5], [[4], [4], [0]]);
    assert.equal(g.op.type, 'GatherNd');
    assert.equal(g.op.name, 'GatherNd');
    assert.equal(g.op.get_attr('Tindices'), tf.int32);
    assert.deepEqual(run(g), [7, 7, 8]);
    const params = tf.constant([[-8, -1, -2], [8, 1, 2]]);
    assert.deepEqual(run(tf.gather_nd(params, [[0, 2], [1, 0]])), [-2, 8]);
    const rows = tf.gather_nd(params, [[1], [0]]);
    assert.deepEqual(rows.shape.as_list(), [2, 3]);
    assert.deepEqual(run(rows), [[8, 1, 2], [-8, -1, -2]]);
    assert.deepEqual(run(tf.gather_nd(params, [[[0, 1]], [[1, 2]]])), [[-1], [2]]);
    assert.deepEqual(sess.run(tf.gather_nd(tf.constant(['a', 'b', 'c']), [[2], [0]])).strings, ['c', 'a']);
    assert.equal(tf.gather_nd(params, [[1]], { name: 'pick' }).op.name, 'pick');
  });

  it('gather_nd raises TF\'s errors for bad indices and ranks', () => {
    assert.throws(() => run(tf.gather_nd([0, 1, 2], [[[0], [7]]])), { name: 'InvalidArgumentError', message: /indices\[0,1\] = \[7\] does not index into param shape \[3\]/ });
    assert.throws(() => run(tf.gather_nd([[0, 1, 2]], [[[0], [0], [1]]])), /indices\[0,2\] = \[1\] does not index into param shape \[1,3\]/);
    assert.throws(() => tf.gather_nd([1, 2], [[0, 1]]), /indices.shape\[-1\] must be <= params.rank, but saw indices shape: \[1,2\] and params shape: \[2\]/);
    assert.throws(() => tf.gather_nd([1, 2], 0), /Shape must be at least rank 1 but is rank 0/);
  });

  it('scatter_nd adds updates into zeros (scatter_nd_ops_test)', () => {
    const s = tf.scatter_nd([[4], [3], [1], [7]], [9, 10, 11, 12], [8]);
    assert.equal(s.op.type, 'ScatterNd');
    assert.equal(s.op.name, 'ScatterNd');
    assert.deepEqual(s.shape.as_list(), [8]);
    assert.deepEqual(run(s), [0, 11, 0, 10, 9, 0, 0, 12]);
    assert.deepEqual(run(tf.scatter_nd([[1, 0], [1, 1]], [1, 2], [2, 2])), [[0, 0], [1, 2]]);
    assert.deepEqual(run(tf.scatter_nd([[1]], [[11, 12]], [2, 2])), [[0, 0], [11, 12]]);
    // Repeated indices add up.
    assert.deepEqual(run(tf.scatter_nd([[0], [0], [2]], [1.5, 2, 3], [3])), [3.5, 0, 3]);
  });

  it('scatter_nd raises TF\'s errors', () => {
    assert.throws(() => run(tf.scatter_nd([[-1], [0], [5]], [1, 2, 3], [6])), { name: 'InvalidArgumentError', message: /indices\[0\] = \[-1\] does not index into shape \[6\]/ });
    assert.throws(() => run(tf.scatter_nd([[2], [0], [6]], [1, 2, 3], [6])), /indices\[2\] = \[6\] does not index into shape \[6\]/);
    assert.throws(() => tf.scatter_nd(tf.zeros([3, 2, 2], tf.int32), tf.zeros([2, 2, 2]), [2, 2, 2]), /The outer 2 dimensions of indices\.shape=\[3,2,2\] must match the outer 2 dimensions of updates\.shape=\[2,2,2\]: Dimension 0 in both shapes must be equal, but are 3 and 2/);
    assert.throws(() => tf.scatter_nd(tf.zeros([2, 2, 1], tf.int32), tf.zeros([2, 2]), [2, 2, 2]), /The inner 2 dimensions of output\.shape=\[2,2,2\] must match the inner 0 dimensions of updates\.shape=\[2,2\]/);
    assert.throws(() => tf.scatter_nd([[0]], [1], [[2]]), /Shape must be rank 1 but is rank 2/);
  });

  it('tensor_scatter_update/add/sub (and their tensor_scatter_nd_ names) write into a copy', () => {
    const t = tf.constant([1, 2, 3, 4, 5, 6, 7, 8]);
    const u = tf.tensor_scatter_update(t, [[4], [3], [1], [7]], [9, 10, 11, 12]);
    assert.equal(u.op.type, 'TensorScatterUpdate');
    assert.equal(u.op.name, 'TensorScatterUpdate');
    assert.deepEqual(run(u), [1, 11, 3, 10, 9, 6, 7, 12]);
    assert.deepEqual(run(tf.tensor_scatter_add(t, [[4], [3], [1], [7]], [9, 10, 11, 12])), [1, 13, 3, 14, 14, 6, 7, 20]);
    assert.deepEqual(run(tf.tensor_scatter_sub(t, [[4], [3], [1], [7]], [9, 10, 11, 12])), [1, -9, 3, -6, -4, 6, 7, -4]);
    assert.equal(tf.tensor_scatter_nd_update, tf.tensor_scatter_update);
    assert.equal(tf.tensor_scatter_nd_add, tf.tensor_scatter_add);
    assert.equal(tf.tensor_scatter_nd_sub, tf.tensor_scatter_sub);
    const m = tf.constant([[1, 2], [3, 4]], { dtype: tf.float32 });
    assert.deepEqual(run(tf.tensor_scatter_update(m, [[1]], [[7, 8]])), [[1, 2], [7, 8]]);
    assert.throws(() => run(tf.tensor_scatter_update(t, [[8]], [1])), /indices\[0\] = \[8\] does not index into shape \[8\]/);
    assert.throws(() => tf.tensor_scatter_add(m, [[1]], [[7, 8, 9]]), /The inner 1 dimensions of input\.shape=\[2,2\] must match the inner 1 dimensions of updates\.shape=\[1,3\]/);
  });

  it('has TF\'s gradients: ScatterNd for GatherNd, GatherNd for the scatters', () => {
    const ix = tf.constant([[0, 0], [1, 1]]);
    const updates = tf.constant([1, 4], { dtype: tf.float64 });
    const s = tf.scatter_nd(ix, updates, [2, 2]);
    const [g] = tf.gradients(s, updates, { grad_ys: tf.constant([[1, 2], [3, 4]], { dtype: tf.float64 }) });
    assert.deepEqual(run(g as tf.Tensor), [1, 4]);
    assert.ok(checkGradient((p) => tf.gather_nd(p, idx([3, 2], [0, 1, 2, 0, 0, 1])), [{ shape: [3, 2] }], 11).includes('ScatterNd'));
    checkGradient((p) => tf.gather_nd(p, idx([2, 1], [2, 2])), [{ shape: [3, 2] }], 12);
    assert.ok(checkGradient((u) => tf.scatter_nd(idx([3, 1], [1, 0, 1]), u, [3, 2]), [{ shape: [3, 2] }], 13).includes('GatherNd'));
    for (const f of [tf.tensor_scatter_update, tf.tensor_scatter_add, tf.tensor_scatter_sub]) {
      checkGradient((t, u) => f(t, idx([2, 2], [0, 1, 2, 0]), u), [{ shape: [3, 2] }, { shape: [2] }], 14);
    }
  });
});

describe('scatter writes to variables', () => {
  let sess: tf.Session;
  beforeEach(() => { tf.reset_default_graph(); sess = new tf.Session(); });
  afterEach(() => sess.close());

  it('scatter_nd_update/add/sub (ScatterNdUpdate...) write through N-d indices', () => {
    const v = tf.Variable([1, 2, 3, 4, 5, 6, 7, 8], { name: 'v' });
    sess.run(v.initializer);
    const up = tf.scatter_nd_update(v, [[4], [3], [1], [7]], [9, 10, 11, 12]);
    assert.equal(up.op.type, 'ScatterNdUpdate');
    assert.equal(up.op.name, 'ScatterNdUpdate');
    assert.equal(up.op.get_attr('use_locking'), true);
    assert.deepEqual(sess.run(up).toArray(), [1, 11, 3, 10, 9, 6, 7, 12]);
    sess.run(v.initializer);
    const add = tf.scatter_nd_add(v, [[4], [3], [1], [7]], [9, 10, 11, 12]);
    assert.equal(add.op.get_attr('use_locking'), false);
    assert.deepEqual(sess.run(add).toArray(), [1, 13, 3, 14, 14, 6, 7, 20]);
    sess.run(v.initializer);
    assert.deepEqual(sess.run(tf.scatter_nd_sub(v, [[4], [4]], [1, 2], { name: 'down' })).toArray(), [1, 2, 3, 4, 2, 6, 7, 8]);
    assert.throws(() => sess.run(tf.scatter_nd_update(v, [[9]], [1])), /indices\[0\] = \[9\] does not index into shape \[8\]/);
    const m = tf.Variable(tf.zeros([2, 2]), { name: 'm' });
    assert.throws(() => tf.scatter_nd_update(m, [[0]], [[1, 2, 3]]), /The inner 1 dimensions of input\.shape=\[2,2\] must match/);
    assert.throws(() => tf.scatter_nd_update(tf.constant([1]) as never, [[0]], [1]), /requires a variable/);
  });

  it('scatter_sub/mul/div/min/max combine rows (scatter_ops_test)', () => {
    const v = tf.Variable([[1, 2], [3, 4], [5, 6]], { dtype: tf.float32, name: 'w' });
    const cases: [typeof tf.scatter_sub, string, number[][]][] = [
      [tf.scatter_sub, 'ScatterSub', [[1, 2], [-7, -6], [5, 6]]],
      [tf.scatter_mul, 'ScatterMul', [[1, 2], [30, 40], [5, 6]]],
      [tf.scatter_div, 'ScatterDiv', [[1, 2], [0.3, 0.4], [5, 6]]],
      [tf.scatter_min, 'ScatterMin', [[1, 2], [3, 4], [5, 6]]],
      [tf.scatter_max, 'ScatterMax', [[1, 2], [10, 10], [5, 6]]],
    ];
    for (const [f, type, expected] of cases) {
      sess.run(v.initializer);
      const op = f(v, [1], [[10, 10]]);
      assert.equal(op.op.type, type);
      assert.equal(op.op.get_attr('use_locking'), false);
      const got = sess.run(op).toArray() as number[][];
      assert.deepEqual(got.map((r) => r.map((x) => Math.round(x * 1e6) / 1e6)), expected, type);
    }
    // Repeated indices apply in turn; integer division truncates.
    const iv = tf.Variable([7, 9], { dtype: tf.int32, name: 'iv' });
    sess.run(iv.initializer);
    assert.deepEqual(sess.run(tf.scatter_div(iv, [0, 0, 1], [2, 1, 2])).toArray(), [3, 4]);
    assert.throws(() => sess.run(tf.scatter_sub(v, [3], [[1, 1]])), /indices\[0\] = 3 is not in \[0, 3\)/);
    // TF declares no gradient for ScatterMax (ScatterSub and the others are NotDifferentiable).
    assert.throws(() => tf.gradients(tf.scatter_max(v, [0], [[1, 1]]), v), { name: 'LookupError', message: /No gradient defined for operation 'ScatterMax_1' \(op type: ScatterMax\)/ });
  });

  it('batch_scatter_update builds a ScatterNdUpdate over explicit batch indices', () => {
    const v = tf.Variable([[1, 2, 3], [4, 5, 6]], { name: 'b' });
    sess.run(v.initializer);
    const up = tf.batch_scatter_update(v, [[2, 0], [1, 1]], [[30, 10], [50, 55]]);
    assert.equal(up.op.type, 'ScatterNdUpdate');
    assert.deepEqual(sess.run(up).toArray(), [[10, 2, 30], [4, 55, 6]]);
    assert.throws(() => tf.batch_scatter_update(v, tf.placeholder(tf.int32), [1]), /batch_gather does not allow indices with unknown shape/);
  });
});

describe('batch_gather', () => {
  beforeEach(() => tf.reset_default_graph());

  it('gathers per batch (batch_gather_op_test), with the gradient of its gather', () => {
    const sess = new tf.Session();
    const g = tf.batch_gather([[1, 2, 3], [4, 5, 6]], [[2, 0], [1, 1]]);
    assert.ok(g.op.name.startsWith('BatchGather/'));
    assert.deepEqual(g.shape.as_list(), [2, 2]);
    assert.deepEqual(sess.run(g).toArray(), [[3, 1], [5, 5]]);
    const p3 = tf.constant([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]);
    assert.deepEqual(sess.run(tf.batch_gather(p3, [[1], [0]])).toArray(), [[[3, 4]], [[5, 6]]]);
    const p = tf.reshape(tf.range(12), [2, 2, 3]);
    assert.deepEqual(sess.run(tf.batch_gather(p, [[[2], [0]], [[1], [1]]])).toArray(), [[[2], [3]], [[7], [10]]]);
    assert.throws(() => tf.batch_gather([1, 2], tf.placeholder(tf.int32)), /batch_gather does not allow indices with unknown shape/);
    assert.throws(() => tf.batch_gather([1, 2], 0), /batch_dims = -1 must be less than rank\(indices\) = 0/);
    sess.close();
    checkGradient((x) => tf.batch_gather(x, idx([2, 3], [2, 0, 0, 1, 1, 2])), [{ shape: [2, 3] }], 21);
  });
});
