// unique_with_counts, unravel_index, searchsorted and bincount against TF 1.15's unique_op_test,
// unravel_index_op_test, searchsorted tests and bincount_op_test: values, op types and names, TF's errors.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';

describe('unique_with_counts, unravel_index, searchsorted, bincount', () => {
  let sess: tf.Session;
  beforeEach(() => { tf.reset_default_graph(); sess = new tf.Session(); });
  afterEach(() => sess.close());
  const run = (t: tf.Tensor) => sess.run(t).toArray();

  it('unique_with_counts: distinct values in order of appearance, each element\'s index, each value\'s count', () => {
    const out = tf.unique_with_counts(tf.constant([1, 1, 2, 4, 4, 4, 7, 8, 8]));
    const [y, idx, count] = out;
    assert.ok(out.y === y && out.idx === idx && out.count === count);
    assert.equal(y.op.type, 'UniqueWithCounts');
    assert.equal(y.op.name, 'UniqueWithCounts');
    assert.deepEqual([y.shape.toString(), idx.shape.toString(), count.shape.toString()], ['(?,)', '(9,)', '(?,)']);
    assert.deepEqual(run(y), [1, 2, 4, 7, 8]);
    assert.deepEqual(run(idx), [0, 0, 1, 2, 2, 2, 3, 4, 4]);
    assert.deepEqual(run(count), [2, 1, 3, 1, 2]);
    const s = tf.unique_with_counts(tf.constant(['b', 'a', 'b']), { out_idx: tf.int64 });
    assert.equal(s.count.dtype, tf.int64);
    assert.deepEqual(run(s.y), ['b', 'a']);
    assert.deepEqual(run(s.count), [2, 1]);
    assert.throws(() => tf.unique_with_counts([[1, 2]]), /Shape must be rank 1 but is rank 2/);
    const p = tf.placeholder(tf.int32);
    assert.throws(() => sess.run(tf.unique_with_counts(p).y, new Map([[p, [[1]]]])), { name: 'InvalidArgumentError', message: /unique expects a 1D vector\./ });
  });

  it('unravel_index: coordinates of flat indices, one row per dimension', () => {
    const r = tf.unravel_index([22, 41, 37], [7, 6]);
    assert.equal(r.op.type, 'UnravelIndex');
    assert.equal(r.shape.toString(), '(2, 3)');
    assert.deepEqual(run(r), [[3, 6, 6], [4, 5, 1]]);
    const s = tf.unravel_index(1621, [6, 7, 8, 9]);
    assert.equal(s.shape.toString(), '(4,)');
    assert.deepEqual(run(s), [3, 1, 4, 1]);
    const l = tf.unravel_index(tf.constant([5], { dtype: tf.int64 }), [2, 3]);
    assert.equal(l.dtype, tf.int64);
    assert.deepEqual(run(l), [[1], [2]]);
    assert.throws(() => tf.unravel_index([1], [[2, 3]]), /Shape must be rank 1 but is rank 2/);
    assert.throws(() => run(tf.unravel_index([6], [2, 3])), { name: 'InvalidArgumentError', message: /index is out of bound as with dims/ });
    assert.throws(() => tf.unravel_index(tf.constant([1.5]), [2]), /not in list of allowed values: int32, int64/);
  });

  it('searchsorted: LowerBound for side left, UpperBound for right, over the last axis of each row', () => {
    const seq = [[0, 3, 9, 9, 10], [1, 2, 3, 4, 5]];
    const vals = [[2, 4, 9], [0, 2, 6]];
    const left = tf.searchsorted(seq, vals);
    assert.equal(left.op.type, 'Reshape');
    assert.equal(left.op.inputs[0].op.type, 'LowerBound');
    assert.equal(left.op.inputs[0].op.name, 'LowerBound');
    assert.equal(left.dtype, tf.int32);
    assert.deepEqual(run(left), [[1, 2, 2], [0, 1, 5]]);
    const right = tf.searchsorted(seq, vals, { side: 'right', out_type: tf.int64 });
    assert.equal(right.op.inputs[0].op.type, 'UpperBound');
    assert.equal(right.dtype, tf.int64);
    assert.deepEqual(run(right), [[1, 2, 4], [0, 2, 5]]);
    assert.deepEqual(run(tf.searchsorted([0.5, 1.5, 2.5], [1, 3, 0], { side: 'right' })), [1, 3, 0]);
    assert.throws(() => tf.searchsorted([1, 2], [1], { side: 'middle' as 'left' }), { name: 'ValueError', message: "side must be either 'right' or 'left'.  Saw: middle." });
    assert.throws(() => run(tf.searchsorted([[1, 2], [3, 4]], [[1], [2], [3]])), { name: 'InvalidArgumentError', message: /Leading dim_size of both tensors must match\./ });
  });

  it('bincount: counts by value, minlength and maxlength, weights summed by value', () => {
    const b = tf.bincount([1, 1, 3, 5]);
    assert.equal(b.op.type, 'Bincount');
    assert.equal(b.op.name, 'bincount/Bincount');
    assert.equal(b.dtype, tf.int32);
    assert.deepEqual(run(b), [0, 2, 0, 1, 0, 1]);
    assert.equal(tf.math.bincount, tf.bincount);
    assert.deepEqual(run(tf.bincount([1, 1, 3], { minlength: 6 })), [0, 2, 0, 1, 0, 0]);
    assert.deepEqual(run(tf.bincount([1, 1, 3, 5], { maxlength: 3 })), [0, 2, 0]);
    assert.deepEqual(run(tf.bincount([], { minlength: 2 })), [0, 0]);
    assert.deepEqual(run(tf.bincount([[0, 2], [2, 2]], { dtype: tf.float32 })), [1, 0, 3]);
    const w = tf.bincount([1, 1, 2], { weights: [0.5, 0.25, 2] });
    assert.equal(w.op.type, 'UnsortedSegmentSum');
    assert.deepEqual(run(w), [0, 0.75, 2]);
    assert.throws(() => run(tf.bincount([1, -1, 0])), { name: 'InvalidArgumentError', message: /Input arr must be non-negative!/ });
  });
});
