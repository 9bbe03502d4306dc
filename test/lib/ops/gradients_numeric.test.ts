// Every differentiable op's gradient against central finite differences, on random shapes and values
// in float64. The checked scalar is sum(f(x) * r) with a random r, so the gradient flowing into f is
// not all ones and a wrong broadcast or transpose shows up.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { Domain, checkGradient, rng, sample } from './gradient_check';

/** Random dims: `rank` sizes between 1 and 4. */
function dims(rand: () => number, rank: number): number[] { return Array.from({ length: rank }, () => 1 + Math.floor(rand() * 4)); }

describe('gradients vs finite differences', () => {
  const r = rng(42);

  describe('unary math ops', () => {
    const cases: [string, (x: tf.Tensor) => tf.Tensor, Domain][] = [
      ['Neg', (x) => tf.negative(x), 'any'], ['Square', (x) => tf.square(x), 'any'],
      ['Sqrt', (x) => tf.sqrt(x), 'positive'], ['Rsqrt', (x) => tf.rsqrt(x), 'positive'],
      ['Exp', (x) => tf.exp(x), 'any'], ['Log', (x) => tf.log(x), 'positive'], ['Log1p', (x) => tf.log1p(x), 'positive'],
      ['Abs', (x) => tf.abs(x), 'awayFromZero'], ['Reciprocal', (x) => tf.reciprocal(x), 'awayFromZero'],
      ['Sigmoid', (x) => tf.sigmoid(x), 'any'], ['Tanh', (x) => tf.tanh(x), 'any'],
      ['Sin', (x) => tf.sin(x), 'any'], ['Cos', (x) => tf.cos(x), 'any'],
      ['Identity', (x) => tf.identity(x), 'any'],
    ];
    cases.forEach(([name, f, domain], i) => {
      it(name, () => { checkGradient(f, [{ shape: dims(r, 1 + (i % 3)), domain }], 100 + i); });
    });
    it('Sign has a zero gradient', () => {
      tf.reset_default_graph();
      const x = tf.constant([1.5, -2], { dtype: tf.float64 });
      const [g] = (tf.gradients(tf.sign(x), [x]) as tf.Tensor[]);
      assert.deepEqual(new tf.Session().run(g!).toArray(), [0, 0]);
    });
  });

  describe('broadcasting binary ops', () => {
    const cases: [string, (x: tf.Tensor, y: tf.Tensor) => tf.Tensor, Domain][] = [
      ['Add', (x, y) => tf.add(x, y), 'any'], ['Sub', (x, y) => tf.subtract(x, y), 'any'], ['Mul', (x, y) => tf.multiply(x, y), 'any'],
      ['RealDiv', (x, y) => tf.truediv(x, y), 'awayFromZero'], ['Maximum', (x, y) => tf.maximum(x, y), 'distinct'],
      ['Minimum', (x, y) => tf.minimum(x, y), 'distinct'], ['Pow', (x, y) => tf.pow(x, y), 'positive'],
      ['SquaredDifference', (x, y) => tf.squared_difference(x, y), 'any'],
    ];
    cases.forEach(([name, f, domain], i) => {
      it(`${name}: same shapes, a broadcast row and a scalar`, () => {
        const [a, b] = dims(r, 2);
        const types = checkGradient(f, [{ shape: [a, b], domain }, { shape: [a, b], domain: domain === 'distinct' ? 'any' : domain }], 200 + i);
        checkGradient(f, [{ shape: [a, b], domain }, { shape: [b], domain: domain === 'distinct' ? 'any' : domain }], 300 + i);
        checkGradient(f, [{ shape: [], domain }, { shape: [a, 1, b], domain: domain === 'distinct' ? 'any' : domain }], 400 + i);
        assert.ok(types.length > 0);
      });
    });
    it('AddN and a tensor used twice (fan-in through AddN)', () => {
      const types = checkGradient((x, y) => tf.add_n([x, tf.multiply(x, y), y]), [{ shape: [3, 2] }, { shape: [3, 2] }], 500);
      assert.ok(types.includes('AddN'));
    });
  });

  describe('matmul, reductions and casts', () => {
    for (const [ta, tb] of [[false, false], [false, true], [true, false], [true, true]]) {
      it(`MatMul transpose_a=${ta} transpose_b=${tb}`, () => {
        const [m, k, n] = dims(r, 3);
        checkGradient((a, b) => tf.matmul(a, b, { transpose_a: ta, transpose_b: tb }), [{ shape: ta ? [k, m] : [m, k] }, { shape: tb ? [n, k] : [k, n] }], 600 + Number(ta) * 2 + Number(tb));
      });
    }
    for (const [ta, tb] of [[false, false], [false, true], [true, false], [true, true]]) {
      it(`BatchMatMulV2 adjoint_a=${ta} adjoint_b=${tb}, batch dimensions broadcast`, () => {
        const [m, k, n] = dims(r, 3);
        const x = ta ? [2, 1, k, m] : [2, 1, m, k], y = tb ? [3, n, k] : [3, k, n];
        checkGradient((a, b) => tf.matmul(a, b, { adjoint_a: ta, adjoint_b: tb }), [{ shape: x }, { shape: y }], 640 + Number(ta) * 2 + Number(tb));
      });
    }
    const reductions: [string, (x: tf.Tensor, axis: number[] | null, keepdims: boolean) => tf.Tensor, Domain][] = [
      ['Sum', (x, axis, keepdims) => tf.reduce_sum(x, axis, { keepdims }), 'any'],
      ['Mean', (x, axis, keepdims) => tf.reduce_mean(x, axis, { keepdims }), 'any'],
      ['Max', (x, axis, keepdims) => tf.reduce_max(x, axis, { keepdims }), 'distinct'],
      ['Min', (x, axis, keepdims) => tf.reduce_min(x, axis, { keepdims }), 'distinct'],
    ];
    reductions.forEach(([name, f, domain], i) => {
      it(`${name} over all axes, one axis, a negative axis, with and without keepdims`, () => {
        const shape = dims(r, 3);
        checkGradient((x) => f(x, null, false), [{ shape, domain }], 700 + i);
        checkGradient((x) => f(x, [1], true), [{ shape, domain }], 710 + i);
        checkGradient((x) => f(x, [-1, 0], false), [{ shape, domain }], 720 + i);
      });
    });
    it('Mean over a dimension unknown until run time', () => {
      tf.reset_default_graph();
      const x = tf.placeholder(tf.float64, [null, 3]);
      const [g] = (tf.gradients(tf.reduce_mean(x), [x]) as tf.Tensor[]);
      const v = new tf.Session().run(g!, new Map([[x, sample([4, 3], 'any', rng(1))]]));
      assert.deepEqual(Array.from(v.values), new Array(12).fill(1 / 12));
    });
    it('Cast between float types passes the gradient back in the source dtype', () => {
      // float32 in the middle limits what finite differences can resolve.
      checkGradient((x) => tf.cast(tf.multiply(tf.cast(x, tf.float32), 2), tf.float64), [{ shape: [3] }], 730, 5e-3);
    });
  });

  describe('array ops', () => {
    it('Reshape, ExpandDims, Squeeze', () => {
      checkGradient((x) => tf.reshape(x, [-1]), [{ shape: [2, 3] }], 800);
      checkGradient((x) => tf.expand_dims(x, 1), [{ shape: [2, 3] }], 801);
      checkGradient((x) => tf.squeeze(x), [{ shape: [2, 1, 3] }], 802);
    });
    it('Tile, Transpose, ConcatV2, Pack, Unpack', () => {
      checkGradient((x) => tf.tile(x, [2, 3]), [{ shape: dims(r, 2) }], 810);
      checkGradient((x) => tf.transpose(x, [2, 0, 1]), [{ shape: dims(r, 3) }], 811);
      checkGradient((x, y) => tf.concat([x, y, x], 1), [{ shape: [2, 3] }, { shape: [2, 1] }], 812);
      checkGradient((x, y) => tf.stack([x, y], { axis: 1 }), [{ shape: [2, 3] }, { shape: [2, 3] }], 813);
      checkGradient((x) => tf.unstack(x, { axis: 1 })[1], [{ shape: [2, 3] }], 814);
    });
    it('Select routes the gradient by the condition; Fill sums it into the value', () => {
      const cond = tf.NDArray.from([[true, false, true], [false, false, true]]);
      checkGradient((c, x, y) => tf.where(c, x, y), [{ shape: [2, 3], fixed: cond }, { shape: [2, 3] }, { shape: [2, 3] }], 820);
      checkGradient((v) => tf.fill([2, 3], v), [{ shape: [] }], 821);
    });
  });

  describe('nn ops', () => {
    const activations: [string, (x: tf.Tensor) => tf.Tensor, string][] = [
      ['Relu', (x) => tf.nn.relu(x), 'ReluGrad'], ['Relu6', (x) => tf.nn.relu6(tf.multiply(x, 4)), 'Relu6Grad'],
      ['Elu', (x) => tf.nn.elu(x), 'EluGrad'], ['Selu', (x) => tf.nn.selu(x), 'SeluGrad'],
      ['Softplus', (x) => tf.nn.softplus(x), 'SoftplusGrad'], ['Softsign', (x) => tf.nn.softsign(x), 'SoftsignGrad'],
    ];
    activations.forEach(([name, f, gradOp], i) => {
      it(`${name} (through ${gradOp})`, () => {
        const types = checkGradient(f, [{ shape: dims(r, 2), domain: 'awayFromZero' }], 900 + i);
        assert.ok(types.includes(gradOp), `${gradOp} in ${types}`);
      });
    });
    it('Softmax and LogSoftmax', () => {
      checkGradient((x) => tf.nn.softmax(x), [{ shape: [3, 4] }], 910);
      checkGradient((x) => tf.nn.log_softmax(x), [{ shape: [3, 4] }], 911);
    });
    it('BiasAdd (through BiasAddGrad) and L2Loss', () => {
      const types = checkGradient((x, b) => tf.nn.bias_add(x, b), [{ shape: [2, 3, 4] }, { shape: [4] }], 920);
      assert.ok(types.includes('BiasAddGrad'));
      checkGradient((x) => tf.nn.l2_loss(x), [{ shape: [3, 2] }], 921);
    });
    for (const [padding, stride] of [['SAME', 1], ['VALID', 1], ['SAME', 2]] as const) {
      it(`Conv2D ${padding} stride ${stride} (through Conv2DBackpropInput/Filter)`, () => {
        const types = checkGradient((x, w) => tf.nn.conv2d(x, w, { strides: [1, stride, stride, 1], padding }),
          [{ shape: [2, 5, 4, 3] }, { shape: [3, 2, 3, 2] }], 930 + stride);
        assert.ok(types.includes('Conv2DBackpropInput') && types.includes('Conv2DBackpropFilter'));
      });
    }
    it('softmax cross-entropy (v2: logits and labels), sparse, and sigmoid cross-entropy', () => {
      // The fused kernel's backprop is softmax - labels, exact when each row of labels sums to one (as in TF).
      checkGradient((logits, z) => tf.nn.softmax_cross_entropy_with_logits_v2({ labels: tf.nn.softmax(z), logits }), [{ shape: [3, 4] }, { shape: [3, 4] }], 940);
      const labels = new tf.NDArray(tf.int32, [3], Int32Array.from([2, 0, 3]));
      checkGradient((l, logits) => tf.nn.sparse_softmax_cross_entropy_with_logits({ labels: l, logits }), [{ shape: [3], fixed: labels }, { shape: [3, 4] }], 941);
      checkGradient((logits, z) => tf.nn.sigmoid_cross_entropy_with_logits({ labels: z, logits }), [{ shape: [2, 3], domain: 'awayFromZero' }, { shape: [2, 3], domain: 'positive' }], 942);
    });
    it('tf.losses.mean_squared_error', () => {
      checkGradient((p, y) => tf.losses.mean_squared_error(y, p), [{ shape: [4, 2] }, { shape: [4, 2] }], 950);
    });
  });
  /** A value known only at run time (PlaceholderWithDefault), so gradients cannot fold it. */
  const dynamic = (v: number[] | number) => tf.placeholder_with_default(tf.constant(v, { dtype: tf.int32 }), Array.isArray(v) ? [null] : []);

  describe('pooling (MaxPoolGrad, AvgPoolGrad and their own gradients)', () => {
    for (const [padding, stride, k] of [['SAME', 2, 2], ['VALID', 1, 3], ['SAME', 1, 3]] as const) {
      const opts = { ksize: [1, k, k, 1], strides: [1, stride, stride, 1], padding };
      it(`MaxPool ${padding} ${k}x${k} stride ${stride} (through MaxPoolGrad)`, () => {
        const types = checkGradient((x) => tf.nn.max_pool(x, opts), [{ shape: [2, 5, 4, 3], domain: 'distinct' }], 1000 + stride * 10 + k);
        assert.ok(types.includes('MaxPoolGrad'), `${types}`);
      });
      it(`AvgPool ${padding} ${k}x${k} stride ${stride} (through AvgPoolGrad)`, () => {
        const types = checkGradient((x) => tf.nn.avg_pool(x, opts), [{ shape: [2, 5, 4, 3] }], 1100 + stride * 10 + k);
        assert.ok(types.includes('AvgPoolGrad'), `${types}`);
      });
    }
    it('NCHW pooling', () => {
      const opts = { ksize: [1, 1, 2, 2], strides: [1, 1, 2, 2], padding: 'SAME' as const, data_format: 'NCHW' as const };
      checkGradient((x) => tf.nn.max_pool(x, opts), [{ shape: [1, 2, 3, 5], domain: 'distinct' }], 1150);
      checkGradient((x) => tf.nn.avg_pool(x, opts), [{ shape: [1, 2, 3, 5] }], 1151);
    });
    it('MaxPoolGrad and AvgPoolGrad differentiated in their gradient input (MaxPoolGradGrad, AvgPool)', () => {
      const opts = { ksize: [1, 2, 2, 1], strides: [1, 1, 1, 1], padding: 'VALID' as const };
      const maxTypes = checkGradient((g) => {
        const x = tf.constant(sample([1, 4, 3, 2], 'distinct', rng(5)));
        return (tf.gradients(tf.nn.max_pool(x, opts), [x], { grad_ys: g }) as tf.Tensor[])[0]!;
      }, [{ shape: [1, 3, 2, 2] }], 1160);
      assert.ok(maxTypes.includes('MaxPoolGradGrad'), `${maxTypes}`);
      const avgTypes = checkGradient((g) => {
        const x = tf.constant(sample([1, 4, 3, 2], 'any', rng(6)));
        return (tf.gradients(tf.nn.avg_pool(x, opts), [x], { grad_ys: g }) as tf.Tensor[])[0]!;
      }, [{ shape: [1, 3, 2, 2] }], 1161);
      assert.ok(avgTypes.includes('AvgPool'), `${avgTypes}`);
      // MaxPoolGradGrad (the derivative of MaxPoolGrad in its gradient input u) has MaxPoolGrad as its own gradient.
      const types = checkGradient((g) => {
        const x = tf.constant(sample([1, 4, 3, 2], 'distinct', rng(7)));
        const u = tf.zeros([1, 3, 2, 2], tf.float64);
        const first = (tf.gradients(tf.nn.max_pool(x, opts), [x], { grad_ys: u }) as tf.Tensor[])[0]!;
        return (tf.gradients(first, [u], { grad_ys: g }) as tf.Tensor[])[0]!;
      }, [{ shape: [1, 4, 3, 2] }], 1162);
      assert.deepEqual(types.filter((t) => t.startsWith('MaxPool')), ['MaxPoolGrad', 'MaxPoolGradGrad', 'MaxPoolGrad']);
    });
  });

  describe('Prod (cumprod formulation)', () => {
    it('over all axes, one axis, negative axes, with keepdims', () => {
      const shape = [3, 2, 4];
      const types = checkGradient((x) => tf.reduce_prod(x), [{ shape }], 1200);
      assert.ok(types.includes('Cumprod') && types.includes('ListDiff') && types.includes('InvertPermutation'), `${types}`);
      checkGradient((x) => tf.reduce_prod(x, [1], { keepdims: true }), [{ shape }], 1201);
      checkGradient((x) => tf.reduce_prod(x, [-1, 0]), [{ shape }], 1202);
    });
    it('with zeros in the input (no division by the entries)', () => {
      checkGradient((x) => tf.reduce_prod(x, [0]), [{ shape: [3, 4], domain: 'withZeros' }], 1210);
      checkGradient((x) => tf.reduce_prod(x), [{ shape: [5], domain: 'withZeros' }], 1211);
    });
    it('over axes known only at run time', () => {
      checkGradient((x) => tf.reduce_prod(x, dynamic([2, 0])), [{ shape: [2, 3, 2] }], 1220);
    });
  });

  describe('reductions over axes known only at run time', () => {
    const cases: [string, (x: tf.Tensor, axis: tf.Tensor) => tf.Tensor, Domain][] = [
      ['Sum', (x, a) => tf.reduce_sum(x, a), 'any'], ['Mean', (x, a) => tf.reduce_mean(x, a, { keepdims: true }), 'any'],
      ['Max', (x, a) => tf.reduce_max(x, a), 'distinct'], ['Min', (x, a) => tf.reduce_min(x, a, { keepdims: true }), 'distinct'],
    ];
    cases.forEach(([name, f, domain], i) => {
      it(name, () => { checkGradient((x) => f(x, dynamic([-1, 0])), [{ shape: [2, 3, 4], domain }], 1300 + i); });
    });
  });

  describe('slicing, padding and gathering', () => {
    it('Slice (through Pad), including a size of -1', () => {
      const types = checkGradient((x) => tf.slice(x, [1, 0, 1], [2, -1, 2]), [{ shape: [4, 2, 3] }], 1400);
      assert.ok(types.includes('Pad'), `${types}`);
      checkGradient((x) => tf.slice(x, dynamic([0, 1]), dynamic([2, 2])), [{ shape: [3, 4] }], 1401);
    });
    it('Pad and PadV2 (through Slice)', () => {
      checkGradient((x) => tf.pad(x, [[1, 2], [0, 1]]), [{ shape: [2, 3] }], 1410);
      checkGradient((x) => tf.pad(x, [[0, 1], [2, 0]], { constant_values: 1.5 }), [{ shape: [2, 3] }], 1411);
    });
    it('StridedSlice (through StridedSliceGrad): strides, negative strides, masks, ellipsis, new and shrunk axes', () => {
      const types = checkGradient((x) => tf.strided_slice(x, [0, 1], [3, 4], [2, 2]), [{ shape: [4, 5] }], 1420);
      assert.ok(types.includes('StridedSliceGrad'), `${types}`);
      checkGradient((x) => tf.getitem(x, { step: -1 }, 1), [{ shape: [4, 3] }], 1421);
      checkGradient((x) => tf.getitem(x, '...', null, { start: 1 }), [{ shape: [2, 3, 4] }], 1422);
      checkGradient((x) => tf.getitem(x, tf.constant(1), { start: -3, stop: -1 }), [{ shape: [3, 4] }], 1423);
    });
    it('StridedSliceGrad differentiated in dy (StridedSlice)', () => {
      checkGradient((dy) => tf.strided_slice_grad([4, 5], [0, 1], [3, 4], [2, 2], dy), [{ shape: [2, 2] }], 1430);
    });
    it('GatherV2 along axis 0 with repeated indices: IndexedSlices, summed (UnsortedSegmentSum) only when made dense', () => {
      const indices = new tf.NDArray(tf.int32, [2, 2], Int32Array.from([2, 0, 2, 3]));
      const types = checkGradient((i, x) => tf.gather(x, i), [{ shape: [2, 2], fixed: indices }, { shape: [4, 3] }], 1440);
      assert.ok(!types.includes('UnsortedSegmentSum'), `${types}`);
      const i64 = new tf.NDArray(tf.int64, [3], Float64Array.from([1, 1, 0]));
      checkGradient((i, x) => tf.gather(x, i), [{ shape: [3], fixed: i64 }, { shape: [2, 2] }], 1441);
    });
    it('GatherV2 along another axis, and along an axis known only at run time', () => {
      const indices = new tf.NDArray(tf.int32, [3], Int32Array.from([1, 1, 0]));
      checkGradient((i, x) => tf.gather(x, i, { axis: 1 }), [{ shape: [3], fixed: indices }, { shape: [2, 3, 2] }], 1450);
      checkGradient((i, x) => tf.gather(x, i, { axis: 2 }), [{ shape: [3], fixed: indices }, { shape: [2, 3, 2] }], 1451);
      checkGradient((i, x) => tf.gather(x, i, { axis: dynamic(0) }), [{ shape: [3], fixed: indices }, { shape: [2, 3] }], 1452);
    });
    it('UnsortedSegmentSum (negative ids dropped) and its gradient through GatherV2/Select', () => {
      const ids = new tf.NDArray(tf.int32, [4], Int32Array.from([2, -1, 0, 2]));
      checkGradient((i, x) => tf.unsorted_segment_sum(x, i, 3), [{ shape: [4], fixed: ids }, { shape: [4, 2] }], 1460);
    });
  });

  describe('run-time permutations and axes', () => {
    it('Transpose with a permutation known only at run time (InvertPermutation)', () => {
      const types = checkGradient((x) => tf.transpose(x, dynamic([1, 2, 0])), [{ shape: [2, 3, 4] }], 1500);
      assert.ok(types.includes('InvertPermutation'), `${types}`);
    });
    it('ConcatV2 with a run-time axis (ConcatOffset) and with shapes unknown until run time (ShapeN)', () => {
      const types = checkGradient((x, y) => tf.concat([x, y, x], dynamic(-1)), [{ shape: [2, 3] }, { shape: [2, 1] }], 1510);
      assert.ok(types.includes('ConcatOffset'), `${types}`);
      const shapeTypes = checkGradient((x, y) => {
        const unknown = (t: tf.Tensor) => tf.placeholder_with_default(t, [null, null]);
        return tf.reshape(tf.concat([unknown(x), unknown(y)], 0), [5, 2]);
      }, [{ shape: [2, 2] }, { shape: [3, 2] }], 1511);
      assert.ok(shapeTypes.includes('ShapeN'), `${shapeTypes}`);
    });
    it('Cumsum and Cumprod: plain, exclusive, reverse', () => {
      for (const [exclusive, reverse] of [[false, false], [true, false], [false, true], [true, true]]) {
        checkGradient((x) => tf.cumsum(x, 1, { exclusive, reverse }), [{ shape: [2, 4] }], 1520);
        checkGradient((x) => tf.cumprod(x, 0, { exclusive, reverse }), [{ shape: [3, 2], domain: 'awayFromZero' }], 1521);
      }
    });
  });

  describe('second derivatives through the unary gradient ops', () => {
    const cases: [string, (x: tf.Tensor) => tf.Tensor, Domain][] = [
      ['TanhGrad', (x) => tf.tanh(x), 'any'], ['SigmoidGrad', (x) => tf.sigmoid(x), 'any'],
      ['SqrtGrad', (x) => tf.sqrt(x), 'positive'], ['RsqrtGrad', (x) => tf.rsqrt(x), 'positive'],
      ['ReciprocalGrad', (x) => tf.reciprocal(x), 'awayFromZero'],
    ];
    cases.forEach(([name, f, domain], i) => {
      it(`${name} in both inputs`, () => {
        const types = checkGradient((x, g) => (tf.gradients(f(x), [x], { grad_ys: g }) as tf.Tensor[])[0]!, [{ shape: [3, 2], domain }, { shape: [3, 2] }], 1600 + i);
        assert.ok(types.includes(name), `${types}`);
      });
    });
  });

  describe('clip ops', () => {
    it('clip_by_value (through Minimum/Maximum) and clip_by_norm, clipped and not', () => {
      checkGradient((x) => tf.clip_by_value(x, -0.5, 0.4), [{ shape: [3, 4], domain: 'distinct' }], 1700);
      checkGradient((x) => tf.clip_by_norm(x, 0.5), [{ shape: [3, 2] }], 1701);
      checkGradient((x) => tf.clip_by_norm(x, 100), [{ shape: [3, 2] }], 1702);
      checkGradient((x) => tf.clip_by_norm(x, 0.5, { axes: [1] }), [{ shape: [3, 2] }], 1703);
    });
  });
});
