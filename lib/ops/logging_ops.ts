/**
 * tf.Print: an identity that, when run, prints a message and some tensors' values (to stderr, as
 * TensorFlow does; the notebook kernel shows it as the cell's stderr stream). tf.print: a PrintV2 op
 * printing a StringFormat of its inputs to a stream (stderr, stdout, a C++ log level or a file).
 * tf.Assert: an op that fails when its condition is false.
 */
import { Operation, Tensor, TensorConvertible, isTensorConvertible } from '../framework/graph';
import { bool, string as stringDtype } from '../framework/dtypes';
import { ValueError } from '../framework/errors';
import { PythonSignature, attachSignature, isPlainObject, pythonRepr as pythonReprOf } from '../framework/python_signature';
import { SparseTensor } from './sparse_tensor';
import { string_format } from './string_ops';
import { dtypeOfInput, shapeOfInput } from './schema_util';
import { registerOp, registerGradient } from '../framework/graph';
import { TensorLike, checkDtype, convert_to_tensor, makeOp, opScope } from './op_builder';
import { pythonFunction } from '../framework/python_signature';

registerOp({ type: 'Print', stateful: true, outputDtypes: dtypeOfInput(0), inferShapes: shapeOfInput(0) });
registerGradient('Print', (op, [grad]) => [grad, ...op.inputs.slice(1).map(() => null)]);

export interface PrintOptions {
  message?: string;
  /** Print only the first n runs (-1: always). */
  first_n?: number;
  /** Elements printed per tensor. */
  summarize?: number;
  name?: string;
}

/**
 * Returns `input` unchanged; running it prints `message` followed by each tensor of `data`.
 * @example const y = tf.Print(x, [x, tf.shape(x)], {message: 'x is: '});
 */
export const Print = pythonFunction('Print', ['input_', 'data', 'message=None', 'first_n=None', 'summarize=None', 'name=None'], 2, function Print(input: TensorLike, data: readonly TensorLike[], options: PrintOptions = {}): Tensor {
  return opScope(options.name, 'Print', [input, ...data], (scope) => {
    const x = convert_to_tensor(input, { name: 'input' });
    const ts = data.map((d) => convert_to_tensor(d));
    return makeOp('Print', [x, ...ts], {
      T: { type: x.dtype.base_dtype },
      U: { list: { type: ts.map((t) => t.dtype.base_dtype) } },
      message: { s: options.message ?? '' },
      first_n: { i: options.first_n ?? -1 },
      summarize: { i: options.summarize ?? 3 },
    }, scope).outputs[0];
  });
});

registerOp({ type: 'Assert', stateful: true, outputDtypes: () => [], attrDefaults: { summarize: { i: 3 } } });

/**
 * An op that, when run, raises InvalidArgumentError if `condition` is false, listing `data`'s values.
 * @example const check = tf.Assert(tf.reduce_all(x.gt(0)), ['x must be positive: ', x]);
 */
export const Assert = pythonFunction('Assert', ['condition', 'data', 'summarize=None', 'name=None'], 2, function Assert(condition: TensorLike, data: readonly TensorLike[], options: { summarize?: number; name?: string } = {}): Operation {
  return opScope(options.name, 'Assert', [condition, ...data], (scope) => {
    const c = convert_to_tensor(condition, { name: 'condition' });
    checkDtype('Assert', 'condition', c, [bool]);
    const ts = data.map((d, i) => convert_to_tensor(d, { name: `data_${i}` }));
    return makeOp('Assert', [c, ...ts], { T: { list: { type: ts.map((t) => t.dtype.base_dtype) } }, summarize: { i: options.summarize ?? 3 } }, scope);
  });
});

registerOp({
  type: 'PrintV2',
  stateful: true,
  outputDtypes: () => [],
  attrDefaults: { output_stream: { s: 'stderr' }, end: { s: '\n' } },
  inferShapes: (op) => {
    const rank = op.inputs[0].shape.ndims;
    if (rank !== null && rank !== 0) throw new ValueError(`input must be a scalar, but has rank: ${rank} for '${op.name}' (op: 'PrintV2') with input shapes: ${op.inputs[0].shape}.`);
    return [];
  },
});

/** The output_stream values tf.print takes (TF's sys.stdout, sys.stderr and logging levels), by the PrintV2 attr they give. */
const OUTPUT_STREAMS = new Map<unknown, string>();

/** Makes `value` (a logging function or level) an output_stream of tf.print, printing to the C++ stream `constant`. */
export function registerPrintOutputStream(value: unknown, constant: 'log(info)' | 'log(warning)' | 'log(error)'): void {
  OUTPUT_STREAMS.set(value, constant);
}

function outputStreamConstant(stream: unknown): string {
  if (typeof stream === 'string' && stream.startsWith('file://')) return stream;
  // Looked up at the call: the notebook kernel replaces process.stdout and process.stderr with its cell streams.
  if (stream === process.stdout) return 'stdout';
  if (stream === process.stderr) return 'stderr';
  const c = OUTPUT_STREAMS.get(stream);
  if (c !== undefined) return c;
  throw new ValueError(`Unsupported output stream, logging level, or file.${String(stream)}. Supported streams are sys.stdout, sys.stderr, tf.logging.info, tf.logging.warning, tf.logging.error. File needs to be in the form of 'file://<filepath>'.`);
}

const PRINT_KEYWORDS = ['output_stream', 'summarize', 'sep', 'end', 'name'];

/** Python's repr of a value without tensors, with the mark of a tensor written as `placeholder`. */
function pythonRepr(x: unknown, placeholder: string): string {
  return pythonReprOf(x, (v) => (v === PLACEHOLDER_MARK ? placeholder : undefined));
}

const PLACEHOLDER_MARK = Symbol('tensor placeholder');

/** A placeholder that does not occur in `text` (TF's _generate_placeholder_string: `{}`, then digits appended). */
function placeholderFor(text: string): string {
  let p = '{}';
  for (let i = 0; p !== '' && text.includes(p); i++) p += String((i * 7 + 5) % 10);
  return p;
}

export interface PrintV2Options {
  /** process.stderr (the default), process.stdout, tf.logging.info / warning / error (or their levels), or 'file://<path>'. */
  output_stream?: unknown;
  summarize?: number;
  sep?: string;
  end?: string;
  name?: string;
}

type PrintInput = TensorLike | SparseTensor | null | undefined | readonly PrintInput[] | { readonly [key: string]: PrintInput };

/**
 * tf.print: an op that, when run, prints its inputs separated by `sep` and followed by `end`; tensors are summarised
 * (the first and last `summarize` entries of each dimension), strings are printed as they are, lists and objects
 * holding tensors as Python prints them. A trailing object whose keys are all tf.print's keywords is its options.
 * @example sess.run(tf.print('tensors:', tf.range(10), {output_stream: process.stdout})); // tensors: [0 1 2 ... 7 8 9]
 */
export function print_v2(...args: (PrintInput | PrintV2Options)[]): Operation {
  const last = args[args.length - 1];
  const hasOptions = args.length > 0 && isPlainObject(last) && Object.keys(last).length > 0 && Object.keys(last).every((k) => PRINT_KEYWORDS.includes(k));
  const options = (hasOptions ? last : {}) as PrintV2Options;
  const inputs = (hasOptions ? args.slice(0, -1) : args) as PrintInput[];
  const streamConstant = outputStreamConstant(options.output_stream === undefined ? process.stderr : options.output_stream);
  const sep = options.sep ?? ' ', end = options.end ?? '\n';
  const formatName = options.name ? `${options.name}_format` : undefined;
  // Variables count as tensors, as TF's tensor_util.is_tensor has them.
  const isTensor = (x: unknown): x is Tensor | TensorConvertible => x instanceof Tensor || isTensorConvertible(x);
  const asTensor = (x: Tensor | TensorConvertible): Tensor => (x instanceof Tensor ? x : x._as_tensor());
  let formatted: Tensor;
  const only = inputs[0];
  if (inputs.length === 1 && isTensor(only) && asTensor(only).dtype.base_dtype === stringDtype && asTensor(only).shape.ndims === 0) {
    // A lone scalar string is printed as it is, unformatted.
    formatted = asTensor(only);
  } else {
    const tensors: Tensor[] = [];
    const strip = (x: PrintInput): unknown => {
      if (x instanceof SparseTensor || isTensor(x)) return PLACEHOLDER_MARK;
      if (Array.isArray(x)) return x.map(strip);
      if (isPlainObject(x)) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, strip(v as PrintInput)]));
      return x;
    };
    const tensorFree = inputs.map((x) => (typeof x === 'string' ? x : pythonRepr(strip(x), ''))).join(' ');
    const placeholder = placeholderFor(tensorFree);
    // Tensors in the order Python's nest.flatten visits them (a dict's values by sorted key).
    const collect = (x: PrintInput): string => {
      if (x instanceof SparseTensor) {
        tensors.push(x.indices, x.values, x.dense_shape);
        return `SparseTensor(indices=${placeholder}, values=${placeholder}, shape=${placeholder})`;
      }
      if (isTensor(x)) { tensors.push(asTensor(x)); return placeholder; }
      if (Array.isArray(x)) return `[${x.map(collect).join(', ')}]`;
      if (isPlainObject(x)) return `{${Object.keys(x).sort().map((k) => `${pythonRepr(k, placeholder)}: ${collect(x[k] as PrintInput)}`).join(', ')}}`;
      return pythonRepr(x, placeholder);
    };
    const template = inputs.map((x) => (typeof x === 'string' ? x : collect(x))).join(sep);
    formatted = string_format(template, tensors, { placeholder, summarize: options.summarize ?? 3, name: formatName });
  }
  return makeOp('PrintV2', [formatted], { output_stream: { s: streamConstant }, end: { s: end } }, options.name ?? 'PrintV2', formatted.graph);
}
attachSignature(print_v2, new PythonSignature('print', ['*inputs', '**kwargs']));
