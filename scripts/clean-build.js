// Removes the JS and .d.ts files that `npm pack` compiled next to the TypeScript sources, so
// development always runs the .ts files (a stale lib/index.js would shadow lib/index.ts).
'use strict';
const fs = require('fs');
const path = require('path');

function clean(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) clean(full);
    else if (/\.(js|d\.ts)$/.test(entry.name) && fs.existsSync(full.replace(/\.(js|d\.ts)$/, '.ts'))) fs.rmSync(full);
  }
}
for (const dir of ['lib', 'imports']) clean(path.join(__dirname, '..', dir));
