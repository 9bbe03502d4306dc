/** tf.estimator.LinearClassifier, tf.feature_column, tf.train.FtrlOptimizer and tf.as_string (TF's linear_test, ftrl_test, string_ops tests restated). */
import assert from 'node:assert/strict';
import * as path from 'path';
import * as tf from '../../../lib';
import { cleanup, sharedFixtures, tmpDir } from '../train/helpers';

function quiet<T>(fn: () => T): T {
  const prev = tf.train.setLogSink(() => undefined);
  try { return fn(); } finally { tf.train.setLogSink(prev); }
}

describe('tf.estimator.LinearClassifier', () => {
  after(cleanup);
  beforeEach(() => tf.reset_default_graph());

  it("FtrlOptimizer matches TF's ftrl_test (no regularization, 3 steps, lr 3.0, initial accumulator 0.1)", () => {
    for (const use_resource of [false, true]) {
      tf.reset_default_graph();
      const v0 = tf.get_variable('v0', { initializer: tf.constant([0, 0], { dtype: tf.float32 }), use_resource });
      const v1 = tf.get_variable('v1', { initializer: tf.constant([0, 0], { dtype: tf.float32 }), use_resource });
      const opt = new tf.train.FtrlOptimizer(3.0, { initial_accumulator_value: 0.1 });
      const update = opt.apply_gradients([[tf.constant([0.1, 0.2]), v0], [tf.constant([0.01, 0.02]), v1]]);
      assert.equal(opt.get_slot(v0, 'accum')!.op.name, 'v0/Ftrl');
      assert.equal(opt.get_slot(v0, 'linear')!.op.name, 'v0/Ftrl_1');
      const sess = new tf.Session();
      sess.run(tf.global_variables_initializer());
      for (let i = 0; i < 3; i++) sess.run(update);
      const close = (a: ArrayLike<number>, b: number[]) => b.forEach((x, i) => assert.ok(Math.abs(a[i] - x) < 1e-5, `${a[i]} vs ${x}`));
      close(sess.run(v0).data as Float32Array, [-2.60260963, -4.29698515]);
      close(sess.run(v1).data as Float32Array, [-0.28432083, -0.56694895]);
    }
    assert.throws(() => new tf.train.FtrlOptimizer(0.1, { learning_rate_power: 0.5 }), /learning_rate_power 0.5 needs to be negative or zero/);
  });

  it('as_string formats as TF does', () => {
    const sess = new tf.Session();
    assert.deepEqual(sess.run(tf.as_string(tf.constant([1, -22], { dtype: tf.int32 }))).strings, ['1', '-22']);
    assert.deepEqual(sess.run(tf.as_string(tf.constant([3.5, -0.25]))).strings, ['3.500000', '-0.250000']);
    assert.deepEqual(sess.run(tf.as_string(tf.constant([3.5]), { precision: 2, width: 7 })).strings, ['   3.50']);
    assert.deepEqual(sess.run(tf.as_string(tf.constant([1234.5]), { scientific: true })).strings, ['1.234500e+03']);
    assert.deepEqual(sess.run(tf.as_string(tf.constant([7], { dtype: tf.int32 }), { width: 3, fill: '0' })).strings, ['007']);
    assert.throws(() => tf.as_string(tf.constant([1.5]), { scientific: true, shortest: true }), /Cannot select both/);
  });

  it("linear_model builds TF's variables and ops", () => {
    const features = { b: tf.constant([1, 2], { dtype: tf.int32 }), a: tf.constant([[1, 2], [3, 4]], { dtype: tf.float32 }) };
    const cols = [tf.feature_column.numeric_column('b'), tf.feature_column.numeric_column('a', { shape: [2] })];
    const logits = tf.feature_column.linear_model(features, cols);
    assert.equal(logits.op.name, 'linear_model/weighted_sum');
    assert.deepEqual(tf.global_variables().map((v) => `${v.op.name} ${v.shape}`), ['linear_model/a/weights (2, 1)', 'linear_model/b/weights (1, 1)', 'linear_model/bias_weights (1,)']);
    assert.deepEqual(tf.get_collection('model_variables').length, 3);
    const g = tf.get_default_graph();
    for (const name of ['linear_model/b/ExpandDims', 'linear_model/b/Cast', 'linear_model/b/Reshape', 'linear_model/b/weighted_sum', 'linear_model/weighted_sum_no_bias']) {
      assert.ok(g.get_operation_by_name(name), name);
    }
    assert.throws(() => tf.feature_column.numeric_column('x', { shape: [0] }), /shape dimensions must be greater than 0/);
  });

  it("trains, evaluates and predicts, saving TF's names (part_0 variables, …/part_0/Ftrl slot keys)", function () {
    this.timeout(120000);
    const xs = Array.from({ length: 64 }, (_, i) => ((i * 37) % 64) / 32 - 1);
    const ys = xs.map((x) => (x > 0.1 ? 1 : 0));
    const model_dir = tmpDir('linear');
    const est = new tf.estimator.LinearClassifier([tf.feature_column.numeric_column('x')], { model_dir });
    const trainInput = tf.estimator.inputs.numpy_input_fn({ x: xs }, { y: ys, batch_size: 16, num_epochs: null, shuffle: false });
    quiet(() => est.train(trainInput, { steps: 200 }));
    const keys = tf.train.list_variables(model_dir).map(([k]) => k);
    assert.deepEqual(keys, [
      'global_step', 'linear/linear_model/bias_weights', 'linear/linear_model/bias_weights/part_0/Ftrl', 'linear/linear_model/bias_weights/part_0/Ftrl_1',
      'linear/linear_model/x/weights', 'linear/linear_model/x/weights/part_0/Ftrl', 'linear/linear_model/x/weights/part_0/Ftrl_1',
    ]);
    const evalInput = tf.estimator.inputs.numpy_input_fn({ x: xs }, { y: ys, batch_size: 64, num_epochs: 1, shuffle: false });
    const metrics = quiet(() => est.evaluate(evalInput));
    for (const k of ['accuracy', 'auc', 'auc_precision_recall', 'average_loss', 'label/mean', 'loss', 'precision', 'prediction/mean', 'recall', 'global_step']) assert.ok(k in metrics, k);
    assert.ok(metrics.accuracy > 0.9, String(metrics.accuracy));
    assert.equal(metrics.global_step, 200);
    const preds = quiet(() => [...est.predict(tf.estimator.inputs.numpy_input_fn({ x: [-1, 1] }, { shuffle: false }))]);
    assert.deepEqual(preds.map((p) => (p as Record<string, tf.NDArray>).classes.strings[0]), ['0', '1']);
    assert.deepEqual(Object.keys(preds[0]).sort(), ['all_class_ids', 'all_classes', 'class_ids', 'classes', 'logistic', 'logits', 'probabilities']);
  });

  it("restores TF 1.4's LinearClassifier model_dir (hose_tf14_linear_estimator) and predicts what its weights say", () => {
    const dir = path.join(sharedFixtures('tf-wild'), 'hose_tf14_linear_estimator');
    const names = [...Array.from({ length: 70 }, (_, i) => `Field_${i + 1}`), 'completed', 'dislike', 'skipped', 'total_plays'];
    const est = new tf.estimator.LinearClassifier(names.map((n) => tf.feature_column.numeric_column(n)), { model_dir: dir });
    const x = Object.fromEntries(names.map((n, i) => [n, [1 + (i % 3), 0.5]]));
    const preds = quiet(() => [...est.predict(tf.estimator.inputs.numpy_input_fn(x, { shuffle: false, batch_size: 2 }))]) as Record<string, tf.NDArray>[];
    const reader = tf.train.load_checkpoint(dir);
    const weight = (n: string) => (reader.get_tensor(`linear/linear_model/${n}/weights`).data as Float32Array)[0];
    let z0 = (reader.get_tensor('linear/linear_model/bias_weights').data as Float32Array)[0], z1 = z0;
    names.forEach((n, i) => { z0 += weight(n) * (1 + (i % 3)); z1 += weight(n) * 0.5; });
    assert.ok(Math.abs((preds[0].logits.data as Float32Array)[0] - z0) < 1e-4, `${preds[0].logits} vs ${z0}`);
    assert.ok(Math.abs((preds[1].logistic.data as Float32Array)[0] - 1 / (1 + Math.exp(-z1))) < 1e-5);
    assert.equal(est.get_variable_value('global_step').item(), 300);
  });
});
