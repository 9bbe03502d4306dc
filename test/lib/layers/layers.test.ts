/**
 * tf.layers as TF 1.15 builds them (core_test, convolutional_test, pooling_test, normalization_test
 * restated): names, variables, collections, reuse, values, and a checkpoint with TF's keys.
 */
import assert from 'node:assert/strict';
import * as path from 'path';
import * as tf from '../../../lib';
import { cleanup, tmpDir } from '../train/helpers';

function run<T>(fetch: T, feed?: Map<tf.Tensor, unknown>) {
  const sess = new tf.Session();
  sess.run(tf.global_variables_initializer());
  return { sess, value: sess.run(fetch as unknown as tf.Tensor, feed as never) };
}

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-5): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < actual.length; i++) assert.ok(Math.abs(actual[i] - expected[i]) <= tol, `[${i}] ${actual[i]} vs ${expected[i]}`);
}

describe('tf.layers', () => {
  beforeEach(() => tf.reset_default_graph());
  after(cleanup);

  it('Dense: names, variables, shapes (core_test.testCall / testActivation)', () => {
    const inputs = tf.random_uniform([5, 3], { seed: 1 });
    const dense = new tf.layers.Dense(2, { activation: tf.nn.relu, name: 'my_dense' });
    assert.equal(dense.units, 2);
    assert.equal(dense.name, 'my_dense');
    const outputs = dense.apply(inputs);
    assert.deepEqual(outputs.shape.as_list(), [5, 2]);
    assert.equal(outputs.op.name, 'my_dense/Relu');
    assert.deepEqual(dense.variables, [dense.kernel, dense.bias]);
    assert.deepEqual(dense.trainable_variables, [dense.kernel, dense.bias]);
    assert.deepEqual(dense.non_trainable_variables, []);
    assert.equal(dense.kernel.name, 'my_dense/kernel:0');
    assert.equal(dense.bias!.name, 'my_dense/bias:0');
    assert.equal(tf.trainable_variables().length, 2);
    assert.equal(new tf.layers.Dense(2, { name: 'dense2' }).apply(inputs).op.name, 'dense2/BiasAdd');
    assert.equal(dense.kernel.initializer.inputs[1].op.name, 'my_dense/kernel/Initializer/random_uniform');
    assert.equal(dense.bias!.initializer.inputs[1].op.name, 'my_dense/bias/Initializer/zeros');
  });

  it('computes activation(x·W + b); a layer called twice shares its weights (ops dense/MatMul_1)', () => {
    const x = tf.constant([[1, 2], [3, 4]], { dtype: tf.float32 });
    const layer = new tf.layers.Dense(1, { kernel_initializer: tf.constant_initializer([[0.5], [-1]]), bias_initializer: tf.constant_initializer(0.25) });
    const a = layer.apply(x), b = layer.apply(x);
    assert.equal(a.op.inputs[0].op.name, 'dense/MatMul');
    assert.equal(b.op.inputs[0].op.name, 'dense/MatMul_1');
    assert.equal(tf.global_variables().length, 2);
    const { value } = run(a);
    close((value as tf.NDArray).values, [-1.25, -2.25]);
  });

  it('functional names: dense, dense_1; in a variable scope; reuse; a repeated name without reuse fails', () => {
    const x = tf.random_uniform([5, 3], { seed: 1 });
    tf.layers.dense(x, 2);
    tf.layers.dense(x, 2);
    assert.deepEqual(tf.global_variables().map((v) => v.op.name), ['dense/kernel', 'dense/bias', 'dense_1/kernel', 'dense_1/bias']);
    tf.variable_scope('test', () => tf.layers.dense(x, 2, { name: 'my_dense' }));
    tf.variable_scope('test2', () => tf.layers.dense(x, 2));
    assert.ok(tf.global_variables().some((v) => v.name === 'test/my_dense/kernel:0'));
    assert.ok(tf.global_variables().some((v) => v.name === 'test2/dense/kernel:0'));
    const before = tf.trainable_variables().length;
    const y = tf.layers.dense(x, 2, { name: 'shared' });
    const z = tf.layers.dense(x, 2, { name: 'shared', reuse: true });
    assert.equal(tf.trainable_variables().length, before + 2);
    assert.equal(y.op.name, 'shared/BiasAdd');
    assert.equal(z.op.name, 'shared_1/BiasAdd');
    assert.throws(() => tf.layers.dense(x, 2, { name: 'shared' }), /Variable shared\/kernel already exists, disallowed/);
    // The reuse of an enclosing variable scope applies too.
    tf.variable_scope('tower', () => tf.layers.dense(x, 2));
    tf.variable_scope('tower', { reuse: true }, () => tf.layers.dense(x, 2));
    assert.equal(tf.global_variables().filter((v) => v.name.startsWith('tower/')).length, 2);
  });

  it('kernel_regularizer: the loss in REGULARIZATION_LOSSES and layer.losses, under kernel/Regularizer', () => {
    const x = tf.random_uniform([5, 3], { seed: 1 });
    const dense = new tf.layers.Dense(2, { name: 'my_dense', kernel_regularizer: (w) => tf.multiply(tf.reduce_sum(w), 1e-3) });
    dense.apply(x);
    const losses = tf.get_default_graph().get_collection(tf.GraphKeys.REGULARIZATION_LOSSES);
    assert.equal(losses.length, 1);
    assert.deepEqual(dense.losses, losses);
    assert.match(dense.losses[0].op.name, /^my_dense\/kernel\/Regularizer\//);
    assert.throws(() => tf.layers.dense(tf.placeholder(tf.float32, [2, null]), 2), /The last dimension of the inputs to `Dense` should be defined. Found `None`./);
  });

  it('Dense on rank-3 inputs multiplies over the last axis', () => {
    const x = tf.ones([2, 3, 4]);
    const y = tf.layers.dense(x, 5, { kernel_initializer: tf.ones_initializer() });
    assert.deepEqual(y.shape.as_list(), [2, 3, 5]);
    const { value } = run(y);
    assert.ok(Array.from((value as tf.NDArray).values).every((v) => v === 4));
  });

  it('Dropout: training true drops and scales, false is the identity, a tensor picks at run time', () => {
    const inputs = tf.ones([50, 30]);
    const dp = new tf.layers.Dropout(0.5);
    assert.equal(dp.rate, 0.5);
    const dropped = run(dp.apply(inputs, { training: true })).value as tf.NDArray;
    const vals = Array.from(dropped.values);
    assert.ok(vals.every((v) => v === 0 || v === 2));
    assert.ok(vals.some((v) => v === 0) && vals.some((v) => v === 2));
    const kept = dp.apply(inputs, { training: false });
    assert.equal(kept.op.name, 'dropout/Identity');
    const training = tf.placeholder(tf.bool, []);
    const dyn = tf.layers.dropout(inputs, { rate: 0.5, training });
    assert.equal(dyn.op.type, 'Merge');
    const sess = new tf.Session();
    const off = sess.run(dyn, new Map([[training, false]])) as tf.NDArray;
    assert.ok(Array.from(off.values).every((v) => v === 1));
    const on = sess.run(dyn, new Map([[training, true]])) as tf.NDArray;
    assert.ok(Array.from(on.values).some((v) => v === 0));
  });

  it('Conv2D and pooling: names, shapes, values equal to tf.nn.conv2d + bias_add', () => {
    const images = tf.random_uniform([5, 7, 9, 4], { seed: 2 });
    const layer = new tf.layers.Conv2D(32, [3, 3], { activation: tf.nn.relu });
    const out = layer.apply(images);
    assert.equal(out.op.name, 'conv2d/Relu');
    assert.deepEqual(out.shape.as_list(), [5, 5, 7, 32]);
    assert.deepEqual(layer.kernel.get_shape().as_list(), [3, 3, 4, 32]);
    assert.deepEqual(layer.bias!.get_shape().as_list(), [32]);
    assert.deepEqual(new tf.layers.MaxPooling2D([2, 2], 2).apply(images).shape.as_list(), [5, 3, 4, 4]);
    assert.deepEqual(tf.layers.average_pooling2d(images, [2, 2], 2, { padding: 'same' }).shape.as_list(), [5, 4, 5, 4]);
    assert.equal(tf.layers.max_pooling2d(images, 2, 2).op.name, 'max_pooling2d_1/MaxPool');
    const same = tf.layers.conv2d(images, 3, 2, { padding: 'same', strides: 2, name: 'c' });
    assert.deepEqual(same.shape.as_list(), [5, 4, 5, 3]);
    const reference = tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(images, layer.kernel, { strides: [1, 1, 1, 1], padding: 'VALID' }), layer.bias!));
    const sess = new tf.Session();
    sess.run(tf.global_variables_initializer());
    const [a, b] = sess.run([out, reference]) as tf.NDArray[];
    close(a.values, b.values);
    assert.throws(() => tf.layers.conv2d(images, 3, 2, { padding: 'full' as 'same' }), /The `padding` argument must be one of "valid", "same"/);
  });

  it('Conv1D, pooling1d and Conv2DTranspose shapes and values', () => {
    const x = tf.random_uniform([2, 6, 3], { seed: 3 });
    const c = tf.layers.conv1d(x, 4, 3, { padding: 'same' });
    assert.deepEqual(c.shape.as_list(), [2, 6, 4]);
    assert.deepEqual(tf.layers.max_pooling1d(c, 2, 2).shape.as_list(), [2, 3, 4]);
    assert.deepEqual(tf.layers.average_pooling1d(c, 3, 1).shape.as_list(), [2, 4, 4]);
    const img = tf.ones([1, 2, 2, 1]);
    const up = tf.layers.conv2d_transpose(img, 1, 2, { strides: 2, kernel_initializer: tf.ones_initializer(), use_bias: false });
    assert.deepEqual(up.shape.as_list(), [1, 4, 4, 1]);
    const valid = tf.layers.conv2d_transpose(img, 2, 3, { strides: 1 });
    assert.deepEqual(valid.shape.as_list(), [1, 4, 4, 2]);
    const sess = new tf.Session();
    sess.run(tf.global_variables_initializer());
    const [u, v] = sess.run([up, valid]) as tf.NDArray[];
    assert.ok(Array.from(u.values).every((q) => q === 1));
    assert.deepEqual(v.shape, [1, 4, 4, 2]);
  });

  it('BatchNormalization: variables, UPDATE_OPS, batch moments in training and the moving averages', () => {
    const inputs = tf.placeholder(tf.float32, [null, 2]);
    const training = tf.placeholder(tf.bool, []);
    const bn = new tf.layers.BatchNormalization({ momentum: 0.9, epsilon: 0 });
    const out = bn.apply(inputs, { training });
    assert.deepEqual(bn.variables.map((v) => v.op.name), ['batch_normalization/gamma', 'batch_normalization/beta', 'batch_normalization/moving_mean', 'batch_normalization/moving_variance']);
    assert.equal(bn.trainable_variables.length, 2);
    assert.equal(bn.non_trainable_variables.length, 2);
    assert.equal(bn.updates.length, 2);
    assert.deepEqual(tf.get_default_graph().get_collection(tf.GraphKeys.UPDATE_OPS), bn.updates);
    assert.deepEqual(tf.trainable_variables(), bn.trainable_variables);
    const sess = new tf.Session();
    sess.run(tf.global_variables_initializer());
    const batch = [[1, 10], [3, 20], [5, 30], [7, 40]];
    const [y] = sess.run([out, ...bn.updates], new Map<tf.Tensor, unknown>([[inputs, batch], [training, true]]) as never) as tf.NDArray[];
    // (x - mean) / std per column: mean 4 and 25, variance 5 and 125.
    close(y.values, [1, 10, 3, 20, 5, 30, 7, 40].map((v, i) => (i % 2 === 0 ? (v - 4) / Math.sqrt(5) : (v - 25) / Math.sqrt(125))), 1e-4);
    close((sess.run(bn.moving_mean) as tf.NDArray).values, [0.4, 2.5], 1e-5);
    close((sess.run(bn.moving_variance) as tf.NDArray).values, [0.9 + 0.5, 0.9 + 12.5], 1e-4);
    // Inference uses the moving statistics.
    const inferred = sess.run(out, new Map<tf.Tensor, unknown>([[inputs, [[0.4, 2.5]]], [training, false]]) as never) as tf.NDArray;
    close(inferred.values, [0, 0], 1e-5);
    // The functional form with training=false builds no updates.
    tf.layers.batch_normalization(inputs, { training: false });
    assert.equal(tf.get_default_graph().get_collection(tf.GraphKeys.UPDATE_OPS).length, 2);
  });

  it('flatten: [batch, h*w*c] for known and unknown batch sizes', () => {
    assert.deepEqual(tf.layers.flatten(tf.ones([3, 2, 4])).shape.as_list(), [3, 8]);
    const x = tf.placeholder(tf.float32, [null, 2, 3]);
    const f = tf.layers.flatten(x);
    assert.deepEqual(f.shape.as_list(), [null, 6]);
    assert.equal(f.op.name, 'flatten_1/Reshape');
    assert.deepEqual((new tf.Session().run(f, new Map([[x, [[[1, 2, 3], [4, 5, 6]]]]])) as tf.NDArray).shape, [1, 6]);
  });

  it('a small CNN trains (loss falls) and saves a checkpoint with TF\'s variable keys', () => {
    const x = tf.placeholder(tf.float32, [null, 4, 4, 1]);
    const y = tf.placeholder(tf.int32, [null]);
    const h = tf.layers.conv2d(x, 4, 3, { padding: 'same', activation: tf.nn.relu });
    const p = tf.layers.max_pooling2d(h, 2, 2);
    const logits = tf.layers.dense(tf.layers.flatten(p), 2);
    const loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits({ labels: y, logits }));
    const train = new tf.train.GradientDescentOptimizer(0.5).minimize(loss);
    const sess = new tf.Session();
    sess.run(tf.global_variables_initializer());
    const images = [0, 1, 2, 3].map((i) => Array.from({ length: 4 }, (_, r) => Array.from({ length: 4 }, (_, c) => [i % 2 === 0 ? (r < 2 ? 1 : 0) : (c < 2 ? 1 : 0)])));
    const feed = new Map<tf.Tensor, unknown>([[x, images], [y, [0, 1, 0, 1]]]) as never;
    const first = (sess.run(loss, feed) as tf.NDArray).item() as number;
    for (let i = 0; i < 30; i++) sess.run(train, feed);
    const last = (sess.run(loss, feed) as tf.NDArray).item() as number;
    assert.ok(last < first * 0.5, `loss ${first} → ${last}`);
    const prefix = tf.train.Saver().save(sess, path.join(tmpDir('layers'), 'model'));
    assert.deepEqual(tf.train.list_variables(prefix!).map(([name]) => name), ['conv2d/bias', 'conv2d/kernel', 'dense/bias', 'dense/kernel']);
  });

  it('separable_conv2d: depthwise_kernel, pointwise_kernel and bias, through tf.nn.separable_conv2d', () => {
    const x = tf.ones([1, 3, 3, 2]);
    const layer = new tf.layers.SeparableConv2D(4, 2, { depth_multiplier: 2, depthwise_initializer: tf.ones_initializer(), pointwise_initializer: tf.ones_initializer() });
    const y = layer.apply(x);
    assert.deepEqual(layer.variables.map((v) => [v.op.name, v.shape.as_list()]), [
      ['separable_conv2d/depthwise_kernel', [2, 2, 2, 2]], ['separable_conv2d/pointwise_kernel', [1, 1, 4, 4]], ['separable_conv2d/bias', [4]]]);
    const ops = tf.get_default_graph().get_operations().map((o) => `${o.name}:${o.type}`);
    assert.ok(ops.includes('separable_conv2d/separable_conv2d/depthwise:DepthwiseConv2dNative'));
    assert.ok(ops.includes('separable_conv2d/separable_conv2d:Conv2D'));
    assert.equal(y.shape.toString(), '(1, 2, 2, 4)');
    const sess = new tf.Session();
    sess.run(tf.global_variables_initializer());
    assert.ok(Array.from(sess.run(y).values).every((v) => v === 16), 'each output sums 2x2 taps of 2 channels, twice');
    const f = tf.layers.separable_conv2d(x, 3, [2, 2], { padding: 'same', name: 'sep' });
    assert.equal(f.shape.toString(), '(1, 3, 3, 3)');
    assert.ok(tf.global_variables().some((v) => v.name === 'sep/pointwise_kernel:0'));
  });

  it('batch_normalization of a 4-D input takes the fused path (FusedBatchNormV3; unbiased variance in the moving average)', () => {
    const inputs = tf.placeholder(tf.float32, [null, 1, 1, 2]);
    const training = tf.placeholder(tf.bool, []);
    const bn = new tf.layers.BatchNormalization({ momentum: 0.9, epsilon: 0 });
    const out = bn.apply(inputs, { training });
    assert.equal(bn.fused, true);
    const types = tf.get_default_graph().get_operations().map((o) => o.type);
    assert.equal(types.filter((t) => t === 'FusedBatchNormV3').length, 2, 'one in each branch of the training cond');
    assert.equal(bn.updates.length, 2);
    const sess = new tf.Session();
    sess.run(tf.global_variables_initializer());
    // Channel 0 holds 1 and 3, channel 1 holds 2 and 6: means 2 and 4, variances 1 and 4 (unbiased 2 and 8).
    const batch = [[[[1, 2]]], [[[3, 6]]]];
    const [y] = sess.run([out, ...bn.updates], new Map<tf.Tensor, unknown>([[inputs, batch], [training, true]]) as never) as tf.NDArray[];
    const e = 1.001e-5;
    close(y.values, [-1 / Math.sqrt(1 + e), -2 / Math.sqrt(4 + e), 1 / Math.sqrt(1 + e), 2 / Math.sqrt(4 + e)], 1e-5);
    close((sess.run(bn.moving_mean) as tf.NDArray).values, [0.2, 0.4]);
    close((sess.run(bn.moving_variance) as tf.NDArray).values, [0.9 + 0.2, 0.9 + 0.8]);
    const inferred = sess.run(out, new Map<tf.Tensor, unknown>([[inputs, [[[[0.2, 0.4]]]]], [training, false]]) as never) as tf.NDArray;
    close(inferred.values, [0, 0], 1e-5);
    const [gx] = tf.gradients(tf.reduce_sum(tf.layers.batch_normalization(inputs, { training: true, name: 'bn2' })), inputs);
    assert.ok(tf.get_default_graph().get_operations().some((o) => o.type === 'FusedBatchNormGradV3'));
    sess.run(tf.global_variables_initializer());
    close((sess.run(gx!, new Map([[inputs, batch]]) as never) as tf.NDArray).values, [0, 0, 0, 0], 1e-4);

    tf.reset_default_graph();
    const p = tf.placeholder(tf.float32, [2, 1, 1, 2]);
    const plain = new tf.layers.BatchNormalization({ momentum: 0.9, fused: false });
    plain.apply(p, { training: true });
    assert.equal(plain.fused, false);
    assert.ok(!tf.get_default_graph().get_operations().some((o) => o.type.startsWith('FusedBatchNorm')));
    const dense = new tf.layers.BatchNormalization();
    dense.apply(tf.placeholder(tf.float32, [null, 3]), { training: true });
    assert.equal(dense.fused, false, 'a 2-D input is never fused');
  });
});
