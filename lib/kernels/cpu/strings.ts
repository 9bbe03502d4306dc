/**
 * Reference CPU kernels for string ops: StringFormat, with tensors summarised as TF's
 * Tensor::SummarizeValue(summarize, print_v2=true) does (numpy-like nesting, first and last entries of
 * each dimension).
 */
import { NDArray } from '../../framework/ndarray';
import { InvalidArgumentError } from '../../framework/errors';
import { registerKernel } from '../registry';

/** C's `%.<p>g`. */
function formatG(x: number, p: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const exp = Math.floor(Math.log10(Math.abs(Number(x.toPrecision(p)))));
  if (exp < -4 || exp >= p) {
    const [m, e] = x.toExponential(p - 1).split('e');
    const mant = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
    const n = Number(e);
    return `${mant}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  const s = x.toFixed(Math.max(0, p - 1 - exp));
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** TF's FloatToBuffer / DoubleToBuffer: the shortest of 6 (15) or 9 (17) significant digits that reads back. */
function formatFloat(x: number, double: boolean): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const [short, long] = double ? [15, 17] : [6, 9];
  const s = formatG(x, short);
  const back = double ? Number(s) : Math.fround(Number(s));
  return back === x ? s : formatG(x, long);
}

/** absl::CEscape. */
function cEscape(s: Uint8Array): string {
  let out = '';
  for (const b of s) {
    switch (b) {
      case 0x0a: out += '\\n'; break;
      case 0x0d: out += '\\r'; break;
      case 0x09: out += '\\t'; break;
      case 0x22: out += '\\"'; break;
      case 0x27: out += "\\'"; break;
      case 0x5c: out += '\\\\'; break;
      default: out += b < 0x20 || b >= 0x7f ? `\\${b.toString(8).padStart(3, '0')}` : String.fromCharCode(b);
    }
  }
  return out;
}

/** One element as TF's PrintOneElement(print_v2=true) writes it; null for dtypes TF prints as `?`. */
function elementPrinter(a: NDArray): ((i: number) => string) | null {
  const dt = a.dtype.base_dtype;
  if (dt.storage === 'string') { const d = a.data as Uint8Array[]; return (i) => `"${cEscape(d[i])}"`; }
  if (dt.is_complex || dt.is_quantized) return null;
  const v = a.values;
  if (dt.is_bool) return (i) => (v[i] ? '1' : '0');
  if (dt.is_floating) { const double = dt.name === 'float64'; return (i) => formatFloat(v[i], double); }
  return (i) => String(v[i]);
}

/** Tensor::SummarizeValue(max_entries, print_v2=true). */
export function summarizeV2(a: NDArray, maxEntries: number): string {
  const n = a.size;
  const limit = Math.min(maxEntries < 0 ? n : maxEntries, n);
  const print = elementPrinter(a);
  if (print === null) {
    const marks = Array<string>(limit).fill('?').join(' ');
    return `[${marks}${maxEntries < n ? '...' : ''}]`;
  }
  const shape = a.shape, dims = shape.length;
  if (dims === 0) {
    let out = '';
    for (let i = 0; i < limit; i++) out += (i > 0 ? ' ' : '') + print(i);
    return n > limit ? `${out}...` : out;
  }
  const spacing = (dim: number) => (dim === dims - 1 ? ' ' : '\n'.repeat(dims - dim - 1) + ' '.repeat(dim + 1));
  const strides: number[] = Array<number>(dims).fill(1);
  for (let i = dims - 2; i >= 0; i--) strides[i] = strides[i + 1] * shape[i + 1];
  const dim = (d: number, offset: number): string => {
    if (d === dims) return print(offset);
    const count = shape[d];
    const startOfEnd = Math.max(limit, count - limit);
    let out = '[';
    for (let i = 0; i < limit && i < count; i++) out += (i > 0 ? spacing(d) : '') + dim(d + 1, offset + strides[d] * i);
    if (count > 2 * limit) out += `${spacing(d)}...`;
    for (let i = startOfEnd; i < count; i++) out += spacing(d) + dim(d + 1, offset + strides[d] * i);
    return `${out}]`;
  };
  return dim(0, 0);
}

registerKernel('StringFormat', 'CPU', (ctx) => {
  const template = String(ctx.attr('template')), placeholder = String(ctx.attr('placeholder'));
  const summarize = Number(ctx.attr('summarize'));
  const parts = template.split(placeholder);
  if (parts.length - 1 !== ctx.numInputs) {
    throw new InvalidArgumentError(ctx.op, ctx.op, `${parts.length - 1} placeholder(s) in template does not match ${ctx.numInputs} tensor(s) provided as input`);
  }
  let out = parts[0];
  for (let i = 0; i < ctx.numInputs; i++) out += summarizeV2(ctx.input(i), summarize) + parts[i + 1];
  return [NDArray.fromStrings([out], [])];
});
