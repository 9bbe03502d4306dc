// Optimizers: each update formula against a hand computation for two steps, TF's names for slots,
// update ops and the global step, convergence of a small model, and save/restore mid-training.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '../../../lib';

const f32 = Math.fround;
const START = [0.5, -1.5, 2];
const C = [1, -2, 0.25];

/**
 * v (float64) with loss = sum(c * v) + 0.5 * sum(v²), so grad = c + v: the hand computation can
 * follow two steps exactly. Hyper-parameters are float32 constants cast to float64, as TF builds them.
 */
function setup(makeOptimizer: () => tf.train.Optimizer) {
  tf.reset_default_graph();
  const v = tf.Variable(tf.constant(START, { dtype: tf.float64 }), { name: 'v' });
  const c = tf.constant(C, { dtype: tf.float64 });
  const loss = tf.add(tf.reduce_sum(tf.multiply(c, v)), tf.multiply(tf.reduce_sum(tf.square(v)), 0.5));
  const optimizer = makeOptimizer();
  const train = optimizer.minimize(loss);
  const sess = new tf.Session();
  sess.run(tf.global_variables_initializer());
  const values = () => Array.from(sess.run(v).values);
  return { v, optimizer, train, sess, values };
}

function assertAllClose(actual: readonly number[], expected: readonly number[], tol = 1e-12): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((a, i) => assert.ok(Math.abs(a - expected[i]) <= tol * Math.max(1, Math.abs(expected[i])), `element ${i}: ${a} vs ${expected[i]}`));
}

/** Runs `steps` hand-computed updates; `update` gets (value, grad, per-element state) and returns the new value. */
function hand<S>(steps: number, init: () => S, update: (v: number, g: number, s: S, step: number) => number): number[] {
  return START.map((v0, i) => {
    let v = v0;
    const s = init();
    for (let t = 1; t <= steps; t++) v = update(v, C[i] + v, s, t);
    return v;
  });
}

describe('optimizers', () => {
  it('GradientDescent: v -= lr * g, under GradientDescent/update_v/ApplyGradientDescent', () => {
    const { train, sess, values } = setup(() => new tf.train.GradientDescentOptimizer(0.1));
    assert.equal(train.name, 'GradientDescent');
    const update = tf.get_default_graph().get_operation_by_name('GradientDescent/update_v/ApplyGradientDescent');
    assert.deepEqual(update.node_def.input.slice(0, 2), ['v', 'GradientDescent/update_v/Cast']);
    assert.deepEqual(update.colocation_groups(), ['loc:@v']);
    const before = sess.run(tf.get_default_graph().get_tensor_by_name('v:0'));
    sess.run(train); sess.run(train);
    assertAllClose(values(), hand(2, () => null, (v, g) => v - f32(0.1) * g));
    assertAllClose(Array.from(before.values), START, 0); // a fetched value never changes afterwards
  });

  for (const nesterov of [false, true]) {
    it(`Momentum${nesterov ? ' (Nesterov)' : ''}: accum = m * accum + g; slot v/Momentum`, () => {
      const { optimizer, train, sess, values, v } = setup(() => new tf.train.MomentumOptimizer(0.1, 0.9, { use_nesterov: nesterov }));
      assert.equal(optimizer.get_slot(v, 'momentum')!.op.name, 'v/Momentum');
      sess.run(train); sess.run(train);
      const lr = f32(0.1), m = f32(0.9);
      assertAllClose(values(), hand(2, () => ({ a: 0 }), (x, g, s) => {
        s.a = s.a * m + g;
        return nesterov ? x - (g * lr + s.a * m * lr) : x - lr * s.a;
      }));
    });
  }

  it('Adam: slots v/Adam and v/Adam_1, beta1_power and beta2_power, bias-corrected steps', () => {
    const { optimizer, train, sess, values, v } = setup(() => new tf.train.AdamOptimizer(0.1));
    const g = tf.get_default_graph();
    assert.equal(optimizer.get_slot(v, 'm')!.op.name, 'v/Adam');
    assert.equal(optimizer.get_slot(v, 'v')!.op.name, 'v/Adam_1');
    assert.deepEqual(optimizer.get_slot_names(), ['m', 'v']);
    assert.deepEqual(optimizer.variables().map((x) => x.op.name), ['beta1_power', 'beta2_power', 'v/Adam', 'v/Adam_1']);
    assert.deepEqual(g.get_operation_by_name('beta1_power').colocation_groups(), ['loc:@v']);
    assert.deepEqual(g.get_operation_by_name('Adam/update_v/ApplyAdam').node_def.input.slice(0, 3), ['v', 'v/Adam', 'v/Adam_1']);
    assert.deepEqual(g.get_operation_by_name('Adam').control_inputs.map((o) => o.name), ['Adam/update_v/ApplyAdam', 'Adam/Assign', 'Adam/Assign_1']);
    sess.run(train); sess.run(train);
    const lr = f32(0.1), b1 = f32(0.9), b2 = f32(0.999), eps = f32(1e-8);
    const powers = [[b1, b2], [f32(b1 * b1), f32(b2 * b2)]];
    assertAllClose(values(), hand(2, () => ({ m: 0, s: 0 }), (x, grad, st, t) => {
      const [p1, p2] = powers[t - 1];
      const lrT = (lr * Math.sqrt(1 - p2)) / (1 - p1);
      st.m += (grad - st.m) * (1 - b1);
      st.s += (grad * grad - st.s) * (1 - b2);
      return x - (st.m * lrT) / (Math.sqrt(st.s) + eps);
    }));
    assertAllClose([sess.run(g.get_tensor_by_name('beta1_power:0')).item() as number], [powers[1][0] * b1], 1e-6);
  });

  for (const centered of [false, true]) {
    it(`RMSProp${centered ? ' (centered)' : ''}: rms starts at ones; slots v/RMSProp, v/RMSProp_1${centered ? ', v/RMSProp_2' : ''}`, () => {
      const { optimizer, train, sess, values, v } = setup(() => new tf.train.RMSPropOptimizer(0.01, { momentum: 0.5, centered }));
      assert.equal(optimizer.get_slot(v, 'rms')!.op.name, 'v/RMSProp');
      assert.equal(optimizer.get_slot(v, 'momentum')!.op.name, centered ? 'v/RMSProp_2' : 'v/RMSProp_1');
      sess.run(train); sess.run(train);
      const lr = f32(0.01), rho = f32(0.9), mom = f32(0.5), eps = f32(1e-10);
      assertAllClose(values(), hand(2, () => ({ ms: 1, mg: 0, m: 0 }), (x, g, s) => {
        s.ms += (g * g - s.ms) * (1 - rho);
        s.mg += (g - s.mg) * (1 - rho);
        const denom = centered ? s.ms - s.mg * s.mg + eps : s.ms + eps;
        s.m = mom * s.m + (lr * g) / Math.sqrt(denom);
        return x - s.m;
      }));
    });
  }

  it('Adagrad: accumulator v/Adagrad starts at initial_accumulator_value', () => {
    const { optimizer, train, sess, values, v } = setup(() => new tf.train.AdagradOptimizer(0.5));
    assert.equal(optimizer.get_slot(v, 'accumulator')!.op.name, 'v/Adagrad');
    sess.run(train); sess.run(train);
    assertAllClose(values(), hand(2, () => ({ a: 0.1 }), (x, g, s) => { s.a += g * g; return x - (f32(0.5) * g) / Math.sqrt(s.a); }));
  });

  it('global_step: get_or_create_global_step, incremented by minimize as the op named after the optimizer', () => {
    tf.reset_default_graph();
    assert.equal(tf.train.get_global_step(), null);
    const step = tf.train.get_or_create_global_step();
    assert.equal(tf.train.get_or_create_global_step(), step);
    assert.throws(() => tf.train.create_global_step(), { message: '"global_step" already exists.' });
    const w = tf.Variable(tf.constant(1, { dtype: tf.float32 }), { name: 'w' });
    const train = new tf.train.GradientDescentOptimizer(0.25).minimize(tf.square(w), { global_step: step });
    assert.equal(train.type, 'AssignAdd');
    assert.equal(train.name, 'GradientDescent');
    // As in TF, the increment's value constant is built inside the control block and carries the
    // dependency; the AssignAdd consuming it is dominated and gets none of its own.
    assert.deepEqual(train.control_inputs.map((o) => o.name), []);
    assert.deepEqual(train.inputs[1].op.control_inputs.map((o) => o.name), ['GradientDescent/update']);
    assert.deepEqual(tf.get_default_graph().get_collection(tf.GraphKeys.TRAIN_OP), [train]);
    const sess = new tf.Session();
    sess.run(tf.global_variables_initializer());
    sess.run(train); sess.run(train); sess.run(train);
    assert.equal(tf.train.global_step(sess, step), 3);
    assert.equal(sess.run(w).item(), 0.125);
  });

  it('apply_gradients skips null gradients; minimize refuses a loss without gradients', () => {
    tf.reset_default_graph();
    const a = tf.Variable(tf.constant(1, { dtype: tf.float32 }), { name: 'a' });
    const b = tf.Variable(tf.constant(2, { dtype: tf.float32 }), { name: 'b' });
    const opt = new tf.train.GradientDescentOptimizer(0.1);
    const gv = opt.compute_gradients(tf.square(a));
    assert.deepEqual(gv.map(([g, v]) => [g === null, v.op.name]), [[false, 'a'], [true, 'b']]);
    const op = opt.apply_gradients(gv);
    assert.deepEqual(op.control_inputs.map((o) => o.name), ['GradientDescent/update_a/ApplyGradientDescent']);
    assert.throws(() => opt.minimize(tf.multiply(tf.constant(2, { dtype: tf.float32 }), 3), { var_list: [b] }), { name: 'ValueError', message: /No gradients provided for any variable/ });
    assert.throws(() => opt.minimize(tf.cast(tf.square(a), tf.int32)), { name: 'ValueError', message: /Invalid type int32/ });
  });

  it('apply_gradients takes the pairs a translated zip(grads, tvars) makes: clipped gradients beside variables, as arrays or tuples', () => {
    tf.reset_default_graph();
    const w = tf.Variable(tf.constant([1, 2], { dtype: tf.float32 }), { name: 'w' });
    const b = tf.Variable(tf.constant(3, { dtype: tf.float32 }), { name: 'b' });
    const loss = tf.reduce_sum(tf.square(w)).add(b.mul(10));
    const opt = tf.train.GradientDescentOptimizer(0.1);
    // capped_gvs = [(tf.clip_by_value(grad, -1., 1.), var) for grad, var in gvs]
    const capped = opt.compute_gradients(loss).map(([grad, v]) => [tf.clip_by_value(grad!, -1., 1.), v]);
    const train = opt.apply_gradients(capped);
    // grads = tf.gradients(loss, tvars); opt.apply_gradients(zip(grads, tvars))
    const tvars = tf.trainable_variables();
    const [clipped] = tf.clip_by_global_norm(tf.gradients(loss, tvars), 100);
    const zipped = opt.apply_gradients(clipped.map((g, i) => [g, tvars[i]] as const));
    const sess = tf.Session();
    sess.run(tf.global_variables_initializer());
    sess.run(train);
    assertAllClose(Array.from(sess.run(w).values), [0.9, 1.9], 1e-6);
    assertAllClose([sess.run(b).item() as number], [2.9], 1e-6);
    sess.run(zipped);
    assertAllClose(Array.from(sess.run(w).values), [0.72, 1.52], 1e-6);
    assertAllClose([sess.run(b).item() as number], [1.9], 1e-6);
    assert.throws(() => opt.apply_gradients([[tf.constant(1), w, b]]), { name: 'ValueError', message: 'too many values to unpack (expected 2)' });
    assert.throws(() => opt.apply_gradients([[w]]), { name: 'ValueError', message: 'not enough values to unpack (expected 2, got 1)' });
    assert.throws(() => opt.apply_gradients([[w, tf.constant(1)]]), { name: 'TypeError', message: /trying to update variable of unsupported type/ });
  });

  it('minimizes over tf.get_collection(TRAINABLE_VARIABLES, scope) as var_list (a GAN\'s generator and discriminator)', () => {
    tf.reset_default_graph();
    const x = tf.placeholder(tf.float32, [null, 2]);
    const gen = tf.variable_scope('Generator', () => tf.layers.dense(x, 2));
    const disc = tf.variable_scope('Discriminator', () => tf.layers.dense(gen, 1));
    const loss = tf.reduce_mean(tf.square(disc));
    const gen_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, 'Generator');
    const disc_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, { scope: 'Discriminator' });
    assert.deepEqual(gen_vars.map((v) => v.op.name), ['Generator/dense/kernel', 'Generator/dense/bias']);
    assert.deepEqual(tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, 'Disc').map((v) => v.op.name), ['Discriminator/dense/kernel', 'Discriminator/dense/bias']);
    const train_disc = tf.train.AdamOptimizer(0.1).minimize(loss, { var_list: disc_vars });
    const sess = tf.Session();
    sess.run(tf.global_variables_initializer());
    const before = sess.run(gen_vars.map((v) => v.value()));
    sess.run(train_disc, new Map([[x, [[1, 2]]]]));
    const after = sess.run(gen_vars.map((v) => v.value()));
    assert.deepEqual(after.map((a) => Array.from(a.values)), before.map((b) => Array.from(b.values)), 'the generator is left alone');
  });

  it('a linear regression converges with gradient descent and with Adam', () => {
    for (const make of [() => new tf.train.GradientDescentOptimizer(0.05), () => new tf.train.AdamOptimizer(0.05)]) {
      tf.reset_default_graph();
      const xs = Array.from({ length: 20 }, (_, i) => [i / 10, Math.sin(i)]);
      const ys = xs.map(([p, q]) => [3 * p - 2 * q + 0.5]);
      const x = tf.placeholder(tf.float32, [null, 2]);
      const y = tf.placeholder(tf.float32, [null, 1]);
      const w = tf.Variable(tf.zeros([2, 1]), { name: 'w' });
      const bias = tf.Variable(tf.zeros([1]), { name: 'b' });
      const loss = tf.losses.mean_squared_error(y, tf.add(tf.matmul(x, w), bias));
      const train = make().minimize(loss);
      const sess = new tf.Session();
      sess.run(tf.global_variables_initializer());
      const feeds = new Map([[x, xs], [y, ys]]) as tf.FeedDict;
      const first = sess.run(loss, feeds).item() as number;
      for (let i = 0; i < 600; i++) sess.run(train, feeds);
      const last = sess.run(loss, feeds).item() as number;
      assert.ok(last < 1e-3 && last < first / 1000, `loss ${first} → ${last}`);
      assertAllClose(Array.from(sess.run(w).values), [3, -2], 0.05);
    }
  });

  it('saving and restoring mid-training continues identically, slots included', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scopeflow-opt-'));
    try {
      const run = (restoreFrom: string | null, stepsBefore: number, stepsAfter: number): number[] => {
        const { train, sess, values } = setup(() => new tf.train.AdamOptimizer(0.1));
        const saver = new tf.train.Saver();
        if (restoreFrom) saver.restore(sess, restoreFrom);
        for (let i = 0; i < stepsBefore; i++) sess.run(train);
        if (!restoreFrom) saver.save(sess, path.join(dir, 'model.ckpt'));
        for (let i = 0; i < stepsAfter; i++) sess.run(train);
        return values();
      };
      const straight = run(null, 2, 3);
      const resumed = run(path.join(dir, 'model.ckpt'), 0, 3);
      assertAllClose(resumed, straight, 0);
      const names = tf.train.list_variables(path.join(dir, 'model.ckpt')).map(([n]) => n);
      assert.deepEqual(names, ['beta1_power', 'beta2_power', 'v', 'v/Adam', 'v/Adam_1']);
    } finally { fs.rmSync(dir, { recursive: true, force: true }); }
  });
});
