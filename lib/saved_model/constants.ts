/** `tf.saved_model.tag_constants`, `signature_constants` and `constants`: TF 1.15's names and file layout. */

/** Tags of a meta graph in a SavedModel. */
export const tag_constants = { SERVING: 'serve', TRAINING: 'train', EVAL: 'eval', GPU: 'gpu', TPU: 'tpu' } as const;

/** Signature keys, method names and the conventional input and output keys of the serving APIs. */
export const signature_constants = {
  DEFAULT_SERVING_SIGNATURE_DEF_KEY: 'serving_default',
  CLASSIFY_INPUTS: 'inputs',
  CLASSIFY_METHOD_NAME: 'tensorflow/serving/classify',
  CLASSIFY_OUTPUT_CLASSES: 'classes',
  CLASSIFY_OUTPUT_SCORES: 'scores',
  PREDICT_INPUTS: 'inputs',
  PREDICT_METHOD_NAME: 'tensorflow/serving/predict',
  PREDICT_OUTPUTS: 'outputs',
  REGRESS_INPUTS: 'inputs',
  REGRESS_METHOD_NAME: 'tensorflow/serving/regress',
  REGRESS_OUTPUTS: 'outputs',
} as const;

/** File and collection names of a SavedModel directory. */
export const constants = {
  SAVED_MODEL_SCHEMA_VERSION: 1,
  SAVED_MODEL_FILENAME_PB: 'saved_model.pb',
  SAVED_MODEL_FILENAME_PBTXT: 'saved_model.pbtxt',
  VARIABLES_DIRECTORY: 'variables',
  VARIABLES_FILENAME: 'variables',
  ASSETS_DIRECTORY: 'assets',
  ASSETS_KEY: 'saved_model_assets',
  LEGACY_INIT_OP_KEY: 'legacy_init_op',
  MAIN_OP_KEY: 'saved_model_main_op',
} as const;

/** The type URL of an AssetFileDef packed in the asset collection. */
export const ASSET_FILE_DEF_TYPE_URL = 'type.googleapis.com/tensorflow.AssetFileDef';
