/**
 * tf.summary as TF 1.15 builds and runs it (summary_ops_test / summary_test restated), event files
 * checked with an independent reader, TF-written event files read, TFRecord files.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import * as tf from '../../../lib';
import { cleanup, repoRoot, tmpDir } from '../train/helpers';
import { GraphDefCodec, SummaryCodec } from '../../../lib/proto';
import { decodeFields, readEvents, readRecords } from './event_reader';

const wild = (rel: string) => path.join(repoRoot(), '..', 'shared', 'fixtures', 'tf-wild', rel);
const CIFAR_EVENTS = wild('jackyko_tf07_events_cifar/events.out.tfevents.1457633455.MacBook-Pro.local');
const SEQ2SEQ_EVENTS = wild('seq2seq_tf111_dynamic_rnn/graph/events.out.tfevents.1540282079.GPU202');

function runSummary(t: tf.Tensor, feed?: Map<tf.Tensor, number[]>): tf.summary.Summary {
  const sess = new tf.Session();
  const bytes = sess.run(t, feed) as tf.NDArray;
  assert.equal(bytes.dtype, tf.string);
  assert.deepEqual(bytes.shape, []);
  return SummaryCodec.decode((bytes.data as Uint8Array[])[0]);
}

function eventFile(dir: string): string {
  const files = fs.readdirSync(dir).filter((f) => f.startsWith('events.out.tfevents.'));
  assert.equal(files.length, 1, files.join(', '));
  return path.join(dir, files[0]);
}

describe('tf.summary ops', () => {
  beforeEach(() => tf.reset_default_graph());
  after(cleanup);

  it('scalar: node named after the tag, tag Const inside its scope, in SUMMARIES', () => {
    const c = tf.constant(3.5);
    const s = tf.summary.scalar('loss', c);
    assert.equal(s.op.name, 'loss');
    assert.equal(s.op.type, 'ScalarSummary');
    assert.equal(s.op.inputs[0].op.name, 'loss/tags');
    assert.deepEqual(tf.get_default_graph().get_collection(tf.GraphKeys.SUMMARIES), [s]);
    const s2 = tf.summary.scalar('loss', c);
    assert.equal(s2.op.name, 'loss_1');
    const summary = runSummary(s2);
    assert.deepEqual(summary.value, [{ tag: 'loss_1', simple_value: 3.5 }]);
  });

  it('family: op outer/family/inner, tag family/outer/family/inner (summary_test.testScalarSummaryWithFamily)', () => {
    const c = tf.constant(3);
    const [a, b] = tf.name_scope('outer', () => [
      tf.summary.scalar('inner', c, { family: 'family' }), tf.summary.scalar('inner', c, { family: 'family' }),
    ]);
    assert.equal(a.op.name, 'outer/family/inner');
    assert.equal(b.op.name, 'outer/family/inner_1');
    const summary = runSummary(tf.summary.merge([a, b]));
    assert.deepEqual(summary.value!.map((v) => v.tag), ['family/outer/family/inner', 'family/outer/family/inner_1']);
  });

  it('cleans illegal tag characters as TF (summary_test.testSummaryNameConversion)', () => {
    const c = tf.constant(3);
    assert.equal(tf.summary.scalar('name with spaces', c).op.name, 'name_with_spaces');
    assert.equal(tf.summary.scalar('name with many $#illegal^: characters!', c).op.name, 'name_with_many___illegal___characters_');
    assert.equal(tf.summary.scalar('/name/with/leading/slash', c).op.name, 'name/with/leading/slash');
  });

  it('scalar of a non-scalar fails at run time with TF message; of strings at build time', () => {
    const s = tf.summary.scalar('v', tf.constant([1, 2]));
    assert.throws(() => new tf.Session().run(s), (e: Error) => e instanceof tf.errors.InvalidArgumentError
      && /tags and values not the same shape: \[\] != \[2\] \(tag 'v'\)/.test(e.message));
    assert.throws(() => tf.summary.scalar('s', tf.constant('x')), /DataType string not in list of allowed values/);
  });

  it('histogram: TF bucket layout, empty runs collapsed, stats', () => {
    const x = tf.placeholder(tf.float32, [null]);
    const h = tf.summary.histogram('x', x);
    assert.equal(h.op.type, 'HistogramSummary');
    assert.equal(h.op.inputs[0].op.name, 'x/tag');
    const histo = runSummary(h, new Map([[x, [1, 2, 3, 4, -0.5]]])).value![0].histo!;
    assert.equal(histo.min, -0.5);
    assert.equal(histo.max, 4);
    assert.equal(histo.num, 5);
    assert.equal(histo.sum, 9.5);
    assert.equal(histo.sum_squares, 30.25);
    assert.equal(histo.bucket!.reduce((a, b) => a + b, 0), 5);
    // Limits grow by 10% from 1e-12: each counted value lies below its bucket's limit and at or above the one before.
    const limits = histo.bucket_limit!;
    for (const v of [1, 2, 3, 4, -0.5]) {
      const i = limits.findIndex((l) => l > v);
      assert.ok(histo.bucket![i] >= 1, `value ${v} not counted in the bucket ending at ${limits[i]}`);
      assert.ok(i === 0 || limits[i - 1] <= v);
    }
    assert.equal(limits[limits.length - 1], Number.MAX_VALUE);
    assert.ok(Math.abs(limits[limits.indexOf(limits.find((l) => l > 1)!)] - 1.0089710279437536) < 1e-12);
    assert.throws(() => new tf.Session().run(h, new Map([[x, [1, NaN]]])), /Nan in summary histogram for: x/);
    assert.throws(() => new tf.Session().run(h, new Map([[x, [Infinity]]])), /Infinity in summary histogram for: x/);
  });

  it('image: tags tag/image/i, PNG of the normalised floats, bad_color attr', () => {
    const pixels = [0, 0.5, 1, 2, -1, 1, 0, 0];   // two 2x2 gray images: one non-negative, one with negatives
    const im = tf.summary.image('image', tf.reshape(tf.constant(pixels, { dtype: tf.float32 }), [2, 2, 2, 1]), { max_outputs: 3 });
    assert.equal(im.op.get_attr('max_images'), 3);
    assert.deepEqual(Array.from((im.op.get_attr('bad_color') as tf.NDArray).values), [255, 0, 0, 255]);
    const values = runSummary(im).value!;
    assert.deepEqual(values.map((v) => v.tag), ['image/image/0', 'image/image/1']);
    assert.deepEqual([values[0].image!.height, values[0].image!.width, values[0].image!.colorspace], [2, 2, 1]);
    const decodeGray = (png: Uint8Array): number[] => {
      const buf = Buffer.from(png);
      assert.equal(buf.subarray(1, 4).toString('ascii'), 'PNG');
      const idatAt = buf.indexOf('IDAT');
      const raw = zlib.inflateSync(buf.subarray(idatAt + 4, idatAt + 4 + buf.readUInt32BE(idatAt - 4)));
      return [raw[1], raw[2], raw[4], raw[5]];   // each row: filter byte, then 2 pixels
    };
    // Non-negative: scaled so the max is 255 (cast truncates). With negatives: 127/max|x|, offset 128.
    assert.deepEqual(decodeGray(values[0].image!.encoded_image_string!), [0, 63, 127, 255]);
    assert.deepEqual(decodeGray(values[1].image!.encoded_image_string!), [1, 255, 128, 128]);
    const one = tf.summary.image('one', tf.zeros([1, 1, 1, 3], { dtype: tf.uint8 }), { max_outputs: 1 });
    assert.equal(runSummary(one).value![0].tag, 'one/image');
    const bad = tf.summary.image('bad', tf.zeros([1, 2, 2, 2]));
    assert.throws(() => new tf.Session().run(bad), /Tensor must be 4-D with last dim 1, 3, or 4, not \[1,2,2,2\]/);
  });

  it('audio: 16-bit WAV, tags tag/audio/i', () => {
    const a = tf.summary.audio('snd', tf.constant([[0, 0.5, -1, 1]], { dtype: tf.float32 }), 8000, { max_outputs: 2 });
    assert.equal(a.op.type, 'AudioSummaryV2');
    const v = runSummary(a).value![0];
    assert.equal(v.tag, 'snd/audio/0');
    assert.deepEqual({ ...v.audio, encoded_audio_string: undefined }, {
      sample_rate: 8000, num_channels: 1, length_frames: 4, content_type: 'audio/wav', encoded_audio_string: undefined,
    });
    const wav = Buffer.from(v.audio!.encoded_audio_string!);
    assert.equal(wav.subarray(0, 4).toString(), 'RIFF');
    assert.equal(wav.readUInt32LE(24), 8000);
    assert.deepEqual([0, 1, 2, 3].map((i) => wav.readInt16LE(44 + 2 * i)), [0, 16384, -32768, 32767]);
  });

  it('text and tensor_summary: TensorSummaryV2 with plugin metadata and the tensor', () => {
    const t = tf.summary.text('note', tf.constant(['a', 'bc']));
    assert.equal(t.op.type, 'TensorSummaryV2');
    assert.deepEqual(t.op.inputs.map((i) => i.op.name), ['note/tag', 'Const', 'note/serialized_summary_metadata']);
    const v = runSummary(t).value![0];
    assert.equal(v.tag, 'note');
    assert.equal(v.metadata!.plugin_data!.plugin_name, 'text');
    assert.deepEqual(v.tensor!.string_val!.map((b) => Buffer.from(b).toString()), ['a', 'bc']);
    assert.throws(() => tf.summary.text('n', tf.constant(1, { dtype: tf.int32 })), /Expected tensor Const_1:0 to have dtype string, got int32/);
    const ts = tf.summary.tensor_summary('w', tf.constant([1.5, 2], { dtype: tf.float32 }), { display_name: 'W' });
    const tv = runSummary(ts).value![0];
    assert.equal(tv.metadata!.display_name, 'W');
    assert.deepEqual(Array.from(new Float32Array(new Uint8Array(tv.tensor!.tensor_content!).buffer)), [1.5, 2]);
  });

  it('merge / merge_all: Merge/MergeSummary, values in order, duplicate tags fail, null when empty', () => {
    assert.equal(tf.summary.merge_all(), null);
    const a = tf.summary.scalar('a', tf.constant(1));
    const b = tf.summary.scalar('b', tf.constant(2), { collections: ['mine'] });
    const m = tf.summary.merge_all();
    assert.equal(m!.op.name, 'Merge/MergeSummary');
    assert.equal(m!.op.get_attr('N'), 1);
    assert.deepEqual(runSummary(tf.summary.merge([a, b], { name: 'both' })).value!.map((v) => v.tag), ['a', 'b']);
    assert.equal(tf.summary.merge_all({ key: 'mine' })!.op.inputs[0], b);
    assert.throws(() => new tf.Session().run(tf.summary.merge([a, a])), /Duplicate tag a found in summary inputs/);
  });
});

describe('tf.summary.FileWriter and event files', () => {
  beforeEach(() => tf.reset_default_graph());
  after(cleanup);

  it('writes events.out.tfevents.<secs>.<host>: version record, graph, meta graph, summaries (independent reader)', () => {
    const dir = tmpDir('events');
    const x = tf.placeholder(tf.float32, [], 'x');
    const s = tf.summary.scalar('loss', tf.multiply(x, 2));
    const sess = new tf.Session();
    const before = Math.floor(Date.now() / 1000);
    const w = new tf.summary.FileWriter(dir, sess.graph);
    for (let step = 0; step < 3; step++) w.add_summary(sess.run(s, new Map([[x, step]])) as tf.NDArray, step * 10);
    w.close();
    const file = eventFile(dir);
    assert.match(path.basename(file), /^events\.out\.tfevents\.\d{10}\.\S+$/);
    assert.ok(Number(path.basename(file).split('.')[3]) >= before);
    const events = readEvents(file);
    assert.equal(events.length, 6);
    assert.equal(events[0].file_version, 'brain.Event:2');
    assert.equal(events[0].wall_time, Math.floor(events[0].wall_time));
    const graphNodes = (decodeFields(events[1].graph_def!).get(1) ?? []).map((n) => (decodeFields(n as Buffer).get(1)![0] as Buffer).toString());
    assert.deepEqual(graphNodes, ['x', 'Mul/y', 'Mul', 'loss/tags', 'loss']);
    assert.ok(decodeFields(readRecords(file)[2]).has(9), 'a meta_graph_def event');
    assert.deepEqual(events.slice(3).map((e) => [e.step, e.values[0].tag, e.values[0].simple_value]), [[0, 'loss', 0], [10, 'loss', 2], [20, 'loss', 4]]);
    // And through tf.train.summary_iterator.
    const ours = [...tf.train.summary_iterator(file)];
    assert.deepEqual(ours.map((e) => e.step ?? 0), [0, 0, 0, 0, 10, 20]);
  });

  it('keeps plugin metadata on the first value of a tag only; run metadata tags are used once', () => {
    const dir = tmpDir('events');
    const t = tf.summary.text('note', tf.constant('hi'));
    const sess = new tf.Session();
    const w = new tf.summary.FileWriter(dir);
    w.add_summary(sess.run(t) as tf.NDArray, 1);
    w.add_summary(sess.run(t) as tf.NDArray, 2);
    w.add_run_metadata({ partition_graphs: [] }, 'step1', 1);
    assert.throws(() => w.add_run_metadata(new Uint8Array(), 'step1'), /The provided tag was already used for this event type/);
    w.add_session_log({ status: tf.summary.SessionStatus.START }, 3);
    w.close();
    const events = [...tf.train.summary_iterator(eventFile(dir))];
    assert.ok(events[1].summary!.value![0].metadata);
    assert.equal(events[2].summary!.value![0].metadata, undefined);
    assert.equal(events[3].tagged_run_metadata!.tag, 'step1');
    assert.equal(events[4].session_log!.status, 1);
  });

  it('writes the tf.RunMetadata a traced sess.run filled (mnist_with_summaries\' add_run_metadata), its partition graphs with it', () => {
    const dir = tmpDir('events');
    const x = tf.placeholder(tf.float32, [2], 'x');
    const y = x.mul(2);
    const run_options = tf.RunOptions({ trace_level: tf.RunOptions.FULL_TRACE, output_partition_graphs: true });
    const run_metadata = tf.RunMetadata();
    const sess = tf.Session();
    sess.run(y, { feed_dict: new Map([[x, [1, 2]]]), options: run_options, run_metadata });
    const w = tf.summary.FileWriter(dir, sess.graph);
    w.add_run_metadata(run_metadata, 'step001', 1);
    w.close();
    const tagged = [...tf.train.summary_iterator(eventFile(dir))].find((e) => e.tagged_run_metadata)!.tagged_run_metadata!;
    assert.equal(tagged.tag, 'step001');
    // RunMetadata field 3: partition_graphs
    const partition = decodeFields(Buffer.from(tagged.run_metadata!)).get(3)![0] as Buffer;
    const nodes = GraphDefCodec.decode(partition).node!.map((n) => n.name);
    assert.ok(nodes.includes('mul'), nodes.join(','));
  });

  it('tf.contrib.tensorboard.plugins.projector writes projector_config.pbtxt beside the events, in text format', () => {
    const projector = tf.contrib.tensorboard.plugins.projector;
    const dir = tmpDir('projector');
    const embeddings = tf.Variable(tf.zeros([5, 2]), { name: 'embeddings' });
    const writer = tf.summary.FileWriter(dir);
    const config = projector.ProjectorConfig();
    const embedding_conf = config.embeddings.add();
    embedding_conf.tensor_name = embeddings.name;
    embedding_conf.metadata_path = path.join(dir, 'metadata.tsv');
    const second = config.embeddings.add({ tensor_name: 'words:0' });
    second.sprite.image_path = 'sprite "1".png';
    second.sprite.single_image_dim.extend([28, 28]);
    projector.visualize_embeddings(writer, config);
    writer.close();
    assert.equal(fs.readFileSync(path.join(dir, 'projector_config.pbtxt'), 'utf8'), [
      'embeddings {', '  tensor_name: "embeddings:0"', `  metadata_path: "${path.join(dir, 'metadata.tsv')}"`, '}',
      'embeddings {', '  tensor_name: "words:0"', '  sprite {', '    image_path: "sprite \\"1\\".png"', '    single_image_dim: 28', '    single_image_dim: 28', '  }', '}', '',
    ].join('\n'));
    assert.equal(String(new projector.ProjectorConfig({ model_checkpoint_path: 'm.ckpt' })), 'model_checkpoint_path: "m.ckpt"\n');
    assert.equal(String(projector.ProjectorConfig({ embeddings: [{ tensor_name: 'e:0', tensor_shape: [3, 2] }] })), 'embeddings {\n  tensor_name: "e:0"\n  tensor_shape: 3\n  tensor_shape: 2\n}\n');
  });

  it('buffers up to max_queue events; flush writes them; closed writers drop events until reopen', () => {
    const dir = tmpDir('events');
    const w = new tf.summary.FileWriter(dir, null, { max_queue: 3, flush_secs: 1000 });
    const file = eventFile(dir);
    const count = () => readRecords(file).length;
    assert.equal(count(), 1);
    w.add_summary({ value: [{ tag: 'a', simple_value: 1 }] }, 1);
    w.add_summary({ value: [{ tag: 'a', simple_value: 2 }] }, 2);
    assert.equal(count(), 1);
    w.add_summary({ value: [{ tag: 'a', simple_value: 3 }] }, 3);
    assert.equal(count(), 4);
    w.add_summary({ value: [{ tag: 'a', simple_value: 4 }] }, 4);
    w.flush();
    assert.equal(count(), 5);
    w.close();
    const warnings: string[] = [];
    const prev = tf.train.setLogSink((_l, m) => warnings.push(m));
    try { w.add_summary({ value: [{ tag: 'a', simple_value: 5 }] }, 5); } finally { tf.train.setLogSink(prev); }
    assert.match(warnings[0], /Attempting to use a closed FileWriter/);
    assert.equal(count(), 5);
    w.reopen();
    w.add_summary({ value: [{ tag: 'a', simple_value: 6 }] }, 6);
    w.close();
    const all = fs.readdirSync(dir).flatMap((f) => readEvents(path.join(dir, f)));
    assert.deepEqual(all.flatMap((e) => e.values.map((v) => v.simple_value)), [1, 2, 3, 4, 6]);
  });

  it('never loses a flushed event when the process is killed', () => {
    const dir = tmpDir('events');
    const script = `
      const tf = require(${JSON.stringify(path.join(repoRoot(), 'dist', 'lib'))});
      const w = new tf.summary.FileWriter(${JSON.stringify(dir)}, null, { max_queue: 1000 });
      for (let i = 0; i < 5; i++) w.add_summary({ value: [{ tag: 'v', simple_value: i }] }, i);
      w.flush();
      for (let i = 5; i < 8; i++) w.add_summary({ value: [{ tag: 'v', simple_value: i }] }, i);
      process.kill(process.pid, 'SIGKILL');`;
    const r = spawnSync(process.execPath, ['-e', script]);
    assert.equal(r.signal, 'SIGKILL', r.stderr.toString());
    assert.deepEqual(readEvents(eventFile(dir)).slice(1).map((e) => e.step), [0, 1, 2, 3, 4]);
  });

  it('flushes pending events at process exit', () => {
    const dir = tmpDir('events');
    const script = `
      const tf = require(${JSON.stringify(path.join(repoRoot(), 'dist', 'lib'))});
      const w = new tf.summary.FileWriter(${JSON.stringify(dir)});
      w.add_summary({ value: [{ tag: 'v', simple_value: 1 }] }, 7);`;
    const r = spawnSync(process.execPath, ['-e', script]);
    assert.equal(r.status, 0, r.stderr.toString());
    assert.deepEqual(readEvents(eventFile(dir)).map((e) => e.step), [0, 7]);
  });

  it('FileWriterCache: one writer per logdir', () => {
    const dir = tmpDir('events');
    const a = tf.summary.FileWriterCache.get(dir);
    assert.equal(tf.summary.FileWriterCache.get(dir), a);
    tf.summary.FileWriterCache.clear();
    assert.notEqual(tf.summary.FileWriterCache.get(dir), a);
    tf.summary.FileWriterCache.clear();
  });

  it('add_graph rejects what is not a graph', () => {
    const w = new tf.summary.FileWriter(tmpDir('events'));
    assert.throws(() => w.add_graph(42 as unknown as tf.Graph), /The passed graph must be an instance of `Graph`/);
    assert.throws(() => w.add_graph(tf.get_default_graph(), null, { node: [] }), /Please pass only graph, or graph_def/);
    w.close();
  });
});

describe('reading TF-written event files', () => {
  after(cleanup);

  it('reads the TF 0.7 CIFAR event file: version, graph_def of 736 nodes, 8 scalars and 20 images', () => {
    const events = [...tf.train.summary_iterator(CIFAR_EVENTS)];
    assert.equal(events.length, 3);
    assert.equal(events[0].file_version, 'brain.Event:2');
    assert.equal(events[0].wall_time, 1457633455);
    const graph = GraphDefCodec.decode(events[1].graph_def!);
    assert.equal(graph.node!.length, 736);
    const values = events[2].summary!.value!;
    assert.equal(values.filter((v) => v.simple_value !== undefined).length, 8);
    assert.equal(values.filter((v) => v.image).length, 20);
    const loss = values.find((v) => v.tag === 'Loss')!;
    assert.equal(loss.simple_value, Math.fround(2.3488378524780273));
  });

  it('reads the graph event file of a TF 1.11 model', () => {
    const events = [...tf.train.summary_iterator(SEQ2SEQ_EVENTS)];
    assert.equal(events.length, 3);
    const graph = GraphDefCodec.decode(events.find((e) => e.graph_def)!.graph_def!);
    assert.equal(graph.node!.length, 1841);
    assert.equal(graph.versions!.producer, 27);
  });

  it('yields the good records of a truncated or corrupted file, then raises DataLossError', () => {
    const dir = tmpDir('events');
    const bytes = fs.readFileSync(CIFAR_EVENTS);
    const truncated = path.join(dir, 'truncated');
    fs.writeFileSync(truncated, bytes.subarray(0, bytes.length - 100));
    const seen: number[] = [];
    assert.throws(() => { for (const e of tf.train.summary_iterator(truncated)) seen.push(e.step ?? 0); },
      (e: Error) => e instanceof tf.errors.DataLossError && /truncated record at \d+/.test(e.message));
    assert.equal(seen.length, 2);
    const corrupted = path.join(dir, 'corrupted');
    const copy = Buffer.from(bytes);
    copy[copy.length - 1000] ^= 0xff;
    fs.writeFileSync(corrupted, copy);
    let n = 0;
    assert.throws(() => { for (const _ of tf.train.summary_iterator(corrupted)) n++; },
      (e: Error) => e instanceof tf.errors.DataLossError && /corrupted record at \d+/.test(e.message));
    assert.equal(n, 2);
    assert.throws(() => [...tf.train.summary_iterator(path.join(dir, 'missing'))], tf.errors.NotFoundError);
  });
});

describe('tf.python_io TFRecord files', () => {
  after(cleanup);

  it('writes records an independent reader parses, and reads them back', () => {
    const file = path.join(tmpDir('tfrecord'), 'data.tfrecord');
    const w = new tf.python_io.TFRecordWriter(file);
    w.write('hello');
    w.write(new Uint8Array([0, 1, 2]));
    w.write('');
    w.close();
    assert.deepEqual(readRecords(file).map((b) => [...b]), [[...Buffer.from('hello')], [0, 1, 2], []]);
    assert.deepEqual([...tf.python_io.tf_record_iterator(file)].map((b) => [...b]), [[...Buffer.from('hello')], [0, 1, 2], []]);
    assert.throws(() => w.write('more'), /closed/);
  });

  it('GZIP and ZLIB compression round-trip; the file is a real gzip stream', () => {
    for (const type of ['GZIP', 'ZLIB'] as const) {
      const file = path.join(tmpDir('tfrecord'), `data.${type}`);
      const options = new tf.python_io.TFRecordOptions(type);
      const w = new tf.python_io.TFRecordWriter(file, options);
      for (let i = 0; i < 10; i++) w.write(`record ${i}`);
      w.close();
      const raw = fs.readFileSync(file);
      const plain = type === 'GZIP' ? zlib.gunzipSync(raw) : zlib.inflateSync(raw);
      assert.equal(plain.length, 10 * 16 + 10 * 8);
      assert.deepEqual([...tf.python_io.tf_record_iterator(file, options)].map((b) => Buffer.from(b).toString()), Array.from({ length: 10 }, (_, i) => `record ${i}`));
    }
    assert.throws(() => new tf.python_io.TFRecordOptions('LZ4' as 'GZIP'), /Unsupported compression type: LZ4/);
  });
});
