/**
 * Initializers (TF's init_ops): functions `(shape, dtype?) => Tensor` that build a variable's
 * initial value inside `<variable>/Initializer/`.
 */
import { DType, as_dtype, float32 } from '../framework/dtypes';
import { Tensor } from '../framework/graph';
import { ValueError } from '../framework/errors';
import { NestedArray, NDArray } from '../framework/ndarray';
import { DTypeLike } from '../ops/op_builder';
import { constant, zeros, ones, reshape } from '../ops/array_ops';
import { diag_part, matrix_transpose, qr } from '../ops/linalg_ops';
import { multiply, sign } from '../ops/math_ops';
import { random_normal, random_uniform, truncated_normal } from '../ops/random_ops';
import { PythonFunction, pythonFunction } from '../framework/python_signature';

/** Where the part being initialized lies in its partitioned variable (TF's _PartitionInfo). */
export interface PartitionInfo { readonly full_shape: readonly number[]; readonly var_offset: readonly number[] }

export interface Initializer {
  (shape: readonly number[], dtype?: DType | null, partition_info?: PartitionInfo | null): Tensor;
  /** The dtype given at construction, if any. */
  readonly dtype?: DType;
  /** Its TF class name, for displays: `GlorotUniform`, `Zeros` ... */
  readonly className: string;
}

function initializer(className: string, dtype: DTypeLike | undefined, build: (shape: number[], dtype: DType, partition_info: PartitionInfo | null) => Tensor): Initializer {
  const fixed = dtype !== undefined ? as_dtype(dtype).base_dtype : undefined;
  const fn = ((shape: readonly number[], d?: DType | null, partition_info?: PartitionInfo | null) =>
    build([...shape], d ? as_dtype(d).base_dtype : fixed ?? float32, partition_info ?? null)) as Initializer;
  Object.defineProperties(fn, { dtype: { value: fixed }, className: { value: className, configurable: true } });
  return fn;
}

interface SeedOptions { seed?: number | null; dtype?: DTypeLike }

const INITIALIZER_CLASS = Symbol('initializer class');

/**
 * An initializer class as TF has them: called (or `new`-ed) it makes an Initializer; passed uncalled, as TF's
 * docs write `{initializer: tf.zeros_initializer}`, get_variable makes one with the variable's dtype.
 */
export type InitializerClass = ((...args: never[]) => Initializer) & { readonly [INITIALIZER_CLASS]: true };
/** What an `initializer` option takes: an Initializer, or an initializer class uncalled. */
export type InitializerLike = Initializer | InitializerClass;

function initializerClass<const S extends readonly string[], F extends (...args: never[]) => Initializer, K extends number>(
  name: string, specs: S, positional: K, impl: F,
): PythonFunction<S, F, K> & InitializerClass {
  return Object.defineProperty(pythonFunction(name, specs, positional, impl), INITIALIZER_CLASS, { value: true }) as PythonFunction<S, F, K> & InitializerClass;
}

export function isInitializerClass(x: unknown): x is InitializerClass {
  return typeof x === 'function' && (x as unknown as Record<symbol, unknown>)[INITIALIZER_CLASS] === true;
}

/** An initializer class made into an Initializer for `dtype` (TF: `initializer(dtype=dtype)`); others unchanged. */
export function instantiateInitializer<T>(i: T | InitializerClass, dtype: DType): T | Initializer {
  return isInitializerClass(i) ? (i as unknown as (o: { dtype: DType }) => Initializer)({ dtype }) : i;
}

/** All zeros. @example tf.get_variable('b', [3], {initializer: tf.zeros_initializer()}) */
export const zeros_initializer = initializerClass('zeros_initializer', ['dtype=tf.float32'], 0, function zeros_initializer(options: { dtype?: DTypeLike } = {}): Initializer {
  return initializer('Zeros', options.dtype, (shape, dtype) => zeros(shape, { dtype }));
});

/** All ones. */
export const ones_initializer = initializerClass('ones_initializer', ['dtype=tf.float32'], 0, function ones_initializer(options: { dtype?: DTypeLike } = {}): Initializer {
  return initializer('Ones', options.dtype, (shape, dtype) => ones(shape, { dtype }));
});

/** A constant value (a scalar fills the shape; a list must fit it). */
export const constant_initializer = initializerClass('constant_initializer', ['value=0', 'dtype=tf.float32', 'verify_shape=False'], 1, function constant_initializer(value: number | boolean | NestedArray | NDArray = 0, options: { dtype?: DTypeLike; verify_shape?: boolean } = {}): Initializer {
  return initializer('Constant', options.dtype, (shape, dtype) => constant(value, { dtype, shape, verify_shape: options.verify_shape }));
});

/** Normal distribution. */
export const random_normal_initializer = initializerClass('random_normal_initializer', ['mean=0.0', 'stddev=1.0', 'seed=None', 'dtype=tf.float32'], 0, function random_normal_initializer(options: SeedOptions & { mean?: number; stddev?: number } = {}): Initializer {
  return initializer('RandomNormal', options.dtype, (shape, dtype) => {
    floatOnly(dtype);
    return random_normal(shape, { mean: options.mean ?? 0, stddev: options.stddev ?? 1, dtype, seed: options.seed ?? undefined });
  });
});

/** Normal distribution with values beyond two standard deviations redrawn. */
export const truncated_normal_initializer = initializerClass('truncated_normal_initializer', ['mean=0.0', 'stddev=1.0', 'seed=None', 'dtype=tf.float32'], 0, function truncated_normal_initializer(options: SeedOptions & { mean?: number; stddev?: number } = {}): Initializer {
  return initializer('TruncatedNormal', options.dtype, (shape, dtype) => {
    floatOnly(dtype);
    return truncated_normal(shape, { mean: options.mean ?? 0, stddev: options.stddev ?? 1, dtype, seed: options.seed ?? undefined });
  });
});

/** Uniform in [minval, maxval). */
export const random_uniform_initializer = initializerClass('random_uniform_initializer', ['minval=0', 'maxval=None', 'seed=None', 'dtype=tf.float32'], 0, function random_uniform_initializer(options: SeedOptions & { minval?: number; maxval?: number | null } = {}): Initializer {
  return initializer('RandomUniform', options.dtype, (shape, dtype) =>
    random_uniform(shape, { minval: options.minval ?? 0, maxval: options.maxval ?? (dtype.is_floating ? 1 : null), dtype, seed: options.seed ?? undefined }));
});

type FanMode = 'fan_in' | 'fan_out' | 'fan_avg';

/** TF's fan computation: rank ≥ 3 multiplies the receptive field into both fans. */
function computeFans(shape: readonly number[]): [number, number] {
  if (shape.length < 1) return [1, 1];
  if (shape.length === 1) return [shape[0], shape[0]];
  if (shape.length === 2) return [shape[0], shape[1]];
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return [shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive];
}

/**
 * Samples with a variance scaled by the fans: uniform in ±sqrt(3·scale/n), or a truncated normal with
 * stddev sqrt(scale/n)/0.8796 (the truncated normal's correction).
 */
export const variance_scaling_initializer = initializerClass('variance_scaling_initializer', ['scale=1.0', "mode='fan_in'", "distribution='truncated_normal'", 'seed=None', 'dtype=tf.float32'], 0, function variance_scaling_initializer(options: SeedOptions & { scale?: number; mode?: FanMode; distribution?: 'uniform' | 'normal' | 'truncated_normal' } = {}): Initializer {
  const scale = options.scale ?? 1, mode = options.mode ?? 'fan_in', distribution = options.distribution ?? 'truncated_normal';
  if (scale <= 0) throw new ValueError('`scale` must be positive float.');
  return initializer('VarianceScaling', options.dtype, (shape, dtype, partition_info) => {
    floatOnly(dtype);
    // A part of a partitioned variable scales by the fans of the full variable.
    const [fanIn, fanOut] = computeFans(partition_info ? partition_info.full_shape : shape);
    const n = mode === 'fan_in' ? fanIn : mode === 'fan_out' ? fanOut : (fanIn + fanOut) / 2;
    const s = scale / Math.max(1, n);
    const seed = options.seed ?? undefined;
    if (distribution === 'uniform') { const limit = Math.sqrt(3 * s); return random_uniform(shape, { minval: -limit, maxval: limit, dtype, seed }); }
    if (distribution === 'normal') return random_normal(shape, { mean: 0, stddev: Math.sqrt(s), dtype, seed });
    return truncated_normal(shape, { mean: 0, stddev: Math.sqrt(s) / 0.87962566103423978, dtype, seed });
  });
});

/** Uniform in ±sqrt(6 / (fan_in + fan_out)): get_variable's default for floating dtypes. */
export const glorot_uniform_initializer = initializerClass('glorot_uniform_initializer', ['seed=None', 'dtype=tf.float32'], 0, function glorot_uniform_initializer(options: SeedOptions = {}): Initializer {
  return rename(variance_scaling_initializer({ ...options, scale: 1, mode: 'fan_avg', distribution: 'uniform' }), 'GlorotUniform');
});

/** Truncated normal with stddev sqrt(2 / (fan_in + fan_out)). */
export const glorot_normal_initializer = initializerClass('glorot_normal_initializer', ['seed=None', 'dtype=tf.float32'], 0, function glorot_normal_initializer(options: SeedOptions = {}): Initializer {
  return rename(variance_scaling_initializer({ ...options, scale: 1, mode: 'fan_avg', distribution: 'truncated_normal' }), 'GlorotNormal');
});

export const he_normal = initializerClass('he_normal', ['seed=None'], 0, function he_normal(options: SeedOptions = {}): Initializer {
  return rename(variance_scaling_initializer({ ...options, scale: 2, mode: 'fan_in', distribution: 'truncated_normal' }), 'HeNormal');
});

/**
 * A (semi-)orthogonal matrix times `gain`: the Q of a Gaussian matrix's QR decomposition, its columns' signs
 * fixed by R's diagonal so Q is uniformly distributed. A shape of rank > 2 is the matrix
 * [prod(shape[:-1]), shape[-1]] reshaped; its rows (or columns, the shorter side) are orthonormal.
 * @example tf.get_variable('w', [64, 64], {initializer: tf.orthogonal_initializer({gain: 1.0})})
 */
export const orthogonal_initializer = initializerClass('orthogonal_initializer', ['gain=1.0', 'seed=None', 'dtype=tf.float32'], 0, function orthogonal_initializer(options: SeedOptions & { gain?: number } = {}): Initializer {
  if (options.dtype !== undefined) floatOnly(as_dtype(options.dtype).base_dtype);
  const gain = options.gain ?? 1.0;
  return initializer('Orthogonal', options.dtype, (shape, dtype) => {
    if (shape.length < 2) throw new ValueError('The tensor to initialize must be at least two-dimensional');
    const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1), cols = shape[shape.length - 1];
    const a = random_normal(rows < cols ? [cols, rows] : [rows, cols], { dtype, seed: options.seed ?? undefined });
    const [q0, r] = qr(a, { full_matrices: false });
    let q = multiply(q0, sign(diag_part(r)));
    if (rows < cols) q = matrix_transpose(q);
    return multiply(gain, reshape(q, shape));
  });
});

/**
 * Uniform in ±sqrt(3 / input_size) · factor, input_size the product of all dimensions but the last (of the full
 * variable, for a part of a partitioned one), so a linear layer keeps its input's scale. (TF deprecates it for
 * variance_scaling_initializer with distribution 'uniform'.)
 */
export const uniform_unit_scaling_initializer = initializerClass('uniform_unit_scaling_initializer', ['factor=1.0', 'seed=None', 'dtype=tf.float32'], 0, function uniform_unit_scaling_initializer(options: SeedOptions & { factor?: number } = {}): Initializer {
  if (options.dtype !== undefined) floatOnly(as_dtype(options.dtype).base_dtype);
  const factor = options.factor ?? 1.0;
  return initializer('UniformUnitScaling', options.dtype, (shape, dtype, partition_info) => {
    const scaleShape = partition_info ? partition_info.full_shape : shape;
    const inputSize = Math.max(scaleShape.slice(0, -1).reduce((a, b) => a * b, 1), 1);
    const maxVal = Math.sqrt(3 / inputSize) * factor;
    return random_uniform(shape, { minval: -maxVal, maxval: maxVal, dtype, seed: options.seed ?? undefined });
  });
});

function rename(init: Initializer, className: string): Initializer {
  Object.defineProperty(init, 'className', { value: className });
  return init;
}

function floatOnly(dtype: DType): void {
  if (!dtype.is_floating) throw new ValueError(`Expected floating point type, got ${dtype}.`);
}
