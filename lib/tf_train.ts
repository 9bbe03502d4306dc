/**
 * The `tf.train` namespace: lib/train's checkpoints, savers, optimizers and schedules, plus the training
 * loop parts built above it (session hooks, MonitoredTrainingSession). Re-exports only.
 */
export * from './train';
export {
  SessionRunHook, SessionRunArgs, SessionRunContext, SessionRunValues, StopAtStepHook, LoggingTensorHook, NanTensorHook,
  NanLossDuringTrainingError, StepCounterHook, SummarySaverHook, CheckpointSaverHook,
} from './estimator/hooks';
export { MonitoredTrainingSession, MonitoredSession } from './estimator/monitored_session';
export type { MonitoredTrainingSessionOptions } from './estimator/monitored_session';
export { Coordinator } from './train/coordinator';
export { QueueRunner, add_queue_runner, start_queue_runners } from './train/queue_runner';
export type { QueueRunnerOptions } from './train/queue_runner';
