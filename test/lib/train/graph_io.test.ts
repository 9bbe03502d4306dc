import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as tf from '../../../lib';
import { cleanup, tmpDir } from './helpers';

describe('graphs as files: as_graph_def, write_graph, import_graph_def', () => {
  beforeEach(() => tf.reset_default_graph());
  after(cleanup);

  it('writes the text format TensorFlow writes', () => {
    const a = tf.constant([1.5, 2], { name: 'a' });
    tf.identity(a, { name: 'b' });
    const file = tf.train.write_graph(tf.get_default_graph(), tmpDir('graph'), 'g.pbtxt');
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(text.startsWith('node {\n  name: "a"\n  op: "Const"\n  attr {\n    key: "dtype"\n    value {\n      type: DT_FLOAT\n    }\n  }\n'), text.slice(0, 300));
    assert.match(text, /tensor_shape {\n {10}dim {\n {12}size: 2\n {10}}\n {8}}\n {8}tensor_content: "\\000\\000\\300\?\\000\\000\\000@"\n/);
    assert.match(text, /node {\n  name: "b"\n  op: "Identity"\n  input: "a"\n/);
    assert.match(text, /versions {\n  producer: 27\n}\n$/);
  });

  it('round-trips a binary GraphDef into another graph under a name scope, and runs it', () => {
    const x = tf.placeholder(tf.float32, [null, 2], 'x');
    tf.matmul(x, tf.constant([[1], [2]], { dtype: tf.float32 }), { name: 'y' });
    const file = tf.train.write_graph(new tf.Session().graph_def, tmpDir('graph'), 'g.pb', { as_text: false });
    const def = tf.train.read_graph_def(file);
    assert.deepEqual(def.node!.map((n) => n.name), ['x', 'Const', 'y']);
    const g = new tf.Graph();
    g.as_default(() => {
      const [xi, yi] = tf.import_graph_def(def, { return_elements: ['x:0', 'y:0'] }) as tf.Tensor[];
      assert.equal(yi.name, 'import/y:0');
      assert.deepEqual(tf.Session((s) => s.run(yi, new Map([[xi, [[3, 4]]]]))).toArray(), [[11]]);
      assert.throws(() => tf.import_graph_def(def, { return_elements: ['nope'] }), /Requested return_element 'nope' not found in graph_def\./);
      assert.equal(g.as_graph_def().node!.length, 6);
    });
  });

  it('refuses a file that is not a GraphDef', () => {
    const dir = tmpDir('graph');
    fs.writeFileSync(`${dir}/bad.pb`, Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f]));
    assert.throws(() => tf.train.read_graph_def(`${dir}/bad.pb`), /bad\.pb is not a binary GraphDef: /);
  });
});
