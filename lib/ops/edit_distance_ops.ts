/**
 * tf.edit_distance (TF's EditDistance): the Levenshtein distance between the sequences of two SparseTensors, one
 * per position of their leading dimensions (a sequence is the values along the last dimension), optionally
 * normalized by the truth's length.
 */
import { Tensor, registerOp } from '../framework/graph';
import { float32 } from '../framework/dtypes';
import { pythonFunction } from '../framework/python_signature';
import { registerNotDifferentiable } from './gradient_util';
import { makeOp } from './op_builder';
import { constantValue } from './schema_util';
import { SparseTensor, SparseTensorValue, convert_to_sparse_tensor } from './sparse_tensor';

registerOp({
  type: 'EditDistance',
  outputDtypes: () => [float32],
  inferShapes: (op) => {
    // The output has the larger of the two shapes, less the last dimension, when both are constant.
    const h = constantValue(op.inputs[2]), t = constantValue(op.inputs[5]);
    if (h === null || t === null) return [null];
    const hs = Array.from(h.values).slice(0, -1), ts = Array.from(t.values).slice(0, -1);
    return [hs.map((d, i) => Math.max(d, ts[i] ?? 0))];
  },
});
registerNotDifferentiable('EditDistance');

/**
 * The edit distance of each hypothesis sequence to its truth sequence; normalized (the default) by the truth's
 * length, so a missing truth gives inf and a missing hypothesis 1.
 * @example tf.edit_distance(hypothesis, truth, {normalize: false})
 */
export const edit_distance = pythonFunction('edit_distance', ['hypothesis', 'truth', 'normalize=True', "name='edit_distance'"], 2, function edit_distance(hypothesis: SparseTensor | SparseTensorValue, truth: SparseTensor | SparseTensorValue, options: { normalize?: boolean; name?: string } = {}): Tensor {
  const h = convert_to_sparse_tensor(hypothesis, 'Hypothesis'), t = convert_to_sparse_tensor(truth, 'Truth');
  return makeOp('EditDistance', [h.indices, h.values, h.dense_shape, t.indices, t.values, t.dense_shape], {
    normalize: { b: options.normalize ?? true }, T: { type: h.values.dtype.base_dtype },
  }, options.name ?? 'edit_distance').outputs[0];
});
