// GPU device tests. The kernels are compared with the reference CPU kernels in a child process running
// on the software WebGPU adapter (SCOPEFLOW_GPU=software: Dawn's GL backend on Mesa llvmpipe, no GPU
// needed). If the adapter cannot start (Mesa's EGL libraries missing), every case fails with the reason.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { cases, CaseResult } from './gpu_cases';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const script = path.join(__dirname, 'gpu_cases.js');

function child(env: Record<string, string>, args: string[], timeout = 120_000) {
  return spawnSync(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', timeout });
}

describe('GPU device (software adapter)', function () {
  this.timeout(180_000);
  let results: Map<string, CaseResult> | null = null;
  let failure = '';

  before(() => {
    const r = child({ SCOPEFLOW_GPU: 'software' }, [script]);
    const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('GPU-CASES '));
    if (!line) { failure = `the GPU case runner produced no results (exit ${r.status}, signal ${r.signal}):\n${r.stderr}`; return; }
    results = new Map((JSON.parse(line.slice('GPU-CASES '.length)) as CaseResult[]).map((c) => [c.name, c]));
  });

  for (const name of Object.keys(cases)) {
    it(name, () => {
      if (!results) assert.fail(failure);
      const c = results.get(name);
      assert.ok(c, `case ${name} did not run`);
      if (!c.ok) assert.fail(c.error);
    });
  }
});

describe('GPU device selection', function () {
  this.timeout(60_000);
  const probe = `const t0 = Date.now(); const tf = require('./dist/lib'); const ms = Date.now() - t0;
    const loaded = Object.keys(require.cache).filter((k) => /node_modules[\\\\/](webgpu|gpu\\.js|@tensorflow)/.test(k)).length;
    const gpus = tf.config.list_physical_devices('GPU').length;
    console.log(JSON.stringify({ ms, loaded, gpus, devices: tf.Session().list_devices().map((d) => d.name) }));`;

  it('SCOPEFLOW_GPU=off: no GPU device, and importing lib loads neither gpu.js, Dawn nor tfjs', () => {
    const r = child({ SCOPEFLOW_GPU: 'off' }, ['-e', probe]);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
    assert.equal(out.gpus, 0);
    assert.equal(out.loaded, 0);
    assert.deepEqual(out.devices, ['/job:localhost/replica:0/task:0/device:CPU:0']);
  });

  it('SCOPEFLOW_GPU unset: a software adapter is never offered as a device', () => {
    const env = { ...process.env };
    delete env.SCOPEFLOW_GPU;
    const r = spawnSync(process.execPath, ['-e', probe], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
    // Here (no GPU) nothing is listed; on a machine with a real GPU it is listed and named.
    for (const d of out.devices as string[]) assert.match(d, /device:(CPU|GPU):0$/);
    assert.ok(out.gpus === 0 || out.devices.length === 2);
  });
});
