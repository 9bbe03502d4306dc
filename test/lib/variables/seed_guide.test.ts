// The TF Programmer's Guide examples (variables, initialization, sharing, scopes), line by line.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';

describe('seed guide: creating and initializing variables', () => {
  beforeEach(() => tf.reset_default_graph());

  it('creates weights, biases, a device-pinned variable and variables from initialized values', () => {
    const weights = tf.Variable(tf.random_normal([784, 200], { stddev: 0.35 }), { name: 'weights' });
    const biases = tf.Variable(tf.zeros([200]), { name: 'biases' });
    const v = tf.device('/job:ps/task:7', () => tf.Variable(tf.zeros([3]), { name: 'v' }));
    assert.equal(v.device, '/job:ps/task:7');
    const w2 = tf.Variable(weights.initialized_value(), { name: 'w2' });
    const wTwice = tf.Variable(weights.initialized_value().mul(2.0), { name: 'w_twice' });

    assert.equal(weights.name, 'weights:0');
    assert.equal(weights.op.name, 'weights');
    assert.equal(weights.op.type, 'VariableV2');
    assert.equal(weights.dtype.name, 'float32_ref');
    assert.equal(weights.dtype.base_dtype, tf.float32);
    assert.equal(weights.value().name, 'weights/read:0');
    assert.equal(weights.initializer.name, 'weights/Assign');
    assert.equal(biases.shape.toString(), '(200,)');
    assert.equal(String(weights), "<tf.Variable 'weights:0' shape=(784, 200) dtype=float32_ref>");

    // The guide's /job:ps/task:7 exists only in a cluster: a local session places it softly when asked to.
    assert.throws(() => new tf.Session().run(v.initializer), /Cannot assign a device for operation v: Operation was explicitly assigned to \/job:ps\/task:7/);
    const sess: tf.Session = new tf.Session({ config: tf.ConfigProto({ allow_soft_placement: true }) });
    sess.run(tf.global_variables_initializer());
    const [wv, w2v, wtv, bv] = sess.run([weights, w2, wTwice, biases]);
    assert.deepEqual(wv.shape, [784, 200]);
    assert.deepEqual(Array.from(w2v.values.slice(0, 10)), Array.from(wv.values.slice(0, 10)));
    for (let i = 0; i < 100; i++) assert.ok(Math.abs(wtv.values[i] - 2 * wv.values[i]) < 1e-6);
    assert.ok(bv.values.every((x) => x === 0));
    const std = Math.sqrt(Array.from(wv.values).reduce((a, x) => a + x * x, 0) / wv.size);
    assert.ok(Math.abs(std - 0.35) < 0.01, `stddev ${std}`);
  });

  it('builds the ops TF builds for a literal initial value', () => {
    const v = tf.Variable([1, 2], { name: 'v' });
    const names = tf.get_default_graph().get_operations().map((o) => `${o.name}:${o.type}`);
    assert.deepEqual(names, ['v/initial_value:Const', 'v:VariableV2', 'v/Assign:Assign', 'v/read:Identity']);
    assert.equal(v.initial_value.name, 'v/initial_value:0');
    // JavaScript numbers are float32; an integer typed array, a BigInt or an explicit dtype makes integers.
    assert.equal(v.dtype.name, 'float32_ref');
    assert.equal(tf.Variable(new Int32Array([1, 2]), { name: 'typed' }).dtype.name, 'int32_ref');
    assert.equal(tf.Variable(483n, { name: 'big' }).dtype.name, 'int64_ref');
    assert.equal(tf.Variable([1, 2], { name: 'explicit', dtype: tf.int32 }).dtype.name, 'int32_ref');
    assert.deepEqual(v.initializer.colocation_groups(), ['loc:@v']);
    assert.deepEqual(v.value().op.colocation_groups(), ['loc:@v']);
    assert.equal(v.initializer.get_attr('use_locking'), true);
    const w = new tf.Variable(1.5);
    assert.equal(w.name, 'Variable:0');
    assert.equal(tf.Variable(0).name, 'Variable_1:0');
  });

  it('raises TF errors for bad constructor input', () => {
    assert.throws(() => tf.Variable(), /initial_value must be specified\./);
    const p = tf.placeholder(tf.float32, [null, 3]);
    assert.throws(() => tf.Variable(p), /initial_value must have a shape specified: Tensor\("Placeholder:0", shape=\(\?, 3\), dtype=float32\)/);
    const ok = tf.Variable(p, { validate_shape: false });
    assert.equal(ok.shape.toString(), '<unknown>');
  });

  it('reports FailedPreconditionError for uninitialized reads', () => {
    const v = tf.Variable(tf.zeros([2]), { name: 'Variable' });
    const sess = new tf.Session();
    assert.throws(() => sess.run(v), (e: Error) => e instanceof tf.errors.FailedPreconditionError && /^Attempting to use uninitialized value Variable/.test(e.message));
    assert.throws(() => sess.run(v.add(1)), /Attempting to use uninitialized value Variable/);
    assert.equal((() => { try { sess.run(v); } catch (e) { return (e as tf.errors.OpError).error_code; } return -1; })(), 9);
    const names = sess.run(tf.report_uninitialized_variables());
    assert.deepEqual(names.strings, ['Variable']);
    sess.run(v.initializer);
    assert.deepEqual(sess.run(tf.report_uninitialized_variables()).shape, [0]);
  });

  it('assigns, adds and subtracts, with TF names and runtime checks', () => {
    const v = tf.Variable([1.5, 2.5], { name: 'v' });
    const a = v.assign([3, 4]) as tf.Tensor;
    const add = v.assign_add([1, 1]) as tf.Tensor;
    const sub = v.assign_sub([0.5, 0.5]) as tf.Tensor;
    assert.equal(a.op.name, 'Assign');
    assert.equal(a.op.inputs[1].op.name, 'Assign/value');
    assert.equal(add.op.name, 'AssignAdd');
    assert.equal(sub.op.name, 'AssignSub');
    assert.equal(a.op.get_attr('use_locking'), false);
    tf.Session((sess) => {
      sess.run(v.initializer);
      assert.deepEqual(sess.run(a).toArray(), [3, 4]);
      assert.deepEqual(sess.run(add).toArray(), [4, 5]);
      assert.deepEqual(sess.run(sub).toArray(), [3.5, 4.5]);
      assert.deepEqual(v.eval().toArray(), [3.5, 4.5]);
    });
    const w = tf.Variable(tf.zeros([2]), { name: 'w', validate_shape: true });
    assert.throws(() => w.assign([1, 2, 3]), /shapes must be equal/);
    const p = tf.placeholder(tf.float32);
    const assignP = w.assign(p) as tf.Tensor;
    tf.Session((sess) => {
      assert.throws(() => sess.run(assignP, new Map([[p, [1, 2, 3]]])), /Assign requires shapes of both tensors to match\. lhs shape= \[2\] rhs shape= \[3\]/);
      sess.run(w.initializer);
      const addP = w.assign_add(p) as tf.Tensor;
      assert.throws(() => sess.run(addP, new Map([[p, [[1, 2]]]])), /Parameters and update must be the same size/);
      const u = tf.Variable(tf.zeros([2]), { name: 'u' });
      assert.throws(() => sess.run(u.assign_add([1, 1])), /Attempting to use uninitialized parameters: u|Attempting to use uninitialized value u/);
    });
  });

  it('collects variables and initializes a chosen list', () => {
    const a = tf.Variable(1, { name: 'a' });
    const b = tf.Variable(2, { name: 'b', trainable: false });
    const c = tf.Variable(3, { name: 'c', collections: [tf.GraphKeys.LOCAL_VARIABLES] });
    assert.deepEqual(tf.global_variables().map((v) => v.name), ['a:0', 'b:0']);
    // trainable defaults to true, so `c` joins TRAINABLE_VARIABLES as in TF
    assert.deepEqual(tf.trainable_variables().map((v) => v.name), ['a:0', 'c:0']);
    assert.deepEqual(tf.local_variables().map((v) => v.name), ['c:0']);
    const init = tf.variables_initializer([a, c]);
    assert.equal(init.name, 'init');
    assert.equal(init.type, 'NoOp');
    assert.deepEqual(init.control_inputs.map((o) => o.name), ['a/Assign', 'c/Assign']);
    assert.equal(tf.global_variables_initializer().name, 'init_1');
    tf.Session((sess) => {
      sess.run(init);
      assert.equal(sess.run(a).item(), 1);
      assert.throws(() => sess.run(b), /uninitialized value b/);
      assert.equal(sess.run(tf.is_variable_initialized(a)).item(), true);
    });
    assert.throws(() => tf.Variable(1, { collections: 'x' as unknown as string[] }), /collections argument to Variable constructor must be a list, tuple, or set/);
  });

  it('places assign ops with their variable regardless of device scopes', () => {
    const v = tf.device('/job:ps', () => tf.Variable(1, { name: 'v' }));
    const a = tf.device('/job:worker/task:7', () => v.assign(1) as tf.Tensor);
    assert.equal(a.device, '/job:ps');
    assert.deepEqual(a.op.colocation_groups(), ['loc:@v']);
    assert.equal(v.initializer.device, '/job:ps');
    assert.equal(tf.global_variables_initializer().device, '/job:ps');
  });

  it('works with InteractiveSession eval and run', () => {
    const sess = new tf.InteractiveSession();
    try {
      const v = tf.Variable([1, 2], { name: 'v' });
      v.initializer.graph; // same graph
      tf.global_variables_initializer();
      sess.run(v.initializer);
      assert.deepEqual(v.eval().toArray(), [1, 2]);
      assert.deepEqual(tf.get_default_session(), sess);
      const p = tf.placeholder(tf.float32, [2]);
      assert.deepEqual(p.mul(v.value().op.graph === p.graph ? 2 : 0).eval({ 'Placeholder:0': [1, 2] }).toArray(), [2, 4]);
      (v.assign([5, 6]) as tf.Tensor).op.run();
      assert.deepEqual(v.eval().toArray(), [5, 6]);
      assert.equal(tf.constant(1, tf.float32).dtype, tf.float32);
    } finally {
      sess.close();
    }
    assert.equal(tf.get_default_session(), null);
    assert.throws(() => tf.constant(1).eval(), /Cannot evaluate tensor using `eval\(\)`: No default session is registered/);
  });
});

describe('seed guide: sharing variables with variable_scope', () => {
  beforeEach(() => tf.reset_default_graph());

  function convRelu(input: tf.Tensor, kernelShape: number[], biasShape: number[]): tf.Tensor {
    const weights = tf.get_variable('weights', kernelShape, { initializer: tf.random_normal_initializer() });
    const biases = tf.get_variable('biases', biasShape, { initializer: tf.constant_initializer(0.0) });
    const conv = tf.nn.conv2d(input, weights, { strides: [1, 1, 1, 1], padding: 'SAME' });
    return tf.nn.relu(conv.add(biases));
  }

  function myImageFilter(input: tf.Tensor): tf.Tensor {
    const relu1 = tf.variable_scope('conv1', () => convRelu(input, [5, 5, 32, 32], [32]));
    return tf.variable_scope('conv2', () => convRelu(relu1, [5, 5, 32, 32], [32]));
  }

  it('names get_variable after variable scopes, not name scopes', () => {
    const x = tf.variable_scope('foo', () => tf.name_scope('bar', () => tf.get_variable('v', [1]).add(1.0)));
    assert.equal(x.op.name, 'foo/bar/add');
    assert.equal(tf.global_variables()[0].name, 'foo/v:0');
    const v = tf.variable_scope('foo', () => tf.variable_scope('bar', () => tf.get_variable('v', [1])));
    assert.equal(v.name, 'foo/bar/v:0');
  });

  it('shares the image filter variables after reuse_variables()', () => {
    const image1 = tf.random_normal([1, 10, 10, 32]);
    const image2 = tf.random_normal([1, 10, 10, 32]);
    const [r1, r2] = tf.variable_scope('image_filters', (scope) => {
      const a = myImageFilter(image1);
      scope.reuse_variables();
      return [a, myImageFilter(image2)];
    });
    assert.deepEqual(tf.global_variables().map((v) => v.name), [
      'image_filters/conv1/weights:0', 'image_filters/conv1/biases:0',
      'image_filters/conv2/weights:0', 'image_filters/conv2/biases:0',
    ]);
    tf.Session((sess) => {
      sess.run(tf.global_variables_initializer());
      const [a, b] = sess.run([r1, r2]);
      assert.deepEqual(a.shape, [1, 10, 10, 32]);
      assert.deepEqual(b.shape, [1, 10, 10, 32]);
      assert.ok(a.values.every((x) => x >= 0));
    });
  });

  it('raises the "already exists" error without reuse', () => {
    const image = tf.random_normal([1, 10, 10, 32]);
    myImageFilter(image);
    assert.throws(() => myImageFilter(image), (e: Error) => e instanceof tf.ValueError
      && e.message.startsWith('Variable conv1/weights already exists, disallowed. Did you mean to set reuse=True or reuse=tf.AUTO_REUSE in VarScope? Originally defined at:'));
  });

  it('follows the reuse truth table', () => {
    tf.get_variable('exists', [1]);
    // reuse False (root) / inherited None
    assert.throws(() => tf.get_variable('exists', [1]), /already exists, disallowed/);
    assert.equal(tf.get_variable('fresh', [1]).name, 'fresh:0');
    // reuse True
    tf.variable_scope('', { reuse: true, auxiliary_name_scope: false }, () => {
      assert.equal(tf.get_variable('exists', [1]).name, 'exists:0');
      assert.throws(() => tf.get_variable('missing', [1]), /Variable missing does not exist, or was not created with tf.get_variable\(\)\. Did you mean to set reuse=tf.AUTO_REUSE in VarScope\?/);
    });
    // AUTO_REUSE
    tf.variable_scope('auto', { reuse: tf.AUTO_REUSE }, () => {
      const a = tf.get_variable('x', [2]);
      const b = tf.get_variable('x', [2]);
      assert.equal(a, b);
    });
    // inheritance: a child cannot switch reuse off
    tf.variable_scope('auto', { reuse: true }, () => {
      tf.variable_scope('child', { reuse: false }, (s) => assert.equal(s.reuse, true));
      tf.variable_scope('child2', { reuse: tf.AUTO_REUSE }, (s) => {
        assert.equal(s.reuse, tf.AUTO_REUSE);
        assert.equal(tf.get_variable('new', [1]).name, 'auto/child2/new:0');
      });
    });
  });

  it('checks shapes, dtypes and initializer arguments', () => {
    tf.get_variable('v', [1]);
    tf.variable_scope('', { reuse: true }, () => {
      assert.throws(() => tf.get_variable('v', [2]), /Trying to share variable v, but specified shape \(2,\) and found shape \(1,\)\./);
      assert.throws(() => tf.get_variable('v', [1], { dtype: tf.int32 }), /Trying to share variable v, but specified dtype int32 and found dtype float32_ref\./);
    });
    assert.throws(() => tf.get_variable('c', [2], { initializer: tf.constant([1, 2]) }), /If initializer is a constant, do not specify shape\./);
    assert.throws(() => tf.get_variable('d', { initializer: new Int32Array([1, 2]), dtype: tf.float64 }), /Initializer type '<dtype: 'int32'>' and explicit dtype '<dtype: 'float64'>' don't match\./);
    assert.throws(() => tf.get_variable('d', { initializer: [1.5, 2], dtype: tf.int32 }), /Initializer type '<dtype: 'float32'>' and explicit dtype '<dtype: 'int32'>' don't match\./);
    // JavaScript numbers (and a constant made from them, not yet used) take the explicit dtype.
    assert.equal(tf.get_variable('d', { initializer: [1, 2], dtype: tf.float64 }).dtype.name, 'float64_ref');
    assert.equal(tf.get_variable('d2', { dtype: tf.int32, initializer: tf.constant([23, 42]) }).dtype.name, 'int32_ref');
    assert.throws(() => tf.get_variable('e', [null, 2]), /Shape of a new variable \(e\) must be fully defined, but instead was \(\?, 2\)\./);
    assert.throws(() => tf.get_variable('z', [1], { dtype: tf.complex64 }), /An initializer for variable z of <dtype: 'complex64'> is required/);
    const c = tf.get_variable('c', { initializer: tf.constant([1, 2]) });
    assert.equal(c.dtype.name, 'float32_ref');
  });

  it('uses glorot_uniform for floats and zeros for ints by default', () => {
    const w = tf.get_variable('w', [30, 20]);
    const i = tf.get_variable('i', [3], { dtype: tf.int32 });
    const ops = tf.get_default_graph().get_operations().map((o) => o.name);
    for (const n of ['w/Initializer/random_uniform/shape', 'w/Initializer/random_uniform/min', 'w/Initializer/random_uniform/max',
      'w/Initializer/random_uniform/RandomUniform', 'w/Initializer/random_uniform/sub', 'w/Initializer/random_uniform/mul',
      'w/Initializer/random_uniform', 'i/Initializer/zeros']) {
      assert.ok(ops.includes(n), `missing ${n} in ${ops.join(', ')}`);
    }
    assert.deepEqual(tf.get_default_graph().get_operation_by_name('w/Initializer/random_uniform').colocation_groups(), ['loc:@w']);
    tf.Session((sess) => {
      sess.run(tf.global_variables_initializer());
      const limit = Math.sqrt(6 / 50);
      const wv = sess.run(w);
      assert.ok(wv.values.every((x) => Math.abs(x) <= limit));
      assert.ok(Math.max(...wv.values) > limit * 0.8);
      assert.deepEqual(sess.run(i).toArray(), [0, 0, 0]);
    });
  });

  it('inherits initializers and dtypes from scopes', () => {
    tf.variable_scope('s', { initializer: tf.constant_initializer(0.4), dtype: tf.float64 }, () => {
      const v = tf.get_variable('v', [1]);
      assert.equal(v.dtype.base_dtype, tf.float64);
      tf.variable_scope('inner', () => {
        const w = tf.get_variable('w', [1]);
        tf.Session((sess) => { sess.run(w.initializer); assert.equal(sess.run(w).item(), 0.4); });
      });
      const u = tf.get_variable('u', [1], { initializer: tf.constant_initializer(0.2) });
      tf.Session((sess) => { sess.run(u.initializer); assert.equal(sess.run(u).item(), 0.2); });
    });
  });

  it('opens name scopes as TF does for strings, captured scopes and default names', () => {
    tf.name_scope('scope1', () => {
      tf.variable_scope('tower', (vs) => {
        assert.equal(vs.original_name_scope, 'scope1/tower/');
        assert.equal(tf.constant(1).op.name, 'scope1/tower/Const');
      });
      tf.variable_scope('tower', () => assert.equal(tf.constant(1).op.name, 'scope1/tower_1/Const'));
    });
    const tower = tf.variable_scope('tower', (vs) => vs);
    tf.variable_scope('tower6', () => {
      tf.variable_scope(tower, (vs) => {
        assert.equal(vs.name, 'tower');
        assert.equal(vs.original_name_scope, 'tower/');
        assert.equal(tf.constant(1).op.name, 'tower6/tower/Const');
        assert.equal(tf.get_variable('w', [1]).name, 'tower/w:0');
      });
    });
    tf.variable_scope(tower, () => assert.equal(tf.constant(1).op.name, 'tower_1/Const'));
    const names = [0, 1, 2].map(() => tf.variable_scope(null, { default_name: 'default' }, (vs) => vs.name));
    assert.deepEqual(names, ['default', 'default_1', 'default_2']);
    assert.throws(() => tf.variable_scope(null, () => 0), /If default_name is None then name_or_scope is required/);
    assert.throws(() => tf.variable_scope(null, { default_name: 'd', reuse: true }, () => 0), /reuse=True cannot be used without a name_or_scope/);
    assert.throws(() => tf.variable_scope('x', { reuse: 1 as unknown as boolean }, () => 0), /The reuse parameter must be True or False or None\./);
  });

  it('reports improper nesting of handles', () => {
    const outer = tf.variable_scope('outer');
    const inner = tf.variable_scope('inner');
    assert.throws(() => outer.exit(), /Improper nesting of variable_scope\./);
    inner.exit();
    outer.exit();
    assert.equal(tf.get_variable_scope().name, '');
  });

  it('lists a scope\'s variables and supports custom getters', () => {
    const seen: string[] = [];
    tf.variable_scope('m', { custom_getter: (getter, name, args) => { seen.push(name); return getter(name, args); } }, (vs) => {
      tf.get_variable('a', [1]);
      assert.deepEqual(vs.global_variables().map((v) => v.name), ['m/a:0']);
    });
    assert.deepEqual(seen, ['m/a']);
  });
});

describe('variable store view', () => {
  beforeEach(() => tf.reset_default_graph());

  it('lists get_variable variables and the scopes entered, with their reuse', () => {
    tf.variable_scope('model', () => {
      tf.get_variable('w', [1]);
      tf.variable_scope('shared', { reuse: tf.AUTO_REUSE }, () => tf.get_variable('b', [1]));
    });
    tf.Variable(1, { name: 'plain' });
    const view = tf.variable_store();
    assert.deepEqual([...view.variables.keys()], ['model/w', 'model/shared/b']);
    assert.deepEqual([...view.scopes.keys()], ['model', 'model/shared']);
    assert.equal(view.scopes.get('model/shared')!.reuse, tf.AUTO_REUSE);
    assert.equal(view.scopes.get('model')!.reuse, false);
  });
});

describe('camelCase names', () => {
  it('are the same functions as the TF names', () => {
    assert.equal(tf.getVariable, tf.get_variable);
    assert.equal(tf.variableScope, tf.variable_scope);
    assert.equal(tf.globalVariablesInitializer, tf.global_variables_initializer);
    assert.equal(tf.nameScope, tf.name_scope);
    assert.equal(tf.randomNormal, tf.random_normal);
    assert.equal(tf.autoReuse, tf.AUTO_REUSE);
  });
});
