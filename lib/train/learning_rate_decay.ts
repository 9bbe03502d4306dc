/**
 * Learning-rate schedules of `tf.train` (TF 1.15's learning_rate_decay): each builds, in its own name
 * scope, the decayed rate as a function of `global_step`, so it changes as training steps advance.
 */
import { Tensor } from '../framework/graph';
import { ValueError } from '../framework/errors';
import { TensorLike, convert_to_tensor, opScope } from '../ops/op_builder';
import { where } from '../ops/array_ops';
import { cond } from '../ops/control_flow_ops';
import { random_normal } from '../ops/random_ops';
import { pythonFunction } from '../framework/python_signature';
import {
  add, cast, ceil, cos, equal, exp, floor, greater, less_equal, log, logical_and, minimum, multiply, negative, pow, sqrt, subtract, truediv,
} from '../ops/math_ops';

function required(step: TensorLike | null | undefined, fn: string): TensorLike {
  if (step === null || step === undefined) throw new ValueError(`global_step is required for ${fn}.`);
  return step;
}

/** The rate as a float tensor, and the other arguments cast to its dtype (as TF's schedules do). */
function prepare(learning_rate: TensorLike, rest: TensorLike[]): [Tensor, ...Tensor[]] {
  const lr = convert_to_tensor(learning_rate, { name: 'initial_learning_rate', preferred_dtype: 'float32' });
  return [lr, ...rest.map((r) => cast(r, lr.dtype.base_dtype))];
}

export interface ExponentialDecayOptions { staircase?: boolean; name?: string | null }

/**
 * `learning_rate * decay_rate ^ (global_step / decay_steps)` (the exponent floored with `staircase`).
 * @example const lr = tf.train.exponential_decay(0.1, global_step, 1000, 0.96, {staircase: true});
 */
export const exponential_decay = pythonFunction('exponential_decay', ['learning_rate', 'global_step', 'decay_steps', 'decay_rate', 'staircase=False', 'name=None'], 4, function exponential_decay(learning_rate: TensorLike, global_step: TensorLike, decay_steps: TensorLike, decay_rate: TensorLike, options: ExponentialDecayOptions = {}): Tensor {
  const step = required(global_step, 'exponential decay');
  return opScope(options.name, 'ExponentialDecay', [learning_rate, decay_steps, decay_rate], (scope) => {
    const [lr, steps, rate, s] = prepare(learning_rate, [decay_steps, decay_rate, step]);
    let p = truediv(s, steps);
    if (options.staircase) p = floor(p);
    return multiply(lr, pow(rate, p), { name: scope });
  });
});

/** `learning_rate * exp(-decay_rate * global_step / decay_steps)`. */
export const natural_exp_decay = pythonFunction('natural_exp_decay', ['learning_rate', 'global_step', 'decay_steps', 'decay_rate', 'staircase=False', 'name=None'], 4, function natural_exp_decay(learning_rate: TensorLike, global_step: TensorLike, decay_steps: TensorLike, decay_rate: TensorLike, options: ExponentialDecayOptions = {}): Tensor {
  const step = required(global_step, 'natural exp decay');
  return opScope(options.name, 'NaturalExpDecay', [learning_rate, step, decay_rate], (scope) => {
    const [lr, steps, rate, s] = prepare(learning_rate, [decay_steps, decay_rate, step]);
    let p = truediv(s, steps);
    if (options.staircase) p = floor(p);
    return multiply(lr, exp(multiply(negative(rate), p)), { name: scope });
  });
});

/** `learning_rate / (1 + decay_rate * global_step / decay_steps)`. */
export const inverse_time_decay = pythonFunction('inverse_time_decay', ['learning_rate', 'global_step', 'decay_steps', 'decay_rate', 'staircase=False', 'name=None'], 4, function inverse_time_decay(learning_rate: TensorLike, global_step: TensorLike, decay_steps: TensorLike, decay_rate: TensorLike, options: ExponentialDecayOptions = {}): Tensor {
  const step = required(global_step, 'inverse time decay');
  return opScope(options.name, 'InverseTimeDecay', [learning_rate, step, decay_rate], (scope) => {
    const [lr, steps, rate, s] = prepare(learning_rate, [decay_steps, decay_rate, step]);
    let p = truediv(s, steps);
    if (options.staircase) p = floor(p);
    return truediv(lr, add(1, multiply(rate, p)), { name: scope });
  });
});

/**
 * `values[0]` while `x <= boundaries[0]`, `values[i]` for `boundaries[i-1] < x <= boundaries[i]`, the last
 * value after the last boundary.
 * @example const lr = tf.train.piecewise_constant(global_step, [1000, 2000], [0.1, 0.01, 0.001]);
 */
export const piecewise_constant = pythonFunction('piecewise_constant', ['x', 'boundaries', 'values', 'name=None'], 3, function piecewise_constant(x: TensorLike, boundaries: readonly number[], values: readonly number[], options: { name?: string | null } = {}): Tensor {
  if (boundaries.length !== values.length - 1) throw new ValueError('The length of boundaries should be 1 less than the length of values');
  return opScope(options.name, 'PiecewiseConstant', [x, boundaries, values], () => {
    const v = values.map((value) => convert_to_tensor(value, { preferred_dtype: 'float32' }));
    const xt = convert_to_tensor(x);
    const b = boundaries.map((bound) => convert_to_tensor(bound, { dtype: xt.dtype.base_dtype }));
    // Exactly one predicate holds, so a chain of selects picks the case TF's exclusive `case` picks.
    let out: Tensor = v[v.length - 1];
    for (let i = b.length - 1; i >= 1; i--) out = where(logical_and(greater(xt, b[i - 1]), less_equal(xt, b[i])), v[i], out);
    return where(less_equal(xt, b[0]), v[0], out);
  });
});

/** TF 1.15's other name of piecewise_constant. */
export const piecewise_constant_decay = pythonFunction('piecewise_constant_decay', ['x', 'boundaries', 'values', 'name=None'], 3, function piecewise_constant_decay(x: TensorLike, boundaries: readonly number[], values: readonly number[], options: { name?: string | null } = {}): Tensor {
  return piecewise_constant(x, boundaries, values, options);
});

export interface PolynomialDecayOptions { end_learning_rate?: number; power?: number; cycle?: boolean; name?: string | null }

/**
 * `(learning_rate - end) * (1 - step / decay_steps) ^ power + end`, with step clipped at decay_steps (or,
 * with `cycle`, decay_steps stretched to the next multiple).
 */
export const polynomial_decay = pythonFunction('polynomial_decay', ['learning_rate', 'global_step', 'decay_steps', 'end_learning_rate=0.0001', 'power=1.0', 'cycle=False', 'name=None'], 3, function polynomial_decay(learning_rate: TensorLike, global_step: TensorLike, decay_steps: TensorLike, options: PolynomialDecayOptions = {}): Tensor {
  const step = required(global_step, 'polynomial decay');
  const endRate = options.end_learning_rate ?? 0.0001, power = options.power ?? 1.0;
  return opScope(options.name, 'PolynomialDecay', [learning_rate, step, decay_steps, endRate, power], (scope) => {
    const [lr, end, pw, s0, steps0] = prepare(learning_rate, [endRate, power, step, decay_steps]);
    let s = s0, steps = steps0;
    if (options.cycle) {
      const multiplier = where(equal(s, 0), convert_to_tensor(1, { dtype: lr.dtype.base_dtype }), ceil(truediv(s, steps)));
      steps = multiply(steps, multiplier);
    } else {
      s = minimum(s, steps);
    }
    const p = truediv(s, steps);
    return add(multiply(subtract(lr, end), pow(subtract(1, p), pw)), end, { name: scope });
  });
});

/** `learning_rate * ((1 - alpha) * 0.5 * (1 + cos(pi * min(step, decay_steps) / decay_steps)) + alpha)`. */
export const cosine_decay = pythonFunction('cosine_decay', ['learning_rate', 'global_step', 'decay_steps', 'alpha=0.0', 'name=None'], 3, function cosine_decay(learning_rate: TensorLike, global_step: TensorLike, decay_steps: TensorLike, options: { alpha?: number; name?: string | null } = {}): Tensor {
  const step = required(global_step, 'cosine decay');
  const alpha = options.alpha ?? 0;
  return opScope(options.name, 'CosineDecay', [learning_rate, step], (scope) => {
    const [lr, s0, steps] = prepare(learning_rate, [step, decay_steps]);
    const fraction = truediv(minimum(s0, steps), steps);
    const cosine = multiply(0.5, add(1, cos(multiply(convert_to_tensor(Math.PI, { dtype: lr.dtype.base_dtype }), fraction))));
    const decayed = add(multiply(1 - alpha, cosine), alpha);
    return multiply(lr, decayed, { name: scope });
  });
});

/** `cos(π·fraction)` scaled to [0, 1]: 0.5 · (1 + cos(π · fraction)), π a float32 constant as TF's. */
function halfCosine(fraction: Tensor): Tensor {
  return multiply(0.5, add(1, cos(multiply(convert_to_tensor(Math.PI, { dtype: fraction.dtype.base_dtype }), fraction))));
}

export interface CosineDecayRestartsOptions { t_mul?: number; m_mul?: number; alpha?: number; name?: string | null }

/**
 * SGDR (Loshchilov & Hutter): cosine decay from 1 to `alpha` over first_decay_steps, then a warm restart; each
 * period is `t_mul` times longer than the last and starts `m_mul` times lower.
 * @example const lr = tf.train.cosine_decay_restarts(0.1, global_step, 1000, {t_mul: 2.0, m_mul: 0.5});
 */
export const cosine_decay_restarts = pythonFunction('cosine_decay_restarts', ['learning_rate', 'global_step', 'first_decay_steps', 't_mul=2.0', 'm_mul=1.0', 'alpha=0.0', 'name=None'], 3, function cosine_decay_restarts(learning_rate: TensorLike, global_step: TensorLike, first_decay_steps: TensorLike, options: CosineDecayRestartsOptions = {}): Tensor {
  const step = required(global_step, 'cosine decay restarts');
  return opScope(options.name, 'SGDRDecay', [learning_rate], (scope) => {
    const [lr, firstSteps, alpha, tMul, mMul, s] = prepare(learning_rate, [first_decay_steps, options.alpha ?? 0, options.t_mul ?? 2, options.m_mul ?? 1, step]);
    const fraction = truediv(s, firstSteps);
    // The period and the fraction of it done: periods of equal length (t_mul 1), or a geometric series.
    const [iRestart, done] = cond(equal(tMul, 1.0), () => {
      const i = floor(fraction);
      return [i, subtract(fraction, i)];
    }, () => {
      const i = floor(truediv(log(subtract(1.0, multiply(fraction, subtract(1.0, tMul)))), log(tMul)));
      const sumR = truediv(subtract(1.0, pow(tMul, i)), subtract(1.0, tMul));
      return [i, truediv(subtract(fraction, sumR), pow(tMul, i))];
    }) as Tensor[];
    const cosineDecayed = multiply(pow(mMul, iRestart), halfCosine(done));
    return multiply(lr, add(multiply(subtract(1, alpha), cosineDecayed), alpha), { name: scope });
  });
});

export interface LinearCosineDecayOptions { num_periods?: number; alpha?: number; beta?: number; name?: string | null }

/** The linear and cosine parts of (noisy) linear cosine decay, from the step clipped at decay_steps. */
function linearCosine(steps: Tensor, clipped: Tensor, numPeriods: Tensor): [Tensor, Tensor] {
  const linear = truediv(subtract(steps, clipped), steps);
  const fraction = multiply(multiply(2.0, numPeriods), truediv(clipped, steps));
  return [linear, halfCosine(fraction)];
}

/**
 * Bello et al.'s linear cosine decay: `learning_rate * ((alpha + linear) * cosine + beta)`, linear going from 1 to
 * 0 over decay_steps and cosine through `num_periods` periods.
 */
export const linear_cosine_decay = pythonFunction('linear_cosine_decay', ['learning_rate', 'global_step', 'decay_steps', 'num_periods=0.5', 'alpha=0.0', 'beta=0.001', 'name=None'], 3, function linear_cosine_decay(learning_rate: TensorLike, global_step: TensorLike, decay_steps: TensorLike, options: LinearCosineDecayOptions = {}): Tensor {
  const step = required(global_step, 'linear cosine decay');
  return opScope(options.name, 'LinearCosineDecay', [learning_rate], (scope) => {
    const [lr, steps, numPeriods, alpha, beta, s] = prepare(learning_rate, [decay_steps, options.num_periods ?? 0.5, options.alpha ?? 0, options.beta ?? 0.001, step]);
    const [linear, cosine] = linearCosine(steps, minimum(s, steps), numPeriods);
    return multiply(lr, add(multiply(add(alpha, linear), cosine), beta), { name: scope });
  });
});

export interface NoisyLinearCosineDecayOptions extends LinearCosineDecayOptions { initial_variance?: number; variance_decay?: number }

/**
 * linear_cosine_decay with Gaussian noise added to the linear part, of variance
 * `initial_variance / (1 + step) ^ variance_decay` (a RandomStandardNormal sampled on every run).
 */
export const noisy_linear_cosine_decay = pythonFunction('noisy_linear_cosine_decay', ['learning_rate', 'global_step', 'decay_steps', 'initial_variance=1.0', 'variance_decay=0.55', 'num_periods=0.5', 'alpha=0.0', 'beta=0.001', 'name=None'], 3, function noisy_linear_cosine_decay(learning_rate: TensorLike, global_step: TensorLike, decay_steps: TensorLike, options: NoisyLinearCosineDecayOptions = {}): Tensor {
  const step = required(global_step, 'noisy linear cosine decay');
  return opScope(options.name, 'NoisyLinearCosineDecay', [learning_rate], (scope) => {
    const [lr, steps, variance0, varianceDecay, numPeriods, alpha, beta, s] = prepare(learning_rate, [
      decay_steps, options.initial_variance ?? 1.0, options.variance_decay ?? 0.55, options.num_periods ?? 0.5, options.alpha ?? 0, options.beta ?? 0.001, step,
    ]);
    const clipped = minimum(s, steps);
    const [linear0, cosine] = linearCosine(steps, clipped, numPeriods);
    const variance = truediv(variance0, pow(add(1.0, clipped), varianceDecay));
    const linear = add(linear0, random_normal(linear0.shape.toNumbers(), { stddev: sqrt(variance), dtype: lr.dtype.base_dtype }));
    return multiply(lr, add(multiply(add(alpha, linear), cosine), beta), { name: scope });
  });
});
