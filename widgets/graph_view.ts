/**
 * The graph / scope view: name scopes as nested boxes (elkjs layout in the page), op facts, data and
 * control edges, search, and beside it the variable-scope tree. Without JavaScript (an untrusted
 * notebook, a static viewer) the same scopes are shown as a foldable text tree.
 */
import type { Graph } from '../lib/framework/graph';
import type { RefVariable } from '../lib/variables/variables';
import { AUTO_REUSE, variable_store, VariableScope, VariableStoreView } from '../lib/variables/variable_scope';
import { STATIC_NOTE, WHEN_READY_JS } from './assets';
import { buildGraphModel, GraphModel, ModelOp } from './graph_model';
import { escapeHtml, scriptJson, STYLE, uniqueId } from './html';
import { staticGraphSvg } from './static_graph';
import type { MimeBundle } from './types';

export interface GraphViewOptions {
  /** Show only the ops under this name scope (no trailing slash). */
  scope?: string;
  /** Visible nodes at first before scopes start folded (default 40). */
  maxVisible?: number;
  /** Variables for the variable-scope tree (default: the graph's global variables collection). */
  variables?: readonly RefVariable[];
  /** The current variable scope's name and reuse flag, marked in the tree. */
  currentScope?: { name: string; reuse: string };
  /**
   * The variable scope shown (a displayed VariableScope): the title and its node in the tree give
   * this object's reuse flag, not the one the store recorded when a scope of that name was last entered.
   */
  variableScope?: VariableScope;
  /** Title above the view. */
  title?: string;
}

/** A variable in the tree, and how it was made. */
interface VarLeaf {
  label: string;
  v: RefVariable;
  /** True when get_variable made it (it is in the variable store), false for a plain tf.Variable. */
  shared: boolean;
}

interface VarTreeNode {
  children: Map<string, VarTreeNode>;
  vars: VarLeaf[];
  /** The variable scope of this full name, when one was entered (else the prefix only comes from names). */
  scope?: VariableScope;
}

function variablesOf(graph: Graph): RefVariable[] {
  return graph.get_collection<RefVariable>('variables').filter((v) => v && typeof v.name === 'string');
}

function reuseFlag(r: VariableScope['reuse']): string {
  return r === AUTO_REUSE ? 'AUTO_REUSE' : r ? 'True' : 'False';
}

/**
 * The variable-scope tree: the scopes get_variable's store saw entered (with their reuse flag), and
 * every variable under the scope its name falls in, marked get_variable (in the store) or tf.Variable.
 */
function variableTree(vars: readonly RefVariable[], store: VariableStoreView, prefix: string, shown?: VariableScope): VarTreeNode {
  const root: VarTreeNode = { children: new Map(), vars: [] };
  const nodeAt = (parts: readonly string[]): VarTreeNode => {
    let node = root;
    for (const p of parts) {
      let next = node.children.get(p);
      if (!next) { next = { children: new Map(), vars: [] }; node.children.set(p, next); }
      node = next;
    }
    return node;
  };
  for (const [name, scope] of store.scopes) {
    if (!name || (prefix && name !== prefix && !name.startsWith(`${prefix}/`))) continue;
    nodeAt(name.split('/')).scope = scope;
  }
  if (shown?.name) nodeAt(shown.name.split('/')).scope = shown;
  const shared = new Set(store.variables.values());
  for (const v of vars) {
    const parts = v.op.name.split('/');
    nodeAt(parts.slice(0, -1)).vars.push({ label: parts[parts.length - 1], v, shared: shared.has(v) });
  }
  return root;
}

function countVars(n: VarTreeNode): number {
  let c = n.vars.length;
  for (const k of n.children.values()) c += countVars(k);
  return c;
}

function scopeFlag(node: VarTreeNode): string {
  return node.scope ? `reuse=${reuseFlag(node.scope.reuse)}` : 'name prefix only';
}

function varTreeHtml(node: VarTreeNode, path: string, current: GraphViewOptions['currentScope']): string {
  const out: string[] = [];
  for (const [name, child] of node.children) {
    const full = path ? `${path}/${name}` : name;
    const mark = current && current.name === full ? ' <span class="sf-badge sf-reuse">current</span>' : '';
    const flag = child.scope
      ? ` <span class="sf-badge sf-reuse" data-reuse="${escapeHtml(reuseFlag(child.scope.reuse))}">reuse=${escapeHtml(reuseFlag(child.scope.reuse))}</span>`
      : ' <span class="sf-badge" title="no variable scope of this name was entered: the prefix comes from a name scope or an explicit name">name prefix</span>';
    out.push(`<details open class="sf-vscope" data-vscope="${escapeHtml(full)}"><summary>${escapeHtml(name)}/ <span class="sf-badge">${countVars(child)} var</span>${flag}${mark}</summary>${varTreeHtml(child, full, current)}</details>`);
  }
  for (const { label, v, shared } of node.vars) {
    const how = shared
      ? '<span class="sf-badge sf-var" title="created by tf.get_variable: shared by name through variable scopes">get_variable</span>'
      : '<span class="sf-badge sf-plain" title="created by tf.Variable: never shared by name">tf.Variable</span>';
    out.push(`<div class="sf-leaf" data-variable="${escapeHtml(v.name)}" data-kind="${shared ? 'get_variable' : 'Variable'}">${escapeHtml(label)} <span class="sf-badge sf-var">${escapeHtml(v.dtype.base_dtype.name)} ${escapeHtml(String(v.shape))}</span> ${how}${v.trainable ? '' : ' <span class="sf-badge">not trainable</span>'}</div>`);
  }
  return out.join('');
}

function varTreeText(node: VarTreeNode, indent: string, lines: string[]): void {
  for (const [name, child] of node.children) {
    lines.push(`${indent}${name}/  ${scopeFlag(child)}`);
    varTreeText(child, `${indent}  `, lines);
  }
  for (const { label, v, shared } of node.vars) lines.push(`${indent}${label}  ${v.dtype.base_dtype.name} ${String(v.shape)}  ${shared ? 'get_variable' : 'tf.Variable'}${v.trainable ? '' : ', not trainable'}`);
}

function opLine(o: ModelOp): string {
  const dev = o.d ? `${o.d} -> ${o.pd}` : o.pd;
  return `${o.l}  ${o.t}${o.v ? ' (variable)' : ''}  ${o.dt} ${o.sh}  [${dev}]${o.c ? `  ${o.c}` : ''}${o.st ? `  (${o.st})` : ''}`.replace(/\s+$/, '');
}

/** The name-scope tree as text (text/plain), at most `maxLines` lines. */
function scopeTreeText(m: GraphModel, maxLines = 80): string[] {
  const lines: string[] = [];
  const walk = (parent: number, indent: string) => {
    m.scopes.forEach((s, i) => {
      if (s.p !== parent) return;
      lines.push(`${indent}${s.l}/  (${s.fr !== undefined ? `while loop, frame ${s.fr}, ` : ''}${s.c} ops${s.v ? ', variable' : ''}${s.st ? `, ${s.st} stale` : ''})`);
      walk(i, `${indent}  `);
    });
    m.ops.forEach((o) => { if (o.p === parent) lines.push(`${indent}${opLine(o)}`); });
  };
  walk(-1, '  ');
  if (lines.length > maxLines) return [...lines.slice(0, maxLines), `  ... ${lines.length - maxLines} more lines`];
  return lines;
}

/** The same tree as nested <details>, the view's no-JavaScript form. */
function scopeTreeHtml(m: GraphModel): string {
  const walk = (parent: number): string => {
    const parts: string[] = [];
    m.scopes.forEach((s, i) => {
      if (s.p !== parent) return;
      parts.push(`<details class="sf-nscope" data-scope="${escapeHtml(s.n)}"><summary>${escapeHtml(s.l)}/ ${s.fr !== undefined ? `<span class="sf-badge sf-frame">while frame ${escapeHtml(s.fr)}</span> ` : ''}<span class="sf-badge${s.v ? ' sf-var' : ''}">${s.c} ops${s.v ? ' · variable' : ''}</span>${s.st ? ` <span class="sf-badge sf-stale">${s.st} stale</span>` : ''}</summary>${walk(i)}</details>`);
    });
    m.ops.forEach((o) => {
      if (o.p === parent) parts.push(`<div class="sf-leaf${o.st ? ' sf-stale' : ''}">${escapeHtml(opLine(o))}</div>`);
    });
    return parts.join('');
  };
  return walk(-1);
}

/** The top auxiliary nodes: aux scopes and ops not inside an aux scope, as `save/` or `init`. */
function auxiliaryNames(m: GraphModel): string[] {
  const out: string[] = [];
  m.scopes.forEach((s) => { if (s.aux && !(s.p >= 0 && m.scopes[s.p].aux)) out.push(`${s.n}/`); });
  m.ops.forEach((o) => { if (o.aux && !(o.p >= 0 && m.scopes[o.p].aux)) out.push(o.n); });
  return out;
}

/** The placed device the page assumes for an op whose model leaves `pd` out. */
const HOST_DEVICE = '/device:CPU:0';

/**
 * The model as the page gets it, without what its client derives (each op's label from its name,
 * the host CPU as placed device): the saved notebook holds it once per graph output.
 */
function pageModel(m: GraphModel): GraphModel {
  const ops = m.ops.map((o) => {
    const { l, pd, ...rest } = o;
    return (pd === HOST_DEVICE ? rest : { ...rest, pd }) as ModelOp & { l?: typeof l };
  });
  return { ...m, ops };
}

/** The graph as the page first draws it, laid out here; a note instead if the layout fails. */
function staticPicture(id: string, model: GraphModel): string {
  try {
    return staticGraphSvg(id, model);
  } catch (e) {
    return `<div class="sf-note">no static picture: ${escapeHtml((e as Error).message)}</div>`;
  }
}

/** The bundle of the graph view. */
export function graphBundle(graph: Graph, options: GraphViewOptions = {}): MimeBundle {
  const prefix = (options.scope ?? '').replace(/\/+$/, '');
  const model = buildGraphModel(graph, prefix, options.maxVisible ?? 40);
  const vars = (options.variables ?? variablesOf(graph)).filter((v) => !prefix || v.op.name.startsWith(`${prefix}/`));
  const tree = variableTree(vars, variable_store(graph), prefix, options.variableScope);
  const id = uniqueId('graph');
  const shown = options.variableScope;
  const title = options.title ?? (shown ? `variable scope ${shown.name}/ (reuse=${reuseFlag(shown.reuse)})` : prefix ? `scope ${prefix}/` : 'graph');

  const textLines = [`<${prefix ? `scope '${prefix}/' of a tf.Graph` : 'tf.Graph'}: ${model.ops.length} ops, ${model.scopes.length} name scopes, ${vars.length} variables>`];
  textLines.push(...scopeTreeText(model));
  if (model.series.length) {
    textLines.push(`series (folded into one node each): ${model.series.slice(0, 8).map((r) => `${r.n} (${r.m.length} ${r.k === 'o' ? 'ops' : 'scopes'})`).join(', ')}${model.series.length > 8 ? `, and ${model.series.length - 8} more` : ''}`);
  }
  const auxNames = auxiliaryNames(model);
  if (auxNames.length) textLines.push(`auxiliary nodes (drawn beside the main graph): ${auxNames.slice(0, 8).join(', ')}${auxNames.length > 8 ? `, and ${auxNames.length - 8} more` : ''}`);
  if (model.stale) textLines.push(`${model.stale} stale ops: they use ops that re-running a cell replaced; re-run the cells named to rebuild them.`);
  if (vars.length || tree.children.size) {
    textLines.push('variables by variable scope:');
    varTreeText(tree, '  ', textLines);
  }
  if (model.omitted > 0) textLines.push(`(${model.omitted} more ops not shown)`);

  const html = [`<div class="sf-widget sf-graph" id="${id}">`, STYLE];
  html.push(`<div class="sf-title">${escapeHtml(title)} <span class="sf-badge">${model.ops.length} ops</span> <span class="sf-badge">${model.scopes.length} scopes</span> <span class="sf-badge sf-var">${vars.length} variables</span>${model.stale ? ` <span class="sf-badge sf-stale">${model.stale} stale</span>` : ''}</div>`);
  html.push(`<div class="sf-note"><input class="sf-search" type="search" placeholder="search ops by name" aria-label="search ops by name"> <button class="sf-fold-all" type="button">fold all</button> <button class="sf-unfold-all" type="button">unfold all</button> <span class="sf-zoom" role="group" aria-label="zoom"><button class="sf-zoom-out" type="button" title="zoom out (or ctrl + wheel)">−</button><button class="sf-zoom-fit" type="button" title="fit the whole graph in the view">fit</button><button class="sf-zoom-reset" type="button" title="actual size">1:1</button><button class="sf-zoom-in" type="button" title="zoom in (or ctrl + wheel)">+</button></span> <label>colour <select class="sf-color-mode" aria-label="colour mode"><option value="device">by device</option><option value="structure">by structure</option></select></label> <span class="sf-graph-status"></span></div>`);
  if (model.omitted > 0) html.push(`<div class="sf-warn">${model.omitted} ops beyond the first ${model.ops.length} are not shown.</div>`);
  html.push('<div class="sf-row">');
  html.push(`<div><div class="sf-note sf-static-note">${escapeHtml(STATIC_NOTE)}</div><div class="sf-graph-wrap">${staticPicture(id, model)}</div></div>`);
  html.push('<div class="sf-side">');
  html.push('<div class="sf-panel sf-card"><div class="sf-note">Click a scope box to fold or unfold it; click an op for its details and to trace what it depends on (amber). Green: variables; blue: CPU; orange: GPU (or, by structure, scopes with the same ops inside share a colour); stacked boxes: a series of like-named siblings (click to unfold); dashed border: placed on another device than requested; dotted arrows: control dependencies; purple boxes: while loops (⟳ and the frame name; unfold one to see its body), whose dashed purple arrow is the back edge (NextIteration → Merge); grey, faded: stale (uses ops a re-run cell replaced).</div></div>');
  html.push(`<div class="sf-panel sf-aux-panel"><div class="sf-title">auxiliary nodes <span class="sf-badge">${auxNames.length}</span></div><div class="sf-note">Bookkeeping (initializers, init, the saver) kept out of the main graph; their edges show there as short stubs. Click one for its card.</div><div class="sf-aux-list">${auxNames.length ? '' : '<div class="sf-note">none</div>'}</div></div>`);
  html.push(`<div class="sf-panel sf-tree sf-vartree"><div class="sf-title">variable scopes</div>${tree.children.size || vars.length ? varTreeHtml(tree, '', options.currentScope) : '<div class="sf-note">no variables</div>'}</div>`);
  html.push('</div></div>');
  html.push(`<details class="sf-tree sf-scopetree"><summary>name scopes as text</summary>${scopeTreeHtml(model)}</details>`);
  html.push(`<script>${WHEN_READY_JS}
(function(){var model=${scriptJson(pageModel(model))};var root=document.getElementById(${scriptJson(id)});
window.__scopeflowWhenReady(['ELK', '__scopeflowGraph'], root && root.querySelector('.sf-static-note'), function(){ window.__scopeflowGraph(${scriptJson(id)}, model); });})();</script>`);
  html.push('</div>');
  return { 'text/plain': textLines.join('\n'), 'text/html': html.join('\n') };
}
