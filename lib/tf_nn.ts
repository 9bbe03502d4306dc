/**
 * The `tf.nn` namespace: the nn ops, the composite functions built from them (nn_impl), embedding
 * lookup and candidate sampling, and TF 1.15's aliases there. Re-exports only.
 */
export * from './ops/nn_ops';
export * from './ops/nn_impl';
export { embedding_lookup } from './ops/embedding_ops';
export type { EmbeddingLookupOptions } from './ops/embedding_ops';
export { log_uniform_candidate_sampler, compute_accidental_hits } from './ops/candidate_sampling_ops';
