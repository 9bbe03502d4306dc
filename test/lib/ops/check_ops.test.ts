// TF 1.15's check_ops: assert_* build a comparison, reduce_all and an Assert under their own name scope,
// decide what is known while building (constant pairs for assert_equal, static ranks, dtypes) and fail at
// run time with InvalidArgumentError otherwise.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';

function runOp(op: tf.Operation, feeds?: tf.FeedDict): void {
  const sess = new tf.Session();
  try { sess.run(op, feeds); } finally { sess.close(); }
}

describe('check_ops: assertions', () => {
  beforeEach(() => tf.reset_default_graph());

  it('assert_equal decides two constants while building and checks placeholders when run', () => {
    assert.throws(() => tf.assert_equal(tf.constant([1, 2]), tf.constant([1, 3]), { message: 'shapes differ' }),
      (e: Error) => e instanceof tf.errors.InvalidArgumentError && /shapes differ\nCondition x == y did not hold element-wise:\nx \(Const:0\) = \n\[1\. 2\.\]\ny \(Const_1:0\) = \n\[1\. 3\.\]$/.test(e.message));
    const ok = tf.assert_equal(tf.constant([[1, 1]]), tf.constant([1]));
    assert.equal(ok.type, 'Assert');
    assert.ok(ok.name.startsWith('assert_equal_1/'));
    const ops = tf.get_default_graph().get_operations().map((o) => `${o.name}:${o.type}`);
    assert.ok(ops.includes('assert_equal_1/Equal:Equal'));
    assert.ok(ops.includes('assert_equal_1/All:All'));
    runOp(ok);
    const p = tf.placeholder(tf.float32, [2]);
    const check = tf.assert_equal(p, [1, 2]);
    runOp(check, new Map([[p, [1, 2]]]) as unknown as tf.FeedDict);
    assert.throws(() => runOp(check, new Map([[p, [1, 5]]]) as unknown as tf.FeedDict), /Condition x == y did not hold element-wise/);
  });

  it('assert_less, assert_less_equal, assert_greater, assert_greater_equal and assert_none_equal fail when run', () => {
    const p = tf.placeholder(tf.float32, [2], 'p');
    const feed = (v: number[]) => new Map([[p, v]]) as unknown as tf.FeedDict;
    const cases: [tf.Operation, number[], number[], RegExp][] = [
      [tf.assert_less(p, 2), [0, 1], [0, 2], /Condition x < y did not hold/],
      [tf.assert_less_equal(p, 2), [1, 2], [3, 2], /Condition x <= y did not hold/],
      [tf.assert_greater(p, 0), [1, 2], [0, 2], /Condition x > y did not hold/],
      [tf.assert_greater_equal(p, 0), [0, 2], [-1, 2], /Condition x >= y did not hold/],
      [tf.assert_none_equal(p, 0), [1, 2], [0, 2], /Condition x != y did not hold/],
    ];
    for (const [op, good, bad, error] of cases) {
      runOp(op, feed(good));
      assert.throws(() => runOp(op, feed(bad)), (e: Error) => e instanceof tf.errors.InvalidArgumentError && error.test(e.message));
    }
    assert.equal(tf.get_default_graph().get_operation_by_name('assert_greater/Greater').type, 'Greater');
  });

  it('the sign asserts compare with a zero of x\'s dtype through assert_less / assert_less_equal', () => {
    const p = tf.placeholder(tf.int32, [2], 'p');
    const feed = (v: number[]) => new Map([[p, v]]) as unknown as tf.FeedDict;
    const pos = tf.assert_positive(p);
    assert.ok(pos.name.startsWith('assert_positive/assert_less/'));
    runOp(pos, feed([1, 2]));
    assert.throws(() => runOp(pos, feed([0, 2])), /Condition x > 0 did not hold element-wise/);
    assert.throws(() => runOp(tf.assert_negative(p), feed([-1, 0])), /Condition x < 0 did not hold/);
    runOp(tf.assert_non_negative(p), feed([0, 3]));
    assert.throws(() => runOp(tf.assert_non_negative(p), feed([-1, 3])), /Condition x >= 0 did not hold/);
    runOp(tf.assert_non_positive(p), feed([0, -3]));
    assert.throws(() => runOp(tf.assert_non_positive(p), feed([1, 0])), /Condition x <= 0 did not hold/);
  });

  it('assert_rank and assert_rank_at_least: static ranks decided while building, unknown ones when run', () => {
    const x = tf.zeros([2, 3]);
    assert.equal(tf.assert_rank(x, 2).name, 'assert_rank/static_checks_determined_all_ok');
    assert.equal(tf.assert_rank(x, 2).type, 'NoOp');
    assert.throws(() => tf.assert_rank(x, 3, { message: 'bad' }), /^ValueError: bad\.  Tensor zeros:0 must have rank 3\.  Received rank 2, shape \(2, 3\)$/);
    assert.throws(() => tf.assert_rank(x, [2]), /Rank must be a scalar\./);
    assert.equal(tf.assert_rank_at_least(x, 1).type, 'NoOp');
    assert.throws(() => tf.assert_rank_at_least(x, 3), /must have rank at least 3\.  Received rank 2/);
    const p = tf.placeholder(tf.float32, null, 'p');
    const check = tf.assert_rank(p, 1);
    assert.equal(check.type, 'Assert');
    runOp(check, new Map([[p, [1, 2]]]) as unknown as tf.FeedDict);
    assert.throws(() => runOp(check, new Map([[p, [[1, 2]]]]) as unknown as tf.FeedDict), /Tensor p:0 must have rank/);
    runOp(tf.assert_rank_at_least(p, 1), new Map([[p, [[1, 2]]]]) as unknown as tf.FeedDict);
    assert.throws(() => tf.assert_rank(x, tf.constant(2, { dtype: tf.int64 })), /must be of type/);
  });

  it('assert_scalar, assert_type, assert_integer, is_tensor and is_numeric_tensor check while building', () => {
    const s = tf.constant(3.0);
    assert.equal(tf.assert_scalar(s), s);
    assert.throws(() => tf.assert_scalar(tf.zeros([2])), /Expected scalar shape for zeros:0, saw shape: \(2,\)\./);
    assert.throws(() => tf.assert_scalar(tf.zeros([2]), { message: 'lr: ' }), /lr: Expected scalar shape/);
    assert.equal(tf.assert_type(s, tf.float32).name, 'assert_type/statically_determined_correct_type');
    assert.throws(() => tf.assert_type(s, tf.int32, { message: 'lr' }), (e: Error) => e.name === 'TypeError' && /lr  Const(_\d+)?:0 must be of type <dtype: 'int32'>/.test(e.message));
    assert.equal(tf.assert_integer(tf.constant(1, { dtype: tf.int32 })).name, 'assert_integer/statically_determined_was_integer');
    assert.throws(() => tf.assert_integer(s), /Expected "x" to be integer type\.  Found: Const(_\d+)?:0 of dtype <dtype: 'float32'>/);
    const v = tf.Variable(1.0);
    assert.equal(tf.is_tensor(s), true);
    assert.equal(tf.is_tensor(v), true);
    assert.equal(tf.is_tensor(3), false);
    assert.equal(tf.is_numeric_tensor(s), true);
    assert.equal(tf.is_numeric_tensor(tf.constant(true)), false);
    assert.equal(tf.is_numeric_tensor(3), false);
  });

  it('assert_near: |x - y| < atol + rtol |y|, tolerances 10 eps of x\'s dtype unless given', () => {
    const p = tf.placeholder(tf.float32, [2], 'p');
    const feed = (v: number[]) => new Map([[p, v]]) as unknown as tf.FeedDict;
    const exact = tf.assert_near(p, [1, 2]);
    runOp(exact, feed([1, 2]));
    assert.throws(() => runOp(exact, feed([1, 2.001])), /x and y not equal to tolerance rtol = Tensor\("assert_near\/rtol:0"/);
    const loose = tf.assert_near(p, [1, 2], { rtol: 0.01 });
    runOp(loose, feed([1, 2.001]));
    assert.throws(() => runOp(loose, feed([1, 2.1])), tf.errors.InvalidArgumentError);
  });

  it('is_non_decreasing and is_strictly_increasing flatten x and compare neighbours', () => {
    const sess = new tf.Session();
    const check = (t: tf.Tensor) => sess.run(t).toArray();
    assert.equal(check(tf.is_non_decreasing([[1, 1], [2, 3]])), true);
    assert.equal(check(tf.is_non_decreasing([1, 3, 2])), false);
    assert.equal(check(tf.is_strictly_increasing([1, 2, 3])), true);
    assert.equal(check(tf.is_strictly_increasing([1, 1, 2])), false);
    assert.equal(check(tf.is_strictly_increasing([5])), true);
    assert.equal(tf.is_non_decreasing([1, 2], { name: 'mono' }).op.name, 'mono/All');
    assert.throws(() => tf.is_non_decreasing(tf.constant(['a', 'b'])), /Expected x to be numeric/);
    sess.close();
  });

  it('check_numerics and verify_tensor_all_finite fail at run time on NaN or Inf, naming which', () => {
    const p = tf.placeholder(tf.float32, [2], 'p');
    const feed = (v: number[]) => new Map([[p, v]]) as unknown as tf.FeedDict;
    const checked = tf.check_numerics(p, 'loss');
    assert.equal(checked.op.type, 'CheckNumerics');
    assert.equal(checked.op.name, 'CheckNumerics');
    const sess = new tf.Session();
    assert.deepEqual(sess.run(checked, feed([1, 2])).toArray(), [1, 2]);
    assert.throws(() => sess.run(checked, feed([NaN, 2])), (e: Error) => e instanceof tf.errors.InvalidArgumentError && /^loss : Tensor had NaN values\n/.test(e.message));
    assert.throws(() => sess.run(checked, feed([Infinity, 2])), /loss : Tensor had Inf values/);
    assert.throws(() => sess.run(checked, feed([Infinity, NaN])), /loss : Tensor had Inf and NaN values/);
    assert.throws(() => tf.check_numerics(tf.constant(1, { dtype: tf.int32 }), 'i'), /DataType int32 not in list of allowed values/);
    const verified = tf.verify_tensor_all_finite(p, 'bad p');
    assert.equal(verified.op.name, 'VerifyFinite/control_dependency');
    assert.deepEqual(sess.run(verified, feed([3, 4])).toArray(), [3, 4]);
    assert.throws(() => sess.run(verified, feed([3, -Infinity])), /bad p : Tensor had Inf values/);
    assert.equal(tf.verify_tensor_all_finite({ x: p, message: 'm' }).op.type, 'Identity');
    // The gradient is checked too.
    const x = tf.constant([1, 2], { dtype: tf.float32 });
    const [g] = (tf.gradients(tf.reduce_sum(tf.check_numerics(x, 'x').mul(tf.constant([1, NaN], { dtype: tf.float32 }))), x) as tf.Tensor[]);
    assert.equal(g!.op.type, 'CheckNumerics');
    assert.throws(() => sess.run(g!), /Not a number \(NaN\) or infinity \(Inf\) values detected in gradient\. x : Tensor had NaN values/);
    sess.close();
  });

  it('identity_n passes a list through one IdentityN node, gradients too', () => {
    const a = tf.constant([1, 2], { dtype: tf.float32 });
    const b = tf.constant(3, { dtype: tf.int32 });
    const [a2, b2] = tf.identity_n([a, b]);
    assert.equal(a2.op.type, 'IdentityN');
    assert.equal(a2.op, b2.op);
    assert.equal(b2.name, 'IdentityN:1');
    assert.equal(b2.dtype, tf.int32);
    const sess = new tf.Session();
    assert.deepEqual(sess.run(a2).toArray(), [1, 2]);
    assert.equal(sess.run(b2).toArray(), 3);
    const [g] = (tf.gradients(tf.reduce_sum(a2.mul(3)), a) as tf.Tensor[]);
    assert.deepEqual(sess.run(g!).toArray(), [3, 3]);
    sess.close();
    assert.throws(() => tf.identity_n([]), /non-empty list/);
  });

  it('ensure_shape refines the static shape, fails at build time on a known mismatch and at run time on a fed one', () => {
    const p = tf.placeholder(tf.float32, [null, 2], 'p');
    const e = tf.ensure_shape(p, [3, null]);
    assert.equal(e.op.type, 'EnsureShape');
    assert.equal(e.op.name, 'EnsureShape');
    assert.equal(e.shape.toString(), '(3, 2)');
    const sess = new tf.Session();
    assert.deepEqual(sess.run(e, new Map([[p, [[1, 2], [3, 4], [5, 6]]]]) as unknown as tf.FeedDict).toArray(), [[1, 2], [3, 4], [5, 6]]);
    assert.throws(() => sess.run(e, new Map([[p, [[1, 2]]]]) as unknown as tf.FeedDict),
      (err: Error) => err instanceof tf.errors.InvalidArgumentError && /^Shape of tensor p \[1,2\] is not compatible with expected shape \[3,\?\]\./.test(err.message));
    assert.throws(() => tf.ensure_shape(p, [null, 3]), /Dimension 1 in both shapes must be equal, but are 3 and 2\. Shapes are \[\?,3\] and \[\?,2\]\./);
    assert.throws(() => tf.ensure_shape(p, [2]), /Shapes must be equal rank, but are 1 and 2/);
    const x = tf.constant([1, 2], { dtype: tf.float32 });
    const [g] = (tf.gradients(tf.reduce_sum(tf.ensure_shape(x, [2]).mul(5)), x) as tf.Tensor[]);
    assert.deepEqual(sess.run(g!).toArray(), [5, 5]);
    sess.close();
  });
});
