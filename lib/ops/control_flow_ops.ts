/**
 * Control ops: no_op, group and control dependencies.
 */
import { Operation, Tensor, TensorConvertible, get_default_graph } from '../framework/graph';
import { registerOp } from './registry';
import { makeOp, opScope } from './op_builder';
import { ValueError } from '../framework/errors';

registerOp({ type: 'NoOp', outputDtypes: () => [] });

/** An op that does nothing; useful as a target carrying control dependencies. */
export function no_op(options: { name?: string } = {}): Operation {
  return makeOp('NoOp', [], {}, options.name ?? 'NoOp', get_default_graph());
}

type Runnable = Operation | Tensor | TensorConvertible;

function opOf(x: Runnable): Operation {
  return x instanceof Operation ? x : x instanceof Tensor ? x.op : x._as_tensor().op;
}

/**
 * An op that runs all `inputs` (a NoOp with control inputs; per-device NoOps first when they differ).
 * @example const train = tf.group([update_w, update_b], {name: 'train'});
 */
export function group(inputs: readonly Runnable[], options: { name?: string } = {}): Operation {
  const ops = inputs.map(opOf);
  return opScope(options.name, 'group_deps', ops, (scope, g) => {
    if (ops.length === 0) return makeOp('NoOp', [], {}, scope, g);
    const byDevice = new Map<string, Operation[]>();
    for (const op of ops) {
      const list = byDevice.get(op.device) ?? [];
      list.push(op);
      byDevice.set(op.device, list);
    }
    const noOpOn = (device: string, deps: Operation[], name: string) =>
      g.control_dependencies(deps, () => g.device(device, () => makeOp('NoOp', [], {}, name, g)));
    if (byDevice.size === 1) {
      const [[device, deps]] = [...byDevice];
      return noOpOn(device, deps, scope);
    }
    const perDevice = [...byDevice.keys()].sort().map((d) => noOpOn(d, byDevice.get(d)!, 'NoOp'));
    return g.control_dependencies(perDevice, () => makeOp('NoOp', [], {}, scope, g));
  });
}

/**
 * Ops created in `fn` run only after `control_inputs` (null clears outer dependencies).
 * @example tf.control_dependencies([update], () => tf.identity(x))
 */
export function control_dependencies<R>(control_inputs: readonly Runnable[] | null, fn: () => R): R {
  return get_default_graph().control_dependencies(control_inputs, fn);
}

/**
 * `output_tensor` passed through an Identity that runs only after `dependencies`
 * (`control_dependency`, colocated with the tensor).
 */
export function with_dependencies(dependencies: readonly Runnable[], output_tensor: Tensor, options: { name?: string } = {}): Tensor {
  return opScope(options.name, 'control_dependency', [...dependencies, output_tensor], (scope, g) =>
    g.colocate_with(output_tensor.op, () => g.control_dependencies(dependencies, () =>
      makeOp('Identity', [output_tensor], { T: { type: output_tensor.dtype.base_dtype } }, scope, g).outputs[0])));
}

/**
 * Returns `tensors` after all of them are computed (TF's tf.tuple): a `group_deps` gate over their
 * ops, then one `control_dependency` Identity per tensor; null entries stay null.
 */
export function tuple(tensors: readonly Tensor[], options?: { name?: string; control_inputs?: readonly Runnable[] }): Tensor[];
export function tuple(tensors: readonly (Tensor | null)[], options?: { name?: string; control_inputs?: readonly Runnable[] }): (Tensor | null)[];
export function tuple(tensors: readonly (Tensor | null)[], options: { name?: string; control_inputs?: readonly Runnable[] } = {}): (Tensor | null)[] {
  const present = tensors.filter((t): t is Tensor => t !== null);
  return opScope(options.name, 'tuple', present, () => {
    const gating = [...new Set([...present.map((t) => t.op), ...(options.control_inputs ?? []).map(opOf)])].sort((a, b) => a._id - b._id);
    if (gating.length === 0) throw new ValueError(`Must have at least one Tensor: ${tensors.map(String).join(', ')}`);
    const gate = group(gating);
    return tensors.map((t) => (t === null ? null : with_dependencies([gate], t)));
  });
}
