/**
 * `tf.nn.embedding_lookup` (TF's embedding_ops) for one embedding tensor: a GatherV2 colocated with the
 * params, named after the scope, and an Identity; its gradient is GatherV2's (dense rows summed per id).
 */
import { Tensor } from '../framework/graph';
import { ValueError } from '../framework/errors';
import { TensorLike, convert_to_tensor, isTensorLike, opScope } from './op_builder';
import { gather, identity } from './array_ops';
import { clip_by_norm } from './clip_ops';
import { pythonFunction } from '../framework/python_signature';

export interface EmbeddingLookupOptions {
  partition_strategy?: 'mod' | 'div';
  name?: string;
  validate_indices?: boolean;
  max_norm?: number | null;
}

/**
 * The rows of `params` at `ids` (any shape of ids: the result is ids.shape + params.shape[1:]).
 * `max_norm` clips each looked-up embedding to that L2 norm.
 * @example const embedded = tf.nn.embedding_lookup(embeddings, word_ids)
 */
export const embedding_lookup = pythonFunction('embedding_lookup', ['params', 'ids', "partition_strategy='mod'", 'name=None', 'validate_indices=True', 'max_norm=None'], 2, function embedding_lookup(params: TensorLike | readonly TensorLike[], ids: TensorLike, options: EmbeddingLookupOptions = {}): Tensor {
  const list = Array.isArray(params) && params.length > 0 && params.every(isTensorLike) ? (params as TensorLike[]) : [params as TensorLike];
  if (list.length === 0) throw new ValueError('Need at least one param');
  const strategy = options.partition_strategy ?? 'mod';
  if (strategy !== 'mod' && strategy !== 'div') throw new ValueError(`Unrecognized partition strategy: ${strategy}`);
  if (list.length > 1) throw new ValueError(`embedding_lookup over ${list.length} sharded params is not supported here (it needs DynamicPartition and DynamicStitch); pass one embedding tensor`);
  return opScope(options.name, 'embedding_lookup', [...list, ids], (scope, g) => {
    const idsT = convert_to_tensor(ids, { name: 'ids' });
    const p = list[0];
    const result = g.colocate_with(isTensorLike(p) ? p : null, () => {
      let r = gather(p, idsT, { name: scope });
      if (options.max_norm !== undefined && options.max_norm !== null) {
        const idsRank = idsT.shape.ndims, rRank = r.shape.ndims;
        if (idsRank === null || rRank === null) throw new ValueError('max_norm needs ids and params of known rank');
        r = clip_by_norm(r, options.max_norm, { axes: Array.from({ length: rRank - idsRank }, (_, i) => idsRank + i) });
      }
      return r;
    });
    return identity(result);
  });
});
