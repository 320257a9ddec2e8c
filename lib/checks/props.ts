/**
 * The issue-11 checks applied to the props of FastApiService and LoadTest: runtime types (plain-JS
 * and JSON callers), YAML-safe strings and keys everywhere, secrets by value, apiserver/CRD rules
 * the older validators miss, and conflicts. Each function returns the first message, or undefined;
 * the constructs throw it with their construct path (`ensure`).
 */
import { ApiObject, Chart } from 'cdk8s';
import { EnvValue } from 'cdk8s-plus-28';
import { checkHttpRouteHostname, checkHttpRoutePath } from './gateway';
import {
  Workload, checkAnnotations, checkConfigMapKey, checkEnvVarName, checkLabels, checkNamespace, checkUserLabelKey,
} from './names';
import { checkCidr, checkIngressHost } from './network';
import {
  checkArray, checkBoolean, checkNumber, checkRecord, checkRecordKey, checkString, checkStringArray,
  checkStringRecord, isPlainObject, ownEntries, ownValue, typeOf,
} from './runtime-types';
import { checkNoSecretValue } from './secret-values';
import { checkYamlKey, checkYamlString } from './yaml-safe';

type Check = string | undefined;
type Props = Record<string, unknown>;

/** Props whose entries are user keys (`labels['team']`), not fields (`ingress.host`). */
const RECORD_PROPS = new Set(['labels', 'annotations', 'env', 'data', 'podAnnotations', 'nodeSelector', 'items']);
/** Strings written to ConfigMap data or annotations, where NUL round-trips and nothing execs it. */
const NUL_ALLOWED = /(^|\.)(annotations|podAnnotations|locustfile)(\[|$)/;

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
    () => checkPodExtrasTypes(props),
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

// ---- issue 14: the pod extras (placement, pod and Service annotations, volumes, sidecars) -------

/** Reads a field of an option class instance (Toleration, Volume, Sidecar) without trusting its type. */
const field = (value: unknown, key: string): unknown =>
  (value !== null && typeof value === 'object' ? ownValue(value, key) : undefined);

/**
 * Runtime types of the issue-14 props shared by FastApiService and FastApiWorker, with the
 * fields of their option classes named (`placement.tolerations[0].key`), before scanProps.
 */
export function checkPodExtrasTypes(props: Props): Check {
  const placement = props.placement as Props | undefined;
  const service = props.service as Props | undefined;
  const envValues = (prop: string, env: unknown) => optional(env, () => checkRecord(prop, env, (itemProp, value) =>
    (value instanceof EnvValue ? undefined : `${itemProp} must be an EnvValue (EnvValue.fromValue, or`
      + ` ServiceEnv.fromSecret, fromConfigMap or fromField), got ${typeOf(value)}`)));
  return firstOf(
    () => optional(props.podAnnotations, () => checkStringRecord('podAnnotations', props.podAnnotations)),
    () => optional(service, () => checkRecord('service', service)),
    () => optional(service?.annotations, () => checkStringRecord('service.annotations', service!.annotations)),
    () => optional(placement, () => checkRecord('placement', placement)),
    () => optional(placement?.nodeSelector,
      () => checkStringRecord('placement.nodeSelector', placement!.nodeSelector)),
    () => optional(placement?.priorityClassName,
      () => checkString('placement.priorityClassName', placement!.priorityClassName)),
    () => optional(placement?.tolerations, () => checkArray('placement.tolerations', placement!.tolerations,
      (prop, toleration) => firstOf(
        // the type and YAML safety here; placement.ts checks the key as a qualified name (K core
        // validateTolerations: IsQualifiedName) and an Equal toleration's value as a label value
        () => optional(field(toleration, '_key'), () => checkString(`${prop}.key`, field(toleration, '_key'))
          ?? checkYamlString(`${prop}.key`, field(toleration, '_key') as string)),
        () => optional(field(toleration, '_value'), () => checkString(`${prop}.value`, field(toleration, '_value'))
          ?? checkYamlString(`${prop}.value`, field(toleration, '_value') as string)),
      ))),
    () => optional(placement?.affinity, () => checkAffinity('placement.affinity', placement!.affinity)),
    () => optional(props.volumes, () => checkArray('volumes', props.volumes, (prop, volume) => {
      const options = field(volume, '_options');
      return firstOf(
        () => optional(field(options, 'items'), () => checkStringRecord(`${prop}.items`, field(options, 'items'))),
        () => checkOptionalBoolean(`${prop}.optional`, field(options, 'optional')),
        () => optional(field(options, 'mode'), () => checkNumber(`${prop}.mode`, field(options, 'mode'))),
      );
    })),
    () => optional(props.sidecars, () => checkArray('sidecars', props.sidecars, (prop, sidecar) => {
      const options = field(sidecar, '_options');
      return firstOf(
        () => optional(field(options, 'command'),
          () => checkStringArray(`${prop}.command`, field(options, 'command'))),
        () => optional(field(options, 'args'), () => checkStringArray(`${prop}.args`, field(options, 'args'))),
        () => envValues(`${prop}.env`, field(options, 'env')),
        () => optional(field(options, 'volumeMounts'),
          () => checkStringArray(`${prop}.volumeMounts`, field(options, 'volumeMounts'))),
      );
    })),
  );
}

export interface PodExtrasView {
  readonly props: Props;
  /** The first container's name ('app' or 'worker'): the default-container annotation's value, a taken name. */
  readonly mainContainer: string;
  /** Names of init containers (they share the pod's container name space). */
  readonly initContainers: readonly string[];
  /** The main container's port, which a sidecar cannot also listen on (one network namespace per pod). */
  readonly mainPort?: number;
  readonly isDeclaredNotSecret: (value: EnvValue) => boolean;
}

/** Apiserver rules, secrets by value and conflicts of the pod extras, after their own validators. */
export function checkPodExtrasRules(view: PodExtrasView): Check {
  const { props } = view;
  const placement = props.placement as Props | undefined;
  const service = props.service as Props | undefined;
  const sidecars = Array.isArray(props.sidecars) ? props.sidecars : [];
  const volumes = Array.isArray(props.volumes) ? props.volumes : [];
  return firstOf(
    // the 256 KiB are per object: the pod template also carries kubectl's default-container annotation
    () => checkAnnotations('podAnnotations', {
      ...(props.podAnnotations as object ?? {}), 'kubectl.kubernetes.io/default-container': view.mainContainer,
    }),
    () => optional(service?.annotations, () => checkAnnotations('service.annotations', service!.annotations)),
    () => optional(placement?.nodeSelector, () => checkLabels('placement.nodeSelector', placement!.nodeSelector)),
    ...volumes.map((volume, i) => () => {
      const items = field(field(volume, '_options'), 'items');
      if (!isPlainObject(items)) return undefined;
      return firstOf(...ownEntries(items).map(([key, path]) => () => firstOf(
        // K core validateKeyToPath: the key names a Secret or ConfigMap key (A IsConfigMapKey), the path
        // is ValidateLocalNonReservedPath: relative, no '..' element, and not starting with '..'
        // (the kubelet's atomic writer keeps its '..data' links there)
        () => checkConfigMapKey(`volumes[${i}].items key`, key),
        () => (typeof path === 'string' && path.startsWith('..')
          ? `volumes[${i}].items['${key}'] must be a relative file path not starting with '..' (the kubelet`
            + ` keeps its own '..data' files there), got '${path}'` : undefined),
      )));
    }),
    ...sidecars.map((sidecar, i) => () => {
      const options = field(sidecar, '_options');
      const name = field(options, 'name');
      const port = field(field(options, 'health'), 'port');
      return firstOf(
        () => checkArgv(`sidecars[${i}].command`, field(options, 'command')),
        () => checkArgv(`sidecars[${i}].args`, field(options, 'args')),
        () => checkEnvMap(`sidecars[${i}].env`, field(options, 'env'), view.isDeclaredNotSecret),
        // K core validateContainers/validateInitContainers: names are unique across all containers of a pod
        () => (name === view.mainContainer || view.initContainers.includes(name as string)
          ? `sidecars[${i}].name must be unique among the pod's containers (${name === view.mainContainer
            ? 'the main container is' : 'an init container is'} named so), got '${name as string}'` : undefined),
        () => (port !== undefined && port === view.mainPort
          ? `sidecars[${i}].health.port must differ from the ${view.mainContainer} container's port (the containers`
            + ` of a pod share one network namespace), got ${port as number}` : undefined),
      );
    }),
  );
}

/** 'must not be empty' for an affinity term that holds nothing, with the Python hint (jsii drops the keys). */
function emptyTerm(prop: string, what: string): string {
  return `${prop} must not be empty: ${what}; an empty term is what arrives when a Python dict inside`
    + ' k8s.Affinity uses snake_case keys (jsii drops them silently): use the k8s classes'
    + ' (k8s.NodeSelectorTerm(match_expressions=[...]), ...) or camelCase keys inside k8s.* structs';
}

const hasItems = (value: unknown) => Array.isArray(value) && value.length > 0;
const nonEmptyObject = (value: unknown) => value !== null && typeof value === 'object' && ownEntries(value).length > 0;

function checkNodeSelectorTerm(prop: string, term: unknown): Check {
  if (hasItems(field(term, 'matchExpressions')) || hasItems(field(term, 'matchFields'))) return undefined;
  return emptyTerm(prop, 'a NodeSelectorTerm needs matchExpressions or matchFields (an empty one matches no node)');
}

function checkPodAffinityTerm(prop: string, term: unknown): Check {
  if (!nonEmptyObject(term)) return emptyTerm(prop, 'a PodAffinityTerm needs a labelSelector and a topologyKey');
  // K core validatePodAffinityTerm: topologyKey "can not be empty"; a missing labelSelector selects no pod
  if (typeof field(term, 'topologyKey') !== 'string' || field(term, 'topologyKey') === '') {
    return emptyTerm(`${prop}.topologyKey`, 'a PodAffinityTerm needs a topologyKey');
  }
  if (!nonEmptyObject(field(term, 'labelSelector'))) {
    return emptyTerm(`${prop}.labelSelector`, 'a PodAffinityTerm without a labelSelector selects no pod');
  }
  return undefined;
}

/**
 * `placement.affinity` (cdk8s-plus-28's k8s.Affinity): no empty term. An empty NodeSelectorTerm or
 * PodAffinityTerm matches nothing, an empty preference everything; neither is what anyone writes,
 * and both are what a Python caller gets from a snake_case dict inside the term lists.
 */
export function checkAffinity(prop: string, affinity: unknown): Check {
  const bad = checkRecord(prop, affinity);
  if (bad) return bad;
  const node = field(affinity, 'nodeAffinity');
  const required = field(node, 'requiredDuringSchedulingIgnoredDuringExecution');
  const nodeProp = `${prop}.nodeAffinity`;
  const checks: Array<() => Check> = [];
  if (required !== undefined) {
    const terms = field(required, 'nodeSelectorTerms');
    const termsProp = `${nodeProp}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`;
    checks.push(() => (hasItems(terms) ? checkArray(termsProp, terms, checkNodeSelectorTerm)
      : emptyTerm(termsProp, 'a required node affinity needs at least one NodeSelectorTerm')));
  }
  const preferred = field(node, 'preferredDuringSchedulingIgnoredDuringExecution');
  if (preferred !== undefined) {
    checks.push(() => checkArray(`${nodeProp}.preferredDuringSchedulingIgnoredDuringExecution`, preferred,
      (termProp, term) => (nonEmptyObject(field(term, 'preference'))
        ? checkNodeSelectorTerm(`${termProp}.preference`, field(term, 'preference'))
        : emptyTerm(`${termProp}.preference`, 'an empty preference matches every node'))));
  }
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const pods = field(affinity, kind);
    const podProp = `${prop}.${kind}`;
    const requiredTerms = field(pods, 'requiredDuringSchedulingIgnoredDuringExecution');
    if (requiredTerms !== undefined) {
      checks.push(() => checkArray(`${podProp}.requiredDuringSchedulingIgnoredDuringExecution`, requiredTerms,
        checkPodAffinityTerm));
    }
    const preferredTerms = field(pods, 'preferredDuringSchedulingIgnoredDuringExecution');
    if (preferredTerms !== undefined) {
      checks.push(() => checkArray(`${podProp}.preferredDuringSchedulingIgnoredDuringExecution`, preferredTerms,
        (termProp, term) => checkPodAffinityTerm(`${termProp}.podAffinityTerm`, field(term, 'podAffinityTerm'))));
    }
  }
  return firstOf(...checks);
}

// ---- FastApiWorker ------------------------------------------------------------------------------

/** FastApiWorkerProps: runtime types and YAML-safe strings (the same checks as the service's). */
export function checkWorkerTypes(props: Props): Check {
  const liveness = props.liveness;
  const string = (name: string) => () => optional(props[name], () => checkString(name, props[name]));
  return firstOf(
    () => optional(props.command, () => checkStringArray('command', props.command)),
    string('name'), string('namespace'),
    () => optional(props.image, () => checkString('image', props.image, { nonEmpty: true })),
    () => optional(props.env, () => checkRecord('env', props.env, (itemProp, value) =>
      (value instanceof EnvValue ? undefined : `${itemProp} must be an EnvValue (EnvValue.fromValue, or`
        + ` ServiceEnv.fromSecret, fromConfigMap or fromField), got ${typeOf(value)}`))),
    () => optional(props.envFrom, () => checkArray('envFrom', props.envFrom)),
    () => optional(field(liveness, '_command'),
      () => checkStringArray('liveness command', field(liveness, '_command'))),
    // the reason is written as the value of the waiver annotation (NUL round-trips there)
    () => optional(field(liveness, '_reason'), () => checkString('liveness reason', field(liveness, '_reason'))),
    // `service` is the FastApiService the worker shares, not the service options
    () => checkPodExtrasTypes({ ...props, service: undefined }),
    () => scanProps('', { ...props, liveness: undefined, service: undefined }),
    () => optional(field(liveness, '_command'), () => scanProps('liveness command', field(liveness, '_command'))),
    () => optional(field(liveness, '_reason'), () => checkYamlString('liveness reason', field(liveness, '_reason') as
      string, { allowNul: true })),
    () => optional(field(liveness, '_timing'), () => scanProps('liveness timing', field(liveness, '_timing'))),
  );
}

/** The worker's apiserver rules and secrets by value, after its own validators. */
export function checkWorkerRules(props: Props, isDeclaredNotSecret: (value: EnvValue) => boolean): Check {
  return firstOf(
    () => optional(props.namespace, () => checkNamespace('namespace', props.namespace)),
    () => checkArgv('command', props.command),
    () => checkArgv('liveness command', field(props.liveness, '_command')),
    () => checkEnvMap('env', props.env, isDeclaredNotSecret),
    () => checkNoSecretValue('liveness reason', field(props.liveness, '_reason')),
  );
}

/** An object a construct is about to create: its kind and name. */
export interface PlannedObject { readonly kind: string; readonly name: string }

/** An object already in the chart, as `ApiObject` exposes it. */
export interface ChartObject {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
  /** The construct that created it (the scope of the ApiObject). */
  readonly owner: string;
}

/**
 * Objects of the same kind, name and namespace as one already in the chart (from another
 * FastApiService or FastApiWorker, or anything else): cdk8s writes both and `kubectl apply` keeps the last.
 */
export function checkNoObjectClash(
  path: string, namespace: string | undefined, planned: readonly PlannedObject[], existing: readonly ChartObject[],
): Check {
  for (const object of planned) {
    const twin = existing.find((other) => other.owner !== path && other.kind === object.kind
      && other.name === object.name && other.namespace === namespace);
    if (twin) {
      return `name must not give objects the names of objects already in the chart (kubectl apply would keep only the`
        + ` last), got ${object.kind} '${object.name}', already defined by ${twin.owner}`;
    }
  }
  return undefined;
}

/** The ApiObjects of a chart, for checkNoObjectClash (namespace: the object's, else the chart's). */
export function chartObjects(chart: Chart): ChartObject[] {
  return chart.node.findAll().filter((node): node is ApiObject => ApiObject.isApiObject(node)).map((object) => ({
    kind: object.kind, name: object.name, namespace: object.metadata.namespace ?? chart.namespace,
    owner: object.node.scope?.node.path ?? '',
  }));
}
