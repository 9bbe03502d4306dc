/**
 * warm_start_from in tf.estimator (TF's canned warm-starting tests restated): a trained model's checkpoint (a
 * folder, a SavedModel or WarmStartSettings) initializes a new estimator in another model_dir when it first
 * trains, its variables equal to the old checkpoint's (a zero learning rate keeps them so through the step).
 */
import assert from 'node:assert/strict';
import * as path from 'path';
import * as tf from '../../../lib';
import { cleanup, tmpDir } from '../train/helpers';

function quiet<T>(fn: () => T): T {
  const prev = tf.train.setLogSink(() => undefined);
  try { return fn(); } finally { tf.train.setLogSink(prev); }
}

const xs = Array.from({ length: 32 }, (_, i) => [((i * 37) % 32) / 16 - 1, (i % 7) / 7]);
const ys = xs.map(([x, y]) => (x + y > 0.3 ? 1 : 0));
const input = () => tf.estimator.inputs.numpy_input_fn({ x: xs }, { y: ys, batch_size: 8, num_epochs: null, shuffle: false });
const columns = [tf.feature_column.numeric_column('x', { shape: [2] })];
const values = (ckpt: string, name: string) => Array.from(tf.train.load_variable(ckpt, name).values as ArrayLike<number>);
const DNN_VARS = ['dnn/hiddenlayer_0/bias', 'dnn/hiddenlayer_0/kernel', 'dnn/hiddenlayer_1/bias', 'dnn/hiddenlayer_1/kernel', 'dnn/logits/bias', 'dnn/logits/kernel'];

describe('tf.estimator warm_start_from', () => {
  after(cleanup);

  it("a DNNClassifier warm-starts from another's folder: every trainable variable as saved; later training resumes its own checkpoint", function () {
    this.timeout(120000);
    const oldDir = tmpDir('ws-old');
    const old = new tf.estimator.DNNClassifier([4, 3], columns, { model_dir: oldDir, config: new tf.estimator.RunConfig({ tf_random_seed: 1 }) });
    quiet(() => old.train(input(), { steps: 5 }));
    const newDir = tmpDir('ws-new');
    const warm = new tf.estimator.DNNClassifier([4, 3], columns, {
      model_dir: newDir, optimizer: new tf.train.GradientDescentOptimizer(0.0), warm_start_from: oldDir,
      config: new tf.estimator.RunConfig({ tf_random_seed: 2 }),
    });
    quiet(() => warm.train(input(), { steps: 1 }));
    for (const name of DNN_VARS) assert.deepEqual(values(newDir, name), values(oldDir, name), name);
    assert.equal(tf.train.load_variable(newDir, 'global_step').item(), 1);
    // The old model trains on; the new one restores its own checkpoint, not the changed one.
    const before = values(newDir, 'dnn/logits/kernel');
    quiet(() => old.train(input(), { steps: 5 }));
    assert.notDeepEqual(values(oldDir, 'dnn/logits/kernel'), before);
    quiet(() => warm.train(input(), { steps: 1 }));
    assert.deepEqual(values(newDir, 'dnn/logits/kernel'), before);
    assert.equal(tf.train.load_variable(newDir, 'global_step').item(), 2);
  });

  it('WarmStartSettings: a regex selects some variables; var_name_to_prev_var_name renames; a SavedModel folder warm-starts from its variables', function () {
    this.timeout(120000);
    const oldDir = tmpDir('ws-old2');
    const old = new tf.estimator.DNNClassifier([4, 3], columns, { model_dir: oldDir, config: new tf.estimator.RunConfig({ tf_random_seed: 1 }) });
    quiet(() => old.train(input(), { steps: 3 }));
    const gd = () => new tf.train.GradientDescentOptimizer(0.0);

    const someDir = tmpDir('ws-some');
    const settings = tf.estimator.WarmStartSettings(oldDir, { vars_to_warm_start: '.*hiddenlayer_0.*' });
    assert.equal(settings.vars_to_warm_start, '.*hiddenlayer_0.*');
    const some = new tf.estimator.DNNClassifier([4, 3], columns, { model_dir: someDir, optimizer: gd(), warm_start_from: settings, config: new tf.estimator.RunConfig({ tf_random_seed: 2 }) });
    quiet(() => some.train(input(), { steps: 1 }));
    assert.deepEqual(values(someDir, 'dnn/hiddenlayer_0/kernel'), values(oldDir, 'dnn/hiddenlayer_0/kernel'));
    assert.deepEqual(values(someDir, 'dnn/hiddenlayer_0/bias'), values(oldDir, 'dnn/hiddenlayer_0/bias'));
    assert.notDeepEqual(values(someDir, 'dnn/hiddenlayer_1/kernel'), values(oldDir, 'dnn/hiddenlayer_1/kernel'));
    assert.notDeepEqual(values(someDir, 'dnn/logits/kernel'), values(oldDir, 'dnn/logits/kernel'));

    // A model_fn Estimator, by keyword: its own variable from the old logits kernel under the old name.
    const fnDir = tmpDir('ws-fn');
    const model_fn = (_features: tf.estimator.Features, _labels: tf.Tensor | null, mode: tf.estimator.Mode) => {
      const w = tf.get_variable('w', [3, 1], { initializer: tf.zeros_initializer() });
      const loss = tf.reduce_sum(w);
      return tf.estimator.EstimatorSpec(mode, { loss, train_op: tf.assign_add(tf.train.get_global_step() as tf.RefVariable, 1) });
    };
    const byName = tf.estimator.WarmStartSettings({ ckpt_to_initialize_from: oldDir, vars_to_warm_start: 'w', var_name_to_prev_var_name: { w: 'dnn/logits/kernel' } });
    const est = tf.estimator.Estimator(model_fn, { model_dir: fnDir, warm_start_from: byName });
    quiet(() => est.train(input(), { steps: 1 }));
    assert.deepEqual(values(fnDir, 'w'), values(oldDir, 'dnn/logits/kernel'));

    // A SavedModel's folder: its variables/variables checkpoint.
    const receiver = tf.estimator.export.build_raw_serving_input_receiver_fn({ x: tf.placeholder(tf.float32, [null, 2], 'x') });
    const exported = quiet(() => old.export_savedmodel(path.join(oldDir, 'export'), receiver));
    const fromSaved = tmpDir('ws-saved');
    const saved = new tf.estimator.DNNClassifier([4, 3], columns, { model_dir: fromSaved, optimizer: gd(), warm_start_from: exported });
    quiet(() => saved.train(input(), { steps: 1 }));
    for (const name of DNN_VARS) assert.deepEqual(values(fromSaved, name), values(oldDir, name), name);
  });

  it("TF's errors: a folder with no checkpoint, a variable not in the checkpoint, unused previous names, a bad warm_start_from", () => {
    const empty = tmpDir('ws-empty');
    const est = new tf.estimator.LinearRegressor(columns, { model_dir: tmpDir('ws-lin'), warm_start_from: empty });
    assert.throws(() => quiet(() => est.train(input(), { steps: 1 })), /Couldn't find 'checkpoint' file or checkpoints in given directory .*ws-empty/);
    const oldDir = tmpDir('ws-lin-old');
    quiet(() => new tf.estimator.LinearRegressor(columns, { model_dir: oldDir }).train(input(), { steps: 1 }));
    // A DNN's variables are not in a linear model's checkpoint.
    const dnn = new tf.estimator.DNNLinearCombinedRegressor({ dnn_feature_columns: columns, dnn_hidden_units: [2], model_dir: tmpDir('ws-comb'), warm_start_from: oldDir });
    assert.throws(() => quiet(() => dnn.train(input(), { steps: 1 })), /Tensor dnn\/hiddenlayer_0\/bias is not found in .*ws-lin-old.* checkpoint/);
    const misspelled = tf.estimator.WarmStartSettings(oldDir, { var_name_to_prev_var_name: { 'linear/linear_model/bias_weight': 'x' } });
    const lin = new tf.estimator.LinearRegressor(columns, { model_dir: tmpDir('ws-lin2'), warm_start_from: misspelled });
    assert.throws(() => quiet(() => lin.train(input(), { steps: 1 })),
      /You provided the following variables in var_name_to_prev_var_name that were not used: \{'linear\/linear_model\/bias_weight'\}\.  Perhaps you misspelled them\?/);
    assert.equal(tf.estimator.VocabInfo, tf.train.VocabInfo);
    assert.throws(() => tf.estimator.WarmStartSettings(null as unknown as string), /ckpt_to_initialize_from must be set./);
    const bad = 3 as unknown as string;
    assert.throws(() => new tf.estimator.LinearClassifier(columns, { warm_start_from: bad }), /warm_start_from must be a string or a WarmStartSettings, instead got number/);
  });
});
