/** tf.encode_base64 and tf.decode_base64 (TF's EncodeBase64 / DecodeBase64): web-safe base64, `-` and `_` for `+` and `/`. */
import { Tensor, registerOp } from '../framework/graph';
import { string as stringDtype } from '../framework/dtypes';
import { pythonFunction } from '../framework/python_signature';
import { registerNotDifferentiable } from './gradient_util';
import { TensorLike, convert_to_tensor, makeOp, opScope } from './op_builder';
import { shapeOfInput } from './schema_util';

registerOp({ type: 'EncodeBase64', outputDtypes: () => [stringDtype], attrDefaults: { pad: { b: false } }, inferShapes: shapeOfInput(0) });
registerOp({ type: 'DecodeBase64', outputDtypes: () => [stringDtype], inferShapes: shapeOfInput(0) });
registerNotDifferentiable('EncodeBase64', 'DecodeBase64');

/**
 * Each string as web-safe base64 (no `=` padding unless `pad`).
 * @example tf.encode_base64(['hello'])  // ['aGVsbG8']
 */
export const encode_base64 = pythonFunction('encode_base64', ['input', 'pad=False', 'name=None'], 1, function encode_base64(input: TensorLike, options: { pad?: boolean; name?: string } = {}): Tensor {
  return opScope(options.name, 'EncodeBase64', [input], (scope) => {
    const t = convert_to_tensor(input, { dtype: stringDtype, name: 'input' });
    return makeOp('EncodeBase64', [t], { pad: { b: options.pad ?? false } }, scope).outputs[0];
  });
});

/** Each web-safe base64 string decoded (padded or not); anything else is an InvalidArgumentError when run. */
export const decode_base64 = pythonFunction('decode_base64', ['input', 'name=None'], 1, function decode_base64(input: TensorLike, options: { name?: string } = {}): Tensor {
  return opScope(options.name, 'DecodeBase64', [input], (scope) => {
    const t = convert_to_tensor(input, { dtype: stringDtype, name: 'input' });
    return makeOp('DecodeBase64', [t], {}, scope).outputs[0];
  });
});
