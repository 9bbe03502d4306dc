/**
 * The `checkpoint` state file and checkpoint files on disk (TF's checkpoint_management.py):
 * `get_checkpoint_state`, `update_checkpoint_state`, `latest_checkpoint`, `checkpoint_exists`,
 * `remove_checkpoint`.
 */
import * as fs from 'fs';
import { OpError, RuntimeError, ValueError } from '../framework/errors';
import { CheckpointFormatVersion, CheckpointState } from '../proto';
import { atomicWriteString } from './file_io';
import * as logging from './logging';
import { anyBasename, basename, dirname, isabs, join, relpath } from './pypath';
import { TextFormatParseError, checkpointStateToText, parseCheckpointState } from './text_format';
import { pythonFunction } from '../framework/python_signature';

export type { CheckpointState } from '../proto';

/** `<save_dir>/<latest_filename or "checkpoint">` */
function checkpointFilename(saveDir: string, latestFilename?: string | null): string {
  return join(saveDir, latestFilename || 'checkpoint');
}

export interface CheckpointStateOptions {
  all_model_checkpoint_paths?: readonly string[] | null;
  all_model_checkpoint_timestamps?: readonly number[] | null;
  last_preserved_timestamp?: number | null;
}

/**
 * The CheckpointState for a save: the newest path last in the list, relative paths rewritten relative
 * to `save_dir` when `save_dir` itself is relative.
 */
export const generate_checkpoint_state_proto = pythonFunction('generate_checkpoint_state_proto', ['save_dir', 'model_checkpoint_path', 'all_model_checkpoint_paths=None', 'all_model_checkpoint_timestamps=None', 'last_preserved_timestamp=None'], 2, function generate_checkpoint_state_proto(
  save_dir: string, model_checkpoint_path: string, options: CheckpointStateOptions = {},
): CheckpointState {
  let all = [...(options.all_model_checkpoint_paths ?? [])];
  const timestamps = options.all_model_checkpoint_timestamps ? [...options.all_model_checkpoint_timestamps] : [];
  if (all.length === 0 || all[all.length - 1] !== model_checkpoint_path) {
    logging.info(`${model_checkpoint_path} is not in all_model_checkpoint_paths. Manually adding it.`);
    all.push(model_checkpoint_path);
  }
  if (timestamps.length && timestamps.length !== all.length) {
    throw new ValueError(`Checkpoint timestamps, if provided, must match checkpoint paths (got paths ${JSON.stringify(all)} and timestamps ${JSON.stringify(timestamps)})`);
  }
  let model = model_checkpoint_path;
  if (!isabs(save_dir)) {
    if (!isabs(model)) model = relpath(model, save_dir);
    all = all.map((p) => (isabs(p) ? p : relpath(p, save_dir)));
  }
  const state: CheckpointState = { model_checkpoint_path: model, all_model_checkpoint_paths: all };
  if (timestamps.length) state.all_model_checkpoint_timestamps = timestamps;
  if (options.last_preserved_timestamp) state.last_preserved_timestamp = options.last_preserved_timestamp;
  return state;
});

/**
 * Writes `<save_dir>/checkpoint` (atomically) naming `model_checkpoint_path` as the latest.
 * @example tf.train.update_checkpoint_state('/tmp/m', '/tmp/m/model.ckpt-10')
 */
export const update_checkpoint_state = pythonFunction('update_checkpoint_state', ['save_dir', 'model_checkpoint_path', 'all_model_checkpoint_paths=None', 'latest_filename=None', 'all_model_checkpoint_timestamps=None', 'last_preserved_timestamp=None'], 2, function update_checkpoint_state(
  save_dir: string, model_checkpoint_path: string,
  options: CheckpointStateOptions & { latest_filename?: string | null } = {},
): void {
  update_checkpoint_state_internal(save_dir, model_checkpoint_path, { ...options, save_relative_paths: false });
});

export function update_checkpoint_state_internal(
  save_dir: string, model_checkpoint_path: string,
  options: CheckpointStateOptions & { latest_filename?: string | null; save_relative_paths?: boolean } = {},
): void {
  const { latest_filename, save_relative_paths, ...stateOptions } = options;
  const coord = checkpointFilename(save_dir, latest_filename);
  let state: CheckpointState;
  if (save_relative_paths) {
    const rel = (p: string) => (isabs(p) ? relpath(p, save_dir) : p);
    state = generate_checkpoint_state_proto(save_dir, rel(model_checkpoint_path), {
      ...stateOptions, all_model_checkpoint_paths: (stateOptions.all_model_checkpoint_paths ?? []).map(rel),
    });
  } else {
    state = generate_checkpoint_state_proto(save_dir, model_checkpoint_path, stateOptions);
  }
  if (coord === state.model_checkpoint_path) {
    throw new RuntimeError(`Save path '${model_checkpoint_path}' conflicts with path used for checkpoint state.  Please use a different save path.`);
  }
  atomicWriteString(coord, checkpointStateToText(state));
}

/**
 * Reads `<checkpoint_dir>/checkpoint`: null when it is missing or unreadable (with a warning);
 * relative paths come back joined onto `checkpoint_dir`.
 */
export const get_checkpoint_state = pythonFunction('get_checkpoint_state', ['checkpoint_dir', 'latest_filename=None'], 2, function get_checkpoint_state(checkpoint_dir: string, latest_filename?: string | null): CheckpointState | null {
  const coord = checkpointFilename(checkpoint_dir, latest_filename);
  let text: string;
  try {
    if (!fs.existsSync(coord)) return null;
    text = fs.readFileSync(coord, 'utf8');
  } catch (e) {
    logging.warning(`${(e as Error).name}: ${(e as Error).message}`);
    logging.warning(`${checkpoint_dir}: Checkpoint ignored`);
    return null;
  }
  let state: CheckpointState;
  try {
    state = parseCheckpointState(text);
  } catch (e) {
    if (e instanceof TextFormatParseError || e instanceof OpError) {
      logging.warning(`${e.name}: ${e.message}`);
      logging.warning(`${checkpoint_dir}: Checkpoint ignored`);
      return null;
    }
    throw e;
  }
  if (!state.model_checkpoint_path) throw new ValueError(`Invalid checkpoint state loaded from ${checkpoint_dir}`);
  if (!isabs(state.model_checkpoint_path)) state.model_checkpoint_path = join(checkpoint_dir, state.model_checkpoint_path);
  state.all_model_checkpoint_paths = (state.all_model_checkpoint_paths ?? []).map((p) => (isabs(p) ? p : join(checkpoint_dir, p)));
  return state;
});

/** Whether V2 (`<prefix>.index`) or V1 (`<prefix>`) checkpoint files exist for this prefix. */
export const checkpoint_exists = pythonFunction('checkpoint_exists', ['checkpoint_prefix'], 1, function checkpoint_exists(checkpoint_prefix: string): boolean {
  return isFile(`${checkpoint_prefix}.index`) || isFile(checkpoint_prefix);
});

function isFile(p: string): boolean {
  try { return fs.statSync(p).isFile(); } catch { return false; }
}

/**
 * The newest checkpoint prefix recorded in `<checkpoint_dir>/checkpoint` whose files exist, else null.
 * Beyond TF: when the recorded path does not exist but a checkpoint with the same base name sits in
 * `checkpoint_dir` (a moved folder, or a path written on another machine such as `C:\\...\\model.ckpt`),
 * that one is returned, with a warning.
 */
export const latest_checkpoint = pythonFunction('latest_checkpoint', ['checkpoint_dir', 'latest_filename=None'], 2, function latest_checkpoint(checkpoint_dir: string, latest_filename?: string | null): string | null {
  const state = get_checkpoint_state(checkpoint_dir, latest_filename);
  if (state && state.model_checkpoint_path) {
    const p = state.model_checkpoint_path;
    if (checkpoint_exists(p)) return p;
    const local = join(checkpoint_dir, anyBasename(p));
    if (anyBasename(p) && local !== p && checkpoint_exists(local)) {
      logging.warning(`Checkpoint path ${p} recorded in ${checkpointFilename(checkpoint_dir, latest_filename)} does not exist; using ${local} from the same folder`);
      return local;
    }
    logging.error(`Couldn't match files for checkpoint ${p}`);
  }
  return null;
});

/** Modification times (seconds since the epoch) of these checkpoints; missing ones are skipped. */
export const get_checkpoint_mtimes = pythonFunction('get_checkpoint_mtimes', ['checkpoint_prefixes'], 1, function get_checkpoint_mtimes(checkpoint_prefixes: readonly string[]): number[] {
  const out: number[] = [];
  for (const prefix of checkpoint_prefixes) {
    for (const p of [`${prefix}.index`, prefix]) {
      try { out.push(fs.statSync(p).mtimeMs / 1000); break; } catch { /* next */ }
    }
  }
  return out;
});

/** `<checkpoint_filename>.<suffix>`, a sharded suffix `-?????-of-?????` stripped first. */
export function meta_graph_filename(checkpoint_filename: string, meta_graph_suffix = 'meta'): string {
  const base = checkpoint_filename.replace(/-[\d?]{5}-of-\d{5}$/, '');
  return `${base}.${meta_graph_suffix}`;
}

/** Deletes a checkpoint's files: V2 `.index` and `.data-?????-of-?????`, or the V1 file, and the meta graph. */
export const remove_checkpoint = pythonFunction('remove_checkpoint', ['checkpoint_prefix', 'checkpoint_format_version=SaverDef.V2', "meta_graph_suffix='meta'"], 3, function remove_checkpoint(
  checkpoint_prefix: string, checkpoint_format_version: number = CheckpointFormatVersion.V2, meta_graph_suffix = 'meta',
): void {
  const del = (p: string) => { try { fs.unlinkSync(p); } catch { /* already gone */ } };
  del(meta_graph_filename(checkpoint_prefix, meta_graph_suffix));
  if (checkpoint_format_version === CheckpointFormatVersion.V2) {
    del(`${checkpoint_prefix}.index`);
    const dir = dirname(checkpoint_prefix) || '.';
    const base = basename(checkpoint_prefix);
    let names: string[] = [];
    try { names = fs.readdirSync(dir); } catch { /* no folder */ }
    for (const n of names) {
      if (n.startsWith(`${base}.data-`) && /^\d{5}-of-\d{5}$/.test(n.slice(base.length + 6))) del(join(dirname(checkpoint_prefix), n));
    }
  } else {
    del(checkpoint_prefix);
  }
});
