/** The `tf.python_io` namespace: TFRecord files; the classes behind their TF 1.15 Python signatures. */
import { pythonClass, pythonFunction } from '../framework/python_signature';
import * as tfrecord from '../framework/tfrecord';

export { TFRecordCompressionType } from '../framework/tfrecord';
export const tf_record_iterator = pythonFunction('tf_record_iterator', ['path', 'options=None'], 2, tfrecord.tf_record_iterator);
export const TFRecordWriter = pythonClass('TFRecordWriter', ['path', 'options=None'], 2, tfrecord.TFRecordWriter);
export type TFRecordWriter = tfrecord.TFRecordWriter;
export const TFRecordOptions = pythonClass('TFRecordOptions', ['compression_type=None'], 1, tfrecord.TFRecordOptions);
export type TFRecordOptions = tfrecord.TFRecordOptions;
export type { CompressionType, TFRecordOptionsInit } from '../framework/tfrecord';
