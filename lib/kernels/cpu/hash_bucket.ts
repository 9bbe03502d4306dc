/**
 * Reference CPU kernels of StringToHashBucket (TF's legacy Hash64, a MurmurHash64A variant seeded 0xDECAFCAFFE) and
 * StringToHashBucketStrong (SipHash-2-4, the 128-bit key as two little-endian words). BigInt arithmetic wraps to
 * 64 bits as C's uint64 does.
 */
import { NDArray } from '../../framework/ndarray';
import { int64 } from '../../framework/dtypes';
import { InvalidArgumentError } from '../../framework/errors';
import { registerKernel } from '../registry';

const M64 = (1n << 64n) - 1n;

function word(b: Uint8Array, at: number, n = 8): bigint {
  let r = 0n;
  for (let j = n - 1; j >= 0; j--) r = (r << 8n) | BigInt(b[at + j]);
  return r;
}

/** TF's Hash64(data, n, seed) of tensorflow/core/lib/hash/hash.cc. */
export function hash64(b: Uint8Array, seed = 0xdecafcaffen): bigint {
  const m = 0xc6a4a7935bd1e995n, r = 47n;
  let h = (seed ^ (BigInt(b.length) * m)) & M64;
  let i = 0;
  for (; i + 8 <= b.length; i += 8) {
    let k = (word(b, i) * m) & M64;
    k ^= k >> r;
    k = (k * m) & M64;
    h = ((h ^ k) * m) & M64;
  }
  const rest = b.length - i;
  if (rest > 0) h = ((h ^ word(b, i, rest)) * m) & M64;
  h ^= h >> r;
  h = (h * m) & M64;
  return h ^ (h >> r);
}

const rotl = (x: bigint, s: bigint): bigint => ((x << s) | (x >> (64n - s))) & M64;

/** SipHash-2-4 of `b` under the key (k0, k1). */
export function sipHash(k0: bigint, k1: bigint, b: Uint8Array): bigint {
  let v0 = 0x736f6d6570736575n ^ k0, v1 = 0x646f72616e646f6dn ^ k1, v2 = 0x6c7967656e657261n ^ k0, v3 = 0x7465646279746573n ^ k1;
  const round = (): void => {
    v0 = (v0 + v1) & M64; v1 = rotl(v1, 13n) ^ v0; v0 = rotl(v0, 32n);
    v2 = (v2 + v3) & M64; v3 = rotl(v3, 16n) ^ v2;
    v0 = (v0 + v3) & M64; v3 = rotl(v3, 21n) ^ v0;
    v2 = (v2 + v1) & M64; v1 = rotl(v1, 17n) ^ v2; v2 = rotl(v2, 32n);
  };
  let i = 0;
  for (; i + 8 <= b.length; i += 8) {
    const m = word(b, i);
    v3 ^= m; round(); round(); v0 ^= m;
  }
  const last = ((BigInt(b.length) & 0xffn) << 56n) | word(b, i, b.length - i);
  v3 ^= last; round(); round(); v0 ^= last;
  v2 ^= 0xffn;
  round(); round(); round(); round();
  return v0 ^ v1 ^ v2 ^ v3;
}

registerKernel('StringToHashBucket', 'CPU', (ctx) => {
  const x = ctx.input(0), buckets = BigInt(ctx.attr('num_buckets') as number);
  const out = new NDArray(int64, x.shape);
  (x.data as Uint8Array[]).forEach((b, i) => { out.values[i] = Number(hash64(b) % buckets); });
  return [out];
});

registerKernel('StringToHashBucketStrong', 'CPU', (ctx) => {
  const key = ctx.attr('key') as number[];
  if (!Array.isArray(key) || key.length !== 2) throw new InvalidArgumentError(ctx.op, ctx.op, 'Key must have 2 elements');
  const x = ctx.input(0), buckets = BigInt(ctx.attr('num_buckets') as number);
  const [k0, k1] = key.map((k) => BigInt(k) & M64);
  const out = new NDArray(int64, x.shape);
  (x.data as Uint8Array[]).forEach((b, i) => { out.values[i] = Number(sipHash(k0, k1, b) % buckets); });
  return [out];
});
