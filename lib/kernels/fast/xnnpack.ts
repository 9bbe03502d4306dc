/**
 * A synchronous handle on `@tensorflow/tfjs-backend-wasm` (XNNPACK kernels compiled to WebAssembly SIMD).
 *
 * tfjs initialises that backend asynchronously (it fetches and instantiates the .wasm). Session.run is
 * synchronous, so this module compiles and instantiates the shipped binary itself with the synchronous
 * WebAssembly API (about 15 ms) the first time a fast kernel runs, builds tfjs's `BackendWasm` over it,
 * and calls the registered wasm kernel functions directly (no tfjs engine, no tensors, no scopes).
 * Nothing is loaded at import: `lib` imports fast, and machines that never run a heavy op never pay.
 *
 * The same backend instance is registered with tfjs-core as its `wasm` backend, so a process that also
 * uses tfjs's wasm backend (the benchmarks do) shares one module rather than two whose kernels'
 * `setupFunc` bindings would fight.
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as TfCore from '@tensorflow/tfjs-core';
import type * as TfWasm from '@tensorflow/tfjs-backend-wasm';

/** A float32 array living in the wasm heap, as tfjs kernels see it. */
export interface WasmTensor {
  readonly dataId: object;
  readonly shape: number[];
  readonly dtype: 'float32' | 'int32' | 'bool';
}

export type AttrMap = Record<string, number | boolean | string | number[] | null | undefined>;

export interface Xnnpack {
  /** Copies a float32 array into the wasm heap. */
  upload(values: Float32Array, shape: readonly number[]): WasmTensor;
  /** Runs tfjs's wasm kernel `name` (e.g. `BatchMatMul`, `Conv2D`, `Add`). */
  run(name: string, inputs: Record<string, WasmTensor>, attrs: AttrMap): WasmTensor;
  /** Copies a result out of the heap (a fresh Float32Array) and frees it. */
  download(t: WasmTensor): Float32Array;
  free(t: WasmTensor): void;
  /** Which binary was loaded: `simd` or `plain`. */
  readonly flavour: string;
}

let instance: Xnnpack | null = null;
let failure: Error | null = null;

/** The process's XNNPACK backend, created on first call; throws the load error if it cannot load. */
export function xnnpack(): Xnnpack {
  if (instance) return instance;
  if (failure) throw failure;
  try {
    instance = load();
    return instance;
  } catch (e) {
    failure = e instanceof Error ? e : new Error(String(e));
    throw failure;
  }
}

interface EmscriptenModule {
  cwrap(name: string, ret: string | null, args: string[]): (...a: number[]) => number;
  tfjs?: unknown;
}

type WasmKernelFunc = (args: { inputs: Record<string, WasmTensor>; backend: TfWasm.BackendWasm; attrs: AttrMap }) => WasmTensor;

/** The slice of the WebAssembly JS API used here (the ES2022 lib this project compiles against has no typings). */
interface WasmModule { readonly __wasmModule?: never }
interface WasmInstance { readonly exports: object }
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => WasmInstance;
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

function load(): Xnnpack {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tf = require('@tensorflow/tfjs-core') as typeof TfCore;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tfwasm = require('@tensorflow/tfjs-backend-wasm') as typeof TfWasm;
  const dir = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'wasm-out');
  // The SIMD binary where the engine validates it (V8 in Node 20 does), else the plain one.
  let simd = true;
  let module: WasmModule;
  try {
    module = new WA.Module(fs.readFileSync(path.join(dir, 'tfjs-backend-wasm-simd.wasm')));
  } catch {
    simd = false;
    module = new WA.Module(fs.readFileSync(path.join(dir, 'tfjs-backend-wasm.wasm')));
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const factory = require(path.join(dir, 'tfjs-backend-wasm.js')) as (config: object) => Promise<unknown>;
  let instantiated = false;
  const config: Record<string, unknown> = {
    instantiateWasm(imports: object, done: (i: WasmInstance, m: WasmModule) => void) {
      const inst = new WA.Instance(module, imports);
      done(inst, module);
      instantiated = true;
      return inst.exports;
    },
    print: () => undefined,
    printErr: (msg: string) => process.stderr.write(`[xnnpack] ${msg}\n`),
  };
  // Emscripten's Node glue adds process listeners that rethrow every uncaught exception and
  // unhandled rejection from inside its minified source, which ends the host process (a kernel) and
  // prints that whole source as the throw site; the host's own handlers decide instead.
  const hostExceptionListeners = process.listeners('uncaughtException');
  const hostRejectionListeners = process.listeners('unhandledRejection');
  // Emscripten fills `config` in place; with a synchronous instantiateWasm the runtime is ready on return.
  const ready = factory(config);
  for (const listener of process.listeners('uncaughtException')) {
    if (!hostExceptionListeners.includes(listener)) process.removeListener('uncaughtException', listener);
  }
  for (const listener of process.listeners('unhandledRejection')) {
    if (!hostRejectionListeners.includes(listener)) process.removeListener('unhandledRejection', listener);
  }
  ready.catch(() => undefined);
  const wasm = config as unknown as EmscriptenModule;
  if (!instantiated || typeof wasm.cwrap !== 'function') throw new Error('tfjs-backend-wasm did not initialise synchronously');
  wasm.tfjs = {
    init: wasm.cwrap('init', null, []),
    initWithThreadsCount: wasm.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: wasm.cwrap('get_threads_count', 'number', []),
    registerTensor: wasm.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: wasm.cwrap('dispose_data', null, ['number']),
    dispose: wasm.cwrap('dispose', null, []),
  };
  const backend = new tfwasm.BackendWasm(wasm as unknown as ConstructorParameters<typeof TfWasm.BackendWasm>[0]);
  const kernels = new Map<string, WasmKernelFunc>();
  for (const k of tf.getKernelsForBackend('wasm')) {
    if (k.setupFunc) k.setupFunc(backend);
    kernels.set(k.kernelName, k.kernelFunc as unknown as WasmKernelFunc);
  }
  // Share this instance with tfjs-core's `wasm` backend (a synchronous factory initialises synchronously).
  const engine = tf.engine() as unknown as { registry: Record<string, unknown> };
  if (!engine.registry['wasm']) {
    tf.removeBackend('wasm');
    tf.registerBackend('wasm', () => backend, 2);
  }

  const asInfo = (dataId: object, shape: readonly number[]): WasmTensor => ({ dataId, shape: [...shape], dtype: 'float32' });
  return {
    flavour: simd ? 'simd' : 'plain',
    upload: (values, shape) => asInfo(backend.write(values, [...shape], 'float32') as object, shape),
    run(name, inputs, attrs) {
      const k = kernels.get(name);
      if (!k) throw new Error(`tfjs-backend-wasm has no kernel ${name}`);
      return k({ inputs, backend, attrs });
    },
    download(t) {
      const out = backend.readSync(t.dataId as TfCore.DataId) as Float32Array;
      backend.disposeData(t.dataId as TfCore.DataId, true);
      return out;
    },
    free(t) { backend.disposeData(t.dataId as TfCore.DataId, true); },
  };
}
