/**
 * tf.Dimension (TF 1.x's tensor_shape.Dimension: one dimension, known or not, with its arithmetic and
 * compatibility rules), tf.dimension_value and tf.dimension_at_index. scopeflow's TensorShape holds plain
 * numbers (null for unknown), which is what dimension_value gives back for either.
 */
import { TFTypeError, ValueError } from './errors';
import { Dim, ShapeLike, as_shape } from './tensor_shape';
import { pythonClass, pythonFunction } from './python_signature';

export type DimensionLike = DimensionClass | Dim;

const valueOf = (d: DimensionLike): Dim => (d instanceof DimensionClass ? d.value : d);

export class DimensionClass {
  readonly value: Dim;
  constructor(value: DimensionLike) {
    const v = valueOf(value);
    if (v !== null && v !== undefined) {
      if (typeof v !== 'number' || !Number.isInteger(v)) throw new TFTypeError(`Dimension value must be integer or None, got value '${String(v)}' with type '${typeof v}'`);
      if (v < 0) throw new ValueError(`Dimension ${v} must be >= 0`);
    }
    this.value = v ?? null;
  }

  /** Whether both are unknown-or-equal. */
  is_compatible_with(other: DimensionLike): boolean {
    const o = valueOf(other);
    return this.value === null || o === null || this.value === o;
  }
  assert_is_compatible_with(other: DimensionLike): void {
    if (!this.is_compatible_with(other)) throw new ValueError(`Dimensions ${this} and ${new DimensionClass(other)} are not compatible`);
  }
  /** The known one of two compatible dimensions; ValueError for incompatible ones. */
  merge_with(other: DimensionLike): DimensionClass {
    this.assert_is_compatible_with(other);
    return new DimensionClass(this.value ?? valueOf(other));
  }
  /** Python's ==: null when either is unknown. */
  equals(other: DimensionLike): boolean | null {
    const o = valueOf(other);
    return this.value === null || o === null ? null : this.value === o;
  }
  add(other: DimensionLike): DimensionClass { return this.arith(other, (a, b) => a + b); }
  sub(other: DimensionLike): DimensionClass { return this.arith(other, (a, b) => a - b); }
  mul(other: DimensionLike): DimensionClass { return this.arith(other, (a, b) => a * b); }
  floordiv(other: DimensionLike): DimensionClass { return this.arith(other, (a, b) => Math.floor(a / b)); }
  mod(other: DimensionLike): DimensionClass { return this.arith(other, (a, b) => ((a % b) + b) % b); }

  private arith(other: DimensionLike, f: (a: number, b: number) => number): DimensionClass {
    const o = valueOf(other);
    return new DimensionClass(this.value === null || o === null ? null : f(this.value, o));
  }

  /** Python's str(): the value, or `?`. */
  toString(): string { return this.value === null ? '?' : String(this.value); }
  valueOf(): number | null { return this.value; }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return `Dimension(${this.value === null ? 'None' : this.value})`; }
}

/** `tf.Dimension(value)`, with or without `new`. */
export const Dimension = pythonClass('Dimension', ['value'], 1, DimensionClass);
export type Dimension = DimensionClass;

/**
 * The value of a dimension: a number, or null when unknown (for a Dimension or a plain number alike).
 * @example tf.dimension_value(x.shape.dims[0])
 */
export const dimension_value = pythonFunction('dimension_value', ['dimension'], 1, function dimension_value(dimension: DimensionLike): Dim { return valueOf(dimension); });

/** Dimension `index` of `shape` (Python indexing; negative from the end), unknown when the rank is. */
export const dimension_at_index = pythonFunction('dimension_at_index', ['shape', 'index'], 2, function dimension_at_index(shape: ShapeLike, index: number): DimensionClass {
  const s = as_shape(shape);
  if (s.dims === null) return new DimensionClass(null);
  const i = index < 0 ? s.dims.length + index : index;
  if (i < 0 || i >= s.dims.length) throw new ValueError(`Index ${index} is out of range for a shape of rank ${s.dims.length}`);
  return new DimensionClass(s.dims[i]);
});
