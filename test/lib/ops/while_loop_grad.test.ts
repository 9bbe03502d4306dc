// Gradients through tf.while_loop as TF 1.x builds them (a gradient loop under gradients/, forward
// values on stacks), checked against finite differences.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { checkGradient } from './gradient_check';
import { run } from './helpers';

const f64 = (v: number) => tf.constant(v, { dtype: tf.float64 });

describe('gradients of tf.while_loop', () => {
  beforeEach(() => tf.reset_default_graph());

  it('builds a gradient loop in gradients/ with TF\'s counters, stacks and accumulators', () => {
    const x = tf.placeholder(tf.float64, [], 'x');
    const [, y] = tf.while_loop((i, v) => tf.less(i, 3), (i, v) => [i.add(1), v.mul(x)], [tf.constant(0), f64(1)]);
    const [g] = (tf.gradients(y, [x]) as tf.Tensor[]);
    const graph = tf.get_default_graph();
    const op = (name: string) => graph.get_operation_by_name(name);
    // The forward loop counts its iterations; the gradient loop counts them down.
    assert.equal(op('gradients/f_count_1').type, 'Enter');
    assert.equal(op('gradients/f_count_1').get_attr('frame_name'), 'while/while_context');
    assert.equal(op('gradients/f_count_2').type, 'Exit');
    assert.deepEqual(op('gradients/b_count_1').node_def.input, ['gradients/f_count_2']);
    assert.equal(op('gradients/b_count_2').type, 'LoopCond');
    assert.equal(op('gradients/while/Exit_1_grad/b_exit').get_attr('frame_name'), 'gradients/while/while_context');
    assert.equal(op('gradients/while/Switch_1_grad/b_switch').type, 'Merge');
    assert.deepEqual(op('gradients/while/Switch_1_grad/b_switch').node_def.input, ['gradients/while/Exit_1_grad/b_exit', 'gradients/while/Switch_1_grad_1/NextIteration']);
    // The value v of each iteration is pushed in the forward loop and popped in the gradient loop.
    const types = graph.get_operations().map((o) => o.type);
    for (const t of ['StackV2', 'StackPushV2', 'StackPopV2']) assert.ok(types.includes(t), `${t} missing`);
    assert.deepEqual(op('gradients/while/mul_grad/Mul_1/StackPushV2').node_def.input, ['gradients/while/mul_grad/Mul_1/Enter', 'while/Identity_1', '^gradients/Add']);
    // The invariant x gets its gradient summed over the iterations.
    assert.equal(op('gradients/while/mul/Enter_grad/b_acc_3').type, 'Exit');
    assert.equal(g!.op.name, 'gradients/while/mul/Enter_grad/b_acc_3');
    tf.Session((sess) => {
      assert.deepEqual(sess.run([y, g!], { 'x:0': 2 }).map((a) => a.item()), [8, 12]);
      // Stacks are made anew each run.
      assert.deepEqual(sess.run([y, g!], { 'x:0': 3 }).map((a) => a.item()), [27, 27]);
    });
  });

  it('matches finite differences for loop variables and invariants', () => {
    checkGradient((x, w) => tf.while_loop((i, v) => tf.less(i, 4), (i, v) => [i.add(1), tf.tanh(tf.matmul(v, w).add(x))], [tf.constant(0), x])[1],
      [{ shape: [2, 3] }, { shape: [3, 3] }], 1);
  });

  it('matches finite differences for several loop variables that feed each other', () => {
    checkGradient((a, b) => {
      const [, p, q] = tf.while_loop((i, p, q) => tf.less(i, 3), (i, p, q) => [i.add(1), p.mul(q).add(1), tf.sin(p).add(q)], [tf.constant(0), a, b]);
      return p.add(q.mul(2));
    }, [{ shape: [3] }, { shape: [3] }], 2);
  });

  it('runs as many gradient iterations as the forward loop ran, however many that was', () => {
    const x = tf.placeholder(tf.float64, [], 'x');
    const n = tf.placeholder(tf.int32, [], 'n');
    const [, y] = tf.while_loop((i, v) => tf.less(i, n), (i, v) => [i.add(1), v.mul(x)], [tf.constant(0, { dtype: tf.int32 }), f64(1)]);
    const [g] = (tf.gradients(y, [x]) as tf.Tensor[]);
    tf.Session((sess) => {
      for (const k of [0, 1, 5]) {
        assert.deepEqual(sess.run([y, g!], { 'x:0': 2, 'n:0': k }).map((a) => a.item()), [2 ** k, k === 0 ? 0 : k * 2 ** (k - 1)]);
      }
    });
  });

  it('respects maximum_iterations and works with parallel_iterations 1', () => {
    for (const parallel of [1, 10]) {
      checkGradient((x) => tf.while_loop((v) => tf.less(tf.reduce_sum(v), 1e9), (v) => v.mul(v).add(0.1), [x], { maximum_iterations: 3, parallel_iterations: parallel }),
        [{ shape: [2] }], 3);
    }
  });

  it('differentiates a sequence read with gather inside the loop (an RNN over time)', () => {
    checkGradient((seq, w, h0) => {
      const steps = tf.getitem(tf.shape(seq), 0);
      const [, h] = tf.while_loop((t, h) => tf.less(t, steps), (t, h) => [t.add(1), tf.tanh(tf.matmul(h, w).add(tf.gather(seq, t)))], [tf.constant(0, { dtype: tf.int32 }), h0]);
      return h;
    }, [{ shape: [4, 1, 3] }, { shape: [3, 3] }, { shape: [1, 3] }], 4);
  });

  it('differentiates nested loops', () => {
    checkGradient((x, y) => tf.while_loop((i, v) => tf.less(i, 2),
      (i, v) => [i.add(1), tf.while_loop((j, u) => tf.less(j, 3), (j, u) => [j.add(1), tf.sin(u.mul(y))], [tf.constant(0), v])[1].add(x)],
      [tf.constant(0), x])[1], [{ shape: [2] }, { shape: [2] }], 5);
  });

  it('differentiates a tf.cond inside the loop (each iteration takes its own branch)', () => {
    checkGradient((x) => tf.while_loop((i, v) => tf.less(i, 4),
      (i, v) => [i.add(1), tf.cond(tf.equal(tf.floormod(i, 2), 0), () => v.mul(v), () => tf.sin(v).add(x))], [tf.constant(0), x])[1],
    [{ shape: [3] }], 6);
  });

  it('gives zeros for loop variables the result does not use, and handles variables independent of their last value', () => {
    checkGradient((x, y) => {
      const [, a] = tf.while_loop((i, a, b) => tf.less(i, 3), (i, a, b) => [i.add(1), a.mul(b), b.add(y)], [tf.constant(0), x, y]);
      return a;
    }, [{ shape: [2] }, { shape: [2] }], 7);
    checkGradient((x, y) => tf.while_loop((i, a, b) => tf.less(i, 3), (i, a, b) => [i.add(1), b.mul(y), a], [tf.constant(0), x, y])[1],
      [{ shape: [2] }, { shape: [2] }], 8);
  });

  it('honours back_prop: false and tf.stop_gradient', () => {
    const x = tf.placeholder(tf.float64, [], 'x');
    const noBackprop = tf.while_loop((v) => tf.less(v, 100), (v) => v.mul(x), [x], { back_prop: false });
    assert.deepEqual((tf.gradients(noBackprop, [x]) as tf.Tensor[]), [null]);
    const stopped = tf.while_loop((i, v) => tf.less(i, 3), (i, v) => [i.add(1), v.mul(tf.stop_gradient(x))], [tf.constant(0), x])[1];
    const [g] = (tf.gradients(stopped, [x]) as tf.Tensor[]);
    // Only the entry value counts: d(x * c^3)/dx with c = x held constant.
    assert.equal(run(g!, { 'x:0': 2 }).item(), 8);
  });

  it('differentiates a loop over a variable and trains it with an optimizer', () => {
    const w = tf.Variable(tf.constant([0.5, -0.3], { dtype: tf.float64 }), { name: 'w' });
    const [, y] = tf.while_loop((i, v) => tf.less(i, 3), (i, v) => [i.add(1), tf.tanh(v.mul(w)).add(1)], [tf.constant(0), tf.ones([2], tf.float64)]);
    const loss = tf.reduce_sum(tf.square(y.sub(tf.constant([1.2, 0.4], { dtype: tf.float64 }))));
    const train = new tf.train.GradientDescentOptimizer(0.5).minimize(loss);
    tf.Session((sess) => {
      sess.run(tf.global_variables_initializer());
      const before = sess.run(loss).item() as number;
      for (let k = 0; k < 50; k++) sess.run(train);
      assert.ok((sess.run(loss).item() as number) < before * 0.1, 'the loss falls');
    });
  });
});
