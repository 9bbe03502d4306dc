/**
 * Array ops: constants, placeholders, identity and shape manipulation.
 */
import { as_dtype } from '../framework/dtypes';
import { Tensor, Graph, get_default_graph } from '../framework/graph';
import { ValueError } from '../framework/errors';
import { ShapeLike, as_shape } from '../framework/tensor_shape';
import { NDArray, NestedArray, NumericData, numElements } from '../runtime/ndarray';
import { registerOp, dtypeFromAttr, dtypeOfInput, shapeOfInput, attrOf } from './registry';
import { DTypeLike, TensorLike, constantFromArray, convert_to_tensor, makeOp } from './op_builder';

registerOp({
  type: 'Const',
  outputDtypes: dtypeFromAttr('dtype'),
  inferShapes: (op) => { const v = attrOf(op, 'value'); return 'tensor' in v ? [v.tensor.shape] : [null]; },
});

registerOp({
  type: 'Placeholder',
  outputDtypes: dtypeFromAttr('dtype'),
  inferShapes: (op) => { const v = op.attrs.get('shape'); return [v && 'shape' in v ? v.shape : null]; },
});

registerOp({ type: 'PlaceholderWithDefault', outputDtypes: dtypeFromAttr('dtype'), inferShapes: (op) => { const v = attrOf(op, 'shape'); return ['shape' in v ? v.shape : null]; } });

registerOp({ type: 'Identity', outputDtypes: dtypeOfInput(0), inferShapes: shapeOfInput(0) });

/**
 * A constant tensor. With `shape`, a scalar fills it and a shorter list is padded with its last value.
 * @example tf.constant([[1, 2], [3, 4]], {dtype: tf.float32})
 */
export function constant(value: NDArray | NestedArray | NumericData | number | boolean | string, options: { dtype?: DTypeLike; shape?: readonly number[]; name?: string; verify_shape?: boolean } = {}): Tensor {
  let array = NDArray.from(value, options.dtype ? as_dtype(options.dtype) : undefined);
  if (options.shape) {
    const shape = [...options.shape];
    const n = numElements(shape);
    if (options.verify_shape && !as_shape(array.shape).equals(shape)) {
      throw new TypeError(`Expected Tensor's shape: ${as_shape(shape)}, got ${as_shape(array.shape)}.`);
    }
    if (array.size === n) array = array.reshape(shape);
    else if (array.size > n) throw new ValueError(`Too many elements provided. Needed at most ${n}, but received ${array.size}`);
    else if (array.size === 0) throw new ValueError(`Cannot create a tensor of shape ${as_shape(shape)} from no values`);
    else array = padWithLast(array, shape);
  }
  return constantFromArray(array, options.name ?? 'Const');
}

function padWithLast(a: NDArray, shape: number[]): NDArray {
  const out = new NDArray(a.dtype, shape);
  const n = out.size, src = a.data, dst = out.data;
  const step = a.dtype.is_complex ? 2 : 1;
  for (let i = 0; i < n; i++) {
    const j = Math.min(i, a.size - 1);
    if (Array.isArray(dst)) dst[i] = (src as Uint8Array[])[j];
    else for (let k = 0; k < step; k++) (dst as NumericData)[i * step + k] = (src as NumericData)[j * step + k];
  }
  return out;
}

/**
 * A value fed at run time; `null` dimensions (or a `null` shape) are unknown.
 * @example const x = tf.placeholder(tf.float32, [null, 3]);
 */
export function placeholder(dtype: DTypeLike, shape?: ShapeLike, name?: string | { name?: string }): Tensor {
  const n = typeof name === 'object' ? name.name : name;
  const attrs = { dtype: { type: as_dtype(dtype).base_dtype }, shape: { shape: as_shape(shape ?? null) } };
  return makeOp('Placeholder', [], attrs, n ?? 'Placeholder', get_default_graph()).outputs[0];
}

/** A placeholder that yields `input` when not fed. */
export function placeholder_with_default(input: TensorLike, shape: ShapeLike, options: { name?: string } = {}): Tensor {
  const t = convert_to_tensor(input);
  const s = as_shape(shape);
  if (!t.shape.is_compatible_with(s)) throw new ValueError(`Shapes ${t.shape} and ${s} are incompatible`);
  return makeOp('PlaceholderWithDefault', [t], { dtype: { type: t.dtype.base_dtype }, shape: { shape: s } }, options.name ?? 'PlaceholderWithDefault').outputs[0];
}

/** Returns a tensor with the same value (an `Identity` node). */
export function identity(input: TensorLike, options: { name?: string } = {}): Tensor {
  const t = convert_to_tensor(input);
  return makeOp('Identity', [t], { T: { type: t.dtype.base_dtype } }, options.name ?? 'Identity').outputs[0];
}

/** @internal an Identity in a given graph with given name, no conversion (variables' `read`). */
export function identityOf(t: Tensor, name: string, graph: Graph = t.graph): Tensor {
  return makeOp('Identity', [t], { T: { type: t.dtype.base_dtype } }, name, graph).outputs[0];
}
