/**
 * TF's queues (data_flow_ops): tf.QueueBase and its FIFOQueue, PaddingFIFOQueue, RandomShuffleQueue and
 * PriorityQueue, each a resource made by its *QueueV2 node, with the QueueEnqueue/Dequeue/Close/Size ops
 * named as TF names them (`<queue>_enqueue`, `<queue>_Dequeue`, `<queue>_DequeueMany` ...).
 */
import { DType, as_dtype, bool, int32, int64, resource, string as stringDtype } from '../framework/dtypes';
import { AttrValue, Operation, Tensor, get_default_graph, registerOp } from '../framework/graph';
import { TFTypeError, ValueError } from '../framework/errors';
import { ShapeLike, TensorShape, as_shape } from '../framework/tensor_shape';
import { PythonFunction, pythonClass, pythonFunction } from '../framework/python_signature';
import { constantValue, fixedDtypes } from './schema_util';
import { DTypeLike, TensorLike, convert_to_tensor, makeOp } from './op_builder';
import { registerNotDifferentiable } from './gradient_util';
import { graphSeeds } from './random_ops';

const queueAttrs: Record<string, AttrValue> = { shapes: { list: { shape: [] } }, capacity: { i: -1 }, container: { s: '' }, shared_name: { s: '' } };
const handleOut = { stateful: true, outputDtypes: fixedDtypes(resource), inferShapes: () => [[]] } as const;
registerOp({ type: 'FIFOQueueV2', ...handleOut, attrDefaults: queueAttrs });
registerOp({ type: 'PaddingFIFOQueueV2', ...handleOut, attrDefaults: queueAttrs });
registerOp({ type: 'PriorityQueueV2', ...handleOut, attrDefaults: { ...queueAttrs, component_types: { list: { type: [] } } } });
registerOp({
  type: 'RandomShuffleQueueV2', ...handleOut,
  attrDefaults: { ...queueAttrs, min_after_dequeue: { i: 0 }, seed: { i: 0 }, seed2: { i: 0 } },
});
const componentTypes = (_inputs: readonly Tensor[], attrs: ReadonlyMap<string, AttrValue>): DType[] => {
  const v = attrs.get('component_types');
  return v && 'list' in v ? [...(v.list.type ?? [])] : [];
};
registerOp({ type: 'QueueEnqueueV2', stateful: true, outputDtypes: fixedDtypes(), attrDefaults: { timeout_ms: { i: -1 } } });
registerOp({ type: 'QueueEnqueueManyV2', stateful: true, outputDtypes: fixedDtypes(), attrDefaults: { timeout_ms: { i: -1 } } });
registerOp({ type: 'QueueDequeueV2', stateful: true, outputDtypes: componentTypes, attrDefaults: { timeout_ms: { i: -1 } } });
registerOp({ type: 'QueueDequeueManyV2', stateful: true, outputDtypes: componentTypes, attrDefaults: { timeout_ms: { i: -1 } } });
registerOp({ type: 'QueueDequeueUpToV2', stateful: true, outputDtypes: componentTypes, attrDefaults: { timeout_ms: { i: -1 } } });
registerOp({ type: 'QueueCloseV2', stateful: true, outputDtypes: fixedDtypes(), attrDefaults: { cancel_pending_enqueues: { b: false } } });
registerOp({ type: 'QueueSizeV2', stateful: true, outputDtypes: fixedDtypes(int32), inferShapes: () => [[]] });
registerOp({ type: 'QueueIsClosedV2', stateful: true, outputDtypes: fixedDtypes(bool), inferShapes: () => [[]] });
// The pre-V2 ops of graphs written by old TF versions: the same ops and attrs, the queue's handle a Ref(string)
// (TF's [container, name] vector) where the V2 ops have a resource. The builders below make the V2 ops, as TF 1.15's do.
const refHandleOut = { stateful: true, outputDtypes: fixedDtypes(stringDtype._as_ref), inferShapes: () => [[2]] } as const;
registerOp({ type: 'FIFOQueue', ...refHandleOut, attrDefaults: queueAttrs });
registerOp({ type: 'PaddingFIFOQueue', ...refHandleOut, attrDefaults: queueAttrs });
registerOp({ type: 'PriorityQueue', ...refHandleOut, attrDefaults: { ...queueAttrs, component_types: { list: { type: [] } } } });
registerOp({
  type: 'RandomShuffleQueue', ...refHandleOut,
  attrDefaults: { ...queueAttrs, min_after_dequeue: { i: 0 }, seed: { i: 0 }, seed2: { i: 0 } },
});
registerOp({ type: 'QueueEnqueue', stateful: true, outputDtypes: fixedDtypes(), attrDefaults: { timeout_ms: { i: -1 } } });
registerOp({ type: 'QueueEnqueueMany', stateful: true, outputDtypes: fixedDtypes(), attrDefaults: { timeout_ms: { i: -1 } } });
registerOp({ type: 'QueueDequeue', stateful: true, outputDtypes: componentTypes, attrDefaults: { timeout_ms: { i: -1 } } });
registerOp({ type: 'QueueDequeueMany', stateful: true, outputDtypes: componentTypes, attrDefaults: { timeout_ms: { i: -1 } } });
registerOp({ type: 'QueueDequeueUpTo', stateful: true, outputDtypes: componentTypes, attrDefaults: { timeout_ms: { i: -1 } } });
registerOp({ type: 'QueueClose', stateful: true, outputDtypes: fixedDtypes(), attrDefaults: { cancel_pending_enqueues: { b: false } } });
registerOp({ type: 'QueueSize', stateful: true, outputDtypes: fixedDtypes(int32), inferShapes: () => [[]] });
registerOp({ type: 'QueueIsClosed', stateful: true, outputDtypes: fixedDtypes(bool), inferShapes: () => [[]] });
registerNotDifferentiable(
  'FIFOQueueV2', 'PaddingFIFOQueueV2', 'PriorityQueueV2', 'RandomShuffleQueueV2', 'QueueEnqueueV2', 'QueueEnqueueManyV2',
  'QueueDequeueV2', 'QueueDequeueManyV2', 'QueueDequeueUpToV2', 'QueueCloseV2', 'QueueSizeV2', 'QueueIsClosedV2',
  'FIFOQueue', 'PaddingFIFOQueue', 'PriorityQueue', 'RandomShuffleQueue', 'QueueEnqueue', 'QueueEnqueueMany',
  'QueueDequeue', 'QueueDequeueMany', 'QueueDequeueUpTo', 'QueueClose', 'QueueSize', 'QueueIsClosed',
);

export type QueueValues = TensorLike | readonly TensorLike[] | Readonly<Record<string, TensorLike>>;
/** What a dequeue returns: one tensor for a one-component queue, a list, or an object for a queue with names. */
export type Dequeued = Tensor | Tensor[] | Record<string, Tensor>;
type NameOption = { name?: string | null };

function asTypeList(dtypes: DTypeLike | readonly DTypeLike[]): DType[] {
  return (Array.isArray(dtypes) ? dtypes : [dtypes]).map((d: DTypeLike) => as_dtype(d).base_dtype);
}

/** TF's _as_shape_list: null → no shapes; one shape (a list of ints) → a list of it; checked for definedness. */
function asShapeList(shapes: ShapeLike | readonly ShapeLike[] | null | undefined, unknownDimAllowed = false): TensorShape[] {
  if (shapes === null || shapes === undefined) return [];
  let list: ShapeLike[];
  if (shapes instanceof TensorShape) list = [shapes];
  else if ((shapes as readonly unknown[]).length > 0 && (shapes as readonly unknown[]).every((s) => s === null || typeof s === 'number')) list = [shapes as ShapeLike];
  else list = [...(shapes as readonly ShapeLike[])];
  const out = list.map((s) => as_shape(s));
  if (!unknownDimAllowed && out.some((s) => !s.is_fully_defined())) throw new ValueError(`All shapes must be fully defined: [${out.map((s) => s.toString()).join(', ')}]`);
  if (unknownDimAllowed && out.some((s) => s.dims === null)) throw new ValueError(`All shapes must have a defined rank: [${out.map((s) => s.toString()).join(', ')}]`);
  return out;
}

function checkedShapes(shapes: ShapeLike | readonly ShapeLike[] | null | undefined, dtypes: readonly DType[]): TensorShape[] {
  const list = asShapeList(shapes);
  if (list.length > 0 && list.length !== dtypes.length) throw new ValueError('Queue shapes must have the same length as dtypes');
  return list;
}

function asNameList(names: readonly string[] | string | null | undefined, dtypes: readonly DType[]): string[] | null {
  if (names === null || names === undefined) return null;
  const list = typeof names === 'string' ? [names] : [...names];
  if (list.length !== dtypes.length) throw new ValueError('List of names must have the same length as the list of dtypes');
  return list;
}

/** The queue node's attrs shared by every queue type. */
function queueAttrsOf(types: readonly DType[], shapes: readonly TensorShape[], capacity: number, shared_name: string | null | undefined): Record<string, AttrValue> {
  if (!Number.isInteger(capacity)) throw new TFTypeError(`Expected int for argument 'capacity' not ${String(capacity)}.`);
  return {
    component_types: { list: { type: [...types] } }, shapes: { list: { shape: [...shapes] } }, capacity: { i: capacity },
    container: { s: '' }, shared_name: { s: shared_name ?? '' },
  };
}

/** Makes a queue node outside any control-dependency block (TF's init_scope). */
function queueNode(type: 'FIFOQueueV2' | 'PaddingFIFOQueueV2' | 'RandomShuffleQueueV2' | 'PriorityQueueV2', attrs: Record<string, AttrValue>, name: string): Tensor {
  const g = get_default_graph();
  return g.control_dependencies(null, () => makeOp(type, [], attrs, name, g).outputs[0]);
}

const ENQUEUE_PARAMS = ['vals: dict', 'name=None'] as const;
const DEQUEUE_PARAMS = ['name=None'] as const;
const DEQUEUE_MANY_PARAMS = ['n', 'name=None'] as const;
const CLOSE_PARAMS = ['cancel_pending_enqueues=False', 'name=None'] as const;

/**
 * tf.QueueBase: a queue of tuples of tensors, `dtypes` (and where given `shapes`) per component, behind
 * the resource handle `queue_ref`.
 */
export class QueueBaseImpl {
  protected readonly _dtypes: DType[];
  protected readonly _shapes: TensorShape[];
  protected readonly _names: string[] | null;
  readonly queue_ref: Tensor;
  /** The last part of the queue node's name: the prefix of the names of this queue's ops. */
  protected readonly _name: string;

  constructor(dtypes: DTypeLike | readonly DTypeLike[], shapes: readonly ShapeLike[] | null, names: readonly string[] | null, queue_ref: Tensor) {
    this._dtypes = asTypeList(dtypes);
    this._shapes = shapes && shapes.length ? shapes.map((s) => as_shape(s)) : this._dtypes.map(() => new TensorShape(null));
    if (this._shapes.length !== this._dtypes.length) throw new ValueError('Queue shapes must have the same length as dtypes');
    this._names = names ? [...names] : null;
    if (this._names && this._names.length !== this._dtypes.length) throw new ValueError('Queue names must have the same length as dtypes');
    this.queue_ref = queue_ref;
    this._name = queue_ref.op.name.split('/').pop()!;
  }

  /** The queue node's name. */
  get name(): string { return this.queue_ref.op.name; }
  get dtypes(): DType[] { return [...this._dtypes]; }
  get shapes(): TensorShape[] { return [...this._shapes]; }
  get names(): string[] | null { return this._names ? [...this._names] : null; }

  /** The values to enqueue as one list in component order (an object for a queue with names). */
  private componentList(vals: QueueValues): TensorLike[] {
    const isDict = typeof vals === 'object' && vals !== null && !Array.isArray(vals) && !(vals instanceof Tensor) && Object.getPrototypeOf(vals) === Object.prototype;
    if (this._names) {
      if (!isDict) throw new ValueError('You must enqueue a dictionary in a Queue with names');
      const d = vals as Readonly<Record<string, TensorLike>>;
      if ([...this._names].sort().join() !== Object.keys(d).sort().join()) {
        throw new ValueError(`Keys in dictionary to enqueue do not match names of Queue.  Dictionary: (${Object.keys(d).sort().join(', ')}),Queue: (${[...this._names].sort().join(', ')})`);
      }
      return this._names.map((n) => d[n]);
    }
    if (isDict) throw new ValueError('Queue must have names to enqueue a dictionary');
    const list = Array.isArray(vals) ? [...vals] : [vals as TensorLike];
    if (list.length !== this._dtypes.length) throw new ValueError(`Expected ${this._dtypes.length} components for this queue, got ${list.length}`);
    return list;
  }

  private convertComponents(vals: QueueValues): Tensor[] {
    return this.componentList(vals).map((v, i) => convert_to_tensor(v, { dtype: this._dtypes[i], name: `component_${i}` }));
  }

  /** Single-component queues return their tensor itself; queues with names an object (TF's _dequeue_return_value). */
  private returnValue(tensors: Tensor[]): Dequeued {
    if (this._names) return Object.fromEntries(this._names.map((n, i) => [n, tensors[i]]));
    return tensors.length === 1 ? tensors[0] : tensors;
  }

  private dequeueOp(type: 'QueueDequeueV2' | 'QueueDequeueManyV2' | 'QueueDequeueUpToV2', inputs: Tensor[], name: string): Tensor[] {
    const g = this.queue_ref.graph;
    const op = makeOp(type, [this.queue_ref, ...inputs], { component_types: { list: { type: [...this._dtypes] } }, timeout_ms: { i: -1 } }, name, g);
    return op.outputs;
  }

  declare enqueue: PythonFunction<typeof ENQUEUE_PARAMS, (vals: QueueValues, options?: NameOption) => Operation, 1>;
  declare enqueue_many: PythonFunction<typeof ENQUEUE_PARAMS, (vals: QueueValues, options?: NameOption) => Operation, 1>;
  declare dequeue: PythonFunction<typeof DEQUEUE_PARAMS, (options?: NameOption) => Dequeued, 0>;
  declare dequeue_many: PythonFunction<typeof DEQUEUE_MANY_PARAMS, (n: TensorLike, options?: NameOption) => Dequeued, 1>;
  declare dequeue_up_to: PythonFunction<typeof DEQUEUE_MANY_PARAMS, (n: TensorLike, options?: NameOption) => Dequeued, 1>;
  declare close: PythonFunction<typeof CLOSE_PARAMS, (options?: { cancel_pending_enqueues?: boolean; name?: string | null }) => Operation, 0>;
  declare is_closed: PythonFunction<typeof DEQUEUE_PARAMS, (options?: NameOption) => Tensor, 0>;
  declare size: PythonFunction<typeof DEQUEUE_PARAMS, (options?: NameOption) => Tensor, 0>;

  static {
    const p = this.prototype;
    p.enqueue = pythonFunction('enqueue', ENQUEUE_PARAMS, 1, function enqueue(this: QueueBaseImpl, vals: QueueValues, options: NameOption = {}): Operation {
      const g = this.queue_ref.graph;
      return g.name_scope(options.name ?? `${this._name}_enqueue`, (scope) => {
        const tensors = this.convertComponents(vals);
        tensors.forEach((t, i) => t.shape.assert_is_compatible_with(this._shapes[i]));
        return makeOp('QueueEnqueueV2', [this.queue_ref, ...tensors], { Tcomponents: { list: { type: [...this._dtypes] } }, timeout_ms: { i: -1 } }, scope, g);
      });
    });
    p.enqueue_many = pythonFunction('enqueue_many', ENQUEUE_PARAMS, 1, function enqueue_many(this: QueueBaseImpl, vals: QueueValues, options: NameOption = {}): Operation {
      const g = this.queue_ref.graph;
      return g.name_scope(options.name ?? `${this._name}_EnqueueMany`, (scope) => {
        const tensors = this.convertComponents(vals);
        // A tensor of unknown rank (a variable made with validate_shape=False) has an unknown batch size.
        let batch = tensors[0].shape.with_rank_at_least(1).dims?.[0] ?? null;
        tensors.forEach((t, i) => {
          const dims = t.shape.with_rank_at_least(1).dims;
          const b = dims ? dims[0] : null;
          if (batch !== null && b !== null && b !== batch) throw new ValueError(`Dimensions ${batch} and ${b} are not compatible`);
          batch = batch ?? b;
          (dims ? new TensorShape(dims.slice(1)) : new TensorShape(null)).assert_is_compatible_with(this._shapes[i]);
        });
        return makeOp('QueueEnqueueManyV2', [this.queue_ref, ...tensors], { Tcomponents: { list: { type: [...this._dtypes] } }, timeout_ms: { i: -1 } }, scope, g);
      });
    });
    p.dequeue = pythonFunction('dequeue', DEQUEUE_PARAMS, 0, function dequeue(this: QueueBaseImpl, options: NameOption = {}): Dequeued {
      const outs = this.dequeueOp('QueueDequeueV2', [], options.name ?? `${this._name}_Dequeue`);
      outs.forEach((t, i) => t.set_shape(this._shapes[i]));
      return this.returnValue(outs);
    });
    const many = (type: 'QueueDequeueManyV2' | 'QueueDequeueUpToV2', suffix: string) => function (this: QueueBaseImpl, n: TensorLike, options: NameOption = {}): Dequeued {
      const g = this.queue_ref.graph;
      // The op's own name scope holds `n`'s constant (`batch/n`), as TF's generated wrapper makes it.
      const [nT, outs] = g.name_scope(options.name ?? `${this._name}_${suffix}`, (scope) => {
        const count = convert_to_tensor(n, { dtype: int32, name: 'n' });
        return [count, this.dequeueOp(type, [count], scope)] as const;
      });
      const known = type === 'QueueDequeueManyV2' ? constantValue(nT) : null;
      const batch = known ? Number(known.item()) : null;
      outs.forEach((t, i) => t.set_shape(new TensorShape([batch]).concatenate(this._shapes[i])));
      return this.returnValue(outs);
    };
    p.dequeue_many = pythonFunction('dequeue_many', DEQUEUE_MANY_PARAMS, 1, many('QueueDequeueManyV2', 'DequeueMany'));
    p.dequeue_up_to = pythonFunction('dequeue_up_to', DEQUEUE_MANY_PARAMS, 1, many('QueueDequeueUpToV2', 'DequeueUpTo'));
    p.close = pythonFunction('close', CLOSE_PARAMS, 0, function close(this: QueueBaseImpl, options: { cancel_pending_enqueues?: boolean; name?: string | null } = {}): Operation {
      return makeOp('QueueCloseV2', [this.queue_ref], { cancel_pending_enqueues: { b: options.cancel_pending_enqueues ?? false } }, options.name ?? `${this._name}_Close`, this.queue_ref.graph);
    });
    p.is_closed = pythonFunction('is_closed', DEQUEUE_PARAMS, 0, function is_closed(this: QueueBaseImpl, options: NameOption = {}): Tensor {
      return makeOp('QueueIsClosedV2', [this.queue_ref], {}, options.name ?? `${this._name}_IsClosed`, this.queue_ref.graph).outputs[0];
    });
    p.size = pythonFunction('size', DEQUEUE_PARAMS, 0, function size(this: QueueBaseImpl, options: NameOption = {}): Tensor {
      return makeOp('QueueSizeV2', [this.queue_ref], {}, options.name ?? `${this._name}_Size`, this.queue_ref.graph).outputs[0];
    });
  }
}

export interface FIFOQueueOptions { shapes?: ShapeLike | readonly ShapeLike[] | null; names?: readonly string[] | string | null; shared_name?: string | null; name?: string | null }

export class FIFOQueueImpl extends QueueBaseImpl {
  constructor(capacity: number, dtypes: DTypeLike | readonly DTypeLike[], options: FIFOQueueOptions = {}) {
    const types = asTypeList(dtypes);
    const shapes = checkedShapes(options.shapes, types);
    const names = asNameList(options.names, types);
    const ref = queueNode('FIFOQueueV2', queueAttrsOf(types, shapes, capacity, options.shared_name), options.name ?? 'fifo_queue');
    super(types, shapes, names, ref);
  }
}

export class PaddingFIFOQueueImpl extends QueueBaseImpl {
  constructor(capacity: number, dtypes: DTypeLike | readonly DTypeLike[], shapes: ShapeLike | readonly ShapeLike[], options: Omit<FIFOQueueOptions, 'shapes'> = {}) {
    const types = asTypeList(dtypes);
    const list = asShapeList(shapes, true);
    if (list.length !== types.length) throw new ValueError(`Shapes must be provided for all components, but received ${types.length} dtypes and ${list.length} shapes.`);
    const names = asNameList(options.names, types);
    const ref = queueNode('PaddingFIFOQueueV2', queueAttrsOf(types, list, capacity, options.shared_name), options.name ?? 'padding_fifo_queue');
    super(types, list, names, ref);
  }
}

export interface RandomShuffleQueueOptions extends FIFOQueueOptions { seed?: number | null }

export class RandomShuffleQueueImpl extends QueueBaseImpl {
  constructor(capacity: number, min_after_dequeue: number, dtypes: DTypeLike | readonly DTypeLike[], options: RandomShuffleQueueOptions = {}) {
    const types = asTypeList(dtypes);
    const shapes = checkedShapes(options.shapes, types);
    const names = asNameList(options.names, types);
    let [seed1, seed2] = graphSeeds(options.seed, get_default_graph());
    if (seed1 === null && seed2 === null) { seed1 = 0; seed2 = 0; }
    const attrs = { ...queueAttrsOf(types, shapes, capacity, options.shared_name), min_after_dequeue: { i: min_after_dequeue }, seed: { i: seed1 ?? 0 }, seed2: { i: seed2 ?? 0 } };
    const ref = queueNode('RandomShuffleQueueV2', attrs, options.name ?? 'random_shuffle_queue');
    super(types, shapes, names, ref);
  }
}

export class PriorityQueueImpl extends QueueBaseImpl {
  constructor(capacity: number, types: DTypeLike | readonly DTypeLike[], options: FIFOQueueOptions = {}) {
    const list = asTypeList(types);
    const shapes = checkedShapes(options.shapes, list);
    const names = asNameList(options.names, list);
    const ref = queueNode('PriorityQueueV2', queueAttrsOf(list, shapes, capacity, options.shared_name), options.name ?? 'priority_queue');
    // The first component is each element's int64 priority (a scalar).
    super([int64, ...list], shapes.length ? [[], ...shapes] : [], names ? ['priority', ...names] : null, ref);
  }
}

export const QueueBase = pythonClass('QueueBase', ['dtypes', 'shapes', 'names', 'queue_ref'], 4, QueueBaseImpl);
export type QueueBase = QueueBaseImpl;
export const FIFOQueue = pythonClass('FIFOQueue', ['capacity', 'dtypes', 'shapes=None', 'names=None', 'shared_name=None', "name='fifo_queue'"], 2, FIFOQueueImpl);
export type FIFOQueue = FIFOQueueImpl;
export const PaddingFIFOQueue = pythonClass('PaddingFIFOQueue', ['capacity', 'dtypes', 'shapes', 'names=None', 'shared_name=None', "name='padding_fifo_queue'"], 3, PaddingFIFOQueueImpl);
export type PaddingFIFOQueue = PaddingFIFOQueueImpl;
export const RandomShuffleQueue = pythonClass('RandomShuffleQueue', ['capacity', 'min_after_dequeue', 'dtypes', 'shapes=None', 'names=None', 'seed=None', 'shared_name=None', "name='random_shuffle_queue'"], 3, RandomShuffleQueueImpl);
export type RandomShuffleQueue = RandomShuffleQueueImpl;
export const PriorityQueue = pythonClass('PriorityQueue', ['capacity', 'types', 'shapes=None', 'names=None', 'shared_name=None', "name='priority_queue'"], 2, PriorityQueueImpl);
export type PriorityQueue = PriorityQueueImpl;
