// The three CPU backends side by side (native: oneDNN + OpenBLAS addon; wasm: XNNPACK; reference: TypeScript),
// against numpy's matmul (Debian numpy + OpenBLAS, run as /usr/bin/python3) measured in the same run:
// - matmul 1024² float32, each backend vs numpy (goal for native: ≥ 0.8×);
// - conv2d forward and both backprops on the Deep-MNIST shapes vs the same FLOPs at numpy's GEMM rate (≥ 0.5×);
// - one Adam step of the Deep-MNIST CNN at batch 64 vs its FLOPs at numpy's GEMM rate (≥ 0.3×);
// - the per-op overhead of a chain of 200 small adds (≤ 0.2 µs/op), in wall and in CPU time;
// - the resident memory of a Deep-MNIST training loop over 1000 steps (flat: the executor reuses the buffers of
//   dead values), with the big buffers allocated anew and taken from the pool per step.
// The machine's load average is printed first: on a shared machine every figure is only as good as it.
// Run with `npm run bench` (or `node dist/bench/cpu_backends.js` after a build). Ratios: above 1.0 is faster.
import { clearedBlasSettings } from './_blas_env';
import { OpType } from '../lib/framework/op_types';
import { spawnSync } from 'child_process';
import * as os from 'os';
import * as tf from '../lib';
import { CpuBackend, cpuBackend } from '../lib/kernels/cpu_backend';
import { kernelTypes, withBackendOrder } from '../lib/kernels/registry';
import { loadNative } from '../lib/kernels/native/addon';
import { Tensor } from '../lib/framework/graph';
import { makeOp } from '../lib/ops/op_builder';
import { NDArray } from '../lib/framework/ndarray';
import { median, random, row } from './_util';
import { bufferCounts } from '../lib/framework/buffer_pool';

const PYTHON = '/usr/bin/python3';
const W = [46, 11, 11, 11, 13];

/** numpy's matmul n×n float32 times (ms), measured in a child process; null where numpy is absent. */
function numpyMatmul(n: number, reps: number): number[] | null {
  const script = [
    'import numpy as np, time, json',
    `n, reps = ${n}, ${reps}`,
    'rng = np.random.default_rng(1)',
    'a = rng.random((n, n), dtype=np.float32) - 0.5; b = rng.random((n, n), dtype=np.float32) - 0.5',
    'a @ b',
    'ts = []',
    'for _ in range(reps):',
    '    t0 = time.perf_counter(); a @ b; ts.append((time.perf_counter() - t0) * 1e3)',
    'print(json.dumps(ts))',
  ].join('\n');
  const r = spawnSync(PYTHON, ['-c', script], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  return JSON.parse(r.stdout) as number[];
}

/** A session running `build`'s fetches with one backend's kernels (the plan is built, and warmed, inside). */
function prepared(backend: CpuBackend, build: () => { fetches: (Tensor | tf.Operation)[] | Tensor; feeds?: Map<Tensor, NDArray>; init?: boolean }): () => void {
  return withBackendOrder('CPU', backend === 'reference' ? ['reference'] : [backend, 'reference'], () => {
    const g = new tf.Graph();
    return g.as_default(() => {
      const { fetches, feeds, init } = build();
      const sess = tf.Session({ graph: g });
      if (init) sess.run(tf.global_variables_initializer());
      const run = () => { sess.run(fetches, feeds); };
      run();
      return run;
    });
  });
}

/** Median of `reps` timed runs, after as many untimed ones where reps > 1: the first runs of a primitive
 * (page faults of fresh buffers, clock ramp-up) are slower than a training loop's steady state. */
function timeMs(run: () => void, reps: number): number {
  for (let i = 1; i < reps; i++) run();
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) { const t0 = performance.now(); run(); ts.push(performance.now() - t0); }
  return median(ts);
}

const backends: CpuBackend[] = ['native', 'wasm', 'reference'];
const available = (b: CpuBackend) => b !== 'native' || 'addon' in loadNative();

/** The GEMM rate (GFLOP/s) the conv and step figures are measured against, and whose it is. */
interface Roofline { readonly rate: number; readonly source: string }

function matmulSection(): Roofline {
  const n = 1024;
  const a = random([n, n], 1), b = random([n, n], 2);
  const runs = new Map<CpuBackend, () => void>();
  for (const be of backends) {
    if (!available(be)) continue;
    runs.set(be, prepared(be, () => {
      const pa = tf.placeholder(tf.float32, [n, n]), pb = tf.placeholder(tf.float32, [n, n]);
      // The product runs as a target and is not kept, as numpy's `a @ b` in a loop: its buffer is reused.
      return { fetches: [tf.matmul(pa, pb).op], feeds: new Map([[pa, a], [pb, b]]) };
    }));
  }
  // numpy and native alternate, so load from other processes on a shared machine hits both alike.
  const numpy: number[] = [], native: number[] = [];
  for (let round = 0; round < 3; round++) {
    const np = numpyMatmul(n, 5);
    if (np) numpy.push(...np);
    const nat = runs.get('native');
    if (nat) for (let i = 0; i < 5; i++) { const t0 = performance.now(); nat(); native.push(performance.now() - t0); }
  }
  const numpyMs = numpy.length ? median(numpy) : NaN;
  const flops = 2 * n ** 3;
  console.log(row(['matmul 1024² f32 (median ms of sess.run)', 'ms', 'GFLOP/s', 'vs numpy', ''], W));
  if (numpy.length) console.log(row([`numpy (${PYTHON}, OpenBLAS)`, numpyMs, flops / numpyMs / 1e6, '1.00x', ''], W));
  else console.log(row([`numpy (${PYTHON}): absent (python3-numpy)`, '', '', '', ''], W));
  for (const be of backends) {
    const run = runs.get(be);
    if (!run) { console.log(row([`  ${be}`, 'absent', '', '', ''], W)); continue; }
    const ms = be === 'native' ? median(native) : timeMs(run, be === 'reference' ? 1 : 5);
    const vsNumpy = numpy.length ? `${(numpyMs / ms).toFixed(2)}x` : '';
    console.log(row([`  ${be}`, ms, flops / ms / 1e6, vsNumpy, be === 'native' ? 'goal ≥ 0.8x' : ''], W));
  }
  if (numpy.length) return { rate: flops / numpyMs / 1e6, source: "numpy's GEMM rate" };
  // Without numpy the figures below compare with our own GEMM rate: a lower roofline, so ratios read higher.
  return { rate: native.length ? flops / median(native) / 1e6 : NaN, source: "native's GEMM rate (numpy absent)" };
}

const DEEP_MNIST_CONVS: [string, number[], number[]][] = [
  ['conv1 [64,28,28,1]*[5,5,1,32]', [64, 28, 28, 1], [5, 5, 1, 32]],
  ['conv2 [64,14,14,32]*[5,5,32,64]', [64, 14, 14, 32], [5, 5, 32, 64]],
];

function convSection(roofline: Roofline): void {
  console.log(row([`conv2d SAME, Deep-MNIST shapes (median ms)`, 'native', 'wasm', 'reference', `native vs GEMM`], W));
  for (const [name, xs, fs] of DEEP_MNIST_CONVS) {
    const x = random(xs, 3), f = random(fs, 4);
    const ys = [xs[0], xs[1], xs[2], fs[3]];
    const dy = random(ys, 5);
    const flops = 2 * ys.reduce((p, d) => p * d, 1) * fs[0] * fs[1] * fs[2];
    const forward = () => tf.nn.conv2d(tf.constant(x), tf.constant(f), [1, 1, 1, 1], 'SAME');
    // The backprop ops with the forward op's attrs, as Conv2D's gradient builds them.
    const backprop = (type: OpType, inputs: () => Tensor[]) => () => {
      const attrs = Object.fromEntries(forward().op.attrs);
      return makeOp(type, inputs(), attrs).outputs[0];
    };
    const shapeConst = (s: number[]) => tf.constant(Int32Array.from(s));
    const passes: [string, () => Tensor, string][] = [
      ['forward', forward, 'Conv2D'],
      ['backprop input', backprop('Conv2DBackpropInput', () => [shapeConst(xs), tf.constant(f), tf.constant(dy)]), 'Conv2DBackpropInput'],
      ['backprop filter', backprop('Conv2DBackpropFilter', () => [tf.constant(x), shapeConst(fs), tf.constant(dy)]), 'Conv2DBackpropFilter'],
    ];
    for (const [pass, build, type] of passes) {
      // The first layer's input gradient is never needed in training (its input is the data).
      if (pass === 'backprop input' && xs[3] === 1) continue;
      const ms = backends.map((be) => {
        if (!available(be)) return 'absent';
        if (be === 'wasm' && !kernelTypes('CPU', 'wasm').includes(type)) return 'reference';   // no wasm kernel
        if (be === 'reference' && xs[3] > 1) return 'skipped';   // seconds per call
        return timeMs(prepared(be, () => ({ fetches: [build().op] })), be === 'reference' ? 1 : be === 'native' ? 15 : 7);
      });
      const ratio = typeof ms[0] === 'number' ? `${((flops / ms[0] / 1e6) / roofline.rate).toFixed(2)}x (goal 0.5)` : '';
      console.log(row([`${name} ${pass}`, ...ms, ratio], W));
    }
  }
}

/** The Deep-MNIST CNN: conv 5×5×1×32, max-pool, conv 5×5×32×64, max-pool, fc 3136×1024, fc 1024×10, Adam. */
function deepMnist(batch: number) {
  const x = tf.placeholder(tf.float32, [batch, 28, 28, 1]), labels = tf.placeholder(tf.float32, [batch, 10]);
  const weight = (shape: number[]) => tf.Variable(tf.truncated_normal(shape, { stddev: 0.1, seed: 1 }));
  const bias = (n: number) => tf.Variable(tf.constant(0.1, { shape: [n] }));
  const conv = (h: Tensor, w: tf.Variable, b: tf.Variable) => tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(h, w, [1, 1, 1, 1], 'SAME'), b));
  const pool = (h: Tensor) => tf.nn.max_pool(h, [1, 2, 2, 1], [1, 2, 2, 1], 'SAME');
  const h1 = pool(conv(x, weight([5, 5, 1, 32]), bias(32)));
  const h2 = pool(conv(h1, weight([5, 5, 32, 64]), bias(64)));
  const fc1 = tf.nn.relu(tf.add(tf.matmul(tf.reshape(h2, [batch, 3136]), weight([3136, 1024])), bias(1024)));
  const logits = tf.add(tf.matmul(fc1, weight([1024, 10])), bias(10));
  const loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2({ labels, logits }));
  const train = new tf.train.AdamOptimizer(1e-4).minimize(loss);
  const images = random([batch, 28, 28, 1], 7);
  const oneHot = new NDArray(tf.float32, [batch, 10]);
  for (let i = 0; i < batch; i++) oneHot.values[i * 10 + (i % 10)] = 1;
  return { fetches: [train, loss], feeds: new Map<Tensor, NDArray>([[x, images], [labels, oneHot]]), init: true };
}

/** FLOPs of one training step: forward, input and filter gradients (none for the data), matmul gradients. */
function deepMnistFlops(batch: number): number {
  const conv1 = 2 * batch * 28 * 28 * 32 * 25 * 1, conv2 = 2 * batch * 14 * 14 * 64 * 25 * 32;
  const fc1 = 2 * batch * 3136 * 1024, fc2 = 2 * batch * 1024 * 10;
  return (conv1 + conv2 + fc1 + fc2) + (conv1 + 2 * conv2 + 2 * fc1 + 2 * fc2);
}

function stepSection(roofline: Roofline): void {
  const batch = 64, flops = deepMnistFlops(batch);
  const rooflineMs = flops / roofline.rate / 1e6;
  console.log(row([`Deep-MNIST Adam step, batch 64 (${(flops / 1e9).toFixed(2)} GFLOP)`, 'ms', 'GFLOP/s', 'vs roofline', 'vs reference'], W));
  console.log(row([`  roofline at ${roofline.source}`, rooflineMs, roofline.rate, '1.00x', ''], W));
  const times = new Map<CpuBackend, number>();
  for (const be of ['reference', 'wasm', 'native'] as CpuBackend[]) {
    if (!available(be)) { console.log(row([`  ${be}`, 'absent', '', '', ''], W)); continue; }
    const run = prepared(be, () => {
      const m = deepMnist(batch);
      return { fetches: m.fetches, feeds: m.feeds, init: m.init };
    });
    const ms = timeMs(run, be === 'native' ? 15 : 1);
    times.set(be, ms);
    const vsRef = times.has('reference') ? `${(times.get('reference')! / ms).toFixed(0)}x` : '';
    const goal = be === 'native' ? ' (goal 0.3)' : '';
    console.log(row([`  ${be}`, ms, flops / ms / 1e6, `${(rooflineMs / ms).toFixed(2)}x${goal}`, vsRef], W));
  }
}

function overheadSection(): void {
  const chain = 200, size = 10, runs = 200;
  console.log(row([`per-op overhead, ${chain} adds on ${size} floats`, 'µs/op', 'CPU µs/op', 'fastest', 'goal ≤ 0.2'], W));
  for (const be of backends) {
    if (!available(be)) continue;
    const run = prepared(be, () => {
      const x = tf.placeholder(tf.float32, [size]);
      const c = tf.constant(new Float32Array(size).fill(1));
      let y: Tensor = x;
      for (let i = 0; i < chain; i++) y = tf.add(y, c);
      return { fetches: y, feeds: new Map([[x, random([size], 5)]]) };
    });
    for (let i = 0; i < 300; i++) run();   // let the JIT compile the path
    const wall: number[] = [], cpu: number[] = [];
    for (let k = 0; k < 15; k++) {
      const c0 = process.cpuUsage(), t0 = performance.now();
      for (let r = 0; r < runs; r++) run();
      wall.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
    }
    const perOp = (ms: number) => (ms * 1000) / (runs * chain);
    // Medians, and the fastest batch: on a loaded machine the least disturbed one is closest to the path's own cost.
    console.log(row([`  ${be}`, perOp(median(wall)), perOp(median(cpu)), perOp(Math.min(...wall)), ''], W));
  }
}

/** RSS of a Deep-MNIST training loop (batch 16) over 1000 steps, and the big buffers each step allocates. */
function memorySection(): void {
  const steps = 1000, marks = new Set([10, 100, 250, 500, 750, 1000]);
  console.log(row([`training loop RSS, Deep-MNIST batch 16 (native)`, 'RSS MiB', 'new/step', 'reused/step', ''], W));
  if (!available('native')) { console.log(row(['  native', 'absent', '', '', ''], W)); return; }
  const run = prepared('native', () => deepMnist(16));
  let last = { ...bufferCounts }, lastStep = 0, at100 = 0;
  for (let step = 1; step <= steps; step++) {
    run();
    if (!marks.has(step)) continue;
    const rss = process.memoryUsage.rss() / 2 ** 20, n = step - lastStep;
    if (step === 100) at100 = rss;
    const note = step === steps ? `${(rss - at100).toFixed(0)} MiB since step 100` : '';
    console.log(row([`  after step ${step}`, rss, (bufferCounts.allocated - last.allocated) / n, (bufferCounts.reused - last.reused) / n, note], W));
    last = { ...bufferCounts };
    lastStep = step;
  }
}

const SECTIONS = ['matmul', 'conv', 'step', 'overhead', 'memory'] as const;

/** Runs the sections named on the command line (`node dist/bench/cpu_backends.js overhead memory`), or all. */
function main(): void {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((a) => !(SECTIONS as readonly string[]).includes(a));
  if (unknown.length) throw new Error(`unknown section ${unknown.join(', ')}: the sections are ${SECTIONS.join(', ')}`);
  const wanted = (name: (typeof SECTIONS)[number]) => asked.length === 0 || asked.includes(name);
  const cpus = os.cpus();
  const info = cpuBackend();
  const load = os.loadavg().map((l) => l.toFixed(2)).join(', ');
  console.log(`machine: ${cpus.length} x ${cpus[0]?.model ?? 'CPU'}, node ${process.version}; load average ${load} (1, 5, 15 min)`);
  console.log(`CPU backend in use: ${info.name} (${info.description}); order ${info.order.join(' → ')}`);
  if (clearedBlasSettings.length) console.log(`OpenBLAS picks its kernels for this CPU in numpy and in the addon alike: ${clearedBlasSettings.join(' ')} cleared`);
  // The conv and step sections compare with numpy's GEMM rate, which the matmul section measures.
  const roofline = wanted('matmul') || wanted('conv') || wanted('step') ? matmulSection() : null;
  if (roofline && wanted('conv')) convSection(roofline);
  if (roofline && wanted('step')) stepSection(roofline);
  if (wanted('overhead')) overheadSection();
  if (wanted('memory')) memorySection();
}

main();
