import * as fc from 'fast-check';
import { Autoscaling, FastApiErrors, FastApiServiceProps } from '../lib';
import { validProps } from './arbitraries';
import { Manifest, allOf, oneOf, synthService } from './util';

// A fixed seed in CI, a random one locally (fast-check prints it on failure; replay with
// FC_SEED=<seed>). `npm test` runs 200 runs per property; .ci/run's property tier runs 1000.
const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : process.env.CI ? 20261126 : undefined;
const numRuns = Number(process.env.FC_NUM_RUNS ?? 200);
const params = { seed, numRuns };

const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels?.[k] === v);

function podSpecs(manifests: Manifest[]): any[] {
  return [...allOf(manifests, 'Deployment'), ...allOf(manifests, 'Job')].map((w) => w.spec.template.spec);
}

test('random valid configs keep the restricted security context on every pod and container', () => {
  fc.assert(fc.property(validProps, (props) => {
    for (const pod of podSpecs(synthService(props))) {
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(pod.automountServiceAccountToken).toBe(false);
      for (const c of [...pod.containers, ...(pod.initContainers ?? [])]) {
        expect(c.securityContext).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          capabilities: { drop: ['ALL'] },
        });
        expect(c.securityContext.runAsUser).toBeGreaterThanOrEqual(10000);
      }
    }
  }), params);
});

test('random valid configs keep every selector matching its pods, and no job pod behind the Service', () => {
  fc.assert(fc.property(validProps, (props) => {
    const manifests = synthService(props);
    const deployment = oneOf(manifests, 'Deployment');
    const podLabels = deployment.spec.template.metadata.labels;
    expect(matches(deployment.spec.selector.matchLabels, podLabels)).toBe(true);
    expect(matches(oneOf(manifests, 'Service').spec.selector, podLabels)).toBe(true);
    for (const pdb of allOf(manifests, 'PodDisruptionBudget')) expect(
      matches(pdb.spec.selector.matchLabels, podLabels),
    ).toBe(true);
    for (const np of allOf(manifests, 'NetworkPolicy')) expect(
      matches(np.spec.podSelector.matchLabels, podLabels),
    ).toBe(true);
    for (const hpa of allOf(
      manifests, 'HorizontalPodAutoscaler',
    )) expect(hpa.spec.scaleTargetRef.name).toBe(deployment.metadata.name);
    for (const job of allOf(manifests, 'Job')) expect(
      matches(oneOf(manifests, 'Service').spec.selector, job.spec.template.metadata.labels),
    ).toBe(false);
    for (const ing of allOf(manifests, 'Ingress')) {
      expect(ing.spec.rules[0].http.paths[0].backend.service.name).toBe(oneOf(manifests, 'Service').metadata.name);
    }
  }), params);
});

test('random valid configs never emit replicas alongside an HPA', () => {
  fc.assert(fc.property(validProps, (props) => {
    const manifests = synthService(props);
    const hasHpa = allOf(manifests, 'HorizontalPodAutoscaler').length > 0;
    // Autoscaling.fixed keeps its count in an internal field; the HPA exists exactly without one.
    expect(hasHpa).toBe(props.autoscaling?._replicas === undefined);
    if (hasHpa) expect(oneOf(manifests, 'Deployment').spec).not.toHaveProperty('replicas');
  }), params);
});

test('random valid configs stop uvicorn before the kubelet kills it', () => {
  fc.assert(fc.property(validProps.filter((p) => p.command === undefined), (props) => {
    const pod = oneOf(synthService(props), 'Deployment').spec.template.spec;
    const cmd: string[] = pod.containers[0].command;
    const graceful = Number(cmd[cmd.indexOf('--timeout-graceful-shutdown') + 1]);
    const preStop = pod.containers[0].lifecycle
      ? Number(/sleep\((\d+)\)/.exec(pod.containers[0].lifecycle.preStop.exec.command[2])![1])
      : 0;
    expect(preStop + graceful).toBeLessThan(pod.terminationGracePeriodSeconds);
  }), params);
});

/** One prop broken at a time, with hostile values: wrong types, out-of-range numbers, bad strings. */
const breakers: fc.Arbitrary<Partial<FastApiServiceProps> | Record<string, unknown>>[] = [
  fc.oneof(
    fc.string().filter((s) => !/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(s) || s.length > 59),
    fc.integer(),
    fc.constant(null),
  ).map((name) => ({ name })),
  fc.oneof(
    fc.string().filter((s) => !/:[\w][\w.-]*$|@sha256:/.test(s) || /:latest$/.test(s)),
    fc.integer(), fc.constant(null), fc.constant(undefined),
  ).map((image) => ({ image })),
  fc.oneof(
    fc.integer().filter((n) => n < 1024 || n > 65535), fc.double({ noInteger: true }), fc.string(), fc.constant(NaN),
  ).map((port) => ({ port })),
  fc.oneof(fc.integer().filter((n) => n < 1 || n > 65535), fc.string()).map((servicePort) => ({ servicePort })),
  fc.oneof(
    fc.integer().filter((n) => n < 1 || n > 64), fc.constant(Infinity), fc.string(),
  ).map((workers) => ({ workers })),
  fc.string().filter(
    (s) => !/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*:[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(s),
  ).map((asgiApp) => ({ asgiApp })),
  fc.tuple(fc.integer({ min: 2, max: 50 }), fc.integer({ min: 1, max: 49 })).filter(([a, b]) => a > b).map(
    ([minReplicas, maxReplicas]) => ({ autoscaling: Autoscaling.cpu({ minReplicas, maxReplicas }) }),
  ),
  fc.integer().filter((n) => n < 1 || n > 100).map(
    (cpuUtilization) => ({ autoscaling: Autoscaling.cpu({ cpuUtilization }) }),
  ),
  fc.integer({ min: 0, max: 20 }).map((replicas) => ({ replicas, autoscaling: Autoscaling.cpu({}) })),
  fc.string().filter((s) => !s.startsWith('/') || /[\s?#]/.test(s))
    .map((livenessPath) => ({ probes: { livenessPath } })),
  fc.anything().filter(
    (v) => typeof v !== 'object' || v === null || Array.isArray(v),
  ).filter((v) => v !== undefined).map((env) => ({ env })),
  fc.anything().filter((v) => !Array.isArray(v) && v !== undefined).map((initContainers) => ({ initContainers })),
  fc.constantFrom(null, 5, 'x', [], {}).map((command) => ({ migration: { command } })),
  fc.constantFrom(null, 5, 'x', {}, { host: 'a.example.com' }).map((ingress) => ({ ingress })),
  fc.integer({ max: 9999 }).map((user) => ({ security: { user } })),
  fc.constantFrom('maxReplica', 'cpu', 'min_replicas').map((typo) => ({ autoscaling: Autoscaling.cpu({ [typo]: 5 }) })),
  fc.constantFrom('replica', 'ports', 'worker', 'autoScaling').map((typo) => ({ [typo]: 1 })),
  fc.anything().filter(
    (v) => typeof v !== 'object' || Array.isArray(v),
  ).filter((v) => v !== undefined && v !== false).map((probes) => ({ probes })),
  fc.anything().filter(
    (v) => v !== undefined && (typeof v !== 'object' || v === null),
  ).map((preStopDelay) => ({ shutdown: { preStopDelay } })),
  fc.anything().filter(
    (v) => v !== undefined && (typeof v !== 'object' || v === null),
  ).map((request) => ({ resources: { cpu: { request } } })),
  fc.anything().filter(
    (v) => v !== undefined && (typeof v !== 'object' || v === null),
  ).map((tmpSize) => ({ security: { tmpSize } })),
];

test('random invalid values always throw our own validation error, never a TypeError', () => {
  fc.assert(fc.property(validProps, fc.oneof(...breakers), (props, patch) => {
    let error: unknown;
    try {
      synthService({ ...props, ...patch } as FastApiServiceProps);
    } catch (e) {
      error = e;
    }
    // Rethrow anything else, so a failure shows the real error (a TypeError, or none).
    if (!FastApiErrors.isValidationError(error)) throw error ?? new Error('no error was thrown');
  }), params);
});
