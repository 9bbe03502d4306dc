/**
 * `tf.estimator.export`: what a serving graph takes (ServingInputReceiver and its builders, raw tensors or
 * serialized tf.Examples) and what it answers (PredictOutput, ClassificationOutput, RegressionOutput), as
 * `Estimator.export_savedmodel` turns them into a SavedModel's signatures.
 */
import { float32, string as stringDtype } from '../framework/dtypes';
import { Tensor } from '../framework/graph';
import { TFTypeError, ValueError } from '../framework/errors';
import { TensorShape } from '../framework/tensor_shape';
import { placeholder } from '../ops/array_ops';
import { FixedLenFeature, parse_example } from '../ops/parsing_ops';
import { SignatureDef } from '../proto';
import { signature_constants } from '../saved_model/constants';
import { classification_signature_def, predict_signature_def, regression_signature_def } from '../saved_model/signature_def_utils';
import { pythonClass, pythonFunction } from '../framework/python_signature';

/** The features a model_fn gets at serving time and the tensors a client feeds (TF's ServingInputReceiver). */
export class ServingInputReceiverImpl {
  readonly features: Readonly<Record<string, Tensor>>;
  readonly receiver_tensors: Readonly<Record<string, Tensor>>;
  constructor(features: Tensor | Readonly<Record<string, Tensor>>, receiver_tensors: Tensor | Readonly<Record<string, Tensor>>) {
    const asDict = (x: Tensor | Readonly<Record<string, Tensor>>, what: string, key: string): Readonly<Record<string, Tensor>> => {
      const d = x instanceof Tensor ? { [key]: x } : x;
      if (!d || Object.keys(d).length === 0) throw new ValueError(`${what} must be defined.`);
      for (const [k, t] of Object.entries(d)) if (!(t instanceof Tensor)) throw new ValueError(`${what} must be a Tensor, or a dict of Tensors; ${k} is ${String(t)}.`);
      return d;
    };
    this.features = asDict(features, 'features', 'feature');
    this.receiver_tensors = asDict(receiver_tensors, 'receiver_tensors', 'input');
  }
}
export const ServingInputReceiver = pythonClass('ServingInputReceiver', ['features: dict', 'receiver_tensors: dict'], 2, ServingInputReceiverImpl);
export type ServingInputReceiver = ServingInputReceiverImpl;

/** A serving_input_receiver_fn: builds the serving inputs in the export graph. */
export type ServingInputReceiverFn = () => ServingInputReceiver;

/**
 * A receiver feeding placeholders shaped like `features` with the batch dimension left open (or
 * `default_batch_size`), under the features' names (TF's `build_raw_serving_input_receiver_fn`).
 */
export const build_raw_serving_input_receiver_fn = pythonFunction('build_raw_serving_input_receiver_fn', ['features: dict', 'default_batch_size=None'], 2,
  function build_raw_serving_input_receiver_fn(features: Readonly<Record<string, Tensor>>, default_batch_size: number | null = null): ServingInputReceiverFn {
    return () => {
      const receivers: Record<string, Tensor> = {};
      for (const [name, t] of Object.entries(features)) {
        const dims = t.shape.dims;
        const shape = dims === null ? null : [default_batch_size, ...dims.slice(1)];
        receivers[name] = placeholder(t.dtype.base_dtype, shape === null ? new TensorShape(null) : shape, name);
      }
      return new ServingInputReceiverImpl(receivers, receivers);
    };
  });

/**
 * A receiver taking serialized tf.Examples (`input_example_tensor`, a string vector) parsed by `feature_spec`
 * (TF's `build_parsing_serving_input_receiver_fn`), its signature input named `examples`.
 */
export const build_parsing_serving_input_receiver_fn = pythonFunction('build_parsing_serving_input_receiver_fn', ['feature_spec: dict', 'default_batch_size=None'], 2,
  function build_parsing_serving_input_receiver_fn(feature_spec: Readonly<Record<string, FixedLenFeature>>, default_batch_size: number | null = null): ServingInputReceiverFn {
    return () => {
      const serialized = placeholder(stringDtype, [default_batch_size], 'input_example_tensor');
      return new ServingInputReceiverImpl(parse_example(serialized, { ...feature_spec }), { examples: serialized });
    };
  });

/** What a serving signature answers; each kind makes its SignatureDef from the receiver tensors. */
export abstract class ExportOutput {
  abstract as_signature_def(receiver_tensors: Readonly<Record<string, Tensor>>): SignatureDef;
}

function singleStringInput(receiver_tensors: Readonly<Record<string, Tensor>>, kind: string): Tensor {
  const tensors = Object.values(receiver_tensors);
  if (tensors.length !== 1 || tensors[0].dtype.base_dtype !== stringDtype) {
    throw new ValueError(`${kind} input must be a single string Tensor; got ${JSON.stringify(Object.fromEntries(Object.entries(receiver_tensors).map(([k, t]) => [k, `${t.name} (${t.dtype.name})`])))}`);
  }
  return tensors[0];
}

/** Any named outputs (a Predict signature). */
export class PredictOutputImpl extends ExportOutput {
  readonly outputs: Readonly<Record<string, Tensor>>;
  constructor(outputs: Tensor | Readonly<Record<string, Tensor>>) {
    super();
    this.outputs = outputs instanceof Tensor ? { output: outputs } : outputs;
    for (const [k, t] of Object.entries(this.outputs)) if (!(t instanceof Tensor)) throw new ValueError(`Prediction output value must be a Tensor; got ${k}: ${String(t)}.`);
  }
  as_signature_def(receiver_tensors: Readonly<Record<string, Tensor>>): SignatureDef { return predict_signature_def({ ...receiver_tensors }, { ...this.outputs }); }
}
export const PredictOutput = pythonClass('PredictOutput', ['outputs: dict'], 1, PredictOutputImpl);

/** Scores (float) and/or classes (string) for serialized examples (a Classify signature). */
export class ClassificationOutputImpl extends ExportOutput {
  constructor(readonly scores: Tensor | null = null, readonly classes: Tensor | null = null) {
    super();
    if (scores === null && classes === null) throw new ValueError('At least one of scores and classes must be set.');
    if (scores !== null && (!(scores instanceof Tensor) || scores.dtype.base_dtype !== float32)) throw new ValueError(`Classification scores must be a float32 Tensor; got ${String(scores)}`);
    if (classes !== null && (!(classes instanceof Tensor) || classes.dtype.base_dtype !== stringDtype)) throw new ValueError(`Classification classes must be a string Tensor; got ${String(classes)}`);
  }
  as_signature_def(receiver_tensors: Readonly<Record<string, Tensor>>): SignatureDef {
    return classification_signature_def(singleStringInput(receiver_tensors, 'Classification'), this.classes, this.scores);
  }
}
export const ClassificationOutput = pythonClass('ClassificationOutput', ['scores=None', 'classes=None'], 2, ClassificationOutputImpl);

/** A float value per serialized example (a Regress signature). */
export class RegressionOutputImpl extends ExportOutput {
  constructor(readonly value: Tensor) {
    super();
    if (!(value instanceof Tensor) || value.dtype.base_dtype !== float32) throw new ValueError(`Regression output value must be a float32 Tensor; got ${String(value)}`);
  }
  as_signature_def(receiver_tensors: Readonly<Record<string, Tensor>>): SignatureDef {
    return regression_signature_def(singleStringInput(receiver_tensors, 'Regression'), this.value);
  }
}
export const RegressionOutput = pythonClass('RegressionOutput', ['value'], 1, RegressionOutputImpl);

/**
 * The signatures of an export: one per export output (TF's build_all_signature_defs); those a receiver
 * cannot serve (a Classify or Regress output with non-string inputs) are left out, as TF does.
 */
export function buildAllSignatureDefs(receiver_tensors: Readonly<Record<string, Tensor>>, export_outputs: Readonly<Record<string, ExportOutput>>,
  warn: (message: string) => void): Record<string, SignatureDef> {
  const out: Record<string, SignatureDef> = {};
  for (const [key, output] of Object.entries(export_outputs)) {
    if (!(output instanceof ExportOutput)) throw new TFTypeError(`Values in export_outputs must be ExportOutput objects. Given: ${key}: ${String(output)}`);
    try {
      out[key] = output.as_signature_def(receiver_tensors);
    } catch (e) {
      if (!(e instanceof ValueError)) throw e;
      warn(`Export includes no signature for ${key}: ${e.message}`);
    }
  }
  if (!(signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY in out) && Object.keys(out).length === 0) {
    throw new ValueError('Export has no signatures: export_outputs gave none that the receiver tensors can serve.');
  }
  return out;
}
