/**
 * Issue 11, end to end: hostile values in the props of FastApiService and LoadTest. Every config is
 * either rejected at construction by a validation error naming the construct path (never a
 * TypeError, never echoing a value flagged as secret), or synthesizes YAML (cdk8s's own writer)
 * that kubectl's reader reads back with the value exactly where the user put it; and synthFast's
 * writer produces the same bytes.
 *
 * FC_NUM_RUNS=1000 in CI (fixed seed), 100 by default; FC_SEED=<n> replays a failure.
 */
import { App, Chart, Testing, Yaml } from 'cdk8s';
import { EnvValue } from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { FastApiErrors, FastApiService, IngressTls, LoadTest } from '../../lib';
import { fastYamlStringify } from '../../lib/fast-yaml';
import { kubectlReader } from '../support/kubectl-reader';
import { PROTOTYPE_NAMES, hostileString, nameLike } from './hostile-arbitraries';

const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : process.env.CI ? 20261127 : undefined;
const numRuns = Number(process.env.FC_NUM_RUNS ?? 100);
const params = { seed, numRuns };
const reader = kubectlReader();
const describeWithReader = reader ? describe : describe.skip;
jest.setTimeout(600_000);

const BASE = { image: 'registry.example.com/shop:1.2.3', asgiApp: 'shop.main:app' };
type Doc = Record<string, any>;
const of = (docs: Doc[], kind: string) => docs.find((doc) => doc.kind === kind)!;
const container = (docs: Doc[]) => of(docs, 'Deployment').spec.template.spec.containers[0];

interface Placement {
  readonly what: string;
  readonly props: (text: string) => Record<string, unknown>;
  readonly read: (docs: Doc[]) => unknown;
}
/** Where a hostile string goes, and where kubectl must find it. */
const PLACES: Placement[] = [
  { what: 'env value', props: (text) => ({ env: { V: EnvValue.fromValue(text) } }),
    read: (docs) => container(docs).env.find((entry: Doc) => entry.name === 'V').value },
  { what: 'env name', props: (text) => ({ env: { [text]: EnvValue.fromValue('x') } }),
    read: (docs) => container(docs).env[0].name },
  { what: 'extraArgs item', props: (text) => ({ extraArgs: ['--root-path', text] }),
    read: (docs) => container(docs).command.at(-1) },
  { what: 'label value', props: (text) => ({ labels: { team: text } }),
    read: (docs) => of(docs, 'Deployment').metadata.labels.team },
  { what: 'label key', props: (text) => ({ labels: { [text]: 'x' } }),
    read: (docs) => Object.keys(of(docs, 'Deployment').metadata.labels)
      .find((key) => !key.startsWith('app.kubernetes.io/')) },
  { what: 'annotation value', props: (text) => ({ ingress: { host: 'api.example.com', tls: IngressTls.disabled(),
    annotations: { 'example.com/a': text } } }),
    read: (docs) => of(docs, 'Ingress').metadata.annotations['example.com/a'] },
  { what: 'version', props: (text) => ({ version: text }),
    read: (docs) => of(docs, 'Deployment').metadata.labels['app.kubernetes.io/version'] },
  { what: 'image tag', props: (text) => ({ image: `registry.example.com/shop:${text}` }),
    read: (docs) => container(docs).image.slice('registry.example.com/shop:'.length) },
  { what: 'name', props: (text) => ({ name: text }), read: (docs) => of(docs, 'Deployment').metadata.name },
  {
    what: 'namespace', props: (text) => ({ namespace: text }),
    read: (docs) => of(docs, 'Deployment').metadata.namespace,
  },
  { what: 'ingress host', props: (text) => ({ ingress: { host: text, tls: IngressTls.disabled() } }),
    read: (docs) => of(docs, 'Ingress').spec.rules[0].host },
];

type Outcome = { rejected: string } | { docs: Doc[]; yaml: string };
function build(make: (chart: Chart) => void): Outcome {
  const chart = new Chart(new App({ outdir: '/dev/null' }), 'c');
  try {
    make(chart);
  } catch (error) {
    // never a TypeError or a crash: only this library's validation errors, naming the construct path
    if (!FastApiErrors.isValidationError(error)) throw error;
    const message = (error as Error).message;
    if (!/^c\/(api|load): /.test(message)) throw new Error(`no construct path: ${message}`);
    return { rejected: message };
  }
  const objects = Testing.synth(chart);
  const yaml = Yaml.stringify(...objects);
  expect(fastYamlStringify(...objects)).toBe(yaml);
  const docs = reader!.read(yaml) as Doc[];
  return { docs, yaml };
}

describeWithReader('hostile strings in the props: rejected, or read back exactly by kubectl', () => {
  test.each(PLACES.map((place) => [place.what, place] as const))('%s', (_what, place) => {
    fc.assert(fc.property(fc.oneof(hostileString, nameLike), (text) => {
      const outcome = build((chart) => new FastApiService(chart, 'api', { ...BASE, ...place.props(text) } as any));
      if ('rejected' in outcome) return;
      expect(outcome.docs.filter((doc) => 'error' in doc)).toEqual([]);
      expect(place.read(outcome.docs)).toBe(text);
    }), params);
  });

  test('locustfile (ConfigMap data)', () => {
    fc.assert(fc.property(hostileString, (text) => {
      const outcome = build((chart) => {
        const target = new FastApiService(chart, 'api', BASE);
        new LoadTest(chart, 'load', { target, locustfile: `import x\n${text}` });
      });
      if ('rejected' in outcome) return;
      expect(of(outcome.docs, 'ConfigMap').data['locustfile.py']).toBe(`import x\n${text}`);
    }), params);
  });
});

/** Values of every JS type, for any prop: a validation error or a synthesized config, never a crash. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(undefined, null, NaN, Infinity, -Infinity, -0, 0, 1, 1.5, true, false, 'false', 'true', '', '3'),
  fc.constantFrom(new Map([['a', 'b']]), new Set(['a']), [], ['a'], [1], {}, { a: 1 }, () => 1, Symbol('s'), BigInt(1)),
  fc.constantFrom(...PROTOTYPE_NAMES).map((key) => JSON.parse(`{"${key}": "x"}`)),
  hostileString,
);
const PROPS = ['image', 'name', 'namespace', 'asgiApp', 'port', 'servicePort', 'workers', 'extraArgs', 'command',
  'imagePullPolicy', 'imagePullSecrets', 'env', 'envFrom', 'resources', 'autoscaling', 'probes', 'shutdown',
  'initContainers', 'migration', 'ingress', 'httpRoute', 'forwardedAllowIps', 'keepAliveTimeout', 'security',
  'networkPolicy', 'labels', 'partOf', 'version', 'revisionHistoryLimit'];

describeWithReader('wrong JS types in any prop: a clean validation error or an exact round trip', () => {
  test('FastApiService', () => {
    fc.assert(fc.property(fc.constantFrom(...PROPS), anyValue, (prop, given) => {
      const outcome = build((chart) => new FastApiService(chart, 'api', { ...BASE, [prop]: given } as any));
      if ('rejected' in outcome) return;
      expect(outcome.docs.filter((doc) => 'error' in doc)).toEqual([]);
      expect(outcome.yaml).not.toMatch(/: -0$/m);
    }), params);
  });
});
