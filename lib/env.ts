import { k8s } from 'cdk8s-plus-28';
import { dns1123Subdomain, envName, reject } from './_validate';

const CREDENTIAL_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL/i;

/** Options for a literal value. */
export interface LiteralOptions {
  /**
   * Declare that a variable whose name looks like a credential (e.g. TOKEN_URL) holds no secret.
   * @default false
   */
  readonly notSecret?: boolean;
}

/** Options for a value read from a Secret or a ConfigMap key. */
export interface KeyRefOptions {
  /**
   * Start the pod even when the key is missing.
   * @default false - a missing key keeps the pod from starting, which surfaces the mistake early
   */
  readonly optional?: boolean;
}

/**
 * The value of one environment variable. Secrets are only ever referenced by name and key, so no
 * secret value can reach the synthesized YAML.
 */
export class EnvValue {
  /**
   * A literal value, written into the manifests (and so into git). Variables whose name looks like
   * a credential (PASSWORD, SECRET, TOKEN, API_KEY, PRIVATE_KEY, CREDENTIAL) are rejected unless
   * `notSecret` says otherwise: use `EnvValue.fromSecret` for those.
   */
  public static fromValue(value: string, options: LiteralOptions = {}): EnvValue {
    if (typeof value !== 'string') reject('EnvValue.fromValue(value)', typeof value, 'a string');
    return new EnvValue({ value }, options.notSecret === true);
  }

  /** A key of a Secret in the same namespace, resolved by the kubelet at pod start. */
  public static fromSecret(secretName: string, key: string, options: KeyRefOptions = {}): EnvValue {
    dns1123Subdomain('EnvValue.fromSecret(secretName)', secretName);
    EnvValue.checkKey('EnvValue.fromSecret(key)', key);
    return new EnvValue({ valueFrom: { secretKeyRef: { name: secretName, key, optional: options.optional } } });
  }

  /** A key of a ConfigMap in the same namespace. */
  public static fromConfigMap(configMapName: string, key: string, options: KeyRefOptions = {}): EnvValue {
    dns1123Subdomain('EnvValue.fromConfigMap(configMapName)', configMapName);
    EnvValue.checkKey('EnvValue.fromConfigMap(key)', key);
    return new EnvValue({ valueFrom: { configMapKeyRef: { name: configMapName, key, optional: options.optional } } });
  }

  /** A field of the pod itself, such as `metadata.name` or `status.podIP` (the downward API). */
  public static fromField(fieldPath: string): EnvValue {
    if (typeof fieldPath !== 'string' || !/^(metadata\.(name|namespace|uid|labels\['[^']+'\]|annotations\['[^']+'\])|spec\.(nodeName|serviceAccountName)|status\.(hostIP|hostIPs|podIP|podIPs))$/.test(fieldPath)) {
      reject('EnvValue.fromField(fieldPath)', fieldPath, 'a downward API field such as \'metadata.name\', \'metadata.namespace\', \'spec.nodeName\' or \'status.podIP\'');
    }
    return new EnvValue({ valueFrom: { fieldRef: { fieldPath } } });
  }

  private static checkKey(prop: string, key: string): void {
    if (typeof key !== 'string' || key.length === 0 || key.length > 253 || !/^[-._a-zA-Z0-9]+$/.test(key)) {
      reject(prop, key, 'a data key of at most 253 alphanumerics, \'-\', \'_\' or \'.\'');
    }
  }

  private constructor(private readonly spec: Omit<k8s.EnvVar, 'name'>, private readonly notSecret = false) {}

  /** @internal True for a literal value that might be a credential, judged by the variable's name. */
  public _literalLooksSecret(name: string): boolean {
    return this.spec.value !== undefined && !this.notSecret && CREDENTIAL_NAME.test(name);
  }

  /** @internal */
  public _toEnvVar(name: string): k8s.EnvVar {
    return { name, ...this.spec };
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

/** Every key of a Secret or a ConfigMap, imported as environment variables by reference. */
export class EnvSource {
  /** Every key of a Secret, by reference. */
  public static secret(secretName: string, options: EnvSourceOptions = {}): EnvSource {
    dns1123Subdomain('EnvSource.secret(secretName)', secretName);
    EnvSource.checkPrefix('EnvSource.secret(options.prefix)', options.prefix);
    return new EnvSource({ prefix: options.prefix, secretRef: { name: secretName, optional: options.optional } });
  }

  /** Every key of a ConfigMap, by reference. */
  public static configMap(configMapName: string, options: EnvSourceOptions = {}): EnvSource {
    dns1123Subdomain('EnvSource.configMap(configMapName)', configMapName);
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
