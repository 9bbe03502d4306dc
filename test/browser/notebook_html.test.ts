/**
 * The executed tutorial notebooks exported by nbconvert to HTML, opened in Debian's headless Chromium
 * (through playwright-core) with every non-file request blocked: the widgets must work offline from
 * the exported page alone. Screenshots of each widget go to test-artifacts/screenshots/.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { BrowserContext, chromium, Locator, Page } from 'playwright-core';
import { ARTIFACTS_DIR, EXECUTION_TIMEOUT_MS, executeNotebooks, ExecutedNotebooks } from '../notebooks/run_notebooks';

/** The page's document, as the functions passed to waitForFunction see it (this project builds without DOM types). */
declare const document: { querySelector(selector: string): { getAttribute(name: string): string | null; textContent: string | null } | null };

const CHROMIUM = process.env.SCOPEFLOW_CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = path.join(ARTIFACTS_DIR, 'screenshots');

describe('notebook HTML export in headless Chromium', function () {
  this.timeout(300000);
  let result: ExecutedNotebooks;
  let context: BrowserContext;
  let profile: string;
  const pageErrors: string[] = [];
  let page07: Page | undefined;

  before(async function () {
    this.timeout(EXECUTION_TIMEOUT_MS);
    result = await executeNotebooks();
    fs.mkdirSync(SHOTS, { recursive: true });
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'scopeflow-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
      viewport: { width: 1400, height: 1000 },
    });
    // Offline: the exported page must carry everything its widgets need.
    await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
  });

  after(async () => {
    await context?.close();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
  });

  async function open(name: string): Promise<Page> {
    const file = result.html.get(name);
    assert.ok(file && fs.existsSync(file), `${name} exported to HTML`);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(`${name}: ${e.message}`));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'domcontentloaded', timeout: 120000 });
    return page;
  }

  async function shot(target: Locator, file: string): Promise<void> {
    await target.scrollIntoViewIfNeeded();
    await target.screenshot({ path: path.join(SHOTS, file) });
  }

  async function renderedGeneration(graph: Locator): Promise<string> {
    return (await graph.getAttribute('data-rendered')) ?? '';
  }

  it('01: the graph view lays out and the value view draws plotly plots', async () => {
    const page = await open('01-variables.ipynb');
    const graph = page.locator('.sf-graph').first();
    await graph.locator('svg.sf-graph-svg:not(.sf-static)').waitFor({ timeout: 60000 });
    assert.ok(await graph.locator('g.sf-op').count() > 0, 'ops drawn');
    assert.ok(await graph.locator('g.sf-scope').count() > 0, 'scopes drawn');
    await shot(graph, 'graph-01-variables.png');
    const value = page.locator('.sf-value').filter({ has: page.locator('.sf-heatmap') }).first();
    await value.locator('.sf-heatmap .main-svg').first().waitFor({ timeout: 60000 });
    assert.ok(await value.locator('.sf-histogram .main-svg').count() > 0, 'histogram drawn');
    assert.ok(await value.locator('.sf-heatmap .heatmaplayer, .sf-heatmap image').count() > 0, 'heatmap drawn');
    await shot(value, 'value-01-weights.png');
    const uninitialized = page.locator('.sf-value').filter({ hasText: 'No session to read the value from' }).first();
    await shot(uninitialized, 'value-01-no-session.png');
    await page.close();
  });

  it('07: clicking a scope unfolds it, search finds ops, an op click shows its card', async () => {
    const page = await open('07-name-scopes-vs-variable-scopes.ipynb');
    const graph = page.locator('.sf-graph').first();
    await graph.locator('svg.sf-graph-svg:not(.sf-static)').waitFor({ timeout: 60000 });
    await shot(graph, 'graph-07-start.png');
    const scope = graph.locator('g.sf-scope[data-scope="hidden1"]');
    assert.ok(await scope.count() === 1, 'scope hidden1 drawn');
    const wasOpen = (await scope.getAttribute('class'))?.includes('sf-open');
    const opsBefore = await graph.locator('g.sf-op').count();
    const before = await renderedGeneration(graph);
    await scope.locator('text').first().click();
    await page.waitForFunction(([sel, gen]) => document.querySelector(sel)?.getAttribute('data-rendered') !== gen, [`#${await graph.getAttribute('id')}`, before] as const);
    const opsAfter = await graph.locator('g.sf-op').count();
    assert.notStrictEqual(opsAfter, opsBefore, 'folding or unfolding hidden1 changes the ops shown');
    assert.strictEqual((await graph.locator('g.sf-scope[data-scope="hidden1"]').getAttribute('class'))?.includes('sf-open'), !wasOpen);
    await shot(graph, 'graph-07-after-click.png');

    const gen2 = await renderedGeneration(graph);
    await graph.locator('input.sf-search').fill('weights');
    await page.waitForFunction(([sel, gen]) => document.querySelector(sel)?.getAttribute('data-rendered') !== gen, [`#${await graph.getAttribute('id')}`, gen2] as const);
    assert.ok(await graph.locator('g.sf-op.sf-hit').count() >= 3, 'the three weights variables are found and shown');
    await shot(graph, 'graph-07-search.png');

    await graph.locator('g.sf-op[data-op="hidden1/MatMul"]').click();
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('hidden1/MatMul'), `#${await graph.getAttribute('id')} .sf-card`);
    const card = await graph.locator('.sf-card').textContent();
    assert.match(card ?? '', /MatMul[\s\S]*device \(placed\)/);
    // Trace: what hidden1/MatMul depends on is outlined (ops, or the folded scopes holding them), the rest is not.
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('depends on'), `#${await graph.getAttribute('id')} .sf-graph-status`);
    assert.match((await graph.locator('.sf-graph-status').textContent()) ?? '', /hidden1\/MatMul depends on [1-9]\d* ops \(traced\)/);
    assert.ok(await graph.locator('g.sf-op.sf-trace, g.sf-scope.sf-trace').count() > 0, 'dependencies outlined');
    assert.ok(await graph.locator('path.sf-edge.sf-trace').count() > 0, 'the edges into the selected op traced');
    assert.strictEqual(await graph.locator('g.sf-op.sf-trace[data-op="hidden2/MatMul"], g.sf-op.sf-trace[data-op="hidden1/Relu"]').count(), 0, 'ops downstream are not dependencies');
    await shot(graph, 'graph-07-trace.png');
    page07 = page; // the next test goes on in the same page (one load)
  });

  it('07: auxiliary nodes beside the graph, colour by structure, a series unfolds on click', async () => {
    const page = page07 ?? await open('07-name-scopes-vs-variable-scopes.ipynb');
    const graph = page.locator('.sf-graph').first();
    const sel = `#${await graph.getAttribute('id')}`;
    // init (a NoOp over every initializer) sits in the auxiliary panel, not in the main graph; its edges are stubs.
    assert.strictEqual(await graph.locator('g.sf-op[data-op="init"]').count(), 0, 'init is not in the main graph');
    const init = graph.locator('.sf-aux-list .sf-aux-node[data-aux="init"]');
    assert.strictEqual(await init.count(), 1, 'init listed among the auxiliary nodes');
    assert.ok(await graph.locator('g.sf-stub[data-aux="init"]').count() > 0, 'edges into init drawn as stubs');
    await init.click();
    await page.waitForFunction((s) => document.querySelector(s)?.textContent?.includes('NoOp'), `${sel} .sf-card`);
    assert.match((await graph.locator('.sf-card').textContent()) ?? '', /op init[\s\S]*NoOp/);

    // Colour by structure: hidden1 and hidden2 hold the same op types, softmax_linear (no Relu) does not.
    const fill = async (scope: string) => graph.locator(`g.sf-scope[data-scope="${scope}"] > rect`).first().getAttribute('fill');
    const deviceFill = await fill('hidden1');
    const gen = await renderedGeneration(graph);
    await graph.locator('select.sf-color-mode').selectOption('structure');
    await page.waitForFunction(([s, g]) => document.querySelector(s)?.getAttribute('data-rendered') !== g, [sel, gen] as const);
    assert.strictEqual(await graph.getAttribute('data-color-mode'), 'structure');
    assert.notStrictEqual(await fill('hidden1'), deviceFill, 'the colour changes with the mode');
    assert.strictEqual(await fill('hidden1'), await fill('hidden2'), 'same structure, same colour');
    assert.notStrictEqual(await fill('hidden1'), await fill('softmax_linear'), 'another structure, another colour');
    await shot(graph, 'graph-07-structure-aux.png');

    // The stack scope's view: block, block_1, block_2 folded into one series node.
    const stack = page.locator('.sf-graph').filter({ has: page.locator('.sf-title', { hasText: 'scope stack/' }) }).first();
    await stack.locator('svg.sf-graph-svg:not(.sf-static)').waitFor({ timeout: 60000 });
    const series = stack.locator('g.sf-series[data-series="stack/block_[1-2]"]');
    assert.strictEqual(await series.count(), 1, 'one series node');
    assert.match((await series.textContent()) ?? '', /block_\[1-2\] \(3\)/);
    assert.strictEqual(await stack.locator('g.sf-scope[data-scope="stack/block_1"]').count(), 0, 'members hidden while folded');
    await shot(stack, 'graph-07-series.png');
    const stackSel = `#${await stack.getAttribute('id')}`;
    const gen2 = await renderedGeneration(stack);
    await series.locator('text').first().click();
    await page.waitForFunction(([s, g]) => document.querySelector(s)?.getAttribute('data-rendered') !== g, [stackSel, gen2] as const);
    assert.strictEqual(await stack.locator('g.sf-scope[data-scope="stack/block"], g.sf-scope[data-scope="stack/block_1"], g.sf-scope[data-scope="stack/block_2"]').count(), 3, 'the series unfolds into its members');
    assert.match((await stack.locator('.sf-card').textContent()) ?? '', /series stack\/block_\[1-2\][\s\S]*3 scopes/);
    await shot(stack, 'graph-07-series-open.png');
    await page.close();
  });

  it('03: the checkpoint view shows values on click, and its diff', async () => {
    const page = await open('03-saving-and-restoring.ipynb');
    const ckpt = page.locator('.sf-checkpoint').first();
    await ckpt.locator('.sf-ckpt-name').first().click();
    const panel = ckpt.locator('.sf-ckpt-panel[data-idx="0"]');
    await panel.locator('.main-svg').first().waitFor({ timeout: 60000 });
    assert.ok(await panel.isVisible());
    await shot(ckpt, 'checkpoint-03.png');
    const diff = page.locator('.sf-checkpoint').filter({ hasText: 'diff against the session' }).first();
    assert.match((await diff.textContent()) ?? '', /differs[\s\S]*same[\s\S]*only in session/);
    await shot(diff, 'checkpoint-03-diff.png');
    const tfWritten = page.locator('.sf-checkpoint').filter({ hasText: 'adam-classifier' }).first();
    await shot(tfWritten, 'checkpoint-03-tensorflow-written.png');
    await page.close();
  });

  it('04: a rank-3 value offers slices; 08: placement shows in the graph', async () => {
    const page = await open('04-ranks-shapes-and-types.ipynb');
    const value = page.locator('.sf-value').filter({ has: page.locator('select.sf-slice-select') }).first();
    await value.locator('.sf-heatmap .main-svg').first().waitFor({ timeout: 60000 });
    const title = async () => (await value.locator('.sf-heatmap .gtitle').textContent()) ?? '';
    assert.match(await title(), /\[0, :, :\]/);
    await value.locator('select.sf-slice-select').selectOption('1');
    await page.waitForFunction((el) => el?.textContent?.includes('[1, :, :]'), await value.locator('.sf-heatmap .gtitle').elementHandle());
    await shot(value, 'value-04-slices.png');
    await page.close();

    const page8 = await open('08-devices-and-acceleration.ipynb');
    const graph = page8.locator('.sf-graph').first();
    await graph.locator('svg.sf-graph-svg:not(.sf-static)').waitFor({ timeout: 60000 });
    assert.ok(await graph.locator('g.sf-op[data-op="c"] rect[stroke-dasharray="4 2"]').count() === 1, 'op c (requested /gpu:1) is marked as soft-placed');
    await shot(graph, 'graph-08-devices.png');
    await page8.close();
  });

  it('06: a stale op is greyed, and its card says what was replaced and which cell to re-run', async () => {
    const page = await open('06-variable-scopes.ipynb');
    const graph = page.locator('.sf-graph').filter({ has: page.locator('.sf-title .sf-badge.sf-stale') }).first();
    await graph.locator('svg.sf-graph-svg:not(.sf-static)').waitFor({ timeout: 60000 });
    const stale = graph.locator('g.sf-op.sf-stale[data-op="doubled"]');
    assert.strictEqual(await stale.count(), 1, 'doubled drawn as stale');
    assert.strictEqual(await stale.getAttribute('opacity'), '0.6');
    assert.strictEqual(await graph.locator('g.sf-op.sf-stale[data-op="dense/w/read"]').count(), 0, 'the re-built variable is not stale');
    assert.match((await stale.locator('title').textContent()) ?? '', /stale: uses dense\/w\/read replaced when cell \[\d+\] re-ran; re-run cell \[\d+\]/);
    await stale.click();
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('stale: uses'), `#${await graph.getAttribute('id')} .sf-card`);
    const card = (await graph.locator('.sf-card').textContent()) ?? '';
    assert.match(card, /stale: uses dense\/w\/read replaced when cell \[\d+\] re-ran; re-run cell \[\d+\]/);
    assert.match(card, /defined in\s*cell \[\d+\], line 1/);
    await shot(graph, 'graph-06-stale.png');
    const tree = graph.locator('.sf-vartree');
    assert.match((await tree.textContent()) ?? '', /dense\/[\s\S]*reuse=False[\s\S]*get_variable/);
    await page.close();
  });

  it('09: the loss plot draws, and the checkpoint diff between two steps shows', async () => {
    const page = await open('09-training.ipynb');
    const loss = page.locator('.sf-value').filter({ hasText: 'loss per step' }).first();
    await loss.locator('.main-svg').first().waitFor({ timeout: 60000 });
    assert.ok(await loss.locator('.scatterlayer .trace').count() > 0, 'a line drawn');
    await shot(loss, 'value-09-loss.png');
    const diff = page.locator('.sf-checkpoint').filter({ hasText: 'diff against model.ckpt-20' }).first();
    const rows = (await diff.locator('table.sf-table').first().textContent()) ?? '';
    assert.match(rows, /linear\/w\/Adam_1[\s\S]*differs/);
    await diff.locator('.sf-ckpt-name', { hasText: 'linear/w/Adam_1' }).first().click();
    const panel = diff.locator('.sf-ckpt-panel:visible');
    await panel.first().waitFor({ timeout: 60000 });
    assert.match((await panel.first().textContent()) ?? '', /linear\/w\/Adam_1[\s\S]*differs \(max \|Δ\|/, 'the panel of the clicked tensor, with its change');
    await shot(diff, 'checkpoint-09-diff-steps.png');
    const graph = page.locator('.sf-graph').first();
    await graph.locator('svg.sf-graph-svg:not(.sf-static)').waitFor({ timeout: 60000 });
    await shot(graph, 'graph-09-training.png');
    await page.close();
  });

  it('plain export without JavaScript (a static viewer, an untrusted notebook): the graph and plots as static pictures, and how to make them interactive', async () => {
    const staticContext = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    try {
      const page = await staticContext.newPage({ javaScriptEnabled: false, viewport: { width: 1400, height: 1000 } });
      await page.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
      for (const name of result.names) {
        const size = fs.statSync(result.plainHtml.get(name)!).size;
        assert.ok(size <= 1024 * 1024, `${name}: plain HTML export is ${size} bytes`);
      }
      await page.goto(pathToFileURL(result.plainHtml.get('01-variables.ipynb')!).href, { waitUntil: 'load' });
      const graph = page.locator('.sf-graph').first();
      assert.ok(await graph.locator('svg.sf-graph-svg.sf-static g.sf-op').count() > 0, 'ops drawn in the static graph');
      assert.ok(await graph.locator('svg.sf-graph-svg.sf-static g.sf-scope').count() > 0, 'scopes drawn in the static graph');
      assert.ok((await graph.locator('svg.sf-graph-svg.sf-static').boundingBox())!.height > 50, 'the static graph has a size');
      assert.match((await graph.locator('.sf-static-note').textContent()) ?? '', /Static picture: trust the notebook/);
      await shot(graph, 'static-graph-01.png');
      const value = page.locator('.sf-value').filter({ has: page.locator('.sf-heatmap') }).first();
      assert.strictEqual(await value.locator('.sf-heatmap svg.sf-static-plot image').count(), 1, 'the heatmap as a static picture');
      assert.ok(await value.locator('.sf-histogram svg.sf-static-plot rect').count() > 2, 'the histogram bars');
      assert.ok((await value.locator('.sf-heatmap svg').boundingBox())!.width > 100);
      await shot(value, 'static-value-01.png');
      await page.close();
    } finally {
      await staticContext.close();
    }
  });

  it('raised no JavaScript errors in any page', () => {
    assert.deepStrictEqual(pageErrors, []);
  });
});
