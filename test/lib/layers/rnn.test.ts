// tf.nn.rnn_cell and the RNN functions: each cell's values against the equations computed here by hand
// from its restored weights, TF 1.15's variable names, dynamic_rnn with sequence_length and time_major,
// static and bidirectional RNNs, raw_rnn, and gradients through dynamic_rnn.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '../../../lib';
import { checkGradient } from '../ops/gradient_check';

type Matrix = number[][];
const sig = (v: number) => 1 / (1 + Math.exp(-v));
/** [x, h] · W + b for one batch row. */
function affine(x: number[], h: number[], w: Matrix, b: number[]): number[] {
  const xh = [...x, ...h];
  return b.map((bj, j) => xh.reduce((s, v, k) => s + v * w[k][j], bj));
}
const rows = (a: tf.NDArray) => a.toArray() as Matrix;
const vec = (a: tf.NDArray) => a.toArray() as number[];

function assertNear(actual: number[] | Matrix, expected: number[] | Matrix, tol = 1e-5): void {
  const a = (actual as unknown[]).flat(2) as number[], e = (expected as unknown[]).flat(2) as number[];
  assert.equal(a.length, e.length);
  a.forEach((v, i) => assert.ok(Math.abs(v - e[i]) <= tol, `element ${i}: ${v} vs ${e[i]}`));
}

/** A [batch, time, depth] float32 input with distinct values. */
function inputs(batch: number, time: number, depth: number): tf.NDArray {
  return tf.NDArray.from(Array.from({ length: batch * time * depth }, (_, i) => Math.sin(1.3 * i) * 0.8), tf.float32).reshape([batch, time, depth]);
}
const step = (x: tf.NDArray, b: number, t: number) => (x.toArray() as number[][][])[b][t];

describe('tf.nn.rnn_cell and the RNN functions', () => {
  beforeEach(() => tf.reset_default_graph());

  it('BasicLSTMCell in dynamic_rnn: TF\'s names, hand-computed values, sequence_length copy-through', () => {
    const xv = inputs(2, 4, 3);
    const x = tf.placeholder(tf.float32, [2, 4, 3], 'x');
    const cell = new tf.nn.rnn_cell.BasicLSTMCell(5);
    const [out, state] = tf.nn.dynamic_rnn(cell, x, { sequence_length: [4, 2], dtype: tf.float32 });
    assert.deepEqual(tf.global_variables().map((v) => v.name), ['rnn/basic_lstm_cell/kernel:0', 'rnn/basic_lstm_cell/bias:0']);
    assert.equal(out.shape.toString(), '(2, 4, 5)');
    assert.ok(state instanceof tf.nn.rnn_cell.LSTMStateTuple);
    const s = state as tf.nn.rnn_cell.LSTMStateTuple;
    assert.ok(tf.get_default_graph().get_operations().some((o) => o.name === 'rnn/while/basic_lstm_cell/MatMul'));
    tf.Session((sess) => {
      sess.run(tf.global_variables_initializer());
      const [o, c, h, w, bias] = sess.run([out, s.c, s.h, cell.weights[0], cell.weights[1]], new Map([[x, xv]]));
      const W = rows(w), B = vec(bias);
      const lengths = [4, 2];
      for (let b = 0; b < 2; b++) {
        let cs = [0, 0, 0, 0, 0], hs = [0, 0, 0, 0, 0];
        for (let t = 0; t < 4; t++) {
          if (t >= lengths[b]) { assertNear((o.toArray() as Matrix[])[b][t], [0, 0, 0, 0, 0]); continue; }
          const g = affine(step(xv, b, t), hs, W, B);
          const [i, j, f, og] = [0, 1, 2, 3].map((k) => g.slice(5 * k, 5 * k + 5));
          cs = cs.map((cv, u) => cv * sig(f[u] + 1) + sig(i[u]) * Math.tanh(j[u]));
          hs = cs.map((cv, u) => Math.tanh(cv) * sig(og[u]));
          assertNear((o.toArray() as Matrix[])[b][t], hs);
        }
        assertNear(rows(c)[b], cs);
        assertNear(rows(h)[b], hs);
      }
    });
  });

  it('GRUCell and BasicRNNCell: TF\'s variable names and their equations, time_major inputs', () => {
    const xv = inputs(3, 2, 2);
    const x = tf.placeholder(tf.float32, [2, 3, 2], 'x');
    const gru = new tf.nn.rnn_cell.GRUCell(4);
    const [out, state] = tf.nn.dynamic_rnn(gru, x, { dtype: tf.float32, time_major: true, scope: 'gru' });
    assert.deepEqual(tf.global_variables().map((v) => v.name), ['gru/gru_cell/gates/kernel:0', 'gru/gru_cell/gates/bias:0', 'gru/gru_cell/candidate/kernel:0', 'gru/gru_cell/candidate/bias:0']);
    const basic = new tf.nn.rnn_cell.BasicRNNCell(3, { activation: tf.nn.relu });
    const [, basicState] = tf.nn.dynamic_rnn(basic, x, { dtype: tf.float32, time_major: true });
    assert.equal(tf.global_variables()[4].name, 'rnn/basic_rnn_cell/kernel:0');
    // Time-major: the fed value is [time, batch, depth].
    const fed = xv.reshape([2, 3, 2]);
    tf.Session((sess) => {
      sess.run(tf.global_variables_initializer());
      const [o, st, gk, gb, ck, cb, bs, bk, bb] = sess.run([out, state as tf.Tensor, ...gru.weights, basicState as tf.Tensor, ...basic.weights], new Map([[x, fed]]));
      const xs = fed.toArray() as number[][][];
      for (let b = 0; b < 3; b++) {
        let h = [0, 0, 0, 0];
        let hb = [0, 0, 0];
        for (let t = 0; t < 2; t++) {
          const gates = affine(xs[t][b], h, rows(gk), vec(gb)).map(sig);
          const [r, u] = [gates.slice(0, 4), gates.slice(4)];
          const cand = affine(xs[t][b], h.map((v, k) => v * r[k]), rows(ck), vec(cb)).map(Math.tanh);
          h = h.map((v, k) => u[k] * v + (1 - u[k]) * cand[k]);
          assertNear((o.toArray() as Matrix[])[t][b], h);
          hb = affine(xs[t][b], hb, rows(bk), vec(bb)).map((v) => Math.max(0, v));
        }
        assertNear(rows(st)[b], h);
        assertNear(rows(bs)[b], hb);
      }
    });
  });

  it('LSTMCell with peepholes, cell_clip and a projection', () => {
    const xv = inputs(1, 3, 2);
    const x = tf.placeholder(tf.float32, [1, 3, 2], 'x');
    const cell = new tf.nn.rnn_cell.LSTMCell(4, { use_peepholes: true, cell_clip: 0.5, num_proj: 2, forget_bias: 0.5 });
    const [out, state] = tf.nn.dynamic_rnn(cell, x, { dtype: tf.float32 });
    assert.deepEqual(tf.global_variables().map((v) => v.name),
      ['rnn/lstm_cell/kernel:0', 'rnn/lstm_cell/bias:0', 'rnn/lstm_cell/w_f_diag:0', 'rnn/lstm_cell/w_i_diag:0', 'rnn/lstm_cell/w_o_diag:0', 'rnn/lstm_cell/projection/kernel:0']);
    assert.equal(out.shape.toString(), '(1, 3, 2)');
    const s = state as tf.nn.rnn_cell.LSTMStateTuple;
    tf.Session((sess) => {
      sess.run(tf.global_variables_initializer());
      // The bias starts at zero: give it values so every term counts.
      sess.run(tf.assign(cell.weights[1], tf.constant(Array.from({ length: 16 }, (_, i) => 0.1 * (i % 5) - 0.2), { dtype: tf.float32 })));
      const [o, c, k, bias, wf, wi, wo, proj] = sess.run([out, s.c, ...cell.weights], new Map([[x, xv]]));
      let cs = [0, 0, 0, 0], m = [0, 0];
      for (let t = 0; t < 3; t++) {
        const g = affine(step(xv, 0, t), m, rows(k), vec(bias));
        const [i, j, f, og] = [0, 1, 2, 3].map((q) => g.slice(4 * q, 4 * q + 4));
        cs = cs.map((cv, u) => sig(f[u] + 0.5 + vec(wf)[u] * cv) * cv + sig(i[u] + vec(wi)[u] * cv) * Math.tanh(j[u]));
        cs = cs.map((v) => Math.min(0.5, Math.max(-0.5, v)));
        const hidden = cs.map((cv, u) => sig(og[u] + vec(wo)[u] * cv) * Math.tanh(cv));
        m = [0, 1].map((p) => hidden.reduce((acc, hv, u) => acc + hv * rows(proj)[u][p], 0));
        assertNear((o.toArray() as Matrix[])[0][t], m);
      }
      assertNear(rows(c)[0], cs);
    });
  });

  it('LSTMCell num_unit_shards/num_proj_shards: partitioned kernels saved as one checkpoint tensor each, restoring into an unsharded cell', () => {
    const xv = inputs(2, 3, 3);
    const build = (options: { num_unit_shards?: number; num_proj_shards?: number }) => {
      const x = tf.placeholder(tf.float32, [2, 3, 3], 'x');
      const cell = new tf.nn.rnn_cell.LSTMCell(5, { num_proj: 3, ...options });
      const [out] = tf.nn.dynamic_rnn(cell, x, { dtype: tf.float32 });
      return { x, cell, out };
    };
    const sharded = build({ num_unit_shards: 3, num_proj_shards: 2 });
    assert.deepEqual(tf.global_variables().map((v) => `${v.name} ${v.shape}`), [
      'rnn/lstm_cell/kernel/part_0:0 (2, 20)', 'rnn/lstm_cell/kernel/part_1:0 (2, 20)', 'rnn/lstm_cell/kernel/part_2:0 (2, 20)',
      'rnn/lstm_cell/bias:0 (20,)', 'rnn/lstm_cell/projection/kernel/part_0:0 (3, 3)', 'rnn/lstm_cell/projection/kernel/part_1:0 (2, 3)',
    ]);
    assert.deepEqual(sharded.cell.trainable_weights.map((v) => v.name), tf.global_variables().map((v) => v.name));
    // The parts are joined outside the loop, as TF's PartitionedVariable.as_tensor does.
    const concat = tf.get_default_graph().get_operation_by_name('rnn/lstm_cell/kernel/ConcatPartitions/concat');
    assert.equal(concat.type, 'ConcatV2');
    assert.equal(concat._control_flow_context, null);
    const grads = tf.gradients(tf.reduce_sum(sharded.out), sharded.cell.trainable_weights);
    assert.ok(grads.every((g) => g !== null));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lstm-shards-'));
    const prefix = path.join(dir, 'model');
    let expected!: tf.NDArray;
    tf.Session((sess) => {
      sess.run(tf.global_variables_initializer());
      expected = sess.run(sharded.out, new Map([[sharded.x, xv]]));
      const [k0, k1, k2, bias, p0, p1] = sess.run(sharded.cell.weights);
      // Hand computation from the joined parts.
      const K = [...rows(k0), ...rows(k1), ...rows(k2)], P = [...rows(p0), ...rows(p1)];
      for (let b = 0; b < 2; b++) {
        let cs = [0, 0, 0, 0, 0], m = [0, 0, 0];
        for (let t = 0; t < 3; t++) {
          const g = affine(step(xv, b, t), m, K, vec(bias));
          const [i, j, f, og] = [0, 1, 2, 3].map((q) => g.slice(5 * q, 5 * q + 5));
          cs = cs.map((cv, u) => sig(f[u] + 1) * cv + sig(i[u]) * Math.tanh(j[u]));
          const hidden = cs.map((cv, u) => sig(og[u]) * Math.tanh(cv));
          m = [0, 1, 2].map((p) => hidden.reduce((acc, hv, u) => acc + hv * P[u][p], 0));
          assertNear((expected.toArray() as Matrix[])[b][t], m);
        }
      }
      new tf.train.Saver().save(sess, prefix, { write_meta_graph: false });
    });
    assert.deepEqual(tf.train.list_variables(prefix), [
      ['rnn/lstm_cell/bias', [20]], ['rnn/lstm_cell/kernel', [6, 20]], ['rnn/lstm_cell/projection/kernel', [5, 3]],
    ]);
    tf.reset_default_graph();
    const whole = build({});
    tf.Session((sess) => {
      new tf.train.Saver().restore(sess, prefix);
      assertNear(rows(sess.run(whole.out, new Map([[whole.x, xv]])).reshape([6, 3])), rows(expected.reshape([6, 3])));
    });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('LSTMCell takes num_unit_shards and num_proj_shards positionally after proj_clip, as TF 1.15', () => {
    const cell = tf.nn.rnn_cell.LSTMCell(4, false, null, null, 2, null, 2, 2);
    const x = tf.placeholder(tf.float32, [1, 2, 3]);
    tf.nn.dynamic_rnn(cell, x, { dtype: tf.float32 });
    assert.deepEqual(tf.global_variables().map((v) => v.name), [
      'rnn/lstm_cell/kernel/part_0:0', 'rnn/lstm_cell/kernel/part_1:0', 'rnn/lstm_cell/bias:0',
      'rnn/lstm_cell/projection/kernel/part_0:0', 'rnn/lstm_cell/projection/kernel/part_1:0',
    ]);
  });

  it('LSTMCell and BasicLSTMCell name their ops as TF 1.15\'s call makes them (Python operators add/mul; math_ops Add/Mul)', () => {
    /** The ops one step of `cell` adds, in creation order, without its variables'. */
    const stepOps = (cell: tf.nn.rnn_cell.RNNCell, state: 'tuple' | 'concat') => {
      const x = tf.placeholder(tf.float32, [2, 3], 'x');
      const s = state === 'tuple' ? cell.zero_state(2, tf.float32) : tf.placeholder(tf.float32, [2, cell.state_size as number], 's');
      const before = new Set(tf.get_default_graph().get_operations());
      cell.__call__(x, s);
      return tf.get_default_graph().get_operations().filter((op) => !before.has(op) && !op.name.includes('/Initializer') && !['VariableV2', 'Identity', 'Assign'].includes(op.type)).map((op) => op.name);
    };
    const scoped = (scope: string, names: string) => names.split(' ').map((n) => `${scope}/${n}`);
    // LSTMCell: `sigmoid(f + forget_bias + w_f_diag * c_prev) * c_prev + ...`, left to right; then clips and the projection.
    assert.deepEqual(stepOps(new tf.nn.rnn_cell.LSTMCell(4, { use_peepholes: true, cell_clip: 3, num_proj: 2, proj_clip: 1 }), 'tuple'), scoped('lstm_cell',
      'concat/axis concat MatMul BiasAdd Const split/split_dim split add/y add mul add_1 Sigmoid mul_1 mul_2 add_2 Sigmoid_1 Tanh mul_3 add_3 '
      + 'clip_by_value/Minimum/y clip_by_value/Minimum clip_by_value/y clip_by_value mul_4 add_4 Sigmoid_2 Tanh_1 mul_5 MatMul_1 '
      + 'clip_by_value_1/Minimum/y clip_by_value_1/Minimum clip_by_value_1/y clip_by_value_1'));
    tf.reset_default_graph();
    // A concatenated state is sliced apart (Slice, Slice_1) and joined again.
    assert.deepEqual(stepOps(new tf.nn.rnn_cell.LSTMCell(4, { state_is_tuple: false }), 'concat'), scoped('lstm_cell',
      'Slice/begin Slice/size Slice Slice_1/begin Slice_1/size Slice_1 concat/axis concat MatMul BiasAdd Const split/split_dim split '
      + 'add/y add Sigmoid mul Sigmoid_1 Tanh mul_1 add_1 Sigmoid_2 Tanh_1 mul_2 concat_1/axis concat_1'));
    tf.reset_default_graph();
    // BasicLSTMCell: one int32 axis constant first (Const), splits along it; forget bias a constant of its own.
    assert.deepEqual(stepOps(new tf.nn.rnn_cell.BasicLSTMCell(4), 'tuple'), scoped('basic_lstm_cell',
      'Const concat/axis concat MatMul BiasAdd Const_1 split Const_2 Add Sigmoid Mul Sigmoid_1 Tanh Mul_1 Add_1 Tanh_1 Sigmoid_2 Mul_2'));
    tf.reset_default_graph();
    assert.deepEqual(stepOps(new tf.nn.rnn_cell.BasicLSTMCell(4, { state_is_tuple: false }), 'concat'), scoped('basic_lstm_cell',
      'Const Const_1 split concat/axis concat MatMul BiasAdd Const_2 split_1 Const_3 Add Sigmoid Mul Sigmoid_1 Tanh Mul_1 Add_1 Tanh_1 Sigmoid_2 Mul_2 concat_1/axis concat_1'));
  });

  it('LSTMCell and BasicLSTMCell with a concatenated state compute what their tuple-state twins compute', () => {
    const x = tf.placeholder(tf.float32, [2, 3], 'x');
    const init = tf.random_normal_initializer(0, 0.5, 3);
    const variants: [string, (tuple: boolean) => tf.nn.rnn_cell.RNNCell][] = [
      ['lstm', (tuple) => new tf.nn.rnn_cell.LSTMCell(4, { state_is_tuple: tuple, num_proj: 2, use_peepholes: true, initializer: init })],
      ['basic', (tuple) => new tf.nn.rnn_cell.BasicLSTMCell(4, { state_is_tuple: tuple })],
    ];
    for (const [name, make] of variants) {
      const tupleCell = make(true), concatCell = make(false);
      const depth = tupleCell.output_size as number;
      const c0 = tf.constant(Array.from({ length: 8 }, (_, i) => 0.3 * Math.cos(i)), { dtype: tf.float32, shape: [2, 4] });
      const h0 = tf.constant(Array.from({ length: 2 * depth }, (_, i) => 0.2 * Math.sin(i)), { dtype: tf.float32, shape: [2, depth] });
      const [outT, stT] = tf.variable_scope(name, () => tupleCell.__call__(x, new tf.nn.rnn_cell.LSTMStateTuple(c0, h0)));
      const [outC, stC] = tf.variable_scope(name, { reuse: true }, () => concatCell.__call__(x, tf.concat([c0, h0], 1)));
      const st = stT as tf.nn.rnn_cell.LSTMStateTuple;
      tf.Session((sess) => {
        sess.run(tf.global_variables_initializer());
        const xv = tf.NDArray.from([[0.5, -0.2, 0.9], [-0.7, 0.1, 0.3]], tf.float32);
        const [a, b, c, d] = sess.run([outT, tf.concat([st.c, st.h], 1), outC, stC as tf.Tensor], new Map([[x, xv]]));
        assertNear(rows(c), rows(a));
        assertNear(rows(d), rows(b));
      });
    }
  });

  it('MultiRNNCell names its layers cell_0, cell_1; wrappers add no scope; static_rnn equals dynamic_rnn', () => {
    const xv = inputs(2, 3, 2);
    const x = tf.placeholder(tf.float32, [2, 3, 2], 'x');
    const stacked = new tf.nn.rnn_cell.MultiRNNCell([
      new tf.nn.rnn_cell.DropoutWrapper(new tf.nn.rnn_cell.BasicLSTMCell(3), { output_keep_prob: 1.0 }),
      new tf.nn.rnn_cell.ResidualWrapper(new tf.nn.rnn_cell.GRUCell(3)),
    ]);
    const [dynOut] = tf.nn.dynamic_rnn(stacked, x, { dtype: tf.float32 });
    assert.deepEqual(tf.global_variables().map((v) => v.name), [
      'rnn/multi_rnn_cell/cell_0/basic_lstm_cell/kernel:0', 'rnn/multi_rnn_cell/cell_0/basic_lstm_cell/bias:0',
      'rnn/multi_rnn_cell/cell_1/gru_cell/gates/kernel:0', 'rnn/multi_rnn_cell/cell_1/gru_cell/gates/bias:0',
      'rnn/multi_rnn_cell/cell_1/gru_cell/candidate/kernel:0', 'rnn/multi_rnn_cell/cell_1/gru_cell/candidate/bias:0',
    ]);
    // The same cells unrolled statically in the same scope reuse those variables.
    const [staticOut] = tf.variable_scope('rnn', { reuse: true }, () => tf.nn.static_rnn(stacked, tf.unstack(x, { axis: 1 }), { dtype: tf.float32, scope: null }));
    assert.equal(tf.global_variables().length, 6);
    assert.equal(staticOut.length, 3);
    assert.ok(tf.contrib.rnn.BasicLSTMCell === tf.nn.rnn_cell.BasicLSTMCell);
    assert.ok(tf.contrib.rnn.static_rnn === tf.nn.static_rnn && tf.contrib.rnn.static_bidirectional_rnn === tf.nn.static_bidirectional_rnn);
    tf.Session((sess) => {
      sess.run(tf.global_variables_initializer());
      const feeds = new Map([[x, xv]]);
      const d = sess.run(dynOut, feeds).toArray() as Matrix[];
      const st = sess.run(staticOut, feeds) as tf.NDArray[];
      st.forEach((a, t) => assertNear(rows(a), d.map((row) => row[t])));
    });
  });

  it('static_bidirectional_rnn computes what bidirectional_dynamic_rnn does with the same weights, its ops placed and named as TF\'s', () => {
    const xv = inputs(2, 3, 2);
    const x = tf.placeholder(tf.float32, [2, 3, 2], 'x');
    const fw = new tf.nn.rnn_cell.GRUCell(2), bw = new tf.nn.rnn_cell.LSTMCell(3);
    const [outs, stFw, stBw] = tf.nn.static_bidirectional_rnn(fw, bw, tf.unstack(x, { axis: 1 }), { sequence_length: [3, 2], dtype: tf.float32 });
    assert.deepEqual(tf.global_variables().map((v) => v.name), [
      'bidirectional_rnn/fw/gru_cell/gates/kernel:0', 'bidirectional_rnn/fw/gru_cell/gates/bias:0',
      'bidirectional_rnn/fw/gru_cell/candidate/kernel:0', 'bidirectional_rnn/fw/gru_cell/candidate/bias:0',
      'bidirectional_rnn/bw/lstm_cell/kernel:0', 'bidirectional_rnn/bw/lstm_cell/bias:0',
    ]);
    // The inputs are reversed in the bw scope; the backward outputs put back in order and joined outside the scope.
    const graph = tf.get_default_graph();
    assert.equal(graph.get_operation_by_name('bidirectional_rnn/bw/ReverseSequence').type, 'ReverseSequence');
    assert.equal(graph.get_operation_by_name('bidirectional_rnn/bw/unstack').type, 'Unpack');
    assert.equal(graph.get_operation_by_name('ReverseSequence').type, 'ReverseSequence');
    assert.deepEqual(outs.map((o) => o.op.name), ['concat', 'concat_1', 'concat_2']);
    assert.equal(outs[0].shape.toString(), '(2, 5)');
    const [[dynFw, dynBw], [dynStFw, dynStBw]] = tf.variable_scope('', { reuse: true }, () => tf.nn.bidirectional_dynamic_rnn(fw, bw, x, { sequence_length: [3, 2], dtype: tf.float32 }));
    assert.equal(tf.global_variables().length, 6, 'the dynamic run reuses the static run\'s variables');
    tf.Session((sess) => {
      sess.run(tf.global_variables_initializer());
      const lstm = (s: unknown) => s as tf.nn.rnn_cell.LSTMStateTuple;
      const [f, b, sf, sbc, sbh, ssf, ssbc, ssbh, ...so] = sess.run([dynFw, dynBw, dynStFw as tf.Tensor, lstm(dynStBw).c, lstm(dynStBw).h, stFw as tf.Tensor, lstm(stBw).c, lstm(stBw).h, ...outs], new Map([[x, xv]])) as tf.NDArray[];
      so.forEach((o, t) => assertNear(rows(o), (f.toArray() as Matrix[]).map((row, k) => [...row[t], ...(b.toArray() as Matrix[])[k][t]])));
      assertNear(rows(ssf), rows(sf));
      assertNear(rows(ssbc), rows(sbc));
      assertNear(rows(ssbh), rows(sbh));
    });
  });

  it('sequence_length: the Selects that copy finished sequences through sit with the cell\'s new values, as TF colocates them', () => {
    const x = tf.placeholder(tf.float32, [2, 3, 2], 'x');
    tf.nn.dynamic_rnn(new tf.nn.rnn_cell.GRUCell(2), x, { sequence_length: [3, 2], dtype: tf.float32 });
    const selects = tf.get_default_graph().get_operations().filter((op) => op.type === 'Select');
    assert.deepEqual(selects.map((op) => [op.name, op.colocation_groups()]), [
      ['rnn/while/Select', ['loc:@rnn/while/gru_cell/add']], ['rnn/while/Select_1', ['loc:@rnn/while/gru_cell/add']],
    ]);
  });

  it('bidirectional_dynamic_rnn runs the backward cell on each sequence reversed within its length', () => {
    const xv = inputs(2, 3, 2);
    const x = tf.placeholder(tf.float32, [2, 3, 2], 'x');
    const fw = new tf.nn.rnn_cell.GRUCell(2), bw = new tf.nn.rnn_cell.GRUCell(2);
    const [[outFw, outBw], [stFw, stBw]] = tf.nn.bidirectional_dynamic_rnn(fw, bw, x, { sequence_length: [3, 2], dtype: tf.float32 });
    assert.deepEqual(tf.global_variables().map((v) => v.name).filter((n) => n.includes('gates/kernel')),
      ['bidirectional_rnn/fw/gru_cell/gates/kernel:0', 'bidirectional_rnn/bw/gru_cell/gates/kernel:0']);
    assert.ok(tf.get_default_graph().get_operations().some((o) => o.name.startsWith('bidirectional_rnn/fw/fw/while/')));
    // The backward direction alone, on the reversed input, with the same (reused) weights.
    const reversedX = tf.reverse_sequence(x, [3, 2], { seq_axis: 1, batch_axis: 0 });
    const [alone, aloneState] = tf.variable_scope('bidirectional_rnn/bw', { reuse: true }, () => tf.nn.dynamic_rnn(bw, reversedX, { sequence_length: [3, 2], dtype: tf.float32, scope: null }));
    tf.Session((sess) => {
      sess.run(tf.global_variables_initializer());
      const feeds = new Map([[x, xv]]);
      const [b, a, sb, sa, f, sf] = sess.run([outBw, tf.reverse_sequence(alone, [3, 2], { seq_axis: 1, batch_axis: 0 }), stBw as tf.Tensor, aloneState as tf.Tensor, outFw, stFw as tf.Tensor], feeds);
      assertNear(b.toArray() as Matrix[] as unknown as Matrix, a.toArray() as Matrix[] as unknown as Matrix);
      assertNear(rows(sb), rows(sa));
      // The forward state of the shorter sequence is its output at its last step.
      assertNear(rows(sf)[1], (f.toArray() as Matrix[])[1][1]);
    });
  });

  it('raw_rnn feeds each step what loop_fn decides and stops when every sequence is finished', () => {
    const cell = new tf.nn.rnn_cell.BasicRNNCell(2);
    const start = tf.constant([[1, 0], [0, 1]], { dtype: tf.float32 });
    const lengths = tf.constant([3, 1]);
    const [emitTa, finalState] = tf.nn.raw_rnn(cell, (time, output, state) => {
      const next = output === null ? start : output;
      return [tf.greater_equal(time, lengths), next, state ?? cell.zero_state(2, tf.float32), null, null];
    });
    const emitted = emitTa.stack();
    tf.Session((sess) => {
      sess.run(tf.global_variables_initializer());
      const [e, s, k, b] = sess.run([emitted, finalState as tf.Tensor, ...cell.weights]);
      assert.deepEqual(e.shape, [3, 2, 2]);
      let h = [[0, 0], [0, 0]], input = rows(sess.run(start));
      const steps = [3, 1];
      for (let t = 0; t < 3; t++) {
        const next = h.map((hr, r) => (t < steps[r] ? affine(input[r], hr, rows(k), vec(b)).map(Math.tanh) : hr));
        (e.toArray() as Matrix[])[t].forEach((row, r) => assertNear(row, t < steps[r] ? next[r] : [0, 0]));
        h = next;
        input = next;
      }
      assertNear(rows(s), h);
    });
  });

  it('differentiates through dynamic_rnn (finite differences) and trains an LSTM', () => {
    checkGradient((x) => tf.nn.dynamic_rnn(new tf.nn.rnn_cell.BasicLSTMCell(3), x, { sequence_length: [3, 1], dtype: tf.float64 })[0], [{ shape: [2, 3, 2] }], 41);
    tf.reset_default_graph();
    const x = tf.constant(inputs(4, 5, 1));
    const target = tf.reduce_sum(x, 1).mul(2).add(1);
    const [, state] = tf.nn.dynamic_rnn(new tf.nn.rnn_cell.LSTMCell(8), x, { dtype: tf.float32 });
    const prediction = tf.layers.dense((state as tf.nn.rnn_cell.LSTMStateTuple).h, 1);
    const loss = tf.reduce_mean(tf.square(prediction.sub(target)));
    const train = new tf.train.AdamOptimizer(0.05).minimize(loss);
    tf.Session((sess) => {
      sess.run(tf.global_variables_initializer());
      const first = sess.run(loss).item() as number;
      for (let i = 0; i < 100; i++) sess.run(train);
      const last = sess.run(loss).item() as number;
      assert.ok(last < first * 0.05, `the sum of a sequence is learnt: loss ${first} → ${last}`);
    });
  });

  it('raises clear errors', () => {
    const x = tf.placeholder(tf.float32, [2, 3, 2]);
    assert.throws(() => tf.nn.dynamic_rnn(new tf.nn.rnn_cell.GRUCell(2), x), /If there is no initial_state, you must give a dtype/);
    assert.throws(() => tf.nn.dynamic_rnn(new tf.nn.rnn_cell.GRUCell(2), x, { dtype: tf.float32, sequence_length: [[1]] }), /sequence_length must be a vector/);
    assert.throws(() => new tf.nn.rnn_cell.MultiRNNCell([]), /at least one cell/);
    // Cells take Python's call forms: with or without new, arguments by keyword.
    const byKeyword = tf.nn.rnn_cell.GRUCell({ num_units: 3, name: 'g' });
    assert.ok(byKeyword instanceof tf.nn.rnn_cell.GRUCell && byKeyword.num_units === 3);
    assert.throws(() => tf.nn.rnn_cell.BasicLSTMCell({ units: 3 } as never), /BasicLSTMCell\(\) got an unexpected keyword argument 'units'/);
    assert.throws(() => tf.nn.dynamic_rnn({} as never, x, { dtype: tf.float32 }), /cell must be an instance of RNNCell/);
    tf.Session((sess) => {
      // A static mismatch fails at graph construction; one known only at run time fails the Assert.
      assert.throws(() => tf.nn.dynamic_rnn(new tf.nn.rnn_cell.GRUCell(2), x, { dtype: tf.float32, sequence_length: tf.constant([1, 2, 3]), scope: 'static' }), /Dimensions must be equal, but are 3 and 2/);
      const lengths = tf.placeholder(tf.int32, [null], 'lengths');
      const [out] = tf.nn.dynamic_rnn(new tf.nn.rnn_cell.GRUCell(2), x, { dtype: tf.float32, sequence_length: lengths, scope: 'checked' });
      sess.run(tf.global_variables_initializer());
      assert.throws(() => sess.run(out, new Map([[x, inputs(2, 3, 2)], [lengths, tf.NDArray.from([1, 2, 3], tf.int32)]])), /Expected shape for Tensor .* is /);
    });
  });
});
