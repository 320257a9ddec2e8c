import { Duration, Size, Yaml } from 'cdk8s';
import { Cpu, ServiceType } from 'cdk8s-plus-28';
import { Autoscaling, FastApiErrors, Sidecar, TaintEffect, Toleration, Volume } from '../lib';
import { IMAGE, appContainer, oneOf, synthService } from './util';

const proxyOf = (manifests: any[]) =>
  oneOf(manifests, 'Deployment').spec.template.spec.containers.find((c: any) => c.name === 'db-proxy');
const podSpecOf = (props: object) => oneOf(synthService({ image: IMAGE, ...props }), 'Deployment').spec.template.spec;
const secretFiles = Volume.fromSecret({ name: 'tls', mountPath: '/etc/tls', secretName: 'api-tls' });
const proxy = (extra: object = {}) => Sidecar.container({
  name: 'db-proxy', image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1',
  health: { port: 9090, livenessPath: '/liveness', readinessPath: '/readiness' }, ...extra,
});

describe('placement', () => {
  test('node selector, tolerations and priority class reach the pod spec', () => {
    const spec = podSpecOf({
      placement: {
        nodeSelector: { pool: 'api' },
        tolerations: [Toleration.equal('dedicated', 'api', { effect: TaintEffect.NO_SCHEDULE })],
        priorityClassName: 'high',
      },
    });
    expect(spec.nodeSelector).toEqual({ pool: 'api' });
    expect(spec.tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'api', effect: 'NoSchedule' }]);
    expect(spec.priorityClassName).toBe('high');
  });

  test('an Exists toleration with NoExecute keeps its tolerationSeconds', () => {
    const spec = podSpecOf({ placement: { tolerations: [Toleration.exists('spot', {
      effect: TaintEffect.NO_EXECUTE, tolerationSeconds: Duration.seconds(30),
    })] } });
    expect(spec.tolerations).toEqual([{ key: 'spot', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }]);
  });

  test('tolerationSeconds without NoExecute is rejected naming the toleration', () => {
    expect(() => podSpecOf({ placement: { tolerations: [Toleration.exists('spot', {
      effect: TaintEffect.NO_SCHEDULE, tolerationSeconds: Duration.seconds(30),
    })] } })).toThrow(/^test\/api: placement\.tolerations\[0\]\.tolerationSeconds must be left out unless effect/);
  });

  test('a toleration key that is not a qualified name is rejected', () => {
    expect(() => podSpecOf({ placement: { tolerations: [Toleration.exists('bad key')] } }))
      .toThrow(/placement\.tolerations\[0\]\.key must be a label key/);
  });

  test('an unknown effect is rejected with the allowed values', () => {
    const never = Toleration.exists('a', { effect: 'Never' as TaintEffect });
    expect(() => podSpecOf({ placement: { tolerations: [never] } }))
      .toThrow(/effect must be one of NoSchedule, PreferNoSchedule, NoExecute, got 'Never'/);
  });

  test('the default affinity prefers one replica per node', () => {
    expect(podSpecOf({}).affinity.podAntiAffinity).toBeDefined();
  });

  test('an affinity override replaces the anti-affinity and keeps the topology spread', () => {
    const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [
      { matchExpressions: [{ key: 'arch', operator: 'In', values: ['arm64'] }] },
    ] } } };
    const spec = podSpecOf({ placement: { affinity } });
    expect(spec.affinity).toEqual(affinity);
    expect(spec.topologySpreadConstraints).toHaveLength(2);
  });

  test('pod annotations are added beside the default-container annotation', () => {
    const manifests = synthService({ image: IMAGE, podAnnotations: { 'vault.hashicorp.com/agent-inject': 'true' } });
    expect(oneOf(manifests, 'Deployment').spec.template.metadata.annotations).toEqual({
      'vault.hashicorp.com/agent-inject': 'true', 'kubectl.kubernetes.io/default-container': 'app',
    });
  });

  test('a pod annotation key that is not a qualified name is rejected', () => {
    expect(() => synthService({ image: IMAGE, podAnnotations: { 'a b': 'x' } }))
      .toThrow(/podAnnotations key must be a label key/);
  });
});

describe('service options', () => {
  test('the Service is a ClusterIP on port 80 by default', () => {
    const service = oneOf(synthService({ image: IMAGE }), 'Service');
    expect([service.spec.type, service.spec.ports[0].port, service.metadata.annotations])
      .toEqual(['ClusterIP', 80, undefined]);
  });

  test('type, port and annotations are set from service', () => {
    const service = oneOf(synthService({ image: IMAGE, service: {
      type: ServiceType.LOAD_BALANCER, port: 8080, annotations: { 'example.com/lb': 'internal' },
    } }), 'Service');
    expect([service.spec.type, service.spec.ports[0].port]).toEqual(['LoadBalancer', 8080]);
    expect(service.metadata.annotations).toEqual({ 'example.com/lb': 'internal' });
  });

  test('the deprecated servicePort still sets the port', () => {
    expect(oneOf(synthService({ image: IMAGE, servicePort: 8080 }), 'Service').spec.ports[0].port).toBe(8080);
  });

  test('servicePort and service.port together are an error', () => {
    expect(() => synthService({ image: IMAGE, servicePort: 8080, service: { port: 81 } }))
      .toThrow(/service\.port cannot be combined with servicePort/);
  });

  test('an ExternalName Service is rejected', () => {
    expect(() => synthService({ image: IMAGE, service: { type: ServiceType.EXTERNAL_NAME } }))
      .toThrow(/service\.type must be one of ClusterIP, NodePort, LoadBalancer, got 'ExternalName'/);
  });
});

describe('volumes', () => {
  test('a Secret is mounted read-only by reference, with mode 0o444 by default', () => {
    const manifests = synthService({ image: IMAGE, volumes: [secretFiles] });
    const spec = oneOf(manifests, 'Deployment').spec.template.spec;
    expect(spec.volumes).toContainEqual({ name: 'tls', secret: { secretName: 'api-tls', defaultMode: 0o444 } });
    expect(appContainer(manifests).volumeMounts).toContainEqual({ name: 'tls', mountPath: '/etc/tls', readOnly: true });
    expect(manifests.some((m) => m.kind === 'Secret')).toBe(false);
  });

  test('a mode written in octal reaches YAML as the decimal number the kubelet reads', () => {
    const manifests = synthService({ image: IMAGE, volumes: [Volume.fromConfigMap({
      name: 'cfg', mountPath: '/etc/app', configMapName: 'app', mode: 0o440, items: { 'app.toml': 'app.toml' },
    })] });
    const text = Yaml.stringify(oneOf(manifests, 'Deployment'));
    expect(text).toContain('defaultMode: 288');
    expect(parseInt('440', 8)).toBe(288);
  });

  test('an emptyDir is writable with its size limit; a claim is read-only by default', () => {
    const manifests = synthService({ image: IMAGE, volumes: [
      Volume.emptyDir({ name: 'cache', mountPath: '/var/cache/app', sizeLimit: Size.mebibytes(128) }),
      Volume.fromClaim({ name: 'models', mountPath: '/models', claimName: 'models' }),
    ] });
    const spec = oneOf(manifests, 'Deployment').spec.template.spec;
    expect(spec.volumes).toContainEqual({ name: 'cache', emptyDir: { sizeLimit: '128Mi' } });
    expect(spec.volumes)
      .toContainEqual({ name: 'models', persistentVolumeClaim: { claimName: 'models', readOnly: true } });
    expect(appContainer(manifests).volumeMounts)
      .toContainEqual({ name: 'cache', mountPath: '/var/cache/app', readOnly: false });
  });

  test('the root filesystem stays read-only and /tmp stays mounted', () => {
    const container = appContainer(synthService({ image: IMAGE, volumes: [secretFiles] }));
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(container.volumeMounts[0]).toEqual({ name: 'tmp', mountPath: '/tmp' });
  });

  test.each([
    ['relative', 'etc/tls', /must be an absolute path/],
    ['with ..', '/etc/../tls', /must be an absolute path/],
    ['with a colon', '/etc/tls:x', /must be an absolute path/],
    ['under /tmp', '/tmp/tls', /outside \/tmp/],
  ])('a %s mount path is rejected', (_what, mountPath, message) => {
    const volume = Volume.fromSecret({ name: 'a', mountPath, secretName: 's' });
    expect(() => synthService({ image: IMAGE, volumes: [volume] }))
      .toThrow(message);
  });

  test('two volumes at the same path are rejected', () => {
    expect(() => synthService({ image: IMAGE, volumes: [
      secretFiles, Volume.fromConfigMap({ name: 'b', mountPath: '/etc/tls/', configMapName: 'c' }),
    ] })).toThrow(/volumes mountPath must be unique/);
  });

  test('duplicate and non-DNS volume names are rejected', () => {
    const sameName = Volume.emptyDir({ name: 'tls', mountPath: '/x' });
    expect(() => synthService({ image: IMAGE, volumes: [secretFiles, sameName] }))
      .toThrow(/volumes name must be unique/);
    expect(() => synthService({ image: IMAGE, volumes: [Volume.emptyDir({ name: 'Cache', mountPath: '/x' })] }))
      .toThrow(/volumes\[0\]\.name must be a DNS-1123 label/);
  });

  test('a mode above 0o777 is rejected', () => {
    expect(() => synthService({ image: IMAGE, volumes: [Volume.fromSecret({
      name: 'a', mountPath: '/a', secretName: 's', mode: 0o1000,
    })] })).toThrow(/volumes\[0\]\.mode must be an integer between 0 and 511, got 512/);
  });
});

describe('sidecars', () => {
  test('a sidecar runs under the app\'s restricted security context with probes on its health port', () => {
    const manifests = synthService({ image: IMAGE, sidecars: [proxy()] });
    const sidecar = proxyOf(manifests);
    expect(sidecar.securityContext).toEqual(appContainer(manifests).securityContext);
    expect(sidecar.livenessProbe.httpGet).toEqual({ path: '/liveness', port: 9090 });
    expect(sidecar.readinessProbe.httpGet).toEqual({ path: '/readiness', port: 9090 });
    expect(sidecar.resources.requests).toEqual({ 'cpu': '100m', 'memory': '64Mi', 'ephemeral-storage': '64Mi' });
  });

  test('a sidecar mounts only the volumes it names', () => {
    const sidecars = [proxy({ volumeMounts: ['tls'] })];
    const manifests = synthService({ image: IMAGE, volumes: [secretFiles], sidecars });
    const sidecar = proxyOf(manifests);
    expect(sidecar.volumeMounts.map((m: any) => m.name)).toEqual(['tmp', 'tls']);
  });

  test('a sidecar naming an unknown volume is rejected', () => {
    expect(() => synthService({ image: IMAGE, sidecars: [proxy({ volumeMounts: ['nope'] })] }))
      .toThrow(/sidecars\[0\]\.volumeMounts\[0\] must be the name of a pod volume/);
  });

  test('a sidecar named app or with an unpinned image is rejected', () => {
    expect(() => synthService({ image: IMAGE, sidecars: [proxy({ name: 'app' })] })).toThrow(/sidecars\[0\]\.name/);
    expect(() => synthService({ image: IMAGE, sidecars: [proxy({ image: 'proxy:latest' })] }))
      .toThrow(/sidecars\[0\]\.image/);
  });

  test('with CPU autoscaling a sidecar without a CPU request is rejected', () => {
    const error = (() => {
      try {
        synthService({ image: IMAGE, sidecars: [proxy({ resources: { cpu: { limit: Cpu.millis(200) } } })] });
      } catch (e) { return e; }
      return undefined;
    })();
    expect(FastApiErrors.isValidationError(error)).toBe(true);
    expect(String(error)).toMatch(/sidecars\[0\]\.resources\.cpu\.request must be set when autoscaling on CPU/);
  });

  test('with a fixed replica count a sidecar may leave out its CPU request', () => {
    expect(() => synthService({ image: IMAGE, autoscaling: Autoscaling.fixed(2),
      sidecars: [proxy({ resources: { cpu: { limit: Cpu.millis(200) } } })] })).not.toThrow();
  });

  test('the migration Job never gets the sidecars', () => {
    const migration = { command: ['alembic', 'upgrade', 'head'] };
    const manifests = synthService({ image: IMAGE, sidecars: [proxy()], migration });
    expect(oneOf(manifests, 'Job').spec.template.spec.containers.map((c: any) => c.name)).not.toContain('db-proxy');
  });
});
