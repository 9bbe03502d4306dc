/**
 * tf.broadcast_static_shape (of two TensorShapes, while building) and tf.broadcast_dynamic_shape (of two shape
 * vectors, TF's BroadcastArgs op): the shape numpy broadcasting gives.
 */
import { Tensor, registerOp } from '../framework/graph';
import { int32 } from '../framework/dtypes';
import { ValueError } from '../framework/errors';
import { ShapeLike, TensorShape, as_shape } from '../framework/tensor_shape';
import { pythonFunction } from '../framework/python_signature';
import { registerNotDifferentiable } from './gradient_util';
import { TensorLike, convert_to_tensor, makeOp } from './op_builder';
import { broadcastStatic, dtypeOfInput } from './schema_util';

registerOp({
  type: 'BroadcastArgs',
  outputDtypes: dtypeOfInput(0),
  inferShapes: (op) => {
    const [a, b] = op.inputs.map((t) => t.shape.dims?.[0] ?? null);
    return [[a === null || b === null ? null : Math.max(a, b)]];
  },
});
registerNotDifferentiable('BroadcastArgs');

/**
 * The broadcast of two static shapes; ValueError when they cannot broadcast.
 * @example tf.broadcast_static_shape(tf.TensorShape([1, 3]), tf.TensorShape([2, 1]))  // (2, 3)
 */
export const broadcast_static_shape = pythonFunction('broadcast_static_shape', ['shape_x', 'shape_y'], 2, function broadcast_static_shape(shape_x: ShapeLike, shape_y: ShapeLike): TensorShape {
  const x = as_shape(shape_x), y = as_shape(shape_y);
  try {
    return broadcastStatic(x, y);
  } catch (e) {
    if (e instanceof ValueError) throw new ValueError(`Incompatible shapes for broadcasting: ${x} and ${y}`);
    throw e;
  }
});

/**
 * The broadcast of two shape vectors (int32 or int64), computed when run: a BroadcastArgs.
 * @example tf.broadcast_dynamic_shape(tf.shape(a), tf.shape(b))
 */
export const broadcast_dynamic_shape = pythonFunction('broadcast_dynamic_shape', ['shape_x', 'shape_y'], 2, function broadcast_dynamic_shape(shape_x: TensorLike, shape_y: TensorLike): Tensor {
  const x = convert_to_tensor(shape_x, { name: 's0', preferred_dtype: int32 });
  const y = convert_to_tensor(shape_y, { name: 's1', dtype: x.dtype.base_dtype });
  return makeOp('BroadcastArgs', [x, y], { T: { type: x.dtype.base_dtype } }, 'BroadcastArgs').outputs[0];
});
