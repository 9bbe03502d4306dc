/** The `tf.metrics` namespace: streaming metrics as `[value, update_op]` pairs. Re-exports only. */
export {
  mean, accuracy, mean_squared_error, mean_absolute_error, true_positives, false_positives, false_negatives, true_negatives,
  precision, recall, auc,
} from './metrics';
export type { Metric, MetricOptions, AucOptions } from './metrics';
