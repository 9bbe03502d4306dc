/**
 * Special functions for the element-wise math kernels (Erf, Erfc, Lgamma, Digamma, Polygamma, Zeta), in double
 * precision; float32 kernels round the result.
 */

const SQRT_PI = Math.sqrt(Math.PI);

/** erf(x) = 2/√π e^{-x²} Σ 2ⁿ x^{2n+1} / (1·3·…·(2n+1)): all terms positive, so no cancellation below |x| = 3. */
function erfSeries(x: number): number {
  let term = x, sum = x;
  for (let n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
    term *= (2 * x * x) / (2 * n + 1);
    sum += term;
  }
  return (2 / SQRT_PI) * Math.exp(-x * x) * sum;
}

/** erfc(x) for x ≥ 2 from its continued fraction e^{-x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated by Lentz's method. */
function erfcContinuedFraction(x: number): number {
  const tiny = 1e-300;
  let f = x, c = x, d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d; d = d === 0 ? tiny : 1 / d;
    c = x + a / c; if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (SQRT_PI * f);
}

export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  if (a < 3) return erfSeries(x);
  return Math.sign(x) * (1 - erfcContinuedFraction(a));
}

export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 2) return 1 - erf(x);
  return erfcContinuedFraction(x);
}

/** Lanczos coefficients for g = 7, n = 9 (relative error near 1e-15). */
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** log|Γ(x)|; +inf at the poles (0, -1, -2, …), as TF's Lgamma. */
export function lgamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity || x === -Infinity) return Infinity;
  if (x <= 0 && Number.isInteger(x)) return Infinity;
  // Reflection: Γ(x) Γ(1-x) = π / sin(πx).
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** ψ(x) = d/dx log Γ(x): reflection below 0, recurrence up to 10, then the asymptotic series. NaN at the poles. */
export function digamma(x: number): number {
  if (Number.isNaN(x) || x === -Infinity) return NaN;
  if (x === Infinity) return Infinity;
  if (x <= 0) {
    if (Number.isInteger(x)) return NaN;
    return digamma(1 - x) - Math.PI / Math.tan(Math.PI * x);
  }
  let shift = 0;
  while (x < 10) { shift -= 1 / x; x += 1; }
  const inv2 = 1 / (x * x);
  // Σ B_{2k} / (2k x^{2k}) for k = 1..6
  const tail = inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132 - inv2 * (691 / 32760))))));
  return shift + Math.log(x) - 0.5 / x - tail;
}

/** B_{2j} / (2j)! for j = 1..12, the Euler–Maclaurin coefficients of the Hurwitz zeta sum. */
const ZETA_COEFFICIENTS = [
  1 / 12, -1 / 720, 1 / 30240, -1 / 1209600, 1 / 47900160, -691 / 1307674368000, 1 / 74724249600,
  -3617 / 10670622842880000, 43867 / 5109094217170944000, -174611 / 802857662698291200000,
  77683 / 14101100039391805440000, -236364091 / 1693824136731743669452800000,
];

/** Hurwitz ζ(s, q) = Σ_{k≥0} (q+k)^{-s}, for s > 1 (s = 1 is +inf; s < 1 NaN), as TF's Zeta. */
export function zeta(s: number, q: number): number {
  if (Number.isNaN(s) || Number.isNaN(q)) return NaN;
  if (s === 1) return Infinity;
  if (s < 1) return NaN;
  if (q <= 0) {
    if (Number.isInteger(q)) return Infinity;
    // The sum over negative q converges only for integer s.
    if (!Number.isInteger(s)) return NaN;
  }
  const N = 9;
  let sum = 0;
  let a = q;
  for (let k = 0; k < N; k++, a += 1) sum += Math.pow(a, -s);
  // a = q + N: the tail ∫ plus the Euler–Maclaurin corrections.
  sum += Math.pow(a, 1 - s) / (s - 1) + 0.5 * Math.pow(a, -s);
  let rising = s, power = Math.pow(a, -s - 1);
  for (let j = 0; j < ZETA_COEFFICIENTS.length; j++) {
    const term = ZETA_COEFFICIENTS[j] * rising * power;
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
    rising *= (s + 2 * j + 1) * (s + 2 * j + 2);
    power /= a * a;
  }
  return sum;
}

/** ψ⁽ⁿ⁾(x): digamma for n = 0, (-1)^{n+1} n! ζ(n+1, x) for integer n ≥ 1; NaN for other n, as TF's Polygamma. */
export function polygamma(n: number, x: number): number {
  if (!Number.isInteger(n) || n < 0) return NaN;
  if (n === 0) return digamma(x);
  let factorial = 1;
  for (let k = 2; k <= n; k++) factorial *= k;
  return (n % 2 === 1 ? 1 : -1) * factorial * zeta(n + 1, x);
}

/** e^{-x} x^a / Γ(a), the common factor of the incomplete gamma series and continued fraction. */
const gammaPrefactor = (a: number, x: number): number => Math.exp(a * Math.log(x) - x - lgamma(a));

/** P(a, x) by its series Σ xⁿ / (a (a+1) … (a+n)), converging fast for x < a + 1. */
function igammaSeries(a: number, x: number): number {
  let term = 1 / a, sum = term;
  for (let n = 1; n < 10000 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) { term *= x / (a + n); sum += term; }
  return sum * gammaPrefactor(a, x);
}

/** Q(a, x) by its continued fraction (Lentz's method), converging fast for x ≥ a + 1. */
function igammacContinuedFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b; if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c; if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return gammaPrefactor(a, x) * h;
}

/** The regularized lower incomplete gamma function P(a, x); NaN for a ≤ 0 or x < 0, as TF's Igamma. */
export function igamma(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return NaN;
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  return x < a + 1 ? igammaSeries(a, x) : 1 - igammacContinuedFraction(a, x);
}

/** The regularized upper incomplete gamma function Q(a, x) = 1 - P(a, x), as TF's Igammac. */
export function igammac(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return NaN;
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  return x < a + 1 ? 1 - igammaSeries(a, x) : igammacContinuedFraction(a, x);
}

/** ∂P(a, x)/∂a, from P = Σₙ e^{(a+n) log x - x - lgamma(a+n+1)} term by term: each term times log x - ψ(a+n+1). */
export function igammaGradA(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return NaN;
  if (x === 0 || x === Infinity) return 0;
  const logX = Math.log(x);
  let sum = 0;
  for (let n = 0; n < 100000; n++) {
    const term = Math.exp((a + n) * logX - x - lgamma(a + n + 1));
    const contribution = term * (logX - digamma(a + n + 1));
    sum += contribution;
    if (n > x && Math.abs(contribution) <= 1e-17 * Math.abs(sum)) break;
  }
  return sum;
}

/** The continued fraction of I_x(a, b) (Lentz's method), converging fast for x < (a + 1) / (a + b + 2). */
function betaincContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1, d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 10000; m++) {
    for (const numerator of [(m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m)), (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1))]) {
      d = 1 + numerator * d; if (Math.abs(d) < tiny) d = tiny;
      c = 1 + numerator / c; if (Math.abs(c) < tiny) c = tiny;
      d = 1 / d;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-16) break;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b); NaN for a ≤ 0, b ≤ 0 or x outside [0, 1], as TF's Betainc. */
export function betainc(a: number, b: number, x: number): number {
  if (!(a > 0) || !(b > 0) || !(x >= 0 && x <= 1)) return NaN;
  if (x === 0 || x === 1) return x;
  const front = Math.exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * Math.log(x) + b * Math.log1p(-x));
  return x < (a + 1) / (a + b + 2) ? (front * betaincContinuedFraction(a, b, x)) / a : 1 - (front * betaincContinuedFraction(b, a, 1 - x)) / b;
}
