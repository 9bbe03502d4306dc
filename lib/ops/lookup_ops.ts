/**
 * Lookup tables as TF 1.x builds them for string-to-id lookups (estimators' vocabulary columns):
 * `HashTableV2` (a table resource), `InitializeTableV2`, `LookupTableFindV2`, `LookupTableSizeV2`, and the
 * builders `tf.lookup.StaticHashTable` (TF 1.x's `tf.contrib.lookup.HashTable`), `KeyValueTensorInitializer`,
 * `index_table_from_tensor`, `tf.tables_initializer`.
 */
import { DType, as_dtype, int64, resource, string as stringDtype } from '../framework/dtypes';
import { Operation, Tensor, get_default_graph, registerOp } from '../framework/graph';
import { TFTypeError, ValueError } from '../framework/errors';
import { GraphKeys } from '../framework/graph_keys';
import { dtypeFromAttr, fixedDtypes, shapeOfInput } from './schema_util';
import { DTypeLike, TensorLike, convert_to_tensor, makeOp, opScope } from './op_builder';
import { registerNotDifferentiable } from './gradient_util';
import { group } from './control_flow_ops';
import { pythonClass, pythonFunction } from '../framework/python_signature';
import { SparseTensor, SparseTensorImpl } from './sparse_tensor';
import { string_to_hash_bucket_fast } from './string_ops';
import { as_string } from './parsing_ops';
import { add, cast, not_equal, range } from './math_ops';
import { size, where } from './array_ops';

registerOp({
  type: 'HashTableV2', stateful: true, outputDtypes: fixedDtypes(resource), inferShapes: () => [[]],
  attrDefaults: { container: { s: '' }, shared_name: { s: '' }, use_node_name_sharing: { b: false } },
});
registerOp({ type: 'InitializeTableV2', stateful: true, outputDtypes: fixedDtypes() });
registerOp({ type: 'InitializeTableFromTextFileV2', stateful: true, outputDtypes: fixedDtypes(), attrDefaults: { vocab_size: { i: -1 }, delimiter: { s: '\t' } } });
registerOp({ type: 'LookupTableFindV2', outputDtypes: dtypeFromAttr('Tout'), inferShapes: shapeOfInput(1) });
registerOp({ type: 'LookupTableSizeV2', outputDtypes: fixedDtypes(int64), inferShapes: () => [[]] });
registerNotDifferentiable('HashTableV2', 'InitializeTableV2', 'InitializeTableFromTextFileV2', 'LookupTableFindV2', 'LookupTableSizeV2');

/** What fills a table: its key and value dtypes, and the op that fills it. */
export interface TableInitializer {
  readonly key_dtype: DType;
  readonly value_dtype: DType;
  /** The table's shared_name, when the initializer names one (text files do). */
  readonly shared_name?: string;
  initialize(table: StaticHashTableImpl): Operation;
}

/** Keys and values to fill a table with (TF's `KeyValueTensorInitializer`). */
export class KeyValueTensorInitializerImpl implements TableInitializer {
  readonly shared_name?: string;
  readonly keys: Tensor;
  readonly values: Tensor;
  constructor(keys: TensorLike, values: TensorLike, key_dtype: DTypeLike | null = null, value_dtype: DTypeLike | null = null, name: string | null = null) {
    [this.keys, this.values] = get_default_graph().name_scope(name ?? 'key_value_init', () => [
      convert_to_tensor(keys, { dtype: key_dtype, name: 'keys' }), convert_to_tensor(values, { dtype: value_dtype, name: 'values' }),
    ]);
  }
  get key_dtype(): DType { return this.keys.dtype.base_dtype; }
  get value_dtype(): DType { return this.values.dtype.base_dtype; }

  /** The op filling `table` (added to the table initializers collection). */
  initialize(table: StaticHashTableImpl): Operation {
    return get_default_graph().name_scope('table_init', (scope) => {
      const op = makeOp('InitializeTableV2', [table.resource_handle, this.keys, this.values], { Tkey: { type: this.key_dtype }, Tval: { type: this.value_dtype } }, scope);
      get_default_graph().add_to_collection(GraphKeys.TABLE_INITIALIZERS, op);
      return op;
    });
  }
}
export const KeyValueTensorInitializer = pythonClass('KeyValueTensorInitializer', ['keys', 'values', 'key_dtype=None', 'value_dtype=None', 'name=None'], 5, KeyValueTensorInitializerImpl);
export type KeyValueTensorInitializer = KeyValueTensorInitializerImpl;

/** A table filled once by its initializer, answering `default_value` for missing keys (TF's HashTable). */
export class StaticHashTableImpl {
  readonly resource_handle: Tensor;
  readonly initializer: Operation;
  readonly default_value: Tensor;
  readonly key_dtype: DType;
  readonly value_dtype: DType;

  constructor(initializer: TableInitializer, default_value: TensorLike, name: string | null = null) {
    if (!(initializer instanceof KeyValueTensorInitializerImpl || initializer instanceof TextFileInitializerImpl)) {
      throw new ValueError(`initializer must be a KeyValueTensorInitializer or TextFileInitializer, got ${String(initializer)}`);
    }
    this.key_dtype = initializer.key_dtype;
    this.value_dtype = initializer.value_dtype;
    const g = get_default_graph();
    const scopeName = name ?? 'hash_table';
    const made = g.name_scope(scopeName, (scope) => ({
      handle: makeOp('HashTableV2', [], {
        key_dtype: { type: this.key_dtype }, value_dtype: { type: this.value_dtype },
        container: { s: '' }, shared_name: { s: initializer.shared_name ?? '' }, use_node_name_sharing: { b: false },
      }, scope).outputs[0],
      def: convert_to_tensor(default_value, { dtype: this.value_dtype, name: 'Const' }),
    }));
    this.resource_handle = made.handle;
    this.default_value = made.def;
    // The initializer op lives under the table's scope (`<table>/table_init`), as TF names it.
    this.initializer = g.name_scope(`${made.handle.op.name}/`, () => initializer.initialize(this));
  }

  /** The values of `keys` (any shape, or a SparseTensor's values), `default_value` where a key is missing. */
  lookup(keys: TensorLike, options?: { name?: string }): Tensor;
  lookup(keys: SparseTensor, options?: { name?: string }): SparseTensor;
  lookup(keys: TensorLike | SparseTensor, options?: { name?: string }): Tensor | SparseTensor;
  lookup(keys: TensorLike | SparseTensor, options: { name?: string } = {}): Tensor | SparseTensor {
    if (keys instanceof SparseTensorImpl) return new SparseTensorImpl(keys.indices, this.lookup(keys.values, options), keys.dense_shape);
    return opScope(options.name, 'hash_table_Lookup', [keys as TensorLike], (scope) => {
      if (keys instanceof Tensor && keys.dtype.base_dtype !== this.key_dtype) {
        throw new TFTypeError(`Signature mismatch. Keys must be dtype ${this.key_dtype.name}, got ${keys.dtype.name}.`);
      }
      const k = convert_to_tensor(keys, { dtype: this.key_dtype, name: 'keys' });
      return makeOp('LookupTableFindV2', [this.resource_handle, k, this.default_value], { Tin: { type: this.key_dtype }, Tout: { type: this.value_dtype } }, scope).outputs[0];
    });
  }

  /** The number of entries (an int64 scalar). */
  size(options: { name?: string } = {}): Tensor {
    return opScope(options.name, 'Size', [], (scope) => makeOp('LookupTableSizeV2', [this.resource_handle], {}, scope).outputs[0]);
  }
}
export const StaticHashTable = pythonClass('StaticHashTable', ['initializer', 'default_value', 'name=None'], 3, StaticHashTableImpl);
export type StaticHashTable = StaticHashTableImpl;

/** TF's TextFileIndex: a line's whole text as the key, or its number as the value. */
export const TextFileIndex = { WHOLE_LINE: -2, LINE_NUMBER: -1 } as const;

/**
 * A table filled from a text file, one entry per line (TF's `TextFileInitializer`): the key and value are a
 * line's column (split by `delimiter`), its whole text (-2) or its number (-1), for the first `vocab_size` lines.
 */
export class TextFileInitializerImpl implements TableInitializer {
  readonly shared_name: string;
  constructor(
    readonly filename: string, readonly key_dtype: DType, readonly key_index: number, readonly value_dtype: DType, readonly value_index: number,
    readonly vocab_size: number | null = null, readonly delimiter = '\t', readonly name: string | null = null,
  ) {
    // TF shares a file's table by its file, size and columns.
    this.shared_name = `hash_table_${filename}_${vocab_size ?? -1}_${key_index}_${value_index}`;
  }

  initialize(table: StaticHashTableImpl): Operation {
    return get_default_graph().name_scope(this.name ?? 'text_file_init', (scope) => {
      const g = get_default_graph();
      const filename = convert_to_tensor(this.filename, { dtype: stringDtype, name: 'asset_filepath' });
      const op = makeOp('InitializeTableFromTextFileV2', [table.resource_handle, filename], {
        key_index: { i: this.key_index }, value_index: { i: this.value_index }, vocab_size: { i: this.vocab_size ?? -1 }, delimiter: { s: this.delimiter },
      }, scope);
      g.add_to_collection(GraphKeys.TABLE_INITIALIZERS, op);
      g.add_to_collection(GraphKeys.ASSET_FILEPATHS, filename);
      return op;
    });
  }
}
export const TextFileInitializer = pythonClass('TextFileInitializer', [
  'filename', 'key_dtype', 'key_index', 'value_dtype', 'value_index', 'vocab_size=None', "delimiter='\\t'", 'name=None',
], 8, TextFileInitializerImpl);
export type TextFileInitializer = TextFileInitializerImpl;

/**
 * A table whose missing keys hash into `num_oov_buckets` extra ids after the table's own (TF's
 * `IdTableWithHashBuckets`): a key's id is its table value, else table size + Fingerprint64(key as a
 * string) mod num_oov_buckets.
 */
export class IdTableWithHashBucketsImpl {
  constructor(readonly table: StaticHashTableImpl, readonly num_oov_buckets: number, readonly key_dtype: DType) {}
  get name(): string { return this.table.resource_handle.op.name.split('/').pop() ?? 'hash_table'; }
  get resource_handle(): Tensor { return this.table.resource_handle; }
  get initializer(): Operation { return this.table.initializer; }
  get value_dtype(): DType { return this.table.value_dtype; }

  lookup(keys: TensorLike, options?: { name?: string }): Tensor;
  lookup(keys: SparseTensor, options?: { name?: string }): SparseTensor;
  lookup(keys: TensorLike | SparseTensor, options?: { name?: string }): Tensor | SparseTensor;
  lookup(keys: TensorLike | SparseTensor, options: { name?: string } = {}): Tensor | SparseTensor {
    let values = keys instanceof SparseTensorImpl ? keys.values : convert_to_tensor(keys as TensorLike, { dtype: this.key_dtype });
    if (this.table.key_dtype === int64) values = cast(values, int64);
    const ids = opScope(options.name, `${this.name}_Lookup`, [values], () => {
      const asStr = values.dtype.base_dtype === stringDtype ? values : as_string(values);
      let buckets = string_to_hash_bucket_fast(asStr, this.num_oov_buckets, { name: 'hash_bucket' });
      const found = this.table.lookup(values);
      buckets = add(buckets, this.table.size());
      return where(not_equal(found, this.table.default_value), found, buckets);
    });
    return keys instanceof SparseTensorImpl ? new SparseTensorImpl(keys.indices, ids, keys.dense_shape) : ids;
  }

  size(options: { name?: string } = {}): Tensor { return add(this.table.size(), this.num_oov_buckets, options); }
}
export type IdTable = StaticHashTableImpl | IdTableWithHashBucketsImpl;

function checkOov(num_oov_buckets: number): void {
  if (!Number.isInteger(num_oov_buckets) || num_oov_buckets < 0) throw new ValueError(`num_oov_buckets must be greater or equal than 0, got ${num_oov_buckets}.`);
}

/**
 * A table mapping each entry of `vocabulary_list` (strings, or integers as int64) to its position (int64),
 * `default_value` (-1) for others, or with `num_oov_buckets` a hash bucket after the vocabulary (TF's
 * `index_table_from_tensor`).
 * @example tf.lookup.index_table_from_tensor(['a', 'b']).lookup(['b', 'z'])  // [1, -1]
 */
export const index_table_from_tensor = pythonFunction('index_table_from_tensor', [
  'vocabulary_list', 'num_oov_buckets=0', 'default_value=-1', 'hasher_spec=FastHashSpec', 'dtype=tf.string', 'name=None',
], 1, function index_table_from_tensor(vocabulary_list: TensorLike, options: { num_oov_buckets?: number; default_value?: number; dtype?: DTypeLike; name?: string } = {}): IdTable {
  if (vocabulary_list === null || vocabulary_list === undefined) throw new ValueError('vocabulary_list must be specified.');
  const oov = options.num_oov_buckets ?? 0;
  checkOov(oov);
  const dtype = as_dtype(options.dtype ?? 'string');
  return get_default_graph().name_scope(options.name ?? 'string_to_index', () => {
    // Integral JavaScript numbers are Python's ints here (they convert as the integer dtype asked for).
    const ints = dtype.is_integer && Array.isArray(vocabulary_list) && vocabulary_list.flat(Infinity as 1).every((v) => Number.isInteger(v));
    const keys = convert_to_tensor(vocabulary_list, { dtype: dtype.is_integer ? (ints ? dtype : undefined) : dtype, name: 'vocabulary_list' });
    if (keys.dtype.is_integer !== dtype.is_integer) {
      throw new ValueError(`Expected ${dtype.is_integer ? 'integer' : 'non-integer'}, got ${keys.dtype.name}.`);
    }
    const values = range(0, size(keys, { out_type: int64 }), 1, { dtype: int64 });
    const tableKeys = keys.dtype.is_integer ? cast(keys, int64) : keys;
    const init = new KeyValueTensorInitializerImpl(tableKeys, values, null, int64, 'table_init_kv');
    const table = new StaticHashTableImpl(init, options.default_value ?? -1, 'hash_table');
    return oov ? new IdTableWithHashBucketsImpl(table, oov, dtype) : table;
  });
});

/**
 * A table mapping int64 positions to the entries of `vocabulary_list` (strings), `default_value` ('UNK')
 * for other ids (TF's `index_to_string_table_from_tensor`, its ops under `index_to_string/`).
 * @example tf.lookup.index_to_string_table_from_tensor(['a', 'b']).lookup(tf.constant([1, 5], {dtype: tf.int64}))  // ['b', 'UNK']
 */
export const index_to_string_table_from_tensor = pythonFunction('index_to_string_table_from_tensor', [
  'vocabulary_list', "default_value='UNK'", 'name=None',
], 1, function index_to_string_table_from_tensor(vocabulary_list: TensorLike, options: { default_value?: string; name?: string } = {}): StaticHashTableImpl {
  if (vocabulary_list === null || vocabulary_list === undefined) throw new ValueError('`vocabulary_list` argument must be specified.');
  return get_default_graph().name_scope(options.name ?? 'index_to_string', () => {
    const values = convert_to_tensor(vocabulary_list, { dtype: stringDtype });
    const keys = cast(range(size(values)), int64);
    const init = new KeyValueTensorInitializerImpl(keys, values, int64, stringDtype);
    return new StaticHashTableImpl(init, options.default_value ?? 'UNK');
  });
});

/**
 * A table mapping each line of `vocabulary_file` (its first `vocab_size` lines) to its line number (int64),
 * `default_value` for others, or with `num_oov_buckets` a hash bucket after them (TF's `index_table_from_file`).
 * @example tf.lookup.index_table_from_file('vocab.txt', {num_oov_buckets: 1})
 */
export const index_table_from_file = pythonFunction('index_table_from_file', [
  'vocabulary_file=None', 'num_oov_buckets=0', 'vocab_size=None', 'default_value=-1', 'hasher_spec=FastHashSpec', 'key_dtype=tf.string', 'name=None',
  'key_column_index=TextFileIndex.WHOLE_LINE', 'value_column_index=TextFileIndex.LINE_NUMBER', "delimiter='\\t'",
], 1, function index_table_from_file(vocabulary_file: string, options: {
  num_oov_buckets?: number; vocab_size?: number | null; default_value?: number; key_dtype?: DTypeLike; name?: string;
  key_column_index?: number; value_column_index?: number; delimiter?: string;
} = {}): IdTable {
  if (!vocabulary_file) throw new ValueError('vocabulary_file must be specified and must not be empty.');
  const oov = options.num_oov_buckets ?? 0;
  checkOov(oov);
  if (options.vocab_size !== undefined && options.vocab_size !== null && options.vocab_size < 1) {
    throw new ValueError(`vocab_size must be greater than 0, got ${options.vocab_size}. vocabulary_file: ${vocabulary_file}`);
  }
  const keyDtype = as_dtype(options.key_dtype ?? 'string');
  return get_default_graph().name_scope(options.name ?? 'string_to_index', () => {
    const init = new TextFileInitializerImpl(vocabulary_file, keyDtype.is_integer ? int64 : keyDtype, options.key_column_index ?? TextFileIndex.WHOLE_LINE,
      int64, options.value_column_index ?? TextFileIndex.LINE_NUMBER, options.vocab_size ?? null, options.delimiter ?? '\t', 'table_init');
    const table = new StaticHashTableImpl(init, options.default_value ?? -1, 'hash_table');
    return oov ? new IdTableWithHashBucketsImpl(table, oov, keyDtype) : table;
  });
});

/** One op running every table initializer of the graph (TF's `tf.tables_initializer`). */
export const tables_initializer = pythonFunction('tables_initializer', ["name='init_all_tables'"], 0, function tables_initializer(options: { name?: string } = {}): Operation {
  return group(get_default_graph().get_collection<Operation>(GraphKeys.TABLE_INITIALIZERS), { name: options.name ?? 'init_all_tables' });
});
/** TF 1.15's deprecated name of tables_initializer. */
export const initialize_all_tables = tables_initializer;

