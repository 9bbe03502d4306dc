import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '../../../lib';
import { AssertionError, IOError } from '../../../lib/framework/errors';
import { SavedModel, SavedModelCodec } from '../../../lib/proto';
import { parseMessage } from '../../../lib/train/text_format';
import { cleanup, sharedFixtures, tmpDir } from '../train/helpers';

const wild = (rel: string) => path.join(sharedFixtures('tf-wild'), rel);
const { tag_constants, signature_constants } = tf.saved_model;

/** Runs a loaded signature by its keys, as a TF 1.x serving client does. */
function runSignature(sess: tf.Session, meta: tf.saved_model.LoadedMetaGraph, key: string, inputs: Record<string, tf.FeedValue>): Record<string, tf.NDArray> {
  const sig = meta.signature_def![key];
  const feeds: Record<string, tf.FeedValue> = {};
  for (const [k, v] of Object.entries(inputs)) feeds[sig.inputs![k].name!] = v;
  const keys = Object.keys(sig.outputs!);
  const values = sess.run(keys.map((k) => sig.outputs![k].name!), feeds) as tf.NDArray[];
  return Object.fromEntries(keys.map((k, i) => [k, values[i]]));
}

describe('tf.saved_model: loader, builder, simple_save, signatures', () => {
  beforeEach(() => tf.reset_default_graph());
  after(cleanup);

  it('loads TF 1.0\'s half_plus_three: variables restored, legacy init op run, a signature run by its keys', () => {
    const sess = new tf.Session();
    const meta = tf.saved_model.loader.load(sess, [tag_constants.SERVING], wild('tfserving_saved_model_half_plus_three/00000123'));
    assert.deepEqual(Object.keys(meta.signature_def!).sort(), ['serving_default', 'tensorflow/serving/regress']);
    assert.equal(meta.meta_info_def!.tensorflow_version, '1.0.0-rc2');
    assert.deepEqual(runSignature(sess, meta, signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY, { x: [[1], [2], [5]] }).y.toArray(), [[3.5], [4], [5.5]]);
    // The legacy init op (group_deps) assigned the asset's name; a, b, c came from variables/variables.
    assert.equal((sess.run('filename_tensor:0') as tf.NDArray).toArray(), 'foo.txt');
    assert.deepEqual(sess.run(['a:0', 'b:0', 'c:0']).map((v) => (v as tf.NDArray).toArray()), [0.5, 3, 3]);
    const x = tf.saved_model.utils.get_tensor_from_tensor_info(meta.signature_def!.serving_default.inputs!.x);
    assert.equal(x.name, 'x:0');
  });

  it('loads TF 1.5\'s counter and runs its stateful signatures', () => {
    const sess = new tf.Session();
    const meta = tf.saved_model.loader.load(sess, ['serve'], wild('tfserving_saved_model_counter/00000123'));
    runSignature(sess, meta, 'incr_counter', {});
    runSignature(sess, meta, 'incr_counter', {});
    assert.equal(runSignature(sess, meta, 'get_counter', {}).output.toArray(), 2);
    assert.equal(runSignature(sess, meta, 'incr_counter_by', { delta: 5 }).output.toArray(), 7);
    assert.equal(runSignature(sess, meta, 'reset_counter', {}).output.toArray(), 0);
  });

  it('names what is missing: tags, the SavedModel file', () => {
    assert.throws(() => tf.saved_model.loader.load(new tf.Session(), ['train'], wild('tfserving_saved_model_counter/00000123')),
      /MetaGraphDef associated with tags 'train' could not be found in SavedModel[\s\S]*available_tags: \[\['serve'\]\]/);
    const empty = tmpDir('sm');
    assert.throws(() => tf.saved_model.loader.load(new tf.Session(), ['serve'], empty), (e: unknown) => e instanceof IOError && /SavedModel file does not exist at: .*\{saved_model\.pbtxt\|saved_model\.pb\}/.test((e as Error).message));
    assert.equal(tf.saved_model.loader.maybe_saved_model_directory(empty), false);
    assert.equal(tf.saved_model.loader.maybe_saved_model_directory(wild('tfserving_saved_model_counter/00000123')), true);
  });

  it('writes TF\'s layout with the builder (signatures, assets, main op, two tag sets) and loads it back, binary and text', () => {
    for (const as_text of [false, true]) {
      tf.reset_default_graph();
      const src = tmpDir('sm-src');
      fs.writeFileSync(path.join(src, 'vocab.txt'), 'a\nb\n');
      const x = tf.placeholder(tf.float32, [null], 'x');
      const w = tf.Variable(tf.constant(3, { dtype: tf.float32 }), { name: 'w' });
      const y = tf.multiply(x, w, { name: 'y' });
      const asset = tf.constant(path.join(src, 'vocab.txt'), { name: 'asset_path' });
      tf.add_to_collection(tf.GraphKeys.ASSET_FILEPATHS, asset);
      const seen = tf.Variable('', { name: 'seen', trainable: false, collections: [tf.GraphKeys.LOCAL_VARIABLES] });
      const init = tf.group([tf.assign(seen, asset)], { name: 'main_op' });
      const sess = new tf.Session();
      sess.run(tf.global_variables_initializer());
      sess.run(tf.assign(w, 4.0));
      const dir = path.join(tmpDir('sm'), 'export', '1');
      const b = new tf.saved_model.builder.SavedModelBuilder(dir);
      b.add_meta_graph_and_variables(sess, [tag_constants.SERVING], {
        signature_def_map: { serving_default: tf.saved_model.signature_def_utils.predict_signature_def({ x }, { y }) },
        assets_collection: [asset], main_op: init,
      });
      b.add_meta_graph([tag_constants.TRAINING]);
      assert.throws(() => b.add_meta_graph_and_variables(sess, ['x']), AssertionError);
      const file = b.save(as_text);
      assert.equal(path.basename(file), as_text ? 'saved_model.pbtxt' : 'saved_model.pb');
      assert.deepEqual(fs.readdirSync(dir).sort(), ['assets', as_text ? 'saved_model.pbtxt' : 'saved_model.pb', 'variables']);
      assert.deepEqual(fs.readdirSync(path.join(dir, 'variables')).sort(), ['variables.data-00000-of-00001', 'variables.index']);
      assert.equal(fs.readFileSync(path.join(dir, 'assets', 'vocab.txt'), 'utf8'), 'a\nb\n');
      const model: SavedModel = as_text ? parseMessage('tensorflow.SavedModel', fs.readFileSync(file, 'utf8')) : SavedModelCodec.decode(fs.readFileSync(file));
      assert.equal(model.saved_model_schema_version, 1);
      assert.deepEqual(model.meta_graphs!.map((m) => m.meta_info_def!.tags), [['serve'], ['train']]);
      assert.throws(() => new tf.saved_model.builder.SavedModelBuilder(dir), /Export directory already exists, and isn't empty/);

      tf.reset_default_graph();
      const s2 = new tf.Session();
      const meta = tf.saved_model.loader.load(s2, ['serve'], dir);
      assert.deepEqual(runSignature(s2, meta, 'serving_default', { x: [1, 2] }).y.toArray(), [4, 8]);
      // The main op ran with the asset tensor fed its copy under assets/.
      assert.equal((s2.run('seen:0') as tf.NDArray).toArray(), path.join(dir, 'assets', 'vocab.txt'));
    }
  });

  it('simple_save writes a serving model with a Predict signature under serving_default', () => {
    const x = tf.placeholder(tf.float32, [null, 2], 'in');
    const w = tf.Variable(tf.constant([[1], [2]], { dtype: tf.float32 }), { name: 'w' });
    const out = tf.matmul(x, w, { name: 'out' });
    const sess = new tf.Session();
    sess.run(tf.global_variables_initializer());
    const dir = path.join(tmpDir('sm'), 'simple');
    // Python's keyword form: simple_save(sess, dir, inputs={...}, outputs={...}).
    tf.saved_model.simple_save(sess, dir, { inputs: { inputs: x }, outputs: { scores: out } });
    tf.reset_default_graph();
    const s2 = new tf.Session();
    const meta = tf.saved_model.loader.load(s2, { tags: [tag_constants.SERVING], export_dir: dir });
    const sig = meta.signature_def!.serving_default;
    assert.equal(sig.method_name, signature_constants.PREDICT_METHOD_NAME);
    assert.deepEqual(sig.inputs!.inputs.tensor_shape, { dim: [{ size: -1 }, { size: 2 }] });
    assert.deepEqual(runSignature(s2, meta, 'serving_default', { inputs: [[3, 4]] }).scores.toArray(), [[11]]);
    assert.equal(s2.graph.get_operation_by_name('out').device, '');
  });

  it('checks signatures as TF does', () => {
    const { predict_signature_def, classification_signature_def, regression_signature_def, is_valid_signature } = tf.saved_model.signature_def_utils;
    const ex = tf.placeholder(tf.string, [null], 'ex');
    const f = tf.placeholder(tf.float32, [null], 'f');
    assert.throws(() => predict_signature_def({}, { f }), /Prediction inputs cannot be None or empty\./);
    assert.throws(() => classification_signature_def(f, null, f), /Classification examples must be a string Tensor\./);
    assert.throws(() => classification_signature_def(ex, null, null), /Classification classes and scores cannot both be None\./);
    assert.throws(() => regression_signature_def(ex, ex), /Regression predictions must be a float Tensor\./);
    const c = classification_signature_def(ex, null, f);
    assert.deepEqual(Object.keys(c.outputs!), ['scores']);
    assert.equal(c.method_name, 'tensorflow/serving/classify');
    assert.ok(is_valid_signature(c));
    assert.ok(is_valid_signature(regression_signature_def(ex, f)));
    assert.ok(!is_valid_signature({ inputs: {}, outputs: {}, method_name: 'tensorflow/serving/predict' }));
  });
});
