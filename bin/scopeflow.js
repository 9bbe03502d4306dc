#!/usr/bin/env node
'use strict';
// Entry point of the `scopeflow` command; the logic lives in the compiled kernel/cli.ts.
const path = require('path');
let cli;
try {
  cli = require(path.join(__dirname, '..', 'dist', 'kernel', 'cli.js'));
} catch (e) {
  process.stderr.write(`scopeflow: the package is not built (${e.message}); run \`npm run build\` first\n`);
  process.exit(1);
}
cli.main(process.argv.slice(2)).then((code) => {
  // -1: the kernel is running and exits by itself on shutdown.
  if (code >= 0) process.exitCode = code;
});
