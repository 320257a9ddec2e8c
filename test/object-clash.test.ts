// One set of objects per kind, namespace and name: two constructs writing the same object would
// both be written by cdk8s and `kubectl apply` would keep the last, so the second is rejected.
import { Chart, Testing } from 'cdk8s';
import { FastApiService, LoadTest } from '../lib';
import { IMAGE, allOf, synthChart } from './util';

const LOCUSTFILE = 'from locust import HttpUser';

describe('a construct whose constructor threw', () => {
  test('is not counted as a twin of a later construct of the same name', () => {
    const chart = new Chart(Testing.app(), 'test');
    const target = new FastApiService(chart, 'api', { image: IMAGE });
    expect(() => new LoadTest(chart, 'bad', { target, locustfile: ' ' })).toThrow(/locustfile must be/);
    new LoadTest(chart, 'load', { target, locustfile: LOCUSTFILE });
    expect(allOf(Testing.synth(chart), 'Job').map((job) => job.metadata.name)).toEqual(['api-load-test']);
  });

  test('still leaves a well-formed twin rejected', () => {
    expect(() => synthChart((chart) => {
      const target = new FastApiService(chart, 'api', { image: IMAGE });
      new LoadTest(chart, 'load', { target, locustfile: LOCUSTFILE });
      new LoadTest(chart, 'load2', { target, locustfile: LOCUSTFILE });
    })).toThrow(/^test\/load2: name must be unique among the LoadTests of a chart/);
  });
});
