// Child process of verify/bench/run.cjs: builds N all-features FastApiServices (the 'all-features'
// fixture's props, with a distinct name, namespace and ingress host per service) and synthesizes
// them. Run as `node -r <root>/scripts/ts-hook.js bench/child-services.cjs <json options>`.
// Prints one JSON line: phase timings (ms) measured inside this process, and its peak RSS.
'use strict';
const bootMs = process.uptime() * 1000; // node start-up + the ts-hook, before this file ran
const path = require('path');
const fs = require('fs');
const { createRequire } = require('module');

const opts = JSON.parse(process.argv[2]);
const { root, n, layout, synth, outdir } = opts;
const req = createRequire(path.join(root, 'package.json'));
const now = () => performance.now();

const t0 = now(); // loadMs: cdk8s, lib and the fixture's props
const cdk8s = req('cdk8s');
const lib = req('./lib');
const props = fixtureProps(req, lib, 'all-features');
const perService = Array.from({ length: n }, (_, i) => variant(props, i)); // outside the timed phases
const t1 = now();

const app = new cdk8s.App({ outdir, recordConstructMetadata: false });
const one = layout === 'one-chart' ? new cdk8s.Chart(app, 'services') : undefined;
for (let i = 0; i < n; i++) {
  const scope = one ?? new cdk8s.Chart(app, `svc-${i}`);
  new lib.FastApiService(scope, `svc-${i}`, perService[i]);
}
const t2 = now();
if (synth === 'fast') {
  // synthFast lives in the cdk8s-fastapi/fast-yaml subpath since 0.2.0.
  req('./lib/fast-yaml').synthFast(app);
} else {
  app.synth();
}
const t3 = now();

let bytes = 0;
let files = 0;
for (const f of fs.readdirSync(outdir)) {
  if (f.endsWith('.yaml')) { files++; bytes += fs.statSync(path.join(outdir, f)).size; }
}
process.stdout.write(JSON.stringify({
  bootMs, loadMs: t1 - t0, constructMs: t2 - t1, synthMs: t3 - t2, workMs: t3 - t1,
  maxRssKB: process.resourceUsage().maxRSS, files, bytes,
}) + '\n');

/** Service i: the fixture's props with its own name, namespace and ingress host. */
function variant(p, i) {
  const v = { ...p, name: `svc-${i}`, namespace: `ns-${i}` };
  if (p.ingress) v.ingress = { ...p.ingress, host: `svc-${i}.example.com` };
  return v;
}

/**
 * The props a fixture passes to `new FastApiService(...)`: test/fixtures.ts is loaded against a
 * copy of lib's exports whose FastApiService records its arguments instead of building anything.
 */
function fixtureProps(rq, realLib, name) {
  const libFile = rq.resolve('./lib');
  const fixturesFile = rq.resolve('./test/fixtures');
  const realEntry = require.cache[libFile];
  const captured = [];
  const STOP = Symbol('captured');
  class Capture extends realLib.FastApiService {
    constructor(scope, id, p) { captured.push({ id, props: p }); throw STOP; } // no super(): builds nothing
  }
  const fake = Object.assign(Object.create(Object.getPrototypeOf(realEntry)), realEntry, {
    exports: { ...realLib, FastApiService: Capture },
  });
  require.cache[libFile] = fake;
  let fixtures;
  try {
    fixtures = rq('./test/fixtures').FIXTURES;
  } finally {
    require.cache[libFile] = realEntry;
    delete require.cache[fixturesFile];
  }
  try {
    fixtures[name](new (rq('cdk8s').Chart)(new (rq('cdk8s').App)(), 'capture'));
  } catch (e) {
    if (e !== STOP) throw e;
  }
  if (captured.length !== 1) throw new Error(`fixture ${name}: expected one FastApiService, got ${captured.length}`);
  return captured[0].props;
}
