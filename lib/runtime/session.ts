/**
 * tf.Session and tf.InteractiveSession: synchronous `run` over nested fetches with feeds.
 * Variable values live here, per session, as in TF.
 */
import { DType } from '../framework/dtypes';
import {
  Graph, Operation, Tensor, TensorConvertible, get_default_graph, isTensorConvertible, onResetDefaultGraph,
} from '../framework/graph';
import { RuntimeError, TFTypeError, ValueError } from '../framework/errors';
import { scoped, ScopeHandle } from '../framework/context';
import { KernelSession, VariableSlot } from '../kernels/registry';
import { NDArray, NestedArray, NumericData } from '../framework/ndarray';
import { buildPlan, Plan, runPlan } from './executor';
import { withDeadline } from '../framework/deadline';
import { clearBufferPool } from '../framework/buffer_pool';
import { localDevices, LocalDevice } from '../kernels/devices';
import { readAllAsync, readAllSync } from '../framework/deferred_array';
import { memoryLimitBytes, withMemoryLimit } from '../framework/memory';
import { ConfigProto, ConfigProtoFields, RunMetadata, RunOptions, RunOptionsFields, asConfigProto, asRunOptions } from './session_config';
import { PythonCallForms, PythonSignature, attachSignature, pythonClass, pythonFunction, signatureOf } from '../framework/python_signature';
import { CompositeTensor, isCompositeTensor } from '../framework/composite_tensor';
import { NamedTuple, isNamedTuple } from '../ops/nest';
import { SparseTensorImpl, SparseTensorValueLike } from '../ops/sparse_tensor';
import { IndexedSlicesValue } from '../ops/indexed_slices';

/**
 * Something that can be fetched: a graph element, something standing for a tensor, a composite (SparseTensor), or a
 * name. `null` type-checks so that what TF gives as a tensor or None (`tf.summary.merge_all()`, an entry of
 * `tf.gradients`) fetches as written; fetching a null is TF's TypeError when it runs.
 */
export type Fetch = Tensor | Operation | TensorConvertible | CompositeTensor | string | null;
/** A fetch structure: one fetch, an array, or an object of fetches (nested freely). */
export type Fetches = Fetch | readonly Fetches[] | { readonly [key: string]: Fetches } | NamedTuple;
/**
 * The value `run` returns for a fetch structure: same shape, NDArray per tensor, null per op. Types nested
 * deeper than eight levels come back `unknown`, so recursive structure types (an RNN cell's state) end.
 */
export type FetchResult<F, Depth extends readonly unknown[] = []> =
  Depth['length'] extends 8 ? unknown
    : F extends null ? never
    : F extends Operation ? null
      : F extends CompositeTensor<infer V> ? V
        : F extends Tensor | TensorConvertible ? NDArray
          : F extends string ? NDArray | null
            : F extends readonly unknown[] ? { -readonly [K in keyof F]: FetchResult<F[K], [...Depth, 0]> }
              : F extends NamedTuple & { readonly _fields: readonly (infer N extends string)[] } ? { -readonly [K in N & keyof F]: FetchResult<F[K], [...Depth, 0]> } & NamedTuple
                : F extends object ? { -readonly [K in keyof F]: FetchResult<F[K], [...Depth, 0]> }
                  : never;

export type FeedValue = NDArray | NestedArray | NumericData | BigInt64Array | number | boolean | string | SparseTensorValueLike | IndexedSlicesValue;
/** What a feed_dict key may be: a tensor, its name, a SparseTensor, or a list or named tuple of these. */
export type FeedKey = Tensor | TensorConvertible | string | CompositeTensor | NamedTuple | readonly FeedKey[];
/** Feeds: a Map from tensor (or name, or a structure of tensors) to value, or an object keyed by tensor name. */
export type FeedDict = ReadonlyMap<FeedKey, FeedValue> | { readonly [tensorName: string]: FeedValue };

declare global {
  interface MapConstructor {
    /**
     * `new Map([[x, images], [keep_prob, 0.5]])`: a feed_dict whose values differ in kind (arrays of different
     * ranks, numbers, booleans) is a Map from tensors to the union of its values, where the generic constructor
     * would insist that every value has the first one's type.
     */
    new <E extends readonly (readonly [Tensor, FeedValue])[]>(entries: E): Map<E[number][0], E[number][1]>;
  }
}

export interface SessionOptions {
  graph?: Graph;
  /** A tf.ConfigProto or its fields (`{allow_soft_placement: true}`). */
  config?: ConfigProto | ConfigProtoFields | null;
  /** Accepted for TF compatibility: only the in-process target `''` exists. */
  target?: string;
}

/** Session.run's keyword arguments. */
export interface RunKeywords { feed_dict?: FeedDict | null; options?: RunOptions | RunOptionsFields | null; run_metadata?: RunMetadata | null }
/** `sess.run({fetches, feed_dict})`: every argument by name. */
export type RunCall = { fetches: Fetches } & RunKeywords;
/** What `run` returns: the fetches' values, whether the fetches came first or by name. */
export type RunResult<F> = F extends RunCall ? FetchResult<F['fetches']> : FetchResult<F>;
const RUN_SIGNATURE = new PythonSignature('run', ['fetches: dict', 'feed_dict: dict = None', 'options=None', 'run_metadata=None']);

export class BaseSession implements KernelSession {
  readonly graph: Graph;
  readonly config: ConfigProto;
  private closed = false;
  private readonly variables = new Map<string, VariableSlot>();
  private readonly opStates = new Map<Operation, unknown>();
  private readonly plans = new Map<string, { version: number; plan: Plan }>();

  constructor(options: SessionOptions = {}) {
    if (options.target) throw new ValueError(`Only the in-process target '' is supported, got '${options.target}'`);
    this.graph = options.graph ?? get_default_graph();
    this.config = asConfigProto(options.config);
  }

  get _closed(): boolean { return this.closed; }

  variable(name: string): VariableSlot {
    let slot = this.variables.get(name);
    if (!slot) { slot = new VariableSlot(name); this.variables.set(name, slot); }
    return slot;
  }

  opState<T>(op: Operation, init: () => T): T {
    if (!this.opStates.has(op)) this.opStates.set(op, init());
    return this.opStates.get(op) as T;
  }

  /**
   * Runs the graph to compute `fetches`, feeding `feed_dict`; returns values in the fetches' structure.
   * @example const [a, b] = sess.run([x, y], new Map([[p, [1, 2]]]));
   */
  run<const F extends Fetches | RunCall>(fetches: F, feed_dict?: FeedDict | RunKeywords | null, options?: RunOptions | RunOptionsFields | null, run_metadata?: RunMetadata | null): RunResult<F> {
    // Python's keyword forms too: sess.run(train_op, {feed_dict: {'x:0': xs}}), sess.run({fetches, feed_dict}).
    const [f, feeds, opts, metadata] = RUN_SIGNATURE.bind([fetches, feed_dict, options, run_metadata].slice(0, arguments.length)) as
      [Fetches, FeedDict | null | undefined, RunOptions | RunOptionsFields | null | undefined, RunMetadata | null | undefined];
    const runOptions = asRunOptions(opts);
    const { values, finish, plan } = this.execute(f, feeds, runOptions?.timeout_in_ms ?? 0);
    if (metadata) this.recordRun(plan, runOptions, metadata);
    readAllSync(values);   // values left on a GPU come back here
    return finish() as RunResult<F>;
  }

  /**
   * `run`, returning a Promise: values left on a GPU are read back without blocking the event loop
   * (a CPU kernel that consumes a GPU value mid-plan still waits for it synchronously).
   */
  runAsync<const F extends Fetches>(fetches: F, feed_dict?: FeedDict | null): Promise<FetchResult<F>> {
    let run: { values: NDArray[]; finish: () => unknown };
    try { run = this.execute(fetches, feed_dict); } catch (e) { return Promise.reject(e); }
    return readAllAsync(run.values).then(run.finish) as Promise<FetchResult<F>>;
  }

  /** What a traced run records: the nodes each device ran (trace_level), their GraphDefs (output_partition_graphs). */
  private recordRun(plan: Plan, options: RunOptions | null, metadata: RunMetadata): void {
    const byDevice = new Map<string, string[]>();
    for (const [op, dev] of plan.placements()) { const list = byDevice.get(dev) ?? []; list.push(op); byDevice.set(dev, list); }
    if (options && options.traceLevelNumber > 0) {
      metadata.step_stats = {
        dev_stats: [...byDevice].map(([device, ops]) => ({ device, node_stats: ops.map((n) => ({ node_name: n, timeline_label: `${n} = ${this.graph.get_operation_by_name(n).type}()` })) })),
      };
    }
    if (options?.output_partition_graphs) {
      const def = this.graph.as_graph_def();
      metadata.partition_graphs = [...byDevice.values()].map((ops) => ({ ...def, node: (def.node ?? []).filter((n) => ops.includes(n.name ?? '')) }));
    }
  }

  /** Runs the plan of `fetches`; `timeoutMs` > 0 (RunOptions.timeout_in_ms) overrides the config's operation_timeout_in_ms, as in TF. */
  private execute(fetches: Fetches, feed_dict: FeedDict | null | undefined, timeoutMs = 0): { values: NDArray[]; finish: () => unknown; plan: Plan } {
    if (this.closed) throw new RuntimeError('Attempted to use a closed Session.');
    const leaves: (Tensor | Operation)[] = [];
    const structure = this.flattenFetches(fetches, leaves);
    const { tensors: feedTensors, values: feedValues } = this.resolveFeeds(feed_dict);

    const fetchTensors = leaves.filter((l): l is Tensor => l instanceof Tensor);
    const targets = leaves.filter((l): l is Operation => l instanceof Operation);
    const plan = this.planFor(fetchTensors, targets, feedTensors);
    const timeout = timeoutMs > 0 ? timeoutMs : this.config.operation_timeout_in_ms;
    const values = withDeadline(timeout, () => withMemoryLimit(this.config.memory_limit, () => runPlan(plan, feedValues, this)));

    const finish = () => {
      const byTensor = new Map<Tensor, NDArray>(fetchTensors.map((t, i) => [t, values[i]]));
      return structure((leaf) => (leaf instanceof Tensor ? byTensor.get(leaf)! : null));
    };
    return { values, finish, plan };
  }

  /** The plan for these fetches and feeds, built once and reused while the graph is unchanged. */
  private planFor(fetches: Tensor[], targets: Operation[], feeds: Tensor[]): Plan {
    const key = `${fetches.map((t) => t.name).join(',')}|${targets.map((o) => o.name).join(',')}|${feeds.map((t) => t.name).join(',')}`;
    const cached = this.plans.get(key);
    if (cached && cached.version === this.graph.version) return cached.plan;
    const plan = buildPlan(fetches, targets, feeds, this.config.allow_soft_placement);
    this.plans.set(key, { version: this.graph.version, plan });
    if (this.config.log_device_placement) {
      for (const [op, dev] of plan.placements()) console.log(`${op}: (${this.graph.get_operation_by_name(op).type}): ${dev}`);
    }
    return plan;
  }

  /** The devices each op of these fetches would run on (op name → device name). */
  placements(fetches: Fetches): Map<string, string> {
    const leaves: (Tensor | Operation)[] = [];
    this.flattenFetches(fetches, leaves);
    return this.planFor(leaves.filter((l): l is Tensor => l instanceof Tensor), leaves.filter((l): l is Operation => l instanceof Operation), []).placements();
  }

  private resolveElement(f: Fetch): Tensor | Operation {
    let el: Tensor | Operation;
    if (typeof f === 'string') el = this.graph.as_graph_element(f);
    else if (f instanceof Tensor || f instanceof Operation) el = f;
    else if (isTensorConvertible(f)) el = f._as_tensor();
    else throw new TFTypeError(`Fetch argument ${describe(f)} has invalid type ${typeName(f)}, must be a string or Tensor. (Can not convert a ${typeName(f)} into a Tensor or Operation.)`);
    if (el.graph !== this.graph) throw new ValueError(`Tensor ${el} is not an element of this graph.`);
    return el;
  }

  /** Collects the leaves of a fetch structure; returns a function rebuilding it from leaf values. */
  private flattenFetches(f: Fetches, out: (Tensor | Operation)[]): (value: (leaf: Tensor | Operation) => NDArray | null) => unknown {
    if (f === null || f === undefined) throw new TFTypeError(`Fetch argument ${f === null ? 'null' : 'undefined'} has invalid type, must be a string or Tensor.`);
    if (Array.isArray(f)) {
      const parts = f.map((x) => this.flattenFetches(x as Fetches, out));
      return (value) => parts.map((p) => p(value));
    }
    if (isNamedTuple(f)) {
      // A named tuple (an LSTMStateTuple) comes back as one of its kind, holding its fields' values, as in TF.
      const fields = f._fields.map((name) => this.flattenFetches((f as unknown as Record<string, Fetches>)[name], out));
      return (value) => f._make(fields.map((p) => p(value)));
    }
    if (isCompositeTensor(f)) {
      // A SparseTensor is fetched as its component tensors, its value built from theirs.
      const components = f._components().map((t) => this.resolveElement(t) as Tensor);
      out.push(...components);
      return (value) => f._value_from_components(components.map((t) => value(t) as NDArray));
    }
    if (typeof f === 'object' && !(f instanceof Tensor) && !(f instanceof Operation) && !isTensorConvertible(f)) {
      const entries = Object.entries(f as Record<string, Fetches>).map(([k, v]) => [k, this.flattenFetches(v, out)] as const);
      return (value) => Object.fromEntries(entries.map(([k, p]) => [k, p(value)]));
    }
    const el = this.resolveElement(f as Fetch);
    out.push(el);
    return (value) => value(el);
  }

  private resolveFeeds(feed_dict: FeedDict | null | undefined): { tensors: Tensor[]; values: NDArray[] } {
    const tensors: Tensor[] = [], values: NDArray[] = [];
    if (!feed_dict) return { tensors, values };
    const given: [FeedKey, FeedValue][] = feed_dict instanceof Map
      ? [...feed_dict.entries()] : Object.entries(feed_dict);
    const entries: [Tensor | TensorConvertible | string, unknown][] = [];
    for (const [key, value] of given) pairFeed(key, value, entries);
    for (const [key, value] of entries) {
      let t: Tensor;
      if (typeof key === 'string') {
        const el = this.graph.as_graph_element(key);
        if (!(el instanceof Tensor)) throw new TFTypeError(`Cannot interpret feed_dict key as Tensor: The name '${key}' refers to an Operation, not a Tensor. Tensor names must be of the form "<op_name>:<output_index>".`);
        t = el;
      } else if (key instanceof Tensor) t = key;
      else if (isTensorConvertible(key)) t = key._as_tensor();
      else throw new TFTypeError(`Cannot interpret feed_dict key as Tensor: Can not convert a ${typeName(key)} into a Tensor.`);
      if (t.graph !== this.graph) throw new ValueError(`Cannot interpret feed_dict key as Tensor: Tensor ${t} is not an element of this graph.`);
      const v = toFeedArray(value as FeedValue, t.dtype.base_dtype, t);
      if (!t.shape.is_compatible_with(v.shape)) {
        throw new ValueError(`Cannot feed value of shape ${pyShape(v.shape)} for Tensor '${t.name}', which has shape '${t.shape}'`);
      }
      tensors.push(t);
      values.push(v);
    }
    return { tensors, values };
  }

  close(): void {
    this.closed = true;
    this.variables.clear();
    this.opStates.clear();
    this.plans.clear();
    // The pooled buffers of dead values wait for the next run; with a session closed, give them back to the
    // garbage collector (another session's next run allocates what it needs again).
    clearBufferPool();
  }

  /** Makes this the default session inside `fn` (Python: `with sess.as_default():`). */
  as_default<R>(fn: (s: this) => R): R;
  as_default(): ScopeHandle<this>;
  as_default<R>(fn?: (s: this) => R): R | ScopeHandle<this> {
    return scoped(() => {
      sessionStack.push(this);
      return { value: this, exit: () => { sessionStack.splice(sessionStack.lastIndexOf(this), 1); } };
    }, fn);
  }

  /** The devices this session can use, as TF's `Session.list_devices()` lists them (memory: this session's budget). */
  list_devices(): DeviceAttributes[] {
    const budget = withMemoryLimit(this.config.memory_limit, memoryLimitBytes);
    return localDevices().map((d) => new DeviceAttributes(d, budget));
  }

  [Symbol.dispose](): void { this.close(); }

  /** One line, as TF's repr of a session but with its facts: `<tf.Session: graph of 12 ops, 2 variables initialized>`. */
  toString(): string {
    const kind = this instanceof InteractiveSessionImpl ? 'tf.InteractiveSession' : 'tf.Session';
    if (this.closed) return `<${kind}: closed>`;
    const initialized = [...this.variables.values()].filter((slot) => slot.value !== null).length;
    const isDefault = get_default_session() === this ? ', the default session' : '';
    return `<${kind}: graph of ${this.graph.get_operations().length} ops, ${initialized} variable${initialized === 1 ? '' : 's'} initialized${isDefault}>`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
}

/** A random incarnation per device and process, as TF draws one when it creates a device. */
const incarnations = new Map<string, number>();

/**
 * A device as `Session.list_devices()` gives it (TF's `_DeviceAttributes`): name, type, memory
 * limit and incarnation, and what it is (`description`). Prints as TF does:
 * `_DeviceAttributes(/job:localhost/replica:0/task:0/device:CPU:0, CPU, 268435456, 7311456723466178)`.
 */
export class DeviceAttributes {
  readonly name: string;
  readonly device_type: LocalDevice['device_type'];
  readonly description: string;
  readonly incarnation: number;
  constructor(device: LocalDevice, readonly memory_limit_bytes: number) {
    this.name = device.name;
    this.device_type = device.device_type;
    this.description = device.description;
    let incarnation = incarnations.get(device.name);
    if (incarnation === undefined) {
      incarnation = Math.floor(Math.random() * Number.MAX_SAFE_INTEGER) + 1;
      incarnations.set(device.name, incarnation);
    }
    this.incarnation = incarnation;
  }

  toString(): string {
    return `_DeviceAttributes(${this.name}, ${this.device_type}, ${this.memory_limit_bytes}, ${this.incarnation})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
}

function toFeedArray(value: FeedValue | unknown, dtype: DType, t: Tensor): NDArray {
  try {
    if (value instanceof NDArray) return value.dtype === dtype ? value : NDArray.from(value, dtype);
    return NDArray.from(value, dtype);
  } catch (e) {
    throw new ValueError(`Cannot feed the value for Tensor '${t.name}' (dtype ${dtype.name}): ${(e as Error).message}`);
  }
}

/** Python tuple form of a concrete shape: `(3,)`, `(2, 3)`, `()`. */
function pyShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

function typeName(x: unknown): string {
  if (x === null) return 'null';
  if (typeof x === 'object') return (x as object).constructor?.name ?? 'object';
  return typeof x;
}

function describe(x: unknown): string {
  try { return typeof x === 'object' ? JSON.stringify(x)?.slice(0, 80) ?? String(x) : String(x); } catch { return String(x); }
}

// ---- default session -------------------------------------------------------------------------

const sessionStack: BaseSession[] = [];

export const get_default_session = pythonFunction('get_default_session', [], 0, function get_default_session(): BaseSession | null {
  return sessionStack.length ? sessionStack[sessionStack.length - 1] : null;
});

/**
 * The tensors a feed_dict key feeds, each with its part of the value: a SparseTensor feeds its component
 * tensors; a list or named tuple of tensors (an RNN's state) feeds each from the same place in its value.
 */
function pairFeed(key: FeedKey, value: unknown, out: [Tensor | TensorConvertible | string, unknown][]): void {
  if (isCompositeTensor(key)) {
    const parts = key._feed_components(value);
    key._components().forEach((t, i) => out.push([t, parts[i]]));
    return;
  }
  if (!Array.isArray(key) && !isNamedTuple(key)) { out.push([key as Tensor | TensorConvertible | string, value]); return; }
  const keys: readonly FeedKey[] = Array.isArray(key) ? key : (key as NamedTuple)._fields.map((f) => (key as unknown as Record<string, FeedKey>)[f]);
  const values = Array.isArray(value) ? value : isNamedTuple(value) ? value._fields.map((f) => (value as unknown as Record<string, unknown>)[f]) : null;
  if (values === null || values.length !== keys.length) {
    throw new ValueError(`Cannot feed ${describe(value)} for a feed_dict key of ${keys.length} tensors: the value must have the key's structure`);
  }
  keys.forEach((k, i) => pairFeed(k, values[i], out));
}

/** The session to use for `t.eval()` / `op.run()`: the given one or the default, checked. */
export function sessionFor(graph: Graph, session?: BaseSession | null): BaseSession {
  const s = session ?? get_default_session();
  if (!s) {
    throw new ValueError('Cannot evaluate tensor using `eval()`: No default session is registered. Run it inside `sess.as_default(() => ...)`, use a `tf.InteractiveSession()`, or pass the session: `t.eval(null, sess)` (or `sess.run(t)`)');
  }
  if (s.graph !== graph) {
    throw new ValueError("Cannot use the given session to evaluate tensor: the tensor's graph is different from the session's graph.");
  }
  return s;
}

// ---- t.eval() and op.run() ---------------------------------------------------------------------

/** `t.eval(feed_dict=None, session=None)` and `op.run(...)`'s keyword arguments. */
export interface EvalKeywords { feed_dict?: FeedDict | null; session?: BaseSession | null }
const EVAL_SIGNATURE = new PythonSignature('eval', ['feed_dict: dict = None', 'session=None']);
const OP_RUN_SIGNATURE = new PythonSignature('run', ['feed_dict: dict = None', 'session=None']);

declare module '../ops/sparse_tensor' {
  interface SparseTensorImpl {
    /** Computes this sparse tensor's value (a SparseTensorValue) in `session` or the default session. */
    eval(feed_dict?: FeedDict | EvalKeywords | null, session?: BaseSession | null): ReturnType<SparseTensorImpl['_value_from_components']>;
  }
}
declare module '../framework/graph' {
  interface Tensor {
    /** Computes this tensor in `session` or the default session (`tf.InteractiveSession`, `sess.as_default`). */
    eval(feed_dict?: FeedDict | EvalKeywords | null, session?: BaseSession | null): NDArray;
  }
  interface Operation {
    /** Runs this op in `session` or the default session. */
    run(feed_dict?: FeedDict | EvalKeywords | null, session?: BaseSession | null): void;
  }
}
Tensor.prototype.eval = function (this: Tensor, ...args: unknown[]): NDArray {
  const [feed_dict, session] = EVAL_SIGNATURE.bind(args) as [FeedDict | null | undefined, BaseSession | null | undefined];
  return sessionFor(this.graph, session).run(this, feed_dict);
};
SparseTensorImpl.prototype.eval = function (this: SparseTensorImpl, ...args: unknown[]) {
  const [feed_dict, session] = EVAL_SIGNATURE.bind(args) as [FeedDict | null | undefined, BaseSession | null | undefined];
  return sessionFor(this.graph, session).run(this, feed_dict);
};
Operation.prototype.run = function (this: Operation, ...args: unknown[]): void {
  const [feed_dict, session] = OP_RUN_SIGNATURE.bind(args) as [FeedDict | null | undefined, BaseSession | null | undefined];
  sessionFor(this.graph, session).run(this, feed_dict);
};

// ---- tf.Session, callable with or without `new` ------------------------------------------------

/** A session of the default (or given) graph. */
export class SessionImpl extends BaseSession {}

/** Installs itself as the default session, so `t.eval()` and `op.run()` work directly. */
export class InteractiveSessionImpl extends BaseSession {
  constructor(options: SessionOptions = {}) {
    super(options);
    sessionStack.push(this);
  }
  override close(): void {
    const i = sessionStack.lastIndexOf(this);
    if (i >= 0) sessionStack.splice(i, 1);
    super.close();
  }
}

onResetDefaultGraph(() => {
  // Sessions of the old graph stay usable through their own references; only defaults go.
  for (let i = sessionStack.length - 1; i >= 0; i--) if (sessionStack[i] instanceof InteractiveSessionImpl) sessionStack.splice(i, 1);
});

const SESSION_PARAMS = ["target=''", 'graph=None', 'config=None'] as const;
const SessionClass = pythonClass('Session', SESSION_PARAMS, 0, SessionImpl);
type SessionCallForms = PythonCallForms<typeof SESSION_PARAMS, [string | undefined, Graph | undefined, ConfigProto | ConfigProtoFields | undefined]>;

export interface SessionFactory {
  new (...args: SessionCallForms): SessionImpl;
  (...args: SessionCallForms): SessionImpl;
  /** Callback form (Python's `with tf.Session() as sess:`): default inside, closed after. */
  <R>(fn: (sess: SessionImpl) => R): R;
  <R>(options: SessionOptions, fn: (sess: SessionImpl) => R): R;
  readonly prototype: SessionImpl;
}

function SessionCall(this: unknown, ...args: unknown[]): unknown {
  const fn = typeof args[args.length - 1] === 'function' ? args.pop() as (s: SessionImpl) => unknown : undefined;
  const sess = Reflect.construct(SessionClass, args) as SessionImpl;
  if (!fn) return sess;
  try { return sess.as_default(() => fn(sess)); } finally { sess.close(); }
}
SessionCall.prototype = SessionImpl.prototype;
attachSignature(SessionCall, signatureOf(SessionClass)!);

/** `tf.Session`: `new tf.Session()`, `tf.Session()`, or `tf.Session((sess) => ...)`. */
export const Session = SessionCall as unknown as SessionFactory;
export type Session = SessionImpl;

/** `tf.InteractiveSession`: installs itself as the default session; with or without `new`. */
export const InteractiveSession = pythonClass('InteractiveSession', SESSION_PARAMS, 0, InteractiveSessionImpl);
export type InteractiveSession = InteractiveSessionImpl;
