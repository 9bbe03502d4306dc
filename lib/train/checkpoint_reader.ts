/**
 * Reading checkpoints by name: `NewCheckpointReader` / `tf.train.load_checkpoint` (a CheckpointReader
 * over a V2 bundle, or a V1 table file when `<prefix>.index` does not exist), `tf.train.list_variables`
 * and `tf.train.load_variable`.
 */
import * as fs from 'fs';
import { DType, as_dtype } from '../framework/dtypes';
import { DataLossError, NotFoundError, ValueError } from '../framework/errors';
import { NDArray } from '../framework/ndarray';
import { SavedSliceMeta, SavedTensorSlicesCodec, TensorSliceProto } from '../proto';
import { latest_checkpoint } from './checkpoint_management';
import { Table } from './table';
import { BundleReader, CheckpointKeyNotFoundError, fileError } from './tensor_bundle';
import { shapeString } from '../framework/tensor_shape';
import { makeNdarray, shapeFromProto, shapeToProto } from '../framework/tensor_proto';
import { TensorSlice, assembleSlice } from './tensor_slice';
import { pythonFunction } from '../framework/python_signature';

/** One tensor of a checkpoint: what `get_variable_to_shape_map` and the dtype map hold together. */
export interface CheckpointEntryInfo {
  readonly name: string;
  readonly dtype: DType;
  readonly shape: number[];
  /** Bytes on disk (V2), or null when unknown (V1). */
  readonly size: number | null;
  /** Whether the tensor is a partitioned variable saved in slices (its value reads assembled). */
  readonly partitioned: boolean;
  /** How many slices it is saved in (0 for a tensor saved whole). */
  readonly slices: number;
}

/** What both checkpoint formats provide. */
interface FormatReader {
  readonly entries: CheckpointEntryInfo[];
  has(name: string): boolean;
  get(name: string): NDArray;
  getMany(names: readonly string[]): NDArray[];
  /** The values of `slice` of tensor `name`. */
  getSlice(name: string, slice: TensorSlice): NDArray;
  debugString(): string;
}

class V2Reader implements FormatReader {
  readonly entries: CheckpointEntryInfo[];
  constructor(private readonly bundle: BundleReader) {
    this.entries = bundle.keys.map((k) => {
      const e = bundle.entry(k);
      return { name: k, dtype: e.dtype, shape: [...e.shape], size: e.numSlices ? null : e.size, partitioned: e.numSlices > 0, slices: e.numSlices };
    });
  }
  has(name: string): boolean { return this.bundle.has(name); }
  get(name: string): NDArray { return this.bundle.lookup(name); }
  getMany(names: readonly string[]): NDArray[] { return this.bundle.lookupMany(names); }
  getSlice(name: string, slice: TensorSlice): NDArray { return this.bundle.lookupSlice(name, slice); }
  debugString(): string { return this.bundle.debugString(); }
}

const V1_HINT = ': perhaps your file is in a different file format and you need to use a different restore operator?';

function isFullSlice(slice: TensorSliceProto | undefined, shape: readonly number[]): boolean {
  const ext = slice?.extent ?? [];
  if (ext.length === 0) return true;
  if (ext.length !== shape.length) return false;
  return ext.every((e, i) => (e.start ?? 0) === 0 && (e.length === undefined || e.length === shape[i]));
}

/**
 * TF's V1 checkpoint (one SSTable of SavedTensorSlices, written by the `Save` op); whole tensors only.
 */
class V1Reader implements FormatReader {
  readonly entries: CheckpointEntryInfo[] = [];
  private readonly metas = new Map<string, SavedSliceMeta>();
  private readonly table: Table;

  constructor(private readonly file: string) {
    let bytes: Uint8Array;
    try {
      if (fs.statSync(file).isDirectory()) {
        throw new DataLossError(null, null, `Unable to open table file ${file}: Failed precondition: ${file}; Is a directory${V1_HINT}`);
      }
      bytes = fs.readFileSync(file);
    } catch (e) {
      if (e instanceof DataLossError) throw e;
      throw fileError(e, file);
    }
    this.table = Table.parse(bytes, file, (defect) => `Unable to open table file ${file}: Data loss: ${defect}${V1_HINT}`);
    const header = this.table.get(new Uint8Array(0));
    const notV1 = () => new DataLossError(null, null,
      `Unable to open table file ${file}: Data loss: the table holds no SavedTensorSlices metadata, so it is not a V1 checkpoint${V1_HINT}`);
    if (!header) throw notV1();
    let meta;
    try {
      meta = SavedTensorSlicesCodec.decode(header).meta;
    } catch {
      throw notV1();
    }
    if (!meta || (meta.tensor ?? []).some((t) => !t.name)) throw notV1();
    for (const t of meta.tensor ?? []) {
      let shape: number[], dtype: DType;
      try {
        shape = shapeFromProto(t.shape, `tensor ${t.name}`);
        dtype = as_dtype(t.type ?? 0);
      } catch {
        throw notV1();
      }
      this.metas.set(t.name!, t);
      const partitioned = (t.slice ?? []).length !== 1 || !isFullSlice(t.slice![0], shape);
      this.entries.push({ name: t.name!, dtype: dtype.base_dtype, shape, size: null, partitioned, slices: partitioned ? (t.slice ?? []).length : 0 });
    }
    this.entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  has(name: string): boolean { return this.metas.has(name); }

  getMany(names: readonly string[]): NDArray[] { return names.map((n) => this.get(n)); }

  /** The values of `slice` of `name`, from the slices the table stores (one full slice for a whole tensor). */
  getSlice(name: string, slice: TensorSlice): NDArray {
    const meta = this.metas.get(name);
    if (!meta) throw new CheckpointKeyNotFoundError(null, null, `Tensor name "${name}" not found in checkpoint files ${this.file}`);
    const info = this.entries.find((e) => e.name === name)!;
    const stored = this.storedSlices(name, info);
    return assembleSlice(name, info.dtype, info.shape, slice, stored.map((s) => s.slice), (indices) => indices.map((i) => stored[i].value()),
      this.file);
  }

  get(name: string): NDArray {
    const info = this.entries.find((e) => e.name === name);
    return this.getSlice(name, TensorSlice.full(info?.shape.length ?? 0));
  }

  /** Every data entry of `name`: its slice and (decoded on demand) its values. */
  private storedSlices(name: string, info: CheckpointEntryInfo): { slice: TensorSlice; value: () => NDArray }[] {
    const out: { slice: TensorSlice; value: () => NDArray }[] = [];
    for (const { key, value } of this.table.entries) {
      if (key.length === 0) continue;
      let slices;
      try {
        slices = SavedTensorSlicesCodec.decode(value);
      } catch {
        throw new DataLossError(null, null, `Unable to parse a SavedTensorSlices entry in ${this.file}`);
      }
      const d = slices.data;
      if (!d || d.name !== name) continue;
      // The data entry names its slice; one of another rank (as some writers leave it) is the tensor's only slice.
      const metaSlices = this.metas.get(name)!.slice ?? [];
      let slice: TensorSlice;
      if (d.slice && (d.slice.extent ?? []).length === info.shape.length) slice = TensorSlice.fromProto(d.slice);
      else if (metaSlices.length <= 1) slice = metaSlices.length && (metaSlices[0].extent ?? []).length === info.shape.length ? TensorSlice.fromProto(metaSlices[0]) : TensorSlice.full(info.shape.length);
      else throw new DataLossError(null, null, `A slice of ${name} in ${this.file} has ${(d.slice?.extent ?? []).length} dimensions, but the tensor has ${info.shape.length}`);
      out.push({
        slice,
        value: () => {
          if (!d.data) throw new DataLossError(null, null, `Slice of ${name} in ${this.file} has no data`);
          const shape = slice.sliceShape(info.shape);
          return makeNdarray({ ...d.data, dtype: d.data.dtype || info.dtype.as_datatype_enum, tensor_shape: shapeToProto(shape) });
        },
      });
    }
    if (out.length === 0) throw new DataLossError(null, null, `The data of tensor ${name} is missing from ${this.file}`);
    return out;
  }

  debugString(): string {
    return this.entries.map((e) => `${e.name} (${e.dtype.enum_name}) ${shapeString(e.shape)}\n`).join('');
  }
}

/**
 * A checkpoint opened for reading (TF's `CheckpointReader`, as `NewCheckpointReader` returns it).
 * @example
 * const reader = tf.train.load_checkpoint('/tmp/model.ckpt');
 * reader.get_variable_to_shape_map()  // { bias_0: [3], weights_0: [2, 3] }
 * reader.get_tensor('bias_0')         // NDArray float32 [3]
 */
export class CheckpointReader {
  /** The prefix (V2) or file (V1) this reader opened. */
  readonly filepattern: string;
  /** `'V2'` for a tensor bundle, `'V1'` for a single table file. */
  readonly format: 'V1' | 'V2';
  private readonly impl: FormatReader;
  private infoByName?: Map<string, CheckpointEntryInfo>;

  constructor(filepattern: string) {
    if (typeof filepattern !== 'string') throw new TypeError(`Checkpoint path must be a string, got ${String(filepattern)}`);
    this.filepattern = filepattern;
    let isV2 = false;
    try { isV2 = fs.statSync(`${filepattern}.index`).isFile(); } catch { /* not V2 */ }
    if (isV2) {
      this.format = 'V2';
      this.impl = new V2Reader(new BundleReader(filepattern));
    } else {
      if (!fs.existsSync(filepattern)) {
        throw new NotFoundError(null, null, `Unsuccessful TensorSliceReader constructor: Failed to find any matching files for ${filepattern}`);
      }
      this.format = 'V1';
      this.impl = new V1Reader(filepattern);
    }
  }

  /** The value of one tensor; CheckpointKeyNotFoundError `Key <name> not found in checkpoint`. */
  get_tensor(tensor_str: string): NDArray {
    if (!this.impl.has(tensor_str)) {
      throw new CheckpointKeyNotFoundError(null, null, this.format === 'V2' ? `Key ${tensor_str} not found in checkpoint`
        : `Tensor name "${tensor_str}" not found in checkpoint files ${this.filepattern}`);
    }
    return this.impl.get(tensor_str);
  }

  /** Several tensors at once (one pass over the data file); NotFoundError for the first missing name. */
  get_tensors(names: readonly string[]): NDArray[] {
    for (const n of names) if (!this.impl.has(n)) this.get_tensor(n);
    return this.impl.getMany(names);
  }

  has_tensor(tensor_str: string): boolean { return this.impl.has(tensor_str); }

  /** The values of `slice` of one tensor (what RestoreV2 reads for a shape-and-slice spec). */
  get_slice(tensor_str: string, slice: TensorSlice): NDArray {
    if (!this.impl.has(tensor_str)) this.get_tensor(tensor_str);
    return this.impl.getSlice(tensor_str, slice);
  }

  /** Tensor name → shape (list of ints). */
  get_variable_to_shape_map(): Record<string, number[]> {
    return Object.fromEntries(this.impl.entries.map((e) => [e.name, [...e.shape]]));
  }

  /** Tensor name → DType. */
  get_variable_to_dtype_map(): Record<string, DType> {
    return Object.fromEntries(this.impl.entries.map((e) => [e.name, e.dtype]));
  }

  /** One line per tensor, `<name> (<DT_ENUM>) [d0,d1]`, each ending in a newline. */
  debug_string(): string { return this.impl.debugString(); }

  /** Name, dtype, shape and size of one tensor, or undefined when the checkpoint has no such tensor. */
  info(name: string): CheckpointEntryInfo | undefined {
    this.infoByName ??= new Map(this.impl.entries.map((e) => [e.name, e]));
    return this.infoByName.get(name);
  }

  /** Every tensor's name, dtype, shape and size, in key order (for views of a checkpoint). */
  entries(): CheckpointEntryInfo[] { return this.impl.entries.map((e) => ({ ...e, shape: [...e.shape] })); }

  // camelCase aliases
  getTensor(name: string): NDArray { return this.get_tensor(name); }
  hasTensor(name: string): boolean { return this.has_tensor(name); }
  getVariableToShapeMap(): Record<string, number[]> { return this.get_variable_to_shape_map(); }
  getVariableToDtypeMap(): Record<string, DType> { return this.get_variable_to_dtype_map(); }
  debugString(): string { return this.debug_string(); }

  toString(): string { return `<CheckpointReader ${this.format} '${this.filepattern}' (${this.impl.entries.length} tensors)>`; }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
}

/** TF's `pywrap_tensorflow.NewCheckpointReader(filepattern)`. */
export const NewCheckpointReader = pythonFunction('NewCheckpointReader', ['filepattern'], 1, function NewCheckpointReader(filepattern: string): CheckpointReader { return new CheckpointReader(filepattern); });

function isDirectory(p: string): boolean {
  try { return fs.statSync(p).isDirectory(); } catch { return false; }
}

/** A checkpoint prefix from a prefix or a folder holding a `checkpoint` state file. */
function checkpointFilename(ckpt_dir_or_file: string): string | null {
  return isDirectory(ckpt_dir_or_file) ? latest_checkpoint(ckpt_dir_or_file) : ckpt_dir_or_file;
}

/**
 * Opens a checkpoint given its prefix or its folder (then the latest checkpoint recorded there).
 * @example tf.train.load_checkpoint('/tmp/train').get_tensor('global_step')
 */
export const load_checkpoint = pythonFunction('load_checkpoint', ['ckpt_dir_or_file'], 1, function load_checkpoint(ckpt_dir_or_file: string): CheckpointReader {
  const filename = checkpointFilename(ckpt_dir_or_file);
  if (filename === null) {
    throw new ValueError(`Couldn't find 'checkpoint' file or checkpoints in given directory ${ckpt_dir_or_file}`);
  }
  return new CheckpointReader(filename);
});

/** `[name, shape]` for every tensor of a checkpoint, sorted by name. */
export const list_variables = pythonFunction('list_variables', ['ckpt_dir_or_file'], 1, function list_variables(ckpt_dir_or_file: string): [string, number[]][] {
  const map = load_checkpoint(ckpt_dir_or_file).get_variable_to_shape_map();
  return Object.keys(map).sort().map((k) => [k, map[k]]);
});

/** The value of one variable of a checkpoint (a trailing `:0` is ignored). */
export const load_variable = pythonFunction('load_variable', ['ckpt_dir_or_file', 'name'], 2, function load_variable(ckpt_dir_or_file: string, name: string): NDArray {
  const n = name.endsWith(':0') ? name.slice(0, -2) : name;
  return load_checkpoint(ckpt_dir_or_file).get_tensor(n);
});
