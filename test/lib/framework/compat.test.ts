// tf.compat as TF 1.15 has it: tf.compat.v1 is the v1 API itself, and as_bytes/as_text convert as TF's
// util/compat.py does (with its TypeError for anything that is not text or bytes).
import assert from 'node:assert/strict';
import * as tf from '../../../lib';

describe('tf.compat', () => {
  beforeEach(() => tf.reset_default_graph());

  it('tf.compat.v1 is the v1 namespace: the same functions and classes, building in the same graph', () => {
    assert.equal(tf.compat.v1.placeholder, tf.placeholder);
    assert.equal(tf.compat.v1.Session, tf.Session);
    assert.equal(tf.compat.v1.nn.relu, tf.nn.relu);
    assert.equal(tf.compat.v1.train.AdamOptimizer, tf.train.AdamOptimizer);
    const x = tf.compat.v1.placeholder(tf.compat.v1.float32, { shape: [null, 2], name: 'x' });
    const y = tf.compat.v1.reduce_sum(x, { axis: 1 });
    assert.equal(x.name, 'x:0');
    assert.equal(y.op.name, 'Sum');
    assert.equal(y.graph, tf.get_default_graph());
    const sess = tf.compat.v1.Session();
    assert.deepEqual(sess.run(y, { feed_dict: { 'x:0': [[1, 2], [3, 4]] } }).toArray(), [3, 7]);
    sess.close();
  });

  it('disable_eager_execution and disable_v2_behavior leave graph building as it is', () => {
    tf.compat.v1.disable_eager_execution();
    tf.compat.v1.disable_v2_behavior();
    assert.equal(tf.executing_eagerly(), false);
    assert.throws(() => (tf.compat.v1.disable_eager_execution as (...a: unknown[]) => void)(1),
      /disable_eager_execution\(\) takes 0 positional arguments but 1 was given/);
  });

  it('as_bytes encodes text (UTF-8 by default) and returns bytes as they are', () => {
    assert.deepEqual([...tf.compat.as_bytes('héllo')], [104, 195, 169, 108, 108, 111]);
    assert.deepEqual([...tf.compat.as_bytes('hé', { encoding: 'latin-1' })], [104, 233]);
    const b = new Uint8Array([1, 2]);
    assert.equal(tf.compat.as_bytes(b), b);
    assert.throws(() => tf.compat.as_bytes(3 as unknown as string),
      (e: Error) => e.name === 'TypeError' && e.message === 'Expected binary or unicode string, got 3');
    assert.throws(() => tf.compat.as_bytes('é', 'ascii'),
      /'ascii' codec can't encode character '\\xe9' in position 0: ordinal not in range\(128\)/);
    assert.throws(() => tf.compat.as_bytes('a', 'klingon'), (e: Error) => e.name === 'LookupError' && e.message === 'unknown encoding: klingon');
  });

  it('as_text and as_str decode bytes, as a string tensor\'s fetched elements', () => {
    const sess = tf.Session();
    const fetched = sess.run(tf.constant(['abc', 'héllo']));
    sess.close();
    assert.deepEqual((fetched.data as Uint8Array[]).map((e) => tf.compat.as_text(e)), ['abc', 'héllo']);
    assert.equal(tf.compat.as_str('as is'), 'as is');
    assert.equal(tf.compat.as_text(new Uint8Array([104, 233]), 'latin-1'), 'hé');
    assert.throws(() => tf.compat.as_text([1, 'a'] as unknown as string), /^TypeError: Expected binary or unicode string, got \[1, 'a'\]$/);
    assert.equal(tf.compat.as_str_any(3), '3');
    assert.equal(tf.compat.as_str_any(new Uint8Array([97])), 'a');
    class PathLike { __fspath__(): string { return '/tmp/x'; } }
    assert.equal(tf.compat.path_to_str(new PathLike()), '/tmp/x');
    assert.equal(tf.compat.path_to_str('/tmp/y'), '/tmp/y');
  });
});
