/**
 * TF 1.15's image decoding kernels (DecodeJpeg, DecodeAndCropJpeg, DecodePng, DecodeGif: PNG and GIF in TypeScript,
 * lib/framework/png.ts and gif.ts) and JPEG kernels (EncodeJpeg, EncodeJpegVariableQuality, ExtractJpegShape) on libjpeg-turbo through
 * the native addon, with TF's settings (JDCT_IFAST, TF's chosen default for every decode op, unless DecodeJpeg's or
 * DecodeAndCropJpeg's dct_method is INTEGER_ACCURATE; fancy upsampling, CMYK
 * read as RGB), so decoded pixels are TF's byte for byte. They are the only kernels for these ops: where the
 * addon is absent, JPEG data raises an UnimplementedError saying so. As in TF, each decode op decodes all three formats.
 */
import { InvalidArgumentError, InternalError, UnimplementedError } from '../../framework/errors';
import { DType, int32, int64, uint16, uint8 } from '../../framework/dtypes';
import { NDArray } from '../../framework/ndarray';
import { shapeString } from '../../framework/tensor_shape';
import { decodePng, PngError } from '../../framework/png';
import { decodeGif, GifError } from '../../framework/gif';
import { classifyImage, formatName } from '../../framework/image_format';
import { KernelContext, registerKernel } from '../registry';
import { loadNative, NativeAddon } from './addon';

const invalid = (message: string) => new InvalidArgumentError(null, null, message);

function jpegAddon(op: string): NativeAddon {
  const r = loadNative();
  if ('addon' in r) return r.addon;
  throw new UnimplementedError(null, null, `${op} needs scopeflow's native backend (libjpeg-turbo), which is absent: ${r.reason}`);
}

function scalarContents(ctx: KernelContext): Uint8Array {
  const contents = ctx.input(0);
  if (contents.ndim !== 0) throw invalid(`contents must be scalar, got shape ${shapeString(contents.shape)}`);
  return (contents.data as Uint8Array[])[0];
}

type DecodeOp = 'DecodeJpeg' | 'DecodeAndCropJpeg' | 'DecodePng' | 'DecodeGif';

/** What a decode op's attrs ask for; the ops without JPEG attrs decode JPEG data with libjpeg's defaults. */
interface DecodeSettings { channels: number; bits: 8 | 16; ratio: number; fancy: boolean; recover: boolean; fraction: number; fastDct: boolean }

function decodeSettings(op: DecodeOp, ctx: KernelContext): DecodeSettings {
  const settings: DecodeSettings = { channels: 3, bits: 8, ratio: 1, fancy: true, recover: false, fraction: 1, fastDct: true };
  if (op === 'DecodeGif') return settings;
  settings.channels = Number(ctx.attr('channels'));
  if (![0, 1, 3, 4].includes(settings.channels)) throw invalid(`channels must be 0, 1, 3, or 4, got ${settings.channels}`);
  if (op === 'DecodePng') {
    settings.bits = ctx.attr('dtype') === uint16 ? 16 : 8;
    return settings;
  }
  settings.ratio = Number(ctx.attr('ratio'));
  if (![1, 2, 4, 8].includes(settings.ratio)) throw invalid(`ratio must be 1, 2, 4, or 8, got ${settings.ratio}`);
  const dct = String(ctx.attr('dct_method'));
  if (!['', 'INTEGER_FAST', 'INTEGER_ACCURATE'].includes(dct)) throw invalid("dct_method must be one of {'', 'INTEGER_FAST', 'INTEGER_ACCURATE'}");
  settings.fancy = Boolean(ctx.attr('fancy_upscaling'));
  settings.recover = Boolean(ctx.attr('try_recover_truncated'));
  settings.fraction = Number(ctx.attr('acceptable_fraction'));
  // TF's kernel picks IFAST for '' (speed over decoding quality); only INTEGER_ACCURATE asks for ISLOW.
  settings.fastDct = dct !== 'INTEGER_ACCURATE';
  return settings;
}

/**
 * TF 1.15's DecodeImageOp, the kernel of all four decode ops: the data's magic bytes pick the decoder, so
 * DecodePng decodes JPEG and GIF data too, and DecodeJpeg PNG and GIF data. Only DecodeGif gives 4-D frames;
 * the others take a GIF of one frame as a 3-D image.
 */
function decodeKernel(op: DecodeOp) {
  return (ctx: KernelContext): NDArray[] => {
    const settings = decodeSettings(op, ctx);
    const bytes = scalarContents(ctx);
    let crop = [0, 0, 0, 0];
    if (op === 'DecodeAndCropJpeg') {
      const window = ctx.input(1);
      if (window.ndim !== 1) throw invalid(`crop_window must be 1-D, got shape ${shapeString(window.shape)}`);
      if (window.shape[0] !== 4) throw invalid(`crop_size must have four elements ${shapeString(window.shape)}`);
      crop = Array.from(window.values, Number);
    }
    const format = classifyImage(bytes);
    if (format === null) throw invalid(`Expected image (JPEG, PNG, or GIF), got ${formatName(bytes)}`);
    if (format !== 'PNG' && settings.bits === 16) throw invalid(`${format} does not support uint16 output`);
    if (op === 'DecodeAndCropJpeg' && format !== 'JPEG') throw invalid(`DecodeAndCropJpeg operation can run on JPEG only, but detected ${format}`);
    if (format === 'GIF') return [decodeGifData(op, bytes, settings.channels)];
    if (format === 'PNG') return [decodePngData(bytes, settings.channels, settings.bits)];
    const addon = jpegAddon(op);
    const flags = Float64Array.from([settings.channels, settings.ratio, settings.fancy ? 1 : 0, settings.recover ? 1 : 0,
      settings.fraction, settings.fastDct ? 1 : 0, op === 'DecodeAndCropJpeg' ? 1 : 0, ...crop]);
    const image = addon.jpegDecode(bytes, flags);
    if (!image) throw invalid(`Invalid JPEG data or crop window, data size ${bytes.length}`);
    const out = new NDArray(uint8, [image.height, image.width, image.channels]);
    out.values.set(image.pixels);
    return [out];
  };
}

function decodePngData(bytes: Uint8Array, channels: number, bits: 8 | 16): NDArray {
  let decoded;
  try {
    decoded = decodePng(bytes, channels, bits);
  } catch (e) {
    if (!(e instanceof PngError)) throw e;
    throw invalid(e.header ? `Invalid PNG header, data size ${bytes.length}` : `Invalid PNG data, size ${bytes.length}`);
  }
  const out = new NDArray(bits === 16 ? uint16 : uint8, [decoded.height, decoded.width, decoded.channels]);
  out.values.set(decoded.pixels);
  return out;
}

function decodeGifData(op: DecodeOp, bytes: Uint8Array, channels: number): NDArray {
  if (channels !== 0 && channels !== 3) throw invalid(`channels must be 0 or 3 for GIF, got ${channels}`);
  let decoded;
  try {
    decoded = decodeGif(bytes);
  } catch (e) {
    if (!(e instanceof GifError)) throw e;
    throw invalid(`Invalid GIF data (size ${bytes.length}), ${e.message}`);
  }
  const { frames, height, width } = decoded;
  if (op !== 'DecodeGif' && frames !== 1) {
    throw invalid(`Got ${frames} frames, but animated gifs can only be decoded by tf.image.decode_gif or tf.image.decode_image`);
  }
  const out = new NDArray(uint8, op === 'DecodeGif' ? [frames, height, width, 3] : [height, width, 3]);
  out.values.set(decoded.pixels);
  return out;
}

registerKernel('DecodeJpeg', 'CPU', decodeKernel('DecodeJpeg'));
registerKernel('DecodeAndCropJpeg', 'CPU', decodeKernel('DecodeAndCropJpeg'));
registerKernel('DecodePng', 'CPU', decodeKernel('DecodePng'));
registerKernel('DecodeGif', 'CPU', decodeKernel('DecodeGif'));

type EncodeSettings = { format: string; quality: number; progressive: boolean; optimizeSize: boolean; chromaDownsampling: boolean; densityUnit: string; xDensity: number; yDensity: number; xmp: Uint8Array };

function encodeImage(op: string, image: NDArray, o: EncodeSettings): NDArray {
  if (image.ndim !== 3) throw invalid(`image must be 3-dimensional${shapeString(image.shape)}`);
  if (image.size >= 2 ** 31 - 1) throw invalid('Cannot encode images with >= max int32 elements');
  const [height, width, channels] = image.shape;
  if (o.format === '') {
    if (channels !== 1 && channels !== 3) throw invalid(`image must have 1 or 3 channels, got ${shapeString(image.shape)}`);
  } else {
    const expected = o.format === 'grayscale' ? 1 : 3;
    if (channels !== expected) throw invalid(`format ${o.format} expects ${expected} channels, got ${shapeString(image.shape)}`);
  }
  const flags = Float64Array.from([o.quality, o.progressive ? 1 : 0, o.optimizeSize ? 1 : 0, o.chromaDownsampling ? 1 : 0, o.densityUnit === 'in' ? 1 : 2, o.xDensity, o.yDensity]);
  const encoded = jpegAddon(op).jpegEncode(Uint8Array.from(image.values), height, width, channels, flags, o.xmp);
  if (!encoded) throw new InternalError(null, null, 'JPEG encoding failed');
  return NDArray.fromStrings([encoded], []);
}

registerKernel('EncodeJpeg', 'CPU', (ctx) => {
  const format = String(ctx.attr('format')), densityUnit = String(ctx.attr('density_unit'));
  if (!['', 'rgb', 'grayscale'].includes(format)) throw invalid(`format must be '', rgb or grayscale, got ${format}`);
  const quality = Number(ctx.attr('quality'));
  if (!(quality >= 0 && quality <= 100)) throw invalid(`quality must be in [0,100], got ${quality}`);
  if (densityUnit !== 'in' && densityUnit !== 'cm') throw invalid(`density_unit must be 'in' or 'cm', got ${densityUnit}`);
  const xmp = ctx.attr('xmp_metadata');
  return [encodeImage('EncodeJpeg', ctx.input(0), {
    format, quality, progressive: Boolean(ctx.attr('progressive')), optimizeSize: Boolean(ctx.attr('optimize_size')),
    chromaDownsampling: Boolean(ctx.attr('chroma_downsampling')), densityUnit, xDensity: Number(ctx.attr('x_density')), yDensity: Number(ctx.attr('y_density')),
    xmp: Uint8Array.from(xmp instanceof Uint8Array ? xmp : Buffer.from(String(xmp), 'utf8')),
  })];
});

/** TF's EncodeJpegVariableQuality: EncodeJpeg's defaults, with the quality a scalar int32 input. */
registerKernel('EncodeJpegVariableQuality', 'CPU', (ctx) => {
  const quality = ctx.input(1);
  if (quality.ndim !== 0) throw invalid(`quality must be scalar: ${shapeString(quality.shape)}`);
  const q = Number(quality.values[0]);
  if (!(q >= 0 && q <= 100)) throw invalid(`quality must be in [0,100], got ${q}`);
  return [encodeImage('EncodeJpegVariableQuality', ctx.input(0), {
    format: '', quality: q, progressive: false, optimizeSize: false, chromaDownsampling: true,
    densityUnit: 'in', xDensity: 300, yDensity: 300, xmp: new Uint8Array(0),
  })];
});

registerKernel('ExtractJpegShape', 'CPU', (ctx) => {
  const bytes = scalarContents(ctx);
  const dtype = ctx.attr('output_type') as DType;
  const dims = jpegAddon('ExtractJpegShape').jpegShape(bytes);
  if (!dims) throw invalid(`Invalid JPEG data, size ${bytes.length}`);
  const out = new NDArray(dtype === int64 ? int64 : int32, [3]);
  out.values.set(dims);
  return [out];
});
