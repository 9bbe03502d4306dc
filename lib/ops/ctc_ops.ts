/**
 * Connectionist temporal classification (TF's ctc_ops): the CTC loss with its fused gradient, the greedy
 * and beam search decoders (their results SparseTensors), and the label helpers collapse_repeated and
 * ctc_unique_labels. Inputs are logits `[max_time, batch, num_classes]`, the blank the last class.
 */
import { DType, bool, float32, float64, int32, int64 } from '../framework/dtypes';
import { Tensor, registerGradient, registerOp } from '../framework/graph';
import { TFTypeError, ValueError } from '../framework/errors';
import { Dim } from '../framework/tensor_shape';
import { TensorLike, checkDtype, convert_to_tensor, makeOp, opScope, typeAttr } from './op_builder';
import { checkRank, shapeError } from './shape_fns';
import { SparseTensor, SparseTensorImpl } from './sparse_tensor';
import { cast, less, logical_and, multiply, not_equal, range, reduce_max, reduce_sum, subtract } from './math_ops';
import { boolean_mask, concat, expand_dims, gather_nd, getitem, ones_like, pad, reshape, scatter_nd, sequence_mask, shape, stack, transpose, unique, where } from './array_ops';
import { map_fn } from './functional_ops';
import { registerNotDifferentiable } from './gradient_util';
import { pythonFunction } from '../framework/python_signature';

const FLOATS: readonly DType[] = [float32, float64];

// ---- declarations -----------------------------------------------------------------------------

/** Batch size of [max_time, batch, num_classes] inputs merged with sequence_length's, with TF's checks. */
function batchOf(op: { inputs: readonly Tensor[] } & Parameters<typeof shapeError>[0], seqAt: number): Dim {
  const [inputs] = op.inputs;
  checkRank(op, inputs, 3);
  checkRank(op, op.inputs[seqAt], 1);
  const b = inputs.shape.dims?.[1] ?? null, s = op.inputs[seqAt].shape.dims?.[0] ?? null;
  if (b !== null && s !== null && b !== s) throw shapeError(op, `Dimensions must be equal, but are ${b} and ${s}`);
  return b ?? s;
}

registerOp({
  type: 'CTCLoss',
  outputDtypes: (inputs) => [inputs[0].dtype.base_dtype, inputs[0].dtype.base_dtype],
  inferShapes: (op) => {
    const batch = batchOf(op, 3);
    checkRank(op, op.inputs[1], 2);
    checkRank(op, op.inputs[2], 1);
    const n1 = op.inputs[1].shape.dims?.[0] ?? null, n2 = op.inputs[2].shape.dims?.[0] ?? null;
    if (n1 !== null && n2 !== null && n1 !== n2) throw shapeError(op, `Dimensions must be equal, but are ${n1} and ${n2}`);
    const d = op.inputs[0].shape.dims ?? [null, null, null];
    return [[batch], [d[0], batch, d[2]]];
  },
});

registerOp({
  type: 'CTCGreedyDecoder',
  outputDtypes: (inputs) => [int64, int64, int64, inputs[0].dtype.base_dtype],
  inferShapes: (op) => { const batch = batchOf(op, 1); return [[null, 2], [null], [2], [batch, 1]]; },
});

registerOp({
  type: 'CTCBeamSearchDecoder',
  outputDtypes: (inputs, attrs) => {
    const n = Number((attrs.get('top_paths') as { i: number }).i);
    return [...Array<DType>(3 * n).fill(int64), inputs[0].dtype.base_dtype];
  },
  inferShapes: (op) => {
    const batch = batchOf(op, 1);
    const n = op.get_attr('top_paths') as number;
    return [...Array.from({ length: n }, () => [null, 2]), ...Array.from({ length: n }, () => [null]), ...Array.from({ length: n }, () => [2]), [batch, n]];
  },
});
registerNotDifferentiable('CTCGreedyDecoder', 'CTCBeamSearchDecoder');

// TF's _CTCLossGrad: the fused gradient output, scaled per example by the loss's gradient; no second derivative.
registerGradient('CTCLoss', (op, [gradLoss]) => {
  const guarded = makeOp('PreventGradient', [op.outputs[1]], {
    T: typeAttr(op.outputs[1]),
    message: { s: "Currently there is no way to take the second derivative of ctc_loss due to the fused implementation's interaction with tf.gradients()" },
  }, 'PreventGradient').outputs[0];
  return [multiply(expand_dims(gradLoss!, -1), guarded, { name: 'mul' }), null, null, null];
});

// ---- builders ---------------------------------------------------------------------------------

function inputsOf(inputs: TensorLike, what: string): Tensor {
  const t = convert_to_tensor(inputs, { name: 'inputs' });
  checkDtype(what, 'inputs', t, FLOATS);
  return t;
}
const int32Of = (v: TensorLike, name: string): Tensor => {
  const t = convert_to_tensor(v, { dtype: v instanceof Tensor ? undefined : int32, name });
  if (t.dtype.base_dtype !== int32) throw new TFTypeError(`Input '${name}' has type ${t.dtype.name} that does not match expected type of int32.`);
  return t;
};

interface CTCLossOptions {
  preprocess_collapse_repeated?: boolean; ctc_merge_repeated?: boolean; ignore_longer_outputs_than_inputs?: boolean; time_major?: boolean; logits?: TensorLike;
}

/**
 * The CTC loss (negative log probability) of each example's `labels` (a SparseTensor of int32 class
 * ids, the blank num_classes - 1 excluded) under `inputs` logits (time-major unless `time_major` is
 * false), as a CTCLoss op. Differentiable in the inputs through the op's fused gradient.
 * @example tf.nn.ctc_loss(labels, logits, seq_len)
 */
export const ctc_loss = pythonFunction('ctc_loss', ['labels', 'inputs=None', 'sequence_length=None', 'preprocess_collapse_repeated=False', 'ctc_merge_repeated=True', 'ignore_longer_outputs_than_inputs=False', 'time_major=True', 'logits=None'], 3, function ctc_loss(labels: SparseTensor, inputs: TensorLike | undefined, sequence_length: TensorLike | undefined, o: CTCLossOptions = {}): Tensor {
  if (!(labels instanceof SparseTensorImpl)) throw new TFTypeError('Expected labels (first argument) to be a SparseTensor');
  if (inputs !== undefined && inputs !== null && o.logits !== undefined && o.logits !== null) throw new ValueError("Cannot specify both 'inputs' and 'logits'");
  const logitsArg = inputs ?? o.logits;
  if (logitsArg === undefined || logitsArg === null || sequence_length === undefined) throw new TFTypeError("ctc_loss() missing required arguments: 'inputs' and 'sequence_length'");
  let x = inputsOf(logitsArg, 'CTCLoss');
  if (o.time_major === false) x = transpose(x, [1, 0, 2]);
  const values = labels.values;
  if (values.dtype.base_dtype !== int32) throw new TFTypeError(`Input 'labels_values' of 'CTCLoss' Op has type ${values.dtype.name} that does not match expected type of int32.`);
  const [loss] = makeOp('CTCLoss', [x, labels.indices, values, int32Of(sequence_length, 'sequence_length')], {
    preprocess_collapse_repeated: { b: o.preprocess_collapse_repeated ?? false }, ctc_merge_repeated: { b: o.ctc_merge_repeated ?? true },
    ignore_longer_outputs_than_inputs: { b: o.ignore_longer_outputs_than_inputs ?? false }, T: typeAttr(x),
  }, 'CTCLoss').outputs;
  return loss;
});

/** A static dimension, or its run-time value (TF's _get_dim). */
const dimOf = (t: Tensor, i: number): number | Tensor => t.shape.dims?.[i] ?? getitem(shape(t), i);

/**
 * TF 1.15's ctc_loss_v2: SparseTensor labels (then `blank_index` required) move the blank class last
 * and go through ctc_loss; dense `labels` `[batch, max_label_length]` with `label_length` are turned
 * into that SparseTensor first (TF builds the dense loss from scan ops instead: same values, other graph).
 * @example tf.nn.ctc_loss_v2(labels, logits, label_length, logit_length, {blank_index: 0})
 */
export const ctc_loss_v2 = pythonFunction('ctc_loss_v2', ['labels', 'logits', 'label_length', 'logit_length', 'logits_time_major=True', 'unique=None', 'blank_index=None', 'name=None'], 4, function ctc_loss_v2(labels: SparseTensor | TensorLike, logits: TensorLike, label_length: TensorLike | null, logit_length: TensorLike,
  o: { logits_time_major?: boolean; unique?: unknown; blank_index?: number | null; name?: string } = {}): Tensor {
  const sparse = labels instanceof SparseTensorImpl;
  if (sparse && (o.blank_index === undefined || o.blank_index === null)) throw new ValueError('blank_index must be given when using SparseTensor labels.');
  return opScope(o.name, sparse ? 'ctc_loss_v2' : 'ctc_loss_dense', [labels, logits, label_length, logit_length], () => {
    let x = convert_to_tensor(logits, { name: 'logits' });
    let sp: SparseTensor;
    if (sparse) sp = labels as SparseTensor;
    else {
      if (label_length === null) throw new ValueError('label_length must be given with dense labels');
      const dense = convert_to_tensor(labels as TensorLike, { name: 'labels' });
      const mask = sequence_mask(label_length, dimOf(dense, 1));
      const indices = where(mask);
      sp = new SparseTensorImpl(indices, cast(gather_nd(dense, indices), int32), shape(dense, { out_type: int64 }));
    }
    const classes = x.shape.dims?.[2] ?? null;
    let blank = o.blank_index ?? 0;
    if (blank < 0) {
      if (classes === null) throw new ValueError('a negative blank_index needs the number of classes known');
      blank += classes;
    }
    if (classes === null || blank !== classes - 1) {
      // The blank class moves last, the labels above it down by one, as TF does.
      const classAxis = 2;
      x = concat([sliceClasses(x, 0, blank), sliceClasses(x, blank + 1, null), sliceClasses(x, blank, blank + 1)], classAxis);
      const v = sp.values;
      sp = new SparseTensorImpl(sp.indices, where(less(v, blank), v, subtract(v, 1)), sp.dense_shape);
    }
    return ctc_loss(sp, x, logit_length, { time_major: o.logits_time_major ?? true });
  });
});

/** `x[:, :, begin:end]`. */
function sliceClasses(x: Tensor, begin: number, end: number | null): Tensor {
  return getitem(x, {}, {}, { start: begin, stop: end });
}

/** The decoder outputs as TF's Python wrapper returns them: one SparseTensor per path, then the log probabilities. */
function sparseResults(outs: readonly Tensor[], n: number): [SparseTensor[], Tensor] {
  return [Array.from({ length: n }, (_, i) => new SparseTensorImpl(outs[i], outs[n + i], outs[2 * n + i])), outs[3 * n]];
}

/**
 * Greedy (best path) decoding: the most likely class at each time step, repeats merged (with
 * `merge_repeated`) and blanks removed. Returns `[[decoded], neg_sum_logits]`, the second the negative
 * sum over time of each step's largest logit, `[batch, 1]`.
 * @example const [[decoded], negSumLogits] = tf.nn.ctc_greedy_decoder(logits, seq_len)
 */
export const ctc_greedy_decoder = pythonFunction('ctc_greedy_decoder', ['inputs', 'sequence_length', 'merge_repeated=True'], 2, function ctc_greedy_decoder(inputs: TensorLike, sequence_length: TensorLike, options: { merge_repeated?: boolean } = {}): [SparseTensor[], Tensor] {
  const x = inputsOf(inputs, 'CTCGreedyDecoder');
  const outs = makeOp('CTCGreedyDecoder', [x, int32Of(sequence_length, 'sequence_length')], { merge_repeated: { b: options.merge_repeated ?? true }, T: typeAttr(x) }, 'CTCGreedyDecoder').outputs;
  return sparseResults(outs, 1);
});

type BeamOptions = { beam_width?: number; top_paths?: number };

function beamSearch(inputs: TensorLike, sequence_length: TensorLike, o: BeamOptions, mergeRepeated: boolean): [SparseTensor[], Tensor] {
  const beamWidth = o.beam_width ?? 100, topPaths = o.top_paths ?? 1;
  if (!Number.isInteger(beamWidth) || beamWidth < 1) throw new ValueError(`Attr 'beam_width' of ${beamWidth} must be >= 1`);
  if (!Number.isInteger(topPaths) || topPaths < 1) throw new ValueError(`Attr 'top_paths' of ${topPaths} must be >= 1`);
  const x = inputsOf(inputs, 'CTCBeamSearchDecoder');
  const outs = makeOp('CTCBeamSearchDecoder', [x, int32Of(sequence_length, 'sequence_length')], {
    beam_width: { i: beamWidth }, top_paths: { i: topPaths }, merge_repeated: { b: mergeRepeated }, T: typeAttr(x),
  }, 'CTCBeamSearchDecoder').outputs;
  return sparseResults(outs, topPaths);
}

/**
 * Beam search decoding keeping `beam_width` prefixes, returning the `top_paths` most likely label
 * sequences (SparseTensors) and their log probabilities `[batch, top_paths]` (logits shifted by each
 * step's maximum, as TF scores them). With `merge_repeated` (TF 1.x's default) repeated labels in a
 * path are merged even when a blank separated them.
 * @example const [decoded, logProbs] = tf.nn.ctc_beam_search_decoder(logits, seq_len, {beam_width: 10, top_paths: 2})
 */
export const ctc_beam_search_decoder = pythonFunction('ctc_beam_search_decoder', ['inputs', 'sequence_length', 'beam_width=100', 'top_paths=1', 'merge_repeated=True'], 2, function ctc_beam_search_decoder(inputs: TensorLike, sequence_length: TensorLike, options: BeamOptions & { merge_repeated?: boolean } = {}): [SparseTensor[], Tensor] {
  return beamSearch(inputs, sequence_length, options, options.merge_repeated ?? true);
});
/** ctc_beam_search_decoder without merging repeated labels (TF 2's behaviour). */
export const ctc_beam_search_decoder_v2 = pythonFunction('ctc_beam_search_decoder_v2', ['inputs', 'sequence_length', 'beam_width=100', 'top_paths=1'], 2, function ctc_beam_search_decoder_v2(inputs: TensorLike, sequence_length: TensorLike, options: BeamOptions = {}): [SparseTensor[], Tensor] {
  return beamSearch(inputs, sequence_length, options, false);
});

/**
 * Merges repeated labels of each row of `labels` `[batch, max_len]` within its `seq_length`, as TF builds
 * it (`collapse_repeated_labels` scope). Returns `[collapsed labels [batch, new_max_len], new lengths]`.
 * @example tf.nn.collapse_repeated([[1, 1, 2, 2, 3]], [5]) // [[1, 2, 3]], [3]
 */
export const collapse_repeated = pythonFunction('collapse_repeated', ['labels', 'seq_length', 'name=None'], 2, function collapse_repeated(labels: TensorLike, seq_length: TensorLike, options: { name?: string } = {}): [Tensor, Tensor] {
  return opScope(options.name, 'collapse_repeated_labels', [labels, seq_length], () => {
    const l = convert_to_tensor(labels, { name: 'labels' });
    const seqLen = convert_to_tensor(seq_length, { name: 'seq_length' });
    const labelMask = concat([ones_like(getitem(l, {}, { stop: 1 }), { dtype: bool }), not_equal(getitem(l, {}, { start: 1 }), getitem(l, {}, { stop: -1 }))], 1);
    const seqMask = sequence_mask(seqLen, dimOf(l, 1));
    const mask = logical_and(labelMask, seqMask);
    const newSeqLen = reduce_sum(cast(mask, int32), 1);
    const newMaxlen = reduce_max(newSeqLen);
    const idxMask = sequence_mask(newSeqLen, newMaxlen);
    const flatLabels = reshape(l, [-1]), flatLabelMask = reshape(mask, [-1]), flatIdxMask = reshape(idxMask, [-1]);
    const idx = range(dimOf(flatIdxMask, 0));
    const flat = scatter_nd(expand_dims(boolean_mask(idx, flatIdxMask), 1), boolean_mask(flatLabels, flatLabelMask), shape(flatIdxMask));
    return [reshape(flat, [dimOf(l, 0), newMaxlen]), cast(newSeqLen, seqLen.dtype.base_dtype)];
  });
});

/**
 * Each row's unique labels in first-seen order, zero-padded to the row's length (int64), and each
 * label's index among them (int32), through map_fn and Unique as TF builds it.
 * @example tf.nn.ctc_unique_labels([[3, 4, 4, 3]]) // [[3, 4, 0, 0]], [[0, 1, 1, 0]]
 */
export const ctc_unique_labels = pythonFunction('ctc_unique_labels', ['labels', 'name=None'], 1, function ctc_unique_labels(labels: TensorLike, options: { name?: string } = {}): [Tensor, Tensor] {
  return opScope(options.name, 'ctc_unique_labels', [labels], () => {
    const l = convert_to_tensor(labels, { name: 'labels' });
    const out = map_fn((x: Tensor) => {
      const [y, idx] = unique(x);
      const padded = pad(y, expand_dims(stack([0, subtract(dimOf(idx, 0), dimOf(y, 0))]), 0));
      return [cast(padded, int64), idx];
    }, l, { dtype: [int64, int32] }) as Tensor[];
    return [out[0], out[1]];
  });
});
