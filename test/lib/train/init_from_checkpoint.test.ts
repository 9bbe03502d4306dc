// tf.train.init_from_checkpoint and tf.train.checkpoints_iterator, restating TF 1.15's checkpoint_utils_test.py:
// variables mapped by name, by variable and by scope ('scope/', the root '/'), partitioned variables, the
// initializers replaced by restores, and TF's errors; the checkpoints of a folder as they appear.
import assert from 'node:assert/strict';
import * as path from 'path';
import * as tf from '../../../lib';
import { cleanup, tmpDir } from './helpers';

/** TF's _create_checkpoints: var1 [1, 10], var2 [10, 10], var3 [100, 100], useful_scope/var4 [9, 9], saved as model-0. */
function createCheckpoints(dir: string): Record<string, number[]> {
  tf.reset_default_graph();
  const vs = [tf.get_variable('var1', [1, 10]), tf.get_variable('var2', [10, 10]), tf.get_variable('var3', [100, 100]),
    tf.variable_scope('useful_scope', () => tf.get_variable('var4', [9, 9]))];
  const sess = new tf.Session();
  sess.run(tf.global_variables_initializer());
  const values = sess.run(vs).map((a) => Array.from(a.values as ArrayLike<number>));
  new tf.train.Saver().save(sess, path.join(dir, 'model'), { global_step: 0 });
  return { var1: values[0], var2: values[1], var3: values[2], var4: values[3] };
}

const valueOf = (sess: tf.Session, v: tf.RefVariable | tf.Tensor) => Array.from(sess.run(v).values as ArrayLike<number>);

describe('tf.train.init_from_checkpoint', () => {
  after(cleanup);

  it('by name, by scope and by variable: global_variables_initializer loads the checkpoint', () => {
    const dir = tmpDir('init-from-ckpt');
    const saved = createCheckpoints(dir);
    tf.reset_default_graph();
    const [my1, my2, my4] = tf.variable_scope('some_scope', () => {
      const a = tf.get_variable('my1', [1, 10]);
      return tf.variable_scope('some_other_scope', () => {
        const b = tf.get_variable('my2', [10, 10]);
        return [a, b, tf.variable_scope('other_useful_scope', () => tf.get_variable('var4', [9, 9]))];
      });
    });
    const my3 = tf.get_variable('my3', [100, 100]);
    tf.train.init_from_checkpoint(dir, { var1: 'some_scope/my1', 'useful_scope/': 'some_scope/some_other_scope/other_useful_scope/' });
    tf.train.init_from_checkpoint(dir, { var2: 'some_scope/some_other_scope/my2', var3: my3 });
    const g = tf.get_default_graph();
    assert.equal(my1.initializer.type, 'Assign');
    assert.equal(my1.initializer.inputs[1].op.type, 'RestoreV2');
    // The map's keys in sorted order: 'useful_scope/' (var4) restores first.
    assert.equal(my4.initial_value.op.name, 'checkpoint_initializer');
    assert.equal(my1.initial_value.op.name, 'checkpoint_initializer_1');
    assert.deepEqual(g.get_operation_by_name('checkpoint_initializer').inputs.map((t) => t.op.name),
      ['checkpoint_initializer/prefix', 'checkpoint_initializer/tensor_names', 'checkpoint_initializer/shape_and_slices']);
    assert.equal(my1.initial_value.op.device, tf.DeviceSpec.from_string('/cpu:0').to_string());
    const sess = new tf.Session();
    sess.run(tf.global_variables_initializer());
    assert.deepEqual(valueOf(sess, my1), saved.var1);
    assert.deepEqual(valueOf(sess, my2), saved.var2);
    assert.deepEqual(valueOf(sess, my3), saved.var3);
    assert.deepEqual(valueOf(sess, my4), saved.var4);
    // The values are read from the file, not held in the graph.
    assert.ok(JSON.stringify(g.as_graph_def()).length < 200000);
  });

  it('from the root ("/": "some_scope/") and to the root ("/": "/"); resource and partitioned variables', () => {
    const dir = tmpDir('init-from-ckpt');
    const saved = createCheckpoints(dir);
    tf.reset_default_graph();
    const [a, b, c, d] = tf.variable_scope('some_scope', () => [tf.get_variable('var1', [1, 10]), tf.get_variable('var2', [10, 10]),
      tf.get_variable('var3', [100, 100], { use_resource: true }), tf.variable_scope('useful_scope', () => tf.get_variable('var4', [9, 9]))]);
    tf.train.init_from_checkpoint(dir, { '/': 'some_scope/' });
    let sess = new tf.Session();
    sess.run(tf.global_variables_initializer());
    assert.deepEqual([a, b, c, d].map((v) => valueOf(sess, v)), [saved.var1, saved.var2, saved.var3, saved.var4]);

    tf.reset_default_graph();
    const p = tf.get_variable('var3', [100, 100], { partitioner: tf.fixed_size_partitioner(4) });
    const q = tf.get_variable('var1', [1, 10]);
    tf.variable_scope('useful_scope', () => tf.get_variable('var4', [9, 9]));
    tf.get_variable('var2', [10, 10]);
    tf.train.init_from_checkpoint(dir, { '/': '/' });
    sess = new tf.Session();
    sess.run(tf.global_variables_initializer());
    assert.deepEqual(valueOf(sess, p.as_tensor()), saved.var3);
    assert.deepEqual(valueOf(sess, q), saved.var1);
    assert.equal([...p][1].initial_value.op.inputs[2].op.type, 'Const');
  });

  it('TF\'s errors: no checkpoint, a name not in it, no variable, a shape mismatch, scopes missing, a scope to a name', () => {
    const dir = tmpDir('init-from-ckpt');
    createCheckpoints(dir);
    tf.reset_default_graph();
    tf.variable_scope('some_scope', () => { tf.get_variable('my1', [1, 1]); tf.get_variable('my2', [1, 10]); });
    assert.throws(() => tf.train.init_from_checkpoint(path.join(dir, 'no_checkpoint'), { 'useful_scope/': 'some_scope/' }), { name: 'NotFoundError' });
    assert.throws(() => tf.train.init_from_checkpoint(dir, { no_var: 'some_scope/my1' }), { name: 'ValueError', message: /Tensor no_var is not found in/ });
    assert.throws(() => tf.train.init_from_checkpoint(dir, { var3: 'some_scope/no_var' }), { name: 'ValueError', message: /Assignment map with scope only name some_scope should map to scope only var3/ });
    assert.throws(() => tf.train.init_from_checkpoint(dir, { var1: 'some_scope/my1' }), { name: 'ValueError', message: /Shape of variable some_scope\/my1:0 \(\(1, 1\)\) doesn't match with shape of tensor var1/ });
    assert.throws(() => tf.train.init_from_checkpoint(dir, { 'useful_scope/': 'some_scope/' }), { name: 'ValueError', message: /Tensor useful_scope\/my1 \(my1 in useful_scope\/\) is not found/ });
    assert.throws(() => tf.train.init_from_checkpoint(dir, { useful_scope: 'some_scope/' }), { name: 'ValueError', message: /should map to scope only useful_scope/ });
  });
});

describe('tf.train.checkpoints_iterator', () => {
  it('yields each new checkpoint of a folder, and ends when none comes within the timeout', () => {
    const dir = tmpDir('ckpt-iter');
    tf.reset_default_graph();
    const v = tf.Variable(1, { name: 'v' });
    const sess = new tf.Session();
    sess.run(tf.global_variables_initializer());
    const saver = new tf.train.Saver();
    saver.save(sess, path.join(dir, 'model'), { global_step: 1 });
    const seen: string[] = [];
    for (const ckpt of tf.train.checkpoints_iterator(dir, { timeout: 0 })) {
      seen.push(path.basename(ckpt));
      if (seen.length === 1) { sess.run(v.assign(2)); saver.save(sess, path.join(dir, 'model'), { global_step: 2 }); }
    }
    assert.deepEqual(seen, ['model-1', 'model-2']);
    let asked = 0;
    const none = [...tf.train.checkpoints_iterator(tmpDir('ckpt-iter-empty'), { timeout: 0, timeout_fn: () => ++asked >= 3 })];
    assert.deepEqual([none.length, asked], [0, 3]);
  });
});
