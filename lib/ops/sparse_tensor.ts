/**
 * tf.SparseTensor and tf.SparseTensorValue (TF's framework/sparse_tensor.py): a sparse tensor is three dense
 * tensors, `indices` (int64 [N, rank]), `values` ([N]) and `dense_shape` (int64 [rank]). A Session fetches a
 * SparseTensor as a SparseTensorValue and feeds one from a SparseTensorValue, `{indices, values, dense_shape}`
 * or `[indices, values, dense_shape]`.
 */
import { DType, int64 } from '../framework/dtypes';
import { Graph, Operation, Tensor } from '../framework/graph';
import { TFTypeError, ValueError } from '../framework/errors';
import { NDArray } from '../framework/ndarray';
import { TensorShape } from '../framework/tensor_shape';
import { CompositeTensor } from '../framework/composite_tensor';
import { isPlainObject, pythonClass, pythonFunction } from '../framework/python_signature';
import { DTypeLike, TensorLike, convert_to_tensor, opScope } from './op_builder';
import { as_dtype } from '../framework/dtypes';
import { constantValueAsShape } from './shape_fns';

/** A sparse tensor's value: what `sess.run` returns for a SparseTensor (TF's namedtuple; destructures as one). */
export class SparseTensorValueImpl {
  readonly indices: NDArray;
  readonly values: NDArray;
  readonly dense_shape: NDArray;
  constructor(indices: NDArray | TensorLike, values: NDArray | TensorLike, dense_shape: NDArray | TensorLike) {
    this.indices = asArray(indices, 'indices', int64);
    this.values = asArray(values, 'values');
    this.dense_shape = asArray(dense_shape, 'dense_shape', int64);
  }

  *[Symbol.iterator](): IterableIterator<NDArray> { yield this.indices; yield this.values; yield this.dense_shape; }

  toString(): string {
    return `SparseTensorValue(indices=${this.indices.toString()}, values=${this.values.toString()}, dense_shape=${this.dense_shape.toString()})`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
}

function asArray(x: unknown, what: string, dtype?: DType): NDArray {
  if (x instanceof NDArray) return dtype && x.dtype !== dtype ? NDArray.from(x, dtype) : x;
  try { return NDArray.from(x, dtype); } catch (e) { throw new ValueError(`SparseTensorValue ${what}: ${(e as Error).message}`); }
}

export const SparseTensorValue = pythonClass('SparseTensorValue', ['indices', 'values', 'dense_shape'], 3, SparseTensorValueImpl);
export type SparseTensorValue = SparseTensorValueImpl;

/** What a SparseTensor can be fed from: a SparseTensorValue, its fields as an object, or the three as a list. */
export type SparseTensorValueLike =
  | SparseTensorValue
  | { readonly indices: NDArray | TensorLike; readonly values: NDArray | TensorLike; readonly dense_shape: NDArray | TensorLike }
  | readonly [NDArray | TensorLike, NDArray | TensorLike, NDArray | TensorLike];

/** The three parts of a sparse value given in any of its forms (TypeError for anything else). */
export function sparseValueParts(value: unknown, what = 'a SparseTensor'): [unknown, unknown, unknown] {
  if (value instanceof SparseTensorValueImpl) return [value.indices, value.values, value.dense_shape];
  if (Array.isArray(value) && value.length === 3) return [value[0], value[1], value[2]];
  if (isPlainObject(value) && 'indices' in value && 'values' in value && 'dense_shape' in value) return [value.indices, value.values, value.dense_shape];
  throw new TFTypeError(`The value fed to ${what} must be a tf.SparseTensorValue, {indices, values, dense_shape} or [indices, values, dense_shape], got ${value === null ? 'null' : typeof value === 'object' ? (value as object).constructor?.name ?? 'object' : typeof value}`);
}

export class SparseTensorImpl implements CompositeTensor<SparseTensorValue> {
  readonly indices: Tensor;
  readonly values: Tensor;
  readonly dense_shape: Tensor;

  /**
   * A SparseTensor of `indices` (int64 [N, rank]), `values` ([N]) and `dense_shape` (int64 [rank]); plain values
   * become constants `SparseTensor/indices`, `SparseTensor/values`, `SparseTensor/dense_shape`.
   */
  constructor(indices: TensorLike, values: TensorLike, dense_shape: TensorLike) {
    const [i, v, s] = opScope(null, 'SparseTensor', [indices, values, dense_shape], () => [
      convert_to_tensor(indices, { name: 'indices', dtype: int64 }),
      convert_to_tensor(values, { name: 'values' }),
      convert_to_tensor(dense_shape, { name: 'dense_shape', dtype: int64 }),
    ]);
    const iShape = i.shape.with_rank(2), vShape = v.shape.with_rank(1), sShape = s.shape.with_rank(1);
    // Each value has its index row, and each index row one coordinate per dimension.
    new TensorShape([iShape.dims![0]]).merge_with([vShape.dims![0]]);
    new TensorShape([iShape.dims![1]]).merge_with([sShape.dims![0]]);
    this.indices = i;
    this.values = v;
    this.dense_shape = s;
  }

  /** A SparseTensor holding a SparseTensorValue's arrays as constants (a SparseTensor passes through). */
  static from_value(value: SparseTensorValue | SparseTensorImpl): SparseTensorImpl {
    if (value instanceof SparseTensorImpl) return value;
    if (!(value instanceof SparseTensorValueImpl)) throw new TFTypeError(`Neither a SparseTensor nor SparseTensorValue: ${String(value)}.`);
    return new SparseTensorImpl(value.indices, value.values, value.dense_shape);
  }

  /** The op producing `values` (TF's SparseTensor.op). */
  get op(): Operation { return this.values.op; }
  get dtype(): DType { return this.values.dtype; }
  get graph(): Graph { return this.indices.graph; }
  /** The static dense shape, as far as `dense_shape` is known when building. */
  get shape(): TensorShape { return constantValueAsShape(this.dense_shape); }
  get_shape(): TensorShape { return this.shape; }
  consumers(): Operation[] { return [...new Set([...this.indices.consumers(), ...this.values.consumers(), ...this.dense_shape.consumers()])]; }

  _components(): Tensor[] { return [this.indices, this.values, this.dense_shape]; }
  _value_from_components(values: readonly NDArray[]): SparseTensorValue { return new SparseTensorValueImpl(values[0], values[1], values[2]); }
  _feed_components(value: unknown): unknown[] { return sparseValueParts(value); }

  toString(): string { return `SparseTensor(indices=${this.indices}, values=${this.values}, dense_shape=${this.dense_shape})`; }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
}

export const SparseTensor = pythonClass('SparseTensor', ['indices', 'values', 'dense_shape'], 3, SparseTensorImpl);
export type SparseTensor = SparseTensorImpl;

/** Whether `x` is a SparseTensor or SparseTensorValue (TF's sparse_tensor.is_sparse). */
export function is_sparse(x: unknown): x is SparseTensor | SparseTensorValue {
  return x instanceof SparseTensorImpl || x instanceof SparseTensorValueImpl;
}

/** `x` as a SparseTensor: a SparseTensorValue becomes constants; anything else is TF's TypeError. */
export function convert_to_sparse_tensor(x: SparseTensor | SparseTensorValue | unknown, what = 'Input'): SparseTensor {
  if (x instanceof SparseTensorImpl) return x;
  if (x instanceof SparseTensorValueImpl) return SparseTensorImpl.from_value(x);
  throw new TFTypeError(`${what} must be a SparseTensor.`);
}

/**
 * A SparseTensor (or SparseTensorValue, made constants) as it is, checked against `dtype`; anything else
 * through convert_to_tensor.
 * @example tf.convert_to_tensor_or_sparse_tensor(sp)
 */
export const convert_to_tensor_or_sparse_tensor = pythonFunction('convert_to_tensor_or_sparse_tensor', ['value', 'dtype=None', 'name=None'], 1, function convert_to_tensor_or_sparse_tensor(value: SparseTensor | SparseTensorValue | TensorLike, options: { dtype?: DTypeLike | null; name?: string } = {}): Tensor | SparseTensor {
  if (value instanceof SparseTensorValueImpl) value = SparseTensorImpl.from_value(value);
  if (value instanceof SparseTensorImpl) {
    if (options.dtype && as_dtype(options.dtype).base_dtype !== value.dtype.base_dtype) {
      throw new ValueError(`Sparse dtype: requested = ${as_dtype(options.dtype).base_dtype.name}, actual = ${value.dtype.base_dtype.name}`);
    }
    return value;
  }
  return convert_to_tensor(value, options);
});
