/**
 * TF 1.15's canned estimators over checkpoints written with TF's variable names: the cases of
 * tensorflow_estimator's dnn_testing_utils and linear_testing_utils restated (hand-set weights, their
 * logits, losses, metrics and predictions), the heads' label checks and texts, label vocabularies, weights,
 * loss reductions, training summaries, and the regressors and wide-and-deep estimators.
 */
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '../../../lib';
import { ExampleCodec } from '../../../lib/proto';
import { cleanup, tmpDir } from '../train/helpers';

function quiet<T>(fn: () => T): T {
  const prev = tf.train.setLogSink(() => undefined);
  try { return fn(); } finally { tf.train.setLogSink(prev); }
}

/** A checkpoint of `values` under their names (as TF's tests write them: plain variables, a global step). */
function writeCheckpoint(dir: string, values: Readonly<Record<string, number[] | number[][]>>, globalStep: number): void {
  const g = new tf.Graph();
  g.as_default(() => {
    for (const [name, v] of Object.entries(values)) tf.Variable(tf.constant(v, { dtype: tf.float32 }), { name });
    const step = tf.train.get_or_create_global_step();
    const sess = new tf.Session();
    sess.run(tf.global_variables_initializer());
    sess.run(tf.assign(step, globalStep));
    new tf.train.Saver().save(sess, path.join(dir, 'model.ckpt'));
    sess.close();
  });
}

/** dnn_testing_utils' hidden layers (2, 2) and logits: one input and one logit, or two inputs and three logits. */
function dnnCheckpoint(dir: string, multi: boolean, globalStep = 100): void {
  writeCheckpoint(dir, {
    'dnn/hiddenlayer_0/kernel': multi ? [[0.6, 0.5], [-0.6, -0.5]] : [[0.6, 0.5]], 'dnn/hiddenlayer_0/bias': [0.1, -0.1],
    'dnn/hiddenlayer_1/kernel': [[1, 0.8], [-0.8, -1]], 'dnn/hiddenlayer_1/bias': [0.2, -0.2],
    'dnn/logits/kernel': multi ? [[-1, 1, 0.5], [-1, 1, 0.5]] : [[-1], [1]], 'dnn/logits/bias': multi ? [0.3, -0.3, 0] : [0.3],
  }, globalStep);
}

const f32 = (t: tf.NDArray) => Array.from(t.data as Float32Array);
function close(actual: Readonly<Record<string, number>>, expected: Readonly<Record<string, number>>, rtol = 1e-4): void {
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort());
  for (const [k, v] of Object.entries(expected)) assert.ok(Math.abs(actual[k] - v) <= rtol * Math.max(1, Math.abs(v)), `${k}: ${actual[k]} vs ${v}`);
}
function closeArray(actual: ArrayLike<number>, expected: readonly number[], tol = 1e-5): void {
  assert.equal(actual.length, expected.length);
  expected.forEach((x, i) => assert.ok(Math.abs(actual[i] - x) <= tol, `${Array.from(actual)} vs ${expected}`));
}
const ints = (rows: number[][]) => tf.constant(rows, { dtype: tf.int32 });
const floats = (rows: number[][] | number[]) => tf.constant(rows, { dtype: tf.float32 });

describe('canned estimators (TF 1.15 heads)', () => {
  after(cleanup);

  describe("DNNClassifier and DNNRegressor over dnn_testing_utils' checkpoints", () => {
    it('evaluates the binary head: all of TF\'s metrics keys and values (BaseDNNClassifierEvaluateTest.test_one_dim)', () => {
      const dir = tmpDir('dnn-eval');
      dnnCheckpoint(dir, false);
      const est = new tf.estimator.DNNClassifier([2, 2], [tf.feature_column.numeric_column('age')], { model_dir: dir });
      const metrics = quiet(() => est.evaluate(() => [{ age: floats([[10], [10]]) }, ints([[1], [0]])], { steps: 1 }));
      close(metrics, {
        loss: 2.315442, average_loss: 2.315442 / 2, accuracy: 0.5, precision: 0, recall: 0, 'prediction/mean': 0.11105597,
        'label/mean': 0.5, accuracy_baseline: 0.5, auc: 0.5, auc_precision_recall: 0.75, global_step: 100,
      });
      // Float labels in [0, 1] (test_float_labels).
      const soft = quiet(() => est.evaluate(() => [{ age: floats([[10], [10]]) }, floats([[0.8], [0.4]])], { steps: 1 }));
      assert.ok(Math.abs(soft.loss - 2.731442) < 1e-5, String(soft.loss));
    });

    it('evaluates the multi-class head: loss, average_loss, accuracy (test_multi_dim, test_multi_dim_weights)', () => {
      const dir = tmpDir('dnn-eval3');
      dnnCheckpoint(dir, true);
      const columns = [tf.feature_column.numeric_column('age', { shape: [2] })];
      const est = new tf.estimator.DNNClassifier([2, 2], columns, { n_classes: 3, model_dir: dir });
      const metrics = quiet(() => est.evaluate(() => [{ age: floats([[10, 8], [10, 8]]) }, ints([[1], [0]])], { steps: 1 }));
      close(metrics, { loss: 2.62305466, average_loss: 2.62305466 / 2, accuracy: 0.5, global_step: 100 });
      const weighted = new tf.estimator.DNNClassifier([2, 2], columns, { n_classes: 3, weight_column: 'w', model_dir: dir });
      const w = quiet(() => weighted.evaluate(() => [{ age: floats([[10, 8], [10, 8]]), w: floats([[10], [100]]) }, ints([[1], [0]])], { steps: 1 }));
      assert.ok(Math.abs(w.loss - 187.468007) < 1e-3, String(w.loss));
    });

    it("predicts TF's keys and values, with and without a label vocabulary (BaseDNNClassifierPredictTest)", () => {
      const one = tmpDir('dnn-pred');
      dnnCheckpoint(one, false, 0);
      const input = tf.estimator.inputs.numpy_input_fn({ x: [[10]] }, { batch_size: 1, shuffle: false });
      for (const vocab of [null, ['class_vocab_0', 'class_vocab_1']]) {
        const est = new tf.estimator.DNNClassifier([2, 2], [tf.feature_column.numeric_column('x')], { model_dir: one, label_vocabulary: vocab });
        const [p] = quiet(() => [...est.predict(input)]) as Record<string, tf.NDArray>[];
        assert.deepEqual(Object.keys(p).sort(), ['all_class_ids', 'all_classes', 'class_ids', 'classes', 'logistic', 'logits', 'probabilities']);
        closeArray(f32(p.logits), [-2.08]);
        closeArray(f32(p.logistic), [0.11105597]);
        closeArray(f32(p.probabilities), [0.88894403, 0.11105597]);
        assert.deepEqual(Array.from(p.class_ids.values, Number), [0]);
        assert.deepEqual(p.classes.strings, [vocab ? 'class_vocab_0' : '0']);
        assert.deepEqual(p.all_classes.strings, vocab ?? ['0', '1']);
        assert.deepEqual(Array.from(p.all_class_ids.values, Number), [0, 1]);
      }
      const three = tmpDir('dnn-pred3');
      dnnCheckpoint(three, true, 0);
      const input3 = tf.estimator.inputs.numpy_input_fn({ x: [[10, 8]] }, { batch_size: 1, shuffle: false });
      for (const vocab of [null, ['class_vocab_0', 'class_vocab_1', 'class_vocab_2']]) {
        const est = new tf.estimator.DNNClassifier([2, 2], [tf.feature_column.numeric_column('x', { shape: [2] })], { model_dir: three, n_classes: 3, label_vocabulary: vocab });
        const [p] = quiet(() => [...est.predict(input3)]) as Record<string, tf.NDArray>[];
        assert.deepEqual(Object.keys(p).sort(), ['all_class_ids', 'all_classes', 'class_ids', 'classes', 'logits', 'probabilities']);
        closeArray(f32(p.logits), [-0.48, 0.48, 0.39]);
        closeArray(f32(p.probabilities), [0.16670536, 0.4353838, 0.39791084]);
        assert.deepEqual(Array.from(p.class_ids.values, Number), [1]);
        assert.deepEqual(p.classes.strings, [vocab ? 'class_vocab_1' : '1']);
        assert.deepEqual(p.all_classes.strings, vocab ?? ['0', '1', '2']);
      }
    });

    it('evaluates and predicts the regression head (BaseDNNRegressorEvaluateTest, BaseDNNRegressorPredictTest)', () => {
      const one = tmpDir('dnnreg');
      dnnCheckpoint(one, false);
      const est = new tf.estimator.DNNRegressor([2, 2], [tf.feature_column.numeric_column('age')], { model_dir: one });
      close(quiet(() => est.evaluate(() => [{ age: floats([[10]]) }, floats([[1]])], { steps: 1 })),
        { loss: 9.4864, average_loss: 9.4864, 'prediction/mean': -2.08, 'label/mean': 1, global_step: 100 });
      const [p] = quiet(() => [...est.predict(tf.estimator.inputs.numpy_input_fn({ age: [[10]] }, { batch_size: 1, shuffle: false }))]) as Record<string, tf.NDArray>[];
      assert.deepEqual(Object.keys(p), ['predictions']);
      closeArray(f32(p.predictions), [-2.08]);

      const three = tmpDir('dnnreg3');
      dnnCheckpoint(three, true);
      const columns = [tf.feature_column.numeric_column('age', { shape: [2] })];
      const est3 = new tf.estimator.DNNRegressor([2, 2], columns, { label_dimension: 3, model_dir: three });
      close(quiet(() => est3.evaluate(() => [{ age: floats([[10, 8]]) }, floats([[1, -1, 0.5]])], { steps: 1 })),
        { loss: 4.3929, average_loss: 4.3929 / 3, 'prediction/mean': 0.39 / 3, 'label/mean': 0.5 / 3, global_step: 100 });
      const weighted = new tf.estimator.DNNRegressor([2, 2], columns, { label_dimension: 3, weight_column: 'w', model_dir: three });
      const w = quiet(() => weighted.evaluate(() => [{ age: floats([[10, 8]]), w: floats([10]) }, floats([[1, -1, 0.5]])], { steps: 1 }));
      assert.ok(Math.abs(w.loss - 43.929) < 1e-3, String(w.loss));
      const [p3] = quiet(() => [...est3.predict(tf.estimator.inputs.numpy_input_fn({ age: [[10, 8]] }, { batch_size: 1, shuffle: false }))]) as Record<string, tf.NDArray>[];
      closeArray(f32(p3.predictions), [-0.48, 0.48, 0.39]);
    });

    it("trains from the checkpoint writing TF's summaries: loss, average_loss, each layer's fraction_of_zero_values (BaseDNNClassifierTrainTest)", () => {
      for (const [n_classes, label, expected] of [[2, 1, 2.197721], [3, 1, 0.35505795]] as const) {
        const dir = tmpDir('dnn-train');
        writeCheckpoint(dir, {
          'dnn/hiddenlayer_0/kernel': [[0.6, 0.5]], 'dnn/hiddenlayer_0/bias': [0.1, -0.1],
          'dnn/hiddenlayer_1/kernel': [[1, 0.8], [-0.8, -1]], 'dnn/hiddenlayer_1/bias': [0.2, -0.2],
          'dnn/logits/kernel': n_classes === 2 ? [[-1], [1]] : [[-1, 1, 0.5], [-1, 1, 0.5]], 'dnn/logits/bias': n_classes === 2 ? [0.3] : [0.3, -0.3, 0],
        }, 100);
        // A learning rate of 0 keeps the weights, so each step's loss is the checkpoint's.
        const est = new tf.estimator.DNNClassifier([2, 2], [tf.feature_column.numeric_column('age')], {
          n_classes, model_dir: dir, optimizer: new tf.train.GradientDescentOptimizer(0), config: new tf.estimator.RunConfig({ save_summary_steps: 1 }),
        });
        quiet(() => est.train(() => [{ age: floats([[10]]) }, ints([[label]])], { steps: 5 }));
        const events = fs.readdirSync(dir).filter((f) => f.startsWith('events.out.tfevents.')).flatMap((f) => [...tf.train.summary_iterator(path.join(dir, f))]);
        const values = events.filter((e) => e.summary).map((e) => Object.fromEntries((e.summary!.value ?? []).map((v) => [v.tag, v.simple_value ?? null])));
        assert.equal(values.length, 5);
        for (const v of values) {
          for (const [tag, want] of Object.entries({
            loss: expected, average_loss: expected, 'dnn/dnn/hiddenlayer_0/fraction_of_zero_values': 0,
            'dnn/dnn/hiddenlayer_1/fraction_of_zero_values': 0.5, 'dnn/dnn/logits/fraction_of_zero_values': 0,
          })) assert.ok(Math.abs((v[tag] as number) - want) < 1e-5, `${tag}: ${v[tag]} vs ${want}`);
          assert.ok('dnn/dnn/hiddenlayer_0/activation' in v && 'dnn/dnn/logits/activation' in v);
        }
        assert.equal(est.get_variable_value('global_step').item(), 105);
        assert.deepEqual(est.get_variable_value('dnn/logits/kernel').shape, [2, n_classes === 2 ? 1 : 3]);
      }
    });
  });

  describe("LinearClassifier and LinearRegressor over linear_testing_utils' checkpoints", () => {
    const linearCheckpoint = (dir: string, weight: number[][], bias: number[]) =>
      writeCheckpoint(dir, { 'linear/linear_model/age/weights': weight, 'linear/linear_model/bias_weights': bias }, 100);

    it('evaluates the regression head: one example, a batch, weights (BaseLinearRegressorEvaluationTest)', () => {
      const dir = tmpDir('linreg');
      linearCheckpoint(dir, [[11]], [2]);
      const est = new tf.estimator.LinearRegressor([tf.feature_column.numeric_column('age')], { model_dir: dir });
      close(quiet(() => est.evaluate(() => [{ age: floats([[1]]) }, floats([[10]])], { steps: 1 })),
        { loss: 9, average_loss: 9, 'prediction/mean': 13, 'label/mean': 10, global_step: 100 });
      close(quiet(() => est.evaluate(() => [{ age: floats([[1], [1]]) }, floats([[10], [10]])], { steps: 1 })),
        { loss: 18, average_loss: 9, 'prediction/mean': 13, 'label/mean': 10, global_step: 100 });
      const weighted = new tf.estimator.LinearRegressor([tf.feature_column.numeric_column('age')], { model_dir: dir, weight_column: 'weights' });
      close(quiet(() => weighted.evaluate(() => [{ age: floats([[1], [1]]), weights: floats([[1], [2]]) }, floats([[10], [10]])], { steps: 1 })),
        { loss: 27, average_loss: 9, 'prediction/mean': 13, 'label/mean': 10, global_step: 100 });
    });

    it('evaluates a 2-dimensional label of a 3-number column, and two columns from numpy_input_fn and a Dataset (test_evaluation_for_multi_dimensions, …multiple_feature_columns)', () => {
      const keys = ['average_loss', 'global_step', 'label/mean', 'loss', 'prediction/mean'];
      const multi = tmpDir('linreg-multi');
      writeCheckpoint(multi, { 'linear/linear_model/age/weights': [[1, 2], [3, 4], [5, 6]], 'linear/linear_model/bias_weights': [7, 8] }, 100);
      const est = new tf.estimator.LinearRegressor([tf.feature_column.numeric_column('age', { shape: [3] })], { label_dimension: 2, model_dir: multi });
      const m = quiet(() => est.evaluate(tf.estimator.inputs.numpy_input_fn({ age: [[2, 4, 5]] }, { y: [[46, 58]], batch_size: 1, num_epochs: null, shuffle: false }), { steps: 1 }));
      assert.deepEqual(Object.keys(m).sort(), keys);
      assert.ok(Math.abs(m.loss) < 1e-6, String(m.loss));

      const two = tmpDir('linreg-two');
      writeCheckpoint(two, { 'linear/linear_model/age/weights': [[10]], 'linear/linear_model/height/weights': [[2]], 'linear/linear_model/bias_weights': [5] }, 100);
      const cols = [tf.feature_column.numeric_column('age'), tf.feature_column.numeric_column('height')];
      const est2 = new tf.estimator.LinearRegressor(cols, { model_dir: two });
      const viaNumpy = quiet(() => est2.evaluate(tf.estimator.inputs.numpy_input_fn({ age: [20, 40], height: [4, 8] }, { y: [[213], [421]], batch_size: 2, num_epochs: null, shuffle: false }), { steps: 1 }));
      const viaDataset = quiet(() => est2.evaluate(() => tf.data.Dataset.zip([
        tf.data.Dataset.from_tensor_slices({ age: [20, 40], height: [4, 8] }), tf.data.Dataset.from_tensor_slices([[213], [421]]),
      ]).batch(2).repeat(null), { steps: 1 }));
      for (const r of [viaNumpy, viaDataset]) {
        assert.deepEqual(Object.keys(r).sort(), keys);
        assert.ok(Math.abs(r.loss) < 1e-6 && Math.abs(r['label/mean'] - 317) < 1e-4, JSON.stringify(r));
      }
    });

    it('evaluates binary and 4-class heads: simple data, a batch, weights (BaseLinearClassifierEvaluationTest)', () => {
      const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
      for (const n of [2, 4]) {
        const range = Array.from({ length: n }, (_, i) => i);
        const simple = tmpDir('lincls');
        linearCheckpoint(simple, n === 2 ? [[-11]] : [range.map((i) => -11 * i)], n === 2 ? [-30] : range.map(() => -30));
        const est = new tf.estimator.LinearClassifier([tf.feature_column.numeric_column('age')], { n_classes: n, model_dir: simple });
        const m = quiet(() => est.evaluate(() => [{ age: floats([[1]]) }, ints([[1]])], { steps: 1 }));
        if (n === 2) {
          close(m, {
            loss: 41, average_loss: 41, accuracy: 0, precision: 0, recall: 0, 'prediction/mean': 0, 'label/mean': 1,
            accuracy_baseline: 1, auc: 0, auc_precision_recall: 1, global_step: 100,
          }, 1e-3);
        } else {
          const logits = range.map((i) => -11 * i - 30);
          const loss = -Math.log(Math.exp(logits[1]) / logits.reduce((s, z) => s + Math.exp(z), 0));
          close(m, { loss, average_loss: loss, accuracy: 0, global_step: 100 }, 1e-3);
        }

        const batch = tmpDir('lincls-batch');
        linearCheckpoint(batch, n === 2 ? [[2]] : [range.map((i) => 2 * i)], n === 2 ? [-35] : range.map(() => -35));
        const labels = () => tf.constant([1, 0], { dtype: tf.int32 });
        const b = new tf.estimator.LinearClassifier([tf.feature_column.numeric_column('age')], { n_classes: n, model_dir: batch });
        const bm = quiet(() => b.evaluate(() => [{ age: floats([17, 18]) }, labels()], { steps: 1 }));
        const w = new tf.estimator.LinearClassifier([tf.feature_column.numeric_column('age')], { n_classes: n, model_dir: batch, weight_column: 'w' });
        const wm = quiet(() => w.evaluate(() => [{ age: floats([17, 18]), w: floats([1, 2]) }, labels()], { steps: 1 }));
        if (n === 2) {
          close(bm, {
            loss: 1.3133 * 2, average_loss: 1.3133, accuracy: 0, precision: 0, recall: 0, 'prediction/mean': 0.5, 'label/mean': 0.5,
            accuracy_baseline: 0.5, auc: 0, auc_precision_recall: 0.25, global_step: 100,
          }, 1e-3);
          const labelMean = 1 / 3, predictionMean = (sigmoid(-1) + 2 * sigmoid(1)) / 3;
          close(wm, {
            loss: 1.3133 * 3, average_loss: 1.3133, accuracy: 0, precision: 0, recall: 0, 'prediction/mean': predictionMean, 'label/mean': labelMean,
            accuracy_baseline: 1 - labelMean, auc: 0, auc_precision_recall: 0.1668, global_step: 100,
          }, 1e-3);
        } else {
          const rowLoss = (age: number, label: number) => {
            const z = range.map((i) => 2 * i * age - 35);
            return -Math.log(Math.exp(z[label]) / z.reduce((s, v) => s + Math.exp(v), 0));
          };
          const [l0, l1] = [rowLoss(17, 1), rowLoss(18, 0)];
          close(bm, { loss: l0 + l1, average_loss: (l0 + l1) / 2, accuracy: 0, global_step: 100 }, 1e-3);
          close(wm, { loss: l0 + 2 * l1, average_loss: (l0 + 2 * l1) / 3, accuracy: 0, global_step: 100 }, 1e-3);
        }
      }
    });

    it('predicts binary and 4-class classes through a label vocabulary (BaseLinearClassifierPredictTest)', () => {
      for (const n of [2, 4]) {
        const range = Array.from({ length: n }, (_, i) => i);
        const dir = tmpDir('linpred');
        linearCheckpoint(dir, n === 2 ? [[-11]] : [range.map((i) => -11 * i)], n === 2 ? [10] : range.map(() => 10));
        const vocab = range.map((i) => `class_vocab_${i}`);
        const est = new tf.estimator.LinearClassifier([tf.feature_column.numeric_column('age')], { n_classes: n, label_vocabulary: vocab, model_dir: dir });
        const [p] = quiet(() => [...est.predict(tf.estimator.inputs.numpy_input_fn({ age: [[1]] }, { batch_size: 1, num_epochs: 1, shuffle: false }))]) as Record<string, tf.NDArray>[];
        assert.deepEqual(p.classes.strings, ['class_vocab_0']);
        assert.deepEqual(p.all_classes.strings, vocab);
        if (n === 2) {
          closeArray(f32(p.logits), [-1]);
          closeArray(f32(p.logistic), [1 / (1 + Math.exp(1))]);
          closeArray(f32(p.probabilities), [1 / (1 + Math.exp(-1)), 1 / (1 + Math.exp(1))]);
        } else {
          const z = range.map((i) => -11 * i + 10);
          const s = z.reduce((a, v) => a + Math.exp(v), 0);
          closeArray(f32(p.logits), z);
          closeArray(f32(p.probabilities), z.map((v) => Math.exp(v) / s));
        }
      }
    });

    it("trains with string labels through the vocabulary, writes TF's linear summaries, and restores what it wrote", () => {
      const dir = tmpDir('linvocab');
      const xs = Array.from({ length: 30 }, (_, i) => (i % 10) / 3 - 1.5);
      const names = ['low', 'mid', 'high'];
      const ys = xs.map((x) => names[x < -0.5 ? 0 : x < 0.5 ? 1 : 2]);
      const columns = [tf.feature_column.numeric_column('x')];
      const config = new tf.estimator.RunConfig({ save_summary_steps: 1 });
      const est = new tf.estimator.LinearClassifier(columns, { n_classes: 3, label_vocabulary: names, model_dir: dir, optimizer: new tf.train.GradientDescentOptimizer(0.05), config });
      quiet(() => est.train(() => [{ x: floats(xs) }, tf.constant(ys)], { steps: 300 }));
      assert.deepEqual(tf.train.list_variables(dir).map(([k, s]) => `${k} ${s}`), ['global_step ', 'linear/linear_model/bias_weights 3', 'linear/linear_model/x/weights 1,3']);
      const events = fs.readdirSync(dir).filter((f) => f.startsWith('events.out.tfevents.')).flatMap((f) => [...tf.train.summary_iterator(path.join(dir, f))]);
      const tags = new Set(events.flatMap((e) => (e.summary?.value ?? []).map((v) => v.tag)));
      for (const t of ['loss', 'average_loss', 'linear/bias', 'linear/fraction_of_zero_weights']) assert.ok(tags.has(t), `${t} in ${[...tags]}`);
      const again = new tf.estimator.LinearClassifier(columns, { n_classes: 3, label_vocabulary: names, model_dir: dir });
      const m = quiet(() => again.evaluate(() => [{ x: floats(xs) }, tf.constant(ys)], { steps: 1 }));
      assert.ok(m.accuracy > 0.6, JSON.stringify(m));
      assert.deepEqual(Object.keys(m).sort(), ['accuracy', 'average_loss', 'global_step', 'loss']);
      const preds = quiet(() => [...again.predict(tf.estimator.inputs.numpy_input_fn({ x: [-1.5, 1.5] }, { shuffle: false }))]) as Record<string, tf.NDArray>[];
      assert.deepEqual(preds.map((p) => p.classes.strings[0]), ['low', 'high']);
    });
  });

  describe('heads: label checks, reductions and errors as TF words them', () => {
    const columns = [tf.feature_column.numeric_column('x')];
    const fresh = () => tmpDir('heads');

    it('refuses labels outside [0, n_classes) and labels missing from the vocabulary when run', () => {
      const binary = new tf.estimator.LinearClassifier(columns, { model_dir: fresh() });
      assert.throws(() => quiet(() => binary.train(() => [{ x: floats([1]) }, ints([[2]])], { steps: 1 })), /Labels must <= n_classes - 1/);
      const multi = new tf.estimator.DNNClassifier([2], columns, { n_classes: 3, model_dir: fresh() });
      assert.throws(() => quiet(() => multi.train(() => [{ x: floats([1]) }, ints([[3]])], { steps: 1 })), /Labels must <= n_classes - 1/);
      assert.throws(() => quiet(() => multi.train(() => [{ x: floats([1]) }, ints([[-1]])], { steps: 1 })), /Labels must >= 0/);
      const vocab = new tf.estimator.LinearClassifier(columns, { label_vocabulary: ['a', 'b'], model_dir: fresh() });
      assert.throws(() => quiet(() => vocab.train(() => [{ x: floats([1]) }, tf.constant([['c']])], { steps: 1 })), /Labels must >= 0/);
    });

    it('refuses wrong label dtypes and shapes, and bad head options, at build time', () => {
      const multi = new tf.estimator.LinearClassifier(columns, { n_classes: 3, model_dir: fresh() });
      assert.throws(() => quiet(() => multi.train(() => [{ x: floats([1]) }, floats([[1]])], { steps: 1 })), /Labels dtype should be integer. Instead got float32./);
      const vocab = new tf.estimator.LinearClassifier(columns, { n_classes: 3, label_vocabulary: ['a', 'b', 'c'], model_dir: fresh() });
      assert.throws(() => quiet(() => vocab.train(() => [{ x: floats([1]) }, ints([[1]])], { steps: 1 })), /Labels dtype should be string if there is a vocabulary. Instead got int32/);
      const reg = new tf.estimator.LinearRegressor(columns, { label_dimension: 2, model_dir: fresh() });
      assert.throws(() => quiet(() => reg.train(() => [{ x: floats([1]) }, floats([[1, 2, 3]])], { steps: 1 })), /Mismatched label shape. Expected labels dimension=2.  Received 3./);
      assert.throws(() => quiet(() => reg.train(() => [{ x: floats([1]) }, null], { steps: 1 })), /You must provide a labels Tensor. Given: None./);
      // head_test's test_incompatible_labels_shape: labels of another batch size fail TF's assert when run.
      const two = () => ({ x: floats([[1], [2]]) });
      assert.throws(() => quiet(() => multi.train(() => [two(), tf.placeholder_with_default(ints([[1], [1], [1]]), [null, 1])], { steps: 1 })),
        /\[expected_labels_shape: \] \[2 1\] \[labels_shape: \] \[3 1\]/);
      const weighted = new tf.estimator.LinearClassifier(columns, { weight_column: 'w', model_dir: fresh() });
      assert.throws(() => quiet(() => weighted.train(() => [{ ...two(), w: tf.placeholder_with_default(floats([[1, 2], [1, 2]]), [null, null]) }, ints([[1], [0]])], { steps: 1 })),
        /\[logits_shape: \] \[2 1\] \[weights_shape: \] \[2 2\]/);
      const sparse = new tf.estimator.LinearClassifier(columns, { model_dir: fresh() });
      assert.throws(() => quiet(() => sparse.train(() => [two(), new tf.SparseTensor([[0, 0], [1, 0]], [1, 0], [2, 1]) as never], { steps: 1 })), /SparseTensor labels are not supported./);
      assert.throws(() => new tf.estimator.LinearClassifier(columns, { n_classes: 1 }), /n_classes must be > 2: 1./);
      assert.throws(() => new tf.estimator.DNNRegressor([2], columns, { label_dimension: 0 }), /Invalid label_dimension 0./);
      assert.throws(() => new tf.estimator.LinearRegressor(columns, { loss_reduction: tf.losses.Reduction.NONE }), /Invalid loss_reduction: none/);
      assert.throws(() => new tf.estimator.DNNClassifier([2], columns, { optimizer: 'Adadelta' as never }), /Unsupported optimizer name: Adadelta. Supported names are: \('Adagrad', 'Adam', 'Ftrl', 'RMSProp', 'SGD'\)/);
      assert.throws(() => new tf.estimator.LinearClassifier([]), /feature_columns must not be empty./);
    });

    it("makes the optimizer a name or a function gives (TF's get_optimizer_instance), at the estimator's learning rate", () => {
      // w = b = 0, x = 1, label 1: the summed squared error's gradient is -2 for both, so one step moves them 2 * lr.
      const age = [tf.feature_column.numeric_column('age')];
      const step = (optimizer: tf.estimator.LinearRegressorOptions['optimizer']) => {
        const dir = fresh();
        writeCheckpoint(dir, { 'linear/linear_model/age/weights': [[0]], 'linear/linear_model/bias_weights': [0] }, 0);
        const est = new tf.estimator.LinearRegressor(age, { model_dir: dir, optimizer });
        quiet(() => est.train(() => [{ age: floats([[1]]) }, floats([[1]])], { steps: 1 }));
        return [est.get_variable_value('linear/linear_model/age/weights').item(), est.get_variable_value('linear/linear_model/bias_weights').item()] as number[];
      };
      closeArray(step('SGD'), [0.4, 0.4]);
      closeArray(step(() => new tf.train.GradientDescentOptimizer(0.1)), [0.2, 0.2]);
      const dnn = new tf.estimator.DNNRegressor([2], age, { optimizer: () => 'SGD' as never, model_dir: fresh() });
      assert.throws(() => quiet(() => dnn.train(() => [{ age: floats([[1]]) }, floats([[1]])], { steps: 1 })), /The given object is not an Optimizer instance. Given: SGD/);
    });

    it("names the heads' nodes as TF does (graph.pbtxt of a training step)", () => {
      const nodes = (est: tf.estimator.Estimator, labels: () => tf.Tensor) => {
        quiet(() => est.train(() => [{ x: floats([[1], [2]]), w: floats([[1], [2]]) }, labels()], { steps: 1 }));
        return new Set([...fs.readFileSync(path.join(est.model_dir, 'graph.pbtxt'), 'utf8').matchAll(/^ {2}name: "([^"]+)"/gm)].map((m) => m[1]));
      };
      const expectIn = (names: Set<string>, wanted: string[]) => wanted.forEach((n) => assert.ok(names.has(n), n));
      expectIn(nodes(new tf.estimator.DNNClassifier([2], columns, { model_dir: fresh() }), () => ints([[1], [0]])), [
        'dnn/head/predictions/logistic', 'dnn/head/predictions/two_class_logits', 'dnn/head/predictions/probabilities', 'dnn/head/predictions/class_ids',
        'dnn/head/predictions/str_classes', 'dnn/head/labels', 'dnn/head/ToFloat', 'dnn/head/assert_range/assert_less_equal/Assert', 'dnn/head/logistic_loss',
        'dnn/head/weighted_loss/Sum', 'dnn/head/truediv', 'loss', 'average_loss',
      ]);
      expectIn(nodes(new tf.estimator.DNNClassifier([2], columns, { n_classes: 3, label_vocabulary: ['a', 'b', 'c'], weight_column: 'w', model_dir: fresh() }), () => tf.constant([['a'], ['c']])), [
        'dnn/head/predictions/class_ids', 'dnn/head/predictions/probabilities', 'dnn/head/predictions/class_string_lookup/hash_table', 'dnn/head/class_id_lookup/hash_table',
        'dnn/head/sparse_softmax_cross_entropy_loss/xentropy/xentropy', 'dnn/head/weights', 'dnn/head/weighted_loss/Sum', 'loss', 'average_loss',
      ]);
      expectIn(nodes(new tf.estimator.LinearRegressor(columns, { model_dir: fresh() }), () => floats([[1], [0]])), [
        'linear/head/labels', 'linear/head/mean_squared_error/SquaredDifference', 'linear/head/weighted_loss/Sum', 'loss', 'average_loss',
        'linear/bias', 'linear/fraction_of_zero_weights', 'linear/zero_fraction/zero_fraction_or_nan',
      ]);
    });

    it('reduces the training loss as loss_reduction says (SUM by default; SUM_OVER_BATCH_SIZE, MEAN)', () => {
      const dir = fresh();
      writeCheckpoint(dir, { 'linear/linear_model/age/weights': [[11]], 'linear/linear_model/bias_weights': [2] }, 100);
      const input = () => [{ age: floats([[1], [1]]), w: floats([[1], [3]]) }, floats([[10], [12]])] as const;
      const age = [tf.feature_column.numeric_column('age')];
      const lossWith = (reduction?: tf.losses.ReductionName) => quiet(() =>
        new tf.estimator.LinearRegressor(age, { model_dir: dir, weight_column: 'w', loss_reduction: reduction }).evaluate(input, { steps: 1 })).loss;
      // Squared errors 9 and 1, weights 1 and 3.
      assert.ok(Math.abs(lossWith() - 12) < 1e-5);
      assert.ok(Math.abs(lossWith(tf.losses.Reduction.SUM_OVER_BATCH_SIZE) - 6) < 1e-5);
      assert.ok(Math.abs(lossWith(tf.losses.Reduction.MEAN) - 3) < 1e-5);
      assert.ok(Math.abs(lossWith(tf.losses.Reduction.SUM_BY_NONZERO_WEIGHTS) - 6) < 1e-5);
      // Training writes average_loss (the loss over the summed weights) only for SUM, as TF's heads.
      const tagsWith = (reduction: tf.losses.ReductionName) => {
        const est = new tf.estimator.LinearRegressor(age, { model_dir: fresh(), loss_reduction: reduction, config: new tf.estimator.RunConfig({ save_summary_steps: 1 }) });
        quiet(() => est.train(input, { steps: 1 }));
        const events = fs.readdirSync(est.model_dir).filter((f) => f.startsWith('events.out.tfevents.')).flatMap((f) => [...tf.train.summary_iterator(path.join(est.model_dir, f))]);
        return new Set(events.flatMap((e) => (e.summary?.value ?? []).map((v) => v.tag)));
      };
      assert.ok(tagsWith(tf.losses.Reduction.SUM).has('average_loss'));
      const mean = tagsWith(tf.losses.Reduction.SUM_OVER_BATCH_SIZE);
      assert.ok(mean.has('loss') && !mean.has('average_loss'), [...mean].join(', '));
    });

    it("exports TF's serving signatures of each head (classification, regression, predict) over tf.Examples", () => {
      const receiver = tf.estimator.export.build_parsing_serving_input_receiver_fn({ x: new tf.FixedLenFeature([1], tf.float32) });
      const examples = tf.NDArray.fromStrings([0, 3].map((v) => ExampleCodec.encode({ features: { feature: { x: { float_list: { value: [v] } } } } })));
      const cases: [tf.estimator.Estimator, () => readonly [Record<string, tf.Tensor>, tf.Tensor], string[]][] = [
        [new tf.estimator.LinearClassifier(columns, { n_classes: 3, label_vocabulary: ['a', 'b', 'c'], model_dir: fresh() }),
          () => [{ x: floats([0, 1, 2, 3]) }, tf.constant(['a', 'b', 'c', 'c'])], ['classification', 'predict', 'serving_default']],
        [new tf.estimator.LinearClassifier(columns, { model_dir: fresh() }),
          () => [{ x: floats([0, 1, 2, 3]) }, ints([[0], [0], [1], [1]])], ['classification', 'predict', 'regression', 'serving_default']],
        [new tf.estimator.LinearRegressor(columns, { model_dir: fresh() }),
          () => [{ x: floats([0, 1, 2, 3]) }, floats([0, 1, 2, 3])], ['predict', 'regression', 'serving_default']],
      ];
      for (const [est, input, signatures] of cases) {
        quiet(() => est.train(input, { steps: 2 }));
        const exported = quiet(() => est.export_savedmodel(path.join(est.model_dir, 'export'), receiver));
        tf.reset_default_graph();
        const sess = new tf.Session();
        const meta = tf.saved_model.loader.load(sess, [tf.saved_model.tag_constants.SERVING], exported);
        assert.deepEqual(Object.keys(meta.signature_def!).sort(), signatures);
        const predict = meta.signature_def!.predict;
        const feed = { [predict.inputs!.examples.name!]: examples };
        if (signatures.includes('classification')) {
          const cls = meta.signature_def!.classification;
          assert.equal(cls.method_name, 'tensorflow/serving/classify');
          const classes = sess.run(cls.outputs!.classes.name!, { [cls.inputs!.inputs.name!]: examples }) as tf.NDArray;
          assert.deepEqual(classes.shape, [2, signatures.includes('regression') ? 2 : 3]);
          assert.deepEqual(classes.strings.slice(0, classes.shape[1]), signatures.includes('regression') ? ['0', '1'] : ['a', 'b', 'c']);
        } else {
          assert.deepEqual(Object.keys(predict.outputs!), ['predictions']);
          assert.deepEqual((sess.run(predict.outputs!.predictions.name!, feed) as tf.NDArray).shape, [2, 1]);
        }
        sess.close();
      }
    });
  });

  describe('DNNLinearCombinedClassifier and DNNLinearCombinedRegressor', () => {
    // The head and the optimizers work at the graph's root here (not inside `dnn/` or `linear/` as in the
    // single models), so TF's slot keys are `<variable>/Adagrad` and `<variable>/Ftrl`, without a `part_0` remnant.
    it("add the DNN's and the linear model's logits under TF's scopes, and train each part with its optimizer", () => {
      const dir = tmpDir('wnd');
      writeCheckpoint(dir, {
        'dnn/hiddenlayer_0/kernel': [[0.6, 0.5]], 'dnn/hiddenlayer_0/bias': [0.1, -0.1],
        'dnn/hiddenlayer_1/kernel': [[1, 0.8], [-0.8, -1]], 'dnn/hiddenlayer_1/bias': [0.2, -0.2],
        'dnn/logits/kernel': [[-1], [1]], 'dnn/logits/bias': [0.3],
        'linear/linear_model/age/weights': [[0.5]], 'linear/linear_model/bias_weights': [1],
      }, 100);
      const age = tf.feature_column.numeric_column('age');
      const options = { model_dir: dir, linear_feature_columns: [age], dnn_feature_columns: [age], dnn_hidden_units: [2, 2] };
      // DNN logits -2.08 (dnn_testing_utils) + linear 10 * 0.5 + 1 = 3.92.
      const reg = new tf.estimator.DNNLinearCombinedRegressor(options);
      close(quiet(() => reg.evaluate(() => [{ age: floats([[10]]) }, floats([[4]])], { steps: 1 })),
        { loss: 0.0064, average_loss: 0.0064, 'prediction/mean': 3.92, 'label/mean': 4, global_step: 100 });
      const cls = tf.estimator.DNNLinearCombinedClassifier(options);
      const [p] = quiet(() => [...cls.predict(tf.estimator.inputs.numpy_input_fn({ age: [[10]] }, { batch_size: 1, shuffle: false }))]) as Record<string, tf.NDArray>[];
      closeArray(f32(p.logits), [3.92], 1e-4);
      assert.deepEqual(p.classes.strings, ['1']);

      const config = new tf.estimator.RunConfig({ save_summary_steps: 1 });
      const trained = new tf.estimator.DNNLinearCombinedClassifier({ ...options, config, n_classes: 3, model_dir: tmpDir('wnd-train') });
      quiet(() => trained.train(() => [{ age: floats([[1], [2]]) }, ints([[0], [2]])], { steps: 3 }));
      assert.deepEqual(tf.train.list_variables(trained.model_dir).map(([k]) => k), [
        'dnn/hiddenlayer_0/bias', 'dnn/hiddenlayer_0/bias/Adagrad', 'dnn/hiddenlayer_0/kernel', 'dnn/hiddenlayer_0/kernel/Adagrad',
        'dnn/hiddenlayer_1/bias', 'dnn/hiddenlayer_1/bias/Adagrad', 'dnn/hiddenlayer_1/kernel', 'dnn/hiddenlayer_1/kernel/Adagrad',
        'dnn/logits/bias', 'dnn/logits/bias/Adagrad', 'dnn/logits/kernel', 'dnn/logits/kernel/Adagrad', 'global_step',
        'linear/linear_model/age/weights', 'linear/linear_model/age/weights/Ftrl', 'linear/linear_model/age/weights/Ftrl_1',
        'linear/linear_model/bias_weights', 'linear/linear_model/bias_weights/Ftrl', 'linear/linear_model/bias_weights/Ftrl_1',
      ]);
      assert.equal(trained.get_variable_value('global_step').item(), 3);
      const dir2 = trained.model_dir;
      const events = fs.readdirSync(dir2).filter((f) => f.startsWith('events.out.tfevents.')).flatMap((f) => [...tf.train.summary_iterator(path.join(dir2, f))]);
      const tags = new Set(events.flatMap((e) => (e.summary?.value ?? []).map((v) => v.tag)));
      for (const t of ['loss', 'average_loss', 'linear/linear/fraction_of_zero_values', 'linear/linear/activation', 'dnn/dnn/logits/fraction_of_zero_values', 'linear/bias']) {
        assert.ok(tags.has(t), `${t} in ${[...tags]}`);
      }
      assert.throws(() => new tf.estimator.DNNLinearCombinedClassifier({}), /Either linear_feature_columns or dnn_feature_columns must be defined./);
      assert.throws(() => new tf.estimator.DNNLinearCombinedRegressor({ dnn_feature_columns: [age] }), /dnn_hidden_units must be defined when dnn_feature_columns is specified./);
      const notSettings = {} as unknown as string;
      assert.throws(() => new tf.estimator.DNNLinearCombinedRegressor({ linear_feature_columns: [age], warm_start_from: notSettings }), /warm_start_from must be a string or a WarmStartSettings, instead got object/);
    });
  });
});
