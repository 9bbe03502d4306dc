/**
 * The `tf.metrics` namespace: streaming metrics as `[value, update_op]` pairs, each behind its TF 1.15 Python
 * signature.
 */
import { pythonFunction } from '../framework/python_signature';
import * as m from './metrics';

export type { Metric, MetricOptions, AucOptions } from './metrics';

const COLLECTIONS = ['weights=None', 'metrics_collections=None', 'updates_collections=None', 'name=None'] as const;
const PAIR = ['labels', 'predictions', ...COLLECTIONS] as const;

/** @example const [value, update] = tf.metrics.mean(losses); */
export const mean = pythonFunction('mean', ['values', ...COLLECTIONS], 1, m.mean);
/** @example const [acc, update] = tf.metrics.accuracy({labels, predictions: tf.argmax(logits, 1)}); */
export const accuracy = pythonFunction('accuracy', PAIR, 2, m.accuracy);
export const mean_squared_error = pythonFunction('mean_squared_error', PAIR, 2, m.mean_squared_error);
export const mean_absolute_error = pythonFunction('mean_absolute_error', PAIR, 2, m.mean_absolute_error);
export const true_positives = pythonFunction('true_positives', PAIR, 2, m.true_positives);
export const false_positives = pythonFunction('false_positives', PAIR, 2, m.false_positives);
export const false_negatives = pythonFunction('false_negatives', PAIR, 2, m.false_negatives);
export const true_negatives = pythonFunction('true_negatives', PAIR, 2, m.true_negatives);
export const precision = pythonFunction('precision', PAIR, 2, m.precision);
export const recall = pythonFunction('recall', PAIR, 2, m.recall);
/** @example const [auc, update] = tf.metrics.auc(labels, probabilities, {num_thresholds: 100}); */
export const auc = pythonFunction('auc', [
  'labels', 'predictions', 'weights=None', 'num_thresholds=200', 'metrics_collections=None', 'updates_collections=None',
  "curve='ROC'", 'name=None', "summation_method='trapezoidal'",
], 2, m.auc);
