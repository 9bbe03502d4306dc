// tf.reverse_sequence (ReverseSequence), tf.dynamic_stitch (DynamicStitch) and tf.where_v2 (SelectV2): values, shapes, errors and
// gradients against finite differences; tf.range, tf.fill and tf.tile with run-time tensors as loops use them.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { checkGradient } from './gradient_check';
import { run } from './helpers';

describe('ReverseSequence, DynamicStitch and run-time Range/Fill/Tile', () => {
  beforeEach(() => tf.reset_default_graph());

  it('reverse_sequence reverses each batch entry\'s prefix along the sequence axis', () => {
    const x = tf.constant([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]);
    const r = tf.reverse_sequence(x, [2, 4, 0], { seq_axis: 1, batch_axis: 0 });
    assert.equal(r.op.type, 'ReverseSequence');
    assert.deepEqual(run(r).toArray(), [[2, 1, 3, 4], [8, 7, 6, 5], [9, 10, 11, 12]]);
    // Time-major [time, batch, depth], as bidirectional_dynamic_rnn calls it.
    const t = tf.constant([[[1], [10]], [[2], [20]], [[3], [30]]]);
    assert.deepEqual(run(tf.reverse_sequence(t, tf.constant([3, 2], { dtype: tf.int64 }), { seq_dim: 0, batch_dim: 1 })).toArray(), [[[3], [20]], [[2], [10]], [[1], [30]]]);
    assert.throws(() => run(tf.reverse_sequence(x, [5, 1, 1], { seq_axis: 1 })), /seq_lens\(0\) > input.dims\(1\)/);
    assert.throws(() => tf.reverse_sequence(x, [1, 1], { seq_axis: 1 }), /Dimensions must be equal, but are 3 and 2/);
    checkGradient((v) => tf.reverse_sequence(v, [3, 1], { seq_axis: 1, batch_axis: 0 }), [{ shape: [2, 3, 2] }], 31);
  });

  it('dynamic_stitch interleaves data by index', () => {
    const merged = tf.dynamic_stitch([6, [4, 1], [[5, 2], [0, 3]]], [[61, 62], [[41, 42], [11, 12]], [[[51, 52], [21, 22]], [[1, 2], [31, 32]]]]);
    assert.equal(merged.shape.toString(), '(?, 2)');
    assert.deepEqual(run(merged).toArray(), [[1, 2], [11, 12], [21, 22], [31, 32], [41, 42], [51, 52], [61, 62]]);
    assert.throws(() => run(tf.dynamic_stitch([[0, 1]], [[1, 2, 3]])), /does not start with indices\[0\].shape/);
    checkGradient((a, b) => tf.dynamic_stitch([tf.constant([0, 2]), tf.constant([1])], [a, b]), [{ shape: [2, 3] }, { shape: [1, 3] }], 32);
  });

  it('where_v2 (SelectV2) broadcasts condition, x and y against each other', () => {
    const picked = tf.where_v2([true, false], tf.constant([[1, 2], [3, 4]]), 0);
    assert.equal(picked.op.type, 'SelectV2');
    assert.equal(picked.shape.toString(), '(2, 2)');
    assert.deepEqual(run(picked).toArray(), [[1, 0], [3, 0]]);
    assert.deepEqual(run(tf.where_v2(tf.constant([[true], [false]]), tf.constant([1, 2, 3]), tf.constant([[7], [8]]))).toArray(), [[1, 2, 3], [8, 8, 8]]);
    assert.throws(() => tf.where_v2([true, false, true], tf.zeros([2]), 0), /Dimensions must be equal/);
    checkGradient((x, y) => tf.where_v2(tf.constant([[true, false, true], [false, true, false]]), x, y), [{ shape: [1, 3] }, { shape: [2, 1] }], 33);
  });

  it('range, fill and tile take tensors computed at run time', () => {
    const n = tf.placeholder(tf.int32, [], 'n');
    const feeds = { 'n:0': 4 };
    assert.deepEqual(run(tf.range(n), feeds).toArray(), [0, 1, 2, 3]);
    assert.deepEqual(run(tf.range(1, n, 2), feeds).toArray(), [1, 3]);
    assert.deepEqual(run(tf.fill(tf.stack([2, n.sub(2)]), 7), feeds).toArray(), [[7, 7], [7, 7]]);
    assert.deepEqual(run(tf.tile(tf.constant([[1, 2]]), tf.stack([n.sub(2), 1])), feeds).toArray(), [[1, 2], [1, 2]]);
  });
});
