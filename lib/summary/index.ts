/**
 * The `tf.summary` namespace: summary ops, FileWriter and the cache of writers. Re-exports only (and the
 * registration of the summary ops and kernels).
 */
import './summary_ops';
import { pythonClass } from '../framework/python_signature';
import * as writer from './writer';
export { scalar, histogram, image, audio, text, tensor_summary, merge, merge_all, clean_tag } from './summary';
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
