// tf.trace (and tf.linalg.trace) as TF 1.15's math_ops.trace builds it: a Sum over MatrixDiagPart.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';

describe('trace', () => {
  beforeEach(() => tf.reset_default_graph());

  it('trace sums the main diagonal of each innermost matrix, with MatrixDiagPart\'s gradient', () => {
    const x = tf.constant([[[1, 2], [3, 4]], [[5, 6], [7, 8]]], { dtype: tf.float32 });
    const t = tf.trace(x);
    assert.equal(t.op.name, 'Trace');
    assert.equal(t.op.type, 'Sum');
    const sess = new tf.Session();
    assert.deepEqual(sess.run(t).toArray(), [5, 13]);
    const [g] = tf.gradients(t, x);
    assert.deepEqual(sess.run(g!).toArray(), [[[1, 0], [0, 1]], [[1, 0], [0, 1]]]);
    assert.equal(tf.linalg.trace, tf.trace);
    sess.close();
  });
});
