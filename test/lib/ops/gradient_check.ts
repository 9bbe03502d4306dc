// Gradient checks shared by the gradient tests: symbolic gradients against central finite differences,
// on deterministic random values in float64.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';

/** A small deterministic generator (tests must be reproducible). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
}

export type Domain = 'any' | 'positive' | 'awayFromZero' | 'distinct' | 'withZeros';

export interface InputSpec { shape: number[]; domain?: Domain; /** not differentiated (labels, indices) */ fixed?: tf.NDArray }

export function sample(shape: number[], domain: Domain, rand: () => number): tf.NDArray {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = rand();
    if (domain === 'positive') data[i] = 0.5 + 1.5 * u;
    else if (domain === 'awayFromZero') data[i] = (u < 0.5 ? -1 : 1) * (0.3 + u);
    else if (domain === 'distinct') data[i] = i * 0.37 - n * 0.15 + 0.1 * u;
    else if (domain === 'withZeros') data[i] = i % 3 === 1 ? 0 : 2 * u - 1;
    else data[i] = 2 * u - 1;
  }
  if (domain === 'distinct') for (let i = n - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [data[i], data[j]] = [data[j], data[i]]; }
  return new tf.NDArray(tf.float64, shape, data);
}

/**
 * Checks d(sum(f(xs) * r))/dx_i for every differentiable input: symbolic (tf.gradients) against
 * central differences. Returns the gradient ops' types, so tests can assert which ops were built.
 */
export function checkGradient(build: (...xs: tf.Tensor[]) => tf.Tensor, specs: InputSpec[], seed: number, tol = 1e-6): string[] {
  tf.reset_default_graph();
  const rand = rng(seed);
  const placeholders = specs.map((s) => (s.fixed ? tf.constant(s.fixed) : tf.placeholder(tf.float64, s.shape)));
  const y = build(...placeholders);
  const values = specs.map((s) => s.fixed ?? sample(s.shape, s.domain ?? 'any', rand));
  // Outputs whose shape is known only at run time (run-time axes, perms) get it from one run.
  const feedsOnce = new Map(placeholders.map((p, i) => [p, values[i]] as [tf.Tensor, tf.NDArray]).filter((_, i) => !specs[i].fixed));
  const yShape = y.shape.is_fully_defined() ? y.shape.toNumbers() : (() => { const s = new tf.Session(); try { return s.run(y, feedsOnce).shape; } finally { s.close(); } })();
  const weightsValue = sample(yShape, 'any', rand);
  const scalar = tf.reduce_sum(tf.multiply(y, tf.constant(weightsValue)));
  const variable = specs.map((s, i) => (s.fixed ? null : placeholders[i])).filter((t): t is tf.Tensor => t !== null);
  const computed = tf.gradients(scalar, variable);
  const gradTypes = tf.get_default_graph().get_operations().filter((o) => /^gradients(_\d+)?\//.test(o.name)).map((o) => o.type);
  // IndexedSlices (a gather's gradient) are compared in their dense form.
  const grads = computed.map((g) => (g instanceof tf.IndexedSlices ? tf.convert_to_tensor(g) : g));
  const sess = new tf.Session();
  try {
    // Graphs with variables (RNN cells ...) start from their initial values.
    sess.run(tf.global_variables_initializer());
    const feeds = () => new Map(placeholders.map((p, i) => [p, values[i]] as [tf.Tensor, tf.NDArray]).filter((_, i) => !specs[i].fixed));
    const symbolic = sess.run(grads.map((g, i) => { assert.ok(g, `no gradient for input ${i}`); return g; }), feeds());
    let k = 0;
    specs.forEach((spec, i) => {
      if (spec.fixed) return;
      const data = values[i].values as Float64Array;
      const got = symbolic[k++].values;
      assert.deepEqual(symbolic[k - 1].shape, spec.shape, `gradient shape of input ${i}`);
      for (let e = 0; e < data.length; e++) {
        const h = 1e-6 * Math.max(1, Math.abs(data[e]));
        const orig = data[e];
        data[e] = orig + h; const plus = sess.run(scalar, feeds()).item() as number;
        data[e] = orig - h; const minus = sess.run(scalar, feeds()).item() as number;
        data[e] = orig;
        const numeric = (plus - minus) / (2 * h);
        assert.ok(Math.abs(got[e] - numeric) <= tol * Math.max(1, Math.abs(numeric)) + 1e-7,
          `input ${i} element ${e}: symbolic ${got[e]} vs numeric ${numeric}`);
      }
    });
  } finally { sess.close(); }
  return gradTypes;
}
