/** Reference CPU kernels of EncodeBase64 and DecodeBase64: web-safe base64 (RFC 4648 §5), as TF's core/lib/strings/base64.cc. */
import { NDArray } from '../../framework/ndarray';
import { InvalidArgumentError } from '../../framework/errors';
import { registerKernel } from '../registry';

registerKernel('EncodeBase64', 'CPU', (ctx) => {
  const x = ctx.input(0), pad = ctx.attr('pad') === true;
  const out = (x.data as Uint8Array[]).map((b) => {
    const s = Buffer.from(b).toString('base64url');
    return new TextEncoder().encode(pad ? s.padEnd(Math.ceil(s.length / 4) * 4, '=') : s);
  });
  return [new NDArray(x.dtype, x.shape, out)];
});

registerKernel('DecodeBase64', 'CPU', (ctx) => {
  const x = ctx.input(0);
  const out = (x.data as Uint8Array[]).map((b) => {
    let s = new TextDecoder().decode(b);
    // Padding is optional; once it starts, only padding may follow, to a whole group of four.
    const padAt = s.indexOf('=');
    if (padAt >= 0) {
      if (!/^=+$/.test(s.slice(padAt)) || s.length % 4 !== 0 || s.length - padAt > 2) throw new InvalidArgumentError(ctx.op, ctx.op, 'Invalid base64 data: padding');
      s = s.slice(0, padAt);
    }
    if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new InvalidArgumentError(ctx.op, ctx.op, 'Invalid character found in base64.');
    if (s.length % 4 === 1) throw new InvalidArgumentError(ctx.op, ctx.op, `Invalid base64 data: ${s.length} characters leave a single one over`);
    return new Uint8Array(Buffer.from(s, 'base64url'));
  });
  return [new NDArray(x.dtype, x.shape, out)];
});
