/**
 * `tf.contrib.rnn`: the cells of `tf.nn.rnn_cell`, the core unrolled RNNs TF 1.15 also exports there
 * (`static_rnn`, `static_bidirectional_rnn`, as tutorials import them), and `checkpoint_convert` (TF's
 * contrib/rnn tool that renames TF 1.1's RNN variables in a checkpoint). Re-exports only.
 */
export * from './rnn_cell_api';
export { static_rnn, static_bidirectional_rnn } from './rnn';
export * as checkpoint_convert from '../train/checkpoint_convert';
