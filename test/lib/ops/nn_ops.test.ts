// tf.nn: conv2d and pooling against hand-computed values, shape inference, TF's names and errors.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { assertClose, nodes, run } from './helpers';

describe('nn ops', () => {
  beforeEach(() => tf.reset_default_graph());
  const image3x3 = () => tf.reshape(tf.range(1, 10, 1, { dtype: tf.float32 }), [1, 3, 3, 1]);

  describe('conv2d', () => {
    it('VALID and SAME, strides 1 and 2, against hand-computed sums', () => {
      const w = tf.ones([2, 2, 1, 1]);
      const valid = tf.nn.conv2d(image3x3(), w, { strides: [1, 1, 1, 1], padding: 'VALID' });
      assert.equal(valid.op.name, 'Conv2D');
      assert.equal(valid.shape.toString(), '(1, 2, 2, 1)');
      assert.deepEqual(run(valid).values, Float32Array.of(12, 16, 24, 28));
      const same = tf.nn.conv2d(image3x3(), w, [1, 1, 1, 1], 'SAME');
      assert.deepEqual(run(same).values, Float32Array.of(12, 16, 9, 24, 28, 15, 15, 17, 9));
      const strided = tf.nn.conv2d(image3x3(), w, { strides: [1, 2, 2, 1], padding: 'SAME' });
      assert.equal(strided.shape.toString(), '(1, 2, 2, 1)');
      assert.deepEqual(run(strided).values, Float32Array.of(12, 9, 15, 9));
    });
    it('mixes channels like a per-pixel matmul', () => {
      const x = tf.constant([[[[1, 2], [3, 4]]]], { dtype: tf.float32 }); // [1, 1, 2, 2]
      const w = tf.constant([[[[1, 2], [3, 4]]]], { dtype: tf.float32 }); // [1, 1, 2, 2]
      assert.deepEqual(run(tf.nn.conv2d(x, w, { strides: [1, 1, 1, 1], padding: 'VALID' })).toArray(), [[[[7, 10], [15, 22]]]]);
    });
    it('infers shapes with unknown batch and raises TF\'s errors', () => {
      const x = tf.placeholder(tf.float32, [null, 28, 28, 1]);
      assert.equal(tf.nn.conv2d(x, tf.zeros([5, 5, 1, 32]), { strides: [1, 2, 2, 1], padding: 'SAME' }).shape.toString(), '(?, 14, 14, 32)');
      assert.equal(tf.nn.conv2d(x, tf.zeros([5, 5, 1, 32]), { strides: [1, 2, 2, 1], padding: 'VALID' }).shape.toString(), '(?, 12, 12, 32)');
      assert.throws(() => tf.nn.conv2d(tf.zeros([1, 2, 2, 1]), tf.zeros([4, 4, 1, 1]), { strides: [1, 1, 1, 1], padding: 'VALID' }),
        /Computed output size would be negative: -1 \[input_size: 2, effective_filter_size: 4, stride: 1\] for 'Conv2D_2' \(op: 'Conv2D'\)/);
      assert.throws(() => tf.nn.conv2d(tf.zeros([1, 4, 4, 3]), tf.zeros([2, 2, 2, 1]), { strides: [1, 1, 1, 1], padding: 'VALID' }),
        /Depth of input \(3\) is not a multiple of input depth of filter \(2\)/);
      assert.throws(() => tf.nn.conv2d(tf.zeros([1, 4, 4, 1]), tf.zeros([2, 2, 1, 1]), { strides: [1, 1, 1], padding: 'VALID' }),
        /Conv2D requires the stride attribute to contain 4 values, but got: 3/);
      assert.throws(() => tf.nn.conv2d(tf.zeros([4, 4, 1]), tf.zeros([2, 2, 1, 1]), { strides: [1, 1, 1, 1], padding: 'VALID' }),
        /Shape must be rank 4 but is rank 3/);
      assert.throws(() => tf.nn.conv2d(x, tf.zeros([2, 2, 1, 1]), { strides: [1, 1, 1, 1], padding: 'FULL' as 'SAME' }), /padding must be 'SAME' or 'VALID'/);
    });
  });

  describe('pooling', () => {
    it('max_pool and avg_pool (padding excluded from the average)', () => {
      const x = tf.reshape(tf.range(1, 17, 1, { dtype: tf.float32 }), [1, 4, 4, 1]);
      const mp = tf.nn.max_pool(x, { ksize: [1, 2, 2, 1], strides: [1, 2, 2, 1], padding: 'VALID' });
      assert.equal(mp.op.name, 'MaxPool');
      assert.deepEqual(run(mp).values, Float32Array.of(6, 8, 14, 16));
      const small = tf.constant([[[[1], [2]], [[3], [4]]]], { dtype: tf.float32 });
      const ap = tf.nn.avg_pool(small, [1, 3, 3, 1], [1, 1, 1, 1], 'SAME');
      assert.equal(ap.shape.toString(), '(1, 2, 2, 1)');
      assert.deepEqual(run(ap).values, Float32Array.of(2.5, 2.5, 2.5, 2.5));
      assert.throws(() => tf.nn.max_pool(x, { ksize: [2, 2, 2, 1], strides: [1, 1, 1, 1], padding: 'VALID' }), /Pooling is not yet supported on the batch nor the depth dimension/);
    });
  });

  describe('bias_add, activations, softmax, l2_loss', () => {
    it('bias_add in NHWC and NCHW', () => {
      const b = tf.nn.bias_add(tf.constant([[1, 2], [3, 4]], { dtype: tf.float32 }), tf.constant([10, 20], { dtype: tf.float32 }));
      assert.equal(b.op.name, 'BiasAdd');
      assert.deepEqual(run(b).toArray(), [[11, 22], [13, 24]]);
      const nchw = tf.nn.bias_add(tf.ones([1, 2, 1, 1]), tf.constant([10, 20], { dtype: tf.float32 }), { data_format: 'NCHW' });
      assert.deepEqual(run(nchw).toArray(), [[[[11]], [[21]]]]);
      assert.throws(() => tf.nn.bias_add(tf.zeros([2, 3]), tf.zeros([4])), /Dimensions must be equal, but are 3 and 4 for 'BiasAdd_2' \(op: 'BiasAdd'\)/);
    });
    it('activations', () => {
      const x = tf.constant([-1, 0, 2, 7], { dtype: tf.float32 });
      assert.deepEqual(run(tf.nn.relu(x)).values, Float32Array.of(0, 0, 2, 7));
      assert.deepEqual(run(tf.nn.relu6(x)).values, Float32Array.of(0, 0, 2, 6));
      assertClose(run(tf.nn.elu(x)).values, [-0.63212056, 0, 2, 7]);
      assertClose(run(tf.nn.selu(x)).values, [-1.1113307, 0, 2.101402, 7.3549069]);
      assertClose(run(tf.nn.softplus(x)).values, [0.31326169, 0.69314718, 2.126928, 7.000912]);
      assertClose(run(tf.nn.sigmoid(tf.constant([0], { dtype: tf.float32 }))).values, [0.5]);
      assert.deepEqual(nodes().filter((n) => n.startsWith('Relu')), ['Relu:Relu', 'Relu6:Relu6']);
    });
    it('softmax and log_softmax on the last and on another axis', () => {
      const x = tf.constant([[1, 2, 3]], { dtype: tf.float32 });
      assertClose(run(tf.nn.softmax(x)).values, [0.09003057, 0.24472847, 0.66524096]);
      assertClose(run(tf.nn.log_softmax(x)).values, [-2.40760596, -1.40760596, -0.40760596]);
      const cols = tf.nn.softmax(tf.constant([[1, 2], [3, 4]], { dtype: tf.float32 }), { axis: 0 });
      assert.equal(cols.shape.toString(), '(2, 2)');
      assertClose(run(cols).values, [0.11920292, 0.11920292, 0.88079708, 0.88079708]);
      assert.throws(() => tf.nn.softmax(tf.constant([1, 2], { dtype: tf.int32 })), /DataType int32 not in list of allowed values/);
    });
    it('l2_loss', () => {
      const l = tf.nn.l2_loss(tf.constant([1, 2, 3], { dtype: tf.float32 }));
      assert.equal(l.shape.toString(), '()');
      assert.equal(run(l).item(), 7);
    });
  });

  describe('cross-entropy losses', () => {
    it('softmax_cross_entropy_with_logits (TF 1.x names, stop gradient on labels)', () => {
      const logits = tf.constant([[1, 2, 3], [1, 2, 3]], { dtype: tf.float32 });
      const labels = tf.constant([[0, 0, 1], [0.5, 0.5, 0]], { dtype: tf.float32 });
      const loss = tf.nn.softmax_cross_entropy_with_logits({ labels, logits });
      assert.equal(loss.op.name, 'softmax_cross_entropy_with_logits_sg');
      assert.equal(loss.op.type, 'SoftmaxCrossEntropyWithLogits');
      assert.ok(nodes().includes('softmax_cross_entropy_with_logits_sg/labels_stop_gradient:StopGradient'));
      assert.equal(loss.shape.toString(), '(2,)');
      assertClose(run(loss).values, [0.40760596, 1.90760596]);
      const sess = new tf.Session();
      const [, backprop] = sess.run(loss.op.outputs);
      assertClose(backprop.values, [0.09003057, 0.24472847, -0.33475904, -0.40996943, -0.25527153, 0.66524096]);
    });
    it('sparse_softmax_cross_entropy_with_logits', () => {
      const logits = tf.constant([[1, 2, 3], [1, 2, 3]], { dtype: tf.float32 });
      const loss = tf.nn.sparse_softmax_cross_entropy_with_logits({ labels: tf.constant([2, 0]), logits });
      assert.equal(loss.op.name, 'SparseSoftmaxCrossEntropyWithLogits/SparseSoftmaxCrossEntropyWithLogits');
      assertClose(run(loss).values, [0.40760596, 2.40760596]);
      const bad = tf.nn.sparse_softmax_cross_entropy_with_logits({ labels: tf.constant([3, 0]), logits });
      assert.throws(() => run(bad), /Received a label value of 3 which is outside the valid range of \[0, 3\)\.  Label values: 3 0/);
      assert.throws(() => tf.nn.sparse_softmax_cross_entropy_with_logits({ labels: tf.constant([[1]]), logits }),
        /Rank mismatch: Rank of labels \(received 2\) should equal rank of logits minus 1 \(received 2\)\./);
      assert.throws(() => tf.nn.sparse_softmax_cross_entropy_with_logits({ labels: tf.constant([1, 1, 1]), logits }),
        /Shape mismatch: The shape of labels \(received \(3,\)\) should equal the shape of logits except for the last dimension \(received \(2, 3\)\)\./);
    });
  });

  describe('dropout', () => {
    it('keeps about keep_prob of the values, scaled by 1/keep_prob, repeatably under a seed', () => {
      const d = tf.nn.dropout(tf.ones([4000]), { keep_prob: 0.5, seed: 3 });
      assert.equal(d.op.name, 'dropout/mul_1');
      assert.ok(nodes().includes('dropout/random_uniform/RandomUniform:RandomUniform'));
      const v = run(d).values;
      assert.ok(v.every((x) => x === 0 || x === 2));
      const kept = v.filter((x) => x === 2).length / v.length;
      assert.ok(Math.abs(kept - 0.5) < 0.05, `kept ${kept}`);
      assert.deepEqual(run(d).values, v);
      assert.throws(() => tf.nn.dropout(tf.ones([2]), { rate: 1 }), /rate must be a scalar tensor or a float in the range \[0, 1\)/);
    });
    it('takes keep_prob as a tensor (a placeholder fed 1.0 to test, 0.5 to train) and rate as a tensor', () => {
      const keep_prob = tf.placeholder(tf.float32);
      const x = tf.ones([2000]).mul(3);
      const d = tf.nn.dropout(x, keep_prob);
      // TF's `1. - keep_prob` is built in the caller's scope; the scale and mask under dropout/.
      assert.ok(nodes().includes('sub:Sub'));
      assert.ok(nodes().includes('dropout/truediv:RealDiv'));
      assert.equal(d.op.name, 'dropout/mul_1');
      assert.equal(d.shape.toString(), '(2000,)');
      const sess = tf.Session();
      assert.ok(Array.from(sess.run(d, new Map([[keep_prob, 1.0]])).values).every((v) => v === 3));
      const half = Array.from(sess.run(d, new Map([[keep_prob, 0.5]])).values);
      assert.ok(half.every((v) => v === 0 || v === 6));
      const kept = half.filter((v) => v === 6).length / half.length;
      assert.ok(Math.abs(kept - 0.5) < 0.05, `kept ${kept}`);
      const rate = tf.placeholder(tf.float32, []);
      const byRate = tf.nn.dropout(tf.ones([1000]), { rate });
      const quarter = Array.from(sess.run(byRate, new Map([[rate, 0.75]])).values);
      assert.ok(quarter.every((v) => v === 0 || v === 4));
      assert.throws(() => tf.nn.dropout(tf.ones([2]), { rate: tf.placeholder(tf.float32, [2]) }), /Shapes \(2,\) and \(\) are incompatible/);
      assert.throws(() => tf.nn.dropout(tf.ones([2]), { rate: tf.placeholder(tf.float64) }), /float64/);
      // a rate known to be 0 drops nothing: the input comes back
      const same = tf.ones([2]);
      assert.equal(tf.nn.dropout(same, { keep_prob: 1.0 }), same);
    });
  });
});
