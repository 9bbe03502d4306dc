// Checkpoint throughput: Saver.save and Saver.restore (through sess.run, SaveV2/RestoreV2, the bundle
// writer/reader with CRC32C) for 100 MiB in 4 variables and for 1000 small variables, beside plain
// copies of the same bytes (the checkpoint's .index and .data files) in the same run.
// Ratios are checkpoint speed / copy speed: 1.0 = as fast as copying the files.
// Run with `npm run bench -- checkpoint`.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '../lib';
import * as train from '../lib/train';
import { NDArray } from '../lib/framework/ndarray';
import { Session } from '../lib/runtime/session';

function median(xs: number[]): number { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; }

function time(fn: () => unknown, reps: number, warm = 1): number {
  for (let i = 0; i < warm; i++) fn();
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) { const t0 = performance.now(); fn(); ts.push(performance.now() - t0); }
  return median(ts);
}

function random(n: number, seed: number): NDArray {
  const a = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; a[i] = s / 2 ** 32 - 0.5; }
  return new NDArray(tf.float32, [n], a);
}

interface Row {
  name: string; bytes: number; vars: number; save: number; restore: number; cp: number; rw: number; write: number; read: number;
  /** Allocating fresh memory of the same size and writing it once (what any restore must pay). */
  touch: number;
}

function bench(name: string, sizes: number[], reps: number): Row {
  tf.reset_default_graph();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scopeflow-bench-ckpt-'));
  try {
    const vars = sizes.map((n, i) => tf.Variable(tf.zeros([n]), { name: `layer_${String(i).padStart(4, '0')}/weights` }));
    const saver = new train.Saver(null, { max_to_keep: 0 });
    const sess = new Session();
    sess.run(tf.global_variables_initializer());
    vars.forEach((v, i) => v.load(random(sizes[i], i + 1), sess));
    const prefix = path.join(dir, 'model.ckpt');
    const save = time(() => saver.save(sess, prefix, { write_meta_graph: false, write_state: false }), reps);
    const sess2 = new Session();
    const restore = time(() => saver.restore(sess2, prefix), reps);
    // The restored values are the saved ones.
    for (const i of [0, vars.length - 1]) {
      const a = sess2.run(vars[i]).data as Float32Array, b = random(sizes[i], i + 1).data as Float32Array;
      if (a.length !== b.length || a.some((x, k) => x !== b[k])) throw new Error(`restored values differ for ${vars[i].name}`);
    }
    const files = [`${prefix}.index`, `${prefix}.data-00000-of-00001`];
    const bytes = files.reduce((s, f) => s + fs.statSync(f).size, 0);
    const cp = time(() => files.forEach((f, i) => fs.copyFileSync(f, path.join(dir, `copy${i}`))), reps);
    const rw = time(() => files.forEach((f, i) => fs.writeFileSync(path.join(dir, `rw${i}`), fs.readFileSync(f))), reps);
    const contents = files.map((f) => fs.readFileSync(f));
    const write = time(() => contents.forEach((c, i) => fs.writeFileSync(path.join(dir, `w${i}`), c)), reps);
    const read = time(() => files.forEach((f) => fs.readFileSync(f)), reps);
    const touch = time(() => sizes.forEach((n) => new Float32Array(n).fill(1)), reps);
    sess.close();
    sess2.close();
    return { name, bytes, vars: sizes.length, save, restore, cp, rw, write, read, touch };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const MB = 1 << 20;
const rows = [
  bench('100 MiB in 4 variables', [0, 1, 2, 3].map(() => (25 * MB) / 4), 5),
  bench('1000 variables of 256 floats', Array.from({ length: 1000 }, () => 256), 7),
];
const mbs = (bytes: number, ms: number) => `${(bytes / MB / (ms / 1000)).toFixed(0).padStart(6)} MiB/s`;
console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}, load average ${os.loadavg()[0].toFixed(1)}, tmpdir ${os.tmpdir()}`);
for (const r of rows) {
  console.log(`\n${r.name}: ${(r.bytes / MB).toFixed(2)} MiB on disk (.index + .data), median ms`);
  console.log(`  Saver.save     ${r.save.toFixed(1).padStart(8)} ms ${mbs(r.bytes, r.save)}`);
  console.log(`  Saver.restore  ${r.restore.toFixed(1).padStart(8)} ms ${mbs(r.bytes, r.restore)}`);
  console.log(`  copyFileSync   ${r.cp.toFixed(1).padStart(8)} ms ${mbs(r.bytes, r.cp)}`);
  console.log(`  read+write     ${r.rw.toFixed(1).padStart(8)} ms ${mbs(r.bytes, r.rw)}`);
  console.log(`  write only     ${r.write.toFixed(1).padStart(8)} ms ${mbs(r.bytes, r.write)}`);
  console.log(`  read only      ${r.read.toFixed(1).padStart(8)} ms ${mbs(r.bytes, r.read)}`);
  console.log(`  fresh memory   ${r.touch.toFixed(1).padStart(8)} ms ${mbs(r.bytes, r.touch)}  (allocate the restored size, write it once)`);
  console.log(`  ratio save/copy ${(r.cp / r.save).toFixed(2)}, restore/copy ${(r.cp / r.restore).toFixed(2)}`
    + `  (vs read+write copy: save ${(r.rw / r.save).toFixed(2)}, restore ${(r.rw / r.restore).toFixed(2)})`);
}
