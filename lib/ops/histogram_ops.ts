/**
 * tf.histogram_fixed_width (TF's HistogramFixedWidth) and tf.histogram_fixed_width_bins (TF's composite of
 * ops): `nbins` equal bins over value_range, values below it counted in the first, above it in the last.
 */
import { DType, as_dtype, float32, float64, int32, int64 } from '../framework/dtypes';
import { Tensor, registerOp } from '../framework/graph';
import { TFTypeError } from '../framework/errors';
import { pythonFunction } from '../framework/python_signature';
import { registerNotDifferentiable } from './gradient_util';
import { DTypeLike, TensorLike, convert_to_tensor, makeOp, opScope } from './op_builder';
import { constantValue, dtypeFromAttr } from './schema_util';
import { shapeError } from './shape_fns';
import { reshape, shape as shapeOf, getitem } from './array_ops';
import { cast, floor, multiply, subtract, truediv } from './math_ops';
import { clip_by_value } from './clip_ops';

registerOp({
  type: 'HistogramFixedWidth',
  outputDtypes: dtypeFromAttr('dtype'),
  inferShapes: (op) => {
    const n = constantValue(op.inputs[2]);
    if (n === null || n.shape.length !== 0) return [[null]];
    if (!(n.values[0] > 0)) throw shapeError(op, `Requires nbins > 0: ${n.values[0]}`);
    return [[n.values[0]]];
  },
});
registerNotDifferentiable('HistogramFixedWidth');

const HISTOGRAM_TYPES: readonly DType[] = [int32, int64, float32, float64];

export interface HistogramOptions { nbins?: TensorLike; dtype?: DTypeLike; name?: string | null }

/**
 * Counts of `values` in `nbins` equal bins spanning value_range [lo, hi]; values below lo count in bin 0, values
 * at or above hi in the last.
 * @example tf.histogram_fixed_width([-1.0, 0.0, 1.5, 2.0, 5.0, 15], [0.0, 5.0], {nbins: 5})  // [2, 1, 1, 0, 2]
 */
export const histogram_fixed_width = pythonFunction('histogram_fixed_width', ['values', 'value_range', 'nbins=100', 'dtype=tf.int32', 'name=None'], 2, function histogram_fixed_width(values: TensorLike, value_range: TensorLike, options: HistogramOptions = {}): Tensor {
  const nbins = options.nbins ?? 100;
  return opScope(options.name, 'histogram_fixed_width', [values, value_range, nbins], (scope) => {
    const v = convert_to_tensor(values, { name: 'values' });
    const range = convert_to_tensor(value_range, { dtype: v.dtype.base_dtype, name: 'value_range' });
    const n = convert_to_tensor(nbins, { dtype: int32, name: 'nbins' });
    const dtype = as_dtype(options.dtype ?? int32).base_dtype;
    if (!HISTOGRAM_TYPES.includes(v.dtype.base_dtype)) throw new TFTypeError(`Value passed to parameter 'values' has DataType ${v.dtype.name} not in list of allowed values: int32, int64, float32, float64`);
    if (dtype !== int32 && dtype !== int64) throw new TFTypeError(`Value passed to parameter 'dtype' has DataType ${dtype.name} not in list of allowed values: int32, int64`);
    return makeOp('HistogramFixedWidth', [v, range, n], { T: { type: v.dtype.base_dtype }, dtype: { type: dtype } }, scope).outputs[0];
  });
});

/**
 * The bin of each value (the shape of `values`) for `nbins` equal bins over value_range, clipped to
 * [0, nbins - 1]; always int32, as TF 1.15 (its `dtype` is not used).
 * @example tf.histogram_fixed_width_bins([-1.0, 0.0, 1.5, 2.0, 5.0, 15], [0.0, 5.0], {nbins: 5})  // [0, 0, 1, 2, 4, 4]
 */
export const histogram_fixed_width_bins = pythonFunction('histogram_fixed_width_bins', ['values', 'value_range', 'nbins=100', 'dtype=tf.int32', 'name=None'], 2, function histogram_fixed_width_bins(values: TensorLike, value_range: TensorLike, options: HistogramOptions = {}): Tensor {
  const nbins = options.nbins ?? 100;
  return opScope(options.name, 'histogram_fixed_width_bins', [values, value_range, nbins], () => {
    const v0 = convert_to_tensor(values, { name: 'values' });
    const shape = shapeOf(v0);
    const v = reshape(v0, [-1]);
    const range = convert_to_tensor(value_range, { name: 'value_range' });
    const n = convert_to_tensor(nbins, { dtype: int32, name: 'nbins' });
    const nFloat = cast(n, v.dtype.base_dtype);
    const lo = getitem(range, 0), hi = getitem(range, 1);
    const scaled = truediv(subtract(v, lo), subtract(hi, lo), { name: 'scaled_values' });
    const indices = floor(multiply(nFloat, scaled), { name: 'indices' });
    return reshape(cast(clip_by_value(indices, 0, subtract(nFloat, 1)), int32), shape);
  });
});
