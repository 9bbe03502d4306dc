/** The `tf.strings` namespace. Re-exports only. */
export {
  string_format as format, string_join as join, string_strip as strip, string_length as length, substr, regex_replace, reduce_join, strings_split as split,
  string_to_hash_bucket_fast as to_hash_bucket_fast,
} from './ops/string_ops';
export { string_to_number as to_number, as_string } from './ops/parsing_ops';
export { string_to_hash_bucket_strong as to_hash_bucket_strong } from './ops/hash_bucket_ops';
