import { Duration } from 'cdk8s';
import { ContainerResources, EnvValue, ImagePullPolicy } from 'cdk8s-plus-28';
import { Autoscaling } from './autoscaling';
import { EnvSource } from './env';
import { HttpRouteOptions } from './http-route';
import { IngressOptions } from './ingress';
import { InitStep, MigrationOptions } from './migration';
import { ServiceNetworkPolicy } from './network-policy';
import { PlacementOptions } from './placement';
import { ServiceOptions } from './service-options';
import { Sidecar } from './sidecars';
import { Volume } from './volumes';
import { SecurityOptions, ShutdownOptions } from './pod';
import { ProbeOptions } from './probes';

/**
 * Props of FastApiService. Only `image` is required. Each `@default` names the constant that
 * holds it (exported by the feature's module and checked against this text by a test).
 */
export interface FastApiServiceProps {
  /** The image, pinned by tag or digest. Untagged and ':latest' images are rejected. */
  readonly image: string;
  /**
   * Base name of every object: Deployment `<name>`, Service `<name>-svc`, HPA `<name>-hpa`.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Namespace of every object.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * The ASGI app as a uvicorn import string 'module.path:attribute'.
   * @default DEFAULT_ASGI_APP ('main:app')
   */
  readonly asgiApp?: string;
  /**
   * Container port uvicorn binds (1024-65535: the process is not root).
   * @default DEFAULT_PORT (8000)
   */
  readonly port?: number;
  /**
   * Port the Service exposes inside the cluster.
   * @default DEFAULT_SERVICE_PORT (80)
   * @deprecated use `service.port`; giving both is an error
   */
  readonly servicePort?: number;
  /**
   * uvicorn `--workers`. On Kubernetes, replicate pods rather than processes: one worker per
   * container lets the HPA and the scheduler see real load. Memory and CPU defaults scale with it.
   * @default DEFAULT_WORKERS (1)
   */
  readonly workers?: number;
  /**
   * Extra uvicorn arguments appended to the generated command, e.g. ['--root-path', '/api'].
   * @default - none
   */
  readonly extraArgs?: string[];
  /**
   * Replace the generated uvicorn command entirely (another ASGI server, a wrapper script).
   * Exec form only, so SIGTERM reaches the server. Conflicts with asgiApp, workers, extraArgs,
   * keepAliveTimeout (COMMAND_CONFLICTS): they only shape the generated command. `port`,
   * `shutdown.gracefulTimeout` and `forwardedAllowIps` are then yours to pass to your server.
   * @default - uvicorn built from asgiApp, port, workers and the shutdown options
   */
  readonly command?: string[];
  /**
   * Image pull policy (cdk8s-plus-28's enum). `Always` re-checks the registry on every pod start,
   * so a pod can only run a private image its namespace has credentials for; layers stay cached,
   * so the cost is one manifest request. Use `IfNotPresent` for air-gapped nodes.
   * @default DEFAULT_IMAGE_PULL_POLICY (Always)
   */
  readonly imagePullPolicy?: ImagePullPolicy;
  /**
   * Secrets of type kubernetes.io/dockerconfigjson used to pull a private image.
   * @default - none
   */
  readonly imagePullSecrets?: string[];
  /**
   * Environment variables (cdk8s-plus-28 `EnvValue`s). Use `ServiceEnv.fromSecret` for
   * credentials: only references are synthesized, and a literal value for a name that looks like
   * a credential is rejected.
   * @default - none
   */
  readonly env?: Record<string, EnvValue>;
  /**
   * Whole Secrets or ConfigMaps imported as environment variables.
   * @default - none
   */
  readonly envFrom?: EnvSource[];
  /**
   * Requests and limits of the app container. Given, cpu and memory replace the defaults;
   * ephemeral storage keeps its default unless given too.
   * @default - DEFAULT_CPU_PER_WORKER (250m request, 1000m limit) and DEFAULT_MEMORY_PER_WORKER
   *   (256Mi request, 512Mi limit), both times `workers`; DEFAULT_EPHEMERAL_STORAGE (64Mi request, 256Mi limit)
   */
  readonly resources?: ContainerResources;
  /**
   * How many pods run: `Autoscaling.cpu({...})` (an HPA) or `Autoscaling.fixed(replicas)`.
   * @default - Autoscaling.cpu() with its defaults: DEFAULT_MIN_REPLICAS (1) to DEFAULT_MAX_REPLICAS (10) pods
   * at DEFAULT_CPU_UTILIZATION (50)% CPU
   */
  readonly autoscaling?: Autoscaling;
  /**
   * Startup, liveness and readiness probes.
   * @default - DEFAULT_LIVENESS_PATH ('/healthz') for startup and liveness, DEFAULT_READINESS_PATH
   *   ('/readyz') for readiness, DEFAULT_STARTUP_BUDGET (60s)
   */
  readonly probes?: ProbeOptions;
  /**
   * Graceful shutdown.
   * @default - DEFAULT_PRE_STOP_DELAY (5s), DEFAULT_GRACEFUL_TIMEOUT (20s), DEFAULT_TERMINATION_GRACE_PERIOD (30s)
   */
  readonly shutdown?: ShutdownOptions;
  /**
   * Steps run in every pod before the app starts (init containers): `InitStep.run({...})`.
   * @default - none
   */
  readonly initContainers?: InitStep[];
  /**
   * A one-shot migration Job, run once per release rather than once per replica.
   * @default - no Job
   */
  readonly migration?: MigrationOptions;
  /**
   * An Ingress with TLS. Turns on uvicorn `--proxy-headers` so the app sees the client's scheme and address.
   * @default - no Ingress; the Service is reachable inside the cluster only
   */
  readonly ingress?: IngressOptions;
  /**
   * A Gateway API HTTPRoute to the Service, the modern alternative to `ingress` (both may be set
   * while migrating). Turns on uvicorn `--proxy-headers` like `ingress`.
   * @default - no HTTPRoute
   */
  readonly httpRoute?: HttpRouteOptions;
  /**
   * Addresses whose X-Forwarded-* headers uvicorn trusts, when behind the Ingress or Gateway.
   * Setting it also turns on `--proxy-headers`.
   * @default DEFAULT_FORWARDED_ALLOW_IPS ('*') - the NetworkPolicy limits who can reach the pod;
   *   narrow this to the ingress controller's pod CIDR where you can
   */
  readonly forwardedAllowIps?: string;
  /**
   * uvicorn `--timeout-keep-alive`. A proxy that reuses upstream connections must never find one
   * that uvicorn just closed (a 502): keep this above the proxy's idle timeout (ingress-nginx
   * 60s, so 65s; GCP load balancers 600s, so 620s). Conflicts with `command`.
   * @default - UVICORN_KEEP_ALIVE (5s), uvicorn's own default (no flag is written)
   */
  readonly keepAliveTimeout?: Duration;
  /**
   * Who the containers run as.
   * @default - DEFAULT_USER (10001), DEFAULT_GROUP (10001), DEFAULT_TMP_SIZE (64Mi)
   */
  readonly security?: SecurityOptions;
  /**
   * The NetworkPolicy: `ServiceNetworkPolicy.restrict({...})` admits traffic to the app port
   * only; `ServiceNetworkPolicy.none()` leaves the pods open.
   * @default - ServiceNetworkPolicy.restrict(): any namespace, app port only
   */
  readonly networkPolicy?: ServiceNetworkPolicy;
  /**
   * Labels added to every object and pod (never to selectors).
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * `app.kubernetes.io/part-of`: the larger application this service belongs to.
   * @default - the name
   */
  readonly partOf?: string;
  /**
   * `app.kubernetes.io/version`.
   * @default - the image tag (or the start of its digest)
   */
  readonly version?: string;
  /**
   * Old ReplicaSets kept for `kubectl rollout undo`.
   * @default DEFAULT_REVISION_HISTORY_LIMIT (5)
   */
  readonly revisionHistoryLimit?: number;
  /**
   * The Service's port, type (ClusterIP, LoadBalancer, NodePort) and annotations.
   * @default - DEFAULT_SERVICE_PORT (80), DEFAULT_SERVICE_TYPE (ClusterIP), no annotations
   */
  readonly service?: ServiceOptions;
  /**
   * Node selector, tolerations, priority class and an affinity override.
   * @default - any node, no tolerations, the default priority, one replica per node preferred
   */
  readonly placement?: PlacementOptions;
  /**
   * Annotations of the pods (e.g. a Vault agent's or a metrics scraper's).
   * @default - none besides kubectl.kubernetes.io/default-container
   */
  readonly podAnnotations?: Record<string, string>;
  /**
   * Secrets and ConfigMaps as files, emptyDirs, PersistentVolumeClaims, mounted into the app
   * container: `Volume.fromSecret({...})` and the other factories. Read-only except emptyDirs.
   * @default - none; /tmp is always a writable emptyDir and the root filesystem read-only
   */
  readonly volumes?: Volume[];
  /**
   * Extra containers in every app pod, e.g. a database proxy: `Sidecar.container({...})`.
   * Same restricted security context; their requests count in the HPA's CPU utilization.
   * @default - none
   */
  readonly sidecars?: Sidecar[];
}
