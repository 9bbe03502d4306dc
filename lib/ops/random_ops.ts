/**
 * Random ops: the stateful sampling ops, TF's seed rules (graph seed + op seed → `seed`/`seed2` attrs),
 * and the builders users call, each making the sub-graph TF 1.x makes
 * (`random_normal/shape`, `random_normal/mean`, `random_normal/stddev`,
 * `random_normal/RandomStandardNormal`, `random_normal/mul`, `random_normal`).
 */
import { DType, as_dtype, float16, bfloat16, float32, float64, int32, int64 } from '../framework/dtypes';
import { AttrValue, Graph, Tensor, get_default_graph } from '../framework/graph';
import { TFTypeError, ValueError } from '../framework/errors';
import { TensorShape } from '../framework/tensor_shape';
import { broadcastStatic, dtypeFromAttr, dtypeOfInput } from './schema_util';
import { registerOp } from '../framework/graph';
import { registerNotDifferentiable } from './gradient_util';
import { DTypeLike, TensorLike, checkDtype, convertIntegerInput, convert_to_tensor, isTensorLike, makeOp, opScope } from './op_builder';
import { checkRank, constantScalar, constantValueAsShape } from './shape_fns';
import { add, floormod, greater_equal, maximum, multiply, reduce_all, subtract, truediv } from './math_ops';
import { shape as shapeOf, slice, zeros_like } from './array_ops';
import { Assert } from './logging_ops';
import { with_dependencies } from './control_flow_ops';
import { pythonFunction } from '../framework/python_signature';

// ---- declarations -----------------------------------------------------------------------------

/** Output shape = the value of the shape tensor (input 0). */
function shapeFromInput0(op: Tensor['op']) {
  checkRank(op, op.inputs[0], 1);
  return [constantValueAsShape(op.inputs[0])];
}

for (const type of ['RandomStandardNormal', 'TruncatedNormal', 'RandomUniform'] as const) {
  registerOp({ type, stateful: true, outputDtypes: dtypeFromAttr('dtype'), inferShapes: shapeFromInput0 });
}
registerOp({
  type: 'RandomUniformInt',
  stateful: true,
  outputDtypes: dtypeOfInput(1),
  inferShapes: (op) => { checkRank(op, op.inputs[1], 0); checkRank(op, op.inputs[2], 0); return shapeFromInput0(op); },
});
registerOp({ type: 'RandomShuffle', stateful: true, outputDtypes: dtypeOfInput(0), inferShapes: (op) => [op.inputs[0].shape] });

/** The sample shape (input 0, a vector) followed by the shape of the parameters (input 1): RandomGamma, RandomPoissonV2. */
function samplesTimesParams(op: Tensor['op']) {
  checkRank(op, op.inputs[0], 1);
  return [constantValueAsShape(op.inputs[0]).concatenate(op.inputs[1].shape)];
}
registerOp({ type: 'RandomGamma', stateful: true, outputDtypes: dtypeOfInput(1), inferShapes: samplesTimesParams });
registerOp({ type: 'RandomPoissonV2', stateful: true, outputDtypes: dtypeFromAttr('dtype'), inferShapes: samplesTimesParams });
/** ∂sample/∂alpha of Gamma(alpha) samples (what RandomGamma's gradient uses), broadcasting alpha against sample. */
registerOp({
  type: 'RandomGammaGrad',
  outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => [broadcastStatic(op.inputs[0].shape, op.inputs[1].shape)],
});
registerOp({
  type: 'Multinomial',
  stateful: true,
  outputDtypes: dtypeFromAttr('output_dtype'),
  inferShapes: (op) => {
    const [logits, numSamples] = op.inputs;
    checkRank(op, logits, 2);
    checkRank(op, numSamples, 0);
    const n = constantScalar(numSamples);
    return [[logits.shape.dims?.[0] ?? null, n]];
  },
});
// TF's random_ops.py declares these NotDifferentiable (RandomShuffle, RandomUniformInt, RandomPoissonV2 and
// RandomGammaGrad it leaves undeclared).
registerNotDifferentiable('RandomStandardNormal', 'TruncatedNormal', 'RandomUniform', 'Multinomial');

// ---- seeds ------------------------------------------------------------------------------------

/** The graph seed TF uses when only an op seed is given. */
const DEFAULT_GRAPH_SEED = 87654321;
const MAXINT32 = 2 ** 31 - 1;
const truncateSeed = (seed: number) => ((seed % MAXINT32) + MAXINT32) % MAXINT32;

/**
 * Sets the graph-level random seed of the default graph (`tf.set_random_seed`). Random ops made after
 * it derive their seeds from it, so a program's random values repeat from session to session.
 */
export const set_random_seed = pythonFunction('set_random_seed', ['seed'], 1, function set_random_seed(seed: number | null): void { get_default_graph().seed = seed; });

/**
 * TF's random_seed.get_seed: the (seed, seed2) pair for an op. With a graph seed, the op seed defaults
 * to the number of ops created so far; with only an op seed, the graph seed is 87654321; with neither
 * both are null (nondeterministic). (0, 0) becomes (0, 2^31-1), since 0/0 means "random" to kernels.
 */
export const get_seed = pythonFunction('get_seed', ['op_seed'], 1, function get_seed(op_seed?: number | null): [number | null, number | null] {
  return graphSeeds(op_seed, get_default_graph());
});

/** get_seed for the ops of `graph`. */
export function graphSeeds(op_seed: number | null | undefined, graph: Graph): [number | null, number | null] {
  let seeds: [number | null, number | null];
  if (graph.seed !== null && graph.seed !== undefined) {
    seeds = [truncateSeed(graph.seed), truncateSeed(op_seed ?? graph.operationCount)];
  } else if (op_seed !== undefined && op_seed !== null) {
    seeds = [DEFAULT_GRAPH_SEED, truncateSeed(op_seed)];
  } else seeds = [null, null];
  if (seeds[0] === 0 && seeds[1] === 0) return [0, MAXINT32];
  return seeds;
}

/** The `seed` and `seed2` attrs of a random op from an op seed and the graph's seed (TF's get_seed). */
export function seedAttrs(seed: number | null | undefined, graph: Graph): Record<string, AttrValue> {
  const [s1, s2] = graphSeeds(seed, graph);
  return { seed: { i: s1 ?? 0 }, seed2: { i: s2 ?? 0 } };
}

// ---- builders ---------------------------------------------------------------------------------

type ShapeArg = TensorLike | TensorShape;

/** tensor_util.shape_tensor: int32 (int64 for dimensions beyond its range), or the integer tensor given. */
function shapeTensor(shape: ShapeArg): Tensor {
  if (shape instanceof TensorShape) return convert_to_tensor(shape.toNumbers(), { dtype: int32, name: 'shape' });
  if (Array.isArray(shape) && shape.length === 0) return convert_to_tensor(shape, { dtype: int32, name: 'shape' });
  return convertIntegerInput(shape as TensorLike, 'shape');
}

export interface NormalOptions { mean?: TensorLike; stddev?: TensorLike; dtype?: DTypeLike; seed?: number | null; name?: string }

const FLOAT_TYPES: readonly DType[] = [float16, bfloat16, float32, float64];

function normalLike(type: 'RandomStandardNormal' | 'TruncatedNormal', defaultName: string, shape: ShapeArg, options: NormalOptions): Tensor {
  const dtype = as_dtype(options.dtype ?? float32).base_dtype;
  if (!FLOAT_TYPES.includes(dtype)) throw new ValueError(`Invalid dtype ${dtype.name} for ${defaultName}: must be a floating point type`);
  const mean = options.mean ?? 0, stddev = options.stddev ?? 1;
  return opScope(options.name, defaultName, [shape, mean, stddev], (scope, g) => {
    const s = shapeTensor(shape);
    const meanT = convert_to_tensor(mean, { dtype, name: 'mean' });
    const stddevT = convert_to_tensor(stddev, { dtype, name: 'stddev' });
    const rnd = makeOp(type, [s], { ...seedAttrs(options.seed, g), dtype: { type: dtype }, T: { type: s.dtype.base_dtype } }, type, g).outputs[0];
    const mul = multiply(rnd, stddevT, { name: 'mul' });
    return add(mul, meanT, { name: scope });
  });
}

/**
 * Samples from a normal distribution.
 * @example tf.random_normal([784, 200], {stddev: 0.35})
 */
export const random_normal = pythonFunction('random_normal', ['shape', 'mean=0.0', 'stddev=1.0', 'dtype=tf.float32', 'seed=None', 'name=None'], 1, function random_normal(shape: ShapeArg, options: NormalOptions = {}): Tensor {
  return normalLike('RandomStandardNormal', 'random_normal', shape, options);
});

/**
 * Samples from a normal distribution, redrawing values more than two standard deviations from the mean.
 * @example tf.truncated_normal([5, 5, 32, 64], {stddev: 0.1})
 */
export const truncated_normal = pythonFunction('truncated_normal', ['shape', 'mean=0.0', 'stddev=1.0', 'dtype=tf.float32', 'seed=None', 'name=None'], 1, function truncated_normal(shape: ShapeArg, options: NormalOptions = {}): Tensor {
  return normalLike('TruncatedNormal', 'truncated_normal', shape, options);
});

export interface UniformOptions { minval?: TensorLike; maxval?: TensorLike | null; dtype?: DTypeLike; seed?: number | null; name?: string }

/**
 * Samples uniformly from [minval, maxval); integer dtypes need `maxval` and use RandomUniformInt.
 * @example tf.random_uniform([2, 3], {minval: -1, maxval: 1})
 */
export const random_uniform = pythonFunction('random_uniform', ['shape', 'minval=0', 'maxval=None', 'dtype=tf.float32', 'seed=None', 'name=None'], 1, function random_uniform(shape: ShapeArg, options: UniformOptions = {}): Tensor {
  const dtype = as_dtype(options.dtype ?? float32).base_dtype;
  if (![...FLOAT_TYPES, int32, int64].includes(dtype)) throw new ValueError(`Invalid dtype ${dtype}`);
  let maxval = options.maxval;
  if (maxval === undefined || maxval === null) {
    if (dtype.is_integer) throw new ValueError(`Must specify maxval for integer dtype ${dtype}`);
    maxval = 1;
  }
  const minval = options.minval ?? 0;
  return opScope(options.name, 'random_uniform', [shape, minval, maxval], (scope, g) => {
    const s = shapeTensor(shape);
    const lo = convert_to_tensor(minval, { dtype, name: 'min' });
    const hi = convert_to_tensor(maxval!, { dtype, name: 'max' });
    const seeds = seedAttrs(options.seed, g);
    let result: Tensor;
    if (dtype.is_integer) {
      result = makeOp('RandomUniformInt', [s, lo, hi], { ...seeds, Tout: { type: dtype }, T: { type: s.dtype.base_dtype } }, scope, g).outputs[0];
    } else {
      const rnd = makeOp('RandomUniform', [s], { ...seeds, dtype: { type: dtype }, T: { type: s.dtype.base_dtype } }, 'RandomUniform', g).outputs[0];
      // Python evaluates `maxval - minval` before the product: `sub` is created before `mul`.
      const width = hi.sub(lo);
      result = add(rnd.mul(width), lo, { name: scope });
    }
    result.set_shape(constantValueAsShape(s));
    return result;
  });
});

/** Shuffles `value` along its first dimension. */
export const random_shuffle = pythonFunction('random_shuffle', ['value', 'seed=None', 'name=None'], 1, function random_shuffle(value: TensorLike, options: { seed?: number | null; name?: string } = {}): Tensor {
  return opScope(options.name, 'RandomShuffle', [value], (scope, g) => {
    const t = convert_to_tensor(value, { name: 'value' });
    return makeOp('RandomShuffle', [t], { ...seedAttrs(options.seed, g), T: { type: t.dtype.base_dtype } }, scope, g).outputs[0];
  });
});

/**
 * A random `size` slice of `value` at a uniform offset (`random_crop/...`): an Assert that the value is at
 * least `size` everywhere, then a RandomUniformInt offset modulo the room left, then Slice.
 * @example tf.random_crop(image, [24, 24, 3], {seed: 1})
 */
export const random_crop = pythonFunction('random_crop', ['value', 'size', 'seed=None', 'name=None'], 2, function random_crop(value: TensorLike, size: TensorLike, options: { seed?: number | null; name?: string } = {}): Tensor {
  return opScope(options.name, 'random_crop', [value, size], (scope) => {
    const v = convert_to_tensor(value, { name: 'value' });
    const sz = convert_to_tensor(size, { dtype: int32, name: 'size' });
    let shape = shapeOf(v);
    const check = Assert(reduce_all(greater_equal(shape, sz)), ['Need value.shape >= size, got ', shape, sz], { summarize: 1000 });
    shape = with_dependencies([check], shape);
    const limit = add(subtract(shape, sz), 1);
    const offset = floormod(random_uniform(shapeOf(shape), { dtype: sz.dtype, maxval: sz.dtype.max, seed: options.seed }), limit);
    return slice(v, offset, sz, { name: scope });
  });
});

/** The smallest positive normal number of a float dtype (numpy's finfo.tiny). */
const TINY: Record<string, number> = { float16: 6.103515625e-05, float32: 1.1754943508222875e-38, float64: 2.2250738585072014e-308 };

/**
 * Samples from Gamma(alpha, beta) (rate `beta`, default 1): `shape` samples of every alpha (broadcast with
 * beta), so the result has shape `shape + alpha.shape` (RandomGamma over `beta`, floored at the dtype's tiny).
 * Differentiable with respect to alpha (and beta) by implicit reparameterization.
 * @example tf.random_gamma([10], [0.5, 1.5])  // shape (10, 2)
 */
export const random_gamma = pythonFunction('random_gamma', ['shape', 'alpha', 'beta=None', 'dtype=tf.float32', 'seed=None', 'name=None'], 2, function random_gamma(shape: ShapeArg, alpha: TensorLike, options: { beta?: TensorLike | null; dtype?: DTypeLike; seed?: number | null; name?: string } = {}): Tensor {
  const dtype = as_dtype(options.dtype ?? float32).base_dtype;
  if (![float16, float32, float64].includes(dtype)) throw new ValueError(`Invalid dtype ${dtype.name} for random_gamma: must be float16, float32 or float64`);
  return opScope(options.name, 'random_gamma', [shape, alpha, options.beta], (_scope, g) => {
    const s = shape instanceof TensorShape ? convert_to_tensor(shape.toNumbers(), { dtype: int32, name: 'shape' }) : convert_to_tensor(shape as TensorLike, { name: 'shape', dtype: int32 });
    const a = convert_to_tensor(alpha, { name: 'alpha', dtype });
    const b = convert_to_tensor(options.beta ?? 1, { name: 'beta', dtype });
    const alphaBroadcast = a.add(zeros_like(b));
    const sample = makeOp('RandomGamma', [s, alphaBroadcast], { ...seedAttrs(options.seed, g), S: { type: s.dtype.base_dtype }, T: { type: dtype } }, 'RandomGamma', g).outputs[0];
    return maximum(TINY[dtype.name], truediv(sample, b));
  });
});

/**
 * Samples from Poisson(lam): `shape` samples of every rate, shape `shape + lam.shape` (RandomPoissonV2;
 * `dtype` the samples' dtype: float or integer).
 * @example tf.random_poisson([0.5, 1.5], [10])  // shape (10, 2)
 */
export const random_poisson = pythonFunction('random_poisson', ['lam', 'shape', 'dtype=tf.float32', 'seed=None', 'name=None'], 2, function random_poisson(lam: TensorLike, shape: ShapeArg, options: { dtype?: DTypeLike; seed?: number | null; name?: string } = {}): Tensor {
  const dtype = as_dtype(options.dtype ?? float32).base_dtype;
  if (![float16, float32, float64, int32, int64].includes(dtype)) throw new ValueError(`Invalid dtype ${dtype.name} for random_poisson: must be float16, float32, float64, int32 or int64`);
  return opScope(options.name, 'random_poisson', [lam, shape], (_scope, g) => {
    const s = shape instanceof TensorShape ? convert_to_tensor(shape.toNumbers(), { dtype: int32, name: 'shape' }) : convert_to_tensor(shape as TensorLike, { name: 'shape', dtype: int32 });
    const seeds = seedAttrs(options.seed, g);
    // The generated op converts `lam` inside its own scope (`random_poisson/RandomPoissonV2/rate`).
    return opScope(null, 'RandomPoissonV2', [lam], (opName) => {
      const rate = convert_to_tensor(lam, { name: 'rate' });
      checkDtype('RandomPoissonV2', 'rate', rate, [float16, float32, float64, int32, int64]);
      return makeOp('RandomPoissonV2', [s, rate], { ...seeds, S: { type: s.dtype.base_dtype }, R: { type: rate.dtype.base_dtype }, dtype: { type: dtype } }, opName, g).outputs[0];
    });
  });
});

function multinomialImpl(logits: TensorLike, numSamples: TensorLike, outputDtype: DTypeLike | null | undefined, seed: number | null | undefined, name: string | undefined, defaultName: string): Tensor {
  const out = as_dtype(outputDtype ?? int64).base_dtype;
  if (out !== int32 && out !== int64) throw new TFTypeError(`Value passed to parameter 'output_dtype' has DataType ${out.name} not in list of allowed values: int32, int64`);
  return opScope(name, defaultName, [logits], (_scope, g) => {
    const l = convert_to_tensor(logits, { name: 'logits' });
    if (!l.dtype.is_floating && !l.dtype.is_integer) throw new TFTypeError(`Value passed to parameter 'logits' has DataType ${l.dtype.base_dtype.name} not in list of allowed values: real numbers`);
    const seeds = seedAttrs(seed, g);
    return opScope(null, 'Multinomial', [numSamples], (opName) => {
      const n = convert_to_tensor(numSamples, { dtype: int32, name: 'num_samples' });
      return makeOp('Multinomial', [l, n], { ...seeds, T: { type: l.dtype.base_dtype }, output_dtype: { type: out } }, opName, g).outputs[0];
    });
  });
}

/**
 * `num_samples` class indices per row of `logits` ([batch, classes], unnormalized log-probabilities),
 * shape [batch, num_samples] (Multinomial, int64 unless `output_dtype`).
 * @example tf.multinomial(tf.log([[0.5, 0.5]]), 5)
 */
export const multinomial = pythonFunction('multinomial', ['logits', 'num_samples', 'seed=None', 'name=None', 'output_dtype=None'], 2, function multinomial(logits: TensorLike, num_samples: TensorLike, options: { seed?: number | null; name?: string; output_dtype?: DTypeLike | null } = {}): Tensor {
  return multinomialImpl(logits, num_samples, options.output_dtype, options.seed, options.name, 'multinomial');
});

/** tf.random.categorical: multinomial under the name `categorical`, its dtype given as `dtype`. */
export const categorical = pythonFunction('categorical', ['logits', 'num_samples', 'dtype=None', 'seed=None', 'name=None'], 2, function categorical(logits: TensorLike, num_samples: TensorLike, options: { dtype?: DTypeLike | null; seed?: number | null; name?: string } = {}): Tensor {
  return multinomialImpl(logits, num_samples, options.dtype, options.seed, options.name, 'categorical');
});
