// tf.nn.embedding_lookup_sparse and tf.nn.safe_embedding_lookup_sparse with the cases of TF's embedding_ops_test
// (EmbeddingLookupSparseTest's combiners, SafeEmbeddingLookupSparseTest's ids and weights), fixed weights in
// place of random ones; also segment_sum / segment_mean, which the weighted lookups use.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { checkGradient } from './gradient_check';
import { assertClose } from './helpers';

const W = [[0.1, 0.2, 0.3, 0.4], [-1, 0.5, 2, 0], [3, -2, 1, 0.25], [0.7, 0.8, -0.9, 1.1]];
const add = (a: number[], b: number[], s = 1) => a.map((x, i) => x + s * b[i]);
const scale = (a: number[], s: number) => a.map((x) => x * s);
const zeros = [0, 0, 0, 0];

let sess: tf.Session;
const run = (t: tf.Tensor) => sess.run(t).toArray() as number[][];

describe('embedding_lookup_sparse and safe_embedding_lookup_sparse', () => {
  beforeEach(() => { tf.reset_default_graph(); sess = new tf.Session(); });
  afterEach(() => sess.close());

  it('combines the weighted rows of each row of ids: sum, mean, sqrtn; without weights, weights of 1', () => {
    const params = tf.constant(W, { dtype: tf.float32 });
    const indices = [[0, 0], [0, 1], [1, 0], [2, 0], [2, 1]];
    const spIds = tf.SparseTensor(indices, tf.constant([0, 2, 1, 3, 3], { dtype: tf.int64 }), [3, 2]);
    const spWeights = tf.SparseTensor(indices, tf.constant([1, 2, 3, 0.5, 1.5], { dtype: tf.float32 }), [3, 2]);
    const sums = [add(W[0], scale(W[2], 2)), scale(W[1], 3), scale(W[3], 2)];
    const weightSums = [3, 3, 2], squareSums = [5, 9, 2.5];
    const sum = tf.nn.embedding_lookup_sparse(params, spIds, spWeights, { combiner: 'sum' });
    assert.equal(sum.op.type, 'SegmentSum');
    assert.equal(sum.op.name, 'embedding_lookup_sparse');
    run(sum).forEach((r, i) => assertClose(r, sums[i]));
    run(tf.nn.embedding_lookup_sparse(params, spIds, spWeights, { combiner: 'mean' })).forEach((r, i) => assertClose(r, scale(sums[i], 1 / weightSums[i])));
    run(tf.nn.embedding_lookup_sparse(params, spIds, spWeights, { combiner: 'sqrtn' })).forEach((r, i) => assertClose(r, scale(sums[i], 1 / Math.sqrt(squareSums[i]))));
    // Without weights: SparseSegmentSum / Mean / SqrtN over the unique ids.
    const plain = tf.nn.embedding_lookup_sparse(params, spIds, null, { combiner: 'sum' });
    assert.equal(plain.op.type, 'SparseSegmentSum');
    run(plain).forEach((r, i) => assertClose(r, [add(W[0], W[2]), W[1], scale(W[3], 2)][i]));
    run(tf.nn.embedding_lookup_sparse(params, spIds, null)).forEach((r, i) => assertClose(r, [scale(add(W[0], W[2]), 0.5), W[1], W[3]][i]));
    run(tf.nn.embedding_lookup_sparse(params, spIds, null, { combiner: 'sqrtn' })).forEach((r, i) => assertClose(r, [scale(add(W[0], W[2]), Math.SQRT1_2), W[1], scale(W[3], Math.SQRT2)][i]));
    assert.throws(() => tf.nn.embedding_lookup_sparse(params, spIds, null, { combiner: 'max' as 'sum' }), /combiner must be one of 'mean', 'sqrtn' or 'sum'/);
    assert.throws(() => tf.nn.embedding_lookup_sparse(params, tf.constant([1]) as unknown as tf.SparseTensor, null), /sp_ids must be SparseTensor/);
  });

  it('looks up sharded params, and gives the params IndexedSlices gradients an optimizer applies', () => {
    const shards = [tf.Variable(tf.constant([W[0], W[2]], { dtype: tf.float32 })), tf.Variable(tf.constant([W[1], W[3]], { dtype: tf.float32 }))];
    const spIds = tf.SparseTensor([[0, 0], [0, 1], [1, 0]], tf.constant([0, 3, 2], { dtype: tf.int64 }), [2, 2]);
    const out = tf.nn.embedding_lookup_sparse(shards, spIds, null, { combiner: 'sum' });
    sess.run(tf.global_variables_initializer());
    run(out).forEach((r, i) => assertClose(r, [add(W[0], W[3]), W[2]][i]));
    const grads = tf.gradients(tf.reduce_sum(out), shards);
    assert.ok(grads.every((g) => g instanceof tf.IndexedSlices));
    sess.run(new tf.train.GradientDescentOptimizer(1).minimize(tf.reduce_sum(out)));
    assertClose((sess.run(shards[0]).toArray() as number[][]).flat(), [...add(W[0], [1, 1, 1, 1], -1), ...add(W[2], [1, 1, 1, 1], -1)]);
    assertClose((sess.run(shards[1]).toArray() as number[][]).flat(), [...W[1], ...add(W[3], [1, 1, 1, 1], -1)]);
  });

  // TF's _ids_and_weights_2d: row 0 several valid ids and one invalid, row 1 only invalid ids, row 2 no ids,
  // row 3 one id, row 4 only ids of weight <= 0.
  const idsAndWeights2d = () => {
    const indices = [[0, 0], [0, 1], [0, 2], [1, 0], [3, 0], [4, 0], [4, 1]];
    return [
      tf.SparseTensor(indices, tf.constant([0, 1, -1, -1, 2, 0, 1], { dtype: tf.int64 }), [5, 4]),
      tf.SparseTensor(indices, tf.constant([1, 2, 1, 1, 3, 0, -0.5], { dtype: tf.float32 }), [5, 4]),
    ] as const;
  };

  it('safe_embedding_lookup_sparse: zeros for rows left empty, or the default id\'s row', () => {
    const weights = tf.constant(W, { dtype: tf.float32 });
    const [ids, wts] = idsAndWeights2d();
    const mean01 = scale(add(W[0], scale(W[1], 2)), 1 / 3);
    const zero = run(tf.nn.safe_embedding_lookup_sparse([weights], ids, { sparse_weights: wts }));
    [mean01, zeros, zeros, W[2], zeros].forEach((e, i) => assertClose(zero[i], e));
    const special = run(tf.nn.safe_embedding_lookup_sparse([weights], ids, wts, 'mean', 3));
    [mean01, W[3], W[3], W[2], W[3]].forEach((e, i) => assertClose(special[i], e));
    const noWeights = run(tf.nn.safe_embedding_lookup_sparse([weights], ids));
    const mean01Plain = scale(add(W[0], W[1]), 0.5);
    [mean01Plain, zeros, zeros, W[2], mean01Plain].forEach((e, i) => assertClose(noWeights[i], e));
    // With 'sum', ids of weight <= 0 are kept.
    const summed = run(tf.nn.safe_embedding_lookup_sparse([weights], ids, { sparse_weights: wts, combiner: 'sum' }));
    assertClose(summed[4], add(scale(W[0], 0), scale(W[1], -0.5)));
  });

  it('safe_embedding_lookup_sparse of 3-D ids keeps the leading dimensions', () => {
    const weights = tf.constant(W, { dtype: tf.float32 });
    // TF's _ids_and_weights_3d.
    const indices = [[0, 0, 0], [0, 0, 1], [0, 0, 2], [0, 1, 0], [1, 0, 0], [1, 1, 0], [1, 1, 1]];
    const ids = tf.SparseTensor(indices, tf.constant([0, 1, -1, -1, 2, 0, 1], { dtype: tf.int64 }), [2, 3, 4]);
    const wts = tf.SparseTensor(indices, tf.constant([1, 2, 1, 1, 3, 0, -0.5], { dtype: tf.float32 }), [2, 3, 4]);
    const result = tf.nn.safe_embedding_lookup_sparse([weights], ids, { sparse_weights: wts });
    assert.deepEqual(result.shape.as_list(), [null, null, 4]);
    const out = sess.run(result).toArray() as number[][][];
    const mean01 = scale(add(W[0], scale(W[1], 2)), 1 / 3);
    [[mean01, zeros, zeros], [W[2], zeros, zeros]].forEach((rows, i) => rows.forEach((e, j) => assertClose(out[i][j], e)));
  });

  it('segment_sum and segment_mean over sorted ids, with their gradients', () => {
    const c = tf.constant([[1, 2, 3, 4], [4, 3, 2, 1], [5, 6, 7, 8]]);
    assert.deepEqual(run(tf.segment_sum(c, [0, 0, 1])), [[5, 5, 5, 5], [5, 6, 7, 8]]);
    assert.deepEqual(run(tf.segment_mean(c, [0, 0, 2])), [[2.5, 2.5, 2.5, 2.5], [0, 0, 0, 0], [5, 6, 7, 8]]);
    assert.throws(() => sess.run(tf.segment_sum(c, [1, 0, 1])), /segment ids are not increasing/);
    checkGradient((x) => tf.segment_sum(x, [0, 0, 2]), [{ shape: [3, 2] }], 41);
    checkGradient((x) => tf.segment_mean(x, [0, 1, 1]), [{ shape: [3, 2] }], 42);
  });
});
