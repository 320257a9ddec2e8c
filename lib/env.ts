import { k8s } from 'cdk8s-plus-28';
import { dns1123Subdomain, envName, reject } from './_validate';

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
  /** A literal value. Do not put credentials here: use `EnvValue.fromSecret`. */
  public static fromValue(value: string): EnvValue {
    if (typeof value !== 'string') reject('EnvValue.fromValue(value)', value, 'a string');
    return new EnvValue({ value });
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

  private constructor(private readonly spec: Omit<k8s.EnvVar, 'name'>) {}

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
  public static secret(secretName: string, options: EnvSourceOptions = {}): EnvSource {
    dns1123Subdomain('EnvSource.secret(secretName)', secretName);
    EnvSource.checkPrefix('EnvSource.secret(options.prefix)', options.prefix);
    return new EnvSource({ prefix: options.prefix, secretRef: { name: secretName, optional: options.optional } });
  }

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
