// Fast CPU kernels (XNNPACK through tfjs-backend-wasm) against the reference TypeScript kernels, through
// sess.run, on random shapes including odd sizes, transposes and broadcasting.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { fastKernelTypes, referenceKernel, withReferenceKernels, ELEMENTWISE_MIN_SIZE } from '../../../lib/kernels/fast';
import { xnnpack } from '../../../lib/kernels/fast/xnnpack';
import { getKernel } from '../../../lib/kernels/registry';
import { makeOp } from '../../../lib/ops/op_builder';
import { NDArray } from '../../../lib/runtime/ndarray';
import { Tensor } from '../../../lib/framework/graph';

/** A small deterministic generator so failures reproduce. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
}
export function randomArray(shape: number[], r: () => number): NDArray {
  const a = new NDArray(tf.float32, shape);
  const v = a.values;
  for (let i = 0; i < v.length; i++) v[i] = r() * 2 - 1;
  return a;
}
export function assertClose(actual: NDArray, expected: NDArray, tol = 1e-4, what = ''): void {
  assert.deepEqual(actual.shape, expected.shape, `${what}: shape`);
  const a = actual.values, e = expected.values;
  for (let i = 0; i < e.length; i++) {
    const d = Math.abs(a[i] - e[i]);
    if (!(d <= tol * (1 + Math.abs(e[i])))) assert.fail(`${what}: element ${i}: ${a[i]} vs ${e[i]} (shape [${expected.shape}])`);
  }
}

/** Runs `build` on fed placeholders with the fast kernels, then with the reference ones; compares. */
function compare(inputs: NDArray[], build: (xs: Tensor[]) => Tensor, what: string, tol = 1e-4): void {
  const run = () => {
    tf.reset_default_graph();
    const xs = inputs.map((v) => tf.placeholder(tf.float32, v.shape));
    const y = build(xs);
    const sess = tf.Session();
    try { return sess.run(y, new Map(xs.map((x, i) => [x, inputs[i]]))); } finally { sess.close(); }
  };
  const fast = run();
  const ref = withReferenceKernels(run);
  assertClose(fast, ref, tol, what);
}

describe('fast CPU kernels (XNNPACK)', () => {
  it('load synchronously and override the reference kernels, which stay reachable', () => {
    assert.ok(['simd', 'plain'].includes(xnnpack().flavour));
    for (const t of ['MatMul', 'Add', 'Mul', 'Sub']) {
      assert.ok(fastKernelTypes().includes(t), t);
      assert.ok(referenceKernel(t));
      assert.notEqual(getKernel(t, 'CPU'), referenceKernel(t));
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
    const unary: [string, NDArray][] = [['Relu', x], ['Sigmoid', x], ['Tanh', x], ['Exp', x], ['Neg', x], ['Abs', x], ['Square', x], ['Sqrt', pos], ['Rsqrt', pos]];
    for (const [type, input] of unary) {
      if (!referenceKernel(type)) continue;   // no reference kernel for it (yet): no fast one either
      compare([input], ([t]) => makeOp(type, [t], { T: { type: tf.float32 } }).outputs[0], type, 1e-5);
    }
  });
});
