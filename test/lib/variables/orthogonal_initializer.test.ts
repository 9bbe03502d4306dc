// tf.orthogonal_initializer and tf.uniform_unit_scaling_initializer, restating TF 1.15's init_ops_test.py
// (OrthogonalInitializerTest, UniformUnitScalingInitializationTest): orthonormal rows or columns for each of TF's
// shapes, the gain, repeatability under a seed, the bounds and the scale, and TF's errors.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';

function evaluate(init: tf.Initializer, shape: number[], dtype?: tf.DType): Float64Array {
  tf.reset_default_graph();
  return Float64Array.from(new tf.Session().run(init(shape, dtype)).values as ArrayLike<number>);
}

describe('tf.orthogonal_initializer', () => {
  for (const shape of [[10, 10], [10, 9, 8], [100, 5, 5], [50, 40], [40, 50]]) {
    it(`${JSON.stringify(shape)}: the flattened matrix has orthonormal ${shape.slice(0, -1).reduce((a, b) => a * b, 1) > shape[shape.length - 1] ? 'columns' : 'rows'}`, () => {
      const v = evaluate(tf.orthogonal_initializer(), shape, tf.float64);
      const cols = shape[shape.length - 1], rows = v.length / cols;
      const byColumns = rows > cols, n = byColumns ? cols : rows, len = byColumns ? rows : cols;
      const at = (vec: number, k: number) => (byColumns ? v[k * cols + vec] : v[vec * cols + k]);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let dot = 0;
          for (let k = 0; k < len; k++) dot += at(i, k) * at(j, k);
          assert.ok(Math.abs(dot - (i === j ? 1 : 0)) < 1e-6, `(${i}, ${j}): ${dot}`);
        }
      }
    });
  }

  it('the same seed gives the same values, another seed others; gain scales them', () => {
    const a = evaluate(tf.orthogonal_initializer({ seed: 1 }), [10, 10]);
    assert.deepEqual(evaluate(tf.orthogonal_initializer({ seed: 1 }), [10, 10]), a);
    assert.notDeepEqual(evaluate(tf.orthogonal_initializer({ seed: 2 }), [10, 10]), a);
    const scaled = evaluate(tf.orthogonal_initializer({ gain: 3.14, seed: 1 }), [10, 10]);
    scaled.forEach((x, i) => assert.ok(Math.abs(x - Math.fround(3.14) * a[i]) < 1e-5, `${x} vs ${3.14 * a[i]}`));
  });

  it('builds a QR of a Gaussian matrix inside the variable\'s Initializer scope', () => {
    tf.reset_default_graph();
    const w = tf.get_variable('w', [4, 6], { initializer: tf.orthogonal_initializer() });
    const types = tf.get_default_graph().get_operations().filter((o) => o.name.startsWith('w/Initializer/')).map((o) => o.type);
    for (const t of ['RandomStandardNormal', 'Qr', 'DiagPart', 'Sign', 'Transpose', 'Reshape']) assert.ok(types.includes(t), `${t} in ${types.join(', ')}`);
    const sess = new tf.Session();
    sess.run(tf.global_variables_initializer());
    assert.deepEqual(sess.run(w).shape, [4, 6]);
  });

  it('refuses a shape of rank < 2 and a non-float dtype as TF does', () => {
    assert.throws(() => tf.orthogonal_initializer()([5]), { name: 'ValueError', message: 'The tensor to initialize must be at least two-dimensional' });
    assert.throws(() => tf.orthogonal_initializer({ dtype: tf.string }), { name: 'ValueError', message: /Expected floating point type, got <dtype: 'string'>/ });
  });
});

describe('tf.uniform_unit_scaling_initializer', () => {
  it('uniform in ±sqrt(3 / input_size) · factor: the random_uniform of the same seed', () => {
    const shape = [30, 40];
    const v = evaluate(tf.uniform_unit_scaling_initializer({ factor: 2.0, seed: 3 }), shape);
    const limit = Math.sqrt(3 / 30) * 2.0;
    tf.reset_default_graph();
    const same = new tf.Session().run(tf.random_uniform(shape, { minval: -limit, maxval: limit, seed: 3 })).values;
    assert.deepEqual(Array.from(v), Array.from(same as ArrayLike<number>));
    assert.ok(v.every((x) => Math.abs(x) <= limit));
    const variance = v.reduce((a, x) => a + x * x, 0) / v.length;
    assert.ok(Math.abs(variance - limit * limit / 3) < 0.1 * limit * limit / 3, `variance ${variance}`);
  });

  it('the input size is the product of all dimensions but the last (at least 1), of the full variable for a part', () => {
    const conv = evaluate(tf.uniform_unit_scaling_initializer({ seed: 1 }), [3, 3, 8, 16]);
    assert.ok(conv.every((x) => Math.abs(x) <= Math.sqrt(3 / 72)) && conv.some((x) => Math.abs(x) > 0.8 * Math.sqrt(3 / 72)));
    const vector = evaluate(tf.uniform_unit_scaling_initializer({ seed: 1 }), [1000]);
    assert.ok(vector.every((x) => Math.abs(x) <= Math.sqrt(3)) && vector.some((x) => Math.abs(x) > 0.8 * Math.sqrt(3)));
    tf.reset_default_graph();
    const part = tf.uniform_unit_scaling_initializer({ seed: 1 })([10, 4], null, { full_shape: [1000, 4], var_offset: [0, 0] });
    const values = Array.from(new tf.Session().run(part).values as ArrayLike<number>);
    assert.ok(values.every((x) => Math.abs(x) <= Math.sqrt(3 / 1000)));
  });

  it('same seed same values, different factor different values; zero-size shapes; no non-float dtype', () => {
    const a = evaluate(tf.uniform_unit_scaling_initializer({ seed: 1 }), [10, 10]);
    assert.deepEqual(evaluate(tf.uniform_unit_scaling_initializer({ seed: 1 }), [10, 10]), a);
    assert.notDeepEqual(evaluate(tf.uniform_unit_scaling_initializer({ factor: 2, seed: 1 }), [10, 10]), a);
    assert.equal(evaluate(tf.uniform_unit_scaling_initializer(), [0]).length, 0);
    assert.throws(() => tf.uniform_unit_scaling_initializer({ dtype: tf.string }), { name: 'ValueError', message: /Expected floating point type/ });
  });
});
