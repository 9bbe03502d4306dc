// The wasm CPU backend (XNNPACK through tfjs-backend-wasm), forced ahead of the native one as where the
// native backend is absent, against the reference TypeScript kernels, through sess.run, on random shapes
// including odd sizes, transposes and broadcasting.
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as path from 'path';
import * as tf from '../../../lib';
import { ELEMENTWISE_MIN_SIZE } from '../../../lib/kernels/fast';
import { xnnpack } from '../../../lib/kernels/fast/xnnpack';
import { heapArrayStats } from '../../../lib/kernels/fast/heap_array';
import { getKernel, kernelTypes, withBackendOrder } from '../../../lib/kernels/registry';
import { makeOp } from '../../../lib/ops/op_builder';
import { NDArray } from '../../../lib/framework/ndarray';
import { Tensor } from '../../../lib/framework/graph';
import { assertClose, randomArray, rng } from './helpers';
import { OpType } from '../../../lib/framework/op_types';

const withReferenceKernels = <R>(fn: () => R): R => withBackendOrder('CPU', ['reference'], fn);
const withWasmKernels = <R>(fn: () => R): R => withBackendOrder('CPU', ['wasm', 'reference'], fn);
const referenceKernel = (type: string) => getKernel(type, 'CPU', 'reference');
const fastKernelTypes = () => kernelTypes('CPU', 'wasm');

/** Runs `build` on fed placeholders with the fast kernels, then with the reference ones; compares. */
function compare(inputs: NDArray[], build: (xs: Tensor[]) => Tensor, what: string, tol = 1e-4): void {
  const run = () => {
    tf.reset_default_graph();
    const xs = inputs.map((v) => tf.placeholder(tf.float32, v.shape));
    const y = build(xs);
    const sess = tf.Session();
    try { return sess.run(y, new Map(xs.map((x, i) => [x, inputs[i]]))); } finally { sess.close(); }
  };
  const fast = withWasmKernels(run);
  const ref = withReferenceKernels(run);
  assertClose(fast, ref, tol, what);
}

describe('fast CPU kernels (XNNPACK), forced as the wasm fallback', () => {
  it('load synchronously and override the reference kernels, which stay reachable', () => {
    assert.ok(['simd', 'plain'].includes(xnnpack().flavour));
    for (const t of ['MatMul', 'Add', 'Mul', 'Sub']) {
      assert.ok(fastKernelTypes().includes(t), t);
      assert.ok(referenceKernel(t));
      withWasmKernels(() => assert.notEqual(getKernel(t, 'CPU'), referenceKernel(t)));
    }
    withReferenceKernels(() => assert.equal(getKernel('MatMul', 'CPU'), referenceKernel('MatMul')));
    assert.notEqual(getKernel('MatMul', 'CPU'), referenceKernel('MatMul'));
  });

  it('MatMul matches the reference on random shapes with transposes', () => {
    const r = rng(7);
    const dims = [[1, 1, 1], [3, 5, 7], [17, 31, 9], [64, 33, 65], [129, 70, 127]];
    for (const [m, k, n] of dims) {
      for (const ta of [false, true]) {
        for (const tb of [false, true]) {
          const a = randomArray(ta ? [k, m] : [m, k], r), b = randomArray(tb ? [n, k] : [k, n], r);
          compare([a, b], ([x, y]) => tf.matmul(x, y, { transpose_a: ta, transpose_b: tb }), `matmul ${m}x${k}x${n} ta=${ta} tb=${tb}`);
        }
      }
    }
  });

  it('MatMul keeps the reference error for mismatched inner dimensions', () => {
    tf.reset_default_graph();
    const a = tf.placeholder(tf.float32, [null, null]), b = tf.placeholder(tf.float32, [null, null]);
    const sess = tf.Session();
    assert.throws(() => sess.run(tf.matmul(a, b), new Map([[a, randomArray([2, 3], rng(1))], [b, randomArray([4, 2], rng(2))]])),
      /Matrix size-incompatible: In\[0\]: \[2,3\], In\[1\]: \[4,2\]/);
  });

  it('element-wise ops match the reference, with broadcasting, above the size threshold', () => {
    const r = rng(11);
    const big = [37, 23, 29];   // odd sizes, 24679 elements > threshold
    assert.ok(big.reduce((x, y) => x * y) > ELEMENTWISE_MIN_SIZE);
    const shapes: number[][][] = [[big, big], [big, [29]], [big, [37, 1, 29]], [[1, 23, 1], big], [big, []]];
    const ops: [string, (a: Tensor, b: Tensor) => Tensor][] = [
      ['add', (a, b) => tf.add(a, b)], ['sub', (a, b) => tf.subtract(a, b)], ['mul', (a, b) => tf.multiply(a, b)],
      ['maximum', (a, b) => tf.maximum(a, b)], ['minimum', (a, b) => tf.minimum(a, b)],
      ['squared_difference', (a, b) => tf.squared_difference(a, b)],
    ];
    for (const [sa, sb] of shapes) {
      for (const [name, f] of ops) compare([randomArray(sa, r), randomArray(sb, r)], ([a, b]) => f(a, b), `${name} [${sa}] [${sb}]`);
    }
    const a = randomArray(big, r);
    const b = randomArray(big, r);
    for (let i = 0; i < b.values.length; i++) b.values[i] = b.values[i] >= 0 ? b.values[i] + 0.5 : b.values[i] - 0.5;
    compare([a, b], ([x, y]) => tf.divide(x, y), 'realdiv', 1e-4);
  });

  it('unary ops match the reference above the size threshold', () => {
    const r = rng(3);
    const x = randomArray([101, 257], r);
    const pos = new NDArray(tf.float32, x.shape, x.values.map((v) => Math.abs(v) + 0.1) as Float32Array);
    const unary: [OpType, NDArray][] = [['Relu', x], ['Sigmoid', x], ['Tanh', x], ['Exp', x], ['Neg', x], ['Abs', x], ['Square', x], ['Sqrt', pos], ['Rsqrt', pos]];
    for (const [type, input] of unary) {
      if (!referenceKernel(type)) continue;   // no reference kernel for it (yet): no fast one either
      compare([input], ([t]) => makeOp(type, [t], { T: { type: tf.float32 } }).outputs[0], type, 1e-5);
    }
  });

  it('Conv2D (NHWC, SAME/VALID, strides, dilations) and BiasAdd match the reference', () => {
    const r = rng(5);
    assert.ok(fastKernelTypes().includes('Conv2D'));
    const configs: [number[], number[], number[], 'SAME' | 'VALID', number[]][] = [
      [[1, 5, 5, 1], [3, 3, 1, 1], [1, 1, 1, 1], 'SAME', [1, 1, 1, 1]],
      [[2, 7, 6, 3], [3, 2, 3, 4], [1, 1, 1, 1], 'VALID', [1, 1, 1, 1]],
      [[2, 9, 8, 3], [3, 3, 3, 5], [1, 2, 2, 1], 'SAME', [1, 1, 1, 1]],
      [[1, 11, 7, 2], [5, 3, 2, 3], [1, 3, 2, 1], 'VALID', [1, 1, 1, 1]],
      [[1, 12, 10, 3], [3, 3, 3, 2], [1, 1, 1, 1], 'SAME', [1, 2, 2, 1]],
      [[3, 13, 13, 8], [5, 5, 8, 7], [1, 1, 1, 1], 'SAME', [1, 1, 1, 1]],
    ];
    for (const [xs, fs, strides, padding, dilations] of configs) {
      compare([randomArray(xs, r), randomArray(fs, r)], ([x, f]) => tf.nn.conv2d(x, f, { strides, padding, dilations }),
        `conv2d [${xs}] [${fs}] ${strides} ${padding} ${dilations}`, 1e-4);
    }
    const big = [4, 16, 16, 67];   // above the element-wise threshold, odd channel count
    compare([randomArray(big, r), randomArray([67], r)], ([v, b]) => tf.nn.bias_add(v, b), 'bias_add', 1e-5);
    compare([randomArray(big, r)], ([v]) => tf.nn.relu(v), 'relu', 0);
  });

  it('keeps values in the wasm heap between fast kernels: one copy out for conv2d -> bias_add -> relu', () => {
    const r = rng(9);
    const xv = randomArray([2, 16, 16, 64], r), fv = randomArray([3, 3, 64, 64], r), bv = randomArray([64], r);
    const build = () => {
      tf.reset_default_graph();
      const x = tf.placeholder(tf.float32, xv.shape), f = tf.placeholder(tf.float32, fv.shape), b = tf.placeholder(tf.float32, bv.shape);
      return { y: tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(x, f, [1, 1, 1, 1], 'SAME'), b)), feeds: new Map([[x, xv], [f, fv], [b, bv]]) };
    };
    const fast = withWasmKernels(() => {
      const { y, feeds } = build();
      const sess = tf.Session();
      const before = heapArrayStats().downloads;
      const out = sess.run(y, feeds);
      assert.equal(heapArrayStats().downloads - before, 1);
      return out;
    });
    const ref = withReferenceKernels(() => { const g = build(); return tf.Session().run(g.y, g.feeds); });
    assertClose(fast, ref, 1e-4, 'conv2d+bias_add+relu');
    // A reference kernel reading a heap value gets it copied out transparently.
    const s = withReferenceKernels(() => tf.Session().run(tf.reduce_sum(tf.nn.relu(tf.constant(fast)))));
    assert.ok(Math.abs((s.item() as number) - Array.from(ref.values).reduce((p, v) => p + v, 0)) < 1e-2);
  });

  it('are the CPU backend of a process started with SCOPEFLOW_CPU=wasm: it says so, and trains a small CNN as the reference does', () => {
    // The same program in a child process forced onto wasm, and here on the reference kernels.
    const program = `(tf) => {
      tf.reset_default_graph();
      let seed = 5;
      const random = (n) => Float32Array.from({ length: n }, () => { seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0; return seed / 2 ** 32 - 0.5; });
      const x = tf.constant(random(8 * 12 * 12), { shape: [8, 12, 12, 1] });
      const labels = tf.constant(Int32Array.from([0, 1, 2, 3, 4, 0, 1, 2]));
      const w1 = tf.Variable(tf.constant(random(150), { shape: [5, 5, 1, 6] })), b1 = tf.Variable(tf.zeros([6]));
      const w2 = tf.Variable(tf.constant(random(216 * 5), { shape: [216, 5] })), b2 = tf.Variable(tf.zeros([5]));
      const h = tf.nn.max_pool(tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(x, w1, [1, 1, 1, 1], 'SAME'), b1)), [1, 2, 2, 1], [1, 2, 2, 1], 'SAME');
      const logits = tf.add(tf.matmul(tf.reshape(h, [8, 216]), w2), b2);
      const loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits({ labels, logits }));
      const step = new tf.train.AdamOptimizer(0.01).minimize(loss);
      const sess = tf.Session();
      sess.run(tf.global_variables_initializer());
      const losses = [];
      for (let i = 0; i < 4; i++) losses.push(sess.run([step, loss])[1].item());
      return { backend: tf.config.cpu_backend().name, device: sess.list_devices()[0].description, losses };
    }`;
    const lib = path.resolve(__dirname, '../../../lib');
    const code = `console.log(JSON.stringify((${program})(require(${JSON.stringify(lib)}))))`;
    const child = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', env: { ...process.env, SCOPEFLOW_CPU: 'wasm' } });
    assert.equal(child.status, 0, child.stderr);
    const forced = JSON.parse(child.stdout) as { backend: string; device: string; losses: number[] };
    assert.equal(forced.backend, 'wasm');
    assert.match(forced.device, /wasm|XNNPACK/i);
    const reference = withReferenceKernels(() => (eval(program) as (t: typeof tf) => typeof forced)(tf));
    forced.losses.forEach((l, i) => assert.ok(Math.abs(l - reference.losses[i]) < 1e-4, `loss ${i}: ${l} on wasm, ${reference.losses[i]} on the reference`));
    assert.ok(forced.losses[3] < forced.losses[0], `the loss falls: ${forced.losses.join(', ')}`);
  });
});
