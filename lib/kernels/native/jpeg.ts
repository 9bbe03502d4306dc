/**
 * TF 1.15's JPEG kernels (DecodeJpeg, DecodeAndCropJpeg, EncodeJpeg, EncodeJpegVariableQuality, ExtractJpegShape) on libjpeg-turbo through
 * the native addon, with TF's settings (JDCT_ISLOW unless dct_method is INTEGER_FAST, fancy upsampling, CMYK
 * read as RGB), so decoded pixels are TF's byte for byte. They are the only kernels for these ops: where the
 * addon is absent, JPEG data raises an UnimplementedError saying so. As in TF, DecodeJpeg also decodes PNG data.
 */
import { InvalidArgumentError, InternalError, UnimplementedError } from '../../framework/errors';
import { DType, int32, int64, uint8 } from '../../framework/dtypes';
import { NDArray } from '../../framework/ndarray';
import { shapeString } from '../../framework/tensor_shape';
import { decodePng, isPng, PngError } from '../../framework/png';
import { KernelContext, registerKernel } from '../registry';
import { startOf } from '../cpu/image';
import { loadNative, NativeAddon } from './addon';

const invalid = (message: string) => new InvalidArgumentError(null, null, message);

function jpegAddon(op: string): NativeAddon {
  const r = loadNative();
  if ('addon' in r) return r.addon;
  throw new UnimplementedError(null, null, `${op} needs scopeflow's native backend (libjpeg-turbo), which is absent: ${r.reason}`);
}

const isJpeg = (b: Uint8Array) => b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
const isGif = (b: Uint8Array) => b.length >= 3 && b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46;

/** TF's FileFormatString: the format's name, or the escaped start of data of no known format. */
function formatName(b: Uint8Array): string {
  if (isJpeg(b)) return 'JPEG';
  if (isPng(b)) return 'PNG';
  if (isGif(b)) return 'GIF';
  return `unknown format starting with '${startOf(b)}'`;
}

function scalarContents(ctx: KernelContext): Uint8Array {
  const contents = ctx.input(0);
  if (contents.ndim !== 0) throw invalid(`contents must be scalar, got shape ${shapeString(contents.shape)}`);
  return (contents.data as Uint8Array[])[0];
}

function decodeKernel(op: 'DecodeJpeg' | 'DecodeAndCropJpeg') {
  return (ctx: KernelContext): NDArray[] => {
    const channels = Number(ctx.attr('channels')), ratio = Number(ctx.attr('ratio'));
    const dct = String(ctx.attr('dct_method'));
    if (![0, 1, 3, 4].includes(channels)) throw invalid(`channels must be 0, 1, 3, or 4, got ${channels}`);
    if (![1, 2, 4, 8].includes(ratio)) throw invalid(`ratio must be 1, 2, 4, or 8, got ${ratio}`);
    if (!['', 'INTEGER_FAST', 'INTEGER_ACCURATE'].includes(dct)) throw invalid("dct_method must be one of {'', 'INTEGER_FAST', 'INTEGER_ACCURATE'}");
    const bytes = scalarContents(ctx);
    let crop = [0, 0, 0, 0];
    if (op === 'DecodeAndCropJpeg') {
      const window = ctx.input(1);
      if (window.ndim !== 1) throw invalid(`crop_window must be 1-D, got shape ${shapeString(window.shape)}`);
      if (window.shape[0] !== 4) throw invalid(`crop_size must have four elements ${shapeString(window.shape)}`);
      crop = Array.from(window.values, Number);
    }
    if (!isJpeg(bytes) && !isPng(bytes) && !isGif(bytes)) throw invalid(`Expected image (JPEG, PNG, or GIF), got ${formatName(bytes)}`);
    if (op === 'DecodeAndCropJpeg' && !isJpeg(bytes)) throw invalid(`DecodeAndCropJpeg operation can run on JPEG only, but detected ${formatName(bytes)}`);
    if (isGif(bytes)) throw new UnimplementedError(null, null, `${op} was given GIF data: scopeflow does not decode GIF images`);
    if (isPng(bytes)) return [decodePngData(bytes, channels)];
    const addon = jpegAddon(op);
    const flags = Float64Array.from([channels, ratio, ctx.attr('fancy_upscaling') ? 1 : 0, ctx.attr('try_recover_truncated') ? 1 : 0,
      Number(ctx.attr('acceptable_fraction')), dct === 'INTEGER_FAST' ? 1 : 0, op === 'DecodeAndCropJpeg' ? 1 : 0, ...crop]);
    const image = addon.jpegDecode(bytes, flags);
    if (!image) throw invalid(`Invalid JPEG data or crop window, data size ${bytes.length}`);
    const out = new NDArray(uint8, [image.height, image.width, image.channels]);
    out.values.set(image.pixels);
    return [out];
  };
}

function decodePngData(bytes: Uint8Array, channels: number): NDArray {
  let decoded;
  try {
    decoded = decodePng(bytes, channels, 8);
  } catch (e) {
    if (!(e instanceof PngError)) throw e;
    throw invalid(e.header ? `Invalid PNG header, data size ${bytes.length}` : `Invalid PNG data, size ${bytes.length}`);
  }
  const out = new NDArray(uint8, [decoded.height, decoded.width, decoded.channels]);
  out.values.set(decoded.pixels);
  return out;
}

registerKernel('DecodeJpeg', 'CPU', decodeKernel('DecodeJpeg'));
registerKernel('DecodeAndCropJpeg', 'CPU', decodeKernel('DecodeAndCropJpeg'));

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
