/**
 * TF 1.x idioms as a translated program writes them, type-checked as cells are (this file compiles with the
 * public types) and run: UPDATE_OPS straight into control_dependencies, int64 feeds from a BigInt64Array, and a
 * model_fn whose mode parameter is a plain string.
 */
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { cleanup, tmpDir } from '../train/helpers';

describe('TF 1.x idioms type-check and run', () => {
  beforeEach(() => tf.reset_default_graph());
  after(cleanup);

  it('tf.get_collection(tf.GraphKeys.UPDATE_OPS) goes into control_dependencies and group; int64 labels feed from a BigInt64Array', () => {
    const x = tf.placeholder(tf.float32, [null, 3]);
    const labels = tf.placeholder(tf.int64, [null]);
    const training = tf.placeholder_with_default(true, { shape: [] });
    const h = tf.layers.batch_normalization(tf.layers.dense(x, 4), { training });
    const loss = tf.losses.sparse_softmax_cross_entropy({ labels, logits: tf.layers.dense(h, 2) });
    const update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS);
    assert.ok(update_ops.length > 0);
    const train = tf.control_dependencies(update_ops, () => tf.train.GradientDescentOptimizer(0.1).minimize(loss));
    const updates = tf.group(...update_ops);
    const losses: tf.Tensor[] = tf.get_collection(tf.GraphKeys.LOSSES);
    assert.deepEqual(losses, [loss]);
    const sess = tf.Session();
    sess.run(tf.global_variables_initializer());
    const feed = new Map<tf.Tensor, tf.FeedValue>([[x, [[1, 2, 3], [4, 5, 6]]], [labels, new BigInt64Array([0n, 1n])]]);
    sess.run([train, updates], feed);
    const mean = tf.global_variables().find((v) => v.op.name === 'batch_normalization/moving_mean')!;
    assert.ok((sess.run(mean).toArray() as number[]).some((m) => m !== 0), 'the moving mean was updated');
  });

  it('an Estimator takes a model_fn declared (features, labels, mode: string)', () => {
    const model_fn = (features: Record<string, tf.Tensor>, labels: tf.Tensor, mode: string) => {
      const logits = tf.layers.dense(features.x, 2);
      if (mode === tf.estimator.ModeKeys.PREDICT) return tf.estimator.EstimatorSpec({ mode, predictions: { classes: tf.argmax(logits, 1) } });
      const loss = tf.losses.sparse_softmax_cross_entropy({ labels, logits });
      const train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss, { global_step: tf.train.get_global_step() });
      return tf.estimator.EstimatorSpec({ mode, loss, train_op });
    };
    const est = tf.estimator.Estimator({ model_fn, model_dir: tmpDir('idioms') });
    const input_fn = tf.estimator.inputs.numpy_input_fn({ x: { x: [[0, 1], [1, 0], [1, 1], [0, 0]] }, y: new Int32Array([0, 1, 1, 0]), batch_size: 2, num_epochs: null, shuffle: false });
    est.train({ input_fn, steps: 2 });
    assert.throws(() => tf.estimator.EstimatorSpec({ mode: 'training', loss: tf.constant(1) }), /mode must be one of ModeKeys \(train, eval, infer\), got training/);
  });
});
