// The TF 1.x readers (io_ops.py, TF's reader_ops_test): each reader against files the test writes (and a
// TF-written TFRecord file), its node names and keys, read_up_to, the end of input, state and reset; the file
// ops; and a classic queue-based program: string_input_producer -> TextLineReader -> decode_csv -> batch.
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import * as tf from '../../../lib';
import { InvalidArgumentError, NotFoundError, OutOfRangeError, UnimplementedError } from '../../../lib/framework/errors';
import { cleanup, sharedFixtures, tmpDir } from '../train/helpers';

type Sess = InstanceType<typeof tf.Session>;

/** A FIFO queue of work units, filled and closed in `sess`. */
function workQueue(sess: Sess, items: readonly string[], close = true): tf.FIFOQueue {
  const q = tf.FIFOQueue(99, [tf.string], { shapes: [[]] });
  if (items.length) sess.run(q.enqueue_many([[...items]]));
  if (close) sess.run(q.close());
  return q;
}

/** Every (key, value) a read gives until OutOfRangeError, values as text. */
function readAll(sess: Sess, key: tf.Tensor, value: tf.Tensor): [string, string][] {
  const out: [string, string][] = [];
  for (;;) {
    try {
      const [k, v] = sess.run([key, value]);
      out.push([k.item() as string, v.item() as string]);
    } catch (e) {
      if (e instanceof OutOfRangeError) return out;
      throw e;
    }
    assert.ok(out.length < 1000, 'no end of input');
  }
}

const bytesOf = (v: tf.NDArray) => Buffer.from((v.data as Uint8Array[])[0]);

describe('tf readers (io_ops)', () => {
  let dir: string;
  beforeEach(() => { tf.reset_default_graph(); dir = tmpDir('readers'); });
  afterEach(cleanup);

  it('build TF\'s reader nodes and verbs: names, attrs, output dtypes and shapes', () => {
    const r = tf.TextLineReader();
    assert.equal(r.reader_ref.op.name, 'TextLineReaderV2');
    assert.equal(r.reader_ref.dtype, tf.resource);
    assert.deepEqual([...r.reader_ref.op.attrs.keys()].sort(), ['container', 'shared_name', 'skip_header_lines']);
    assert.equal(r.supports_serialize, false);
    const q = tf.FIFOQueue(4, [tf.string]);
    const [k, v] = r.read(q);
    assert.deepEqual([k.name, v.name, k.dtype, k.shape.toString()], ['ReaderReadV2:0', 'ReaderReadV2:1', tf.string, '()']);
    assert.deepEqual(k.op.inputs.map((t) => t.name), ['TextLineReaderV2:0', 'fifo_queue:0']);
    const [ks, vs] = r.read_up_to(q.queue_ref, 3);
    assert.deepEqual([ks.name, vs.name, ks.shape.toString()], ['ReaderReadUpToV2:0', 'ReaderReadUpToV2:1', '(?,)']);
    assert.deepEqual(ks.op.inputs.map((t) => t.name), ['TextLineReaderV2:0', 'fifo_queue:0', 'ReaderReadUpToV2/num_records:0']);
    assert.equal(ks.op.inputs[2].dtype, tf.int64);
    assert.deepEqual([r.num_records_produced().name, r.num_work_units_completed().name, r.serialize_state().name],
      ['ReaderNumRecordsProducedV2:0', 'ReaderNumWorkUnitsCompletedV2:0', 'ReaderSerializeStateV2:0']);
    assert.deepEqual([r.reset().name, r.restore_state('').name, r.read(q, { name: 'my_read' })[0].name],
      ['ReaderResetV2', 'ReaderRestoreStateV2', 'my_read:0']);
    assert.equal(r.num_records_produced().dtype, tf.int64);

    const f = tf.FixedLengthRecordReader(3, { header_bytes: 1, name: 'fixed' });
    assert.equal(f.reader_ref.op.name, 'fixed');
    assert.deepEqual(['header_bytes', 'record_bytes', 'footer_bytes', 'hop_bytes', 'encoding'].map((a) => f.reader_ref.op.attrs.get(a)),
      [{ i: 1 }, { i: 3 }, { i: 0 }, { i: 0 }, { s: '' }]);
    assert.equal(tf.TFRecordReader().reader_ref.op.name, 'TFRecordReaderV2');
    assert.deepEqual(tf.TFRecordReader({ options: tf.python_io.TFRecordOptions('GZIP') }).reader_ref.op.attrs.get('compression_type'), { s: 'GZIP' });
    assert.deepEqual([tf.WholeFileReader().reader_ref.op.name, tf.WholeFileReader().supports_serialize], ['WholeFileReaderV2', true]);
    assert.deepEqual([tf.IdentityReader().reader_ref.op.name, tf.IdentityReader().supports_serialize], ['IdentityReaderV2', true]);
    assert.throws(() => tf.TextLineReader(1.5), /Expected int for argument 'skip_header_lines' not 1.5\./);
  });

  it('TextLineReader: every line of each file once, keyed file:line from 1 (headers counted), CRLF stripped, then OutOfRangeError', () => {
    const a = path.join(dir, 'a.csv'), b = path.join(dir, 'b.csv'), c = path.join(dir, 'c.csv');
    fs.writeFileSync(a, 'x,y\n1,2\n3,4\r\n\n5,6');
    fs.writeFileSync(b, 'x,y\n7,8\n');
    fs.writeFileSync(c, 'x,y\n');
    const sess = new tf.Session();
    const r = tf.TextLineReader({ skip_header_lines: 1 });
    const [k, v] = r.read(workQueue(sess, [a, c, b]));
    assert.deepEqual(readAll(sess, k, v), [[`${a}:2`, '1,2'], [`${a}:3`, '3,4'], [`${a}:4`, ''], [`${a}:5`, '5,6'], [`${b}:2`, '7,8']]);
    assert.deepEqual(sess.run([r.num_records_produced(), r.num_work_units_completed()]).map((x) => x.item()), [5, 3]);
    // The end of input is the queue's own OutOfRangeError, at the read node.
    assert.throws(() => sess.run(k), (e: unknown) => e instanceof OutOfRangeError
      && /^FIFOQueue '_\d+_fifo_queue' is closed and has insufficient elements \(requested 1, current size 0\)\n\t \[\[.*ReaderReadV2/.test((e as Error).message));
  });

  it('read_up_to: up to n records, never past the end of the file that gave some; an empty call at the end is OutOfRangeError', () => {
    const a = path.join(dir, 'a.txt'), b = path.join(dir, 'b.txt');
    fs.writeFileSync(a, 'a1\na2\na3\n');
    fs.writeFileSync(b, 'b1\nb2\n');
    const sess = new tf.Session();
    const [ks, vs] = tf.TextLineReader().read_up_to(workQueue(sess, [a, b]), 2);
    const batches: string[][] = [];
    for (;;) {
      try { batches.push(sess.run(vs).toArray() as string[]); } catch (e) { assert.ok(e instanceof OutOfRangeError); break; }
    }
    assert.deepEqual(batches, [['a1', 'a2'], ['a3'], ['b1', 'b2']]);
    const [k2, v2] = tf.IdentityReader().read_up_to(workQueue(sess, ['p', 'q', 'r']), 5);
    // One record per work unit: each call ends at its unit.
    assert.deepEqual(sess.run([k2, v2]).map((x) => x.toArray()), [['p'], ['p']]);
    void ks;
  });

  it('TFRecordReader: keys file:byte offset of each record, as TF writes them; GZIP and ZLIB files; a corrupted record is DataLossError', () => {
    const plain = path.join(dir, 'r.tfrecord');
    const w = tf.python_io.TFRecordWriter(plain);
    for (const s of ['a', 'bcd', '']) w.write(s);
    w.close();
    const sess = new tf.Session();
    const [k, v] = tf.TFRecordReader().read(workQueue(sess, [plain]));
    // Each frame is 16 bytes plus its data.
    assert.deepEqual(readAll(sess, k, v), [[`${plain}:0`, 'a'], [`${plain}:17`, 'bcd'], [`${plain}:36`, '']]);
    for (const type of ['GZIP', 'ZLIB'] as const) {
      const file = path.join(dir, `r.${type}`);
      const cw = tf.python_io.TFRecordWriter(file, tf.python_io.TFRecordOptions(type));
      cw.write('x');
      cw.write('yz');
      cw.close();
      const reader = tf.TFRecordReader({ options: tf.python_io.TFRecordOptions(type) });
      const [ck, cv] = reader.read(workQueue(sess, [file]));
      // Offsets count the uncompressed stream.
      assert.deepEqual(readAll(sess, ck, cv), [[`${file}:0`, 'x'], [`${file}:17`, 'yz']]);
    }
    const bad = path.join(dir, 'bad.tfrecord');
    const bytes = fs.readFileSync(plain);
    bytes[17 + 12] ^= 0xff;
    fs.writeFileSync(bad, bytes);
    const [bk, bv] = tf.TFRecordReader().read(workQueue(sess, [bad]));
    assert.equal(sess.run(bv).item(), 'a');
    assert.throws(() => sess.run(bk), (e: unknown) => e instanceof tf.errors.DataLossError && e.message.startsWith(`corrupted record at 17 in ${bad}`));
  });

  it('TFRecordReader reads a TensorFlow-written TFRecord file (an event file) record for record as tf_record_iterator', () => {
    const events = path.join(sharedFixtures('tf-wild'), 'jackyko_tf07_events_cifar', fs.readdirSync(path.join(sharedFixtures('tf-wild'), 'jackyko_tf07_events_cifar')).find((f) => f.startsWith('events.'))!);
    const expected = [...tf.python_io.tf_record_iterator(events)];
    const sess = new tf.Session();
    const [ks, vs] = tf.TFRecordReader().read_up_to(workQueue(sess, [events]), 1000);
    const [keys, values] = sess.run([ks, vs]);
    assert.equal(expected.length, 3); // file_version, graph_def, one summary
    assert.equal(values.size, expected.length);
    (values.data as Uint8Array[]).forEach((v, i) => assert.deepEqual(Buffer.from(v), Buffer.from(expected[i])));
    // Each key's offset is the one after the frames before it.
    let offset = 0;
    (keys.toArray() as string[]).forEach((key, i) => {
      assert.equal(key, `${events}:${offset}`);
      offset += 16 + expected[i].length;
    });
    assert.equal(offset, fs.statSync(events).size);
  });

  it('FixedLengthRecordReader: header, records, footer and hop_bytes as TF; keys file:record number from 0; ZLIB and GZIP encodings', () => {
    const file = path.join(dir, 'f.bin');
    // header "HH", records of 3 bytes, footer "F".
    fs.writeFileSync(file, 'HHabcdefghiF');
    const sess = new tf.Session();
    const [k, v] = tf.FixedLengthRecordReader(3, { header_bytes: 2, footer_bytes: 1 }).read(workQueue(sess, [file, file]));
    assert.deepEqual(readAll(sess, k, v), [
      [`${file}:0`, 'abc'], [`${file}:1`, 'def'], [`${file}:2`, 'ghi'], [`${file}:0`, 'abc'], [`${file}:1`, 'def'], [`${file}:2`, 'ghi'],
    ]);
    // Overlapping windows: each record starts 2 bytes after the last; the last whole one (with the footer after it) ends the file.
    const [hk, hv] = tf.FixedLengthRecordReader(3, { header_bytes: 2, footer_bytes: 1, hop_bytes: 2 }).read(workQueue(sess, [file]));
    assert.deepEqual(readAll(sess, hk, hv).map(([, val]) => val), ['abc', 'cde', 'efg', 'ghi']);
    // A short tail (here "ij" before a 0-byte footer) is not a record.
    fs.writeFileSync(file, 'abcdefgij');
    const [sk, sv] = tf.FixedLengthRecordReader(4).read(workQueue(sess, [file]));
    assert.deepEqual(readAll(sess, sk, sv).map(([, val]) => val), ['abcd', 'efgi']);
    for (const [encoding, pack] of [['ZLIB', zlib.deflateSync], ['GZIP', zlib.gzipSync]] as const) {
      const z = path.join(dir, `f.${encoding}`);
      fs.writeFileSync(z, pack(Buffer.from('HHabcdefghiF')));
      const [zk, zv] = tf.FixedLengthRecordReader(3, { header_bytes: 2, footer_bytes: 1, encoding }).read(workQueue(sess, [z]));
      assert.deepEqual(readAll(sess, zk, zv).map(([, val]) => val), ['abc', 'def', 'ghi']);
    }
    const neg = tf.FixedLengthRecordReader(3, { hop_bytes: -1 });
    assert.throws(() => sess.run(neg.reader_ref), (e: unknown) => e instanceof InvalidArgumentError && e.message.startsWith('hop_bytes must be >= 0 not -1'));
  });

  it('WholeFileReader: each file once, keyed by its name, its bytes whole; a missing file is NotFoundError', () => {
    const a = path.join(dir, 'a.bin'), b = path.join(dir, 'b.bin');
    fs.writeFileSync(a, Buffer.from([0, 1, 2, 255]));
    fs.writeFileSync(b, '');
    const sess = new tf.Session();
    const r = tf.WholeFileReader();
    const [k, v] = r.read(workQueue(sess, [a, b]));
    const [k1, v1] = sess.run([k, v]);
    assert.deepEqual([k1.item(), [...bytesOf(v1)]], [a, [0, 1, 2, 255]]);
    const [k2, v2] = sess.run([k, v]);
    assert.deepEqual([k2.item(), bytesOf(v2).length], [b, 0]);
    assert.throws(() => sess.run(k), OutOfRangeError);
    assert.deepEqual(sess.run([r.num_records_produced(), r.num_work_units_completed()]).map((x) => x.item()), [2, 2]);
    const missing = path.join(dir, 'missing.bin');
    const [mk] = tf.WholeFileReader().read(workQueue(sess, [missing]));
    assert.throws(() => sess.run(mk), (e: unknown) => e instanceof NotFoundError && e.message.startsWith(`${missing}; No such file or directory`));
  });

  it('IdentityReader: each work unit as key and value; serialize_state and restore_state a ReaderBaseState; reset; errors as TF', () => {
    const sess = new tf.Session();
    const q = tf.FIFOQueue(99, [tf.string], { shapes: [[]] });
    sess.run(q.enqueue_many([['A', 'B', 'C', 'D']]));
    const r = tf.IdentityReader();
    const [k, v] = r.read(q);
    const produced = r.num_records_produced(), completed = r.num_work_units_completed();
    assert.deepEqual(sess.run([k, v]).map((x) => x.item()), ['A', 'A']);
    const state = sess.run(r.serialize_state());
    // work_started 1, work_finished 1, num_records_produced 1, current_work "A".
    assert.deepEqual([...bytesOf(state)], [0x08, 1, 0x10, 1, 0x18, 1, 0x22, 1, 0x41]);
    assert.equal(sess.run(k).item(), 'B');
    assert.deepEqual(sess.run([produced, completed]).map((x) => x.item()), [2, 2]);
    const statePh = tf.placeholder(tf.string, []);
    const restore = r.restore_state(statePh);
    sess.run(restore, new Map([[statePh, state]]));
    assert.deepEqual(sess.run([produced, completed]).map((x) => x.item()), [1, 1]);
    assert.equal(sess.run(k).item(), 'C');
    sess.run(r.reset());
    assert.deepEqual(sess.run([produced, completed]).map((x) => x.item()), [0, 0]);
    assert.throws(() => sess.run(restore, new Map([[statePh, NDArray1('BOGUS\n')]])), (e: unknown) => e instanceof InvalidArgumentError
      && e.message.startsWith("Could not parse state for IdentityReader 'IdentityReaderV2': BOGUS\\n"));
    // started 2 > finished 1: TF refuses it, and a failed restore leaves the reader reset.
    sess.run(k);
    assert.throws(() => sess.run(restore, new Map([[statePh, NDArray1(Buffer.from([0x08, 2, 0x10, 1]))]])), (e: unknown) => e instanceof InvalidArgumentError
      && e.message.startsWith("Inconsistent work started vs. finished when restoring in IdentityReader 'IdentityReaderV2': work_started: 2\nwork_finished: 1\n"));
    assert.deepEqual(sess.run([produced, completed]).map((x) => x.item()), [0, 0]);
    // Readers of files keep no serializable state, as TF's.
    const t = tf.TextLineReader();
    assert.throws(() => sess.run(t.serialize_state()), (e: unknown) => e instanceof UnimplementedError && e.message.startsWith('Reader SerializeState'));
    assert.throws(() => sess.run(t.restore_state(state.item() as string)), (e: unknown) => e instanceof UnimplementedError && e.message.startsWith('Reader RestoreState'));
  });

  it('a queue of other than single strings is refused as TF refuses it', () => {
    const sess = new tf.Session();
    const q = tf.FIFOQueue(9, [tf.int32]);
    sess.run(q.enqueue(1));
    const [k] = tf.IdentityReader().read(q);
    assert.throws(() => sess.run(k), (e: unknown) => e instanceof InvalidArgumentError && e.message.startsWith('Expected queue with single string component'));
  });

  it('tf.read_file, tf.write_file and tf.matching_files (sorted, for a pattern or a vector of them)', () => {
    const sess = new tf.Session();
    const out = path.join(dir, 'sub', 'w.txt');
    sess.run(tf.write_file(out, 'written'));
    assert.equal(fs.readFileSync(out, 'utf8'), 'written');
    const contents = tf.read_file(out);
    assert.equal(contents.op.name, 'ReadFile');
    assert.equal(sess.run(contents).item(), 'written');
    for (const n of ['b.csv', 'a.csv', 'c.txt']) fs.writeFileSync(path.join(dir, n), '');
    const m = tf.matching_files(path.join(dir, '*.csv'));
    assert.deepEqual([m.op.name, m.shape.toString()], ['MatchingFiles', '(?,)']);
    assert.deepEqual(sess.run(m).toArray(), [path.join(dir, 'a.csv'), path.join(dir, 'b.csv')]);
    assert.deepEqual(sess.run(tf.matching_files([path.join(dir, '*.txt'), path.join(dir, 'a.*')])).toArray(), [path.join(dir, 'a.csv'), path.join(dir, 'c.txt')]);
    assert.throws(() => sess.run(tf.read_file(path.join(dir, 'none'))), NotFoundError);
  });

  it('match_filenames_once: a local variable of the matching names (matching_filenames), read once when initialized', () => {
    for (const n of ['2.csv', '1.csv']) fs.writeFileSync(path.join(dir, n), '');
    const files = tf.train.match_filenames_once(path.join(dir, '*.csv'));
    assert.equal(files.op.name, 'matching_filenames');
    assert.equal(files.initial_value.op.name, 'matching_filenames/MatchingFiles');
    assert.deepEqual(tf.get_collection(tf.GraphKeys.LOCAL_VARIABLES), [files]);
    assert.deepEqual(tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES), []);
    const sess = new tf.Session();
    sess.run(tf.local_variables_initializer());
    fs.writeFileSync(path.join(dir, '3.csv'), '');
    assert.deepEqual(sess.run(files).toArray(), ['1.csv', '2.csv'].map((n) => path.join(dir, n)));
  });

  it('a classic input program: match_filenames_once -> string_input_producer -> TextLineReader -> decode_csv -> batch, trained under a Coordinator, reads every line once per epoch', () => {
    const rows: [number, number][] = [];
    for (let f = 0; f < 3; f++) {
      const lines = ['x,label'];
      for (let i = 0; i < 4; i++) {
        const x = f * 4 + i;
        rows.push([x, 2 * x + 1]);
        lines.push(`${x},${2 * x + 1}`);
      }
      fs.writeFileSync(path.join(dir, `part-${f}.csv`), `${lines.join('\n')}\n`);
    }
    const epochs = 2, batchSize = 4;
    const filenames = tf.train.match_filenames_once(path.join(dir, 'part-*.csv'));
    const queue = tf.train.string_input_producer(filenames, { num_epochs: epochs, shuffle: false });
    const reader = tf.TextLineReader({ skip_header_lines: 1 });
    const [, line] = reader.read(queue);
    const [x, label] = tf.decode_csv(line, [[0.0], [0.0]]);
    const [xs, labels] = tf.train.batch([x, label], batchSize) as tf.Tensor[];
    assert.deepEqual([xs.name, xs.shape.toString()], ['batch:0', '(4,)']);
    const w = tf.Variable(0.0, { name: 'w' }), b = tf.Variable(0.0, { name: 'b' });
    const loss = tf.reduce_mean(tf.square(tf.add(tf.multiply(w, xs), b).sub(labels)));
    const train = tf.train.GradientDescentOptimizer(0.01).minimize(loss);
    const sess = new tf.Session();
    sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()]);
    const coord = new tf.train.Coordinator();
    const threads = tf.train.start_queue_runners({ sess, coord });
    const seen: number[] = [];
    let steps = 0;
    try {
      while (!coord.should_stop()) {
        const [, batchX, batchLabel] = sess.run([train, xs, labels]);
        const bx = batchX!.toArray() as number[];
        (batchLabel!.toArray() as number[]).forEach((l, i) => assert.equal(l, 2 * bx[i] + 1));
        seen.push(...bx);
        steps++;
      }
    } catch (e) {
      if (!(e instanceof OutOfRangeError)) throw e;
    } finally {
      coord.request_stop();
    }
    coord.join(threads);
    // Every line of every file, once per epoch, in file order (the files sorted by match_filenames_once).
    assert.deepEqual(seen, [...rows.map((r) => r[0]), ...rows.map((r) => r[0])]);
    assert.equal(steps, (rows.length * epochs) / batchSize);
    assert.deepEqual(sess.run([reader.num_records_produced(), reader.num_work_units_completed()]).map((v) => v.item()), [24, 6]);
    assert.ok((sess.run(w).item() as number) > 0, 'the weight moved towards 2');
  });
});

function NDArray1(v: string | Uint8Array): tf.NDArray {
  return tf.NDArray.fromStrings([v], []);
}
