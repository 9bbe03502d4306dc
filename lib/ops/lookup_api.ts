/** The `tf.lookup` namespace (TF 1.15's, with TF 1.x's `HashTable` name beside `StaticHashTable`). Re-exports only. */
export {
  KeyValueTensorInitializer, StaticHashTable, StaticHashTable as HashTable, TextFileIndex, TextFileInitializer, index_table_from_file, index_table_from_tensor, index_to_string_table_from_tensor,
} from './lookup_ops';
