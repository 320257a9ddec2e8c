/**
 * The issue-11 checks applied to the props of FastApiService and LoadTest: runtime types (plain-JS
 * and JSON callers), YAML-safe strings and keys everywhere, secrets by value, apiserver/CRD rules
 * the older validators miss, and conflicts. Each function returns the first message, or undefined;
 * the constructs throw it with their construct path (`ensure`).
 */
import { EnvValue } from 'cdk8s-plus-28';
import { checkHttpRouteHostname, checkHttpRoutePath } from './gateway';
import {
  Workload, checkAnnotations, checkEnvVarName, checkLabels, checkNamespace, checkUserLabelKey,
} from './names';
import { checkCidr, checkIngressHost } from './network';
import {
  checkArray, checkBoolean, checkNumber, checkRecord, checkRecordKey, checkString, checkStringArray,
  checkStringRecord, isPlainObject, ownEntries, typeOf,
} from './runtime-types';
import { checkNoSecretValue } from './secret-values';
import { checkYamlKey, checkYamlString } from './yaml-safe';

type Check = string | undefined;
type Props = Record<string, unknown>;

/** Props whose entries are user keys (`labels['team']`), not fields (`ingress.host`). */
const RECORD_PROPS = new Set(['labels', 'annotations', 'env', 'data']);
/** Strings written to ConfigMap data or annotations, where NUL round-trips and nothing execs it. */
const NUL_ALLOWED = /(^|\.)(annotations|locustfile)(\[|$)/;

/** The first of several checks that fails. */
export function firstOf(...checks: Array<() => Check>): Check {
  for (const check of checks) {
    const message = check();
    if (message !== undefined) return message;
  }
  return undefined;
}

const isConstruct = (value: object) => 'node' in value && typeof (value as { node: unknown }).node === 'object';

/**
 * Walks every value the caller passed (plain objects, arrays, and the fields of option class
 * instances) and reports the first string or key that would not reach kubectl as written, the first
 * non-finite number, and any Map, Set or prototype-named key (cdk8s drops or crashes on them).
 */
export function scanProps(prop: string, value: unknown, seen = new Set<object>()): Check {
  switch (typeof value) {
    case 'string':
      return checkYamlString(prop, value, { allowNul: NUL_ALLOWED.test(prop) });
    case 'number':
      return Number.isFinite(value) ? undefined : `${prop} must be a finite number, got ${typeOf(value)}`;
    case 'bigint': case 'symbol':
      return `${prop} must not be a ${typeof value}`;
    case 'object': break;
    default: return undefined;
  }
  if (value === null || seen.has(value) || isConstruct(value)) return undefined;
  seen.add(value);
  if (value instanceof Map || value instanceof Set || value instanceof WeakMap || value instanceof WeakSet) {
    return `${prop} must be a plain object or an array, got ${typeOf(value)}`
      + ' (a Map or Set is not read: pass a plain object or an array)';
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = scanProps(`${prop}[${i}]`, value[i], seen);
      if (bad) return bad;
    }
    return undefined;
  }
  const plain = isPlainObject(value);
  const last = prop.replace(/.*[.\]]/, '');
  for (const [key, item] of ownEntries(value)) {
    if (!plain) {
      // an option class's fields: report under the prop the user passed
      const bad = scanProps(prop, item, seen);
      if (bad) return bad;
      continue;
    }
    const keyProp = `${prop || 'props'} key`;
    const badKey = checkRecordKey(keyProp, key) ?? checkYamlKey(keyProp, key);
    if (badKey) return badKey;
    const itemProp = RECORD_PROPS.has(last) ? `${prop}['${key}']` : prop ? `${prop}.${key}` : key;
    const bad = scanProps(itemProp, item, seen);
    if (bad) return bad;
  }
  return undefined;
}

const optional = (value: unknown, check: () => Check): Check => (value === undefined ? undefined : check());

/** An optional boolean option of a factory (`{ optional: 'false' }` from JS would be written as a string). */
export function checkOptionalBoolean(prop: string, value: unknown): Check {
  return optional(value, () => checkBoolean(prop, value));
}

/** An env map: a plain object of names to EnvValues; literal values never secrets (by value). */
export function checkEnvMap(prop: string, env: unknown, isDeclaredNotSecret: (value: EnvValue) => boolean): Check {
  if (env === undefined) return undefined;
  return checkRecord(prop, env, (itemProp, value) => {
    // Only the type: a plain string here may be the secret itself.
    if (!(value instanceof EnvValue)) {
      return `${itemProp} must be an EnvValue (EnvValue.fromValue, or ServiceEnv.fromSecret, fromConfigMap or`
        + ` fromField), got ${typeOf(value)}`;
    }
    if (isDeclaredNotSecret(value)) return undefined;
    return checkNoSecretValue(itemProp, value.value);
  }) ?? firstOf(...ownEntries(env as object).map(([name]) => () => checkEnvVarName(`${prop} key`, name)));
}

/** Argv (command, args): literal values never secrets (by value). */
export function checkArgv(prop: string, argv: unknown): Check {
  if (argv === undefined) return undefined;
  return checkStringArray(prop, argv) ?? checkArray(prop, argv, (itemProp, item) => checkNoSecretValue(itemProp, item));
}

/** The flags resolveCommand generates: repeating one in extraArgs would silently win over it. */
export const GENERATED_UVICORN_FLAGS = [
  '--host', '--port', '--workers', '--timeout-graceful-shutdown', '--timeout-keep-alive', '--no-server-header',
  '--proxy-headers', '--forwarded-allow-ips',
] as const;

/** uvicorn (click) also reads `--flag=value`; `--no-proxy-headers` negates a generated flag. */
export function checkExtraArgs(prop: string, extraArgs: unknown): Check {
  if (!Array.isArray(extraArgs)) return undefined;
  for (let i = 0; i < extraArgs.length; i++) {
    const arg = extraArgs[i];
    if (typeof arg !== 'string') continue;
    const flag = arg.split('=')[0];
    const generated = GENERATED_UVICORN_FLAGS.find((known) => flag === known || flag === known.replace(/^--/, '--no-'));
    if (generated) {
      return `${prop}[${i}] must not repeat '${generated}', which the construct sets from its own props `
        + '(port, workers, shutdown, keepAliveTimeout, forwardedAllowIps) and the probes, Service and sizing '
        + `rely on; set that prop instead, got '${flag}'`;
    }
  }
  return undefined;
}

/** The cert-manager annotations IngressTls sets. */
const ISSUER_ANNOTATIONS = ['cert-manager.io/issuer', 'cert-manager.io/cluster-issuer'];

export function checkIssuerAnnotations(prop: string, annotations: unknown,
  tlsIssuerAnnotation: string | undefined): Check {
  if (tlsIssuerAnnotation === undefined || !isPlainObject(annotations)) return undefined;
  const clash = Object.keys(annotations).find((key) => ISSUER_ANNOTATIONS.includes(key.toLowerCase()));
  if (clash === undefined) return undefined;
  return `${prop} key '${clash}' cannot be combined with ingress.tls (IngressTls.clusterIssuer or issuer), which`
    + ` sets '${tlsIssuerAnnotation}': cert-manager would see both; choose the issuer in ingress.tls only`;
}

export interface ServicePropsView {
  readonly props: Props;
  /** Whether a migration Job is configured (Job pods then carry the user labels too). */
  readonly tlsIssuerAnnotation?: string;
  /** The issuer's name, written as that annotation's value (it counts toward the 256 KiB). */
  readonly tlsIssuerName?: string;
  readonly egressCidrs?: unknown;
  readonly isDeclaredNotSecret: (value: EnvValue) => boolean;
}

/**
 * Runtime types (so no later validator crashes or misreads a plain-JS value) and YAML-safe strings,
 * for FastApiServiceProps: run before the construct's own validators.
 */
export function checkServiceTypes(props: Props): Check {
  const migration = props.migration as Props | undefined;
  const ingress = props.ingress as Props | undefined;
  const httpRoute = props.httpRoute as Props | undefined;
  const number = (name: string) => () => optional(props[name], () => checkNumber(name, props[name]));
  const string = (name: string) => () => optional(props[name], () => checkString(name, props[name]));
  const envValues = (prop: string, env: unknown) => optional(env, () => checkRecord(prop, env, (itemProp, value) =>
    // Only the type: a plain string here may be the secret itself.
    (value instanceof EnvValue ? undefined : `${itemProp} must be an EnvValue (EnvValue.fromValue, or`
      + ` ServiceEnv.fromSecret, fromConfigMap or fromField), got ${typeOf(value)}`)));
  return firstOf(
    () => checkString('image', props.image, { nonEmpty: true }),
    string('name'), string('namespace'), string('asgiApp'), string('forwardedAllowIps'), string('partOf'),
    string('version'), string('imagePullPolicy'),
    number('port'), number('servicePort'), number('workers'), number('revisionHistoryLimit'),
    () => optional(props.imagePullSecrets, () => checkStringArray('imagePullSecrets', props.imagePullSecrets)),
    () => optional(props.extraArgs, () => checkStringArray('extraArgs', props.extraArgs)),
    () => optional(props.command, () => checkStringArray('command', props.command)),
    () => optional(props.envFrom, () => checkArray('envFrom', props.envFrom)),
    () => optional(props.initContainers, () => checkArray('initContainers', props.initContainers)),
    () => optional(props.labels, () => checkStringRecord('labels', props.labels)),
    () => envValues('env', props.env),
    () => optional(migration, () => checkRecord('migration', migration)),
    () => envValues('migration.env', migration?.env),
    () => optional(migration?.inheritEnv, () => checkBoolean('migration.inheritEnv', migration!.inheritEnv)),
    () => optional(migration?.hookAnnotations,
      () => checkBoolean('migration.hookAnnotations', migration!.hookAnnotations)),
    () => optional(ingress, () => checkRecord('ingress', ingress)),
    () => optional(ingress?.annotations, () => checkStringRecord('ingress.annotations', ingress!.annotations)),
    () => optional(httpRoute, () => checkRecord('httpRoute', httpRoute)),
    () => optional(httpRoute?.hostnames, () => checkStringArray('httpRoute.hostnames', httpRoute!.hostnames)),
    () => scanProps('', props),
  );
}

/** The apiserver/CRD rules, secrets by value and conflicts issue 11 adds, after the construct's own validators. */
export function checkServiceRules(view: ServicePropsView): Check {
  const { props } = view;
  const migration = props.migration as Props | undefined;
  const ingress = props.ingress as Props | undefined;
  const httpRoute = props.httpRoute as Props | undefined;
  const workloads: Workload[] = migration === undefined ? ['Deployment'] : ['Deployment', 'Job'];
  return firstOf(
    () => optional(props.namespace, () => checkNamespace('namespace', props.namespace)),
    () => checkArgv('extraArgs', props.extraArgs),
    () => checkArgv('command', props.command),
    () => checkExtraArgs('extraArgs', props.extraArgs),
    () => checkEnvMap('env', props.env, view.isDeclaredNotSecret),
    () => optional(props.labels, () => checkLabels('labels', props.labels)),
    () => firstOf(...Object.keys(props.labels ?? {}).map((key) => () => checkUserLabelKey('labels key', key,
      workloads))),
    () => optional(migration, () => firstOf(
      () => checkArgv('migration.command', migration!.command),
      () => checkEnvMap('migration.env', migration!.env, view.isDeclaredNotSecret),
    )),
    () => optional(ingress, () => firstOf(
      () => checkIngressHost('ingress.host', ingress!.host),
      // the 256 KiB are per object: the Ingress also carries the issuer annotation
      () => optional(ingress!.annotations, () => checkAnnotations('ingress.annotations', {
        ...(ingress!.annotations as object),
        ...(view.tlsIssuerAnnotation ? { [view.tlsIssuerAnnotation]: view.tlsIssuerName ?? '' } : {}),
      })),
      () => checkIssuerAnnotations('ingress.annotations', ingress!.annotations, view.tlsIssuerAnnotation),
    )),
    () => optional(httpRoute, () => firstOf(
      () => optional(httpRoute!.hostnames, () => checkArray('httpRoute.hostnames', httpRoute!.hostnames,
        checkHttpRouteHostname)),
      () => optional(httpRoute!.path, () => checkHttpRoutePath('httpRoute.path', httpRoute!.path)),
    )),
    () => optional(view.egressCidrs, () => checkArray('networkPolicy.allowEgressTo', view.egressCidrs, checkCidr)),
  );
}

/** The env of an init step (InitStep.run options), same rules as the service's. */
export function checkStepProps(prop: string, options: Props, isDeclaredNotSecret: (value: EnvValue) => boolean): Check {
  return firstOf(
    () => checkRecord(prop, options),
    () => checkArgv(`${prop}.command`, options.command),
    () => checkEnvMap(`${prop}.env`, options.env, isDeclaredNotSecret),
    () => optional(options.inheritEnv, () => checkBoolean(`${prop}.inheritEnv`, options.inheritEnv)),
  );
}

/** LoadTestProps: runtime types and YAML-safe strings (the locustfile is ConfigMap data: NUL allowed). */
export function checkLoadTestProps(props: Props): Check {
  return firstOf(
    () => checkString('locustfile', props.locustfile),
    () => optional(props.image, () => checkString('image', props.image, { nonEmpty: true })),
    () => optional(props.users, () => checkNumber('users', props.users, { integer: true })),
    () => optional(props.spawnRate, () => checkNumber('spawnRate', props.spawnRate, { integer: true })),
    () => scanProps('', { ...props, target: undefined }),
  );
}

/**
 * Two constructs in one chart writing objects of the same name and namespace: cdk8s writes both
 * and `kubectl apply` keeps the last. `others` are the paths and identities already in the chart.
 */
export function checkUniqueName(
  what: string, path: string, name: string, namespace: string | undefined,
  others: ReadonlyArray<{ path: string; name: string; namespace: string | undefined }>,
): Check {
  const twin = others.find((other) => other.path !== path && other.name === name && other.namespace === namespace);
  if (twin === undefined) return undefined;
  return `name must be unique among the ${what}s of a chart (their objects would overwrite each other), got '${name}',`
    + ` already used by ${twin.path}`;
}
