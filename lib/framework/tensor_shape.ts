/**
 * TensorShape: the static shape known while building the graph. Rank and dimensions may be unknown.
 */
import { TFTypeError, ValueError } from './errors';

export type Dim = number | null;
/** Anything users pass as a shape: `[null, 3]`, a TensorShape, `null` for unknown rank. */
export type ShapeLike = TensorShape | readonly Dim[] | null | undefined;

export class TensorShape {
  /** Dimensions, `null` for an unknown dimension; the whole list is `null` for unknown rank. */
  readonly dims: readonly Dim[] | null;

  constructor(dims: readonly Dim[] | null | undefined) {
    if (dims === null || dims === undefined) { this.dims = null; return; }
    for (const d of dims) {
      if (d === null) continue;
      if (!Number.isInteger(d)) throw new TFTypeError(`Dimension value must be integer or None, got value '${String(d)}' with type '${typeof d}'`);
      if (d < -1) throw new ValueError(`Dimension ${d} must be >= 0`);
    }
    this.dims = dims.map((d) => (d === -1 ? null : d));
  }

  get ndims(): number | null { return this.dims === null ? null : this.dims.length; }
  get rank(): number | null { return this.ndims; }
  get length(): number {
    if (this.dims === null) throw new ValueError('Cannot take the length of Shape with unknown rank.');
    return this.dims.length;
  }

  as_list(): Dim[] {
    if (this.dims === null) throw new ValueError('as_list() is not defined on an unknown TensorShape.');
    return [...this.dims];
  }

  /** The fully defined dims as numbers (throws when not fully defined). */
  toNumbers(): number[] {
    if (!this.is_fully_defined()) throw new ValueError(`Shape ${this} is not fully defined`);
    return this.dims as number[];
  }

  is_fully_defined(): boolean { return this.dims !== null && this.dims.every((d) => d !== null); }

  num_elements(): number | null {
    if (!this.is_fully_defined()) return null;
    return (this.dims as number[]).reduce((a, b) => a * b, 1);
  }

  is_compatible_with(other: ShapeLike): boolean {
    const o = as_shape(other);
    if (this.dims === null || o.dims === null) return true;
    if (this.dims.length !== o.dims.length) return false;
    return this.dims.every((d, i) => d === null || o.dims![i] === null || d === o.dims![i]);
  }

  assert_is_compatible_with(other: ShapeLike): void {
    if (!this.is_compatible_with(other)) throw new ValueError(`Shapes ${this} and ${as_shape(other)} are incompatible`);
  }

  merge_with(other: ShapeLike): TensorShape {
    const o = as_shape(other);
    if (this.dims === null) return o;
    if (o.dims === null) return this;
    if (!this.is_compatible_with(o)) throw new ValueError(`Shapes ${this} and ${o} are not compatible`);
    return new TensorShape(this.dims.map((d, i) => (d === null ? o.dims![i] : d)));
  }

  concatenate(other: ShapeLike): TensorShape {
    const o = as_shape(other);
    if (this.dims === null || o.dims === null) return unknown_shape();
    return new TensorShape([...this.dims, ...o.dims]);
  }

  with_rank(rank: number): TensorShape {
    if (this.dims !== null && this.dims.length !== rank) throw new ValueError(`Shape ${this} must have rank ${rank}`);
    return this.merge_with(unknown_shape(rank));
  }

  with_rank_at_least(rank: number): TensorShape {
    if (this.dims !== null && this.dims.length < rank) throw new ValueError(`Shape ${this} must have rank at least ${rank}`);
    return this;
  }

  /** Exact equality (unknown dims equal unknown dims). */
  equals(other: ShapeLike): boolean {
    const o = as_shape(other);
    if (this.dims === null || o.dims === null) return this.dims === o.dims;
    return this.dims.length === o.dims.length && this.dims.every((d, i) => d === o.dims![i]);
  }

  /** TF1's str(): `(2, ?)`, `(3,)`, `()`, `<unknown>`. */
  toString(): string {
    if (this.dims === null) return '<unknown>';
    const parts = this.dims.map((d) => (d === null ? '?' : String(d)));
    return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`;
  }

  /** Python's repr(): `TensorShape([Dimension(2), Dimension(None)])`. */
  repr(): string {
    if (this.dims === null) return 'TensorShape(None)';
    return `TensorShape([${this.dims.map((d) => `Dimension(${d === null ? 'None' : d})`).join(', ')}])`;
  }

  /** C++ DebugString form used in runtime errors: `[2,3]`, `[?,3]`, `<unknown>`. */
  debugString(): string {
    if (this.dims === null) return '<unknown>';
    return `[${this.dims.map((d) => (d === null ? '?' : d)).join(',')}]`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.repr(); }
}

export function as_shape(x: ShapeLike): TensorShape {
  return x instanceof TensorShape ? x : new TensorShape(x as readonly Dim[] | null | undefined);
}

/** A shape of unknown rank, or of known rank with all dimensions unknown. */
export function unknown_shape(rank?: number): TensorShape {
  return new TensorShape(rank === undefined ? null : Array<Dim>(rank).fill(null));
}

/** C++ DebugString of a concrete runtime shape: `[2,3]`. */
export function shapeString(shape: readonly number[]): string { return `[${shape.join(',')}]`; }

/** Whether two value shapes are the same. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * A possibly negative axis (Python style, -1 is the last) as an index in [0, rank); throws the error
 * `outOfRange` makes (each op has TF's own message) when the axis is outside [-rank, rank).
 */
export function normalizeAxis(axis: number, rank: number, outOfRange: () => Error): number {
  if (axis < -rank || axis >= rank) throw outOfRange();
  return axis < 0 ? axis + rank : axis;
}
