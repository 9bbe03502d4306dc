/**
 * The `tf.layers` namespace: TF 1.15's graph-mode layers, as classes and functions, each behind its TF 1.15
 * Python signature (classes constructed with or without `new`).
 */
import { pythonClass, pythonFunction } from '../framework/python_signature';
import * as conv from './convolutional';
import * as core from './core';
import * as norm from './normalization';
import * as pool from './pooling';

export { Layer } from './base';
export type { Activation, LayerOptions, LayerRegularizer, DataFormat, PaddingMode } from './base';
export type { DenseOptions, DropoutLayerOptions, FunctionalOptions } from './core';
export type { ConvOptions, SeparableConvOptions } from './convolutional';
export type { PoolingOptions } from './pooling';
export type { BatchNormalizationOptions } from './normalization';

/** What TF's Layer takes through **kwargs, and where each layer's own parameters end. */
const LAYER_KWARGS = ['trainable=True', 'name=None', 'dtype=None', '_scope=None', '_reuse=None'] as const;
const KERNEL = [
  'activation=None', 'use_bias=True', 'kernel_initializer=None', 'bias_initializer=zeros_initializer()', 'kernel_regularizer=None',
  'bias_regularizer=None', 'activity_regularizer=None',
] as const;
const CONV = ['filters', 'kernel_size', 'strides=1', "padding='valid'", "data_format='channels_last'"] as const;
const POOL = ['pool_size', 'strides', "padding='valid'", "data_format='channels_last'", 'name=None', 'dtype=None', '_scope=None', '_reuse=None'] as const;
/** The constraints TF's layers take (refused by name here: see Layer). */
const KERNEL_CONSTRAINTS = ['kernel_constraint=None', 'bias_constraint=None'] as const;
const FUNCTIONAL = ['trainable=True', 'name=None', 'reuse=None'] as const;
const BATCH_NORM = [
  'axis=-1', 'momentum=0.99', 'epsilon=0.001', 'center=True', 'scale=True', 'beta_initializer=zeros_initializer()',
  'gamma_initializer=ones_initializer()', 'moving_mean_initializer=zeros_initializer()', 'moving_variance_initializer=ones_initializer()',
  'beta_regularizer=None', 'gamma_regularizer=None', 'beta_constraint=None', 'gamma_constraint=None',
] as const;
const SEPARABLE = [
  'dilation_rate=(1, 1)', 'depth_multiplier=1', 'activation=None', 'use_bias=True', 'depthwise_initializer=None',
  'pointwise_initializer=None', 'bias_initializer=zeros_initializer()', 'depthwise_regularizer=None', 'pointwise_regularizer=None',
  'bias_regularizer=None', 'activity_regularizer=None', 'depthwise_constraint=None', 'pointwise_constraint=None', 'bias_constraint=None',
] as const;

export const Dense = pythonClass('Dense', ['units', ...KERNEL, ...KERNEL_CONSTRAINTS, ...LAYER_KWARGS], 1, core.Dense);
export type Dense = core.Dense;
export const Dropout = pythonClass('Dropout', ['rate=0.5', 'noise_shape=None', 'seed=None', 'name=None', 'dtype=None', '_scope=None', '_reuse=None'], 1, core.Dropout);
export type Dropout = core.Dropout;
export const Flatten = pythonClass('Flatten', ["data_format='channels_last'", ...LAYER_KWARGS], 0, core.Flatten);
export type Flatten = core.Flatten;
export const Conv1D = pythonClass('Conv1D', [...CONV, 'dilation_rate=1', ...KERNEL, ...KERNEL_CONSTRAINTS, ...LAYER_KWARGS], 2, conv.Conv1D);
export type Conv1D = conv.Conv1D;
export const Conv2D = pythonClass('Conv2D', [...CONV, 'dilation_rate=(1, 1)', ...KERNEL, ...KERNEL_CONSTRAINTS, ...LAYER_KWARGS], 2, conv.Conv2D);
export type Conv2D = conv.Conv2D;
export const Conv3D = pythonClass('Conv3D', [...CONV, 'dilation_rate=(1, 1, 1)', ...KERNEL, ...KERNEL_CONSTRAINTS, ...LAYER_KWARGS], 2, conv.Conv3D);
export type Conv3D = conv.Conv3D;
export const Conv2DTranspose = pythonClass('Conv2DTranspose', [...CONV, ...KERNEL, ...KERNEL_CONSTRAINTS, ...LAYER_KWARGS], 2, conv.Conv2DTranspose);
export type Conv2DTranspose = conv.Conv2DTranspose;
export const SeparableConv2D = pythonClass('SeparableConv2D', [...CONV, ...SEPARABLE, ...LAYER_KWARGS], 2, conv.SeparableConv2D);
export type SeparableConv2D = conv.SeparableConv2D;
export const MaxPooling1D = pythonClass('MaxPooling1D', POOL, 2, pool.MaxPooling1D);
export type MaxPooling1D = pool.MaxPooling1D;
export const MaxPooling2D = pythonClass('MaxPooling2D', POOL, 2, pool.MaxPooling2D);
export type MaxPooling2D = pool.MaxPooling2D;
export const AveragePooling1D = pythonClass('AveragePooling1D', POOL, 2, pool.AveragePooling1D);
export type AveragePooling1D = pool.AveragePooling1D;
export const AveragePooling2D = pythonClass('AveragePooling2D', POOL, 2, pool.AveragePooling2D);
export type AveragePooling2D = pool.AveragePooling2D;
export const MaxPooling3D = pythonClass('MaxPooling3D', POOL, 2, pool.MaxPooling3D);
export type MaxPooling3D = pool.MaxPooling3D;
export const AveragePooling3D = pythonClass('AveragePooling3D', POOL, 2, pool.AveragePooling3D);
export type AveragePooling3D = pool.AveragePooling3D;
export const BatchNormalization = pythonClass('BatchNormalization', [
  ...BATCH_NORM, 'renorm=False', 'renorm_clipping=None', 'renorm_momentum=0.99', 'fused=None', ...LAYER_KWARGS,
  'virtual_batch_size=None', 'adjustment=None',
], 0, norm.BatchNormalization);
export type BatchNormalization = norm.BatchNormalization;

// ---- the functional forms: build a layer and apply it ------------------------------------------

/** @example const h = tf.layers.dense(x, 128, {activation: tf.nn.relu});  // dense/kernel, dense/bias */
export const dense = pythonFunction('dense', ['inputs', 'units', ...KERNEL, ...KERNEL_CONSTRAINTS, ...FUNCTIONAL], 2, core.dense);
/** @example const d = tf.layers.dropout(h, {rate: 0.4, training: isTraining}); */
export const dropout = pythonFunction('dropout', ['inputs', 'rate=0.5', 'noise_shape=None', 'seed=None', 'training=False', 'name=None'], 1, core.dropout);
/** @example const f = tf.layers.flatten(pool2); // [batch, h*w*c] */
export const flatten = pythonFunction('flatten', ['inputs', 'name=None', "data_format='channels_last'"], 1, core.flatten);
/** @example const c = tf.layers.conv1d(x, 16, 3, {padding: 'same'}); // conv1d/kernel [3, in, 16] */
export const conv1d = pythonFunction('conv1d', ['inputs', ...CONV, 'dilation_rate=1', ...KERNEL, ...KERNEL_CONSTRAINTS, ...FUNCTIONAL], 3, conv.conv1d);
/** @example const c = tf.layers.conv2d(x, 32, [5, 5], {padding: 'same', activation: tf.nn.relu}); // conv2d/kernel */
export const conv2d = pythonFunction('conv2d', ['inputs', ...CONV, 'dilation_rate=(1, 1)', ...KERNEL, ...KERNEL_CONSTRAINTS, ...FUNCTIONAL], 3, conv.conv2d);
/** @example const c = tf.layers.conv3d(volume, 8, 3, {padding: 'same'}); // conv3d/kernel [3, 3, 3, in, 8] */
export const conv3d = pythonFunction('conv3d', ['inputs', ...CONV, 'dilation_rate=(1, 1, 1)', ...KERNEL, ...KERNEL_CONSTRAINTS, ...FUNCTIONAL], 3, conv.conv3d);
/** @example const up = tf.layers.conv2d_transpose(x, 16, 3, {strides: 2, padding: 'same'}); */
export const conv2d_transpose = pythonFunction('conv2d_transpose', ['inputs', ...CONV, ...KERNEL, ...KERNEL_CONSTRAINTS, ...FUNCTIONAL], 3, conv.conv2d_transpose);
/** @example const s = tf.layers.separable_conv2d(x, 32, 3, {padding: 'same', depth_multiplier: 2}); */
export const separable_conv2d = pythonFunction('separable_conv2d', ['inputs', ...CONV, ...SEPARABLE, ...FUNCTIONAL], 3, conv.separable_conv2d);
const POOL_FUNCTION = ['inputs', 'pool_size', 'strides', "padding='valid'", "data_format='channels_last'", 'name=None'] as const;
/** @example tf.layers.max_pooling1d(x, 2, 2) */
export const max_pooling1d = pythonFunction('max_pooling1d', POOL_FUNCTION, 3, pool.max_pooling1d);
/** @example tf.layers.average_pooling1d(x, 2, 2) */
export const average_pooling1d = pythonFunction('average_pooling1d', POOL_FUNCTION, 3, pool.average_pooling1d);
/** @example tf.layers.max_pooling2d(conv1, [2, 2], 2) // op max_pooling2d/MaxPool */
export const max_pooling2d = pythonFunction('max_pooling2d', POOL_FUNCTION, 3, pool.max_pooling2d);
/** @example tf.layers.average_pooling2d(conv1, 2, 2) // op average_pooling2d/AvgPool */
export const average_pooling2d = pythonFunction('average_pooling2d', POOL_FUNCTION, 3, pool.average_pooling2d);
/** @example tf.layers.max_pooling3d(volume, 2, 2) // op max_pooling3d/MaxPool3D */
export const max_pooling3d = pythonFunction('max_pooling3d', POOL_FUNCTION, 3, pool.max_pooling3d);
/** @example tf.layers.average_pooling3d(volume, 2, 2) // op average_pooling3d/AvgPool3D */
export const average_pooling3d = pythonFunction('average_pooling3d', POOL_FUNCTION, 3, pool.average_pooling3d);
/**
 * Batch normalization of `inputs`: batch moments when `training`, else the moving averages, whose updates
 * go to UPDATE_OPS.
 * @example const bn = tf.layers.batch_normalization(h, {training: isTraining});
 */
export const batch_normalization = pythonFunction('batch_normalization', [
  'inputs', ...BATCH_NORM, 'training=False', ...FUNCTIONAL, 'renorm=False', 'renorm_clipping=None', 'renorm_momentum=0.99',
  'fused=None', 'virtual_batch_size=None', 'adjustment=None',
], 1, norm.batch_normalization);
