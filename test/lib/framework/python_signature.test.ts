// The Python binder: every declared signature binds by position and by keyword, Python's TypeErrors, and the
// public functions and classes reached through it build the same graph whichever way they are called.
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '../../../lib';
import { PythonSignature, signatureOf } from '../../../lib/framework/python_signature';

/** A value the binder cannot mistake for keyword arguments. */
class Sentinel { constructor(readonly index: number) {} }

/** Every public function and class of `tf` that declares a Python signature, by its dotted name. */
function declaredSignatures(): [string, PythonSignature][] {
  const out: [string, PythonSignature][] = [];
  const seen = new Set<unknown>();
  // Breadth first, so a function keeps its shortest name (tf.nn.relu, not tf.compat.v1.nn.relu).
  const queue: [string, Record<string, unknown>][] = [['tf', tf as unknown as Record<string, unknown>]];
  for (let next = queue.shift(); next; next = queue.shift()) {
    const [prefix, ns] = next;
    if (seen.has(ns)) continue;
    seen.add(ns);
    for (const [key, value] of Object.entries(ns)) {
      const sig = signatureOf(value);
      if (sig && !seen.has(value)) { seen.add(value); out.push([`${prefix}.${key}`, sig]); }
      else if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) queue.push([`${prefix}.${key}`, value as Record<string, unknown>]);
    }
  }
  return out;
}

describe('framework: Python signatures', () => {
  beforeEach(() => tf.reset_default_graph());

  const declared = declaredSignatures();

  it('are declared by the main public functions and classes', () => {
    const names = new Set(declared.map(([n]) => n));
    for (const n of ['tf.reshape', 'tf.placeholder', 'tf.constant', 'tf.concat', 'tf.argmax', 'tf.matmul', 'tf.nn.dropout', 'tf.nn.conv2d',
      'tf.Variable', 'tf.Graph', 'tf.Session', 'tf.train.Saver', 'tf.train.AdamOptimizer', 'tf.gradients']) {
      assert.ok(names.has(n), `${n} declares no signature`);
    }
    assert.ok(declared.length > 100, `only ${declared.length} signatures`);
  });

  describe('every declared signature', () => {
    for (const [name, sig] of declared) {
      it(`${name}${String(sig).slice(sig.name.length)}`, () => {
        const n = sig.params.length;
        const values = sig.params.map((_, i) => new Sentinel(i));
        const star = sig.params.findIndex((p) => p.varargs);
        if (star >= 0) {
          // *args: the positional arguments from its place on, as a list; the parameters after it by keyword only.
          const before = values.slice(0, star), rest = [new Sentinel(100), new Sentinel(101)];
          const after = Object.fromEntries(sig.params.slice(star + 1).map((p, i) => [p.name, values[star + 1 + i]]));
          // **kwargs binds one more value: the other keyword arguments (none here).
          const others = sig.kwargs === null ? [] : [{}];
          assert.deepEqual(sig.bind([...before, ...rest, after]), [...before, rest, ...values.slice(star + 1), ...others]);
          assert.deepEqual(sig.bind(before), [...before, [], ...sig.params.slice(star + 1).map(() => undefined), ...others]);
          // With **kwargs, Python hands a keyword named like *args to the kwargs.
          if (sig.kwargs === null) assert.throws(() => sig.bind([...before, { [sig.params[star].name]: rest }]), { name: 'TypeError', message: `${sig.name}() got an unexpected keyword argument '${sig.params[star].name}'` });
          return;
        }
        for (let j = 0; j <= n; j++) {
          const keywords = Object.fromEntries(sig.params.slice(j).map((p, i) => [p.name, values[j + i]]));
          const args = j === n ? values : [...values.slice(0, j), keywords];
          // **kwargs binds one more value: the other keyword arguments (none here).
          assert.deepEqual(sig.bind(args), sig.kwargs === null ? values : [...values, {}], `${j} positional, the rest by keyword`);
        }
        const required = sig.params.filter((p) => p.required);
        const unbound = sig.params.slice(required.length).map(() => undefined);
        assert.deepEqual(sig.bind(values.slice(0, required.length)), [...values.slice(0, required.length), ...unbound, ...(sig.kwargs === null ? [] : [{}])]);
        if (sig.kwargs !== null) {
          assert.deepEqual(sig.bind([...values.slice(0, required.length), { not_a_parameter: 1 }]).at(-1), { not_a_parameter: 1 });
        } else if (!sig.params[required.length]?.takesDict) {
          assert.throws(() => sig.bind([...values.slice(0, required.length), { not_a_parameter: 1 }]),
            { name: 'TypeError', message: `${sig.name}() got an unexpected keyword argument 'not_a_parameter'` });
        }
        if (n > 0) {
          assert.throws(() => sig.bind([values[0], { [sig.params[0].name]: values[0] }]),
            { name: 'TypeError', message: `${sig.name}() got multiple values for argument '${sig.params[0].name}'` });
        }
        if (required.length > 0) assert.throws(() => sig.bind([]), { name: 'TypeError', message: new RegExp(`^${sig.name}\\(\\) missing ${required.length} required positional argument`) });
        assert.throws(() => sig.bind([...values, new Sentinel(n)]), { name: 'TypeError', message: new RegExp(`^${sig.name}\\(\\) takes .* but ${n + 1} (was|were) given$`) });
      });
    }
  });

  it('raise Python\'s TypeErrors, worded as Python words them', () => {
    const x = tf.zeros([4]);
    assert.throws(() => tf.reshape(x, { shap: [2, 2] } as never), { name: 'TypeError', message: "reshape() got an unexpected keyword argument 'shap'" });
    assert.throws(() => tf.reshape(x, [2, 2], { shape: [4] } as never), { name: 'TypeError', message: "reshape() got multiple values for argument 'shape'" });
    assert.throws(() => (tf.reshape as (...a: unknown[]) => unknown)({ shape: [4] }), { name: 'TypeError', message: "reshape() missing 1 required positional argument: 'tensor'" });
    assert.throws(() => (tf.reshape as (...a: unknown[]) => unknown)(), { name: 'TypeError', message: "reshape() missing 2 required positional arguments: 'tensor' and 'shape'" });
    assert.throws(() => (tf.slice as (...a: unknown[]) => unknown)(), { name: 'TypeError', message: "slice() missing 3 required positional arguments: 'input_', 'begin', and 'size'" });
    assert.throws(() => (tf.reshape as (...a: unknown[]) => unknown)(x, [4], 'r', 1), { name: 'TypeError', message: 'reshape() takes from 2 to 3 positional arguments but 4 were given' });
    assert.throws(() => (tf.train.MomentumOptimizer as (...a: unknown[]) => unknown)(0.1), { name: 'TypeError', message: "MomentumOptimizer() missing 1 required positional argument: 'momentum'" });
    assert.equal(String(signatureOf(tf.reshape)), 'reshape(tensor, shape, name=None)');
    assert.equal(String(signatureOf(tf.group)), 'group(*inputs, name=None)');
  });

  it('take the calls of the issue\'s tutorials', () => {
    const x = tf.placeholder(tf.float32, { shape: [null, 784] });
    assert.equal(x.shape.toString(), '(?, 784)');
    assert.equal(tf.reshape(x, { shape: [-1, 28, 28, 1] }).shape.toString(), '(?, 28, 28, 1)');
    assert.equal(tf.concat([x, x], { axis: 1 }).shape.toString(), '(?, 1568)');
    assert.equal(tf.argmax({ input: x, axis: 1 }).name, 'ArgMax:0');
    const w = tf.Variable(tf.zeros([784, 10]), { name: 'w' });
    const loss = tf.reduce_mean(tf.matmul(x, w));
    const opt = tf.train.AdamOptimizer({ learning_rate: 0.01 });
    assert.equal(opt.learning_rate, 0.01);
    assert.equal(opt.minimize({ loss }).name, 'Adam');
    const dropped = tf.nn.dropout(x, 0.5);
    assert.ok(tf.get_default_graph().get_operations().some((op) => op.name === 'dropout/random_uniform/RandomUniform'), dropped.name);
  });

  it('take Python\'s *args: tf.group(a, b, {name})', () => {
    const [a, b] = [tf.no_op({ name: 'a' }), tf.no_op({ name: 'b' })];
    const spread = tf.group(a, b, { name: 'both' });
    assert.deepEqual(spread.control_inputs.map((op) => op.name), ['a', 'b']);
    assert.equal(spread.name, 'both');
    assert.deepEqual(tf.group([a, b]).control_inputs.map((op) => op.name), ['a', 'b']);
    assert.throws(() => tf.group(a, { inputs: [b] } as never), { name: 'TypeError', message: "group() got an unexpected keyword argument 'inputs'" });
  });

  it('take TF\'s context managers by position and by keyword, the with-body last', () => {
    const a = tf.constant(1, { name: 'a' });
    assert.equal(tf.name_scope(null, 'MyOp', [a], (scope) => scope), 'MyOp/');
    assert.equal(tf.name_scope('given', 'MyOp', [a], (scope) => scope), 'given/');
    assert.equal(tf.name_scope(null, 'MyOp', (scope) => scope), 'MyOp_1/');
    assert.equal(tf.name_scope(null, { default_name: 'Kw' }, (scope) => scope), 'Kw/');
    const handle = tf.name_scope(null, 'Open');
    assert.equal(tf.constant(2).op.name, 'Open/Const');
    handle.exit();
    assert.throws(() => tf.name_scope('n', { default: 'x' } as never, () => 0), { name: 'TypeError', message: "name_scope() got an unexpected keyword argument 'default'" });

    assert.equal(tf.variable_scope(null, 'dense', [a], (vs) => tf.get_variable('w', [1]).name), 'dense/w:0');
    assert.equal(tf.variable_scope(null, 'dense', [a], (vs) => vs.name), 'dense_1');
    tf.variable_scope('shared', () => tf.get_variable('v', [1]));
    const reused = tf.variable_scope('shared', null, null, { reuse: true }, () => tf.get_variable('v', [1]));
    assert.equal(reused.name, 'shared/v:0');
    assert.throws(() => tf.variable_scope('s', { reuse_: true } as never, () => 0), { name: 'TypeError', message: "variable_scope() got an unexpected keyword argument 'reuse_'" });

    const onCpu = tf.device({ device_name_or_function: '/cpu:0' }, () => tf.constant(3, { name: 'on_cpu' }));
    assert.equal(onCpu.device, '/device:CPU:0');
    const byFunction = tf.device(() => '/cpu:0');
    assert.equal(tf.constant(4).device, '/device:CPU:0');
    byFunction.exit();

    const b = tf.device('/cpu:0', () => tf.constant(5, { name: 'b' }));
    assert.deepEqual(tf.colocate_with(b.op, () => tf.identity(b, { name: 'near_b' })).op.colocation_groups(), ['loc:@b']);
    const c = tf.colocate_with(b.op, () => tf.colocate_with(a.op, true, () => tf.identity(a, { name: 'near_a' })));
    assert.deepEqual(c.op.colocation_groups(), ['loc:@a']);
    assert.deepEqual(tf.colocate_with(b.op, () => tf.colocate_with(a.op, { ignore_existing: true }, () => tf.identity(a))).op.colocation_groups(), ['loc:@a']);
    assert.throws(() => (tf.colocate_with as (...x: unknown[]) => unknown)(b.op), { name: 'TypeError', message: /the with-body must be passed as a last argument callback/ });

    const gated = tf.control_dependencies({ control_inputs: [a.op] }, () => tf.identity(b, { name: 'gated' }));
    assert.deepEqual(gated.op.control_inputs.map((op) => op.name), ['a']);
    assert.throws(() => tf.control_dependencies({ control_input: [a.op] } as never, () => 0), { name: 'TypeError', message: "control_dependencies() got an unexpected keyword argument 'control_input'" });
  });

  it('take tf.cond and tf.tuple as TF 1.15 declares them', () => {
    const x = tf.placeholder(tf.float32, [], { name: 'x' });
    const y = tf.cond({ pred: tf.greater(x, 0), true_fn: () => x.mul(2), false_fn: () => x.neg(), name: 'kw_cond' });
    assert.ok(!Array.isArray(y) && y.op.name === 'kw_cond/Merge');
    const deprecated = tf.cond(tf.greater(x, 0), { fn1: () => x.add(1), fn2: () => x.sub(1) });
    // Not strict: a branch's one-element list comes back as its tensor, as in TF 1.x; strict keeps the list.
    const single = tf.cond(tf.greater(x, 0), () => [x.add(10)], () => [x.sub(10)]);
    const strict = tf.cond(tf.greater(x, 0), () => [x.add(10)], () => [x.sub(10)], { strict: true });
    assert.ok(!Array.isArray(single) && Array.isArray(strict) && strict.length === 1);
    tf.Session((sess) => {
      assert.equal(sess.run(y as tf.Tensor, { 'x:0': 3 }).item(), 6);
      assert.equal(sess.run(y as tf.Tensor, { 'x:0': -3 }).item(), 3);
      assert.equal(sess.run(deprecated as tf.Tensor, { 'x:0': -3 }).item(), -4);
      assert.equal(sess.run(single as tf.Tensor, { 'x:0': 1 }).item(), 11);
    });
    const f = () => x;
    assert.throws(() => tf.cond(tf.greater(x, 0), f, f, { fn1: f }), { name: 'TypeError', message: 'cond(): true_fn and fn1 may not be set simultaneously.' });
    assert.throws(() => tf.cond(tf.greater(x, 0), { true_fn: f }), { name: 'TypeError', message: 'cond(): false_fn argument required' });
    assert.throws(() => tf.cond(tf.greater(x, 0), 3 as never, f), { name: 'TypeError', message: 'true_fn must be callable.' });

    const [t1, t2] = tf.tuple([x.add(1), x.add(2)], 'both');
    assert.equal(t1!.op.name, 'both/control_dependency');
    const [k1] = tf.tuple({ tensors: [x.add(3)], name: 'kw' });
    assert.equal(k1!.op.name, 'kw/control_dependency');
    assert.equal(t2!.op.name, 'both/control_dependency_1');
  });

  it('take **kwargs where TF declares them: import_meta_graph(meta, {graph})', () => {
    const v = tf.Variable([1.5], { name: 'kept' });
    const meta = tf.train.export_meta_graph();
    const into = tf.Graph();
    const saver = tf.train.import_meta_graph(meta, { import_scope: 'imported', graph: into });
    assert.ok(saver !== null && into.get_tensor_by_name('imported/kept:0').dtype === v.dtype);
    assert.throws(() => tf.train.import_meta_graph(meta, { input_map: {} } as never), { name: 'TypeError', message: /keyword argument 'input_map' is not supported/ });
    assert.equal(String(signatureOf(tf.train.import_meta_graph)), 'import_meta_graph(meta_graph_or_file, clear_devices=False, import_scope=None, **kwargs)');
  });

  it('take string_to_number\'s newer name input, as TF 1.15 does', () => {
    const n = tf.string_to_number({ input: ['1.5', '-2'] });
    tf.Session((sess) => assert.deepEqual(sess.run(n).toArray(), [1.5, -2]));
    assert.throws(() => tf.string_to_number(['1'], { input: ['2'] }), { name: 'ValueError', message: "Cannot specify both 'input' and 'string_tensor'" });
  });

  it('type-check and run sess.run({fetches, feed_dict})', () => {
    const x = tf.placeholder(tf.float32, [2], { name: 'x' });
    const doubled = x.mul(2);
    tf.Session((sess) => {
      const value: tf.NDArray = sess.run({ fetches: doubled, feed_dict: { 'x:0': [1, 2] } });
      assert.deepEqual(value.toArray(), [2, 4]);
      const [a, b]: tf.NDArray[] = sess.run({ fetches: [doubled, x], feed_dict: new Map([[x, [3, 4]]]) });
      assert.deepEqual([a.toArray(), b.toArray()], [[6, 8], [3, 4]]);
    });
  });

  it('construct classes with and without new', () => {
    assert.ok(tf.Graph() instanceof tf.Graph);
    assert.ok(new tf.Graph() instanceof tf.Graph);
    for (const make of [() => tf.train.GradientDescentOptimizer(0.5), () => new tf.train.GradientDescentOptimizer(0.5)]) {
      const opt = make();
      assert.ok(opt instanceof tf.train.GradientDescentOptimizer && opt instanceof tf.train.Optimizer);
      assert.equal(String(opt), "<tf.train.GradientDescentOptimizer 'GradientDescent' learning_rate=0.5>");
    }
    assert.equal(String(tf.train.MomentumOptimizer({ learning_rate: 0.1, momentum: 0.9, use_nesterov: true })),
      "<tf.train.MomentumOptimizer 'Momentum' learning_rate=0.1 momentum=0.9 use_nesterov=true>");
    const v = tf.Variable(1.5, { name: 'v' });
    assert.ok(v instanceof tf.Variable && new tf.Variable(2.5) instanceof tf.Variable);
    // A trailing object of parameter names is options; one with other keys is the Saver's var_list.
    const byName = tf.train.Saver({ my_v: v });
    assert.equal(byName.as_saver_def().filename_tensor_name, 'save/Const:0');
    const options = tf.train.Saver({ max_to_keep: 2, name: 'kept' });
    assert.equal(options.as_saver_def().max_to_keep, 2);
    tf.Session((sess) => { sess.run(v.initializer); assert.equal(sess.run(v).item(), 1.5); });
    const sess = tf.Session({ graph: tf.get_default_graph() });
    assert.equal(sess.graph, tf.get_default_graph());
  });

  it('construct the classes TF 1.x programs call without new: layers, FileWriter, EMA, TensorShape, files', () => {
    const x = tf.placeholder(tf.float32, [null, 4, 4, 1], { name: 'images' });
    const conv = tf.layers.Conv2D(8, 3, { padding: 'same', name: 'c1' });
    assert.ok(conv instanceof tf.layers.Conv2D && conv instanceof tf.layers.Layer);
    const pooled = tf.layers.MaxPooling2D({ pool_size: 2, strides: 2 }).apply(conv.apply(x));
    const flat = tf.layers.Flatten().apply(pooled);
    const dense = tf.layers.Dense({ units: 3, activation: tf.nn.relu, name: 'fc' });
    const out = tf.layers.Dropout(0.25).apply(dense.apply(flat));
    const bn = tf.layers.BatchNormalization({ momentum: 0.9 });
    assert.equal(bn.momentum, 0.9);
    assert.deepEqual(out.shape.as_list(), [null, 3]);
    assert.deepEqual(tf.trainable_variables().map((v) => v.op.name), ['c1/kernel', 'c1/bias', 'fc/kernel', 'fc/bias']);
    assert.throws(() => tf.layers.Dense(3, { unit: 2 } as never), { name: 'TypeError', message: "Dense() got an unexpected keyword argument 'unit'" });
    assert.throws(() => tf.layers.MaxPooling2D(2), { name: 'TypeError', message: "MaxPooling2D() missing 1 required positional argument: 'strides'" });

    const shape = tf.TensorShape([null, 784]);
    assert.ok(shape instanceof tf.TensorShape && new tf.TensorShape([2]).is_fully_defined());
    assert.equal(String(tf.TensorShape({ dims: [3] })), '(3,)');
    assert.equal(tf.DeviceSpec({ device_type: 'CPU', device_index: 0 }).to_string(), '/device:CPU:0');

    const ema = tf.train.ExponentialMovingAverage(0.99, { name: 'avg' });
    assert.ok(ema instanceof tf.train.ExponentialMovingAverage && ema.decay === 0.99);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'classes-'));
    const writer = tf.summary.FileWriter(dir, { graph: tf.get_default_graph(), filename_suffix: '.kw' });
    writer.close();
    assert.ok(fs.readdirSync(dir).some((f) => f.startsWith('events.out.tfevents.') && f.endsWith('.kw')));
    const file = tf.gfile.GFile(path.join(dir, 'notes.txt'), 'w');
    file.write('hello');
    file.close();
    assert.equal(tf.gfile.FastGFile({ name: path.join(dir, 'notes.txt') }).read(), 'hello');
    const records = tf.python_io.TFRecordWriter(path.join(dir, 'r.tfrecord'), tf.python_io.TFRecordOptions('GZIP'));
    records.write(Buffer.from('x'));
    records.close();
    assert.deepEqual([...tf.python_io.tf_record_iterator(path.join(dir, 'r.tfrecord'), tf.python_io.TFRecordOptions({ compression_type: 'GZIP' }))].map((r) => Buffer.from(r).toString()), ['x']);
  });

  it('bind tf.layers, tf.metrics and tf.summary functions by position and by keyword', () => {
    const x = tf.placeholder(tf.float32, [null, 2, 3, 4], { name: 'x' });
    const flat = tf.layers.flatten({ inputs: x, data_format: 'channels_first' });
    const h = tf.layers.dense({ inputs: flat, units: 5, activation: tf.nn.relu });
    const dropped = tf.layers.dropout(h, 0.5, { training: true });
    const normed = tf.layers.batch_normalization(dropped, -1, { training: false, name: 'bn' });
    const pooled = tf.layers.max_pooling2d({ inputs: x, pool_size: 2, strides: 1 });
    const conv = tf.layers.conv2d(x, { filters: 2, kernel_size: 1 });
    assert.deepEqual([flat.shape.as_list(), normed.shape.as_list(), pooled.shape.as_list(), conv.shape.as_list()],
      [[null, 24], [null, 5], [null, 1, 2, 4], [null, 2, 3, 2]]);
    assert.ok(tf.get_default_graph().get_operations().some((op) => op.name === 'dropout/dropout/random_uniform/RandomUniform'));
    assert.throws(() => tf.layers.dense(flat, 3, { kernel_constraint: ((w: tf.Tensor) => w) as never }), { name: 'NotImplementedError', message: 'Dense: the argument kernel_constraint is not supported' });
    assert.throws(() => tf.layers.dense({ input: flat, units: 3 } as never), { name: 'TypeError', message: "dense() got an unexpected keyword argument 'input'" });

    const labels = tf.constant([1, 0, 1, 1], { dtype: tf.int64 });
    const [acc, update] = tf.metrics.accuracy({ labels, predictions: tf.constant([1, 1, 1, 0], { dtype: tf.int64 }), name: 'acc' });
    const [meanValue, meanUpdate] = tf.metrics.mean(tf.constant([1, 2, 3]), { weights: tf.constant([1, 0, 1]) });
    const summary = tf.summary.scalar({ name: 'acc', tensor: acc });
    assert.equal(summary.op.type, 'ScalarSummary');
    // TF names the op inside a name scope of its own name.
    assert.equal(tf.summary.merge_all({ name: 'all' })!.op.name, 'all/all');
    tf.Session((sess) => {
      // Channels first: [n, 2, 3, 4] is flattened as [n, 3, 4, 2], as TF's Flatten orders it.
      const xs = Array.from({ length: 2 }, (_, c) => Array.from({ length: 3 }, (_, i) => Array.from({ length: 4 }, (_, j) => c * 100 + i * 10 + j)));
      assert.deepEqual((sess.run(flat, { 'x:0': [xs] }).toArray() as number[][])[0].slice(0, 4), [0, 100, 1, 101]);
      sess.run(tf.local_variables_initializer());
      sess.run([update, meanUpdate]);
      assert.deepEqual([sess.run(acc).item(), sess.run(meanValue).item()], [0.5, 2]);
    });
  });

  it('bind Variable methods as TF 1.15 declares them: eval(session), load(value, session), assign(value, use_locking, name, read_value)', () => {
    for (const use_resource of [false, true]) {
      tf.reset_default_graph();
      const v = tf.Variable(1, { name: 'v', use_resource });
      const g = tf.Graph();
      const other = g.as_default(() => tf.Variable(7, { name: 'elsewhere' }));
      const sess = tf.Session();
      sess.run(v.initializer);
      assert.equal(v.eval({ session: sess }).item(), 1);
      assert.equal(v.eval(sess).item(), 1);
      v.load({ value: 5, session: sess });
      assert.equal(v.eval(sess).item(), 5);
      v.load(6, { session: sess });
      assert.equal(sess.run(v.assign_add({ delta: 2, name: 'bump' })).item(), 8);
      const op = v.assign({ value: 3, read_value: false });
      assert.ok(op instanceof tf.Operation);
      sess.run(op);
      assert.equal(sess.run(v.assign_sub(1, true)).item(), 2);
      assert.throws(() => v.assign({ val: 3 } as never), { name: 'TypeError', message: "assign() got an unexpected keyword argument 'val'" });
      assert.throws(() => other.eval({ session: sess }), { name: 'ValueError', message: /graph is different/ });
    }
  });

  it('bind Session.run and Saver.save/restore by keyword', () => {
    const x = tf.placeholder(tf.float32, [2], { name: 'x' });
    const v = tf.Variable([1.5, 2.5], { name: 'v' });
    const y = x.add(v);
    const sess = tf.Session();
    sess.run(v.initializer);
    assert.deepEqual(sess.run(y, { 'x:0': [1, 1] }).toArray(), [2.5, 3.5]);
    assert.deepEqual(sess.run(y, { feed_dict: { 'x:0': [2, 2] } }).toArray(), [3.5, 4.5]);
    const run = sess.run.bind(sess) as unknown as (...a: unknown[]) => tf.NDArray[];
    assert.deepEqual(run({ fetches: [y], feed_dict: new Map([[x, [0, 0]]]) })[0].toArray(), [1.5, 2.5]);
    // A dict of fetches is a positional value, whatever its keys.
    assert.deepEqual(Object.keys(sess.run({ a: y, b: v }, { 'x:0': [0, 0] })), ['a', 'b']);
    assert.throws(() => (sess.run as (...a: unknown[]) => unknown)({ feed_dict: {} }), { name: 'TypeError', message: "run() missing 1 required positional argument: 'fetches'" });
    assert.deepEqual(y.eval({ feed_dict: { 'x:0': [1, 2] }, session: sess }).toArray(), [2.5, 4.5]);
    assert.deepEqual(y.eval({ 'x:0': [0, 1] }, sess).toArray(), [1.5, 3.5]);
    v.assign([3, 4]).op.run({ session: sess });
    assert.deepEqual(sess.run(v).toArray(), [3, 4]);
    sess.run(v.initializer);
    const saver = tf.train.Saver({ var_list: [v] });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'binder-'));
    const saved = saver.save(sess, { save_path: path.join(dir, 'model.ckpt'), global_step: 3, write_meta_graph: false });
    assert.equal(saved, path.join(dir, 'model.ckpt-3'));
    assert.ok(!fs.existsSync(`${saved}.meta`));
    sess.run(v.assign([0, 0]));
    saver.restore({ sess, save_path: saved });
    assert.deepEqual(sess.run(v).toArray(), [1.5, 2.5]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('build the same graph by position and by keyword', () => {
    type Call = { fn: unknown; self?: unknown; args: unknown[] };
    const cases: [string, () => Call][] = [
      ['reshape', () => ({ fn: tf.reshape, args: [tf.zeros([4]), [2, 2], 'r'] })],
      ['placeholder', () => ({ fn: tf.placeholder, args: [tf.float32, [null, 3], 'p'] })],
      ['constant', () => ({ fn: tf.constant, args: [[1, 2], tf.float32, [2], 'c'] })],
      ['concat', () => ({ fn: tf.concat, args: [[tf.zeros([2]), tf.ones([2])], 0, 'cc'] })],
      ['argmax', () => ({ fn: tf.argmax, args: [tf.zeros([2, 3]), 1, 'am'] })],
      ['arg_max', () => ({ fn: tf.arg_max, args: [tf.zeros([2, 3]), 1, tf.int32, 'am'] })],
      ['zeros', () => ({ fn: tf.zeros, args: [[2, 3], tf.int32, 'z'] })],
      ['ones_like', () => ({ fn: tf.ones_like, args: [tf.zeros([2]), tf.int32, 'ol'] })],
      ['transpose', () => ({ fn: tf.transpose, args: [tf.zeros([2, 3]), [1, 0], 't'] })],
      ['expand_dims', () => ({ fn: tf.expand_dims, args: [tf.zeros([2]), 0, 'e'] })],
      ['squeeze', () => ({ fn: tf.squeeze, args: [tf.zeros([1, 2]), [0], 's'] })],
      ['stack', () => ({ fn: tf.stack, args: [[tf.zeros([2]), tf.zeros([2])], 1, 'st'] })],
      ['unstack', () => ({ fn: tf.unstack, args: [tf.zeros([2, 3]), 2, 0, 'u'] })],
      ['gather', () => ({ fn: tf.gather, args: [tf.zeros([3, 2]), [0, 2], null, 'g'] })],
      ['where', () => ({ fn: tf.where, args: [tf.constant([true, false]), tf.zeros([2]), tf.ones([2]), 'w'] })],
      ['one_hot', () => ({ fn: tf.one_hot, args: [[0, 1], 3, 1.5, -1.5, -1, tf.float32, 'oh'] })],
      ['pad', () => ({ fn: tf.pad, args: [tf.zeros([2]), [[1, 1]], 'CONSTANT', 'pd'] })],
      ['strided_slice', () => ({ fn: tf.strided_slice, args: [tf.zeros([4]), [1], [3], [1], 0, 0, 0, 0, 0, null, 'ss'] })],
      ['slice', () => ({ fn: tf.slice, args: [tf.zeros([4]), [1], [2], 'sl'] })],
      ['tile', () => ({ fn: tf.tile, args: [tf.zeros([2]), [3], 'ti'] })],
      ['fill', () => ({ fn: tf.fill, args: [[2], 7, 'f'] })],
      ['matmul', () => ({ fn: tf.matmul, args: [tf.zeros([2, 3]), tf.zeros([2, 3]), false, true, false, false, false, false, 'mm'] })],
      ['reduce_sum', () => ({ fn: tf.reduce_sum, args: [tf.zeros([2, 3]), 1, true, 'rs'] })],
      ['add', () => ({ fn: tf.add, args: [tf.zeros([2]), 1, 'a'] })],
      ['range', () => ({ fn: tf.range, args: [0, 10, 2, tf.int32, 'rg'] })],
      ['cumsum', () => ({ fn: tf.cumsum, args: [tf.zeros([3]), 0, true, true, 'cs'] })],
      ['random_normal', () => ({ fn: tf.random_normal, args: [[2], 1, 2, tf.float64, 7, 'rn'] })],
      ['random_uniform', () => ({ fn: tf.random_uniform, args: [[2], 0, 1, tf.float32, 3, 'ru'] })],
      ['clip_by_value', () => ({ fn: tf.clip_by_value, args: [tf.zeros([2]), 0, 1, 'cv'] })],
      ['nn.relu', () => ({ fn: tf.nn.relu, args: [tf.zeros([2]), 'r'] })],
      ['nn.softmax', () => ({ fn: tf.nn.softmax, args: [tf.zeros([2, 3]), -1, 'sm'] })],
      ['nn.conv2d', () => ({ fn: tf.nn.conv2d, args: [tf.zeros([1, 4, 4, 1]), tf.zeros([2, 2, 1, 1]), [1, 1, 1, 1], 'SAME', true, 'NHWC', [1, 1, 1, 1], 'conv'] })],
      ['nn.max_pool', () => ({ fn: tf.nn.max_pool, args: [tf.zeros([1, 4, 4, 1]), [1, 2, 2, 1], [1, 2, 2, 1], 'VALID', 'NHWC', 'mp'] })],
      ['nn.dropout', () => ({ fn: tf.nn.dropout, args: [tf.zeros([4]), 0.5, null, 3, 'd'] })],
      ['nn.bias_add', () => ({ fn: tf.nn.bias_add, args: [tf.zeros([2, 3]), tf.zeros([3]), 'NHWC', 'b'] })],
      ['nn.moments', () => ({ fn: tf.nn.moments, args: [tf.zeros([2, 3]), [0], null, 'mo'] })],
      ['nn.softmax_cross_entropy_with_logits_v2', () => ({ fn: tf.nn.softmax_cross_entropy_with_logits_v2, args: [tf.zeros([2, 3]), tf.zeros([2, 3]), -1, 'x'] })],
      ['gradients', () => { const x = tf.constant([1.5]); return { fn: tf.gradients, args: [tf.multiply(x, x), [x], null, 'g'] }; }],
      ['Variable', () => ({ fn: tf.Variable, args: [tf.zeros([2]), true, null, true, null, 'v'] })],
      ['train.Saver', () => { tf.Variable(1.5, { name: 'v' }); return { fn: tf.train.Saver, args: [null, false, false, 3, 10000, 'sv'] }; }],
      ['Optimizer.minimize', () => {
        const v = tf.Variable(1.5, { name: 'v' });
        const opt = tf.train.GradientDescentOptimizer(0.1);
        return { fn: opt.minimize, self: opt, args: [tf.square(v), null, [v], 1, null, false, 'step'] };
      }],
    ];
    const graphOf = (build: () => Call, keywordsFrom: number | null): unknown => tf.Graph().as_default((g) => {
      const { fn, self, args } = build();
      const sig = signatureOf(fn)!;
      const call = fn as (this: unknown, ...a: unknown[]) => unknown;
      if (keywordsFrom === null) call.apply(self, args);
      else call.apply(self, [...args.slice(0, keywordsFrom), Object.fromEntries(args.slice(keywordsFrom).map((a, i) => [sig.params[keywordsFrom + i].name, a]))]);
      return g.as_graph_def();
    });
    for (const [name, build] of cases) {
      it(name, () => {
        const positional = graphOf(build, null);
        assert.deepEqual(graphOf(build, 0), positional, 'all by keyword');
        assert.deepEqual(graphOf(build, 1), positional, 'the first by position, the rest by keyword');
      });
    }
  });
});
