/**
 * The `tf.summary` namespace: summary ops, FileWriter and the cache of writers. Re-exports only (and the
 * registration of the summary ops and kernels).
 */
import './summary_ops';
import { pythonClass, pythonFunction } from '../framework/python_signature';
import * as summary from './summary';
import * as writer from './writer';
export { clean_tag } from './summary';

// The summary ops, each behind its TF 1.15 Python signature.
/** @example tf.summary.scalar('loss', loss) */
export const scalar = pythonFunction('scalar', ['name', 'tensor', 'collections=None', 'family=None'], 2, summary.scalar);
/** @example tf.summary.histogram('weights', w) */
export const histogram = pythonFunction('histogram', ['name', 'values', 'collections=None', 'family=None'], 2, summary.histogram);
/** @example tf.summary.image('input', images, {max_outputs: 4}) */
export const image = pythonFunction('image', ['name', 'tensor', 'max_outputs=3', 'collections=None', 'family=None'], 2, summary.image);
export const audio = pythonFunction('audio', ['name', 'tensor', 'sample_rate', 'max_outputs=3', 'collections=None', 'family=None'], 3, summary.audio);
export const text = pythonFunction('text', ['name', 'tensor', 'collections=None'], 2, summary.text);
export const tensor_summary = pythonFunction('tensor_summary', [
  'name', 'tensor', 'summary_description=None', 'collections=None', 'summary_metadata=None', 'family=None', 'display_name=None',
], 2, summary.tensor_summary);
/** @example const merged = tf.summary.merge([loss_summary, acc_summary]) */
export const merge = pythonFunction('merge', ['inputs', 'collections=None', 'name=None'], 1, summary.merge);
/** @example const merged = tf.summary.merge_all() */
export const merge_all = pythonFunction('merge_all', ["key='summaries'", 'scope=None', 'name=None'], 0, summary.merge_all);
export type { SummaryOptions, ImageSummaryOptions, TensorSummaryOptions } from './summary';
export { FileWriterCache, EventFileWriter, FILE_VERSION } from './writer';
export const FileWriter = pythonClass('FileWriter', [
  'logdir', 'graph=None', 'max_queue=10', 'flush_secs=120', 'graph_def=None', 'filename_suffix=None',
], 2, writer.FileWriter);
export type FileWriter = writer.FileWriter;
export type { FileWriterOptions, EventFileWriterOptions, SummaryInput } from './writer';
export { SessionStatus, LogMessageLevel } from '../proto';
export type {
  Summary, SummaryValue, SummaryMetadata, HistogramProto, Event, SessionLog, LogMessage, TaggedRunMetadata, RunMetadata,
} from '../proto';
