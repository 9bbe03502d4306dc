/**
 * The `tf.nn` namespace: the nn ops, the composite functions built from them (nn_impl), embedding
 * lookup and candidate sampling, the RNN cells (`tf.nn.rnn_cell`) and functions, and TF 1.15's aliases
 * there. Re-exports only.
 */
export * from './ops/nn_ops';
export * from './ops/nn_impl';
export * from './ops/nn_ops_3d';
export * from './ops/nn_pool_ops';
export * from './ops/ctc_ops';
export { embedding_lookup, embedding_lookup_sparse, safe_embedding_lookup_sparse } from './ops/embedding_ops';
export type { EmbeddingLookupOptions, EmbeddingLookupSparseOptions } from './ops/embedding_ops';
export { space_to_batch } from './ops/array_ops';
export { with_space_to_batch } from './ops/space_batch_ops';
export type { SpaceToBatchOp, WithSpaceToBatchOptions } from './ops/space_batch_ops';
export { log_uniform_candidate_sampler, uniform_candidate_sampler, fixed_unigram_candidate_sampler, learned_unigram_candidate_sampler, all_candidate_sampler, compute_accidental_hits } from './ops/candidate_sampling_ops';
export * as rnn_cell from './layers/rnn_cell_api';
export { dynamic_rnn, bidirectional_dynamic_rnn, static_rnn, static_bidirectional_rnn, raw_rnn } from './layers/rnn';
export type { DynamicRNNOptions, BidirectionalOptions, StaticRNNOptions, RawRNNStep } from './layers/rnn';
