import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Cell, EXECUTION_TIMEOUT_MS, executeNotebooks, ExecutedNotebooks, Notebook, NOTEBOOKS_DIR, notebookNames, text } from './run_notebooks';

/** The tutorial, in teaching order (issue 6's nine parts, then the high-level modules). */
const EXPECTED = [
  '01-variables.ipynb', '02-initialization.ipynb', '03-saving-and-restoring.ipynb', '04-ranks-shapes-and-types.ipynb',
  '05-sharing-variables.ipynb', '06-variable-scopes.ipynb', '07-name-scopes-vs-variable-scopes.ipynb', '08-devices-and-acceleration.ipynb',
  '09-training.ipynb', '10-layers-and-the-board.ipynb', '11-input-pipelines.ipynb',
  '12-estimators.ipynb', '13-loops-and-recurrent-networks.ipynb',
];

function isErrorCell(c: Cell): boolean {
  return (c.metadata.tags ?? []).includes('raises-exception');
}

describe('tutorial notebooks', function () {
  this.timeout(240000);

  it('are the parts of the guide, with the scopeflow kernelspec and no stored outputs', () => {
    assert.deepStrictEqual(notebookNames(), EXPECTED);
    for (const name of EXPECTED) {
      const nb = JSON.parse(fs.readFileSync(path.join(NOTEBOOKS_DIR, name), 'utf8')) as Notebook;
      assert.deepStrictEqual(nb.metadata.kernelspec, { name: 'scopeflow', display_name: 'TypeScript (scopeflow)', language: 'typescript' }, name);
      assert.ok(nb.cells.some((c) => c.cell_type === 'markdown'), `${name} has prose`);
      for (const c of nb.cells) {
        if (c.cell_type === 'code') assert.deepStrictEqual(c.outputs, [], `${name}: committed without outputs`);
        assert.ok(!/\/work\/|\/home\/|\/root\//.test(text(c.source)), `${name}: no machine paths`);
      }
    }
  });

  describe('executed with nbconvert', () => {
    let result: ExecutedNotebooks;
    before(async function () {
      this.timeout(EXECUTION_TIMEOUT_MS);
      result = await executeNotebooks();
    });

    for (const name of EXPECTED) {
      it(`${name} runs; errors only where a cell is tagged raises-exception, and there they happen`, () => {
        const nb = result.executed.get(name);
        assert.ok(nb, `${name} was executed`);
        nb.cells.forEach((c, i) => {
          if (c.cell_type !== 'code') return;
          const outputs = c.outputs ?? [];
          const errors = outputs.filter((o) => o.output_type === 'error');
          const stderr = outputs.filter((o) => o.output_type === 'stream' && o.name === 'stderr').map((o) => text(o.text)).join('');
          const where = `${name} cell ${i}:\n${text(c.source)}`;
          if (isErrorCell(c)) {
            assert.strictEqual(errors.length, 1, `${where}\nis tagged raises-exception but raised nothing`);
            assert.notStrictEqual(errors[0].ename, 'TSError', `${where}\nshould fail at run time, not in the compiler: ${errors[0].evalue}`);
          } else {
            assert.deepStrictEqual(errors.map((e) => `${e.ename}: ${e.evalue}`), [], where);
            assert.strictEqual(stderr, '', `${where}\nwrote to stderr`);
          }
        });
      });
    }

    /** Every error output of a notebook, in order, as `ename: evalue`. */
    function errorsOf(name: string): string[] {
      return (result.executed.get(name)?.cells ?? []).flatMap((c) => c.outputs ?? []).filter((o) => o.output_type === 'error').map((o) => `${o.ename}: ${o.evalue}`);
    }

    it('05 and 06: a clash names the defining cell and line, as the prose says', () => {
      for (const name of ['05-sharing-variables.ipynb', '06-variable-scopes.ipynb']) {
        const clash = errorsOf(name).filter((e) => /already exists, disallowed/.test(e));
        assert.ok(clash.length >= 1, `${name}: a clash error`);
        for (const e of clash) assert.match(e, /Originally defined at:\n\ncell \[\d+\], line \d+$/, name);
      }
    });

    it('06: re-running a cell replaces what it built, keeps values, and refuses stale consumers', () => {
      const nb = result.executed.get('06-variable-scopes.ipynb')!;
      const out = (i: number) => (nb.cells[i].outputs ?? []).map((o) => text(o.text) || `${o.ename ?? ''}: ${o.evalue ?? ''}`).join('');
      const index = (src: string, from = 0) => nb.cells.findIndex((c, i) => i >= from && text(c.source) === src);
      const model = nb.cells.findIndex((c) => text(c.source).startsWith("const dense_w = tf.variable_scope('dense'"));
      const rerun = index(text(nb.cells[model].source), model + 1);
      assert.ok(rerun > model, 'the re-run copies the defining cell exactly');
      assert.strictEqual(out(rerun), 'dense/w:0\n', 'the re-run reuses the name, with no "already exists"');
      assert.strictEqual(out(rerun + 1), '[[5. 6.]\n [7. 8.]]\n', 'the value survives the re-run');
      const count = (i: number) => nb.cells[i].execution_count;
      const stale = errorsOf('06-variable-scopes.ipynb').find((e) => /stale/.test(e));
      const consumer = index("const doubled = tf.multiply(dense_w, 2, {name: 'doubled'});");
      assert.strictEqual(stale, `FailedPreconditionError: Operation 'doubled' (built by cell [${count(consumer)}]) uses 'dense/w/read', which was replaced when cell [${count(rerun)}] re-ran: it is stale; re-run cell [${count(consumer)}] to use the new 'dense/w/read'.`);
      const graphText = nb.cells.flatMap((c) => c.outputs ?? []).map((o) => text(o.data?.['text/plain'] as string | string[] | undefined)).find((t) => /stale ops/.test(t));
      assert.match(graphText ?? '', new RegExp(`doubled {2}Mul .*cell \\[${count(consumer)}\\], line 1 {2}\\(stale: uses dense/w/read replaced when cell \\[${count(rerun)}\\] re-ran; re-run cell \\[${count(consumer)}\\]\\)`));
      const clash = errorsOf('06-variable-scopes.ipynb').filter((e) => /dense\/w already exists/.test(e));
      assert.deepStrictEqual(clash.map((e) => e.split('\n').pop()), [`cell [${count(rerun)}], line 1`], 'the clash from another cell names the re-run defining cell');
    });

    it('shows widgets: graph views, value views with plots, and (03) the checkpoint view', () => {
      const all = (n: string) => (result.executed.get(n)?.cells ?? []).flatMap((c) => c.outputs ?? []);
      const htmlOf = (n: string) => all(n).map((o) => String(o.data?.['text/html'] ?? '')).join('\n');
      for (const n of ['01-variables.ipynb', '07-name-scopes-vs-variable-scopes.ipynb']) assert.match(htmlOf(n), /class="sf-widget sf-graph"/, n);
      assert.match(htmlOf('01-variables.ipynb'), /class="sf-widget sf-value"/);
      assert.ok(all('01-variables.ipynb').some((o) => o.data?.['application/vnd.plotly.v1+json']), 'a plotly figure in 01');
      assert.match(htmlOf('03-saving-and-restoring.ipynb'), /class="sf-widget sf-checkpoint"/);
      assert.match(htmlOf('09-training.ipynb'), /<span class="sf-badge sf-reuse">diff against model\.ckpt-20<\/span>/, '09 diffs two checkpoints');
      assert.ok(all('09-training.ipynb').some((o) => o.data?.['application/vnd.plotly.v1+json']), 'a plotly figure (the loss) in 09');
      // Each plot carries a static SVG picture besides its plotly figure.
      assert.ok(all('09-training.ipynb').some((o) => o.data?.['application/vnd.plotly.v1+json'] && /^<svg /.test(String(o.data?.['image/svg+xml']))), 'the loss plot has an SVG fallback');
    });

    it('08 names the CPU backend in use and measures it; 09 trains the Deep-MNIST-sized CNN, its loss falling', () => {
      const stdout = (n: string) => (result.executed.get(n)?.cells ?? []).flatMap((c) => c.outputs ?? []).filter((o) => o.output_type === 'stream').map((o) => text(o.text)).join('');
      const devices = stdout('08-devices-and-acceleration.ipynb');
      assert.match(devices, /CPU backend in use: (native|wasm|reference) - \S/);
      assert.match(devices, /matmul 1024×1024 +[\d.]+ ms +[\d.]+ GFLOP\/s/);
      assert.match(devices, /conv2d forward \[64,14,14,32\]⊛\[5,5,32,64\] +[\d.]+ ms +[\d.]+ GFLOP\/s/);
      const training = stdout('09-training.ipynb');
      const [, backend] = /\d+ steps in [\d.]+ s \(\d+ ms a step\) on the (native|wasm|reference) backend/.exec(training) ?? [];
      assert.ok(backend, `09 says how long training took:\n${training}`);
      const [, first, last] = /loss at the first and last step: ([\d.]+) ([\d.]+)/.exec(training) ?? [];
      // Without the native backend the notebook trains only a few steps (the others take seconds a step).
      if (backend === 'native') assert.ok(Number(last) < Number(first) / 2, `the CNN's loss falls: ${first} → ${last}`);
      else assert.ok(Number.isFinite(Number(last)), `a finite loss: ${last}`);
    });

    it('10 trains a tf.layers CNN with the board updated in place; 11 walks datasets to OutOfRangeError; 12 trains, resumes, evaluates, and trains a canned DNNClassifier', () => {
      const outputs = (n: string) => (result.executed.get(n)?.cells ?? []).flatMap((c) => c.outputs ?? []);
      const stdout = (n: string) => outputs(n).filter((o) => o.output_type === 'stream').map((o) => text(o.text)).join('');
      assert.match(stdout('10-layers-and-the-board.ipynb'), /dense_1\/kernel:0 \(16, 2\)/);
      const [, first, last] = /loss at step 0 = ([\d.]+) → step 59 = ([\d.]+)/.exec(stdout('10-layers-and-the-board.ipynb')) ?? [];
      assert.ok(Number(last) < Number(first) / 2, `the loss falls: ${first} → ${last}`);
      const boards = outputs('10-layers-and-the-board.ipynb').filter((o) => /class="sf-widget sf-board"/.test(String(o.data?.['text/html'] ?? '')));
      assert.strictEqual(boards.length, 1, 'one board output, updated in place');
      assert.match(String(boards[0].data?.['text/plain']), /loss: 60 points/, 'the displayed board shows the whole run');
      assert.match(stdout('11-input-pipelines.ipynb'), /TensorSliceDataset → MapDataset → BatchDatasetV2 → OneShotIterator → IteratorGetNext/);
      assert.match(stdout('11-input-pipelines.ipynb'), /OutOfRangeError: End of sequence/);
      assert.match(stdout('11-input-pipelines.ipynb'), /limit 4: 0 7 14 21/);
      assert.match(stdout('12-estimators.ipynb'), /INFO:tensorflow:Saving checkpoints for 100 into <model_dir>\/model\.ckpt\./);
      assert.match(stdout('12-estimators.ipynb'), /latest checkpoint: model\.ckpt-150/);
      assert.match(stdout('12-estimators.ipynb'), /global_step 150 · mae 0\.0\d{3}/);
      const [, accuracy] = /DNNClassifier accuracy ([\d.]+) · global_step 300/.exec(stdout('12-estimators.ipynb')) ?? [];
      assert.ok(Number(accuracy) > 0.9, `the canned DNNClassifier learns the line: accuracy ${accuracy}`);
      assert.match(stdout('12-estimators.ipynb'), /variables: dnn\/hiddenlayer_0\/bias, dnn\/hiddenlayer_0\/kernel, dnn\/hiddenlayer_1\/bias, dnn\/hiddenlayer_1\/kernel, dnn\/logits\/bias, dnn\/logits\/kernel, global_step/);
      assert.match(stdout('12-estimators.ipynb'), /class_ids \[0\] probabilities[^\n]*\nclass_ids \[1\] probabilities/);
    });

    it('stay small: no library in any output, every executed notebook within 1 MB (the aim: 300 KB)', () => {
      const report = EXPECTED.map((n) => `${n} ${Math.round((result.sizes.get(n) ?? 0) / 1024)} KB`).join(', ');
      for (const n of EXPECTED) {
        const nb = JSON.stringify(result.executed.get(n));
        assert.ok(!nb.includes('data-scopeflow-asset'), `${n}: no library inlined`);
        assert.ok((result.sizes.get(n) ?? Infinity) <= 1024 * 1024, `${n} is over 1 MB: ${report}`);
      }
    });
  });
});
