import { Chart, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import * as fs from 'fs';
import * as path from 'path';
import { EnvSource, EnvValue, FastApiService, ImagePullPolicy, LoadTest } from '../lib';

/**
 * Named example apps shared by the unit tests, `npm run fixtures` (for the cluster and FastAPI
 * tiers) and the benchmark. Each builds one service into the given chart.
 */
export const FIXTURES: Record<string, (chart: Chart) => FastApiService> = {
  /** Only the required prop. */
  'defaults': (chart) => new FastApiService(chart, 'api', { image: 'registry.example.com/team/api:1.0.0' }),

  /** Every feature on. */
  'all-features': (chart) => new FastApiService(chart, 'shop', {
    image: 'registry.example.com/team/shop@sha256:' + 'a'.repeat(64),
    namespace: 'shop',
    asgiApp: 'service.main:app',
    port: 8080,
    servicePort: 8080,
    workers: 2,
    extraArgs: ['--root-path', '/'],
    imagePullPolicy: ImagePullPolicy.ALWAYS,
    imagePullSecrets: ['registry-credentials'],
    env: {
      LOG_LEVEL: EnvValue.fromValue('info'),
      DATABASE_URL: EnvValue.fromSecret('shop-db', 'url'),
      FEATURE_FLAGS: EnvValue.fromConfigMap('shop-config', 'flags', { optional: true }),
      POD_NAME: EnvValue.fromField('metadata.name'),
    },
    envFrom: [EnvSource.configMap('shop-settings'), EnvSource.secret('shop-api-keys', { prefix: 'KEYS_' })],
    resources: {
      cpu: { request: Cpu.millis(500), limit: Cpu.millis(2000) },
      memory: { request: Size.mebibytes(512), limit: Size.gibibytes(1) },
      ephemeralStorage: { request: Size.mebibytes(128), limit: Size.mebibytes(512) },
    },
    autoscaling: {
      minReplicas: 2,
      maxReplicas: 20,
      cpuUtilization: 60,
      memoryUtilization: 80,
      scaleDownStabilization: Duration.minutes(10),
      scaleUpStabilization: Duration.seconds(30),
    },
    probes: {
      livenessPath: '/health/live',
      readinessPath: '/health/ready',
      startupBudget: Duration.minutes(3),
      liveness: { period: Duration.seconds(15), timeout: Duration.seconds(5), failureThreshold: 4 },
      readiness: { period: Duration.seconds(10), timeout: Duration.seconds(3), failureThreshold: 3 },
    },
    shutdown: {
      preStopDelay: Duration.seconds(10),
      gracefulTimeout: Duration.seconds(30),
      terminationGracePeriod: Duration.seconds(60),
    },
    initContainers: [
      { name: 'wait-for-db', command: ['python', '-m', 'service.wait_for_db'] },
      { name: 'check-config', command: ['python', '-m', 'service.check_config'], inheritEnv: false },
    ],
    migration: { command: ['python', '-m', 'service.migrate'], backoffLimit: 1 },
    ingress: {
      host: 'shop.example.com',
      path: '/',
      className: 'nginx',
      tls: { clusterIssuer: 'letsencrypt-prod' },
      annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '8m' },
    },
    httpRoute: { gateway: { name: 'public', namespace: 'gateways', sectionName: 'https' }, hostnames: ['shop.example.com'], path: '/' },
    forwardedAllowIps: '10.0.0.0/8',
    keepAliveTimeout: Duration.seconds(65),
    security: { user: 20001, group: 20001, tmpSize: Size.mebibytes(128) },
    networkPolicy: { allowFromNamespaces: ['ingress-nginx'], allowEgressTo: ['10.20.0.0/16'] },
    labels: { 'team': 'checkout', 'example.com/cost-center': 'cc-42' },
    partOf: 'shop-platform',
    version: '2.3.1',
    revisionHistoryLimit: 3,
  }),

  /** A fixed replica count instead of an HPA. */
  'fixed-replicas': (chart) => new FastApiService(chart, 'reports', {
    image: 'registry.example.com/team/reports:0.9.2',
    autoscaling: false,
    replicas: 3,
  }),

  /** The seed's Locust run as an in-cluster Job against the example app's Service. */
  'load-test': (chart) => {
    const api = new FastApiService(chart, 'kf-api', {
      image: '4oh4/kubernetes-fastapi:1.0.0', asgiApp: 'service.main:app', port: 8080, servicePort: 8080, namespace: 'load',
      autoscaling: { minReplicas: 2, maxReplicas: 10, cpuUtilization: 50 },
      initContainers: [{ name: 'migrate', command: ['python', '-m', 'service.migrate'] }],
    });
    new LoadTest(chart, 'load', {
      target: api,
      locustfile: fs.readFileSync(path.join(__dirname, '..', 'app', 'locustfile.py'), 'utf8'),
      users: 20,
      spawnRate: 5,
      runTime: Duration.seconds(60),
    });
    return api;
  },
};
