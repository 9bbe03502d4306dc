/**
 * Sparse ops (TF's sparse_ops.py): `SparseToDense` and `tf.sparse_to_dense`, `tf.sparse_placeholder`, and the
 * ops over SparseTensors.
 */
import { int64 } from '../framework/dtypes';
import { Operation, Tensor, registerOp } from '../framework/graph';
import { Dim, ShapeLike, TensorShape } from '../framework/tensor_shape';
import { constantValue, dtypeOfInput } from './schema_util';
import { DTypeLike, TensorLike, convert_to_tensor, makeOp, opScope, typeAttr } from './op_builder';
import { registerNotDifferentiable } from './gradient_util';
import { pythonFunction } from '../framework/python_signature';
import { placeholder } from './array_ops';
import { SparseTensor, SparseTensorImpl } from './sparse_tensor';

registerOp({
  type: 'SparseToDense',
  outputDtypes: dtypeOfInput(2),
  inferShapes: (op: Operation): ShapeLike[] => {
    const shape = constantValue(op.inputs[1]);
    if (shape) return [Array.from(shape.values as ArrayLike<number>, Number)];
    const n = op.inputs[1].shape.dims?.[0] ?? null;
    return [n === null ? null : Array<null>(n).fill(null)];
  },
  attrDefaults: { validate_indices: { b: true } },
});
registerNotDifferentiable('SparseToDense');

/**
 * A dense tensor of `output_shape` holding `sparse_values` at `sparse_indices` (a scalar, a vector of
 * positions for a 1-D output, or an [N, rank] matrix) and `default_value` elsewhere. With
 * `validate_indices`, indices must be in bounds, sorted and unique.
 * @example tf.sparse_to_dense([[0, 1], [2, 0]], [3, 2], [5, 6])  // [[0, 5], [0, 0], [6, 0]]
 */
export const sparse_to_dense = pythonFunction('sparse_to_dense', [
  'sparse_indices', 'output_shape', 'sparse_values', 'default_value=0', 'validate_indices=True', 'name=None',
], 4, function sparse_to_dense(sparse_indices: TensorLike, output_shape: TensorLike, sparse_values: TensorLike, default_value: TensorLike = 0,
  options: { validate_indices?: boolean; name?: string } = {}): Tensor {
  return opScope(options.name, 'SparseToDense', [sparse_indices, output_shape, sparse_values, default_value], (scope) => {
    const idx = convert_to_tensor(sparse_indices, { name: 'sparse_indices' });
    const shape = convert_to_tensor(output_shape, { name: 'output_shape', dtype: idx.dtype.base_dtype });
    const values = convert_to_tensor(sparse_values, { name: 'sparse_values' });
    const def = convert_to_tensor(default_value, { name: 'default_value', dtype: values.dtype.base_dtype });
    return makeOp('SparseToDense', [idx, shape, values, def], {
      validate_indices: { b: options.validate_indices ?? true }, T: typeAttr(values), Tindices: typeAttr(idx),
    }, scope).outputs[0];
  });
});

/**
 * A SparseTensor of placeholders, fed with a SparseTensorValue (or `{indices, values, dense_shape}`): `values`
 * [?] of `dtype`, `indices` int64 [?, rank], and `dense_shape` a constant when `shape` is fully known, else an
 * int64 placeholder [rank] (TF names them `<name>/values`, `<name>/indices`, `<name>/shape`).
 * @example const sp = tf.sparse_placeholder(tf.float32); sess.run(tf.sparse.reduce_sum(sp), new Map([[sp, {indices: [[0, 1]], values: [2], dense_shape: [2, 3]}]]));
 */
export const sparse_placeholder = pythonFunction('sparse_placeholder', ['dtype', 'shape=None', 'name=None'], 3, function sparse_placeholder(dtype: DTypeLike, shape?: TensorLike | readonly Dim[] | TensorShape | null, name?: string | null): SparseTensor {
  const shapeName = name ? `${name}/shape` : undefined;
  let denseShape: Tensor | null = null;
  let rank: Dim = null;
  if (shape instanceof Tensor) {
    rank = shape.shape.dims?.[0] ?? null;
    denseShape = convert_to_tensor(shape, { dtype: int64, name: shapeName });
  } else if (shape !== null && shape !== undefined) {
    const dims = shape instanceof TensorShape ? shape.dims : (shape as readonly Dim[]);
    if (dims !== null) {
      rank = dims.length;
      if (!dims.includes(null)) denseShape = convert_to_tensor(dims as number[], { dtype: int64, name: shapeName });
    }
  }
  denseShape ??= placeholder(int64, [rank], shapeName);
  const values = placeholder(dtype, [null], name ? `${name}/values` : undefined);
  const indices = placeholder(int64, [null, rank], name ? `${name}/indices` : undefined);
  return new SparseTensorImpl(indices, values, denseShape);
});
