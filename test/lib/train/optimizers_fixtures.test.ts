// Training graphs written by TensorFlow 1.x (fixtures): imported, restored, and one run of their
// train_op changes the variables exactly as the optimizer's formula says.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { fixture } from './helpers';

const f32 = Math.fround;

function load(meta: string, ckpt: string) {
  tf.reset_default_graph();
  const saver = tf.train.import_meta_graph(fixture(meta));
  assert.ok(saver);
  const g = tf.get_default_graph();
  const sess = new tf.Session();
  saver.restore(sess, fixture(ckpt));
  const [trainOp] = g.get_collection<tf.Operation>(tf.GraphKeys.TRAIN_OP);
  const value = (name: string) => Array.from(sess.run(g.get_tensor_by_name(name)).values);
  return { g, sess, trainOp, value, t: (name: string) => g.get_tensor_by_name(name) };
}

function assertAllClose(actual: readonly number[], expected: readonly number[], tol: number): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((a, i) => assert.ok(Math.abs(a - expected[i]) <= tol * Math.max(1, Math.abs(expected[i])), `element ${i}: ${a} vs ${expected[i]}`));
}

const rows = (r: number, c: number, phase: number) => Array.from({ length: r }, (_, i) => Array.from({ length: c }, (_, j) => Math.sin(i * 7 + j + phase)));

describe('TensorFlow-written training graphs', () => {
  it('linear-regression (sigmoid + log loss): one GradientDescent step is W - lr * X^T (sigmoid(XW) - y) / n', () => {
    const { sess, trainOp, value, t } = load('linear-regression/smovetf.ckpt.meta', 'linear-regression/smovetf.ckpt');
    assert.equal(trainOp.name, 'GradientDescent');
    const X = rows(4, 21, 0), y = [1, 0, 1, 0];
    const w0 = value('W:0');
    sess.run(trainOp, new Map([[t('X:0'), X], [t('Placeholder:0'), y.map((v) => [v])]]) as tf.FeedDict);
    const lr = f32(9.999999747378752e-6);
    // The loss is -mean(y log o + (1-y) log(1-o)) over the [n, 1] outputs: dL/dz = (o - y) / n.
    const dz = X.map((row, i) => {
      const z = row.reduce((s, x, j) => s + x * w0[j], 0);
      return (1 / (1 + Math.exp(-z)) - y[i]) / X.length;
    });
    const expected = w0.map((w, j) => w - lr * X.reduce((s, row, i) => s + row[j] * dz[i], 0));
    assertAllClose(value('W:0'), expected, 1e-6);
    assert.notDeepEqual(value('W:0'), w0);
  });

  it('udacity-intro (softmax cross-entropy): GradientDescent moves the bias by lr * mean(softmax - labels)', () => {
    const { sess, trainOp, value, t } = load('udacity-intro/train_model.ckpt.meta', 'udacity-intro/train_model.ckpt');
    const X = rows(3, 784, 1).map((r) => r.map((v) => v * 0.05));
    const labels = [0, 1, 9].map((k) => Array.from({ length: 10 }, (_, j) => (j === k ? 1 : 0)));
    const w = value('Variable:0'), b0 = value('Variable_1:0');
    const feeds = new Map([[t('Placeholder:0'), X], [t('Placeholder_1:0'), labels]]) as tf.FeedDict;
    sess.run(trainOp, feeds);
    const lr = f32(0.001);
    const meanDelta = new Array(10).fill(0);
    X.forEach((row, i) => {
      const logits = b0.map((b, c) => b + row.reduce((s, x, k) => s + x * w[k * 10 + c], 0));
      const m = Math.max(...logits);
      const e = logits.map((l) => Math.exp(l - m));
      const z = e.reduce((a, b) => a + b, 0);
      e.forEach((v, c) => { meanDelta[c] += (v / z - labels[i][c]) / X.length; });
    });
    assertAllClose(value('Variable_1:0'), b0.map((b, c) => b - lr * meanDelta[c]), 1e-5);
  });

  it('adam-classifier: one Adam step follows the formula from the restored slots and beta powers', () => {
    const { sess, trainOp, value, t } = load('adam-classifier/model.ckpt.meta', 'adam-classifier/model.ckpt');
    assert.equal(trainOp.name, 'Adam');
    // Small inputs keep the model's output inside its clip_by_value range [1e-10, 1], where gradients flow.
    const x = [[0.03, 0.02], [0.01, 0.04], [0.05, 0.01], [0.02, 0.02]];
    const feeds = new Map([[t('x-input:0'), x], [t('y-input:0'), [[1], [0], [1], [1]]]]) as tf.FeedDict;
    const before = {
      v: value('Variable:0'), m: value('Variable/Adam:0'), s: value('Variable/Adam_1:0'),
      p1: value('beta1_power:0')[0], p2: value('beta2_power:0')[0],
    };
    // The gradient as TF's own gradient sub-graph computes it, evaluated before the step.
    const grad = Array.from(sess.run(t('gradients/MatMul_grad/tuple/control_dependency_1:0'), feeds).values);
    // By hand: loss = -mean(y log(x V V1)) over 4 outputs, so dL/dV[i][j] = sum_n x[n][i] (-y[n] / (4 out[n])) V1[j].
    const v1 = value('Variable_1:0'), y = [1, 0, 1, 1];
    const out = x.map((row) => [0, 1, 2].reduce((acc, j) => acc + (row[0] * before.v[j] + row[1] * before.v[3 + j]) * v1[j], 0));
    const dOut = out.map((o, n) => -y[n] / (4 * o));
    assertAllClose(grad, [0, 1].flatMap((i) => [0, 1, 2].map((j) => x.reduce((acc, row, n) => acc + row[i] * dOut[n] * v1[j], 0))), 1e-5);
    sess.run(trainOp, feeds);
    const lr = f32(0.001), b1 = f32(0.9), b2 = f32(0.999), eps = f32(1e-8);
    const lrT = (lr * Math.sqrt(1 - before.p2)) / (1 - before.p1);
    const m = before.m.map((mi, i) => mi + (grad[i] - mi) * (1 - b1));
    const s = before.s.map((si, i) => si + (grad[i] * grad[i] - si) * (1 - b2));
    assertAllClose(value('Variable/Adam:0'), m, 1e-6);
    assertAllClose(value('Variable/Adam_1:0'), s, 1e-6);
    assertAllClose(value('Variable:0'), before.v.map((v, i) => v - (m[i] * lrT) / (Math.sqrt(s[i]) + eps)), 1e-6);
    assertAllClose([value('beta1_power:0')[0], value('beta2_power:0')[0]], [before.p1 * b1, before.p2 * b2], 1e-6);
  });
});
