/**
 * Reference CPU kernels for parsing and sparse-to-dense ops: ParseExample (tf.train.Example protos),
 * StringToNumber, AsString, SparseToDense, and the decoders of read records, DecodeRaw and DecodeCSV.
 */
import { DType, dataTypeString, float32, float64, int32, int64, string as stringDtype } from '../../framework/dtypes';
import * as zlib from 'zlib';
import { DataLossError, InvalidArgumentError } from '../../framework/errors';
import { NDArray, numElements } from '../../framework/ndarray';
import { TensorShape, shapeString } from '../../framework/tensor_shape';
import { Example, ExampleCodec, Feature, SequenceExample, SequenceExampleCodec, TensorProto, TensorProtoCodec, messageFromObject } from '../../proto';
import { makeNdarray, shapeToProto } from '../../framework/tensor_proto';
import { bytesToTensor, tensorToBytes } from '../../framework/tensor_bytes';
import { registerKernel } from '../registry';
import { copyElements, filledWith, stridesOf } from './indexing';

const invalid = (msg: string) => new InvalidArgumentError(null, null, msg);
const FEATURE_TYPE_NAME = new Map<DType, string>([[float32, 'float'], [int64, 'int64'], [stringDtype, 'string']]);
const typeName = (d: DType | null) => (d === null ? 'invalid' : FEATURE_TYPE_NAME.get(d) ?? d.name);

type Values = (number | Uint8Array)[];

/** The kind a feature holds (null: none, which parses as a feature that is absent). */
function featureKind(f: Feature): DType | null {
  return f.bytes_list ? stringDtype : f.float_list ? float32 : f.int64_list ? int64 : null;
}

function featureValues(f: Feature): Values {
  return (f.bytes_list?.value ?? f.float_list?.value ?? f.int64_list?.value ?? []) as Values;
}

function fill(out: NDArray, offset: number, values: readonly (number | Uint8Array)[]): void {
  if (out.dtype === stringDtype) values.forEach((v, i) => { (out.data as Uint8Array[])[offset + i] = v as Uint8Array; });
  else values.forEach((v, i) => { out.values[offset + i] = v as number; });
}

/** A partial shape as TF's PartialTensorShape::DebugString writes it: `[?,2]`. */
function partialShapeString(s: TensorShape): string {
  return s.dims === null ? '<unknown>' : `[${s.dims.map((d) => d ?? '?').join(',')}]`;
}

function decodeExample(bytes: Uint8Array): Example {
  try {
    return ExampleCodec.decode(bytes);
  } catch {
    throw invalid(`Could not parse example input, value: '${Buffer.from(bytes).toString('latin1')}'`);
  }
}

/** A dense key's configuration: a FixedLenSequenceFeature's shape starts with an unknown dimension. */
interface DenseConfig { key: string; dtype: DType; shape: TensorShape; variableLength: boolean; stride: number; rest: number[]; def: NDArray }

/** The dense configurations, their defaults checked as ParseExample's and ParseSingleExample's kernels check them. */
function denseConfigs(keys: readonly string[], types: readonly DType[], shapes: readonly TensorShape[], defaults: readonly NDArray[]): DenseConfig[] {
  return keys.map((key, d) => {
    const shape = shapes[d], def = defaults[d];
    const dims = shape.dims ?? [];
    const variableLength = dims.length > 0 && dims[0] === null;
    const rest = dims.slice(1).map((x) => x ?? -1);
    if (variableLength) {
      if (def.size !== 1) {
        throw invalid(`dense_shape[${d}] is a variable length shape: ${partialShapeString(shape)}, therefore def_value[${d}] must contain a single element (the padding element).  But its shape is: ${shapeString(def.shape)}`);
      }
    } else if (def.size > 0 && !shape.is_compatible_with(new TensorShape(def.shape))) {
      throw invalid(`def_value[${d}].shape() == ${shapeString(def.shape)} is not compatible with dense_shapes_[${d}] == ${partialShapeString(shape)}`);
    }
    const stride = numElements(variableLength ? rest : dims.map((x) => x ?? 0));
    return { key, dtype: types[d], shape, variableLength, stride, rest, def };
  });
}

/** A batch's values of a variable-length dense key as `[rows, max, ...rest]`, padded with the default. */
function paddedRows(c: DenseConfig, rows: readonly Values[]): NDArray {
  const longest = c.stride === 0 ? 0 : Math.max(0, ...rows.map((r) => r.length / c.stride));
  const out = filledWith(c.def.reshape([]), [rows.length, longest, ...c.rest]);
  const per = longest * c.stride;
  rows.forEach((r, b) => fill(out, b * per, r));
  return out;
}

/**
 * ParseExample as TF's FastParseExample parses: per sparse key indices [N, 2], values [N] and shape [2]
 * ([batch, longest]); per dense key [batch, ...shape] (a variable-length first dimension padded to the longest).
 */
registerKernel('ParseExample', 'CPU', (ctx) => {
  const serialized = ctx.input(0), names = ctx.input(1);
  const nSparse = ctx.attr('Nsparse') as number, nDense = ctx.attr('Ndense') as number;
  const sparseTypes = ctx.attr('sparse_types') as DType[], denseTypes = ctx.attr('Tdense') as DType[];
  const key = (i: number, what: string, k: number) => {
    const t = ctx.input(2 + i);
    if (t.ndim !== 0) throw invalid(`Expected ${what}[${k}] to be a scalar, got shape: ${shapeString(t.shape)}`);
    return t.strings[0];
  };
  const sparseKeys = Array.from({ length: nSparse }, (_, i) => key(i, 'sparse_keys', i));
  const denseKeys = Array.from({ length: nDense }, (_, i) => key(nSparse + i, 'dense_keys', i));
  if (names.size > 0) {
    if (names.ndim !== 1) throw invalid(`Expected names to be a vector, got shape: ${shapeString(names.shape)}`);
    if (names.size !== serialized.size) throw invalid(`Expected len(names) == len(serialized), but got: ${names.size} vs. ${serialized.size}`);
  }
  if (serialized.ndim !== 1) throw invalid(`Expected serialized to be a vector, got shape: ${shapeString(serialized.shape)}`);
  const dense = denseConfigs(denseKeys, denseTypes, ctx.attr('dense_shapes') as TensorShape[],
    Array.from({ length: nDense }, (_, i) => ctx.input(2 + nSparse + nDense + i)));
  const batch = serialized.size;
  const exampleNames = names.size ? names.strings : [];

  const fixedOut = dense.map((c) => (c.variableLength ? null : new NDArray(c.dtype, [batch, ...c.shape.toNumbers()])));
  const varRows: Values[][] = dense.map(() => []);
  const sparseRows: Values[][] = sparseKeys.map(() => []);
  (serialized.data as Uint8Array[]).forEach((bytes, b) => {
    const name = exampleNames[b] ?? '<unknown>';
    const features = decodeExample(bytes).features?.feature ?? {};
    const error = (k: string, suffix: string) => invalid(`Name: ${name}, Key: ${k}, Index: ${b}.  ${suffix}`);
    dense.forEach((c, d) => {
      const f = Object.prototype.hasOwnProperty.call(features, c.key) ? features[c.key] : undefined;
      const kind = f ? featureKind(f) : null;
      if (kind !== null && kind !== c.dtype) throw error(c.key, `Data types don't match. Data type: ${typeName(kind)} but expected type: ${typeName(c.dtype)}`);
      const values = kind === null ? null : featureValues(f!);
      if (c.variableLength) {
        const v = values ?? [];
        if (v.length % c.stride !== 0) {
          throw error(c.key, `Number of ${c.dtype === stringDtype ? 'bytes' : typeName(c.dtype)} values is not a multiple of stride length. Saw ${v.length} values but output shape is: ${partialShapeString(c.shape)}`);
        }
        varRows[d].push(v);
        return;
      }
      const out = fixedOut[d]!;
      if (values === null) {
        if (c.def.size === 0) throw invalid(`Name: ${name}, Feature: ${c.key} (data type: ${typeName(c.dtype)}) is required but could not be found.`);
        copyElements(out, b * c.stride, c.def, 0, c.stride);
        return;
      }
      if (values.length !== c.stride) {
        throw error(c.key, `Number of ${c.dtype === stringDtype ? 'bytes' : typeName(c.dtype)} values != expected.  Values size: ${values.length} but output shape: ${partialShapeString(c.shape)}`);
      }
      fill(out, b * c.stride, values);
    });
    sparseKeys.forEach((k, i) => {
      const f = Object.prototype.hasOwnProperty.call(features, k) ? features[k] : undefined;
      const kind = f ? featureKind(f) : null;
      if (kind !== null && kind !== sparseTypes[i]) throw error(k, `Data types don't match. Expected type: ${typeName(sparseTypes[i])}, Actual type: ${typeName(kind)}`);
      sparseRows[i].push(kind === null ? [] : featureValues(f!));
    });
  });

  const indices: NDArray[] = [], values: NDArray[] = [], shapes: NDArray[] = [];
  sparseRows.forEach((rows, i) => {
    const total = rows.reduce((n, r) => n + r.length, 0);
    const idx = new NDArray(int64, [total, 2]), val = new NDArray(sparseTypes[i], [total]);
    let at = 0;
    rows.forEach((r, b) => {
      r.forEach((_, j) => { idx.values[2 * (at + j)] = b; idx.values[2 * (at + j) + 1] = j; });
      fill(val, at, r);
      at += r.length;
    });
    indices.push(idx);
    values.push(val);
    shapes.push(NDArray.from([batch, Math.max(0, ...rows.map((r) => r.length))], int64));
  });
  const denseOut = dense.map((c, d) => fixedOut[d] ?? paddedRows(c, varRows[d]));
  return [...indices, ...values, ...shapes, ...denseOut];
});

/**
 * ParseSingleExample as TF's FastParseSingleExample parses one scalar Example: per sparse key indices [N, 1],
 * values [N] and shape [N]; per dense key its shape (a variable-length first dimension as long as the feature).
 */
registerKernel('ParseSingleExample', 'CPU', (ctx) => {
  const serialized = ctx.input(0);
  const sparseKeys = ctx.attr('sparse_keys') as string[], denseKeys = ctx.attr('dense_keys') as string[];
  const sparseTypes = ctx.attr('sparse_types') as DType[], denseTypes = ctx.attr('Tdense') as DType[];
  if (serialized.ndim !== 0) throw invalid(`Expected serialized to be a scalar, got shape: ${shapeString(serialized.shape)}`);
  const dense = denseConfigs(denseKeys, denseTypes, ctx.attr('dense_shapes') as TensorShape[], denseKeys.map((_, i) => ctx.input(1 + i)));
  const features = decodeExample((serialized.data as Uint8Array[])[0]).features?.feature ?? {};
  const error = (k: string, suffix: string) => invalid(`Key: ${k}.  ${suffix}`);
  const parseError = (k: string) => error(k, "Can't parse serialized Example.");
  const present = (k: string) => (Object.prototype.hasOwnProperty.call(features, k) ? features[k] : undefined);

  const denseOut = dense.map((c) => {
    const f = present(c.key);
    const kind = f ? featureKind(f) : null;
    if (kind === null) {
      if (c.variableLength) return new NDArray(c.dtype, [0, ...c.rest]);
      if (c.def.size === 0) throw invalid(`Feature: ${c.key} (data type: ${typeName(c.dtype)}) is required but could not be found.`);
      return c.def.reshape(c.shape.toNumbers());
    }
    if (kind !== c.dtype) throw error(c.key, `Data types don't match. Data type: ${typeName(kind)} but expected type: ${typeName(c.dtype)}`);
    const v = featureValues(f!);
    if (c.variableLength ? v.length % c.stride !== 0 : v.length !== c.stride) throw parseError(c.key);
    const out = new NDArray(c.dtype, c.variableLength ? [v.length / c.stride, ...c.rest] : c.shape.toNumbers());
    fill(out, 0, v);
    return out;
  });
  const rows = sparseKeys.map((k, i) => {
    const f = present(k);
    const kind = f ? featureKind(f) : null;
    if (kind !== null && kind !== sparseTypes[i]) throw error(k, `Data types don't match. Expected type: ${typeName(sparseTypes[i])}, Actual type: ${typeName(kind)}`);
    return kind === null ? [] : featureValues(f!);
  });
  const indices = rows.map((r) => NDArray.from(r.map((_, j) => [j]), int64).reshape([r.length, 1]));
  const values = rows.map((r, i) => {
    const out = new NDArray(sparseTypes[i], [r.length]);
    fill(out, 0, r);
    return out;
  });
  const shapes = rows.map((r) => NDArray.from([r.length], int64));
  return [...indices, ...values, ...shapes, ...denseOut];
});

/** TF's safe_strto32/64 and strtof: surrounding whitespace allowed, nothing else. */
function parseNumber(s: string, dtype: DType): number | null {
  const t = s.trim();
  if (dtype.is_integer) {
    if (!/^[-+]?\d+$/.test(t)) return null;
    const v = Number(t);
    const [lo, hi] = dtype === int32 ? [-(2 ** 31), 2 ** 31 - 1] : [-(2 ** 63), 2 ** 63 - 1];
    return v < lo || v > hi ? null : v;
  }
  if (/^[-+]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^[-+]?nan$/i.test(t)) return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return null;
  return Number(t);
}

registerKernel('StringToNumber', 'CPU', (ctx) => {
  const x = ctx.input(0), dtype = ctx.attr('out_type') as DType;
  if (![float32, float64, int32, int64].includes(dtype)) throw invalid(`StringToNumber: out_type ${dtype.name} is not one of float, double, int32, int64`);
  const out = new NDArray(dtype, x.shape);
  x.strings.forEach((s, i) => {
    const v = parseNumber(s, dtype);
    if (v === null) throw invalid(`StringToNumberOp could not correctly convert string: ${s}`);
    out.values[i] = v;
  });
  return [out];
});

registerKernel('SparseToDense', 'CPU', (ctx) => {
  const indices = ctx.input(0), shapeT = ctx.input(1), values = ctx.input(2), def = ctx.input(3);
  if (indices.ndim > 2) throw invalid(`sparse_indices should be a scalar, vector, or matrix, got shape ${shapeString(indices.shape)}`);
  if (shapeT.ndim > 1) throw invalid(`output_shape should be a scalar or vector, got shape ${shapeString(shapeT.shape)}`);
  const shape = Array.from(shapeT.values as ArrayLike<number>, Number);
  const n = indices.ndim > 0 ? indices.shape[0] : 1;
  const rank = indices.ndim > 1 ? indices.shape[1] : 1;
  if (rank !== shape.length) throw invalid(`sparse_indices[0].dims() should equal output_shape.dims() but got ${rank} vs. ${shape.length}`);
  if (values.ndim > 1 || (values.ndim === 1 && values.size !== n)) {
    throw invalid(`sparse_values has incorrect shape ${shapeString(values.shape)}, should be [] or [${n}]`);
  }
  if (def.size !== 1) throw invalid(`default_value should be a scalar, got shape ${shapeString(def.shape)}`);
  const out = filledWith(def.reshape([]), shape);
  const strides = stridesOf(shape);
  const idx = indices.values;
  const validate = ctx.attr('validate_indices') === true;
  const coord = (i: number) => Array.from({ length: rank }, (_, d) => Number(idx[i * rank + d]));
  let prev: number[] | null = null;
  for (let i = 0; i < n; i++) {
    const c = coord(i);
    const outOfBounds = c.some((v, d) => v < 0 || v >= shape[d]);
    if (outOfBounds) throw invalid(`indices[${i}] = [${c.join(',')}] is out of bounds: need 0 <= index < [${shape.join(',')}]`);
    if (validate && prev) {
      const order = c.findIndex((v, d) => v !== prev![d]);
      if (order < 0) throw invalid(`indices[${i}] = [${c.join(',')}] is repeated`);
      if (c[order] < prev[order]) throw invalid(`indices[${i}] = [${c.join(',')}] is out of order. Many sparse ops require sorted indices.\n    Use \`tf.sparse.reorder\` to create a correctly ordered copy.\n\n`);
    }
    prev = c;
    copyElements(out, c.reduce((a, v, d) => a + v * strides[d], 0), values, values.ndim === 0 ? 0 : i, 1);
  }
  return [out];
});

/** TF's AsString: printf-style formatting of each element (`%d`, `%.Nf`, `%.Ne`, `%g`), padded to `width`. */
registerKernel('AsString', 'CPU', (ctx) => {
  const x = ctx.input(0);
  const attr = (name: string, dflt: number | boolean | string) => (ctx.op.attrs.has(name) ? ctx.attr(name) : dflt);
  const precision = attr('precision', -1) as number, scientific = attr('scientific', false) as boolean;
  const shortest = attr('shortest', false) as boolean, width = attr('width', -1) as number, fillChar = String(attr('fill', ''));
  const isFloat = x.dtype.is_floating;
  if ((scientific || shortest || precision > -1) && !isFloat) throw invalid(`Cannot select precision, scientific or shortest for a non-float tensor of ${x.dtype.name}`);
  const format = (v: number | boolean): string => {
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (x.dtype.is_bool) return v ? 'true' : 'false';
    if (!isFloat) return String(Math.trunc(v));
    if (Number.isNaN(v)) return 'nan';
    if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
    if (shortest) return precision > -1 ? String(Number(v.toPrecision(Math.max(precision, 1)))) : String(Number(v.toPrecision(6)));
    if (scientific) return v.toExponential(precision > -1 ? precision : 6).replace(/e([+-])(\d)$/, 'e$10$2');
    return v.toFixed(precision > -1 ? precision : 6);
  };
  const pad = (s: string) => (width > s.length ? (fillChar === '0' && /^-/.test(s) ? '-' + s.slice(1).padStart(width - 1, '0') : s.padStart(width, fillChar || ' ')) : s);
  const values = Array.from(x.values as ArrayLike<number>, (v) => pad(format(v)));
  return [NDArray.fromStrings(values, x.shape)];
});

/** DecodeRaw: each string's bytes as a row of `out_type` values (the strings must all be the same size). */
registerKernel('DecodeRaw', 'CPU', (ctx) => {
  const input = ctx.input(0), dtype = ctx.attr('out_type') as DType;
  const strings = input.data as Uint8Array[];
  let size = -1;
  strings.forEach((s, i) => {
    if (size === -1) size = s.length;
    else if (s.length !== size) throw invalid(`DecodeRaw requires input strings to all be the same size, but element ${i} has size ${size} != ${s.length}`);
  });
  if (size <= 0) return [new NDArray(dtype, [...input.shape, 0])];
  if (size % dtype.size !== 0) throw invalid(`Input to DecodeRaw has length ${size} that is not a multiple of ${dtype.size}, the size of ${dataTypeString(dtype)}`);
  const all = new Uint8Array(size * strings.length);
  strings.forEach((s, i) => all.set(s, i * size));
  return [bytesToTensor(dtype, [...input.shape, size / dtype.size], all, ctx.attr('little_endian') === false)];
});

/**
 * Splits one CSV record into its fields (TF's DecodeCSVOp::ExtractFields): `"` quotes a field (`""` inside is
 * a quote) when use_quote_delim, newlines between fields are skipped, a trailing delimiter ends with an empty
 * field; only the `select` columns are kept when given.
 */
function csvFields(input: Uint8Array, delim: number, quotes: boolean, select: readonly number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  if (input.length === 0) return out;
  const QUOTE = 0x22;
  let i = 0, parsed = 0, selector = 0;
  const wanted = () => select.length === 0 || select[selector] === parsed;
  while (i < input.length) {
    if (input[i] === 0x0a || input[i] === 0x0d) { i++; continue; }
    const include = wanted();
    const field: number[] = [];
    if (quotes && input[i] === QUOTE) {
      i++;
      while (i < input.length - 1 && (input[i] !== QUOTE || input[i + 1] !== delim)) {
        if (input[i] !== QUOTE) { if (include) field.push(input[i]); i++; continue; }
        if (input[i + 1] !== QUOTE) throw invalid('Quote inside a string has to be escaped by another quote');
        if (include) field.push(QUOTE);
        i += 2;
      }
      if (!(i < input.length && input[i] === QUOTE && (i === input.length - 1 || input[i + 1] === delim))) {
        throw invalid('Quoted field has to end with quote followed by delim or end');
      }
      i += 2;
    } else {
      while (i < input.length && input[i] !== delim) {
        if ((quotes && input[i] === QUOTE) || input[i] === 0x0a || input[i] === 0x0d) throw invalid('Unquoted fields cannot have quotes/CRLFs inside');
        if (include) field.push(input[i]);
        i++;
      }
      i++;
    }
    parsed++;
    if (include) {
      out.push(Uint8Array.from(field));
      selector++;
      if (select.length > 0 && selector === select.length) return out;
    }
  }
  if (wanted() && input[input.length - 1] === delim) out.push(new Uint8Array(0));
  return out;
}

const CSV_TYPE_NAME = new Map<DType, string>([[int32, 'int32'], [int64, 'int64'], [float32, 'float'], [float64, 'double']]);

registerKernel('DecodeCSV', 'CPU', (ctx) => {
  const records = ctx.input(0);
  const types = ctx.attr('OUT_TYPE') as DType[];
  const select = (ctx.attr('select_cols') as number[] | undefined) ?? [];
  if (select.length > 0 && select.length !== types.length) throw invalid('select_cols should match output size');
  for (let i = 1; i < select.length; i++) if (select[i - 1] >= select[i]) throw invalid('select_cols should be strictly increasing indices');
  if (select.length > 0 && select[0] < 0) throw invalid('select_cols should be non-negative indices');
  const delimText = new TextEncoder().encode(String(ctx.attr('field_delim') ?? ','));
  if (delimText.length !== 1) throw invalid('field_delim should be only 1 char');
  const quotes = ctx.attr('use_quote_delim') !== false;
  const na = String(ctx.attr('na_value') ?? '');
  const defaults = types.map((_, f) => ctx.input(1 + f));
  defaults.forEach((d, f) => { if (d.size >= 2) throw invalid(`There should only be 1 default per field but field ${f} has ${d.size}`); });
  const outs = types.map((t) => new NDArray(t, records.shape));
  const decoder = new TextDecoder();
  (records.data as Uint8Array[]).forEach((record, i) => {
    const fields = csvFields(record, delimText[0], quotes, select);
    if (fields.length !== types.length) throw invalid(`Expect ${types.length} fields but have ${fields.length} in record ${i}`);
    fields.forEach((field, f) => {
      const text = decoder.decode(field);
      if (field.length === 0 || text === na) {
        if (defaults[f].size !== 1) throw invalid(`Field ${f} is required but missing in record ${i}!`);
        if (types[f] === stringDtype) (outs[f].data as Uint8Array[])[i] = (defaults[f].data as Uint8Array[])[0];
        else outs[f].values[i] = defaults[f].values[0];
        return;
      }
      if (types[f] === stringDtype) { (outs[f].data as Uint8Array[])[i] = field; return; }
      const name = CSV_TYPE_NAME.get(types[f]);
      if (name === undefined) throw invalid(`csv: data type ${types[f].as_datatype_enum} not supported in field ${f}`);
      const v = parseNumber(text, types[f]);
      if (v === null) throw invalid(`Field ${f} in record ${i} is not a valid ${name}: ${text}`);
      outs[f].values[i] = v;
    });
  });
  return outs;
});

/** SerializeTensor: the TensorProto TF's Tensor::AsProtoTensorContent writes (bytes as tensor_content, strings as string_val). */
registerKernel('SerializeTensor', 'CPU', (ctx) => {
  const x = ctx.input(0);
  const proto: TensorProto = { dtype: x.dtype.as_datatype_enum, tensor_shape: shapeToProto(x.shape) };
  if (x.dtype === stringDtype) proto.string_val = [...(x.data as Uint8Array[])];
  else proto.tensor_content = tensorToBytes(x).slice();
  return [NDArray.fromStrings([TensorProtoCodec.encode(proto)], [])];
});

registerKernel('ParseTensor', 'CPU', (ctx) => {
  const s = ctx.input(0), outType = ctx.attr('out_type') as DType;
  if (s.ndim !== 0) throw invalid(`Expected \`serialized\` to be a scalar, got shape: ${shapeString(s.shape)}`);
  const bytes = (s.data as Uint8Array[])[0];
  let proto: TensorProto;
  try {
    proto = TensorProtoCodec.decode(bytes);
  } catch {
    throw invalid(`Could not parse \`serialized\` as TensorProto: '${Buffer.from(bytes).toString('latin1')}'`);
  }
  const out = makeNdarray(proto);
  if (out.dtype !== outType) throw invalid(`Type mismatch between parsed tensor (${dataTypeString(out.dtype)}) and dtype (${dataTypeString(outType)})`);
  return [out];
});

/** A Feature as TF's ProtoDebugString prints it in the sequence parser's errors. */
function featureDebugString(f: Feature): string {
  const kind = f.bytes_list ? 'bytes_list' : f.float_list ? 'float_list' : f.int64_list ? 'int64_list' : null;
  if (kind === null) return '';
  const value = (v: number | Uint8Array) => (v instanceof Uint8Array ? `"${Buffer.from(v).toString('latin1')}"` : String(v));
  return `${kind} {\n${featureValues(f).map((v) => `  value: ${value(v)}\n`).join('')}}\n`;
}

function sequenceExample(bytes: Uint8Array): SequenceExample {
  try {
    return SequenceExampleCodec.decode(bytes);
  } catch {
    throw invalid(`Could not parse example input, value: '${Buffer.from(bytes).toString('latin1')}'`);
  }
}

/**
 * ParseSingleSequenceExample as TF's kernel parses one SequenceExample (with example_proto_helper's checks and
 * texts): the context's features, then each feature list, dense lists `[steps, ...shape]`, sparse lists with
 * indices [step, index] and shape [steps, longest].
 */
registerKernel('ParseSingleSequenceExample', 'CPU', (ctx) => {
  const ncs = ctx.attr('Ncontext_sparse') as number, ncd = ctx.attr('Ncontext_dense') as number;
  const nfs = ctx.attr('Nfeature_list_sparse') as number, nfd = ctx.attr('Nfeature_list_dense') as number;
  const csTypes = ctx.attr('context_sparse_types') as DType[], cdTypes = ctx.attr('Tcontext_dense') as DType[];
  const fsTypes = ctx.attr('feature_list_sparse_types') as DType[], fdTypes = ctx.attr('feature_list_dense_types') as DType[];
  const cdShapes = ctx.attr('context_dense_shapes') as TensorShape[], fdShapes = ctx.attr('feature_list_dense_shapes') as TensorShape[];
  const serialized = ctx.input(0);
  let at = 2;
  const keys = (n: number) => Array.from({ length: n }, () => ctx.input(at++).strings[0]);
  const [csKeys, cdKeys, fsKeys, fdKeys] = [keys(ncs), keys(ncd), keys(nfs), keys(nfd)];
  const defaults = Array.from({ length: ncd }, () => ctx.input(at++));
  const debugName = ctx.input(at);
  if (serialized.ndim !== 0) throw invalid(`Expected serialized to be a scalar, got shape: ${shapeString(serialized.shape)}`);
  const assumedEmpty = new Set(ctx.input(1).strings);
  const ex = sequenceExample((serialized.data as Uint8Array[])[0]);
  const name = debugName.size > 0 && debugName.strings[0] !== '' ? debugName.strings[0] : '<unknown>';
  const contextMap = ex.context?.feature ?? {}, lists = ex.feature_lists?.feature_list ?? {};
  const own = <T>(m: Record<string, T>, k: string): T | undefined => (Object.prototype.hasOwnProperty.call(m, k) ? m[k] : undefined);
  const noun = (d: DType) => (d === stringDtype ? 'bytes' : typeName(d));
  const mismatch = (where: string, d: DType, f: Feature) => invalid(`Name: ${name}, ${where}.  Data types don't match. Expected type: ${dataTypeString(d)}  Feature is: ${featureDebugString(f)}`);
  const denseCopy = (out: NDArray, index: number, key: string, d: DType, shape: TensorShape, f: Feature) => {
    const v = featureValues(f), n = numElements(shape.toNumbers());
    if (v.length !== n) throw invalid(`Name: ${name}, Key: ${key}, Index: ${index}.  Number of ${noun(d)} values != expected.  values size: ${v.length} but output shape: ${partialShapeString(shape)}`);
    fill(out, index * n, v);
  };

  const contextDense = cdKeys.map((key, d) => {
    const f = own(contextMap, key), shape = cdShapes[d];
    if (!f && defaults[d].size === 0) throw invalid(`Name: ${name}, Context feature '${key}' is required but could not be found.`);
    if (!f) return defaults[d].reshape(shape.toNumbers());
    if (featureKind(f) !== cdTypes[d]) throw mismatch(`Context feature: ${key}`, cdTypes[d], f);
    const out = new NDArray(cdTypes[d], shape.toNumbers());
    denseCopy(out, 0, key, cdTypes[d], shape, f);
    return out;
  });
  const contextSparse = csKeys.map((key, d) => {
    const f = own(contextMap, key);
    if (f && featureKind(f) !== csTypes[d]) throw mismatch(`Context feature: ${key}`, csTypes[d], f);
    const v = f ? featureValues(f) : [];
    const values = new NDArray(csTypes[d], [v.length]);
    fill(values, 0, v);
    return [NDArray.from(v.map((_, j) => [j]), int64).reshape([v.length, 1]), values, NDArray.from([v.length], int64)];
  });
  const listDense = fdKeys.map((key, d) => {
    const fl = own(lists, key);
    if (!fl && !assumedEmpty.has(key)) {
      throw invalid(`Name: ${name}, Feature list '${key}' is required but could not be found.  Did you mean to include it in feature_list_dense_missing_assumed_empty or feature_list_dense_defaults?`);
    }
    const steps = fl?.feature ?? [], shape = fdShapes[d];
    const out = new NDArray(fdTypes[d], [steps.length, ...shape.toNumbers()]);
    steps.forEach((f, t) => {
      if (featureKind(f) !== fdTypes[d]) throw mismatch(`Feature list: ${key}, Index: ${t}`, fdTypes[d], f);
      denseCopy(out, t, key, fdTypes[d], shape, f);
    });
    return out;
  });
  const listSparse = fsKeys.map((key, d) => {
    const steps = own(lists, key)?.feature ?? [];
    const rows = steps.map((f, t) => {
      if (featureKind(f) !== fsTypes[d]) throw mismatch(`Feature List: ${key}, Index: ${t}`, fsTypes[d], f);
      return featureValues(f);
    });
    const total = rows.reduce((n, r) => n + r.length, 0);
    const idx = new NDArray(int64, [total, 2]), values = new NDArray(fsTypes[d], [total]);
    let k = 0;
    rows.forEach((r, t) => {
      r.forEach((_, j) => { idx.values[2 * (k + j)] = t; idx.values[2 * (k + j) + 1] = j; });
      fill(values, k, r);
      k += r.length;
    });
    return [idx, values, NDArray.from([steps.length, Math.max(0, ...rows.map((r) => r.length))], int64)];
  });
  const part = (list: NDArray[][], i: number) => list.map((x) => x[i]);
  return [
    ...part(contextSparse, 0), ...part(contextSparse, 1), ...part(contextSparse, 2), ...contextDense,
    ...part(listSparse, 0), ...part(listSparse, 1), ...part(listSparse, 2), ...listDense,
  ];
});

/** A sparse part as the TensorProto SerializeSparse writes for it. */
function partProto(p: NDArray): Uint8Array {
  return TensorProtoCodec.encode(p.dtype === stringDtype
    ? { dtype: p.dtype.as_datatype_enum, tensor_shape: shapeToProto(p.shape), string_val: [...(p.data as Uint8Array[])] }
    : { dtype: p.dtype.as_datatype_enum, tensor_shape: shapeToProto(p.shape), tensor_content: tensorToBytes(p).slice() });
}

function checkSparseParts(ix: NDArray, val: NDArray, shape: NDArray): void {
  if (ix.ndim !== 2) throw invalid(`Input indices should be a matrix but received shape ${shapeString(ix.shape)}`);
  if (val.ndim !== 1) throw invalid(`Input values should be a vector but received shape ${shapeString(val.shape)}`);
  if (shape.ndim !== 1) throw invalid(`Input shape should be a vector but received shape ${shapeString(shape.shape)}`);
}

/** SerializeSparse: the three parts' TensorProtos, as strings or held in a variant vector. */
registerKernel('SerializeSparse', 'CPU', (ctx) => {
  const parts = [ctx.input(0), ctx.input(1), ctx.input(2)];
  checkSparseParts(parts[0], parts[1], parts[2]);
  return [new NDArray(ctx.attr('out_type') as DType, [3], parts.map(partProto))];
});

/** SerializeManySparse: one serialized SparseTensor (of one less dimension) per entry of the first dimension. */
registerKernel('SerializeManySparse', 'CPU', (ctx) => {
  const ix = ctx.input(0), val = ctx.input(1), shapeT = ctx.input(2);
  checkSparseParts(ix, val, shapeT);
  const shape = Array.from(shapeT.values as ArrayLike<number>, Number), rank = shape.length;
  if (rank < 2) throw invalid(`Rank of input SparseTensor should be > 1, but saw rank: ${rank}`);
  const rows: number[][] = Array.from({ length: shape[0] }, () => []);
  for (let k = 0; k < val.size; k++) {
    const b = Number(ix.values[k * rank]);
    if (b < 0 || b >= shape[0]) throw invalid(`indices[${k}] = ${b} is out of bounds: need 0 <= index < ${shape[0]}`);
    rows[b].push(k);
  }
  const bytes = rows.flatMap((ks) => {
    const sub = new NDArray(int64, [ks.length, rank - 1]), vals = new NDArray(val.dtype, [ks.length]);
    ks.forEach((k, j) => {
      for (let d = 1; d < rank; d++) sub.values[j * (rank - 1) + d - 1] = ix.values[k * rank + d];
      copyElements(vals, j, val, k, 1);
    });
    return [sub, vals, NDArray.from(shape.slice(1), int64)].map(partProto);
  });
  return [new NDArray(ctx.attr('out_type') as DType, [shape[0], 3], bytes)];
});

/**
 * DeserializeSparse (and DeserializeManySparse, of a [N, 3] matrix): serialized SparseTensors `[..., 3]` into one,
 * the leading dimensions first in its indices and its dense shape (each inner dimension the largest of the batch's).
 */
function deserializeSparse(s: NDArray, dtype: DType): NDArray[] {
  if (s.ndim < 1 || s.shape[s.ndim - 1] !== 3) throw invalid(`Serialized sparse should have 3 as the last dimension ${shapeString(s.shape)}`);
  const lead = s.shape.slice(0, -1), n = numElements(lead);
  const parse = (b: Uint8Array, what: string) => {
    try {
      return makeNdarray(TensorProtoCodec.decode(b));
    } catch {
      throw invalid(`Could not parse serialized ${what}`);
    }
  };
  const items = Array.from({ length: n }, (_, i) => {
    const [ix, val, sh] = [0, 1, 2].map((k) => parse((s.data as Uint8Array[])[3 * i + k], ['indices', 'values', 'shape'][k]));
    if (val.dtype !== dtype) throw invalid(`Requested SparseTensor of type ${dataTypeString(dtype)} but SparseTensor[${i}].values.dtype() == ${dataTypeString(val.dtype)}`);
    return { ix, val, shape: Array.from(sh.values as ArrayLike<number>, Number) };
  });
  if (lead.length === 0) return [items[0].ix, items[0].val, NDArray.from(items[0].shape, int64)];
  const rank = items.length ? items[0].shape.length : 0;
  items.forEach((it, i) => {
    if (it.shape.length !== rank) throw invalid(`Inconsistent shape across SparseTensors: rank prior to SparseTensor[${i}] was: ${rank} but rank of SparseTensor[${i}] is: ${it.shape.length}`);
  });
  const total = items.reduce((a, it) => a + it.val.size, 0), outRank = lead.length + rank;
  const idx = new NDArray(int64, [total, outRank]), values = new NDArray(dtype, [total]);
  let at = 0;
  items.forEach((it, i) => {
    const coords = lead.map((_, d) => Math.floor(i / numElements(lead.slice(d + 1))) % lead[d]);
    for (let j = 0; j < it.val.size; j++) {
      coords.forEach((c, d) => { idx.values[(at + j) * outRank + d] = c; });
      for (let d = 0; d < rank; d++) idx.values[(at + j) * outRank + lead.length + d] = it.ix.values[j * rank + d];
    }
    copyElements(values, at, it.val, 0, it.val.size);
    at += it.val.size;
  });
  const dense = [...lead, ...Array.from({ length: rank }, (_, d) => Math.max(0, ...items.map((it) => it.shape[d])))];
  return [idx, values, NDArray.from(dense, int64)];
}

registerKernel('DeserializeSparse', 'CPU', (ctx) => deserializeSparse(ctx.input(0), ctx.attr('dtype') as DType));
registerKernel('DeserializeManySparse', 'CPU', (ctx) => {
  const s = ctx.input(0);
  if (s.ndim !== 2) throw invalid(`Serialized sparse should be a matrix but received shape ${shapeString(s.shape)}`);
  if (s.shape[1] !== 3) throw invalid(`Serialized sparse should have 3 columns but received shape ${shapeString(s.shape)}`);
  return deserializeSparse(s, ctx.attr('dtype') as DType);
});

/** protobuf's JSON names of a Feature's lists, as the JSON parser accepts them besides the .proto names. */
const JSON_FEATURE_NAMES: Readonly<Record<string, string>> = { bytesList: 'bytes_list', floatList: 'float_list', int64List: 'int64_list' };

/** An Example in protobuf's JSON mapping, with the .proto field names the codec takes. */
function exampleFromJson(json: unknown): Example {
  const obj = (v: unknown, what: string): Record<string, unknown> => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${what} must be an object`);
    return v as Record<string, unknown>;
  };
  const top = obj(json, 'Example');
  for (const k of Object.keys(top)) if (k !== 'features') throw new Error(`Message type "tensorflow.Example" has no field named "${k}".`);
  if (top.features === undefined) return {};
  const features = obj(top.features, 'features');
  const feature = obj(features.feature ?? {}, 'feature');
  return {
    features: {
      feature: Object.fromEntries(Object.entries(feature).map(([key, f]) => [key, Object.fromEntries(Object.entries(obj(f, key)).map(([k, list]) => {
        const name = JSON_FEATURE_NAMES[k] ?? k;
        if (!['bytes_list', 'float_list', 'int64_list'].includes(name)) throw new Error(`Message type "tensorflow.Feature" has no field named "${k}".`);
        return [name, list];
      }))])),
    },
  };
}

registerKernel('DecodeJSONExample', 'CPU', (ctx) => {
  const x = ctx.input(0);
  const out = x.strings.map((text) => {
    try {
      return ExampleCodec.encode(messageFromObject<Example>('tensorflow.Example', exampleFromJson(JSON.parse(text))));
    } catch (e) {
      throw invalid(`Error while parsing JSON: ${(e as Error).message}`);
    }
  });
  return [NDArray.fromStrings(out, x.shape)];
});

registerKernel('DecodeCompressed', 'CPU', (ctx) => {
  const x = ctx.input(0), type = String(ctx.attr('compression_type') ?? '');
  if (type !== '' && type !== 'ZLIB' && type !== 'GZIP') throw invalid('Only ZLIB, GZIP or NONE are supported compressions');
  if (type === '') return [x];
  const out = (x.data as Uint8Array[]).map((b) => {
    try {
      return new Uint8Array(type === 'GZIP' ? zlib.gunzipSync(b) : zlib.inflateSync(b));
    } catch (e) {
      throw new DataLossError(null, null, `inflate() failed: ${(e as Error).message}`);
    }
  });
  return [new NDArray(stringDtype, x.shape, out)];
});
