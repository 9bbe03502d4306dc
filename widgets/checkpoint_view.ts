/**
 * The checkpoint view: every tensor of a checkpoint (name, dtype, shape, elements, bytes), the
 * scope tree the names form, the values of a tensor on click (heatmap, histogram), and a diff mode
 * against a live session (which variables differ and by how much, which are missing on either side).
 * Readers are recognised by their methods (get_tensor, get_variable_to_shape_map,
 * get_variable_to_dtype_map), so any CheckpointReader-like object works.
 */
import { NDArray } from '../lib/framework/ndarray';
import type { RefVariable } from '../lib/variables/variables';
import { copySliceRegion } from '../lib/train/tensor_slice';
import { WHEN_READY_JS } from './assets';
import { compactScript, escapeHtml, formatNumber, scriptJson, STYLE, table, uniqueId } from './html';
import type { MimeBundle } from './types';
import { RENDER_VALUE_JS, ValuePlotSpec, valueSection } from './value_view';

/** What the view needs of a checkpoint reader. */
export interface CheckpointLike {
  get_tensor(name: string): NDArray;
  get_variable_to_shape_map(): Record<string, number[]>;
  get_variable_to_dtype_map(): Record<string, { name: string }>;
  readonly filepattern?: string;
  entries?(): readonly { name: string; size: number | null; slices?: number }[];
}

/** What the diff needs of a session: its graph's variables and `run`. */
export interface SessionLike {
  readonly graph: { get_collection<T>(name: string): T[] };
  run(fetch: RefVariable): NDArray;
}

export function isCheckpointLike(x: unknown): x is CheckpointLike {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  return typeof r.get_tensor === 'function' && typeof r.get_variable_to_shape_map === 'function' && typeof r.get_variable_to_dtype_map === 'function';
}

/** Tensors whose values are embedded (for click-to-view) at most; the rest say how to look at them. */
export const MAX_VALUE_PANELS = 40;

export type DiffStatus = 'same' | 'differs' | 'shape mismatch' | 'dtype mismatch' | 'uninitialized in session' | 'only in checkpoint' | 'only in session'
  | 'only in this checkpoint' | 'only in the other checkpoint' | 'unreadable';

export interface DiffRow {
  name: string;
  status: DiffStatus;
  maxAbs?: number;
  meanAbs?: number;
  detail?: string;
  /** For `differs`: the value it is compared with (the session's, or the other checkpoint's), shown beside the checkpoint's. */
  otherValue?: NDArray;
}

function numbers(a: NDArray): ArrayLike<number> | null {
  return Array.isArray(a.data) ? null : (a.data as ArrayLike<number>);
}

/** Compares every checkpoint tensor with the session's variable of the same op name. */
export function diffCheckpoint(reader: CheckpointLike, session: SessionLike): DiffRow[] {
  const shapes = reader.get_variable_to_shape_map();
  const dtypes = reader.get_variable_to_dtype_map();
  // A partitioned variable's parts compare, together, with the full tensor they are saved as.
  const vars = new Map<string, RefVariable[]>();
  for (const v of session.graph.get_collection<RefVariable>('variables')) {
    const name = v._get_save_slice_info()?.full_name ?? v.op.name;
    vars.set(name, [...(vars.get(name) ?? []), v]);
  }
  const rows: DiffRow[] = [];
  for (const name of Object.keys(shapes).sort()) {
    const parts = vars.get(name);
    if (!parts) { rows.push({ name, status: 'only in checkpoint' }); continue; }
    const v = parts[0];
    const full = v._get_save_slice_info()?.full_shape;
    const vshape = full ? [...full] : v.shape.as_list();
    const cshape = shapes[name];
    if (vshape.length !== cshape.length || vshape.some((d, i) => d !== null && d !== cshape[i])) {
      rows.push({ name, status: 'shape mismatch', detail: `checkpoint [${cshape.join(', ')}], session ${String(v.shape)}` });
      continue;
    }
    if (v.dtype.base_dtype.name !== dtypes[name]?.name) {
      rows.push({ name, status: 'dtype mismatch', detail: `checkpoint ${dtypes[name]?.name}, session ${v.dtype.base_dtype.name}` });
      continue;
    }
    let live: NDArray;
    try {
      live = full ? assembleParts(session, parts, full) : session.run(v);
    } catch (e) {
      const err = e as Error;
      rows.push({ name, status: err.name === 'FailedPreconditionError' ? 'uninitialized in session' : 'unreadable', detail: err.message.split('\n')[0] });
      continue;
    }
    let saved: NDArray;
    try {
      saved = reader.get_tensor(name);
    } catch (e) {
      rows.push({ name, status: 'unreadable', detail: (e as Error).message.split('\n')[0] });
      continue;
    }
    rows.push(compareValues(name, saved, live));
  }
  for (const [name] of vars) if (!(name in shapes)) rows.push({ name, status: 'only in session' });
  return rows;
}

/** The full value of a partitioned variable from its parts' values in the session. */
function assembleParts(session: SessionLike, parts: readonly RefVariable[], fullShape: readonly number[]): NDArray {
  const values = parts.map((p) => session.run(p));
  const out = new NDArray(values[0].dtype, fullShape);
  parts.forEach((p, i) => {
    const info = p._get_save_slice_info()!;
    const extents = info.var_offset.map((o, d): [number, number] => [o, info.var_shape[d]]);
    copySliceRegion(values[i], extents, out, fullShape.map((n): [number, number] => [0, n]), extents);
  });
  return out;
}

/** `same` or `differs` with the largest and mean absolute difference (NaN equals NaN). */
function compareValues(name: string, saved: NDArray, other: NDArray): DiffRow {
  const a = numbers(saved), b = numbers(other);
  if (!a || !b) return JSON.stringify(saved.toArray()) === JSON.stringify(other.toArray()) ? { name, status: 'same' } : { name, status: 'differs', otherValue: other };
  let max = 0, sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(Number(a[i]) - Number(b[i]));
    if (Number.isNaN(d)) { if (!(Number.isNaN(a[i]) && Number.isNaN(b[i]))) max = Infinity; continue; }
    if (d > max) max = d;
    sum += d;
  }
  if (max === 0) return { name, status: 'same', maxAbs: 0, meanAbs: 0 };
  return { name, status: 'differs', maxAbs: max, meanAbs: a.length ? sum / a.length : 0, otherValue: other };
}

/**
 * Compares two checkpoints tensor by tensor (e.g. the same model saved at two training steps): which
 * tensors changed and by how much, which one holds tensors the other lacks.
 */
export function diffCheckpoints(reader: CheckpointLike, other: CheckpointLike): DiffRow[] {
  const shapes = reader.get_variable_to_shape_map(), otherShapes = other.get_variable_to_shape_map();
  const dtypes = reader.get_variable_to_dtype_map(), otherDtypes = other.get_variable_to_dtype_map();
  const rows: DiffRow[] = [];
  for (const name of Object.keys(shapes).sort()) {
    if (!(name in otherShapes)) { rows.push({ name, status: 'only in this checkpoint' }); continue; }
    const a = shapes[name], b = otherShapes[name];
    if (a.length !== b.length || a.some((d, i) => d !== b[i])) {
      rows.push({ name, status: 'shape mismatch', detail: `this [${a.join(', ')}], other [${b.join(', ')}]` });
      continue;
    }
    if (dtypes[name]?.name !== otherDtypes[name]?.name) {
      rows.push({ name, status: 'dtype mismatch', detail: `this ${dtypes[name]?.name}, other ${otherDtypes[name]?.name}` });
      continue;
    }
    try {
      rows.push(compareValues(name, reader.get_tensor(name), other.get_tensor(name)));
    } catch (e) {
      rows.push({ name, status: 'unreadable', detail: (e as Error).message.split('\n')[0] });
    }
  }
  for (const name of Object.keys(otherShapes).sort()) if (!(name in shapes)) rows.push({ name, status: 'only in the other checkpoint' });
  return rows;
}

/** The last path segment of a checkpoint prefix (`model.ckpt-100`). */
function shortPrefix(reader: CheckpointLike): string {
  const p = reader.filepattern ?? '';
  return p.split(/[\\/]/).pop() || 'the other checkpoint';
}

function statusClass(s: DiffStatus): string {
  if (s === 'same') return 'sf-status-same';
  if (s === 'differs') return 'sf-status-diff';
  return 'sf-status-missing';
}

interface TreeNode { children: Map<string, TreeNode>; leaves: string[] }

function nameTree(names: readonly string[]): TreeNode {
  const root: TreeNode = { children: new Map(), leaves: [] };
  for (const n of names) {
    const parts = n.split('/');
    let node = root;
    for (const p of parts.slice(0, -1)) {
      let next = node.children.get(p);
      if (!next) { next = { children: new Map(), leaves: [] }; node.children.set(p, next); }
      node = next;
    }
    node.leaves.push(n);
  }
  return root;
}

function treeHtml(node: TreeNode, index: Map<string, number>, label: (n: string) => string): string {
  const out: string[] = [];
  for (const [name, child] of node.children) out.push(`<details open><summary>${escapeHtml(name)}/</summary>${treeHtml(child, index, label)}</details>`);
  for (const leaf of node.leaves) out.push(`<div class="sf-leaf"><span class="sf-clickable sf-ckpt-name" data-idx="${index.get(leaf)}">${escapeHtml(leaf.split('/').pop()!)}</span> ${label(leaf)}</div>`);
  return out.join('');
}

function treeText(node: TreeNode, indent: string, lines: string[], label: (n: string) => string): void {
  for (const [name, child] of node.children) { lines.push(`${indent}${name}/`); treeText(child, `${indent}  `, lines, label); }
  for (const leaf of node.leaves) lines.push(`${indent}${leaf.split('/').pop()}  ${label(leaf)}`);
}

export interface CheckpointViewOptions {
  /** A live session to diff against (its graph's global variables, matched by op name). */
  session?: SessionLike;
  /** Another checkpoint to diff against (e.g. an earlier step of the same training), tensor by tensor. */
  against?: CheckpointLike;
  /** Title (default: the checkpoint prefix). */
  title?: string;
}

const CHECKPOINT_CLIENT_JS = compactScript(`
window.__scopeflowCheckpoint = window.__scopeflowCheckpoint || function (rootId, specs) {
  var root = document.getElementById(rootId);
  if (!root) return;
  var drawn = {};
  function show(idx) {
    root.querySelectorAll('.sf-ckpt-panel').forEach(function (p) { p.style.display = p.getAttribute('data-idx') === idx ? '' : 'none'; });
    root.querySelectorAll('.sf-ckpt-name').forEach(function (n) { n.style.fontWeight = n.getAttribute('data-idx') === idx ? '700' : ''; });
    if (!drawn[idx] && specs[idx]) {
      drawn[idx] = true;
      specs[idx].forEach(function (spec) {
        // Each value's own caption: the checkpoint's and the compared value's plots turn interactive together.
        var first = spec.heat ? spec.heat.div : spec.plots.length ? spec.plots[0].div : null;
        var box = first && document.getElementById(first).closest('.sf-ckpt-side, .sf-ckpt-panel');
        if (box) window.__scopeflowWhenReady(['Plotly'], box.querySelector('.sf-static-note'), function () { window.__scopeflowRenderValue(spec); });
      });
    }
  }
  root.querySelectorAll('.sf-ckpt-name').forEach(function (n) {
    n.addEventListener('click', function () { show(n.getAttribute('data-idx')); });
  });
};`);

/** The checkpoint view's bundle. */
export function checkpointBundle(reader: CheckpointLike, options: CheckpointViewOptions = {}): MimeBundle {
  const shapes = reader.get_variable_to_shape_map();
  const dtypes = reader.get_variable_to_dtype_map();
  const names = Object.keys(shapes).sort();
  const bytes = new Map<string, number | null>();
  const slices = new Map<string, number>();
  if (typeof reader.entries === 'function') {
    for (const e of reader.entries()) {
      bytes.set(e.name, e.size);
      if (e.slices) slices.set(e.name, e.slices);
    }
  }
  const index = new Map(names.map((n, i) => [n, i]));
  const elements = (n: string) => shapes[n].reduce((p, d) => p * d, 1);
  const prefix = reader.filepattern ?? '';
  const title = options.title ?? `checkpoint ${prefix}`;
  if (options.session && options.against) throw new TypeError('checkpoint view: diff against a session or against another checkpoint, not both');
  const diff = options.session ? diffCheckpoint(reader, options.session) : options.against ? diffCheckpoints(reader, options.against) : undefined;
  const otherName = options.against ? shortPrefix(options.against) : 'the session';
  const onlyOther: DiffStatus = options.against ? 'only in the other checkpoint' : 'only in session';
  const diffByName = new Map((diff ?? []).map((r) => [r.name, r]));
  const id = uniqueId('ckpt');

  const describe = (n: string) => `${dtypes[n]?.name ?? '?'} [${shapes[n].join(', ')}]${slices.has(n) ? ` in ${slices.get(n)} slices` : ''}`;
  const diffText = (r: DiffRow | undefined) => (r ? `${r.status}${r.maxAbs !== undefined && r.status === 'differs' ? ` (max |Δ| ${formatNumber(r.maxAbs)}, mean |Δ| ${formatNumber(r.meanAbs ?? 0)})` : ''}${r.detail ? ` (${r.detail})` : ''}` : '');

  // text/plain
  const text: string[] = [`<checkpoint '${prefix}': ${names.length} tensors>`];
  for (const n of names) text.push(`  ${n}  ${describe(n)}${diff ? `  ${diffText(diffByName.get(n))}` : ''}`);
  if (diff) {
    for (const r of diff) if (r.status === onlyOther) text.push(`  ${r.name}  ${onlyOther}`);
    const counts = new Map<string, number>();
    for (const r of diff) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
    text.push(`diff against ${otherName}: ${[...counts].map(([k, v]) => `${v} ${k}`).join(', ')}`);
  }

  // table
  const headers = ['name', 'dtype', 'shape', 'elements', 'bytes', ...(diff ? [options.against ? `vs ${otherName}` : 'vs session'] : [])];
  const rows = names.map((n) => {
    const r = diffByName.get(n);
    return [
      `<span class="sf-clickable sf-ckpt-name" data-idx="${index.get(n)}">${escapeHtml(n)}</span>`,
      escapeHtml(dtypes[n]?.name ?? '?'), escapeHtml(`[${shapes[n].join(', ')}]`), String(elements(n)),
      bytes.get(n) === null || bytes.get(n) === undefined ? '—' : String(bytes.get(n)),
      ...(diff ? [`<span class="${r ? statusClass(r.status) : ''}">${escapeHtml(diffText(r))}</span>`] : []),
    ];
  });
  if (diff) {
    for (const r of diff) if (r.status === onlyOther) rows.push([escapeHtml(r.name), '', '', '', '', `<span class="sf-status-missing">${escapeHtml(onlyOther)}</span>`]);
  }

  // value panels
  // Per tensor: the checkpoint's plots, then (when it differs) those of the value it is compared with.
  const specs: Record<string, ValuePlotSpec[]> = {};
  const panels: string[] = [];
  names.forEach((n, i) => {
    if (i >= MAX_VALUE_PANELS) return;
    const d = diffByName.get(n);
    let body: string;
    try {
      const section = valueSection(reader.get_tensor(n), n);
      specs[String(i)] = [section.spec];
      body = section.html;
      if (d?.otherValue) {
        const other = valueSection(d.otherValue, `${n} in ${otherName}`);
        specs[String(i)].push(other.spec);
        body = `<div class="sf-row sf-ckpt-compare"><div class="sf-ckpt-side" data-side="checkpoint"><div class="sf-title">in this checkpoint</div>${body}</div>` +
          `<div class="sf-ckpt-side" data-side="other"><div class="sf-title">in ${escapeHtml(otherName)}</div>${other.html}</div></div>`;
      }
    } catch (e) {
      body = `<div class="sf-err">${escapeHtml((e as Error).message)}</div>`;
    }
    panels.push(`<div class="sf-panel sf-ckpt-panel" data-idx="${i}" style="display:none"><div class="sf-title"><code>${escapeHtml(n)}</code> ${escapeHtml(describe(n))}${d ? ` <span class="${statusClass(d.status)}">${escapeHtml(diffText(d))}</span>` : ''}</div>${body}</div>`);
  });

  const html = [`<div class="sf-widget sf-checkpoint" id="${id}">`, STYLE];
  html.push(`<div class="sf-title">${escapeHtml(title)} <span class="sf-badge">${names.length} tensors</span>${diff ? ` <span class="sf-badge sf-reuse">diff against ${escapeHtml(otherName)}</span>` : ''}</div>`);
  html.push('<div class="sf-row">');
  html.push(`<div>${table(headers, rows)}</div>`);
  html.push(`<div class="sf-panel sf-tree"><div class="sf-title">scopes</div>${treeHtml(nameTree(names), index, (n) => `<span class="sf-badge">${escapeHtml(describe(n))}</span>`)}</div>`);
  html.push('</div>');
  html.push(`<div class="sf-note">Click a tensor's name to see its values.${names.length > MAX_VALUE_PANELS ? ` Values are embedded for the first ${MAX_VALUE_PANELS} tensors; for the others use widgets.value(reader.get_tensor(name)).` : ''}</div>`);
  html.push(panels.join('\n'));
  html.push(`<script>${WHEN_READY_JS}${RENDER_VALUE_JS}${CHECKPOINT_CLIENT_JS}
window.__scopeflowCheckpoint(${scriptJson(id)}, ${scriptJson(specs)});</script>`);
  html.push('</div>');
  const tree: string[] = [];
  treeText(nameTree(names), '  ', tree, describe);
  if (names.some((n) => n.includes('/'))) text.push('scopes:', ...tree);
  return { 'text/plain': text.join('\n'), 'text/html': html.join('\n') };
}
