// Reductions, arg max/min, add_n, matmul and broadcasting against hand-computed values.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { assertClose, nodes, run } from './helpers';

describe('math ops: reductions, matmul, broadcasting', () => {
  beforeEach(() => tf.reset_default_graph());
  const matrix = () => tf.constant([[1, 2, 3], [4, 5, 6]], { dtype: tf.float32 });

  it('reduce_sum without axis builds a Const range and a scalar Sum, as TF 1.x does', () => {
    const s = tf.reduce_sum(matrix());
    assert.deepEqual(nodes(), ['Const:Const', 'Const_1:Const', 'Sum:Sum']);
    assert.equal(s.shape.toString(), '()');
    assert.equal(run(s).item(), 21);
    assert.deepEqual(run(tf.get_default_graph().get_tensor_by_name('Const_1:0')).toArray(), [0, 1]);
  });

  it('axis, keepdims and the TF1 aliases reduction_indices / keep_dims', () => {
    const x = matrix();
    const a = tf.reduce_sum(x, 1);
    assert.ok(nodes().includes('Sum/reduction_indices:Const'));
    assert.deepEqual(run(a).toArray(), [6, 15]);
    const k = tf.reduce_mean(x, { reduction_indices: [0], keep_dims: true });
    assert.equal(k.shape.toString(), '(1, 3)');
    assert.deepEqual(run(k).toArray(), [[2.5, 3.5, 4.5]]);
    assert.deepEqual(run(tf.reduce_max(x, 0)).toArray(), [4, 5, 6]);
    assert.deepEqual(run(tf.reduce_min(x, -1)).toArray(), [1, 4]);
    assert.deepEqual(run(tf.reduce_prod(x, 1)).toArray(), [6, 120]);
    assert.throws(() => tf.reduce_sum(x, { axis: 1, reduction_indices: 1 }), /Cannot specify both 'axis' and 'reduction_indices'/);
  });

  it('integer mean truncates; all/any on bools', () => {
    assert.deepEqual(run(tf.reduce_mean(tf.constant([[1, 2], [3, 5]], { dtype: tf.int32 }), 1)).toArray(), [1, 4]);
    const b = tf.constant([[true, false], [true, true]]);
    assert.deepEqual(run(tf.reduce_all(b, 1)).toArray(), [false, true]);
    assert.deepEqual(run(tf.reduce_any(b, 0)).toArray(), [true, true]);
  });

  it('shape functions with unknown dims and TF\'s errors', () => {
    const p = tf.placeholder(tf.float32, [null, 3]);
    assert.equal(tf.reduce_sum(p, 1).shape.toString(), '(?,)');
    assert.equal(tf.reduce_sum(p, 0, { keepdims: true }).shape.toString(), '(1, 3)');
    const u = tf.placeholder(tf.float32);
    const su = tf.reduce_sum(u);
    assert.equal(su.shape.toString(), '()');
    assert.ok(nodes().includes('Rank:Rank') && nodes().includes('range:Range'));
    assert.equal(run(su, new Map([[u, [[1, 2], [3, 4]]]])).item(), 10);
    assert.throws(() => tf.reduce_sum(p, 2), /Invalid reduction dimension 2 for input with 2 dimensions\. for 'Sum_3' \(op: 'Sum'\) with input shapes: \[\?,3\], \[\]\./);
    const axis = tf.placeholder(tf.int32, []);
    assert.throws(() => run(tf.reduce_sum(p, axis), new Map<tf.Tensor, number[][] | number>([[p, [[1, 2, 3]]], [axis, 5]])),
      (e: Error) => e instanceof tf.errors.InvalidArgumentError && e.message.startsWith('Invalid reduction dimension (5 for input with 2 dimension(s)'));
  });

  it('argmax / argmin', () => {
    const x = tf.constant([[1, 9, 3], [7, 5, 7]]);
    const am = tf.argmax(x, 1);
    assert.equal(am.dtype, tf.int64);
    assert.ok(nodes().includes('ArgMax/dimension:Const'));
    assert.deepEqual(run(am).toArray(), [1, 0]);
    assert.deepEqual(run(tf.argmin(x, 0, { output_type: tf.int32 })).toArray(), [0, 1, 0]);
    assert.throws(() => tf.argmax(x, 2), /Expected dimension in the range \[-2, 2\), but got 2/);
  });

  it('add_n', () => {
    const a = tf.constant([1, 2]), b = tf.constant([10, 20]), c = tf.constant([100, 200]);
    const s = tf.add_n([a, b, c]);
    assert.equal(s.op.type, 'AddN');
    assert.deepEqual(run(s).toArray(), [111, 222]);
    assert.equal(tf.add_n([a]), a);
    assert.throws(() => tf.add_n([a, tf.constant([1, 2, 3])]), /Dimension 0 in both shapes must be equal, but are 2 and 3/);
    assert.throws(() => tf.add_n([]), /inputs must be a list of at least one Tensor/);
  });

  it('matmul against hand-computed values, with transposes', () => {
    const a = tf.constant([[1, 2], [3, 4], [5, 6]], { dtype: tf.float32 });
    const b = tf.constant([[7, 8, 9], [10, 11, 12]], { dtype: tf.float32 });
    assert.deepEqual(run(tf.matmul(a, b)).toArray(), [[27, 30, 33], [61, 68, 75], [95, 106, 117]]);
    assert.deepEqual(run(tf.matmul(a, a, { transpose_a: true })).toArray(), [[35, 44], [44, 56]]);
    assert.throws(() => tf.matmul(a, a), /Dimensions must be equal, but are 2 and 3 for 'MatMul_2'/);
  });

  it('matmul of batches (BatchMatMulV2) broadcasts the batch dimensions', () => {
    const x = tf.constant([[[1, 2], [3, 4]], [[0, 1], [1, 0]]], { dtype: tf.float32 });   // [2, 2, 2]
    const eye = tf.constant([[[1, 0], [0, 1]]], { dtype: tf.float32 });                  // [1, 2, 2]
    const p = tf.matmul(x, eye.mul(2));
    assert.equal(p.op.type, 'BatchMatMulV2');
    assert.equal(p.shape.toString(), '(2, 2, 2)');
    assert.deepEqual(run(p).toArray(), [[[2, 4], [6, 8]], [[0, 2], [2, 0]]]);
    assert.deepEqual(run(tf.matmul(x, x, { adjoint_a: true })).toArray(), [[[10, 14], [14, 20]], [[1, 0], [0, 1]]]);
    assert.throws(() => tf.matmul(x, tf.constant([[[1, 2, 3]]], { dtype: tf.float32 })), /Dimensions must be equal, but are 2 and 1/);
    const v = tf.placeholder(tf.float32, [null, 2, 2]);
    assert.equal(tf.matmul(v, x).shape.toString(), '(2, 2, 2)');
  });

  it('broadcasting against hand-computed values', () => {
    const col = tf.constant([[1], [2]], { dtype: tf.float32 });
    const row = tf.constant([10, 20, 30], { dtype: tf.float32 });
    const s = tf.add(col, row);
    assert.equal(s.shape.toString(), '(2, 3)');
    assert.deepEqual(run(s).toArray(), [[11, 21, 31], [12, 22, 32]]);
    assertClose(run(tf.truediv(row, col)).values, [10, 20, 30, 5, 10, 15]);
    assert.throws(() => tf.add(row, tf.constant([1, 2], { dtype: tf.float32 })), /Dimensions must be equal, but are 3 and 2/);
  });
});
