/**
 * `tf.saved_model.signature_def_utils` and `tf.saved_model.utils`: SignatureDefs (named inputs and outputs
 * of a serving graph) built from tensors, and tensors found again from their TensorInfo.
 */
import { string as stringDtype } from '../framework/dtypes';
import { Graph, Tensor, get_default_graph } from '../framework/graph';
import { TFTypeError, ValueError } from '../framework/errors';
import { SignatureDef, TensorInfo } from '../proto';
import { tensorShapeToProto } from '../train/meta_graph';
import { signature_constants } from './constants';
import { pythonFunction } from '../framework/python_signature';

/** A tensor's name, dtype and shape as a TensorInfo (TF's `build_tensor_info`). */
export const build_tensor_info = pythonFunction('build_tensor_info', ['tensor'], 1, function build_tensor_info(tensor: Tensor): TensorInfo {
  if (!(tensor instanceof Tensor)) throw new TFTypeError(`build_tensor_info expects a Tensor, got ${String(tensor)}`);
  return { name: tensor.name, dtype: tensor.dtype.base_dtype.as_datatype_enum, tensor_shape: tensorShapeToProto(tensor.shape) };
});

/**
 * The tensor a TensorInfo names, in `graph` (default graph), under `import_scope` when the meta graph was
 * imported under one.
 */
export const get_tensor_from_tensor_info = pythonFunction('get_tensor_from_tensor_info', ['tensor_info: dict', 'graph=None', 'import_scope=None'], 3, function get_tensor_from_tensor_info(tensor_info: TensorInfo, graph?: Graph | null, import_scope?: string | null): Tensor {
  if (tensor_info.coo_sparse) throw new ValueError('Sparse TensorInfos (coo_sparse) are not supported: scopeflow has no SparseTensor');
  if (!tensor_info.name) throw new ValueError(`Invalid TensorInfo: it names no tensor (${JSON.stringify(tensor_info)})`);
  const name = import_scope ? `${import_scope}/${tensor_info.name}` : tensor_info.name;
  return (graph ?? get_default_graph()).get_tensor_by_name(name);
});

/** A SignatureDef from TensorInfo maps (TF's `build_signature_def`). */
export const build_signature_def = pythonFunction('build_signature_def', ['inputs: dict = None', 'outputs: dict = None', 'method_name=None'], 3, function build_signature_def(inputs?: Record<string, TensorInfo> | null, outputs?: Record<string, TensorInfo> | null, method_name?: string | null): SignatureDef {
  const sig: SignatureDef = { inputs: { ...(inputs ?? {}) }, outputs: { ...(outputs ?? {}) } };
  if (method_name) sig.method_name = method_name;
  return sig;
});

function infos(tensors: Record<string, Tensor>): Record<string, TensorInfo> {
  const out: Record<string, TensorInfo> = {};
  for (const [k, t] of Object.entries(tensors)) out[k] = build_tensor_info(t);
  return out;
}

function isEmpty(x: Record<string, Tensor> | null | undefined): boolean { return !x || Object.keys(x).length === 0; }

/**
 * A Predict signature: any named inputs and outputs (TF's `predict_signature_def`).
 * @example tf.saved_model.signature_def_utils.predict_signature_def({x}, {y})
 */
export const predict_signature_def = pythonFunction('predict_signature_def', ['inputs: dict', 'outputs: dict'], 2, function predict_signature_def(inputs: Record<string, Tensor>, outputs: Record<string, Tensor>): SignatureDef {
  if (isEmpty(inputs)) throw new ValueError('Prediction inputs cannot be None or empty.');
  if (isEmpty(outputs)) throw new ValueError('Prediction outputs cannot be None or empty.');
  return build_signature_def(infos(inputs), infos(outputs), signature_constants.PREDICT_METHOD_NAME);
});

/** A Classify signature: serialized tf.Examples in, classes (string) and/or scores (float) out. */
export const classification_signature_def = pythonFunction('classification_signature_def', ['examples', 'classes', 'scores'], 3, function classification_signature_def(examples: Tensor, classes: Tensor | null, scores: Tensor | null): SignatureDef {
  if (!examples) throw new ValueError('Classification examples cannot be None.');
  if (!(examples instanceof Tensor) || examples.dtype.base_dtype !== stringDtype) throw new ValueError('Classification examples must be a string Tensor.');
  if (!classes && !scores) throw new ValueError('Classification classes and scores cannot both be None.');
  const outputs: Record<string, TensorInfo> = {};
  if (classes) {
    if (!(classes instanceof Tensor) || classes.dtype.base_dtype !== stringDtype) throw new ValueError('Classification classes must be a string Tensor.');
    outputs[signature_constants.CLASSIFY_OUTPUT_CLASSES] = build_tensor_info(classes);
  }
  if (scores) {
    if (!(scores instanceof Tensor) || !scores.dtype.base_dtype.is_floating) throw new ValueError('Classification scores must be a float Tensor.');
    outputs[signature_constants.CLASSIFY_OUTPUT_SCORES] = build_tensor_info(scores);
  }
  return build_signature_def({ [signature_constants.CLASSIFY_INPUTS]: build_tensor_info(examples) }, outputs, signature_constants.CLASSIFY_METHOD_NAME);
});

/** A Regress signature: serialized tf.Examples in, float predictions out. */
export const regression_signature_def = pythonFunction('regression_signature_def', ['examples', 'predictions'], 2, function regression_signature_def(examples: Tensor, predictions: Tensor): SignatureDef {
  if (!examples) throw new ValueError('Regression examples cannot be None.');
  if (!(examples instanceof Tensor) || examples.dtype.base_dtype !== stringDtype) throw new ValueError('Regression examples must be a string Tensor.');
  if (!predictions) throw new ValueError('Regression predictions cannot be None.');
  if (!(predictions instanceof Tensor) || !predictions.dtype.base_dtype.is_floating) throw new ValueError('Regression predictions must be a float Tensor.');
  return build_signature_def(
    { [signature_constants.REGRESS_INPUTS]: build_tensor_info(examples) },
    { [signature_constants.REGRESS_OUTPUTS]: build_tensor_info(predictions) },
    signature_constants.REGRESS_METHOD_NAME,
  );
});

/** Whether a SignatureDef is one of the three serving kinds, well formed (TF's `is_valid_signature`). */
export const is_valid_signature = pythonFunction('is_valid_signature', ['signature_def: dict'], 1, function is_valid_signature(signature_def: SignatureDef): boolean {
  const inputs = signature_def.inputs ?? {}, outputs = signature_def.outputs ?? {};
  const dtypeOf = (i: TensorInfo | undefined) => i?.dtype;
  const c = signature_constants;
  switch (signature_def.method_name) {
    case c.PREDICT_METHOD_NAME:
      return Object.keys(inputs).length > 0 && Object.keys(outputs).length > 0;
    case c.CLASSIFY_METHOD_NAME: {
      const keys = Object.keys(outputs);
      if (Object.keys(inputs).length !== 1 || dtypeOf(inputs[c.CLASSIFY_INPUTS]) !== stringDtype.as_datatype_enum) return false;
      if (keys.length === 0 || keys.some((k) => k !== c.CLASSIFY_OUTPUT_CLASSES && k !== c.CLASSIFY_OUTPUT_SCORES)) return false;
      if (outputs[c.CLASSIFY_OUTPUT_CLASSES] && dtypeOf(outputs[c.CLASSIFY_OUTPUT_CLASSES]) !== stringDtype.as_datatype_enum) return false;
      return true;
    }
    case c.REGRESS_METHOD_NAME:
      return Object.keys(inputs).length === 1 && dtypeOf(inputs[c.REGRESS_INPUTS]) === stringDtype.as_datatype_enum
        && Object.keys(outputs).length === 1 && outputs[c.REGRESS_OUTPUTS] !== undefined;
    default:
      return false;
  }
});
