import { Duration, Size } from 'cdk8s';
import { Cpu, ImagePullPolicy } from 'cdk8s-plus-28';
import { IngressTls, InitStep } from '../lib';
import { FIXTURES } from './fixtures';
import { IMAGE, appContainer, flag, oneOf, synthChart, synthService } from './util';

describe('the app container', () => {
  const manifests = synthService({ image: IMAGE, asgiApp: 'service.main:app', port: 8080, workers: 1 });
  const container = appContainer(manifests);

  test('runs uvicorn in exec form with the ASGI app, port and workers', () => {
    expect(container.command.slice(0, 2)).toEqual(['uvicorn', 'service.main:app']);
    expect(flag(container.command, '--host')).toBe('0.0.0.0');
    expect(flag(container.command, '--port')).toBe('8080');
    expect(flag(container.command, '--workers')).toBe('1');
    expect(container.args).toBeUndefined();
  });

  test('exposes the port under the name http', () => {
    expect(container.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
  });

  test('shuts down gracefully within the termination grace period', () => {
    const pod = oneOf(manifests, 'Deployment').spec.template.spec;
    const graceful = Number(flag(container.command, '--timeout-graceful-shutdown'));
    const preStop = container.lifecycle.preStop.exec.command.join(' ');
    const delay = Number(/sleep\((\d+)\)/.exec(preStop)![1]);
    expect(delay).toBe(5);
    expect(graceful).toBe(20);
    expect(delay + graceful).toBeLessThan(pod.terminationGracePeriodSeconds);
  });

  test('marks the pod as draining in its /tmp emptyDir before the preStop delay', () => {
    const script = container.lifecycle.preStop.exec.command[2].split('; ');
    const marks = script.findIndex((statement: string) => statement.endsWith("Path('/tmp/draining').touch()"));
    const sleeps = script.findIndex((statement: string) => statement.startsWith('time.sleep('));
    expect(marks).toBeGreaterThanOrEqual(0);
    expect(sleeps).toBeGreaterThan(marks);
    expect(container.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
  });

  test('does not trust proxy headers without an ingress', () => {
    expect(container.command).not.toContain('--proxy-headers');
  });

  test('pulls the pinned image with the documented policy', () => {
    expect(container.image).toBe(IMAGE);
    expect(container.imagePullPolicy).toBe('Always');
  });

  test('the pull policy applies to init containers too', () => {
    const pod = oneOf(
      synthService({
        image: IMAGE,
        imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
        initContainers: [InitStep.run({ name: 'm', command: ['m'] })],
      }),
      'Deployment',
    ).spec.template.spec;
    expect(
      [...pod.containers, ...pod.initContainers].map((c: any) => c.imagePullPolicy),
    ).toEqual(['IfNotPresent', 'IfNotPresent']);
  });

  test('probes distinct endpoints over the named port', () => {
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http', scheme: 'HTTP' });
    expect(container.startupProbe.httpGet.path).toBe('/healthz');
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
  });

  test('gives startup a 60 second budget before liveness takes over', () => {
    const s = container.startupProbe;
    expect(s.periodSeconds * s.failureThreshold).toBe(60);
  });
});

test('trusts forwarded headers when behind the ingress', () => {
  const command = appContainer(
    synthService({ image: IMAGE, ingress: { host: 'api.example.com', tls: IngressTls.clusterIssuer('le') } }),
  ).command;
  expect(command).toContain('--proxy-headers');
  expect(flag(command, '--forwarded-allow-ips')).toBe('*');
});

test('the keep-alive timeout can outlast the proxy\'s idle timeout', () => {
  const command = appContainer(synthService({ image: IMAGE, keepAliveTimeout: Duration.seconds(65) })).command;
  expect(flag(command, '--timeout-keep-alive')).toBe('65');
  expect(appContainer(synthService({ image: IMAGE })).command).not.toContain('--timeout-keep-alive');
});

test('the command escape hatch replaces uvicorn entirely', () => {
  const command = ['hypercorn', 'main:app', '--bind', '0.0.0.0:8000'];
  expect(appContainer(synthService({ image: IMAGE, command })).command).toEqual(command);
});

test('extra uvicorn arguments come after the generated ones', () => {
  const command = appContainer(synthService({ image: IMAGE, extraArgs: ['--root-path', '/api'] })).command;
  expect(command.slice(-2)).toEqual(['--root-path', '/api']);
});

test('startup budget and probe timings are overridable', () => {
  const c = appContainer(synthService({
    image: IMAGE,
    probes: { startupBudget: Duration.minutes(5), liveness: { period: Duration.seconds(20), failureThreshold: 5 } },
  }));
  expect(c.startupProbe.periodSeconds * c.startupProbe.failureThreshold).toBe(300);
  expect(c.livenessProbe.periodSeconds).toBe(20);
  expect(c.livenessProbe.failureThreshold).toBe(5);
});

describe('resources', () => {
  test('default to one uvicorn worker\'s needs', () => {
    const r = appContainer(synthService({ image: IMAGE })).resources;
    expect(r.requests).toEqual({ 'cpu': '250m', 'memory': '256Mi', 'ephemeral-storage': '64Mi' });
    expect(r.limits).toEqual({ 'cpu': '1000m', 'memory': '512Mi', 'ephemeral-storage': '256Mi' });
  });

  test('scale cpu and memory with the number of workers', () => {
    const r = appContainer(synthService({ image: IMAGE, workers: 3 })).resources;
    expect(r.requests.memory).toBe('768Mi');
    expect(r.limits.memory).toBe('1536Mi');
    expect(r.requests.cpu).toBe('750m');
  });

  test('given resources replace the defaults', () => {
    const r = appContainer(synthChart(FIXTURES['all-features'])).resources;
    expect(r.requests).toEqual({ 'cpu': '500m', 'memory': '512Mi', 'ephemeral-storage': '128Mi' });
  });

  test('ephemeral storage keeps its default when only cpu and memory are given', () => {
    const r = appContainer(
      synthService({
        image: IMAGE, resources: { cpu: { request: Cpu.millis(100) }, memory: { request: Size.mebibytes(64) } },
      }),
    ).resources;
    expect(r.requests).toEqual({ 'cpu': '100m', 'memory': '64Mi', 'ephemeral-storage': '64Mi' });
    expect(r.limits).toEqual({ 'ephemeral-storage': '256Mi' });
  });
});

describe('security', () => {
  const manifests = synthService({
    image: IMAGE, initContainers: [InitStep.run({ name: 'migrate', command: ['migrate'] })],
  });
  const pod = oneOf(manifests, 'Deployment').spec.template.spec;

  test('the pod runs as a numeric non-root user above 10000 with the runtime seccomp profile', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.securityContext.runAsUser).toBeGreaterThanOrEqual(10000);
    expect(pod.securityContext.runAsGroup).toBeGreaterThanOrEqual(10000);
  });

  test.each(['containers', 'initContainers'])('every one of %s is locked down', (list) => {
    for (const c of pod[list]) {
      expect(c.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        privileged: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(c.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
    }
  });

  test('/tmp is a size-limited emptyDir', () => {
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }]);
  });

  test('the service account token is not mounted', () => {
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(oneOf(manifests, 'ServiceAccount').automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBe(oneOf(manifests, 'ServiceAccount').metadata.name);
  });
});

describe('init containers', () => {
  const manifests = synthChart(FIXTURES['all-features']);
  const init = oneOf(manifests, 'Deployment').spec.template.spec.initContainers;

  test('use the service image and environment by default', () => {
    const app = appContainer(manifests);
    expect(init[0].name).toBe('wait-for-db');
    expect(init[0].image).toBe(app.image);
    expect(init[0].env).toEqual(app.env);
    expect(init[0].envFrom).toEqual(app.envFrom);
  });

  test('can opt out of the service environment', () => {
    expect(init[1].env).toBeUndefined();
    expect(init[1].envFrom).toBeUndefined();
  });
});

describe('environment', () => {
  const app = appContainer(synthChart(FIXTURES['all-features']));

  test('secrets and config maps are referenced by name and key', () => {
    const byName = Object.fromEntries(app.env.map((e: any) => [e.name, e]));
    expect(byName.DATABASE_URL).toEqual({
      name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'shop-db', key: 'url' } },
    });
    expect(byName.FEATURE_FLAGS.valueFrom.configMapKeyRef).toEqual({
      name: 'shop-config', key: 'flags', optional: true,
    });
    expect(byName.LOG_LEVEL).toEqual({ name: 'LOG_LEVEL', value: 'info' });
    expect(byName.POD_NAME.valueFrom.fieldRef).toEqual({ fieldPath: 'metadata.name' });
  });

  test('whole sources are imported by reference', () => {
    expect(app.envFrom).toEqual([
      { configMapRef: { name: 'shop-settings' } },
      { prefix: 'KEYS_', secretRef: { name: 'shop-api-keys' } },
    ]);
  });
});
