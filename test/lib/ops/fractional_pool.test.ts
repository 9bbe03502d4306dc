// fractional_max_pool / fractional_avg_pool, as TF's fractional_*_pool_op_test checks them: results against
// a reference pooling over the sequences the op returns, the sequences' form, seeds and determinism,
// integer inputs, and finite-difference gradients.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { assertClose } from './helpers';
import { checkGradient, rng, sample } from './gradient_check';

type Pool = typeof tf.nn.fractional_max_pool;
const runAll = (ts: tf.Tensor[]) => { const s = new tf.Session(); try { return s.run(ts); } finally { s.close(); } };

/** TF's _GetExpectedFractional*PoolResult: pool rows then columns over the given boundaries. */
function expected(x: tf.NDArray, rows: number[], cols: number[], overlapping: boolean, reduce: (v: number[]) => number): number[] {
  const [b, h, w, c] = x.shape;
  const end = (seq: number[], i: number, size: number) => Math.min(overlapping ? seq[i + 1] : seq[i + 1] - 1, size - 1);
  const out: number[] = [];
  for (let n = 0; n < b; n++) for (let r = 0; r < rows.length - 1; r++) for (let q = 0; q < cols.length - 1; q++) for (let ch = 0; ch < c; ch++) {
    const v: number[] = [];
    for (let y = rows[r]; y <= end(rows, r, h); y++) for (let xx = cols[q]; xx <= end(cols, q, w); xx++) v.push(x.values[((n * h + y) * w + xx) * c + ch]);
    out.push(reduce(v));
  }
  return out;
}
const max = (v: number[]) => Math.max(...v);
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

function validate(pool: Pool, reduce: (v: number[]) => number, x: tf.NDArray, ratio: number[], pseudo_random: boolean, overlapping: boolean): void {
  tf.reset_default_graph();
  const [y, rowsT, colsT] = pool(tf.constant(x), ratio, { pseudo_random, overlapping, deterministic: true, seed: 10, seed2: 20 });
  const [yv, rv, cv] = runAll([y, rowsT, colsT]);
  const rows = Array.from(rv.values, Number), cols = Array.from(cv.values, Number);
  const outH = Math.floor(x.shape[1] / ratio[1]), outW = Math.floor(x.shape[2] / ratio[2]);
  assert.deepEqual(yv.shape, [x.shape[0], outH, outW, x.shape[3]]);
  for (const [seq, size, out] of [[rows, x.shape[1], outH], [cols, x.shape[2], outW]] as const) {
    assert.equal(seq.length, out + 1);
    assert.equal(seq[0], 0);
    assert.equal(seq[out], size);
    const k = Math.floor(size / out);
    for (let i = 0; i < out; i++) assert.ok(seq[i + 1] - seq[i] === k || seq[i + 1] - seq[i] === k + 1, `window ${i} of [${seq}]`);
  }
  const want = expected(x, rows, cols, overlapping, reduce);
  assertClose(yv.values, x.dtype.is_integer ? want.map(Math.trunc) : want, 1e-6);
}

for (const [name, pool, reduce, type] of [['fractional_max_pool', tf.nn.fractional_max_pool, max, 'FractionalMaxPool'], ['fractional_avg_pool', tf.nn.fractional_avg_pool, mean, 'FractionalAvgPool']] as const) {
  describe(name, () => {
    beforeEach(() => tf.reset_default_graph());

    it('matches pooling over its own sequences, for every option and shape (testDifferentTensorShapes, testLargePoolingRatio, testDivisiblePoolingRatio)', () => {
      const shapes = [[1, 3, 4, 1], [1, 8, 10, 3], [2, 9, 6, 2], [1, 7, 7, 1]];
      shapes.forEach((shape, i) => {
        const x = sample(shape, 'any', rng(10 + i));
        for (const ratio of [[1, Math.sqrt(2), Math.sqrt(2), 1], [1, 1.5, 1.5, 1], [1, 2, 2, 1], [1, 3, 2, 1]]) {
          for (const pseudo of [true, false]) for (const overlapping of [true, false]) validate(pool, reduce, x, ratio, pseudo, overlapping);
        }
      });
    });

    it('integer inputs (testIntegerTensorInput)', () => {
      const x = new tf.NDArray(tf.int32, [1, 6, 6, 1], Int32Array.from({ length: 36 }, (_, i) => (i * 37) % 1000));
      validate(pool, reduce, x, [1, Math.sqrt(3), Math.sqrt(2), 1], true, true);
    });

    it('names, shapes, seeds and TF\'s errors', () => {
      const [y, rows, cols] = pool(tf.placeholder(tf.float32, [null, 10, 6, 3]), [1, 1.5, 2, 1]);
      assert.equal(y.op.type, type);
      assert.equal(y.op.name, type);
      assert.equal(y.shape.toString(), '(?, 6, 3, 3)');
      assert.equal(rows.shape.toString(), '(7,)');
      assert.equal(cols.dtype, tf.int64);
      // deterministic with seeds: the same windows on every run and in every session; without: they vary.
      const x = tf.constant(sample([1, 20, 20, 1], 'any', rng(3)));
      const seeded = pool(x, [1, 1.5, 1.5, 1], { pseudo_random: true, deterministic: true, seed: 1, seed2: 2 })[1];
      const s1 = new tf.Session(), s2 = new tf.Session();
      const first = Array.from(s1.run(seeded).values, Number);
      assert.deepEqual(Array.from(s1.run(seeded).values, Number), first);
      assert.deepEqual(Array.from(s2.run(seeded).values, Number), first);
      const unseeded = pool(x, [1, 1.5, 1.5, 1], { pseudo_random: false })[1];
      const runs = new Set(Array.from({ length: 6 }, () => JSON.stringify(Array.from(s1.run(unseeded).values, Number))));
      assert.ok(runs.size > 1, 'unseeded windows change between runs');
      s1.close(); s2.close();
      assert.throws(() => runAll([pool(x, [1, 1.5, 1.5, 1], { seed: 3 })[0]]), /Both seed and seed2 should be 0 if `deterministic` is false/);
      assert.throws(() => pool(x, [2, 1.5, 1.5, 1]), /not yet supported on the batch nor channel dimension/);
      assert.throws(() => runAll([pool(tf.zeros([1, 2, 2, 1]), [1, 3, 1, 1])[0]]), /Pooling ratio is higher than input dimension size for dimension 1/);
    });

    it('gradient through the forward windows (finite differences)', () => {
      for (const overlapping of [false, true]) {
        const types = checkGradient((x) => pool(x, [1, 1.5, 1.7, 1], { pseudo_random: true, overlapping, deterministic: true, seed: 5, seed2: 6 })[0],
          [{ shape: [2, 6, 7, 2], domain: 'distinct' }], 5000 + (overlapping ? 1 : 0));
        assert.ok(types.includes(`${type}Grad`), `${types}`);
      }
    });
  });
}
