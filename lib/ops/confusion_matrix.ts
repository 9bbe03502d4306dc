// tf.confusion_matrix as TF 1.15's confusion_matrix.py builds it: checked int64 labels and predictions,
// a SparseTensor of ones (or weights) at [label, prediction], added to a zero matrix.
import { Tensor } from '../framework/graph';
import { DTypeLike, TensorLike, convert_to_tensor, opScope } from './op_builder';
import { as_dtype, int32, int64 } from '../framework/dtypes';
import { ones_like, squeeze, stack, zeros } from './array_ops';
import { add, cast, maximum, reduce_max } from './math_ops';
import { assert_less, assert_non_negative } from './check_ops';
import { with_dependencies } from './control_flow_ops';
import { SparseTensor } from './sparse_tensor';
import { sparse_add } from './sparse_ops';
import { pythonFunction } from '../framework/python_signature';

/**
 * Squeezes the last dimension of labels or predictions when their ranks differ by one more or less than
 * `expected_rank_diff` and that dimension can be 1 (TF's static-rank path; unknown ranks are left as they are).
 */
export const remove_squeezable_dimensions = pythonFunction('remove_squeezable_dimensions', ['labels', 'predictions', 'expected_rank_diff=0', 'name=None'], 2, function remove_squeezable_dimensions(labels: TensorLike, predictions: TensorLike, options: { expected_rank_diff?: number; name?: string } = {}): [Tensor, Tensor] {
  return opScope(options.name, 'remove_squeezable_dimensions', [labels, predictions], () => {
    let p = convert_to_tensor(predictions), l = convert_to_tensor(labels);
    const pr = p.shape.ndims, lr = l.shape.ndims, expected = options.expected_rank_diff ?? 0;
    if (pr !== null && lr !== null) {
      const diff = pr - lr;
      const canBeOne = (d: number | null | undefined) => d === null || d === undefined || d === 1;
      if (diff === expected + 1 && canBeOne(p.shape.dims![pr - 1])) p = squeeze(p, [-1]);
      else if (diff === expected - 1 && canBeOne(l.shape.dims![lr - 1])) l = squeeze(l, [-1]);
    }
    return [l, p];
  });
});

type ConfusionOptions = { num_classes?: TensorLike | null; dtype?: DTypeLike; name?: string; weights?: TensorLike | null };

/**
 * The [num_classes, num_classes] matrix counting (or summing `weights` of) each (label, prediction) pair;
 * rows are labels. Without `num_classes` it is one more than the largest label or prediction.
 * @example tf.confusion_matrix([1, 2, 4], [2, 2, 4]) // 5x5, ones at [1, 2], [2, 2], [4, 4]
 */
export const confusion_matrix = pythonFunction('confusion_matrix', ['labels', 'predictions', 'num_classes=None', 'dtype=tf.int32', 'name=None', 'weights=None'], 2, function confusion_matrix(labels: TensorLike, predictions: TensorLike, options: ConfusionOptions = {}): Tensor {
  const dtype = as_dtype(options.dtype ?? int32);
  return opScope(options.name, 'confusion_matrix', [predictions, labels], () => {
    let [l, p] = remove_squeezable_dimensions(convert_to_tensor(labels, { name: 'labels' }), convert_to_tensor(predictions, { name: 'predictions' }));
    p = cast(p, int64);
    l = cast(l, int64);
    // Out-of-range ids would index past the matrix: TF checks them first.
    l = with_dependencies([assert_non_negative(l, { message: '`labels` contains negative values' })], l);
    p = with_dependencies([assert_non_negative(p, { message: '`predictions` contains negative values' })], p);
    let numClasses: Tensor;
    if (options.num_classes === undefined || options.num_classes === null) {
      numClasses = add(maximum(reduce_max(p), reduce_max(l)), 1);
    } else {
      numClasses = convert_to_tensor(options.num_classes);
      const n64 = cast(numClasses, int64);
      l = with_dependencies([assert_less(l, n64, { message: '`labels` out of bound' })], l);
      p = with_dependencies([assert_less(p, n64, { message: '`predictions` out of bound' })], p);
    }
    let weights: Tensor | null = null;
    if (options.weights !== undefined && options.weights !== null) {
      weights = convert_to_tensor(options.weights, { name: 'weights' });
      p.shape.assert_is_compatible_with(weights.shape);
      weights = cast(weights, dtype);
    }
    const shape = stack([numClasses, numClasses]);
    const indices = stack([l, p], { axis: 1 });
    const values = weights ?? ones_like(p, { dtype });
    const cm = SparseTensor(indices, values, cast(shape, int64));
    const zeroMatrix = zeros(cast(shape, int32), dtype);
    return sparse_add(zeroMatrix, cm) as Tensor;
  });
});
