import { strict as assert } from 'assert';
import * as path from 'path';
import * as tf from '../../../lib/index';
import { FailedPreconditionError, InvalidArgumentError, NotFoundError } from '../../../lib/framework/errors';
import { float32, int32 } from '../../../lib/framework/dtypes';
import { Tensor } from '../../../lib/framework/graph';
import { read_variable_op } from '../../../lib/ops/resource_variable_ops';
import { setLogSink } from '../../../lib/train/logging';
import { cleanup, tmpDir } from '../train/helpers';

const ops = () => tf.get_default_graph().get_operations().map((o) => `${o.name}:${o.type}`);

describe('variables/resource variables', () => {
  let restoreLog: ReturnType<typeof setLogSink>;
  before(() => { restoreLog = setLogSink(() => undefined); });
  after(() => { setLogSink(restoreLog); tf.disable_resource_variables(); cleanup(); });
  beforeEach(() => { tf.reset_default_graph(); tf.disable_resource_variables(); });

  it("builds TF 1.15's nodes: VarHandleOp, IsInitialized, Assign and Read", () => {
    const v = tf.get_variable('v', [2, 3], { use_resource: true, initializer: tf.ones_initializer() });
    assert.ok(v instanceof tf.ResourceVariable);
    assert.equal(String(v), "<tf.Variable 'v:0' shape=(2, 3) dtype=float32>");
    assert.deepEqual(ops(), [
      'v/Initializer/ones:Const', 'v:VarHandleOp', 'v/IsInitialized/VarIsInitializedOp:VarIsInitializedOp',
      'v/Assign:AssignVariableOp', 'v/Read/ReadVariableOp:ReadVariableOp',
    ]);
    assert.equal(v.handle.dtype.name, 'resource');
    assert.equal(v.handle.op.get_attr('shared_name'), 'v');
    assert.equal(v.dtype, float32);
    assert.deepEqual(v.to_proto(), {
      variable_name: 'v:0', initial_value_name: 'v/Initializer/ones:0', initializer_name: 'v/Assign',
      snapshot_name: 'v/Read/ReadVariableOp:0', is_resource: true, trainable: true, save_slice_info_def: undefined,
    });
  });

  it('reads see the writes they follow; assign, assign_add, assign_sub and sparse_read run', () => {
    const v = tf.get_variable('v', { use_resource: true, initializer: tf.constant([[1, 2], [3, 4]], { dtype: float32 }) });
    const sess = new tf.Session();
    sess.run(v.initializer);
    assert.deepEqual(sess.run(v.assign_add([[1, 1], [1, 1]])).toArray(), [[2, 3], [4, 5]]);
    assert.deepEqual(sess.run(v.assign_sub([[2, 2], [2, 2]])).toArray(), [[0, 1], [2, 3]]);
    assert.deepEqual(sess.run(v.sparse_read([1, 0])).toArray(), [[2, 3], [0, 1]]);
    sess.run(v.assign([[9, 9], [9, 9]], { read_value: false }));
    assert.deepEqual(sess.run(v).toArray(), [[9, 9], [9, 9]]);
    assert.deepEqual(sess.run(tf.reduce_sum(v)).item(), 36);
  });

  it("gives TF's errors: uninitialized reads, wrong dtypes, destroyed variables", () => {
    const v = tf.get_variable('v', [2], { use_resource: true, initializer: tf.zeros_initializer() });
    const sess = new tf.Session();
    assert.equal(sess.run(v.is_initialized()).item(), false);
    assert.throws(() => sess.run(v), (e: unknown) => e instanceof FailedPreconditionError
      && /Error while reading resource variable v from Container: localhost\. This could mean that the variable was uninitialized\. Not found: Resource localhost\/v\/N10tensorflow3VarE does not exist\./.test((e as Error).message));
    assert.deepEqual(sess.run(tf.report_uninitialized_variables()).strings, ['v']);
    sess.run(tf.global_variables_initializer());
    assert.equal(sess.run(tf.is_variable_initialized(v)).item(), true);
    assert.throws(() => sess.run(read_variable_op(v.handle, int32)), (e: unknown) => e instanceof InvalidArgumentError
      && /Trying to read variable with wrong dtype. Expected float got int32/.test((e as Error).message));
    sess.run(v.destroy());
    assert.equal(sess.run(v.is_initialized()).item(), false);
    assert.throws(() => sess.run(v.destroy({ ignore_lookup_error: false })), NotFoundError);
  });

  it('enable_resource_variables and variable_scope(use_resource) choose the kind get_variable makes', () => {
    assert.ok(!(tf.get_variable('a', [1]) instanceof tf.ResourceVariable));
    assert.ok(tf.variable_scope('s', { use_resource: true }, () => tf.get_variable('b', [1])) instanceof tf.ResourceVariable);
    tf.enable_resource_variables();
    assert.equal(tf.resource_variables_enabled(), true);
    assert.ok(tf.get_variable('c', [1]) instanceof tf.ResourceVariable);
    assert.ok(!(tf.get_variable('d', [1], { use_resource: false }) instanceof tf.ResourceVariable));
    // tf.Variable follows the default too, and takes use_resource by keyword or by position (its 12th parameter).
    assert.ok(tf.Variable(1.5, { name: 'e' }) instanceof tf.ResourceVariable);
    tf.disable_resource_variables();
    assert.ok(!(tf.Variable(1.5) instanceof tf.ResourceVariable));
    const f = tf.Variable(1.5, { use_resource: true, name: 'f' });
    assert.ok(f instanceof tf.ResourceVariable);
    assert.equal(f.op.type, 'VarHandleOp');
    assert.ok(tf.ResourceVariable([1, 2], { name: 'g' }) instanceof tf.ResourceVariable);
  });

  for (const [name, make] of [
    ['GradientDescent', () => new tf.train.GradientDescentOptimizer(0.1)],
    ['Momentum', () => new tf.train.MomentumOptimizer(0.1, 0.9)],
    ['Adam', () => new tf.train.AdamOptimizer(0.1)],
    ['RMSProp', () => new tf.train.RMSPropOptimizer(0.1)],
    ['Adagrad', () => new tf.train.AdagradOptimizer(0.1)],
  ] as const) {
    it(`${name}: ResourceApply updates equal the Apply updates of a ref variable`, () => {
      const results = [false, true].map((use_resource) => {
        tf.reset_default_graph();
        const init = tf.constant_initializer([[0.5, -1], [2, 0.25]]);
        const w = tf.get_variable('w', [2, 2], { use_resource, initializer: init });
        const x = tf.constant([[1, 2], [3, 4]], { dtype: float32 });
        const train = make().minimize(tf.reduce_sum(tf.square(tf.matmul(x, w))));
        const applyTypes = tf.get_default_graph().get_operations().map((o) => o.type).filter((t) => /Apply/.test(t));
        const sess = new tf.Session();
        sess.run(tf.global_variables_initializer());
        for (let i = 0; i < 3; i++) sess.run(train);
        return { values: Array.from(sess.run(w).data as Float32Array), applyTypes };
      });
      assert.ok(results[1].applyTypes.every((t) => t.startsWith('ResourceApply')) && results[1].applyTypes.length > 0, String(results[1].applyTypes));
      assert.ok(results[0].applyTypes.every((t) => t.startsWith('Apply')), String(results[0].applyTypes));
      assert.deepEqual(results[1].values, results[0].values);
    });
  }

  it('a large variable (the native kernels where built) trains the same through ResourceApplyAdam', () => {
    const values = [false, true].map((use_resource) => {
      tf.reset_default_graph();
      const w = tf.get_variable('w', [96, 96], { use_resource, initializer: tf.constant_initializer(0.5) });
      const train = new tf.train.AdamOptimizer(0.01).minimize(tf.reduce_sum(tf.square(w)));
      const sess = new tf.Session();
      sess.run(tf.global_variables_initializer());
      sess.run(train);
      return Array.from(sess.run(w).data as Float32Array);
    });
    assert.deepEqual(values[1], values[0]);
  });

  it("ResourceGather's gradient sums the gathered rows' gradients into the variable's shape", () => {
    const emb = tf.get_variable('emb', { use_resource: true, initializer: tf.constant([[1, 2], [3, 4], [5, 6]], { dtype: float32 }) });
    const [grad] = (tf.gradients(tf.reduce_sum(emb.sparse_read([0, 2, 0])), [emb.handle]) as tf.Tensor[]);
    const sess = new tf.Session();
    sess.run(emb.initializer);
    assert.deepEqual(sess.run(grad!).toArray(), [[2, 2], [0, 0], [1, 1]]);
  });

  it('saves and restores like TF (a read saved, an AssignVariableOp restoring), with ref variables beside', () => {
    const r = tf.get_variable('r', { use_resource: true, initializer: tf.constant([1, 2, 3], { dtype: float32 }) });
    const plain = tf.get_variable('plain', { initializer: tf.constant([4, 5], { dtype: float32 }) });
    const step = tf.train.get_or_create_global_step();
    const train = new tf.train.AdamOptimizer(0.1).minimize(tf.add(tf.reduce_sum(tf.square(r)), tf.reduce_sum(plain)), { global_step: step });
    const saver = new tf.train.Saver();
    const sess = new tf.Session();
    sess.run(tf.global_variables_initializer());
    sess.run(train);
    const prefix = saver.save(sess, path.join(tmpDir('resource'), 'model'))!;
    assert.deepEqual(tf.train.list_variables(prefix).map(([n]) => n),
      ['beta1_power', 'beta2_power', 'global_step', 'plain', 'plain/Adam', 'plain/Adam_1', 'r', 'r/Adam', 'r/Adam_1']);
    const trained = sess.run(r).toArray();
    assert.deepEqual(tf.train.load_variable(prefix, 'r').toArray(), trained);
    const restoreTypes = tf.get_default_graph().get_operations().filter((o) => o.name.startsWith('save/') && /Assign/.test(o.type)).map((o) => o.type);
    assert.equal(restoreTypes.filter((t) => t === 'AssignVariableOp').length, 3);

    // The meta graph, imported into a fresh graph, restores and trains on.
    tf.reset_default_graph();
    const imported = tf.train.import_meta_graph(`${prefix}.meta`)!;
    const byName = new Map(tf.global_variables().map((v) => [v.op.name, v]));
    assert.ok(byName.get('r') instanceof tf.ResourceVariable);
    assert.ok(!(byName.get('plain') instanceof tf.ResourceVariable));
    const s2 = new tf.Session();
    imported.restore(s2, prefix);
    assert.deepEqual(s2.run(byName.get('r')!).toArray(), trained);
    s2.run(tf.get_collection('train_op')[0] as Tensor);
    assert.equal(s2.run(byName.get('global_step')!).item(), 2);
    assert.notDeepEqual(s2.run(byName.get('r')!).toArray(), trained);
  });
});
