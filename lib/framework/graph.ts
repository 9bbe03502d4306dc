/**
 * Graph, Operation and Tensor: the graph is a GraphDef in memory. Operations keep TF's node name,
 * op type, inputs (data then `^control`), device string and attrs, so export is a serialization.
 */
import { OpType } from './op_types';
import { DType } from './dtypes';
import { TensorShape, ShapeLike, as_shape } from './tensor_shape';
import { ValueError, TFTypeError, RuntimeError } from './errors';
import { canonical_name, mergeDevice } from './device';
import { scoped, ScopeHandle } from './context';
import type { NDArray } from './ndarray';
import { isPlainObject, pythonClass, pythonFunction, pythonScope } from './python_signature';

// ---- attrs -------------------------------------------------------------------------------

/** An attr value, shaped like TF's AttrValue proto (one field set). */
export type AttrValue =
  | { type: DType }
  | { shape: TensorShape }
  | { i: number }
  | { f: number }
  | { b: boolean }
  | { s: string }
  | { tensor: NDArray }
  | { func: string }
  | { placeholder: string }
  | { list: AttrList };

export interface AttrList {
  s?: string[];
  i?: number[];
  f?: number[];
  b?: boolean[];
  type?: DType[];
  shape?: TensorShape[];
  tensor?: NDArray[];
}

/** The plain value of an attr, as Python's `op.get_attr` returns it. */
export type AttrPlain = DType | TensorShape | number | boolean | string | NDArray | AttrPlain[];

export function attrPlain(v: AttrValue): AttrPlain {
  if ('type' in v) return v.type;
  if ('shape' in v) return v.shape;
  if ('i' in v) return v.i;
  if ('f' in v) return v.f;
  if ('b' in v) return v.b;
  if ('s' in v) return v.s;
  if ('tensor' in v) return v.tensor;
  if ('func' in v) return v.func;
  if ('placeholder' in v) return v.placeholder;
  const l = v.list;
  return (l.s ?? l.i ?? l.f ?? l.b ?? l.type ?? l.shape ?? l.tensor ?? []) as AttrPlain[];
}

// ---- op schemas ------------------------------------------------------------------------------

/** A gradient given as rows of a dense tensor (tf.IndexedSlices, what a gather's gradient is). */
export interface RowsGradient { readonly values: Tensor; readonly indices: Tensor; readonly dense_shape: Tensor | null; _as_tensor(): Tensor }

/** Builds the gradient sub-graph of one op: one gradient (or null) per input. */
export type GradientFunction = (op: Operation, grads: (Tensor | null)[]) => (Tensor | RowsGradient | null)[];

/**
 * An op type's declaration (TF's OpDef plus its shape function and gradient): what the graph needs to
 * build a node of it, and what the executor and tools need to know about running one.
 */
export interface OpSchema {
  readonly type: OpType;
  /** Output dtypes, from the inputs' dtypes and the attrs. */
  outputDtypes(inputs: readonly Tensor[], attrs: ReadonlyMap<string, AttrValue>): DType[];
  /** Static output shapes; unknown shapes when absent. */
  inferShapes?(op: Operation): ShapeLike[];
  /** Indices of inputs taking a reference (a variable), such as Assign's first input. */
  refInputs?: readonly number[];
  /** Runs even when inputs are dead (Merge joins the taken branch of a conditional). */
  acceptsDeadInputs?: boolean;
  /** Values of attrs a NodeDef may omit (graphs written by older TF versions leave newer attrs out). */
  attrDefaults?: Readonly<Record<string, AttrValue>>;
  /**
   * Has side effects or internal state (variables, random streams, Print, SaveV2; TF's is_stateful): running
   * it twice is not running it once, so nothing may fold, deduplicate or re-run it behind the user's back.
   */
  readonly stateful?: boolean;
  gradient?: GradientFunction;
}

const schemas = new Map<string, OpSchema>();

/** Declares an op type (the op library in ops/ declares them all). Declaring one twice is a programming error. */
export function registerOp(schema: OpSchema): OpSchema {
  if (schemas.has(schema.type)) throw new Error(`Op type ${schema.type} is registered twice`);
  schemas.set(schema.type, schema);
  return schema;
}

/** The declaration of an op type, if any module declared it. */
export function getOpSchema(type: string): OpSchema | undefined { return schemas.get(type); }
export function registeredOpTypes(): string[] { return [...schemas.keys()].sort(); }

/** Attaches a gradient to an already declared op type (TF's RegisterGradient). */
export function registerGradient(type: OpType, gradient: GradientFunction): void {
  const s = schemas.get(type);
  if (!s) throw new Error(`Cannot register a gradient for unknown op type ${type}`);
  s.gradient = gradient;
}

/** Whether an op's type is declared stateful (see OpSchema.stateful). */
export function isStateful(op: Operation): boolean { return getOpSchema(op.type)?.stateful === true; }

/**
 * The stateful ops that running `fetch` would run: the fetch's own op and everything it depends on
 * (inputs and control inputs), oldest first. A tensor that only reads a variable lists the VariableV2
 * node (it holds state) but no op that changes anything; a random draw or an assign lists that op.
 */
export function statefulAncestors(fetch: Tensor | Operation): Operation[] {
  const root = fetch instanceof Tensor ? fetch.op : fetch;
  const seen = new Set<Operation>([root]);
  const stack = [root];
  const found: Operation[] = [];
  while (stack.length) {
    const op = stack.pop()!;
    if (isStateful(op)) found.push(op);
    for (const dep of [...op.inputs.map((t) => t.op), ...op.control_inputs]) {
      if (!seen.has(dep)) { seen.add(dep); stack.push(dep); }
    }
  }
  return found.sort((a, b) => a._id - b._id);
}

// ---- Tensor --------------------------------------------------------------------------------

/** An object that stands for a tensor (a Variable stands for its value). */
export interface TensorConvertible { _as_tensor(dtype?: DType): Tensor }

export function isTensorConvertible(x: unknown): x is TensorConvertible {
  return typeof x === 'object' && x !== null && typeof (x as TensorConvertible)._as_tensor === 'function';
}

/** One output of an Operation; a symbolic handle computed when a Session runs it. */
export class Tensor {
  private _shape: TensorShape;
  private _dtype: DType;

  constructor(readonly op: Operation, readonly value_index: number, dtype: DType, shape: TensorShape) {
    this._dtype = dtype;
    this._shape = shape;
  }

  get dtype(): DType { return this._dtype; }
  /** @internal a weakly typed constant taking the dtype it met (Graph._retype_weak). */
  _set_dtype(dtype: DType): void { this._dtype = dtype; }

  /** `'<op name>:<index>'`, e.g. `'weights:0'`. */
  get name(): string { return `${this.op.name}:${this.value_index}`; }
  get graph(): Graph { return this.op.graph; }
  get device(): string { return this.op.device; }
  get shape(): TensorShape { return this._shape; }
  get_shape(): TensorShape { return this._shape; }

  /** Refines the static shape; ValueError when incompatible. */
  set_shape(shape: ShapeLike): void {
    const s = as_shape(shape);
    if (!this._shape.is_compatible_with(s)) {
      throw new ValueError(`Shapes ${this._shape} and ${s} are incompatible`);
    }
    this._shape = this._shape.merge_with(s);
  }

  /** Operations that take this tensor as input. */
  consumers(): Operation[] { return this.graph.get_operations().filter((o) => o.inputs.includes(this)); }

  /** The input string a consumer's NodeDef uses: `name` for output 0, `name:k` otherwise. */
  get inputString(): string { return this.value_index === 0 ? this.op.name : `${this.op.name}:${this.value_index}`; }

  _as_tensor(): Tensor { return this; }

  /** TF's repr: `Tensor("add:0", shape=(2,), dtype=float32)`. */
  toString(): string { return `Tensor("${this.name}", shape=${this._shape}, dtype=${this.dtype.name})`; }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return `<tf.Tensor '${this.name}' shape=${this._shape} dtype=${this.dtype.name}>`; }
}

// ---- Operation -----------------------------------------------------------------------------

/** Where an op was created: the user's stack, kept raw and formatted on demand. */
export interface DefinitionSite { readonly stack: string | undefined }

/** The notebook cell a piece of graph was built by (set by the kernel; null for scripts). */
export interface CellOrigin {
  /** Stable identity of the cell (Jupyter's cellId, or one the kernel derives). */
  readonly id: string;
  /** The execution count of the run that built it: `cell [3]`. */
  readonly execution_count: number;
}

let currentCell: CellOrigin | null = null;
/** @internal the cell whose code is running now (see framework/cells.ts). */
export function _setCurrentCell(cell: CellOrigin | null): void { currentCell = cell; }
export function _getCurrentCell(): CellOrigin | null { return currentCell; }

export class Operation {
  readonly outputs: Tensor[] = [];
  /** Control inputs (`^name` in the NodeDef). */
  readonly control_inputs: Operation[] = [];
  /** Device string as requested in the graph (canonical form), `''` if none. */
  private _device: string;
  /** Creation order in the graph; also the GraphDef node order. */
  readonly _id: number;
  readonly definedAt: DefinitionSite;
  /** The cell run that built this op, or null outside notebooks. */
  readonly cell: CellOrigin | null = currentCell;
  /** Set when a re-run of the op's cell replaced it: the op is no longer part of the graph. */
  private _retiredBy: CellOrigin | null = null;
  private readonly _inputs: Tensor[];
  /** The conditional branch or while loop the op was built in (TF's `op._control_flow_context`). */
  private _flowContext: ControlFlowContext | null = null;

  constructor(
    readonly graph: Graph,
    readonly name: string,
    readonly type: string,
    inputs: readonly Tensor[],
    readonly attrs: Map<string, AttrValue>,
    device: string,
    id: number,
  ) {
    this._inputs = [...inputs];
    this._device = device;
    this._id = id;
    const site: { stack?: string } = {};
    // Deep enough to reach the user's code through nested builders (formatted only when read).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 50;
    Error.captureStackTrace(site, Graph.prototype.create_op);
    Error.stackTraceLimit = limit;
    this.definedAt = site as DefinitionSite;
  }

  /** Data inputs, in order. */
  get inputs(): readonly Tensor[] { return this._inputs; }

  /**
   * @internal replaces data input `index` (TF's `_update_input`): how a while loop closes its back edge
   * (the loop's Merge gets its NextIteration input once the body is built).
   */
  _update_input(index: number, tensor: Tensor): void {
    if (index < 0 || index >= this._inputs.length) throw new ValueError(`'${this.name}' has no input ${index}`);
    if (tensor.graph !== this.graph) throw new ValueError(`Tensor ${tensor} must be from the same graph as ${this.name}.`);
    this._inputs[index] = tensor;
    this.graph._bump_version();
  }

  get _control_flow_context(): ControlFlowContext | null { return this._flowContext; }
  /** @internal */
  _set_control_flow_context(context: ControlFlowContext | null): void { this._flowContext = context; }

  get device(): string { return this._device; }
  get retired(): boolean { return this._retiredBy !== null; }
  get retiredBy(): CellOrigin | null { return this._retiredBy; }
  /** @internal */
  _retire(by: CellOrigin): void { this._retiredBy = by; }

  /** @internal import with clear_devices, device functions. */
  _set_device(device: string): void { this._device = canonical_name(device); }

  get node_def(): { name: string; op: string; input: string[]; device: string; attr: Map<string, AttrValue> } {
    return {
      name: this.name,
      op: this.type,
      input: [...this.inputs.map((t) => t.inputString), ...this.control_inputs.map((o) => `^${o.name}`)],
      device: this._device,
      attr: this.attrs,
    };
  }

  get_attr(name: string): AttrPlain {
    const v = this.attrs.get(name);
    if (v === undefined) throw new ValueError(`Operation '${this.name}' has no attr named '${name}'.`);
    return attrPlain(v);
  }

  /** The op's colocation groups: its `_class` attr, else `loc:@<own name>`. */
  colocation_groups(): string[] {
    const c = this.attrs.get('_class');
    if (c && 'list' in c && c.list.s) return [...c.list.s];
    return [`loc:@${this.name}`];
  }

  values(): Tensor[] { return [...this.outputs]; }

  /** @internal adds a control input after creation (graph import, control_dependencies). */
  _add_control_input(op: Operation): void {
    if (!this.control_inputs.includes(op)) { this.control_inputs.push(op); this.graph._bump_version(); }
  }

  /** @internal removes a control input (a while loop turns control inputs from outside into ones from inside). */
  _remove_control_input(op: Operation): void {
    const i = this.control_inputs.indexOf(op);
    if (i >= 0) { this.control_inputs.splice(i, 1); this.graph._bump_version(); }
  }

  toString(): string { return `<tf.Operation '${this.name}' type=${this.type}>`; }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
}

// ---- Graph ---------------------------------------------------------------------------------

/**
 * A conditional branch or a while loop (ops/control_flow_ops.ts implements TF's CondContext and
 * WhileContext); contexts nest through `outer`.
 */
export interface ControlFlowContext {
  readonly outer: ControlFlowContext | null;
  /** The tensor an op built in this context should read instead of `t` (a Switch or an Enter for outside tensors). */
  mapInput(t: Tensor): Tensor;
  /** Called for each op built in this context. */
  onCreate(op: Operation): void;
  /** The tensor ops of this context without other inputs hang on (TF's `GetControlPivot`), if any yet. */
  controlPivot(): Tensor | null;
}

/** Whether `op` was built inside `context` or in a context nested in it. */
export function isInsideContext(op: Operation, context: ControlFlowContext): boolean {
  for (let c = op._control_flow_context; c; c = c.outer) if (c === context) return true;
  return false;
}

/** A device for ops: a string merged in, a function of the op, or null to ignore outer scopes. */
export type DeviceFunction = string | ((op: Operation) => string) | null;

const OP_NAME = /^[A-Za-z0-9.][A-Za-z0-9_.\-/>]*$/;
const SCOPE_NAME = /^[A-Za-z0-9_.\-/>]*$/;

export interface CreateOpOptions {
  /** Name relative to the current name scope; a name ending in `/` is used exactly (minus the slash). */
  name?: string;
  attrs?: Record<string, AttrValue>;
  /** Output dtypes for op types without a registered schema (graph import). */
  outputDtypes?: DType[];
  /** Output shapes for op types without a shape function (graph import). */
  outputShapes?: ShapeLike[];
}

export class GraphImpl {
  private readonly opsByName = new Map<string, Operation>();
  private readonly ops: Operation[] = [];
  private readonly namesInUse = new Map<string, number>();
  /** Every name handed out, with the cell that took it, so a cell's names can be given back. */
  private nameLog: { base: string; taken: string; suffix: number; cell: string | null }[] = [];
  private nameStack = '';
  private deviceStack: DeviceFunction[] = [];
  private colocationStack: Operation[] = [];
  /** Active control_dependencies blocks: their ops, and the ops created inside them so far. */
  private controlStack: { deps: Operation[]; seen: Set<Operation> }[] = [];
  private attrScope: Record<string, AttrValue> = {};
  private containerName = '';
  /** @internal op type → gradient name, for ops created inside gradient_override_map. */
  _gradientOverrides: ReadonlyMap<string, string> = new Map();
  private flowContext: ControlFlowContext | null = null;
  private readonly collections = new Map<string, unknown[]>();
  /** Graph-level random seed (`tf.set_random_seed`). */
  seed: number | null = null;
  private _finalized = false;
  /** Bumped whenever an op is added; sessions key cached plans on it. */
  private _version = 0;
  private readonly weakConstants = new Map<Operation, (dtype: DType) => NDArray>();
  private nextOpId = 0;

  get version(): number { return this._version; }
  /** @internal an op changed after creation (a rewired input): cached plans are out of date. */
  _bump_version(): void { this._version++; }
  get finalized(): boolean { return this._finalized; }
  finalize(): void { this._finalized = true; }
  /** Opens a finalized graph to changes again (what a closed MonitoredSession does to the graph it finalized). */
  _unsafe_unfinalize(): void { this._finalized = false; }

  // ---- names --------------------------------------------------------------------------

  /** The current name scope without trailing slash (`''` at the root). */
  get_name_scope(): string { return this.nameStack; }

  /** A name unique in this graph (case-insensitive), relative to the current name scope. */
  unique_name(name: string, mark_as_used = true): string {
    const full = this.nameStack ? `${this.nameStack}/${name}` : name;
    const key = full.toLowerCase();
    let i = this.namesInUse.get(key) ?? 0;
    if (mark_as_used) this.namesInUse.set(key, i + 1);
    if (i === 0) {
      if (mark_as_used) this.nameLog.push({ base: key, taken: key, suffix: 0, cell: currentCell?.id ?? null });
      return full;
    }
    let candidate = `${key}_${i}`;
    while (this.namesInUse.has(candidate)) { i++; candidate = `${key}_${i}`; }
    if (mark_as_used) {
      this.namesInUse.set(candidate, 1);
      this.nameLog.push({ base: key, taken: candidate, suffix: i, cell: currentCell?.id ?? null });
    }
    return `${full}_${i}`;
  }

  /**
   * Removes everything an earlier run of `cellId` built: its ops leave the graph (and collections),
   * its names become free again. Ops of other cells that used them become stale.
   * Returns the retired ops.
   */
  retire_cell(cellId: string, by: CellOrigin): Operation[] {
    const retired = this.ops.filter((o) => o.cell?.id === cellId);
    if (retired.length === 0 && !this.nameLog.some((e) => e.cell === cellId)) return [];
    const gone = new Set(retired);
    for (const op of retired) { op._retire(by); this.opsByName.delete(op.name); }
    this.ops.splice(0, this.ops.length, ...this.ops.filter((o) => !gone.has(o)));
    this.nameLog = this.nameLog.filter((e) => e.cell !== cellId);
    this.namesInUse.clear();
    for (const e of this.nameLog) {
      this.namesInUse.set(e.base, Math.max(this.namesInUse.get(e.base) ?? 0, e.suffix + 1));
      if (e.taken !== e.base) this.namesInUse.set(e.taken, 1);
    }
    for (const [key, list] of this.collections) {
      this.collections.set(key, list.filter((item) => !retiredElement(item)));
    }
    this._version++;
    for (const hook of retireHooks) hook(this, retired);
    return retired;
  }

  /** The retired ops `op` depends on (directly or through other ops), if any: then `op` is stale. */
  stale_inputs(op: Operation): Operation[] {
    const found = new Set<Operation>();
    const seen = new Set<Operation>();
    const stack = [op];
    while (stack.length) {
      const o = stack.pop()!;
      for (const dep of [...o.inputs.map((t) => t.op), ...o.control_inputs]) {
        if (seen.has(dep)) continue;
        seen.add(dep);
        if (dep.retired) found.add(dep); else stack.push(dep);
      }
    }
    return [...found];
  }

  /**
   * Enters a name scope: `''`/null → root; ending in `/` → re-entered exactly; else made unique.
   * The callback receives the scope string with its trailing slash (`'foo/bar/'`).
   */
  name_scope<R>(name: string | null | undefined, fn: (scope: string) => R): R;
  name_scope(name: string | null | undefined): ScopeHandle<string>;
  name_scope<R>(name: string | null | undefined, fn?: (scope: string) => R): R | ScopeHandle<string> {
    return scoped(() => {
      const old = this.nameStack;
      let next: string;
      if (!name) next = '';
      else if (name.endsWith('/')) {
        if (!OP_NAME.test(name.slice(0, -1))) throw new ValueError(`'${name}' is not a valid scope name`);
        next = name.slice(0, -1);
      } else {
        if (!(old ? SCOPE_NAME : OP_NAME).test(name)) throw new ValueError(`'${name}' is not a valid scope name`);
        next = this.unique_name(name);
      }
      this.nameStack = next;
      return { value: next ? `${next}/` : '', exit: () => { this.nameStack = old; } };
    }, fn);
  }

  // ---- devices, colocation, control dependencies ---------------------------------------------

  device<R>(device: DeviceFunction | { to_string(): string }, fn: () => R): R;
  device(device: DeviceFunction | { to_string(): string }): ScopeHandle<void>;
  device<R>(device: DeviceFunction | { to_string(): string }, fn?: () => R): R | ScopeHandle<void> {
    const d: DeviceFunction = device !== null && typeof device === 'object' ? device.to_string() : device;
    if (typeof d === 'string') canonical_name(d); // validate now, as TF does
    return scoped(() => {
      this.deviceStack.push(d);
      return { value: undefined, exit: () => { this.deviceStack.pop(); } };
    }, fn && (() => fn()));
  }

  /** Ops created inside are placed with `op` (device and `_class` colocation group). */
  colocate_with<R>(op: Operation | Tensor | TensorConvertible | null, fn: () => R, ignore_existing = false): R {
    const target = op === null ? null : op instanceof Operation ? op : op instanceof Tensor ? op.op : op._as_tensor().op;
    const oldColoc = this.colocationStack, oldDevices = this.deviceStack;
    if (ignore_existing || target === null) this.colocationStack = [];
    if (target) { this.colocationStack = [...this.colocationStack, target]; this.deviceStack = []; }
    try { return fn(); } finally { this.colocationStack = oldColoc; this.deviceStack = oldDevices; }
  }

  /**
   * Ops created inside get control inputs on `ops`. null clears outer dependencies and, as in TF, the
   * control flow context too: variables and optimizer slots made inside a loop body live outside it.
   */
  control_dependencies<R>(ops: readonly (Operation | Tensor | TensorConvertible)[] | null, fn: () => R): R {
    const resolved = ops === null ? null : ops.map((o) => (o instanceof Operation ? o : o instanceof Tensor ? o.op : o._as_tensor().op));
    const old = this.controlStack, oldFlow = this.flowContext;
    this.controlStack = resolved === null ? [] : [...old, { deps: resolved, seen: new Set() }];
    if (resolved === null) this.flowContext = null;
    try { return fn(); } finally { this.controlStack = old; this.flowContext = oldFlow; }
  }

  /** The innermost conditional branch being built, if any. */
  get _control_flow_context(): ControlFlowContext | null { return this.flowContext; }

  /** Builds ops inside `context` (a branch of tf.cond): their inputs from outside pass through it. */
  _with_control_flow_context<R>(context: ControlFlowContext | null, fn: () => R): R {
    const old = this.flowContext;
    this.flowContext = context;
    try { return fn(); } finally { this.flowContext = old; }
  }

  /**
   * Ops of the mapped op types created inside take their gradient from the mapped name (registered with
   * tf.RegisterGradient), through a `_gradient_op_type` attr as in TF.
   * @example g.gradient_override_map({Square: 'CustomSquare'}, () => tf.square(x))
   */
  declare gradient_override_map: {
    <R>(op_type_map: Readonly<Record<string, string>>, fn: () => R): R;
    (op_type_map: Readonly<Record<string, string>>): ScopeHandle<void>;
  };

  /**
   * Stateful ops created inside (variables, queues, readers, tables) keep their state in the resource
   * container `container_name` rather than the default one (TF's Graph.container).
   */
  container<R>(container_name: string, fn: () => R): R;
  container(container_name: string): ScopeHandle<void>;
  container<R>(container_name: string, fn?: () => R): R | ScopeHandle<void> {
    return scoped(() => {
      const old = this.containerName;
      this.containerName = container_name;
      return { value: undefined, exit: () => { this.containerName = old; } };
    }, fn && (() => fn()));
  }

  /** Ops created inside get these attrs (TF's `_attr_scope`, used to colocate initializers). */
  _attr_scope<R>(attrs: Record<string, AttrValue>, fn: () => R): R {
    const old = this.attrScope;
    this.attrScope = { ...old, ...attrs };
    try { return fn(); } finally { this.attrScope = old; }
  }

  // ---- weakly typed constants ---------------------------------------------------------------

  /**
   * @internal marks a Const made from JavaScript numbers with no dtype as weakly typed: until an op consumes
   * it, meeting a fixed dtype remakes its value in that dtype (`value(dtype)`, which throws when the values
   * are not exactly that dtype's).
   */
  _mark_weak(op: Operation, value: (dtype: DType) => NDArray): void { this.weakConstants.set(op, value); }

  /** @internal whether `t` is a weakly typed constant no op has consumed yet. */
  _is_weak(t: Tensor): boolean { return t.value_index === 0 && this.weakConstants.has(t.op); }

  /**
   * @internal gives a weakly typed constant `dtype` in place (same node, TF's node name) when its values
   * are exactly values of `dtype`; false (and nothing changes) otherwise.
   */
  _retype_weak(t: Tensor, dtype: DType): boolean {
    const remake = t.value_index === 0 ? this.weakConstants.get(t.op) : undefined;
    if (!remake) return false;
    let value: NDArray;
    try { value = remake(dtype.base_dtype); } catch { return false; }
    t.op.attrs.set('value', { tensor: value });
    t.op.attrs.set('dtype', { type: value.dtype });
    t._set_dtype(value.dtype);
    this.weakConstants.delete(t.op);
    this._bump_version();
    return true;
  }

  // ---- creating ops -------------------------------------------------------------------------

  create_op(type: string, inputs: readonly Tensor[], options: CreateOpOptions = {}): Operation {
    if (this._finalized) throw new RuntimeError('Graph is finalized and cannot be modified.');
    const flow = this.flowContext;
    const requested = options.name ?? type;
    let name: string;
    if (requested.endsWith('/')) name = requested.slice(0, -1);
    else {
      if (!OP_NAME.test(requested)) throw new ValueError(`'${requested}' is not a valid node name`);
      name = this.unique_name(requested);
    }
    if (this.opsByName.has(name)) throw new ValueError(`Duplicate node name in graph: '${name}'`);
    // What a control flow context reads an input through (an Enter, a Switch) is named in the op's
    // scope, as TF's op creation makes it (`while/TensorArrayReadV3/Enter`).
    if (flow) inputs = this.name_scope(`${name}/`, () => inputs.map((t) => flow.mapInput(t)));
    for (const t of inputs) {
      if (t.graph !== this) throw new ValueError(`Tensor ${t} must be from the same graph as ${type} op.`);
      // A consumed constant keeps its dtype: its consumers were built for it.
      this.weakConstants.delete(t.op);
    }
    const attrs = new Map<string, AttrValue>(Object.entries({ ...this.attrScope, ...options.attrs }));
    const gradientName = this._gradientOverrides.get(type);
    if (gradientName !== undefined) attrs.set('_gradient_op_type', { s: gradientName });
    const schema = getOpSchema(type);
    for (const [k, v] of Object.entries(schema?.attrDefaults ?? {})) if (!attrs.has(k)) attrs.set(k, v);
    // As TF: inside `container(name)`, a stateful op with an empty `container` attr gets the name.
    const containerAttr = attrs.get('container');
    if (this.containerName && schema?.stateful && containerAttr && 's' in containerAttr && !containerAttr.s) attrs.set('container', { s: this.containerName });
    const op = new Operation(this, name, type, inputs, attrs, '', this.nextOpId++);

    // Ops that write a variable live with it (TF's implicit colocation through ref inputs).
    const refTargets = (schema?.refInputs ?? []).map((i) => inputs[i]).filter((t) => t?.dtype.is_ref_dtype).map((t) => t.op);
    const coloc = refTargets.length ? [...this.colocationStack, ...refTargets] : this.colocationStack;
    this.placeOp(op, coloc, refTargets.length > 0);

    const dtypes = options.outputDtypes ?? schema?.outputDtypes(inputs, attrs);
    if (!dtypes) throw new ValueError(`Op type not registered '${type}' in binary; give its output dtypes to import it.`);
    dtypes.forEach((dt, i) => op.outputs.push(new Tensor(op, i, dt, new TensorShape(null))));
    const shapes = options.outputShapes ?? schema?.inferShapes?.(op);
    shapes?.forEach((s, i) => { if (op.outputs[i]) op.outputs[i].set_shape(as_shape(s)); });

    // An input built inside a block already carries that block's dependencies (TF skips them then).
    for (const block of this.controlStack) {
      if (inputs.some((t) => block.seen.has(t.op))) continue;
      for (const dep of block.deps) if (!inputs.some((t) => t.op === dep)) op._add_control_input(dep);
    }
    for (const block of this.controlStack) block.seen.add(op);
    op._set_control_flow_context(flow);
    flow?.onCreate(op);
    this.opsByName.set(name, op);
    this.ops.push(op);
    this._version++;
    return op;
  }

  private placeOp(op: Operation, coloc: readonly Operation[], fromRefInput: boolean): void {
    // Ops writing a variable ignore device scopes entirely; a colocation target's device wins.
    let device = fromRefInput ? '' : this.applyDeviceStack(op, '');
    if (coloc.length) {
      const groups = new Set<string>();
      for (const c of coloc) {
        for (const g of c.colocation_groups()) groups.add(g);
        if (c.device !== '') device = c.device;
      }
      op.attrs.set('_class', { list: { s: [...groups].sort() } });
    }
    op._set_device(device);
  }

  /**
   * TF's _apply_device_functions: innermost first; a device string fills only what the op's device
   * leaves unset, a device function sees the op's device so far and its answer replaces it.
   */
  private applyDeviceStack(op: Operation, base: string): string {
    let device = base;
    for (let i = this.deviceStack.length - 1; i >= 0; i--) {
      const d = this.deviceStack[i];
      if (d === null) break;
      if (typeof d === 'function') {
        op._set_device(device);
        device = canonical_name(d(op) ?? '');
      } else device = mergeDevice(d, device);
    }
    return device;
  }

  // ---- lookup -------------------------------------------------------------------------------

  get_operations(): Operation[] { return [...this.ops]; }
  get operationCount(): number { return this.ops.length; }

  get_operation_by_name(name: string): Operation {
    const op = this.opsByName.get(name);
    if (!op) throw new KeyError(`The name '${name}' refers to an Operation not in the graph.`);
    return op;
  }

  get_tensor_by_name(name: string): Tensor {
    const m = /^(.*):(\d+)$/.exec(name);
    if (!m) throw new ValueError(`The name '${name}' looks a like an Operation name, but is not a valid Tensor name. Tensor names must be of the form "<op_name>:<output_index>".`);
    const op = this.opsByName.get(m[1]);
    if (!op) throw new KeyError(`The name '${name}' refers to a Tensor which does not exist. The operation, '${m[1]}', does not exist in the graph.`);
    const t = op.outputs[Number(m[2])];
    if (!t) throw new KeyError(`The name '${name}' refers to a Tensor which does not exist. The operation, '${m[1]}', exists but only has ${op.outputs.length} outputs.`);
    return t;
  }

  /** Resolves a fetch name: `'x:0'` → Tensor, `'x'` → Operation. */
  as_graph_element(name: string): Tensor | Operation {
    return name.includes(':') ? this.get_tensor_by_name(name) : this.get_operation_by_name(name);
  }

  // ---- collections ---------------------------------------------------------------------------

  add_to_collection(name: string, value: unknown): void {
    let list = this.collections.get(name);
    if (!list) { list = []; this.collections.set(name, list); }
    list.push(value);
  }

  add_to_collections(names: Iterable<string>, value: unknown): void { for (const n of names) this.add_to_collection(n, value); }

  /**
   * A copy of the collection; with `scope`, only items whose `.name` matches it at the start
   * (Python's re.match).
   */
  get_collection<K extends keyof StandardCollections>(name: K, scope?: string | null): StandardCollections[K][];
  get_collection<T = unknown>(name: string, scope?: string | null): T[];
  get_collection<T = unknown>(name: string, scope?: string | null): T[] {
    const list = (this.collections.get(name) ?? []) as T[];
    if (!scope) return [...list];
    const re = new RegExp(`^(?:${scope})`);
    return list.filter((item) => {
      const n = (item as { name?: unknown }).name;
      return typeof n === 'string' && re.test(n);
    });
  }

  /** The live list, for code that mutates a collection in place. */
  get_collection_ref<T = unknown>(name: string): T[] {
    let list = this.collections.get(name);
    if (!list) { list = []; this.collections.set(name, list); }
    return list as T[];
  }

  clear_collection(name: string): void { this.collections.delete(name); }
  get_all_collection_keys(): string[] { return [...this.collections.keys()]; }

  // ---- default graph ------------------------------------------------------------------------

  /** Makes this graph the default inside `fn` (Python: `with g.as_default():`). */
  as_default<R>(fn: (g: Graph) => R): R;
  as_default(): ScopeHandle<Graph>;
  as_default<R>(fn?: (g: Graph) => R): R | ScopeHandle<Graph> {
    return scoped(() => {
      graphStack.push(this);
      return {
        value: this as Graph,
        exit: () => {
          if (graphStack[graphStack.length - 1] !== this) throw new RuntimeError('Improper nesting of Graph.as_default.');
          graphStack.pop();
        },
      };
    }, fn);
  }

  toString(): string { return `<tf.Graph with ${this.ops.length} operations>`; }
}

/** `tf.Graph()`, with or without `new`. */
GraphImpl.prototype.gradient_override_map = pythonScope('gradient_override_map', ['op_type_map: dict'], 1,
  function gradient_override_map<R>(this: GraphImpl, op_type_map: Readonly<Record<string, string>>, fn?: () => R): R | ScopeHandle<void> {
    const bad = () => new TFTypeError('op_type_map must be a dictionary mapping strings to strings');
    if (!isPlainObject(op_type_map)) throw bad();
    for (const v of Object.values(op_type_map)) if (typeof v !== 'string') throw bad();
    return scoped(() => {
      const old = this._gradientOverrides;
      this._gradientOverrides = new Map([...old, ...Object.entries(op_type_map)]);
      return { value: undefined, exit: () => { this._gradientOverrides = old; } };
    }, fn && (() => fn()));
  }) as GraphImpl['gradient_override_map'];

export const Graph = pythonClass('Graph', [], 0, GraphImpl);
export type Graph = GraphImpl;

/** Python's KeyError, raised for names not in a graph. */
export class KeyError extends Error {
  constructor(message: string) { super(message); this.name = 'KeyError'; }
}

/** Whether a collection item belongs to a retired op (ops, tensors, variables, savers). */
function retiredElement(item: unknown): boolean {
  if (item instanceof Operation) return item.retired;
  if (item instanceof Tensor) return item.op.retired;
  if (isTensorConvertible(item)) {
    try { return item._as_tensor().op.retired; } catch { return false; }
  }
  return false;
}

const retireHooks: ((g: Graph, retired: Operation[]) => void)[] = [];
/** @internal lets per-graph stores (the variable store) drop what a cell re-run retired. */
export function onRetire(hook: (g: Graph, retired: Operation[]) => void): void { retireHooks.push(hook); }

const graphStack: Graph[] = [];
let globalDefaultGraph = new Graph();

export const get_default_graph = pythonFunction('get_default_graph', [], 0, function get_default_graph(): Graph {
  return graphStack.length ? graphStack[graphStack.length - 1] : globalDefaultGraph;
});

/**
 * What TF's standard collections of ops and tensors hold, so that `tf.get_collection(tf.GraphKeys.UPDATE_OPS)`
 * goes straight into `tf.control_dependencies` or `tf.group`; other collections are `unknown[]` unless typed
 * (lib/variables adds the variable collections).
 */
export interface StandardCollections {
  update_ops: Operation | Tensor;
  train_op: Operation | Tensor;
  init_op: Operation | Tensor;
  local_init_op: Operation | Tensor;
  table_initializer: Operation;
  losses: Tensor;
  regularization_losses: Tensor;
  summaries: Tensor;
  summary_op: Tensor;
  ready_op: Tensor;
  ready_for_local_init_op: Tensor;
}

interface GetCollection {
  <K extends keyof StandardCollections>(key: K, scope?: string | null): StandardCollections[K][];
  <T = unknown>(key: string, scope?: string | null): T[];
  <K extends keyof StandardCollections>(key: K, keywords: { scope?: string | null }): StandardCollections[K][];
  <T = unknown>(key: string, keywords: { scope?: string | null }): T[];
  <K extends keyof StandardCollections>(keywords: { key: K; scope?: string | null }): StandardCollections[K][];
  <T = unknown>(keywords: { key: string; scope?: string | null }): T[];
}

// TF's top-level collection functions: the default graph's collections.
/** The default graph's collection `key` (a copy), filtered by `scope` (re.match on `.name`). @example tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, 'layer1') */
export const get_collection: GetCollection = pythonFunction('get_collection', ['key', 'scope=None'], 2, function get_collection(key: string, scope?: string | null): unknown[] { return get_default_graph().get_collection(key, scope); });
/** The default graph's live list for `key`: changes to it change the collection. */
export const get_collection_ref = pythonFunction('get_collection_ref', ['key'], 1, function get_collection_ref<T = unknown>(key: string): T[] { return get_default_graph().get_collection_ref<T>(key); });
/** Appends `value` to the default graph's collection `name`. */
export const add_to_collection = pythonFunction('add_to_collection', ['name', 'value'], 2, function add_to_collection(name: string, value: unknown): void { get_default_graph().add_to_collection(name, value); });
/** Appends `value` to each collection of `names` (a name or a list of names). */
export const add_to_collections = pythonFunction('add_to_collections', ['names', 'value'], 2, function add_to_collections(names: string | Iterable<string>, value: unknown): void {
  get_default_graph().add_to_collections(typeof names === 'string' ? [names] : names, value);
});

/** Starts a fresh global default graph; refused inside `as_default` blocks, as in TF. */
export const reset_default_graph = pythonFunction('reset_default_graph', [], 0, function reset_default_graph(): void {
  if (graphStack.length) {
    throw new AssertionError('Do not use tf.reset_default_graph() to clear nested graphs. If you need a cleared graph, exit the nesting and create a new graph.');
  }
  globalDefaultGraph = new Graph();
  for (const hook of resetHooks) hook();
});

const resetHooks: (() => void)[] = [];
/** @internal lets sessions and scopes forget per-graph state on reset. */
export function onResetDefaultGraph(hook: () => void): void { resetHooks.push(hook); }

export class AssertionError extends Error {
  constructor(message: string) { super(message); this.name = 'AssertionError'; }
}

/** The graph of the given elements, checking they agree; else the default graph. */
export function graphOf(values: readonly unknown[]): Graph {
  let g: Graph | undefined;
  for (const v of values) {
    // A composite (IndexedSlices) tells its graph by its first component, without converting itself.
    const components = typeof v === 'object' && v !== null && typeof (v as { _components?: unknown })._components === 'function'
      ? (v as { _components(): Tensor[] })._components() : null;
    const t = v instanceof Tensor ? v : v instanceof Operation ? null : components ? components[0] : isTensorConvertible(v) ? v._as_tensor() : null;
    const vg = t ? t.graph : v instanceof Operation ? v.graph : undefined;
    if (vg) {
      if (g && g !== vg) throw new ValueError(`${String(v)} must be from the same graph as the other inputs.`);
      g = vg;
    }
  }
  return g ?? get_default_graph();
}

export { TFTypeError };
