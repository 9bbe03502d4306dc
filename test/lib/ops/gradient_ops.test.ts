// The ops the gradients emit (kernels, errors) and the sub-graphs TF 1.15 names for the newer
// gradients; numeric correctness of the gradients themselves is in gradients_numeric.test.ts.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { run } from './helpers';
import { getOpSchema, registeredOpTypes } from '../../../lib/framework/graph';
import { hasKernel } from '../../../lib/kernels/registry';
import '../../../lib/kernels/cpu';

const gradNames = (prefix: string) => tf.get_default_graph().get_operations().map((o) => `${o.name}:${o.type}`).filter((n) => n.startsWith(prefix));

describe('gradient ops', () => {
  beforeEach(() => tf.reset_default_graph());

  describe('kernels', () => {
    it('Pad and PadV2', () => {
      assert.deepEqual(run(tf.pad(tf.constant([[1, 2]]), [[1, 0], [0, 2]])).toArray(), [[0, 0, 0, 0], [1, 2, 0, 0]]);
      assert.deepEqual(run(tf.pad(tf.constant([1, 2]), [[1, 1]], { constant_values: 9 })).toArray(), [9, 1, 2, 9]);
      assert.throws(() => run(tf.pad(tf.constant([1]), tf.placeholder_with_default(tf.constant([[-1, 0]], { dtype: tf.int32 }), [1, 2]))), /Paddings must be non-negative/);
    });
    it('InvertPermutation, with TF\'s errors', () => {
      assert.deepEqual(run(tf.invert_permutation([2, 0, 1])).toArray(), [1, 2, 0]);
      assert.throws(() => run(tf.invert_permutation([0, 0])), /0 is duplicated in the input/);
      assert.throws(() => run(tf.invert_permutation([0, 2])), /2 is not between 0 and 2/);
    });
    it('ConcatOffset and ShapeN', () => {
      const offsets = tf.concat_offset(1, [[2, 3, 5], [2, 1, 5], [2, 4, 5]]);
      assert.deepEqual(offsets.map((o) => run(o).toArray()), [[0, 0, 0], [0, 3, 0], [0, 4, 0]]);
      assert.throws(() => run(tf.concat_offset(1, [[2, 3], [3, 3]])[0]), /mismatch/);
      assert.deepEqual(tf.shape_n([tf.zeros([2, 3]), tf.zeros([4])]).map((s) => run(s).toArray()), [[2, 3], [4]]);
    });
    it('ListDiff (setdiff1d)', () => {
      const [out, idx] = tf.setdiff1d([1, 2, 3, 4, 6], [1, 3, 5]);
      assert.deepEqual(run(out).toArray(), [2, 4, 6]);
      assert.deepEqual(run(idx).toArray(), [1, 3, 4]);
    });
    it('Cumsum and Cumprod (exclusive, reverse, another axis)', () => {
      assert.deepEqual(run(tf.cumsum([1, 2, 3])).toArray(), [1, 3, 6]);
      assert.deepEqual(run(tf.cumsum([1, 2, 3], 0, { exclusive: true, reverse: true })).toArray(), [5, 3, 0]);
      assert.deepEqual(run(tf.cumprod([[1, 2], [3, 4]], 1, { exclusive: true })).toArray(), [[1, 1], [1, 3]]);
    });
    it('UnsortedSegmentSum drops negative ids and rejects ids past num_segments', () => {
      assert.deepEqual(run(tf.unsorted_segment_sum([[1, 2], [3, 4], [5, 6]], [1, -1, 1], 2)).toArray(), [[0, 0], [6, 8]]);
      assert.throws(() => run(tf.unsorted_segment_sum([1, 2], [0, 2], 2)), /segment_ids\[1\] = 2 is out of range \[0, 2\)/);
    });
    it('StridedSliceGrad scatters dy where the slice read', () => {
      assert.deepEqual(run(tf.strided_slice_grad([2, 4], [0, 1], [2, 4], [1, 2], tf.constant([[1, 2], [3, 4]]))).toArray(), [[0, 1, 0, 2], [0, 3, 0, 4]]);
      assert.throws(() => run(tf.strided_slice_grad([2, 4], [0, 0], [2, 4], [1, 1], tf.constant([1, 2]))), /shape of dy was \[2\] instead of \[2,4\]/);
    });
    it('MaxPoolGrad sends each window\'s gradient to its first maximum; AvgPoolGrad shares it', () => {
      const x = tf.constant([[[[1], [3]], [[3], [2]]]], { dtype: tf.float32 });
      const [gMax] = (tf.gradients(tf.nn.max_pool(x, { ksize: [1, 2, 2, 1], strides: [1, 1, 1, 1], padding: 'VALID' }), [x]) as tf.Tensor[]);
      assert.deepEqual(run(gMax!).toArray(), [[[[0], [1]], [[0], [0]]]]);
      const [gAvg] = (tf.gradients(tf.nn.avg_pool(x, { ksize: [1, 2, 2, 1], strides: [1, 1, 1, 1], padding: 'SAME' }), [x]) as tf.Tensor[]);
      // Windows at (0,0) cover 4 cells, (0,1) and (1,0) 2, (1,1) 1: cell (1,1) gets 1/4 + 1/2 + 1/2 + 1.
      assert.deepEqual(Array.from(run(gAvg!).values), [0.25, 0.75, 0.75, 2.25]);
    });
  });

  describe('TF 1.15 gradient sub-graphs', () => {
    it('MaxPool and AvgPool', () => {
      const x = tf.placeholder(tf.float32, [1, 4, 4, 1], 'x');
      (tf.gradients(tf.add(tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], 'SAME'), tf.nn.avg_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], 'SAME')), [x]) as tf.Tensor[]);
      const names = gradNames('gradients/');
      assert.ok(names.includes('gradients/MaxPool_grad/MaxPoolGrad:MaxPoolGrad'), `${names}`);
      assert.ok(names.includes('gradients/AvgPool_grad/Shape:Const') && names.includes('gradients/AvgPool_grad/AvgPoolGrad:AvgPoolGrad'), `${names}`);
    });
    it('Slice: Rank, Shape, stack, Reshape, sub, concat, Pad', () => {
      const x = tf.placeholder(tf.float32, [4, 3], 'x');
      (tf.gradients(tf.slice(x, [1, 0], [2, 3]), [x]) as tf.Tensor[]);
      assert.deepEqual(gradNames('gradients/Slice_grad/'), [
        'gradients/Slice_grad/Rank:Const', 'gradients/Slice_grad/Shape:Const', 'gradients/Slice_grad/stack/1:Const', 'gradients/Slice_grad/stack:Pack',
        'gradients/Slice_grad/Reshape:Reshape', 'gradients/Slice_grad/Shape_1:Const', 'gradients/Slice_grad/sub:Sub', 'gradients/Slice_grad/sub_1:Sub',
        'gradients/Slice_grad/Reshape_1:Reshape', 'gradients/Slice_grad/concat/axis:Const', 'gradients/Slice_grad/concat:ConcatV2', 'gradients/Slice_grad/Pad:Pad',
      ]);
    });
    it('Transpose: InvertPermutation; ConcatV2: mod, ConcatOffset, Slice per input', () => {
      const x = tf.placeholder(tf.float32, [2, 3], 'x');
      (tf.gradients(tf.concat([tf.transpose(x, [1, 0]), tf.ones([3, 1])], 1), [x]) as tf.Tensor[]);
      const names = gradNames('gradients/');
      for (const n of ['gradients/transpose_grad/InvertPermutation:InvertPermutation', 'gradients/transpose_grad/transpose:Transpose',
        'gradients/concat_grad/Rank:Const', 'gradients/concat_grad/mod:FloorMod', 'gradients/concat_grad/ConcatOffset:ConcatOffset',
        'gradients/concat_grad/Slice:Slice', 'gradients/concat_grad/Slice_1:Slice']) assert.ok(names.includes(n), `${n} in ${names}`);
    });
    it('GatherV2 along axis 0: IndexedSlices, concatenated with a dense gradient, that an optimizer applies by rows', () => {
      const v = tf.Variable(tf.constant([[1, 2], [3, 4], [5, 6]], { dtype: tf.float32 }), { name: 'v' });
      const loss = tf.add(tf.reduce_sum(tf.gather(v, [2, 0, 2])), tf.reduce_sum(v));
      const [g] = tf.gradients(loss, [v]);
      // TF's _AggregateIndexedSlicesGradients: the dense gradient joins as IndexedSlices of all its rows.
      assert.ok(g instanceof tf.IndexedSlices);
      assert.equal(g.op.type, 'ConcatV2');
      assert.ok(gradNames('gradients/GatherV2_grad/').includes('gradients/GatherV2_grad/Reshape:Reshape'));
      const step = new tf.train.GradientDescentOptimizer(0.5).minimize(loss);
      assert.equal(tf.get_default_graph().get_operation_by_name('GradientDescent/update_v/ScatterSub').type, 'ScatterSub');
      const sess = new tf.Session();
      sess.run(tf.global_variables_initializer());
      assert.deepEqual(run(tf.convert_to_tensor(g)).toArray(), [[2, 2], [1, 1], [3, 3]]);
      sess.run(step);
      assert.deepEqual(sess.run(v).toArray(), [[0, 1], [2.5, 3.5], [3.5, 4.5]]);
      sess.close();
    });
    it('clip_by_value and clip_by_norm', () => {
      const x = tf.placeholder(tf.float32, [3], 'x');
      const c = tf.clip_by_value(x, 0, 1);
      assert.equal(c.op.name, 'clip_by_value');
      assert.equal(c.op.inputs[0].op.name, 'clip_by_value/Minimum');
      const n = tf.clip_by_norm(x, 2);
      assert.equal(n.op.name, 'clip_by_norm');
      assert.deepEqual(Array.from(run(tf.clip_by_norm([3, 4], 1)).values).map((a) => Math.round(a * 1e6) / 1e6), [0.6, 0.8]);
      assert.deepEqual(run(tf.clip_by_value([-2, 0.5, 3], 0, 1)).toArray(), [0, 0.5, 1]);
      assert.throws(() => tf.clip_by_value(x, tf.zeros([2, 3]), 1), /incompatible/);
    });
  });

  it('every op type with a CPU kernel has a gradient or is NotDifferentiable, except those TF leaves undeclared', () => {
    const missing = registeredOpTypes().filter((t) => hasKernel(t, 'CPU') && !getOpSchema(t)!.gradient);
    // TF 1.15 registers neither a gradient nor NotDifferentiable for these: reaching one raises LookupError.
    // tf.data's dataset and iterator ops are undeclared in TF too.
    const dataOps = /Dataset(V\d)?$|^Iterator|^OneShotIterator$|^MakeIterator$/;
    assert.deepEqual(missing.filter((t) => !dataOps.test(t)), [
      'ApplyAdagrad', 'ApplyAdam', 'ApplyCenteredRMSProp', 'ApplyGradientDescent', 'ApplyMomentum', 'ApplyRMSProp', 'Assert', 'CountUpTo',
      'IsVariableInitialized', 'ListDiff', 'NoOp', 'PrintV2', 'RandomShuffle', 'RandomUniformInt', 'Restore', 'RestoreSlice', 'RestoreV2', 'SaveV2',
      'SparseApplyAdagrad', 'SparseApplyCenteredRMSProp', 'SparseApplyFtrl', 'SparseApplyMomentum', 'SparseApplyRMSProp',
      'Variable', 'VariableV2',
      'TruncateDiv', 'TruncateMod', 'Unique', 'IgammaGradA', 'SparseReduceMax', 'SparseSplit', 'ScatterMin', 'ScatterMax', 'SegmentProd',
      'UniqueWithCounts', 'UnravelIndex', 'LowerBound', 'UpperBound', 'Bincount',
      'RandomPoissonV2', 'RandomGammaGrad', 'Lu', 'RFFT3D', 'IRFFT3D',
      'VarHandleOp', 'AssignVariableOp', 'AssignAddVariableOp', 'AssignSubVariableOp', 'DestroyResourceOp',
      'ApplyFtrl', 'ResourceApplyFtrl', 'ResourceApplyAdagrad', 'ResourceApplyAdam', 'ResourceApplyCenteredRMSProp', 'ResourceApplyGradientDescent',
      'ResourceApplyMomentum', 'ResourceApplyRMSProp',
      'ApplyAdadelta', 'ResourceApplyAdadelta', 'SparseApplyAdadelta', 'ApplyAdagradDA', 'ResourceApplyAdagradDA', 'SparseApplyAdagradDA',
      'ApplyProximalAdagrad', 'ResourceApplyProximalAdagrad', 'SparseApplyProximalAdagrad',
      'ApplyProximalGradientDescent', 'ResourceApplyProximalGradientDescent', 'SparseApplyProximalGradientDescent',
      'AdjustContrastv2', 'AdjustHue', 'AdjustSaturation', 'RGBToHSV', 'ResizeArea',
      'ResizeBicubicGrad', 'ResizeBilinearGrad', 'ResizeNearestNeighborGrad', 'GuaranteeConst',
      // TF's EagerPyFunc gradient replays an eager tape, which graph-only scopeflow has not: a LookupError here.
      'EagerPyFunc',
    ].sort());
  });

  describe('count_up_to', () => {
    it('yields 0..limit-1, then OutOfRangeError; tf.count_up_to and Variable.count_up_to', () => {
      const v = tf.Variable(0, { dtype: tf.int32, name: 'counter' });
      const up = v.count_up_to(2);
      assert.equal(up.op.type, 'CountUpTo');
      assert.equal(tf.count_up_to(v, 5).op.name, 'CountUpTo_1');
      const sess = new tf.Session();
      sess.run(tf.global_variables_initializer());
      assert.deepEqual([sess.run(up).item(), sess.run(up).item()], [0, 1]);
      assert.throws(() => sess.run(up), (e: Error) => e.name === 'OutOfRangeError' && /Reached limit of 2/.test(e.message));
      assert.equal(sess.run(v).item(), 2);
      sess.close();
      assert.throws(() => tf.count_up_to(tf.Variable(0.5), 3), /int32 or int64/);
    });
  });
});
