/** tf.logging, tf.gfile, tf.app.flags / tf.app.run. */
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '../../../lib';
import { cleanup, repoRoot, tmpDir } from '../train/helpers';

describe('tf.logging', () => {
  it('prints <LEVEL>:tensorflow:<msg> at or above the verbosity, with %-formatting', () => {
    const script = `
      const tf = require(${JSON.stringify(path.join(repoRoot(), 'dist', 'lib'))});
      tf.logging.info('hidden');
      tf.logging.warn('step %d loss %.3f %s', 7, 0.12345, 'ok');
      tf.logging.set_verbosity(tf.logging.INFO);
      tf.logging.info('shown %5.1f|%-4d|%r', 2.25, 3, 'x');
      tf.logging.set_verbosity(tf.logging.ERROR);
      tf.logging.warning('hidden too');
      tf.logging.error('bad');
      tf.logging.set_verbosity(tf.logging.DEBUG);
      for (let i = 0; i < 5; i++) tf.logging.log_every_n(tf.logging.INFO, 'every %d', 2, i);`;
    const r = spawnSync(process.execPath, ['-e', script], { env: { ...process.env, SCOPEFLOW_FAST_CPU: 'off' } });
    const lines = r.stderr.toString().split('\n').filter((l) => l.includes(':tensorflow:'));
    assert.deepEqual(lines, [
      'WARNING:tensorflow:step 7 loss 0.123 ok', "INFO:tensorflow:shown   2.2|3   |'x'", 'ERROR:tensorflow:bad',
      'INFO:tensorflow:every 0', 'INFO:tensorflow:every 2', 'INFO:tensorflow:every 4',
    ]);
  });
});

describe('tf.gfile', () => {
  after(cleanup);

  it('files and directories with TF errors', () => {
    const dir = tmpDir('gfile');
    const sub = path.join(dir, 'a', 'b');
    tf.gfile.MakeDirs(sub);
    assert.ok(tf.gfile.IsDirectory(sub));
    assert.throws(() => tf.gfile.MkDir(sub), tf.errors.AlreadyExistsError);
    const f = path.join(sub, 'x.txt');
    const w = new tf.gfile.GFile(f, 'w');
    w.write('line 1\nline 2\n');
    w.close();
    assert.ok(tf.gfile.Exists(f));
    assert.deepEqual(tf.gfile.Open(f).readlines(), ['line 1\n', 'line 2\n']);
    assert.deepEqual([...new tf.gfile.GFile(f, 'rb').read() as Uint8Array].slice(0, 4), [...Buffer.from('line')]);
    assert.equal(tf.gfile.Stat(f).length, 14);
    tf.gfile.Copy(f, path.join(dir, 'y.txt'));
    assert.throws(() => tf.gfile.Copy(f, path.join(dir, 'y.txt')), (e: Error) => e instanceof tf.errors.AlreadyExistsError && /file already exists/.test(e.message));
    tf.gfile.Copy(f, path.join(dir, 'y.txt'), { overwrite: true });
    assert.throws(() => tf.gfile.Copy(f, { newpath: path.join(dir, 'y.txt'), overwrite: false }), tf.errors.AlreadyExistsError);
    assert.throws(() => tf.gfile.Exists({ file: f } as never), { name: 'TypeError', message: "Exists() got an unexpected keyword argument 'file'" });
    tf.gfile.Rename({ oldname: path.join(dir, 'y.txt'), newname: path.join(dir, 'z.txt') });
    assert.deepEqual(tf.gfile.ListDirectory(dir), ['a', 'z.txt']);
    assert.deepEqual(tf.gfile.Glob(path.join(dir, '*', 'b', '*.txt')), [f]);
    assert.deepEqual([...tf.gfile.Walk(dir)].map(([d, ds, fs_]) => [path.relative(dir, d), ds, fs_]), [['', ['a'], ['z.txt']], ['a', ['b'], []], ['a/b', [], ['x.txt']]]);
    assert.throws(() => tf.gfile.Open(path.join(dir, 'missing')), tf.errors.NotFoundError);
    assert.throws(() => tf.gfile.ListDirectory(path.join(dir, 'missing')), tf.errors.NotFoundError);
    tf.gfile.DeleteRecursively(path.join(dir, 'a'));
    assert.equal(tf.gfile.Exists(sub), false);
    assert.ok(fs.existsSync(path.join(dir, 'z.txt')));
  });
});

describe('tf.app.flags and tf.app.run', () => {
  afterEach(() => tf.app.flags.reset_flags());

  it('defaults, command-line values, booleans, unknown arguments left to main', () => {
    tf.app.flags.DEFINE_string('data_dir', '/tmp/data', 'Where the data is.');
    tf.app.flags.DEFINE_integer('batch_size', 32, 'Batch size.');
    tf.app.flags.DEFINE_float('learning_rate', 0.01, 'Learning rate.');
    tf.flags.DEFINE_boolean('fake_data', false, 'Use fake data.');
    tf.flags.DEFINE_bool('shuffle', true, 'Shuffle.');
    const FLAGS = tf.app.flags.FLAGS;
    const rest = tf.app.run((argv) => argv, ['prog', '--batch_size=64', '--learning_rate', '0.5', '--fake_data', '--noshuffle', 'extra', '--other=1']);
    assert.deepEqual(rest, ['prog', 'extra', '--other=1']);
    assert.equal(FLAGS.data_dir, '/tmp/data');
    assert.equal(FLAGS.batch_size, 64);
    assert.equal(FLAGS.learning_rate, 0.5);
    assert.equal(FLAGS.fake_data, true);
    assert.equal(FLAGS.shuffle, false);
    FLAGS.batch_size = 8;
    assert.equal(FLAGS.batch_size, 8);
    assert.throws(() => FLAGS.nope, /Unknown command line flag 'nope'/);
    assert.throws(() => tf.app.run(() => 0, ['prog', '--batch_size=abc']), /Expect argument to be a string or int/);
    assert.throws(() => tf.flags.DEFINE_integer('batch_size', 1, ''), /The flag 'batch_size' is defined twice/);
  });
});
