/**
 * `tf.app.flags` / `tf.flags` (absl's flags as TF 1.15 wraps them) and `tf.app.run`. Flags are defined
 * with a default and a help text, and parsed from the command line (`--name=value`, `--name value`,
 * `--flag`/`--noflag` for booleans) on first access of `FLAGS` or by `tf.app.run`. Arguments that name
 * no defined flag are left alone (a notebook kernel's own arguments among them), so in notebooks the
 * flags keep their defaults and may be set by assignment: `FLAGS.learning_rate = 0.1`.
 */
import { ValueError } from '../framework/errors';

type FlagType = 'string' | 'integer' | 'float' | 'boolean';
type FlagValue = string | number | boolean | null;

interface FlagDef { type: FlagType; default: FlagValue; help: string; value: FlagValue }

const defs = new Map<string, FlagDef>();
let parsed = false;

function parseValue(name: string, def: FlagDef, text: string): FlagValue {
  switch (def.type) {
    case 'string': return text;
    case 'integer': {
      if (!/^[-+]?\d+$/.test(text.trim())) throw new ValueError(`flag --${name}=${text}: Expect argument to be a string or int, found ${text}`);
      return Number(text);
    }
    case 'float': {
      const n = Number(text);
      if (text.trim() === '' || Number.isNaN(n)) throw new ValueError(`flag --${name}=${text}: could not convert string to float: '${text}'`);
      return n;
    }
    default: {
      const t = text.toLowerCase();
      if (['true', 't', '1'].includes(t)) return true;
      if (['false', 'f', '0'].includes(t)) return false;
      throw new ValueError(`flag --${name}=${text}: Non-boolean argument to boolean flag`);
    }
  }
}

/** Applies the defined flags found in `argv` (after argv[0]); returns the other arguments, argv[0] first. */
function parseArgv(argv: readonly string[]): string[] {
  const rest = argv.length ? [argv[0]] : [];
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    const m = /^--?([A-Za-z_][\w-]*)(?:=(.*))?$/s.exec(arg);
    if (!m) { rest.push(arg); continue; }
    const [, rawName, inline] = m;
    const def = defs.get(rawName);
    if (def) {
      if (inline !== undefined) def.value = parseValue(rawName, def, inline);
      else if (def.type === 'boolean') def.value = true;
      else if (i + 1 < argv.length) def.value = parseValue(rawName, def, argv[++i]);
      else throw new ValueError(`flag --${rawName}: Missing value`);
    } else if (inline === undefined && rawName.startsWith('no') && defs.get(rawName.slice(2))?.type === 'boolean') {
      defs.get(rawName.slice(2))!.value = false;
    } else rest.push(arg);
  }
  parsed = true;
  return rest;
}

function define(type: FlagType, name: string, defaultValue: FlagValue, help: string): void {
  if (defs.has(name)) throw new ValueError(`The flag '${name}' is defined twice.`);
  const def: FlagDef = { type, default: defaultValue, help, value: defaultValue };
  if (defaultValue !== null && typeof defaultValue === 'string' && type !== 'string') def.value = def.default = parseValue(name, def, defaultValue);
  defs.set(name, def);
}

export function DEFINE_string(name: string, defaultValue: string | null, help: string): void { define('string', name, defaultValue, help); }
export function DEFINE_integer(name: string, defaultValue: number | null, help: string): void {
  if (defaultValue !== null && !Number.isInteger(defaultValue)) throw new ValueError(`flag --${name}: default ${defaultValue} is not an integer`);
  define('integer', name, defaultValue, help);
}
export function DEFINE_float(name: string, defaultValue: number | null, help: string): void { define('float', name, defaultValue, help); }
export function DEFINE_boolean(name: string, defaultValue: boolean | null, help: string): void { define('boolean', name, defaultValue, help); }
export const DEFINE_bool = DEFINE_boolean;

/** The flag values: `FLAGS.batch_size`; reading an undefined flag is an error naming it. */
export const FLAGS: Record<string, FlagValue> = new Proxy({} as Record<string, FlagValue>, {
  get(_t, name) {
    if (typeof name !== 'string') return undefined;
    if (!parsed) parseArgv(process.argv.slice(1));
    const def = defs.get(name);
    if (!def) throw new ValueError(`Unknown command line flag '${name}'`);
    return def.value;
  },
  set(_t, name, value) {
    if (typeof name !== 'string' || !defs.has(name)) throw new ValueError(`Unknown command line flag '${String(name)}'`);
    defs.get(name)!.value = value as FlagValue;
    return true;
  },
  has(_t, name) { return typeof name === 'string' && defs.has(name); },
  ownKeys() { return [...defs.keys()]; },
  getOwnPropertyDescriptor(_t, name) {
    return typeof name === 'string' && defs.has(name) ? { enumerable: true, configurable: true, value: defs.get(name)!.value } : undefined;
  },
});

/** Forgets every defined flag (for re-running a notebook cell that defines them). */
export function reset_flags(): void { defs.clear(); parsed = false; }

/** The help text of the defined flags, one line each. */
export function flags_help(): string {
  return [...defs].map(([n, d]) => `  --${n}: ${d.help}\n    (default: '${String(d.default)}')${d.type === 'integer' ? '\n    (an integer)' : d.type === 'float' ? '\n    (a number)' : ''}`).join('\n');
}

/**
 * `tf.app.run(main, argv)`: parses the flags from `argv` (default: the process's arguments) and calls
 * `main` with the arguments that are not flags; returns what `main` returns (TF then exits the process
 * with it; here the caller decides, so a notebook kernel keeps running).
 */
export function run<R>(main: (argv: string[]) => R, argv: readonly string[] = process.argv.slice(1)): R {
  const rest = parseArgv(argv);
  return main(rest);
}
