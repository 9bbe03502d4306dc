// The tf.nn names of TF 1.x tutorials: leaky_relu, l2_normalize, xw_plus_b, weighted cross-entropy,
// embedding_lookup, depthwise / separable / atrous convolutions, LRN, fused_batch_norm, pool, the
// sampled losses and their sampler, with TF's node names and values worked out by hand.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { assertClose, nodes, run } from './helpers';
import { checkGradient } from './gradient_check';

const f32 = (v: unknown, shape?: number[]) => tf.constant(v as number[], { dtype: tf.float32, shape });
const values = (t: tf.Tensor, feeds?: tf.FeedDict) => run(t, feeds).toArray();
const softplus = (x: number) => Math.log1p(Math.exp(x));

describe('nn names of TF 1.x tutorials', () => {
  beforeEach(() => tf.reset_default_graph());

  it('leaky_relu (LeakyRelu, its gradient LeakyReluGrad), l2_normalize, xw_plus_b', () => {
    const x = f32([-1, 2]);
    const y = tf.nn.leaky_relu(x);
    assert.equal(y.op.name, 'LeakyRelu');
    assertClose(run(y).values, [-0.2, 2]);
    assertClose(run((tf.gradients(tf.reduce_sum(y), x) as tf.Tensor[])[0]!).values, [0.2, 1]);
    assert.equal(tf.nn.leaky_relu(tf.constant([1, -2]), { alpha: 0.5 }).dtype, tf.float32, 'integers are cast to float32');
    assertClose(run(tf.nn.leaky_relu(tf.constant([1, -2]), { alpha: 0.5 })).values, [1, -1]);

    const n = tf.nn.l2_normalize(f32([3, 4]));
    assert.equal(n.op.name, 'l2_normalize');
    assertClose(run(n).values, [0.6, 0.8]);
    assertClose(run(tf.nn.l2_normalize(f32([[3, 4], [0, 2]]), 1)).values, [0.6, 0.8, 0, 1]);
    assert.equal(tf.math.l2_normalize, tf.nn.l2_normalize);

    const xb = tf.nn.xw_plus_b(f32([[1, 2]]), f32([[1], [1]]), f32([0.5]));
    assert.ok(nodes().includes('xw_plus_b/MatMul:MatMul'));
    assert.equal(xb.op.name, 'xw_plus_b');
    assert.equal(xb.op.type, 'BiasAdd');
    assert.deepEqual(values(xb), [[3.5]]);
  });

  it('weighted_cross_entropy_with_logits weights the positive term; sparse softmax cross-entropy of any rank', () => {
    const l = tf.nn.weighted_cross_entropy_with_logits({ labels: f32([1, 0]), logits: f32([0, 1]), pos_weight: 2 });
    assert.equal(l.op.name, 'logistic_loss');
    assertClose(run(l).values, [2 * Math.LN2, 1 + softplus(-1)]);
    assertClose(run(tf.nn.weighted_cross_entropy_with_logits({ targets: f32([1]), logits: f32([0]), pos_weight: 1 })).values, [Math.LN2]);

    const cost = tf.nn.sparse_softmax_cross_entropy_with_logits({ labels: tf.constant([[0, 1]]), logits: tf.zeros([1, 2, 2]) });
    assert.equal(cost.shape.toString(), '(1, 2)');
    assertClose(run(cost).values, [Math.LN2, Math.LN2]);
  });

  it('embedding_lookup: a GatherV2 named after the scope, colocated with the params, then an Identity; dense gradient', () => {
    const params = tf.Variable(f32([[1, 2], [3, 4], [5, 6]]), { name: 'params' });
    const e = tf.nn.embedding_lookup(params, tf.constant([[2, 0]]));
    assert.equal(e.op.name, 'embedding_lookup/Identity');
    const gather = tf.get_default_graph().get_operation_by_name('embedding_lookup');
    assert.equal(gather.type, 'GatherV2');
    assert.deepEqual(gather.colocation_groups(), ['loc:@params']);
    assert.ok(nodes().includes('embedding_lookup/axis:Const'));
    assert.equal(e.shape.toString(), '(1, 2, 2)');
    const sess = new tf.Session();
    sess.run(params.initializer);
    assert.deepEqual(sess.run(e).toArray(), [[[5, 6], [1, 2]]]);
    // As in TF, the gradient is IndexedSlices: the rows of the ids looked up.
    const [g] = tf.gradients(tf.reduce_sum(e), params);
    assert.ok(g instanceof tf.IndexedSlices);
    const slices = sess.run(g);
    assert.deepEqual(slices.indices.toArray(), [2, 0]);
    assert.deepEqual(slices.values.toArray(), [[1, 1], [1, 1]]);
    assert.deepEqual(slices.dense_shape!.toArray(), [3, 2]);
    assert.deepEqual(sess.run(tf.convert_to_tensor(g)).toArray(), [[1, 1], [0, 0], [1, 1]]);
    assertClose(sess.run(tf.nn.embedding_lookup(f32([[3, 4]]), [0, 0], { max_norm: 1 })).values, [0.6, 0.8, 0.6, 0.8]);
  });

  it("embedding_lookup over shards, 'mod' and 'div', through DynamicPartition and DynamicStitch", () => {
    const i32 = (v: unknown) => tf.constant(v as number[], { dtype: tf.int32 });
    const [even, odd] = tf.dynamic_partition(f32([10, 20, 30, 40]), i32([0, 1, 0, 1]), 2);
    assert.deepEqual(values(even), [10, 30]);
    assert.deepEqual(values(odd), [20, 40]);
    assert.ok(checkGradient((d) => tf.dynamic_partition(d, tf.constant(new Int32Array([1, 0, 1])), 2)[0], [{ shape: [3, 2] }], 3).includes('DynamicStitch'));
    // ids 0..2 over two shards: 'mod' puts 0 and 2 in shard 0, 'div' puts 0 and 1 there.
    const modShards = [tf.Variable(f32([[0, 0], [2, 2]]), { name: 's0' }), tf.Variable(f32([[1, 1]]), { name: 's1' })];
    const divShards = [f32([[0, 0], [1, 1]]), f32([[2, 2]])];
    const byMod = tf.nn.embedding_lookup(modShards, i32([[2, 1], [0, 2]]));
    assert.equal(byMod.shape.toString(), '(2, 2, 2)');
    const byDiv = tf.nn.embedding_lookup(divShards, i32([2, 0, 1]), { partition_strategy: 'div' });
    const sess = new tf.Session();
    sess.run(tf.global_variables_initializer());
    assert.deepEqual(sess.run(byMod).toArray(), [[[2, 2], [1, 1]], [[0, 0], [2, 2]]]);
    assert.deepEqual(sess.run(byDiv).toArray(), [[2, 2], [0, 0], [1, 1]]);
    const [g0] = tf.gradients(tf.reduce_sum(byMod), modShards[0]);
    assert.deepEqual(sess.run(tf.convert_to_tensor(g0!)).toArray(), [[1, 1], [2, 2]], 'id 2 twice, id 0 once');
    assert.throws(() => tf.nn.embedding_lookup(modShards, [0], { partition_strategy: 'rows' as 'mod' }), /Unrecognized partition strategy: rows/);
  });

  it('depthwise_conv2d (DepthwiseConv2dNative and both backprops), separable_conv2d, atrous_conv2d', () => {
    // NHWC [1, 2, 2, 2]: channel 0 holds 1..4, channel 1 holds 5..8.
    const x = f32([1, 5, 2, 6, 3, 7, 4, 8], [1, 2, 2, 2]);
    const w = f32([1, 2, 1, 2, 1, 2, 1, 2], [2, 2, 2, 1]);
    const d = tf.nn.depthwise_conv2d(x, w, { strides: [1, 1, 1, 1], padding: 'VALID' });
    assert.deepEqual(nodes().slice(2), ['depthwise/Shape:Const', 'depthwise/dilation_rate:Const', 'depthwise:DepthwiseConv2dNative']);
    assert.equal(d.shape.toString(), '(1, 1, 1, 2)');
    assert.deepEqual(values(d), [[[[10, 52]]]]);
    const m = tf.nn.depthwise_conv2d(x, f32([1, 10, 100, 1000], [1, 1, 2, 2]), { strides: [1, 1, 1, 1], padding: 'SAME' });
    assert.equal(m.shape.toString(), '(1, 2, 2, 4)');
    assert.deepEqual(Array.from(run(m).values.slice(0, 4)), [1, 10, 500, 5000]);
    assert.throws(() => tf.nn.depthwise_conv2d(x, f32([1, 1, 1], [1, 1, 3, 1]), { strides: [1, 1, 1, 1], padding: 'SAME' }), /Dimensions must be equal, but are 2 and 3/);

    const types = checkGradient((xi, wi) => tf.nn.depthwise_conv2d(xi, wi, { strides: [1, 2, 2, 1], padding: 'SAME' }), [{ shape: [2, 5, 5, 3] }, { shape: [3, 3, 3, 2] }], 7);
    assert.ok(types.includes('DepthwiseConv2dNativeBackpropInput') && types.includes('DepthwiseConv2dNativeBackpropFilter'));
    checkGradient((xi, wi) => tf.nn.depthwise_conv2d(xi, wi, { strides: [1, 1, 1, 1], padding: 'VALID', rate: [2, 2] }), [{ shape: [1, 5, 5, 2] }, { shape: [2, 2, 2, 1] }], 8);

    tf.reset_default_graph();
    const x2 = f32([1, 5, 2, 6, 3, 7, 4, 8], [1, 2, 2, 2]);
    const s = tf.nn.separable_conv2d(x2, f32([1, 1, 1, 1, 1, 1, 1, 1], [2, 2, 2, 1]), f32([1, 1], [1, 1, 2, 1]), { strides: [1, 1, 1, 1], padding: 'VALID' });
    assert.ok(nodes().includes('separable_conv2d/depthwise:DepthwiseConv2dNative'));
    assert.equal(s.op.name, 'separable_conv2d');
    assert.equal(s.op.type, 'Conv2D');
    assert.deepEqual(values(s), [[[[36]]]]);
    assert.throws(() => tf.nn.separable_conv2d(x2, x2, f32([1, 1, 1, 1], [2, 1, 2, 1]), { strides: [1, 1, 1, 1], padding: 'VALID' }), /Dimensions 2 and 1 are not compatible/);

    const img = f32([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    const a = tf.nn.atrous_conv2d(img, f32([1, 1, 1, 1], [2, 2, 1, 1]), 2, 'VALID');
    // TF 1.15's graph: SpaceToBatchND, a VALID Conv2D named after the scope, BatchToSpaceND.
    assert.equal(a.op.name, 'convolution/BatchToSpaceND');
    assert.equal(a.op.inputs[0].op.name, 'convolution');
    assert.equal(a.op.inputs[0].op.type, 'Conv2D');
    assert.equal(a.op.inputs[0].op.inputs[0].op.name, 'convolution/SpaceToBatchND');
    assert.ok(nodes().includes('convolution/required_space_to_batch_paddings/paddings:Const'));
    assert.deepEqual(values(a), [[[[20]]]]);
  });

  it('local_response_normalization (LRN) and its gradient LRNGrad against the formula', () => {
    const x = f32([1, 2, 3], [1, 1, 1, 3]);
    const y = tf.nn.local_response_normalization(x, { depth_radius: 1 });
    assert.equal(y.op.type, 'LRN');
    assert.equal(tf.nn.lrn, tf.nn.local_response_normalization);
    assertClose(run(y).values, [1 / Math.sqrt(6), 2 / Math.sqrt(15), 3 / Math.sqrt(14)]);
    // d/dx_j of Σ_i r_i y_i by central differences of the formula in float64.
    const r = [0.3, -0.7, 1.1];
    const forward = (v: number[]) => v.reduce((s, vi, i) => {
      let n = 1;
      for (let k = Math.max(0, i - 1); k <= Math.min(2, i + 1); k++) n += v[k] * v[k];
      return s + r[i] * vi / Math.sqrt(n);
    }, 0);
    const numeric = [0, 1, 2].map((j) => { const p = [1, 2, 3], q = [1, 2, 3]; p[j] += 1e-6; q[j] -= 1e-6; return (forward(p) - forward(q)) / 2e-6; });
    const [g] = (tf.gradients(tf.reduce_sum(tf.multiply(y, f32(r, [1, 1, 1, 3]))), x) as tf.Tensor[]);
    assert.equal(g!.op.type, 'LRNGrad');
    assertClose(run(g!).values, numeric, 1e-4);
  });

  it('fused_batch_norm: FusedBatchNormV3 in training (Bessel-corrected batch variance) and inference, gradients as the composite\'s', () => {
    // NHWC [2, 1, 1, 2]: channel 0 holds 1 and 3, channel 1 holds 2 and 6.
    const x = f32([1, 2, 3, 6], [2, 1, 1, 2]);
    const [y, mean, variance] = tf.nn.fused_batch_norm(x, f32([1, 2]), f32([0, 1]));
    assert.deepEqual(nodes().slice(3), ['Const_3:Const', 'Const_4:Const', 'FusedBatchNormV3:FusedBatchNormV3']);
    assert.equal(y.op.get_attr('is_training'), true);
    assertClose([y.op.get_attr('epsilon') as number], [0.001]);
    assertClose(run(mean).values, [2, 4]);
    assertClose(run(variance).values, [2, 8]);
    const e = 0.001;
    assertClose(run(y).values, [-1 / Math.sqrt(1 + e), 1 - 4 / Math.sqrt(4 + e), 1 / Math.sqrt(1 + e), 1 + 4 / Math.sqrt(4 + e)]);

    const [yi] = tf.nn.fused_batch_norm(x, f32([1, 2]), f32([0, 1]), { mean: f32([0, 0]), variance: f32([1, 1]), is_training: false, epsilon: 0 });
    assertClose([yi.op.get_attr('epsilon') as number], [1.001e-5], 1e-6);
    const k = Math.sqrt(1 + 1.001e-5);
    assertClose(run(yi).values, [1 / k, (2 * 2) / k + 1, 3 / k, (2 * 6) / k + 1]);
    assert.throws(() => tf.nn.fused_batch_norm(x, f32([1, 2]), f32([0, 1]), { is_training: false }), /Both 'mean' and 'variance' must be a 1D tensor when is_training is False/);
    assert.throws(() => tf.nn.fused_batch_norm(tf.zeros([1, 1, 1, 1], tf.float64), [1], [0]), /Value passed to parameter 'x' has DataType float64/);

    // Gradients against moments + batch_normalization, whose gradients are checked elsewhere.
    for (const training of [true, false]) {
      tf.reset_default_graph();
      const xs = f32([0.3, -1.2, 2.0, 0.7, -0.4, 1.5, 0.9, -2.2, 0.1, 0.6, 1.1, -0.8], [3, 2, 1, 2]);
      const scale = f32([1.5, -0.5]), offset = f32([0.2, 0.3]);
      const r = f32([0.5, -1, 2, 0.3, 1.2, -0.7, 0.4, 0.8, -1.5, 1, 0.2, -0.3], [3, 2, 1, 2]);
      const popMean = f32([0.1, -0.2]), popVar = f32([1.3, 0.6]);
      const fused = training ? tf.nn.fused_batch_norm(xs, scale, offset, { epsilon: 0.01 })[0]
        : tf.nn.fused_batch_norm(xs, scale, offset, { mean: popMean, variance: popVar, is_training: false, epsilon: 0.01 })[0];
      const [m, v] = training ? tf.nn.moments(xs, [0, 1, 2]) : [popMean, popVar];
      const composite = tf.nn.batch_normalization(xs, m, v, offset, scale, 0.01);
      const gf = (tf.gradients(tf.reduce_sum(tf.multiply(fused, r)), [xs, scale, offset]) as tf.Tensor[]);
      const gc = (tf.gradients(tf.reduce_sum(tf.multiply(composite, r)), [xs, scale, offset]) as tf.Tensor[]);
      assert.ok(tf.get_default_graph().get_operations().some((o) => o.type === 'FusedBatchNormGradV3'));
      const sess = new tf.Session();
      assertClose(sess.run(fused).values, sess.run(composite).values, 1e-5);
      gf.forEach((g, i) => assertClose(sess.run(g!).values, sess.run(gc[i]!).values, 1e-4));
    }
  });

  it('pool: max_pool / avg_pool scopes over 1-D and 2-D windows, with TF\'s errors', () => {
    const x = f32([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], [1, 4, 4, 1]);
    const p = tf.nn.pool(x, [2, 2], 'MAX', 'VALID', { strides: [2, 2] });
    assert.equal(p.op.name, 'max_pool');
    assert.equal(p.op.type, 'MaxPool');
    assert.deepEqual(values(p), [[[[6], [8]], [[14], [16]]]]);
    assert.deepEqual(values(tf.nn.pool(x, [2, 2], 'AVG', 'VALID', { strides: [2, 2] })), [[[[3.5], [5.5]], [[11.5], [13.5]]]]);
    assert.deepEqual(values(tf.nn.pool(f32([1, 3, 2, 5], [1, 4, 1]), [2], 'MAX', 'VALID', { strides: [2] })), [[[3], [5]]]);
    assert.throws(() => tf.nn.pool(x, [2, 2], 'MIN' as 'MAX', 'VALID'), /pooling_type must be either 'MAX' or 'AVG'/);
    assert.throws(() => tf.nn.pool(x, [1, 1], 'MAX', 'SAME', { strides: [2, 2] }), /strides > window_shape not supported/);
  });

  it('sampled losses: log-uniform sampler, accidental hits, nce_loss and sampled_softmax_loss against hand-computed logits', () => {
    const [sampled, trueExpected, sampledExpected] = tf.nn.log_uniform_candidate_sampler(tf.constant([[0], [3]], { dtype: tf.int64 }), 1, 4, false, 10, { seed: 1 });
    assert.equal(sampled.op.name, 'LogUniformCandidateSampler');
    assert.equal(sampled.dtype, tf.int64);
    const sess = new tf.Session();
    const [s, te, se] = sess.run([sampled, trueExpected, sampledExpected]);
    const p = (k: number) => (Math.log(k + 2) - Math.log(k + 1)) / Math.log(11);
    assertClose(te.values, [4 * p(0), 4 * p(3)]);
    assert.ok(Array.from(s.values).every((k) => k >= 0 && k < 10 && Number.isInteger(k)));
    assertClose(se.values, Array.from(s.values, (k) => 4 * p(k)));
    const [all] = sess.run([tf.nn.log_uniform_candidate_sampler(tf.constant([[0]], { dtype: tf.int64 }), 1, 5, true, 5)[0]]);
    assert.deepEqual(Array.from(all.values).sort(), [0, 1, 2, 3, 4], 'unique draws of the whole range');
    assert.equal(tf.random.log_uniform_candidate_sampler, tf.nn.log_uniform_candidate_sampler);
    assert.throws(() => tf.nn.log_uniform_candidate_sampler([[0]], 1, 6, true, 5), /Sampler's range is too small/);
    assert.throws(() => tf.nn.log_uniform_candidate_sampler(tf.constant([[0]], { dtype: tf.int32 }), 1, 2, true, 5), /requested dtype int64 for Tensor with dtype int32/);

    const [hi, hid, hw] = sess.run(tf.nn.compute_accidental_hits(tf.constant([[1], [2]], { dtype: tf.int64 }), tf.constant([2, 1, 5], { dtype: tf.int64 }), 1));
    assert.deepEqual(Array.from(hi.values), [0, 1]);
    assert.deepEqual(Array.from(hid.values), [1, 0]);
    assert.ok(Array.from(hw.values).every((w) => w < -3e38));

    // Three classes of dimension 2; the input [1, 2] gives logits w·x = 1, 2, 3 for classes 0, 1, 2.
    const weights = f32([[1, 0], [0, 1], [1, 1]]), biases = f32([0, 0, 0]), inputs = f32([[1, 2]]), labels = tf.constant([[2]]);
    const given = (ids: number[]) => [tf.constant(ids, { dtype: tf.int64 }), f32([[1]]), f32(ids.map(() => 1))] as const;
    const softmaxLoss = tf.nn.sampled_softmax_loss(weights, biases, labels, inputs, 2, 3, { sampled_values: given([0, 1]), remove_accidental_hits: false });
    assertClose(sess.run(softmaxLoss).values, [Math.log(Math.exp(3) + Math.exp(1) + Math.exp(2)) - 3]);
    const hit = tf.nn.sampled_softmax_loss(weights, biases, labels, inputs, 2, 3, { sampled_values: given([2, 1]) });
    assertClose(sess.run(hit).values, [softplus(-1)], 1e-5);
    const nce = tf.nn.nce_loss(weights, biases, labels, inputs, 2, 3, { sampled_values: given([0, 1]) });
    assertClose(sess.run(nce).values, [softplus(-3) + softplus(1) + softplus(2)]);
    assert.ok(nodes().some((n) => n.startsWith('nce_loss/')) && nodes().some((n) => n.startsWith('sampled_losses/')));
    // With the default sampler: a loss per example that trains the weights.
    const drawn = tf.nn.nce_loss(weights, biases, tf.constant([[2], [0]]), f32([[1, 2], [0.5, -1]]), 2, 3);
    assert.equal(drawn.shape.toString(), '(2,)');
    assert.ok(Array.from(sess.run(drawn).values).every((v) => Number.isFinite(v) && v > 0));
    assert.ok((tf.gradients(tf.reduce_sum(drawn), weights) as tf.Tensor[])[0]);
    sess.close();
  });

  it('bind through their Python signatures', () => {
    const x = f32([1, 5, 2, 6, 3, 7, 4, 8], [1, 2, 2, 2]);
    const d = tf.nn.depthwise_conv2d(x, f32([1, 2, 1, 2, 1, 2, 1, 2], [2, 2, 2, 1]), [1, 1, 1, 1], 'VALID');
    assert.deepEqual(values(d), [[[[10, 52]]]]);
    const [y] = tf.nn.fused_batch_norm(x, f32([1, 1]), f32([0, 0]), f32([0, 0]), f32([1, 1]), 0.001, 'NHWC', false);
    assert.equal(y.op.get_attr('is_training'), false);
    assertClose([tf.nn.leaky_relu(f32([1]), 0.1).op.get_attr('alpha') as number], [0.1]);
    assert.equal(tf.nn.pool({ input: x, window_shape: [2, 2], pooling_type: 'AVG', padding: 'VALID' }).op.type, 'AvgPool');
    assert.throws(() => (tf.nn.nce_loss as (...a: unknown[]) => unknown)(x, x, x, x, 1), { name: 'TypeError', message: "nce_loss() missing 1 required positional argument: 'num_classes'" });
  });
});

describe('nn pooling aliases (max_pool1d/2d, avg_pool1d/2d, max_pool_v2, avg_pool_v2)', () => {
  beforeEach(() => tf.reset_default_graph());
  const image = () => f32([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], [1, 4, 4, 1]);

  it('max_pool2d takes one int or [h, w] windows in a MaxPool2d scope; avg_pool2d is avg_pool', () => {
    const y = tf.nn.max_pool2d(image(), 2, 2, 'VALID');
    assert.equal(y.op.name, 'MaxPool2d');
    assert.equal(y.op.type, 'MaxPool');
    assert.deepEqual(y.op.get_attr('ksize'), [1, 2, 2, 1]);
    assert.deepEqual(values(y), [[[[6], [8]], [[14], [16]]]]);
    assert.deepEqual(values(tf.nn.max_pool2d(image(), [2, 1], [2, 2], 'VALID', { name: 'p' })), [[[[5], [7]], [[13], [15]]]]);
    assert.equal(tf.nn.avg_pool2d, tf.nn.avg_pool);
    assert.throws(() => tf.nn.max_pool2d(image(), [2, 2, 2], 1, 'VALID'), /ksize should be of length 1, 2 or 4 but was 3/);
    assert.throws(() => tf.nn.max_pool2d(image(), 2, 2, 'FULL' as 'SAME'), /padding must be 'SAME' or 'VALID'/);
  });

  it('max_pool1d and avg_pool1d pool a height-1 image: ExpandDims, the pool named after the scope, Squeeze', () => {
    const x = f32([1, 5, 2, 8, 3, 3], [1, 6, 1]);
    const m = tf.nn.max_pool1d(x, 2, 2, 'VALID');
    assert.equal(m.op.name, 'MaxPool1d/Squeeze');
    assert.ok(nodes().includes('MaxPool1d:MaxPool'));
    assert.deepEqual(values(m), [[[5], [8], [3]]]);
    const a = tf.nn.avg_pool1d(x, 3, 3, 'VALID');
    assert.equal(a.op.name, 'AvgPool1D/Squeeze');
    assert.ok(nodes().includes('AvgPool1D:AvgPool'));
    assertClose(run(a).values, [8 / 3, 14 / 3]);
    // NCW: channels first, the width still pooled.
    assert.deepEqual(values(tf.nn.max_pool1d(f32([1, 5, 2, 8], [1, 1, 4]), 2, 2, 'VALID', { data_format: 'NCW' })), [[[5, 8]]]);
    assert.throws(() => tf.nn.max_pool1d(x, 2, 2, 'VALID', { data_format: 'NHWC' }), /data_format must be 'NWC' or 'NCW'/);
  });

  it('pool takes dilations as TF 1.15\'s second name for dilation_rate', () => {
    assert.deepEqual(values(tf.nn.pool(image(), [2, 2], 'MAX', 'VALID', { dilations: [1, 1], strides: [2, 2] })), [[[[6], [8]], [[14], [16]]]]);
    assert.throws(() => tf.nn.pool(image(), [1, 1], 'MAX', 'VALID', { dilations: [2, 1] }), /pool with dilation_rate > 1 is not supported here/);
    assert.throws(() => tf.nn.pool(image(), [1, 1], 'MAX', 'VALID', { dilations: [1, 1], dilation_rate: [1, 1] }), /Cannot specify both 'dilations' and 'dilation_rate'/);
  });

  it('max_pool_v2 / avg_pool_v2 pick the pool by rank, the op named as given; gradients flow', () => {
    const y = tf.nn.max_pool_v2(image(), 2, 2, 'SAME');
    assert.equal(y.op.name, 'MaxPool');
    assert.deepEqual(values(y), [[[[6], [8]], [[14], [16]]]]);
    const a = tf.nn.avg_pool_v2(image(), [2, 2], [2, 2], 'VALID', { name: 'avg' });
    assert.equal(a.op.name, 'avg');
    assertClose(run(a).values, [3.5, 5.5, 11.5, 13.5]);
    assert.deepEqual(values(tf.nn.max_pool_v2(f32([1, 5, 2, 8], [1, 4, 1]), 2, 2, 'VALID')), [[[5], [8]]]);
    assert.throws(() => tf.nn.max_pool_v2(f32([1, 2]), 1, 1, 'VALID'), /Input tensor must be of rank 3, 4 or 5 but was 1/);
    assert.ok(checkGradient((x) => tf.nn.avg_pool_v2(x, 2, 1, 'SAME'), [{ shape: [1, 3, 3, 2] }], 5).includes('AvgPoolGrad'));
    assert.ok(checkGradient((x) => tf.nn.max_pool1d(x, 2, 1, 'VALID'), [{ shape: [2, 4, 1], domain: 'distinct' }], 6).includes('MaxPoolGrad'));
  });
});

describe('nn composites (crelu, swish, relu_layer, log_poisson_loss, moments from statistics)', () => {
  beforeEach(() => tf.reset_default_graph());
  const f64 = (v: unknown, shape?: number[]) => tf.constant(v as number[], { dtype: tf.float64, shape });

  it('crelu concatenates features and their negation before the Relu; swish is x * sigmoid(x)', () => {
    const c = tf.nn.crelu(f32([1, -2, 3]));
    assert.equal(c.op.name, 'CRelu/Relu');
    assert.ok(nodes().includes('CRelu/concat:ConcatV2') && nodes().includes('CRelu/Neg:Neg'));
    assert.deepEqual(values(c), [1, 0, 3, 0, 2, 0]);
    assert.equal(tf.nn.crelu(f32([[1, 2]]), { axis: 0 }).shape.toString(), '(2, 2)');
    const s = tf.nn.swish(f32([-1, 0.5, 2]));
    assert.equal(s.op.type, 'Mul');
    assertClose(run(s).values, [-0.2689414213699951, 0.3112296656009273, 1.7615941559557646]);
    checkGradient((x) => tf.nn.swish(x), [{ shape: [5] }], 8);
    checkGradient((x) => tf.nn.crelu(x), [{ shape: [2, 3], domain: 'awayFromZero' }], 9);
  });

  it('relu_layer: relu_layer/MatMul, relu_layer/BiasAdd, the Relu relu_layer', () => {
    const y = tf.nn.relu_layer(f32([[1, 2]]), f32([[1, -1], [1, -1]]), f32([0.5, 0.5]));
    assert.equal(y.op.name, 'relu_layer');
    assert.equal(y.op.type, 'Relu');
    assert.ok(nodes().includes('relu_layer/MatMul:MatMul') && nodes().includes('relu_layer/BiasAdd:BiasAdd'));
    assert.deepEqual(values(y), [[3.5, 0]]);
  });

  it('log_poisson_loss, with the Stirling term where targets > 1; shape mismatch is an error', () => {
    const targets = f64([0, 1, 2, 3.5]), logInput = f64([0.5, -1, 1, 0.2]);
    const l = tf.nn.log_poisson_loss(targets, logInput);
    assert.equal(l.op.name, 'log_poisson_loss/sub');
    assertClose(run(l).values, [1.6487212707001282, 1.3678794411714423, 0.7182818284590451, 0.5214027581601698]);
    const full = tf.nn.log_poisson_loss(targets, logInput, { compute_full_loss: true });
    assertClose(run(full).values, [1.6487212707001282, 1.3678794411714423, 1.370088313063581, 2.951393165346315]);
    assert.throws(() => tf.nn.log_poisson_loss(f32([1, 2]), f32([1, 2, 3])), /log_input and targets must have the same shape \(\(3,\) vs \(2,\)\)/);
    checkGradient((li) => tf.nn.log_poisson_loss(f64([0, 1, 2]), li), [{ shape: [3] }], 10);
  });

  it('sufficient_statistics then normalize_moments give moments; weighted_moments weights them', () => {
    const x = f64([[1, 2], [3, 5], [4, 0]]);
    const [count, meanSS, varSS, shift] = tf.nn.sufficient_statistics(x, [0]);
    assert.equal(count.op.type, 'Const');
    assert.equal(meanSS.op.name, 'sufficient_statistics/mean_ss');
    assert.equal(varSS.op.name, 'sufficient_statistics/var_ss');
    assert.equal(shift, null);
    assert.deepEqual(values(count), 3);
    assert.deepEqual(values(meanSS), [8, 7]);
    assert.deepEqual(values(varSS), [26, 29]);
    const [mean, variance] = tf.nn.normalize_moments(count, meanSS, varSS, null);
    assert.equal(mean.op.name, 'normalize/mean');
    assert.equal(variance.op.name, 'normalize/variance');
    assertClose(run(mean).values, [8 / 3, 7 / 3]);
    assertClose(run(variance).values, [1.5555555555555554, 4.222222222222222]);

    const [c2, m2, v2, s2] = tf.nn.sufficient_statistics(x, [0], { shift: 1, keepdims: true });
    assert.equal(m2.shape.toString(), '(1, 2)');
    assert.deepEqual(values(m2), [[5, 4]]);
    assert.deepEqual(values(v2), [[13, 18]]);
    const [mean2, variance2] = tf.nn.normalize_moments(c2, m2, v2, s2);
    assert.equal(mean2.op.name, 'normalize_1/mean');
    assertClose(run(mean2).values, [8 / 3, 7 / 3]);
    assertClose(run(variance2).values, [1.5555555555555554, 4.222222222222222]);

    // Unknown batch: the count is the product of the runtime dimensions.
    const p = tf.placeholder(tf.float64, [null, 2]);
    const [c3] = tf.nn.sufficient_statistics(p, [0, 1]);
    assert.equal(c3.op.name, 'sufficient_statistics_2/count');
    assert.deepEqual(values(c3, { [p.name]: [[1, 2], [3, 4], [5, 6]] } as tf.FeedDict), 6);

    const [wm, wv] = tf.nn.weighted_moments(x, [0], f64([[1], [2], [1]]));
    assert.equal(wm.shape.toString(), '(2,)');
    assertClose(run(wm).values, [2.75, 3]);
    assertClose(run(wv).values, [1.1875, 4.5]);
    assert.ok(nodes().includes('weighted_moments/inv_weight_sum:Reciprocal'));
  });
});

describe('nn convolution backprops (conv2d_backprop_input/_filter, depthwise native backprops)', () => {
  beforeEach(() => tf.reset_default_graph());
  const x = () => f32([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
  const w = () => f32([1, 2, 3, -1], [2, 2, 1, 1]);
  const dy = () => f32([1, -1, 2, 0.5], [1, 2, 2, 1]);

  it('conv2d_backprop_input / _filter: the ops named as their types, values against numpy', () => {
    const dx = tf.nn.conv2d_backprop_input([1, 3, 3, 1], w(), dy(), [1, 1, 1, 1], 'VALID');
    assert.equal(dx.op.name, 'Conv2DBackpropInput');
    assert.ok(nodes().includes('Conv2DBackpropInput/input_sizes:Const'));
    assert.equal(dx.shape.toString(), '(1, 3, 3, 1)');
    assertClose(run(dx).values, [1, 1, -2, 5, 0.5, 2, 6, -0.5, -0.5]);
    const dw = tf.nn.conv2d_backprop_filter(x(), [2, 2, 1, 1], dy(), { strides: [1, 1, 1, 1], padding: 'VALID' });
    assert.equal(dw.op.type, 'Conv2DBackpropFilter');
    assertClose(run(dw).values, [9.5, 12, 17, 19.5]);
    assertClose(run(tf.nn.conv2d_backprop_input([1, 3, 3, 1], undefined, dy(), { filters: w(), strides: [1, 1, 1, 1], padding: 'VALID' })).values, [1, 1, -2, 5, 0.5, 2, 6, -0.5, -0.5]);
    assert.throws(() => tf.nn.conv2d_backprop_input([1, 3, 3, 1], w(), dy(), { padding: 'VALID' }), /missing required argument: 'strides'/);
  });

  it('depthwise native backprops (and their depthwise_conv2d_backprop_* names) match the depthwise gradient', () => {
    assert.equal(tf.nn.depthwise_conv2d_backprop_input, tf.nn.depthwise_conv2d_native_backprop_input);
    assert.equal(tf.nn.depthwise_conv2d_backprop_filter, tf.nn.depthwise_conv2d_native_backprop_filter);
    const dx = tf.nn.depthwise_conv2d_native_backprop_input([1, 3, 3, 1], w(), dy(), [1, 1, 1, 1], 'VALID');
    assert.equal(dx.op.name, 'DepthwiseConv2dNativeBackpropInput');
    assertClose(run(dx).values, [1, 1, -2, 5, 0.5, 2, 6, -0.5, -0.5]);
    const dw = tf.nn.depthwise_conv2d_native_backprop_filter(x(), [2, 2, 1, 1], dy(), [1, 1, 1, 1], 'VALID');
    assert.equal(dw.op.type, 'DepthwiseConv2dNativeBackpropFilter');
    assertClose(run(dw).values, [9.5, 12, 17, 19.5]);
  });

  it('the backprops are differentiable (conv2d_transpose trains): gradients against finite differences', () => {
    const types = checkGradient((v, f) => tf.nn.conv2d_transpose(v, f, [2, 5, 5, 2], { strides: [1, 2, 2, 1], padding: 'SAME' }), [{ shape: [2, 3, 3, 3] }, { shape: [3, 3, 2, 3] }], 11);
    assert.ok(types.includes('Conv2DBackpropFilter') && types.includes('Conv2D'));
    const ftypes = checkGradient((i, g) => tf.nn.conv2d_backprop_filter(i, [2, 2, 2, 1], g, [1, 1, 1, 1], 'VALID'), [{ shape: [1, 3, 3, 2] }, { shape: [1, 2, 2, 1] }], 12);
    assert.ok(ftypes.includes('Conv2DBackpropInput') && ftypes.includes('Conv2D'));
  });
});

describe('uniform_candidate_sampler', () => {
  beforeEach(() => tf.reset_default_graph());

  it('samples [0, range_max) uniformly: expected counts num_sampled / range_max, or 1 - (1 - 1/range_max)^tries when unique', () => {
    const [sampled, trueExpected, sampledExpected] = tf.nn.uniform_candidate_sampler(tf.constant([[0], [7]], { dtype: tf.int64 }), 1, 4, false, 10, { seed: 1 });
    assert.equal(sampled.op.name, 'UniformCandidateSampler');
    assert.equal(sampled.op.type, 'UniformCandidateSampler');
    assert.equal(sampled.dtype, tf.int64);
    assert.deepEqual(trueExpected.shape.toString(), '(2, 1)');
    const sess = new tf.Session();
    const [s, te, se] = sess.run([sampled, trueExpected, sampledExpected]);
    assert.ok(Array.from(s.values, Number).every((v) => Number.isInteger(v) && v >= 0 && v < 10));
    assertClose(te.values, [0.4, 0.4]);
    assertClose(se.values, [0.4, 0.4, 0.4, 0.4]);
    const [all, , allExpected] = sess.run([...tf.nn.uniform_candidate_sampler([[0]], 1, 5, true, 5)]);
    assert.deepEqual(Array.from(all.values, Number).sort(), [0, 1, 2, 3, 4]);
    const expected = allExpected.values[0];
    assert.ok(expected > 0 && expected <= 1 && Array.from(allExpected.values).every((v) => v === expected));
    // 4000 draws over 4 classes: each about 1000 times.
    const many = Array.from(sess.run(tf.nn.uniform_candidate_sampler([[0]], 1, 4000, false, 4, { seed: 3 })[0]).values, Number);
    for (let k = 0; k < 4; k++) assert.ok(Math.abs(many.filter((v) => v === k).length - 1000) < 120, `class ${k}`);
    assert.throws(() => tf.nn.uniform_candidate_sampler([[0]], 1, 6, true, 5), /Sampler's range is too small/);
  });
});

describe('zero_fraction, scale_regularization_loss, compute_average_loss', () => {
  beforeEach(() => tf.reset_default_graph());

  it('zero_fraction counts zeros under a cond on the size, as float32 zero_fraction/fraction', () => {
    const z = tf.nn.zero_fraction(f32([0, 1, 0, 0, 2, 3, 0, 5]));
    assert.equal(z.op.name, 'zero_fraction/fraction');
    assert.equal(z.dtype, tf.float32);
    assert.ok(nodes().some((n) => n.startsWith('zero_fraction/cond/') && n.endsWith(':Merge')));
    assert.ok(nodes().some((n) => n.includes('count_nonzero/nonzero_count:Sum')));
    assertClose(run(z).values, [0.5]);
    assertClose(run(tf.nn.zero_fraction(tf.constant(new Int32Array([0, 7, 7])))).values, [1 / 3]);
  });

  it('scale_regularization_loss sums (one replica); compute_average_loss divides by the batch', () => {
    assertClose(run(tf.nn.scale_regularization_loss(f32([1.5, 2]))).values, [3.5]);
    const l = f32([1, 2, 3, 6]);
    assertClose(run(tf.nn.compute_average_loss(l)).values, [3]);
    assertClose(run(tf.nn.compute_average_loss(l, { global_batch_size: 8 })).values, [1.5]);
    assertClose(run(tf.nn.compute_average_loss(l, f32([1, 0, 0, 0.5]))).values, [1]);
    const p = tf.placeholder(tf.float32, [null]);
    assertClose(run(tf.nn.compute_average_loss(p), { [p.name]: [2, 4] } as tf.FeedDict).values, [3]);
    assert.throws(() => tf.nn.compute_average_loss(tf.constant(2, { dtype: tf.float32 })), /Expected a tensor with at least rank 1/);
  });
});

describe('conv1d_transpose and conv_transpose', () => {
  beforeEach(() => tf.reset_default_graph());

  it('conv1d_transpose: a height-1 Conv2DBackpropInput named after its scope, then Squeeze; gradients', () => {
    const y = tf.nn.conv1d_transpose(f32([1, 2, 3], [1, 3, 1]), f32([1, -1], [2, 1, 1]), [1, 6, 1], 2, { padding: 'VALID' });
    assert.equal(y.op.name, 'conv1d_transpose/Squeeze');
    assert.ok(nodes().includes('conv1d_transpose:Conv2DBackpropInput'));
    assert.equal(y.shape.toString(), '(1, 6, 1)');
    assertClose(run(y).values, [1, -1, 2, -2, 3, -3]);
    const fromTensor = tf.nn.conv1d_transpose(f32([1, 2, 3], [1, 3, 1]), f32([1, -1], [2, 1, 1]), tf.constant(new Int32Array([1, 6, 1])), 2, { padding: 'VALID' });
    assertClose(run(fromTensor).values, [1, -1, 2, -2, 3, -3]);
    assert.throws(() => tf.nn.conv1d_transpose(f32([1], [1, 1, 1]), f32([1], [1, 1, 1]), [1, 1, 1], 1, { data_format: 'NHWC' }), /data_format must be "NWC" or "NCW"/);
    checkGradient((v, f) => tf.nn.conv1d_transpose(v, f, [2, 7, 2], 2), [{ shape: [2, 4, 3] }, { shape: [3, 2, 3] }], 13);
  });

  it('conv_transpose picks 1-D or 2-D by the output shape\'s length', () => {
    const y1 = tf.nn.conv_transpose(f32([1, 2, 3], [1, 3, 1]), f32([1, -1], [2, 1, 1]), [1, 6, 1], 2, { padding: 'VALID' });
    assert.equal(y1.op.name, 'conv_transpose/Squeeze');
    assertClose(run(y1).values, [1, -1, 2, -2, 3, -3]);
    const dy = f32([1, -1, 2, 0.5], [1, 2, 2, 1]);
    const y2 = tf.nn.conv_transpose(dy, f32([1, 2, 3, -1], [2, 2, 1, 1]), [1, 3, 3, 1], 1, { padding: 'VALID' });
    assert.equal(y2.op.name, 'conv_transpose_1');
    assert.equal(y2.op.type, 'Conv2DBackpropInput');
    assertClose(run(y2).values, [1, 1, -2, 5, 0.5, 2, 6, -0.5, -0.5]);
    assert.throws(() => tf.nn.conv_transpose(dy, dy, [1, 2], 1), /output_shape must be of length 3, 4 or 5 but was 2/);
  });
});

describe('convolution', () => {
  beforeEach(() => tf.reset_default_graph());

  it('2-D: the Conv2D named convolution; 1-D through conv1d in its scope; TF\'s rank error', () => {
    const y = tf.nn.convolution(f32([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]), f32([1, 2, 3, -1], [2, 2, 1, 1]), 'VALID');
    assert.equal(y.op.name, 'convolution');
    assert.equal(y.op.type, 'Conv2D');
    assertClose(run(y).values, [12, 17, 27, 32]);
    const s = tf.nn.convolution(f32([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]), f32([1, 2, 3, -1], [2, 2, 1, 1]), 'SAME', { strides: 2 });
    assert.deepEqual(s.op.get_attr('strides'), [1, 2, 2, 1]);
    const y1 = tf.nn.convolution(f32([1, 2, 3, 4], [1, 4, 1]), f32([1, -1], [2, 1, 1]), 'VALID');
    assert.equal(y1.op.name, 'convolution_2/Squeeze');
    assertClose(run(y1).values, [-1, -1, -1]);
    assert.throws(() => tf.nn.convolution(f32([1, 2]), f32([1, 2]), 'VALID'), /Input tensor must be of rank 3, 4 or 5 but was 1/);
    assert.throws(() => tf.nn.convolution(f32([1, 2, 3, 4], [1, 4, 1]), f32([1, -1], [2, 1, 1]), 'VALID', { dilation_rate: 2 }), /dilations other than 1 are not supported yet/);
  });
});

describe('space_to_depth and depth_to_space', () => {
  beforeEach(() => tf.reset_default_graph());
  const range = (n: number, shape: number[]) => f32(Array.from({ length: n }, (_, i) => i), shape);

  it('SpaceToDepth / DepthToSpace against numpy, also at top level; TF\'s shape errors; each the other\'s gradient', () => {
    const y = tf.space_to_depth(range(16, [1, 4, 4, 1]), 2);
    assert.equal(y.op.name, 'SpaceToDepth');
    assert.equal(y.shape.toString(), '(1, 2, 2, 4)');
    assert.deepEqual(Array.from(run(y).values), [0, 1, 4, 5, 2, 3, 6, 7, 8, 9, 12, 13, 10, 11, 14, 15]);
    assert.equal(tf.nn.space_to_depth, tf.space_to_depth);
    const d = tf.nn.depth_to_space(range(16, [1, 1, 2, 8]), 2);
    assert.equal(d.op.type, 'DepthToSpace');
    assert.equal(d.shape.toString(), '(1, 2, 4, 2)');
    assert.deepEqual(Array.from(run(d).values), [0, 1, 2, 3, 8, 9, 10, 11, 4, 5, 6, 7, 12, 13, 14, 15]);
    assert.deepEqual(Array.from(run(tf.depth_to_space(tf.space_to_depth(range(16, [1, 4, 4, 1]), 2), 2)).values), Array.from({ length: 16 }, (_, i) => i));
    assert.throws(() => tf.space_to_depth(range(12, [1, 3, 4, 1]), 2), /Dimension size must be evenly divisible by 2 but is 3 for 'SpaceToDepth_2' \(op: 'SpaceToDepth'\)/);
    assert.throws(() => tf.depth_to_space(range(6, [1, 1, 1, 6]), 2), /Dimension size must be evenly divisible by 4 but is 6/);
    assert.throws(() => tf.space_to_depth(range(16, [1, 4, 4, 1]), 1), /block_size' of 1 must be at least minimum 2/);
    assert.ok(checkGradient((x) => tf.space_to_depth(x, 2), [{ shape: [2, 4, 2, 3] }], 14).includes('DepthToSpace'));
    assert.ok(checkGradient((x) => tf.depth_to_space(x, 2), [{ shape: [1, 2, 1, 8] }], 15).includes('SpaceToDepth'));
  });
});
