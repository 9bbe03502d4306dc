import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '../../../lib';

/** What `fn` writes to process[name]. */
function written(name: 'stdout' | 'stderr', fn: () => void): string {
  const stream = process[name];
  const original = stream.write.bind(stream);
  let text = '';
  stream.write = ((chunk: string | Uint8Array) => { text += String(chunk); return true; }) as typeof stream.write;
  try { fn(); } finally { stream.write = original; }
  return text;
}

describe('tf.strings.format', () => {
  beforeEach(() => tf.reset_default_graph());

  it('formats tensors into the template as TF 1.15 summarises them (its docs\' examples)', () => {
    const one = tf.strings.format('tensor: {}, suffix', tf.range(10));
    const two = tf.strings.format('first: {}, second: {}, suffix', [tf.reshape(tf.range(100), [10, 10]), tf.range(10)]);
    assert.equal(one.op.type, 'StringFormat');
    assert.equal(one.op.name, 'StringFormat');
    assert.equal(one.dtype, tf.string);
    assert.equal(one.shape.ndims, 0);
    tf.Session((sess) => {
      assert.equal(sess.run(one).item(), 'tensor: [0 1 2 ... 7 8 9], suffix');
      assert.equal(sess.run(two).item(), 'first: [[0 1 2 ... 7 8 9]\n [10 11 12 ... 17 18 19]\n [20 21 22 ... 27 28 29]\n ...\n'
        + ' [70 71 72 ... 77 78 79]\n [80 81 82 ... 87 88 89]\n [90 91 92 ... 97 98 99]], second: [0 1 2 ... 7 8 9], suffix');
    });
  });

  it('writes floats, bools, strings, scalars and empty tensors as TF does; summarize and placeholder by keyword', () => {
    const f = tf.strings.format('{}', tf.constant([[1.5, 1 / 3], [0.1, 1e10]], { dtype: tf.float32 }));
    const d = tf.strings.format('{}', tf.constant([1 / 3, -0.25], { dtype: tf.float64 }));
    const mixed = tf.strings.format('%s|%s|%s|%s', [tf.constant(['a"b', 'c\n']), tf.constant([true, false]), tf.constant(7), tf.constant([], { dtype: tf.float32 })], { placeholder: '%s' });
    const all = tf.strings.format('{}', tf.range(8), { summarize: -1 });
    const two = tf.strings.format({ template: '{}', inputs: tf.range(8), summarize: 2, name: 'fmt' });
    assert.equal(two.op.name, 'fmt');
    tf.Session((sess) => {
      assert.equal(sess.run(f).item(), '[[1.5 0.333333343]\n [0.1 1e+10]]');
      assert.equal(sess.run(d).item(), '[0.33333333333333331 -0.25]');
      assert.equal(sess.run(mixed).item(), '["a\\"b" "c\\n"]|[1 0]|7|[]');
      assert.equal(sess.run(all).item(), '[0 1 2 3 4 5 6 7]');
      assert.equal(sess.run(two).item(), '[0 1 ... 6 7]');
    });
  });

  it('refuses a template whose placeholders do not match the inputs (ValueError at construction)', () => {
    assert.throws(() => tf.strings.format('{} and {}', tf.range(3)), (e: Error) => e instanceof tf.ValueError
      && e.message.startsWith('2 placeholder(s) in template does not match 1 tensor(s) provided as input'));
    assert.throws(() => tf.strings.format(3 as unknown as string, []), tf.TypeError);
  });
});

describe('tf.print', () => {
  beforeEach(() => tf.reset_default_graph());

  it('builds StringFormat then PrintV2 and prints to stderr by default, stdout when asked (TF\'s docs\' example)', () => {
    const t = tf.range(10);
    const toErr = tf.print(t);
    const toOut = tf.print('tensors:', t, { 2: t.mul(2) }, { output_stream: process.stdout });
    assert.equal(toErr.type, 'PrintV2');
    assert.equal(toErr.name, 'PrintV2');
    assert.equal(toErr.inputs[0].op.type, 'StringFormat');
    assert.equal(toErr.get_attr('output_stream'), 'stderr');
    assert.equal(toOut.get_attr('output_stream'), 'stdout');
    assert.equal(toErr.outputs.length, 0);
    tf.Session((sess) => {
      assert.equal(written('stderr', () => sess.run(toErr)), '[0 1 2 ... 7 8 9]\n');
      assert.equal(written('stdout', () => assert.equal(sess.run(toOut), null)), "tensors: [0 1 2 ... 7 8 9] {'2': [0 2 4 ... 14 16 18]}\n");
    });
  });

  it('takes sep, end, summarize and name; prints a lone scalar string as it is; runs as a control dependency', () => {
    const a = tf.range(2);
    const p = tf.print(a, a.mul(2), { sep: ',', end: '!', summarize: 1, name: 'show' });
    assert.equal(p.name, 'show');
    assert.equal(p.inputs[0].op.name, 'show_format');
    const s = tf.print(tf.constant('hello'));
    assert.equal(s.inputs[0].op.type, 'Const');
    const nested = tf.print([a, 'x', null, true], new tf.SparseTensor([[0, 1]], [5], [2, 2]));
    const out = tf.control_dependencies([s], () => a.mul(3));
    tf.Session((sess) => {
      assert.equal(written('stderr', () => sess.run(p)), '[0 1],[0 2]!');
      assert.equal(written('stderr', () => assert.deepEqual(sess.run(out).toArray(), [0, 3])), 'hello\n');
      assert.equal(written('stderr', () => sess.run(nested)), "[[0 1], 'x', None, True] SparseTensor(indices=[[0 1]], values=[5], shape=[2 2])\n");
    });
  });

  it('prints to a file:// path (appending) and takes tf.logging levels as streams', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'print-')), 'out.txt');
    const p = tf.print('v', tf.constant(1), { output_stream: `file://${file}` });
    const info = tf.print('i', { output_stream: tf.logging.info });
    assert.equal(info.get_attr('output_stream'), 'log(info)');
    assert.equal(tf.print('w', { output_stream: tf.logging.WARN }).get_attr('output_stream'), 'log(warning)');
    tf.Session((sess) => {
      sess.run(p); sess.run(p);
      assert.equal(written('stderr', () => sess.run(info)), 'i\n');
    });
    assert.equal(fs.readFileSync(file, 'utf8'), 'v 1\nv 1\n');
  });

  it('refuses an unknown output stream as TF does', () => {
    assert.throws(() => tf.print(tf.range(3), { output_stream: 'stdout' }), (e: Error) => e instanceof tf.ValueError
      && e.message.startsWith('Unsupported output stream, logging level, or file.stdout. Supported streams are sys.stdout'));
  });
});
