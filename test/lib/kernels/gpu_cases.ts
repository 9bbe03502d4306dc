// GPU kernel cases: each builds a graph on /device:GPU:0 and compares it with the reference CPU kernels.
// Run as a script (with SCOPEFLOW_GPU=software for the software adapter) it runs every case and prints
// one JSON line of results; gpu.test.ts runs it in a child process, so the rest of the suite never
// depends on the adapter, while a missing adapter fails every case loudly.
import * as tf from '../../../lib';
import { withBackendOrder } from '../../../lib/kernels/registry';
import { gpuStats } from '../../../lib/kernels/gpu/device';
import { NDArray } from '../../../lib/framework/ndarray';
import { Tensor } from '../../../lib/framework/graph';
import { assertClose, randomArray, rng } from './helpers';

export interface CaseResult { readonly name: string; readonly ok: boolean; readonly error?: string }

const GPU = '/device:GPU:0';
const withReferenceKernels = <R>(fn: () => R): R => withBackendOrder('CPU', ['reference'], fn);

/** Runs `build` with its ops pinned to the GPU and with reference kernels pinned to the CPU; compares. */
function compare(inputs: NDArray[], build: (xs: Tensor[]) => Tensor, what: string, tol = 1e-4): void {
  const run = (device: string) => {
    tf.reset_default_graph();
    const xs = inputs.map((v) => tf.placeholder(v.dtype, v.shape));
    const y = tf.device(device, () => build(xs));
    const sess = tf.Session();
    try {
      const placed = sess.placements(y).get(y.op.name) ?? '';
      if (!placed.endsWith(device.replace('/device:', 'device:'))) throw new Error(`${what}: ${y.op.type} was placed on ${placed}, not ${device}`);
      return sess.run(y, new Map(xs.map((x, i) => [x, inputs[i]])));
    } finally { sess.close(); }
  };
  const gpu = run(GPU);
  const ref = withReferenceKernels(() => run('/device:CPU:0'));
  assertClose(gpu, ref, tol, what);
}

const r = rng(2024);
const nn = tf.nn;

export const cases: Record<string, () => void | Promise<void>> = {
  'the GPU device is listed (software adapter)': () => {
    const gpus = tf.config.list_physical_devices('GPU');
    if (gpus.length !== 1 || gpus[0].name !== '/physical_device:GPU:0') throw new Error(`list_physical_devices('GPU') = ${JSON.stringify(gpus)}`);
    const sess = tf.Session();
    const d = sess.list_devices().find((x) => x.device_type === 'GPU');
    if (!d || !/software/.test(d.description)) throw new Error(`list_devices: ${JSON.stringify(sess.list_devices())}`);
  },
  'MatMul with transposes, odd sizes': () => {
    for (const [m, k, n] of [[1, 1, 1], [3, 5, 7], [33, 17, 65]]) {
      for (const ta of [false, true]) for (const tb of [false, true]) {
        compare([randomArray(ta ? [k, m] : [m, k], r), randomArray(tb ? [n, k] : [k, n], r)],
          ([a, b]) => tf.matmul(a, b, { transpose_a: ta, transpose_b: tb }), `matmul ${m}x${k}x${n} ${ta} ${tb}`);
      }
    }
  },
  'binary element-wise ops with broadcasting': () => {
    const pairs: [number[], number[]][] = [[[7, 5], [7, 5]], [[3, 1, 5], [4, 1]], [[1], [2, 3, 3]], [[6, 7], []]];
    const ops: [string, (a: Tensor, b: Tensor) => Tensor][] = [
      ['add', tf.add], ['sub', tf.subtract], ['mul', tf.multiply], ['maximum', tf.maximum], ['minimum', tf.minimum],
      ['squared_difference', tf.squared_difference],
    ];
    for (const [sa, sb] of pairs) for (const [name, f] of ops) compare([randomArray(sa, r), randomArray(sb, r)], ([a, b]) => f(a, b), `${name} [${sa}] [${sb}]`);
    const den = randomArray([4, 3], r);
    for (let i = 0; i < den.values.length; i++) den.values[i] += den.values[i] >= 0 ? 0.5 : -0.5;
    compare([randomArray([2, 4, 3], r), den], ([a, b]) => tf.divide(a, b), 'realdiv');
  },
  'unary ops and relu': () => {
    const x = randomArray([5, 9], r);
    const pos = new NDArray(tf.float32, x.shape, x.values.map((v) => Math.abs(v) + 0.1) as Float32Array);
    const unary: [string, NDArray, (t: Tensor) => Tensor][] = [
      ['relu', x, nn.relu], ['relu6', new NDArray(tf.float32, x.shape, x.values.map((v) => v * 10) as Float32Array), nn.relu6],
      ['neg', x, tf.negative], ['square', x, tf.square], ['exp', x, tf.exp], ['abs', x, tf.abs], ['sigmoid', x, tf.sigmoid], ['tanh', x, tf.tanh],
      ['sqrt', pos, tf.sqrt], ['rsqrt', pos, tf.rsqrt], ['log', pos, tf.log], ['floor', x, tf.floor], ['ceil', x, tf.ceil], ['sin', x, tf.sin], ['cos', x, tf.cos],
    ];
    for (const [name, input, f] of unary) compare([input], ([t]) => f(t), name, 1e-4);
  },
  'bias_add': () => {
    compare([randomArray([2, 3, 5, 7], r), randomArray([7], r)], ([v, b]) => nn.bias_add(v, b), 'bias_add NHWC');
    compare([randomArray([9, 4], r), randomArray([4], r)], ([v, b]) => nn.bias_add(v, b), 'bias_add 2-D');
  },
  'conv2d SAME/VALID, strides, odd sizes': () => {
    const configs: [number[], number[], number[], 'SAME' | 'VALID'][] = [
      [[1, 5, 5, 1], [3, 3, 1, 1], [1, 1, 1, 1], 'SAME'],
      [[2, 7, 6, 3], [3, 2, 3, 4], [1, 1, 1, 1], 'VALID'],
      [[2, 9, 8, 3], [3, 3, 3, 5], [1, 2, 2, 1], 'SAME'],
      [[1, 11, 7, 2], [5, 3, 2, 3], [1, 3, 2, 1], 'VALID'],
      [[1, 6, 6, 2], [4, 4, 2, 2], [1, 2, 3, 1], 'SAME'],
    ];
    for (const [xs, fs, strides, padding] of configs) {
      compare([randomArray(xs, r), randomArray(fs, r)], ([x, f]) => nn.conv2d(x, f, strides, padding), `conv2d [${xs}] [${fs}] ${strides} ${padding}`, 1e-4);
    }
    compare([randomArray([2, 6, 6, 3], r), randomArray([3, 3, 3, 4], r), randomArray([4], r)],
      ([x, f, b]) => nn.relu(nn.bias_add(nn.conv2d(x, f, [1, 1, 1, 1], 'SAME'), b)), 'conv2d+bias+relu');
  },
  'reductions sum/mean/max over axes, keepdims': () => {
    const x = randomArray([3, 5, 7], r);
    const axes: (number | number[] | undefined)[] = [undefined, 0, 1, 2, -1, [0, 2], [1, 2]];
    for (const ax of axes) {
      for (const keepdims of [false, true]) {
        compare([x], ([t]) => tf.reduce_sum(t, ax, { keepdims }), `sum ${JSON.stringify(ax)} ${keepdims}`, 1e-4);
        compare([x], ([t]) => tf.reduce_mean(t, ax, { keepdims }), `mean ${JSON.stringify(ax)} ${keepdims}`, 1e-4);
        compare([x], ([t]) => tf.reduce_max(t, ax, { keepdims }), `max ${JSON.stringify(ax)} ${keepdims}`, 0);
      }
    }
  },
  'values stay on the device between GPU ops; only the fetch is read back': () => {
    tf.reset_default_graph();
    const a = tf.placeholder(tf.float32, [16, 16]);
    const y = tf.device(GPU, () => tf.reduce_sum(nn.relu(tf.add(tf.matmul(a, a), tf.constant(0.5))), 1));
    const sess = tf.Session();
    const av = randomArray([16, 16], r);
    const before = gpuStats().readbacks;
    const v = sess.run(y, new Map([[a, av]]));
    const reads = gpuStats().readbacks - before;
    if (reads !== 1) throw new Error(`expected 1 readback for a chain of 4 GPU ops, got ${reads}`);
    const ref = withReferenceKernels(() => {
      const s2 = tf.Session();
      return s2.run(tf.device('/device:CPU:0', () => tf.reduce_sum(nn.relu(tf.add(tf.matmul(a, a), tf.constant(0.5))), 1)), new Map([[a, av]]));
    });
    assertClose(v, ref, 1e-4, 'chain');
  },
  'unpinned ops prefer the GPU; int32 ops there fall back to the CPU kernel': () => {
    tf.reset_default_graph();
    const x = tf.constant([[1, 2], [3, 4]], { dtype: tf.float32 });
    const y = tf.matmul(x, x);
    const i = tf.add(tf.constant([1, 2], { dtype: tf.int32 }), tf.constant([3, 4], { dtype: tf.int32 }));
    const sess = tf.Session();
    const placed = sess.placements([y, i]);
    if (!placed.get(y.op.name)!.endsWith('device:GPU:0')) throw new Error(`MatMul on ${placed.get(y.op.name)}`);
    const [yv, iv] = sess.run([y, i]);
    if (JSON.stringify(yv.toArray()) !== '[[7,10],[15,22]]') throw new Error(`matmul ${yv}`);
    if (JSON.stringify(iv.toArray()) !== '[4,6]' || iv.dtype !== tf.int32) throw new Error(`int add ${iv}`);
  },
  'runAsync returns the same values as run': async () => {
    tf.reset_default_graph();
    const a = tf.placeholder(tf.float32, [8, 3]);
    const y = tf.device(GPU, () => tf.matmul(a, a, { transpose_b: true }));
    const sess = tf.Session();
    const av = randomArray([8, 3], r);
    const p = sess.runAsync({ y }, new Map([[a, av]]));
    if (!(p instanceof Promise)) throw new Error('runAsync must return a Promise');
    const { y: yv } = await p;
    assertClose(yv, sess.run(y, new Map([[a, av]])), 0, 'runAsync');
  },
};

async function main(): Promise<void> {
  const results: CaseResult[] = [];
  for (const [name, fn] of Object.entries(cases)) {
    try { await fn(); results.push({ name, ok: true }); } catch (e) { results.push({ name, ok: false, error: (e as Error).stack ?? String(e) }); }
  }
  process.stdout.write(`GPU-CASES ${JSON.stringify(results)}\n`);
  process.exit(0);
}

if (require.main === module) void main();
