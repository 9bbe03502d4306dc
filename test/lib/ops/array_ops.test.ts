// Array ops: TF's node names, static shapes (with unknown dimensions), values and error texts.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { assertClose, nodes, run } from './helpers';

describe('array ops', () => {
  beforeEach(() => tf.reset_default_graph());

  describe('reshape', () => {
    it('infers -1 and computes values', () => {
      const x = tf.constant([[1, 2, 3], [4, 5, 6]]);
      const r = tf.reshape(x, [3, -1]);
      assert.equal(r.shape.toString(), '(3, 2)');
      assert.deepEqual(run(r).toArray(), [[1, 2], [3, 4], [5, 6]]);
      assert.deepEqual(nodes(), ['Const:Const', 'Reshape/shape:Const', 'Reshape:Reshape']);
    });
    it('raises TF\'s build-time error for a static mismatch', () => {
      const x = tf.constant([[1, 2, 3], [4, 5, 6]]);
      assert.throws(() => tf.reshape(x, [4]), {
        name: 'ValueError',
        message: "Cannot reshape a tensor with 6 elements to shape [4] (4 elements) for 'Reshape' (op: 'Reshape') with input shapes: [2,3], [1].",
      });
    });
    it('raises InvalidArgumentError at run time when the shape is only known then', () => {
      const p = tf.placeholder(tf.float32, [null, 3]);
      const r = tf.reshape(p, [4]);
      assert.equal(r.shape.toString(), '(4,)');
      assert.throws(() => run(r, new Map([[p, [[1, 2, 3], [4, 5, 6]]]])), (e: Error) =>
        e instanceof tf.errors.InvalidArgumentError && e.message.startsWith('Input to reshape is a tensor with 6 values, but the requested shape has 4'));
    });
    it('keeps unknown dims from a partially known input', () => {
      const p = tf.placeholder(tf.float32, [null, 3]);
      assert.equal(tf.reshape(p, [-1, 3]).shape.toString(), '(?, 3)');
      assert.equal(tf.reshape(p, tf.shape(p)).shape.toString(), '(?, 3)');
    });
  });

  describe('shape, size, rank', () => {
    it('fold to Consts for static shapes and are ops otherwise', () => {
      const x = tf.zeros([2, 3]);
      const s = tf.shape(x), n = tf.size(x), r = tf.rank(x);
      assert.deepEqual([s.op.type, n.op.type, r.op.type], ['Const', 'Const', 'Const']);
      assert.deepEqual(run(s).toArray(), [2, 3]);
      const p = tf.placeholder(tf.float32, [null, 3]);
      const ps = tf.shape(p, { out_type: tf.int64 });
      assert.equal(ps.op.type, 'Shape');
      assert.equal(ps.dtype, tf.int64);
      assert.equal(ps.shape.toString(), '(2,)');
      const u = tf.placeholder(tf.float32);
      assert.equal(tf.shape(u).shape.toString(), '(?,)');
      const feed = new Map([[p, [[1, 2, 3]]]]);
      assert.deepEqual(run(ps, feed).toArray(), [1, 3]);
      assert.equal(run(tf.size(p), feed).item(), 3);
      assert.equal(tf.rank(u).op.type, 'Rank');
      assert.equal(run(tf.rank(u), new Map([[u, [[[1]]]]])).item(), 3);
    });
  });

  describe('zeros, ones, fill and the _like builders', () => {
    it('builds a Const named zeros below 1000 elements, and a Fill above', () => {
      tf.zeros([200]);
      tf.zeros([1000], tf.int32);
      assert.deepEqual(nodes(), ['zeros:Const', 'zeros_1/shape_as_tensor:Const', 'zeros_1/Const:Const', 'zeros_1:Fill']);
      const big = tf.get_default_graph().get_tensor_by_name('zeros_1:0');
      assert.equal(big.shape.toString(), '(1000,)');
      const v = run(big);
      assert.equal(v.dtype, tf.int32);
      assert.ok(v.values.every((x) => x === 0));
    });
    it('empty zeros and ones: a Const of no elements, as TF broadcasts its value', () => {
      const z = tf.zeros([0]), o = tf.ones([2, 0], tf.int32);
      assert.equal(z.op.type, 'Const');
      assert.deepEqual(run(z).shape, [0]);
      assert.deepEqual(run(o).shape, [2, 0]);
      assert.equal(run(o).dtype, tf.int32);
      assert.throws(() => tf.constant(0, { shape: [0] }), /Too many elements provided\. Needed at most 0, but received 1/);
    });
    it('ones, bool zeros and fill', () => {
      assert.deepEqual(run(tf.ones([2, 2], tf.int32)).toArray(), [[1, 1], [1, 1]]);
      assert.deepEqual(run(tf.zeros([2], tf.bool)).toArray(), [false, false]);
      const f = tf.fill([2, 3], 9);
      assert.equal(f.op.type, 'Fill');
      assert.equal(f.shape.toString(), '(2, 3)');
      assert.deepEqual(run(f).toArray(), [[9, 9, 9], [9, 9, 9]]);
      assert.throws(() => tf.fill([2], [1, 2]), /Shape must be rank 0 but is rank 1 for 'Fill_1' \(op: 'Fill'\) with input shapes: \[1\], \[2\]\./);
    });
    it('zeros_like and ones_like as TF builds them', () => {
      const x = tf.constant([[1, 2], [3, 4]], { dtype: tf.float32 });
      tf.zeros_like(x);
      tf.ones_like(x);
      const p = tf.placeholder(tf.float32, [null, 2]);
      const zl = tf.zeros_like(p);
      const ol = tf.ones_like(p);
      assert.deepEqual(nodes(), [
        'Const:Const', 'zeros_like:Const', 'ones_like/Shape:Const', 'ones_like/Const:Const', 'ones_like:Fill',
        'Placeholder:Placeholder', 'zeros_like_1:ZerosLike', 'ones_like_1/Shape:Shape', 'ones_like_1/Const:Const', 'ones_like_1:Fill',
      ]);
      assert.equal(ol.shape.toString(), '(?, 2)');
      const feed = new Map([[p, [[5, 6]]]]);
      assert.deepEqual(run(zl, feed).toArray(), [[0, 0]]);
      assert.deepEqual(run(ol, feed).toArray(), [[1, 1]]);
    });
  });

  describe('expand_dims, squeeze, tile', () => {
    it('shapes, values and errors', () => {
      const x = tf.constant([[1, 2, 3], [4, 5, 6]]);
      assert.equal(tf.expand_dims(x, 0).shape.toString(), '(1, 2, 3)');
      assert.equal(tf.expand_dims(x, -1).shape.toString(), '(2, 3, 1)');
      assert.throws(() => tf.expand_dims(x, 4), /Tried to expand dim index 4 for tensor with 2 dimensions\./);
      const y = tf.zeros([1, 2, 1, 3]);
      assert.equal(tf.squeeze(y).shape.toString(), '(2, 3)');
      assert.equal(tf.squeeze(y, [2]).shape.toString(), '(1, 2, 3)');
      assert.throws(() => tf.squeeze(y, [1]), /Can not squeeze dim\[1\], expected a dimension of 1, got 2/);
      assert.equal(tf.squeeze(tf.placeholder(tf.float32, [null, 1])).shape.toString(), '<unknown>');
      const t = tf.tile(x, [2, 1]);
      assert.equal(t.shape.toString(), '(4, 3)');
      assert.deepEqual(run(t).toArray(), [[1, 2, 3], [4, 5, 6], [1, 2, 3], [4, 5, 6]]);
      assert.equal(tf.tile(tf.placeholder(tf.float32, [null, 3]), [2, 2]).shape.toString(), '(?, 6)');
    });
  });

  describe('stack, unstack, concat', () => {
    it('folds plain values into a Const and packs tensors', () => {
      tf.stack([1, 2]);
      const a = tf.constant([1, 2]), b = tf.constant([3, 4]);
      const s = tf.stack([a, b], { axis: 1 });
      assert.equal(s.op.type, 'Pack');
      assert.equal(s.op.name, 'stack_1');
      assert.deepEqual(run(s).toArray(), [[1, 3], [2, 4]]);
      assert.equal(tf.get_default_graph().get_operation_by_name('stack').type, 'Const');
      const parts = tf.unstack(s, { axis: 1 });
      assert.equal(parts.length, 2);
      assert.deepEqual(run(parts[1]).toArray(), [3, 4]);
      assert.throws(() => tf.stack([a, tf.constant([1, 2, 3])], { axis: 1 }), /Dimension 0 in both shapes must be equal, but are 2 and 3/);
    });
    it('concat: names, shapes with unknown dims, values, errors', () => {
      const a = tf.constant([[1, 2]], { dtype: tf.int32 }), b = tf.constant([[3, 4], [5, 6]], { dtype: tf.int32 });
      const c = tf.concat([a, b], 0);
      assert.equal(c.shape.toString(), '(3, 2)');
      assert.deepEqual(run(c).toArray(), [[1, 2], [3, 4], [5, 6]]);
      assert.ok(nodes().includes('concat/axis:Const'));
      const p = tf.placeholder(tf.int32, [null, 2]);
      assert.equal(tf.concat([p, b], 0).shape.toString(), '(?, 2)');
      assert.equal(tf.concat([p, b], 1).shape.toString(), '(2, 4)');
      assert.throws(() => tf.concat([a, tf.constant([[1, 2, 3]])], 0), /Dimension 1 in both shapes must be equal, but are 2 and 3/);
      assert.equal(tf.concat([a], 0).op.type, 'Identity');
    });
  });

  describe('transpose, slice, strided_slice, getitem', () => {
    it('transpose by default reverses the dimensions', () => {
      const x = tf.constant([[[1, 2, 3], [4, 5, 6]]]);
      const t = tf.transpose(x);
      assert.equal(t.shape.toString(), '(3, 2, 1)');
      assert.deepEqual(run(t).toArray(), [[[1], [4]], [[2], [5]], [[3], [6]]]);
      assert.deepEqual(nodes().slice(1), ['transpose/perm:Const', 'transpose:Transpose']);
      assert.deepEqual(run(tf.transpose(x, [1, 0, 2])).toArray(), [[[1, 2, 3]], [[4, 5, 6]]]);
      assert.throws(() => tf.transpose(x, [1, 0]), /Dimension must be 3 but is 2 for 'transpose_2'/);
    });
    it('transpose of unknown rank builds Rank and Range', () => {
      const u = tf.placeholder(tf.float32);
      const t = tf.transpose(u);
      assert.deepEqual(nodes().slice(1), ['transpose/Rank:Rank', 'transpose/sub/y:Const', 'transpose/sub:Sub', 'transpose/Range/start:Const',
        'transpose/Range/delta:Const', 'transpose/Range:Range', 'transpose/sub_1:Sub', 'transpose:Transpose']);
      assert.deepEqual(run(t, new Map([[u, [[1, 2]]]])).toArray(), [[1], [2]]);
    });
    it('slice and strided_slice', () => {
      const x = tf.constant([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
      const s = tf.slice(x, [1, 0], [2, -1]);
      assert.equal(s.shape.toString(), '(2, 3)');
      assert.deepEqual(run(s).toArray(), [[4, 5, 6], [7, 8, 9]]);
      assert.throws(() => tf.slice(x, [2, 0], [2, 1]), /Expected size\[0\] in \[0, 1\], but got 2/);
      const ss = tf.strided_slice(x, [0, 2], [3, 0], [2, -1]);
      assert.equal(ss.shape.toString(), '(2, 2)');
      assert.deepEqual(run(ss).toArray(), [[3, 2], [9, 8]]);
    });
    it('getitem builds strided_slice/stack* like Python indexing', () => {
      const x = tf.constant([[1, 2, 3], [4, 5, 6]]);
      const y = tf.getitem(x, { start: 1 }, 0);
      assert.deepEqual(nodes().slice(1), ['strided_slice/stack:Const', 'strided_slice/stack_1:Const', 'strided_slice/stack_2:Const', 'strided_slice:StridedSlice']);
      assert.equal(y.shape.toString(), '(1,)');
      assert.deepEqual(run(y).toArray(), [4]);
      assert.deepEqual(run(tf.getitem(x, '...', { step: -1 })).toArray(), [[3, 2, 1], [6, 5, 4]]);
      assert.equal(tf.getitem(x, null, 1).shape.toString(), '(1, 3)');
      assert.throws(() => tf.getitem(x, 5), /slice index 5 of dimension 0 out of bounds\./);
      const p = tf.placeholder(tf.float32, [null, 4]);
      assert.equal(tf.getitem(p, { stop: 2 }, { start: 1, stop: 3 }).shape.toString(), '(?, 2)');
    });
  });

  describe('gather, where, select, boolean_mask, one_hot', () => {
    it('gather along axes with TF\'s index error', () => {
      const x = tf.constant([[1, 2], [3, 4], [5, 6]]);
      const g = tf.gather(x, [2, 0]);
      assert.deepEqual(nodes().slice(1), ['GatherV2/indices:Const', 'GatherV2/axis:Const', 'GatherV2:GatherV2']);
      assert.deepEqual(run(g).toArray(), [[5, 6], [1, 2]]);
      assert.deepEqual(run(tf.gather(x, [[1], [0]], { axis: 1 })).toArray(), [[[2], [1]], [[4], [3]], [[6], [5]]]);
      assert.throws(() => run(tf.gather(x, [3])), /indices\[0\] = 3 is not in \[0, 3\)/);
    });
    it('where (1 and 3 arguments) and Select', () => {
      const c = tf.constant([[true, false], [false, true]]);
      const w = tf.where(c);
      assert.equal(w.dtype, tf.int64);
      assert.equal(w.shape.toString(), '(?, 2)');
      assert.deepEqual(run(w).toArray(), [[0, 0], [1, 1]]);
      const s = tf.where(c, tf.constant([[1, 2], [3, 4]]), tf.constant([[-1, -2], [-3, -4]]));
      assert.equal(s.op.type, 'Select');
      assert.deepEqual(run(s).toArray(), [[1, -2], [-3, 4]]);
      const rows = tf.where(tf.constant([true, false]), tf.constant([[1, 2], [3, 4]]), tf.zeros([2, 2], tf.int32));
      assert.deepEqual(run(rows).toArray(), [[1, 2], [0, 0]]);
      assert.throws(() => tf.where(c, tf.constant([1, 2]), tf.constant([1, 2, 3])), /Dimension 0 in both shapes must be equal, but are 2 and 3/);
    });
    it('boolean_mask builds TF 1.x\'s sub-graph and picks masked elements', () => {
      const x = tf.constant([[1, 2], [3, 4], [5, 6]]);
      const m = tf.boolean_mask(x, tf.constant([true, false, true]));
      assert.equal(m.op.name, 'boolean_mask/GatherV2');
      assert.equal(m.shape.toString(), '(?, 2)');
      for (const n of ['boolean_mask/Shape:Const', 'boolean_mask/Prod:Prod', 'boolean_mask/concat/values_1:Pack', 'boolean_mask/Reshape:Reshape',
        'boolean_mask/Reshape_1:Reshape', 'boolean_mask/Where:Where', 'boolean_mask/Squeeze:Squeeze']) assert.ok(nodes().includes(n), n);
      assert.deepEqual(run(m).toArray(), [[1, 2], [5, 6]]);
      const all = tf.boolean_mask(x, tf.greater(x, 3));
      assert.deepEqual(run(all).toArray(), [4, 5, 6]);
      assert.throws(() => tf.boolean_mask(x, tf.constant(true)), /mask cannot be scalar\./);
    });
    it('one_hot', () => {
      const o = tf.one_hot([0, 2, -1], 3);
      assert.equal(o.shape.toString(), '(3, 3)');
      assert.deepEqual(run(o).toArray(), [[1, 0, 0], [0, 0, 1], [0, 0, 0]]);
      assert.ok(nodes().includes('one_hot/on_value:Const') && nodes().includes('one_hot/depth:Const'));
      const axis0 = tf.one_hot([1, 0], 2, { on_value: 5, off_value: -1, axis: 0, dtype: tf.int32 });
      assert.equal(axis0.dtype, tf.int32);
      assert.deepEqual(run(axis0).toArray(), [[-1, 5], [5, -1]]);
    });
  });

  describe('range, stop_gradient, BroadcastGradientArgs', () => {
    it('range infers dtype and length', () => {
      const r = tf.range(1, 2, 0.25);
      assert.equal(r.dtype, tf.float32);
      assert.equal(r.shape.toString(), '(4,)');
      assertClose(run(r).values, [1, 1.25, 1.5, 1.75]);
      assert.deepEqual(run(tf.range(5)).toArray(), [0, 1, 2, 3, 4]);
      assert.deepEqual(run(tf.range(5, 0, -2)).toArray(), [5, 3, 1]);
      assert.throws(() => tf.range(5, 1, 1), /Requires start <= limit when delta > 0: 5\/1/);
    });
    it('stop_gradient is an identity and BroadcastGradientArgs gives reduction axes', () => {
      const x = tf.constant([1, 2]);
      assert.equal(tf.stop_gradient(x).op.type, 'StopGradient');
      assert.deepEqual(run(tf.stop_gradient(x)).toArray(), [1, 2]);
      const op = tf.get_default_graph().create_op('BroadcastGradientArgs', [tf.constant([2, 3]), tf.constant([4])], { attrs: { T: { type: tf.int32 } } });
      const sess = new tf.Session();
      assert.throws(() => sess.run(op.outputs), /Incompatible shapes: \[2,3\] vs. \[4\]/);
      const ok = tf.get_default_graph().create_op('BroadcastGradientArgs', [tf.constant([2, 3, 1]), tf.constant([3, 5])], { attrs: { T: { type: tf.int32 } } });
      const [r0, r1] = sess.run(ok.outputs);
      assert.deepEqual([r0.toArray(), r1.toArray()], [[2], [0]]);
    });
  });
});
