import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { renderAutoscaler, resolveAutoscaling, Autoscaling } from './autoscaling';
import { renderDisruptionBudget } from './disruption-budget';
import { checkPodExtrasRules } from './checks/pod-extras';
import { checkWorkerRules, checkWorkerTypes } from './checks/worker-props';
import { checkLabelValue, checkNamespace } from './checks/names';
import { normalizeNumbers } from './checks/runtime-types';
import { EnvSource, checkEnv, renderEnv } from './env';
import { conflict, ensure, reject, validating } from './errors';
import { DEFAULT_IMAGE_PULL_POLICY, DEFAULT_REVISION_HISTORY_LIMIT, FastApiService } from './fastapi-service';
import { parsePinnedImage, versionOf } from './_image';
import { ServiceIdentity, checkChartLabels, objectMetadata, selectorLabels } from './_labels';
import { ensureFitsClientSideApply, inheritedInputs } from './_size';
import { ensureUnique } from './_unique';
import { resolvePlacement, resolvePodAnnotations, spreadAcrossNodes } from './placement';
import {
  PodSettings, basePodSpec, podTemplate, resolveSecurity, restrictedContainerSecurity,
} from './pod';
import { applyPodExtras } from './pod-extras';
import { resolveAppResources } from './resources';
import { checkSidecarCpu, resolveSidecars } from './sidecars';
import { resolveVolumes } from './volumes';
import {
  FastApiWorkerProps, DEFAULT_WORKER_REPLICAS, resolveLiveness, resolveWorkerShutdown,
} from './worker-options';
import { KeysOf, dns1035Label, dns1123Label, execCommand, instanceOf, knownKeys } from './_validate';

const KEYS: KeysOf<FastApiWorkerProps> = {
  command: true, liveness: true, service: true, image: true, name: true, namespace: true, env: true, envFrom: true,
  resources: true, autoscaling: true, shutdown: true, security: true, volumes: true, sidecars: true,
  placement: true, podAnnotations: true,
};
/** Deployment and ServiceAccount `<name>`, NetworkPolicy `<name>-netpol`, HPA `<name>-hpa`: names of at most 63. */
const MAX_NAME_LENGTH = 63 - '-netpol'.length;

/**
 * A background worker (Celery, RQ, Dramatiq, ARQ) beside a FastApiService: a Deployment running
 * `command` with the service's image, env, security and resource model, its own ServiceAccount, a
 * NetworkPolicy that admits no traffic (a worker pulls from its broker and serves nothing), and,
 * with autoscaling, an HPA and a PodDisruptionBudget. No Service and no readiness probe: nothing
 * routes to it. Labels are the service's with `app.kubernetes.io/component: worker` and its own
 * `app.kubernetes.io/name`, so the web service's Service, PDB and NetworkPolicy never select it.
 *
 * Construct ids of the children: Deployment, ServiceAccount, NetworkPolicy, Autoscaler, DisruptionBudget.
 */
export class FastApiWorker extends Construct {
  /** Base name of the objects. */
  public readonly name: string;
  /** The Deployment `<name>`. */
  public readonly deployment: k8s.KubeDeployment;
  /** The worker's ServiceAccount `<name>`. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** The NetworkPolicy `<name>-netpol`, admitting no ingress. */
  public readonly networkPolicy: k8s.KubeNetworkPolicy;
  /** Undefined with `Autoscaling.fixed` (the default). */
  public readonly autoscaler?: k8s.KubeHorizontalPodAutoscalerV2;
  /** Undefined when at most one replica can run. */
  public readonly disruptionBudget?: k8s.KubePodDisruptionBudget;

  constructor(scope: Construct, id: string, props: FastApiWorkerProps) {
    super(scope, id);
    const resolved = validating(this, () => {
      const worker = resolveWorker(id, props);
      // issue 11 for workers: the chart's namespace, one worker per name and namespace, and no object
      // named like one already in the chart (a FastApiService's `<name>`, `<name>-netpol`, ...)
      const chart = Chart.of(this);
      if (chart.namespace !== undefined) ensure(checkNamespace('chart namespace', chart.namespace));
      const { name } = worker.identity;
      checkChartLabels(this, ['Deployment']);
      ensureUnique(this, { what: 'FastApiWorker', prop: 'name', name, namespace: worker.identity.namespace, objects: [
        { kind: 'Deployment', name }, { kind: 'ServiceAccount', name },
        { kind: 'NetworkPolicy', name: `${name}-netpol` },
        ...(worker.autoscaling.hpa ? [{ kind: 'HorizontalPodAutoscaler', name: `${name}-hpa` }] : []),
        ...(worker.autoscaling.maxPods > 1 ? [{ kind: 'PodDisruptionBudget', name: `${name}-pdb` }] : []),
      ] });
      return worker;
    });
    const { identity, pod } = resolved;
    this.name = identity.name;
    this.serviceAccount = new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: objectMetadata(identity, identity.name, 'worker'),
      automountServiceAccountToken: false,
    });
    const container: k8s.Container = {
      name: 'worker',
      image: pod.image,
      imagePullPolicy: pod.pullPolicy,
      command: resolved.command,
      env: pod.env.length ? pod.env : undefined,
      envFrom: pod.envFrom.length ? pod.envFrom : undefined,
      resources: pod.resources.requirements,
      livenessProbe: resolved.liveness.probe,
      securityContext: restrictedContainerSecurity(pod.security),
      volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
    };
    const spec = applyPodExtras({
      ...basePodSpec(pod, identity.name, [container], []),
      terminationGracePeriodSeconds: resolved.terminationSeconds,
      ...spreadAcrossNodes(identity, 'worker'),
    }, pod.extras);
    this.deployment = new k8s.KubeDeployment(this, 'Deployment', {
      metadata: { ...objectMetadata(identity, identity.name, 'worker'), annotations: resolved.liveness.waiver },
      spec: {
        replicas: resolved.autoscaling.replicas,
        revisionHistoryLimit: DEFAULT_REVISION_HISTORY_LIMIT,
        selector: { matchLabels: selectorLabels(identity, 'worker') },
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0), maxSurge: k8s.IntOrString.fromString('25%') },
        },
        template: podTemplate(identity, 'worker', spec, pod.extras?.annotations),
      },
    });
    this.networkPolicy = new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
      metadata: objectMetadata(identity, `${identity.name}-netpol`, 'worker'),
      // No ingress rule: nothing may connect. Egress open: the broker, the database, APIs.
      spec: {
        podSelector: { matchLabels: selectorLabels(identity, 'worker') },
        policyTypes: ['Ingress', 'Egress'],
        egress: [{}],
      },
    });
    this.autoscaler = renderAutoscaler(this, identity, resolved.autoscaling, 'worker');
    this.disruptionBudget = renderDisruptionBudget(this, identity, resolved.autoscaling.maxPods, 'worker');
    // issue 11: every object fits client-side `kubectl apply`'s last-applied annotation
    ensureFitsClientSideApply(this, [props, ...inheritedInputs(props.service)]);
  }
}

function resolveWorker(id: string, props: FastApiWorkerProps) {
  if (props === undefined || props === null || typeof props !== 'object') {
    reject('props', props, 'an object with at least \'command\' and \'liveness\'');
  }
  knownKeys('', props, KEYS);
  // issue 11: runtime types and YAML-safe strings first (plain-JS callers); -0 is written 0
  props = normalizeNumbers(props);
  ensure(checkWorkerTypes(props as unknown as Record<string, unknown>));
  const service = props.service === undefined ? undefined
    : instanceOf('service', props.service, FastApiService, 'a FastApiService');
  for (const key of ['image', 'namespace', 'security'] as const) {
    if (service && props[key] !== undefined) conflict(key, props[key], 'service (the worker shares the service\'s)');
  }
  const base: PodSettings | undefined = service?._pod;
  const name = props.name ?? (service ? `${service.name}-worker` : id);
  dns1035Label(props.name === undefined ? 'name (defaulted)' : 'name', name, MAX_NAME_LENGTH);
  dns1123Label('namespace', props.namespace);
  const image = base?.image ?? props.image;
  if (image === undefined) reject('image', undefined, 'a pinned image, or a service to share it with');
  const imageRef = parsePinnedImage(image);
  if (!service) ensure(checkLabelValue('version (the image tag)', versionOf(imageRef)));
  const command = execCommand('command', props.command);
  const liveness = resolveLiveness(props.liveness);
  checkEnv('env', props.env);
  const envFrom = (props.envFrom ?? []).map((source, i) =>
    instanceOf(`envFrom[${i}]`, source, EnvSource, 'an EnvSource (EnvSource.secret or EnvSource.configMap)')
      ._toEnvFrom());
  const resources = resolveAppResources(props.resources, 1);
  const autoscaling = resolveAutoscaling(props.autoscaling ?? Autoscaling.fixed(DEFAULT_WORKER_REPLICAS), resources);
  const volumes = resolveVolumes(props.volumes);
  const sidecars = resolveSidecars(props.sidecars, volumes.volumes.map((volume) => volume.name));
  checkSidecarCpu(sidecars, autoscaling.hpa !== undefined);
  const identity: ServiceIdentity = {
    name,
    namespace: service?._identity.namespace ?? props.namespace,
    version: service?._identity.version ?? versionOf(imageRef),
    partOf: service?._identity.partOf ?? name,
    userLabels: { ...(service?._identity.userLabels ?? {}) },
  };
  const pod: PodSettings = {
    identity,
    image,
    pullPolicy: base?.pullPolicy ?? DEFAULT_IMAGE_PULL_POLICY,
    pullSecrets: [...(base?.pullSecrets ?? [])],
    env: renderEnv({ ...(service?._env ?? {}) }, props.env),
    envFrom: [...(base?.envFrom ?? []), ...envFrom],
    resources,
    security: base?.security ?? resolveSecurity(props.security, resources.ephemeralLimitKib),
    extras: {
      volumes,
      sidecars,
      placement: resolvePlacement(props.placement),
      annotations: resolvePodAnnotations(props.podAnnotations),
    },
  };
  // issue 11: apiserver rules, secrets by value and conflicts the validators above miss
  ensure(checkWorkerRules(props as unknown as Record<string, unknown>));
  ensure(checkPodExtrasRules({ props: { ...props, service: undefined }, mainContainer: 'worker', initContainers: [] }));
  return { identity, pod, command, liveness, autoscaling, terminationSeconds: resolveWorkerShutdown(props.shutdown) };
}
