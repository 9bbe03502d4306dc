/**
 * `tf.contrib`: only the `tf.contrib.layers` names TF 1.x tutorials use, as aliases of core functions.
 * Re-exports only.
 */
export * as layers from './layers/contrib_aliases';
