// The kernel registry: kernels per (op type, device, backend), combined at lookup by the device's backend
// order, so which kernel runs never depends on which file registered first.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { UnimplementedError } from '../../../lib/framework/errors';
import { NDArray } from '../../../lib/framework/ndarray';
import { float32 } from '../../../lib/framework/dtypes';
import {
  KernelContext, RuntimeValue, backendOrder, cpuBackendOrder, cpuSetting, getKernel, hasKernel, kernelTypes, registerAcceleratedKernel,
  registerKernel, withBackendOrder,
} from '../../../lib/kernels/registry';
import { OpType } from '../../../lib/framework/op_types';

const root = path.resolve(__dirname, '..', '..', '..', '..');

/** Op types no declaration has, so these kernels never take over a real op in the rest of the suite. */
const testType = (name: string) => name as OpType;

/** A context whose single input is the scalar `x`: enough for kernels that only look at their input. */
function contextOf(x: number): KernelContext {
  const input = new NDArray(float32, [], new Float32Array([x]));
  return { op: { name: 'probe' }, input: () => input } as unknown as KernelContext;
}
const scalar = (v: number): RuntimeValue[] => [new NDArray(float32, [], new Float32Array([v]))];
const valueOf = (out: RuntimeValue[]): number => (out[0] as NDArray).item() as number;

describe('kernel registry', () => {
  // Each backend answers with its own mark; `native` handles x < 10 only, `wasm` x < 100 only.
  const native = (ctx: KernelContext) => (ctx.input(0).item() as number < 10 ? scalar(1) : null);
  const wasm = (ctx: KernelContext) => (ctx.input(0).item() as number < 100 ? scalar(2) : null);
  const reference = () => scalar(3);

  it('combines the backends in the device order, whichever registered first', () => {
    registerKernel(testType('RegistryTestRefFirst'), 'CPU', reference);
    registerAcceleratedKernel(testType('RegistryTestRefFirst'), 'CPU', 'wasm', wasm);
    registerAcceleratedKernel(testType('RegistryTestRefFirst'), 'CPU', 'native', native);
    registerAcceleratedKernel(testType('RegistryTestRefLast'), 'CPU', 'native', native);
    registerAcceleratedKernel(testType('RegistryTestRefLast'), 'CPU', 'wasm', wasm);
    registerKernel(testType('RegistryTestRefLast'), 'CPU', reference);
    assert.deepEqual(backendOrder('CPU'), ['native', 'wasm', 'reference']);
    for (const type of [testType('RegistryTestRefFirst'), testType('RegistryTestRefLast')]) {
      const k = getKernel(type, 'CPU')!;
      assert.deepEqual([5, 50, 500].map((x) => valueOf(k(contextOf(x)))), [1, 2, 3], type);
      assert.equal(getKernel(type, 'CPU', 'reference'), reference);
      assert.equal(getKernel(type, 'CPU', 'wasm'), wasm);
    }
    assert.ok(kernelTypes('CPU', 'native').includes(testType('RegistryTestRefLast')));
  });

  it('takes kernels from a narrower order inside withBackendOrder, and restores the order after', () => {
    const type = testType('RegistryTestRefFirst');
    withBackendOrder('CPU', ['reference'], () => assert.equal(getKernel(type, 'CPU'), reference));
    withBackendOrder('CPU', ['wasm', 'reference'], () => {
      const k = getKernel(type, 'CPU')!;
      assert.deepEqual([5, 500].map((x) => valueOf(k(contextOf(x)))), [2, 3]);
    });
    assert.throws(() => withBackendOrder('CPU', ['native'], () => { throw new RangeError('inside'); }), RangeError);
    assert.deepEqual(backendOrder('CPU'), ['native', 'wasm', 'reference']);
  });

  it('raises a clear error when every kernel of a case declines and no base kernel exists', () => {
    registerAcceleratedKernel(testType('RegistryTestFastOnly'), 'CPU', 'wasm', wasm);
    assert.ok(hasKernel(testType('RegistryTestFastOnly'), 'CPU'));
    assert.equal(hasKernel(testType('RegistryTestFastOnly'), 'GPU'), false);
    const k = getKernel(testType('RegistryTestFastOnly'), 'CPU')!;
    assert.equal(valueOf(k(contextOf(1))), 2);
    assert.throws(() => k(contextOf(1000)), (e: unknown) => e instanceof UnimplementedError
      && /No CPU kernel handles RegistryTestFastOnly node 'probe' here: the wasm kernels declined it/.test(e.message));
    withBackendOrder('CPU', ['reference'], () => assert.equal(getKernel(testType('RegistryTestFastOnly'), 'CPU'), undefined));
  });

  it('refuses a second kernel for the same op, device and backend, and accelerated kernels in the base backend', () => {
    assert.throws(() => registerKernel(testType('RegistryTestRefFirst'), 'CPU', reference), /Kernel for RegistryTestRefFirst on CPU \(reference\) is registered twice/);
    assert.throws(() => registerAcceleratedKernel(testType('RegistryTestRefFirst'), 'CPU', 'wasm', wasm), /registered twice/);
    assert.throws(() => registerAcceleratedKernel(testType('RegistryTestBase'), 'CPU', 'reference', wasm), /reference is CPU's base backend/);
  });

  it('reads SCOPEFLOW_CPU: one forced backend before the reference kernels, or all of them', () => {
    assert.deepEqual(cpuBackendOrder(undefined), ['native', 'wasm', 'reference']);
    assert.deepEqual(cpuBackendOrder(''), ['native', 'wasm', 'reference']);
    assert.deepEqual(cpuBackendOrder('native'), ['native', 'reference']);
    assert.deepEqual(cpuBackendOrder('wasm'), ['wasm', 'reference']);
    assert.deepEqual(cpuBackendOrder('reference'), ['reference']);
    assert.throws(() => cpuBackendOrder('fast'), /SCOPEFLOW_CPU=fast is not a CPU backend: use one of native, wasm, reference/);
  });

  it('maps the older SCOPEFLOW_FAST_CPU=off onto the reference kernels, below SCOPEFLOW_CPU', () => {
    assert.equal(cpuSetting({ SCOPEFLOW_FAST_CPU: 'off' }), 'reference');
    assert.equal(cpuSetting({ SCOPEFLOW_FAST_CPU: 'off', SCOPEFLOW_CPU: 'native' }), 'native');
    assert.equal(cpuSetting({ SCOPEFLOW_CPU: 'wasm' }), 'wasm');
    assert.equal(cpuSetting({}), undefined);
  });

  /** Loads `modules` of dist/lib in that order in a fresh process; prints whether MatMul's CPU kernel is the reference one. */
  function matmulIsReference(modules: string[], env: Record<string, string> = {}): string {
    const script = `${modules.map((m) => `require('./dist/lib/${m}');`).join('')}
      const r = require('./dist/lib/kernels/registry');
      console.log(String(r.getKernel('MatMul', 'CPU') === r.getKernel('MatMul', 'CPU', 'reference')));`;
    const out = spawnSync(process.execPath, ['-e', script], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' });
    assert.equal(out.status, 0, out.stderr);
    return out.stdout.trim();
  }

  it('gives the fast MatMul whether the fast kernels load before or after the reference ones', function () {
    this.timeout(20_000);
    assert.equal(matmulIsReference(['kernels/fast', 'kernels/cpu']), 'false');
    assert.equal(matmulIsReference(['kernels/cpu', 'kernels/fast']), 'false');
  });

  it('uses the reference kernels only under SCOPEFLOW_CPU=reference', function () {
    this.timeout(20_000);
    assert.equal(matmulIsReference(['index'], { SCOPEFLOW_CPU: 'reference' }), 'true');
  });
});
