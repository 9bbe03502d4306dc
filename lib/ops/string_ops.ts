/**
 * String ops of tf.strings: StringFormat (tf.strings.format, which tf.print builds on).
 */
import { Tensor, registerOp } from '../framework/graph';
import { string as stringDtype } from '../framework/dtypes';
import { TFTypeError, ValueError } from '../framework/errors';
import { pythonFunction } from '../framework/python_signature';
import { registerNotDifferentiable } from './gradient_util';
import { TensorLike, convert_to_tensor, isTensorLike, makeOp, opScope } from './op_builder';

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
