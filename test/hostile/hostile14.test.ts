/**
 * The issue-11 corpus for the issue-14 API: placement, pod and Service annotations, volumes,
 * sidecars and FastApiWorker. Same contract as hostile.test.ts: a case is rejected at construction
 * with an error that starts with the construct path and contains the exact fragment (and never a
 * secret), or it synthesizes YAML that kubectl's reader (verify/yaml-roundtrip) reads back exactly.
 */
import { Chart, Testing } from 'cdk8s';
import { EnvValue } from 'cdk8s-plus-28';
import {
  FastApiService, FastApiServiceProps, FastApiWorker, FastApiWorkerProps, InitStep, Sidecar,
  Toleration, Volume, WorkerLiveness,
} from '../../lib';
import { Build, Doc, HostileCase, describeCases, of } from './harness';

jest.setTimeout(120_000);

const BASE: FastApiServiceProps = { image: 'registry.example.com/shop:1.2.3', asgiApp: 'shop.main:app' };
const WORKER: FastApiWorkerProps = {
  image: 'registry.example.com/shop:1.2.3', command: ['celery', '-A', 'shop.tasks', 'worker'],
  liveness: WorkerLiveness.none('the broker redelivers'),
};
const value = (text: string) => EnvValue.fromValue(text);
const proxy = (extra: Record<string, unknown> = {}) =>
  Sidecar.container({ name: 'proxy', image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0', ...extra } as any);
const secretVolume = (extra: Record<string, unknown>) =>
  Volume.fromSecret({ name: 'certs', mountPath: '/certs', secretName: 'certs', ...extra } as any);
const INT = 'would be read by kubectl as an integer, not a string';
const PLAIN_SECRET = 'redis://:hunter2@redis:6379/0';

const service = (extra: Record<string, unknown>): Build => (chart) =>
  new FastApiService(chart, 'api', { ...BASE, ...extra } as FastApiServiceProps);
const worker = (extra: Record<string, unknown>): Build => (chart) =>
  new FastApiWorker(chart, 'worker', { ...WORKER, ...extra } as FastApiWorkerProps);
const podSpec = (docs: Doc[]) => of('Deployment')(docs).spec.template.spec;
const podAnnotations = (docs: Doc[]) => of('Deployment')(docs).spec.template.metadata.annotations;

const cases: HostileCase[] = [];
const reject = (title: string, build: Build, fragment: string, more: Partial<HostileCase> = {}) =>
  cases.push({ title, build, reject: fragment, ...more });
const accept = (title: string, build: Build, pick: (docs: Doc[]) => unknown, want: unknown) =>
  cases.push({ title, build, pick, want });

// ---- podAnnotations and service.annotations ------------------------------------------------------
reject('podAnnotations array (plain JS)', service({ podAnnotations: ['a'] }),
  'podAnnotations must be a plain object, got array');
reject('podAnnotations Map', service({ podAnnotations: new Map([['a', 'b']]) }),
  'podAnnotations must be a plain object, got Map instance');
reject('podAnnotations value number', service({ podAnnotations: { 'example.com/a': 1 } }),
  "podAnnotations['example.com/a'] must be a string, got number");
reject('podAnnotations value octal', service({ podAnnotations: { 'example.com/a': '0o644' } }),
  `podAnnotations['example.com/a'] ${INT}`);
reject('podAnnotations over 256 KiB', service({ podAnnotations: { a: 'x'.repeat(262144) } }),
  'podAnnotations must be at most 262144 bytes in total (256 KiB, keys and values in UTF-8), got 262187 bytes');
// 256 KiB less the key 'a' and the construct's 'kubectl.kubernetes.io/default-container': 'app'
const POD_ROOM = 262144 - 1 - 'kubectl.kubernetes.io/default-container'.length - 'app'.length;
// within the pod template's limit, but the Deployment is then too large for client-side `kubectl apply`
reject('podAnnotations at exactly 256 KiB with the default-container annotation',
  service({ podAnnotations: { a: 'x'.repeat(POD_ROOM) } }),
  "the Deployment 'api' must fit in 262144 bytes (256 KiB) of annotations once client-side 'kubectl apply'");
reject('podAnnotations over 256 KiB only with the default-container annotation',
  service({ podAnnotations: { a: 'x'.repeat(POD_ROOM + 1) } }), 'got 262145 bytes');
accept('podAnnotations value true', service({ podAnnotations: { 'example.com/a': 'true' } }),
  (docs) => podAnnotations(docs)['example.com/a'], 'true');
reject('service.annotations string (plain JS)', service({ service: { annotations: 'internal' } }),
  'service.annotations must be a plain object, got string');
reject('service.annotations over 256 KiB', service({ service: { annotations: { a: 'x'.repeat(262144) } } }),
  'service.annotations must be at most 262144 bytes in total (256 KiB, keys and values in UTF-8), got 262145 bytes');
reject('service.annotations U+2028', service({ service: { annotations: { 'example.com/a': 'a\u2028' } } }),
  "service.annotations['example.com/a'] contains U+2028 LINE SEPARATOR at index 1");
accept('service.annotations value 0x1F', service({ service: { annotations: { 'example.com/a': '0x1F' } } }),
  (docs) => of('Service')(docs).metadata.annotations['example.com/a'], '0x1F');
reject('service string (plain JS)', service({ service: 'LoadBalancer' }), 'service must be a plain object, got string');

// ---- placement ---------------------------------------------------------------------------------
reject('nodeSelector array (plain JS)', service({ placement: { nodeSelector: ['pool'] } }),
  'placement.nodeSelector must be a plain object, got array');
reject('nodeSelector value octal', service({ placement: { nodeSelector: { pool: '0O17' } } }),
  `placement.nodeSelector['pool'] ${INT}`);
reject('nodeSelector key constructor', service({ placement: { nodeSelector: { constructor: 'x' } } }),
  "placement.nodeSelector key must not be 'constructor'");
accept('nodeSelector value null', service({ placement: { nodeSelector: { pool: 'null' } } }),
  (docs) => podSpec(docs).nodeSelector, { pool: 'null' });
reject('toleration key octal', service({ placement: { tolerations: [Toleration.exists('0o7')] } }),
  `placement.tolerations[0].key ${INT}`);
reject('toleration value octal', service({ placement: { tolerations: [Toleration.equal('pool', '0X1F')] } }),
  `placement.tolerations[0].value ${INT}`);
reject('toleration key number (plain JS)', service({ placement: { tolerations: [Toleration.exists(5 as any)] } }),
  'placement.tolerations[0].key must be a string, got number');
accept('toleration value off', service({ placement: { tolerations: [Toleration.equal('pool', 'off')] } }),
  (docs) => podSpec(docs).tolerations[0].value, 'off');
reject('tolerations string (plain JS)', service({ placement: { tolerations: 'spot' } }),
  'placement.tolerations must be an array, got string');
reject('priorityClassName octal', service({ placement: { priorityClassName: '0o7' } }),
  `placement.priorityClassName ${INT}`);
const REQUIRED = 'placement.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms';
const PREFERRED = 'placement.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution';
const PYTHON_HINT = 'dict inside k8s.Affinity uses snake_case keys (jsii drops them silently)';
reject('affinity: an empty NodeSelectorTerm (a Python snake_case dict)', service({ placement: { affinity: {
  nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{}] } } } } }),
  `${REQUIRED}[0] must not be empty: a NodeSelectorTerm needs matchExpressions or matchFields`);
reject('affinity: no NodeSelectorTerm', service({ placement: { affinity: {
  nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } } } }),
  `${REQUIRED} must not be empty`);
reject('affinity: an empty preference (a Python snake_case dict)', service({ placement: { affinity: {
  nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: {} }] } } } }),
  `${PREFERRED}[0].preference must not be empty: an empty preference matches every node; an empty term is what`
  + ` arrives when a Python ${PYTHON_HINT}`);
reject('affinity: a pod affinity term without topologyKey', service({ placement: { affinity: {
  podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { a: 'b' } } }] },
} } }),
'placement.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey must not be empty');
reject('affinity: a preferred anti-affinity term without labelSelector', service({ placement: { affinity: {
  podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1,
    podAffinityTerm: { topologyKey: 'kubernetes.io/hostname' } }] } } } }),
  'placement.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector'
  + ' must not be empty');
reject('affinity: an empty pod affinity term', service({ placement: { affinity: {
  podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, podAffinityTerm: {} }] } } } }),
  'podAffinityTerm must not be empty: a PodAffinityTerm needs a labelSelector and a topologyKey');
reject('affinity value octal', service({ placement: { affinity: { nodeAffinity: {
  requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [
    { key: 'pool', operator: 'In', values: ['0o7'] }] }] } } } } }),
  `${REQUIRED}[0].matchExpressions[0].values[0] ${INT}`);
accept('affinity preferred node term', service({ placement: { affinity: { nodeAffinity: {
  preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: { matchExpressions: [
    { key: 'pool', operator: 'In', values: ['yes'] }] } }] } } } }),
(docs) => podSpec(docs).affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference
  .matchExpressions[0].values, ['yes']);

// ---- volumes -----------------------------------------------------------------------------------
reject("volume items key '..'", service({ volumes: [secretVolume({ items: { '..': 'a' } })] }),
  "volumes[0].items key must be a ConfigMap key of at most 253 characters (letters, digits, '-', '_' or '.'), not"
  + " '.', '..' or starting with '..', got '..'");
reject("volume items path '..data'", service({ volumes: [secretVolume({ items: { 'tls.crt': '..data' } })] }),
  "volumes[0].items['tls.crt'] must be a relative file path not starting with '..'");
reject('volume items path octal', service({ volumes: [secretVolume({ items: { 'tls.crt': '0o7' } })] }),
  `volumes[0].items['tls.crt'] ${INT}`);
reject('volume items array (plain JS)', service({ volumes: [secretVolume({ items: ['tls.crt'] })] }),
  'volumes[0].items must be a plain object, got array');
reject("volume optional 'false' (plain JS)", service({ volumes: [secretVolume({ optional: 'false' })] }),
  "volumes[0].optional must be a boolean (true or false), got the string 'false'");
reject("volume mode '0o444' (plain JS)", service({ volumes: [secretVolume({ mode: '0o444' })] }),
  'volumes[0].mode must be a finite number, got string');
accept('volume items path a..b', service({ volumes: [secretVolume({ items: { 'tls.crt': 'a..b' } })] }),
  (docs) => podSpec(docs).volumes.find((volume: Doc) => volume.name === 'certs').secret.items,
  [{ key: 'tls.crt', path: 'a..b' }]);

// ---- sidecars ----------------------------------------------------------------------------------
const LOOKS = 'looks like a URL with a password in its user info';
reject('sidecar env secret by value', service({ sidecars: [proxy({ env: { DSN: value(PLAIN_SECRET) } })] }),
  `sidecars[0].env['DSN'] ${LOOKS}`, { hidden: ['hunter2'] });
reject('sidecar env plain string secret', service({ sidecars: [proxy({ env: { DSN: PLAIN_SECRET } })] }),
  "sidecars[0].env['DSN'] must be an EnvValue", { hidden: ['hunter2', 'redis://'] });
reject('sidecar args token', service({ sidecars: [proxy({ args: ['--token', 'glpat-abcdefghij0123456789'] })] }),
  'sidecars[0].args[1] looks like a GitLab personal access token', { hidden: ['glpat-abcdefghij'] });
reject('sidecar command token', service({ sidecars: [proxy({ command: ['proxy', 'ghp_' + 'a1'.repeat(18)] })] }),
  'sidecars[0].command[1] looks like a GitHub token', { hidden: ['a1a1a1'] });
reject("sidecar env name '..'", service({ sidecars: [proxy({ env: { '..': value('x') } })] }),
  'sidecars[0].env key must be an environment variable name');
reject('sidecar args string (plain JS)', service({ sidecars: [proxy({ args: '--port 5432' })] }),
  'sidecars[0].args must be an array, got string');
reject('sidecar volumeMounts string (plain JS; was a TypeError)',
  service({ sidecars: [proxy({ volumeMounts: 'x' })] }),
  'sidecars[0].volumeMounts must be an array, got string');
reject('sidecar image latest', service({ sidecars: [proxy({ image: 'gcr.io/x/proxy:latest' })] }),
  "sidecars[0].image must be pinned by a tag other than ':latest'");
reject('sidecar named like an init step', service({
  initContainers: [InitStep.run({ name: 'proxy', command: ['warm'] })], sidecars: [proxy()],
}), "sidecars[0].name must be unique among the pod's containers (an init container is named so), got 'proxy'");
reject("sidecar health port = the app's",
  service({ sidecars: [proxy({ health: { port: 8000, livenessPath: '/h' } })] }),
  "sidecars[0].health.port must differ from the app container's port");
accept('sidecar env with $(VAR) expansion', service({
  sidecars: [proxy({ env: { DSN: value('postgresql://app:$(DB_PASSWORD)@db/x') } })],
}), (docs) => podSpec(docs).containers[1].env[0].value, 'postgresql://app:$(DB_PASSWORD)@db/x');

// ---- FastApiWorker -----------------------------------------------------------------------------
const W = { path: 'test/worker' };
reject('worker command secret', worker({ command: ['celery', '--broker', PLAIN_SECRET] }),
  `command[2] ${LOOKS}`, { ...W, hidden: ['hunter2'] });
reject('worker command octal', worker({ command: ['celery', '0o7'] }), `command[1] ${INT}`, W);
reject('worker command NUL', worker({ command: ['celery', 'a\u0000'] }),
  'command[1] contains U+0000 NULL at index 1', W);
reject('worker command string (plain JS)', worker({ command: 'celery worker' }), 'command must be an array, got string',
  W);
reject('worker env secret by value', worker({ env: { BROKER_URL: value(PLAIN_SECRET) } }),
  `env['BROKER_URL'] ${LOOKS}`, { ...W, hidden: ['hunter2'] });
reject('worker env plain string secret', worker({ env: { BROKER_URL: PLAIN_SECRET } }),
  "env['BROKER_URL'] must be an EnvValue", { ...W, hidden: ['hunter2', 'redis://'] });
reject('worker env Map', worker({ env: new Map([['A', value('1')]]) }), 'env must be a plain object, got Map instance',
  W);
reject('worker env value octal', worker({ env: { UMASK: value('0o644') } }), `env['UMASK'] ${INT}`, W);
reject("worker env name '..'", worker({ env: { '..': value('x') } }), 'env key must be an environment variable name',
  W);
reject('worker envFrom string (plain JS; was a TypeError)', worker({ envFrom: 'app-env' }),
  'envFrom must be an array, got string', W);
reject('worker namespace octal', worker({ namespace: '0o7' }), `namespace ${INT}`, W);
reject('worker image tag octal (the version label)', worker({ image: 'registry.example.com/shop:0o644' }),
  `version (the image tag) ${INT}`, W);
reject('worker liveness command secret',
  worker({ liveness: WorkerLiveness.exec(['sh', '-c', `ping ${PLAIN_SECRET}`]) }),
  `liveness command[2] ${LOOKS}`, { ...W, hidden: ['hunter2'] });
reject('worker liveness command U+2028', worker({ liveness: WorkerLiveness.exec(['ping\u2028']) }),
  'liveness command[0] contains U+2028 LINE SEPARATOR at index 4', W);
reject('worker liveness reason octal', worker({ liveness: WorkerLiveness.none('0o7') }), `liveness reason ${INT}`, W);
reject('worker liveness reason secret', worker({ liveness: WorkerLiveness.none(PLAIN_SECRET) }),
  `liveness reason ${LOOKS}`, { ...W, hidden: ['hunter2'] });
reject('worker podAnnotations over 256 KiB', worker({ podAnnotations: { a: 'x'.repeat(262144) } }),
  'podAnnotations must be at most 262144 bytes in total', W);
reject('worker nodeSelector array', worker({ placement: { nodeSelector: ['pool'] } }),
  'placement.nodeSelector must be a plain object, got array', W);
reject('worker affinity empty term', worker({ placement: { affinity: { nodeAffinity: {
  requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{}] } } } } }),
  `${REQUIRED}[0] must not be empty`, W);
reject('worker sidecar secret', worker({ sidecars: [proxy({ args: ['--token', 'glpat-abcdefghij0123456789'] })] }),
  'sidecars[0].args[1] looks like a GitLab personal access token', { ...W, hidden: ['glpat-abcdefghij'] });
reject('worker sidecar named worker', worker({ sidecars: [proxy({ name: 'worker' })] }),
  "sidecars[0].name must be unique among the pod's containers (the main container is named so), got 'worker'", W);
reject('worker in a chart with namespace Shop', (chart) => {
  void chart;
  new FastApiWorker(new Chart(Testing.app(), 'test', { namespace: 'Shop' }), 'worker', WORKER);
}, 'chart namespace must be a DNS-1123 label', W);
reject('two workers named w', (chart) => {
  new FastApiWorker(chart, 'w', WORKER);
  new FastApiWorker(chart, 'worker', { ...WORKER, name: 'w' });
}, "name must be unique among the FastApiWorkers of a chart (their objects would overwrite each other), got 'w',"
  + ' already used by test/w', W);
reject('a worker named like a service', (chart) => {
  new FastApiService(chart, 'api', BASE);
  new FastApiWorker(chart, 'worker', { ...WORKER, name: 'api' });
}, "got Deployment 'api', already defined by test/api", W);
reject('a service named like a worker', (chart) => {
  new FastApiWorker(chart, 'worker', { ...WORKER, name: 'api' });
  new FastApiService(chart, 'api', BASE);
}, "name must not give objects the names of objects already in the chart (kubectl apply would keep only the last),"
  + " got Deployment 'api', already defined by test/worker");
accept('two workers named w in two namespaces', (chart) => {
  new FastApiWorker(chart, 'w', { ...WORKER, namespace: 'a' });
  new FastApiWorker(chart, 'worker', { ...WORKER, name: 'w', namespace: 'b' });
}, (docs) => docs.filter((doc) => doc.kind === 'Deployment').map((doc) => doc.metadata.namespace), ['a', 'b']);
accept('worker env value 0x1F', worker({ env: { MASK: value('0x1F') } }),
  (docs) => podSpec(docs).containers[0].env[0].value, '0x1F');
accept('worker liveness reason true', worker({ liveness: WorkerLiveness.none('true') }),
  (docs) => of('Deployment')(docs).metadata.annotations['cdk8s-fastapi.io/waive-probes'], 'true');
// 256 KiB less 'a' and 'kubectl.kubernetes.io/default-container': 'worker'
const WORKER_ROOM = 262144 - 1 - 'kubectl.kubernetes.io/default-container'.length - 'worker'.length;
reject('worker podAnnotations at exactly 256 KiB', worker({ podAnnotations: { a: 'x'.repeat(WORKER_ROOM) } }),
  "the Deployment 'worker' must fit in 262144 bytes (256 KiB) of annotations once client-side 'kubectl apply'", W);

test('every case has a unique title', () => {
  expect(new Set(cases.map((entry) => entry.title)).size).toBe(cases.length);
});

describeCases(cases, (entry) => entry.title);
