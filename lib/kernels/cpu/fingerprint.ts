/**
 * TF's string fingerprints (tensorflow/core/platform/fingerprint.h): `Fingerprint64` is FarmHash's
 * Fingerprint64 (its "na" 64-bit hash) over the UTF-8 bytes, and `FingerprintCat64` chains two fingerprints
 * (SparseCross's hashed crosses). Arithmetic is on BigInt wrapped to 64 bits, as C's uint64 wraps.
 */
const M64 = (1n << 64n) - 1n;
const K0 = 0xc3a5c85c97cb3127n;
const K1 = 0xb492b66fbe98f273n;
const K2 = 0x9ae16a3b2f90404fn;

const u64 = (x: bigint): bigint => x & M64;
const mul = (a: bigint, b: bigint): bigint => (a * b) & M64;
const add = (...xs: bigint[]): bigint => xs.reduce((a, b) => a + b, 0n) & M64;
/** Rotate right by `s` bits (0 < s < 64). */
const rotr = (v: bigint, s: bigint): bigint => ((v >> s) | (v << (64n - s))) & M64;
const shiftMix = (v: bigint): bigint => v ^ (v >> 47n);

function fetch64(b: Uint8Array, at: number): bigint {
  let r = 0n;
  for (let i = 7; i >= 0; i--) r = (r << 8n) | BigInt(b[at + i]);
  return r;
}
function fetch32(b: Uint8Array, at: number): bigint {
  return BigInt((b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0);
}

function hashLen16(u: bigint, v: bigint, m: bigint): bigint {
  let a = mul(u ^ v, m);
  a ^= a >> 47n;
  let b = mul(v ^ a, m);
  b ^= b >> 47n;
  return mul(b, m);
}

function len0to16(s: Uint8Array): bigint {
  const len = s.length;
  if (len >= 8) {
    const m = add(K2, BigInt(len * 2));
    const a = add(fetch64(s, 0), K2);
    const b = fetch64(s, len - 8);
    const c = add(mul(rotr(b, 37n), m), a);
    const d = mul(add(rotr(a, 25n), b), m);
    return hashLen16(c, d, m);
  }
  if (len >= 4) {
    const m = add(K2, BigInt(len * 2));
    const a = fetch32(s, 0);
    return hashLen16(add(BigInt(len), u64(a << 3n)), fetch32(s, len - 4), m);
  }
  if (len > 0) {
    const y = BigInt(s[0] + (s[len >> 1] << 8));
    const z = BigInt(len + (s[len - 1] << 2));
    return mul(shiftMix(mul(y, K2) ^ mul(z, K0)), K2);
  }
  return K2;
}

function len17to32(s: Uint8Array): bigint {
  const len = s.length;
  const m = add(K2, BigInt(len * 2));
  const a = mul(fetch64(s, 0), K1);
  const b = fetch64(s, 8);
  const c = mul(fetch64(s, len - 8), m);
  const d = mul(fetch64(s, len - 16), K2);
  return hashLen16(add(rotr(add(a, b), 43n), rotr(c, 30n), d), add(a, rotr(add(b, K2), 18n), c), m);
}

function len33to64(s: Uint8Array): bigint {
  const len = s.length;
  const m = add(K2, BigInt(len * 2));
  const a = mul(fetch64(s, 0), K2);
  const b = fetch64(s, 8);
  const c = mul(fetch64(s, len - 8), m);
  const d = mul(fetch64(s, len - 16), K2);
  const y = add(rotr(add(a, b), 43n), rotr(c, 30n), d);
  const z = hashLen16(y, add(a, rotr(add(b, K2), 18n), c), m);
  const e = mul(fetch64(s, 16), m);
  const f = fetch64(s, 24);
  const g = mul(add(y, fetch64(s, len - 32)), m);
  const h = mul(add(z, fetch64(s, len - 24)), m);
  return hashLen16(add(rotr(add(e, f), 43n), rotr(g, 30n), h), add(e, rotr(add(f, a), 18n), g), m);
}

/** FarmHash's weak 32-byte hash with seeds `a`, `b`: a pair. */
function weak32(s: Uint8Array, at: number, a0: bigint, b0: bigint): [bigint, bigint] {
  const w = fetch64(s, at), x = fetch64(s, at + 8), y = fetch64(s, at + 16), z = fetch64(s, at + 24);
  let a = add(a0, w);
  let b = rotr(add(b0, a, z), 21n);
  const c = a;
  a = add(a, x, y);
  b = add(b, rotr(a, 44n));
  return [add(a, z), add(b, c)];
}

/** TF's `Fingerprint64` of a byte string, as an unsigned 64-bit BigInt. */
export function fingerprint64(s: Uint8Array): bigint {
  const len = s.length;
  if (len <= 16) return len0to16(s);
  if (len <= 32) return len17to32(s);
  if (len <= 64) return len33to64(s);
  const seed = 81n;
  let x = seed;
  let y = add(mul(seed, K1), 113n);
  let z = mul(shiftMix(add(mul(y, K2), 113n)), K2);
  let v: [bigint, bigint] = [0n, 0n];
  let w: [bigint, bigint] = [0n, 0n];
  x = add(mul(x, K2), fetch64(s, 0));
  const end = Math.floor((len - 1) / 64) * 64;
  const last64 = len - 64;
  let at = 0;
  do {
    x = mul(rotr(add(x, y, v[0], fetch64(s, at + 8)), 37n), K1);
    y = mul(rotr(add(y, v[1], fetch64(s, at + 48)), 42n), K1);
    x ^= w[1];
    y = add(y, v[0], fetch64(s, at + 40));
    z = mul(rotr(add(z, w[0]), 33n), K1);
    v = weak32(s, at, mul(v[1], K1), add(x, w[0]));
    w = weak32(s, at + 32, add(z, w[1]), add(y, fetch64(s, at + 16)));
    [z, x] = [x, z];
    at += 64;
  } while (at !== end);
  const m = add(K1, (z & 0xffn) << 1n);
  at = last64;
  w[0] = add(w[0], BigInt((len - 1) & 63));
  v[0] = add(v[0], w[0]);
  w[0] = add(w[0], v[0]);
  x = mul(rotr(add(x, y, v[0], fetch64(s, at + 8)), 37n), m);
  y = mul(rotr(add(y, v[1], fetch64(s, at + 48)), 42n), m);
  x ^= mul(w[1], 9n);
  y = add(y, mul(v[0], 9n), fetch64(s, at + 40));
  z = mul(rotr(add(z, w[0]), 33n), m);
  v = weak32(s, at, mul(v[1], m), add(x, w[0]));
  w = weak32(s, at + 32, add(z, w[1]), add(y, fetch64(s, at + 16)));
  [z, x] = [x, z];
  return hashLen16(add(hashLen16(v[0], w[0], m), mul(shiftMix(y), K0), z), add(hashLen16(v[1], w[1], m), x), m);
}

/** TF's `FingerprintCat64(fp1, fp2)`: a fingerprint of two fingerprints, order-sensitive. */
export function fingerprintCat64(fp1: bigint, fp2: bigint): bigint {
  const kMul = 0xc6a4a7935bd1e995n;
  let r = fp1 ^ kMul;
  r ^= mul(shiftMix(mul(fp2, kMul)), kMul);
  r = mul(r, kMul);
  r = mul(shiftMix(r), kMul);
  return shiftMix(r);
}
