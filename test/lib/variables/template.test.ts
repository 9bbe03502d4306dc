import assert from 'node:assert/strict';
import * as tf from '../../../lib';

describe('tf.make_template', () => {
  beforeEach(() => tf.reset_default_graph());

  it('shares the first call\'s variables with later calls, each call in a new name scope (TF\'s docs\' example)', () => {
    const scale = tf.make_template('scale_by_y', (x: tf.Tensor) => x.mul(tf.get_variable('y', [1], { initializer: tf.constant_initializer(3) })));
    assert.equal(scale.variable_scope, null);
    assert.equal(scale.trainable_variables.length, 0);
    const a = scale(tf.constant([1], tf.float32)), b = scale(tf.constant([2], tf.float32));
    assert.deepEqual([a.name, b.name], ['scale_by_y/mul:0', 'scale_by_y_1/mul:0']);
    assert.deepEqual(tf.global_variables().map((v) => v.name), ['scale_by_y/y:0']);
    assert.equal(scale.name, 'scale_by_y');
    assert.equal(scale.variable_scope_name, 'scale_by_y/');
    assert.deepEqual(scale.trainable_variables.map((v) => v.name), ['scale_by_y/y:0']);
    assert.deepEqual(scale.non_trainable_variables, []);
    // A second template of the same name gets its own variables.
    const other = tf.make_template('scale_by_y', (x: tf.Tensor) => x.mul(tf.get_variable('y', [1])));
    other(a);
    assert.deepEqual(tf.global_variables().map((v) => v.name), ['scale_by_y/y:0', 'scale_by_y_1/y:0']);
    tf.Session((sess) => {
      sess.run(tf.global_variables_initializer());
      assert.deepEqual(sess.run([a, b]).map((v) => v.toArray()), [[3], [6]]);
    });
  });

  it('with create_scope_now_, makes the variable scope at construction; takes unique_name_ and extra keywords', () => {
    const t = tf.make_template('early', (x: tf.Tensor) => x.mul(tf.get_variable('w', [])), { create_scope_now_: true });
    assert.equal(t.variable_scope!.name, 'early');
    t(tf.constant(1, tf.float32)); t(tf.constant(2, tf.float32));
    const named = tf.make_template('ignored', () => tf.get_variable('v', []), { unique_name_: 'exact' });
    named(); named();
    const kw = tf.make_template({ name_: 'kw', func_: (x: tf.Tensor, o?: { k: number }) => x.mul(o!.k), k: 4 });
    const y = kw(tf.constant(2, tf.float32));
    const z = kw(tf.constant(2, tf.float32), { k: 5 });
    assert.deepEqual(tf.global_variables().map((v) => v.name), ['early/w:0', 'exact/v:0']);
    tf.Session((sess) => assert.deepEqual([sess.run(y).item(), sess.run(z).item()], [8, 10]));
  });

  it('raises TF\'s ValueError when a later call creates a trainable variable, and for a missing name', () => {
    const bad = tf.make_template('bad', () => tf.Variable(1.0));
    bad();
    assert.throws(() => bad(), (e: Error) => e instanceof tf.ValueError && e.message.startsWith(
      "Trainable variable created when calling a template after the first time, perhaps you used tf.Variable when you meant tf.get_variable: [<tf.Variable 'bad_1/Variable:0'"));
    assert.throws(() => tf.make_template(null as unknown as string, () => 0), /name cannot be None\./);
  });
});

describe('tf.executing_eagerly', () => {
  it('is false: graphs and sessions only', () => {
    assert.equal(tf.executing_eagerly(), false);
    assert.throws(() => (tf.executing_eagerly as (...a: unknown[]) => boolean)(1), /takes 0 positional arguments but 1 was given/);
  });
});
