/**
 * SerializeSparse and DeserializeSparse: a SparseTensor as a vector of its three parts' serialized TensorProtos
 * (`string`), or held in a `variant` vector as tf.data holds a SparseTensor component of its elements; and back,
 * a batch of them deserialized into one SparseTensor of one more dimension.
 */
import { DType, as_dtype, int64, string as stringDtype, variant } from '../framework/dtypes';
import { Operation, Tensor, registerOp } from '../framework/graph';
import { TFTypeError } from '../framework/errors';
import { ShapeLike } from '../framework/tensor_shape';
import { pythonFunction } from '../framework/python_signature';
import { dtypeFromAttr } from './schema_util';
import { DTypeLike, TensorLike, convert_to_tensor, makeOp, opScope } from './op_builder';
import { registerNotDifferentiable } from './gradient_util';
import { shapeError } from './shape_fns';
import { SparseTensor, SparseTensorImpl } from './sparse_tensor';

registerOp({ type: 'SerializeSparse', outputDtypes: dtypeFromAttr('out_type'), inferShapes: () => [[3]], attrDefaults: { out_type: { type: stringDtype } } });
registerOp({ type: 'SerializeManySparse', outputDtypes: dtypeFromAttr('out_type'), inferShapes: () => [[null, 3]], attrDefaults: { out_type: { type: stringDtype } } });
registerOp({
  type: 'DeserializeManySparse',
  outputDtypes: (_inputs, attrs) => {
    const d = attrs.get('dtype');
    return [int64, (d && 'type' in d ? d.type : stringDtype) as DType, int64];
  },
  inferShapes: (op: Operation): ShapeLike[] => {
    const s = op.inputs[0].shape;
    if (s.ndims !== null && s.ndims !== 2) throw shapeError(op, `Shape must be rank 2 but is rank ${s.ndims}`);
    if (s.dims && s.dims[1] !== null && s.dims[1] !== 3) throw shapeError(op, `Dimension must be 3 but is ${s.dims[1]}`);
    return [[null, null], [null], [null]];
  },
});
registerOp({
  type: 'DeserializeSparse',
  outputDtypes: (_inputs, attrs) => {
    const d = attrs.get('dtype');
    return [int64, (d && 'type' in d ? d.type : stringDtype) as DType, int64];
  },
  inferShapes: (op: Operation): ShapeLike[] => {
    const s = op.inputs[0].shape;
    if (s.ndims === 0) throw shapeError(op, 'Shape must be at least rank 1 but is rank 0');
    const last = s.dims?.[s.dims.length - 1];
    if (last !== null && last !== undefined && last !== 3) throw shapeError(op, `Dimension must be 3 but is ${last}`);
    return [[null, null], [null], [null]];
  },
});
registerNotDifferentiable('SerializeSparse', 'DeserializeSparse', 'SerializeManySparse', 'DeserializeManySparse');

const SERIALIZED_TYPES: readonly DType[] = [stringDtype, variant];

/**
 * tf.serialize_sparse: a SparseTensor as a vector of 3 serialized TensorProtos (indices, values, dense_shape),
 * strings by default or a `variant` vector (`out_type`).
 * @example tf.serialize_sparse(sp)  // a [3] string tensor
 */
export const serialize_sparse = pythonFunction('serialize_sparse', ['sp_input', 'name=None', 'out_type=tf.string'], 1,
  function serialize_sparse(sp_input: SparseTensor, options: { name?: string | null; out_type?: DTypeLike } = {}): Tensor {
    if (!(sp_input instanceof SparseTensorImpl)) throw new TFTypeError(`Input must be a SparseTensor, got ${String(sp_input)}`);
    const outType = as_dtype(options.out_type ?? stringDtype).base_dtype;
    if (!SERIALIZED_TYPES.includes(outType)) throw new TFTypeError(`Value for attr 'out_type' of ${outType.name} is not in the list of allowed values: string, variant`);
    return opScope(options.name, 'SerializeSparse', [sp_input.indices, sp_input.values, sp_input.dense_shape], (scope) => makeOp('SerializeSparse',
      [sp_input.indices, sp_input.values, sp_input.dense_shape], { T: { type: sp_input.values.dtype.base_dtype }, out_type: { type: outType } }, scope).outputs[0]);
  });

/**
 * tf.serialize_many_sparse: a SparseTensor of rank >= 2 as one serialized SparseTensor per entry of its first
 * dimension, `[N, 3]` (the inverse of deserialize_many_sparse).
 * @example tf.serialize_many_sparse(batchOfSparse)
 */
export const serialize_many_sparse = pythonFunction('serialize_many_sparse', ['sp_input', 'name=None', 'out_type=tf.string'], 1,
  function serialize_many_sparse(sp_input: SparseTensor, options: { name?: string | null; out_type?: DTypeLike } = {}): Tensor {
    if (!(sp_input instanceof SparseTensorImpl)) throw new TFTypeError(`Input must be a SparseTensor, got ${String(sp_input)}`);
    const outType = as_dtype(options.out_type ?? stringDtype).base_dtype;
    if (!SERIALIZED_TYPES.includes(outType)) throw new TFTypeError(`Value for attr 'out_type' of ${outType.name} is not in the list of allowed values: string, variant`);
    return opScope(options.name, 'SerializeManySparse', [sp_input.indices, sp_input.values, sp_input.dense_shape], (scope) => makeOp('SerializeManySparse',
      [sp_input.indices, sp_input.values, sp_input.dense_shape], { T: { type: sp_input.values.dtype.base_dtype }, out_type: { type: outType } }, scope).outputs[0]);
  });

/**
 * tf.io.deserialize_many_sparse: `[N, 3]` serialized SparseTensors of the same rank as one SparseTensor with N
 * first (each other dimension the largest of theirs); `rank` sets the result's static rank.
 */
export const deserialize_many_sparse = pythonFunction('deserialize_many_sparse', ['serialized_sparse', 'dtype', 'rank=None', 'name=None'], 2,
  function deserialize_many_sparse(serialized_sparse: TensorLike, dtype: DTypeLike, options: { rank?: number | null; name?: string | null } = {}): SparseTensor {
    return opScope(options.name, 'DeserializeManySparse', [serialized_sparse], (scope) => {
      const s = convert_to_tensor(serialized_sparse, { name: 'serialized_sparse', dtype: stringDtype });
      const op = makeOp('DeserializeManySparse', [s], { dtype: { type: as_dtype(dtype).base_dtype } }, scope);
      const rank = options.rank ?? null;
      if (rank !== null) {
        op.outputs[0].set_shape([null, rank]);
        op.outputs[2].set_shape([rank]);
      }
      return new SparseTensorImpl(op.outputs[0], op.outputs[1], op.outputs[2]);
    });
  });

/**
 * The SparseTensor of serialized ones (`[..., 3]`, as serialize_sparse makes them): a batch of them becomes one
 * SparseTensor with the batch's dimensions first (TF's sparse_ops.deserialize_sparse); `rank` sets the
 * static rank of the result.
 */
export function deserialize_sparse(serialized: Tensor, dtype: DTypeLike, options: { rank?: number | null; name?: string | null } = {}): SparseTensor {
  return opScope(options.name, 'DeserializeSparse', [serialized], (scope) => {
    const s = convert_to_tensor(serialized, { name: 'serialized_sparse' });
    const op = makeOp('DeserializeSparse', [s], { dtype: { type: as_dtype(dtype).base_dtype }, Tserialized: { type: s.dtype.base_dtype } }, scope);
    const rank = options.rank ?? null;
    if (rank !== null) {
      op.outputs[0].set_shape([null, rank]);
      op.outputs[2].set_shape([rank]);
    }
    return new SparseTensorImpl(op.outputs[0], op.outputs[1], op.outputs[2]);
  });
}
