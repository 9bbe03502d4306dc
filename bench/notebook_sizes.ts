/**
 * How big the tutorial notebooks get once executed (nbconvert --execute, as the notebook tests run
 * them): the saved .ipynb against the goal (1 MB) and the aim (300 KB), its largest output, and the
 * two HTML exports (scopeflow's template, which inlines the libraries once; plain, static pictures).
 * Run: npm run build && node dist/bench/notebook_sizes.js
 */
import * as fs from 'fs';
import * as path from 'path';
import { executeNotebooks, Notebook, NOTEBOOKS_DIR } from '../test/notebooks/run_notebooks';

const GOAL = 1024 * 1024;
const AIM = 300 * 1024;

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KB`;

/** The output that weighs most in the saved notebook: cell number (1-based, as the notebook shows code cells), MIME type, size as saved. */
function largestOutput(nb: Notebook): { cell: number; mime: string; bytes: number } {
  let best = { cell: 0, mime: '-', bytes: 0 };
  let code = 0;
  for (const cell of nb.cells) {
    if (cell.cell_type !== 'code') continue;
    code++;
    for (const o of cell.outputs ?? []) {
      for (const [mime, value] of Object.entries(o.data ?? {})) {
        // nbformat saves with indent=1: measure the same way.
        const bytes = Buffer.byteLength(JSON.stringify(value, null, 1));
        if (bytes > best.bytes) best = { cell: code, mime, bytes };
      }
    }
  }
  return best;
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const result = await executeNotebooks();
  const seconds = (Date.now() - t0) / 1000;
  console.log(`executed tutorial notebooks (nbconvert --execute, ${seconds.toFixed(0)} s for all): saved size vs the goal (1 MB) and the aim (300 KB)`);
  const head = ['notebook', 'source', 'executed', 'vs aim', 'verdict', 'largest output', 'HTML (template)', 'HTML (plain)'];
  const rows: string[][] = [];
  let over = 0, overAim = 0;
  for (const name of result.names) {
    const size = result.sizes.get(name) ?? 0;
    const source = fs.statSync(path.join(NOTEBOOKS_DIR, name)).size;
    const big = largestOutput(result.executed.get(name)!);
    const html = result.html.get(name), plain = result.plainHtml.get(name);
    if (size > GOAL) over++;
    if (size > AIM) overAim++;
    rows.push([
      name, kb(source), kb(size), `${(size / AIM).toFixed(2)}x`, size > GOAL ? 'OVER 1 MB' : size > AIM ? 'within goal' : 'within aim',
      `cell ${big.cell} ${big.mime} ${kb(big.bytes)}`,
      html && fs.existsSync(html) ? `${(fs.statSync(html).size / 1024 / 1024).toFixed(2)} MB` : '-',
      plain && fs.existsSync(plain) ? kb(fs.statSync(plain).size) : '-',
    ]);
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i >= 4 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  console.log(line(head));
  for (const r of rows) console.log(line(r));
  console.log(`${result.names.length} notebooks: ${over} over the 1 MB goal, ${overAim} over the 300 KB aim`);
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
