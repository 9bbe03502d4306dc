/** tf.estimator.DNNClassifier (TF's dnn_test restated: variable names, slot keys, training, evaluation, prediction). */
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { cleanup, tmpDir } from '../train/helpers';

function quiet<T>(fn: () => T): T {
  const prev = tf.train.setLogSink(() => undefined);
  try { return fn(); } finally { tf.train.setLogSink(prev); }
}

describe('tf.estimator.DNNClassifier', () => {
  after(cleanup);

  it("trains, evaluates and predicts with TF's variable names and slot keys (…/kernel/t_0/Adagrad, as TF writes them)", function () {
    this.timeout(120000);
    const xs = Array.from({ length: 64 }, (_, i) => [((i * 37) % 64) / 32 - 1, (i % 7) / 7]);
    const ys = xs.map(([x, y]) => (x + y > 0.3 ? 1 : 0));
    const model_dir = tmpDir('dnn');
    const columns = [tf.feature_column.numeric_column('x', { shape: [2] })];
    const config = new tf.estimator.RunConfig({ tf_random_seed: 1 });
    const est = new tf.estimator.DNNClassifier([8, 4], columns, { model_dir, config });
    quiet(() => est.train(tf.estimator.inputs.numpy_input_fn({ x: xs }, { y: ys, batch_size: 16, num_epochs: null, shuffle: false }), { steps: 300 }));
    assert.deepEqual(tf.train.list_variables(model_dir), [
      ['dnn/hiddenlayer_0/bias', [8]], ['dnn/hiddenlayer_0/bias/t_0/Adagrad', [8]],
      ['dnn/hiddenlayer_0/kernel', [2, 8]], ['dnn/hiddenlayer_0/kernel/t_0/Adagrad', [2, 8]],
      ['dnn/hiddenlayer_1/bias', [4]], ['dnn/hiddenlayer_1/bias/t_0/Adagrad', [4]],
      ['dnn/hiddenlayer_1/kernel', [8, 4]], ['dnn/hiddenlayer_1/kernel/t_0/Adagrad', [8, 4]],
      ['dnn/logits/bias', [1]], ['dnn/logits/bias/t_0/Adagrad', [1]],
      ['dnn/logits/kernel', [4, 1]], ['dnn/logits/kernel/t_0/Adagrad', [4, 1]],
      ['global_step', []],
    ]);
    const metrics = quiet(() => est.evaluate(tf.estimator.inputs.numpy_input_fn({ x: xs }, { y: ys, batch_size: 64, num_epochs: 1, shuffle: false })));
    assert.ok(metrics.accuracy > 0.9, String(metrics.accuracy));
    assert.equal(metrics.global_step, 300);

    // Another DNNClassifier over the same model_dir restores it and predicts the same.
    const again = new tf.estimator.DNNClassifier([8, 4], columns, { model_dir, dropout: 0.5 });
    const input = () => tf.estimator.inputs.numpy_input_fn({ x: [[-1, 0], [1, 1]] }, { shuffle: false });
    const a = quiet(() => [...est.predict(input())]) as Record<string, tf.NDArray>[];
    const b = quiet(() => [...again.predict(input())]) as Record<string, tf.NDArray>[];
    assert.deepEqual(a.map((p) => p.classes.strings[0]), ['0', '1']);
    assert.deepEqual(b.map((p) => Array.from(p.logits.data as Float32Array)), a.map((p) => Array.from(p.logits.data as Float32Array)));
  });

  it('refuses what it does not do, naming it', () => {
    const columns = [tf.feature_column.numeric_column('x')];
    assert.throws(() => new tf.estimator.DNNClassifier([4], columns, { n_classes: 1 }), /n_classes must be > 2: 1\./);
    assert.throws(() => new tf.estimator.DNNClassifier([0], columns), /hidden_units must be a list of positive integers/);
    assert.throws(() => new tf.estimator.DNNClassifier([4], columns, { optimizer: 'Momentum' as never }), /Unsupported optimizer name: Momentum/);
    assert.throws(() => tf.estimator.DNNClassifier([4], columns, { batch_norm: true }), /batch_norm is not supported/);
    // Python's call forms: keywords only, and without new.
    assert.ok(tf.estimator.DNNClassifier({ hidden_units: [4], feature_columns: columns, model_dir: tmpDir('dnn') }) instanceof tf.estimator.Estimator);
    assert.ok(tf.estimator.LinearClassifier({ feature_columns: columns, model_dir: tmpDir('linear') }) instanceof tf.estimator.LinearClassifier);
  });
});
