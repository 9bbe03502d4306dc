/**
 * V1 checkpoints as TF's TensorSliceWriter writes them (the `SaveSlices` op, `Saver(write_version=V1)`): one
 * uncompressed SSTable whose "" key holds the SavedTensorSliceMeta (each tensor's name, shape, dtype and
 * slices; checkpoint version 1) and whose other keys, the ordered-code (name, slice) pairs, hold each slice's
 * values in a TensorProto's typed fields: byte for byte the files TF 0.x wrote.
 */
import { NDArray } from '../framework/ndarray';
import { InvalidArgumentError } from '../framework/errors';
import { SavedSliceMeta, SavedTensorSlicesCodec, TensorSliceProto } from '../proto';
import { Compression, TableBuilder, compareBytes } from './table';
import { TensorSlice, encodeTensorNameSlice } from './tensor_slice';
import { makeTensorProto, shapeToProto } from '../framework/tensor_proto';
import { atomicWriteFile } from './file_io';

/** TF_CHECKPOINT_VERSION, the producer version of V1 checkpoints. */
const V1_CHECKPOINT_VERSION = 1;

export interface V1SliceEntry {
  readonly name: string;
  /** The full tensor's shape. */
  readonly fullShape: readonly number[];
  readonly slice: TensorSlice;
  /** The slice's values. */
  readonly value: NDArray;
}

/** A TensorSlice as TF's TensorSlice::AsProto writes it: one extent per dim, empty where the slice is full. */
function sliceProto(slice: TensorSlice): TensorSliceProto {
  return { extent: slice.starts.map((start, d) => (slice.lengths[d] < 0 ? {} : { start, length: slice.lengths[d] })) };
}

/** Writes `entries` to `file` as a V1 checkpoint (atomically). */
export function writeV1Checkpoint(file: string, entries: readonly V1SliceEntry[]): void {
  const metas = new Map<string, SavedSliceMeta>();
  const data: { key: Uint8Array; value: Uint8Array }[] = [];
  for (const e of entries) {
    let meta = metas.get(e.name);
    if (!meta) {
      meta = { name: e.name, shape: shapeToProto([...e.fullShape]), type: e.value.dtype.as_datatype_enum, slice: [] };
      metas.set(e.name, meta);
    } else if (meta.type !== e.value.dtype.as_datatype_enum) {
      throw new InvalidArgumentError(null, null, `Mismatching dtypes for the slices of ${e.name}`);
    }
    meta.slice!.push(sliceProto(e.slice));
    // Only the typed values: TF leaves the dtype and shape to the meta entry.
    const { dtype: _dtype, tensor_shape: _shape, ...values } = makeTensorProto(e.value, false);
    data.push({
      key: encodeTensorNameSlice(e.name, e.slice),
      value: SavedTensorSlicesCodec.encode({ data: { name: e.name, slice: sliceProto(e.slice), data: values } }),
    });
  }
  const table = new TableBuilder({ compression: Compression.None });
  const header = { meta: { tensor: [...metas.values()], versions: { producer: V1_CHECKPOINT_VERSION } } };
  table.add(new Uint8Array(0), SavedTensorSlicesCodec.encode(header));
  data.sort((a, b) => compareBytes(a.key, b.key));
  for (const d of data) table.add(d.key, d.value);
  atomicWriteFile(file, table.finish());
}
