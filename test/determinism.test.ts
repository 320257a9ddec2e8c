import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing, Yaml } from 'cdk8s';
import { FIXTURES } from './fixtures';

const ROOT = path.join(__dirname, '..');

function synthInOrder(names: string[]): Record<string, string> {
  const app = Testing.app();
  const charts = names.map((n) => {
    const chart = new Chart(app, n);
    FIXTURES[n](chart);
    return chart;
  });
  return Object.fromEntries(charts.map((c) => [c.node.id, Yaml.stringify(...Testing.synth(c))]));
}

function readTree(dir: string): Record<string, Buffer> {
  const files = fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.yaml')).sort();
  return Object.fromEntries(files.map((f) => [f, fs.readFileSync(path.join(dir, f))]));
}

test('synthesizing the same fixtures twice, in opposite order, gives identical YAML', () => {
  const names = Object.keys(FIXTURES);
  expect(synthInOrder([...names].reverse())).toEqual(synthInOrder(names));
});

test('two separate synth processes of main.ts write byte-identical files', () => {
  const run = () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'det-'));
    execFileSync(
      process.execPath,
      ['-r', './scripts/ts-hook.js', 'main.ts'],
      { cwd: ROOT, env: { ...process.env, CDK8S_OUTDIR: outdir } },
    );
    return readTree(outdir);
  };
  const first = run();
  expect(Object.keys(first).length).toBeGreaterThan(0);
  expect(run()).toEqual(first);
});

test('the committed dist/ is what main.ts synthesizes', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dist-'));
  execFileSync(
    process.execPath,
    ['-r', './scripts/ts-hook.js', 'main.ts'],
    { cwd: ROOT, env: { ...process.env, CDK8S_OUTDIR: outdir } },
  );
  expect(readTree(outdir)).toEqual(readTree(path.join(ROOT, 'dist')));
});

describe('the dist drift check (scripts/check-dist.sh)', () => {
  const check = (dir: string) => {
    try {
      execFileSync('bash', ['scripts/check-dist.sh', dir], { cwd: ROOT, stdio: 'pipe' });
      return 0;
    } catch (e: any) {
      return e.status as number;
    }
  };
  const copyOfDist = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-'));
    fs.cpSync(path.join(ROOT, 'dist'), dir, { recursive: true });
    return dir;
  };

  test('passes on an untouched copy of dist/', () => {
    expect(check(copyOfDist())).toBe(0);
  });

  test('fails on a hand-edited dist/', () => {
    const dir = copyOfDist();
    const full = path.join(dir, 'kf-api.k8s.yaml');
    const original = fs.readFileSync(full, 'utf8');
    const edited = original.replace('maxReplicas: 10', 'maxReplicas: 11');
    expect(edited).not.toBe(original);
    fs.writeFileSync(full, edited);
    expect(check(dir)).toBe(1);
  });

  test('fails when dist/ holds a file kubectl cannot apply', () => {
    const dir = copyOfDist();
    fs.writeFileSync(path.join(dir, 'construct-metadata.json'), '{}');
    expect(check(dir)).toBe(1);
  });
});
