import { EnvFieldPaths, EnvValue, k8s } from 'cdk8s-plus-28';
import { ensure, reject } from './errors';
import { checkOptionalBoolean } from './checks/props-common';
import { typeOf } from './checks/runtime-types';
import { dns1123Subdomain, envName } from './_validate';

/**
 * Environment variables. Values are cdk8s-plus-28's `EnvValue`, so users meet one `EnvValue` in
 * the whole cdk8s ecosystem. `ServiceEnv` adds what the construct needs on top: secret and config
 * references by name (cdk8s-plus-28 wants an `ISecret` construct, which needs a scope), validated
 * names, and the credential check, which rejects a literal value for a variable whose name looks
 * like a credential (literal values land in dist/ and git). The check never echoes the value.
 */

const CREDENTIAL_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL/i;
// Literal values declared harmless by `ServiceEnv.notSecret`; a WeakSet keeps EnvValue untouched.
const NOT_SECRET = new WeakSet<EnvValue>();
const DOWNWARD_FIELD = new RegExp('^(metadata\\.(name|namespace|uid|labels\\[\'[^\']+\'\\]|annotations\\[\'[^\']+\'\\])'
  + '|spec\\.(nodeName|serviceAccountName)|status\\.(hostIP|hostIPs|podIP|podIPs))$');
const DATA_KEY = /^[-._a-zA-Z0-9]+$/;
const MAX_DATA_KEY_LENGTH = 253;

/** Options for a value read from a Secret or a ConfigMap key. */
export interface KeyRefOptions {
  /**
   * Start the pod even when the key is missing.
   * @default false - a missing key keeps the pod from starting, which surfaces the mistake early
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
    NOT_SECRET.add(literal);
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
   * @default false
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

/**
 * Validates an env map: names, `EnvValue` instances, and the credential check. Shared by the
 * service, its init steps and the migration Job.
 */
export function checkEnv(prop: string, env: Record<string, EnvValue> | undefined): void {
  if (env === undefined) return;
  if (typeof env !== 'object' || env === null || Array.isArray(env)) {
    reject(prop, env, 'a map of variable names to EnvValue');
  }
  for (const [name, value] of Object.entries(env)) {
    envName(`${prop} key`, name);
    if (!(value instanceof EnvValue)) {
      // the type only: a plain string here may be the secret itself
      reject(`${prop}['${name}']`, `<${typeOf(value)}>`, 'an EnvValue (cdk8s-plus-28 EnvValue.fromValue, '
        + 'or ServiceEnv.fromSecret, fromConfigMap or fromField)');
    }
    if (value.value !== undefined && !NOT_SECRET.has(value) && CREDENTIAL_NAME.test(name)) {
      // Never echo the value: it may be a real credential.
      reject(`${prop}['${name}']`, '<literal value hidden>', 'a reference such as ServiceEnv.fromSecret(name, key), '
        + 'since the name looks like a credential and literal values land in dist/ and git '
        + '(or ServiceEnv.notSecret(value))');
    }
  }
}

/** True for a literal marked with ServiceEnv.notSecret. */
export function isDeclaredNotSecret(value: EnvValue): boolean {
  return NOT_SECRET.has(value);
}

/** Merges extra variables over the service's, keeping the service's order (deterministic output). */
export function renderEnv(base: Record<string, EnvValue>, extra?: Record<string, EnvValue>): k8s.EnvVar[] {
  const merged = { ...base, ...(extra ?? {}) };
  return Object.keys(merged).map((name) => ({ name, value: merged[name].value, valueFrom: merged[name].valueFrom }));
}
