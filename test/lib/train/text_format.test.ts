import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '../../../lib';
import { GraphDef, GraphDefCodec, MetaGraphDef, MetaGraphDefCodec } from '../../../lib/proto';
import { TextFormatParseError, looksLikeTextFormat, messageToString, parseMessage } from '../../../lib/train/text_format';
import { cleanup, sharedFixtures, tmpDir } from './helpers';

const wild = (rel: string) => path.join(sharedFixtures('tf-wild'), rel);

describe('protobuf text format for any message (graph.pbtxt, text .meta)', () => {
  beforeEach(() => tf.reset_default_graph());
  after(cleanup);

  it('parses nested messages, maps, enums, bytes, repeated lists and both bracket styles', () => {
    const text = [
      'node { name: "c" op: "Const"',
      '  attr { key: "dtype" value { type: DT_FLOAT } }',
      '  attr { key: "value" value: < tensor { dtype: DT_FLOAT tensor_shape { dim { size: 2 } } tensor_content: "\\000\\000\\300?\\000\\000\\000@" } > }',
      '  attr { key: "l" value { list { i: [1, -2, 0x10] f: [inf, -1.5e3, 2f] b: [true, False] } } }',
      '}',
      'node { name: "d", op: "Identity"; input: ["c", "^c"] }',
      'versions { producer: 21 bad_consumers: 3 }',
    ].join('\n');
    const def = parseMessage<GraphDef>('tensorflow.GraphDef', text);
    assert.equal(def.node!.length, 2);
    assert.equal(def.node![0].attr!.dtype.type, tf.float32.as_datatype_enum);
    assert.deepEqual([...def.node![0].attr!.value.tensor!.tensor_content!], [0, 0, 0xc0, 0x3f, 0, 0, 0, 0x40]);
    assert.deepEqual(def.node![0].attr!.l.list!.i, [1, -2, 16]);
    assert.deepEqual(def.node![0].attr!.l.list!.f, [Infinity, -1500, 2]);
    assert.deepEqual(def.node![0].attr!.l.list!.b, [true, false]);
    assert.deepEqual(def.node![1].input, ['c', '^c']);
    assert.deepEqual(def.versions, { producer: 21, bad_consumers: [3] });
    // The same message as the binary decoder gives, and the writer's text parses back to it.
    assert.deepEqual(def, GraphDefCodec.decode(GraphDefCodec.encode(def)));
    assert.deepEqual(parseMessage<GraphDef>('tensorflow.GraphDef', messageToString('tensorflow.GraphDef', def)), def);
  });

  it('reads an expanded Any as type_url and encoded value', () => {
    const meta = parseMessage<MetaGraphDef>('tensorflow.MetaGraphDef', 'collection_def { key: "k" value { any_list { value { [type.googleapis.com/tensorflow.AssetFileDef] { filename: "foo.txt" } } } } }');
    const any = meta.collection_def!.k.any_list!.value![0];
    assert.equal(any.type_url, 'type.googleapis.com/tensorflow.AssetFileDef');
    assert.deepEqual([...any.value!], [0x12, 7, ...Buffer.from('foo.txt')]);
  });

  it('names line, column and field of what is wrong', () => {
    const bad: [string, RegExp][] = [
      ['node { nme: "x" }', /^1:8 : Message type "tensorflow.NodeDef" has no field named "nme"\.$/],
      ['node { name: "x"', /Expected "}"/],
      ['node { attr { key: "T" value { type: DT_BOGUS } } }', /Enum type "tensorflow.DataType" has no value named DT_BOGUS/],
      ['versions { producer: "x" }', /1:22 : Expected an integer/],
      ['versions { producer: 1.5 }', /Expected an integer, got 1.5/],
      ['node { name "x" }', /Expected ":"/],
      ['node { attr { key: "T" value { b: maybe } } }', /Expected "true" or "false", got maybe/],
    ];
    for (const [text, re] of bad) assert.throws(() => parseMessage('tensorflow.GraphDef', text), (e: unknown) => e instanceof TextFormatParseError && re.test((e as Error).message), text);
  });

  it('tells text from binary by the bytes', () => {
    assert.ok(looksLikeTextFormat(Buffer.from('# comment\nnode {\n')));
    assert.ok(looksLikeTextFormat(Buffer.from('versions: { producer: 1 }')));
    assert.ok(!looksLikeTextFormat(GraphDefCodec.encode({ node: [{ name: 'a', op: 'NoOp' }] })));
    assert.ok(!looksLikeTextFormat(Buffer.from('hello world')));
  });

  it('reads TF 1.0\'s write_graph output in both formats to the same graph, which runs to c = a*b = 30', () => {
    const binary = tf.train.read_graph_def(wild('fazibear_tf10_write_graph/graph.pb'));
    const text = tf.train.read_graph_def(wild('fazibear_tf10_write_graph/graph.pbtxt'));
    assert.deepEqual(text, binary);
    for (const def of [binary, fs.readFileSync(wild('fazibear_tf10_write_graph/graph.pbtxt'))]) {
      tf.reset_default_graph();
      const [c, a, b] = tf.import_graph_def(def, { name: '', return_elements: ['c:0', 'a/Assign', 'b/Assign'] });
      const sess = new tf.Session();
      sess.run([a as tf.Operation, b as tf.Operation]);
      assert.equal(sess.run(c as tf.Tensor).toArray(), 30);
    }
  });

  it('reads a text GraphDef named .pb (TF 0.8\'s freeze_graph input)', () => {
    const def = tf.train.read_graph_def(wild('daizhen_tf08_v1_freeze_graph/input_graph.pb'));
    assert.equal(def.node!.length, 22);
    assert.equal(def.versions!.producer, 8);
    assert.ok(def.node!.some((n) => n.op === 'SaveSlices'));
  });

  it('says which format it tried when a file is neither', () => {
    const dir = tmpDir('text');
    fs.writeFileSync(`${dir}/g.pbtxt`, 'node { name: "a" op: "NoOp" bogus: 1 }');
    assert.throws(() => tf.train.read_graph_def(`${dir}/g.pbtxt`), /g\.pbtxt is not a text-format GraphDef: 1:29 : Message type "tensorflow.NodeDef" has no field named "bogus"/);
    fs.writeFileSync(`${dir}/m.meta`, 'meta_info_def { tags: 3 }');
    assert.throws(() => tf.train.import_meta_graph(`${dir}/m.meta`), /Cannot parse file .*m\.meta as a text-format MetaGraphDef: 1:23 : Expected string/);
  });

  it('export_meta_graph({as_text: true}) writes text that import_meta_graph reads back', () => {
    const v = tf.Variable(tf.constant([1.5, -2]), { name: 'v' });
    tf.identity(v, { name: 'out' });
    const file = path.join(tmpDir('text'), 'model.meta');
    const meta = tf.train.export_meta_graph(file, { as_text: true });
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(text.startsWith('meta_info_def {\n  tensorflow_version: "1.15.0"\n'), text.slice(0, 80));
    assert.match(text, /collection_def {\n  key: "trainable_variables"\n  value {\n    bytes_list {\n      value: "\\n\\003v:0/);
    assert.deepEqual(parseMessage<MetaGraphDef>('tensorflow.MetaGraphDef', text), MetaGraphDefCodec.decode(MetaGraphDefCodec.encode(meta)));
    tf.reset_default_graph();
    tf.train.import_meta_graph(file);
    assert.equal(tf.global_variables()[0].name, 'v:0');
    const sess = new tf.Session();
    sess.run(tf.global_variables_initializer());
    assert.deepEqual(sess.run(tf.get_default_graph().get_tensor_by_name('out:0')).toArray(), [1.5, -2]);
  });
});
