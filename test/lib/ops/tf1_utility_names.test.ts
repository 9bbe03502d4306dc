// TF 1.15's utility names: sparse_mask, add_check_numerics_ops, timestamp, get_static_value, assert_proper_iterable,
// to_bfloat16 and no_regularizer, as TF's tests and docs describe them.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';

describe('TF 1.15 utility names', () => {
  beforeEach(() => tf.reset_default_graph());

  it('sparse_mask drops the masked indices (TF\'s docstring example)', () => {
    const a = new tf.IndexedSlices(tf.reshape(tf.range(10, undefined, 1, { dtype: tf.float32 }), [5, 2]), tf.constant([12, 26, 37, 45, 92]), tf.constant([1000, 2]));
    const b = tf.sparse_mask(a, [12, 45]);
    const sess = new tf.Session();
    assert.deepEqual(Array.from(sess.run(b.indices).values as ArrayLike<number>), [26, 37, 92]);
    assert.deepEqual(sess.run(b.values).toArray(), [[2, 3], [4, 5], [8, 9]]);
    assert.equal(b.values.op.name, 'sparse_mask');
  });

  it('add_check_numerics_ops checks every floating tensor, each message naming it; refuses control flow', () => {
    const x = tf.placeholder(tf.float32, [2], 'x');
    const y = tf.log(x, { name: 'y' });
    const check = tf.add_check_numerics_ops();
    const sess = new tf.Session();
    sess.run([y, check], new Map([[x, [1, 2]]]));
    assert.throws(() => sess.run([y, check], new Map([[x, [0, 1]]])), { name: 'InvalidArgumentError', message: /y:0 : Tensor had Inf values/ });
    tf.reset_default_graph();
    tf.cond(tf.constant(true), () => tf.constant(1.0), () => tf.constant(2.0));
    assert.throws(() => tf.add_check_numerics_ops(), { name: 'ValueError', message: /not compatible with TensorFlow control flow/ });
  });

  it('timestamp: float64 seconds, read when run', () => {
    const t = tf.timestamp();
    assert.equal(t.dtype, tf.float64);
    assert.equal(t.op.type, 'Timestamp');
    const now = Date.now() / 1000;
    const got = new tf.Session().run(t).item() as number;
    assert.ok(Math.abs(got - now) < 60, `${got} vs ${now}`);
  });

  it('get_static_value, assert_proper_iterable, to_bfloat16, no_regularizer', () => {
    assert.deepEqual(tf.get_static_value(tf.constant([1, 2]))!.toArray(), [1, 2]);
    assert.equal(tf.get_static_value(tf.placeholder(tf.float32)), null);
    assert.deepEqual(tf.get_static_value(tf.shape(tf.zeros([2, 3])))!.toArray(), [2, 3]);
    assert.equal(tf.get_static_value(5)!.item(), 5);
    tf.assert_proper_iterable([1, 2]);
    assert.throws(() => tf.assert_proper_iterable(tf.constant([1])), { name: 'TypeError', message: /to be a "proper" iterable/ });
    assert.throws(() => tf.assert_proper_iterable('abc'), { name: 'TypeError', message: /to be a "proper" iterable/ });
    assert.throws(() => tf.assert_proper_iterable(3), { name: 'TypeError', message: /to be iterable/ });
    const b = tf.to_bfloat16(tf.constant([1.5]));
    assert.equal(b.dtype, tf.bfloat16);
    assert.equal(b.op.name, 'ToBFloat16');
    assert.equal(tf.no_regularizer(tf.constant(1)), null);
    const w = tf.get_variable('w', [2], { regularizer: tf.no_regularizer });
    assert.ok(w);
    assert.deepEqual(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES), []);
  });

  it('parallel_stack: a ParallelConcat of the inputs along a new first dimension', () => {
    const p = tf.parallel_stack([tf.constant([1, 2]), tf.constant([3, 4]), tf.constant([5, 6])]);
    assert.equal(p.op.type, 'ParallelConcat');
    assert.equal(p.op.name, 'parallel_stack/ParallelConcat');
    assert.deepEqual(p.shape.as_list(), [3, 2]);
    assert.deepEqual(new tf.Session().run(p).toArray(), [[1, 2], [3, 4], [5, 6]]);
    assert.throws(() => tf.parallel_stack([tf.placeholder(tf.float32, [null])]), { name: 'ValueError', message: /fully defined/ });
  });

  it('op_scope and variable_op_scope: name_scope and variable_scope with the values first', () => {
    const a = tf.constant(1), b = tf.constant(2);
    const sum = tf.op_scope([a, b], null, 'MyOp', () => tf.add(a, b));
    assert.equal(sum.op.name, 'MyOp/Add');
    assert.equal(tf.op_scope([a], 'named', () => tf.add(a, a)).op.name, 'named/Add');
    const v = tf.variable_op_scope([a], null, 'dense', () => tf.get_variable('w', [3]));
    assert.equal(v.op.name, 'dense/w');
    const w = tf.variable_op_scope([a], 'layer', { initializer: tf.ones_initializer() }, () => tf.get_variable('w', [2]));
    const sess = new tf.Session();
    sess.run(tf.global_variables_initializer());
    assert.deepEqual(Array.from(sess.run(w).values as ArrayLike<number>), [1, 1]);
  });

  it('assert_variables_initialized: the variables\' ranks, failing while one is uninitialized; null without variables', () => {
    assert.equal(tf.assert_variables_initialized(), null);
    const a = tf.Variable([1, 2], { name: 'a' }), b = tf.Variable(3, { name: 'b' });
    const check = tf.assert_variables_initialized()!;
    assert.deepEqual(tf.get_default_graph().get_operations().filter((o) => o.type === 'Rank').map((o) => o.colocation_groups()), [['loc:@a'], ['loc:@b']]);
    const sess = new tf.Session();
    assert.throws(() => sess.run(check), { name: 'FailedPreconditionError', message: /uninitialized value/ });
    sess.run(a.initializer);
    assert.throws(() => sess.run(check), { name: 'FailedPreconditionError', message: /uninitialized value b/ });
    sess.run(b.initializer);
    assert.deepEqual(Array.from(sess.run(check).values as ArrayLike<number>), [1, 0]);
    assert.equal(tf.assert_variables_initialized([a])!.op.type, 'Rank');
  });
});
