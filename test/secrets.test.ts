import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing, Yaml } from 'cdk8s';
import { EnvValue } from 'cdk8s-plus-28';
import { EnvSource, FastApiService, InitStep, ServiceEnv } from '../lib';
import { FIXTURES } from './fixtures';
import { IMAGE, synthService } from './util';

const CANARY = 'canary-7f3a9c1e-do-not-ship';
const ROOT = path.join(__dirname, '..');

test('a credential-like variable with a literal value is rejected without echoing the value', () => {
  let message = '';
  try {
    synthService({ image: IMAGE, env: { DB_PASSWORD: EnvValue.fromValue(CANARY) } });
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message).toMatch(/^test\/api: env\['DB_PASSWORD'\] must be a reference such as ServiceEnv.fromSecret/);
  expect(message).not.toContain(CANARY);
});

test('a credential-like name holding no secret can be declared so', () => {
  expect(
    () => synthService({ image: IMAGE, env: { TOKEN_URL: ServiceEnv.notSecret('https://auth.example.com/token') } }),
  ).not.toThrow();
});

test('secret values present at synth time never reach the output, only references do', () => {
  // CI secrets often sit in the environment of the process that synthesizes.
  process.env.DB_PASSWORD = CANARY;
  try {
    const chart = new Chart(Testing.app(), 'canary');
    new FastApiService(chart, 'api', {
      image: IMAGE,
      env: { DB_PASSWORD: ServiceEnv.fromSecret('db', 'password') },
      envFrom: [EnvSource.secret('api-keys')],
      migration: { command: ['migrate'] },
      initContainers: [InitStep.run({ name: 'wait', command: ['wait'] })],
    });
    for (const build of Object.values(FIXTURES)) build(new Chart(Testing.app(), 'fixture'));
    const yaml = Yaml.stringify(...Testing.synth(chart));
    expect(yaml).toContain('secretKeyRef');
    expect(yaml).not.toContain(CANARY);
  } finally {
    delete process.env.DB_PASSWORD;
  }
});

test('the synthesized main.ts output does not contain a planted canary secret', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'canary-'));
  execFileSync(process.execPath, ['-r', './scripts/ts-hook.js', 'main.ts'], {
    cwd: ROOT, env: { ...process.env, CDK8S_OUTDIR: outdir, DB_PASSWORD: CANARY, API_TOKEN: CANARY },
  });
  const files = fs.readdirSync(outdir, { recursive: true }).map(String).filter((f) => f.endsWith('.yaml'));
  expect(files.length).toBeGreaterThan(0);
  for (const f of files) expect(fs.readFileSync(path.join(outdir, f), 'utf8')).not.toContain(CANARY);
});
