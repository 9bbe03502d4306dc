/**
 * Reference CPU kernels of the stack and TensorArray ops: each run of a StackV2 or TensorArrayV3 node
 * makes a new stack or array in the session, named by its handle; the other ops act on the one their
 * handle names.
 */
import { InvalidArgumentError } from '../../framework/errors';
import { DType, float32, int32, int64 } from '../../framework/dtypes';
import { NDArray } from '../../framework/ndarray';
import { TensorShape } from '../../framework/tensor_shape';
import { KernelContext, registerKernel, resourceHandle, resourceKey, sessionTable } from '../registry';
import { binaryMap } from './broadcast';
import { copyElements, spanSize } from './indexing';

/** The handle key of a resource made by `ctx`'s op: one per execution (a creator inside a loop makes one per frame and iteration). */
function executionKey(ctx: KernelContext): string {
  return ctx.frame.name ? `${ctx.op.name};${ctx.frame.name}:${ctx.frame.iteration}` : ctx.op.name;
}

interface Stack { readonly name: string; readonly elemType: DType; readonly maxSize: number; readonly values: NDArray[]; closed: boolean }
const stacks = sessionTable<Stack>();

function stackOf(ctx: KernelContext): Stack {
  const key = resourceKey(ctx.input(0));
  const s = stacks(ctx.session).get(key);
  if (!s || s.closed) throw new InvalidArgumentError(ctx.op, ctx.op, `Stack ${key} does not exist or has been closed (it is made by running its StackV2 op in the same step)`);
  return s;
}

registerKernel('StackV2', 'CPU', (ctx) => {
  const key = executionKey(ctx);
  const name = String(ctx.attr('stack_name')) || ctx.op.name;
  stacks(ctx.session).set(key, { name, elemType: ctx.attr('elem_type') as DType, maxSize: Number(ctx.input(0).item()), values: [], closed: false });
  return [resourceHandle(key)];
});

registerKernel('StackPushV2', 'CPU', (ctx) => {
  const s = stackOf(ctx);
  const elem = ctx.input(1);
  if (elem.dtype !== s.elemType) throw new InvalidArgumentError(ctx.op, ctx.op, `Stack[${s.name}] holds ${s.elemType.name} values; cannot push a ${elem.dtype.name} value`);
  if (s.maxSize >= 0 && s.values.length >= s.maxSize) throw new InvalidArgumentError(ctx.op, ctx.op, `Stack[${s.name}] overflowed its max_size (${s.maxSize})`);
  s.values.push(elem);
  return [elem];
});

registerKernel('StackPopV2', 'CPU', (ctx) => {
  const s = stackOf(ctx);
  const v = s.values.pop();
  if (!v) throw new InvalidArgumentError(ctx.op, ctx.op, `Stack[${s.name}] is empty.`);
  return [v];
});

registerKernel('StackCloseV2', 'CPU', (ctx) => {
  const key = resourceKey(ctx.input(0));
  stacks(ctx.session).delete(key);
  return [];
});

// ---- TensorArrays -------------------------------------------------------------------------------

interface TensorArrayState {
  readonly name: string;
  readonly dtype: DType;
  /** The element shape (dims null where unknown; null when the rank is unknown). */
  elementShape: (number | null)[] | null;
  readonly identicalShapes: boolean;
  readonly dynamicSize: boolean;
  readonly clearAfterRead: boolean;
  /** Gradient arrays: writes to one index add up. */
  readonly aggregate: boolean;
  readonly elements: { value: NDArray | null; cleared: boolean }[];
  /** Gradient arrays of this one, by gradient source. */
  readonly grads: Map<string, string>;
}
const arrays = sessionTable<TensorArrayState>();

function arrayOf(ctx: KernelContext): TensorArrayState {
  const key = resourceKey(ctx.input(0));
  const ta = arrays(ctx.session).get(key);
  if (!ta) throw new InvalidArgumentError(ctx.op, ctx.op, `TensorArray ${key} does not exist or has already been closed (it is made by running its TensorArrayV3 op in the same step)`);
  return ta;
}

const shapeText = (s: readonly (number | null)[] | null) => (s === null ? '<unknown>' : `[${s.map((d) => (d === null ? '?' : d)).join(',')}]`);
const fullyDefined = (s: (number | null)[] | null): s is number[] => s !== null && s.every((d) => d !== null);
const compatible = (a: readonly number[], s: (number | null)[] | null) => s === null || (a.length === s.length && s.every((d, i) => d === null || d === a[i]));

function indexIn(ctx: KernelContext, ta: TensorArrayState, i: number, verb: 'read from' | 'write to'): void {
  if (i < 0) throw new InvalidArgumentError(ctx.op, ctx.op, `TensorArray ${ta.name}: Tried to ${verb} index ${i} but the index is negative`);
}

function writeElement(ctx: KernelContext, ta: TensorArrayState, i: number, value: NDArray): void {
  indexIn(ctx, ta, i, 'write to');
  if (value.dtype !== ta.dtype) throw new InvalidArgumentError(ctx.op, ctx.op, `TensorArray dtype is ${ta.dtype.name} but Op is trying to write dtype ${value.dtype.name}.`);
  if (i >= ta.elements.length) {
    if (!ta.dynamicSize) throw new InvalidArgumentError(ctx.op, ctx.op, `TensorArray ${ta.name}: Tried to write to index ${i} but array is not resizeable and size is: ${ta.elements.length}`);
    while (ta.elements.length <= i) ta.elements.push({ value: null, cleared: false });
  }
  if (!compatible(value.shape, ta.elementShape)) {
    throw new InvalidArgumentError(ctx.op, ctx.op, `Could not write to TensorArray index ${i} because the value shape is [${value.shape}] which is incompatible with the TensorArray's inferred element shape: ${shapeText(ta.elementShape)} (consider setting infer_shape=False).`);
  }
  // With identical element shapes the first write fixes the shape of all.
  if (ta.identicalShapes && !fullyDefined(ta.elementShape)) ta.elementShape = [...value.shape];
  const slot = ta.elements[i];
  if (slot.value !== null || slot.cleared) {
    if (!ta.aggregate) throw new InvalidArgumentError(ctx.op, ctx.op, `TensorArray ${ta.name}: Could not write to TensorArray index ${i} because it has already been written to.`);
    if (slot.value !== null) {
      if (slot.value.shape.join() !== value.shape.join()) {
        throw new InvalidArgumentError(ctx.op, ctx.op, `TensorArray ${ta.name}: Could not aggregate to TensorArray index ${i} because the existing shape is [${slot.value.shape}] but the new input shape is [${value.shape}].`);
      }
      slot.value = binaryMap(slot.value, value, ta.dtype, (a, b) => a + b);
      return;
    }
  }
  slot.value = value;
  slot.cleared = false;
}

function readElement(ctx: KernelContext, ta: TensorArrayState, i: number): NDArray {
  indexIn(ctx, ta, i, 'read from');
  if (i >= ta.elements.length) throw new InvalidArgumentError(ctx.op, ctx.op, `TensorArray ${ta.name}: Tried to read from index ${i} but array size is: ${ta.elements.length}`);
  const slot = ta.elements[i];
  if (slot.cleared) throw new InvalidArgumentError(ctx.op, ctx.op, `TensorArray ${ta.name}: Could not read index ${i} twice because it was cleared after a previous read (perhaps try setting clear_after_read = false?)`);
  let v = slot.value;
  if (v === null) {
    // An element never written (a gradient nothing flowed into) reads as zeros when its shape is known.
    if (!fullyDefined(ta.elementShape)) {
      throw new InvalidArgumentError(ctx.op, ctx.op, `TensorArray ${ta.name}: Could not read from TensorArray index ${i}.  Furthermore, the element shape is not fully defined: ${shapeText(ta.elementShape)}.  It is possible you are working with a resizeable TensorArray and stop_gradients is not allowing the gradients to be written.  If you set the full element_shape property on the forward TensorArray, the proper all-zeros tensor will be returned instead of incurring this error.`);
    }
    v = new NDArray(ta.dtype, ta.elementShape);
  }
  if (ta.clearAfterRead) { slot.value = null; slot.cleared = true; }
  return v;
}

/** Stacks equally shaped arrays along a new first dimension (`empty`: the element shape when there are none). */
function stackElements(ctx: KernelContext, ta: TensorArrayState, values: NDArray[], empty: (number | null)[] | null): NDArray {
  if (values.length === 0) {
    if (!fullyDefined(empty)) throw new InvalidArgumentError(ctx.op, ctx.op, `TensorArray has size zero, but element shape ${shapeText(empty)} is not fully defined. Currently only static shapes are supported when packing zero-size TensorArrays.`);
    return new NDArray(ta.dtype, [0, ...empty]);
  }
  const shape = values[0].shape;
  values.forEach((v, i) => {
    if (v.shape.join() !== shape.join()) throw new InvalidArgumentError(ctx.op, ctx.op, `TensorArray has inconsistent shapes.  Index 0 has shape: [${shape}] but index ${i} has shape: [${v.shape}]`);
  });
  const out = new NDArray(ta.dtype, [values.length, ...shape]);
  const n = values[0].size;
  values.forEach((v, i) => copyElements(out, i * n, v, 0, n));
  return out;
}

/** Rows [start, start + count) of `value` along its first dimension. */
function rows(value: NDArray, start: number, count: number): NDArray {
  const inner = spanSize(value.shape, 1);
  const out = new NDArray(value.dtype, [count, ...value.shape.slice(1)]);
  copyElements(out, 0, value, start * inner, count * inner);
  return out;
}

const indexList = (t: NDArray) => Array.from(t.values, Number);

registerKernel('TensorArrayV3', 'CPU', (ctx) => {
  const key = executionKey(ctx);
  const size = Number(ctx.input(0).item());
  if (size < 0) throw new InvalidArgumentError(ctx.op, ctx.op, `Size should be >= 0, got: ${size}`);
  const shape = ctx.attr('element_shape') as TensorShape;
  arrays(ctx.session).set(key, {
    name: String(ctx.attr('tensor_array_name')) || ctx.op.name, dtype: ctx.attr('dtype') as DType,
    elementShape: shape.dims === null ? null : [...shape.dims], identicalShapes: ctx.attr('identical_element_shapes') === true,
    dynamicSize: ctx.attr('dynamic_size') === true, clearAfterRead: ctx.attr('clear_after_read') === true, aggregate: false,
    elements: Array.from({ length: size }, () => ({ value: null, cleared: false })), grads: new Map(),
  });
  return [resourceHandle(key), NDArray.from(0, float32)];
});

registerKernel('TensorArrayGradV3', 'CPU', (ctx) => {
  const ta = arrayOf(ctx);
  const source = String(ctx.attr('source'));
  const forwardKey = resourceKey(ctx.input(0));
  let key = ta.grads.get(source);
  if (!key) {
    key = `${forwardKey}@${source}`;
    ta.grads.set(source, key);
    arrays(ctx.session).set(key, {
      name: `${ta.name}@${source}`, dtype: ta.dtype, elementShape: ta.elementShape, identicalShapes: ta.identicalShapes,
      dynamicSize: false, clearAfterRead: true, aggregate: true,
      elements: ta.elements.map(() => ({ value: null, cleared: false })), grads: new Map(),
    });
  }
  return [resourceHandle(key), ctx.input(1)];
});

registerKernel('TensorArrayWriteV3', 'CPU', (ctx) => {
  writeElement(ctx, arrayOf(ctx), Number(ctx.input(1).item()), ctx.input(2));
  return [ctx.input(3)];
});

registerKernel('TensorArrayReadV3', 'CPU', (ctx) => [readElement(ctx, arrayOf(ctx), Number(ctx.input(1).item()))]);

registerKernel('TensorArrayGatherV3', 'CPU', (ctx) => {
  const ta = arrayOf(ctx);
  const values = indexList(ctx.input(1)).map((i) => readElement(ctx, ta, i));
  const attrShape = ctx.attr('element_shape') as TensorShape;
  return [stackElements(ctx, ta, values, ta.elementShape ?? (attrShape.dims === null ? null : [...attrShape.dims]))];
});

registerKernel('TensorArrayScatterV3', 'CPU', (ctx) => {
  const ta = arrayOf(ctx);
  const indices = indexList(ctx.input(1)), value = ctx.input(2);
  if (value.ndim === 0 || value.shape[0] !== indices.length) {
    throw new InvalidArgumentError(ctx.op, ctx.op, `Expected len(indices) == values.shape[0], but saw: ${indices.length} vs. ${value.ndim === 0 ? 'a scalar' : value.shape[0]}`);
  }
  indices.forEach((i, k) => writeElement(ctx, ta, i, rows(value, k, 1).reshape(value.shape.slice(1))));
  return [ctx.input(3)];
});

registerKernel('TensorArrayConcatV3', 'CPU', (ctx) => {
  const ta = arrayOf(ctx);
  const values = ta.elements.map((_, i) => readElement(ctx, ta, i));
  const lengths = new NDArray(int64, [values.length]);
  values.forEach((v, i) => {
    if (v.ndim === 0) throw new InvalidArgumentError(ctx.op, ctx.op, `Concat saw a scalar shape at index ${i} but requires at least vectors.  Did you mean to call stack() instead?`);
    (lengths.values as Float64Array)[i] = v.shape[0];
  });
  if (values.length === 0) {
    const except0 = ctx.attr('element_shape_except0') as TensorShape;
    if (!except0.is_fully_defined()) throw new InvalidArgumentError(ctx.op, ctx.op, `TensorArray has size zero, but element_shape_except0 ${except0} is not fully defined. Currently only static shapes are supported when concatenating zero-size TensorArrays.`);
    return [new NDArray(ta.dtype, [0, ...except0.toNumbers()]), lengths];
  }
  const rest = values[0].shape.slice(1);
  values.forEach((v, i) => {
    if (v.shape.slice(1).join() !== rest.join()) throw new InvalidArgumentError(ctx.op, ctx.op, `TensorArray has inconsistent shapes.  Index 0 has (excepting dimension 0) shape: [${rest}] but index ${i} has (excepting dimension 0) shape: [${v.shape.slice(1)}]`);
  });
  const total = values.reduce((n, v) => n + v.shape[0], 0);
  const out = new NDArray(ta.dtype, [total, ...rest]);
  let offset = 0;
  for (const v of values) { copyElements(out, offset, v, 0, v.size); offset += v.size; }
  return [out, lengths];
});

registerKernel('TensorArraySplitV3', 'CPU', (ctx) => {
  const ta = arrayOf(ctx);
  const value = ctx.input(1), lengths = indexList(ctx.input(2));
  if (value.ndim === 0) throw new InvalidArgumentError(ctx.op, ctx.op, 'Expected value to be at least a vector, but received shape: []');
  const sum = lengths.reduce((a, b) => a + b, 0);
  if (sum !== value.shape[0]) throw new InvalidArgumentError(ctx.op, ctx.op, `Expected sum of lengths to be equal to values.shape[0], but sum of lengths is ${sum} and value's shape is: [${value.shape}]`);
  if (!ta.dynamicSize && lengths.length !== ta.elements.length) {
    throw new InvalidArgumentError(ctx.op, ctx.op, `TensorArray's size is not equal to the size of lengths (${lengths.length} vs. ${ta.elements.length}), and the TensorArray is not marked as dynamically resizeable`);
  }
  let start = 0;
  lengths.forEach((l, i) => { writeElement(ctx, ta, i, rows(value, start, l)); start += l; });
  return [ctx.input(3)];
});

registerKernel('TensorArraySizeV3', 'CPU', (ctx) => [NDArray.from(arrayOf(ctx).elements.length, int32)]);

registerKernel('TensorArrayCloseV3', 'CPU', (ctx) => {
  arrays(ctx.session).delete(resourceKey(ctx.input(0)));
  return [];
});
