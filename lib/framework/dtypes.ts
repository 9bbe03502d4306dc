
import { pythonFunction } from './python_signature';/**
 * TensorFlow data types: one `DType` object per `DataType` enum value of types.proto,
 * plus its reference twin (`float32_ref`, enum + 100) used for variable outputs.
 */

/** How values of a dtype are held in memory by `NDArray` (see framework/ndarray.ts). */
export type Storage =
  | 'float32' | 'float64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'uint16' | 'uint32'
  | 'bool' | 'string' | 'complex64' | 'complex128' | 'none';

export class DType {
  private refTwin?: DType;
  private baseTwin?: DType;

  constructor(
    /** Python name, e.g. `float32`, `float32_ref`. */
    readonly name: string,
    /** The `DataType` enum value, e.g. 1 for DT_FLOAT, 101 for DT_FLOAT_REF. */
    readonly as_datatype_enum: number,
    /** Bytes per element on disk (0 for variable-length or non-data types). */
    readonly size: number,
    /** How an NDArray stores it (int64 is held in a Float64Array: exact up to 2^53). */
    readonly storage: Storage,
    private readonly kind: 'float' | 'int' | 'uint' | 'bool' | 'string' | 'complex' | 'quantized' | 'other',
  ) {}

  get base_dtype(): DType { return this.baseTwin ?? this; }
  get is_ref_dtype(): boolean { return this.baseTwin !== undefined; }
  get _as_ref(): DType {
    if (this.is_ref_dtype) return this;
    if (!this.refTwin) throw new Error(`dtype ${this.name} has no reference type`);
    return this.refTwin;
  }
  get is_floating(): boolean { return this.base_dtype.kind === 'float'; }
  get is_integer(): boolean { const k = this.base_dtype.kind; return k === 'int' || k === 'uint'; }
  get is_unsigned(): boolean { const k = this.base_dtype.kind; return k === 'uint' || k === 'bool'; }
  get is_complex(): boolean { return this.base_dtype.kind === 'complex'; }
  /** The dtype of a complex dtype's parts (float32 for complex64, float64 for complex128); other dtypes are their own. */
  get real_dtype(): DType {
    const b = this.base_dtype;
    return b.name === 'complex64' ? byName.get('float32')! : b.name === 'complex128' ? byName.get('float64')! : b;
  }
  get is_quantized(): boolean { return this.base_dtype.kind === 'quantized'; }
  get is_bool(): boolean { return this.base_dtype.kind === 'bool'; }
  get is_numpy_compatible(): boolean { return !this.is_quantized && this.base_dtype.kind !== 'other'; }
  /** The name TF's C++ runtime prints in messages: `float`, `double`, `half`, `int32` ... */
  get cpp_name(): string {
    const b = this.base_dtype.name;
    const n = b === 'float32' ? 'float' : b === 'float64' ? 'double' : b === 'float16' ? 'half' : b;
    return this.is_ref_dtype ? `${n}_ref` : n;
  }
  /** The C++ enum name, e.g. `DT_FLOAT`, `DT_FLOAT_REF`. */
  get enum_name(): string { return ENUM_NAMES[this.base_dtype.as_datatype_enum] + (this.is_ref_dtype ? '_REF' : ''); }

  /** Whether `other` may be used where this dtype is expected (a ref may stand for its base). */
  is_compatible_with(other: DType | string): boolean {
    const o = as_dtype(other);
    return this.as_datatype_enum === o.as_datatype_enum || this.base_dtype === o.base_dtype && !this.is_ref_dtype;
  }

  /** Smallest and largest representable values (numeric types only). */
  get min(): number { return limits(this)[0]; }
  get max(): number { return limits(this)[1]; }

  toString(): string { return `<dtype: '${this.name}'>`; }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return `tf.${this.name}`; }

  /** @internal links a base dtype to its `_ref` twin. */
  static linkRef(base: DType, ref: DType): void { base.refTwin = ref; ref.baseTwin = base; }
}

const ENUM_NAMES: Record<number, string> = {
  0: 'DT_INVALID', 1: 'DT_FLOAT', 2: 'DT_DOUBLE', 3: 'DT_INT32', 4: 'DT_UINT8', 5: 'DT_INT16', 6: 'DT_INT8',
  7: 'DT_STRING', 8: 'DT_COMPLEX64', 9: 'DT_INT64', 10: 'DT_BOOL', 11: 'DT_QINT8', 12: 'DT_QUINT8',
  13: 'DT_QINT32', 14: 'DT_BFLOAT16', 15: 'DT_QINT16', 16: 'DT_QUINT16', 17: 'DT_UINT16', 18: 'DT_COMPLEX128',
  19: 'DT_HALF', 20: 'DT_RESOURCE', 21: 'DT_VARIANT', 22: 'DT_UINT32', 23: 'DT_UINT64',
};

const byEnum = new Map<number, DType>();
const byName = new Map<string, DType>();

function define(name: string, num: number, size: number, storage: Storage, kind: ConstructorParameters<typeof DType>[4]): DType {
  const base = new DType(name, num, size, storage, kind);
  const ref = new DType(`${name}_ref`, num + 100, size, storage, kind);
  DType.linkRef(base, ref);
  for (const d of [base, ref]) { byEnum.set(d.as_datatype_enum, d); byName.set(d.name, d); }
  return base;
}

export const float32 = define('float32', 1, 4, 'float32', 'float');
export const float64 = define('float64', 2, 8, 'float64', 'float');
export const int32 = define('int32', 3, 4, 'int32', 'int');
export const uint8 = define('uint8', 4, 1, 'uint8', 'uint');
export const int16 = define('int16', 5, 2, 'int16', 'int');
export const int8 = define('int8', 6, 1, 'int8', 'int');
export const string = define('string', 7, 0, 'string', 'string');
export const complex64 = define('complex64', 8, 8, 'complex64', 'complex');
export const int64 = define('int64', 9, 8, 'float64', 'int');
export const bool = define('bool', 10, 1, 'bool', 'bool');
export const qint8 = define('qint8', 11, 1, 'int8', 'quantized');
export const quint8 = define('quint8', 12, 1, 'uint8', 'quantized');
export const qint32 = define('qint32', 13, 4, 'int32', 'quantized');
export const bfloat16 = define('bfloat16', 14, 2, 'float32', 'float');
export const qint16 = define('qint16', 15, 2, 'int16', 'quantized');
export const quint16 = define('quint16', 16, 2, 'uint16', 'quantized');
export const uint16 = define('uint16', 17, 2, 'uint16', 'uint');
export const complex128 = define('complex128', 18, 16, 'complex128', 'complex');
export const float16 = define('float16', 19, 2, 'float32', 'float');
export const resource = define('resource', 20, 0, 'none', 'other');
export const variant = define('variant', 21, 0, 'none', 'other');
export const uint32 = define('uint32', 22, 4, 'uint32', 'uint');
export const uint64 = define('uint64', 23, 8, 'float64', 'uint');
export const half = float16;
export const double = float64;

/** Every base dtype, in enum order. */
export const ALL_DTYPES: readonly DType[] = [...byEnum.values()].filter((d) => !d.is_ref_dtype)
  .sort((a, b) => a.as_datatype_enum - b.as_datatype_enum);

/** Names TF accepts besides the canonical ones. */
const ALIASES: Record<string, DType> = { half: float16, double: float64, float: float32 };

/**
 * Converts a DType, its name (`'float32'`), its enum value (1) or its C++ name (`'DT_FLOAT'`) to a DType.
 * @example tf.as_dtype('float32') === tf.float32
 */
export const as_dtype = pythonFunction('as_dtype', ['type_value'], 1, function as_dtype(x: DType | string | number): DType {
  if (x instanceof DType) return x;
  let found: DType | undefined;
  if (typeof x === 'number') found = byEnum.get(x);
  else if (x.startsWith('DT_')) {
    const ref = x.endsWith('_REF');
    const base = ref ? x.slice(0, -4) : x;
    const num = Number(Object.keys(ENUM_NAMES).find((k) => ENUM_NAMES[Number(k)] === base));
    found = byEnum.get(ref ? num + 100 : num);
  } else found = byName.get(x) ?? ALIASES[x];
  if (!found) throw new globalThis.TypeError(`Cannot convert value ${JSON.stringify(x)} to a TensorFlow DType.`);
  return found;
});

function limits(d: DType): [number, number] {
  switch (d.base_dtype.name) {
    case 'float32': return [-3.4028234663852886e38, 3.4028234663852886e38];
    case 'float64': return [-Number.MAX_VALUE, Number.MAX_VALUE];
    case 'float16': return [-65504, 65504];
    case 'bfloat16': return [-3.3895313892515355e38, 3.3895313892515355e38];
    case 'int8': case 'qint8': return [-128, 127];
    case 'uint8': case 'quint8': return [0, 255];
    case 'int16': case 'qint16': return [-32768, 32767];
    case 'uint16': case 'quint16': return [0, 65535];
    case 'int32': case 'qint32': return [-2147483648, 2147483647];
    case 'uint32': return [0, 4294967295];
    case 'int64': return [-9223372036854775808, 9223372036854775807];
    case 'uint64': return [0, 18446744073709551615];
    case 'bool': return [0, 1];
    default: throw new globalThis.TypeError(`Cannot find minimum value of ${d.name}.`);
  }
}

/** TF's DataTypeString: `float`, `int32`, `half` ... (`_ref` appended for reference types). */
export function dataTypeString(d: DType): string {
  const names: Record<string, string> = { float32: 'float', float64: 'double', float16: 'half' };
  const base = d.base_dtype.name;
  return (names[base] ?? base) + (d.is_ref_dtype ? '_ref' : '');
}
