import * as assert from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { REPO_ROOT } from './jupyter_env';
import { KERNEL_ENV, KERNEL_NODE_FLAGS } from '../../kernel/kernelspec';

const run = promisify(execFile);
const CLI = path.join(REPO_ROOT, 'bin', 'scopeflow.js');

async function cli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const error = e as { code: number; stdout: string; stderr: string };
    return { code: error.code, stdout: error.stdout, stderr: error.stderr };
  }
}

function isPng(file: string, size: number): boolean {
  const bytes = fs.readFileSync(file);
  return bytes.subarray(1, 4).toString('latin1') === 'PNG' && bytes.readUInt32BE(16) === size && bytes.readUInt32BE(20) === size;
}

describe('scopeflow CLI', function () {
  this.timeout(120000);
  let root: string;
  beforeEach(() => { root = fs.mkdtempSync(path.join(os.tmpdir(), 'scopeflow-cli-test-')); });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('installs the kernelspec under --prefix with the installing node, name, language and logos', async () => {
    const result = await cli(['install', '--prefix', root]);
    assert.strictEqual(result.code, 0, result.stderr);
    const dir = path.join(root, 'share', 'jupyter', 'kernels', 'scopeflow');
    const spec = JSON.parse(fs.readFileSync(path.join(dir, 'kernel.json'), 'utf8')) as Record<string, unknown>;
    assert.deepStrictEqual(spec.argv, [process.execPath, ...KERNEL_NODE_FLAGS, CLI, 'kernel', '{connection_file}']);
    assert.deepStrictEqual(spec.env, KERNEL_ENV);
    assert.strictEqual(spec.display_name, 'TypeScript (scopeflow)');
    assert.strictEqual(spec.language, 'typescript');
    assert.ok(isPng(path.join(dir, 'logo-32x32.png'), 32));
    assert.ok(isPng(path.join(dir, 'logo-64x64.png'), 64));
  });

  it('installs per user into JUPYTER_DATA_DIR by default and with --user', async () => {
    for (const args of [['install'], ['install', '--user']]) {
      const dataDir = path.join(root, args.join('-'));
      const result = await cli(args, { ...process.env, JUPYTER_DATA_DIR: dataDir });
      assert.strictEqual(result.code, 0, result.stderr);
      assert.ok(fs.existsSync(path.join(dataDir, 'kernels', 'scopeflow', 'kernel.json')));
    }
  });

  it('installs under the Python sys.prefix with --sys-prefix', async () => {
    // A stand-in "python" that reports a sys.prefix inside the temp dir (as a virtualenv would).
    const fakePython = path.join(root, 'python');
    fs.writeFileSync(fakePython, `#!/bin/sh\necho ${path.join(root, 'venv')}\n`, { mode: 0o755 });
    const result = await cli(['install', '--sys-prefix'], { ...process.env, SCOPEFLOW_PYTHON: fakePython });
    assert.strictEqual(result.code, 0, result.stderr);
    assert.ok(fs.existsSync(path.join(root, 'venv', 'share', 'jupyter', 'kernels', 'scopeflow', 'kernel.json')));
  });

  it('rejects bad usage with a clear message and exit code 2', async () => {
    for (const args of [['install', '--prefix'], ['install', '--user', '--sys-prefix'], ['install', '--bogus'], ['frobnicate'], ['kernel'], []]) {
      const result = await cli(args);
      assert.strictEqual(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr + result.stdout, /usage:/);
    }
  });

  it('reports an unreadable or invalid connection file', async () => {
    const missing = await cli(['kernel', path.join(root, 'nope.json')]);
    assert.strictEqual(missing.code, 1);
    assert.match(missing.stderr, /cannot read connection file/);
    const bad = path.join(root, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ shell_port: 'x', key: 'k' }));
    const invalid = await cli(['kernel', bad]);
    assert.strictEqual(invalid.code, 1);
    assert.match(invalid.stderr, /shell_port must be an integer port number/);
  });

  it('npm start --setup-only builds and installs the kernelspec (dependencies and Jupyter already present)', async () => {
    const prefix = path.join(root, 'start-prefix');
    const { stdout } = await run(process.execPath, [path.join(REPO_ROOT, 'scripts', 'start.js'), '--setup-only', '--prefix', prefix], { cwd: REPO_ROOT });
    assert.match(stdout, /Setup done/);
    assert.ok(fs.existsSync(path.join(prefix, 'share', 'jupyter', 'kernels', 'scopeflow', 'kernel.json')));
  });
});
