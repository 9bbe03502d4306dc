import * as assert from 'assert';
import { JupyterSandbox, JupyterServer, createJupyterSandbox, startJupyterServer } from './jupyter_env';

/**
 * @jupyterlab/services (what JupyterLab's front end uses) against a jupyter_server started on
 * 127.0.0.1 by the test: session with the scopeflow kernel, execute, result, shutdown.
 */
describe('kernel through jupyter_server and @jupyterlab/services', function () {
  this.timeout(90000);
  let sandbox: JupyterSandbox;
  let server: JupyterServer | undefined;
  let baseUrl = '';
  let token = '';

  before(async () => {
    sandbox = createJupyterSandbox();
    server = await startJupyterServer(sandbox, 'jupyter_server');
    ({ baseUrl, token } = server);
  });

  after(async () => {
    await server?.stop();
    sandbox?.cleanup();
  });

  it('starts a session with the scopeflow kernel, executes a cell and shuts it down', async () => {
    const services = await import('@jupyterlab/services');
    // ws ships no types of its own; the services settings only need its constructor.
    const WebSocket: unknown = require('ws');
    const serverSettings = services.ServerConnection.makeSettings({
      baseUrl, wsUrl: baseUrl.replace(/^http/, 'ws'), token,
      WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    });
    const kernelManager = new services.KernelManager({ serverSettings });
    const sessionManager = new services.SessionManager({ kernelManager, serverSettings });
    const specs = await services.KernelSpecAPI.getSpecs(serverSettings);
    assert.strictEqual(specs.kernelspecs.scopeflow?.display_name, 'TypeScript (scopeflow)');
    assert.ok(specs.kernelspecs.scopeflow?.resources['logo-64x64'], 'the kernelspec has a logo');

    const session = await sessionManager.startNew({ path: 'services-test.ipynb', type: 'notebook', name: 'services-test.ipynb', kernel: { name: 'scopeflow' } });
    try {
      const kernel = session.kernel;
      assert.ok(kernel);
      const info = await kernel.info;
      assert.strictEqual(info.language_info.name, 'typescript');
      const future = kernel.requestExecute({ code: 'const answer: number = 6 * 7;\nconsole.log("computing");\nanswer' });
      const outputs: { type: string; content: unknown }[] = [];
      future.onIOPub = (msg) => { outputs.push({ type: msg.header.msg_type, content: msg.content }); };
      const reply = await future.done;
      assert.strictEqual(reply.content.status, 'ok');
      const result = outputs.find((o) => o.type === 'execute_result')?.content as { data: Record<string, string> } | undefined;
      assert.strictEqual(result?.data['text/plain'], '42');
      const stdout = outputs.filter((o) => o.type === 'stream').map((o) => o.content as { name: string; text: string }).filter((s) => s.name === 'stdout');
      assert.strictEqual(stdout.map((s) => s.text).join(''), 'computing\n');
    } finally {
      await session.shutdown();
    }
    const running = await services.KernelAPI.listRunning(serverSettings);
    assert.deepStrictEqual(running, []);
    sessionManager.dispose();
    kernelManager.dispose();
  });
});
