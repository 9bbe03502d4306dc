// The native CPU backend (oneDNN + OpenBLAS addon, built by the set-up) against the reference TypeScript
// kernels, through sess.run, on random shapes: odd sizes, transposes, broadcasting, strides, padding,
// dilations, ties in max pooling, and the gradients of a small CNN.
import { OpType } from '../../../lib/framework/op_types';
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { CpuBackend, cpuBackend } from '../../../lib/kernels/cpu_backend';
import * as childProcess from 'child_process';
import * as path from 'path';
import { addonPath, loadNative } from '../../../lib/kernels/native/addon';
import { NATIVE_MIN_SIZE, broadcastPlan, reductionView } from '../../../lib/kernels/native';
import { getKernel, kernelTypes, withBackendOrder } from '../../../lib/kernels/registry';
import { makeOp } from '../../../lib/ops/op_builder';
import { apply_ftrl } from '../../../lib/ops/training_ops';
import { DType } from '../../../lib/framework/dtypes';
import { NDArray } from '../../../lib/framework/ndarray';
import { Tensor } from '../../../lib/framework/graph';
import { KernelContext, PartialKernel, VariableSlot } from '../../../lib/kernels/registry';
import { assertClose, rng } from './helpers';

/** `backend`'s kernels, with the reference ones behind for the cases it declines. */
const withCpuBackend = <R>(backend: CpuBackend, fn: () => R): R => withBackendOrder('CPU', backend === 'reference' ? ['reference'] : [backend, 'reference'], fn);
const referenceKernel = (type: string) => getKernel(type, 'CPU', 'reference');

function random(shape: number[], r: () => number, dtype: DType = tf.float32): NDArray {
  const a = new NDArray(dtype, shape);
  const v = a.values;
  for (let i = 0; i < v.length; i++) v[i] = r() * 2 - 1;
  return a;
}

/** The gradients of sum(y · w) for a fixed random w of y's shape (every one must exist). */
function gradientsOf(y: Tensor, xs: Tensor[], seed: number): Tensor[] {
  const w = tf.constant(random(y.shape.toNumbers(), rng(seed), y.dtype));
  return (tf.gradients(tf.reduce_sum(tf.multiply(y, w)), xs) as tf.Tensor[]).map((g, i) => { assert.ok(g, `no gradient for input ${i}`); return g; });
}

/** Runs `build` on fed placeholders with one backend's kernels. */
function runWith(backend: CpuBackend, inputs: NDArray[], build: (xs: Tensor[]) => Tensor | Tensor[]): NDArray[] {
  return withCpuBackend(backend, () => {
    tf.reset_default_graph();
    const xs = inputs.map((v) => tf.placeholder(v.dtype, v.shape));
    const y = build(xs);
    const sess = tf.Session();
    try {
      const out = sess.run(Array.isArray(y) ? y : [y], new Map(xs.map((x, i) => [x, inputs[i]])));
      return out;
    } finally { sess.close(); }
  });
}

/** The native kernels' results against the reference kernels' on the same graph and inputs. */
function compare(inputs: NDArray[], build: (xs: Tensor[]) => Tensor | Tensor[], what: string, tol = 1e-5): void {
  const ours = runWith('native', inputs, build), ref = runWith('reference', inputs, build);
  ours.forEach((o, i) => assertClose(o, ref[i], tol, `${what} (output ${i})`));
}

describe('native CPU backend (oneDNN + OpenBLAS)', function () {
  const native = loadNative();
  before(function () {
    if (!('addon' in native)) assert.fail(`the native backend is absent: ${native.reason}`);
  });

  it('is loaded when first asked for, not as the library loads, and then chosen', () => {
    const script = [
      `const tf = require(${JSON.stringify(path.resolve(__dirname, '../../../lib/index.js'))});`,
      `const addon = ${JSON.stringify(addonPath())};`,
      'const before = addon in require.cache;',
      'const name = tf.config.cpu_backend().name;',
      'console.log(JSON.stringify([before, name, addon in require.cache]));',
    ].join('\n');
    const env = { ...process.env };
    delete env.SCOPEFLOW_CPU;
    const out = childProcess.execFileSync(process.execPath, ['-e', script], { env, encoding: 'utf8' });
    assert.deepStrictEqual(JSON.parse(out), [false, 'native', true]);
  });

  it('is the chosen backend, and says what it runs on', () => {
    const info = cpuBackend();
    if (!process.env.SCOPEFLOW_CPU) assert.equal(info.name, 'native');
    assert.match(tf.Session().list_devices()[0].description, /native kernels: oneDNN/);
    const i = (native as { addon: { info(): { dnnl: string; threads: number; blas: string } } }).addon.info();
    assert.match(i.dnnl, /^\d+\.\d+\.\d+$/);
    assert.match(i.blas, /OpenBLAS/);
    assert.ok(i.threads >= 1);
    withCpuBackend('native', () => {
      for (const t of ['MatMul', 'Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter', 'MaxPoolGrad', 'ApplyAdam', 'BiasAddGrad']) {
        assert.ok(kernelTypes('CPU', 'native').includes(t), t);
        assert.notEqual(getKernel(t, 'CPU'), referenceKernel(t));
      }
    });
    assert.match(tf.config.cpu_backend().description, /./);
  });

  it('MatMul: every transpose, odd sizes, float32 and float64', () => {
    const r = rng(1);
    for (const dtype of [tf.float32, tf.float64]) {
      for (const [m, k, n] of [[1, 1, 1], [3, 5, 7], [17, 31, 9], [64, 33, 65], [129, 70, 127], [2, 0, 3]]) {
        for (const ta of [false, true]) {
          for (const tb of [false, true]) {
            const a = random(ta ? [k, m] : [m, k], r, dtype), b = random(tb ? [n, k] : [k, n], r, dtype);
            compare([a, b], ([x, y]) => tf.matmul(x, y, { transpose_a: ta, transpose_b: tb }), `matmul ${dtype.name} ${m}x${k}x${n} ${ta} ${tb}`, 1e-5);
          }
        }
      }
    }
  });

  it('MatMul keeps the reference error for mismatched inner dimensions', () => {
    withCpuBackend('native', () => {
      tf.reset_default_graph();
      const a = tf.placeholder(tf.float32, [null, null]), b = tf.placeholder(tf.float32, [null, null]);
      const sess = tf.Session();
      assert.throws(() => sess.run(tf.matmul(a, b), new Map([[a, random([2, 3], rng(1))], [b, random([4, 2], rng(2))]])),
        /Matrix size-incompatible: In\[0\]: \[2,3\], In\[1\]: \[4,2\]/);
    });
  });

  it('BatchMatMulV2: broadcast batch dimensions and adjoints', () => {
    const r = rng(2);
    const cases: [number[], number[]][] = [[[3, 4, 5], [3, 5, 6]], [[2, 1, 4, 5], [3, 5, 2]], [[4, 5], [2, 3, 5, 3]], [[1, 7, 3], [5, 3, 2]]];
    for (const [xs, ys] of cases) {
      for (const [ax, ay] of [[false, false], [true, false], [false, true], [true, true]]) {
        const swap = (s: number[], t: boolean) => (t ? [...s.slice(0, -2), s[s.length - 1], s[s.length - 2]] : s);
        compare([random(swap(xs, ax), r), random(swap(ys, ay), r)], ([x, y]) => tf.matmul(x, y, { adjoint_a: ax, adjoint_b: ay }), `batch matmul [${xs}] [${ys}] ${ax} ${ay}`);
      }
    }
  });

  type ConvCase = [number[], number[], number[], 'SAME' | 'VALID', number[]];
  const convCases: ConvCase[] = [
    [[1, 5, 5, 1], [3, 3, 1, 1], [1, 1, 1, 1], 'SAME', [1, 1, 1, 1]],
    [[2, 7, 6, 3], [3, 2, 3, 4], [1, 1, 1, 1], 'VALID', [1, 1, 1, 1]],
    [[2, 9, 8, 3], [3, 3, 3, 5], [1, 2, 2, 1], 'SAME', [1, 1, 1, 1]],
    [[1, 11, 7, 2], [5, 3, 2, 3], [1, 3, 2, 1], 'VALID', [1, 1, 1, 1]],
    [[1, 12, 10, 3], [3, 3, 3, 2], [1, 1, 1, 1], 'SAME', [1, 2, 2, 1]],
    [[2, 13, 11, 3], [3, 2, 3, 2], [1, 1, 1, 1], 'VALID', [1, 3, 2, 1]],
    [[3, 13, 13, 8], [5, 5, 8, 7], [1, 1, 1, 1], 'SAME', [1, 1, 1, 1]],
    [[2, 10, 9, 4], [4, 4, 4, 3], [1, 2, 3, 1], 'SAME', [1, 1, 1, 1]],
  ];

  it('Conv2D and both backprops (through tf.gradients): strides, SAME/VALID, dilations, odd sizes', () => {
    const r = rng(3);
    for (const [xs, fs, strides, padding, dilations] of convCases) {
      compare([random(xs, r), random(fs, r)], ([x, f]) => {
        const y = tf.nn.conv2d(x, f, { strides, padding, dilations });
        return [y, ...gradientsOf(y, [x, f], 4)];
      }, `conv2d [${xs}] [${fs}] ${strides} ${padding} ${dilations}`, 1e-4);
    }
  });

  it('DepthwiseConv2dNative and both backprops (through tf.gradients): multipliers, strides, SAME/VALID, dilations', () => {
    const r = rng(13);
    const cases: [number[], number[], number[], 'SAME' | 'VALID', number[]][] = [
      [[2, 9, 9, 3], [3, 3, 3, 1], [1, 1, 1, 1], 'SAME', [1, 1, 1, 1]],
      [[1, 11, 8, 4], [5, 3, 4, 2], [1, 2, 2, 1], 'VALID', [1, 1, 1, 1]],
      [[3, 10, 10, 5], [3, 3, 5, 3], [1, 1, 1, 1], 'SAME', [1, 2, 2, 1]],
      [[2, 7, 13, 16], [3, 3, 16, 1], [1, 2, 2, 1], 'SAME', [1, 1, 1, 1]],
    ];
    for (const [xs, fs, strides, padding, dilations] of cases) {
      compare([random(xs, r), random(fs, r)], ([x, f]) => {
        const y = tf.nn.depthwise_conv2d_native(x, f, { strides, padding, dilations });
        return [y, ...gradientsOf(y, [x, f], 14)];
      }, `depthwise [${xs}] [${fs}] ${strides} ${padding} ${dilations}`, 1e-4);
    }
    withCpuBackend('native', () => {
      for (const t of ['DepthwiseConv2dNative', 'DepthwiseConv2dNativeBackpropInput', 'DepthwiseConv2dNativeBackpropFilter']) {
        assert.ok(kernelTypes('CPU', 'native').includes(t), t);
      }
    });
  });

  it('FusedBatchNormV3 and its gradient, training and inference, as the reference computes them', () => {
    const r = rng(17);
    for (const [xs, training] of [[[4, 5, 6, 3], true], [[2, 7, 3, 8], false], [[1, 9, 4, 5], true]] as const) {
      const c = xs[3];
      const positive = random([c], r);
      (positive.values as Float32Array).forEach((v, i, a) => { a[i] = 0.5 + Math.abs(v); });
      compare([random([...xs], r), random([c], r), random([c], r), random([c], r), positive], ([x, scale, offset, mean, variance]) => {
        const options = training ? { epsilon: 1e-3 } : { mean, variance, is_training: false, epsilon: 1e-3 };
        const outs = tf.nn.fused_batch_norm(x, scale, offset, options);
        return [...outs, ...gradientsOf(outs[0], [x, scale, offset], 18)];
      }, `fused_batch_norm [${xs}] training ${training}`, 1e-4);
    }
    withCpuBackend('native', () => {
      for (const t of ['FusedBatchNorm', 'FusedBatchNormV2', 'FusedBatchNormV3', 'FusedBatchNormGrad', 'FusedBatchNormGradV3']) assert.ok(kernelTypes('CPU', 'native').includes(t), t);
    });
  });

  it('MaxPool and AvgPool with their gradients: SAME/VALID, strides, ties (relu zeros)', () => {
    const r = rng(5);
    const cases: [number[], number[], number[], 'SAME' | 'VALID'][] = [
      [[2, 8, 8, 3], [1, 2, 2, 1], [1, 2, 2, 1], 'SAME'], [[1, 7, 9, 5], [1, 3, 3, 1], [1, 2, 2, 1], 'SAME'],
      [[2, 7, 9, 2], [1, 3, 2, 1], [1, 2, 3, 1], 'VALID'], [[1, 6, 6, 4], [1, 3, 3, 1], [1, 1, 1, 1], 'SAME'],
    ];
    for (const [xs, ksize, strides, padding] of cases) {
      for (const pool of [tf.nn.max_pool, tf.nn.avg_pool]) {
        compare([random(xs, r)], ([x]) => {
          const input = tf.nn.relu(x);   // about half zeros: ties inside windows
          const y = pool(input, { ksize, strides, padding });
          return [y, ...gradientsOf(y, [x], 6)];
        }, `${pool.name} [${xs}] ${ksize} ${strides} ${padding}`, 1e-5);
      }
    }
  });

  it('element-wise ops, activations and their gradients, float32 and float64, above the size threshold', () => {
    const r = rng(7);
    for (const dtype of [tf.float32, tf.float64]) {
      const x = random([37, 23], r, dtype);
      assert.ok(x.size >= NATIVE_MIN_SIZE);
      const pos = new NDArray(dtype, x.shape, x.values.map((v) => Math.abs(v) + 0.1) as Float32Array);
      const unary: [OpType, NDArray][] = [['Relu', x], ['Relu6', x], ['Elu', x], ['Selu', x], ['Softplus', x], ['Softsign', x],
        ['Sigmoid', x], ['Tanh', x], ['Exp', x], ['Log', pos], ['Log1p', pos], ['Neg', x], ['Abs', x], ['Square', x], ['Sqrt', pos],
        ['Rsqrt', pos], ['Reciprocal', pos], ['Sign', x], ['Floor', x], ['Ceil', x], ['Round', x], ['Sin', x], ['Cos', x]];
      for (const [type, input] of unary) compare([input], ([t]) => makeOp(type, [t], { T: { type: dtype } }).outputs[0], `${type} ${dtype.name}`);
      const scaled = new NDArray(dtype, x.shape, x.values.map((v) => v * 8) as Float32Array);   // reaches Relu6's top
      for (const [f, input] of [[tf.nn.relu, x], [tf.nn.relu6, scaled], [tf.nn.elu, x], [tf.nn.selu, x], [tf.nn.softplus, x], [tf.nn.softsign, x]] as const) {
        compare([input], ([t]) => {
          const y = f(t);
          return [y, ...gradientsOf(y, [t], 8)];
        }, `${f.name} gradient ${dtype.name}`);
      }
    }
  });

  it('binary ops broadcast like the reference', () => {
    const r = rng(9);
    const shapes: number[][][] = [[[37, 23, 29], [37, 23, 29]], [[37, 23, 29], [29]], [[37, 23, 29], [37, 1, 29]], [[1, 23, 1], [37, 23, 29]],
      [[37, 23, 29], []], [[5, 1, 7, 1], [1, 6, 1, 9]], [[300], [1]], [[2, 3, 1, 5, 1, 7], [3, 4, 5, 6, 1]]];
    const ops: [string, (a: Tensor, b: Tensor) => Tensor][] = [
      ['add', tf.add], ['sub', tf.subtract], ['mul', tf.multiply], ['div', tf.divide], ['maximum', tf.maximum],
      ['minimum', tf.minimum], ['squared_difference', tf.squared_difference], ['pow', (a, b) => tf.pow(tf.abs(a), b)],
    ];
    for (const dtype of [tf.float32, tf.float64]) {
      for (const [sa, sb] of shapes) {
        for (const [name, f] of ops) compare([random(sa, r, dtype), random(sb, r, dtype)], ([a, b]) => f(a, b), `${name} [${sa}] [${sb}] ${dtype.name}`, 1e-5);
      }
    }
  });

  it('broadcast plans merge dimensions the operands step through alike', () => {
    assert.deepEqual(broadcastPlan([4, 5, 6], [4, 5, 6]), { shape: [120], out: [4, 5, 6], sa: [1], sb: [1] });
    assert.deepEqual(broadcastPlan([4, 5, 6], [6]), { shape: [20, 6], out: [4, 5, 6], sa: [6, 1], sb: [0, 1] });
    assert.deepEqual(broadcastPlan([4, 1, 6], [5, 1]), { shape: [4, 5, 6], out: [4, 5, 6], sa: [6, 0, 1], sb: [0, 1, 0] });
    assert.equal(broadcastPlan([3], [4]), null);
    assert.deepEqual(reductionView([2, 3, 4], new Set([1])), [2, 3, 4]);
    assert.deepEqual(reductionView([2, 1, 3, 4], new Set([0, 2])), [1, 6, 4]);
    assert.equal(reductionView([2, 3, 4], new Set([0, 2])), null);
  });

  it('reductions, BiasAdd/BiasAddGrad, AddN, Softmax and LogSoftmax', () => {
    const r = rng(10);
    for (const dtype of [tf.float32, tf.float64]) {
      const x = random([9, 17, 13], r, dtype);
      for (const f of [tf.reduce_sum, tf.reduce_mean, tf.reduce_max, tf.reduce_min, tf.reduce_prod]) {
        for (const axis of [null, 0, 1, 2, -1, [0, 1], [1, 2], [0, 2]]) {
          for (const keepdims of [false, true]) compare([x], ([t]) => f(t, { axis, keepdims }), `${f.name} ${JSON.stringify(axis)} ${keepdims} ${dtype.name}`, 1e-5);
        }
      }
      const v = random([4, 6, 5, 67], r, dtype), b = random([67], r, dtype);
      compare([v, b], ([t, bias]) => {
        const y = tf.nn.bias_add(t, bias);
        return [y, ...gradientsOf(y, [t, bias], 11)];
      }, `bias_add ${dtype.name}`);
      compare([v, random(v.shape, r, dtype), random(v.shape, r, dtype)], (ts) => tf.add_n(ts), `add_n ${dtype.name}`);
      compare([random([33, 19], r, dtype)], ([t]) => [tf.nn.softmax(t), tf.nn.log_softmax(t)], `softmax ${dtype.name}`);
    }
  });

  it('the fused optimizer updates match the reference over a few steps', () => {
    const r = rng(12);
    const start = random([31, 17], r), target = random([31, 17], r);
    const optimizers: [string, () => tf.train.Optimizer][] = [
      ['sgd', () => new tf.train.GradientDescentOptimizer(0.1)],
      ['momentum', () => new tf.train.MomentumOptimizer(0.1, 0.9)],
      ['nesterov', () => new tf.train.MomentumOptimizer(0.1, 0.9, { use_nesterov: true })],
      ['adam', () => new tf.train.AdamOptimizer(0.05)],
      ['rmsprop', () => new tf.train.RMSPropOptimizer(0.01, { momentum: 0.5 })],
      ['centered rmsprop', () => new tf.train.RMSPropOptimizer(0.01, { centered: true })],
      ['adagrad', () => new tf.train.AdagradOptimizer(0.1)],
    ];
    for (const [name, make] of optimizers) {
      const train = (backend: CpuBackend) => withCpuBackend(backend, () => {
        tf.reset_default_graph();
        const w = tf.Variable(tf.constant(start));
        const loss = tf.reduce_sum(tf.square(tf.subtract(w, tf.constant(target))));
        const opt = make();
        const step = opt.minimize(loss);
        const sess = tf.Session();
        sess.run(tf.global_variables_initializer());
        for (let i = 0; i < 4; i++) sess.run(step);
        return sess.run(tf.global_variables());
      });
      const ours = train('native'), ref = train('reference');
      ours.forEach((v, i) => assertClose(v, ref[i], 1e-5, `${name} variable ${i}`));
    }
  });

  it('ApplyFtrl and ResourceApplyFtrl: the native update matches the reference kernel on random shapes, float32 and float64', () => {
    const r = rng(21);
    /** Runs `kernel` on fresh slots holding var, accum, linear; returns their new values. */
    const runKernel = (kernel: PartialKernel, op: tf.Operation, states: NDArray[], inputs: NDArray[]): NDArray[] | null => {
      const slots = states.map((v, i) => { const s = new VariableSlot(`s${i}`); s.value = v; return s; });
      const ctx: KernelContext = {
        op, session: tf.Session() as unknown as KernelContext['session'], numInputs: 8, frame: { name: '', iteration: 0 },
        input: (i) => inputs[i - 3], ref: (i) => slots[i], isDead: () => false, attr: (name) => op.get_attr(name),
      };
      return kernel(ctx) ? slots.map((s) => s.value!) : null;
    };
    const native = getKernel('ApplyFtrl', 'CPU', 'native') as PartialKernel;
    for (const dtype of [tf.float32, tf.float64]) {
      for (const shape of [[NATIVE_MIN_SIZE], [17, 19], [3, 7, 13], [5, 1, 61]]) {
        for (const [lrPower, l1, l2] of [[-0.5, 0.01, 0.1], [-0.3, 0, 0], [0, 0.5, 0.02]]) {
          tf.reset_default_graph();
          const v = random(shape, r, dtype), linear = random(shape, r, dtype), grad = random(shape, r, dtype);
          const accum = random(shape, r, dtype);
          accum.values.forEach((x, i, a) => { a[i] = Math.abs(x) + 0.1; });   // accumulators stay positive
          const scalar = (x: number) => new NDArray(dtype, [], dtype === tf.float64 ? Float64Array.of(x) : Float32Array.of(x));
          const hyper = [0.05, l1, l2, lrPower].map(scalar);
          const refs = [v, accum, linear].map((x) => tf.Variable(tf.constant(x)));
          const op = apply_ftrl(refs[0]._ref(), refs[1]._ref(), refs[2]._ref(), tf.constant(grad), ...hyper.map((h) => tf.constant(h)) as [Tensor, Tensor, Tensor, Tensor]);
          const what = `${dtype.name} [${shape}] lr_power ${lrPower} l1 ${l1} l2 ${l2}`;
          const ours = runKernel(native, op, [v, accum, linear], [grad, ...hyper]);
          assert.ok(ours, `the native kernel took ${what}`);
          const ref = runKernel(referenceKernel('ApplyFtrl') as PartialKernel, op, [v, accum, linear], [grad, ...hyper])!;
          ours.forEach((x, i) => assertClose(x, ref[i], dtype === tf.float64 ? 1e-12 : 1e-5, `${what}: state ${i}`));
        }
      }
    }
    // Out of TF's range the native kernel declines: the reference raises TF's error.
    const bad = withCpuBackend('native', () => {
      tf.reset_default_graph();
      const w = tf.Variable(tf.zeros([NATIVE_MIN_SIZE]));
      const opt = new tf.train.FtrlOptimizer(-1);
      const step = opt.minimize(tf.reduce_sum(tf.square(w)));
      const sess = tf.Session();
      sess.run(tf.global_variables_initializer());
      return () => sess.run(step);
    });
    withCpuBackend('native', () => assert.throws(bad, /lr is not a positive scalar: -1/));
    // An FtrlOptimizer with resource variables trains as the reference does.
    const train = (backend: CpuBackend) => withCpuBackend(backend, () => {
      tf.reset_default_graph();
      const start = random([29, 11], rng(22)), target = random([29, 11], rng(23));
      const w = tf.get_variable('w', [29, 11], { initializer: tf.constant_initializer(start), use_resource: true });
      const step = new tf.train.FtrlOptimizer(0.1, { l1_regularization_strength: 0.001, l2_regularization_strength: 0.01 })
        .minimize(tf.reduce_sum(tf.square(tf.subtract(w, tf.constant(target)))));
      const sess = tf.Session();
      sess.run(tf.global_variables_initializer());
      for (let i = 0; i < 4; i++) sess.run(step);
      return sess.run(tf.global_variables());
    });
    const ours = train('native'), ref = train('reference');
    ours.forEach((v, i) => assertClose(v, ref[i], 1e-5, `resource ftrl variable ${i}`));
  });

  it('a small CNN step (conv, relu, pool, dense, softmax cross-entropy, Adam) matches the reference', () => {
    const r = rng(13);
    const images = random([8, 12, 12, 1], r);
    const labels = new NDArray(tf.int32, [8], Int32Array.from([0, 1, 2, 3, 4, 0, 1, 2]));
    const init = [random([5, 5, 1, 6], r), random([6], r), random([216, 5], r), random([5], r)];
    const train = (backend: CpuBackend) => withCpuBackend(backend, () => {
      tf.reset_default_graph();
      const x = tf.constant(images), y = tf.constant(labels);
      const [w1, b1, w2, b2] = init.map((v) => tf.Variable(tf.constant(v)));
      const h = tf.nn.max_pool(tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(x, w1, [1, 1, 1, 1], 'SAME'), b1)), [1, 2, 2, 1], [1, 2, 2, 1], 'SAME');
      const logits = tf.add(tf.matmul(tf.reshape(h, [8, 216]), w2), b2);
      const loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits({ labels: y, logits }));
      const step = new tf.train.AdamOptimizer(0.01).minimize(loss);
      const sess = tf.Session();
      sess.run(tf.global_variables_initializer());
      for (let i = 0; i < 3; i++) sess.run(step);
      return sess.run([loss, w1, b1, w2, b2]);
    });
    const ours = train('native'), ref = train('reference');
    ours.forEach((v, i) => assertClose(v, ref[i], 1e-4, `cnn output ${i}`));
  });
});
