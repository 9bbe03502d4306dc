import assert from 'node:assert/strict';
import * as tf from '../../../lib';

const doubled = (a: tf.NDArray) => tf.NDArray.from(Array.from(a.values, (v) => v * 2), tf.float32).reshape(a.shape);

describe('tf.py_func, tf.numpy_function and tf.py_function', () => {
  beforeEach(() => tf.reset_default_graph());

  it('build TF\'s ops (token, Tin, Tout attrs) that call the function with NDArrays at run time', () => {
    const x = tf.constant([1, 2, 3], tf.float32);
    const y = tf.py_func(doubled, [x], tf.float32) as tf.Tensor;
    const [p, q] = tf.py_func((a: tf.NDArray) => [a, 7], [x], [tf.float32, tf.int64], { stateful: false, name: 'two' }) as tf.Tensor[];
    const n = tf.numpy_function(doubled, [x], tf.float32) as tf.Tensor;
    const e = tf.py_function(doubled, [x], [tf.float32]) as tf.Tensor[];
    assert.deepEqual([y.op.type, p.op.type, n.op.type, e[0].op.type], ['PyFunc', 'PyFuncStateless', 'PyFunc', 'EagerPyFunc']);
    assert.equal(p.op.name, 'two');
    assert.match(String(y.op.get_attr('token')), /^pyfunc_\d+$/);
    assert.notEqual(y.op.get_attr('token'), n.op.get_attr('token'));
    assert.deepEqual(y.op.get_attr('Tin'), [tf.float32]);
    assert.deepEqual(p.op.get_attr('Tout'), [tf.float32, tf.int64]);
    assert.equal(y.shape.ndims, null);
    tf.Session((sess) => {
      assert.deepEqual(sess.run(y).toArray(), [2, 4, 6]);
      assert.deepEqual(sess.run(p).toArray(), [1, 2, 3]);
      assert.equal(sess.run(q).dtype, tf.int64);
      assert.equal(sess.run(q).item(), 7);
      assert.deepEqual(sess.run(n).toArray(), [2, 4, 6]);
      assert.deepEqual(sess.run(e[0]).toArray(), [2, 4, 6]);
    });
  });

  it('runs a stateful function once per run, and one without outputs as an op', () => {
    let calls = 0;
    const op = tf.py_func(() => { calls++; }, [], []) as tf.Operation;
    const counted = tf.py_func(() => { calls++; return []; }, [], [], { name: 'side_effect' }) as tf.Operation;
    assert.equal(counted.name, 'side_effect');
    assert.equal(op.type, 'PyFunc');
    tf.Session((sess) => { sess.run(op); sess.run(op); sess.run([counted, op]); });
    assert.equal(calls, 4);
  });

  it('fails with TF\'s messages when the function returns the wrong dtype or count, or throws', () => {
    const x = tf.constant([1, 2], tf.float32);
    const wrongType = tf.py_func(() => tf.NDArray.from([1.5], tf.float64), [x], tf.float32) as tf.Tensor;
    const wrongCount = tf.py_func((a: tf.NDArray) => [a, a], [x], [tf.float32]) as tf.Tensor[];
    const throws = tf.py_func(() => { throw new RangeError('out of bounds'); }, [x], tf.float32) as tf.Tensor;
    const fails = tf.py_func(() => { throw new Error('boom'); }, [x], tf.float32) as tf.Tensor;
    const token = (t: tf.Tensor) => String(t.op.get_attr('token'));
    tf.Session((sess) => {
      assert.throws(() => sess.run(wrongType), (e: Error) => e instanceof tf.errors.InvalidArgumentError
        && e.message.startsWith(`0-th value returned by ${token(wrongType)} is double, but expects float`));
      assert.throws(() => sess.run(wrongCount[0]), (e: Error) => e instanceof tf.errors.InvalidArgumentError
        && e.message.startsWith(`${token(wrongCount[0])} returns 2 values, but expects to see 1 values.`));
      assert.throws(() => sess.run(throws), (e: Error) => e instanceof tf.errors.InvalidArgumentError && e.message.startsWith('RangeError: out of bounds'));
      assert.throws(() => sess.run(fails), (e: Error) => e instanceof tf.errors.UnknownError && e.message.startsWith('Error: boom'));
    });
    assert.throws(() => tf.py_func(3 as unknown as tf.PyFuncCallable, [x], tf.float32), tf.TypeError);
    assert.throws(() => tf.py_func(doubled, x as unknown as tf.Tensor[], tf.float32), /Expected list for 'input' argument to 'PyFunc' Op/);
  });

  it('has no gradient of its own (TF\'s NotDifferentiable), and takes one through gradient_override_map', () => {
    const x = tf.constant([1, 2, 3], tf.float32);
    const plain = tf.py_func(doubled, [x], tf.float32) as tf.Tensor;
    assert.deepEqual(tf.gradients(tf.reduce_sum(plain), [x]), [null]);
    tf.RegisterGradient('ScriptOpsTestDoubleGrad')((_op: tf.Operation, dy: tf.Tensor | null) => dy!.mul(2));
    const g = tf.get_default_graph();
    const y = g.gradient_override_map({ PyFunc: 'ScriptOpsTestDoubleGrad', PyFuncStateless: 'ScriptOpsTestDoubleGrad' },
      () => tf.py_func(doubled, [x], tf.float32, { stateful: false })) as tf.Tensor;
    const [dx] = tf.gradients(tf.reduce_sum(y), [x]) as tf.Tensor[];
    tf.Session((sess) => assert.deepEqual(sess.run(dx).toArray(), [2, 2, 2]));
  });

  it('exports as TF\'s PyFunc node and runs again after import in the same process', () => {
    const x = tf.placeholder(tf.float32, [2], 'x');
    const y = tf.py_func(doubled, [x], tf.float32, { name: 'f' }) as tf.Tensor;
    const meta = tf.train.export_meta_graph();
    const node = meta.graph_def!.node!.find((n) => n.name === 'f')!;
    assert.equal(node.op, 'PyFunc');
    assert.deepEqual(Object.keys(node.attr!).sort(), ['Tin', 'Tout', '_output_shapes', 'token']);
    assert.equal(y.name, 'f:0');
    tf.reset_default_graph();
    tf.train.import_meta_graph(meta);
    const g = tf.get_default_graph();
    tf.Session((sess) => assert.deepEqual(sess.run('f:0', { 'x:0': [1, 5] })!.toArray(), [2, 10]));
    // A token this process never registered (a graph from elsewhere) fails when run, naming it.
    g.get_operation_by_name('f').attrs.set('token', { s: 'pyfunc_999999' });
    tf.Session((sess) => assert.throws(() => sess.run('f:0', { 'x:0': [1, 5] }), /callback pyfunc_999999 is not found/));
  });
});
