/**
 * A read-only model of a graph for the graph view: name scopes as a tree, ops with their facts
 * (type, dtype, shape, requested and placed device), data and control edges. Built from public
 * engine objects only; the engine is never changed.
 */
import type { CellOrigin, Graph, Operation } from '../lib/framework/graph';
import { describeCell, describeOrigin } from '../lib/framework/cells';
import { place } from '../lib/runtime/placement';

export const VARIABLE_OP_TYPES = new Set(['VariableV2', 'Variable', 'VarHandleOp', 'AutoReloadVariable']);
/** Op graphs larger than this are cut (the view says so). */
export const MAX_GRAPH_OPS = 4000;

export interface ModelOp {
  /** Full op name. */
  n: string;
  /** Label: the last name segment. */
  l: string;
  /** Op type. */
  t: string;
  /** Requested device ('' when none). */
  d: string;
  /** Placed device, `no kernel` when it cannot run here. */
  pd: string;
  /** dtype and static shape of output 0 ('' when the op has no outputs). */
  dt: string;
  sh: string;
  /** Every output as `dtype shape`. */
  outs: string[];
  /** Inputs as the NodeDef lists them. */
  ins: string[];
  /** Scope index, -1 at the root. */
  p: number;
  /** 1 when the op is a variable. */
  v?: 1;
  /** 1 for auxiliary bookkeeping (init, save/, gradients/). */
  aux?: 1;
  /** A few attrs, as short text. */
  at?: Record<string, string>;
  /** The notebook cell (and line) that built the op: `cell [3], line 2`; absent outside notebooks. */
  c?: string;
  /** Set when the op is stale: it uses ops a cell re-run replaced (the message says which, and what to re-run). */
  st?: string;
}

export interface ModelScope {
  /** Full scope name (no trailing slash). */
  n: string;
  l: string;
  /** Parent scope index, -1 at the root. */
  p: number;
  /** Ops inside, all depths. */
  c: number;
  /** 1 when this scope is a variable's group (it holds the variable op of the same name). */
  v?: 1;
  aux?: 1;
  /** Stale ops inside, all depths (absent when none). */
  st?: number;
}

/** [source op index, target op index, 1 for control, number of elements (0 unknown), shape text]. */
export type ModelEdge = [number, number, 0 | 1, number, string];

export interface GraphModel {
  ops: ModelOp[];
  scopes: ModelScope[];
  edges: ModelEdge[];
  /** Scope indices expanded at first. */
  expanded: number[];
  /** Ops left out because the graph is over MAX_GRAPH_OPS (or outside the scope shown). */
  omitted: number;
  /** The scope prefix shown, '' for the whole graph. */
  prefix: string;
  /** Number of stale ops shown. */
  stale: number;
}

/** What makes an op stale: the retired ops it uses, and the cells to re-run (its own, and those of stale ops between). */
export interface Staleness {
  retired: Operation[];
  rerun: CellOrigin[];
}

/**
 * The stale ops of a graph: ops that use, directly or through other ops, ops that a re-run of their
 * cell retired. One pass in creation order (inputs always come first); `graph.stale_inputs` names
 * the retired ops of each stale op.
 */
export function staleOps(graph: Graph, ops: readonly Operation[] = graph.get_operations()): Map<Operation, Staleness> {
  const stale = new Map<Operation, Staleness>();
  const order = [...ops].sort((a, b) => a._id - b._id);
  for (const op of order) {
    const deps = [...op.inputs.map((t) => t.op), ...op.control_inputs];
    if (!deps.some((d) => d.retired || stale.has(d))) continue;
    const cells = new Map<string, CellOrigin>();
    for (const d of deps) for (const c of stale.get(d)?.rerun ?? []) cells.set(`${c.id}\u0000${c.execution_count}`, c);
    if (op.cell) cells.set(`${op.cell.id}\u0000${op.cell.execution_count}`, op.cell);
    const rerun = [...cells.values()].sort((a, b) => a.execution_count - b.execution_count);
    stale.set(op, { retired: graph.stale_inputs(op), rerun });
  }
  return stale;
}

/** `stale: uses layer/w replaced when cell [5] re-ran; re-run cell [3]`. */
export function staleText(s: Staleness): string {
  const shown = s.retired.slice(0, 3).map((r) => `${r.name}${r.retiredBy ? ` replaced when ${describeCell(r.retiredBy)} re-ran` : ' (replaced)'}`);
  const more = s.retired.length > 3 ? ` and ${s.retired.length - 3} more` : '';
  const rerun = s.rerun.length ? `; re-run ${s.rerun.map(describeCell).join(', then ')}` : '; rebuild it';
  return `stale: uses ${shown.join(', ')}${more}${rerun}`;
}

const AUX_SCOPES = new Set(['save', 'gradients', 'report_uninitialized_variables']);

function placedDevice(op: Operation): string {
  try {
    const name = place(op).device.name;
    const m = /\/device:[^/]+$/.exec(name);
    return m ? m[0] : name;
  } catch {
    return 'no kernel';
  }
}

function shortAttr(op: Operation, key: string): string | undefined {
  try {
    const v = op.get_attr(key);
    const s = Array.isArray(v) ? `[${v.map((x) => String(x instanceof Object && 'name' in x ? (x as { name: string }).name : x)).join(', ')}]`
      : typeof v === 'object' && v !== null && 'name' in v ? String((v as { name: string }).name) : String(v);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return undefined;
  }
}

/** Builds the model of `graph`, or of the ops under `prefix` (a name scope without trailing slash). */
export function buildGraphModel(graph: Graph, prefix = '', maxVisible = 40): GraphModel {
  const all = graph.get_operations();
  const inScope = prefix ? all.filter((o) => o.name === prefix || o.name.startsWith(`${prefix}/`)) : all;
  const chosen = inScope.slice(0, MAX_GRAPH_OPS);
  const omitted = all.length - chosen.length;
  const strip = prefix ? prefix.length + 1 : 0;
  const rel = (name: string) => (prefix && name === prefix ? name.split('/').pop()! : name.slice(strip));

  // Every proper prefix of an op name is a scope; an op whose name is also a scope lives inside it.
  const scopeNames = new Set<string>();
  for (const op of chosen) {
    const parts = rel(op.name).split('/');
    for (let k = 1; k < parts.length; k++) scopeNames.add(parts.slice(0, k).join('/'));
  }
  const sortedScopes = [...scopeNames].sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : 1));
  const scopeIndex = new Map<string, number>();
  const scopes: ModelScope[] = [];
  for (const name of sortedScopes) {
    const cut = name.lastIndexOf('/');
    const parent = cut < 0 ? -1 : scopeIndex.get(name.slice(0, cut)) ?? -1;
    const top = name.split('/')[0];
    scopeIndex.set(name, scopes.length);
    scopes.push({ n: prefix ? `${prefix}/${name}` : name, l: name.slice(cut + 1), p: parent, c: 0, ...(AUX_SCOPES.has(top) ? { aux: 1 as const } : {}) });
  }
  const stale = staleOps(graph, chosen);
  const opIndex = new Map<Operation, number>();
  const ops: ModelOp[] = chosen.map((op, i) => {
    opIndex.set(op, i);
    const r = rel(op.name);
    const own = scopeIndex.get(r);
    const cut = r.lastIndexOf('/');
    const parent = own ?? (cut < 0 ? -1 : scopeIndex.get(r.slice(0, cut)) ?? -1);
    const isVar = VARIABLE_OP_TYPES.has(op.type);
    if (isVar && own !== undefined) scopes[own].v = 1;
    const staleness = stale.get(op);
    for (let s = parent; s >= 0; s = scopes[s].p) {
      scopes[s].c++;
      if (staleness) scopes[s].st = (scopes[s].st ?? 0) + 1;
    }
    const origin = describeOrigin(op);
    const out0 = op.outputs[0];
    const attrs: Record<string, string> = {};
    for (const key of op.attrs.keys()) {
      const v = shortAttr(op, key);
      if (v !== undefined && Object.keys(attrs).length < 8) attrs[key] = v;
    }
    const top = r.split('/')[0];
    const aux = AUX_SCOPES.has(top) || (op.type === 'NoOp' && /^init(_\d+)?$/.test(r));
    return {
      n: op.name, l: op.name.split('/').pop()!, t: op.type, d: op.device, pd: placedDevice(op),
      dt: out0 ? out0.dtype.name : '', sh: out0 ? String(out0.shape) : '',
      outs: op.outputs.map((t) => `${t.dtype.name} ${String(t.shape)}`),
      ins: op.node_def.input, p: parent,
      ...(isVar ? { v: 1 as const } : {}), ...(aux ? { aux: 1 as const } : {}),
      ...(Object.keys(attrs).length ? { at: attrs } : {}),
      ...(origin ? { c: origin } : {}), ...(staleness ? { st: staleText(staleness) } : {}),
    };
  });
  const edges: ModelEdge[] = [];
  for (const op of chosen) {
    const to = opIndex.get(op)!;
    for (const t of op.inputs) {
      const from = opIndex.get(t.op);
      if (from === undefined) continue;
      let size = 0;
      if (t.shape.is_fully_defined()) size = t.shape.as_list().reduce<number>((p, d) => p * (d ?? 1), 1);
      edges.push([from, to, 0, size, String(t.shape)]);
    }
    for (const c of op.control_inputs) {
      const from = opIndex.get(c);
      if (from !== undefined) edges.push([from, to, 1, 0, '']);
    }
  }
  return { ops, scopes, edges, expanded: initialExpansion(ops, scopes, maxVisible), omitted: prefix ? 0 : omitted, prefix, stale: stale.size };
}

/**
 * Scopes to expand at first, level by level from the top: a whole level is unfolded only when every
 * node it reveals keeps the view within `maxVisible` nodes. A large graph thus starts folded at its top
 * scopes. Variable groups and bookkeeping scopes (save/, gradients/) stay folded, as in TensorBoard.
 */
export function initialExpansion(ops: readonly ModelOp[], scopes: readonly ModelScope[], maxVisible: number): number[] {
  const children = new Map<number, number>();
  for (const o of ops) children.set(o.p, (children.get(o.p) ?? 0) + 1);
  for (const s of scopes) children.set(s.p, (children.get(s.p) ?? 0) + 1);
  let visible = children.get(-1) ?? 0;
  const expanded: number[] = [];
  let level = scopes.map((s, i) => ({ s, i })).filter(({ s }) => s.p === -1).map(({ i }) => i);
  while (level.length) {
    const candidates = level.filter((i) => !scopes[i].v && !scopes[i].aux);
    const added = candidates.reduce((sum, i) => sum + (children.get(i) ?? 0) - 1, 0);
    if (candidates.length === 0 || visible + added > maxVisible) break;
    visible += added;
    expanded.push(...candidates);
    const open = new Set(candidates);
    level = scopes.map((s, i) => ({ s, i })).filter(({ s }) => open.has(s.p)).map(({ i }) => i);
  }
  return expanded;
}
