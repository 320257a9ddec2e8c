import { Duration, Size } from 'cdk8s';
import { Cpu, ServiceType } from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { EnvValue } from 'cdk8s-plus-28';
import { checkNoSecretValue } from '../lib/checks/secret-values';
import { checkYamlString } from '../lib/checks/yaml-safe';
import { DEFAULT_PORT } from '../lib/uvicorn';
import {
  Autoscaling, EnvSource, FastApiServiceProps, IngressOptions, IngressTls, InitStep, ServiceEnv, ServiceNetworkPolicy,
  Sidecar, TaintEffect, Toleration, Volume,
} from '../lib';

/** Generators of random *valid* FastApiService props, shared by the property tests and the fuzz corpus. */

const label = (max: number) => fc.stringMatching(new RegExp(`^[a-z]([-a-z0-9]{0,${max - 2}}[a-z0-9])?$`));
const word = fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/);
const seconds = (min: number, max: number) => fc.integer({ min, max }).map((s) => Duration.seconds(s));

const image = fc.oneof(
  fc.tuple(word, word, fc.stringMatching(/^[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{1,2}$/))
    .map(([org, repo, tag]) => `registry.example.com/${org}/${repo}:${tag}`),
  fc.tuple(word, fc.stringMatching(/^[a-f0-9]{64}$/)).map(([repo, hex]) => `${repo}@sha256:${hex}`),
);

const envName = fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,15}$/);
const envValue = fc.oneof(
  // only literals the library still accepts (issue 11): YAML-safe, not a secret by value
  fc.string({ maxLength: 20 })
    .filter((v) => checkYamlString('v', v) === undefined && checkNoSecretValue('v', v) === undefined)
    .map((v) => EnvValue.fromValue(v)),
  fc.tuple(label(20), word).map(([s, k]) => ServiceEnv.fromSecret(s, k)),
  fc.tuple(label(20), word, fc.boolean()).map(([c, k, optional]) => ServiceEnv.fromConfigMap(c, k, { optional })),
  fc.constantFrom('metadata.name', 'metadata.namespace', 'status.podIP').map((f) => ServiceEnv.fromField(f)),
);
const envSource = fc.oneof(
  label(20).map((n) => EnvSource.configMap(n)),
  fc.tuple(label(20), fc.option(envName, { nil: undefined })).map(([n, prefix]) => EnvSource.secret(n, { prefix })),
);

const ingress: fc.Arbitrary<IngressOptions> = fc.record({
  host: fc.tuple(label(10), word).map(([a, b]) => `${a}.${b}.example.com`),
  path: fc.option(
    fc.array(fc.stringMatching(/^[a-z0-9_-]{1,8}$/), { maxLength: 3 }).map((segments) => `/${segments.join('/')}`),
    { nil: undefined },
  ),
  className: fc.option(label(10), { nil: undefined }),
  tls: fc.oneof(
    fc.constant(IngressTls.disabled()),
    label(10).map((issuer) => IngressTls.clusterIssuer(issuer)),
    label(10).map((issuer) => IngressTls.issuer(issuer)),
    label(10).map((secretName) => IngressTls.fromSecret(secretName)),
  ),
}, { requiredKeys: ['host', 'tls'] });

/** Resources that satisfy request <= limit, with a CPU request whenever autoscaling needs one. */
const resources = fc.record({
  cpuRequest: fc.integer({ min: 10, max: 4000 }),
  cpuExtra: fc.integer({ min: 0, max: 4000 }),
  memRequest: fc.integer({ min: 32, max: 4096 }),
  memExtra: fc.integer({ min: 0, max: 4096 }),
  ephemeral: fc.boolean(),
}).map((r) => ({
  cpu: { request: Cpu.millis(r.cpuRequest), limit: Cpu.millis(r.cpuRequest + r.cpuExtra) },
  memory: { request: Size.mebibytes(r.memRequest), limit: Size.mebibytes(r.memRequest + r.memExtra) },
  ephemeralStorage: r.ephemeral ? { request: Size.mebibytes(128), limit: Size.mebibytes(1024) } : undefined,
}));

const probes = fc.record({
  livenessPath: fc.constantFrom('/healthz', '/livez', '/health/live'),
  readinessPath: fc.constantFrom('/readyz', '/ready', '/health/ready'),
  startupBudget: seconds(10, 600),
  period: fc.integer({ min: 2, max: 30 }),
  timeout: fc.integer({ min: 1, max: 2 }),
  failureThreshold: fc.integer({ min: 1, max: 10 }),
}).map((p) => ({
  livenessPath: p.livenessPath,
  readinessPath: p.readinessPath,
  startupBudget: p.startupBudget,
  liveness: {
    period: Duration.seconds(p.period), timeout: Duration.seconds(p.timeout), failureThreshold: p.failureThreshold,
  },
  readiness: { period: Duration.seconds(p.period), timeout: Duration.seconds(p.timeout) },
}));

const shutdown = fc.tuple(
  fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 60 }),
)
  .map(([preStop, graceful, margin]) => ({
    preStopDelay: Duration.seconds(preStop),
    gracefulTimeout: Duration.seconds(graceful),
    terminationGracePeriod: Duration.seconds(preStop + graceful + margin),
  }));

const initContainers = fc.uniqueArray(label(20).filter((n) => n !== 'app' && n !== 'proxy'), { maxLength: 3 })
  .map((names) => names.map((name) =>
    InitStep.run({ name, command: ['python', '-m', `steps.${name.replace(/-/g, '_')}`] })));

const userLabels = fc.dictionary(
  fc.constantFrom('team', 'tier', 'example.com/owner', 'cost-center'), label(12), { maxKeys: 3 },
);

const annotationsOf = fc.dictionary(
  fc.constantFrom('example.com/owner', 'prometheus.io/scrape', 'vault.hashicorp.com/role'), word, { maxKeys: 2 },
);

const toleration = fc.tuple(
  fc.constantFrom('dedicated', 'example.com/pool', 'spot'), fc.option(label(10), { nil: undefined }),
  fc.option(fc.constantFrom(...Object.values(TaintEffect)), { nil: undefined }), fc.integer({ min: 0, max: 600 }),
).map(([key, value, effect, wait]) => {
  const options = { effect, tolerationSeconds: effect === TaintEffect.NO_EXECUTE ? Duration.seconds(wait) : undefined };
  return value === undefined ? Toleration.exists(key, options) : Toleration.equal(key, value, options);
});

// No priorityClassName: a pod naming a PriorityClass the cluster lacks is rejected at admission.
const placement = fc.record({
  nodeSelector: fc.dictionary(fc.constantFrom('pool', 'kubernetes.io/arch'), label(10), { maxKeys: 2 }),
  tolerations: fc.array(toleration, { maxLength: 2 }),
});

/** Volumes with unique names and mount paths (the index keeps them apart). */
const volumes = fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), label(12), fc.integer({ min: 0, max: 0o777 })), {
  maxLength: 4,
}).map((specs) => specs.map(([kind, source, mode], i) => {
  const mount = { name: `vol-${i}`, mountPath: `/etc/app/vol-${i}` };
  switch (kind) {
    case 0: return Volume.fromSecret({ ...mount, secretName: source, mode, items: { key: 'file.txt' } });
    case 1: return Volume.fromConfigMap({ ...mount, configMapName: source, optional: true });
    case 2: return Volume.emptyDir({ ...mount, sizeLimit: Size.mebibytes(16 + mode) });
    default: return Volume.fromClaim({ ...mount, claimName: source });
  }
}));

const sidecars = fc.option(fc.integer({ min: 1024, max: 7999 }).map((port) => [Sidecar.container({
  name: 'proxy', image: 'registry.example.com/team/proxy:2.1.0', args: ['--port', String(port)],
  health: { port, livenessPath: '/liveness' },
})]), { nil: undefined });

export const validProps: fc.Arbitrary<FastApiServiceProps> = fc.record({
  image,
  name: label(40),
  namespace: fc.option(label(20), { nil: undefined }),
  asgiApp: fc.option(fc.tuple(word, word).map(([m, a]) => `${m}.main:${a}`), { nil: undefined }),
  port: fc.option(fc.integer({ min: 1024, max: 65535 }), { nil: undefined }),
  servicePort: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
  workers: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
  env: fc.option(fc.dictionary(envName, envValue, { maxKeys: 4 }), { nil: undefined }),
  envFrom: fc.option(fc.array(envSource, { maxLength: 2 }), { nil: undefined }),
  resources: fc.option(resources, { nil: undefined }),
  autoscaling: fc.oneof(
    fc.integer({ min: 0, max: 20 }).map((replicas) => Autoscaling.fixed(replicas)),
    fc.constant(undefined),
    fc.tuple(
      fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 100 }), fc.boolean(),
    )
      .map(([min, extra, cpu, memory]) => Autoscaling.cpu({
        minReplicas: min, maxReplicas: min + extra, cpuUtilization: cpu, memoryUtilization: memory ? cpu : undefined,
      })),
  ),
  probes: fc.option(probes, { nil: undefined }),
  shutdown: fc.option(shutdown, { nil: undefined }),
  initContainers: fc.option(initContainers, { nil: undefined }),
  migration: fc.option(
    fc.record({
      command: fc.constant<string[]>(['alembic', 'upgrade', 'head']), backoffLimit: fc.integer({ min: 0, max: 5 }),
    }),
    { nil: undefined },
  ),
  ingress: fc.option(ingress, { nil: undefined }),
  security: fc.option(
    fc.record({ user: fc.integer({ min: 10000, max: 65000 }), group: fc.integer({ min: 10000, max: 65000 }) }),
    { nil: undefined },
  ),
  networkPolicy: fc.oneof(
    fc.constant(ServiceNetworkPolicy.none()),
    fc.constant(undefined),
    fc.uniqueArray(label(20), { minLength: 1, maxLength: 3 })
      .map((allowFromNamespaces) => ServiceNetworkPolicy.restrict({ allowFromNamespaces })),
  ),
  labels: fc.option(userLabels, { nil: undefined }),
  partOf: fc.option(label(20), { nil: undefined }),
  service: fc.option(fc.record({
    type: fc.constantFrom(ServiceType.CLUSTER_IP, ServiceType.NODE_PORT, ServiceType.LOAD_BALANCER),
    annotations: annotationsOf,
  }), { nil: undefined }),
  placement: fc.option(placement, { nil: undefined }),
  podAnnotations: fc.option(annotationsOf, { nil: undefined }),
  volumes: fc.option(volumes, { nil: undefined }),
  sidecars,
}).filter((props) => !props.sidecars?.some((sidecar) =>
  sidecar._options.health?.port === (props.port ?? DEFAULT_PORT)));
