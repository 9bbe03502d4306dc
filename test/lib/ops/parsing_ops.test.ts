import assert from 'node:assert/strict';
import * as path from 'path';
import * as tf from '../../../lib';
import * as zlib from 'zlib';
import { DataLossError, InvalidArgumentError, OutOfRangeError } from '../../../lib/framework/errors';
import { ExampleCodec, Feature, GraphDef, TensorProtoCodec } from '../../../lib/proto';
import { messageToString, parseMessage } from '../../../lib/train/text_format';
import { cleanup, sharedFixtures, tmpDir } from '../train/helpers';

const example = (feature: Record<string, Feature>) => ExampleCodec.encode({ features: { feature } });
const floats = (...value: number[]): Feature => ({ float_list: { value } });
const invalid = (re: RegExp) => (e: unknown) => e instanceof InvalidArgumentError && re.test((e as Error).message);

describe('parsing and sparse ops: ParseExample, ParseSingleExample, StringToNumber, SparseToDense; Gather and Concat of old graphs', () => {
  beforeEach(() => tf.reset_default_graph());

  it('parse_example: dense features of serialized tf.train.Examples, defaults, TF\'s errors', () => {
    const serialized = tf.placeholder(tf.string, [null], 'examples');
    const parsed = tf.parse_example(serialized, {
      x: new tf.FixedLenFeature([2], tf.float32),
      id: new tf.FixedLenFeature([], tf.int64, 7),
      tag: new tf.FixedLenFeature([], tf.string, 'none'),
    });
    assert.deepEqual(parsed.x.shape.as_list(), [null, 2]);
    assert.equal(parsed.x.op.type, 'ParseExample');
    const sess = new tf.Session();
    const batch = tf.NDArray.fromStrings([
      example({ x: floats(1, 2), id: { int64_list: { value: [3] } }, tag: { bytes_list: { value: [Buffer.from('a')] } } }),
      example({ x: floats(-1.5, 4) }),
    ]);
    const [x, id, tag] = sess.run([parsed.x, parsed.id, parsed.tag], new Map([[serialized, batch]])) as tf.NDArray[];
    assert.deepEqual(x.toArray(), [[1, 2], [-1.5, 4]]);
    assert.deepEqual(id.toArray(), [3, 7]);
    assert.deepEqual(tag.toArray(), ['a', 'none']);
    const run = (...examples: Uint8Array[]) => sess.run(parsed.x, new Map([[serialized, tf.NDArray.fromStrings(examples)]]));
    assert.throws(() => run(example({})), invalid(/^Name: <unknown>, Feature: x \(data type: float\) is required but could not be found\./));
    assert.throws(() => run(example({ x: floats(1, 2) }), example({ x: floats(1) })), invalid(/^Name: <unknown>, Key: x, Index: 1\.  Number of float values != expected\.  Values size: 1 but output shape: \[2\]/));
    assert.throws(() => run(example({ x: { int64_list: { value: [1, 2] } } })), invalid(/^Name: <unknown>, Key: x, Index: 0\.  Data types don't match\. Data type: int64 but expected type: float/));
    assert.throws(() => run(Uint8Array.of(0xff, 0xff)), invalid(/^Could not parse example input, value: '/));
    // A feature of no kind counts as absent: the default fills in.
    assert.deepEqual((sess.run(parsed.id, new Map([[serialized, tf.NDArray.fromStrings([example({ x: floats(0, 0), id: {} })])]])) as tf.NDArray).toArray(), [7]);
    const names = tf.parse_example(serialized, { x: tf.FixedLenFeature([2], tf.float32) }, { example_names: ['first', 'second'] });
    assert.throws(() => sess.run(names.x as tf.Tensor, new Map([[serialized, tf.NDArray.fromStrings([example({ x: floats(1, 2) }), example({})])]])),
      invalid(/^Name: second, Feature: x \(data type: float\) is required/));
  });

  it('parse_example builds the nodes TF 1.15 builds: defaults in ParseExample/, the op and its key inputs in ParseExample/ParseExample/', () => {
    const serialized = tf.placeholder(tf.string, [null]);
    const parsed = tf.parse_example(serialized, {
      b: tf.FixedLenFeature([], tf.int64, 7), a: tf.FixedLenFeature([2], tf.float32), 'c d': tf.VarLenFeature(tf.string),
      s: tf.FixedLenSequenceFeature([], tf.float32, true, -1),
    });
    const ops = tf.get_default_graph().get_operations().map((o) => `${o.name}:${o.type}`).filter((n) => n.startsWith('ParseExample'));
    assert.deepEqual(ops, [
      'ParseExample/Const:Const', 'ParseExample/key_b:Const', 'ParseExample/Reshape/shape:Const', 'ParseExample/Reshape:Reshape',
      'ParseExample/padding_s:Const', 'ParseExample/Reshape_1/shape:Const', 'ParseExample/Reshape_1:Reshape',
      'ParseExample/ParseExample/names:Const', 'ParseExample/ParseExample/sparse_keys_0:Const', 'ParseExample/ParseExample/dense_keys_0:Const',
      'ParseExample/ParseExample/dense_keys_1:Const', 'ParseExample/ParseExample/dense_keys_2:Const', 'ParseExample/ParseExample:ParseExample',
    ]);
    // Typed by the features: a Tensor per FixedLenFeature, a SparseTensor per VarLenFeature.
    const op = parsed.a.op;
    assert.deepEqual(op.attrs.get('Nsparse'), { i: 1 });
    assert.deepEqual((op.attrs.get('dense_shapes') as { list: { shape: tf.TensorShape[] } }).list.shape.map(String), ['(2,)', '()', '(?,)']);
    assert.deepEqual((parsed.s as tf.Tensor).shape.as_list(), [null, null]);
    assert.ok(parsed['c d'] instanceof tf.SparseTensor);
    assert.deepEqual(parsed['c d'].indices.shape.as_list(), [null, 2]);
    assert.equal(parsed['c d'].values.name, 'ParseExample/ParseExample:1');
  });

  it('parse_example: VarLenFeature SparseTensors, FixedLenSequenceFeature padding, SparseFeature, as TF\'s docs show them', () => {
    const serialized = tf.placeholder(tf.string, [null]);
    const parsed = tf.parse_example(serialized, {
      kw: tf.VarLenFeature(tf.string), dank: tf.VarLenFeature(tf.int64), gps: tf.VarLenFeature(tf.float32),
      ft: tf.FixedLenSequenceFeature([], tf.float32, { allow_missing: true, default_value: -1 }),
      pairs: tf.FixedLenSequenceFeature([2], tf.int64, true),
      sparse: tf.SparseFeature('ix', 'val', tf.float32, 100),
    });
    const sess = new tf.Session();
    const batch = tf.NDArray.fromStrings([
      example({ kw: { bytes_list: { value: [Buffer.from('knit'), Buffer.from('big')] } }, gps: { float_list: { value: [] } }, ft: floats(1, 2), pairs: { int64_list: { value: [1, 2, 3, 4] } }, val: floats(0.5, -1), ix: { int64_list: { value: [20, 3] } } }),
      example({ kw: { bytes_list: { value: [Buffer.from('emmy')] } }, dank: { int64_list: { value: [42] } }, gps: {}, val: floats(0), ix: { int64_list: { value: [42] } } }),
      example({ ft: floats(3) }),
    ]);
    const r = sess.run(parsed, new Map([[serialized, batch]])) as Record<string, tf.SparseTensorValue | tf.NDArray>;
    const kw = r.kw as tf.SparseTensorValue, dank = r.dank as tf.SparseTensorValue, gps = r.gps as tf.SparseTensorValue, sp = r.sparse as tf.SparseTensorValue;
    assert.deepEqual([kw.indices.toArray(), kw.values.toArray(), kw.dense_shape.toArray()], [[[0, 0], [0, 1], [1, 0]], ['knit', 'big', 'emmy'], [3, 2]]);
    assert.deepEqual([dank.indices.toArray(), dank.values.toArray(), dank.dense_shape.toArray()], [[[1, 0]], [42], [3, 1]]);
    assert.deepEqual([gps.indices.shape, gps.values.shape, gps.dense_shape.toArray()], [[0, 2], [0], [3, 0]]);
    assert.deepEqual((r.ft as tf.NDArray).toArray(), [[1, 2], [-1, -1], [3, -1]]);
    assert.deepEqual((r.pairs as tf.NDArray).toArray(), [[[1, 2], [3, 4]], [[0, 0], [0, 0]], [[0, 0], [0, 0]]]);
    // SparseFeature: the index feature's values become the second index, sorted.
    assert.deepEqual([sp.indices.toArray(), sp.values.toArray(), sp.dense_shape.toArray()], [[[0, 3], [0, 20], [1, 42]], [-1, 0.5, 0], [3, 100]]);
    const run = (...e: Uint8Array[]) => sess.run(parsed, new Map([[serialized, tf.NDArray.fromStrings(e)]]));
    assert.throws(() => run(example({ pairs: { int64_list: { value: [1, 2, 3] } } })),
      invalid(/^Name: <unknown>, Key: pairs, Index: 0\.  Number of int64 values is not a multiple of stride length\. Saw 3 values but output shape is: \[\?,2\]/));
    assert.throws(() => run(example({ dank: floats(1) })), invalid(/^Name: <unknown>, Key: dank, Index: 0\.  Data types don't match\. Expected type: int64, Actual type: float/));
  });

  it('parse_example refuses features as TF\'s _ParseOpParams does', () => {
    const s = tf.placeholder(tf.string, [null]);
    assert.throws(() => tf.parse_example(s, { features: {} }), /^ValueError: Missing: features was \{\}\./);
    assert.throws(() => tf.parse_example(s, { a: tf.FixedLenFeature([null, 2], tf.float32) }), /First dimension of shape for feature a unknown\. Consider using FixedLenSequenceFeature\./);
    assert.throws(() => tf.parse_example(s, { a: tf.FixedLenFeature([2, null], tf.float32) }), /All dimensions of shape for feature a need to be known but received \[2, None\]\./);
    assert.throws(() => tf.parse_example(s, { a: tf.FixedLenSequenceFeature([], tf.float32) }), /Unsupported: FixedLenSequenceFeature requires allow_missing to be True\./);
    assert.throws(() => tf.parse_example(s, { a: tf.VarLenFeature(tf.int64), b: tf.SparseFeature('a', 'v', tf.float32, 3), c: tf.FixedLenFeature([], tf.float32, 0), v: tf.FixedLenFeature([], tf.float32) }),
      /Dense and sparse keys must not intersect; intersection: \{'v'\}/);
    assert.throws(() => tf.parse_example(s, { a: tf.VarLenFeature(tf.float32), b: tf.SparseFeature('a', 'v', tf.float32, 3) }), /Conflicting type tf\.float32 vs tf\.int64 for feature a\./);
    assert.throws(() => tf.parse_example(s, { a: tf.VarLenFeature(tf.int32) }), (e: Error) => e instanceof TypeError && /attr 'sparse_types' of int32 is not in the list of allowed values: float, int64, string/.test(e.message));
    assert.throws(() => tf.parse_example(s, { a: 3 as unknown as tf.FeatureConfig }), /Unsupported int 3\./);
  });

  it('parse_single_example: a ParseSingleExample op (TF 1.15\'s), its outputs unbatched, its errors', () => {
    const one = tf.placeholder(tf.string, []);
    const f = {
      x: tf.FixedLenFeature([2], tf.float32), id: tf.FixedLenFeature([], tf.int64, 7), tags: tf.VarLenFeature(tf.string),
      seq: tf.FixedLenSequenceFeature([2], tf.int64, true),
    };
    const parsed = tf.parse_single_example(one, f);
    const op = parsed.x.op;
    assert.equal(op.name, 'ParseSingleExample/ParseSingleExample');
    assert.equal(op.type, 'ParseSingleExample');
    assert.deepEqual(op.attrs.get('dense_keys'), { list: { s: ['id', 'seq', 'x'] } });
    assert.deepEqual(op.inputs.map((t) => t.op.name), ['Placeholder', 'ParseSingleExample/key_id', 'ParseSingleExample/Const', 'ParseSingleExample/Const_1'].map((n, i) => (i === 1 ? 'ParseSingleExample/Reshape' : n)));
    assert.deepEqual((parsed.x as tf.Tensor).shape.as_list(), [2]);
    assert.deepEqual((parsed.seq as tf.Tensor).shape.as_list(), [null, 2]);
    assert.deepEqual(parsed.tags.indices.shape.as_list(), [null, 1]);
    const sess = new tf.Session();
    const run = (e: Uint8Array) => sess.run(parsed, new Map([[one, tf.NDArray.fromStrings([e], [])]])) as Record<string, tf.NDArray | tf.SparseTensorValue>;
    const r = run(example({ x: floats(1, 2), tags: { bytes_list: { value: [Buffer.from('a'), Buffer.from('b')] } }, seq: { int64_list: { value: [1, 2, 3, 4] } } }));
    assert.deepEqual([(r.x as tf.NDArray).toArray(), (r.id as tf.NDArray).toArray(), (r.seq as tf.NDArray).toArray()], [[1, 2], 7, [[1, 2], [3, 4]]]);
    const tags = r.tags as tf.SparseTensorValue;
    assert.deepEqual([tags.indices.toArray(), tags.values.toArray(), tags.dense_shape.toArray()], [[[0], [1]], ['a', 'b'], [2]]);
    const missing = run(example({ x: floats(0, 0) }));
    assert.deepEqual([(missing.seq as tf.NDArray).shape, (missing.tags as tf.SparseTensorValue).indices.shape], [[0, 2], [0, 1]]);
    assert.throws(() => run(example({})), invalid(/^Feature: x \(data type: float\) is required but could not be found\./));
    assert.throws(() => run(example({ x: floats(1) })), invalid(/^Key: x\.  Can't parse serialized Example\./));
    assert.throws(() => run(example({ x: floats(1, 2), seq: { int64_list: { value: [1] } } })), invalid(/^Key: seq\.  Can't parse serialized Example\./));
    assert.throws(() => run(example({ x: { bytes_list: { value: [] } } })), invalid(/^Key: x\.  Data types don't match\. Data type: string but expected type: float/));
    assert.throws(() => run(example({ x: floats(1, 2), tags: floats(1) })), invalid(/^Key: tags\.  Data types don't match\. Expected type: string, Actual type: float/));
    assert.throws(() => tf.parse_single_example(tf.placeholder(tf.string, [2]), f), /Shape must be rank 0 but is rank 1/);
    assert.throws(() => tf.parse_single_example(one, { features: {} }), /^ValueError: Missing features\./);
  });

  it('parse_single_example with example_names: ParseExample of the expanded scalar, squeezed and sliced as TF builds it', () => {
    const one = tf.placeholder(tf.string, []);
    const parsed = tf.parse_single_example(one, { x: tf.FixedLenFeature([2], tf.float32), tags: tf.VarLenFeature(tf.int64) }, { example_names: 'rec7' });
    assert.equal((parsed.x as tf.Tensor).op.name, 'ParseSingleExample/Squeeze_x');
    const tags = parsed.tags as tf.SparseTensor;
    assert.deepEqual([tags.indices.op.name, tags.values.op.name, tags.dense_shape.op.name], ['ParseSingleExample/Slice_Indices_tags', 'ParseSingleExample/ParseExample/ParseExample', 'ParseSingleExample/Squeeze_Shape_tags']);
    const sess = new tf.Session();
    const feed = (e: Uint8Array) => new Map([[one, tf.NDArray.fromStrings([e], [])]]);
    const r = sess.run(parsed, feed(example({ x: floats(3, 4), tags: { int64_list: { value: [9, 8, 7] } } }))) as Record<string, tf.NDArray | tf.SparseTensorValue>;
    assert.deepEqual((r.x as tf.NDArray).toArray(), [3, 4]);
    const t = r.tags as tf.SparseTensorValue;
    assert.deepEqual([t.indices.toArray(), t.values.toArray(), t.dense_shape.toArray()], [[[0], [1], [2]], [9, 8, 7], [3]]);
    assert.throws(() => sess.run(parsed.x as tf.Tensor, feed(example({}))), invalid(/^Name: rec7, Feature: x \(data type: float\) is required/));
    assert.throws(() => tf.parse_single_example(tf.placeholder(tf.string, [1]), { x: tf.VarLenFeature(tf.int64) }, { example_names: 'n' }), /^ValueError: Input serialized must be a scalar/);
  });

  it('a classic input pipeline: tf.train.Examples written with TFRecordWriter, read by TFRecordDataset and TFRecordReader, parsed and batched', () => {
    const dir = tmpDir('parse-pipeline');
    try {
      const file = path.join(dir, 'train.tfrecord');
      const writer = tf.python_io.TFRecordWriter(file);
      for (let i = 0; i < 5; i++) {
        writer.write(tf.train.Example({
          features: tf.train.Features({
            feature: {
              label: tf.train.Feature({ int64_list: tf.train.Int64List({ value: [i % 2] }) }),
              pixels: tf.train.Feature({ float_list: tf.train.FloatList({ value: [i, i + 0.5] }) }),
              words: tf.train.Feature({ bytes_list: tf.train.BytesList({ value: Array.from({ length: i }, (_, j) => `w${j}`) }) }),
            },
          }),
        }).SerializeToString());
      }
      writer.close();
      const spec = { label: tf.FixedLenFeature([], tf.int64), pixels: tf.FixedLenFeature([2], tf.float32) };
      const ds = tf.data.TFRecordDataset(file).map((record: tf.Tensor) => tf.parse_single_example(record, spec) as Record<string, tf.Tensor>).batch(2);
      const next = ds.make_one_shot_iterator().get_next() as Record<string, tf.Tensor>;
      assert.deepEqual(next.pixels.shape.as_list(), [null, 2]);
      const sess = new tf.Session();
      const first = sess.run(next) as Record<string, tf.NDArray>;
      assert.deepEqual([first.label.toArray(), first.pixels.toArray()], [[0, 1], [[0, 0.5], [1, 1.5]]]);
      sess.run(next);
      assert.deepEqual((sess.run(next.label) as tf.NDArray).toArray(), [0]);
      assert.throws(() => sess.run(next.label), OutOfRangeError);

      // A VarLenFeature through the dataset: a variant component of the map (SerializeSparse), batched, and a
      // SparseTensor again after get_next (DeserializeSparse), with the batch as its first index.
      const sparseDs = tf.data.TFRecordDataset(file).map((record: tf.Tensor) => tf.parse_single_example(record, { words: tf.VarLenFeature(tf.string), label: spec.label })).batch(3);
      assert.deepEqual(sparseDs.output_types, { label: tf.int64, words: tf.string });
      assert.deepEqual(String((sparseDs.output_shapes as Record<string, tf.TensorShape>).words), '(?, ?)');
      const sparseNext = sparseDs.make_one_shot_iterator().get_next() as { words: tf.SparseTensor; label: tf.Tensor };
      assert.ok(sparseNext.words instanceof tf.SparseTensor);
      assert.equal(sparseNext.words.indices.op.type, 'DeserializeSparse');
      assert.deepEqual(sparseNext.words.indices.shape.as_list(), [null, 2]);
      const b1 = sess.run(sparseNext) as { words: tf.SparseTensorValue; label: tf.NDArray };
      assert.deepEqual([b1.label.toArray(), b1.words.indices.toArray(), b1.words.values.toArray(), b1.words.dense_shape.toArray()],
        [[0, 1, 0], [[1, 0], [2, 0], [2, 1]], ['w0', 'w0', 'w1'], [3, 2]]);
      const b2 = sess.run(sparseNext.words) as tf.SparseTensorValue;
      assert.deepEqual([b2.indices.toArray(), b2.dense_shape.toArray()], [[[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2], [1, 3]], [2, 4]]);
      assert.throws(() => sparseDs.padded_batch({ batch_size: 2, padded_shapes: { words: [null], label: [] } }), /Batching of padded sparse tensors is not currently supported/);

      // Queue-based: string_input_producer -> TFRecordReader -> parse_single_example (with a VarLenFeature).
      const queue = tf.train.string_input_producer([file], { num_epochs: 1, shuffle: false });
      const [, value] = tf.TFRecordReader().read(queue);
      const parsed = tf.parse_single_example(value, { ...spec, words: tf.VarLenFeature(tf.string) });
      sess.run(tf.local_variables_initializer());
      const coord = new tf.train.Coordinator();
      const threads = tf.train.start_queue_runners({ sess, coord });
      const words: string[][] = [];
      for (let i = 0; i < 5; i++) words.push(((sess.run(parsed.words) as tf.SparseTensorValue).values.toArray() as string[]));
      coord.request_stop();
      coord.join(threads);
      assert.deepEqual(words, [[], ['w0'], ['w0', 'w1'], ['w0', 'w1', 'w2'], ['w0', 'w1', 'w2', 'w3']]);
    } finally {
      cleanup();
    }
  });

  it('runs the regress signature of TF 1.0\'s half_plus_three on serialized examples', () => {
    const sess = new tf.Session();
    const meta = tf.saved_model.loader.load(sess, ['serve'], path.join(sharedFixtures('tf-wild'), 'tfserving_saved_model_half_plus_three/00000123'));
    const sig = meta.signature_def!['tensorflow/serving/regress'];
    const out = sess.run(sig.outputs!.outputs.name!, { [sig.inputs!.inputs.name!]: tf.NDArray.fromStrings([example({ x: floats(1) }), example({ x: floats(5) })]) }) as tf.NDArray;
    assert.deepEqual(out.toArray(), [[3.5], [5.5]]);
  });

  it('parse_single_sequence_example: the context and feature lists of a tf.train.SequenceExample, as TF 1.15\'s op parses them', () => {
    const one = tf.placeholder(tf.string, []);
    const [context, lists] = tf.parse_single_sequence_example(one, {
      context_features: { length: tf.FixedLenFeature([], tf.int64), lang: tf.FixedLenFeature([], tf.string, 'en'), ids: tf.VarLenFeature(tf.int64) },
      sequence_features: { tokens: tf.FixedLenSequenceFeature([], tf.int64), vecs: tf.FixedLenSequenceFeature([2], tf.float32, true), tags: tf.VarLenFeature(tf.string) },
    });
    const op = (context.length as tf.Tensor).op;
    assert.deepEqual([op.type, op.name], ['ParseSingleSequenceExample', 'ParseSingleSequenceExample/ParseSingleSequenceExample']);
    assert.deepEqual(op.inputs[1].op.name, 'ParseSingleSequenceExample/ParseSingleSequenceExample/feature_list_dense_missing_assumed_empty');
    assert.deepEqual([(lists.tokens as tf.Tensor).shape.as_list(), (lists.vecs as tf.Tensor).shape.as_list()], [[null], [null, 2]]);
    assert.deepEqual([(context.ids as tf.SparseTensor).indices.shape.as_list(), (lists.tags as tf.SparseTensor).indices.shape.as_list()], [[null, 1], [null, 2]]);
    const seq = (fields: tf.train.SequenceExampleInit) => tf.train.SequenceExample(fields).SerializeToString();
    const good = seq({
      context: { feature: { length: { int64_list: { value: [3] } }, ids: { int64_list: { value: [4, 5] } } } },
      feature_lists: {
        feature_list: {
          tokens: { feature: [{ int64_list: { value: [7] } }, { int64_list: { value: [8] } }, { int64_list: { value: [9] } }] },
          tags: { feature: [{ bytes_list: { value: ['a'] } }, { bytes_list: { value: [] } }, { bytes_list: { value: ['b', 'c'] } }] },
        },
      },
    });
    const sess = new tf.Session();
    const feed = (b: Uint8Array) => new Map([[one, tf.NDArray.fromStrings([b], [])]]);
    const [c, l] = sess.run([context, lists], feed(good)) as [Record<string, tf.NDArray | tf.SparseTensorValue>, Record<string, tf.NDArray | tf.SparseTensorValue>];
    assert.deepEqual([(c.length as tf.NDArray).toArray(), (c.lang as tf.NDArray).toArray(), (c.ids as tf.SparseTensorValue).indices.toArray()], [3, 'en', [[0], [1]]]);
    assert.deepEqual((l.tokens as tf.NDArray).toArray(), [7, 8, 9]);
    assert.deepEqual((l.vecs as tf.NDArray).shape, [0, 2]);
    const tags = l.tags as tf.SparseTensorValue;
    assert.deepEqual([tags.indices.toArray(), tags.values.toArray(), tags.dense_shape.toArray()], [[[0, 0], [2, 0], [2, 1]], ['a', 'b', 'c'], [3, 2]]);
    const run = (b: Uint8Array) => sess.run(context.length as tf.Tensor, feed(b));
    assert.throws(() => run(seq({ feature_lists: { feature_list: { tokens: { feature: [] } } } })), invalid(/^Name: <unknown>, Context feature 'length' is required but could not be found\./));
    assert.throws(() => run(seq({ context: { feature: { length: { int64_list: { value: [1] } } } } })),
      invalid(/^Name: <unknown>, Feature list 'tokens' is required but could not be found\.  Did you mean to include it in feature_list_dense_missing_assumed_empty or feature_list_dense_defaults\?/));
    assert.throws(() => run(seq({ context: { feature: { length: { float_list: { value: [1] } } } }, feature_lists: { feature_list: { tokens: { feature: [] } } } })),
      invalid(/^Name: <unknown>, Context feature: length\.  Data types don't match\. Expected type: int64  Feature is: float_list \{\n  value: 1\n\}/));
    assert.throws(() => run(seq({ context: { feature: { length: { int64_list: { value: [1] } } } }, feature_lists: { feature_list: { tokens: { feature: [{ int64_list: { value: [1, 2] } }] } } } })),
      invalid(/^Name: <unknown>, Key: tokens, Index: 0\.  Number of int64 values != expected\.  values size: 2 but output shape: \[\]/));
    assert.throws(() => tf.parse_single_sequence_example(one, { sequence_features: { t: tf.FixedLenSequenceFeature([], tf.int64, true, 0) } }), /Value feature_list\.dense_defaults\[t\] must be None/);
    assert.throws(() => tf.parse_single_sequence_example(one, { context_features: { t: tf.FixedLenSequenceFeature([], tf.int64, true) } }), /^ValueError: Unsupported FixedLenSequenceFeature/);
    assert.throws(() => tf.parse_single_sequence_example(one), /^ValueError: Missing features\./);
  });

  it('serialize_tensor writes the TensorProto TF writes; parse_tensor reads it back, and protos with typed value lists', () => {
    const sess = new tf.Session();
    const one = tf.serialize_tensor(tf.constant(1, { dtype: tf.int32 }));
    assert.deepEqual([one.op.type, one.op.name, one.dtype, one.shape.as_list()], ['SerializeTensor', 'SerializeTensor', tf.string, []]);
    // dtype DT_INT32 (3), an empty shape, the value's 4 bytes as tensor_content: b'\x08\x03\x12\x00"\x04\x01\x00\x00\x00'.
    assert.equal(Buffer.from((sess.run(one) as tf.NDArray).data[0] as Uint8Array).toString('hex'), '08031200220401000000');
    const m = tf.constant([[1.5, -2], [3, 4]], { dtype: tf.float32 });
    const back = tf.io.parse_tensor(tf.io.serialize_tensor(m), tf.float32);
    assert.equal(back.shape.ndims, null);
    assert.deepEqual((sess.run(back) as tf.NDArray).toArray(), [[1.5, -2], [3, 4]]);
    assert.deepEqual((sess.run(tf.parse_tensor(tf.serialize_tensor(tf.constant(['a', 'bc'])), tf.string)) as tf.NDArray).toArray(), ['a', 'bc']);
    assert.deepEqual((sess.run(tf.parse_tensor(tf.serialize_tensor(tf.constant([true, false])), tf.bool)) as tf.NDArray).toArray(), [true, false]);
    const typed = TensorProtoCodec.encode({ dtype: 9, tensor_shape: { dim: [{ size: 3 }] }, int64_val: [5, -6, 7] });
    assert.deepEqual((sess.run(tf.parse_tensor(tf.NDArray.fromStrings([typed], []), tf.int64)) as tf.NDArray).toArray(), [5, -6, 7]);
    assert.throws(() => sess.run(tf.parse_tensor(tf.serialize_tensor(m), tf.int32)), invalid(/^Type mismatch between parsed tensor \(float\) and dtype \(int32\)/));
    assert.throws(() => sess.run(tf.parse_tensor(['x'], tf.int32)), invalid(/^Expected `serialized` to be a scalar, got shape: \[1\]/));
    assert.throws(() => sess.run(tf.parse_tensor(tf.NDArray.fromStrings([Uint8Array.of(0x0a)], []), tf.int32)), invalid(/^Could not parse `serialized` as TensorProto/));
  });

  it('serialize_sparse, serialize_many_sparse, deserialize_many_sparse: SparseTensors as their parts\' TensorProtos', () => {
    const sp = tf.SparseTensor([[0, 1], [2, 0]], tf.constant([1.5, 2], { dtype: tf.float32 }), [3, 4]);
    const serialized = tf.io.serialize_sparse(sp);
    assert.deepEqual([serialized.op.type, serialized.dtype, serialized.shape.as_list()], ['SerializeSparse', tf.string, [3]]);
    const sess = new tf.Session();
    const parts = [tf.parse_tensor(tf.gather(serialized, 0), tf.int64), tf.parse_tensor(tf.gather(serialized, 1), tf.float32), tf.parse_tensor(tf.gather(serialized, 2), tf.int64)];
    assert.deepEqual((sess.run(parts) as tf.NDArray[]).map((p) => p.toArray()), [[[0, 1], [2, 0]], [1.5, 2], [3, 4]]);
    assert.throws(() => tf.serialize_sparse(sp, { out_type: tf.int32 }), /attr 'out_type' of int32 is not in the list of allowed values: string, variant/);
    // serialize_many_sparse splits the first dimension; deserialize_many_sparse joins them again.
    const many = tf.io.serialize_many_sparse(sp);
    assert.deepEqual(many.shape.as_list(), [null, 3]);
    const rows = sess.run(many) as tf.NDArray;
    assert.deepEqual(rows.shape, [3, 3]);
    const back = tf.io.deserialize_many_sparse(tf.constant(rows), tf.float32, { rank: 2 });
    assert.deepEqual(back.indices.shape.as_list(), [null, 2]);
    const v = sess.run(back) as tf.SparseTensorValue;
    assert.deepEqual([v.indices.toArray(), v.values.toArray(), v.dense_shape.toArray()], [[[0, 1], [2, 0]], [1.5, 2], [3, 4]]);
    assert.throws(() => sess.run(tf.io.deserialize_many_sparse(tf.constant(rows), tf.int64)), invalid(/^Requested SparseTensor of type int64 but SparseTensor\[0\]\.values\.dtype\(\) == float/));
    assert.throws(() => sess.run(tf.serialize_many_sparse(tf.SparseTensor([[1]], [1], [2]))), invalid(/^Rank of input SparseTensor should be > 1, but saw rank: 1/));
  });

  it('decode_json_example turns protobuf JSON Examples into binary ones; decode_compressed inflates ZLIB and GZIP strings', () => {
    const sess = new tf.Session();
    const json = JSON.stringify({ features: { feature: { x: { floatList: { value: [1.5] } }, id: { int64List: { value: ['42'] } }, s: { bytes_list: { value: [Buffer.from('hi').toString('base64')] } } } } });
    const binary = tf.io.decode_json_example([json]);
    assert.equal(binary.op.type, 'DecodeJSONExample');
    const parsed = tf.parse_example(binary, { x: tf.FixedLenFeature([], tf.float32), id: tf.FixedLenFeature([], tf.int64), s: tf.FixedLenFeature([], tf.string) });
    const r = sess.run(parsed) as Record<string, tf.NDArray>;
    assert.deepEqual([r.x.toArray(), r.id.toArray(), r.s.toArray()], [[1.5], [42], ['hi']]);
    assert.throws(() => sess.run(tf.io.decode_json_example(['{"features": 3}'])), invalid(/^Error while parsing JSON: features must be an object/));
    assert.throws(() => sess.run(tf.io.decode_json_example(['{"feature": {}}'])), invalid(/^Error while parsing JSON: Message type "tensorflow.Example" has no field named "feature"\./));
    const text = Buffer.from('scopeflow scopeflow scopeflow');
    const both = tf.io.decode_compressed(tf.NDArray.fromStrings([zlib.gzipSync(text)]), { compression_type: 'GZIP' });
    assert.equal(Buffer.from((sess.run(both) as tf.NDArray).data[0] as Uint8Array).toString(), text.toString());
    assert.equal((sess.run(tf.io.decode_compressed(tf.NDArray.fromStrings([zlib.deflateSync(text)]), { compression_type: 'ZLIB' })) as tf.NDArray).strings[0], text.toString());
    assert.throws(() => sess.run(tf.io.decode_compressed(['plain'], { compression_type: 'GZIP' })), (e: Error) => e instanceof DataLossError);
    assert.throws(() => sess.run(tf.io.decode_compressed(['plain'], { compression_type: 'LZ4' })), invalid(/^Only ZLIB, GZIP or NONE are supported compressions/));
  });

  it('tf.io holds TF 1.15\'s aliases: the parse functions and features, TFRecord files, file ops, queues, gfile', () => {
    assert.equal(tf.io.parse_example, tf.parse_example);
    assert.equal(tf.io.parse_single_example, tf.parse_single_example);
    assert.equal(tf.io.parse_single_sequence_example, tf.parse_single_sequence_example);
    assert.equal(tf.io.VarLenFeature, tf.VarLenFeature);
    assert.equal(tf.io.FixedLenFeature, tf.FixedLenFeature);
    assert.equal(tf.io.decode_raw, tf.decode_raw);
    assert.equal(tf.io.decode_csv, tf.decode_csv);
    assert.equal(tf.io.read_file, tf.read_file);
    assert.equal(tf.io.matching_files, tf.matching_files);
    assert.equal(tf.io.match_filenames_once, tf.train.match_filenames_once);
    assert.equal(tf.io.TFRecordWriter, tf.python_io.TFRecordWriter);
    assert.equal(tf.io.tf_record_iterator, tf.python_io.tf_record_iterator);
    assert.equal(tf.io.gfile.Exists, tf.gfile.Exists);
    assert.equal(tf.io.RandomShuffleQueue, tf.RandomShuffleQueue);
    assert.equal(tf.io.write_graph, tf.train.write_graph);
    assert.equal(tf.io.serialize_sparse, tf.serialize_sparse);
    assert.equal(tf.io.deserialize_many_sparse, tf.deserialize_many_sparse);
  });

  it('string_to_number as TF parses numbers', () => {
    const sess = new tf.Session();
    assert.deepEqual(sess.run(tf.string_to_number(['1.5', ' -2e3 ', 'inf', '.5'])).toArray(), [1.5, -2000, Infinity, 0.5]);
    const ints = tf.string_to_number(['7', '-12'], { out_type: tf.int32 });
    assert.equal(ints.dtype, tf.int32);
    assert.deepEqual(sess.run(ints).toArray(), [7, -12]);
    assert.throws(() => sess.run(tf.string_to_number(['1.5'], { out_type: tf.int32 })), invalid(/StringToNumberOp could not correctly convert string: 1\.5/));
    assert.throws(() => sess.run(tf.string_to_number(['12abc'])), invalid(/could not correctly convert string: 12abc/));
    assert.throws(() => sess.run(tf.string_to_number(['3000000000'], { out_type: tf.int32 })), invalid(/could not correctly convert/));
  });

  it('sparse_to_dense with matrix, vector and scalar indices, checked as TF checks them', () => {
    const sess = new tf.Session();
    assert.deepEqual(sess.run(tf.sparse_to_dense([[0, 1], [2, 0]], [3, 2], [5, 6])).toArray(), [[0, 5], [0, 0], [6, 0]]);
    assert.deepEqual(sess.run(tf.sparse_to_dense([1, 3], [4], 1.5, { default_value: -1 })).toArray(), [-1, 1.5, -1, 1.5]);
    assert.deepEqual(sess.run(tf.sparse_to_dense(2, [3], 9)).toArray(), [0, 0, 9]);
    const d = tf.sparse_to_dense([[0, 0]], [2, 3], [1]);
    assert.deepEqual(d.shape.as_list(), [2, 3]);
    assert.throws(() => sess.run(tf.sparse_to_dense([[0, 3]], [2, 3], [1])), invalid(/indices\[0\] = \[0,3\] is out of bounds: need 0 <= index < \[2,3\]/));
    assert.throws(() => sess.run(tf.sparse_to_dense([[1, 0], [0, 0]], [2, 3], [1, 2])), invalid(/indices\[1\] = \[0,0\] is out of order/));
    assert.throws(() => sess.run(tf.sparse_to_dense([[1, 0], [1, 0]], [2, 3], [1, 2])), invalid(/indices\[1\] = \[1,0\] is repeated/));
    assert.deepEqual(sess.run(tf.sparse_to_dense([[1, 0], [0, 0]], [2, 2], [1, 2], 0, { validate_indices: false })).toArray(), [[2, 0], [1, 0]]);
  });

  it('imports, runs and differentiates the Gather and Concat of old graphs (axis first, no axis input)', () => {
    const def = parseMessage<GraphDef>('tensorflow.GraphDef', `
      node { name: "p" op: "Const" attr { key: "dtype" value { type: DT_FLOAT } } attr { key: "value" value { tensor { dtype: DT_FLOAT tensor_shape { dim { size: 3 } dim { size: 2 } } float_val: [1, 2, 3, 4, 5, 6] } } } }
      node { name: "i" op: "Const" attr { key: "dtype" value { type: DT_INT32 } } attr { key: "value" value { tensor { dtype: DT_INT32 tensor_shape { dim { size: 2 } } int_val: [2, 0] } } } }
      node { name: "axis" op: "Const" attr { key: "dtype" value { type: DT_INT32 } } attr { key: "value" value { tensor { dtype: DT_INT32 int_val: 1 } } } }
      node { name: "g" op: "Gather" input: ["p", "i"] attr { key: "Tparams" value { type: DT_FLOAT } } attr { key: "Tindices" value { type: DT_INT32 } } }
      node { name: "c" op: "Concat" input: ["axis", "g", "g"] attr { key: "N" value { i: 2 } } attr { key: "T" value { type: DT_FLOAT } } }
      versions { producer: 9 }`);
    const [g, c, p] = tf.import_graph_def(def, { name: '', return_elements: ['g:0', 'c:0', 'p:0'] }) as tf.Tensor[];
    assert.deepEqual(g.shape.as_list(), [2, 2]);
    assert.deepEqual(c.shape.as_list(), [2, 4]);
    const sess = new tf.Session();
    assert.deepEqual(sess.run(c).toArray(), [[5, 6, 5, 6], [1, 2, 1, 2]]);
    const [dp] = (tf.gradients(tf.reduce_sum(tf.multiply(c, tf.constant([[1, 2, 3, 4], [5, 6, 7, 8]], { dtype: tf.float32 }))), [p]) as tf.Tensor[]);
    assert.deepEqual(sess.run(tf.convert_to_tensor(dp!)).toArray(), [[12, 14], [0, 0], [4, 6]]);
    const bad = parseMessage<GraphDef>('tensorflow.GraphDef', def.node!.slice(0, 2).map((n) => messageToString('tensorflow.NodeDef', n)).map((t) => `node { ${t} }`).join('\n')
      + ' node { name: "bad" op: "Gather" input: ["i", "i"] attr { key: "Tparams" value { type: DT_INT32 } } attr { key: "Tindices" value { type: DT_INT32 } } }');
    const [badGather] = tf.import_graph_def(bad, { name: 'b', return_elements: ['bad:0'] }) as tf.Tensor[];
    assert.throws(() => sess.run(badGather), invalid(/indices\[0\] = 2 is not in \[0, 2\)/));
  });
});
