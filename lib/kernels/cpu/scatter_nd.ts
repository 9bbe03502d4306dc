/**
 * Reference CPU kernels for the N-d scatters into a copy (TensorScatter*) and into a variable
 * (ScatterNd*); GatherNd and ScatterNd are in sparse.ts. Indices address the leading `indices.shape[-1]` dimensions.
 */
import { FailedPreconditionError, InvalidArgumentError } from '../../framework/errors';
import { shapeString } from '../../framework/tensor_shape';
import { NDArray } from '../../framework/ndarray';
import { registerKernel, RefValue } from '../registry';
import { copyElements, spanSize, stridesOf } from './indexing';

const invalid = (message: string) => new InvalidArgumentError(null, null, message);

/** TF's SliceDebugString: the position `flat` of an index tuple within `shape` (indices.shape[:-1]). */
function slicePosition(shape: readonly number[], flat: number): string {
  if (shape.length === 0) return '';
  const strides = stridesOf(shape);
  return `[${shape.map((d, i) => Math.floor(flat / strides[i]) % d).join(',')}]`;
}

/**
 * The flat offset into `target` (in slices of `target.shape[k:]`) of each index tuple, or TF's error
 * for a tuple outside `target` (`what`: how TF names the target shape in that error).
 */
function sliceOffsets(indices: NDArray, target: readonly number[], what: string): { offsets: Float64Array; sliceSize: number; outer: number[] } {
  if (indices.ndim < 1) throw invalid(`indices must be at least a vector, got shape ${shapeString(indices.shape)}`);
  const k = indices.shape[indices.ndim - 1];
  if (k > target.length) {
    throw invalid(`index innermost dimension length must be <= params rank; saw: ${k} vs. ${target.length}`);
  }
  const outer = indices.shape.slice(0, -1), n = spanSize(outer, 0);
  const sliceSize = spanSize(target, k), strides = stridesOf(target.slice(0, k));
  const offsets = new Float64Array(n), v = indices.values;
  for (let i = 0; i < n; i++) {
    let off = 0;
    for (let d = 0; d < k; d++) {
      const c = Number(v[i * k + d]);
      if (c < 0 || c >= target[d]) {
        const tuple = Array.from({ length: k }, (_, j) => Number(v[i * k + j])).join(', ');
        throw invalid(`indices${slicePosition(outer, i)} = [${tuple}] does not index into ${what} ${shapeString(target)}`);
      }
      off += c * strides[d];
    }
    offsets[i] = off;
  }
  return { offsets, sliceSize, outer };
}

/** TF's ValidateUpdateShape: updates.shape must be indices.shape[:-1] + target.shape[indices.shape[-1]:]. */
function checkUpdates(indices: NDArray, updates: NDArray, target: readonly number[], what: string): void {
  const k = indices.shape[indices.ndim - 1], outer = indices.shape.slice(0, -1);
  const expected = [...outer, ...target.slice(k)];
  if (updates.ndim !== expected.length || updates.shape.some((d, i) => d !== expected[i])) {
    throw invalid(`Must have updates.shape = indices.shape[:batch_dim] + ${what}_shape[slice_dim:], got updates.shape: ${shapeString(updates.shape)}, indices.shape: ${shapeString(indices.shape)}, ${what}_shape: ${shapeString(target)}`);
  }
}

type Combine = (old: number, update: number) => number;

/** `base` (copied) with `updates` combined in at `indices`; `combine` null replaces (any dtype). */
function scatterInto(base: NDArray, indices: NDArray, updates: NDArray, combine: Combine | null, what: string): NDArray {
  checkUpdates(indices, updates, base.shape, what);
  const { offsets, sliceSize } = sliceOffsets(indices, base.shape, 'shape');
  const out = new NDArray(base.dtype, base.shape, base.data.slice() as typeof base.data);
  if (combine === null) {
    for (let i = 0; i < offsets.length; i++) copyElements(out, offsets[i] * sliceSize, updates, i * sliceSize, sliceSize);
    return out;
  }
  const o = out.values, u = updates.values;
  for (let i = 0; i < offsets.length; i++) {
    const at = offsets[i] * sliceSize;
    for (let j = 0; j < sliceSize; j++) o[at + j] = combine(o[at + j], u[i * sliceSize + j]);
  }
  return out;
}

const add: Combine = (a, b) => a + b, sub: Combine = (a, b) => a - b;

for (const [type, combine] of [['TensorScatterUpdate', null], ['TensorScatterAdd', add], ['TensorScatterSub', sub]] as const) {
  registerKernel(type, 'CPU', (ctx) => [scatterInto(ctx.input(0), ctx.input(1), ctx.input(2), combine, 'params')]);
}

for (const [type, combine] of [['ScatterNdUpdate', null], ['ScatterNdAdd', add], ['ScatterNdSub', sub]] as const) {
  registerKernel(type, 'CPU', (ctx) => {
    const slot = ctx.ref(0);
    if (!slot.value) throw new FailedPreconditionError(null, null, `Attempting to use uninitialized parameters: ${slot.name}`);
    // A new array, so values fetched earlier never change behind the caller's back.
    slot.value = scatterInto(slot.value, ctx.input(1), ctx.input(2), combine, 'params');
    return [new RefValue(slot)];
  });
}
