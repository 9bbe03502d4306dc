/** The `tf.strings` namespace. Re-exports only. */
export { string_format as format } from './ops/string_ops';
