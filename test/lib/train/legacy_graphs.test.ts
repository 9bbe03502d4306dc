import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '../../../lib';
import { NotFoundError } from '../../../lib/framework/errors';
import { GraphDef } from '../../../lib/proto';
import { parseMessage } from '../../../lib/train/text_format';
import { cleanup, sharedFixtures, tmpDir } from './helpers';

const wild = (rel: string) => path.join(sharedFixtures('tf-wild'), rel);
const graphDef = (text: string) => parseMessage<GraphDef>('tensorflow.GraphDef', text);

describe('graphs from old TF versions: defaults, producer rules, the legacy Variable op and V1 restores', () => {
  beforeEach(() => tf.reset_default_graph());

  it('fills attrs an old producer left out from the OpDef defaults (a TF 0.7 Pack without axis)', () => {
    const def = graphDef(`
      node { name: "a" op: "Const" attr { key: "dtype" value { type: DT_INT32 } } attr { key: "value" value { tensor { dtype: DT_INT32 tensor_shape { dim { size: 2 } } int_val: 1 int_val: 2 } } } }
      node { name: "p" op: "Pack" input: "a" input: "a" attr { key: "N" value { i: 2 } } attr { key: "T" value { type: DT_INT32 } } }
      versions { producer: 9 }`);
    const [p] = tf.import_graph_def(def, { name: '', return_elements: ['p:0'] }) as tf.Tensor[];
    assert.equal(p.op.get_attr('axis'), 0);
    assert.deepEqual(p.shape.as_list(), [2, 2]);
    assert.deepEqual(new tf.Session().run(p).toArray(), [[1, 2], [1, 2]]);
  });

  it('takes each op\'s outputs from the registry when the GraphDef has no op list (multi-output ops)', () => {
    const def = graphDef(`
      node { name: "x" op: "Const" attr { key: "dtype" value { type: DT_FLOAT } } attr { key: "value" value { tensor { dtype: DT_FLOAT tensor_shape { dim { size: 3 } } float_val: 1 float_val: 2 float_val: 3 } } } }
      node { name: "u" op: "Unpack" input: "x" attr { key: "T" value { type: DT_FLOAT } } attr { key: "num" value { i: 3 } } }
      node { name: "y" op: "Mul" input: "u:2" input: "u:1" attr { key: "T" value { type: DT_FLOAT } } }`);
    const [u, y] = tf.import_graph_def(def, { name: '', return_elements: ['u', 'y:0'] });
    assert.equal((u as tf.Operation).outputs.length, 3);
    assert.equal(new tf.Session().run(y as tf.Tensor).toArray(), 6);
  });

  it('reads a Placeholder shape {} as unknown before producer 22 and as a scalar from then on', () => {
    for (const [producer, shape] of [[21, null], [0, null], [22, []]] as const) {
      tf.reset_default_graph();
      const def = graphDef(`node { name: "x" op: "Placeholder" attr { key: "dtype" value { type: DT_FLOAT } } attr { key: "shape" value { shape { } } } } versions { producer: ${producer} }`);
      const [x] = tf.import_graph_def(def, { name: '', return_elements: ['x:0'] }) as tf.Tensor[];
      assert.deepEqual(x.shape.dims === null ? null : x.shape.as_list(), shape, `producer ${producer}`);
    }
    // TF 1.1's static LSTM: its Placeholders say {} and are fed batches.
    tf.reset_default_graph();
    tf.train.import_meta_graph(wild('aplain_tf11_static_lstm/model.ckpt.meta'));
    const placeholders = tf.get_default_graph().get_operations().filter((op) => op.type === 'Placeholder');
    assert.ok(placeholders.length > 0);
    for (const op of placeholders) assert.equal(op.outputs[0].shape.dims, null, op.name);
  });

  it('imports, restores and runs a TF 0.8 graph: the Variable op, Assign without validate_shape, a V1 RestoreSlice saver', () => {
    const saver = tf.train.import_meta_graph(wild('daizhen_tf08_v1_freeze_graph/saved_checkpoint-0.meta'))!;
    const g = tf.get_default_graph();
    assert.equal(g.get_operation_by_name('variable_node').type, 'Variable');
    assert.equal(g.get_operation_by_name('save/restore_slice').type, 'RestoreSlice');
    const sess = new tf.Session();
    saver.restore(sess, wild('daizhen_tf08_v1_freeze_graph/saved_checkpoint-0'));
    const [out, out2, add2] = sess.run(['output_node:0', 'output_node2:0', 'Add2:0'], { 'placeholder_1:0': [1, 2], 'placeholder_2:0': [3, 4] }) as tf.NDArray[];
    assert.equal(out.toArray(), 2);
    assert.equal(out2.toArray(), 4);
    assert.deepEqual(add2.toArray(), [4, 6]);
    // Re-initialising runs the old Assign (no validate_shape attr in the file: TF's default, true).
    sess.run(tf.global_variables_initializer());
    assert.equal(g.get_operation_by_name('variable_node/Assign').get_attr('validate_shape'), true);
  });

  it('blames the checkpoint only when a key is missing from it, and otherwise shows the real error', () => {
    const v = tf.Variable(tf.constant(1.5), { name: 'not_in_ckpt' });
    const saver = tf.train.Saver([v]);
    const sess = new tf.Session();
    assert.throws(() => saver.restore(sess, wild('daizhen_tf08_v1_freeze_graph/saved_checkpoint-0')),
      (e: unknown) => e instanceof NotFoundError && /This is most likely due to a Variable name or other graph key that is missing from the checkpoint/.test(e.message)
        && /Tensor name "not_in_ckpt" not found in checkpoint files/.test(e.message));
    tf.reset_default_graph();
    // An op without a kernel on the restore path: a NotFoundError that names the op, not the checkpoint.
    const def = graphDef(`
      node { name: "save/Const" op: "Placeholder" attr { key: "dtype" value { type: DT_STRING } } }
      node { name: "odd" op: "TestNoSuchKernel" }
      node { name: "save/restore_all" op: "NoOp" input: "^odd" }`);
    tf.import_graph_def(def, { name: '' });
    const broken = tf.train.Saver.from_proto({ filename_tensor_name: 'save/Const:0', restore_op_name: 'save/restore_all', save_tensor_name: 'save/Const:0', version: 2 });
    assert.throws(() => broken.restore(new tf.Session(), wild('tfserving_saved_model_counter/00000123/variables/variables')),
      (e: unknown) => e instanceof NotFoundError && /No kernel is registered for op type 'TestNoSuchKernel'/.test(e.message) && !/most likely/.test(e.message));
  });

  it('runs the kernels imported graphs hold: Range of floats, Cumsum reverse and exclusive, Shape of int64, Unpack along any axis', () => {
    const scalar = (name: string, type: string, field: string, v: number) =>
      `node { name: "${name}" op: "Const" attr { key: "dtype" value { type: ${type} } } attr { key: "value" value { tensor { dtype: ${type} ${field}: ${v} } } } }`;
    const def = graphDef([
      scalar('start', 'DT_FLOAT', 'float_val', 0.5), scalar('limit', 'DT_FLOAT', 'float_val', 2), scalar('delta', 'DT_FLOAT', 'float_val', 0.5),
      'node { name: "r" op: "Range" input: ["start", "limit", "delta"] attr { key: "Tidx" value { type: DT_FLOAT } } }',
      scalar('axis0', 'DT_INT32', 'int_val', 0),
      'node { name: "c" op: "Cumsum" input: ["r", "axis0"] attr { key: "T" value { type: DT_FLOAT } } attr { key: "Tidx" value { type: DT_INT32 } } attr { key: "exclusive" value { b: true } } attr { key: "reverse" value { b: true } } }',
      'node { name: "m" op: "Const" attr { key: "dtype" value { type: DT_INT32 } } attr { key: "value" value { tensor { dtype: DT_INT32 tensor_shape { dim { size: 2 } dim { size: 3 } } int_val: [1, 2, 3, 4, 5, 6] } } } }',
      'node { name: "s" op: "Shape" input: "m" attr { key: "T" value { type: DT_INT32 } } attr { key: "out_type" value { type: DT_INT64 } } }',
      'node { name: "u" op: "Unpack" input: "m" attr { key: "T" value { type: DT_INT32 } } attr { key: "num" value { i: 3 } } attr { key: "axis" value { i: -1 } } }',
      'versions { producer: 21 }',
    ].join('\n'));
    const [r, c, sh, u2] = tf.import_graph_def(def, { name: '', return_elements: ['r:0', 'c:0', 's:0', 'u:2'] }) as tf.Tensor[];
    assert.equal(r.dtype, tf.float32);
    assert.equal(sh.dtype, tf.int64);
    const sess = new tf.Session();
    const [rv, cv, sv, uv] = sess.run([r, c, sh, u2]) as tf.NDArray[];
    assert.deepEqual(rv.toArray(), [0.5, 1, 1.5]);
    assert.deepEqual(cv.toArray(), [2.5, 1.5, 0]);
    assert.deepEqual(sv.toArray(), [2, 3]);
    assert.deepEqual(uv.toArray(), [3, 6]);
  });

  it('imports TF 0.7\'s CIFAR meta graph (queues, summaries, Pack without axis)', () => {
    tf.train.import_meta_graph(wild('jackyko_tf07_events_cifar/saved_checkpoint-0.meta'));
    const packs = tf.get_default_graph().get_operations().filter((op) => op.type === 'Pack');
    assert.ok(packs.length > 0);
    for (const op of packs) assert.equal(op.get_attr('axis'), 0);
    assert.equal(tf.get_default_graph().get_operations().length, 736);
  });
});

describe('V1 checkpoints written here and state files of other names', () => {
  beforeEach(() => tf.reset_default_graph());
  after(cleanup);

  it('writes V1 files byte for byte as TF 0.8 did (SaveSlices), int32 vectors included', () => {
    const dir = tmpDir('v1');
    const reader = tf.train.load_checkpoint(wild('daizhen_tf08_v1_freeze_graph/train_result'));
    const vars = ['Variable', 'Variable_1', 'pool'].map((n) => tf.Variable(reader.get_tensor(n), { name: n }));
    const sess = new tf.Session();
    sess.run(tf.global_variables_initializer());
    const saver = tf.train.Saver({ write_version: tf.train.SaverDef.V1 });
    assert.equal(saver.as_saver_def().version, 1);
    const p = saver.save(sess, path.join(dir, 'train_result'), { write_meta_graph: false })!;
    assert.deepEqual(fs.readdirSync(dir).sort(), ['checkpoint', 'train_result']);
    assert.ok(fs.readFileSync(p).equals(fs.readFileSync(wild('daizhen_tf08_v1_freeze_graph/train_result'))));
    assert.equal(tf.train.load_checkpoint(p).format, 'V1');
    sess.run(vars.map((v) => v.initializer));
    sess.run(tf.assign(vars[2], [0, 0, 0, 0]));
    saver.restore(sess, p);
    assert.deepEqual(sess.run(vars[2]).toArray(), [1, 3, 3, 1]);
    assert.throws(() => tf.train.Saver({ write_version: 3 }), /the formats written are SaverDef.V1 \(1\) and SaverDef.V2 \(2\)/);
  });

  it('finds the latest checkpoint through a state file of another name (checkpoint_state)', () => {
    const dir = wild('daizhen_tf08_v1_freeze_graph');
    assert.equal(tf.train.latest_checkpoint(dir, 'checkpoint_state'), path.join(dir, 'saved_checkpoint-0'));
    assert.equal(tf.train.latest_checkpoint(dir), path.join(dir, 'train_result'));
    assert.equal(tf.train.get_checkpoint_state(dir, 'checkpoint_state')!.model_checkpoint_path, path.join(dir, 'saved_checkpoint-0'));
  });
});
