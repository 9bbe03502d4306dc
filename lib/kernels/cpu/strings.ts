/**
 * Reference CPU kernels for string ops: StringJoin, StringStrip, StringLength, Substr, RegexReplace, ReduceJoin, StringSplit,
 * StringSplitV2, and StringFormat, with tensors summarised as TF's
 * Tensor::SummarizeValue(summarize, print_v2=true) does (numpy-like nesting, first and last entries of
 * each dimension).
 */
import { NDArray } from '../../framework/ndarray';
import { int32, int64, string as stringDtype, uint8, uint64 } from '../../framework/dtypes';
import { InvalidArgumentError, UnimplementedError } from '../../framework/errors';
import { shapeString } from '../../framework/tensor_shape';
import { KernelContext, registerKernel } from '../registry';
import { fingerprint64 } from './fingerprint';

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
export function cEscape(s: Uint8Array): string {
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

const invalid = (ctx: KernelContext, msg: string) => new InvalidArgumentError(ctx.op, ctx.op, msg);
const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

/** StringJoin(inputs..., separator): element-wise joins; scalars broadcast against one shape. */
registerKernel('StringJoin', 'CPU', (ctx) => {
  const inputs = Array.from({ length: ctx.numInputs }, (_, i) => ctx.input(i));
  const sep = String(ctx.attr('separator'));
  const shaped = inputs.find((x) => x.ndim !== 0);
  for (const x of inputs) {
    if (x.ndim !== 0 && shaped && shapeString(x.shape) !== shapeString(shaped.shape)) {
      throw invalid(ctx, `Input shapes do not match: ${shapeString(shaped.shape)} vs. ${shapeString(x.shape)}`);
    }
  }
  const strings = inputs.map((x) => x.strings);
  const n = shaped ? shaped.size : 1;
  const out = Array.from({ length: n }, (_, i) => strings.map((s) => (s.length === 1 ? s[0] : s[i])).join(sep));
  return [NDArray.fromStrings(out, shaped ? shaped.shape : [])];
});

/** StringStrip: C's isspace bytes (space, \t, \n, \v, \f, \r) off both ends. */
registerKernel('StringStrip', 'CPU', (ctx) => {
  const x = ctx.input(0);
  const space = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d);
  const out = (x.data as Uint8Array[]).map((b) => {
    let start = 0, end = b.length;
    while (start < end && space(b[start])) start++;
    while (end > start && space(b[end - 1])) end--;
    return b.slice(start, end);
  });
  return [NDArray.fromStrings(out, x.shape)];
});

registerKernel('StringLength', 'CPU', (ctx) => {
  const x = ctx.input(0), bytes = x.data as Uint8Array[];
  const out = new NDArray(int32, x.shape);
  const chars = String(ctx.attr('unit')) === 'UTF8_CHAR';
  // A code point is each byte that is not a UTF-8 continuation byte (10xxxxxx).
  bytes.forEach((b, i) => { out.values[i] = chars ? b.reduce((n, c) => n + ((c & 0xc0) !== 0x80 ? 1 : 0), 0) : b.length; });
  return [out];
});

registerKernel('Substr', 'CPU', (ctx) => {
  const x = ctx.input(0), pos = ctx.input(1), len = ctx.input(2);
  if (pos.ndim !== 0 && shapeString(pos.shape) !== shapeString(x.shape)) throw invalid(ctx, `pos must be a scalar or have the shape of input, got ${shapeString(pos.shape)} vs. ${shapeString(x.shape)}`);
  if (shapeString(len.shape) !== shapeString(pos.shape)) throw invalid(ctx, `pos and len should have the same shape, got: ${shapeString(pos.shape)} vs. ${shapeString(len.shape)}`);
  const chars = String(ctx.attr('unit')) === 'UTF8_CHAR';
  const out = (x.data as Uint8Array[]).map((b, i) => {
    const units: ArrayLike<number | string> = chars ? Array.from(utf8Decoder.decode(b)) : b;
    const n = units.length;
    let p = Number(pos.values[pos.ndim === 0 ? 0 : i]);
    const l = Number(len.values[len.ndim === 0 ? 0 : i]);
    if (p < -n || p > n) throw invalid(ctx, `pos ${p} out of range for string b'${utf8Decoder.decode(b)}' at index ${i}`);
    if (p < 0) p += n;
    const end = Math.min(n, p + Math.max(0, l));
    return chars ? utf8.encode((units as string[]).slice(p, end).join('')) : b.slice(p, end);
  });
  return [NDArray.fromStrings(out, x.shape)];
});

/** RE2's rewrite (`\0` the match, `\1`, `\\`) as a JavaScript replacement string (`$&`, `$1`, `\`, a literal `$` as `$$`). */
function jsRewrite(rewrite: string): string {
  return rewrite.replace(/\$/g, '$$$$').replace(/\\(\d|\\)/g, (_, c: string) => (c === '\\' ? '\\' : c === '0' ? '$&' : `$${c}`));
}

registerKernel('RegexReplace', 'CPU', (ctx) => {
  const x = ctx.input(0), pattern = ctx.input(1), rewrite = ctx.input(2);
  if (pattern.ndim !== 0) throw invalid(ctx, `Pattern must be scalar, but received ${shapeString(pattern.shape)}`);
  if (rewrite.ndim !== 0) throw invalid(ctx, `Replacement string must be scalar, but received ${shapeString(rewrite.shape)}`);
  let re: RegExp;
  try {
    re = new RegExp(pattern.strings[0], ctx.attr('replace_global') ? 'gu' : 'u');
  } catch (e) {
    throw invalid(ctx, `Invalid pattern: ${pattern.strings[0]}, error: ${(e as Error).message}`);
  }
  const replacement = jsRewrite(rewrite.strings[0]);
  return [NDArray.fromStrings(x.strings.map((s) => s.replace(re, replacement)), x.shape)];
});

registerKernel('ReduceJoin', 'CPU', (ctx) => {
  const x = ctx.input(0), dimsIn = ctx.input(1);
  const rank = x.ndim, sep = String(ctx.attr('separator')), keep = Boolean(ctx.attr('keep_dims'));
  const listed = Array.from(dimsIn.values as ArrayLike<number>, Number);
  const dims: number[] = [];
  for (const d of listed) {
    if (d < -rank || d >= rank) throw invalid(ctx, `Invalid reduction dimension ${d} for input with ${rank} dimensions.`);
    const a = d < 0 ? d + rank : d;
    if (dims.includes(a)) throw invalid(ctx, `Duplicate reduction dimension ${d}`);
    dims.push(a);
  }
  const shape = x.shape, strings = x.strings;
  const strides = Array<number>(rank).fill(1);
  for (let i = rank - 2; i >= 0; i--) strides[i] = strides[i + 1] * shape[i + 1];
  const kept = shape.map((_, i) => i).filter((i) => !dims.includes(i));
  const outShape = keep ? shape.map((n, i) => (dims.includes(i) ? 1 : n)) : kept.map((i) => shape[i]);
  const outSize = kept.reduce((n, i) => n * shape[i], 1);
  const reducedSize = dims.reduce((n, i) => n * shape[i], 1);
  const out: string[] = [];
  for (let o = 0; o < outSize; o++) {
    // The kept dims' index from o (row-major), then every reduced index with the first listed dim fastest.
    let rem = o, base = 0;
    for (let k = kept.length - 1; k >= 0; k--) { const i = kept[k]; base += (rem % shape[i]) * strides[i]; rem = Math.floor(rem / shape[i]); }
    const parts: string[] = [];
    for (let r = 0; r < reducedSize; r++) {
      let rr = r, off = base;
      for (const i of dims) { off += (rr % shape[i]) * strides[i]; rr = Math.floor(rr / shape[i]); }
      parts.push(strings[off]);
    }
    out.push(parts.join(sep));
  }
  return [NDArray.fromStrings(out, outShape)];
});

/** The SparseTensor parts of a split: [batch, index] pairs, tokens, [batch, max tokens]. */
function splitResult(tokens: string[][]): NDArray[] {
  const total = tokens.reduce((n, t) => n + t.length, 0);
  const indices = new NDArray(int64, [total, 2]);
  const values: string[] = [];
  let k = 0, width = 0;
  tokens.forEach((t, b) => {
    width = Math.max(width, t.length);
    t.forEach((tok, j) => { indices.values[2 * k] = b; indices.values[2 * k + 1] = j; values.push(tok); k++; });
  });
  return [indices, NDArray.fromStrings(values, [total]), NDArray.from([tokens.length, width], int64)];
}

registerKernel('StringSplit', 'CPU', (ctx) => {
  const x = ctx.input(0), delimiter = ctx.input(1);
  if (x.ndim !== 1) throw invalid(ctx, `input must be a vector, got shape: ${shapeString(x.shape)}`);
  if (delimiter.ndim !== 0) throw invalid(ctx, `delimiter must be a scalar, got shape: ${shapeString(delimiter.shape)}`);
  const skipEmpty = Boolean(ctx.attr('skip_empty'));
  const delims = new Set(delimiter.data[0] as Uint8Array);
  const tokens = (x.data as Uint8Array[]).map((b) => {
    // An empty delimiter splits into single bytes.
    if (delims.size === 0) return Array.from(b, (c) => utf8Decoder.decode(Uint8Array.of(c)));
    const parts: string[] = [];
    let start = 0;
    for (let i = 0; i <= b.length; i++) {
      if (i === b.length || delims.has(b[i])) {
        if (!skipEmpty || i > start) parts.push(utf8Decoder.decode(b.subarray(start, i)));
        start = i + 1;
      }
    }
    return parts;
  });
  return splitResult(tokens);
});

registerKernel('StringSplitV2', 'CPU', (ctx) => {
  const x = ctx.input(0), sep = ctx.input(1);
  if (x.ndim !== 1) throw invalid(ctx, `input must be a vector, got shape: ${shapeString(x.shape)}`);
  if (sep.ndim !== 0) throw invalid(ctx, `sep must be a scalar, got shape: ${shapeString(sep.shape)}`);
  const maxsplit = Number(ctx.attr('maxsplit')), separator = sep.strings[0];
  const tokens = x.strings.map((s) => {
    if (separator === '') {
      // Python's str.split(): runs of whitespace, none empty.
      const words: string[] = [];
      let rest = s.replace(/^\s+/, '');
      while (rest !== '') {
        if (maxsplit >= 0 && words.length === maxsplit) { words.push(rest); break; }
        const m = /\s+/.exec(rest);
        if (!m) { words.push(rest); break; }
        words.push(rest.slice(0, m.index));
        rest = rest.slice(m.index + m[0].length);
      }
      return words;
    }
    const parts = s.split(separator);
    return maxsplit >= 0 && parts.length > maxsplit + 1 ? [...parts.slice(0, maxsplit), parts.slice(maxsplit).join(separator)] : parts;
  });
  return splitResult(tokens);
});

/** The bytes TF fingerprints for element `i` of a numeric array: its value in the dtype's own C layout. */
function elementBytes(x: NDArray): Uint8Array {
  const values = x.data as Exclude<NDArray['data'], Uint8Array[]>;
  // 64-bit integers are held as doubles: written back as the integers' own bytes.
  if (x.dtype === int64 || x.dtype === uint64) {
    const out = new DataView(new ArrayBuffer(8 * values.length));
    values.forEach((v, i) => out.setBigUint64(8 * i, BigInt.asUintN(64, BigInt(Math.trunc(Number(v)))), true));
    return new Uint8Array(out.buffer);
  }
  if (x.dtype.size === values.BYTES_PER_ELEMENT * (x.dtype.is_complex ? 2 : 1)) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  throw new UnimplementedError(null, null, `Fingerprint of ${x.dtype.name} data is not supported here`);
}

const fingerprintBytes = (fp: bigint, out: Uint8Array, at: number): void => {
  for (let j = 0; j < 8; j++) out[at + j] = Number((fp >> BigInt(8 * j)) & 0xffn);
};

registerKernel('Fingerprint', 'CPU', (ctx) => {
  const x = ctx.input(0), method = ctx.input(1).strings[0];
  if (method !== 'farmhash64') throw new InvalidArgumentError(null, null, `Unsupported fingerprint method: ${method}`);
  if (x.ndim < 1) throw new InvalidArgumentError(null, null, `tensor input must have rank >= 1, got ${x.ndim}`);
  const rows = x.shape[0], perRow = rows === 0 ? 0 : x.size / rows;
  const out = new NDArray(uint8, [rows, 8]), bytes = out.values as Uint8Array;
  if (x.dtype === stringDtype) {
    const strings = x.data as Uint8Array[];
    for (let r = 0; r < rows; r++) {
      if (perRow === 1) { fingerprintBytes(fingerprint64(strings[r]), bytes, 8 * r); continue; }
      const each = new Uint8Array(8 * perRow);
      for (let k = 0; k < perRow; k++) fingerprintBytes(fingerprint64(strings[r * perRow + k]), each, 8 * k);
      fingerprintBytes(fingerprint64(each), bytes, 8 * r);
    }
    return [out];
  }
  const all = elementBytes(x), rowBytes = perRow * x.dtype.size;
  for (let r = 0; r < rows; r++) fingerprintBytes(fingerprint64(all.subarray(r * rowBytes, (r + 1) * rowBytes)), bytes, 8 * r);
  return [out];
});

registerKernel('StringToHashBucketFast', 'CPU', (ctx) => {
  const x = ctx.input(0), bytes = x.data as Uint8Array[];
  const buckets = BigInt(ctx.attr('num_buckets') as number);
  const out = new NDArray(int64, x.shape);
  bytes.forEach((b, i) => { out.values[i] = Number(fingerprint64(b) % buckets); });
  return [out];
});
