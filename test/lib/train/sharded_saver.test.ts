import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '../../../lib';
import { BundleHeaderProtoCodec } from '../../../lib/proto';
import { Table } from '../../../lib/train/table';
import { cleanup, sharedFixtures, tmpDir } from './helpers';

const CPU1 = '/job:localhost/replica:0/task:0/device:CPU:1';

describe('sharded saves: one shard per device, merged into one bundle (MergeV2Checkpoints)', () => {
  beforeEach(() => tf.reset_default_graph());
  after(cleanup);

  it('writes one data file per device and one merged index, and restores from it', () => {
    const a = tf.Variable(tf.constant([1.5, 2]), { name: 'a' });
    const b = tf.device(CPU1, () => tf.Variable(tf.constant(3), { name: 'b' }));
    // One CPU here: the second device's ops run on it (soft placement), the save still shards by device.
    const sess = new tf.Session({ config: { allow_soft_placement: true } });
    sess.run(tf.global_variables_initializer());
    const saver = tf.train.Saver({ sharded: true });
    assert.equal(saver.as_saver_def().sharded, true);
    const types = new Set(tf.get_default_graph().get_operations().map((op) => op.type));
    for (const t of ['StringJoin', 'ShardedFilename', 'MergeV2Checkpoints']) assert.ok(types.has(t), t);
    const dir = tmpDir('sharded');
    const p = saver.save(sess, path.join(dir, 'model.ckpt'))!;
    assert.deepEqual(fs.readdirSync(dir).sort(), ['checkpoint', 'model.ckpt.data-00000-of-00002', 'model.ckpt.data-00001-of-00002', 'model.ckpt.index', 'model.ckpt.meta']);
    const header = BundleHeaderProtoCodec.decode(Table.parse(fs.readFileSync(`${p}.index`), 'index').entries[0].value);
    assert.equal(header.num_shards, 2);
    assert.deepEqual(tf.train.list_variables(p), [['a', [2]], ['b', []]]);
    sess.run([tf.assign(a, [0, 0]), tf.assign(b, 0)]);
    saver.restore(sess, p);
    assert.deepEqual(sess.run([a, b]).map((v) => (v as tf.NDArray).toArray()), [[1.5, 2], 3]);
    // The meta graph's own sharded saver, imported elsewhere, restores the same way.
    tf.reset_default_graph();
    const imported = tf.train.import_meta_graph(`${p}.meta`)!;
    const s2 = new tf.Session({ config: { allow_soft_placement: true } });
    imported.restore(s2, p);
    assert.equal((s2.run('b:0') as tf.NDArray).toArray(), 3);
  });

  it('with one device writes TF\'s single-shard layout', () => {
    tf.Variable(tf.constant([[1, 2]]), { name: 'w' });
    const sess = new tf.Session();
    sess.run(tf.global_variables_initializer());
    const dir = tmpDir('sharded');
    tf.train.Saver({ sharded: true }).save(sess, path.join(dir, 'm'), { write_meta_graph: false });
    assert.deepEqual(fs.readdirSync(dir).sort(), ['checkpoint', 'm.data-00000-of-00001', 'm.index']);
    assert.throws(() => tf.train.Saver({ sharded: true, write_version: tf.train.SaverDef.V1 }), /sharded=true\) writes V2 checkpoints only/);
  });

  it('runs the sharded save graph TF 1.5 wrote (StringJoin, ShardedFilename, MergeV2Checkpoints)', () => {
    const sess = new tf.Session();
    const meta = tf.saved_model.loader.load(sess, ['serve'], path.join(sharedFixtures('tf-wild'), 'tfserving_saved_model_counter/00000123'));
    sess.run('incr_counter_op/AssignAdd:0');
    const dir = tmpDir('sharded');
    const out = sess.run(meta.saver_def!.save_tensor_name!, { [meta.saver_def!.filename_tensor_name!]: path.join(dir, 'counter') }) as tf.NDArray;
    assert.equal(out.item(), path.join(dir, 'counter'));
    assert.deepEqual(fs.readdirSync(dir).sort(), ['counter.data-00000-of-00001', 'counter.index']);
    assert.equal(tf.train.load_variable(path.join(dir, 'counter'), 'counter').item(), 1);
  });
});
