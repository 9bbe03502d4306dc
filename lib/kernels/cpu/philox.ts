/**
 * Philox4x32-10, the counter-based generator behind TF's random kernels, with TF's conversions from
 * random bits to floats and its Box–Muller transform. With the same (seed, seed2) pair a kernel built
 * on it draws the same bits TF's CPU kernels draw.
 */

const PHILOX_W32A = 0x9e3779b9;
const PHILOX_W32B = 0xbb67ae85;
const PHILOX_M4x32A = 0xd2511f53;
const PHILOX_M4x32B = 0xcd9e8d57;

/** The 64-bit product of two uint32 values as [hi, lo]. */
function mulHiLo(a: number, b: number): [number, number] {
  const aLo = a & 0xffff, aHi = a >>> 16, bLo = b & 0xffff, bHi = b >>> 16;
  const low = aLo * bLo;
  const mid1 = aHi * bLo + (low >>> 16);
  const mid2 = aLo * bHi + (mid1 & 0xffff);
  const hi = aHi * bHi + (mid1 >>> 16) + (mid2 >>> 16);
  return [hi >>> 0, Math.imul(a, b) >>> 0];
}

/** Splits a 64-bit seed (any JS integer, negative as two's complement) into [lo32, hi32]. */
function split64(seed: number): [number, number] {
  const u = BigInt.asUintN(64, BigInt(Math.trunc(seed)));
  return [Number(u & 0xffffffffn), Number(u >> 32n)];
}

export class Philox {
  /** 128-bit counter as four uint32 words, least significant first. */
  private readonly counter = new Uint32Array(4);
  private readonly key = new Uint32Array(2);

  /** TF's PhiloxRandom(seed_lo, seed_hi): the key is `seed`, the counter's high half is `seed2`. */
  constructor(seed: number, seed2: number) {
    [this.key[0], this.key[1]] = split64(seed);
    [this.counter[2], this.counter[3]] = split64(seed2);
  }

  clone(): Philox {
    const c = Object.create(Philox.prototype) as Philox;
    (c as unknown as { counter: Uint32Array }).counter = Uint32Array.from(this.counter);
    (c as unknown as { key: Uint32Array }).key = Uint32Array.from(this.key);
    return c;
  }

  /** Advances the counter by `count` 128-bit blocks. */
  skip(count: number): void {
    const lo = count % 0x100000000;
    let hi = Math.floor(count / 0x100000000);
    const c0 = this.counter[0] + lo;
    this.counter[0] = c0;
    if (c0 > 0xffffffff) hi++;
    const c1 = this.counter[1] + hi;
    this.counter[1] = c1;
    if (c1 > 0xffffffff) {
      this.counter[2]++;
      if (this.counter[2] === 0) this.counter[3]++;
    }
  }

  /** The next block of four uint32 values (ten Philox rounds over the counter), then counter += 1. */
  next(): Uint32Array {
    let c0 = this.counter[0], c1 = this.counter[1], c2 = this.counter[2], c3 = this.counter[3];
    let k0 = this.key[0], k1 = this.key[1];
    for (let round = 0; round < 10; round++) {
      const [hi0, lo0] = mulHiLo(PHILOX_M4x32A, c0);
      const [hi1, lo1] = mulHiLo(PHILOX_M4x32B, c2);
      const n0 = (hi1 ^ c1 ^ k0) >>> 0, n2 = (hi0 ^ c3 ^ k1) >>> 0;
      c0 = n0; c1 = lo1; c2 = n2; c3 = lo0;
      k0 = (k0 + PHILOX_W32A) >>> 0;
      k1 = (k1 + PHILOX_W32B) >>> 0;
    }
    this.skip(1);
    return Uint32Array.of(c0, c1, c2, c3);
  }
}

/** Hands out the uint32 values of successive Philox blocks one at a time (TF's SingleSampleAdapter). */
export class SingleSampler {
  private block: Uint32Array = new Uint32Array(0);
  private used = 4;
  constructor(private readonly gen: Philox) {}
  next(): number {
    if (this.used === 4) { this.block = this.gen.next(); this.used = 0; }
    return this.block[this.used++];
  }
}

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);
const F64 = new Float64Array(1);
const U32x2 = new Uint32Array(F64.buffer);

/** A float in [0, 1) from 23 random mantissa bits (TF's Uint32ToFloat). */
export function uint32ToFloat(x: number): number {
  U32[0] = (127 << 23) | (x & 0x7fffff);
  return Math.fround(F32[0] - 1);
}

/** A double in [0, 1) from 52 random mantissa bits of two uint32 (TF's Uint64ToDouble). */
export function uint64ToDouble(x0: number, x1: number): number {
  // little-endian: word 1 holds sign, exponent and the top 20 mantissa bits
  U32x2[1] = ((1023 << 20) | (x0 & 0xfffff)) >>> 0;
  U32x2[0] = x1 >>> 0;
  return F64[0] - 1;
}

const EPSILON = 1e-7;

/** Two standard normal float32 values from two uint32 (TF's BoxMullerFloat). */
export function boxMullerFloat(x0: number, x1: number): [number, number] {
  let u1 = uint32ToFloat(x0);
  if (u1 < EPSILON) u1 = Math.fround(EPSILON);
  const v1 = Math.fround(Math.fround(2 * Math.PI) * uint32ToFloat(x1));
  const u2 = Math.fround(Math.sqrt(Math.fround(-2 * Math.fround(Math.log(u1)))));
  return [Math.fround(Math.fround(Math.sin(v1)) * u2), Math.fround(Math.fround(Math.cos(v1)) * u2)];
}

/** Two standard normal doubles from four uint32 (TF's BoxMullerDouble). */
export function boxMullerDouble(x0: number, x1: number, x2: number, x3: number): [number, number] {
  let u1 = uint64ToDouble(x0, x1);
  if (u1 < EPSILON) u1 = EPSILON;
  const v1 = 2 * Math.PI * uint64ToDouble(x2, x3);
  const u2 = Math.sqrt(-2 * Math.log(u1));
  return [Math.sin(v1) * u2, Math.cos(v1) * u2];
}

/** A fresh 64-bit seed from the platform's cryptographic source (TF's random::New64). */
export function randomSeed64(): number {
  const words = new Uint32Array(2);
  globalThis.crypto.getRandomValues(words);
  // 53 bits keep the seed exact as a JS number
  return (words[1] & 0x1fffff) * 0x100000000 + words[0];
}
