// Every option of FastApiService in one place, an Ingress and a Gateway API HTTPRoute included.
// The unit tests snapshot this example (test/fixtures.ts), so it always compiles and synthesizes.
//   npx ts-node --transpile-only examples/all-features.ts   → examples/dist/all-features/
import * as path from 'path';
import { App, Chart, Duration, Size } from 'cdk8s';
import { Cpu, EnvValue, ImagePullPolicy } from 'cdk8s-plus-28';
import {
  Autoscaling, EnvSource, FastApiService, IngressTls, InitStep, ServiceEnv, ServiceNetworkPolicy,
} from '../lib';

/** The shop service with every option set. */
export function allFeatures(chart: Chart): FastApiService {
  return new FastApiService(chart, 'shop', {
    image: 'registry.example.com/team/shop@sha256:' + 'a'.repeat(64),
    namespace: 'shop',
    asgiApp: 'service.main:app',
    port: 8080, // what uvicorn binds
    service: { port: 8080 }, // what the Service exposes
    workers: 2, // prefer pods over processes; resources scale with workers
    extraArgs: ['--root-path', '/'],
    imagePullPolicy: ImagePullPolicy.ALWAYS,
    imagePullSecrets: ['registry-credentials'],

    // configuration: literals go into git, secrets only by reference
    env: {
      LOG_LEVEL: EnvValue.fromValue('info'),
      DATABASE_URL: ServiceEnv.fromSecret('shop-db', 'url'),
      FEATURE_FLAGS: ServiceEnv.fromConfigMap('shop-config', 'flags', { optional: true }),
      POD_NAME: ServiceEnv.fromField('metadata.name'),
    },
    envFrom: [EnvSource.configMap('shop-settings'), EnvSource.secret('shop-api-keys', { prefix: 'KEYS_' })],

    // capacity
    resources: {
      cpu: { request: Cpu.millis(500), limit: Cpu.millis(2000) },
      memory: { request: Size.mebibytes(512), limit: Size.gibibytes(1) },
      ephemeralStorage: { request: Size.mebibytes(128), limit: Size.mebibytes(512) },
    },
    autoscaling: Autoscaling.cpu({
      minReplicas: 2,
      maxReplicas: 20,
      cpuUtilization: 60,
      memoryUtilization: 80,
      scaleDownStabilization: Duration.minutes(10),
      scaleUpStabilization: Duration.seconds(30),
    }),

    // lifecycle
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
      InitStep.run({ name: 'wait-for-db', command: ['python', '-m', 'service.wait_for_db'] }),
      InitStep.run({ name: 'check-config', command: ['python', '-m', 'service.check_config'], inheritEnv: false }),
    ],
    migration: { command: ['python', '-m', 'service.migrate'], backoffLimit: 1 },

    // traffic
    ingress: {
      host: 'shop.example.com',
      path: '/',
      className: 'nginx',
      tls: IngressTls.clusterIssuer('letsencrypt-prod'),
      annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '8m' },
    },
    // Gateway API instead of (or next to) the Ingress: TLS lives on the Gateway's listener
    httpRoute: {
      gateway: { name: 'public', namespace: 'gateways', sectionName: 'https' },
      hostnames: ['shop.example.com'],
      path: '/',
    },
    forwardedAllowIps: '10.0.0.0/8', // the ingress controller's pods
    keepAliveTimeout: Duration.seconds(65), // above ingress-nginx's 60s upstream idle timeout
    networkPolicy: ServiceNetworkPolicy.restrict({
      allowFromNamespaces: ['ingress-nginx'], allowEgressTo: ['10.20.0.0/16'],
    }),

    // identity and metadata
    security: { user: 20001, group: 20001, tmpSize: Size.mebibytes(128) },
    labels: { 'team': 'checkout', 'example.com/cost-center': 'cc-42' },
    partOf: 'shop-platform',
    version: '2.3.1',
    revisionHistoryLimit: 3,
  });
}

if (require.main === module) {
  const app = new App({ outdir: process.env.CDK8S_OUTDIR ?? path.join(__dirname, 'dist', 'all-features') });
  allFeatures(new Chart(app, 'shop'));
  app.synth();
}
