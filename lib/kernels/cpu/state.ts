/**
 * Reference CPU kernels for variables: the variable node hands out its session slot; assigns write it.
 */
import { bool } from '../../framework/dtypes';
import { FailedPreconditionError, InvalidArgumentError, OutOfRangeError } from '../../framework/errors';
import { Operation } from '../../framework/graph';
import { TensorShape, sameShape, shapeString } from '../../framework/tensor_shape';
import { NDArray } from '../../framework/ndarray';
import { registerKernel, RefValue } from '../registry';
import { binaryMap, unaryMap } from './broadcast';

/**
 * What VariableV2/Assign need from their op that only changes when the graph does: kept per op so a
 * run (a restore assigns thousands of variables) does not redo attr conversion and shape checks.
 * Each entry remembers the attr and shape objects it was derived from (attrs.set / set_shape replace
 * them), so an edited op is re-read rather than served stale.
 */
interface StaticInfo {
  readonly attr: unknown;
  readonly shape: TensorShape;
  /** VariableV2: the slot name; Assign: whether shapes are validated. */
  readonly name: string;
  readonly validate: boolean;
  /** The declared shape's dims when fully defined, else null. */
  readonly dims: readonly number[] | null;
}

const variableInfo = new WeakMap<Operation, StaticInfo>();
const assignInfo = new WeakMap<Operation, StaticInfo>();

function fullDims(shape: TensorShape): readonly number[] | null {
  return shape.is_fully_defined() ? shape.toNumbers() : null;
}

for (const type of ['VariableV2', 'Variable'] as const) {
  registerKernel(type, 'CPU', (ctx) => {
    const op = ctx.op, out = op.outputs[0];
    const attr = op.attrs.get('shared_name');
    let info = variableInfo.get(op);
    if (!info || info.attr !== attr || info.shape !== out.shape) {
      const shared = attr !== undefined ? String(ctx.attr('shared_name')) : '';
      info = { attr, shape: out.shape, name: shared || op.name, validate: true, dims: fullDims(out.shape) };
      variableInfo.set(op, info);
    }
    const slot = ctx.session.variable(info.name);
    // A variable re-created (cell re-run) with another dtype or shape starts uninitialized, as a new one would.
    const v = slot.value;
    if (v && (v.dtype !== out.dtype.base_dtype || (info.dims !== null && !sameShape(info.dims, v.shape)))) slot.value = null;
    return [new RefValue(slot)];
  });
}

registerKernel('Assign', 'CPU', (ctx) => {
  const slot = ctx.ref(0), value = ctx.input(1);
  const op = ctx.op, declared = op.inputs[0].shape;
  const attr = op.attrs.get('validate_shape');
  let info = assignInfo.get(op);
  if (!info || info.attr !== attr || info.shape !== declared) {
    const validate = attr === undefined || ctx.attr('validate_shape') === true;
    info = { attr, shape: declared, name: '', validate, dims: fullDims(declared) };
    assignInfo.set(op, info);
  }
  if (info.validate) {
    const lhs = slot.value?.shape ?? info.dims;
    if (lhs && !sameShape(lhs, value.shape)) {
      throw new InvalidArgumentError(null, null, `Assign requires shapes of both tensors to match. lhs shape= ${shapeString(lhs)} rhs shape= ${shapeString(value.shape)}`);
    }
  }
  slot.value = value;
  return [new RefValue(slot)];
});

for (const [type, sign] of [['AssignAdd', 1], ['AssignSub', -1]] as const) {
  registerKernel(type, 'CPU', (ctx) => {
    const slot = ctx.ref(0), update = ctx.input(1);
    if (!slot.value) throw new FailedPreconditionError(null, null, `Attempting to use uninitialized parameters: ${slot.name}`);
    const same = slot.value.shape.length === update.shape.length && slot.value.shape.every((d, i) => d === update.shape[i]);
    if (!same) {
      throw new InvalidArgumentError(null, null, `Parameters and update must be the same size: ${shapeString(slot.value.shape)} vs ${shapeString(update.shape)}`);
    }
    // A new array, so values fetched earlier never change behind the caller's back.
    slot.value = binaryMap(slot.value, update, slot.value.dtype, (x, y) => x + sign * y);
    return [new RefValue(slot)];
  });
}

registerKernel('IsVariableInitialized', 'CPU', (ctx) => [NDArray.from(ctx.ref(0).value !== null, bool)]);

registerKernel('CountUpTo', 'CPU', (ctx) => {
  const slot = ctx.ref(0);
  const limit = ctx.attr('limit') as number;
  const before = slot.value;
  if (!before) throw new FailedPreconditionError(null, null, `Attempting to use uninitialized parameters: ${slot.name}`);
  if (before.size !== 1) throw new InvalidArgumentError(null, null, `input is not a scalar: ${shapeString(before.shape)}`);
  if (before.values[0] >= limit) throw new OutOfRangeError(null, null, `Reached limit of ${limit}`);
  // A new array: the value returned keeps the count from before this increment.
  slot.value = unaryMap(before, (v) => v + 1);
  return [before];
});

/** How each Scatter* op combines a variable's element with its update. */
const SCATTER_COMBINE = {
  ScatterUpdate: (_v: number, u: number) => u,
  ScatterAdd: (v: number, u: number) => v + u,
  ScatterSub: (v: number, u: number) => v - u,
  ScatterMul: (v: number, u: number) => v * u,
  ScatterDiv: (v: number, u: number) => v / u,
  ScatterMin: (v: number, u: number) => Math.min(v, u),
  ScatterMax: (v: number, u: number) => Math.max(v, u),
} as const;

/** Scatter*: rows of the variable picked by `indices` take (or combine with) `updates`. */
for (const [type, combine] of Object.entries(SCATTER_COMBINE) as [keyof typeof SCATTER_COMBINE, (v: number, u: number) => number][]) {
  registerKernel(type, 'CPU', (ctx) => {
    const slot = ctx.ref(0), indices = ctx.input(1), updates = ctx.input(2);
    const params = slot.value;
    if (!params) throw new FailedPreconditionError(null, null, `Attempting to use uninitialized parameters: ${slot.name}`);
    const rows = params.shape[0] ?? 1, rowSize = params.size / Math.max(rows, 1), n = indices.size;
    const scalarUpdate = updates.shape.length === 0;
    if (!scalarUpdate && updates.size !== n * rowSize) {
      throw new InvalidArgumentError(null, null, `Must have updates.shape = indices.shape + params.shape[1:] or updates.shape = [], got updates.shape ${shapeString(updates.shape)}, indices.shape ${shapeString(indices.shape)}, params.shape ${shapeString(params.shape)}`);
    }
    // A new array, so values fetched earlier never change behind the caller's back.
    const out = new NDArray(params.dtype, params.shape, params.values.slice());
    const dst = out.values, src = updates.values, idx = indices.values;
    // Integer variables (int64 is held in doubles) truncate a quotient, as C++'s integer division does.
    const step = params.dtype.is_integer ? (v: number, u: number) => Math.trunc(combine(v, u)) : combine;
    for (let i = 0; i < n; i++) {
      const row = idx[i];
      if (row < 0 || row >= rows) throw new InvalidArgumentError(null, null, `indices[${i}] = ${row} is not in [0, ${rows})`);
      for (let j = 0; j < rowSize; j++) {
        const u = src[scalarUpdate ? 0 : i * rowSize + j];
        dst[row * rowSize + j] = step(dst[row * rowSize + j], u);
      }
    }
    slot.value = out;
    return [new RefValue(slot)];
  });
}
