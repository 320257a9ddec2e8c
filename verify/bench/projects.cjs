// The projects verify/bench/run.cjs measures, each set up fresh under .cache/bench/: the checkout
// of this repo, baseline (a) (the `cdk8s init typescript-app` way), baseline (b) (the node floor)
// and baseline (c) (a `helm create` chart, helm built once with `go install`).
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const REPO = path.resolve(__dirname, '../..');
const WORK = path.join(REPO, '.cache', 'bench');
const CO = path.join(WORK, 'checkout');
const HOOK = path.join(CO, 'scripts', 'ts-hook.js');
const TOOL_CACHE = process.env.CDK8S_FASTAPI_CACHE || path.join(os.homedir(), '.cache', 'cdk8s-fastapi');
const HELM_VERSION = 'v3.22.0';
const HELM = path.join(TOOL_CACHE, 'bin', `helm-${HELM_VERSION}`);

const env = { ...process.env, CDK8S_CHECK_UPGRADE: 'false' };
delete env.NODE_OPTIONS;

function sh(cmd, a, o = {}) {
  const r = spawnSync(cmd, a, { encoding: 'utf8', maxBuffer: 256 << 20, env, ...o });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${a.join(' ')} failed (${r.status ?? r.signal}):\n` +
      `${(r.stderr || '').slice(-3000)}${(r.stdout || '').slice(-2000)}`);
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

/** The checkout of this repo under test: `source` is 'head' or 'worktree' (see run.cjs). */
function setupCheckout(source) {
  fresh(CO);
  let commit = sh('git', ['-C', REPO, 'rev-parse', 'HEAD']).trim();
  if (source === 'head') {
    const tar = sh('git', ['-C', REPO, 'archive', '--format=tar', 'HEAD'], { encoding: 'buffer' });
    spawnSync('tar', ['-x', '-C', CO], { input: tar });
  } else if (source === 'worktree') {
    const files = sh('git', ['-C', REPO, 'ls-files', '-z', '-co', '--exclude-standard'])
      .split('\0').filter(Boolean);
    for (const f of files) {
      const src = path.join(REPO, f);
      if (!fs.existsSync(src) || fs.statSync(src).isDirectory()) continue;
      fs.mkdirSync(path.dirname(path.join(CO, f)), { recursive: true });
      fs.copyFileSync(src, path.join(CO, f));
    }
    commit += ' + working tree';
  } else {
    throw new Error(`--source must be head or worktree, not ${source}`);
  }
  linkNodeModules(CO);
  return commit;
}

/** Baseline (a): a raw cdk8s-plus-28 app the way `cdk8s init typescript-app` sets it up. */
function setupBaselineInit() {
  const dir = fresh(path.join(WORK, 'baseline-init'));
  linkNodeModules(dir);
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'),
    'language: typescript\napp: npx ts-node main.ts\noutput: dist\nimports: []\n');
  // compilerOptions of the cdk8s init typescript-app template (type-checked by ts-node), minus
  // 'charset', which TypeScript 5.x rejects.
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      alwaysStrict: true, declaration: true, experimentalDecorators: true, inlineSourceMap: true,
      inlineSources: true, lib: ['es2016'], module: 'CommonJS', noEmitOnError: true,
      noFallthroughCasesInSwitch: true, noImplicitAny: true, noImplicitReturns: true, noImplicitThis: true,
      noUnusedLocals: true, noUnusedParameters: true, resolveJsonModule: true, strict: true,
      strictNullChecks: true, strictPropertyInitialization: true, stripInternal: true,
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
  fs.writeFileSync(path.join(dir, 'main.js'),
    "'use strict';\nconst { App } = require('cdk8s');\nnew App().synth();\n");
  return dir;
}

/** Baseline (c): `helm create` chart. Builds helm with `go install` once (cached binary). */
function setupHelm(log) {
  if (!fs.existsSync(HELM)) {
    log(`building helm ${HELM_VERSION} with go install (one-time; cached at ${HELM})`);
    const gobin = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-gobin-'));
    const r = spawnSync('go', ['install', `helm.sh/helm/v3/cmd/helm@${HELM_VERSION}`], {
      env: { ...env, GOBIN: gobin, GOFLAGS: '-buildvcs=false' }, encoding: 'utf8', timeout: 20 * 60e3,
    });
    if (r.status !== 0) {
      const why = (r.stderr || String(r.error || r.signal)).trim().split('\n').slice(-3).join(' | ');
      return { error: `go install helm.sh/helm/v3/cmd/helm@${HELM_VERSION} failed: ${why}` };
    }
    fs.mkdirSync(path.dirname(HELM), { recursive: true });
    fs.copyFileSync(path.join(gobin, 'helm'), `${HELM}.tmp`);
    fs.chmodSync(`${HELM}.tmp`, 0o755);
    fs.renameSync(`${HELM}.tmp`, HELM);
    fs.rmSync(gobin, { recursive: true, force: true });
  }
  const dir = fresh(path.join(WORK, 'helm'));
  const helmEnv = {
    HELM_CACHE_HOME: path.join(dir, 'home', 'cache'),
    HELM_CONFIG_HOME: path.join(dir, 'home', 'config'),
    HELM_DATA_HOME: path.join(dir, 'home', 'data'),
  };
  sh(HELM, ['create', 'demo'], { cwd: dir, env: { ...env, ...helmEnv } });
  const version = sh(HELM, ['version', '--short'], { env: { ...env, ...helmEnv } }).trim();
  return { dir, env: helmEnv, version };
}

module.exports = {
  REPO, WORK, CO, HOOK, HELM, HELM_VERSION, env,
  fresh, linkNodeModules, setupCheckout, setupBaselineInit, setupFloor, setupHelm,
};
