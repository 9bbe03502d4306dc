/**
 * `tf.layers.Layer`: TF 1.15's graph-mode layer (the legacy tf.layers base over Keras's), with its
 * naming rules. A layer gets a graph-unique name from its class (`dense`, `dense_1` ...); on its first
 * call it opens a variable scope (default name: the layer's name, made unique in the enclosing
 * variable scope), creates its variables there with get_variable (`dense/kernel`), and builds its ops
 * in that scope's name scope. Later calls reuse the variables; `_reuse` (tf.layers' `reuse`) makes
 * even the first call reuse a scope of that name.
 */
import { DType, as_dtype } from '../framework/dtypes';
import { Graph, Operation, Tensor, get_default_graph } from '../framework/graph';
import { GraphKeys } from '../framework/graph_keys';
import { NotImplementedError, ValueError } from '../framework/errors';
import { ShapeLike, TensorShape, as_shape } from '../framework/tensor_shape';
import { TensorLike, convert_to_tensor } from '../ops/op_builder';
import { constantValue } from '../ops/schema_util';
import { cond } from '../ops/control_flow_ops';
import { getitem, shape } from '../ops/array_ops';
import { cast, divide } from '../ops/math_ops';
import { InitializerLike } from '../variables/initializers';
import { RefVariable } from '../variables/variables';
import { GotVariable, Reuse, VariableScope, get_variable, variable_scope } from '../variables/variable_scope';
import { Partitioner } from '../variables/partitioned_variables';

/** A function of a tensor (tf.nn.relu ...), as layers take for `activation`. */
export type Activation = (x: Tensor) => Tensor;
/** A weight's penalty, added to REGULARIZATION_LOSSES (null for none). */
export type LayerRegularizer = (weight: Tensor | RefVariable) => Tensor | null;

/** add_weight's options besides the partitioner. */
export interface WeightOptions {
  initializer?: InitializerLike | null; regularizer?: LayerRegularizer | null; trainable?: boolean; dtype?: DType | null;
}

export interface LayerOptions {
  name?: string | null;
  /** Whether the layer's weights go to TRAINABLE_VARIABLES (default true). */
  trainable?: boolean;
  /** dtype of the weights (default: the first input's). */
  dtype?: DType | string | null;
  /** tf.layers' `reuse`: reuse the variables of an earlier layer of the same name. */
  _reuse?: Reuse;
  /** The functions' `name`: the exact variable scope (not made unique), captured at construction, or the scope itself. */
  _scope?: string | VariableScope | null;
  /** Penalty on the layer's output, added to REGULARIZATION_LOSSES. */
  activity_regularizer?: LayerRegularizer | null;
}

/** The options of a layer with a kernel and a bias (Dense, the convolutions). */
export interface KernelLayerOptions extends LayerOptions {
  activation?: Activation | null;
  use_bias?: boolean;
  kernel_initializer?: InitializerLike | null;
  bias_initializer?: InitializerLike | null;
  kernel_regularizer?: LayerRegularizer | null;
  bias_regularizer?: LayerRegularizer | null;
}

/** TF's layer arguments with no implementation here: refused by name rather than ignored. */
const UNSUPPORTED_ARGUMENTS = [
  'kernel_constraint', 'bias_constraint', 'beta_constraint', 'gamma_constraint', 'depthwise_constraint', 'pointwise_constraint',
  'renorm', 'renorm_clipping', 'virtual_batch_size', 'adjustment',
] as const;

/** Keras's to_snake_case: `Conv2D` → `conv2d`, `BatchNormalization` → `batch_normalization`. */
export function to_snake_case(name: string): string {
  const intermediate = name.replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2');
  const insecure = intermediate.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  return insecure[0] === '_' ? `private${insecure}` : insecure;
}

/** Per graph, how many layers took each base name (Keras's PER_GRAPH_OBJECT_NAME_UIDS). */
const layerNameCounts = new WeakMap<Graph, Map<string, number>>();
function uniqueLayerName(base: string): string {
  const g = get_default_graph();
  let counts = layerNameCounts.get(g);
  if (!counts) layerNameCounts.set(g, counts = new Map());
  const n = counts.get(base) ?? 0;
  counts.set(base, n + 1);
  return n === 0 ? base : `${base}_${n}`;
}

function collectionAdd(g: Graph, key: string, values: readonly unknown[]): void {
  const existing = new Set(g.get_collection(key));
  for (const v of values) if (!existing.has(v)) g.add_to_collection(key, v);
}

/**
 * What every layer and RNN cell shares: its name, its variable scope (opened on first use) and the
 * weights it creates there. Layer adds the single-input call; RNN cells call with a state too.
 */
export abstract class ScopedLayer {
  readonly name: string;
  readonly trainable: boolean;
  protected dtype: DType | null;
  built = false;
  /** Updates to run with training steps (batch norm's moving averages), also put in UPDATE_OPS. */
  readonly updates: (Tensor | Operation)[] = [];
  /** Regularization losses of the weights and outputs, also put in REGULARIZATION_LOSSES. */
  readonly losses: Tensor[] = [];
  private readonly baseName: string;
  private readonly reuse: Reuse;
  private scope: VariableScope | null = null;
  private readonly trainableWeights: RefVariable[] = [];
  private readonly nonTrainableWeights: RefVariable[] = [];

  constructor(options: LayerOptions = {}) {
    for (const key of UNSUPPORTED_ARGUMENTS) {
      const value = (options as Record<string, unknown>)[key];
      if (value !== undefined && value !== null && value !== false) throw new NotImplementedError(`${this.constructor.name}: the argument ${key} is not supported`);
    }
    this.trainable = options.trainable ?? true;
    this.dtype = options.dtype ? as_dtype(options.dtype).base_dtype : null;
    this.reuse = options._reuse;
    const base = to_snake_case(this.constructor.name);
    if (options.name) {
      this.name = options.name;
      this.baseName = options.name;
    } else {
      this.name = uniqueLayerName(base);
      this.baseName = base;
    }
    if (options._scope instanceof VariableScope) {
      this.scope = options._scope;
    } else if (options._scope) {
      const captured = variable_scope(options._scope);
      this.scope = captured.value;
      captured.exit();
    }
  }

  /** The variable scope's name, once the layer has been called (`dense_1`). */
  get scope_name(): string {
    if (!this.scope) throw new ValueError(`No name available for layer scope because the layer "${this.name}" has not been used yet. The scope name  is determined the first time the layer instance is called. You must therefore call the layer before querying \`scope_name\`.`);
    return this.scope.name;
  }

  get trainable_weights(): RefVariable[] { return this.trainable ? [...this.trainableWeights] : []; }
  get non_trainable_weights(): RefVariable[] {
    return this.trainable ? [...this.nonTrainableWeights] : [...this.trainableWeights, ...this.nonTrainableWeights];
  }
  get weights(): RefVariable[] { return [...this.trainable_weights, ...this.non_trainable_weights]; }
  get trainable_variables(): RefVariable[] { return this.trainable_weights; }
  get non_trainable_variables(): RefVariable[] { return this.non_trainable_weights; }
  get variables(): RefVariable[] { return this.weights; }

  /**
   * Runs `fn` (the layer's computation on `x`) in the layer's variable scope and name scope, building
   * the layer for `x`'s shape first; updates it adds go to UPDATE_OPS.
   */
  protected inLayerScope<R>(x: Tensor, fn: () => R): R {
    if (x.graph !== get_default_graph()) throw new ValueError(`Input graph and Layer graph are not the same: ${x} is not from the default graph`);
    if (!this.scope) {
      const enclose = this.reuse
        ? variable_scope(this.baseName)
        : variable_scope(null, { default_name: this.baseName });
      this.scope = enclose.value;
      enclose.exit();
    }
    const reuse = this.built ? true : this.reuse;
    return variable_scope(this.scope, { reuse, auxiliary_name_scope: false }, () => {
      const g = x.graph;
      return g.name_scope(this.scope!.original_name_scope || null, () => {
        const updatesBefore = this.updates.length;
        if (!this.built) {
          this.dtype ??= x.dtype.base_dtype;
          this.build(x.shape);
          this.built = true;
        }
        const out = fn();
        collectionAdd(g, GraphKeys.UPDATE_OPS, this.updates.slice(updatesBefore));
        return out;
      });
    });
  }

  /** Creates the layer's weights for an input of this shape (called once, before the first `call`). */
  protected build(_input_shape: TensorShape): void { /* layers without weights build nothing */ }

  /**
   * Creates (or, when reusing, gets) a weight through get_variable in the layer's variable scope; a
   * regularizer adds its loss for a newly created weight only.
   */
  add_weight(name: string, shape: ShapeLike, options: WeightOptions & { partitioner: Partitioner }): GotVariable;
  add_weight(name: string, shape: ShapeLike, options?: WeightOptions): RefVariable;
  add_weight(name: string, shape: ShapeLike, options: WeightOptions & { partitioner?: Partitioner | null } = {}): GotVariable {
    const trainable = (options.trainable ?? true) && this.trainable;
    const g = get_default_graph();
    const existing = new Set(g.get_collection(GraphKeys.GLOBAL_VARIABLES));
    const v = get_variable(name, {
      shape: as_shape(shape), dtype: options.dtype ?? this.dtype ?? undefined, initializer: options.initializer ?? null, trainable,
      ...(options.partitioner ? { partitioner: options.partitioner } : {}),
    });
    // A partitioned weight is tracked, and regularized, as its parts, as TF's Layer.add_weight does.
    const parts = v instanceof RefVariable ? [v] : [...v];
    (trainable ? this.trainableWeights : this.nonTrainableWeights).push(...parts);
    const reg = options.regularizer;
    if (reg) {
      for (const part of parts.filter((p) => !existing.has(p))) {
        const loss = g.name_scope(`${name}/Regularizer`, () => reg(part));
        if (loss) this.addLoss(loss);
      }
    }
    return v;
  }

  protected addLoss(loss: Tensor): void {
    this.losses.push(loss);
    collectionAdd(loss.graph, GraphKeys.REGULARIZATION_LOSSES, [loss]);
  }

  protected addUpdate(update: Tensor | Operation): void { this.updates.push(update); }
}

export abstract class Layer extends ScopedLayer {
  private readonly activityRegularizer: LayerRegularizer | null;

  constructor(options: LayerOptions = {}) {
    super(options);
    this.activityRegularizer = options.activity_regularizer ?? null;
  }

  /** Calls the layer on `inputs` (TF's `layer.apply` / `layer(inputs)`), building it on first use. */
  apply(inputs: TensorLike, options: { training?: boolean | Tensor | null } = {}): Tensor {
    return this.__call__(inputs, options);
  }

  __call__(inputs: TensorLike, options: { training?: boolean | Tensor | null } = {}): Tensor {
    const x = convert_to_tensor(inputs);
    return this.inLayerScope(x, () => {
      const out = this.call(x, options);
      if (this.activityRegularizer) {
        const loss = x.graph.name_scope('ActivityRegularizer', () => this.activityRegularizer!(out));
        // Keras averages the penalty over the batch.
        if (loss) this.addLoss(divide(loss, cast(getitem(shape(out), 0), loss.dtype)));
      }
      return out;
    });
  }

  /** The layer's computation on one input. */
  protected abstract call(inputs: Tensor, options: { training?: boolean | Tensor | null }): Tensor;

  /** The output shape for an input shape. */
  abstract compute_output_shape(input_shape: ShapeLike): TensorShape;

  override toString(): string { return `<tf.layers.${this.constructor.name} '${this.name}'>`; }
}

/** The static value of a `training` argument, when there is one (TF's tf_utils.constant_value). */
export function constantBool(pred: boolean | Tensor | null | undefined): boolean | null {
  if (pred === null || pred === undefined) return null;
  if (typeof pred === 'boolean') return pred;
  const v = constantValue(pred);
  return v ? Boolean(v.values[0]) : null;
}

/** `tf.cond` unless the predicate is known when the graph is built (TF's tf_utils.smart_cond). */
export function smartCond(pred: boolean | Tensor, trueFn: () => Tensor, falseFn: () => Tensor): Tensor {
  const known = constantBool(pred);
  if (known !== null) return known ? trueFn() : falseFn();
  return cond(pred as Tensor, trueFn, falseFn);
}

/** Keras's conv_utils.normalize_tuple: an int or an n-list of ints. */
export function normalizeTuple(value: number | readonly number[], n: number, name: string): number[] {
  const list = typeof value === 'number' ? Array<number>(n).fill(value) : [...value];
  if (list.length !== n || !list.every((x) => Number.isInteger(x))) {
    throw new ValueError(`The \`${name}\` argument must be a tuple of ${n} integers. Received: ${JSON.stringify(value)}`);
  }
  return list;
}

export type PaddingMode = 'valid' | 'same' | 'VALID' | 'SAME';
/** Keras's conv_utils.normalize_padding: `valid` or `same`, any case. */
export function normalizePadding(padding: string): 'valid' | 'same' {
  const p = String(padding).toLowerCase();
  if (p !== 'valid' && p !== 'same') throw new ValueError(`The \`padding\` argument must be one of "valid", "same". Received: ${padding}`);
  return p;
}

export type DataFormat = 'channels_last' | 'channels_first';
export function normalizeDataFormat(value: string | null | undefined): DataFormat {
  const v = (value ?? 'channels_last').toLowerCase();
  if (v !== 'channels_last' && v !== 'channels_first') {
    throw new ValueError(`The \`data_format\` argument must be one of "channels_first", "channels_last". Received: ${value}`);
  }
  return v;
}
