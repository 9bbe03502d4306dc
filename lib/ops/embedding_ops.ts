/**
 * `tf.nn.embedding_lookup` (TF's embedding_ops): for one embedding tensor a GatherV2 colocated with the
 * params, named after the scope, and an Identity; for several shards the ids are partitioned ('mod' or
 * 'div'), gathered per shard and stitched back. The gradient is GatherV2's (IndexedSlices of the rows looked up).
 * `embedding_lookup_sparse` and `safe_embedding_lookup_sparse` combine the embeddings of a SparseTensor's ids per row.
 */
import { Tensor } from '../framework/graph';
import { TFTypeError, ValueError } from '../framework/errors';
import { TensorLike, convert_to_tensor, isTensorLike, opScope } from './op_builder';
import {
  concat, dynamic_partition, dynamic_stitch, expand_dims, fill, gather, getitem, identity, ones_like, rank, reshape, shape, size, slice,
  stack, tile, unique, where, zeros_like,
} from './array_ops';
import {
  cast, div, floordiv, floormod, greater, greater_equal, less, logical_and, maximum, multiply, pow, range, reduce_prod, segment_sum, sqrt, subtract,
} from './math_ops';
import { bfloat16, bool, float16, float32, int32 } from '../framework/dtypes';
import { unknown_shape } from '../framework/tensor_shape';
import { SparseTensor, SparseTensorImpl } from './sparse_tensor';
import {
  sparse_fill_empty_rows, sparse_reshape, sparse_retain, sparse_segment_mean, sparse_segment_sqrt_n, sparse_segment_sum,
} from './sparse_ops';
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

export interface EmbeddingLookupSparseOptions {
  partition_strategy?: 'mod' | 'div';
  name?: string;
  /** 'sum', 'mean' (the default) or 'sqrtn'. */
  combiner?: 'sum' | 'mean' | 'sqrtn' | null;
  max_norm?: number | null;
}

/**
 * One combined embedding per row of a SparseTensor of ids `sp_ids` ([batch, ?]): the rows of `params` at the
 * ids, weighted by `sp_weights` (a SparseTensor of the same indices, or null for weights of 1) and combined
 * per row by `combiner`: 'sum', 'mean' (sum / sum of weights) or 'sqrtn' (sum / sqrt(sum of squared weights)).
 * Rows without ids are absent from the result's leading rows only at its end (TF's segment semantics).
 * @example tf.nn.embedding_lookup_sparse(embeddings, sp_ids, null, {combiner: 'sum'})
 */
export const embedding_lookup_sparse = pythonFunction('embedding_lookup_sparse', ['params', 'sp_ids', 'sp_weights', "partition_strategy='mod'", 'name=None', 'combiner=None', 'max_norm=None'], 3, function embedding_lookup_sparse(params: TensorLike | readonly TensorLike[], sp_ids: SparseTensor, sp_weights: SparseTensor | null, options: EmbeddingLookupSparseOptions = {}): Tensor {
  // TF logs that the default will change (tf.logging sits above the ops here, so nothing is logged).
  const combiner = options.combiner ?? 'mean';
  if (!['mean', 'sqrtn', 'sum'].includes(combiner)) throw new ValueError("combiner must be one of 'mean', 'sqrtn' or 'sum'");
  const list = Array.isArray(params) && params.length > 0 && params.every(isTensorLike) ? (params as TensorLike[]) : [params as TensorLike];
  if (!(sp_ids instanceof SparseTensorImpl)) throw new TFTypeError('sp_ids must be SparseTensor');
  const ignoreWeights = sp_weights === null || sp_weights === undefined;
  if (!ignoreWeights) {
    if (!(sp_weights instanceof SparseTensorImpl)) throw new TFTypeError('sp_weights must be either None or SparseTensor');
    sp_ids.values.shape.assert_is_compatible_with(sp_weights.values.shape);
    sp_ids.indices.shape.assert_is_compatible_with(sp_weights.indices.shape);
    sp_ids.dense_shape.shape.assert_is_compatible_with(sp_weights.dense_shape.shape);
  }
  return opScope(options.name, 'embedding_lookup_sparse', [...list, sp_ids.indices, sp_ids.values, sp_ids.dense_shape], (scope) => {
    let segmentIds = getitem(sp_ids.indices, {}, 0);
    if (segmentIds.dtype.base_dtype !== int32) segmentIds = cast(segmentIds, int32);
    const [ids, idx] = unique(sp_ids.values);
    let embeddings = embedding_lookup(list, ids, { partition_strategy: options.partition_strategy ?? 'mod', max_norm: options.max_norm });
    if (embeddings.dtype.base_dtype === float16 || embeddings.dtype.base_dtype === bfloat16) embeddings = cast(embeddings, float32);
    // The last op takes the scope's name, as TF names it `name`.
    if (ignoreWeights) {
      const f = combiner === 'sum' ? sparse_segment_sum : combiner === 'mean' ? sparse_segment_mean : sparse_segment_sqrt_n;
      return f(embeddings, idx, segmentIds, { name: scope });
    }
    let weights = sp_weights!.values;
    if (weights.dtype.base_dtype !== embeddings.dtype.base_dtype) weights = cast(weights, embeddings.dtype.base_dtype);
    embeddings = gather(embeddings, idx);
    // Weights reshaped to broadcast over the embedding dimensions.
    const ones = fill(expand_dims(subtract(rank(embeddings), 1), 0), convert_to_tensor(1, { dtype: int32 }));
    const bcastShape = concat([shape(weights), ones], 0);
    const origShape = weights.shape;
    weights = reshape(weights, bcastShape);
    const eRank = embeddings.shape.ndims;
    if (eRank !== null) weights.set_shape(origShape.concatenate(Array<number>(eRank - 1).fill(1)));
    embeddings = multiply(embeddings, weights);
    if (combiner === 'sum') return segment_sum(embeddings, segmentIds, { name: scope });
    const summed = segment_sum(embeddings, segmentIds);
    const weightSum = combiner === 'mean' ? segment_sum(weights, segmentIds) : sqrt(segment_sum(pow(weights, 2), segmentIds));
    return div(summed, weightSum, { name: scope });
  });
});

/**
 * embedding_lookup_sparse made safe for real inputs: ids below 0 are dropped (and, except with 'sum', ids of
 * weight ≤ 0); a row left without ids gets the embedding of `default_id`, or zeros when it is null. Ids of rank
 * > 2 are looked up per row of their last dimension, the result keeping the leading dimensions.
 * @example tf.nn.safe_embedding_lookup_sparse(embeddings, sp_ids, sp_weights, {default_id: 0})
 */
export const safe_embedding_lookup_sparse = pythonFunction('safe_embedding_lookup_sparse', ['embedding_weights', 'sparse_ids', 'sparse_weights=None', "combiner='mean'", 'default_id=None', 'name=None', "partition_strategy='div'", 'max_norm=None'], 2, function safe_embedding_lookup_sparse(embedding_weights: TensorLike | readonly TensorLike[], sparse_ids: SparseTensor, options: { sparse_weights?: SparseTensor | null; combiner?: 'sum' | 'mean' | 'sqrtn'; default_id?: number | null; name?: string; partition_strategy?: 'mod' | 'div'; max_norm?: number | null } = {}): Tensor {
  if (embedding_weights === null || embedding_weights === undefined) throw new ValueError(`Missing embedding_weights ${embedding_weights}.`);
  const given = Array.isArray(embedding_weights) && embedding_weights.every(isTensorLike) ? (embedding_weights as TensorLike[]) : [embedding_weights as TensorLike];
  if (given.length < 1) throw new ValueError(`Missing embedding_weights ${embedding_weights}.`);
  let sparseWeights = options.sparse_weights ?? null;
  const dtype = sparseWeights ? sparseWeights.dtype.base_dtype : undefined;
  const weightsList = given.map((w) => convert_to_tensor(w, { dtype }));
  const combiner = options.combiner ?? 'mean', defaultId = options.default_id ?? null;
  return opScope(options.name, 'embedding_lookup', [...weightsList, sparse_ids.indices, sparse_ids.values, sparse_ids.dense_shape], (scope) => {
    // Ids of higher rank become rows of their last dimension.
    const originalShape = sparse_ids.dense_shape;
    const rankDim = originalShape.shape.dims?.[0] ?? null;
    const lastDim: TensorLike = rankDim === null ? subtract(size(originalShape), 1) : rankDim - 1;
    const leadingSize: TensorLike = rankDim === null ? expand_dims(lastDim, 0) : [rankDim - 1];
    const leading = slice(originalShape, [0], leadingSize);
    let ids = sparse_reshape(sparse_ids, stack([reduce_prod(leading), gather(originalShape, lastDim)]));
    if (sparseWeights) sparseWeights = new SparseTensorImpl(ids.indices, sparseWeights.values, ids.dense_shape);
    [ids, sparseWeights] = pruneInvalidIds(ids, sparseWeights);
    if (combiner !== 'sum') [ids, sparseWeights] = pruneInvalidWeights(ids, sparseWeights);
    const [filledIds, isRowEmpty] = sparse_fill_empty_rows(ids, defaultId ?? 0);
    const filledWeights = sparseWeights ? sparse_fill_empty_rows(sparseWeights, 1.0)[0] : null;
    let result = embedding_lookup_sparse(weightsList, filledIds, filledWeights, {
      combiner, partition_strategy: options.partition_strategy ?? 'div', name: defaultId === null ? undefined : scope, max_norm: options.max_norm,
    });
    if (defaultId === null) {
      const empty = tile(reshape(isRowEmpty, [-1, 1]), stack([1, getitem(shape(result), 1)]));
      result = where(empty, zeros_like(result), result, { name: scope });
    }
    const finalResult = reshape(result, concat([slice(cast(originalShape, int32), [0], leadingSize), slice(shape(result), [1], [-1])], 0));
    const resultTail = result.shape.dims === null ? null : result.shape.dims.slice(1);
    if (rankDim !== null && resultTail !== null) finalResult.set_shape(unknown_shape(rankDim - 1).concatenate(resultTail));
    return finalResult;
  });
});

/** TF's _prune_invalid_ids: drops entries whose id is negative. */
function pruneInvalidIds(ids: SparseTensor, weights: SparseTensor | null): [SparseTensor, SparseTensor | null] {
  let valid = greater_equal(ids.values, 0);
  if (weights) valid = logical_and(valid, ones_like(weights.values, { dtype: bool }));
  return [sparse_retain(ids, valid), weights ? sparse_retain(weights, valid) : null];
}

/** TF's _prune_invalid_weights: drops entries whose weight is not positive. */
function pruneInvalidWeights(ids: SparseTensor, weights: SparseTensor | null): [SparseTensor, SparseTensor | null] {
  if (!weights) return [ids, weights];
  const valid = greater(weights.values, 0);
  return [sparse_retain(ids, valid), sparse_retain(weights, valid)];
}
