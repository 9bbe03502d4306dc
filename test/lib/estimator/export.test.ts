/** Estimator.export_savedmodel and tf.estimator.export (receivers and export outputs), loaded back as TF serving would. */
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '../../../lib';
import { ExampleCodec } from '../../../lib/proto';
import { cleanup, tmpDir } from '../train/helpers';

const xs = Array.from({ length: 16 }, (_, i) => [i / 16]);
const ys = xs.map(([x]) => [3 * x - 1]);

/** A linear regression whose PREDICT spec answers a Predict and a Regress signature. */
const model_fn: tf.estimator.ModelFn = (features, labels, mode) => {
  const x = tf.cast((features as Record<string, tf.Tensor>).x, tf.float32);
  const pred = tf.layers.dense(x, 1, { name: 'linear' });
  if (mode === tf.estimator.ModeKeys.PREDICT) {
    return new tf.estimator.EstimatorSpec(mode, {
      predictions: { y: pred },
      export_outputs: {
        serving_default: new tf.estimator.export.PredictOutput({ y: pred }),
        regress: new tf.estimator.export.RegressionOutput(pred),
      },
    });
  }
  const loss = tf.losses.mean_squared_error(tf.cast(labels!, tf.float32), pred);
  const train_op = new tf.train.GradientDescentOptimizer(0.5).minimize(loss, { global_step: tf.train.get_global_step()! });
  return new tf.estimator.EstimatorSpec(mode, { loss, train_op });
};

function quietly<T>(fn: () => T): T {
  const prev = tf.train.setLogSink(() => undefined);
  try { return fn(); } finally { tf.train.setLogSink(prev); }
}

describe('Estimator.export_savedmodel and tf.estimator.export', () => {
  beforeEach(() => tf.reset_default_graph());
  after(cleanup);
  const dir = tmpDir('export-model');
  const est = new tf.estimator.Estimator(model_fn, dir, new tf.estimator.RunConfig({ tf_random_seed: 1 }));

  it('refuses to export before there is a checkpoint', () => {
    const untrained = new tf.estimator.Estimator(model_fn, tmpDir('untrained'));
    assert.throws(() => untrained.export_savedmodel(tmpDir('exp'), () => { throw new Error('not reached'); }), /Couldn't find trained model at /);
  });

  it('exports the PREDICT graph with raw placeholders under <base>/<timestamp>, loadable and served by signature keys', () => {
    quietly(() => est.train(tf.estimator.inputs.numpy_input_fn({ x: xs }, { y: ys, batch_size: 8, num_epochs: null, shuffle: false }), { steps: 40 }));
    const base = tmpDir('exports');
    const receiver = tf.estimator.export.build_raw_serving_input_receiver_fn({ x: tf.placeholder(tf.float32, [null, 1]) });
    const out = quietly(() => est.export_savedmodel(base, receiver));
    assert.match(path.basename(out), /^\d+$/);
    assert.deepEqual(fs.readdirSync(base), [path.basename(out)]);
    assert.deepEqual(fs.readdirSync(out).sort(), ['saved_model.pb', 'variables']);
    assert.deepEqual(fs.readdirSync(path.join(out, 'variables')).sort(), ['variables.data-00000-of-00001', 'variables.index']);

    tf.reset_default_graph();
    const sess = new tf.Session();
    const meta = tf.saved_model.loader.load(sess, [tf.saved_model.tag_constants.SERVING], out);
    // The Regress output needs serialized examples: with raw tensors it is left out, as TF leaves it out.
    assert.deepEqual(Object.keys(meta.signature_def!), ['serving_default']);
    const sig = meta.signature_def!.serving_default;
    assert.equal(sig.inputs!.x.name, 'x:0');
    const y = sess.run(sig.outputs!.y.name!, { [sig.inputs!.x.name!]: [[0.5], [1]] }) as tf.NDArray;
    const kernel = est.get_variable_value('linear/kernel').item() as number;
    const bias = est.get_variable_value('linear/bias').item() as number;
    const values = y.toArray() as number[][];
    assert.ok(Math.abs(values[0][0] - (0.5 * kernel + bias)) < 1e-6 && Math.abs(values[1][0] - (kernel + bias)) < 1e-6);
    assert.equal(Number(tf.train.load_variable(path.join(out, 'variables/variables'), 'global_step').item()), 40);
  });

  it('exports a parsing receiver: Predict and Regress signatures over serialized tf.Examples', () => {
    const base = tmpDir('exports');
    const receiver = tf.estimator.export.build_parsing_serving_input_receiver_fn({ x: new tf.FixedLenFeature([1], tf.float32) });
    const out = quietly(() => est.export_savedmodel(base, receiver, { as_text: true }));
    assert.ok(fs.existsSync(path.join(out, 'saved_model.pbtxt')));
    tf.reset_default_graph();
    const sess = new tf.Session();
    const meta = tf.saved_model.loader.load(sess, ['serve'], out);
    assert.deepEqual(Object.keys(meta.signature_def!).sort(), ['regress', 'serving_default']);
    const regress = meta.signature_def!.regress;
    assert.equal(regress.method_name, 'tensorflow/serving/regress');
    assert.equal(regress.inputs!.inputs.name, 'input_example_tensor:0');
    const examples = tf.NDArray.fromStrings([0.5, 1].map((v) => ExampleCodec.encode({ features: { feature: { x: { float_list: { value: [v] } } } } })));
    const viaRegress = sess.run(regress.outputs!.outputs.name!, { [regress.inputs!.inputs.name!]: examples }) as tf.NDArray;
    const viaPredict = sess.run(meta.signature_def!.serving_default.outputs!.y.name!, { [meta.signature_def!.serving_default.inputs!.examples.name!]: examples }) as tf.NDArray;
    assert.deepEqual(viaRegress.toArray(), viaPredict.toArray());
  });

  it('checks receivers and export outputs as TF does', () => {
    tf.reset_default_graph();
    const s = tf.placeholder(tf.string, [null]);
    assert.throws(() => new tf.estimator.export.ServingInputReceiver({}, { s }), /features must be defined\./);
    assert.throws(() => new tf.estimator.export.RegressionOutput(s), /Regression output value must be a float32 Tensor/);
    assert.throws(() => new tf.estimator.export.ClassificationOutput(), /At least one of scores and classes must be set\./);
    const p = tf.constant([1.5]);
    assert.throws(() => new tf.estimator.EstimatorSpec(tf.estimator.ModeKeys.PREDICT, {
      predictions: p, export_outputs: { a: new tf.estimator.export.PredictOutput(p), b: new tf.estimator.export.PredictOutput(p) },
    }), /none of them is specified as the default/);
    const lone = new tf.estimator.EstimatorSpec(tf.estimator.ModeKeys.PREDICT, { predictions: p, export_outputs: { only: new tf.estimator.export.PredictOutput(p) } });
    assert.deepEqual(Object.keys(lone.export_outputs!).sort(), ['only', 'serving_default']);
  });
});
