/**
 * TF 1.15's `tf.image`: the image op types (resizes and their gradients, AdjustContrastv2, the HSV ops,
 * DecodePng / EncodePng) declared with TF's shape functions, and the Python-level functions built on them
 * (image_ops_impl.py): resizing, flips, crops and pads, dtype conversion, brightness and contrast,
 * grayscale, standardization, gradients and total variation, as TF 1.15 builds them, node names included.
 * Images are `[height, width, channels]` or batches `[batch, height, width, channels]`.
 */
import { DType, as_dtype, bfloat16, float16, float32, float64, int16, int32, int64, int8, string as stringDtype, uint16, uint8 } from '../framework/dtypes';
import { AttrValue, Operation, Tensor, registerGradient, registerOp } from '../framework/graph';
import { AttributeError, TFTypeError, ValueError } from '../framework/errors';
import { Dim, TensorShape } from '../framework/tensor_shape';
import { NDArray } from '../framework/ndarray';
import { pythonFunction } from '../framework/python_signature';
import { constantValue, dtypeFromAttr, dtypeOfInput, fixedDtypes, shapeOfInput } from './schema_util';
import { DTypeLike, TensorLike, checkDtype, convert_to_tensor, makeOp, opScope, typeAttr } from './op_builder';
import { checkRank, constantValueAsShape, shapeError } from './shape_fns';
import { registerNotDifferentiable } from './gradient_util';
import {
  concat, constant, expand_dims, getitem, shape_n as shapeN, size, identity, ones, pad, rank as rankOf, reshape, reverse, shape as shapeOf, slice, squeeze, stack, tile, transpose, unstack, zeros,
} from './array_ops';
import { cast } from './gen_math_ops';
import {
  abs, add, div, equal, floor, floordiv, greater, range, greater_equal, less, log, negative, reduce_all, squared_difference, truediv, maximum, minimum, mod, multiply, reduce_mean, reduce_prod, reduce_sum, round, rsqrt, saturate_cast,
  sqrt, square, subtract,
} from './math_ops';
import { tensordot } from './linalg_ops';
import { depthwise_conv2d, relu, softmax } from './nn_ops';
import { substr } from './string_ops';
import { cond, with_dependencies } from './control_flow_ops';
import { case_ } from './control_flow_case';
import { Assert } from './logging_ops';
import { assert_equal, assert_greater_equal, assert_positive } from './check_ops';
import { random_uniform } from './random_ops';

// ---- declarations -----------------------------------------------------------------------------

const RESIZE_TYPES: readonly DType[] = [int8, uint8, int16, uint16, int32, int64, bfloat16, float16, float32, float64];
const RESIZE_NN_TYPES: readonly DType[] = [int8, uint8, int16, uint16, int32, int64, float16, float32, float64, bfloat16];

/** TF's SetOutputToSizedImage: `[batch, size[0], size[1], channels]`, the sizes known when `size` is a constant. */
function sizedImage(op: Operation, sizeInput: number, batch: Dim, channels: Dim): Dim[] {
  const size = op.inputs[sizeInput];
  checkRank(op, size, 1);
  const n = size.shape.dims?.[0] ?? null;
  if (n !== null && n !== 2) throw shapeError(op, `Dimension must be 2 but is ${n}`);
  const v = constantValue(size);
  if (v === null) return [batch, null, null, channels];
  if (v.dtype !== int32) {
    throw shapeError(op, `Bad size input type for SetOutputToSizedImage: Expected DT_INT32 but got ${v.dtype.name} for input #${sizeInput}`);
  }
  const [h, w] = Array.from(v.values as ArrayLike<number>);
  return [batch, h, w, channels];
}

/** The resize ops: (images, size) → [batch, size..., channels]. */
function resizeShape(op: Operation): Dim[][] {
  checkRank(op, op.inputs[0], 4);
  const d = op.inputs[0].shape.dims ?? [null, null, null, null];
  return [sizedImage(op, 1, d[0], d[3])];
}

const RESIZE_ATTRS = { align_corners: { b: false }, half_pixel_centers: { b: false } } as const;
registerOp({ type: 'ResizeBilinear', outputDtypes: fixedDtypes(float32), inferShapes: resizeShape, attrDefaults: RESIZE_ATTRS });
registerOp({ type: 'ResizeBicubic', outputDtypes: fixedDtypes(float32), inferShapes: resizeShape, attrDefaults: RESIZE_ATTRS });
registerOp({ type: 'ResizeArea', outputDtypes: fixedDtypes(float32), inferShapes: resizeShape, attrDefaults: { align_corners: { b: false } } });
registerOp({ type: 'ResizeNearestNeighbor', outputDtypes: dtypeOfInput(0), inferShapes: resizeShape, attrDefaults: RESIZE_ATTRS });
// (grads, size): the gradient at the original size.
registerOp({ type: 'ResizeNearestNeighborGrad', outputDtypes: dtypeOfInput(0), inferShapes: resizeShape, attrDefaults: RESIZE_ATTRS });
// (grads, original_image): the original image's shape and dtype.
for (const type of ['ResizeBilinearGrad', 'ResizeBicubicGrad'] as const) {
  registerOp({
    type, outputDtypes: dtypeOfInput(1), attrDefaults: RESIZE_ATTRS,
    inferShapes: (op) => {
      checkRank(op, op.inputs[0], 4);
      checkRank(op, op.inputs[1], 4);
      return [op.inputs[1].shape];
    },
  });
}

/** An image op of at least rank 3 whose output has its input's shape (and checks its scalar inputs). */
function atLeast3(scalars: readonly number[]) {
  return (op: Operation) => {
    const x = op.inputs[0];
    if (x.shape.ndims !== null && x.shape.ndims < 3) throw shapeError(op, `Shape must be at least rank 3 but is rank ${x.shape.ndims}`);
    for (const i of scalars) checkRank(op, op.inputs[i], 0);
    return [x.shape];
  };
}
registerOp({ type: 'AdjustContrastv2', outputDtypes: dtypeOfInput(0), inferShapes: atLeast3([1]) });
registerOp({ type: 'AdjustSaturation', outputDtypes: dtypeOfInput(0), inferShapes: atLeast3([1]) });
registerOp({ type: 'AdjustHue', outputDtypes: dtypeOfInput(0), inferShapes: atLeast3([1]) });
/** RGBToHSV / HSVToRGB: at least rank 1, the last dimension 3. */
function colorShape(op: Operation) {
  const x = op.inputs[0];
  if (x.shape.ndims !== null && x.shape.ndims < 1) throw shapeError(op, `Shape must be at least rank 1 but is rank ${x.shape.ndims}`);
  const last = x.shape.dims ? x.shape.dims[x.shape.dims.length - 1] : null;
  if (last !== null && last !== 3) throw shapeError(op, `Dimension must be 3 but is ${last}`);
  return [x.shape.dims ? [...x.shape.dims.slice(0, -1), 3] : null];
}
registerOp({ type: 'RGBToHSV', outputDtypes: dtypeOfInput(0), inferShapes: colorShape });
registerOp({ type: 'HSVToRGB', outputDtypes: dtypeOfInput(0), inferShapes: colorShape });

registerOp({
  type: 'DecodePng', outputDtypes: dtypeFromAttr('dtype'),
  attrDefaults: { channels: { i: 0 }, dtype: { type: uint8 } },
  inferShapes: (op) => {
    checkRank(op, op.inputs[0], 0);
    const channels = Number(op.get_attr('channels'));
    if (channels < 0) throw shapeError(op, `channels must be non-negative, got ${channels}`);
    return [[null, null, channels === 0 ? null : channels]];
  },
});
registerOp({
  type: 'DecodeGif', outputDtypes: fixedDtypes(uint8),
  inferShapes: (op) => { checkRank(op, op.inputs[0], 0); return [[null, null, null, 3]]; },
});
registerOp({
  type: 'DecodeBmp', outputDtypes: fixedDtypes(uint8), attrDefaults: { channels: { i: 0 } },
  inferShapes: (op) => {
    checkRank(op, op.inputs[0], 0);
    const channels = Number(op.get_attr('channels'));
    return [[null, null, channels === 0 ? null : channels]];
  },
});
registerOp({
  type: 'EncodePng', outputDtypes: fixedDtypes(stringDtype), attrDefaults: { compression: { i: -1 } },
  inferShapes: (op) => { checkRank(op, op.inputs[0], 3); return [[]]; },
});

/** TF's NMSShapeFn: boxes [num_boxes, 4], scores [num_boxes], scalar size and thresholds. */
function nmsChecks(op: Operation): void {
  const [boxes, scores, ...scalars] = op.inputs;
  checkRank(op, boxes, 2);
  checkRank(op, scores, 1);
  for (const t of scalars) checkRank(op, t, 0);
  const n = boxes.shape.dims?.[0] ?? null, m = scores.shape.dims?.[0] ?? null;
  if (n !== null && m !== null && n !== m) throw shapeError(op, `Dimensions must be equal, but are ${n} and ${m}`);
  const cols = boxes.shape.dims?.[1] ?? null;
  if (cols !== null && cols !== 4) throw shapeError(op, `Dimension must be 4 but is ${cols}`);
}
registerOp({ type: 'NonMaxSuppressionV3', outputDtypes: fixedDtypes(int32), inferShapes: (op) => { nmsChecks(op); return [[null]]; } });
registerOp({
  type: 'NonMaxSuppressionWithOverlaps', outputDtypes: fixedDtypes(int32),
  inferShapes: (op) => {
    const [overlaps, scores, ...scalars] = op.inputs;
    checkRank(op, overlaps, 2);
    checkRank(op, scores, 1);
    for (const t of scalars) checkRank(op, t, 0);
    const [n, m] = overlaps.shape.dims ?? [null, null], k = scores.shape.dims?.[0] ?? null;
    if (n !== null && k !== null && n !== k) throw shapeError(op, `Dimensions must be equal, but are ${n} and ${k}`);
    if (n !== null && m !== null && n !== m) throw shapeError(op, `Dimensions must be equal, but are ${n} and ${m}`);
    return [[null]];
  },
});
registerOp({
  type: 'NonMaxSuppressionV4', outputDtypes: fixedDtypes(int32, int32), attrDefaults: { pad_to_max_output_size: { b: false } },
  inferShapes: (op) => {
    nmsChecks(op);
    const size = op.get_attr('pad_to_max_output_size') === true ? constantValue(op.inputs[2]) : null;
    return [[size ? Number(size.values[0]) : null], []];
  },
});

const CROP_TYPES: readonly DType[] = [uint8, uint16, int8, int16, int32, int64, float16, float32, float64];
registerOp({
  type: 'CropAndResize', outputDtypes: fixedDtypes(float32), attrDefaults: { method: { s: 'bilinear' }, extrapolation_value: { f: 0 } },
  inferShapes: (op) => {
    const [image, boxes, boxInd] = op.inputs;
    checkRank(op, image, 4);
    checkRank(op, boxes, 2);
    checkRank(op, boxInd, 1);
    const n = boxes.shape.dims?.[0] ?? null, m = boxInd.shape.dims?.[0] ?? null;
    if (n !== null && m !== null && n !== m) throw shapeError(op, `Dimensions must be equal, but are ${n} and ${m}`);
    const cols = boxes.shape.dims?.[1] ?? null;
    if (cols !== null && cols !== 4) throw shapeError(op, `Dimension must be 4 but is ${cols}`);
    return [sizedImage(op, 3, n ?? m, image.shape.dims?.[3] ?? null)];
  },
});
// (grads, boxes, box_ind, image_size): the image's gradient, shaped as image_size says.
registerOp({ type: 'CropAndResizeGradImage', outputDtypes: dtypeFromAttr('T'), attrDefaults: { method: { s: 'bilinear' } }, inferShapes: (op) => [constantValueAsShape(op.inputs[3])] });
// (grads, image, boxes, box_ind): the boxes' gradient.
registerOp({ type: 'CropAndResizeGradBoxes', outputDtypes: fixedDtypes(float32), attrDefaults: { method: { s: 'bilinear' } }, inferShapes: shapeOfInput(2) });

registerOp({
  type: 'DrawBoundingBoxes', outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => {
    const x = op.inputs[0];
    if (x.shape.ndims !== null && x.shape.ndims < 3) throw shapeError(op, `Shape must be at least rank 3 but is rank ${x.shape.ndims}`);
    return [x.shape];
  },
});

registerOp({
  type: 'SampleDistortedBoundingBoxV2', stateful: true,
  outputDtypes: (inputs) => [inputs[0].dtype.base_dtype, inputs[0].dtype.base_dtype, float32],
  attrDefaults: {
    seed: { i: 0 }, seed2: { i: 0 }, aspect_ratio_range: { list: { f: [0.75, 1.33] } }, area_range: { list: { f: [0.05, 1] } },
    max_attempts: { i: 100 }, use_image_if_no_bounding_boxes: { b: false },
  },
  inferShapes: (op) => {
    const [imageSize, boxes, covered] = op.inputs;
    checkRank(op, imageSize, 1);
    const n = imageSize.shape.dims?.[0] ?? null;
    if (n !== null && n !== 3) throw shapeError(op, `Dimension must be 3 but is ${n}`);
    checkRank(op, boxes, 3);
    const last = boxes.shape.dims?.[2] ?? null;
    if (last !== null && last !== 4) throw shapeError(op, `Dimension must be 4 but is ${last}`);
    checkRank(op, covered, 0);
    return [[3], [3], [1, 1, 4]];
  },
});

// ---- gradients (TF's image_grad.py) -----------------------------------------------------------

const resizeAttrs = (op: Operation, t: Tensor): Record<string, AttrValue> => ({
  T: typeAttr(t), align_corners: { b: op.get_attr('align_corners') === true }, half_pixel_centers: { b: op.get_attr('half_pixel_centers') === true },
});
registerGradient('ResizeNearestNeighbor', (op, [grad]) => {
  const image = op.inputs[0];
  const dims = image.shape.dims;
  const known = dims !== null && dims[1] !== null && dims[2] !== null;
  const imageShape = known ? convert_to_tensor([dims![1]!, dims![2]!], { dtype: int32 }) : getitem(shapeOf(image), { start: 1, stop: 3 });
  return [makeOp('ResizeNearestNeighborGrad', [grad!, imageShape], resizeAttrs(op, grad!), 'ResizeNearestNeighborGrad').outputs[0], null];
});
registerGradient('ResizeBilinear', (op, [grad]) => [
  makeOp('ResizeBilinearGrad', [grad!, op.inputs[0]], resizeAttrs(op, op.inputs[0]), 'ResizeBilinearGrad').outputs[0], null,
]);
registerGradient('ResizeBicubic', (op, [grad]) => {
  const image = op.inputs[0];
  if (image.dtype !== float32 && image.dtype !== float64) return [null, null];
  return [makeOp('ResizeBicubicGrad', [grad!, image], resizeAttrs(op, image), 'ResizeBicubicGrad').outputs[0], null];
});
registerGradient('CropAndResize', (op, [grad]) => {
  const [image, boxes, boxInd] = op.inputs;
  const imageShape = image.shape.is_fully_defined() ? convert_to_tensor(image.shape.toNumbers(), { dtype: int32 }) : shapeOf(image);
  const method = { s: String(op.get_attr('method')) };
  const grad0 = [float16, float32, float64].includes(image.dtype)
    ? makeOp('CropAndResizeGradImage', [grad!, boxes, boxInd, imageShape], { T: typeAttr(image), method }, 'CropAndResizeGradImage').outputs[0] : null;
  // Nearest-neighbour sampling has no box gradient of its own: TF uses the bilinear one.
  const grad1 = makeOp('CropAndResizeGradBoxes', [grad!, image, boxes, boxInd], { T: typeAttr(image), method: { s: 'bilinear' } }, 'CropAndResizeGradBoxes').outputs[0];
  return [grad0, grad1, null, null];
});
registerNotDifferentiable('HSVToRGB', 'DecodePng', 'DecodeGif', 'DecodeBmp', 'EncodePng', 'NonMaxSuppressionV3', 'NonMaxSuppressionV4', 'NonMaxSuppressionWithOverlaps', 'CropAndResizeGradImage', 'CropAndResizeGradBoxes', 'DrawBoundingBoxes', 'SampleDistortedBoundingBoxV2');

// ---- the raw op wrappers (gen_image_ops) ------------------------------------------------------

type NameOption = { name?: string | null };
type ResizeOpOptions = NameOption & { align_corners?: boolean; half_pixel_centers?: boolean };
type ResizeType = 'ResizeBilinear' | 'ResizeNearestNeighbor' | 'ResizeBicubic' | 'ResizeArea';

function resizeOp(type: ResizeType, images: TensorLike, size: TensorLike, o: ResizeOpOptions): Tensor {
  const alignCorners = o.align_corners ?? false, halfPixel = o.half_pixel_centers ?? false;
  return opScope(o.name, type, [images, size], (scope) => {
    const x = convert_to_tensor(images, { name: 'images' });
    checkDtype(type, 'images', x, type === 'ResizeNearestNeighbor' ? RESIZE_NN_TYPES : RESIZE_TYPES);
    const s = convert_to_tensor(size, { dtype: int32, name: 'size' });
    const attrs: Record<string, AttrValue> = { T: typeAttr(x), align_corners: { b: alignCorners } };
    if (type !== 'ResizeArea') attrs.half_pixel_centers = { b: halfPixel };
    return makeOp(type, [x, s], attrs, scope).outputs[0];
  });
}
const RESIZE_OP_PARAMS = ['images', 'size', 'align_corners=False', 'name=None', 'half_pixel_centers=False'] as const;

/**
 * Bilinear resize of `[batch, height, width, channels]` images to `size` (ResizeBilinear, float32 output):
 * `align_corners` maps the corner pixels onto each other, `half_pixel_centers` samples at pixel centers.
 * @example tf.image.resize_bilinear(images, [64, 64])
 */
export const resize_bilinear = pythonFunction('resize_bilinear', RESIZE_OP_PARAMS, 2, function resize_bilinear(images: TensorLike, size: TensorLike, options: ResizeOpOptions = {}): Tensor {
  return resizeOp('ResizeBilinear', images, size, options);
});
/** Nearest-neighbour resize (ResizeNearestNeighbor), keeping the images' dtype. @example tf.image.resize_nearest_neighbor(images, [64, 64]) */
export const resize_nearest_neighbor = pythonFunction('resize_nearest_neighbor', RESIZE_OP_PARAMS, 2, function resize_nearest_neighbor(images: TensorLike, size: TensorLike, options: ResizeOpOptions = {}): Tensor {
  return resizeOp('ResizeNearestNeighbor', images, size, options);
});
/** Bicubic resize (ResizeBicubic, Keys' cubic kernel, float32 output). @example tf.image.resize_bicubic(images, [64, 64]) */
export const resize_bicubic = pythonFunction('resize_bicubic', RESIZE_OP_PARAMS, 2, function resize_bicubic(images: TensorLike, size: TensorLike, options: ResizeOpOptions = {}): Tensor {
  return resizeOp('ResizeBicubic', images, size, options);
});
/** Area resize (ResizeArea: each output pixel the mean of the input area it covers, float32 output; no gradient). @example tf.image.resize_area(images, [16, 16]) */
export const resize_area = pythonFunction('resize_area', ['images', 'size', 'align_corners=False', 'name=None'], 2, function resize_area(images: TensorLike, size: TensorLike, options: NameOption & { align_corners?: boolean } = {}): Tensor {
  return resizeOp('ResizeArea', images, size, options);
});

// ---- shape checks (image_ops_impl's _Check*/_Assert* helpers) ---------------------------------

type Int = number | Tensor;
const isTensor = (x: unknown): x is Tensor => x instanceof Tensor;

/** TF's _assert: an Assert op for a tensor condition, a ValueError at once for a false Python one. */
function assertThat(holds: boolean | Tensor, message: string): Operation[] {
  if (isTensor(holds)) return [Assert(holds, [message])];
  if (!holds) throw new ValueError(message);
  return [];
}
const ge = (a: Int, b: Int): boolean | Tensor => (isTensor(a) || isTensor(b) ? greater_equal(a, b) : a >= b);
const sum = (a: Int, b: Int): Int => (isTensor(a) || isTensor(b) ? add(a, b, { name: 'add' }) : a + b);
/** TF's stack of Python ints and int32 scalars: one int32 Const when every value is known, else Pack. */
const intStack = (values: readonly Int[]): Tensor =>
  (values.every((v) => typeof v === 'number') ? constant(values as number[], { dtype: int32, name: 'stack' }) : stack(values));
const diff = (a: Int, b: Int): Int => (isTensor(a) || isTensor(b) ? subtract(a, b, { name: 'sub' }) : a - b);
const positive = (v: Int): boolean | Tensor => (isTensor(v) ? greater(v, 0) : v > 0);

/** TF's _CheckAtLeast3DImage(require_static=False): static checks, and asserts for the dims not known. */
function checkAtLeast3D(image: Tensor): Operation[] {
  const s = image.shape;
  if (s.ndims !== null && s.ndims < 3) throw new ValueError(`'image' (shape ${s}) must be at least three-dimensional.`);
  const inner = s.dims === null ? [null, null, null] : s.dims.slice(-3);
  if (inner.some((d) => d === 0)) throw new ValueError(`inner 3 dims of 'image.shape' must be > 0: ${s.dims === null ? new TensorShape([null, null, null]) : s}`);
  if (inner.every((d) => d !== null)) return [];
  return [
    assert_positive(getitem(shapeOf(image), { start: -3 }), { data: ["inner 3 dims of 'image.shape' must be > 0."] }),
    assert_greater_equal(rankOf(image), 3, { message: "'image' must be at least three-dimensional." }),
  ];
}
/** TF's _AssertAtLeast3DImage: the image behind its checks (a `control_dependency` Identity). */
const assertAtLeast3D = (image: Tensor): Tensor => with_dependencies(checkAtLeast3D(image), image);

/** TF's _ImageDimensions: each dimension as a number when known, else as a scalar tensor. */
function imageDimensions(image: Tensor, rank: number): Int[] {
  if (image.shape.is_fully_defined()) return image.shape.toNumbers();
  const dims = image.shape.with_rank(rank).dims!;
  const dynamic = unstack(shapeOf(image), { num: rank });
  return dims.map((d, i) => (d ?? dynamic[i]));
}

/** TF's fix_image_flip_shape: the result gets the image's static shape, at least rank 3. */
function fixFlipShape(image: Tensor, result: Tensor): Tensor {
  result.set_shape(image.shape.ndims === null ? [null, null, null] : image.shape);
  return result;
}

/** A 3-D image as a batch of one (`is_batch` false), a 4-D batch as it is. */
function asBatch(image: Tensor): { images: Tensor; isBatch: boolean } {
  const n = image.shape.ndims;
  if (n === 3) return { images: expand_dims(image, 0), isBatch: false };
  if (n === null) {
    const images = expand_dims(image, 0);
    images.set_shape([null, null, null, null]);
    return { images, isBatch: false };
  }
  if (n !== 4) throw new ValueError("'image' must have either 3 or 4 dimensions.");
  return { images: image, isBatch: true };
}
const unbatch = (t: Tensor, isBatch: boolean): Tensor => (isBatch ? t : squeeze(t, [0]));

// ---- resizing ---------------------------------------------------------------------------------

/** TF 1.15's `tf.image.ResizeMethod` (ResizeMethodV1): the methods' numbers. */
export const ResizeMethod = Object.freeze({ BILINEAR: 0, NEAREST_NEIGHBOR: 1, BICUBIC: 2, AREA: 3 } as const);
export type ResizeMethodValue = (typeof ResizeMethod)[keyof typeof ResizeMethod];
const METHOD_OPS: Record<number, ResizeType> = { 0: 'ResizeBilinear', 1: 'ResizeNearestNeighbor', 2: 'ResizeBicubic', 3: 'ResizeArea' };
const METHOD_NAMES: Record<string, ResizeMethodValue> = { bilinear: 0, nearest: 1, bicubic: 2, area: 3 };

export interface ResizeImagesOptions { method?: ResizeMethodValue | 'bilinear' | 'nearest' | 'bicubic' | 'area'; align_corners?: boolean; preserve_aspect_ratio?: boolean; name?: string | null }

/**
 * Resizes 3-D or 4-D images to `size` `[new_height, new_width]` by `method` (ResizeMethod.BILINEAR unless
 * told), as TF 1.15's resize_images: inside a `resize` scope, a 3-D image through a batch of one, skipped
 * (the image returned) when the size is already the image's; `preserve_aspect_ratio` scales to fit inside `size`.
 * @example tf.image.resize_images(image, [224, 224], {method: tf.image.ResizeMethod.NEAREST_NEIGHBOR})
 */
export const resize_images = pythonFunction('resize_images', ['images', 'size', 'method=ResizeMethodV1.BILINEAR', 'align_corners=False', 'preserve_aspect_ratio=False', 'name=None'], 2,
  function resize_images(images: TensorLike, size: TensorLike, options: ResizeImagesOptions = {}): Tensor {
    const method = typeof options.method === 'string' ? METHOD_NAMES[options.method] : options.method ?? ResizeMethod.BILINEAR;
    const type = METHOD_OPS[method];
    if (type === undefined) throw new ValueError('Resize method is not implemented.');
    const alignCorners = options.align_corners ?? false;
    return opScope(options.name, 'resize', [images, size], () => {
      const x = convert_to_tensor(images, { name: 'images' });
      if (x.shape.ndims === null) throw new ValueError("'images' contains no shape.");
      let batch = x, isBatch = true;
      if (x.shape.ndims === 3) { isBatch = false; batch = expand_dims(x, 0); }
      else if (x.shape.ndims !== 4) throw new ValueError("'images' must have either 3 or 4 dimensions.");
      const [, height, width] = batch.shape.dims!;
      let sizeT: Tensor;
      if (size instanceof Tensor && size.dtype.base_dtype !== int32) throw new ValueError("'size' must be a 1-D int32 Tensor");
      try {
        sizeT = convert_to_tensor(size, { dtype: int32, name: 'size' });
      } catch (e) {
        if (e instanceof TFTypeError || e instanceof ValueError) throw new ValueError("'size' must be a 1-D int32 Tensor");
        throw e;
      }
      if (!sizeT.shape.is_compatible_with([2])) throw new ValueError("'size' must be a 1-D Tensor of 2 elements: new_height, new_width");
      let [newHeight, newWidth] = constantValueAsShape(sizeT).dims ?? [null, null];
      if (options.preserve_aspect_ratio) {
        const [, curH, curW] = imageDimensions(batch, 4);
        // TF casts the size's static values: a size known only at run time cannot preserve the aspect ratio.
        if (newHeight === null || newWidth === null) throw new ValueError('None values not supported.');
        const asFloat = (v: Int) => cast(v, float32);
        const scaleH = truediv(asFloat(newHeight), asFloat(curH), { name: 'truediv' });
        const scaleW = truediv(asFloat(newWidth), asFloat(curW), { name: 'truediv' });
        const scale = minimum(scaleH, scaleW);
        const scaledH = cast(round(multiply(scale, asFloat(curH), { name: 'mul' })), int32);
        const scaledW = cast(round(multiply(scale, asFloat(curW), { name: 'mul' })), int32);
        sizeT = stack([scaledH, scaledW], { name: 'size' });
        // TF's shape refiner evaluates this small constant subgraph: the same float32 arithmetic here.
        if (typeof curH === 'number' && typeof curW === 'number') {
          const f = Math.fround, s = Math.min(f(f(newHeight) / f(curH)), f(f(newWidth) / f(curW)));
          [newHeight, newWidth] = [roundHalfEven(f(s * curH)), roundHalfEven(f(s * curW))];
        } else {
          [newHeight, newWidth] = [null, null];
        }
      }
      if (newHeight !== null && newWidth !== null && height === newHeight && width === newWidth) return unbatch(batch, isBatch);
      const out = resizeOp(type, batch, sizeT, { align_corners: alignCorners });
      out.set_shape([null, newHeight, newWidth, null]);
      return unbatch(out, isBatch);
    });
  });
/** TF 1.15's tf.image.resize: resize_images. */
export const resize = resize_images;

/** Rounds half to even (TF's Round). */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

// ---- flips, transposes, rotations -------------------------------------------------------------

function flip(image: TensorLike, flipIndex: number, scopeName: string): Tensor {
  return opScope(null, scopeName, [image], () => {
    let x = convert_to_tensor(image, { name: 'image' });
    x = assertAtLeast3D(x);
    const n = x.shape.ndims;
    if (n === 3 || n === null) return fixFlipShape(x, reverse(x, [flipIndex]));
    if (n === 4) return reverse(x, [flipIndex + 1]);
    throw new ValueError("'image' must have either 3 or 4 dimensions.");
  });
}

/** Mirrors images along their width (ReverseV2 under `flip_left_right`). @example tf.image.flip_left_right(image) */
export const flip_left_right = pythonFunction('flip_left_right', ['image'], 1, function flip_left_right(image: TensorLike): Tensor { return flip(image, 1, 'flip_left_right'); });
/** Mirrors images along their height (ReverseV2 under `flip_up_down`). @example tf.image.flip_up_down(image) */
export const flip_up_down = pythonFunction('flip_up_down', ['image'], 1, function flip_up_down(image: TensorLike): Tensor { return flip(image, 0, 'flip_up_down'); });

function randomFlip(image: TensorLike, flipIndex: number, seed: number | null | undefined, scopeName: string): Tensor {
  return opScope(null, scopeName, [image], (scope) => {
    let x = convert_to_tensor(image, { name: 'image' });
    x = assertAtLeast3D(x);
    const n = x.shape.ndims;
    if (n === 3 || n === null) {
      const u = random_uniform([], { minval: 0, maxval: 1.0, seed });
      const mirror = less(u, 0.5);
      const img = x;
      const result = cond(mirror, () => reverse(img, [flipIndex]), () => img, { name: scope }) as Tensor;
      return fixFlipShape(x, result);
    }
    if (n === 4) {
      const batchSize = getitem(shapeOf(x), 0);
      const u = random_uniform(stack([batchSize]), { minval: 0, maxval: 1.0, seed });
      const flips = cast(round(reshape(u, [batchSize, 1, 1, 1])), x.dtype);
      const flipped = reverse(x, [flipIndex + 1]);
      const kept = multiply(flips, flipped, { name: 'mul' });
      return add(kept, multiply(subtract(1, flips, { name: 'sub' }), x, { name: 'mul' }), { name: 'add' });
    }
    throw new ValueError("'image' must have either 3 or 4 dimensions.");
  });
}
/**
 * Flips an image left to right with probability 1/2 (a cond on a uniform draw); each image of a batch on its own draw.
 * @example tf.image.random_flip_left_right(image, {seed: 1})
 */
export const random_flip_left_right = pythonFunction('random_flip_left_right', ['image', 'seed=None'], 1, function random_flip_left_right(image: TensorLike, options: { seed?: number | null } = {}): Tensor {
  return randomFlip(image, 1, options.seed, 'random_flip_left_right');
});
/** Flips an image upside down with probability 1/2. @example tf.image.random_flip_up_down(image) */
export const random_flip_up_down = pythonFunction('random_flip_up_down', ['image', 'seed=None'], 1, function random_flip_up_down(image: TensorLike, options: { seed?: number | null } = {}): Tensor {
  return randomFlip(image, 0, options.seed, 'random_flip_up_down');
});

/** Swaps height and width (Transpose under `transpose`); TF 1.15's tf.image.transpose and transpose_image. @example tf.image.transpose_image(image) */
export const transpose_image = pythonFunction('transpose_image', ['image', 'name=None'], 1, function transpose_image(image: TensorLike, options: NameOption = {}): Tensor {
  return opScope(options.name, 'transpose', [image], () => {
    let x = convert_to_tensor(image, { name: 'image' });
    x = assertAtLeast3D(x);
    const n = x.shape.ndims;
    if (n === 3 || n === null) return transpose(x, [1, 0, 2], { name: options.name ?? undefined });
    if (n === 4) return transpose(x, [0, 2, 1, 3], { name: options.name ?? undefined });
    throw new ValueError("'image' must have either 3 or 4 dimensions.");
  });
});

/**
 * Rotates images counter-clockwise by `k` quarter turns (a `case` on k mod 4 of reverses and transposes).
 * @example tf.image.rot90(image, 2)
 */
export const rot90 = pythonFunction('rot90', ['image', 'k=1', 'name=None'], 2, function rot90(image: TensorLike, k: TensorLike = 1, options: NameOption = {}): Tensor {
  return opScope(options.name, 'rot90', [image, k], (scope) => {
    let x = convert_to_tensor(image, { name: 'image' });
    x = assertAtLeast3D(x);
    let kT = convert_to_tensor(k, { dtype: int32, name: 'k' });
    kT.shape.with_rank(0);
    kT = mod(kT, 4);
    const n = x.shape.ndims;
    if (n === 3 || n === null) return rot90Of(x, kT, scope, 3);
    if (n === 4) return rot90Of(x, kT, scope, 4);
    throw new ValueError("'image' must have either 3 or 4 dimensions.");
  });
});

function rot90Of(image: Tensor, k: Tensor, scope: string, rank: 3 | 4): Tensor {
  const o = rank - 3; // the batch dimension's offset
  const perm = rank === 3 ? [1, 0, 2] : [0, 2, 1, 3];
  const result = case_([
    [equal(k, 1), () => transpose(reverse(image, [o + 1]), perm)],
    [equal(k, 2), () => reverse(image, [o, o + 1])],
    [equal(k, 3), () => reverse(transpose(image, perm), [o + 1])],
  ], { default: () => image, exclusive: true, name: scope }) as Tensor;
  // Every branch keeps the batch and channel sizes (TF's merged branch shapes).
  const d = image.shape.dims;
  if (rank === 3) result.set_shape([null, null, d?.[2] ?? null]);
  else result.set_shape([d?.[0] ?? null, null, null, d?.[3] ?? null]);
  return result;
}

// ---- crops and pads ---------------------------------------------------------------------------

/**
 * The `[target_height, target_width]` window of images at (offset_height, offset_width) (Slice under
 * `crop_to_bounding_box`, after TF's checks: ValueErrors for known values, Asserts for tensors).
 * @example tf.image.crop_to_bounding_box(image, 10, 20, 100, 100)
 */
export const crop_to_bounding_box = pythonFunction('crop_to_bounding_box', ['image', 'offset_height', 'offset_width', 'target_height', 'target_width'], 5,
  function crop_to_bounding_box(image: TensorLike, offset_height: Int, offset_width: Int, target_height: Int, target_width: Int): Tensor {
    return opScope(null, 'crop_to_bounding_box', [image], () => {
      const { images, isBatch } = asBatch(convert_to_tensor(image, { name: 'image' }));
      const asserts = checkAtLeast3D(images);
      const [batch, height, width, depth] = imageDimensions(images, 4);
      asserts.push(...assertThat(ge(offset_width, 0), 'offset_width must be >= 0.'));
      asserts.push(...assertThat(ge(offset_height, 0), 'offset_height must be >= 0.'));
      asserts.push(...assertThat(positive(target_width), 'target_width must be > 0.'));
      asserts.push(...assertThat(positive(target_height), 'target_height must be > 0.'));
      asserts.push(...assertThat(ge(width, sum(target_width, offset_width)), 'width must be >= target + offset.'));
      asserts.push(...assertThat(ge(height, sum(target_height, offset_height)), 'height must be >= target + offset.'));
      const checked = with_dependencies(asserts, images);
      const cropped = slice(checked, intStack([0, offset_height, offset_width, 0]), intStack([-1, target_height, target_width, -1]));
      cropped.set_shape([batch, target_height, target_width, depth].map((d) => (isTensor(d) ? null : d)));
      return unbatch(cropped, isBatch);
    });
  });

/**
 * Pads images with zeros to `[target_height, target_width]`, the image at (offset_height, offset_width)
 * (Pad under `pad_to_bounding_box`).
 * @example tf.image.pad_to_bounding_box(image, 2, 2, 36, 36)
 */
export const pad_to_bounding_box = pythonFunction('pad_to_bounding_box', ['image', 'offset_height', 'offset_width', 'target_height', 'target_width'], 5,
  function pad_to_bounding_box(image: TensorLike, offset_height: Int, offset_width: Int, target_height: Int, target_width: Int): Tensor {
    return opScope(null, 'pad_to_bounding_box', [image], () => {
      const { images, isBatch } = asBatch(convert_to_tensor(image, { name: 'image' }));
      const asserts = checkAtLeast3D(images);
      const [batch, height, width, depth] = imageDimensions(images, 4);
      const afterWidth = diff(diff(target_width, offset_width), width);
      const afterHeight = diff(diff(target_height, offset_height), height);
      asserts.push(...assertThat(ge(offset_height, 0), 'offset_height must be >= 0'));
      asserts.push(...assertThat(ge(offset_width, 0), 'offset_width must be >= 0'));
      asserts.push(...assertThat(ge(afterWidth, 0), 'width must be <= target - offset'));
      asserts.push(...assertThat(ge(afterHeight, 0), 'height must be <= target - offset'));
      const checked = with_dependencies(asserts, images);
      const paddings = reshape(intStack([0, 0, offset_height, afterHeight, offset_width, afterWidth, 0, 0]), [4, 2]);
      const padded = pad(checked, paddings);
      padded.set_shape([batch, target_height, target_width, depth].map((d) => (isTensor(d) ? null : d)));
      return unbatch(padded, isBatch);
    });
  });

const pyFloorDiv2 = (v: Int): Int => (isTensor(v) ? floordiv(v, 2, { name: 'floordiv' }) : Math.floor(v / 2));
const neg = (v: Int): Int => (isTensor(v) ? negative(v) : -v);
const max0 = (v: Int): Int => (isTensor(v) ? maximum(v, 0) : Math.max(v, 0));
const minOf = (a: Int, b: Int): Int => (isTensor(a) || isTensor(b) ? minimum(a, b) : Math.min(a, b));

/**
 * Centrally crops or zero-pads images to `[target_height, target_width]` (crop_to_bounding_box then
 * pad_to_bounding_box, under `resize_image_with_crop_or_pad`).
 * @example tf.image.resize_image_with_crop_or_pad(image, 32, 32)
 */
export const resize_image_with_crop_or_pad = pythonFunction('resize_image_with_crop_or_pad', ['image', 'target_height', 'target_width'], 3,
  function resize_image_with_crop_or_pad(image: TensorLike, target_height: Int, target_width: Int): Tensor {
    return opScope(null, 'resize_image_with_crop_or_pad', [image], () => {
      const { images, isBatch } = asBatch(convert_to_tensor(image, { name: 'image' }));
      const asserts = checkAtLeast3D(images);
      asserts.push(...assertThat(positive(target_width), 'target_width must be > 0.'));
      asserts.push(...assertThat(positive(target_height), 'target_height must be > 0.'));
      const checked = with_dependencies(asserts, images);
      // TF's own checks come first, so their messages are the ones seen.
      const targetH = isTensor(target_height) ? with_dependencies(asserts, target_height) : target_height;
      const targetW = isTensor(target_width) ? with_dependencies(asserts, target_width) : target_width;
      const [, height, width] = imageDimensions(checked, 4);
      const widthDiff = diff(targetW, width), heightDiff = diff(targetH, height);
      const cropped = crop_to_bounding_box(checked, max0(pyFloorDiv2(neg(heightDiff))), max0(pyFloorDiv2(neg(widthDiff))), minOf(targetH, height), minOf(targetW, width));
      let resized = pad_to_bounding_box(cropped, max0(pyFloorDiv2(heightDiff)), max0(pyFloorDiv2(widthDiff)), targetH, targetW);
      if (resized.shape.ndims === null) throw new ValueError('resized contains no shape.');
      const [, rh, rw] = imageDimensions(resized, 4);
      const eq = (a: Int, b: Int) => (isTensor(a) || isTensor(b) ? equal(a, b) : a === b);
      const post = [...assertThat(eq(rh, targetH), 'resized height is not correct.'), ...assertThat(eq(rw, targetW), 'resized width is not correct.')];
      resized = with_dependencies(post, resized);
      return unbatch(resized, isBatch);
    });
  });

/**
 * Resizes images to fit inside `[target_height, target_width]` keeping their aspect ratio (resize_images by
 * `method`), then zero-pads them centrally to that size, under `resize_image_with_pad`.
 * @example tf.image.resize_image_with_pad(image, 224, 224)
 */
export const resize_image_with_pad = pythonFunction('resize_image_with_pad', ['image', 'target_height', 'target_width', 'method=ResizeMethodV1.BILINEAR', 'align_corners=False'], 3,
  function resize_image_with_pad(image: TensorLike, target_height: Int, target_width: Int, options: { method?: ResizeImagesOptions['method']; align_corners?: boolean } = {}): Tensor {
    return opScope(null, 'resize_image_with_pad', [image], () => {
      const { images, isBatch } = asBatch(convert_to_tensor(image, { name: 'image' }));
      const asserts = checkAtLeast3D(images);
      asserts.push(...assertThat(positive(target_width), 'target_width must be > 0.'));
      asserts.push(...assertThat(positive(target_height), 'target_height must be > 0.'));
      const checked = with_dependencies(asserts, images);
      const [, height, width] = imageDimensions(checked, 4);
      const fH = cast(height, float32), fW = cast(width, float32), fTH = cast(target_height, float32), fTW = cast(target_width, float32);
      const ratio = maximum(truediv(fW, fTW, { name: 'truediv' }), truediv(fH, fTH, { name: 'truediv' }));
      const rhFloat = truediv(fH, ratio, { name: 'truediv' }), rwFloat = truediv(fW, ratio, { name: 'truediv' });
      const rh = cast(floor(rhFloat), int32), rw = cast(floor(rwFloat), int32);
      const padH = truediv(subtract(fTH, rhFloat, { name: 'sub' }), 2, { name: 'truediv' });
      const padW = truediv(subtract(fTW, rwFloat, { name: 'sub' }), 2, { name: 'truediv' });
      const fPadH = floor(padH), fPadW = floor(padW);
      const pH = maximum(0, cast(fPadH, int32)), pW = maximum(0, cast(fPadW, int32));
      const resized = resize_images(checked, stack([rh, rw]), { method: options.method, align_corners: options.align_corners });
      const padded = pad_to_bounding_box(resized, pH, pW, target_height, target_width);
      if (padded.shape.ndims === null) throw new ValueError('padded contains no shape.');
      imageDimensions(padded, 4);
      return unbatch(padded, isBatch);
    });
  });

/**
 * The central `central_fraction` of images along height and width (Slice under `central_crop`); a
 * fraction of 1 returns the image.
 * @example tf.image.central_crop(image, 0.5)
 */
export const central_crop = pythonFunction('central_crop', ['image', 'central_fraction'], 2, function central_crop(image: TensorLike, central_fraction: number): Tensor {
  return opScope(null, 'central_crop', [image], () => {
    let x = convert_to_tensor(image, { name: 'image' });
    if (central_fraction <= 0.0 || central_fraction > 1.0) throw new ValueError('central_fraction must be within (0, 1]');
    if (central_fraction === 1.0) return x;
    assertAtLeast3D(x);
    const rank = x.shape.ndims;
    if (rank !== 3 && rank !== 4) throw new ValueError(`\`image\` should either be a Tensor with rank = 3 or rank = 4. Had rank = ${rank === null ? 'None' : rank}.`);
    const o = rank - 3;
    const dim = (i: number): Int => x.shape.dims![i] ?? getitem(shapeOf(x), i);
    const [h, w] = [dim(o), dim(o + 1)];
    const start = (v: Int): Int => {
      if (isTensor(v)) {
        const vd = cast(v, float64);
        return cast(truediv(subtract(vd, multiply(vd, central_fraction, { name: 'mul' }), { name: 'sub' }), 2, { name: 'truediv' }), int32);
      }
      return Math.trunc((v - v * central_fraction) / 2);
    };
    const depth = x.shape.dims![o + 2], batch = x.shape.dims![0];
    const hs = start(h), ws = start(w);
    const twice = (v: Int): Int => (isTensor(v) ? multiply(v, 2, { name: 'mul' }) : v * 2);
    const hSize = diff(h, twice(hs)), wSize = diff(w, twice(ws));
    const begin = rank === 3 ? intStack([hs, ws, 0]) : intStack([0, hs, ws, 0]);
    const size = rank === 3 ? intStack([hSize, wSize, -1]) : intStack([-1, hSize, wSize, -1]);
    x = slice(x, begin, size);
    const known = (v: Int) => (isTensor(v) ? null : v);
    const inner = [known(hSize), known(wSize), depth];
    x.set_shape(rank === 3 ? inner : [batch, ...inner]);
    return x;
  });
});

// ---- dtype conversion, brightness, contrast ---------------------------------------------------

/** An integer dtype's max as a BigInt (int64's is past a double's precision). */
const intMax = (d: DType): bigint => (d === int64 ? 2n ** 63n - 1n : BigInt(d.max));

/**
 * Converts images between dtypes, scaling as TF does: floats are in [0, 1), integers in [0, MAX]; integer
 * to integer by a power-of-two factor, float to integer by MAX + 0.5 (saturating with `saturate`).
 * @example tf.image.convert_image_dtype(image_uint8, tf.float32)
 */
export const convert_image_dtype = pythonFunction('convert_image_dtype', ['image', 'dtype', 'saturate=False', 'name=None'], 2,
  function convert_image_dtype(image: TensorLike, dtype: DTypeLike, options: NameOption & { saturate?: boolean } = {}): Tensor {
    const x = convert_to_tensor(image, { name: 'image' });
    const to = as_dtype(dtype).base_dtype, from = x.dtype.base_dtype;
    if (!to.is_floating && !to.is_integer) throw new AttributeError('dtype must be either floating point or integer');
    if (to === from) return identity(x, { name: options.name ?? undefined });
    const saturate = options.saturate ?? false;
    return opScope(options.name, 'convert_image', [x], (scope) => {
      const castTo = (t: Tensor, name?: string) => (saturate ? saturate_cast(t, to, { name }) : cast(t, to, { name }));
      if (from.is_integer && to.is_integer) {
        const scaleIn = intMax(from), scaleOut = intMax(to);
        if (scaleIn > scaleOut) {
          const scaled = div(x, Number((scaleIn + 1n) / (scaleOut + 1n)));
          return castTo(scaled, scope);
        }
        return multiply(castTo(x), Number((scaleOut + 1n) / (scaleIn + 1n)), { name: scope });
      }
      if (from.is_floating && to.is_floating) return cast(x, to, { name: scope });
      if (from.is_integer) return multiply(cast(x, to), 1 / Number(intMax(from)), { name: scope });
      const scaled = multiply(x, Number(intMax(to)) + 0.5);
      return castTo(scaled, scope);
    });
  });

/** The image as float (half and float32 kept, others through convert_image_dtype to float32). */
const asFloatImage = (x: Tensor): Tensor => (x.dtype === float16 || x.dtype === float32 ? x : convert_image_dtype(x, float32));

/**
 * Adds `delta` to every value (on the [0, 1) float form of integer images), saturating back to the dtype.
 * @example tf.image.adjust_brightness(image, 0.2)
 */
export const adjust_brightness = pythonFunction('adjust_brightness', ['image', 'delta'], 2, function adjust_brightness(image: TensorLike, delta: TensorLike): Tensor {
  return opScope(null, 'adjust_brightness', [image, delta], (scope) => {
    const x = convert_to_tensor(image, { name: 'image' });
    const flt = asFloatImage(x);
    const adjusted = add(flt, cast(delta, flt.dtype), { name: scope });
    return convert_image_dtype(adjusted, x.dtype, { saturate: true });
  });
});

/**
 * Moves each channel of each image away from (or towards) its mean by `contrast_factor`
 * (AdjustContrastv2: `(x - mean) * factor + mean`).
 * @example tf.image.adjust_contrast(image, 2.0)
 */
export const adjust_contrast = pythonFunction('adjust_contrast', ['images', 'contrast_factor'], 2, function adjust_contrast(images: TensorLike, contrast_factor: TensorLike): Tensor {
  return opScope(null, 'adjust_contrast', [images, contrast_factor], (scope) => {
    const x = convert_to_tensor(images, { name: 'images' });
    const flt = asFloatImage(x);
    const f = convert_to_tensor(contrast_factor, { dtype: float32, name: 'contrast_factor' });
    const adjusted = makeOp('AdjustContrastv2', [flt, f], { T: typeAttr(flt) }, scope).outputs[0];
    return convert_image_dtype(adjusted, x.dtype, { saturate: true });
  });
});

/** adjust_brightness by a delta drawn uniformly from [-max_delta, max_delta). @example tf.image.random_brightness(image, 63 / 255) */
export const random_brightness = pythonFunction('random_brightness', ['image', 'max_delta', 'seed=None'], 2, function random_brightness(image: TensorLike, max_delta: number, options: { seed?: number | null } = {}): Tensor {
  if (max_delta < 0) throw new ValueError('max_delta must be non-negative.');
  const delta = random_uniform([], { minval: -max_delta, maxval: max_delta, seed: options.seed });
  return adjust_brightness(image, delta);
});

/** adjust_contrast by a factor drawn uniformly from [lower, upper). @example tf.image.random_contrast(image, 0.2, 1.8) */
export const random_contrast = pythonFunction('random_contrast', ['image', 'lower', 'upper', 'seed=None'], 3, function random_contrast(image: TensorLike, lower: number, upper: number, options: { seed?: number | null } = {}): Tensor {
  if (upper <= lower) throw new ValueError('upper must be > lower.');
  if (lower < 0) throw new ValueError('lower must be non-negative.');
  const factor = random_uniform([], { minval: lower, maxval: upper, seed: options.seed });
  return adjust_contrast(image, factor);
});

/**
 * Each image scaled to zero mean and unit variance: `(x - mean) / max(stddev, 1 / sqrt(num_pixels))`,
 * float32, the result named `per_image_standardization`.
 * @example tf.image.per_image_standardization(image)
 */
export const per_image_standardization = pythonFunction('per_image_standardization', ['image'], 1, function per_image_standardization(image: TensorLike): Tensor {
  return opScope(null, 'per_image_standardization', [image], (scope) => {
    let x = convert_to_tensor(image, { name: 'image' });
    x = assertAtLeast3D(x);
    const numPixels = reduce_prod(getitem(shapeOf(x), { start: -3 }));
    x = cast(x, float32);
    const mean = reduce_mean(x, [-1, -2, -3], { keepdims: true });
    const variance = relu(subtract(reduce_mean(square(x), [-1, -2, -3], { keepdims: true }), square(mean), { name: 'sub' }));
    const stddev = sqrt(variance);
    const minStddev = rsqrt(cast(numPixels, float32));
    const scale = maximum(stddev, minStddev);
    return div(subtract(x, mean), scale, { name: scope });
  });
});

// ---- colour spaces ----------------------------------------------------------------------------

/**
 * RGB images (last dimension 3) to grayscale (last dimension 1): the luma weights 0.2989, 0.5870, 0.1140 on
 * the float form, back in the images' dtype.
 * @example tf.image.rgb_to_grayscale(image)
 */
export const rgb_to_grayscale = pythonFunction('rgb_to_grayscale', ['images', 'name=None'], 1, function rgb_to_grayscale(images: TensorLike, options: NameOption = {}): Tensor {
  return opScope(options.name, 'rgb_to_grayscale', [images], (scope) => {
    const x = convert_to_tensor(images, { name: 'images' });
    const flt = convert_image_dtype(x, float32);
    const gray = expand_dims(tensordot(flt, [0.2989, 0.587, 0.114], [-1, -1]), -1);
    return convert_image_dtype(gray, x.dtype, { name: scope });
  });
});

/**
 * Grayscale images (last dimension 1) to RGB: the channel tiled three times.
 * @example tf.image.grayscale_to_rgb(gray)
 */
export const grayscale_to_rgb = pythonFunction('grayscale_to_rgb', ['images', 'name=None'], 1, function grayscale_to_rgb(images: TensorLike, options: NameOption = {}): Tensor {
  return opScope(options.name, 'grayscale_to_rgb', [images], (scope) => {
    let x = convert_to_tensor(images, { name: 'images' });
    const s = x.shape;
    if (s.ndims !== null && s.ndims < 2) throw new ValueError(`A grayscale image (shape ${s}) must be at least two-dimensional.`);
    let checks: Operation[] = [];
    if (s.is_fully_defined()) {
      if (s.dims![s.dims!.length - 1] !== 1) throw new ValueError('Last dimension of a grayscale image should be size 1.');
    } else {
      checks = [
        assert_equal(getitem(shapeOf(x), -1), 1, { message: 'Last dimension of a grayscale image should be size 1.' }),
        assert_greater_equal(rankOf(x), 3, { message: 'A grayscale image must be at least two-dimensional.' }),
      ];
    }
    x = with_dependencies(checks, x);
    const rank1 = expand_dims(subtract(rankOf(x), 1, { name: 'sub' }), 0);
    const multiples = concat([ones(rank1, int32), expand_dims(convert_to_tensor(3, { dtype: int32 }), 0)], 0);
    const rgb = tile(x, multiples, { name: scope });
    if (x.shape.ndims !== null) rgb.set_shape([...x.shape.dims!.slice(0, -1), 3]);
    return rgb;
  });
});

function colorOp(type: 'RGBToHSV' | 'HSVToRGB', images: TensorLike, name: string | null | undefined): Tensor {
  return opScope(name, type, [images], (scope) => {
    const x = convert_to_tensor(images, { name: 'images' });
    checkDtype(type, 'images', x, [float16, bfloat16, float32, float64]);
    return makeOp(type, [x], { T: typeAttr(x) }, scope).outputs[0];
  });
}
/** RGB to HSV (RGBToHSV), every value in [0, 1]; float images. @example tf.image.rgb_to_hsv(image) */
export const rgb_to_hsv = pythonFunction('rgb_to_hsv', ['images', 'name=None'], 1, function rgb_to_hsv(images: TensorLike, options: NameOption = {}): Tensor {
  return colorOp('RGBToHSV', images, options.name);
});
/** HSV to RGB (HSVToRGB); float images. @example tf.image.hsv_to_rgb(hsv) */
export const hsv_to_rgb = pythonFunction('hsv_to_rgb', ['images', 'name=None'], 1, function hsv_to_rgb(images: TensorLike, options: NameOption = {}): Tensor {
  return colorOp('HSVToRGB', images, options.name);
});

function hsvAdjust(type: 'AdjustSaturation' | 'AdjustHue', scopeName: string, argName: string, image: TensorLike, amount: TensorLike, name: string | null | undefined): Tensor {
  return opScope(name, scopeName, [image], () => {
    const x = convert_to_tensor(image, { name: 'image' });
    const flt = asFloatImage(x);
    const adjusted = opScope(null, type, [flt, amount], (s) => {
      const a = convert_to_tensor(amount, { dtype: float32, name: argName });
      return makeOp(type, [flt, a], { T: typeAttr(flt) }, s).outputs[0];
    });
    return convert_image_dtype(adjusted, x.dtype);
  });
}
/** Scales the saturation of RGB images by `saturation_factor` (AdjustSaturation, through HSV). @example tf.image.adjust_saturation(image, 0.5) */
export const adjust_saturation = pythonFunction('adjust_saturation', ['image', 'saturation_factor', 'name=None'], 2, function adjust_saturation(image: TensorLike, saturation_factor: TensorLike, options: NameOption = {}): Tensor {
  return hsvAdjust('AdjustSaturation', 'adjust_saturation', 'scale', image, saturation_factor, options.name);
});
/** Rotates the hue of RGB images by `delta` in [-1, 1] (AdjustHue, through HSV). @example tf.image.adjust_hue(image, 0.1) */
export const adjust_hue = pythonFunction('adjust_hue', ['image', 'delta', 'name=None'], 2, function adjust_hue(image: TensorLike, delta: TensorLike, options: NameOption = {}): Tensor {
  return hsvAdjust('AdjustHue', 'adjust_hue', 'delta', image, delta, options.name);
});

/** adjust_hue by a delta drawn uniformly from [-max_delta, max_delta), max_delta at most 0.5. @example tf.image.random_hue(image, 0.08) */
export const random_hue = pythonFunction('random_hue', ['image', 'max_delta', 'seed=None'], 2, function random_hue(image: TensorLike, max_delta: number, options: { seed?: number | null } = {}): Tensor {
  if (max_delta > 0.5) throw new ValueError('max_delta must be <= 0.5.');
  if (max_delta < 0) throw new ValueError('max_delta must be non-negative.');
  const delta = random_uniform([], { minval: -max_delta, maxval: max_delta, seed: options.seed });
  return adjust_hue(image, delta);
});
/** adjust_saturation by a factor drawn uniformly from [lower, upper). @example tf.image.random_saturation(image, 0.5, 1.5) */
export const random_saturation = pythonFunction('random_saturation', ['image', 'lower', 'upper', 'seed=None'], 3, function random_saturation(image: TensorLike, lower: number, upper: number, options: { seed?: number | null } = {}): Tensor {
  if (upper <= lower) throw new ValueError('upper must be > lower.');
  if (lower < 0) throw new ValueError('lower must be non-negative.');
  const factor = random_uniform([], { minval: lower, maxval: upper, seed: options.seed });
  return adjust_saturation(image, factor);
});

// ---- image statistics -------------------------------------------------------------------------

/**
 * The forward differences of 4-D images along height and width, `[dy, dx]`, zero in the last row (column).
 * @example const [dy, dx] = tf.image.image_gradients(images)
 */
export const image_gradients = pythonFunction('image_gradients', ['image'], 1, function image_gradients(image: TensorLike): [Tensor, Tensor] {
  const x = convert_to_tensor(image, { name: 'image' });
  if (x.shape.ndims !== 4) throw new ValueError(`image_gradients expects a 4D tensor [batch_size, h, w, d], not ${x.shape}.`);
  const imageShape = shapeOf(x);
  const [batchSize, height, width, depth] = unstack(imageShape);
  let dy = subtract(getitem(x, {}, { start: 1 }, {}, {}), getitem(x, {}, { stop: -1 }, {}, {}), { name: 'sub' });
  let dx = subtract(getitem(x, {}, {}, { start: 1 }, {}), getitem(x, {}, {}, { stop: -1 }, {}), { name: 'sub' });
  dy = reshape(concat([dy, zeros(stack([batchSize, 1, width, depth]), x.dtype)], 1), imageShape);
  dx = reshape(concat([dx, zeros(stack([batchSize, height, 1, depth]), x.dtype)], 2), imageShape);
  return [dy, dx];
});

/**
 * The total variation of images: the sum of absolute differences of neighbouring pixels (a scalar for one
 * 3-D image, one value per image of a 4-D batch).
 * @example tf.image.total_variation(images)
 */
export const total_variation = pythonFunction('total_variation', ['images', 'name=None'], 1, function total_variation(images: TensorLike, options: NameOption = {}): Tensor {
  return opScope(options.name, 'total_variation', [], () => {
    const x = convert_to_tensor(images, { name: 'images' });
    const n = x.shape.ndims;
    let d1: Tensor, d2: Tensor, axis: number[] | undefined;
    if (n === 3) {
      d1 = subtract(getitem(x, { start: 1 }, {}, {}), getitem(x, { stop: -1 }, {}, {}), { name: 'sub' });
      d2 = subtract(getitem(x, {}, { start: 1 }, {}), getitem(x, {}, { stop: -1 }, {}), { name: 'sub' });
    } else if (n === 4) {
      d1 = subtract(getitem(x, {}, { start: 1 }, {}, {}), getitem(x, {}, { stop: -1 }, {}, {}), { name: 'sub' });
      d2 = subtract(getitem(x, {}, {}, { start: 1 }, {}), getitem(x, {}, {}, { stop: -1 }, {}), { name: 'sub' });
      axis = [1, 2, 3];
    } else {
      throw new ValueError("'images' must be either 3 or 4-dimensional.");
    }
    return add(reduce_sum(abs(d1), axis), reduce_sum(abs(d2), axis), { name: 'add' });
  });
});

// ---- crop_and_resize --------------------------------------------------------------------------

export interface CropAndResizeOptions { box_ind?: TensorLike | null; crop_size?: TensorLike | null; method?: 'bilinear' | 'nearest'; extrapolation_value?: number; name?: string | null; box_indices?: TensorLike | null }

/**
 * Crops boxes out of a batch of images and resizes each to `crop_size` (CropAndResize, float32): `boxes`
 * rows `[y1, x1, y2, x2]` in normalized coordinates, `box_ind` (or `box_indices`) the image of each box;
 * samples outside the image take `extrapolation_value`. Differentiable in the image and the boxes.
 * @example tf.image.crop_and_resize(features, rois, box_ind, [7, 7])
 */
export const crop_and_resize = pythonFunction('crop_and_resize', ['image', 'boxes', 'box_ind=None', 'crop_size=None', "method='bilinear'", 'extrapolation_value=0', 'name=None', 'box_indices=None'], 4,
  function crop_and_resize(image: TensorLike, boxes: TensorLike, box_ind?: TensorLike | null, crop_size?: TensorLike | null, options: CropAndResizeOptions = {}): Tensor {
    const ind = box_ind ?? options.box_ind;
    if (ind != null && options.box_indices != null) throw new ValueError("Cannot specify both 'box_indices' and 'box_ind'");
    const indices = ind ?? options.box_indices;
    const size = crop_size ?? options.crop_size;
    if (indices == null) throw new TFTypeError("crop_and_resize() missing required argument: 'box_ind'");
    if (size == null) throw new TFTypeError("crop_and_resize() missing required argument: 'crop_size'");
    const method = options.method ?? 'bilinear';
    if (method !== 'bilinear' && method !== 'nearest') throw new ValueError(`method must be 'bilinear' or 'nearest', got '${method}'`);
    return opScope(options.name, 'CropAndResize', [image, boxes, indices, size], (scope) => {
      const x = convert_to_tensor(image, { name: 'image' });
      checkDtype('CropAndResize', 'image', x, CROP_TYPES);
      const b = convert_to_tensor(boxes, { dtype: float32, name: 'boxes' });
      const i = convert_to_tensor(indices, { dtype: int32, name: 'box_ind' });
      const c = convert_to_tensor(size, { dtype: int32, name: 'crop_size' });
      return makeOp('CropAndResize', [x, b, i, c], { T: typeAttr(x), method: { s: method }, extrapolation_value: { f: options.extrapolation_value ?? 0 } }, scope).outputs[0];
    });
  });

/**
 * Draws the outlines of boxes (`[batch, num_boxes, 4]` rows `[y_min, x_min, y_max, x_max]`, normalized) on a
 * batch of float images, one colour per box from TF's table (white on gray images) (DrawBoundingBoxes).
 * @example tf.summary.image('boxes', tf.image.draw_bounding_boxes(images, boxes))
 */
export const draw_bounding_boxes = pythonFunction('draw_bounding_boxes', ['images', 'boxes', 'name=None'], 2, function draw_bounding_boxes(images: TensorLike, boxes: TensorLike, options: NameOption = {}): Tensor {
  return opScope(options.name, 'DrawBoundingBoxes', [images, boxes], (scope) => {
    const x = convert_to_tensor(images, { name: 'images' });
    checkDtype('DrawBoundingBoxes', 'images', x, [float32, float16]);
    const b = convert_to_tensor(boxes, { dtype: float32, name: 'boxes' });
    return makeOp('DrawBoundingBoxes', [x, b], { T: typeAttr(x) }, scope).outputs[0];
  });
});

export interface SampleDistortedBoundingBoxOptions {
  seed?: number | null; seed2?: number | null; min_object_covered?: TensorLike; aspect_ratio_range?: readonly number[] | null;
  area_range?: readonly number[] | null; max_attempts?: number | null; use_image_if_no_bounding_boxes?: boolean | null; name?: string | null;
}

/**
 * A random crop of an image of `image_size` `[height, width, channels]` for data augmentation, as TF 1.15's
 * SampleDistortedBoundingBoxV2 draws it: an aspect ratio in `aspect_ratio_range`, an area fraction in
 * `area_range`, covering at least `min_object_covered` of one of `bounding_boxes` (`[batch, N, 4]`,
 * normalized `[y_min, x_min, y_max, x_max]`), the whole image after `max_attempts` failures. Returns
 * `[begin, size, bboxes]`: tf.slice's arguments and the crop as a `[1, 1, 4]` box.
 * @example const [begin, size] = tf.image.sample_distorted_bounding_box(tf.shape(image), boxes, {min_object_covered: 0.1})
 */
export const sample_distorted_bounding_box = pythonFunction('sample_distorted_bounding_box',
  ['image_size', 'bounding_boxes', 'seed=None', 'seed2=None', 'min_object_covered=0.1', 'aspect_ratio_range=None', 'area_range=None', 'max_attempts=None',
    'use_image_if_no_bounding_boxes=None', 'name=None'], 2,
  function sample_distorted_bounding_box(image_size: TensorLike, bounding_boxes: TensorLike, options: SampleDistortedBoundingBoxOptions = {}): [Tensor, Tensor, Tensor] {
    const pair = (v: readonly number[] | null | undefined, dflt: number[], what: string): number[] => {
      const r = v ?? dflt;
      if (r.length !== 2) throw new ValueError(`Attr '${what}' of 'SampleDistortedBoundingBoxV2' Op passed list of length ${r.length} less than minimum 2.`);
      return [...r];
    };
    const aspect = pair(options.aspect_ratio_range, [0.75, 1.33], 'aspect_ratio_range'), area = pair(options.area_range, [0.05, 1], 'area_range');
    return opScope(options.name, 'sample_distorted_bounding_box', [image_size, bounding_boxes], () => {
      const size = convert_to_tensor(image_size, { dtype: image_size instanceof Tensor ? undefined : int32, name: 'image_size' });
      checkDtype('SampleDistortedBoundingBoxV2', 'image_size', size, [uint8, int8, int16, int32, int64]);
      const boxes = convert_to_tensor(bounding_boxes, { dtype: float32, name: 'bounding_boxes' });
      const covered = convert_to_tensor(options.min_object_covered ?? 0.1, { dtype: float32, name: 'min_object_covered' });
      const op = makeOp('SampleDistortedBoundingBoxV2', [size, boxes, covered], {
        T: typeAttr(size), seed: { i: options.seed ?? 0 }, seed2: { i: options.seed2 ?? 0 },
        aspect_ratio_range: { list: { f: aspect } }, area_range: { list: { f: area } }, max_attempts: { i: options.max_attempts ?? 100 },
        use_image_if_no_bounding_boxes: { b: options.use_image_if_no_bounding_boxes ?? false },
      }, 'SampleDistortedBoundingBoxV2');
      return [op.outputs[0], op.outputs[1], op.outputs[2]];
    });
  });

// ---- YIQ and YUV, PSNR -------------------------------------------------------------------------

const RGB_TO_YIQ = [[0.299, 0.59590059, 0.2115], [0.587, -0.27455667, -0.52273617], [0.114, -0.32134392, 0.31119955]];
const YIQ_TO_RGB = [[1, 1, 1], [0.95598634, -0.27201283, -1.10674021], [0.6208248, -0.64720424, 1.70423049]];
const RGB_TO_YUV = [[0.299, -0.14714119, 0.61497538], [0.587, -0.28886916, -0.51496512], [0.114, 0.43601035, -0.10001026]];
const YUV_TO_RGB = [[1, 1, 1], [0, -0.394642334, 2.03206185], [1.13988303, -0.58062185, 0]];

/** The last dimension of `images` times a 3x3 `matrix` (TF's tensordot with its colour kernel). */
function colorMatrix(images: TensorLike, matrix: number[][]): Tensor {
  const x = convert_to_tensor(images, { name: 'images' });
  const kernel = convert_to_tensor(matrix, { dtype: x.dtype, name: 'kernel' });
  const n = x.shape.ndims;
  if (n === null) throw new ValueError(`Shape ${x.shape} must have a known rank.`);
  return tensordot(x, kernel, [[n - 1], [0]]);
}
/** RGB to YIQ (values in [0, 1]). @example tf.image.rgb_to_yiq(image) */
export const rgb_to_yiq = pythonFunction('rgb_to_yiq', ['images'], 1, function rgb_to_yiq(images: TensorLike): Tensor { return colorMatrix(images, RGB_TO_YIQ); });
/** YIQ to RGB. @example tf.image.yiq_to_rgb(yiq) */
export const yiq_to_rgb = pythonFunction('yiq_to_rgb', ['images'], 1, function yiq_to_rgb(images: TensorLike): Tensor { return colorMatrix(images, YIQ_TO_RGB); });
/** RGB to YUV (values in [0, 1]). @example tf.image.rgb_to_yuv(image) */
export const rgb_to_yuv = pythonFunction('rgb_to_yuv', ['images'], 1, function rgb_to_yuv(images: TensorLike): Tensor { return colorMatrix(images, RGB_TO_YUV); });
/** YUV to RGB. @example tf.image.yuv_to_rgb(yuv) */
export const yuv_to_rgb = pythonFunction('yuv_to_rgb', ['images'], 1, function yuv_to_rgb(images: TensorLike): Tensor { return colorMatrix(images, YUV_TO_RGB); });

/** TF's _verify_compatible_image_shapes: static checks, then Asserts on the shapes at run time. */
function compatibleImageChecks(a: Tensor, b: Tensor): Operation[] {
  const s1 = a.shape.with_rank_at_least(3), s2 = b.shape.with_rank_at_least(3);
  const d1 = s1.dims, d2 = s2.dims;
  const tail = (d: readonly Dim[] | null) => new TensorShape(d === null ? [null, null, null] : d.slice(-3));
  tail(d1).assert_is_compatible_with(tail(d2));
  if (d1 !== null && d2 !== null) {
    const r1 = d1.slice(0, -3).reverse(), r2 = d2.slice(0, -3).reverse();
    for (let i = 0; i < Math.min(r1.length, r2.length); i++) {
      if (!(r1[i] === 1 || r2[i] === 1 || r1[i] === null || r2[i] === null || r1[i] === r2[i])) throw new ValueError(`Two images are not compatible: ${s1} and ${s2}`);
    }
  }
  const [shape1, shape2] = shapeN([a, b]);
  return [
    Assert(greater_equal(size(shape1), 3), [shape1, shape2], { summarize: 10 }),
    Assert(reduce_all(equal(getitem(shape1, { start: -3 }), getitem(shape2, { start: -3 }))), [shape1, shape2], { summarize: 10 }),
  ];
}

/**
 * The peak signal-to-noise ratio of each image pair, `20 log10(max_val) - 10 log10(mse)` over the last three
 * dimensions, on the images' float32 form (`max_val` scaled alike).
 * @example tf.image.psnr(a, b, 255)
 */
export const psnr = pythonFunction('psnr', ['a', 'b', 'max_val', 'name=None'], 3, function psnr(a: TensorLike, b: TensorLike, max_val: TensorLike, options: NameOption = {}): Tensor {
  return opScope(options.name, 'PSNR', [a, b], (_scope, g) => {
    let x = convert_to_tensor(a, { name: 'a' }), y = convert_to_tensor(b, { name: 'b' });
    const maxVal = convert_image_dtype(cast(max_val, x.dtype), float32);
    x = convert_image_dtype(x, float32);
    y = convert_image_dtype(y, float32);
    const mse = reduce_mean(squared_difference(x, y), [-3, -2, -1]);
    const value = subtract(truediv(multiply(20, log(maxVal), { name: 'mul' }), log(10.0), { name: 'truediv' }),
      multiply(Math.fround(10 / Math.log(10)), log(mse), { name: 'mul' }), { name: 'psnr' });
    const checks = compatibleImageChecks(x, y);
    return g.control_dependencies(checks, () => identity(value));
  });
});

const SSIM_K1 = 0.01, SSIM_K2 = 0.03;

/** TF's _fspecial_gauss: a normalized `size`x`size` Gaussian kernel `[size, size, 1, 1]` (through softmax). */
function gaussianKernel(size: Tensor, sigma: Tensor): Tensor {
  let coords = cast(range(size), sigma.dtype);
  coords = subtract(coords, truediv(cast(subtract(size, 1, { name: 'sub' }), sigma.dtype), 2.0, { name: 'truediv' }), { name: 'sub' });
  let g = square(coords);
  g = multiply(g, truediv(-0.5, square(sigma), { name: 'truediv' }), { name: 'mul' });
  g = add(reshape(g, [1, -1]), reshape(g, [-1, 1]), { name: 'add' });
  g = softmax(reshape(g, [1, -1]));
  return reshape(g, stack([size, size, 1, 1]));
}

/** TF's _ssim_per_channel: the SSIM and contrast-structure of each channel, over 11x11 Gaussian windows. */
function ssimPerChannel(img1: Tensor, img2: Tensor, maxVal: Tensor): Tensor {
  const filterSize = constant(11, { dtype: int32 }), filterSigma = constant(1.5, { dtype: img1.dtype });
  const [shape1, shape2] = shapeN([img1, img2]);
  const checks = [
    Assert(reduce_all(greater_equal(getitem(shape1, { start: -3, stop: -1 }), filterSize)), [shape1, filterSize], { summarize: 8 }),
    Assert(reduce_all(greater_equal(getitem(shape2, { start: -3, stop: -1 }), filterSize)), [shape2, filterSize], { summarize: 8 }),
  ];
  const x = img1.graph.control_dependencies(checks, () => identity(img1));
  let kernel = gaussianKernel(filterSize, filterSigma);
  kernel = tile(kernel, stack([1, 1, getitem(shape1, -1), 1]));
  const reducer = (t: Tensor): Tensor => {
    const s = shapeOf(t);
    const flat4 = reshape(t, concat([constant([-1], { dtype: int32 }), getitem(s, { start: -3 })], 0));
    const y = depthwise_conv2d(flat4, kernel, { strides: [1, 1, 1, 1], padding: 'VALID' });
    return reshape(y, concat([getitem(s, { stop: -3 }), getitem(shapeOf(y), { start: 1 })], 0));
  };
  const c1 = square(multiply(SSIM_K1, maxVal, { name: 'mul' })), c2 = square(multiply(SSIM_K2, maxVal, { name: 'mul' }));
  // Luminance (2 mu_x mu_y + c1) / (mu_x^2 + mu_y^2 + c1); contrast-structure (2 cov_xy + c2) / (cov_xx + cov_yy + c2).
  const mean0 = reducer(x), mean1 = reducer(img2);
  const num0 = multiply(multiply(mean0, mean1, { name: 'mul' }), 2.0, { name: 'mul' });
  const den0 = add(square(mean0), square(mean1), { name: 'add' });
  const luminance = truediv(add(num0, c1, { name: 'add' }), add(den0, c1, { name: 'add' }), { name: 'truediv' });
  const num1 = multiply(reducer(multiply(x, img2, { name: 'mul' })), 2.0, { name: 'mul' });
  const den1 = reducer(add(square(x), square(img2), { name: 'add' }));
  const cs = truediv(add(subtract(num1, num0, { name: 'sub' }), c2, { name: 'add' }), add(subtract(den1, den0, { name: 'sub' }), c2, { name: 'add' }), { name: 'truediv' });
  const axes = constant([-3, -2], { dtype: int32 });
  return reduce_mean(multiply(luminance, cs, { name: 'mul' }), axes);
}

/**
 * The structural similarity of each image pair (mean over channels of SSIM on 11x11 Gaussian windows,
 * sigma 1.5, k1 0.01, k2 0.03), on the images' float32 form; images at least 11x11.
 * @example tf.image.ssim(a, b, 1.0)
 */
export const ssim = pythonFunction('ssim', ['img1', 'img2', 'max_val'], 3, function ssim(img1: TensorLike, img2: TensorLike, max_val: TensorLike): Tensor {
  let a = convert_to_tensor(img1, { name: 'img1' }), b = convert_to_tensor(img2, { name: 'img2' });
  const checks = compatibleImageChecks(a, b);
  const first = a;
  a = a.graph.control_dependencies(checks, () => identity(first));
  const maxVal = convert_image_dtype(cast(max_val, a.dtype), float32);
  a = convert_image_dtype(a, float32);
  b = convert_image_dtype(b, float32);
  return reduce_mean(ssimPerChannel(a, b, maxVal), [-1]);
});

/**
 * Whether `contents` starts like a JPEG file (its first three bytes FF D8 FF).
 * @example tf.image.is_jpeg(tf.read_file(path))
 */
export const is_jpeg = pythonFunction('is_jpeg', ['contents', 'name=None'], 1, function is_jpeg(contents: TensorLike, options: NameOption = {}): Tensor {
  return opScope(options.name, 'is_jpeg', [contents], () => {
    const head = substr(contents, 0, 3);
    return equal(head, NDArray.fromStrings([Uint8Array.from([0xff, 0xd8, 0xff])], []), { name: options.name ?? undefined });
  });
});

// ---- non-maximum suppression ------------------------------------------------------------------

type NmsOptions = NameOption & { iou_threshold?: TensorLike; score_threshold?: TensorLike };

function nmsInputs(boxes: TensorLike, scores: TensorLike, maxOutputSize: TensorLike, o: NmsOptions): Tensor[] {
  const iou = convert_to_tensor(o.iou_threshold ?? 0.5, { dtype: float32, name: 'iou_threshold' });
  const score = convert_to_tensor(o.score_threshold ?? -Infinity, { dtype: float32, name: 'score_threshold' });
  const b = convert_to_tensor(boxes, { name: 'boxes' });
  checkDtype('NonMaxSuppressionV3', 'boxes', b, [float16, float32]);
  const s = convert_to_tensor(scores, { dtype: b.dtype, name: 'scores' });
  const m = convert_to_tensor(maxOutputSize, { dtype: int32, name: 'max_output_size' });
  return [b, s, m, iou, score];
}

/**
 * Greedy non-maximum suppression: the indices of the highest-scoring boxes (`[y1, x1, y2, x2]` rows), each
 * kept only if its IoU with every box kept before is at most `iou_threshold` and its score above
 * `score_threshold`, at most `max_output_size` of them (NonMaxSuppressionV3).
 * @example const keep = tf.image.non_max_suppression(boxes, scores, 10, {iou_threshold: 0.5})
 */
export const non_max_suppression = pythonFunction('non_max_suppression', ['boxes', 'scores', 'max_output_size', 'iou_threshold=0.5', "score_threshold=float('-inf')", 'name=None'], 3,
  function non_max_suppression(boxes: TensorLike, scores: TensorLike, max_output_size: TensorLike, options: NmsOptions = {}): Tensor {
    return opScope(options.name, 'non_max_suppression', [], () => {
      const inputs = nmsInputs(boxes, scores, max_output_size, options);
      return makeOp('NonMaxSuppressionV3', inputs, { T: typeAttr(inputs[0]) }, 'NonMaxSuppressionV3').outputs[0];
    });
  });

/**
 * non_max_suppression that also returns how many indices are valid, `[selected_indices, valid_outputs]`;
 * with `pad_to_max_output_size` the indices are zero-padded to `max_output_size` (NonMaxSuppressionV4).
 * @example const [keep, n] = tf.image.non_max_suppression_padded(boxes, scores, 10, {pad_to_max_output_size: true})
 */
export const non_max_suppression_padded = pythonFunction('non_max_suppression_padded',
  ['boxes', 'scores', 'max_output_size', 'iou_threshold=0.5', "score_threshold=float('-inf')", 'pad_to_max_output_size=False', 'name=None'], 3,
  function non_max_suppression_padded(boxes: TensorLike, scores: TensorLike, max_output_size: TensorLike, options: NmsOptions & { pad_to_max_output_size?: boolean } = {}): [Tensor, Tensor] {
    return opScope(options.name, 'non_max_suppression_padded', [], () => {
      const inputs = nmsInputs(boxes, scores, max_output_size, options);
      const op = makeOp('NonMaxSuppressionV4', inputs, { T: typeAttr(inputs[0]), pad_to_max_output_size: { b: options.pad_to_max_output_size ?? false } }, 'NonMaxSuppressionV4');
      return [op.outputs[0], op.outputs[1]];
    });
  });

/**
 * non_max_suppression on a given `[num_boxes, num_boxes]` matrix of overlaps instead of boxes' IoU: a box is
 * dropped when its overlap with one kept before exceeds `overlap_threshold` (NonMaxSuppressionWithOverlaps).
 * @example tf.image.non_max_suppression_overlaps(overlaps, scores, 10, {overlap_threshold: 0.7})
 */
export const non_max_suppression_overlaps = pythonFunction('non_max_suppression_overlaps',
  ['overlaps', 'scores', 'max_output_size', 'overlap_threshold=0.5', "score_threshold=float('-inf')", 'name=None'], 3,
  function non_max_suppression_overlaps(overlaps: TensorLike, scores: TensorLike, max_output_size: TensorLike, options: NameOption & { overlap_threshold?: TensorLike; score_threshold?: TensorLike } = {}): Tensor {
    return opScope(options.name, 'non_max_suppression_overlaps', [], () => {
      const threshold = convert_to_tensor(options.overlap_threshold ?? 0.5, { dtype: float32, name: 'overlap_threshold' });
      return opScope(null, 'NonMaxSuppressionWithOverlaps', [overlaps, scores], (scope) => {
        const o = convert_to_tensor(overlaps, { dtype: float32, name: 'overlaps' });
        const s = convert_to_tensor(scores, { dtype: float32, name: 'scores' });
        const m = convert_to_tensor(max_output_size, { dtype: int32, name: 'max_output_size' });
        const st = convert_to_tensor(options.score_threshold ?? -Infinity, { dtype: float32, name: 'score_threshold' });
        return makeOp('NonMaxSuppressionWithOverlaps', [o, s, m, threshold, st], {}, scope).outputs[0];
      });
    });
  });

// ---- PNG --------------------------------------------------------------------------------------

/**
 * Decodes a PNG (a scalar string) to a `[height, width, channels]` uint8 or uint16 image: every colour
 * type, bit depth, filter and interlacing; `channels` 0 keeps the file's, 1 converts to gray, 3 to RGB, 4 adds alpha.
 * @example tf.image.decode_png(tf.read_file('cat.png'), {channels: 3})
 */
export const decode_png = pythonFunction('decode_png', ['contents', 'channels=0', "dtype=tf.uint8", 'name=None'], 1,
  function decode_png(contents: TensorLike, options: NameOption & { channels?: number; dtype?: DTypeLike } = {}): Tensor {
    const dtype = as_dtype(options.dtype ?? uint8).base_dtype;
    if (dtype !== uint8 && dtype !== uint16) throw new TFTypeError(`Value passed to parameter 'dtype' has DataType ${dtype.name} not in list of allowed values: uint8, uint16`);
    return opScope(options.name, 'DecodePng', [contents], (scope) => {
      const c = convert_to_tensor(contents, { dtype: stringDtype, name: 'contents' });
      return makeOp('DecodePng', [c], { channels: { i: options.channels ?? 0 }, dtype: { type: dtype } }, scope).outputs[0];
    });
  });

/**
 * Decodes a GIF (a scalar string) to a uint8 `[num_frames, height, width, 3]` RGB tensor as TF 1.15 does
 * with giflib: the canvas is the largest frame, the first frame must fill it, a smaller later frame is drawn
 * over a copy of the one before (transparency and disposal are not applied). JPEG and PNG data decode too,
 * to a 3-D `[height, width, 3]` image, as in TF.
 * @example tf.image.decode_gif(tf.read_file('anim.gif'))
 */
export const decode_gif = pythonFunction('decode_gif', ['contents', 'name=None'], 1,
  function decode_gif(contents: TensorLike, options: NameOption = {}): Tensor {
    return opScope(options.name, 'DecodeGif', [contents], (scope) => {
      const c = convert_to_tensor(contents, { dtype: stringDtype, name: 'contents' });
      return makeOp('DecodeGif', [c], {}, scope).outputs[0];
    });
  });

/**
 * Decodes an uncompressed BMP (8-, 24- or 32-bit pixels, bottom-up or top-down rows) to a uint8
 * `[height, width, channels]` image, BGR(A) reordered to RGB(A); `channels` 0 takes the file's.
 * @example tf.image.decode_bmp(tf.read_file('picture.bmp'))
 */
export const decode_bmp = pythonFunction('decode_bmp', ['contents', 'channels=0', 'name=None'], 1, function decode_bmp(contents: TensorLike, options: NameOption & { channels?: number } = {}): Tensor {
  return opScope(options.name, 'DecodeBmp', [contents], (scope) => {
    const c = convert_to_tensor(contents, { dtype: stringDtype, name: 'contents' });
    return makeOp('DecodeBmp', [c], { channels: { i: options.channels ?? 0 } }, scope).outputs[0];
  });
});

/**
 * Encodes a `[height, width, channels]` uint8 or uint16 image (1 to 4 channels) as PNG bytes, zlib
 * `compression` 0 to 9 (-1: the default).
 * @example tf.write_file('out.png', tf.image.encode_png(image))
 */
export const encode_png = pythonFunction('encode_png', ['image', 'compression=-1', 'name=None'], 1,
  function encode_png(image: TensorLike, options: NameOption & { compression?: number } = {}): Tensor {
    return opScope(options.name, 'EncodePng', [image], (scope) => {
      const x = convert_to_tensor(image, { name: 'image' });
      checkDtype('EncodePng', 'image', x, [uint8, uint16]);
      return makeOp('EncodePng', [x], { compression: { i: options.compression ?? -1 }, T: typeAttr(x) }, scope).outputs[0];
    });
  });

