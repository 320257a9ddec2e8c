import { Duration } from 'cdk8s';
import { ContainerResources } from 'cdk8s-plus-28';
import { EnvValue } from './env';

/**
 * A step that runs to completion in every pod before the app container starts (an init
 * container): the seed's "previous steps". It runs once per pod start, so on every replica and
 * every restart; it must be idempotent and safe to run concurrently.
 */
export interface InitStep {
  /** The init container's name, unique within the pod. */
  readonly name: string;
  /** The command, in exec form. */
  readonly command: string[];
  /**
   * The image.
   * @default - the service's image
   */
  readonly image?: string;
  /**
   * Extra environment variables, added to (and overriding) the service's own.
   * @default - the service's environment only
   */
  readonly env?: Record<string, EnvValue>;
  /**
   * Give the step the service's environment (`env` and `envFrom`).
   * @default true
   */
  readonly inheritEnv?: boolean;
  /**
   * Requests and limits.
   * @default - the app container's resources
   */
  readonly resources?: ContainerResources;
}

/**
 * A one-shot Job for work that must run once per release, not once per replica (schema
 * migrations). It carries the hook annotations that Argo CD (PreSync) and Helm (pre-install,
 * pre-upgrade) use to run it before the Deployment changes. Applied with plain `kubectl apply`,
 * nothing orders it before the rollout: make the app's readiness wait for the schema.
 */
export interface MigrationOptions {
  /** The command, in exec form, e.g. ['alembic', 'upgrade', 'head']. */
  readonly command: string[];
  /**
   * Extra environment variables, added to (and overriding) the service's own.
   * @default - the service's environment
   */
  readonly env?: Record<string, EnvValue>;
  /**
   * Retries before the Job is marked failed.
   * @default 2
   */
  readonly backoffLimit?: number;
  /**
   * The longest the Job may run, retries included.
   * @default Duration.minutes(10)
   */
  readonly activeDeadline?: Duration;
  /**
   * How long a finished Job is kept (for its logs) before Kubernetes deletes it.
   * @default Duration.days(1)
   */
  readonly ttlAfterFinished?: Duration;
  /**
   * Add the Argo CD and Helm hook annotations.
   * @default true
   */
  readonly hookAnnotations?: boolean;
}
