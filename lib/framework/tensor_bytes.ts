/**
 * The raw byte layout TensorFlow uses for tensor values in checkpoints and in `TensorProto.tensor_content`:
 * row-major, little-endian host memory; bool 1 byte; float16/bfloat16 2 bytes; complex as (re, im);
 * int64/uint64 8 bytes (held in a Float64Array by NDArray, exact up to 2^53).
 */
import * as os from 'os';
import { DType } from './dtypes';
import { NDArray, NumericData } from './ndarray';

const HOST_LE = os.endianness() === 'LE';
const TWO32 = 4294967296;

// ---- 16-bit floats ----------------------------------------------------------------------------------

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** float32 → IEEE half bits, round to nearest even. */
export function floatToHalfBits(v: number): number {
  f32[0] = v;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant !== 0 ? 0x200 | (mant >>> 13) : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let h = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rem > halfway || (rem === halfway && (h & 1) === 1)) h++;
    return sign | h;
  }
  let h = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (h & 1) === 1)) h++;
  return sign | h;
}

export function halfBitsToFloat(h: number): number {
  const s = (h & 0x8000) !== 0 ? -1 : 1;
  const e = (h >>> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m !== 0 ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

/** float32 → bfloat16 bits, round to nearest even (NaN stays a quiet NaN). */
export function floatToBfloat16Bits(v: number): number {
  f32[0] = v;
  const x = u32[0];
  if (Number.isNaN(v)) return ((x >>> 16) & 0x8000) | 0x7fc0;
  const lsb = (x >>> 16) & 1;
  return ((x + 0x7fff + lsb) >>> 16) & 0xffff;
}

export function bfloat16BitsToFloat(b: number): number {
  u32[0] = (b << 16) >>> 0;
  return f32[0];
}

type ViewCtor = new (b: ArrayBufferLike, o: number, l: number) => NumericData;
const VIEW_CTORS: Record<string, ViewCtor> = {
  float32: Float32Array, float64: Float64Array, int32: Int32Array, int16: Int16Array, int8: Int8Array, uint8: Uint8Array,
  uint16: Uint16Array, uint32: Uint32Array, bool: Uint8Array, complex64: Float32Array, complex128: Float64Array,
};

/** A typed-array view of `count` values of `d`'s storage type. */
function viewOf(d: DType, buf: ArrayBufferLike, off: number, count: number): NumericData {
  const Ctor = VIEW_CTORS[d.storage];
  if (!Ctor) throw new TypeError(`dtype ${d.name} has no fixed-size storage`);
  return new Ctor(buf, off, count);
}

// ---- NDArray ↔ bytes --------------------------------------------------------------------------------

/** Whether the dtype is stored as fixed-size raw bytes (everything but string, resource, variant). */
export function isFixedSize(dtype: DType): boolean {
  const d = dtype.base_dtype;
  return d.storage !== 'string' && d.storage !== 'none' && d.size > 0;
}

function viewBytes(data: NumericData): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function swapInPlace(bytes: Uint8Array, width: number): void {
  if (width <= 1) return;
  for (let i = 0; i + width <= bytes.length; i += width) {
    for (let a = i, b = i + width - 1; a < b; a++, b--) { const t = bytes[a]; bytes[a] = bytes[b]; bytes[b] = t; }
  }
}

/** Width of the unit a byte swap applies to (complex parts swap separately). */
function swapWidth(dtype: DType): number {
  const d = dtype.base_dtype;
  return d.is_complex ? d.size / 2 : d.size;
}

/**
 * Little-endian bytes of a fixed-size tensor. May return a view of the array's own memory (do not
 * modify it), so it costs no copy for the common dtypes on a little-endian host.
 */
export function tensorToBytes(arr: NDArray): Uint8Array {
  const d = arr.dtype.base_dtype;
  const n = arr.size;
  const data = arr.values;
  switch (d.name) {
    case 'int64': case 'uint64': {
      const words = new Uint32Array(2 * n);
      const signed = d.name === 'int64';
      for (let i = 0; i < n; i++) {
        const v = data[i];
        if (!Number.isInteger(v) || (signed ? v < -(2 ** 63) || v >= 2 ** 63 : v < 0 || v >= 2 ** 64)) {
          throw new RangeError(`${d.name} value ${v} is out of range`);
        }
        words[2 * i] = ((v % TWO32) + TWO32) % TWO32;
        words[2 * i + 1] = Math.floor(v / TWO32) >>> 0;
      }
      const bytes = viewBytes(words);
      if (!HOST_LE) swapInPlace(bytes, 4);
      return bytes;
    }
    case 'float16': case 'bfloat16': {
      const bits = new Uint16Array(n);
      const conv = d.name === 'float16' ? floatToHalfBits : floatToBfloat16Bits;
      for (let i = 0; i < n; i++) bits[i] = conv(data[i]);
      const bytes = viewBytes(bits);
      if (!HOST_LE) swapInPlace(bytes, 2);
      return bytes;
    }
    case 'bool': {
      const src = data as Uint8Array;
      for (let i = 0; i < n; i++) {
        if (src[i] > 1) return Uint8Array.from(src, (x) => (x !== 0 ? 1 : 0));
      }
      return viewBytes(src);
    }
    default: {
      if (!isFixedSize(d)) throw new TypeError(`dtype ${d.name} has no fixed-size byte layout`);
      const bytes = viewBytes(data);
      if (HOST_LE || swapWidth(d) === 1) return bytes;
      const copy = bytes.slice();
      swapInPlace(copy, swapWidth(d));
      return copy;
    }
  }
}

/**
 * Builds an NDArray from little-endian (or, with `bigEndian`, big-endian) tensor bytes. `bytes` must
 * hold exactly `numElements * size` bytes. May take ownership of `bytes` (it is swapped in place
 * when needed and its buffer is reused when aligned).
 */
export function bytesToTensor(dtype: DType, shape: readonly number[], bytes: Uint8Array, bigEndian = false): NDArray {
  const d = dtype.base_dtype;
  const n = shape.reduce((a, b) => a * b, 1);
  if (bytes.length !== n * d.size) throw new RangeError(`${d.name} tensor of shape [${shape}] needs ${n * d.size} bytes, got ${bytes.length}`);
  const width = swapWidth(d);
  if (bigEndian !== !HOST_LE && width > 1) {
    bytes = bytes.slice();
    swapInPlace(bytes, width);
  }
  // From here `bytes` is in host order.
  let aligned = bytes;
  const align = d.name === 'int64' || d.name === 'uint64' || d.name === 'complex128' || d.name === 'float64' ? 8
    : d.name === 'float16' || d.name === 'bfloat16' ? 2 : Math.max(1, Math.min(width, 4));
  if (bytes.byteOffset % align !== 0) aligned = bytes.slice();
  const buf = aligned.buffer, off = aligned.byteOffset;
  switch (d.name) {
    case 'int64': case 'uint64': {
      const words = new Uint32Array(buf, off, 2 * n);
      const out = new Float64Array(n);
      const signed = d.name === 'int64';
      const lo = HOST_LE ? 0 : 1, hi = HOST_LE ? 1 : 0;
      for (let i = 0; i < n; i++) {
        const h = signed ? words[2 * i + hi] | 0 : words[2 * i + hi];
        out[i] = h * TWO32 + words[2 * i + lo];
      }
      return new NDArray(d, shape, out);
    }
    case 'float16': case 'bfloat16': {
      const bits = new Uint16Array(buf, off, n);
      const out = new Float32Array(n);
      const conv = d.name === 'float16' ? halfBitsToFloat : bfloat16BitsToFloat;
      for (let i = 0; i < n; i++) out[i] = conv(bits[i]);
      return new NDArray(d, shape, out);
    }
    default: {
      if (!isFixedSize(d)) throw new TypeError(`dtype ${d.name} has no fixed-size byte layout`);
      const count = d.is_complex ? 2 * n : n;
      return new NDArray(d, shape, viewOf(d, buf, off, count));
    }
  }
}
