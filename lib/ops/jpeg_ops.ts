/**
 * TF 1.15's JPEG ops (DecodeJpeg, DecodeAndCropJpeg, EncodeJpeg, ExtractJpegShape) with their attrs and shape
 * functions, the Python-level `tf.image` functions over them, and `decode_image`, which picks the decoder
 * (JPEG, PNG, GIF or BMP) by the data's first bytes. The kernels (lib/kernels/native/jpeg.ts) run
 * libjpeg-turbo through the native addon: where it is not built, decoding or encoding JPEG data raises an
 * UnimplementedError saying so.
 */
import { DType, as_dtype, int32, int64, string as stringDtype, uint16, uint8 } from '../framework/dtypes';
import { Operation, Tensor, registerOp } from '../framework/graph';
import { TFTypeError, ValueError } from '../framework/errors';
import { NDArray } from '../framework/ndarray';
import { pythonFunction } from '../framework/python_signature';
import { constantValue, dtypeFromAttr, fixedDtypes } from './schema_util';
import { DTypeLike, TensorLike, convert_to_tensor, makeOp, opScope } from './op_builder';
import { checkRank, shapeError } from './shape_fns';
import { registerNotDifferentiable } from './gradient_util';
import { equal, logical_and, not_equal } from './math_ops';
import { substr } from './string_ops';
import { cond } from './control_flow_ops';
import { Assert } from './logging_ops';
import { random_uniform } from './random_ops';
import { convert_image_dtype, decode_bmp, decode_gif, decode_png, is_jpeg } from './image_ops';
import { gather } from './array_ops';

type NameOption = { name?: string | null };

const DECODE_ATTRS = {
  channels: { i: 0 }, ratio: { i: 1 }, fancy_upscaling: { b: true }, try_recover_truncated: { b: false },
  acceptable_fraction: { f: 1 }, dct_method: { s: '' },
};

function channelsDim(op: Operation): number | null {
  const channels = Number(op.get_attr('channels'));
  if (channels < 0) throw shapeError(op, `channels must be non-negative, got ${channels}`);
  return channels === 0 ? null : channels;
}

registerOp({
  type: 'DecodeJpeg', outputDtypes: fixedDtypes(uint8), attrDefaults: DECODE_ATTRS,
  inferShapes: (op) => { checkRank(op, op.inputs[0], 0); return [[null, null, channelsDim(op)]]; },
});
registerOp({
  type: 'DecodeAndCropJpeg', outputDtypes: fixedDtypes(uint8), attrDefaults: DECODE_ATTRS,
  inferShapes: (op) => {
    checkRank(op, op.inputs[0], 0);
    checkRank(op, op.inputs[1], 1);
    const channels = channelsDim(op);
    // A constant crop window gives the height and width.
    const window = constantValue(op.inputs[1]);
    if (window && window.size === 4) return [[Number(window.values[2]), Number(window.values[3]), channels]];
    return [[null, null, channels]];
  },
});
registerOp({
  type: 'EncodeJpeg', outputDtypes: fixedDtypes(stringDtype),
  attrDefaults: {
    format: { s: '' }, quality: { i: 95 }, progressive: { b: false }, optimize_size: { b: false }, chroma_downsampling: { b: true },
    density_unit: { s: 'in' }, x_density: { i: 300 }, y_density: { i: 300 }, xmp_metadata: { s: '' },
  },
  inferShapes: (op) => { checkRank(op, op.inputs[0], 3); return [[]]; },
});
registerOp({
  type: 'EncodeJpegVariableQuality', outputDtypes: fixedDtypes(stringDtype),
  inferShapes: (op) => { checkRank(op, op.inputs[0], 3); checkRank(op, op.inputs[1], 0); return [[]]; },
});
registerOp({
  type: 'ExtractJpegShape', outputDtypes: dtypeFromAttr('output_type'), attrDefaults: { output_type: { type: int32 } },
  inferShapes: (op) => { checkRank(op, op.inputs[0], 0); return [[3]]; },
});
registerNotDifferentiable('DecodeJpeg', 'DecodeAndCropJpeg', 'EncodeJpeg', 'EncodeJpegVariableQuality', 'ExtractJpegShape');

type DecodeJpegOptions = NameOption & {
  channels?: number; ratio?: number; fancy_upscaling?: boolean; try_recover_truncated?: boolean;
  acceptable_fraction?: number; dct_method?: string;
};

function decodeAttrs(o: DecodeJpegOptions) {
  return {
    channels: { i: o.channels ?? 0 }, ratio: { i: o.ratio ?? 1 }, fancy_upscaling: { b: o.fancy_upscaling ?? true },
    try_recover_truncated: { b: o.try_recover_truncated ?? false }, acceptable_fraction: { f: o.acceptable_fraction ?? 1 },
    dct_method: { s: o.dct_method ?? '' },
  };
}

/**
 * Decodes a JPEG (a scalar string) to a uint8 `[height, width, channels]` image as TF's libjpeg-turbo does:
 * `channels` 0 keeps the file's (CMYK read as RGB), 1 gray, 3 RGB; `ratio` 1, 2, 4 or 8 downscales while
 * decoding; `dct_method` '' or 'INTEGER_FAST' (JDCT_IFAST, TF's default) or 'INTEGER_ACCURATE' (JDCT_ISLOW); a truncated file fails
 * unless `try_recover_truncated` or at least `acceptable_fraction` of its rows were read (the rest black).
 * PNG data is decoded too, as in TF. Needs the native backend (libjpeg-turbo): without it, UnimplementedError.
 * @example tf.image.decode_jpeg(tf.read_file('cat.jpg'), {channels: 3})
 */
export const decode_jpeg = pythonFunction('decode_jpeg',
  ['contents', 'channels=0', 'ratio=1', 'fancy_upscaling=True', 'try_recover_truncated=False', 'acceptable_fraction=1', "dct_method=''", 'name=None'], 1,
  function decode_jpeg(contents: TensorLike, options: DecodeJpegOptions = {}): Tensor {
    return opScope(options.name, 'DecodeJpeg', [contents], (scope) => {
      const c = convert_to_tensor(contents, { dtype: stringDtype, name: 'contents' });
      return makeOp('DecodeJpeg', [c], decodeAttrs(options), scope).outputs[0];
    });
  });

/**
 * decode_jpeg of only the `crop_window` `[y, x, height, width]` (int32, in the decoded, `ratio`-scaled image),
 * skipping what lies outside; a window not inside the image fails. Needs the native backend.
 * @example tf.image.decode_and_crop_jpeg(data, [10, 20, 64, 64], {channels: 3})
 */
export const decode_and_crop_jpeg = pythonFunction('decode_and_crop_jpeg',
  ['contents', 'crop_window', 'channels=0', 'ratio=1', 'fancy_upscaling=True', 'try_recover_truncated=False', 'acceptable_fraction=1', "dct_method=''", 'name=None'], 2,
  function decode_and_crop_jpeg(contents: TensorLike, crop_window: TensorLike, options: DecodeJpegOptions = {}): Tensor {
    return opScope(options.name, 'DecodeAndCropJpeg', [contents, crop_window], (scope) => {
      const c = convert_to_tensor(contents, { dtype: stringDtype, name: 'contents' });
      const w = convert_to_tensor(crop_window, { dtype: int32, name: 'crop_window' });
      return makeOp('DecodeAndCropJpeg', [c, w], decodeAttrs(options), scope).outputs[0];
    });
  });

type EncodeJpegOptions = NameOption & {
  format?: '' | 'grayscale' | 'rgb'; quality?: number; progressive?: boolean; optimize_size?: boolean; chroma_downsampling?: boolean;
  density_unit?: 'in' | 'cm'; x_density?: number; y_density?: number; xmp_metadata?: string;
};

/**
 * Encodes a uint8 `[height, width, channels]` image (1 or 3 channels; `format` 'grayscale' or 'rgb' demands
 * that count) as JPEG bytes with libjpeg-turbo: `quality` 0 to 100, `progressive`, `optimize_size` (optimal
 * Huffman tables), `chroma_downsampling` (4:2:0), the JFIF density, and `xmp_metadata` in an APP1 marker.
 * Needs the native backend.
 * @example tf.write_file('out.jpg', tf.image.encode_jpeg(image, {quality: 90}))
 */
export const encode_jpeg = pythonFunction('encode_jpeg',
  ['image', "format=''", 'quality=95', 'progressive=False', 'optimize_size=False', 'chroma_downsampling=True', "density_unit='in'",
    'x_density=300', 'y_density=300', "xmp_metadata=''", 'name=None'], 1,
  function encode_jpeg(image: TensorLike, options: EncodeJpegOptions = {}): Tensor {
    return opScope(options.name, 'EncodeJpeg', [image], (scope) => {
      const x = convert_to_tensor(image, { dtype: uint8, name: 'image' });
      return makeOp('EncodeJpeg', [x], {
        format: { s: options.format ?? '' }, quality: { i: options.quality ?? 95 }, progressive: { b: options.progressive ?? false },
        optimize_size: { b: options.optimize_size ?? false }, chroma_downsampling: { b: options.chroma_downsampling ?? true },
        density_unit: { s: options.density_unit ?? 'in' }, x_density: { i: options.x_density ?? 300 }, y_density: { i: options.y_density ?? 300 },
        xmp_metadata: { s: options.xmp_metadata ?? '' },
      }, scope).outputs[0];
    });
  });

/**
 * The `[height, width, channels]` of a JPEG, read from its header without decoding, as int32 or int64
 * (`output_type`). Needs the native backend.
 * @example tf.image.extract_jpeg_shape(tf.read_file('cat.jpg'))
 */
export const extract_jpeg_shape = pythonFunction('extract_jpeg_shape', ['contents', 'output_type=tf.int32', 'name=None'], 1,
  function extract_jpeg_shape(contents: TensorLike, options: NameOption & { output_type?: DTypeLike } = {}): Tensor {
    const dtype = as_dtype(options.output_type ?? int32).base_dtype;
    if (dtype !== int32 && dtype !== int64) throw new TFTypeError(`Value passed to parameter 'output_type' has DataType ${dtype.name} not in list of allowed values: int32, int64`);
    return opScope(options.name, 'ExtractJpegShape', [contents], (scope) => {
      const c = convert_to_tensor(contents, { dtype: stringDtype, name: 'contents' });
      return makeOp('ExtractJpegShape', [c], { output_type: { type: dtype } }, scope).outputs[0];
    });
  });

const DECODE_FAILED = 'Unable to decode bytes as JPEG, PNG, GIF, or BMP';

type DecodeImageOptions = NameOption & { channels?: number | null; dtype?: DTypeLike };

/** TF 1.15's decode_image graph; `expandAnimations` false keeps only a GIF's first frame (tf.io's flag). */
function decodeImage(contents: TensorLike, options: DecodeImageOptions, expandAnimations: boolean): Tensor {
  const channels = options.channels ?? null;
  if (channels !== null && ![0, 1, 3, 4].includes(channels)) throw new ValueError('channels must be in (None, 0, 1, 3, 4)');
  const dtype: DType = as_dtype(options.dtype ?? uint8).base_dtype;
  return opScope(options.name, 'decode_image', [contents], () => {
    const data = convert_to_tensor(contents, { dtype: stringDtype, name: 'contents' });
    const head = substr(data, 0, 3);
    const signature = (bytes: number[]) => NDArray.fromStrings([Uint8Array.from(bytes)], []);
    const bmp = (): Tensor => {
      const isBmp = equal(substr(data, 0, 2), signature([0x42, 0x4d]), { name: 'is_bmp' });
      const checks = [
        Assert(isBmp, [DECODE_FAILED]),
        Assert(not_equal(channels ?? 0, 1, { name: 'check_channels' }), ['Channels must be in (None, 0, 3) when decoding BMP images']),
      ];
      return data.graph.control_dependencies(checks, () => convert_image_dtype(decode_bmp(data), dtype));
    };
    const gif = (): Tensor => {
      const gifChannels = channels ?? 0;
      const good = logical_and(not_equal(gifChannels, 1, { name: 'check_gif_channels' }), not_equal(gifChannels, 4, { name: 'check_gif_channels' }));
      const check = Assert(good, ['Channels must be in (None, 0, 3) when decoding GIF images']);
      return data.graph.control_dependencies([check], () => {
        const frames = convert_image_dtype(decode_gif(data), dtype);
        return expandAnimations ? frames : gather(frames, 0);
      });
    };
    const checkGif = (): Tensor => cond(equal(head, signature([0x47, 0x49, 0x46]), { name: 'is_gif' }), gif, bmp, { name: 'cond_gif' }) as Tensor;
    const png = (): Tensor => convert_image_dtype(decode_png(data, { channels: channels ?? 0, dtype: dtype === uint8 ? uint8 : uint16 }), dtype);
    const checkPng = (): Tensor => {
      const isPng = opScope(null, 'is_png', [data], () => equal(substr(data, 0, 3), signature([0x89, 0x50, 0x4e])));
      return cond(isPng, png, checkGif, { name: 'cond_png' }) as Tensor;
    };
    const jpeg = (): Tensor => {
      const check = Assert(not_equal(channels ?? 0, 4, { name: 'check_jpeg_channels' }), ['Channels must be in (None, 0, 1, 3) when decoding JPEG images']);
      return data.graph.control_dependencies([check], () => convert_image_dtype(decode_jpeg(data, { channels: channels ?? 0 }), dtype));
    };
    return cond(is_jpeg(data), jpeg, checkPng, { name: 'cond_jpeg' }) as Tensor;
  });
}

/**
 * Decodes a JPEG, PNG, GIF or BMP by its first bytes (TF 1.15's graph of nested conds on is_jpeg, the PNG
 * signature, 'GIF' and 'BM'), converted to `dtype` with convert_image_dtype: a 3-D image of unknown shape,
 * or for a GIF its 4-D `[frames, height, width, 3]` (`channels` 1 or 4 fail for a GIF, as in TF).
 * @example tf.image.decode_image(tf.read_file(path), {channels: 3})
 */
export const decode_image = pythonFunction('decode_image', ['contents', 'channels=None', 'dtype=tf.uint8', 'name=None'], 1,
  function decode_image(contents: TensorLike, options: DecodeImageOptions = {}): Tensor {
    return decodeImage(contents, options, true);
  });

/**
 * The image re-encoded as a JPEG of `jpeg_quality` (an int or int32 scalar tensor, 0 to 100) and decoded
 * again with its static channel count, in its own dtype (through uint8 with convert_image_dtype): JPEG's
 * compression artefacts as data augmentation (EncodeJpegVariableQuality, DecodeJpeg). Needs the native backend.
 * @example tf.image.adjust_jpeg_quality(image, 40)
 */
export const adjust_jpeg_quality = pythonFunction('adjust_jpeg_quality', ['image', 'jpeg_quality', 'name=None'], 2,
  function adjust_jpeg_quality(image: TensorLike, jpeg_quality: TensorLike, options: NameOption = {}): Tensor {
    return opScope(options.name, 'adjust_jpeg_quality', [image], () => {
      const x = convert_to_tensor(image, { name: 'image' });
      const dims = x.shape.dims;
      const channels = dims && dims.length ? dims[dims.length - 1] : null;
      const original = x.dtype.base_dtype;
      const bytes = convert_image_dtype(x, uint8);
      const quality = convert_to_tensor(jpeg_quality, { dtype: int32 });
      const encoded = opScope(null, 'EncodeJpegVariableQuality', [bytes, quality], (scope) => makeOp('EncodeJpegVariableQuality', [bytes, quality], {}, scope).outputs[0]);
      return convert_image_dtype(decode_jpeg(encoded, { channels: channels ?? 0 }), original);
    });
  });

/**
 * adjust_jpeg_quality at a quality drawn uniformly from [`min_jpeg_quality`, `max_jpeg_quality`) each run
 * (an int32 random_uniform with `seed`); the bounds are in [0, 100], the lower one below the upper.
 * @example tf.image.random_jpeg_quality(image, 70, 95)
 */
export const random_jpeg_quality = pythonFunction('random_jpeg_quality', ['image', 'min_jpeg_quality', 'max_jpeg_quality', 'seed=None'], 3,
  function random_jpeg_quality(image: TensorLike, min_jpeg_quality: number, max_jpeg_quality: number, options: { seed?: number | null } = {}): Tensor {
    if (min_jpeg_quality < 0 || max_jpeg_quality < 0 || min_jpeg_quality > 100 || max_jpeg_quality > 100) throw new ValueError('jpeg encoding range must be between 0 and 100.');
    if (min_jpeg_quality >= max_jpeg_quality) throw new ValueError('`min_jpeg_quality` must be less than `max_jpeg_quality`.');
    const quality = random_uniform([], { minval: min_jpeg_quality, maxval: max_jpeg_quality, seed: options.seed ?? undefined, dtype: int32 });
    return adjust_jpeg_quality(image, quality);
  });

/**
 * `tf.io.decode_image`: decode_image with TF 1.15's `expand_animations`: true gives a GIF's frames
 * `[frames, height, width, 3]`, false only its first frame `[height, width, 3]` (all frames are decoded).
 * @example tf.io.decode_image(tf.read_file(path), {channels: 3, expand_animations: false})
 */
export const io_decode_image = pythonFunction('decode_image', ['contents', 'channels=None', 'dtype=tf.uint8', 'name=None', 'expand_animations=True'], 1,
  function io_decode_image(contents: TensorLike, options: DecodeImageOptions & { expand_animations?: boolean } = {}): Tensor {
    const expand = options.expand_animations ?? true;
    if (typeof expand !== 'boolean') throw new TFTypeError(`expand_animations must be a bool, got ${String(expand)}`);
    return decodeImage(contents, { channels: options.channels, dtype: options.dtype, name: options.name }, expand);
  });
