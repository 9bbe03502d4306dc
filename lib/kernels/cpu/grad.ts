/**
 * Reference CPU kernels for the op types that gradients emit: `(y, dy)` element-wise rules where y is
 * the forward op's output, so the forward value is reused rather than recomputed.
 */
import { InvalidArgumentError } from '../../framework/errors';
import { shapeString } from '../../framework/tensor_shape';
import { registerKernel } from '../registry';
import { binaryMap } from './broadcast';
import { OpType, opTypeEntries } from '../../framework/op_types';

const UNARY_GRADS: Partial<Record<OpType, (y: number, dy: number) => number>> = {
  SigmoidGrad: (y, dy) => dy * y * (1 - y),
  TanhGrad: (y, dy) => dy * (1 - y * y),
  SqrtGrad: (y, dy) => (dy * 0.5) / y,
  RsqrtGrad: (y, dy) => dy * -0.5 * y * y * y,
  ReciprocalGrad: (y, dy) => -dy * y * y,
};

for (const [type, f] of opTypeEntries(UNARY_GRADS)) {
  registerKernel(type, 'CPU', (ctx) => {
    const y = ctx.input(0), dy = ctx.input(1);
    if (y.shape.length !== dy.shape.length || y.shape.some((d, i) => d !== dy.shape[i])) {
      throw new InvalidArgumentError(ctx.op, ctx.op, `${type} requires y and dy of the same shape: ${shapeString(y.shape)} vs. ${shapeString(dy.shape)}`);
    }
    return [binaryMap(y, dy, y.dtype, f)];
  });
}
