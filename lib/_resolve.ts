import { k8s } from 'cdk8s-plus-28';
import { ImageRef, parsePinnedImage, versionOf } from './_image';
import {
  ResolvedAutoscaling, ResolvedHttpRoute, ResolvedIngress, ResolvedMigration, ResolvedNetworkPolicy, ResolvedStep,
  mergeEnv, resolveAutoscaling, resolveHttpRoute, resolveIngress, resolveInitSteps, resolveMigration, resolveNetworkPolicy,
} from './_resolve-extras';
import {
  ResolvedProbes, ResolvedResources, ResolvedSecurity, ResolvedShutdown,
  defaultResources, resolveProbes, resolveResources, resolveSecurity, resolveShutdown,
} from './_resolve-pod';
import {
  conflict, dns1035Label, dns1123Label, dns1123Subdomain, envName, integerIn, labelValue, labels as checkLabels,
  knownKeys, nonEmptyStrings, reject, unique, wholeSeconds,
} from './_validate';
import { RESOURCE_KEYS, SERVICE_KEYS } from './_keys';
import { EnvSource, EnvValue } from './env';
import { FastApiServiceProps, ImagePullPolicy } from './props';

const ASGI_APP = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*:[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/;
/** Keys the construct owns: a user value would break selectors or mislabel objects. */
const RESERVED_LABELS = ['name', 'instance', 'version', 'component', 'part-of', 'managed-by'].map((k) => `app.kubernetes.io/${k}`);

/** Every prop validated and every default applied, once, before any object is created. */
export interface Resolved {
  readonly name: string;
  readonly namespace?: string;
  readonly image: string;
  readonly imageRef: ImageRef;
  readonly port: number;
  readonly servicePort: number;
  readonly command: string[];
  readonly pullPolicy: ImagePullPolicy;
  readonly pullSecrets: string[];
  readonly env: k8s.EnvVar[];
  readonly envFrom: k8s.EnvFromSource[];
  readonly resources: ResolvedResources;
  readonly autoscaling?: ResolvedAutoscaling;
  readonly replicas?: number;
  readonly probes: ResolvedProbes;
  readonly shutdown: ResolvedShutdown;
  readonly security: ResolvedSecurity;
  readonly initSteps: ResolvedStep[];
  readonly migration?: ResolvedMigration;
  readonly ingress?: ResolvedIngress;
  readonly httpRoute?: ResolvedHttpRoute;
  readonly networkPolicy?: ResolvedNetworkPolicy;
  readonly userLabels: Record<string, string>;
  readonly partOf: string;
  readonly version: string;
  readonly revisionHistoryLimit: number;
  /** A PodDisruptionBudget only protects something when more than one replica can run. */
  readonly disruptionBudget: boolean;
}

function checkEnv(prop: string, env: Record<string, EnvValue> | undefined): void {
  if (env === undefined) return;
  if (typeof env !== 'object' || env === null || Array.isArray(env)) reject(prop, env, 'a map of variable names to EnvValue');
  for (const [k, v] of Object.entries(env)) {
    envName(`${prop} key`, k);
    if (!(v instanceof EnvValue)) reject(`${prop}['${k}']`, v, 'an EnvValue (EnvValue.fromValue, fromSecret, fromConfigMap or fromField)');
    if (v._literalLooksSecret(k)) {
      // Never echo the value: it may be a real credential.
      reject(`${prop}['${k}']`, '<literal value hidden>', 'a reference such as EnvValue.fromSecret(name, key), since the name looks like a credential and literal values land in dist/ and git (or EnvValue.fromValue(v, { notSecret: true }))');
    }
  }
}

function resolveCommand(props: FastApiServiceProps, port: number, gracefulSeconds: number, proxied: boolean): string[] {
  if (props.command !== undefined) {
    for (const other of ['asgiApp', 'workers', 'extraArgs', 'keepAliveTimeout'] as const) {
      if (props[other] !== undefined) conflict('command', props.command, other);
    }
    nonEmptyStrings('command', props.command);
    return [...props.command];
  }
  const asgiApp = props.asgiApp ?? 'main:app';
  if (typeof asgiApp !== 'string' || !ASGI_APP.test(asgiApp)) {
    reject('asgiApp', asgiApp, 'a uvicorn import string \'module.path:attribute\', e.g. \'service.main:app\'');
  }
  integerIn('workers', props.workers, 1, 64);
  if (props.extraArgs !== undefined) nonEmptyStrings('extraArgs', props.extraArgs);
  const keepAlive = props.keepAliveTimeout !== undefined ? wholeSeconds('keepAliveTimeout', props.keepAliveTimeout, 5, 1, 3600) : undefined;
  return [
    'uvicorn', asgiApp,
    '--host', '0.0.0.0',
    '--port', String(port),
    '--workers', String(props.workers ?? 1),
    '--timeout-graceful-shutdown', String(gracefulSeconds),
    ...(keepAlive !== undefined ? ['--timeout-keep-alive', String(keepAlive)] : []),
    '--no-server-header',
    ...(proxied ? ['--proxy-headers', '--forwarded-allow-ips', props.forwardedAllowIps ?? '*'] : []),
    ...(props.extraArgs ?? []),
  ];
}

export function resolveProps(id: string, props: FastApiServiceProps): Resolved {
  if (props === undefined || props === null || typeof props !== 'object') reject('props', props, 'an object with at least \'image\'');
  knownKeys('', props, SERVICE_KEYS);
  const name = props.name ?? id;
  // The Service is named '<name>-svc' and Service names are DNS-1035 labels.
  dns1035Label(props.name === undefined ? 'name (defaulted from the construct id)' : 'name', name, 59);
  dns1123Label('namespace', props.namespace);
  const imageRef = parsePinnedImage(props.image);
  integerIn('port', props.port, 1024, 65535);
  integerIn('servicePort', props.servicePort, 1, 65535);
  const port = props.port ?? 8000;
  if (props.forwardedAllowIps !== undefined && (typeof props.forwardedAllowIps !== 'string' || !/^[\w.:/*,]+$/.test(props.forwardedAllowIps))) {
    reject('forwardedAllowIps', props.forwardedAllowIps, 'a comma-separated list of addresses or CIDRs, or \'*\'');
  }
  const pullPolicy = props.imagePullPolicy ?? ImagePullPolicy.ALWAYS;
  if (!Object.values(ImagePullPolicy).includes(pullPolicy)) reject('imagePullPolicy', pullPolicy, `one of ${Object.values(ImagePullPolicy).join(', ')}`);
  const pullSecrets = props.imagePullSecrets ?? [];
  pullSecrets.forEach((s, i) => dns1123Subdomain(`imagePullSecrets[${i}]`, s));
  unique('imagePullSecrets', pullSecrets);

  checkEnv('env', props.env);
  const env = props.env ?? {};
  (props.envFrom ?? []).forEach((s, i) => { if (!(s instanceof EnvSource)) reject(`envFrom[${i}]`, s, 'an EnvSource (EnvSource.secret or EnvSource.configMap)'); });

  const workers = props.workers ?? 1;
  const defaults = defaultResources(Number.isInteger(workers) && workers > 0 ? workers : 1);
  // Ephemeral storage is about /tmp and logs, not about sizing the app: keep it unless given.
  knownKeys('resources', props.resources, RESOURCE_KEYS);
  const resources = resolveResources('resources', props.resources
    ? { ephemeralStorage: defaults.ephemeralStorage, ...props.resources }
    : defaults);
  const shutdown = resolveShutdown(props.shutdown);

  const autoscalingOn = props.autoscaling !== false;
  if (autoscalingOn && props.replicas !== undefined) {
    conflict('replicas', props.replicas, 'autoscaling (the HPA owns the replica count): set autoscaling.minReplicas, or autoscaling: false');
  }
  integerIn('replicas', props.replicas, 0, 1000);
  if (autoscalingOn && props.autoscaling !== undefined && (typeof props.autoscaling !== 'object' || props.autoscaling === null)) {
    reject('autoscaling', props.autoscaling, 'an AutoscalingOptions object, or false');
  }
  const autoscaling = autoscalingOn ? resolveAutoscaling(props.autoscaling || {}, resources) : undefined;
  const replicas = autoscalingOn ? undefined : props.replicas ?? 2;
  const ingress = props.ingress !== undefined ? resolveIngress(name, props.ingress) : undefined;
  const httpRoute = props.httpRoute !== undefined ? resolveHttpRoute(props.httpRoute) : undefined;

  checkLabels('labels', props.labels);
  for (const key of Object.keys(props.labels ?? {})) {
    if (RESERVED_LABELS.includes(key)) reject('labels key', key, `none of ${RESERVED_LABELS.join(', ')} (set by the construct; use partOf or version)`);
  }
  const version = props.version ?? versionOf(imageRef);
  labelValue('version', version);
  const partOf = props.partOf ?? name;
  labelValue('partOf', partOf);
  integerIn('revisionHistoryLimit', props.revisionHistoryLimit, 0, 100);

  return {
    name,
    namespace: props.namespace,
    image: props.image,
    imageRef,
    port,
    servicePort: props.servicePort ?? 80,
    command: resolveCommand(props, port, shutdown.gracefulSeconds, ingress !== undefined || httpRoute !== undefined || props.forwardedAllowIps !== undefined),
    pullPolicy,
    pullSecrets: [...pullSecrets],
    env: mergeEnv(env, undefined),
    envFrom: (props.envFrom ?? []).map((s) => s._toEnvFrom()),
    resources,
    autoscaling,
    replicas,
    probes: resolveProbes(props.probes),
    shutdown,
    security: resolveSecurity(props.security, resources.ephemeralLimitKib),
    initSteps: resolveInitSteps(props.initContainers ?? [], props.image, env, checkEnv),
    migration: props.migration !== undefined ? resolveMigration(name, props.image, props.migration, env, checkEnv) : undefined,
    ingress,
    httpRoute,
    networkPolicy: resolveNetworkPolicy(props.networkPolicy),
    userLabels: { ...(props.labels ?? {}) },
    partOf,
    version,
    revisionHistoryLimit: props.revisionHistoryLimit ?? 5,
    disruptionBudget: autoscaling ? autoscaling.maxReplicas > 1 : (replicas ?? 0) > 1,
  };
}
