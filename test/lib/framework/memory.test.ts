// The memory budget: a tensor beyond it raises TF's ResourceExhaustedError (op, shape, bytes) before
// anything is allocated, and the session goes on working.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { configuredMemoryLimit, parseMemorySize } from '../../../lib/framework/memory';

describe('framework: the memory budget', () => {
  beforeEach(() => tf.reset_default_graph());

  it('reads sizes as bytes or with units, and says what is wrong with a bad one', () => {
    assert.equal(parseMemorySize('1073741824'), 2 ** 30);
    assert.equal(parseMemorySize('2GiB'), 2 * 2 ** 30);
    assert.equal(parseMemorySize('1.5 G'), 1.5e9);
    assert.equal(parseMemorySize('512mb'), 512e6);
    assert.equal(parseMemorySize('1e9'), 1e9);
    assert.throws(() => parseMemorySize('lots'), /memory size must be .* got "lots"/);
    assert.throws(() => parseMemorySize('0'), /positive/);
    const saved = process.env.SCOPEFLOW_MEMORY_LIMIT;
    try {
      process.env.SCOPEFLOW_MEMORY_LIMIT = '3GiB';
      assert.equal(configuredMemoryLimit(), 3 * 2 ** 30);
      process.env.SCOPEFLOW_MEMORY_LIMIT = 'three';
      assert.throws(() => configuredMemoryLimit(), /SCOPEFLOW_MEMORY_LIMIT: a memory size/);
      delete process.env.SCOPEFLOW_MEMORY_LIMIT;
      assert.ok(configuredMemoryLimit() > 0);
    } finally {
      if (saved === undefined) delete process.env.SCOPEFLOW_MEMORY_LIMIT; else process.env.SCOPEFLOW_MEMORY_LIMIT = saved;
    }
  });

  it('raises ResourceExhaustedError naming the op, the shape and the bytes, before allocating', () => {
    const sess = new tf.Session();
    const huge = tf.zeros([100000, 100000], tf.float32, { name: 'huge' });
    const started = Date.now();
    assert.throws(() => sess.run(huge), (e: unknown) => {
      assert.ok(e instanceof tf.errors.ResourceExhaustedError, String(e));
      assert.equal(e.error_code, tf.errors.RESOURCE_EXHAUSTED);
      assert.match(e.message, /^OOM when allocating tensor with shape\[100000,100000\] and type float32 on \/job:localhost\/replica:0\/task:0\/device:CPU:0 by allocator cpu: 40000000000 bytes/);
      assert.match(e.message, /node huge/);
      return true;
    });
    assert.ok(Date.now() - started < 1000, 'nothing was allocated');
    assert.deepEqual(sess.run(tf.add(1, 1)).toArray(), 2);
  });

  it('takes a session\'s config.memory_limit over the process budget', () => {
    const small = new tf.Session({ config: { memory_limit: '1MiB' } });
    const t = tf.ones([1024, 1024], tf.float32, { name: 'four_mib' });
    assert.throws(() => small.run(t), /OOM when allocating tensor with shape\[1024,1024\] and type float32 .*: 4194304 bytes .* memory limit of 1 MiB[^]*node four_mib/);
    assert.deepEqual(small.run(tf.constant([1, 2])).toArray(), [1, 2]);
    assert.equal(new tf.Session().run(t).size, 1024 * 1024);
    assert.throws(() => new tf.Session({ config: { memory_limit: 'big' } }).run(t), /memory size must be/);
  });

  it('fills a large tensor without an index array the size of it', () => {
    const sess = new tf.Session();
    const out = sess.run(tf.fill([3, 2], 7));
    assert.deepEqual(out.toArray(), [[7, 7], [7, 7], [7, 7]]);
    assert.deepEqual(sess.run(tf.pad(tf.constant([[1]]), [[1, 0], [0, 1]], { constant_values: 5 })).toArray(), [[5, 5], [1, 5]]);
    assert.deepEqual(sess.run(tf.fill([2], tf.constant('s'))).strings, ['s', 's']);
  });
});
