// TF Python's message classes at the top of tf (tf.GraphDef, tf.Summary, tf.Event ...): construction from fields,
// nested classes and enum values, the wire form both ways, Python's message methods, and the idioms that use them:
// a frozen graph loaded through tf.GraphDef().ParseFromString, and a hand-built tf.Summary given to add_summary.
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '../../../lib';
import { EventCodec, GraphDefCodec, MetaGraphDefCodec, SummaryCodec } from '../../../lib/proto';
import { cleanup, sharedFixtures, tmpDir } from './helpers';

describe('protocol buffer message classes (tf.GraphDef, tf.Summary, tf.Event ...)', () => {
  after(cleanup);

  it('the frozen-graph idiom: GraphDef().ParseFromString(GFile(path, "rb").read()), then import_graph_def', () => {
    const file = path.join(sharedFixtures('tf-wild'), 'daizhen_tf08_v1_freeze_graph', 'output_graph.pb');
    tf.reset_default_graph();
    const gd = tf.GraphDef();
    const read = gd.ParseFromString(tf.gfile.GFile(file, 'rb').read());
    assert.equal(read, fs.statSync(file).size);
    assert.deepEqual(gd.node.map((n) => `${n.name}:${n.op}`), ['variable_node:Const', 'variable_node/read:Identity', 'output_node/y:Const', 'output_node:Mul']);
    assert.ok(gd.node[0] instanceof tf.NodeDef);
    tf.import_graph_def(gd, { name: '' });
    const out = tf.get_default_graph().get_tensor_by_name('output_node:0');
    const y = new tf.Session().run(tf.get_default_graph().get_tensor_by_name('output_node/y:0')).item() as number;
    assert.equal(new tf.Session().run(out).item(), 1.0 * y);
    // The bytes round-trip as TF wrote them.
    assert.deepEqual(Buffer.from(gd.SerializeToString()), fs.readFileSync(file));
    assert.deepEqual(tf.GraphDef.FromString(gd.SerializeToString()).node.length, 4);
    assert.throws(() => gd.ParseFromString('text'), { name: 'TypeError', message: /takes bytes .*'rb' mode/ });
    assert.throws(() => gd.ParseFromString(new Uint8Array([0xff, 0xff, 0xff])), { name: 'ValueError', message: /Error parsing message of type tensorflow.GraphDef/ });
  });

  it('tf.Summary({value: [tf.Summary.Value({tag, simple_value})]}) goes to FileWriter.add_summary', () => {
    const dir = tmpDir('messages');
    const writer = new tf.summary.FileWriter(dir);
    const summary = tf.Summary({ value: [tf.Summary.Value({ tag: 'loss', simple_value: 0.5 })] });
    summary.value.add({ tag: 'accuracy', simple_value: 0.25 });
    writer.add_summary(summary, 3);
    writer.add_summary(summary.SerializeToString(), 4);
    writer.add_session_log(tf.SessionLog({ status: tf.SessionLog.START }), 5);
    writer.close();
    const events = [...tf.train.summary_iterator(path.join(dir, fs.readdirSync(dir)[0]))];
    const values = events.filter((e) => e.summary).map((e) => [e.step, e.summary!.value!.map((v) => [v.tag, v.simple_value])]);
    assert.deepEqual(values, [[3, [['loss', 0.5], ['accuracy', 0.25]]], [4, [['loss', 0.5], ['accuracy', 0.25]]]]);
    assert.deepEqual(events.filter((e) => e.session_log).map((e) => [e.step, e.session_log!.status]), [[5, 1]]);
  });

  it('fields, nested classes and enum values as Python has them', () => {
    assert.equal(tf.SessionLog.START, 1);
    assert.equal(tf.SessionLog.CHECKPOINT, 3);
    assert.deepEqual(tf.SessionLog.SessionStatus, { STATUS_UNSPECIFIED: 0, START: 1, STOP: 2, CHECKPOINT: 3 });
    assert.equal(tf.LogMessage.WARN, 30);
    assert.equal(tf.Summary.Value, tf.Summary.Value);
    assert.equal(tf.Summary.full_name, 'tensorflow.Summary');
    const log = new tf.SessionLog({ status: tf.SessionLog.STOP, msg: 'done' });
    assert.equal(log.status, 2);
    const image = tf.Summary.Image({ height: 2, width: 3, colorspace: 3, encoded_image_string: new TextEncoder().encode('png') });
    const v = tf.Summary.Value({ tag: 'img', image });
    assert.equal(v.WhichOneof('value'), 'image');
    assert.ok(v.HasField('image') && !v.HasField('histo'));
    assert.deepEqual(Array.from(v.image!.encoded_image_string!), [112, 110, 103]);
    const histo = tf.HistogramProto({ min: -1, max: 2, num: 3, sum: 1, sum_squares: 6, bucket_limit: [0, 2], bucket: [1, 2] });
    const event = tf.Event({ wall_time: 10.5, step: 7, summary: { value: [{ tag: 'h', histo }] } });
    assert.ok(event.summary!.value![0] instanceof tf.Summary.Value);
    assert.equal(event.WhichOneof('what'), 'summary');
    assert.deepEqual(event.ListFields().map(([n]) => n), ['wall_time', 'step', 'summary']);
    assert.throws(() => tf.Summary.Value({ tagg: 'x' } as never), { name: 'ValueError', message: 'Protocol message Value has no "tagg" field.' });
    assert.throws(() => event.HasField('step'), { name: 'ValueError', message: /has no non-repeated submessage field "step"/ });
    const meta = tf.SummaryMetadata({ plugin_data: tf.SummaryMetadata.PluginData({ plugin_name: 'scalars' }), display_name: 'd' });
    assert.equal(meta.plugin_data!.plugin_name, 'scalars');
  });

  it('the wire form is the codecs\', both ways; Merge, Copy and Clear as Python\'s', () => {
    const event = tf.Event({ wall_time: 1.25, step: 2, summary: { value: [{ tag: 'a', simple_value: 1 }] } });
    const bytes = event.SerializeToString();
    assert.deepEqual(EventCodec.decode(bytes), EventCodec.decode(EventCodec.encode({ wall_time: 1.25, step: 2, summary: { value: [{ tag: 'a', simple_value: 1 }] } })));
    assert.equal(event.ByteSize(), bytes.length);
    const summary = tf.Summary.FromString(SummaryCodec.encode({ value: [{ tag: 'x', simple_value: 2 }] }));
    summary.MergeFromString(SummaryCodec.encode({ value: [{ tag: 'y', simple_value: 3 }] }));
    assert.deepEqual(summary.value.map((x) => x.tag), ['x', 'y']);
    const copy = tf.Summary();
    copy.CopyFrom(summary);
    assert.deepEqual(copy.value.map((x) => x.simple_value), [2, 3]);
    copy.MergeFrom(summary);
    assert.equal(copy.value.length, 4);
    assert.throws(() => copy.CopyFrom(event), { name: 'TypeError', message: /must be instance of same class/ });
    copy.Clear();
    assert.equal(copy.value.length, 0);
    assert.equal(copy.SerializeToString().length, 0);
    assert.equal(String(tf.Summary.Value({ tag: 'loss', simple_value: 0.5 })), 'tag: "loss"\nsimple_value: 0.5\n');
  });

  it('a NodeDef and a GraphDef built by hand import as a graph; MetaGraphDef parses export_meta_graph\'s bytes', () => {
    tf.reset_default_graph();
    const node = tf.NodeDef({ name: 'c', op: 'Const', attr: {
      dtype: { type: tf.float32.as_datatype_enum },
      value: { tensor: { dtype: tf.float32.as_datatype_enum, tensor_shape: {}, float_val: [4] } },
    } });
    const gd = tf.GraphDef({ node: [node], versions: { producer: 27 } });
    assert.equal(GraphDefCodec.decode(gd.SerializeToString()).node![0].name, 'c');
    const [c] = tf.import_graph_def(gd, { name: 'g', return_elements: ['c:0'] }) as tf.Tensor[];
    assert.equal(new tf.Session().run(c).item(), 4);
    const meta = tf.MetaGraphDef();
    meta.ParseFromString(MetaGraphDefCodec.encode(tf.train.export_meta_graph()));
    assert.ok(meta.graph_def!.node!.some((n) => n.name === 'g/c'));
  });
});
