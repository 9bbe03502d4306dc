/** The `tf.layers` namespace: TF 1.15's graph-mode layers, as classes and functions. Re-exports only. */
export { Layer } from './base';
export type { Activation, LayerOptions, LayerRegularizer, DataFormat, PaddingMode } from './base';
export { Dense, Dropout, Flatten, dense, dropout, flatten } from './core';
export type { DenseOptions, DropoutLayerOptions, FunctionalOptions } from './core';
export { Conv1D, Conv2D, Conv2DTranspose, SeparableConv2D, conv1d, conv2d, conv2d_transpose, separable_conv2d } from './convolutional';
export type { ConvOptions, SeparableConvOptions } from './convolutional';
export {
  MaxPooling1D, MaxPooling2D, AveragePooling1D, AveragePooling2D, max_pooling1d, max_pooling2d, average_pooling1d,
  average_pooling2d,
} from './pooling';
export type { PoolingOptions } from './pooling';
export { BatchNormalization, batch_normalization } from './normalization';
export type { BatchNormalizationOptions } from './normalization';
