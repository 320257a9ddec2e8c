// Every option of FastApiService in one place, an Ingress and a Gateway API HTTPRoute included.
//   node -r ./scripts/ts-hook.js examples/all-features.ts   → examples/dist/all-features/
import * as path from 'path';
import { App, Chart, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { EnvSource, EnvValue, FastApiService, ImagePullPolicy } from '../lib';

const app = new App({ outdir: process.env.CDK8S_OUTDIR ?? path.join(__dirname, 'dist', 'all-features') });
const chart = new Chart(app, 'shop', { namespace: 'shop' });

new FastApiService(chart, 'shop', {
  image: 'registry.example.com/team/shop:2.3.1',
  asgiApp: 'service.main:app',
  port: 8080, // what uvicorn binds
  servicePort: 80, // what the Service exposes
  workers: 1, // scale with pods, not processes
  extraArgs: ['--root-path', '/'],
  imagePullPolicy: ImagePullPolicy.ALWAYS,
  imagePullSecrets: ['registry-credentials'],

  // configuration: literals go into git, secrets only by reference
  env: {
    LOG_LEVEL: EnvValue.fromValue('info'),
    DATABASE_URL: EnvValue.fromSecret('shop-db', 'url'),
    FEATURE_FLAGS: EnvValue.fromConfigMap('shop-config', 'flags', { optional: true }),
    POD_NAME: EnvValue.fromField('metadata.name'),
  },
  envFrom: [EnvSource.configMap('shop-settings'), EnvSource.secret('shop-api-keys', { prefix: 'KEYS_' })],

  // capacity
  resources: {
    cpu: { request: Cpu.millis(500), limit: Cpu.millis(2000) },
    memory: { request: Size.mebibytes(512), limit: Size.gibibytes(1) },
  },
  autoscaling: {
    minReplicas: 2,
    maxReplicas: 20,
    cpuUtilization: 60,
    scaleDownStabilization: Duration.minutes(10),
  },

  // lifecycle
  probes: { livenessPath: '/health/live', readinessPath: '/health/ready', startupBudget: Duration.minutes(3) },
  shutdown: { preStopDelay: Duration.seconds(10), gracefulTimeout: Duration.seconds(30), terminationGracePeriod: Duration.seconds(60) },
  initContainers: [{ name: 'wait-for-db', command: ['python', '-m', 'service.wait_for_db'] }],
  migration: { command: ['alembic', 'upgrade', 'head'], backoffLimit: 1 },

  // traffic
  ingress: { host: 'shop.example.com', className: 'nginx', tls: { clusterIssuer: 'letsencrypt-prod' } },
  // Gateway API instead of (or next to) the Ingress: TLS lives on the Gateway's listener
  httpRoute: { gateway: { name: 'shared-gateway', namespace: 'gateway-system', sectionName: 'https' }, hostnames: ['shop.example.com'], path: '/api' },
  keepAliveTimeout: Duration.seconds(65), // above ingress-nginx's 60s upstream idle timeout
  networkPolicy: { allowFromNamespaces: ['ingress-nginx'], allowEgressTo: ['10.20.0.0/16'] },

  // identity and metadata
  security: { user: 20001, group: 20001, tmpSize: Size.mebibytes(128) },
  labels: { team: 'checkout' },
  partOf: 'shop-platform',
  revisionHistoryLimit: 3,
});

app.synth();
