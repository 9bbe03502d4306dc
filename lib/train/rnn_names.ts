/**
 * The RNN variable names of TF ≤ 1.1 and those of TF ≥ 1.2 (TF's checkpoint_convert RNN_NAME_REPLACEMENTS), for
 * tf.contrib.rnn.checkpoint_convert and the hint Saver.restore gives when a checkpoint has the old names.
 */
const cellRenames = (cell: string, parts: readonly string[] = ['']): [string, string][] => parts.flatMap((p) => [
  [`${cell}${p}/weights`, `${cell}${p}/kernel`], [`${cell}${p}/biases`, `${cell}${p}/bias`],
] as [string, string][]);

/** Old substring → new, applied in this order to every name (TF's RNN_NAME_REPLACEMENTS). */
export const RNN_NAME_REPLACEMENTS: ReadonlyMap<string, string> = new Map<string, string>([
  ...cellRenames('basic_rnn_cell'),
  ...cellRenames('gru_cell', ['', '/gates', '/candidate']),
  ...cellRenames('basic_lstm_cell'),
  ...cellRenames('lstm_cell', ['', '/projection']),
  ...cellRenames('output_projection_wrapper'),
  ...cellRenames('input_projection_wrapper'),
  ...cellRenames('lstm_block_wrapper'),
  ...cellRenames('layer_norm_basic_lstm_cell'),
  ...cellRenames('ugrnn_cell'),
  ['nas_rnn/weights', 'nas_rnn/kernel'], ['nas_rnn/recurrent_weights', 'nas_rnn/recurrent_kernel'],
  ...cellRenames('intersection_rnn_cell', ['', '/in_projection']),
  ...cellRenames('phased_lstm_cell', ['/mask_gates', '/new_input', '/output_gate']),
  ...cellRenames('attention_cell_wrapper', ['', '/attn_output_projection', '/attention']),
  ...cellRenames('attention_decoder', ['', '/Attention_0', '/AttnOutputProjection']),
  // legacy_seq2seq's names before TF 1.1
  ['attention_decoder/Attention_0/Linear/Bias', 'attention_decoder/Attention_0/bias'],
  ['attention_decoder/Attention_0/Linear/Matrix', 'attention_decoder/Attention_0/kernel'],
  ['attention_decoder/AttnOutputProjection/Linear/Bias', 'attention_decoder/AttnOutputProjection/bias'],
  ['attention_decoder/AttnOutputProjection/Linear/Matrix', 'attention_decoder/AttnOutputProjection/kernel'],
  ['attention_decoder/LSTMCell/B', 'attention_decoder/lstm_cell/bias'],
  ['attention_decoder/LSTMCell/W_0', 'attention_decoder/lstm_cell/kernel'],
  ['attention_decoder/Linear/Bias', 'attention_decoder/bias'],
  ['attention_decoder/Linear/Matrix', 'attention_decoder/kernel'],
]);

/** A checkpoint name as TF ≥ 1.2 calls it (unchanged when it has no old RNN pattern). */
export function rnnNameReplacement(name: string): string {
  let out = name;
  for (const [pattern, replacement] of RNN_NAME_REPLACEMENTS) if (out.includes(pattern)) out = out.split(pattern).join(replacement);
  return out;
}

/**
 * The checkpoint's old RNN names that stand for `missing` names (old → new), for Saver.restore's NotFoundError:
 * an empty map when the missing names are not a matter of the rename.
 */
export function renamedRnnKeys(checkpointKeys: readonly string[], missing: readonly string[]): Map<string, string> {
  const wanted = new Set(missing);
  const found = new Map<string, string>();
  for (const key of checkpointKeys) {
    const renamed = rnnNameReplacement(key);
    if (renamed !== key && wanted.has(renamed)) found.set(key, renamed);
  }
  return found;
}

