// `npm test`: sets the machine up, builds, runs every mocha test under dist/test, and ends with
// the line `N passed, N failed`.
'use strict';
const path = require('path');
const fs = require('fs');
const { setup, root } = require('./setup');

setup({ quiet: true });

const Mocha = require('mocha');
const filter = process.argv.slice(2);   // optional path fragments: `npm test -- lib/ops`
const files = [];
(function walk(dir) {
  if (!fs.existsSync(dir)) return;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.test.js') && (filter.length === 0 || filter.some((f) => p.includes(f)))) files.push(p);
  }
})(path.join(root, 'dist', 'test'));
files.sort();

const mocha = new Mocha({ timeout: 60000, reporter: 'spec' });
for (const f of files) mocha.addFile(f);
const runner = mocha.run(() => {
  const { passes = 0, failures = 0 } = runner.stats || {};
  console.log(`${passes} passed, ${failures} failed`);
  process.exit(failures > 0 ? 1 : 0);
});
