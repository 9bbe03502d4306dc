import * as assert from 'assert';
import { ChildProcess, spawn } from 'child_process';
import * as crypto from 'crypto';
import * as net from 'net';
import { JUPYTER_PYTHON, JupyterSandbox, createJupyterSandbox } from './jupyter_env';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => resolve(address.port));
    });
  });
}

/**
 * @jupyterlab/services (what JupyterLab's front end uses) against a jupyter_server started on
 * 127.0.0.1 by the test: session with the scopeflow kernel, execute, result, shutdown.
 */
describe('kernel through jupyter_server and @jupyterlab/services', function () {
  this.timeout(90000);
  let sandbox: JupyterSandbox;
  let server: ChildProcess | undefined;
  let serverLog = '';
  let baseUrl = '';
  const token = crypto.randomBytes(16).toString('hex');

  before(async () => {
    sandbox = createJupyterSandbox();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}/`;
    server = spawn(JUPYTER_PYTHON, [
      '-m', 'jupyter_server', '--no-browser', '--allow-root', '--ServerApp.ip=127.0.0.1', `--ServerApp.port=${port}`,
      '--ServerApp.port_retries=0', `--ServerApp.token=${token}`, `--ServerApp.root_dir=${sandbox.root}`,
    ], { env: sandbox.env, cwd: sandbox.root, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout?.on('data', (d: Buffer) => { serverLog += d.toString(); });
    server.stderr?.on('data', (d: Buffer) => { serverLog += d.toString(); });
    const deadline = Date.now() + 30000;
    for (;;) {
      try {
        const response = await fetch(`${baseUrl}api/status`, { headers: { Authorization: `token ${token}` } });
        if (response.ok) break;
      } catch { /* not listening yet */ }
      if (Date.now() > deadline || server.exitCode !== null) throw new Error(`jupyter_server did not start:\n${serverLog}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  after(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => { server?.kill('SIGKILL'); resolve(); }, 10000);
        server?.once('exit', () => { clearTimeout(timer); resolve(); });
      });
    }
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
