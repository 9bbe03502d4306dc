// `npm test`: sets the machine up, builds, runs every mocha test under dist/test, and ends with
// the line `N passed, N failed`.
'use strict';
const path = require('path');
const { setup, root } = require('./setup');
const { compiledFiles } = require('./compiled_files');

setup({ quiet: true });

const Mocha = require('mocha');
const filter = process.argv.slice(2);   // optional path fragments: `npm test -- lib/ops`
const files = compiledFiles(path.join(root, 'dist', 'test'), (name) => name.endsWith('.test.js'), filter);

const mocha = new Mocha({ timeout: 60000, reporter: 'spec' });
// Files are loaded one by one, so a file that throws while loading counts as one failure instead of
// stopping the whole run before any test.
const loadFailures = [];
for (const f of files) {
  mocha.files = [f];
  try {
    mocha.loadFiles();
  } catch (e) {
    loadFailures.push(f);
    console.error(`could not load ${path.relative(root, f)}:\n${e && e.stack ? e.stack : e}`);
  }
}
mocha.files = [];
const runner = mocha.run(() => {
  const { passes = 0, failures = 0 } = runner.stats || {};
  const failed = failures + loadFailures.length;
  if (loadFailures.length) console.log(`files that failed to load: ${loadFailures.map((f) => path.relative(root, f)).join(', ')}`);
  console.log(`${passes} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
});
