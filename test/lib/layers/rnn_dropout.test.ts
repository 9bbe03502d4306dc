// DropoutWrapper as TF 1.15's: per-part seeds from TF's _gen_seed, an LSTM's memory c left alone by the default
// state filter, and variational_recurrent (one mask per part, shared by the batch and every step of a loop).
import assert from 'node:assert/strict';
import { createHash } from 'crypto';
import * as tf from '../../../lib';
import { ValueError } from '../../../lib/framework/errors';

/** TF's DropoutWrapper._gen_seed, restated from its definition (md5 of str(seed) + salt). */
const tfSeed = (seed: number, salt: string, i: number) => parseInt(createHash('md5').update(`${seed}${salt}_${i}`).digest('hex').slice(0, 8), 16) & 0x7fffffff;

describe('DropoutWrapper', function () {
  this.timeout(60000);
  beforeEach(() => tf.reset_default_graph());

  it('variational_recurrent: the same input, state and output masks at every step of dynamic_rnn, as the equations say', () => {
    const [B, T, D, U, keep] = [3, 5, 4, 6, 0.5];
    const x = tf.placeholder(tf.float32, [B, T, D], 'x');
    const cell = tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.BasicRNNCell(U), {
      input_keep_prob: keep, state_keep_prob: keep, output_keep_prob: keep, variational_recurrent: true, input_size: D, dtype: tf.float32, seed: 7,
    });
    // The noise is drawn when the wrapper is made, one [1, size] tensor per part, each with its own seed.
    const noiseOps = ['random_uniform', 'random_uniform_1', 'random_uniform_2'].map((n) => tf.get_default_graph().get_operation_by_name(`${n}/RandomUniform`));
    noiseOps.forEach((op, k) => assert.equal(op.get_attr('seed2'), tfSeed(7, ['input', 'state', 'output'][k], 0)));
    const [outputs, state] = tf.nn.dynamic_rnn(cell, x, { dtype: tf.float32 }) as [tf.Tensor, tf.Tensor];
    const xs = Array.from({ length: B }, (_, b) => Array.from({ length: T }, (_, t) => Array.from({ length: D }, (_, d) => Math.sin(1 + b + 2 * t + 3 * d))));
    tf.Session((sess) => {
      sess.run(tf.global_variables_initializer());
      const [out, last, kernel, bias, ...noise] = sess.run([outputs, state, 'rnn/basic_rnn_cell/kernel:0', 'rnn/basic_rnn_cell/bias:0', ...noiseOps.map((op) => op.outputs[0].name.replace('/RandomUniform:0', ':0'))], { [x.name]: xs }) as tf.NDArray[];
      const [mIn, mState, mOut] = noise.map((n) => Array.from(n.values).map((v) => Math.floor(keep + v)));
      assert.ok(mOut.includes(0) || mState.includes(0) || mIn.includes(0));
      const k = kernel.toArray() as number[][], bv = Array.from(bias.values);
      const got = out.toArray() as number[][][], gotState = last.toArray() as number[][];
      for (let b = 0; b < B; b++) {
        let h = new Array<number>(U).fill(0);
        for (let t = 0; t < T; t++) {
          const v = [...xs[b][t].map((xi, d) => (xi / keep) * mIn[d]), ...h];
          const cellOut = bv.map((bj, j) => Math.tanh(v.reduce((s, vi, i) => s + vi * k[i][j], bj)));
          cellOut.forEach((c, j) => assert.ok(Math.abs(got[b][t][j] - (c / keep) * mOut[j]) < 1e-5, `output[${b}][${t}][${j}]`));
          h = cellOut.map((c, j) => (c / keep) * mState[j]);
        }
        h.forEach((v, j) => assert.ok(Math.abs(gotState[b][j] - v) < 1e-5, `state[${b}][${j}]`));
      }
    });
  });

  it('takes keep probabilities as tensors: a placeholder fed 1.0 keeps everything, one fed 0.5 drops about half', () => {
    const keep_prob = tf.placeholder(tf.float32, []);
    const x = tf.ones([4, 3, 2]);
    const cell = tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.BasicRNNCell(50), { output_keep_prob: keep_prob });
    const [outputs] = tf.nn.dynamic_rnn(cell, x, { dtype: tf.float32 }) as [tf.Tensor, tf.Tensor];
    const plain = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicRNNCell(50, { reuse: true }), x, { dtype: tf.float32, scope: 'rnn' })[0] as tf.Tensor;
    tf.Session((sess) => {
      sess.run(tf.global_variables_initializer());
      const [full, ref] = sess.run([outputs, plain], new Map([[keep_prob, 1.0]]));
      assert.deepEqual(Array.from(full.values), Array.from(ref.values));
      const [half, ref2] = sess.run([outputs, plain], new Map([[keep_prob, 0.5]]));
      const h = Array.from(half.values), r = Array.from(ref2.values);
      assert.ok(h.every((v, i) => v === 0 || Math.abs(v - 2 * r[i]) < 1e-5));
      const dropped = h.filter((v) => v === 0).length / h.length;
      assert.ok(dropped > 0.35 && dropped < 0.65, `dropped ${dropped}`);
    });
    // a constant tensor is a known probability, checked as a number is
    assert.throws(() => tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.BasicRNNCell(2), { input_keep_prob: tf.constant(1.5) }), /Parameter input_keep_prob must be between 0 and 1: 1/);
  });

  it('per-step dropout seeds each part as TF does, and leaves an LSTM\'s c to the default state filter', () => {
    const x = tf.ones([2, 3]);
    const cell = tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.BasicLSTMCell(40), { state_keep_prob: 0.5, output_keep_prob: 0.5, seed: 3 });
    const [out, state] = cell.__call__(x, cell.zero_state(2, tf.float32)) as [tf.Tensor, tf.nn.rnn_cell.LSTMStateTuple];
    const seeds = tf.get_default_graph().get_operations().filter((op) => op.type === 'RandomUniform' && op.name.includes('dropout')).map((op) => op.get_attr('seed2'));
    // The state's leaves are c (index 0, filtered out) and h (index 1); the output is leaf 0.
    assert.deepEqual(seeds, [tfSeed(3, 'state', 1), tfSeed(3, 'output', 0)]);
    tf.Session((sess) => {
      sess.run(tf.global_variables_initializer());
      const [c, h, o] = sess.run([state.c, state.h, out]) as tf.NDArray[];
      assert.ok(!Array.from(c.values).includes(0), 'c has no dropout');
      assert.ok(Array.from(h.values).includes(0) && Array.from(o.values).includes(0), 'h and the output do');
    });
  });

  it('raises TF\'s errors for variational_recurrent without dtype or input_size, and for a bad probability', () => {
    const lstm = () => tf.nn.rnn_cell.BasicLSTMCell(2);
    assert.throws(() => tf.nn.rnn_cell.DropoutWrapper(lstm(), { variational_recurrent: true }), (e: unknown) => e instanceof ValueError && /When variational_recurrent=True, dtype must be provided/.test(e.message));
    assert.throws(() => tf.nn.rnn_cell.DropoutWrapper(lstm(), { variational_recurrent: true, dtype: tf.float32, input_keep_prob: 0.9 }),
      (e: unknown) => e instanceof ValueError && /input_size must be provided/.test(e.message));
    assert.throws(() => tf.nn.rnn_cell.DropoutWrapper(lstm(), { output_keep_prob: 1.5 }), (e: unknown) => e instanceof ValueError && /Parameter output_keep_prob must be between 0 and 1: 1/.test(e.message));
    // TF's positional order: input_size, dtype, seed after variational_recurrent.
    const w = tf.nn.rnn_cell.DropoutWrapper(lstm(), 1.0, 0.5, 1.0, true, null, tf.float32, 5);
    assert.equal(tf.get_default_graph().get_operations().filter((op) => op.type === 'RandomUniform').length, 3);
    assert.ok(w instanceof tf.nn.rnn_cell.DropoutWrapper);
  });
});
