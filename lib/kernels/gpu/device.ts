/**
 * `/device:GPU:0`: gpu.js on a worker thread (kernels/gpu/worker.ts), driven synchronously.
 *
 * - Which GPU: `SCOPEFLOW_GPU=off` none; `SCOPEFLOW_GPU=software` Dawn's GL backend on Mesa llvmpipe (a
 *   correctness path for CI, never chosen by itself); unset: a real WebGPU adapter, probed only where the
 *   machine has a GPU device node (/dev/nvidia*, /dev/dri/renderD*, /dev/kfd, /dev/dxg), so importing
 *   `lib` on a machine without one never loads Dawn. The probe runs lazily, when devices are first listed
 *   or an op is first placed.
 * - Values: a GPU kernel returns a `GpuArray`, an NDArray whose data stays on the device. Kernel launches
 *   are posted without waiting (the worker runs them in order); reading `.data` / `.values` (a CPU
 *   kernel's input, a fetch) copies back synchronously: the main thread sleeps in Atomics.wait while the
 *   worker's event loop finishes the WebGPU readback. `readAsync` does the same without blocking.
 */
import * as fs from 'fs';
import * as path from 'path';
import { MessageChannel, MessagePort, Worker, receiveMessageOnPort } from 'worker_threads';
import { float32 } from '../../framework/dtypes';
import { NDArray, NDData, numElements } from '../../framework/ndarray';
import { DeferredArray } from '../../framework/deferred_array';
import { LocalDevice, registerDevice, registerDeviceProvider } from '../devices';
import type { GpuMode, WorkerMessage, WorkerReply } from './worker';

export const GPU_DEVICE_NAME = '/job:localhost/replica:0/task:0/device:GPU:0';
const TIMEOUT_MS = 120_000;

class GpuClient {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly counter: Int32Array;
  private seq = 0;
  private nextId = 1;
  private readonly replies = new Map<number, WorkerReply>();
  private readonly freed = new FinalizationRegistry<number>((id) => this.post({ t: 'free', ids: [id] }));

  constructor(mode: GpuMode) {
    const signal = new SharedArrayBuffer(4);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.counter = new Int32Array(signal);
    // Mesa reads EGL_PLATFORM with getenv(): a worker's own env copy is not seen, so set it process-wide.
    if (mode === 'software' && !process.env.EGL_PLATFORM) process.env.EGL_PLATFORM = 'surfaceless';
    this.worker = new Worker(path.join(__dirname, 'worker.js'), {
      workerData: { mode, signal, reply: port2 }, transferList: [port2],
      stderr: true,
    });
    // Dawn's "Warning: maxDynamic..." lines are noise; anything else goes to our stderr.
    this.worker.stderr.on('data', (b: Buffer) => {
      const text = b.toString().split('\n').filter((l) => l && !/^Warning: maxDynamic/.test(l)).join('\n');
      if (text) process.stderr.write(`${text}\n`);
    });
    this.worker.unref();
    this.port.unref();
  }

  post(m: WorkerMessage): void { this.worker.postMessage(m); }

  /** Stops the worker (after a failed probe). */
  close(): void { void this.worker.terminate().catch(() => undefined); }

  newId(): number { return this.nextId++; }

  /**
   * Sends a request, then yields the counter value to wait on until its reply has arrived, which it
   * returns; the caller chooses how to wait (blocking or not).
   */
  private *exchange(make: (seq: number) => WorkerMessage, timeoutMs: number): Generator<number, WorkerReply> {
    const seq = ++this.seq;
    this.post(make(seq));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const r = this.take(seq);
      if (r) return r;
      const seen = Atomics.load(this.counter, 0);
      const again = this.take(seq);
      if (again) return again;
      if (Date.now() > deadline) throw new Error(`the GPU worker did not answer within ${timeoutMs / 1000} s`);
      yield seen;
    }
  }

  /** Sends a request and sleeps until its reply arrives. */
  request(make: (seq: number) => WorkerMessage, timeoutMs = TIMEOUT_MS): WorkerReply {
    const it = this.exchange(make, timeoutMs);
    for (let step = it.next(); ; step = it.next()) {
      if (step.done) return step.value;
      Atomics.wait(this.counter, 0, step.value, 1000);
    }
  }

  /** Sends a request and resolves with its reply without blocking the event loop. */
  async requestAsync(make: (seq: number) => WorkerMessage): Promise<WorkerReply> {
    const it = this.exchange(make, TIMEOUT_MS);
    for (let step = it.next(); ; step = it.next()) {
      if (step.done) return step.value;
      const w = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number, t: number): { async: boolean; value: Promise<string> | string } })
        .waitAsync(this.counter, 0, step.value, 1000);
      if (w.async) await w.value;
    }
  }

  /** Drains the reply port; returns (and forgets) the reply for `seq` if it has come. */
  private take(seq: number): WorkerReply | undefined {
    for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) {
      const r = m.message as WorkerReply;
      this.replies.set(r.seq, r);
    }
    const r = this.replies.get(seq);
    if (r) this.replies.delete(seq);
    return r;
  }

  track(a: GpuArray): void { this.freed.register(a, a.gpuId); }
}

/** Data left on the device: an NDArray whose `data` is read back on first use. */
export class GpuArray extends DeferredArray {
  constructor(readonly gpuId: number, shape: readonly number[], private readonly client: GpuClient) {
    super(float32, shape);
    client.track(this);
  }

  protected fetchSync(): NDData {
    stats.readbacks++;
    return unwrap(this.client.request((seq) => ({ t: 'read', seq, id: this.gpuId })));
  }

  protected override async fetchAsync(): Promise<NDData> {
    stats.readbacks++;
    return unwrap(await this.client.requestAsync((seq) => ({ t: 'read', seq, id: this.gpuId })));
  }
}

function unwrap(r: WorkerReply): Float32Array {
  if (!r.ok) throw new Error(`GPU kernel failed: ${r.error}`);
  return r.data!;
}

const stats = { uploads: 0, launches: 0, readbacks: 0 };
/** Counts of host-to-device copies, kernel launches and device-to-host copies in this process. */
export function gpuStats(): { readonly uploads: number; readonly launches: number; readonly readbacks: number } { return { ...stats }; }

// ---- the device ------------------------------------------------------------------------------

let client: GpuClient | null = null;
let device: LocalDevice | null = null;
let probed = false;
let probeError: Error | null = null;
/** Host arrays already uploaded (constants, feeds reused across runs), by identity. */
const uploads = new WeakMap<NDArray, GpuArray>();

export function gpuMode(): 'off' | 'software' | 'auto' {
  const v = (process.env.SCOPEFLOW_GPU ?? '').toLowerCase();
  if (v === 'off' || v === '0' || v === 'false' || v === 'none') return 'off';
  if (v === 'software') return 'software';
  return 'auto';
}

function hasGpuDeviceNode(): boolean {
  const exists = (p: string) => { try { return fs.existsSync(p); } catch { return false; } };
  if (exists('/dev/nvidia0') || exists('/dev/kfd') || exists('/dev/dxg')) return true;
  try { return fs.readdirSync('/dev/dri').some((f) => f.startsWith('renderD')); } catch { return false; }
}

/**
 * Starts the worker and asks it for an adapter (once). Registers `/device:GPU:0` for a real adapter, or
 * for the software one when SCOPEFLOW_GPU=software. With SCOPEFLOW_GPU=software a failure is an error.
 */
export function probeGpu(): LocalDevice | null {
  if (probed) { if (probeError) throw probeError; return device; }
  probed = true;
  const mode = gpuMode();
  if (mode === 'off' || (mode === 'auto' && !hasGpuDeviceNode())) return null;
  const c = new GpuClient(mode);
  let r: WorkerReply;
  try {
    // Finding an adapter takes well under a second where one exists; do not let a broken driver stall startup.
    r = c.request((seq) => ({ t: 'init', seq }), mode === 'auto' ? 20_000 : 60_000);
  } catch (e) {
    r = { seq: 0, ok: false, error: (e as Error).message };
  }
  if (!r.ok || (mode === 'auto' && r.software)) {
    c.close();
    if (mode === 'software') {
      probeError = new Error(`SCOPEFLOW_GPU=software: the software WebGPU adapter (Dawn GL on Mesa llvmpipe) did not start: ${r.ok ? 'no adapter' : r.error}. `
        + 'It needs the Debian packages libegl1 libegl-mesa0 libgl1-mesa-dri libegl-dev (scripts/setup.js installs them).');
      throw probeError;
    }
    return null;
  }
  client = c;
  device = { name: GPU_DEVICE_NAME, device_type: 'GPU', index: 0, description: r.description ?? 'gpu.js webgpu' };
  registerDevice(device);
  return device;
}

registerDeviceProvider(() => { probeGpu(); });

export function gpuClient(): GpuClient {
  if (!client) throw new Error('no GPU device');
  return client;
}

/** The device-side value of an input: a GpuArray as is, a host array uploaded (once per array). */
export function toDevice(a: NDArray): GpuArray {
  if (a instanceof GpuArray) return a;
  const cached = uploads.get(a);
  if (cached) return cached;
  const c = gpuClient();
  const id = c.newId();
  const values = a.values;
  const data = values instanceof Float32Array ? values.slice() : Float32Array.from(values);
  c.post({ t: 'upload', id, data });
  stats.uploads++;
  const g = new GpuArray(id, a.shape, c);
  uploads.set(a, g);
  return g;
}

/** Launches a kernel (without waiting) and returns its result, left on the device. */
export function launch(source: string, inputs: readonly GpuArray[], shape: readonly number[], label: string): GpuArray {
  const c = gpuClient();
  const id = c.newId();
  stats.launches++;
  c.post({ t: 'launch', source, size: Math.max(1, numElements(shape)), inputs: inputs.map((g) => g.gpuId), out: id, label });
  return new GpuArray(id, shape, c);
}

export { readAllAsync, readAllSync } from '../../framework/deferred_array';
