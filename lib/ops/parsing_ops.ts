/**
 * Parsing ops: `ParseExample` (serialized tf.train.Examples to tensors, as serving graphs take their
 * input), `StringToNumber`, `AsString`, and their builders `tf.parse_example`, `tf.FixedLenFeature`,
 * `tf.string_to_number`, `tf.as_string`; `DecodeRaw` and `DecodeCSV` (`tf.decode_raw`, `tf.decode_csv`), which decode
 * what the readers read.
 */
import { DType, as_dtype, bool, complex64, complex128, float16, float32, float64, int8, int16, int32, int64, string as stringDtype, uint8, uint16 } from '../framework/dtypes';
import { AttrValue, Operation, Tensor, registerOp } from '../framework/graph';
import { TFTypeError, ValueError } from '../framework/errors';
import { NDArray } from '../framework/ndarray';
import { ShapeLike, TensorShape, as_shape } from '../framework/tensor_shape';
import { attrOf, dtypeFromAttr, shapeOfInput } from './schema_util';
import { DTypeLike, TensorLike, convert_to_tensor, makeOp, opScope } from './op_builder';
import { registerNotDifferentiable } from './gradient_util';
import { shapeError } from './shape_fns';
import { pythonClass, pythonFunction } from '../framework/python_signature';

function typeList(attrs: ReadonlyMap<string, AttrValue>, name: string): DType[] {
  const v = attrs.get(name);
  return v && 'list' in v ? [...(v.list.type ?? [])] : [];
}

/**
 * ParseExample(serialized [B], names [B], sparse_keys × Nsparse, dense_keys × Ndense, dense_defaults × Ndense):
 * per sparse key its indices [N, 2], values [N] and shape [2]; per dense key its values [B, ...dense_shape].
 */
registerOp({
  type: 'ParseExample',
  outputDtypes: (_inputs, attrs) => {
    const sparse = typeList(attrs, 'sparse_types');
    return [...sparse.map(() => int64), ...sparse, ...sparse.map(() => int64), ...typeList(attrs, 'Tdense')];
  },
  inferShapes: (op: Operation): ShapeLike[] => {
    const sparse = typeList(op.attrs, 'sparse_types').length;
    const shapes = attrOf(op, 'dense_shapes');
    const dense = 'list' in shapes ? shapes.list.shape ?? [] : [];
    const batch = op.inputs[0].shape.dims?.[0] ?? null;
    return [
      ...Array.from({ length: sparse }, () => [null, 2]), ...Array.from({ length: sparse }, () => [null]), ...Array.from({ length: sparse }, () => [2]),
      ...dense.map((s) => (s.dims === null ? null : [batch, ...s.dims])),
    ];
  },
});
registerNotDifferentiable('ParseExample');

registerOp({ type: 'StringToNumber', outputDtypes: dtypeFromAttr('out_type'), inferShapes: shapeOfInput(0), attrDefaults: { out_type: { type: float32 } } });
registerNotDifferentiable('StringToNumber');
registerOp({ type: 'AsString', outputDtypes: () => [stringDtype], inferShapes: shapeOfInput(0) });
registerNotDifferentiable('AsString');

/** A feature of fixed shape (TF's `FixedLenFeature`, declared below): required unless `default_value` is given. */
export class FixedLenFeatureImpl {
  readonly shape: TensorShape;
  readonly dtype: DType;
  constructor(shape: ShapeLike, dtype: DTypeLike, readonly default_value: number | string | readonly (number | string)[] | null = null) {
    this.shape = as_shape(shape);
    if (!this.shape.is_fully_defined()) throw new ValueError(`FixedLenFeature needs a fully defined shape, got ${this.shape}`);
    this.dtype = as_dtype(dtype);
    if (![float32, int64, stringDtype].includes(this.dtype)) throw new ValueError(`Unsupported dtype ${this.dtype.name} for a tf.train.Example feature: use float32, int64 or string`);
  }
}
export const FixedLenFeature = pythonClass('FixedLenFeature', ['shape', 'dtype', 'default_value=None'], 3, FixedLenFeatureImpl);
export type FixedLenFeature = FixedLenFeatureImpl;

/**
 * Parses a vector of serialized tf.train.Examples into one dense tensor per feature (TF's `parse_example`
 * with FixedLenFeatures), shaped `[batch, ...feature.shape]`.
 * @example const {x} = tf.parse_example(serialized, {x: new tf.FixedLenFeature([1], tf.float32)});
 */
export const parse_example = pythonFunction('parse_example', ['serialized', 'features: dict', 'name=None', 'example_names=None'], 2, function parse_example(serialized: TensorLike, features: Record<string, FixedLenFeature>, options: { name?: string; example_names?: TensorLike } = {}): Record<string, Tensor> {
  const keys = Object.keys(features).sort();
  if (keys.length === 0) throw new ValueError('Missing: features was empty.');
  for (const k of keys) {
    if (!(features[k] instanceof FixedLenFeatureImpl)) throw new ValueError(`Unsupported feature ${k}: only FixedLenFeature is supported (scopeflow has no SparseTensor for VarLenFeature)`);
  }
  return opScope(options.name, 'ParseExample', [serialized], (scope) => {
    const s = convert_to_tensor(serialized, { name: 'serialized', dtype: stringDtype });
    const names = convert_to_tensor(options.example_names ?? NDArray.fromStrings([], [0]), { name: 'names', dtype: stringDtype });
    const denseKeys = keys.map((k, i) => convert_to_tensor(k, { name: `key_${k.replace(/[^A-Za-z0-9_.\-/]/g, '_') || i}`, dtype: stringDtype }));
    const defaults = keys.map((k) => {
      const f = features[k];
      if (f.default_value === null) return convert_to_tensor(new NDArray(f.dtype, [0]), { name: `padding_${k}` });
      const d = NDArray.from(f.default_value, f.dtype);
      return convert_to_tensor(d.size === 1 ? d.reshape([]) : d.reshape(f.shape.toNumbers()), { name: `key_${k}_default` });
    });
    const op = makeOp('ParseExample', [s, names, ...denseKeys, ...defaults], {
      Nsparse: { i: 0 }, Ndense: { i: keys.length }, sparse_types: { list: {} },
      Tdense: { list: { type: keys.map((k) => features[k].dtype) } }, dense_shapes: { list: { shape: keys.map((k) => features[k].shape) } },
    }, scope);
    return Object.fromEntries(keys.map((k, i) => [k, op.outputs[i]]));
  });
});

/**
 * Converts each string to a number of `out_type` (float32 default); a string that is not one fails the run.
 * @example tf.string_to_number(['1.5', '-2'])  // [1.5, -2]
 */
export const string_to_number = pythonFunction('string_to_number', ['string_tensor=None', 'out_type=tf.float32', 'name=None', 'input=None'], 1,
  function string_to_number(string_tensor?: TensorLike | null, options: { out_type?: DTypeLike; name?: string; input?: TensorLike | null } = {}): Tensor {
    // `input` is TF's newer name of the argument; `string_tensor` the deprecated one it keeps.
    if (string_tensor != null && options.input != null) throw new ValueError("Cannot specify both 'input' and 'string_tensor'");
    const input = string_tensor ?? options.input;
    if (input == null) throw new TFTypeError("string_to_number() missing 1 required positional argument: 'input'");
    return opScope(options.name, 'StringToNumber', [input], (scope) => {
      const s = convert_to_tensor(input, { name: 'string_tensor', dtype: stringDtype });
      return makeOp('StringToNumber', [s], { out_type: { type: as_dtype(options.out_type ?? float32) } }, scope).outputs[0];
    });
  });

export interface AsStringOptions { precision?: number; scientific?: boolean; shortest?: boolean; width?: number; fill?: string; name?: string }

/**
 * Each number (or bool) as a string, as TF's AsString formats it: `%d` for integers, `%.<precision>f` for floats
 * (6 digits by default), `%e` with `scientific`, `%g` with `shortest`, padded to `width` with `fill`.
 * @example tf.as_string(tf.constant([1, 22]))  // ['1', '22']
 */
export const as_string = pythonFunction('as_string', ['input', 'precision=-1', 'scientific=False', 'shortest=False', 'width=-1', "fill=''", 'name=None'], 1,
  function as_string(input: TensorLike, options: AsStringOptions = {}): Tensor {
    return opScope(options.name, 'AsString', [input], (scope) => {
      const x = convert_to_tensor(input, { name: 'input' });
      if (options.scientific && options.shortest) throw new ValueError('Cannot select both scientific and shortest notation');
      if ((options.fill ?? '').length > 1) throw new ValueError(`Fill string must be one or fewer characters: ${options.fill}`);
      return makeOp('AsString', [x], {
        T: { type: x.dtype.base_dtype }, precision: { i: options.precision ?? -1 }, scientific: { b: options.scientific ?? false },
        shortest: { b: options.shortest ?? false }, width: { i: options.width ?? -1 }, fill: { s: options.fill ?? '' },
      }, scope).outputs[0];
    });
  });

// ---- DecodeRaw, DecodeCSV: the decoders of what readers read ----------------------------------------

const DECODE_RAW_TYPES: readonly DType[] = [float16, float32, float64, int32, uint16, uint8, int16, int8, int64, complex64, complex128, bool];
registerOp({
  type: 'DecodeRaw', outputDtypes: dtypeFromAttr('out_type'), attrDefaults: { little_endian: { b: true } },
  // One more dimension than the input, its length known only when the bytes are.
  inferShapes: (op: Operation): ShapeLike[] => [op.inputs[0].shape.dims === null ? null : [...op.inputs[0].shape.dims, null]],
});
const CSV_TYPES: readonly DType[] = [float32, float64, int32, int64, stringDtype];
registerOp({
  type: 'DecodeCSV',
  outputDtypes: (_inputs, attrs) => typeList(attrs, 'OUT_TYPE'),
  attrDefaults: { field_delim: { s: ',' }, use_quote_delim: { b: true }, na_value: { s: '' }, select_cols: { list: { i: [] } } },
  inferShapes: (op: Operation): ShapeLike[] => {
    for (const d of op.inputs.slice(1)) {
      if (d.shape.ndims !== null && d.shape.ndims > 1) throw shapeError(op, `Shape must be at most rank 1 but is rank ${d.shape.ndims}`);
    }
    return op.outputs.map(() => op.inputs[0].shape);
  },
});
registerNotDifferentiable('DecodeRaw', 'DecodeCSV');

/**
 * tf.decode_raw: each string's bytes as a vector of `out_type` numbers (little-endian unless
 * `little_endian` is false), one more dimension than the input; every string must be the same size.
 * @example tf.decode_raw(value, tf.uint8)  // a FixedLengthRecordReader record as bytes
 */
export const decode_raw = pythonFunction('decode_raw', ['input_bytes=None', 'out_type=None', 'little_endian=True', 'name=None', 'bytes=None'], 2,
  function decode_raw(input_bytes?: TensorLike | null, out_type?: DTypeLike | null, options: { little_endian?: boolean; name?: string | null; bytes?: TensorLike | null } = {}): Tensor {
    // `bytes` is the argument's deprecated name.
    if (input_bytes != null && options.bytes != null) throw new ValueError("Cannot specify both 'input_bytes' and 'bytes'");
    const input = input_bytes ?? options.bytes;
    if (input == null) throw new ValueError("Tried to convert 'bytes' to a tensor and failed. Error: None values not supported.");
    if (out_type == null) throw new ValueError("decode_raw_v1() missing 1 positional argument: 'out_type'");
    const dtype = as_dtype(out_type).base_dtype;
    if (!DECODE_RAW_TYPES.includes(dtype)) {
      throw new TFTypeError(`Value passed to parameter 'out_type' has DataType ${dtype.name} not in list of allowed values: ${DECODE_RAW_TYPES.map((d) => d.name).join(', ')}`);
    }
    return opScope(options.name, 'DecodeRaw', [input], (scope) => {
      const b = convert_to_tensor(input, { name: 'bytes', dtype: stringDtype });
      return makeOp('DecodeRaw', [b], { out_type: { type: dtype }, little_endian: { b: options.little_endian ?? true } }, scope).outputs[0];
    });
  });

export interface DecodeCSVOptions {
  field_delim?: string; use_quote_delim?: boolean; name?: string | null; na_value?: string; select_cols?: readonly number[] | null;
}

/**
 * tf.decode_csv: splits each CSV record into its fields, one tensor per column of the records' shape, typed
 * as `record_defaults` (one default per column, or an empty one for a required column; float32, float64,
 * int32, int64 or string). JavaScript numbers make float32 defaults: give integer columns int32 defaults.
 * @example const [a, b] = tf.decode_csv(line, [tf.constant([0], {dtype: tf.int32}), ['']]);
 */
export const decode_csv = pythonFunction('decode_csv', ['records', 'record_defaults', "field_delim=','", 'use_quote_delim=True', 'name=None', "na_value=''", 'select_cols=None'], 2,
  function decode_csv(records: TensorLike, record_defaults: readonly TensorLike[], options: DecodeCSVOptions = {}): Tensor[] {
    const cols = options.select_cols ?? null;
    if (cols !== null && cols.some((c, i) => i + 1 < cols.length && c >= cols[i + 1])) throw new ValueError('select_cols is not strictly increasing.');
    if (cols !== null && cols[0] < 0) throw new ValueError('select_cols contains negative values.');
    if (cols !== null && cols.length !== record_defaults.length) throw new ValueError('Length of select_cols and record_defaults do not match.');
    return opScope(options.name, 'DecodeCSV', [records, ...record_defaults], (scope) => {
      const r = convert_to_tensor(records, { name: 'records', dtype: stringDtype });
      const defaults = record_defaults.map((d, i) => convert_to_tensor(d, { name: `record_defaults_${i}` }));
      for (const d of defaults) {
        if (!CSV_TYPES.includes(d.dtype.base_dtype)) {
          throw new TFTypeError(`Value passed to parameter 'record_defaults' has DataType ${d.dtype.base_dtype.name} not in list of allowed values: ${CSV_TYPES.map((t) => t.name).join(', ')}`);
        }
      }
      return makeOp('DecodeCSV', [r, ...defaults], {
        OUT_TYPE: { list: { type: defaults.map((d) => d.dtype.base_dtype) } }, field_delim: { s: options.field_delim ?? ',' },
        use_quote_delim: { b: options.use_quote_delim ?? true }, na_value: { s: options.na_value ?? '' }, select_cols: { list: { i: [...(cols ?? [])] } },
      }, scope).outputs;
    });
  });
