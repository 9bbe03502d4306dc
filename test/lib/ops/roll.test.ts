// tf.roll (Roll) against numpy.roll: node name, attrs, errors and the rolled-back gradient.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { checkGradient } from './gradient_check';

describe('roll', () => {
  beforeEach(() => tf.reset_default_graph());

  it('rotates along each axis as numpy.roll does', () => {
    const sess = new tf.Session();
    const r = tf.roll([0, 1, 2, 3, 4], 2, 0);
    assert.equal(r.op.type, 'Roll');
    assert.equal(r.op.name, 'Roll');
    assert.equal(r.op.get_attr('Tshift'), tf.int32);
    assert.deepEqual(sess.run(r).toArray(), [3, 4, 0, 1, 2]);
    const x = tf.constant([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]], { dtype: tf.int32 });
    assert.deepEqual(sess.run(tf.roll(x, [1, -1], [0, 1])).toArray(), [[9, 10, 11, 8], [1, 2, 3, 0], [5, 6, 7, 4]]);
    // The same axis twice adds its shifts; a negative axis counts from the end.
    assert.deepEqual(sess.run(tf.roll(x, [1, 2], [1, -1])).toArray(), [[1, 2, 3, 0], [5, 6, 7, 4], [9, 10, 11, 8]]);
    assert.throws(() => tf.roll(x, [1, 2], [0]), /shift and axis must have the same size/);
    assert.throws(() => sess.run(tf.roll(x, 1, 2)), /axis 2 is out of range/);
    assert.throws(() => tf.roll(tf.constant(1), 1, 0), /Shape must be at least rank 1 but is rank 0/);
    sess.close();
  });

  it('has the gradient rolled back', () => {
    const x = tf.constant([1, 2, 3], { dtype: tf.float32 });
    const [g] = (tf.gradients(tf.reduce_sum(tf.roll(x, 1, 0).mul(tf.constant([1, 10, 100], { dtype: tf.float32 }))), x) as tf.Tensor[]);
    const sess = new tf.Session();
    assert.deepEqual(sess.run(g!).toArray(), [10, 100, 1]);
    sess.close();
    checkGradient((a) => tf.roll(a, [1, -2], [0, 1]), [{ shape: [2, 3] }], 811);
  });
});
