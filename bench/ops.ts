// Benchmarks: matmul 1024x1024 f32 and conv2d [16,28,28,32] * [5,5,32,32] SAME + relu through sess.run
// (feeds and readback included) against tfjs-backend-wasm and tfjs-backend-cpu on the same data, and the
// executor's per-op overhead (a chain of 200 adds on 10-element tensors) against tfjs-cpu eager.
// Run with `npm run bench`. Ratios are tfjs time / scopeflow time: above 1.0 scopeflow is faster.
import * as os from 'os';
import * as tfc from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '../lib';
import { xnnpack } from '../lib/kernels/fast/xnnpack';
import { NDArray } from '../lib/framework/ndarray';
import { Tensor } from '../lib/framework/graph';
import { median, random, row, time } from './_util';

const W = [34, 12, 12, 12, 10, 10];

async function tfjs(backend: 'wasm' | 'cpu', f: () => tfc.Tensor, reps: number): Promise<number> {
  await tfc.setBackend(backend);
  return time(() => { const out = tfc.tidy(f); out.dataSync(); out.dispose(); }, reps);
}

/**
 * Median times of scopeflow and tfjs-wasm measured alternately (one of each per round), so that load from
 * other processes on a shared machine hits both alike.
 */
async function versusWasm(ours: () => unknown, theirs: () => tfc.Tensor, rounds: number): Promise<[number, number]> {
  await tfc.setBackend('wasm');
  const wasm = () => { const out = tfc.tidy(theirs); out.dataSync(); out.dispose(); };
  ours(); wasm();
  const a: number[] = [], b: number[] = [];
  for (let i = 0; i < rounds; i++) {
    let t0 = performance.now(); ours(); a.push(performance.now() - t0);
    t0 = performance.now(); wasm(); b.push(performance.now() - t0);
  }
  return [median(a), median(b)];
}

async function heavy(): Promise<void> {
  console.log(row(['op (median ms, readback incl.)', 'scopeflow', 'tfjs-wasm', 'tfjs-cpu', 'vs wasm', 'vs cpu'], W));
  // matmul
  {
    const n = 1024, a = random([n, n], 1), b = random([n, n], 2);
    tf.reset_default_graph();
    const pa = tf.placeholder(tf.float32, [n, n]), pb = tf.placeholder(tf.float32, [n, n]);
    const y = tf.matmul(pa, pb);
    const sess = tf.Session();
    const feeds = new Map<Tensor, NDArray>([[pa, a], [pb, b]]);
    const ta = a.values as Float32Array, tb = b.values as Float32Array;
    const mm = () => tfc.matMul(tfc.tensor2d(ta, [n, n]), tfc.tensor2d(tb, [n, n]));
    const [ours, wasm] = await versusWasm(() => sess.run(y, feeds), mm, 9);
    const cpu = await tfjs('cpu', mm, 2);
    console.log(row([`matmul ${n}x${n} f32 (${(2 * n ** 3 / ours / 1e6).toFixed(1)} GFLOP/s)`, ours, wasm, cpu, `${(wasm / ours).toFixed(2)}x`, `${(cpu / ours).toFixed(2)}x`], W));
  }
  // conv2d + relu
  {
    const nn = tf.nn;
    const xs = [16, 28, 28, 32], fs = [5, 5, 32, 32];
    const x = random(xs, 3), f = random(fs, 4);
    tf.reset_default_graph();
    const px = tf.placeholder(tf.float32, xs), pf = tf.placeholder(tf.float32, fs);
    const y = nn.relu(nn.conv2d(px, pf, [1, 1, 1, 1], 'SAME'));
    const sess = tf.Session();
    const feeds = new Map<Tensor, NDArray>([[px, x], [pf, f]]);
    const tx = x.values as Float32Array, tfl = f.values as Float32Array;
    const conv = () => tfc.relu(tfc.conv2d(tfc.tensor4d(tx, xs as [number, number, number, number]), tfc.tensor4d(tfl, fs as [number, number, number, number]), 1, 'same'));
    const [ours, wasm] = await versusWasm(() => sess.run(y, feeds), conv, 9);
    const cpu = await tfjs('cpu', conv, 2);
    const flops = 2 * 16 * 28 * 28 * 32 * 5 * 5 * 32;
    console.log(row([`conv2d SAME+relu (${(flops / ours / 1e6).toFixed(1)} GFLOP/s)`, ours, wasm, cpu, `${(wasm / ours).toFixed(2)}x`, `${(cpu / ours).toFixed(2)}x`], W));
  }
}

async function overhead(): Promise<void> {
  const chain = 200, size = 10;
  tf.reset_default_graph();
  const x = tf.placeholder(tf.float32, [size]);
  const c = tf.constant(new Float32Array(size).fill(1));
  let y: Tensor = x;
  for (let i = 0; i < chain; i++) y = tf.add(y, c);
  const sess = tf.Session();
  const xv = random([size], 5);
  const feeds = new Map<Tensor, NDArray>([[x, xv]]);
  const runs = 50;
  const ours = await time(() => { for (let r = 0; r < runs; r++) sess.run(y, feeds); }, 5, 2);
  await tfc.setBackend('cpu');
  const cx = tfc.tensor1d(xv.values as Float32Array), cc = tfc.tensor1d(new Float32Array(size).fill(1));
  const eager = () => {
    for (let r = 0; r < runs; r++) {
      const out = tfc.tidy(() => { let t = cx; for (let i = 0; i < chain; i++) t = tfc.add(t, cc); return t; });
      out.dataSync(); out.dispose();
    }
  };
  const theirs = await time(eager, 5, 2);
  const usOurs = (ours * 1000) / (runs * chain), usTheirs = (theirs * 1000) / (runs * chain);
  console.log(row(['per-op overhead (µs/op)', 'scopeflow', 'tfjs-cpu', '', 'vs cpu', ''], W));
  console.log(row([`chain of ${chain} adds on ${size} floats`, usOurs, usTheirs, '', `${(usTheirs / usOurs).toFixed(2)}x`, ''], W));
}

async function main(): Promise<void> {
  const cpus = os.cpus();
  console.log(`machine: ${cpus.length} x ${cpus[0]?.model ?? 'CPU'}, node ${process.version}; XNNPACK ${xnnpack().flavour}, 1 thread`);
  await heavy();
  await overhead();
}

main().catch((e) => { console.error(e); process.exit(1); });
