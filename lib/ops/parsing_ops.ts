/**
 * Parsing ops: `ParseExample` (serialized tf.train.Examples to tensors, as serving graphs take their
 * input), `StringToNumber`, `AsString`, and their builders `tf.parse_example`, `tf.FixedLenFeature`,
 * `tf.string_to_number`, `tf.as_string`.
 */
import { DType, as_dtype, float32, int64, string as stringDtype } from '../framework/dtypes';
import { AttrValue, Operation, Tensor, registerOp } from '../framework/graph';
import { TFTypeError, ValueError } from '../framework/errors';
import { NDArray } from '../framework/ndarray';
import { ShapeLike, TensorShape, as_shape } from '../framework/tensor_shape';
import { attrOf, dtypeFromAttr, shapeOfInput } from './schema_util';
import { DTypeLike, TensorLike, convert_to_tensor, makeOp, opScope } from './op_builder';
import { registerNotDifferentiable } from './gradient_util';
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
