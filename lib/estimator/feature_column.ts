/**
 * `tf.feature_column` (TF 1.15's v1 feature_column.py): dense columns (`numeric_column`, `bucketized_column`,
 * `indicator_column`, `embedding_column`) and categorical ones (`categorical_column_with_vocabulary_list`,
 * `…_with_vocabulary_file`, `…_with_identity`, `…_with_hash_bucket`, `crossed_column`,
 * `weighted_categorical_column`), whose ids are SparseTensors as TF's are; `input_layer` (the DNN estimators'
 * input) and `linear_model` (the linear estimators' weighted sum), with TF's scopes and variable names
 * (`linear_model/<column>/weights`, `linear_model/bias_weights`, `input_layer/<column>_embedding/embedding_weights`).
 */
import * as fs from 'fs';
import { DType, as_dtype, float32, int32, int64, string as stringDtype } from '../framework/dtypes';
import { Tensor, get_default_graph } from '../framework/graph';
import { TFTypeError, ValueError } from '../framework/errors';
import { GraphKeys } from '../framework/graph_keys';
import { pythonFunction } from '../framework/python_signature';
import { DTypeLike, TensorLike } from '../ops/op_builder';
import { concat, expand_dims, fill, gather_nd, getitem, identity, one_hot, reshape, shape as shapeOf, stack, tile, transpose, where } from '../ops/array_ops';
import { cast } from '../ops/gen_math_ops';
import { add, add_n, bucketize, greater_equal, less, logical_or, matmul, multiply, not_equal, range, reduce_sum } from '../ops/math_ops';
import { bias_add } from '../ops/nn_ops';
import { assert_greater_equal, assert_less } from '../ops/check_ops';
import { with_dependencies } from '../ops/control_flow_ops';
import { SparseTensor, SparseTensorImpl, SparseTensorValue, convert_to_tensor_or_sparse_tensor } from '../ops/sparse_tensor';
import { sparse_cross_hashed, sparse_merge, sparse_reshape, sparse_slice, sparse_tensor_to_dense } from '../ops/sparse_ops';
import { string_to_hash_bucket_fast } from '../ops/string_ops';
import { as_string } from '../ops/parsing_ops';
import { index_table_from_file, index_table_from_tensor } from '../ops/lookup_ops';
import { safe_embedding_lookup_sparse } from '../ops/embedding_ops';
import { get_variable, variable_scope } from '../variables/variable_scope';
import { Initializer, truncated_normal_initializer, zeros_initializer } from '../variables/initializers';
import { RefVariable } from '../variables/variables';
import { PartitionedVariable } from '../variables/partitioned_variables';

/** A feature as a column reads it: a dense tensor or a SparseTensor. */
export type FeatureTensor = Tensor | SparseTensor;
/** The features a model gets: by key, tensors, SparseTensors or values that convert to them. */
export type FeatureDict = Readonly<Record<string, TensorLike | SparseTensor | SparseTensorValue>>;
/** A categorical column's ids (and optional weights) as SparseTensors (TF's `IdWeightPair`). */
export interface IdWeightPair { readonly id_tensor: SparseTensor; readonly weight_tensor: SparseTensor | null }
/** What `weight_collections`/`trainable` a column's variables are made with. */
interface VariableOptions { readonly weight_collections: readonly string[] | null; readonly trainable: boolean }

/**
 * The features' transformations, each built once (TF's `_LazyBuilder`): a raw feature of rank 1 becomes
 * [batch, 1]; a column's transformation is built where it is first asked for and reused after.
 */
export class LazyBuilder {
  private readonly cache = new Map<string | FeatureColumn, FeatureTensor | readonly [SparseTensor, SparseTensor]>();
  constructor(readonly features: FeatureDict) {}

  get(key: string | FeatureColumn): FeatureTensor {
    const got = this.getAny(key);
    if (Array.isArray(got)) throw new ValueError(`Column ${(key as FeatureColumn).name} transforms to a pair; read it through its sparse tensors`);
    return got as FeatureTensor;
  }

  /** Any transformation, a weighted column's (ids, weights) pair included. */
  getAny(key: string | FeatureColumn): FeatureTensor | readonly [SparseTensor, SparseTensor] {
    const cached = this.cache.get(key);
    if (cached) return cached;
    if (typeof key === 'string') {
      if (!(key in this.features)) throw new ValueError(`Feature ${key} is not in features dictionary.`);
      const raw = convert_to_tensor_or_sparse_tensor(this.features[key] as TensorLike | SparseTensor);
      const rank = raw instanceof Tensor ? raw.shape.ndims : raw.get_shape().ndims;
      if (rank === 0) throw new ValueError(`Feature (key: ${key}) cannot have rank 0. Give: ${String(raw)}`);
      const t = rank !== 1 ? raw : raw instanceof Tensor ? expand_dims(raw, -1) : sparse_reshape(raw, stack([sparseBatch(raw), 1]));
      this.cache.set(key, t);
      return t;
    }
    if (!(key instanceof FeatureColumn)) throw new TFTypeError(`"key" must be either a "str" or "_FeatureColumn". Provided: ${String(key)}`);
    const transformed = key.transformFeature(this);
    this.cache.set(key, transformed);
    return transformed;
  }
}

/** TF's `_FeatureColumn`: a name, and how it transforms the features. */
export abstract class FeatureColumn {
  abstract get name(): string;
  /** The variable scope its variables live in (its name). */
  get var_scope_name(): string { return this.name; }
  abstract transformFeature(inputs: LazyBuilder): FeatureTensor | readonly [SparseTensor, SparseTensor];
  toString(): string { return `${this.constructor.name.replace(/Impl$/, '')}(${this.name})`; }
}

/** TF's `_DenseColumn`: a [batch, ...variable_shape] float tensor per batch. */
export abstract class DenseColumn extends FeatureColumn {
  abstract get variable_shape(): readonly number[];
  abstract getDenseTensor(inputs: LazyBuilder, vars: VariableOptions): Tensor;
}

/** TF's `_CategoricalColumn`: ids in [0, num_buckets) as a SparseTensor, with optional weights. */
export interface CategoricalColumn extends FeatureColumn {
  readonly num_buckets: number;
  getSparseTensors(inputs: LazyBuilder, vars: VariableOptions): IdWeightPair;
}
export function isCategorical(c: unknown): c is CategoricalColumn {
  return c instanceof FeatureColumn && typeof (c as Partial<CategoricalColumn>).getSparseTensors === 'function';
}

const DEFAULT_VARS: VariableOptions = { weight_collections: null, trainable: true };

function checkKey(key: unknown): asserts key is string {
  if (typeof key !== 'string') throw new ValueError(`key must be a string. Got: type ${typeof key}. Given key: ${String(key)}`);
}
function checkStringOrInt(dtype: DType, prefix: string): void {
  if (dtype.base_dtype !== stringDtype && !dtype.is_integer) throw new ValueError(`${prefix} dtype must be string or integer. dtype: ${dtype.name}.`);
}

/**
 * A dense feature as SparseTensor ids, dropping `ignore_value` ('' for strings, -1 for integers) as TF's
 * `_to_sparse_input_and_drop_ignore_values` does; SparseTensors pass through.
 */
function toSparseInput(input: FeatureTensor, ignoreValue: number | string | null = null): SparseTensor {
  if (input instanceof SparseTensorImpl) return input;
  const t = input as Tensor;
  return get_default_graph().name_scope('to_sparse_input', () => {
    const ignore = ignoreValue ?? (t.dtype.base_dtype === stringDtype ? '' : t.dtype.is_integer ? -1 : 0);
    const ignoreT = typeof ignore === 'string' ? identity(ignore, { name: 'ignore_value' }) : cast(ignore, t.dtype.base_dtype, { name: 'ignore_value' });
    const indices = where(not_equal(t, ignoreT), null, null, { name: 'indices' });
    return new SparseTensorImpl(indices, gather_nd(t, indices, { name: 'values' }), shapeOf(t, { out_type: int64, name: 'dense_shape' }));
  });
}

/** A SparseTensor's batch size, `tf.shape(sp)[0]` (int32). */
function sparseBatch(sp: SparseTensor): Tensor { return getitem(cast(sp.dense_shape, int32), 0); }

/** A column's dense tensor as [batch, num_elements] rows. */
function denseRows(column: DenseColumn, inputs: LazyBuilder, vars: VariableOptions): Tensor {
  const tensor = column.getDenseTensor(inputs, vars);
  const n = column.variable_shape.reduce((a, b) => a * b, 1);
  return reshape(tensor, [getitem(shapeOf(tensor), 0), n]);
}

// ---------------------------------------------------------------------------------------------------------------
// Dense columns

/** A dense numeric feature (TF's `_NumericColumn`): `features[key]`, of `shape` per example, as float32. */
export class NumericColumn extends DenseColumn {
  constructor(readonly key: string, readonly shape: readonly number[], readonly default_value: readonly number[] | null, readonly dtype: DType, readonly normalizer_fn: ((t: Tensor) => Tensor) | null) { super(); }
  get name(): string { return this.key; }
  get variable_shape(): readonly number[] { return this.shape; }
  /** How many numbers one example holds. */
  get num_elements(): number { return this.shape.reduce((a, b) => a * b, 1); }

  transformFeature(inputs: LazyBuilder): Tensor {
    let t = inputs.get(this.key);
    if (t instanceof SparseTensorImpl) throw new ValueError(`The corresponding Tensor of numerical column must be a Tensor. SparseTensor is not supported. key: ${this.key}`);
    if (this.normalizer_fn) t = this.normalizer_fn(t as Tensor);
    return cast(t as Tensor, float32);
  }
  getDenseTensor(inputs: LazyBuilder): Tensor { return inputs.get(this) as Tensor; }

  override toString(): string {
    const def = this.default_value ? `(${this.default_value.join(', ')},)` : 'None';
    return `_NumericColumn(key='${this.key}', shape=(${this.shape.join(', ')},), default_value=${def}, dtype=${this.dtype.name}, normalizer_fn=${this.normalizer_fn ? 'fn' : 'None'})`;
  }
}

/**
 * A dense numeric column.
 * @example tf.feature_column.numeric_column('age')
 */
export const numeric_column = pythonFunction('numeric_column', ['key', 'shape=(1,)', 'default_value=None', 'dtype=tf.float32', 'normalizer_fn=None'], 1,
  function numeric_column(key: string, options: { shape?: number | readonly number[]; default_value?: number | readonly number[] | null; dtype?: DTypeLike; normalizer_fn?: ((t: Tensor) => Tensor) | null } = {}): NumericColumn {
    checkKey(key);
    const shape = options.shape === undefined ? [1] : typeof options.shape === 'number' ? [options.shape] : [...options.shape];
    if (shape.some((d) => !Number.isInteger(d) || d < 1)) throw new ValueError(`shape dimensions must be greater than 0. shape: (${shape.join(', ')}), key: ${key}`);
    const dtype = as_dtype(options.dtype ?? float32);
    if (!dtype.is_integer && !dtype.is_floating) throw new ValueError(`dtype must be convertible to float. dtype: ${dtype.name}, key: ${key}`);
    let def: number[] | null = null;
    if (options.default_value !== undefined && options.default_value !== null) {
      const n = shape.reduce((a, b) => a * b, 1);
      def = typeof options.default_value === 'number' ? Array<number>(n).fill(options.default_value) : [...options.default_value].flat(Infinity as 1) as number[];
      if (def.length !== n || def.some((v) => typeof v !== 'number')) throw new TFTypeError(`The shape of default_value must be equal to given shape. default_value: ${String(options.default_value)}, shape: (${shape.join(', ')},), key: ${key}`);
      if (dtype.is_integer && def.some((v) => !Number.isInteger(v))) throw new TFTypeError(`If dtype is integer, default_value must be integer. default_value: ${String(options.default_value)}, key: ${key}`);
    }
    if (options.normalizer_fn !== undefined && options.normalizer_fn !== null && typeof options.normalizer_fn !== 'function') {
      throw new TFTypeError(`normalizer_fn must be a callable. Given: ${String(options.normalizer_fn)}`);
    }
    return new NumericColumn(key, shape, def, dtype, options.normalizer_fn ?? null);
  });

/** A numeric column split into buckets by `boundaries` (TF's `_BucketizedColumn`): one-hot, or ids. */
export class BucketizedColumn extends DenseColumn implements CategoricalColumn {
  constructor(readonly source_column: NumericColumn, readonly boundaries: readonly number[]) { super(); }
  get name(): string { return `${this.source_column.name}_bucketized`; }
  get variable_shape(): readonly number[] { return [...this.source_column.shape, this.boundaries.length + 1]; }
  get num_buckets(): number { return this.source_column.num_elements * (this.boundaries.length + 1); }

  transformFeature(inputs: LazyBuilder): Tensor { return bucketize(inputs.get(this.source_column) as Tensor, this.boundaries); }
  getDenseTensor(inputs: LazyBuilder): Tensor {
    return one_hot(cast(inputs.get(this) as Tensor, int64), this.boundaries.length + 1, { on_value: 1, off_value: 0 });
  }
  /** Each example's buckets as ids, one per source element, offset by (boundaries + 1) × element index. */
  getSparseTensors(inputs: LazyBuilder): IdWeightPair {
    const input = inputs.get(this) as Tensor;
    const batch = getitem(shapeOf(input), 0);
    const dims = this.source_column.shape[0];
    const i1 = reshape(tile(expand_dims(range(0, batch), 1), [1, dims]), [-1]);
    const i2 = tile(range(0, dims), stack([batch]));
    const ids = add(reshape(input, [-1]), multiply(this.boundaries.length + 1, i2));
    const indices = cast(transpose(stack([i1, i2])), int64);
    const denseShape = cast(stack([batch, dims]), int64);
    return { id_tensor: new SparseTensorImpl(indices, ids, denseShape), weight_tensor: null };
  }
}

/**
 * A numeric column's values bucketized by sorted `boundaries`: buckets (-inf, b0), [b0, b1), ..., [bn, inf).
 * @example tf.feature_column.bucketized_column(tf.feature_column.numeric_column('age'), [18, 25, 30])
 */
export const bucketized_column = pythonFunction('bucketized_column', ['source_column', 'boundaries'], 2,
  function bucketized_column(source_column: NumericColumn, boundaries: readonly number[]): BucketizedColumn {
    if (!(source_column instanceof NumericColumn)) throw new ValueError(`source_column must be a column generated with numeric_column(). Given: ${String(source_column)}`);
    if (source_column.shape.length > 1) throw new ValueError(`source_column must be one-dimensional column. Given: ${String(source_column)}`);
    if (!Array.isArray(boundaries) || boundaries.length === 0) throw new ValueError('boundaries must be a sorted list.');
    for (let i = 0; i + 1 < boundaries.length; i++) if (!(boundaries[i] < boundaries[i + 1])) throw new ValueError('boundaries must be a sorted list.');
    return new BucketizedColumn(source_column, [...boundaries]);
  });

/** A categorical column as a multi-hot dense vector (TF's `_IndicatorColumn`): counts (or weights) per id. */
export class IndicatorColumn extends DenseColumn {
  constructor(readonly categorical_column: CategoricalColumn) { super(); }
  get name(): string { return `${this.categorical_column.name}_indicator`; }
  get variable_shape(): readonly number[] { return [this.categorical_column.num_buckets]; }

  transformFeature(inputs: LazyBuilder): Tensor {
    const { id_tensor, weight_tensor } = this.categorical_column.getSparseTensors(inputs, DEFAULT_VARS);
    const depth = this.categorical_column.num_buckets;
    if (weight_tensor) {
      const merged = sparse_merge(id_tensor, weight_tensor, depth);
      // Drops the (?, -1) entries sparse_merge may leave.
      return sparse_tensor_to_dense(sparse_slice(merged, [0, 0], merged.dense_shape));
    }
    const dense = sparse_tensor_to_dense(id_tensor, -1);
    return reduce_sum(one_hot(dense, depth, { on_value: 1, off_value: 0 }), [-2]);
  }
  getDenseTensor(inputs: LazyBuilder): Tensor { return inputs.get(this) as Tensor; }
}

/**
 * A categorical column as a multi-hot vector, for `input_layer` (DNN models).
 * @example tf.feature_column.indicator_column(tf.feature_column.categorical_column_with_identity('digit', 10))
 */
export const indicator_column = pythonFunction('indicator_column', ['categorical_column'], 1, function indicator_column(categorical_column: CategoricalColumn): IndicatorColumn {
  if (!isCategorical(categorical_column)) throw new ValueError(`Unsupported input type. Input must be a _CategoricalColumn. Given: ${String(categorical_column)}`);
  return new IndicatorColumn(categorical_column);
});

export type Combiner = 'mean' | 'sqrtn' | 'sum';
const COMBINERS: readonly string[] = ['mean', 'sqrtn', 'sum'];

/** A categorical column's ids as combined rows of a trained `embedding_weights` table (TF's `_EmbeddingColumn`). */
export class EmbeddingColumn extends DenseColumn {
  constructor(
    readonly categorical_column: CategoricalColumn, readonly dimension: number, readonly combiner: Combiner, readonly initializer: Initializer,
    readonly max_norm: number | null, readonly trainable: boolean,
  ) { super(); }
  get name(): string { return `${this.categorical_column.name}_embedding`; }
  get variable_shape(): readonly number[] { return [this.dimension]; }

  transformFeature(): never { throw new ValueError(`Column ${this.name} is read through its dense tensor`); }
  getDenseTensor(inputs: LazyBuilder, vars: VariableOptions): Tensor {
    const { id_tensor, weight_tensor } = this.categorical_column.getSparseTensors(inputs, vars);
    const weights = get_variable('embedding_weights', [this.categorical_column.num_buckets, this.dimension], {
      dtype: float32, initializer: this.initializer, trainable: this.trainable && vars.trainable, collections: vars.weight_collections ? [...vars.weight_collections] : undefined,
    });
    return safe_embedding_lookup_sparse(weights, id_tensor, { sparse_weights: weight_tensor, combiner: this.combiner, name: `${this.name}_weights`, max_norm: this.max_norm });
  }
}

/**
 * A categorical column embedded in `dimension` trained numbers per id, combined per example by `combiner`.
 * @example tf.feature_column.embedding_column(tf.feature_column.categorical_column_with_hash_bucket('word', 1000), 8)
 */
export const embedding_column = pythonFunction('embedding_column', [
  'categorical_column', 'dimension', "combiner='mean'", 'initializer=None', 'ckpt_to_load_from=None', 'tensor_name_in_ckpt=None', 'max_norm=None', 'trainable=True',
], 2, function embedding_column(categorical_column: CategoricalColumn, dimension: number, options: {
  combiner?: Combiner; initializer?: Initializer | null; ckpt_to_load_from?: string | null; tensor_name_in_ckpt?: string | null; max_norm?: number | null; trainable?: boolean;
} = {}): EmbeddingColumn {
  if (dimension === null || dimension === undefined || !(dimension >= 1)) throw new ValueError(`Invalid dimension ${String(dimension)}.`);
  if ((options.ckpt_to_load_from ?? null) === null !== ((options.tensor_name_in_ckpt ?? null) === null)) {
    throw new ValueError('Must specify both `ckpt_to_load_from` and `tensor_name_in_ckpt` or none of them.');
  }
  if (options.ckpt_to_load_from) throw new ValueError('ckpt_to_load_from is not supported here; restore the embedding through a Saver or the estimator\'s model_dir');
  if (options.initializer !== undefined && options.initializer !== null && typeof options.initializer !== 'function' && typeof options.initializer !== 'object') {
    throw new ValueError(`initializer must be callable if specified. Embedding of column_name: ${categorical_column.name}`);
  }
  if (!isCategorical(categorical_column)) throw new ValueError(`Unsupported input type. Input must be a _CategoricalColumn. Given: ${String(categorical_column)}`);
  const combiner = options.combiner ?? 'mean';
  if (!COMBINERS.includes(combiner)) throw new ValueError(`combiner must be one of 'mean', 'sqrtn' or 'sum', got ${String(combiner)}`);
  const initializer = options.initializer ?? truncated_normal_initializer({ mean: 0, stddev: 1 / Math.sqrt(dimension) });
  return new EmbeddingColumn(categorical_column, dimension, combiner, initializer, options.max_norm ?? null, options.trainable ?? true);
});

// ---------------------------------------------------------------------------------------------------------------
// Categorical columns

/** The vocabulary columns' shared check: the input's kind (integer or not) must be the column's. */
function lookupInput(column: { key: string; dtype: DType }, input: SparseTensor): [SparseTensor, DType] {
  if (column.dtype.is_integer !== input.dtype.is_integer) {
    throw new ValueError(`Column dtype and SparseTensors dtype must be compatible. key: ${column.key}, column dtype: ${column.dtype.name}, tensor dtype: ${input.dtype.name}`);
  }
  checkStringOrInt(input.dtype, `column_name: ${column.key} input_tensor`);
  if (!input.dtype.is_integer) return [input, column.dtype];
  return [new SparseTensorImpl(input.indices, cast(input.values, int64), input.dense_shape), int64];
}

/** Ids by position in an in-memory vocabulary (TF's `_VocabularyListCategoricalColumn`). */
export class VocabularyListCategoricalColumn extends FeatureColumn implements CategoricalColumn {
  constructor(readonly key: string, readonly vocabulary_list: readonly (string | number)[], readonly dtype: DType, readonly default_value: number, readonly num_oov_buckets: number) { super(); }
  get name(): string { return this.key; }
  get num_buckets(): number { return this.vocabulary_list.length + this.num_oov_buckets; }
  transformFeature(inputs: LazyBuilder): SparseTensor {
    const [input, keyDtype] = lookupInput(this, toSparseInput(inputs.get(this.key)));
    const vocab = keyDtype === int64 ? cast(this.vocabulary_list as number[], int64) : [...this.vocabulary_list] as string[];
    return index_table_from_tensor(vocab, { default_value: this.default_value, num_oov_buckets: this.num_oov_buckets, dtype: keyDtype, name: `${this.key}_lookup` }).lookup(input);
  }
  getSparseTensors(inputs: LazyBuilder): IdWeightPair { return { id_tensor: inputs.get(this) as SparseTensor, weight_tensor: null }; }
}

/**
 * A categorical column whose ids are positions in `vocabulary_list`; other values get `default_value`, or with
 * `num_oov_buckets` a hash bucket after the vocabulary.
 * @example tf.feature_column.categorical_column_with_vocabulary_list('color', ['R', 'G', 'B'])
 */
export const categorical_column_with_vocabulary_list = pythonFunction('categorical_column_with_vocabulary_list', [
  'key', 'vocabulary_list', 'dtype=None', 'default_value=-1', 'num_oov_buckets=0',
], 2, function categorical_column_with_vocabulary_list(key: string, vocabulary_list: readonly (string | number)[], options: { dtype?: DTypeLike | null; default_value?: number; num_oov_buckets?: number } = {}): VocabularyListCategoricalColumn {
  if (!vocabulary_list || vocabulary_list.length < 1) throw new ValueError(`vocabulary_list ${String(vocabulary_list)} must be non-empty, column_name: ${key}`);
  if (new Set(vocabulary_list).size !== vocabulary_list.length) throw new ValueError(`Duplicate keys in vocabulary_list ${JSON.stringify(vocabulary_list)}, column_name: ${key}`);
  const vocabDtype = vocabulary_list.every((v) => typeof v === 'string') ? stringDtype : vocabulary_list.every((v) => Number.isInteger(v)) ? int64 : float32;
  const defaultValue = options.default_value ?? -1;
  const oov = options.num_oov_buckets ?? 0;
  if (oov) {
    if (defaultValue !== -1) throw new ValueError(`Can't specify both num_oov_buckets and default_value in ${key}.`);
    if (oov < 0) throw new ValueError(`Invalid num_oov_buckets ${oov} in ${key}.`);
  }
  checkStringOrInt(vocabDtype, `column_name: ${key} vocabulary`);
  let dtype = vocabDtype;
  if (options.dtype !== undefined && options.dtype !== null) {
    dtype = as_dtype(options.dtype);
    if (dtype.is_integer !== vocabDtype.is_integer) throw new ValueError(`dtype ${dtype.name} and vocabulary dtype ${vocabDtype.name} do not match, column_name: ${key}`);
  }
  checkStringOrInt(dtype, `column_name: ${key}`);
  checkKey(key);
  return new VocabularyListCategoricalColumn(key, [...vocabulary_list], dtype, defaultValue, oov);
});

/** Ids by line number in a vocabulary file (TF's `_VocabularyFileCategoricalColumn`). */
export class VocabularyFileCategoricalColumn extends FeatureColumn implements CategoricalColumn {
  constructor(readonly key: string, readonly vocabulary_file: string, readonly vocabulary_size: number, readonly num_oov_buckets: number, readonly default_value: number | null, readonly dtype: DType) { super(); }
  get name(): string { return this.key; }
  get num_buckets(): number { return this.vocabulary_size + this.num_oov_buckets; }
  transformFeature(inputs: LazyBuilder): SparseTensor {
    const [input, keyDtype] = lookupInput(this, toSparseInput(inputs.get(this.key)));
    return index_table_from_file(this.vocabulary_file, {
      num_oov_buckets: this.num_oov_buckets, vocab_size: this.vocabulary_size, default_value: this.default_value ?? -1, key_dtype: keyDtype, name: `${this.key}_lookup`,
    }).lookup(input);
  }
  getSparseTensors(inputs: LazyBuilder): IdWeightPair { return { id_tensor: inputs.get(this) as SparseTensor, weight_tensor: null }; }
}

/**
 * A categorical column whose ids are line numbers in `vocabulary_file` (its first `vocabulary_size` lines,
 * all of them by default).
 * @example tf.feature_column.categorical_column_with_vocabulary_file('color', 'colors.txt', {num_oov_buckets: 1})
 */
export const categorical_column_with_vocabulary_file = pythonFunction('categorical_column_with_vocabulary_file', [
  'key', 'vocabulary_file', 'vocabulary_size=None', 'num_oov_buckets=0', 'default_value=None', 'dtype=tf.string',
], 2, function categorical_column_with_vocabulary_file(key: string, vocabulary_file: string, options: { vocabulary_size?: number | null; num_oov_buckets?: number; default_value?: number | null; dtype?: DTypeLike } = {}): VocabularyFileCategoricalColumn {
  if (!vocabulary_file) throw new ValueError(`Missing vocabulary_file in ${key}.`);
  let size = options.vocabulary_size ?? null;
  if (size === null) {
    if (!fs.existsSync(vocabulary_file)) throw new ValueError(`vocabulary_file in ${key} does not exist.`);
    const text = fs.readFileSync(vocabulary_file, 'utf8');
    size = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  }
  if (size < 1) throw new ValueError(`Invalid vocabulary_size in ${key}.`);
  const oov = options.num_oov_buckets ?? 0;
  if (oov) {
    if (options.default_value !== undefined && options.default_value !== null) throw new ValueError(`Can't specify both num_oov_buckets and default_value in ${key}.`);
    if (oov < 0) throw new ValueError(`Invalid num_oov_buckets ${oov} in ${key}.`);
  }
  const dtype = as_dtype(options.dtype ?? stringDtype);
  checkStringOrInt(dtype, `column_name: ${key}`);
  checkKey(key);
  return new VocabularyFileCategoricalColumn(key, vocabulary_file, size, oov, options.default_value ?? null, dtype);
});

/** Integer features used as ids themselves (TF's `_IdentityCategoricalColumn`). */
export class IdentityCategoricalColumn extends FeatureColumn implements CategoricalColumn {
  constructor(readonly key: string, readonly num_buckets: number, readonly default_value: number | null) { super(); }
  get name(): string { return this.key; }
  transformFeature(inputs: LazyBuilder): SparseTensor {
    const input = toSparseInput(inputs.get(this.key));
    if (!input.dtype.is_integer) throw new ValueError(`Invalid input, not integer. key: ${this.key} dtype: ${input.dtype.name}`);
    let values = cast(input.values, int64, { name: 'values' });
    const numBuckets = cast(this.num_buckets, int64, { name: 'num_buckets' });
    const zero = cast(0, int64, { name: 'zero' });
    if (this.default_value === null) {
      // Out-of-range ids fail.
      const below = assert_less(values, numBuckets, { data: [values, numBuckets], name: 'assert_less_than_num_buckets' });
      const above = assert_greater_equal(values, zero, { data: [values], name: 'assert_greater_or_equal_0' });
      values = with_dependencies([below, above], values);
    } else {
      const outOfRange = logical_or(less(values, zero), greater_equal(values, numBuckets), { name: 'out_of_range' });
      values = where(outOfRange, fill(shapeOf(values), cast(this.default_value, int64), { name: 'default_values' }), values);
    }
    return new SparseTensorImpl(input.indices, values, input.dense_shape);
  }
  getSparseTensors(inputs: LazyBuilder): IdWeightPair { return { id_tensor: inputs.get(this) as SparseTensor, weight_tensor: null }; }
}

/**
 * A categorical column of integer ids in [0, num_buckets); out-of-range ids fail, or take `default_value`.
 * @example tf.feature_column.categorical_column_with_identity('digit', 10)
 */
export const categorical_column_with_identity = pythonFunction('categorical_column_with_identity', ['key', 'num_buckets', 'default_value=None'], 2,
  function categorical_column_with_identity(key: string, num_buckets: number, options: { default_value?: number | null } = {}): IdentityCategoricalColumn {
    if (!(num_buckets >= 1)) throw new ValueError(`num_buckets ${num_buckets} < 1, column_name ${key}`);
    const def = options.default_value ?? null;
    if (def !== null && (def < 0 || def >= num_buckets)) throw new ValueError(`default_value ${def} not in range [0, ${num_buckets}), column_name ${key}`);
    checkKey(key);
    return new IdentityCategoricalColumn(key, num_buckets, def);
  });

/** Ids by hashing (TF's `_HashedCategoricalColumn`: Fingerprint64 of the value as a string, mod buckets). */
export class HashedCategoricalColumn extends FeatureColumn implements CategoricalColumn {
  constructor(readonly key: string, readonly hash_bucket_size: number, readonly dtype: DType) { super(); }
  get name(): string { return this.key; }
  get num_buckets(): number { return this.hash_bucket_size; }
  transformFeature(inputs: LazyBuilder): SparseTensor {
    const input = toSparseInput(inputs.get(this.key));
    checkStringOrInt(input.dtype, `column_name: ${this.key} input_tensor`);
    if (this.dtype.is_integer !== input.dtype.is_integer) {
      throw new ValueError(`Column dtype and SparseTensors dtype must be compatible. key: ${this.key}, column dtype: ${this.dtype.name}, tensor dtype: ${input.dtype.name}`);
    }
    const strings = this.dtype === stringDtype ? input.values : as_string(input.values);
    const ids = string_to_hash_bucket_fast(strings, this.hash_bucket_size, { name: 'lookup' });
    return new SparseTensorImpl(input.indices, ids, input.dense_shape);
  }
  getSparseTensors(inputs: LazyBuilder): IdWeightPair { return { id_tensor: inputs.get(this) as SparseTensor, weight_tensor: null }; }
}

/**
 * A categorical column hashing each value into `hash_bucket_size` ids.
 * @example tf.feature_column.categorical_column_with_hash_bucket('word', 1000)
 */
export const categorical_column_with_hash_bucket = pythonFunction('categorical_column_with_hash_bucket', ['key', 'hash_bucket_size', 'dtype=tf.string'], 2,
  function categorical_column_with_hash_bucket(key: string, hash_bucket_size: number, options: { dtype?: DTypeLike } = {}): HashedCategoricalColumn {
    if (hash_bucket_size === null || hash_bucket_size === undefined) throw new ValueError(`hash_bucket_size must be set. key: ${key}`);
    if (hash_bucket_size < 1) throw new ValueError(`hash_bucket_size must be at least 1. hash_bucket_size: ${hash_bucket_size}, key: ${key}`);
    checkKey(key);
    const dtype = as_dtype(options.dtype ?? stringDtype);
    checkStringOrInt(dtype, `column_name: ${key}`);
    return new HashedCategoricalColumn(key, hash_bucket_size, dtype);
  });

/** The crosses of features and categorical columns, hashed (TF's `_CrossedColumn`). */
export class CrossedColumn extends FeatureColumn implements CategoricalColumn {
  constructor(readonly keys: readonly (string | CategoricalColumn)[], readonly hash_bucket_size: number, readonly hash_key: number | null) { super(); }
  /** The keys with nested crosses flattened (TF's `_collect_leaf_level_keys`). */
  get leaf_keys(): (string | CategoricalColumn)[] { return this.keys.flatMap((k) => (k instanceof CrossedColumn ? k.leaf_keys : [k])); }
  get name(): string { return this.leaf_keys.map((k) => (typeof k === 'string' ? k : k.name)).sort().join('_X_'); }
  get num_buckets(): number { return this.hash_bucket_size; }
  transformFeature(inputs: LazyBuilder): SparseTensor {
    const tensors = this.leaf_keys.map((key): FeatureTensor => {
      if (typeof key === 'string') return inputs.get(key);
      const pair = key.getSparseTensors(inputs, DEFAULT_VARS);
      if (pair.weight_tensor) throw new ValueError(`crossed_column does not support weight_tensor, but the given column populates weight_tensor. Given column: ${key.name}`);
      return pair.id_tensor;
    });
    return sparse_cross_hashed(tensors, this.hash_bucket_size, this.hash_key);
  }
  getSparseTensors(inputs: LazyBuilder): IdWeightPair { return { id_tensor: inputs.get(this) as SparseTensor, weight_tensor: null }; }
}

/**
 * The crosses of `keys` (feature names or categorical columns, hashed columns excepted) hashed into
 * `hash_bucket_size` ids (SparseCross with FingerprintCat64 from `hash_key`).
 * @example tf.feature_column.crossed_column(['a', 'b'], 100)
 */
export const crossed_column = pythonFunction('crossed_column', ['keys', 'hash_bucket_size', 'hash_key=None'], 2,
  function crossed_column(keys: readonly (string | CategoricalColumn)[], hash_bucket_size: number, options: { hash_key?: number | null } = {}): CrossedColumn {
    if (!hash_bucket_size || hash_bucket_size < 1) throw new ValueError(`hash_bucket_size must be > 1. hash_bucket_size: ${hash_bucket_size}`);
    if (!keys || keys.length < 2) throw new ValueError(`keys must be a list with length > 1. Given: ${String(keys)}`);
    for (const key of keys) {
      if (typeof key !== 'string' && !isCategorical(key)) {
        throw new ValueError(`Unsupported key type. All keys must be either string, or categorical column except _HashedCategoricalColumn. Given: ${String(key)}`);
      }
      if (key instanceof HashedCategoricalColumn) {
        throw new ValueError(`categorical_column_with_hash_bucket is not supported for crossing. Hashing before crossing will increase probability of collision. Instead, use the feature name as a string. Given: ${String(key)}`);
      }
    }
    return new CrossedColumn([...keys], hash_bucket_size, options.hash_key ?? null);
  });

/** A categorical column whose ids carry weights from another feature (TF's `_WeightedCategoricalColumn`). */
export class WeightedCategoricalColumn extends FeatureColumn implements CategoricalColumn {
  constructor(readonly categorical_column: CategoricalColumn, readonly weight_feature_key: string, readonly dtype: DType) { super(); }
  get name(): string { return `${this.categorical_column.name}_weighted_by_${this.weight_feature_key}`; }
  get num_buckets(): number { return this.categorical_column.num_buckets; }
  transformFeature(inputs: LazyBuilder): readonly [SparseTensor, SparseTensor] {
    if (!(this.weight_feature_key in inputs.features)) throw new ValueError(`Missing weights ${this.weight_feature_key}.`);
    const raw = convert_to_tensor_or_sparse_tensor(inputs.features[this.weight_feature_key] as TensorLike | SparseTensor);
    if (raw.dtype.base_dtype !== this.dtype) throw new ValueError(`Bad dtype, expected ${this.dtype.name}, but got ${raw.dtype.name}.`);
    let weights = raw instanceof SparseTensorImpl ? raw : toSparseInput(raw, 0);
    if (!weights.dtype.is_floating) weights = new SparseTensorImpl(weights.indices, cast(weights.values, float32), weights.dense_shape);
    return [inputs.get(this.categorical_column) as SparseTensor, weights];
  }
  getSparseTensors(inputs: LazyBuilder): IdWeightPair {
    const [ids, weights] = inputs.getAny(this) as readonly [SparseTensor, SparseTensor];
    return { id_tensor: ids, weight_tensor: weights };
  }
}

/**
 * A categorical column whose ids are weighted by feature `weight_feature_key` (same indices).
 * @example tf.feature_column.weighted_categorical_column(tf.feature_column.categorical_column_with_identity('ids', 10), 'values')
 */
export const weighted_categorical_column = pythonFunction('weighted_categorical_column', ['categorical_column', 'weight_feature_key', 'dtype=tf.float32'], 2,
  function weighted_categorical_column(categorical_column: CategoricalColumn, weight_feature_key: string, options: { dtype?: DTypeLike | null } = {}): WeightedCategoricalColumn {
    const dtype = options.dtype === null ? null : as_dtype(options.dtype ?? float32);
    if (dtype === null || !(dtype.is_integer || dtype.is_floating)) throw new ValueError(`dtype ${dtype?.name ?? 'None'} is not convertible to float.`);
    if (!isCategorical(categorical_column)) throw new ValueError(`Unsupported input type. Input must be a _CategoricalColumn. Given: ${String(categorical_column)}`);
    return new WeightedCategoricalColumn(categorical_column, weight_feature_key, dtype);
  });

// ---------------------------------------------------------------------------------------------------------------
// input_layer and linear_model

/** The features' tensors, as a variable scope's `values` (TF passes `features.values()`). */
export function scopeValues(features: FeatureDict): Tensor[] {
  return Object.values(features).flatMap((v) => (v instanceof Tensor ? [v] : v instanceof SparseTensorImpl ? [v.indices, v.values, v.dense_shape] : []));
}

/** TF's `_check_feature_columns`: a non-empty list of columns with distinct names. */
function checkColumns(feature_columns: readonly FeatureColumn[] | FeatureColumn): FeatureColumn[] {
  const list = feature_columns instanceof FeatureColumn ? [feature_columns] : feature_columns;
  if (!Array.isArray(list)) throw new ValueError('Expected feature_columns to be iterable, found dict.');
  if (!list.length) throw new ValueError('feature_columns must not be empty.');
  const byName = new Map<string, FeatureColumn>();
  for (const c of list) {
    if (!(c instanceof FeatureColumn)) throw new ValueError(`Items of feature_columns must be a _FeatureColumn. Given (type ${typeof c}): ${String(c)}.`);
    const prev = byName.get(c.name);
    if (prev) {
      throw new ValueError(`Duplicate feature column name found for columns: ${String(c)} and ${String(prev)}. This usually means that these columns refer to same base feature. Either one must be discarded or a duplicated but renamed item must be inserted in features dict.`);
    }
    byName.set(c.name, c);
  }
  return [...list].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function collectionsOf(weight_collections: readonly string[] | null | undefined): string[] {
  const collections = [...(weight_collections ?? [])];
  for (const k of [GraphKeys.GLOBAL_VARIABLES, GraphKeys.MODEL_VARIABLES]) if (!collections.includes(k)) collections.push(k);
  return collections;
}

export interface InputLayerOptions {
  weight_collections?: readonly string[] | null;
  trainable?: boolean;
  /** Filled with each column's variables, as TF's cols_to_vars. */
  cols_to_vars?: Map<FeatureColumn, (RefVariable | PartitionedVariable)[]> | null;
  /** Filled with each column's [batch, n] output, as TF's cols_to_output_tensors. */
  cols_to_output_tensors?: Map<FeatureColumn, Tensor> | null;
}

/**
 * The dense columns side by side (TF's `input_layer`): under `input_layer/`, per column in name order its
 * [batch, num_elements] rows in the column's scope, then their concat.
 * @example const net = tf.feature_column.input_layer(features, [tf.feature_column.numeric_column('x', {shape: [3]})]);
 */
export const input_layer = pythonFunction('input_layer', ['features', 'feature_columns', 'weight_collections=None', 'trainable=True', 'cols_to_vars=None', 'cols_to_output_tensors=None'], 2,
  function input_layer(features: FeatureDict, feature_columns: readonly FeatureColumn[] | FeatureColumn, options: InputLayerOptions = {}): Tensor {
    const ordered = checkColumns(feature_columns);
    for (const c of ordered) {
      if (!(c instanceof DenseColumn)) throw new ValueError(`Items of feature_columns must be a _DenseColumn. You can wrap a categorical column with an embedding_column or indicator_column. Given: ${String(c)}`);
    }
    const vars: VariableOptions = { weight_collections: collectionsOf(options.weight_collections), trainable: options.trainable ?? true };
    return variable_scope(null, { default_name: 'input_layer', values: scopeValues(features) }, () => {
      const builder = new LazyBuilder(features);
      const outputs = ordered.map((column) => variable_scope(null, { default_name: column.var_scope_name }, (scope) => {
        const before = new Set(get_default_graph().get_collection(GraphKeys.GLOBAL_VARIABLES));
        const out = denseRows(column as DenseColumn, builder, vars);
        options.cols_to_vars?.set(column, get_default_graph().get_collection<RefVariable>(GraphKeys.GLOBAL_VARIABLES).filter((v) => !before.has(v) && v.op.name.startsWith(`${scope.name}/`)));
        options.cols_to_output_tensors?.set(column, out);
        return out;
      }));
      return concat(outputs, 1);
    });
  });

export interface LinearModelOptions {
  units?: number;
  /** How a categorical column's weights combine per example: 'sum' (the default), 'mean' or 'sqrtn'. */
  sparse_combiner?: Combiner;
  /** Collections the weights join besides GLOBAL_VARIABLES and MODEL_VARIABLES. */
  weight_collections?: readonly string[] | null;
  trainable?: boolean;
  /** Filled with each column's weights (and `bias` with the bias), as TF's cols_to_vars. */
  cols_to_vars?: Map<FeatureColumn | 'bias', (RefVariable | PartitionedVariable)> | null;
}

/**
 * The logits of a linear model over `feature_columns` (TF's `linear_model`): under `linear_model/`, per
 * column in name order a `weights` variable ([num_elements, units] for a dense column, [num_buckets, units]
 * for a categorical one, whose ids select and combine rows) and its `weighted_sum`, then
 * `weighted_sum_no_bias` (AddN), `bias_weights` [units] and `weighted_sum` (BiasAdd).
 */
export const linear_model = pythonFunction('linear_model', ['features', 'feature_columns', 'units=1', "sparse_combiner='sum'", 'weight_collections=None', 'trainable=True', 'cols_to_vars=None'], 2,
  function linear_model(features: FeatureDict, feature_columns: readonly FeatureColumn[] | FeatureColumn, options: LinearModelOptions = {}): Tensor {
    const units = options.units ?? 1;
    const combiner = options.sparse_combiner ?? 'sum';
    if (!COMBINERS.includes(combiner)) throw new ValueError(`sparse_combiner must be one of 'mean', 'sqrtn' or 'sum', got ${String(combiner)}`);
    const ordered = checkColumns(feature_columns);
    for (const c of ordered) {
      if (!(c instanceof DenseColumn) && !isCategorical(c)) throw new ValueError(`Items of feature_columns must be either a _DenseColumn or _CategoricalColumn. Given: ${String(c)}`);
    }
    const collections = collectionsOf(options.weight_collections);
    const trainable = options.trainable ?? true;
    const vars: VariableOptions = { weight_collections: collections, trainable };
    return variable_scope(null, { default_name: 'linear_model', values: scopeValues(features) }, () => {
      const builder = new LazyBuilder(features);
      const sums = ordered.map((column) =>
        variable_scope(null, { default_name: column.var_scope_name }, () => {
          if (isCategorical(column)) {
            // TF's _create_categorical_column_weighted_sum: the ids (and weights) as [batch, ?] rows.
            const pair = column.getSparseTensors(builder, vars);
            const ids = sparse_reshape(pair.id_tensor, stack([sparseBatch(pair.id_tensor), -1]));
            const w = pair.weight_tensor ? sparse_reshape(pair.weight_tensor, stack([sparseBatch(pair.weight_tensor), -1])) : null;
            const weights = get_variable('weights', [column.num_buckets, units], { initializer: zeros_initializer(), trainable, collections });
            options.cols_to_vars?.set(column, weights);
            return safe_embedding_lookup_sparse(weights, ids, { sparse_weights: w, combiner, name: 'weighted_sum' });
          }
          const dense = column as DenseColumn;
          const flat = denseRows(dense, builder, vars);
          const n = dense.variable_shape.reduce((a, b) => a * b, 1);
          const weights = get_variable('weights', [n, units], { initializer: zeros_initializer(), trainable, collections });
          options.cols_to_vars?.set(column, weights);
          return matmul(flat, weights, { name: 'weighted_sum' });
        }));
      const noBias = add_n(sums, { name: 'weighted_sum_no_bias' });
      const bias = get_variable('bias_weights', [units], { initializer: zeros_initializer(), trainable, collections });
      options.cols_to_vars?.set('bias', bias);
      return bias_add(noBias, bias, { name: 'weighted_sum' });
    });
  });
