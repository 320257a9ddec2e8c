// Policy rules for any Kubernetes manifests (not only ours): what FastApiService guarantees, checked
// on every object of an app at synth time. Pure functions over parsed objects, so they are easy to
// test with a compliant and a non-compliant fixture each.

import { parseImage, unpinnedReason } from '../_image';
import { selects } from '../_labels';

/** The metadata the rules read. */
export interface KubeObjectMetadata {
  readonly name?: string;
  readonly namespace?: string;
  readonly labels?: Record<string, string>;
}

/** A parsed Kubernetes object, as the rules read it. */
export interface KubeObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: KubeObjectMetadata;
  readonly spec?: any;
  readonly [key: string]: any;
}

/** One object breaking one rule. */
export interface PolicyViolation {
  readonly rule: string;
  readonly object: KubeObject;
  readonly message: string;
}

/** A named check over all objects of an app, with the advice the validation report prints. */
export interface IPolicyRule {
  readonly name: string;
  readonly recommendation: string;
  readonly fix: string;
  check(objects: KubeObject[]): PolicyViolation[];
}

const WORKLOADS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'];
const LONG_RUNNING = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'];

/** The pod spec of a workload, a CronJob or a bare Pod. */
function podSpec(o: KubeObject): any | undefined {
  if (o.kind === 'Pod') return o.spec;
  if (o.kind === 'CronJob') return o.spec?.jobTemplate?.spec?.template?.spec;
  if (WORKLOADS.includes(o.kind ?? '')) return o.spec?.template?.spec;
  return undefined;
}

function containers(pod: any, withInit = true): any[] {
  return [...(pod?.containers ?? []), ...(withInit ? pod?.initContainers ?? [] : [])];
}

const sameNamespace = (a: KubeObject, b: KubeObject) => (a.metadata?.namespace ?? '') === (b.metadata?.namespace ?? '');

function forEachContainer(objects: KubeObject[], rule: string, check: (c: any, pod: any, o: KubeObject) => string | undefined, withInit = true): PolicyViolation[] {
  const out: PolicyViolation[] = [];
  for (const o of objects) {
    const pod = podSpec(o);
    if (!pod) continue;
    for (const c of containers(pod, withInit)) {
      const problem = check(c, pod, o);
      if (problem) out.push({ rule, object: o, message: `container '${c.name}': ${problem}` });
    }
  }
  return out;
}

function hpasTargeting(objects: KubeObject[], workload: KubeObject): KubeObject[] {
  return objects.filter((h) => h.kind === 'HorizontalPodAutoscaler' && sameNamespace(h, workload)
    && h.spec?.scaleTargetRef?.kind === workload.kind && h.spec?.scaleTargetRef?.name === workload.metadata?.name);
}

export const RULES: IPolicyRule[] = [
  {
    name: 'restricted-security-context',
    recommendation: 'Run every container under the Pod Security Standards "restricted" profile',
    fix: 'set runAsNonRoot, seccompProfile RuntimeDefault, allowPrivilegeEscalation false, capabilities.drop [ALL], readOnlyRootFilesystem true',
    check: (objects) => forEachContainer(objects, 'restricted-security-context', (c, pod) => {
      const sc = c.securityContext ?? {};
      const psc = pod.securityContext ?? {};
      const missing: string[] = [];
      if ((sc.runAsNonRoot ?? psc.runAsNonRoot) !== true) missing.push('runAsNonRoot true');
      if ((sc.runAsUser ?? psc.runAsUser) === 0) missing.push('a non-zero runAsUser');
      const seccomp = (sc.seccompProfile ?? psc.seccompProfile)?.type;
      if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') missing.push('seccompProfile RuntimeDefault');
      if (sc.allowPrivilegeEscalation !== false) missing.push('allowPrivilegeEscalation false');
      if (sc.privileged === true) missing.push('privileged false');
      if (!(sc.capabilities?.drop ?? []).includes('ALL')) missing.push('capabilities.drop [ALL]');
      if (sc.readOnlyRootFilesystem !== true) missing.push('readOnlyRootFilesystem true');
      return missing.length ? `needs ${missing.join(', ')}` : undefined;
    }),
  },
  {
    name: 'probes',
    recommendation: 'Long-running containers need liveness and readiness probes so Kubernetes can restart them and route around them',
    fix: 'add livenessProbe and readinessProbe (on different endpoints)',
    check: (objects) => forEachContainer(objects.filter((o) => LONG_RUNNING.includes(o.kind ?? '')), 'probes', (c) => {
      const missing = ['livenessProbe', 'readinessProbe'].filter((p) => !c[p]);
      return missing.length ? `has no ${missing.join(' or ')}` : undefined;
    }, false),
  },
  {
    name: 'resources',
    recommendation: 'Every container needs CPU and memory requests (for scheduling and the HPA) and limits (to contain a runaway process)',
    fix: 'set resources.requests.cpu, resources.requests.memory, resources.limits.cpu and resources.limits.memory',
    check: (objects) => forEachContainer(objects, 'resources', (c) => {
      const missing = ['requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory']
        .filter((p) => { const [kind, res] = p.split('.'); return c.resources?.[kind]?.[res] === undefined; });
      return missing.length ? `has no ${missing.join(', ')}` : undefined;
    }),
  },
  {
    name: 'pinned-image',
    recommendation: 'Pin images by tag or digest so a rollout is reproducible and reviewable',
    fix: 'use image:<version> or image@sha256:<digest>, never :latest or an untagged image',
    check: (objects) => forEachContainer(objects, 'pinned-image', (c) => {
      const image = String(c.image ?? '');
      const ref = parseImage(image);
      // The same test the constructs apply to their own images.
      return !ref || unpinnedReason(ref) ? `image '${image}' is not pinned` : undefined;
    }),
  },
  {
    name: 'pdb-for-multi-replica',
    recommendation: 'A workload that can run more than one replica needs a PodDisruptionBudget so node drains keep it serving',
    fix: 'add a PodDisruptionBudget (maxUnavailable 1) selecting the pods',
    check: (objects) => objects
      .filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind ?? ''))
      .filter((o) => (o.spec?.replicas ?? 1) > 1 || hpasTargeting(objects, o).some((h) => (h.spec?.maxReplicas ?? 1) > 1))
      .filter((o) => !objects.some((p) => p.kind === 'PodDisruptionBudget' && sameNamespace(p, o)
        && selects(p.spec?.selector?.matchLabels, o.spec?.template?.metadata?.labels)))
      .map((o) => ({ rule: 'pdb-for-multi-replica', object: o, message: 'can run more than one replica but no PodDisruptionBudget selects its pods' })),
  },
  {
    name: 'hpa-target-exists',
    recommendation: 'An HPA must scale a workload that the app defines',
    fix: 'point scaleTargetRef at a Deployment or StatefulSet of the same namespace',
    check: (objects) => objects
      .filter((h) => h.kind === 'HorizontalPodAutoscaler')
      .filter((h) => !objects.some((o) => o.kind === h.spec?.scaleTargetRef?.kind && o.metadata?.name === h.spec?.scaleTargetRef?.name && sameNamespace(o, h)))
      .map((h) => ({ rule: 'hpa-target-exists', object: h, message: `targets ${h.spec?.scaleTargetRef?.kind}/${h.spec?.scaleTargetRef?.name}, which the app does not define` })),
  },
  {
    name: 'no-replicas-with-hpa',
    recommendation: 'A workload scaled by an HPA must not set replicas: every apply would reset the HPA\'s choice',
    fix: 'remove spec.replicas (set the HPA\'s minReplicas instead)',
    check: (objects) => objects
      .filter((o) => o.spec?.replicas !== undefined && hpasTargeting(objects, o).length > 0)
      .map((o) => ({ rule: 'no-replicas-with-hpa', object: o, message: `sets replicas: ${o.spec.replicas} while an HPA scales it` })),
  },
];

/** Runs every rule over the objects. */
export function checkObjects(objects: KubeObject[]): PolicyViolation[] {
  return RULES.flatMap((r) => r.check(objects));
}
