import { k8s } from 'cdk8s-plus-28';
import { Component, objectLabels, selectorLabels } from './_labels';
import { Resolved } from './_resolve';
import { ResolvedStep } from './_resolve-extras';

const TMP_VOLUME = 'tmp';

function containerSecurity(r: Resolved): k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    runAsUser: r.security.user,
    runAsGroup: r.security.group,
    capabilities: { drop: ['ALL'] },
  };
}

function nonEmpty<T>(items: T[]): T[] | undefined {
  return items.length ? items : undefined;
}

/** The init containers and the migration Job share the app's image, security and /tmp. */
function stepContainer(r: Resolved, step: ResolvedStep): k8s.Container {
  return {
    name: step.name,
    image: step.image,
    imagePullPolicy: r.pullPolicy,
    command: step.command,
    env: nonEmpty(step.env),
    envFrom: step.inheritEnvFrom ? nonEmpty(r.envFrom) : undefined,
    resources: (step.resources ?? r.resources).requirements,
    securityContext: containerSecurity(r),
    volumeMounts: [{ name: TMP_VOLUME, mountPath: '/tmp' }],
  };
}

function appContainer(r: Resolved): k8s.Container {
  const preStop = r.shutdown.preStopSeconds > 0
    // Python is in every FastAPI image, `sleep` is not (distroless); the kubelet sends SIGTERM after it returns.
    ? { preStop: { exec: { command: ['python3', '-c', `import time; time.sleep(${r.shutdown.preStopSeconds})`] } } }
    : undefined;
  return {
    name: 'app',
    image: r.image,
    imagePullPolicy: r.pullPolicy,
    command: r.command,
    ports: [{ name: 'http', containerPort: r.port, protocol: 'TCP' }],
    env: nonEmpty(r.env),
    envFrom: nonEmpty(r.envFrom),
    resources: r.resources.requirements,
    startupProbe: r.probes.startup,
    livenessProbe: r.probes.liveness,
    readinessProbe: r.probes.readiness,
    lifecycle: preStop,
    securityContext: containerSecurity(r),
    volumeMounts: [{ name: TMP_VOLUME, mountPath: '/tmp' }],
  };
}

function basePodSpec(r: Resolved, containers: k8s.Container[], initContainers: k8s.Container[]): k8s.PodSpec {
  return {
    serviceAccountName: r.name,
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    securityContext: {
      runAsNonRoot: true,
      runAsUser: r.security.user,
      runAsGroup: r.security.group,
      fsGroup: r.security.group,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    imagePullSecrets: nonEmpty(r.pullSecrets.map((name) => ({ name }))),
    initContainers: nonEmpty(initContainers),
    containers,
    volumes: [{ name: TMP_VOLUME, emptyDir: { sizeLimit: k8s.Quantity.fromString(r.security.tmpSize) } }],
  };
}

function template(r: Resolved, component: Component, spec: k8s.PodSpec): k8s.PodTemplateSpec {
  return {
    metadata: {
      labels: objectLabels(r, component),
      annotations: { 'kubectl.kubernetes.io/default-container': spec.containers[0].name },
    },
    spec,
  };
}

export function appPodTemplate(r: Resolved): k8s.PodTemplateSpec {
  const selector = { matchLabels: selectorLabels(r, 'api') };
  // Spread replicas across nodes and zones; ScheduleAnyway keeps a small cluster schedulable, and
  // pod-template-hash makes the spread count only the current ReplicaSet during a rollout.
  const spread = ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'].map((topologyKey) => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: selector,
    matchLabelKeys: ['pod-template-hash'],
  }));
  return template(r, 'api', {
    ...basePodSpec(r, [appContainer(r)], r.initSteps.map((s) => stepContainer(r, s))),
    terminationGracePeriodSeconds: r.shutdown.terminationSeconds,
    // Prefer a node per replica, so one node failure never takes out the whole service.
    affinity: {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{
          weight: 100,
          podAffinityTerm: { labelSelector: selector, topologyKey: 'kubernetes.io/hostname' },
        }],
      },
    },
    topologySpreadConstraints: spread,
  });
}

export function migrationPodTemplate(r: Resolved): k8s.PodTemplateSpec {
  const m = r.migration!;
  const container = stepContainer(r, { name: 'migrate', image: r.image, command: m.command, env: m.env, inheritEnvFrom: true });
  return template(r, 'migration', { ...basePodSpec(r, [container], []), restartPolicy: 'Never' });
}
