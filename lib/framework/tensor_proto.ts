/**
 * TensorProto ↔ NDArray, with TensorFlow's encodings: `tensor_content` (raw little-endian bytes),
 * typed value lists (`float_val`, `int_val`, ...), and a short list whose last value fills the rest of
 * the shape (an empty list means zeros), as the C++ runtime reads constants.
 */
import { DType, as_dtype } from './dtypes';
import { InvalidArgumentError } from './errors';
import { NDArray, NumericData, StringData } from './ndarray';
import { TensorProto, TensorShapeProto } from '../proto';
import {
  bfloat16BitsToFloat, bytesToTensor, floatToBfloat16Bits, floatToHalfBits, halfBitsToFloat, isFixedSize, tensorToBytes,
} from './tensor_bytes';

/** Dtypes Python's make_tensor_proto writes as `tensor_content` when there is more than one value. */
const TENSOR_CONTENT_TYPES = new Set([
  'float32', 'float64', 'int32', 'uint8', 'int16', 'int8', 'int64', 'qint8', 'quint8', 'qint16', 'quint16', 'qint32',
  'uint32', 'uint64',
]);

/** Which typed list of TensorProto holds values of this dtype. */
type ValField = 'float_val' | 'double_val' | 'int_val' | 'int64_val' | 'bool_val' | 'half_val' | 'scomplex_val'
  | 'dcomplex_val' | 'uint32_val' | 'uint64_val';

function valField(d: DType): ValField | null {
  switch (d.name) {
    case 'float32': return 'float_val';
    case 'float64': return 'double_val';
    case 'int32': case 'int16': case 'int8': case 'uint8': case 'uint16':
    case 'qint8': case 'quint8': case 'qint16': case 'quint16': case 'qint32': return 'int_val';
    case 'int64': return 'int64_val';
    case 'bool': return 'bool_val';
    case 'float16': case 'bfloat16': return 'half_val';
    case 'complex64': return 'scomplex_val';
    case 'complex128': return 'dcomplex_val';
    case 'uint32': return 'uint32_val';
    case 'uint64': return 'uint64_val';
    default: return null;
  }
}

/** A value's (fully known) shape as a proto; sizes of 0 are left out, as TF's encoder leaves proto3 defaults out. */
export function shapeToProto(shape: readonly number[]): TensorShapeProto {
  return { dim: shape.map((size) => (size === 0 ? {} : { size })) };
}

/** A shape proto as a list of sizes; unknown rank or dims are an error for values. */
export function shapeFromProto(p: TensorShapeProto | undefined, what = 'tensor'): number[] {
  if (p?.unknown_rank) throw new InvalidArgumentError(null, null, `Cannot parse ${what}: its shape has unknown rank`);
  const dims = (p?.dim ?? []).map((d) => d.size ?? 0);
  if (dims.some((d) => !Number.isSafeInteger(d) || d < 0)) {
    throw new InvalidArgumentError(null, null, `Cannot parse ${what}: invalid shape [${dims}]`);
  }
  return dims;
}

/** Builds the value a TensorProto describes (TF's Tensor::FromProto). */
export function makeNdarray(proto: TensorProto): NDArray {
  const dtype = as_dtype(proto.dtype ?? 0).base_dtype;
  const shape = shapeFromProto(proto.tensor_shape);
  const n = shape.reduce((a, b) => a * b, 1);
  const fail = (why: string): never => {
    throw new InvalidArgumentError(null, null, `Cannot parse tensor from proto: dtype ${dtype.name}, shape [${shape}]: ${why}`);
  };
  if (dtype.storage === 'string') {
    const vals = proto.string_val ?? [];
    if (vals.length > n) fail(`${vals.length} values for ${n} elements`);
    const out: StringData = new Array(n);
    for (let i = 0; i < n; i++) out[i] = vals.length === 0 ? new Uint8Array(0) : vals[Math.min(i, vals.length - 1)];
    return new NDArray(dtype, shape, out);
  }
  if (!isFixedSize(dtype)) fail('values of this dtype cannot be parsed');
  const content = proto.tensor_content;
  if (content && content.length > 0) {
    if (content.length !== n * dtype.size) fail(`tensor_content has ${content.length} bytes, expected ${n * dtype.size}`);
    return bytesToTensor(dtype, shape, Uint8Array.from(content));
  }
  const field = valField(dtype);
  const raw: readonly (number | boolean)[] = (field ? proto[field] : undefined) ?? [];
  const width = dtype.is_complex ? 2 : 1;
  if (raw.length % width !== 0) fail(`odd number of complex parts`);
  const given = raw.length / width;
  if (given > n) fail(`${given} values for ${n} elements`);
  const out = new NDArray(dtype, shape);
  const data = out.data as NumericData;
  if (given === 0) return out;
  const conv = dtype.name === 'float16' ? halfBitsToFloat : dtype.name === 'bfloat16' ? bfloat16BitsToFloat : null;
  const value = (i: number): number => {
    const v = raw[i];
    const x = typeof v === 'boolean' ? (v ? 1 : 0) : v;
    return conv ? conv(x & 0xffff) : x;
  };
  for (let i = 0; i < n; i++) {
    const src = Math.min(i, given - 1) * width;
    for (let k = 0; k < width; k++) data[i * width + k] = value(src + k);
  }
  return out;
}

/**
 * The TensorProto TF's Python `make_tensor_proto` writes for this value: `tensor_content` for the
 * common numeric dtypes with more than one element, a typed list otherwise (always, without
 * `useTensorContent`: V1 checkpoints store their values so).
 */
export function makeTensorProto(arr: NDArray, useTensorContent = true): TensorProto {
  const dtype = arr.dtype.base_dtype;
  const proto: TensorProto = { dtype: dtype.as_datatype_enum, tensor_shape: shapeToProto(arr.shape) };
  if (dtype.storage === 'string') {
    proto.string_val = [...(arr.data as StringData)];
    return proto;
  }
  if (useTensorContent && arr.size > 1 && TENSOR_CONTENT_TYPES.has(dtype.name)) {
    proto.tensor_content = tensorToBytes(arr).slice();
    return proto;
  }
  const field = valField(dtype);
  if (!field) throw new InvalidArgumentError(null, null, `Cannot make a TensorProto of dtype ${dtype.name}`);
  const data = arr.data as NumericData;
  switch (field) {
    case 'bool_val': proto.bool_val = Array.from(data, (x) => x !== 0); break;
    case 'half_val': {
      const conv = dtype.name === 'float16' ? floatToHalfBits : floatToBfloat16Bits;
      proto.half_val = Array.from(data, (x) => conv(x));
      break;
    }
    default: proto[field] = Array.from(data);
  }
  return proto;
}
