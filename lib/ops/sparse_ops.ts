/**
 * `SparseToDense` and `tf.sparse_to_dense`: a dense tensor from coordinates and values, the rest a default.
 */
import { Operation, Tensor, registerOp } from '../framework/graph';
import { ShapeLike } from '../framework/tensor_shape';
import { constantValue, dtypeOfInput } from './schema_util';
import { TensorLike, convert_to_tensor, makeOp, opScope, typeAttr } from './op_builder';
import { registerNotDifferentiable } from './gradient_util';
import { pythonFunction } from '../framework/python_signature';

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
