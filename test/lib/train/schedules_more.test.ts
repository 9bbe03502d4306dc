// tf.train.cosine_decay_restarts, linear_cosine_decay, noisy_linear_cosine_decay and piecewise_constant_decay,
// restating TF 1.15's learning_rate_decay_test.py: the values at steps 0, 250, ... 1250 against TF's numpy references.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';

const num = (x: unknown) => (x as tf.NDArray).item() as number;
const near = (a: number, b: number, tol = 1e-6) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

/** TF's np_cosine_decay_restarts. */
function npCosineDecayRestarts(step: number, decaySteps: number, tMul = 2.0, mMul = 1.0, alpha = 0.0): number {
  let fac = 1.0;
  while (step >= decaySteps) {
    step -= decaySteps;
    decaySteps *= tMul;
    fac *= mMul;
  }
  return (1.0 - alpha) * fac * 0.5 * (1.0 + Math.cos(Math.PI * (step / decaySteps))) + alpha;
}

/** TF's np_linear_cosine_decay. */
function npLinearCosineDecay(step: number, decaySteps: number, alpha = 0.0, beta = 0.001, numPeriods = 0.5): number {
  step = Math.min(step, decaySteps);
  const linear = (decaySteps - step) / decaySteps;
  const cosine = 0.5 * (1.0 + Math.cos(Math.PI * (2.0 * numPeriods * step / decaySteps)));
  return (alpha + linear) * cosine + beta;
}

const STEPS = [0, 250, 500, 750, 1000, 1250];

describe('tf.train cosine_decay_restarts, linear_cosine_decay, noisy_linear_cosine_decay', () => {
  beforeEach(() => tf.reset_default_graph());
  const sess = () => new tf.Session();

  const restartCases: [string, tf.train.CosineDecayRestartsOptions, number, number, number][] = [
    ['default (t_mul 2)', {}, 2.0, 1.0, 0.0],
    ['alpha 0.1', { alpha: 0.1 }, 2.0, 1.0, 0.1],
    ['m_mul 0.9', { m_mul: 0.9 }, 2.0, 0.9, 0.0],
    ['t_mul 1.0', { t_mul: 1.0 }, 1.0, 1.0, 0.0],
  ];
  for (const [label, options, tMul, mMul, alpha] of restartCases) {
    it(`cosine_decay_restarts, ${label}: TF's values over 1500 steps`, () => {
      const s = sess();
      for (const step of STEPS) {
        const lr = tf.train.cosine_decay_restarts(1.0, step, 1000, options);
        near(num(s.run(lr)), npCosineDecayRestarts(step, 1000, tMul, mMul, alpha), 1e-6);
      }
    });
  }

  it('cosine_decay_restarts: named SGDRDecay, a cond on t_mul == 1, following a global step', () => {
    const step = tf.Variable(0, { trainable: false, name: 'step' });
    const lr = tf.train.cosine_decay_restarts(0.1, step, 10, 2.0, 0.5);
    assert.equal(lr.op.name, 'SGDRDecay');
    assert.ok(tf.get_default_graph().get_operations().some((o) => o.type === 'Switch' && o.name.startsWith('SGDRDecay/cond')));
    const s = sess();
    s.run(tf.global_variables_initializer());
    s.run(step.assign(15));
    near(num(s.run(lr)), 0.1 * npCosineDecayRestarts(15, 10, 2.0, 0.5), 1e-6);
    assert.throws(() => tf.train.cosine_decay_restarts(0.1, null as unknown as tf.Tensor, 10), /global_step is required/);
  });

  it('linear_cosine_decay with the defaults, and alpha 0.1, beta 1e-4, num_periods 5 (TF\'s values)', () => {
    const s = sess();
    for (const step of STEPS) {
      near(num(s.run(tf.train.linear_cosine_decay(1.0, step, 1000))), npLinearCosineDecay(step, 1000), 1e-6);
      const custom = tf.train.linear_cosine_decay(1.0, step, 1000, { num_periods: 5, alpha: 0.1, beta: 1e-4 });
      near(num(s.run(custom)), npLinearCosineDecay(step, 1000, 0.1, 1e-4, 5), 1e-6);
    }
    tf.reset_default_graph();
    assert.equal(tf.train.linear_cosine_decay(0.5, 1, 10).op.name, 'LinearCosineDecay');
  });

  it('noisy_linear_cosine_decay: noise of variance initial_variance / (1 + step)^variance_decay around the linear part', () => {
    tf.set_random_seed(7);
    const lr = tf.train.noisy_linear_cosine_decay(1.0, 2000, 1000, { initial_variance: 0.5, variance_decay: 0.1, num_periods: 5, alpha: 0.1, beta: 1e-4 });
    assert.equal(lr.op.name, 'NoisyLinearCosineDecay');
    assert.ok(tf.get_default_graph().get_operations().some((o) => o.type === 'RandomStandardNormal'));
    const s = sess();
    // Past decay_steps the step is clipped to 1000: linear part 0, cosine part 1 (five whole periods).
    const samples = Array.from({ length: 400 }, () => num(s.run(lr)));
    const noise = samples.map((v) => v - 1e-4 - 0.1);
    const mean = noise.reduce((a, b) => a + b, 0) / noise.length;
    const variance = noise.reduce((a, b) => a + (b - mean) ** 2, 0) / noise.length;
    const expected = 0.5 / Math.pow(1001, 0.1);
    assert.ok(Math.abs(mean) < 0.1, `mean ${mean}`);
    assert.ok(Math.abs(variance - expected) < 0.25 * expected, `variance ${variance} vs ${expected}`);
    assert.ok(new Set(samples).size > 300, 'a new sample on each run');
  });

  it('piecewise_constant_decay is piecewise_constant', () => {
    const x = tf.placeholder(tf.int32, []);
    const pc = tf.train.piecewise_constant_decay(x, [100, 110], [1.0, 0.1, 0.01]);
    assert.equal(pc.op.name.split('/')[0], 'PiecewiseConstant');
    const s = sess();
    assert.deepEqual([50, 105, 500].map((step) => Math.fround(num(s.run(pc, new Map([[x, step]]))))), [1, 0.1, 0.01].map(Math.fround));
    assert.throws(() => tf.train.piecewise_constant_decay(x, [1], [1]), /length of boundaries should be 1 less/);
  });
});
