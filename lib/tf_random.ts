/**
 * The `tf.random` namespace: TF 1.15's aliases of the random functions. Re-exports only.
 */
export {
  random_normal as normal, random_uniform as uniform, truncated_normal, random_shuffle as shuffle, set_random_seed,
  get_seed, random_gamma as gamma, random_poisson as poisson, multinomial, categorical,
} from './ops/random_ops';
export { log_uniform_candidate_sampler, fixed_unigram_candidate_sampler, learned_unigram_candidate_sampler, all_candidate_sampler } from './ops/candidate_sampling_ops';
