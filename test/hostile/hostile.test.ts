/**
 * Issue 11: the hostile corpus as a table. Each case is one config on top of a minimal valid
 * FastApiService (or a whole chart); it is either rejected at construction with an error that
 * starts with the construct path and contains the exact fragment, or it synthesizes YAML (cdk8s's
 * own writer) that kubectl's reader (verify/yaml-roundtrip) reads back to exactly the value given.
 * Cases are numbered as in the former test/hostile/cases.md (its rows, translated to the 0.2.0 API).
 */
import { Chart, Duration, Size, Testing } from 'cdk8s';
import { Cpu, EnvValue } from 'cdk8s-plus-28';
import {
  EnvSource, FastApiService, FastApiServiceProps, IngressTls, InitStep, LoadTest,
  ServiceEnv, ServiceNetworkPolicy,
} from '../../lib';
import { Build, Doc, HostileCase, describeCases, of } from './harness';

jest.setTimeout(120_000);

const BASE: FastApiServiceProps = { image: 'registry.example.com/shop:1.2.3', asgiApp: 'shop.main:app' };
const LOCUST = 'from locust import HttpUser\n';
const value = (text: string) => EnvValue.fromValue(text);
const tls = IngressTls.clusterIssuer('le');
const route = (extra: object) => ({ gateway: { name: 'gw' }, hostnames: ['api.example.com'], ...extra });

interface Case extends HostileCase {
  readonly no: number;
  readonly cls: number;
}

const service = (extra: Record<string, unknown>): Build => (chart) =>
  new FastApiService(chart, 'api', { ...BASE, ...extra } as FastApiServiceProps);
const deployment = (docs: Doc[]) => of('Deployment')(docs);
const app = (docs: Doc[]) => deployment(docs).spec.template.spec.containers[0];
const envOf = (name: string) => (docs: Doc[]) => app(docs).env.find((entry: Doc) => entry.name === name)?.value;
const labels = (docs: Doc[]) => {
  const all = deployment(docs).metadata.labels;
  return Object.fromEntries(Object.entries(all).filter(([key]) => !key.startsWith('app.kubernetes.io/')));
};

const cases: Case[] = [];
const reject = (no: number, cls: number, title: string, build: Build, fragment: string, more: Partial<Case> = {}) =>
  cases.push({ no, cls, title, build, reject: fragment, ...more });
const accept = (
  no: number, cls: number, title: string, build: Build, pick: (docs: Doc[], yaml: string) => unknown, want: unknown,
) =>
  cases.push({ no, cls, title, build, pick, want });
const envCase = (no: number, text: string, fragment?: string) => (fragment === undefined
  ? accept(no, 1, `env value ${JSON.stringify(text).slice(0, 40)}`, service({ env: { UMASK: value(text) } }),
    envOf('UMASK'), text)
  : reject(no, 1, `env value ${JSON.stringify(text).slice(0, 40)}`, service({ env: { UMASK: value(text) } }),
    `env['UMASK'] ${fragment}`));

// ---- class 1: strings that do not survive YAML -------------------------------------------------
const INT = 'would be read by kubectl as an integer, not a string';
envCase(1, '0o644', INT);
envCase(2, '0O17', INT);
envCase(3, '0X1F', INT);
envCase(4, '0B101', INT);
envCase(5, '-0o7', INT);
for (const [no, text] of [[6, '0x1F'], [7, '0777'], [8, '1_000'], [9, '0b101'], [10, '1:20'], [11, '.inf'],
  [12, 'y'], [13, 'off'], [14, '~'], [15, '2001-12-14'], [16, '1e3'], [17, '']] as const) envCase(no, text);
envCase(18, 'a\u2028b', 'contains U+2028 LINE SEPARATOR at index 1');
envCase(19, 'a\u2029', 'contains U+2029 PARAGRAPH SEPARATOR at index 1');
envCase(20, 'a\u0085b', 'contains U+0085 NEXT LINE (NEL) at index 1');
envCase(21, '\u007f', 'contains U+007F DELETE at index 0');
envCase(22, 'x\u0090', 'contains U+0090 (a C1 control character) at index 1');
envCase(23, '\ufffe', 'contains U+FFFE (a noncharacter) at index 0');
envCase(24, '\uffff', 'contains U+FFFF (a noncharacter) at index 0');
envCase(25, 'a\ud800', 'contains U+D800 (a lone high surrogate) at index 1');
envCase(26, '\udc00', 'contains U+DC00 (a lone low surrogate) at index 0');
envCase(27, 'a\u0000b', 'contains U+0000 NULL at index 1');
envCase(28, '\u001b[0m');
envCase(29, '\u{1F600}');
envCase(30, '\ufeffx');
envCase(31, '\tindented\nline', 'is a multi-line string whose first line starts with a tab');
envCase(32, 'line\n\tindented');
envCase(33, 'a\r\nb');
envCase(34, '--- a');
envCase(35, 'a\n---\nb');
envCase(36, 'x'.repeat(100000));
reject(37, 1, 'extraArgs octal', service({ extraArgs: ['--root-path', '0o755'] }), `extraArgs[1] ${INT}`);
reject(38, 1, 'extraArgs U+2028', service({ extraArgs: ['--log-config', 'a\u2028b'] }),
  'extraArgs[1] contains U+2028 LINE SEPARATOR at index 1');
reject(39, 1, 'extraArgs NUL', service({ extraArgs: ['--x', 'a\u0000'] }),
  'extraArgs[1] contains U+0000 NULL at index 1');
reject(40, 1, 'command NEL', service({ asgiApp: undefined, command: ['uvicorn', 'app:app\u0085'] }),
  'command[1] contains U+0085 NEXT LINE (NEL) at index 7');
reject(41, 1, 'asgiApp NUL', service({ asgiApp: 'shop.main:app\u0000' }), 'asgiApp contains U+0000 NULL at index 13');
reject(42, 1, 'label value octal', service({ labels: { team: '0o644' } }), `labels['team'] ${INT}`);
reject(43, 1, 'label key octal', service({ labels: { '0o644': 'x' } }), `labels key ${INT}`);
accept(44, 1, 'label value 0x1F', service({ labels: { team: '0x1F' } }), labels, { team: '0x1F' });
accept(45, 1, 'label value true', service({ labels: { team: 'true' } }), labels, { team: 'true' });
accept(46, 1, 'label value null', service({ labels: { team: 'null' } }), labels, { team: 'null' });
reject(47, 1, 'version octal', service({ version: '0O17' }), `version ${INT}`);
reject(48, 1, 'image tag octal (the version label)', service({ image: 'registry.example.com/shop:0o644' }),
  `version (the image tag) ${INT}`);
reject(49, 1, 'annotation U+2028', service({
  ingress: { host: 'api.example.com', tls, annotations: { 'nginx.ingress.kubernetes.io/x': 'a\u2028b' } },
}), "ingress.annotations['nginx.ingress.kubernetes.io/x'] contains U+2028 LINE SEPARATOR at index 1");
reject(50, 1, 'annotation octal', service({
  ingress: { host: 'api.example.com', tls, annotations: { 'example.com/mode': '0o600' } },
}), `ingress.annotations['example.com/mode'] ${INT}`);
reject(51, 1, 'name octal', service({ name: '0o17' }), `name ${INT}`);
reject(52, 1, 'env name -0X0', service({ env: { '-0X0': value('x') } }), `env key ${INT}`);
const loadTest = (extra: Record<string, unknown>): Build => (chart) => {
  const target = new FastApiService(chart, 'api', BASE);
  new LoadTest(chart, 'load', { target, locustfile: LOCUST, ...extra } as any);
};
reject(53, 1, 'locustfile leading tab', loadTest({ locustfile: '\tfrom locust import HttpUser\n' }),
  'locustfile is a multi-line string whose first line starts with a tab', { path: 'test/load' });
accept(54, 1, 'locustfile later tab', loadTest({ locustfile: 'from locust import HttpUser\n\tpass\n' }),
  (docs) => of('ConfigMap')(docs).data['locustfile.py'], 'from locust import HttpUser\n\tpass\n');
accept(54.1, 1, 'locustfile NUL (ConfigMap data)', loadTest({ locustfile: 'x = "\u0000"\n' }),
  (docs) => of('ConfigMap')(docs).data['locustfile.py'], 'x = "\u0000"\n');
reject(54.2, 1, 'init step command U+2028', service({ initContainers: [InitStep.run({ name: 'w',
  command: ['a\u2028'] })] }),
  'initContainers[0].command[0] contains U+2028 LINE SEPARATOR at index 1');
reject(54.3, 1, 'migration env octal', service({ migration: { command: ['m'], env: { M: value('0o7') } } }),
  `migration.env['M'] ${INT}`);
reject(54.4, 1, 'httpRoute hostname octal-like key', service({ httpRoute: route({ path: '/a\u2028' }) }),
  'httpRoute.path contains U+2028 LINE SEPARATOR at index 2');

// ---- class 2: plain-JavaScript callers ---------------------------------------------------------
reject(55, 2, 'imagePullSecrets string', service({ imagePullSecrets: 'regcred' }),
  'imagePullSecrets must be an array, got string');
reject(56, 2, 'imagePullSecrets number item', service({ imagePullSecrets: ['regcred', 5] }),
  'imagePullSecrets[1] must be a string, got number');
reject(57, 2, 'imagePullSecrets Set', service({ imagePullSecrets: new Set(['regcred']) }),
  'imagePullSecrets must be an array, got Set');
reject(58, 2, 'labels array', service({ labels: ['a'] }), 'labels must be a plain object, got array');
reject(59, 2, 'labels Map', service({ labels: new Map([['team', 'shop']]) }),
  'labels must be a plain object, got Map instance (a Map is not read');
reject(60, 2, 'label key constructor', service({ labels: { constructor: 'x' } }),
  "labels key must not be 'constructor'");
reject(61, 2, 'label key __proto__ (JSON)', service({ labels: JSON.parse('{"__proto__": "x"}') }),
  "labels key must not be '__proto__'");
accept(62, 2, 'label key toString', service({ labels: { toString: 'x' } }), labels, { toString: 'x' });
accept(63, 2, 'label keys prototype, valueOf', service({ labels: { prototype: 'x', valueOf: 'y' } }), labels,
  { prototype: 'x', valueOf: 'y' });
accept(64, 2, 'labels without prototype', service({ labels: Object.assign(Object.create(null), { team: 'shop' }) }),
  labels, { team: 'shop' });
reject(65, 2, 'env Map', service({ env: new Map([['A', value('1')]]) }),
  'env must be a plain object, got Map instance');
reject(66, 2, 'env plain string', service({ env: { LOG_LEVEL: 'info' } }),
  "env['LOG_LEVEL'] must be an EnvValue (EnvValue.fromValue, or ServiceEnv.fromSecret, fromConfigMap or"
  + ' fromField), got string');
reject(67, 2, 'env plain string secret', service({ env: { DATABASE_URL: 'postgresql://u:password@db/x' } }),
  "env['DATABASE_URL'] must be an EnvValue", { hidden: ['u:password@', 'postgresql://'] });
reject(68, 2, 'env key constructor', service({ env: { constructor: value('x') } }),
  "env key must not be 'constructor'");
reject(69, 2, "autoscaling 'false'", service({ autoscaling: 'false' }),
  "autoscaling must be Autoscaling.cpu({...}) or Autoscaling.fixed(replicas), got 'false'");
reject(70, 2, "ingress.tls 'false'", service({ ingress: { host: 'api.example.com', tls: 'false' } }),
  'ingress.tls must be an IngressTls');
accept(71, 2, 'revisionHistoryLimit -0 is written 0', service({ revisionHistoryLimit: -0 }),
  (docs, yaml) => [deployment(docs).spec.revisionHistoryLimit, /revisionHistoryLimit: -0/.test(yaml)], [0, false]);
reject(72, 2, 'workers NaN', service({ workers: NaN }), 'workers must be a finite number, got NaN');
reject(73, 2, 'workers Infinity', service({ workers: Infinity }), 'workers must be a finite number, got Infinity');
reject(74, 2, "workers '3'", service({ workers: '3' }),
  'workers must be a finite number, got string (a string holding a number is not a number)');
reject(75, 2, 'port 8080.5', service({ port: 8080.5 }), 'port must be an integer between 1024 and 65535, got 8080.5');
reject(76, 2, 'workers [2]', service({ workers: [2] }), 'workers must be a finite number, got array');
reject(77, 2, 'extraArgs string', service({ extraArgs: '--reload' }), 'extraArgs must be an array, got string');
reject(78, 2, 'command string', service({ asgiApp: undefined, command: 'uvicorn app:app' }),
  'command must be an array, got string');
reject(79, 2, "imagePullPolicy 'always'", service({ imagePullPolicy: 'always' }),
  "imagePullPolicy must be one of Always, IfNotPresent, Never, got 'always'");
reject(80, 2, 'migration.inheritEnv string', service({ migration: { command: ['m'], inheritEnv: 'false' } }),
  // inheritEnv is an InitStep option, not a migration one: the unknown key is the mistake
  "migration key must be one of command, env, backoffLimit, activeDeadline, ttlAfterFinished, hookAnnotations, "
  + "got 'inheritEnv'");
reject(81, 2, 'migration.hookAnnotations number', service({ migration: { command: ['m'], hookAnnotations: 0 } }),
  'migration.hookAnnotations must be a boolean (true or false), got number');
// static factories report without a construct path (CHANGELOG 0.2.0)
test.each([
  ['ServiceEnv.fromSecret', () => ServiceEnv.fromSecret('s', 'k', { optional: 'false' as any })],
  ['ServiceEnv.fromConfigMap', () => ServiceEnv.fromConfigMap('c', 'k', { optional: 1 as any })],
  ['EnvSource.secret', () => EnvSource.secret('s', { optional: 'true' as any })],
  ['EnvSource.configMap', () => EnvSource.configMap('c', { optional: null as any })],
])('#81.%# (class 2) %s(options.optional) must be a boolean', (name, make) => {
  expect(make).toThrow(new RegExp(`^${name.replace('.', '\\.')}\\(options\\.optional\\) must be a boolean`));
});
reject(82, 2, 'probes null', service({ probes: null }),
  'probes must be a value, or left out to take the default, got null');
reject(83, 2, 'label value number', service({ labels: { team: 5 } }), "labels['team'] must be a string, got number");
reject(84, 2, 'allowFromNamespaces string',
  service({ networkPolicy: ServiceNetworkPolicy.restrict({ allowFromNamespaces: 'ingress-nginx' as any }) }),
  'networkPolicy.allowFromNamespaces must be a list of namespace names');
reject(85, 2, 'ingress annotations Map', service({
  ingress: { host: 'api.example.com', tls, annotations: new Map([['a', 'b']]) },
}), 'ingress.annotations must be a plain object, got Map instance');
reject(85.1, 2, 'httpRoute.hostnames string', service({ httpRoute: route({ hostnames: 'api.example.com' }) }),
  'httpRoute.hostnames must be an array, got string');
reject(85.2, 2, 'a bigint', service({ servicePort: BigInt(80) }), 'servicePort must be a finite number, got bigint');
reject(85.3, 2, 'Duration -0 is 0', service({ keepAliveTimeout: Duration.seconds(-0) }),
  'keepAliveTimeout must be a Duration of whole seconds between 1s');

// ---- class 3: accepted here, refused by the apiserver or the CRD ------------------------------
const host = (text: string) => service({ ingress: { host: text, tls } });
const ingressHost = (docs: Doc[]) => of('Ingress')(docs).spec.rules[0].host;
reject(86, 3, 'ingress host IPv4', host('10.0.0.1'),
  "ingress.host must be a DNS name, not an IP address (the apiserver rejects IP hosts), got '10.0.0.1'");
reject(87, 3, 'ingress host sloppy IPv4', host('010.0.0.1'), 'ingress.host must be a DNS name, not an IP address');
accept(88, 3, 'ingress host wildcard', host('*.example.com'), ingressHost, '*.example.com');
reject(89, 3, 'ingress host inner wildcard', host('a.*.example.com'), 'ingress.host must be a DNS-1123 subdomain');
reject(90, 3, 'ingress host upper case', host('API.example.com'), 'ingress.host must be a DNS-1123 subdomain');
accept(91, 3, 'ingress host 1.2.3.256', host('1.2.3.256'), ingressHost, '1.2.3.256');
const ENV_NAME = 'env key must be an environment variable name';
reject(92, 3, "env name '.'", service({ env: { '.': value('x') } }), `${ENV_NAME}`);
reject(93, 3, "env name '..'", service({ env: { '..': value('x') } }), `${ENV_NAME}`);
reject(94, 3, "env name '..x'", service({ env: { '..x': value('x') } }), `${ENV_NAME}`);
accept(95, 3, "env name 'my.env-name'", service({ env: { 'my.env-name': value('x') } }), envOf('my.env-name'), 'x');
const egress = (cidr: string) => service({ networkPolicy: ServiceNetworkPolicy.restrict({ allowEgressTo: [cidr] }) });
const cidrs = (docs: Doc[]) => of('NetworkPolicy')(docs).spec.egress.flatMap((rule: Doc) =>
  (rule.to ?? []).filter((peer: Doc) => peer.ipBlock).map((peer: Doc) => peer.ipBlock.cidr));
reject(96, 3, 'IPv6 CIDR upper case', egress('2001:DB8::/32'), "(canonical: '2001:db8::/32')");
reject(97, 3, 'IPv6 CIDR leading zeros', egress('2001:0db8::/32'), "(canonical: '2001:db8::/32')");
reject(98, 3, 'CIDR host bits', egress('10.0.0.1/8'), "(canonical: '10.0.0.0/8')");
reject(99, 3, 'CIDR leading zero', egress('010.0.0.0/8'), 'networkPolicy.allowEgressTo[0] must be');
reject(100, 3, 'CIDR IPv4-mapped', egress('::ffff:10.0.0.0/104'), 'networkPolicy.allowEgressTo[0] must be');
accept(101, 3, 'CIDR 10.0.0.0/8', egress('10.0.0.0/8'), cidrs, ['10.0.0.0/8']);
accept(102, 3, 'CIDR 2001:db8::/32', egress('2001:db8::/32'), cidrs, ['2001:db8::/32']);
const cpu = (request: unknown, limit: unknown = Cpu.units(2)) =>
  service({ resources: { cpu: { request, limit }, memory: { request: Size.mebibytes(256),
    limit: Size.mebibytes(512) } } });
const memory = (request: unknown, limit: unknown) =>
  service({ resources: { cpu: { request: Cpu.millis(250), limit: Cpu.units(1) }, memory: { request, limit } } });
const QUANTITY = 'must be a Kubernetes quantity';
reject(103, 3, 'memory 1e+21Mi', memory(Size.mebibytes(1e21), Size.mebibytes(1e21)),
  `resources.memory.request ${QUANTITY}`);
reject(104, 3, 'cpu 0x10 (plain JS)', cpu({ amount: '0x10' }), `resources.cpu.request ${QUANTITY}`);
reject(105, 3, 'cpu 1e+21', cpu(Cpu.units(1e21), Cpu.units(1e21)), 'larger than 2^63-1');
reject(106, 3, 'cpu finer than 1n', cpu(Cpu.units(1e-10)), `resources.cpu.request ${QUANTITY}`);
reject(107, 3, "cpu ' 1' (plain JS; Number() reads 1)", cpu({ amount: ' 1' }), `resources.cpu.request ${QUANTITY}`);
reject(108, 3, 'cpu exponent beyond int32 (plain JS)', cpu({ amount: '1e4294967296' }),
  'resources.cpu.request must be');
reject(109, 3, 'cpu negative', cpu(Cpu.millis(-5)), 'resources.cpu.request must be a positive amount');
reject(110, 3, 'memory request 1Gi over limit 1000Mi', memory(Size.gibibytes(1), Size.mebibytes(1000)),
  "resources.memory.request must be at most the limit 1000Mi, got '1Gi'");
accept(111, 3, 'memory 1000Mi <= 1Gi', memory(Size.mebibytes(1000), Size.gibibytes(1)),
  (docs) => app(docs).resources.requests.memory + ' ' + app(docs).resources.limits.memory, '1000Mi 1Gi');
reject(112, 3, 'cpu request 2^53+1 over 2^53 (plain JS)', cpu({ amount: '9007199254740993' },
  { amount: '9007199254740992' }),
  "resources.cpu.request must be at most the limit 9007199254740992, got '9007199254740993'");
const annotations = (extra: Record<string, string>) =>
  service({ ingress: { host: 'api.example.com', tls, annotations: extra } });
reject(113, 3, 'annotations 256 KiB + 1', annotations({ a: 'x'.repeat(262144) }),
  'ingress.annotations must be at most 262144 bytes in total');
// 'a' (1 byte) + 131072 'é' (262144 bytes in UTF-8, 131072 characters) + the issuer annotation (32 bytes)
reject(114, 3, 'annotations in UTF-8 bytes', annotations({ a: 'é'.repeat(131072) }), 'got 262177 bytes');
// client-side `kubectl apply` copies the annotations into last-applied-configuration too (test/hostile/apply-size)
reject(115, 3, 'annotations just under 256 KiB with the issuer', annotations({ a: 'x'.repeat(200000) }),
  "the Ingress 'api-ingress' must fit in 262144 bytes (256 KiB) of annotations once client-side 'kubectl apply'");
// 262144 bytes less the key 'a' and the issuer annotation 'cert-manager.io/cluster-issuer': 'le'
const UNDER_LIMIT = 262144 - 1 - 'cert-manager.io/cluster-issuer'.length - 'le'.length;
reject(115.1, 3, 'annotations at exactly 256 KiB with the issuer annotation',
  annotations({ a: 'x'.repeat(UNDER_LIMIT) }),
  "the Ingress 'api-ingress' must fit in 262144 bytes (256 KiB) of annotations once client-side 'kubectl apply'");
reject(115.2, 3, 'annotations over 256 KiB only with the issuer annotation',
  annotations({ a: 'x'.repeat(UNDER_LIMIT + 1) }),
  'ingress.annotations must be at most 262144 bytes in total (256 KiB, keys and values in UTF-8), got 262145 bytes');
const migration = { command: ['alembic', 'upgrade', 'head'] };
const LABEL_KEY = 'labels key must not be';
reject(116, 3, 'label job-name with a migration', service({ migration, labels: { 'job-name': 'x' } }),
  `${LABEL_KEY} 'job-name': Kubernetes sets that label itself on a Job's pods`);
reject(117, 3, 'label controller-uid with a migration', service({ migration, labels: { 'controller-uid': 'x' } }),
  `${LABEL_KEY} 'controller-uid'`);
reject(118, 3, 'label batch.kubernetes.io/job-name', service({ migration,
  labels: { 'batch.kubernetes.io/job-name': 'x' } }),
  `${LABEL_KEY} 'batch.kubernetes.io/job-name'`);
reject(119, 3, 'label pod-template-hash', service({ labels: { 'pod-template-hash': 'x' } }),
  `${LABEL_KEY} 'pod-template-hash': Kubernetes sets that label itself on a Deployment's pods`);
accept(119.1, 3, 'label job-name without a Job', service({ labels: { 'job-name': 'x' } }), labels, { 'job-name': 'x' });
reject(120, 3, 'LoadTest Job name > 63', (chart) => {
  const target = new FastApiService(chart, 'api', { ...BASE, name: 'shop-' + 'x'.repeat(50) });
  new LoadTest(chart, 'load', { target, locustfile: LOCUST });
}, "must be at most 63 characters, because Kubernetes copies a Job's name into its pods' job-name label",
  { path: 'test/load' });
reject(121, 3, 'migration Job name > 63', service({ name: 'x'.repeat(50), migration }),
  'name must be at most 46 characters when a migration Job is configured');
const inNamespace = (namespace: string): Build => (chart) => {
  const other = new Chart(Testing.app(), 'test', { namespace });
  void chart;
  new FastApiService(other, 'api', BASE);
};
reject(122, 3, "chart namespace 'Shop'", inNamespace('Shop'), 'chart namespace must be a DNS-1123 label');
reject(123, 3, 'chart namespace 64 characters', inNamespace('a'.repeat(64)),
  'chart namespace must be a DNS-1123 label');
reject(124, 3, "chart namespace 'shop.prod'", inNamespace('shop.prod'), 'chart namespace must be a DNS-1123 label');
reject(125, 3, "chart namespace '0o7'", inNamespace('0o7'), `chart namespace ${INT}`);
reject(125.1, 3, "namespace prop '0o7'", service({ namespace: '0o7' }), `namespace ${INT}`);
const path = (text: string) => service({ httpRoute: route({ path: text }) });
reject(126, 3, "route path '//'", path('/api//v1'), "httpRoute.path must be an Ingress path without '//'");
reject(127, 3, "route path '%2f'", path('/a%2fb'), "httpRoute.path must be an Ingress path without '%2f'");
reject(128, 3, "route path '#'", path('/a#frag'), 'httpRoute.path must be an absolute HTTP path');
reject(129, 3, "route path ending '/.'", path('/api/.'), "httpRoute.path must be an Ingress path without '/.'");
reject(130, 3, "route path 'ä'", path('/ä'),
  'httpRoute.path must be an absolute path of at most 1024 characters matching');
reject(131, 3, 'route path 1025 characters', path('/' + 'a'.repeat(1024)),
  'httpRoute.path must be an absolute path of at most 1024');
accept(132, 3, "route path '/api/v1'", path('/api/v1'),
  (docs) => of('HTTPRoute')(docs).spec.rules[0].matches[0].path.value, '/api/v1');
reject(133, 3, 'route hostname IP', service({ httpRoute: route({ hostnames: ['10.0.0.1'] }) }),
  'httpRoute.hostnames[0] must be a hostname of at most 253 characters');
reject(134, 3, 'label key name part 64', service({ labels: { ['example.com/' + 'x'.repeat(64)]: 'v' } }),
  'labels key must be');
reject(135, 3, 'label key two slashes', service({ labels: { 'a/b/c': 'v' } }), 'labels key must be');

// ---- class 4: conflicts ------------------------------------------------------------------------
const REPEAT = (flag: string) => `must not repeat '${flag}', which the construct sets from its own props`;
reject(136, 4, 'extraArgs --port', service({ extraArgs: ['--port', '9000'] }), `extraArgs[0] ${REPEAT('--port')}`);
reject(137, 4, 'extraArgs --port=9000', service({ extraArgs: ['--port=9000'] }), `extraArgs[0] ${REPEAT('--port')}`);
reject(138, 4, 'extraArgs --workers', service({ extraArgs: ['--log-level', 'info', '--workers', '4'] }),
  `extraArgs[2] ${REPEAT('--workers')}`);
reject(139, 4, 'extraArgs --host', service({ extraArgs: ['--host', '127.0.0.1'] }), `extraArgs[0] ${REPEAT('--host')}`);
reject(140, 4, 'extraArgs --timeout-graceful-shutdown', service({ extraArgs: ['--timeout-graceful-shutdown', '5'] }),
  `extraArgs[0] ${REPEAT('--timeout-graceful-shutdown')}`);
reject(141, 4, 'extraArgs --proxy-headers', service({ extraArgs: ['--proxy-headers'] }), REPEAT('--proxy-headers'));
reject(141.1, 4, 'extraArgs --forwarded-allow-ips=*', service({ extraArgs: ['--forwarded-allow-ips=*'] }),
  REPEAT('--forwarded-allow-ips'));
reject(141.2, 4, 'extraArgs --timeout-keep-alive', service({ extraArgs: ['--timeout-keep-alive', '1'] }),
  REPEAT('--timeout-keep-alive'));
reject(141.3, 4, 'extraArgs --no-server-header', service({ extraArgs: ['--no-server-header'] }),
  REPEAT('--no-server-header'));
reject(141.4, 4, 'extraArgs --no-proxy-headers', service({ extraArgs: ['--no-proxy-headers'] }),
  REPEAT('--proxy-headers'));
accept(142, 4, 'extraArgs --log-level debug', service({ extraArgs: ['--log-level', 'debug'] }),
  (docs) => app(docs).command.slice(-2), ['--log-level', 'debug']);
reject(143, 4, 'annotation cert-manager.io/issuer with clusterIssuer', annotations({ 'cert-manager.io/issuer': 'x' }),
  "ingress.annotations key 'cert-manager.io/issuer' cannot be combined with ingress.tls");
reject(144, 4, 'annotation cert-manager.io/cluster-issuer with clusterIssuer',
  annotations({ 'cert-manager.io/cluster-issuer': 'x' }),
  "ingress.annotations key 'cert-manager.io/cluster-issuer' cannot be combined with ingress.tls");
accept(144.1, 4, 'annotation cert-manager.io/issuer with fromSecret', service({
  ingress: { host: 'api.example.com', tls: IngressTls.fromSecret('s'), annotations: { 'cert-manager.io/issuer': 'x' } },
}), (docs) => of('Ingress')(docs).metadata.annotations['cert-manager.io/issuer'], 'x');
reject(145, 4, 'two services named api', (chart) => {
  new FastApiService(chart, 'api', BASE);
  new FastApiService(chart, 'api2', { ...BASE, name: 'api' });
}, 'name must be unique among the FastApiServices of a chart (their objects would overwrite each other),'
  + " got 'api', already used by test/api", { path: 'test/api2' });
accept(145.1, 4, 'two services named api in two namespaces', (chart) => {
  new FastApiService(chart, 'api', { ...BASE, namespace: 'a' });
  new FastApiService(chart, 'api2', { ...BASE, name: 'api', namespace: 'b' });
}, (docs) => docs.filter((doc) => doc.kind === 'Deployment').map((doc) => doc.metadata.namespace), ['a', 'b']);
reject(146, 4, 'two LoadTests of one target', (chart) => {
  const target = new FastApiService(chart, 'api', BASE);
  new LoadTest(chart, 'load', { target, locustfile: LOCUST });
  new LoadTest(chart, 'load2', { target, locustfile: LOCUST });
}, 'name must be unique among the LoadTests of a chart (their objects would overwrite each other),'
  + " got 'api-load-test', already used by test/load", { path: 'test/load2' });

// ---- class 5: secrets by value -----------------------------------------------------------------
const secret = (no: number, name: string, text: string, fragment: string, hidden: string) =>
  reject(no, 5, `env ${name} by value`, service({ env: { [name]: value(text) } }),
    `env['${name}'] looks like ${fragment}`,
    { hidden: [hidden] });
secret(147, 'DATABASE_URL', 'postgresql://u:password@db/x', 'a URL with a password', 'u:password@');
secret(148, 'CACHE', 'redis://:hunter2@redis:6379/0', 'a URL with a password', 'hunter2');
accept(149, 5, 'URL without a password', service({ env: { DATABASE_URL: value('postgresql://db/x') } }),
  envOf('DATABASE_URL'), 'postgresql://db/x');
accept(150, 5, 'URL with $(VAR) expansion',
  service({ env: { DATABASE_URL: value('postgresql://app:$(DB_PASSWORD)@db/x') } }),
  envOf('DATABASE_URL'), 'postgresql://app:$(DB_PASSWORD)@db/x');
secret(151, 'TLS', '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n',
  'a PEM', 'MIIEvQ');
secret(152, 'SESSION', 'eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo', 'a JSON Web Token',
  'ZRrHA1');
secret(153, 'GH', 'ghp_' + 'a1'.repeat(18), 'a GitHub', 'a1a1a1');
secret(154, 'LOG_LEVEL', 'AKIAIOSFODNN7EXAMPLE', 'an AWS access key', 'AKIAIOSFODNN7EXAMPLE');
reject(156, 5, 'extraArgs GitLab token', service({ extraArgs: ['--token', 'glpat-abcdefghij0123456789'] }),
  'extraArgs[1] looks like', { hidden: ['glpat-abcdefghij'] });
reject(157, 5, 'init step bearer token', service({ initContainers: [InitStep.run({
  name: 'warm', command: ['sh', '-c', 'curl -H "Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345" http://x'],
})] }), 'initContainers[0].command[2] looks like', { hidden: ['abcdefghijklmnop'] });
reject(158, 5, 'migration env URL with a password', service({
  migration: { command: ['m'], env: { URL: value('mysql://root:hunter2@db/app') } },
}), "migration.env['URL'] looks like a URL with a password", { hidden: ['hunter2'] });
reject(158.1, 5, 'init step env URL with a password', service({ initContainers: [InitStep.run({
  name: 'warm', command: ['w'], env: { URL: value('mysql://root:hunter2@db/app') },
})] }), "initContainers[0].env['URL'] looks like a URL with a password", { hidden: ['hunter2'] });
reject(159, 5, 'plain string secret where an EnvValue is expected',
  service({ env: { X: 'postgresql://u:password@db/x' } }),
  "env['X'] must be an EnvValue", { hidden: ['password', 'postgresql'] });

// ---- class 6: errors name the construct --------------------------------------------------------
reject(160, 6, 'second of two services', (chart) => {
  new FastApiService(chart, 'api-a', BASE);
  new FastApiService(chart, 'api-b', { ...BASE, port: 0 });
}, 'port must be an integer between 1024 and 65535, got 0', { path: 'test/api-b' });
reject(161, 6, 'second of two services, env name', (chart) => {
  new FastApiService(chart, 'api-a', BASE);
  new FastApiService(chart, 'api-b', { ...BASE, env: { '.': value('x') } });
}, ENV_NAME, { path: 'test/api-b' });
reject(162, 6, 'LoadTest bad users', loadTest({ users: 0 }), 'users must be an integer', { path: 'test/load' });
reject(162.1, 6, 'LoadTest users string', loadTest({ users: '5' }),
  'users must be an integer, got string (a string holding a number is not a number)',
  { path: 'test/load' });

test('the corpus has at least 100 cases in every class 1-6', () => {
  expect(cases.length).toBeGreaterThanOrEqual(100);
  expect(new Set(cases.map((entry) => entry.no)).size).toBe(cases.length);
  for (const cls of [1, 2, 3, 4, 5, 6]) expect(cases.some((entry) => entry.cls === cls)).toBe(true);
});

describeCases(cases, (entry) => `#${entry.no} (class ${entry.cls}) ${entry.title}`);
