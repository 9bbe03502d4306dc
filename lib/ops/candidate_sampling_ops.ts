/**
 * Candidate sampling (TF's candidate_sampling_ops): the log-uniform (Zipfian) sampler the sampled losses
 * use, the uniform one, the unigram ones (fixed weights, or learned from the true classes seen), the
 * sampler of every class, and the accidental hits of sampled candidates among the true classes.
 */
import { float32, int32, int64 } from '../framework/dtypes';
import { AttrValue, Tensor, registerOp } from '../framework/graph';
import { ValueError } from '../framework/errors';
import { TensorLike, convert_to_tensor, makeOp, opScope } from './op_builder';
import { checkRank, shapeError } from './shape_fns';
import { seedAttrs } from './random_ops';
import { registerNotDifferentiable } from './gradient_util';
import { pythonFunction } from '../framework/python_signature';

const SAMPLER_OPS = ['LogUniformCandidateSampler', 'UniformCandidateSampler', 'FixedUnigramCandidateSampler', 'LearnedUnigramCandidateSampler', 'AllCandidateSampler'] as const;
for (const type of SAMPLER_OPS) registerOp({
  type,
  stateful: true,
  outputDtypes: () => [int64, float32, float32],
  inferShapes: (op) => {
    const t = op.inputs[0];
    checkRank(op, t, 2);
    const numTrue = op.get_attr('num_true') as number, numSampled = op.get_attr('num_sampled') as number;
    const d = t.shape.dims ?? [null, null];
    if (d[1] !== null && d[1] !== numTrue) throw shapeError(op, `Dimension 1 in both shapes must be equal, but are ${d[1]} and ${numTrue}`);
    return [[numSampled], [d[0], numTrue], [numSampled]];
  },
});

registerOp({
  type: 'ComputeAccidentalHits',
  outputDtypes: () => [int32, int64, float32],
  inferShapes: (op) => { checkRank(op, op.inputs[0], 2); checkRank(op, op.inputs[1], 1); return [[null], [null], [null]]; },
});

registerNotDifferentiable(...SAMPLER_OPS, 'ComputeAccidentalHits');

function trueClassesOf(true_classes: TensorLike, numTrue: number): Tensor {
  const t = convert_to_tensor(true_classes, { dtype: int64, name: 'true_classes' });
  if (t.shape.ndims !== null && t.shape.ndims !== 2) throw new ValueError(`true_classes must be a matrix [batch_size, num_true], got ${t.shape}`);
  if (!Number.isInteger(numTrue) || numTrue < 1) throw new ValueError(`num_true must be a positive integer, got ${numTrue}`);
  return t;
}

type SamplerOptions = { seed?: number | null; name?: string };

/** One candidate sampler op of `type`, with TF's argument checks. */
function candidateSampler(type: (typeof SAMPLER_OPS)[number], true_classes: TensorLike, num_true: number, num_sampled: number, unique: boolean, range_max: number | null,
  options: SamplerOptions, extraAttrs: Record<string, AttrValue> = {}): [Tensor, Tensor, Tensor] {
  if (range_max !== null && (!Number.isInteger(range_max) || range_max < 1)) throw new ValueError(`range_max must be a positive integer, got ${range_max}`);
  if (!Number.isInteger(num_sampled) || num_sampled < 1) throw new ValueError(`num_sampled must be a positive integer, got ${num_sampled}`);
  if (range_max !== null && unique && num_sampled > range_max) throw new ValueError(`Sampler's range is too small: num_sampled ${num_sampled} > range_max ${range_max} with unique`);
  return opScope(options.name, type, [true_classes], (scope, g) => {
    const t = trueClassesOf(true_classes, num_true);
    const attrs: Record<string, AttrValue> = { ...seedAttrs(options.seed, g), num_true: { i: num_true }, num_sampled: { i: num_sampled }, unique: { b: unique }, ...extraAttrs };
    if (range_max !== null) attrs.range_max = { i: range_max };
    const [s, te, se] = makeOp(type, [t], attrs, scope).outputs;
    return [s, te, se];
  });
}

const SAMPLER_PARAMS = ['true_classes', 'num_true', 'num_sampled', 'unique', 'range_max', 'seed=None', 'name=None'] as const;

/**
 * Samples `num_sampled` classes from [0, range_max) with P(k) = log((k + 2) / (k + 1)) / log(range_max + 1),
 * without repeats when `unique`; also each true and sampled class's expected count in such a draw.
 * Returns `[sampled_candidates, true_expected_count, sampled_expected_count]`.
 * @example tf.nn.log_uniform_candidate_sampler(labels, 1, 64, true, 10000)
 */
export const log_uniform_candidate_sampler = pythonFunction('log_uniform_candidate_sampler', SAMPLER_PARAMS, 5, function log_uniform_candidate_sampler(true_classes: TensorLike, num_true: number, num_sampled: number, unique: boolean, range_max: number,
  options: SamplerOptions = {}): [Tensor, Tensor, Tensor] {
  return candidateSampler('LogUniformCandidateSampler', true_classes, num_true, num_sampled, unique, range_max, options);
});

/**
 * As `log_uniform_candidate_sampler`, every class of [0, range_max) equally likely (P(k) = 1 / range_max).
 * @example tf.nn.uniform_candidate_sampler(labels, 1, 64, true, 10000)
 */
export const uniform_candidate_sampler = pythonFunction('uniform_candidate_sampler', SAMPLER_PARAMS, 5, function uniform_candidate_sampler(true_classes: TensorLike, num_true: number, num_sampled: number, unique: boolean, range_max: number,
  options: SamplerOptions = {}): [Tensor, Tensor, Tensor] {
  return candidateSampler('UniformCandidateSampler', true_classes, num_true, num_sampled, unique, range_max, options);
});

/**
 * Samples from [0, range_max) by fixed unigram weights: `unigrams`, or the last column of each line of the
 * CSV `vocab_file`, each raised to `distortion`, after `num_reserved_ids` ids of weight 0; with
 * `num_shards` > 1 only the ids of this `shard` (id % num_shards == shard) are weighed, and range_max
 * counts those. Returns `[sampled_candidates, true_expected_count, sampled_expected_count]`.
 * @example tf.nn.fixed_unigram_candidate_sampler(labels, 1, 2, true, 4, {unigrams: [1, 2, 3, 4]})
 */
export const fixed_unigram_candidate_sampler = pythonFunction('fixed_unigram_candidate_sampler', ['true_classes', 'num_true', 'num_sampled', 'unique', 'range_max', "vocab_file=''", 'distortion=1.0', 'num_reserved_ids=0', 'num_shards=1', 'shard=0', 'unigrams=()', 'seed=None', 'name=None'], 5, function fixed_unigram_candidate_sampler(true_classes: TensorLike, num_true: number, num_sampled: number, unique: boolean, range_max: number,
  options: SamplerOptions & { vocab_file?: string; distortion?: number; num_reserved_ids?: number; num_shards?: number; shard?: number; unigrams?: readonly number[] } = {}): [Tensor, Tensor, Tensor] {
  const numShards = options.num_shards ?? 1, shard = options.shard ?? 0;
  if (!Number.isInteger(numShards) || numShards < 1) throw new ValueError(`Attr 'num_shards' of ${numShards} must be >= 1`);
  if (!Number.isInteger(shard) || shard < 0) throw new ValueError(`Attr 'shard' of ${shard} must be >= 0`);
  return candidateSampler('FixedUnigramCandidateSampler', true_classes, num_true, num_sampled, unique, range_max, options, {
    vocab_file: { s: options.vocab_file ?? '' }, distortion: { f: options.distortion ?? 1 }, num_reserved_ids: { i: options.num_reserved_ids ?? 0 },
    num_shards: { i: numShards }, shard: { i: shard }, unigrams: { list: { f: [...(options.unigrams ?? [])] } },
  });
});

/**
 * Samples from [0, range_max) by unigram counts learned from the true classes: every class starts with
 * weight 1 and each run adds 1 per true class it was given (after drawing), kept per session.
 * @example tf.nn.learned_unigram_candidate_sampler(labels, 1, 8, true, 100)
 */
export const learned_unigram_candidate_sampler = pythonFunction('learned_unigram_candidate_sampler', SAMPLER_PARAMS, 5, function learned_unigram_candidate_sampler(true_classes: TensorLike, num_true: number, num_sampled: number, unique: boolean, range_max: number,
  options: SamplerOptions = {}): [Tensor, Tensor, Tensor] {
  return candidateSampler('LearnedUnigramCandidateSampler', true_classes, num_true, num_sampled, unique, range_max, options);
});

/**
 * "Samples" every class of [0, num_sampled) once, each with expected count 1 (for tests and
 * small vocabularies).
 * @example tf.nn.all_candidate_sampler(labels, 1, 10, true)
 */
export const all_candidate_sampler = pythonFunction('all_candidate_sampler', ['true_classes', 'num_true', 'num_sampled', 'unique', 'seed=None', 'name=None'], 4, function all_candidate_sampler(true_classes: TensorLike, num_true: number, num_sampled: number, unique: boolean,
  options: SamplerOptions = {}): [Tensor, Tensor, Tensor] {
  return candidateSampler('AllCandidateSampler', true_classes, num_true, num_sampled, unique, null, options);
});

/**
 * Where sampled candidates equal a row's true classes: `[indices (rows), ids (positions in sampled), weights (-FLT_MAX)]`.
 * @example tf.nn.compute_accidental_hits(labels, sampled, 1)
 */
export const compute_accidental_hits = pythonFunction('compute_accidental_hits', ['true_classes', 'sampled_candidates', 'num_true', 'seed=None', 'name=None'], 3, function compute_accidental_hits(true_classes: TensorLike, sampled_candidates: TensorLike, num_true: number, options: { seed?: number | null; name?: string } = {}): [Tensor, Tensor, Tensor] {
  return opScope(options.name, 'ComputeAccidentalHits', [true_classes, sampled_candidates], (scope, g) => {
    const t = trueClassesOf(true_classes, num_true);
    const s = convert_to_tensor(sampled_candidates, { dtype: int64, name: 'sampled_candidates' });
    const [i, ids, w] = makeOp('ComputeAccidentalHits', [t, s], { ...seedAttrs(options.seed, g), num_true: { i: num_true } }, scope).outputs;
    return [i, ids, w];
  });
});

