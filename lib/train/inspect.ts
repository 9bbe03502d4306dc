/** The `tf.train.inspect_checkpoint` namespace. */
export { print_tensors_in_checkpoint_file } from './inspect_checkpoint';
