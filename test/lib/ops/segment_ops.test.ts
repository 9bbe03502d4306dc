// Segment reductions against TF 1.15's segment_reduction_ops_test: op types and names, values (gaps,
// empty segments, dropped negative ids), TF's errors, and the gradients TF has, finite-difference checked.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { checkGradient } from './gradient_check';

const ids = (values: number[]) => new tf.NDArray(tf.int32, [values.length], Int32Array.from(values));

describe('segment reductions', () => {
  let sess: tf.Session;
  beforeEach(() => { tf.reset_default_graph(); sess = new tf.Session(); });
  afterEach(() => sess.close());
  const run = (t: tf.Tensor) => sess.run(t).toArray();

  it('segment_sum/mean/max/min/prod reduce sorted segments', () => {
    const c = tf.constant([[1, 2, 3, 4], [4, 3, 2, 1], [5, 6, 7, 8]], { dtype: tf.float32 });
    const s = tf.segment_sum(c, [0, 0, 1]);
    assert.equal(s.op.type, 'SegmentSum');
    assert.equal(s.op.name, 'SegmentSum');
    assert.equal(s.op.get_attr('Tindices'), tf.int32);
    assert.deepEqual(s.shape.as_list(), [null, 4]);
    assert.deepEqual(run(s), [[5, 5, 5, 5], [5, 6, 7, 8]]);
    assert.deepEqual(run(tf.segment_mean(c, [0, 0, 1])), [[2.5, 2.5, 2.5, 2.5], [5, 6, 7, 8]]);
    assert.deepEqual(run(tf.segment_prod(c, [0, 0, 1])), [[4, 6, 6, 4], [5, 6, 7, 8]]);
    assert.deepEqual(run(tf.segment_max([5, 1, 7, 2, 3, 4, 1, 3], [0, 0, 0, 1, 2, 2, 3, 3])), [7, 2, 4, 3]);
    assert.deepEqual(run(tf.segment_min([5, 1, 7, 2, 3, 4, 1, 3], [0, 0, 0, 1, 2, 2, 3, 3])), [1, 2, 3, 1]);
    // Ids skipped between segments give 0 (1 for the product), whatever the reduction.
    assert.deepEqual(run(tf.segment_max([-5, -1], [0, 2])), [-5, 0, -1]);
    assert.deepEqual(run(tf.segment_prod([2, 3], [1, 1])), [1, 6]);
    // Integer means truncate.
    assert.deepEqual(run(tf.segment_mean(tf.constant([1, 2, 4], { dtype: tf.int32 }), [0, 0, 0])), [2]);
    assert.equal(tf.math.segment_sum, tf.segment_sum);
    assert.equal(tf.segment_min(c, [0, 0, 1], { name: 'smin' }).op.name, 'smin');
  });

  it('segment ops raise TF\'s errors', () => {
    const x = tf.zeros([4, 4]);
    assert.throws(() => tf.segment_sum(x, [[0, 0], [1, 1]]), /Shape must be rank 1 but is rank 2/);
    assert.throws(() => tf.segment_sum(tf.constant(1), [0]), /Shape must be at least rank 1 but is rank 0/);
    assert.throws(() => run(tf.segment_sum(x, [0, 1])), { name: 'InvalidArgumentError', message: /segment_ids should be the same size as dimension 0 of input\./ });
    assert.throws(() => run(tf.segment_sum(x, [-1, -1, 0, 0])), /Segment id -1 out of range \[0, 1\), possibly because 'segment_ids' input is not sorted\./);
    assert.throws(() => run(tf.segment_sum(x, [0, 1, 0, 1])), /segment ids are not increasing/);
    assert.throws(() => run(tf.segment_sum(x, [0, 1, 2, 0])), /Segment id 1 out of range \[0, 1\)/);
    assert.throws(() => run(tf.segment_sum(x, [0, 0, 0, -2])), /segment ids must be >= 0/);
  });

  it('unsorted_segment_max/min/prod/mean/sqrt_n reduce by unsorted ids, dropping negative ones', () => {
    const d = tf.constant([[1, 2], [3, 4], [5, 6]], { dtype: tf.float32 });
    const m = tf.unsorted_segment_max(d, [1, -1, 1], 3);
    assert.equal(m.op.type, 'UnsortedSegmentMax');
    assert.equal(m.op.name, 'UnsortedSegmentMax');
    assert.deepEqual(m.shape.as_list(), [3, 2]);
    const low = tf.float32.min, high = tf.float32.max;
    assert.deepEqual(run(m), [[low, low], [5, 6], [low, low]]);
    assert.deepEqual(run(tf.unsorted_segment_min(d, [1, 0, 1], 3)), [[3, 4], [1, 2], [high, high]]);
    assert.deepEqual(run(tf.unsorted_segment_prod(d, [1, 0, 1], 3)), [[3, 4], [5, 12], [1, 1]]);
    assert.deepEqual(run(tf.unsorted_segment_min(tf.constant([3, 1], { dtype: tf.int32 }), [1, 1], 2)), [2147483647, 1]);
    const mean = tf.unsorted_segment_mean([1, 2, 3, 4], [0, 0, 0, 1], 3);
    assert.equal(mean.op.type, 'RealDiv');
    assert.ok(mean.op.name.startsWith('UnsortedSegmentMean/'));
    assert.deepEqual(run(mean), [2, 4, 0]);
    const sq = sess.run(tf.unsorted_segment_sqrt_n(tf.constant([[1, 1], [2, 2], [3, 3], [4, 4]], { dtype: tf.float64 }), [0, 0, 0, 1], 2)).toArray() as number[][];
    assert.deepEqual(sq, [[6 / Math.sqrt(3), 6 / Math.sqrt(3)], [4, 4]]);
    assert.throws(() => run(tf.unsorted_segment_max(d, [0, 5, 1], 3)), { name: 'InvalidArgumentError', message: /segment_ids\[1\] = 5 is out of range \[0, 3\)/ });
    assert.throws(() => tf.unsorted_segment_prod(d, [[0, 1]], 3), /data.shape = \[3,2\] does not start with segment_ids.shape = \[1,2\]/);
  });

  it('max/min gradients: shared among ties, nothing to dropped ids or from empty segments', () => {
    // Empty segments (1 and 3) pass nothing back; a dropped id (-1) gets nothing.
    const u = tf.constant([[0.5, 3], [9, 9], [1, 2], [4, 1], [-1, -2]], { dtype: tf.float64 });
    const [gu] = tf.gradients(tf.unsorted_segment_max(u, [2, -1, 0, 2, 0], 4), u);
    assert.deepEqual(run(gu as tf.Tensor), [[0, 1], [0, 0], [1, 1], [1, 0], [0, 0]]);
    // Two entries equal to the maximum share its gradient.
    const t = tf.constant([3, 3, 1], { dtype: tf.float64 });
    const [g] = tf.gradients(tf.segment_max(t, [0, 0, 0]), t);
    assert.deepEqual(run(g as tf.Tensor), [0.5, 0.5, 0]);
    const m = tf.constant([2, 5, 2, 7], { dtype: tf.float64 });
    const [gm] = tf.gradients(tf.unsorted_segment_min(m, [0, 0, 0, -1], 1), m);
    assert.deepEqual(run(gm as tf.Tensor), [0.5, 0, 0.5, 0]);
  });

  it('has TF\'s gradients (SegmentProd has none in TF 1.15)', () => {
    const x = tf.placeholder(tf.float64, [3]);
    assert.throws(() => tf.gradients(tf.segment_prod(x, [0, 0, 1]), x), { name: 'LookupError', message: /No gradient defined for operation 'SegmentProd' \(op type: SegmentProd\)/ });
    checkGradient((a) => tf.segment_sum(a, ids([0, 0, 1, 3])), [{ shape: [4, 2] }], 31);
    checkGradient((a) => tf.segment_mean(a, ids([0, 0, 1, 1, 1])), [{ shape: [5, 2] }], 32);
    checkGradient((a) => tf.segment_max(a, ids([0, 0, 1, 2, 2])), [{ shape: [5, 2], domain: 'distinct' }], 33);
    checkGradient((a) => tf.segment_min(a, ids([0, 1, 1, 1, 2])), [{ shape: [5, 2], domain: 'distinct' }], 34);
    checkGradient((a) => tf.unsorted_segment_sum(a, ids([2, -1, 0, 2]), 3), [{ shape: [4, 2] }], 35);
    // No empty segment here: an empty one holds the dtype's lowest value, which swamps a finite difference of the weighted sum.
    checkGradient((a) => tf.unsorted_segment_max(a, ids([2, -1, 0, 2, 1]), 3), [{ shape: [5, 2], domain: 'distinct' }], 36);
    checkGradient((a) => tf.unsorted_segment_min(a, ids([1, 1, -1, 0, 0]), 2), [{ shape: [5, 2], domain: 'distinct' }], 37);
    checkGradient((a) => tf.unsorted_segment_prod(a, ids([1, 1, -1, 0, 0]), 3), [{ shape: [5, 2] }], 38);
    checkGradient((a) => tf.unsorted_segment_prod(a, ids([1, 1, 1, 0, 0, 2]), 3), [{ shape: [6], domain: 'withZeros' }], 39);
    checkGradient((a) => tf.unsorted_segment_mean(a, ids([1, 0, 1, 1]), 3), [{ shape: [4, 2] }], 40);
    checkGradient((a) => tf.unsorted_segment_sqrt_n(a, ids([1, 0, 1, 1]), 2), [{ shape: [4] }], 41);
  });
});
