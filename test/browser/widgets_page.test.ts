/**
 * The widgets' rough edges, checked where they show: views rendered in this process, written to one
 * page with the layout and plotting libraries inlined (as an nbconvert export carries them), opened
 * in Debian's headless Chromium through playwright-core. Geometry is measured in the page.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { Browser, chromium, Locator, Page } from 'playwright-core';
import * as tf from '../../lib/index';
import * as widgets from '../../widgets/index';
import { assetScript } from '../../widgets/assets';

const CHROMIUM = process.env.SCOPEFLOW_CHROMIUM ?? '/usr/bin/chromium';

/** A small net (a long-named scope fed from outside, whose title an edge would cross) and variable scopes. */
function smallGraph(): tf.Graph {
  const g = new tf.Graph();
  g.as_default(() => {
    const x = tf.placeholder(tf.float32, [null, 3], { name: 'x' });
    tf.name_scope('a_rather_long_scope_name', () => tf.multiply(x, tf.constant(2, { dtype: tf.float32 }), { name: 'm' }));
    tf.variable_scope('shared', () => {
      tf.get_variable('w', [2], { initializer: tf.zeros_initializer() });
      tf.variable_scope('inner', () => tf.get_variable('k', [1], { initializer: tf.zeros_initializer() }));
    });
    tf.variable_scope('stale_statistics_of_a_layer', () => tf.get_variable('moving_variance_with_a_long_name', [3], { initializer: tf.ones_initializer() }));
  });
  return g;
}

/** 12 blocks of 13 ops (156 ops) in a chain, one op deep down named `needle`. */
function bigGraph(): tf.Graph {
  const g = new tf.Graph();
  g.as_default(() => {
    let t = tf.constant([1, 2], { dtype: tf.float32, name: 'start' });
    for (let b = 0; b < 12; b++) {
      t = tf.name_scope(`block${b}`, () => {
        let u = t;
        for (let k = 0; k < 13; k++) u = tf.add(u, u, { name: b === 11 && k === 12 ? 'needle' : `add${k}` });
        return u;
      });
    }
  });
  return g;
}

/** A counter loop with a loop invariant: the `while/` frame. */
function loopGraph(): tf.Graph {
  const g = new tf.Graph();
  g.as_default(() => {
    const x = tf.placeholder(tf.float32, [], 'x');
    tf.while_loop((v: tf.Tensor) => tf.less(v, 100), (v: tf.Tensor) => v.mul(x), [tf.constant(1, { dtype: tf.float32 })]);
  });
  return g;
}

describe('widgets in headless Chromium', function () {
  this.timeout(300000);
  let browser: Browser;
  let page: Page;
  let dir: string;
  const pageErrors: string[] = [];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scopeflow-widgets-'));
    const small = widgets.graph(smallGraph()).bundle()['text/html'];
    const big = widgets.graph(bigGraph(), { maxVisible: 20 }).bundle()['text/html'];
    const loop = widgets.graph(loopGraph()).bundle()['text/html'];
    const prefix = path.join(dir, 'model.ckpt');
    let ckpt = '';
    const g = new tf.Graph();
    g.as_default(() => {
      tf.variable_scope('net', () => tf.get_variable('w', [3, 3], { initializer: tf.constant_initializer(1) }));
      const sess = tf.Session();
      try {
        sess.run(tf.global_variables_initializer());
        const saved = String(new tf.train.Saver().save(sess, prefix));
        sess.run(tf.global_variables()[0].assign(tf.fill([3, 3], 2.5)));
        ckpt = String(widgets.checkpoint(saved, { session: sess }).bundle()['text/html']);
      } finally {
        sess.close();
      }
    });
    const file = path.join(dir, 'page.html');
    fs.writeFileSync(file, `<!doctype html><html><head><meta charset="utf-8">${assetScript('elk')}${assetScript('graph')}${assetScript('plotly')}</head><body>` +
      `<div id="small">${small}</div><div id="big">${big}</div><div id="loop">${loop}</div><div id="ckpt">${ckpt}</div></body></html>`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: 120000 });
    await page.locator('#small svg.sf-graph-svg:not(.sf-static)').waitFor({ timeout: 60000 });
    await page.locator('#big svg.sf-graph-svg:not(.sf-static)').waitFor({ timeout: 60000 });
    await page.locator('#loop svg.sf-graph-svg:not(.sf-static)').waitFor({ timeout: 60000 });
  });

  after(async () => {
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Runs `body` (a function's text) in the page with the widget root as `root`. */
  function inPage<T>(root: string, body: string): Promise<T> {
    return page.evaluate(`(function (root) { ${body} })(document.querySelector(${JSON.stringify(root)}))`) as Promise<T>;
  }

  async function rerendered(graph: Locator, action: () => Promise<void>): Promise<void> {
    const before = await graph.getAttribute('data-rendered');
    await action();
    const id = await graph.getAttribute('id');
    await page.waitForFunction(`document.getElementById(${JSON.stringify(id)}).getAttribute('data-rendered') !== ${JSON.stringify(before)}`);
  }

  it('keeps every label inside its box: ops, folded scopes (with "N ops · variable", a loop\'s frame name) and series', async () => {
    for (const root of ['#small .sf-graph', '#loop .sf-graph']) {
      const spills = await inPage<string[]>(root, `
        var out = [];
        root.querySelectorAll('svg.sf-graph-svg g.sf-op, svg.sf-graph-svg g.sf-scope.sf-closed, svg.sf-graph-svg g.sf-series.sf-closed').forEach(function (g) {
          var rect = g.querySelector('rect').getBBox();
          g.querySelectorAll('text').forEach(function (t) {
            var b = t.getBBox();
            if (b.x + b.width > rect.x + rect.width + 0.5) out.push(t.textContent + ' (' + Math.round(b.x + b.width - rect.x - rect.width) + ' px out)');
          });
        });
        return out;`);
      assert.deepStrictEqual(spills, [], root);
    }
    const folded = await page.locator('#small g.sf-scope.sf-closed[data-scope="shared/w"] text').allTextContents();
    assert.deepStrictEqual(folded, ['+ w', '4 ops \u00b7 variable']);
  });

  it('lets no edge cross an open scope\'s title', async () => {
    const r = await inPage<{ crossed: number; hidden: number; titles: number }>('#small .sf-graph', `
      var svg = root.querySelector('svg.sf-graph-svg'), edges = svg.querySelectorAll('path.sf-edge');
      var ctm = svg.getScreenCTM(), crossed = 0, hidden = 0, titles = svg.querySelectorAll('text.sf-scope-title');
      titles.forEach(function (t) {
        var b = t.getBBox();
        for (var x = b.x; x <= b.x + b.width; x += 1) for (var y = b.y + 2; y <= b.y + b.height - 2; y += 2) {
          var p = svg.createSVGPoint(); p.x = x; p.y = y;
          var onEdge = false;
          edges.forEach(function (e) { if (e.isPointInStroke(p)) onEdge = true; });
          if (!onEdge) continue;
          crossed++;
          var s = p.matrixTransform(ctm), hit = document.elementFromPoint(s.x, s.y);
          if (!(hit && hit.classList && hit.classList.contains('sf-edge'))) hidden++;
        }
      });
      return { crossed: crossed, hidden: hidden, titles: titles.length };`);
    assert.ok(r.titles >= 2, `open scope titles drawn: ${r.titles}`);
    assert.ok(r.crossed > 0, 'an edge runs through a title (the case this guards)');
    assert.strictEqual(r.hidden, r.crossed, 'where an edge runs through a title, the title shows, not the edge');
  });

  it('shows the scope card\'s op types whole, and aligns tree leaves with their sibling folders', async () => {
    const graph = page.locator('#small .sf-graph');
    await graph.locator('g.sf-scope[data-scope="shared"] text.sf-scope-title').click();
    await page.waitForFunction(`document.querySelector('#small .sf-card').textContent.indexOf('op types') >= 0`);
    const fit = await inPage<{ scroll: number; client: number; card: number; table: number }>('#small .sf-graph', `
      var card = root.querySelector('.sf-card'), table = card.querySelector('table');
      return { scroll: card.scrollWidth, client: card.clientWidth, card: card.getBoundingClientRect().right, table: table.getBoundingClientRect().right };`);
    assert.ok(fit.scroll <= fit.client && fit.table <= fit.card, `the card's table fits inside it: ${JSON.stringify(fit)}`);
    const x = await inPage<{ folder: number; leaf: number; top: number; topLeaf: number }>('#small .sf-graph', `
      function textLeft(node) {
        var walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT), t;
        while ((t = walker.nextNode())) if (t.textContent.trim()) { var r = document.createRange(); r.selectNodeContents(t); return r.getBoundingClientRect().left; }
        return NaN;
      }
      var shared = root.querySelector('.sf-vartree details[data-vscope="shared"]');
      var folder = shared.querySelector(':scope > details[data-vscope="shared/inner"] > summary');
      var leaf = shared.querySelector(':scope > .sf-leaf[data-variable="shared/w:0"]');
      return { folder: textLeft(folder), leaf: textLeft(leaf), top: textLeft(shared.querySelector(':scope > summary')), topLeaf: textLeft(shared.querySelector(':scope > details > .sf-leaf')) };`);
    assert.ok(Math.abs(x.folder - x.leaf) < 1, `leaf w starts where its sibling folder inner/ does: ${JSON.stringify(x)}`);
    assert.ok(x.leaf > x.top, 'and deeper than its parent folder');
  });

  it('zooms, fits a 156-op graph unfolded into the view, and pans by dragging', async () => {
    const graph = page.locator('#big .sf-graph');
    const size = () => inPage<{ w: number; h: number; vw: number; vh: number; natural: number; left: number; top: number }>('#big .sf-graph', `
      var svg = root.querySelector('svg.sf-graph-svg'), wrap = root.querySelector('.sf-graph-wrap'), r = svg.getBoundingClientRect();
      return { w: r.width, h: r.height, vw: wrap.clientWidth, vh: parseFloat(getComputedStyle(wrap).maxHeight), natural: svg.viewBox.baseVal.width, left: wrap.scrollLeft, top: wrap.scrollTop };`);
    await rerendered(graph, () => graph.locator('.sf-unfold-all').click());
    assert.strictEqual(await graph.locator('g.sf-op').count(), 157, 'every op drawn');
    const fitted = await size();
    assert.ok(fitted.w <= fitted.vw && fitted.h <= fitted.vh, `unfold all fits the graph in the view: ${JSON.stringify(fitted)}`);
    assert.ok(fitted.natural > fitted.w, 'drawn smaller than its layout');
    assert.match((await graph.locator('.sf-graph-status').textContent()) ?? '', /zoom \d+%/);
    await graph.locator('.sf-zoom-in').click();
    const zoomed = await size();
    assert.ok(Math.abs(zoomed.w / fitted.w - 1.25) < 0.01, `zoom in: x1.25 (${fitted.w} -> ${zoomed.w})`);
    await graph.locator('.sf-zoom-reset').click();
    const actual = await size();
    assert.ok(Math.abs(actual.w - actual.natural) < 1, '1:1 draws the layout size');
    await graph.locator('.sf-zoom-fit').click();
    assert.ok(Math.abs((await size()).w - fitted.w) < 1, 'fit again');
    await graph.locator('.sf-zoom-reset').click();
    await inPage('#big .sf-graph', `root.querySelector('.sf-graph-wrap').scrollTop = 0; return 0;`);
    // Drag on the background: the view scrolls; no op card opens.
    const card = await graph.locator('.sf-card').textContent();
    await graph.locator('.sf-graph-wrap').scrollIntoViewIfNeeded();
    const box = (await graph.locator('.sf-graph-wrap').boundingBox())!;
    const start = await size();
    const from = { x: Math.max(box.x, 0) + 300, y: box.y + 400 };
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x - 40, from.y - 150, { steps: 5 });
    await page.mouse.up();
    const panned = await size();
    assert.ok(panned.top > start.top + 100, `dragging up scrolls down: ${start.top} -> ${panned.top}`);
    assert.strictEqual(await graph.locator('.sf-card').textContent(), card, 'a drag is not a click');
  });

  it('scrolls to what the search finds, and says where matches are that are not drawn', async () => {
    const graph = page.locator('#big .sf-graph');
    await inPage('#big .sf-graph', `var w = root.querySelector('.sf-graph-wrap'); w.scrollTop = 0; w.scrollLeft = 0; return 0;`);
    await rerendered(graph, () => graph.locator('input.sf-search').fill('needle'));
    const seen = await inPage<{ op: number[]; view: number[] }>('#big .sf-graph', `
      var op = root.querySelector('g.sf-op.sf-hit').getBoundingClientRect(), view = root.querySelector('.sf-graph-wrap').getBoundingClientRect();
      return { op: [op.top, op.bottom], view: [view.top, view.bottom] };`);
    assert.ok(seen.op[0] >= seen.view[0] && seen.op[1] <= seen.view[1], `the match is scrolled into view: ${JSON.stringify(seen)}`);
    assert.match((await graph.locator('.sf-graph-status').textContent()) ?? '', /1 match: 1 shown/);
    await rerendered(graph, () => graph.locator('.sf-fold-all').click());
    await rerendered(graph, () => graph.locator('input.sf-search').fill('add'));
    const status = (await graph.locator('.sf-graph-status').textContent()) ?? '';
    assert.match(status, /155 matches: 0 shown, 155 inside folded scopes \(narrow the search to unfold them\)/);
  });

  it('draws a while loop as one folded box naming its frame; unfolded, its body, title and back edge NextIteration -> Merge', async () => {
    const graph = page.locator('#loop .sf-graph');
    const folded = graph.locator('g.sf-scope.sf-closed.sf-frame[data-scope="while"]');
    assert.deepStrictEqual(await folded.locator('text').allTextContents(), ['+ while', '\u27f3 while frame while/while_context', '11 ops']);
    assert.strictEqual(await graph.locator('path.sf-back-edge').count(), 0);
    await rerendered(graph, () => folded.locator('text').first().click());
    assert.match((await graph.locator('.sf-card').textContent()) ?? '', /^while loop while\/frame ?while\/while_context/);
    const open = await inPage<{ title: number; box: number; backs: number }>('#loop .sf-graph', `
      var g = root.querySelector('g.sf-scope.sf-open.sf-frame[data-scope="while"]');
      var t = g.querySelector('text.sf-scope-title').getBBox(), r = g.querySelector('rect').getBBox();
      return { title: t.x + t.width, box: r.x + r.width, backs: root.querySelectorAll('path.sf-back-edge').length };`);
    assert.strictEqual(open.backs, 1, 'the back edge drawn');
    assert.ok(open.title <= open.box, `the open loop's title, with its frame name, fits its box: ${JSON.stringify(open)}`);
  });

  it('shows a checkpoint tensor that differs beside the session\'s value, both plotted', async () => {
    await page.locator('#ckpt .sf-ckpt-name').first().click();
    await page.locator('#ckpt [data-side="other"] .sf-heatmap .main-svg').first().waitFor({ timeout: 60000 });
    assert.ok(await page.locator('#ckpt [data-side="checkpoint"] .sf-heatmap .main-svg').count() > 0);
    assert.strictEqual(await page.locator('#ckpt .sf-ckpt-panel .sf-static-note:visible').count(), 0, 'both captions gone once interactive');
  });

  it('raised no JavaScript errors', () => {
    assert.deepStrictEqual(pageErrors, []);
  });
});
