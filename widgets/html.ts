/**
 * Shared HTML helpers: escaping, unique ids, JSON that is safe inside <script>, and the small
 * stylesheet every widget carries (scoped by its root class, so outputs do not restyle each other).
 */

/** Escapes text for HTML element content and attribute values (`<`, `>`, `&`, both quotes). */
export function escapeHtml(text: unknown): string {
  return String(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * JSON for embedding inside a <script> element: `<`, `>`, `&` and the JS line separators are
 * written as \u escapes, so no name can close the script or open a comment.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Client code as outputs carry it: lines without indentation, no comment lines. Every output
 * repeats its client code and the saved notebook keeps every output.
 */
export function compactScript(source: string): string {
  return source.split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('//')).join('\n');
}

let counter = 0;
const sessionTag = Math.random().toString(36).slice(2, 8);

/** An element id unique in this kernel session and (with the random tag) across re-opened notebooks. */
export function uniqueId(prefix: string): string {
  counter += 1;
  return `sf-${prefix}-${sessionTag}-${counter}`;
}

/** Number formatting for tables and stats: 6 significant digits, ints as ints. */
export function formatNumber(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const abs = Math.abs(v);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e9)) return v.toExponential(4);
  return String(Number(v.toPrecision(6)));
}

/** `(2, 3)` as Python prints a shape tuple; `()` for scalars. */
export function pyShape(shape: readonly (number | null)[]): string {
  const dims = shape.map((d) => (d === null ? 'None' : String(d)));
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
}

/** A plain HTML table from header cells and rows of already-escaped cell HTML. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[], cls = 'sf-table'): string {
  const head = headers.length ? `<thead><tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>` : '';
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('');
  return `<table class="${cls}">${head}<tbody>${body}</tbody></table>`;
}

/** The stylesheet all widgets share; every rule is under `.sf-widget`. */
export const STYLE = `<style>
.sf-widget{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:13px;color:#1f2328;line-height:1.35;max-width:100%}
.sf-widget .sf-title{font-weight:600;font-size:14px;margin:2px 0 6px}
.sf-widget .sf-title code{font-size:13px}
.sf-widget .sf-note{color:#57606a;font-size:12px;margin:4px 0}
.sf-widget .sf-warn{color:#9a6700;background:#fff8c5;border:1px solid #d4a72c;border-radius:4px;padding:4px 8px;margin:4px 0;display:inline-block}
.sf-widget .sf-err{color:#82071e;background:#ffebe9;border:1px solid #ff8182;border-radius:4px;padding:4px 8px;margin:4px 0;display:inline-block}
.sf-widget table.sf-table{border-collapse:collapse;margin:4px 0;font-size:12px}
.sf-widget table.sf-table th,.sf-widget table.sf-table td{border:1px solid #d0d7de;padding:2px 8px;text-align:left;font-family:ui-monospace,SFMono-Regular,Menlo,monospace;white-space:nowrap}
.sf-widget table.sf-table th{background:#f6f8fa;font-family:inherit}
.sf-widget table.sf-values td{text-align:right}
.sf-widget .sf-row{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}
.sf-widget .sf-panel{border:1px solid #d0d7de;border-radius:6px;padding:6px 8px;background:#fff}
.sf-widget .sf-plot{width:420px;height:320px}
.sf-widget details{margin-left:12px}
.sf-widget details>summary{cursor:pointer;list-style:none}
.sf-widget details>summary::-webkit-details-marker{display:none}
.sf-widget details>summary::before{content:"\\25B8";display:inline-block;width:14px}
.sf-widget details[open]>summary::before{content:"\\25BE"}
.sf-widget .sf-tree{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}
.sf-widget .sf-tree .sf-leaf{margin-left:26px}
.sf-widget .sf-badge{display:inline-block;border-radius:8px;padding:0 6px;font-size:11px;background:#ddf4ff;color:#0969da;margin-left:4px}
.sf-widget .sf-badge.sf-var{background:#dafbe1;color:#1a7f37}
.sf-widget .sf-badge.sf-reuse{background:#fbefff;color:#8250df}
.sf-widget .sf-badge.sf-frame{background:#fbefff;color:#8250df}
.sf-widget .sf-badge.sf-stale{background:#eaeef2;color:#57606a;border:1px dashed #8c959f}
.sf-widget .sf-badge.sf-plain{background:#fff1e5;color:#953800}
.sf-widget .sf-leaf.sf-stale{color:#8c959f}
.sf-widget .sf-status-same{color:#1a7f37}
.sf-widget .sf-status-diff{color:#9a6700}
.sf-widget .sf-status-missing{color:#82071e}
.sf-widget .sf-clickable{cursor:pointer;color:#0969da;text-decoration:underline}
.sf-widget input.sf-search{font-size:12px;padding:2px 6px;width:220px}
.sf-widget .sf-graph-wrap{overflow:auto;max-height:640px;border:1px solid #d0d7de;border-radius:6px;background:#fafbfc;min-width:320px}
.sf-widget .sf-card{font-size:12px;min-width:240px;max-width:420px}
.sf-widget .sf-card table.sf-table td{white-space:normal;overflow-wrap:anywhere}
.sf-widget .sf-zoom button{min-width:24px}
.sf-widget .sf-graph-wrap.sf-panning{cursor:grabbing;user-select:none}
.sf-widget svg text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
</style>`;
