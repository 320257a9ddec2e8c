// A require hook that runs TypeScript sources without a type-check: `cdk8s synth` runs on every
// edit, and `npm run build` / `npm test` already type-check. Transpiled output is cached by content
// hash, so a warm synth never loads the TypeScript compiler at all.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const cacheDir = path.join(__dirname, '..', '.cache', 'ts-hook');
let ts; // loaded only on a cache miss

function transpile(source, filename) {
  const key = crypto.createHash('sha256').update(filename).update('\0').update(source).digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    ts = ts || require('typescript');
    const out = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, inlineSourceMap: true },
    }).outputText;
    fs.mkdirSync(cacheDir, { recursive: true });
    const tmp = `${cached}.${process.pid}`;
    fs.writeFileSync(tmp, out);
    fs.renameSync(tmp, cached); // atomic: parallel synths never read a half-written file
    return out;
  }
}

require.extensions['.ts'] = function compileTs(module, filename) {
  module._compile(transpile(fs.readFileSync(filename, 'utf8'), filename), filename);
};

/** Fills the cache for a file without running it (see scripts/warm-ts-cache.js). */
module.exports.warm = (filename) => transpile(fs.readFileSync(filename, 'utf8'), filename);
