// tf.gradients: the sub-graph TensorFlow 1.x builds (names, wiring, colocation) and its options.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';

const names = () => tf.get_default_graph().get_operations().map((o) => o.name);
const inputsOf = (name: string) => tf.get_default_graph().get_operation_by_name(name).node_def.input;

describe('tf.gradients', () => {
  beforeEach(() => tf.reset_default_graph());

  it('builds TF 1.x\'s node names for a linear model\'s mean squared error', () => {
    const x = tf.placeholder(tf.float32, [null, 2], 'X');
    const w = tf.Variable(tf.zeros([2, 1]), { name: 'W' });
    const y = tf.placeholder(tf.float32, [null, 1], 'Y');
    const loss = tf.reduce_mean(tf.square(tf.subtract(tf.matmul(x, w), y)));
    const [g] = (tf.gradients(loss, [w]) as tf.Tensor[]);
    const grads = names().filter((n) => n.startsWith('gradients/'));
    assert.deepEqual(grads, [
      'gradients/Shape', 'gradients/grad_ys_0', 'gradients/Fill',
      'gradients/Mean_grad/Reshape/shape', 'gradients/Mean_grad/Reshape', 'gradients/Mean_grad/Shape', 'gradients/Mean_grad/Tile',
      'gradients/Mean_grad/Shape_1', 'gradients/Mean_grad/Shape_2', 'gradients/Mean_grad/Const', 'gradients/Mean_grad/Prod',
      'gradients/Mean_grad/Const_1', 'gradients/Mean_grad/Prod_1', 'gradients/Mean_grad/Maximum/y', 'gradients/Mean_grad/Maximum',
      'gradients/Mean_grad/floordiv', 'gradients/Mean_grad/Cast', 'gradients/Mean_grad/truediv',
      'gradients/Square_grad/Const', 'gradients/Square_grad/Mul', 'gradients/Square_grad/Mul_1',
      'gradients/Sub_grad/Shape', 'gradients/Sub_grad/Shape_1', 'gradients/Sub_grad/BroadcastGradientArgs',
      'gradients/Sub_grad/Sum', 'gradients/Sub_grad/Reshape', 'gradients/Sub_grad/Sum_1', 'gradients/Sub_grad/Neg', 'gradients/Sub_grad/Reshape_1',
      'gradients/MatMul_grad/MatMul', 'gradients/MatMul_grad/MatMul_1',
    ]);
    assert.equal(g!.name, 'gradients/MatMul_grad/MatMul_1:0');
    assert.deepEqual(inputsOf('gradients/Fill'), ['gradients/Shape', 'gradients/grad_ys_0']);
    assert.deepEqual(inputsOf('gradients/Sub_grad/Sum_1'), ['gradients/Square_grad/Mul_1', 'gradients/Sub_grad/BroadcastGradientArgs:1']);
    assert.deepEqual(inputsOf('gradients/MatMul_grad/MatMul_1'), ['X', 'gradients/Sub_grad/Reshape']);
    // The variable's ref is differentiated through its `read` Identity.
    assert.equal(g!.shape.toString(), '(2, 1)');
  });

  it('sums fan-in with gradients/AddN colocated with the first gradient', () => {
    const x = tf.constant([1, 2], { dtype: tf.float32 });
    const y = tf.add(tf.log(x), tf.sin(x));
    const [g] = (tf.gradients(y, [x]) as tf.Tensor[]);
    assert.equal(g!.op.name, 'gradients/AddN');
    assert.equal(g!.op.type, 'AddN');
    assert.deepEqual(g!.op.colocation_groups(), ['loc:@gradients/Log_grad/mul']);
    const v = new tf.Session().run(g!).values;
    assert.ok(Math.abs(v[0] - (1 + Math.cos(1))) < 1e-6 && Math.abs(v[1] - (0.5 + Math.cos(2))) < 1e-6);
  });

  it('gate_gradients groups each op\'s input gradients with tuple/group_deps and control_dependency', () => {
    const a = tf.placeholder(tf.float32, [3], 'a');
    const b = tf.placeholder(tf.float32, [3], 'b');
    (tf.gradients(tf.multiply(a, b), [a, b], { gate_gradients: true }) as tf.Tensor[]);
    const n = names();
    for (const want of ['gradients/Mul_grad/tuple/group_deps', 'gradients/Mul_grad/tuple/control_dependency', 'gradients/Mul_grad/tuple/control_dependency_1']) {
      assert.ok(n.includes(want), want);
    }
    assert.deepEqual(inputsOf('gradients/Mul_grad/tuple/control_dependency'), ['gradients/Mul_grad/Mul', '^gradients/Mul_grad/tuple/group_deps']);
    assert.deepEqual(tf.get_default_graph().get_operation_by_name('gradients/Mul_grad/tuple/control_dependency').colocation_groups(), ['loc:@gradients/Mul_grad/Mul']);
  });

  it('returns null for unconnected xs, or zeros with unconnected_gradients: zero', () => {
    const x = tf.constant([1, 2], { dtype: tf.float32 });
    const z = tf.constant([3, 4], { dtype: tf.float32 });
    assert.deepEqual((tf.gradients(tf.square(x), [x, z]) as tf.Tensor[]).map((g) => g === null), [false, true]);
    const [, gz] = (tf.gradients(tf.square(x), [x, z], { unconnected_gradients: 'zero' }) as tf.Tensor[]);
    assert.deepEqual(new tf.Session().run(gz!).toArray(), [0, 0]);
  });

  it('uses the given grad_ys and stops at stop_gradients and tf.stop_gradient', () => {
    const x = tf.constant([1, 2], { dtype: tf.float32 });
    const h = tf.multiply(x, 3);
    const y = tf.add(tf.square(h), x);
    const sess = new tf.Session();
    const [g] = (tf.gradients(y, [x], { grad_ys: tf.constant([1, 10], { dtype: tf.float32 }) }) as tf.Tensor[]);
    assert.deepEqual(sess.run(g!).toArray(), [1 * (18 * 1 + 1), 10 * (18 * 2 + 1)]);
    const [gStop] = (tf.gradients(y, [x], { stop_gradients: [h] }) as tf.Tensor[]);
    assert.deepEqual(sess.run(gStop!).toArray(), [1, 1]);
    const [gOp] = (tf.gradients(tf.add(tf.square(tf.stop_gradient(h)), x), [x]) as tf.Tensor[]);
    assert.deepEqual(sess.run(gOp!).toArray(), [1, 1]);
  });

  it('raises LookupError naming an op on the path without a gradient', () => {
    const x = tf.placeholder(tf.float32, [3], 'x');
    // RandomShuffle: TF registers neither a gradient nor NotDifferentiable for it.
    const p = tf.random_shuffle(x);
    assert.throws(() => (tf.gradients(p, [x]) as tf.Tensor[]), { name: 'LookupError', message: "No gradient defined for operation 'RandomShuffle' (op type: RandomShuffle)" });
  });

  it('integer paths (Shape, comparisons) carry no gradient', () => {
    const x = tf.placeholder(tf.float32, [null, 3], 'x');
    const y = tf.multiply(tf.cast(tf.shape(x), tf.float32), tf.reduce_sum(x));
    const [g] = (tf.gradients(y, [x]) as tf.Tensor[]);
    assert.ok(g);
    assert.equal((tf.gradients(tf.cast(tf.greater(x, 0), tf.float32), [x]) as tf.Tensor[])[0], null);
  });
});
