/**
 * The GPU worker thread: owns gpu.js (webgpu mode over Dawn from the `webgpu` package) and every value
 * that lives on the device. The main thread (kernels/gpu/device.ts) posts uploads, kernel launches and frees
 * without waiting; kernel launches are chained in order here, results stay on the device (gpu.js
 * pipeline mode) and only `read` requests copy data back. Replies go through `reply` and a counter in
 * shared memory that the main thread waits on, synchronously (Atomics.wait) or not (Atomics.waitAsync).
 */
import { parentPort, workerData, MessagePort } from 'worker_threads';

export type GpuMode = 'software' | 'auto';

export interface WorkerInit {
  readonly mode: GpuMode;
  readonly signal: SharedArrayBuffer;
  readonly reply: MessagePort;
}

/** A kernel launch: gpu.js source (a JS function body over flat inputs), output length, input ids. */
export interface LaunchMessage {
  readonly t: 'launch';
  readonly source: string;
  readonly size: number;
  readonly inputs: readonly number[];
  readonly out: number;
  readonly label: string;
}
export type WorkerMessage =
  | { readonly t: 'init'; readonly seq: number }
  | { readonly t: 'upload'; readonly id: number; readonly data: Float32Array }
  | LaunchMessage
  | { readonly t: 'read'; readonly seq: number; readonly id: number }
  | { readonly t: 'free'; readonly ids: readonly number[] }
  | { readonly t: 'stop'; readonly seq: number };

export type WorkerReply =
  | { readonly seq: number; readonly ok: true; readonly data?: Float32Array; readonly description?: string; readonly software?: boolean }
  | { readonly seq: number; readonly ok: false; readonly error: string };

/** What gpu.js hands back from a pipeline kernel. */
interface BufferResult { toArray(): Promise<Float32Array | Float32Array[]>; delete(): void }
type KernelFn = (...args: (Float32Array | BufferResult)[]) => Promise<BufferResult> | BufferResult;
interface GpuJs { createKernel(source: string, settings: object): KernelFn }
interface AdapterInfo { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean }
interface Adapter { info?: AdapterInfo; isFallbackAdapter?: boolean }
interface GpuApi { requestAdapter(options?: object): Promise<Adapter | null> }

const SOFTWARE = /llvmpipe|lavapipe|swiftshader|softpipe|software|warp|\bcpu\b/i;

class DeviceStore {
  private gpu: GpuJs | null = null;
  private readonly values = new Map<number, Float32Array | BufferResult>();
  private readonly errors = new Map<number, string>();
  private readonly kernels = new Map<string, KernelFn>();

  async init(mode: GpuMode): Promise<{ description: string; software: boolean }> {
    if (mode === 'software') process.env.EGL_PLATFORM = 'surfaceless';
    const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<{ create(flags: string[]): GpuApi; globals: object }>;
    const { create, globals } = await importEsm('webgpu');
    Object.assign(globalThis, globals);
    const gpu = create(mode === 'software' ? ['backend=opengl'] : []);
    const request = gpu.requestAdapter.bind(gpu);
    if (mode === 'software') gpu.requestAdapter = (o?: object) => request({ ...(o ?? {}), featureLevel: 'compatibility' });
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
    const adapter = await gpu.requestAdapter();
    if (!adapter) throw new Error('WebGPU returned no adapter');
    const info = adapter.info ?? {};
    const text = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ');
    const software = !!(adapter.isFallbackAdapter || info.isFallbackAdapter) || SOFTWARE.test(text);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { GPU } = require('gpu.js') as { GPU: new (o: object) => GpuJs };
    this.gpu = new GPU({ mode: 'webgpu' });
    return { description: `gpu.js webgpu (${text || 'unnamed adapter'})${software ? ' [software]' : ''}`, software };
  }

  upload(id: number, data: Float32Array): void { this.values.set(id, data); }

  async launch(m: LaunchMessage): Promise<void> {
    try {
      const args = m.inputs.map((id) => {
        const err = this.errors.get(id);
        if (err) throw new Error(err);
        const v = this.values.get(id);
        if (!v) throw new Error(`GPU value ${id} is not on the device`);
        return v;
      });
      const key = `${m.size}|${m.source}`;
      let k = this.kernels.get(key);
      if (!k) {
        k = this.gpu!.createKernel(m.source, { output: [m.size], pipeline: true, immutable: true });
        this.kernels.set(key, k);
      }
      this.values.set(m.out, await k(...args));
    } catch (e) {
      this.errors.set(m.out, `${m.label}: ${(e as Error).message ?? String(e)}`);
    }
  }

  async read(id: number): Promise<Float32Array> {
    const err = this.errors.get(id);
    if (err) throw new Error(err);
    const v = this.values.get(id);
    if (!v) throw new Error(`GPU value ${id} is not on the device`);
    if (v instanceof Float32Array) return v;
    const a = await v.toArray();
    return a instanceof Float32Array ? a : Float32Array.from(a.flatMap((r) => [...r]));
  }

  free(ids: readonly number[]): void {
    for (const id of ids) {
      const v = this.values.get(id);
      if (v && !(v instanceof Float32Array)) v.delete();
      this.values.delete(id);
      this.errors.delete(id);
    }
  }
}

function main(init: WorkerInit): void {
  const store = new DeviceStore();
  const counter = new Int32Array(init.signal);
  const send = (r: WorkerReply) => {
    init.reply.postMessage(r);
    Atomics.add(counter, 0, 1);
    Atomics.notify(counter, 0);
  };
  let chain: Promise<void> = Promise.resolve();
  const handle = async (m: WorkerMessage): Promise<void> => {
    switch (m.t) {
      case 'init':
        try { send({ seq: m.seq, ok: true, ...(await store.init(init.mode)) }); } catch (e) { send({ seq: m.seq, ok: false, error: (e as Error).message ?? String(e) }); }
        return;
      case 'upload': store.upload(m.id, m.data); return;
      case 'launch': await store.launch(m); return;
      case 'read':
        try { send({ seq: m.seq, ok: true, data: await store.read(m.id) }); } catch (e) { send({ seq: m.seq, ok: false, error: (e as Error).message }); }
        return;
      case 'free': store.free(m.ids); return;
      case 'stop': send({ seq: m.seq, ok: true }); process.exit(0);
    }
  };
  parentPort!.on('message', (m: WorkerMessage) => { chain = chain.then(() => handle(m)); });
}

if (parentPort && workerData) main(workerData as WorkerInit);
