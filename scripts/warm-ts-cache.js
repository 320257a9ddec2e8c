// Runs on `npm ci` (the "prepare" script): transpiles main.ts, lib/ and imports/ into the
// ts-hook cache, so the first `cdk8s synth` of a fresh checkout is as fast as every later one.
'use strict';
const fs = require('fs');
const path = require('path');
const { warm } = require('./ts-hook');

const root = path.join(__dirname, '..');
const files = [path.join(root, 'main.ts')];
for (const dir of ['lib', 'imports']) {
  for (const f of fs.readdirSync(path.join(root, dir), { recursive: true }).map(String)) {
    if (f.endsWith('.ts') && !f.endsWith('.d.ts')) files.push(path.join(root, dir, f));
  }
}
files.forEach(warm);
console.log(`ts-hook cache warmed: ${files.length} files`);
