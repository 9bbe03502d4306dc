/**
 * TF 1.15's RNN functions (rnn.py): `dynamic_rnn` (a tf.while_loop over time reading the inputs from a
 * TensorArray and writing the outputs to another; `sequence_length` keeps finished sequences' state and
 * zeroes their outputs), `bidirectional_dynamic_rnn` (the backward direction on reversed sequences),
 * `static_rnn` and `static_bidirectional_rnn` (the cell unrolled over a list of inputs) and `raw_rnn`
 * (a loop whose `loop_fn` decides each step's input and when to stop). Variables live under the
 * `rnn` variable scope unless `scope` says otherwise.
 */
import { DType, as_dtype, bool, int32 } from '../framework/dtypes';
import { Tensor, get_default_graph } from '../framework/graph';
import { TFTypeError, ValueError } from '../framework/errors';
import { TensorShape } from '../framework/tensor_shape';
import { TensorLike, convert_to_tensor } from '../ops/op_builder';
import {
  concat, expand_dims, getitem, identity, rank, reverse_sequence, shape, stack, transpose, unstack, where, zeros, zeros_like,
} from '../ops/array_ops';
import { cast, equal, greater_equal, less, logical_not, logical_or, maximum, minimum, range, reduce_all, reduce_max } from '../ops/math_ops';
import { control_dependencies } from '../ops/control_flow_ops';
import { Assert } from '../ops/logging_ops';
import { assert_same_structure, flatten, pack_sequence_as } from '../ops/nest';
import { GraphTensorArray } from '../ops/tensor_array_ops';
import { while_loop } from '../ops/while_loop';
import { VariableScope, variable_scope } from '../variables/variable_scope';
import { pythonFunction } from '../framework/python_signature';
import { CellState, RNNCell } from './rnn_cell';

export interface DynamicRNNOptions {
  /** The length of each sequence of the batch (int32 vector): later steps copy the state through and output zeros. */
  sequence_length?: TensorLike | null;
  initial_state?: CellState | null;
  /** dtype of the state when there is no initial_state. */
  dtype?: DType | string | null;
  parallel_iterations?: number | null;
  swap_memory?: boolean;
  /** Inputs (and outputs) are [time, batch, depth] rather than [batch, time, depth]. */
  time_major?: boolean;
  scope?: string | VariableScope | null;
}

/** [batch, time, ...] ↔ [time, batch, ...] (TF's _transpose_batch_time). */
function transposeBatchTime(x: Tensor): Tensor {
  const s = x.shape;
  if (s.ndims !== null && s.ndims < 2) throw new ValueError(`Expected input tensor ${x} to have rank at least 2, but saw shape: ${s}`);
  const t = transpose(x, concat([[1, 0], range(2, rank(x))], 0));
  if (s.dims !== null) t.set_shape([s.dims[1], s.dims[0], ...s.dims.slice(2)]);
  return t;
}

/** The batch size from the inputs' static shapes (dimension `axis`), else a run-time one. */
function batchSizeOf(flat: readonly Tensor[], axis: number): Tensor | number {
  for (const x of flat) {
    const s = x.shape;
    if (s.ndims === null) continue;
    if (s.ndims < 2) throw new ValueError(`Expected input tensor ${x} to have rank at least 2`);
    const b = s.dims![axis];
    if (b !== null) return b;
  }
  return getitem(shape(flat[0]), axis);
}

function stateDtype(explicit: DType | null, state: CellState): DType {
  if (explicit) return explicit;
  const flat = flatten<Tensor>(state);
  if (flat.length === 0) throw new ValueError('Unable to infer dtype from empty state.');
  const dt = flat[0].dtype.base_dtype;
  if (flat.some((s) => s.dtype.base_dtype !== dt)) throw new ValueError(`State has tensors of different inferred_dtypes. Unable to infer a single representative dtype.`);
  return dt;
}

const sizeDims = (size: unknown): number[] => (size instanceof TensorShape ? size.toNumbers() : [size as number]);

/** The initial state: given, or the cell's zero state for the batch. */
function initialState(cell: RNNCell, given: CellState | null | undefined, dtype: DType | null, batch: Tensor | number): CellState {
  if (given !== undefined && given !== null) return given;
  if (!dtype) throw new ValueError('If there is no initial_state, you must give a dtype.');
  return cell.zero_state(batch, dtype);
}

/** Where a batch entry has finished (`time >= sequence_length`), the old value; else the new one (TF's _rnn_step without conditionals). */
function copyThrough(finished: Tensor, old: Tensor, fresh: Tensor): Tensor {
  if (old.shape.ndims === 0) return fresh;
  // TF places the choice with the value just computed (its Select carries `loc:@` that op).
  const out = fresh.graph.colocate_with(fresh.op, () => where(finished, old, fresh));
  out.set_shape(old.shape);
  return out;
}

function checkCell(cell: unknown, fn: string): asserts cell is RNNCell {
  if (!(cell instanceof RNNCell)) throw new TFTypeError(`${fn}: cell must be an instance of RNNCell, got ${String(cell)}`);
}

/**
 * Runs `cell` over the time steps of `inputs` ([batch, time, depth], or [time, batch, depth] with
 * `time_major`) in a tf.while_loop; returns `[outputs, final_state]`.
 * @example const [outputs, state] = tf.nn.dynamic_rnn(cell, x, {sequence_length: lengths, dtype: tf.float32});
 */
export const dynamic_rnn = pythonFunction('dynamic_rnn', ['cell', 'inputs: dict', 'sequence_length=None', 'initial_state=None', 'dtype=None', 'parallel_iterations=None', 'swap_memory=False', 'time_major=False', 'scope=None'], 2, function dynamic_rnn(cell: RNNCell, inputs: unknown, options: DynamicRNNOptions = {}): [Tensor, CellState] {
  checkCell(cell, 'dynamic_rnn');
  return variable_scope(options.scope ?? 'rnn', () => {
    let flat = flatten<TensorLike>(inputs).map((x) => convert_to_tensor(x));
    const timeMajor = options.time_major ?? false;
    if (!timeMajor) flat = flat.map(transposeBatchTime);
    const parallel = options.parallel_iterations ?? 32;
    let lengths: Tensor | null = null;
    if (options.sequence_length !== undefined && options.sequence_length !== null) {
      lengths = cast(convert_to_tensor(options.sequence_length), int32);
      if (lengths.shape.ndims !== null && lengths.shape.ndims !== 1) throw new ValueError(`sequence_length must be a vector of length batch_size, but saw shape: ${lengths.shape}`);
      lengths = identity(lengths, { name: 'sequence_length' });
    }
    const batch = batchSizeOf(flat, 1);
    const dtype = options.dtype ? as_dtype(options.dtype).base_dtype : null;
    const state = initialState(cell, options.initial_state, dtype, batch);
    if (lengths) {
      const seq = lengths;
      const expected = stack([batch]);
      const check = Assert(reduce_all(equal(shape(seq), expected)), [`Expected shape for Tensor ${seq.name} is `, expected, ' but saw shape: ', shape(seq)]);
      lengths = control_dependencies([check], () => identity(seq, { name: 'CheckSeqLen' }));
    }
    const packed = pack_sequence_as(inputs, flat);
    const [outputs, finalState] = dynamicRnnLoop(cell, packed, state, parallel, options.swap_memory ?? false, lengths, dtype);
    return [timeMajor ? outputs : transposeBatchTime(outputs), finalState];
  });
});

/** The loop of dynamic_rnn over time-major inputs (TF's _dynamic_rnn_loop). */
function dynamicRnnLoop(cell: RNNCell, inputs: unknown, initial: CellState, parallel: number, swap: boolean, lengths: Tensor | null, dtype: DType | null): [Tensor, CellState] {
  const flatInput = flatten<Tensor>(inputs);
  const flatOutputSize = flatten<number | TensorShape>(cell.output_size);
  const timeSteps = getitem(shape(flatInput[0]), 0);
  const batch = batchSizeOf(flatInput, 1);
  const shapes = flatInput.map((x) => {
    if (x.shape.ndims !== null && x.shape.ndims < 3) throw new ValueError(`Shape must be at least rank 3 but is rank ${x.shape.ndims} (inputs are [time, batch, depth])`);
    return x.shape;
  });
  const [constTime, constBatch] = shapes[0].dims ? [shapes[0].dims[0], shapes[0].dims[1]] : [null, null];
  for (const s of shapes) {
    if (s.dims === null || s.dims.slice(2).some((d) => d === null)) throw new ValueError('Input size (depth of inputs) must be accessible via shape inference, but saw value None.');
    if (s.dims[0] !== constTime) throw new ValueError('Time steps is not the same for all the elements in the input in a batch.');
    if (s.dims[1] !== constBatch) throw new ValueError('Batch_size is not the same for all the elements in the input.');
  }
  const outDtype = stateDtype(dtype, initial);
  const zeroOutputs = flatOutputSize.map((size) => {
    const dims = [batch, ...sizeDims(size)];
    const z = zeros(dims.some((d) => d instanceof Tensor) ? stack(dims) : dims as number[], outDtype);
    z.set_shape([typeof batch === 'number' ? batch : null, ...sizeDims(size)]);
    return z;
  });
  const maxLength = lengths ? reduce_max(lengths) : timeSteps;
  const time = convert_to_tensor(0, { dtype: int32, name: 'time' });
  const baseName = get_default_graph().name_scope('dynamic_rnn', (scope) => scope);
  const outputTas = flatOutputSize.map((size, i) => new GraphTensorArray(outDtype, {
    size: timeSteps, element_shape: [constBatch, ...sizeDims(size)], tensor_array_name: `${baseName}output_${i}`,
  }));
  const inputTas = flatInput.map((x, i) => new GraphTensorArray(x.dtype, {
    size: timeSteps, element_shape: x.shape.dims!.slice(1), tensor_array_name: `${baseName}input_${i}`,
  }).unstack(x));
  // At least one step runs, so the arrays learn their element shape.
  const loopBound = minimum(timeSteps, maximum(1, maxLength));
  const [, finalTas, finalState] = while_loop(
    (t: Tensor) => less(t, loopBound),
    (t: Tensor, tas: GraphTensorArray[], state: CellState) => {
      const stepInputs = inputTas.map((ta, k) => { const v = ta.read(t); v.set_shape(shapes[k].dims!.slice(1)); return v; });
      const packedInputs = pack_sequence_as(inputs, stepInputs);
      let [output, newState] = cell.__call__(packedInputs as Tensor, state);
      if (lengths) {
        assert_same_structure(state, newState);
        const finished = greater_equal(t, lengths);
        const flatOut = flatten<Tensor>(output).map((o, k) => copyThrough(finished, zeroOutputs[k], o));
        const flatOld = flatten<Tensor>(state);
        const flatNew = flatten<Tensor>(newState).map((s, k) => copyThrough(finished, flatOld[k], s));
        output = pack_sequence_as(output, flatOut);
        newState = pack_sequence_as(state, flatNew);
      }
      const flatOut = flatten<Tensor>(output);
      return [t.add(1), tas.map((ta, k) => ta.write(t, flatOut[k])), newState];
    },
    [time, outputTas, initial], { parallel_iterations: parallel, maximum_iterations: timeSteps, swap_memory: swap }) as [Tensor, GraphTensorArray[], CellState];
  const finalOutputs = finalTas.map((ta, k) => {
    const out = ta.stack();
    out.set_shape([constTime, constBatch, ...sizeDims(flatOutputSize[k])]);
    return out;
  });
  return [pack_sequence_as(cell.output_size, finalOutputs), finalState];
}

export interface BidirectionalOptions extends Omit<DynamicRNNOptions, 'initial_state'> {
  initial_state_fw?: CellState | null;
  initial_state_bw?: CellState | null;
}

/**
 * dynamic_rnn forwards (`fw`) and over the reversed sequences (`bw`, its outputs reversed back), in
 * `bidirectional_rnn/fw` and `bidirectional_rnn/bw`; returns `[[output_fw, output_bw], [state_fw, state_bw]]`.
 */
export const bidirectional_dynamic_rnn = pythonFunction('bidirectional_dynamic_rnn', ['cell_fw', 'cell_bw', 'inputs', 'sequence_length=None', 'initial_state_fw=None', 'initial_state_bw=None', 'dtype=None', 'parallel_iterations=None', 'swap_memory=False', 'time_major=False', 'scope=None'], 3, function bidirectional_dynamic_rnn(cell_fw: RNNCell, cell_bw: RNNCell, inputs: TensorLike, options: BidirectionalOptions = {}): [[Tensor, Tensor], [CellState, CellState]] {
  checkCell(cell_fw, 'bidirectional_dynamic_rnn');
  checkCell(cell_bw, 'bidirectional_dynamic_rnn');
  return variable_scope(options.scope ?? 'bidirectional_rnn', () => {
    const common = { sequence_length: options.sequence_length, dtype: options.dtype, parallel_iterations: options.parallel_iterations, swap_memory: options.swap_memory, time_major: options.time_major };
    // Each direction re-enters its variable scope object: variables `fw/...`, ops in `fw/fw/...` as in TF.
    const [outFw, stateFw] = variable_scope('fw', (fw) => dynamic_rnn(cell_fw, inputs, { ...common, initial_state: options.initial_state_fw, scope: fw }));
    const timeMajor = options.time_major ?? false;
    const [timeAxis, batchAxis] = timeMajor ? [0, 1] : [1, 0];
    const reverse = (x: Tensor) => {
      if (options.sequence_length !== undefined && options.sequence_length !== null) {
        return reverse_sequence(x, options.sequence_length, { seq_axis: timeAxis, batch_axis: batchAxis });
      }
      return getitem(x, ...(timeAxis === 0 ? [{ step: -1 }] : [{}, { step: -1 }]));
    };
    const [outBw, stateBw] = variable_scope('bw', (bw) => {
      const reversed = reverse(convert_to_tensor(inputs));
      const [o, s] = dynamic_rnn(cell_bw, reversed, { ...common, initial_state: options.initial_state_bw, scope: bw });
      return [reverse(o), s] as [Tensor, CellState];
    });
    return [[outFw, outBw], [stateFw, stateBw]];
  });
});

export interface StaticRNNOptions {
  initial_state?: CellState | null;
  dtype?: DType | string | null;
  sequence_length?: TensorLike | null;
  scope?: string | VariableScope | null;
}

/**
 * The cell unrolled over `inputs`, a list of [batch, depth] tensors (one per step); returns
 * `[outputs, final_state]`. With `sequence_length`, finished sequences keep their state and output zeros.
 */
export const static_rnn = pythonFunction('static_rnn', ['cell', 'inputs', 'initial_state=None', 'dtype=None', 'sequence_length=None', 'scope=None'], 2, function static_rnn(cell: RNNCell, inputs: readonly TensorLike[], options: StaticRNNOptions = {}): [Tensor[], CellState] {
  checkCell(cell, 'static_rnn');
  if (!Array.isArray(inputs)) throw new TFTypeError('inputs must be a sequence');
  if (inputs.length === 0) throw new ValueError('inputs must not be empty');
  return variable_scope(options.scope ?? 'rnn', () => {
    const xs = inputs.map((x) => convert_to_tensor(x));
    const first = xs[0];
    if (first.shape.ndims !== null && first.shape.dims![1] === null) throw new ValueError('Input size (dimension 1 of inputs) must be accessible via shape inference, but saw value None.');
    const batch = batchSizeOf(xs.map((x) => expand_dims(x, 0)), 1);
    const dtype = options.dtype ? as_dtype(options.dtype).base_dtype : null;
    let state = initialState(cell, options.initial_state, dtype, batch);
    let lengths: Tensor | null = null;
    let zeroOutput: Tensor | null = null;
    if (options.sequence_length !== undefined && options.sequence_length !== null) {
      lengths = identity(cast(convert_to_tensor(options.sequence_length), int32), { name: 'sequence_length' });
      const size = sizeDims(cell.output_size);
      zeroOutput = zeros(typeof batch === 'number' ? [batch, ...size] : stack([batch, ...size]), stateDtype(dtype, state));
      zeroOutput.set_shape([typeof batch === 'number' ? batch : null, ...size]);
    }
    const outputs: Tensor[] = [];
    xs.forEach((x, t) => {
      // Steps after the first reuse the cell's variables.
      let [out, next] = cell.__call__(x, state);
      if (lengths) {
        const finished = greater_equal(t, lengths);
        out = copyThrough(finished, zeroOutput!, out);
        const flatOld = flatten<Tensor>(state);
        next = pack_sequence_as(state, flatten<Tensor>(next).map((s, k) => copyThrough(finished, flatOld[k], s)));
      }
      outputs.push(out);
      state = next;
    });
    return [outputs, state];
  });
});

/** static_rnn forwards and over the reversed list; outputs are the two directions concatenated per step. */
export const static_bidirectional_rnn = pythonFunction('static_bidirectional_rnn', ['cell_fw', 'cell_bw', 'inputs', 'initial_state_fw=None', 'initial_state_bw=None', 'dtype=None', 'sequence_length=None', 'scope=None'], 3, function static_bidirectional_rnn(cell_fw: RNNCell, cell_bw: RNNCell, inputs: readonly TensorLike[], options: Omit<StaticRNNOptions, 'initial_state'> & { initial_state_fw?: CellState | null; initial_state_bw?: CellState | null } = {}): [Tensor[], CellState, CellState] {
  checkCell(cell_fw, 'static_bidirectional_rnn');
  checkCell(cell_bw, 'static_bidirectional_rnn');
  const lengths = options.sequence_length ?? null;
  // Each sequence reversed within its own length (TF's _reverse_seq: stacked, ReverseSequence, unstacked).
  const reverseList = (list: readonly Tensor[]): Tensor[] => {
    if (lengths === null) return [...list].reverse();
    return unstack(reverse_sequence(stack(list), lengths, { seq_axis: 0, batch_axis: 1 }));
  };
  const [outFw, stateFw, outBwReversed, stateBw] = variable_scope(options.scope ?? 'bidirectional_rnn', () => {
    const common = { dtype: options.dtype, sequence_length: lengths };
    const [outF, stateF] = variable_scope('fw', (fw) => static_rnn(cell_fw, inputs, { ...common, initial_state: options.initial_state_fw, scope: fw }));
    const [outB, stateB] = variable_scope('bw', (bw) => static_rnn(cell_bw, reverseList(inputs.map((x) => convert_to_tensor(x))), { ...common, initial_state: options.initial_state_bw, scope: bw }));
    return [outF, stateF, outB, stateB] as const;
  });
  // As in TF, the backward outputs are put back in order and joined to the forward ones outside the scope.
  const outBw = reverseList(outBwReversed);
  return [outFw.map((o, t) => concat([o, outBw[t]], 1)), stateFw, stateBw];
});

/** What raw_rnn's `loop_fn` returns: `[finished, next_input, next_cell_state, emit_output, next_loop_state]`. */
export type RawRNNStep = [TensorLike, TensorLike, CellState, Tensor | null, unknown];

/**
 * A loop over time driven by `loop_fn(time, cell_output, cell_state, loop_state)` (TF's raw_rnn): called
 * with `cell_output` null at time 0 for the initial input and state, then after every step; each step's
 * emitted output (the cell output unless loop_fn gives another) is written to a TensorArray. Returns
 * `[emit_ta, final_state, final_loop_state]`.
 */
export const raw_rnn = pythonFunction('raw_rnn', ['cell', 'loop_fn', 'parallel_iterations=None', 'swap_memory=False', 'scope=None'], 2, function raw_rnn(cell: RNNCell, loop_fn: (time: Tensor, cell_output: Tensor | null, cell_state: CellState | null, loop_state: unknown) => RawRNNStep,
  options: { parallel_iterations?: number | null; swap_memory?: boolean; scope?: string | null } = {}): [GraphTensorArray, CellState, unknown] {
  checkCell(cell, 'raw_rnn');
  if (typeof loop_fn !== 'function') throw new TFTypeError('loop_fn must be a callable');
  return variable_scope(options.scope ?? 'rnn', () => {
    const time = convert_to_tensor(0, { dtype: int32 });
    const [finished0, input0, state0, emit0, loopState0] = loop_fn(time, null, null, null);
    const finished = convert_to_tensor(finished0);
    if (finished.dtype.base_dtype !== bool) throw new TFTypeError(`raw_rnn: finished must be a boolean tensor, got ${finished.dtype.name}`);
    const firstInput = convert_to_tensor(input0);
    const state = state0;
    const size = sizeDims(cell.output_size);
    const outDtype = stateDtype(null, state);
    const emitStructure = emit0 ?? null;
    const emitDtype = emitStructure ? emitStructure.dtype.base_dtype : outDtype;
    const batch = batchSizeOf([expand_dims(firstInput, 0)], 1);
    const emitZeros = emitStructure
      ? zeros_like(emitStructure)
      : (() => { const z = zeros(typeof batch === 'number' ? [batch, ...size] : stack([batch, ...size]), emitDtype); z.set_shape([typeof batch === 'number' ? batch : null, ...size]); return z; })();
    const emitTa = new GraphTensorArray(emitDtype, { dynamic_size: true, size: 0, element_shape: emitZeros.shape });
    const hasLoopState = loopState0 !== null && loopState0 !== undefined;
    const [, emitFinal, stateFinal, loopStateFinal] = while_loop(
      (_t: Tensor, _ta: GraphTensorArray, _s: CellState, _ls: unknown, _in: Tensor, done: Tensor) => logical_not(reduce_all(done)),
      (t: Tensor, ta: GraphTensorArray, s: CellState, ls: unknown, input: Tensor, done: Tensor) => {
        const [output, cellState] = cell.__call__(input, s);
        const next = t.add(1);
        const [nextFinishedIn, nextInput, nextState, emitIn, nextLoopState] = loop_fn(next, output, cellState, hasLoopState ? ls : null);
        const nextFinished = convert_to_tensor(nextFinishedIn);
        const emit = emitIn ?? output;
        assert_same_structure(s, nextState);
        // Finished sequences emit zeros and keep their state.
        const emitted = copyThrough(done, emitZeros, emit);
        const flatOld = flatten<Tensor>(s);
        const keptState = pack_sequence_as(s, flatten<Tensor>(nextState).map((x, k) => copyThrough(done, flatOld[k], x)));
        return [next, ta.write(t, emitted), keptState, hasLoopState ? nextLoopState : ls, convert_to_tensor(nextInput), logical_or(done, nextFinished)];
      },
      [time, emitTa, state, hasLoopState ? loopState0 : convert_to_tensor(0), firstInput, finished],
      { parallel_iterations: options.parallel_iterations ?? 32, swap_memory: options.swap_memory ?? false }) as [Tensor, GraphTensorArray, CellState, unknown];
    return [emitFinal, stateFinal, hasLoopState ? loopStateFinal : null];
  });
});
