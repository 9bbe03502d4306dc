// max_pool_with_argmax, dilation2d / erosion2d and batch_norm_with_global_normalization: TF's values
// (pooling_ops_test, dilation_ops_test, nn_batchnorm_test), names, errors, finite-difference gradients.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { assertClose, nodes, run } from './helpers';
import { checkGradient, rng, sample } from './gradient_check';

const f32 = (v: unknown) => tf.constant(v as number[], { dtype: tf.float32 });
const runAll = (ts: tf.Tensor[]) => { const s = new tf.Session(); try { return s.run(ts); } finally { s.close(); } };

describe('max_pool_with_argmax', () => {
  beforeEach(() => tf.reset_default_graph());
  const image = [1, 1, 1, 1, 0, 1, 1, 1, 1];

  it('maxima and their flat indices, with and without the batch in the index (testMaxPoolingWithArgmax)', () => {
    const x = tf.reshape(f32([...image, ...image]), [2, 3, 3, 1]);
    const [y, argmax] = tf.nn.max_pool_with_argmax(x, { ksize: [1, 2, 2, 1], strides: [1, 1, 1, 1], padding: 'VALID', include_batch_in_index: true });
    assert.equal(y.op.type, 'MaxPoolWithArgmax');
    assert.equal(y.op.name, 'MaxPoolWithArgmax');
    assert.equal(argmax.dtype, tf.int64);
    assert.equal(argmax.shape.toString(), '(2, 2, 2, 1)');
    const [yv, av] = runAll([y, argmax]);
    assert.deepEqual(Array.from(yv.values), [1, 1, 1, 1, 1, 1, 1, 1]);
    assert.deepEqual(Array.from(av.values, Number), [0, 1, 3, 5, 9, 10, 12, 14]);
    const [, within] = tf.nn.max_pool_with_argmax(x, [1, 2, 2, 1], [1, 1, 1, 1], 'VALID', { output_dtype: tf.int32 });
    assert.equal(within.dtype, tf.int32);
    assert.deepEqual(Array.from(run(within).values), [0, 1, 3, 5, 0, 1, 3, 5]);
  });

  it('gradient: each window\'s gradient to its argmax (testMaxPoolingGradWithArgmax), and its own gradient', () => {
    const x = tf.reshape(f32(image), [1, 3, 3, 1]);
    const [y] = tf.nn.max_pool_with_argmax(x, { ksize: [1, 2, 2, 1], strides: [1, 1, 1, 1], padding: 'VALID' });
    const [dx] = (tf.gradients(y, [x], { grad_ys: tf.reshape(f32([0.1, 0.2, 0.3, 0.4]), [1, 2, 2, 1]) }) as tf.Tensor[]);
    assert.equal(dx!.op.type, 'MaxPoolGradWithArgmax');
    assertClose(run(dx!).values, [0.1, 0.2, 0, 0.3, 0, 0.4, 0, 0, 0]);
    const o = { ksize: [1, 2, 2, 1], strides: [1, 2, 2, 1], padding: 'SAME' as const };
    checkGradient((t) => tf.nn.max_pool_with_argmax(t, o)[0], [{ shape: [2, 5, 4, 3], domain: 'distinct' }], 4000);
    checkGradient((t) => tf.nn.max_pool_with_argmax(t, { ...o, include_batch_in_index: true })[0], [{ shape: [2, 3, 3, 2], domain: 'distinct' }], 4001);
    const types = checkGradient((g) => {
      const xs = tf.constant(sample([2, 4, 3, 2], 'distinct', rng(5)));
      return (tf.gradients(tf.nn.max_pool_with_argmax(xs, o)[0], [xs], { grad_ys: g }) as tf.Tensor[])[0]!;
    }, [{ shape: [2, 2, 2, 2] }], 4002);
    assert.ok(types.includes('MaxPoolGradGradWithArgmax'), `${types}`);
  });

  it('raises TF\'s errors', () => {
    const x = tf.zeros([1, 4, 4, 1]);
    assert.throws(() => tf.nn.max_pool_with_argmax(x, { ksize: [1, 2, 2, 1], strides: [1, 1, 1, 1], padding: 'VALID', data_format: 'NCHW' as 'NHWC' }), /Data formats other than 'NHWC' are not yet supported/);
    assert.throws(() => tf.nn.max_pool_with_argmax(x, { ksize: [1, 2, 2], strides: [1, 1, 1, 1], padding: 'VALID' }), /MaxPool requires the ksize attribute to contain 4 values, but got: 3/);
    assert.throws(() => tf.nn.max_pool_with_argmax(x, { ksize: [1, 2, 2, 1], strides: [1, 1, 1, 1], padding: 'VALID', Targmax: tf.float32 }), /Targmax/);
  });
});

describe('dilation2d and erosion2d (dilation_ops_test)', () => {
  beforeEach(() => tf.reset_default_graph());
  const image1 = () => f32([[[[0.1], [0.2]], [[0.3], [0.4]]]]);
  const filter1 = () => f32([[[0.4], [0.3]], [[0.1], [0.0]]]);

  it('depth 1 and 3 SAME (TF\'s values), VALID and rates (hand-computed)', () => {
    const d = tf.nn.dilation2d(image1(), filter1(), { strides: [1, 1, 1, 1], rates: [1, 1, 1, 1], padding: 'SAME' });
    assert.equal(d.op.type, 'Dilation2D');
    assert.equal(d.op.name, 'Dilation2D');
    assertClose(run(d).values, [0.5, 0.6, 0.7, 0.8]);
    const d3 = tf.nn.dilation2d(f32([[[[0.1, 0.2, 0.0], [0.2, 0.3, 0.1]], [[0.3, 0.4, 0.2], [0.4, 0.5, 0.3]]]]),
      f32([[[0.4, 0.5, 0.3], [0.3, 0.4, 0.2]], [[0.1, 0.2, 0.0], [0.0, 0.1, -0.1]]]), [1, 1, 1, 1], [1, 1, 1, 1], 'SAME');
    assertClose(run(d3).values, [0.5, 0.7, 0.3, 0.6, 0.8, 0.4, 0.7, 0.9, 0.5, 0.8, 1.0, 0.6]);
    const image3 = f32([[[[0.1], [0.2], [0.0]], [[0.2], [0.3], [0.1]], [[0.3], [0.4], [0.2]]]]);
    const valid = tf.nn.dilation2d(image3, f32([[[0.4], [0.3]], [[0.1], [0.2]]]), { strides: [1, 1, 1, 1], rates: [1, 1, 1, 1], padding: 'VALID' });
    assert.equal(valid.shape.toString(), '(1, 2, 2, 1)');
    // hand-computed: each output the max of its 2x2 window plus the filter
    assertClose(run(valid).values, [0.5, 0.6, 0.6, 0.7]);
    // rate 2: the filter's taps land on the image's corners: max(.1+.4, .0+.3, .3+.1, .2+.2)
    const rated = tf.nn.dilation2d(image3, f32([[[0.4], [0.3]], [[0.1], [0.2]]]), { strides: [1, 1, 1, 1], dilations: [1, 2, 2, 1], padding: 'VALID' });
    assert.equal(rated.shape.toString(), '(1, 1, 1, 1)');
    assertClose(run(rated).values, [0.5]);
  });

  it('erosion2d by duality (testErosion2DDepth1), in its scope', () => {
    const e = tf.nn.erosion2d(image1(), filter1(), [1, 1, 1, 1], [1, 1, 1, 1], 'SAME');
    assertClose(run(e).values, [0.0, 0.1, 0.3, 0.4]);
    assert.ok(nodes().includes('erosion2d:Dilation2D') && nodes().some((n) => /^erosion2d\/.*:ReverseV2$/.test(n)), `${nodes()}`);
    assert.equal(e.op.type, 'Neg');
  });

  it('shapes and errors', () => {
    assert.equal(tf.nn.dilation2d(tf.placeholder(tf.float32, [null, 8, 8, 3]), tf.zeros([3, 3, 3]), { strides: [1, 2, 2, 1], rates: [1, 2, 2, 1], padding: 'SAME' }).shape.toString(), '(?, 4, 4, 3)');
    assert.throws(() => tf.nn.dilation2d(tf.zeros([1, 4, 4, 2]), tf.zeros([2, 2, 3]), { strides: [1, 1, 1, 1], rates: [1, 1, 1, 1], padding: 'VALID' }), /Dimensions must be equal, but are 2 and 3/);
    assert.throws(() => tf.nn.dilation2d(tf.zeros([1, 4, 4, 2]), tf.zeros([2, 2, 2]), { strides: [1, 1, 1], rates: [1, 1, 1, 1], padding: 'VALID' }), /Dilation2D requires the stride attribute to contain 4 values, but got: 3/);
    assert.throws(() => tf.nn.dilation2d(tf.zeros([1, 4, 4, 2]), tf.zeros([2, 2, 2]), { strides: [1, 1, 1, 1], rates: [1, 1, 1, 1], dilations: [1, 1, 1, 1], padding: 'VALID' }), /Cannot specify both 'rates' and 'dilations'/);
    assert.throws(() => run(tf.nn.dilation2d(tf.zeros([1, 4, 4, 2]), tf.zeros([2, 2, 2]), { strides: [2, 1, 1, 1], rates: [1, 1, 1, 1], padding: 'VALID' })), /does not yet support strides in the batch and depth dimensions/);
  });

  it('gradients in the input and the filter (Dilation2DBackpropInput, Dilation2DBackpropFilter)', () => {
    for (const [padding, stride, rate] of [['SAME', 1, 1], ['VALID', 2, 1], ['SAME', 1, 2]] as const) {
      const o = { strides: [1, stride, stride, 1], rates: [1, rate, rate, 1], padding };
      const types = checkGradient((x, f) => tf.nn.dilation2d(x, f, o), [{ shape: [2, 5, 4, 2], domain: 'distinct' }, { shape: [2, 3, 2], domain: 'distinct' }], 4100 + stride * 10 + rate);
      assert.ok(types.includes('Dilation2DBackpropInput') && types.includes('Dilation2DBackpropFilter'), `${types}`);
      checkGradient((x, k) => tf.nn.erosion2d(x, k, o), [{ shape: [1, 4, 4, 2], domain: 'distinct' }, { shape: [2, 2, 2], domain: 'distinct' }], 4200 + stride * 10 + rate);
    }
  });
});

describe('batch_norm_with_global_normalization (nn_batchnorm_test)', () => {
  beforeEach(() => tf.reset_default_graph());
  it('is batch_normalization with gamma only when scaling after normalization', () => {
    const x = sample([2, 3, 2, 4], 'any', rng(1)), m = sample([4], 'any', rng(2)), v = sample([4], 'positive', rng(3));
    const beta = sample([4], 'any', rng(4)), gamma = sample([4], 'positive', rng(5));
    const eps = 0.001;
    for (const scale of [true, false]) {
      const y = tf.nn.batch_norm_with_global_normalization(tf.constant(x), tf.constant(m), tf.constant(v), tf.constant(beta), tf.constant(gamma), eps, scale);
      const expected = Array.from(x.values, (xv, i) => { const c = i % 4; return (xv - m.values[c]) / Math.sqrt(v.values[c] + eps) * (scale ? gamma.values[c] : 1) + beta.values[c]; });
      assertClose(run(y).values, expected, 1e-9);
    }
    const byNew = tf.nn.batch_norm_with_global_normalization({ input: tf.constant(x), mean: tf.constant(m), variance: tf.constant(v), beta: tf.constant(beta), gamma: tf.constant(gamma), variance_epsilon: eps, scale_after_normalization: true, name: 'bn' });
    assert.ok(byNew.op.name.startsWith('bn/'));
    assert.throws(() => tf.nn.batch_norm_with_global_normalization(tf.constant(x), tf.constant(m), tf.constant(v), tf.constant(beta), tf.constant(gamma), eps, true, { input: tf.constant(x) }), /Cannot specify both 't' and 'input'/);
    checkGradient((t, g) => tf.nn.batch_norm_with_global_normalization(t, tf.constant(m), tf.constant(v), tf.constant(beta), g, eps, true), [{ shape: [2, 3, 4] }, { shape: [4] }], 4300);
  });
});
