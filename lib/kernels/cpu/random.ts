/**
 * Reference CPU kernels for the random ops. Each op keeps one generator per session
 * (`ctx.session.opState`), so every run draws new values, a new session starts the sequence again,
 * and ops with seeds repeat across sessions. Seeds (0, 0) mean "seed from the platform".
 * The sampling follows TF's CPU kernels (Philox, per-run reservation of 256 blocks per output, TF's
 * bit-to-float conversions), so seeded values match TF's up to float rounding of sin/log.
 */
import { DType, float32, float64, int32, int64 } from '../../framework/dtypes';
import * as fs from 'fs';
import { InvalidArgumentError, NotFoundError } from '../../framework/errors';
import { shapeString } from '../../framework/tensor_shape';
import { NDArray, NumericData } from '../../framework/ndarray';
import { KernelContext, registerKernel } from '../registry';
import { Philox, SingleSampler, boxMullerDouble, boxMullerFloat, randomSeed64, uint32ToFloat, uint64ToDouble } from './philox';
import { iota, productIndex, stridesOf, takeFlat } from './indexing';
import { binaryMap } from './broadcast';
import { igammaGradA, lgamma } from './special_functions';

const invalid = (message: string) => new InvalidArgumentError(null, null, message);

/** TF's GuardedPhiloxRandom: hands each run a generator and moves the shared one past what it may use. */
class GuardedPhilox {
  private readonly gen: Philox;
  constructor(seed: number, seed2: number) {
    this.gen = seed === 0 && seed2 === 0 ? new Philox(randomSeed64(), randomSeed64()) : new Philox(seed, seed2);
  }
  reserve(blocks: number): Philox {
    const local = this.gen.clone();
    this.gen.skip(blocks);
    return local;
  }
}

/** Blocks TF reserves per output element, so runs never overlap whatever the distribution uses. */
const RESERVED_PER_OUTPUT = 256;

function generatorFor(ctx: KernelContext, outputs: number): Philox {
  const guarded = ctx.session.opState(ctx.op, () => guardedOf(ctx));
  return guarded.reserve(outputs * RESERVED_PER_OUTPUT);
}

function outputShape(ctx: KernelContext): number[] {
  const s = ctx.input(0);
  if (s.ndim !== 1) throw invalid(`shape must be a vector of {int32,int64}, got shape ${shapeString(s.shape)}`);
  const dims = Array.from(s.values);
  const bad = dims.find((d) => d < 0);
  if (bad !== undefined) throw invalid(`Dimension ${bad} must be >= 0`);
  return dims;
}

/** Fills `out` with the values each Philox block yields, in order (fixed-count distributions). */
function fillFromBlocks(out: NumericData, gen: Philox, valuesOf: (block: Uint32Array) => readonly number[]): void {
  let i = 0;
  while (i < out.length) {
    for (const v of valuesOf(gen.next())) { if (i >= out.length) break; out[i++] = v; }
  }
}

/**
 * Fills `out` group by group for distributions that reject samples: group g starts its own generator
 * `skipPerGroup` blocks after group g-1's, so the result does not depend on how work is split.
 */
function fillRejecting(out: NumericData, base: Philox, groupSize: number, skipPerGroup: number, pair: (s: SingleSampler) => readonly number[], accept: (v: number) => boolean): void {
  for (let g = 0; g * groupSize < out.length; g++) {
    const gen = base.clone();
    gen.skip(g * skipPerGroup);
    const sampler = new SingleSampler(gen);
    let k = 0;
    while (k < groupSize) {
      for (const v of pair(sampler)) {
        if (!accept(v)) continue;
        const at = g * groupSize + k;
        if (at < out.length) out[at] = v;
        if (++k >= groupSize) break;
      }
    }
  }
}

registerKernel('RandomStandardNormal', 'CPU', (ctx) => {
  const dtype = ctx.attr('dtype') as DType;
  const out = new NDArray(dtype, outputShape(ctx));
  const gen = generatorFor(ctx, out.size);
  if (dtype === float64) fillFromBlocks(out.values, gen, (b) => boxMullerDouble(b[0], b[1], b[2], b[3]));
  else fillFromBlocks(out.values, gen, (b) => [...boxMullerFloat(b[0], b[1]), ...boxMullerFloat(b[2], b[3])]);
  return [out];
});

const TRUNCATE_AT = 2;
registerKernel('TruncatedNormal', 'CPU', (ctx) => {
  const dtype = ctx.attr('dtype') as DType;
  const out = new NDArray(dtype, outputShape(ctx));
  const gen = generatorFor(ctx, out.size);
  const accept = (v: number) => Math.abs(v) < TRUNCATE_AT;
  if (dtype === float64) fillRejecting(out.values, gen, 2, 128, (s) => boxMullerDouble(s.next(), s.next(), s.next(), s.next()), accept);
  else fillRejecting(out.values, gen, 4, 256, (s) => boxMullerFloat(s.next(), s.next()), accept);
  return [out];
});

registerKernel('RandomUniform', 'CPU', (ctx) => {
  const dtype = ctx.attr('dtype') as DType;
  const out = new NDArray(dtype, outputShape(ctx));
  const gen = generatorFor(ctx, out.size);
  if (dtype === float64) fillFromBlocks(out.values, gen, (b) => [uint64ToDouble(b[0], b[1]), uint64ToDouble(b[2], b[3])]);
  else fillFromBlocks(out.values, gen, (b) => [uint32ToFloat(b[0]), uint32ToFloat(b[1]), uint32ToFloat(b[2]), uint32ToFloat(b[3])]);
  return [out];
});

registerKernel('RandomUniformInt', 'CPU', (ctx) => {
  const shape = outputShape(ctx);
  const minval = ctx.input(1), maxval = ctx.input(2);
  if (minval.ndim !== 0) throw invalid(`minval must be 0-D, got shape ${shapeString(minval.shape)}`);
  if (maxval.ndim !== 0) throw invalid(`maxval must be 0-D, got shape ${shapeString(maxval.shape)}`);
  const lo = minval.values[0], hi = maxval.values[0];
  const out = new NDArray(minval.dtype, shape);
  if (out.size === 0) return [out];
  if (lo >= hi) throw invalid(`Need minval < maxval: ${lo} >= ${hi}`);
  const gen = generatorFor(ctx, out.size);
  if (minval.dtype === int64) {
    const range = BigInt(hi - lo);
    const draw = (a: number, b: number) => lo + Number(((BigInt(b) << 32n) | BigInt(a)) % range);
    fillFromBlocks(out.values, gen, (b) => [draw(b[0], b[1]), draw(b[2], b[3])]);
  } else {
    const range = (hi - lo) >>> 0;
    fillFromBlocks(out.values, gen, (b) => Array.from(b, (x) => lo + (x % range)));
  }
  return [out];
});

registerKernel('RandomShuffle', 'CPU', (ctx) => {
  const x = ctx.input(0);
  if (x.ndim === 0 || x.shape[0] <= 1) return [x];
  const n = x.shape[0];
  const sampler = new SingleSampler(ctx.session.opState(ctx.op, () => new GuardedPhilox(Number(ctx.attr('seed')), Number(ctx.attr('seed2')))).reserve(Math.ceil(n / 4)));
  // Fisher–Yates over row indices, drawing uniform(i + 1) as TF's RandomShuffle does.
  const perm = iota(n);
  for (let i = n - 1; i > 0; i--) {
    const j = sampler.next() % (i + 1);
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  const coords = x.shape.map((d, i) => (i === 0 ? perm : iota(d)));
  return [takeFlat(x, x.shape, productIndex(coords, stridesOf(x.shape)))];
});

// =============================================================================================
// RandomGamma, RandomGammaGrad, RandomPoissonV2 and Multinomial: TF's distributions drawn from the op's
// Philox stream (the draws are TF's algorithms, not its exact sequence of values).
// =============================================================================================

/** Uniform doubles in [0, 1) and standard normals from one generator. */
class Draws {
  private readonly s: SingleSampler;
  private spare: number | null = null;
  constructor(gen: Philox) { this.s = new SingleSampler(gen); }
  uniform(): number { return uint64ToDouble(this.s.next(), this.s.next()); }
  normal(): number {
    if (this.spare !== null) { const v = this.spare; this.spare = null; return v; }
    const [a, b] = boxMullerDouble(this.s.next(), this.s.next(), this.s.next(), this.s.next());
    this.spare = b;
    return a;
  }
}

/** One Gamma(alpha, 1) sample: Marsaglia–Tsang, boosted by u^(1/alpha) below 1; alpha 1 is an exponential (as TF). */
function gammaSample(alpha: number, d: Draws): number {
  if (!(alpha > 0)) return NaN;
  if (alpha === 1) return -Math.log1p(-d.uniform());
  const boost = alpha < 1 ? Math.pow(d.uniform(), 1 / alpha) : 1;
  const a = alpha < 1 ? alpha + 1 : alpha;
  const dd = a - 1 / 3, c = 1 / Math.sqrt(9 * dd);
  for (;;) {
    const x = d.normal();
    let v = 1 + c * x;
    if (v <= 0) continue;
    v = v * v * v;
    const u = d.uniform();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + dd * (1 - v + Math.log(v))) return dd * v * boost;
  }
}

/** One Poisson(rate) sample: counting exponential arrivals below rate 10, Hörmann's PTRS rejection above (as TF). */
function poissonSample(rate: number, d: Draws): number {
  if (!(rate >= 0)) return NaN;
  if (rate === 0) return 0;
  if (rate < 10) {
    const limit = Math.exp(-rate);
    let prod = 1, k = 0;
    for (;;) { prod *= d.uniform(); if (prod < limit) return k; k++; }
  }
  const smu = Math.sqrt(rate), b = 0.931 + 2.53 * smu, a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4), vr = 0.9277 - 3.6224 / (b - 2), logRate = Math.log(rate);
  for (;;) {
    const u = d.uniform() - 0.5, v = d.uniform(), us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + rate + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -rate + k * logRate - lgamma(k + 1)) return k;
  }
}

/** The sample shape (input 0) and the parameters (input 1) of RandomGamma / RandomPoissonV2. */
function samplesAndParams(ctx: KernelContext, param: string): { sampleShape: number[]; params: NDArray } {
  const s = ctx.input(0);
  if (s.ndim !== 1) throw invalid(`shape must be a vector of {int32,int64}, got shape: ${shapeString(s.shape)}`);
  const sampleShape = Array.from(s.values);
  if (sampleShape.some((x) => x < 0)) throw invalid(`Dimension ${sampleShape.find((x) => x < 0)} must be >= 0`);
  const params = ctx.input(1);
  if (!params.dtype.is_floating && !params.dtype.is_integer) throw invalid(`${param} must be real numbers, got ${params.dtype.name}`);
  return { sampleShape, params };
}

/** out[i, j] is draw(params[j]) for every sample index i: the layout RandomGamma and RandomPoissonV2 give. */
function drawPerParam(ctx: KernelContext, dtype: DType, param: string, draw: (p: number, d: Draws) => number): NDArray[] {
  const { sampleShape, params } = samplesAndParams(ctx, param);
  const out = new NDArray(dtype, [...sampleShape, ...params.shape]);
  if (out.size === 0) return [out];
  const d = new Draws(generatorFor(ctx, out.size));
  const n = params.size;
  for (let i = 0; i < out.size; i++) out.values[i] = draw(params.values[i % n], d);
  return [out];
}

registerKernel('RandomGamma', 'CPU', (ctx) => drawPerParam(ctx, ctx.input(1).dtype, 'alpha', gammaSample));
registerKernel('RandomPoissonV2', 'CPU', (ctx) => drawPerParam(ctx, ctx.attr('dtype') as DType, 'rate', poissonSample));

// ∂x/∂alpha of a Gamma(alpha) sample x by implicit differentiation of its CDF P(alpha, x): -(∂P/∂alpha) / (∂P/∂x).
registerKernel('RandomGammaGrad', 'CPU', (ctx) => [binaryMap(ctx.input(0), ctx.input(1), ctx.input(0).dtype, (alpha, x) => {
  const density = Math.exp(-x + (alpha - 1) * Math.log(x) - lgamma(alpha));
  return -igammaGradA(alpha, x) / density;
})]);

registerKernel('Multinomial', 'CPU', (ctx) => {
  const logits = ctx.input(0), numSamplesT = ctx.input(1);
  if (logits.ndim !== 2) throw invalid(`logits should be a matrix, got shape ${shapeString(logits.shape)}`);
  if (numSamplesT.ndim !== 0) throw invalid(`num_samples should be a scalar.`);
  const numSamples = numSamplesT.values[0];
  if (numSamples < 0) throw invalid(`num_samples should be nonnegative, got ${numSamples}`);
  const [batch, classes] = logits.shape;
  const out = new NDArray(ctx.attr('output_dtype') as DType, [batch, numSamples]);
  if (batch === 0 || numSamples === 0) return [out];
  if (classes <= 0) throw invalid(`num_classes should be positive, got ${classes}`);
  const d = new Draws(generatorFor(ctx, batch * numSamples));
  const cdf = new Float64Array(classes);
  for (let b = 0; b < batch; b++) {
    // Probabilities relative to the row's largest finite logit; -inf and nan logits never come up.
    let max = -Infinity;
    for (let j = 0; j < classes; j++) { const l = logits.values[b * classes + j]; if (Number.isFinite(l)) max = Math.max(max, l); }
    let total = 0;
    for (let j = 0; j < classes; j++) {
      const l = logits.values[b * classes + j];
      total += Number.isFinite(l) ? Math.exp(l - max) : 0;
      cdf[j] = total;
    }
    for (let k = 0; k < numSamples; k++) {
      const u = d.uniform() * total;
      // The first class whose running total exceeds u (upper_bound).
      let lo = 0, hi = classes - 1;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (cdf[mid] > u) hi = mid; else lo = mid + 1; }
      out.values[b * numSamples + k] = lo;
    }
  }
  return [out];
});

// =============================================================================================
// The candidate samplers and ComputeAccidentalHits.
// =============================================================================================

/** P(k) of the log-uniform (Zipfian) distribution over [0, rangeMax). */
const logUniformProbability = (k: number, rangeMax: number) => (Math.log(k + 2) - Math.log(k + 1)) / Math.log(rangeMax + 1);

/** TF's ExpectedCountHelper: how often a class of probability p shows up in `tries` draws kept to `sampled`. */
function expectedCount(p: number, sampled: number, tries: number): number {
  if (sampled === tries) return p * sampled;
  return -Math.expm1(tries * Math.log1p(-p));
}

/** A candidate distribution: draws a class from a uniform float in [0, 1) and knows each class's probability. */
interface CandidateDistribution { draw(u: number): number; probability(k: number): number }

/** Sampling by weights (TF's unigram samplers): class k with probability weights[k] / Σ weights. */
function weighted(weights: ArrayLike<number>): CandidateDistribution {
  let total = 0;
  for (let k = 0; k < weights.length; k++) total += weights[k];
  return {
    draw: (u) => {
      let target = u * total, k = 0;
      while (k < weights.length - 1 && (target >= weights[k] || weights[k] === 0)) { target -= weights[k]; k++; }
      return k;
    },
    probability: (k) => weights[k] / total,
  };
}

/** TF's FixedUnigramSampler weights: reserved ids weigh 0, then each unigram^distortion, keeping this shard's ids only. */
function fixedUnigramWeights(ctx: KernelContext): number[] {
  const numShards = ctx.attr('num_shards') as number, shard = ctx.attr('shard') as number, distortion = ctx.attr('distortion') as number;
  const vocabFile = String(ctx.attr('vocab_file'));
  const weights: number[] = [];
  for (let id = 0; id < (ctx.attr('num_reserved_ids') as number); id++) if (id % numShards === shard) weights.push(0);
  let unigrams = ctx.attr('unigrams') as number[];
  if (vocabFile !== '') {
    let text: string;
    try { text = fs.readFileSync(vocabFile, 'utf8'); } catch { throw new NotFoundError(null, null, `${vocabFile}; No such file or directory`); }
    unigrams = text.split('\n').filter((line) => line !== '').map((line) => {
      const w = Number(line.split(',').pop()!.trim());
      if (!Number.isFinite(w)) throw invalid(`Wrong vocabulary format at line: ${line}`);
      return w;
    });
  } else if (unigrams.length === 0) throw invalid('Either vocab_file or unigrams must be given to FixedUnigramCandidateSampler');
  let id = weights.length;
  for (const w of unigrams) { if (id % numShards === shard) weights.push(Math.pow(w, distortion)); id++; }
  const range = ctx.attr('range_max') as number;
  if (weights.length !== range) throw invalid(`range is ${range} must be equal to weights size  ${weights.length}`);
  return weights;
}

/** A unigram sampler's per-session state: its generator and its weights (the learned one's counts start at 1). */
interface UnigramState { guarded: GuardedPhilox; weights: Float64Array }
const guardedOf = (ctx: KernelContext) => new GuardedPhilox(Number(ctx.attr('seed')), Number(ctx.attr('seed2')));

type SamplerType = 'LogUniformCandidateSampler' | 'UniformCandidateSampler' | 'FixedUnigramCandidateSampler' | 'LearnedUnigramCandidateSampler';
/** Each sampler's distribution for a run, its generator, and what it learns from the run's true classes. */
const CANDIDATE_SAMPLERS: Record<SamplerType, (ctx: KernelContext, draws: number) => { distribution: CandidateDistribution; gen: Philox; learn?: (trueClasses: NDArray) => void }> = {
  LogUniformCandidateSampler: (ctx, draws) => {
    const rangeMax = ctx.attr('range_max') as number;
    return {
      distribution: { draw: (u) => (Math.floor(Math.exp(u * Math.log(rangeMax + 1))) - 1) % rangeMax, probability: (k) => logUniformProbability(k, rangeMax) },
      gen: generatorFor(ctx, draws),
    };
  },
  UniformCandidateSampler: (ctx, draws) => {
    const rangeMax = ctx.attr('range_max') as number;
    return { distribution: { draw: (u) => Math.min(Math.floor(u * rangeMax), rangeMax - 1), probability: () => 1 / rangeMax }, gen: generatorFor(ctx, draws) };
  },
  FixedUnigramCandidateSampler: (ctx, draws) => {
    const state = ctx.session.opState<UnigramState>(ctx.op, () => ({ guarded: guardedOf(ctx), weights: Float64Array.from(fixedUnigramWeights(ctx)) }));
    return { distribution: weighted(state.weights), gen: state.guarded.reserve(draws * RESERVED_PER_OUTPUT) };
  },
  LearnedUnigramCandidateSampler: (ctx, draws) => {
    const state = ctx.session.opState<UnigramState>(ctx.op, () => ({ guarded: guardedOf(ctx), weights: new Float64Array(ctx.attr('range_max') as number).fill(1) }));
    return {
      distribution: weighted(Float64Array.from(state.weights)),
      gen: state.guarded.reserve(draws * RESERVED_PER_OUTPUT),
      learn: (trueClasses) => trueClasses.values.forEach((k) => { if (k >= 0 && k < state.weights.length) state.weights[k]++; }),
    };
  },
};

/** Checks the true classes' shape against num_true. */
function checkTrueClasses(trueClasses: NDArray, numTrue: number): void {
  if (trueClasses.ndim !== 2 || trueClasses.shape[1] !== numTrue) throw invalid(`true_classes must be a matrix with num_true (${numTrue}) columns, got shape ${shapeString(trueClasses.shape)}`);
}

for (const type of Object.keys(CANDIDATE_SAMPLERS) as SamplerType[]) registerKernel(type, 'CPU', (ctx) => {
  const trueClasses = ctx.input(0);
  const numTrue = ctx.attr('num_true') as number, numSampled = ctx.attr('num_sampled') as number;
  const unique = ctx.attr('unique') === true, rangeMax = ctx.attr('range_max') as number;
  checkTrueClasses(trueClasses, numTrue);
  if (unique && numSampled > rangeMax) throw invalid(`Sampler's range is too small.`);
  const { distribution, gen, learn } = CANDIDATE_SAMPLERS[type](ctx, numSampled);
  let block: Uint32Array = new Uint32Array(0), used = 4;
  const uniform = () => { if (used === 4) { block = gen.next(); used = 0; } return uint32ToFloat(block[used++]); };
  const sampled = new NDArray(int64, [numSampled]);
  const seen = new Set<number>();
  let tries = 0;
  for (let i = 0; i < numSampled;) {
    const v = distribution.draw(uniform());
    tries++;
    if (unique && seen.has(v)) continue;
    seen.add(v);
    sampled.values[i++] = v;
  }
  const count = (k: number) => expectedCount(distribution.probability(k), numSampled, unique ? tries : numSampled);
  const trueExpected = new NDArray(float32, trueClasses.shape);
  trueClasses.values.forEach((k, i) => { trueExpected.values[i] = count(k); });
  const sampledExpected = new NDArray(float32, [numSampled]);
  sampled.values.forEach((k, i) => { sampledExpected.values[i] = count(k); });
  learn?.(trueClasses);
  return [sampled, trueExpected, sampledExpected];
});

// TF's AllSampler: the classes 0 .. num_sampled - 1 in order, every expected count 1.
registerKernel('AllCandidateSampler', 'CPU', (ctx) => {
  const trueClasses = ctx.input(0), numSampled = ctx.attr('num_sampled') as number;
  checkTrueClasses(trueClasses, ctx.attr('num_true') as number);
  const ones = (shape: readonly number[]) => { const a = new NDArray(float32, [...shape]); a.values.fill(1); return a; };
  return [NDArray.from(Array.from(iota(numSampled)), int64).reshape([numSampled]), ones(trueClasses.shape), ones([numSampled])];
});

registerKernel('ComputeAccidentalHits', 'CPU', (ctx) => {
  const trueClasses = ctx.input(0), sampled = ctx.input(1);
  const numTrue = ctx.attr('num_true') as number;
  checkTrueClasses(trueClasses, numTrue);
  const positions = new Map<number, number[]>();
  sampled.values.forEach((v, j) => { const p = positions.get(v); if (p) p.push(j); else positions.set(v, [j]); });
  const rows: number[] = [], ids: number[] = [];
  for (let i = 0; i < trueClasses.shape[0]; i++) {
    for (let t = 0; t < numTrue; t++) for (const j of positions.get(trueClasses.values[i * numTrue + t]) ?? []) { rows.push(i); ids.push(j); }
  }
  const FLT_MAX = 3.4028234663852886e38;
  return [NDArray.from(rows, int32).reshape([rows.length]), NDArray.from(ids, int64).reshape([ids.length]), NDArray.from(ids.map(() => -FLT_MAX), float32).reshape([ids.length])];
});
