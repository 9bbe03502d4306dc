// tf.IndexedSlices as TF's indexed_slices tests and gradients_test use them: fetched as IndexedSlicesValue,
// fed, densified by convert_to_tensor with TF's warnings, and the gradient of a gather.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as tf from '../../../lib';

describe('IndexedSlices', () => {
  beforeEach(() => tf.reset_default_graph());

  it('has values, indices and dense_shape; fetches as an IndexedSlicesValue; converts to a dense tensor', () => {
    const values = tf.constant([[1, 2], [3, 4]], { dtype: tf.float32 });
    const indices = tf.constant([2, 0], { dtype: tf.int32 });
    const x = tf.IndexedSlices(values, indices, tf.constant([3, 2], { dtype: tf.int32 }));
    assert.equal(x.name, values.name);
    assert.equal(x.dtype, tf.float32);
    assert.equal(x.op, values.op);
    assert.deepEqual(x.get_shape().as_list(), [3, 2]);
    assert.match(String(x), /^IndexedSlices\(indices=Tensor\("Const_1:0"/);
    const sess = new tf.Session();
    const v = sess.run(x);
    assert.ok(v instanceof tf.IndexedSlicesValue);
    assert.deepEqual(v.values.toArray(), [[1, 2], [3, 4]]);
    assert.deepEqual(v.indices.toArray(), [2, 0]);
    assert.deepEqual(v.dense_shape!.toArray(), [3, 2]);
    const dense = tf.convert_to_tensor(x);
    assert.equal(dense.op.type, 'UnsortedSegmentSum');
    assert.deepEqual(sess.run(dense).toArray(), [[3, 4], [0, 0], [1, 2]]);
    // Repeated indices sum, and ops take IndexedSlices densified.
    const twice = tf.IndexedSlices(values, tf.constant([1, 1], { dtype: tf.int32 }), tf.constant([2, 2], { dtype: tf.int32 }));
    assert.deepEqual(sess.run(tf.add(twice, 1)).toArray(), [[1, 1], [5, 7]]);
    assert.equal(tf.convert_to_tensor_or_indexed_slices(x), x);
    assert.throws(() => tf.convert_to_tensor_or_indexed_slices(x, { dtype: tf.int32 }), /requested dtype int32/);
    sess.close();
  });

  it('is fed from an IndexedSlicesValue', () => {
    const x = tf.IndexedSlices(tf.placeholder(tf.float32, [null, 2]), tf.placeholder(tf.int64, [null]), tf.placeholder(tf.int64, [2]));
    const sess = new tf.Session();
    const fed = tf.IndexedSlicesValue(tf.NDArray.from([[5, 6]], tf.float32), tf.NDArray.from([1], tf.int64), tf.NDArray.from([2, 2], tf.int64));
    const out = sess.run(tf.convert_to_tensor(x), new Map<tf.IndexedSlices, tf.FeedValue>([[x, fed]]));
    assert.deepEqual(out.toArray(), [[0, 0], [5, 6]]);
    sess.close();
  });

  it('warns once when densified with an unknown shape (a Python UserWarning), and cannot be without dense_shape', () => {
    // Python shows a warning once per place it is issued: a fresh process shows it once for two conversions.
    const code = `const tf = require(${JSON.stringify(path.resolve(__dirname, '../../../lib'))});
      const x = tf.IndexedSlices(tf.placeholder(tf.float32, [null, 2]), tf.placeholder(tf.int32, [null]), tf.placeholder(tf.int32, [2]));
      tf.convert_to_tensor(x); tf.convert_to_tensor(x);`;
    const child = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', env: { ...process.env, SCOPEFLOW_CPU: 'reference' } });
    assert.equal(child.status, 0, child.stderr);
    const lines = child.stderr.split('\n').filter((l) => l.includes('UserWarning'));
    assert.equal(lines.length, 1, child.stderr);
    assert.match(lines[0], /UserWarning: Converting sparse IndexedSlices to a dense Tensor of unknown shape\. This may consume a large amount of memory\./);
    const noShape = tf.IndexedSlices(tf.constant([[1, 2]]), tf.constant([0], { dtype: tf.int32 }));
    assert.throws(() => tf.convert_to_tensor(noShape), /Tensor conversion requested for IndexedSlices without dense_shape/);
  });

  it('is the gradient of a gathered variable (Gather and GatherV2), through the variable\'s read', () => {
    const params = tf.Variable(tf.constant([[1, 2], [3, 4], [5, 6]], { dtype: tf.float32 }), { name: 'params' });
    const ids = tf.constant([2, 0, 2]);
    const [g] = tf.gradients(tf.reduce_sum(tf.nn.embedding_lookup(params, ids)), params);
    assert.ok(g instanceof tf.IndexedSlices);
    const sess = new tf.Session();
    sess.run(tf.global_variables_initializer());
    const v = sess.run(g);
    assert.deepEqual(v.indices.toArray(), [2, 0, 2]);
    assert.deepEqual(v.values.toArray(), [[1, 1], [1, 1], [1, 1]]);
    assert.deepEqual(v.dense_shape!.toArray(), [3, 2]);
    // Two gathers: their IndexedSlices concatenate (TF's _AggregateIndexedSlicesGradients).
    const [g2] = tf.gradients(tf.add(tf.reduce_sum(tf.gather(params, [0])), tf.reduce_sum(tf.gather(params, [1, 0]))), params);
    assert.ok(g2 instanceof tf.IndexedSlices);
    assert.equal(g2.values.op.type, 'ConcatV2');
    assert.deepEqual(sess.run(g2).indices.toArray(), [0, 1, 0]);
    assert.deepEqual(sess.run(tf.convert_to_tensor(g2)).toArray(), [[2, 2], [1, 1], [0, 0]]);
    sess.close();
  });
});
