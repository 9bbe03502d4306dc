// TF 1.1's RNN variable names (`rnn/basic_lstm_cell/weights`, `biases`) against a model built here with TF 1.15's
// (`kernel`, `bias`): Saver.restore's NotFoundError names the keys that differ and their TF 1.15 names, and
// tf.contrib.rnn.checkpoint_convert.convert_names writes the checkpoint again under the new names, as TF's tool.
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '../../../lib';
import { NotFoundError } from '../../../lib/framework/errors';
import { rnnNameReplacement } from '../../../lib/train/rnn_names';
import { cleanup, sharedFixtures, tmpDir } from './helpers';

const dir = path.join(sharedFixtures('tf-wild'), 'aplain_tf11_static_lstm');
const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')).checkpoints[0].runs[0] as {
  feeds: Record<string, { shape: number[]; values: number[] }>; expect: { values: number[] }[];
};

/** The fixture's model as a TF 1.15 user writes it: a projection, a static BasicLSTMCell over 10 steps, a readout. */
function buildModel() {
  const input = tf.placeholder(tf.float32, [null, 10, 1], { name: 'input' });
  const istate = tf.placeholder(tf.float32, [null, 160], { name: 'istate' });
  return tf.name_scope('inference', () => {
    const w1 = tf.Variable(tf.zeros([1, 80]), { name: 'weight1' }), w2 = tf.Variable(tf.zeros([80, 1]), { name: 'weight2' });
    const b1 = tf.Variable(tf.zeros([80]), { name: 'bias1' }), b2 = tf.Variable(tf.zeros([1]), { name: 'bias2' });
    const projected = tf.add(tf.matmul(tf.reshape(tf.transpose(input, [1, 0, 2]), [-1, 1]), w1), b1);
    const cell = tf.nn.rnn_cell.BasicLSTMCell(80, { forget_bias: 0.8, state_is_tuple: false });
    const [outputs] = tf.nn.static_rnn(cell, tf.split(projected, 10, { axis: 0 }), { initial_state: istate });
    return tf.add(tf.matmul(outputs[outputs.length - 1], w2), b2);
  });
}

describe('TF 1.1 RNN checkpoints: checkpoint_convert names', function () {
  this.timeout(60000);
  beforeEach(() => tf.reset_default_graph());
  after(cleanup);

  it('maps the old names as TF\'s RNN_NAME_REPLACEMENTS do, slots and cell scopes included', () => {
    const convert = tf.contrib.rnn.checkpoint_convert;
    assert.equal(convert.RNN_NAME_REPLACEMENTS.get('basic_lstm_cell/weights'), 'basic_lstm_cell/kernel');
    assert.equal(convert.RNN_NAME_REPLACEMENTS.get('gru_cell/gates/biases'), 'gru_cell/gates/bias');
    assert.equal(convert.RNN_NAME_REPLACEMENTS.get('attention_decoder/LSTMCell/W_0'), 'attention_decoder/lstm_cell/kernel');
    for (const [old, now] of [
      ['rnn/multi_rnn_cell/cell_0/basic_lstm_cell/weights/Adam', 'rnn/multi_rnn_cell/cell_0/basic_lstm_cell/kernel/Adam'],
      ['rnn/multi_rnn_cell/cell_1/lstm_cell/projection/biases', 'rnn/multi_rnn_cell/cell_1/lstm_cell/projection/bias'],
      ['encoder/gru_cell/gates/weights', 'encoder/gru_cell/gates/kernel'],
      ['decoder/gru_cell/candidate/biases/Momentum', 'decoder/gru_cell/candidate/bias/Momentum'],
      ['model/layer_norm_basic_lstm_cell/weights', 'model/layer_norm_basic_lstm_cell/kernel'],
      ['dense/weights', 'dense/weights'],
    ]) assert.equal(rnnNameReplacement(old), now, old);
  });

  it('restoring the TF 1.1 checkpoint into the TF 1.15 model raises a NotFoundError naming the keys that differ', () => {
    buildModel();
    const names = tf.global_variables().map((v) => v.op.name);
    assert.ok(names.includes('rnn/basic_lstm_cell/kernel') && names.includes('rnn/basic_lstm_cell/bias'), names.join(', '));
    const saver = tf.train.Saver();
    tf.Session((sess) => {
      assert.throws(() => saver.restore(sess, path.join(dir, 'model.ckpt')), (e: unknown) => e instanceof NotFoundError
        && /most likely due to a Variable name or other graph key that is missing/.test(e.message)
        && /Key rnn\/basic_lstm_cell\/(kernel|bias) not found in checkpoint/.test(e.message)
        && e.message.includes("'rnn/basic_lstm_cell/weights' (in the checkpoint) is 'rnn/basic_lstm_cell/kernel' in TF 1.15")
        && e.message.includes("'rnn/basic_lstm_cell/biases' (in the checkpoint) is 'rnn/basic_lstm_cell/bias' in TF 1.15")
        && e.message.includes('checkpoint_convert.convert_names'));
    });
    // A key missing for another reason gets no rename hint.
    tf.reset_default_graph();
    tf.Variable(tf.zeros([2]), { name: 'unrelated' });
    tf.Session((sess) => assert.throws(() => tf.train.Saver().restore(sess, path.join(dir, 'model.ckpt')),
      (e: unknown) => e instanceof NotFoundError && /Key unrelated not found/.test(e.message) && !/RNN variable names/.test(e.message)));
  });

  for (const v1 of [false, true]) {
    it(`convert_names writes a ${v1 ? 'V1' : 'V2'} checkpoint with TF 1.15's names that restores and runs as TF ran the model`, () => {
      const out = path.join(tmpDir('rnn_convert'), 'converted.ckpt');
      const map = tf.contrib.rnn.checkpoint_convert.convert_names(path.join(dir, 'model.ckpt'), out, { write_v1_checkpoint: v1 });
      assert.deepEqual(map, { 'rnn/basic_lstm_cell/weights': 'rnn/basic_lstm_cell/kernel', 'rnn/basic_lstm_cell/biases': 'rnn/basic_lstm_cell/bias' });
      const reader = tf.train.NewCheckpointReader(out);
      assert.equal(reader.format, v1 ? 'V1' : 'V2');
      assert.deepEqual(Object.keys(reader.get_variable_to_shape_map()).sort(), [
        'inference/bias1', 'inference/bias2', 'inference/weight1', 'inference/weight2', 'rnn/basic_lstm_cell/bias', 'rnn/basic_lstm_cell/kernel',
      ]);
      const old = tf.train.load_checkpoint(path.join(dir, 'model.ckpt'));
      assert.deepEqual(Array.from(reader.get_tensor('rnn/basic_lstm_cell/kernel').values), Array.from(old.get_tensor('rnn/basic_lstm_cell/weights').values));
      const y = buildModel();
      tf.Session((sess) => {
        tf.train.Saver().restore(sess, out);
        const feeds = Object.fromEntries(Object.entries(expected.feeds).map(([k, f]) => [k, new tf.NDArray(tf.float32, f.shape, Float32Array.from(f.values))]));
        const got = Array.from((sess.run(y, feeds) as tf.NDArray).values);
        expected.expect[0].values.forEach((v, i) => assert.ok(Math.abs(got[i] - v) < 1e-4 * Math.abs(v) + 1e-5, `output ${i}: ${got[i]} vs ${v}`));
      });
    });
  }

  it('convert_names refuses a path that is not a string, and a missing checkpoint as TF\'s reader does', () => {
    assert.throws(() => tf.contrib.rnn.checkpoint_convert.convert_names(3 as unknown as string, 'x'), /checkpoint_from_path and checkpoint_to_path must be strings/);
    assert.throws(() => tf.contrib.rnn.checkpoint_convert.convert_names(path.join(dir, 'no_such.ckpt'), path.join(tmpDir('rnn_convert'), 'x')),
      (e: unknown) => e instanceof NotFoundError && /Failed to find any matching files/.test(e.message));
  });
});
