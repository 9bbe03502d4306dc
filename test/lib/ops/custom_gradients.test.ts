import assert from 'node:assert/strict';
import * as tf from '../../../lib';

describe('tf.RegisterGradient, tf.NotDifferentiable and Graph.gradient_override_map', () => {
  beforeEach(() => tf.reset_default_graph());

  it('gives ops built under the map the registered gradient, through TF\'s _gradient_op_type attr', () => {
    const registered = tf.RegisterGradient('OverrideTestDouble');
    const fn = (_op: tf.Operation, grad: tf.Tensor | null) => grad!.mul(2);
    assert.equal(registered(fn), fn);
    const x = tf.constant([1, 2, 3], tf.float32);
    const g = tf.get_default_graph();
    const y = g.gradient_override_map({ Square: 'OverrideTestDouble' }, () => tf.square(x));
    const plain = tf.square(x);
    assert.equal(y.op.get_attr('_gradient_op_type'), 'OverrideTestDouble');
    assert.throws(() => plain.op.get_attr('_gradient_op_type'));
    // As a `using` handle too.
    const handle = g.gradient_override_map({ Identity: 'OverrideTestDouble' });
    const z = tf.identity(x);
    handle.exit();
    assert.equal(z.op.get_attr('_gradient_op_type'), 'OverrideTestDouble');
    const [dy] = tf.gradients(tf.reduce_sum(y), [x]) as tf.Tensor[];
    const [dp] = tf.gradients(tf.reduce_sum(plain), [x]) as tf.Tensor[];
    tf.Session((sess) => {
      assert.deepEqual(sess.run(dy).toArray(), [2, 2, 2]);
      assert.deepEqual(sess.run(dp).toArray(), [2, 4, 6]);
    });
  });

  it('stops gradients at a NotDifferentiable name (also as NoGradient and no_gradient)', () => {
    assert.equal(tf.NoGradient, tf.NotDifferentiable);
    assert.equal(tf.no_gradient, tf.NotDifferentiable);
    tf.NoGradient('OverrideTestNone');
    const x = tf.constant([1, 2], tf.float32);
    const y = tf.get_default_graph().gradient_override_map({ Square: 'OverrideTestNone' }, () => tf.square(x));
    assert.deepEqual(tf.gradients(tf.reduce_sum(y), [x]), [null]);
  });

  it('raises TF\'s errors: two registrations, unknown names, bad maps', () => {
    tf.RegisterGradient('OverrideTestTwice')((_op: tf.Operation, g: tf.Tensor | null) => g);
    assert.throws(() => tf.RegisterGradient('OverrideTestTwice')((_op: tf.Operation, g: tf.Tensor | null) => g), /Registering two gradient with name 'OverrideTestTwice'!/);
    assert.throws(() => tf.RegisterGradient('MatMul')((_op: tf.Operation, g: tf.Tensor | null) => g), /Registering two gradient with name 'MatMul'!/);
    assert.throws(() => tf.RegisterGradient(3 as unknown as string), (e: Error) => e instanceof tf.TypeError && e.message === 'op_type must be a string');
    const x = tf.constant([1, 2], tf.float32);
    const g = tf.get_default_graph();
    const y = g.gradient_override_map({ Square: 'OverrideTestMissing' }, () => tf.square(x));
    assert.throws(() => tf.gradients(tf.reduce_sum(y), [x]), (e: Error) => e instanceof tf.LookupError
      && e.message === `No gradient defined for operation '${y.op.name}' (op type: Square)`);
    assert.throws(() => g.gradient_override_map({ Square: 3 } as unknown as Record<string, string>, () => 0), /op_type_map must be a dictionary mapping strings to strings/);
    tf.RegisterGradient('OverrideTestCount')((op: tf.Operation, grad: tf.Tensor | null) => [grad, grad]);
    const w = g.gradient_override_map({ Square: 'OverrideTestCount' }, () => tf.square(x));
    assert.throws(() => tf.gradients(tf.reduce_sum(w), [x]), /Num gradients 2 generated for op Square_\d+ do not match num inputs 1/);
  });
});

describe('tf.custom_gradient', () => {
  beforeEach(() => tf.reset_default_graph());

  it('routes the gradient through an IdentityN mapped to a fresh CustomGradient-<uid> (TF\'s log1pexp example)', () => {
    const log1pexp = tf.custom_gradient((x: tf.Tensor) => {
      const e = tf.exp(x);
      return [tf.log(e.add(1)), (dy: tf.Tensor) => dy.mul(tf.subtract(1, tf.reciprocal(e.add(1))))];
    });
    const x = tf.constant([0, 100], tf.float32);
    const y = log1pexp(x) as tf.Tensor;
    assert.equal(y.op.type, 'IdentityN');
    assert.match(String(y.op.get_attr('_gradient_op_type')), /^CustomGradient-\d+$/);
    // Without the custom gradient, exp(100) overflows and the gradient is NaN.
    const [plain] = tf.gradients(tf.reduce_sum(tf.log(tf.exp(x).add(1))), [x]) as tf.Tensor[];
    const [dx] = tf.gradients(tf.reduce_sum(y), [x]) as tf.Tensor[];
    tf.Session((sess) => {
      const v = sess.run(dx).toArray() as number[];
      assert.deepEqual(v, [0.5, 1]);
      assert.ok(Number.isNaN((sess.run(plain).toArray() as number[])[1]));
    });
  });

  it('takes several inputs and results; the grad_fn gives one gradient per input; refuses a bad f', () => {
    const f = tf.custom_gradient((a: tf.Tensor, b: tf.Tensor) => [[a.mul(b), a.add(b)], (d1: tf.Tensor, d2: tf.Tensor) => [d1.mul(10).add(d2), d2.mul(-1)]]);
    const a = tf.constant(2, tf.float32), b = tf.constant(3, tf.float32);
    const [p, s] = f(a, b) as tf.Tensor[];
    const grads = tf.gradients(p.add(s), [a, b]) as tf.Tensor[];
    tf.Session((sess) => {
      assert.deepEqual([sess.run(p).item(), sess.run(s).item()], [6, 5]);
      assert.deepEqual(grads.map((g) => sess.run(g).item()), [11, -1]);
    });
    assert.throws(() => tf.custom_gradient(3 as unknown as tf.CustomGradientFunction), tf.TypeError);
    const bad = tf.custom_gradient(((x: tf.Tensor) => x) as unknown as tf.CustomGradientFunction);
    assert.throws(() => bad(a), /must return a pair: its result and its grad_fn/);
  });
});

describe('tf.hessians', () => {
  beforeEach(() => tf.reset_default_graph());

  it('computes the Hessian shaped x.shape + x.shape through a while loop over the first derivative', () => {
    const x = tf.constant([[1, 2], [3, 4]], tf.float32);
    const [h] = tf.hessians(tf.reduce_sum(x.mul(x).mul(x)), x);
    assert.deepEqual(h.shape.ndims, 4);
    const v = tf.placeholder(tf.float32, [2], 'v');
    // f = v0^2 v1 + v1^3: H = [[2 v1, 2 v0], [2 v0, 6 v1]].
    const [hv] = tf.hessians({ ys: tf.getitem(v, 0).mul(tf.getitem(v, 0)).mul(tf.getitem(v, 1)).add(tf.getitem(v, 1).mul(tf.getitem(v, 1)).mul(tf.getitem(v, 1))), xs: [v] });
    assert.ok(tf.get_default_graph().get_operations().some((o) => o.type === 'TensorArrayV3'));
    tf.Session((sess) => {
      assert.deepEqual(sess.run(h).toArray(), [[[[6, 0], [0, 0]], [[0, 12], [0, 0]]], [[[0, 0], [18, 0]], [[0, 0], [0, 24]]]]);
      assert.deepEqual(sess.run(hv, new Map([[v, [1, 2]]])).toArray(), [[4, 2], [2, 12]]);
    });
    const y = tf.constant(1, tf.float32);
    assert.throws(() => tf.hessians(tf.reduce_sum(x), [y]), /does not influence ys/);
  });
});
