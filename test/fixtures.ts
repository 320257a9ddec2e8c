import { Chart, Duration } from 'cdk8s';
import * as fs from 'fs';
import * as path from 'path';
import { allFeatures } from '../examples/all-features';
import { ordersApi } from '../examples/orders-api';
import { Autoscaling, FastApiService, InitStep, LoadTest } from '../lib';

/**
 * Named example apps shared by the unit tests, `npm run fixtures` (for the cluster and FastAPI
 * tiers) and the benchmark. Each builds one service into the given chart. Where an example in
 * examples/ shows the same thing, the fixture is that example.
 */
export const FIXTURES: Record<string, (chart: Chart) => FastApiService> = {
  /** Only the required prop. */
  'defaults': (chart) => new FastApiService(chart, 'api', { image: 'registry.example.com/team/api:1.0.0' }),

  /** Every feature on: examples/all-features.ts. */
  'all-features': allFeatures,

  /** API + Celery worker, a Cloud SQL proxy sidecar, a Secret as files, tolerations: examples/orders-api.ts. */
  'orders-api': ordersApi,

  /** A fixed replica count instead of an HPA. */
  'fixed-replicas': (chart) => new FastApiService(chart, 'reports', {
    image: 'registry.example.com/team/reports:0.9.2',
    autoscaling: Autoscaling.fixed(3),
  }),

  /** The example app's Locust run as an in-cluster Job against its Service. */
  'load-test': (chart) => {
    const api = new FastApiService(chart, 'kf-api', {
      image: '4oh4/kubernetes-fastapi:1.0.0',
      asgiApp: 'service.main:app',
      port: 8080,
      service: { port: 8080 },
      namespace: 'load',
      autoscaling: Autoscaling.cpu({ minReplicas: 2, maxReplicas: 10, cpuUtilization: 50 }),
      initContainers: [InitStep.run({ name: 'migrate', command: ['python', '-m', 'service.migrate'] })],
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
