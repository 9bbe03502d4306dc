// `npm run bench`: runs every benchmark compiled under dist/bench, one process each, in name order.
'use strict';
const path = require('path');
const { spawnSync } = require('child_process');
const { compiledFiles } = require('./compiled_files');

const root = path.resolve(__dirname, '..');
const dir = path.join(root, 'dist', 'bench');
const filter = process.argv.slice(2);
const files = compiledFiles(dir, (name) => name.endsWith('.js') && !name.startsWith('_'), filter);
if (files.length === 0) { console.error(`no benchmarks under ${path.relative(root, dir)} (run npm run build)`); process.exit(1); }
let failed = 0;
for (const f of files) {
  console.log(`\n== ${path.relative(dir, f)}`);
  const r = spawnSync(process.execPath, [f], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) { failed++; console.error(`${path.relative(dir, f)} exited with ${r.status ?? r.signal}`); }
}
process.exit(failed ? 1 : 0);
