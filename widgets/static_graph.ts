/**
 * The graph view's static picture, drawn in the kernel: the page's own client code
 * (GRAPH_CLIENT_JS) runs here against a small document that builds SVG text, with elkjs laying
 * the graph out synchronously in Node. So a notebook opened without JavaScript (untrusted, GitHub,
 * nbviewer, an export without the libraries) shows the same picture the page would draw first.
 */
import * as vm from 'vm';
import { GRAPH_CLIENT_JS } from './graph_client';
import type { GraphModel } from './graph_model';
import { escapeHtml } from './html';

/** The few DOM element features the client code uses, building markup instead of a tree. */
class StaticElement {
  readonly attributes = new Map<string, string>();
  readonly children: StaticElement[] = [];
  textContent = '';
  className = '';
  title = '';
  readonly style: Record<string, string> = {};
  innerHTML = '';
  constructor(readonly tag: string) {}
  setAttribute(name: string, value: unknown): void { this.attributes.set(name, String(value)); }
  getAttribute(name: string): string | null { return this.attributes.get(name) ?? null; }
  appendChild(child: StaticElement): StaticElement {
    this.children.push(child);
    return child;
  }
  addEventListener(): void { /* a picture has no events */ }
  querySelector(): null { return null; }
  /**
   * SVG markup of this element and its children (SVG attributes and text escaped). Attributes in
   * single quotes: a notebook saves outputs as JSON strings, where each double quote costs a backslash.
   */
  markup(): string {
    const attrs = [...this.attributes].filter(([, v]) => v !== '').map(([k, v]) => ` ${k}='${escapeHtml(v)}'`).join('');
    const inner = this.children.length ? this.children.map((c) => c.markup()).join('') : escapeHtml(this.textContent);
    return `<${this.tag}${attrs}>${inner}</${this.tag}>`;
  }
}

interface ElkGraph { id: string; children?: unknown[]; edges?: unknown[]; layoutOptions?: Record<string, string> }
interface ElkWorker {
  onmessage: ((message: { data: { id: number; data?: unknown; error?: unknown } }) => void) | null;
  dispatcher: { saveDispatch(message: { data: Record<string, unknown> }): void };
}

let worker: ElkWorker | undefined;

/** Lays out `graph` in place, synchronously (elkjs's worker code, called without its worker). */
function layoutNow(graph: ElkGraph): ElkGraph {
  if (!worker) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Worker } = require('elkjs/lib/elk-worker.min.js') as { Worker: new (url: string) => ElkWorker };
    worker = new Worker('');
    worker.onmessage = () => undefined;
    worker.dispatcher.saveDispatch({ data: { id: 0, cmd: 'register', algorithms: ['layered'] } });
  }
  let failure: unknown;
  worker.onmessage = (message) => { if (message.data.error) failure = message.data.error; };
  worker.dispatcher.saveDispatch({ data: { id: 1, cmd: 'layout', graph, layoutOptions: {}, options: {} } });
  if (failure) throw new Error(`graph layout failed: ${String((failure as { message?: string }).message ?? failure)}`);
  return graph;
}

let compiledClient: ((window: object, document: object) => void) | undefined;

/** The SVG the page draws first for `model` (same scopes folded, same colours), as markup. */
export function staticGraphSvg(rootId: string, model: GraphModel): string {
  const wrap = new StaticElement('div');
  const root = new StaticElement('div');
  root.querySelector = ((selector: string) => (selector === '.sf-graph-wrap' ? wrap : null)) as unknown as () => null;
  const document = {
    getElementById: (id: string) => (id === rootId ? root : null),
    createElementNS: (_ns: string, tag: string) => new StaticElement(tag),
    createElement: (tag: string) => new StaticElement(tag),
  };
  const elk = function StaticElk(this: { layout(g: ElkGraph): { then(ok: (g: ElkGraph) => void): void } }) {
    this.layout = (g) => ({ then: (ok) => ok(layoutNow(g)) });
  };
  const window: Record<string, unknown> = { ELK: elk };
  // Run in this realm (not a vm context): elkjs checks the graph's arrays with instanceof.
  const client = compiledClient ??= vm.compileFunction(GRAPH_CLIENT_JS, ['window', 'document'], { filename: 'scopeflow-graph-client.js' }) as unknown as (window: object, document: object) => void;
  client(window, document);
  (window.__scopeflowGraph as (id: string, m: GraphModel) => void)(rootId, model);
  const svg = wrap.children[0];
  if (!svg) return '';
  svg.setAttribute('class', 'sf-graph-svg sf-static');
  svg.attributes.delete('data-generation');
  svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return svg.markup();
}
