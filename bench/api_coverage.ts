/**
 * `npm run api-coverage`: how much of TF 1.15's public v1 API (the names in bench/tf1_api.txt) scopeflow has,
 * per namespace: the functions that exist, those that bind their documented parameters (a declared Python
 * signature with TF's parameter names in TF's order, `*args` included), and the classes that exist.
 * `--missing` lists the absent names, `--unbound` the functions whose parameters differ from TF's.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '../lib';
import { signatureOf } from '../lib/framework/python_signature';

export interface ApiEntry { readonly name: string; readonly kind: 'function' | 'class'; readonly params: readonly string[] }
export type ApiList = ReadonlyMap<string, readonly ApiEntry[]>;

/** Parses the list: `[namespace]` headers, then `name param ...` or `class Name` lines; `#` starts a comment. */
export function parseApiList(text: string): ApiList {
  const out = new Map<string, ApiEntry[]>();
  let current: ApiEntry[] | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const header = /^\[([\w.]+)\]$/.exec(line);
    if (header) { current = []; out.set(header[1], current); continue; }
    if (!current) throw new Error(`api list: '${line}' comes before any [namespace]`);
    const [first, ...rest] = line.split(/\s+/);
    current.push(first === 'class' ? { name: rest[0], kind: 'class', params: [] } : { name: first, kind: 'function', params: rest });
  }
  return out;
}

export interface EntryStatus {
  readonly entry: ApiEntry;
  readonly exists: boolean;
  /** For a function: whether its declared parameters are TF's, in TF's order. */
  readonly binds: boolean;
  /** The declared parameters, when a signature is declared. */
  readonly declared: readonly string[] | null;
}

/** The value a dotted TF name has in scopeflow's `tf`, or undefined. */
function resolve(root: unknown, dotted: string): unknown {
  let v: unknown = root;
  for (const part of dotted.split('.').slice(1)) {
    if ((typeof v !== 'object' && typeof v !== 'function') || v === null) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

export function apiStatus(list: ApiList, root: unknown = tf): Map<string, EntryStatus[]> {
  const out = new Map<string, EntryStatus[]>();
  for (const [ns, entries] of list) {
    const space = resolve(root, ns);
    out.set(ns, entries.map((entry) => {
      const value = space === undefined ? undefined : (space as Record<string, unknown>)[entry.name];
      const exists = value !== undefined && value !== null;
      const declared = signatureOf(value)?.params.map((p) => `${p.varargs ? '*' : ''}${p.name}`) ?? null;
      // After Python's *args, TF's golden lists its **kwargs only as such: the keyword-only parameters may follow.
      const documented = declared && entry.params.some((p) => p.startsWith('*')) ? declared.slice(0, entry.params.length) : declared;
      const binds = entry.kind === 'function' && documented !== null && documented.join(' ') === entry.params.join(' ');
      return { entry, exists, binds, declared };
    }));
  }
  return out;
}

const percent = (n: number, of: number) => (of === 0 ? '-' : `${Math.round((100 * n) / of)}%`);

/** The table `npm run api-coverage` prints. */
export function coverageTable(status: ReadonlyMap<string, readonly EntryStatus[]>): string {
  const rows = [['namespace', 'functions', 'exist', 'bind TF\'s parameters', 'classes', 'exist']];
  for (const [ns, entries] of status) {
    const fns = entries.filter((s) => s.entry.kind === 'function'), classes = entries.filter((s) => s.entry.kind === 'class');
    const exist = fns.filter((s) => s.exists).length, bind = fns.filter((s) => s.binds).length, cls = classes.filter((s) => s.exists).length;
    rows.push([ns, `${fns.length}`, `${exist} (${percent(exist, fns.length)})`, `${bind} (${percent(bind, fns.length)})`, `${classes.length}`, `${cls} (${percent(cls, classes.length)})`]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()).join('\n');
}

export const API_LIST_FILE = path.join(__dirname, '..', '..', 'bench', 'tf1_api.txt');

if (require.main === module) {
  const status = apiStatus(parseApiList(fs.readFileSync(API_LIST_FILE, 'utf8')));
  console.log(`TF 1.15's public v1 API in scopeflow (${path.relative(process.cwd(), API_LIST_FILE)})\n`);
  console.log(coverageTable(status));
  for (const [ns, entries] of status) {
    if (process.argv.includes('--missing')) {
      const missing = entries.filter((s) => !s.exists).map((s) => s.entry.name);
      if (missing.length) console.log(`\nmissing in ${ns} (${missing.length}): ${missing.join(', ')}`);
    }
    if (process.argv.includes('--unbound')) {
      for (const s of entries.filter((e) => e.exists && e.entry.kind === 'function' && !e.binds)) {
        console.log(`${ns}.${s.entry.name}(${s.entry.params.join(', ')}) ${s.declared ? `declares (${s.declared.join(', ')})` : 'declares no signature'}`);
      }
    }
  }
}
