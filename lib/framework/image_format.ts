/**
 * TF's ClassifyFileFormat and FileFormatString for the image decoders: the format an encoded image's first
 * bytes name, shared by the PNG, GIF and JPEG kernels so that each decodes whichever format it is given.
 */
import { isGif } from './gif';
import { isPng } from './png';

export type ImageFormat = 'JPEG' | 'PNG' | 'GIF';

export const isJpeg = (b: Uint8Array): boolean => b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;

/** The format of `bytes` by their magic bytes, or null for none of JPEG, PNG and GIF. */
export function classifyImage(bytes: Uint8Array): ImageFormat | null {
  if (isJpeg(bytes)) return 'JPEG';
  if (isPng(bytes)) return 'PNG';
  if (isGif(bytes)) return 'GIF';
  return null;
}

/** The first 16 bytes of data that is not an image, as TF's FileFormatString escapes them. */
export function startOf(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 16), (b) => {
    if (b === 0x5c) return '\\\\';
    if (b === 0x27) return "\\'";
    if (b === 0x22) return '\\"';
    if (b === 0x0a) return '\\n';
    if (b === 0x0d) return '\\r';
    if (b === 0x09) return '\\t';
    return b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\${b.toString(8).padStart(3, '0')}`;
  }).join('');
}

/** TF's FileFormatString: the format's name, or the escaped start of data of no known format. */
export function formatName(bytes: Uint8Array): string {
  return classifyImage(bytes) ?? `unknown format starting with '${startOf(bytes)}'`;
}
