/**
 * NDArray: the value a session computes and returns, a dense row-major array of one dtype.
 */
import { DType, as_dtype, float32, int32, bool, string as stringDtype, int64, float64 } from './dtypes';
import { ValueError } from './errors';
import { checkTensorAllocation } from './memory';
import { MIN_POOLED_BYTES, newBuffer, reusedBuffer } from './buffer_pool';

export type NumericData =
  | Float32Array | Float64Array | Int32Array | Int16Array | Int8Array
  | Uint8Array | Uint16Array | Uint32Array;
/** String tensors hold bytes per element (TF strings are byte strings). */
export type StringData = Uint8Array[];
export type NDData = NumericData | StringData;

/** Nested JS arrays as given by users and returned by `toArray()`. */
export type NestedArray = number | bigint | boolean | string | NestedArray[];

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

/** Bytes per element of each storage kind (strings: the array slot only). */
const STORAGE_BYTES: Record<DType['storage'], number> = {
  float32: 4, float64: 8, int32: 4, int16: 2, int8: 1, uint8: 1, bool: 1, uint16: 2, uint32: 4,
  complex64: 8, complex128: 16, string: 8, none: 0,
};

const STORAGE_CTORS = {
  float32: Float32Array, float64: Float64Array, int32: Int32Array, int16: Int16Array, int8: Int8Array,
  uint8: Uint8Array, bool: Uint8Array, uint16: Uint16Array, uint32: Uint32Array, complex64: Float32Array,
  complex128: Float64Array,
} as const;

/**
 * Allocates zeroed storage for `n` elements of `dtype` (a tensor of `shape`): a big numeric buffer comes
 * from the buffer pool where it has one of that kind and length (see buffer_pool.ts); beyond the memory
 * budget a new one raises ResourceExhaustedError before allocating (see memory.ts). With `zeroed` false a
 * pooled buffer keeps its old contents, for a caller that writes every element.
 */
export function allocate(dtype: DType, n: number, shape: readonly number[] = [n], zeroed = true): NDData {
  const storage = dtype.storage;
  const bytes = n * STORAGE_BYTES[storage];
  if (storage === 'string' || storage === 'none') {
    checkTensorAllocation(shape, dtype.name, bytes);
    if (storage === 'none') throw new globalThis.TypeError(`dtype ${dtype.name} has no values`);
    return Array.from({ length: n }, () => new Uint8Array(0));
  }
  const ctor: new (length: number) => NumericData = STORAGE_CTORS[storage];
  const length = dtype.is_complex ? 2 * n : n;
  const reused = bytes >= MIN_POOLED_BYTES ? reusedBuffer(ctor, length, zeroed) : null;
  if (reused) return reused;
  checkTensorAllocation(shape, dtype.name, bytes);
  return bytes >= MIN_POOLED_BYTES ? newBuffer(ctor, length) : new ctor(length);
}

export function numElements(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** A shape as numpy's errors write it: `(3,newaxis)`, `(4,)`. */
function describeShape(dims: readonly number[]): string {
  return `(${dims.map((d) => (d < 0 ? 'newaxis' : d)).join(',')}${dims.length === 1 ? ',' : ''})`;
}

export class NDArray {
  readonly dtype: DType;
  readonly shape: number[];
  readonly data: NDData;
  /** The number of elements. */
  readonly size: number;

  constructor(dtype: DType, shape: readonly number[], data?: NDData) {
    const base = dtype.base_dtype;
    this.dtype = base;
    // One pass copies the shape and counts the elements (this runs once per kernel output).
    const rank = shape.length, copy = new Array<number>(rank);
    let n = 1;
    for (let i = 0; i < rank; i++) { const d = shape[i]; copy[i] = d; n *= d; }
    this.shape = copy;
    this.size = n;
    this.data = data ?? allocate(base, n, shape);
    const expected = base.is_complex ? 2 * n : n;
    if (this.data.length !== expected) {
      throw new RangeError(`NDArray of shape [${shape}] needs ${expected} ${this.dtype.name} values, got ${this.data.length}`);
    }
  }

  /**
   * An array whose values are unspecified until its maker writes every one of them (numpy's `empty`): the
   * kernels that overwrite their whole output take a pooled buffer without zeroing it first.
   */
  static empty(dtype: DType, shape: readonly number[]): NDArray {
    const base = dtype.base_dtype;
    return new NDArray(base, shape, allocate(base, numElements(shape), shape, false));
  }

  get ndim(): number { return this.shape.length; }

  /** Numeric data (throws for string arrays). */
  get values(): NumericData {
    if (Array.isArray(this.data)) throw new globalThis.TypeError('string tensor has no numeric values');
    return this.data as NumericData;
  }

  /** Strings decoded as UTF-8 (string arrays only). */
  get strings(): string[] {
    if (!Array.isArray(this.data)) throw new globalThis.TypeError(`${this.dtype.name} tensor has no string values`);
    return this.data.map((b) => utf8Decoder.decode(b));
  }

  /** The single value of a one-element array. */
  item(): number | boolean | string {
    if (this.size !== 1) throw new RangeError(`can only convert an array of size 1 to a scalar, got shape [${this.shape}]`);
    return this.elementAt(0);
  }

  private elementAt(i: number): number | boolean | string {
    if (Array.isArray(this.data)) return utf8Decoder.decode(this.data[i]);
    if (this.dtype.is_bool) return this.data[i] !== 0;
    return this.data[i];
  }

  /** Nested JS arrays (complex values come as [re, im] pairs). */
  toArray(): NestedArray {
    const build = (dim: number, offset: number): [NestedArray, number] => {
      if (dim === this.shape.length) {
        if (this.dtype.is_complex) {
          const d = this.data as Float32Array | Float64Array;
          return [[d[2 * offset], d[2 * offset + 1]], offset + 1];
        }
        return [this.elementAt(offset), offset + 1];
      }
      const out: NestedArray[] = [];
      for (let i = 0; i < this.shape[dim]; i++) { const [v, o] = build(dim + 1, offset); out.push(v); offset = o; }
      return [out, offset];
    };
    return build(0, 0)[0];
  }

  /**
   * The same values in another shape, as numpy's: one dimension may be -1 (inferred from the size), and the
   * dimensions may come as one list or one by one (`a.reshape([-1, 28, 28])`, `a.reshape(2, 3)`).
   */
  reshape(shape: readonly number[] | number, ...more: number[]): NDArray {
    const dims = typeof shape === 'number' ? [shape, ...more] : shape;
    let known = 1, unknown = -1;
    for (let i = 0; i < dims.length; i++) {
      const d = dims[i];
      // numpy takes any negative dimension for the unknown one
      if (!Number.isInteger(d)) throw new TypeError(`'float' object cannot be interpreted as an integer`);
      if (d < 0 && unknown < 0) unknown = i;
      else if (d < 0) throw new ValueError('can only specify one unknown dimension');
      else known *= d;
    }
    if (unknown < 0 && known === this.size) return new NDArray(this.dtype, dims, this.data);
    if (unknown < 0 || known === 0 || this.size % known !== 0) throw new ValueError(`cannot reshape array of size ${this.size} into shape ${describeShape(dims)}`);
    const inferred = [...dims];
    inferred[unknown] = this.size / known;
    return new NDArray(this.dtype, inferred, this.data);
  }

  /** A numpy-like rendering: `[[1. 2.]\n [3. 4.]]`, scalars as `2.0`. */
  toString(): string { return formatNDArray(this); }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return `array(${formatNDArray(this, 'array(')}, dtype=${this.dtype.name})`; }

  /** Builds an NDArray from nested JS values, a typed array, or a scalar, inferring the dtype as TF does. */
  static from(value: unknown, dtype?: DType | string): NDArray {
    if (value instanceof NDArray) return dtype === undefined ? value : castNDArray(value, as_dtype(dtype));
    if (isTypedArray(value) && (dtype !== undefined || value instanceof Float64Array || value instanceof Float32Array
      || value instanceof Int32Array || value instanceof Uint8Array)) {
      // A typed array of the target's storage is copied whole instead of element by element
      // (not for bool, complex, or int64 held in a Float64Array, whose values need checking).
      const dt = dtype !== undefined ? as_dtype(dtype).base_dtype : inferDtype([], value);
      const out = new NDArray(dt, [value.length]);
      const needsCheck = dt.is_complex || dt.is_bool || (dt.is_integer && out.data instanceof Float64Array);
      if (!needsCheck && out.data.constructor === value.constructor) {
        (out.data as NumericData).set(value);
        return out;
      }
    }
    const shape = inferShape(value);
    const flat: unknown[] = [];
    flatten(value, flat);
    const dt = dtype !== undefined ? as_dtype(dtype).base_dtype : inferDtype(flat, value);
    return fromFlat(dt, shape, flat);
  }

  static fromStrings(values: readonly (string | Uint8Array)[], shape: readonly number[] = [values.length]): NDArray {
    return new NDArray(stringDtype, shape, values.map((v) => (typeof v === 'string' ? utf8.encode(v) : v)));
  }

  static scalar(value: number | boolean | string, dtype?: DType | string): NDArray { return NDArray.from(value, dtype); }
}

function isTypedArray(v: unknown): v is NumericData { return ArrayBuffer.isView(v) && !(v instanceof DataView); }

function inferShape(value: unknown): number[] {
  if (isTypedArray(value)) return [value.length];
  if (!Array.isArray(value)) return [];
  if (value.length === 0) return [0];
  const inner = inferShape(value[0]);
  for (let i = 1; i < value.length; i++) {
    const s = inferShape(value[i]);
    if (s.length !== inner.length || s.some((d, k) => d !== inner[k])) {
      throw new ValueError(`Argument must be a dense tensor: ${JSON.stringify(value)} - got shape [${[value.length, ...s]}], but wanted [${[value.length, ...inner]}].`);
    }
  }
  return [value.length, ...inner];
}


function flatten(value: unknown, out: unknown[]): void {
  if (isTypedArray(value)) { for (const x of value) out.push(x); return; }
  if (Array.isArray(value)) { for (const v of value) flatten(v, out); return; }
  out.push(value);
}

function inferDtype(flat: unknown[], original: unknown): DType {
  if (original instanceof Float64Array) return float64;
  if (original instanceof Float32Array) return float32;
  if (original instanceof Int32Array) return int32;
  if (original instanceof Uint8Array) return as_dtype('uint8');
  if (flat.length === 0) return float32;
  if (flat.every((v) => typeof v === 'boolean')) return bool;
  if (flat.every((v) => typeof v === 'string' || v instanceof Uint8Array)) return stringDtype;
  // A JavaScript number has no separate integer form: numbers are float32 (TensorFlow.js's rule), a BigInt
  // (`483n`) is int64; integer dtypes otherwise come from an integer typed array or an explicit dtype.
  if (flat.every((v) => typeof v === 'number')) return float32;
  if (flat.some((v) => typeof v === 'bigint') && flat.every((v) => typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v)))) return int64;
  throw new globalThis.TypeError(`Failed to convert object of type ${describe(original)} to Tensor. Contents: ${String(original).slice(0, 200)}. Consider casting elements to a supported type.`);
}

function describe(v: unknown): string { return v === null ? 'null' : Array.isArray(v) ? 'list' : typeof v; }

function fromFlat(dtype: DType, shape: number[], flat: unknown[]): NDArray {
  const arr = new NDArray(dtype, shape);
  if (dtype.storage === 'string') {
    const out = arr.data as StringData;
    flat.forEach((v, i) => {
      if (typeof v === 'string') out[i] = utf8.encode(v);
      else if (v instanceof Uint8Array) out[i] = v;
      else throw new globalThis.TypeError(`Expected string, got ${String(v)} of type '${typeof v}' instead.`);
    });
    return arr;
  }
  const data = arr.data as NumericData;
  if (dtype.is_complex) {
    flat.forEach((v, i) => {
      if (Array.isArray(v)) { data[2 * i] = Number(v[0]); data[2 * i + 1] = Number(v[1]); } else data[2 * i] = checkNumber(v, dtype);
    });
    return arr;
  }
  flat.forEach((v, i) => { data[i] = checkNumber(v, dtype); });
  return arr;
}

function checkNumber(v: unknown, dtype: DType): number {
  if (typeof v === 'boolean') {
    if (!dtype.is_bool) throw new globalThis.TypeError(`Expected ${dtype.name}, got ${v} of type 'bool' instead.`);
    return v ? 1 : 0;
  }
  if (typeof v === 'bigint') {
    if (dtype.is_bool) throw new globalThis.TypeError(`Expected bool, got ${v} of type 'int' instead.`);
    v = Number(v);
  }
  if (typeof v !== 'number') throw new globalThis.TypeError(`Expected ${dtype.name}, got ${JSON.stringify(v)} of type '${typeof v}' instead.`);
  if (dtype.is_integer && !Number.isInteger(v)) {
    throw new globalThis.TypeError(`Expected ${dtype.name}, got ${v} of type 'float' instead.`);
  }
  if (dtype.is_bool) throw new globalThis.TypeError(`Expected bool, got ${v} of type 'int' instead.`);
  if (dtype.is_integer && (v < dtype.min || v > dtype.max)) {
    throw new RangeError(`Value ${v} out of range for dtype ${dtype.name}`);
  }
  return v;
}

/** Converts values to another dtype the way tf.cast does (truncation toward zero for ints, != 0 for bool). */
export function castNDArray(x: NDArray, dtype: DType): NDArray {
  const to = dtype.base_dtype;
  if (to === x.dtype) return x;
  if (to.storage === 'string' || x.dtype.storage === 'string') {
    throw new globalThis.TypeError(`Cast ${x.dtype.name} to ${to.name} is not supported`);
  }
  const out = new NDArray(to, x.shape);
  const src = x.values, dst = out.values;
  if (x.dtype.is_complex || to.is_complex) {
    const step = x.dtype.is_complex ? 2 : 1, dstep = to.is_complex ? 2 : 1;
    for (let i = 0; i < x.size; i++) dst[i * dstep] = src[i * step];
    // Between complex dtypes the imaginary parts carry over; to a real dtype they are dropped, as TF's Cast does.
    if (step === 2 && dstep === 2) for (let i = 0; i < x.size; i++) dst[2 * i + 1] = src[2 * i + 1];
    return out;
  }
  if (to.is_bool) for (let i = 0; i < src.length; i++) dst[i] = src[i] !== 0 ? 1 : 0;
  else if (to.is_integer || to === int64) for (let i = 0; i < src.length; i++) dst[i] = Math.trunc(src[i]);
  else dst.set(src);
  return out;
}

// ---- numpy-like printing ----------------------------------------------------------------

const MAX_PRINTED = 1000;   // numpy's threshold: summarise with "..." beyond it
const EDGE = 3;

/** numpy's choice for a float array: scientific when values span too wide a range. */
type FloatMode = 'plain' | { exponentDigits: number };

function floatMode(values: number[]): FloatMode {
  const finite = values.filter((v) => Number.isFinite(v) && v !== 0).map(Math.abs);
  if (finite.length === 0) return 'plain';
  const max = Math.max(...finite), min = Math.min(...finite);
  if (max < 1e8 && min >= 1e-4 && max / min <= 1000) return 'plain';
  let digits = 0;
  for (const v of finite) {
    const mantissa = Number(v.toPrecision(8)).toExponential().split('e')[0];
    digits = Math.max(digits, mantissa.includes('.') ? mantissa.length - mantissa.indexOf('.') - 1 : 0);
  }
  return { exponentDigits: digits };
}

function formatNumber(v: number, dtype: DType, mode: FloatMode = 'plain', scalar = false): string {
  if (dtype.is_bool) return v ? 'True' : 'False';
  if (dtype.is_integer) return String(v);
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (mode !== 'plain') {
    const [m, e] = v.toExponential(mode.exponentDigits).split('e');
    const exp = Number(e);
    return `${m.includes('.') ? m : `${m}.`}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return `${v}.`;
  const text = shortestRepr(v, dtype);
  // numpy prints at most 8 digits after the point inside arrays
  if (!scalar && /\.\d{9,}$/.test(text)) return v.toFixed(8).replace(/0+$/, '');
  return text;
}

/** The shortest decimal that reads back as the same value of this dtype (float32-aware). */
function shortestRepr(v: number, dtype: DType): string {
  let t = v;
  if (dtype.storage === 'float32') {
    for (let p = 1; p <= 9; p++) {
      t = Number(v.toPrecision(p));
      if (Math.fround(t) === v) break;
    }
  }
  // Python switches to an exponent from 1e16 on; JavaScript only from 1e21
  return pythonExponent(Math.abs(t) >= 1e16 ? t.toExponential() : String(t));
}

/** `1e-9` → `1e-09`, as Python writes exponents. */
function pythonExponent(s: string): string { return s.replace(/e([+-])(\d)$/, 'e$10$2'); }

/** Renders element i as numpy would inside an array. */
function elementString(a: NDArray, i: number, scalar: boolean, mode: FloatMode = 'plain'): string {
  if (Array.isArray(a.data)) return `b'${utf8Decoder.decode(a.data[i])}'`;
  const d = a.data;
  if (a.dtype.is_complex) return `${formatNumber(d[2 * i], float64)}${d[2 * i + 1] < 0 ? '-' : '+'}${formatNumber(Math.abs(d[2 * i + 1]), float64)}j`;
  const s = formatNumber(d[i], a.dtype, mode, scalar);
  return scalar && s.endsWith('.') ? `${s}0` : s;
}

export function formatNDArray(a: NDArray, prefix = ''): string {
  if (a.shape.length === 0) return elementString(a, 0, true);
  const summarise = a.size > MAX_PRINTED;
  const strides = a.shape.map((_, k) => numElements(a.shape.slice(k + 1)));
  const shown = (len: number) => (summarise && len > 2 * EDGE ? [...range(EDGE), -1, ...range(EDGE).map((k) => len - EDGE + k)] : range(len));

  // Only the elements that will be printed are formatted (a summarised array shows its edges).
  const printed: number[] = [];
  const collect = (dim: number, offset: number): void => {
    for (const k of shown(a.shape[dim])) {
      if (k < 0) continue;
      if (dim === a.shape.length - 1) printed.push(offset + k);
      else collect(dim + 1, offset + k * strides[dim]);
    }
  };
  collect(0, 0);
  const mode = a.dtype.is_floating ? floatMode(printed.map((i) => (a.data as NumericData)[i])) : 'plain';
  const cells = new Map<number, string>(printed.map((i) => [i, elementString(a, i, false, mode)]));
  const pad = alignment(a, [...cells.values()]);

  const indent = ' '.repeat(prefix.length);
  const sep = a.dtype.storage === 'string' || prefix ? ', ' : ' ';
  const render = (dim: number, offset: number): string => {
    const idx = shown(a.shape[dim]);
    if (dim === a.shape.length - 1) {
      return `[${idx.map((k) => (k < 0 ? '...' : pad(cells.get(offset + k)!))).join(sep)}]`;
    }
    const lineSep = (prefix ? ',' : '') + '\n'.repeat(a.shape.length - dim - 1) + indent + ' '.repeat(dim + 1);
    return `[${idx.map((k) => (k < 0 ? '...' : render(dim + 1, offset + k * strides[dim]))).join(lineSep)}]`;
  };
  return render(0, 0);
}

/**
 * How numpy lines up a column of numbers: integers and exponents right-aligned; plain floats aligned
 * on the decimal point (`[0.5, 2. ]`).
 */
function alignment(a: NDArray, cells: string[]): (s: string) => string {
  if (a.dtype.storage === 'string') return (s) => s;
  let width = 0;
  for (const c of cells) width = Math.max(width, c.length);
  const plainFloats = a.dtype.is_floating && cells.every((c) => /^-?\d+\.\d*$/.test(c) || c === 'nan' || c === 'inf' || c === '-inf');
  if (!plainFloats) return (s) => s.padStart(width);
  let intWidth = 0, fracWidth = 0;
  for (const c of cells) {
    const dot = c.indexOf('.');
    if (dot < 0) continue;
    intWidth = Math.max(intWidth, dot);
    fracWidth = Math.max(fracWidth, c.length - dot - 1);
  }
  const total = intWidth + 1 + fracWidth;
  return (s) => {
    const dot = s.indexOf('.');
    if (dot < 0) return s.padStart(total);
    return (s.slice(0, dot).padStart(intWidth) + s.slice(dot)).padEnd(total);
  };
}

function range(n: number): number[] { return Array.from({ length: n }, (_, i) => i); }
