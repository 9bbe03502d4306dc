import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Cell, executeNotebooks, ExecutedNotebooks, Notebook, NOTEBOOKS_DIR, notebookNames, text } from './run_notebooks';

/** The tutorial, in teaching order, as issue 6 lists it. */
const EXPECTED = [
  '01-variables.ipynb', '02-initialization.ipynb', '03-saving-and-restoring.ipynb', '04-ranks-shapes-and-types.ipynb',
  '05-sharing-variables.ipynb', '06-variable-scopes.ipynb', '07-name-scopes-vs-variable-scopes.ipynb', '08-devices-and-acceleration.ipynb',
];

function isErrorCell(c: Cell): boolean {
  return (c.metadata.tags ?? []).includes('raises-exception');
}

describe('tutorial notebooks', function () {
  this.timeout(240000);

  it('are the eight parts of the guide, with the scopeflow kernelspec and no stored outputs', () => {
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
    before(async () => { result = await executeNotebooks(); });

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

    it('shows widgets: graph views, value views with plots, and (03) the checkpoint view', () => {
      const all = (n: string) => (result.executed.get(n)?.cells ?? []).flatMap((c) => c.outputs ?? []);
      const htmlOf = (n: string) => all(n).map((o) => String(o.data?.['text/html'] ?? '')).join('\n');
      for (const n of ['01-variables.ipynb', '07-name-scopes-vs-variable-scopes.ipynb']) assert.match(htmlOf(n), /class="sf-widget sf-graph"/, n);
      assert.match(htmlOf('01-variables.ipynb'), /class="sf-widget sf-value"/);
      assert.ok(all('01-variables.ipynb').some((o) => o.data?.['application/vnd.plotly.v1+json']), 'a plotly figure in 01');
      assert.match(htmlOf('03-saving-and-restoring.ipynb'), /class="sf-widget sf-checkpoint"/);
      // plotly.js is inlined once per kernel session: once per notebook.
      for (const n of EXPECTED) assert.ok((htmlOf(n).match(/data-scopeflow-asset="plotly"/g) ?? []).length <= 1, `${n}: plotly.js inlined at most once`);
    });
  });
});
