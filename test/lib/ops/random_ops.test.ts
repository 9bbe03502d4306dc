// Random ops: TF's sub-graphs and seed attrs, distributions (mean, stddev, truncation bound),
// per-session streams and repeatability under seeds, and Philox known-answer vectors.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { Philox } from '../../../lib/kernels/cpu/philox';
import { nodes, run } from './helpers';

function stats(v: ArrayLike<number>): { mean: number; std: number; min: number; max: number } {
  let sum = 0, sq = 0, min = Infinity, max = -Infinity;
  for (let i = 0; i < v.length; i++) { sum += v[i]; sq += v[i] * v[i]; min = Math.min(min, v[i]); max = Math.max(max, v[i]); }
  const mean = sum / v.length;
  return { mean, std: Math.sqrt(sq / v.length - mean * mean), min, max };
}

const seedsOf = (t: tf.Tensor, type: string) => {
  const op = t.graph.get_operations().find((o) => o.type === type && t.op.name.startsWith(o.name.split('/')[0]))!;
  return [op.get_attr('seed'), op.get_attr('seed2')];
};

describe('random ops', () => {
  beforeEach(() => tf.reset_default_graph());

  it('build TF\'s sub-graphs', () => {
    tf.random_normal([2, 3], { stddev: 0.35 });
    tf.truncated_normal([2]);
    tf.random_uniform([2], { minval: -1, maxval: 1 });
    tf.random_uniform([2], { maxval: 10, dtype: tf.int32 });
    assert.deepEqual(nodes(), [
      'random_normal/shape:Const', 'random_normal/mean:Const', 'random_normal/stddev:Const',
      'random_normal/RandomStandardNormal:RandomStandardNormal', 'random_normal/mul:Mul', 'random_normal:Add',
      'truncated_normal/shape:Const', 'truncated_normal/mean:Const', 'truncated_normal/stddev:Const',
      'truncated_normal/TruncatedNormal:TruncatedNormal', 'truncated_normal/mul:Mul', 'truncated_normal:Add',
      'random_uniform/shape:Const', 'random_uniform/min:Const', 'random_uniform/max:Const',
      'random_uniform/RandomUniform:RandomUniform', 'random_uniform/sub:Sub', 'random_uniform/mul:Mul', 'random_uniform:Add',
      'random_uniform_1/shape:Const', 'random_uniform_1/min:Const', 'random_uniform_1/max:Const', 'random_uniform_1:RandomUniformInt',
    ]);
    const shaped = tf.get_default_graph().get_tensor_by_name('random_normal:0');
    assert.equal(shaped.shape.toString(), '(2, 3)');
    assert.equal(tf.random_normal(tf.shape(tf.placeholder(tf.float32, [null, 4]))).shape.toString(), '(?, 4)');
  });

  it('follow TF\'s seed rules', () => {
    assert.deepEqual(seedsOf(tf.random_normal([1]), 'RandomStandardNormal'), [0, 0]);
    assert.deepEqual(seedsOf(tf.random_normal([1], { seed: 7, name: 'a' }), 'RandomStandardNormal'), [87654321, 7]);
    tf.set_random_seed(42);
    const count = tf.get_default_graph().operationCount;
    // the op seed defaults to the number of ops so far: shape, mean and stddev come first
    assert.deepEqual(seedsOf(tf.random_normal([1], { name: 'b' }), 'RandomStandardNormal'), [42, count + 3]);
    assert.deepEqual(seedsOf(tf.random_normal([1], { seed: 5, name: 'c' }), 'RandomStandardNormal'), [42, 5]);
    tf.set_random_seed(0);
    assert.deepEqual(tf.get_seed(0), [0, 2147483647]);
    assert.throws(() => tf.random_uniform([1], { dtype: tf.int32 }), /Must specify maxval for integer dtype/);
  });

  it('random_normal: mean and stddev (float32 and float64)', () => {
    for (const dtype of [tf.float32, tf.float64]) {
      const s = stats(run(tf.random_normal([20000], { mean: 1, stddev: 2, dtype, seed: 1 })).values);
      assert.ok(Math.abs(s.mean - 1) < 0.06, `${dtype.name} mean ${s.mean}`);
      assert.ok(Math.abs(s.std - 2) < 0.05, `${dtype.name} std ${s.std}`);
    }
  });

  it('truncated_normal: within two stddevs, with the truncated distribution\'s stddev', () => {
    for (const dtype of [tf.float32, tf.float64]) {
      const s = stats(run(tf.truncated_normal([20000], { mean: 3, stddev: 2, dtype, seed: 2 })).values);
      assert.ok(s.min > 3 - 4 && s.max < 3 + 4, `${dtype.name} range [${s.min}, ${s.max}]`);
      assert.ok(Math.abs(s.mean - 3) < 0.05, `${dtype.name} mean ${s.mean}`);
      assert.ok(Math.abs(s.std - 2 * 0.87962566) < 0.05, `${dtype.name} std ${s.std}`);
    }
  });

  it('random_uniform: floats in [minval, maxval), ints evenly over the range', () => {
    const f = run(tf.random_uniform([20000], { minval: -1, maxval: 3, seed: 3 })).values;
    const s = stats(f);
    assert.ok(s.min >= -1 && s.max < 3);
    assert.ok(Math.abs(s.mean - 1) < 0.05 && Math.abs(s.std - 4 / Math.sqrt(12)) < 0.05);
    for (const dtype of [tf.int32, tf.int64]) {
      const v = run(tf.random_uniform([10000], { minval: 2, maxval: 7, dtype, seed: 4 })).values;
      const counts = [0, 0, 0, 0, 0];
      for (const x of v) { assert.ok(Number.isInteger(x) && x >= 2 && x < 7); counts[x - 2]++; }
      for (const c of counts) assert.ok(Math.abs(c / v.length - 0.2) < 0.03, `${dtype.name} counts ${counts}`);
    }
    const bad = tf.random_uniform([2], { minval: 5, maxval: 5, dtype: tf.int32 });
    assert.throws(() => run(bad), /Need minval < maxval: 5 >= 5/);
  });

  it('a session draws new values every run; a new session restarts a seeded op\'s sequence', () => {
    const seeded = tf.random_normal([5], { seed: 11 });
    const s1 = new tf.Session(), s2 = new tf.Session();
    const a1 = s1.run(seeded).values, a2 = s1.run(seeded).values;
    assert.notDeepEqual(a1, a2);
    assert.deepEqual(s2.run(seeded).values, a1);
    assert.deepEqual(s2.run(seeded).values, a2);
    const unseeded = tf.random_normal([5]);
    assert.notDeepEqual(s1.run(unseeded).values, s2.run(unseeded).values);
  });

  it('a graph-level seed makes a whole program repeat', () => {
    const build = () => {
      tf.reset_default_graph();
      tf.set_random_seed(1234);
      return [tf.random_normal([3]), tf.random_uniform([3]), tf.truncated_normal([3])];
    };
    const first = build().map((t) => run(t).values);
    const again = build().map((t) => run(t).values);
    assert.deepEqual(again, first);
    assert.notDeepEqual(first[0], run(tf.random_normal([3])).values);
  });

  it('random_shuffle permutes rows', () => {
    const x = tf.constant([[1, 1], [2, 2], [3, 3], [4, 4], [5, 5]]);
    const v = run(tf.random_shuffle(x, { seed: 1 })).toArray() as number[][];
    assert.deepEqual(v.map((r) => r[0]).sort(), [1, 2, 3, 4, 5]);
    assert.ok(v.every((r) => r[0] === r[1]));
  });

  it('Philox4x32-10 matches the Random123 known-answer vectors', () => {
    assert.deepEqual(Array.from(new Philox(0, 0).next()), [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]);
    const ones = new Philox(-1, -1); // key and counter high words all ones
    ones.skip(0xffffffff);
    ones.skip(0xffffffff * 0x100000000);
    assert.deepEqual(Array.from(ones.next()), [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]);
  });
});
