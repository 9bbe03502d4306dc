/**
 * `tf.contrib.rnn`: the cells of `tf.nn.rnn_cell`, and `checkpoint_convert` (TF's contrib/rnn tool that renames
 * TF 1.1's RNN variables in a checkpoint). Re-exports only.
 */
export * from './rnn_cell_api';
export * as checkpoint_convert from '../train/checkpoint_convert';
