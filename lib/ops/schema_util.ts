/**
 * Helpers for op declarations: dtype and shape functions shared by many schemas. The declarations
 * themselves go to the op schema table in framework/graph.ts (`registerOp`), where the graph, the
 * executor and the tools all look them up; kernels are registered separately (kernels/registry.ts).
 */
import { DType } from '../framework/dtypes';
import { ShapeLike, TensorShape } from '../framework/tensor_shape';
import { AttrValue, Operation, Tensor } from '../framework/graph';
import { ValueError } from '../framework/errors';
import { NDArray } from '../framework/ndarray';

/** Output dtype read from an attr (`T`, `dtype`, `DstT` ...). */
export function dtypeFromAttr(name: string, count = 1) {
  return (_inputs: readonly Tensor[], attrs: ReadonlyMap<string, AttrValue>): DType[] => {
    const v = attrs.get(name);
    if (!v || !('type' in v)) throw new ValueError(`attr '${name}' (a type) is required`);
    return Array<DType>(count).fill(v.type);
  };
}

/** Output dtype equal to input i's base dtype (refs read as values). */
export function dtypeOfInput(i = 0, count = 1) {
  return (inputs: readonly Tensor[]): DType[] => Array<DType>(count).fill(inputs[i].dtype.base_dtype);
}

export function fixedDtypes(...dtypes: DType[]) { return (): DType[] => dtypes; }

/** Shape function: output 0 has input i's shape. */
export function shapeOfInput(i = 0) { return (op: Operation): ShapeLike[] => [op.inputs[i].shape]; }

/** Reads a required attr of an op being built. */
export function attrOf(op: Operation, name: string): AttrValue {
  const v = op.attrs.get(name);
  if (v === undefined) throw new ValueError(`${op.type} op '${op.name}' is missing attr '${name}'`);
  return v;
}

/** A constant input's value, if the producing op is a Const (for shape inference). */
export function constantValue(t: Tensor): NDArray | null {
  if (t.op.type === 'Const') {
    const v = t.op.attrs.get('value');
    return v && 'tensor' in v ? v.tensor : null;
  }
  if (t.op.type === 'Shape' && t.op.inputs[0].shape.is_fully_defined()) {
    // tf.shape of a fully defined static shape is known at build time.
    return NDArray.from(t.op.inputs[0].shape.toNumbers(), t.dtype);
  }
  return null;
}

/** Static broadcast of two shapes (numpy rules), or ValueError naming both. */
export function broadcastStatic(a: TensorShape, b: TensorShape): TensorShape {
  if (a.dims === null || b.dims === null) return new TensorShape(null);
  const n = Math.max(a.dims.length, b.dims.length);
  const out: (number | null)[] = [];
  for (let i = 0; i < n; i++) {
    // Missing leading dimensions count as 1; an unknown (null) dimension stays unknown.
    const ia = a.dims.length - n + i, ib = b.dims.length - n + i;
    const x = ia >= 0 ? a.dims[ia] : 1;
    const y = ib >= 0 ? b.dims[ib] : 1;
    if (x === 1) out.push(y);
    else if (y === 1) out.push(x);
    else if (x === null) out.push(y);
    else if (y === null || x === y) out.push(x);
    else throw new ValueError(`Dimensions must be equal, but are ${x} and ${y} for shapes ${a} and ${b}.`);
  }
  return new TensorShape(out);
}
