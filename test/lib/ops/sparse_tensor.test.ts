// tf.SparseTensor, tf.SparseTensorValue and tf.sparse_placeholder, as TF's sparse_tensor_test and session_test
// (testFetchSparseTensor, testFeedSparseTensor, testFeedSparsePlaceholder*) use them.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';

describe('SparseTensor', () => {
  beforeEach(() => tf.reset_default_graph());

  it('holds int64 indices and dense_shape, values of their own dtype, and a static shape', () => {
    const sp = tf.SparseTensor([[1, 2], [2, 0], [3, 4]], ['hello', 'world', '33'], [5, 6]);
    assert.equal(sp.indices.dtype, tf.int64);
    assert.equal(sp.values.dtype, tf.string);
    assert.equal(sp.dense_shape.dtype, tf.int64);
    assert.equal(sp.dtype, tf.string);
    assert.equal(sp.op, sp.values.op);
    assert.equal(sp.graph, tf.get_default_graph());
    assert.deepEqual(sp.get_shape().as_list(), [5, 6]);
    assert.deepEqual([sp.indices.op.name, sp.values.op.name, sp.dense_shape.op.name], ['SparseTensor/indices', 'SparseTensor/values', 'SparseTensor/dense_shape']);
    assert.match(String(sp), /^SparseTensor\(indices=Tensor\("SparseTensor\/indices:0", shape=\(3, 2\), dtype=int64\), values=Tensor/);
    const sess = new tf.Session();
    const value = sp.eval({ session: sess });
    assert.ok(value instanceof tf.SparseTensorValue);
    assert.deepEqual(value.indices.toArray(), [[1, 2], [2, 0], [3, 4]]);
    assert.deepEqual(value.values.toArray(), ['hello', 'world', '33']);
    assert.deepEqual(value.dense_shape.toArray(), [5, 6]);
    // As a namedtuple, it destructures.
    const [i, v, s] = value;
    assert.equal(i, value.indices); assert.equal(v, value.values); assert.equal(s, value.dense_shape);
    sess.close();
  });

  it('checks the ranks and the agreement of its parts', () => {
    assert.throws(() => tf.SparseTensor([1, 2], [1, 2], [3]), /must have rank 2/);
    assert.throws(() => tf.SparseTensor([[0], [1]], [1, 2, 3], [3]), /not compatible/);
    assert.throws(() => tf.SparseTensor([[0, 1]], [1], [3]), /not compatible/);
  });

  it('is fetched as a SparseTensorValue inside nested fetches, and builds from one', () => {
    const sess = new tf.Session();
    const indices = [[0, 0], [1, 2]], values = [1, 2], shape = [2, 3];
    const sp = new tf.SparseTensor(tf.constant(indices, { dtype: tf.int64 }), tf.constant(values, { dtype: tf.float32 }), tf.constant(shape, { dtype: tf.int64 }));
    const [out, { x }] = sess.run([sp, { x: sp.values }] as const);
    assert.deepEqual(out.indices.toArray(), indices);
    assert.deepEqual(out.values.toArray(), values);
    assert.deepEqual(out.dense_shape.toArray(), shape);
    assert.deepEqual(x.toArray(), values);
    const again = tf.SparseTensor.from_value(out);
    assert.deepEqual(sess.run(again).values.toArray(), values);
    assert.equal(tf.SparseTensor.from_value(sp), sp);
    sess.close();
  });

  it('is fed from a SparseTensorValue, an object of its fields, or a list of three', () => {
    const sess = new tf.Session();
    const sp = tf.sparse_placeholder(tf.float32, { name: 'placeholder1' });
    assert.deepEqual([sp.values.op.name, sp.indices.op.name, sp.dense_shape.op.name], ['placeholder1/values', 'placeholder1/indices', 'placeholder1/shape']);
    assert.equal(sp.shape.ndims, null);
    const indices = [[3, 2, 0], [4, 5, 1]], values = [1, 2], shape = [7, 9, 2];
    const ident = tf.identity(sp.values);
    for (const fed of [tf.SparseTensorValue(indices, values, shape), { indices, values, dense_shape: shape }, [indices, values, shape]] as tf.SparseTensorValueLike[]) {
      const [v, parts] = sess.run([sp, ident] as const, new Map<tf.Tensor | tf.SparseTensor, tf.FeedValue>([[sp, fed]]));
      assert.deepEqual(v.indices.toArray(), indices);
      assert.deepEqual(v.values.toArray(), values);
      assert.deepEqual(v.dense_shape.toArray(), shape);
      assert.equal(v.values.dtype, tf.float32);
      assert.deepEqual(parts.toArray(), values);
    }
    assert.throws(() => sess.run(sp.values, new Map([[sp, 3]])), /must be a tf\.SparseTensorValue/);
    sess.close();
  });

  it('sparse_placeholder takes a shape: a constant dense_shape when fully known, a placeholder of its rank otherwise', () => {
    const known = tf.sparse_placeholder(tf.float32, [10, 47]);
    assert.equal(known.dense_shape.op.type, 'Const');
    assert.deepEqual(known.get_shape().as_list(), [10, 47]);
    assert.deepEqual(known.indices.shape.as_list(), [null, 2]);
    const partial = tf.sparse_placeholder(tf.float32, [null, 47]);
    assert.equal(partial.dense_shape.op.type, 'Placeholder');
    assert.deepEqual(partial.get_shape().as_list(), [null, null]);
    const none = tf.sparse_placeholder(tf.int32);
    assert.deepEqual(none.indices.shape.as_list(), [null, null]);
    assert.equal(none.dtype, tf.int32);
    const sess = new tf.Session();
    const v = sess.run(known, new Map([[known, { indices: [[1, 2]], values: [5], dense_shape: [10, 47] }]]));
    assert.deepEqual(v.dense_shape.toArray(), [10, 47]);
    assert.throws(() => sess.run(known.values), /placeholder|fed|feed/i);
    sess.close();
    assert.equal(tf.sparse.placeholder, tf.sparse_placeholder);
    assert.equal(tf.sparse.SparseTensor, tf.SparseTensor);
  });
});
