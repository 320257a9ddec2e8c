#!/usr/bin/env node
// Compiles lib/ with jsii into the assembly `.jsii` (what the Python wheel and jsii-docgen are
// generated from, and what ships in the npm package), then removes the lib/*.js and .d.ts jsii
// emits next to the sources (they would shadow the .ts for scripts/ts-hook.js; `prepack` emits
// the shipped JS with tsc afterwards).
//
//   node scripts/jsii-compile.cjs        (npm run build:jsii; also run by prepack and docgen)
//
// Node 20 is end-of-life for jsii: its banner is silenced by naming the running major version.
// The reserved-word warnings are about C# and Go ('namespace', 'fixed', 'error'); only the Python
// target is built.
'use strict';
const { execFileSync } = require('child_process');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const env = {
  ...process.env,
  JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION:
    process.env.JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION ?? process.versions.node.split('.')[0],
};
try {
  execFileSync(path.join(ROOT, 'node_modules', '.bin', 'jsii'), ['--silence-warnings=reserved-word'],
    { cwd: ROOT, env, stdio: 'inherit' });
} catch (error) {
  process.exit(error.status || 1);
} finally {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'clean-build.js')], { cwd: ROOT, stdio: 'inherit' });
}
