// The candidate samplers beside the log-uniform and uniform ones: TF's candidate_sampler_ops_test restated
// (all_candidate_sampler, accidental hits, seeds), and the unigram samplers' distributions and expected counts.
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '../../../lib';
import { assertClose } from './helpers';

describe('candidate samplers', () => {
  beforeEach(() => tf.reset_default_graph());
  const NUM_TRUE = 2, NUM_SAMPLED = 5;
  const TRUE_LABELS = [[1, 2], [0, 4], [3, 3]];
  const trueClasses = () => tf.constant(TRUE_LABELS, { dtype: tf.int64 });
  const runAll = <T extends tf.Tensor[]>(ts: T) => { const s = new tf.Session(); try { return s.run(ts); } finally { s.close(); } };

  it('all_candidate_sampler: every class once, expected counts 1 (testSampledCandidates, testTrueLogits, testSampledLogits)', () => {
    const [sampled, trueExpected, sampledExpected] = tf.nn.all_candidate_sampler(trueClasses(), NUM_TRUE, NUM_SAMPLED, true);
    assert.equal(sampled.op.type, 'AllCandidateSampler');
    assert.equal(sampled.op.name, 'AllCandidateSampler');
    assert.equal(sampled.shape.toString(), '(5,)');
    assert.equal(trueExpected.shape.toString(), '(3, 2)');
    const [s, te, se] = runAll([sampled, tf.log(trueExpected), tf.log(sampledExpected)]);
    assert.deepEqual(Array.from(s.values, Number), [0, 1, 2, 3, 4]);
    assert.deepEqual(te.toArray(), [[0, 0], [0, 0], [0, 0]]);
    assert.deepEqual(Array.from(se.values), [0, 0, 0, 0, 0]);
    assert.equal(tf.random.all_candidate_sampler, tf.nn.all_candidate_sampler);
  });

  it('accidental hits of all_candidate_sampler\'s candidates are true labels (testAccidentalHits)', () => {
    const [sampled] = tf.nn.all_candidate_sampler(trueClasses(), NUM_TRUE, NUM_SAMPLED, true);
    const hits = tf.nn.compute_accidental_hits(trueClasses(), sampled, NUM_TRUE);
    assert.equal(hits[0].shape.ndims, 1);
    const [indices, ids, weights] = runAll([...hits]);
    assert.equal(indices.size, 6);
    for (let i = 0; i < indices.size; i++) {
      assert.ok(TRUE_LABELS[indices.values[i]].includes(Number(ids.values[i])));
      assert.ok(weights.values[i] < -1e37);
    }
  });

  it('seeded samplers repeat, unseeded ones do not (testSeed)', () => {
    type Sampler = (t: tf.Tensor, nt: number, ns: number, u: boolean, r: number, o: { seed: number | null }) => tf.Tensor[];
    const draw = (f: Sampler, seed: number | null) => {
      tf.reset_default_graph();
      return Array.from(runAll([f(trueClasses(), NUM_TRUE, NUM_SAMPLED, true, 5, { seed })[0]])[0].values, Number);
    };
    const fixed: Sampler = (t: tf.Tensor, nt: number, ns: number, u: boolean, r: number, o: { seed: number | null }) => tf.nn.fixed_unigram_candidate_sampler(t, nt, ns, u, r, { unigrams: [1, 2, 3, 4, 5], seed: o.seed });
    for (const f of [tf.nn.log_uniform_candidate_sampler, tf.nn.learned_unigram_candidate_sampler, fixed] as Sampler[]) {
      for (const seed of [1, 2, 12, 123, 1234, 12345]) assert.deepEqual(draw(f, seed), draw(f, seed));
      // unique draws of the whole range: a permutation, so compare non-unique ones for randomness
      const many = (seed: number | null) => { tf.reset_default_graph(); return Array.from(runAll([f(trueClasses(), NUM_TRUE, 40, false, 5, { seed })[0]])[0].values, Number); };
      let same = 0;
      for (let i = 0; i < 5; i++) if (JSON.stringify(many(null)) === JSON.stringify(many(null))) same++;
      assert.ok(same <= 1);
    }
  });

  it('fixed_unigram_candidate_sampler: unigrams^distortion after reserved ids, sharded, from unigrams or a vocab file', () => {
    const [sampled, trueExpected, sampledExpected] = tf.nn.fixed_unigram_candidate_sampler(trueClasses(), NUM_TRUE, 4, false, 5, { unigrams: [1, 1, 2, 4], num_reserved_ids: 1, distortion: 0.5, seed: 7 });
    assert.equal(sampled.op.type, 'FixedUnigramCandidateSampler');
    assert.deepEqual(sampled.op.get_attr('unigrams'), [1, 1, 2, 4]);
    const [s, te, se] = runAll([sampled, trueExpected, sampledExpected]);
    const w = [0, 1, 1, Math.SQRT2, 2], total = w.reduce((a, b) => a + b);
    const p = (k: number) => w[k] / total;
    assert.ok(Array.from(s.values, Number).every((k) => k >= 1 && k <= 4), 'never a reserved id');
    assertClose(te.values, TRUE_LABELS.flat().map((k) => 4 * p(k)));
    assertClose(se.values, Array.from(s.values, (k) => 4 * p(Number(k))));
    // 6000 draws: each class about 6000 p(k) times.
    const many = Array.from(runAll([tf.nn.fixed_unigram_candidate_sampler(trueClasses(), NUM_TRUE, 6000, false, 5, { unigrams: [1, 1, 2, 4], num_reserved_ids: 1, distortion: 0.5, seed: 3 })[0]])[0].values, Number);
    for (let k = 0; k < 5; k++) assert.ok(Math.abs(many.filter((v) => v === k).length - 6000 * p(k)) < 150, `class ${k}`);

    // A vocab file's last column, shard 1 of 2 (ids 1 and 3 of the four): range_max counts the shard's ids.
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vocab-')), 'vocab.csv');
    fs.writeFileSync(file, 'a,10\nb,20\nc,30\nd,40\n');
    const [, shardExpected] = tf.nn.fixed_unigram_candidate_sampler(tf.constant([[0], [1]], { dtype: tf.int64 }), 1, 3, false, 2, { vocab_file: file, num_shards: 2, shard: 1, seed: 1 });
    assertClose(runAll([shardExpected])[0].values, [3 * 20 / 60, 3 * 40 / 60]);
    assert.throws(() => runAll([tf.nn.fixed_unigram_candidate_sampler(trueClasses(), NUM_TRUE, 2, false, 6, { unigrams: [1, 2, 3] })[0]]), /range is 6 must be equal to weights size  3/);
    assert.throws(() => runAll([tf.nn.fixed_unigram_candidate_sampler(trueClasses(), NUM_TRUE, 2, false, 3)[0]]), /Either vocab_file or unigrams/);
  });

  it('learned_unigram_candidate_sampler: counts start at 1 and grow by the true classes of each run, per session', () => {
    const [sampled, trueExpected] = tf.nn.learned_unigram_candidate_sampler(tf.constant([[2], [2]], { dtype: tf.int64 }), 1, 3, false, 4, { seed: 5 });
    assert.equal(sampled.op.type, 'LearnedUnigramCandidateSampler');
    const sess = new tf.Session();
    // First run: uniform over 4 (weights 1); then class 2 has weight 3 of 6, then 5 of 8.
    assertClose(sess.run(trueExpected).values, [3 / 4, 3 / 4]);
    assertClose(sess.run(trueExpected).values, [3 * 3 / 6, 3 * 3 / 6]);
    assertClose(sess.run(trueExpected).values, [3 * 5 / 8, 3 * 5 / 8]);
    sess.close();
    const fresh = new tf.Session();
    assertClose(fresh.run(trueExpected).values, [3 / 4, 3 / 4]);
    fresh.close();
    assert.throws(() => tf.nn.learned_unigram_candidate_sampler([[0]], 1, 6, true, 5), /Sampler's range is too small/);
  });
});
