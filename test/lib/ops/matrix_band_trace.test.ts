// tf.trace (a Sum over MatrixDiagPart, as TF 1.15's math_ops.trace builds it) and tf.matrix_band_part (MatrixBandPart), with their gradients.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { checkGradient } from './gradient_check';

describe('trace', () => {
  beforeEach(() => tf.reset_default_graph());

  it('trace sums the main diagonal of each innermost matrix, with MatrixDiagPart\'s gradient', () => {
    const x = tf.constant([[[1, 2], [3, 4]], [[5, 6], [7, 8]]], { dtype: tf.float32 });
    const t = tf.trace(x);
    assert.equal(t.op.name, 'Trace');
    assert.equal(t.op.type, 'Sum');
    const sess = new tf.Session();
    assert.deepEqual(sess.run(t).toArray(), [5, 13]);
    const [g] = (tf.gradients(t, x) as tf.Tensor[]);
    assert.deepEqual(sess.run(g!).toArray(), [[[1, 0], [0, 1]], [[1, 0], [0, 1]]]);
    assert.equal(tf.linalg.trace, tf.trace);
    sess.close();
  });
});

describe('matrix_band_part', () => {
  beforeEach(() => tf.reset_default_graph());
  const x = () => tf.constant([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]], { dtype: tf.float32 });

  it('keeps the band i - j <= num_lower, j - i <= num_upper (negative: the whole triangle), as numpy computes it', () => {
    const sess = new tf.Session();
    const band = tf.matrix_band_part(x(), 1, 0);
    assert.equal(band.op.type, 'MatrixBandPart');
    assert.equal(band.op.name, 'MatrixBandPart');
    assert.equal(band.op.get_attr('Tindex'), tf.int64);
    assert.deepEqual(sess.run(band).toArray(), [[1, 0, 0, 0], [5, 6, 0, 0], [0, 10, 11, 0]]);
    assert.deepEqual(sess.run(tf.matrix_band_part(x(), -1, 1)).toArray(), [[1, 2, 0, 0], [5, 6, 7, 0], [9, 10, 11, 12]]);
    assert.deepEqual(sess.run(tf.linalg.band_part(x(), tf.constant(0, { dtype: tf.int32 }), tf.constant(-1, { dtype: tf.int32 }))).toArray(),
      [[1, 2, 3, 4], [0, 6, 7, 8], [0, 0, 11, 12]]);
    assert.throws(() => sess.run(tf.matrix_band_part(x(), 4, 0)), /num_lower must be negative or less or equal to number of rows \(3\) got: 4/);
    assert.throws(() => tf.matrix_band_part(tf.zeros([3]), 0, 0), /Shape must be at least rank 2 but is rank 1/);
    assert.throws(() => tf.matrix_band_part(x(), [0], 0), /Shape must be rank 0 but is rank 1/);
    sess.close();
  });

  it('has the band of the gradient as its gradient', () => {
    const input = x();
    const [g] = (tf.gradients(tf.reduce_sum(tf.matrix_band_part(input, 1, 0).mul(2)), input) as tf.Tensor[]);
    const sess = new tf.Session();
    assert.deepEqual(sess.run(g!).toArray(), [[2, 0, 0, 0], [2, 2, 0, 0], [0, 2, 2, 0]]);
    sess.close();
    checkGradient((a) => tf.matrix_band_part(a, 1, 2), [{ shape: [2, 3, 4] }], 801);
    checkGradient((a) => tf.trace(a), [{ shape: [2, 3, 3] }], 802);
  });
});
