/**
 * `tf.sort` and `tf.argsort` (TF's sort_ops): a TopKV2 over the whole axis, the axis moved last and
 * back when it is not; ascending order sorts the negated values.
 */
import { Tensor } from '../framework/graph';
import { ValueError } from '../framework/errors';
import { TensorLike, convertIntegerInput, convert_to_tensor, opScope } from './op_builder';
import { constantScalar } from './shape_fns';
import { constant, getitem, shape, transpose } from './array_ops';
import { negative } from './math_ops';
import { top_k } from './nn_ops';
import { pythonFunction } from '../framework/python_signature';

type Direction = 'ASCENDING' | 'DESCENDING';
interface SortOptions { axis?: TensorLike; direction?: Direction; name?: string }

function descendingSort(values: Tensor, axis: number, returnArgsort: boolean): Tensor {
  const k = getitem(shape(values), axis);
  const rank = values.shape.ndims;
  let input = values;
  let transposition: Tensor | null = null;
  if (!(axis === -1 || axis + 1 === rank)) {
    if (rank === null) throw new ValueError(`sort along axis ${axis} needs a known rank, got ${values}`);
    const a = axis < 0 ? axis + rank : axis;
    const perm = [...Array.from({ length: a }, (_, i) => i), rank - 1, ...Array.from({ length: rank - a - 2 }, (_, i) => a + 1 + i), a];
    transposition = constant(Int32Array.from(perm), { name: 'transposition' });
    input = transpose(values, transposition);
  }
  const [sorted, indices] = top_k(input, k);
  const result = returnArgsort ? indices : sorted;
  return transposition ? transpose(result, transposition) : result;
}

function sortOrArgsort(values: TensorLike, options: SortOptions, returnArgsort: boolean): Tensor {
  const direction = options.direction ?? 'ASCENDING';
  if (direction !== 'ASCENDING' && direction !== 'DESCENDING') throw new ValueError(`${direction} should be one of ASCENDING, DESCENDING`);
  const axisT = convertIntegerInput(options.axis ?? -1, 'axis');
  const axis = constantScalar(axisT);
  if ((axisT.shape.ndims !== null && axisT.shape.ndims !== 0) || axis === null) throw new ValueError('axis must be a constant scalar');
  const v = convert_to_tensor(values, { name: 'values' });
  if (direction === 'DESCENDING') return descendingSort(v, axis, returnArgsort);
  const sorted = descendingSort(negative(v), axis, returnArgsort);
  return returnArgsort ? sorted : negative(sorted);
}

/**
 * `values` sorted along `axis` (default last), ascending unless `direction: 'DESCENDING'`.
 * @example tf.sort([3, 1, 2]) // [1, 2, 3]
 */
export const sort = pythonFunction('sort', ['values', 'axis=-1', "direction='ASCENDING'", 'name=None'], 1, function sort(values: TensorLike, options: SortOptions = {}): Tensor {
  return opScope(options.name, 'sort', [values], () => sortOrArgsort(values, options, false));
});

/**
 * The int32 indices that sort `values` along `axis`; equal values keep their order.
 * @example tf.argsort([3, 1, 2]) // [1, 2, 0]
 */
export const argsort = pythonFunction('argsort', ['values', 'axis=-1', "direction='ASCENDING'", 'stable=False', 'name=None'], 1, function argsort(values: TensorLike, options: SortOptions & { stable?: boolean } = {}): Tensor {
  return opScope(options.name, 'argsort', [values], () => sortOrArgsort(values, options, true));
});
