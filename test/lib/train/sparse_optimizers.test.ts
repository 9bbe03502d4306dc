// Optimizers given IndexedSlices (the gradient of an embedding lookup), as TF's optimizer.py applies them:
// GradientDescent by ScatterSub, Adam by its _apply_sparse_shared, the others by their SparseApply op. The
// rows looked up move as the dense update moves them; the other rows move only where TF's sparse update
// moves them (Adam and plain descent: as dense; Adagrad, Momentum, RMSProp, Ftrl: not at all).
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { assertClose } from '../ops/helpers';

const INITIAL = [[1, 2], [3, 4], [5, 6], [7, 8]];
const IDS = [2, 0, 2];
const WEIGHTS = [[0.5, -1], [2, 1], [-0.25, 0.75]];

/** Two steps of `make()` on the loss of looked-up rows (sparse) or of the same rows by a one-hot matmul (dense). */
function twoSteps(make: () => tf.train.Optimizer, sparse: boolean): { values: number[][]; ops: string[] } {
  tf.reset_default_graph();
  const v = tf.Variable(tf.constant(INITIAL, { dtype: tf.float32 }), { name: 'v' });
  const rows = sparse ? tf.nn.embedding_lookup(v, tf.constant(IDS)) : tf.matmul(tf.one_hot(IDS, 4), v);
  const loss = tf.reduce_sum(tf.multiply(rows, tf.constant(WEIGHTS)));
  const step = make().minimize(loss);
  const sess = new tf.Session();
  sess.run(tf.global_variables_initializer());
  sess.run(step); sess.run(step);
  const values = sess.run(v).toArray() as number[][];
  sess.close();
  return { values, ops: tf.get_default_graph().get_operations().filter((o) => o.name.includes('/update_v/')).map((o) => o.type) };
}

describe('optimizers with IndexedSlices gradients', () => {
  const cases: [string, () => tf.train.Optimizer, string, boolean][] = [
    ['GradientDescent', () => new tf.train.GradientDescentOptimizer(0.1), 'ScatterSub', true],
    ['Adam', () => new tf.train.AdamOptimizer(0.1), 'ScatterAdd', true],
    ['Adagrad', () => new tf.train.AdagradOptimizer(0.1), 'SparseApplyAdagrad', false],
    ['Momentum', () => new tf.train.MomentumOptimizer(0.1, 0.9), 'SparseApplyMomentum', false],
    ['Momentum (Nesterov)', () => new tf.train.MomentumOptimizer(0.1, 0.9, { use_nesterov: true }), 'SparseApplyMomentum', false],
    ['RMSProp', () => new tf.train.RMSPropOptimizer(0.1, { momentum: 0.5 }), 'SparseApplyRMSProp', false],
    ['RMSProp (centered)', () => new tf.train.RMSPropOptimizer(0.1, { centered: true }), 'SparseApplyCenteredRMSProp', false],
    ['Ftrl', () => new tf.train.FtrlOptimizer(0.1, { l1_regularization_strength: 0.01 }), 'SparseApplyFtrl', false],
  ];
  for (const [name, make, opType, untouchedAsDense] of cases) {
    it(`${name}: ${opType}`, () => {
      const sparse = twoSteps(make, true), dense = twoSteps(make, false);
      assert.ok(sparse.ops.includes(opType), sparse.ops.join(', '));
      for (const row of [0, 2]) assertClose(sparse.values[row], dense.values[row], 1e-5);
      for (const row of [1, 3]) assertClose(sparse.values[row], untouchedAsDense ? dense.values[row] : INITIAL[row], 1e-5);
    });
  }

  it('sums repeated indices before a SparseApply update (TF\'s _apply_sparse_duplicate_indices)', () => {
    twoSteps(() => new tf.train.AdagradOptimizer(0.1), true);
    const types = tf.get_default_graph().get_operations().filter((o) => o.name.startsWith('Adagrad/update_v/')).map((o) => o.type);
    assert.ok(types.includes('Unique') && types.includes('UnsortedSegmentSum'), types.join(', '));
  });
});
