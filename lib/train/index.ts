/**
 * The `tf.train` namespace: checkpoints (V2 tensor bundles), the `checkpoint` state file, readers.
 * Re-exports only (and the registration of the SaveV2/RestoreV2 ops and kernels).
 */
import './io_ops';
import { pythonClass } from '../framework/python_signature';
import * as moving_averages from './moving_averages';
export {
  CheckpointReader, NewCheckpointReader, load_checkpoint, list_variables, load_variable,
} from './checkpoint_reader';
export type { CheckpointEntryInfo } from './checkpoint_reader';
export {
  get_checkpoint_state, update_checkpoint_state, generate_checkpoint_state_proto, latest_checkpoint,
  checkpoint_exists, get_checkpoint_mtimes, remove_checkpoint, meta_graph_filename,
} from './checkpoint_management';
export type { CheckpointState } from './checkpoint_management';
export * as inspect_checkpoint from './inspect';
export { BundleReader, BundleWriter } from './tensor_bundle';
export { setLogSink } from './logging';
export { summary_iterator } from './summary_iterator';
export {
  exponential_decay, natural_exp_decay, inverse_time_decay, piecewise_constant, piecewise_constant_decay, polynomial_decay, cosine_decay,
  cosine_decay_restarts, linear_cosine_decay, noisy_linear_cosine_decay,
} from './learning_rate_decay';
export type { CosineDecayRestartsOptions, LinearCosineDecayOptions, NoisyLinearCosineDecayOptions } from './learning_rate_decay';
export { assign_moving_average } from './moving_averages';
export { init_from_checkpoint, checkpoints_iterator } from './checkpoint_utils';
export type { AssignmentTarget, CheckpointsIteratorOptions } from './checkpoint_utils';
export { warm_start, VocabInfo } from './warm_starting_util';
export type { VarsToWarmStart } from './warm_starting_util';
export { replica_device_setter } from './device_setter';
export { ClusterSpec } from './cluster_spec';
export type { ClusterDict, JobTasks } from './cluster_spec';
export type { ReplicaDeviceSetterOptions, PsStrategy, ClusterLike } from './device_setter';
export const ExponentialMovingAverage = pythonClass('ExponentialMovingAverage', [
  'decay', 'num_updates=None', 'zero_debias=False', "name='ExponentialMovingAverage'",
], 1, moving_averages.ExponentialMovingAverage);
export type ExponentialMovingAverage = moving_averages.ExponentialMovingAverage;

// camelCase aliases
export {
  load_checkpoint as loadCheckpoint, list_variables as listVariables, load_variable as loadVariable,
} from './checkpoint_reader';
export {
  latest_checkpoint as latestCheckpoint, get_checkpoint_state as getCheckpointState, checkpoint_exists as checkpointExists,
} from './checkpoint_management';


// Saver and meta graphs
import { Saver as SaverClass, SaverCallable } from './saver';
/** `tf.train.Saver`, callable with or without `new`. */
export const Saver = SaverCallable;
export type Saver = SaverClass;
export type { SaverOptions, SaveOptions, Saveable, VarList } from './saver';
import { CheckpointFormatVersion } from '../proto';
/** `tf.train.SaverDef`'s checkpoint format versions, for `Saver({write_version: tf.train.SaverDef.V1})`. */
export const SaverDef = CheckpointFormatVersion;
export { export_meta_graph, read_meta_graph_file } from './meta_graph';
export { import_meta_graph } from './saver';
export { write_graph, read_graph_def } from './graph_io';
export type { ExportMetaGraphOptions } from './meta_graph';
export type { ImportMetaGraphOptions } from './saver';
export { export_meta_graph as exportMetaGraph } from './meta_graph';
export { import_meta_graph as importMetaGraph } from './saver';

// Optimizers and global-step helpers (lib/train/optimizers, lib/train/training_util)
export * from './optimizers';

// tf.train.Example and its parts
export {
  Example, Features, Feature, BytesList, FloatList, Int64List, SequenceExample, FeatureList, FeatureLists, DecodeError,
} from './example_proto';
export type { FeatureInit, FeaturesInit, FeatureListsInit, SequenceExampleInit } from './example_proto';
