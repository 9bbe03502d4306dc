/** Reference CPU kernel of Bitcast: the input's little-endian bytes read as the output dtype. */
import { DType } from '../../framework/dtypes';
import { InvalidArgumentError } from '../../framework/errors';
import { bytesToTensor, tensorToBytes } from '../../framework/tensor_bytes';
import { shapeString } from '../../framework/tensor_shape';
import { registerKernel } from '../registry';

registerKernel('Bitcast', 'CPU', (ctx) => {
  const x = ctx.input(0), to = (ctx.attr('type') as DType).base_dtype;
  const from = x.dtype.base_dtype.size;
  let shape = [...x.shape];
  if (from > to.size) shape.push(from / to.size);
  else if (from < to.size) {
    if (shape.length === 0 || shape[shape.length - 1] !== to.size / from) {
      throw new InvalidArgumentError(ctx.op, ctx.op, `Cannot bitcast from ${x.dtype.name} to ${to.name}: shape ${shapeString(x.shape)}`);
    }
    shape = shape.slice(0, -1);
  }
  return [bytesToTensor(to, shape, tensorToBytes(x).slice())];
});
