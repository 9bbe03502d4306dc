/**
 * The native addon (native/, built by the set-up with g++ against oneDNN, OpenBLAS and libjpeg-turbo): its typed interface
 * and its loading, once, on first use. Where it is absent the reason says why, in one line.
 */
import * as fs from 'fs';
import * as path from 'path';

type F = Float32Array | Float64Array;

/** The addon's functions (native/src/addon.cc); buffers are written in place, nothing is allocated. */
export interface NativeAddon {
  /** C[b] = op(A[b])·op(B[b]); offsets (elements) of each A[b]/B[b], or null for contiguous batches. */
  gemm(a: F, b: F, c: F, batch: number, m: number, n: number, k: number, transA: boolean, transB: boolean,
    aOffsets: Float64Array | null, bOffsets: Float64Array | null): void;
  /** pass 0: x, filter → y; 1: filter, dy (y) → dx (x); 2: x, dy (y) → dfilter. Geometry (groups last): see `windowGeometry`. */
  conv2d(pass: 0 | 1 | 2, x: Float32Array, filter: Float32Array, y: Float32Array, geometry: Int32Array): void;
  /** pass 0 max / 1 avg: x → y; 2 max backward: x, dy (y) → dx; 3 avg backward: dy (y) → dx. */
  pool2d(pass: 0 | 1 | 2 | 3, x: Float32Array | null, y: Float32Array, dx: Float32Array | null, geometry: Int32Array): void;
  /** x as [rows, channels]; training: mean and (biased) variance written, else read. */
  batchNormForward(training: boolean, epsilon: number, rows: number, channels: number, x: Float32Array, scale: Float32Array,
    offset: Float32Array, mean: Float32Array, variance: Float32Array, y: Float32Array): void;
  /** dx, dscale, doffset from dy, with the statistics the forward pass used. */
  batchNormBackward(training: boolean, epsilon: number, rows: number, channels: number, x: Float32Array, dy: Float32Array,
    scale: Float32Array, mean: Float32Array, variance: Float32Array, dx: Float32Array, dscale: Float32Array, doffset: Float32Array): void;
  unary(op: number, x: F, out: F, n: number): void;
  unaryGrad(op: number, g: F, f: F, out: F, n: number): void;
  /** out over `shape` from a and b read with per-dimension strides (0 where broadcast). */
  binary(op: number, a: F, b: F, out: F, shape: Float64Array, aStrides: Float64Array, bStrides: Float64Array): void;
  /** x as [outer, r, inner] reduced over r into out [outer, inner]. */
  reduce(op: number, x: F, out: F, outer: number, r: number, inner: number): void;
  softmax(x: F, out: F, rows: number, n: number, log: boolean): void;
  addN(out: F, n: number, ...inputs: F[]): void;
  /** One optimizer update: state arrays as (in, out) pairs, var first; `flag`: use_nesterov / update_slots. */
  apply(op: number, grad: F, scalars: Float64Array, flag: boolean, n: number, ...inOut: F[]): void;
  /**
   * TF's JPEG Uncompress over libjpeg-turbo; flags: channels, ratio, fancy_upscaling, try_recover_truncated,
   * acceptable_fraction, integer-fast DCT, crop, crop y, x, height, width. Null where TF returns no image.
   */
  jpegDecode(contents: Uint8Array, flags: Float64Array): { pixels: Uint8Array; height: number; width: number; channels: number } | null;
  /** TF's JPEG Compress of 1- or 3-channel pixels; flags: quality, progressive, optimize_size, chroma_downsampling, density unit (1 in, 2 cm), x, y density. */
  jpegEncode(pixels: Uint8Array, height: number, width: number, channels: number, flags: Float64Array, xmp: Uint8Array): Uint8Array | null;
  /** The header's [height, width, components], or null where it cannot be read. */
  jpegShape(contents: Uint8Array): [number, number, number] | null;
  info(): { dnnl: string; isa: string; blas: string; blasThreads: number; threads: number };
  readonly unaryOps: readonly string[];
  readonly unaryGradOps: readonly string[];
  readonly binaryOps: readonly string[];
  readonly reduceOps: readonly string[];
  readonly applyOps: readonly string[];
}

/** Where the set-up puts the addon: native/build under the package root (two levels above dist/lib). */
export function addonPath(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return path.join(dir, 'native', 'build', 'scopeflow_native.node');
}

let loaded: { addon: NativeAddon } | { reason: string } | null = null;

/** The addon, or why it is absent (not built here, or it failed to load). Loads it on first call. */
export function loadNative(): { addon: NativeAddon } | { reason: string } {
  if (loaded) return loaded;
  const file = addonPath();
  if (!fs.existsSync(file)) {
    loaded = { reason: 'not built here: the set-up builds native/ where g++, libdnnl-dev, libopenblas-dev and libjpeg62-turbo-dev are installed' };
    return loaded;
  }
  // oneDNN's OpenMP threads and OpenBLAS's threads take turns on the same cores, so idle threads of either
  // pool sleep at once instead of spinning: a spinning pool would slow the other's next call (OpenBLAS spins
  // for about 2^28 cycles by default, which halved the speed of a convolution after a matmul). Both
  // libraries read these when the addon loads them.
  process.env.OMP_WAIT_POLICY ??= 'PASSIVE';
  process.env.OPENBLAS_THREAD_TIMEOUT ??= '4';
  try {
    // A plain require would be rewritten by bundlers; this loads the .node file at run time.
    const req = module.require.bind(module) as (id: string) => unknown;
    loaded = { addon: req(file) as NativeAddon };
  } catch (e) {
    loaded = { reason: `the native addon failed to load: ${String((e as Error).message).split('\n')[0]}` };
  }
  return loaded;
}
