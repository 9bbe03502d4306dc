/**
 * Crash safety: a process saving checkpoints in a loop is SIGKILLed at random moments; every time,
 * the checkpoint the state file names (and every one it lists) restores completely and consistently.
 */
import { strict as assert } from 'assert';
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as train from '../../../lib/train';
import { setLogSink } from '../../../lib/train/logging';
import { cleanup, prng, tmpDir } from './helpers';

/** Starts the child, waits until it starts save number `minSaves + 1` of this run, then `delay` ms more, then kills it. */
function runAndKill(dir: string, delayMs: number, minSaves: number): Promise<{ saved: number[] }> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [path.join(__dirname, 'crash_child.js'), dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const saved: number[] = [];
    let out = '', err = '', killed = false, timer: NodeJS.Timeout | undefined;
    const kill = () => { if (!killed) { killed = true; child.kill('SIGKILL'); } };
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const lines = out.split('\n');
      out = lines.pop()!;
      for (const l of lines) {
        if (l.startsWith('saved ')) saved.push(Number(l.slice(6)));
        if (l.startsWith('saving ') && saved.length === minSaves && !timer) timer = setTimeout(kill, delayMs);
      }
    });
    child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
    const guard = setTimeout(kill, 20000);
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      if (timer) clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`child exited by itself (code ${code}): ${err}`));
      else resolve({ saved });
    });
  });
}

/** Reads a checkpoint and checks every variable holds its step. */
function checkCheckpoint(prefix: string): number {
  const step = Number(/-(\d+)$/.exec(prefix)![1]);
  const r = train.load_checkpoint(prefix);
  assert.deepEqual(Object.keys(r.get_variable_to_shape_map()), ['big', 'label', 'steps']);
  const big = r.get_tensor('big').data as Float32Array;
  assert.equal(big.length, 1 << 20);
  assert.ok(big.every((v) => v === step), `big holds ${step}`);
  assert.ok(Array.from(r.get_tensor('steps').data as Float64Array).every((v) => v === step));
  assert.deepEqual(r.get_tensor('label').strings, [`step ${step}`, 'x'.repeat(step % 50)]);
  return step;
}

describe('train crash safety (SIGKILL during repeated saves)', function () {
  this.timeout(120000);
  let restoreLog: ReturnType<typeof setLogSink>;
  before(() => { restoreLog = setLogSink(() => undefined); });
  after(() => { setLogSink(restoreLog); cleanup(); });

  it('always leaves the last good checkpoint restorable', async () => {
    const dir = tmpDir('crash');
    const rand = prng(20241125);
    let lastGood = 0;
    let midSave = 0;
    const rounds = 10;
    let leftovers = new Set<string>();
    for (let round = 0; round < rounds; round++) {
      // Kill at a random moment of the 1st to 3rd save of this run (a save takes some tens of ms).
      const { saved } = await runAndKill(dir, Math.floor(rand() * 50), round % 3);
      const latest = train.latest_checkpoint(dir);
      if (saved.length === 0 && lastGood === 0) { assert.equal(latest, null); continue; }
      assert.ok(latest, `round ${round}: no checkpoint after ${saved.length} saves`);
      const step = checkCheckpoint(latest);
      // The newest checkpoint is the last one reported saved, or the one being saved when killed.
      const reported = saved.length ? saved[saved.length - 1] : lastGood;
      assert.ok(step === reported || step === reported + 1, `round ${round}: latest ${step}, last reported ${reported}`);
      assert.ok(step >= lastGood);
      lastGood = step;
      const state = train.get_checkpoint_state(dir)!;
      assert.equal(state.all_model_checkpoint_paths![state.all_model_checkpoint_paths!.length - 1], latest);
      for (const p of state.all_model_checkpoint_paths!) checkCheckpoint(p);
      const temps = new Set(fs.readdirSync(dir).filter((f) => f.includes('.tempstate') || f.includes('.tmp')));
      if ([...temps].some((f) => !leftovers.has(f))) midSave++;
      leftovers = temps;
    }
    assert.ok(lastGood > 0, 'some checkpoints were written');
    // Leftovers of interrupted saves are only temporary files, never files under final names.
    for (const f of fs.readdirSync(dir)) {
      assert.match(f, /^(checkpoint|model\.ckpt-\d+\.(index|meta|data-00000-of-00001))(\.tempstate\d+|\.tmp[0-9a-f]+)?$/, f);
    }
    // Informative: how many kills landed while a file was being written.
    console.log(`      ${rounds} kills, ${midSave} during a write, last step ${lastGood}`);
  });
});
