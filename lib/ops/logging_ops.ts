/**
 * tf.Print: an identity that, when run, prints a message and some tensors' values (to stderr, as
 * TensorFlow does; the notebook kernel shows it as the cell's stderr stream). tf.Assert: an op that
 * fails when its condition is false.
 */
import { Operation, Tensor } from '../framework/graph';
import { bool } from '../framework/dtypes';
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
