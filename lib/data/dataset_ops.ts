/**
 * tf.data's graph ops and their CPU kernels, with TF's op types (TensorSliceDataset, BatchDatasetV2,
 * MapDataset, IteratorV2, IteratorGetNext ...). A dataset op's run value is a scalar `variant` whose one
 * element is a key to the dataset's definition (how to produce its elements), kept by the kernels; an
 * iterator op's value is a scalar `resource` keyed by the iterator's name, whose position lives in the
 * session. Functions (map, filter, flat_map, interleave) are traced into their own graphs and run with
 * the session's executor.
 */
import * as fs from 'fs';
import * as zlib from 'zlib';
import { DType, bool, int64, resource, string as stringDtype, variant } from '../framework/dtypes';
import { AttrValue, Graph, Operation, Tensor, registerOp } from '../framework/graph';
import { FailedPreconditionError, InvalidArgumentError, NotFoundError, OutOfRangeError } from '../framework/errors';
import { NDArray, allocate, numElements } from '../framework/ndarray';
import { TensorShape } from '../framework/tensor_shape';
import { mulberry32 } from '../framework/mulberry32';
import { TracedFunction, graphFunctions } from '../framework/function_library';
import { KernelContext, KernelSession, registerKernel, resourceHandle, resourceKey } from '../kernels/registry';
import { Plan, buildPlan, runPlan } from '../runtime/executor';
import { parseRecords } from '../framework/tfrecord';

// ---- runtime values -----------------------------------------------------------------------------

/** A dataset at run time: makes fresh iterators over its elements (each a list of component values). */
export interface DatasetDef { iterate(): Iterator<NDArray[]> }

const datasetOf = new WeakMap<Uint8Array, DatasetDef>();

function datasetValue(def: DatasetDef): NDArray {
  const key = new Uint8Array(0);
  datasetOf.set(key, def);
  return new NDArray(variant, [], [key]);
}

function inputDataset(ctx: KernelContext, i: number): DatasetDef {
  const v = ctx.input(i);
  const def = v.dtype === variant ? datasetOf.get((v.data as Uint8Array[])[0]) : undefined;
  if (!def) throw new InvalidArgumentError(null, null, `Input ${i} of ${ctx.op.type} '${ctx.op.name}' is not a dataset`);
  return def;
}

function scalarNumber(ctx: KernelContext, i: number): number { return Number(ctx.input(i).values[0]); }

// ---- op declarations ------------------------------------------------------------------------------

/** Each dataset op yields one variant; its element types and shapes are attrs. */
const DATASET_OPS = [
  'TensorSliceDataset', 'TensorDataset', 'RangeDataset', 'ZipDataset', 'ConcatenateDataset', 'BatchDatasetV2', 'PaddedBatchDatasetV2',
  'ShuffleDataset', 'RepeatDataset', 'PrefetchDataset', 'TakeDataset', 'SkipDataset', 'CacheDataset', 'MapDataset', 'FilterDataset',
  'FlatMapDataset', 'InterleaveDataset', 'TextLineDataset', 'TFRecordDataset', 'GeneratorDataset',
] as const;
for (const type of DATASET_OPS) registerOp({ type, stateful: type === 'ShuffleDataset' || type === 'GeneratorDataset', outputDtypes: () => [variant], inferShapes: () => [[]] });
registerOp({ type: 'IteratorV2', stateful: true, outputDtypes: () => [resource], inferShapes: () => [[]] });
registerOp({ type: 'OneShotIterator', stateful: true, outputDtypes: () => [resource], inferShapes: () => [[]] });
registerOp({ type: 'MakeIterator', stateful: true, outputDtypes: () => [] });
registerOp({ type: 'IteratorToStringHandle', stateful: true, outputDtypes: () => [stringDtype], inferShapes: () => [[]] });
registerOp({ type: 'IteratorFromStringHandleV2', stateful: true, outputDtypes: () => [resource], inferShapes: () => [[]] });
registerOp({
  type: 'IteratorGetNext',
  stateful: true,
  outputDtypes: (_inputs, attrs) => listAttr(attrs, 'output_types').type ?? [],
  inferShapes: (op) => (op.attrs.get('output_shapes') as { list: { shape?: TensorShape[] } }).list.shape ?? [],
});

function listAttr(attrs: ReadonlyMap<string, AttrValue>, name: string): { type?: DType[]; shape?: TensorShape[] } {
  const v = attrs.get(name);
  if (!v || !('list' in v)) throw new InvalidArgumentError(null, null, `attr '${name}' (a list) is required`);
  return v.list;
}

// ---- functions ------------------------------------------------------------------------------------

const plans = new WeakMap<TracedFunction, Plan>();

function callFunction(ctx: KernelContext, attr: string): (args: NDArray[]) => NDArray[] {
  const name = ctx.attr(attr) as string;
  const fn = graphFunctions(ctx.op.graph).get(name);
  if (!fn) throw new NotFoundError(null, null, `Function ${name} of ${ctx.op.type} '${ctx.op.name}' is not in the graph's function library`);
  const session: KernelSession = ctx.session;
  return (args) => {
    let plan = plans.get(fn);
    if (!plan) plans.set(fn, plan = buildPlan(fn.results, [], fn.args));
    return runPlan(plan, args, session);
  };
}

// ---- element helpers ------------------------------------------------------------------------------

function sliceAt(a: NDArray, i: number): NDArray {
  const inner = a.shape.slice(1);
  const n = numElements(inner);
  if (a.dtype.storage === 'string') return new NDArray(a.dtype, inner, (a.data as Uint8Array[]).slice(i * n, (i + 1) * n));
  const d = a.data as Float32Array;
  const w = a.dtype.is_complex ? 2 : 1;
  return new NDArray(a.dtype, inner, d.slice(i * n * w, (i + 1) * n * w) as typeof d);
}

/** Stacks same-shaped values along a new first axis. */
function stackValues(values: NDArray[], what: string): NDArray {
  const shape = values[0].shape;
  for (const v of values) {
    if (v.shape.length !== shape.length || v.shape.some((d, i) => d !== shape[i])) {
      throw new InvalidArgumentError(null, null, `Cannot batch tensors with different shapes in ${what}. First element had shape [${shape}] and element ${values.indexOf(v)} had shape [${v.shape}].`);
    }
  }
  const dtype = values[0].dtype;
  // Strings, and variants (a SparseTensor component's serialized parts), are arrays of bytes.
  if (dtype.storage === 'string' || dtype.storage === 'none') return new NDArray(dtype, [values.length, ...shape], values.flatMap((v) => v.data as Uint8Array[]));
  const out = allocate(dtype, values.length * numElements(shape)) as Float32Array;
  let o = 0;
  for (const v of values) { out.set(v.data as Float32Array, o); o += (v.data as Float32Array).length; }
  return new NDArray(dtype, [values.length, ...shape], out);
}

/** Pads a value to `shape` with `fill` (row-major copy into a filled array). */
function padTo(v: NDArray, shape: number[], fill: NDArray): NDArray {
  const out = allocate(v.dtype, numElements(shape)) as Float32Array | Uint8Array[];
  if (Array.isArray(out)) out.fill((fill.data as Uint8Array[])[0]);
  else out.fill(Number((fill.data as Float32Array)[0]));
  const rank = shape.length;
  const src = v.data as Float32Array | Uint8Array[];
  const idx = new Array<number>(rank).fill(0);
  for (let i = 0; i < numElements(v.shape); i++) {
    let flat = 0;
    for (let d = 0; d < rank; d++) flat = flat * shape[d] + idx[d];
    (out as unknown[])[flat] = (src as unknown[])[i];
    for (let d = rank - 1; d >= 0; d--) { if (++idx[d] < v.shape[d]) break; idx[d] = 0; }
  }
  return new NDArray(v.dtype, shape, out as Float32Array);
}

/** A shuffle stream seeded from the op's (seed, seed2); random seeds when both are 0. */
function rng(seed: number, seed2: number): () => number {
  return mulberry32(seed === 0 && seed2 === 0 ? Math.floor(Math.random() * 2 ** 32) : (seed * 2654435761) ^ seed2);
}

function fromIterable(make: () => Iterable<NDArray[]>): DatasetDef { return { iterate: () => make()[Symbol.iterator]() }; }

function* iterate(def: DatasetDef): Generator<NDArray[]> {
  const it = def.iterate();
  for (let r = it.next(); !r.done; r = it.next()) yield r.value;
}

function readLines(file: string, compression: string): string[] {
  let bytes: Buffer;
  try { bytes = fs.readFileSync(file); } catch { throw new NotFoundError(null, null, `${file}; No such file or directory`); }
  if (compression === 'GZIP') bytes = zlib.gunzipSync(bytes);
  else if (compression === 'ZLIB') bytes = zlib.inflateSync(bytes);
  const lines = bytes.toString('utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

// ---- dataset kernels ------------------------------------------------------------------------------

registerKernel('TensorSliceDataset', 'CPU', (ctx) => {
  const components = Array.from({ length: ctx.numInputs }, (_, i) => ctx.input(i));
  const n = components[0].shape[0];
  for (const c of components) {
    if (c.shape.length === 0) throw new InvalidArgumentError(null, null, 'Unbatching a tensor is only supported for rank >= 1');
    if (c.shape[0] !== n) throw new InvalidArgumentError(null, null, `All components must have the same size in the 0th dimension: ${n} vs ${c.shape[0]}`);
  }
  return [datasetValue(fromIterable(function* () { for (let i = 0; i < n; i++) yield components.map((c) => sliceAt(c, i)); }))];
});

registerKernel('TensorDataset', 'CPU', (ctx) => {
  const components = Array.from({ length: ctx.numInputs }, (_, i) => ctx.input(i));
  return [datasetValue(fromIterable(function* () { yield components; }))];
});

registerKernel('RangeDataset', 'CPU', (ctx) => {
  const [start, stop, step] = [0, 1, 2].map((i) => scalarNumber(ctx, i));
  if (step === 0) throw new InvalidArgumentError(null, null, 'step must be a non-zero integer.');
  const dtype = (listAttr(ctx.op.attrs, 'output_types').type ?? [int64])[0];
  return [datasetValue(fromIterable(function* () {
    for (let v = start; step > 0 ? v < stop : v > stop; v += step) yield [NDArray.from(v, dtype)];
  }))];
});

registerKernel('ZipDataset', 'CPU', (ctx) => {
  const inputs = Array.from({ length: ctx.numInputs }, (_, i) => inputDataset(ctx, i));
  return [datasetValue(fromIterable(function* () {
    const its = inputs.map((d) => d.iterate());
    for (;;) {
      const parts = its.map((it) => it.next());
      if (parts.some((p) => p.done)) return;
      yield parts.flatMap((p) => p.value as NDArray[]);
    }
  }))];
});

registerKernel('ConcatenateDataset', 'CPU', (ctx) => {
  const a = inputDataset(ctx, 0), b = inputDataset(ctx, 1);
  return [datasetValue(fromIterable(function* () { yield* iterate(a); yield* iterate(b); }))];
});

registerKernel('BatchDatasetV2', 'CPU', (ctx) => {
  const input = inputDataset(ctx, 0);
  const size = scalarNumber(ctx, 1), dropRemainder = Boolean(ctx.input(2).values[0]);
  if (size <= 0) throw new InvalidArgumentError(null, null, 'Batch size must be greater than zero.');
  const name = ctx.op.name;
  return [datasetValue(fromIterable(function* () {
    let batch: NDArray[][] = [];
    for (const el of iterate(input)) {
      batch.push(el);
      if (batch.length === size) { yield el.map((_, c) => stackValues(batch.map((b) => b[c]), name)); batch = []; }
    }
    if (batch.length && !dropRemainder) yield batch[0].map((_, c) => stackValues(batch.map((b) => b[c]), name));
  }))];
});

registerKernel('PaddedBatchDatasetV2', 'CPU', (ctx) => {
  const input = inputDataset(ctx, 0);
  const size = scalarNumber(ctx, 1);
  const n = Number(ctx.attr('N'));
  const paddedShapes = Array.from({ length: n }, (_, i) => Array.from(ctx.input(2 + i).values, Number));
  const paddingValues = Array.from({ length: n }, (_, i) => ctx.input(2 + n + i));
  const dropRemainder = Boolean(ctx.input(2 + 2 * n).values[0]);
  const flush = (batch: NDArray[][]): NDArray[] => paddedShapes.map((spec, c) => {
    const target = spec.map((d, k) => (d >= 0 ? d : Math.max(...batch.map((b) => b[c].shape[k]))));
    for (const b of batch) {
      if (b[c].shape.some((d, k) => d > target[k])) throw new InvalidArgumentError(null, null, `Attempted to pad to a smaller size than the input element: [${b[c].shape}] > [${target}]`);
    }
    return stackValues(batch.map((b) => padTo(b[c], target, paddingValues[c])), ctx.op.name);
  });
  return [datasetValue(fromIterable(function* () {
    let batch: NDArray[][] = [];
    for (const el of iterate(input)) {
      batch.push(el);
      if (batch.length === size) { yield flush(batch); batch = []; }
    }
    if (batch.length && !dropRemainder) yield flush(batch);
  }))];
});

registerKernel('ShuffleDataset', 'CPU', (ctx) => {
  const input = inputDataset(ctx, 0);
  const bufferSize = scalarNumber(ctx, 1);
  if (bufferSize <= 0) throw new InvalidArgumentError(null, null, 'buffer_size must be greater than zero.');
  const seed = scalarNumber(ctx, 2), seed2 = scalarNumber(ctx, 3);
  const reshuffle = ctx.attr('reshuffle_each_iteration') !== false;
  // One random stream per op and session: each new iteration (epoch) continues it, so epochs differ.
  const state = ctx.session.opState(ctx.op, () => ({ random: rng(seed, seed2), fixed: seed }));
  return [datasetValue(fromIterable(function* () {
    const random = reshuffle ? state.random : rng(seed, seed2);
    const buffer: NDArray[][] = [];
    for (const el of iterate(input)) {
      buffer.push(el);
      if (buffer.length >= bufferSize) {
        const i = Math.floor(random() * buffer.length);
        yield buffer[i];
        buffer[i] = buffer[buffer.length - 1];
        buffer.pop();
      }
    }
    while (buffer.length) {
      const i = Math.floor(random() * buffer.length);
      yield buffer[i];
      buffer[i] = buffer[buffer.length - 1];
      buffer.pop();
    }
  }))];
});

registerKernel('RepeatDataset', 'CPU', (ctx) => {
  const input = inputDataset(ctx, 0), count = scalarNumber(ctx, 1);
  return [datasetValue(fromIterable(function* () {
    for (let i = 0; count < 0 || i < count; i++) {
      let any = false;
      for (const el of iterate(input)) { any = true; yield el; }
      if (!any) return;   // repeating an empty dataset forever yields nothing, as TF
    }
  }))];
});

registerKernel('PrefetchDataset', 'CPU', (ctx) => [datasetValue(inputDataset(ctx, 0))]);

registerKernel('TakeDataset', 'CPU', (ctx) => {
  const input = inputDataset(ctx, 0), count = scalarNumber(ctx, 1);
  return [datasetValue(fromIterable(function* () {
    if (count === 0) return;
    let i = 0;
    for (const el of iterate(input)) { yield el; if (++i === count) return; }
  }))];
});

registerKernel('SkipDataset', 'CPU', (ctx) => {
  const input = inputDataset(ctx, 0), count = scalarNumber(ctx, 1);
  return [datasetValue(fromIterable(function* () {
    let i = 0;
    for (const el of iterate(input)) { if (count >= 0 && i++ < count) continue; if (count < 0) return; yield el; }
  }))];
});

registerKernel('CacheDataset', 'CPU', (ctx) => {
  const input = inputDataset(ctx, 0);
  if (ctx.input(1).strings[0] !== '') throw new InvalidArgumentError(null, null, 'cache(filename): caching to a file is not supported; use cache() for memory');
  // The cache fills on the first complete pass and serves later passes (per op and session, as TF's memory cache).
  const state = ctx.session.opState(ctx.op, () => ({ cached: null as NDArray[][] | null }));
  return [datasetValue(fromIterable(function* () {
    if (state.cached) { yield* state.cached; return; }
    const seen: NDArray[][] = [];
    for (const el of iterate(input)) { seen.push(el); yield el; }
    state.cached = seen;
  }))];
});

registerKernel('MapDataset', 'CPU', (ctx) => {
  const input = inputDataset(ctx, 0);
  const captured = Array.from({ length: ctx.numInputs - 1 }, (_, i) => ctx.input(1 + i));
  const f = callFunction(ctx, 'f');
  return [datasetValue(fromIterable(function* () { for (const el of iterate(input)) yield f([...el, ...captured]); }))];
});

registerKernel('FilterDataset', 'CPU', (ctx) => {
  const input = inputDataset(ctx, 0);
  const captured = Array.from({ length: ctx.numInputs - 1 }, (_, i) => ctx.input(1 + i));
  const predicate = callFunction(ctx, 'predicate');
  return [datasetValue(fromIterable(function* () {
    for (const el of iterate(input)) {
      const [keep] = predicate([...el, ...captured]);
      if (keep.dtype !== bool || keep.size !== 1) throw new InvalidArgumentError(null, null, '`predicate` must return a scalar boolean tensor.');
      if (keep.values[0]) yield el;
    }
  }))];
});

/** The dataset a function returned: its result is a dataset variant. */
function resultDataset(values: NDArray[], op: Operation): DatasetDef {
  const def = values[0]?.dtype === variant ? datasetOf.get((values[0].data as Uint8Array[])[0]) : undefined;
  if (!def) throw new InvalidArgumentError(null, null, `The function of ${op.type} '${op.name}' must return a Dataset`);
  return def;
}

registerKernel('FlatMapDataset', 'CPU', (ctx) => {
  const input = inputDataset(ctx, 0);
  const f = callFunction(ctx, 'f');
  const op = ctx.op;
  return [datasetValue(fromIterable(function* () { for (const el of iterate(input)) yield* iterate(resultDataset(f(el), op)); }))];
});

registerKernel('InterleaveDataset', 'CPU', (ctx) => {
  const input = inputDataset(ctx, 0);
  const n = ctx.numInputs;
  const cycle = scalarNumber(ctx, n - 2), block = scalarNumber(ctx, n - 1);
  if (cycle <= 0 || block <= 0) throw new InvalidArgumentError(null, null, 'cycle_length and block_length must be greater than zero.');
  const f = callFunction(ctx, 'f');
  const op = ctx.op;
  return [datasetValue(fromIterable(function* () {
    const outer = input.iterate();
    const open: (Iterator<NDArray[]> | null)[] = [];
    let exhausted = false;
    const fill = () => {
      while (!exhausted && open.filter(Boolean).length < cycle) {
        const r = outer.next();
        if (r.done) { exhausted = true; break; }
        const slot = open.indexOf(null);
        const it = resultDataset(f(r.value), op).iterate();
        if (slot >= 0) open[slot] = it; else open.push(it);
      }
    };
    fill();
    while (open.some(Boolean)) {
      for (let s = 0; s < open.length; s++) {
        const it = open[s];
        if (!it) continue;
        for (let k = 0; k < block; k++) {
          const r = it.next();
          if (r.done) { open[s] = null; break; }
          yield r.value;
        }
        if (!open[s]) fill();
      }
    }
  }))];
});

registerKernel('TextLineDataset', 'CPU', (ctx) => {
  const files = ctx.input(0).strings, compression = ctx.input(1).strings[0];
  return [datasetValue(fromIterable(function* () {
    for (const f of files) for (const line of readLines(f, compression)) yield [NDArray.fromStrings([line], [])];
  }))];
});

registerKernel('TFRecordDataset', 'CPU', (ctx) => {
  const files = ctx.input(0).strings, compression = ctx.input(1).strings[0];
  return [datasetValue(fromIterable(function* () {
    for (const f of files) {
      let bytes: Buffer;
      try { bytes = fs.readFileSync(f); } catch { throw new NotFoundError(null, null, `${f}; No such file or directory`); }
      if (compression === 'GZIP') bytes = zlib.gunzipSync(bytes);
      else if (compression === 'ZLIB') bytes = zlib.inflateSync(bytes);
      for (const r of parseRecords(bytes, f)) yield [NDArray.fromStrings([r], [])];
    }
  }))];
});

// ---- iterators ------------------------------------------------------------------------------------

interface IteratorState { current: Iterator<NDArray[]> | null }
const iteratorsOf = new WeakMap<KernelSession, Map<string, IteratorState>>();

function iteratorState(session: KernelSession, key: string): IteratorState {
  let m = iteratorsOf.get(session);
  if (!m) iteratorsOf.set(session, m = new Map());
  let s = m.get(key);
  if (!s) m.set(key, s = { current: null });
  return s;
}


registerKernel('IteratorV2', 'CPU', (ctx) => {
  const shared = ctx.attr('shared_name') as string;
  return [resourceHandle(shared || ctx.op.name)];
});

registerKernel('OneShotIterator', 'CPU', (ctx) => {
  const key = ctx.op.name;
  const state = iteratorState(ctx.session, key);
  const fresh = ctx.session.opState(ctx.op, () => ({ started: false }));
  if (!fresh.started) { state.current = inputDataset(ctx, 0).iterate(); fresh.started = true; }
  return [resourceHandle(key)];
});

registerKernel('MakeIterator', 'CPU', (ctx) => {
  iteratorState(ctx.session, resourceKey(ctx.input(1))).current = inputDataset(ctx, 0).iterate();
  return [];
});

registerKernel('IteratorToStringHandle', 'CPU', (ctx) => [NDArray.fromStrings([resourceKey(ctx.input(0))], [])]);
registerKernel('IteratorFromStringHandleV2', 'CPU', (ctx) => [resourceHandle(ctx.input(0).strings[0])]);

registerKernel('IteratorGetNext', 'CPU', (ctx) => {
  const state = iteratorState(ctx.session, resourceKey(ctx.input(0)));
  if (!state.current) {
    throw new FailedPreconditionError(null, null, 'GetNext() failed because the iterator has not been initialized. Ensure that you have run the initializer operation for this iterator before getting the next element.');
  }
  const r = state.current.next();
  if (r.done) throw new OutOfRangeError(null, null, 'End of sequence');
  const types = listAttr(ctx.op.attrs, 'output_types').type ?? [];
  if (r.value.length !== types.length || r.value.some((v, i) => v.dtype !== types[i].base_dtype)) {
    throw new InvalidArgumentError(null, null, `Expected element of types [${types.map((t) => t.name)}], got [${r.value.map((v) => v.dtype.name)}]`);
  }
  return r.value;
});

// ---- generators -------------------------------------------------------------------------------------

/** A JavaScript generator function behind a GeneratorDataset op (the op's `generator` in TF's py_func terms). */
export type ElementGenerator = () => Iterable<NDArray[]>;
const generatorsOf = new WeakMap<Operation, ElementGenerator>();
export function setGenerator(op: Operation, gen: ElementGenerator): void { generatorsOf.set(op, gen); }

registerKernel('GeneratorDataset', 'CPU', (ctx) => {
  const gen = generatorsOf.get(ctx.op);
  if (!gen) throw new FailedPreconditionError(null, null, `GeneratorDataset '${ctx.op.name}' has no generator (a graph imported from a file cannot bring the JavaScript function)`);
  return [datasetValue(fromIterable(gen))];
});
