// tf.random_gamma (RandomGamma, with its reparameterized gradient), tf.random_poisson (RandomPoissonV2),
// tf.multinomial (Multinomial) and tf.random_crop: TF's sub-graphs, seeds, the moments TF's
// random_gamma_test / random_poisson_test / multinomial_op_test check, and TF's errors.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { assertClose, nodes, run } from './helpers';

/** Mean and variance of every column of a [samples, k] array. */
function columnMoments(a: tf.NDArray): { mean: number[]; variance: number[] } {
  const k = a.size / a.shape[0], n = a.shape[0];
  const mean = new Array<number>(k).fill(0), sq = new Array<number>(k).fill(0);
  for (let i = 0; i < a.size; i++) { mean[i % k] += a.values[i] / n; sq[i % k] += a.values[i] ** 2 / n; }
  return { mean, variance: sq.map((s, j) => s - mean[j] ** 2) };
}

const within = (got: number[], want: number[], rel: number) => got.forEach((g, i) => assert.ok(Math.abs(g - want[i]) <= rel * Math.max(1, want[i]), `${i}: ${g} vs ${want[i]}`));

describe('random distributions', () => {
  beforeEach(() => tf.reset_default_graph());

  it('random_gamma builds TF\'s sub-graph and samples shape + alpha.shape with mean alpha/beta, variance alpha/beta²', () => {
    const g = tf.random_gamma([20000], [0.5, 1, 3.5], { seed: 3 });
    assert.deepEqual(nodes(), ['random_gamma/shape:Const', 'random_gamma/alpha:Const', 'random_gamma/beta:Const', 'random_gamma/zeros_like:Const',
      'random_gamma/add:Add', 'random_gamma/RandomGamma:RandomGamma', 'random_gamma/truediv:RealDiv', 'random_gamma/Maximum/x:Const', 'random_gamma/Maximum:Maximum']);
    assert.equal(g.shape.toString(), '(20000, 3)');
    const op = tf.get_default_graph().get_operation_by_name('random_gamma/RandomGamma');
    assert.deepEqual([op.get_attr('seed'), op.get_attr('seed2'), op.get_attr('S'), op.get_attr('T')], [87654321, 3, tf.int32, tf.float32]);
    const m = columnMoments(run(g));
    within(m.mean, [0.5, 1, 3.5], 0.05);
    within(m.variance, [0.5, 1, 3.5], 0.1);
    const scaled = columnMoments(run(tf.random_gamma([20000], 2, { beta: [[1], [4]], dtype: tf.float64, seed: 5 })).reshape([20000, 2]));
    within(scaled.mean, [2, 0.5], 0.05);
    within(scaled.variance, [2, 0.125], 0.1);
    assert.ok(Array.from(run(tf.random_gamma([1000], 0.01, { seed: 1 })).values).every((x) => x >= 1.1754943508222875e-38));
    assert.throws(() => tf.random_gamma([1], 1, { dtype: tf.int32 }), /Invalid dtype int32 for random_gamma/);
  });

  it('seeded ops repeat across sessions and draw new values on every run', () => {
    const g = tf.random_gamma([4], 2, { seed: 9 }), p = tf.random_poisson(3, [4], { seed: 9 }), m = tf.multinomial([[0, 0, 0, 0]], 8, { seed: 9 });
    const s1 = new tf.Session(), s2 = new tf.Session();
    const first = s1.run([g, p, m]).map((a) => Array.from(a.values));
    assert.deepEqual(s2.run([g, p, m]).map((a) => Array.from(a.values)), first);
    assert.notDeepEqual(Array.from(s1.run(g).values), first[0]);
    s1.close(); s2.close();
  });

  it('differentiates random_gamma in alpha: RandomGammaGrad summed over the sample dimensions', () => {
    const alpha = tf.constant([0.5, 2.0], { dtype: tf.float64 });
    const g = tf.random_gamma([3], alpha, { dtype: tf.float64, seed: 4 });
    const [grad] = (tf.gradients(tf.reduce_sum(g), alpha) as tf.Tensor[]);
    assert.ok(tf.get_default_graph().get_operations().some((o) => o.type === 'RandomGammaGrad'));
    const sample = tf.get_default_graph().get_tensor_by_name('random_gamma/RandomGamma:0');
    const sess = new tf.Session();
    const [x, dAlpha] = sess.run([sample, grad!]);
    // ∂x/∂α = -(∂P(α, x)/∂α) / p(x; α), with ∂P/∂α from central differences of tf.igamma.
    const h = 1e-6;
    const expected = [0, 0];
    for (let i = 0; i < x.size; i++) {
      const a = [0.5, 2][i % 2], v = x.values[i];
      const dP = (sess.run(tf.igamma(tf.constant(a + h, { dtype: tf.float64 }), tf.constant(v, { dtype: tf.float64 }))).item() as number
        - (sess.run(tf.igamma(tf.constant(a - h, { dtype: tf.float64 }), tf.constant(v, { dtype: tf.float64 }))).item() as number)) / (2 * h);
      const density = Math.exp(-v + (a - 1) * Math.log(v) - (sess.run(tf.lgamma(tf.constant(a, { dtype: tf.float64 }))).item() as number));
      expected[i % 2] += -dP / density;
    }
    assertClose(Array.from(dAlpha.values), expected, 1e-5);
    sess.close();
  });

  it('random_poisson: TF\'s sub-graph, samples shape + lam.shape with mean and variance lam (small and large rates)', () => {
    const p = tf.random_poisson([0.5, 4, 30], [20000], { seed: 1 });
    assert.deepEqual(nodes(), ['random_poisson/shape:Const', 'random_poisson/RandomPoissonV2/rate:Const', 'random_poisson/RandomPoissonV2:RandomPoissonV2']);
    assert.equal(p.shape.toString(), '(20000, 3)');
    assert.equal(p.dtype, tf.float32);
    assert.deepEqual([p.op.get_attr('R'), p.op.get_attr('dtype')], [tf.float32, tf.float32]);
    const m = columnMoments(run(p));
    within(m.mean, [0.5, 4, 30], 0.03);
    within(m.variance, [0.5, 4, 30], 0.06);
    const ints = run(tf.random_poisson(tf.constant([[2]], { dtype: tf.float64 }), [100], { dtype: tf.int64, seed: 2 }));
    assert.deepEqual(ints.shape, [100, 1, 1]);
    assert.equal(ints.dtype, tf.int64);
    assert.ok(Array.from(ints.values).every((v) => Number.isInteger(v) && v >= 0));
    assert.deepEqual(Array.from(run(tf.random_poisson(0, [3])).values), [0, 0, 0]);
    assert.equal(tf.random.poisson, tf.random_poisson);
  });

  it('multinomial: classes drawn in proportion to exp(logits), never a -inf one, int64 unless output_dtype', () => {
    const m = tf.multinomial(tf.log([[0.1, 0.6, 0.3], [0.5, 0.5, 0]]), 10000, { seed: 2 });
    assert.deepEqual(nodes().slice(-3), ['Log:Log', 'multinomial/Multinomial/num_samples:Const', 'multinomial/Multinomial:Multinomial']);
    assert.deepEqual(tf.multinomial([[0, 0]], 1, { name: 'm' }).op.inputs.map((t) => t.name), ['m/logits:0', 'm/Multinomial/num_samples:0']);
    assert.equal(m.shape.toString(), '(2, 10000)');
    assert.equal(m.dtype, tf.int64);
    const v = run(m), counts = [[0, 0, 0], [0, 0, 0]];
    for (let i = 0; i < v.size; i++) counts[Math.floor(i / 10000)][v.values[i]]++;
    within(counts[0].map((c) => c / 10000), [0.1, 0.6, 0.3], 0.02);
    within(counts[1].map((c) => c / 10000), [0.5, 0.5, 0], 0.02);
    assert.equal(counts[1][2], 0);
    const c = tf.random.categorical([[1, 1]], 4, { dtype: tf.int32 });
    assert.equal(c.op.name, 'categorical/Multinomial');
    assert.equal(c.dtype, tf.int32);
    assert.deepEqual(run(c).shape, [1, 4]);
    assert.throws(() => tf.multinomial([1, 2], 3), /Shape must be rank 2 but is rank 1/);
    assert.throws(() => run(tf.multinomial([[1, 2]], tf.placeholder_with_default(tf.constant(-1, { dtype: tf.int32 }), []))), /num_samples should be nonnegative, got -1/);
  });

  it('random_crop: a size window of value at a random offset, with TF\'s Assert', () => {
    const value = tf.reshape(tf.range(0, 24), [4, 6]);
    const crop = tf.random_crop(value, [2, 3], { seed: 5 });
    assert.equal(crop.op.name, 'random_crop');
    assert.equal(crop.op.type, 'Slice');
    assert.equal(crop.shape.toString(), '(2, 3)');
    assert.ok(tf.get_default_graph().get_operations().some((o) => o.name === 'random_crop/Assert' && o.type === 'Assert'));
    const sess = new tf.Session();
    for (let k = 0; k < 5; k++) {
      const got = sess.run(crop).values, r0 = Math.floor(got[0] / 6), c0 = got[0] % 6;
      assert.ok(r0 <= 2 && c0 <= 3);
      assert.deepEqual(Array.from(got), [0, 1, 2, 6, 7, 8].map((d) => got[0] + d));
    }
    assert.throws(() => sess.run(tf.random_crop(value, [5, 3])), (e: Error) => e instanceof tf.errors.InvalidArgumentError && /Need value.shape >= size, got \] \[4 6\] \[5 3\]/.test(e.message));
    sess.close();
  });
});
