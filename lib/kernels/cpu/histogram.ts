/** Reference CPU kernel of HistogramFixedWidth, with TF's checks of value_range and nbins. */
import { NDArray } from '../../framework/ndarray';
import { DType } from '../../framework/dtypes';
import { InvalidArgumentError } from '../../framework/errors';
import { shapeString } from '../../framework/tensor_shape';
import { registerKernel } from '../registry';

registerKernel('HistogramFixedWidth', 'CPU', (ctx) => {
  const values = ctx.input(0), range = ctx.input(1), nbinsT = ctx.input(2);
  const fail = (msg: string): never => { throw new InvalidArgumentError(ctx.op, ctx.op, msg); };
  if (range.ndim !== 1) fail(`value_range should be a vector, got shape ${shapeString(range.shape)}`);
  if (range.size !== 2) fail(`value_range should have two elements, but got ${range.size}`);
  if (nbinsT.ndim !== 0) fail(`nbins should be a scalar, got shape ${shapeString(nbinsT.shape)}`);
  const nbins = nbinsT.values[0];
  if (!(nbins > 0)) fail(`nbins should be a positive number, but got '${nbins}'`);
  const [lo, hi] = [range.values[0], range.values[1]];
  if (!(lo < hi)) fail(`value_range should satisfy value_range[0] < value_range[1], but got '[${lo}, ${hi}]'`);
  const step = (hi - lo) / nbins;
  const out = new NDArray(ctx.attr('dtype') as DType, [nbins]);
  const v = values.values, o = out.values;
  for (let i = 0; i < v.length; i++) {
    const bin = Math.trunc(Math.min((Math.max(v[i], lo) - lo) / step, nbins - 1));
    o[bin] += 1;
  }
  return [out];
});
