/**
 * tf.string_to_hash_bucket (TF's StringToHashBucket: the legacy Hash64 of tensorflow/core/lib/hash, seed
 * 0xDECAFCAFFE) and tf.string_to_hash_bucket_strong (StringToHashBucketStrong: SipHash-2-4 under a 128-bit key),
 * each string's hash modulo num_buckets, as int64.
 */
import { Tensor, registerOp } from '../framework/graph';
import { int64, string as stringDtype } from '../framework/dtypes';
import { TFTypeError, ValueError } from '../framework/errors';
import { pythonFunction } from '../framework/python_signature';
import { registerNotDifferentiable } from './gradient_util';
import { TensorLike, convert_to_tensor, makeOp, opScope } from './op_builder';
import { shapeOfInput } from './schema_util';

registerOp({ type: 'StringToHashBucket', outputDtypes: () => [int64], inferShapes: shapeOfInput(0) });
registerOp({ type: 'StringToHashBucketStrong', outputDtypes: () => [int64], inferShapes: shapeOfInput(0) });
registerNotDifferentiable('StringToHashBucket', 'StringToHashBucketStrong');

function checkBuckets(num_buckets: number): void {
  if (!Number.isInteger(num_buckets) || num_buckets < 1) throw new ValueError(`Value for attr 'num_buckets' of ${num_buckets} must be at least minimum 1`);
}

/**
 * Each string's bucket by TF's legacy Hash64 (deprecated in TF for string_to_hash_bucket_fast, which is faster).
 * TF 1.15 names the strings `string_tensor` (`input` is its later name, also taken).
 * @example tf.string_to_hash_bucket(['a', 'b', 'c'], 10)  // [8, 0, 7]
 */
export const string_to_hash_bucket = pythonFunction('string_to_hash_bucket', ['string_tensor=None', 'num_buckets=None', 'name=None', 'input=None'], 2, function string_to_hash_bucket(string_tensor: TensorLike | null, num_buckets: number, options: { name?: string; input?: TensorLike | null } = {}): Tensor {
  const strings = string_tensor ?? options.input;
  if (strings === null || strings === undefined) throw new TFTypeError("string_to_hash_bucket() missing 1 required argument: 'string_tensor'");
  checkBuckets(num_buckets);
  return opScope(options.name, 'StringToHashBucket', [strings], (scope) =>
    makeOp('StringToHashBucket', [convert_to_tensor(strings, { dtype: stringDtype, name: 'string_tensor' })], { num_buckets: { i: num_buckets } }, scope).outputs[0]);
});

/**
 * Each string's bucket by SipHash-2-4 keyed with `key` (two non-negative integers), which an adversary without the
 * key cannot steer.
 * @example tf.string_to_hash_bucket_strong(['a', 'b', 'c'], 10, [98765, 132])  // [4, 2, 8]
 */
export const string_to_hash_bucket_strong = pythonFunction('string_to_hash_bucket_strong', ['input', 'num_buckets', 'key', 'name=None'], 3, function string_to_hash_bucket_strong(input: TensorLike, num_buckets: number, key: readonly number[], options: { name?: string } = {}): Tensor {
  checkBuckets(num_buckets);
  if (!Array.isArray(key) || !key.every((k) => Number.isInteger(k) && k >= 0)) throw new TFTypeError(`key must be a list of non-negative integers, got ${String(key)}`);
  return opScope(options.name, 'StringToHashBucketStrong', [input], (scope) =>
    makeOp('StringToHashBucketStrong', [convert_to_tensor(input, { dtype: stringDtype, name: 'input' })], { num_buckets: { i: num_buckets }, key: { list: { i: [...key] } } }, scope).outputs[0]);
});
