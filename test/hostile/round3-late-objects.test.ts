/**
 * Issue 11, round 3, class 4: an ApiObject created after a FastApiService, FastApiWorker or LoadTest
 * with the kind, name and namespace of one of its objects. It has no kind or name yet when it joins
 * the tree, so it is caught at synth (App.synth / synthYaml run the constructs' validations).
 */
import { ApiObject, App, Chart } from 'cdk8s';
import { FastApiService, FastApiWorker, LoadTest, WorkerLiveness } from '../../lib';

const IMAGE = 'registry.example.com/shop:1.2.3';

function setUp(): { app: App; chart: Chart; service: FastApiService } {
  const app = new App({ outdir: '/dev/null' });
  const chart = new Chart(app, 'test');
  return { app, chart, service: new FastApiService(chart, 'api', { image: IMAGE }) };
}

const later = (scope: Chart, id: string, kind: string, name: string, namespace?: string) => new ApiObject(scope, id, {
  apiVersion: kind === 'Deployment' ? 'apps/v1' : 'v1', kind, metadata: { name, namespace },
});

test('a Deployment named like the service, created after it, fails synth naming both paths', () => {
  const { app, chart } = setUp();
  later(chart, 'later', 'Deployment', 'api');
  expect(() => app.synthYaml()).toThrow("[test/api] Deployment 'api' of test/later, created after test/api, has the "
    + 'kind, name and namespace of an object that construct writes (kubectl apply would keep only the last); '
    + 'rename one of them');
});

test('a Service named like the service\'s, created after it in a nested construct, fails synth', () => {
  const { app, chart } = setUp();
  const group = new Chart(chart, 'group');
  later(group, 'svc', 'Service', 'api-svc');
  expect(() => app.synthYaml()).toThrow("Service 'api-svc' of test/group/svc, created after test/api");
});

test('a ConfigMap named like a LoadTest\'s, created after it, fails synth', () => {
  const { app, chart, service } = setUp();
  new LoadTest(chart, 'load', { target: service, locustfile: 'from locust import HttpUser\n' });
  later(chart, 'later', 'ConfigMap', 'api-load-test');
  expect(() => app.synthYaml()).toThrow("[test/load] ConfigMap 'api-load-test' of test/later, created after test/load");
});

test('a ServiceAccount named like a worker, created after it, fails synth', () => {
  const { app, chart } = setUp();
  new FastApiWorker(chart, 'worker', {
    image: IMAGE, command: ['celery', 'worker'], liveness: WorkerLiveness.none('redelivered'),
  });
  later(chart, 'later', 'ServiceAccount', 'worker');
  expect(() => app.synthYaml())
    .toThrow("[test/worker] ServiceAccount 'worker' of test/later, created after test/worker");
});

test('a Deployment named like the service in another namespace, created after it, synthesizes', () => {
  const { app, chart } = setUp();
  later(chart, 'later', 'Deployment', 'api', 'other');
  expect(app.synthYaml()).toContain('namespace: other');
});

test('an object of another kind or name, created after the service, synthesizes', () => {
  const { app, chart } = setUp();
  later(chart, 'config', 'ConfigMap', 'api');
  later(chart, 'other', 'Deployment', 'api-2');
  expect(() => app.synthYaml()).not.toThrow();
});
