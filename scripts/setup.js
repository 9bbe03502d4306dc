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
  // numpy over OpenBLAS: the reference the CPU benchmarks measure matmul against
  'python3-numpy',
];
// What the native CPU backend (native/) builds with: a C++ compiler, oneDNN, OpenBLAS and libjpeg-turbo (JPEG
// coding). Optional: without them scopeflow runs on its WebAssembly kernels and cannot decode or encode JPEG.
const NATIVE_PACKAGES = ['g++', 'libdnnl-dev', 'libopenblas-dev', 'libjpeg62-turbo-dev'];

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

function missingDebianPackages(packages = DEBIAN_PACKAGES) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Status}\\n', ...packages], { encoding: 'utf8' });
  const installed = new Set((r.stdout || '').split('\n').filter((l) => l.endsWith('install ok installed')).map((l) => l.split(' ')[0]));
  return packages.filter((p) => !installed.has(p));
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

/**
 * Installs what the native backend needs (as root, when missing) and builds it. Never fails the set-up:
 * where it cannot be built, one line says why and the WebAssembly kernels are used.
 */
function buildNativeBackend() {
  const missing = missingDebianPackages(NATIVE_PACKAGES);
  const absent = (why) => log(`native CPU backend absent: ${why}; scopeflow will use its WebAssembly kernels`);
  if (missing.length) {
    if (typeof process.getuid === 'function' && process.getuid() !== 0) {
      return absent(`Debian packages missing (sudo apt-get install -y ${missing.join(' ')})`);
    }
    log(`installing Debian packages: ${missing.join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const r = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: ['ignore', 'ignore', 'pipe'], env, encoding: 'utf8' });
    if (r.status !== 0) {
      spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore' });
      const again = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: ['ignore', 'ignore', 'pipe'], env, encoding: 'utf8' });
      if (again.status !== 0) return absent(`apt-get could not install ${missing.join(' ')}: ${(again.stderr || '').trim().split('\n').pop()}`);
    }
  }
  const r = spawnSync(process.execPath, [path.join(root, 'native', 'build.js')], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) absent((r.stderr || '').trim().split('\n').pop() || `native/build.js exited with ${r.status}`);
}

function build() {
  log('building (tsc)');
  run(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', root]);
}

function setup({ quiet = false } = {}) {
  ensureNodeModules();
  ensureDebianPackages();
  buildNativeBackend();
  build();
  if (!quiet) log('ready');
}

module.exports = { setup, root, PYTHON };

if (require.main === module) setup();
