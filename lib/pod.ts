import { Duration, Size } from 'cdk8s';
import { ImagePullPolicy, k8s } from 'cdk8s-plus-28';
import { reject } from './errors';
import { Component, ServiceIdentity, objectLabels } from './_labels';
import { KIBI, quantityIn } from './checks/quantity';
import { KeysOf, Range, integerIn, knownKeys, wholeSeconds } from './_validate';
import { spreadAcrossNodes } from './placement';
import { PodExtras, applyPodExtras } from './pod-extras';
import { ResolvedProbes } from './probes';
import { ResolvedResources } from './resources';

/**
 * The pod: how it stops (shutdown), who it runs as (security), and the containers and pod
 * templates that the Deployment, the init steps and the migration Job share.
 */

/** How a pod stops without dropping requests. */
export interface ShutdownOptions {
  /**
   * Time between the pod being marked terminating and SIGTERM reaching uvicorn (a preStop
   * sleep), so Services, ingress controllers and kube-proxy stop sending new requests first.
   * The hook first creates `/tmp/draining`: an app that then answers `Connection: close` lets
   * keep-alive clients reconnect to other pods before uvicorn closes their connections.
   * @default DEFAULT_PRE_STOP_DELAY (5s)
   */
  readonly preStopDelay?: Duration;
  /**
   * How long uvicorn waits for in-flight requests after SIGTERM (`--timeout-graceful-shutdown`).
   * @default DEFAULT_GRACEFUL_TIMEOUT (20s)
   */
  readonly gracefulTimeout?: Duration;
  /**
   * When the kubelet sends SIGKILL. Must exceed preStopDelay + gracefulTimeout.
   * @default DEFAULT_TERMINATION_GRACE_PERIOD (30s)
   */
  readonly terminationGracePeriod?: Duration;
}

/** Who the process runs as. Pod Security Standards "restricted" always apply. */
export interface SecurityOptions {
  /**
   * Numeric user id (kube-score asks for more than 10000, clear of host users).
   * @default DEFAULT_USER (10001)
   */
  readonly user?: number;
  /**
   * Numeric group id, also used as fsGroup.
   * @default DEFAULT_GROUP (10001)
   */
  readonly group?: number;
  /**
   * Size limit of the writable emptyDir at /tmp (the root filesystem is read-only).
   * @default DEFAULT_TMP_SIZE (64Mi)
   */
  readonly tmpSize?: Size;
}

export const DEFAULT_PRE_STOP_DELAY = Duration.seconds(5);
export const DEFAULT_GRACEFUL_TIMEOUT = Duration.seconds(20);
export const DEFAULT_TERMINATION_GRACE_PERIOD = Duration.seconds(30);
export const DEFAULT_USER = 10001;
export const DEFAULT_GROUP = 10001;
export const DEFAULT_TMP_SIZE = Size.mebibytes(64);

const PRE_STOP_SECONDS: Range = { min: 0, max: 300 };
const GRACE_SECONDS: Range = { min: 1, max: 3600 };
/** Above 10000 so no host user is shared; the largest id Linux allows. */
const NON_HOST_ID: Range = { min: 10000, max: 2147483647 };
const TMP_VOLUME = 'tmp';

const SHUTDOWN_KEYS: KeysOf<ShutdownOptions> = {
  preStopDelay: true, gracefulTimeout: true, terminationGracePeriod: true,
};
const SECURITY_KEYS: KeysOf<SecurityOptions> = { user: true, group: true, tmpSize: true };

export interface ResolvedShutdown {
  readonly preStopSeconds: number;
  readonly gracefulSeconds: number;
  readonly terminationSeconds: number;
}

export function resolveShutdown(given: ShutdownOptions = {}): ResolvedShutdown {
  knownKeys('shutdown', given, SHUTDOWN_KEYS);
  const preStopSeconds = wholeSeconds('shutdown.preStopDelay', given.preStopDelay,
    DEFAULT_PRE_STOP_DELAY.toSeconds(), PRE_STOP_SECONDS);
  const gracefulSeconds = wholeSeconds('shutdown.gracefulTimeout', given.gracefulTimeout,
    DEFAULT_GRACEFUL_TIMEOUT.toSeconds(), GRACE_SECONDS);
  const terminationSeconds = wholeSeconds('shutdown.terminationGracePeriod', given.terminationGracePeriod,
    DEFAULT_TERMINATION_GRACE_PERIOD.toSeconds(), GRACE_SECONDS);
  if (terminationSeconds <= preStopSeconds + gracefulSeconds) {
    reject('shutdown.terminationGracePeriod', `${terminationSeconds}s`,
      `longer than preStopDelay + gracefulTimeout (${preStopSeconds}s + ${gracefulSeconds}s), `
      + 'or the kubelet kills uvicorn mid-request');
  }
  return { preStopSeconds, gracefulSeconds, terminationSeconds };
}

export interface ResolvedSecurity {
  readonly user: number;
  readonly group: number;
  readonly tmpSize: string;
}

export function resolveSecurity(given: SecurityOptions = {}, ephemeralLimitKib?: number): ResolvedSecurity {
  knownKeys('security', given, SECURITY_KEYS);
  integerIn('security.user', given.user, NON_HOST_ID);
  integerIn('security.group', given.group, NON_HOST_ID);
  const tmp = given.tmpSize ?? DEFAULT_TMP_SIZE;
  let kib = NaN;
  try { kib = quantityIn(tmp.asString(), KIBI); } catch { /* reported below */ }
  if (!Number.isFinite(kib) || kib <= 0) {
    reject('security.tmpSize', String(tmp?.asString?.() ?? tmp), 'a positive Size');
  }
  if (ephemeralLimitKib !== undefined && kib > ephemeralLimitKib) {
    reject('security.tmpSize', tmp.asString(),
      'at most the container\'s ephemeral-storage limit, or the pod is evicted before /tmp fills');
  }
  return { user: given.user ?? DEFAULT_USER, group: given.group ?? DEFAULT_GROUP, tmpSize: tmp.asString() };
}

/** Everything the pods of a service share, resolved. */
export interface PodSettings {
  readonly identity: ServiceIdentity;
  readonly image: string;
  readonly pullPolicy: ImagePullPolicy;
  readonly pullSecrets: string[];
  readonly env: k8s.EnvVar[];
  readonly envFrom: k8s.EnvFromSource[];
  readonly resources: ResolvedResources;
  readonly security: ResolvedSecurity;
  /** Volumes, sidecars, placement and pod annotations of the long-running pods. */
  readonly extras?: PodExtras;
}

/** A container that runs to completion: an init step or the migration Job's. */
export interface StepContainer {
  readonly name: string;
  readonly image: string;
  readonly command: string[];
  readonly env: k8s.EnvVar[];
  readonly inheritEnvFrom: boolean;
  readonly resources?: ResolvedResources;
}

/** The restricted container security context (Pod Security Standards "restricted"). */
export function restrictedContainerSecurity(security: { user: number; group: number }): k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    runAsUser: security.user,
    runAsGroup: security.group,
    capabilities: { drop: ['ALL'] },
  };
}

/** The restricted pod security context; fsGroup only where a writable volume needs it. */
export function restrictedPodSecurity(
  security: { user: number; group: number }, fsGroup: boolean,
): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: security.user,
    runAsGroup: security.group,
    fsGroup: fsGroup ? security.group : undefined,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

function nonEmpty<T>(items: T[]): T[] | undefined {
  return items.length ? items : undefined;
}

/** The init containers and the migration Job share the app's image, security and /tmp. */
export function stepContainer(pod: PodSettings, step: StepContainer): k8s.Container {
  return {
    name: step.name,
    image: step.image,
    imagePullPolicy: pod.pullPolicy,
    command: step.command,
    env: nonEmpty(step.env),
    envFrom: step.inheritEnvFrom ? nonEmpty(pod.envFrom) : undefined,
    resources: (step.resources ?? pod.resources).requirements,
    securityContext: restrictedContainerSecurity(pod.security),
    volumeMounts: [{ name: TMP_VOLUME, mountPath: '/tmp' }],
  };
}

/**
 * The file the preStop hook creates in the pod's /tmp before it sleeps. uvicorn closes idle
 * keep-alive connections on SIGTERM, and a client that sends its next request on one at that
 * moment gets a reset: measured here, 1 to 4 failed requests per pod stopped under 400 req/s.
 * An app that answers `Connection: close` while this file exists moves its clients to other
 * pods during the preStop delay instead (the example app in app/service does). Apps that
 * ignore it lose nothing: the hook still only delays SIGTERM.
 */
const DRAIN_MARKER_FILE = '/tmp/draining';

function drainScript(seconds: number): string {
  // A failed hook would skip the delay, so the marker is only written where /tmp is writable.
  // One line: a multi-line string would make every Deployment a YAML block scalar, which
  // synthFast hands to the slow writer (measured: 1000 services' synth 2.6 s -> 6.7 s).
  return `import os, pathlib, time; os.access('/tmp', os.W_OK) and pathlib.Path('${DRAIN_MARKER_FILE}').touch(); `
    + `time.sleep(${seconds})`;
}

/** The uvicorn container. */
export interface AppContainer {
  readonly command: string[];
  readonly port: number;
  readonly probes: ResolvedProbes;
  readonly shutdown: ResolvedShutdown;
}

function appContainer(pod: PodSettings, app: AppContainer): k8s.Container {
  const preStop = app.shutdown.preStopSeconds > 0
    // Python is in every FastAPI image, `sleep` is not (distroless); the kubelet sends SIGTERM after it returns.
    // The marker lets the app answer `Connection: close` meanwhile (see DRAIN_MARKER_FILE).
    ? { preStop: { exec: { command: ['python3', '-c', drainScript(app.shutdown.preStopSeconds)] } } }
    : undefined;
  return {
    name: 'app',
    image: pod.image,
    imagePullPolicy: pod.pullPolicy,
    command: app.command,
    ports: [{ name: 'http', containerPort: app.port, protocol: 'TCP' }],
    env: nonEmpty(pod.env),
    envFrom: nonEmpty(pod.envFrom),
    resources: pod.resources.requirements,
    startupProbe: app.probes.startup,
    livenessProbe: app.probes.liveness,
    readinessProbe: app.probes.readiness,
    lifecycle: preStop,
    securityContext: restrictedContainerSecurity(pod.security),
    volumeMounts: [{ name: TMP_VOLUME, mountPath: '/tmp' }],
  };
}

/** The pod spec every pod of the service shares; `serviceAccountName` differs per workload. */
export function basePodSpec(
  pod: PodSettings, serviceAccountName: string, containers: k8s.Container[], initContainers: k8s.Container[],
): k8s.PodSpec {
  return {
    serviceAccountName,
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    securityContext: restrictedPodSecurity(pod.security, true),
    imagePullSecrets: nonEmpty(pod.pullSecrets.map((name) => ({ name }))),
    initContainers: nonEmpty(initContainers),
    containers,
    volumes: [{ name: TMP_VOLUME, emptyDir: { sizeLimit: k8s.Quantity.fromString(pod.security.tmpSize) } }],
  };
}

export function podTemplate(
  identity: ServiceIdentity, component: Component, spec: k8s.PodSpec, annotations: Record<string, string> = {},
): k8s.PodTemplateSpec {
  return {
    metadata: {
      labels: objectLabels(identity, component),
      annotations: { ...annotations, 'kubectl.kubernetes.io/default-container': spec.containers[0].name },
    },
    spec,
  };
}

/** The Deployment's pod: the app container after the init steps, spread across nodes and zones. */
export function appPodTemplate(pod: PodSettings, app: AppContainer, initSteps: StepContainer[]): k8s.PodTemplateSpec {
  const initContainers = initSteps.map((step) => stepContainer(pod, step));
  return podTemplate(pod.identity, 'api', applyPodExtras({
    ...basePodSpec(pod, pod.identity.name, [appContainer(pod, app)], initContainers),
    terminationGracePeriodSeconds: app.shutdown.terminationSeconds,
    ...spreadAcrossNodes(pod.identity, 'api'),
  }, pod.extras), pod.extras?.annotations);
}
