// tf.TensorArray (TensorArrayV3 and its ops), tf.map_fn, tf.scan, tf.foldl, tf.foldr: values, graphs,
// errors, and gradients against finite differences.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { checkGradient } from './gradient_check';
import { run } from './helpers';

const f32 = (v: number[] | number[][]) => tf.constant(v, { dtype: tf.float32 });

describe('tf.TensorArray', () => {
  beforeEach(() => tf.reset_default_graph());

  it('writes, reads, stacks and knows its size, with TF\'s node names', () => {
    const ta = new tf.TensorArray(tf.float32, { size: 3 });
    assert.equal(ta.handle.op.name, 'TensorArray');
    assert.equal(ta.handle.op.type, 'TensorArrayV3');
    assert.equal(ta.flow.dtype, tf.float32);
    const w = ta.write(0, f32([1, 2])).write(1, f32([3, 4])).write(2, f32([5, 6]));
    assert.equal(w.flow.op.name, 'TensorArrayWrite_2/TensorArrayWriteV3');
    assert.equal(w.element_shape.toString(), '(2,)');
    const stacked = w.stack();
    assert.equal(stacked.op.name, 'TensorArrayStack/TensorArrayGatherV3');
    assert.equal(stacked.shape.toString(), '(?, 2)');
    tf.Session((sess) => {
      assert.deepEqual(sess.run(stacked).toArray(), [[1, 2], [3, 4], [5, 6]]);
      assert.deepEqual(sess.run(w.read(1)).toArray(), [3, 4]);
      assert.equal(sess.run(w.size()).item(), 3);
      assert.deepEqual(sess.run(w.gather([2, 0])).toArray(), [[5, 6], [1, 2]]);
    });
  });

  it('unstacks, scatters, concats and splits', () => {
    const ta = new tf.TensorArray(tf.int32, { size: 3 }).unstack(tf.constant([[1, 2], [3, 4], [5, 6]]));
    assert.deepEqual(run(ta.read(2)).toArray(), [5, 6]);
    const scattered = new tf.TensorArray(tf.int32, { size: 3 }).scatter([2, 0, 1], tf.constant([[7], [8], [9]]));
    assert.deepEqual(run(scattered.stack()).toArray(), [[8], [9], [7]]);
    // Pieces of different lengths need infer_shape: false (the elements then differ in shape).
    const split = new tf.TensorArray(tf.float32, { size: 3, infer_shape: false }).split(f32([1, 2, 3, 4, 5, 6]), tf.constant([1, 3, 2]));
    assert.deepEqual(run(split.read(1)).toArray(), [2, 3, 4]);
    assert.deepEqual(run(split.concat()).toArray(), [1, 2, 3, 4, 5, 6]);
  });

  it('grows when dynamic_size is set and carries through tf.while_loop', () => {
    const ta = new tf.TensorArray(tf.int32, { size: 0, dynamic_size: true });
    const [, out] = tf.while_loop((i: tf.Tensor) => tf.less(i, 4), (i: tf.Tensor, acc: tf.TensorArray) => [i.add(1), acc.write(i, i.mul(i))], [tf.constant(0, { dtype: tf.int32 }), ta]) as [tf.Tensor, tf.TensorArray];
    assert.ok(out instanceof tf.TensorArray);
    tf.Session((sess) => {
      assert.deepEqual(sess.run(out.stack()).toArray(), [0, 1, 4, 9]);
      assert.equal(sess.run(out.size()).item(), 4);
    });
  });

  it('raises TF\'s errors', () => {
    assert.throws(() => new tf.TensorArray(tf.float32), /Size must be provided if handle is not provided/);
    const ta = new tf.TensorArray(tf.float32, { size: 2 });
    assert.throws(() => ta.write(0, tf.constant([1, 2], { dtype: tf.int32 })), /TensorArray dtype is float32 but Op is trying to write dtype int32/);
    const w = ta.write(0, f32([1, 2]));
    assert.throws(() => w.write(1, f32([1, 2, 3])), /Inconsistent shapes: saw \(3,\) but expected \(2,\)/);
    assert.throws(() => run(w.write(2, f32([1, 2])).flow), /Tried to write to index 2 but array is not resizeable and size is: 2/);
    assert.throws(() => run(w.write(0, f32([3, 4])).flow), /Could not write to TensorArray index 0 because it has already been written to/);
    const twice = w.read(0);
    tf.Session((sess) => {
      assert.throws(() => sess.run([twice, tf.control_dependencies([twice], () => w.read(0))]), /Could not read index 0 twice because it was cleared after a previous read/);
      // An element never written reads as zeros when the element shape is known, else it is an error.
      assert.deepEqual(sess.run(w.read(1)).toArray(), [0, 0]);
      const unknownShape = new tf.TensorArray(tf.float32, { size: 2, infer_shape: false }).write(0, f32([1, 2]));
      assert.throws(() => sess.run(unknownShape.read(1)), /Could not read from TensorArray index 1.  Furthermore, the element shape is not fully defined/);
    });
  });

  it('differentiates writes, reads, stack, unstack, gather, scatter, concat and split (finite differences)', () => {
    checkGradient((x) => {
      const ta = new tf.TensorArray(tf.float64, { size: 3 }).unstack(x);
      return tf.stack([ta.read(2).mul(ta.read(0)), ta.read(1)]);
    }, [{ shape: [3, 2] }], 11);
    checkGradient((x, y) => new tf.TensorArray(tf.float64, { size: 2 }).write(0, x).write(1, tf.sin(y)).stack(), [{ shape: [2] }, { shape: [2] }], 12);
    checkGradient((x) => new tf.TensorArray(tf.float64, { size: 3, clear_after_read: false }).scatter([1, 0, 2], x).gather([2, 1]), [{ shape: [3, 2] }], 13);
    checkGradient((x) => tf.square(new tf.TensorArray(tf.float64, { size: 2, infer_shape: false }).split(x, [1, 3]).concat()), [{ shape: [4] }], 14);
  });

  it('differentiates an array written in a loop (as dynamic_rnn does)', () => {
    checkGradient((x, w) => {
      const n = 3;
      const inputs = new tf.TensorArray(tf.float64, { size: n }).unstack(x);
      const outputs = new tf.TensorArray(tf.float64, { size: n });
      const [, , res] = tf.while_loop((t: tf.Tensor) => tf.less(t, n),
        (t: tf.Tensor, h: tf.Tensor, out: tf.TensorArray) => {
          const next = tf.tanh(tf.matmul(h, w).add(inputs.read(t)));
          return [t.add(1), next, out.write(t, next)];
        }, [tf.constant(0, { dtype: tf.int32 }), tf.zeros([1, 2], tf.float64), outputs]) as [tf.Tensor, tf.Tensor, tf.TensorArray];
      return res.stack();
    }, [{ shape: [3, 1, 2] }, { shape: [2, 2] }], 15);
  });
});

describe('tf.map_fn, tf.scan, tf.foldl, tf.foldr', () => {
  beforeEach(() => tf.reset_default_graph());

  it('map_fn maps the first dimension, over structures and to other dtypes', () => {
    const squares = tf.map_fn((x) => x.mul(x), tf.constant([1, 2, 3]));
    assert.equal(squares.op.name, 'map/TensorArrayStack/TensorArrayGatherV3');
    assert.equal(squares.shape.toString(), '(3,)');
    assert.deepEqual(run(squares).toArray(), [1, 4, 9]);
    const summed = tf.map_fn(([a, b]: tf.Tensor[]) => a.add(b), [tf.constant([1, 2], { dtype: tf.int32 }), tf.constant([10, 20], { dtype: tf.int32 })], { dtype: tf.int32 });
    assert.deepEqual(run(summed as tf.Tensor).toArray(), [11, 22]);
    const pair = tf.map_fn<tf.Tensor[]>((x: tf.Tensor) => [x, tf.cast(x, tf.float32).mul(0.5)], tf.constant([2, 4], { dtype: tf.int32 }), { dtype: [tf.int32, tf.float32] });
    assert.deepEqual(run(pair[1]).toArray(), [1, 2]);
    const x = tf.placeholder(tf.float32, [null, 2]);
    const rows = tf.map_fn((r) => tf.reduce_sum(r), x);
    assert.deepEqual(run(rows, new Map([[x, tf.NDArray.from([[1, 2], [3, 4], [5, 6]], tf.float32)]])).toArray(), [3, 7, 11]);
    assert.throws(() => tf.map_fn((r) => [r, r] as never, tf.constant([1, 2])), /same nested structure|same number of elements/);
  });

  it('scan keeps the running accumulator, forwards or in reverse, with or without an initializer', () => {
    const xs = tf.constant([1, 2, 3, 4]);
    assert.deepEqual(run(tf.scan((a, x) => a.add(x), xs)).toArray(), [1, 3, 6, 10]);
    assert.deepEqual(run(tf.scan((a, x) => a.add(x), xs, { reverse: true })).toArray(), [10, 9, 7, 4]);
    assert.deepEqual(run(tf.scan((a, x) => a.mul(x), xs, { initializer: tf.constant(2) })).toArray(), [2, 4, 12, 48]);
    const fib = tf.scan<tf.Tensor[]>(([a, b]: tf.Tensor[]) => [b, a.add(b)], tf.constant([0, 0, 0, 0, 0]), { initializer: [tf.constant(0), tf.constant(1)] });
    assert.deepEqual(run(fib[0]).toArray(), [1, 1, 2, 3, 5]);
  });

  it('foldl and foldr reduce from either end', () => {
    const xs = tf.constant([1, 2, 3]);
    assert.equal(run(tf.foldl((a, x) => a.add(x), xs)).item(), 6);
    // (((10 - 1) - 2) - 3) and (((10 - 3) - 2) - 1) are equal; a non-commutative fold shows the order.
    assert.equal(run(tf.foldl((a, x) => a.mul(10).add(x), xs)).item(), 123);
    assert.equal(run(tf.foldr((a, x) => a.mul(10).add(x), xs)).item(), 321);
    assert.equal(run(tf.foldr((a, x) => a.mul(10).add(x), xs, { initializer: tf.constant(9) })).item(), 9321);
  });

  it('differentiates map_fn and scan (finite differences)', () => {
    checkGradient((x, w) => tf.map_fn((r) => tf.tanh(tf.reduce_sum(r.mul(w))), x), [{ shape: [3, 2] }, { shape: [2] }], 21);
    checkGradient((x) => tf.scan((a, e) => a.mul(e).add(1), x), [{ shape: [4, 2] }], 22);
    checkGradient((x) => tf.foldr((a, e) => tf.sin(a.mul(e)), x, { initializer: tf.ones([2], tf.float64) }), [{ shape: [3, 2] }], 23);
  });
});
