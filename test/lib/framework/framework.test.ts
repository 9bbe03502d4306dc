import assert from 'node:assert/strict';
import * as tf from '../../../lib';

describe('framework: dtypes', () => {
  it('has every dtype of types.proto with its enum and ref twin', () => {
    const table: [tf.DType, number][] = [
      [tf.float32, 1], [tf.float64, 2], [tf.int32, 3], [tf.uint8, 4], [tf.int16, 5], [tf.int8, 6], [tf.string, 7],
      [tf.complex64, 8], [tf.int64, 9], [tf.bool, 10], [tf.qint8, 11], [tf.quint8, 12], [tf.qint32, 13],
      [tf.bfloat16, 14], [tf.qint16, 15], [tf.quint16, 16], [tf.uint16, 17], [tf.complex128, 18], [tf.float16, 19],
      [tf.resource, 20], [tf.variant, 21], [tf.uint32, 22], [tf.uint64, 23],
    ];
    for (const [d, num] of table) {
      assert.equal(d.as_datatype_enum, num);
      assert.equal(d._as_ref.as_datatype_enum, num + 100);
      assert.equal(d._as_ref.name, `${d.name}_ref`);
      assert.equal(d._as_ref.base_dtype, d);
      assert.equal(tf.as_dtype(num), d);
    }
    assert.equal(tf.float32.toString(), "<dtype: 'float32'>");
    assert.equal(tf.as_dtype('DT_FLOAT_REF'), tf.float32._as_ref);
    assert.ok(tf.float16.is_floating && tf.bfloat16.is_floating && !tf.int32.is_floating);
    assert.ok(tf.uint64.is_integer && !tf.qint8.is_integer && tf.qint8.is_quantized);
    assert.equal(tf.half, tf.float16);
    assert.throws(() => tf.as_dtype('float33'), /Cannot convert value "float33" to a TensorFlow DType/);
  });
});

describe('framework: TensorShape', () => {
  it('prints TF1 style and handles unknown rank and dims', () => {
    assert.equal(new tf.TensorShape([null, 3]).toString(), '(?, 3)');
    assert.equal(new tf.TensorShape([3]).toString(), '(3,)');
    assert.equal(new tf.TensorShape([]).toString(), '()');
    assert.equal(new tf.TensorShape(null).toString(), '<unknown>');
    assert.equal(new tf.TensorShape([2, null]).repr(), 'TensorShape([Dimension(2), Dimension(None)])');
    assert.throws(() => new tf.TensorShape(null).as_list(), /as_list\(\) is not defined on an unknown TensorShape\./);
    assert.throws(() => new tf.TensorShape(null).length, /Cannot take the length of Shape with unknown rank\./);
    assert.equal(new tf.TensorShape(null).ndims, null);
    assert.throws(() => new tf.TensorShape([1.5]), /Dimension value must be integer or None, got value '1\.5'/);
    assert.throws(() => new tf.TensorShape([-3]), /Dimension -3 must be >= 0/);
  });

  it('checks compatibility and merges', () => {
    const a = new tf.TensorShape([null, 3]);
    assert.ok(a.is_compatible_with([2, 3]));
    assert.ok(!a.is_compatible_with([2, 4]));
    assert.ok(!a.is_compatible_with([3]));
    assert.ok(a.is_compatible_with(null));
    assert.deepEqual(a.merge_with([2, null]).as_list(), [2, 3]);
    assert.throws(() => a.merge_with([2, 4]), /Shapes \(\?, 3\) and \(2, 4\) are not compatible/);
    assert.equal(a.is_fully_defined(), false);
    assert.equal(new tf.TensorShape([2, 3]).num_elements(), 6);
    assert.deepEqual(a.concatenate([5]).as_list(), [null, 3, 5]);
  });
});

describe('framework: NDArray', () => {
  it('reshapes as numpy does: one -1 dimension inferred, dimensions as a list or one by one, numpy\'s errors', () => {
    const a = tf.NDArray.from(Array.from({ length: 12 }, (_, i) => i), tf.float32);
    assert.deepEqual(a.reshape([-1, 2, 3]).shape, [2, 2, 3]);
    assert.deepEqual(a.reshape([3, -1]).toArray(), [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]);
    assert.deepEqual(a.reshape(2, 6).shape, [2, 6]);
    assert.deepEqual(a.reshape(-1).shape, [12]);
    assert.deepEqual(tf.NDArray.from(5, tf.float32).reshape([]).shape, []);
    assert.throws(() => a.reshape([5, -1]), { name: 'ValueError', message: 'cannot reshape array of size 12 into shape (5,newaxis)' });
    assert.throws(() => a.reshape([5]), { name: 'ValueError', message: 'cannot reshape array of size 12 into shape (5,)' });
    assert.throws(() => a.reshape([-1, -1]), { name: 'ValueError', message: 'can only specify one unknown dimension' });
    assert.throws(() => a.reshape([-2, -6]), { name: 'ValueError', message: 'can only specify one unknown dimension' });
    assert.throws(() => a.reshape([1.5, 8]), { name: 'TypeError', message: "'float' object cannot be interpreted as an integer" });
  });
});

describe('framework: DeviceSpec', () => {
  it('parses and prints canonical device strings', () => {
    const cases: [string, string][] = [
      ['/gpu:1', '/device:GPU:1'], ['/cpu:100', '/device:CPU:100'], ['/job:ps/task:7', '/job:ps/task:7'],
      ['/device:GPU:0', '/device:GPU:0'], ['/cpu:*', '/device:CPU:*'], ['/job:worker/replica:2/task:3/GPU:1', '/job:worker/replica:2/task:3/device:GPU:1'],
    ];
    for (const [input, out] of cases) assert.equal(tf.DeviceSpec.from_string(input).to_string(), out);
    assert.throws(() => tf.DeviceSpec.from_string('/cpu:0/gpu:0'), /Cannot specify multiple device types: \/cpu:0\/gpu:0/);
    assert.throws(() => tf.DeviceSpec.from_string('/foo:bar'), /Unknown attribute: 'foo' in '\/foo:bar'/);
  });

  it('merges nested device scopes, inner fields winning', () => {
    tf.reset_default_graph();
    const a = tf.device('/job:ps', () => tf.device('/gpu:0', () => tf.constant(1)));
    assert.equal(a.device, '/job:ps/device:GPU:0');
    const b = tf.device('/job:worker/device:GPU:0', () => tf.device('/device:CPU:0', () => tf.constant(1)));
    assert.equal(b.device, '/job:worker/device:CPU:0');
    const c = tf.device('/job:train', () => tf.device(new tf.DeviceSpec({ device_type: 'GPU', device_index: 1 }), () => tf.constant(1)));
    assert.equal(c.device, '/job:train/device:GPU:1');
    const d = tf.device('/job:ps', () => tf.device(null, () => tf.constant(1)));
    assert.equal(d.device, '');
    assert.equal(tf.constant(1).device, '');
    const e = tf.device('/gpu:0', () => tf.device('', () => tf.constant(1)));
    assert.equal(e.device, '/device:GPU:0');
  });

  it('supports `using` handles', () => {
    tf.reset_default_graph();
    const h = tf.device('/cpu:0');
    const t = tf.constant(2);
    h[Symbol.dispose]();
    assert.equal(t.device, '/device:CPU:0');
    assert.equal(tf.constant(3).device, '');
  });
});

describe('framework: graph names', () => {
  beforeEach(() => tf.reset_default_graph());

  it('makes names unique case-insensitively across ops and scopes', () => {
    const g = tf.get_default_graph();
    assert.equal(tf.constant(1, { name: 'w' }).op.name, 'w');
    assert.equal(tf.constant(1, { name: 'W' }).op.name, 'W_1');
    assert.equal(tf.constant(1, { name: 'w' }).op.name, 'w_2');
    tf.constant(1, { name: 'x_1' });
    tf.constant(1, { name: 'x' });
    assert.equal(tf.constant(1, { name: 'x' }).op.name, 'x_2');
    assert.equal(g.unique_name('foo', false), 'foo');
  });

  it('nests name scopes, re-enters with a trailing slash and validates names', () => {
    const t = tf.name_scope('a', () => tf.name_scope('b', () => tf.constant(1)));
    assert.equal(t.name, 'a/b/Const:0');
    const again = tf.name_scope('a', (s) => s);
    assert.equal(again, 'a_1/');
    const exact = tf.name_scope('a/b/', () => tf.constant(1));
    assert.equal(exact.op.name, 'a/b/Const_1');
    assert.equal(tf.name_scope('', () => tf.constant(1)).op.name, 'Const');
    assert.throws(() => tf.name_scope('bad name', () => 0), /'bad name' is not a valid scope name/);
  });

  it('looks up elements by name with TF messages', () => {
    const c = tf.constant(1, { name: 'c' });
    const g = tf.get_default_graph();
    assert.equal(g.get_tensor_by_name('c:0'), c);
    assert.equal(g.get_operation_by_name('c'), c.op);
    assert.throws(() => g.get_tensor_by_name('foo:0'), /The name 'foo:0' refers to a Tensor which does not exist\. The operation, 'foo', does not exist in the graph\./);
    assert.throws(() => g.get_operation_by_name('foo'), /The name 'foo' refers to an Operation not in the graph\./);
  });

  it('keeps collections and filters them by scope', () => {
    const g = tf.get_default_graph();
    g.add_to_collection('things', { name: 'a/x' });
    g.add_to_collection('things', { name: 'b/y' });
    assert.equal(g.get_collection('things').length, 2);
    assert.deepEqual(g.get_collection('things', 'a'), [{ name: 'a/x' }]);
  });

  it('refuses to reset inside as_default and nests graphs', () => {
    const g = new tf.Graph();
    g.as_default(() => {
      assert.equal(tf.get_default_graph(), g);
      assert.throws(() => tf.reset_default_graph(), /Do not use tf.reset_default_graph\(\) to clear nested graphs/);
    });
    assert.notEqual(tf.get_default_graph(), g);
  });

  it('records control dependencies and colocation', () => {
    const a = tf.constant(1, { name: 'a' });
    const b = tf.control_dependencies([a], () => tf.constant(2, { name: 'b' }));
    assert.deepEqual(b.op.node_def.input, ['^a']);
    const c = tf.device('/cpu:0', () => tf.constant(3, { name: 'c' }));
    const d = tf.colocate_with(c, () => tf.device('/gpu:0', () => tf.constant(4, { name: 'd' })));
    assert.deepEqual(d.op.colocation_groups(), ['loc:@c']);
    assert.equal(d.device, '/device:CPU:0');
  });
});
