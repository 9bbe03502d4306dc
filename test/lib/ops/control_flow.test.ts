import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { switch_ } from '../../../lib/ops/control_flow_ops';

describe('tf.cond', () => {
  beforeEach(() => tf.reset_default_graph());

  it('builds the sub-graph TF 1.x builds: Switch, pivots, pred_id, Switch per outside input (in its consumer\'s scope), Merge', () => {
    const x = tf.placeholder(tf.float32, [], 'x');
    const y = tf.cond(x.lt(0), () => x.neg(), () => x.mul(10));
    assert.equal(y.name, 'cond/Merge:0');
    const names = tf.get_default_graph().get_operations().map((o) => `${o.name}:${o.type}`);
    for (const n of ['cond/Switch:Switch', 'cond/switch_t:Identity', 'cond/switch_f:Identity', 'cond/pred_id:Identity',
      'cond/Neg/Switch:Switch', 'cond/Neg:Neg', 'cond/mul/Switch:Switch', 'cond/mul:Mul', 'cond/Merge:Merge']) {
      assert.ok(names.includes(n), `${n} missing from ${names.join(' ')}`);
    }
    // A constant inside a branch hangs on the branch's pivot, so it is dead when the branch is not taken.
    assert.deepEqual(tf.get_default_graph().get_operation_by_name('cond/mul/y').control_inputs.map((o) => o.name), ['cond/switch_f']);
    tf.Session((sess) => {
      assert.equal(sess.run(y, { 'x:0': -3 }).item(), 3);
      assert.equal(sess.run(y, { 'x:0': 2 }).item(), 20);
    });
  });

  it('runs only the branch taken: side effects, nested conditionals, lists of results', () => {
    const v = tf.Variable(0, { name: 'counter' });
    const flag = tf.placeholder(tf.bool, [], 'flag');
    const update = tf.cond(flag, () => v.assign_add(1), () => v.assign_sub(1));
    const p = tf.placeholder(tf.float32, [], 'p');
    const nested = tf.cond(p.gt(0), () => tf.cond(p.gt(10), () => tf.constant(2, tf.float32), () => tf.constant(1, tf.float32)), () => tf.constant(0, tf.float32));
    const pair = tf.cond(tf.constant(false), () => [tf.constant(1), tf.constant(2)], () => [tf.constant(3), tf.constant(4)]) as tf.Tensor[];
    tf.Session((sess) => {
      sess.run(v.initializer);
      for (const f of [true, true, false]) sess.run(update, { 'flag:0': f });
      assert.equal(sess.run(v).item(), 1);
      assert.deepEqual([-1, 5, 50].map((x) => sess.run(nested, new Map([[p, x]])).item()), [0, 1, 2]);
      assert.deepEqual(sess.run(pair).map((a) => a.item()), [3, 4]);
    });
  });

  it('builds the Switch for an outside input outside control_dependencies, so either nested branch can use it (TF\'s AddValue)', () => {
    const x = tf.placeholder(tf.float32, [], 'x'), z = tf.placeholder(tf.float32, [], 'z');
    // The inner true branch reads x under a control dependency first; the outer branch's Switch of x,
    // which the inner false branch reads too, must not wait for that branch's Assert.
    const y = tf.cond(z.gt(10), () => z, () => tf.cond(z.gt(5), () => {
      const check = tf.Assert(z.gt(6), ['z must exceed 6']);
      return tf.get_default_graph().control_dependencies([check], () => x.mul(2));
    }, () => x.mul(3)));
    const outer = tf.get_default_graph().get_operations().filter((o) => o.type === 'Switch' && o.inputs[0] === x);
    assert.ok(outer.length > 0 && outer.every((o) => o.control_inputs.length === 0), outer.map((o) => o.name).join(' '));
    const sess = new tf.Session();
    try {
      const at = (v: number) => (sess.run(y, new Map([[z, v], [x, 100]])) as tf.NDArray).values[0];
      assert.equal(at(11), 11);
      assert.equal(at(8), 200);
      assert.equal(at(1), 300);
      assert.throws(() => at(6), /z must exceed 6/);
    } finally { sess.close(); }
  });

  it('refuses a fetch from the branch not taken, and mismatched or ill-typed branches', () => {
    const [whenFalse] = switch_(tf.constant(5), tf.constant(true));
    tf.Session((sess) => assert.throws(() => sess.run(whenFalse), /Retval\[0\] does not have value/));
    assert.throws(() => tf.cond(tf.constant(true), () => tf.constant(1, { dtype: tf.int32 }), () => tf.constant(1.5)), /Outputs of true_fn and false_fn must have the same type: int32, float32/);
    assert.throws(() => tf.cond(tf.constant(true), () => [tf.constant(1)], () => tf.constant(1)), /must have the same structure/);
    assert.throws(() => tf.cond(tf.constant(1, { dtype: tf.int32 }), () => tf.constant(1), () => tf.constant(2)), /Value passed to parameter 'pred' has DataType int32 not in list of allowed values: bool/);
  });

  it('differentiates through the branch taken, and trains a variable inside one', () => {
    const x = tf.placeholder(tf.float32, [], 'x');
    const y = tf.cond(x.lt(0), () => x.mul(x), () => x.mul(3));
    const g = (tf.gradients(y, [x]) as tf.Tensor[])[0]!;
    const w = tf.Variable(tf.constant(2, tf.float32), { name: 'w' });
    const loss = tf.cond(tf.constant(true), () => w.mul(w), () => tf.constant(0, tf.float32));
    const train = new tf.train.GradientDescentOptimizer(0.1).minimize(loss);
    tf.Session((sess) => {
      assert.deepEqual(sess.run([y, g], { 'x:0': -2 }).map((a) => a.item()), [4, -4]);
      assert.deepEqual(sess.run([y, g], { 'x:0': 4 }).map((a) => a.item()), [12, 3]);
      sess.run(w.initializer);
      sess.run(train);
      assert.ok(Math.abs((sess.run(w).item() as number) - 1.6) < 1e-6);
    });
  });
});
