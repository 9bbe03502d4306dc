/** The inline board: runs under a logdir, scalars with smoothing, histograms, images, text, graph, live refresh. */
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '../../lib';
import * as widgets from '../../widgets';
import { findRuns, smooth } from '../../widgets/board';
import { cleanup, repoRoot, tmpDir } from '../lib/train/helpers';

function writeRun(dir: string, scale: number): void {
  tf.reset_default_graph();
  const x = tf.placeholder(tf.float32, [null], 'x');
  tf.summary.scalar('loss', tf.reduce_mean(x));
  tf.summary.histogram('weights', x);
  tf.summary.image('picture', tf.reshape(x, [1, 2, 2, 1]), { max_outputs: 1 });
  tf.summary.text('note', tf.constant('hello <b>'));
  const merged = tf.summary.merge_all()!;
  const sess = new tf.Session();
  const w = new tf.summary.FileWriter(dir, sess.graph);
  for (let step = 0; step < 5; step++) w.add_summary(sess.run(merged, new Map([[x, [1, 2, 3, 4].map((v) => v * scale / (step + 1))]])) as tf.NDArray, step);
  w.close();
}

describe('widgets.board', () => {
  after(cleanup);

  it('smooths as TensorBoard (debiased moving average)', () => {
    assert.deepEqual(smooth([1, 1, 1], 0.6), [1, 1, 1]);
    const s = smooth([0, 10], 0.5);
    assert.equal(s[0], 0);
    assert.ok(Math.abs(s[1] - 10 * 0.5 / 0.75) < 1e-12);
    assert.deepEqual(smooth([3, 5], 0), [3, 5]);
  });

  it('overlays runs, with smoothed and raw scalar traces, histograms, images, text and the graph', () => {
    const logdir = tmpDir('board');
    writeRun(path.join(logdir, 'train'), 1);
    writeRun(path.join(logdir, 'eval'), 2);
    assert.deepEqual(findRuns(logdir), ['eval', 'train']);
    const bundle = widgets.board(logdir).bundle();
    const fig = bundle['application/vnd.plotly.v1+json'] as { data: { name: string; y: number[] }[] };
    assert.deepEqual(fig.data.map((t) => t.name), ['eval', 'eval (raw)', 'train', 'train (raw)']);
    fig.data[3].y.forEach((v, i) => assert.ok(Math.abs(v - [2.5, 1.25, 2.5 / 3, 0.625, 0.5][i]) < 1e-6, `${v}`));
    assert.match(String(bundle['image/svg+xml']), /^<svg /);
    const html = String(bundle['text/html']);
    assert.match(html, /class="sf-widget sf-board"/);
    assert.match(html, /weights \[train\] \(5 steps\)/);
    assert.match(html, /<img alt="picture\/image \[eval\]"[^>]*src="data:image\/png;base64,/);
    assert.match(html, /hello &lt;b&gt;/);
    assert.match(html, /class="sf-widget sf-graph"/);
    assert.match(String(bundle['text/plain']), /loss \[train\]: 5 points, step 4: 0\.5/);
  });

  it('shows a TensorFlow-written event file, and what comes before a damaged record', () => {
    const logdir = tmpDir('board');
    const src = path.join(repoRoot(), '..', 'shared', 'fixtures', 'tf-wild', 'jackyko_tf07_events_cifar', 'events.out.tfevents.1457633455.MacBook-Pro.local');
    const bytes = fs.readFileSync(src);
    fs.writeFileSync(path.join(logdir, path.basename(src)), bytes.subarray(0, bytes.length - 10));
    const bundle = widgets.board(logdir).bundle();
    assert.match(String(bundle['text/html']), /truncated record at \d+/);
    assert.match(String(bundle['text/plain']), /graph: 736 nodes/);
  });

  it('an empty logdir says so; a displayed FileWriter shows its board; refresh is throttled', () => {
    const logdir = tmpDir('board');
    assert.match(String(widgets.board(logdir).bundle()['text/plain']), /no event files yet/);
    const w = new tf.summary.FileWriter(logdir);
    w.add_summary({ value: [{ tag: 'acc', simple_value: 0.5 }] }, 1);
    const shown = widgets.toMimeBundle(w)!;
    assert.match(String(shown['text/plain']), /acc: 1 points, step 1: 0\.5/);
    w.close();
    const b = widgets.board(logdir, { throttle_ms: 60000 });
    const updates: unknown[] = [];
    const handle = { update: (v: unknown) => updates.push(v) };
    assert.equal(b.refresh(handle), true);
    assert.equal(b.refresh(handle), false);
    assert.equal(b.refresh(handle, { force: true }), true);
    assert.deepEqual(updates, [b, b]);
  });
});
