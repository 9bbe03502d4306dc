/** The `tf.data` namespace: datasets and TF1's iterators in graph mode. Re-exports only (and the dataset ops' registration). */
import './dataset_ops';
export { Dataset, Iterator, TextLineDataset, TFRecordDataset, make_one_shot_iterator, make_initializable_iterator } from './dataset';
export type { Nested } from './dataset';
