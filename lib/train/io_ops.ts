/**
 * The checkpoint ops the Saver builds (TF's io_ops): `SaveV2` writes a V2 bundle, `RestoreV2` reads
 * tensors from one (or from a V1 table when `<prefix>.index` is absent); `SaveSlices` writes a V1 table
 * (`Saver(write_version=V1)`, TF ≤ 0.12 graphs), `Restore` and `RestoreSlice` are the V1 savers' readers.
 * Op declarations and their CPU kernels.
 */
import { DType, as_dtype, dataTypeString, string as stringDtype } from '../framework/dtypes';
import { registerNotDifferentiable } from '../ops/gradient_util';
import { AttrValue, Tensor, registerOp } from '../framework/graph';
import { InvalidArgumentError } from '../framework/errors';
import { shapeString } from '../framework/tensor_shape';
import { registerKernel } from '../kernels/registry';
import { NDArray } from '../framework/ndarray';
import { CheckpointReader } from './checkpoint_reader';
import { BundleWriter, mergeBundles } from './tensor_bundle';
import { TensorSlice, parseShapeAndSlice } from './tensor_slice';
import { writeV1Checkpoint } from './tensor_slice_writer';

function dtypesAttr(attrs: ReadonlyMap<string, AttrValue>): DType[] {
  const v = attrs.get('dtypes');
  if (!v || !('list' in v)) throw new InvalidArgumentError(null, null, "attr 'dtypes' (a list of types) is required");
  return [...(v.list.type ?? [])];
}

registerOp({ type: 'SaveV2', stateful: true, outputDtypes: () => [] });
registerOp({
  type: 'RestoreV2',
  stateful: true,
  outputDtypes: (_inputs, attrs) => dtypesAttr(attrs),
  inferShapes: (op) => op.outputs.map(() => null),
});

function stringsOf(x: NDArray, what: string): string[] {
  if (x.dtype.storage !== 'string') throw new InvalidArgumentError(null, null, `${what} must be a string tensor, got ${x.dtype.name}`);
  return x.strings;
}

function scalarString(x: NDArray, what: string): string {
  if (x.dtype.storage !== 'string' || x.size !== 1) {
    throw new InvalidArgumentError(null, null, `Input ${what} must be a scalar string, got shape [${x.shape}] of ${x.dtype.name}`);
  }
  return x.strings[0];
}

function checkNamesAndSlices(names: string[], slices: string[], n: number): void {
  if (names.length !== n || slices.length !== n) {
    throw new InvalidArgumentError(null, null,
      `Expected ${n} tensor names and shape-and-slices, got tensor_names of size ${names.length} and shape_and_slices of size ${slices.length}`);
  }
}

registerOp({ type: 'SaveSlices', stateful: true, outputDtypes: () => [] });

// ---- sharded saves: each device's shard under a temporary prefix, then one merged bundle ----------------

registerOp({ type: 'ShardedFilename', outputDtypes: () => [stringDtype], inferShapes: () => [[]] });
registerOp({ type: 'MergeV2Checkpoints', stateful: true, outputDtypes: () => [], attrDefaults: { delete_old_dirs: { b: true } } });
registerNotDifferentiable('ShardedFilename', 'MergeV2Checkpoints', 'SaveSlices');

/** ShardedFilename(basename, shard, num_shards): `<basename>-<shard:05d>-of-<num_shards:05d>`. */
registerKernel('ShardedFilename', 'CPU', (ctx) => {
  const base = scalarString(ctx.input(0), 'basename');
  const [shard, num] = [ctx.input(1), ctx.input(2)].map((x) => Number(x.values[0]));
  return [NDArray.fromStrings([`${base}-${String(shard).padStart(5, '0')}-of-${String(num).padStart(5, '0')}`], [])];
});

/** MergeV2Checkpoints(checkpoint_prefixes, destination_prefix): the shards' bundles as one (TF's merge step). */
registerKernel('MergeV2Checkpoints', 'CPU', (ctx) => {
  const sources = stringsOf(ctx.input(0), 'checkpoint_prefixes');
  const dest = scalarString(ctx.input(1), 'destination_prefix');
  mergeBundles(sources, dest, ctx.attr('delete_old_dirs') === true);
  return [];
});

/** SaveSlices(filename, tensor_names, shapes_and_slices, data...): a V1 checkpoint file at `filename`. */
registerKernel('SaveSlices', 'CPU', (ctx) => {
  const file = scalarString(ctx.input(0), 'filename');
  const names = stringsOf(ctx.input(1), 'tensor_names');
  const slices = stringsOf(ctx.input(2), 'shapes_and_slices');
  const n = ctx.numInputs - 3;
  if (names.length !== n || slices.length !== n) {
    throw new InvalidArgumentError(null, null, `Expected ${n} elements in tensor_names and shapes_and_slices, got ${names.length} and ${slices.length}`);
  }
  writeV1Checkpoint(file, names.map((name, i) => {
    const value = ctx.input(3 + i);
    if (slices[i] === '') return { name, fullShape: value.shape, slice: TensorSlice.full(value.ndim), value };
    const spec = parseShapeAndSlice(slices[i]);
    if (shapeString(spec.sliceShape) !== shapeString(value.shape)) {
      throw new InvalidArgumentError(null, null, `Slice ${slices[i]} of ${name} has shape [${spec.sliceShape}], but the tensor to save has shape [${value.shape}]`);
    }
    return { name, fullShape: spec.fullShape, slice: spec.slice, value };
  }));
  return [];
});

registerKernel('SaveV2', 'CPU', (ctx) => {
  const prefix = scalarString(ctx.input(0), 'prefix');
  const names = stringsOf(ctx.input(1), 'tensor_names');
  const slices = stringsOf(ctx.input(2), 'shape_and_slices');
  const n = ctx.numInputs - 3;
  checkNamesAndSlices(names, slices, n);
  const tensors = names.map((_, i) => ctx.input(3 + i));
  const writer = new BundleWriter(prefix);
  try {
    names.forEach((name, i) => {
      if (slices[i] === '') { writer.add(name, tensors[i]); return; }
      const spec = parseShapeAndSlice(slices[i]);
      if (shapeString(spec.sliceShape) !== shapeString(tensors[i].shape)) {
        throw new InvalidArgumentError(null, null,
          `Slice ${slices[i]} of ${name} has shape [${spec.sliceShape}], but the tensor to save has shape [${tensors[i].shape}]`);
      }
      writer.addSlice(name, spec.fullShape, spec.slice, tensors[i]);
    });
    writer.finish();
  } catch (e) {
    writer.abort();
    throw e;
  }
  return [];
});

registerKernel('RestoreV2', 'CPU', (ctx) => {
  const prefix = scalarString(ctx.input(0), 'prefix');
  const names = stringsOf(ctx.input(1), 'tensor_names');
  const slices = stringsOf(ctx.input(2), 'shape_and_slices');
  const dtypes = ctx.op.outputs.map((t: Tensor) => t.dtype.base_dtype);
  checkNamesAndSlices(names, slices, dtypes.length);
  const reader = new CheckpointReader(prefix);
  const specs = names.map((name, i) => {
    const info = reader.info(name);
    if (!info) reader.get_tensor(name); // NotFoundError, TF's text
    const dtype = info?.dtype;
    if (dtype && dtype !== dtypes[i]) {
      throw new InvalidArgumentError(null, null,
        `tensor_name = ${name}; expected dtype ${dataTypeString(dtypes[i])} does not equal restored dtype ${dataTypeString(dtype)}`);
    }
    if (slices[i] === '') return null;
    const spec = parseShapeAndSlice(slices[i]);
    if (info && shapeString(info.shape) !== shapeString(spec.fullShape)) {
      throw new InvalidArgumentError(null, null,
        `tensor_name = ${name}; shape in shape_and_slice spec ${shapeString(spec.fullShape)} does not match the shape stored in checkpoint: ${shapeString(info.shape)}`);
    }
    return spec;
  });
  if (specs.every((s) => s === null)) return reader.get_tensors(names);
  return names.map((name, i) => {
    const spec = specs[i];
    return spec ? reader.get_slice(name, spec.slice) : reader.get_tensor(name);
  });
});

/** One tensor of a V1 (or V2) checkpoint: `Restore(file_pattern, tensor_name)` and `RestoreSlice(..., shape_and_slice)`. */
for (const type of ['Restore', 'RestoreSlice'] as const) {
  registerOp({
    type,
    stateful: true,
    outputDtypes: (_inputs, attrs) => {
      const dt = attrs.get('dt');
      if (!dt || !('type' in dt)) throw new InvalidArgumentError(null, null, `${type} needs its 'dt' attr (a type)`);
      return [dt.type];
    },
    inferShapes: () => [null],
  });
  registerKernel(type, 'CPU', (ctx) => {
    const pattern = scalarString(ctx.input(0), 'file_pattern');
    const name = scalarString(ctx.input(1), 'tensor_name');
    const slice = type === 'RestoreSlice' ? scalarString(ctx.input(2), 'shape_and_slice') : '';
    const dtype = ctx.op.outputs[0].dtype.base_dtype;
    const reader = new CheckpointReader(pattern);
    const value = slice === '' ? reader.get_tensor(name) : reader.get_slice(name, parseShapeAndSlice(slice).slice);
    if (value.dtype !== dtype) {
      throw new InvalidArgumentError(null, null, `Expected to restore a tensor of type ${dataTypeString(dtype)}, got a tensor of type ${dataTypeString(value.dtype)} instead: tensor_name = ${name}`);
    }
    return [value];
  });
}

/** For op builders: the `dtypes` attr of SaveV2/RestoreV2. */
export function dtypesAttrValue(dtypes: readonly DType[]): AttrValue {
  return { list: { type: dtypes.map((d) => as_dtype(d).base_dtype) } };
}
