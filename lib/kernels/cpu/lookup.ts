/**
 * Reference CPU kernels of the lookup tables: a HashTableV2 node makes its table once per session (named by
 * its shared_name, else its node name), InitializeTableV2 fills it once, LookupTableFindV2 reads it.
 */
import { DType } from '../../framework/dtypes';
import { FailedPreconditionError, InvalidArgumentError } from '../../framework/errors';
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

registerKernel('InitializeTableV2', 'CPU', (ctx) => {
  const table = tableOf(ctx);
  const keys = ctx.input(1), values = ctx.input(2);
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
