import * as assert from 'assert';
import { useKernel, RequestResult, resultText } from './client_driver';

/** Re-running cells through jupyter_client with the `cellId` metadata JupyterLab and Notebook 7 send. */
describe('kernel: re-running cells', function () {
  this.timeout(60000);
  const kernel = useKernel();

  const inCell = (cellId: string, code: string): Promise<RequestResult> => kernel.client.execute(code, { metadata: { cellId } });
  const errorOf = (r: RequestResult) => ({ status: r.reply.content.status, ename: r.reply.content.ename, evalue: String(r.reply.content.evalue ?? '') });

  it('re-runs a model cell three times without "already exists" and with the same names', async () => {
    const model = "const w = tf.variable_scope('layer', () => tf.get_variable('w', [2], {initializer: tf.ones_initializer()})); w.name";
    for (let i = 0; i < 3; i++) {
      const r = await inCell('model', model);
      assert.strictEqual(r.reply.content.status, 'ok', JSON.stringify(errorOf(r)));
      assert.strictEqual(resultText(r), "'layer/w:0'");
    }
    const names = await inCell('list', 'tf.global_variables().map((v) => v.name).join(",")');
    assert.strictEqual(resultText(names), "'layer/w:0'");
  });

  it('keeps variable values across a re-run of the defining cell', async () => {
    await inCell('sess', 'const sess = new tf.Session(); sess.run(tf.global_variables_initializer()); sess.run(w.assign([7, 8]));');
    await inCell('model', "const w = tf.variable_scope('layer', () => tf.get_variable('w', [2], {initializer: tf.ones_initializer()}));");
    const r = await inCell('read', 'String(sess.run(w).toArray())');
    assert.strictEqual(resultText(r), "'7,8'", JSON.stringify(errorOf(r)));
  });

  it('refuses a stale consumer built by another cell, naming the cell to re-run', async () => {
    const use = await inCell('use', 'const y = w.mul(2);');
    assert.strictEqual(use.reply.content.status, 'ok');
    const useCount = use.reply.content.execution_count;
    await inCell('model', "const w = tf.variable_scope('layer', () => tf.get_variable('w', [2], {initializer: tf.ones_initializer()}));");
    const r = await inCell('run-stale', 'sess.run(y)');
    const e = errorOf(r);
    assert.strictEqual(e.ename, 'FailedPreconditionError');
    assert.match(e.evalue, new RegExp(`it is stale; re-run cell \\[${useCount}\\]`));
  });

  it('still raises TF\'s clash error between two cells, saying where the variable was defined', async () => {
    const first = await inCell('a', "tf.get_variable('clash', [1]);");
    const r = await inCell('b', "tf.get_variable('clash', [1]);");
    const e = errorOf(r);
    assert.strictEqual(e.ename, 'ValueError');
    assert.match(e.evalue, new RegExp(`Variable clash already exists, disallowed\\..*Originally defined at:\\n\\ncell \\[${first.reply.content.execution_count}\\], line 1`, 's'));
  });

  it('names the line of the running cell when the variable was built by a function from another cell', async () => {
    await inCell('fdef', "function makeVar() {\n  return tf.get_variable('from_fn', [1]);\n}");
    const call = await inCell('call1', 'const unrelated = 1;\nmakeVar();');
    const r = await inCell('call2', 'makeVar();');
    assert.match(errorOf(r).evalue, new RegExp(`Originally defined at:\\n\\ncell \\[${call.reply.content.execution_count}\\], line 2$`));
  });
});
