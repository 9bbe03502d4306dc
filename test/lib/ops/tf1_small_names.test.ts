// TF 1.15's small top-level names: accumulate_n, histogram_fixed_width (+ _bins), edit_distance, encode/decode_base64,
// broadcast_static_shape / broadcast_dynamic_shape, assert_rank_in, assert_same_float_dtype, Dimension and
// dimension_value / dimension_at_index, init_scope, make_tensor_proto / make_ndarray, initialize_all_tables and
// initialize_local_variables: values restating TF's own tests, node names, and TF's errors.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { checkGradient } from './gradient_check';

const run = <T extends tf.Tensor | tf.Operation>(t: T) => new tf.Session().run(t);
const values = (t: tf.Tensor) => Array.from(run(t).values as ArrayLike<number>);
const strings = (t: tf.Tensor) => (run(t).data as Uint8Array[]).map((b) => new TextDecoder().decode(b));

describe('TF 1.15 small names', () => {
  beforeEach(() => tf.reset_default_graph());

  it('accumulate_n: an AccumulateNV2 of the inputs, its gradient one for each; one input as it is; TF\'s errors', () => {
    const a = tf.constant([1, 2], { dtype: tf.float32 }), b = tf.constant([3, 4], { dtype: tf.float32 }), c = tf.constant([5, 6], { dtype: tf.float32 });
    const sum = tf.accumulate_n([a, b, c]);
    assert.equal(sum.op.type, 'AccumulateNV2');
    assert.equal(sum.op.name, 'AccumulateNV2');
    assert.deepEqual(values(sum), [9, 12]);
    assert.deepEqual(sum.shape.as_list(), [2]);
    const v = tf.Variable([1, 1], { dtype: tf.float32 });
    const [g] = tf.gradients(tf.reduce_sum(tf.accumulate_n([v, a])), [v]);
    const sess = new tf.Session();
    sess.run(tf.global_variables_initializer());
    assert.deepEqual(Array.from(sess.run(g as tf.Tensor).values as ArrayLike<number>), [1, 1]);
    assert.equal(tf.accumulate_n([a]), a);
    assert.equal(tf.accumulate_n([a], { name: 'one' }).op.type, 'Identity');
    assert.throws(() => tf.accumulate_n([]), { name: 'ValueError', message: 'inputs must be a list of at least one Tensor with the same dtype and shape' });
    assert.throws(() => tf.accumulate_n([a, tf.constant([1, 2], { dtype: tf.int32 })]), { name: 'ValueError' });
    assert.throws(() => tf.accumulate_n([a, b], { tensor_dtype: tf.int32 }), { name: 'TypeError', message: /tensor_dtype is <dtype: 'int32'>, but input is of type <dtype: 'float32'>/ });
    assert.throws(() => tf.accumulate_n([a, b], { shape: [3] }), { name: 'ValueError' });
  });

  it('histogram_fixed_width and histogram_fixed_width_bins (TF\'s histogram_ops_test values)', () => {
    const v = [-1.0, 0.0, 1.5, 2.0, 5.0, 15];
    const hist = tf.histogram_fixed_width(v, [0.0, 5.0], { nbins: 5 });
    assert.equal(hist.op.type, 'HistogramFixedWidth');
    assert.deepEqual(hist.shape.as_list(), [5]);
    assert.equal(hist.dtype, tf.int32);
    assert.deepEqual(values(hist), [2, 1, 1, 0, 2]);
    assert.deepEqual(values(tf.histogram_fixed_width([[-1.0, 0.0, 1.5], [2.0, 5.0, 15]], [0.0, 5.0], { nbins: 5, dtype: tf.int64 })), [2, 1, 1, 0, 2]);
    const bins = tf.histogram_fixed_width_bins(v, [0.0, 5.0], { nbins: 5 });
    assert.deepEqual(values(bins), [0, 0, 1, 2, 4, 4]);
    const bins2 = tf.histogram_fixed_width_bins([[-1.0, 0.0, 1.5], [2.0, 5.0, 15]], [0.0, 5.0], { nbins: 5 });
    assert.deepEqual(run(bins2).toArray(), [[0, 0, 1], [2, 4, 4]]);
    assert.throws(() => tf.histogram_fixed_width(v, [0.0, 5.0], { nbins: -5 }), { name: 'ValueError', message: /Requires nbins > 0: -5/ });
    const nb = tf.placeholder(tf.int32, []);
    assert.throws(() => new tf.Session().run(tf.histogram_fixed_width(v, [0.0, 5.0], { nbins: nb }), new Map([[nb, 0]])), { name: 'InvalidArgumentError', message: /nbins should be a positive number, but got '0'/ });
    assert.throws(() => run(tf.histogram_fixed_width(v, [5.0, 0.0], { nbins: 5 })), { name: 'InvalidArgumentError', message: /value_range\[0\] < value_range\[1\]/ });
  });

  it('edit_distance: TF\'s edit_distance_op_test cases, normalized and not', () => {
    const sp = (indices: number[][], vals: (number | string)[], shape: number[]) => tf.SparseTensorValue(
      tf.NDArray.from(indices.length ? indices : [], tf.int64).reshape([indices.length, shape.length]),
      typeof vals[0] === 'string' ? tf.NDArray.fromStrings(vals as string[]) : tf.NDArray.from(vals, tf.int64), tf.NDArray.from(shape, tf.int64));
    const d = (h: tf.SparseTensorValue, t: tf.SparseTensorValue, normalize = true) => run(tf.edit_distance(h, t, { normalize })).toArray();
    assert.deepEqual(d(sp([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, -1], [2, 2]), sp([[0, 0], [1, 0], [1, 1]], [0, 1, 1], [2, 2])), [1.0, 0.5]);
    assert.deepEqual(d(sp([[0, 0], [1, 0], [1, 1]], [10, 10, 11], [2, 2]), sp([[0, 0], [0, 1], [1, 0], [1, 1]], [1, 2, 1, -1], [2, 2]), false), [2.0, 2.0]);
    const word = (s: string) => sp([...s].map((_, i) => [0, i]), [...s], [1, s.length]);
    assert.deepEqual(d(word('algorithm'), word('altruistic'), false), [6]);
    assert.ok(Math.abs((d(word('algorithm'), word('altruistic')) as number[])[0] - 0.6) < 1e-6);
    assert.deepEqual(d(sp([[0, 0, 0], [1, 0, 0]], [0, 1], [2, 1, 1]), sp([[0, 1, 0], [1, 0, 0], [1, 1, 0]], [0, 1, 1], [2, 2, 1])), [[Infinity, 1.0], [0.0, 1.0]]);
    assert.deepEqual(d(sp([], [], [1, 0]), sp([[0, 0]], [0], [1, 1])), [1.0]);
    assert.deepEqual(d(sp([[0, 0]], [0], [1, 1]), sp([], [], [1, 0])), [Infinity]);
    assert.deepEqual(d(sp([], [], [1, 0]), sp([], [], [1, 0])), [0]);
    tf.reset_default_graph();
    assert.equal(tf.edit_distance(word('ab'), word('b')).op.name, 'edit_distance');
    assert.throws(() => tf.edit_distance(tf.constant([1]) as never, word('a')), { name: 'TypeError', message: 'Hypothesis must be a SparseTensor.' });
  });

  it('encode_base64 / decode_base64: web-safe, padded on request, round-trips bytes', () => {
    const raw = ['hello', '\u00ff\u00fe?>', ''];
    const enc = tf.encode_base64(raw);
    assert.equal(enc.op.type, 'EncodeBase64');
    const encoded = strings(enc);
    assert.equal(encoded[0], 'aGVsbG8');
    assert.ok(!encoded.some((s) => s.includes('+') || s.includes('/') || s.includes('=')));
    assert.deepEqual(strings(tf.encode_base64(['hello'], { pad: true })), ['aGVsbG8=']);
    assert.deepEqual(strings(tf.decode_base64(tf.encode_base64(raw))), raw.map((s) => new TextDecoder().decode(new TextEncoder().encode(s))));
    assert.deepEqual(strings(tf.decode_base64(['aGVsbG8=', 'aGVsbG8'])), ['hello', 'hello']);
    assert.throws(() => run(tf.decode_base64(['a+b/'])), { name: 'InvalidArgumentError', message: /Invalid character found in base64/ });
  });

  it('broadcast_static_shape and broadcast_dynamic_shape (BroadcastArgs)', () => {
    assert.deepEqual(tf.broadcast_static_shape(tf.TensorShape([1, 3]), tf.TensorShape([2, 1])).as_list(), [2, 3]);
    assert.deepEqual(tf.broadcast_static_shape([null, 3], [4, 1, 1]).as_list(), [4, null, 3]);
    assert.throws(() => tf.broadcast_static_shape([2, 3], [4]), { name: 'ValueError', message: 'Incompatible shapes for broadcasting: (2, 3) and (4,)' });
    const dyn = tf.broadcast_dynamic_shape(tf.constant([1, 3]), tf.constant([2, 1, 1]));
    assert.equal(dyn.op.type, 'BroadcastArgs');
    assert.deepEqual(values(dyn), [2, 1, 3]);
    assert.throws(() => run(tf.broadcast_dynamic_shape(tf.constant([2, 3]), tf.constant([4]))), { name: 'InvalidArgumentError', message: /^Incompatible shapes: \[2,3\] vs\. \[4\]/ });
  });

  it('assert_rank_in: decided while building when known, an Assert otherwise', () => {
    const x = tf.constant([[1, 2]]);
    assert.equal(tf.assert_rank_in(x, [1, 2]).name, 'assert_rank_in/static_checks_determined_all_ok');
    assert.throws(() => tf.assert_rank_in(x, [0, 1], { message: 'fail' }), { name: 'ValueError', message: /fail\.  Tensor Const:0 must have rank in \(0, 1\)\.  Received rank 2, shape \(1, 2\)/ });
    const p = tf.placeholder(tf.float32);
    const check = tf.assert_rank_in(p, [1, 2]);
    const sess = new tf.Session();
    sess.run(check, new Map([[p, [1, 2]]]));
    assert.throws(() => sess.run(check, new Map([[p, 3]])), { name: 'InvalidArgumentError', message: /must have rank in/ });
  });

  it('assert_same_float_dtype: the common floating dtype, float32 by default, TF\'s errors', () => {
    const f64 = tf.constant(1, { dtype: tf.float64 }), f32 = tf.constant(1, { dtype: tf.float32 });
    assert.equal(tf.assert_same_float_dtype(), tf.float32);
    assert.equal(tf.assert_same_float_dtype({ tensors: [f64, null, f64] }), tf.float64);
    assert.equal(tf.assert_same_float_dtype({ dtype: tf.float16 }), tf.float16);
    assert.throws(() => tf.assert_same_float_dtype({ tensors: [f64, f32] }), { name: 'ValueError', message: `${f32.name}, type=<dtype: 'float32'>, must be of the same type (<dtype: 'float64'>) as ${f64.name}.` });
    assert.throws(() => tf.assert_same_float_dtype({ tensors: [f32], dtype: tf.float64 }), { name: 'ValueError', message: /must be of the same type \(<dtype: 'float64'>\)\.$/ });
    assert.throws(() => tf.assert_same_float_dtype({ tensors: [tf.constant(1, { dtype: tf.int32 })] }), { name: 'ValueError', message: "Expected floating point type, got <dtype: 'int32'>." });
  });

  it('Dimension, dimension_value, dimension_at_index', () => {
    const d = new tf.Dimension(12), u = tf.Dimension(null);
    assert.equal(d.value, 12);
    assert.equal(String(u), '?');
    assert.equal(d.add(3).value, 15);
    assert.equal(d.floordiv(5).value, 2);
    assert.equal(d.mul(u).value, null);
    assert.equal(d.merge_with(u).value, 12);
    assert.equal(d.equals(u), null);
    assert.ok(d.is_compatible_with(12) && !d.is_compatible_with(13));
    assert.throws(() => d.merge_with(13), { name: 'ValueError', message: 'Dimensions 12 and 13 are not compatible' });
    assert.throws(() => new tf.Dimension(-1), { name: 'ValueError', message: 'Dimension -1 must be >= 0' });
    assert.equal(tf.dimension_value(d), 12);
    assert.equal(tf.dimension_value(null), null);
    assert.equal(tf.dimension_value(7), 7);
    assert.equal(tf.dimension_at_index(tf.TensorShape([2, null, 4]), -1).value, 4);
    assert.equal(tf.dimension_at_index(tf.TensorShape(null), 3).value, null);
  });

  it('init_scope lifts ops out of control dependencies and cond branches, keeping the name scope', () => {
    const dep = tf.no_op({ name: 'dep' });
    const [inside, lifted] = tf.get_default_graph().control_dependencies([dep], () =>
      tf.name_scope('outer', () => [tf.constant(1, { name: 'in' }), tf.init_scope(() => tf.constant(2, { name: 'lifted' }))]));
    assert.deepEqual(inside.op.control_inputs.map((o) => o.name), ['dep']);
    assert.deepEqual(lifted.op.control_inputs, []);
    assert.equal(lifted.op.name, 'outer/lifted');
    let fromBranch: tf.Tensor | null = null;
    tf.cond(tf.constant(true), () => { fromBranch = tf.init_scope(() => tf.constant(3, { name: 'c3' })); return tf.constant(0); }, () => tf.constant(1));
    assert.equal(fromBranch!.op._control_flow_context, null);
  });

  it('make_tensor_proto and make_ndarray as TF Python\'s', () => {
    const p = tf.make_tensor_proto([[1, 2, 3], [4, 5, 6]], { dtype: tf.int32 });
    assert.equal(p.dtype, tf.int32.as_datatype_enum);
    assert.deepEqual(p.tensor_shape!.dim!.map((x) => x.size), [2, 3]);
    assert.equal(p.tensor_content!.length, 24);
    assert.deepEqual(tf.make_ndarray(p).toArray(), [[1, 2, 3], [4, 5, 6]]);
    const filled = tf.make_tensor_proto(7, { dtype: tf.float32, shape: [2, 2] });
    assert.deepEqual([filled.float_val, filled.tensor_content], [[7], undefined]);
    assert.deepEqual(tf.make_ndarray(filled.SerializeToString()).toArray(), [[7, 7], [7, 7]]);
    assert.deepEqual(tf.make_tensor_proto(['a', 'b']).string_val!.map((b) => new TextDecoder().decode(b)), ['a', 'b']);
    assert.throws(() => tf.make_tensor_proto([1, 2, 3], { shape: [2] }), { name: 'ValueError', message: 'Too many elements provided. Needed at most 2, but received 3' });
    assert.throws(() => tf.make_tensor_proto([1, 2], { shape: [1, 2], verify_shape: true }), { name: 'TypeError', message: "Expected Tensor's shape: (1, 2), got (2,)." });
  });

  it('initialize_all_tables and initialize_local_variables are TF\'s deprecated names of the initializers', () => {
    assert.equal(tf.initialize_all_tables().name, 'init_all_tables');
    const local = tf.Variable(3, { collections: [tf.GraphKeys.LOCAL_VARIABLES], name: 'local' });
    const init = tf.initialize_local_variables();
    const sess = new tf.Session();
    sess.run(init);
    assert.equal(sess.run(local).item(), 3);
  });

  it('string_to_hash_bucket (TF\'s Hash64) and string_to_hash_bucket_strong (SipHash-2-4): TF\'s test values', () => {
    const legacy = tf.string_to_hash_bucket(['a', 'b', 'c'], 10);
    assert.equal(legacy.op.type, 'StringToHashBucket');
    assert.equal(legacy.dtype, tf.int64);
    assert.deepEqual(values(legacy), [8, 0, 7]);
    assert.deepEqual(values(tf.string_to_hash_bucket({ input: ['a', 'b', 'c'], num_buckets: 10 } as never)), [8, 0, 7]);
    assert.deepEqual(values(tf.string_to_hash_bucket(['a', 'b', 'c'], 1)), [0, 0, 0]);
    assert.deepEqual(values(tf.string_to_hash_bucket_strong(['a', 'b', 'c'], 10, [98765, 132])), [4, 2, 8]);
    assert.deepEqual(values(tf.strings.to_hash_bucket_strong(['a', 'b', 'c'], 1, [123, 345])), [0, 0, 0]);
    assert.throws(() => run(tf.string_to_hash_bucket_strong(['a'], 10, [98765])), { name: 'InvalidArgumentError', message: /Key must have 2 elements/ });
  });

  it('bitcast: the same bytes as another dtype, the shape growing or shrinking by the size ratio', () => {
    const one = tf.bitcast(tf.constant([1.0], { dtype: tf.float32 }), tf.int32);
    assert.equal(one.op.type, 'Bitcast');
    assert.deepEqual(values(one), [1065353216]);
    const bytes = tf.bitcast(tf.constant([1, 256], { dtype: tf.int32 }), tf.uint8);
    assert.deepEqual(bytes.shape.as_list(), [2, 4]);
    assert.deepEqual(run(bytes).toArray(), [[1, 0, 0, 0], [0, 1, 0, 0]]);
    const back = tf.bitcast(bytes, tf.int32);
    assert.deepEqual(back.shape.as_list(), [2]);
    assert.deepEqual(values(back), [1, 256]);
    assert.throws(() => tf.bitcast(tf.constant([1, 2, 3], { dtype: tf.uint8 }), tf.int32), { name: 'ValueError', message: /Cannot bitcast due to shape. 3 does not match 4/ });
    assert.throws(() => tf.bitcast(tf.constant([true]), tf.uint8), { name: 'TypeError', message: /DataType bool not in list of allowed values/ });
  });

  it('extract_image_patches: TF\'s extract_image_patches_op_test cases; the gradient counts each pixel once per patch', () => {
    const patches = (image: number[][][][], k: number[], st: number[], r: number[], padding: 'SAME' | 'VALID') =>
      run(tf.extract_image_patches(tf.constant(image, { dtype: tf.float32 }), [1, ...k, 1], [1, ...st, 1], [1, ...r, 1], padding)).toArray();
    const image = [[[[1], [2]], [[3], [4]]]];
    assert.deepEqual(patches(image, [2, 2], [1, 1], [1, 1], 'VALID'), [[[[1, 2, 3, 4]]]]);
    assert.deepEqual(patches(image, [2, 2], [1, 1], [1, 1], 'SAME'), [[[[1, 2, 3, 4], [2, 0, 4, 0]], [[3, 4, 0, 0], [4, 0, 0, 0]]]]);
    const sixteen = tf.reshape(tf.range(16, undefined, 1, { dtype: tf.float32 }), [1, 4, 4, 1]);
    assert.deepEqual(run(tf.extract_image_patches(sixteen, [1, 2, 2, 1], [1, 1, 1, 1], [1, 2, 2, 1], 'VALID')).toArray(),
      [[[[0, 2, 8, 10], [1, 3, 9, 11]], [[4, 6, 12, 14], [5, 7, 13, 15]]]]);
    const big = tf.reshape(tf.range(120, undefined, 1, { dtype: tf.float32 }), [2, 4, 5, 3]);
    for (const padding of ['VALID', 'SAME'] as const) {
      const p = tf.extract_image_patches(big, { ksizes: [1, 1, 1, 1], strides: [1, 2, 3, 1], rates: [1, 1, 1, 1], padding } as never);
      assert.deepEqual(p.shape.as_list(), [2, 2, 2, 3]);
      const got = run(p).toArray() as number[][][][];
      assert.deepEqual(got[1][1][1], [((1 * 4 + 2) * 5 + 3) * 3, ((1 * 4 + 2) * 5 + 3) * 3 + 1, ((1 * 4 + 2) * 5 + 3) * 3 + 2]);
    }
    const x = tf.constant([[[[1, 10], [2, 20]], [[3, 30], [4, 40]]]], { dtype: tf.float32 });
    const p = tf.extract_image_patches(x, [1, 2, 2, 1], [1, 1, 1, 1], [1, 1, 1, 1], 'SAME');
    assert.deepEqual(p.shape.as_list(), [1, 2, 2, 8]);
    const [g] = tf.gradients(tf.reduce_sum(p), [x]);
    assert.deepEqual(run(g as tf.Tensor).toArray(), [[[[1, 1], [2, 2]], [[2, 2], [4, 4]]]]);
    assert.throws(() => tf.extract_image_patches(x, [2, 2, 2, 1], [1, 1, 1, 1], [1, 1, 1, 1], 'SAME'), { name: 'ValueError', message: /only supported across rows and cols/ });
  });

  it('extract_image_patches\' gradient matches central differences (strides, rates, both paddings)', () => {
    const cases: [number[], number[], number[], 'SAME' | 'VALID'][] = [
      [[1, 2, 3, 1], [1, 2, 1, 1], [1, 1, 2, 1], 'VALID'],
      [[1, 3, 3, 1], [1, 2, 2, 1], [1, 1, 1, 1], 'SAME'],
      [[1, 2, 2, 1], [1, 1, 1, 1], [1, 2, 1, 1], 'SAME'],
    ];
    for (const [k, st, r, padding] of cases) {
      const types = checkGradient((x) => tf.extract_image_patches(x, k, st, r, padding), [{ shape: [2, 5, 4, 3] }], 7);
      assert.ok(types.includes('UnsortedSegmentSum'), types.join(', '));
    }
  });
});
