/**
 * Lookup tables as TF 1.x builds them for string-to-id lookups (estimators' vocabulary columns):
 * `HashTableV2` (a table resource), `InitializeTableV2`, `LookupTableFindV2`, `LookupTableSizeV2`, and the
 * builders `tf.lookup.StaticHashTable` (TF 1.x's `tf.contrib.lookup.HashTable`), `KeyValueTensorInitializer`,
 * `index_table_from_tensor`, `tf.tables_initializer`.
 */
import { DType, as_dtype, int64, resource } from '../framework/dtypes';
import { Operation, Tensor, get_default_graph, registerOp } from '../framework/graph';
import { TFTypeError, UnimplementedError, ValueError } from '../framework/errors';
import { GraphKeys } from '../framework/graph_keys';
import { dtypeFromAttr, fixedDtypes, shapeOfInput } from './schema_util';
import { DTypeLike, TensorLike, convert_to_tensor, makeOp, opScope } from './op_builder';
import { registerNotDifferentiable } from './gradient_util';
import { group } from './control_flow_ops';
import { range } from './math_ops';
import { size } from './array_ops';
import { pythonClass, pythonFunction } from '../framework/python_signature';

registerOp({
  type: 'HashTableV2', stateful: true, outputDtypes: fixedDtypes(resource), inferShapes: () => [[]],
  attrDefaults: { container: { s: '' }, shared_name: { s: '' }, use_node_name_sharing: { b: false } },
});
registerOp({ type: 'InitializeTableV2', stateful: true, outputDtypes: fixedDtypes() });
registerOp({ type: 'LookupTableFindV2', outputDtypes: dtypeFromAttr('Tout'), inferShapes: shapeOfInput(1) });
registerOp({ type: 'LookupTableSizeV2', outputDtypes: fixedDtypes(int64), inferShapes: () => [[]] });
registerNotDifferentiable('HashTableV2', 'InitializeTableV2', 'LookupTableFindV2', 'LookupTableSizeV2');

/** Keys and values to fill a table with (TF's `KeyValueTensorInitializer`). */
export class KeyValueTensorInitializerImpl {
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

  constructor(initializer: KeyValueTensorInitializer, default_value: TensorLike, name: string | null = null) {
    if (!(initializer instanceof KeyValueTensorInitializerImpl)) throw new ValueError(`initializer must be a KeyValueTensorInitializer, got ${String(initializer)}`);
    this.key_dtype = initializer.key_dtype;
    this.value_dtype = initializer.value_dtype;
    const g = get_default_graph();
    const scopeName = name ?? 'hash_table';
    const made = g.name_scope(scopeName, (scope) => ({
      handle: makeOp('HashTableV2', [], {
        key_dtype: { type: this.key_dtype }, value_dtype: { type: this.value_dtype },
        container: { s: '' }, shared_name: { s: '' }, use_node_name_sharing: { b: false },
      }, scope).outputs[0],
      def: convert_to_tensor(default_value, { dtype: this.value_dtype, name: 'Const' }),
    }));
    this.resource_handle = made.handle;
    this.default_value = made.def;
    // The initializer op lives under the table's scope (`<table>/table_init`), as TF names it.
    this.initializer = g.name_scope(`${made.handle.op.name}/`, () => initializer.initialize(this));
  }

  /** The values of `keys` (any shape), `default_value` where a key is missing. */
  lookup(keys: TensorLike, options: { name?: string } = {}): Tensor {
    return opScope(options.name, 'hash_table_Lookup', [keys], (scope) => {
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

/**
 * A table mapping each string of `vocabulary_list` to its position (int64), `default_value` (-1) for others
 * (TF's `index_table_from_tensor`).
 * @example tf.lookup.index_table_from_tensor(['a', 'b']).lookup(['b', 'z'])  // [1, -1]
 */
export const index_table_from_tensor = pythonFunction('index_table_from_tensor', [
  'vocabulary_list', 'num_oov_buckets=0', 'default_value=-1', 'hasher_spec=FastHashSpec', 'dtype=tf.string', 'name=None',
], 1, function index_table_from_tensor(vocabulary_list: TensorLike, options: { num_oov_buckets?: number; default_value?: number; dtype?: DTypeLike; name?: string } = {}): StaticHashTable {
  if (vocabulary_list === null || vocabulary_list === undefined) throw new ValueError('vocabulary_list must be specified.');
  if (options.num_oov_buckets) throw new UnimplementedError(null, null, 'index_table_from_tensor(num_oov_buckets > 0) needs hash buckets (TF\'s Fingerprint64 string hashing), which are not implemented');
  return get_default_graph().name_scope(options.name ?? 'string_to_index', () => {
    const keys = convert_to_tensor(vocabulary_list, { dtype: as_dtype(options.dtype ?? 'string'), name: 'vocabulary_list' });
    const values = range(0, size(keys, { out_type: int64 }), 1, { dtype: int64 });
    const init = new KeyValueTensorInitializerImpl(keys, values, null, int64, 'table_init_kv');
    return new StaticHashTableImpl(init, options.default_value ?? -1, 'hash_table');
  });
});

/** One op running every table initializer of the graph (TF's `tf.tables_initializer`). */
export const tables_initializer = pythonFunction('tables_initializer', ["name='init_all_tables'"], 0, function tables_initializer(options: { name?: string } = {}): Operation {
  return group(get_default_graph().get_collection<Operation>(GraphKeys.TABLE_INITIALIZERS), { name: options.name ?? 'init_all_tables' });
});
