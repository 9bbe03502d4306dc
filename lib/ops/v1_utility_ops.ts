/**
 * Utilities of TF 1.15's top-level API that build on other ops: tf.sparse_mask (IndexedSlices without some
 * indices), tf.add_check_numerics_ops (a CheckNumerics of every floating tensor of the graph), tf.timestamp (TF's
 * Timestamp op), tf.get_static_value (a tensor's value when known while building), tf.assert_proper_iterable and
 * tf.parallel_stack (TF's ParallelConcat).
 */
import { Operation, Tensor, get_default_graph, registerOp } from '../framework/graph';
import { float16, float32, float64 } from '../framework/dtypes';
import { TFTypeError, ValueError } from '../framework/errors';
import { NDArray } from '../framework/ndarray';
import { pythonFunction } from '../framework/python_signature';
import { registerNotDifferentiable } from './gradient_util';
import { TensorLike, convert_to_tensor, makeOp, opScope } from './op_builder';
import { constantValue, dtypeOfInput } from './schema_util';
import { TensorShape } from '../framework/tensor_shape';
import { expand_dims, gather, setdiff1d } from './array_ops';
import { IndexedSlices, IndexedSlicesImpl } from './indexed_slices';
import { SparseTensorImpl } from './sparse_tensor';
import { check_numerics } from './check_ops';
import { group } from './control_flow_ops';

registerOp({ type: 'Timestamp', stateful: true, outputDtypes: () => [float64], inferShapes: () => [[]] });
registerOp({ type: 'ParallelConcat', outputDtypes: dtypeOfInput(0), inferShapes: (op) => [op.get_attr('shape') as TensorShape] });
registerNotDifferentiable('Timestamp', 'ParallelConcat');

/**
 * The slices of `a` whose indices are not in `mask_indices`.
 * @example tf.sparse_mask(a, [12, 45])
 */
export const sparse_mask = pythonFunction('sparse_mask', ['a', 'mask_indices', 'name=None'], 2, function sparse_mask(a: IndexedSlices, mask_indices: TensorLike, options: { name?: string } = {}): IndexedSlices {
  if (!(a instanceof IndexedSlicesImpl)) throw new TFTypeError(`sparse_mask takes IndexedSlices, got ${String(a)}`);
  return opScope(options.name, 'sparse_mask', [a.values, a.indices, mask_indices], (scope) => {
    const [outIndices, toGather] = setdiff1d(a.indices, mask_indices);
    return new IndexedSlicesImpl(gather(a.values, toGather, { name: scope }), outIndices, a.dense_shape);
  });
});

/**
 * One op that checks every float16/32/64 tensor of the default graph for NaN and Inf (each message `<op>:<output>`),
 * the checks chained one after another as TF chains them. Not for graphs with tf.cond or tf.while_loop.
 * @example const check = tf.add_check_numerics_ops(); sess.run([train_op, check]);
 */
export const add_check_numerics_ops = pythonFunction('add_check_numerics_ops', [], 0, function add_check_numerics_ops(): Operation {
  const g = get_default_graph();
  let previous: Tensor[] = [];
  for (const op of g.get_operations()) {
    for (const output of op.outputs) {
      const d = output.dtype;
      if (d !== float16 && d !== float32 && d !== float64) continue;
      if (op._control_flow_context) {
        throw new ValueError('`tf.add_check_numerics_ops() is not compatible with TensorFlow control flow operations such as `tf.cond()` or `tf.while_loop()`.');
      }
      const deps = previous;
      previous = [g.control_dependencies(deps, () => check_numerics(output, `${op.name}:${output.value_index}`))];
    }
  }
  return group(previous);
});

/**
 * The seconds since the epoch when the op runs, as float64 (a new value each run).
 * @example const t0 = tf.timestamp();
 */
export const timestamp = pythonFunction('timestamp', ['name=None'], 0, function timestamp(options: { name?: string } = {}): Tensor {
  return makeOp('Timestamp', [], {}, options.name ?? 'Timestamp').outputs[0];
});

/**
 * The value of `tensor` if it is known while building (a constant, or the Shape of a fully defined shape), else
 * null; a value that is not a Tensor comes back as an NDArray of it.
 * @example tf.get_static_value(tf.constant([1, 2]))  // NDArray [1, 2]
 */
export const get_static_value = pythonFunction('get_static_value', ['tensor', 'partial=False'], 1, function get_static_value(tensor: TensorLike): NDArray | null {
  if (!(tensor instanceof Tensor)) return NDArray.from(tensor);
  return constantValue(tensor);
});

/**
 * Raises TypeError unless `values` is a proper iterable: a Tensor, SparseTensor, NDArray or string is not (TF counts
 * them as single values).
 */
export const assert_proper_iterable = pythonFunction('assert_proper_iterable', ['values'], 1, function assert_proper_iterable(values: unknown): void {
  const unintentional = values instanceof Tensor || values instanceof SparseTensorImpl || values instanceof NDArray || typeof values === 'string' || values instanceof Uint8Array;
  if (unintentional) throw new TFTypeError(`Expected argument "values" to be a "proper" iterable.  Found: ${values === null ? 'null' : typeof values === 'object' ? (values as object).constructor.name : typeof values}`);
  if (values === null || values === undefined || typeof (values as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') {
    throw new TFTypeError(`Expected argument "values" to be iterable.  Found: ${values === null ? 'null' : typeof values}`);
  }
});

/**
 * `values` (tensors of one fully known shape) stacked along a new first dimension, as one ParallelConcat that may
 * copy each input as soon as it is ready; unlike tf.stack it has no gradient.
 * @example tf.parallel_stack([x, y, z])  // shape [3, ...x.shape]
 */
export const parallel_stack = pythonFunction('parallel_stack', ['values', "name='parallel_stack'"], 1, function parallel_stack(values: readonly TensorLike[], options: { name?: string } = {}): Tensor {
  return get_default_graph().name_scope(options.name ?? 'parallel_stack', () => {
    if (!Array.isArray(values) || values.length === 0) throw new ValueError('parallel_stack needs a non-empty list of tensors');
    const first = convert_to_tensor(values[0]);
    if (!first.shape.is_fully_defined()) throw new ValueError(`parallel_stack needs fully defined shapes, got ${first.shape}`);
    const shape = new TensorShape([values.length, ...first.shape.toNumbers()]);
    const expanded = values.map((v) => expand_dims(v, 0));
    return makeOp('ParallelConcat', expanded, { N: { i: expanded.length }, T: { type: first.dtype.base_dtype }, shape: { shape } }, 'ParallelConcat').outputs[0];
  });
});
