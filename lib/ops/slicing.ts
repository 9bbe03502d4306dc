/**
 * Strided-slice planning shared by StridedSlice's shape function and its kernels: turns a sparse slice
 * spec (begin/end/strides plus the five masks) into one `(begin, stride, length)` per input dimension
 * and the final output shape, following TF's ValidateStridedSliceOp.
 */
import { Dim } from '../framework/tensor_shape';
import { ValueError } from '../framework/errors';

export interface StridedSliceMasks {
  begin_mask: number;
  end_mask: number;
  ellipsis_mask: number;
  new_axis_mask: number;
  shrink_axis_mask: number;
}

/** How one input dimension is read: `length` elements from `begin` stepping by `stride` (null: unknown). */
export interface SliceDim { begin: number; stride: number; length: Dim }

export interface StridedSlicePlan {
  /** One entry per input dimension. */
  dims: SliceDim[];
  /** Output shape after new axes are inserted and shrunk axes removed. */
  shape: Dim[];
}

/** Raised with TF's message text; callers wrap it in their own error class. */
export class SliceSpecError extends Error {}

const bit = (mask: number, i: number) => (mask & (1 << i)) !== 0;

/** A slice of one dimension of size `size` (null when unknown at build time). */
function sliceOneDim(size: Dim, begin: number, end: number, stride: number, beginMasked: boolean, endMasked: boolean): SliceDim {
  if (size === null) return { begin: NaN, stride, length: null };
  const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
  const [lo, hi] = stride > 0 ? [0, size] : [-1, size - 1];
  const canonical = (v: number) => clamp(v < 0 ? v + size : v, lo, hi);
  const b = beginMasked ? (stride > 0 ? 0 : size - 1) : canonical(begin);
  const e = endMasked ? (stride > 0 ? size : -1) : canonical(end);
  const length = stride > 0 ? Math.max(0, Math.ceil((e - b) / stride)) : Math.max(0, Math.ceil((b - e) / -stride));
  return { begin: b, stride, length };
}

export function planStridedSlice(
  inputShape: readonly Dim[], begin: readonly number[], end: readonly number[], strides: readonly number[], masks: StridedSliceMasks,
): StridedSlicePlan {
  const n = begin.length;
  if (end.length !== n || strides.length !== n) {
    throw new SliceSpecError(`Expected begin, end, and strides to be 1D equal size tensors, but got shapes [${n}], [${end.length}], and [${strides.length}] instead.`);
  }
  const rank = inputShape.length;
  let ellipses = 0, consuming = 0;
  for (let i = 0; i < n; i++) {
    if (bit(masks.ellipsis_mask, i)) ellipses++;
    else if (!bit(masks.new_axis_mask, i)) consuming++;
  }
  if (ellipses > 1) throw new SliceSpecError('Multiple ellipses in slice spec not allowed');
  const dims: SliceDim[] = [], shape: Dim[] = [];
  const full = (d: number) => { const size = inputShape[d]; dims.push({ begin: 0, stride: 1, length: size }); shape.push(size); };
  let inDim = 0;
  for (let i = 0; i < n; i++) {
    if (bit(masks.ellipsis_mask, i)) {
      for (let k = 0; k < rank - consuming; k++) full(inDim++);
      continue;
    }
    if (bit(masks.new_axis_mask, i)) { shape.push(1); continue; }
    if (inDim >= rank) throw new SliceSpecError(`Index out of range using input dim ${inDim}; input has only ${rank} dims`);
    const size = inputShape[inDim];
    if (strides[i] === 0) throw new SliceSpecError(`strides[${i}] must be non-zero`);
    if (bit(masks.shrink_axis_mask, i)) {
      const idx = size !== null && begin[i] < 0 ? begin[i] + size : begin[i];
      if (size !== null && (idx < 0 || idx >= size)) throw new SliceSpecError(`slice index ${begin[i]} of dimension ${inDim} out of bounds.`);
      dims.push({ begin: size === null && begin[i] < 0 ? NaN : idx, stride: 1, length: 1 });
    } else {
      const d = sliceOneDim(size, begin[i], end[i], strides[i], bit(masks.begin_mask, i), bit(masks.end_mask, i));
      dims.push(d);
      shape.push(d.length);
    }
    inDim++;
  }
  // Dimensions the spec does not mention are taken whole (an implicit trailing ellipsis).
  while (inDim < rank) full(inDim++);
  return { dims, shape };
}

/** The extent of dimension i of a Slice, checked against the input size when known. */
export function sliceExtent(d: Dim, begin: number, size: number, i: number): Dim {
  if (d === null) return size === -1 ? null : size;
  if (begin < 0 || begin > d) throw new ValueError(`Expected begin[${i}] in [0, ${d}], but got ${begin}`);
  const extent = size === -1 ? d - begin : size;
  if (extent < 0 || begin + extent > d) throw new ValueError(`Expected size[${i}] in [0, ${d - begin}], but got ${size}`);
  return extent;
}

/** The five mask attrs of a StridedSlice op. */
export function stridedSliceMasks(get: (name: string) => unknown): StridedSliceMasks {
  const m = (n: string) => Number(get(n) ?? 0);
  return { begin_mask: m('begin_mask'), end_mask: m('end_mask'), ellipsis_mask: m('ellipsis_mask'), new_axis_mask: m('new_axis_mask'), shrink_axis_mask: m('shrink_axis_mask') };
}

