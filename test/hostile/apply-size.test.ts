/**
 * Issue 11, class 3: an object too large for client-side `kubectl apply`, which copies the whole
 * object into the annotation kubectl.kubernetes.io/last-applied-configuration, and the apiserver
 * caps an object's annotations at 256 KiB (apimachinery ValidateAnnotationsSize). Each boundary is
 * computed from the rendered object, not hard-coded.
 */
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { EnvValue } from 'cdk8s-plus-28';
import {
  FastApiService, FastApiServiceProps, FastApiWorker, InitStep, LoadTest, ServiceNetworkPolicy, Sidecar, Toleration,
  Volume, WorkerLiveness,
} from '../../lib';
import * as size from '../../lib/_size';
import { FIXTURES } from '../fixtures';

const LIMIT = 256 * 1024;
const IMAGE = 'registry.example.com/shop/api:1.2.3';
const KEY = 'kubectl.kubernetes.io/last-applied-configuration';

/** Client-side apply's annotation bytes for an ASCII-only object, computed independently of lib/_size. */
function applyBytes(json: any): number {
  const annotations: Record<string, string> = json.metadata.annotations ?? {};
  const others = Object.entries(annotations).reduce((sum, [k, v]) => sum + k.length + v.length, 0);
  // kubectl adds the namespace it applies to when there is none: at most 63 characters
  const namespace = json.metadata.namespace ? 0 : ',"namespace":""'.length + 63;
  return others + KEY.length + JSON.stringify(json).length + 1 + namespace;
}

const chart = () => new Chart(Testing.app(), 'test');
const objectOf = (scope: Chart, kind: string) => Testing.synth(scope).find((o: any) => o.kind === kind);

/**
 * The filler length at which `kind`'s annotations are exactly the limit, from two renderings
 * (the filler may be written more than once).
 */
function boundary(build: (scope: Chart, filler: string) => void, kind: string): number {
  const measure = (length: number) => {
    const scope = chart();
    build(scope, 'a'.repeat(length));
    return applyBytes(objectOf(scope, kind));
  };
  const small = measure(1000);
  const slope = (measure(2000) - small) / 1000;
  const length = 1000 + (LIMIT - small) / slope;
  expect(Number.isInteger(length)).toBe(true);
  return length;
}

const fillers = {
  'a pod annotation': (scope: Chart, filler: string) =>
    new FastApiService(scope, 'api', { image: IMAGE, podAnnotations: { 'example.com/notes': filler } }),
  'an env value': (scope: Chart, filler: string) =>
    new FastApiService(scope, 'api', { image: IMAGE, env: { NOTES: EnvValue.fromValue(filler) } }),
  'a LoadTest locustfile': (scope: Chart, filler: string) => new LoadTest(scope, 'load', {
    target: new FastApiService(scope, 'api', { image: IMAGE }),
    locustfile: `from locust import HttpUser\n# ${filler}\n`,
  }),
};
const kinds: Record<keyof typeof fillers, string> = {
  'a pod annotation': 'Deployment', 'an env value': 'Deployment', 'a LoadTest locustfile': 'ConfigMap',
};

describe.each(Object.keys(fillers) as Array<keyof typeof fillers>)('%s', (what) => {
  const build = fillers[what];
  const kind = kinds[what];
  const length = boundary(build, kind);

  test('that brings the object to exactly 256 KiB of annotations is accepted', () => {
    const scope = chart();
    build(scope, 'a'.repeat(length));
    expect(applyBytes(objectOf(scope, kind))).toBe(LIMIT);
  });

  test('one byte longer is rejected naming the construct path, the object, its size and the limit', () => {
    let message = '';
    try {
      build(chart(), 'a'.repeat(length + 1));
    } catch (error) {
      message = (error as Error).message;
    }
    const path = kind === 'ConfigMap' ? 'test/load' : 'test/api';
    const name = kind === 'ConfigMap' ? 'api-load-test' : 'api';
    expect(message).toContain(`${path}: the ${kind} '${name}' must fit in ${LIMIT} bytes (256 KiB) of annotations`);
    expect(message).toContain(`got ${LIMIT + 1} bytes`);
    expect(message).toContain("'kubectl apply --server-side'");
    expect(message).not.toContain('aaaaaaaaaa');
  });
});

test('a rejected service leaves no object of it in the chart', () => {
  const scope = chart();
  expect(() => new FastApiService(scope, 'api', { image: IMAGE, env: { BIG: EnvValue.fromValue('a'.repeat(LIMIT)) } }))
    .toThrow(/must fit in 262144 bytes/);
  expect(Testing.synth(scope)).toEqual([]);
});

test('a worker is measured with the env it inherits from its service', () => {
  const scope = chart();
  const service = new FastApiService(scope, 'api', {
    image: IMAGE, env: { SHARED: EnvValue.fromValue('a'.repeat(150_000)) },
  });
  expect(() => new FastApiWorker(scope, 'worker', {
    service, command: ['celery', 'worker'], liveness: WorkerLiveness.none('a queue consumer without a probe'),
    env: { OWN: EnvValue.fromValue('a'.repeat(150_000)) },
  })).toThrow(/test\/worker: the Deployment 'api-worker' must fit in 262144 bytes/);
});

const configMap = (value: string) => ({
  apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { k: value },
});

test('Go\'s JSON escapes count: <, > and & take 6 bytes each in the annotation', () => {
  const object = configMap;
  expect(size.clientSideApplyBytes(object('<&>')) - size.clientSideApplyBytes(object('abc'))).toBe(15);
});

test('U+2028 takes 6 bytes, \\b 6 and an escaped backslash 2, as Go writes them', () => {
  const object = configMap;
  expect(size.clientSideApplyBytes(object('\u2028')) - size.clientSideApplyBytes(object('a'))).toBe(5);
  expect(size.clientSideApplyBytes(object('\b')) - size.clientSideApplyBytes(object('a'))).toBe(5);
  expect(size.clientSideApplyBytes(object('\\b')) - size.clientSideApplyBytes(object('ab'))).toBe(1);
});

test('a default service is never serialized to be measured', () => {
  const toJson = jest.spyOn(ApiObject.prototype, 'toJson');
  try {
    new FastApiService(chart(), 'api', { image: IMAGE });
    expect(toJson).not.toHaveBeenCalled();
  } finally {
    toJson.mockRestore();
  }
});

/** Every construct's bound and its largest object, while `build` runs. */
function boundsAndSizes(build: (scope: Chart) => void): Array<{ path: string; bound: number; largest: number }> {
  const calls: Array<{ scope: any; inputs: readonly unknown[] }> = [];
  const spy = jest.spyOn(size, 'ensureFitsClientSideApply').mockImplementation((scope, inputs) => {
    calls.push({ scope, inputs });
  });
  try {
    build(new Chart(new App(), 'test', { labels: { 'example.com/team': 'checkout' } }));
  } finally {
    spy.mockRestore();
  }
  return calls.map(({ scope, inputs }) => ({
    path: scope.node.path,
    bound: size.inputBound(scope, inputs) ?? Infinity,
    largest: Math.max(...scope.node.findAll().filter(ApiObject.isApiObject)
      .map((object: ApiObject) => size.clientSideApplyBytes(object.toJson()))),
  }));
}

const many = <T>(count: number, make: (i: number) => T): T[] => Array.from({ length: count }, (_, i) => make(i));
const env = (count: number, text: string) =>
  Object.fromEntries(many(count, (i) => [`VAR_${i}`, EnvValue.fromValue(`${text}${i}`)])) as Record<string, EnvValue>;

const heavy: FastApiServiceProps = {
  image: IMAGE,
  name: 'a'.repeat(46),
  namespace: 'n'.repeat(63),
  env: env(60, 'x<y>&'),
  initContainers: many(12, (i) => InitStep.run({ name: `step-${i}`, command: ['python', '-c', `print(${i})`] })),
  volumes: many(8, (i) => Volume.fromSecret({ name: `vol-${i}`, mountPath: `/etc/v${i}`, secretName: `s-${i}` })),
  sidecars: many(6, (i) => Sidecar.container({
    name: `side-${i}`, image: IMAGE, env: env(10, 'side'), volumeMounts: ['vol-0', 'vol-1'],
  })),
  placement: {
    tolerations: many(40, (i) => Toleration.equal(`example.com/t${i}`, 'x')),
    nodeSelector: Object.fromEntries(many(40, (i) => [`example.com/s${i}`, 'y'])),
  },
  networkPolicy: ServiceNetworkPolicy.restrict({
    allowFromNamespaces: many(100, (i) => `ns-${i}`), allowEgressTo: many(100, (i) => `10.${i}.0.0/16`),
  }),
  podAnnotations: Object.fromEntries(many(30, (i) => [`example.com/a${i}`, '<é€>'.repeat(20)])),
  labels: Object.fromEntries(many(20, (i) => [`example.com/l${i}`, 'v'.repeat(63)])),
  migration: { command: ['python', '-m', 'migrate'] },
};

test.each([
  ...Object.entries(FIXTURES).map(([name, build]) => [name, build] as const),
  ['many init steps, sidecars, volumes, tolerations, peers and escaped strings',
    (scope: Chart) => new FastApiService(scope, 'api', heavy)] as const,
  ['many init steps that each copy a long env', (scope: Chart) => new FastApiService(scope, 'api', {
    image: IMAGE,
    env: env(80, 'v'),
    initContainers: many(30, (i) => InitStep.run({ name: `s-${i}`, command: ['true'] })),
  })] as const,
  ['many namespace peers and egress CIDRs only', (scope: Chart) => new FastApiService(scope, 'api', {
    image: IMAGE, networkPolicy: ServiceNetworkPolicy.restrict({
      allowFromNamespaces: many(300, (i) => `n${i}`),
      allowEgressTo: many(300, (i) => `10.${Math.floor(i / 256)}.${i % 256}.0/24`),
    }),
  })] as const,
  ['many sidecars that each mount many volumes', (scope: Chart) => new FastApiService(scope, 'api', {
    image: IMAGE,
    volumes: many(20, (i) => Volume.emptyDir({ name: `v${i}`, mountPath: `/v${i}` })),
    sidecars: many(10, (i) => Sidecar.container({
      name: `s${i}`, image: IMAGE, volumeMounts: many(20, (j) => `v${j}`),
      health: { port: 9000 + i, livenessPath: '/live', readinessPath: '/ready' },
    })),
  })] as const,
  ['a worker of a heavy service, with sidecars and volumes of its own', (scope: Chart) => {
    const service = new FastApiService(scope, 'api', heavy);
    new FastApiWorker(scope, 'worker', {
      service, command: ['celery', 'worker'], liveness: WorkerLiveness.none('a queue consumer without a probe'),
      env: env(40, 'own&'), volumes: [Volume.emptyDir({ name: 'scratch', mountPath: '/scratch' })],
      sidecars: many(6, (i) => Sidecar.container({ name: `side-${i}`, image: IMAGE, volumeMounts: ['scratch'] })),
    });
  }] as const,
])('the input bound is above the largest object of %s', (_name, build) => {
  const results = boundsAndSizes(build);
  expect(results.length).toBeGreaterThan(0);
  for (const { bound, largest } of results) expect(bound).toBeGreaterThanOrEqual(largest);
});
