/**
 * The `tf.train` namespace: checkpoints (V2 tensor bundles), the `checkpoint` state file, readers.
 * Re-exports only.
 */
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

// camelCase aliases
export {
  load_checkpoint as loadCheckpoint, list_variables as listVariables, load_variable as loadVariable,
} from './checkpoint_reader';
export {
  latest_checkpoint as latestCheckpoint, get_checkpoint_state as getCheckpointState, checkpoint_exists as checkpointExists,
} from './checkpoint_management';

// Optimizers and the global step (lib/train/optimizers).
export * from './optimizers';
