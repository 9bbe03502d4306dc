/** Reference CPU kernel of ExtractImagePatches: each output pixel holds its patch, row-major over the patch, zeros for padding. */
import { NDArray } from '../../framework/ndarray';
import { InvalidArgumentError } from '../../framework/errors';
import { Padding, forEachTap, window2D } from '../../framework/window';
import { shapeString } from '../../framework/tensor_shape';
import { registerKernel } from '../registry';

registerKernel('ExtractImagePatches', 'CPU', (ctx) => {
  const x = ctx.input(0);
  if (x.ndim !== 4) throw new InvalidArgumentError(ctx.op, ctx.op, `input must be 4-dimensional${shapeString(x.shape)}`);
  const [k, s, r] = ['ksizes', 'strides', 'rates'].map((n) => ctx.attr(n) as number[]);
  const [batch, rows, cols, depth] = x.shape;
  const g = window2D(rows, cols, k[1], k[2], [s[1], s[2]], [r[1], r[2]], String(ctx.attr('padding')) as Padding);
  const outDepth = k[1] * k[2] * depth;
  const out = new NDArray(x.dtype, [batch, g.outH, g.outW, outDepth]);
  const src = x.values, dst = out.values;
  for (let b = 0; b < batch; b++) {
    for (let oh = 0; oh < g.outH; oh++) {
      for (let ow = 0; ow < g.outW; ow++) {
        const base = ((b * g.outH + oh) * g.outW + ow) * outDepth;
        forEachTap(g, oh, ow, (kh, kw, ih, iw) => {
          const from = ((b * rows + ih) * cols + iw) * depth, to = base + (kh * k[2] + kw) * depth;
          for (let d = 0; d < depth; d++) dst[to + d] = src[from + d];
        });
      }
    }
  }
  return [out];
});
