/**
 * TF 1.15's warm_starting_util: `tf.train.warm_start` (a new model's variables initialized from another
 * model's checkpoint, selected by a regex or a list, under their own or their previous names) and
 * `tf.train.VocabInfo` (the vocabulary remapping of an embedding or a linear weight).
 */
import { get_default_graph } from '../framework/graph';
import { GraphKeys } from '../framework/graph_keys';
import { NotImplementedError, ValueError } from '../framework/errors';
import { pythonClass, pythonFunction } from '../framework/python_signature';
import { Initializer } from '../variables/initializers';
import { RefVariable } from '../variables/variables';
import { init_from_checkpoint } from './checkpoint_utils';
import * as logging from './logging';

/**
 * How to warm-start a variable whose rows (axis 0) or columns (axis 1) follow a vocabulary: the new vocabulary
 * file and size, its OOV buckets, the old vocabulary file (and how many of its entries were used, -1 for all),
 * and the initializer of rows new to the old vocabulary.
 */
export class VocabInfoImpl {
  readonly new_vocab: string;
  readonly new_vocab_size: number;
  readonly num_oov_buckets: number;
  readonly old_vocab: string;
  readonly old_vocab_size: number;
  readonly backup_initializer: Initializer | null;
  readonly axis: number;

  constructor(new_vocab: string, new_vocab_size: number, num_oov_buckets: number, old_vocab: string, options: { old_vocab_size?: number; backup_initializer?: Initializer | null; axis?: number } = {}) {
    const axis = options.axis ?? 0;
    if (axis !== 0 && axis !== 1) throw new ValueError(`The only supported values for the axis argument are 0 and 1.  Provided axis: ${axis}`);
    this.new_vocab = new_vocab;
    this.new_vocab_size = new_vocab_size;
    this.num_oov_buckets = num_oov_buckets;
    this.old_vocab = old_vocab;
    this.old_vocab_size = options.old_vocab_size ?? -1;
    this.backup_initializer = options.backup_initializer ?? null;
    this.axis = axis;
  }

  toString(): string {
    return `VocabInfo(new_vocab='${this.new_vocab}', new_vocab_size=${this.new_vocab_size}, num_oov_buckets=${this.num_oov_buckets}, old_vocab='${this.old_vocab}', old_vocab_size=${this.old_vocab_size}, backup_initializer=${this.backup_initializer === null ? 'None' : String(this.backup_initializer)}, axis=${this.axis})`;
  }
}

/** `tf.train.VocabInfo(new_vocab, new_vocab_size, num_oov_buckets, old_vocab, old_vocab_size=-1, backup_initializer=None, axis=0)`. */
export const VocabInfo = pythonClass('VocabInfo', [
  'new_vocab', 'new_vocab_size', 'num_oov_buckets', 'old_vocab', 'old_vocab_size=-1', 'backup_initializer=None', 'axis=0',
], 4, VocabInfoImpl);
export type VocabInfo = VocabInfoImpl;

/** Which variables to warm-start: a regex (matched at the start of trainable variables' names), or names (regexes over all global variables), or variables. */
export type VarsToWarmStart = string | null | readonly string[] | readonly RefVariable[];

/** The name a variable (or the parts of a partitioned one) is saved under (TF's _infer_var_name). */
function inferVarName(parts: readonly RefVariable[]): string {
  const info = parts[0]._get_save_slice_info();
  return info ? info.full_name : parts[0].op.name;
}

const typeName = (x: unknown): string => (x instanceof RefVariable ? 'Variable' : typeof x);

/** The selected variables grouped by saved name, partitions together, in collection order (TF's _get_grouped_variables). */
function groupedVariables(vars_to_warm_start: VarsToWarmStart): Map<string, RefVariable[]> {
  const g = get_default_graph();
  let list: RefVariable[];
  if (typeof vars_to_warm_start === 'string' || vars_to_warm_start === null) {
    logging.info('Warm-starting variables only in TRAINABLE_VARIABLES.');
    list = g.get_collection<RefVariable>(GraphKeys.TRAINABLE_VARIABLES, vars_to_warm_start);
  } else if (Array.isArray(vars_to_warm_start)) {
    const items = vars_to_warm_start as readonly unknown[];
    if (items.every((v) => typeof v === 'string')) {
      list = (items as string[]).flatMap((scope) => g.get_collection<RefVariable>(GraphKeys.GLOBAL_VARIABLES, scope));
    } else if (items.every((v) => v instanceof RefVariable)) {
      list = [...(items as RefVariable[])];
    } else {
      throw new ValueError(`If \`vars_to_warm_start\` is a list, it must be all \`Variable\` or all \`str\`.  Given types are [${items.map(typeName).join(', ')}]`);
    }
  } else {
    throw new ValueError(`\`vars_to_warm_start must be a \`list\` or \`str\`.  Given type is ${typeName(vars_to_warm_start)}`);
  }
  const grouped = new Map<string, RefVariable[]>();
  for (const v of list) {
    const name = inferVarName([v]);
    if (!grouped.has(name)) grouped.set(name, []);
    grouped.get(name)!.push(v);
  }
  return grouped;
}

const pySet = (names: readonly string[]): string => `{${names.map((n) => `'${n}'`).join(', ')}}`;

/**
 * Initializes the selected variables of the default graph from a checkpoint (a prefix or a folder's latest)
 * when the graph's variables are initialized: each under its own name, or under `var_name_to_prev_var_name`'s.
 * `vars_to_warm_start` is a regex over trainable variables (default every one), a list of regexes over all
 * global variables, or a list of variables; null warm-starts only the variables with a VocabInfo.
 * Partitioned variables are restored slice by slice.
 * @example tf.train.warm_start('/tmp/old_model', {vars_to_warm_start: 'dnn/.*', var_name_to_prev_var_name: {'dnn/logits/kernel': 'old/logits/kernel'}});
 */
export const warm_start = pythonFunction('warm_start', [
  'ckpt_to_initialize_from', "vars_to_warm_start='.*'", 'var_name_to_vocab_info: dict = None', 'var_name_to_prev_var_name: dict = None',
], 1, function warm_start(ckpt_to_initialize_from: string, options: {
  vars_to_warm_start?: VarsToWarmStart;
  var_name_to_vocab_info?: Readonly<Record<string, VocabInfo>> | null;
  var_name_to_prev_var_name?: Readonly<Record<string, string>> | null;
} = {}): void {
  logging.info(`Warm-starting from: ${ckpt_to_initialize_from}`);
  const varsToWarmStart = options.vars_to_warm_start === undefined ? '.*' : options.vars_to_warm_start;
  const grouped = groupedVariables(varsToWarmStart);
  const vocabInfos = options.var_name_to_vocab_info ?? {};
  const prevNames = options.var_name_to_prev_var_name ?? {};
  const prevUsed = new Set<string>();
  const vocabUsed = new Set<string>();
  const vocabless: Record<string, RefVariable | RefVariable[]> = {};
  let count = 0;
  for (const [name, parts] of grouped) {
    const prev = prevNames[name];
    if (prev) prevUsed.add(name);
    const vocab = vocabInfos[name];
    if (vocab) {
      vocabUsed.add(name);
      // TF remaps such a variable with GenerateVocabRemap and LoadAndRemapMatrix, which are not built here.
      throw new NotImplementedError(`warm_start: vocabulary remapping (var_name_to_vocab_info for ${name}) needs the GenerateVocabRemap and LoadAndRemapMatrix ops, which are not supported`);
    }
    const selected = typeof varsToWarmStart === 'string' ? varsToWarmStart.length > 0 : varsToWarmStart !== null && varsToWarmStart.length > 0;
    if (selected) {
      count++;
      logging.debug(`Warm-starting variable: ${name}; prev_var_name: ${prev || 'Unchanged'}`);
      vocabless[prev || name] = parts.length === 1 ? parts[0] : parts;
    }
  }
  init_from_checkpoint(ckpt_to_initialize_from, { assignment_map: vocabless });
  const viable = `dict_keys([${[...grouped.keys()].map((n) => `'${n}'`).join(', ')}])`;
  const prevNotUsed = Object.keys(prevNames).filter((n) => !prevUsed.has(n));
  const vocabNotUsed = Object.keys(vocabInfos).filter((n) => !vocabUsed.has(n));
  logging.info(`Warm-started ${count} variables.`);
  if (prevNotUsed.length) {
    throw new ValueError(`You provided the following variables in var_name_to_prev_var_name that were not used: ${pySet(prevNotUsed)}.  Perhaps you misspelled them?  Here is the list of viable variable names: ${viable}`);
  }
  if (vocabNotUsed.length) {
    throw new ValueError(`You provided the following variables in var_name_to_vocab_info that were not used: ${pySet(vocabNotUsed)}.  Perhaps you misspelled them?  Here is the list of viable variable names: ${viable}`);
  }
});
