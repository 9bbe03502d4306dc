/**
 * Helpers shared by the shape functions of the op families: TF-style shape errors, constant
 * folding of shape tensors, and axis normalisation.
 */
import { Operation, Tensor } from '../framework/graph';
import { ValueError } from '../framework/errors';
import { Dim, TensorShape } from '../framework/tensor_shape';
import { constantValue } from './schema_util';
import { NDArray, castNDArray } from '../framework/ndarray';

/** TF's graph-construction error: `<message> for '<node>' (op: '<type>') with input shapes: [2,3], [1].` */
export function shapeError(op: Operation, message: string): ValueError {
  const shapes = op.inputs.map((t) => t.shape.debugString()).join(', ');
  return new ValueError(`${message} for '${op.name}' (op: '${op.type}') with input shapes: ${shapes}.`);
}

/** Runs a shape computation, turning plain ValueErrors (from shape merging) into TF's annotated form. */
export function withShapeContext<R>(op: Operation, fn: () => R): R {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ValueError && !e.message.includes(" (op: '")) throw shapeError(op, e.message.replace(/\.$/, ''));
    throw e;
  }
}

/** The value of `t` when known at build time: Const and static Shape (registry), and Casts of those. */
export function foldedConstant(t: Tensor): NDArray | null {
  if (t.op.type === 'Cast') {
    const v = foldedConstant(t.op.inputs[0]);
    return v && castNDArray(v, t.dtype);
  }
  return constantValue(t);
}

/** The values of a constant numeric tensor as plain numbers, or null when not known at build time. */
export function constantInts(t: Tensor): number[] | null {
  const v = foldedConstant(t);
  return v && v.dtype.storage !== 'string' ? Array.from(v.values) : null;
}

/** A constant scalar integer input, or null. */
export function constantScalar(t: Tensor): number | null {
  const v = constantInts(t);
  return v && v.length === 1 ? v[0] : null;
}

/**
 * The static shape a 1-D shape tensor describes (TF's MakeShapeFromShapeTensor): known values of Const,
 * Shape, Pack and ConcatV2 producers are folded; -1 and unknowns become unknown dims.
 */
export function constantValueAsShape(t: Tensor): TensorShape {
  const op = t.op;
  if (op.type === 'Shape') return op.inputs[0].shape;
  if (op.type === 'Pack') {
    return new TensorShape(op.inputs.map((x) => { const v = constantScalar(x); return v === null || v < 0 ? null : v; }));
  }
  if (op.type === 'ConcatV2') {
    let out = new TensorShape([]);
    for (const x of op.inputs.slice(0, -1)) out = out.concatenate(constantValueAsShape(x));
    return out;
  }
  const v = constantInts(t);
  if (v) return new TensorShape(v.map((d) => (d < 0 ? null : d)));
  const len = t.shape.dims?.[0];
  return new TensorShape(t.shape.ndims === 1 && len !== null && len !== undefined ? Array<Dim>(len).fill(null) : null);
}

/** Checks a static rank: TF's `Shape must be rank N but is rank M`. */
export function checkRank(op: Operation, t: Tensor, rank: number): void {
  if (t.shape.ndims !== null && t.shape.ndims !== rank) throw shapeError(op, `Shape must be rank ${rank} but is rank ${t.shape.ndims}`);
}

/** Merges the static shapes of several tensors (TF's "From merging shape 0 with other shapes"). */
export function mergeShapes(op: Operation, tensors: readonly Tensor[]): TensorShape {
  let out = tensors[0].shape;
  for (let i = 1; i < tensors.length; i++) {
    const s = tensors[i].shape;
    if (out.ndims !== null && s.ndims !== null && out.ndims !== s.ndims) {
      throw shapeError(op, `Shapes must be equal rank, but are ${out.ndims} and ${s.ndims}\n\tFrom merging shape 0 with other shapes.`);
    }
    if (!out.is_compatible_with(s)) {
      const k = out.dims!.findIndex((d, j) => d !== null && s.dims![j] !== null && d !== s.dims![j]);
      throw shapeError(op, `Dimension ${k} in both shapes must be equal, but are ${out.dims![k]} and ${s.dims![k]}. Shapes are ${out.debugString()} and ${s.debugString()}.\n\tFrom merging shape 0 with other shapes.`);
    }
    out = out.merge_with(s);
  }
  return out;
}

/** The length of range(start, limit, delta), or TF's error text. */
export function rangeLength(start: number, limit: number, delta: number, integer: boolean): number {
  if (delta === 0) throw new ValueError('Requires delta != 0');
  if (delta > 0 && start > limit) throw new ValueError(`Requires start <= limit when delta > 0: ${start}/${limit}`);
  if (delta < 0 && start < limit) throw new ValueError(`Requires start >= limit when delta < 0: ${start}/${limit}`);
  return integer ? Math.ceil(Math.abs(limit - start) / Math.abs(delta)) : Math.ceil(Math.abs((limit - start) / delta));
}

/** TF's Merge message for two shapes of one rank that disagree, or null when they are compatible. */
export function mergeError(a: TensorShape, b: TensorShape): string | null {
  if (a.dims === null || b.dims === null) return null;
  if (a.dims.length !== b.dims.length) return `Shapes must be equal rank, but are ${a.dims.length} and ${b.dims.length}`;
  const k = a.dims.findIndex((d, j) => d !== null && b.dims![j] !== null && d !== b.dims![j]);
  return k < 0 ? null : `Dimension ${k} in both shapes must be equal, but are ${a.dims[k]} and ${b.dims[k]}. Shapes are ${a.debugString()} and ${b.debugString()}.`;
}

/**
 * TF's ScatterNdUpdateShape: indices.shape[:-1] must match updates' outer dimensions, and `target`'s
 * dimensions past indices.shape[-1] its inner ones. `what` names the target (`input` or `output`).
 */
export function checkScatterShapes(op: Operation, target: TensorShape, indices: TensorShape, updates: TensorShape, what: string): void {
  if (indices.ndims !== null && indices.ndims < 1) throw shapeError(op, `Shape must be at least rank 1 but is rank ${indices.ndims}`);
  if (updates.ndims !== null && updates.ndims < 1) throw shapeError(op, `Shape must be at least rank 1 but is rank ${updates.ndims}`);
  if (target.num_elements() === 0 && ((indices.num_elements() ?? 0) > 0 || (updates.num_elements() ?? 0) > 0)) {
    throw shapeError(op, 'Indices and updates specified for empty output shape');
  }
  const id = indices.dims, ud = updates.dims, td = target.dims;
  if (id === null || ud === null) return;
  const outer = id.length - 1, ix = id[outer];
  if (ix === null) return;
  const outerErr = mergeError(new TensorShape(id.slice(0, outer)), new TensorShape(ud.slice(0, outer)));
  if (outerErr) {
    throw shapeError(op, `The outer ${outer} dimensions of indices.shape=${indices.debugString()} must match the outer ${outer} dimensions of updates.shape=${updates.debugString()}: ${outerErr}`);
  }
  if (td === null) return;
  if (ix > td.length) throw shapeError(op, `Shape must be at least rank ${ix} but is rank ${td.length}`);
  const innerErr = mergeError(new TensorShape(td.slice(ix)), new TensorShape(ud.slice(outer)));
  if (innerErr) {
    throw shapeError(op, `The inner ${td.length - ix} dimensions of ${what}.shape=${target.debugString()} must match the inner ${ud.length - outer} dimensions of updates.shape=${updates.debugString()}: ${innerErr}`);
  }
}
