/**
 * GIF decoding as TF 1.15's DecodeGif does it with giflib: every image of the file read (DGifSlurp), LZW
 * decoded and de-interlaced, then composited as TF's gif_io.cc does: the canvas is the largest frame's
 * width and height (not the logical screen), the first frame must fill it, and a later frame that does not
 * starts from a copy of the frame before it; each pixel takes its colour from the frame's local colour table
 * or else the global one. As in TF 1.15, graphic-control extensions (transparency, disposal) are read past
 * and change nothing: a transparent index is painted with its table colour.
 * Errors carry giflib's and TF's texts (the kernel prefixes "Invalid GIF data (size N), "); an LZW code that
 * names no table entry fails as giflib's defective image (giflib lets some such codes through as noise).
 */

export class GifError extends Error {}

/** RGB frames, `frames * height * width * 3` bytes. */
export interface DecodedGif { frames: number; height: number; width: number; pixels: Uint8Array }

export const isGif = (bytes: Uint8Array): boolean => bytes.length >= 3 && bytes[0] === 0x47 && bytes[1] === 0x49 && bytes[2] === 0x46;

// giflib's GifErrorString texts.
const READ_FAILED = 'Failed to read from given file';
const NOT_GIF = 'Data is not in GIF format';
const WRONG_RECORD = 'Wrong record type detected';
const IMAGE_DEFECT = 'Image is defective, decoding aborted';
const EOF_TOO_SOON = 'Image EOF detected before image complete';

interface Frame { left: number; top: number; width: number; height: number; colors: Uint8Array | null; raster: Uint8Array }

class Reader {
  pos = 0;
  constructor(readonly bytes: Uint8Array, readonly stage: string) {}
  fail(text: string): never { throw new GifError(`${this.stage}${text}`); }
  byte(): number {
    if (this.pos >= this.bytes.length) this.fail(READ_FAILED);
    return this.bytes[this.pos++];
  }
  word(): number { const lo = this.byte(); return lo | (this.byte() << 8); }
  take(n: number): Uint8Array {
    if (this.pos + n > this.bytes.length) this.fail(READ_FAILED);
    this.pos += n;
    return this.bytes.subarray(this.pos - n, this.pos);
  }
  /** A colour table of 2^(bits+1) RGB entries. */
  table(bits: number): Uint8Array { return this.take(3 << (bits + 1)); }
  /** Skips data sub-blocks up to and including the zero-length terminator. */
  skipBlocks(): void {
    for (let n = this.byte(); n !== 0; n = this.byte()) this.take(n);
  }
}

/** LZW-decodes `size` pixel indices from the image data sub-blocks at the reader's position, as giflib does. */
function lzw(r: Reader, size: number): Uint8Array {
  const minBits = r.byte();
  if (minBits > 8) r.fail(READ_FAILED);
  const out = new Uint8Array(size);
  const clear = 1 << minBits, eoi = clear + 1;
  const prefix = new Uint16Array(4096), suffix = new Uint8Array(4096), stack = new Uint8Array(4097);
  let bits = minBits + 1, next = eoi + 1, old = -1, first = 0;
  let acc = 0, accBits = 0, block = 0, o = 0;
  const readCode = (): number => {
    while (accBits < bits) {
      if (block === 0) {
        block = r.byte();
        // An empty sub-block before the end code: giflib's defective image.
        if (block === 0) r.fail(IMAGE_DEFECT);
      }
      acc |= r.byte() << accBits;
      accBits += 8;
      block--;
    }
    const code = acc & ((1 << bits) - 1);
    acc >>>= bits;
    accBits -= bits;
    return code;
  };
  while (o < size) {
    const code = readCode();
    if (code === clear) { bits = minBits + 1; next = eoi + 1; old = -1; continue; }
    if (code === eoi) r.fail(EOF_TOO_SOON);
    let sp = 0, c = code;
    if (old < 0) {
      if (code >= clear) r.fail(IMAGE_DEFECT);
      out[o++] = first = code;
      old = code;
      continue;
    }
    if (code > next || (code === next && next >= 4096)) r.fail(IMAGE_DEFECT);
    if (code === next) { stack[sp++] = first; c = old; }
    while (c >= clear) { stack[sp++] = suffix[c]; c = prefix[c]; }
    stack[sp++] = c;
    first = c;
    while (sp > 0 && o < size) out[o++] = stack[--sp];
    if (next < 4096) {
      prefix[next] = old;
      suffix[next] = first;
      next++;
      if (next === 1 << bits && bits < 12) bits++;
    }
    old = code;
  }
  // The rest of the image's data (normally only its end-of-information code and terminator) is read past.
  r.take(block);
  r.skipBlocks();
  return out;
}

/** giflib's de-interlacing: rows of passes starting at 0, 4, 2, 1 every 8, 8, 4, 2 rows. */
function deinterlace(raster: Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(raster.length);
  let row = 0;
  for (const [start, step] of [[0, 8], [4, 8], [2, 4], [1, 2]]) {
    for (let y = start; y < height; y += step) out.set(raster.subarray(row * width, ++row * width), y * width);
  }
  return out;
}

function slurp(bytes: Uint8Array): { global: Uint8Array | null; frames: Frame[] } {
  const r = new Reader(bytes, 'failed to open gif file: ');
  if (bytes.length < 6) r.fail(READ_FAILED);
  if (!isGif(bytes)) r.fail(NOT_GIF);
  r.take(6);
  r.word(); r.word();
  const flags = r.byte();
  r.byte(); r.byte();
  const global = flags & 0x80 ? r.table(flags & 7) : null;
  const s = new Reader(bytes, 'failed to slurp gif file: ');
  s.pos = r.pos;
  const frames: Frame[] = [];
  for (;;) {
    const record = s.byte();
    if (record === 0x3b) break;
    if (record === 0x21) { s.byte(); s.skipBlocks(); continue; }
    if (record !== 0x2c) s.fail(WRONG_RECORD);
    const left = s.word(), top = s.word(), width = s.word(), height = s.word(), f = s.byte();
    const colors = f & 0x80 ? s.table(f & 7) : null;
    let raster = lzw(s, width * height);
    if (f & 0x40) raster = deinterlace(raster, width, height);
    frames.push({ left, top, width, height, colors, raster });
  }
  return { global, frames };
}

export function decodeGif(bytes: Uint8Array): DecodedGif {
  const { global, frames } = slurp(bytes);
  if (frames.length === 0) throw new GifError('gif file does not contain any image');
  const width = Math.max(...frames.map((f) => f.width)), height = Math.max(...frames.map((f) => f.height));
  const frameSize = width * height * 3;
  const pixels = new Uint8Array(frames.length * frameSize);
  frames.forEach((f, k) => {
    const base = k * frameSize;
    let x0 = f.left, y0 = f.top, x1 = f.left + f.width, y1 = f.top + f.height;
    if (f.left !== 0 || f.top !== 0 || f.width !== width || f.height !== height) {
      if (k === 0) throw new GifError('the first frame does not fill the canvas');
      x0 = Math.max(x0, 0); y0 = Math.max(y0, 0); x1 = Math.min(x1, width); y1 = Math.min(y1, height);
      pixels.copyWithin(base, base - frameSize, base);
    }
    const colors = f.colors ?? global;
    if (!colors) throw new GifError(`missing color map for frame ${k}`);
    const count = colors.length / 3;
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const index = f.raster[(y - f.top) * f.width + (x - f.left)];
        if (index >= count) throw new GifError(`found color index ${index} outside of color map range ${count}`);
        const at = base + (y * width + x) * 3;
        pixels[at] = colors[index * 3];
        pixels[at + 1] = colors[index * 3 + 1];
        pixels[at + 2] = colors[index * 3 + 2];
      }
    }
  });
  return { frames: frames.length, height, width, pixels };
}
