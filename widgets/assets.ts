/**
 * Heavy client libraries (plotly.js, elkjs) inlined ONCE per kernel session: the first output that
 * needs one carries it as a <script>; later outputs find it on `window`. Exported HTML keeps outputs
 * in order, so the first output defines the library before later ones use it. A later output whose
 * library is missing (its defining output was cleared) says so in place of the plot, after a wait.
 */
import * as fs from 'fs';

export type AssetName = 'plotly' | 'elk';

interface AssetInfo {
  /** The module file inlined. */
  module: string;
  /** The global it defines. */
  global: string;
}

const ASSETS: Record<AssetName, AssetInfo> = {
  plotly: { module: 'plotly.js-dist-min/plotly.min.js', global: 'Plotly' },
  elk: { module: 'elkjs/lib/elk.bundled.js', global: 'ELK' },
};

const emitted = new Set<AssetName>();
const sources = new Map<AssetName, string>();

function source(name: AssetName): string {
  let text = sources.get(name);
  if (text === undefined) {
    text = fs.readFileSync(require.resolve(ASSETS[name].module), 'utf8');
    sources.set(name, text);
  }
  return text;
}

/**
 * The library as one <script>. `define`, `module` and `exports` are shadowed so UMD bundles set
 * their window global even where RequireJS is loaded (classic Notebook), and `</script` inside the
 * library text is broken up so it cannot close the element early.
 */
export function assetScript(name: AssetName): string {
  const body = source(name).replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
  const global = ASSETS[name].global;
  return `<script data-scopeflow-asset="${name}">if(!window.${global}){(function(define,module,exports){\n${body}\n}).call(window);}</script>`;
}

/**
 * Script tags for the assets not yet sent in this kernel session (marking them sent).
 * `inline: 'always'` embeds them regardless (a standalone HTML file), `'never'` leaves them out.
 */
export function assetsFor(names: readonly AssetName[], inline: 'session' | 'always' | 'never' = 'session'): string {
  let out = '';
  for (const name of names) {
    if (inline === 'never') continue;
    if (inline === 'session' && emitted.has(name)) continue;
    out += assetScript(name);
    emitted.add(name);
  }
  return out;
}

/** Whether an asset was already sent in this session. */
export function assetSent(name: AssetName): boolean {
  return emitted.has(name);
}

/** Forgets what was sent (a test, or a front end known to have been reloaded). */
export function resetAssets(): void {
  emitted.clear();
}

/**
 * Client helper defined by every widget output: waits for globals (libraries from an earlier
 * output), then calls `fn`; after `timeoutMs` shows `message` inside `el` instead.
 */
export const WHEN_READY_JS = `
window.__scopeflowWhenReady = window.__scopeflowWhenReady || function (globals, el, fn) {
  var start = Date.now();
  (function poll() {
    if (globals.every(function (g) { return !!window[g]; })) { try { fn(); } catch (e) { if (el) { el.textContent = 'widget failed: ' + e; } } return; }
    if (Date.now() - start > 15000) {
      if (el) el.textContent = globals.join(' and ') + ' is not loaded in this page: run the notebook again (the first widget output of a kernel session carries the library).';
      return;
    }
    setTimeout(poll, 50);
  })();
};`;
