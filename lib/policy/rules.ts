// Policy rules for any Kubernetes manifests (not only ours): what FastApiService guarantees, checked
// on every object of an app at synth time. Pure functions over parsed objects, so they are easy to
// test with a compliant and a non-compliant fixture each.

import { parseImage, unpinnedReason } from '../_image';
import { labelSelectorMatches, selects } from '../_labels';
import { applyWaivers, waiverRule } from './waivers';

/** The metadata the rules read. */
export interface KubeObjectMetadata {
  readonly name?: string;
  readonly namespace?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
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
function podSpec(object: KubeObject): any | undefined {
  if (object.kind === 'Pod') return object.spec;
  if (object.kind === 'CronJob') return object.spec?.jobTemplate?.spec?.template?.spec;
  if (WORKLOADS.includes(object.kind ?? '')) return object.spec?.template?.spec;
  return undefined;
}

function containers(pod: any, withInit = true): any[] {
  return [...(pod?.containers ?? []), ...(withInit ? pod?.initContainers ?? [] : [])];
}

const sameNamespace = (first: KubeObject, second: KubeObject) =>
  (first.metadata?.namespace ?? '') === (second.metadata?.namespace ?? '');

type ContainerCheck = (container: any, pod: any, object: KubeObject) => string | undefined;

function forEachContainer(
  objects: KubeObject[], rule: string, check: ContainerCheck, withInit = true,
): PolicyViolation[] {
  const violations: PolicyViolation[] = [];
  for (const object of objects) {
    const pod = podSpec(object);
    if (!pod) continue;
    for (const container of containers(pod, withInit)) {
      const problem = check(container, pod, object);
      if (problem) violations.push({ rule, object, message: `container '${container.name}': ${problem}` });
    }
  }
  return violations;
}

function hpasTargeting(objects: KubeObject[], workload: KubeObject): KubeObject[] {
  return objects.filter((hpa) => hpa.kind === 'HorizontalPodAutoscaler' && sameNamespace(hpa, workload)
    && hpa.spec?.scaleTargetRef?.kind === workload.kind && hpa.spec?.scaleTargetRef?.name === workload.metadata?.name);
}

export const RULES: IPolicyRule[] = [
  {
    name: 'restricted-security-context',
    recommendation: 'Run every container under the Pod Security Standards "restricted" profile',
    fix: 'set runAsNonRoot, seccompProfile RuntimeDefault, allowPrivilegeEscalation false, capabilities.drop [ALL], '
      + 'readOnlyRootFilesystem true',
    check: (objects) => forEachContainer(objects, 'restricted-security-context', (container, pod) => {
      const context = container.securityContext ?? {};
      const podContext = pod.securityContext ?? {};
      const missing: string[] = [];
      if ((context.runAsNonRoot ?? podContext.runAsNonRoot) !== true) missing.push('runAsNonRoot true');
      if ((context.runAsUser ?? podContext.runAsUser) === 0) missing.push('a non-zero runAsUser');
      const seccomp = (context.seccompProfile ?? podContext.seccompProfile)?.type;
      if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') missing.push('seccompProfile RuntimeDefault');
      if (context.allowPrivilegeEscalation !== false) missing.push('allowPrivilegeEscalation false');
      if (context.privileged === true) missing.push('privileged false');
      if (!(context.capabilities?.drop ?? []).includes('ALL')) missing.push('capabilities.drop [ALL]');
      if (context.readOnlyRootFilesystem !== true) missing.push('readOnlyRootFilesystem true');
      return missing.length ? `needs ${missing.join(', ')}` : undefined;
    }),
  },
  {
    name: 'probes',
    recommendation: 'Long-running containers need a liveness probe so Kubernetes can restart them, and, when a '
      + 'Service selects their pods, a readiness probe so it can route around them',
    fix: 'add livenessProbe, and readinessProbe (on a different endpoint) where a Service sends traffic; '
      + 'a worker without a liveness check waives the rule with a reason',
    check: (objects) => forEachContainer(objects.filter((object) => LONG_RUNNING.includes(object.kind ?? '')), 'probes',
      (container, _pod, object) => {
        const served = objects.some((service) => service.kind === 'Service' && sameNamespace(service, object)
          && selects(service.spec?.selector, object.spec?.template?.metadata?.labels));
        const wanted = served ? ['livenessProbe', 'readinessProbe'] : ['livenessProbe'];
        const missing = wanted.filter((probe) => !container[probe]);
        return missing.length ? `has no ${missing.join(' or ')}` : undefined;
      }, false),
  },
  {
    name: 'resources',
    recommendation: 'Every container needs CPU and memory requests (for scheduling and the HPA) and limits '
      + '(to contain a runaway process)',
    fix: 'set resources.requests.cpu, resources.requests.memory, resources.limits.cpu and resources.limits.memory',
    check: (objects) => forEachContainer(objects, 'resources', (container) => {
      const missing = ['requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory'].filter((field) => {
        const [kind, resource] = field.split('.');
        return container.resources?.[kind]?.[resource] === undefined;
      });
      return missing.length ? `has no ${missing.join(', ')}` : undefined;
    }),
  },
  {
    name: 'pinned-image',
    recommendation: 'Pin images by tag or digest so a rollout is reproducible and reviewable',
    fix: 'use image:<version> or image@sha256:<digest>, never :latest or an untagged image',
    check: (objects) => forEachContainer(objects, 'pinned-image', (container) => {
      const image = String(container.image ?? '');
      const ref = parseImage(image);
      // The same test the constructs apply to their own images.
      return !ref || unpinnedReason(ref) ? `image '${image}' is not pinned` : undefined;
    }),
  },
  {
    name: 'pdb-for-multi-replica',
    recommendation: 'A workload that can run more than one replica needs a PodDisruptionBudget so node drains '
      + 'keep it serving',
    fix: 'add a PodDisruptionBudget (maxUnavailable 1) selecting the pods',
    check: (objects) => objects
      .filter((workload) => ['Deployment', 'StatefulSet'].includes(workload.kind ?? ''))
      .filter((workload) => (workload.spec?.replicas ?? 1) > 1
        || hpasTargeting(objects, workload).some((hpa) => (hpa.spec?.maxReplicas ?? 1) > 1))
      .filter((workload) => !objects.some((pdb) => pdb.kind === 'PodDisruptionBudget' && sameNamespace(pdb, workload)
        && labelSelectorMatches(pdb.spec?.selector, workload.spec?.template?.metadata?.labels)))
      .map((workload) => ({
        rule: 'pdb-for-multi-replica',
        object: workload,
        message: 'can run more than one replica but no PodDisruptionBudget selects its pods',
      })),
  },
  {
    name: 'hpa-target-exists',
    recommendation: 'An HPA must scale a workload that the app defines',
    fix: 'point scaleTargetRef at a Deployment or StatefulSet of the same namespace',
    check: (objects) => objects
      .filter((hpa) => hpa.kind === 'HorizontalPodAutoscaler')
      .filter((hpa) => !objects.some((object) => object.kind === hpa.spec?.scaleTargetRef?.kind
        && object.metadata?.name === hpa.spec?.scaleTargetRef?.name && sameNamespace(object, hpa)))
      .map((hpa) => ({
        rule: 'hpa-target-exists',
        object: hpa,
        message: `targets ${hpa.spec?.scaleTargetRef?.kind}/${hpa.spec?.scaleTargetRef?.name}, `
          + 'which the app does not define',
      })),
  },
  {
    name: 'no-replicas-with-hpa',
    recommendation: 'A workload scaled by an HPA must not set replicas: every apply would reset the HPA\'s choice',
    fix: 'remove spec.replicas (set the HPA\'s minReplicas instead)',
    check: (objects) => objects
      .filter((workload) => workload.spec?.replicas !== undefined && hpasTargeting(objects, workload).length > 0)
      .map((workload) => ({
        rule: 'no-replicas-with-hpa',
        object: workload,
        message: `sets replicas: ${workload.spec.replicas} while an HPA scales it`,
      })),
  },
];

RULES.push(waiverRule(() => RULES.map((rule) => rule.name)));

/** Runs every rule over the objects; violations an object waives (with a reason) are left out. */
export function checkObjects(objects: KubeObject[]): PolicyViolation[] {
  return applyWaivers(RULES.flatMap((rule) => rule.check(objects))).standing;
}
