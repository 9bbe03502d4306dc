// tf.layers' 3-D convolution and pooling: the variables and ops TF 1.15 creates, shapes, and values
// against tf.nn's 3-D ops.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';

const names = () => tf.get_default_graph().get_operations().map((o) => `${o.name}:${o.type}`);
const runAll = (ts: tf.Tensor[]) => { const s = new tf.Session(); try { s.run(tf.global_variables_initializer()); return s.run(ts); } finally { s.close(); } };

describe('tf.layers 3-D', () => {
  beforeEach(() => tf.reset_default_graph());

  it('conv3d: conv3d/kernel and conv3d/bias, a Conv3D and BiasAdd in its scope, the output shape', () => {
    const x = tf.placeholder(tf.float32, [null, 6, 5, 4, 2]);
    const y = tf.layers.conv3d(x, 3, [3, 3, 2], { strides: [1, 2, 1], padding: 'same', activation: tf.nn.relu });
    assert.equal(y.shape.toString(), '(?, 6, 3, 4, 3)');
    assert.deepEqual(tf.trainable_variables().map((v) => `${v.name} ${v.shape}`), ['conv3d/kernel:0 (3, 3, 2, 2, 3)', 'conv3d/bias:0 (3,)']);
    assert.ok(names().includes('conv3d/Conv3D:Conv3D') && names().includes('conv3d/BiasAdd:BiasAdd') && names().includes('conv3d/Relu:Relu'), `${names()}`);
    const layer = new tf.layers.Conv3D(4, 2, { padding: 'valid', use_bias: false });
    assert.equal(layer.apply(tf.zeros([1, 3, 3, 3, 2])).shape.toString(), '(1, 2, 2, 2, 4)');
  });

  it('conv3d computes tf.nn.conv3d with its kernel, plus the bias', () => {
    const xv = new tf.NDArray(tf.float32, [1, 3, 4, 3, 2], Float32Array.from({ length: 72 }, (_, i) => Math.sin(i)));
    const y = tf.layers.conv3d(tf.constant(xv), 2, 2, { bias_initializer: tf.constant_initializer(0.5) });
    const kernel = tf.trainable_variables()[0];
    const ref = tf.add(tf.nn.conv3d(tf.constant(xv), kernel, { strides: [1, 1, 1, 1, 1], padding: 'VALID' }), 0.5);
    const [a, b] = runAll([y, ref]);
    assert.deepEqual(a.shape, [1, 2, 3, 2, 2]);
    for (let i = 0; i < a.size; i++) assert.ok(Math.abs(a.values[i] - b.values[i]) < 1e-5);
  });

  it('max_pooling3d and average_pooling3d, channels last and first', () => {
    const xv = new tf.NDArray(tf.float32, [1, 4, 4, 2, 1], Float32Array.from({ length: 32 }, (_, i) => i));
    const mp = tf.layers.max_pooling3d(tf.constant(xv), 2, 2);
    const ap = tf.layers.average_pooling3d(tf.constant(xv), [2, 2, 2], [2, 2, 2]);
    assert.ok(names().includes('max_pooling3d/MaxPool3D:MaxPool3D') && names().includes('average_pooling3d/AvgPool3D:AvgPool3D'), `${names()}`);
    const [m, a] = runAll([mp, ap]);
    assert.deepEqual(m.shape, [1, 2, 2, 1, 1]);
    assert.deepEqual(Array.from(m.values), [11, 15, 27, 31]);
    assert.deepEqual(Array.from(a.values), [5.5, 9.5, 21.5, 25.5]);
    // channels_first: the same pooling on the transposed input, transposed back.
    const first = tf.layers.max_pooling3d(tf.transpose(tf.constant(xv), [0, 4, 1, 2, 3]), 2, 2, { data_format: 'channels_first' });
    assert.equal(first.shape.toString(), '(1, 1, 2, 2, 1)');
    assert.deepEqual(Array.from(runAll([first])[0].values), [11, 15, 27, 31]);
    assert.equal(new tf.layers.MaxPooling3D(2, 1, { padding: 'same' }).apply(tf.zeros([2, 3, 3, 3, 4])).shape.toString(), '(2, 3, 3, 3, 4)');
  });

  it('trains: the loss gradient reaches the kernel through Conv3DBackpropFilterV2', () => {
    const x = tf.constant(new tf.NDArray(tf.float32, [2, 3, 3, 3, 1], Float32Array.from({ length: 54 }, (_, i) => Math.cos(i))));
    const y = tf.layers.max_pooling3d(tf.layers.conv3d(x, 2, 2), 2, 1);
    const [g] = tf.gradients(tf.reduce_sum(y), [tf.trainable_variables()[0]]);
    assert.ok(names().some((n) => n.endsWith(':Conv3DBackpropFilterV2')));
    assert.deepEqual(runAll([g as tf.Tensor])[0].shape, [2, 2, 2, 1, 2]);
  });
});
