/**
 * `tf.summary.scalar`, `histogram`, `image`, `audio`, `text`, `tensor_summary`, `merge`, `merge_all`:
 * the sub-graphs TF 1.15 builds (a name scope per summary whose name is the tag, the tag as a Const
 * inside it, the summary op named after the scope), collected in `GraphKeys.SUMMARIES`.
 */
import { DType, as_dtype, float16, float32, float64, string as stringDtype, uint8 } from '../framework/dtypes';
import { Graph, Tensor, get_default_graph, graphOf } from '../framework/graph';
import { GraphKeys } from '../framework/graph_keys';
import { ValueError } from '../framework/errors';
import { NDArray } from '../framework/ndarray';
import { TensorLike, checkDtype, convert_to_tensor, makeOp } from '../ops/op_builder';
import { SummaryMetadata, SummaryMetadataCodec } from '../proto';
import * as logging from '../train/logging';
import { defaultBadColor } from './summary_ops';

const REAL_NUMBER_TYPES: readonly DType[] = ['float32', 'float64', 'int32', 'uint8', 'int16', 'int8', 'int64', 'bfloat16', 'uint16', 'float16', 'uint32', 'uint64']
  .map((n) => as_dtype(n));
const IMAGE_TYPES: readonly DType[] = [uint8, float32, float16, float64];

/** TF's summary_op_util.clean_tag: characters outside `[-/\w.]` become `_`, leading slashes go. */
export function clean_tag(name: string): string;
export function clean_tag(name: string | null | undefined): string | null | undefined;
export function clean_tag(name: string | null | undefined): string | null | undefined {
  if (name === null || name === undefined) return name;
  let cleaned = name.replace(/[^-/\w.]/g, '_');
  cleaned = cleaned.replace(/^\/+/, '');
  if (cleaned !== name) logging.info(`Summary name ${name} is illegal; using ${cleaned} instead.`);
  return cleaned;
}

/** Opens the summary's name scope; `fn` gets the tag and the scope (TF's summary_op_util.summary_scope). */
function summaryScope<R>(name: string, family: string | null | undefined, values: readonly unknown[], fn: (tag: string, scope: string, g: Graph) => R): R {
  const cleanName = clean_tag(name);
  const cleanFamily = clean_tag(family);
  const base = cleanFamily ? `${cleanFamily}/${cleanName}` : cleanName;
  const g = values.length ? graphOf(values) : get_default_graph();
  return g.name_scope(base, (scope) => {
    const tag = cleanFamily ? `${cleanFamily}/${scope.replace(/\/+$/, '')}` : scope.replace(/\/+$/, '');
    return fn(tag, scope, g);
  });
}

function collect(g: Graph, value: Tensor, collections: readonly string[] | null | undefined, defaults: readonly string[]): void {
  for (const key of collections ?? defaults) g.add_to_collection(key, value);
}

function stringConst(value: string | Uint8Array, name: string): Tensor {
  return convert_to_tensor(NDArray.fromStrings([value], []), { name });
}

export interface SummaryOptions {
  /** Graph collections the summary op is added to (default: `[GraphKeys.SUMMARIES]`). */
  collections?: readonly string[] | null;
  /** Prefix of the tag and the scope, shown as a tab in TensorBoard. */
  family?: string | null;
}

/**
 * A `ScalarSummary` of a real-valued scalar.
 * @example const s = tf.summary.scalar('loss', loss); // node 'loss', tag 'loss'
 */
export function scalar(name: string, tensor: TensorLike, options: SummaryOptions = {}): Tensor {
  return summaryScope(name, options.family, [tensor], (tag, scope, g) => {
    const tags = stringConst(tag, 'tags');
    const values = convert_to_tensor(tensor, { name: 'values' });
    checkDtype('ScalarSummary', 'values', values, REAL_NUMBER_TYPES);
    const val = makeOp('ScalarSummary', [tags, values], { T: { type: values.dtype.base_dtype } }, scope).outputs[0];
    collect(g, val, options.collections, [GraphKeys.SUMMARIES]);
    return val;
  });
}

/** A `HistogramSummary` of any real-valued tensor (TF's bucket layout; NaN or Inf values fail at run time). */
export function histogram(name: string, values: TensorLike, options: SummaryOptions = {}): Tensor {
  return summaryScope(name, options.family, [values], (tag, scope, g) => {
    const tagT = stringConst(tag, 'tag');
    const v = convert_to_tensor(values, { name: 'values' });
    checkDtype('HistogramSummary', 'values', v, REAL_NUMBER_TYPES);
    const val = makeOp('HistogramSummary', [tagT, v], { T: { type: v.dtype.base_dtype } }, scope).outputs[0];
    collect(g, val, options.collections, [GraphKeys.SUMMARIES]);
    return val;
  });
}

export interface ImageSummaryOptions extends SummaryOptions {
  /** Images of the batch to keep (default 3). */
  max_outputs?: number;
}

/**
 * An `ImageSummary` of a `[batch, height, width, channels]` tensor (1, 3 or 4 channels), PNG-encoded;
 * float images are rescaled to [0, 255] as TF does.
 */
export function image(name: string, tensor: TensorLike, options: ImageSummaryOptions = {}): Tensor {
  const maxOutputs = options.max_outputs ?? 3;
  if (!Number.isInteger(maxOutputs) || maxOutputs < 1) throw new ValueError(`max_outputs must be a positive integer, got ${maxOutputs}`);
  return summaryScope(name, options.family, [tensor], (tag, scope, g) => {
    const tagT = stringConst(tag, 'tag');
    const t = convert_to_tensor(tensor, { name: 'tensor' });
    checkDtype('ImageSummary', 'tensor', t, IMAGE_TYPES);
    const val = makeOp('ImageSummary', [tagT, t], {
      max_images: { i: maxOutputs }, T: { type: t.dtype.base_dtype }, bad_color: { tensor: defaultBadColor() },
    }, scope).outputs[0];
    collect(g, val, options.collections, [GraphKeys.SUMMARIES]);
    return val;
  });
}

/** An `AudioSummaryV2` of float clips `[batch, frames]` or `[batch, frames, channels]` in [-1, 1], WAV-encoded. */
export function audio(name: string, tensor: TensorLike, sample_rate: TensorLike, options: ImageSummaryOptions = {}): Tensor {
  const maxOutputs = options.max_outputs ?? 3;
  if (!Number.isInteger(maxOutputs) || maxOutputs < 1) throw new ValueError(`max_outputs must be a positive integer, got ${maxOutputs}`);
  return summaryScope(name, options.family, [tensor], (tag, scope, g) => {
    const rate = convert_to_tensor(sample_rate, { dtype: float32, name: 'sample_rate' });
    const tagT = stringConst(tag, 'tag');
    const t = convert_to_tensor(tensor, { dtype: float32, name: 'tensor' });
    const val = makeOp('AudioSummaryV2', [tagT, t, rate], { max_outputs: { i: maxOutputs } }, scope).outputs[0];
    collect(g, val, options.collections, [GraphKeys.SUMMARIES]);
    return val;
  });
}

export interface TensorSummaryOptions extends SummaryOptions {
  summary_description?: string | null;
  summary_metadata?: SummaryMetadata | null;
  display_name?: string | null;
}

/** A `TensorSummaryV2`: the whole tensor in the Summary, with its SummaryMetadata (plugin data). */
export function tensor_summary(name: string, tensor: TensorLike, options: TensorSummaryOptions = {}): Tensor {
  const metadata: SummaryMetadata = { ...(options.summary_metadata ?? {}) };
  if (options.summary_description != null) metadata.summary_description = options.summary_description;
  if (options.display_name != null) metadata.display_name = options.display_name;
  const serialized = SummaryMetadataCodec.encode(metadata);
  return summaryScope(name, options.family, [tensor], (tag, scope, g) => {
    const tagT = stringConst(tag, 'tag');
    const t = convert_to_tensor(tensor, { name: 'tensor' });
    const meta = stringConst(serialized, 'serialized_summary_metadata');
    const val = makeOp('TensorSummaryV2', [tagT, t, meta], { T: { type: t.dtype.base_dtype } }, scope).outputs[0];
    collect(g, val, options.collections, [GraphKeys.SUMMARIES]);
    return val;
  });
}

/** A text summary: a string tensor shown by TensorBoard's text plugin (a TensorSummaryV2 with plugin 'text'). */
export function text(name: string, tensor: TensorLike, options: { collections?: readonly string[] | null } = {}): Tensor {
  const t = convert_to_tensor(tensor);
  if (t.dtype.base_dtype !== stringDtype) throw new ValueError(`Expected tensor ${t.name} to have dtype string, got ${t.dtype.name}`);
  return tensor_summary(name, t, { summary_metadata: { plugin_data: { plugin_name: 'text' } }, collections: options.collections });
}

/**
 * A `MergeSummary` of summary tensors: one Summary with all their values (duplicate tags fail at run time).
 * @example const merged = tf.summary.merge([s1, s2]);
 */
export function merge(inputs: readonly Tensor[], options: { collections?: readonly string[] | null; name?: string | null } = {}): Tensor {
  if (inputs.length === 0) throw new ValueError('merge needs at least one summary tensor');
  const name = clean_tag(options.name);
  const g = graphOf(inputs);
  return g.name_scope(name ?? 'Merge', () => {
    for (const t of inputs) checkDtype('MergeSummary', 'inputs', t, [stringDtype]);
    const val = makeOp('MergeSummary', inputs, { N: { i: inputs.length } }, name ?? undefined).outputs[0];
    collect(g, val, options.collections, []);
    return val;
  });
}

/**
 * Merges every summary of a collection (default `GraphKeys.SUMMARIES`), or returns null when it is empty.
 * @example const merged = tf.summary.merge_all(); const s = sess.run(merged);
 */
export function merge_all(options: { key?: string; scope?: string | null; name?: string | null } = {}): Tensor | null {
  const ops = get_default_graph().get_collection<Tensor>(options.key ?? GraphKeys.SUMMARIES, options.scope);
  if (ops.length === 0) return null;
  return merge(ops, { name: options.name });
}
