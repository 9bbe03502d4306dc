// `npm run bench`: runs every benchmark compiled under dist/bench, one process each, in name order.
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const dir = path.join(root, 'dist', 'bench');
const filter = process.argv.slice(2);
const files = [];
(function walk(d) {
  if (!fs.existsSync(d)) return;
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.js') && !e.name.startsWith('_') && (filter.length === 0 || filter.some((f) => p.includes(f)))) files.push(p);
  }
})(dir);
files.sort();
if (files.length === 0) { console.error(`no benchmarks under ${path.relative(root, dir)} (run npm run build)`); process.exit(1); }
let failed = 0;
for (const f of files) {
  console.log(`\n== ${path.relative(dir, f)}`);
  const r = spawnSync(process.execPath, [f], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) { failed++; console.error(`${path.relative(dir, f)} exited with ${r.status ?? r.signal}`); }
}
process.exit(failed ? 1 : 0);
