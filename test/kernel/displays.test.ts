import * as assert from 'assert';
import { useKernel, RequestResult, outputsOf, resultText, streamText } from './client_driver';

async function ok(kernel: { client: { execute(code: string): Promise<RequestResult> } }, code: string): Promise<RequestResult> {
  const result = await kernel.client.execute(code);
  assert.strictEqual(result.reply.content.status, 'ok', `${code}\n${JSON.stringify(result.reply.content).slice(0, 600)}`);
  return result;
}

describe('kernel displays through jupyter_client', function () {
  this.timeout(60000);
  const kernel = useKernel();

  it('never changes state by displaying a tensor: an assign_add shown twice leaves the variable as it was', async () => {
    await ok(kernel, "const counter = tf.Variable(1.0, {name: 'counter'});\nconst isess = tf.InteractiveSession();\nisess.run(counter.initializer);");
    await ok(kernel, "const bump = counter.assign_add(1);");
    for (let shown = 0; shown < 2; shown++) {
      const display = await ok(kernel, 'bump');
      const text = resultText(display) ?? '';
      assert.match(text, /Not evaluated: running it runs AssignAdd 'AssignAdd'/, text);
      assert.match(text, /sess\.run\(t\)|widgets\.value\(t\)/, text);
    }
    assert.strictEqual(resultText(await ok(kernel, 'isess.run(counter).item()')), '1');
    // A random draw is stateful too: shown, not drawn.
    assert.match(resultText(await ok(kernel, 'tf.random_uniform([2])')) ?? '', /Not evaluated: running it runs RandomUniform/);
    // Only reading a variable changes nothing: evaluated.
    assert.match(resultText(await ok(kernel, 'counter.read_value().mul(3)')) ?? '', /array\(3\., dtype=float32\)/);
    // widgets.value(t) runs it when asked: once.
    await ok(kernel, 'widgets.value(bump as tf.Tensor)');
    assert.strictEqual(resultText(await ok(kernel, 'isess.run(counter).item()')), '2');
    await ok(kernel, 'isess.close()');
  });

  it('sends a page the plotting and layout libraries through the comm target scopeflow.assets, never inside outputs', async () => {
    for (const [asset, global, least] of [['plotly', 'Plotly', 1_000_000], ['elk', 'ELK', 1_000_000], ['graph', '__scopeflowGraph', 10_000]] as const) {
      const open = await kernel.client.call<RequestResult>('request', { msg_type: 'comm_open', content: { comm_id: `assets-${asset}`, target_name: 'scopeflow.assets', data: { asset } }, expect_reply: false });
      const message = outputsOf(open, 'comm_msg')[0];
      assert.ok(message, `a comm_msg for ${asset}: ${JSON.stringify(open.iopub.map((m) => m.msg_type))}`);
      const data = message.content.data as { asset: string; source: string };
      assert.strictEqual(data.asset, asset);
      assert.ok(data.source.length > least && data.source.startsWith(`if(!window.${global})`), `${asset}: ${data.source.length} characters`);
      assert.strictEqual(outputsOf(open, 'comm_close').length, 1, 'closed after sending');
    }
    const unknown = await kernel.client.call<RequestResult>('request', { msg_type: 'comm_open', content: { comm_id: 'assets-x', target_name: 'scopeflow.assets', data: { asset: 'jquery' } }, expect_reply: false });
    assert.match(String((outputsOf(unknown, 'comm_msg')[0].content.data as { error: string }).error), /no such library: jquery \(known: plotly, elk, graph\)/);
    const plot = await ok(kernel, 'widgets.value([[1, 2], [3, 4]])');
    const data = outputsOf(plot, 'execute_result')[0].content.data as Record<string, string>;
    assert.ok(JSON.stringify(data).length < 40000, 'a small output');
    assert.match(data['image/svg+xml'], /^<svg /);
    assert.ok(data['application/vnd.plotly.v1+json']);
  });

  it('sends what a comm handler prints and displays under the comm message, not under the cell before it', async () => {
    await ok(kernel, [
      'comms.registerTarget("shows-and-prints", (comm) => comm.onMsg((data) => {',
      '  console.log("printed by the handler", data.n);',
      '  display.text(`shown by the handler ${data.n}`);',
      '}));',
    ].join('\n'));
    await kernel.client.call<RequestResult>('request', { msg_type: 'comm_open', content: { comm_id: 'shows-1', target_name: 'shows-and-prints', data: {} }, expect_reply: false });
    const cell = await ok(kernel, '"a cell in between"');
    const message = await kernel.client.call<RequestResult>('request', { msg_type: 'comm_msg', content: { comm_id: 'shows-1', data: { n: 3 } }, expect_reply: false });
    assert.strictEqual(streamText(message), 'printed by the handler 3\n');
    assert.deepStrictEqual(outputsOf(message, 'display_data').map((m) => (m.content.data as Record<string, unknown>)['text/plain']), ['shown by the handler 3']);
    assert.strictEqual(outputsOf(cell, 'display_data').length, 0);
  });

  it('refuses display() outside any request with an error that says when it is available', async () => {
    await ok(kernel, [
      '(globalThis as any).lateDisplay = new Promise((resolve) => setTimeout(() => {',
      '  try { display.text("too late"); resolve("shown"); } catch (e) { resolve(String(e)); }',
      '}, 50));',
    ].join('\n'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const late = await ok(kernel, 'await (globalThis as any).lateDisplay');
    assert.strictEqual(resultText(late), "'Error: display() is only available while the kernel runs a cell or a comm message handler'");
  });

  it('shows sessions, optimizers, scopes, shapes and dtypes as one-line TF-like reprs with their facts', async () => {
    await ok(kernel, "tf.reset_default_graph();\nconst x = tf.get_variable('x', [2]);\nconst sess = new tf.Session();\nsess.run(x.initializer);");
    const cases: [string, RegExp][] = [
      ['sess', /^<tf\.Session: graph of \d+ ops, 1 variable initialized>$/],
      ['new tf.train.AdamOptimizer(0.01)', /^<tf\.train\.AdamOptimizer 'Adam' learning_rate=0\.01 beta1=0\.9 beta2=0\.999 epsilon=1e-8>$/],
      ['new tf.train.GradientDescentOptimizer(0.5)', /^<tf\.train\.GradientDescentOptimizer 'GradientDescent' learning_rate=0\.5>$/],
      ["tf.variable_scope('vs', (s) => s).toString()", /^"<tf\.VariableScope 'vs' reuse=False>"$/],
      ["tf.name_scope('held')", /^<scope handle of held\/: entered until \.exit\(\)/],
      ['new tf.TensorShape([2, null])', /^\(2, \?\)$/],
      ['tf.float32', /^<dtype: 'float32'>$/],
      ["tf.DeviceSpec.from_string('/gpu:0')", /^\/device:GPU:0$/],
      ['sess.list_devices()', /^\[\s*_DeviceAttributes\(\/job:localhost\/replica:0\/task:0\/device:CPU:0, CPU, \d+, \d+\)/],
      ['sess.list_devices()[0]', /^_DeviceAttributes\(\/job:localhost\/replica:0\/task:0\/device:CPU:0, CPU, \d+, \d+\)$/],
      ['tf.get_default_graph().get_operation_by_name("x").toString()', /^"<tf\.Operation 'x' type=VariableV2>"$/],
    ];
    for (const [code, expected] of cases) {
      const text = resultText(await ok(kernel, code)) ?? '';
      assert.match(text, expected, `${code} shows as:\n${text.slice(0, 400)}`);
    }
    await ok(kernel, 'sess.close()');
    assert.strictEqual(resultText(await ok(kernel, 'sess')), '<tf.Session: closed>');
  });
});
