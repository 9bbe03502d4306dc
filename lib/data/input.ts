/**
 * TF 1.x's queue-based input pipelines (tf.train's training/input.py): match_filenames_once, producers that fill a queue from a
 * tensor (input_producer, string_input_producer, range_input_producer, slice_input_producer), epoch limits,
 * and the batching functions that put tensors through a FIFO, padding or random-shuffle queue filled by a
 * QueueRunner (batch, batch_join, shuffle_batch, shuffle_batch_join and their maybe_* forms), with TF's
 * node names (`input_producer/...`, `batch/fifo_queue`, the `batch` dequeue) and queue-fill summaries.
 */
import { DType, float32, int32, int64, string as tfString } from '../framework/dtypes';
import { Operation, Tensor, get_default_graph } from '../framework/graph';
import { GraphKeys } from '../framework/graph_keys';
import { TFTypeError, ValueError } from '../framework/errors';
import { ShapeLike, TensorShape, as_shape } from '../framework/tensor_shape';
import { pythonFunction } from '../framework/python_signature';
import { TensorLike, convert_to_tensor } from '../ops/op_builder';
import { constantValue } from '../ops/schema_util';
import { identity, size, shape as shapeOf, gather, dynamic_partition, getitem } from '../ops/array_ops';
import { cast, greater, maximum, range } from '../ops/math_ops';
import { cond, no_op } from '../ops/control_flow_ops';
import { Assert } from '../ops/logging_ops';
import { random_shuffle } from '../ops/random_ops';
import { count_up_to } from '../ops/state_ops';
import { FIFOQueue, PaddingFIFOQueue, QueueBase, RandomShuffleQueue, Dequeued } from '../ops/queue_ops';
import { matching_files } from '../ops/reader_ops';
import { Variable } from '../variables/variables';
import { QueueRunner, add_queue_runner } from '../train/queue_runner';
import { scalar } from '../summary/summary';

type NameOption = { name?: string | null };
/** What the batching functions take: a list of tensors or an object of them (sorted by key, as TF's). */
export type TensorsIn = readonly TensorLike[] | Readonly<Record<string, TensorLike>> | TensorLike;

/**
 * Returns `tensor` for `num_epochs` runs, then OutOfRangeError: a local `epochs` counter (CountUpTo)
 * runs before each use. null `num_epochs`: `tensor` itself.
 */
export const limit_epochs = pythonFunction('limit_epochs', ['tensor', 'num_epochs=None', 'name=None'], 1, function limit_epochs(tensor: TensorLike, options: { num_epochs?: number | null } & NameOption = {}): Tensor {
  const t = convert_to_tensor(tensor);
  const num = options.num_epochs ?? null;
  if (num === null) return t;
  if (num <= 0) throw new ValueError(`num_epochs must be > 0 not ${num}.`);
  const g = get_default_graph();
  return g.name_scope(options.name ?? 'limit_epochs', (scope) => {
    const zero64 = convert_to_tensor(0, { dtype: int64, name: 'Const' });
    const epochs = Variable(zero64, { name: 'epochs', trainable: false, collections: [GraphKeys.LOCAL_VARIABLES] });
    const counter = count_up_to(epochs, num);
    return g.control_dependencies([counter], () => identity(t, { name: scope }));
  });
});

/**
 * The file names matching `pattern`, as a local variable (`matching_filenames`, initialized by
 * tf.local_variables_initializer) so the file system is read once, when it is initialized.
 * @example const files = tf.train.match_filenames_once('data/*.csv');
 */
export const match_filenames_once = pythonFunction('match_filenames_once', ['pattern', 'name=None'], 1, function match_filenames_once(pattern: TensorLike, options: NameOption = {}): Variable {
  const g = get_default_graph();
  return g.name_scope(options.name ?? 'matching_filenames', (scope) => Variable(matching_files(pattern), {
    name: scope, trainable: false, validate_shape: false, collections: [GraphKeys.LOCAL_VARIABLES],
  }));
});

export interface InputProducerOptions {
  element_shape?: ShapeLike; num_epochs?: number | null; shuffle?: boolean; seed?: number | null; capacity?: number;
  shared_name?: string | null; summary_name?: string | null; name?: string | null; cancel_op?: Operation | null;
}

/** A FIFO queue filled, by a QueueRunner, with the rows of `input_tensor` (shuffled, for `num_epochs` epochs). */
export const input_producer = pythonFunction('input_producer', [
  'input_tensor', 'element_shape=None', 'num_epochs=None', 'shuffle=True', 'seed=None', 'capacity=32', 'shared_name=None', 'summary_name=None', 'name=None', 'cancel_op=None',
], 1, function input_producer(input_tensor: TensorLike, options: InputProducerOptions = {}): QueueBase {
  const g = get_default_graph();
  const capacity = options.capacity ?? 32;
  return g.name_scope(options.name ?? 'input_producer', () => {
    let t = convert_to_tensor(input_tensor, { name: 'input_tensor' });
    const rows = t.shape.dims === null ? new TensorShape(null) : new TensorShape(t.shape.dims.slice(1));
    const element = rows.merge_with(as_shape(options.element_shape ?? null));
    if (!element.is_fully_defined()) throw new ValueError('Either `input_tensor` must have a fully defined shape or `element_shape` must be specified');
    if (options.shuffle ?? true) t = random_shuffle(t, { seed: options.seed ?? null });
    t = limit_epochs(t, { num_epochs: options.num_epochs ?? null });
    // TF hands the queue the caller's name: the scope itself, or None (the op type's name).
    const q = new FIFOQueue(capacity, [t.dtype.base_dtype], { shapes: [element], shared_name: options.shared_name ?? null, name: options.name ?? 'FIFOQueueV2' });
    const enq = q.enqueue_many([t]);
    add_queue_runner(new QueueRunner(q, [enq], { cancel_op: options.cancel_op ?? null }));
    if (options.summary_name !== null && options.summary_name !== undefined) {
      scalar(options.summary_name, cast(q.size(), float32).mul(1 / capacity));
    }
    return q;
  });
});

type ProducerOptions = { num_epochs?: number | null; shuffle?: boolean; seed?: number | null; capacity?: number; shared_name?: string | null; name?: string | null };

/** A queue of the strings of `string_tensor` (file names, usually), for the readers. */
export const string_input_producer = pythonFunction('string_input_producer', [
  'string_tensor', 'num_epochs=None', 'shuffle=True', 'seed=None', 'capacity=32', 'shared_name=None', 'name=None', 'cancel_op=None',
], 1, function string_input_producer(string_tensor: TensorLike, options: ProducerOptions & { cancel_op?: Operation | null } = {}): QueueBase {
  const notNull = 'string_input_producer requires a non-null input tensor';
  if (!(string_tensor instanceof Tensor) && (string_tensor === null || (Array.isArray(string_tensor) && string_tensor.length === 0) || string_tensor === '')) throw new ValueError(notNull);
  const g = get_default_graph();
  const capacity = options.capacity ?? 32;
  return g.name_scope(options.name ?? 'input_producer', (scope) => {
    let t = convert_to_tensor(string_tensor, { dtype: tfString });
    const check = Assert(greater(size(t), 0), [notNull]);
    t = g.control_dependencies([check], () => identity(t));
    return input_producer(t, {
      element_shape: [], shuffle: options.shuffle ?? true, seed: options.seed ?? null, capacity, shared_name: options.shared_name ?? null, name: scope,
      summary_name: `fraction_of_${capacity}_full`, num_epochs: options.num_epochs ?? null, cancel_op: options.cancel_op ?? null,
    });
  });
});

/** A queue of the integers 0 .. limit-1. */
export const range_input_producer = pythonFunction('range_input_producer', [
  'limit', 'num_epochs=None', 'shuffle=True', 'seed=None', 'capacity=32', 'shared_name=None', 'name=None',
], 1, function range_input_producer(limit: TensorLike, options: ProducerOptions = {}): QueueBase {
  const g = get_default_graph();
  const capacity = options.capacity ?? 32;
  return g.name_scope(options.name ?? 'input_producer', (scope) => {
    const r = range(limit);
    return input_producer(r, {
      element_shape: [], num_epochs: options.num_epochs ?? null, shuffle: options.shuffle ?? true, seed: options.seed ?? null, capacity,
      shared_name: options.shared_name ?? null, summary_name: `fraction_of_${capacity}_full`, name: scope,
    });
  });
});

/** One row of each tensor of `tensor_list` at a time (the same row of each), through a range queue. */
export const slice_input_producer = pythonFunction('slice_input_producer', [
  'tensor_list', 'num_epochs=None', 'shuffle=True', 'seed=None', 'capacity=32', 'shared_name=None', 'name=None',
], 1, function slice_input_producer(tensor_list: readonly TensorLike[], options: ProducerOptions = {}): Tensor[] {
  const g = get_default_graph();
  return g.name_scope(options.name ?? 'input_producer', () => {
    const tensors = tensor_list.map((t) => convert_to_tensor(t));
    if (tensors.length === 0) throw new ValueError('Expected at least one tensor in slice_input_producer().');
    const rangeSize = getitem(shapeOf(tensors[0]), 0);
    const queue = range_input_producer(rangeSize, {
      num_epochs: options.num_epochs ?? null, shuffle: options.shuffle ?? true, seed: options.seed ?? null, capacity: options.capacity ?? 32, shared_name: options.shared_name ?? null,
    });
    const index = queue.dequeue() as Tensor;
    return tensors.map((t) => gather(t, index));
  });
});

// ---- batching --------------------------------------------------------------------------------

function isRecord(x: unknown): x is Readonly<Record<string, TensorLike>> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !(x instanceof Tensor) && Object.getPrototypeOf(x) === Object.prototype;
}

function asTensorList(tensors: TensorsIn): TensorLike[] {
  if (isRecord(tensors)) return Object.keys(tensors).sort().map((k) => tensors[k]);
  return Array.isArray(tensors) ? [...tensors] : [tensors as TensorLike];
}

/** TF's _as_original_type: an object comes back as an object (one tensor dequeued alone, made a list again). */
function asOriginalType(original: TensorsIn, dequeued: Dequeued): Dequeued {
  if (!isRecord(original)) return dequeued;
  const list = Array.isArray(dequeued) ? dequeued : [dequeued as Tensor];
  return Object.fromEntries(Object.keys(original).sort().map((k, i) => [k, list[i]]));
}

function validateKeepInput(keep_input: TensorLike, enqueueMany: boolean): Tensor {
  const k = convert_to_tensor(keep_input);
  if (k.shape.ndims === null) throw new ValueError('`keep_input` dimensions must be known at graph construction.');
  if (!enqueueMany && k.shape.ndims === 1) throw new ValueError('`keep_input` cannot be a vector when `enqueue_many=False`.');
  if (k.shape.ndims > 1) throw new ValueError('`keep_input` must be 0 or 1 dimensions.');
  return k;
}

function dtypesOf(lists: readonly Tensor[][]): DType[] {
  const types = lists[0].map((t) => t.dtype.base_dtype);
  for (const other of lists.slice(1)) {
    const o = other.map((t) => t.dtype.base_dtype);
    if (o.length !== types.length || o.some((d, i) => d !== types[i])) {
      throw new TFTypeError(`Expected types to be consistent: ${types.map((d) => d.name).join(', ')} vs. ${o.map((d) => d.name).join(', ')}.`);
    }
  }
  return types;
}

function shapesOf(lists: readonly Tensor[][], shapes: readonly ShapeLike[] | null | undefined, enqueueMany: boolean): TensorShape[] {
  if (shapes) return shapes.map((s) => as_shape(s));
  for (const list of lists) for (const t of list) if (t.shape.ndims === null) throw new ValueError(`Cannot infer Tensor's rank: ${t}`);
  return lists[0].map((_, i) => {
    const each = lists.map((l) => (enqueueMany ? new TensorShape(l[i].shape.with_rank_at_least(1).dims!.slice(1)) : l[i].shape));
    return each.slice(1).reduce((m, s) => m.merge_with(s), each[0]);
  });
}

/** The enqueue op of one list of tensors, under `keep_input` (TF's _enqueue / smart_cond / _select_which_to_enqueue). */
function enqueueOp(queue: QueueBase, tensors: Tensor[], enqueueMany: boolean, keep: Tensor): Operation {
  const enqueue = (vals: Tensor[]) => (enqueueMany ? queue.enqueue_many(vals) : queue.enqueue(vals));
  if (keep.shape.ndims === 1) {
    const which = cast(keep, int32);
    return enqueue(tensors.map((t) => dynamic_partition(t, which, 2)[1]));
  }
  const known = constantValue(keep);
  if (known) return known.item() ? enqueue(tensors) : no_op();
  return cond(keep, () => enqueue(tensors), () => no_op()) as unknown as Operation;
}

interface BatchSpec {
  readonly defaultName: string;
  readonly lists: readonly TensorLike[][];
  readonly original: TensorsIn;
  readonly batchSize: TensorLike;
  readonly keepInput: TensorLike;
  readonly capacity: number;
  readonly enqueueMany: boolean;
  readonly shapes: readonly ShapeLike[] | null | undefined;
  readonly allowSmaller: boolean;
  readonly sharedName: string | null | undefined;
  readonly name: string | null | undefined;
  /** Threads per list: num_threads copies of the one enqueue op for batch, one op per list for the joins. */
  readonly threads: number;
  readonly join: boolean;
  readonly shuffle?: { minAfterDequeue: number; seed: number | null | undefined };
  readonly dynamicPad?: boolean;
}

function batchImpl(spec: BatchSpec): Dequeued {
  const g = get_default_graph();
  return g.name_scope(spec.name ?? spec.defaultName, (scope) => {
    if (spec.lists.length === 0 || spec.lists.some((l) => l.length === 0)) {
      throw new ValueError(spec.join ? 'Expected at least one input in batch_join().' : 'Expected at least one tensor in batch().');
    }
    const shuffle = spec.shuffle;
    if (shuffle && spec.capacity <= shuffle.minAfterDequeue) throw new ValueError(`capacity ${spec.capacity} must be bigger than min_after_dequeue ${shuffle.minAfterDequeue}.`);
    const lists = spec.lists.map((l) => l.map((t) => convert_to_tensor(t)));
    const keep = validateKeepInput(spec.keepInput, spec.enqueueMany);
    const types = dtypesOf(lists);
    const shapes = shapesOf(lists, spec.shapes, spec.enqueueMany);
    const queue: QueueBase = shuffle
      ? new RandomShuffleQueue(spec.capacity, shuffle.minAfterDequeue, types, { shapes, seed: shuffle.seed ?? null, shared_name: spec.sharedName ?? null })
      : spec.dynamicPad
        ? new PaddingFIFOQueue(spec.capacity, types, shapes, { shared_name: spec.sharedName ?? null })
        : new FIFOQueue(spec.capacity, types, { shapes, shared_name: spec.sharedName ?? null });
    const ops = spec.join
      ? lists.map((l) => enqueueOp(queue, l, spec.enqueueMany, keep))
      : Array<Operation>(spec.threads).fill(enqueueOp(queue, lists[0], spec.enqueueMany, keep));
    add_queue_runner(new QueueRunner(queue, ops));
    if (shuffle) {
      const over = maximum(0, queue.size().sub(shuffle.minAfterDequeue));
      scalar(`fraction_over_${shuffle.minAfterDequeue}_of_${spec.capacity - shuffle.minAfterDequeue}_full`, cast(over, float32).mul(1 / (spec.capacity - shuffle.minAfterDequeue)));
    } else {
      scalar(`fraction_of_${spec.capacity}_full`, cast(queue.size(), float32).mul(1 / spec.capacity));
    }
    // The dequeue takes the scope's own name: the batch is `batch:0`.
    const out = spec.allowSmaller ? queue.dequeue_up_to(spec.batchSize, { name: scope }) : queue.dequeue_many(spec.batchSize, { name: scope });
    return asOriginalType(spec.original, out);
  });
}

type BatchOptions = {
  num_threads?: number; capacity?: number; enqueue_many?: boolean; shapes?: readonly ShapeLike[] | null; dynamic_pad?: boolean;
  allow_smaller_final_batch?: boolean; shared_name?: string | null; name?: string | null;
};
type ShuffleOptions = Omit<BatchOptions, 'capacity' | 'dynamic_pad'> & { seed?: number | null };

const BATCH_TAIL = ['enqueue_many=False', 'shapes=None', 'dynamic_pad=False', 'allow_smaller_final_batch=False', 'shared_name=None', 'name=None'] as const;
const SHUFFLE_TAIL = ['enqueue_many=False', 'shapes=None', 'allow_smaller_final_batch=False', 'shared_name=None', 'name=None'] as const;

function batchSpec(defaultName: string, tensors: TensorsIn, batch_size: TensorLike, keep: TensorLike, o: BatchOptions): BatchSpec {
  return {
    defaultName, lists: [asTensorList(tensors)], original: tensors, batchSize: batch_size, keepInput: keep, capacity: o.capacity ?? 32,
    enqueueMany: o.enqueue_many ?? false, shapes: o.shapes, allowSmaller: o.allow_smaller_final_batch ?? false, sharedName: o.shared_name,
    name: o.name, threads: o.num_threads ?? 1, join: false, dynamicPad: o.dynamic_pad ?? false,
  };
}

function joinSpec(defaultName: string, tensors_list: readonly TensorsIn[], batch_size: TensorLike, keep: TensorLike, o: BatchOptions): BatchSpec {
  return { ...batchSpec(defaultName, tensors_list[0] ?? [], batch_size, keep, o), lists: tensors_list.map(asTensorList), join: true };
}

/** Batches of `batch_size` of `tensors` through a FIFO (or, with dynamic_pad, padding) queue. */
export const batch = pythonFunction('batch', ['tensors', 'batch_size', 'num_threads=1', 'capacity=32', ...BATCH_TAIL], 2, function batch(tensors: TensorsIn, batch_size: TensorLike, options: BatchOptions = {}): Dequeued {
  return batchImpl(batchSpec('batch', tensors, batch_size, true, options));
});

/** batch, enqueueing only when `keep_input` is true (per element with enqueue_many and a vector). */
export const maybe_batch = pythonFunction('maybe_batch', ['tensors', 'keep_input', 'batch_size', 'num_threads=1', 'capacity=32', ...BATCH_TAIL], 3, function maybe_batch(tensors: TensorsIn, keep_input: TensorLike, batch_size: TensorLike, options: BatchOptions = {}): Dequeued {
  return batchImpl(batchSpec('batch', tensors, batch_size, keep_input, options));
});

/** Batches from several lists of tensors, one enqueue op (thread) per list. */
export const batch_join = pythonFunction('batch_join', ['tensors_list', 'batch_size', 'capacity=32', ...BATCH_TAIL], 2, function batch_join(tensors_list: readonly TensorsIn[], batch_size: TensorLike, options: Omit<BatchOptions, 'num_threads'> = {}): Dequeued {
  return batchImpl(joinSpec('batch_join', tensors_list, batch_size, true, options));
});

export const maybe_batch_join = pythonFunction('maybe_batch_join', ['tensors_list', 'keep_input', 'batch_size', 'capacity=32', ...BATCH_TAIL], 3, function maybe_batch_join(tensors_list: readonly TensorsIn[], keep_input: TensorLike, batch_size: TensorLike, options: Omit<BatchOptions, 'num_threads'> = {}): Dequeued {
  return batchImpl(joinSpec('batch_join', tensors_list, batch_size, keep_input, options));
});

function shuffleSpec(base: BatchSpec, capacity: number, min_after_dequeue: number, seed: number | null | undefined): BatchSpec {
  return { ...base, capacity, shuffle: { minAfterDequeue: min_after_dequeue, seed }, dynamicPad: false };
}

/** Batches of `tensors` in random order, from a RandomShuffleQueue kept at least `min_after_dequeue` full. */
export const shuffle_batch = pythonFunction('shuffle_batch', ['tensors', 'batch_size', 'capacity', 'min_after_dequeue', 'num_threads=1', 'seed=None', ...SHUFFLE_TAIL], 4, function shuffle_batch(tensors: TensorsIn, batch_size: TensorLike, capacity: number, min_after_dequeue: number, options: ShuffleOptions = {}): Dequeued {
  return batchImpl(shuffleSpec(batchSpec('shuffle_batch', tensors, batch_size, true, options), capacity, min_after_dequeue, options.seed));
});

export const maybe_shuffle_batch = pythonFunction('maybe_shuffle_batch', ['tensors', 'batch_size', 'capacity', 'min_after_dequeue', 'keep_input', 'num_threads=1', 'seed=None', ...SHUFFLE_TAIL], 5, function maybe_shuffle_batch(tensors: TensorsIn, batch_size: TensorLike, capacity: number, min_after_dequeue: number, keep_input: TensorLike, options: ShuffleOptions = {}): Dequeued {
  return batchImpl(shuffleSpec(batchSpec('shuffle_batch', tensors, batch_size, keep_input, options), capacity, min_after_dequeue, options.seed));
});

export const shuffle_batch_join = pythonFunction('shuffle_batch_join', ['tensors_list', 'batch_size', 'capacity', 'min_after_dequeue', 'seed=None', ...SHUFFLE_TAIL], 4, function shuffle_batch_join(tensors_list: readonly TensorsIn[], batch_size: TensorLike, capacity: number, min_after_dequeue: number, options: Omit<ShuffleOptions, 'num_threads'> = {}): Dequeued {
  return batchImpl(shuffleSpec(joinSpec('shuffle_batch_join', tensors_list, batch_size, true, options), capacity, min_after_dequeue, options.seed));
});

export const maybe_shuffle_batch_join = pythonFunction('maybe_shuffle_batch_join', ['tensors_list', 'batch_size', 'capacity', 'min_after_dequeue', 'keep_input', 'seed=None', ...SHUFFLE_TAIL], 5, function maybe_shuffle_batch_join(tensors_list: readonly TensorsIn[], batch_size: TensorLike, capacity: number, min_after_dequeue: number, keep_input: TensorLike, options: Omit<ShuffleOptions, 'num_threads'> = {}): Dequeued {
  return batchImpl(shuffleSpec(joinSpec('shuffle_batch_join', tensors_list, batch_size, keep_input, options), capacity, min_after_dequeue, options.seed));
});


