/**
 * The `tf.train` namespace: lib/train's checkpoints, savers, optimizers and schedules, plus the training
 * loop parts built above it (session hooks, MonitoredTrainingSession). Re-exports only.
 */
export * from './train';
export {
  SessionRunHook, SessionRunArgs, SessionRunContext, SessionRunValues, SecondOrStepTimer, StopAtStepHook, LoggingTensorHook, NanTensorHook,
  NanLossDuringTrainingError, StepCounterHook, SummarySaverHook, CheckpointSaverHook, CheckpointSaverListener, FinalOpsHook, FeedFnHook,
  GlobalStepWaiterHook,
} from './estimator/hooks';
export {
  MonitoredTrainingSession, MonitoredSession, SingularMonitoredSession, Scaffold, ChiefSessionCreator, WorkerSessionCreator, SessionCreator, StepContext,
} from './estimator/monitored_session';
export type { MonitoredTrainingSessionOptions, ScaffoldOptions } from './estimator/monitored_session';
export { SessionManager } from './train/session_manager';
export { Supervisor, basic_train_loop, SupervisorService } from './estimator/supervisor';
export type { SupervisorOptions, ManagedSessionOptions, PrepareOrWaitOptions } from './estimator/supervisor';
export { Coordinator } from './train/coordinator';
export { QueueRunner, add_queue_runner, start_queue_runners } from './train/queue_runner';
export type { QueueRunnerOptions } from './train/queue_runner';
export {
  match_filenames_once, limit_epochs, input_producer, string_input_producer, range_input_producer, slice_input_producer, batch, maybe_batch,
  batch_join, maybe_batch_join, shuffle_batch, maybe_shuffle_batch, shuffle_batch_join, maybe_shuffle_batch_join,
} from './data/input';
