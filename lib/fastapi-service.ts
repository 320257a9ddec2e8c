import { ApiObject, Chart } from 'cdk8s';
import { EnvValue, ImagePullPolicy, k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ensure, reject, validating } from './errors';
import { checkLabelValue, checkLabels, checkNamespace } from './checks/names';
import { checkPodExtrasRules } from './checks/pod-extras';
import { checkServiceRules, checkServiceTypes } from './checks/service-props';
import { normalizeNumbers } from './checks/runtime-types';
import { parsePinnedImage, versionOf } from './_image';
import { RESERVED_LABELS, ServiceIdentity, checkChartLabels, objectMetadata, selectorLabels } from './_labels';
import { ensureFitsClientSideApply } from './_size';
import { ensureUnique } from './_unique';
import {
  KeysOf, Range, dns1035Label, dns1123Label, dns1123Subdomain, instanceOf, integerIn, knownKeys, unique,
} from './_validate';
import { renderAutoscaler, resolveAutoscaling } from './autoscaling';
import { renderDisruptionBudget } from './disruption-budget';
import { EnvSource, checkEnv, renderEnv } from './env';
import { renderHttpRoute, resolveHttpRoute } from './http-route';
import { renderIngress, resolveIngress } from './ingress';
import { InitStep, renderMigration, resolveInitSteps, resolveMigration } from './migration';
import { renderNetworkPolicy, resolveNetworkPolicy } from './network-policy';
import { AppContainer, PodSettings, appPodTemplate, resolveSecurity, resolveShutdown } from './pod';
import { resolvePlacement, resolvePodAnnotations } from './placement';
import { resolveProbes } from './probes';
import { FastApiServiceProps } from './props';
import { resolveAppResources } from './resources';
import { resolveVolumes } from './volumes';
import { DEFAULT_SERVICE_PORT, resolveServiceOptions } from './service-options';
import { checkSidecarCpu, resolveSidecars } from './sidecars';
import { APP_PORT, DEFAULT_PORT, DEFAULT_WORKERS, checkForwardedAllowIps, resolveCommand } from './uvicorn';

export { DEFAULT_SERVICE_PORT };
export const DEFAULT_IMAGE_PULL_POLICY = ImagePullPolicy.ALWAYS;
export const DEFAULT_REVISION_HISTORY_LIMIT = 5;

const REVISION_HISTORY: Range = { min: 0, max: 100 };
/** The Service is named '<name>-svc' and Service names are DNS-1035 labels of at most 63. */
const MAX_NAME_LENGTH = 63 - '-svc'.length;
const SERVICE_KEYS: KeysOf<FastApiServiceProps> = {
  image: true, name: true, namespace: true, asgiApp: true, port: true, servicePort: true, workers: true,
  extraArgs: true, command: true, imagePullPolicy: true, imagePullSecrets: true, env: true, envFrom: true,
  resources: true, autoscaling: true, probes: true, shutdown: true, initContainers: true,
  migration: true, ingress: true, forwardedAllowIps: true, security: true, networkPolicy: true, labels: true,
  partOf: true, version: true, revisionHistoryLimit: true, keepAliveTimeout: true, httpRoute: true,
  service: true, placement: true, podAnnotations: true, volumes: true, sidecars: true,
};

/**
 * A FastAPI app served by uvicorn on Kubernetes: Deployment, Service, HorizontalPodAutoscaler,
 * ServiceAccount, NetworkPolicy, PodDisruptionBudget and, on request, an Ingress with TLS, a
 * Gateway API HTTPRoute and a one-shot migration Job. Secure (Pod Security "restricted") and
 * production-correct by default. Each feature (options, defaults, checks, objects) lives in its
 * own module; this class validates every prop before creating anything, then composes them.
 *
 * Construct ids of the children are a public contract: Deployment, Service, Autoscaler,
 * ServiceAccount, NetworkPolicy, DisruptionBudget, Ingress, HttpRoute, Migration,
 * MigrationServiceAccount.
 */
export class FastApiService extends Construct {
  /** Base name of the objects. */
  public readonly name: string;
  /** The Service's in-cluster DNS name (without the namespace). */
  public readonly serviceName: string;
  /** The port the Service listens on. */
  public readonly servicePort: number;
  /** The Deployment `<name>`. */
  public readonly deployment: k8s.KubeDeployment;
  /** The Service `<name>-svc`. */
  public readonly service: k8s.KubeService;
  /** The app's ServiceAccount `<name>`. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** Undefined with `Autoscaling.fixed`. */
  public readonly autoscaler?: k8s.KubeHorizontalPodAutoscalerV2;
  /** Undefined when at most one replica can run. */
  public readonly disruptionBudget?: k8s.KubePodDisruptionBudget;
  /** Undefined with `ServiceNetworkPolicy.none()`. */
  public readonly networkPolicy?: k8s.KubeNetworkPolicy;
  /** Undefined without `ingress`. */
  public readonly ingress?: k8s.KubeIngress;
  /** The Gateway API HTTPRoute; undefined without `httpRoute`. */
  public readonly httpRoute?: ApiObject;
  /** Undefined without `migration`. */
  public readonly migrationJob?: k8s.KubeJob;
  /** The migration Job's own ServiceAccount `<name>-migrate`; undefined without `migration`. */
  public readonly migrationServiceAccount?: k8s.KubeServiceAccount;

  /** @internal Name, namespace and labels, for constructs that accompany this one (LoadTest). */
  public readonly _identity: ServiceIdentity;
  /** @internal The pod settings and env a FastApiWorker inherits. */
  public readonly _pod: PodSettings;
  /** @internal */
  public readonly _env: Record<string, EnvValue>;

  constructor(scope: Construct, id: string, props: FastApiServiceProps) {
    super(scope, id);
    // Validate everything before creating anything: an invalid prop never yields a partial tree.
    const resolved = validating(this, () => {
      const service = resolveService(id, props);
      // issue 11: the chart's namespace, and one set of objects per name and namespace in a chart
      const chart = Chart.of(this);
      if (chart.namespace !== undefined) ensure(checkNamespace('chart namespace', chart.namespace));
      // issue 14: nor the kind and name of any object already in the app's namespace (a FastApiWorker's,
      // another service's `<name>-migrate`, ...): every object this service will write, suffixes included
      const { name } = service.identity;
      const { autoscaling, migration } = service;
      checkChartLabels(this, migration ? ['Deployment', 'Job'] : ['Deployment']);
      const maybe = (given: unknown, kind: string, objectName: string) => (given ? [{ kind, name: objectName }] : []);
      ensureUnique(this, { what: 'FastApiService', prop: 'name', name, namespace: service.identity.namespace, objects: [
        { kind: 'Deployment', name }, { kind: 'ServiceAccount', name }, { kind: 'Service', name: `${name}-svc` },
        ...maybe(autoscaling.hpa, 'HorizontalPodAutoscaler', `${name}-hpa`),
        ...maybe(autoscaling.maxPods > 1, 'PodDisruptionBudget', `${name}-pdb`),
        ...maybe(service.networkPolicy, 'NetworkPolicy', `${name}-netpol`),
        ...maybe(service.ingress, 'Ingress', `${name}-ingress`),
        ...maybe(service.httpRoute, 'HTTPRoute', `${name}-route`),
        ...(migration ? [
          { kind: 'ServiceAccount', name: migration.serviceAccountName }, { kind: 'Job', name: migration.jobName },
        ] : []),
      ] });
      return service;
    });
    const { identity, pod } = resolved;
    this._identity = identity;
    this._pod = pod;
    this._env = resolved.env;
    this.name = identity.name;
    this.serviceName = `${identity.name}-svc`;
    this.servicePort = resolved.service.port;

    this.serviceAccount = new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: objectMetadata(identity, identity.name),
      automountServiceAccountToken: false,
    });
    this.deployment = new k8s.KubeDeployment(this, 'Deployment', {
      metadata: objectMetadata(identity, identity.name),
      spec: {
        replicas: resolved.autoscaling.replicas,
        revisionHistoryLimit: resolved.revisionHistoryLimit,
        selector: { matchLabels: selectorLabels(identity, 'api') },
        strategy: {
          type: 'RollingUpdate',
          // Never drop below the current capacity during a rollout; surge instead.
          rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0), maxSurge: k8s.IntOrString.fromString('25%') },
        },
        template: appPodTemplate(pod, resolved.app, resolved.initSteps),
      },
    });
    this.service = new k8s.KubeService(this, 'Service', {
      metadata: { ...objectMetadata(identity, this.serviceName), annotations: resolved.service.annotations },
      spec: {
        type: resolved.service.type,
        selector: selectorLabels(identity, 'api'),
        ports: [{
          name: 'http', port: resolved.service.port, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP',
        }],
      },
    });
    this.autoscaler = renderAutoscaler(this, identity, resolved.autoscaling);
    this.disruptionBudget = renderDisruptionBudget(this, identity, resolved.autoscaling.maxPods);
    this.networkPolicy = renderNetworkPolicy(this, identity, resolved.app.port, resolved.networkPolicy);
    this.ingress = renderIngress(this, identity, this.serviceName, resolved.ingress);
    this.httpRoute = renderHttpRoute(this, identity, this.serviceName, resolved.service.port, resolved.httpRoute);
    const migration = renderMigration(this, pod, resolved.migration);
    this.migrationJob = migration?.job;
    this.migrationServiceAccount = migration?.serviceAccount;
    // issue 11: every object fits client-side `kubectl apply`'s last-applied annotation
    ensureFitsClientSideApply(this, [props]);
  }

  /** The in-cluster URL of the Service, e.g. for a load test or another service's config. */
  public get url(): string {
    const namespace = this._identity.namespace ?? Chart.of(this).namespace;
    const host = namespace ? `${this.serviceName}.${namespace}.svc` : this.serviceName;
    return `http://${host}:${this.servicePort}`;
  }
}

/** Every prop validated and every default applied, once, before any object is created. */
function resolveService(id: string, props: FastApiServiceProps) {
  if (props === undefined || props === null || typeof props !== 'object') {
    reject('props', props, 'an object with at least \'image\'');
  }
  knownKeys('', props, SERVICE_KEYS);
  // issue 11: runtime types and YAML-safe strings first (plain-JS callers); -0 is written 0
  props = normalizeNumbers(props);
  ensure(checkServiceTypes(props as unknown as Record<string, unknown>));
  const name = props.name ?? id;
  dns1035Label(props.name === undefined ? 'name (defaulted from the construct id)' : 'name', name, MAX_NAME_LENGTH);
  dns1123Label('namespace', props.namespace);
  const imageRef = parsePinnedImage(props.image);
  integerIn('port', props.port, APP_PORT);
  const service = resolveServiceOptions(props.service, props.servicePort);
  const port = props.port ?? DEFAULT_PORT;
  checkForwardedAllowIps(props.forwardedAllowIps);
  const pullPolicy = props.imagePullPolicy ?? DEFAULT_IMAGE_PULL_POLICY;
  if (!Object.values(ImagePullPolicy).includes(pullPolicy)) {
    reject('imagePullPolicy', pullPolicy, `one of ${Object.values(ImagePullPolicy).join(', ')}`);
  }
  const pullSecrets = props.imagePullSecrets ?? [];
  pullSecrets.forEach((secret, i) => dns1123Subdomain(`imagePullSecrets[${i}]`, secret));
  unique('imagePullSecrets', pullSecrets);

  checkEnv('env', props.env);
  const env = props.env ?? {};
  const envFrom = (props.envFrom ?? []).map((source, i) =>
    instanceOf(`envFrom[${i}]`, source, EnvSource, 'an EnvSource (EnvSource.secret or EnvSource.configMap)')
      ._toEnvFrom());

  const workers = props.workers ?? DEFAULT_WORKERS;
  // An invalid workers count is reported by resolveCommand; size for one worker meanwhile.
  const resources = resolveAppResources(props.resources, Number.isInteger(workers) && workers > 0 ? workers : 1);
  const shutdown = resolveShutdown(props.shutdown);
  const autoscaling = resolveAutoscaling(props.autoscaling, resources);
  const volumes = resolveVolumes(props.volumes);
  const sidecars = resolveSidecars(props.sidecars, volumes.volumes.map((volume) => volume.name));
  checkSidecarCpu(sidecars, autoscaling.hpa !== undefined);
  const ingress = resolveIngress(name, props.ingress);
  const httpRoute = resolveHttpRoute(props.httpRoute);

  if (props.labels !== undefined) ensure(checkLabels('labels', props.labels));
  for (const key of Object.keys(props.labels ?? {})) {
    if (RESERVED_LABELS.includes(key)) {
      reject('labels key', key, `none of ${RESERVED_LABELS.join(', ')} (set by the construct; use partOf or version)`);
    }
  }
  const version = props.version ?? versionOf(imageRef);
  ensure(checkLabelValue(props.version === undefined ? 'version (the image tag)' : 'version', version));
  const partOf = props.partOf ?? name;
  ensure(checkLabelValue('partOf', partOf));
  integerIn('revisionHistoryLimit', props.revisionHistoryLimit, REVISION_HISTORY);

  const identity: ServiceIdentity = {
    name, namespace: props.namespace, version, partOf, userLabels: { ...(props.labels ?? {}) },
  };
  const proxied = ingress !== undefined || httpRoute !== undefined || props.forwardedAllowIps !== undefined;
  const app: AppContainer = {
    command: resolveCommand(props, port, shutdown.gracefulSeconds, proxied),
    port,
    probes: resolveProbes(props.probes),
    shutdown,
  };
  const pod: PodSettings = {
    identity,
    image: props.image,
    pullPolicy,
    pullSecrets: [...pullSecrets],
    env: renderEnv(env),
    envFrom,
    resources,
    security: resolveSecurity(props.security, resources.ephemeralLimitKib),
    extras: {
      volumes,
      sidecars,
      placement: resolvePlacement(props.placement),
      annotations: resolvePodAnnotations(props.podAnnotations),
    },
  };
  const networkPolicy = resolveNetworkPolicy(props.networkPolicy);
  // issue 11: the argv, extraArgs and label key rules, and the pod extras' apiserver rules and conflicts
  ensure(checkServiceRules(props as unknown as Record<string, unknown>));
  ensure(checkPodExtrasRules({
    props: props as unknown as Record<string, unknown>,
    mainContainer: 'app',
    initContainers: (props.initContainers ?? []).map((step) => (step instanceof InitStep ? step._options.name : '')),
    mainPort: port,
  }));
  return {
    identity,
    pod,
    app,
    service,
    autoscaling,
    initSteps: resolveInitSteps(props.initContainers, props.image, env),
    migration: resolveMigration(name, props.image, props.migration, env),
    ingress,
    httpRoute,
    networkPolicy,
    revisionHistoryLimit: props.revisionHistoryLimit ?? DEFAULT_REVISION_HISTORY_LIMIT,
    env,
  };
}
