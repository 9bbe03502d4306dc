/**
 * An inline TensorBoard: the event files under a logdir (each folder holding event files is a run, as
 * TensorBoard's runs) shown as scalar charts with smoothing (runs overlaid), histograms over steps,
 * the last image of each image tag, text summaries, and the graph in the graph view. Static pictures
 * (SVG, PNG) stand in wherever plotly.js is not on the page.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Graph } from '../lib/framework/graph';
import { DataLossError } from '../lib/framework/errors';
import { Event, GraphDefCodec, HistogramProto } from '../lib/proto';
import { summary_iterator } from '../lib/train/summary_iterator';
import { importGraphDef } from '../lib/train/meta_graph';
import { WHEN_READY_JS, STATIC_NOTE } from './assets';
import { graphBundle } from './graph_view';
import { compactScript, escapeHtml, formatNumber, scriptJson, STYLE, table, uniqueId } from './html';
import { figureSvg } from './static_plot';
import type { MimeBundle, PlotlyFigure } from './types';

export interface ScalarSeries { steps: number[]; values: number[] }
export interface RunData {
  name: string;
  scalars: Map<string, ScalarSeries>;
  histograms: Map<string, { step: number; histo: HistogramProto }[]>;
  images: Map<string, { step: number; png: Uint8Array; height: number; width: number }>;
  texts: Map<string, { step: number; text: string }[]>;
  graphDef: Uint8Array | null;
  /** Set when a file ended in a damaged record (a writer killed mid-record): what was read before stays. */
  damaged: string | null;
}

const EVENT_FILE = /^events\.out\.tfevents\./;

/** The runs under `logdir`: every folder (the logdir itself included) that holds event files, by relative name. */
export function findRuns(logdir: string): string[] {
  const runs: string[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { return; }
    if (entries.some((e) => e.isFile() && EVENT_FILE.test(e.name))) runs.push(path.relative(logdir, dir) || '.');
    for (const e of entries) if (e.isDirectory()) walk(path.join(dir, e.name));
  };
  walk(logdir);
  return runs.sort();
}

function addEvent(run: RunData, e: Event): void {
  if (e.graph_def) run.graphDef = e.graph_def;
  const step = e.step ?? 0;
  for (const v of e.summary?.value ?? []) {
    const tag = v.tag ?? '';
    if (v.simple_value !== undefined) {
      let s = run.scalars.get(tag);
      if (!s) run.scalars.set(tag, s = { steps: [], values: [] });
      s.steps.push(step);
      s.values.push(v.simple_value);
    } else if (v.histo) {
      let h = run.histograms.get(tag);
      if (!h) run.histograms.set(tag, h = []);
      h.push({ step, histo: v.histo });
    } else if (v.image?.encoded_image_string) {
      run.images.set(tag, { step, png: v.image.encoded_image_string, height: v.image.height ?? 0, width: v.image.width ?? 0 });
    } else if (v.tensor?.string_val) {
      let t = run.texts.get(tag);
      if (!t) run.texts.set(tag, t = []);
      t.push({ step, text: v.tensor.string_val.map((b) => Buffer.from(b).toString('utf8')).join('\n') });
    }
  }
}

/** Everything a run's event files hold, read in file-name (= creation) order. */
export function readRun(logdir: string, name: string): RunData {
  const run: RunData = { name, scalars: new Map(), histograms: new Map(), images: new Map(), texts: new Map(), graphDef: null, damaged: null };
  const dir = path.join(logdir, name);
  for (const f of fs.readdirSync(dir).filter((n) => EVENT_FILE.test(n)).sort()) {
    try {
      for (const e of summary_iterator(path.join(dir, f))) addEvent(run, e);
    } catch (err) {
      if (!(err instanceof DataLossError)) throw err;
      run.damaged = err.message;
    }
  }
  return run;
}

/** TensorBoard's smoothing: a debiased exponential moving average with weight `w` in [0, 1). */
export function smooth(values: readonly number[], w: number): number[] {
  let last = 0, n = 0;
  return values.map((v) => {
    if (!Number.isFinite(v)) return v;
    last = last * w + (1 - w) * v;
    n++;
    return w === 0 ? v : last / (1 - Math.pow(w, n));
  });
}

const COLORS = ['#0969da', '#cf222e', '#1a7f37', '#8250df', '#bf8700', '#0a3069', '#a40e26', '#116329'];

function scalarFigure(tag: string, runs: RunData[], smoothing: number): PlotlyFigure {
  const data: Record<string, unknown>[] = [];
  runs.forEach((r, i) => {
    const s = r.scalars.get(tag);
    if (!s) return;
    const color = COLORS[i % COLORS.length];
    const label = runs.length > 1 ? r.name : tag;
    data.push({ type: 'scatter', mode: 'lines', x: s.steps, y: smooth(s.values, smoothing), name: label, line: { color, width: 2 } });
    if (smoothing > 0) data.push({ type: 'scatter', mode: 'lines', x: s.steps, y: s.values, name: `${label} (raw)`, line: { color, width: 1 }, opacity: 0.3, showlegend: false });
  });
  return { data, layout: { title: { text: tag }, xaxis: { title: { text: 'step' } }, margin: { l: 50, r: 10, t: 30, b: 40 }, height: 280, width: 420 } };
}

/** Bucket centres and counts of a histogram (the open-ended first and last buckets drawn at their finite edge). */
function histogramLine(h: HistogramProto): { x: number[]; y: number[] } {
  const limits = h.bucket_limit ?? [], counts = h.bucket ?? [];
  const x: number[] = [], y: number[] = [];
  for (let i = 0; i < limits.length; i++) {
    const hi = Math.min(limits[i], h.max ?? limits[i]);
    const lo = i === 0 ? (h.min ?? hi) : Math.max(limits[i - 1], h.min ?? limits[i - 1]);
    if (counts[i] === 0 && (i === 0 || i === limits.length - 1)) continue;
    x.push((lo + hi) / 2);
    y.push(counts[i]);
  }
  return { x, y };
}

function histogramFigure(tag: string, series: { step: number; histo: HistogramProto }[]): PlotlyFigure {
  // At most 12 steps, spread over the run, later steps darker (TensorBoard's overlay mode).
  const pick = series.length <= 12 ? series : Array.from({ length: 12 }, (_, i) => series[Math.round((i * (series.length - 1)) / 11)]);
  const data = pick.map((s, i) => {
    const { x, y } = histogramLine(s.histo);
    const shade = Math.round(200 - (160 * (i + 1)) / pick.length);
    return { type: 'scatter', mode: 'lines', x, y, name: `step ${s.step}`, line: { color: `rgb(${shade},${shade},255)`, width: 1.5 } };
  }).reverse();   // the last step first: the static picture draws the first trace
  return { data, layout: { title: { text: `${tag} (${series.length} steps)` }, margin: { l: 50, r: 10, t: 30, b: 40 }, height: 280, width: 420 } };
}

const DRAW_FIGURES_JS = compactScript(`
window.__scopeflowDrawBoard = window.__scopeflowDrawBoard || function (root, figures) {
  figures.forEach(function (f) {
    var el = root.querySelector('[data-figure="' + f.id + '"]');
    if (!el) return;
    el.innerHTML = '';
    window.Plotly.newPlot(el, f.figure.data, f.figure.layout, { displaylogo: false, responsive: true });
  });
};`);

export interface BoardOptions {
  /** Smoothing of the scalar charts, in [0, 1) (TensorBoard's slider; default 0.6). */
  smoothing?: number;
  /** Show the graph of the run's event file (default true). */
  graph?: boolean;
}

/** The board's MIME bundle for `logdir` now. */
export function boardBundle(logdir: string, options: BoardOptions = {}): MimeBundle {
  const smoothing = options.smoothing ?? 0.6;
  if (!(smoothing >= 0 && smoothing < 1)) throw new RangeError(`smoothing must be in [0, 1), got ${smoothing}`);
  const runs = findRuns(logdir).map((r) => readRun(logdir, r));
  const id = uniqueId('board');
  const html: string[] = [`<div class="sf-widget sf-board" id="${id}">`, STYLE, `<div class="sf-title">board <code>${escapeHtml(logdir)}</code></div>`];
  const textLines: string[] = [`board ${logdir}: ${runs.length} run(s)${runs.length ? ` (${runs.map((r) => r.name).join(', ')})` : ''}`];
  if (runs.length === 0) {
    html.push('<div class="sf-note">No event files yet (a tf.summary.FileWriter writes them; flush() makes them visible).</div></div>');
    return { 'text/plain': `${textLines[0]}: no event files yet`, 'text/html': html.join('\n') };
  }
  for (const r of runs) if (r.damaged) html.push(`<div class="sf-warn">${escapeHtml(`run ${r.name}: ${r.damaged} (the events before it are shown)`)}</div>`);
  const figures: { id: string; figure: PlotlyFigure }[] = [];
  const bundle: MimeBundle = {};
  const cell = (figure: PlotlyFigure): string => {
    const fid = `${id}-f${figures.length}`;
    figures.push({ id: fid, figure });
    return `<div class="sf-plot" style="display:inline-block;vertical-align:top" data-figure="${fid}">${figureSvg(figure)}</div>`;
  };

  const scalarTags = [...new Set(runs.flatMap((r) => [...r.scalars.keys()]))].sort();
  if (scalarTags.length) {
    html.push('<div class="sf-title">scalars</div><div>');
    for (const tag of scalarTags) {
      const fig = scalarFigure(tag, runs, smoothing);
      if (!bundle['application/vnd.plotly.v1+json']) { bundle['application/vnd.plotly.v1+json'] = fig; bundle['image/svg+xml'] = figureSvg(fig); }
      html.push(cell(fig));
      for (const r of runs) {
        const s = r.scalars.get(tag);
        if (s) textLines.push(`  ${tag}${runs.length > 1 ? ` [${r.name}]` : ''}: ${s.values.length} points, step ${s.steps[s.steps.length - 1]}: ${formatNumber(s.values[s.values.length - 1])}`);
      }
    }
    html.push('</div>');
  }
  const histograms = runs.flatMap((r) => [...r.histograms].map(([tag, series]) => ({ tag: runs.length > 1 ? `${tag} [${r.name}]` : tag, series })));
  if (histograms.length) {
    html.push('<div class="sf-title">histograms</div><div>');
    for (const h of histograms) {
      html.push(cell(histogramFigure(h.tag, h.series)));
      textLines.push(`  histogram ${h.tag}: ${h.series.length} steps`);
    }
    html.push('</div>');
  }
  const images = runs.flatMap((r) => [...r.images].map(([tag, im]) => ({ tag: runs.length > 1 ? `${tag} [${r.name}]` : tag, im })));
  if (images.length) {
    html.push('<div class="sf-title">images</div><div>');
    for (const { tag, im } of images) {
      const scale = Math.max(1, Math.floor(96 / Math.max(im.height, im.width, 1)));
      html.push(`<figure style="display:inline-block;margin:4px"><img alt="${escapeHtml(tag)}" style="image-rendering:pixelated" width="${im.width * scale}" height="${im.height * scale}" src="data:image/png;base64,${Buffer.from(im.png).toString('base64')}"/><figcaption>${escapeHtml(`${tag} (step ${im.step})`)}</figcaption></figure>`);
      textLines.push(`  image ${tag}: ${im.width}x${im.height}, step ${im.step}`);
    }
    html.push('</div>');
  }
  const texts = runs.flatMap((r) => [...r.texts].map(([tag, items]) => ({ tag: runs.length > 1 ? `${tag} [${r.name}]` : tag, items })));
  for (const { tag, items } of texts) {
    html.push(`<div class="sf-title">text ${escapeHtml(tag)}</div>`, table(['step', 'text'], items.map((t) => [String(t.step), escapeHtml(t.text)])));
    textLines.push(`  text ${tag}: ${items.length} entries`);
  }
  if (options.graph ?? true) {
    const withGraph = runs.find((r) => r.graphDef);
    if (withGraph) {
      const def = GraphDefCodec.decode(withGraph.graphDef!);
      try {
        const g = new Graph();
        importGraphDef(g, def);
        html.push(`<div class="sf-title">graph${runs.length > 1 ? ` (run ${escapeHtml(withGraph.name)})` : ''}</div>`, String(graphBundle(g)['text/html']));
      } catch (e) {
        html.push(`<div class="sf-note">${escapeHtml(`graph of ${def.node?.length ?? 0} nodes: not shown (${(e as Error).message})`)}</div>`);
      }
      textLines.push(`  graph: ${def.node?.length ?? 0} nodes`);
    }
  }
  if (figures.length) {
    html.push(`<div class="sf-note sf-static-note">${escapeHtml(STATIC_NOTE)}</div>`);
    html.push(`<script>${WHEN_READY_JS}${DRAW_FIGURES_JS}
(function(){var root=document.getElementById(${scriptJson(id)});var figures=${scriptJson(figures)};
window.__scopeflowWhenReady(['Plotly'], root && root.querySelector('.sf-static-note'), function(){ window.__scopeflowDrawBoard(root, figures); });})();</script>`);
  }
  html.push('</div>');
  bundle['text/plain'] = textLines.join('\n');
  bundle['text/html'] = html.join('\n');
  return bundle;
}
