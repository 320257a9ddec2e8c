import { Duration, Size } from 'cdk8s';
import { Cpu, EnvValue, ImagePullPolicy } from 'cdk8s-plus-28';
import {
  Autoscaling, EnvSource, FastApiErrors, FastApiServiceProps, IngressTls, InitStep, ServiceEnv, ServiceNetworkPolicy,
} from '../lib';
import { IMAGE, synthService } from './util';

/**
 * The catalogue of invalid input. Each rule has a compliant and a non-compliant case; the error
 * must be ours and name the prop, the value and what is allowed.
 */
interface Rule {
  readonly rule: string;
  readonly valid: Partial<FastApiServiceProps>;
  readonly invalid: Partial<FastApiServiceProps>;
  /** The prop and the offending value, as the message must show them. */
  readonly message: RegExp;
}

const TLS = IngressTls.clusterIssuer('letsencrypt-prod');

// Messages too long for one line, joined from raw string parts (the same pattern as one literal).
const GRACE_PERIOD_TOO_SHORT = new RegExp(
  String.raw`^shutdown.terminationGracePeriod must be longer than preStopDelay \+ gracefulTimeout` +
  String.raw` \(5s \+ 20s\).*, got '25s'$`,
);
const INGRESS_TLS_UNSET = new RegExp(
  String.raw`^ingress.tls must be set to IngressTls.clusterIssuer\(...\), issuer\(...\) or fromSecret\(...\),` +
  String.raw` or to IngressTls.disabled\(\) to serve plain HTTP on purpose, got undefined$`,
);

export const RULES: Rule[] = [
  {
    rule: 'name is a DNS-1035 label',
    valid: { name: 'orders-v2' }, invalid: { name: 'Orders_V2' },
    message: /^name must be a DNS-1035 label .*, got 'Orders_V2'$/,
  },
  {
    rule: 'name starts with a letter (Service names)',
    valid: { name: 'a1' }, invalid: { name: '1a' },
    message: /^name must be .*starting with a letter.*, got '1a'$/,
  },
  {
    rule: 'name leaves room for the -svc suffix',
    valid: { name: 'a'.repeat(59) }, invalid: { name: 'a'.repeat(60) },
    message: /^name must be a DNS-1035 label of at most 59 characters/,
  },
  {
    rule: 'name fits the migration Job name',
    valid: { name: 'a'.repeat(46), migration: { command: ['m'] } },
    invalid: { name: 'a'.repeat(47), migration: { command: ['m'] } },
    message: /^name must be at most 46 characters when a migration Job is configured/,
  },
  {
    rule: 'namespace is a DNS-1123 label',
    valid: { namespace: 'team-a' }, invalid: { namespace: 'team.a' },
    message: /^namespace must be a DNS-1123 label.*, got 'team.a'$/,
  },
  {
    rule: 'image is a valid reference',
    valid: { image: 'ghcr.io/org/api:1.2' }, invalid: { image: 'ghcr.io/Org/api:1.2' },
    message: /^image must be a container image reference .*, got 'ghcr.io\/Org\/api:1.2'$/,
  },
  {
    rule: 'image is pinned',
    valid: { image: 'org/api:1' }, invalid: { image: 'org/api' },
    message: /^image must be pinned by a tag or a digest .*, got 'org\/api'$/,
  },
  {
    rule: 'image is not latest',
    valid: { image: 'org/api@sha256:' + 'b'.repeat(64) }, invalid: { image: 'org/api:latest' },
    message: /^image must be pinned by a tag other than ':latest' or by a digest, got 'org\/api:latest'$/,
  },
  {
    rule: 'asgiApp is a uvicorn import string',
    valid: { asgiApp: 'pkg.mod:create' }, invalid: { asgiApp: 'pkg/mod.py' },
    message: /^asgiApp must be a uvicorn import string 'module.path:attribute'.*, got 'pkg\/mod.py'$/,
  },
  {
    rule: 'port is unprivileged',
    valid: { port: 1024 }, invalid: { port: 80 },
    message: /^port must be an integer between 1024 and 65535, got 80$/,
  },
  {
    rule: 'port is in range',
    valid: { port: 65535 }, invalid: { port: 70000 },
    message: /^port must be an integer between 1024 and 65535, got 70000$/,
  },
  {
    rule: 'servicePort is in range',
    valid: { servicePort: 443 }, invalid: { servicePort: 0 },
    message: /^servicePort must be an integer between 1 and 65535, got 0$/,
  },
  {
    rule: 'workers is at least one',
    valid: { workers: 2 }, invalid: { workers: 0 },
    message: /^workers must be an integer between 1 and 64, got 0$/,
  },
  {
    rule: 'workers is whole',
    valid: { workers: 4 }, invalid: { workers: 1.5 },
    message: /^workers must be an integer between 1 and 64, got 1.5$/,
  },
  {
    rule: 'command conflicts with asgiApp',
    valid: { command: ['gunicorn', 'x'] }, invalid: { command: ['gunicorn', 'x'], asgiApp: 'a:b' },
    message: /^command cannot be combined with asgiApp, got \["gunicorn","x"\]$/,
  },
  {
    rule: 'command is exec form',
    valid: { command: ['hypercorn', 'main:app'] }, invalid: { command: [] },
    message: /^command must be a non-empty list of non-empty strings \(exec form\), got \[\]$/,
  },
  {
    rule: 'cpu request is at most the limit',
    valid: { resources: { cpu: { request: Cpu.millis(500), limit: Cpu.units(1) } } },
    invalid: { resources: { cpu: { request: Cpu.units(2), limit: Cpu.millis(500) } } },
    message: /^resources.cpu.request must be at most the limit 500m, got '2'$/,
  },
  {
    rule: 'memory request is at most the limit',
    valid: {
      resources: {
        cpu: { request: Cpu.millis(100) },
        memory: { request: Size.mebibytes(256), limit: Size.gibibytes(1) },
      },
    },
    invalid: {
      resources: {
        cpu: { request: Cpu.millis(100) },
        memory: { request: Size.gibibytes(2), limit: Size.mebibytes(512) },
      },
    },
    message: /^resources.memory.request must be at most the limit 512Mi, got '2Gi'$/,
  },
  {
    rule: 'quantities are positive',
    valid: { resources: { cpu: { request: Cpu.millis(1) } } },
    invalid: { resources: { cpu: { request: Cpu.millis(-5) } } },
    message: /^resources.cpu.request must be a positive amount, got '-5m'$/,
  },
  {
    rule: 'CPU autoscaling needs a CPU request',
    valid: { resources: { cpu: { request: Cpu.millis(100) } } },
    invalid: { resources: { memory: { request: Size.mebibytes(100) } } },
    message: /^resources.cpu.request must be set when autoscaling on CPU/,
  },
  {
    rule: 'memory autoscaling needs a memory request',
    valid: { autoscaling: Autoscaling.cpu({ memoryUtilization: 70 }) },
    invalid: {
      autoscaling: Autoscaling.cpu({ memoryUtilization: 70 }), resources: { cpu: { request: Cpu.millis(100) } },
    },
    message: /^resources.memory.request must be set when autoscaling on memory/,
  },
  {
    rule: 'minReplicas is at most maxReplicas',
    valid: { autoscaling: Autoscaling.cpu({ minReplicas: 3, maxReplicas: 3 }) },
    invalid: { autoscaling: Autoscaling.cpu({ minReplicas: 5, maxReplicas: 3 }) },
    message: /^autoscaling.minReplicas must be at most autoscaling.maxReplicas \(3\), got 5$/,
  },
  {
    rule: 'minReplicas is at least one',
    valid: { autoscaling: Autoscaling.cpu({ minReplicas: 1 }) },
    invalid: { autoscaling: Autoscaling.cpu({ minReplicas: 0 }) },
    message: /^autoscaling.minReplicas must be an integer between 1 and 1000, got 0$/,
  },
  {
    rule: 'cpuUtilization is a percentage',
    valid: { autoscaling: Autoscaling.cpu({ cpuUtilization: 100 }) },
    invalid: { autoscaling: Autoscaling.cpu({ cpuUtilization: 150 }) },
    message: /^autoscaling.cpuUtilization must be an integer between 1 and 100, got 150$/,
  },
  {
    rule: 'memoryUtilization is a percentage',
    valid: { autoscaling: Autoscaling.cpu({ memoryUtilization: 1 }) },
    invalid: { autoscaling: Autoscaling.cpu({ memoryUtilization: 0 }) },
    message: /^autoscaling.memoryUtilization must be an integer between 1 and 100, got 0$/,
  },
  {
    rule: 'the removed replicas prop is rejected',
    valid: { autoscaling: Autoscaling.fixed(3) }, invalid: { replicas: 3 } as any,
    message: /^props key must be one of image, .*, got 'replicas'$/,
  },
  {
    rule: 'fixed replicas are in range',
    valid: { autoscaling: Autoscaling.fixed(0) }, invalid: { autoscaling: Autoscaling.fixed(-1) },
    message: /^autoscaling replicas must be an integer between 0 and 1000, got -1$/,
  },
  {
    rule: 'probe paths start with a slash',
    valid: { probes: { livenessPath: '/livez' } }, invalid: { probes: { livenessPath: 'livez' } },
    message: /^probes.livenessPath must be an absolute HTTP path starting with '\/'.*, got 'livez'$/,
  },
  {
    rule: 'readiness and liveness differ',
    valid: { probes: { readinessPath: '/ready' } }, invalid: { probes: { readinessPath: '/healthz' } },
    message: /^probes.readinessPath must be different from the liveness path.*, got '\/healthz'$/,
  },
  {
    rule: 'probe timeout fits the period',
    valid: { probes: { readiness: { timeout: Duration.seconds(5), period: Duration.seconds(5) } } },
    invalid: { probes: { readiness: { timeout: Duration.seconds(6), period: Duration.seconds(5) } } },
    message: /^probes.readiness.timeout must be at most the probe period \(5s\), got '6s'$/,
  },
  {
    rule: 'probe durations are whole seconds',
    valid: { probes: { liveness: { period: Duration.seconds(4) } } },
    invalid: { probes: { liveness: { period: Duration.millis(1500) } } },
    message: /^probes.liveness.period must be a Duration of whole seconds between 1s and 3600s, got '1.5s'$/,
  },
  {
    rule: 'failure thresholds are positive',
    valid: { probes: { liveness: { failureThreshold: 1 } } },
    invalid: { probes: { liveness: { failureThreshold: 0 } } },
    message: /^probes.liveness.failureThreshold must be an integer between 1 and 100, got 0$/,
  },
  {
    rule: 'startup budget covers one period',
    valid: { probes: { startupBudget: Duration.seconds(2) } },
    invalid: { probes: { startupBudget: Duration.seconds(1) } },
    message: /^probes.startupBudget must be at least the startup probe period \(2s\), got '1s'$/,
  },
  {
    rule: 'startup failureThreshold comes from the budget',
    valid: { probes: { startup: { period: Duration.seconds(5) } } },
    invalid: { probes: { startup: { failureThreshold: 10 } } },
    message: /^probes.startup.failureThreshold cannot be combined with probes.startupBudget, which sets it, got 10$/,
  },
  {
    rule: 'grace period exceeds preStop plus graceful timeout',
    valid: { shutdown: { terminationGracePeriod: Duration.seconds(26) } },
    invalid: { shutdown: { terminationGracePeriod: Duration.seconds(25) } },
    message: GRACE_PERIOD_TOO_SHORT,
  },
  {
    rule: 'graceful timeout is positive',
    valid: { shutdown: { gracefulTimeout: Duration.seconds(1) } },
    invalid: { shutdown: { gracefulTimeout: Duration.seconds(0) } },
    message: /^shutdown.gracefulTimeout must be a Duration of whole seconds between 1s and 3600s, got '0s'$/,
  },
  {
    rule: 'init step names are DNS-1123 labels',
    valid: { initContainers: [InitStep.run({ name: 'migrate', command: ['m'] })] },
    invalid: { initContainers: [InitStep.run({ name: 'Migrate', command: ['m'] })] },
    message: /^initContainers\[0\].name must be a DNS-1123 label.*, got 'Migrate'$/,
  },
  {
    rule: 'init step names are unique',
    valid: {
      initContainers: [InitStep.run({ name: 'a', command: ['m'] }), InitStep.run({ name: 'b', command: ['m'] })],
    },
    invalid: {
      initContainers: [InitStep.run({ name: 'a', command: ['m'] }), InitStep.run({ name: 'a', command: ['n'] })],
    },
    message: /^initContainers\[\].name must be unique \(this name is used twice\), got 'a'$/,
  },
  {
    rule: 'init step names differ from the app container',
    valid: { initContainers: [InitStep.run({ name: 'setup', command: ['m'] })] },
    invalid: { initContainers: [InitStep.run({ name: 'app', command: ['m'] })] },
    message: /^initContainers\[0\].name must be different from 'app'.*, got 'app'$/,
  },
  {
    rule: 'init step images are pinned',
    valid: { initContainers: [InitStep.run({ name: 'a', command: ['m'], image: 'busybox:1.36' })] },
    invalid: { initContainers: [InitStep.run({ name: 'a', command: ['m'], image: 'busybox' })] },
    message: /^initContainers\[0\].image must be pinned by a tag or a digest.*, got 'busybox'$/,
  },
  {
    rule: 'migration command is exec form',
    valid: { migration: { command: ['alembic', 'upgrade', 'head'] } },
    invalid: { migration: { command: ['alembic', ''] } },
    message: /^migration.command must be a non-empty list of non-empty strings \(exec form\), got \["alembic",""\]$/,
  },
  {
    rule: 'env names are valid',
    valid: { env: { LOG_LEVEL: EnvValue.fromValue('x') } }, invalid: { env: { '1BAD': EnvValue.fromValue('x') } },
    message: /^env key must be an environment variable name.*, got '1BAD'$/,
  },
  {
    rule: 'env values are EnvValues',
    valid: { env: { A: EnvValue.fromValue('x') } }, invalid: { env: { A: 'x' as any } },
    message: /^env\['A'\] must be an EnvValue.*, got string$/,
  },
  {
    rule: 'envFrom entries are EnvSources',
    valid: { envFrom: [EnvSource.secret('s')] }, invalid: { envFrom: ['s' as any] },
    message: /^envFrom\[0\] must be an EnvSource.*, got 's'$/,
  },
  {
    rule: 'ingress host is a DNS name',
    valid: { ingress: { host: 'api.example.com', tls: TLS } },
    invalid: { ingress: { host: 'api_example.com', tls: TLS } },
    message: /^ingress.host must be a DNS-1123 subdomain.*, got 'api_example.com'$/,
  },
  {
    rule: 'ingress needs a host',
    valid: { ingress: { host: '*.example.com', tls: TLS } }, invalid: { ingress: { tls: TLS } as any },
    message: /^ingress.host must be a host name such as 'api.example.com', got undefined$/,
  },
  {
    rule: 'ingress path starts with a slash',
    valid: { ingress: { host: 'a.example.com', path: '/api', tls: TLS } },
    invalid: { ingress: { host: 'a.example.com', path: 'api', tls: TLS } },
    message: /^ingress.path must be an absolute HTTP path.*, got 'api'$/,
  },
  // Regression: the real apiserver rejected a fuzzed '//m' (found by the cluster tier's fuzz sample).
  {
    rule: 'ingress path has no empty segment',
    valid: { ingress: { host: 'a.example.com', path: '/m/', tls: TLS } },
    invalid: { ingress: { host: 'a.example.com', path: '//m', tls: TLS } },
    message: /^ingress.path must be an Ingress path without '\/\/'.*, got '\/\/m'$/,
  },
  {
    rule: 'ingress path has no dot segment ending',
    valid: { ingress: { host: 'a.example.com', path: '/a.b', tls: TLS } },
    invalid: { ingress: { host: 'a.example.com', path: '/a/..', tls: TLS } },
    message: /^ingress.path must be an Ingress path without '\/..'.*, got '\/a\/..'$/,
  },
  {
    rule: 'egress CIDRs are CIDRs',
    valid: { networkPolicy: ServiceNetworkPolicy.restrict({ allowEgressTo: ['10.20.0.0/16', 'fd00::/8'] }) },
    invalid: { networkPolicy: ServiceNetworkPolicy.restrict({ allowEgressTo: ['10.20.0.0'] }) },
    message: /^networkPolicy.allowEgressTo\[0\] must be a CIDR in canonical form.*, got '10.20.0.0'$/,
  },
  {
    rule: 'httpRoute needs hostnames',
    valid: { httpRoute: { gateway: { name: 'gw' }, hostnames: ['a.example.com'] } },
    invalid: { httpRoute: { gateway: { name: 'gw' }, hostnames: [] } },
    message: /^httpRoute.hostnames must be a list of 1 to 16 host names, got \[\]$/,
  },
  {
    rule: 'httpRoute gateway name is a DNS name',
    valid: { httpRoute: { gateway: { name: 'public-gw' }, hostnames: ['a.example.com'] } },
    invalid: { httpRoute: { gateway: { name: 'Public GW' }, hostnames: ['a.example.com'] } },
    message: /^httpRoute.gateway.name must be a DNS-1123 subdomain.*, got 'Public GW'$/,
  },
  {
    rule: 'ingress TLS is explicit',
    valid: { ingress: { host: 'a.example.com', tls: IngressTls.disabled() } },
    invalid: { ingress: { host: 'a.example.com' } },
    message: INGRESS_TLS_UNSET,
  },
  // A plain object where a class is expected: what a Python dict would be. It must fail, never be dropped.
  {
    rule: 'ingress TLS is an IngressTls',
    valid: { ingress: { host: 'a.example.com', tls: IngressTls.issuer('le') } },
    invalid: { ingress: { host: 'a.example.com', tls: { clusterIssuer: 'le' } as any } },
    message: /^ingress.tls must be an IngressTls .*, got \{"clusterIssuer":"le"\}$/,
  },
  {
    rule: 'autoscaling is an Autoscaling',
    valid: { autoscaling: Autoscaling.cpu({ minReplicas: 3 }) }, invalid: { autoscaling: { minReplicas: 3 } as any },
    message:
      /^autoscaling must be Autoscaling.cpu\(\{...\}\) or Autoscaling.fixed\(replicas\), got \{"minReplicas":3\}$/,
  },
  {
    rule: 'networkPolicy is a ServiceNetworkPolicy',
    valid: { networkPolicy: ServiceNetworkPolicy.restrict({ allowFromNamespaces: ['a'] }) },
    invalid: { networkPolicy: { allowFromNamespaces: ['a'] } as any },
    message: /^networkPolicy must be ServiceNetworkPolicy.restrict\(\{...\}\) or ServiceNetworkPolicy.none\(\), got/,
  },
  {
    rule: 'init steps are InitSteps',
    valid: { initContainers: [InitStep.run({ name: 'a', command: ['m'] })] },
    invalid: { initContainers: [{ name: 'a', command: ['m'] }] as any },
    message: /^initContainers\[0\] must be an InitStep .*, got \{"name":"a","command":\["m"\]\}$/,
  },
  {
    rule: 'security user is non-root above 10000',
    valid: { security: { user: 10000 } }, invalid: { security: { user: 0 } },
    message: /^security.user must be an integer between 10000 and 2147483647, got 0$/,
  },
  {
    rule: '/tmp fits the ephemeral storage limit',
    valid: { security: { tmpSize: Size.mebibytes(256) } }, invalid: { security: { tmpSize: Size.gibibytes(1) } },
    message: /^security.tmpSize must be at most the container's ephemeral-storage limit.*, got '1Gi'$/,
  },
  {
    rule: 'user labels are valid',
    valid: { labels: { team: 'a' } }, invalid: { labels: { team: 'not valid!' } },
    message: /^labels\['team'\] must be a label value.*, got 'not valid!'$/,
  },
  {
    rule: 'user labels leave the recommended labels alone',
    valid: { labels: { 'app.kubernetes.io/tier': 'web' } }, invalid: { labels: { 'app.kubernetes.io/name': 'x' } },
    message: /^labels key must be none of app.kubernetes.io\/name.*, got 'app.kubernetes.io\/name'$/,
  },
  {
    rule: 'version is a label value',
    valid: { version: '1.2.3-rc.1' }, invalid: { version: 'v1 beta' },
    message: /^version must be a label value.*, got 'v1 beta'$/,
  },
  {
    rule: 'image pull secrets are unique',
    valid: { imagePullSecrets: ['a', 'b'] }, invalid: { imagePullSecrets: ['a', 'a'] },
    message: /^imagePullSecrets must be unique.*, got 'a'$/,
  },
  {
    rule: 'image pull policy is known',
    valid: { imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT }, invalid: { imagePullPolicy: 'Sometimes' as any },
    message: /^imagePullPolicy must be one of Always, IfNotPresent, Never, got 'Sometimes'$/,
  },
  {
    rule: 'network policy namespaces are DNS labels',
    valid: { networkPolicy: ServiceNetworkPolicy.restrict({ allowFromNamespaces: ['ingress-nginx'] }) },
    invalid: { networkPolicy: ServiceNetworkPolicy.restrict({ allowFromNamespaces: ['Ingress'] }) },
    message: /^networkPolicy.allowFromNamespaces\[0\] must be a DNS-1123 label.*, got 'Ingress'$/,
  },
  {
    rule: 'keep-alive timeout is whole seconds',
    valid: { keepAliveTimeout: Duration.seconds(65) }, invalid: { keepAliveTimeout: Duration.seconds(0) },
    message: /^keepAliveTimeout must be a Duration of whole seconds between 1s and 3600s, got '0s'$/,
  },
  // Regressions from the property tests (shrunk counterexamples): both used to fall back to defaults silently.
  {
    rule: 'null is not the same as leaving a prop out',
    valid: { name: 'orders' }, invalid: { name: null as any },
    message: /^name must be a value, or left out to take the default, got null$/,
  },
  {
    rule: 'nested null values are rejected too',
    valid: { autoscaling: Autoscaling.cpu({ maxReplicas: 5 }) },
    invalid: { autoscaling: Autoscaling.cpu({ maxReplicas: null as any }) },
    message: /^autoscaling.maxReplicas must be a value, or left out to take the default, got null$/,
  },
  {
    rule: 'unknown top-level keys are rejected',
    valid: { autoscaling: Autoscaling.fixed(2) }, invalid: { replica: 2, autoscaling: Autoscaling.fixed(2) } as any,
    message: /^props key must be one of image, name, .*, got 'replica'$/,
  },
  {
    rule: 'unknown nested keys are rejected',
    valid: { autoscaling: Autoscaling.cpu({ maxReplicas: 5 }) },
    invalid: { autoscaling: Autoscaling.cpu({ maxReplica: 5 } as any) },
    message: /^autoscaling key must be one of minReplicas, maxReplicas, .*, got 'maxReplica'$/,
  },
  {
    rule: 'forwarded IPs are addresses',
    valid: { forwardedAllowIps: '10.0.0.0/8,127.0.0.1' }, invalid: { forwardedAllowIps: '10.0.0.0/8; rm -rf' },
    message:
      /^forwardedAllowIps must be a comma-separated list of addresses or CIDRs, or '\*', got '10.0.0.0\/8; rm -rf'$/,
  },
];

describe.each(RULES)('rule: $rule', ({ valid, invalid, message }) => {
  test('a compliant config synthesizes', () => {
    expect(() => synthService({ image: IMAGE, ...valid })).not.toThrow();
  });

  test('a non-compliant config is rejected with a message naming the prop, the value and what is allowed', () => {
    let error: unknown;
    try {
      synthService({ image: IMAGE, ...invalid });
    } catch (e) {
      error = e;
    }
    expect(FastApiErrors.isValidationError(error)).toBe(true);
    const text = (error as Error).message;
    // `<construct path>: <prop> must be ...`: the path says which of many services is wrong.
    expect(text).toMatch(/^test\/api: /);
    expect(text.slice('test/api: '.length)).toMatch(message);
    expect(text).toMatch(/^[a-z]/);
    expect(text).not.toMatch(/\.$/);
  });
});

test('the catalogue covers at least 30 distinct rules', () => {
  expect(new Set(RULES.map((r) => r.rule)).size).toBe(RULES.length);
  expect(RULES.length).toBeGreaterThanOrEqual(30);
});

test('ServiceEnv factories validate their arguments', () => {
  expect(() => ServiceEnv.fromSecret('Bad_Name', 'k'))
    .toThrow(/^ServiceEnv.fromSecret\(secretName\) must be a DNS-1123 subdomain.*, got 'Bad_Name'$/);
  expect(() => ServiceEnv.fromConfigMap('cfg', 'bad key'))
    .toThrow(/^ServiceEnv.fromConfigMap\(key\) must be a data key.*, got 'bad key'$/);
  expect(() => ServiceEnv.fromField('spec.secret'))
    .toThrow(/^ServiceEnv.fromField\(fieldPath\) must be a downward API field.*, got 'spec.secret'$/);
});

test('FastApiErrors tells this library\'s validation errors from any other error', () => {
  let ours: unknown;
  try {
    synthService({ image: IMAGE, port: 80 });
  } catch (e) {
    ours = e;
  }
  expect(FastApiErrors.isValidationError(ours)).toBe(true);
  for (const other of [new Error('port must be an integer'), new TypeError('x'), 'text', null, undefined]) {
    expect(FastApiErrors.isValidationError(other)).toBe(false);
  }
});

test('an error names the construct path, so one of many services can be found', () => {
  expect(() => synthService({ image: IMAGE, port: 80 }, {}, 'orders')).toThrow(/^test\/orders: port must be/);
});
