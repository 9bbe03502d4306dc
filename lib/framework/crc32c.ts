/**
 * CRC-32C (Castagnoli) as TensorFlow uses it in checkpoints, with its mask for stored checksums.
 * The CRC itself comes from the maintained `@node-rs/crc32` package.
 */
import { crc32c as nativeCrc32c } from '@node-rs/crc32';

const MASK_DELTA = 0xa282ead8;

/** CRC-32C of `data`; pass a previous result as `crc` to extend it over more bytes. */
export function crc32c(data: Uint8Array, crc = 0): number {
  return nativeCrc32c(data, crc) >>> 0;
}

/** Same as `crc32c(data, crc)`: extends a running checksum. */
export function extend(crc: number, data: Uint8Array): number {
  return crc32c(data, crc);
}

/** TF's mask for checksums stored next to the data they cover: rotate right 15, add a constant. */
export function mask(crc: number): number {
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + MASK_DELTA) >>> 0;
}

/** Inverse of `mask`. */
export function unmask(masked: number): number {
  const rot = (masked - MASK_DELTA) >>> 0;
  return ((rot >>> 17) | (rot << 15)) >>> 0;
}
