/**
 * The `tf.io` namespace as TF 1.15 aliases it (tools/api/golden/v1/tensorflow.io.pbtxt): the parsing functions and
 * feature configurations, TFRecord files, the file ops, the queues and `tf.io.gfile`. Re-exports only.
 */
export {
  FixedLenFeature, FixedLenSequenceFeature, VarLenFeature, SparseFeature, parse_example, parse_single_example, decode_raw, decode_csv,
  serialize_tensor, parse_tensor, parse_single_sequence_example, decode_json_example, decode_compressed,
} from './ops/parsing_ops';
export { serialize_sparse, serialize_many_sparse, deserialize_many_sparse } from './ops/sparse_serialize';
export { PaddingFIFOQueue, PriorityQueue, QueueBase, RandomShuffleQueue } from './ops/queue_ops';
export { read_file, write_file, matching_files } from './ops/reader_ops';
export { match_filenames_once } from './data/input';
export { write_graph } from './train/graph_io';
export { TFRecordCompressionType, TFRecordOptions, TFRecordWriter, tf_record_iterator } from './train/python_io';
export * as gfile from './platform/gfile';
export { encode_base64, decode_base64 } from './ops/base64_ops';
export { decode_jpeg, decode_and_crop_jpeg, encode_jpeg, extract_jpeg_shape, io_decode_image as decode_image } from './ops/jpeg_ops';
export { decode_png, decode_gif, decode_bmp, is_jpeg } from './ops/image_ops';
