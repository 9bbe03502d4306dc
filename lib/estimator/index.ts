/** The `tf.estimator` namespace. Re-exports only. */
export { Estimator, EstimatorSpec, ModeKeys, RunConfig } from './estimator';
export { LinearClassifier } from './linear';
export { DNNClassifier } from './dnn';
export type { DNNClassifierOptions } from './dnn';
export type { LinearClassifierOptions } from './linear';
export type { Mode, ModelFn, InputFn, Features, EstimatorSpecOptions, RunConfigOptions } from './estimator';
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
