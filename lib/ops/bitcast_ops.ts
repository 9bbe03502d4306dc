/**
 * tf.bitcast (TF's Bitcast): the same bytes read as another numeric dtype. Equal sizes keep the shape; a wider
 * input gains a last dimension of size in/out; a narrower one must end in a dimension of size out/in, which goes.
 */
import { Tensor, registerOp } from '../framework/graph';
import { DType, as_dtype } from '../framework/dtypes';
import { TFTypeError, ValueError } from '../framework/errors';
import { pythonFunction } from '../framework/python_signature';
import { registerNotDifferentiable } from './gradient_util';
import { DTypeLike, TensorLike, convert_to_tensor, makeOp, opScope } from './op_builder';
import { dtypeFromAttr } from './schema_util';

const BITCAST_TYPES = ['bfloat16', 'float16', 'float32', 'float64', 'int64', 'int32', 'uint8', 'uint16', 'uint32', 'uint64', 'int8', 'int16',
  'complex64', 'complex128', 'qint8', 'quint8', 'qint16', 'quint16', 'qint32'];

registerOp({
  type: 'Bitcast',
  outputDtypes: dtypeFromAttr('type'),
  inferShapes: (op) => {
    const input = op.inputs[0].shape;
    const from = op.inputs[0].dtype.base_dtype.size, to = (op.get_attr('type') as DType).base_dtype.size;
    if (input.dims === null) return [null];
    if (from === to) return [input];
    if (from > to) return [[...input.dims, from / to]];
    const last = input.dims[input.dims.length - 1];
    if (input.dims.length === 0 || (last !== null && last !== to / from)) {
      throw new ValueError(`Cannot bitcast due to shape. ${last ?? 'unknown'} does not match ${to / from} for '${op.name}' (op: 'Bitcast') with input shapes: ${input.debugString()}.`);
    }
    return [input.dims.slice(0, -1)];
  },
});
registerNotDifferentiable('Bitcast');

/**
 * `input`'s bytes as `type`.
 * @example tf.bitcast(tf.constant([1.0], {dtype: tf.float32}), tf.int32)  // [1065353216]
 */
export const bitcast = pythonFunction('bitcast', ['input', 'type', 'name=None'], 2, function bitcast(input: TensorLike, type: DTypeLike, options: { name?: string } = {}): Tensor {
  return opScope(options.name, 'Bitcast', [input], (scope) => {
    const t = convert_to_tensor(input, { name: 'input' });
    const to = as_dtype(type).base_dtype;
    for (const [d, what] of [[t.dtype.base_dtype, 'input'], [to, 'type']] as const) {
      if (!BITCAST_TYPES.includes(d.name)) throw new TFTypeError(`Value passed to parameter '${what}' has DataType ${d.name} not in list of allowed values: ${BITCAST_TYPES.join(', ')}`);
    }
    return makeOp('Bitcast', [t], { T: { type: t.dtype.base_dtype }, type: { type: to } }, scope).outputs[0];
  });
});
