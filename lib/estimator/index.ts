/** The `tf.estimator` namespace; its classes behind their TF 1.15 Python signatures (with or without `new`). */
import { pythonClass } from '../framework/python_signature';
import * as estimator from './estimator';

export { ModeKeys } from './estimator';
export const Estimator = pythonClass('Estimator', ['model_fn', 'model_dir=None', 'config=None', 'params: dict = None', 'warm_start_from=None'], 5, estimator.Estimator);
export type Estimator = estimator.Estimator;
export const EstimatorSpec = pythonClass('EstimatorSpec', [
  'mode', 'predictions: dict = None', 'loss=None', 'train_op=None', 'eval_metric_ops=None', 'export_outputs=None', 'training_hooks=None',
  'evaluation_hooks=None', 'prediction_hooks=None',
], 1, estimator.EstimatorSpec);
export type EstimatorSpec = estimator.EstimatorSpec;
export const RunConfig = pythonClass('RunConfig', [
  'model_dir=None', 'tf_random_seed=None', 'save_summary_steps=100', 'save_checkpoints_steps=_USE_DEFAULT', 'save_checkpoints_secs=_USE_DEFAULT',
  'session_config=None', 'keep_checkpoint_max=5', 'keep_checkpoint_every_n_hours=10000', 'log_step_count_steps=100',
], 0, estimator.RunConfig);
export type RunConfig = estimator.RunConfig;
export const WarmStartSettings = pythonClass('WarmStartSettings', [
  'ckpt_to_initialize_from', "vars_to_warm_start='.*'", 'var_name_to_vocab_info: dict = None', 'var_name_to_prev_var_name: dict = None',
], 1, estimator.WarmStartSettings);
export type WarmStartSettings = estimator.WarmStartSettings;
export { VocabInfo } from '../train/warm_starting_util';
export { LinearClassifier, LinearRegressor } from './linear';
export { DNNClassifier, DNNRegressor } from './dnn';
export { DNNLinearCombinedClassifier, DNNLinearCombinedRegressor } from './dnn_linear_combined';
export type { DNNClassifierOptions, DNNRegressorOptions } from './dnn';
export type { LinearClassifierOptions, LinearRegressorOptions } from './linear';
export type { DNNLinearCombinedClassifierOptions, DNNLinearCombinedRegressorOptions } from './dnn_linear_combined';
export type { Mode, ModelFn, InputFn, Features, EstimatorSpecOptions, RunConfigOptions, WarmStartFrom, WarmStartSettingsOptions } from './estimator';
import * as inputsModule from './inputs';
import * as exportModule from './export';
/** `tf.estimator.export`. */
export const export_ = {
  ServingInputReceiver: exportModule.ServingInputReceiver,
  build_raw_serving_input_receiver_fn: exportModule.build_raw_serving_input_receiver_fn,
  build_parsing_serving_input_receiver_fn: exportModule.build_parsing_serving_input_receiver_fn,
  PredictOutput: exportModule.PredictOutput,
  ClassificationOutput: exportModule.ClassificationOutput,
  RegressionOutput: exportModule.RegressionOutput,
};
export { export_ as export };
export type { ServingInputReceiver, ServingInputReceiverFn, ExportOutput } from './export';
export const inputs = inputsModule;
// TF 1.15's tf.estimator exposes the session hooks of tf.train under the same names.
export {
  SessionRunHook, SessionRunArgs, SessionRunContext, SessionRunValues, SecondOrStepTimer, StopAtStepHook, LoggingTensorHook, NanTensorHook,
  NanLossDuringTrainingError, StepCounterHook, SummarySaverHook, CheckpointSaverHook, CheckpointSaverListener, FinalOpsHook, FeedFnHook,
  GlobalStepWaiterHook,
} from './hooks';
