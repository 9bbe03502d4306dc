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
import { isPlainObject, pythonClass, pythonFunction, pythonRepr } from '../framework/python_signature';
import { constant, expand_dims, rank as rank_, reshape, slice, squeeze } from './array_ops';
import { equal } from './math_ops';
import { Assert } from './logging_ops';
import { with_dependencies } from './control_flow_ops';
import { sparse_merge } from './sparse_ops';
import { SparseTensor, SparseTensorImpl } from './sparse_tensor';

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
    const input = op.inputs[0].shape;
    if (input.ndims !== null && input.ndims !== 1) throw shapeError(op, `Shape must be rank 1 but is rank ${input.ndims}`);
    const batch = input.dims?.[0] ?? null;
    return [
      ...Array.from({ length: sparse }, () => [null, 2]), ...Array.from({ length: sparse }, () => [null]), ...Array.from({ length: sparse }, () => [2]),
      ...dense.map((s) => (s.dims === null ? null : [batch, ...s.dims])),
    ];
  },
});
registerNotDifferentiable('ParseExample');

/**
 * ParseSingleExample(serialized [], dense_defaults × Ndense), keys and types as attrs: per sparse key its indices
 * [N, 1], values [N] and shape [1]; per dense key its values of dense_shape.
 */
registerOp({
  type: 'ParseSingleExample',
  outputDtypes: (_inputs, attrs) => {
    const sparse = typeList(attrs, 'sparse_types');
    return [...sparse.map(() => int64), ...sparse, ...sparse.map(() => int64), ...typeList(attrs, 'Tdense')];
  },
  inferShapes: (op: Operation): ShapeLike[] => {
    const input = op.inputs[0].shape;
    if (input.ndims !== null && input.ndims !== 0) throw shapeError(op, `Shape must be rank 0 but is rank ${input.ndims}`);
    const sparse = typeList(op.attrs, 'sparse_types').length;
    const shapes = attrOf(op, 'dense_shapes');
    const dense = 'list' in shapes ? shapes.list.shape ?? [] : [];
    return [
      ...Array.from({ length: sparse }, () => [null, 1]), ...Array.from({ length: sparse }, () => [null]), ...Array.from({ length: sparse }, () => [1]),
      ...dense.map((s) => s),
    ];
  },
});
registerNotDifferentiable('ParseSingleExample');

/**
 * ParseSingleSequenceExample(serialized [], feature_list_dense_missing_assumed_empty, the four key lists, context
 * defaults, debug_name): context sparse [N, 1] / [N] / [1] and dense of their shapes; feature-list sparse
 * [N, 2] / [N] / [2] and dense [steps, ...shape].
 */
registerOp({
  type: 'ParseSingleSequenceExample',
  outputDtypes: (_inputs, attrs) => {
    const cs = typeList(attrs, 'context_sparse_types'), fs = typeList(attrs, 'feature_list_sparse_types');
    return [
      ...cs.map(() => int64), ...cs, ...cs.map(() => int64), ...typeList(attrs, 'Tcontext_dense'),
      ...fs.map(() => int64), ...fs, ...fs.map(() => int64), ...typeList(attrs, 'feature_list_dense_types'),
    ];
  },
  inferShapes: (op: Operation): ShapeLike[] => {
    const input = op.inputs[0].shape;
    if (input.ndims !== null && input.ndims !== 0) throw shapeError(op, `Shape must be rank 0 but is rank ${input.ndims}`);
    const shapes = (name: string): TensorShape[] => { const a = attrOf(op, name); return 'list' in a ? [...(a.list.shape ?? [])] : []; };
    const cs = typeList(op.attrs, 'context_sparse_types').length, fs = typeList(op.attrs, 'feature_list_sparse_types').length;
    const n = (k: number, s: ShapeLike) => Array.from({ length: k }, () => s);
    return [
      ...n(cs, [null, 1]), ...n(cs, [null]), ...n(cs, [1]), ...shapes('context_dense_shapes'),
      ...n(fs, [null, 2]), ...n(fs, [null]), ...n(fs, [2]), ...shapes('feature_list_dense_shapes').map((s) => (s.dims === null ? null : [null, ...s.dims])),
    ];
  },
});
registerNotDifferentiable('ParseSingleSequenceExample');

registerOp({ type: 'DecodeJSONExample', outputDtypes: () => [stringDtype], inferShapes: shapeOfInput(0) });
registerOp({ type: 'DecodeCompressed', outputDtypes: () => [stringDtype], inferShapes: shapeOfInput(0), attrDefaults: { compression_type: { s: '' } } });
registerNotDifferentiable('DecodeJSONExample', 'DecodeCompressed');
registerOp({ type: 'SerializeTensor', outputDtypes: () => [stringDtype], inferShapes: () => [[]] });
registerOp({ type: 'ParseTensor', outputDtypes: dtypeFromAttr('out_type'), inferShapes: () => [null] });
registerNotDifferentiable('SerializeTensor', 'ParseTensor');

registerOp({ type: 'StringToNumber', outputDtypes: dtypeFromAttr('out_type'), inferShapes: shapeOfInput(0), attrDefaults: { out_type: { type: float32 } } });
registerNotDifferentiable('StringToNumber');
registerOp({ type: 'AsString', outputDtypes: () => [stringDtype], inferShapes: shapeOfInput(0) });
registerNotDifferentiable('AsString');

// ---- feature configurations (TF's parsing_ops.py namedtuples) ---------------------------------------

type DefaultValue = TensorLike | null;

/** A feature of fixed shape (TF's `FixedLenFeature`): required unless `default_value` is given. */
export class FixedLenFeatureImpl {
  readonly dtype: DType;
  constructor(readonly shape: ShapeLike | null, dtype: DTypeLike, readonly default_value: DefaultValue = null) {
    this.dtype = as_dtype(dtype);
  }
  toString(): string { return `FixedLenFeature(shape=${shapeText(this.shape)}, dtype=${dtypeText(this.dtype)}, default_value=${valueText(this.default_value)})`; }
}
export const FixedLenFeature = pythonClass('FixedLenFeature', ['shape', 'dtype', 'default_value=None'], 3, FixedLenFeatureImpl);
export type FixedLenFeature = FixedLenFeatureImpl;

/**
 * A feature of variable length parsed to a dense tensor (TF's `FixedLenSequenceFeature`): `[batch, longest,
 * ...shape]` from parse_example (shorter examples padded with `default_value`, 0 or '' when not given),
 * `[length, ...shape]` from parse_single_example. Parsing Examples needs `allow_missing`.
 */
export class FixedLenSequenceFeatureImpl {
  readonly dtype: DType;
  constructor(readonly shape: ShapeLike | null, dtype: DTypeLike, readonly allow_missing = false, readonly default_value: DefaultValue = null) {
    this.dtype = as_dtype(dtype);
  }
  toString(): string {
    return `FixedLenSequenceFeature(shape=${shapeText(this.shape)}, dtype=${dtypeText(this.dtype)}, allow_missing=${this.allow_missing ? 'True' : 'False'}, default_value=${valueText(this.default_value)})`;
  }
}
export const FixedLenSequenceFeature = pythonClass('FixedLenSequenceFeature', ['shape', 'dtype', 'allow_missing=False', 'default_value=None'], 4, FixedLenSequenceFeatureImpl);
export type FixedLenSequenceFeature = FixedLenSequenceFeatureImpl;

/** A feature of any length parsed to a SparseTensor (TF's `VarLenFeature`): indices [batch, index]. */
export class VarLenFeatureImpl {
  /** Types the parsed result (a SparseTensor); no run-time field. */
  declare private readonly sparseResult: true;
  readonly dtype: DType;
  constructor(dtype: DTypeLike) { this.dtype = as_dtype(dtype); }
  toString(): string { return `VarLenFeature(dtype=${dtypeText(this.dtype)})`; }
}
export const VarLenFeature = pythonClass('VarLenFeature', ['dtype'], 1, VarLenFeatureImpl);
export type VarLenFeature = VarLenFeatureImpl;

/**
 * A SparseTensor whose indices come from the int64 features `index_key` (one per dimension) and values from
 * `value_key`, of dense shape `[batch, ...size]` (TF's `SparseFeature`, built with sparse_merge).
 */
export class SparseFeatureImpl {
  /** Types the parsed result (a SparseTensor); no run-time field. */
  declare private readonly sparseResult: true;
  readonly dtype: DType;
  constructor(readonly index_key: string | readonly string[], readonly value_key: string, dtype: DTypeLike, readonly size: number | readonly number[], readonly already_sorted = false) {
    this.dtype = as_dtype(dtype);
  }
  toString(): string {
    return `SparseFeature(index_key=${valueText(this.index_key)}, value_key=${valueText(this.value_key)}, dtype=${dtypeText(this.dtype)}, size=${valueText(this.size)}, already_sorted=${this.already_sorted ? 'True' : 'False'})`;
  }
}
export const SparseFeature = pythonClass('SparseFeature', ['index_key', 'value_key', 'dtype', 'size', 'already_sorted=False'], 5, SparseFeatureImpl);
export type SparseFeature = SparseFeatureImpl;

export type FeatureConfig = FixedLenFeature | FixedLenSequenceFeature | VarLenFeature | SparseFeature;
type FeatureClass = typeof FixedLenFeatureImpl | typeof FixedLenSequenceFeatureImpl | typeof VarLenFeatureImpl | typeof SparseFeatureImpl;

const shapeText = (s: ShapeLike | null) => (s === null ? 'None' : s instanceof TensorShape ? String(s) : `[${(s as readonly (number | null)[]).map((d) => d ?? 'None').join(', ')}]`);
const dtypeText = (d: DType) => `tf.${d.name}`;
const valueText = (v: unknown): string => pythonRepr(v, (x) => (x instanceof Tensor ? String(x) : undefined));

/** Python's type(value).__name__ for what a features dict may wrongly hold. */
function pythonTypeName(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'str';
  if (v === null || v === undefined) return 'NoneType';
  if (Array.isArray(v)) return 'list';
  if (isPlainObject(v)) return 'dict';
  return String((v as object).constructor?.name ?? typeof v).replace(/Impl$/, '');
}

/** A key as part of a node name (TF: re.sub("[^A-Za-z0-9_.\\-/]", "_", key)). */
const keyName = (key: string) => key.replace(/[^A-Za-z0-9_.\-/]/g, '_');

const PARSE_TYPES: readonly DType[] = [float32, int64, stringDtype];

/** The raw parameters of the parse ops for a dict of features (TF's _ParseOpParams.from_features). */
class ParseOpParams {
  readonly sparseKeys: string[] = [];
  readonly sparseTypes: DType[] = [];
  readonly denseKeys: string[] = [];
  readonly denseTypes: DType[] = [];
  readonly denseShapes: TensorShape[] = [];
  /** A dense key's default value; null for a FixedLenSequenceFeature without one. */
  readonly denseDefaults = new Map<string, DefaultValue>();

  constructor(features: Readonly<Record<string, FeatureConfig>>, allowed: readonly FeatureClass[]) {
    for (const key of Object.keys(features).sort()) {
      const feature = features[key];
      if (!allowed.some((cls) => feature instanceof cls)) {
        throw new ValueError(`Unsupported ${pythonTypeName(feature)} ${valueText(feature)}.`);
      }
      this.add(key, feature);
    }
    const dense = new Set(this.denseKeys);
    const both = this.sparseKeys.filter((k) => dense.has(k));
    if (both.length) throw new ValueError(`Dense and sparse keys must not intersect; intersection: {${both.map((k) => `'${k}'`).join(', ')}}`);
    for (const t of [...this.sparseTypes, ...this.denseTypes]) {
      if (!PARSE_TYPES.includes(t)) throw new TFTypeError(`Value for attr '${this.sparseTypes.includes(t) ? 'sparse_types' : 'Tdense'}' of ${t.name} is not in the list of allowed values: float, int64, string`);
    }
  }

  get numFeatures(): number { return this.sparseKeys.length + this.denseKeys.length; }

  private add(key: string, feature: FeatureConfig): void {
    if (feature instanceof VarLenFeatureImpl) {
      this.addSparseKey(key, feature.dtype);
    } else if (feature instanceof SparseFeatureImpl) {
      if (!feature.index_key || feature.index_key.length === 0) throw new ValueError(`Missing index_key for SparseFeature ${String(feature)}.`);
      if (!feature.value_key) throw new ValueError(`Missing value_key for SparseFeature ${String(feature)}.`);
      const indexKeys = typeof feature.index_key === 'string' ? [feature.index_key] : [...feature.index_key];
      for (const k of indexKeys.sort()) this.addSparseKey(k, int64);
      this.addSparseKey(feature.value_key, feature.dtype);
    } else if (feature instanceof FixedLenFeatureImpl) {
      if (feature.shape === null) throw new ValueError(`Missing shape for feature ${key}.`);
      const shape = as_shape(feature.shape);
      if (shape.ndims && shape.dims![0] === null) throw new ValueError(`First dimension of shape for feature ${key} unknown. Consider using FixedLenSequenceFeature.`);
      if (!shape.is_fully_defined()) throw new ValueError(`All dimensions of shape for feature ${key} need to be known but received ${shapeText(feature.shape)}.`);
      this.addDense(key, shape, feature.dtype, feature.default_value);
    } else {
      if (feature.shape === null) throw new ValueError(`Missing shape for feature ${key}.`);
      this.addDense(key, as_shape(feature.shape), feature.dtype, feature.default_value);
    }
  }

  private addDense(key: string, shape: TensorShape, dtype: DType, def: DefaultValue): void {
    this.denseKeys.push(key);
    this.denseShapes.push(shape);
    this.denseTypes.push(dtype);
    if (def !== null) this.denseDefaults.set(key, def);
  }

  private addSparseKey(key: string, dtype: DType): void {
    const at = this.sparseKeys.indexOf(key);
    if (at < 0) {
      this.sparseKeys.push(key);
      this.sparseTypes.push(dtype);
    } else if (this.sparseTypes[at] !== dtype) {
      throw new ValueError(`Conflicting type ${dtypeText(this.sparseTypes[at])} vs ${dtypeText(dtype)} for feature ${key}.`);
    }
  }

  /** One default tensor per dense key, made in the current name scope as TF makes them. */
  denseDefaultTensors(): Tensor[] {
    return this.denseKeys.map((key, i) => {
      const shape = this.denseShapes[i], dtype = this.denseTypes[i];
      const def = this.denseDefaults.get(key) ?? null;
      if (shape.ndims !== null && shape.ndims > 0 && shape.dims![0] === null) {
        // A variable-length key's default is its scalar padding value.
        if (def === null) return convert_to_tensor(dtype === stringDtype ? '' : 0, { dtype });
        return reshape(convert_to_tensor(def, { dtype, name: `padding_${keyName(key)}` }), []);
      }
      if (def === null) return constant(new NDArray(dtype, [0]), { dtype });
      if (def instanceof Tensor) return def;
      return reshape(convert_to_tensor(def, { dtype, name: `key_${keyName(key)}` }), shape.toNumbers());
    });
  }
}

/** A FixedLenSequenceFeature's shape with its unknown first dimension (TF's _prepend_none_dimension). */
function prependNoneDimension(features: Readonly<Record<string, FeatureConfig>>): Record<string, FeatureConfig> {
  return Object.fromEntries(Object.entries(features).map(([k, f]) => {
    if (!(f instanceof FixedLenSequenceFeatureImpl)) return [k, f];
    if (!f.allow_missing) throw new ValueError('Unsupported: FixedLenSequenceFeature requires allow_missing to be True.');
    return [k, new FixedLenSequenceFeatureImpl([null, ...as_shape(f.shape).as_list()], f.dtype, f.allow_missing, f.default_value)];
  }));
}

/** What the parse functions return: a Tensor per dense key, a SparseTensor per sparse key. */
export type ParsedFeatures = Record<string, Tensor | SparseTensor>;
/** The parse result of a features dict: a SparseTensor for each VarLenFeature and SparseFeature, a Tensor otherwise. */
export type ParsedFeaturesOf<F extends Features> = { [K in keyof F]: F[K] extends VarLenFeatureImpl | SparseFeatureImpl ? SparseTensor : Tensor };

/** Each SparseFeature's SparseTensor from its index and value keys' (TF's _construct_sparse_tensors_for_sparse_features). */
function withSparseFeatures(features: Readonly<Record<string, FeatureConfig>>, parsed: ParsedFeatures): ParsedFeatures {
  const out: ParsedFeatures = { ...parsed };
  for (const key of Object.keys(features).sort()) {
    const f = features[key];
    if (!(f instanceof SparseFeatureImpl)) continue;
    const ids = typeof f.index_key === 'string' ? out[f.index_key] as SparseTensor : f.index_key.map((k) => out[k] as SparseTensor);
    out[key] = sparse_merge(ids, out[f.value_key] as SparseTensor, f.size as number, { already_sorted: f.already_sorted });
  }
  for (const key of Object.keys(out)) if (!(key in features)) delete out[key];
  return out;
}

const ALL_FEATURES: readonly FeatureClass[] = [VarLenFeatureImpl, SparseFeatureImpl, FixedLenFeatureImpl, FixedLenSequenceFeatureImpl];

function isEmpty(features: unknown): boolean { return features === null || features === undefined || (isPlainObject(features) && Object.keys(features).length === 0); }

/** The ParseExample op in its scope (TF's _parse_example_raw): its keys and names are inputs named as TF names them. */
function parseExampleRaw(serialized: TensorLike, names: TensorLike | null, params: ParseOpParams, name: string | null): ParsedFeatures {
  if (params.numFeatures === 0) throw new ValueError('Must provide at least one feature key');
  return opScope(name, 'ParseExample', [serialized, names], (_scope, g) => {
    const defaults = params.denseDefaultTensors();
    return g.name_scope(name ?? 'ParseExample', (inner) => {
      const s = convert_to_tensor(serialized, { name: 'serialized', dtype: stringDtype });
      const n = convert_to_tensor(names ?? NDArray.fromStrings([], [0]), { name: 'names', dtype: stringDtype });
      const sparseKeys = params.sparseKeys.map((k, i) => convert_to_tensor(k, { name: `sparse_keys_${i}`, dtype: stringDtype }));
      const denseKeys = params.denseKeys.map((k, i) => convert_to_tensor(k, { name: `dense_keys_${i}`, dtype: stringDtype }));
      const op = makeOp('ParseExample', [s, n, ...sparseKeys, ...denseKeys, ...defaults], {
        Nsparse: { i: sparseKeys.length }, Ndense: { i: denseKeys.length }, sparse_types: { list: { type: [...params.sparseTypes] } },
        Tdense: { list: { type: [...params.denseTypes] } }, dense_shapes: { list: { shape: [...params.denseShapes] } },
      }, inner);
      return collectOutputs(op, params);
    });
  });
}

function collectOutputs(op: Operation, params: ParseOpParams): ParsedFeatures {
  const ns = params.sparseKeys.length;
  const out: ParsedFeatures = {};
  params.sparseKeys.forEach((k, i) => { out[k] = new SparseTensorImpl(op.outputs[i], op.outputs[ns + i], op.outputs[2 * ns + i]); });
  params.denseKeys.forEach((k, i) => { out[k] = op.outputs[3 * ns + i]; });
  return out;
}

type Features = Readonly<Record<string, FeatureConfig>>;

/**
 * Parses a vector of serialized tf.train.Examples (TF's `parse_example`): a dense tensor `[batch, ...shape]` per
 * FixedLenFeature, `[batch, longest, ...shape]` per FixedLenSequenceFeature, and a SparseTensor per VarLenFeature
 * (indices `[example, index]`, dense_shape `[batch, longest]`) and SparseFeature.
 * @example const {x, tags} = tf.parse_example(serialized, {x: tf.FixedLenFeature([1], tf.float32), tags: tf.VarLenFeature(tf.string)});
 */
export const parse_example = pythonFunction('parse_example', ['serialized', 'features: dict', 'name=None', 'example_names=None'], 2,
  function parse_example<F extends Features>(serialized: TensorLike, features: F, options: { name?: string | null; example_names?: TensorLike | null } = {}): ParsedFeaturesOf<F> {
    if (isEmpty(features)) throw new ValueError(`Missing: features was ${features ? '{}' : 'None'}.`);
    const withNone = prependNoneDimension(features);
    const params = new ParseOpParams(withNone, ALL_FEATURES);
    return withSparseFeatures(withNone, parseExampleRaw(serialized, options.example_names ?? null, params, options.name ?? null)) as ParsedFeaturesOf<F>;
  });

/** A scalar, or the Assert TF adds when the rank is unknown (TF's _assert_scalar). */
function assertScalar(value: Tensor, what: string): Tensor {
  const rank = value.shape.ndims;
  if (rank === 0) return value;
  if (rank !== null) throw new ValueError(`Input ${what} must be a scalar`);
  const check = Assert(equal(rank_(value), 0), [`Input ${what} must be a scalar`], { name: `${what[0].toUpperCase()}${what.slice(1)}IsScalar` });
  return with_dependencies([check], value, { name: `${what}Dependencies` });
}

/**
 * Parses one serialized tf.train.Example (TF's `parse_single_example`): per FixedLenFeature a tensor of its shape,
 * per FixedLenSequenceFeature `[length, ...shape]`, per VarLenFeature a SparseTensor with indices `[index]`
 * and dense_shape `[length]`. TF 1.15 builds a ParseSingleExample op; with `example_names`, a ParseExample of
 * the expanded scalar whose outputs are squeezed and sliced.
 * @example const {label} = tf.parse_single_example(record, {label: tf.FixedLenFeature([], tf.int64)});
 */
export const parse_single_example = pythonFunction('parse_single_example', ['serialized', 'features: dict', 'name=None', 'example_names=None'], 2,
  function parse_single_example<F extends Features>(serialized: TensorLike, features: F, options: { name?: string | null; example_names?: TensorLike | null } = {}): ParsedFeaturesOf<F> {
    if (isEmpty(features)) throw new ValueError('Missing features.');
    const name = options.name ?? null;
    const withNone = prependNoneDimension(features);
    const params = new ParseOpParams(withNone, [VarLenFeatureImpl, FixedLenFeatureImpl, FixedLenSequenceFeatureImpl, SparseFeatureImpl]);
    if (params.numFeatures === 0) throw new ValueError('Must provide at least one feature key');
    const names = options.example_names ?? null;
    if (names === null) {
      return withSparseFeatures(withNone, opScope(name, 'ParseSingleExample', [serialized], () => {
        const s = convert_to_tensor(serialized, { name: 'serialized', dtype: stringDtype });
        const defaults = params.denseDefaultTensors();
        const op = makeOp('ParseSingleExample', [s, ...defaults], {
          num_sparse: { i: params.sparseKeys.length }, sparse_keys: { list: { s: [...params.sparseKeys] } }, dense_keys: { list: { s: [...params.denseKeys] } },
          sparse_types: { list: { type: [...params.sparseTypes] } }, Tdense: { list: { type: [...params.denseTypes] } },
          dense_shapes: { list: { shape: [...params.denseShapes] } },
        }, name ?? 'ParseSingleExample');
        return collectOutputs(op, params);
      })) as ParsedFeaturesOf<F>;
    }
    return withSparseFeatures(withNone, opScope(name, 'ParseSingleExample', [serialized, names], () => {
      const s = expand_dims(assertScalar(convert_to_tensor(serialized, { dtype: stringDtype }), 'serialized'), 0);
      const n = expand_dims(assertScalar(convert_to_tensor(names, { dtype: stringDtype }), 'names'), 0);
      const outputs = parseExampleRaw(s, n, params, name);
      for (const d of params.denseKeys) outputs[d] = squeeze(outputs[d] as Tensor, [0], { name: `Squeeze_${keyName(d)}` });
      for (const k of params.sparseKeys) {
        const sp = outputs[k] as SparseTensor;
        outputs[k] = new SparseTensorImpl(slice(sp.indices, [0, 1], [-1, -1], { name: `Slice_Indices_${keyName(k)}` }), sp.values,
          slice(sp.dense_shape, [1], [-1], { name: `Squeeze_Shape_${keyName(k)}` }));
      }
      return outputs;
    })) as ParsedFeaturesOf<F>;
  });

/**
 * Parses one serialized tf.train.SequenceExample (TF's `parse_single_sequence_example`, a ParseSingleSequenceExample
 * op): `[context, feature_lists]`, the context's FixedLenFeatures and VarLenFeatures as parse_single_example gives
 * them, each FixedLenSequenceFeature `[steps, ...shape]` and each sequence VarLenFeature a SparseTensor of indices
 * `[step, index]`. A feature list is required unless its FixedLenSequenceFeature has `allow_missing`.
 * @example const [ctx, seq] = tf.parse_single_sequence_example(s, {context_features: {len: tf.FixedLenFeature([], tf.int64)}, sequence_features: {tok: tf.FixedLenSequenceFeature([], tf.int64)}});
 */
export const parse_single_sequence_example = pythonFunction('parse_single_sequence_example',
  ['serialized', 'context_features: dict = None', 'sequence_features: dict = None', 'example_name=None', 'name=None'], 1,
  function parse_single_sequence_example(serialized: TensorLike, options: {
    context_features?: Features | null; sequence_features?: Features | null; example_name?: TensorLike | null; name?: string | null;
  } = {}): [ParsedFeatures, ParsedFeatures] {
    if (isEmpty(options.context_features) && isEmpty(options.sequence_features)) throw new ValueError('Missing features.');
    const context = new ParseOpParams(options.context_features ?? {}, [VarLenFeatureImpl, FixedLenFeatureImpl]);
    const lists = new ParseOpParams(options.sequence_features ?? {}, [VarLenFeatureImpl, FixedLenSequenceFeatureImpl]);
    if (context.numFeatures + lists.numFeatures === 0) throw new ValueError('Must provide at least one feature key');
    const missingAssumedEmpty: string[] = [];
    for (const key of lists.denseKeys) {
      const f = (options.sequence_features ?? {})[key] as FixedLenSequenceFeatureImpl;
      if (f.default_value !== null) throw new ValueError(`Value feature_list.dense_defaults[${key}] must be None`);
      if (f.allow_missing) missingAssumedEmpty.push(key);
    }
    const name = options.name ?? null;
    return opScope(name, 'ParseSingleSequenceExample', [serialized], (_scope, g) => {
      const defaults = context.denseDefaultTensors();
      return g.name_scope(name ?? 'ParseSingleSequenceExample', (inner) => {
        const s = convert_to_tensor(serialized, { name: 'serialized', dtype: stringDtype });
        const keys = (list: readonly string[], what: string) => list.map((k, i) => convert_to_tensor(k, { name: `${what}_${i}`, dtype: stringDtype }));
        const missing = convert_to_tensor(NDArray.fromStrings(missingAssumedEmpty, [missingAssumedEmpty.length]), { name: 'feature_list_dense_missing_assumed_empty' });
        const debugName = convert_to_tensor(options.example_name ?? '', { name: 'debug_name', dtype: stringDtype });
        const op = makeOp('ParseSingleSequenceExample', [
          s, missing, ...keys(context.sparseKeys, 'context_sparse_keys'), ...keys(context.denseKeys, 'context_dense_keys'),
          ...keys(lists.sparseKeys, 'feature_list_sparse_keys'), ...keys(lists.denseKeys, 'feature_list_dense_keys'), ...defaults, debugName,
        ], {
          Ncontext_sparse: { i: context.sparseKeys.length }, Ncontext_dense: { i: context.denseKeys.length },
          Nfeature_list_sparse: { i: lists.sparseKeys.length }, Nfeature_list_dense: { i: lists.denseKeys.length },
          context_sparse_types: { list: { type: [...context.sparseTypes] } }, Tcontext_dense: { list: { type: [...context.denseTypes] } },
          feature_list_dense_types: { list: { type: [...lists.denseTypes] } }, context_dense_shapes: { list: { shape: [...context.denseShapes] } },
          feature_list_sparse_types: { list: { type: [...lists.sparseTypes] } }, feature_list_dense_shapes: { list: { shape: [...lists.denseShapes] } },
        }, inner);
        const o = op.outputs;
        let at = 0;
        const take = (k: number) => { const r = o.slice(at, at + k); at += k; return r; };
        const sparseOf = (params: ParseOpParams, out: ParsedFeatures) => {
          const [ix, vals, shapes] = [take(params.sparseKeys.length), take(params.sparseKeys.length), take(params.sparseKeys.length)];
          params.sparseKeys.forEach((k, i) => { out[k] = new SparseTensorImpl(ix[i], vals[i], shapes[i]); });
        };
        const ctx: ParsedFeatures = {}, seq: ParsedFeatures = {};
        sparseOf(context, ctx);
        take(context.denseKeys.length).forEach((t, i) => { ctx[context.denseKeys[i]] = t; });
        sparseOf(lists, seq);
        take(lists.denseKeys.length).forEach((t, i) => { seq[lists.denseKeys[i]] = t; });
        return [ctx, seq] as [ParsedFeatures, ParsedFeatures];
      });
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

// ---- SerializeTensor, ParseTensor -----------------------------------------------------------------

/**
 * tf.io.serialize_tensor: a scalar string holding the tensor's serialized TensorProto (its bytes as
 * `tensor_content`, strings as `string_val`), as TF's SerializeTensor writes it.
 * @example tf.io.serialize_tensor(tf.constant([[1, 2]]))
 */
export const serialize_tensor = pythonFunction('serialize_tensor', ['tensor', 'name=None'], 1, function serialize_tensor(tensor: TensorLike, options: { name?: string | null } = {}): Tensor {
  return opScope(options.name, 'SerializeTensor', [tensor], (scope) => {
    const t = convert_to_tensor(tensor, { name: 'tensor' });
    return makeOp('SerializeTensor', [t], { T: { type: t.dtype.base_dtype } }, scope).outputs[0];
  });
});

/**
 * tf.io.parse_tensor: the tensor a serialized TensorProto holds; its dtype must be `out_type`, its shape is
 * known only when it runs.
 * @example tf.io.parse_tensor(tf.io.serialize_tensor(x), tf.float32)
 */
export const parse_tensor = pythonFunction('parse_tensor', ['serialized', 'out_type', 'name=None'], 2, function parse_tensor(serialized: TensorLike, out_type: DTypeLike, options: { name?: string | null } = {}): Tensor {
  return opScope(options.name, 'ParseTensor', [serialized], (scope) => {
    const s = convert_to_tensor(serialized, { name: 'serialized', dtype: stringDtype });
    return makeOp('ParseTensor', [s], { out_type: { type: as_dtype(out_type).base_dtype } }, scope).outputs[0];
  });
});

/**
 * tf.io.decode_json_example: each tf.train.Example written in protobuf's JSON mapping (`{"features": {"feature":
 * {"x": {"floatList": {"value": [1]}}}}}`, bytes in base64, int64s as numbers or strings) as its binary encoding.
 */
export const decode_json_example = pythonFunction('decode_json_example', ['json_examples', 'name=None'], 1, function decode_json_example(json_examples: TensorLike, options: { name?: string | null } = {}): Tensor {
  return opScope(options.name, 'DecodeJSONExample', [json_examples], (scope) => {
    const j = convert_to_tensor(json_examples, { name: 'json_examples', dtype: stringDtype });
    return makeOp('DecodeJSONExample', [j], {}, scope).outputs[0];
  });
});

/**
 * tf.io.decode_compressed: each string decompressed (`compression_type` 'ZLIB' or 'GZIP'; '' leaves it as is).
 * @example tf.io.decode_compressed(gzipped, {compression_type: 'GZIP'})
 */
export const decode_compressed = pythonFunction('decode_compressed', ['bytes', "compression_type=''", 'name=None'], 1, function decode_compressed(bytes: TensorLike, options: { compression_type?: string; name?: string | null } = {}): Tensor {
  const type = options.compression_type ?? '';
  return opScope(options.name, 'DecodeCompressed', [bytes], (scope) => {
    const b = convert_to_tensor(bytes, { name: 'bytes', dtype: stringDtype });
    return makeOp('DecodeCompressed', [b], { compression_type: { s: type } }, scope).outputs[0];
  });
});
