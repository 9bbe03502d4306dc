/**
 * The encodings summary ops store: PNG for images (8-bit gray, gray+alpha, RGB or RGBA, as TF's
 * png::WriteImageToBuffer) and 16-bit PCM WAV for audio (TF's wav::EncodeAudioAsS16LEWav).
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

/** A PNG of `height` rows of `width` pixels with `channels` 8-bit samples each, row-major in `pixels`. */
export function encodePng(pixels: Uint8Array, height: number, width: number, channels: number): Uint8Array {
  const colorType = PNG_COLOR_TYPE[channels];
  if (colorType === undefined) throw new RangeError(`PNG images have 1 to 4 channels, not ${channels}`);
  if (pixels.length !== height * width * channels) throw new RangeError(`PNG pixels: expected ${height * width * channels} bytes, got ${pixels.length}`);
  const rowBytes = width * channels;
  const raw = Buffer.alloc(height * (rowBytes + 1));   // each row starts with filter type 0 (none)
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * rowBytes, (y + 1) * rowBytes), y * (rowBytes + 1) + 1);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;            // bit depth
  header[9] = colorType;
  return Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', header), pngChunk('IDAT', zlib.deflateSync(raw)), pngChunk('IEND', Buffer.alloc(0))]);
}

/** TF's FloatToInt16Sample: scale by 2^15, round, clamp to int16. */
function toInt16(x: number): number {
  return Math.min(Math.max(Math.round(x * 32768), -32768), 32767);
}

/** A WAV file of interleaved float samples in [-1, 1] (`frames` × `channels`), as 16-bit PCM. */
export function encodeWav(samples: ArrayLike<number>, sampleRate: number, channels: number, frames: number): Uint8Array {
  const dataBytes = frames * channels * 2;
  const out = Buffer.alloc(44 + dataBytes);
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(36 + dataBytes, 4);
  out.write('WAVE', 8, 'ascii');
  out.write('fmt ', 12, 'ascii');
  out.writeUInt32LE(16, 16);                         // fmt chunk size
  out.writeUInt16LE(1, 20);                          // PCM
  out.writeUInt16LE(channels, 22);
  out.writeUInt32LE(sampleRate >>> 0, 24);
  out.writeUInt32LE((sampleRate * channels * 2) >>> 0, 28);
  out.writeUInt16LE(channels * 2, 32);               // block align
  out.writeUInt16LE(16, 34);                         // bits per sample
  out.write('data', 36, 'ascii');
  out.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < frames * channels; i++) out.writeInt16LE(toInt16(samples[i]), 44 + 2 * i);
  return out;
}
