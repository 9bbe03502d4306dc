/** The optimizers and global-step helpers of `tf.train` (re-exports only). */
export { Optimizer } from './optimizer';
export type { GradAndVar, HyperParameter, ComputeGradientsOptions, ApplyGradientsOptions, MinimizeOptions } from './optimizer';
export { GradientDescentOptimizer } from './gradient_descent';
export { MomentumOptimizer } from './momentum';
export { AdamOptimizer } from './adam';
export type { AdamOptions } from './adam';
export { RMSPropOptimizer } from './rmsprop';
export type { RMSPropOptions } from './rmsprop';
export { AdagradOptimizer } from './adagrad';
export {
  get_global_step, create_global_step, get_or_create_global_step, assert_global_step, global_step,
} from '../training_util';
export type { GlobalStep } from '../training_util';
