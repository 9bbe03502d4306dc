/**
 * `tf.train.Saver`: builds TF's `save/` sub-graph (SaveV2 / RestoreV2 / Assign ops) for a list or dict
 * of variables, saves and restores V2 checkpoints through it, keeps the `checkpoint` state file and
 * deletes checkpoints beyond `max_to_keep`; `tf.train.import_meta_graph`, which rebuilds a `.meta` file's
 * graph and returns its Saver, lives here too (as in TF's saver.py).
 */
import * as fs from 'fs';
import { randomUUID } from 'crypto';
import { DType, int32, string as stringDtype } from '../framework/dtypes';
import { Graph, Operation, Tensor, get_default_graph } from '../framework/graph';
import { TensorShape } from '../framework/tensor_shape';
import {
  FailedPreconditionError, InvalidArgumentError, NotFoundError, OpError, RuntimeError, TFTypeError, UnimplementedError, ValueError,
} from '../framework/errors';
import { constantFromArray, makeOp } from '../ops/op_builder';
import { identityOf, reshape, shape as shapeOf, stack } from '../ops/array_ops';
import { assign_variable_op } from '../ops/resource_variable_ops';
import { group } from '../ops/control_flow_ops';
import { BaseSession } from '../runtime/session';
import { NDArray } from '../framework/ndarray';
import { GraphKeys } from '../framework/graph_keys';
import { strip_name_scope } from '../framework/scopes';
import { RefVariable, Variable } from '../variables/variables';
import { PartitionedVariable } from '../variables/partitioned_variables';
import { ResourceVariable, is_resource_variable } from '../variables/variables';
import { CheckpointFormatVersion, CondContextDefCodec, GraphDef, MetaGraphDef, QueueRunnerDefCodec, SaverDef, SaverDefCodec, VariableDefCodec, WhileContextDefCodec } from '../proto';
import { QueueRunner } from './queue_runner';
import { condContextFromProto, whileContextFromProto } from '../ops/control_flow_proto';
import {
  checkpoint_exists, meta_graph_filename, remove_checkpoint, update_checkpoint_state_internal,
} from './checkpoint_management';
import { ExportMetaGraphOptions, UNBOUND_INPUTS_COLLECTION, export_meta_graph as exportMetaGraph, importGraphDef, read_meta_graph_file } from './meta_graph';
import * as logging from './logging';
import { basename, dirname } from './pypath';
import { dtypesAttrValue } from './io_ops';
import { CheckpointKeyNotFoundError } from './tensor_bundle';
import { CheckpointReader } from './checkpoint_reader';
import { renamedRnnKeys } from './rnn_names';
import { PythonSignature, pythonClass, pythonFunction } from '../framework/python_signature';

/** What a Saver can save: a Variable, or the ref tensor of a variable node. */
export type Saveable = RefVariable | Tensor;
/** One checkpoint name's value in a dict: a saveable, or the parts of a partitioned variable. */
export type SaveableValue = Saveable | PartitionedVariable | readonly RefVariable[];
/** A list of saveables (keyed by their op names, parts by their full name) or a dict from checkpoint names to saveables. */
export type VarList =
  | readonly (Saveable | PartitionedVariable)[] | ReadonlySet<Saveable | PartitionedVariable>
  | ReadonlyMap<string, SaveableValue> | { readonly [name: string]: SaveableValue };

export interface SaverOptions {
  /** Restore a checkpoint tensor into a variable of another shape with the same number of elements. */
  reshape?: boolean;
  sharded?: boolean;
  /** Most recent checkpoints to keep (default 5); 0 or null keeps all. */
  max_to_keep?: number | null;
  /** Keep one checkpoint every N hours besides the recent ones (default 10000). */
  keep_checkpoint_every_n_hours?: number;
  /** Name scope of the save ops (default `save`). */
  name?: string | null;
  restore_sequentially?: boolean;
  /** Use existing save ops described by this SaverDef (meta graph import) instead of building. */
  saver_def?: SaverDef | null;
  defer_build?: boolean;
  allow_empty?: boolean;
  /** SaverDef.V2 (2, the default) or SaverDef.V1 (1: one table file at the checkpoint path). */
  write_version?: number;
  pad_step_number?: boolean;
  save_relative_paths?: boolean;
  /** Default filename of the filename placeholder (default `model`). */
  filename?: string | null;
}

export interface SaveOptions {
  /** Appended to the path as `-<step>`: a number, or a Tensor / Variable / name evaluated in `sess`. */
  global_step?: number | Tensor | RefVariable | string | null;
  /** State file name (default `checkpoint`). */
  latest_filename?: string | null;
  meta_graph_suffix?: string;
  write_meta_graph?: boolean;
  write_state?: boolean;
  strip_default_attrs?: boolean;
}

interface SaveableSpec {
  /** Name in the checkpoint. */
  name: string;
  /** The shape-and-slice string of a part of a partitioned variable (`"10 4 0,5:0,4"`), else `""`. */
  slice: string;
  /** The variable's ref tensor (SaveV2 input, Assign target), or a resource variable's handle. */
  ref: Tensor;
  /** A resource variable: saved from a read of it, restored by an AssignVariableOp. */
  resource?: ResourceVariable;
}

/** The spec of one saveable (a resource variable keeps its variable). */
function specOf(name: string, slice: string, ref: Tensor, v: unknown): SaveableSpec {
  return is_resource_variable(v) ? { name, slice, ref, resource: v } : { name, slice, ref };
}

function isVariableOp(op: Operation): boolean {
  return op.type === 'VariableV2' || op.type === 'Variable' || op.type === 'AutoReloadVariable';
}

function refOf(x: unknown): Tensor | null {
  if (x instanceof RefVariable) return x._ref();
  if (x instanceof Tensor && isVariableOp(x.op)) return x;
  return null;
}

function describe(x: unknown): string {
  if (x === null) return 'None';
  if (typeof x === 'object' && x !== null && typeof (x as { toString?: unknown }).toString === 'function') {
    const s = String(x);
    if (s !== '[object Object]') return s;
  }
  try { return JSON.stringify(x) ?? String(x); } catch { return String(x); }
}

function byName<T extends { name: string }>(a: T, b: T): number { return a.name < b.name ? -1 : a.name > b.name ? 1 : 0; }

/** The parts of a partitioned variable (given as one or as its list of parts), each saved as its slice. */
function sliceSpecs(name: string, parts: readonly unknown[]): SaveableSpec[] {
  return parts.map((p) => {
    const info = p instanceof RefVariable ? p._get_save_slice_info() : null;
    if (!info) throw new TFTypeError(`A part of partitioned variable ${name} has no save_slice_info: ${describe(p)}`);
    return specOf(name, info.spec, (p as RefVariable)._ref(), p);
  });
}

/**
 * TF's `op_list_to_dict` + `_ValidateAndSliceInputs`: one spec per tensor or slice, sorted by
 * checkpoint name (the slices of one name in their parts' order).
 */
function saveablesOf(varList: VarList): SaveableSpec[] {
  const groups = new Map<string, SaveableSpec[]>();
  const isList = Array.isArray(varList) || varList instanceof Set;
  if (isList) {
    // Parts of partitioned variables gather under their full name.
    const sliced = new Map<string, RefVariable[]>();
    for (const v of [...(varList as Iterable<unknown>)]) {
      if (v instanceof PartitionedVariable) {
        for (const part of v) {
          const list = sliced.get(v.name) ?? [];
          list.push(part);
          sliced.set(v.name, list);
        }
        continue;
      }
      const info = v instanceof RefVariable ? v._get_save_slice_info() : null;
      if (info) {
        const list = sliced.get(info.full_name) ?? [];
        list.push(v as RefVariable);
        sliced.set(info.full_name, list);
        continue;
      }
      const ref = refOf(v);
      if (!ref) throw new TFTypeError(`Variable to save is not a Variable: ${describe(v)}`);
      if (groups.has(ref.op.name)) throw new ValueError(`At least two variables have the same name: ${ref.op.name}`);
      groups.set(ref.op.name, [specOf(ref.op.name, '', ref, v)]);
    }
    for (const [name, parts] of sliced) {
      if (groups.has(name)) throw new ValueError(`At least two variables have the same name: ${name}`);
      groups.set(name, sliceSpecs(name, parts));
    }
  } else if (varList instanceof Map || (typeof varList === 'object' && varList !== null && Object.getPrototypeOf(varList) === Object.prototype)) {
    const entries: [string, unknown][] = varList instanceof Map ? [...varList.entries()] : Object.entries(varList);
    for (const [name, v] of entries) {
      if (typeof name !== 'string') throw new TFTypeError(`names_to_saveables must be a dict mapping string names to Tensors/Variables. Not a string: ${describe(name)}`);
      if (v instanceof PartitionedVariable || Array.isArray(v)) { groups.set(name, sliceSpecs(name, [...(v as Iterable<unknown>)])); continue; }
      const ref = refOf(v);
      if (!ref) throw new TFTypeError(`names_to_saveables must be a dict mapping string names to Tensors/Variables. Not a variable: ${describe(v)}`);
      groups.set(name, [specOf(name, '', ref, v)]);
    }
  } else {
    throw new TFTypeError(`Variables to save should be passed in a dict or a list: ${describe(varList)}`);
  }
  const sorted = [...groups.entries()].sort(([a], [b]) => byName({ name: a }, { name: b })).flatMap(([, specs]) => specs);
  const seen = new Set<Operation>();
  for (const s of sorted) {
    if (seen.has(s.ref.op)) throw new ValueError(`The same saveable will be restored with two names: ${s.name}`);
    seen.add(s.ref.op);
  }
  return sorted;
}

/** `filename or "model"` as the two PlaceholderWithDefault ops `<scope>/filename` and `<scope>/Const`. */
function filenameTensor(g: Graph, filename: string): Tensor {
  const scalarString = { shape: new TensorShape([]) };
  const fname = g.name_scope('filename', (s) => {
    const input = constantFromArray(NDArray.fromStrings([filename], []), 'input', g);
    return makeOp('PlaceholderWithDefault', [input], { dtype: { type: stringDtype }, shape: scalarString }, s, g).outputs[0];
  });
  return g.name_scope('Const', (s) => makeOp('PlaceholderWithDefault', [fname], { dtype: { type: stringDtype }, shape: scalarString }, s, g).outputs[0]);
}

/** Names and shape-and-slices of SaveV2/RestoreV2 as the Const inputs TF's op wrappers create. */
function namesAndSlices(g: Graph, specs: readonly SaveableSpec[]): [Tensor, Tensor] {
  return [
    constantFromArray(NDArray.fromStrings(specs.map((s) => s.name)), 'tensor_names', g),
    constantFromArray(NDArray.fromStrings(specs.map((s) => s.slice)), 'shape_and_slices', g),
  ];
}

/** Saveables grouped by their variable's device, devices in sorted order (TF's _GroupByDevices). */
function groupByDevice(specs: readonly SaveableSpec[]): [string, SaveableSpec[]][] {
  const byDevice = new Map<string, SaveableSpec[]>();
  for (const s of specs) {
    const device = s.resource ? s.resource.device : s.ref.op.device;
    byDevice.set(device, [...(byDevice.get(device) ?? []), s]);
  }
  return [...byDevice].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The CPU of a device's task (TF's saveable_object_util.set_cpu0): where a shard's files are written. */
function cpuOf(device: string): string {
  return device ? `${device.replace(/\/device:[^/]*$/i, '')}/device:CPU:0` : '';
}

function isSession(x: unknown): x is BaseSession { return x instanceof BaseSession; }

const SAVE_SIGNATURE = new PythonSignature('save', [
  'sess', 'save_path', 'global_step=None', 'latest_filename=None', "meta_graph_suffix='meta'", 'write_meta_graph=True', 'write_state=True',
  'strip_default_attrs=False', 'save_debug_info=False',
]);
const RESTORE_SIGNATURE = new PythonSignature('restore', ['sess', 'save_path']);

/**
 * Saves and restores variables.
 * @example
 * const saver = new tf.train.Saver();               // all global variables
 * const path = saver.save(sess, '/tmp/model.ckpt', {global_step: 1000});  // '/tmp/model.ckpt-1000'
 * saver.restore(sess, path);
 */
export class Saver {
  private _saver_def: SaverDef | null;
  private readonly varList: VarList | null;
  private readonly options: SaverOptions;
  private readonly writeVersion: number;
  private readonly graph: Graph;
  private _is_built = false;
  private _is_empty = false;
  private lastCheckpoints: [string, number][] = [];
  private checkpointsToBeDeleted: [string, number][] = [];
  private nextCheckpointTime: number;
  private readonly name: string | null;

  constructor(var_list?: VarList | null, options: SaverOptions = {}) {
    const version = options.write_version ?? CheckpointFormatVersion.V2;
    if (version !== CheckpointFormatVersion.V2 && version !== CheckpointFormatVersion.V1) {
      throw new ValueError(`Saver(write_version=${version}): the formats written are SaverDef.V1 (1) and SaverDef.V2 (2)`);
    }
    if (options.sharded && version === CheckpointFormatVersion.V1) {
      throw new UnimplementedError(null, null, 'Saver(sharded=true) writes V2 checkpoints only here: use write_version=SaverDef.V2 with sharded, or sharded=false for V1');
    }
    this.varList = var_list ?? null;
    this.options = options;
    this.writeVersion = version;
    this.name = options.name ?? null;
    this.graph = get_default_graph();
    this._saver_def = options.saver_def ? { ...options.saver_def } : null;
    this.nextCheckpointTime = Date.now() / 1000 + (options.keep_checkpoint_every_n_hours ?? 10000) * 3600;
    if (!options.defer_build) this.build();
  }

  /** Builds the save/restore ops (only needed after `defer_build: true`). */
  build(): void {
    if (this._is_built) return;
    this._is_built = true;
    if (this._saver_def) {
      this.checkSaverDef();
      if (this.name) {
        const d = this._saver_def;
        const scoped = (n: string | undefined) => (n ? `${this.name}/${n}` : n);
        d.filename_tensor_name = scoped(d.filename_tensor_name);
        d.save_tensor_name = scoped(d.save_tensor_name);
        d.restore_op_name = scoped(d.restore_op_name);
      }
      this.nextCheckpointTime = Date.now() / 1000 + (this._saver_def.keep_checkpoint_every_n_hours ?? 0) * 3600;
      return;
    }
    const g = this.graph;
    const list: VarList = this.varList ?? [
      ...g.get_collection<Saveable>(GraphKeys.GLOBAL_VARIABLES), ...g.get_collection<Saveable>(GraphKeys.SAVEABLE_OBJECTS),
    ];
    const specs = saveablesOf(list);
    if (specs.length === 0) {
      if (this.options.allow_empty) { this._is_empty = true; return; }
      throw new ValueError('No variables to save');
    }
    this._saver_def = this.buildOps(g, specs);
  }

  private checkSaverDef(): void {
    const d = this._saver_def!;
    if (!d.save_tensor_name) throw new ValueError(`saver_def must specify the save_tensor_name: ${JSON.stringify(d)}`);
    if (!d.restore_op_name) throw new ValueError(`saver_def must specify the restore_op_name: ${JSON.stringify(d)}`);
  }

  /**
   * TF's BaseSaverBuilder._build_internal (late 1.x graph layout): one save op and one restore group, or with
   * `sharded` one per device of the variables, saved under a temporary prefix and merged (MergeV2Checkpoints).
   */
  private buildOps(g: Graph, specs: SaveableSpec[]): SaverDef {
    const sharded = !!this.options.sharded;
    return g.name_scope(this.name ?? 'save', () => {
      const filename = filenameTensor(g, this.options.filename ?? 'model');
      let saveTensor: Tensor;
      let restoreAll: Operation;
      if (!sharded) {
        const saveOp = this.saveOp(g, filename, specs);
        saveTensor = g.name_scope('control_dependency', (s) => g.colocate_with(filename.op, () =>
          g.control_dependencies([saveOp], () => makeOp('Identity', [filename], { T: { type: stringDtype } }, s, g).outputs[0])));
        restoreAll = group(this.restoreOps(g, filename, specs), { name: 'restore_all' });
      } else {
        const perDevice = groupByDevice(specs);
        // TF 1.x's temporary prefix: <prefix>_temp_<uuid>/part, one `part-<shard>-of-<n>` bundle per device.
        const suffix = constantFromArray(NDArray.fromStrings([`_temp_${randomUUID().replace(/-/g, '')}/part`], []), 'StringJoin/inputs_1', g);
        const tmpPrefix = g.name_scope('StringJoin', (s) => makeOp('StringJoin', [filename, suffix], { N: { i: 2 }, separator: { s: '' } }, s, g).outputs[0]);
        const numShards = constantFromArray(NDArray.from(perDevice.length, int32).reshape([]), 'num_shards', g);
        const shardFiles: Tensor[] = [];
        const shardSaves: Tensor[] = [];
        perDevice.forEach(([device, deviceSpecs], shard) => g.device(cpuOf(device), () => {
          const shardIndex = constantFromArray(NDArray.from(shard, int32).reshape([]), 'ShardedFilename/shard', g);
          const file = g.name_scope('ShardedFilename', (s) => makeOp('ShardedFilename', [tmpPrefix, shardIndex, numShards], {}, s, g).outputs[0]);
          shardFiles.push(file);
          const saveOp = this.saveOp(g, file, deviceSpecs);
          shardSaves.push(g.name_scope('control_dependency', (s) => g.colocate_with(file.op, () =>
            g.control_dependencies([saveOp], () => makeOp('Identity', [file], { T: { type: stringDtype } }, s, g).outputs[0]))));
        }));
        const lastDevice = cpuOf(perDevice[perDevice.length - 1][0]);
        const merge = g.control_dependencies(shardSaves.map((t) => t.op), () => g.device(lastDevice, () => g.name_scope('MergeV2Checkpoints', (s) =>
          makeOp('MergeV2Checkpoints', [stack(shardFiles, { name: 'checkpoint_prefixes' }), filename], { delete_old_dirs: { b: true } }, s, g))));
        saveTensor = g.control_dependencies([merge], () => g.device(lastDevice, () => makeOp('Identity', [filename], { T: { type: stringDtype } }, 'Identity', g).outputs[0]));
        const shardRestores = perDevice.map(([device, deviceSpecs]) => g.device(device, () => group(this.restoreOps(g, filename, deviceSpecs), { name: 'restore_shard' })));
        restoreAll = group(shardRestores, { name: 'restore_all' });
      }
      return {
        filename_tensor_name: filename.name,
        save_tensor_name: saveTensor.name,
        restore_op_name: restoreAll.name,
        max_to_keep: this.options.max_to_keep === undefined ? 5 : this.options.max_to_keep ?? 0,
        sharded,
        keep_checkpoint_every_n_hours: this.options.keep_checkpoint_every_n_hours ?? 10000,
        version: this.writeVersion,
      };
    });
  }

  /** The op writing `specs` to `filename`: SaveV2, or SaveSlices for V1 (TF's io_ops._save). */
  private saveOp(g: Graph, filename: Tensor, specs: SaveableSpec[]): Operation {
    const dtypes: DType[] = specs.map((s) => (s.resource ? s.resource.dtype : s.ref.dtype.base_dtype));
    // A resource variable is saved from a read on its device, copied to the CPU (TF's ResourceVariableSaveable).
    const saved = specs.map((x) => (x.resource
      ? g.device('/device:CPU:0', () => identityOf(g.device(x.resource!.device, () => x.resource!.read_value()), 'Identity', g)) : x.ref));
    if (this.writeVersion === CheckpointFormatVersion.V1) {
      return g.name_scope('save', (s) => {
        const [tn, ss] = namesAndSlices(g, specs);
        return makeOp('SaveSlices', [filename, tn, ss, ...saved], { T: dtypesAttrValue(dtypes) }, s, g);
      });
    }
    return g.name_scope('SaveV2', (s) => {
      const [tn, ss] = namesAndSlices(g, specs);
      return makeOp('SaveV2', [filename, tn, ss, ...saved], { dtypes: dtypesAttrValue(dtypes) }, s, g);
    });
  }

  /** RestoreV2 of `specs` from `filename` (either format, as TF 1.15) and the ops assigning each value. */
  private restoreOps(g: Graph, filename: Tensor, specs: SaveableSpec[]): Operation[] {
    const reshapeOnRestore = !!this.options.reshape;
    const dtypes: DType[] = specs.map((s) => (s.resource ? s.resource.dtype : s.ref.dtype.base_dtype));
    const restored = g.device('/device:CPU:0', () => g.name_scope('RestoreV2', (s) => {
      const [tn, ss] = namesAndSlices(g, specs);
      return makeOp('RestoreV2', [filename, tn, ss], { dtypes: dtypesAttrValue(dtypes) }, s, g);
    }));
    return specs.map((spec, i) => {
      let value = restored.outputs[i];
      if (spec.resource) {
        const v = spec.resource;
        if (reshapeOnRestore) value = reshape(value, v.shape.toNumbers());
        const onDevice = g.device(v.device, () => identityOf(value, 'Identity', g));
        if (!v.shape.is_compatible_with(onDevice.shape)) throw new ValueError(`Shapes ${v.shape} and ${onDevice.shape} are incompatible`);
        return g.device(v.device, () => assign_variable_op('AssignVariableOp', v.handle, onDevice, v.dtype));
      }
      if (reshapeOnRestore) {
        const shape = spec.ref.shape;
        value = reshape(value, shape.is_fully_defined() ? shape.toNumbers() : shapeOf(spec.ref));
      }
      const validate = !reshapeOnRestore && spec.ref.shape.is_fully_defined();
      return makeOp('Assign', [spec.ref, value], {
        T: { type: dtypes[i] }, validate_shape: { b: validate }, use_locking: { b: true },
      }, 'Assign', g);
    });
  }

  /** The SaverDef (names of the filename tensor, save tensor and restore op; settings). */
  get saver_def(): SaverDef {
    if (!this._saver_def) throw new RuntimeError(this._is_empty ? 'This Saver has no variables, so it has no saver_def.' : '`build()` should be called first when defer_build is true');
    return this._saver_def;
  }

  as_saver_def(): SaverDef { return this.saver_def; }

  /** The SaverDef with `export_scope` stripped from its names; null when they are not all in that scope (TF's rule). */
  to_proto(export_scope?: string | null): SaverDef | null {
    const d = { ...this.saver_def };
    if (!export_scope) return d;
    const names = [d.filename_tensor_name, d.save_tensor_name, d.restore_op_name];
    if (!names.every((n) => (n ?? '').startsWith(export_scope))) return null;
    return {
      ...d, filename_tensor_name: strip_name_scope(d.filename_tensor_name ?? '', export_scope),
      save_tensor_name: strip_name_scope(d.save_tensor_name ?? '', export_scope), restore_op_name: strip_name_scope(d.restore_op_name ?? '', export_scope),
    };
  }

  /** A Saver for an existing SaverDef (names prefixed with `import_scope`). */
  static from_proto(saver_def: SaverDef, import_scope?: string | null): Saver {
    return new Saver(null, { saver_def, name: import_scope ?? null });
  }

  /** Checkpoints not yet deleted, oldest first. */
  get last_checkpoints(): string[] { return this.lastCheckpoints.map(([p]) => p); }

  set_last_checkpoints(last_checkpoints: readonly string[]): void {
    if (!Array.isArray(last_checkpoints)) throw new TFTypeError('last_checkpoints must be a list.');
    this.lastCheckpoints = last_checkpoints.map((p) => [p, Infinity]);
  }

  set_last_checkpoints_with_time(last_checkpoints_with_time: readonly [string, number][]): void {
    this.lastCheckpoints = last_checkpoints_with_time.map(([p, t]) => [p, t]);
  }

  /** Resumes tracking these checkpoints (those whose files exist), with their modification times. */
  recover_last_checkpoints(checkpoint_paths: readonly string[]): void {
    const withTime: [string, number][] = [];
    for (const p of checkpoint_paths) {
      for (const f of [`${p}.index`, p]) {
        try { withTime.push([p, fs.statSync(f).mtimeMs / 1000]); break; } catch { /* next */ }
      }
    }
    this.set_last_checkpoints_with_time(withTime);
  }

  private recordLastCheckpoint(path: string): void {
    if (!this.saver_def.max_to_keep) return;
    this.lastCheckpoints = this.lastCheckpoints.filter(([p]) => p !== path);
    this.lastCheckpoints.push([path, Date.now() / 1000]);
    if (this.lastCheckpoints.length > this.saver_def.max_to_keep) this.checkpointsToBeDeleted.push(this.lastCheckpoints.shift()!);
  }

  private maybeDeleteOldCheckpoints(metaGraphSuffix: string): void {
    const p = this.checkpointsToBeDeleted.shift();
    if (!p) return;
    if (p[1] > this.nextCheckpointTime) {
      this.nextCheckpointTime += (this.saver_def.keep_checkpoint_every_n_hours ?? 0) * 3600;
      return;
    }
    try {
      remove_checkpoint(p[0], this.saver_def.version ?? CheckpointFormatVersion.V2, metaGraphSuffix);
    } catch (e) {
      logging.warning(`Ignoring: ${(e as Error).message}`);
    }
  }

  /**
   * Saves the variables' values from `sess` to `<save_path>[-<global_step>]` (`.index` and
   * `.data-00000-of-00001`), records it in the `checkpoint` state file and writes the meta graph.
   * Returns the checkpoint path (null for an empty Saver).
   */
  save(sess: BaseSession, save_path: string, options?: SaveOptions): string | null;
  /** Python's keyword forms: `saver.save(sess, {save_path: p, global_step: step})`, `saver.save({sess, save_path})`. */
  save(sess: BaseSession, keywords: SaveOptions & { save_path: string }): string | null;
  save(keywords: SaveOptions & { sess: BaseSession; save_path: string }): string | null;
  save(...args: unknown[]): string | null {
    const [sess, save_path, options = {}] = SAVE_SIGNATURE.implArgs(args, 2) as [BaseSession, string, SaveOptions?];
    if (!this._is_built) throw new RuntimeError('`build()` should be called before save if defer_build==True');
    const latest = options.latest_filename ?? 'checkpoint';
    const suffix = options.meta_graph_suffix ?? 'meta';
    if (latest.includes('/')) throw new ValueError("'latest_filename' must not contain path components");
    let checkpointFile: string;
    if (options.global_step !== undefined && options.global_step !== null) {
      if (!isSession(sess)) throw new TFTypeError(`'sess' must be a Session; ${describe(sess)}`);
      const step = this.globalStep(sess, options.global_step);
      checkpointFile = this.options.pad_step_number ? `${save_path}-${String(step).padStart(8, '0')}` : `${save_path}-${step}`;
    } else {
      checkpointFile = save_path;
      if (basename(save_path) === latest) {
        throw new ValueError(`'latest_filename' collides with 'save_path': '${latest}' and '${save_path}'`);
      }
    }
    if (!isSession(sess)) throw new TFTypeError(`'sess' must be a Session; ${describe(sess)}`);
    const parent = dirname(save_path);
    let modelCheckpointPath: string | null = null;
    if (!this._is_empty) {
      const def = this.saver_def;
      try {
        const out = sess.run(def.save_tensor_name!, { [def.filename_tensor_name!]: checkpointFile });
        modelCheckpointPath = out ? String(out.item()) : checkpointFile;
      } catch (e) {
        if ((e instanceof FailedPreconditionError || e instanceof NotFoundError) && !isDirectory(parent || '.')) {
          throw new ValueError(`Parent directory of ${save_path} doesn't exist, can't save.`);
        }
        throw e;
      }
      if (options.write_state ?? true) {
        this.recordLastCheckpoint(modelCheckpointPath);
        update_checkpoint_state_internal(parent, modelCheckpointPath, {
          all_model_checkpoint_paths: this.last_checkpoints, latest_filename: latest,
          save_relative_paths: this.options.save_relative_paths,
        });
        this.maybeDeleteOldCheckpoints(suffix);
      }
    }
    if (options.write_meta_graph ?? true) {
      this.export_meta_graph(meta_graph_filename(checkpointFile, suffix), { graph: sess.graph });
    }
    return this._is_empty ? null : modelCheckpointPath;
  }

  private globalStep(sess: BaseSession, step: number | Tensor | RefVariable | string): number {
    if (typeof step === 'number') return Math.trunc(step);
    const v = sess.run(step as Tensor);
    const x = v && v.item();
    if (typeof x !== 'number') throw new TFTypeError(`global_step must be a number, a Tensor or a Variable holding one; got ${describe(step)}`);
    return Math.trunc(x);
  }

  /**
   * Restores the variables from the checkpoint `save_path` (a prefix such as `/tmp/model.ckpt-1000`);
   * no initializer needs to run first.
   */
  restore(sess: BaseSession, save_path: string | null | undefined): void;
  restore(sess: BaseSession, keywords: { save_path: string | null | undefined }): void;
  restore(keywords: { sess: BaseSession; save_path: string | null | undefined }): void;
  restore(...args: unknown[]): void {
    const [sess, save_path] = RESTORE_SIGNATURE.bind(args) as [BaseSession, string | null | undefined];
    if (this._is_empty) return;
    if (save_path === null || save_path === undefined) throw new ValueError("Can't load save_path when it is None.");
    if (!checkpoint_exists(save_path)) throw new ValueError(`The passed save_path is not a valid checkpoint: ${save_path}`);
    if (!isSession(sess)) throw new TFTypeError(`'sess' must be a Session; ${describe(sess)}`);
    logging.info(`Restoring parameters from ${save_path}`);
    const def = this.saver_def;
    try {
      sess.run(def.restore_op_name!, { [def.filename_tensor_name!]: save_path });
    } catch (e) {
      // Only a name the checkpoint lacks is blamed on the checkpoint; any other error shows as it is.
      if (e instanceof CheckpointKeyNotFoundError) throw wrapRestoreError(e, 'a Variable name or other graph key that is missing', renamedRnnHint(sess, def, save_path));
      if (e instanceof InvalidArgumentError) throw wrapRestoreError(e, 'a mismatch between the current graph and the graph');
      throw e;
    }
  }

  /** Writes the meta graph of the default graph (or `options.graph`) with this Saver's SaverDef. */
  export_meta_graph(filename?: string | null, options: ExportMetaGraphOptions = {}): MetaGraphDef {
    return exportMetaGraph(filename, { ...options, graph: options.graph ?? this.graph, saver_def: this._is_empty ? null : this.saver_def });
  }

  toString(): string { return `<tf.train.Saver ${this._saver_def ? `'${this._saver_def.restore_op_name}'` : '(empty)'}>`; }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
}

function isDirectory(p: string): boolean {
  try { return fs.statSync(p).isDirectory(); } catch { return false; }
}

function wrapRestoreError(err: OpError, what: string, hint = ''): OpError {
  const msg = `Restoring from checkpoint failed. This is most likely due to ${what} from the checkpoint. Please ensure that you have not altered the graph expected based on the checkpoint. Original error:\n\n${err.message}${hint}`;
  const Cls = err.constructor as new (n: OpError['node_def'], o: OpError['op'], m: string) => OpError;
  return new Cls(err.node_def, err.op, msg);
}

/**
 * When the keys a restore looks for are missing because the checkpoint has TF ≤ 1.1's RNN names (`weights`,
 * `biases`), the names that differ and what TF 1.15 calls them; '' otherwise.
 */
function renamedRnnHint(sess: BaseSession, def: SaverDef, savePath: string): string {
  const graph = sess.graph;
  const scope = def.restore_op_name!.includes('/') ? def.restore_op_name!.slice(0, def.restore_op_name!.lastIndexOf('/') + 1) : '';
  const restores = graph.get_operations().filter((op) => op.name.startsWith(scope) && (op.type === 'RestoreV2' || op.type === 'RestoreSlice' || op.type === 'Restore'));
  if (restores.length === 0) return '';
  let keys: string[];
  let checkpointKeys: string[];
  try {
    keys = (sess.run(restores.map((op) => op.inputs[1])) as NDArray[]).flatMap((names) => names.strings);
    checkpointKeys = Object.keys(new CheckpointReader(savePath).get_variable_to_shape_map());
  } catch {
    return ''; // the hint is a courtesy: the restore's own error stands
  }
  const inCheckpoint = new Set(checkpointKeys);
  const renamed = renamedRnnKeys(checkpointKeys, keys.filter((k) => !inCheckpoint.has(k)));
  if (renamed.size === 0) return '';
  const lines = [...renamed].map(([old, now]) => `  '${old}' (in the checkpoint) is '${now}' in TF 1.15`);
  return `\n\nThe checkpoint has the RNN variable names of TF 1.1 and earlier; these names differ:\n${lines.join('\n')}\n`
    + 'Convert the checkpoint with tf.contrib.rnn.checkpoint_convert.convert_names(checkpoint_from_path, checkpoint_to_path), '
    + "or restore with a Saver whose var_list maps the checkpoint's names to the variables.";
}

/** `tf.train.Saver(...)` with or without `new`; a plain object of variables by name is a var_list. */
export const SaverCallable = pythonClass('Saver', [
  'var_list: dict = None', 'reshape=False', 'sharded=False', 'max_to_keep=5', 'keep_checkpoint_every_n_hours=10000.0', 'name=None',
  'restore_sequentially=False', 'saver_def=None', 'builder=None', 'defer_build=False', 'allow_empty=False',
  'write_version=saver_pb2.SaverDef.V2', 'pad_step_number=False', 'save_relative_paths=False', 'filename=None',
], 1, Saver);

// ---- import_meta_graph ---------------------------------------------------------------------------

const utf8Decoder = new TextDecoder();

/** Collections of serialized VariableDefs (one Variable object per distinct VariableDef). */
const VARIABLE_COLLECTIONS = new Set<string>([
  GraphKeys.GLOBAL_VARIABLES, GraphKeys.TRAINABLE_VARIABLES, GraphKeys.LOCAL_VARIABLES, GraphKeys.MODEL_VARIABLES,
  GraphKeys.MOVING_AVERAGE_VARIABLES, GraphKeys.CONCATENATED_VARIABLES, GraphKeys.GLOBAL_STEP, 'metric_variables',
]);

/** Collections of other serialized protos this library does not rebuild. */
const UNSUPPORTED_PROTO_COLLECTIONS = new Set<string>(['trainable_resource_variables']);

export interface ImportMetaGraphOptions {
  clear_devices?: boolean;
  /** Name scope for every imported name (made unique like any name scope). */
  import_scope?: string | null;
  /** Graph to import into (default: the default graph). */
  graph?: Graph;
}

/**
 * Imports a MetaGraphDef (a `.meta` file or the message) into the default graph: its nodes, its
 * collections (Variables rebuilt from their VariableDefs), and returns a Saver for its saver_def
 * (a new default Saver when there is none but variables exist; null without variables).
 * @example
 * const saver = tf.train.import_meta_graph('/tmp/model.ckpt.meta');
 * saver.restore(sess, '/tmp/model.ckpt');
 */
export const import_meta_graph = pythonFunction('import_meta_graph', ['meta_graph_or_file', 'clear_devices=False', 'import_scope=None', '**kwargs'], 1,
  function import_meta_graph(meta_graph_or_file: string | MetaGraphDef, options: ImportMetaGraphOptions = {}): Saver | null {
    // TF hands **kwargs on to import_scoped_meta_graph; of those, `graph` is what exists here.
    const unsupported = Object.keys(options).find((k) => !['clear_devices', 'import_scope', 'graph'].includes(k));
    if (unsupported !== undefined) throw new TFTypeError(`import_meta_graph(): the keyword argument '${unsupported}' is not supported (of TF's **kwargs only 'graph' is)`);
    const meta = typeof meta_graph_or_file === 'string' ? read_meta_graph_file(meta_graph_or_file) : meta_graph_or_file;
    const graph = options.graph ?? get_default_graph();
    return graph.as_default(() => importScoped(graph, meta, options));
  });

function importScoped(graph: Graph, meta: MetaGraphDef, options: ImportMetaGraphOptions): Saver | null {
  // A scope exported with inputs from outside it names them here; TF wants them given through input_map.
  const unbound = (meta.collection_def?.[UNBOUND_INPUTS_COLLECTION]?.bytes_list?.value ?? []).map((b) => utf8Decoder.decode(b));
  if (unbound.length) throw new ValueError(`Graph contains unbound inputs: ${unbound.join(',')}. Must provide these inputs through input_map.`);
  const graphDef: GraphDef = meta.graph_def ?? {};
  if (options.clear_devices) for (const n of graphDef.node ?? []) n.device = '';
  const scope = options.import_scope ? graph.unique_name(options.import_scope, true) : '';
  importGraphDef(graph, graphDef, { prefix: scope, op_list: meta.meta_info_def?.stripped_op_list?.op });
  const scoped = (n: string) => (scope ? `${scope}/${n}` : n);

  const collections = Object.entries(meta.collection_def ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const hasTrainable = (b: Uint8Array) => { try { return VariableDefCodec.decode(b).trainable !== undefined; } catch { return false; } };
  const variablesHaveTrainable = collections.some(([k, c]) => VARIABLE_COLLECTIONS.has(k) && (c.bytes_list?.value ?? []).some(hasTrainable));
  const variables = new Map<string, RefVariable>();
  for (const [key, c] of collections) {
    try {
      if (UNSUPPORTED_PROTO_COLLECTIONS.has(key) && c.bytes_list) {
        logging.warning(`Collection ${key} holds ${key} protos, which are not supported; it is not imported.`);
      } else if (VARIABLE_COLLECTIONS.has(key) && c.bytes_list) {
        for (const bytes of c.bytes_list.value ?? []) {
          const id = Buffer.from(bytes).toString('base64');
          let v = variables.get(id);
          if (!v) {
            const d = VariableDefCodec.decode(bytes);
            v = (d.is_resource ? ResourceVariable.from_proto : Variable.from_proto)({
              variable_name: d.variable_name ?? '', initializer_name: d.initializer_name ?? '',
              snapshot_name: d.snapshot_name ?? '', initial_value_name: d.initial_value_name || undefined,
              is_resource: !!d.is_resource,
              trainable: variablesHaveTrainable ? !!d.trainable : key === GraphKeys.TRAINABLE_VARIABLES,
              save_slice_info_def: d.save_slice_info_def?.full_name ? {
                full_name: d.save_slice_info_def.full_name, full_shape: d.save_slice_info_def.full_shape ?? [],
                var_offset: d.save_slice_info_def.var_offset ?? [], var_shape: d.save_slice_info_def.var_shape ?? [],
              } : undefined,
            }, scope || undefined);
            variables.set(id, v);
          }
          graph.add_to_collection(key, v);
        }
      } else if (key === GraphKeys.WHILE_CONTEXT && c.bytes_list) {
        for (const b of c.bytes_list.value ?? []) graph.add_to_collection(key, whileContextFromProto(graph, WhileContextDefCodec.decode(b), scope));
      } else if (key === GraphKeys.COND_CONTEXT && c.bytes_list) {
        for (const b of c.bytes_list.value ?? []) graph.add_to_collection(key, condContextFromProto(graph, CondContextDefCodec.decode(b), scope));
      } else if (key === GraphKeys.QUEUE_RUNNERS && c.bytes_list) {
        for (const b of c.bytes_list.value ?? []) graph.add_to_collection(key, QueueRunner.from_proto(QueueRunnerDefCodec.decode(b), scope || null));
      } else if (key === GraphKeys.SAVERS && c.bytes_list) {
        for (const bytes of c.bytes_list.value ?? []) {
          graph.add_to_collection(key, new Saver(null, { saver_def: SaverDefCodec.decode(bytes), name: scope || null }));
        }
      } else if (c.node_list) {
        for (const n of c.node_list.value ?? []) graph.add_to_collection(key, graph.as_graph_element(scoped(n)));
      } else if (c.bytes_list) {
        for (const b of c.bytes_list.value ?? []) graph.add_to_collection(key, scoped(utf8Decoder.decode(b)));
      } else if (c.int64_list) {
        for (const x of c.int64_list.value ?? []) graph.add_to_collection(key, x);
      } else if (c.float_list) {
        for (const x of c.float_list.value ?? []) graph.add_to_collection(key, x);
      } else if (c.any_list) {
        for (const x of c.any_list.value ?? []) graph.add_to_collection(key, { type_url: x.type_url ?? '', value: x.value ?? new Uint8Array(0) });
      } else {
        logging.warning(`Cannot identify data type for collection ${key}. Skipping.`);
      }
    } catch (e) {
      logging.warning(`Collection ${key} was not imported: ${(e as Error).message}`);
    }
  }

  if (meta.saver_def && meta.saver_def.save_tensor_name) {
    return new Saver(null, { saver_def: { ...meta.saver_def }, name: scope || null });
  }
  if (graph.get_collection(GraphKeys.GLOBAL_VARIABLES).length || graph.get_collection(GraphKeys.SAVEABLE_OBJECTS).length) {
    return new Saver();
  }
  logging.info('Saver not created because there are no variables in the graph to restore');
  return null;
}
