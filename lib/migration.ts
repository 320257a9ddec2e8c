import { createHash } from 'crypto';
import { Duration } from 'cdk8s';
import { ContainerResources, EnvValue, k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ensure, reject } from './errors';
import { Check, Props, checkArgv, firstOf, optional } from './checks/props-common';
import { checkBoolean, checkRecord } from './checks/runtime-types';
import { objectMetadata } from './_labels';
import { parsePinnedImage } from './_image';
import {
  KeysOf, MAX_LABEL_LENGTH, Range, dns1123Label, execCommand, instanceOf, integerIn, knownKeys, unique, wholeSeconds,
} from './_validate';
import { checkEnv, checkEnvMap, checkEnvTypes, renderEnv } from './env';
import { PodSettings, StepContainer, basePodSpec, podTemplate, stepContainer } from './pod';
import { resolveResources } from './resources';

/**
 * Work that runs before the app: init steps (in every pod, before uvicorn) and the migration Job
 * (once per release). Both share the app's image, environment, security and /tmp.
 */

/** Options of an init step. */
export interface InitStepOptions {
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
   * @default DEFAULT_INHERIT_ENV (true)
   */
  readonly inheritEnv?: boolean;
  /**
   * Requests and limits.
   * @default - the app container's resources
   */
  readonly resources?: ContainerResources;
}

/**
 * A step that runs to completion in every pod before the app container starts (an init
 * container), e.g. waiting for the database. It runs once per pod start, so on every replica and
 * every restart: it must be idempotent and safe to run concurrently. Work that must run once per
 * release belongs in `migration`.
 */
export class InitStep {
  /** A step running `options.command`. */
  public static run(options: InitStepOptions): InitStep {
    return new InitStep(options);
  }

  private constructor(/** @internal */ public readonly _options: InitStepOptions) {}
}

/**
 * A one-shot Job for work that must run once per release, not once per replica (schema
 * migrations).
 *
 * Ordering. With `hookAnnotations` (the default), the Job is a Helm `pre-install,pre-upgrade` hook
 * and an Argo CD `PreSync` hook, so it runs before the Deployment changes. Hooks run before the
 * release's ordinary objects exist, so the Job cannot use the app's ServiceAccount: its pod runs as
 * its own ServiceAccount `<name>-migrate`, itself a hook of the same phase, created first (Helm
 * hook-weight -1 before the Job's 0; Argo CD sync-wave -1 before the Job's 0). Both are deleted once
 * the hook phase succeeds (`hook-succeeded`: hooks are not part of the release, so `helm uninstall`
 * would otherwise leave them behind, as the real-cluster tier showed) and replaced on the next
 * release (`before-hook-creation`); a failed Job is kept for its logs. The NetworkPolicy is not a
 * hook, so on a first install the Job's pod runs before it exists. Secrets and ConfigMaps the Job reads (env, envFrom,
 * imagePullSecrets) are not created by this construct: they must exist before the sync (created
 * outside the release, or as hooks with a weight below -1), or the first install waits for them
 * until `activeDeadline`. Applied with plain `kubectl apply`, nothing orders the Job before the
 * rollout: make the app's readiness wait for the schema.
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
   * @default DEFAULT_BACKOFF_LIMIT (2)
   */
  readonly backoffLimit?: number;
  /**
   * The longest the Job may run, retries included.
   * @default DEFAULT_ACTIVE_DEADLINE (600s)
   */
  readonly activeDeadline?: Duration;
  /**
   * How long a finished Job is kept (for its logs) before Kubernetes deletes it.
   * @default DEFAULT_TTL_AFTER_FINISHED (86400s)
   */
  readonly ttlAfterFinished?: Duration;
  /**
   * Add the Argo CD and Helm hook annotations (to the Job and its ServiceAccount).
   * @default DEFAULT_HOOK_ANNOTATIONS (true)
   */
  readonly hookAnnotations?: boolean;
}

export const DEFAULT_INHERIT_ENV = true;
export const DEFAULT_BACKOFF_LIMIT = 2;
export const DEFAULT_ACTIVE_DEADLINE = Duration.minutes(10);
export const DEFAULT_TTL_AFTER_FINISHED = Duration.days(1);
export const DEFAULT_HOOK_ANNOTATIONS = true;

const BACKOFF_LIMIT: Range = { min: 0, max: 20 };
const ACTIVE_DEADLINE_SECONDS: Range = { min: 1, max: 86400 };
const TTL_SECONDS: Range = { min: 0, max: 604800 };
/** `-migrate-` plus 8 hex digits of the content hash. */
const JOB_SUFFIX_LENGTH = '-migrate-'.length + 8;
const INIT_STEP_KEYS: KeysOf<InitStepOptions> = {
  name: true, command: true, image: true, env: true, inheritEnv: true, resources: true,
};
const MIGRATION_KEYS: KeysOf<MigrationOptions> = {
  command: true, env: true, backoffLimit: true, activeDeadline: true, ttlAfterFinished: true, hookAnnotations: true,
};

export function resolveInitSteps(
  given: InitStep[] | undefined, image: string, env: Record<string, EnvValue>,
): StepContainer[] {
  if (given === undefined) return [];
  if (!Array.isArray(given)) reject('initContainers', given, 'a list of InitStep.run({...})');
  const steps = given.map((step, i) => {
    const prop = `initContainers[${i}]`;
    const options = instanceOf(prop, step, InitStep, 'an InitStep (InitStep.run({ name, command }))')._options;
    ensure(checkStepProps(prop, options as unknown as Props));
    knownKeys(prop, options, INIT_STEP_KEYS);
    dns1123Label(`${prop}.name`, options.name);
    if (options.name === undefined) reject(`${prop}.name`, undefined, 'a DNS-1123 label');
    if (options.name === 'app') {
      reject(`${prop}.name`, options.name, 'different from \'app\', the app container\'s name');
    }
    const command = execCommand(`${prop}.command`, options.command);
    if (options.image !== undefined) parsePinnedImage(options.image, `${prop}.image`);
    return { options, command, prop };
  });
  unique('initContainers[].name', steps.map(({ options }) => options.name));
  return steps.map(({ options, command, prop }) => {
    const inherit = options.inheritEnv ?? DEFAULT_INHERIT_ENV;
    return {
      name: options.name,
      image: options.image ?? image,
      command,
      env: renderEnv(inherit ? env : {}, options.env),
      inheritEnvFrom: inherit,
      resources: options.resources ? resolveResources(`${prop}.resources`, options.resources) : undefined,
    };
  });
}

/**
 * An init step's runtime types (plain-JS callers), then its argv and env: no literal secret (by
 * value) in either, the env map rule of ./env.
 */
export function checkStepProps(prop: string, options: Props): Check {
  return firstOf(
    () => checkRecord(prop, options),
    () => checkArgv(`${prop}.command`, options.command),
    () => checkEnvMap(`${prop}.env`, options.env),
    () => optional(options.inheritEnv, () => checkBoolean(`${prop}.inheritEnv`, options.inheritEnv)),
  );
}

/**
 * The runtime types of `migration` (plain-JS callers), so no check misreads a value. FastApiService
 * also runs it before its walk over every string.
 */
export function checkMigrationTypes(given: unknown): Check {
  if (given === undefined) return undefined;
  const migration = given as Props;
  return firstOf(
    () => checkRecord('migration', migration),
    () => checkEnvTypes('migration.env', migration.env),
    () => optional(migration.hookAnnotations,
      () => checkBoolean('migration.hookAnnotations', migration.hookAnnotations)),
  );
}

export interface ResolvedMigration {
  readonly jobName: string;
  readonly serviceAccountName: string;
  readonly command: string[];
  readonly env: k8s.EnvVar[];
  readonly backoffLimit: number;
  readonly activeDeadlineSeconds: number;
  readonly ttlSeconds: number;
  readonly hookAnnotations: boolean;
}

export function resolveMigration(
  name: string, image: string, given: MigrationOptions | undefined, env: Record<string, EnvValue>,
): ResolvedMigration | undefined {
  if (given === undefined) return undefined;
  ensure(checkMigrationTypes(given));
  knownKeys('migration', given, MIGRATION_KEYS);
  const command = execCommand('migration.command', given.command);
  ensure(checkArgv('migration.command', given.command));
  checkEnv('migration.env', given.env);
  integerIn('migration.backoffLimit', given.backoffLimit, BACKOFF_LIMIT);
  const merged = renderEnv(env, given.env);
  // A Job's pod template is immutable: a new name per image/command/env lets `kubectl apply` create
  // the next release's Job instead of failing on the old one.
  const digest = createHash('sha256').update(JSON.stringify({ image, command, env: merged })).digest('hex').slice(0, 8);
  const jobName = `${name}-migrate-${digest}`;
  if (jobName.length > MAX_LABEL_LENGTH) {
    const maxNameLength = MAX_LABEL_LENGTH - JOB_SUFFIX_LENGTH;
    reject('name', name, `at most ${maxNameLength} characters when a migration Job is configured `
      + `(its name '${jobName}' must fit ${MAX_LABEL_LENGTH})`);
  }
  return {
    jobName,
    serviceAccountName: `${name}-migrate`,
    command,
    env: merged,
    backoffLimit: given.backoffLimit ?? DEFAULT_BACKOFF_LIMIT,
    activeDeadlineSeconds: wholeSeconds('migration.activeDeadline', given.activeDeadline,
      DEFAULT_ACTIVE_DEADLINE.toSeconds(), ACTIVE_DEADLINE_SECONDS),
    ttlSeconds: wholeSeconds('migration.ttlAfterFinished', given.ttlAfterFinished,
      DEFAULT_TTL_AFTER_FINISHED.toSeconds(), TTL_SECONDS),
    hookAnnotations: given.hookAnnotations ?? DEFAULT_HOOK_ANNOTATIONS,
  };
}

/** Helm hook weight and Argo CD sync wave: the ServiceAccount one step before the Job. */
export const SERVICE_ACCOUNT_HOOK_ORDER = -1;
export const JOB_HOOK_ORDER = 0;

function hookAnnotations(order: number): Record<string, string> {
  return {
    'argocd.argoproj.io/hook': 'PreSync',
    'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation,HookSucceeded',
    'argocd.argoproj.io/sync-wave': String(order),
    'helm.sh/hook': 'pre-install,pre-upgrade',
    'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded',
    'helm.sh/hook-weight': String(order),
  };
}

/** The migration Job and its ServiceAccount (construct ids `Migration`, `MigrationServiceAccount`). */
export interface MigrationObjects {
  readonly job: k8s.KubeJob;
  readonly serviceAccount: k8s.KubeServiceAccount;
}

export function renderMigration(
  scope: Construct, pod: PodSettings, resolved: ResolvedMigration | undefined,
): MigrationObjects | undefined {
  if (!resolved) return undefined;
  const annotate = (order: number) => (resolved.hookAnnotations ? hookAnnotations(order) : undefined);
  const serviceAccount = new k8s.KubeServiceAccount(scope, 'MigrationServiceAccount', {
    metadata: {
      ...objectMetadata(pod.identity, resolved.serviceAccountName, 'migration'),
      annotations: annotate(SERVICE_ACCOUNT_HOOK_ORDER),
    },
    automountServiceAccountToken: false,
  });
  const container = stepContainer(pod, {
    name: 'migrate', image: pod.image, command: resolved.command, env: resolved.env, inheritEnvFrom: true,
  });
  const job = new k8s.KubeJob(scope, 'Migration', {
    metadata: { ...objectMetadata(pod.identity, resolved.jobName, 'migration'), annotations: annotate(JOB_HOOK_ORDER) },
    spec: {
      backoffLimit: resolved.backoffLimit,
      activeDeadlineSeconds: resolved.activeDeadlineSeconds,
      ttlSecondsAfterFinished: resolved.ttlSeconds,
      template: podTemplate(pod.identity, 'migration', {
        ...basePodSpec(pod, resolved.serviceAccountName, [container], []),
        restartPolicy: 'Never',
      }),
    },
  });
  return { job, serviceAccount };
}

