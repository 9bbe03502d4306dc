/**
 * Reference CPU kernels for the fused optimizer updates (ApplyGradientDescent, ApplyAdam ...).
 * Every kernel stores NEW arrays into the variable and slot slots: a value fetched before a step
 * must never change behind the caller's back.
 */
import { FailedPreconditionError, InvalidArgumentError } from '../../framework/errors';
import { sameShape, shapeString } from '../../framework/tensor_shape';
import { NDArray, NumericData } from '../../framework/ndarray';
import { RESOURCE_APPLY, TRAINING_OP_INPUTS } from '../../ops/training_ops';
import { OpType } from '../../framework/op_types';
import { Kernel, KernelContext, RefValue, VariableSlot, registerKernel, withHandlesAsRefs } from '../registry';

/** The per-element update: reads the current var/slot values and the gradient at index i, writes new ones. */
type ElementUpdate = (state: Float64Array, grad: number) => void;

/**
 * Runs an update over the op's written inputs (var first, then slots): for each element, `state`
 * holds their current values and `update` replaces them in place; the results go to fresh arrays.
 */
function runUpdate(ctx: KernelContext, refCount: number, gradIndex: number, update: ElementUpdate): RefValue[] {
  const names = TRAINING_OP_INPUTS.get(ctx.op.type)!;
  const slots: VariableSlot[] = [];
  const current: NDArray[] = [];
  for (let i = 0; i < refCount; i++) {
    const slot = ctx.ref(i);
    if (!slot.value) throw new FailedPreconditionError(ctx.op, ctx.op, `Attempting to use uninitialized value ${ctx.op.inputs[i].op.name}`);
    slots.push(slot);
    current.push(slot.value);
  }
  const grad = ctx.input(gradIndex);
  const varShape = current[0].shape;
  for (let i = 1; i < refCount; i++) {
    if (!sameShape(current[i].shape, varShape)) {
      throw new InvalidArgumentError(ctx.op, ctx.op, `var and ${names[i]} do not have the same shape${shapeString(varShape)} ${shapeString(current[i].shape)}`);
    }
  }
  if (!sameShape(grad.shape, varShape)) {
    throw new InvalidArgumentError(ctx.op, ctx.op, `var and ${names[gradIndex]} do not have the same shape${shapeString(varShape)} ${shapeString(grad.shape)}`);
  }
  const outs = current.map((a) => new NDArray(a.dtype, a.shape));
  const inData = current.map((a) => a.values), outData: NumericData[] = outs.map((a) => a.values);
  const g = grad.values;
  const state = new Float64Array(refCount);
  for (let e = 0; e < g.length; e++) {
    for (let k = 0; k < refCount; k++) state[k] = inData[k][e];
    update(state, g[e]);
    for (let k = 0; k < refCount; k++) outData[k][e] = state[k];
  }
  slots.forEach((slot, k) => slot.update(outs[k]));
  return [new RefValue(slots[0])];
}

/**
 * The sparse form (SparseApply*): `update` runs only over the rows of var and slots picked by `indices`,
 * with the matching rows of `grad` ([len(indices), ...var.shape[1:]]); the other rows keep their values.
 */
function runSparseUpdate(ctx: KernelContext, refCount: number, gradIndex: number, indicesIndex: number, update: ElementUpdate): RefValue[] {
  const names = TRAINING_OP_INPUTS.get(ctx.op.type)!;
  const slots: VariableSlot[] = [];
  const current: NDArray[] = [];
  for (let i = 0; i < refCount; i++) {
    const slot = ctx.ref(i);
    if (!slot.value) throw new FailedPreconditionError(ctx.op, ctx.op, `Attempting to use uninitialized value ${ctx.op.inputs[i].op.name}`);
    slots.push(slot);
    current.push(slot.value);
  }
  const grad = ctx.input(gradIndex), indices = ctx.input(indicesIndex);
  const varShape = current[0].shape;
  for (let i = 1; i < refCount; i++) {
    if (!sameShape(current[i].shape, varShape)) {
      throw new InvalidArgumentError(ctx.op, ctx.op, `var and ${names[i]} do not have the same shape${shapeString(varShape)} ${shapeString(current[i].shape)}`);
    }
  }
  if (varShape.length < 1) throw new InvalidArgumentError(ctx.op, ctx.op, 'var must be at least 1 dimensional');
  if (indices.ndim !== 1) throw new InvalidArgumentError(ctx.op, ctx.op, `indices must be one-dimensional`);
  const rows = varShape[0], rowSize = varShape.slice(1).reduce((a, d) => a * d, 1), n = indices.size;
  if (grad.ndim < 1 || grad.shape[0] !== n || !sameShape(grad.shape.slice(1), varShape.slice(1))) {
    throw new InvalidArgumentError(ctx.op, ctx.op, `var and grad must match in dimension 0 with indices and in the others: var ${shapeString(varShape)}, grad ${shapeString(grad.shape)}, indices ${shapeString(indices.shape)}`);
  }
  const outs = current.map((a) => new NDArray(a.dtype, a.shape, a.values.slice()));
  const data: NumericData[] = outs.map((a) => a.values);
  const g = grad.values, idx = indices.values;
  const state = new Float64Array(refCount);
  for (let i = 0; i < n; i++) {
    const r = idx[i];
    if (r < 0 || r >= rows) throw new InvalidArgumentError(ctx.op, ctx.op, `Index ${r} at offset ${i} in indices is out of range`);
    for (let e = 0; e < rowSize; e++) {
      const at = r * rowSize + e;
      for (let k = 0; k < refCount; k++) state[k] = data[k][at];
      update(state, g[i * rowSize + e]);
      for (let k = 0; k < refCount; k++) data[k][at] = state[k];
    }
  }
  slots.forEach((slot, k) => slot.update(outs[k]));
  return [new RefValue(slots[0])];
}

/** A hyper-parameter input, which TF requires to be a scalar. */
function scalar(ctx: KernelContext, i: number): number {
  const a = ctx.input(i);
  if (a.ndim !== 0) {
    throw new InvalidArgumentError(ctx.op, ctx.op, `${TRAINING_OP_INPUTS.get(ctx.op.type)![i]} is not a scalar: ${shapeString(a.shape)}`);
  }
  return a.values[0];
}

/** Registers an Apply op's kernel and, for its ResourceApply op, the same kernel over the handles' slots. */
function registerApply(type: OpType, refCount: number, kernel: Kernel): void {
  registerKernel(type, 'CPU', kernel);
  registerKernel(RESOURCE_APPLY.get(type)!, 'CPU', (ctx) => { kernel(withHandlesAsRefs(ctx, refCount)); return []; });
}

const nesterov = (ctx: KernelContext) => ctx.op.attrs.has('use_nesterov') && ctx.attr('use_nesterov') === true;

registerApply('ApplyGradientDescent', 1, (ctx) => {
  const alpha = scalar(ctx, 1);
  return runUpdate(ctx, 1, 2, (s, g) => { s[0] -= alpha * g; });
});

function momentumUpdate(ctx: KernelContext, lrAt: number, momentumAt: number): ElementUpdate {
  const lr = scalar(ctx, lrAt), momentum = scalar(ctx, momentumAt);
  const useNesterov = nesterov(ctx);
  return (s, g) => {
    s[1] = s[1] * momentum + g;
    s[0] -= useNesterov ? g * lr + s[1] * momentum * lr : lr * s[1];
  };
}
registerApply('ApplyMomentum', 2, (ctx) => runUpdate(ctx, 2, 3, momentumUpdate(ctx, 2, 4)));
registerKernel('SparseApplyMomentum', 'CPU', (ctx) => runSparseUpdate(ctx, 2, 3, 4, momentumUpdate(ctx, 2, 5)));

registerApply('ApplyAdam', 3, (ctx) => {
  const [beta1Power, beta2Power, lr, beta1, beta2, epsilon] = [3, 4, 5, 6, 7, 8].map((i) => scalar(ctx, i));
  const lrT = (lr * Math.sqrt(1 - beta2Power)) / (1 - beta1Power);
  const useNesterov = nesterov(ctx);
  return runUpdate(ctx, 3, 9, (s, g) => {
    s[1] += (g - s[1]) * (1 - beta1);
    s[2] += (g * g - s[2]) * (1 - beta2);
    const direction = useNesterov ? g * (1 - beta1) + beta1 * s[1] : s[1];
    s[0] -= (direction * lrT) / (Math.sqrt(s[2]) + epsilon);
  });
});

function rmsPropUpdate(ctx: KernelContext): ElementUpdate {
  const [lr, rho, momentum, epsilon] = [3, 4, 5, 6].map((i) => scalar(ctx, i));
  return (s, g) => {
    s[1] += (g * g - s[1]) * (1 - rho);
    s[2] = momentum * s[2] + (lr * g) / Math.sqrt(s[1] + epsilon);
    s[0] -= s[2];
  };
}
registerApply('ApplyRMSProp', 3, (ctx) => runUpdate(ctx, 3, 7, rmsPropUpdate(ctx)));
registerKernel('SparseApplyRMSProp', 'CPU', (ctx) => runSparseUpdate(ctx, 3, 7, 8, rmsPropUpdate(ctx)));

function centeredRmsPropUpdate(ctx: KernelContext): ElementUpdate {
  const [lr, rho, momentum, epsilon] = [4, 5, 6, 7].map((i) => scalar(ctx, i));
  return (s, g) => {
    s[1] += (g - s[1]) * (1 - rho);
    s[2] += (g * g - s[2]) * (1 - rho);
    s[3] = momentum * s[3] + (lr * g) / Math.sqrt(s[2] - s[1] * s[1] + epsilon);
    s[0] -= s[3];
  };
}
registerApply('ApplyCenteredRMSProp', 4, (ctx) => runUpdate(ctx, 4, 8, centeredRmsPropUpdate(ctx)));
registerKernel('SparseApplyCenteredRMSProp', 'CPU', (ctx) => runSparseUpdate(ctx, 4, 8, 9, centeredRmsPropUpdate(ctx)));

function adagradUpdate(ctx: KernelContext): ElementUpdate {
  const lr = scalar(ctx, 2);
  const updateSlots = !ctx.op.attrs.has('update_slots') || ctx.attr('update_slots') === true;
  return (s, g) => {
    if (updateSlots) s[1] += g * g;
    s[0] -= (lr * g) / Math.sqrt(s[1]);
  };
}
registerApply('ApplyAdagrad', 2, (ctx) => runUpdate(ctx, 2, 3, adagradUpdate(ctx)));
registerKernel('SparseApplyAdagrad', 'CPU', (ctx) => runSparseUpdate(ctx, 2, 3, 4, adagradUpdate(ctx)));

function ftrlUpdate(ctx: KernelContext, first: number): ElementUpdate {
  const [lr, l1, l2, lrPower] = [first, first + 1, first + 2, first + 3].map((i) => scalar(ctx, i));
  if (!(lr > 0)) throw new InvalidArgumentError(ctx.op, ctx.op, `lr is not a positive scalar: ${lr}`);
  if (!(l1 >= 0)) throw new InvalidArgumentError(ctx.op, ctx.op, `l1 regularization strength is not a non-negative scalar: ${l1}`);
  if (!(l2 >= 0)) throw new InvalidArgumentError(ctx.op, ctx.op, `l2 regularization strength is not a non-negative scalar: ${l2}`);
  if (!(lrPower <= 0)) throw new InvalidArgumentError(ctx.op, ctx.op, `learning rate power is not a non-positive scalar: ${lrPower}`);
  // TF's FtrlCompute (training_ops.cc), with the square-root shortcut for lr_power = -0.5.
  const pow = (x: number) => (lrPower === -0.5 ? Math.sqrt(x) : Math.pow(x, -lrPower));
  return (s, g) => {
    const newAccum = s[1] + g * g;
    s[2] += g - ((pow(newAccum) - pow(s[1])) / lr) * s[0];
    const quadratic = pow(newAccum) / lr + 2 * l2;
    s[0] = Math.abs(s[2]) > l1 ? (Math.sign(s[2]) * l1 - s[2]) / quadratic : 0;
    s[1] = newAccum;
  };
}
registerApply('ApplyFtrl', 3, (ctx) => runUpdate(ctx, 3, 3, ftrlUpdate(ctx, 4)));
registerKernel('SparseApplyFtrl', 'CPU', (ctx) => runSparseUpdate(ctx, 3, 3, 4, ftrlUpdate(ctx, 5)));

function adadeltaUpdate(ctx: KernelContext): ElementUpdate {
  const [lr, rho, epsilon] = [3, 4, 5].map((i) => scalar(ctx, i));
  return (s, g) => {
    s[1] = s[1] * rho + g * g * (1 - rho);
    const update = (Math.sqrt(s[2] + epsilon) / Math.sqrt(s[1] + epsilon)) * g;
    s[0] -= update * lr;
    s[2] = s[2] * rho + update * update * (1 - rho);
  };
}
registerApply('ApplyAdadelta', 3, (ctx) => runUpdate(ctx, 3, 6, adadeltaUpdate(ctx)));
registerKernel('SparseApplyAdadelta', 'CPU', (ctx) => runSparseUpdate(ctx, 3, 6, 7, adadeltaUpdate(ctx)));

/** The proximal step (TF's FOBOS): shrink towards zero by rate·l1 (when l1 > 0), then scale by 1/(1 + rate·l2). */
function proximal(prox: number, rate: number, l1: number, l2: number): number {
  const shrunk = l1 > 0 ? Math.sign(prox) * Math.max(Math.abs(prox) - rate * l1, 0) : prox;
  return shrunk / (1 + rate * l2);
}

function proximalGradientDescentUpdate(ctx: KernelContext): ElementUpdate {
  const [alpha, l1, l2] = [1, 2, 3].map((i) => scalar(ctx, i));
  return (s, g) => { s[0] = proximal(s[0] - alpha * g, alpha, l1, l2); };
}
registerApply('ApplyProximalGradientDescent', 1, (ctx) => runUpdate(ctx, 1, 4, proximalGradientDescentUpdate(ctx)));
registerKernel('SparseApplyProximalGradientDescent', 'CPU', (ctx) => runSparseUpdate(ctx, 1, 4, 5, proximalGradientDescentUpdate(ctx)));

function proximalAdagradUpdate(ctx: KernelContext): ElementUpdate {
  const [lr, l1, l2] = [2, 3, 4].map((i) => scalar(ctx, i));
  return (s, g) => {
    s[1] += g * g;
    const rate = lr / Math.sqrt(s[1]);
    s[0] = proximal(s[0] - g * rate, rate, l1, l2);
  };
}
registerApply('ApplyProximalAdagrad', 2, (ctx) => runUpdate(ctx, 2, 5, proximalAdagradUpdate(ctx)));
registerKernel('SparseApplyProximalAdagrad', 'CPU', (ctx) => runSparseUpdate(ctx, 2, 5, 6, proximalAdagradUpdate(ctx)));

function adagradDAUpdate(ctx: KernelContext, first: number): ElementUpdate {
  const [lr, l1, l2, step] = [first, first + 1, first + 2, first + 3].map((i) => scalar(ctx, i));
  return (s, g) => {
    s[1] += g;
    s[2] += g * g;
    const denom = l2 * step * lr + Math.sqrt(s[2]);
    s[0] = l1 > 0 ? (Math.sign(-s[1]) * lr * Math.max(Math.abs(s[1]) - l1 * step, 0)) / denom : (-s[1] * lr) / denom;
  };
}
registerApply('ApplyAdagradDA', 3, (ctx) => runUpdate(ctx, 3, 3, adagradDAUpdate(ctx, 4)));
registerKernel('SparseApplyAdagradDA', 'CPU', (ctx) => runSparseUpdate(ctx, 3, 3, 4, adagradDAUpdate(ctx, 5)));
