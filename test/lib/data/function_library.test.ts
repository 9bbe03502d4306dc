/**
 * The functions tf.data's ops call (map, filter, flat_map) travel in the GraphDef's function library, as TF
 * writes it: exported as FunctionDefs whose node inputs name outputs `node:arg:index`, and read back from
 * ours and from a GraphDef written the way TF writes one.
 */
import assert from 'node:assert/strict';
import * as path from 'path';
import * as tf from '../../../lib';
import { parseMessage } from '../../../lib/train/text_format';
import { GraphDef, GraphDefCodec } from '../../../lib/proto';
import { cleanup, tmpDir } from '../train/helpers';

/** Runs `t` until OutOfRangeError: every element, as JS arrays. */
function drain(sess: tf.Session, t: tf.Tensor): unknown[] {
  const out: unknown[] = [];
  for (;;) {
    try {
      out.push(sess.run(t).toArray());
    } catch (e) {
      if (e instanceof tf.errors.OutOfRangeError) return out;
      throw e;
    }
  }
}

/** A pipeline with a map, a filter and a flat_map; the tensor its iterator yields. */
function pipeline(): tf.Tensor {
  const ds = tf.data.Dataset.from_tensor_slices([1, 2, 3, 4, 5, 6]).map((x: tf.Tensor) => tf.multiply(x, 10))
    .filter((x: tf.Tensor) => tf.greater(x, 20)).flat_map((x: tf.Tensor) => tf.data.Dataset.from_tensors(x).repeat(2)).batch(2);
  return ds.make_one_shot_iterator().get_next() as tf.Tensor;
}
const EXPECTED = [[30, 30], [40, 40], [50, 50], [60, 60]];

describe('tf.data function library (FunctionDefLibrary)', () => {
  beforeEach(() => tf.reset_default_graph());
  after(cleanup);

  it('exports each traced function as a FunctionDef with TF\'s argument and output naming', () => {
    pipeline();
    const gd = tf.get_default_graph().as_graph_def();
    const fns = gd.library?.function ?? [];
    assert.deepEqual(fns.map((f) => f.signature?.name?.replace(/_\d+$/, '')), ['__inference_Dataset_map_lambda', '__inference_Dataset_filter_lambda', '__inference_Dataset_flat_map_lambda']);
    const map = fns.find((f) => f.signature?.name?.includes('_map_'))!;
    assert.deepEqual(map.signature?.input_arg, [{ name: 'args_0', type: tf.float32.as_datatype_enum }]);
    const mul = map.node_def!.find((n) => n.op === 'Mul')!;
    assert.deepEqual(mul.input, ['args_0', 'Mul/y:output:0']);
    assert.deepEqual(Object.values(map.ret!), ['Mul:z:0']);
    assert.match(map.signature!.output_arg![0].name!, /^[a-z][a-z0-9_]*$/);
    const flat = fns.find((f) => f.signature?.name?.includes('flat_map'))!;
    assert.deepEqual(flat.node_def!.find((n) => n.op === 'RepeatDataset')!.input, ['TensorDataset:handle:0', 'count:output:0']);
    // The MapDataset node names its function; dataset nodes carry only the attrs TF's OpDefs declare.
    const mapNode = gd.node!.find((n) => n.op === 'MapDataset')!;
    assert.equal(mapNode.attr!.f.func?.name, map.signature!.name);
    const slices = gd.node!.find((n) => n.op === 'TensorSliceDataset')!;
    assert.deepEqual(Object.keys(slices.attr!).sort(), ['Toutput_types', 'output_shapes']);
  });

  it('a graph imported from our GraphDef and from our meta graph file runs the same pipeline', () => {
    const next = pipeline();
    const gd = tf.get_default_graph().as_graph_def();
    const file = path.join(tmpDir('fnlib'), 'pipeline.meta');
    tf.train.export_meta_graph(file);

    const g1 = new tf.Graph();
    g1.as_default(() => {
      tf.import_graph_def(GraphDefCodec.decode(GraphDefCodec.encode(gd)), { name: 'imported' });
      assert.deepEqual(drain(tf.Session({ graph: g1 }), g1.get_tensor_by_name(`imported/${next.name}`)), EXPECTED);
    });
    const g2 = new tf.Graph();
    g2.as_default(() => {
      tf.train.import_meta_graph(file);
      assert.deepEqual(drain(tf.Session({ graph: g2 }), g2.get_tensor_by_name(next.name)), EXPECTED);
    });
  });

  it('reads a FunctionDef as TF writes it: outputs of multi-output ops by arg name, and list args by count', () => {
    // A map over rows of 4 values: split into halves (`split:output:1`), top_k of the second half
    // (`TopKV2:indices:0`), and the row's sum.
    const text = `
      node { name: "tensors/component_0" op: "Const"
        attr { key: "dtype" value { type: DT_FLOAT } }
        attr { key: "value" value { tensor { dtype: DT_FLOAT tensor_shape { dim { size: 2 } dim { size: 4 } } tensor_content: "\\000\\000\\200?\\000\\000\\000@\\000\\000@@\\000\\000\\200@\\000\\000\\240@\\000\\000\\000A\\000\\000\\340@\\000\\000\\300@" } } } }
      node { name: "TensorSliceDataset" op: "TensorSliceDataset" input: "tensors/component_0"
        attr { key: "Toutput_types" value { list { type: DT_FLOAT } } }
        attr { key: "output_shapes" value { list { shape { dim { size: 4 } } } } } }
      node { name: "MapDataset" op: "MapDataset" input: "TensorSliceDataset"
        attr { key: "Targuments" value { list { } } }
        attr { key: "f" value { func { name: "__inference_Dataset_map_halves_7" } } }
        attr { key: "output_shapes" value { list { shape { dim { size: 2 } } shape { } } } }
        attr { key: "output_types" value { list { type: DT_INT32 type: DT_FLOAT } } } }
      node { name: "OneShotIterator" op: "OneShotIterator" input: "MapDataset"
        attr { key: "output_shapes" value { list { shape { dim { size: 2 } } shape { } } } }
        attr { key: "output_types" value { list { type: DT_INT32 type: DT_FLOAT } } } }
      node { name: "IteratorGetNext" op: "IteratorGetNext" input: "OneShotIterator"
        attr { key: "output_shapes" value { list { shape { dim { size: 2 } } shape { } } } }
        attr { key: "output_types" value { list { type: DT_INT32 type: DT_FLOAT } } } }
      library {
        function {
          signature { name: "__inference_Dataset_map_halves_7"
            input_arg { name: "arg0" type: DT_FLOAT }
            output_arg { name: "topkv2_o1" type: DT_INT32 }
            output_arg { name: "sum" type: DT_FLOAT } }
          node_def { name: "split/split_dim" op: "Const"
            attr { key: "dtype" value { type: DT_INT32 } }
            attr { key: "value" value { tensor { dtype: DT_INT32 tensor_shape { } int_val: 0 } } } }
          node_def { name: "split" op: "Split" input: "split/split_dim:output:0" input: "arg0"
            attr { key: "T" value { type: DT_FLOAT } } attr { key: "num_split" value { i: 2 } } }
          node_def { name: "TopKV2/k" op: "Const"
            attr { key: "dtype" value { type: DT_INT32 } }
            attr { key: "value" value { tensor { dtype: DT_INT32 tensor_shape { } int_val: 2 } } } }
          node_def { name: "TopKV2" op: "TopKV2" input: "split:output:1" input: "TopKV2/k:output:0"
            attr { key: "T" value { type: DT_FLOAT } } attr { key: "sorted" value { b: true } } }
          node_def { name: "Const" op: "Const"
            attr { key: "dtype" value { type: DT_INT32 } }
            attr { key: "value" value { tensor { dtype: DT_INT32 tensor_shape { dim { size: 1 } } int_val: 0 } } } }
          node_def { name: "Sum" op: "Sum" input: "arg0" input: "Const:output:0"
            attr { key: "T" value { type: DT_FLOAT } } attr { key: "Tidx" value { type: DT_INT32 } }
            attr { key: "keep_dims" value { b: false } } }
          ret { key: "topkv2_o1" value: "TopKV2:indices:0" }
          ret { key: "sum" value: "Sum:output:0" }
        }
      }
      versions { producer: 27 }`;
    const gd = parseMessage<GraphDef>('tensorflow.GraphDef', text);
    tf.import_graph_def(gd, { name: '' });
    const g = tf.get_default_graph();
    const sess = tf.Session();
    const [indices, sum] = [g.get_tensor_by_name('IteratorGetNext:0'), g.get_tensor_by_name('IteratorGetNext:1')];
    // Rows [1, 2, 3, 4] and [5, 8, 7, 6]: second halves [3, 4] and [7, 6].
    assert.deepEqual(sess.run([indices, sum]).map((v) => v.toArray()), [[1, 0], 10]);
    assert.deepEqual(sess.run([indices, sum]).map((v) => v.toArray()), [[0, 1], 26]);
    assert.throws(() => sess.run(indices), tf.errors.OutOfRangeError);
  });

  it('a FunctionDef naming an output its op lacks, or a node it lacks, is refused with the function and the name', () => {
    const fn = (input: string) => ({
      library: { function: [{
        signature: { name: 'f', input_arg: [{ name: 'x', type: tf.float32.as_datatype_enum }], output_arg: [{ name: 'y', type: tf.float32.as_datatype_enum }] },
        node_def: [{ name: 'neg', op: 'Neg', input: ['x'], attr: { T: { type: tf.float32.as_datatype_enum } } }],
        ret: { y: input },
      }] },
      versions: { producer: 27 },
    });
    assert.throws(() => tf.import_graph_def(fn('neg:output:0')), /Function 'f': ret 'y' names 'neg:output:0', but op 'Neg' has no output 'output'/);
    assert.throws(() => tf.import_graph_def(fn('abs:y:0')), /Function 'f': ret 'y' names 'abs:y:0': there is no node 'abs'/);
    assert.throws(() => tf.import_graph_def(fn('nothing')), /Function 'f': ret 'y' names 'nothing', which is neither an input arg nor a node output/);
  });
});
