/**
 * Issue 11, round 3, classes 1-3: the chart's labels, which cdk8s writes on every object, follow the
 * same rules as the construct's own labels; a symbol-keyed label is rejected, not dropped.
 */
import { App, Chart, Testing, Yaml } from 'cdk8s';
import { EnvValue } from 'cdk8s-plus-28';
import {
  FastApiErrors, FastApiService, FastApiServiceProps, FastApiWorker, LoadTest, WorkerLiveness,
} from '../../lib';
import { kubectlReader } from '../support/kubectl-reader';

jest.setTimeout(120_000);

const BASE: FastApiServiceProps = { image: 'registry.example.com/shop:1.2.3', asgiApp: 'shop.main:app' };
const INT = 'would be read by kubectl as an integer, not a string';

type Build = (chart: Chart) => void;
const service = (extra: Partial<FastApiServiceProps> = {}): Build => (chart) =>
  new FastApiService(chart, 'api', { ...BASE, ...extra });
const withMigration = service({ migration: { command: ['alembic', 'upgrade', 'head'] } });
const worker: Build = (chart) => new FastApiWorker(chart, 'worker', {
  image: BASE.image, command: ['celery', '-A', 'shop.tasks', 'worker'], liveness: WorkerLiveness.none('redelivered'),
});
const loadTest: Build = (chart) => {
  const target = new FastApiService(chart, 'api', BASE);
  new LoadTest(chart, 'load', { target, locustfile: 'from locust import HttpUser\n' });
};

function chartWith(labels: unknown): Chart {
  return new Chart(new App({ outdir: '/dev/null' }), 'test', { labels: labels as Record<string, string> });
}

function messageOf(labels: unknown, build: Build): string {
  try {
    build(chartWith(labels));
  } catch (error) {
    expect(FastApiErrors.isValidationError(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('accepted');
}

/** [title, chart labels, build, the construct path, the fragment] */
const REJECTED: [string, unknown, Build, string, string][] = [
  ['a value 0o7', { team: '0o7' }, service(), 'test/api', `chart labels['team'] ${INT}`],
  ['a value 0X1F', { team: '0X1F' }, service(), 'test/api', `chart labels['team'] ${INT}`],
  ['a value with NEL', { team: 'a\u0085b' }, service(), 'test/api', "chart labels['team'] must be a label value"],
  ['a value with U+2028', { team: 'a\u2028b' }, service(), 'test/api', "chart labels['team'] must be a label value"],
  ['a value with a space', { team: 'a b' }, service(), 'test/api', "chart labels['team'] must be a label value"],
  ['a value of 64 characters', { team: 'a'.repeat(64) }, service(), 'test/api',
    "chart labels['team'] must be a label value of at most 63 characters"],
  ['a key with a space', { 'my team': 'a' }, service(), 'test/api', 'chart labels key must be'],
  ['a key constructor', JSON.parse('{"constructor": "x"}'), service(), 'test/api',
    "chart labels key must not be 'constructor'"],
  ['a key __proto__', JSON.parse('{"__proto__": "x"}'), service(), 'test/api',
    "chart labels key must not be '__proto__'"],
  ['a symbol key', { [Symbol('x')]: 'y' }, service(), 'test/api', 'chart labels must have string keys only'],
  ['a value that is a number', { team: 7 }, service(), 'test/api', "chart labels['team'] must be a label value"],
  ['job-name with a migration Job', { 'job-name': 'x' }, withMigration, 'test/api',
    "chart labels key must not be 'job-name': Kubernetes sets that label itself on a Job's pods"],
  ['pod-template-hash on a service', { 'pod-template-hash': 'x' }, service(), 'test/api',
    "chart labels key must not be 'pod-template-hash': Kubernetes sets that label itself on a Deployment's pods"],
  ['pod-template-hash on a worker', { 'pod-template-hash': 'x' }, worker, 'test/worker',
    "chart labels key must not be 'pod-template-hash'"],
  ['a value 0o7 on a worker', { team: '0o7' }, worker, 'test/worker', `chart labels['team'] ${INT}`],
  ['batch.kubernetes.io/job-name on a LoadTest', { 'batch.kubernetes.io/job-name': 'x' }, loadTest, 'test/load',
    "chart labels key must not be 'batch.kubernetes.io/job-name'"],
  ['app.kubernetes.io/version', { 'app.kubernetes.io/version': '1' }, service(), 'test/api',
    "chart labels key must not be 'app.kubernetes.io/version', which the construct sets on its objects"],
];

describe.each(REJECTED)('chart labels with %s', (_title, labels, build, path, fragment) => {
  test('are rejected naming the construct path and the chart label', () => {
    const message = messageOf(labels, build);
    expect(message.startsWith(`${path}: `)).toBe(true);
    expect(message).toContain(fragment);
  });
});

/** [title, chart labels, build] : kubectl reads the chart labels back on every object */
const ACCEPTED: [string, Record<string, string>, Build][] = [
  ['team 0x1F (the writer quotes it)', { team: '0x1F' }, service()],
  ['team 0777 and enabled true', { 'team': '0777', 'example.com/enabled': 'true' }, service()],
  ['job-name without a Job', { 'job-name': 'x' }, service()],
  ['controller-uid without a Job', { 'controller-uid': 'x' }, service()],
  ['team on a LoadTest and its target', { team: 'shop' }, loadTest],
  ['an empty value on a worker', { team: '' }, worker],
];

const reader = kubectlReader();
(reader ? describe.each(ACCEPTED) : describe.skip.each(ACCEPTED))('chart labels with %s', (_title, labels, build) => {
  test('are written on every object, and kubectl reads them back as given', () => {
    const chart = chartWith(labels);
    build(chart);
    const docs = reader!.read(Yaml.stringify(...Testing.synth(chart))) as Record<string, any>[];
    expect(docs.length).toBeGreaterThan(1);
    for (const doc of docs) expect(doc.metadata.labels).toEqual(expect.objectContaining(labels));
  });
});

test('a symbol-keyed label in the service\'s labels is rejected, not dropped', () => {
  const chart = new Chart(new App({ outdir: '/dev/null' }), 'test');
  expect(() => new FastApiService(chart, 'api', { ...BASE, labels: { [Symbol('x')]: 'y' } as any }))
    .toThrow('test/api: labels must have string keys only, got the symbol key Symbol(x) (cdk8s does not write it)');
});

const SYMBOL = { [Symbol('x')]: 'y' };
const SYMBOL_KEYED: [string, Record<string, unknown>][] = [
  ['podAnnotations', { podAnnotations: SYMBOL }],
  ['ingress.annotations', { ingress: { host: 'a.example.com', annotations: SYMBOL } }],
  ['env', { env: { [Symbol('e')]: EnvValue.fromValue('x') } }],
  ['migration.env', { migration: { command: ['m'], env: { [Symbol('e')]: EnvValue.fromValue('x') } } }],
  ['placement.nodeSelector', { placement: { nodeSelector: SYMBOL } }],
  ['service.annotations', { service: { annotations: SYMBOL } }],
];

describe.each(SYMBOL_KEYED)('a symbol key in %s', (prop, extra) => {
  test('is rejected, not dropped', () => {
    const chart = new Chart(new App({ outdir: '/dev/null' }), 'test');
    expect(() => new FastApiService(chart, 'api', { ...BASE, ...extra } as FastApiServiceProps))
      .toThrow(`test/api: ${prop} must have string keys only, got the symbol key Symbol(`);
  });
});
