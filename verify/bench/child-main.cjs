// Child process of verify/bench/run.cjs: main.ts's construct+synth inside one node process. Loads the
// modules main.ts imports first (timed separately), then runs main.ts `runs` times, dropping it
// from the require cache between runs: the first run is JIT-cold, the later ones JIT-warm.
// Run as `node -r <root>/scripts/ts-hook.js bench/child-main.cjs <json options>` with
// CDK8S_OUTDIR set. Prints one JSON line.
'use strict';
const bootMs = process.uptime() * 1000;
const path = require('path');
const { createRequire } = require('module');

const { root, runs } = JSON.parse(process.argv[2]);
const req = createRequire(path.join(root, 'package.json'));
const now = () => performance.now();

const t0 = now();
req('cdk8s');
req('cdk8s-plus-28');
req('./lib');
const loadMs = now() - t0;

const mainFile = req.resolve('./main.ts');
const times = [];
for (let i = 0; i < runs; i++) {
  delete require.cache[mainFile];
  const t = now();
  req(mainFile);
  times.push(now() - t);
}
process.stdout.write(JSON.stringify({
  bootMs, loadMs, firstMs: times[0], warmMs: times.slice(1), maxRssKB: process.resourceUsage().maxRSS,
}) + '\n');
