import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '../../lib/index';
import { NDArray } from '../../lib/framework/ndarray';
import { BundleWriter } from '../../lib/train/tensor_bundle';
import * as widgets from '../../widgets/index';
import { buildGraphModel } from '../../widgets/graph_model';
import { staticGraphSvg } from '../../widgets/static_graph';
import { enterCell, exitCell } from '../../lib/framework/cells';
import { escapeHtml, scriptJson } from '../../widgets/html';
import { fixturesDir } from '../lib/train/helpers';

type Bundle = Record<string, unknown>;

function html(b: Bundle | undefined): string {
  assert.ok(b, 'a bundle');
  const h = b['text/html'];
  assert.strictEqual(typeof h, 'string');
  return h as string;
}
function plain(b: Bundle | undefined): string {
  assert.ok(b, 'a bundle');
  assert.strictEqual(typeof b['text/plain'], 'string');
  return b['text/plain'] as string;
}
/** The JSON embedded in a widget's last <script> as `var <name>=...;`. */
function embedded<T>(h: string, name: string): T {
  const m = new RegExp(`var ${name}=(.*?);var root`).exec(h);
  assert.ok(m, `script with ${name}`);
  return JSON.parse(m[1]) as T;
}

/** Every <script> must be closed by its own tag: no `</script` inside the text. */
function assertScriptsIntact(h: string): void {
  const opens = (h.match(/<script\b/g) ?? []).length;
  const closes = (h.match(/<\/script>/g) ?? []).length;
  assert.strictEqual(opens, closes, 'one </script> per <script>');
}

const fixtures = fixturesDir();

describe('widgets', () => {
  beforeEach(() => {
    tf.reset_default_graph();
  });

  describe('helpers', () => {
    it('escapes <, >, &, and both quotes', () => {
      assert.strictEqual(escapeHtml(`a<b>&"c'`), 'a&lt;b&gt;&amp;&quot;c&#39;');
    });
    it('writes JSON that cannot close a script element', () => {
      const s = scriptJson({ n: '</script><!-- & \u2028' });
      assert.ok(!s.includes('</') && !s.includes('<!--') && !s.includes('&') && !s.includes('\u2028'));
      assert.deepStrictEqual(JSON.parse(s), { n: '</script><!-- & \u2028' });
    });
  });

  describe('NDArray', () => {
    it('prints as numpy does in text/plain', () => {
      assert.strictEqual(plain(widgets.toMimeBundle(NDArray.from([[1, 2], [3, 4]], tf.float32))), 'array([[1., 2.],\n       [3., 4.]], dtype=float32)');
      assert.strictEqual(plain(widgets.toMimeBundle(NDArray.from([1, 2, 3], tf.int32))), 'array([1, 2, 3], dtype=int32)');
      assert.strictEqual(plain(widgets.toMimeBundle(NDArray.from([0.5, 1.5], tf.float64))), 'array([0.5, 1.5])');
      assert.strictEqual(plain(widgets.toMimeBundle(NDArray.from(2, tf.float32))), 'array(2., dtype=float32)');
      assert.strictEqual(plain(widgets.toMimeBundle(NDArray.from([true, false]))), 'array([ True, False])');
    });
    it('summarises large arrays as numpy does', () => {
      const a = new NDArray(tf.float32, [1000, 1000]);
      (a.data as Float32Array)[1] = 7;
      const text = widgets.numpyRepr(a);
      assert.strictEqual(text.split('\n').length, 7);
      assert.ok(text.startsWith('array([[0., 7., 0., ..., 0., 0., 0.],\n       [0., 0., 0., ..., 0., 0., 0.],'), text);
      assert.ok(text.endsWith('..., 0., 0., 0.]], dtype=float32)'));
    });
    it('shows small arrays as an HTML table', () => {
      const h = html(widgets.toMimeBundle(NDArray.from([[1.5, 2], [3, 4]], tf.float32)));
      assert.match(h, /<table class="sf-table sf-values">/);
      assert.match(h, /<td>1\.5<\/td>/);
      assert.ok(!h.includes('<script'), 'a small table needs no script');
    });
    it('escapes string values', () => {
      const h = html(widgets.toMimeBundle(NDArray.fromStrings(['<b>&"x\'</b>'])));
      assert.ok(!h.includes('<b>&'), 'raw markup must not pass through');
      assert.ok(h.includes('&lt;b&gt;&amp;'));
    });
  });

  describe('value view', () => {
    it('says a variable is uninitialized instead of failing', () => {
      const v = tf.Variable(tf.zeros([2, 3]), { name: 'w' });
      const sess = tf.InteractiveSession();
      try {
        const b = widgets.toMimeBundle(v);
        assert.match(plain(b), /not initialized/);
        assert.match(html(b), /class="sf-warn">Variable w is not initialized/);
        assert.strictEqual(b?.['application/vnd.plotly.v1+json'], undefined);
      } finally {
        sess.close();
      }
    });
    it('shows shape, dtype, device, initializer, stats and plots of an initialized variable', () => {
      const v = tf.device('/cpu:0', () => tf.Variable(tf.constant([[1, -2, 0], [4, 5, 6]], { dtype: tf.float32 }), { name: 'layer->w' }));
      const sess = tf.InteractiveSession();
      try {
        sess.run(tf.global_variables_initializer());
        const b = widgets.toMimeBundle(v);
        const t = plain(b), h = html(b);
        assert.match(t, /<Variable 'layer->w:0' shape=\(2, 3\) dtype=float32>/);
        assert.match(t, /array\(\[\[ 1\., -2\.,  0\.\],/);
        assert.match(t, /min=-2 max=6 mean=2\.33333 std=2\.86744 zeros=1 nan=0 inf=0/);
        assert.match(h, /<code>layer-&gt;w:0<\/code>/);
        assert.match(h, /\/device:CPU:0/);
        assert.match(h, /initializer<\/td><td>Const &#39;Const&#39;/);
        assert.ok(!h.includes('data-scopeflow-asset') && h.length < 60000, `no library in the output (${h.length} characters)`);
        assert.match(h, /<div id="[^"]+" class="sf-plot sf-heatmap"><svg [^>]*class="sf-static-plot"/, 'a static heatmap drawn in the kernel');
        assert.match(h, /class="sf-note sf-static-note">Static picture: trust the notebook/);
        assert.match(String(b?.['image/svg+xml']), /^<svg [\s\S]*<rect [\s\S]*<\/svg>$/, 'an SVG fallback of the plot');
        assertScriptsIntact(h);
        const fig = b?.['application/vnd.plotly.v1+json'] as { data: { type: string; z: number[][] }[] };
        assert.strictEqual(fig.data[0].type, 'heatmap');
        assert.deepStrictEqual(fig.data[0].z, [[1, -2, 0], [4, 5, 6]]);
        assert.ok(h.includes("__scopeflowWhenReady(['Plotly']"), 'the output makes itself interactive once plotly.js is in the page');
      } finally {
        sess.close();
      }
    });
    it('samples a 1000 x 1000 variable and says so', () => {
      const v = tf.Variable(tf.fill([1000, 1000], 0.5), { name: 'big' });
      const sess = tf.InteractiveSession();
      try {
        sess.run(tf.global_variables_initializer());
        widgets.toMimeBundle(NDArray.from([[1, 2], [3, 4.5], [5, 6]])); // nothing sent yet: a table only
        const first = widgets.toMimeBundle(v);
        const size = (b: Bundle | undefined) => JSON.stringify(b).length;
        assert.ok(size(first) < 6_000_000, `first output ${size(first)} bytes (plotly.js included once)`);
        const b = widgets.toMimeBundle(v);
        assert.ok(size(b) < 400_000, `a 1000x1000 variable rendered to ${size(b)} bytes`);
        assert.match(plain(b), /Sampled: heatmap sampled: every 16th row and every 16th column \(63 x 63 of 1000 x 1000\)/);
        assert.match(html(b), /class="sf-note sf-sampled"/);
        const fig = b?.['application/vnd.plotly.v1+json'] as { data: { z: number[][] }[] };
        assert.strictEqual(fig.data[0].z.length, 63);
        assert.strictEqual(fig.data[0].z[0].length, 63);
      } finally {
        sess.close();
      }
    });
    it('offers a slice selector for rank-3 values', () => {
      const a = new NDArray(tf.float32, [3, 4, 5]);
      const h = html(widgets.value(a, { name: 'cube' }).bundle());
      assert.match(h, /<select id="[^"]+" class="sf-slice-select"><option value="0">\[0, :, :\]<\/option><option value="1">\[1, :, :\]/);
    });
    it('heads a 1-D table with one index per value, and a long one with an index per row', () => {
      const h = html(widgets.value(NDArray.from([1, 2, 3, 4], tf.float32)).bundle());
      assert.match(h, /<table class="sf-table sf-values"><thead><tr><th>0<\/th><th>1<\/th><th>2<\/th><th>3<\/th><\/tr><\/thead><tbody><tr><td>1<\/td><td>2<\/td><td>3<\/td><td>4<\/td><\/tr>/);
      const long = html(widgets.value(NDArray.from(Array.from({ length: 20 }, (_, i) => i * 10), tf.int32)).bundle());
      assert.match(long, /<tr><td><b>0<\/b><\/td><td>0<\/td><\/tr><tr><td><b>1<\/b><\/td><td>10<\/td><\/tr>/);
      assert.match(long, /<tr><td><b>19<\/b><\/td><td>190<\/td><\/tr><\/tbody>/);
    });
    it('puts heatmap ticks on whole rows and columns only', () => {
      const b = widgets.value(NDArray.from([[1, 2], [3, 4]], tf.float32)).bundle();
      const fig = b['application/vnd.plotly.v1+json'] as { layout: { xaxis: Record<string, unknown>; yaxis: Record<string, unknown> } };
      for (const axis of [fig.layout.xaxis, fig.layout.yaxis]) {
        assert.strictEqual(axis.tickmode, 'linear');
        assert.strictEqual(axis.tick0, 0);
        assert.strictEqual(axis.dtick, 1);
      }
      assert.strictEqual(fig.layout.yaxis.autorange, 'reversed');
      const spec = /var spec=(.*?);var root/.exec(html(b));
      assert.ok(spec);
      assert.strictEqual((JSON.parse(spec[1]) as { heat: { layout: { yaxis: { dtick: number } } } }).heat.layout.yaxis.dtick, 1, 'the page draws with the same axes');
      const sampled = widgets.value(new NDArray(tf.float32, [1000, 30])).bundle()['application/vnd.plotly.v1+json'] as { layout: { yaxis: { dtick: number } } };
      assert.strictEqual(sampled.layout.yaxis.dtick % 16, 0, 'ticks of a sampled axis fall on the rows drawn');
      assert.match(plain(widgets.value(new NDArray(tf.float32, [150, 150])).bundle()), /every 3rd row and every 3rd column/);
      assert.match(plain(widgets.value(new NDArray(tf.float32, [2100])).bundle()), /every 3rd of 2100 values/);
      assert.match(plain(widgets.value(new NDArray(tf.float32, [2, 2, 100, 100])).bundle()), /every 2nd row and every 2nd column/);
    });
    it('draws the histogram of a constant as one bar centred on it, and integer data in whole-number bins', () => {
      const figure = (a: NDArray) => {
        const m = /var spec=(.*?);var root/.exec(html(widgets.value(a).bundle()));
        assert.ok(m);
        const spec = JSON.parse(m[1]) as { plots: { figure: { data: { type: string; x: number[]; y: number[]; width: number[] }[] } }[] };
        return spec.plots.map((p) => p.figure.data[0]).find((d) => d.type === 'bar')!;
      };
      const constant = figure(NDArray.from([7, 7, 7, 7, 7], tf.float32));
      assert.deepStrictEqual([constant.x, constant.y, constant.width], [[7], [5], [1]]);
      const ints = figure(NDArray.from([0, 1, 1, 2, 2, 2, 3, 9], tf.int32));
      assert.deepStrictEqual(ints.x, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 'one bin per integer, centred on it');
      assert.deepStrictEqual(ints.y, [1, 2, 3, 1, 0, 0, 0, 0, 0, 1]);
      const wide = figure(NDArray.from(Array.from({ length: 1000 }, (_, i) => i), tf.int64));
      assert.ok(wide.width[0] === 25 && wide.y.every((c) => c === 25), `every bin holds as many integers: ${wide.y}`);
    });
    it('offers every slice of a small 4-D value, and says when a large one offers only some', () => {
      const h = html(widgets.value(new NDArray(tf.float32, [5, 5, 3, 3])).bundle());
      assert.strictEqual((h.match(/<option value=/g) ?? []).length, 25);
      assert.ok(h.includes('<option value="24">[4, 4, :, :]</option>'));
      assert.ok(!/\(first \d+ of/.test(h), 'no "first n of" note when all are offered');
      const big = html(widgets.value(new NDArray(tf.float32, [8, 8, 100, 100])).bundle());
      assert.match(big, /\(first 16 of 64 slices\)/);
    });
    it('evaluates a tensor in the default session, or says why not', () => {
      const x = tf.placeholder(tf.float32, [null, 2], { name: 'x' });
      const y = tf.add(tf.constant([1, 2], { dtype: tf.float32 }), tf.constant([3, 4], { dtype: tf.float32 }));
      assert.match(plain(widgets.toMimeBundle(y)), /No session/);
      const sess = tf.InteractiveSession();
      try {
        assert.match(plain(widgets.toMimeBundle(y)), /array\(\[4\., 6\.\], dtype=float32\)/);
        assert.match(plain(widgets.toMimeBundle(x)), /could not evaluate: InvalidArgumentError/);
        assert.match(plain(widgets.value(x, { feed_dict: { 'x:0': [[1, 2]] } }).bundle()), /array\(\[\[1\., 2\.\]\], dtype=float32\)/);
      } finally {
        sess.close();
      }
    });
  });

  describe('graph view', () => {
    function buildNet(): void {
      const x = tf.placeholder(tf.float32, [null, 4], { name: 'x' });
      tf.variable_scope('layer1', () => {
        const w = tf.get_variable('weights', [4, 3], { initializer: tf.ones_initializer() });
        const b = tf.get_variable('biases', [3], { initializer: tf.zeros_initializer() });
        tf.name_scope('out->put', () => tf.add(tf.matmul(x, w), b, { name: 'logits' }));
      });
    }

    it('lists scopes, ops and variables in text/plain', () => {
      buildNet();
      const t = plain(widgets.toMimeBundle(tf.get_default_graph()));
      assert.match(t, /^<tf.Graph: \d+ ops, \d+ name scopes, 2 variables>/);
      assert.match(t, /layer1\/ {2}\(\d+ ops\)/);
      assert.match(t, /weights {2}VariableV2 \(variable\) {2}float32_ref \(4, 3\)/);
      assert.match(t, /variables by variable scope:\n {2}layer1\/ {2}reuse=False\n {4}weights {2}float32 \(4, 3\) {2}get_variable/);
    });

    it('carries a model with scopes, ops, data and control edges, escaped in HTML and script', () => {
      buildNet();
      const g = tf.get_default_graph();
      const noop = tf.no_op({ name: 'init_all' });
      noop._add_control_input(g.get_operation_by_name('layer1/weights/Assign'));
      const h = html(widgets.toMimeBundle(g));
      assertScriptsIntact(h);
      assert.ok(!h.includes('data-scopeflow-asset'), 'no library in the output');
      assert.ok(!h.includes('window.__scopeflowGraph = window.__scopeflowGraph'), 'the graph client is loaded once per page, not carried by each output');
      assert.ok(h.includes("__scopeflowWhenReady(['ELK', '__scopeflowGraph']"), 'the output waits for elkjs and the graph client');
      assert.match(h, /<div class="sf-graph-wrap"><svg [^>]*class='sf-graph-svg sf-static'[\s\S]*<g class='sf-op[^']*' data-op='[^']+'/, 'the graph laid out in the kernel as static SVG');
      assert.ok(!h.includes('out->put'), 'names are escaped everywhere');
      assert.ok(h.includes('out-&gt;put'));
      const model = embedded<{ ops: { n: string; t: string; v?: 1; pd: string }[]; scopes: { n: string; v?: 1 }[]; edges: [number, number, number, number, string][] }>(h, 'model');
      const names = model.ops.map((o) => o.n);
      assert.ok(names.includes('layer1/out->put/logits'));
      const w = model.ops.find((o) => o.n === 'layer1/weights');
      assert.strictEqual(w?.v, 1);
      assert.strictEqual(w?.pd, undefined, 'the host CPU, as the page assumes when pd is absent');
      assert.ok(model.ops.every((o) => !('l' in o)), 'labels are derived in the page');
      assert.strictEqual(model.scopes.find((s) => s.n === 'layer1/weights')?.v, 1);
      assert.ok(model.edges.some((e) => e[2] === 1 && names[e[1]] === 'init_all'), 'a control edge');
      assert.ok(model.edges.some((e) => e[2] === 0 && names[e[0]] === 'layer1/weights/read' && e[4] === '(4, 3)'), 'a data edge with its shape');
    });

    it('starts large graphs folded at the top scopes', () => {
      for (let i = 0; i < 12; i++) {
        tf.name_scope(`block${i}`, () => {
          let t = tf.constant([1, 2], { dtype: tf.float32 });
          for (let k = 0; k < 40; k++) t = tf.add(t, t);
        });
      }
      const model = buildGraphModel(tf.get_default_graph());
      assert.strictEqual(model.ops.length, 12 * 41);
      assert.deepStrictEqual(model.expanded, [], 'every top scope folded');
      tf.reset_default_graph();
      buildNet();
      const small = buildGraphModel(tf.get_default_graph());
      const open = small.expanded.map((i) => small.scopes[i].n);
      assert.ok(open.includes('layer1') && open.includes('layer1/out->put'), `small graphs start unfolded: ${open}`);
      assert.ok(!open.includes('layer1/weights'), 'variable groups stay folded');
    });

    it('shows the variable-scope tree from the variable store: reuse flags, get_variable vs tf.Variable', () => {
      tf.variable_scope('shared', { reuse: tf.AUTO_REUSE }, () => {
        tf.get_variable('w', [2], { initializer: tf.zeros_initializer() });
        tf.variable_scope('inner', () => tf.get_variable('k', [1], { initializer: tf.zeros_initializer() }));
      });
      tf.variable_scope('frozen', () => tf.get_variable('f', [3], { initializer: tf.zeros_initializer(), trainable: false }));
      tf.variable_scope('frozen', { reuse: true }, () => tf.get_variable('f', [3]));
      tf.variable_scope('empty', () => undefined);
      tf.name_scope('ns', () => tf.Variable(tf.zeros([4]), { name: 'plain->v' }));
      const b = widgets.graph().bundle();
      const t = plain(b);
      const tree = t.slice(t.indexOf('variables by variable scope:'));
      assert.match(tree, /\n {2}shared\/ {2}reuse=AUTO_REUSE\n {4}inner\/ {2}reuse=AUTO_REUSE\n {6}k {2}float32 \(1,\) {2}get_variable\n {4}w {2}float32 \(2,\) {2}get_variable\n/);
      assert.match(tree, /\n {2}frozen\/ {2}reuse=True\n {4}f {2}float32 \(3,\) {2}get_variable, not trainable\n/, 'the reuse flag as last entered');
      assert.match(tree, /\n {2}empty\/ {2}reuse=False\n/, 'a scope with no variables still shows');
      assert.match(tree, /\n {2}ns\/ {2}name prefix only\n {4}plain->v {2}float32 \(4,\) {2}tf\.Variable/);
      const h = html(b);
      assert.match(h, /data-vscope="shared"><summary>shared\/ <span class="sf-badge">2 var<\/span> <span class="sf-badge sf-reuse" data-reuse="AUTO_REUSE">reuse=AUTO_REUSE<\/span>/);
      assert.match(h, /data-variable="ns\/plain-&gt;v:0" data-kind="Variable">plain-&gt;v /);
      assert.match(h, /data-variable="shared\/w:0" data-kind="get_variable">/);
      assert.ok(!h.includes('plain->v'), 'names escaped in the tree');
    });

    it('gives a displayed variable scope one reuse flag, in its title and in its tree badge', () => {
      const first = tf.variable_scope('frozen', (scope: tf.VariableScope) => { tf.get_variable('f', [3], { initializer: tf.zeros_initializer() }); return scope; });
      tf.variable_scope('frozen', { reuse: true }, () => tf.get_variable('f', [3]));
      for (const b of [widgets.toMimeBundle(first), widgets.graph(first).bundle()]) {
        const h = html(b);
        assert.match(h, /<div class="sf-title">variable scope frozen\/ \(reuse=False\)/);
        assert.match(h, /data-vscope="frozen"><summary>frozen\/ <span class="sf-badge">1 var<\/span> <span class="sf-badge sf-reuse" data-reuse="False">reuse=False<\/span>/);
      }
      assert.match(plain(widgets.graph().bundle()), /\n {2}frozen\/ {2}reuse=True\n/, 'the whole graph shows the flag as last entered');
    });

    describe('cells and stale ops', () => {
      afterEach(() => exitCell());
      function inCell<R>(id: string, count: number, fn: () => R): R {
        enterCell({ id, execution_count: count });
        try { return fn(); } finally { exitCell(); }
      }
      function build(): { y: tf.Tensor; q: tf.Tensor } {
        const define = () => tf.variable_scope('layer', () => tf.get_variable('w', [2], { initializer: tf.ones_initializer() }));
        const w = inCell('A', 1, define);
        const y = inCell('B', 2, () => tf.add(tf.multiply(w, 2, { name: 'y' }), 1, { name: 'z' }));
        const q = inCell('C', 3, () => tf.name_scope('head', () => tf.negative(y, { name: 'q' })));
        inCell('A', 4, define); // re-running cell A replaces layer/w; y, z and q are now stale
        return { y, q };
      }

      it('marks stale ops with what was replaced and the cells to re-run, and names each op\'s cell', () => {
        build();
        const m = buildGraphModel(tf.get_default_graph());
        const op = (n: string) => m.ops.find((o) => o.n === n);
        assert.strictEqual(m.stale, 3);
        assert.strictEqual(op('y')?.st, 'stale: uses layer/w/read replaced when cell [4] re-ran; re-run cell [2]');
        assert.strictEqual(op('z')?.st, 'stale: uses layer/w/read replaced when cell [4] re-ran; re-run cell [2]');
        assert.strictEqual(op('head/q')?.st, 'stale: uses layer/w/read replaced when cell [4] re-ran; re-run cell [2], then cell [3]');
        assert.strictEqual(op('y')?.c, 'cell [2]');
        assert.strictEqual(op('layer/w')?.c, 'cell [4]', 'the re-run built the new variable');
        assert.strictEqual(op('layer/w')?.st, undefined);
        assert.strictEqual(op('layer/w/read')?.st, undefined);
        assert.ok(!m.ops.some((o) => o.n === 'layer/w_1'), 'the re-run reused the name');
        assert.strictEqual(m.scopes.find((s) => s.n === 'head')?.st, 1);
        assert.strictEqual(m.scopes.find((s) => s.n === 'layer')?.st, undefined);
      });

      it('greys stale ops in text, HTML and the op card', () => {
        const { y } = build();
        const b = widgets.toMimeBundle(tf.get_default_graph());
        const t = plain(b);
        assert.match(t, /^ +y {2}Mul {2}float32 \(2,\) {2}\[\/device:CPU:0\] {2}cell \[2\] {2}\(stale: uses layer\/w\/read replaced when cell \[4\] re-ran; re-run cell \[2\]\)$/m);
        assert.match(t, /^3 stale ops: /m);
        assert.match(t, /head\/ {2}\(1 ops, 1 stale\)/);
        const h = html(b);
        assert.match(h, /<span class="sf-badge sf-stale">3 stale<\/span>/);
        assert.match(h, /<div class="sf-leaf sf-stale">y {2}Mul/);
        const card = widgets.toMimeBundle(y.op);
        assert.match(plain(card), /defined in: cell \[2\]/);
        assert.match(plain(card), /stale: uses layer\/w\/read replaced when cell \[4\] re-ran; re-run cell \[2\]/);
        const fresh = plain(widgets.toMimeBundle(tf.get_default_graph().get_operation_by_name('layer/w')));
        assert.match(fresh, /defined in: cell \[4\]/);
        assert.ok(!/stale/.test(fresh));
      });

      it('says nothing of cells for graphs built outside notebooks', () => {
        buildNet();
        const m = buildGraphModel(tf.get_default_graph());
        assert.strictEqual(m.stale, 0);
        assert.ok(m.ops.every((o) => o.c === undefined && o.st === undefined));
        assert.ok(!/stale|cell \[/.test(plain(widgets.toMimeBundle(tf.get_default_graph()))));
      });

      it('counts a while loop\'s stale ops on its folded box', () => {
        const w = inCell('A', 1, () => tf.get_variable('w', [], { initializer: tf.ones_initializer() }));
        inCell('B', 2, () => tf.while_loop((v: tf.Tensor) => tf.less(v, 10), (v: tf.Tensor) => v.mul(w), [tf.constant(1, { dtype: tf.float32 })]));
        inCell('A', 3, () => tf.get_variable('w', [], { initializer: tf.ones_initializer() }));
        const m = buildGraphModel(tf.get_default_graph());
        const loop = m.scopes.find((s) => s.n === 'while');
        assert.strictEqual(loop?.fr, 'while/while_context');
        assert.ok((loop?.st ?? 0) > 0, 'the loop body uses the replaced w');
        const svg = staticGraphSvg('g', m);
        assert.match(svg, /<g class='sf-scope sf-closed sf-frame' data-scope='while' data-frame='while\/while_context'[^>]*>(?:(?!<\/g>).)*\d+ stale/);
      });
    });

    describe('series, auxiliary nodes, structure colours', () => {
      function block(name: string, x: tf.Tensor, relu: boolean): tf.Tensor {
        return tf.name_scope(name, () => {
          const z = tf.add(tf.matmul(x, tf.constant([[1, 0], [0, 1]], { dtype: tf.float32 })), 1);
          return relu ? tf.nn.relu(z) : z;
        });
      }

      it('folds like-named siblings of the same structure into series, TensorBoard-style', () => {
        let x: tf.Tensor = tf.placeholder(tf.float32, [null, 2], { name: 'x' });
        for (let i = 0; i < 3; i++) x = block('layer', x, true); // layer, layer_1, layer_2
        x = block('layer', x, false); // layer_3: other structure (no Relu)
        block('solo_1', x, true);
        tf.name_scope('net', () => { for (let i = 0; i < 4; i++) tf.identity(x, { name: 'conv' }); });
        tf.name_scope('net', () => tf.add(x, 1, { name: 'conv' })); // net_1/conv, not a sibling
        tf.add(x, 2, { name: 'net/conv_9' }); // same name pattern, other op type
        const m = buildGraphModel(tf.get_default_graph());
        const byName = (n: string) => m.series.find((r) => r.n === n);
        const layers = byName('layer_[1-2]');
        assert.ok(layers, `layer series found: ${m.series.map((r) => r.n)}`);
        assert.strictEqual(layers.k, 's');
        assert.deepStrictEqual(layers.m.map((i) => m.scopes[i].n), ['layer', 'layer_1', 'layer_2']);
        assert.ok(layers.m.every((i, k) => m.scopes[i].sr === m.series.indexOf(layers) && (k === 0 || m.scopes[i].sg === m.scopes[layers.m[0]].sg)));
        assert.strictEqual(m.scopes.find((s) => s.n === 'layer_3')?.sr, undefined, 'other structure: not a member');
        assert.strictEqual(m.scopes.find((s) => s.n === 'solo_1')?.sr, undefined, 'a single suffixed name is no series');
        const convs = byName('net/conv_[1-3]');
        assert.ok(convs, `op series found: ${m.series.map((r) => r.n)}`);
        assert.strictEqual(convs.k, 'o');
        assert.strictEqual(convs.t, 'Identity');
        assert.deepStrictEqual(convs.m.map((i) => m.ops[i].n), ['net/conv', 'net/conv_1', 'net/conv_2', 'net/conv_3']);
        assert.strictEqual(m.ops.find((o) => o.n === 'net/conv_9')?.sr, undefined, 'another op type: not a member');
        assert.ok(!m.series.some((r) => r.n.startsWith('net_1')), 'net and net_1 differ in structure');
      });

      it('gives scopes of the same internal op types one structure group', () => {
        let x: tf.Tensor = tf.placeholder(tf.float32, [null, 2], { name: 'x' });
        x = block('first', x, true);
        x = block('second', x, true);
        block('third', x, false);
        const m = buildGraphModel(tf.get_default_graph());
        const sg = (n: string) => m.scopes.find((s) => s.n === n)?.sg;
        assert.notStrictEqual(sg('first'), undefined);
        assert.strictEqual(sg('first'), sg('second'));
        assert.strictEqual(sg('third'), undefined, 'a unique structure has no group');
        assert.ok(m.structures >= 1);
      });

      it('marks initializers, init, the saver and Assigns auxiliary, but not gradients', () => {
        buildNet();
        const g = tf.get_default_graph();
        const loss = tf.reduce_sum(g.get_tensor_by_name('layer1/out->put/logits:0'));
        tf.gradients(loss, [g.get_tensor_by_name('layer1/weights:0')]);
        tf.global_variables_initializer();
        tf.global_variables_initializer();
        new tf.train.Saver();
        const m = buildGraphModel(g);
        const op = (n: string) => m.ops.find((o) => o.n === n);
        const scope = (n: string) => m.scopes.find((s) => s.n === n);
        assert.strictEqual(op('init')?.aux, 1);
        assert.strictEqual(op('init_1')?.aux, 1);
        assert.strictEqual(op('layer1/weights/Assign')?.aux, 1, 'the initializing Assign');
        assert.strictEqual(scope('layer1/weights/Initializer')?.aux, 1);
        assert.ok(m.ops.filter((o) => o.n.startsWith('layer1/weights/Initializer/')).every((o) => o.aux === 1));
        assert.strictEqual(scope('save')?.aux, 1);
        assert.ok(m.ops.filter((o) => o.n.startsWith('save/')).length > 0 && m.ops.filter((o) => o.n.startsWith('save/')).every((o) => o.aux === 1));
        assert.strictEqual(scope('gradients')?.aux, undefined, 'gradients/ is the main flow of training');
        assert.ok(m.ops.filter((o) => o.n.startsWith('gradients/')).every((o) => !o.aux));
        assert.strictEqual(op('layer1/weights')?.aux, undefined);
        assert.strictEqual(op('layer1/weights/read')?.aux, undefined);
        assert.ok(!m.series.some((r) => r.n.startsWith('init')), 'auxiliary nodes form no series');
      });

      it('shows series, auxiliary nodes and the colour switch in HTML and text, escaped', () => {
        let x: tf.Tensor = tf.placeholder(tf.float32, [null, 2], { name: 'x' });
        for (let i = 0; i < 3; i++) x = block('a->b', x, true);
        tf.Variable(tf.zeros([2]), { name: 'v' });
        tf.global_variables_initializer();
        const b = widgets.toMimeBundle(tf.get_default_graph());
        const h = html(b);
        assertScriptsIntact(h);
        assert.ok(!h.includes('a->b') && h.includes('a-&gt;b'), 'series names escaped');
        assert.ok(h.includes('class="sf-color-mode"') && h.includes('value="structure"'));
        assert.ok(h.includes('sf-aux-panel'));
        const model = embedded<{ series: { n: string; m: number[] }[] }>(h, 'model');
        assert.deepStrictEqual(model.series.map((r) => [r.n, r.m.length]), [['a->b_[1-2]', 3]]);
        const t = plain(b);
        assert.match(t, /series \(folded into one node each\): a->b_\[1-2\] \(3 scopes\)/);
        assert.match(t, /auxiliary nodes \(drawn beside the main graph\): [^\n]*\binit\b/);
        assert.match(t, /v\/Assign/, 'aux ops still listed in the text tree');
      });
    });

    describe('while loops', () => {
      /** A counter loop (one loop variable, so no series) with a loop invariant and a nested loop. */
      function buildLoops(): void {
        const x = tf.placeholder(tf.float32, [], 'x');
        tf.while_loop((v: tf.Tensor) => tf.less(v, 100),
          (v: tf.Tensor) => tf.while_loop((k: tf.Tensor) => tf.less(k, 3), (k: tf.Tensor) => k.add(1), [v]).mul(x),
          [tf.constant(1, { dtype: tf.float32 })]);
      }
      /** The rect of the op box `name` in static SVG. */
      function opBox(svg: string, name: string): { x: number; y: number; w: number; h: number } {
        const m = new RegExp(`data-op='${name}'[^>]*><rect x='([\\d.]+)' y='([\\d.]+)' width='([\\d.]+)' height='([\\d.]+)'`).exec(svg);
        assert.ok(m, `a box for ${name}`);
        return { x: Number(m[1]), y: Number(m[2]), w: Number(m[3]), h: Number(m[4]) };
      }

      it('marks each loop\'s name scope as its frame, folded at first, and not the scopes loop invariants enter in', () => {
        buildLoops();
        const m = buildGraphModel(tf.get_default_graph());
        const frames = m.scopes.filter((s) => s.fr !== undefined).map((s) => `${s.n} ${s.fr}`);
        assert.deepStrictEqual(frames, ['while while/while_context', 'while/while while/while/while_context']);
        assert.ok(m.ops.some((o) => o.n === 'while/mul/Enter'), 'x enters the frame in a sub-scope');
        const loop = m.scopes.findIndex((s) => s.n === 'while');
        assert.ok(m.ops.length < 40, 'small enough to unfold everything else');
        assert.ok(!m.expanded.includes(loop), 'the loop starts folded');
      });

      it('draws a loop as one box with its frame name, and unfolded, its body with the back edge NextIteration -> Merge', () => {
        buildLoops();
        const bundle = widgets.toMimeBundle(tf.get_default_graph());
        const h = html(bundle);
        assert.match(h, /<g class='sf-scope sf-closed sf-frame' data-scope='while' data-frame='while\/while_context'[^>]*><rect [^>]*stroke='#8250df'/, 'the folded loop box');
        assert.match(h, /class='sf-frame-name'>⟳ while frame while\/while_context</);
        const picture = h.slice(h.indexOf('<svg'), h.indexOf('</svg>'));
        assert.ok(!picture.includes("data-op='while/Merge'"), 'the body is inside the folded box');
        assert.ok(!picture.includes('sf-back-edge'), 'no back edge while folded');
        assert.match(plain(bundle), /while\/ {2}\(while loop, frame while\/while_context, \d+ ops\)/);
        assert.match(h, /<span class="sf-badge sf-frame">while frame while\/while_context<\/span>/);

        const m = buildGraphModel(tf.get_default_graph());
        m.expanded = m.scopes.map((s, i) => i);
        const svg = staticGraphSvg('g', m);
        assert.match(svg, /<g class='sf-scope sf-open sf-frame' data-scope='while' data-frame='while\/while_context'/);
        assert.match(svg, /class='sf-scope-title'>− while {2}⟳ while frame while\/while_context</);
        const backs = [...svg.matchAll(/<path d='([^']+)'[^>]*class='sf-edge sf-data sf-back-edge'/g)].map((b) => b[1]);
        assert.strictEqual(backs.length, 2, 'one back edge per loop');
        // Each is drawn from NextIteration to Merge: it starts on a NextIteration box and ends on the Merge box.
        const inside = (p: number[], b: { x: number; y: number; w: number; h: number }) =>
          p[0] >= b.x - 1 && p[0] <= b.x + b.w + 1 && p[1] >= b.y - 1 && p[1] <= b.y + b.h + 1;
        for (const d of backs) {
          const pts = [...d.matchAll(/[ML]([\d.-]+) ([\d.-]+)/g)].map((p) => [Number(p[1]), Number(p[2])]);
          const ends = ['while', 'while/while'].filter((f) => inside(pts[0], opBox(svg, `${f}/NextIteration`)) && inside(pts[pts.length - 1], opBox(svg, `${f}/Merge`)));
          assert.strictEqual(ends.length, 1, `back edge ${d} runs NextIteration -> Merge of one loop`);
        }
        assert.match(svg, /<title>back edge NextIteration → Merge: the next iteration&#39;s tensor \(\)<\/title>/);
      });

      it('shows notebook 13\'s LSTM graph with the rnn/while loop and its gradient loop as folded frames', () => {
        const inputs = tf.placeholder(tf.float32, [null, 6, 1], 'inputs');
        const cell = new tf.nn.rnn_cell.BasicLSTMCell(16);
        const [, state] = tf.nn.dynamic_rnn(cell, inputs, { dtype: tf.float32 });
        const loss = tf.reduce_mean(tf.square((state as tf.nn.rnn_cell.LSTMStateTuple).h));
        new tf.train.AdamOptimizer(0.02).minimize(loss);
        const m = buildGraphModel(tf.get_default_graph());
        assert.deepStrictEqual(m.scopes.filter((s) => s.fr !== undefined).map((s) => `${s.n} ${s.fr}`).sort(),
          ['gradients/rnn/while gradients/rnn/while/while_context', 'rnn/while rnn/while/while_context']);
        const rnn = m.scopes.findIndex((s) => s.n === 'rnn');
        const loop = m.scopes.findIndex((s) => s.n === 'rnn/while');
        m.expanded = [rnn];
        const svg = staticGraphSvg('g', m);
        assert.match(svg, /data-scope='rnn\/while' data-frame='rnn\/while\/while_context'/);
        m.expanded = [rnn, loop];
        const open = staticGraphSvg('g', m);
        assert.match(open, /<g class='sf-scope sf-open sf-frame' data-scope='rnn\/while'/);
        assert.match(open, /sf-back-edge/, 'the unfolded loop shows its back edges, laid out without failing on the cycle');
      });
    });

    it('shows one scope of a graph', () => {
      buildNet();
      const t = plain(widgets.graph({ scope: 'layer1/out->put' }).bundle());
      assert.match(t, /^<scope 'layer1\/out->put\/' of a tf.Graph: 2 ops/);
    });
  });

  describe('checkpoint view', () => {
    let dir: string;
    before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scopeflow-widgets-')); });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    function writeCheckpoint(prefix: string, tensors: Record<string, NDArray>): void {
      const w = new BundleWriter(prefix);
      for (const [k, v] of Object.entries(tensors)) w.add(k, v);
      w.finish();
    }

    it('lists a TensorFlow-written checkpoint with dtype, shape, size and its values on click', () => {
      const reader = new (require('../../lib/train/checkpoint_reader') as typeof import('../../lib/train/checkpoint_reader')).CheckpointReader(path.join(fixtures, 'udacity-intro', 'model.ckpt'));
      const b = widgets.toMimeBundle(reader);
      assert.match(plain(b), /bias_0 {2}float32 \[3\]/);
      assert.match(plain(b), /weights_0 {2}float32 \[2, 3\]/);
      const h = html(b);
      assertScriptsIntact(h);
      assert.match(h, /<span class="sf-clickable sf-ckpt-name" data-idx="0">bias_0<\/span><\/td><td>float32<\/td><td>\[3\]<\/td><td>3<\/td>/);
      assert.match(h, /class="sf-panel sf-ckpt-panel" data-idx="1"/);
      assert.ok(h.includes('-0.505389') || h.includes('-0.5054'), 'bias values embedded');
    });

    it('escapes tensor names and diffs against a live session', () => {
      const prefix = path.join(dir, 'odd', 'model.ckpt');
      fs.mkdirSync(path.dirname(prefix), { recursive: true });
      writeCheckpoint(prefix, {
        'net/w': NDArray.from([[1, 2], [3, 4]], tf.float32),
        'net/b': NDArray.from([0.5, 0.5], tf.float32),
        '<img src=x onerror="alert(1)">': NDArray.from([1], tf.float32),
      });
      const reader = new (require('../../lib/train/checkpoint_reader') as typeof import('../../lib/train/checkpoint_reader')).CheckpointReader(prefix);
      tf.variable_scope('net', () => {
        tf.get_variable('w', [2, 2], { initializer: tf.constant_initializer(1) });
        tf.get_variable('b', [2], { initializer: tf.constant_initializer(0.5) });
        tf.get_variable('extra', [1], { initializer: tf.zeros_initializer() });
      });
      const sess = tf.Session();
      try {
        sess.run(tf.global_variables_initializer());
        const b = widgets.checkpoint(reader, { session: sess }).bundle();
        const h = html(b), t = plain(b);
        assert.ok(!h.includes('<img'), 'names are escaped');
        assert.ok(h.includes('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'));
        assertScriptsIntact(h);
        assert.match(t, /net\/w {2}float32 \[2, 2\] {2}differs \(max \|Δ\| 3, mean \|Δ\| 1\.5\)/);
        assert.match(t, /net\/b {2}float32 \[2\] {2}same/);
        assert.match(t, /net\/extra {2}only in session/);
        assert.match(t, /<img src=x onerror="alert\(1\)"> {2}float32 \[1\] {2}only in checkpoint/);
        const rows = widgets.diffCheckpoint(reader, sess);
        assert.deepStrictEqual(rows.map((r) => r.status).sort(), ['differs', 'only in checkpoint', 'only in session', 'same']);
        // A tensor that differs shows the checkpoint's values and the session's side by side.
        const panelOf = (name: string) => {
          const start = h.indexOf(`<code>${name}</code>`, h.indexOf('sf-ckpt-panel'));
          const end = h.indexOf('sf-ckpt-panel', start);
          return h.slice(start, end < 0 ? h.indexOf('<script>', start) : end);
        };
        assert.match(panelOf('net/w'), /data-side="checkpoint"><div class="sf-title">in this checkpoint<\/div>[\s\S]*<td>1<\/td><td>2<\/td>[\s\S]*data-side="other"><div class="sf-title">in the session<\/div>[\s\S]*<td>1<\/td><td>1<\/td>/);
        assert.ok(!panelOf('net/b').includes('data-side='), 'a tensor that is the same shows once');
      } finally {
        sess.close();
      }
    });

    it('diffs two checkpoints: changed tensors by how much, tensors only one of them holds', () => {
      const step10 = path.join(dir, 'train', 'model.ckpt-10');
      const step20 = path.join(dir, 'train', 'model.ckpt-20');
      fs.mkdirSync(path.dirname(step10), { recursive: true });
      writeCheckpoint(step10, {
        'linear/w': NDArray.from([[1, 2]], tf.float32), 'linear/b': NDArray.from([0.5], tf.float32),
        global_step: NDArray.from(10, tf.int64), 'old<only>': NDArray.from([1], tf.float32), 'linear/k': NDArray.from([1, 2], tf.float32),
      });
      writeCheckpoint(step20, {
        'linear/w': NDArray.from([[1.5, 1]], tf.float32), 'linear/b': NDArray.from([0.5], tf.float32),
        global_step: NDArray.from(20, tf.int64), 'linear/w/Adam': NDArray.from([[0.1, 0.2]], tf.float32), 'linear/k': NDArray.from([1, 2, 3], tf.float32),
      });
      const b = widgets.checkpoint(step20, { against: step10 }).bundle();
      const t = plain(b), h = html(b);
      assert.match(t, /linear\/w {2}float32 \[1, 2\] {2}differs \(max \|Δ\| 1, mean \|Δ\| 0\.75\)/);
      assert.match(t, /linear\/b {2}float32 \[1\] {2}same/);
      assert.match(t, /global_step {2}int64 \[\] {2}differs \(max \|Δ\| 10/);
      assert.match(t, /linear\/w\/Adam {2}float32 \[1, 2\] {2}only in this checkpoint/);
      assert.match(t, /linear\/k {2}float32 \[3\] {2}shape mismatch \(this \[3\], other \[2\]\)/);
      assert.match(t, /old<only> {2}only in the other checkpoint/);
      assert.match(t, /diff against model\.ckpt-10: /);
      assert.match(h, /<th>vs model\.ckpt-10<\/th>/);
      assert.match(h, /<span class="sf-badge sf-reuse">diff against model\.ckpt-10<\/span>/);
      assert.ok(h.includes('old&lt;only&gt;') && !h.includes('old<only>'), 'names escaped');
      assertScriptsIntact(h);
      const rows = widgets.diffCheckpoints(
        widgets.checkpointReader(step20), widgets.checkpointReader(step10));
      assert.deepStrictEqual(rows.map((r) => `${r.name}:${r.status}`), [
        'global_step:differs', 'linear/b:same', 'linear/k:shape mismatch', 'linear/w:differs', 'linear/w/Adam:only in this checkpoint', 'old<only>:only in the other checkpoint',
      ]);
      assert.throws(() => widgets.checkpoint(step20, { against: step10, session: tf.Session() }).bundle(), /not both/);
    });
  });
});
