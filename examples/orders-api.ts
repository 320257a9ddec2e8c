// A realistic two-process app: the orders API (FastAPI under uvicorn) and its Celery worker, both
// talking to Cloud SQL through a cloud-sql-proxy sidecar, with a client certificate mounted from a
// Secret as files, and both scheduled onto a dedicated, tainted node pool. Passes the policy
// plugin without waivers. The unit tests snapshot it (test/fixtures.ts), and `npm run fixtures`
// writes it to build/fixtures/orders-api.k8s.yaml for the schema and apiserver tiers.
//   npx ts-node --transpile-only examples/orders-api.ts   → examples/dist/orders-api/
import * as path from 'path';
import { App, Chart, Duration } from 'cdk8s';
import { Cpu, EnvValue } from 'cdk8s-plus-28';
import {
  Autoscaling, FastApiService, FastApiWorker, PlacementOptions, ServiceEnv, Sidecar, TaintEffect, Toleration, Volume,
  WorkerLiveness,
} from '../lib';

const IMAGE = 'registry.example.com/shop/orders:1.4.2';
const INSTANCE = 'example-project:europe-west1:orders';

/** Both processes run on the 'orders' node pool, which is tainted so nothing else lands there. */
const placement: PlacementOptions = {
  nodeSelector: { 'example.com/pool': 'orders' },
  tolerations: [Toleration.equal('example.com/pool', 'orders', { effect: TaintEffect.NO_SCHEDULE })],
};

/** The payment provider's client certificate, as files (never as env: checkov CKV_K8S_35). */
const paymentsCert = () => Volume.fromSecret({
  name: 'payments-cert',
  mountPath: '/etc/orders/payments',
  secretName: 'orders-payments-client',
  items: { 'tls.crt': 'client.crt', 'tls.key': 'client.key' },
  mode: 0o440, // octal in code; YAML holds 288, which the kubelet reads as 0440
});

/**
 * The Cloud SQL proxy. Regular containers all get SIGTERM at once, so the proxy must outlive the
 * app's drain: --max-sigterm-delay covers preStopDelay + gracefulTimeout (5s + 20s) for the API,
 * the whole grace period for the worker.
 */
const cloudSqlProxy = (sigtermDelay: Duration) => Sidecar.container({
  name: 'cloud-sql-proxy',
  image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1',
  args: [
    '--structured-logs', '--port=5432', '--health-check', '--http-address=0.0.0.0', '--http-port=9090',
    `--max-sigterm-delay=${sigtermDelay.toSeconds()}s`, INSTANCE,
  ],
  health: { port: 9090, livenessPath: '/liveness', readinessPath: '/readiness' },
  resources: { cpu: { request: Cpu.millis(100), limit: Cpu.millis(500) } },
});

export function ordersApi(chart: Chart): FastApiService {
  const api = new FastApiService(chart, 'orders-api', {
    image: IMAGE,
    namespace: 'orders',
    asgiApp: 'orders.main:app',
    env: {
      DATABASE_URL: ServiceEnv.fromSecret('orders-db', 'url'), // postgresql://...@127.0.0.1:5432/orders
      CELERY_BROKER_URL: ServiceEnv.fromSecret('orders-broker', 'url'),
      PAYMENTS_CERT_DIR: EnvValue.fromValue('/etc/orders/payments'),
    },
    autoscaling: Autoscaling.cpu({ minReplicas: 2, maxReplicas: 12 }),
    volumes: [paymentsCert()],
    sidecars: [cloudSqlProxy(Duration.seconds(25))],
    placement,
    podAnnotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8000' },
  });
  new FastApiWorker(chart, 'orders-worker', {
    service: api, // image, namespace, env, security
    command: ['celery', '-A', 'orders.tasks', 'worker', '--loglevel=INFO', '--concurrency=2'],
    // The shell expands $HOSTNAME (exec probes do not); a ping answers only if the worker consumes.
    liveness: WorkerLiveness.exec(['sh', '-c', 'celery -A orders.tasks inspect ping -d celery@$HOSTNAME']),
    // Celery's SIGTERM is a warm shutdown: running tasks finish. The longest task takes ~3 minutes.
    shutdown: { terminationGracePeriod: Duration.minutes(5) },
    autoscaling: Autoscaling.cpu({ minReplicas: 2, maxReplicas: 8 }),
    volumes: [paymentsCert()],
    sidecars: [cloudSqlProxy(Duration.seconds(290))],
    placement,
  });
  return api;
}

if (require.main === module) {
  const app = new App({ outdir: process.env.CDK8S_OUTDIR ?? path.join(__dirname, 'dist', 'orders-api') });
  ordersApi(new Chart(app, 'orders-api'));
  app.synth();
}
