/**
 * Heavy client libraries (plotly.js 4.9 MB, elkjs 1.7 MB) never go into a notebook's outputs, so a
 * saved notebook stays small. Every widget output carries a static picture drawn in the kernel, and
 * a small script that makes it interactive once the library is in the page:
 * - live in Jupyter Notebook, the script asks the running kernel for the library through the comm
 *   target `scopeflow.assets`, once per page load (comm traffic is not saved with the notebook);
 * - an nbconvert HTML export made with `--template scopeflow` has the libraries inlined once in its
 *   head (see kernel/nbconvert_template);
 * - JupyterLab and VS Code render the `application/vnd.plotly.v1+json` output themselves;
 * - anywhere else (untrusted, GitHub, nbviewer, a plain export) the static picture stays, with one
 *   line saying how to make it interactive.
 */
import * as fs from 'fs';
import { compactScript } from './html';
import { GRAPH_CLIENT_JS } from './graph_client';

export type AssetName = 'plotly' | 'elk' | 'graph';

interface AssetInfo {
  /** The module file sent, or the script text itself (scopeflow's own page code). */
  module: string | (() => string);
  /** The global it defines. */
  global: string;
}

export const ASSETS: Readonly<Record<AssetName, AssetInfo>> = {
  plotly: { module: 'plotly.js-dist-min/plotly.min.js', global: 'Plotly' },
  elk: { module: 'elkjs/lib/elk.bundled.js', global: 'ELK' },
  // The graph view's client (about 28 KB), loaded once per page like the libraries, not in every graph output.
  graph: { module: () => GRAPH_CLIENT_JS, global: '__scopeflowGraph' },
};

/** The comm target a page opens to get a library from the kernel. */
export const ASSET_COMM_TARGET = 'scopeflow.assets';

/**
 * The library as script text that defines its window global. `define`, `module` and `exports` are
 * shadowed so UMD bundles set their global even where RequireJS is loaded (classic Notebook).
 */
export function assetSource(name: AssetName): string {
  const global = ASSETS[name].global;
  const module = ASSETS[name].module;
  const body = typeof module === 'function' ? module() : fs.readFileSync(require.resolve(module), 'utf8');
  return `if(!window.${global}){(function(define,module,exports){\n${body}\n}).call(window);}`;
}

/** The library as one inline <script> element (`</script` and `<!--` in its text broken up). */
export function assetScript(name: AssetName): string {
  const body = assetSource(name).replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
  return `<script data-scopeflow-asset="${name}">${body}</script>`;
}

function isAssetName(x: unknown): x is AssetName {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(ASSETS, x);
}

/** The part of the kernel's comm registry the asset target needs. */
export interface AssetComms {
  registerTarget(targetName: string, handler: (comm: { send(data: Record<string, string>): void; close(): void }, data: Record<string, unknown>) => void): void;
}

/** Answers a page's `{asset: 'plotly'}` comm with `{asset, source}` (or `{asset, error}`), then closes it. */
export function serveAssets(comms: AssetComms): void {
  comms.registerTarget(ASSET_COMM_TARGET, (comm, data) => {
    const asset = data.asset;
    if (isAssetName(asset)) comm.send({ asset, source: assetSource(asset) });
    else comm.send({ asset: String(asset), error: `no such library: ${String(asset)} (known: ${Object.keys(ASSETS).join(', ')})` });
    comm.close();
  });
}

/** What a static picture says in a page where its script cannot run. */
export const STATIC_NOTE = 'Static picture: trust the notebook (File › Trust Notebook) and run it with the scopeflow kernel to make it interactive.';

/**
 * Client helper defined by every widget output: `__scopeflowWhenReady(globals, note, fn)` calls `fn`
 * once the libraries' globals exist, asking the running kernel (classic Notebook) for the missing
 * ones, once per page. `note` (the static picture's caption) says what is happening and, when no
 * library arrives, how to get the interactive view; the static picture stays either way.
 */
export const WHEN_READY_JS = compactScript(`
window.__scopeflowWhenReady = window.__scopeflowWhenReady || function (globals, note, fn) {
  var NAMES = ${JSON.stringify(Object.fromEntries(Object.entries(ASSETS).map(([k, v]) => [v.global, k])))};
  var requests = window.__scopeflowAssetRequests = window.__scopeflowAssetRequests || {};
  var kernel = window.Jupyter && window.Jupyter.notebook && window.Jupyter.notebook.kernel;
  globals.forEach(function (g) {
    if (window[g] || requests[g] || !kernel || !kernel.comm_manager) return;
    requests[g] = true;
    try {
      var comm = kernel.comm_manager.new_comm(${JSON.stringify(ASSET_COMM_TARGET)}, { asset: NAMES[g] });
      comm.on_msg(function (msg) {
        var data = msg.content.data;
        if (!data.source) return;
        var s = document.createElement('script');
        s.text = data.source;
        document.head.appendChild(s);
      });
    } catch (e) { requests[g] = false; }
  });
  if (note) note.textContent = 'loading the interactive view…';
  var start = Date.now();
  (function poll() {
    if (globals.every(function (g) { return !!window[g]; })) {
      if (note) note.style.display = 'none';
      try { fn(); } catch (e) { if (note) { note.style.display = ''; note.textContent = 'interactive view failed: ' + e + ' (the static picture stays)'; } }
      return;
    }
    if (Date.now() - start > 15000) {
      if (note) note.textContent = 'Static picture: ' + globals.filter(function (g) { return g.indexOf('__') !== 0; }).join(' and ') + ' is not loaded in this page. Run the notebook with the scopeflow kernel in Jupyter Notebook, or export it with nbconvert --template scopeflow, for the interactive view.';
      return;
    }
    setTimeout(poll, 50);
  })();
};`);
