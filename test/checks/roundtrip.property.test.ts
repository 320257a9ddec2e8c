/**
 * Every string the checks accept reaches kubectl exactly as written; every string the YAML check
 * rejects (for a YAML reason) really does not. Values go through cdk8s's own writer (Yaml.stringify,
 * App.synthYaml on an ApiObject, the path the library's constructs take) and come back through
 * kubectl's reader (verify/yaml-roundtrip: apimachinery util/yaml + sigs.k8s.io/yaml v1.3.0).
 *
 * FC_NUM_RUNS=1000 in CI (fixed seed), 100 by default; FC_SEED=<n> replays a failure. Without the
 * Go checker these tests skip locally (printing why) and fail in CI (CI=true).
 */
import { ApiObject, App, Chart, Yaml } from 'cdk8s';
import * as fc from 'fast-check';
import { checkAnnotations, checkConfigMapKey, checkEnvVarName, checkLabels } from '../../lib/checks/names';
import { checkRecordKey } from '../../lib/checks/runtime-types';
import { checkYamlString, findUnsafeCharacter } from '../../lib/checks/yaml-safe';
import { diffValues, kubectlReader } from '../support/kubectl-reader';
import { hostileString, nameLike, PROTOTYPE_NAMES } from './hostile-arbitraries';

const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : process.env.CI ? 20261127 : undefined;
const numRuns = Number(process.env.FC_NUM_RUNS ?? 100);
const params = { seed, numRuns };

const reader = kubectlReader();
const d = reader ? describe : describe.skip;
jest.setTimeout(600_000);

/** A YAML-only verdict: NUL is allowed (it round-trips; exec is another rule). */
const yamlOk = (s: string) => checkYamlString('v', s, { allowNul: true }) === undefined;
/**
 * The only rejections allowed for a string that happens to round-trip: U+2028/U+2029 and a leading
 * tab survive when the writer picks double quotes because of another character (see yaml-safe.ts).
 */
const deliberatelyStrict = (s: string) => /[\u2028\u2029]/.test(s)
  || (checkYamlString('v', s, { allowNul: true }) ?? '').includes('first line starts with a tab');
const verdictHolds = (s: string, roundTrips: boolean) =>
  roundTrips === yamlOk(s) || (roundTrips && deliberatelyStrict(s));

d('Yaml.stringify -> kubectl: the YAML check is exact (accepts what round-trips, rejects what does not)', () => {
  test('as values', () => {
    fc.assert(fc.property(fc.array(hostileString, { minLength: 1, maxLength: 40 }), (values) => {
      const got = reader!.read(values.map((v) => Yaml.stringify({ v })).join('---\n'));
      expect(got).toHaveLength(values.length);
      const wrong = values.flatMap((v, i) => {
        const same = diffValues({ v }, got[i]).length === 0;
        return verdictHolds(v, same) ? [] : [{
          value: v, codeUnits: [...v].map((c) => c.codePointAt(0)!.toString(16)), roundTrips: same,
          written: Yaml.stringify({ v }), read: got[i],
        }];
      });
      expect(wrong).toEqual([]);
    }), params);
  });

  test('as map keys', () => {
    fc.assert(fc.property(fc.array(
      hostileString.filter((k) => k !== '' && k !== '<<' && checkRecordKey('k', k) === undefined),
      { minLength: 1, maxLength: 40 },
    ), (keys) => {
      const got = reader!.read(keys
        .map((k) => Yaml.stringify({ m: Object.defineProperty({}, k, { value: 'x', enumerable: true }) }))
        .join('---\n'));
      expect(got).toHaveLength(keys.length);
      const wrong = keys.flatMap((k, i) => {
        const same = diffValues({ m: { [k]: 'x' } }, got[i]).length === 0;
        return verdictHolds(k, same) ? [] : [{
          key: k, codeUnits: [...k].map((c) => c.codePointAt(0)!.toString(16)), roundTrips: same,
          written: Yaml.stringify({ m: { [k]: 'x' } }), read: got[i],
        }];
      });
      expect(wrong).toEqual([]);
    }), params);
  });
});

interface Config {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  data: Record<string, string>;
  env: { name: string; value: string }[];
  args: string[];
}

function put(record: Record<string, string>, k: string, v: string): void {
  Object.defineProperty(record, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** Keeps only what the checks accept, as the constructs will; the rest is rejected at construction. */
function accepted(raw: {
  labels: [string, string][]; annotations: [string, string][]; data: [string, string][]; env: [string, string][];
  args: string[];
}): Config {
  const cfg: Config = { labels: {}, annotations: {}, data: {}, env: [], args: [] };
  for (const [k, v] of raw.labels) {
    if (checkRecordKey('k', k) || Object.hasOwn(cfg.labels, k)) continue;
    const single = Object.defineProperty({}, k, { value: v, enumerable: true });
    if (checkLabels('labels', single) === undefined) put(cfg.labels, k, v);
  }
  for (const [k, v] of raw.annotations) {
    if (checkRecordKey('k', k) || Object.hasOwn(cfg.annotations, k)) continue;
    const next = { ...cfg.annotations };
    put(next, k, v);
    if (checkAnnotations('annotations', next) === undefined) put(cfg.annotations, k, v);
  }
  for (const [k, v] of raw.data) {
    if (checkRecordKey('k', k) || Object.hasOwn(cfg.data, k)) continue;
    if (checkConfigMapKey('data key', k) === undefined
      && checkYamlString('data', v, { allowNul: true }) === undefined) {
      put(cfg.data, k, v);
    }
  }
  for (const [name, value] of raw.env) {
    if (checkEnvVarName('env', name) === undefined && checkYamlString('env', value) === undefined) {
      cfg.env.push({ name, value });
    }
  }
  cfg.args = raw.args.filter((a) => checkYamlString('args', a) === undefined);
  return cfg;
}

const pair = (key: fc.Arbitrary<string>, value: fc.Arbitrary<string>) =>
  fc.array(fc.tuple(key, value), { maxLength: 8 });
const rawConfig = fc.record({
  labels: pair(
    fc.oneof(
      nameLike, fc.constantFrom(...PROTOTYPE_NAMES),
      fc.constantFrom('example.com/', 'a.b/').chain((p) => nameLike.map((n) => p + n)),
    ),
    fc.oneof(nameLike, hostileString),
  ),
  annotations: pair(fc.oneof(nameLike, fc.constantFrom(...PROTOTYPE_NAMES)), hostileString),
  data: pair(fc.oneof(nameLike, fc.constantFrom(...PROTOTYPE_NAMES), hostileString), hostileString),
  env: pair(fc.oneof(nameLike, fc.constantFrom('.', '..', '..x', '.x', 'A.B', '-', '_')), hostileString),
  args: fc.array(hostileString, { maxLength: 8 }),
});

d('App.synthYaml -> kubectl: every accepted config reads back exactly', () => {
  test('ConfigMap metadata + data and a Pod\'s env and args', () => {
    fc.assert(fc.property(rawConfig, (raw) => {
      const cfg = accepted(raw);
      const app = new App();
      const chart = new Chart(app, 'c');
      // cdk8s's ApiObjectMetadata leaves out empty labels/annotations (the same to kubectl)
      const metadata = {
        name: 'hostile',
        ...(Object.keys(cfg.labels).length ? { labels: cfg.labels } : {}),
        ...(Object.keys(cfg.annotations).length ? { annotations: cfg.annotations } : {}),
      };
      const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata, data: cfg.data };
      const pod = {
        apiVersion: 'v1', kind: 'Pod', metadata: { name: 'hostile' },
        spec: { containers: [{ name: 'app', image: 'registry.example.com/app:1.0.0', args: cfg.args, env: cfg.env }] },
      };
      new ApiObject(chart, 'cm', configMap);
      new ApiObject(chart, 'pod', pod);
      const yaml = app.synthYaml();
      const got = reader!.read(yaml);
      expect(got.filter((x) => (x as { error?: string }).error)).toEqual([]);
      const cm = got.find((x) => (x as { kind: string }).kind === 'ConfigMap');
      const p = got.find((x) => (x as { kind: string }).kind === 'Pod');
      expect(diffValues(configMap, cm)).toEqual([]);
      expect(diffValues(pod, p)).toEqual([]);
    }), params);
  });
});

// Deterministic facts the properties rely on, and FINDINGS.md records.
d('facts about cdk8s\'s writer and kubectl\'s reader', () => {
  const readOne = (doc: unknown) => reader!.read(Yaml.stringify(doc))[0];
  test('-0 is written as -0 and read as the integer 0; NaN/Infinity make the document unreadable', () => {
    expect(Yaml.stringify({ r: -0 })).toBe('r: -0\n');
    expect(readOne({ r: -0 })).toEqual({ r: 0 });
    expect(readOne({ r: NaN })).toEqual({ error: 'error converting YAML to JSON: json: unsupported value: NaN' });
    expect(readOne({ r: Infinity })).toEqual({ error: 'error converting YAML to JSON: json: unsupported value: +Inf' });
  });
  test('a map key of more than 1024 characters is written as an explicit key and read back', () => {
    const k = 'k'.repeat(1100);
    expect(Yaml.stringify({ m: { [k]: 'v' } })).toContain('? ');
    expect(readOne({ m: { [k]: 'v' } })).toEqual({ m: { [k]: 'v' } });
  });
  test('an own constructor key makes cdk8s synth throw; __proto__ vanishes', () => {
    const app = new App();
    new ApiObject(
      new Chart(app, 'c'), 'cm',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', labels: { constructor: 'x' } } },
    );
    expect(() => app.synthYaml()).toThrow("can't render non-simple object of type 'undefined'");
    const app2 = new App();
    new ApiObject(
      new Chart(app2, 'c'), 'cm',
      {
        apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: JSON.parse('{"__proto__": "x", "a": "b"}'),
      },
    );
    expect(reader!.read(app2.synthYaml())[0]).toEqual({
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 'b' },
    });
  });
  test('NEL inside a double-quoted scalar is read back as a space', () => {
    expect(readOne({ v: 'a\u0085b' })).toEqual({ v: 'a b' });
    expect(findUnsafeCharacter('a\u0085b')?.name).toBe('U+0085 NEXT LINE (NEL)');
  });
});
