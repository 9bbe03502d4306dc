/** The `tf.saved_model` namespace (TF 1.15's `tf.saved_model` and its submodules). Re-exports only. */
import * as loaderModule from './loader';
import * as signatureDefUtils from './signature_def_utils';
import { SavedModelBuilder } from './builder';

export { constants, signature_constants, tag_constants } from './constants';
export { SavedModelBuilder as Builder, simple_save } from './builder';
export type { MetaGraphOptions, SimpleSaveOptions } from './builder';
export type { LoadOptions } from './loader';
export type { MetaGraphDef as LoadedMetaGraph, SignatureDef, TensorInfo } from '../proto';
export { load, maybe_saved_model_directory as contains_saved_model } from './loader';
export {
  build_signature_def, build_tensor_info, classification_signature_def, get_tensor_from_tensor_info, is_valid_signature,
  predict_signature_def, regression_signature_def,
} from './signature_def_utils';

/** `tf.saved_model.loader`. */
export const loader = { load: loaderModule.load, maybe_saved_model_directory: loaderModule.maybe_saved_model_directory };
/** `tf.saved_model.builder`. */
export const builder = { SavedModelBuilder };
/** `tf.saved_model.signature_def_utils`. */
export const signature_def_utils = {
  build_signature_def: signatureDefUtils.build_signature_def,
  predict_signature_def: signatureDefUtils.predict_signature_def,
  classification_signature_def: signatureDefUtils.classification_signature_def,
  regression_signature_def: signatureDefUtils.regression_signature_def,
  is_valid_signature: signatureDefUtils.is_valid_signature,
};
/** `tf.saved_model.utils`. */
export const utils = {
  build_tensor_info: signatureDefUtils.build_tensor_info,
  get_tensor_from_tensor_info: signatureDefUtils.get_tensor_from_tensor_info,
};
