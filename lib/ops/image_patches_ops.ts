/**
 * tf.extract_image_patches (TF's ExtractImagePatches): the ksizes patches of each image, `strides` apart and
 * sampled every `rates` pixels, flattened into the depth of one output pixel each ([batch, out_rows, out_cols,
 * ksize_rows * ksize_cols * depth]); its gradient sums each patch entry back into the pixel it came from.
 */
import { Operation, Tensor, registerGradient, registerOp } from '../framework/graph';
import { int64 } from '../framework/dtypes';
import { ValueError } from '../framework/errors';
import { Padding, window2D } from '../framework/window';
import { pythonFunction } from '../framework/python_signature';
import { TensorLike, convert_to_tensor, makeOp, opScope } from './op_builder';
import { dtypeOfInput } from './schema_util';
import { shapeError } from './shape_fns';
import { getitem, reshape, shape as shapeOf, transpose } from './array_ops';
import { range, unsorted_segment_sum } from './math_ops';

function attrList(op: Operation, name: string): number[] {
  const v = op.get_attr(name) as number[];
  if (!Array.isArray(v) || v.length !== 4) throw shapeError(op, `ExtractImagePatches requires the ${name} attribute to contain 4 values, but got: ${Array.isArray(v) ? v.length : 0}`);
  return v;
}

registerOp({
  type: 'ExtractImagePatches',
  outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => {
    const [k, s, r] = ['ksizes', 'strides', 'rates'].map((n) => attrList(op, n));
    if (k[0] !== 1 || k[3] !== 1 || s[0] !== 1 || s[3] !== 1 || r[0] !== 1 || r[3] !== 1) {
      throw shapeError(op, 'ExtractImagePatches is only supported across rows and cols (ksizes, strides and rates must be 1 in the batch and depth dimensions)');
    }
    const x = op.inputs[0].shape;
    if (x.ndims !== null && x.ndims !== 4) throw shapeError(op, `Shape must be rank 4 but is rank ${x.ndims}`);
    if (x.dims === null) return [[null, null, null, null]];
    const [b, rows, cols, depth] = x.dims;
    const padding = String(op.get_attr('padding')) as Padding;
    const out = (n: number | null, i: 1 | 2) => {
      if (n === null) return null;
      try { return window2D(i === 1 ? n : 1, i === 2 ? n : 1, i === 1 ? k[1] : 1, i === 2 ? k[2] : 1, [s[1], s[2]], [r[1], r[2]], padding)[i === 1 ? 'outH' : 'outW']; } catch (e) { throw shapeError(op, (e as Error).message); }
    };
    return [[b, out(rows, 1), out(cols, 2), depth === null ? null : k[1] * k[2] * depth]];
  },
});

// The patches of an image of its pixel numbers (1 + row * cols + col; 0 where a patch entry is padding) say which
// pixel each output entry came from: the gradient is the sum of the output gradient's entries per pixel (TF's
// _ExtractImagePatchesGrad computes the same sum as a sparse matmul).
registerGradient('ExtractImagePatches', (op, [grad]) => {
  const x = op.inputs[0];
  const [, rowsIn, colsIn] = x.shape.dims ?? [];
  const out = op.outputs[0].shape.dims ?? [];
  if (rowsIn === null || rowsIn === undefined || colsIn === null || colsIn === undefined || out[1] === null || out[2] === null) {
    throw new ValueError(`The gradient of ExtractImagePatches needs known rows and cols, got input ${x.shape} and output ${op.outputs[0].shape}`);
  }
  const [, kr, kc] = op.get_attr('ksizes') as number[];
  const pixels = rowsIn * colsIn;
  const inputShape = shapeOf(x);
  const batch = getitem(inputShape, 0), channels = getitem(inputShape, 3);
  const idx = reshape(range(1, pixels + 1, 1, { dtype: int64 }), [1, rowsIn, colsIn, 1]);
  const patched = makeOp('ExtractImagePatches', [idx], {
    T: { type: int64 }, ksizes: op.attrs.get('ksizes')!, strides: op.attrs.get('strides')!, rates: op.attrs.get('rates')!, padding: op.attrs.get('padding')!,
  }, 'ExtractImagePatches').outputs[0];
  const segments = reshape(patched, [-1]);
  // [rows_out, cols_out, kr, kc, batch, channels] flattened to one row per patch entry.
  const perEntry = reshape(transpose(reshape(grad!, [batch, out[1]!, out[2]!, kr, kc, channels]), [1, 2, 3, 4, 0, 5]), [-1, batch, channels]);
  const summed = unsorted_segment_sum(perEntry, segments, pixels + 1);
  const pixelsGrad = reshape(getitem(summed, { start: 1 }), [rowsIn, colsIn, batch, channels]);
  return [transpose(pixelsGrad, [2, 0, 1, 3])];
});

export interface ExtractImagePatchesOptions { name?: string | null; sizes?: readonly number[] | null }

/**
 * The patches of `images` ([batch, rows, cols, depth]): `ksizes`, `strides` and `rates` are [1, r, c, 1]; padding
 * 'SAME' or 'VALID'. TF 1.15's later name of ksizes, `sizes`, is taken too.
 * @example tf.extract_image_patches(images, [1, 3, 3, 1], [1, 1, 1, 1], [1, 1, 1, 1], 'VALID')
 */
export const extract_image_patches = pythonFunction('extract_image_patches', ['images', 'ksizes=None', 'strides=None', 'rates=None', 'padding=None', 'name=None', 'sizes=None'], 5, function extract_image_patches(images: TensorLike, ksizes: readonly number[] | null | undefined, strides: readonly number[], rates: readonly number[], padding: Padding, options: ExtractImagePatchesOptions = {}): Tensor {
  if (ksizes && options.sizes) throw new ValueError("Cannot specify both 'sizes' and 'ksizes'");
  const k = ksizes ?? options.sizes;
  if (!k || !strides || !rates || !padding) throw new ValueError('extract_image_patches needs ksizes (or sizes), strides, rates and padding');
  if (padding !== 'SAME' && padding !== 'VALID') throw new ValueError(`padding must be 'SAME' or 'VALID', got ${JSON.stringify(padding)}`);
  return opScope(options.name, 'ExtractImagePatches', [images], (scope) => {
    const t = convert_to_tensor(images, { name: 'images' });
    return makeOp('ExtractImagePatches', [t], {
      T: { type: t.dtype.base_dtype }, ksizes: { list: { i: [...k] } }, strides: { list: { i: [...strides] } }, rates: { list: { i: [...rates] } }, padding: { s: padding },
    }, scope).outputs[0];
  });
});
