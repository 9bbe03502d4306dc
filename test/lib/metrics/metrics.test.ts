/** tf.metrics as TF 1.15 builds them (metrics_test restated): local variables, value/update pairs, values. */
import assert from 'node:assert/strict';
import * as tf from '../../../lib';

function session(): tf.Session {
  const sess = new tf.Session();
  sess.run(tf.local_variables_initializer());
  return sess;
}
const num = (x: unknown) => (x as tf.NDArray).item() as number;

describe('tf.metrics', () => {
  beforeEach(() => tf.reset_default_graph());

  it('mean: local variables mean/count and mean/total in METRIC_VARIABLES; streaming over batches', () => {
    const values = tf.placeholder(tf.float32, [1, 2]);
    const [mean, update] = tf.metrics.mean(values);
    assert.deepEqual(tf.local_variables().map((v) => v.name).sort(), ['mean/count:0', 'mean/total:0']);
    assert.deepEqual(tf.get_default_graph().get_collection<tf.Variable>(tf.GraphKeys.METRIC_VARIABLES).map((v) => v.name).sort(), ['mean/count:0', 'mean/total:0']);
    assert.equal(tf.global_variables().length, 0);
    assert.equal(mean.op.name, 'mean/value');
    assert.equal(update.op.name, 'mean/update_op');
    const sess = session();
    assert.equal(num(sess.run(mean)), 0);
    for (const batch of [[0, 1], [-4.2, 9.1], [6.5, 0], [-3.2, 4.0]]) sess.run(update, new Map([[values, [batch]]]));
    assert.ok(Math.abs(num(sess.run(mean)) - 1.65) < 1e-5);
    // Re-initialising the local variables resets the metric.
    sess.run(tf.local_variables_initializer());
    assert.equal(num(sess.run(mean)), 0);
  });

  it('mean with weights; collections', () => {
    const [m, update] = tf.metrics.mean([1, 3, 2, 7], { weights: [1, 0, 0, 1], metrics_collections: ['my_metrics'], updates_collections: ['my_updates'] });
    assert.deepEqual(tf.get_default_graph().get_collection('my_metrics'), [m]);
    assert.deepEqual(tf.get_default_graph().get_collection('my_updates'), [update]);
    const sess = session();
    assert.equal(num(sess.run(update)), 4);
    assert.equal(num(sess.run(m)), 4);
  });

  it('accuracy, precision, recall, true/false positives and negatives', () => {
    const labels = tf.constant([1, 0, 1, 0]);
    const [acc, accUpdate] = tf.metrics.accuracy(labels, tf.constant([1, 1, 1, 0]));
    assert.equal(acc.op.name, 'accuracy/value');
    const [p, pUpdate] = tf.metrics.precision(tf.constant([0, 1, 1, 0]), tf.constant([1, 0, 1, 0]));
    const [r, rUpdate] = tf.metrics.recall(tf.constant([0, 1, 1, 0]), tf.constant([1, 0, 1, 0]));
    assert.equal(p.op.name, 'precision/value');
    assert.ok(tf.local_variables().some((v) => v.name === 'precision/true_positives/count:0'));
    const [tp, tpUpdate] = tf.metrics.true_positives(tf.constant([true, true, false]), tf.constant([true, false, true]));
    const [tn, tnUpdate] = tf.metrics.true_negatives(tf.constant([false, true, false]), tf.constant([false, false, true]));
    const sess = session();
    sess.run([accUpdate, pUpdate, rUpdate, tpUpdate, tnUpdate]);
    assert.equal(num(sess.run(acc)), 0.75);
    assert.equal(num(sess.run(p)), 0.5);
    assert.equal(num(sess.run(r)), 0.5);
    assert.equal(num(sess.run(tp)), 1);
    assert.equal(num(sess.run(tn)), 1);
    // Precision of nothing predicted positive is 0, not NaN.
    tf.reset_default_graph();
    const [p0, p0Update] = tf.metrics.precision(tf.constant([1, 1]), tf.constant([0, 0]));
    const s0 = session();
    s0.run(p0Update);
    assert.equal(num(s0.run(p0)), 0);
  });

  it('mean_squared_error and mean_absolute_error with weights', () => {
    const predictions = tf.constant([2, 4, 6, 8], { dtype: tf.float32 });
    const labels = tf.constant([1, 3, 2, 3], { dtype: tf.float32 });
    const [mse, mseUpdate] = tf.metrics.mean_squared_error(labels, predictions);
    const [wmse, wmseUpdate] = tf.metrics.mean_squared_error(labels, predictions, { weights: tf.constant([0, 1, 0, 1], { dtype: tf.float32 }) });
    const [mae, maeUpdate] = tf.metrics.mean_absolute_error(labels, predictions, { weights: tf.constant([0, 1, 0, 1], { dtype: tf.float32 }) });
    const sess = session();
    sess.run([mseUpdate, wmseUpdate, maeUpdate]);
    assert.equal(num(sess.run(mse)), 10.75);
    assert.equal(num(sess.run(wmse)), 13);
    assert.equal(num(sess.run(mae)), 3);
  });

  it('auc: 1 when all correct, 0.5 for a coin flip, weighted; variables at 200 thresholds', () => {
    const [a1, u1] = tf.metrics.auc(tf.constant([0, 1, 1, 0]), tf.constant([0, 1, 1, 0], { dtype: tf.float32 }));
    const [a2, u2] = tf.metrics.auc(tf.constant([0, 1, 1, 0]), tf.constant([1, 0, 1, 0], { dtype: tf.float32 }));
    const [a3, u3] = tf.metrics.auc(tf.constant([0, 1, 1, 0]), tf.constant([1, 0, 1, 0], { dtype: tf.float32 }), { weights: tf.constant([2, 2, 2, 2], { dtype: tf.float32 }) });
    assert.deepEqual(tf.local_variables().filter((v) => v.name.startsWith('auc/')).map((v) => [v.name, v.get_shape().as_list()]), [
      ['auc/true_positives:0', [200]], ['auc/false_negatives:0', [200]], ['auc/true_negatives:0', [200]], ['auc/false_positives:0', [200]],
    ]);
    const sess = session();
    sess.run([u1, u2, u3]);
    assert.ok(Math.abs(num(sess.run(a1)) - 1) < 1e-5, String(num(sess.run(a1))));
    assert.ok(Math.abs(num(sess.run(a2)) - 0.5) < 1e-5);
    assert.ok(Math.abs(num(sess.run(a3)) - 0.5) < 1e-5);
    assert.throws(() => tf.metrics.auc([1], [0.5], { curve: 'XY' as 'ROC' }), /curve must be either ROC or PR, XY unknown/);
  });
});
