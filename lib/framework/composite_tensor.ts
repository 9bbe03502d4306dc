/**
 * Values made of several tensors (TF's CompositeTensor: SparseTensor, IndexedSlices). A Session fetches
 * one by fetching its component tensors and building its value (SparseTensorValue ...) from theirs, and
 * feeds one by feeding its components from the parts of the value given.
 */
import { Tensor } from './graph';
import { NDArray } from './ndarray';

export interface CompositeTensor<V = unknown> {
  /** The tensors the composite is made of, in a fixed order. */
  _components(): Tensor[];
  /** The fetched value, from the values of `_components()` in their order. */
  _value_from_components(values: readonly NDArray[]): V;
  /** The values to feed to each of `_components()`, from a fed value (TypeError for a value it cannot take). */
  _feed_components(value: unknown): unknown[];
}

export function isCompositeTensor(x: unknown): x is CompositeTensor {
  return typeof x === 'object' && x !== null && typeof (x as CompositeTensor)._components === 'function'
    && typeof (x as CompositeTensor)._value_from_components === 'function';
}
