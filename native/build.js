// Builds the native CPU backend (native/build/scopeflow_native.node) with g++ against Node's own headers,
// oneDNN, OpenBLAS and libjpeg-turbo from Debian: nothing is downloaded. Called by scripts/setup.js; `node native/build.js`
// builds it alone. Skipped when the addon is newer than every source. First it builds the kernel's heap
// guard (native/build/scopeflow_heap.node, V8's near-heap-limit callback), which needs only g++ and Node.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const here = __dirname;
const sources = ['addon.cc', 'gemm.cc', 'elementwise.cc', 'dnnl_ops.cc', 'jpeg.cc'].map((f) => path.join(here, 'src', f));
const headers = ['kernels.h', 'jpeg.h'].map((f) => path.join(here, 'src', f));
const outDir = path.join(here, 'build');
const addonPath = path.join(outDir, 'scopeflow_native.node');
const heapGuardSource = path.join(here, 'src', 'heap_guard.cc');
const heapGuardPath = path.join(outDir, 'scopeflow_heap.node');

/** Node's C headers: those of the running node (`<prefix>/include/node`, as Debian's and official builds lay them out). */
function nodeIncludeDir() {
  const dir = path.resolve(path.dirname(process.execPath), '..', 'include', 'node');
  if (!fs.existsSync(path.join(dir, 'node_api.h'))) throw new Error(`Node's headers are missing (no node_api.h under ${dir})`);
  return dir;
}

function upToDate(output, inputs) {
  if (!fs.existsSync(output)) return false;
  const built = fs.statSync(output).mtimeMs;
  return [...inputs, __filename].every((f) => fs.statSync(f).mtimeMs <= built);
}

function compiler(args) {
  return new Promise((resolve, reject) => {
    const p = spawn('g++', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => { err += d; });
    p.on('error', (e) => reject(new Error(e.code === 'ENOENT' ? 'no C++ compiler (g++)' : e.message)));
    p.on('close', (code) => {
      if (code === 0) resolve();
      else {
        const first = err.split('\n').find((l) => /error/.test(l)) || err.trim().split('\n')[0] || `g++ exited with ${code}`;
        reject(new Error(first.trim()));
      }
    });
  });
}

/** Builds the addon if needed; resolves to the addon's path, rejects with a one-line reason. */
async function buildNative() {
  if (upToDate(addonPath, [...sources, ...headers])) return addonPath;
  const include = nodeIncludeDir();
  fs.mkdirSync(outDir, { recursive: true });
  // Built on the machine that runs it (by its set-up), so it may use that CPU's vector instructions.
  const common = ['-O3', '-march=native', '-fno-math-errno', '-std=c++17', '-fPIC', '-fopenmp', '-fvisibility=hidden', '-DNODE_GYP_MODULE_NAME=scopeflow_native', `-I${include}`];
  const objects = sources.map((s) => path.join(outDir, path.basename(s, '.cc') + '.o'));
  await Promise.all(sources.map((s, i) => compiler([...common, '-c', s, '-o', objects[i]])));
  const tmp = `${addonPath}.${process.pid}.tmp`;
  await compiler(['-shared', '-fopenmp', '-o', tmp, ...objects, '-ldnnl', '-lopenblas', '-ljpeg']);
  fs.renameSync(tmp, addonPath);   // a half-written addon is never loaded
  return addonPath;
}

/** Builds the heap guard if needed (it uses V8's API, so it is built for the running node only). */
async function buildHeapGuard() {
  if (upToDate(heapGuardPath, [heapGuardSource])) return heapGuardPath;
  fs.mkdirSync(outDir, { recursive: true });
  const tmp = `${heapGuardPath}.${process.pid}.tmp`;
  await compiler(['-O2', '-std=c++17', '-fPIC', '-shared', '-fvisibility=hidden', '-DNODE_GYP_MODULE_NAME=scopeflow_heap', `-I${nodeIncludeDir()}`, heapGuardSource, '-o', tmp]);
  fs.renameSync(tmp, heapGuardPath);
  return heapGuardPath;
}

module.exports = { buildNative, buildHeapGuard, addonPath, heapGuardPath };

if (require.main === module) {
  const report = (what) => [(p) => console.log(`built ${path.relative(process.cwd(), p)}`), (e) => { console.error(`${what} build failed: ${e.message}`); process.exitCode = 1; }];
  buildHeapGuard().then(...report('heap guard')).then(() => buildNative()).then(...report('native'));
}
