/**
 * `tf.nn.embedding_lookup` (TF's embedding_ops): for one embedding tensor a GatherV2 colocated with the
 * params, named after the scope, and an Identity; for several shards the ids are partitioned ('mod' or
 * 'div'), gathered per shard and stitched back. The gradient is GatherV2's (dense rows summed per id).
 */
import { Tensor } from '../framework/graph';
import { ValueError } from '../framework/errors';
import { TensorLike, convert_to_tensor, isTensorLike, opScope } from './op_builder';
import { concat, dynamic_partition, dynamic_stitch, gather, identity, reshape, shape, size, where } from './array_ops';
import { cast, floordiv, floormod, less, maximum, range, subtract } from './math_ops';
import { int32 } from '../framework/dtypes';
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
  if (list.length > 1) return shardedLookup(list, ids, strategy, options.name);
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

/** TF's lookup over several shards: each id goes to shard `id % n` ('mod') or to a contiguous range ('div'). */
function shardedLookup(params: readonly TensorLike[], ids: TensorLike, strategy: 'mod' | 'div', name: string | undefined): Tensor {
  return opScope(name, 'embedding_lookup', [...params, ids], (scope, g) => {
    const shards = params.map((p) => convert_to_tensor(p));
    const np = shards.length;
    const idsT = convert_to_tensor(ids, { name: 'ids' });
    const flatIds = reshape(idsT, [-1]);
    const originalIndices = range(0, size(flatIds));
    let assignments: Tensor, newIds: Tensor;
    if (strategy === 'mod') {
      assignments = floormod(flatIds, np);
      newIds = floordiv(flatIds, np);
    } else {
      const rows = shards.map((s) => s.shape.dims?.[0] ?? null);
      if (rows.some((r) => r === null)) throw new ValueError("embedding_lookup with partition_strategy 'div' needs params of known first dimensions");
      const total = rows.reduce((a, b) => a! + b!, 0)!;
      const perPartition = Math.floor(total / np), extras = total % np;
      assignments = maximum(floordiv(flatIds, perPartition + 1), floordiv(subtract(flatIds, extras), perPartition));
      newIds = where(less(assignments, extras), floormod(flatIds, perPartition + 1), floormod(subtract(flatIds, extras), perPartition));
    }
    const p = cast(assignments, int32);
    const gatherIds = dynamic_partition(newIds, p, np);
    const pIndices = dynamic_partition(originalIndices, p, np);
    const partitioned = shards.map((s, i) => g.colocate_with(s, () => gather(s, gatherIds[i])));
    const stitched = dynamic_stitch(pIndices, partitioned, { name: scope });
    const elementShape = shards[0].shape.dims === null ? null : shards[0].shape.dims.slice(1);
    if (elementShape === null || elementShape.some((d) => d === null)) throw new ValueError('embedding_lookup over shards needs params of known element shape');
    const out = reshape(stitched, concat([shape(idsT), elementShape as number[]], 0));
    out.set_shape(idsT.shape.concatenate(elementShape as number[]));
    return out;
  });
}
