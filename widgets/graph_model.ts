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
  /** Requested device (absent when none). */
  d?: string;
  /** Placed device, `no kernel` when it cannot run here. */
  pd: string;
  /** dtype and static shape of output 0 ('' when the op has no outputs). */
  dt: string;
  sh: string;
  /** Every output as `dtype shape`; absent when the op has exactly one, `dt sh`. */
  outs?: string[];
  /** Inputs as the NodeDef lists them. */
  ins: string[];
  /** Scope index, -1 at the root. */
  p: number;
  /** 1 when the op is a variable. */
  v?: 1;
  /** 1 for auxiliary bookkeeping (init NoOps, save/, initializers, variable Assigns): drawn beside the main graph. */
  aux?: 1;
  /** Index of the series this op belongs to (absent when none). */
  sr?: number;
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
  /** Index of the series this scope belongs to (absent when none). */
  sr?: number;
  /** Structure group: scopes with the same internal op-type multiset share it (absent when the structure is unique). */
  sg?: number;
  /** The frame name when this scope is a tf.while_loop's frame (`<scope>/while_context`): shown as one box, folded at first. */
  fr?: string;
}

/**
 * A series: sibling ops (same op type) or sibling scopes (same internal op-type multiset) whose
 * names differ only by a numeric suffix (`conv`, `conv_1` … `conv_5`), shown folded as one node.
 */
export interface ModelSeries {
  /** Full name of the series, `block/conv_[1-5]`. */
  n: string;
  /** Label: `conv_[1-5]`. */
  l: string;
  /** Parent scope index, -1 at the root. */
  p: number;
  /** 'o': the members are ops; 's': they are scopes. */
  k: 'o' | 's';
  /** Member op or scope indices, by suffix (the unsuffixed name first). */
  m: number[];
  /** The members' op type ('o') or the structure group of the member scopes ('s', absent when none). */
  t?: string;
  sg?: number;
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
  /** Series of sibling nodes, folded at first. */
  series: ModelSeries[];
  /** Number of structure groups (the largest `sg` + 1). */
  structures: number;
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

/** Top scopes that are auxiliary: the saver's block and the uninitialized-variables report (not gradients/: that is the main flow of training). */
const AUX_TOP = /^(save(_\d+)?|report_uninitialized_variables)$/;
const ASSIGN_TYPES = new Set(['Assign', 'AssignVariableOp']);

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
    const label = name.slice(cut + 1);
    const aux = (parent >= 0 && scopes[parent].aux) || (cut < 0 && AUX_TOP.test(top)) || label === 'Initializer';
    scopes.push({ n: prefix ? `${prefix}/${name}` : name, l: label, p: parent, c: 0, ...(aux ? { aux: 1 as const } : {}) });
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
    const aux = (parent >= 0 && scopes[parent].aux) || (cut < 0 && AUX_TOP.test(r)) || (op.type === 'NoOp' && /^init(_\d+)?$/.test(r));
    const dt = out0 ? out0.dtype.name : '', sh = out0 ? String(out0.shape) : '';
    return {
      n: op.name, l: op.name.split('/').pop()!, t: op.type, ...(op.device ? { d: op.device } : {}), pd: placedDevice(op), dt, sh,
      // The saved notebook holds the model once per graph output: only what is not implied.
      ...(op.outputs.length === 1 ? {} : { outs: op.outputs.map((t) => `${t.dtype.name} ${String(t.shape)}`) }),
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
  markFrames(chosen, ops, scopes);
  // A variable's initializing Assign (`w/Assign` in the variable's group) is bookkeeping too.
  for (const o of ops) {
    if (!o.aux && ASSIGN_TYPES.has(o.t) && o.l === 'Assign' && o.p >= 0 && scopes[o.p].v) o.aux = 1;
  }
  const structures = markStructures(ops, scopes);
  const series = findSeries(ops, scopes, prefix);
  return { ops, scopes, edges, expanded: initialExpansion(ops, scopes, maxVisible), omitted: prefix ? 0 : omitted, prefix, stale: stale.size, series, structures };
}

/**
 * While-loop frames, drawn as TensorBoard draws them: a loop's frame is named `<its name scope>/while_context`
 * (the frame_name of its Enter ops), and that name scope is the loop's box. A gradient loop's frame is
 * its own (`gradients/<loop>/while_context`); Enter ops of one frame elsewhere (stack pushes under
 * gradients/, loop invariants in sub-scopes) change nothing.
 */
function markFrames(chosen: readonly Operation[], ops: readonly ModelOp[], scopes: ModelScope[]): void {
  const byName = new Map(scopes.map((s, i) => [s.n, i]));
  for (const [i, o] of ops.entries()) {
    if (o.t !== 'Enter' && o.t !== 'RefEnter') continue;
    const frame = String(chosen[i].get_attr('frame_name'));
    const s = byName.get(frame.slice(0, frame.lastIndexOf('/')));
    if (s !== undefined) scopes[s].fr = frame;
  }
}

/** Each scope's internal structure: the multiset of op types inside it (all depths), as sorted text. */
export function scopeSignatures(ops: readonly ModelOp[], scopes: readonly ModelScope[]): string[] {
  const counts = scopes.map(() => new Map<string, number>());
  for (const o of ops) for (let s = o.p; s >= 0; s = scopes[s].p) counts[s].set(o.t, (counts[s].get(o.t) ?? 0) + 1);
  return counts.map((m) => [...m].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([t, n]) => `${t}*${n}`).join(','));
}

/** Sets `sg` on scopes whose structure another scope shares; returns the number of groups. */
function markStructures(ops: readonly ModelOp[], scopes: ModelScope[]): number {
  const sigs = scopeSignatures(ops, scopes);
  const bySig = new Map<string, number[]>();
  sigs.forEach((sig, i) => { if (sig) bySig.set(sig, [...(bySig.get(sig) ?? []), i]); });
  let groups = 0;
  for (const members of bySig.values()) {
    if (members.length < 2) continue;
    for (const i of members) scopes[i].sg = groups;
    groups++;
  }
  return groups;
}

/** `1-3,5` for [1, 2, 3, 5]. */
function numberRanges(nums: readonly number[]): string {
  const parts: string[] = [];
  for (let k = 0; k < nums.length;) {
    let j = k;
    while (j + 1 < nums.length && nums[j + 1] === nums[j] + 1) j++;
    parts.push(j > k ? `${nums[k]}-${nums[j]}` : String(nums[k]));
    k = j + 1;
  }
  return parts.join(',');
}

/**
 * Series, as TensorBoard finds them: among the siblings of each scope, names `x`, `x_1`, `x_2`, …
 * of the same kind and structure (op type for ops, internal op-type multiset for scopes), two or more
 * with at least one suffixed. Auxiliary nodes are left out. Sets `sr` on the members.
 */
export function findSeries(ops: ModelOp[], scopes: ModelScope[], prefix = ''): ModelSeries[] {
  const sigs = scopeSignatures(ops, scopes);
  interface Member { i: number; num: number }
  const groups = new Map<string, { p: number; k: 'o' | 's'; base: string; sig: string; members: Member[] }>();
  const add = (k: 'o' | 's', i: number, p: number, label: string, sig: string) => {
    const m = /^(.+)_(\d+)$/.exec(label);
    const base = m ? m[1] : label;
    const key = `${k}\u0000${p}\u0000${base}\u0000${sig}`;
    let g = groups.get(key);
    if (!g) { g = { p, k, base, sig, members: [] }; groups.set(key, g); }
    g.members.push({ i, num: m ? Number(m[2]) : -1 });
  };
  ops.forEach((o, i) => { if (!o.aux) add('o', i, o.p, o.l, o.t); });
  scopes.forEach((s, i) => { if (!s.aux && sigs[i]) add('s', i, s.p, s.l, sigs[i]); });
  const series: ModelSeries[] = [];
  for (const g of groups.values()) {
    const members = g.members.sort((a, b) => a.num - b.num);
    const nums = members.filter((m) => m.num >= 0).map((m) => m.num);
    if (members.length < 2 || nums.length === 0) continue;
    const l = `${g.base}_[${numberRanges(nums)}]`;
    const parentName = g.p >= 0 ? scopes[g.p].n : prefix;
    const index = series.length;
    const first = members[0].i;
    series.push({
      n: parentName ? `${parentName}/${l}` : l, l, p: g.p, k: g.k, m: members.map((m) => m.i),
      ...(g.k === 'o' ? { t: ops[first].t } : scopes[first].sg !== undefined ? { sg: scopes[first].sg } : {}),
    });
    for (const m of members) {
      if (g.k === 'o') ops[m.i].sr = index;
      else scopes[m.i].sr = index;
    }
  }
  return series;
}

/**
 * Scopes to expand at first, level by level from the top: a whole level is unfolded only when every
 * node it reveals keeps the view within `maxVisible` nodes. A large graph thus starts folded at its top
 * scopes. Variable groups, bookkeeping scopes (save/, gradients/) and while-loop frames stay folded, as in TensorBoard.
 */
export function initialExpansion(ops: readonly ModelOp[], scopes: readonly ModelScope[], maxVisible: number): number[] {
  const children = new Map<number, number>();
  for (const o of ops) children.set(o.p, (children.get(o.p) ?? 0) + 1);
  for (const s of scopes) children.set(s.p, (children.get(s.p) ?? 0) + 1);
  let visible = children.get(-1) ?? 0;
  const expanded: number[] = [];
  let level = scopes.map((s, i) => ({ s, i })).filter(({ s }) => s.p === -1).map(({ i }) => i);
  while (level.length) {
    const candidates = level.filter((i) => !scopes[i].v && !scopes[i].aux && scopes[i].fr === undefined);
    const added = candidates.reduce((sum, i) => sum + (children.get(i) ?? 0) - 1, 0);
    if (candidates.length === 0 || visible + added > maxVisible) break;
    visible += added;
    expanded.push(...candidates);
    const open = new Set(candidates);
    level = scopes.map((s, i) => ({ s, i })).filter(({ s }) => open.has(s.p)).map(({ i }) => i);
  }
  return expanded;
}
