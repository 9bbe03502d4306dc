/**
 * Reference CPU kernels for constants, placeholders and identity.
 */
import { InvalidArgumentError } from '../../framework/errors';
import { DType } from '../../framework/dtypes';
import { TensorShape } from '../../framework/tensor_shape';
import { NDArray } from '../../runtime/ndarray';
import { registerKernel } from '../registry';

registerKernel('Const', 'CPU', (ctx) => [ctx.attr('value') as NDArray]);

registerKernel('Placeholder', 'CPU', (ctx) => {
  const dtype = ctx.attr('dtype') as DType;
  const shape = ctx.op.attrs.has('shape') ? (ctx.attr('shape') as TensorShape) : new TensorShape(null);
  const shapeText = shape.dims === null ? '' : ` and shape ${shape.debugString()}`;
  throw new InvalidArgumentError(null, null, `You must feed a value for placeholder tensor '${ctx.op.name}' with dtype ${dtype.cpp_name}${shapeText}`);
});

registerKernel('PlaceholderWithDefault', 'CPU', (ctx) => [ctx.input(0)]);
registerKernel('Identity', 'CPU', (ctx) => [ctx.input(0)]);
registerKernel('NoOp', 'CPU', () => []);
