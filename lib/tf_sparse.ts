/**
 * The `tf.sparse` namespace: TF 1.15's names for the sparse ops and SparseTensor. Re-exports only.
 */
export { SparseTensor, SparseTensorValue } from './ops/sparse_tensor';
export { sparse_placeholder as placeholder } from './ops/sparse_ops';
