/**
 * The public `tf` namespace: re-exports (the v1 API of lib/tf.ts and `tf.compat`), and the import of every
 * kernel folder, which registers the kernels.
 * @example import * as tf from 'scopeflow';
 */
import './kernels/cpu';
import './kernels/fast';
import './kernels/native';
import './kernels/cpu_backend';
import './kernels/gpu';

export * from './tf';
export * as compat from './tf_compat';
