/**
 * `tf.feature_column` (TF 1.x's feature_column.py) for dense numbers: `numeric_column`; `linear_model`,
 * the weighted sum the linear estimators build, with TF's scopes and variable names
 * (`linear_model/<column>/weights`, `linear_model/bias_weights`); `input_layer`, the DNN estimators' input.
 */
import { DType, as_dtype, float32 } from '../framework/dtypes';
import { Tensor } from '../framework/graph';
import { ValueError } from '../framework/errors';
import { GraphKeys } from '../framework/graph_keys';
import { DTypeLike } from '../ops/op_builder';
import { concat, expand_dims, getitem, reshape, shape as shapeOf } from '../ops/array_ops';
import { cast } from '../ops/gen_math_ops';
import { add_n, matmul } from '../ops/math_ops';
import { bias_add } from '../ops/nn_ops';
import { pythonFunction } from '../framework/python_signature';
import { get_variable, variable_scope } from '../variables/variable_scope';
import { zeros_initializer } from '../variables/initializers';
import { RefVariable } from '../variables/variables';
import { PartitionedVariable } from '../variables/partitioned_variables';

/** A dense numeric feature (TF's `_NumericColumn`): `features[key]`, of `shape` per example, as float32. */
export class NumericColumn {
  constructor(readonly key: string, readonly shape: readonly number[], readonly dtype: DType, readonly normalizer_fn: ((t: Tensor) => Tensor) | null) {}
  get name(): string { return this.key; }
  /** How many numbers one example holds. */
  get num_elements(): number { return this.shape.reduce((a, b) => a * b, 1); }

  /** The column's tensor for a batch: rank 1 input expanded to [batch, 1], normalized, as float32. */
  transform(features: Readonly<Record<string, Tensor>>): Tensor {
    const raw = features[this.key];
    if (raw === undefined) throw new ValueError(`The feature ${this.key} is not in features dictionary.`);
    let t = raw.shape.ndims === 1 ? expand_dims(raw, -1) : raw;
    if (this.normalizer_fn) t = this.normalizer_fn(t);
    return cast(t, float32, { name: 'ToFloat' });
  }

  toString(): string { return `_NumericColumn(key='${this.key}', shape=(${this.shape.join(', ')},), default_value=None, dtype=${this.dtype.name}, normalizer_fn=${this.normalizer_fn ? 'fn' : 'None'})`; }
}

/**
 * A dense numeric column.
 * @example tf.feature_column.numeric_column('age')
 */
export const numeric_column = pythonFunction('numeric_column', ['key', 'shape=(1,)', 'default_value=None', 'dtype=tf.float32', 'normalizer_fn=None'], 1,
  function numeric_column(key: string, options: { shape?: number | readonly number[]; default_value?: null; dtype?: DTypeLike; normalizer_fn?: ((t: Tensor) => Tensor) | null } = {}): NumericColumn {
    if (typeof key !== 'string' || key === '') throw new ValueError(`key must be a string. Got: ${String(key)}`);
    const shape = options.shape === undefined ? [1] : typeof options.shape === 'number' ? [options.shape] : [...options.shape];
    if (shape.some((d) => !Number.isInteger(d) || d < 1)) throw new ValueError(`shape dimensions must be greater than 0. shape: (${shape.join(', ')}), key: ${key}`);
    if (options.default_value !== undefined && options.default_value !== null) {
      throw new ValueError(`numeric_column ${key}: default_value is for parsing examples, which the linear model here does not do; leave it None`);
    }
    const dtype = as_dtype(options.dtype ?? float32);
    if (!dtype.is_integer && !dtype.is_floating) throw new ValueError(`dtype must be convertible to float. dtype: ${dtype.name}, key: ${key}`);
    return new NumericColumn(key, shape, dtype, options.normalizer_fn ?? null);
  });

/** A column's tensor as rows of its numbers: [batch, num_elements] (in the column's scope). */
function denseRows(column: NumericColumn, features: Readonly<Record<string, Tensor>>): Tensor {
  const tensor = column.transform(features);
  return reshape(tensor, [getitem(shapeOf(tensor), 0), column.num_elements]);
}

function checkColumns(feature_columns: readonly NumericColumn[]): NumericColumn[] {
  if (!feature_columns.length) throw new ValueError('feature_columns must not be empty.');
  for (const c of feature_columns) if (!(c instanceof NumericColumn)) throw new ValueError(`Items of feature_columns must be a _FeatureColumn. Given: ${String(c)}.`);
  return [...feature_columns].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The columns' numbers side by side (TF's `input_layer`): under `input_layer/`, per column in name order its
 * [batch, num_elements] rows, then their concat.
 * @example const net = tf.feature_column.input_layer(features, [tf.feature_column.numeric_column('x', {shape: [3]})]);
 */
export const input_layer = pythonFunction('input_layer', ['features', 'feature_columns', 'weight_collections=None', 'trainable=True', 'cols_to_vars=None', 'cols_to_output_tensors=None'], 2,
  function input_layer(features: Readonly<Record<string, Tensor>>, feature_columns: readonly NumericColumn[]): Tensor {
    const ordered = checkColumns(feature_columns);
    return variable_scope(null, { default_name: 'input_layer', values: Object.values(features) }, () =>
      concat(ordered.map((column) => variable_scope(null, { default_name: column.name }, () => denseRows(column, features))), 1));
  });

export interface LinearModelOptions {
  units?: number;
  /** Collections the weights join besides GLOBAL_VARIABLES and MODEL_VARIABLES. */
  weight_collections?: readonly string[] | null;
  trainable?: boolean;
  /** Filled with each column's weights (and `bias` with the bias), as TF's cols_to_vars. */
  cols_to_vars?: Map<NumericColumn | 'bias', (RefVariable | PartitionedVariable)> | null;
}

/**
 * The logits of a linear model over `feature_columns` (TF's `linear_model`): under `linear_model/`, per
 * column in name order a `weights` variable [num_elements, units] and its `weighted_sum`, then
 * `weighted_sum_no_bias` (AddN), `bias_weights` [units] and `weighted_sum` (BiasAdd).
 */
export const linear_model = pythonFunction('linear_model', ['features', 'feature_columns', 'units=1', "sparse_combiner='sum'", 'weight_collections=None', 'trainable=True', 'cols_to_vars=None'], 2,
  function linear_model(features: Readonly<Record<string, Tensor>>, feature_columns: readonly NumericColumn[], options: LinearModelOptions & { sparse_combiner?: string } = {}): Tensor {
    const units = options.units ?? 1;
    const ordered = checkColumns(feature_columns);
    const collections = [...(options.weight_collections ?? [])];
    for (const k of [GraphKeys.GLOBAL_VARIABLES, GraphKeys.MODEL_VARIABLES]) if (!collections.includes(k)) collections.push(k);
    const trainable = options.trainable ?? true;
    return variable_scope(null, { default_name: 'linear_model', values: Object.values(features) }, () => {
      const sums = ordered.map((column) =>
        variable_scope(null, { default_name: column.name }, () => {
          const flat = denseRows(column, features);
          const weights = get_variable('weights', [column.num_elements, units], { initializer: zeros_initializer(), trainable, collections });
          options.cols_to_vars?.set(column, weights);
          return matmul(flat, weights, { name: 'weighted_sum' });
        }));
      const noBias = add_n(sums, { name: 'weighted_sum_no_bias' });
      const bias = get_variable('bias_weights', [units], { initializer: zeros_initializer(), trainable, collections });
      options.cols_to_vars?.set('bias', bias);
      return bias_add(noBias, bias, { name: 'weighted_sum' });
    });
  });
