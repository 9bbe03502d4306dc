/**
 * `tf.metrics` as TF 1.15's metrics_impl builds them: each metric opens a variable scope (its name,
 * default the metric's), keeps its running state in local variables (LOCAL_VARIABLES and
 * METRIC_VARIABLES, initialised by `tf.local_variables_initializer()`), and returns `[value, update_op]`:
 * running `update_op` folds a batch in and returns the new value; `value` reads it.
 */
import { DType, bool, float32 } from '../framework/dtypes';
import { Tensor } from '../framework/graph';
import { GraphKeys } from '../framework/graph_keys';
import { ValueError } from '../framework/errors';
import { TensorLike, convert_to_tensor } from '../ops/op_builder';
import { getitem, identity, reshape, size, squeeze, where, zeros } from '../ops/array_ops';
import {
  abs, add, cast, div_no_nan, equal, greater, logical_and, maximum, multiply, reduce_sum, squared_difference, subtract,
  truediv,
} from '../ops/math_ops';
import { control_dependencies } from '../ops/control_flow_ops';
import { RefVariable, Variable } from '../variables/variables';
import { variable_scope } from '../variables/variable_scope';

export interface MetricOptions {
  weights?: TensorLike | null;
  /** Collections the value tensor is added to. */
  metrics_collections?: readonly string[] | null;
  /** Collections the update op is added to. */
  updates_collections?: readonly string[] | null;
  name?: string | null;
}

/** `[value, update_op]`. */
export type Metric = [Tensor, Tensor];

/** A zero-initialised local variable of the metric (TF's metric_variable). */
function metricVariable(shape: number[], dtype: DType, name: string): RefVariable {
  return Variable(() => zeros(shape, { dtype }), {
    name, trainable: false, collections: [GraphKeys.LOCAL_VARIABLES, GraphKeys.METRIC_VARIABLES],
  });
}

function addTo(collections: readonly string[] | null | undefined, t: Tensor): void {
  for (const key of collections ?? []) t.graph.add_to_collection(key, t);
}

/** Squeezes a trailing size-1 dimension so labels, predictions and weights line up (TF's _remove_squeezable_dimensions). */
function removeSqueezable(predictions: Tensor, labels: Tensor | null, weights: Tensor | null): [Tensor, Tensor | null, Tensor | null] {
  let p = predictions, l = labels, w = weights;
  if (l) {
    const pr = p.shape.ndims, lr = l.shape.ndims;
    if (pr !== null && lr !== null) {
      if (pr - lr === 1 && p.shape.dims![pr - 1] === 1) p = squeeze(p, [-1]);
      else if (lr - pr === 1 && l.shape.dims![lr - 1] === 1) l = squeeze(l, [-1]);
    }
    if (!p.shape.is_compatible_with(l.shape)) throw new ValueError(`Shapes ${p.shape} and ${l.shape} are incompatible`);
  }
  if (w) {
    const pr = p.shape.ndims, wr = w.shape.ndims;
    if (pr !== null && wr !== null && wr - pr === 1 && w.shape.dims![wr - 1] === 1) w = squeeze(w, [-1]);
  }
  return [p, l, w];
}

/** Weights as float32, multiplied out to the values' shape (TF's broadcast_weights). */
function broadcastWeights(weights: Tensor, values: Tensor): Tensor {
  const w = cast(weights, float32);
  if (w.shape.is_fully_defined() && values.shape.is_fully_defined() && w.shape.toString() === values.shape.toString()) return w;
  return multiply(w, add(zeros(values.shape.is_fully_defined() ? values.shape.toNumbers() : [1], { dtype: float32 }), 1), { name: 'broadcast_weights' });
}

/**
 * The running (weighted) mean of `values`: variables `mean/total`, `mean/count`.
 * @example const [m, update] = tf.metrics.mean(loss);
 */
export function mean(values: TensorLike, options: MetricOptions = {}): Metric {
  return variable_scope(options.name ?? null, { default_name: 'mean', values: [values, options.weights] }, () => {
    let v = cast(convert_to_tensor(values), float32);
    const total = metricVariable([], float32, 'total');
    const count = metricVariable([], float32, 'count');
    let numValues: Tensor;
    if (options.weights === null || options.weights === undefined) {
      numValues = cast(size(v), float32);
    } else {
      const [vs, , w] = removeSqueezable(v, null, convert_to_tensor(options.weights));
      const bw = broadcastWeights(w!, vs);
      v = multiply(vs, bw);
      numValues = reduce_sum(bw);
    }
    const updateTotal = total.assign_add(reduce_sum(v)) as Tensor;
    const updateCount = control_dependencies([v], () => count.assign_add(numValues) as Tensor);
    const value = div_no_nan(total, maximum(count, 0), { name: 'value' });
    addTo(options.metrics_collections, value);
    const update = div_no_nan(updateTotal, maximum(updateCount, 0), { name: 'update_op' });
    addTo(options.updates_collections, update);
    return [value, update] as Metric;
  });
}

/**
 * How often `predictions` equal `labels`: the mean of `equal(predictions, labels)`, scope `accuracy`.
 * @example const [acc, accUpdate] = tf.metrics.accuracy(labels, tf.argmax(logits, 1));
 */
export function accuracy(labels: TensorLike, predictions: TensorLike, options: MetricOptions = {}): Metric {
  let [p, l, w] = removeSqueezable(convert_to_tensor(predictions), convert_to_tensor(labels), options.weights == null ? null : convert_to_tensor(options.weights));
  if (l!.dtype.base_dtype !== p.dtype.base_dtype) p = cast(p, l!.dtype.base_dtype);
  const isCorrect = cast(equal(p, l!), float32);
  return mean(isCorrect, { ...options, weights: w, name: options.name ?? 'accuracy' });
}

/** mean((labels - predictions)²), scope `mean_squared_error`. */
export function mean_squared_error(labels: TensorLike, predictions: TensorLike, options: MetricOptions = {}): Metric {
  const [p, l, w] = removeSqueezable(convert_to_tensor(predictions), convert_to_tensor(labels), options.weights == null ? null : convert_to_tensor(options.weights));
  return mean(squared_difference(l!, p), { ...options, weights: w, name: options.name ?? 'mean_squared_error' });
}

/** mean(|predictions - labels|), scope `mean_absolute_error`. */
export function mean_absolute_error(labels: TensorLike, predictions: TensorLike, options: MetricOptions = {}): Metric {
  const [p, l, w] = removeSqueezable(convert_to_tensor(predictions), convert_to_tensor(labels), options.weights == null ? null : convert_to_tensor(options.weights));
  return mean(abs(subtract(p, l!, { name: 'sub' })), { ...options, weights: w, name: options.name ?? 'mean_absolute_error' });
}

/** A running count of the elements where `condition` holds (TF's _count_condition). */
function countCondition(condition: Tensor, weights: Tensor | null, options: MetricOptions): Metric {
  const count = metricVariable([], float32, 'count');
  let values = cast(condition, float32);
  if (weights) values = multiply(values, broadcastWeights(weights, values));
  const value = identity(count);
  addTo(options.metrics_collections, value);
  const update = count.assign_add(reduce_sum(values)) as Tensor;
  addTo(options.updates_collections, update);
  return [value, update];
}

type Confusion = 'true_positives' | 'false_positives' | 'false_negatives' | 'true_negatives';
const CONDITION: Record<Confusion, [boolean, boolean]> = {
  true_positives: [true, true], false_positives: [false, true], false_negatives: [true, false], true_negatives: [false, false],
};

function confusionCount(kind: Confusion, labels: TensorLike, predictions: TensorLike, options: MetricOptions): Metric {
  return variable_scope(options.name ?? null, { default_name: kind, values: [predictions, labels, options.weights] }, () => {
    const [p, l, w] = removeSqueezable(cast(convert_to_tensor(predictions), bool), cast(convert_to_tensor(labels), bool),
      options.weights == null ? null : convert_to_tensor(options.weights));
    const [labelValue, predictionValue] = CONDITION[kind];
    const hit = logical_and(equal(l!, labelValue), equal(p, predictionValue));
    return countCondition(hit, w, options);
  });
}

/** Running count of labels and predictions both true. */
export function true_positives(labels: TensorLike, predictions: TensorLike, options: MetricOptions = {}): Metric { return confusionCount('true_positives', labels, predictions, options); }
/** Running count of false labels predicted true. */
export function false_positives(labels: TensorLike, predictions: TensorLike, options: MetricOptions = {}): Metric { return confusionCount('false_positives', labels, predictions, options); }
/** Running count of true labels predicted false. */
export function false_negatives(labels: TensorLike, predictions: TensorLike, options: MetricOptions = {}): Metric { return confusionCount('false_negatives', labels, predictions, options); }
/** Running count of labels and predictions both false. */
export function true_negatives(labels: TensorLike, predictions: TensorLike, options: MetricOptions = {}): Metric { return confusionCount('true_negatives', labels, predictions, options); }

/** tp / (tp + other) where positive, else 0 (precision and recall). */
function ratio(tp: Tensor, other: Tensor, name: string): Tensor {
  const sum = add(tp, other, { name: 'add' });
  return where(greater(sum, 0), truediv(tp, sum), 0, { name });
}

function ratioMetric(defaultName: string, otherKind: Confusion, labels: TensorLike, predictions: TensorLike, options: MetricOptions): Metric {
  return variable_scope(options.name ?? null, { default_name: defaultName, values: [predictions, labels, options.weights] }, () => {
    const [p, l, w] = removeSqueezable(cast(convert_to_tensor(predictions), bool), cast(convert_to_tensor(labels), bool),
      options.weights == null ? null : convert_to_tensor(options.weights));
    const inner: MetricOptions = { weights: w };
    const [tp, tpUpdate] = true_positives(l!, p, inner);
    const [other, otherUpdate] = confusionCount(otherKind, l!, p, inner);
    const value = ratio(tp, other, 'value');
    addTo(options.metrics_collections, value);
    const update = ratio(tpUpdate, otherUpdate, 'update_op');
    addTo(options.updates_collections, update);
    return [value, update] as Metric;
  });
}

/** tp / (tp + fp), scope `precision`. @example const [p, update] = tf.metrics.precision(labels, predictions); */
export function precision(labels: TensorLike, predictions: TensorLike, options: MetricOptions = {}): Metric {
  return ratioMetric('precision', 'false_positives', labels, predictions, options);
}

/** tp / (tp + fn), scope `recall`. */
export function recall(labels: TensorLike, predictions: TensorLike, options: MetricOptions = {}): Metric {
  return ratioMetric('recall', 'false_negatives', labels, predictions, options);
}

export interface AucOptions extends MetricOptions {
  num_thresholds?: number;
  curve?: 'ROC' | 'PR';
  summation_method?: 'trapezoidal' | 'minoring' | 'majoring';
}

/**
 * Area under the ROC (or PR) curve from confusion counts at `num_thresholds` thresholds spread over
 * [0, 1] (TF's auc: thresholds -1e-7, i/(n-1) ..., 1 + 1e-7; trapezoidal sums; predictions in [0, 1]).
 * @example const [auc, update] = tf.metrics.auc(labels, probabilities);
 */
export function auc(labels: TensorLike, predictions: TensorLike, options: AucOptions = {}): Metric {
  const n = options.num_thresholds ?? 200;
  if (!Number.isInteger(n) || n < 2) throw new ValueError(`num_thresholds must be an integer > 1, got ${n}`);
  const curve = options.curve ?? 'ROC';
  if (curve !== 'ROC' && curve !== 'PR') throw new ValueError(`curve must be either ROC or PR, ${curve} unknown`);
  const method = options.summation_method ?? 'trapezoidal';
  return variable_scope(options.name ?? null, { default_name: 'auc', values: [labels, predictions, options.weights] }, () => {
    const kEpsilon = 1e-7;
    const thresholds = [0 - kEpsilon, ...Array.from({ length: n - 2 }, (_, i) => (i + 1) / (n - 1)), 1 + kEpsilon];
    const p = reshape(cast(convert_to_tensor(predictions), float32), [1, -1]);
    const l = reshape(cast(convert_to_tensor(labels), bool), [1, -1]);
    const thresh = reshape(convert_to_tensor(thresholds, { dtype: float32 }), [n, 1]);
    const predPos = greater(p, thresh);                                  // [n, batch]
    const labelPos = l;                                                  // [1, batch], broadcast against [n, batch]
    const w = options.weights == null ? null : reshape(cast(convert_to_tensor(options.weights), float32), [1, -1]);
    const counts = (cond: Tensor) => {
      const c = cast(cond, float32);
      return reduce_sum(w ? multiply(c, w) : c, 1);
    };
    const notPred = equal(predPos, false), notLabel = equal(labelPos, false);
    const kinds: [string, Tensor][] = [
      ['true_positives', logical_and(labelPos, predPos)], ['false_negatives', logical_and(labelPos, notPred)],
      ['true_negatives', logical_and(notLabel, notPred)], ['false_positives', logical_and(notLabel, predPos)],
    ];
    const vars = kinds.map(([name]) => metricVariable([n], float32, name));
    const updates = kinds.map(([, cond], i) => vars[i].assign_add(counts(cond)) as Tensor);
    const epsilon = 1e-6;
    const computeAuc = ([tp, fn, tn, fp]: Tensor[], name: string): Tensor => {
      const rec = truediv(add(tp, epsilon), add(add(tp, fn), epsilon));
      let x: Tensor, y: Tensor;
      if (curve === 'ROC') { x = truediv(fp, add(add(fp, tn), epsilon)); y = rec; } else { x = rec; y = truediv(add(tp, epsilon), add(add(tp, fp), epsilon)); }
      const dx = subtract(getitem(x, { stop: n - 1 }), getitem(x, { start: 1 }));
      const yLeft = getitem(y, { stop: n - 1 }), yRight = getitem(y, { start: 1 });
      const height = method === 'trapezoidal' ? truediv(add(yLeft, yRight), 2)
        : method === 'minoring' ? where(greater(yLeft, yRight), yRight, yLeft) : maximum(yLeft, yRight);
      return reduce_sum(multiply(dx, height), null, { name });
    };
    const value = computeAuc(vars.map((v) => convert_to_tensor(v)), 'value');
    addTo(options.metrics_collections, value);
    const update = computeAuc(updates, 'update_op');
    addTo(options.updates_collections, update);
    return [value, update] as Metric;
  });
}
