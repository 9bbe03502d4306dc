// Prepares a fresh machine for scopeflow: npm dependencies, Debian's Jupyter packages and Chromium, the build.
// Shared by `npm start` and `npm test`; every step is skipped when already done.
'use strict';
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const PYTHON = '/usr/bin/python3';
const PY_MODULES = ['notebook', 'nbconvert', 'nbclient', 'jupyter_client', 'jupyter_server', 'ipykernel', 'jsonschema'];
const DEBIAN_PACKAGES = [
  'jupyter-notebook', 'jupyter-nbconvert', 'python3-nbclient', 'jupyter-client', 'python3-jupyter-client',
  'python3-jupyter-server', 'python3-ipykernel', 'python3-jsonschema', 'chromium',
  // Mesa's EGL for the software WebGPU adapter that tests the GPU kernels without a GPU
  'libegl1', 'libegl-mesa0', 'libgl1-mesa-dri', 'libegl-dev',
];

function log(msg) { process.stderr.write(`[setup] ${msg}\n`); }

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with exit code ${r.status}`);
}

function ensureNodeModules() {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  if (fs.existsSync(marker) && (!fs.existsSync(lock) || fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs)) return;
  log('installing npm dependencies');
  run('npm', [fs.existsSync(lock) ? 'ci' : 'install', '--no-audit', '--no-fund']);
}

function pythonHasModules() {
  if (!fs.existsSync(PYTHON)) return false;
  const r = spawnSync(PYTHON, ['-c', `import ${PY_MODULES.join(', ')}`], { stdio: 'ignore' });
  return r.status === 0;
}

function missingDebianPackages() {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Status}\\n', ...DEBIAN_PACKAGES], { encoding: 'utf8' });
  const installed = new Set((r.stdout || '').split('\n').filter((l) => l.endsWith('install ok installed')).map((l) => l.split(' ')[0]));
  return DEBIAN_PACKAGES.filter((p) => !installed.has(p));
}

function ensureDebianPackages() {
  const missing = missingDebianPackages();
  if (missing.length === 0 && pythonHasModules()) return;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error(`Debian packages missing: ${missing.join(' ')}. Install them with: sudo apt-get install -y ${missing.join(' ')}`);
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

function build() {
  log('building (tsc)');
  run(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', root]);
}

function setup({ quiet = false } = {}) {
  ensureNodeModules();
  ensureDebianPackages();
  build();
  if (!quiet) log('ready');
}

module.exports = { setup, root, PYTHON };

if (require.main === module) setup();
