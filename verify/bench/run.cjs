#!/usr/bin/env node
// Synth benchmark of cdk8s-fastapi (`npm run bench`): every case runs several times after a
// warm-up; medians, min/max and peak RSS are reported, and ratios against baselines measured in
// the same run decide PASS / NOT MET per target. Writes bench/results.json and verify/bench/results.md.
//
//   [BENCH_PYTHON=<venv>/bin/python] node verify/bench/run.cjs [--source=head|worktree] [--quick]
//     [--no-npm-test] [--no-profile] [--no-helm] [--only=<regex>] [--render]
//
// --source=head (default) benchmarks `git archive HEAD` extracted to .cache/bench/checkout (a
// clean checkout: no ts-hook cache, no compiled JS; node_modules is a symlink to the repo's).
// --source=worktree copies the working tree's tracked and untracked-not-ignored files instead.
// Either way the copy has its own .cache/ts-hook, so the cold-cache cases never touch the repo's.
// The projects are set up by projects.cjs; targets and results.md come from report.cjs.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { summarize } = require('./profile.cjs');
const {
  REPO, WORK, CO, HOOK, HELM, HELM_VERSION, env,
  fresh, linkNodeModules, setupCheckout, setupBaselineInit, setupFloor, setupHelm,
} = require('./projects.cjs');
const { median, round, evaluate, markdown } = require('./report.cjs');

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

const started = Date.now();
const log = (...a) => console.error(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)}s]`, ...a);

// ---------------------------------------------------------------------------------------------
// Measuring

const results = {};

/**
 * Runs `cmd` warmup+runs times (fresh process each), timing the wall clock around the process and
 * its peak RSS via /usr/bin/time (the largest process of the tree for commands that spawn).
 */
function measure(id, { label, cmd, argv, cwd = CO, extraEnv = {}, warmup = 1, runs = 5, before, json = false }) {
  if (ONLY && !ONLY.test(id)) return undefined;
  const rssFile = path.join(WORK, 'rss.txt');
  const rec = {
    label, command: [cmd, ...argv].join(' ').replaceAll(REPO, '.'), cwd: path.relative(REPO, cwd) || '.',
    warmup, runs: [], cpuMs: [], loadavg1: [], peakRssMB: 0, child: [],
  };
  log(`${id}: ${label} (${warmup} warm-up + ${runs})`);
  for (let i = 0; i < warmup + runs; i++) {
    if (before) before();
    const t = process.hrtime.bigint();
    const load1 = os.loadavg()[0];
    const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', '-o', rssFile, cmd, ...argv], {
      cwd, env: { ...env, ...extraEnv }, encoding: 'utf8', maxBuffer: 256 << 20,
    });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (r.status !== 0) {
      throw new Error(`${id}: ${rec.command} failed (${r.status ?? r.signal}) in ${cwd}:\n` +
        `${(r.stderr || '').slice(-4000)}\n${(r.stdout || '').slice(-2000)}`);
    }
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
  log(`  median ${rec.medianMs} ms  [${rec.minMs} .. ${rec.maxMs}]  CPU ${rec.medianCpuMs} ms  ` +
    `peak RSS ${rec.peakRssMB} MB`);
  return rec;
}

/** The argv of child-services.cjs building and synthesizing `options.n` services. */
const servicesArgv = (options) =>
  ['-r', HOOK, path.join(__dirname, 'child-services.cjs'), JSON.stringify({ root: CO, ...options })];

function servicesCase(n, layout, synth, runs, warmup = 1) {
  const id = `services-${layout}-${synth}-${n}`;
  const outdir = path.join(WORK, 'out', id);
  const charts = layout === 'one-chart' ? 'one Chart' : 'one Chart per service';
  return measure(id, {
    label: `${n} all-features services, ${charts}, ${synth === 'fast' ? 'synthFast(app)' : 'app.synth()'}`,
    cmd: process.execPath,
    argv: servicesArgv({ n, layout, synth, outdir }),
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
  const r = spawnSync(cmd, ['--cpu-prof', `--cpu-prof-dir=${dir}`, ...argv], {
    cwd, env: { ...env, ...extraEnv }, encoding: 'utf8', maxBuffer: 256 << 20,
  });
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
    machine: {
      cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memGB: round(os.totalmem() / 2 ** 30),
      loadavgAtStart: os.loadavg().map((x) => round(x, 2)),
    },
    node: process.version,
  };
  meta.commit = setupCheckout(SOURCE);
  const pkg = (n) => JSON.parse(fs.readFileSync(path.join(REPO, 'node_modules', n, 'package.json'), 'utf8')).version;
  meta.versions = {
    cdk8s: pkg('cdk8s'), 'cdk8s-cli': pkg('cdk8s-cli'), 'cdk8s-plus-28': pkg('cdk8s-plus-28'),
    typescript: pkg('typescript'), 'ts-node': pkg('ts-node'),
  };
  log(`checkout of ${meta.commit} in ${path.relative(REPO, CO)}`);
  const baseDir = setupBaselineInit();
  const floorDir = setupFloor();
  const helm = args.has('--no-helm') ? { error: 'skipped (--no-helm)' } : setupHelm(log);
  if (helm.version) meta.versions.helm = `${HELM_VERSION} (go install; \`helm version\` says ${helm.version})`;
  const fastYaml = path.join(CO, 'lib', 'fast-yaml.ts');
  const libHasSynthFast =
    /export function synthFast/.test(fs.existsSync(fastYaml) ? fs.readFileSync(fastYaml, 'utf8') : '');
  const synthArgv = ['cdk8s', 'synth', '--check-upgrade=false'];
  const node = process.execPath;

  // Floors and baselines.
  measure('node-bare', { label: 'node -e 0 (bare node start-up)', cmd: node, argv: ['-e', '0'], cwd: floorDir,
    runs: reps(9) });
  measure('baseline-b', { label: '(b) node floor: empty cdk8s App, precompiled JS, plain node', cmd: node,
    argv: ['main.js'], cwd: floorDir, extraEnv: { CDK8S_OUTDIR: path.join(WORK, 'out', 'floor') }, runs: reps(9) });
  measure('cli-version', { label: 'npx cdk8s --version (cdk8s-cli start-up floor)', cmd: 'npx',
    argv: ['cdk8s', '--version'], runs: reps(5) });
  measure('cli-version-direct', { label: 'node_modules/.bin/cdk8s --version (no npx)',
    cmd: path.join(CO, 'node_modules', '.bin', 'cdk8s'), argv: ['--version'], runs: reps(5) });
  measure('baseline-a', {
    label: '(a) cdk8s init way: npx cdk8s synth, app: npx ts-node main.ts (Deployment+Service+HPA)',
    cmd: 'npx', argv: synthArgv, cwd: baseDir, runs: reps(3),
  });
  if (helm.dir) {
    measure('baseline-c', {
      label: `(c) helm template of the helm create chart, autoscaling+ingress on (helm ${HELM_VERSION})`,
      cmd: HELM,
      argv: ['template', 'demo', './demo', '--set', 'autoscaling.enabled=true', '--set', 'ingress.enabled=true'],
      cwd: helm.dir, extraEnv: helm.env, runs: reps(9),
    });
  } else {
    results['baseline-c'] = { label: '(c) helm template', notMeasured: helm.error };
    log(`baseline-c not measured: ${helm.error}`);
  }

  // main.ts.
  const hookCache = path.join(CO, '.cache', 'ts-hook');
  const clearHookCache = () => fs.rmSync(hookCache, { recursive: true, force: true });
  measure('main-synth-cold', { label: 'npx cdk8s synth of main.ts, cold ts-hook cache (clean checkout)',
    cmd: 'npx', argv: synthArgv, before: clearHookCache, runs: reps(3) });
  measure('main-synth-warm', { label: 'npx cdk8s synth of main.ts, warm ts-hook cache',
    cmd: 'npx', argv: synthArgv, runs: reps(7) });
  measure('main-synth-direct-warm', { label: 'node_modules/.bin/cdk8s synth of main.ts, warm (no npx)',
    cmd: path.join(CO, 'node_modules', '.bin', 'cdk8s'), argv: ['synth', '--check-upgrade=false'], runs: reps(3) });
  measure('main-npm-run-synth-warm', { label: 'npm run synth (the README command), warm',
    cmd: 'npm', argv: ['run', '--silent', 'synth'], runs: reps(3) });
  // The same app without cdk8s.yaml's `validations:` (the policy plugin): what the plugin costs.
  const noValDir = fresh(path.join(WORK, 'no-validations'));
  linkNodeModules(noValDir);
  fs.writeFileSync(path.join(noValDir, 'cdk8s.yaml'),
    `language: typescript\napp: node -r ${HOOK} ${path.join(CO, 'main.ts')}\noutput: dist\nimports: []\n`);
  measure('main-synth-novalidation-warm', {
    label: 'npx cdk8s synth of main.ts, warm, without the validations: plugin',
    cmd: 'npx', argv: synthArgv, cwd: noValDir, runs: reps(3),
  });
  const mainOut = path.join(WORK, 'out', 'main');
  const mainEnv = { CDK8S_OUTDIR: mainOut };
  measure('main-node-warm', {
    label: 'node -r ./scripts/ts-hook.js main.ts, warm cache (plain node, no CLI)',
    cmd: node, argv: ['-r', HOOK, 'main.ts'], extraEnv: mainEnv, before: () => fresh(mainOut), runs: reps(9),
  });
  measure('main-node-cold', {
    label: 'node -r ./scripts/ts-hook.js main.ts, cold cache',
    cmd: node, argv: ['-r', HOOK, 'main.ts'], extraEnv: mainEnv,
    before: () => { fresh(mainOut); clearHookCache(); }, runs: reps(3),
  });
  measure('main-inprocess', {
    label: 'child process running main.ts 20× in one process (phases: see below)',
    cmd: node, argv: ['-r', HOOK, path.join(__dirname, 'child-main.cjs'), JSON.stringify({ root: CO, runs: 20 })],
    extraEnv: mainEnv, warmup: 1, runs: reps(3), json: true,
  });

  // The same three Apps from Python (verify/python/apps/main.py mirrors main.ts; the Python tier
  // checks the YAML is byte-identical). Needs a Python with cdk8s, cdk8s-plus-28 and the
  // cdk8s-fastapi wheel: BENCH_PYTHON=<venv>/bin/python (verify/python/ci.sh prints its venv).
  const py = process.env.BENCH_PYTHON;
  const pyOut = path.join(WORK, 'out', 'python-main');
  const pyQuiet = { JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: process.versions.node.split('.')[0] };
  const pyEnv = { ...pyQuiet, CDK8S_OUTDIR: pyOut };
  if (py) {
    const pyMain = path.join(CO, 'verify', 'python', 'apps', 'main.py');
    measure('python-import', {
      label: 'Python: import cdk8s, cdk8s_plus_28, cdk8s_fastapi (jsii runtime start-up)',
      cmd: py, argv: ['-c', 'import cdk8s, cdk8s_plus_28, cdk8s_fastapi'], extraEnv: pyEnv, runs: reps(5),
    });
    measure('python-main', {
      label: 'Python: python apps/main.py (main.ts\'s three Apps; compare main-node-warm)',
      cmd: py, argv: [pyMain], extraEnv: pyEnv, before: () => fresh(pyOut), runs: reps(5),
    });
    const pyDir = fresh(path.join(WORK, 'python-app'));
    linkNodeModules(pyDir);
    fs.writeFileSync(path.join(pyDir, 'cdk8s.yaml'),
      `language: python\napp: ${py} ${pyMain}\noutput: dist\nimports: []\n`);
    measure('python-synth', {
      label: 'Python: npx cdk8s synth, app: python main.py (compare main-synth-novalidation-warm)',
      cmd: 'npx', argv: synthArgv, cwd: pyDir, extraEnv: pyQuiet, runs: reps(3),
    });
  } else if (!ONLY || ONLY.test('python')) {
    results['python-main'] = {
      label: 'Python: python apps/main.py', notMeasured: 'BENCH_PYTHON unset (a Python with the cdk8s-fastapi wheel)',
    };
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
    measure('npm-test', { label: 'npm test (tsc type-check + jest), in the checkout copy',
      cmd: 'npm', argv: ['test', '--silent'], warmup: 0, runs: 1 });
  }

  // Profiles.
  const profiles = {};
  if (!args.has('--no-profile')) {
    const out = fresh(path.join(WORK, 'out', 'prof'));
    profiles['services-1000'] = profile('services-1000', node,
      servicesArgv({ n: 1000, layout: 'one-chart', synth: rec, outdir: out }));
    profiles['services-1000-chart-per-service'] = profile('services-1000-chart-per-service', node,
      servicesArgv({ n: 1000, layout: 'chart-per-service', synth: rec, outdir: fresh(out) }));
    if (rec !== 'app') {
      profiles['services-1000-app'] = profile('services-1000-app', node,
        servicesArgv({ n: 1000, layout: 'one-chart', synth: 'app', outdir: fresh(out) }));
    }
    // Node 20 refuses --cpu-prof in NODE_OPTIONS, so the CLI and the app it spawns are profiled apart.
    const cli = path.join(CO, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
    profiles['cli-synth'] = profile('cli-synth', node, [cli, 'synth', '--check-upgrade=false']);
    profiles['cli-version'] = profile('cli-version', node, [cli, '--version']);
    profiles['main-node-cold'] = profile('main-node-cold', node, ['-r', HOOK, 'main.ts'],
      { extraEnv: { CDK8S_OUTDIR: fresh(mainOut) }, before: clearHookCache });
    profiles['main-node-warm'] = profile('main-node-warm', node, ['-r', HOOK, 'main.ts'],
      { extraEnv: { CDK8S_OUTDIR: fresh(mainOut) } });
  }

  meta.loadavgAtEnd = os.loadavg().map((x) => round(x, 2));
  meta.durationS = round((Date.now() - started) / 1000);
  const targets = evaluate(results, rec);
  const report = { meta, recommendedSynth: rec, results, targets, profiles };
  fs.writeFileSync(path.join(OUT, 'results.json'), JSON.stringify(report, null, 2) + '\n');
  const md = markdown(report);
  fs.writeFileSync(path.join(OUT, 'results.md'), md);
  console.log(md);
}

try {
  if (args.has('--render')) {
    // Re-render results.md from results.json (e.g. after editing bench/notes.md), no measuring.
    const report = JSON.parse(fs.readFileSync(path.join(__dirname, 'results.json'), 'utf8'));
    Object.assign(results, report.results);
    report.targets = evaluate(results, report.recommendedSynth);
    fs.writeFileSync(path.join(__dirname, 'results.json'), JSON.stringify(report, null, 2) + '\n');
    fs.writeFileSync(path.join(__dirname, 'results.md'), markdown(report));
  } else {
    main();
  }
} catch (e) {
  console.error(e.stack || String(e));
  process.exit(1);
}
