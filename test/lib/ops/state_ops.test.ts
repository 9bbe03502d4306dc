// tf.assign & co., the scatter writes and the top-level collection functions, against TF 1.15's node names,
// attrs and values.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { nodes } from './helpers';

describe('state ops: assign, scatter and collections', () => {
  beforeEach(() => tf.reset_default_graph());
  const vector = () => tf.Variable(tf.constant([1, 2, 3], { dtype: tf.float32 }), { name: 'v' });

  it('tf.assign / assign_add / assign_sub build TF\'s ops with its use_locking defaults', () => {
    const v = vector();
    const a = tf.assign(v, [4, 5, 6]);
    const add = tf.assign_add(v, [1, 1, 1]);
    const sub = tf.assign_sub(v, [2, 2, 2], { name: 'down' });
    assert.deepEqual(nodes().slice(-6), ['Assign/value:Const', 'Assign:Assign', 'AssignAdd/value:Const', 'AssignAdd:AssignAdd', 'down/value:Const', 'down:AssignSub']);
    assert.equal(a.dtype.name, 'float32_ref');
    assert.equal(a.op.get_attr('use_locking'), true);
    assert.equal(a.op.get_attr('validate_shape'), true);
    assert.equal(add.op.get_attr('use_locking'), false);
    const sess = new tf.Session();
    sess.run(v.initializer);
    assert.deepEqual(sess.run(a).toArray(), [4, 5, 6]);
    assert.deepEqual(sess.run(add).toArray(), [5, 6, 7]);
    assert.deepEqual(sess.run(sub).toArray(), [3, 4, 5]);
    assert.throws(() => tf.assign(v, [1, 2]), /Dimension mismatch in Assign op 'Assign_1': shapes must be equal but are \[3\] and \[2\]/);
    assert.throws(() => tf.assign(tf.constant(1), 2), /assign requires a variable \(a ref tensor\)/);
  });

  it('validate_shape: false lets the variable take a new shape', () => {
    const v = vector();
    const a = tf.assign(v, tf.constant([[1, 2]], { dtype: tf.float32 }), { validate_shape: false });
    assert.equal(a.shape.toString(), '(1, 2)');
    const sess = new tf.Session();
    sess.run(v.initializer);
    assert.deepEqual(sess.run(a).toArray(), [[1, 2]]);
  });

  it('Variable.assign_add is typed as a tensor: .op.run() and .eval() work', () => {
    const v = vector();
    const step = v.assign_add([1, 1, 1]);
    const sess = new tf.InteractiveSession();
    try {
      sess.run(v.initializer);
      step.op.run();
      assert.deepEqual(step.eval().toArray(), [3, 4, 5]);
      assert.equal(v.assign([0, 0, 0], { read_value: false }).type, 'Assign');
    } finally { sess.close(); }
  });

  it('scatter_update / scatter_add write rows; repeated indices add up', () => {
    const m = tf.Variable(tf.constant([[1, 2], [3, 4], [5, 6]], { dtype: tf.float32 }), { name: 'm' });
    const up = tf.scatter_update(m, [0, 2], [[10, 20], [50, 60]]);
    const add = tf.scatter_add(m, tf.constant([1, 1]), [[1, 1], [2, 2]]);
    assert.equal(up.op.name, 'ScatterUpdate');
    assert.equal(up.op.get_attr('use_locking'), true);
    assert.equal(add.op.get_attr('use_locking'), false);
    assert.equal(up.op.get_attr('Tindices'), tf.int32);
    const sess = new tf.Session();
    sess.run(m.initializer);
    assert.deepEqual(sess.run(up).toArray(), [[10, 20], [3, 4], [50, 60]]);
    assert.deepEqual(sess.run(add).toArray(), [[10, 20], [6, 7], [50, 60]]);
    const bad = tf.scatter_update(m, [3], [[0, 0]]);
    assert.throws(() => sess.run(bad), (e: Error) => e instanceof tf.errors.InvalidArgumentError && /indices\[0\] = 3 is not in \[0, 3\)/.test(e.message));
    assert.throws(() => tf.scatter_update(m, [0], [1, 2, 3]),
      /Must have updates.shape = indices.shape \+ params.shape\[1:\] or updates.shape = \[\], got updates.shape \[3\], indices.shape \[1\], params.shape \[3,2\]/);
    assert.throws(() => tf.scatter_add(m, [0.5], [[1, 1]]), /parameter 'indices' has DataType float32 not in list of allowed values: int32, int64/);
  });

  it('get_collection / get_collection_ref / add_to_collection(s) at top level', () => {
    const a = tf.constant(1, { name: 'layer1/a' }), b = tf.constant(2, { name: 'layer2/b' });
    tf.add_to_collection('mine', a);
    tf.add_to_collections(['mine', 'other'], b);
    assert.deepEqual(tf.get_collection('mine'), [a, b]);
    assert.deepEqual(tf.get_collection('mine', 'layer2'), [b]);
    assert.deepEqual(tf.get_collection('other'), [b]);
    tf.add_to_collections('single', a);
    assert.deepEqual(tf.get_collection('single'), [a]);
    const copy = tf.get_collection('mine');
    copy.pop();
    assert.equal(tf.get_collection('mine').length, 2, 'get_collection returns a copy');
    tf.get_collection_ref('mine').pop();
    assert.deepEqual(tf.get_collection('mine'), [a], 'get_collection_ref returns the live list');
    assert.deepEqual(tf.get_collection('missing'), []);
    const v = vector();
    assert.deepEqual(tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES), [v]);
  });

  it('bind through their Python signatures: by position or keyword, Python\'s TypeErrors', () => {
    const v = vector();
    assert.equal(tf.assign(v, [1, 2, 3], true, false, 'a').op.name, 'a');
    assert.equal(tf.assign({ ref: v, value: [1, 2, 3], name: 'b' }).op.name, 'b');
    assert.equal(tf.scatter_update(v, { indices: [0], updates: [5], use_locking: false }).op.get_attr('use_locking'), false);
    assert.throws(() => (tf.assign as (...a: unknown[]) => unknown)(v), { name: 'TypeError', message: "assign() missing 1 required positional argument: 'value'" });
    assert.throws(() => (tf.assign_add as (...a: unknown[]) => unknown)(v, 1, { validate_shape: true }), { name: 'TypeError', message: "assign_add() got an unexpected keyword argument 'validate_shape'" });
  });
});
