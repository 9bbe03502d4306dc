/**
 * The `tf.layers` namespace: TF 1.15's graph-mode layers, as classes and functions. The classes stand behind
 * their TF 1.15 Python signatures (constructed with or without `new`); the rest are re-exports.
 */
import { pythonClass } from '../framework/python_signature';
import * as conv from './convolutional';
import * as core from './core';
import * as norm from './normalization';
import * as pool from './pooling';

export { Layer } from './base';
export type { Activation, LayerOptions, LayerRegularizer, DataFormat, PaddingMode } from './base';
export { dense, dropout, flatten } from './core';
export type { DenseOptions, DropoutLayerOptions, FunctionalOptions } from './core';
export { conv1d, conv2d, conv2d_transpose, separable_conv2d } from './convolutional';
export type { ConvOptions, SeparableConvOptions } from './convolutional';
export { max_pooling1d, max_pooling2d, average_pooling1d, average_pooling2d } from './pooling';
export type { PoolingOptions } from './pooling';
export { batch_normalization } from './normalization';
export type { BatchNormalizationOptions } from './normalization';

/** What TF's Layer takes through **kwargs, and where each layer's own parameters end. */
const LAYER_KWARGS = ['trainable=True', 'name=None', 'dtype=None', '_scope=None', '_reuse=None'] as const;
const KERNEL = [
  'activation=None', 'use_bias=True', 'kernel_initializer=None', 'bias_initializer=zeros_initializer()', 'kernel_regularizer=None',
  'bias_regularizer=None', 'activity_regularizer=None',
] as const;
const CONV = ['filters', 'kernel_size', 'strides=1', "padding='valid'", "data_format='channels_last'"] as const;
const POOL = ['pool_size', 'strides', "padding='valid'", "data_format='channels_last'", 'name=None', 'dtype=None', '_scope=None', '_reuse=None'] as const;

export const Dense = pythonClass('Dense', ['units', ...KERNEL, ...LAYER_KWARGS], 1, core.Dense);
export type Dense = core.Dense;
export const Dropout = pythonClass('Dropout', ['rate=0.5', 'noise_shape=None', 'seed=None', 'name=None', 'dtype=None', '_scope=None', '_reuse=None'], 1, core.Dropout);
export type Dropout = core.Dropout;
export const Flatten = pythonClass('Flatten', LAYER_KWARGS, 0, core.Flatten);
export type Flatten = core.Flatten;
export const Conv1D = pythonClass('Conv1D', [...CONV, 'dilation_rate=1', ...KERNEL, ...LAYER_KWARGS], 2, conv.Conv1D);
export type Conv1D = conv.Conv1D;
export const Conv2D = pythonClass('Conv2D', [...CONV, 'dilation_rate=(1, 1)', ...KERNEL, ...LAYER_KWARGS], 2, conv.Conv2D);
export type Conv2D = conv.Conv2D;
export const Conv2DTranspose = pythonClass('Conv2DTranspose', [...CONV, ...KERNEL, ...LAYER_KWARGS], 2, conv.Conv2DTranspose);
export type Conv2DTranspose = conv.Conv2DTranspose;
export const SeparableConv2D = pythonClass('SeparableConv2D', [
  ...CONV, 'dilation_rate=(1, 1)', 'depth_multiplier=1', 'activation=None', 'use_bias=True', 'depthwise_initializer=None',
  'pointwise_initializer=None', 'bias_initializer=zeros_initializer()', 'depthwise_regularizer=None', 'pointwise_regularizer=None',
  'bias_regularizer=None', 'activity_regularizer=None', ...LAYER_KWARGS,
], 2, conv.SeparableConv2D);
export type SeparableConv2D = conv.SeparableConv2D;
export const MaxPooling1D = pythonClass('MaxPooling1D', POOL, 2, pool.MaxPooling1D);
export type MaxPooling1D = pool.MaxPooling1D;
export const MaxPooling2D = pythonClass('MaxPooling2D', POOL, 2, pool.MaxPooling2D);
export type MaxPooling2D = pool.MaxPooling2D;
export const AveragePooling1D = pythonClass('AveragePooling1D', POOL, 2, pool.AveragePooling1D);
export type AveragePooling1D = pool.AveragePooling1D;
export const AveragePooling2D = pythonClass('AveragePooling2D', POOL, 2, pool.AveragePooling2D);
export type AveragePooling2D = pool.AveragePooling2D;
export const BatchNormalization = pythonClass('BatchNormalization', [
  'axis=-1', 'momentum=0.99', 'epsilon=0.001', 'center=True', 'scale=True', 'beta_initializer=zeros_initializer()',
  'gamma_initializer=ones_initializer()', 'moving_mean_initializer=zeros_initializer()', 'moving_variance_initializer=ones_initializer()',
  'beta_regularizer=None', 'gamma_regularizer=None', 'fused=None', ...LAYER_KWARGS,
], 0, norm.BatchNormalization);
export type BatchNormalization = norm.BatchNormalization;
