/**
 * `tf.saved_model.loader`: a SavedModel directory (`saved_model.pb` or `.pbtxt`, `variables/`, `assets/`)
 * loaded into a session as TF 1.15's loader does: the meta graph whose tags match, its variables
 * restored, its main op (or legacy init op) run with the asset tensors fed their files' paths.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Operation, Tensor } from '../framework/graph';
import { IOError, RuntimeError } from '../framework/errors';
import { BaseSession } from '../runtime/session';
import { AssetFileDef, AssetFileDefCodec, MetaGraphDef, SavedModel, SavedModelCodec } from '../proto';
import { decodeBinaryOrText } from '../train/text_format';
import { import_meta_graph } from '../train/saver';
import { metaFilename } from '../train/tensor_bundle';
import * as logging from '../train/logging';
import { ASSET_FILE_DEF_TYPE_URL, constants } from './constants';
import { pythonFunction } from '../framework/python_signature';

/** The SavedModel proto of a directory: `saved_model.pbtxt` when there is one, else `saved_model.pb`. */
export function parseSavedModel(export_dir: string): SavedModel {
  const pbtxt = path.join(export_dir, constants.SAVED_MODEL_FILENAME_PBTXT);
  const pb = path.join(export_dir, constants.SAVED_MODEL_FILENAME_PB);
  const file = fs.existsSync(pbtxt) ? pbtxt : fs.existsSync(pb) ? pb : null;
  if (!file) {
    throw new IOError(`SavedModel file does not exist at: ${export_dir}/{${constants.SAVED_MODEL_FILENAME_PBTXT}|${constants.SAVED_MODEL_FILENAME_PB}}`);
  }
  try {
    return decodeBinaryOrText(SavedModelCodec, fs.readFileSync(file));
  } catch (e) {
    throw new IOError(`Cannot parse file ${file}: ${(e as Error).message}.`);
  }
}

/** Whether `export_dir` holds a SavedModel (TF's `maybe_saved_model_directory`). */
export const maybe_saved_model_directory = pythonFunction('maybe_saved_model_directory', ['export_dir'], 1, function maybe_saved_model_directory(export_dir: string): boolean {
  return [constants.SAVED_MODEL_FILENAME_PBTXT, constants.SAVED_MODEL_FILENAME_PB].some((f) => fs.existsSync(path.join(export_dir, f)));
});

/** The AssetFileDefs of a meta graph: its asset collection (TF 1.x builders) and its asset_file_def field. */
export function assetFileDefs(meta: MetaGraphDef): AssetFileDef[] {
  const packed = meta.collection_def?.[constants.ASSETS_KEY]?.any_list?.value ?? [];
  const fromCollection = packed.map((any) => {
    if (any.type_url !== ASSET_FILE_DEF_TYPE_URL) throw new RuntimeError(`Collection ${constants.ASSETS_KEY} holds a ${any.type_url}, not an AssetFileDef`);
    return AssetFileDefCodec.decode(any.value ?? new Uint8Array(0));
  });
  return [...fromCollection, ...(meta.asset_file_def ?? [])];
}

export interface LoadOptions {
  /** Prefix for the imported names (TF's `import_scope`). */
  import_scope?: string | null;
  clear_devices?: boolean;
}

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a), sb = new Set(b);
  return sa.size === sb.size && [...sa].every((t) => sb.has(t));
}

/**
 * Loads the meta graph tagged exactly `tags` from the SavedModel in `export_dir` into `sess`'s graph,
 * restores its variables and runs its init op; returns the MetaGraphDef (its `signature_def` names the
 * tensors to feed and fetch).
 * @example
 * const meta = tf.saved_model.loader.load(sess, [tf.saved_model.tag_constants.SERVING], dir);
 * const sig = meta.signature_def!['serving_default'];
 * sess.run(sig.outputs!['y'].name!, {[sig.inputs!['x'].name!]: [[1], [2]]});
 */
export const load = pythonFunction('load', ['sess', 'tags', 'export_dir', 'import_scope=None', 'clear_devices=False'], 3, function load(sess: BaseSession, tags: readonly string[], export_dir: string, options: LoadOptions = {}): MetaGraphDef {
  const model = parseSavedModel(export_dir);
  const metas = model.meta_graphs ?? [];
  const meta = metas.find((m) => sameTags(m.meta_info_def?.tags ?? [], tags));
  if (!meta) {
    const available = metas.map((m) => `[${(m.meta_info_def?.tags ?? []).map((t) => `'${t}'`).join(', ')}]`).join(', ');
    throw new RuntimeError(`MetaGraphDef associated with tags ${tags.map((t) => `'${t}'`).join(', ')} could not be found in SavedModel. To inspect available tag-sets in the SavedModel, please use the SavedModel CLI: \`saved_model_cli\`\navailable_tags: [${available}]`);
  }
  const scope = options.import_scope ?? null;
  const scoped = (name: string) => (scope ? `${scope}/${name}` : name);
  sess.graph.as_default(() => {
    const saver = import_meta_graph(meta, { import_scope: scope, clear_devices: options.clear_devices, graph: sess.graph });
    const variablesPath = path.join(export_dir, constants.VARIABLES_DIRECTORY, constants.VARIABLES_FILENAME);
    if (saver && fs.existsSync(metaFilename(variablesPath))) saver.restore(sess, variablesPath);
    else logging.info('The specified SavedModel has no variables; no checkpoints were restored.');

    const feeds = new Map<Tensor, string>();
    for (const asset of assetFileDefs(meta)) {
      const t = sess.graph.get_tensor_by_name(scoped(asset.tensor_info?.name ?? ''));
      feeds.set(t, path.join(export_dir, constants.ASSETS_DIRECTORY, asset.filename ?? ''));
    }
    const initKey = sess.graph.get_collection(constants.MAIN_OP_KEY).length ? constants.MAIN_OP_KEY : constants.LEGACY_INIT_OP_KEY;
    const initOps = sess.graph.get_collection<Operation | Tensor>(initKey);
    if (initOps.length > 1) throw new RuntimeError(`Expected exactly one SavedModel ${initKey === constants.MAIN_OP_KEY ? 'main' : 'legacy init'} op. Found: ${initOps.length}`);
    if (initOps.length === 1) sess.run(initOps[0], feeds);
  });
  return meta;
});
