import assert from 'node:assert/strict';
import * as path from 'path';
import * as tf from '../../../lib';
import { InvalidArgumentError } from '../../../lib/framework/errors';
import { ExampleCodec, Feature, GraphDef } from '../../../lib/proto';
import { messageToString, parseMessage } from '../../../lib/train/text_format';
import { sharedFixtures } from '../train/helpers';

const example = (feature: Record<string, Feature>) => ExampleCodec.encode({ features: { feature } });
const floats = (...value: number[]): Feature => ({ float_list: { value } });
const invalid = (re: RegExp) => (e: unknown) => e instanceof InvalidArgumentError && re.test((e as Error).message);

describe('parsing and sparse ops: ParseExample, StringToNumber, SparseToDense; Gather and Concat of old graphs', () => {
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
    assert.throws(() => run(example({})), invalid(/Name: <unknown>, Feature: x \(data type: float\) is required but could not be found\./));
    assert.throws(() => run(example({ x: floats(1) })), invalid(/Key: x, Index: 0\.  Number of float values != expected\.  Values size: 1 but output shape: \[2\]/));
    assert.throws(() => run(example({ x: { int64_list: { value: [1, 2] } } })), invalid(/Feature: x\.  Data types don't match\. Data type: int64 but expected type: float/));
    assert.throws(() => run(Uint8Array.of(0xff, 0xff)), invalid(/Could not parse example input/));
  });

  it('runs the regress signature of TF 1.0\'s half_plus_three on serialized examples', () => {
    const sess = new tf.Session();
    const meta = tf.saved_model.loader.load(sess, ['serve'], path.join(sharedFixtures('tf-wild'), 'tfserving_saved_model_half_plus_three/00000123'));
    const sig = meta.signature_def!['tensorflow/serving/regress'];
    const out = sess.run(sig.outputs!.outputs.name!, { [sig.inputs!.inputs.name!]: tf.NDArray.fromStrings([example({ x: floats(1) }), example({ x: floats(5) })]) }) as tf.NDArray;
    assert.deepEqual(out.toArray(), [[3.5], [5.5]]);
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
