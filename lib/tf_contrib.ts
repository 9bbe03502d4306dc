/**
 * `tf.contrib`: only the `tf.contrib.layers` names TF 1.x tutorials use, as aliases of core functions, and
 * `tf.contrib.rnn` as the RNN cells of `tf.nn.rnn_cell`, its static RNNs and TF's checkpoint_convert tool, and
 * `tf.contrib.tensorboard.plugins.projector`. Re-exports only.
 */
export * as layers from './layers/contrib_aliases';
export * as rnn from './layers/contrib_rnn';
export * as tensorboard from './summary/contrib_tensorboard';
