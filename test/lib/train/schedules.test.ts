/** tf.train learning-rate schedules and ExponentialMovingAverage (learning_rate_decay_test, moving_averages_test restated). */
import assert from 'node:assert/strict';
import * as tf from '../../../lib';

const num = (x: unknown) => (x as tf.NDArray).item() as number;
const near = (a: number, b: number, tol = 1e-6) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

describe('tf.train learning-rate schedules', () => {
  beforeEach(() => tf.reset_default_graph());

  it('exponential_decay (continuous and staircase) follows global_step', () => {
    const step = tf.Variable(0, { trainable: false, name: 'step' });
    const lr = tf.train.exponential_decay(0.05, step, 5, 0.96);
    const stair = tf.train.exponential_decay(0.1, step, 3, 0.5, { staircase: true });
    assert.equal(lr.op.name, 'ExponentialDecay');
    const sess = new tf.Session();
    sess.run(tf.global_variables_initializer());
    near(num(sess.run(lr)), 0.05);
    sess.run(step.assign(7));
    near(num(sess.run(lr)), 0.05 * Math.pow(0.96, 7 / 5), 1e-6);
    near(num(sess.run(stair)), 0.1 * 0.25);
    assert.throws(() => tf.train.exponential_decay(0.1, null as unknown as tf.Tensor, 1, 0.5), /global_step is required for exponential decay/);
  });

  it('piecewise_constant picks the interval; polynomial, cosine, natural exp and inverse time values', () => {
    const x = tf.placeholder(tf.int32, []);
    const pc = tf.train.piecewise_constant(x, [100, 110, 120], [1.0, 0.1, 0.01, 0.001]);
    const poly = tf.train.polynomial_decay(0.1, x, 10, { end_learning_rate: 0.01, power: 0.5 });
    const polyCycle = tf.train.polynomial_decay(0.1, x, 10, { end_learning_rate: 0.01, cycle: true });
    const cosine = tf.train.cosine_decay(0.1, x, 10, { alpha: 0.1 });
    const nat = tf.train.natural_exp_decay(0.1, x, 10, 0.5);
    const inv = tf.train.inverse_time_decay(0.1, x, 10, 0.5);
    const sess = new tf.Session();
    const at = (t: tf.Tensor, step: number) => num(sess.run(t, new Map([[x, step]])));
    assert.deepEqual([-1, 100, 105, 110, 119, 120, 2000].map((s) => at(pc, s)).map(Math.fround), [1, 1, 0.1, 0.1, 0.01, 0.01, 0.001].map(Math.fround));
    near(at(poly, 4), (0.1 - 0.01) * Math.sqrt(1 - 0.4) + 0.01, 1e-6);
    near(at(poly, 40), 0.01, 1e-6);
    near(at(polyCycle, 15), (0.1 - 0.01) * (1 - 15 / 20) + 0.01, 1e-6);
    near(at(cosine, 5), 0.1 * (0.9 * 0.5 * (1 + Math.cos(Math.PI * 0.5)) + 0.1), 1e-6);
    near(at(cosine, 50), 0.1 * 0.1, 1e-6);
    near(at(nat, 5), 0.1 * Math.exp(-0.5 * 0.5), 1e-6);
    near(at(inv, 5), 0.1 / (1 + 0.5 * 0.5), 1e-6);
    assert.throws(() => tf.train.piecewise_constant(x, [1, 2], [1, 2]), /The length of boundaries should be 1 less than the length of values/);
  });
});

describe('tf.train.ExponentialMovingAverage', () => {
  beforeEach(() => tf.reset_default_graph());

  it('shadows start at the initial value and move by (1 - decay); num_updates caps the decay', () => {
    const v0 = tf.Variable(10, { name: 'v0', dtype: tf.float32 });
    const v1 = tf.Variable([1.5, 2.5], { name: 'v1' });
    const ema = new tf.train.ExponentialMovingAverage(0.25);
    const update = ema.apply([v0, v1]);
    assert.equal(update.name, 'ExponentialMovingAverage');
    assert.equal(ema.average(v0)!.name, 'v0/ExponentialMovingAverage:0');
    assert.deepEqual(tf.get_default_graph().get_collection(tf.GraphKeys.MOVING_AVERAGE_VARIABLES), [v0, v1]);
    assert.equal(tf.trainable_variables().length, 2);
    const sess = new tf.Session();
    sess.run(tf.global_variables_initializer());
    near(num(sess.run(ema.average(v0)!)), 10);
    sess.run(v0.assign(20));
    sess.run(update);
    near(num(sess.run(ema.average(v0)!)), 10 * 0.25 + 20 * 0.75);
    assert.deepEqual(Object.keys(ema.variables_to_restore()).sort(), ['v0/ExponentialMovingAverage', 'v1/ExponentialMovingAverage']);
    assert.throws(() => ema.apply([v0]), /Moving average already computed for: v0:0/);

    const step = tf.Variable(0, { trainable: false, name: 'n', dtype: tf.float32 });
    const capped = new tf.train.ExponentialMovingAverage(0.99, { num_updates: step, name: 'capped' });
    const upd = capped.apply([v0]);
    sess.run(tf.variables_initializer([step, capped.average(v0)!]));
    sess.run(v0.assign(30));
    sess.run(upd);
    // The shadow starts from v0's initialized_value, which re-runs v0's initializer (10), as in TF;
    // decay = min(0.99, (1 + 0) / (10 + 0)) = 0.1.
    near(num(sess.run(capped.average(v0)!)), 10 * 0.1 + 30 * 0.9, 1e-5);
  });

  it('averages tensors too (CIFAR-10\'s loss averages): a zeros shadow named after the op, not a MOVING_AVERAGE_VARIABLE', () => {
    const x = tf.placeholder(tf.float32, []);
    const total_loss = tf.multiply(x, 2, { name: 'total_loss' });
    const w = tf.Variable(3.0, { name: 'w' });
    const loss_averages = tf.train.ExponentialMovingAverage(0.9, { name: 'avg' });
    const loss_averages_op = tf.control_dependencies([total_loss], () => loss_averages.apply([total_loss, w]));
    const shadow = loss_averages.average(total_loss)!;
    assert.equal(shadow.name, 'total_loss/avg:0');
    assert.equal(shadow.op.control_inputs.length, 0, 'made outside the control dependencies');
    assert.deepEqual(tf.get_collection(tf.GraphKeys.MOVING_AVERAGE_VARIABLES), [w]);
    assert.deepEqual(tf.trainable_variables(), [w]);
    const sess = tf.Session();
    sess.run(tf.global_variables_initializer());
    assert.equal(num(sess.run(shadow)), 0);
    sess.run(loss_averages_op, new Map([[x, 5]]));
    near(num(sess.run(shadow)), 0.1 * 10);
    sess.run(loss_averages_op, new Map([[x, 5]]));
    near(num(sess.run(shadow)), 0.9 * 1 + 0.1 * 10);
    assert.throws(() => loss_averages.apply([total_loss]), /Moving average already computed for: total_loss:0/);
    const unknown = tf.placeholder(tf.float32, [null]);
    const dynamic = tf.train.ExponentialMovingAverage(0.5).apply([unknown]);
    sess.run(tf.variables_initializer(tf.global_variables().slice(-1)), new Map([[unknown, [1, 2, 3]]]));
    sess.run(dynamic, new Map([[unknown, [2, 4, 6]]]));
    assert.deepEqual(Array.from(sess.run(tf.global_variables().slice(-1)[0]).values), [1, 2, 3]);
  });
});
