/**
 * Partitioned variables (TF's PartitionedVariable and partitioned_variables.py): one variable stored as
 * several `<name>/part_<i>` variables along one axis, each knowing its place through a SaveSliceInfo,
 * so the Saver writes them as slices of one checkpoint tensor; and the partitioners `get_variable`
 * takes to choose the number of parts.
 */
import { DType, as_dtype, string as stringDtype } from '../framework/dtypes';
import { Operation, Tensor } from '../framework/graph';
import { NotImplementedError, TFTypeError, ValueError } from '../framework/errors';
import { TensorShape } from '../framework/tensor_shape';
import { TensorLike, convert_to_tensor } from '../ops/op_builder';
import { concat, identity, slice } from '../ops/array_ops';
import { AssignOptions, RefVariable } from './variables';
import { pythonClass, pythonFunction } from '../framework/python_signature';

/** Maps a variable's full shape and dtype to the number of parts along each axis. */
export type Partitioner = (shape: TensorShape, dtype: DType) => number[];

/**
 * A variable made of parts along one axis; converts to the concatenated value.
 * @example
 * const w = tf.get_variable('w', [10, 4], {partitioner: tf.fixed_size_partitioner(3)});
 * [...w].map((p) => p.name)   // ['w/part_0:0', 'w/part_1:0', 'w/part_2:0']
 */
export class PartitionedVariableClass implements Iterable<RefVariable> {
  private readonly variables: RefVariable[];
  private concatenated: Tensor | null = null;

  constructor(
    readonly name: string, private readonly fullShape: TensorShape, readonly dtype: DType,
    variable_list: readonly RefVariable[], private readonly partitions: readonly number[],
  ) {
    if (!Array.isArray(variable_list)) throw new TFTypeError(`variable_list is not a list or tuple: ${String(variable_list)}`);
    if (!Array.isArray(partitions)) throw new TFTypeError(`partitions is not a list or tuple: ${String(partitions)}`);
    if (!partitions.every((p) => p >= 1)) throw new ValueError(`partition values must be positive: [${partitions.join(', ')}]`);
    if (variable_list.length === 0) throw new ValueError('variable_list may not be empty');
    const shape = fullShape.as_list();
    for (const v of variable_list) {
      const info = v._get_save_slice_info();
      if (!info) throw new ValueError(`All variables must have a save_slice_info available: [${variable_list.map((x) => `'${x.name}'`).join(', ')}]`);
      if (shape.length !== partitions.length) throw new ValueError(`len(shape) != len(partitions): [${shape.join(', ')}] vs. [${partitions.join(', ')}]`);
      if (info.full_shape.join(',') !== shape.join(',')) {
        throw new ValueError(`All variables' full shapes must match shape: [${shape.join(', ')}]; but full shapes were: [[${info.full_shape.join(', ')}]]`);
      }
    }
    const offsetOrder = (a: RefVariable, b: RefVariable) => {
      const x = a._get_save_slice_info()!.var_offset, y = b._get_save_slice_info()!.var_offset;
      for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] - y[i];
      return 0;
    };
    this.variables = [...variable_list].sort(offsetOrder);
  }

  [Symbol.iterator](): Iterator<RefVariable> { return this.variables[Symbol.iterator](); }

  /** The number of parts (TF's `len()`). */
  get length(): number {
    const axes = this.partitionAxes();
    if (axes.length > 1) throw new ValueError(`Cannot get a length of ${axes.length} tensors`);
    return this.variables.length;
  }

  get shape(): TensorShape { return this.fullShape; }
  get_shape(): TensorShape { return this.fullShape; }
  get graph() { return this.variables[0].graph; }

  _get_variable_list(): RefVariable[] { return [...this.variables]; }
  _get_partitions(): number[] { return [...this.partitions]; }

  private partitionAxes(): number[] {
    if (this.partitions.every((p) => p === 1)) return [0];
    return this.partitions.flatMap((p, i) => (p > 1 ? [i] : []));
  }

  private partitionAxis(): number {
    const axes = this.partitionAxes();
    if (axes.length > 1) throw new NotImplementedError(`Cannot concatenate along more than one dimension: [${axes.join(', ')}].  Multi-axis partition concat is not supported`);
    return axes[0];
  }

  /** The full value: the parts concatenated under `<name>/ConcatPartitions/`, then an Identity `<name>`. */
  as_tensor(): Tensor {
    const g = this.graph;
    return g.control_dependencies(null, () => {
      if (this.variables.length === 1) return g.name_scope(null, () => identity(this.variables[0], { name: this.name }));
      const axis = this.partitionAxis();
      const joined = g.name_scope(`${this.name}/ConcatPartitions/`, () => concat(this.variables, axis));
      return g.name_scope(null, () => identity(joined, { name: this.name }));
    });
  }

  _as_tensor(dtype?: DType): Tensor {
    if (dtype && !dtype.is_compatible_with(this.dtype)) {
      throw new ValueError(`Incompatible type conversion requested to type '${dtype.name}' for variable of type '${this.dtype.name}'`);
    }
    this.concatenated ??= this.as_tensor();
    return this.concatenated;
  }

  assign(value: TensorLike, options: AssignOptions = {}): (Tensor | Operation)[] { return this.applyAssign('assign', value, options); }
  assign_add(value: TensorLike, options: AssignOptions = {}): (Tensor | Operation)[] { return this.applyAssign('assign_add', value, options); }
  assign_sub(value: TensorLike, options: AssignOptions = {}): (Tensor | Operation)[] { return this.applyAssign('assign_sub', value, options); }

  /** Each part gets its slice of `value` along the partition axis. */
  private applyAssign(kind: 'assign' | 'assign_add' | 'assign_sub', value: TensorLike, options: AssignOptions): (Tensor | Operation)[] {
    this.partitionAxis();
    const full = convert_to_tensor(value, { dtype: this.dtype });
    return this.variables.map((v) => {
      const info = v._get_save_slice_info()!;
      const part = slice(full, [...info.var_offset], [...info.var_shape]);
      return options.read_value === false ? v[kind](part, { ...options, read_value: false }) : v[kind](part, { ...options, read_value: true });
    });
  }

  toString(): string { return `<tf.PartitionedVariable '${this.name}' shape=${this.fullShape} dtype=${this.dtype.name} partitions=[${this.partitions.join(', ')}]>`; }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
}

/** `tf.PartitionedVariable(name, shape, dtype, variable_list, partitions)`, with or without `new`. */
export const PartitionedVariable = pythonClass('PartitionedVariable', ['name', 'shape', 'dtype', 'variable_list', 'partitions'], 5, PartitionedVariableClass);
export type PartitionedVariable = PartitionedVariableClass;

function elementBytes(dtype: DType, bytesPerString: number): number {
  return dtype.base_dtype === stringDtype ? bytesPerString : dtype.size;
}

/**
 * Parts along `axis` of at most `max_shard_bytes` each (as many as needed, capped by `max_shards`).
 * @example tf.get_variable('emb', [1000, 64], {partitioner: tf.variable_axis_size_partitioner(64 << 10)})
 */
export const variable_axis_size_partitioner = pythonFunction('variable_axis_size_partitioner', [
  'max_shard_bytes', 'axis=0', 'bytes_per_string_element=16', 'max_shards=None',
], 1, function variable_axis_size_partitioner(
  max_shard_bytes: number, options: { axis?: number; bytes_per_string_element?: number; max_shards?: number | null } = {},
): Partitioner {
  const axis = options.axis ?? 0, bytesPerString = options.bytes_per_string_element ?? 16, maxShards = options.max_shards ?? null;
  if (max_shard_bytes < 1 || bytesPerString < 1) throw new ValueError('Both max_shard_bytes and bytes_per_string_element must be positive.');
  if (maxShards && maxShards < 1) throw new ValueError('max_shards must be positive.');
  return (shape, dtype) => {
    if (!(shape instanceof TensorShape)) throw new ValueError(`shape is not a TensorShape: ${String(shape)}`);
    if (!shape.is_fully_defined()) throw new ValueError(`shape is not fully defined: ${shape}`);
    const dims = shape.toNumbers();
    const partitions = dims.map(() => 1);
    const bytesPerSlice = (dims.reduce((a, b) => a * b, 1) / dims[axis]) * elementBytes(as_dtype(dtype), bytesPerString);
    const slicesPerShard = Math.max(1, Math.floor(max_shard_bytes / bytesPerSlice));
    let axisShards = Math.ceil(dims[axis] / slicesPerShard);
    if (maxShards) axisShards = Math.min(maxShards, axisShards);
    partitions[axis] = axisShards;
    return partitions;
  };
});

/** Parts along `axis` of at least `min_slice_size` bytes each, at most `max_partitions` of them. */
export const min_max_variable_partitioner = pythonFunction('min_max_variable_partitioner', [
  'max_partitions=1', 'axis=0', 'min_slice_size=256 << 10', 'bytes_per_string_element=16',
], 0, function min_max_variable_partitioner(
  options: { max_partitions?: number; axis?: number; min_slice_size?: number; bytes_per_string_element?: number } = {},
): Partitioner {
  const maxPartitions = options.max_partitions ?? 1, axis = options.axis ?? 0;
  const minSliceSize = options.min_slice_size ?? 256 << 10, bytesPerString = options.bytes_per_string_element ?? 16;
  return (shape, dtype) => {
    const dims = shape.toNumbers();
    if (axis >= dims.length) throw new ValueError(`Can not partition variable along axis ${axis} when shape is only ${shape}`);
    const total = dims.reduce((a, b) => a * b, 1) * elementBytes(as_dtype(dtype), bytesPerString);
    const partitions = dims.map(() => 1);
    partitions[axis] = Math.max(1, Math.min(dims[axis], maxPartitions, Math.ceil(total / minSliceSize)));
    return partitions;
  };
});

/** `num_shards` parts along `axis` (fewer when the axis is shorter). */
export const fixed_size_partitioner = pythonFunction('fixed_size_partitioner', ['num_shards', 'axis=0'], 1,
  function fixed_size_partitioner(num_shards: number, options: { axis?: number } = {}): Partitioner {
    const axis = options.axis ?? 0;
    return (shape) => {
      const dims = shape.as_list();
      const partitions = dims.map(() => 1);
      partitions[axis] = Math.min(num_shards, dims[axis] ?? num_shards);
      return partitions;
    };
  });

/** TF's `_call_partitioner`: the partitioner's answer, checked. */
export function callPartitioner(partitioner: Partitioner, shape: TensorShape, dtype: DType): number[] {
  if (!shape.is_fully_defined()) throw new ValueError(`Shape of a new partitioned variable must be fully defined, but instead was ${shape}.`);
  if ((shape.ndims ?? 0) < 1) throw new ValueError(`A partitioned Variable must have rank at least 1, shape: ${shape}`);
  const slicing = partitioner(shape, dtype);
  if (!Array.isArray(slicing)) throw new ValueError(`Partitioner must return a sequence, but saw: ${String(slicing)}`);
  const list = `[${slicing.join(', ')}]`;
  if (slicing.length !== shape.ndims) throw new ValueError(`Partitioner returned a partition list that does not match the Variable's rank: ${list} vs. ${shape}`);
  if (slicing.some((p) => p < 1)) throw new ValueError(`Partitioner returned zero partitions for some axes: ${list}`);
  if (slicing.filter((p) => p > 1).length > 1) throw new ValueError(`Can only slice a variable along one dimension: shape: ${shape}, partitioning: ${list}`);
  return slicing;
}

/** The partitioned axis and its number of parts (axis 0 and one part when nothing is partitioned). */
export function sliceDimAndNumSlices(slicing: readonly number[]): [number, number] {
  const dim = slicing.findIndex((n) => n > 1);
  return dim < 0 ? [0, 1] : [dim, slicing[dim]];
}

/** The offset and shape of each part: the first `size % n` parts are one longer. */
export function iterSlices(fullShape: readonly number[], numSlices: number, sliceDim: number): { offset: number[]; shape: number[] }[] {
  const excess = fullShape[sliceDim] % numSlices;
  const minLen = Math.floor(fullShape[sliceDim] / numSlices);
  const offset = fullShape.map(() => 0);
  const out: { offset: number[]; shape: number[] }[] = [];
  for (let i = 0; i < numSlices; i++) {
    const shape = [...fullShape];
    shape[sliceDim] = minLen + (i < excess ? 1 : 0);
    out.push({ offset: [...offset], shape });
    offset[sliceDim] += shape[sliceDim];
  }
  return out;
}
