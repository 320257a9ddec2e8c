import { Duration } from 'cdk8s';
import { FastApiErrors, FastApiService, LoadTest } from '../lib';
import { FIXTURES } from './fixtures';
import { IMAGE, allOf, oneOf, synthChart } from './util';

describe('LoadTest', () => {
  const manifests = synthChart(FIXTURES['load-test']);
  const job = allOf(manifests, 'Job').find((j) => j.metadata.labels['app.kubernetes.io/component'] === 'load-test')!;
  const container = job.spec.template.spec.containers[0];

  test('runs headless Locust against the Service URL for a bounded time', () => {
    const service = oneOf(manifests, 'Service');
    expect(container.command).toEqual(expect.arrayContaining(['locust', '--headless', '--host']));
    expect(container.command[container.command.indexOf('--host') + 1])
      .toBe(`http://${service.metadata.name}.${service.metadata.namespace}.svc:${service.spec.ports[0].port}`);
    expect(container.command[container.command.indexOf('--run-time') + 1]).toBe('60s');
    expect(job.spec.activeDeadlineSeconds).toBeGreaterThan(60);
    expect(job.spec.backoffLimit).toBe(0);
  });

  test('ships the locustfile in a ConfigMap mounted read-only', () => {
    const cm = oneOf(manifests, 'ConfigMap');
    expect(cm.data['locustfile.py']).toContain('HttpUser');
    expect(job.spec.template.spec.volumes).toContainEqual({
      name: 'locustfile', configMap: { name: cm.metadata.name },
    });
    expect(container.volumeMounts).toContainEqual({ name: 'locustfile', mountPath: '/locust', readOnly: true });
  });

  test('is never selected by the Service it loads', () => {
    const selector = oneOf(manifests, 'Service').spec.selector;
    const podLabels = job.spec.template.metadata.labels;
    expect(Object.entries(selector).every(([k, v]) => podLabels[k] === v)).toBe(false);
  });

  test('runs under the restricted pod security profile', () => {
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(job.spec.template.spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
  });

  test.each([
    ['users', { users: 0 }, /^test\/load: users must be an integer between 1 and 10000, got 0$/],
    ['spawnRate', { users: 5, spawnRate: 6 }, /^test\/load: spawnRate must be an integer between 1 and 5, got 6$/],
    [
      'runTime', { runTime: Duration.hours(2) },
      /^test\/load: runTime must be a Duration of whole seconds between 1s and 3600s, got '7200s'$/,
    ],
    [
      'locustfile', { locustfile: ' ' },
      /^test\/load: locustfile must be the non-empty Python source of a locustfile, got ' '$/,
    ],
    ['image', { image: 'locustio/locust' }, /^test\/load: image must be pinned by a tag or a digest/],
  ])('rejects an invalid %s', (_prop, patch, message) => {
    const build = (p: object) => synthChart((chart) => {
      const target = new FastApiService(chart, 'api', { image: IMAGE });
      new LoadTest(chart, 'load', { target, locustfile: 'from locust import HttpUser', ...p });
    });
    expect(() => build({})).not.toThrow();
    let error: unknown;
    try { build(patch); } catch (e) { error = e; }
    expect(FastApiErrors.isValidationError(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
  });
});
