import { EnvFieldPaths, EnvValue, k8s } from 'cdk8s-plus-28';
import { ensure, reject } from './errors';
import { checkEnvVarName } from './checks/names';
import { Check, checkOptionalBoolean } from './checks/props-common';
import { checkRecord, typeOf } from './checks/runtime-types';
import { checkNoSecretValue, declareNotSecret, isDeclaredNotSecret } from './checks/secret-values';
import { dns1123Subdomain, envName } from './_validate';

/**
 * Environment variables. Values are cdk8s-plus-28's `EnvValue`, so users meet one `EnvValue` in
 * the whole cdk8s ecosystem. `ServiceEnv` adds what the construct needs on top: secret and config
 * references by name (cdk8s-plus-28 wants an `ISecret` construct, which needs a scope), validated
 * names, and the credential check, which rejects a literal value for a variable whose name looks
 * like a credential (literal values land in dist/ and git). The check never echoes the value.
 */

const CREDENTIAL_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL/i;
const DOWNWARD_FIELD = new RegExp('^(metadata\\.(name|namespace|uid|labels\\[\'[^\']+\'\\]|annotations\\[\'[^\']+\'\\])'
  + '|spec\\.(nodeName|serviceAccountName)|status\\.(hostIP|hostIPs|podIP|podIPs))$');
const DATA_KEY = /^[-._a-zA-Z0-9]+$/;
const MAX_DATA_KEY_LENGTH = 253;

/** Options for a value read from a Secret or a ConfigMap key. */
export interface KeyRefOptions {
  /**
   * Start the pod even when the key is missing.
   * @default - left out, so Kubernetes requires the key: a missing key keeps the pod from starting,
   * which surfaces the mistake early
   */
  readonly optional?: boolean;
}

/** Builds cdk8s-plus-28 `EnvValue`s from names, with the checks this library adds. */
export class ServiceEnv {
  /** A key of a Secret in the same namespace, resolved by the kubelet at pod start. */
  public static fromSecret(secretName: string, key: string, options: KeyRefOptions = {}): EnvValue {
    dns1123Subdomain('ServiceEnv.fromSecret(secretName)', secretName);
    ensure(checkOptionalBoolean('ServiceEnv.fromSecret(options.optional)', options.optional));
    checkDataKey('ServiceEnv.fromSecret(key)', key);
    // cdk8s-plus-28 reads only the secret's name; an ISecret construct would need a scope.
    return EnvValue.fromSecretValue({ secret: { name: secretName } as any, key }, { optional: options.optional });
  }

  /** A key of a ConfigMap in the same namespace. */
  public static fromConfigMap(configMapName: string, key: string, options: KeyRefOptions = {}): EnvValue {
    dns1123Subdomain('ServiceEnv.fromConfigMap(configMapName)', configMapName);
    ensure(checkOptionalBoolean('ServiceEnv.fromConfigMap(options.optional)', options.optional));
    checkDataKey('ServiceEnv.fromConfigMap(key)', key);
    return EnvValue.fromConfigMap({ name: configMapName } as any, key, { optional: options.optional });
  }

  /** A field of the pod itself, such as `metadata.name` or `status.podIP` (the downward API). */
  public static fromField(fieldPath: string): EnvValue {
    if (typeof fieldPath !== 'string' || !DOWNWARD_FIELD.test(fieldPath)) {
      reject('ServiceEnv.fromField(fieldPath)', fieldPath,
        'a downward API field such as \'metadata.name\', \'metadata.namespace\', \'spec.nodeName\' '
        + 'or \'status.podIP\'');
    }
    // A whole path such as metadata.labels['x'] passes through verbatim (no key option needed).
    return EnvValue.fromFieldRef(fieldPath as EnvFieldPaths);
  }

  /**
   * A literal value for a variable whose name looks like a credential but is not one (e.g.
   * TOKEN_URL). Any other literal: `EnvValue.fromValue(value)` from cdk8s-plus-28.
   */
  public static notSecret(value: string): EnvValue {
    if (typeof value !== 'string') reject('ServiceEnv.notSecret(value)', typeof value, 'a string');
    const literal = EnvValue.fromValue(value);
    // kept by lib/checks/secret-values, so the generic props scan (which env.ts builds on) sees it too
    declareNotSecret(literal);
    return literal;
  }

  private constructor() {}
}

function checkDataKey(prop: string, key: string): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_DATA_KEY_LENGTH || !DATA_KEY.test(key)) {
    reject(prop, key, `a data key of at most ${MAX_DATA_KEY_LENGTH} alphanumerics, '-', '_' or '.'`);
  }
}

/** Options for importing every key of a Secret or ConfigMap as environment variables. */
export interface EnvSourceOptions {
  /**
   * A prefix for every imported variable name.
   * @default - no prefix
   */
  readonly prefix?: string;
  /**
   * Start the pod even when the source is missing.
   * @default - left out, so Kubernetes requires the source: a missing one keeps the pod from starting
   */
  readonly optional?: boolean;
}

/**
 * Every key of a Secret or a ConfigMap, imported as environment variables by reference. Kept
 * beside cdk8s-plus-28's `Env.fromSecret`: that one has no `optional` and needs an `ISecret`.
 */
export class EnvSource {
  /** Every key of a Secret, by reference. */
  public static secret(secretName: string, options: EnvSourceOptions = {}): EnvSource {
    dns1123Subdomain('EnvSource.secret(secretName)', secretName);
    ensure(checkOptionalBoolean('EnvSource.secret(options.optional)', options.optional));
    EnvSource.checkPrefix('EnvSource.secret(options.prefix)', options.prefix);
    return new EnvSource({ prefix: options.prefix, secretRef: { name: secretName, optional: options.optional } });
  }

  /** Every key of a ConfigMap, by reference. */
  public static configMap(configMapName: string, options: EnvSourceOptions = {}): EnvSource {
    dns1123Subdomain('EnvSource.configMap(configMapName)', configMapName);
    ensure(checkOptionalBoolean('EnvSource.configMap(options.optional)', options.optional));
    EnvSource.checkPrefix('EnvSource.configMap(options.prefix)', options.prefix);
    return new EnvSource({ prefix: options.prefix, configMapRef: { name: configMapName, optional: options.optional } });
  }

  private static checkPrefix(prop: string, prefix: string | undefined): void {
    if (prefix !== undefined) envName(prop, prefix);
  }

  private constructor(private readonly spec: k8s.EnvFromSource) {}

  /** @internal */
  public _toEnvFrom(): k8s.EnvFromSource {
    return this.spec;
  }
}

/** The one message for an env value of the wrong type: only the type, a plain string may be the secret itself. */
export function checkEnvValueType(prop: string, value: unknown): Check {
  if (value instanceof EnvValue) return undefined;
  return `${prop} must be an EnvValue (EnvValue.fromValue, or ServiceEnv.fromSecret, fromConfigMap or fromField),`
    + ` got ${typeOf(value)}`;
}

/** An optional env map's runtime type: a plain object of EnvValues (the only check a plain-JS caller needs first). */
export function checkEnvTypes(prop: string, env: unknown): Check {
  return env === undefined ? undefined : checkRecord(prop, env, checkEnvValueType);
}

/**
 * The env map check, the one used for the service, the worker, the migration Job, the init steps
 * and the sidecars: a plain object of EnvValues, each name A IsEnvVarName (./checks/names), no
 * literal value that looks like a secret (lib/checks/secret-values) unless declared with
 * `ServiceEnv.notSecret`, and no literal value under a credential-like name. Never echoes a value.
 */
export function checkEnvMap(prop: string, env: unknown): Check {
  if (env === undefined) return undefined;
  return checkEnvTypes(prop, env)
    ?? firstEnvVarNameProblem(`${prop} key`, env as object)
    ?? firstCredentialNameProblem(prop, env as Record<string, EnvValue>)
    ?? checkRecord(prop, env, (itemProp, value) => checkEnvLiteral(itemProp, value as EnvValue));
}

/** Throws the env map check's message, if any. */
export function checkEnv(prop: string, env: Record<string, EnvValue> | undefined): void {
  ensure(checkEnvMap(prop, env));
}

function checkEnvLiteral(prop: string, value: EnvValue): Check {
  if (isDeclaredNotSecret(value)) return undefined;
  return checkNoSecretValue(prop, value.value);
}

function firstEnvVarNameProblem(prop: string, env: object): Check {
  for (const name of Object.keys(env)) {
    const bad = checkEnvVarName(prop, name);
    if (bad) return bad;
  }
  return undefined;
}

/** A literal under a name such as DB_PASSWORD: the name says it is a credential, whatever the value. */
function firstCredentialNameProblem(prop: string, env: Record<string, EnvValue>): Check {
  for (const [name, value] of Object.entries(env)) {
    if (value.value !== undefined && !isDeclaredNotSecret(value) && CREDENTIAL_NAME.test(name)) {
      return `${prop}['${name}'] must be a reference such as ServiceEnv.fromSecret(name, key), since the name looks`
        + ' like a credential and literal values land in dist/ and git (or ServiceEnv.notSecret(value)),'
        + " got '<literal value hidden>'";
    }
  }
  return undefined;
}

/** Merges extra variables over the service's, keeping the service's order (deterministic output). */
export function renderEnv(base: Record<string, EnvValue>, extra?: Record<string, EnvValue>): k8s.EnvVar[] {
  const merged = { ...base, ...(extra ?? {}) };
  return Object.keys(merged).map((name) => ({ name, value: merged[name].value, valueFrom: merged[name].valueFrom }));
}
