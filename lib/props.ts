import { Duration, Size } from 'cdk8s';
import { ContainerResources } from 'cdk8s-plus-28';
import { AutoscalingOptions } from './autoscaling';
import { EnvSource, EnvValue } from './env';
import { HttpRouteOptions } from './http-route';
import { IngressOptions } from './ingress';
import { InitStep, MigrationOptions } from './init';
import { ProbeOptions } from './probes';

/** How a pod stops without dropping requests. */
export interface ShutdownOptions {
  /**
   * Time between the pod being marked terminating and SIGTERM reaching uvicorn (a preStop
   * sleep), so Services, ingress controllers and kube-proxy stop sending new requests first.
   * @default Duration.seconds(5)
   */
  readonly preStopDelay?: Duration;
  /**
   * How long uvicorn waits for in-flight requests after SIGTERM (`--timeout-graceful-shutdown`).
   * @default Duration.seconds(20)
   */
  readonly gracefulTimeout?: Duration;
  /**
   * When the kubelet sends SIGKILL. Must exceed preStopDelay + gracefulTimeout.
   * @default Duration.seconds(30)
   */
  readonly terminationGracePeriod?: Duration;
}

/** Who the process runs as. Pod Security Standards "restricted" always apply. */
export interface SecurityOptions {
  /**
   * Numeric user id (kube-score asks for more than 10000, clear of host users).
   * @default 10001
   */
  readonly user?: number;
  /**
   * Numeric group id, also used as fsGroup.
   * @default 10001
   */
  readonly group?: number;
  /**
   * Size limit of the writable emptyDir at /tmp (the root filesystem is read-only).
   * @default Size.mebibytes(64)
   */
  readonly tmpSize?: Size;
}

/** Which pods may reach the app, and where its pods may connect to. */
export interface NetworkPolicyOptions {
  /**
   * Namespaces (by `kubernetes.io/metadata.name`) allowed to connect to the app port, e.g. the
   * ingress controller's. Pods in the service's own namespace are always allowed.
   * @default - any namespace may connect, to the app port only
   */
  readonly allowFromNamespaces?: string[];
  /**
   * Limit outgoing connections to DNS plus these CIDRs (the database, an API), e.g. ['10.20.0.0/16'].
   * @default - all egress allowed, declared explicitly: the construct cannot know the app's dependencies
   */
  readonly allowEgressTo?: string[];
}

/** Props of FastApiService. Only `image` is required; every default is documented below. */
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
   * @default 'main:app'
   */
  readonly asgiApp?: string;
  /**
   * Container port uvicorn binds (1024-65535: the process is not root).
   * @default 8000
   */
  readonly port?: number;
  /**
   * Port the Service exposes inside the cluster.
   * @default 80
   */
  readonly servicePort?: number;
  /**
   * uvicorn `--workers`. On Kubernetes, replicate pods rather than processes: one worker per
   * container lets the HPA and the scheduler see real load. Memory and CPU defaults scale with it.
   * @default 1
   */
  readonly workers?: number;
  /**
   * Extra uvicorn arguments appended to the generated command, e.g. ['--root-path', '/api'].
   * @default - none
   */
  readonly extraArgs?: string[];
  /**
   * Replace the generated uvicorn command entirely (another ASGI server, a wrapper script).
   * Exec form only, so SIGTERM reaches the server. Conflicts with asgiApp, workers and extraArgs.
   * @default - uvicorn built from asgiApp, port, workers and the shutdown options
   */
  readonly command?: string[];
  /**
   * Image pull policy. `Always` re-checks the registry on every pod start, so a pod can only run
   * a private image its namespace has credentials for; layers stay cached, so the cost is one
   * manifest request. Use `IfNotPresent` for air-gapped nodes.
   * @default ImagePullPolicy.ALWAYS
   */
  readonly imagePullPolicy?: ImagePullPolicy;
  /**
   * Secrets of type kubernetes.io/dockerconfigjson used to pull a private image.
   * @default - none
   */
  readonly imagePullSecrets?: string[];
  /**
   * Environment variables. Use EnvValue.fromSecret for credentials: only references are synthesized.
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
   * @default - cpu 250m request / 1 limit, memory 256Mi / 512Mi, ephemeral storage 64Mi / 256Mi,
   *   cpu and memory multiplied by `workers`
   */
  readonly resources?: ContainerResources;
  /**
   * Autoscaling on CPU (and optionally memory). `false` gives a fixed `replicas` count.
   * @default - { minReplicas: 1, maxReplicas: 10, cpuUtilization: 50 }
   */
  readonly autoscaling?: AutoscalingOptions | false;
  /**
   * Fixed replica count; only when `autoscaling` is false (the HPA owns replicas otherwise).
   * @default 2
   */
  readonly replicas?: number;
  /** @default - /healthz (startup, liveness) and /readyz (readiness), a 60s startup budget */
  readonly probes?: ProbeOptions;
  /** @default - 5s preStop delay, 20s graceful timeout, 30s termination grace period */
  readonly shutdown?: ShutdownOptions;
  /**
   * Steps run in every pod before the app starts (init containers).
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
   * @default '*' - the NetworkPolicy limits who can reach the pod; narrow this to the ingress controller's pod CIDR where you can
   */
  readonly forwardedAllowIps?: string;
  /**
   * uvicorn `--timeout-keep-alive`. A proxy that reuses upstream connections must never find one
   * that uvicorn just closed (a 502): keep this above the proxy's idle timeout (ingress-nginx
   * 60s, so 65s; GCP load balancers 600s, so 620s).
   * @default - uvicorn's own default (5s)
   */
  readonly keepAliveTimeout?: Duration;
  /** @default - uid/gid 10001, 64Mi /tmp */
  readonly security?: SecurityOptions;
  /**
   * The NetworkPolicy admitting traffic to the app port only. `false` leaves the pods open.
   * @default - any namespace, app port only
   */
  readonly networkPolicy?: NetworkPolicyOptions | false;
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
   * @default 5
   */
  readonly revisionHistoryLimit?: number;
}

/** When the kubelet pulls the image. */
export enum ImagePullPolicy {
  ALWAYS = 'Always',
  IF_NOT_PRESENT = 'IfNotPresent',
  NEVER = 'Never',
}
