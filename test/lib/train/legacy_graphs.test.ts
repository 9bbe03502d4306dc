import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '../../../lib';
import { NotFoundError, OutOfRangeError } from '../../../lib/framework/errors';
import { GraphDef, MetaGraphDef, QueueRunnerDefCodec } from '../../../lib/proto';
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

/** A NodeDef's attr entries, in text format. */
const attrText = (attrs: Record<string, string>) => Object.entries(attrs).map(([k, v]) => `attr { key: "${k}" value { ${v} } }`).join(' ');
const node = (name: string, op: string, inputs: string[], attrs: Record<string, string> = {}) =>
  `node { name: "${name}" op: "${op}" ${inputs.map((i) => `input: "${i}"`).join(' ')} ${attrText(attrs)} }`;
const strings = 'list { type: DT_STRING }';
const scalarShapes = 'list { shape { } }';

/** Writes a TFRecord file of the given records. */
function writeRecords(file: string, records: readonly (string | Uint8Array)[]): void {
  const writer = tf.python_io.TFRecordWriter(file);
  for (const r of records) writer.write(r);
  writer.close();
}

/**
 * A TF 0.x input pipeline as its GraphDef has it, pre-V2 ops only: string_input_producer's FIFOQueue of file
 * names (one epoch: a legacy Variable counted up by CountUpTo), a TFRecordReader reading it, and a batching
 * FIFOQueue of the records, with the QueueRunnerDefs TF wrote beside them.
 */
function legacyPipeline(files: readonly string[]): MetaGraphDef {
  const meta = parseMessage<MetaGraphDef>('tensorflow.MetaGraphDef', `graph_def {
    ${node('files', 'Const', [], { dtype: 'type: DT_STRING', value: `tensor { dtype: DT_STRING tensor_shape { dim { size: ${files.length} } } ${files.map((f) => `string_val: "${f}"`).join(' ')} }` })}
    ${node('epochs', 'Variable', [], { dtype: 'type: DT_INT64', shape: 'shape { }', container: 's: ""', shared_name: 's: ""' })}
    ${node('epochs/zero', 'Const', [], { dtype: 'type: DT_INT64', value: 'tensor { dtype: DT_INT64 tensor_shape { } int64_val: 0 }' })}
    ${node('epochs/Assign', 'Assign', ['epochs', 'epochs/zero'], { T: 'type: DT_INT64', use_locking: 'b: true' })}
    ${node('epochs/CountUpTo', 'CountUpTo', ['epochs'], { T: 'type: DT_INT64', limit: 'i: 1' })}
    ${node('limit_epochs', 'Identity', ['files', '^epochs/CountUpTo'], { T: 'type: DT_STRING' })}
    ${node('input_producer', 'FIFOQueue', [], { component_types: strings, shapes: scalarShapes, capacity: 'i: 32', container: 's: ""', shared_name: 's: ""' })}
    ${node('input_producer/EnqueueMany', 'QueueEnqueueMany', ['input_producer', 'limit_epochs'], { Tcomponents: strings, timeout_ms: 'i: -1' })}
    ${node('input_producer/Close', 'QueueClose', ['input_producer'], { cancel_pending_enqueues: 'b: false' })}
    ${node('input_producer/Close_1', 'QueueClose', ['input_producer'], { cancel_pending_enqueues: 'b: true' })}
    ${node('reader', 'TFRecordReader', [], { container: 's: ""', shared_name: 's: ""' })}
    ${node('read', 'ReaderRead', ['reader', 'input_producer'])}
    ${node('produced', 'ReaderNumRecordsProduced', ['reader'])}
    ${node('reset', 'ReaderReset', ['reader'])}
    ${node('batch/fifo_queue', 'FIFOQueue', [], { component_types: strings, shapes: scalarShapes, capacity: 'i: 4', container: 's: ""', shared_name: 's: ""' })}
    ${node('batch/fifo_queue_enqueue', 'QueueEnqueue', ['batch/fifo_queue', 'read:1'], { Tcomponents: strings, timeout_ms: 'i: -1' })}
    ${node('batch/fifo_queue_Close', 'QueueClose', ['batch/fifo_queue'], { cancel_pending_enqueues: 'b: false' })}
    ${node('batch/fifo_queue_Close_1', 'QueueClose', ['batch/fifo_queue'], { cancel_pending_enqueues: 'b: true' })}
    ${node('batch/n', 'Const', [], { dtype: 'type: DT_INT32', value: 'tensor { dtype: DT_INT32 tensor_shape { } int_val: 2 }' })}
    ${node('batch', 'QueueDequeueMany', ['batch/fifo_queue', 'batch/n'], { component_types: strings, timeout_ms: 'i: -1' })}
    ${node('batch_up_to', 'QueueDequeueUpTo', ['batch/fifo_queue', 'batch/n'], { component_types: strings, timeout_ms: 'i: -1' })}
    ${node('batch/size', 'QueueSize', ['batch/fifo_queue'])}
    ${node('batch/is_closed', 'QueueIsClosed', ['batch/fifo_queue'])}
    versions { producer: 9 }
  }`);
  const runner = (queue: string, enqueue: string, close: string) =>
    QueueRunnerDefCodec.encode({ queue_name: queue, enqueue_op_name: [enqueue], close_op_name: close, cancel_op_name: `${close}_1`, queue_closed_exception_types: [] });
  meta.collection_def = {
    queue_runners: { bytes_list: { value: [runner('input_producer', 'input_producer/EnqueueMany', 'input_producer/Close'), runner('batch/fifo_queue', 'batch/fifo_queue_enqueue', 'batch/fifo_queue_Close')] } },
  };
  return meta;
}

describe('the pre-V2 queue and reader ops of old graphs (Ref(string) handles)', () => {
  beforeEach(() => tf.reset_default_graph());
  after(cleanup);

  it('declares their handles as TF did: a string_ref [container, name] vector', () => {
    tf.import_graph_def(graphDef(`${node('q', 'FIFOQueue', [], { component_types: strings })} ${node('r', 'TFRecordReader', [])}`), { name: '' });
    const g = tf.get_default_graph();
    for (const name of ['q', 'r']) {
      const handle = g.get_operation_by_name(name).outputs[0];
      assert.equal(handle.dtype, tf.string._as_ref, name);
      assert.deepEqual(handle.shape.as_list(), [2], name);
    }
    // The attrs an old producer left out come from the op defs.
    assert.equal(g.get_operation_by_name('q').get_attr('capacity'), -1);
    assert.equal(g.get_operation_by_name('r').get_attr('compression_type'), '');
    // A queue not shared is named `_<id>_<node>` as TF names it; a reader takes its node's name.
    const sess = new tf.Session();
    const [container, name] = (sess.run('q:0') as tf.NDArray).toArray() as string[];
    assert.equal(container, 'localhost');
    assert.match(name, /^_\d+_q$/);
    assert.deepEqual((sess.run('r:0') as tf.NDArray).toArray(), ['localhost', 'r']);
  });

  it('runs the other pre-V2 ops on the V2 kernels: padding and priority queues, Dequeue, four more readers, ReadUpTo, reader state', () => {
    const dir = tmpDir('legacy-readers');
    const txt = path.join(dir, 'lines.txt'), bin = path.join(dir, 'bytes.bin');
    fs.writeFileSync(txt, 'l1\nl2\n');
    fs.writeFileSync(bin, 'abcdef');
    tf.import_graph_def(graphDef(`
      ${node('units', 'Placeholder', [], { dtype: 'type: DT_STRING' })}
      ${node('names', 'FIFOQueue', [], { component_types: strings, shapes: scalarShapes })}
      ${node('names/EnqueueMany', 'QueueEnqueueMany', ['names', 'units'], { Tcomponents: strings })}
      ${node('lines', 'TextLineReader', [])}
      ${node('lines/read', 'ReaderRead', ['lines', 'names'])}
      ${node('lines/n', 'Const', [], { dtype: 'type: DT_INT64', value: 'tensor { dtype: DT_INT64 tensor_shape { } int64_val: 5 }' })}
      ${node('lines/read_up_to', 'ReaderReadUpTo', ['lines', 'names', 'lines/n'])}
      ${node('lines/done', 'ReaderNumWorkUnitsCompleted', ['lines'])}
      ${node('fixed', 'FixedLengthRecordReader', [], { record_bytes: 'i: 2' })}
      ${node('fixed/read', 'ReaderRead', ['fixed', 'names'])}
      ${node('whole', 'WholeFileReader', [])}
      ${node('whole/read', 'ReaderRead', ['whole', 'names'])}
      ${node('ident', 'IdentityReader', [])}
      ${node('ident/read', 'ReaderRead', ['ident', 'names'])}
      ${node('ident/produced', 'ReaderNumRecordsProduced', ['ident'])}
      ${node('ident/state', 'ReaderSerializeState', ['ident'])}
      ${node('saved', 'Placeholder', [], { dtype: 'type: DT_STRING' })}
      ${node('ident/restore', 'ReaderRestoreState', ['ident', 'saved'])}
      ${node('pad', 'PaddingFIFOQueue', [], { component_types: 'list { type: DT_INT32 }', shapes: 'list { shape { dim { size: -1 } } }' })}
      ${node('row', 'Placeholder', [], { dtype: 'type: DT_INT32' })}
      ${node('pad/enqueue', 'QueueEnqueue', ['pad', 'row'], { Tcomponents: 'list { type: DT_INT32 }' })}
      ${node('pad/n', 'Const', [], { dtype: 'type: DT_INT32', value: 'tensor { dtype: DT_INT32 tensor_shape { } int_val: 2 }' })}
      ${node('pad/dequeue_many', 'QueueDequeueMany', ['pad', 'pad/n'], { component_types: 'list { type: DT_INT32 }' })}
      ${node('prio', 'PriorityQueue', [], { component_types: strings, shapes: scalarShapes })}
      ${node('priority', 'Placeholder', [], { dtype: 'type: DT_INT64' })}
      ${node('word', 'Placeholder', [], { dtype: 'type: DT_STRING' })}
      ${node('prio/enqueue', 'QueueEnqueue', ['prio', 'priority', 'word'], { Tcomponents: 'list { type: DT_INT64 type: DT_STRING }' })}
      ${node('prio/dequeue', 'QueueDequeue', ['prio'], { component_types: 'list { type: DT_INT64 type: DT_STRING }' })}
      ${node('prio/size', 'QueueSize', ['prio'])}`), { name: '' });
    const sess = new tf.Session();
    const run = (fetch: string, feed: Record<string, unknown> = {}) => (sess.run(fetch, feed as tf.FeedDict) as tf.NDArray).toArray();
    // One read: its key and value from the same run.
    const read = (reader: string) => (sess.run([`${reader}/read:0`, `${reader}/read:1`]) as tf.NDArray[]).map((v) => v.toArray());
    sess.run('names/EnqueueMany', { 'units:0': [txt, bin, bin, 'unit-7'] });
    assert.deepEqual(read('lines'), [`${txt}:1`, 'l1']);
    // Up to 5 lines, but none past the end of the file that gave some.
    assert.deepEqual(run('lines/read_up_to:1'), ['l2']);
    assert.equal(run('lines/done:0'), 1);
    assert.deepEqual(read('fixed'), [`${bin}:0`, 'ab']);
    assert.deepEqual(read('whole'), [bin, 'abcdef']);
    assert.deepEqual(read('ident'), ['unit-7', 'unit-7']);
    const state = sess.run('ident/state:0') as tf.NDArray;
    sess.run('ident/restore', { 'saved:0': state });
    assert.equal(run('ident/produced:0'), 1);
    for (const row of [[1], [2, 3, 4]]) sess.run('pad/enqueue', { 'row:0': row });
    assert.deepEqual(run('pad/dequeue_many:0'), [[1, 0, 0], [2, 3, 4]]);
    for (const [p, w] of [[3, 'c'], [1, 'a'], [2, 'b']] as const) sess.run('prio/enqueue', { 'priority:0': p, 'word:0': w });
    assert.equal(run('prio/size:0'), 3);
    assert.deepEqual([0, 1, 2].map(() => run('prio/dequeue:1')), ['a', 'b', 'c']);
  });

  it('runs an imported TF 0.x input pipeline with start_queue_runners: file names, TFRecordReader, batches, end of input', () => {
    const dir = tmpDir('legacy-queues');
    const a = path.join(dir, 'a.tfrecord'), b = path.join(dir, 'b.tfrecord');
    writeRecords(a, ['a0', 'a1', 'a2']);
    writeRecords(b, ['b0', 'b1']);
    tf.train.import_meta_graph(legacyPipeline([a, b]));
    const runners = tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS) as tf.train.QueueRunner[];
    assert.deepEqual(runners.map((r) => r.name), ['input_producer', 'batch/fifo_queue']);
    const sess = new tf.Session();
    sess.run('epochs/Assign');
    const coord = tf.train.Coordinator();
    const threads = tf.train.start_queue_runners(sess, coord);
    const text = (v: tf.NDArray) => v.toArray();
    assert.deepEqual(text(sess.run('batch:0') as tf.NDArray), ['a0', 'a1']);
    assert.deepEqual(text(sess.run('batch:0') as tf.NDArray), ['a2', 'b0']);
    // One epoch: the file name queue closes, the reader ends, its runner closes the batch queue; what is left comes up to n.
    assert.deepEqual(text(sess.run('batch_up_to:0') as tf.NDArray), ['b1']);
    assert.throws(() => sess.run('batch_up_to:0'), (e: unknown) => e instanceof OutOfRangeError && /FIFOQueue '_\d+_batch\/fifo_queue' is closed and has insufficient elements/.test((e as Error).message));
    assert.equal((sess.run('produced:0') as tf.NDArray).item(), 5);
    assert.equal((sess.run('batch/is_closed:0') as tf.NDArray).item(), true);
    assert.equal((sess.run('batch/size:0') as tf.NDArray).item(), 0);
    sess.run('reset');
    assert.equal((sess.run('produced:0') as tf.NDArray).item(), 0);
    coord.request_stop();
    coord.join(threads);
  });

  it('exports an imported pre-V2 pipeline as it is, so a meta graph written here runs it again', () => {
    const dir = tmpDir('legacy-export');
    const file = path.join(dir, 'a.tfrecord');
    writeRecords(file, ['r0', 'r1', 'r2']);
    tf.train.import_meta_graph(legacyPipeline([file]));
    const exported = tf.train.export_meta_graph();
    assert.deepEqual(exported.graph_def!.node!.filter((n) => /Queue|Reader/.test(n.op!)).map((n) => n.op).sort(), [
      'FIFOQueue', 'FIFOQueue', 'QueueClose', 'QueueClose', 'QueueClose', 'QueueClose', 'QueueDequeueMany', 'QueueDequeueUpTo',
      'QueueEnqueue', 'QueueEnqueueMany', 'QueueIsClosed', 'QueueSize', 'ReaderNumRecordsProduced', 'ReaderRead', 'ReaderReset', 'TFRecordReader',
    ]);
    tf.reset_default_graph();
    tf.train.import_meta_graph(exported, { import_scope: 'again' });
    const sess = new tf.Session();
    sess.run('again/epochs/Assign');
    const coord = tf.train.Coordinator();
    const threads = tf.train.start_queue_runners(sess, coord);
    assert.deepEqual((sess.run('again/batch:0') as tf.NDArray).toArray(), ['r0', 'r1']);
    assert.deepEqual((sess.run('again/batch_up_to:0') as tf.NDArray).toArray(), ['r2']);
    coord.request_stop();
    coord.join(threads);
  });

  it('feeds TF 0.7\'s CIFAR pipeline from the TFRecord file it names, up to its shuffle queue', () => {
    const dir = tmpDir('legacy-cifar');
    fs.mkdirSync(path.join(dir, 'my_data_raw'));
    fs.mkdirSync(path.join(dir, 'run'));
    // The graph reads `../my_data_raw/train.tfrecords`: tf.train.Examples of a 32x32x3 uint8 image and a label.
    writeRecords(path.join(dir, 'my_data_raw', 'train.tfrecords'), [0, 1, 2].map((label) => tf.train.Example({
      features: tf.train.Features({
        feature: {
          image_raw: tf.train.Feature({ bytes_list: tf.train.BytesList({ value: [new Uint8Array(32 * 32 * 3).fill(label * 100)] }) }),
          label: tf.train.Feature({ int64_list: tf.train.Int64List({ value: [label] }) }),
        },
      }),
    }).SerializeToString()));
    tf.train.import_meta_graph(wild('jackyko_tf07_events_cifar/saved_checkpoint-0.meta'));
    const g = tf.get_default_graph();
    for (const name of ['input/input_producer', 'batching_shuffling_distortion/random_shuffle_queue']) assert.equal(g.get_operation_by_name(name).outputs[0].dtype, tf.string._as_ref);
    const cwd = process.cwd();
    process.chdir(path.join(dir, 'run'));
    try {
      const sess = new tf.Session();
      sess.run(tf.global_variables_initializer());
      const coord = tf.train.Coordinator();
      const threads = tf.train.start_queue_runners(sess, coord);
      // 4 runners: one thread per enqueue op (1 + 5 + 1 + 5) and, with a coordinator, one closing each queue on stop.
      assert.equal(threads.length, 16);
      // The file name queue's runner feeds the reader, record after record, the file again after its end.
      const labels = [0, 1, 2, 3].map(() => (sess.run('input/Cast_1:0') as tf.NDArray).item());
      assert.deepEqual(labels, [0, 1, 2, 0]);
      // One distorted example into the shuffle queue (its runner's enqueue op).
      sess.run('batching_shuffling_distortion/random_shuffle_queue_enqueue');
      assert.equal((sess.run('batching_shuffling_distortion/random_shuffle_queue_Size:0') as tf.NDArray).item(), 1);
      // A batch of 128 would wait for 20000 more examples (min_after_dequeue); closed, the queue says it has too few.
      sess.run('batching_shuffling_distortion/random_shuffle_queue_Close');
      assert.throws(() => sess.run('batching_shuffling_distortion:0'),
        (e: unknown) => e instanceof OutOfRangeError && /RandomShuffleQueue '.*random_shuffle_queue' is closed and has insufficient elements \(requested 128, current size 1\)/.test((e as Error).message));
      coord.request_stop();
      coord.join(threads);
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('the pre-1.0 Reverse op (a bool per dimension)', () => {
  beforeEach(() => tf.reset_default_graph());

  it('reverses the dimensions whose flag is set, checks the flags against the rank, and has a gradient', () => {
    const def = graphDef(`
      ${node('x', 'Const', [], { dtype: 'type: DT_FLOAT', value: 'tensor { dtype: DT_FLOAT tensor_shape { dim { size: 2 } dim { size: 3 } } float_val: 1 float_val: 2 float_val: 3 float_val: 4 float_val: 5 float_val: 6 }' })}
      ${node('dims', 'Const', [], { dtype: 'type: DT_BOOL', value: 'tensor { dtype: DT_BOOL tensor_shape { dim { size: 2 } } bool_val: false bool_val: true }' })}
      ${node('r', 'Reverse', ['x', 'dims'], { T: 'type: DT_FLOAT' })}
      ${node('flags', 'Placeholder', [], { dtype: 'type: DT_BOOL' })}
      ${node('fed', 'Reverse', ['x', 'flags'], { T: 'type: DT_FLOAT' })}`);
    const [x, r, fed] = tf.import_graph_def(def, { name: '', return_elements: ['x:0', 'r:0', 'fed:0'] }) as tf.Tensor[];
    assert.deepEqual(r.shape.as_list(), [2, 3]);
    const sess = new tf.Session();
    assert.deepEqual((sess.run(r) as tf.NDArray).toArray(), [[3, 2, 1], [6, 5, 4]]);
    assert.deepEqual((sess.run(fed, { 'flags:0': [true, true] }) as tf.NDArray).toArray(), [[6, 5, 4], [3, 2, 1]]);
    assert.throws(() => sess.run(fed, { 'flags:0': [true] }), /'dims' must have the same number of values as 'input' has dimensions. 'input' has 2'dimensions, but 'dims' has 1 values/);
    // The gradient reverses the incoming gradient the same way.
    const w = tf.constant([[1, 2, 3], [4, 5, 6]], tf.float32);
    const [dx] = tf.gradients(tf.reduce_sum(tf.multiply(r, w)), [x]) as tf.Tensor[];
    assert.deepEqual((sess.run(dx) as tf.NDArray).toArray(), [[3, 2, 1], [6, 5, 4]]);
    // Flags that do not match a known rank are an error when the graph is built.
    assert.throws(() => tf.import_graph_def(graphDef(`
      ${node('y', 'Const', [], { dtype: 'type: DT_FLOAT', value: 'tensor { dtype: DT_FLOAT tensor_shape { dim { size: 2 } } float_val: 1 float_val: 2 }' })}
      ${node('d', 'Const', [], { dtype: 'type: DT_BOOL', value: 'tensor { dtype: DT_BOOL tensor_shape { dim { size: 2 } } bool_val: true bool_val: true }' })}
      ${node('bad', 'Reverse', ['y', 'd'], { T: 'type: DT_FLOAT' })}`)), /'input' has 1 dimensions, 'dims' has 2 values/);
  });
});
