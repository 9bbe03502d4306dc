/**
 * Training ops (TF's gen_training_ops): the fused optimizer updates. Each writes its variable and
 * slot variables in place of reading them, so every ref input is listed in `refInputs` and the op is
 * colocated with its variable, as TF does.
 */
import { Tensor } from '../framework/graph';
import { ValueError } from '../framework/errors';
import { registerOp } from '../framework/graph';
import { makeOp } from './op_builder';
import { OpType } from '../framework/op_types';

interface TrainingOpSpec {
  readonly type: OpType;
  /** Input names in TF's order; the ones written by the op come first. */
  readonly inputs: readonly string[];
  readonly refCount: number;
  readonly hasNesterov: boolean;
}

const SPECS: readonly TrainingOpSpec[] = [
  { type: 'ApplyGradientDescent', inputs: ['var', 'alpha', 'delta'], refCount: 1, hasNesterov: false },
  { type: 'ApplyMomentum', inputs: ['var', 'accum', 'lr', 'grad', 'momentum'], refCount: 2, hasNesterov: true },
  { type: 'ApplyAdam', inputs: ['var', 'm', 'v', 'beta1_power', 'beta2_power', 'lr', 'beta1', 'beta2', 'epsilon', 'grad'], refCount: 3, hasNesterov: true },
  { type: 'ApplyRMSProp', inputs: ['var', 'ms', 'mom', 'lr', 'rho', 'momentum', 'epsilon', 'grad'], refCount: 3, hasNesterov: false },
  { type: 'ApplyCenteredRMSProp', inputs: ['var', 'mg', 'ms', 'mom', 'lr', 'rho', 'momentum', 'epsilon', 'grad'], refCount: 4, hasNesterov: false },
  { type: 'ApplyAdagrad', inputs: ['var', 'accum', 'lr', 'grad'], refCount: 2, hasNesterov: false },
];

/** Input names of a training op type, in TF's order (kernels use them for messages). */
export const TRAINING_OP_INPUTS: ReadonlyMap<string, readonly string[]> = new Map(SPECS.map((s) => [s.type, s.inputs]));

for (const spec of SPECS) {
  registerOp({
    type: spec.type,
    stateful: true,
    refInputs: Array.from({ length: spec.refCount }, (_, i) => i),
    // The output is the updated variable itself (a ref), like Assign's.
    outputDtypes: (inputs) => [inputs[0].dtype],
    inferShapes: (op) => {
      const varShape = op.inputs[0].shape;
      for (let i = 1; i < op.inputs.length; i++) {
        const name = spec.inputs[i];
        const shape = op.inputs[i].shape;
        const isSlotOrGrad = i < spec.refCount || name === 'grad' || name === 'delta';
        if (isSlotOrGrad && !varShape.is_compatible_with(shape)) {
          throw new ValueError(`Shapes must be equal rank, but are ${varShape.ndims} and ${shape.ndims} for '${op.name}' (op: '${op.type}') with input shapes: ${op.inputs.map((t) => t.shape.debugString()).join(', ')}.`);
        }
        if (!isSlotOrGrad && shape.ndims !== null && shape.ndims !== 0) {
          throw new ValueError(`Shape must be rank 0 but is rank ${shape.ndims} for '${op.name}' (op: '${op.type}') with input shapes: ${op.inputs.map((t) => t.shape.debugString()).join(', ')}.`);
        }
      }
      return [varShape];
    },
  });
}

export interface ApplyOptions { use_locking?: boolean; use_nesterov?: boolean; name?: string }

/** Builds one training op; `inputs` follow TF's order for `type`. */
function applyOp(type: OpType, inputs: readonly Tensor[], options: ApplyOptions): Tensor {
  const spec = SPECS.find((s) => s.type === type)!;
  if (inputs.length !== spec.inputs.length) throw new ValueError(`${type} takes ${spec.inputs.length} inputs (${spec.inputs.join(', ')}), got ${inputs.length}`);
  for (let i = 0; i < spec.refCount; i++) {
    if (!inputs[i].dtype.is_ref_dtype) throw new ValueError(`${type} input '${spec.inputs[i]}' must be a variable (a ref tensor), got ${inputs[i]}`);
  }
  const attrs: Record<string, { type: Tensor['dtype'] } | { b: boolean }> = {
    T: { type: inputs[0].dtype.base_dtype },
    use_locking: { b: options.use_locking ?? false },
  };
  if (spec.hasNesterov) attrs.use_nesterov = { b: options.use_nesterov ?? false };
  return makeOp(type, inputs, attrs, options.name ?? type).outputs[0];
}

/** var -= alpha * delta. */
export function apply_gradient_descent(v: Tensor, alpha: Tensor, delta: Tensor, options: ApplyOptions = {}): Tensor {
  return applyOp('ApplyGradientDescent', [v, alpha, delta], options);
}
/** accum = accum * momentum + grad; var -= lr * accum (Nesterov: lr * grad + lr * momentum * accum). */
export function apply_momentum(v: Tensor, accum: Tensor, lr: Tensor, grad: Tensor, momentum: Tensor, options: ApplyOptions = {}): Tensor {
  return applyOp('ApplyMomentum', [v, accum, lr, grad, momentum], options);
}
/** Adam's update with bias correction through beta1_power and beta2_power. */
export function apply_adam(v: Tensor, m: Tensor, vSlot: Tensor, beta1_power: Tensor, beta2_power: Tensor, lr: Tensor, beta1: Tensor, beta2: Tensor, epsilon: Tensor, grad: Tensor, options: ApplyOptions = {}): Tensor {
  return applyOp('ApplyAdam', [v, m, vSlot, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad], options);
}
/** ms = rho*ms + (1-rho)*g²; mom = momentum*mom + lr*g/sqrt(ms+eps); var -= mom. */
export function apply_rms_prop(v: Tensor, ms: Tensor, mom: Tensor, lr: Tensor, rho: Tensor, momentum: Tensor, epsilon: Tensor, grad: Tensor, options: ApplyOptions = {}): Tensor {
  return applyOp('ApplyRMSProp', [v, ms, mom, lr, rho, momentum, epsilon, grad], options);
}
/** RMSProp normalised by the centered second moment (ms - mg²). */
export function apply_centered_rms_prop(v: Tensor, mg: Tensor, ms: Tensor, mom: Tensor, lr: Tensor, rho: Tensor, momentum: Tensor, epsilon: Tensor, grad: Tensor, options: ApplyOptions = {}): Tensor {
  return applyOp('ApplyCenteredRMSProp', [v, mg, ms, mom, lr, rho, momentum, epsilon, grad], options);
}
/** accum += g²; var -= lr * g / sqrt(accum). */
export function apply_adagrad(v: Tensor, accum: Tensor, lr: Tensor, grad: Tensor, options: ApplyOptions = {}): Tensor {
  return applyOp('ApplyAdagrad', [v, accum, lr, grad], options);
}

