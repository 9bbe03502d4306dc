/**
 * The optimizers and global-step helpers of `tf.train`: re-exports, and each optimizer class under its
 * public name with its Python constructor signature (so it constructs with or without `new`, positionally
 * or by keyword).
 */
import { pythonClass } from '../../framework/python_signature';
import * as gradient_descent from './gradient_descent';
import * as momentum from './momentum';
import * as adam from './adam';
import * as rmsprop from './rmsprop';
import * as adagrad from './adagrad';
import * as ftrl from './ftrl';
import * as adadelta from './adadelta';
import * as proximal from './proximal';
import * as adagradDA from './adagrad_da';

export { Optimizer } from './optimizer';
export type { GradAndVar, GradAndVarLike, HyperParameter, ComputeGradientsOptions, ApplyGradientsOptions, MinimizeOptions } from './optimizer';
export type { AdamOptions } from './adam';
export type { RMSPropOptions } from './rmsprop';
export type { FtrlOptions } from './ftrl';
export type { AdadeltaOptions } from './adadelta';
export type { ProximalOptions, ProximalAdagradOptions } from './proximal';
export type { AdagradDAOptions } from './adagrad_da';

export const GradientDescentOptimizer = pythonClass('GradientDescentOptimizer', [
  'learning_rate', 'use_locking=False', "name='GradientDescent'",
], 1, gradient_descent.GradientDescentOptimizer);
export type GradientDescentOptimizer = gradient_descent.GradientDescentOptimizer;

export const MomentumOptimizer = pythonClass('MomentumOptimizer', [
  'learning_rate', 'momentum', 'use_locking=False', "name='Momentum'", 'use_nesterov=False',
], 2, momentum.MomentumOptimizer);
export type MomentumOptimizer = momentum.MomentumOptimizer;

export const AdamOptimizer = pythonClass('AdamOptimizer', [
  'learning_rate=0.001', 'beta1=0.9', 'beta2=0.999', 'epsilon=1e-08', 'use_locking=False', "name='Adam'",
], 1, adam.AdamOptimizer);
export type AdamOptimizer = adam.AdamOptimizer;

export const RMSPropOptimizer = pythonClass('RMSPropOptimizer', [
  'learning_rate', 'decay=0.9', 'momentum=0.0', 'epsilon=1e-10', 'use_locking=False', 'centered=False', "name='RMSProp'",
], 1, rmsprop.RMSPropOptimizer);
export type RMSPropOptimizer = rmsprop.RMSPropOptimizer;

export const AdagradOptimizer = pythonClass('AdagradOptimizer', [
  'learning_rate', 'initial_accumulator_value=0.1', 'use_locking=False', "name='Adagrad'",
], 1, adagrad.AdagradOptimizer);
export type AdagradOptimizer = adagrad.AdagradOptimizer;

export const FtrlOptimizer = pythonClass('FtrlOptimizer', [
  'learning_rate', 'learning_rate_power=-0.5', 'initial_accumulator_value=0.1', 'l1_regularization_strength=0.0',
  'l2_regularization_strength=0.0', 'use_locking=False', "name='Ftrl'", 'accum_name=None', 'linear_name=None',
  'l2_shrinkage_regularization_strength=0.0',
], 1, ftrl.FtrlOptimizer);
export type FtrlOptimizer = ftrl.FtrlOptimizer;

export const AdadeltaOptimizer = pythonClass('AdadeltaOptimizer', [
  'learning_rate=0.001', 'rho=0.95', 'epsilon=1e-08', 'use_locking=False', "name='Adadelta'",
], 1, adadelta.AdadeltaOptimizer);
export type AdadeltaOptimizer = adadelta.AdadeltaOptimizer;

export const ProximalGradientDescentOptimizer = pythonClass('ProximalGradientDescentOptimizer', [
  'learning_rate', 'l1_regularization_strength=0.0', 'l2_regularization_strength=0.0', 'use_locking=False',
  "name='ProximalGradientDescent'",
], 1, proximal.ProximalGradientDescentOptimizer);
export type ProximalGradientDescentOptimizer = proximal.ProximalGradientDescentOptimizer;

export const ProximalAdagradOptimizer = pythonClass('ProximalAdagradOptimizer', [
  'learning_rate', 'initial_accumulator_value=0.1', 'l1_regularization_strength=0.0', 'l2_regularization_strength=0.0',
  'use_locking=False', "name='ProximalAdagrad'",
], 1, proximal.ProximalAdagradOptimizer);
export type ProximalAdagradOptimizer = proximal.ProximalAdagradOptimizer;

export const AdagradDAOptimizer = pythonClass('AdagradDAOptimizer', [
  'learning_rate', 'global_step', 'initial_gradient_squared_accumulator_value=0.1', 'l1_regularization_strength=0.0',
  'l2_regularization_strength=0.0', 'use_locking=False', "name='AdagradDA'",
], 2, adagradDA.AdagradDAOptimizer);
export type AdagradDAOptimizer = adagradDA.AdagradDAOptimizer;

export {
  get_global_step, create_global_step, get_or_create_global_step, assert_global_step, global_step,
} from '../training_util';
export type { GlobalStep } from '../training_util';
