// tf.confusion_matrix against TF 1.15's confusion_matrix_test: values, num_classes, weights, dtype, the
// squeeze of a trailing size-1 dimension, the sub-graph TF builds, and TF's checks of bad ids.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';

describe('confusion_matrix', () => {
  let sess: tf.Session;
  beforeEach(() => { tf.reset_default_graph(); sess = new tf.Session(); });
  afterEach(() => sess.close());
  const run = (t: tf.Tensor) => sess.run(t).toArray();

  it('counts (label, prediction) pairs, rows by label; the size from the largest id', () => {
    const cm = tf.confusion_matrix([1, 2, 4], [2, 2, 4]);
    assert.equal(cm.op.type, 'SparseTensorDenseAdd');
    assert.ok(cm.op.name.startsWith('confusion_matrix/'));
    assert.equal(cm.dtype, tf.int32);
    assert.deepEqual(run(cm), [[0, 0, 0, 0, 0], [0, 0, 1, 0, 0], [0, 0, 1, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 1]]);
    assert.equal(tf.math.confusion_matrix, tf.confusion_matrix);
  });

  it('takes num_classes, weights and dtype (positional order of TF 1.x: num_classes, dtype, name, weights)', () => {
    assert.deepEqual(run(tf.confusion_matrix([0, 1, 1], [0, 0, 1], { num_classes: 3 })), [[1, 0, 0], [1, 1, 0], [0, 0, 0]]);
    const w = tf.confusion_matrix([0, 1, 1], [0, 0, 0], { num_classes: 2, weights: [0.5, 1.5, 2], dtype: tf.float32 });
    assert.equal(w.dtype, tf.float32);
    assert.deepEqual(run(w), [[0.5, 0], [3.5, 0]]);
    const pos = tf.confusion_matrix([0, 1], [1, 1], 2, tf.float64);
    assert.equal(pos.dtype, tf.float64);
    assert.deepEqual(run(pos), [[0, 1], [0, 1]]);
    // Predictions of shape [n, 1] are squeezed to line up with labels of shape [n].
    assert.deepEqual(run(tf.confusion_matrix([0, 1], [[1], [1]])), [[0, 1], [0, 1]]);
  });

  it('raises TF\'s errors for negative and out-of-bound ids, and for mismatched weights', () => {
    const l = tf.placeholder(tf.int32, [null]);
    const cm = tf.confusion_matrix(l, [0, 1], { num_classes: 2 });
    assert.throws(() => sess.run(cm, new Map([[l, [0, -1]]])), { name: 'InvalidArgumentError', message: /`labels` contains negative values/ });
    assert.throws(() => sess.run(cm, new Map([[l, [0, 2]]])), { name: 'InvalidArgumentError', message: /`labels` out of bound/ });
    assert.deepEqual(sess.run(cm, new Map([[l, [1, 1]]])).toArray(), [[0, 0], [1, 1]]);
    assert.throws(() => tf.confusion_matrix([0, 1], [0, 1], { weights: [1, 2, 3] }), /Shapes \(2,\) and \(3,\) are incompatible/);
  });
});
