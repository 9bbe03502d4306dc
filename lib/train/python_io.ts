/** The `tf.python_io` namespace: TFRecord files. Re-exports only. */
export {
  TFRecordWriter, TFRecordOptions, TFRecordCompressionType, tf_record_iterator,
} from './tfrecord';
export type { CompressionType, TFRecordOptionsInit } from './tfrecord';
