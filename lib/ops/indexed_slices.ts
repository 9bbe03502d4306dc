/**
 * tf.IndexedSlices (TF's framework/indexed_slices.py): the rows `values` of a dense tensor of `dense_shape`
 * at `indices` of its first dimension, repeated indices summing. The gradient of a gather is one. Session
 * fetches one as an IndexedSlicesValue; converting one to a Tensor densifies it (UnsortedSegmentSum) with
 * TF's warnings about memory.
 */
import { DType, int64 } from '../framework/dtypes';
import { Graph, Operation, Tensor } from '../framework/graph';
import { TFTypeError, ValueError } from '../framework/errors';
import { NDArray } from '../framework/ndarray';
import { TensorShape } from '../framework/tensor_shape';
import { CompositeTensor } from '../framework/composite_tensor';
import { isPlainObject, pythonClass, pythonFunction } from '../framework/python_signature';
import { DTypeLike, TensorLike, convert_to_tensor } from './op_builder';
import { as_dtype } from '../framework/dtypes';
import { constantValueAsShape } from './shape_fns';
import { getitem, shape } from './array_ops';
import { cast, range, unsorted_segment_sum } from './math_ops';

/** An IndexedSlices' value, as `sess.run` returns it (TF's namedtuple; destructures as one). */
export class IndexedSlicesValueImpl {
  constructor(readonly values: NDArray, readonly indices: NDArray, readonly dense_shape: NDArray | null) {}
  *[Symbol.iterator](): IterableIterator<NDArray | null> { yield this.values; yield this.indices; yield this.dense_shape; }
  toString(): string {
    return `IndexedSlicesValue(values=${this.values.toString()}, indices=${this.indices.toString()}, dense_shape=${this.dense_shape === null ? 'None' : this.dense_shape.toString()})`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
}
export const IndexedSlicesValue = pythonClass('IndexedSlicesValue', ['values', 'indices', 'dense_shape'], 3, IndexedSlicesValueImpl);
export type IndexedSlicesValue = IndexedSlicesValueImpl;

/** Beyond this many dense elements, densifying warns (TF's _LARGE_SPARSE_NUM_ELEMENTS). */
const LARGE_SPARSE_NUM_ELEMENTS = 100000000;
const warned = new Set<string>();
/** A Python UserWarning, shown once per message as Python's default warning filter shows it once per place. */
function userWarning(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  process.emitWarning(message, 'UserWarning');
}

export class IndexedSlicesImpl implements CompositeTensor<IndexedSlicesValue> {
  readonly values: Tensor;
  readonly indices: Tensor;
  readonly dense_shape: Tensor | null;

  /** Rows `values` at `indices` of a dense tensor of `dense_shape` (optional). */
  constructor(values: Tensor, indices: Tensor, dense_shape: Tensor | null = null) {
    if (!(values instanceof Tensor) || !(indices instanceof Tensor) || (dense_shape !== null && !(dense_shape instanceof Tensor))) {
      throw new TFTypeError('IndexedSlices takes Tensors: values, indices and (optionally) dense_shape');
    }
    this.values = values;
    this.indices = indices;
    this.dense_shape = dense_shape;
  }

  /** The name of `values`. */
  get name(): string { return this.values.name; }
  get op(): Operation { return this.values.op; }
  get dtype(): DType { return this.values.dtype; }
  get graph(): Graph { return this.values.graph; }
  get device(): string { return this.values.device; }
  /** The dense shape as far as known: `dense_shape`'s static value, else the values' row shape under an unknown first dimension. */
  get shape(): TensorShape {
    if (this.dense_shape !== null) return constantValueAsShape(this.dense_shape);
    const rows = this.values.shape;
    return rows.dims === null ? new TensorShape(null) : new TensorShape([null, ...rows.dims.slice(1)]);
  }
  get_shape(): TensorShape { return this.shape; }

  _components(): Tensor[] { return this.dense_shape === null ? [this.values, this.indices] : [this.values, this.indices, this.dense_shape]; }
  _value_from_components(v: readonly NDArray[]): IndexedSlicesValue { return new IndexedSlicesValueImpl(v[0], v[1], v[2] ?? null); }
  _feed_components(value: unknown): unknown[] {
    const parts = value instanceof IndexedSlicesValueImpl ? [value.values, value.indices, value.dense_shape]
      : isPlainObject(value) && 'values' in value && 'indices' in value ? [value.values, value.indices, value.dense_shape ?? null]
        : Array.isArray(value) && (value.length === 2 || value.length === 3) ? [value[0], value[1], value[2] ?? null] : null;
    if (parts === null) throw new TFTypeError('The value fed to an IndexedSlices must be a tf.IndexedSlicesValue, {values, indices, dense_shape} or [values, indices, dense_shape]');
    if (this.dense_shape !== null && parts[2] === null) throw new ValueError(`Cannot feed an IndexedSlicesValue without dense_shape to an IndexedSlices with dense_shape ${this.dense_shape}`);
    return parts.slice(0, this._components().length);
  }

  /** The dense tensor (TF's conversion of IndexedSlices): UnsortedSegmentSum of the rows into dense_shape[0] rows. */
  _as_tensor(dtype?: DType): Tensor {
    if (dtype && dtype.base_dtype !== this.dtype.base_dtype) {
      throw new ValueError(`Tensor conversion requested dtype ${dtype.base_dtype.name} for IndexedSlices with dtype ${this.dtype.base_dtype.name}: ${this}`);
    }
    if (this.dense_shape === null) throw new ValueError(`Tensor conversion requested for IndexedSlices without dense_shape: ${this}`);
    const known = this.shape;
    if (!known.is_fully_defined()) {
      userWarning('Converting sparse IndexedSlices to a dense Tensor of unknown shape. This may consume a large amount of memory.');
    } else if (known.num_elements()! >= LARGE_SPARSE_NUM_ELEMENTS) {
      userWarning(`Converting sparse IndexedSlices to a dense Tensor with ${known.num_elements()} elements. This may consume a large amount of memory.`);
    }
    return densify(this.values, this.indices, this.dense_shape);
  }

  toString(): string {
    return `IndexedSlices(indices=${this.indices}, values=${this.values}${this.dense_shape === null ? '' : `, dense_shape=${this.dense_shape}`})`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
}

function densify(values: Tensor, indices: Tensor, denseShape: Tensor): Tensor {
  return unsorted_segment_sum(values, indices, getitem(denseShape, 0));
}

/** A Tensor as IndexedSlices of all its rows (TF's _as_indexed_slices). */
function tensorAsIndexedSlices(x: Tensor): IndexedSlices {
  const xShape = shape(x);
  return new IndexedSlicesImpl(x, range(0, getitem(xShape, 0)), xShape);
}

export const IndexedSlices = pythonClass('IndexedSlices', ['values', 'indices', 'dense_shape=None'], 3, IndexedSlicesImpl);
export type IndexedSlices = IndexedSlicesImpl;

/** A gradient as tf.gradients gives one: a Tensor, IndexedSlices (of a gather), or null. */
export type GradientValue = Tensor | IndexedSlices | null;

/** `x` as a Tensor: IndexedSlices densified (TF's convert_to_tensor of IndexedSlices), others converted. */
export function denseOf(x: Tensor | IndexedSlices | TensorLike): Tensor {
  return x instanceof IndexedSlicesImpl ? x._as_tensor() : convert_to_tensor(x as TensorLike);
}

/** Tensors as IndexedSlices over all their rows (TF's _as_indexed_slices_list), int64 indices if any has them. */
export function asIndexedSlicesList(xs: readonly (Tensor | IndexedSlices)[]): IndexedSlices[] {
  const list = xs.map((x) => (x instanceof IndexedSlicesImpl ? x : tensorAsIndexedSlices(x)));
  if (!list.some((s) => s.indices.dtype.base_dtype === int64)) return list;
  return list.map((s) => (s.indices.dtype.base_dtype === int64 ? s : new IndexedSlicesImpl(s.values, cast(s.indices, int64), s.dense_shape)));
}

/**
 * IndexedSlices as they are (checked against `dtype`), anything else through convert_to_tensor.
 * @example tf.convert_to_tensor_or_indexed_slices(grad)
 */
export const convert_to_tensor_or_indexed_slices = pythonFunction('convert_to_tensor_or_indexed_slices', ['value', 'dtype=None', 'name=None'], 1, function convert_to_tensor_or_indexed_slices(value: IndexedSlices | TensorLike, options: { dtype?: DTypeLike | null; name?: string } = {}): Tensor | IndexedSlices {
  if (value instanceof IndexedSlicesImpl) {
    if (options.dtype && as_dtype(options.dtype).base_dtype !== value.dtype.base_dtype) {
      throw new ValueError(`Tensor conversion requested dtype ${as_dtype(options.dtype).base_dtype.name} for Tensor with dtype ${value.dtype.base_dtype.name}: ${value}`);
    }
    return value;
  }
  return convert_to_tensor(value, options);
});
