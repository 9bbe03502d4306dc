/**
 * PNG, both ways, for image summaries and `tf.image.encode_png` / `decode_png`: the encoder writes 8- or
 * 16-bit gray, gray+alpha, RGB or RGBA (unfiltered rows, zlib at the level asked); the decoder reads every
 * PNG (all colour types and bit depths, palettes and tRNS transparency, the five row filters, Adam7
 * interlacing, chunk CRCs checked) and converts to the channel count and sample size asked for as TF's
 * libpng set-up does (gray from RGB with libpng's 0.299/0.587 coefficients, 16 bits stripped to the high
 * byte, 8 bits widened by 257, alpha added opaque or stripped).
 */
import * as zlib from 'zlib';
import { crc32 } from '@node-rs/crc32';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** PNG colour types by channel count. */
const PNG_COLOR_TYPE: Record<number, number> = { 1: 0, 2: 4, 3: 2, 4: 6 };

function pngChunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)) >>> 0, 8 + data.length);
  return out;
}

/**
 * A PNG of `height` rows of `width` pixels with `channels` samples each, row-major in `pixels` (a
 * Uint16Array makes a 16-bit PNG); `compression` is zlib's level, -1 its default.
 */
export function encodePng(pixels: Uint8Array | Uint16Array, height: number, width: number, channels: number, compression = -1): Uint8Array {
  const colorType = PNG_COLOR_TYPE[channels];
  if (colorType === undefined) throw new RangeError(`PNG images have 1 to 4 channels, not ${channels}`);
  if (pixels.length !== height * width * channels) throw new RangeError(`PNG pixels: expected ${height * width * channels} samples, got ${pixels.length}`);
  const sampleBytes = pixels instanceof Uint16Array ? 2 : 1;
  const rowBytes = width * channels * sampleBytes;
  const raw = Buffer.alloc(height * (rowBytes + 1));   // each row starts with filter type 0 (none)
  for (let y = 0; y < height; y++) {
    const at = y * (rowBytes + 1) + 1;
    if (sampleBytes === 1) raw.set(pixels.subarray(y * width * channels, (y + 1) * width * channels), at);
    else for (let i = 0; i < width * channels; i++) raw.writeUInt16BE(pixels[y * width * channels + i], at + 2 * i);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8 * sampleBytes;   // bit depth
  header[9] = colorType;
  const idat = zlib.deflateSync(raw, compression >= 0 ? { level: compression } : {});
  return Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', header), pngChunk('IDAT', idat), pngChunk('IEND', Buffer.alloc(0))]);
}

/** A PNG that cannot be decoded; `header` when the signature or IHDR is bad (TF's "Invalid PNG header"). */
export class PngError extends Error {
  constructor(message: string, readonly header: boolean) { super(message); this.name = 'PngError'; }
}

/** Whether `bytes` start with the PNG signature. */
export const isPng = (bytes: Uint8Array): boolean => bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b);

export interface DecodedPng {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  /** Row-major samples, 8-bit (Uint8Array) or 16-bit (Uint16Array) as asked. */
  readonly pixels: Uint8Array | Uint16Array;
}

interface Header { width: number; height: number; bitDepth: number; colorType: number; interlace: number }

/** Samples per pixel of each colour type (palette: one index). */
const SAMPLES: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const BIT_DEPTHS: Record<number, readonly number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
/** Adam7: [x start, y start, x step, y step] of each pass. */
const ADAM7 = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]] as const;

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Undoes the row filters of one (sub-)image of `rows` rows of `rowBytes` bytes, `bpp` bytes per pixel (at least 1). */
function unfilter(data: Uint8Array, at: number, rows: number, rowBytes: number, bpp: number): { bytes: Uint8Array; end: number } {
  const out = new Uint8Array(rows * rowBytes);
  for (let y = 0; y < rows; y++) {
    if (at + 1 + rowBytes > data.length) throw new PngError('image data ends early', false);
    const filter = data[at];
    const src = at + 1, dst = y * rowBytes, prev = dst - rowBytes;
    for (let i = 0; i < rowBytes; i++) {
      const raw = data[src + i];
      const a = i >= bpp ? out[dst + i - bpp] : 0, b = y > 0 ? out[prev + i] : 0, c = y > 0 && i >= bpp ? out[prev + i - bpp] : 0;
      let v: number;
      switch (filter) {
        case 0: v = raw; break;
        case 1: v = raw + a; break;
        case 2: v = raw + b; break;
        case 3: v = raw + ((a + b) >> 1); break;
        case 4: v = raw + paeth(a, b, c); break;
        default: throw new PngError(`bad adaptive filter value ${filter}`, false);
      }
      out[dst + i] = v & 0xff;
    }
    at += 1 + rowBytes;
  }
  return { bytes: out, end: at };
}

/** Reads sample `i` of a row of packed samples at `bitDepth`. */
function sampleAt(row: Uint8Array, offset: number, i: number, bitDepth: number): number {
  if (bitDepth === 8) return row[offset + i];
  if (bitDepth === 16) return (row[offset + 2 * i] << 8) | row[offset + 2 * i + 1];
  const bit = i * bitDepth;
  return (row[offset + (bit >> 3)] >> (8 - bitDepth - (bit & 7))) & ((1 << bitDepth) - 1);
}

/** The file's samples, one per pixel and sample, at the file's depth (palette indices for colour type 3). */
function readSamples(h: Header, data: Uint8Array): Uint16Array {
  const spp = SAMPLES[h.colorType];
  const out = new Uint16Array(h.width * h.height * spp);
  const bpp = Math.max(1, (spp * h.bitDepth) >> 3);
  const passes = h.interlace ? ADAM7 : [[0, 0, 1, 1] as const];
  let at = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const pw = Math.ceil((h.width - x0) / dx), ph = Math.ceil((h.height - y0) / dy);
    if (pw <= 0 || ph <= 0) continue;
    const rowBytes = Math.ceil((pw * spp * h.bitDepth) / 8);
    const { bytes, end } = unfilter(data, at, ph, rowBytes, bpp);
    at = end;
    for (let y = 0; y < ph; y++) {
      for (let x = 0; x < pw; x++) {
        const dst = ((y0 + y * dy) * h.width + x0 + x * dx) * spp;
        for (let s = 0; s < spp; s++) out[dst + s] = sampleAt(bytes, y * rowBytes, x * spp + s, h.bitDepth);
      }
    }
  }
  return out;
}

/**
 * Decodes a PNG to `channels` channels (0: the file's own, after palette and tRNS expansion) of 8- or
 * 16-bit samples (`bits`).
 */
export function decodePng(bytes: Uint8Array, channels: number, bits: 8 | 16): DecodedPng {
  if (!isPng(bytes)) throw new PngError('not a PNG signature', true);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 8;
  let header: Header | null = null;
  let palette: Buffer | null = null, trns: Buffer | null = null;
  const idat: Buffer[] = [];
  let ended = false;
  while (at + 12 <= buf.length && !ended) {
    const length = buf.readUInt32BE(at), type = buf.toString('latin1', at + 4, at + 8);
    if (at + 12 + length > buf.length) throw new PngError(`chunk ${type} runs past the end of the data`, header === null);
    const body = buf.subarray(at + 8, at + 8 + length);
    if ((crc32(buf.subarray(at + 4, at + 8 + length)) >>> 0) !== buf.readUInt32BE(at + 8 + length)) throw new PngError(`${type}: CRC error`, header === null);
    if (header === null && type !== 'IHDR') throw new PngError('IHDR must be the first chunk', true);
    switch (type) {
      case 'IHDR': {
        if (length !== 13) throw new PngError('IHDR has a bad length', true);
        header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4), bitDepth: body[8], colorType: body[9], interlace: body[12] };
        if (!BIT_DEPTHS[header.colorType]?.includes(header.bitDepth)) throw new PngError(`bad colour type ${header.colorType} with bit depth ${header.bitDepth}`, true);
        if (header.width === 0 || header.height === 0 || body[10] !== 0 || body[11] !== 0 || header.interlace > 1) throw new PngError('bad IHDR', true);
        break;
      }
      case 'PLTE': palette = body; break;
      case 'tRNS': trns = body; break;
      case 'IDAT': idat.push(body); break;
      case 'IEND': ended = true; break;
      default: if (!(type.charCodeAt(0) & 0x20)) throw new PngError(`unknown critical chunk ${type}`, false);
    }
    at += 12 + length;
  }
  if (header === null) throw new PngError('no IHDR', true);
  if (header.colorType === 3 && palette === null) throw new PngError('missing PLTE', false);
  let data: Uint8Array;
  try {
    data = zlib.inflateSync(Buffer.concat(idat));
  } catch (e) {
    throw new PngError(`bad image data: ${(e as Error).message}`, false);
  }
  const h = header;
  const samples = readSamples(h, data);
  const n = h.width * h.height;
  // The file's pixels as gray/RGB with or without alpha, at `depth` bits.
  let color = (h.colorType & 2) !== 0;
  let alpha = (h.colorType & 4) !== 0;
  let depth = h.bitDepth;
  let px: Uint16Array = samples;
  if (h.colorType === 3) {
    alpha = trns !== null;
    const spp = alpha ? 4 : 3;
    px = new Uint16Array(n * spp);
    for (let i = 0; i < n; i++) {
      const k = samples[i];
      if (3 * k + 2 >= palette!.length) throw new PngError(`palette index ${k} out of range`, false);
      px[i * spp] = palette![3 * k]; px[i * spp + 1] = palette![3 * k + 1]; px[i * spp + 2] = palette![3 * k + 2];
      if (alpha) px[i * spp + 3] = k < trns!.length ? trns![k] : 255;
    }
    depth = 8;
  } else if (trns !== null && !alpha) {
    // A single transparent colour: an alpha channel, 0 at that colour.
    const spp = color ? 3 : 1;
    const key = Array.from({ length: spp }, (_, s) => (trns!.length >= 2 * (s + 1) ? trns!.readUInt16BE(2 * s) : -1));
    const out = new Uint16Array(n * (spp + 1));
    const opaque = (1 << depth) - 1;
    for (let i = 0; i < n; i++) {
      let same = true;
      for (let s = 0; s < spp; s++) { out[i * (spp + 1) + s] = px[i * spp + s]; same = same && px[i * spp + s] === key[s]; }
      out[i * (spp + 1) + spp] = same ? 0 : opaque;
    }
    px = out;
    alpha = true;
  }
  if (!color && depth < 8) {
    // Gray below 8 bits scales up to 8 (1 → 255, 2 → 85, 4 → 17 per step); a tRNS alpha is already 0 or max.
    const factor = 255 / ((1 << depth) - 1);
    px = px.map((v) => v * factor);
    depth = 8;
  }
  let spp = (color ? 3 : 1) + (alpha ? 1 : 0);
  const wantGray = channels === 1 || channels === 2;
  if (wantGray && color) {
    // libpng's png_set_rgb_to_gray(0.299, 0.587) in 15-bit fixed point, truncated.
    const out = new Uint16Array(n * (alpha ? 2 : 1));
    for (let i = 0; i < n; i++) {
      const r = px[i * spp], g = px[i * spp + 1], b = px[i * spp + 2];
      out[i * (alpha ? 2 : 1)] = r === g && r === b ? r : Math.floor((9797 * r + 19234 * g + 13737 * b) / 32768);
      if (alpha) out[i * 2 + 1] = px[i * spp + 3];
    }
    px = out;
    color = false;
    spp = alpha ? 2 : 1;
  }
  const outChannels = channels === 0 ? (color ? 3 : 1) + (alpha ? 1 : 0) : channels;
  const outColor = channels === 0 ? color : channels >= 3;
  const outAlpha = channels === 0 ? alpha : channels === 2 || channels === 4;
  const max = bits === 16 ? 0xffff : 0xff;
  const pixels = bits === 16 ? new Uint16Array(n * outChannels) : new Uint8Array(n * outChannels);
  // Depth conversion: 16 → 8 keeps the high byte; 8 → 16 repeats the byte (×257).
  const conv = depth === 16 ? (bits === 16 ? (v: number) => v : (v: number) => v >> 8) : (bits === 16 ? (v: number) => v * 257 : (v: number) => v);
  for (let i = 0; i < n; i++) {
    const src = i * spp, dst = i * outChannels;
    if (outColor) {
      for (let s = 0; s < 3; s++) pixels[dst + s] = conv(px[src + (color ? s : 0)]);
    } else {
      pixels[dst] = conv(px[src]);
    }
    if (outAlpha) pixels[dst + (outColor ? 3 : 1)] = alpha ? conv(px[src + spp - 1]) : max;
  }
  return { height: h.height, width: h.width, channels: outChannels, pixels };
}
