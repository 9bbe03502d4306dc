/** The `tf.estimator` namespace. Re-exports only. */
export { Estimator, EstimatorSpec, ModeKeys, RunConfig } from './estimator';
export { LinearClassifier } from './linear';
export type { LinearClassifierOptions } from './linear';
export type { Mode, ModelFn, InputFn, Features, EstimatorSpecOptions, RunConfigOptions } from './estimator';
import * as inputsModule from './inputs';
export const inputs = inputsModule;
