import * as assert from 'assert';
import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import * as readline from 'readline';
import { JUPYTER_PYTHON, JupyterSandbox, REPO_ROOT, createJupyterSandbox } from './jupyter_env';

export interface Message {
  msg_type: string;
  content: Record<string, unknown> & { [key: string]: unknown };
  parent_msg_id?: string;
  metadata: Record<string, unknown>;
}

export interface RequestResult {
  reply: Message;
  iopub: Message[];
  elapsed_s: number;
}

/** The Python jupyter_client driver (test/kernel/jupyter_driver.py), one JSON command per line. */
export class JupyterClientDriver {
  private readonly child: ChildProcess;
  private readonly lines: AsyncIterator<string>;
  private stderr = '';
  /** Schema violations seen in every message so far. */
  readonly schemaErrors: string[] = [];

  constructor(sandbox: JupyterSandbox, cwd = sandbox.root) {
    this.child = spawn(JUPYTER_PYTHON, [path.join(REPO_ROOT, 'test', 'kernel', 'jupyter_driver.py')], {
      cwd, env: sandbox.env, stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stderr?.on('data', (chunk: Buffer) => { this.stderr = (this.stderr + chunk.toString()).slice(-20000); });
    this.lines = readline.createInterface({ input: this.child.stdout! })[Symbol.asyncIterator]();
  }

  get log(): string {
    return this.stderr;
  }

  async call<T = Record<string, unknown>>(op: string, args: Record<string, unknown> = {}): Promise<T> {
    this.child.stdin!.write(JSON.stringify({ op, ...args }) + '\n');
    const next = await this.lines.next();
    if (next.done) throw new Error(`jupyter driver exited; its stderr:\n${this.stderr}`);
    const answer = JSON.parse(next.value) as { ok: boolean; result?: T; error?: string; schema_errors: string[] };
    this.schemaErrors.splice(0, this.schemaErrors.length, ...answer.schema_errors);
    if (!answer.ok) throw new Error(`${op} failed: ${answer.error}\nkernel/driver stderr:\n${this.stderr.slice(-4000)}`);
    return answer.result as T;
  }

  execute(code: string, options: Record<string, unknown> = {}): Promise<RequestResult> {
    return this.call<RequestResult>('execute', { code, ...options });
  }

  request(msgType: string, content: Record<string, unknown>, channel: 'shell' | 'control' = 'shell'): Promise<RequestResult> {
    return this.call<RequestResult>('request', { msg_type: msgType, content, channel });
  }

  async close(): Promise<void> {
    if (this.child.exitCode === null) {
      try { await this.call('shutdown'); } catch { /* already gone */ }
      this.child.stdin!.end();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => { this.child.kill('SIGKILL'); resolve(); }, 10000);
        this.child.once('exit', () => { clearTimeout(timer); resolve(); });
      });
    }
  }
}

export function outputsOf(result: { iopub: Message[] }, type: string): Message[] {
  return result.iopub.filter((m) => m.msg_type === type);
}

export function streamText(result: { iopub: Message[] }, name = 'stdout'): string {
  return outputsOf(result, 'stream').filter((m) => m.content.name === name).map((m) => String(m.content.text)).join('');
}

export function resultText(result: { iopub: Message[] }): string | undefined {
  const r = outputsOf(result, 'execute_result')[0];
  return r ? String((r.content.data as Record<string, unknown>)['text/plain']) : undefined;
}

/**
 * One scopeflow kernel for the enclosing mocha suite (with `env` added to its environment), driven through jupyter_client: started before
 * the suite's tests, stopped after them; after each test, every message seen must match the spec's schemas.
 */
export function useKernel(env: NodeJS.ProcessEnv = {}): { readonly client: JupyterClientDriver; readonly pid: number } {
  let sandbox: JupyterSandbox | undefined;
  let client: JupyterClientDriver | undefined;
  let pid: number | undefined;
  before(async () => {
    sandbox = createJupyterSandbox();
    Object.assign(sandbox.env, env);
    client = new JupyterClientDriver(sandbox);
    ({ pid } = await client.call<{ pid: number }>('start'));
  });
  afterEach(function () {
    assert.deepStrictEqual(client?.schemaErrors ?? [], [], `messages violating the spec in "${this.currentTest?.title}"`);
  });
  after(async () => {
    await client?.close();
    sandbox?.cleanup();
  });
  return {
    get client(): JupyterClientDriver {
      if (!client) throw new Error('the kernel is not started yet (use it inside tests)');
      return client;
    },
    /** The kernel's process id. */
    get pid(): number {
      if (pid === undefined) throw new Error('the kernel is not started yet (use it inside tests)');
      return pid;
    },
  };
}
