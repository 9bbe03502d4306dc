// CTC: TF's ctc_loss_op_test and ctc_decoder_ops_test values (Graves' example losses and gradients, greedy and
// beam search decodings), the options, the label helpers, errors, and the loss's gradient by finite differences.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { assertClose } from './helpers';
import { checkGradient, rng, sample } from './gradient_check';

const runAll = (ts: (tf.Tensor | tf.SparseTensor)[]) => { const s = new tf.Session(); try { return s.run(ts as tf.Tensor[]); } finally { s.close(); } };
/** [batch][time][classes] values as time-major [time, batch, classes] float32 logs. */
const timeMajorLog = (perBatch: number[][][]) => {
  const T = perBatch[0].length, B = perBatch.length, C = perBatch[0][0].length;
  const data = new Float32Array(T * B * C);
  perBatch.forEach((rows, b) => rows.forEach((row, t) => row.forEach((p, c) => { data[(t * B + b) * C + c] = Math.log(p); })));
  return tf.constant(new tf.NDArray(tf.float32, [T, B, C], data));
};
/** A SparseTensor of int32 labels, one row per example. */
const sparseLabels = (rows: number[][]) => {
  const indices: number[][] = [], values: number[] = [];
  rows.forEach((r, b) => r.forEach((v, i) => { indices.push([b, i]); values.push(v); }));
  return new tf.SparseTensor(tf.constant(indices, { dtype: tf.int64 }), tf.constant(values, { dtype: tf.int32 }), tf.constant([rows.length, Math.max(...rows.map((r) => r.length))], { dtype: tf.int64 }));
};

describe('ctc_loss (ctc_loss_op_test)', () => {
  beforeEach(() => tf.reset_default_graph());
  // Alex Graves' example: two batch entries of 5 steps over 6 classes (the blank is 5).
  const probs0 = [[0.633766, 0.221185, 0.0917319, 0.0129757, 0.0142857, 0.0260553], [0.111121, 0.588392, 0.278779, 0.0055756, 0.00569609, 0.010436],
    [0.0357786, 0.633813, 0.321418, 0.00249248, 0.00272882, 0.0037688], [0.0663296, 0.643849, 0.280111, 0.00283995, 0.0035545, 0.00331533],
    [0.458235, 0.396634, 0.123377, 0.00648837, 0.00903441, 0.00623107]];
  const probs1 = [[0.30176, 0.28562, 0.0831517, 0.0862751, 0.0816851, 0.161508], [0.24082, 0.397533, 0.0557226, 0.0546814, 0.0557528, 0.19549],
    [0.230246, 0.450868, 0.0389607, 0.038309, 0.0391602, 0.202456], [0.280884, 0.429522, 0.0326593, 0.0339046, 0.0326856, 0.190345],
    [0.423286, 0.315517, 0.0338439, 0.0393744, 0.0339315, 0.154046]];
  const grad0 = [[-0.366234, 0.221185, 0.0917319, 0.0129757, 0.0142857, 0.0260553], [0.111121, -0.411608, 0.278779, 0.0055756, 0.00569609, 0.010436],
    [0.0357786, 0.633813, -0.678582, 0.00249248, 0.00272882, 0.0037688], [0.0663296, -0.356151, 0.280111, 0.00283995, 0.0035545, 0.00331533],
    [-0.541765, 0.396634, 0.123377, 0.00648837, 0.00903441, 0.00623107]];
  const grad1 = [[-0.69824, 0.28562, 0.0831517, 0.0862751, 0.0816851, 0.161508], [0.24082, -0.602467, 0.0557226, 0.0546814, 0.0557528, 0.19549],
    [0.230246, 0.450868, 0.0389607, 0.038309, 0.0391602, -0.797544], [0.280884, -0.570478, 0.0326593, 0.0339046, 0.0326856, 0.190345],
    [-0.576714, 0.315517, 0.0338439, 0.0393744, 0.0339315, 0.154046]];

  it('losses and gradients of Graves\' two examples (testBasic)', () => {
    const inputs = timeMajorLog([probs0, probs1]);
    const loss = tf.nn.ctc_loss(sparseLabels([[0, 1, 2, 1, 0], [0, 1, 1, 0]]), inputs, [5, 5]);
    assert.equal(loss.op.type, 'CTCLoss');
    assert.equal(loss.op.name, 'CTCLoss');
    assert.equal(loss.shape.toString(), '(2,)');
    const [dx] = tf.gradients(loss, [inputs]);
    const [l, g] = runAll([loss, dx as tf.Tensor]);
    assertClose(l.values, [3.34211, 5.42262], 1e-5);
    const want: number[] = [];
    for (let t = 0; t < 5; t++) want.push(...grad0[t], ...grad1[t]);
    assertClose(g.values, want, 1e-4);
  });

  it('batch-major inputs, shorter sequences, collapsing and not merging repeats', () => {
    const inputs = timeMajorLog([probs0, probs1]);
    const labels = sparseLabels([[0, 1, 2, 1, 0], [0, 1, 1, 0]]);
    const [timeMajor, batchMajor] = runAll([tf.nn.ctc_loss(labels, inputs, [5, 5]), tf.nn.ctc_loss(labels, tf.transpose(inputs, [1, 0, 2]), [5, 5], { time_major: false })]);
    assertClose(batchMajor.values, timeMajor.values, 1e-6);
    // Collapsing [0, 1, 1, 0] to [0, 1, 0] gives that sequence's loss.
    const [collapsed, direct] = runAll([
      tf.nn.ctc_loss(sparseLabels([[0, 1, 1, 0]]), timeMajorLog([probs1]), [5], { preprocess_collapse_repeated: true }),
      tf.nn.ctc_loss(sparseLabels([[0, 1, 0]]), timeMajorLog([probs1]), [5]),
    ]);
    assertClose(collapsed.values, direct.values, 1e-6);
    // Without merging repeats every frame is a label: [1, 1] over 2 steps is only the path (1, 1), while merging
    // needs a blank between them (3 steps).
    const two = [[0.1, 0.6, 0.3], [0.2, 0.5, 0.3]];
    const [noMerge] = runAll([tf.nn.ctc_loss(sparseLabels([[1, 1]]), timeMajorLog([two]), [2], { ctc_merge_repeated: false })]);
    assertClose(noMerge.values, [-Math.log(0.6 * 0.5)], 1e-5);
    assert.throws(() => runAll([tf.nn.ctc_loss(sparseLabels([[1, 1]]), timeMajorLog([two]), [2])]), /required: 3, available: 2/);
    // A 2-step sequence: only its first steps count.
    const [short] = runAll([tf.nn.ctc_loss(sparseLabels([[0]]), timeMajorLog([probs0]), [2])]);
    const p = probs0;
    assertClose(short.values, [-Math.log(p[0][0] * p[1][5] + p[0][5] * p[1][0] + p[0][0] * p[1][0])], 1e-5);
  });

  it('raises TF\'s errors, or ignores too long labels when told', () => {
    const inputs = timeMajorLog([probs0]);
    assert.throws(() => tf.nn.ctc_loss(tf.constant([[0]]) as unknown as tf.SparseTensor, inputs, [5]), /Expected labels \(first argument\) to be a SparseTensor/);
    assert.throws(() => runAll([tf.nn.ctc_loss(sparseLabels([[0, 1, 1, 2]]), inputs, [4])]), /Not enough time for target transition sequence \(required: 5, available: 4\)/);
    const [ignored] = runAll([tf.nn.ctc_loss(sparseLabels([[0, 1, 1, 2]]), inputs, [4], { ignore_longer_outputs_than_inputs: true })]);
    assert.deepEqual(Array.from(ignored.values), [0]);
    assert.throws(() => runAll([tf.nn.ctc_loss(sparseLabels([[5]]), inputs, [5])]), /Saw a non-null label \(index >= num_classes - 1\)/);
    assert.throws(() => runAll([tf.nn.ctc_loss(sparseLabels([[0]]), inputs, [6])]), /sequence_length\(0\) <= 5/);
    assert.throws(() => tf.nn.ctc_loss(sparseLabels([[0]]), inputs, [5, 5]), /Dimensions must be equal, but are 1 and 2/);
  });

  it('gradient in the logits by finite differences; no second derivative', () => {
    const types = checkGradient((x) => tf.nn.ctc_loss(sparseLabels([[1, 0, 1], [2, 2]]), x, [4, 3]), [{ shape: [4, 2, 4] }], 6000, 1e-5);
    assert.ok(types.includes('PreventGradient'), `${types}`);
    tf.reset_default_graph();
    const x = tf.constant(sample([3, 1, 3], 'any', rng(1)));
    const [g] = tf.gradients(tf.nn.ctc_loss(sparseLabels([[0]]), x, [3]), [x]);
    assert.throws(() => tf.gradients(g!, [x]), /Currently there is no way to take the second derivative of ctc_loss/);
  });

  it('ctc_loss_v2: SparseTensor labels with blank_index, and dense labels', () => {
    const inputs = timeMajorLog([probs0, probs1]);
    const [reference] = runAll([tf.nn.ctc_loss(sparseLabels([[0, 1, 2, 1, 0], [0, 1, 1, 0]]), inputs, [5, 5])]);
    // The blank at index 0: the classes rotated so that the same problem reads blank-first.
    const rotated = tf.concat([tf.getitem(inputs, {}, {}, { start: 5 }), tf.getitem(inputs, {}, {}, { stop: 5 })], 2);
    const shifted = [[1, 2, 3, 2, 1], [1, 2, 2, 1]];
    const [sparseV2, denseV2] = runAll([
      tf.nn.ctc_loss_v2(sparseLabels(shifted), rotated, null, [5, 5], { blank_index: 0 }),
      tf.nn.ctc_loss_v2(tf.constant([[1, 2, 3, 2, 1], [1, 2, 2, 1, 0]]), rotated, [5, 4], [5, 5], { blank_index: 0 }),
    ]);
    assertClose(sparseV2.values, reference.values, 1e-5);
    assertClose(denseV2.values, reference.values, 1e-5);
    assert.throws(() => tf.nn.ctc_loss_v2(sparseLabels(shifted), rotated, null, [5, 5]), /blank_index must be given when using SparseTensor labels/);
  });
});

describe('CTC decoders (ctc_decoder_ops_test)', () => {
  beforeEach(() => tf.reset_default_graph());

  it('ctc_greedy_decoder (testCTCGreedyDecoder)', () => {
    const m0 = [[1, 0, 0, 0], [0, 0, 0.4, 0.6], [0, 0, 0.4, 0.6], [0, 0.9, 0.1, 0], [0, 0, 0, 0], [0, 0, 0, 0]];
    const m1 = [[0.1, 0.9, 0, 0], [0, 0.9, 0.1, 0], [0, 0, 0.1, 0.9], [0, 0.9, 0.1, 0.1], [0.9, 0.1, 0, 0], [0, 0, 0, 0]];
    const [[decoded], logProb] = tf.nn.ctc_greedy_decoder(timeMajorLog([m0, m1]), [4, 5]);
    assert.equal(decoded.values.op.type, 'CTCGreedyDecoder');
    assert.equal(logProb.shape.toString(), '(2, 1)');
    const [ix, vals, shape, lp] = runAll([decoded.indices, decoded.values, decoded.dense_shape, logProb]);
    assert.deepEqual((ix.toArray() as number[][]).map((r) => r.map(Number)), [[0, 0], [0, 1], [1, 0], [1, 1], [1, 2]]);
    assert.deepEqual(Array.from(vals.values, Number), [0, 1, 1, 1, 0]);
    assert.deepEqual(Array.from(shape.values, Number), [2, 3]);
    const sumNegLog = (ps: number[]) => ps.reduce((s, p) => s - Math.log(p), 0);
    assertClose(lp.values, [sumNegLog([1, 0.6, 0.6, 0.9]), sumNegLog([0.9, 0.9, 0.9, 0.9, 0.9])], 1e-5);
    // Without merging, the two leading 1s of example 1 stay apart.
    const [[unmerged]] = tf.nn.ctc_greedy_decoder(timeMajorLog([m0, m1]), [4, 5], { merge_repeated: false });
    assert.deepEqual(Array.from(runAll([unmerged.values])[0].values, Number), [0, 1, 1, 1, 1, 0]);
    assert.throws(() => runAll([tf.nn.ctc_greedy_decoder(timeMajorLog([m0]), [7])[1]]), (e: Error) => e.name === 'FailedPreconditionError' && /sequence_length\(0\) <= 6/.test(e.message));
  });

  it('ctc_beam_search_decoder (testCTCBeamSearchDecoder): two beams, their labels and log probabilities', () => {
    const m = [[0.30999, 0.309938, 0.0679938, 0.0673362, 0.0708352, 0.173908], [0.215136, 0.439699, 0.0370931, 0.0393967, 0.0381581, 0.230517],
      [0.199959, 0.489485, 0.0233221, 0.0251417, 0.0233289, 0.238763], [0.279611, 0.452966, 0.0204795, 0.0209126, 0.0194803, 0.20655],
      [0.51286, 0.288951, 0.0243026, 0.0220788, 0.0219297, 0.129878]];
    // log probabilities plus an arbitrary offset, then two all-zero steps past the sequence's end
    const data = new Float32Array(7 * 6);
    m.forEach((row, t) => row.forEach((p, c) => { data[t * 6 + c] = Math.log(p) + 2; }));
    const inputs = tf.constant(new tf.NDArray(tf.float32, [7, 1, 6], data));
    const [decoded, logProb] = tf.nn.ctc_beam_search_decoder(inputs, [5], { beam_width: 2, top_paths: 2 });
    assert.equal(decoded.length, 2);
    assert.equal(logProb.shape.toString(), '(1, 2)');
    const [i0, v0, s0, i1, v1, s1, lp] = runAll([decoded[0].indices, decoded[0].values, decoded[0].dense_shape, decoded[1].indices, decoded[1].values, decoded[1].dense_shape, logProb]);
    assert.deepEqual((i0.toArray() as number[][]).map((r) => r.map(Number)), [[0, 0], [0, 1]]);
    assert.deepEqual(Array.from(v0.values, Number), [1, 0]);
    assert.deepEqual(Array.from(s0.values, Number), [1, 2]);
    assert.deepEqual((i1.toArray() as number[][]).map((r) => r.map(Number)), [[0, 0], [0, 1], [0, 2]]);
    assert.deepEqual(Array.from(v1.values, Number), [0, 1, 0]);
    assert.deepEqual(Array.from(s1.values, Number), [1, 3]);
    assertClose(lp.values, [0.584855, 0.389139], 1e-5);
    assert.throws(() => runAll([tf.nn.ctc_beam_search_decoder(inputs, [5], { beam_width: 2, top_paths: 3 })[1]]), /requested more paths than the beam width/);
  });

  it('ctc_beam_search_decoder_v2 keeps repeats a blank separates; merge_repeated merges them', () => {
    // Class 0, blank, class 0: the prefix [0, 0].
    const steps = [[0.9, 0.1], [0.05, 0.95], [0.9, 0.1]];
    const inputs = timeMajorLog([steps]);
    const [[v2]] = tf.nn.ctc_beam_search_decoder_v2(inputs, [3], { beam_width: 4 });
    const [[v1]] = tf.nn.ctc_beam_search_decoder(inputs, [3], { beam_width: 4 });
    assert.deepEqual(Array.from(runAll([v2.values])[0].values, Number), [0, 0]);
    assert.deepEqual(Array.from(runAll([v1.values])[0].values, Number), [0]);
  });
});

describe('collapse_repeated and ctc_unique_labels', () => {
  beforeEach(() => tf.reset_default_graph());
  it('collapse_repeated merges repeats within each length (ctc_ops_test testCollapseRepeated)', () => {
    const [collapsed, lengths] = tf.nn.collapse_repeated([[1, 3, 3, 3, 0], [1, 4, 4, 4, 0], [4, 2, 2, 9, 4]], [4, 5, 5]);
    const [c, l] = runAll([collapsed, lengths]);
    assert.deepEqual(c.toArray(), [[1, 3, 0, 0], [1, 4, 0, 0], [4, 2, 9, 4]]);
    assert.deepEqual(Array.from(l.values), [2, 3, 4]);
    assert.ok(collapsed.op.name.startsWith('collapse_repeated_labels/'));
  });
  it('ctc_unique_labels (ctc_ops_test testCtcUniqueLabels)', () => {
    const [u, idx] = tf.nn.ctc_unique_labels([[3, 4, 4, 3], [1, 1, 1, 1]]);
    assert.equal(u.dtype, tf.int64);
    const [uv, iv] = runAll([u, idx]);
    assert.deepEqual((uv.toArray() as number[][]).map((r) => r.map(Number)), [[3, 4, 0, 0], [1, 0, 0, 0]]);
    assert.deepEqual(iv.toArray(), [[0, 1, 1, 0], [0, 0, 0, 0]]);
  });
});
