import { Duration } from 'cdk8s';
import { ContainerResources, EnvValue, k8s } from 'cdk8s-plus-28';
import { Autoscaling } from './autoscaling';
import { EnvSource } from './env';
import { reject } from './errors';
import { PlacementOptions } from './placement';
import { SecurityOptions } from './pod';
import { ProbeTiming } from './probes';
import { Sidecar } from './sidecars';
import { Volume } from './volumes';
import { KeysOf, Range, execCommand, instanceOf, integerIn, knownKeys, wholeSeconds } from './_validate';
import type { FastApiService } from './fastapi-service';

/** How a worker stops. */
export interface WorkerShutdownOptions {
  /**
   * Time between SIGTERM and SIGKILL. Every framework below treats SIGTERM as "finish what you
   * are doing, take nothing new", so this must exceed your longest task, or the task is killed
   * mid-way (and redelivered only with late acknowledgement):
   * Celery: warm shutdown, waits for running tasks (use `acks_late` so a killed task is redelivered);
   * RQ: warm shutdown, waits for the current job (a second signal would be a cold shutdown);
   * Dramatiq: stops consuming, waits for running messages (its own `--worker-shutdown-timeout`
   * should be below this); ARQ: stops polling and waits up to its `job_timeout` before cancelling.
   * No preStop delay: nothing routes traffic to a worker.
   * @default DEFAULT_WORKER_TERMINATION_GRACE_PERIOD (60s)
   */
  readonly terminationGracePeriod?: Duration;
}

/** Props of FastApiWorker. `command` and `liveness` are required; `image` too without `service`. */
export interface FastApiWorkerProps {
  /** The worker's exec-form command, e.g. ['celery', '-A', 'orders.tasks', 'worker', '--concurrency', '2']. */
  readonly command: string[];
  /**
   * How the kubelet tells a hung worker: `WorkerLiveness.exec([...])`, or `WorkerLiveness.none(reason)`.
   * Required: no check suits every framework, and a worker without one must say why.
   */
  readonly liveness: WorkerLiveness;
  /**
   * The web service whose image, namespace, env, envFrom, pull settings, security, version and
   * part-of the worker shares.
   * @default - none: give `image`
   */
  readonly service?: FastApiService;
  /**
   * The image, pinned. Conflicts with `service`, whose image the worker runs.
   * @default - the service's image
   */
  readonly image?: string;
  /**
   * Base name of the objects.
   * @default - '<service name>-worker' with `service`, else the construct id
   */
  readonly name?: string;
  /**
   * Namespace. Conflicts with `service`.
   * @default - the service's namespace, else the chart's
   */
  readonly namespace?: string;
  /**
   * Environment variables, added to (and overriding) the service's.
   * @default - the service's, or none
   */
  readonly env?: Record<string, EnvValue>;
  /**
   * Whole Secrets or ConfigMaps as env, added to the service's.
   * @default - the service's, or none
   */
  readonly envFrom?: EnvSource[];
  /**
   * Requests and limits of the worker container.
   * @default - DEFAULT_CPU_PER_WORKER (250m request, 1000m limit), DEFAULT_MEMORY_PER_WORKER
   *   (256Mi request, 512Mi limit), DEFAULT_EPHEMERAL_STORAGE (64Mi request, 256Mi limit): one uvicorn worker's
   */
  readonly resources?: ContainerResources;
  /**
   * How many worker pods run. CPU is a weak signal for a queue consumer (an idle worker waiting
   * on I/O looks unloaded while the queue grows); scale on queue length with KEDA where you can.
   * @default - DEFAULT_WORKER_REPLICAS (1), Autoscaling.fixed
   */
  readonly autoscaling?: Autoscaling;
  /**
   * Graceful shutdown, per the framework's SIGTERM semantics.
   * @default DEFAULT_WORKER_TERMINATION_GRACE_PERIOD (60s)
   */
  readonly shutdown?: WorkerShutdownOptions;
  /**
   * Who the container runs as. Conflicts with `service`, whose security the worker shares.
   * @default - the service's, else DEFAULT_USER (10001), DEFAULT_GROUP (10001), DEFAULT_TMP_SIZE (64Mi)
   */
  readonly security?: SecurityOptions;
  /**
   * Volumes mounted into the worker container.
   * @default - none
   */
  readonly volumes?: Volume[];
  /**
   * Sidecars, e.g. the same database proxy as the web service.
   * @default - none
   */
  readonly sidecars?: Sidecar[];
  /**
   * Node selector, tolerations, priority class, affinity.
   * @default - any node, no tolerations, the default priority, one replica per node preferred
   */
  readonly placement?: PlacementOptions;
  /**
   * Pod annotations.
   * @default - none
   */
  readonly podAnnotations?: Record<string, string>;
}

export const DEFAULT_WORKER_TERMINATION_GRACE_PERIOD = Duration.seconds(60);
export const DEFAULT_WORKER_REPLICAS = 1;
/** Exec probes start a Python interpreter (and Celery's pings the broker): slower and rarer than HTTP probes. */
export const WORKER_LIVENESS_DEFAULTS = { period: 60, timeout: 10, failureThreshold: 3, initialDelay: 30 };

/** A task may run long; a day is the most a rollout should wait for one pod. */
const WORKER_GRACE: Range = { min: 1, max: 86400 };
const PROBE_SECONDS: Range = { min: 1, max: 3600 };
const THRESHOLD: Range = { min: 1, max: 100 };
const TIMING_KEYS: KeysOf<ProbeTiming> = { period: true, timeout: true, failureThreshold: true };
const SHUTDOWN_KEYS: KeysOf<WorkerShutdownOptions> = { terminationGracePeriod: true };
/** The annotation by which the policy plugin accepts a worker without liveness probe. */
export const WAIVE_PROBES = 'cdk8s-fastapi.io/waive-probes';

/**
 * A worker's liveness check. `WorkerLiveness.exec(command)` runs a command in the container, e.g.
 * Celery: ['sh', '-c', 'celery -A orders.tasks inspect ping -d celery@$HOSTNAME'] (the shell
 * expands $HOSTNAME; exec probes do not); RQ: ['rq', 'info', '--only-workers'] against the broker;
 * Dramatiq and ARQ have no ping: touch a heartbeat file from the worker and check its age.
 * `WorkerLiveness.none(reason)` runs no probe and records the reason as the policy plugin's
 * waiver of the probes rule on the Deployment.
 */
export class WorkerLiveness {
  /** An exec liveness probe. */
  public static exec(command: string[], timing: ProbeTiming = {}): WorkerLiveness {
    return new WorkerLiveness(command, timing, undefined);
  }

  /** No liveness probe, with the reason (recorded as a policy waiver). */
  public static none(reason: string): WorkerLiveness {
    return new WorkerLiveness(undefined, undefined, reason);
  }

  private constructor(
    /** @internal */ public readonly _command: string[] | undefined,
    /** @internal */ public readonly _timing: ProbeTiming | undefined,
    /** @internal */ public readonly _reason: string | undefined,
  ) {}
}

export interface ResolvedLiveness {
  readonly probe?: k8s.Probe;
  readonly waiver?: Record<string, string>;
}

export function resolveLiveness(given: WorkerLiveness | undefined): ResolvedLiveness {
  const liveness = instanceOf('liveness', given, WorkerLiveness,
    'WorkerLiveness.exec([...]) or WorkerLiveness.none(reason)');
  if (liveness._command === undefined) {
    const reason = liveness._reason;
    if (typeof reason !== 'string' || reason.trim() === '') {
      reject('liveness reason', reason, 'a non-empty reason why the worker needs no liveness probe');
    }
    return { waiver: { [WAIVE_PROBES]: reason.trim() } };
  }
  const command = execCommand('liveness command', liveness._command);
  const timing = liveness._timing ?? {};
  knownKeys('liveness timing', timing, TIMING_KEYS);
  const defaults = WORKER_LIVENESS_DEFAULTS;
  const period = wholeSeconds('liveness timing.period', timing.period, defaults.period, PROBE_SECONDS);
  const timeout = wholeSeconds('liveness timing.timeout', timing.timeout, defaults.timeout, PROBE_SECONDS);
  integerIn('liveness timing.failureThreshold', timing.failureThreshold, THRESHOLD);
  return {
    probe: {
      exec: { command },
      initialDelaySeconds: defaults.initialDelay,
      periodSeconds: period,
      timeoutSeconds: timeout,
      failureThreshold: timing.failureThreshold ?? defaults.failureThreshold,
    },
  };
}

export function resolveWorkerShutdown(given: WorkerShutdownOptions | undefined): number {
  knownKeys('shutdown', given, SHUTDOWN_KEYS);
  return wholeSeconds('shutdown.terminationGracePeriod', given?.terminationGracePeriod,
    DEFAULT_WORKER_TERMINATION_GRACE_PERIOD.toSeconds(), WORKER_GRACE);
}
