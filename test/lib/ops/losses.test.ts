// tf.losses (TF's losses_impl) and the tf.contrib.layers aliases, against values worked out by hand.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { assertClose, nodes, run } from './helpers';

const f32 = (v: unknown) => tf.constant(v as number[], { dtype: tf.float32 });
const scalar = (t: tf.Tensor) => run(t).item() as number;
const softplus = (x: number) => Math.log1p(Math.exp(x));

describe('tf.losses and tf.contrib.layers', () => {
  beforeEach(() => tf.reset_default_graph());
  const labels = () => f32([[0, 1], [1, 0]]);
  const predictions = () => f32([[0.5, 0.5], [0.2, 0.9]]);

  it('mean_squared_error and absolute_difference with weights and every reduction', () => {
    const mse = tf.losses.mean_squared_error(labels(), predictions());
    assert.equal(mse.op.name, 'mean_squared_error/value');
    assertClose([scalar(mse)], [1.95 / 4]);
    assertClose([scalar(tf.losses.absolute_difference(labels(), predictions()))], [2.7 / 4]);
    const w = f32([[1, 0], [2, 0]]);
    assertClose([scalar(tf.losses.mean_squared_error(labels(), predictions(), w))], [1.53 / 2]);
    assertClose([scalar(tf.losses.mean_squared_error(labels(), predictions(), { weights: w, reduction: tf.losses.Reduction.SUM }))], [1.53]);
    assertClose([scalar(tf.losses.mean_squared_error(labels(), predictions(), { weights: w, reduction: tf.losses.Reduction.MEAN }))], [0.51]);
    assertClose([scalar(tf.losses.mean_squared_error(labels(), predictions(), { weights: w, reduction: tf.losses.Reduction.SUM_OVER_BATCH_SIZE }))], [1.53 / 4]);
    assertClose(run(tf.losses.mean_squared_error(labels(), predictions(), { weights: w, reduction: tf.losses.Reduction.NONE })).values, [0.25, 0, 1.28, 0]);
    assert.equal(scalar(tf.losses.mean_squared_error(labels(), predictions(), { weights: 0 })), 0, 'all-zero weights give 0, not NaN');
    assert.throws(() => tf.losses.mean_squared_error(labels(), predictions(), { reduction: 'bad' as 'none' }), /Invalid Reduction Key bad\./);
    assert.throws(() => tf.losses.mean_squared_error(labels(), f32([1, 2, 3])), /Shapes \(3,\) and \(2, 2\) are incompatible/);
  });

  it('hinge, huber, log and cosine distance losses', () => {
    assertClose([scalar(tf.losses.hinge_loss(f32([0, 1]), f32([0.5, 0.3])))], [1.1]);
    assertClose([scalar(tf.losses.huber_loss(f32([0, 0]), f32([0.5, 3])))], [(0.125 + 2.5) / 2]);
    assertClose([scalar(tf.losses.huber_loss(f32([0]), f32([3]), { delta: 2 }))], [0.5 * 4 + 2 * 1]);
    assertClose([scalar(tf.losses.log_loss(f32([1, 0]), f32([0.8, 0.4])))], [(-Math.log(0.8 + 1e-7) - Math.log(0.6 + 1e-7)) / 2]);
    assertClose([scalar(tf.losses.cosine_distance(f32([[1, 0], [0, 1]]), f32([[1, 0], [1, 0]]), { axis: 1 }))], [0.5]);
    assert.throws(() => tf.losses.cosine_distance(f32([1]), f32([1])), /You must specify 'axis'\./);
    assertClose([scalar(tf.losses.mean_pairwise_squared_error(f32([[0, 0, 0]]), f32([[1, 2, 4]])))], [14 / 3]);
  });

  it('the cross-entropy losses, with label smoothing, as TF names them', () => {
    const s = tf.losses.softmax_cross_entropy(f32([[0, 1]]), f32([[0, 0]]));
    assert.ok(nodes().includes('softmax_cross_entropy_loss/labels_stop_gradient:StopGradient'));
    assert.ok(nodes().some((n) => n.startsWith('softmax_cross_entropy_loss/xentropy')));
    assertClose([scalar(s)], [Math.LN2]);
    assertClose([scalar(tf.losses.softmax_cross_entropy(f32([[1, 0]]), f32([[1, 0]]), { label_smoothing: 0.2 }))], [0.9 * softplus(-1) + 0.1 * softplus(1)]);
    assertClose([scalar(tf.losses.sigmoid_cross_entropy(f32([1, 0]), f32([0, 0])))], [Math.LN2]);
    assertClose([scalar(tf.losses.sigmoid_cross_entropy(f32([1, 0]), f32([1, -1]), { label_smoothing: 0.2 }))], [0.1 + softplus(-1)]);
    const sp = tf.losses.sparse_softmax_cross_entropy(tf.constant([1]), f32([[0, 0]]));
    assert.ok(nodes().includes('sparse_softmax_cross_entropy_loss/xentropy/xentropy:SparseSoftmaxCrossEntropyWithLogits'));
    assertClose([scalar(sp)], [Math.LN2]);
    assertClose([scalar(tf.losses.sparse_softmax_cross_entropy(tf.constant([[1]]), f32([[0, 0]])))], [Math.LN2], 1e-5);
  });

  it('get_losses, regularizers from tf.contrib.layers, get_regularization_loss and get_total_loss', () => {
    assert.equal(scalar(tf.losses.get_regularization_loss()), 0);
    assert.throws(() => tf.losses.get_total_loss(), /inputs must be a list of at least one Tensor/);
    const a = tf.losses.mean_squared_error(f32([0]), f32([2]));
    const b = tf.losses.absolute_difference(f32([0]), f32([1]), { loss_collection: null });
    assert.deepEqual(tf.losses.get_losses(), [a]);
    tf.losses.add_loss(b);
    assert.deepEqual(tf.losses.get_losses(), [a, b]);
    const w = tf.get_variable('w', { initializer: f32([1, 2]), regularizer: tf.contrib.layers.l2_regularizer(0.1) });
    tf.get_variable('v', { initializer: f32([1, -2]), regularizer: tf.contrib.layers.l1_regularizer(0.5) });
    const reg = tf.losses.get_regularization_losses();
    assert.equal(reg.length, 2);
    assert.match(reg[0].op.name, /l2_regularizer$/);
    const total = tf.losses.get_total_loss();
    assert.equal(total.op.name, 'total_loss');
    const sess = new tf.Session();
    sess.run(tf.global_variables_initializer());
    assertClose([sess.run(tf.losses.get_regularization_loss()).item() as number], [0.25 + 1.5]);
    assertClose([sess.run(total).item() as number], [4 + 1 + 0.25 + 1.5]);
    assertClose([sess.run(tf.losses.get_total_loss({ add_regularization_losses: false })).item() as number], [5]);
    assert.equal(tf.contrib.layers.l2_regularizer(0)(w), null, 'a scale of 0 disables the regularizer');
    assert.throws(() => tf.contrib.layers.l1_regularizer(-1), /Setting a scale less than 0 on a regularizer: -1\./);
  });

  it('contrib.layers.xavier_initializer is Glorot\'s initializer and flatten is tf.layers.flatten', () => {
    assert.equal(tf.contrib.layers.flatten, tf.layers.flatten);
    const v = tf.get_variable('x', [20, 30], { initializer: tf.contrib.layers.xavier_initializer({ seed: 3 }) });
    const n = tf.get_variable('n', [20, 30], { initializer: tf.contrib.layers.xavier_initializer(false, 3) });
    const sess = new tf.Session();
    sess.run(tf.global_variables_initializer());
    const limit = Math.sqrt(6 / 50);
    const u = Array.from(sess.run(v).values);
    assert.ok(u.every((x) => Math.abs(x) <= limit) && u.some((x) => Math.abs(x) > limit / 2));
    const g = Array.from(sess.run(n).values);
    assert.ok(g.every((x) => Math.abs(x) <= 2 * Math.sqrt(2 / 50) / 0.87962566103423978 + 1e-6), 'truncated at two standard deviations');
    assert.deepEqual(Object.keys(tf.contrib).sort(), ['layers', 'rnn', 'tensorboard']);
  });
});
