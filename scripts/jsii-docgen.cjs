#!/usr/bin/env node
// API docs the ecosystem's way: jsii-docgen from the jsii assembly (.jsii), as cdk8s construct
// libraries do. Writes API.md (TypeScript) and API.python.md (Python).
//
//   node scripts/jsii-docgen.cjs            compile with jsii, then (re)write both files
//   node scripts/jsii-docgen.cjs --check    compile, generate into a temp dir, fail on any difference
//   --no-compile                            use the .jsii already there
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const DOCS = [
  { language: 'typescript', file: 'API.md' },
  { language: 'python', file: 'API.python.md' },
];
const check = process.argv.includes('--check');
const compile = !process.argv.includes('--no-compile');
const env = {
  ...process.env,
  // Node 20 is end-of-life for jsii; the banner is silenced by naming the major version
  JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION:
    process.env.JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION ?? process.versions.node.split('.')[0],
};
const bin = (name) => path.join(ROOT, 'node_modules', '.bin', name);
const sh = (cmd, args) => execFileSync(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });

if (compile) sh(process.execPath, [path.join(ROOT, 'scripts', 'jsii-compile.cjs')]);
if (!fs.existsSync(path.join(ROOT, '.jsii'))) {
  console.error('docgen: no .jsii; run `npm run build:jsii` first');
  process.exit(1);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jsii-docgen-'));
let stale = [];
try {
  for (const { language, file } of DOCS) {
    const out = path.join(tmp, file);
    sh(bin('jsii-docgen'), ['--language', language, '--output', out]);
    const fresh = fs.readFileSync(out, 'utf8');
    const target = path.join(ROOT, file);
    const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
    if (current === fresh) continue;
    if (check) stale.push(file);
    else {
      fs.writeFileSync(target, fresh);
      console.log(`docgen: wrote ${file}`);
    }
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
if (stale.length > 0) {
  console.error(`docgen: ${stale.join(', ')} out of date with the TSDoc; run \`npm run docgen\` and commit`);
  process.exit(1);
}
if (check) console.log(`docgen: ${DOCS.map((d) => d.file).join(', ')} up to date`);
