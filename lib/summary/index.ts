/**
 * The `tf.summary` namespace: summary ops, FileWriter and the cache of writers. Re-exports only (and the
 * registration of the summary ops and kernels).
 */
import './summary_ops';
export { scalar, histogram, image, audio, text, tensor_summary, merge, merge_all, clean_tag } from './summary';
export type { SummaryOptions, ImageSummaryOptions, TensorSummaryOptions } from './summary';
export { FileWriter, FileWriterCache, EventFileWriter, FILE_VERSION } from './writer';
export type { FileWriterOptions, EventFileWriterOptions, SummaryInput } from './writer';
export { SessionStatus, LogMessageLevel } from '../proto';
export type {
  Summary, SummaryValue, SummaryMetadata, HistogramProto, Event, SessionLog, LogMessage, TaggedRunMetadata, RunMetadata,
} from '../proto';
