#!/usr/bin/env node
// Synth benchmark of cdk8s-fastapi (`npm run bench`): every case runs several times after a
// warm-up; medians, min/max and peak RSS are reported, and ratios against baselines measured in
// the same run decide PASS / NOT MET per target. Writes bench/results.json and verify/bench/results.md.
//
//   [BENCH_PYTHON=<venv>/bin/python] node verify/bench/run.cjs [--source=head|worktree] [--quick] [--no-npm-test] [--no-profile] [--no-helm] [--only=<regex>] [--render]
//
// --source=head (default) benchmarks `git archive HEAD` extracted to .cache/bench/checkout (a
// clean checkout: no ts-hook cache, no compiled JS; node_modules is a symlink to the repo's).
// --source=worktree copies the working tree's tracked and untracked-not-ignored files instead.
// Either way the copy has its own .cache/ts-hook, so the cold-cache cases never touch the repo's.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { summarize } = require('./profile.cjs');

const REPO = path.resolve(__dirname, '../..');
const WORK = path.join(REPO, '.cache', 'bench');
const CO = path.join(WORK, 'checkout');
const HOOK = path.join(CO, 'scripts', 'ts-hook.js');
const TOOL_CACHE = process.env.CDK8S_FASTAPI_CACHE || path.join(os.homedir(), '.cache', 'cdk8s-fastapi');
const HELM_VERSION = 'v3.22.0';
const HELM = path.join(TOOL_CACHE, 'bin', `helm-${HELM_VERSION}`);

const args = new Set(process.argv.slice(2));
const opt = (name, dflt) => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? a.split('=')[1] : dflt;
};
const SOURCE = opt('source', 'head');
const QUICK = args.has('--quick');
const reps = (n) => (QUICK ? Math.max(1, Math.ceil(n / 3)) : n);
// Development: --only=<regex> runs the matching case / profile ids and writes .cache/bench/results.*.
const ONLY = opt('only') ? new RegExp(opt('only')) : undefined;
const OUT = ONLY ? WORK : __dirname;

const env = { ...process.env, CDK8S_CHECK_UPGRADE: 'false' };
delete env.NODE_OPTIONS;
const started = Date.now();
const log = (...a) => console.error(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)}s]`, ...a);

// ---------------------------------------------------------------------------------------------
// Projects

function sh(cmd, a, o = {}) {
  const r = spawnSync(cmd, a, { encoding: 'utf8', maxBuffer: 256 << 20, env, ...o });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${a.join(' ')} failed (${r.status ?? r.signal}):\n${(r.stderr || '').slice(-3000)}${(r.stdout || '').slice(-2000)}`);
  }
  return r.stdout;
}

function linkNodeModules(dir) {
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
}

function fresh(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function setupCheckout() {
  fresh(CO);
  let commit = sh('git', ['-C', REPO, 'rev-parse', 'HEAD']).trim();
  if (SOURCE === 'head') {
    const tar = sh('git', ['-C', REPO, 'archive', '--format=tar', 'HEAD'], { encoding: 'buffer' });
    spawnSync('tar', ['-x', '-C', CO], { input: tar });
  } else if (SOURCE === 'worktree') {
    const files = sh('git', ['-C', REPO, 'ls-files', '-z', '-co', '--exclude-standard']).split('\0').filter(Boolean);
    for (const f of files) {
      const src = path.join(REPO, f);
      if (!fs.existsSync(src) || fs.statSync(src).isDirectory()) continue;
      fs.mkdirSync(path.dirname(path.join(CO, f)), { recursive: true });
      fs.copyFileSync(src, path.join(CO, f));
    }
    commit += ' + working tree';
  } else {
    throw new Error(`--source must be head or worktree, not ${SOURCE}`);
  }
  linkNodeModules(CO);
  return commit;
}

/** Baseline (a): a raw cdk8s-plus-28 app the way `cdk8s init typescript-app` sets it up. */
function setupBaselineInit() {
  const dir = fresh(path.join(WORK, 'baseline-init'));
  linkNodeModules(dir);
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), 'language: typescript\napp: npx ts-node main.ts\noutput: dist\nimports: []\n');
  // compilerOptions of the cdk8s init typescript-app template (type-checked by ts-node), minus
  // 'charset', which TypeScript 5.x rejects.
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      alwaysStrict: true, declaration: true, experimentalDecorators: true, inlineSourceMap: true,
      inlineSources: true, lib: ['es2016'], module: 'CommonJS', noEmitOnError: true, noFallthroughCasesInSwitch: true,
      noImplicitAny: true, noImplicitReturns: true, noImplicitThis: true, noUnusedLocals: true, noUnusedParameters: true,
      resolveJsonModule: true, strict: true, strictNullChecks: true, strictPropertyInitialization: true, stripInternal: true,
      target: 'ES2017',
    },
    include: ['**/*.ts'],
    exclude: ['node_modules', 'dist'],
  }, null, 2));
  fs.writeFileSync(path.join(dir, 'main.ts'), `import { Construct } from 'constructs';
import { App, Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';

export class MyChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);
    const deployment = new kplus.Deployment(this, 'api', {
      containers: [{ image: '4oh4/kubernetes-fastapi:1.0.0', portNumber: 8080 }],
    });
    deployment.exposeViaService({ ports: [{ port: 8080, targetPort: 8080 }] });
    new kplus.HorizontalPodAutoscaler(this, 'hpa', {
      target: deployment,
      minReplicas: 1,
      maxReplicas: 10,
      metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(50))],
    });
  }
}

const app = new App();
new MyChart(app, 'baseline');
app.synth();
`);
  return dir;
}

/** Baseline (b): the node floor, an empty cdk8s app as precompiled JS under plain node. */
function setupFloor() {
  const dir = fresh(path.join(WORK, 'floor'));
  linkNodeModules(dir);
  fs.writeFileSync(path.join(dir, 'main.js'), "'use strict';\nconst { App } = require('cdk8s');\nnew App().synth();\n");
  return dir;
}

/** Baseline (c): `helm create` chart. Builds helm with `go install` once (cached binary). */
function setupHelm() {
  if (!fs.existsSync(HELM)) {
    log(`building helm ${HELM_VERSION} with go install (one-time; cached at ${HELM})`);
    const gobin = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-gobin-'));
    const r = spawnSync('go', ['install', `helm.sh/helm/v3/cmd/helm@${HELM_VERSION}`], {
      env: { ...env, GOBIN: gobin, GOFLAGS: '-buildvcs=false' }, encoding: 'utf8', timeout: 20 * 60e3,
    });
    if (r.status !== 0) return { error: `go install helm.sh/helm/v3/cmd/helm@${HELM_VERSION} failed: ${(r.stderr || String(r.error || r.signal)).trim().split('\n').slice(-3).join(' | ')}` };
    fs.mkdirSync(path.dirname(HELM), { recursive: true });
    fs.copyFileSync(path.join(gobin, 'helm'), `${HELM}.tmp`);
    fs.chmodSync(`${HELM}.tmp`, 0o755);
    fs.renameSync(`${HELM}.tmp`, HELM);
    fs.rmSync(gobin, { recursive: true, force: true });
  }
  const dir = fresh(path.join(WORK, 'helm'));
  const helmEnv = { HELM_CACHE_HOME: path.join(dir, 'home', 'cache'), HELM_CONFIG_HOME: path.join(dir, 'home', 'config'), HELM_DATA_HOME: path.join(dir, 'home', 'data') };
  sh(HELM, ['create', 'demo'], { cwd: dir, env: { ...env, ...helmEnv } });
  const version = sh(HELM, ['version', '--short'], { env: { ...env, ...helmEnv } }).trim();
  return { dir, env: helmEnv, version };
}

// ---------------------------------------------------------------------------------------------
// Measuring

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x, d = 1) => (x === undefined || x === null ? x : Math.round(x * 10 ** d) / 10 ** d);

const results = {};

/**
 * Runs `cmd` warmup+runs times (fresh process each), timing the wall clock around the process and
 * its peak RSS via /usr/bin/time (the largest process of the tree for commands that spawn).
 */
function measure(id, { label, cmd, argv, cwd = CO, extraEnv = {}, warmup = 1, runs = 5, before, json = false }) {
  if (ONLY && !ONLY.test(id)) return undefined;
  const rssFile = path.join(WORK, 'rss.txt');
  const rec = { label, command: [cmd, ...argv].join(' ').replaceAll(REPO, '.'), cwd: path.relative(REPO, cwd) || '.', warmup, runs: [], cpuMs: [], loadavg1: [], peakRssMB: 0, child: [] };
  log(`${id}: ${label} (${warmup} warm-up + ${runs})`);
  for (let i = 0; i < warmup + runs; i++) {
    if (before) before();
    const t = process.hrtime.bigint();
    const load1 = os.loadavg()[0];
    const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', '-o', rssFile, cmd, ...argv], { cwd, env: { ...env, ...extraEnv }, encoding: 'utf8', maxBuffer: 256 << 20 });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (r.status !== 0) throw new Error(`${id}: ${rec.command} failed (${r.status ?? r.signal}) in ${cwd}:\n${(r.stderr || '').slice(-4000)}\n${(r.stdout || '').slice(-2000)}`);
    if (i < warmup) continue;
    rec.runs.push(round(ms));
    const [kb, user, sys] = fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    rec.peakRssMB = Math.max(rec.peakRssMB, round(kb / 1024));
    rec.cpuMs.push(round((user + sys) * 1000));
    rec.loadavg1.push(round(load1, 2));
    if (json) rec.child.push(JSON.parse(r.stdout.trim().split('\n').pop()));
  }
  rec.medianMs = round(median(rec.runs));
  rec.minMs = Math.min(...rec.runs);
  rec.maxMs = Math.max(...rec.runs);
  rec.medianCpuMs = round(median(rec.cpuMs));
  if (!json) delete rec.child;
  results[id] = rec;
  log(`  median ${rec.medianMs} ms  [${rec.minMs} .. ${rec.maxMs}]  CPU ${rec.medianCpuMs} ms  peak RSS ${rec.peakRssMB} MB`);
  return rec;
}

/** Median of a numeric field over the JSON lines the child printed. */
function childMedian(id, field) {
  const r = results[id];
  return r && r.child ? round(median(r.child.map((c) => c[field]))) : undefined;
}

function servicesCase(n, layout, synth, runs, warmup = 1) {
  const id = `services-${layout}-${synth}-${n}`;
  const outdir = path.join(WORK, 'out', id);
  return measure(id, {
    label: `${n} all-features services, ${layout === 'one-chart' ? 'one Chart' : 'one Chart per service'}, ${synth === 'fast' ? 'synthFast(app)' : 'app.synth()'}`,
    cmd: process.execPath,
    argv: ['-r', HOOK, path.join(__dirname, 'child-services.cjs'), JSON.stringify({ root: CO, n, layout, synth, outdir })],
    before: () => fresh(outdir),
    warmup, runs, json: true,
  });
}

// ---------------------------------------------------------------------------------------------
// Profiles

function profile(id, cmd, argv, { cwd = CO, extraEnv = {}, before } = {}) {
  if (ONLY && !ONLY.test(id)) return [];
  const dir = fresh(path.join(WORK, 'prof', id));
  if (before) before();
  log(`profile ${id}`);
  const r = spawnSync(cmd, ['--cpu-prof', `--cpu-prof-dir=${dir}`, ...argv], { cwd, env: { ...env, ...extraEnv }, encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`profile ${id} failed: ${r.stderr.slice(-3000)}`);
  return fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => {
    const s = summarize(path.join(dir, f), CO);
    s.command = ['node', ...argv].join(' ').replaceAll(REPO + '/', '');
    s.dir = path.relative(REPO, dir);
    return s;
  }).sort((x, y) => y.totalMs - x.totalMs);
}

// ---------------------------------------------------------------------------------------------
// Main

function main() {
  fs.mkdirSync(WORK, { recursive: true });
  const meta = {
    date: new Date().toISOString(),
    source: SOURCE,
    quick: QUICK,
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memGB: round(os.totalmem() / 2 ** 30), loadavgAtStart: os.loadavg().map((x) => round(x, 2)) },
    node: process.version,
  };
  meta.commit = setupCheckout();
  const pkg = (n) => JSON.parse(fs.readFileSync(path.join(REPO, 'node_modules', n, 'package.json'), 'utf8')).version;
  meta.versions = { cdk8s: pkg('cdk8s'), 'cdk8s-cli': pkg('cdk8s-cli'), 'cdk8s-plus-28': pkg('cdk8s-plus-28'), typescript: pkg('typescript'), 'ts-node': pkg('ts-node') };
  log(`checkout of ${meta.commit} in ${path.relative(REPO, CO)}`);
  const baseDir = setupBaselineInit();
  const floorDir = setupFloor();
  const helm = args.has('--no-helm') ? { error: 'skipped (--no-helm)' } : setupHelm();
  if (helm.version) meta.versions.helm = `${HELM_VERSION} (go install; \`helm version\` says ${helm.version})`;
  const libHasSynthFast = /export function synthFast/.test(fs.existsSync(path.join(CO, 'lib', 'fast-yaml.ts')) ? fs.readFileSync(path.join(CO, 'lib', 'fast-yaml.ts'), 'utf8') : '');

  // Floors and baselines.
  measure('node-bare', { label: 'node -e 0 (bare node start-up)', cmd: process.execPath, argv: ['-e', '0'], cwd: floorDir, runs: reps(9) });
  measure('baseline-b', { label: '(b) node floor: empty cdk8s App, precompiled JS, plain node', cmd: process.execPath, argv: ['main.js'], cwd: floorDir, extraEnv: { CDK8S_OUTDIR: path.join(WORK, 'out', 'floor') }, runs: reps(9) });
  measure('cli-version', { label: 'npx cdk8s --version (cdk8s-cli start-up floor)', cmd: 'npx', argv: ['cdk8s', '--version'], runs: reps(5) });
  measure('cli-version-direct', { label: 'node_modules/.bin/cdk8s --version (no npx)', cmd: path.join(CO, 'node_modules', '.bin', 'cdk8s'), argv: ['--version'], runs: reps(5) });
  measure('baseline-a', { label: '(a) cdk8s init way: npx cdk8s synth, app: npx ts-node main.ts (Deployment+Service+HPA)', cmd: 'npx', argv: ['cdk8s', 'synth', '--check-upgrade=false'], cwd: baseDir, runs: reps(3) });
  if (helm.dir) {
    measure('baseline-c', { label: `(c) helm template of the helm create chart, autoscaling+ingress on (helm ${HELM_VERSION})`, cmd: HELM, argv: ['template', 'demo', './demo', '--set', 'autoscaling.enabled=true', '--set', 'ingress.enabled=true'], cwd: helm.dir, extraEnv: helm.env, runs: reps(9) });
  } else {
    results['baseline-c'] = { label: '(c) helm template', notMeasured: helm.error };
    log(`baseline-c not measured: ${helm.error}`);
  }

  // main.ts.
  const hookCache = path.join(CO, '.cache', 'ts-hook');
  measure('main-synth-cold', { label: 'npx cdk8s synth of main.ts, cold ts-hook cache (clean checkout)', cmd: 'npx', argv: ['cdk8s', 'synth', '--check-upgrade=false'], before: () => fs.rmSync(hookCache, { recursive: true, force: true }), runs: reps(3) });
  measure('main-synth-warm', { label: 'npx cdk8s synth of main.ts, warm ts-hook cache', cmd: 'npx', argv: ['cdk8s', 'synth', '--check-upgrade=false'], runs: reps(7) });
  measure('main-synth-direct-warm', { label: 'node_modules/.bin/cdk8s synth of main.ts, warm (no npx)', cmd: path.join(CO, 'node_modules', '.bin', 'cdk8s'), argv: ['synth', '--check-upgrade=false'], runs: reps(3) });
  measure('main-npm-run-synth-warm', { label: 'npm run synth (the README command), warm', cmd: 'npm', argv: ['run', '--silent', 'synth'], runs: reps(3) });
  // The same app without cdk8s.yaml's `validations:` (the policy plugin): what the plugin costs.
  const noValDir = fresh(path.join(WORK, 'no-validations'));
  linkNodeModules(noValDir);
  fs.writeFileSync(path.join(noValDir, 'cdk8s.yaml'), `language: typescript\napp: node -r ${HOOK} ${path.join(CO, 'main.ts')}\noutput: dist\nimports: []\n`);
  measure('main-synth-novalidation-warm', { label: 'npx cdk8s synth of main.ts, warm, without the validations: plugin', cmd: 'npx', argv: ['cdk8s', 'synth', '--check-upgrade=false'], cwd: noValDir, runs: reps(3) });
  const mainOut = path.join(WORK, 'out', 'main');
  measure('main-node-warm', { label: 'node -r ./scripts/ts-hook.js main.ts, warm cache (plain node, no CLI)', cmd: process.execPath, argv: ['-r', HOOK, 'main.ts'], extraEnv: { CDK8S_OUTDIR: mainOut }, before: () => fresh(mainOut), runs: reps(9) });
  measure('main-node-cold', { label: 'node -r ./scripts/ts-hook.js main.ts, cold cache', cmd: process.execPath, argv: ['-r', HOOK, 'main.ts'], extraEnv: { CDK8S_OUTDIR: mainOut }, before: () => { fresh(mainOut); fs.rmSync(hookCache, { recursive: true, force: true }); }, runs: reps(3) });
  measure('main-inprocess', { label: 'child process running main.ts 20× in one process (phases: see below)', cmd: process.execPath, argv: ['-r', HOOK, path.join(__dirname, 'child-main.cjs'), JSON.stringify({ root: CO, runs: 20 })], extraEnv: { CDK8S_OUTDIR: mainOut }, warmup: 1, runs: reps(3), json: true });

  // The same three Apps from Python (verify/python/apps/main.py mirrors main.ts; the Python tier
  // checks the YAML is byte-identical). Needs a Python with cdk8s, cdk8s-plus-28 and the
  // cdk8s-fastapi wheel: BENCH_PYTHON=<venv>/bin/python (verify/python/ci.sh prints its venv).
  const py = process.env.BENCH_PYTHON;
  const pyOut = path.join(WORK, 'out', 'python-main');
  const pyEnv = { JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: process.versions.node.split('.')[0], CDK8S_OUTDIR: pyOut };
  if (py) {
    const pyMain = path.join(CO, 'verify', 'python', 'apps', 'main.py');
    measure('python-import', { label: 'Python: import cdk8s, cdk8s_plus_28, cdk8s_fastapi (jsii runtime start-up)', cmd: py, argv: ['-c', 'import cdk8s, cdk8s_plus_28, cdk8s_fastapi'], extraEnv: pyEnv, runs: reps(5) });
    measure('python-main', { label: 'Python: python apps/main.py (main.ts\'s three Apps; compare main-node-warm)', cmd: py, argv: [pyMain], extraEnv: pyEnv, before: () => fresh(pyOut), runs: reps(5) });
    const pyDir = fresh(path.join(WORK, 'python-app'));
    linkNodeModules(pyDir);
    fs.writeFileSync(path.join(pyDir, 'cdk8s.yaml'), `language: python\napp: ${py} ${pyMain}\noutput: dist\nimports: []\n`);
    measure('python-synth', { label: 'Python: npx cdk8s synth, app: python main.py (compare main-synth-novalidation-warm)', cmd: 'npx', argv: ['cdk8s', 'synth', '--check-upgrade=false'], cwd: pyDir, extraEnv: { JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: pyEnv.JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION }, runs: reps(3) });
  } else if (!ONLY || ONLY.test('python')) {
    results['python-main'] = { label: 'Python: python apps/main.py', notMeasured: 'BENCH_PYTHON unset (a Python with the cdk8s-fastapi wheel)' };
  }

  // N services.
  const synthModes = libHasSynthFast ? ['fast', 'app'] : ['app'];
  for (const mode of synthModes) {
    for (const n of [1, 10, 100]) servicesCase(n, 'one-chart', mode, reps(5));
    servicesCase(1000, 'one-chart', mode, reps(3));
  }
  const rec = synthModes[0]; // the mode the README recommends for many services
  servicesCase(100, 'chart-per-service', rec, reps(3));
  servicesCase(1000, 'chart-per-service', rec, reps(2), 0);

  // npm test (unit tier), once, in the checkout.
  if (!args.has('--no-npm-test')) {
    measure('npm-test', { label: 'npm test (tsc type-check + jest), in the checkout copy', cmd: 'npm', argv: ['test', '--silent'], warmup: 0, runs: 1 });
  }

  // Profiles.
  const profiles = {};
  if (!args.has('--no-profile')) {
    const out = fresh(path.join(WORK, 'out', 'prof'));
    profiles['services-1000'] = profile('services-1000', process.execPath, ['-r', HOOK, path.join(__dirname, 'child-services.cjs'), JSON.stringify({ root: CO, n: 1000, layout: 'one-chart', synth: rec, outdir: out })]);
    profiles['services-1000-chart-per-service'] = profile('services-1000-chart-per-service', process.execPath, ['-r', HOOK, path.join(__dirname, 'child-services.cjs'), JSON.stringify({ root: CO, n: 1000, layout: 'chart-per-service', synth: rec, outdir: fresh(out) })]);
    if (rec !== 'app') profiles['services-1000-app'] = profile('services-1000-app', process.execPath, ['-r', HOOK, path.join(__dirname, 'child-services.cjs'), JSON.stringify({ root: CO, n: 1000, layout: 'one-chart', synth: 'app', outdir: fresh(out) })]);
    // Node 20 refuses --cpu-prof in NODE_OPTIONS, so the CLI and the app it spawns are profiled apart.
    profiles['cli-synth'] = profile('cli-synth', process.execPath, [path.join(CO, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s'), 'synth', '--check-upgrade=false']);
    profiles['cli-version'] = profile('cli-version', process.execPath, [path.join(CO, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s'), '--version']);
    profiles['main-node-cold'] = profile('main-node-cold', process.execPath, ['-r', HOOK, 'main.ts'], { extraEnv: { CDK8S_OUTDIR: fresh(mainOut) }, before: () => fs.rmSync(hookCache, { recursive: true, force: true }) });
    profiles['main-node-warm'] = profile('main-node-warm', process.execPath, ['-r', HOOK, 'main.ts'], { extraEnv: { CDK8S_OUTDIR: fresh(mainOut) } });
  }

  meta.loadavgAtEnd = os.loadavg().map((x) => round(x, 2));
  meta.durationS = round((Date.now() - started) / 1000);
  const targets = evaluate(rec);
  const report = { meta, recommendedSynth: rec, results, targets, profiles };
  fs.writeFileSync(path.join(OUT, 'results.json'), JSON.stringify(report, null, 2) + '\n');
  const md = markdown(report);
  fs.writeFileSync(path.join(OUT, 'results.md'), md);
  console.log(md);
}

function evaluate(rec) {
  const m = (id) => results[id]?.medianMs;
  const t = [];
  const ratio = (x, y) => (x !== undefined && y ? round(x / y, 3) : undefined);
  const target = (name, value, limit, unit, detail) => {
    const status = value === undefined ? 'NOT MEASURED' : value <= limit ? 'PASS' : 'NOT MET';
    t.push({ name, value, limit, unit, status, detail });
  };
  target('npx cdk8s synth of main.ts (warm cache) / baseline (a)', ratio(m('main-synth-warm'), m('baseline-a')), 0.4, 'ratio', `${m('main-synth-warm')} ms / ${m('baseline-a')} ms`);
  target('npx cdk8s synth of main.ts (cold cache, clean checkout) / baseline (a)', ratio(m('main-synth-cold'), m('baseline-a')), 0.4, 'ratio', `${m('main-synth-cold')} ms / ${m('baseline-a')} ms`);
  target('node -r ts-hook main.ts (warm) / node floor (b)', ratio(m('main-node-warm'), m('baseline-b')), 2, 'ratio', `${m('main-node-warm')} ms / ${m('baseline-b')} ms`);
  const k1000 = `services-one-chart-${rec}-1000`;
  const k100 = `services-one-chart-${rec}-100`;
  target(`1000 services, one Chart, ${rec === 'fast' ? 'synthFast' : 'app.synth'}: process wall`, m(k1000), 2500, 'ms', `node -r ts-hook, whole process`);
  const w1000 = childMedian(k1000, 'workMs');
  const w100 = childMedian(k100, 'workMs');
  if (results['npm-test']) target('npm test (unit tier: tsc + jest), one run', m('npm-test'), 20000, 'ms', 'in the checkout copy');
  target('t(1000)/t(100), construct+synth time inside the process', ratio(w1000, w100), 12, 'ratio', `${w1000} ms / ${w100} ms (process wall: ${m(k1000)} / ${m(k100)} = ${ratio(m(k1000), m(k100))})`);
  return t;
}

function markdown({ meta, results: r, targets, profiles, recommendedSynth }) {
  const L = [];
  L.push('# cdk8s-fastapi synth benchmark', '');
  L.push(`Run ${meta.date} on ${meta.commit} (${meta.source === 'head' ? 'clean `git archive HEAD` checkout' : 'working-tree copy'}), ${meta.machine.cpus} CPUs (${meta.machine.cpuModel}), node ${meta.node}, ` +
    `${Object.entries(meta.versions).map(([k, v]) => `${k} ${v}`).join(', ')}. Load average at start ${meta.machine.loadavgAtStart.join(' / ')}, at end ${meta.loadavgAtEnd.join(' / ')}; the run took ${meta.durationS} s.`);
  L.push('Regenerate with `npm run bench` (`node verify/bench/run.cjs`); raw runs, child-process phase timings and profiles are in results.json.', '');
  L.push('## Targets', '', '| target | value | limit | status | detail |', '|---|---|---|---|---|');
  for (const t of targets) L.push(`| ${t.name} | ${t.value ?? '-'}${t.unit === 'ms' ? ' ms' : ''} | ${t.unit === 'ms' ? '≤ ' + t.limit + ' ms' : '≤ ' + t.limit + '×'} | **${t.status}** | ${t.detail} |`);
  const c = r['baseline-c'];
  L.push('');
  if (c?.medianMs && r['main-synth-warm'] && r['main-node-warm'] && r['main-inprocess']) {
    L.push(`vs helm template (c) = ${c.medianMs} ms: npx cdk8s synth of main.ts (warm) is ${round(r['main-synth-warm'].medianMs / c.medianMs, 2)}×, node -r ts-hook main.ts ${round(r['main-node-warm'].medianMs / c.medianMs, 2)}×, ` +
      `in-process main.ts construct+synth (JIT-warm) ${round(median(r['main-inprocess'].child.flatMap((x) => x.warmMs)) / c.medianMs, 3)}×.`);
  } else {
    L.push(`helm template (c): ${c ? `not measured: ${c.notMeasured}` : 'not run'}`);
  }
  L.push('', '## All cases', '', '| case | median ms | min | max | runs | CPU ms (user+sys, median) | peak RSS MB | ratio to (a) | ratio to (b) |', '|---|---|---|---|---|---|---|---|---|');
  const a = r['baseline-a']?.medianMs ?? NaN;
  const b = r['baseline-b']?.medianMs ?? NaN;
  for (const [id, x] of Object.entries(r)) {
    if (!x.runs) { L.push(`| ${x.label} | not measured: ${x.notMeasured} | | | | | | | |`); continue; }
    L.push(`| ${x.label} | ${x.medianMs} | ${x.minMs} | ${x.maxMs} | ${x.runs.length} | ${x.medianCpuMs ?? '-'} | ${x.peakRssMB} | ${round(x.medianMs / a, 2)} | ${round(x.medianMs / b, 2)} |`);
  }
  L.push('', 'Wall-clock medians decide the targets. CPU is user+sys of the whole process tree (`/usr/bin/time`; node\'s GC and compiler threads make it exceed wall when idle cores exist); ' +
    'wall well above CPU means the run waited for a core (other load on the machine; per-run 1-minute load averages are in results.json). ' +
    'Peak RSS is `/usr/bin/time -f %M`: for commands that spawn (npx, cdk8s synth) it is the largest single process of the tree.');
  L.push('', '### Inside the process (child-reported phases, medians in ms)', '', '| case | boot (node + hook) | load modules | construct | synth | construct+synth | child maxRSS MB | output |', '|---|---|---|---|---|---|---|---|');
  for (const [id, x] of Object.entries(r)) {
    if (!id.startsWith('services-')) continue;
    const f = (k) => childMedian(id, k);
    L.push(`| ${x.label} | ${f('bootMs')} | ${f('loadMs')} | ${f('constructMs')} | ${f('synthMs')} | ${f('workMs')} | ${round(f('maxRssKB') / 1024)} | ${x.child[0].files} file(s), ${round(x.child[0].bytes / 2 ** 20, 2)} MiB |`);
  }
  const mi = r['main-inprocess'];
  if (mi) {
    const warm = mi.child.flatMap((x) => x.warmMs);
    L.push('', `main.ts in one process: node boot + ts-hook ${round(median(mi.child.map((x) => x.bootMs)))} ms, loading cdk8s + cdk8s-plus-28 + lib ${round(median(mi.child.map((x) => x.loadMs)))} ms, ` +
      `first construct+synth of its 3 apps ${round(median(mi.child.map((x) => x.firstMs)))} ms, JIT-warm repeats median ${round(median(warm))} ms (min ${round(Math.min(...warm))}, max ${round(Math.max(...warm))}, ${warm.length} runs).`);
  }
  if (Object.keys(profiles).length) {
    L.push('', '## Profiles (node --cpu-prof, self time)', '');
    for (const [id, list] of Object.entries(profiles)) {
      for (const p of list) {
        if (p.totalMs < 50) continue;
        L.push(`### ${id}: \`${p.command}\`, ${p.totalMs} ms sampled`, '');
        L.push('By package / file: ' + p.byCategory.slice(0, 8).map((x) => `${x.name} ${x.ms} ms (${x.pct}%)`).join(', ') + '.', '');
        L.push('By package / file, inclusive (samples with any of its frames on the stack): ' + p.byCategoryInclusive.slice(0, 10).map((x) => `${x.name} ${x.ms} ms`).join(', ') + '.', '');
        L.push('Top self time: ' + p.topSelf.slice(0, 8).map((x) => `\`${x.name}\` ${x.ms} ms`).join(', ') + '.', '');
        if (p.ownInclusive.length) L.push('lib/ functions, inclusive: ' + p.ownInclusive.slice(0, 8).map((x) => `\`${x.name}\` ${x.ms} ms (${x.pct}%)`).join(', ') + '.', '');
      }
    }
  }
  const notes = path.join(__dirname, 'notes.md');
  if (fs.existsSync(notes)) L.push('', fs.readFileSync(notes, 'utf8').trim());
  void recommendedSynth;
  return L.join('\n') + '\n';
}

try {
  if (args.has('--render')) {
    // Re-render results.md from results.json (e.g. after editing bench/notes.md), no measuring.
    const report = JSON.parse(fs.readFileSync(path.join(__dirname, 'results.json'), 'utf8'));
    Object.assign(results, report.results);
    report.targets = evaluate(report.recommendedSynth);
    fs.writeFileSync(path.join(__dirname, 'results.json'), JSON.stringify(report, null, 2) + '\n');
    fs.writeFileSync(path.join(__dirname, 'results.md'), markdown(report));
  } else {
    main();
  }
} catch (e) {
  console.error(e.stack || String(e));
  process.exit(1);
}
