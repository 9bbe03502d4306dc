/**
 * TF 1.15's space-to-batch helpers: `tf.required_space_to_batch_paddings` (the paddings that make a block
 * shape divide a spatial shape, and the crops that undo the extra) and `tf.nn.with_space_to_batch` (an op run
 * on the space-to-batch form of its input: the "atrous" form of a sliding window op). Where every value is
 * known while building, they fold to constants as TF's do (its numpy path); otherwise the same arithmetic
 * runs in the graph.
 */
import { int32 } from '../framework/dtypes';
import type { Padding } from '../framework/window';
import { Tensor } from '../framework/graph';
import { ValueError } from '../framework/errors';
import { pythonFunction, pythonRepr } from '../framework/python_signature';
import { TensorLike, convert_to_tensor, opScope } from './op_builder';
import { constantValue } from './schema_util';
import { batch_to_space_nd, concat, constant, getitem, shape as shapeOf, space_to_batch_nd, stack, zeros } from './array_ops';
import { add, floordiv, floormod, multiply, subtract } from './math_ops';

/** An int32 vector or [n, 2] matrix known while building (numbers), or a tensor computing it. */
type IntValue = number[] | number[][] | Tensor;

const numbersOf = (t: Tensor): number[] | null => {
  const c = constantValue(t);
  return c ? Array.from(c.values as ArrayLike<number | bigint>, Number) : null;
};
const rows = (flat: number[]): number[][] => Array.from({ length: flat.length / 2 }, (_, i) => [flat[2 * i], flat[2 * i + 1]]);

/**
 * The folded form of required_space_to_batch_paddings: paddings start as `base` and end with what makes each
 * padded size a multiple of its block; crops remove that extra again.
 */
export function requiredPaddingsOf(input: readonly number[], block: readonly number[], base: readonly (readonly number[])[]): { paddings: number[][]; crops: number[][] } {
  const paddings: number[][] = [], crops: number[][] = [];
  input.forEach((size, i) => {
    const [start, end] = base[i];
    // Python's %: the result takes the divisor's sign.
    const pyMod = (a: number, b: number) => ((a % b) + b) % b;
    const extra = pyMod(block[i] - pyMod(size + start + end, block[i]), block[i]);
    paddings.push([start, end + extra]);
    crops.push([0, extra]);
  });
  return { paddings, crops };
}

/** `[[v[0][0], v[0][1]], ...]` of a tensor's rows, stacked as TF's list comprehension stacks them. */
function stackRows(n: number, first: (i: number) => TensorLike, second: (i: number) => TensorLike, name: string): Tensor {
  return stack(Array.from({ length: n }, (_, i) => stack([first(i), second(i)])), { name });
}

/**
 * Paddings and crops for `space_to_batch_nd` / `batch_to_space_nd` so that `block_shape` divides
 * `input_shape` padded by at least `base_paddings`: `[paddings, crops]`, int32 tensors of shape [N, 2].
 * @example const [paddings, crops] = tf.required_space_to_batch_paddings([5, 6], [2, 2])  // [[0, 1], [0, 0]], [[0, 1], [0, 0]]
 */
export const required_space_to_batch_paddings = pythonFunction('required_space_to_batch_paddings', ['input_shape', 'block_shape', 'base_paddings=None', 'name=None'], 2,
  function required_space_to_batch_paddings(input_shape: TensorLike, block_shape: TensorLike, options: { base_paddings?: TensorLike | null; name?: string | null } = {}): [Tensor, Tensor] {
    return opScope(options.name ?? undefined, 'required_space_to_batch_paddings', [input_shape, block_shape], () => {
      const inputShape = convert_to_tensor(input_shape, { dtype: int32, name: 'input_shape' });
      const blockShape = convert_to_tensor(block_shape, { dtype: int32, name: 'block_shape' });
      if (!blockShape.shape.is_fully_defined()) throw new ValueError(`Shape ${blockShape.shape} is not fully defined`);
      const n = blockShape.shape.with_rank(1).dims![0]!;
      if (n === 0) return [zeros([0, 2], int32), zeros([0, 2], int32)];
      inputShape.shape.assert_is_compatible_with([n]);
      let base: Tensor;
      if (options.base_paddings !== undefined && options.base_paddings !== null) {
        base = convert_to_tensor(options.base_paddings, { dtype: int32, name: 'base_paddings' });
        base.shape.assert_is_compatible_with([n, 2]);
      } else {
        base = zeros([n, 2], int32);
      }
      const block = numbersOf(blockShape), input = numbersOf(inputShape), basePaddings = numbersOf(base);
      if (block && input && basePaddings) {
        const { paddings, crops } = requiredPaddingsOf(input, block, rows(basePaddings));
        return [constant(paddings, { dtype: int32, name: 'paddings' }), constant(crops, { dtype: int32, name: 'crops' })];
      }
      const padStart = getitem(base, {}, 0), origPadEnd = getitem(base, {}, 1);
      const fullInputShape = add(add(inputShape, padStart, { name: 'add' }), origPadEnd, { name: 'add' });
      const padEndExtra = floormod(subtract(blockShape, floormod(fullInputShape, blockShape, { name: 'mod' }), { name: 'sub' }), blockShape, { name: 'mod' });
      const padEnd = add(origPadEnd, padEndExtra, { name: 'add' });
      return [
        stackRows(n, (i) => getitem(padStart, i), (i) => getitem(padEnd, i), 'paddings'),
        stackRows(n, () => constant(0, { dtype: int32 }), (i) => getitem(padEndExtra, i), 'crops'),
      ];
    });
  });

/** TF's base paddings of "SAME": half the dilated window's extent before, the rest after. */
function basePaddingsOf(filterShape: number[] | Tensor, n: number, rate: number[] | Tensor): Tensor {
  if (!(filterShape instanceof Tensor) && !(rate instanceof Tensor)) {
    const extras = filterShape.slice(0, n).map((f, i) => f + (f - 1) * (rate[i] - 1) - 1);
    // TF stacks numpy values here: one Const, named `stack`.
    return constant(extras.map((e) => [Math.floor(e / 2), e - Math.floor(e / 2)]), { dtype: int32, name: 'stack' });
  }
  const spatial = filterShape instanceof Tensor ? getitem(filterShape, { stop: n }) : constant(filterShape.slice(0, n), { dtype: int32 });
  const dilated = add(spatial, multiply(subtract(spatial, 1, { name: 'sub' }), subtract(rate, 1, { name: 'sub' }), { name: 'mul' }), { name: 'add' });
  const extra = subtract(dilated, 1, { name: 'sub' });
  const start = floordiv(extra, 2, { name: 'floordiv' });
  const end = subtract(extra, start, { name: 'sub' });
  return stackRows(n, (i) => getitem(start, i), (i) => getitem(end, i), 'stack');
}

/**
 * TF's _with_space_to_batch_adjust: `orig`'s rows placed at `spatial_dims - 1`, `fill` rows between; folded
 * when `orig` is known.
 */
function adjust(orig: Tensor, fill: number, spatialDims: readonly number[]): IntValue {
  const known = numbersOf(orig);
  const width = orig.shape.dims!.length > 1 ? orig.shape.dims![1]! : 0;
  const fillRow = () => (width > 0 ? Array.from({ length: width }, () => fill) : fill);
  const value: (number | number[])[] | null = known ? (width > 0 ? rows(known) : known) : null;
  const parts: (number | number[])[][] = [];
  const tensorParts: Tensor[] = [];
  let prev = 0;
  for (let i = 0; i < spatialDims.length; i++) {
    const startI = i, startDim = spatialDims[i];
    const gap = startDim > 1 ? Array.from({ length: startDim - 1 - prev }, fillRow) : null;
    while (i + 1 < spatialDims.length && spatialDims[i + 1] === spatialDims[i] + 1) i++;
    if (value) {
      if (gap) parts.push(gap);
      parts.push(value.slice(startI, i + 1));
    } else {
      if (gap) tensorParts.push(constant(gap, { dtype: orig.dtype }));
      tensorParts.push(getitem(orig, { start: startI, stop: i + 1 }));
    }
    prev = spatialDims[i];
  }
  if (value) return parts.flat() as number[] | number[][];
  return concat(tensorParts, 0);
}

export interface WithSpaceToBatchOptions {
  filter_shape?: TensorLike | null;
  spatial_dims?: readonly number[] | null;
  data_format?: string | null;
}

/** The function `with_space_to_batch` runs: (input, num_spatial_dims, padding) → output. */
export type SpaceToBatchOp = (input: Tensor, num_spatial_dims: number, padding: Padding) => Tensor;

/**
 * Runs `op` on the space-to-batch form of `input` (dilated by `dilation_rate`), as TF 1.15 does: with a rate
 * uniformly 1 simply `op(input, num_spatial_dims, padding)`; otherwise SpaceToBatchND (paddings from
 * required_space_to_batch_paddings, "SAME" reduced to "VALID" by `filter_shape`), `op` with "VALID", and
 * BatchToSpaceND cropping the extra padding.
 * @example tf.nn.with_space_to_batch(x, [2, 2], 'SAME', (inp, n, pad) => tf.nn.max_pool(inp, [1, 3, 3, 1], [1, 1, 1, 1], pad), {filter_shape: [3, 3]})
 */
export const with_space_to_batch = pythonFunction('with_space_to_batch', ['input', 'dilation_rate', 'padding', 'op', 'filter_shape=None', 'spatial_dims=None', 'data_format=None'], 4,
  function with_space_to_batch(input: TensorLike, dilation_rate: TensorLike, padding: Padding, op: SpaceToBatchOp, options: WithSpaceToBatchOptions = {}): Tensor {
    const x = convert_to_tensor(input, { name: 'input' });
    const rate = convert_to_tensor(dilation_rate, { dtype: int32, name: 'dilation_rate' });
    if (rate.shape.dims !== null && rate.shape.dims.length !== 1) throw new ValueError('rate must be rank 1');
    if (!rate.shape.is_fully_defined()) throw new ValueError('rate must have known shape');
    const n = rate.shape.dims![0]!;
    const channelsFirst = options.data_format?.startsWith('NC') ?? false;
    const first = channelsFirst ? 2 : 1;
    const orig = options.spatial_dims ? [...options.spatial_dims] : Array.from({ length: n }, (_, i) => first + i);
    const spatialDims = [...new Set(orig.map((d) => Math.trunc(d)))].sort((a, b) => a - b);
    if (spatialDims.join() !== orig.join() || spatialDims.some((d) => d < 1)) {
      throw new ValueError('spatial_dims must be a montonically increasing sequence of positive integers');
    }
    const last = spatialDims[spatialDims.length - 1];
    const expectedRank = channelsFirst ? last : last + 1;
    if (x.shape.dims !== null && x.shape.dims.length < expectedRank) throw new ValueError(`input tensor must have rank ${expectedRank} at least`);
    const constRate = numbersOf(rate);
    if (constRate) {
      if (constRate.some((r) => r < 1)) throw new ValueError('dilation_rate must be positive');
      if (constRate.every((r) => r === 1)) return op(x, n, padding);
    }
    let base: Tensor | number[][];
    if (padding === 'SAME') {
      if (options.filter_shape === undefined || options.filter_shape === null) throw new ValueError('filter_shape must be specified for SAME padding');
      const filterShape = convert_to_tensor(options.filter_shape, { name: 'filter_shape' });
      base = basePaddingsOf(numbersOf(filterShape) ?? filterShape, n, constRate ?? rate);
    } else if (padding === 'VALID') {
      base = Array.from({ length: n }, () => [0, 0]);
    } else {
      throw new ValueError(`Invalid padding method ${pythonRepr(padding as string)}`);
    }
    const dims = x.shape.dims;
    const known = dims !== null ? spatialDims.map((d) => dims[d]) : null;
    let spatialShape: TensorLike;
    if (known && known.every((d): d is number => d !== null)) spatialShape = known;
    else {
      const s = shapeOf(x);
      spatialShape = stack(spatialDims.map((d) => getitem(s, d)));
    }
    const [paddings, crops] = required_space_to_batch_paddings(spatialShape, rate, { base_paddings: base });
    const block = adjust(rate, 1, spatialDims);
    const converted = space_to_batch_nd(x, block, adjust(paddings, 0, spatialDims));
    const result = op(converted, n, 'VALID');
    return batch_to_space_nd(result, block, adjust(crops, 0, spatialDims));
  });
