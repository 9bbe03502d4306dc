/**
 * tf.map_fn, tf.scan, tf.foldl and tf.foldr as TF 1.x builds them (functional_ops): the elements are
 * unstacked into TensorArrays, a tf.while_loop (bounded by `maximum_iterations` = n) applies `fn`
 * to one element per iteration, and the results are stacked back.
 */
import { as_dtype, int32 } from '../framework/dtypes';
import { Tensor } from '../framework/graph';
import { TFTypeError, ValueError } from '../framework/errors';
import { TensorShape } from '../framework/tensor_shape';
import { DTypeLike, TensorLike, convertIntegerInput, convert_to_tensor, opScope } from './op_builder';
import { getitem, shape } from './array_ops';
import { greater, greater_equal, less, subtract } from './math_ops';
import { assert_same_structure, flatten, is_sequence, pack_sequence_as } from './nest';
import { GraphTensorArray } from './tensor_array_ops';
import { while_loop } from './while_loop';
import { pythonFunction } from '../framework/python_signature';

export interface LoopFunctionOptions {
  /** How many iterations may run at once (default 10). */
  parallel_iterations?: number;
  /** Whether gradients may flow back through the loop. */
  back_prop?: boolean;
  /** Accepted for TF compatibility (host memory swapping does not apply here). */
  swap_memory?: boolean;
  name?: string;
}

/** The elements' tensors (flattened) and n, their common first dimension: static when known, else `shape(elems[0])[0]`. */
function elementsOf(elems: unknown, fnName: string): { flat: Tensor[]; n: Tensor | number; nStatic: number | null } {
  if (elems === undefined || elems === null) throw new ValueError(`${fnName}: elems must be a tensor or a (nested) structure of tensors`);
  const flat = flatten(elems).map((e) => convert_to_tensor(e as TensorLike, { name: 'elem' }));
  if (flat.length === 0) throw new ValueError(`${fnName}: elems must contain at least one tensor`);
  let nStatic: number | null = null;
  for (const e of flat) {
    if (e.shape.ndims === 0) throw new ValueError(`Shape must be at least rank 1 but is rank 0 for elems of ${fnName}: ${e.name}`);
    const d = e.shape.dims?.[0] ?? null;
    if (d !== null && nStatic !== null && d !== nStatic) throw new ValueError(`${fnName}: all elems must have the same first dimension, got ${nStatic} and ${d}`);
    nStatic ??= d;
  }
  const first = flat[0].shape.dims?.[0] ?? null;
  return { flat, n: first ?? getitem(shape(flat[0]), 0), nStatic };
}

/** One GraphTensorArray per flat element tensor, holding its slices along the first dimension. */
function unstacked(flat: readonly Tensor[], n: Tensor | number, withShape: boolean): GraphTensorArray[] {
  return flat.map((e) => new GraphTensorArray(e.dtype, {
    size: n, dynamic_size: false, infer_shape: true,
    ...(withShape && e.shape.dims !== null ? { element_shape: new TensorShape(e.shape.dims.slice(1)) } : {}),
  }).unstack(e));
}

/** The stacked results, their first dimension set to n where the elements tell it statically. */
function stackedResults(tas: readonly GraphTensorArray[], nStatic: number | null): Tensor[] {
  return tas.map((ta) => {
    const r = ta.stack();
    if (r.shape.ndims !== null) r.set_shape(new TensorShape([nStatic, ...r.shape.dims!.slice(1)]));
    return r;
  });
}

const loopOptions = (o: LoopFunctionOptions, n: Tensor | number) => ({
  parallel_iterations: o.parallel_iterations ?? 10, back_prop: o.back_prop ?? true, swap_memory: o.swap_memory ?? false,
  maximum_iterations: n,
});

function checkCallable(fn: unknown, name: string): void {
  if (typeof fn !== 'function') throw new TFTypeError(`${name}: fn must be callable.`);
}

/**
 * `fn` applied to each element of `elems` along its first dimension, results stacked (TF's map_fn).
 * `elems` may be a structure of tensors (fn then gets that structure); `dtype` gives the structure and
 * dtypes of fn's result when they differ from elems'.
 * @example tf.map_fn((x) => x.mul(x), tf.constant([1, 2, 3])) // [1, 4, 9]
 */
function map_fn_(fn: (elem: Tensor) => TensorLike, elems: TensorLike, options?: MapOptions): Tensor;
function map_fn_<R = unknown>(fn: (elem: never) => unknown, elems: unknown, options?: MapOptions): R;
function map_fn_(fn: (elem: never) => unknown, elems: unknown, options: MapOptions = {}): unknown {
  checkCallable(fn, 'map_fn');
  return opScope(options.name, 'map', flatten(elems).filter((e) => e instanceof Tensor), () => {
    const { flat, n, nStatic } = elementsOf(elems, 'map_fn');
    const outputStructure = options.dtype ?? pack_sequence_as(elems, flat.map((e) => e.dtype));
    const dtypes = flatten<DTypeLike>(outputStructure).map((d) => as_dtype(d));
    const elemsTas = unstacked(flat, n, false);
    const accs = dtypes.map((dt) => new GraphTensorArray(dt, { size: n, dynamic_size: false, infer_shape: options.infer_shape ?? true }));
    const call = fn as (elem: unknown) => unknown;
    const [, results] = while_loop((i: Tensor) => less(i, n), (i: Tensor, tas: GraphTensorArray[]) => {
      const packed = pack_sequence_as(elems, elemsTas.map((ta) => ta.read(i)));
      const out = call(packed);
      assert_same_structure(options.dtype ?? elems, out);
      const flatOut = flatten(out).map((v) => convert_to_tensor(v as TensorLike));
      return [i.add(1), tas.map((ta, k) => ta.write(i, flatOut[k]))];
    }, [convert_to_tensor(0, { dtype: int32 }), accs], loopOptions(options, n)) as [Tensor, GraphTensorArray[]];
    return pack_sequence_as(outputStructure, stackedResults(results, nStatic));
  });
}

/**
 * The running results of `fn(accumulator, element)` over `elems` along the first dimension, stacked
 * (TF's scan); without `initializer` the first element starts the accumulator; `reverse` scans from the end.
 * @example tf.scan((a, x) => a.add(x), tf.constant([1, 2, 3])) // [1, 3, 6]
 */
function scan_(fn: (acc: Tensor, elem: Tensor) => TensorLike, elems: TensorLike, options?: ScanOptions): Tensor;
function scan_<R = unknown>(fn: (acc: never, elem: never) => unknown, elems: unknown, options?: ScanOptions): R;
function scan_(fn: (acc: never, elem: never) => unknown, elems: unknown, options: ScanOptions = {}): unknown {
  checkCallable(fn, 'scan');
  const call = fn as (acc: unknown, elem: unknown) => unknown;
  return opScope(options.name, 'scan', flatten(elems).filter((e) => e instanceof Tensor), () => {
    const { flat, n, nStatic } = elementsOf(elems, 'scan');
    const reverse = options.reverse ?? false;
    const elemsTas = unstacked(flat, n, true);
    const hasInit = options.initializer !== undefined && options.initializer !== null;
    const accStructure = hasInit ? options.initializer : elems;
    const last = typeof n === 'number' ? n - 1 : subtract(n, 1);
    const a0 = hasInit ? flatten(options.initializer).map((v) => convert_to_tensor(v as TensorLike)) : elemsTas.map((ta) => ta.read(reverse ? last : 0));
    const inferShape = options.infer_shape ?? true;
    let accs = a0.map((a) => new GraphTensorArray(a.dtype, { size: n, dynamic_size: false, infer_shape: inferShape, ...(inferShape ? { element_shape: a.shape } : {}) }));
    if (!hasInit) accs = accs.map((ta, k) => ta.write(reverse ? last : 0, a0[k]));
    const start = hasInit ? 0 : 1;
    const i0 = reverse ? (typeof n === 'number' ? n - 1 - start : subtract(n, 1 + start)) : start;
    const [, , results] = while_loop(
      (i: Tensor) => (reverse ? greater_equal(i, 0) : less(i, n)),
      (i: Tensor, a: Tensor[], tas: GraphTensorArray[]) => {
        const packedElems = pack_sequence_as(elems, elemsTas.map((ta) => ta.read(i)));
        const out = call(pack_sequence_as(accStructure, a), packedElems);
        assert_same_structure(accStructure, out);
        const flatOut = flatten(out).map((v) => convert_to_tensor(v as TensorLike));
        return [reverse ? i.sub(1) : i.add(1), flatOut, tas.map((ta, k) => ta.write(i, flatOut[k]))];
      },
      [convertIntegerInput(i0, 'i'), a0, accs], loopOptions(options, n)) as [Tensor, Tensor[], GraphTensorArray[]];
    return pack_sequence_as(accStructure, stackedResults(results, nStatic));
  });
}

export type FoldOptions = LoopFunctionOptions & { initializer?: unknown };
export type MapOptions = LoopFunctionOptions & { dtype?: unknown; infer_shape?: boolean };
export type ScanOptions = LoopFunctionOptions & { initializer?: unknown; infer_shape?: boolean; reverse?: boolean };

/** foldl and foldr: `fn(accumulator, element)` over the elements from one end, the last accumulator returned. */
function fold(kind: 'foldl' | 'foldr', fn: (acc: never, elem: never) => unknown, elems: unknown, options: FoldOptions): unknown {
  checkCallable(fn, kind);
  const call = fn as (acc: unknown, elem: unknown) => unknown;
  return opScope(options.name, kind, flatten(elems).filter((e) => e instanceof Tensor), () => {
    const { flat, n } = elementsOf(elems, kind);
    const elemsTas = unstacked(flat, n, false);
    const read = (i: Tensor | number) => pack_sequence_as(elems, elemsTas.map((ta) => ta.read(i)));
    const hasInit = options.initializer !== undefined && options.initializer !== null;
    const nMinus1 = typeof n === 'number' ? n - 1 : subtract(n, 1);
    let i: Tensor;
    let a: unknown;
    if (kind === 'foldl') {
      a = hasInit ? options.initializer : read(0);
      i = convert_to_tensor(hasInit ? 0 : 1, { dtype: int32 });
    } else {
      i = convertIntegerInput(hasInit ? n : nMinus1, 'i', 'Const');
      a = hasInit ? options.initializer : read(i);
    }
    const step = kind === 'foldl'
      ? (k: Tensor, acc: unknown) => [k.add(1), call(acc, read(k))]
      : (k: Tensor, acc: unknown) => { const prev = k.sub(1); return [prev, call(acc, read(prev))]; };
    const cond = kind === 'foldl' ? (k: Tensor) => less(k, n) : (k: Tensor) => greater(k, 0);
    const [, result] = while_loop(cond, step, [i, a], loopOptions(options, n)) as [Tensor, unknown];
    return result;
  });
}

/**
 * `fn(accumulator, element)` over `elems` from first to last (TF's foldl); without `initializer` the
 * first element starts the accumulator.
 * @example tf.foldl((a, x) => a.add(x), tf.constant([1, 2, 3])) // 6
 */
function foldl_(fn: (acc: Tensor, elem: Tensor) => TensorLike, elems: TensorLike, options?: FoldOptions): Tensor;
function foldl_<R = unknown>(fn: (acc: never, elem: never) => unknown, elems: unknown, options?: FoldOptions): R;
function foldl_(fn: (acc: never, elem: never) => unknown, elems: unknown, options: FoldOptions = {}): unknown {
  return fold('foldl', fn, elems, options);
}

/** `fn(accumulator, element)` over `elems` from last to first (TF's foldr). */
function foldr_(fn: (acc: Tensor, elem: Tensor) => TensorLike, elems: TensorLike, options?: FoldOptions): Tensor;
function foldr_<R = unknown>(fn: (acc: never, elem: never) => unknown, elems: unknown, options?: FoldOptions): R;
function foldr_(fn: (acc: never, elem: never) => unknown, elems: unknown, options: FoldOptions = {}): unknown {
  return fold('foldr', fn, elems, options);
}

export const map_fn = pythonFunction('map_fn', ['fn', 'elems: dict', 'dtype=None', 'parallel_iterations=None', 'back_prop=True', 'swap_memory=False', 'infer_shape=True', 'name=None'], 2, map_fn_);

export const scan = pythonFunction('scan', ['fn', 'elems: dict', 'initializer=None', 'parallel_iterations=10', 'back_prop=True', 'swap_memory=False', 'infer_shape=True', 'reverse=False', 'name=None'], 2, scan_);

export const foldl = pythonFunction('foldl', ['fn', 'elems: dict', 'initializer=None', 'parallel_iterations=10', 'back_prop=True', 'swap_memory=False', 'name=None'], 2, foldl_);

export const foldr = pythonFunction('foldr', ['fn', 'elems: dict', 'initializer=None', 'parallel_iterations=10', 'back_prop=True', 'swap_memory=False', 'name=None'], 2, foldr_);
