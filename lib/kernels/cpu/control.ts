/**
 * Reference CPU kernels for control flow: Switch routes its input to one output (the other is dead);
 * Merge forwards whichever input is alive; the loop ops forward their input.
 */
import { InvalidArgumentError } from '../../framework/errors';
import { int32 } from '../../framework/dtypes';
import { NDArray } from '../../framework/ndarray';
import { DEAD, RefValue, registerKernel } from '../registry';

registerKernel('Switch', 'CPU', (ctx) => {
  const data = ctx.input(0), pred = ctx.input(1);
  if (pred.size !== 1) throw new InvalidArgumentError(null, null, `The second input must be a scalar, but it has shape [${pred.shape}]`);
  return pred.values[0] !== 0 ? [DEAD, data] : [data, DEAD];
});

registerKernel('RefSwitch', 'CPU', (ctx) => {
  const ref = new RefValue(ctx.ref(0)), pred = ctx.input(1);
  if (pred.size !== 1) throw new InvalidArgumentError(null, null, `The second input must be a scalar, but it has shape [${pred.shape}]`);
  return pred.values[0] !== 0 ? [DEAD, ref] : [ref, DEAD];
});

registerKernel('Merge', 'CPU', (ctx) => {
  for (let i = 0; i < ctx.numInputs; i++) {
    if (!ctx.isDead(i)) return [ctx.input(i), NDArray.from(i, int32)];
  }
  return [DEAD, DEAD];
});

// While loops: these forward their input; the executor routes the value between frames and iterations.
for (const type of ['Enter', 'Exit', 'NextIteration', 'LoopCond'] as const) registerKernel(type, 'CPU', (ctx) => [ctx.input(0)]);
for (const type of ['RefEnter', 'RefExit', 'RefNextIteration'] as const) registerKernel(type, 'CPU', (ctx) => [new RefValue(ctx.ref(0))]);
registerKernel('ControlTrigger', 'CPU', () => []);
