/**
 * Training ops (TF's gen_training_ops): the fused optimizer updates. Each writes its variable and
 * slot variables in place of reading them, so every ref input is listed in `refInputs` and the op is
 * colocated with its variable, as TF does.
 */
import { Operation, Tensor } from '../framework/graph';
import { resource } from '../framework/dtypes';
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
  { type: 'ApplyFtrl', inputs: ['var', 'accum', 'linear', 'grad', 'lr', 'l1', 'l2', 'lr_power'], refCount: 3, hasNesterov: false },
  { type: 'ApplyAdadelta', inputs: ['var', 'accum', 'accum_update', 'lr', 'rho', 'epsilon', 'grad'], refCount: 3, hasNesterov: false },
  { type: 'ApplyProximalGradientDescent', inputs: ['var', 'alpha', 'l1', 'l2', 'delta'], refCount: 1, hasNesterov: false },
  { type: 'ApplyProximalAdagrad', inputs: ['var', 'accum', 'lr', 'l1', 'l2', 'grad'], refCount: 2, hasNesterov: false },
  { type: 'ApplyAdagradDA', inputs: ['var', 'gradient_accumulator', 'gradient_squared_accumulator', 'grad', 'lr', 'l1', 'l2', 'global_step'], refCount: 3, hasNesterov: false },
];

/** The sparse updates (TF's SparseApply*): the Apply op's inputs plus `indices` after `grad`, updating those rows only. */
const SPARSE_SPECS: readonly TrainingOpSpec[] = [
  { type: 'SparseApplyMomentum', inputs: ['var', 'accum', 'lr', 'grad', 'indices', 'momentum'], refCount: 2, hasNesterov: true },
  { type: 'SparseApplyRMSProp', inputs: ['var', 'ms', 'mom', 'lr', 'rho', 'momentum', 'epsilon', 'grad', 'indices'], refCount: 3, hasNesterov: false },
  { type: 'SparseApplyCenteredRMSProp', inputs: ['var', 'mg', 'ms', 'mom', 'lr', 'rho', 'momentum', 'epsilon', 'grad', 'indices'], refCount: 4, hasNesterov: false },
  { type: 'SparseApplyAdagrad', inputs: ['var', 'accum', 'lr', 'grad', 'indices'], refCount: 2, hasNesterov: false },
  { type: 'SparseApplyFtrl', inputs: ['var', 'accum', 'linear', 'grad', 'indices', 'lr', 'l1', 'l2', 'lr_power'], refCount: 3, hasNesterov: false },
  { type: 'SparseApplyAdadelta', inputs: ['var', 'accum', 'accum_update', 'lr', 'rho', 'epsilon', 'grad', 'indices'], refCount: 3, hasNesterov: false },
  { type: 'SparseApplyProximalGradientDescent', inputs: ['var', 'alpha', 'l1', 'l2', 'grad', 'indices'], refCount: 1, hasNesterov: false },
  { type: 'SparseApplyProximalAdagrad', inputs: ['var', 'accum', 'lr', 'l1', 'l2', 'grad', 'indices'], refCount: 2, hasNesterov: false },
  { type: 'SparseApplyAdagradDA', inputs: ['var', 'gradient_accumulator', 'gradient_squared_accumulator', 'grad', 'indices', 'lr', 'l1', 'l2', 'global_step'], refCount: 3, hasNesterov: false },
];
/** The ResourceApply op of each Apply op: the same inputs, with handles in place of the written refs. */
export const RESOURCE_APPLY: ReadonlyMap<OpType, OpType> = new Map<OpType, OpType>([
  ['ApplyGradientDescent', 'ResourceApplyGradientDescent'], ['ApplyMomentum', 'ResourceApplyMomentum'],
  ['ApplyAdam', 'ResourceApplyAdam'], ['ApplyRMSProp', 'ResourceApplyRMSProp'],
  ['ApplyCenteredRMSProp', 'ResourceApplyCenteredRMSProp'], ['ApplyAdagrad', 'ResourceApplyAdagrad'],
  ['ApplyFtrl', 'ResourceApplyFtrl'], ['ApplyAdadelta', 'ResourceApplyAdadelta'],
  ['ApplyProximalGradientDescent', 'ResourceApplyProximalGradientDescent'], ['ApplyProximalAdagrad', 'ResourceApplyProximalAdagrad'],
  ['ApplyAdagradDA', 'ResourceApplyAdagradDA'],
]);

/** Input names of a training op type (Apply and ResourceApply), in TF's order (kernels use them for messages). */
export const TRAINING_OP_INPUTS: ReadonlyMap<string, readonly string[]> = new Map([
  ...SPECS.flatMap((s) => [[s.type, s.inputs] as const, [RESOURCE_APPLY.get(s.type)!, s.inputs] as const]),
  ...SPARSE_SPECS.map((s) => [s.type, s.inputs] as const),
]);

// The ResourceApply ops write through their handles and have no output.
for (const spec of SPECS) registerOp({ type: RESOURCE_APPLY.get(spec.type)!, stateful: true, outputDtypes: () => [] });

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

/**
 * Builds one training op; `inputs` follow TF's order for `type`. Variables given by their handles (resource
 * variables) get the ResourceApply op of `type`; refs get `type` itself.
 */
function applyOp(type: OpType, inputs: readonly Tensor[], options: ApplyOptions): Operation {
  const spec = SPECS.find((s) => s.type === type)!;
  if (inputs.length !== spec.inputs.length) throw new ValueError(`${type} takes ${spec.inputs.length} inputs (${spec.inputs.join(', ')}), got ${inputs.length}`);
  const viaHandles = inputs[0].dtype.base_dtype === resource;
  for (let i = 0; i < spec.refCount; i++) {
    const ok = viaHandles ? inputs[i].dtype.base_dtype === resource : inputs[i].dtype.is_ref_dtype;
    if (!ok) throw new ValueError(`${type} input '${spec.inputs[i]}' must be a variable (${viaHandles ? 'a resource handle' : 'a ref tensor'}), got ${inputs[i]}`);
  }
  const valueDtype = inputs[spec.inputs.indexOf(spec.inputs.includes('grad') ? 'grad' : 'delta')].dtype.base_dtype;
  const attrs: Record<string, { type: Tensor['dtype'] } | { b: boolean }> = {
    T: { type: viaHandles ? valueDtype : inputs[0].dtype.base_dtype },
    use_locking: { b: options.use_locking ?? false },
  };
  if (spec.hasNesterov) attrs.use_nesterov = { b: options.use_nesterov ?? false };
  const opType = viaHandles ? RESOURCE_APPLY.get(type)! : type;
  return makeOp(opType, inputs, attrs, options.name ?? opType);
}

/** var -= alpha * delta. */
export function apply_gradient_descent(v: Tensor, alpha: Tensor, delta: Tensor, options: ApplyOptions = {}): Operation {
  return applyOp('ApplyGradientDescent', [v, alpha, delta], options);
}
/** accum = accum * momentum + grad; var -= lr * accum (Nesterov: lr * grad + lr * momentum * accum). */
export function apply_momentum(v: Tensor, accum: Tensor, lr: Tensor, grad: Tensor, momentum: Tensor, options: ApplyOptions = {}): Operation {
  return applyOp('ApplyMomentum', [v, accum, lr, grad, momentum], options);
}
/** Adam's update with bias correction through beta1_power and beta2_power. */
export function apply_adam(v: Tensor, m: Tensor, vSlot: Tensor, beta1_power: Tensor, beta2_power: Tensor, lr: Tensor, beta1: Tensor, beta2: Tensor, epsilon: Tensor, grad: Tensor, options: ApplyOptions = {}): Operation {
  return applyOp('ApplyAdam', [v, m, vSlot, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad], options);
}
/** ms = rho*ms + (1-rho)*g²; mom = momentum*mom + lr*g/sqrt(ms+eps); var -= mom. */
export function apply_rms_prop(v: Tensor, ms: Tensor, mom: Tensor, lr: Tensor, rho: Tensor, momentum: Tensor, epsilon: Tensor, grad: Tensor, options: ApplyOptions = {}): Operation {
  return applyOp('ApplyRMSProp', [v, ms, mom, lr, rho, momentum, epsilon, grad], options);
}
/** RMSProp normalised by the centered second moment (ms - mg²). */
export function apply_centered_rms_prop(v: Tensor, mg: Tensor, ms: Tensor, mom: Tensor, lr: Tensor, rho: Tensor, momentum: Tensor, epsilon: Tensor, grad: Tensor, options: ApplyOptions = {}): Operation {
  return applyOp('ApplyCenteredRMSProp', [v, mg, ms, mom, lr, rho, momentum, epsilon, grad], options);
}
/** accum += g²; var -= lr * g / sqrt(accum). */
export function apply_adagrad(v: Tensor, accum: Tensor, lr: Tensor, grad: Tensor, options: ApplyOptions = {}): Operation {
  return applyOp('ApplyAdagrad', [v, accum, lr, grad], options);
}

/** FTRL-Proximal (McMahan et al.): accum += g²; linear += g - (√accum' - √accum)/lr · var; var from linear, l1 and l2. */
export function apply_ftrl(v: Tensor, accum: Tensor, linear: Tensor, grad: Tensor, lr: Tensor, l1: Tensor, l2: Tensor, lr_power: Tensor, options: ApplyOptions = {}): Operation {
  return applyOp('ApplyFtrl', [v, accum, linear, grad, lr, l1, l2, lr_power], options);
}

/** Adadelta (Zeiler 2012): accum = ρ·accum + (1-ρ)·g²; u = √(accum_update+ε)/√(accum+ε)·g; var -= lr·u; accum_update = ρ·accum_update + (1-ρ)·u². */
export function apply_adadelta(v: Tensor, accum: Tensor, accum_update: Tensor, lr: Tensor, rho: Tensor, epsilon: Tensor, grad: Tensor, options: ApplyOptions = {}): Operation {
  return applyOp('ApplyAdadelta', [v, accum, accum_update, lr, rho, epsilon, grad], options);
}
/** FOBOS with a fixed rate: prox = var - alpha·delta; var = sign(prox)·max(|prox| - alpha·l1, 0) / (1 + alpha·l2). */
export function apply_proximal_gradient_descent(v: Tensor, alpha: Tensor, l1: Tensor, l2: Tensor, delta: Tensor, options: ApplyOptions = {}): Operation {
  return applyOp('ApplyProximalGradientDescent', [v, alpha, l1, l2, delta], options);
}
/** FOBOS with Adagrad's rate: accum += g²; the proximal step of apply_proximal_gradient_descent with alpha = lr/√accum. */
export function apply_proximal_adagrad(v: Tensor, accum: Tensor, lr: Tensor, l1: Tensor, l2: Tensor, grad: Tensor, options: ApplyOptions = {}): Operation {
  return applyOp('ApplyProximalAdagrad', [v, accum, lr, l1, l2, grad], options);
}
/** Adagrad dual averaging: g += grad, gg += grad²; var = sign(-g)·lr·max(|g| - l1·t, 0) / (l2·t·lr + √gg), t the step. */
export function apply_adagrad_da(v: Tensor, gradient_accumulator: Tensor, gradient_squared_accumulator: Tensor, grad: Tensor, lr: Tensor, l1: Tensor, l2: Tensor, global_step: Tensor, options: ApplyOptions = {}): Operation {
  return applyOp('ApplyAdagradDA', [v, gradient_accumulator, gradient_squared_accumulator, grad, lr, l1, l2, global_step], options);
}

for (const spec of SPARSE_SPECS) {
  registerOp({ type: spec.type, stateful: true, refInputs: Array.from({ length: spec.refCount }, (_, i) => i), outputDtypes: (inputs) => [inputs[0].dtype], inferShapes: (op) => [op.inputs[0].shape] });
}

function sparseApplyOp(type: OpType, inputs: readonly Tensor[], options: ApplyOptions): Operation {
  const spec = SPARSE_SPECS.find((s) => s.type === type)!;
  for (let i = 0; i < spec.refCount; i++) {
    if (!inputs[i].dtype.is_ref_dtype) throw new ValueError(`${type} input '${spec.inputs[i]}' must be a variable (a ref tensor), got ${inputs[i]}`);
  }
  const attrs: Record<string, { type: Tensor['dtype'] } | { b: boolean }> = {
    T: { type: inputs[0].dtype.base_dtype }, Tindices: { type: inputs[spec.inputs.indexOf('indices')].dtype.base_dtype }, use_locking: { b: options.use_locking ?? false },
  };
  if (spec.hasNesterov) attrs.use_nesterov = { b: options.use_nesterov ?? false };
  return makeOp(type, inputs, attrs, options.name ?? type);
}
/** Momentum's update of the rows `indices` only. */
export function sparse_apply_momentum(v: Tensor, accum: Tensor, lr: Tensor, grad: Tensor, indices: Tensor, momentum: Tensor, options: ApplyOptions = {}): Operation {
  return sparseApplyOp('SparseApplyMomentum', [v, accum, lr, grad, indices, momentum], options);
}
/** RMSProp's update of the rows `indices` only. */
export function sparse_apply_rms_prop(v: Tensor, ms: Tensor, mom: Tensor, lr: Tensor, rho: Tensor, momentum: Tensor, epsilon: Tensor, grad: Tensor, indices: Tensor, options: ApplyOptions = {}): Operation {
  return sparseApplyOp('SparseApplyRMSProp', [v, ms, mom, lr, rho, momentum, epsilon, grad, indices], options);
}
/** Centered RMSProp's update of the rows `indices` only. */
export function sparse_apply_centered_rms_prop(v: Tensor, mg: Tensor, ms: Tensor, mom: Tensor, lr: Tensor, rho: Tensor, momentum: Tensor, epsilon: Tensor, grad: Tensor, indices: Tensor, options: ApplyOptions = {}): Operation {
  return sparseApplyOp('SparseApplyCenteredRMSProp', [v, mg, ms, mom, lr, rho, momentum, epsilon, grad, indices], options);
}
/** Adagrad's update of the rows `indices` only. */
export function sparse_apply_adagrad(v: Tensor, accum: Tensor, lr: Tensor, grad: Tensor, indices: Tensor, options: ApplyOptions = {}): Operation {
  return sparseApplyOp('SparseApplyAdagrad', [v, accum, lr, grad, indices], options);
}
/** FTRL's update of the rows `indices` only. */
export function sparse_apply_ftrl(v: Tensor, accum: Tensor, linear: Tensor, grad: Tensor, indices: Tensor, lr: Tensor, l1: Tensor, l2: Tensor, lr_power: Tensor, options: ApplyOptions = {}): Operation {
  return sparseApplyOp('SparseApplyFtrl', [v, accum, linear, grad, indices, lr, l1, l2, lr_power], options);
}
/** Adadelta's update of the rows `indices` only. */
export function sparse_apply_adadelta(v: Tensor, accum: Tensor, accum_update: Tensor, lr: Tensor, rho: Tensor, epsilon: Tensor, grad: Tensor, indices: Tensor, options: ApplyOptions = {}): Operation {
  return sparseApplyOp('SparseApplyAdadelta', [v, accum, accum_update, lr, rho, epsilon, grad, indices], options);
}
/** Proximal gradient descent's update of the rows `indices` only. */
export function sparse_apply_proximal_gradient_descent(v: Tensor, alpha: Tensor, l1: Tensor, l2: Tensor, grad: Tensor, indices: Tensor, options: ApplyOptions = {}): Operation {
  return sparseApplyOp('SparseApplyProximalGradientDescent', [v, alpha, l1, l2, grad, indices], options);
}
/** Proximal Adagrad's update of the rows `indices` only. */
export function sparse_apply_proximal_adagrad(v: Tensor, accum: Tensor, lr: Tensor, l1: Tensor, l2: Tensor, grad: Tensor, indices: Tensor, options: ApplyOptions = {}): Operation {
  return sparseApplyOp('SparseApplyProximalAdagrad', [v, accum, lr, l1, l2, grad, indices], options);
}
/** Adagrad dual averaging's update of the rows `indices` only. */
export function sparse_apply_adagrad_da(v: Tensor, gradient_accumulator: Tensor, gradient_squared_accumulator: Tensor, grad: Tensor, indices: Tensor, lr: Tensor, l1: Tensor, l2: Tensor, global_step: Tensor, options: ApplyOptions = {}): Operation {
  return sparseApplyOp('SparseApplyAdagradDA', [v, gradient_accumulator, gradient_squared_accumulator, grad, indices, lr, l1, l2, global_step], options);
}
