/** Shared helpers of the lib/train tests: repository paths, fixtures, temporary folders, a seeded PRNG. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { mulberry32 } from '../../../lib/framework/mulberry32';

/** The repository root: the nearest folder above this file with scopeflow's package.json. */
export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'scopeflow') return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('repository root not found');
    dir = up;
  }
}

/**
 * A folder of TensorFlow-written files under `../shared/fixtures` beside the repository (CI checks the shared
 * folder out there; the files are never copied into the project). A missing folder fails the test that needs it.
 */
export function sharedFixtures(name: 'tf-checkpoints' | 'tf-wild'): string {
  const dir = path.join(repoRoot(), '..', 'shared', 'fixtures', name);
  if (!fs.existsSync(dir)) throw new Error(`TensorFlow-written fixtures not found: ${dir} (the shared folder belongs beside the repository)`);
  return dir;
}

/** The small TensorFlow-written V2 checkpoints (`../shared/fixtures/tf-checkpoints`). */
export function fixturesDir(): string { return sharedFixtures('tf-checkpoints'); }

export function fixture(rel: string): string { return path.join(fixturesDir(), rel); }

/** A fresh temporary folder, removed by `cleanup()`. */
export function tmpDir(tag = 'train'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `scopeflow-${tag}-`));
  created.push(dir);
  return dir;
}
const created: string[] = [];
export function cleanup(): void {
  while (created.length) fs.rmSync(created.pop()!, { recursive: true, force: true });
}

/** A small deterministic PRNG for fuzzing. */
export const prng = mulberry32;

export function hex(b: Uint8Array): string { return Buffer.from(b).toString('hex'); }
export function unhex(s: string): Uint8Array { return Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex')); }

/** The fixture checkpoints and what their README says about them. */
export const FIXTURES = [
  { prefix: 'udacity-intro/model.ckpt', tensors: { bias_0: ['float32', [3]], weights_0: ['float32', [2, 3]] } },
  { prefix: 'udacity-intro/train_model.ckpt', tensors: { Variable: ['float32', [784, 10]], Variable_1: ['float32', [10]] } },
  { prefix: 'linear-regression/smovetf.ckpt', tensors: { W: ['float32', [21, 1]] } },
  {
    prefix: 'adam-classifier/model.ckpt',
    tensors: {
      Variable: ['float32', [2, 3]], 'Variable/Adam': ['float32', [2, 3]], 'Variable/Adam_1': ['float32', [2, 3]],
      Variable_1: ['float32', [3, 1]], 'Variable_1/Adam': ['float32', [3, 1]], 'Variable_1/Adam_1': ['float32', [3, 1]],
      beta1_power: ['float32', []], beta2_power: ['float32', []],
    },
  },
] as const;
