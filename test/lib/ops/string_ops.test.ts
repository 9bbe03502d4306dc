import assert from 'node:assert/strict';
import * as tf from '../../../lib';

describe('string ops: tf.string_join, tf.strings.length, tf.substr, tf.regex_replace, tf.reduce_join, tf.string_split', () => {
  beforeEach(() => tf.reset_default_graph());

  it('join element-wise (scalars broadcast) and measure in bytes or code points', () => {
    const j = tf.string_join(['a', tf.constant(['b', 'c'])], { separator: '-' });
    assert.equal(j.op.type, 'StringJoin');
    assert.equal(tf.strings.join, tf.string_join);
    const bytes = tf.strings.length(['hello', 'ü']), chars = tf.strings.length(['hello', 'ü'], { unit: 'UTF8_CHAR' });
    assert.equal(bytes.dtype, tf.int32);
    tf.Session((sess) => {
      assert.deepEqual(sess.run(j).toArray(), ['a-b', 'a-c']);
      assert.deepEqual(sess.run(bytes).toArray(), [5, 2]);
      assert.deepEqual(sess.run(chars).toArray(), [5, 1]);
      assert.throws(() => sess.run(tf.string_join([tf.constant(['a', 'b']), tf.constant(['c'])])), /Input shapes do not match: \[2\] vs. \[1\]/);
    });
    assert.throws(() => tf.strings.length(['a'], { unit: 'WORD' }), /Attr 'unit' of 'WORD' is not in the list of allowed values/);
  });

  it('take substrings (negative pos from the end, len clipped) and refuse a pos out of range', () => {
    const s = tf.substr(['hello', 'world'], 1, 3), end = tf.strings.substr(['hello'], -2, 5);
    const each = tf.substr(['hello', 'world'], [0, 2], [2, 3]);
    tf.Session((sess) => {
      assert.deepEqual(sess.run(s).toArray(), ['ell', 'orl']);
      assert.deepEqual(sess.run(end).toArray(), ['lo']);
      assert.deepEqual(sess.run(each).toArray(), ['he', 'rld']);
      assert.throws(() => sess.run(tf.substr(['abc'], 5, 1)), (e: Error) => e instanceof tf.errors.InvalidArgumentError
        && e.message.startsWith("pos 5 out of range for string b'abc' at index 0"));
    });
    assert.throws(() => tf.substr(['a'], 0.5, 1), tf.TypeError);
  });

  it('replace regex matches, all or the first, with RE2\'s \\0 and \\1 rewrites; refuse a bad pattern', () => {
    const all = tf.regex_replace(['aab', 'xaay'], 'a+', '<\\0>');
    const first = tf.regex_replace(['a1b2'], '(\\d)', '[\\1]$', { replace_global: false });
    assert.equal(tf.strings.regex_replace, tf.regex_replace);
    tf.Session((sess) => {
      assert.deepEqual(sess.run(all).toArray(), ['<aa>b', 'x<aa>y']);
      assert.deepEqual(sess.run(first).toArray(), ['a[1]$b2']);
      assert.throws(() => sess.run(tf.regex_replace(['a'], '(', 'x')), (e: Error) => e instanceof tf.errors.InvalidArgumentError && /^Invalid pattern: \(/.test(e.message));
    });
  });

  it('reduce_join along axes in TF\'s order (the first axis listed varies fastest), keep_dims, separator', () => {
    const a = [['a', 'b'], ['c', 'd']];
    const r0 = tf.reduce_join(a, 0), r01 = tf.reduce_join(a, [0, 1]), r10 = tf.reduce_join(a, { axis: [1, 0], separator: ',' });
    const kept = tf.reduce_join(a, 1, { keep_dims: true }), all = tf.reduce_join(a), neg = tf.reduce_join(a, -1);
    assert.deepEqual([r0.shape.toString(), kept.shape.toString(), all.shape.toString()], ['(2,)', '(2, 1)', '()']);
    tf.Session((sess) => {
      assert.deepEqual(sess.run(r0).toArray(), ['ac', 'bd']);
      assert.equal(sess.run(r01).item(), 'acbd');
      assert.equal(sess.run(r10).item(), 'a,b,c,d');
      assert.deepEqual(sess.run(kept).toArray(), [['ab'], ['cd']]);
      assert.equal(sess.run(all).item(), 'abcd');
      assert.deepEqual(sess.run(neg).toArray(), ['ab', 'cd']);
    });
    assert.throws(() => tf.reduce_join(a, 2), /Invalid reduction dimension 2 for input with 2 dimensions/);
    assert.throws(() => tf.reduce_join(a, 0, { reduction_indices: 0 }), /Cannot specify both 'axis' and 'reduction_indices'/);
  });

  it('split into a SparseTensor: string_split at any delimiter character, strings.split as Python\'s str.split', () => {
    const sp = tf.string_split(['hello world', 'a b  c']);
    assert.ok(sp instanceof tf.SparseTensor);
    assert.equal(sp.values.op.type, 'StringSplit');
    const chars = tf.string_split(['ab'], '');
    const v2 = tf.strings.split(['a,b,,c', 'x'], ',');
    const ws = tf.strings.split([' a  b c '], null, { maxsplit: 1 });
    assert.equal(v2.values.op.type, 'StringSplitV2');
    tf.Session((sess) => {
      const run = (t: tf.SparseTensor) => sess.run([t.indices, t.values, t.dense_shape]).map((x) => x.toArray());
      assert.deepEqual(run(sp), [[[0, 0], [0, 1], [1, 0], [1, 1], [1, 2]], ['hello', 'world', 'a', 'b', 'c'], [2, 3]]);
      assert.deepEqual(run(chars)[1], ['a', 'b']);
      assert.deepEqual(run(tf.string_split(['a  b'], ' ', { skip_empty: false }))[1], ['a', '', 'b']);
      assert.deepEqual(run(v2), [[[0, 0], [0, 1], [0, 2], [0, 3], [1, 0]], ['a', 'b', '', 'c', 'x'], [2, 4]]);
      assert.deepEqual(run(ws)[1], ['a', 'b c ']);
      assert.throws(() => sess.run(tf.string_split([['a']]).values), /input must be a vector, got shape: \[1,1\]/);
    });
    assert.throws(() => tf.string_split(['a'], { result_type: 'Dense' }), /result_type must be 'RaggedTensor' or 'SparseTensor'\./);
  });

  it('has tf.string_strip (tf.strings.strip), tf.strings.to_number and tf.strings.as_string', () => {
    assert.equal(tf.strings.strip, tf.string_strip);
    const stripped = tf.string_strip(['  a b \n', '\t', 'c']);
    assert.equal(stripped.op.type, 'StringStrip');
    tf.Session((sess) => {
      assert.deepEqual(sess.run(stripped).toArray(), ['a b', '', 'c']);
      assert.deepEqual(sess.run(tf.strings.to_number(['1.5', '2'])).toArray(), [1.5, 2]);
      assert.deepEqual(sess.run(tf.strings.as_string(tf.constant([1, 22], tf.int32))).toArray(), ['1', '22']);
    });
  });
});
