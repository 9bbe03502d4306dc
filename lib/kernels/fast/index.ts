/**
 * Fast CPU kernels: float32 MatMul, Conv2D (NHWC), BiasAdd and the hot element-wise ops through XNNPACK
 * (`@tensorflow/tfjs-backend-wasm`): the CPU's `wasm` backend in the kernel registry.
 *
 * Every case a fast kernel does not handle (other dtypes, NCHW, explicit padding, tiny tensors where the
 * copy into the wasm heap costs more than it saves, a machine where the wasm cannot load) is declined and
 * goes to the next CPU backend, at the end the reference kernel, errors included. The reference kernels
 * stay reachable (`withBackendOrder('CPU', ['reference'], ...)`) as the oracle the fast ones are tested
 * against; `SCOPEFLOW_CPU=reference` uses them only.
 */
import { float32 } from '../../framework/dtypes';
import { NDArray } from '../../framework/ndarray';
import { KernelContext, registerAcceleratedKernel } from '../registry';
import { AttrMap, WasmTensor, xnnpack } from './xnnpack';
import { HeapArray } from './heap_array';
import { OpType, opTypeEntries } from '../../framework/op_types';

/** Below this many output elements, copying into the wasm heap costs more than the JS loop. */
export const ELEMENTWISE_MIN_SIZE = 16384;

let warned = false;
/** The XNNPACK backend, or null (after one warning) where it cannot load. */
function backend() {
  try { return xnnpack(); } catch (e) {
    if (!warned) { warned = true; process.stderr.write(`scopeflow: fast CPU kernels unavailable, using reference kernels (${(e as Error).message})\n`); }
    return null;
  }
}

/** An input of a wasm kernel: an array, optionally viewed with another shape of the same size. */
type WasmInput = NDArray | [NDArray, readonly number[]];

/**
 * Runs `name` over the inputs (arrays already in the heap are used in place, others copied in and freed
 * after) and leaves the result in the heap as a HeapArray of `shape` (default: the kernel's).
 */
function runWasm(name: string, inputs: Record<string, WasmInput>, attrs: AttrMap, shape: readonly number[] | null): NDArray | null {
  const x = backend();
  if (!x) return null;
  const uploaded: WasmTensor[] = [];
  try {
    const wasmInputs: Record<string, WasmTensor> = {};
    for (const [k, input] of Object.entries(inputs)) {
      const [v, view] = Array.isArray(input) ? input : [input, input.shape];
      const inHeap = v instanceof HeapArray ? v.heapTensor(view) : null;
      if (inHeap) { wasmInputs[k] = inHeap; continue; }
      const t = x.upload(v.values as Float32Array, view);
      uploaded.push(t);
      wasmInputs[k] = t;
    }
    const out = x.run(name, wasmInputs, attrs);
    return new HeapArray(x, out, shape ?? out.shape);
  } finally {
    for (const t of uploaded) x.free(t);
  }
}

const isF32 = (a: NDArray) => a.dtype === float32;

function register(type: OpType, fast: (ctx: KernelContext) => NDArray | null): void {
  registerAcceleratedKernel(type, 'CPU', 'wasm', (ctx) => {
    const r = fast(ctx);
    return r ? [r] : null;
  });
}

function ints(v: unknown): number[] | null {
  return Array.isArray(v) && v.every((x) => typeof x === 'number') ? (v as number[]) : null;
}
function text(v: unknown): string {
  return typeof v === 'string' ? v : v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : String(v);
}
const attrOr = (ctx: KernelContext, name: string, dflt: unknown): unknown => (ctx.op.attrs.has(name) ? ctx.attr(name) : dflt);

register('MatMul', (ctx) => {
  const a = ctx.input(0), b = ctx.input(1);
  if (!isF32(a) || !isF32(b) || a.ndim !== 2 || b.ndim !== 2) return null;
  const ta = ctx.attr('transpose_a') === true, tb = ctx.attr('transpose_b') === true;
  const k1 = ta ? a.shape[0] : a.shape[1], k2 = tb ? b.shape[1] : b.shape[0];
  if (k1 !== k2 || a.size === 0 || b.size === 0) return null;   // the reference raises TF's error / handles empties
  const m = ta ? a.shape[1] : a.shape[0], n = tb ? b.shape[0] : b.shape[1];
  return runWasm('BatchMatMul', { a: [a, [1, ...a.shape]], b: [b, [1, ...b.shape]] },
    { transposeA: ta, transposeB: tb }, [m, n]);
});

register('Conv2D', (ctx) => {
  const x = ctx.input(0), f = ctx.input(1);
  if (!isF32(x) || !isF32(f) || x.ndim !== 4 || f.ndim !== 4 || x.size === 0 || f.size === 0) return null;
  if (text(attrOr(ctx, 'data_format', 'NHWC')) !== 'NHWC') return null;
  const padding = text(ctx.attr('padding'));
  if (padding !== 'SAME' && padding !== 'VALID') return null;
  const strides = ints(ctx.attr('strides')), dil = ints(attrOr(ctx, 'dilations', [1, 1, 1, 1]));
  if (!strides || strides.length !== 4 || !dil || dil.length !== 4 || strides[0] !== 1 || strides[3] !== 1) return null;
  if (x.shape[3] !== f.shape[2]) return null;
  if ((strides[1] > 1 || strides[2] > 1) && (dil[1] > 1 || dil[2] > 1)) return null;
  return runWasm('Conv2D', { x, filter: f }, {
    strides: [strides[1], strides[2]], pad: padding.toLowerCase(), dataFormat: 'NHWC',
    dilations: [dil[1], dil[2]], dimRoundingMode: null,
  }, null);
});

register('BiasAdd', (ctx) => {
  const v = ctx.input(0), bias = ctx.input(1);
  if (!isF32(v) || !isF32(bias) || v.size < ELEMENTWISE_MIN_SIZE || bias.ndim !== 1) return null;
  if (text(attrOr(ctx, 'data_format', 'NHWC')) !== 'NHWC' || v.shape[v.ndim - 1] !== bias.shape[0]) return null;
  return runWasm('Add', { a: v, b: bias }, {}, v.shape);
});

const binary: Partial<Record<OpType, string>> = {
  Add: 'Add', AddV2: 'Add', Sub: 'Sub', Mul: 'Multiply', RealDiv: 'RealDiv', Maximum: 'Maximum', Minimum: 'Minimum',
  SquaredDifference: 'SquaredDifference',
};
for (const [type, wasmName] of opTypeEntries(binary)) {
  register(type, (ctx) => {
    const a = ctx.input(0), b = ctx.input(1);
    if (!isF32(a) || !isF32(b) || Math.max(a.size, b.size) < ELEMENTWISE_MIN_SIZE) return null;
    if (!broadcastable(a.shape, b.shape)) return null;
    return runWasm(wasmName, { a, b }, {}, null);
  });
}

const unary: Partial<Record<OpType, string>> = {
  Relu: 'Relu', Relu6: 'Relu6', Sigmoid: 'Sigmoid', Tanh: 'Tanh', Exp: 'Exp', Neg: 'Neg', Abs: 'Abs',
  Square: 'Square', Sqrt: 'Sqrt', Rsqrt: 'Rsqrt',
};
for (const [type, wasmName] of opTypeEntries(unary)) {
  register(type, (ctx) => {
    const a = ctx.input(0);
    if (!isF32(a) || a.size < ELEMENTWISE_MIN_SIZE) return null;
    return runWasm(wasmName, { x: a }, {}, a.shape);
  });
}

function broadcastable(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 1; i <= Math.max(a.length, b.length); i++) {
    const x = a[a.length - i] ?? 1, y = b[b.length - i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return false;
  }
  return true;
}

