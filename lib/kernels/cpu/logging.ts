/**
 * The Print kernel: `message[v0][v1]...` on stderr, values summarised as TF's C++ summary does; the
 * Assert kernel: InvalidArgumentError listing its data the same way when the condition is false.
 */
import * as fs from 'fs';
import { NDArray } from '../../framework/ndarray';
import { float64 } from '../../framework/dtypes';
import { InvalidArgumentError } from '../../framework/errors';
import { TensorShape } from '../../framework/tensor_shape';
import { registerKernel } from '../registry';

/** The first `n` elements, space separated; `...` when there are more (TF's SummarizeValue). */
function summarize(a: NDArray, n: number): string {
  const flat = a.dtype.storage === 'string' ? a.strings : Array.from(a.values as ArrayLike<number>, (v) => (a.dtype.is_bool ? (v ? 1 : 0) : v));
  const shown = flat.slice(0, n).map(String).join(' ');
  return flat.length > n ? `${shown}...` : shown;
}

registerKernel('Print', 'CPU', (ctx) => {
  const limit = Number(ctx.attr('first_n'));
  const count = ctx.session.opState(ctx.op, () => ({ runs: 0 }));
  if (limit < 0 || count.runs < limit) {
    count.runs++;
    const n = Number(ctx.attr('summarize'));
    let line = String(ctx.attr('message'));
    for (let i = 1; i < ctx.numInputs; i++) line += `[${summarize(ctx.input(i), n)}]`;
    process.stderr.write(`${line}\n`);
  }
  return [ctx.input(0)];
});

const PRINT_STREAMS = ['log(info)', 'log(warning)', 'log(error)', 'stdout', 'stderr'];

/** PrintV2: its scalar string and `end` to the stream: stdout and stderr as the process has them now (a notebook cell's). */
registerKernel('PrintV2', 'CPU', (ctx) => {
  const stream = String(ctx.attr('output_stream')), end = String(ctx.attr('end'));
  const input = ctx.input(0);
  if (input.ndim !== 0) throw new InvalidArgumentError(ctx.op, ctx.op, `Input is expected to be scalar, but got ${new TensorShape(input.shape).debugString()}`);
  const text = `${input.strings[0]}${end}`;
  if (stream.startsWith('file://')) fs.appendFileSync(stream.slice('file://'.length), text);
  else if (stream === 'stdout') process.stdout.write(text);
  // C++'s LOG(INFO/WARNING/ERROR) write to stderr.
  else if (PRINT_STREAMS.includes(stream)) process.stderr.write(text);
  else throw new InvalidArgumentError(ctx.op, ctx.op, `output_stream '${stream}' is invalid. It must be one of: ${PRINT_STREAMS.map((s) => `'${s}'`).join(', ')}, or a file path prefixed by 'file://'.`);
  return [];
});

registerKernel('Assert', 'CPU', (ctx) => {
  const c = ctx.input(0);
  if (c.size !== 1) throw new InvalidArgumentError(ctx.op, ctx.op, `In[0] is not a scalar: [${c.shape}]`);
  if (c.values[0] !== 0) return [];
  const n = Number(ctx.attr('summarize'));
  const data: string[] = [];
  for (let i = 1; i < ctx.numInputs; i++) data.push(`[${summarize(ctx.input(i), n)}]`);
  throw new InvalidArgumentError(ctx.op, ctx.op, `assertion failed: ${data.join(' ')}`);
});

registerKernel('CheckNumerics', 'CPU', (ctx) => {
  const x = ctx.input(0), values = x.values;
  let nan = false, inf = false;
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i])) nan = true;
    else if (!Number.isFinite(values[i])) inf = true;
  }
  if (nan || inf) {
    const found = nan && inf ? 'Inf and NaN' : inf ? 'Inf' : 'NaN';
    throw new InvalidArgumentError(ctx.op, ctx.op, `${String(ctx.attr('message'))} : Tensor had ${found} values`);
  }
  return [x];
});

registerKernel('EnsureShape', 'CPU', (ctx) => {
  const x = ctx.input(0), expected = ctx.attr('shape') as TensorShape;
  if (!expected.is_compatible_with(x.shape)) {
    throw new InvalidArgumentError(ctx.op, ctx.op, `Shape of tensor ${ctx.op.inputs[0].inputString} ${new TensorShape(x.shape).debugString()} is not compatible with expected shape ${expected.debugString()}.`);
  }
  return [x];
});

registerKernel('Timestamp', 'CPU', () => [NDArray.from(Date.now() / 1000, float64)]);
