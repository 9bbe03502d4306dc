/**
 * Static SVG pictures of the value view's plotly figures (heatmap, line, bars), drawn in the kernel:
 * what a notebook shows where plotly.js cannot run (untrusted, GitHub, nbviewer, an export without
 * the libraries), and the `image/svg+xml` fallback of the plot's MIME bundle.
 */
import * as zlib from 'zlib';
import { escapeHtml, formatNumber } from './html';
import type { PlotlyFigure } from './types';

const WIDTH = 420;
const HEIGHT = 320;
const MARGIN = { l: 52, r: 12, t: 30, b: 34 };

/** The reversed RdBu scale plotly uses for the heatmaps (low: blue, high: red), as RGB stops. */
const RDBU: [number, [number, number, number]][] = [
  [0, [5, 10, 172]], [0.35, [106, 137, 247]], [0.5, [190, 190, 190]], [0.6, [220, 170, 132]], [0.7, [230, 145, 90]], [1, [178, 10, 28]],
];

function colorAt(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, t));
  for (let k = 1; k < RDBU.length; k++) {
    const [p1, c1] = RDBU[k];
    const [p0, c0] = RDBU[k - 1];
    if (x <= p1) {
      const f = (x - p0) / (p1 - p0 || 1);
      return [0, 1, 2].map((i) => Math.round(c0[i] + f * (c1[i] - c0[i]))) as [number, number, number];
    }
  }
  return RDBU[RDBU.length - 1][1];
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(typed) >>> 0);
  return Buffer.concat([length, typed, crc]);
}

/** An RGBA PNG, one pixel per heatmap cell (`pixels[row][col]`, null: transparent), as base64. */
function pngBase64(pixels: ([number, number, number] | null)[][]): string {
  const height = pixels.length, width = pixels[0]?.length ?? 0;
  const raw = Buffer.alloc(height * (1 + 4 * width));
  pixels.forEach((row, i) => {
    const at = i * (1 + 4 * width);
    row.forEach((c, j) => { if (c) raw.set([c[0], c[1], c[2], 255], at + 1 + 4 * j); });
  });
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([signature, pngChunk('IHDR', header), pngChunk('IDAT', zlib.deflateSync(raw)), pngChunk('IEND', Buffer.alloc(0))]).toString('base64');
}

/** About `count` round tick values covering [lo, hi]; whole numbers only when `integers`. */
export function niceTicks(lo: number, hi: number, count = 5, integers = false): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (hi === lo) return [lo];
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  let step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  if (integers) step = Math.max(1, Math.round(step));
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

const round = (v: number): string => String(Math.round(v * 10) / 10);

interface Frame { x0: number; x1: number; y0: number; y1: number; sx(v: number): number; sy(v: number): number }

function frame(xRange: [number, number], yRange: [number, number], yReversed = false): Frame {
  const x0 = MARGIN.l, x1 = WIDTH - MARGIN.r, y0 = MARGIN.t, y1 = HEIGHT - MARGIN.b;
  const span = (r: [number, number]) => (r[1] - r[0]) || 1;
  return {
    x0, x1, y0, y1,
    sx: (v) => x0 + ((v - xRange[0]) / span(xRange)) * (x1 - x0),
    sy: (v) => (yReversed ? y0 + ((v - yRange[0]) / span(yRange)) * (y1 - y0) : y1 - ((v - yRange[0]) / span(yRange)) * (y1 - y0)),
  };
}

function axes(f: Frame, xTicks: number[], yTicks: number[], xTitle?: string, yTitle?: string): string {
  const parts = [`<rect x="${f.x0}" y="${f.y0}" width="${f.x1 - f.x0}" height="${f.y1 - f.y0}" fill="none" stroke="#d0d7de"/>`];
  for (const t of xTicks) parts.push(`<text x="${round(f.sx(t))}" y="${f.y1 + 13}" text-anchor="middle">${escapeHtml(formatNumber(t))}</text>`);
  for (const t of yTicks) parts.push(`<text x="${f.x0 - 4}" y="${round(f.sy(t) + 3)}" text-anchor="end">${escapeHtml(formatNumber(t))}</text>`);
  if (xTitle) parts.push(`<text x="${(f.x0 + f.x1) / 2}" y="${HEIGHT - 4}" text-anchor="middle" fill="#57606a">${escapeHtml(xTitle)}</text>`);
  if (yTitle) parts.push(`<text transform="translate(12 ${(f.y0 + f.y1) / 2}) rotate(-90)" text-anchor="middle" fill="#57606a">${escapeHtml(yTitle)}</text>`);
  return parts.join('');
}

function numbers(v: unknown): number[] {
  return Array.isArray(v) ? v.map((x) => (typeof x === 'number' ? x : NaN)) : [];
}

function range(values: number[]): [number, number] {
  const finite = values.filter(Number.isFinite);
  return finite.length ? [Math.min(...finite), Math.max(...finite)] : [0, 1];
}

function heatmap(trace: Record<string, unknown>): string {
  const z = (Array.isArray(trace.z) ? trace.z : []) as unknown[][];
  const rows = numbers(trace.y), cols = numbers(trace.x);
  const values = z.flat().map((v) => (typeof v === 'number' ? v : NaN));
  const [lo, hi] = range(values);
  // Cells centred on their row / column index, as plotly draws them.
  const rowStep = rows.length > 1 ? rows[1] - rows[0] : 1, colStep = cols.length > 1 ? cols[1] - cols[0] : 1;
  const f = frame([cols[0] - colStep / 2, cols[cols.length - 1] + colStep / 2], [rows[0] - rowStep / 2, rows[rows.length - 1] + rowStep / 2], true);
  // The cells as one pixelated image: a 64 x 64 heatmap is a few KB instead of 4096 elements.
  const pixels = z.map((row) => row.map((v) => (typeof v === 'number' && Number.isFinite(v) ? colorAt(hi === lo ? 0.5 : (v - lo) / (hi - lo)) : null)));
  const image = `<image x="${f.x0}" y="${f.y0}" width="${f.x1 - f.x0}" height="${f.y1 - f.y0}" preserveAspectRatio="none" style="image-rendering:pixelated" href="data:image/png;base64,${pngBase64(pixels)}"/>`;
  return image + axes(f, niceTicks(cols[0], cols[cols.length - 1], 5, true), niceTicks(rows[0], rows[rows.length - 1], 5, true), 'column', 'row');
}

function line(trace: Record<string, unknown>, layout: Record<string, unknown>): string {
  const xs = numbers(trace.x), ys = numbers(trace.y);
  const [xlo, xhi] = range(xs);
  let [ylo, yhi] = range(ys);
  if (ylo === yhi) { ylo -= 1; yhi += 1; }
  const f = frame([xlo, xhi], [ylo, yhi]);
  const points = xs.map((x, i) => (Number.isFinite(ys[i]) ? `${round(f.sx(x))},${round(f.sy(ys[i]))}` : '')).filter(Boolean).join(' ');
  const xTitle = ((layout.xaxis as { title?: { text?: string } } | undefined)?.title?.text);
  return `<polyline points="${points}" fill="none" stroke="#0969da" stroke-width="1.5"/>` +
    axes(f, niceTicks(xlo, xhi, 5, xs.every(Number.isInteger)), niceTicks(ylo, yhi, 5), xTitle);
}

function bars(trace: Record<string, unknown>): string {
  const xs = numbers(trace.x), ys = numbers(trace.y);
  const widths = numbers(trace.width);
  const width = widths[0] ?? (xs.length > 1 ? xs[1] - xs[0] : 1);
  const [xlo, xhi] = range(xs);
  const f = frame([xlo - width / 2, xhi + width / 2], [0, Math.max(1, ...ys.filter(Number.isFinite))]);
  const shown = xs.map((x, i) => {
    const top = f.sy(ys[i]);
    return `<rect x="${round(f.sx(x - width / 2))}" y="${round(top)}" width="${round(Math.max(0.5, f.sx(x + width / 2) - f.sx(x - width / 2) - 0.5))}" height="${round(f.y1 - top)}" fill="#0969da"/>`;
  });
  return shown.join('') + axes(f, niceTicks(xlo - width / 2, xhi + width / 2, 5, xs.every(Number.isInteger) && width >= 1), niceTicks(0, Math.max(1, ...ys), 4, true));
}

/** The figure's first trace drawn as a standalone SVG document (no scripts), `WIDTH`×`HEIGHT`. */
export function figureSvg(figure: PlotlyFigure): string {
  const trace = figure.data[0] ?? {};
  const title = (figure.layout.title as { text?: string } | undefined)?.text ?? '';
  let body: string;
  if (trace.type === 'heatmap') body = heatmap(trace);
  else if (trace.type === 'bar') body = bars(trace);
  else body = line(trace, figure.layout);
  return `<svg xmlns="http://www.w3.org/2000/svg" class="sf-static-plot" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="system-ui,sans-serif" font-size="10" fill="#1f2328">` +
    `<text x="${WIDTH / 2}" y="18" text-anchor="middle" font-size="13">${escapeHtml(title)}</text>${body}</svg>`;
}
