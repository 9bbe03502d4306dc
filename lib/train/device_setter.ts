/**
 * tf.train.replica_device_setter (TF 1.15's device_setter.py): a device function for between-graph replication
 * that places the ops of variables (and mutable tables) on the parameter servers, `/job:ps/task:k` chosen round-robin
 * (or by `ps_strategy`), and every other op on the worker device, each merged with the device the op already has.
 */
import { Operation } from '../framework/graph';
import { DeviceSpec } from '../framework/device';
import { TFTypeError } from '../framework/errors';
import { pythonFunction } from '../framework/python_signature';
import * as logging from './logging';

/** The op types placed on the parameter servers by default (TF's STANDARD_PS_OPS). */
export const STANDARD_PS_OPS: readonly string[] = [
  'Variable', 'VariableV2', 'AutoReloadVariable', 'MutableHashTable', 'MutableHashTableV2', 'MutableHashTableOfTensors',
  'MutableHashTableOfTensorsV2', 'MutableDenseHashTable', 'MutableDenseHashTableV2', 'VarHandleOp',
];

/** A cluster as TF takes one here: job name → its task addresses (a list, or task index → address). */
export type ClusterLike = Record<string, readonly string[] | Record<number, string>> | { as_dict(): Record<string, readonly string[] | Record<number, string>> };

/** Picks the parameter-server task of an op. */
export type PsStrategy = (op: Operation) => number;

export interface ReplicaDeviceSetterOptions {
  ps_tasks?: number;
  ps_device?: string;
  worker_device?: string;
  merge_devices?: boolean;
  cluster?: ClusterLike | null;
  ps_ops?: readonly string[] | null;
  ps_strategy?: PsStrategy | null;
}

/** Tasks 0, 1, ... num_tasks - 1, then 0 again (TF's _RoundRobinStrategy). */
function roundRobin(numTasks: number): PsStrategy {
  let next = 0;
  return () => {
    const task = next;
    next = (next + 1) % numTasks;
    return task;
  };
}

/**
 * The device function, or null where there are no parameter servers (ps_tasks 0, or a cluster without the
 * ps job), which `tf.device(null)` takes as no device function.
 * @example with tf.device(tf.train.replica_device_setter({ps_tasks: 2})) — tf.get_default_graph().device(setter, () => buildModel())
 */
export const replica_device_setter = pythonFunction('replica_device_setter', [
  'ps_tasks=0', "ps_device='/job:ps'", "worker_device='/job:worker'", 'merge_devices=True', 'cluster=None', 'ps_ops=None', 'ps_strategy=None',
], 0, function replica_device_setter(options: ReplicaDeviceSetterOptions = {}): ((op: Operation) => string) | null {
  const psDevice = options.ps_device ?? '/job:ps', workerDevice = options.worker_device ?? '/job:worker';
  const mergeDevices = options.merge_devices ?? true;
  let psTasks = options.ps_tasks ?? 0;
  if (options.cluster !== undefined && options.cluster !== null) {
    const spec = 'as_dict' in options.cluster && typeof options.cluster.as_dict === 'function'
      ? options.cluster.as_dict() : options.cluster as Record<string, readonly string[] | Record<number, string>>;
    const psJob = DeviceSpec.from_string(psDevice).job ?? 'ps';
    const tasks = spec[psJob];
    if (tasks === undefined || tasks === null) return null;
    psTasks = Object.keys(tasks).length;
  }
  if (psTasks === 0) return null;
  const psOps = new Set(options.ps_ops ?? STANDARD_PS_OPS);
  if (!mergeDevices) {
    logging.warning('DEPRECATION NOTE: merge_devices=False in replica_device_setter will be removed. Use merge_devices=True (the default) instead.');
  }
  const strategy = options.ps_strategy ?? roundRobin(psTasks);
  if (typeof strategy !== 'function') throw new TFTypeError('ps_strategy must be callable');
  return (op: Operation): string => {
    if (!mergeDevices && op.device) return op.device;
    const current = DeviceSpec.from_string(op.device || '');
    if (psDevice && psOps.has(op.type)) {
      let ps = DeviceSpec.from_string(psDevice);
      if (ps.job !== null && (current.job === null || current.job === ps.job)) ps = new DeviceSpec({ ...ps, task: strategy(op) });
      return ps.merge_from(current).to_string();
    }
    return DeviceSpec.from_string(workerDevice || '').merge_from(current).to_string();
  };
});
