/**
 * The value view: what a Variable, a Tensor or an NDArray holds. Shape, dtype, device, initializer,
 * statistics over every element, a heatmap of 2-D slices (with a slice selector for higher ranks),
 * a histogram, a line for 1-D, and the values themselves when there are few. Plots are bounded
 * (see values.ts) and say when they are sampled.
 */
import type { NDArray } from '../lib/framework/ndarray';
import { STATIC_NOTE, WHEN_READY_JS } from './assets';
import { compactScript, escapeHtml, formatNumber, scriptJson, STYLE, table, uniqueId } from './html';
import { figureSvg } from './static_plot';
import type { MimeBundle, PlotlyFigure } from './types';
import {
  computeStats, elementStrings, heatmapData, HeatmapData, histogram, isNumeric, lineData, numpyRepr, Slice2D, Stats,
} from './values';

/** Elements at most shown in the HTML value table. */
export const MAX_TABLE_ELEMENTS = 120;

/** Facts shown above the values; every field optional. */
export interface ValueFacts {
  /** What is shown: `Variable`, `Tensor`, `NDArray`, `checkpoint tensor`. */
  kind: string;
  name?: string;
  shape?: string;
  dtype?: string;
  /** Requested device (graph). */
  device?: string;
  /** Device the op is placed on when run. */
  placed?: string;
  initializer?: string;
  trainable?: boolean;
  /** Shown as a warning instead of values (e.g. an uninitialized variable). */
  warning?: string;
  /** Shown as an error (e.g. a tensor that could not be evaluated). */
  error?: string;
  /** A plain note (e.g. where the value came from). */
  note?: string;
}

/** What the client needs to draw the plots of one value. */
export interface ValuePlotSpec {
  /** `layout`: the first slice's figure layout (every slice has the same rows and columns); titles get the slice's label. */
  heat?: { div: string; select?: string; slices: HeatmapData['slices']; title: string; layout: PlotlyFigure['layout'] };
  plots: { div: string; figure: PlotlyFigure }[];
}

export interface ValueSection {
  html: string;
  spec: ValuePlotSpec;
  /** The main figure (heatmap slice 0, else line, else histogram) for application/vnd.plotly.v1+json. */
  primary?: PlotlyFigure;
  stats: Stats | null;
  sampledNote?: string;
}

const PLOT_CONFIG = { displayModeBar: false, responsive: true };

/** Client code that draws a ValuePlotSpec (defined by every output that has plots; idempotent). */
export const RENDER_VALUE_JS = compactScript(`
window.__scopeflowRenderValue = window.__scopeflowRenderValue || function (spec) {
  var cfg = ${JSON.stringify(PLOT_CONFIG)};
  if (spec.heat) {
    var el = document.getElementById(spec.heat.div);
    el.innerHTML = '';
    var many = spec.heat.slices.length > 1;
    var draw = function (s, first) {
      var layout = Object.assign({}, spec.heat.layout, { title: { text: spec.heat.title + (many ? ' ' + s.label : ''), font: { size: 13 } } });
      Plotly[first ? 'newPlot' : 'react'](el, [{ type: 'heatmap', z: s.z, x: s.cols, y: s.rows, colorscale: 'RdBu', reversescale: true }], layout, cfg);
    };
    draw(spec.heat.slices[0], true);
    var sel = spec.heat.select && document.getElementById(spec.heat.select);
    if (sel) sel.addEventListener('change', function () { draw(spec.heat.slices[Number(sel.value)], false); });
  }
  spec.plots.forEach(function (p) { var div = document.getElementById(p.div); div.innerHTML = ''; Plotly.newPlot(div, p.figure.data, p.figure.layout, cfg); });
};`);

function statsTable(s: Stats): string {
  const f = (v: number | null) => (v === null ? '—' : escapeHtml(formatNumber(v)));
  return table(['min', 'max', 'mean', 'std', 'zeros', 'NaN', 'Inf'], [[
    f(s.min), f(s.max), f(s.mean), f(s.std), String(s.zeros), String(s.nan), String(s.inf),
  ]]);
}

/** A table of values for small 0-, 1- and 2-D arrays; `<pre>` numpy text for small higher ranks. */
function valuesTable(a: NDArray): string {
  if (a.size > MAX_TABLE_ELEMENTS) return '';
  const cells = elementStrings(a).map(escapeHtml);
  if (a.shape.length === 0) return table([], [[cells[0]]], 'sf-table sf-values');
  if (a.shape.length === 1) {
    // Up to 12 values as one row under their indices; more as a column, each row headed by its index.
    if (a.shape[0] <= 12) return table(cells.map((_, i) => String(i)), [cells], 'sf-table sf-values');
    return table(['', ''], cells.map((c, i) => [`<b>${i}</b>`, c]), 'sf-table sf-values');
  }
  if (a.shape.length === 2) {
    const [r, c] = a.shape;
    const rows: string[][] = [];
    for (let i = 0; i < r; i++) rows.push([`<b>${i}</b>`, ...cells.slice(i * c, (i + 1) * c)]);
    return table(['', ...Array.from({ length: c }, (_, j) => String(j))], rows, 'sf-table sf-values');
  }
  return `<pre>${escapeHtml(numpyRepr(a))}</pre>`;
}

/** `2nd`, `3rd`, `11th`, `21st`: how the sampling notes count. */
export function ordinal(n: number): string {
  const tens = n % 100, ones = n % 10;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ones === 1 ? 'st' : ones === 2 ? 'nd' : ones === 3 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

/**
 * A heatmap axis over cell indices: ticks on whole indices only (a 2 × 2 matrix gets 0 and 1, not
 * −0.5 … 1.5), about five of them, a multiple of the sampling stride.
 */
function indexAxis(indices: readonly number[], title: string, reversed = false): Record<string, unknown> {
  const span = indices.length > 1 ? indices[indices.length - 1] - indices[0] : 0;
  const stride = indices.length > 1 ? indices[1] - indices[0] : 1;
  const step = Math.max(stride, Math.ceil(span / 5 / stride) * stride);
  return { title: { text: title }, tickmode: 'linear', tick0: indices[0] ?? 0, dtick: step, ...(reversed ? { autorange: 'reversed' } : {}) };
}

/** The heatmap figure of one slice. */
export function heatmapFigure(s: Slice2D, title: string): PlotlyFigure {
  return {
    data: [{ type: 'heatmap', z: s.z, x: s.cols, y: s.rows, colorscale: 'RdBu', reversescale: true }],
    layout: { title: { text: title, font: { size: 13 } }, margin: { l: 48, r: 10, t: 34, b: 34 }, yaxis: indexAxis(s.rows, 'row', true), xaxis: indexAxis(s.cols, 'column') },
  };
}

function histogramFigure(a: NDArray, stats: Stats): PlotlyFigure | undefined {
  const h = histogram(a, stats);
  if (!h) return undefined;
  const centers = h.counts.map((_, i) => Number(((h.edges[i] + h.edges[i + 1]) / 2).toPrecision(5)));
  const width = h.edges[1] - h.edges[0];
  return {
    data: [{ type: 'bar', x: centers, y: h.counts, width: Array(h.counts.length).fill(width), marker: { color: '#0969da' }, name: 'count' }],
    layout: { title: { text: `histogram (${stats.count - stats.nan - stats.inf} finite values)`, font: { size: 13 } }, bargap: 0.02, margin: { l: 48, r: 10, t: 34, b: 34 } },
  };
}

/** The values part of a view (stats, table, plots) with its plot spec; `idBase` makes element ids unique. */
export function valueSection(a: NDArray, title = 'values'): ValueSection {
  const parts: string[] = [];
  const spec: ValuePlotSpec = { plots: [] };
  let primary: PlotlyFigure | undefined;
  const stats = computeStats(a);
  const notes: string[] = [];
  if (stats) parts.push(statsTable(stats));
  else if (!isNumeric(a)) parts.push('<div class="sf-note">string tensor: no statistics</div>');
  const small = valuesTable(a);
  if (small) parts.push(`<div class="sf-panel">${small}</div>`);
  else parts.push(`<details><summary>values (numpy text, summarised)</summary><pre>${escapeHtml(numpyRepr(a))}</pre></details>`);

  const plotDivs: string[] = [];
  const heat = heatmapData(a);
  if (heat && a.size > 1) {
    const div = uniqueId('heat');
    let select: string | undefined;
    let selectHtml = '';
    if (heat.slices.length > 1) {
      select = uniqueId('slice');
      const options = heat.slices.map((s, i) => `<option value="${i}">${escapeHtml(s.label)}</option>`).join('');
      selectHtml = `<div class="sf-note">slice <select id="${select}" class="sf-slice-select">${options}</select>${heat.totalSlices > heat.slices.length ? ` (first ${heat.slices.length} of ${heat.totalSlices} slices)` : ''}</div>`;
    }
    const s0 = heat.slices[0];
    primary = heatmapFigure(s0, heat.slices.length > 1 ? `${title} ${s0.label}` : title);
    spec.heat = { div, select, slices: heat.slices, title, layout: heatmapFigure(s0, title).layout };
    plotDivs.push(`<div>${selectHtml}<div id="${div}" class="sf-plot sf-heatmap">${figureSvg(primary)}</div></div>`);
    if (heat.rowStride > 1 || heat.colStride > 1) {
      const r = a.shape[a.shape.length - 2], c = a.shape[a.shape.length - 1];
      notes.push(`heatmap sampled: every ${heat.rowStride === 1 ? '' : `${ordinal(heat.rowStride)} `}row and every ${heat.colStride === 1 ? '' : `${ordinal(heat.colStride)} `}column (${s0.rows.length} x ${s0.cols.length} of ${r} x ${c})`);
    }
  }
  const line = lineData(a);
  if (line && a.size > 1) {
    const div = uniqueId('line');
    const figure: PlotlyFigure = {
      data: [{ type: 'scatter', mode: a.size <= 60 ? 'lines+markers' : 'lines', x: line.x, y: line.y, line: { color: '#0969da' } }],
      layout: { title: { text: `${title} by index`, font: { size: 13 } }, margin: { l: 48, r: 10, t: 34, b: 34 }, xaxis: { title: { text: 'index' } } },
    };
    spec.plots.push({ div, figure });
    plotDivs.push(`<div id="${div}" class="sf-plot sf-line">${figureSvg(figure)}</div>`);
    primary = primary ?? figure;
    if (line.stride > 1) notes.push(`line sampled: every ${ordinal(line.stride)} of ${a.size} values`);
  }
  if (stats && a.size > 1) {
    const figure = histogramFigure(a, stats);
    if (figure) {
      const div = uniqueId('hist');
      spec.plots.push({ div, figure });
      plotDivs.push(`<div id="${div}" class="sf-plot sf-histogram">${figureSvg(figure)}</div>`);
      primary = primary ?? figure;
    }
  }
  const sampledNote = notes.length ? `Sampled: ${notes.join('; ')}. Statistics and histogram use all ${a.size} values.` : undefined;
  if (sampledNote) parts.push(`<div class="sf-note sf-sampled">${escapeHtml(sampledNote)}</div>`);
  if (plotDivs.length) parts.push(`<div class="sf-note sf-static-note">${escapeHtml(STATIC_NOTE)}</div><div class="sf-row">${plotDivs.join('')}</div>`);
  return { html: parts.join('\n'), spec, primary, stats, sampledNote };
}

function factsTable(f: ValueFacts): string {
  const rows: string[][] = [];
  const add = (k: string, v: string | undefined) => { if (v !== undefined && v !== '') rows.push([escapeHtml(k), escapeHtml(v)]); };
  add('name', f.name);
  add('shape', f.shape);
  add('dtype', f.dtype);
  if (f.device !== undefined) add('device (requested)', f.device || '(none: placed by the session)');
  add('device (placed)', f.placed);
  add('initializer', f.initializer);
  if (f.trainable !== undefined) add('trainable', f.trainable ? 'True' : 'False');
  return table([], rows);
}

function factsText(f: ValueFacts): string {
  const bits = [f.name ? `'${f.name}'` : '', f.shape ? `shape=${f.shape}` : '', f.dtype ? `dtype=${f.dtype}` : ''].filter(Boolean);
  const lines = [`<${f.kind}${bits.length ? ' ' + bits.join(' ') : ''}>`];
  if (f.device !== undefined) lines.push(`device: ${f.device || '(none)'}${f.placed ? ` (placed on ${f.placed})` : ''}`);
  if (f.initializer) lines.push(`initializer: ${f.initializer}`);
  if (f.warning) lines.push(f.warning);
  if (f.error) lines.push(f.error);
  if (f.note) lines.push(f.note);
  return lines.join('\n');
}

function statsText(s: Stats): string {
  const f = (v: number | null) => (v === null ? '-' : formatNumber(v));
  return `min=${f(s.min)} max=${f(s.max)} mean=${f(s.mean)} std=${f(s.std)} zeros=${s.zeros} nan=${s.nan} inf=${s.inf}`;
}

/** Script that draws a section's plots once plotly.js is on the page. */
export function plotScript(rootId: string, spec: ValuePlotSpec): string {
  if (!spec.heat && spec.plots.length === 0) return '';
  return `<script>${WHEN_READY_JS}${RENDER_VALUE_JS}
(function(){var spec=${scriptJson(spec)};var root=document.getElementById(${scriptJson(rootId)});
window.__scopeflowWhenReady(['Plotly'], root && root.querySelector('.sf-static-note'), function(){ window.__scopeflowRenderValue(spec); });})();</script>`;
}

/** The full bundle: facts, then values (or the warning/error that stands in for them). */
export function valueBundle(facts: ValueFacts, value: NDArray | null): MimeBundle {
  const id = uniqueId('value');
  const textParts = [factsText(facts)];
  const html: string[] = [`<div class="sf-widget sf-value" id="${id}">`, STYLE];
  html.push(`<div class="sf-title">${escapeHtml(facts.kind)}${facts.name ? ` <code>${escapeHtml(facts.name)}</code>` : ''}</div>`);
  html.push(factsTable(facts));
  if (facts.warning) html.push(`<div class="sf-warn">${escapeHtml(facts.warning)}</div>`);
  if (facts.error) html.push(`<div class="sf-err">${escapeHtml(facts.error)}</div>`);
  if (facts.note) html.push(`<div class="sf-note">${escapeHtml(facts.note)}</div>`);
  const bundle: MimeBundle = {};
  if (value) {
    const section = valueSection(value, facts.name ?? 'values');
    textParts.push(numpyRepr(value));
    if (section.stats && value.size > 1) textParts.push(statsText(section.stats));
    if (section.sampledNote) textParts.push(section.sampledNote);
    html.push(section.html);
    html.push(plotScript(id, section.spec));
    if (section.primary) {
      bundle['application/vnd.plotly.v1+json'] = section.primary;
      bundle['image/svg+xml'] = figureSvg(section.primary);
    }
  }
  html.push('</div>');
  bundle['text/plain'] = textParts.join('\n');
  bundle['text/html'] = html.join('\n');
  return bundle;
}

/** An NDArray alone: numpy text, and an HTML table (small arrays) or the value view (larger ones). */
export function ndarrayBundle(a: NDArray): MimeBundle {
  if (a.size <= MAX_TABLE_ELEMENTS && a.shape.length <= 2) {
    const id = uniqueId('nd');
    return {
      'text/plain': numpyRepr(a),
      'text/html': `<div class="sf-widget sf-ndarray" id="${id}">${STYLE}<div class="sf-note">NDArray shape=${escapeHtml(`[${a.shape.join(', ')}]`)} dtype=${escapeHtml(a.dtype.name)}</div>${valuesTable(a)}</div>`,
    };
  }
  return valueBundle({ kind: 'NDArray', shape: `[${a.shape.join(', ')}]`, dtype: a.dtype.name }, a);
}
