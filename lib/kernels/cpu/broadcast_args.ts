/** Reference CPU kernel of BroadcastArgs: the numpy broadcast of two shape vectors, TF's BCast error otherwise. */
import { NDArray } from '../../framework/ndarray';
import { InvalidArgumentError } from '../../framework/errors';
import { shapeString } from '../../framework/tensor_shape';
import { registerKernel } from '../registry';

registerKernel('BroadcastArgs', 'CPU', (ctx) => {
  const [a, b] = [ctx.input(0), ctx.input(1)];
  for (const [t, n] of [[a, 's0'], [b, 's1']] as const) {
    if (t.ndim !== 1) throw new InvalidArgumentError(ctx.op, ctx.op, `In[${n === 's0' ? 0 : 1}] must be a vector.${shapeString(t.shape)}`);
  }
  const x = Array.from(a.values), y = Array.from(b.values);
  const n = Math.max(x.length, y.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const dx = x[x.length - n + i] ?? 1, dy = y[y.length - n + i] ?? 1;
    if (dx !== dy && dx !== 1 && dy !== 1) throw new InvalidArgumentError(ctx.op, ctx.op, `Incompatible shapes: [${x.join(',')}] vs. [${y.join(',')}]`);
    out.push(dx === 1 ? dy : dx);
  }
  return [NDArray.from(out, a.dtype)];
});
