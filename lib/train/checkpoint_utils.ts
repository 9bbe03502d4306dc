/**
 * TF 1.15's checkpoint_utils beyond reading: `tf.train.init_from_checkpoint` (variables whose initializers restore
 * them from a checkpoint, by a map of checkpoint names or scopes to variables or scopes) and
 * `tf.train.checkpoints_iterator` (each new checkpoint of a folder as it appears).
 */
import * as fs from 'fs';
import { Graph, Operation } from '../framework/graph';
import { TFTypeError, ValueError } from '../framework/errors';
import { NDArray } from '../framework/ndarray';
import { TensorShape } from '../framework/tensor_shape';
import { pythonFunction } from '../framework/python_signature';
import { constantFromArray, makeOp } from '../ops/op_builder';
import { identityOf } from '../ops/array_ops';
import { assign_variable_op } from '../ops/resource_variable_ops';
import { RefVariable, is_resource_variable } from '../variables/variables';
import { variable_store } from '../variables/variable_scope';
import { latest_checkpoint } from './checkpoint_management';
import { load_checkpoint } from './checkpoint_reader';
import { dtypesAttrValue } from './io_ops';
import { clock } from './clock';
import * as logging from './logging';

/** What an assignment_map maps a checkpoint name (or `scope/`) to: a variable, its parts, or a name or scope in the variable store. */
export type AssignmentTarget = string | RefVariable | readonly RefVariable[];

function isDirectory(p: string): boolean {
  try { return fs.statSync(p).isDirectory(); } catch { return false; }
}

/** The parts `name/part_0`, `name/part_1` ... of a partitioned variable in the store, or null (TF's _collect_partitioned_variable). */
function partsOf(name: string, store: ReadonlyMap<string, RefVariable>): RefVariable[] | null {
  if (!store.has(`${name}/part_0`)) return null;
  const parts: RefVariable[] = [];
  for (let i = 0; store.has(`${name}/part_${i}`); i++) parts.push(store.get(`${name}/part_${i}`)!);
  return parts;
}

/**
 * Makes `v`'s initializer restore `tensorName` (slice `sliceSpec`) from `ckptFile`: a RestoreV2 named
 * `checkpoint_initializer` on the CPU of the variable's device, assigned to the variable (TF's _set_checkpoint_initializer).
 */
function setCheckpointInitializer(v: RefVariable, ckptFile: string, tensorName: string, sliceSpec: string): void {
  const g: Graph = v.graph;
  const dtype = v.dtype.base_dtype;
  const restored = g.device(v.device, () => g.device('/cpu:0', () => g.name_scope('checkpoint_initializer', (s) => {
    const prefix = constantFromArray(NDArray.fromStrings([ckptFile]).reshape([]), 'prefix', g);
    const names = constantFromArray(NDArray.fromStrings([tensorName]), 'tensor_names', g);
    const slices = constantFromArray(NDArray.fromStrings([sliceSpec]), 'shape_and_slices', g);
    return makeOp('RestoreV2', [prefix, names, slices], { dtypes: dtypesAttrValue([dtype]) }, s, g).outputs[0];
  })));
  let init: Operation;
  if (is_resource_variable(v)) {
    const value = g.device(v.device, () => identityOf(restored, 'Identity', g));
    init = g.device(v.device, () => assign_variable_op('AssignVariableOp', v.handle, value, dtype));
  } else {
    init = makeOp('Assign', [v._ref(), restored], {
      T: { type: dtype }, validate_shape: { b: v.shape.is_fully_defined() }, use_locking: { b: true },
    }, 'Assign', g);
  }
  restored.set_shape(v.shape);
  v._set_initializer(init, restored);
}

function setInitializers(target: RefVariable | readonly RefVariable[], ckptFile: string, tensorName: string): void {
  if (target instanceof RefVariable) { setCheckpointInitializer(target, ckptFile, tensorName, ''); return; }
  let sliceName: string | null = null;
  for (const part of target) {
    const info = part._get_save_slice_info();
    if (!info) throw new ValueError(`${part.name} is not a part of a partitioned variable`);
    if (sliceName === null) sliceName = info.full_name;
    else if (sliceName !== info.full_name) throw new ValueError(`Slices must all be from the same tensor: ${sliceName} != ${info.full_name}`);
    setCheckpointInitializer(part, ckptFile, tensorName, info.spec);
  }
}

const isVariableList = (x: unknown): x is readonly RefVariable[] => Array.isArray(x) && x.every((v) => v instanceof RefVariable);

/**
 * Replaces the initializers of variables by restores from a checkpoint (a prefix, or a folder's latest), so
 * global_variables_initializer (or a Scaffold) loads them. `assignment_map` maps checkpoint names to variables
 * (a variable, its parts, or its name in get_variable's store) and checkpoint scopes `'old/'` to variable scopes
 * `'new/'` (every store variable under `new/` from `old/<rest of its name>`; `'/'` is the root).
 * @example tf.train.init_from_checkpoint('/tmp/pretrained', {'encoder/': 'model/encoder/', 'global_step': step});
 */
export const init_from_checkpoint = pythonFunction('init_from_checkpoint', ['ckpt_dir_or_file', 'assignment_map: dict'], 2, function init_from_checkpoint(ckpt_dir_or_file: string, assignment_map: Readonly<Record<string, AssignmentTarget>>): void {
  const ckptFile = isDirectory(ckpt_dir_or_file) ? latest_checkpoint(ckpt_dir_or_file) : ckpt_dir_or_file;
  const reader = load_checkpoint(ckpt_dir_or_file);
  const variableMap = reader.get_variable_to_shape_map();
  const store = variable_store().variables;
  for (const tensorName of Object.keys(assignment_map).sort()) {
    const current = assignment_map[tensorName];
    let target: RefVariable | readonly RefVariable[] | null;
    if (current instanceof RefVariable || isVariableList(current)) target = current;
    else if (typeof current === 'string') target = store.get(current) ?? partsOf(current, store);
    else throw new TFTypeError(`assignment_map values must be variables, lists of variables or names, got ${String(current)} for ${tensorName}`);
    if (target !== null) {
      if (!(tensorName in variableMap)) {
        throw new ValueError(`Tensor ${tensorName} is not found in ${ckpt_dir_or_file} checkpoint ${JSON.stringify(variableMap)}`);
      }
      if (target instanceof RefVariable && !target.shape.is_compatible_with(new TensorShape(variableMap[tensorName]))) {
        throw new ValueError(`Shape of variable ${target.name} (${target.shape}) doesn't match with shape of tensor ${tensorName} (${JSON.stringify(variableMap[tensorName])}) from checkpoint reader.`);
      }
      setInitializers(target, ckptFile!, tensorName);
      continue;
    }
    // A scope to scope mapping: each store variable under the scope, from the same name under the checkpoint's scope.
    const name = current as string;
    const scopes = name.includes('/') ? name.slice(0, name.lastIndexOf('/')) : '';
    if (!tensorName.endsWith('/')) {
      throw new ValueError(`Assignment map with scope only name ${scopes} should map to scope only ${tensorName}. Should be 'scope/': 'other_scope/'.`);
    }
    const scopeVariables = new Set<string>();
    for (const varName of store.keys()) {
      if (!scopes || varName.startsWith(`${scopes}/`)) scopeVariables.add(varName.includes('/part_') ? varName.slice(0, varName.indexOf('/part_')) : varName);
    }
    for (const varName of [...scopeVariables].sort()) {
      let full = varName.slice(scopes.length);
      if (name !== '/') full = full.slice(1);
      if (tensorName !== '/') full = tensorName + full;
      if (full.endsWith('/')) full = full.slice(0, -1);
      if (!(full in variableMap)) {
        throw new ValueError(`Tensor ${full} (${varName.slice(scopes.length + 1)} in ${tensorName}) is not found in ${ckpt_dir_or_file} checkpoint`);
      }
      setInitializers(store.get(varName) ?? partsOf(varName, store)!, ckptFile!, full);
      logging.debug(`Initialize variable ${varName} from checkpoint ${ckpt_dir_or_file} with ${full}`);
    }
  }
});

/**
 * The latest checkpoint of `checkpoint_dir` once it differs from `last_checkpoint`, polling every
 * second; null after `timeout` seconds without one (TF's wait_for_new_checkpoint).
 */
function waitForNewCheckpoint(checkpoint_dir: string, options: { last_checkpoint: string | null; timeout: number | null }): string | null {
  const sleep = 1;
  logging.info(`Waiting for new checkpoint at ${checkpoint_dir}`);
  const stop = options.timeout !== undefined && options.timeout !== null ? clock.now() + options.timeout : null;
  for (;;) {
    const path = latest_checkpoint(checkpoint_dir);
    if (path === null || path === options.last_checkpoint) {
      if (stop !== null && clock.now() + sleep > stop) return null;
      clock.sleep(sleep);
    } else {
      logging.info(`Found new checkpoint at ${path}`);
      return path;
    }
  }
}

export interface CheckpointsIteratorOptions {
  /** The least time between two checkpoints yielded. */
  min_interval_secs?: number;
  /** The most seconds to wait for a next checkpoint (default: forever). */
  timeout?: number | null;
  /** Called on a timeout: true ends the iteration, false waits again. */
  timeout_fn?: (() => boolean) | null;
}

/**
 * Each new checkpoint of `checkpoint_dir`, as it appears (an evaluation loop's source), at least
 * min_interval_secs apart; it ends on a timeout (unless timeout_fn says to wait on).
 * @example for (const ckpt of tf.train.checkpoints_iterator('/tmp/train', {timeout: 60})) evaluate(ckpt);
 */
export const checkpoints_iterator = pythonFunction('checkpoints_iterator', ['checkpoint_dir', 'min_interval_secs=0', 'timeout=None', 'timeout_fn=None'], 1, function* checkpoints_iterator(checkpoint_dir: string, options: CheckpointsIteratorOptions = {}): Generator<string> {
  let last: string | null = null;
  for (;;) {
    const next = waitForNewCheckpoint(checkpoint_dir, { last_checkpoint: last, timeout: options.timeout ?? null });
    if (next === null) {
      if (!options.timeout_fn) {
        logging.info('Timed-out waiting for a checkpoint.');
        return;
      }
      if (options.timeout_fn()) return;
      continue;
    }
    const start = clock.now();
    last = next;
    yield next;
    const untilNext = start + (options.min_interval_secs ?? 0) - clock.now();
    if (untilNext > 0) clock.sleep(untilNext);
  }
});

