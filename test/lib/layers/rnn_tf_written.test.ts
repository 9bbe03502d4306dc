// A TF 1.11 graph with while loops (../shared/fixtures/tf-wild/seq2seq_tf111_dynamic_rnn): its
// bidirectional dynamic_rnn GRU encoder imported, restored and run here, against the GRU equations
// computed in this test from the checkpoint's own tensors.
import assert from 'node:assert/strict';
import * as path from 'path';
import * as tf from '../../../lib';
import { sharedFixtures } from '../train/helpers';

type Matrix = number[][];
const sig = (v: number) => 1 / (1 + Math.exp(-v));

/** One GRU step for one sequence: TF's GRUCell with kernels [input + units, 2·units] and [input + units, units]. */
function gruStep(x: number[], h: number[], w: { gk: Matrix; gb: number[]; ck: Matrix; cb: number[] }): number[] {
  const n = h.length;
  const affine = (v: number[], k: Matrix, b: number[]) => b.map((bj, j) => v.reduce((s, vi, i) => s + vi * k[i][j], bj));
  const gates = affine([...x, ...h], w.gk, w.gb).map(sig);
  const r = gates.slice(0, n), u = gates.slice(n);
  const c = affine([...x, ...h.map((v, i) => v * r[i])], w.ck, w.cb).map(Math.tanh);
  return h.map((v, i) => u[i] * v + (1 - u[i]) * c[i]);
}

describe('a TF-written while-loop graph: the seq2seq dynamic_rnn GRU encoder', function () {
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
});
