// A require hook that runs TypeScript sources without a type-check: `cdk8s synth` runs on every
// edit, and `npm run build` / `npm test` already type-check. Transpiled output is cached by content
// hash, so a warm synth never loads the TypeScript compiler at all. Why not ts-node: see
// scripts/README.md (measured: ts-node re-transpiles everything, imports/ included, on every run).
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const cacheDir = path.join(__dirname, '..', '.cache', 'ts-hook');
let ts; // loaded only on a cache miss

/** What the output depends on besides the source: the compiler's version and the options. */
function compilerOptions() {
  ts = ts || require('typescript');
  return {
    module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, inlineSourceMap: true,
  };
}
// The options are written out literally (not via the enums) so a cache hit needs no compiler.
const OPTIONS_KEY = JSON.stringify({
  module: 'CommonJS', target: 'ES2022', esModuleInterop: true, inlineSourceMap: true,
});
// Reading package.json is cheap; loading the compiler is not.
const TS_VERSION = require('typescript/package.json').version;

function transpile(source, filename) {
  const key = crypto.createHash('sha256')
    .update(TS_VERSION).update('\0').update(OPTIONS_KEY).update('\0')
    .update(filename).update('\0').update(source)
    .digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    const out = transpileWithCompiler(source, filename);
    fs.mkdirSync(cacheDir, { recursive: true });
    const tmp = `${cached}.${process.pid}`;
    fs.writeFileSync(tmp, out);
    fs.renameSync(tmp, cached); // atomic: parallel synths never read a half-written file
    return out;
  }
}

function transpileWithCompiler(source, filename) {
  return require('typescript').transpileModule(
    source, { fileName: filename, compilerOptions: compilerOptions() },
  ).outputText;
}

require.extensions['.ts'] = function compileTs(module, filename) {
  module._compile(transpile(fs.readFileSync(filename, 'utf8'), filename), filename);
};

/** Fills the cache for a file without running it (see scripts/warm-ts-cache.js). */
module.exports.warm = (filename) => transpile(fs.readFileSync(filename, 'utf8'), filename);
