// tf.train.warm_start and tf.train.VocabInfo, restating TF 1.15's warm_starting_util_test.py: every trainable
// variable by default, a regex or a list (of names over all global variables, or of variables), partitioned
// variables restored slice by slice across another partitioning, previous names, and TF's errors.
import assert from 'node:assert/strict';
import * as path from 'path';
import * as tf from '../../../lib';
import { cleanup, tmpDir } from './helpers';

const valueOf = (sess: tf.Session, v: tf.RefVariable | tf.Tensor) => Array.from(sess.run(v).values as ArrayLike<number>);
const quiet = <T>(fn: () => T): T => {
  const prev = tf.train.setLogSink(() => undefined);
  try { return fn(); } finally { tf.train.setLogSink(prev); }
};

/** A checkpoint `model-0` of w [3, 2] (partitioned in 2), b [2], the non-trainable count [] and old/v [4]: returns their values. */
function oldModel(dir: string): Record<string, number[]> {
  tf.reset_default_graph();
  const w = tf.get_variable('w', [3, 2], { partitioner: tf.fixed_size_partitioner(2), initializer: tf.random_normal_initializer() });
  const b = tf.get_variable('b', [2], { initializer: tf.random_normal_initializer() });
  const count = tf.get_variable('count', [], { initializer: tf.constant_initializer(7), trainable: false });
  const v = tf.variable_scope('old', () => tf.get_variable('v', [4], { initializer: tf.random_normal_initializer() }));
  const sess = new tf.Session();
  sess.run(tf.global_variables_initializer());
  const values = { w: valueOf(sess, w.as_tensor()), b: valueOf(sess, b), count: valueOf(sess, count), v: valueOf(sess, v) };
  new tf.train.Saver().save(sess, path.join(dir, 'model'), { global_step: 0 });
  return values;
}

/** The new model: w [3, 2] in 3 parts, b [2], count [], <scope>/v [4], all zeros until warm-started. */
function newModel(scope = 'new') {
  tf.reset_default_graph();
  const zeros = tf.zeros_initializer();
  const w = tf.get_variable('w', [3, 2], { partitioner: tf.fixed_size_partitioner(3), initializer: zeros });
  const b = tf.get_variable('b', [2], { initializer: zeros });
  const count = tf.get_variable('count', [], { initializer: zeros, trainable: false });
  const v = tf.variable_scope(scope, () => tf.get_variable('v', [4], { initializer: zeros }));
  return { w, b, count, v };
}

function initialized(vars: ReturnType<typeof newModel>): Record<string, number[]> {
  const sess = new tf.Session();
  sess.run(tf.global_variables_initializer());
  return { w: valueOf(sess, vars.w.as_tensor()), b: valueOf(sess, vars.b), count: valueOf(sess, vars.count), v: valueOf(sess, vars.v) };
}

describe('tf.train.warm_start', () => {
  after(cleanup);

  it("by default every trainable variable under its own name (a partitioned one across another partitioning); not the non-trainable ones", () => {
    const dir = tmpDir('warm-start');
    const old = oldModel(dir);
    const vars = newModel('old');
    quiet(() => tf.train.warm_start(dir));
    const got = initialized(vars);
    assert.deepEqual(got.w, old.w);
    assert.deepEqual(got.b, old.b);
    assert.deepEqual(got.v, old.v);
    assert.deepEqual(got.count, [0]);
    // Each part restores its own slice of the saved (differently partitioned) tensor.
    const parts = [...vars.w];
    assert.equal(parts.length, 3);
    for (const part of parts) assert.equal(part.initializer.inputs[1].op.type, 'RestoreV2');
  });

  it('a regex selects some variables; a list of names matches global variables (non-trainable too); a list of variables those', () => {
    const dir = tmpDir('warm-start-regex');
    const old = oldModel(dir);
    let vars = newModel();
    quiet(() => tf.train.warm_start(dir, { vars_to_warm_start: 'b' }));
    let got = initialized(vars);
    assert.deepEqual(got.b, old.b);
    assert.deepEqual(got.w, [0, 0, 0, 0, 0, 0]);

    vars = newModel();
    quiet(() => tf.train.warm_start(dir, ['count', 'w']));
    got = initialized(vars);
    assert.deepEqual(got.count, old.count);
    assert.deepEqual(got.w, old.w);
    assert.deepEqual(got.b, [0, 0]);

    vars = newModel();
    quiet(() => tf.train.warm_start(dir, { vars_to_warm_start: [vars.b, vars.count] }));
    got = initialized(vars);
    assert.deepEqual([got.b, got.count, got.w], [old.b, old.count, [0, 0, 0, 0, 0, 0]]);

    // A resource variable, by its variable.
    tf.reset_default_graph();
    const res = tf.get_variable('b', [2], { initializer: tf.zeros_initializer(), use_resource: true });
    quiet(() => tf.train.warm_start(dir, { vars_to_warm_start: [res] }));
    const sess = new tf.Session();
    sess.run(tf.global_variables_initializer());
    assert.deepEqual(valueOf(sess, res), old.b);

    // null (or an empty regex): only variables with a VocabInfo, so none here.
    vars = newModel();
    quiet(() => tf.train.warm_start(dir, { vars_to_warm_start: null }));
    assert.deepEqual(initialized(vars).b, [0, 0]);
  });

  it('var_name_to_prev_var_name: a variable from its name in the old checkpoint', () => {
    const dir = tmpDir('warm-start-prev');
    const old = oldModel(dir);
    const vars = newModel();
    quiet(() => tf.train.warm_start(dir, { vars_to_warm_start: 'new/', var_name_to_prev_var_name: { 'new/v': 'old/v' } }));
    const got = initialized(vars);
    assert.deepEqual(got.v, old.v);
    assert.deepEqual(got.b, [0, 0]);
  });

  it("TF's errors: a missing checkpoint, a variable not in the checkpoint, unused previous names or vocabularies, bad lists", () => {
    const dir = tmpDir('warm-start-errors');
    oldModel(dir);
    newModel();
    const empty = tmpDir('warm-start-empty');
    assert.throws(() => quiet(() => tf.train.warm_start(empty)), /Couldn't find 'checkpoint' file or checkpoints in given directory .*warm-start-empty/);
    const missing = path.join(dir, 'nothing_here');
    assert.throws(() => quiet(() => tf.train.warm_start(missing)), /Unsuccessful TensorSliceReader constructor: Failed to find any matching files for .*nothing_here/);
    // new/v is not saved under that name.
    assert.throws(() => quiet(() => tf.train.warm_start(dir, { vars_to_warm_start: 'new/' })), /Tensor new\/v is not found in .* checkpoint/);
    assert.throws(() => quiet(() => tf.train.warm_start(dir, { vars_to_warm_start: 'b', var_name_to_prev_var_name: { 'b': 'b', 'bogus': 'x' } })),
      /You provided the following variables in var_name_to_prev_var_name that were not used: \{'bogus'\}\.  Perhaps you misspelled them\?  Here is the list of viable variable names: dict_keys\(\['b'\]\)/);
    const info = tf.train.VocabInfo('new_vocab.txt', 6, 1, 'old_vocab.txt');
    assert.equal(info.old_vocab_size, -1);
    assert.equal(info.axis, 0);
    assert.throws(() => quiet(() => tf.train.warm_start(dir, { vars_to_warm_start: 'b', var_name_to_vocab_info: { 'emb': info } })),
      /You provided the following variables in var_name_to_vocab_info that were not used: \{'emb'\}/);
    assert.throws(() => quiet(() => tf.train.warm_start(dir, { vars_to_warm_start: 'b', var_name_to_vocab_info: { 'b': info } })),
      /vocabulary remapping \(var_name_to_vocab_info for b\) needs the GenerateVocabRemap and LoadAndRemapMatrix ops/);
    assert.throws(() => tf.train.VocabInfo('n', 6, 1, 'o', { axis: 2 }), /The only supported values for the axis argument are 0 and 1.  Provided axis: 2/);
    const mixed = ['b', tf.get_variable('other', [1])] as unknown as readonly string[];
    assert.throws(() => quiet(() => tf.train.warm_start(dir, { vars_to_warm_start: mixed })), /If `vars_to_warm_start` is a list, it must be all `Variable` or all `str`/);
    const five = 5 as unknown as string;
    assert.throws(() => quiet(() => tf.train.warm_start(dir, { vars_to_warm_start: five })), /`vars_to_warm_start must be a `list` or `str`.  Given type is number/);
  });
});
