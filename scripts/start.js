#!/usr/bin/env node
'use strict';
/**
 * `npm start`: sets up everything on a fresh machine and opens the tutorial notebooks in Jupyter
 * with the scopeflow kernel.
 *   1. npm dependencies (when node_modules is missing)
 *   2. Debian's Jupyter packages (when /usr/bin/python3 cannot import notebook)
 *   3. the build (dist/)
 *   4. the "scopeflow" kernelspec (per-user, or under --prefix DIR)
 *   5. Jupyter Notebook on 127.0.0.1, in notebooks/
 * Options: --setup-only (stop after step 4), --prefix DIR (kernelspec prefix), --port N.
 */
const { spawnSync, spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const PYTHON = process.env.SCOPEFLOW_PYTHON || '/usr/bin/python3';
const JUPYTER_PACKAGES = [
  'jupyter-notebook', 'jupyter-nbconvert', 'python3-nbclient', 'python3-jupyter-client',
  'python3-jupyter-server', 'python3-ipykernel', 'python3-jsonschema',
];

function parseArgs(argv) {
  const options = { setupOnly: false, prefix: undefined, port: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--setup-only') options.setupOnly = true;
    else if (arg === '--prefix' && argv[i + 1]) options.prefix = path.resolve(argv[++i]);
    else if (arg === '--port' && /^\d+$/.test(argv[i + 1] || '')) options.port = argv[++i];
    else fail(`unknown option ${JSON.stringify(arg)} (known: --setup-only, --prefix DIR, --port N)`);
  }
  return options;
}

function fail(message) {
  process.stderr.write(`scopeflow start: ${message}\n`);
  process.exit(1);
}

function step(title) {
  process.stdout.write(`\n== ${title}\n`);
}

function run(command, args, what) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.error) fail(`${what} could not start: ${result.error.message}`);
  if (result.status !== 0) fail(`${what} failed (exit ${result.status})`);
}

function succeeds(command, args) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'ignore' });
  return !result.error && result.status === 0;
}

function ensureNpmDependencies() {
  if (fs.existsSync(path.join(ROOT, 'node_modules', 'tslab')) && fs.existsSync(path.join(ROOT, 'node_modules', 'typescript'))) return;
  step('installing npm dependencies');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  run(npm, [fs.existsSync(path.join(ROOT, 'package-lock.json')) ? 'ci' : 'install'], 'npm install');
}

function ensureJupyter() {
  if (succeeds(PYTHON, ['-c', 'import notebook, nbconvert, jupyter_client'])) return;
  step(`installing Debian's Jupyter packages (${PYTHON} cannot import notebook)`);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const prefix = isRoot ? [] : succeeds('sudo', ['-n', 'true']) ? ['sudo', '-n'] : undefined;
  if (!prefix) {
    fail(`Jupyter is missing; as root run: apt-get update && apt-get install -y ${JUPYTER_PACKAGES.join(' ')}`);
  }
  const apt = (args) => (prefix.length ? run(prefix[0], [...prefix.slice(1), 'apt-get', ...args], 'apt-get') : run('apt-get', args, 'apt-get'));
  apt(['update']);
  apt(['install', '-y', ...JUPYTER_PACKAGES]);
  if (!succeeds(PYTHON, ['-c', 'import notebook'])) fail(`${PYTHON} still cannot import notebook after apt-get install`);
}

function build() {
  step('building (tsc)');
  // typescript's own tsc: node_modules/.bin/tsc may be another package's fork.
  run(process.execPath, [require.resolve('typescript/bin/tsc', { paths: [ROOT] }), '-p', ROOT], 'the build');
}

function installKernelspec(prefix) {
  step('installing the scopeflow kernelspec');
  run(process.execPath, [path.join(ROOT, 'bin', 'scopeflow.js'), 'install', ...(prefix ? ['--prefix', prefix] : ['--user'])], 'kernelspec install');
}

function launchNotebook(options) {
  step('starting Jupyter Notebook');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const args = [
    '-m', 'notebook', '--ip=127.0.0.1', '--no-browser', `--notebook-dir=${path.join(ROOT, 'notebooks')}`,
    '--MultiKernelManager.default_kernel_name=scopeflow',
  ];
  if (options.port) args.push(`--port=${options.port}`);
  if (isRoot) args.push('--allow-root');
  const env = { ...process.env };
  if (options.prefix) {
    const share = path.join(options.prefix, 'share', 'jupyter');
    env.JUPYTER_PATH = env.JUPYTER_PATH ? `${share}${path.delimiter}${env.JUPYTER_PATH}` : share;
  }
  const notebook = spawn(PYTHON, args, { cwd: ROOT, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => notebook.kill(signal));
  notebook.on('exit', (code) => process.exit(code === null ? 1 : code));
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  ensureNpmDependencies();
  ensureJupyter();
  build();
  installKernelspec(options.prefix);
  fs.mkdirSync(path.join(ROOT, 'notebooks'), { recursive: true });
  if (options.setupOnly) {
    process.stdout.write('\nSetup done. `npm start` opens the notebooks.\n');
    return;
  }
  launchNotebook(options);
}

main();
