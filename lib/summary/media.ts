/**
 * The encodings summary ops store: PNG for images (8-bit gray, gray+alpha, RGB or RGBA, as TF's
 * png::WriteImageToBuffer) and 16-bit PCM WAV for audio (TF's wav::EncodeAudioAsS16LEWav).
 */
/** The PNG encoder image summaries use (lib/framework/png.ts). */
export { encodePng } from '../framework/png';

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
