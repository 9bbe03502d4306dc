/**
 * Random ops: the stateful sampling ops, TF's seed rules (graph seed + op seed → `seed`/`seed2` attrs),
 * and the builders users call, each making the sub-graph TF 1.x makes
 * (`random_normal/shape`, `random_normal/mean`, `random_normal/stddev`,
 * `random_normal/RandomStandardNormal`, `random_normal/mul`, `random_normal`).
 */
import { DType, as_dtype, float16, bfloat16, float32, float64, int32, int64 } from '../framework/dtypes';
import { AttrValue, Graph, Tensor, get_default_graph } from '../framework/graph';
import { ValueError } from '../framework/errors';
import { TensorShape } from '../framework/tensor_shape';
import { dtypeFromAttr, dtypeOfInput } from './schema_util';
import { registerOp } from '../framework/graph';
import { registerNotDifferentiable } from './gradient_util';
import { DTypeLike, TensorLike, convertIntegerInput, convert_to_tensor, isTensorLike, makeOp, opScope } from './op_builder';
import { checkRank, constantValueAsShape } from './shape_fns';
import { add, multiply } from './math_ops';
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
// TF's random_ops.py declares these three NotDifferentiable (RandomShuffle and RandomUniformInt it leaves undeclared).
registerNotDifferentiable('RandomStandardNormal', 'TruncatedNormal', 'RandomUniform');

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
