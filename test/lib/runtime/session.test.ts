import assert from 'node:assert/strict';
import * as util from 'node:util';
import * as tf from '../../../lib';

describe('Session.run', () => {
  beforeEach(() => tf.reset_default_graph());

  it('returns the structure it was given: single, array, object, nested, names, ops', () => {
    const a = tf.constant([1, 2], { name: 'a' });
    const b = a.mul(3);
    const init = tf.no_op({ name: 'noop' });
    tf.Session((sess) => {
      assert.deepEqual(sess.run(a).toArray(), [1, 2]);
      const [x, y] = sess.run([a, b]);
      assert.deepEqual([x.toArray(), y.toArray()], [[1, 2], [3, 6]]);
      const r = sess.run({ first: a, rest: [b, { op: init }] });
      assert.deepEqual(r.first.toArray(), [1, 2]);
      assert.deepEqual((r.rest[0] as tf.NDArray).toArray(), [3, 6]);
      assert.equal((r.rest[1] as { op: null }).op, null);
      assert.deepEqual(sess.run('a:0')!.toArray(), [1, 2]);
      assert.equal(sess.run('noop'), null);
      assert.equal(sess.run(init), null);
    });
  });

  it('feeds by tensor, by name and by Map; feeding an intermediate tensor replaces it', () => {
    const p = tf.placeholder(tf.float32, [null, 2], 'p');
    const doubled = p.mul(2);
    const plusOne = doubled.add(1);
    tf.Session((sess) => {
      assert.deepEqual(sess.run(doubled, new Map([[p, [[1, 2]]]])).toArray(), [[2, 4]]);
      assert.deepEqual(sess.run(doubled, { 'p:0': [[3, 4], [5, 6]] }).toArray(), [[6, 8], [10, 12]]);
      // p is not needed when the tensor it feeds is fed itself
      assert.deepEqual(sess.run(plusOne, new Map([[doubled, [[10, 20]]]])).toArray(), [[11, 21]]);
    });
  });

  it('types a fetched list per element, and takes a feed Map whose values differ in kind (images, a keep_prob number, a flag)', () => {
    // As a translated program writes them: `_, c = sess.run([train_op, cost], feed_dict={x: batch, keep_prob: 0.5})`.
    const x = tf.placeholder(tf.float32, [null, 2]);
    const keep_prob = tf.placeholder(tf.float32);
    const training = tf.placeholder(tf.bool, []);
    const v = tf.Variable(1.0);
    const cost = tf.reduce_sum(x.mul(keep_prob)).mul(v);
    const step = tf.cond(training, () => tf.constant(1), () => tf.constant(0));
    const train_op = tf.train.GradientDescentOptimizer(0.0).minimize(cost);
    tf.Session((sess) => {
      sess.run(tf.global_variables_initializer());
      const [, c, s] = sess.run([train_op, cost, step], new Map([[x, [[1, 2], [3, 4]]], [keep_prob, 0.5], [training, true]]));
      const total: number = (c.item() as number) + (s.item() as number);
      assert.equal(total, 6);
      const r = sess.run({ fetches: [cost, train_op], feed_dict: { [x.name]: [[1, 1]], [keep_prob.name]: 2, [training.name]: false } });
      assert.equal(r[0].item(), 4);
      assert.equal(r[1], null);
      const row = [2, 2];
      const fed = new Map([[x, [row]], [keep_prob, 1]]);
      assert.equal(sess.run(cost, fed).item(), 4);
      // a Map from tensors to one kind of value keeps that kind
      const plain = new Map([[keep_prob, 3]]);
      const three: number = plain.get(keep_prob)!;
      assert.equal(three, 3);
    });
  });

  it('fetches what TF may give as None (merge_all, a gradient) as written, typed as its value; a null fetch is TF\'s TypeError', () => {
    const x = tf.placeholder(tf.float32, [2]);
    const w = tf.Variable([1.0, 2.0]);
    const loss = tf.reduce_sum(x.mul(w));
    tf.summary.scalar('loss', loss);
    const merged = tf.summary.merge_all();
    const grads = tf.gradients(loss, [w]);
    tf.Session((sess) => {
      sess.run(tf.global_variables_initializer());
      const [summary, l, g] = sess.run([merged, loss, grads[0]], new Map([[x, [3, 4]]]));
      assert.ok(summary.strings.length === 1);
      assert.equal(l.item(), 11);
      assert.deepEqual(Array.from((g as tf.NDArray).values), [3, 4]);
      const [gw] = sess.run(grads, new Map([[x, [1, 1]]]));
      assert.deepEqual(Array.from((gw as tf.NDArray).values), [1, 1]);
      const none = tf.gradients(loss, [tf.Variable(0.0)])[0];
      assert.throws(() => sess.run([loss, none], new Map([[x, [1, 1]]])), { name: 'TypeError', message: /Fetch argument null has invalid type/ });
    });
  });

  it('fetches a named tuple as one of its kind, and feeds a structure of tensors from a value of that structure', () => {
    // The char-rnn loop: state = sess.run(initial_state); ... feed_dict={initial_state: state}.
    const cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicLSTMCell(2), tf.nn.rnn_cell.BasicLSTMCell(2)]);
    const initial = cell.zero_state(1, tf.float32);
    const [s0, s1] = initial as tf.nn.rnn_cell.LSTMStateTuple[];
    const total = tf.add_n([s0.c, s0.h.mul(10), s1.c, s1.h.mul(10)]);
    tf.Session((sess) => {
      const state = sess.run(initial) as tf.nn.rnn_cell.LSTMStateTuple<tf.NDArray>[];
      assert.ok(state[0] instanceof tf.nn.rnn_cell.LSTMStateTuple);
      assert.deepEqual([state[1].c.toArray(), state[1].h.toArray()], [[[0, 0]], [[0, 0]]]);
      const next = [tf.nn.rnn_cell.LSTMStateTuple([[1, 2]], [[3, 4]]), [[[5, 6]], [[7, 8]]]];
      assert.deepEqual(sess.run(total, new Map<tf.FeedKey, unknown>([[initial, next]]) as tf.FeedDict).toArray(), [[1 + 30 + 5 + 70, 2 + 40 + 6 + 80]]);
      assert.throws(() => sess.run(total, new Map<tf.FeedKey, unknown>([[initial, [[[1, 2]]]]]) as tf.FeedDict),
        { name: 'ValueError', message: /for a feed_dict key of 2 tensors: the value must have the key's structure/ });
    });
  });

  it('prunes to what the fetches need and runs control dependencies', () => {
    const p = tf.placeholder(tf.float32, [], 'unfed');
    const unused = p.add(1);
    const v = tf.Variable(0, { name: 'counter' });
    const bump = v.assign_add(1) as tf.Tensor;
    const out = tf.control_dependencies([bump], () => tf.identity(tf.constant(5), { name: 'out' }));
    tf.Session((sess) => {
      sess.run(v.initializer);
      assert.equal(sess.run(out).item(), 5);
      assert.equal(sess.run(out).item(), 5);
      assert.equal(sess.run(v).item(), 2);
      assert.throws(() => sess.run(unused), /You must feed a value for placeholder tensor 'unfed' with dtype float and shape \[\]/);
    });
  });

  it('gives stateful ops new values on every run while reusing the plan', () => {
    const r = tf.random_uniform([4]);
    tf.Session((sess) => {
      const a = sess.run(r), b = sess.run(r);
      assert.notDeepEqual(Array.from(a.values), Array.from(b.values));
    });
  });

  it('rejects bad fetches and feeds with TF\'s errors', () => {
    const p = tf.placeholder(tf.float32, [null, 2], 'p');
    const c = tf.constant([1, 2, 3], { name: 'c' });
    const other = new tf.Graph();
    const foreign = other.as_default(() => tf.constant(1));
    tf.Session((sess) => {
      assert.throws(() => sess.run('nope:0'), /The name 'nope:0' refers to a Tensor which does not exist/);
      assert.throws(() => sess.run('nope'), /The name 'nope' refers to an Operation not in the graph/);
      assert.throws(() => sess.run(null as unknown as tf.Tensor), /Fetch argument null has invalid type/);
      assert.throws(() => sess.run(foreign), /is not an element of this graph/);
      assert.throws(() => sess.run(p.add(1), { 'p:0': [1, 2, 3] }), /Cannot feed value of shape \(3,\) for Tensor 'p:0', which has shape '\(\?, 2\)'/);
      assert.throws(() => sess.run(c, new Map([[c, [1, 2]]])), /Cannot feed value of shape \(2,\) for Tensor 'c:0', which has shape '\(3,\)'/);
      assert.throws(() => sess.run(p, { 'p:0': [['x', 'y']] }), /Cannot feed the value for Tensor 'p:0' \(dtype float32\)/);
      assert.throws(() => sess.run(p, { 'p': [[1, 2]] }), /Cannot interpret feed_dict key as Tensor/);
      assert.throws(() => sess.run(c, new Map([[42 as unknown as tf.Tensor, 1]])), /Cannot interpret feed_dict key as Tensor: Can not convert a number into a Tensor\./);
      assert.throws(() => sess.run(tf.constant([1, 2]).add(tf.constant([1, 2, 3]))), /Dimensions must be equal, but are 2 and 3/);
      assert.throws(() => sess.run(tf.cast(tf.constant('a'), tf.float32)), (e: Error) => e instanceof tf.errors.UnimplementedError && /Cast string to float32 is not supported/.test(e.message));
    });
  });

  it('refuses a closed session and closes the callback form', () => {
    const c = tf.constant(1);
    const kept = tf.Session((sess) => sess);
    assert.throws(() => kept.run(c), /Attempted to use a closed Session\./);
    const s = new tf.Session();
    s.close();
    assert.throws(() => s.run(c), /Attempted to use a closed Session\./);
  });

  it('reports runtime shape errors as InvalidArgumentError naming the node', () => {
    const a = tf.placeholder(tf.float32, null, 'a');
    const b = tf.placeholder(tf.float32, null, 'b');
    const sum = tf.add(a, b, { name: 'sum' });
    tf.Session((sess) => {
      assert.throws(() => sess.run(sum, { 'a:0': [1, 2], 'b:0': [1, 2, 3] }), (e: Error) =>
        e instanceof tf.errors.InvalidArgumentError && /Incompatible shapes: \[2\] vs\. \[3\]/.test(e.message) && /node sum/.test(e.message));
    });
  });

  it('lists its devices as TF does: name, type, memory limit (the session\'s budget), incarnation', () => {
    const sess = tf.Session({ config: { memory_limit: '64MiB' } });
    try {
      const [cpu] = sess.list_devices();
      assert.equal(cpu.name, '/job:localhost/replica:0/task:0/device:CPU:0');
      assert.equal(cpu.device_type, 'CPU');
      assert.equal(cpu.memory_limit_bytes, 64 * 1024 * 1024);
      assert.ok(Number.isSafeInteger(cpu.incarnation) && cpu.incarnation > 0);
      assert.equal(sess.list_devices()[0].incarnation, cpu.incarnation, 'one incarnation per device');
      assert.match(cpu.description, /host CPU/);
      assert.equal(String(cpu), `_DeviceAttributes(/job:localhost/replica:0/task:0/device:CPU:0, CPU, 67108864, ${cpu.incarnation})`);
      assert.match(util.inspect(sess.list_devices()), /^\[\s*_DeviceAttributes\(\/job:localhost\/replica:0\/task:0\/device:CPU:0, CPU, 67108864, \d+\)/);
    } finally {
      sess.close();
    }
  });
});
