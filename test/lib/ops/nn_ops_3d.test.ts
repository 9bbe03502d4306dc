// tf.nn's 3-D convolution and pooling: TF's values (conv_ops_3d_test, pooling_ops_3d_test), node names,
// shape inference and errors, and finite-difference checks of every gradient.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { assertClose, run } from './helpers';
import { checkGradient, rng, sample } from './gradient_check';

/** TF's test inputs: 1..n scaled by 1/n, in the given shape. */
const ramp = (shape: number[], scale = true) => {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.constant(new tf.NDArray(tf.float32, shape, Float32Array.from({ length: n }, (_, i) => (scale ? (i + 1) / n : i + 1))));
};

describe('nn 3-D ops', () => {
  beforeEach(() => tf.reset_default_graph());

  describe('conv3d (conv_ops_3d_test)', () => {
    it('1x1x1 filter', () => {
      const y = tf.nn.conv3d(ramp([1, 2, 3, 1, 3]), ramp([1, 1, 1, 3, 3]), { strides: [1, 1, 1, 1, 1], padding: 'VALID' });
      assert.equal(y.op.type, 'Conv3D');
      assert.equal(y.op.name, 'Conv3D');
      assert.equal(y.shape.toString(), '(1, 2, 3, 1, 3)');
      assertClose(run(y).values, [0.18518519, 0.22222222, 0.25925926, 0.40740741, 0.5, 0.59259259, 0.62962963, 0.77777778, 0.92592593,
        0.85185185, 1.05555556, 1.25925926, 1.07407407, 1.33333333, 1.59259259, 1.2962963, 1.61111111, 1.92592593]);
    });
    it('2x2x2 filter, VALID', () => {
      const y = tf.nn.conv3d(ramp([1, 4, 2, 3, 3]), ramp([2, 2, 2, 3, 3]), [1, 1, 1, 1, 1], 'VALID');
      assert.equal(y.shape.toString(), '(1, 3, 1, 2, 3)');
      assertClose(run(y).values, [3.77199074, 3.85069444, 3.92939815, 4.2650463, 4.35763889, 4.45023148, 6.73032407, 6.89236111, 7.05439815,
        7.22337963, 7.39930556, 7.57523148, 9.68865741, 9.93402778, 10.17939815, 10.18171296, 10.44097222, 10.70023148]);
    });
    it('2x2x2 filter, strided SAME', () => {
      const y = tf.nn.conv3d(ramp([1, 5, 8, 7, 1]), ramp([2, 2, 2, 1, 1]), { strides: [1, 2, 3, 1, 1], padding: 'SAME' });
      assert.equal(y.shape.toString(), '(1, 3, 3, 7, 1)');
      // Against the same sum written out.
      const x = run(ramp([1, 5, 8, 7, 1])).values, w = run(ramp([2, 2, 2, 1, 1])).values;
      const got = run(y).values;
      for (let od = 0; od < 3; od++) for (let oh = 0; oh < 3; oh++) for (let ow = 0; ow < 7; ow++) {
        let s = 0;
        // SAME with these strides pads nothing before (pad totals 1, 1 and 1 split 0 before).
        for (let kd = 0; kd < 2; kd++) for (let kh = 0; kh < 2; kh++) for (let kw = 0; kw < 2; kw++) {
          const d = od * 2 + kd, h = oh * 3 + kh, w0 = ow + kw;
          if (d < 5 && h < 8 && w0 < 7) s += x[(d * 8 + h) * 7 + w0] * w[(kd * 2 + kh) * 2 + kw];
        }
        assert.ok(Math.abs(got[(od * 3 + oh) * 7 + ow] - s) < 1e-5, `${od},${oh},${ow}`);
      }
    });
    it('infers shapes and raises TF\'s errors', () => {
      const x = tf.placeholder(tf.float32, [null, 8, 8, 8, 2]);
      assert.equal(tf.nn.conv3d(x, tf.zeros([3, 3, 3, 2, 4]), { strides: [1, 2, 2, 2, 1], padding: 'SAME' }).shape.toString(), '(?, 4, 4, 4, 4)');
      assert.equal(tf.nn.conv3d(x, tf.zeros([3, 3, 3, 2, 4]), { strides: [1, 1, 1, 1, 1], padding: 'VALID', data_format: 'NDHWC', name: 'c' }).op.name, 'c');
      assert.throws(() => tf.nn.conv3d(x, tf.zeros([3, 3, 3, 3, 4]), { strides: [1, 1, 1, 1, 1], padding: 'VALID' }), /Dimensions must be equal, but are 2 and 3 for 'Conv3D_\d+' \(op: 'Conv3D'\)/);
      assert.throws(() => tf.nn.conv3d(x, tf.zeros([3, 3, 3, 2, 4]), { strides: [1, 1, 1], padding: 'VALID' }), /Conv3D requires the stride attribute to contain 5 values, but got: 3/);
      assert.throws(() => tf.nn.conv3d(tf.zeros([8, 8, 8, 2]), tf.zeros([3, 3, 3, 2, 4]), { strides: [1, 1, 1, 1, 1], padding: 'VALID' }), /Shape must be rank 5 but is rank 4/);
      assert.throws(() => tf.nn.conv3d(tf.zeros([1, 2, 2, 2, 1]), tf.zeros([4, 4, 4, 1, 1]), { strides: [1, 1, 1, 1, 1], padding: 'VALID' }), /Computed output size would be negative: -1/);
      assert.throws(() => tf.nn.conv3d(x, tf.zeros([3, 3, 3, 2, 4]), { strides: [1, 1, 1, 1, 1], padding: 'FULL' as 'SAME' }), /padding must be 'SAME' or 'VALID'/);
      const ncdhw = tf.nn.conv3d(tf.zeros([1, 2, 4, 4, 4]), tf.zeros([2, 2, 2, 2, 3]), { strides: [1, 1, 1, 1, 1], padding: 'VALID', data_format: 'NCDHW' });
      assert.equal(ncdhw.shape.toString(), '(1, 3, 3, 3, 3)');
      assert.throws(() => run(ncdhw), /CPU implementation of Conv3D currently only supports the NHWC tensor format/);
    });
  });

  describe('conv3d backprops and transpose', () => {
    it('conv3d_transpose is Conv3DBackpropInputV2 in its scope, with TF\'s values for a ones filter', () => {
      // TF's testConv3DTransposeSingleStride: x ones [2, 5, 6, 4, 3], f ones [3, 3, 3, 2, 3], SAME stride 1: each output sums
      // the in-bounds 3x3x3 neighbourhood over 3 input channels.
      const y = tf.nn.conv3d_transpose(tf.ones([2, 5, 6, 4, 3]), tf.ones([3, 3, 3, 2, 3]), [2, 5, 6, 4, 2], { strides: [1, 1, 1, 1, 1], padding: 'SAME' });
      assert.equal(y.op.type, 'Conv3DBackpropInputV2');
      assert.equal(y.op.name, 'conv3d_transpose');
      assert.equal(y.shape.toString(), '(2, 5, 6, 4, 2)');
      const v = run(y).values;
      const span = (i: number, n: number) => (i === 0 || i === n - 1 ? 2 : 3);
      for (let n = 0; n < 2; n++) for (let d = 0; d < 5; d++) for (let h = 0; h < 6; h++) for (let w = 0; w < 4; w++) for (let c = 0; c < 2; c++) {
        assert.equal(v[((((n * 5 + d) * 6 + h) * 4 + w) * 2) + c], 3 * span(d, 5) * span(h, 6) * span(w, 4));
      }
      // strides as the spatial sizes, as conv3d_transpose_v2 takes them
      const strided = tf.nn.conv3d_transpose(tf.ones([1, 2, 2, 2, 1]), tf.ones([2, 2, 2, 1, 1]), [1, 4, 4, 4, 1], { strides: [2, 2, 2], padding: 'VALID' });
      assert.deepEqual(Array.from(run(strided).values), Array(64).fill(1));
    });
    it('conv3d_backprop_filter(_v2) is Conv3DBackpropFilterV2, the transpose of conv3d in its filter', () => {
      assert.equal(tf.nn.conv3d_backprop_filter, tf.nn.conv3d_backprop_filter_v2);
      const x = tf.constant(sample([1, 3, 4, 3, 2], 'any', rng(1)));
      const g = tf.constant(sample([1, 2, 3, 2, 2], 'any', rng(2)));
      const df = tf.nn.conv3d_backprop_filter(x, [2, 2, 2, 2, 2], g, { strides: [1, 1, 1, 1, 1], padding: 'VALID' });
      assert.equal(df.op.type, 'Conv3DBackpropFilterV2');
      assert.equal(df.shape.toString(), '(2, 2, 2, 2, 2)');
      // <g, conv3d(x, f)> is linear in f with gradient df.
      const f = sample([2, 2, 2, 2, 2], 'any', rng(3));
      const inner = tf.reduce_sum(tf.multiply(g, tf.nn.conv3d(x, tf.constant(f), { strides: [1, 1, 1, 1, 1], padding: 'VALID' })));
      const dot = Array.from(run(df).values).reduce((s, v, i) => s + v * f.values[i], 0);
      assert.ok(Math.abs((run(inner).item() as number) - dot) < 1e-9);
    });
  });

  describe('pooling (pooling_ops_3d_test)', () => {
    const opts = (padding: 'SAME' | 'VALID') => ({ ksize: [1, 2, 2, 2, 1], strides: [1, 2, 2, 2, 1], padding });
    it('avg_pool3d VALID and SAME', () => {
      const valid = tf.nn.avg_pool3d(ramp([1, 3, 3, 3, 3], false), opts('VALID'));
      assert.equal(valid.op.name, 'AvgPool3D');
      assert.deepEqual(Array.from(run(valid).values), [20.5, 21.5, 22.5]);
      const same = tf.nn.avg_pool3d(ramp([1, 2, 2, 4, 3], false), opts('SAME'));
      assert.equal(same.shape.toString(), '(1, 1, 1, 2, 3)');
      assert.deepEqual(Array.from(run(same).values), [20.5, 21.5, 22.5, 26.5, 27.5, 28.5]);
    });
    it('max_pool3d VALID and SAME; ksize and strides as one int', () => {
      const valid = tf.nn.max_pool3d(ramp([1, 3, 3, 3, 3], false), opts('VALID'));
      assert.equal(valid.op.name, 'MaxPool3D');
      assert.deepEqual(Array.from(run(valid).values), [40, 41, 42]);
      const same = tf.nn.max_pool3d(ramp([1, 2, 2, 3, 3], false), 2, 2, 'SAME');
      assert.deepEqual(same.op.get_attr('ksize'), [1, 2, 2, 2, 1]);
      assert.deepEqual(Array.from(run(same).values), [31, 32, 33, 34, 35, 36]);
    });
    it('shapes and errors', () => {
      assert.equal(tf.nn.max_pool3d(tf.placeholder(tf.float32, [null, 5, 8, 1, 1]), { ksize: [1, 1, 3, 4, 1], strides: [1, 2, 3, 1, 1], padding: 'SAME' }).shape.toString(), '(?, 3, 3, 1, 1)');
      assert.throws(() => tf.nn.max_pool3d(tf.zeros([1, 2, 2, 2, 1]), { ksize: [1, 2, 2, 1], strides: [1, 1, 1, 1, 1], padding: 'VALID' }), /ksize should be of length 1, 3 or 5 but was 4/);
      assert.throws(() => run(tf.nn.avg_pool3d(tf.zeros([1, 2, 2, 2, 2]), { ksize: [1, 1, 1, 1, 2], strides: [1, 1, 1, 1, 1], padding: 'VALID' })), /AvgPooling3d is not yet supported on the depth dimension/);
    });
  });

  it('tf.nn.convolution, conv_transpose and pool take 3-D windows, the op named after their scope', () => {
    const x = ramp([1, 4, 4, 4, 2]), w = ramp([2, 2, 2, 2, 3]);
    const c = tf.nn.convolution(x, w, 'VALID', { strides: [1, 2, 1] });
    assert.equal(c.op.type, 'Conv3D');
    assert.equal(c.op.name, 'convolution');
    assert.equal(c.shape.toString(), '(1, 3, 2, 3, 3)');
    assertClose(run(c).values, run(tf.nn.conv3d(x, w, { strides: [1, 1, 2, 1, 1], padding: 'VALID' })).values);
    const t = tf.nn.conv_transpose(ramp([1, 2, 2, 2, 3]), ramp([2, 2, 2, 2, 3]), [1, 4, 4, 4, 2], 2);
    assert.equal(t.op.type, 'Conv3DBackpropInputV2');
    assert.equal(t.op.name, 'conv_transpose');
    assert.equal(t.shape.toString(), '(1, 4, 4, 4, 2)');
    const p = tf.nn.pool(ramp([1, 3, 3, 3, 3], false), [2, 2, 2], 'AVG', 'VALID', { strides: [2, 2, 2] });
    assert.equal(p.op.type, 'AvgPool3D');
    assert.equal(p.op.name, 'avg_pool');
    assert.deepEqual(Array.from(run(p).values), [20.5, 21.5, 22.5]);
    assert.equal(tf.nn.pool(ramp([1, 3, 3, 3, 3], false), [2, 2, 2], 'MAX', 'VALID', { strides: [2, 2, 2] }).op.type, 'MaxPool3D');
    assert.throws(() => tf.nn.convolution(x, w, 'VALID', { data_format: 'NHWC' }), /data_format must be "NDHWC" or "NCDHW". Have: NHWC/);
  });

  describe('gradients (finite differences)', () => {
    for (const [padding, stride] of [['VALID', 1], ['SAME', 2]] as const) {
      it(`Conv3D ${padding} stride ${stride} (Conv3DBackpropInputV2, Conv3DBackpropFilterV2)`, () => {
        const types = checkGradient((x, f) => tf.nn.conv3d(x, f, { strides: [1, stride, stride, 1, 1], padding }), [{ shape: [2, 4, 3, 3, 2] }, { shape: [2, 2, 2, 2, 3] }], 3000 + stride);
        assert.ok(types.includes('Conv3DBackpropInputV2') && types.includes('Conv3DBackpropFilterV2'), `${types}`);
      });
      it(`MaxPool3D and AvgPool3D ${padding} stride ${stride}`, () => {
        const o = { ksize: [1, 2, 2, 2, 1], strides: [1, stride, stride, stride, 1], padding };
        assert.ok(checkGradient((x) => tf.nn.max_pool3d(x, o), [{ shape: [1, 3, 4, 3, 2], domain: 'distinct' }], 3010 + stride).includes('MaxPool3DGrad'));
        assert.ok(checkGradient((x) => tf.nn.avg_pool3d(x, o), [{ shape: [1, 3, 4, 3, 2] }], 3020 + stride).includes('AvgPool3DGrad'));
      });
    }
    it('conv3d_transpose and conv3d_backprop_filter in both operands (Conv3D among their gradients)', () => {
      const types = checkGradient((x, f) => tf.nn.conv3d_transpose(x, f, [1, 4, 5, 3, 2], { strides: [1, 2, 2, 1, 1], padding: 'SAME' }), [{ shape: [1, 2, 3, 3, 3] }, { shape: [2, 2, 2, 2, 3] }], 3030);
      assert.ok(types.includes('Conv3D'), `${types}`);
      checkGradient((x, g) => tf.nn.conv3d_backprop_filter(x, [2, 2, 2, 2, 3], g, { strides: [1, 1, 1, 1, 1], padding: 'VALID' }), [{ shape: [1, 3, 3, 3, 2] }, { shape: [1, 2, 2, 2, 3] }], 3031);
    });
    it('MaxPool3DGrad and AvgPool3DGrad in their gradient input (MaxPool3DGradGrad, AvgPool3D)', () => {
      const o = { ksize: [1, 2, 2, 2, 1], strides: [1, 1, 1, 1, 1], padding: 'VALID' as const };
      const maxTypes = checkGradient((g) => {
        const x = tf.constant(sample([1, 3, 3, 3, 2], 'distinct', rng(5)));
        return (tf.gradients(tf.nn.max_pool3d(x, o), [x], { grad_ys: g }) as tf.Tensor[])[0]!;
      }, [{ shape: [1, 2, 2, 2, 2] }], 3040);
      assert.ok(maxTypes.includes('MaxPool3DGradGrad'), `${maxTypes}`);
      const avgTypes = checkGradient((g) => {
        const x = tf.constant(sample([1, 3, 3, 3, 2], 'any', rng(6)));
        return (tf.gradients(tf.nn.avg_pool3d(x, o), [x], { grad_ys: g }) as tf.Tensor[])[0]!;
      }, [{ shape: [1, 2, 2, 2, 2] }], 3041);
      assert.ok(avgTypes.includes('AvgPool3D'), `${avgTypes}`);
      const types = checkGradient((g) => {
        const x = tf.constant(sample([1, 3, 3, 3, 2], 'distinct', rng(7)));
        const u = tf.zeros([1, 2, 2, 2, 2], tf.float64);
        const first = (tf.gradients(tf.nn.max_pool3d(x, o), [x], { grad_ys: u }) as tf.Tensor[])[0]!;
        return (tf.gradients(first, [u], { grad_ys: g }) as tf.Tensor[])[0]!;
      }, [{ shape: [1, 3, 3, 3, 2] }], 3042);
      assert.deepEqual(types.filter((t) => t.startsWith('MaxPool')), ['MaxPool3DGrad', 'MaxPool3DGradGrad', 'MaxPool3DGrad']);
    });
  });
});
