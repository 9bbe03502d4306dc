/**
 * String ops of tf.strings: StringFormat (tf.strings.format, which tf.print builds on), StringJoin, StringLength,
 * StringStrip, Substr, RegexReplace, ReduceJoin, StringSplit and StringSplitV2.
 */
import { Tensor, registerOp } from '../framework/graph';
import { int32, int64, string as stringDtype, uint8 } from '../framework/dtypes';
import { SparseTensor } from './sparse_tensor';
import { TFTypeError, ValueError } from '../framework/errors';
import { pythonFunction } from '../framework/python_signature';
import { registerNotDifferentiable } from './gradient_util';
import { TensorLike, convert_to_tensor, isTensorLike, makeOp, opScope } from './op_builder';
import { checkRank, foldedConstant, shapeError } from './shape_fns';

/** How many times `placeholder` splits `template` (absl::StrSplit's count, less one). */
export function countPlaceholders(template: string, placeholder: string): number {
  return placeholder === '' ? template.length + 1 : template.split(placeholder).length - 1;
}

registerOp({
  type: 'StringFormat',
  outputDtypes: () => [stringDtype],
  attrDefaults: { template: { s: '%s' }, placeholder: { s: '%s' }, summarize: { i: 3 } },
  inferShapes: (op) => {
    const template = String((op.attrs.get('template') as { s: string }).s), placeholder = String((op.attrs.get('placeholder') as { s: string }).s);
    const n = countPlaceholders(template, placeholder);
    if (n !== op.inputs.length) {
      throw new ValueError(`${n} placeholder(s) in template does not match ${op.inputs.length} tensor(s) provided as input for '${op.name}' (op: 'StringFormat') with input shapes: ${op.inputs.map((t) => t.shape.debugString()).join(', ')}.`);
    }
    return [[]];
  },
});
registerNotDifferentiable('StringFormat');

export interface StringFormatOptions {
  placeholder?: string;
  summarize?: number;
  name?: string;
}

/**
 * A scalar string: `template` with each `placeholder` replaced by the next tensor of `inputs`, summarised as
 * tf.print shows tensors (the first and last `summarize` entries of each dimension; -1 for all).
 * @example tf.strings.format('tensor: {}, suffix', tf.range(10)) // 'tensor: [0 1 2 ... 7 8 9], suffix'
 */
export const string_format = pythonFunction('format', ['template', 'inputs', "placeholder='{}'", 'summarize=3', 'name=None'], 2,
  function string_format(template: string, inputs: TensorLike | readonly TensorLike[], options: StringFormatOptions = {}): Tensor {
    if (typeof template !== 'string') throw new TFTypeError(`Expected string for argument 'template' not ${String(template)}.`);
    // A lone tensor need not be wrapped in a list.
    const list: readonly TensorLike[] = isTensorLike(inputs) || !Array.isArray(inputs) ? [inputs as TensorLike] : inputs;
    return opScope(options.name, 'StringFormat', list, (scope) => {
      const ts = list.map((x) => convert_to_tensor(x));
      return makeOp('StringFormat', ts, {
        T: { list: { type: ts.map((t) => t.dtype.base_dtype) } },
        template: { s: template },
        placeholder: { s: options.placeholder ?? '{}' },
        summarize: { i: options.summarize ?? 3 },
      }, scope).outputs[0];
    });
  });

// ---- joins, lengths, substrings, regex replacement, splits --------------------------------------------

registerOp({ type: 'StringJoin', outputDtypes: () => [stringDtype], attrDefaults: { separator: { s: '' } }, inferShapes: (op) => [op.inputs.find((t) => t.shape.ndims !== 0)?.shape ?? []] });
registerOp({ type: 'StringLength', outputDtypes: () => [int32], attrDefaults: { unit: { s: 'BYTE' } }, inferShapes: (op) => [op.inputs[0].shape] });
registerOp({ type: 'Substr', outputDtypes: () => [stringDtype], attrDefaults: { unit: { s: 'BYTE' } }, inferShapes: (op) => [op.inputs[0].shape] });
registerOp({ type: 'RegexReplace', outputDtypes: () => [stringDtype], attrDefaults: { replace_global: { b: true } }, inferShapes: (op) => [op.inputs[0].shape] });
registerOp({ type: 'ReduceJoin', outputDtypes: () => [stringDtype], attrDefaults: { keep_dims: { b: false }, separator: { s: '' } } });
registerOp({ type: 'StringSplit', outputDtypes: () => [int64, stringDtype, int64], attrDefaults: { skip_empty: { b: true } }, inferShapes: () => [[null, 2], [null], [2]] });
registerOp({ type: 'StringSplitV2', outputDtypes: () => [int64, stringDtype, int64], attrDefaults: { maxsplit: { i: -1 } }, inferShapes: () => [[null, 2], [null], [2]] });
registerOp({ type: 'StringStrip', outputDtypes: () => [stringDtype], inferShapes: (op) => [op.inputs[0].shape] });
registerNotDifferentiable('StringStrip', 'StringJoin', 'StringLength', 'Substr', 'RegexReplace', 'ReduceJoin', 'StringSplit', 'StringSplitV2');

const asStrings = (x: TensorLike, name: string): Tensor => convert_to_tensor(x, { dtype: stringDtype, name });

/**
 * Element-wise concatenation of string tensors of one shape (scalars broadcast), with `separator` between.
 * @example tf.string_join(['a', tf.constant(['b', 'c'])], {separator: '-'}) // ['a-b', 'a-c']
 */
export const string_join = pythonFunction('string_join', ['inputs', "separator=''", 'name=None'], 1,
  function string_join(inputs: readonly TensorLike[], options: { separator?: string; name?: string } = {}): Tensor {
    if (!Array.isArray(inputs)) throw new TFTypeError(`Expected list for 'inputs' argument to 'StringJoin' Op, not ${String(inputs)}.`);
    return opScope(options.name, 'StringJoin', inputs, (scope) => {
      const ts = inputs.map((x) => asStrings(x, 'inputs'));
      return makeOp('StringJoin', ts, { N: { i: ts.length }, separator: { s: options.separator ?? '' } }, scope).outputs[0];
    });
  });

/**
 * Each string without its leading and trailing whitespace.
 * @example tf.string_strip(['  a b \n']) // ['a b']
 */
export const string_strip = pythonFunction('string_strip', ['input', 'name=None'], 1, function string_strip(input: TensorLike, options: { name?: string } = {}): Tensor {
  return opScope(options.name, 'StringStrip', [input], (scope) => makeOp('StringStrip', [asStrings(input, 'input')], {}, scope).outputs[0]);
});

function checkUnit(unit: string): string {
  if (unit !== 'BYTE' && unit !== 'UTF8_CHAR') throw new ValueError(`Attr 'unit' of '${unit}' is not in the list of allowed values: "BYTE", "UTF8_CHAR"`);
  return unit;
}

/**
 * Each string's length in bytes (unit 'BYTE') or Unicode code points ('UTF8_CHAR').
 * @example tf.strings.length(['hello', 'ü']) // [5, 2]
 */
export const string_length = pythonFunction('length', ['input', 'name=None', "unit='BYTE'"], 1,
  function string_length(input: TensorLike, options: { name?: string; unit?: string } = {}): Tensor {
    const unit = checkUnit(options.unit ?? 'BYTE');
    return opScope(options.name, 'StringLength', [input], (scope) => makeOp('StringLength', [asStrings(input, 'input')], { unit: { s: unit } }, scope).outputs[0]);
  });

/**
 * Substrings of `len` bytes (or code points) from `pos` (negative: from the end) of each string; `pos` and `len` are
 * scalars or of `input`'s shape. A `pos` past a string's end is an InvalidArgumentError.
 * @example tf.substr(['hello', 'world'], 1, 3) // ['ell', 'orl']
 */
export const substr = pythonFunction('substr', ['input', 'pos', 'len', 'name=None', "unit='BYTE'"], 3,
  function substr(input: TensorLike, pos: TensorLike, len: TensorLike, options: { name?: string; unit?: string } = {}): Tensor {
    const unit = checkUnit(options.unit ?? 'BYTE');
    return opScope(options.name, 'Substr', [input, pos, len], (scope) => {
      const s = asStrings(input, 'input');
      const p = convert_to_tensor(pos, { name: 'pos', preferred_dtype: int32 });
      const l = convert_to_tensor(len, { name: 'len', dtype: p.dtype.base_dtype });
      if (p.dtype.base_dtype !== int32 && p.dtype.base_dtype !== int64) throw new TFTypeError(`Value passed to parameter 'pos' has DataType ${p.dtype.base_dtype.name} not in list of allowed values: int32, int64`);
      return makeOp('Substr', [s, p, l], { T: { type: p.dtype.base_dtype }, unit: { s: unit } }, scope).outputs[0];
    });
  });

/**
 * Replaces the matches of the regular expression `pattern` (all of them, or the first with `replace_global: false`)
 * in each string by `rewrite`, where `\1`..`\9` name the groups (RE2's syntax, run as a JavaScript RegExp).
 * @example tf.regex_replace(['aab'], 'a+', 'x') // ['xb']
 */
export const regex_replace = pythonFunction('regex_replace', ['input', 'pattern', 'rewrite', 'replace_global=True', 'name=None'], 3,
  function regex_replace(input: TensorLike, pattern: TensorLike, rewrite: TensorLike, options: { replace_global?: boolean; name?: string } = {}): Tensor {
    return opScope(options.name, 'RegexReplace', [input, pattern, rewrite], (scope) =>
      makeOp('RegexReplace', [asStrings(input, 'input'), asStrings(pattern, 'pattern'), asStrings(rewrite, 'rewrite')],
        { replace_global: { b: options.replace_global ?? true } }, scope).outputs[0]);
  });

export interface ReduceJoinOptions {
  axis?: number | readonly number[] | null;
  keep_dims?: boolean | null;
  separator?: string;
  name?: string;
  reduction_indices?: number | readonly number[] | null;
  keepdims?: boolean | null;
}

/**
 * Joins the strings along `axis` (all axes when null, the first axis listed varying fastest) with `separator`.
 * @example tf.reduce_join([['a', 'b'], ['c', 'd']], 0) // ['ac', 'bd']
 */
export const reduce_join = pythonFunction('reduce_join', ['inputs', 'axis=None', 'keep_dims=None', "separator=''", 'name=None', 'reduction_indices=None', 'keepdims=None'], 2,
  function reduce_join(inputs: TensorLike, axis?: number | readonly number[] | null, options: ReduceJoinOptions = {}): Tensor {
    if (axis != null && options.reduction_indices != null) throw new ValueError('Cannot specify both \'axis\' and \'reduction_indices\'.');
    if (options.keep_dims != null && options.keepdims != null) throw new ValueError('Cannot specify both \'keepdims\' and \'keep_dims\'.');
    const ax = axis ?? options.reduction_indices ?? null;
    const keep = options.keepdims ?? options.keep_dims ?? false;
    return opScope(options.name, 'ReduceJoin', [inputs], (scope) => {
      const x = asStrings(inputs, 'inputs');
      let dims: number[];
      if (ax !== null) dims = typeof ax === 'number' ? [ax] : [...ax];
      else if (x.shape.ndims !== null) dims = Array.from({ length: x.shape.ndims }, (_, i) => x.shape.ndims! - 1 - i);
      else throw new ValueError('reduce_join with axis=None needs an input of known rank');
      const d = convert_to_tensor(typeof ax === 'number' ? ax : dims, { dtype: int32, name: 'reduction_indices' });
      const op = makeOp('ReduceJoin', [x, d], { keep_dims: { b: keep }, separator: { s: options.separator ?? '' } }, scope);
      if (x.shape.dims !== null) {
        const rank = x.shape.dims.length;
        const reduced = new Set(dims.map((i) => (i < 0 ? i + rank : i)));
        for (const i of reduced) if (i < 0 || i >= rank) throw new ValueError(`Invalid reduction dimension ${i} for input with ${rank} dimensions. for '${op.name}' (op: 'ReduceJoin')`);
        op.outputs[0].set_shape(x.shape.dims.flatMap((n, i) => (reduced.has(i) ? (keep ? [1] : []) : [n])));
      }
      return op.outputs[0];
    });
  });

function sparseOf(op: { outputs: readonly Tensor[] }): SparseTensor {
  return SparseTensor(op.outputs[0], op.outputs[1], op.outputs[2]);
}

/**
 * Splits each string of the vector `source` at any of the characters of `sep` (each byte when empty; ' ' by
 * default), into a SparseTensor [batch, max tokens] (TF 1.15's StringSplit; empty tokens dropped unless skip_empty false).
 * @example tf.string_split(['hello world', 'a b c']) // SparseTensor of values ['hello', 'world', 'a', 'b', 'c']
 */
export const string_split = pythonFunction('string_split', ['source', 'sep=None', 'skip_empty=True', 'delimiter=None', "result_type='SparseTensor'", 'name=None'], 2,
  function string_split(source: TensorLike, sep?: string | null, options: { skip_empty?: boolean; delimiter?: string | null; result_type?: string; name?: string } = {}): SparseTensor {
    if (sep != null && options.delimiter != null) throw new ValueError("Cannot specify both 'sep' and 'delimiter'");
    const resultType = options.result_type ?? 'SparseTensor';
    if (resultType === 'RaggedTensor') throw new ValueError("result_type 'RaggedTensor' is not supported here: scopeflow has no RaggedTensor; use 'SparseTensor'");
    if (resultType !== 'SparseTensor') throw new ValueError("result_type must be 'RaggedTensor' or 'SparseTensor'.");
    const delimiter = asStrings(sep ?? options.delimiter ?? ' ', 'delimiter');
    const s = asStrings(source, 'source');
    return sparseOf(makeOp('StringSplit', [s, delimiter], { skip_empty: { b: options.skip_empty ?? true } }, options.name ?? 'StringSplit'));
  });

/**
 * tf.strings.split as TF 1.15 (StringSplitV2): Python's str.split of each string of the vector `input`: at each `sep`
 * (empty tokens kept), or at runs of whitespace when `sep` is null; at most `maxsplit` splits. A SparseTensor back.
 * @example tf.strings.split(['a,b,,c'], ',') // values ['a', 'b', '', 'c']
 */
export const strings_split = pythonFunction('split', ['input=None', 'sep=None', 'maxsplit=-1', "result_type='SparseTensor'", 'source=None', 'name=None'], 2,
  function strings_split(input?: TensorLike | null, sep?: string | null, options: { maxsplit?: number; result_type?: string; source?: TensorLike | null; name?: string } = {}): SparseTensor {
    if (input != null && options.source != null) throw new ValueError("Cannot specify both 'input' and 'source'");
    const x = input ?? options.source;
    if (x == null) throw new TFTypeError("split() missing 1 required positional argument: 'input'");
    const resultType = options.result_type ?? 'SparseTensor';
    if (resultType !== 'SparseTensor') throw new ValueError(`result_type '${resultType}' is not supported here: scopeflow has no RaggedTensor; use 'SparseTensor'`);
    const s = asStrings(x, 'input');
    return sparseOf(makeOp('StringSplitV2', [s, asStrings(sep ?? '', 'sep')], { maxsplit: { i: options.maxsplit ?? -1 } }, options.name ?? 'StringSplit'));
  });

registerOp({
  type: 'Fingerprint',
  outputDtypes: () => [uint8],
  inferShapes: (op) => {
    const [data, method] = op.inputs;
    if (data.shape.ndims === 0) throw shapeError(op, 'Shape must be at least rank 1 but is rank 0');
    checkRank(op, method, 0);
    const known = foldedConstant(method);
    const name = known ? known.strings[0] : null;
    if (name !== null && name !== 'farmhash64') throw shapeError(op, `Unsupported fingerprint method: ${name}`);
    return [[data.shape.ndims === null ? null : data.shape.dims![0], name === null ? null : 8]];
  },
});
registerNotDifferentiable('Fingerprint');

/**
 * TF's Fingerprint: one fingerprint per slice of `data` along its first dimension, as 8 uint8 bytes (FarmHash
 * Fingerprint64 of the slice's bytes, little-endian). A slice of one string is fingerprinted by its bytes; a
 * slice of several strings by the fingerprints of each.
 * @example tf.fingerprint(tf.constant(['a', 'b']))  // uint8, shape [2, 8]
 */
export const fingerprint = pythonFunction('fingerprint', ['data', "method='farmhash64'", 'name=None'], 1, function fingerprint(data: TensorLike, options: { method?: string; name?: string } = {}): Tensor {
  return opScope(options.name, 'Fingerprint', [data], (scope) => {
    const x = convert_to_tensor(data, { name: 'data' });
    const method = convert_to_tensor(options.method ?? 'farmhash64', { dtype: stringDtype, name: 'method' });
    return makeOp('Fingerprint', [x, method], { T: { type: x.dtype.base_dtype } }, scope).outputs[0];
  });
});

registerOp({ type: 'StringToHashBucketFast', outputDtypes: () => [int64], inferShapes: (op) => [op.inputs[0].shape] });
registerNotDifferentiable('StringToHashBucketFast');

/**
 * Each string's bucket among `num_buckets`: TF's Fingerprint64 (FarmHash) of its bytes, modulo `num_buckets`
 * (StringToHashBucketFast), as int64.
 * @example tf.strings.to_hash_bucket_fast(['a', 'b', 'c', 'd'], 10)  // [9, 2, 2, 5]
 */
export const string_to_hash_bucket_fast = pythonFunction('string_to_hash_bucket_fast', ['input', 'num_buckets', 'name=None'], 2,
  function string_to_hash_bucket_fast(input: TensorLike, num_buckets: number, options: { name?: string } = {}): Tensor {
    if (!Number.isInteger(num_buckets) || num_buckets < 1) throw new ValueError(`Value for attr 'num_buckets' of ${num_buckets} must be at least minimum 1`);
    return opScope(options.name, 'StringToHashBucketFast', [input], (scope) =>
      makeOp('StringToHashBucketFast', [asStrings(input, 'input')], { num_buckets: { i: num_buckets } }, scope).outputs[0]);
  });
