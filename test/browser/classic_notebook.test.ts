/**
 * The classic Jupyter Notebook (Debian's notebook 6) on 127.0.0.1 with the scopeflow kernel, in
 * headless Chromium with every request off this machine blocked: new cells are coloured as
 * TypeScript, and widget outputs turn interactive with the libraries the kernel sends over its comm
 * (nothing of them is saved in the notebook).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Browser, chromium } from 'playwright-core';
import { JupyterSandbox, JupyterServer, createJupyterSandbox, startJupyterServer } from '../kernel/jupyter_env';

const CHROMIUM = process.env.SCOPEFLOW_CHROMIUM ?? '/usr/bin/chromium';

const CELLS = [
  "const w = tf.get_variable('w', [6, 5]);\nconst isess = tf.InteractiveSession();\nisess.run(tf.global_variables_initializer());\ntf.get_default_graph()",
  'w',
];

describe('classic Notebook in headless Chromium', function () {
  this.timeout(180000);
  let sandbox: JupyterSandbox;
  let server: JupyterServer | undefined;
  let browser: Browser | undefined;
  let url = '';

  before(async () => {
    sandbox = createJupyterSandbox();
    const notebook = {
      nbformat: 4, nbformat_minor: 5,
      metadata: { kernelspec: { name: 'scopeflow', display_name: 'TypeScript (scopeflow)', language: 'typescript' } },
      cells: CELLS.map((source, i) => ({ cell_type: 'code', id: `cell-${i}`, source, metadata: {}, outputs: [], execution_count: null })),
    };
    fs.writeFileSync(path.join(sandbox.root, 'live.ipynb'), JSON.stringify(notebook));
    server = await startJupyterServer(sandbox, 'notebook');
    url = `${server.baseUrl}notebooks/live.ipynb?token=${server.token}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    sandbox?.cleanup();
  });

  it('colours TypeScript in a new cell, and widgets turn interactive with libraries sent by the kernel', async () => {
    const page = await browser!.newPage({ viewport: { width: 1300, height: 1000 } });
    await page.route('**/*', (route) => (route.request().url().startsWith('http://127.0.0.1') ? route.continue() : route.abort()));
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction('window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && Jupyter.notebook.kernel.info_reply && Jupyter.notebook.kernel.info_reply.language_info', undefined, { timeout: 60000 });
    // A new cell, typed into as a student does.
    await page.evaluate("(function () { Jupyter.notebook.insert_cell_at_bottom('code'); Jupyter.notebook.select(Jupyter.notebook.ncells() - 1); Jupyter.notebook.edit_mode(); })()");
    await page.keyboard.type('const total: number = Math.max(1, 2); // sum');
    const lastCell = page.locator('.cell.code_cell').last();
    assert.match((await lastCell.locator('.CodeMirror').textContent()) ?? '', /const total/);
    await lastCell.locator('.CodeMirror span.cm-keyword', { hasText: 'const' }).waitFor({ timeout: 30000 });
    assert.ok(await lastCell.locator('.CodeMirror span.cm-comment').count() > 0, 'the comment coloured');
    assert.ok(await lastCell.locator('.CodeMirror span.cm-number').count() > 0, 'numbers coloured');

    await page.evaluate('Jupyter.notebook.execute_all_cells()');
    const graph = page.locator('.sf-graph').first();
    await graph.locator('svg.sf-graph-svg:not(.sf-static)').waitFor({ timeout: 60000 });
    assert.ok(await graph.locator('svg.sf-graph-svg:not(.sf-static) g.sf-scope[data-scope="w"]').count() === 1, 'the variable scope drawn by the page');
    assert.strictEqual(await graph.locator('.sf-static-note').isVisible(), false, 'the static note hides once interactive');
    const value = page.locator('.sf-value').first();
    await value.locator('.sf-heatmap .main-svg').first().waitFor({ timeout: 60000 });
    // The libraries came over the comm, into the page, not into the saved outputs.
    const saved = await page.evaluate('JSON.stringify(Jupyter.notebook.toJSON())') as string;
    assert.ok(saved.length < 200000, `${saved.length} characters in the notebook`);
    assert.ok(!saved.includes('data-scopeflow-asset') && !saved.includes('Plotly.register'), 'no library in the notebook');
    await page.close();
  });
});
