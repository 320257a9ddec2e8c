import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing, Yaml } from 'cdk8s';
import * as fc from 'fast-check';
import { FastApiService } from '../lib';
import { fastYamlStringify, synthFast } from '../lib/fast-yaml';
import { validProps } from './arbitraries';
import { FIXTURES } from './fixtures';

const same = (docs: unknown[]) => expect(fastYamlStringify(...docs)).toBe(Yaml.stringify(...docs));

test.each(Object.keys(FIXTURES))('writes the %s fixture byte for byte like Yaml.stringify', (name) => {
  const chart = new Chart(Testing.app(), name);
  FIXTURES[name](chart);
  same(Testing.synth(chart));
});

test('writes random valid services byte for byte like Yaml.stringify', () => {
  fc.assert(fc.property(validProps, (props) => {
    const chart = new Chart(Testing.app(), 'c');
    new FastApiService(chart, 'api', props);
    same(Testing.synth(chart));
  }), { seed: process.env.CI ? 7 : undefined, numRuns: 200 });
});

test('quotes and escapes awkward strings exactly as the yaml package does', () => {
  const awkward = [
    '', ' ', 'yes', 'No', 'on', 'null', '~', '8080', '1.0', '0x1F', '1e3', '.inf', '*', '&a', '!tag', '#c', 'a: b',
    'a #b', '- x', '? x', '[x]', '{x}', '"q"', 'q', '%x', '@x', '`x', 'tab\there', 'ünïcödé', ' lead', 'trail ',
    '25%', 'a:b', 'http://x:80/y', 'import time; time.sleep(5)', '10.0.0.0/8', 'e0', 'E12', 'e-0', 'E+5', 'e', 'e1x',
    '_1', '/a', '2024-01-01', '12:30', '+1', '-1', '0', 'true', 'Y', '=', '<<',
  ];
  same([{ list: awkward, map: Object.fromEntries(awkward.filter((s) => s).map((s, i) => [s, i])) }]);
});

test('hands documents it cannot write with certainty to Yaml.stringify', () => {
  same([
    { data: { 'locustfile.py': 'from locust import HttpUser\n\nclass U(HttpUser):\n    pass\n' } },
    { nested: [[1, 2], []] },
    { f: 0.5 },
  ]);
  same([undefined, { a: 1 }, {}]);
});

test('synthFast writes the same files as app.synth() and restores Yaml.stringify', () => {
  const build = (outdir: string) => {
    const app = new App({ outdir, recordConstructMetadata: false });
    for (const [name, fixture] of Object.entries(FIXTURES)) fixture(new Chart(app, name));
    return app;
  };
  const slow = fs.mkdtempSync(path.join(os.tmpdir(), 'slow-'));
  const fast = fs.mkdtempSync(path.join(os.tmpdir(), 'fast-'));
  const originalStringify = Yaml.stringify;
  build(slow).synth();
  synthFast(build(fast));
  expect(Yaml.stringify).toBe(originalStringify);
  const files = fs.readdirSync(slow).sort();
  expect(fs.readdirSync(fast).sort()).toEqual(files);
  for (const f of files) expect(
    fs.readFileSync(path.join(fast, f), 'utf8'),
  ).toBe(fs.readFileSync(path.join(slow, f), 'utf8'));
});

test('synthFast writes every fixture object itself except the locustfile ConfigMap', () => {
  // A document handed whole to the yaml package costs as much as plain app.synth(): one
  // multi-line string in every Deployment once made 1000 services' synth 2.6x slower.
  const whole: string[] = [];
  const originalStringify = Yaml.stringify;
  Yaml.stringify = (...docs: unknown[]) => {
    for (const doc of docs) {
      if (doc !== null && typeof doc === 'object') whole.push(`${(doc as { kind?: string }).kind}`);
    }
    return originalStringify(...docs);
  };
  try {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'fast-')), recordConstructMetadata: false });
    for (const [name, fixture] of Object.entries(FIXTURES)) fixture(new Chart(app, name));
    synthFast(app);
  } finally {
    Yaml.stringify = originalStringify;
  }
  expect(whole.filter((kind) => kind !== 'ConfigMap')).toEqual([]);
});
