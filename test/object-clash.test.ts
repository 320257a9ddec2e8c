// One set of objects per kind, namespace and name: two constructs writing the same object would
// both be written by cdk8s and `kubectl apply` would keep the last, so the second is rejected.
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  FastApiService, FastApiServiceProps, FastApiWorker, FastApiWorkerProps, LoadTest, WorkerLiveness,
} from '../lib';
import { FIXTURES } from './fixtures';
import { IMAGE, Manifest, allOf, synthChart } from './util';

const LOCUSTFILE = 'from locust import HttpUser';
const MIGRATION: Partial<FastApiServiceProps> = { migration: { command: ['python', '-m', 'app.migrate'] } };
const WORKER: FastApiWorkerProps = {
  image: IMAGE, command: ['celery', '-A', 'app.tasks', 'worker'],
  liveness: WorkerLiveness.none('the broker redelivers'),
};
const ALREADY_IN_CHART = 'name must not give objects the names of objects already in the chart'
  + ' (kubectl apply would keep only the last), got';
const service = (scope: Construct, id: string, extra: Partial<FastApiServiceProps> = {}) =>
  new FastApiService(scope, id, { image: IMAGE, ...extra });
const names = (manifests: Manifest[], kind: string) => allOf(manifests, kind).map((object) => object.metadata.name);

describe('a construct whose constructor threw', () => {
  test('is not counted as a twin of a later construct of the same name', () => {
    const chart = new Chart(Testing.app(), 'test');
    const target = service(chart, 'api');
    expect(() => new LoadTest(chart, 'bad', { target, locustfile: ' ' })).toThrow(/locustfile must be/);
    new LoadTest(chart, 'load', { target, locustfile: LOCUSTFILE });
    expect(names(Testing.synth(chart), 'Job')).toEqual(['api-load-test']);
  });

  test('still leaves a well-formed twin rejected', () => {
    expect(() => synthChart((chart) => {
      const target = service(chart, 'api');
      new LoadTest(chart, 'load', { target, locustfile: LOCUSTFILE });
      new LoadTest(chart, 'load2', { target, locustfile: LOCUSTFILE });
    })).toThrow(/^test\/load2: name must be unique among the LoadTests of a chart/);
  });
});

describe('names made through a generated suffix', () => {
  test('a service with a migration is rejected after a service named like its migration ServiceAccount', () => {
    expect(() => synthChart((chart) => {
      service(chart, 'api-migrate');
      service(chart, 'api', MIGRATION);
    })).toThrow(`test/api: ${ALREADY_IN_CHART} ServiceAccount 'api-migrate', already defined by test/api-migrate`);
  });

  test('a service named like another service\'s migration ServiceAccount is rejected after it', () => {
    expect(() => synthChart((chart) => {
      service(chart, 'api', MIGRATION);
      service(chart, 'api-migrate');
    })).toThrow(`test/api-migrate: ${ALREADY_IN_CHART} ServiceAccount 'api-migrate', already defined by test/api`);
  });

  test('a service named api-migrate beside a service api without a migration is fine', () => {
    const manifests = synthChart((chart) => {
      service(chart, 'api-migrate');
      service(chart, 'api');
    });
    expect(names(manifests, 'ServiceAccount')).toEqual(['api-migrate', 'api']);
  });

  test('a worker named like a service\'s migration ServiceAccount is rejected, whichever comes first', () => {
    expect(() => synthChart((chart) => {
      new FastApiWorker(chart, 'worker', { ...WORKER, name: 'api-migrate' });
      service(chart, 'api', MIGRATION);
    })).toThrow(`test/api: ${ALREADY_IN_CHART} ServiceAccount 'api-migrate', already defined by test/worker`);
    expect(() => synthChart((chart) => {
      service(chart, 'api', MIGRATION);
      new FastApiWorker(chart, 'worker', { ...WORKER, name: 'api-migrate' });
    })).toThrow(`test/worker: ${ALREADY_IN_CHART} ServiceAccount 'api-migrate', already defined by test/api`);
  });

  test('a worker named api-svc beside a service api is fine: a Deployment and a Service may share a name', () => {
    const manifests = synthChart((chart) => {
      service(chart, 'api');
      new FastApiWorker(chart, 'worker', { ...WORKER, name: 'api-svc' });
    });
    expect(names(manifests, 'Service')).toEqual(['api-svc']);
    expect(names(manifests, 'Deployment')).toEqual(['api', 'api-svc']);
  });

  test('a LoadTest is rejected when its ConfigMap\'s name is already taken in the chart', () => {
    expect(() => synthChart((chart) => {
      new k8s.KubeConfigMap(chart, 'config', { metadata: { name: 'api-load-test' } });
      new LoadTest(chart, 'load', { target: service(chart, 'api'), locustfile: LOCUSTFILE });
    })).toThrow("test/load: target must not give objects the names of objects already in the chart (kubectl apply"
      + " would keep only the last), got ConfigMap 'api-load-test', already defined by test/config");
  });

  test('a LoadTest beside a ConfigMap of the same name in another namespace is fine', () => {
    const manifests = synthChart((chart) => {
      new k8s.KubeConfigMap(chart, 'config', { metadata: { name: 'api-load-test', namespace: 'other' } });
      new LoadTest(chart, 'load', { target: service(chart, 'api'), locustfile: LOCUSTFILE });
    });
    expect(names(manifests, 'ConfigMap')).toEqual(['api-load-test', 'api-load-test']);
  });
});

describe('charts of one App', () => {
  const twoCharts = (first: string | undefined, second: string | undefined, app = Testing.app(), other = app) => {
    service(new Chart(app, 'one', { namespace: first }), 'api');
    service(new Chart(other, 'two', { namespace: second }), 'api');
  };

  test('a service is rejected when another chart writes its objects to the same namespace', () => {
    expect(() => twoCharts('shop', 'shop')).toThrow("two/api: name must not give objects the names of objects of"
      + " another chart of the app in the same namespace ('shop') (kubectl apply would keep only the last), got"
      + " Deployment 'api', already defined by one/api");
  });

  test('two charts without a namespace share kubectl\'s current one', () => {
    expect(() => twoCharts(undefined, undefined))
      .toThrow("same namespace (none given: kubectl's current one) (kubectl apply would keep only the last)");
  });

  test('the service\'s own namespace counts, not its chart\'s', () => {
    const app = Testing.app();
    service(new Chart(app, 'one', { namespace: 'a' }), 'api', { namespace: 'shop' });
    expect(() => service(new Chart(app, 'two', { namespace: 'b' }), 'api', { namespace: 'shop' }))
      .toThrow("two/api: name must not give objects the names of objects of another chart of the app in the same"
        + " namespace ('shop')");
  });

  test('the same service in two namespaces is fine', () => {
    expect(() => twoCharts('dev', 'prod')).not.toThrow();
  });

  test('the same service in two Apps is fine', () => {
    expect(() => twoCharts(undefined, undefined, Testing.app(), Testing.app())).not.toThrow();
  });
});

describe('every object a fixture\'s constructs write', () => {
  const OURS = [FastApiService, FastApiWorker, LoadTest];
  /** The objects the library's constructs write in a fixture (not the fixture's own raw objects). */
  const written = (fixture: string) => {
    const chart = new Chart(Testing.app(), 'test');
    FIXTURES[fixture](chart);
    return chart.node.findAll().filter((node) => OURS.some((kind) => node instanceof kind))
      .flatMap((construct) => construct.node.findAll().filter((node) => ApiObject.isApiObject(node)))
      .map((object) => ({ apiVersion: object.apiVersion, kind: object.kind, name: object.name,
        namespace: object.metadata.namespace }));
  };
  const plant = (chart: Chart, object: ReturnType<typeof written>[number], namespace = object.namespace) =>
    new ApiObject(chart, `twin-${object.kind}-${object.name}`, {
      apiVersion: object.apiVersion, kind: object.kind, metadata: { name: object.name, namespace },
    });
  const cases = ['all-features', 'orders-api', 'load-test'].flatMap((fixture) => written(fixture)
    .map((object) => [`${fixture}: ${object.kind} ${object.name}`, fixture, object] as const));

  test('covers every kind the library writes', () => {
    expect(new Set(cases.map(([, , object]) => object.kind))).toEqual(new Set([
      'ServiceAccount', 'Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'NetworkPolicy',
      'Ingress', 'HTTPRoute', 'Job', 'ConfigMap',
    ]));
  });

  test.each(cases)('%s is rejected when an object of that kind, name and namespace is already in the chart',
    (_title, fixture, object) => {
      expect(() => synthChart((chart) => {
        plant(chart, object);
        FIXTURES[fixture](chart);
      })).toThrow(`got ${object.kind} '${object.name}', already defined by test/twin-${object.kind}-${object.name}`);
    });

  test.each(['all-features', 'orders-api', 'load-test'])('%s is fine beside the same objects in another namespace',
    (fixture) => {
      const app = new App({ outdir: '/dev/null' });
      const chart = new Chart(app, 'test');
      for (const object of written(fixture)) plant(chart, object, 'elsewhere');
      expect(() => FIXTURES[fixture](chart)).not.toThrow();
    });
});
