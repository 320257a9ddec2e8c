import { Chart, Duration, Testing } from 'cdk8s';
import { EnvValue } from 'cdk8s-plus-28';
import { Autoscaling, FastApiService, FastApiWorker, FastApiWorkerProps, ServiceEnv, WorkerLiveness } from '../lib';
import { checkObjects } from '../lib/policy';
import { IMAGE, Manifest, allOf, oneOf } from './util';

const celeryPing = WorkerLiveness.exec(['sh', '-c', 'celery -A orders.tasks inspect ping -d celery@$HOSTNAME']);
const command = ['celery', '-A', 'orders.tasks', 'worker'];

function synth(worker: Partial<FastApiWorkerProps>, withService = true): Manifest[] {
  const chart = new Chart(Testing.app(), 'test');
  const service = withService ? new FastApiService(chart, 'orders', {
    image: IMAGE, namespace: 'shop', env: { DATABASE_URL: ServiceEnv.fromSecret('db', 'url') },
  }) : undefined;
  new FastApiWorker(chart, 'worker', { command, liveness: celeryPing, service, ...worker } as FastApiWorkerProps);
  return Testing.synth(chart) as Manifest[];
}
const workerDeployment = (manifests: Manifest[]) =>
  allOf(manifests, 'Deployment').find((d) => d.metadata.labels['app.kubernetes.io/component'] === 'worker')!;
const workerContainer = (manifests: Manifest[]) => workerDeployment(manifests).spec.template.spec.containers[0];

test('a worker shares the service\'s image, namespace and env', () => {
  const manifests = synth({ env: { CONCURRENCY: EnvValue.fromValue('2') } });
  const container = workerContainer(manifests);
  expect(container.image).toBe(IMAGE);
  expect(workerDeployment(manifests).metadata.namespace).toBe('shop');
  expect(container.env.map((e: any) => e.name)).toEqual(['DATABASE_URL', 'CONCURRENCY']);
  expect(container.command).toEqual(command);
});

test('a worker is named after the service and labelled as its worker component', () => {
  const labels = workerDeployment(synth({})).metadata.labels;
  expect(labels).toMatchObject({
    'app.kubernetes.io/name': 'orders-worker', 'app.kubernetes.io/component': 'worker',
    'app.kubernetes.io/part-of': 'orders',
  });
});

test('a worker has no Service and no readiness probe', () => {
  const manifests = synth({ image: IMAGE }, false);
  expect(allOf(manifests, 'Service')).toEqual([]);
  expect(workerContainer(manifests).readinessProbe).toBeUndefined();
});

test('a worker without a service needs an image', () => {
  expect(() => synth({}, false)).toThrow(/^test\/worker: image must be a pinned image, or a service/);
});

test('a worker runs the restricted security context with a read-only root filesystem', () => {
  const container = workerContainer(synth({}));
  expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
});

test('the exec liveness probe runs the given command with worker-sized timing', () => {
  expect(workerContainer(synth({})).livenessProbe).toEqual({
    exec: { command: ['sh', '-c', 'celery -A orders.tasks inspect ping -d celery@$HOSTNAME'] },
    initialDelaySeconds: 30, periodSeconds: 60, timeoutSeconds: 10, failureThreshold: 3,
  });
});

test('no liveness probe records the reason as a waiver of the probes rule', () => {
  const deployment = workerDeployment(synth({ liveness: WorkerLiveness.none('the broker heartbeat restarts it') }));
  expect(deployment.metadata.annotations)
    .toEqual({ 'cdk8s-fastapi.io/waive-probes': 'the broker heartbeat restarts it' });
});

test('no liveness probe without a reason is rejected', () => {
  expect(() => synth({ liveness: WorkerLiveness.none('') })).toThrow(/liveness reason must be a non-empty reason/);
});

test('the grace period defaults to 60s and is validated', () => {
  expect(workerDeployment(synth({})).spec.template.spec.terminationGracePeriodSeconds).toBe(60);
  expect(() => synth({ shutdown: { terminationGracePeriod: Duration.days(2) } }))
    .toThrow(/shutdown\.terminationGracePeriod must be a Duration of whole seconds between 1s and 86400s/);
});

test('the worker has no preStop delay: nothing routes traffic to it', () => {
  expect(workerContainer(synth({})).lifecycle).toBeUndefined();
});

test('the worker\'s NetworkPolicy admits no ingress', () => {
  const policy = allOf(synth({}), 'NetworkPolicy').find((p) => p.metadata.name === 'orders-worker-netpol')!;
  expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
  expect(policy.spec.ingress).toBeUndefined();
  expect(policy.spec.podSelector.matchLabels['app.kubernetes.io/component']).toBe('worker');
});

test('the web service\'s Service and NetworkPolicy do not select the worker\'s pods', () => {
  const manifests = synth({});
  const podLabels = workerDeployment(manifests).spec.template.metadata.labels;
  const selector = oneOf(manifests, 'Service').spec.selector;
  expect(Object.entries(selector).every(([k, v]) => podLabels[k] === v)).toBe(false);
});

test('one fixed replica and no PDB by default; an HPA and a PDB with autoscaling', () => {
  const fixed = synth({});
  expect(workerDeployment(fixed).spec.replicas).toBe(1);
  expect(allOf(fixed, 'PodDisruptionBudget').map((p) => p.metadata.name)).toEqual(['orders-pdb']);
  const scaled = synth({ autoscaling: Autoscaling.cpu({ minReplicas: 2, maxReplicas: 6 }) });
  expect(allOf(scaled, 'HorizontalPodAutoscaler').map((h) => h.spec.scaleTargetRef.name)).toContain('orders-worker');
  const pdb = allOf(scaled, 'PodDisruptionBudget').find((p) => p.metadata.name === 'orders-worker-pdb')!;
  expect(pdb.spec.selector.matchLabels['app.kubernetes.io/component']).toBe('worker');
});

test('image conflicts with service', () => {
  expect(() => synth({ image: IMAGE })).toThrow(/image cannot be combined with service/);
});

test('the service and its worker pass the policy plugin without waivers', () => {
  expect(checkObjects(synth({ autoscaling: Autoscaling.cpu({ minReplicas: 2 }) }))).toEqual([]);
});

test('a worker without a liveness probe passes the policy plugin through its recorded waiver', () => {
  expect(checkObjects(synth({ liveness: WorkerLiveness.none('the broker heartbeat restarts it') }))).toEqual([]);
});

test('a worker whose waiver annotation is removed fails the probes rule', () => {
  const manifests = synth({ liveness: WorkerLiveness.none('the broker heartbeat restarts it') });
  delete workerDeployment(manifests).metadata.annotations;
  expect(checkObjects(manifests).map((v) => v.rule)).toEqual(['probes']);
});
