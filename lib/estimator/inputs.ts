/**
 * `tf.estimator.inputs.numpy_input_fn`: an input_fn over in-memory arrays (plain JS arrays or NDArrays),
 * batched, shuffled and repeated for `num_epochs` (null: forever). TF feeds them through queues; here
 * they go through a tf.data pipeline, with the same batches and the same end of input (OutOfRangeError).
 */
import { ValueError } from '../framework/errors';
import { pythonFunction } from '../framework/python_signature';
import { NDArray, NestedArray } from '../framework/ndarray';
import { Dataset } from '../data/dataset';
import { InputFn } from './estimator';

/** Plain JS arrays, typed arrays (an Int32Array of labels) or NDArrays. */
export type ArrayInput = NDArray | NestedArray | Int32Array | Float32Array | Float64Array;

function lengthOf(a: ArrayInput): number {
  if (a instanceof NDArray) return a.shape[0] ?? 1;
  if (ArrayBuffer.isView(a)) return (a as unknown as ArrayLike<unknown>).length;
  return Array.isArray(a) ? a.length : 1;
}

export interface NumpyInputFnOptions {
  y?: ArrayInput | null;
  batch_size?: number;
  num_epochs?: number | null;
  /** Required, as in TF (true for training, false for evaluation and prediction). */
  shuffle?: boolean;
  queue_capacity?: number;
  num_threads?: number;
}

/**
 * @example const input_fn = tf.estimator.inputs.numpy_input_fn({x: xs}, {y: ys, batch_size: 4, num_epochs: null, shuffle: true});
 */
export const numpy_input_fn = pythonFunction('numpy_input_fn', [
  'x: dict', 'y=None', 'batch_size=128', 'num_epochs=1', 'shuffle=None', 'queue_capacity=1000', 'num_threads=1',
], 1, function numpy_input_fn(x: ArrayInput | Readonly<Record<string, ArrayInput>>, options: NumpyInputFnOptions = {}): InputFn {
  if (typeof options.shuffle !== 'boolean') {
    throw new ValueError(`shuffle must be provided and explicitly set as boolean (it is recommended to set it as True for training); got ${String(options.shuffle)}`);
  }
  const batchSize = options.batch_size ?? 128;
  const epochs = options.num_epochs === undefined ? 1 : options.num_epochs;
  const features = x instanceof NDArray || Array.isArray(x) ? { __direct: x as ArrayInput } : (x as Record<string, ArrayInput>);
  const lengths = Object.values(features).map(lengthOf);
  const y = options.y ?? null;
  if (y !== null) lengths.push(lengthOf(y));
  if (new Set(lengths).size > 1) throw new ValueError(`Length of tensors in x and y is mismatched. All elements in x and y must have the same length.\nShapes in x: ${lengths}`);
  return () => {
    const direct = '__direct' in features;
    const featureDs = direct ? Dataset.from_tensor_slices(features.__direct as never) : Dataset.from_tensor_slices(features as never);
    let ds = y !== null ? Dataset.zip([featureDs, Dataset.from_tensor_slices(y as never)]) : featureDs;
    if (options.shuffle) ds = ds.shuffle(options.queue_capacity ?? 1000);
    ds = ds.repeat(epochs === null ? null : epochs).batch(batchSize);
    return ds;
  };
});
