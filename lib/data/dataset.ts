/**
 * `tf.data.Dataset` and TF1's iterators in graph mode. A Dataset is a graph value (a variant tensor from
 * one of TF's dataset ops) with its element structure: a tensor, or arrays / objects of them. Iterators
 * are resource tensors; `get_next()` is an `IteratorGetNext` op that raises OutOfRangeError at the end.
 */
import { DType, as_dtype, bool, int64, string as stringDtype, variant } from '../framework/dtypes';
import { AttrValue, Graph, Operation, Tensor, get_default_graph } from '../framework/graph';
import { TFTypeError, ValueError } from '../framework/errors';
import { NDArray, NestedArray } from '../framework/ndarray';
import { ShapeLike, TensorShape, as_shape } from '../framework/tensor_shape';
import { DTypeLike, TensorLike, convert_to_tensor, isTensorLike, makeOp } from '../ops/op_builder';
import { OpType } from '../framework/op_types';
import { placeholder } from '../ops/array_ops';
import { get_seed } from '../ops/random_ops';
import { SparseTensor, SparseTensorImpl } from '../ops/sparse_tensor';
import { deserialize_sparse, serialize_sparse } from '../ops/sparse_serialize';
import { ElementGenerator, setGenerator } from './dataset_ops';
import { TracedFunction, addFunction } from '../framework/function_library';
import { PythonFunction, pythonFunction } from '../framework/python_signature';

// ---- element structures -----------------------------------------------------------------------------

/** An element: one value, or arrays / objects of them (Python's tuples and dicts). */
export type Nested<T> = T | readonly Nested<T>[] | { readonly [key: string]: Nested<T> };

function isLeaf<T>(x: Nested<T>, leaf: (v: unknown) => v is T): x is T { return leaf(x); }

function flatten<T>(x: Nested<T>, leaf: (v: unknown) => v is T): T[] {
  if (isLeaf(x, leaf)) return [x];
  if (Array.isArray(x)) return x.flatMap((e) => flatten(e as Nested<T>, leaf));
  return Object.keys(x as object).sort().flatMap((k) => flatten((x as Record<string, Nested<T>>)[k], leaf));
}

/**
 * The shape of a structure with leaf positions (TF's nest): rebuilds a structure from a flat list. A SparseTensor
 * is one component, a variant vector of its serialized parts ([3], batched [batch, 3]), as TF's datasets hold it;
 * its node keeps the SparseTensor's dtype and dense shape.
 */
type SparseNode = { kind: 'sparse'; dtype: DType; shape: TensorShape };
type Template = { kind: 'leaf' } | SparseNode | { kind: 'list'; items: Template[] } | { kind: 'dict'; keys: string[]; items: Template[] };

function templateOf<T>(x: Nested<T>, leaf: (v: unknown) => v is T): Template {
  if (isLeaf(x, leaf)) return { kind: 'leaf' };
  if (Array.isArray(x)) return { kind: 'list', items: x.map((e) => templateOf(e as Nested<T>, leaf)) };
  const keys = Object.keys(x as object).sort();
  return { kind: 'dict', keys, items: keys.map((k) => templateOf((x as Record<string, Nested<T>>)[k], leaf)) };
}

function pack<T, S = T>(t: Template, flat: readonly T[], sparse?: (node: SparseNode, v: T) => S): Nested<T | S> {
  let i = 0;
  const build = (n: Template): Nested<T | S> => {
    if (n.kind === 'leaf') return flat[i++];
    if (n.kind === 'sparse') return sparse ? sparse(n, flat[i++]) : flat[i++];
    if (n.kind === 'list') return n.items.map(build);
    const out: Record<string, Nested<T | S>> = {};
    n.keys.forEach((k, j) => { out[k] = build(n.items[j]); });
    return out;
  };
  return build(t);
}

/** An element's SparseTensors, back from their variant components (TF's from_compatible_tensor_list). */
function packElement(t: Template, tensors: readonly Tensor[]): Nested<Tensor | SparseTensor> {
  return pack(t, tensors, (node, v) => deserialize_sparse(v, node.dtype, { rank: node.shape.ndims }));
}

const elementTypes = (t: Template, types: readonly DType[]) => pack(t, types, (node) => node.dtype);
const elementShapes = (t: Template, shapes: readonly TensorShape[]) => pack(t, shapes, (node) => node.shape);

function hasSparse(t: Template): boolean { return t.kind === 'sparse' || ((t.kind === 'list' || t.kind === 'dict') && t.items.some(hasSparse)); }

/** The template of batched elements: each SparseTensor gains the batch dimension. */
function batchedTemplate(t: Template, batch: number | null): Template {
  if (t.kind === 'sparse') return { ...t, shape: new TensorShape(t.shape.dims === null ? null : [batch, ...t.shape.dims]) };
  if (t.kind === 'list') return { kind: 'list', items: t.items.map((x) => batchedTemplate(x, batch)) };
  if (t.kind === 'dict') return { kind: 'dict', keys: t.keys, items: t.items.map((x) => batchedTemplate(x, batch)) };
  return t;
}

/**
 * A leaf of an element given as values. JavaScript has no tuples, so an array is a structure (Python's
 * tuple) when it holds tensors, arrays or objects that cannot form one dense array (different shapes or
 * types), and one value otherwise: `[[1, 2], [3, 4]]` is a 2x2 value, `[tf.constant(xs), tf.constant(ys)]`
 * and `[[1, 2, 3], ['a', 'b', 'c']]` are pairs.
 */
function isValueLeaf(v: unknown): v is TensorLike {
  if (isTensorLike(v) || v instanceof NDArray || ArrayBuffer.isView(v) || typeof v !== 'object' || v === null) return true;
  if (!Array.isArray(v)) return false;
  if (v.some((e) => e instanceof Tensor || isTensorLike(e) || e instanceof NDArray || (typeof e === 'object' && e !== null && !Array.isArray(e)))) return false;
  try {
    NDArray.from(v);
    return true;
  } catch {
    return false;
  }
}

/** The template with a sparse node for each SparseTensor leaf (its dtype and static dense shape). */
function withSparseNodes(t: Template, leaves: readonly unknown[]): Template {
  let i = 0;
  const walk = (n: Template): Template => {
    if (n.kind === 'leaf' || n.kind === 'sparse') {
      const v = leaves[i++];
      return v instanceof SparseTensorImpl ? { kind: 'sparse', dtype: v.values.dtype.base_dtype, shape: v.shape } : n;
    }
    return n.kind === 'list' ? { kind: 'list', items: n.items.map(walk) } : { kind: 'dict', keys: n.keys, items: n.items.map(walk) };
  };
  return walk(t);
}

// ---- functions ------------------------------------------------------------------------------------

let functionCount = 0;

/** Traces `fn` over an element of `ds` into its own graph (TF's StructuredFunctionWrapper). */
function trace(kind: string, fn: (...args: never[]) => unknown, ds: Dataset): { traced: TracedFunction; result: unknown } {
  if (typeof fn !== 'function') throw new TFTypeError(`${kind}: the function must be callable`);
  const g = new Graph();
  const name = `__inference_Dataset_${kind}_${fn.name || 'lambda'}_${functionCount++}`;
  return g.as_default(() => {
    const args = ds.types.map((t, i) => placeholder(t, ds.shapes[i], `args_${i}`));
    const element = packElement(ds.template, args);
    // Python calls map functions with a tuple element unpacked into positional arguments.
    const result = ds.template.kind === 'list' ? (fn as (...a: unknown[]) => unknown)(...(element as unknown[])) : (fn as (a: unknown) => unknown)(element);
    return { traced: { name, graph: g, args, results: [] }, result };
  });
}

function finishTrace(traced: TracedFunction, results: Tensor[], outer: Graph): TracedFunction {
  const fn: TracedFunction = { ...traced, results };
  addFunction(outer, fn);
  return fn;
}

// ---- Dataset ----------------------------------------------------------------------------------------

function typesAttr(types: readonly DType[]): AttrValue { return { list: { type: [...types] } }; }
function shapesAttr(shapes: readonly TensorShape[]): AttrValue { return { list: { shape: [...shapes] } }; }

function int64Tensor(v: TensorLike, name: string): Tensor { return convert_to_tensor(v, { dtype: int64, name }); }

// Dataset's methods as TF 1.15 declares them (by position or by keyword: `ds.shuffle({buffer_size: 1000})`);
// `num_parallel_calls` is a hint only: elements are computed on demand, in order.
const DATASET_MAP = ['map_func', 'num_parallel_calls=None'] as const;
const DATASET_FILTER = ['predicate'] as const;
const DATASET_FLAT_MAP = ['map_func'] as const;
const DATASET_INTERLEAVE = ['map_func', 'cycle_length=AUTOTUNE', 'block_length=1', 'num_parallel_calls=None'] as const;
const DATASET_BATCH = ['batch_size', 'drop_remainder=False'] as const;
const DATASET_PADDED_BATCH = ['batch_size', 'padded_shapes', 'padding_values=None', 'drop_remainder=False'] as const;
const DATASET_SHUFFLE = ['buffer_size', 'seed=None', 'reshuffle_each_iteration=None'] as const;
const DATASET_REPEAT = ['count=None'] as const;
const DATASET_PREFETCH = ['buffer_size'] as const;
const DATASET_TAKE = ['count'] as const;
const DATASET_SKIP = ['count'] as const;
const DATASET_CACHE = ["filename=''"] as const;
const DATASET_CONCATENATE = ['dataset'] as const;
const DATASET_MAKE_INITIALIZABLE_ITERATOR = ['shared_name=None'] as const;

// TF's OpDefs of these have no `output_types` attr (their element types are `Toutput_types`, or strings), and
// the file datasets no `output_shapes` either: TF refuses a NodeDef with an attr its OpDef lacks.
const WITHOUT_OUTPUT_TYPES: ReadonlySet<OpType> = new Set<OpType>(['TensorDataset', 'TensorSliceDataset', 'PaddedBatchDatasetV2', 'TextLineDataset', 'TFRecordDataset']);
const WITHOUT_OUTPUT_SHAPES: ReadonlySet<OpType> = new Set<OpType>(['TextLineDataset', 'TFRecordDataset']);

export class Dataset {
  /** @internal */ constructor(
    readonly _variant_tensor: Tensor,
    /** @internal */ readonly types: readonly DType[],
    /** @internal */ readonly shapes: readonly TensorShape[],
    /** @internal */ readonly template: Template,
  ) {}

  get graph(): Graph { return this._variant_tensor.graph; }
  get output_types(): Nested<DType> { return elementTypes(this.template, this.types); }
  get output_shapes(): Nested<TensorShape> { return elementShapes(this.template, this.shapes); }

  private static op(type: OpType, inputs: Tensor[], attrs: Record<string, AttrValue>, types: readonly DType[], shapes: readonly TensorShape[], template: Template, name?: string): Dataset {
    const op = makeOp(type, inputs, {
      ...attrs,
      ...(WITHOUT_OUTPUT_TYPES.has(type) ? {} : { output_types: typesAttr(types) }),
      ...(WITHOUT_OUTPUT_SHAPES.has(type) ? {} : { output_shapes: shapesAttr(shapes) }),
    }, name);
    return new Dataset(op.outputs[0], types, shapes, template);
  }

  private derive(type: OpType, inputs: Tensor[], attrs: Record<string, AttrValue> = {}, shapes: readonly TensorShape[] = this.shapes): Dataset {
    return Dataset.op(type, [this._variant_tensor, ...inputs], attrs, this.types, shapes, this.template);
  }

  // ---- sources --------------------------------------------------------------------------------------

  /**
   * The slices of `tensors` along their first dimension, one element each.
   * @example tf.data.Dataset.from_tensor_slices([[1, 2], [3, 4]]) // elements [1, 2], [3, 4]
   */
  static from_tensor_slices(tensors: Nested<TensorLike | NestedArray>): Dataset {
    const leaves = flatten(tensors as Nested<TensorLike>, isValueLeaf).map((v, i) => convert_to_tensor(v, { name: `component_${i}` }));
    const template = templateOf(tensors as Nested<TensorLike>, isValueLeaf);
    for (const t of leaves) if (t.shape.ndims === 0) throw new ValueError(`Unbatching a tensor is only supported for rank >= 1: ${t}`);
    return Dataset.op('TensorSliceDataset', leaves, { Toutput_types: typesAttr(leaves.map((t) => t.dtype.base_dtype)) },
      leaves.map((t) => t.dtype.base_dtype), leaves.map((t) => new TensorShape(t.shape.dims === null ? null : t.shape.dims.slice(1))), template);
  }

  /** One element: `tensors` whole. */
  static from_tensors(tensors: Nested<TensorLike | NestedArray>): Dataset {
    const leaves = flatten(tensors as Nested<TensorLike>, isValueLeaf).map((v, i) => convert_to_tensor(v, { name: `component_${i}` }));
    return Dataset.op('TensorDataset', leaves, { Toutput_types: typesAttr(leaves.map((t) => t.dtype.base_dtype)) },
      leaves.map((t) => t.dtype.base_dtype), leaves.map((t) => t.shape), templateOf(tensors as Nested<TensorLike>, isValueLeaf));
  }

  /** int64 elements `start, start + step, ...` below `stop` (Python's range). */
  static range(a: number, b?: number, step = 1): Dataset {
    const [start, stop] = b === undefined ? [0, a] : [a, b];
    if (step === 0) throw new ValueError('step must be a non-zero integer.');
    return Dataset.op('RangeDataset', [int64Tensor(start, 'start'), int64Tensor(stop, 'stop'), int64Tensor(step, 'step')], {},
      [int64], [new TensorShape([])], { kind: 'leaf' });
  }

  /** Elements of several datasets side by side (as long as the shortest). */
  static zip(datasets: Nested<Dataset>): Dataset {
    const isDs = (v: unknown): v is Dataset => v instanceof Dataset;
    const list = flatten(datasets, isDs);
    if (list.length === 0) throw new ValueError('zip needs at least one dataset');
    const outer = templateOf(datasets, isDs);
    const substitute = (t: Template, dsIter: globalThis.Iterator<Dataset>): Template => {
      if (t.kind === 'leaf' || t.kind === 'sparse') return dsIter.next().value!.template;
      return t.kind === 'list' ? { kind: 'list', items: t.items.map((x) => substitute(x, dsIter)) } : { kind: 'dict', keys: t.keys, items: t.items.map((x) => substitute(x, dsIter)) };
    };
    return Dataset.op('ZipDataset', list.map((d) => d._variant_tensor), { N: { i: list.length } },
      list.flatMap((d) => d.types), list.flatMap((d) => d.shapes), substitute(outer, list[Symbol.iterator]()));
  }

  /**
   * Elements from a JavaScript generator function, converted to `output_types` (and checked against
   * `output_shapes` when given). The generator runs again for each new iterator.
   * @example tf.data.Dataset.from_generator(function* () { yield [1, 2]; yield [3]; }, tf.int32, [null])
   */
  static from_generator(generator: () => Iterable<unknown>, output_types: Nested<DTypeLike>, output_shapes: Nested<ShapeLike> | null = null): Dataset {
    const isType = (v: unknown): v is DTypeLike => typeof v === 'string' || v instanceof DType;
    const types = flatten(output_types, isType).map((t) => as_dtype(t).base_dtype);
    const template = templateOf(output_types, isType);
    const shapes = output_shapes === null ? types.map(() => new TensorShape(null))
      : flatten(output_shapes as Nested<ShapeLike>, (v: unknown): v is ShapeLike => v === null || v instanceof TensorShape || (Array.isArray(v) && v.every((d) => d === null || typeof d === 'number'))).map((s) => as_shape(s));
    if (shapes.length !== types.length) throw new ValueError('output_shapes must have the same structure as output_types');
    const ds = Dataset.op('GeneratorDataset', [], {}, types, shapes, template);
    const gen: ElementGenerator = function* () {
      for (const element of generator()) {
        const values = template.kind === 'leaf' ? [element] : flatten(element as Nested<unknown>, isValueLeaf as (v: unknown) => v is unknown);
        if (values.length !== types.length) throw new ValueError(`generator yielded an element of ${values.length} components; output_types has ${types.length}`);
        yield values.map((v, i) => {
          const a = NDArray.from(v, types[i]);
          if (!shapes[i].is_compatible_with(as_shape(a.shape))) {
            throw new ValueError(`\`generator\` yielded an element of shape (${a.shape.join(', ')}) where an element of shape ${shapes[i]} was expected.`);
          }
          return a;
        });
      }
    };
    setGenerator(ds._variant_tensor.op, gen);
    return ds;
  }

  // ---- transformations ------------------------------------------------------------------------------

  /**
   * Applies `fn` to each element; `fn` is traced into the graph once (array elements arrive as separate
   * arguments, as Python unpacks tuples). SparseTensors in its result (VarLenFeatures of parse_single_example)
   * stay SparseTensors through batch and get_next.
   * @example ds.map((x, y) => [tf.multiply(x, 2), y])
   */
  declare map: PythonFunction<typeof DATASET_MAP, (fn: (...args: never[]) => Nested<TensorLike | SparseTensor>, _options?: { num_parallel_calls?: number | null }) => Dataset, 1>;

  /** Keeps the elements for which `predicate` returns true (a scalar bool tensor). */
  declare filter: PythonFunction<typeof DATASET_FILTER, (predicate: (...args: never[]) => TensorLike) => Dataset, 1>;

  private traceDataset(kind: string, fn: (...args: never[]) => Dataset): { f: TracedFunction; ds: Dataset } {
    const outer = this.graph;
    const { traced, result } = trace(kind, fn, this);
    if (!(result instanceof Dataset)) throw new TFTypeError(`\`${kind}_func\` must return a \`Dataset\` object.`);
    return { f: finishTrace(traced, [result._variant_tensor], outer), ds: result };
  }

  /** Maps each element to a dataset and concatenates them. */
  declare flat_map: PythonFunction<typeof DATASET_FLAT_MAP, (fn: (...args: never[]) => Dataset) => Dataset, 1>;

  /** Maps elements to datasets and interleaves `cycle_length` of them, `block_length` elements at a time. */
  declare interleave: PythonFunction<typeof DATASET_INTERLEAVE, (fn: (...args: never[]) => Dataset, options?: { cycle_length?: number; block_length?: number; num_parallel_calls?: number | null }) => Dataset, 1>;

  /** Consecutive elements stacked into batches of `batch_size` (the last one smaller unless `drop_remainder`). */
  declare batch: PythonFunction<typeof DATASET_BATCH, (batch_size: number | Tensor, options?: { drop_remainder?: boolean }) => Dataset, 1>;

  /** Batches with each component padded to `padded_shapes` (-1 or null: the batch's longest). */
  declare padded_batch: PythonFunction<typeof DATASET_PADDED_BATCH, (batch_size: number, padded_shapes: Nested<ShapeLike>, options?: { padding_values?: Nested<TensorLike> | null; drop_remainder?: boolean }) => Dataset, 2>;

  /** Elements in random order from a buffer of `buffer_size`; reshuffled each epoch by default. */
  declare shuffle: PythonFunction<typeof DATASET_SHUFFLE, (buffer_size: number, options?: { seed?: number | null; reshuffle_each_iteration?: boolean }) => Dataset, 1>;

  /** The elements `count` times (forever when omitted, null or -1). */
  declare repeat: PythonFunction<typeof DATASET_REPEAT, (count?: number | Tensor | null) => Dataset, 1>;
  /** Elements prepared ahead (here: in order, on demand). */
  declare prefetch: PythonFunction<typeof DATASET_PREFETCH, (buffer_size: number) => Dataset, 1>;
  /** The first `count` elements (all for -1). */
  declare take: PythonFunction<typeof DATASET_TAKE, (count: number | Tensor) => Dataset, 1>;
  /** All but the first `count` elements (none for -1). */
  declare skip: PythonFunction<typeof DATASET_SKIP, (count: number | Tensor) => Dataset, 1>;
  /** Keeps the elements in memory after the first pass. */
  declare cache: PythonFunction<typeof DATASET_CACHE, (filename?: string) => Dataset, 1>;
  /** This dataset's elements, then `dataset`'s. */
  declare concatenate: PythonFunction<typeof DATASET_CONCATENATE, (dataset: Dataset) => Dataset, 1>;

  // ---- iterators ------------------------------------------------------------------------------------

  /** An iterator that starts on its first use and cannot be re-initialised. */
  make_one_shot_iterator(): Iterator {
    const op = makeOp('OneShotIterator', [this._variant_tensor], {
      container: { s: '' }, shared_name: { s: '' }, output_types: typesAttr(this.types), output_shapes: shapesAttr(this.shapes),
    }, 'OneShotIterator');
    return new Iterator(op.outputs[0], null, this.types, this.shapes, this.template);
  }

  /** An iterator to (re-)start with `sess.run(it.initializer)` (feeding any placeholders the dataset uses). */
  declare make_initializable_iterator: PythonFunction<typeof DATASET_MAKE_INITIALIZABLE_ITERATOR, (shared_name?: string | null) => Iterator, 1>;

  // The methods' implementations, each behind its Python signature.
  static {
    this.prototype.map = pythonFunction('map', DATASET_MAP, 1, function map(this: Dataset, fn: (...args: never[]) => Nested<TensorLike | SparseTensor>, _options: { num_parallel_calls?: number | null } = {}): Dataset {
      const outer = this.graph;
      const { traced, result } = trace('map', fn, this);
      const isElementLeaf = (v: unknown): v is TensorLike | SparseTensor => v instanceof SparseTensorImpl || isValueLeaf(v);
      const leaves = flatten(result as Nested<TensorLike | SparseTensor>, isElementLeaf);
      const template = withSparseNodes(templateOf(result as Nested<TensorLike | SparseTensor>, isElementLeaf), leaves);
      const results = traced.graph.as_default(() => leaves.map((v) => (v instanceof SparseTensorImpl ? serialize_sparse(v, { out_type: variant }) : convert_to_tensor(v))));
      const f = finishTrace(traced, results, outer);
      return Dataset.op('MapDataset', [this._variant_tensor], {
        f: { func: f.name }, Targuments: { list: { type: [] } }, use_inter_op_parallelism: { b: true }, preserve_cardinality: { b: false },
      }, results.map((t) => t.dtype.base_dtype), results.map((t) => t.shape), template);
    });
    this.prototype.filter = pythonFunction('filter', DATASET_FILTER, 1, function filter(this: Dataset, predicate: (...args: never[]) => TensorLike): Dataset {
      const outer = this.graph;
      const { traced, result } = trace('filter', predicate, this);
      const keep = traced.graph.as_default(() => convert_to_tensor(result as TensorLike));
      if (keep.dtype.base_dtype !== bool || (keep.shape.ndims !== null && keep.shape.ndims !== 0)) {
        throw new ValueError('`predicate` must return a scalar boolean tensor.');
      }
      const f = finishTrace(traced, [keep], outer);
      return this.derive('FilterDataset', [], { predicate: { func: f.name }, Targuments: { list: { type: [] } } });
    });
    this.prototype.flat_map = pythonFunction('flat_map', DATASET_FLAT_MAP, 1, function flat_map(this: Dataset, fn: (...args: never[]) => Dataset): Dataset {
      const { f, ds } = this.traceDataset('flat_map', fn);
      return Dataset.op('FlatMapDataset', [this._variant_tensor], { f: { func: f.name }, Targuments: { list: { type: [] } } }, ds.types, ds.shapes, ds.template);
    });
    this.prototype.interleave = pythonFunction('interleave', DATASET_INTERLEAVE, 1, function interleave(this: Dataset, fn: (...args: never[]) => Dataset, options: { cycle_length?: number; block_length?: number; num_parallel_calls?: number | null } = {}): Dataset {
      const { f, ds } = this.traceDataset('interleave', fn);
      return Dataset.op('InterleaveDataset', [this._variant_tensor, int64Tensor(options.cycle_length ?? 1, 'cycle_length'), int64Tensor(options.block_length ?? 1, 'block_length')],
        { f: { func: f.name }, Targuments: { list: { type: [] } } }, ds.types, ds.shapes, ds.template);
    });
    this.prototype.batch = pythonFunction('batch', DATASET_BATCH, 1, function batch(this: Dataset, batch_size: number | Tensor, options: { drop_remainder?: boolean } = {}): Dataset {
      const drop = options.drop_remainder ?? false;
      const known = drop && typeof batch_size === 'number' ? batch_size : null;
      const shapes = this.shapes.map((s) => new TensorShape(s.dims === null ? null : [known, ...s.dims]));
      return Dataset.op('BatchDatasetV2', [this._variant_tensor, int64Tensor(batch_size, 'batch_size'), convert_to_tensor(drop, { dtype: bool, name: 'drop_remainder' })],
        { parallel_copy: { b: false } }, this.types, shapes, batchedTemplate(this.template, known));
    });
    this.prototype.padded_batch = pythonFunction('padded_batch', DATASET_PADDED_BATCH, 2, function padded_batch(this: Dataset, batch_size: number, padded_shapes: Nested<ShapeLike>, options: { padding_values?: Nested<TensorLike> | null; drop_remainder?: boolean } = {}): Dataset {
      if (hasSparse(this.template)) throw new TFTypeError('Batching of padded sparse tensors is not currently supported');
      const isShape = (v: unknown): v is ShapeLike => v === null || v instanceof TensorShape || (Array.isArray(v) && v.every((d) => d === null || typeof d === 'number'));
      const specs = this.template.kind === 'leaf' ? [padded_shapes as ShapeLike] : flatten(padded_shapes, isShape);
      if (specs.length !== this.types.length) throw new ValueError('padded_shapes must have the structure of the elements');
      const dims = specs.map((s) => as_shape(s).as_list().map((d) => d ?? -1));
      const pads = options.padding_values == null ? this.types.map((t) => (t === stringDtype ? '' : 0))
        : this.template.kind === 'leaf' ? [options.padding_values as TensorLike] : flatten(options.padding_values, isValueLeaf);
      const drop = options.drop_remainder ?? false;
      const shapes = dims.map((d) => new TensorShape([drop ? batch_size : null, ...d.map((x) => (x < 0 ? null : x))]));
      return this.derive('PaddedBatchDatasetV2', [
        int64Tensor(batch_size, 'batch_size'),
        ...dims.map((d, i) => convert_to_tensor(d, { dtype: int64, name: `padded_shapes_${i}` })),
        ...pads.map((p, i) => convert_to_tensor(p, { dtype: this.types[i], name: `padding_values_${i}` })),
        convert_to_tensor(drop, { dtype: bool, name: 'drop_remainder' }),
      ], { Toutput_types: typesAttr(this.types), N: { i: dims.length } }, shapes);
    });
    this.prototype.shuffle = pythonFunction('shuffle', DATASET_SHUFFLE, 1, function shuffle(this: Dataset, buffer_size: number, options: { seed?: number | null; reshuffle_each_iteration?: boolean } = {}): Dataset {
      const [seed, seed2] = get_seed(options.seed ?? null);
      return this.derive('ShuffleDataset', [int64Tensor(buffer_size, 'buffer_size'), int64Tensor(seed ?? 0, 'seed'), int64Tensor(seed2 ?? 0, 'seed2')],
        { reshuffle_each_iteration: { b: options.reshuffle_each_iteration ?? true } });
    });
    this.prototype.repeat = pythonFunction('repeat', DATASET_REPEAT, 1, function repeat(this: Dataset, count: number | Tensor | null = null): Dataset { return this.derive('RepeatDataset', [int64Tensor(count ?? -1, 'count')]); });
    this.prototype.prefetch = pythonFunction('prefetch', DATASET_PREFETCH, 1, function prefetch(this: Dataset, buffer_size: number): Dataset { return this.derive('PrefetchDataset', [int64Tensor(buffer_size, 'buffer_size')]); });
    this.prototype.take = pythonFunction('take', DATASET_TAKE, 1, function take(this: Dataset, count: number | Tensor): Dataset { return this.derive('TakeDataset', [int64Tensor(count, 'count')]); });
    this.prototype.skip = pythonFunction('skip', DATASET_SKIP, 1, function skip(this: Dataset, count: number | Tensor): Dataset { return this.derive('SkipDataset', [int64Tensor(count, 'count')]); });
    this.prototype.cache = pythonFunction('cache', DATASET_CACHE, 1, function cache(this: Dataset, filename = ''): Dataset { return this.derive('CacheDataset', [convert_to_tensor(NDArray.fromStrings([filename], []), { name: 'filename' })]); });
    this.prototype.concatenate = pythonFunction('concatenate', DATASET_CONCATENATE, 1, function concatenate(this: Dataset, dataset: Dataset): Dataset {
      if (dataset.types.length !== this.types.length || dataset.types.some((t, i) => t !== this.types[i])) {
        throw new TFTypeError(`Two datasets to concatenate have different types ${this.types.map((t) => t.name)} and ${dataset.types.map((t) => t.name)}`);
      }
      const shapes = this.shapes.map((s, i) => (s.toString() === dataset.shapes[i].toString() ? s : new TensorShape(null)));
      return Dataset.op('ConcatenateDataset', [this._variant_tensor, dataset._variant_tensor], {}, this.types, shapes, this.template);
    });
    this.prototype.make_initializable_iterator = pythonFunction('make_initializable_iterator', DATASET_MAKE_INITIALIZABLE_ITERATOR, 1, function make_initializable_iterator(this: Dataset, shared_name: string | null = null): Iterator {
      const it = Iterator.from_structure(this.output_types, this.output_shapes, shared_name);
      return new Iterator(it._iterator_resource, it.make_initializer(this), this.types, this.shapes, this.template);
    });
  }
}

export class Iterator {
  /** @internal */ constructor(
    readonly _iterator_resource: Tensor,
    private readonly initializerOp: Operation | null,
    private readonly types: readonly DType[],
    private readonly shapes: readonly TensorShape[],
    private readonly template: Template,
  ) {}

  get output_types(): Nested<DType> { return elementTypes(this.template, this.types); }
  get output_shapes(): Nested<TensorShape> { return elementShapes(this.template, this.shapes); }

  /** The op that (re)starts the iterator over its dataset. */
  get initializer(): Operation {
    if (!this.initializerOp) throw new ValueError('Iterator does not have an initializer.');
    return this.initializerOp;
  }

  /** An iterator of no dataset yet, for elements of this structure: start it with `make_initializer(ds)`. */
  static from_structure(output_types: Nested<DTypeLike>, output_shapes: Nested<ShapeLike> | null = null, shared_name: string | null = null): Iterator {
    const isType = (v: unknown): v is DTypeLike => typeof v === 'string' || v instanceof DType;
    const types = flatten(output_types, isType).map((t) => as_dtype(t).base_dtype);
    const template = templateOf(output_types, isType);
    const shapes = output_shapes === null ? types.map(() => new TensorShape(null))
      : template.kind === 'leaf' ? [as_shape(output_shapes as ShapeLike)]
        : flatten(output_shapes as Nested<ShapeLike>, (v: unknown): v is ShapeLike => v === null || v instanceof TensorShape || (Array.isArray(v) && v.every((d) => d === null || typeof d === 'number'))).map((s) => as_shape(s));
    const g = get_default_graph();
    const op = makeOp('IteratorV2', [], {
      shared_name: { s: shared_name ?? '' }, container: { s: '' }, output_types: typesAttr(types), output_shapes: shapesAttr(shapes),
    }, 'Iterator', g);
    return new Iterator(op.outputs[0], null, types, shapes, template);
  }

  /** An iterator chosen at run time by feeding one iterator's `string_handle()` into `string_handle`. */
  static from_string_handle(string_handle: Tensor, output_types: Nested<DTypeLike>, output_shapes: Nested<ShapeLike> | null = null): Iterator {
    const shell = Iterator.from_structure(output_types, output_shapes);
    const handle = makeOp('IteratorFromStringHandleV2', [string_handle], {
      output_types: typesAttr(shell.types), output_shapes: shapesAttr(shell.shapes),
    }, 'IteratorFromStringHandleV2').outputs[0];
    return new Iterator(handle, null, shell.types, shell.shapes, shell.template);
  }

  /** The op that starts this iterator over `dataset` (its elements must match the iterator's structure). */
  make_initializer(dataset: Dataset, options: { name?: string } = {}): Operation {
    if (dataset.types.length !== this.types.length || dataset.types.some((t, i) => t !== this.types[i])) {
      throw new TFTypeError(`Expected output types ${this.types.map((t) => t.name)} but got dataset with output types ${dataset.types.map((t) => t.name)}.`);
    }
    dataset.shapes.forEach((s, i) => {
      if (!this.shapes[i].is_compatible_with(s)) throw new TFTypeError(`Expected output shapes compatible with ${this.shapes[i]} but got dataset with output shapes ${s}.`);
    });
    return makeOp('MakeIterator', [dataset._variant_tensor, this._iterator_resource], {}, options.name ?? 'MakeIterator');
  }

  /** The next element (an `IteratorGetNext` op); running it past the end raises OutOfRangeError. */
  get_next(options: { name?: string } = {}): Nested<Tensor | SparseTensor> {
    const op = makeOp('IteratorGetNext', [this._iterator_resource], {
      output_types: typesAttr(this.types), output_shapes: shapesAttr(this.shapes),
    }, options.name ?? 'IteratorGetNext');
    return packElement(this.template, op.outputs);
  }

  /** A string naming this iterator, to feed into `from_string_handle`. */
  string_handle(options: { name?: string } = {}): Tensor {
    return makeOp('IteratorToStringHandle', [this._iterator_resource], {}, options.name ?? 'IteratorToStringHandle').outputs[0];
  }
}

/** Lines of text files, one string element per line (without the newline). */
export const TextLineDataset = pythonFunction('TextLineDataset', ['filenames', 'compression_type=None', 'buffer_size=None'], 1, function TextLineDataset(filenames: TensorLike, options: { compression_type?: 'GZIP' | 'ZLIB' | '' | null; buffer_size?: number | null } = {}): Dataset {
  return fileDataset('TextLineDataset', filenames, options);
});

/** The records of TFRecord files, one string element each. */
export const TFRecordDataset = pythonFunction('TFRecordDataset', ['filenames', 'compression_type=None', 'buffer_size=None', 'num_parallel_reads=None'], 1, function TFRecordDataset(filenames: TensorLike, options: { compression_type?: 'GZIP' | 'ZLIB' | '' | null; buffer_size?: number | null; num_parallel_reads?: number | null } = {}): Dataset {
  return fileDataset('TFRecordDataset', filenames, options);
});

function fileDataset(type: OpType, filenames: TensorLike, options: { compression_type?: string | null; buffer_size?: number | null }): Dataset {
  const files = convert_to_tensor(typeof filenames === 'string' ? [filenames] : filenames, { dtype: stringDtype, name: 'filenames' });
  const compression = options.compression_type ?? '';
  if (!['', 'GZIP', 'ZLIB'].includes(compression)) throw new ValueError(`compression_type must be '', 'GZIP' or 'ZLIB', got '${compression}'`);
  const ds = makeOp(type, [files, convert_to_tensor(NDArray.fromStrings([compression], []), { name: 'compression_type' }), int64Tensor(options.buffer_size ?? 256 * 1024, 'buffer_size')], {}, type);
  return new Dataset(ds.outputs[0], [stringDtype], [new TensorShape([])], { kind: 'leaf' });
}

/** `tf.data.make_one_shot_iterator(dataset)` (TF 1.15's compat name). */
export const make_one_shot_iterator = pythonFunction('make_one_shot_iterator', ['dataset'], 1, function make_one_shot_iterator(dataset: Dataset): Iterator { return dataset.make_one_shot_iterator(); });
/** `tf.data.make_initializable_iterator(dataset)`. */
export const make_initializable_iterator = pythonFunction('make_initializable_iterator', ['dataset', 'shared_name=None'], 2, function make_initializable_iterator(dataset: Dataset, shared_name: string | null = null): Iterator { return dataset.make_initializable_iterator(shared_name); });

