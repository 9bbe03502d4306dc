/**
 * The global step (TF's training_util): an int64 scalar variable named `global_step` in the
 * GLOBAL_STEP collection, counted up by `Optimizer.minimize(..., {global_step})`.
 */
import { int64 } from '../framework/dtypes';
import { Graph, Tensor, get_default_graph } from '../framework/graph';
import { TFTypeError, ValueError } from '../framework/errors';
import { GraphKeys } from '../framework/graph_keys';
import { RefVariable } from '../variables/variables';
import { get_variable } from '../variables/variable_scope';
import { zeros_initializer } from '../variables/initializers';
import { pythonFunction } from '../framework/python_signature';

/** A global step: a variable or its tensor (an imported graph may only have the tensor). */
export type GlobalStep = RefVariable | Tensor;

/** Checks that `global_step` is an integer scalar, as TF's assert_global_step does. */
export const assert_global_step = pythonFunction('assert_global_step', ['global_step_tensor'], 1, function assert_global_step(global_step: GlobalStep): void {
  const dtype = global_step.dtype.base_dtype;
  if (!dtype.is_integer) throw new TFTypeError(`Existing "global_step" does not have integer type: ${dtype.name}`);
  const shape = global_step.shape;
  if (shape.ndims !== 0 && shape.is_fully_defined()) throw new TFTypeError(`Existing "global_step" is not scalar: ${shape}`);
});

/**
 * The graph's global step: the single item of the GLOBAL_STEP collection, else the tensor named
 * `global_step:0`, else null (also null, as in TF, when the collection holds several).
 */
export const get_global_step = pythonFunction('get_global_step', ['graph=None'], 1, function get_global_step(graph: Graph = get_default_graph()): GlobalStep | null {
  const items = graph.get_collection<GlobalStep>(GraphKeys.GLOBAL_STEP);
  let step: GlobalStep | null;
  if (items.length === 1) step = items[0];
  else if (items.length === 0) {
    try { step = graph.get_tensor_by_name('global_step:0'); } catch { return null; }
  } else return null;
  assert_global_step(step);
  return step;
});

/** Creates the global step; ValueError when one exists. */
export const create_global_step = pythonFunction('create_global_step', ['graph=None'], 1, function create_global_step(graph: Graph = get_default_graph()): RefVariable {
  if (get_global_step(graph) !== null) throw new ValueError('"global_step" already exists.');
  return graph.as_default(() => graph.name_scope(null, () => get_variable(GraphKeys.GLOBAL_STEP, {
    shape: [], dtype: int64, initializer: zeros_initializer(), trainable: false,
    collections: [GraphKeys.GLOBAL_VARIABLES, GraphKeys.GLOBAL_STEP],
  })));
});

/** The graph's global step, created when missing. @example const step = tf.train.get_or_create_global_step(); */
export const get_or_create_global_step = pythonFunction('get_or_create_global_step', ['graph=None'], 1, function get_or_create_global_step(graph: Graph = get_default_graph()): GlobalStep {
  return get_global_step(graph) ?? create_global_step(graph);
});

/** The global step's current value in `sess`. */
export const global_step = pythonFunction('global_step', ['sess', 'global_step_tensor'], 2, function global_step(sess: { run(fetch: Tensor): { item(): number | boolean | string } }, global_step_tensor: GlobalStep): number {
  const t = global_step_tensor instanceof Tensor ? global_step_tensor : global_step_tensor._as_tensor();
  return Number(sess.run(t).item());
});
