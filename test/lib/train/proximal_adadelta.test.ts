// tf.train.AdadeltaOptimizer, ProximalGradientDescentOptimizer, ProximalAdagradOptimizer and AdagradDAOptimizer, restating
// TF 1.15's adadelta_test.py, proximal_gradient_descent_test.py, proximal_adagrad_test.py and adagrad_da_test.py: the values after TF's steps,
// the slots and their names, the update ops, and the sparse updates of IndexedSlices.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { assertClose } from '../ops/helpers';

/** var0, var1 with constant gradients g0, g1 applied `steps` times by `opt`; returns both values. */
function applySteps(opt: tf.train.Optimizer, init: [number[], number[]], steps: number, grads: [number[], number[]] = [[0.1, 0.2], [0.01, 0.02]]) {
  tf.reset_default_graph();
  const var0 = tf.Variable(init[0], { name: 'var0' }), var1 = tf.Variable(init[1], { name: 'var1' });
  const update = opt.apply_gradients([[tf.constant(grads[0]), var0], [tf.constant(grads[1]), var1]]);
  const sess = new tf.Session();
  sess.run(tf.global_variables_initializer());
  for (let i = 0; i < steps; i++) sess.run(update);
  const [v0, v1] = sess.run([var0, var1]).map((a) => Array.from(a.values));
  return { v0, v1, sess, var0, var1, update };
}

/** Sparse gradients of TF's applyOptimizer(is_sparse=True): rows [[1],[2]] and [[3],[4]], one row each. */
function applySparse(opt: tf.train.Optimizer, steps: number): number[] {
  tf.reset_default_graph();
  const var0 = tf.Variable([[1], [2]], { name: 'var0', dtype: tf.float32 }), var1 = tf.Variable([[3], [4]], { name: 'var1', dtype: tf.float32 });
  const g0 = new tf.IndexedSlices(tf.constant([0.1], { shape: [1, 1] }), tf.constant([0]), tf.constant([2, 1]));
  const g1 = new tf.IndexedSlices(tf.constant([0.02], { shape: [1, 1] }), tf.constant([1]), tf.constant([2, 1]));
  const update = opt.apply_gradients([[g0, var0], [g1, var1]]);
  const sess = new tf.Session();
  sess.run(tf.global_variables_initializer());
  for (let i = 0; i < steps; i++) sess.run(update);
  return sess.run([var0, var1]).flatMap((a) => Array.from(a.values));
}

describe('tf.train.AdadeltaOptimizer', () => {
  for (const grad of [0.2, 0.1, 0.01]) {
    for (const lr of [1.0, 0.5, 0.1]) {
      it(`grad ${grad}, lr ${lr}: four steps as TF's numpy loop; slots accum and accum_update`, () => {
        const opt = new tf.train.AdadeltaOptimizer(lr, { rho: 0.95, epsilon: 1e-8 });
        const { sess, var0, var1, update } = applySteps(opt, [[1, 2], [3, 4]], 0, [[grad, grad], [grad, grad]]);
        assert.deepEqual(opt.get_slot_names(), ['accum', 'accum_update']);
        assert.deepEqual(opt.variables().map((v) => v.op.name), ['var0/Adadelta', 'var0/Adadelta_1', 'var1/Adadelta', 'var1/Adadelta_1']);
        assert.ok(!tf.trainable_variables().includes(opt.get_slot(var0, 'accum')!));
        const g = tf.get_default_graph();
        assert.deepEqual(g.get_operation_by_name('Adadelta/update_var0/ApplyAdadelta').node_def.input,
          ['var0', 'var0/Adadelta', 'var0/Adadelta_1', 'Adadelta/lr', 'Adadelta/rho', 'Adadelta/epsilon', 'Const']);
        let accum = 0, accumUpdate = 0, total = 0;
        const rho = 0.95, eps = 1e-8;
        for (let step = 0; step < 4; step++) {
          sess.run(update);
          accum = accum * rho + grad ** 2 * (1 - rho);
          const u = Math.sqrt(accumUpdate + eps) * (1 / Math.sqrt(accum + eps)) * grad;
          accumUpdate = accumUpdate * rho + u ** 2 * (1 - rho);
          total += u * lr;
          for (const v of [var0, var1]) {
            assertClose(Array.from(sess.run(opt.get_slot(v, 'accum')!).values), [accum, accum], 1e-3 * accum);
            assertClose(Array.from(sess.run(opt.get_slot(v, 'accum_update')!).values), [accumUpdate, accumUpdate], 1e-3 * accumUpdate);
          }
          assertClose(Array.from(sess.run(var0).values), [1 - total, 2 - total], 1e-3);
          assertClose(Array.from(sess.run(var1).values), [3 - total, 4 - total], 1e-3);
        }
      });
    }
  }

  it('minimizes through an embedding lookup of a resource variable (TF: [[-111, -138]])', () => {
    tf.reset_default_graph();
    const v = tf.get_variable('v', { initializer: tf.constant([[1, 2]], { dtype: tf.float32 }), use_resource: true });
    const pred = tf.matmul(tf.nn.embedding_lookup([v], [0]), tf.constant([[4], [5]], { dtype: tf.float32 }));
    const step = new tf.train.AdadeltaOptimizer(1.0, 1.0, 1.0).minimize(tf.multiply(pred, pred));
    const sess = new tf.Session();
    sess.run(tf.global_variables_initializer());
    sess.run(step);
    assertClose(sess.run(v).values, [-111, -138], 1e-4);
  });

  it('IndexedSlices go to SparseApplyAdadelta, moving only their rows', () => {
    const [a, b, c, d] = applySparse(new tf.train.AdadeltaOptimizer(1.0, { epsilon: 1e-6 }), 2);
    assert.ok(tf.get_default_graph().get_operations().some((o) => o.type === 'SparseApplyAdadelta'));
    assert.equal(b, 2);
    assert.equal(c, 3);
    assert.ok(a < 1 && d < 4);
  });
});

describe('tf.train.ProximalGradientDescentOptimizer', () => {
  it('without regularization: three steps from zeros (TF: [-0.9, -1.8], [-0.09, -0.18])', () => {
    const { v0, v1 } = applySteps(new tf.train.ProximalGradientDescentOptimizer(3.0, { l1_regularization_strength: 0, l2_regularization_strength: 0 }), [[0, 0], [0, 0]], 3);
    assertClose(v0, [-0.9, -1.8], 1e-6);
    assertClose(v1, [-0.09, -0.18], 1e-6);
    const op = tf.get_default_graph().get_operation_by_name('ProximalGradientDescent/update_var0/ApplyProximalGradientDescent');
    assert.deepEqual(op.node_def.input, ['var0', 'ProximalGradientDescent/learning_rate', 'ProximalGradientDescent/l1_regularization_strength',
      'ProximalGradientDescent/l2_regularization_strength', 'Const']);
  });

  it('without regularization from [1, 2], [4, 3] (TF: [0.1, 0.2], [3.91, 2.82])', () => {
    const { v0, v1 } = applySteps(new tf.train.ProximalGradientDescentOptimizer(3.0), [[1, 2], [4, 3]], 3);
    assertClose(v0, [0.1, 0.2], 1e-6);
    assertClose(v1, [3.91, 2.82], 1e-6);
  });

  it('with l1 0.001 and l2 2.0: ten steps (TF: [-0.0495, -0.0995], [-0.0045, -0.0095])', () => {
    const { v0, v1 } = applySteps(new tf.train.ProximalGradientDescentOptimizer(3.0, 0.001, 2.0), [[1, 2], [4, 3]], 10);
    assertClose(v0, [-0.0495, -0.0995], 1e-6);
    assertClose(v1, [-0.0045, -0.0095], 1e-6);
  });

  it('sparse and dense match plain gradient descent without regularization', () => {
    assertClose(applySparse(new tf.train.ProximalGradientDescentOptimizer(3.0), 5), applySparse(new tf.train.GradientDescentOptimizer(3.0), 5), 1e-6);
    applySparse(new tf.train.ProximalGradientDescentOptimizer(3.0), 1);
    assert.ok(tf.get_default_graph().get_operations().some((o) => o.type === 'SparseApplyProximalGradientDescent'));
    const a = applySteps(new tf.train.ProximalGradientDescentOptimizer(3.0), [[1, 2], [3, 4]], 5);
    const b = applySteps(new tf.train.GradientDescentOptimizer(3.0), [[1, 2], [3, 4]], 5);
    assertClose([...a.v0, ...a.v1], [...b.v0, ...b.v1], 1e-6);
  });
});

describe('tf.train.ProximalAdagradOptimizer', () => {
  it('without regularization: three steps from zeros (TF: [-2.60260963, -4.29698515], [-0.28432083, -0.56694895])', () => {
    const opt = new tf.train.ProximalAdagradOptimizer(3.0, { initial_accumulator_value: 0.1 });
    const { v0, v1, var0 } = applySteps(opt, [[0, 0], [0, 0]], 3);
    assertClose(v0, [-2.60260963, -4.29698515], 1e-5);
    assertClose(v1, [-0.28432083, -0.56694895], 1e-5);
    assert.equal(opt.get_slot(var0, 'accumulator')!.op.name, 'var0/ProximalAdagrad');
    assert.deepEqual(opt.get_slot_names(), ['accumulator']);
  });

  it('without regularization from [1, 2], [4, 3] (TF: [-1.60261, -2.296985], [3.715679, 2.433051])', () => {
    const { v0, v1 } = applySteps(new tf.train.ProximalAdagradOptimizer(3.0), [[1, 2], [4, 3]], 3);
    assertClose(v0, [-1.60261, -2.296985], 1e-5);
    assertClose(v1, [3.715679, 2.433051], 1e-5);
  });

  it('with l1 0.001: ten steps (TF: [-6.663634, -9.190331], [2.959304, 1.029232])', () => {
    const { v0, v1 } = applySteps(new tf.train.ProximalAdagradOptimizer(3.0, 0.1, 0.001, 0.0), [[1, 2], [4, 3]], 10);
    assertClose(v0, [-6.663634, -9.190331], 1e-5);
    assertClose(v1, [2.959304, 1.029232], 1e-5);
  });

  it('with l1 0.001 and l2 2.0: ten steps (TF: [-0.0495, -0.0995], [-0.0045, -0.0095])', () => {
    const { v0, v1 } = applySteps(new tf.train.ProximalAdagradOptimizer(3.0, { l1_regularization_strength: 0.001, l2_regularization_strength: 2.0 }), [[1, 2], [4, 3]], 10);
    assertClose(v0, [-0.0495, -0.0995], 1e-5);
    assertClose(v1, [-0.0045, -0.0095], 1e-5);
  });

  it('dense and sparse match Adagrad without regularization; SparseApplyProximalAdagrad for IndexedSlices', () => {
    const a = applySteps(new tf.train.ProximalAdagradOptimizer(3.0), [[1, 2], [3, 4]], 5);
    const b = applySteps(new tf.train.AdagradOptimizer(3.0), [[1, 2], [3, 4]], 5);
    assertClose([...a.v0, ...a.v1], [...b.v0, ...b.v1], 1e-6);
    const adagrad = applySparse(new tf.train.AdagradOptimizer(3.0), 5);
    const sparse = applySparse(new tf.train.ProximalAdagradOptimizer(3.0), 5);
    assert.ok(tf.get_default_graph().get_operations().some((o) => o.type === 'SparseApplyProximalAdagrad'));
    assertClose(sparse, adagrad, 1e-6);
  });

  it('refuses a non-positive initial_accumulator_value as TF does', () => {
    assert.throws(() => new tf.train.ProximalAdagradOptimizer(1.0, { initial_accumulator_value: 0 }), { name: 'ValueError', message: 'initial_accumulator_value must be positive: 0' });
  });
});

describe('tf.train.AdagradDAOptimizer', () => {
  /** One step of TF's adagrad_da_test: var0, var1 from zeros, lr 3.0, the step an int64 variable from 0. */
  function oneStep(l1: number, l2: number) {
    tf.reset_default_graph();
    const step = tf.Variable(0, { dtype: tf.int64, name: 'global_step', trainable: false });
    const var0 = tf.Variable([0.0, 0.0], { name: 'var0' }), var1 = tf.Variable([0.0, 0.0], { name: 'var1' });
    const opt = new tf.train.AdagradDAOptimizer(3.0, step, { initial_gradient_squared_accumulator_value: 0.1, l1_regularization_strength: l1, l2_regularization_strength: l2 });
    const update = opt.apply_gradients([[tf.constant([0.1, 0.2]), var0], [tf.constant([0.01, 0.02]), var1]], { global_step: step });
    const sess = new tf.Session();
    sess.run(tf.global_variables_initializer());
    sess.run(update);
    return { opt, var0, v0: Array.from(sess.run(var0).values), v1: Array.from(sess.run(var1).values), step: sess.run(step).item() };
  }

  it('without regularization (TF: [-0.904534, -1.603567], [-0.094821, -0.189358]); slots var0/AdagradDA, var0/AdagradDA_1', () => {
    const { opt, var0, v0, v1, step } = oneStep(0, 0);
    assertClose(v0, [-0.904534, -1.603567], 1e-5);
    assertClose(v1, [-0.094821, -0.189358], 1e-5);
    assert.equal(step, 1);
    assert.equal(opt.get_slot(var0, 'gradient_accumulator')!.op.name, 'var0/AdagradDA');
    assert.equal(opt.get_slot(var0, 'gradient_squared_accumulator')!.op.name, 'var0/AdagradDA_1');
    assert.ok(tf.get_default_graph().get_operations().some((o) => o.name === 'AdagradDA/update_var0/ApplyAdagradDA'));
  });

  it('with l1 0.001 (TF: [-0.895489, -1.59555], [-0.085339, -0.17989]) and with l1 0.001, l2 2.0 (TF: [-0.046907, -0.093659], [-0.004275, -0.009023])', () => {
    let r = oneStep(0.001, 0);
    assertClose(r.v0, [-0.895489, -1.59555], 1e-5);
    assertClose(r.v1, [-0.085339, -0.17989], 1e-5);
    r = oneStep(0.001, 2.0);
    assertClose(r.v0, [-0.046907, -0.093659], 1e-5);
    assertClose(r.v1, [-0.004275, -0.009023], 1e-5);
  });

  it('IndexedSlices go to SparseApplyAdagradDA', () => {
    tf.reset_default_graph();
    const step = tf.train.get_or_create_global_step();
    const v = tf.Variable([[1.0], [2.0]], { name: 'v' });
    const g = new tf.IndexedSlices(tf.constant([0.1], { shape: [1, 1] }), tf.constant([0]), tf.constant([2, 1]));
    const update = new tf.train.AdagradDAOptimizer(3.0, step).apply_gradients([[g, v]]);
    const sess = new tf.Session();
    sess.run(tf.global_variables_initializer());
    sess.run(update);
    assert.ok(tf.get_default_graph().get_operations().some((o) => o.type === 'SparseApplyAdagradDA'));
    const [a, b] = Array.from(sess.run(v).values);
    assertClose([a], [(-0.1 * 3.0) / Math.sqrt(0.1 + 0.01)], 1e-5);
    assert.equal(b, 2);
  });
});
