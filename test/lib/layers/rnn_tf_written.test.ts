// A TF 1.11 graph with while loops (../shared/fixtures/tf-wild/seq2seq_tf111_dynamic_rnn): its
// bidirectional dynamic_rnn GRU encoder and raw_rnn decoder imported, restored and run here, against the GRU
// equations computed in this test from the checkpoint's own tensors; tf.gradients of its loss through both
// loops against finite differences. A TF 1.1 static BasicLSTMCell graph (aplain_tf11_static_lstm) run from a state
// chosen here against the LSTM equations over its checkpoint.
import assert from 'node:assert/strict';
import * as path from 'path';
import * as tf from '../../../lib';
import { sharedFixtures } from '../train/helpers';

type Matrix = number[][];
const sig = (v: number) => 1 / (1 + Math.exp(-v));

/** One GRU step for one sequence: TF's GRUCell with kernels [input + units, 2·units] and [input + units, units]. */
function gruStep(x: number[], h: number[], w: GruWeights): number[] {
  const n = h.length;
  const affine = (v: number[], k: Matrix, b: number[]) => b.map((bj, j) => v.reduce((s, vi, i) => s + vi * k[i][j], bj));
  const gates = affine([...x, ...h], w.gk, w.gb).map(sig);
  const r = gates.slice(0, n), u = gates.slice(n);
  const c = affine([...x, ...h.map((v, i) => v * r[i])], w.ck, w.cb).map(Math.tanh);
  return h.map((v, i) => u[i] * v + (1 - u[i]) * c[i]);
}

type GruWeights = { gk: Matrix; gb: number[]; ck: Matrix; cb: number[] };

/** The GRU cell's four tensors under `prefix` in the checkpoint. */
function gruWeights(tensor: (name: string) => unknown, prefix: string): GruWeights {
  return { gk: tensor(`${prefix}/gates/kernel`) as Matrix, gb: tensor(`${prefix}/gates/bias`) as number[], ck: tensor(`${prefix}/candidate/kernel`) as Matrix, cb: tensor(`${prefix}/candidate/bias`) as number[] };
}

const affineRow = (v: number[], k: Matrix, b: number[]) => b.map((bj, j) => v.reduce((s, vi, i) => s + vi * k[i][j], bj));
const argmax = (v: number[]) => v.reduce((best, x, i) => (x > v[best] ? i : best), 0);

describe('a TF-written while-loop graph: the seq2seq dynamic_rnn GRU encoder and raw_rnn decoder', function () {
  this.timeout(60000);
  const dir = path.join(sharedFixtures('tf-wild'), 'seq2seq_tf111_dynamic_rnn');

  it('imports, restores and runs the bidirectional GRU encoder as the equations say', () => {
    tf.reset_default_graph();
    const saver = tf.train.import_meta_graph(path.join(dir, 'model.ckpt.meta'))!;
    const reader = tf.train.load_checkpoint(path.join(dir, 'model.ckpt'));
    const tensor = (name: string) => reader.get_tensor(name).toArray() as Matrix;
    const prefix = 'encoder/bidirectional_rnn/fw/gru_cell';
    const w = { gk: tensor(`${prefix}/gates/kernel`), gb: tensor(`${prefix}/gates/bias`) as unknown as number[], ck: tensor(`${prefix}/candidate/kernel`), cb: tensor(`${prefix}/candidate/bias`) as unknown as number[] };
    const embedding = tensor('encoder/encoder_embedding');
    const tokens = [[3, 4, 5, 0], [6, 7, 0, 0]], lengths = [3, 2];
    tf.Session((sess) => {
      saver.restore(sess, path.join(dir, 'model.ckpt'));
      const feeds = { 'seq_inputs:0': tf.NDArray.from(tokens, tf.int32), 'seq_inputs_length:0': tf.NDArray.from(lengths, tf.int32) };
      const [fw, bw, sum, bwOutputs] = sess.run(['encoder/bidirectional_rnn/fw/fw/while/Exit_3:0', 'encoder/bidirectional_rnn/bw/bw/while/Exit_3:0', 'encoder/Add:0', 'encoder/ReverseSequence:0'], feeds) as tf.NDArray[];
      assert.deepEqual(fw.shape, [2, 50]);
      tokens.forEach((seq, b) => {
        const xs = seq.slice(0, lengths[b]).map((t) => embedding[t]);
        // Forward over the sequence's own length; backward over it reversed (the same cell's weights: the model shares them).
        let hf = new Array<number>(50).fill(0), hb = new Array<number>(50).fill(0);
        for (const x of xs) hf = gruStep(x, hf, w);
        const backward: number[][] = [];
        for (const x of [...xs].reverse()) { hb = gruStep(x, hb, w); backward.unshift(hb); }
        const close = (got: number[], want: number[], what: string) => want.forEach((v, i) => assert.ok(Math.abs(got[i] - v) < 1e-4, `${what}[${i}]: ${got[i]} vs ${v}`));
        close((fw.toArray() as Matrix)[b], hf, `fw state ${b}`);
        close((bw.toArray() as Matrix)[b], hb, `bw state ${b}`);
        close((sum.toArray() as Matrix)[b], hf.map((v, i) => v + hb[i]), `encoder/Add ${b}`);
        // The backward outputs, reversed back to input order; zeros past the sequence's length.
        const outs = (bwOutputs.toArray() as Matrix[])[b];
        backward.forEach((h, t) => close(outs[t], h, `bw output ${b},${t}`));
        for (let t = lengths[b]; t < 4; t++) close(outs[t], new Array<number>(50).fill(0), `bw output ${b},${t}`);
      });
    });
  });

  // The decoder's batch is fixed at 128 by the graph (its GO/EOS token constants), so the inputs are 128 sequences.
  const B = 128, units = 50, classes = 13;
  const inLengths = Array.from({ length: B }, (_, b) => 1 + (b % 4));
  const inputs = inLengths.map((n, b) => [0, 1, 2, 3].map((t) => (t < n ? 3 + ((b * 7 + t * 3) % 10) : 0)));
  // Target lengths 0..3: a sequence of length 0 is finished before the first step (its outputs stay zero).
  const targetLengths = Array.from({ length: B }, (_, b) => (b * 5) % 4);
  const steps = Math.max(...targetLengths);
  const targets = Array.from({ length: B }, (_, b) => Array.from({ length: steps }, (_, t) => (b + 3 * t) % classes));
  const feeds = () => ({
    'seq_inputs:0': tf.NDArray.from(inputs, tf.int32), 'seq_inputs_length:0': tf.NDArray.from(inLengths, tf.int32),
    'seq_targets:0': tf.NDArray.from(targets, tf.int32), 'seq_targets_length:0': tf.NDArray.from(targetLengths, tf.int32),
  });

  /**
   * The model by hand: the encoder's two directions summed, then raw_rnn's loop_fn as the graph has it (GO first,
   * then the embedding of the argmax of the cell's own projection; outputs zero and state kept once a sequence is
   * finished; loop until all are), and the masked mean cross entropy of `Mean`.
   */
  function reference(tensor: (name: string) => unknown) {
    const enc = gruWeights(tensor, 'encoder/bidirectional_rnn/fw/gru_cell'), dec = gruWeights(tensor, 'decoder/rnn/gru_cell');
    const encEmbedding = tensor('encoder/encoder_embedding') as Matrix, decEmbedding = tensor('decoder/decoder_embedding') as Matrix;
    const outW = tensor('decoder/decoder_out_W') as Matrix, outB = tensor('decoder/decoder_out_b') as number[];
    const logits: Matrix[] = [], states: Matrix = [];
    let loss = 0;
    for (let b = 0; b < B; b++) {
      const xs = inputs[b].slice(0, inLengths[b]).map((t) => encEmbedding[t]);
      let hf = new Array<number>(units).fill(0), hb = new Array<number>(units).fill(0);
      for (const x of xs) hf = gruStep(x, hf, enc);
      for (const x of [...xs].reverse()) hb = gruStep(x, hb, enc);
      let h = hf.map((v, i) => v + hb[i]), input = decEmbedding[1], finished = targetLengths[b] <= 0;
      const rows: Matrix = [];
      for (let t = 0; t < steps; t++) {
        const out = gruStep(input, h, dec);
        const emitted = finished ? new Array<number>(units).fill(0) : out;
        if (!finished) h = out;
        rows.push(affineRow(emitted, outW, outB));
        // The next input: the argmax token of this step's output (the last step's EOS input is never used).
        input = decEmbedding[argmax(affineRow(out, outW, outB))];
        finished = finished || t + 1 >= targetLengths[b];
      }
      rows.forEach((row, t) => {
        if (t >= targetLengths[b]) return;
        const top = Math.max(...row);
        loss += Math.log(row.reduce((s, v) => s + Math.exp(v - top), 0)) + top - row[targets[b][t]];
      });
      logits.push(rows);
      states.push(h);
    }
    return { logits, states, loss: loss / (B * steps) };
  }

  it('runs the raw_rnn decoder (a tf.cond inside its loop) as the equations say, and its loss', () => {
    tf.reset_default_graph();
    const saver = tf.train.import_meta_graph(path.join(dir, 'model.ckpt.meta'))!;
    const reader = tf.train.load_checkpoint(path.join(dir, 'model.ckpt'));
    const want = reference((name) => reader.get_tensor(name).toArray());
    tf.Session((sess) => {
      saver.restore(sess, path.join(dir, 'model.ckpt'));
      const [logits, state, loss] = sess.run(['decoder/Reshape_1:0', 'decoder/rnn/while/Exit_4:0', 'Mean:0'], feeds()) as tf.NDArray[];
      assert.deepEqual(logits.shape, [B, steps, classes]);
      const got = logits.toArray() as Matrix[], gotState = state.toArray() as Matrix;
      for (let b = 0; b < B; b++) {
        for (let t = 0; t < steps; t++) want.logits[b][t].forEach((v, k) => assert.ok(Math.abs(got[b][t][k] - v) < 1e-3, `logits[${b}][${t}][${k}]: ${got[b][t][k]} vs ${v}`));
        want.states[b].forEach((v, i) => assert.ok(Math.abs(gotState[b][i] - v) < 1e-4, `state[${b}][${i}]: ${gotState[b][i]} vs ${v}`));
      }
      assert.ok(Math.abs((loss.item() as number) - want.loss) < 1e-4, `loss ${loss.item()} vs ${want.loss}`);
    });
  });

  it('differentiates the loss through the decoder and encoder loops as finite differences do', () => {
    tf.reset_default_graph();
    const saver = tf.train.import_meta_graph(path.join(dir, 'model.ckpt.meta'))!;
    const graph = tf.get_default_graph();
    const names = ['decoder/rnn/gru_cell/gates/kernel', 'decoder/rnn/gru_cell/candidate/bias', 'decoder/decoder_embedding', 'decoder/decoder_out_W', 'encoder/bidirectional_rnn/fw/gru_cell/candidate/kernel', 'encoder/encoder_embedding'];
    const loss = graph.get_tensor_by_name('Mean:0');
    const grads = tf.gradients(loss, names.map((n) => graph.get_tensor_by_name(`${n}:0`)));
    tf.Session((sess) => {
      saver.restore(sess, path.join(dir, 'model.ckpt'));
      // The embeddings' gradients are IndexedSlices (a Gather's gradient), made dense here as TF's conversion does.
      const values = sess.run(grads.map((g) => tf.convert_to_tensor(g!)), feeds()) as tf.NDArray[];
      names.forEach((name, n) => {
        const g = Array.from(values[n].values as Float32Array);
        const w = sess.run(`${name}:0`) as tf.NDArray, flat = Array.from(w.values as Float32Array);
        const norm = Math.sqrt(g.reduce((s, v) => s + v * v, 0));
        assert.ok(norm > 1e-6, `${name}: gradient is zero`);
        // The derivative along the gradient's own direction (its norm), by central differences on the read value.
        const h = 1e-2;
        const lossAt = (d: number) => {
          const moved = new tf.NDArray(tf.float32, w.shape, Float32Array.from(flat, (v, i) => v + (d * g[i]) / norm));
          return (sess.run(loss, { ...feeds(), [`${name}/read:0`]: moved }) as tf.NDArray).item() as number;
        };
        const fd = (lossAt(h) - lossAt(-h)) / (2 * h);
        assert.ok(Math.abs(fd - norm) < 2e-4 + 5e-3 * norm, `${name}: |gradient| ${norm} vs finite difference ${fd}`);
      });
    });
  });
});

describe('a TF 1.1 static LSTM graph (Split per step): aplain_tf11_static_lstm', function () {
  this.timeout(60000);
  const dir = path.join(sharedFixtures('tf-wild'), 'aplain_tf11_static_lstm');

  it('imports, restores and runs its 10-step BasicLSTMCell from any state as the LSTM equations over the checkpoint say', () => {
    tf.reset_default_graph();
    const saver = tf.train.import_meta_graph(path.join(dir, 'model.ckpt.meta'))!;
    const graph = tf.get_default_graph();
    // The file's own forget bias (TF 1.1 adds it as a constant to the forget gate).
    const forgetBias = graph.get_operation_by_name('inference/rnn/basic_lstm_cell/add/y').get_attr('value') as tf.NDArray;
    const reader = tf.train.load_checkpoint(path.join(dir, 'model.ckpt'));
    const tensor = (name: string) => reader.get_tensor(name).toArray();
    const w1 = (tensor('inference/weight1') as Matrix)[0], b1 = tensor('inference/bias1') as number[];
    const w2 = tensor('inference/weight2') as Matrix, b2 = tensor('inference/bias2') as number[];
    const kernel = tensor('rnn/basic_lstm_cell/weights') as Matrix, bias = tensor('rnn/basic_lstm_cell/biases') as number[];
    const units = 80, batch = 2, steps = 10;
    const xs = Array.from({ length: batch }, (_, b) => Array.from({ length: steps }, (_, t) => [Math.sin(0.7 * t + b)]));
    const state0 = Array.from({ length: batch }, (_, b) => Array.from({ length: 2 * units }, (_, k) => 0.3 * Math.cos(0.11 * k + b)));
    const lastH = graph.get_operation_by_name('inference/MatMul_1').inputs[0];
    tf.Session((sess) => {
      saver.restore(sess, path.join(dir, 'model.ckpt'));
      const [y, h] = sess.run(['inference/add_1:0', lastH], { 'input:0': tf.NDArray.from(xs, tf.float32), 'istate:0': tf.NDArray.from(state0, tf.float32) }) as tf.NDArray[];
      for (let b = 0; b < batch; b++) {
        let c = state0[b].slice(0, units), hb = state0[b].slice(units);
        for (let t = 0; t < steps; t++) {
          const projected = w1.map((w, k) => xs[b][t][0] * w + b1[k]);
          const g = affineRow([...projected, ...hb], kernel, bias);
          const [i, j, f, o] = [0, 1, 2, 3].map((q) => g.slice(q * units, (q + 1) * units));
          c = c.map((cv, u) => cv * sig(f[u] + (forgetBias.item() as number)) + sig(i[u]) * Math.tanh(j[u]));
          hb = c.map((cv, u) => Math.tanh(cv) * sig(o[u]));
        }
        hb.forEach((v, u) => assert.ok(Math.abs((h.toArray() as Matrix)[b][u] - v) < 1e-4, `h[${b}][${u}]: ${(h.toArray() as Matrix)[b][u]} vs ${v}`));
        const want = affineRow(hb, w2, b2)[0];
        assert.ok(Math.abs((y.toArray() as Matrix)[b][0] - want) < 1e-4, `output ${b}: ${(y.toArray() as Matrix)[b][0]} vs ${want}`);
      }
    });
  });
});
