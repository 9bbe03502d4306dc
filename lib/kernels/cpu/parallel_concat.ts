/** Reference CPU kernel of ParallelConcat: the inputs ([1, ...shape[1:]] each) one after another along dimension 0. */
import { NDArray } from '../../framework/ndarray';
import { InvalidArgumentError } from '../../framework/errors';
import { sameShape, shapeString } from '../../framework/tensor_shape';
import { registerKernel } from '../registry';

registerKernel('ParallelConcat', 'CPU', (ctx) => {
  const first = ctx.input(0);
  const shape = [ctx.numInputs, ...first.shape.slice(1)];
  const out = new NDArray(first.dtype, shape);
  const rowSize = first.size;
  for (let k = 0; k < ctx.numInputs; k++) {
    const x = ctx.input(k);
    if (!sameShape(x.shape, first.shape)) throw new InvalidArgumentError(ctx.op, ctx.op, `input ${k} has shape ${shapeString(x.shape)}, input 0 ${shapeString(first.shape)}`);
    if (first.dtype.storage === 'string') for (let i = 0; i < rowSize; i++) (out.data as Uint8Array[])[k * rowSize + i] = (x.data as Uint8Array[])[i];
    else out.values.set(x.values, k * rowSize);
  }
  return [out];
});
