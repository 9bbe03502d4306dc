import assert from 'node:assert/strict';
import * as tf from '../../../lib';

describe('tf.case', () => {
  beforeEach(() => tf.reset_default_graph());

  const f1 = () => tf.constant(17);
  const f2 = () => tf.constant(23);
  const r1 = () => tf.constant(-1);

  it('takes the fn of the first true predicate, else the default, through nested conds in the case scope', () => {
    const x = tf.placeholder(tf.int32, [], 'x');
    const y = tf.placeholder(tf.int32, [], 'y');
    const z = tf.case([[x.lt(y), f1], [x.gt(10), f2]], { default: r1 }) as tf.Tensor;
    assert.equal(z.name, 'case/cond/Merge:0');
    const names = tf.get_default_graph().get_operations().map((o) => o.name);
    assert.ok(names.includes('case/cond/cond/Merge'), names.join(' '));
    tf.Session((sess) => {
      const run = (a: number, b: number) => sess.run(z, new Map([[x, a], [y, b]])).item();
      assert.equal(run(1, 2), 17);
      assert.equal(run(20, 3), 23);
      assert.equal(run(5, 3), -1);
      // Both true: the first pair wins when not exclusive.
      assert.equal(run(11, 20), 17);
    });
  });

  it('takes keyword arguments and a Map (ordered by predicate name, as TF sorts a dict)', () => {
    const x = tf.placeholder(tf.int32, [], 'x');
    const b = tf.greater(x, 0, { name: 'b' }), a = tf.greater(x, 5, { name: 'a' });
    const z = tf.case({ pred_fn_pairs: new Map([[b, f1], [a, f2]]), default: r1, name: 'pick' }) as tf.Tensor;
    assert.equal(z.name, 'pick/cond/Merge:0');
    tf.Session((sess) => {
      // 'a' (x > 5) is tested first.
      assert.deepEqual([7, 3, -2].map((v) => sess.run(z, new Map([[x, v]])).item()), [23, 17, -1]);
    });
  });

  it('without a default, runs the last fn when its predicate is the only true one, else fails with TF\'s message', () => {
    const x = tf.placeholder(tf.int32, [], 'x');
    const z = tf.case([[x.lt(0), f1], [x.gt(0), f2]]) as tf.Tensor;
    tf.Session((sess) => {
      assert.equal(sess.run(z, new Map([[x, -3]])).item(), 17);
      assert.equal(sess.run(z, new Map([[x, 3]])).item(), 23);
      assert.throws(() => sess.run(z, new Map([[x, 0]])), (e: Error) => e instanceof tf.errors.InvalidArgumentError
        && /Input error: None of conditions evaluated as True:/.test(e.message));
    });
  });

  it('with exclusive, fails at run time when more than one predicate is true', () => {
    const x = tf.placeholder(tf.int32, [], 'x');
    const z = tf.case([[x.lt(10), f1], [x.gt(0), f2]], { default: r1, exclusive: true }) as tf.Tensor;
    tf.Session((sess) => {
      assert.equal(sess.run(z, new Map([[x, -1]])).item(), 17);
      assert.equal(sess.run(z, new Map([[x, 20]])).item(), 23);
      assert.throws(() => sess.run(z, new Map([[x, 5]])), (e: Error) => e instanceof tf.errors.InvalidArgumentError
        && e.message.includes('Input error: exclusive=True: more than 1 conditions (Less:0, Greater:0) evaluated as True:'));
    });
  });

  it('keeps a list result a list with strict, and rejects bad pairs as TF does', () => {
    const p = tf.constant(true);
    const z = tf.case([[p, () => [tf.constant(1)]]], { default: () => [tf.constant(2)], strict: true }) as tf.Tensor[];
    assert.ok(Array.isArray(z));
    tf.Session((sess) => assert.equal(sess.run(z[0]).item(), 1));
    assert.throws(() => tf.case([[tf.constant(1), f1]]), /pred must be Tensor of type bool: Const_\d+:0/);
    assert.throws(() => tf.case([[p, 3 as unknown as () => tf.Tensor]]), /fn for pred Const:0 must be callable\./);
    assert.throws(() => tf.case([[p] as unknown as [tf.Tensor, () => tf.Tensor]]), /Each entry in pred_fn_pairs must be a 2-tuple/);
    assert.throws(() => tf.case(5 as unknown as [], {}), /fns must be a list, tuple, or dict/);
    assert.throws(() => tf.case([[true as unknown as tf.Tensor, f1]]), (e: Error) => e instanceof tf.TypeError && /pred must be a Tensor, got: true/.test(e.message));
  });
});
