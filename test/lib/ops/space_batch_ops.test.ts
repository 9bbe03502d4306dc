// SpaceToBatchND, BatchToSpaceND, SpaceToBatch and BatchToSpace against TF 1.15's spacetobatch_op_test and
// batchtospace_op_test: values, static shapes, TF's errors, gradients finite-difference checked.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { checkGradient } from './gradient_check';

describe('space_to_batch and batch_to_space', () => {
  let sess: tf.Session;
  beforeEach(() => { tf.reset_default_graph(); sess = new tf.Session(); });
  afterEach(() => sess.close());
  const run = (t: tf.Tensor) => sess.run(t).toArray();

  it('space_to_batch_nd moves blocks into the batch; batch_to_space_nd moves them back', () => {
    const x = tf.constant([[[[1], [2]], [[3], [4]]]]); // [1, 2, 2, 1]
    const y = tf.space_to_batch_nd(x, [2, 2], [[0, 0], [0, 0]]);
    assert.equal(y.op.type, 'SpaceToBatchND');
    assert.equal(y.shape.toString(), '(4, 1, 1, 1)');
    assert.deepEqual(run(y), [[[[1]]], [[[2]]], [[[3]]], [[[4]]]]);
    const back = tf.batch_to_space_nd(y, [2, 2], [[0, 0], [0, 0]]);
    assert.equal(back.op.type, 'BatchToSpaceND');
    assert.equal(back.shape.toString(), '(1, 2, 2, 1)');
    assert.deepEqual(run(back), run(x));
    // TF's doc example: a [1, 4, 4, 1] grid of 1..16 in 2x2 blocks.
    const z = tf.reshape(tf.range(1, 17), [1, 4, 4, 1]);
    const zb = tf.space_to_batch_nd(z, [2, 2], [[0, 0], [0, 0]]);
    assert.deepEqual(run(zb), [[[[1], [3]], [[9], [11]]], [[[2], [4]], [[10], [12]]], [[[5], [7]], [[13], [15]]], [[[6], [8]], [[14], [16]]]]);
    // Padding and one block dim; a batch of 2 interleaves with the block offsets.
    const w = tf.reshape(tf.range(1, 7), [2, 3, 1]);
    const wb = tf.space_to_batch_nd(w, [2], [[1, 0]]);
    assert.equal(wb.shape.toString(), '(4, 2, 1)');
    assert.deepEqual(run(wb), [[[0], [2]], [[0], [5]], [[1], [3]], [[4], [6]]]);
    const crop = tf.batch_to_space_nd(wb, [2], [[1, 0]]);
    assert.equal(crop.shape.toString(), '(2, 3, 1)');
    assert.deepEqual(run(crop), run(w));
  });

  it('space_to_batch and batch_to_space: the 4-D forms of TF 1.x', () => {
    const x = tf.reshape(tf.range(1, 17), [1, 4, 4, 1]);
    const s = tf.space_to_batch(x, [[0, 0], [0, 0]], 2);
    assert.equal(s.op.type, 'SpaceToBatchND');
    assert.equal(s.op.inputs[1].dtype, tf.int64);
    const b = tf.batch_to_space(s, [[0, 0], [0, 0]], 2);
    assert.equal(b.op.type, 'BatchToSpace');
    assert.equal(b.op.get_attr('block_size'), 2);
    assert.equal(b.shape.toString(), '(1, 4, 4, 1)');
    assert.deepEqual(run(b), run(x));
    assert.deepEqual(run(tf.space_to_batch(x, [[0, 0], [0, 0]], null, { block_shape: 2 })), run(s));
    assert.equal(tf.nn.space_to_batch, tf.space_to_batch);
    assert.throws(() => tf.space_to_batch(x, [[0, 0], [0, 0]], 2, { block_shape: 2 }), /Cannot specify both 'block_shape' and 'block_size'/);
  });

  it('raises TF\'s errors', () => {
    const x = tf.zeros([1, 3, 3, 1]);
    assert.throws(() => tf.space_to_batch_nd(x, [2, 2], [[0, 0], [0, 0]]), /Dimension size must be evenly divisible by 2 but is 3/);
    assert.throws(() => tf.batch_to_space_nd(tf.zeros([3, 1, 1, 1]), [2, 2], [[0, 0], [0, 0]]), /Dimension size must be evenly divisible by 4 but is 3/);
    assert.throws(() => tf.space_to_batch_nd(x, [[2, 2]], [[0, 0], [0, 0]]), /Shape must be rank 1 but is rank 2/);
    assert.throws(() => tf.batch_to_space(tf.zeros([4, 1, 1]), [[0, 0], [0, 0]], 2), /Shape must be rank 4 but is rank 3/);
    assert.throws(() => tf.batch_to_space(tf.zeros([4, 1, 1, 1]), [[0, 0], [0, 0]], 1), /Attr block_size has value 1 < 2/);
    const p = tf.placeholder(tf.int32, [2, 2]);
    const y = tf.space_to_batch_nd(x, [2, 2], p);
    assert.throws(() => sess.run(y, new Map([[p, [[0, 0], [0, 1]]]])), { name: 'InvalidArgumentError', message: /padded_shape\[0\]=3 is not divisible by block_shape\[0\]=2/ });
    assert.throws(() => sess.run(y, new Map([[p, [[-1, 0], [0, 1]]]])), { name: 'InvalidArgumentError', message: /Paddings must be non-negative/ });
    const c = tf.placeholder(tf.int32, [2, 2]);
    assert.throws(() => sess.run(tf.batch_to_space_nd(tf.zeros([4, 1, 1, 1]), [2, 2], c), new Map([[c, [[0, -1], [0, 0]]]])), /Crops must be non-negative/);
  });

  it('has TF\'s gradients', () => {
    checkGradient((a) => tf.space_to_batch_nd(a, [2, 2], [[1, 1], [0, 2]]), [{ shape: [2, 2, 2, 3] }], 51);
    checkGradient((a) => tf.batch_to_space_nd(a, [2, 1], [[1, 0], [0, 1]]), [{ shape: [4, 2, 3, 1] }], 52);
    checkGradient((a) => tf.space_to_batch(a, [[1, 1], [1, 1]], 2), [{ shape: [1, 2, 2, 2] }], 53);
    const types = checkGradient((a) => tf.batch_to_space(a, [[0, 1], [1, 0]], 2), [{ shape: [4, 2, 2, 1] }], 54);
    assert.ok(types.includes('SpaceToBatchND'));
  });
});

describe('atrous_conv2d through SpaceToBatchND / Conv2D / BatchToSpaceND', () => {
  it('equals conv2d with dilations, SAME and VALID, sizes the rate does and does not divide, with gradients', () => {
    const rand = (n: number, seed: number) => { let s = seed; return Array.from({ length: n }, () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648 - 0.5; }); };
    for (const [h, w, k, rate, padding] of [[7, 6, 3, 2, 'SAME'], [7, 6, 3, 2, 'VALID'], [9, 8, 2, 3, 'SAME'], [5, 5, 3, 2, 'VALID']] as const) {
      tf.reset_default_graph();
      const x = tf.constant(rand(2 * h * w * 3, h * 7 + k), { shape: [2, h, w, 3], dtype: tf.float64 });
      const f = tf.constant(rand(k * k * 3 * 4, rate * 13 + k), { shape: [k, k, 3, 4], dtype: tf.float64 });
      const a = tf.nn.atrous_conv2d(x, f, rate, padding);
      const d = tf.nn.conv2d(x, f, { strides: [1, 1, 1, 1], padding, dilations: [1, rate, rate, 1] });
      assert.equal(a.op.type, 'BatchToSpaceND');
      assert.equal(a.shape.toString(), d.shape.toString());
      const [ga] = tf.gradients(a, [x, f]).slice(0, 1), [gd] = tf.gradients(d, [x, f]).slice(0, 1);
      const sess = new tf.Session();
      const [av, dv, gav, gdv] = sess.run([a, d, ga as tf.Tensor, gd as tf.Tensor]);
      sess.close();
      assert.deepEqual(av.shape, dv.shape);
      av.values.forEach((v, i) => assert.ok(Math.abs(v - dv.values[i]) < 1e-12, `${padding} rate ${rate}: ${v} vs ${dv.values[i]} at ${i}`));
      gav.values.forEach((v, i) => assert.ok(Math.abs(v - gdv.values[i]) < 1e-12, `gradient ${v} vs ${gdv.values[i]}`));
    }
  });
});
