/**
 * `tf.saved_model.builder.SavedModelBuilder` and `tf.saved_model.simple_save`: a SavedModel directory in
 * TF's layout (`saved_model.pb` or `.pbtxt`, `variables/variables.index` and `.data-*`, `assets/`), with
 * one meta graph per tag set, its signatures, assets and init op, as TF 1.15 writes it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Graph, Operation, Tensor, get_default_graph } from '../framework/graph';
import { AssertionError, TFTypeError, ValueError } from '../framework/errors';
import { GraphKeys } from '../framework/graph_keys';
import { NDArray } from '../framework/ndarray';
import { BaseSession } from '../runtime/session';
import { AssetFileDefCodec, MetaGraphDef, SavedModel, SavedModelCodec, SignatureDef } from '../proto';
import { Saver } from '../train/saver';
import { atomicWriteFile } from '../train/file_io';
import { messageToString } from '../train/text_format';
import { ASSET_FILE_DEF_TYPE_URL, constants, signature_constants, tag_constants } from './constants';
import { build_tensor_info, predict_signature_def } from './signature_def_utils';
import { PythonFunction, pythonClass, pythonFunction } from '../framework/python_signature';

export interface MetaGraphOptions {
  /** Signature key → SignatureDef. */
  signature_def_map?: Record<string, SignatureDef> | null;
  /** String tensors (Consts) holding the paths of files to copy into `assets/` and feed at load time. */
  assets_collection?: readonly Tensor[] | null;
  /** Op run after the variables are restored at load time (stored under `legacy_init_op`). */
  legacy_init_op?: Operation | Tensor | null;
  /** Op run after the variables are restored at load time (stored under `saved_model_main_op`). */
  main_op?: Operation | Tensor | null;
  clear_devices?: boolean;
  strip_default_attrs?: boolean;
  /** Saver of the variables (default: one over every saveable variable). */
  saver?: Saver | null;
}

/** The file path a string Const of the asset collection holds (TF's `_get_asset_tensor_filepath`). */
function assetSource(t: Tensor): string {
  if (!(t instanceof Tensor)) throw new TFTypeError(`assets_collection holds ${String(t)}, not a Tensor`);
  const value = t.op.type === 'Const' ? t.op.get_attr('value') : null;
  const paths = value instanceof NDArray && value.dtype.storage === 'string' ? value.strings : [];
  if (paths.length !== 1 || !paths[0]) throw new ValueError(`Invalid asset filepath tensor ${t.name}: a string Const holding one path is required`);
  return paths[0];
}

function isSignatureDef(x: unknown): x is SignatureDef {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && Object.keys(x).every((k) => ['inputs', 'outputs', 'method_name'].includes(k));
}

const META_GRAPH_PARAMS = [
  'signature_def_map: dict = None', 'assets_collection=None', 'legacy_init_op=None', 'clear_devices=False', 'main_op=None',
  'strip_default_attrs=False', 'saver=None',
] as const;
const ADD_META_GRAPH_AND_VARIABLES_PARAMS = ['sess', 'tags', ...META_GRAPH_PARAMS] as const;
const ADD_META_GRAPH_PARAMS = ['tags', ...META_GRAPH_PARAMS] as const;
const SAVE_PARAMS = ['as_text=False'] as const;

export class SavedModelBuilderImpl {
  private readonly model: SavedModel = { saved_model_schema_version: constants.SAVED_MODEL_SCHEMA_VERSION, meta_graphs: [] };
  private hasSavedVariables = false;

  constructor(readonly export_dir: string) {
    if (fs.existsSync(export_dir)) {
      if (fs.readdirSync(export_dir).length) {
        throw new AssertionError(`Export directory already exists, and isn't empty. Please choose a different export directory, or delete all the contents of the specified directory: ${export_dir}`);
      }
    } else fs.mkdirSync(export_dir, { recursive: true });
  }

  /** Saves `sess`'s variables and the graph's meta graph under `tags`; the first meta graph of the model. */
  declare add_meta_graph_and_variables: PythonFunction<typeof ADD_META_GRAPH_AND_VARIABLES_PARAMS, (sess: BaseSession, tags: readonly string[], options?: MetaGraphOptions) => void, 2>;
  /** Adds a meta graph of the default graph under further `tags`, sharing the variables already saved. */
  declare add_meta_graph: PythonFunction<typeof ADD_META_GRAPH_PARAMS, (tags: readonly string[], options?: MetaGraphOptions) => void, 1>;
  /** Writes `saved_model.pb` (or `saved_model.pbtxt` with `as_text`) and returns its path. */
  declare save: PythonFunction<typeof SAVE_PARAMS, (as_text?: boolean) => string, 1>;

  static {
    this.prototype.add_meta_graph_and_variables = pythonFunction('add_meta_graph_and_variables', ADD_META_GRAPH_AND_VARIABLES_PARAMS, 2,
      function add_meta_graph_and_variables(this: SavedModelBuilderImpl, sess: BaseSession, tags: readonly string[], options: MetaGraphOptions = {}): void {
        if (this.hasSavedVariables) {
          throw new AssertionError('Graph state including variables and assets has already been saved. Please invoke `add_meta_graph()` instead.');
        }
        const graph = sess.graph;
        this.prepare(graph, options, true);
        const variablesDir = path.join(this.export_dir, constants.VARIABLES_DIRECTORY);
        fs.mkdirSync(variablesDir, { recursive: true });
        const saver = options.saver ?? graph.as_default(() => new Saver(null, { sharded: true, allow_empty: true }));
        saver.save(sess, path.join(variablesDir, constants.VARIABLES_FILENAME), { write_meta_graph: false, write_state: false });
        this.addMetaGraph(graph, saver, tags, options);
        this.hasSavedVariables = true;
      });
    this.prototype.add_meta_graph = pythonFunction('add_meta_graph', ADD_META_GRAPH_PARAMS, 1,
      function add_meta_graph(this: SavedModelBuilderImpl, tags: readonly string[], options: MetaGraphOptions = {}): void {
        if (!this.hasSavedVariables) {
          throw new AssertionError('Graph state including variables and assets has not been saved yet. Please invoke `add_meta_graph_and_variables()` first.');
        }
        const graph = get_default_graph();
        this.prepare(graph, options, false);
        this.addMetaGraph(graph, options.saver ?? new Saver(null, { sharded: true, allow_empty: true }), tags, options);
      });
    this.prototype.save = pythonFunction('save', SAVE_PARAMS, 1, function save(this: SavedModelBuilderImpl, as_text = false): string {
      const file = path.join(this.export_dir, as_text ? constants.SAVED_MODEL_FILENAME_PBTXT : constants.SAVED_MODEL_FILENAME_PB);
      atomicWriteFile(file, as_text ? messageToString('tensorflow.SavedModel', this.model) : SavedModelCodec.encode(this.model));
      return file;
    });
  }

  /** Checks the signatures, files the init op, and copies the assets (their AssetFileDefs into the graph's collection). */
  private prepare(graph: Graph, options: MetaGraphOptions, copyAssets: boolean): void {
    for (const [key, sig] of Object.entries(options.signature_def_map ?? {})) {
      if (!isSignatureDef(sig)) throw new TFTypeError(`signature_def_map['${key}'] must be a SignatureDef, got ${JSON.stringify(sig)}`);
    }
    if (options.main_op && options.legacy_init_op) throw new ValueError('Only one of main_op and legacy_init_op may be given.');
    const init = options.main_op ?? options.legacy_init_op;
    if (init) {
      const key = options.main_op ? constants.MAIN_OP_KEY : constants.LEGACY_INIT_OP_KEY;
      if (!(init instanceof Operation) && !(init instanceof Tensor)) throw new TFTypeError(`${key} needs to be an Operation or Tensor: ${String(init)}`);
      graph.clear_collection(key);
      graph.add_to_collection(key, init);
    }
    graph.clear_collection(constants.ASSETS_KEY);
    for (const t of options.assets_collection ?? []) {
      const source = assetSource(t);
      const filename = path.basename(source);
      if (copyAssets) {
        const dir = path.join(this.export_dir, constants.ASSETS_DIRECTORY);
        fs.mkdirSync(dir, { recursive: true });
        const dest = path.join(dir, filename);
        if (!fs.existsSync(dest)) fs.copyFileSync(source, dest);
      }
      graph.add_to_collection(constants.ASSETS_KEY, {
        type_url: ASSET_FILE_DEF_TYPE_URL,
        value: AssetFileDefCodec.encode({ tensor_info: build_tensor_info(t), filename }),
      });
    }
  }

  private addMetaGraph(graph: Graph, saver: Saver, tags: readonly string[], options: MetaGraphOptions): void {
    const meta: MetaGraphDef = saver.export_meta_graph(null, { graph, clear_devices: options.clear_devices, strip_default_attrs: options.strip_default_attrs });
    meta.meta_info_def = { ...meta.meta_info_def, tags: [...tags] };
    meta.signature_def = { ...(options.signature_def_map ?? {}) };
    this.model.meta_graphs!.push(meta);
  }
}

/**
 * Writes a SavedModel: `add_meta_graph_and_variables` once (the variables and assets), `add_meta_graph`
 * for further tag sets, then `save`.
 * @example
 * const b = new tf.saved_model.builder.SavedModelBuilder(dir);
 * b.add_meta_graph_and_variables(sess, [tf.saved_model.tag_constants.SERVING], {signature_def_map: {serving_default: sig}});
 * b.save();
 */
export const SavedModelBuilder = pythonClass('SavedModelBuilder', ['export_dir'], 1, SavedModelBuilderImpl);
export type SavedModelBuilder = SavedModelBuilderImpl;

export interface SimpleSaveOptions {
  /** Op run at load time after the variables are restored (stored as the main op, as TF 1.15 does). */
  legacy_init_op?: Operation | Tensor | null;
}

/**
 * A serving SavedModel in one call: the `serve` tag, one Predict signature `serving_default` over the
 * named inputs and outputs, the graph's asset files, devices cleared (TF's `simple_save`).
 * @example tf.saved_model.simple_save(sess, dir, {x}, {y})
 */
export const simple_save = pythonFunction('simple_save', ['session', 'export_dir', 'inputs: dict', 'outputs: dict', 'legacy_init_op=None'], 4, function simple_save(session: BaseSession, export_dir: string, inputs: Record<string, Tensor>, outputs: Record<string, Tensor>, options: SimpleSaveOptions = {}): void {
  const signature_def_map = { [signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY]: predict_signature_def(inputs, outputs) };
  const b = new SavedModelBuilder(export_dir);
  b.add_meta_graph_and_variables(session, [tag_constants.SERVING], {
    signature_def_map,
    assets_collection: session.graph.get_collection<Tensor>(GraphKeys.ASSET_FILEPATHS),
    main_op: options.legacy_init_op ?? null,
    clear_devices: true,
  });
  b.save();
});
