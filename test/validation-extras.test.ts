import { Chart, Duration, Size, Testing } from 'cdk8s';
import { ServiceType } from 'cdk8s-plus-28';
import {
  FastApiErrors, FastApiServiceProps, FastApiWorker, FastApiWorkerProps, Sidecar, TaintEffect, Toleration, Volume,
  WorkerLiveness,
} from '../lib';
import { IMAGE, synthService } from './util';

/**
 * The catalogue of invalid input for placement, service options, volumes, sidecars and workers,
 * in the form of test/validation.test.ts: a compliant and a non-compliant case per rule, and the
 * error must be ours and name the construct path, the prop, the value and what is allowed.
 */
interface Rule<P> {
  readonly rule: string;
  readonly valid: Partial<P>;
  readonly invalid: Partial<P>;
  readonly message: RegExp;
}

const secret = (options: object = {}) =>
  Volume.fromSecret({ name: 'cert', mountPath: '/etc/cert', secretName: 'cert', ...options });
const sidecar = (options: object = {}) =>
  Sidecar.container({ name: 'proxy', image: 'org/proxy:2.0', ...options });
const noExecute = { effect: TaintEffect.NO_EXECUTE, tolerationSeconds: Duration.seconds(60) };
// Too long for one line, joined from raw string parts (the same pattern as one literal).
const TOLERATION_SECONDS_WITHOUT_NO_EXECUTE = new RegExp(
  String.raw`^placement.tolerations\[0\].tolerationSeconds must be left out unless effect is TaintEffect.NO_EXECUTE` +
  String.raw`.*, got 60$`,
);

const SERVICE_RULES: Rule<FastApiServiceProps>[] = [
  {
    rule: 'nodeSelector keys are label keys',
    valid: { placement: { nodeSelector: { 'example.com/pool': 'api' } } },
    invalid: { placement: { nodeSelector: { 'bad key': 'api' } } },
    message: /^placement.nodeSelector key must be a label key.*, got 'bad key'$/,
  },
  {
    rule: 'nodeSelector values are label values',
    valid: { placement: { nodeSelector: { pool: 'api-1' } } },
    invalid: { placement: { nodeSelector: { pool: 'api 1' } } },
    message: /^placement.nodeSelector\['pool'\] must be a label value.*, got 'api 1'$/,
  },
  {
    rule: 'toleration keys are qualified names',
    valid: { placement: { tolerations: [Toleration.exists('example.com/spot')] } },
    invalid: { placement: { tolerations: [Toleration.exists('-spot')] } },
    message: /^placement.tolerations\[0\].key must be a label key.*, got '-spot'$/,
  },
  {
    rule: 'toleration values are label values',
    valid: { placement: { tolerations: [Toleration.equal('pool', 'api')] } },
    invalid: { placement: { tolerations: [Toleration.equal('pool', 'a/b')] } },
    message: /^placement.tolerations\[0\].value must be a label value.*, got 'a\/b'$/,
  },
  {
    rule: 'tolerationSeconds only with NoExecute',
    valid: { placement: { tolerations: [Toleration.exists('spot', noExecute)] } },
    invalid: { placement: { tolerations: [Toleration.exists('spot', { tolerationSeconds: Duration.seconds(60) })] } },
    message: TOLERATION_SECONDS_WITHOUT_NO_EXECUTE,
  },
  {
    rule: 'tolerations are Toleration instances',
    valid: { placement: { tolerations: [Toleration.exists('spot')] } },
    invalid: { placement: { tolerations: [{ key: 'spot', operator: 'Exists' }] as any } },
    message: /^placement.tolerations\[0\] must be a Toleration/,
  },
  {
    rule: 'priorityClassName is a DNS subdomain',
    valid: { placement: { priorityClassName: 'high-priority' } }, invalid: { placement: { priorityClassName: 'High' } },
    message: /^placement.priorityClassName must be a DNS-1123 subdomain.*, got 'High'$/,
  },
  {
    rule: 'pod annotations do not replace the default container',
    valid: { podAnnotations: { 'example.com/a': 'b' } },
    invalid: { podAnnotations: { 'kubectl.kubernetes.io/default-container': 'x' } },
    message: /^podAnnotations key must be not set \(the construct sets it\)/,
  },
  {
    rule: 'service.port is in range',
    valid: { service: { port: 443 } }, invalid: { service: { port: 0 } },
    message: /^service.port must be an integer between 1 and 65535, got 0$/,
  },
  {
    rule: 'service annotation keys are qualified names',
    valid: { service: { annotations: { 'example.com/lb': 'x' } } },
    invalid: { service: { annotations: { 'a b': 'x' } } },
    message: /^service.annotations key must be a label key.*, got 'a b'$/,
  },
  {
    rule: 'service.type is one that selects pods',
    valid: { service: { type: ServiceType.NODE_PORT } }, invalid: { service: { type: 'Headless' as ServiceType } },
    message: /^service.type must be one of ClusterIP, NodePort, LoadBalancer, got 'Headless'$/,
  },
  {
    rule: 'volume names are not tmp',
    valid: { volumes: [secret({ name: 'tmp-files' })] }, invalid: { volumes: [secret({ name: 'tmp' })] },
    message: /^volumes\[0\].name must be not 'tmp'.*, got 'tmp'$/,
  },
  {
    rule: 'volume mount paths are not the root',
    valid: { volumes: [secret({ mountPath: '/cert' })] }, invalid: { volumes: [secret({ mountPath: '/' })] },
    message: /^volumes\[0\].mountPath must be a path other than \/ and outside \/tmp.*, got '\/'$/,
  },
  {
    rule: 'secret names are DNS subdomains',
    valid: { volumes: [secret({ secretName: 'api.cert' })] },
    invalid: { volumes: [secret({ secretName: 'Api_Cert' })] },
    message: /^volumes\[0\].secretName must be a DNS-1123 subdomain.*, got 'Api_Cert'$/,
  },
  {
    rule: 'item paths are relative without ..',
    valid: { volumes: [secret({ items: { 'tls.crt': 'certs/tls.crt' } })] },
    invalid: { volumes: [secret({ items: { 'tls.crt': '../tls.crt' } })] },
    message: /^volumes\[0\].items\['tls.crt'\] must be a relative file path without '..', got '..\/tls.crt'$/,
  },
  {
    rule: 'file modes are whole',
    valid: { volumes: [secret({ mode: 0o400 })] }, invalid: { volumes: [secret({ mode: 1.5 })] },
    message: /^volumes\[0\].mode must be an integer between 0 and 511, got 1.5$/,
  },
  {
    rule: 'emptyDir size limits are positive',
    valid: { volumes: [Volume.emptyDir({ name: 'c', mountPath: '/c', sizeLimit: Size.mebibytes(1) })] },
    invalid: { volumes: [Volume.emptyDir({ name: 'c', mountPath: '/c', sizeLimit: Size.mebibytes(0) })] },
    message: /^volumes\[0\].sizeLimit must be a positive Size, got '0Mi'$/,
  },
  {
    rule: 'volumes are Volume instances',
    valid: { volumes: [secret()] }, invalid: { volumes: [{ name: 'cert', secret: { secretName: 'x' } }] as any },
    message: /^volumes\[0\] must be a Volume/,
  },
  {
    rule: 'volume options have no unknown keys',
    valid: { volumes: [secret()] }, invalid: { volumes: [secret({ readonly: false })] },
    message: /^volumes\[0\] key must be one of name, mountPath, items, mode, optional, secretName, got 'readonly'$/,
  },
  {
    rule: 'sidecar names are unique',
    valid: { sidecars: [sidecar(), sidecar({ name: 'shipper' })] }, invalid: { sidecars: [sidecar(), sidecar()] },
    message: /^sidecars name must be unique \(this name is used twice\), got 'proxy'$/,
  },
  {
    rule: 'sidecar health ports are in range',
    valid: { sidecars: [sidecar({ health: { port: 9090, livenessPath: '/l' } })] },
    invalid: { sidecars: [sidecar({ health: { port: 0, livenessPath: '/l' } })] },
    message: /^sidecars\[0\].health.port must be an integer between 1 and 65535, got 0$/,
  },
  {
    rule: 'sidecar commands are exec form',
    valid: { sidecars: [sidecar({ command: ['/proxy'] })] }, invalid: { sidecars: [sidecar({ command: [''] })] },
    message: /^sidecars\[0\].command must be a non-empty list of non-empty strings \(exec form\), got \[""\]$/,
  },
  {
    rule: 'sidecars are Sidecar instances',
    valid: { sidecars: [sidecar()] }, invalid: { sidecars: [{ name: 'proxy', image: 'org/proxy:2.0' }] as any },
    message: /^sidecars\[0\] must be a Sidecar/,
  },
];

function expectOurError(build: () => unknown, path: string, message: RegExp): void {
  let error: unknown;
  try {
    build();
  } catch (e) {
    error = e;
  }
  expect(FastApiErrors.isValidationError(error)).toBe(true);
  const text = (error as Error).message;
  expect(text.startsWith(`${path}: `)).toBe(true);
  expect(text.slice(path.length + 2)).toMatch(message);
  expect(text).not.toMatch(/\.$/);
}

describe.each(SERVICE_RULES)('rule: $rule', ({ valid, invalid, message }) => {
  test('a compliant config synthesizes', () => {
    expect(() => synthService({ image: IMAGE, ...valid })).not.toThrow();
  });

  test('a non-compliant config is rejected with a message naming the prop, the value and what is allowed', () => {
    expectOurError(() => synthService({ image: IMAGE, ...invalid }), 'test/api', message);
  });
});

const ping = WorkerLiveness.exec(['celery', 'inspect', 'ping']);
const synthWorker = (props: Partial<FastApiWorkerProps>) => {
  const chart = new Chart(Testing.app(), 'test');
  new FastApiWorker(chart, 'worker', { image: IMAGE, command: ['rq', 'worker'], liveness: ping, ...props });
  return Testing.synth(chart);
};

const WORKER_RULES: Rule<FastApiWorkerProps>[] = [
  {
    rule: 'worker command is exec form',
    valid: { command: ['dramatiq', 'tasks'] }, invalid: { command: [] },
    message: /^command must be a non-empty list of non-empty strings \(exec form\), got \[\]$/,
  },
  {
    rule: 'worker liveness is a WorkerLiveness',
    valid: { liveness: WorkerLiveness.none('arq has no ping') }, invalid: { liveness: { command: ['x'] } as any },
    message: /^liveness must be WorkerLiveness.exec\(\[...\]\) or WorkerLiveness.none\(reason\)/,
  },
  {
    rule: 'worker liveness timing is whole seconds',
    valid: { liveness: WorkerLiveness.exec(['x'], { period: Duration.seconds(30) }) },
    invalid: { liveness: WorkerLiveness.exec(['x'], { period: Duration.millis(500) }) },
    message: /^liveness timing.period must be a Duration of whole seconds between 1s and 3600s, got '0.5s'$/,
  },
  {
    rule: 'worker grace period is at least a second',
    valid: { shutdown: { terminationGracePeriod: Duration.seconds(1) } },
    invalid: { shutdown: { terminationGracePeriod: Duration.seconds(0) } },
    message: /^shutdown.terminationGracePeriod must be a Duration of whole seconds between 1s and 86400s, got '0s'$/,
  },
  {
    rule: 'worker names leave room for the -netpol suffix',
    valid: { name: 'a'.repeat(56) }, invalid: { name: 'a'.repeat(57) },
    message: /^name must be a DNS-1035 label of at most 56 characters/,
  },
];

describe.each(WORKER_RULES)('worker rule: $rule', ({ valid, invalid, message }) => {
  test('a compliant worker synthesizes', () => {
    expect(() => synthWorker(valid)).not.toThrow();
  });

  test('a non-compliant worker is rejected with a message naming the prop, the value and what is allowed', () => {
    expectOurError(() => synthWorker(invalid), 'test/worker', message);
  });
});
