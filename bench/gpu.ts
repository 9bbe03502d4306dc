// GPU vs CPU through sess.run (readback included) on /device:GPU:0 and /device:CPU:0. Without a real GPU
// this runs on the software WebGPU adapter (Dawn GL on Mesa llvmpipe, SCOPEFLOW_GPU=software), which is a
// correctness path: its figures say what the GPU path costs, not what a GPU can do. Set SCOPEFLOW_GPU
// yourself to measure a real adapter (unset: a real GPU if there is one).
import * as tf from '../lib';
import { NDArray } from '../lib/framework/ndarray';
import { Tensor } from '../lib/framework/graph';
import { median, random, row as fmt } from './_util';

if (process.env.SCOPEFLOW_GPU === undefined) process.env.SCOPEFLOW_GPU = 'software';

function timeRuns(fn: () => unknown, reps: number): number {
  fn();   // compiles the kernels
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) { const t0 = performance.now(); fn(); ts.push(performance.now() - t0); }
  return median(ts);
}

function main(): void {
  const gpu = tf.Session().list_devices().find((d) => d.device_type === 'GPU');
  if (!gpu) { console.log('no GPU device (SCOPEFLOW_GPU=off?)'); return; }
  const software = /software/.test(gpu.description);
  console.log(`GPU: ${gpu.description}${software ? ' -- SOFTWARE adapter (CPU emulation): correctness path, not GPU speed' : ''}`);
  const W = [44, 10, 10, 18];
  const row = (c: (string | number)[]) => fmt(c, W);
  console.log(row(['op (median ms, readback incl.)', '/gpu:0', '/cpu:0', 'GPU time / CPU']));
  const cases: [string, () => { y: (dev: string) => Tensor; feeds: Map<Tensor, NDArray> }, number][] = [
    ['matmul 1024x1024 f32', () => {
      const a = tf.placeholder(tf.float32, [1024, 1024]), b = tf.placeholder(tf.float32, [1024, 1024]);
      return { y: (d) => tf.device(d, () => tf.matmul(a, b)), feeds: new Map([[a, random([1024, 1024], 1)], [b, random([1024, 1024], 2)]]) };
    }, software ? 1 : 5],
    ['conv2d [16,28,28,32]*[5,5,32,32] SAME+relu', () => {
      const x = tf.placeholder(tf.float32, [16, 28, 28, 32]), f = tf.placeholder(tf.float32, [5, 5, 32, 32]);
      return { y: (d) => tf.device(d, () => tf.nn.relu(tf.nn.conv2d(x, f, [1, 1, 1, 1], 'SAME'))), feeds: new Map([[x, random([16, 28, 28, 32], 3)], [f, random([5, 5, 32, 32], 4)]]) };
    }, software ? 1 : 5],
    ['chain of 200 adds on 10 floats', () => {
      const x = tf.placeholder(tf.float32, [10]);
      const c = tf.constant(new Float32Array(10).fill(1));
      return { y: (d) => tf.device(d, () => { let t: Tensor = x; for (let i = 0; i < 200; i++) t = tf.add(t, c); return t; }), feeds: new Map([[x, random([10], 5)]]) };
    }, 5],
  ];
  for (const [name, make, reps] of cases) {
    tf.reset_default_graph();
    const { y, feeds } = make();
    const yg = y('/device:GPU:0'), yc = y('/device:CPU:0');
    const sess = tf.Session();
    const g = timeRuns(() => sess.run(yg, feeds), reps);
    const c = timeRuns(() => sess.run(yc, feeds), reps);
    console.log(row([name, g, c, `${(g / c).toFixed(2)}x`]));
  }
}

main();
process.exit(0);
