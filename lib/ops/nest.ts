/**
 * Nested structures of values (TF's `nest`): arrays (Python's lists and tuples), plain objects (dicts,
 * flattened in sorted key order) and named tuples (LSTMStateTuple ...) are structure; anything else is
 * a leaf. while_loop, map_fn, scan and the RNN functions take and return such structures.
 */
import { TFTypeError, ValueError } from '../framework/errors';

/** A class instance that nests like Python's namedtuple: its `_fields`, rebuilt by `_make`. */
export interface NamedTuple {
  readonly _fields: readonly string[];
  _make(values: readonly unknown[]): NamedTuple;
}

/**
 * A list that also names its items, as the namedtuples TF's ops return: `top_k(x).indices` and
 * `const [values, indices] = top_k(x)` both work (it nests as the list it is).
 */
export function namedList<const N extends readonly string[], T extends readonly unknown[]>(names: N, items: T): T & { readonly [K in N[number]]: T[number] } {
  const list = [...items] as unknown as T & Record<string, unknown>;
  names.forEach((n, i) => Object.defineProperty(list, n, { value: items[i], enumerable: false }));
  return list as T & { readonly [K in N[number]]: T[number] };
}

export type Nested<T> = T | readonly Nested<T>[] | { readonly [key: string]: Nested<T> } | NamedTuple;

export function isNamedTuple(x: unknown): x is NamedTuple {
  return typeof x === 'object' && x !== null && Array.isArray((x as NamedTuple)._fields) && typeof (x as NamedTuple)._make === 'function';
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** Whether `x` is a structure rather than a leaf (TF's `nest.is_sequence`). */
export function is_sequence(x: unknown): boolean {
  return Array.isArray(x) || isPlainObject(x) || isNamedTuple(x);
}

/** The direct children of a structure, in flattening order. */
function children(x: unknown): unknown[] {
  if (Array.isArray(x)) return x;
  if (isNamedTuple(x)) return x._fields.map((f) => (x as unknown as Record<string, unknown>)[f]);
  const o = x as Record<string, unknown>;
  return Object.keys(o).sort().map((k) => o[k]);
}

/** The leaves of `structure`, depth first (a leaf alone gives a list of one). */
export function flatten<T = unknown>(structure: unknown): T[] {
  const out: T[] = [];
  const walk = (x: unknown) => {
    if (is_sequence(x)) for (const c of children(x)) walk(c);
    else out.push(x as T);
  };
  walk(structure);
  return out;
}

/** `flat` packed into the shape of `structure` (TF's `nest.pack_sequence_as`). */
export function pack_sequence_as<T = unknown>(structure: unknown, flat: readonly unknown[]): T {
  let next = 0;
  const build = (x: unknown): unknown => {
    if (!is_sequence(x)) {
      if (next >= flat.length) throw new ValueError(`Structure had more leaves than the ${flat.length} given`);
      return flat[next++];
    }
    if (Array.isArray(x)) return x.map(build);
    if (isNamedTuple(x)) return x._make(children(x).map(build));
    const o = x as Record<string, unknown>;
    const keys = Object.keys(o).sort();
    const built: Record<string, unknown> = {};
    for (const k of keys) built[k] = build(o[k]);
    return built;
  };
  const packed = build(structure);
  if (next !== flat.length) {
    throw new ValueError(`Could not pack sequence. Structure had ${next} elements, but flat_sequence had ${flat.length} elements.`);
  }
  return packed as T;
}

function describe(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(describe).join(', ')}]`;
  if (isNamedTuple(x)) return `${x.constructor.name}(${x._fields.join(', ')})`;
  if (isPlainObject(x)) return `{${Object.keys(x).sort().map((k) => `${k}: ${describe(x[k])}`).join(', ')}}`;
  return String(x);
}

/** Raises TF's errors when `a` and `b` do not nest alike. */
export function assert_same_structure(a: unknown, b: unknown): void {
  const check = (x: unknown, y: unknown) => {
    const xs = is_sequence(x), ys = is_sequence(y);
    if (xs !== ys) {
      throw new ValueError(`The two structures don't have the same nested structure.\n\nFirst structure: ${describe(a)}\n\nSecond structure: ${describe(b)}`);
    }
    if (!xs) return;
    const kind = (v: unknown) => (Array.isArray(v) ? 'list' : isNamedTuple(v) ? v.constructor.name : 'dict');
    if (kind(x) !== kind(y)) {
      throw new TFTypeError(`The two structures don't have the same sequence type. First structure has type ${kind(x)}, while second structure has type ${kind(y)}.`);
    }
    const cx = children(x), cy = children(y);
    if (cx.length !== cy.length) {
      throw new ValueError(`The two structures don't have the same number of elements.\n\nFirst structure (${cx.length} elements): ${describe(a)}\n\nSecond structure (${cy.length} elements): ${describe(b)}`);
    }
    cx.forEach((c, i) => check(c, cy[i]));
  };
  check(a, b);
}

/** `fn` applied to the corresponding leaves of `structures`, in the first one's structure. */
export function map_structure<R>(fn: (...leaves: unknown[]) => R, ...structures: unknown[]): unknown {
  for (const s of structures.slice(1)) assert_same_structure(structures[0], s);
  const flats = structures.map((s) => flatten(s));
  return pack_sequence_as(structures[0], flats[0].map((_, i) => fn(...flats.map((f) => f[i]))));
}
