// tf.nn.with_space_to_batch and tf.required_space_to_batch_paddings as TF 1.15 builds them: the folded
// constants and node names of TF's numpy path, the same values from graph arithmetic when shapes are only
// known at run time, and TF's ValueErrors.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';

const newOps = (fn: () => unknown): string[] => {
  const before = new Set(tf.get_default_graph().get_operations());
  fn();
  return tf.get_default_graph().get_operations().filter((o) => !before.has(o)).map((o) => `${o.name}:${o.type}`);
};
const iota = (shape: number[]) => tf.constant(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i), { shape, dtype: tf.float32 });

/** Max pooling of a [1, H, W, 1] array over a dilated window, by its definition (VALID). */
function dilatedMaxPool(x: number[][], window: number[], rate: number[]): number[][] {
  const outH = x.length - (window[0] - 1) * rate[0], outW = x[0].length - (window[1] - 1) * rate[1];
  return Array.from({ length: outH }, (_, i) => Array.from({ length: outW }, (_, j) => {
    let m = -Infinity;
    for (let a = 0; a < window[0]; a++) for (let b = 0; b < window[1]; b++) m = Math.max(m, x[i + a * rate[0]][j + b * rate[1]]);
    return m;
  }));
}

describe('tf.nn.with_space_to_batch and tf.required_space_to_batch_paddings', () => {
  beforeEach(() => tf.reset_default_graph());

  it("SAME: TF's folded constants and nodes around the op, the values of the dilated op", () => {
    const x = iota([1, 5, 6, 1]);
    const w = tf.constant([-1, 0, 1, -1, 0, 1, -1, 0, 1], { shape: [3, 3, 1, 1], dtype: tf.float32 });
    let y!: tf.Tensor;
    const ops = newOps(() => {
      y = tf.nn.with_space_to_batch(x, [2, 2], 'SAME', (inp, n, pad) => tf.nn.conv2d(inp, w, [1, 1, 1, 1], pad), { filter_shape: [3, 3] });
    });
    assert.deepEqual(ops, [
      'dilation_rate:Const', 'filter_shape:Const', 'stack:Const', 'required_space_to_batch_paddings/input_shape:Const',
      'required_space_to_batch_paddings/paddings:Const', 'required_space_to_batch_paddings/crops:Const',
      'SpaceToBatchND/block_shape:Const', 'SpaceToBatchND/paddings:Const', 'SpaceToBatchND:SpaceToBatchND', 'Conv2D:Conv2D',
      'BatchToSpaceND/block_shape:Const', 'BatchToSpaceND/crops:Const', 'BatchToSpaceND:BatchToSpaceND',
    ]);
    const g = tf.get_default_graph();
    const sess = tf.Session();
    assert.deepEqual(sess.run(g.get_tensor_by_name('SpaceToBatchND/paddings:0')).toArray(), [[2, 3], [2, 2]]);
    assert.deepEqual(sess.run(g.get_tensor_by_name('BatchToSpaceND/crops:0')).toArray(), [[0, 1], [0, 0]]);
    const dilated = tf.nn.conv2d(x, w, { strides: [1, 1, 1, 1], padding: 'SAME', dilations: [1, 2, 2, 1] });
    const [got, want] = sess.run([y, dilated]);
    assert.deepEqual(got.shape, [1, 5, 6, 1]);
    assert.deepEqual(got.toArray(), want.toArray());
  });

  it('VALID: a dilated max pool, with base paddings of zeros', () => {
    const x = iota([1, 7, 8, 1]);
    let y!: tf.Tensor;
    const ops = newOps(() => {
      y = tf.nn.with_space_to_batch(x, [2, 3], 'VALID', (inp, n, pad) => tf.nn.max_pool(inp, [1, 2, 2, 1], [1, 1, 1, 1], pad));
    });
    assert.ok(ops.includes('required_space_to_batch_paddings/base_paddings:Const'), ops.join(' '));
    const sess = tf.Session();
    const x2d = (sess.run(x).toArray() as number[][][][])[0].map((r) => r.map((c) => c[0]));
    const got = sess.run(y);
    assert.deepEqual(got.shape, [1, 5, 5, 1]);
    assert.deepEqual((got.toArray() as number[][][][])[0].map((r) => r.map((c) => c[0])), dilatedMaxPool(x2d, [2, 2], [2, 3]));
  });

  it('spatial sizes known only at run time: the paddings come from the graph, the values are the same', () => {
    const w = tf.constant([1, 2, 3, 4, 5, 6], { shape: [2, 3, 1, 1], dtype: tf.float32 });
    const xu = tf.placeholder(tf.float32, [null, null, null, 1]);
    const op: tf.nn.SpaceToBatchOp = (inp, n, pad) => tf.nn.conv2d(inp, w, [1, 1, 1, 1], pad);
    const yu = tf.nn.with_space_to_batch(xu, [3, 2], 'SAME', op, { filter_shape: [2, 3] });
    const x = iota([2, 7, 5, 1]);
    const yk = tf.nn.with_space_to_batch(x, [3, 2], 'SAME', op, { filter_shape: [2, 3] });
    const sess = tf.Session();
    const xv = sess.run(x);
    assert.deepEqual(sess.run(yu, { feed_dict: new Map([[xu, xv]]) }).toArray(), sess.run(yk).toArray());
    assert.equal(yu.op.type, 'BatchToSpaceND');
  });

  it('a rate of ones runs the op on the input as it is, with the padding given', () => {
    const x = iota([1, 4, 4, 1]);
    let seen = '';
    const ops = newOps(() => tf.nn.with_space_to_batch(x, [1, 1], 'SAME', (inp, n, pad) => { seen = `${inp === x} ${n} ${pad}`; return inp; }));
    assert.equal(seen, 'true 2 SAME');
    assert.deepEqual(ops, ['dilation_rate:Const']);
  });

  it('channels first (NC...): the spatial dims start at 2, the block shape gets a 1 for the channels', () => {
    const x = iota([1, 2, 5, 6]);
    const y = tf.nn.with_space_to_batch(x, [2, 2], 'VALID', (inp) => inp, { data_format: 'NCHW' });
    const sess = tf.Session();
    assert.deepEqual(sess.run(tf.get_default_graph().get_tensor_by_name('SpaceToBatchND/block_shape:0')).toArray(), [1, 2, 2]);
    assert.deepEqual(sess.run(tf.get_default_graph().get_tensor_by_name('SpaceToBatchND/paddings:0')).toArray(), [[0, 0], [0, 1], [0, 0]]);
    assert.deepEqual(sess.run(y).toArray(), sess.run(x).toArray(), 'padded, moved to the batch and back, cropped: the input again');
  });

  it("TF's ValueErrors", () => {
    const x = iota([1, 4, 4, 1]);
    const id = (inp: tf.Tensor) => inp;
    const raises = (fn: () => unknown, message: string) => assert.throws(fn, (e: Error) => e.name === 'ValueError' && e.message === message);
    raises(() => tf.nn.with_space_to_batch(x, 2, 'VALID', id), 'rate must be rank 1');
    raises(() => tf.nn.with_space_to_batch(x, [2, 0], 'VALID', id), 'dilation_rate must be positive');
    raises(() => tf.nn.with_space_to_batch(x, [2, 2], 'SAME', id), 'filter_shape must be specified for SAME padding');
    raises(() => tf.nn.with_space_to_batch(x, [2, 2], 'FULL' as 'SAME', id), "Invalid padding method 'FULL'");
    raises(() => tf.nn.with_space_to_batch(x, [2, 2], 'VALID', id, { spatial_dims: [2, 1] }), 'spatial_dims must be a montonically increasing sequence of positive integers');
    raises(() => tf.nn.with_space_to_batch(iota([4, 4]), [2, 2], 'VALID', id), 'input tensor must have rank 3 at least');
    raises(() => tf.required_space_to_batch_paddings([4, 4, 4], [2, 2]), 'Shapes (3,) and (2,) are incompatible');
    raises(() => tf.required_space_to_batch_paddings([4, 4], [2, 2], { base_paddings: [1, 1] }), 'Shapes (2,) and (2, 2) are incompatible');
  });

  it('required_space_to_batch_paddings: folded constants, the same from graph arithmetic, none for no block dims', () => {
    const [p, c] = tf.required_space_to_batch_paddings([5, 6], [2, 4], { base_paddings: [[1, 1], [2, 2]] });
    assert.equal(p.op.name, 'required_space_to_batch_paddings/paddings');
    assert.equal(c.op.name, 'required_space_to_batch_paddings/crops');
    assert.equal(p.op.type, 'Const');
    assert.equal(p.dtype, tf.int32);
    const sess = tf.Session();
    assert.deepEqual(sess.run([p, c]).map((v) => v.toArray()), [[[1, 2], [2, 4]], [[0, 1], [0, 2]]]);
    const shape = tf.placeholder(tf.int32, [2]);
    const base = tf.placeholder(tf.int32, [2, 2]);
    const [p2, c2] = tf.required_space_to_batch_paddings(shape, [2, 4], { base_paddings: base, name: 'fromGraph' });
    assert.equal(p2.op.name, 'fromGraph/paddings');
    assert.deepEqual(sess.run([p2, c2], { feed_dict: new Map<tf.Tensor, number[] | number[][]>([[shape, [5, 6]], [base, [[1, 1], [2, 2]]]]) }).map((v) => v.toArray()),
      [[[1, 2], [2, 4]], [[0, 1], [0, 2]]]);
    const [p0, c0] = tf.required_space_to_batch_paddings(tf.constant([], { dtype: tf.int32 }), tf.constant([], { dtype: tf.int32 }));
    assert.deepEqual([p0.shape.as_list(), c0.shape.as_list()], [[0, 2], [0, 2]]);
  });
});

describe("SpaceToBatchND and BatchToSpaceND: TF's shape-function and kernel errors", () => {
  beforeEach(() => tf.reset_default_graph());
  const shapeFails = (fn: () => unknown, text: string) => assert.throws(fn, (e: Error) => e.name === 'ValueError' && e.message.includes(text));

  it('graph construction: ranks, the [M, 2] shape of paddings and crops, signs, divisibility', () => {
    const x = iota([4, 2, 2, 1]);
    shapeFails(() => tf.space_to_batch_nd(x, [[2, 2]], [[0, 0], [0, 0]]), 'block_shape must have rank 1.');
    shapeFails(() => tf.space_to_batch_nd(x, [2, 2], [[0, 0]]), 'Dimension 0 in both shapes must be equal');
    shapeFails(() => tf.space_to_batch_nd(x, [2, 0], [[0, 0], [0, 0]]), 'block_shape must be positive');
    shapeFails(() => tf.space_to_batch_nd(x, [2, 2], [[0, -1], [0, 0]]), 'paddings cannot be negative');
    shapeFails(() => tf.batch_to_space_nd(x, [2, 2], [[0, 0], [-1, 0]]), 'crops cannot be negative');
    shapeFails(() => tf.batch_to_space_nd(x, [2, 2], [[0, 5], [0, 0]]), 'Negative dimension size caused by subtracting 5 from 4');
    shapeFails(() => tf.batch_to_space_nd(iota([3, 2, 2, 1]), [2, 2], [[0, 0], [0, 0]]), 'Dimension size must be evenly divisible by 2 but is 3');
    const unknown = tf.placeholder(tf.float32);
    assert.equal(tf.space_to_batch_nd(unknown, [2, 2], [[0, 0], [0, 0]]).shape.ndims, null);
  });

  it('run time: the kernels check what only the fed values show', () => {
    const x = tf.placeholder(tf.float32);
    const feed = (v: tf.Tensor, shape: number[]) => tf.Session().run(v, { feed_dict: new Map([[x, tf.Session().run(iota(shape))]]) });
    const crops = tf.placeholder(tf.int32);
    assert.throws(() => tf.Session().run(tf.batch_to_space_nd(iota([4, 1, 1, 1]), [2, 2], crops), { feed_dict: new Map([[crops, [[0, 0]]]]) }),
      (e: Error) => e.name === 'InvalidArgumentError' && e.message.includes('crops should have shape [2, 2] instead of [1,2]'));
    assert.throws(() => feed(tf.batch_to_space_nd(x, [2, 2], [[0, 0], [0, 0]]), [3, 1, 1, 1]),
      (e: Error) => e.name === 'InvalidArgumentError' && e.message.includes('Input batch dimension (3) is not divisible by product of block sizes (4)'));
    assert.throws(() => feed(tf.space_to_batch(x, [[0, 0], [0, 0]], 2), [4, 4]),
      (e: Error) => e.name === 'InvalidArgumentError' && e.message.includes('input rank should be >= 3 instead of 2'));
  });
});
