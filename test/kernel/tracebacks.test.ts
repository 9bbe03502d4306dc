import * as assert from 'assert';
import { useKernel, RequestResult, outputsOf } from './client_driver';

/** What a student sees of an error: the error message's traceback, as the front end prints it. */
function tracebackOf(result: RequestResult): string {
  const error = outputsOf(result, 'error')[0];
  assert.ok(error, `no error message: ${JSON.stringify(result.reply.content).slice(0, 400)}`);
  return (error.content.traceback as string[]).join('\n');
}

/** Engine internals a student must not see: compiled file paths and the engine's own source text. */
function assertNoEngineInternals(traceback: string): void {
  assert.doesNotMatch(traceback, /dist[\\/](lib|widgets|kernel)[\\/]/, traceback);
  assert.doesNotMatch(traceback, /throw new|errors_1\.|scopeflow-cell-|\^\s*$/m, traceback);
}

describe('kernel tracebacks through jupyter_client', function () {
  this.timeout(60000);
  const kernel = useKernel();

  it('shows the student\'s frames as cell[n], line k, with functions from earlier cells, and folds the engine into one line', async () => {
    const defined = await kernel.client.execute('function layer(x: tf.Tensor): tf.Tensor {\n  const w = tf.zeros([3, 4]);\n  return tf.matmul(x, w);\n}');
    const definedIn = defined.reply.content.execution_count;
    const result = await kernel.client.execute('const input = tf.zeros([2, 5]);\nlayer(input);');
    const ranIn = result.reply.content.execution_count;
    assert.strictEqual(result.reply.content.ename, 'ValueError');
    const traceback = tracebackOf(result);
    assert.match(traceback, /^ValueError: Dimensions must be equal, but are 5 and 3/, traceback);
    const lines = traceback.split('\n');
    const engine = lines.findIndex((l) => l.trim() === 'in scopeflow: tf.matmul');
    const inLayer = lines.findIndex((l) => l.trim() === `at layer (cell[${definedIn}], line 3)`);
    const inCell = lines.findIndex((l) => l.trim() === `at cell[${ranIn}], line 2`);
    assert.ok(engine > 0 && inLayer > engine && inCell > inLayer, traceback);
    assert.strictEqual(lines[inLayer + 1].trim(), 'return tf.matmul(x, w);');
    assert.strictEqual(lines[inCell + 1].trim(), 'layer(input);');
    assert.strictEqual(lines.filter((l) => l.trim().startsWith('in scopeflow')).length, 1, traceback);
    assertNoEngineInternals(traceback);
  });

  it('numbers callbacks by their cell and names the engine function that called them', async () => {
    const result = await kernel.client.execute("tf.variable_scope('outer', () => {\n  return tf.matmul(tf.zeros([2, 2]), tf.zeros([3, 3]));\n});");
    const count = result.reply.content.execution_count;
    const traceback = tracebackOf(result);
    assert.match(traceback, new RegExp(`at cell\\[${count}\\], line 2\\n\\s+return tf\\.matmul`), traceback);
    assert.match(traceback, new RegExp(`in scopeflow: tf\\.variable_scope\\n\\s+at cell\\[${count}\\], line 1`), traceback);
    assertNoEngineInternals(traceback);
  });

  it('keeps TF\'s "defined at" note and every frame with SCOPEFLOW_TRACEBACK=full', async () => {
    const result = await kernel.client.execute("process.env.SCOPEFLOW_TRACEBACK = 'full';\nconst sess = new tf.Session();\nsess.run(tf.Variable(1.0, {name: 'never_initialized'}));");
    const count = result.reply.content.execution_count;
    const traceback = tracebackOf(result);
    assert.match(traceback, new RegExp(`node never_initialized/read \\(defined at cell \\[${count}\\], line 3\\)`), traceback);
    assert.match(traceback, /dist[\\/]lib[\\/]runtime[\\/]session\.js/, traceback);
    assert.match(traceback, new RegExp(`at cell\\[${count}\\], line 3`), traceback);
    await kernel.client.execute("delete process.env.SCOPEFLOW_TRACEBACK; sess.close();");
    const folded = tracebackOf(await kernel.client.execute("tf.constant(1).eval()"));
    assert.match(folded, /in scopeflow: Tensor\.eval/, folded);
    assertNoEngineInternals(folded);
  });

  it('says how to give eval() a session in TypeScript, not Python', async () => {
    const result = await kernel.client.execute('tf.constant(2).eval()');
    const evalue = String(result.reply.content.evalue);
    assert.match(evalue, /No default session is registered/);
    assert.match(evalue, /sess\.as_default\(\(\) => \.\.\.\)/, evalue);
    assert.doesNotMatch(evalue, /with sess|session=sess/, evalue);
  });

  it('keeps the kernel alive and prints no library source when a callback throws after the wasm kernels loaded', async () => {
    const loaded = await kernel.client.execute([
      'const big = tf.ones([128, 128]);',
      'tf.Session((s) => s.run(tf.matmul(big, big)));',
      "setTimeout(() => { throw new Error('thrown later by a timer') }, 0);",
      "setTimeout(() => { Promise.reject(new Error('rejected later')) }, 0);",
      'await new Promise((r) => setTimeout(r, 200));',
    ].join('\n'));
    assert.strictEqual(loaded.reply.content.status, 'ok', JSON.stringify(loaded.reply.content).slice(0, 400));
    const after = await kernel.client.execute('"alive"');
    assert.strictEqual(after.reply.content.status, 'ok');
    // Each stray throw is an error output of the cell, which goes on.
    const errors = outputsOf(loaded, 'error').map((m) => `${m.content.ename}: ${m.content.evalue}\n${(m.content.traceback as string[]).join('\n')}`);
    assert.deepStrictEqual(errors.map((e) => e.split('\n')[0]), ['Error: thrown later by a timer', 'Error: rejected later']);
    const shown = errors.join('\n');
    assert.ok(shown.length < 4000, `${shown.length} characters of errors: ${shown.slice(0, 400)}`);
    assert.doesNotMatch(shown, /WasmBackendModule|function\(/, shown.slice(0, 400));
  });

  it('names the preloaded modules as a cell knows them in compiler errors', async () => {
    const result = await kernel.client.execute('tf.no_such_op(1)');
    const evalue = String(result.reply.content.evalue);
    assert.match(evalue, /Property 'no_such_op' does not exist on type 'typeof tf'/, evalue);
    assert.doesNotMatch(tracebackOf(result), /import\(/);
  });

  it('hints at the TypeScript form of Python keyword arguments, with blocks, tuples and None', async () => {
    const cases: { code: string; hint: RegExp }[] = [
      { code: "tf.get_variable('wk', [2], name='wk', trainable=False)", hint: /write `\{name: 'wk', trainable: false\}` instead of `name='wk', trainable=False`/ },
      { code: "with tf.variable_scope('foo'):\n  const v = tf.get_variable('v', [1])", hint: /callback in TypeScript: write `tf\.variable_scope\('foo', \(\) => \{ \.\.\. \}\)`/ },
      { code: 'with tf.Session() as sess:\n  sess.run(tf.constant(1))', hint: /write `tf\.Session\(\(sess\) => \{ \.\.\. \}\)`/ },
      { code: 'tf.zeros((2, 3))', hint: /write `\[2, 3\]` instead of the Python tuple `\(2, 3\)`/ },
      { code: 'tf.placeholder(tf.float32, [None, 3])', hint: /Python's `None` is `null`/ },
    ];
    for (const c of cases) {
      const result = await kernel.client.execute(c.code);
      assert.strictEqual(result.reply.content.ename, 'TSError', c.code);
      const traceback = tracebackOf(result);
      assert.match(traceback, c.hint, traceback);
      assert.match(traceback, new RegExp(`^cell\\[${result.reply.content.execution_count}\\], line 1, column \\d+: error TS\\d+`, 'm'), traceback);
    }
  });
});
