/**
 * `tf.nn.rnn_cell` as TF 1.15 builds it (rnn_cell_impl): each cell is a layer called as
 * `cell.call(inputs, state)` → `[output, new_state]`, whose variables live in its own variable scope
 * under the caller's (`rnn/basic_lstm_cell/kernel`, `rnn/multi_rnn_cell/cell_0/gru_cell/gates/kernel`).
 * The wrappers (DropoutWrapper, ResidualWrapper) call their cell in the caller's scope, adding none.
 */
import { createHash } from 'crypto';
import { DType, as_dtype, int32 } from '../framework/dtypes';
import { Tensor, get_default_graph } from '../framework/graph';
import { ValueError } from '../framework/errors';
import { TensorShape } from '../framework/tensor_shape';
import { TensorLike, convert_to_tensor } from '../ops/op_builder';
import { concat, constant, expand_dims, slice, split, zeros } from '../ops/array_ops';
import { add, div, floor, matmul, multiply, sigmoid, subtract, tanh } from '../ops/math_ops';
import { random_uniform } from '../ops/random_ops';
import { constantValue } from '../ops/schema_util';
import { bias_add, dropout } from '../ops/nn_ops';
import { clip_by_value } from '../ops/clip_ops';
import { flatten, is_sequence, map_structure, pack_sequence_as } from '../ops/nest';
import { constant_initializer, zeros_initializer, Initializer } from '../variables/initializers';
import { RefVariable } from '../variables/variables';
import { GotVariable, Reuse, variable_scope } from '../variables/variable_scope';
import { fixed_size_partitioner } from '../variables/partitioned_variables';
import { Activation, ScopedLayer } from './base';

/** A cell's state or output size: a number of units, or a structure of them (LSTMStateTuple ...). */
export type StateSize = number | TensorShape | readonly StateSize[] | LSTMStateTuple<StateSize>;
/** A cell's state: a tensor or a structure of tensors. */
export type CellState = Tensor | readonly CellState[] | LSTMStateTuple<Tensor>;

/** The LSTM state as a named tuple `(c, h)` (TF's LSTMStateTuple); nests like Python's namedtuple. */
export class LSTMStateTuple<T = Tensor> {
  readonly _fields = ['c', 'h'] as const;
  constructor(readonly c: T, readonly h: T) {}
  _make(values: readonly unknown[]): LSTMStateTuple<unknown> { return new LSTMStateTuple(values[0], values[1]); }
  get dtype(): DType {
    const c = this.c as unknown, h = this.h as unknown;
    if (!(c instanceof Tensor) || !(h instanceof Tensor)) throw new ValueError('LSTMStateTuple.dtype needs tensors');
    if (c.dtype !== h.dtype) throw new TypeError(`Inconsistent internal state: ${c.dtype.name} vs ${h.dtype.name}`);
    return c.dtype;
  }
  /** Index access as a Python tuple: 0 is c, 1 is h. */
  get 0(): T { return this.c; }
  get 1(): T { return this.h; }
  *[Symbol.iterator](): Iterator<T> { yield this.c; yield this.h; }
  toString(): string { return `LSTMStateTuple(c=${String(this.c)}, h=${String(this.h)})`; }
}

/** `[batch] + size` as a shape tensor or static shape (TF's rnn_cell_impl._concat). */
function batchShape(batch: Tensor | number, size: number | TensorShape): (number | Tensor)[] {
  const rest = size instanceof TensorShape ? size.toNumbers() : [size];
  return [batch, ...rest];
}

/** Zeros of `[batch] + size` for every size of `stateSize` (TF's _zero_state_tensors). */
function zeroStateTensors(stateSize: StateSize, batch: Tensor | number, dtype: DType): CellState {
  const make = (s: unknown): Tensor => {
    const dims = batchShape(batch, s as number | TensorShape);
    const z = zeros(dims.some((d) => d instanceof Tensor) ? concat(dims.map((d) => (d instanceof Tensor ? expand_dims(d, 0) : [d])), 0) : dims as number[], dtype);
    z.set_shape(dims.map((d) => (typeof d === 'number' ? d : null)));
    return z;
  };
  return map_structure(make, stateSize) as CellState;
}

/** The abstract RNN cell (TF's RNNCell / LayerRNNCell). */
export abstract class RNNCell extends ScopedLayer {
  abstract get state_size(): StateSize;
  abstract get output_size(): StateSize;

  /**
   * Runs one step (Python's `cell(inputs, state)`): `[output, new_state]`. The first call creates the
   * cell's variables in a scope of its own under the current variable scope (or under `scope`); later
   * calls reuse them.
   */
  __call__(inputs: TensorLike, state: CellState, options: { scope?: string | null } = {}): [Tensor, CellState] {
    const x = convert_to_tensor(inputs);
    const run = () => this.inLayerScope(x, () => this.step(x, state));
    return options.scope ? variable_scope(options.scope, run) : run();
  }

  /** The step itself, in the cell's scope (TF's `call`). */
  protected abstract step(inputs: Tensor, state: CellState): [Tensor, CellState];

  /** The state of `batch_size` sequences before their first step: zeros. */
  zero_state(batch_size: Tensor | number, dtype: DType | string): CellState {
    const dt = as_dtype(dtype).base_dtype;
    return get_default_graph().name_scope(`${this.constructor.name}ZeroState`, () => zeroStateTensors(this.state_size, batch_size, dt));
  }

  override toString(): string { return `<tf.nn.rnn_cell.${this.constructor.name} '${this.name}'>`; }
}

export interface CellOptions {
  activation?: Activation | null;
  reuse?: Reuse;
  name?: string | null;
  dtype?: DType | string | null;
}

/** The depth of a cell's input, needed to shape its kernel. */
function inputDepth(cell: string, input_shape: TensorShape): number {
  const d = input_shape.dims?.[input_shape.dims.length - 1] ?? null;
  if (d === null) throw new ValueError(`Expected inputs.shape[-1] to be known, saw shape: ${input_shape}`);
  if (input_shape.ndims !== 2) throw new ValueError(`${cell}: inputs must be [batch, depth], saw shape: ${input_shape}`);
  return d;
}

function checkUnits(num_units: number): void {
  if (!Number.isInteger(num_units) || num_units <= 0) throw new ValueError(`num_units must be a positive integer, got ${num_units}`);
}

/** The most basic RNN cell: `output = new_state = activation(W [inputs, state] + b)`. */
/** A cell whose state and output are both `num_units` wide, through `activation` (tanh by default). */
abstract class UnitsCell extends RNNCell {
  protected readonly activation: Activation;

  constructor(readonly num_units: number, options: CellOptions) {
    super({ name: options.name, dtype: options.dtype, _reuse: options.reuse });
    checkUnits(num_units);
    this.activation = options.activation ?? tanh;
  }

  get state_size(): number { return this.num_units; }
  get output_size(): number { return this.num_units; }
}

export class BasicRNNCell extends UnitsCell {
  private kernel!: RefVariable;
  private bias!: RefVariable;

  constructor(num_units: number, options: CellOptions = {}) { super(num_units, options); }

  protected override build(input_shape: TensorShape): void {
    const depth = inputDepth('BasicRNNCell', input_shape);
    this.kernel = this.add_weight('kernel', [depth + this.num_units, this.num_units]);
    this.bias = this.add_weight('bias', [this.num_units], { initializer: zeros_initializer() });
  }

  protected step(inputs: Tensor, state: CellState): [Tensor, CellState] {
    const gates = bias_add(matmul(concat([inputs, state as Tensor], 1), this.kernel), this.bias);
    const output = this.activation(gates);
    return [output, output];
  }
}

/** The GRU cell (Cho et al. 2014): reset and update gates, then a candidate. */
export class GRUCell extends UnitsCell {
  private gateKernel!: RefVariable;
  private gateBias!: RefVariable;
  private candidateKernel!: RefVariable;
  private candidateBias!: RefVariable;

  constructor(num_units: number, private readonly options: CellOptions & { kernel_initializer?: Initializer | null; bias_initializer?: Initializer | null } = {}) {
    super(num_units, options);
  }

  protected override build(input_shape: TensorShape): void {
    const depth = inputDepth('GRUCell', input_shape);
    const o = this.options;
    this.gateKernel = this.add_weight('gates/kernel', [depth + this.num_units, 2 * this.num_units], { initializer: o.kernel_initializer });
    this.gateBias = this.add_weight('gates/bias', [2 * this.num_units], { initializer: o.bias_initializer ?? constant_initializer(1.0) });
    this.candidateKernel = this.add_weight('candidate/kernel', [depth + this.num_units, this.num_units], { initializer: o.kernel_initializer });
    this.candidateBias = this.add_weight('candidate/bias', [this.num_units], { initializer: o.bias_initializer ?? zeros_initializer() });
  }

  protected step(inputs: Tensor, stateIn: CellState): [Tensor, CellState] {
    const state = stateIn as Tensor;
    const value = sigmoid(bias_add(matmul(concat([inputs, state], 1), this.gateKernel), this.gateBias));
    const [r, u] = split(value, 2, 1);
    // TF writes these with Python's operators: `r * state`, `u * state + (1 - u) * c` (lowercase names).
    const candidate = bias_add(matmul(concat([inputs, multiply(r, state, { name: 'mul' })], 1), this.candidateKernel), this.candidateBias);
    const c = this.activation(candidate);
    const kept = multiply(u, state, { name: 'mul' });
    const newH = add(kept, multiply(subtract(1, u, { name: 'sub' }), c, { name: 'mul' }), { name: 'add' });
    return [newH, newH];
  }
}

export interface LSTMOptions extends CellOptions {
  forget_bias?: number;
  /** Whether the state is an LSTMStateTuple (c, h) rather than their concatenation. */
  state_is_tuple?: boolean;
}

/** The basic LSTM cell (no peepholes, no projection): gates i, j, f, o from one kernel. */
export class BasicLSTMCell extends RNNCell {
  private kernel!: RefVariable;
  private bias!: RefVariable;
  private readonly activation: Activation;
  readonly forget_bias: number;
  readonly state_is_tuple: boolean;

  constructor(readonly num_units: number, options: LSTMOptions = {}) {
    super({ name: options.name, dtype: options.dtype, _reuse: options.reuse });
    checkUnits(num_units);
    this.activation = options.activation ?? tanh;
    this.forget_bias = options.forget_bias ?? 1.0;
    this.state_is_tuple = options.state_is_tuple ?? true;
  }

  get state_size(): StateSize { return this.state_is_tuple ? new LSTMStateTuple(this.num_units, this.num_units) : 2 * this.num_units; }
  get output_size(): number { return this.num_units; }

  protected override build(input_shape: TensorShape): void {
    const depth = inputDepth('BasicLSTMCell', input_shape);
    this.kernel = this.add_weight('kernel', [depth + this.num_units, 4 * this.num_units]);
    this.bias = this.add_weight('bias', [4 * this.num_units], { initializer: zeros_initializer() });
  }

  protected step(inputs: Tensor, state: CellState): [Tensor, CellState] {
    // TF makes one int32 axis constant first and splits along it (no split_dim of its own); the gate
    // arithmetic is math_ops.add/multiply (Add, Mul), not Python's operators.
    const one = constant(1, { dtype: int32 });
    const [c, h] = this.state_is_tuple ? [(state as LSTMStateTuple).c, (state as LSTMStateTuple).h] : split(state as Tensor, 2, one);
    const gates = bias_add(matmul(concat([inputs, h], 1), this.kernel), this.bias);
    const [i, j, f, o] = split(gates, 4, one);
    const forget = constant(this.forget_bias, { dtype: f.dtype });
    const newC = add(multiply(c, sigmoid(add(f, forget))), multiply(sigmoid(i), this.activation(j)));
    const newH = multiply(this.activation(newC), sigmoid(o));
    return [newH, this.state_is_tuple ? new LSTMStateTuple(newC, newH) : concat([newC, newH], 1)];
  }
}

/** The LSTM cell with optional peepholes, cell clipping and an output projection (Hochreiter 1997, Sak 2014). */
export class LSTMCell extends RNNCell {
  private kernel!: GotVariable;
  private bias!: RefVariable;
  private peepholes: { f: RefVariable; i: RefVariable; o: RefVariable } | null = null;
  private projection: GotVariable | null = null;
  private readonly activation: Activation;
  readonly forget_bias: number;
  readonly state_is_tuple: boolean;

  constructor(readonly num_units: number, private readonly options: LSTMOptions & {
    use_peepholes?: boolean; cell_clip?: number | null; initializer?: Initializer | null; num_proj?: number | null; proj_clip?: number | null;
    /** Parts of the kernel (`kernel/part_<i>`, along its rows), and of the projection's. */
    num_unit_shards?: number | null; num_proj_shards?: number | null;
  } = {}) {
    super({ name: options.name, dtype: options.dtype, _reuse: options.reuse });
    checkUnits(num_units);
    this.activation = options.activation ?? tanh;
    this.forget_bias = options.forget_bias ?? 1.0;
    this.state_is_tuple = options.state_is_tuple ?? true;
  }

  private get outputDepth(): number { return this.options.num_proj ?? this.num_units; }
  get state_size(): StateSize { return this.state_is_tuple ? new LSTMStateTuple(this.num_units, this.outputDepth) : this.num_units + this.outputDepth; }
  get output_size(): number { return this.outputDepth; }

  protected override build(input_shape: TensorShape): void {
    const depth = inputDepth('LSTMCell', input_shape);
    const init = this.options.initializer;
    const shards = (n: number | null | undefined) => (n !== undefined && n !== null ? { partitioner: fixed_size_partitioner(n) } : {});
    this.kernel = this.add_weight('kernel', [depth + this.outputDepth, 4 * this.num_units], { initializer: init, ...shards(this.options.num_unit_shards) });
    this.bias = this.add_weight('bias', [4 * this.num_units], { initializer: zeros_initializer() });
    if (this.options.use_peepholes) {
      this.peepholes = {
        f: this.add_weight('w_f_diag', [this.num_units], { initializer: init }),
        i: this.add_weight('w_i_diag', [this.num_units], { initializer: init }),
        o: this.add_weight('w_o_diag', [this.num_units], { initializer: init }),
      };
    }
    if (this.options.num_proj) {
      this.projection = this.add_weight('projection/kernel', [this.num_units, this.options.num_proj], { initializer: init, ...shards(this.options.num_proj_shards) });
    }
  }

  protected step(inputs: Tensor, state: CellState): [Tensor, CellState] {
    const [cPrev, mPrev] = this.state_is_tuple
      ? [(state as LSTMStateTuple).c, (state as LSTMStateTuple).h]
      : [slice(state as Tensor, [0, 0], [-1, this.num_units]), slice(state as Tensor, [0, this.num_units], [-1, this.outputDepth])];
    const lstm = bias_add(matmul(concat([inputs, mPrev], 1), this.kernel), this.bias);
    const [i, j, f, o] = split(lstm, 4, 1);
    const p = this.peepholes;
    // TF writes the gates with Python's `+` and `*` (ops add, mul; a float operand as add/y), in this order.
    const plus = (a: TensorLike, b: TensorLike) => add(a, b, { name: 'add' });
    const times = (a: TensorLike, b: TensorLike) => multiply(a, b, { name: 'mul' });
    let c = p
      ? plus(times(sigmoid(plus(plus(f, this.forget_bias), times(p.f, cPrev))), cPrev), times(sigmoid(plus(i, times(p.i, cPrev))), this.activation(j)))
      : plus(times(sigmoid(plus(f, this.forget_bias)), cPrev), times(sigmoid(i), this.activation(j)));
    const clip = this.options.cell_clip;
    if (clip !== undefined && clip !== null) c = clip_by_value(c, -clip, clip);
    let m = p ? times(sigmoid(plus(o, times(p.o, c))), this.activation(c)) : times(sigmoid(o), this.activation(c));
    if (this.projection) {
      m = matmul(m, this.projection);
      const pc = this.options.proj_clip;
      if (pc !== undefined && pc !== null) m = clip_by_value(m, -pc, pc);
    }
    return [m, this.state_is_tuple ? new LSTMStateTuple(c, m) : concat([c, m], 1)];
  }
}

/** Cells stacked: each one's output is the next one's input, in scopes `cell_0`, `cell_1` ... */
export class MultiRNNCell extends RNNCell {
  readonly cells: readonly RNNCell[];
  readonly state_is_tuple: boolean;

  constructor(cells: readonly RNNCell[], options: { state_is_tuple?: boolean } = {}) {
    super();
    if (!cells || cells.length === 0) throw new ValueError('Must specify at least one cell for MultiRNNCell.');
    this.cells = [...cells];
    this.state_is_tuple = options.state_is_tuple ?? true;
    if (!this.state_is_tuple && cells.some((c) => is_sequence(c.state_size))) {
      throw new ValueError(`Some cells return tuples of states, but the flag state_is_tuple is not set. State sizes are: ${cells.map((c) => String(c.state_size))}`);
    }
  }

  get state_size(): StateSize {
    return this.state_is_tuple ? this.cells.map((c) => c.state_size) : this.cells.reduce((n, c) => n + (c.state_size as number), 0);
  }
  get output_size(): StateSize { return this.cells[this.cells.length - 1].output_size; }

  override zero_state(batch_size: Tensor | number, dtype: DType | string): CellState {
    if (!this.state_is_tuple) return super.zero_state(batch_size, dtype);
    return get_default_graph().name_scope(`${this.constructor.name}ZeroState`, () => this.cells.map((c) => c.zero_state(batch_size, dtype)));
  }

  protected step(inputs: Tensor, state: CellState): [Tensor, CellState] {
    let current = inputs;
    let offset = 0;
    const newStates: CellState[] = [];
    this.cells.forEach((cell, i) => {
      variable_scope(`cell_${i}`, () => {
        let cellState: CellState;
        if (this.state_is_tuple) {
          if (!Array.isArray(state)) throw new ValueError(`Expected state to be a tuple of length ${this.cells.length}, but received: ${String(state)}`);
          cellState = (state as readonly CellState[])[i];
        } else {
          const size = cell.state_size as number;
          cellState = slice(state as Tensor, [0, offset], [-1, size]);
          offset += size;
        }
        const [out, newState] = cell.__call__(current, cellState);
        current = out;
        newStates.push(newState);
      });
    });
    return [current, this.state_is_tuple ? newStates : concat(newStates as Tensor[], 1)];
  }
}

/** A cell whose state and output sizes are its wrapped cell's; it runs the cell in the caller's scope. */
abstract class RNNCellWrapper extends RNNCell {
  constructor(readonly cell: RNNCell) { super(); }
  get state_size(): StateSize { return this.cell.state_size; }
  get output_size(): StateSize { return this.cell.output_size; }
  override zero_state(batch_size: Tensor | number, dtype: DType | string): CellState { return this.cell.zero_state(batch_size, dtype); }
  override __call__(inputs: TensorLike, state: CellState, options: { scope?: string | null } = {}): [Tensor, CellState] {
    return this.step(convert_to_tensor(inputs), state, options.scope ?? null);
  }
  protected abstract override step(inputs: Tensor, state: CellState, scope?: string | null): [Tensor, CellState];
}

/** The options of DropoutWrapper (TF 1.15's parameters). */
export interface DropoutWrapperOptions {
  /** Keep probabilities: numbers, or scalar tensors (a placeholder fed below 1 to train and 1 to test). */
  input_keep_prob?: number | TensorLike; output_keep_prob?: number | TensorLike; state_keep_prob?: number | TensorLike;
  /** One dropout mask per sequence for all time steps (Gal and Ghahramani), drawn once when the wrapper is made. */
  variational_recurrent?: boolean;
  /** The inputs' depth (a size or structure of sizes): needed with variational_recurrent and input dropout. */
  input_size?: StateSize | null;
  /** The dtype of the noise: needed with variational_recurrent. */
  dtype?: DType | string | null;
  seed?: number | null;
  /** Which parts of a state get dropout: a leaf → true/false (TF's default: an LSTMStateTuple's h but not its c). */
  dropout_state_filter_visitor?: ((substate: unknown) => boolean | LSTMStateTuple<boolean>) | null;
}

/** TF's _default_dropout_state_filter_visitor: all but an LSTM's memory c. */
function defaultStateFilter(substate: unknown): boolean | LSTMStateTuple<boolean> {
  return substate instanceof LSTMStateTuple ? new LSTMStateTuple(false, true) : true;
}

/** For each leaf of `state` (nest order), whether `visitor` lets dropout apply to it. */
function stateDropoutMask(visitor: NonNullable<DropoutWrapperOptions['dropout_state_filter_visitor']>, state: unknown): boolean[] {
  if (state instanceof Tensor) {
    const keep = visitor(state);
    if (typeof keep !== 'boolean') throw new ValueError(`dropout_state_filter_visitor returned ${String(keep)} for a tensor; it must return a bool`);
    return [keep];
  }
  const keep = visitor(state);
  if (typeof keep === 'boolean') return flatten(state).map(() => keep);
  // A structure of bools for this substructure (TF's get_traverse_shallow_structure): false leaves are skipped.
  const sub = [...(keep as Iterable<boolean>)], parts = [...(state as Iterable<unknown>)];
  if (sub.length !== parts.length) throw new ValueError(`dropout_state_filter_visitor returned ${sub.length} values for a state of ${parts.length}`);
  return parts.flatMap((part, i) => (sub[i] ? stateDropoutMask(visitor, part) : flatten(part).map(() => false)));
}

/** TF's _should_dropout: a probability known only as a tensor, or one below 1. */
function shouldDrop(p: number | Tensor): boolean { return typeof p !== 'number' || p < 1; }

/**
 * Dropout on a cell's inputs, outputs and state (keep probabilities; 1 means none), each part's seed derived
 * from `seed` as TF's _gen_seed does; with `variational_recurrent`, the same masks at every time step.
 */
export class DropoutWrapper extends RNNCellWrapper {
  /** A known probability as a number, one known only when run as a tensor (TF's tensor_and_const_value). */
  private readonly keep: { input: number | Tensor; output: number | Tensor; state: number | Tensor };
  private readonly seed: number | null;
  private readonly variational: boolean;
  private readonly stateFilter: NonNullable<DropoutWrapperOptions['dropout_state_filter_visitor']>;
  private readonly noise: { input: Tensor[] | null; state: Tensor[] | null; output: Tensor[] | null } = { input: null, state: null, output: null };

  constructor(cell: RNNCell, options: DropoutWrapperOptions = {}) {
    super(cell);
    const known = (name: string, p: number | TensorLike | undefined): number | Tensor => {
      let v: number | Tensor;
      if (p === undefined || typeof p === 'number') v = p ?? 1;
      else {
        const t = convert_to_tensor(p);
        const c = constantValue(t);
        v = c !== null && c.size === 1 ? Number(c.values[0]) : t;
      }
      // TF formats the probability with %d.
      if (typeof v === 'number' && !(v >= 0 && v <= 1)) throw new ValueError(`Parameter ${name}_keep_prob must be between 0 and 1: ${Math.trunc(v)}`);
      return v;
    };
    this.keep = { input: known('input', options.input_keep_prob), output: known('output', options.output_keep_prob), state: known('state', options.state_keep_prob) };
    this.seed = options.seed ?? null;
    this.variational = !!options.variational_recurrent;
    this.stateFilter = options.dropout_state_filter_visitor ?? defaultStateFilter;
    if (this.variational) {
      if (options.dtype === undefined || options.dtype === null) throw new ValueError('When variational_recurrent=True, dtype must be provided');
      const dtype = as_dtype(options.dtype);
      // One [1, size] uniform noise per leaf: the batch shares the mask, and every step reuses it.
      const noise = (sizes: StateSize, salt: string) => flatten<number | TensorShape>(sizes).map((s, i) => {
        const dims = s instanceof TensorShape ? s.toNumbers() : [s];
        return random_uniform(concat([convert_to_tensor([1], { dtype: int32 }), convert_to_tensor(dims, { dtype: int32 })], 0), { seed: this.genSeed(salt, i), dtype });
      });
      if (shouldDrop(this.keep.input)) {
        if (options.input_size === undefined || options.input_size === null) {
          throw new ValueError('When variational_recurrent=True and input_keep_prob < 1.0 or is unknown, input_size must be provided');
        }
        this.noise.input = noise(options.input_size, 'input');
      }
      this.noise.state = noise(cell.state_size, 'state');
      this.noise.output = noise(cell.output_size, 'output');
    }
  }

  /** TF's _gen_seed: the first 32 bits of md5(str(seed) + salt_index), as a non-negative int; none without a seed. */
  private genSeed(salt: string, index: number): number | null {
    if (this.seed === null) return null;
    return parseInt(createHash('md5').update(`${this.seed}${salt}_${index}`, 'utf8').digest('hex').slice(0, 8), 16) & 0x7fffffff;
  }

  private dropStructure<T>(values: T, salt: 'input' | 'state' | 'output', mask?: boolean[]): T {
    const keep = this.keep[salt];
    const leaves = flatten<Tensor>(values);
    const noise = this.noise[salt];
    const dropped = leaves.map((v, i) => {
      if (mask && !mask[i]) return v;
      if (!this.variational) return dropout(v, { keep_prob: keep, seed: this.genSeed(salt, i) });
      // TF's _variational_recurrent_dropout_value: floor(keep + noise) is 1 with probability keep.
      const ret = multiply(div(v, keep), floor(add(keep, noise![i])));
      ret.set_shape(v.shape);
      return ret;
    });
    return pack_sequence_as<T>(values, dropped);
  }

  protected step(inputs: Tensor, state: CellState, scope?: string | null): [Tensor, CellState] {
    const x = shouldDrop(this.keep.input) ? this.dropStructure(inputs, 'input') : inputs;
    let [out, newState] = this.cell.__call__(x, state, { scope });
    if (shouldDrop(this.keep.state)) newState = this.dropStructure(newState, 'state', stateDropoutMask(this.stateFilter, newState));
    if (shouldDrop(this.keep.output)) out = this.dropStructure(out, 'output');
    return [out, newState];
  }
}

/** Adds a cell's inputs to its outputs (a residual connection). */
export class ResidualWrapper extends RNNCellWrapper {
  constructor(cell: RNNCell, private readonly residual_fn: ((inputs: Tensor, outputs: Tensor) => Tensor) | null = null) { super(cell); }

  protected step(inputs: Tensor, state: CellState, scope?: string | null): [Tensor, CellState] {
    const [out, newState] = this.cell.__call__(inputs, state, { scope });
    if (this.residual_fn) return [this.residual_fn(inputs, out), newState];
    if (!inputs.shape.is_compatible_with(out.shape)) throw new ValueError(`ResidualWrapper: inputs ${inputs.shape} and outputs ${out.shape} must have the same shape`);
    return [add(inputs, out), newState];
  }
}
