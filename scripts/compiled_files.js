// The compiled files under a folder of dist/ that `accept` takes and whose path contains one of the
// `filter` fragments (all when none), sorted: what `npm test -- <fragment>` and `npm run bench` run.
'use strict';
const fs = require('fs');
const path = require('path');

function compiledFiles(dir, accept, filter) {
  const files = [];
  (function walk(d) {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (accept(e.name) && (filter.length === 0 || filter.some((f) => p.includes(f)))) files.push(p);
    }
  })(dir);
  return files.sort();
}

module.exports = { compiledFiles };
