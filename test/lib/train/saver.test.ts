import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '../../../lib/index';
import * as train from '../../../lib/train';
import {
  InvalidArgumentError, NotFoundError, OpError, TFTypeError, ValueError,
} from '../../../lib/framework/errors';
import { NDArray } from '../../../lib/framework/ndarray';
import { Session } from '../../../lib/runtime/session';
import { setLogSink } from '../../../lib/train/logging';
import { cleanup, fixture, hex, tmpDir } from './helpers';

function session(): Session { return new Session(); }

function throwsWith(fn: () => unknown, cls: Function, message: string | RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof cls, `expected ${cls.name}, got ${String(e)}`);
    if (typeof message === 'string') assert.equal((e as Error).message, message);
    else assert.match((e as Error).message, message);
    return true;
  });
}

function inDir<R>(dir: string, fn: () => R): R {
  const old = process.cwd();
  process.chdir(dir);
  try { return fn(); } finally { process.chdir(old); }
}

describe('train/Saver', () => {
  let restoreLog: ReturnType<typeof setLogSink>;
  before(() => { restoreLog = setLogSink(() => undefined); });
  after(() => { setLogSink(restoreLog); cleanup(); });
  beforeEach(() => tf.reset_default_graph());

  it('builds the save/ sub-graph TF 1.x builds', () => {
    tf.Variable(tf.zeros([2, 3]), { name: 'w' });
    tf.Variable(tf.zeros([3]), { name: 'b' });
    const saver = new train.Saver();
    assert.deepEqual(saver.saver_def, {
      filename_tensor_name: 'save/Const:0', save_tensor_name: 'save/control_dependency:0', restore_op_name: 'save/restore_all',
      max_to_keep: 5, sharded: false, keep_checkpoint_every_n_hours: 10000, version: 2,
    });
    const ops = tf.get_default_graph().get_operations().filter((o) => o.name.startsWith('save/'));
    assert.deepEqual(ops.map((o) => `${o.name} ${o.type} ${o.node_def.input.join(',')} ${o.device}`), [
      'save/filename/input Const  ',
      'save/filename PlaceholderWithDefault save/filename/input ',
      'save/Const PlaceholderWithDefault save/filename ',
      'save/SaveV2/tensor_names Const  ',
      'save/SaveV2/shape_and_slices Const  ',
      'save/SaveV2 SaveV2 save/Const,save/SaveV2/tensor_names,save/SaveV2/shape_and_slices,b,w ',
      'save/control_dependency Identity save/Const,^save/SaveV2 ',
      'save/RestoreV2/tensor_names Const  /device:CPU:0',
      'save/RestoreV2/shape_and_slices Const  /device:CPU:0',
      'save/RestoreV2 RestoreV2 save/Const,save/RestoreV2/tensor_names,save/RestoreV2/shape_and_slices /device:CPU:0',
      'save/Assign Assign b,save/RestoreV2 ',
      'save/Assign_1 Assign w,save/RestoreV2:1 ',
      'save/restore_all NoOp ^save/Assign,^save/Assign_1 ',
    ]);
    const g = tf.get_default_graph();
    assert.deepEqual(g.get_operation_by_name('save/control_dependency').colocation_groups(), ['loc:@save/Const']);
    assert.deepEqual(g.get_operation_by_name('save/Assign_1').colocation_groups(), ['loc:@w']);
    assert.deepEqual(g.get_operation_by_name('save/SaveV2/tensor_names').get_attr('value').toString(), "[b'b', b'w']");
    assert.equal(new train.Saver().saver_def.restore_op_name, 'save_1/restore_all');
    assert.equal(new train.Saver(null, { name: 'mine' }).saver_def.save_tensor_name, 'mine/control_dependency:0');
  });

  it('saves and restores without running initializers', () => {
    const dir = tmpDir();
    const w = tf.Variable(tf.constant([[1, 2, 3], [4, 5, 6]], { dtype: tf.float32 }), { name: 'weights' });
    const n = tf.Variable(tf.constant(NDArray.from([7, -(2 ** 40)], 'int64')), { name: 'counts' });
    const s = tf.Variable(tf.constant(NDArray.fromStrings(['a', 'bc'])), { name: 'names' });
    const saver = new train.Saver();
    const sess = session();
    sess.run(tf.global_variables_initializer());
    const p = saver.save(sess, path.join(dir, 'model.ckpt'));
    assert.equal(p, path.join(dir, 'model.ckpt'));
    assert.deepEqual(fs.readdirSync(dir).sort(), ['checkpoint', 'model.ckpt.data-00000-of-00001', 'model.ckpt.index', 'model.ckpt.meta']);
    const sess2 = session();
    saver.restore(sess2, p);
    assert.deepEqual(sess2.run(w).toArray(), [[1, 2, 3], [4, 5, 6]]);
    assert.deepEqual(Array.from(sess2.run(n).data as Float64Array), [7, -(2 ** 40)]);
    assert.deepEqual(sess2.run(s).strings, ['a', 'bc']);
    assert.deepEqual(train.list_variables(p), [['counts', [2]], ['names', [2]], ['weights', [2, 3]]]);
  });

  it('writes udacity-intro/model.ckpt byte for byte from variables with the same names and values', () => {
    const dir = tmpDir();
    const src = train.load_checkpoint(fixture('udacity-intro/model.ckpt'));
    tf.Variable(tf.constant(src.get_tensor('weights_0')), { name: 'weights_0' });
    tf.Variable(tf.constant(src.get_tensor('bias_0')), { name: 'bias_0' });
    const sess = session();
    sess.run(tf.global_variables_initializer());
    new train.Saver().save(sess, path.join(dir, 'model.ckpt'), { write_meta_graph: false });
    for (const ext of ['.index', '.data-00000-of-00001']) {
      assert.equal(hex(fs.readFileSync(path.join(dir, `model.ckpt${ext}`))), hex(fs.readFileSync(fixture(`udacity-intro/model.ckpt${ext}`))));
    }
  });

  it('keys list var_lists by op name and dict var_lists by their keys', () => {
    const dir = tmpDir();
    const a = tf.Variable(tf.constant([1, 2]), { name: 'scope/a' });
    const b = tf.Variable(tf.constant(3.5), { name: 'b' });
    const sess = session();
    sess.run(tf.global_variables_initializer());
    const p1 = new train.Saver([b, a]).save(sess, path.join(dir, 'list'))!;
    assert.deepEqual(Object.keys(train.load_checkpoint(p1).get_variable_to_shape_map()), ['b', 'scope/a']);
    const p2 = new train.Saver({ 'my/renamed a': a, 'B!': b }).save(sess, path.join(dir, 'dict'))!;
    assert.deepEqual(train.list_variables(p2), [['B!', []], ['my/renamed a', [2]]]);
    const p3 = new train.Saver(new Map([['x', b._ref()]])).save(sess, path.join(dir, 'map'))!;
    assert.equal(train.load_variable(p3, 'x').item(), 3.5);
    // Restore through a dict into other variables.
    tf.reset_default_graph();
    const a2 = tf.Variable(tf.constant([0, 0]), { name: 'other' });
    const sess2 = session();
    new train.Saver({ 'my/renamed a': a2 }).restore(sess2, p2);
    assert.deepEqual(sess2.run(a2).toArray(), [1, 2]);
  });

  it('reports var_list errors as TF does', () => {
    const a = tf.Variable(tf.constant(1), { name: 'a' });
    throwsWith(() => new train.Saver([a, a]), ValueError, 'At least two variables have the same name: a');
    throwsWith(() => new train.Saver({ x: a, y: a }), ValueError, 'The same saveable will be restored with two names: y');
    throwsWith(() => new train.Saver([a, tf.constant(1)] as never), TFTypeError, /^Variable to save is not a Variable: Tensor\("Const/);
    throwsWith(() => new train.Saver({ x: 'a' } as never), TFTypeError, /^names_to_saveables must be a dict mapping string names to Tensors\/Variables. Not a variable: /);
    throwsWith(() => new train.Saver(42 as never), TFTypeError, 'Variables to save should be passed in a dict or a list: 42');
    tf.reset_default_graph();
    throwsWith(() => new train.Saver(), ValueError, 'No variables to save');
    const empty = new train.Saver(null, { allow_empty: true });
    const sess = session();
    assert.equal(empty.save(sess, path.join(tmpDir(), 'x')), null);
    empty.restore(sess, 'nothing');
  });

  it('restores with TF errors for missing keys, shapes, dtypes and paths', () => {
    const dir = tmpDir();
    const v = tf.Variable(tf.constant([1, 2, 3], { dtype: tf.float32 }), { name: 'v' });
    const sess = session();
    sess.run(tf.global_variables_initializer());
    const p = new train.Saver().save(sess, path.join(dir, 'm'))!;
    void v;
    throwsWith(() => new train.Saver().restore(sess, null), ValueError, "Can't load save_path when it is None.");
    throwsWith(() => new train.Saver().restore(sess, path.join(dir, 'nope')), ValueError, `The passed save_path is not a valid checkpoint: ${path.join(dir, 'nope')}`);

    tf.reset_default_graph();
    tf.Variable(tf.zeros([3]), { name: 'other' });
    throwsWith(() => new train.Saver().restore(session(), p), NotFoundError,
      /^Restoring from checkpoint failed\. This is most likely due to a Variable name or other graph key that is missing from the checkpoint\. Please ensure that you have not altered the graph expected based on the checkpoint\. Original error:\n\nKey other not found in checkpoint/);

    tf.reset_default_graph();
    tf.Variable(tf.zeros([2, 2]), { name: 'v' });
    throwsWith(() => new train.Saver().restore(session(), p), InvalidArgumentError,
      /^Restoring from checkpoint failed\. This is most likely due to a mismatch between the current graph and the graph from the checkpoint\. Please ensure that you have not altered the graph expected based on the checkpoint\. Original error:\n\nAssign requires shapes of both tensors to match\. lhs shape= \[2,2\] rhs shape= \[3\]/);

    tf.reset_default_graph();
    tf.Variable(tf.zeros([3], tf.int32), { name: 'v' });
    throwsWith(() => new train.Saver().restore(session(), p), InvalidArgumentError,
      /Original error:\n\ntensor_name = v; expected dtype int32 does not equal restored dtype float/);
  });

  it('restores into another shape of the same size with reshape', () => {
    const dir = tmpDir();
    tf.Variable(tf.constant([[1, 2, 3], [4, 5, 6]], { dtype: tf.float32 }), { name: 'v' });
    const sess = session();
    sess.run(tf.global_variables_initializer());
    const p = new train.Saver().save(sess, path.join(dir, 'm'))!;
    tf.reset_default_graph();
    const v = tf.Variable(tf.zeros([3, 2]), { name: 'v' });
    const sess2 = session();
    new train.Saver(null, { reshape: true }).restore(sess2, p);
    assert.deepEqual(sess2.run(v).toArray(), [[1, 2], [3, 4], [5, 6]]);
  });

  it('checks save arguments as TF does', () => {
    const dir = tmpDir();
    tf.Variable(tf.constant(1), { name: 'v' });
    const saver = new train.Saver();
    const sess = session();
    sess.run(tf.global_variables_initializer());
    throwsWith(() => saver.save(sess, path.join(dir, 'checkpoint')), ValueError, `'latest_filename' collides with 'save_path': 'checkpoint' and '${path.join(dir, 'checkpoint')}'`);
    throwsWith(() => saver.save(sess, path.join(dir, 'm'), { latest_filename: 'a/b' }), ValueError, "'latest_filename' must not contain path components");
    throwsWith(() => saver.save({} as never, path.join(dir, 'm')), TFTypeError, /^'sess' must be a Session; /);
    const deep = path.join(dir, 'no', 'such', 'm');
    throwsWith(() => saver.save(sess, deep), ValueError, `Parent directory of ${deep} doesn't exist, can't save.`);
    // One missing level is created, as TF's bundle writer does.
    assert.equal(saver.save(sess, path.join(dir, 'new', 'm'), { write_state: false }), path.join(dir, 'new', 'm'));
    // An uninitialized variable cannot be saved.
    throwsWith(() => saver.save(session(), path.join(dir, 'u')), OpError, /Attempting to use uninitialized value v/);
  });

  it('names checkpoints by global step, keeps max_to_keep and maintains the state file', () => {
    const dir = tmpDir();
    const v = tf.Variable(tf.constant(0), { name: 'v' });
    const step = tf.Variable(tf.constant(100), { name: 'global_step' });
    const saver = new train.Saver([v], { max_to_keep: 3 });
    const sess = session();
    sess.run(tf.global_variables_initializer());
    const prefix = path.join(dir, 'model.ckpt');
    for (let i = 1; i <= 5; i++) assert.equal(saver.save(sess, prefix, { global_step: i * 10 }), `${prefix}-${i * 10}`);
    assert.equal(saver.save(sess, prefix, { global_step: step }), `${prefix}-100`);
    assert.equal(saver.save(sess, prefix, { global_step: 'global_step:0' }), `${prefix}-100`);
    assert.deepEqual(saver.last_checkpoints, [`${prefix}-40`, `${prefix}-50`, `${prefix}-100`]);
    assert.equal(fs.readFileSync(path.join(dir, 'checkpoint'), 'utf8'),
      `model_checkpoint_path: "${prefix}-100"\nall_model_checkpoint_paths: "${prefix}-40"\n`
      + `all_model_checkpoint_paths: "${prefix}-50"\nall_model_checkpoint_paths: "${prefix}-100"\n`);
    const files = fs.readdirSync(dir).sort();
    for (const s of [10, 20, 30]) assert.ok(!files.some((f) => f.startsWith(`model.ckpt-${s}.`)), `${s} deleted`);
    for (const s of [40, 50, 100]) {
      for (const ext of ['index', 'data-00000-of-00001', 'meta']) assert.ok(files.includes(`model.ckpt-${s}.${ext}`), `${s}.${ext}`);
    }
    assert.equal(train.latest_checkpoint(dir), `${prefix}-100`);
    const padded = new train.Saver([v], { pad_step_number: true, max_to_keep: 0 });
    assert.equal(padded.save(sess, prefix, { global_step: 7 }), `${prefix}-00000007`);
    assert.equal(fs.readFileSync(path.join(dir, 'checkpoint'), 'utf8'),
      `model_checkpoint_path: "${prefix}-00000007"\nall_model_checkpoint_paths: "${prefix}-00000007"\n`);
    assert.ok(fs.existsSync(`${prefix}-100.index`));
  });

  it('keeps a checkpoint every keep_checkpoint_every_n_hours', () => {
    const dir = tmpDir();
    tf.Variable(tf.constant(0), { name: 'v' });
    // A deadline an hour in the past: every checkpoint leaving the recent list is past it and kept.
    const saver = new train.Saver(null, { max_to_keep: 1, keep_checkpoint_every_n_hours: -1 });
    const sess = session();
    sess.run(tf.global_variables_initializer());
    for (let i = 1; i <= 3; i++) saver.save(sess, path.join(dir, 'm'), { global_step: i, write_meta_graph: false });
    assert.deepEqual(saver.last_checkpoints, [path.join(dir, 'm-3')]);
    assert.ok(fs.existsSync(path.join(dir, 'm-1.index')));
    assert.ok(fs.existsSync(path.join(dir, 'm-2.index')));
  });

  it('stores paths relative to a relative save dir', () => {
    const root = tmpDir();
    inDir(root, () => {
      fs.mkdirSync('ckpt');
      tf.Variable(tf.constant(0), { name: 'v' });
      const saver = new train.Saver();
      const sess = session();
      sess.run(tf.global_variables_initializer());
      assert.equal(saver.save(sess, './ckpt/model.ckpt', { global_step: 5 }), './ckpt/model.ckpt-5');
      assert.equal(fs.readFileSync('ckpt/checkpoint', 'utf8'), 'model_checkpoint_path: "model.ckpt-5"\nall_model_checkpoint_paths: "model.ckpt-5"\n');
      assert.equal(train.latest_checkpoint('./ckpt'), './ckpt/model.ckpt-5');
      assert.equal(saver.save(sess, 'model.ckpt'), 'model.ckpt');
      assert.equal(fs.readFileSync('checkpoint', 'utf8'), 'model_checkpoint_path: "model.ckpt"\nall_model_checkpoint_paths: "ckpt/model.ckpt-5"\nall_model_checkpoint_paths: "model.ckpt"\n');
    });
  });
});
