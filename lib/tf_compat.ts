/**
 * The `tf.compat` namespace as TF 1.15 has it: `tf.compat.v1`, the v1 API (the `tf` namespace itself), and the
 * conversions between text and bytes. Re-exports only.
 */
export * as v1 from './tf';
export { as_bytes, as_text, as_str, as_str_any, path_to_str } from './framework/compat';
export type { BytesOrText } from './framework/compat';
