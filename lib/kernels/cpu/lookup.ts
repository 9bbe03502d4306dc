/**
 * Reference CPU kernels of the lookup tables: a HashTableV2 node makes its table once per session (named by
 * its shared_name, else its node name), InitializeTableV2 fills it once, LookupTableFindV2 reads it.
 */
import { DType } from '../../framework/dtypes';
import * as fs from 'fs';
import { FailedPreconditionError, InvalidArgumentError, NotFoundError } from '../../framework/errors';
import { NDArray } from '../../framework/ndarray';
import { shapeString } from '../../framework/tensor_shape';
import { KernelContext, registerKernel, resourceHandle, resourceKey, sessionTable } from '../registry';
import { copyElements } from './indexing';

interface LookupTable {
  readonly keyDtype: DType;
  readonly valueDtype: DType;
  /** Key (decoded string or number) → index into `values`. */
  entries: Map<string | number, number> | null;
  values: NDArray | null;
}
const tables = sessionTable<LookupTable>();

function keysOf(x: NDArray): (string | number)[] {
  return x.dtype.storage === 'string' ? x.strings : Array.from(x.values as ArrayLike<number>, Number);
}

function tableOf(ctx: KernelContext): LookupTable {
  const key = resourceKey(ctx.input(0));
  const t = tables(ctx.session).get(key);
  if (!t) throw new FailedPreconditionError(ctx.op, ctx.op, `Table ${key} does not exist: run its HashTableV2 op's initializer first`);
  return t;
}

registerKernel('HashTableV2', 'CPU', (ctx) => {
  const shared = String(ctx.attr('shared_name') ?? '');
  const container = String(ctx.attr('container') ?? '') || 'localhost';
  const key = `${container}/${shared || ctx.op.name}`;
  const all = tables(ctx.session);
  if (!all.has(key)) all.set(key, { keyDtype: ctx.attr('key_dtype') as DType, valueDtype: ctx.attr('value_dtype') as DType, entries: null, values: null });
  return [resourceHandle(key)];
});

registerKernel('InitializeTableV2', 'CPU', (ctx) => fillTable(ctx, tableOf(ctx), ctx.input(1), ctx.input(2)));

/** Fills `table` with `keys` → `values` (once: a second fill with the same data does nothing). */
function fillTable(ctx: KernelContext, table: LookupTable, keys: NDArray, values: NDArray): NDArray[] {
  if (keys.dtype !== table.keyDtype || values.dtype !== table.valueDtype) {
    throw new InvalidArgumentError(ctx.op, ctx.op, `Conflicting key/value dtypes ${keys.dtype.name}->${values.dtype.name} with ${table.keyDtype.name}-${table.valueDtype.name}`);
  }
  if (shapeString(keys.shape) !== shapeString(values.shape)) {
    throw new InvalidArgumentError(ctx.op, ctx.op, `Keys and values must have the same size ${keys.size} vs ${values.size}`);
  }
  const list = keysOf(keys);
  const entries = new Map<string | number, number>();
  list.forEach((k, i) => {
    const prev = entries.get(k);
    if (prev !== undefined && keysOf(values)[prev] !== keysOf(values)[i]) {
      throw new FailedPreconditionError(ctx.op, ctx.op, `HashTable has different value for same key. Key ${k} has ${keysOf(values)[prev]} and trying to add value ${keysOf(values)[i]}`);
    }
    entries.set(k, i);
  });
  if (table.entries) {
    const same = table.entries.size === entries.size && [...entries].every(([k, i]) => table.entries!.has(k) && keysOf(table.values!)[table.entries!.get(k)!] === keysOf(values)[i]);
    if (!same) throw new FailedPreconditionError(ctx.op, ctx.op, 'Table was already initialized with different data.');
    return [];
  }
  table.entries = entries;
  table.values = values.reshape([values.size]);
  return [];
}

// A vocabulary file: one entry per line (its whole text, its number, or a delimited column of it).
registerKernel('InitializeTableFromTextFileV2', 'CPU', (ctx) => {
  const table = tableOf(ctx);
  const filename = ctx.input(1).strings[0];
  const keyIndex = ctx.attr('key_index') as number, valueIndex = ctx.attr('value_index') as number;
  const vocabSize = ctx.attr('vocab_size') as number, delimiter = String(ctx.attr('delimiter'));
  let text: string;
  try { text = fs.readFileSync(filename, 'utf8'); } catch { throw new NotFoundError(ctx.op, ctx.op, `${filename}; No such file or directory`); }
  const lines = text.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  const used = vocabSize >= 0 ? lines.slice(0, vocabSize) : lines;
  if (vocabSize >= 0 && used.length < vocabSize) throw new InvalidArgumentError(ctx.op, ctx.op, `Invalid vocab_size in ${filename}: expected ${vocabSize} but got ${used.length}`);
  const column = (line: string, lineNo: number, index: number, dtype: DType, what: string): string | number => {
    if (index === -1) return lineNo;
    const field = index === -2 ? line : line.split(delimiter)[index];
    if (field === undefined) throw new InvalidArgumentError(ctx.op, ctx.op, `Invalid line in ${filename}: line ${lineNo} has no ${what} column ${index}`);
    if (dtype.storage === 'string') return field;
    const n = Number(field);
    if (field.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(ctx.op, ctx.op, `Field ${field} in line ${lineNo} is not a valid ${dtype.name}.`);
    return n;
  };
  const make = (dtype: DType, items: (string | number)[]): NDArray =>
    dtype.storage === 'string' ? NDArray.fromStrings(items.map(String)) : NDArray.from(items as number[], dtype).reshape([items.length]);
  const keys = make(table.keyDtype, used.map((l, i) => column(l, i, keyIndex, table.keyDtype, 'key')));
  const values = make(table.valueDtype, used.map((l, i) => column(l, i, valueIndex, table.valueDtype, 'value')));
  return fillTable(ctx, table, keys, values);
});

registerKernel('LookupTableFindV2', 'CPU', (ctx) => {
  const table = tableOf(ctx);
  if (!table.entries || !table.values) throw new FailedPreconditionError(ctx.op, ctx.op, 'Table not initialized.');
  const keys = ctx.input(1), def = ctx.input(2);
  if (keys.dtype !== table.keyDtype) throw new InvalidArgumentError(ctx.op, ctx.op, `Expected key dtype ${table.keyDtype.name}, got ${keys.dtype.name}`);
  if (def.size !== 1) throw new InvalidArgumentError(ctx.op, ctx.op, `Expected shape [] for default value, got ${shapeString(def.shape)}`);
  const out = new NDArray(table.valueDtype, keys.shape);
  keysOf(keys).forEach((k, i) => {
    const at = table.entries!.get(k);
    copyElements(out, i, at === undefined ? def : table.values!, at ?? 0, 1);
  });
  return [out];
});

registerKernel('LookupTableSizeV2', 'CPU', (ctx) => {
  const table = tableOf(ctx);
  return [NDArray.from(table.entries?.size ?? 0, 'int64').reshape([])];
});
