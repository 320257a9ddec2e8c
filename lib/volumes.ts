import { Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { reject } from './errors';
import { checkConfigMapKey } from './checks/names';
import { Check, checkOptionalBoolean, field, firstOf, optional } from './checks/props-common';
import { KIBI, quantityIn } from './checks/quantity';
import {
  checkArray, checkNumber, checkStringRecord, isPlainObject, normalizeNumbers, ownEntries,
} from './checks/runtime-types';
import { KeysOf, Range, dns1123Label, dns1123Subdomain, instanceOf, integerIn, knownKeys, unique } from './_validate';

/**
 * Volumes mounted into the app container (and into sidecars that name them): Secrets and
 * ConfigMaps as files, extra emptyDirs, PersistentVolumeClaims. Secrets are referenced by name,
 * never copied into the manifests. The root filesystem stays read-only and /tmp stays the
 * construct's own emptyDir.
 */

/** Where and how a volume is mounted. */
export interface VolumeMountOptions {
  /** The volume's name in the pod: a DNS-1123 label, unique, not 'tmp'. */
  readonly name: string;
  /** Absolute path of the mount, without '..' or ':', not /tmp or below it. */
  readonly mountPath: string;
}

/** Options shared by Secret and ConfigMap volumes. */
export interface KeyFilesOptions extends VolumeMountOptions {
  /**
   * Only these keys, each to a relative file path: `{ 'tls.crt': 'cert.pem' }`.
   * @default - every key, as a file named after it
   */
  readonly items?: Record<string, string>;
  /**
   * File mode, written in octal in code: `0o440` (TypeScript), `0o440` (Python). YAML stores it as
   * the decimal number (288), which is what the kubelet reads. Between 0 and 0o777.
   * @default DEFAULT_FILE_MODE (292) - 0o444: readable by the app's user and group, written by none
   */
  readonly mode?: number;
  /**
   * Start the pod even if the Secret or ConfigMap (or a listed key) does not exist.
   * @default - left out, so Kubernetes requires the source: a missing one keeps the pod from starting,
   * rather than the app failing later
   */
  readonly optional?: boolean;
}

/** Options of `Volume.fromSecret`. */
export interface SecretVolumeOptions extends KeyFilesOptions {
  /** The Secret's name (referenced, never read or copied). */
  readonly secretName: string;
}

/** Options of `Volume.fromConfigMap`. */
export interface ConfigMapVolumeOptions extends KeyFilesOptions {
  /** The ConfigMap's name. */
  readonly configMapName: string;
}

/** Options of `Volume.emptyDir`. */
export interface EmptyDirVolumeOptions extends VolumeMountOptions {
  /**
   * Size limit; the kubelet evicts the pod beyond it. Counts against the ephemeral-storage limit.
   * @default DEFAULT_EMPTY_DIR_SIZE (64Mi)
   */
  readonly sizeLimit?: Size;
}

/** Options of `Volume.fromClaim`. */
export interface ClaimVolumeOptions extends VolumeMountOptions {
  /** The PersistentVolumeClaim's name. */
  readonly claimName: string;
  /**
   * Mount read-only.
   * @default DEFAULT_CLAIM_READ_ONLY (true) - writes need to be asked for
   */
  readonly readOnly?: boolean;
}

export const DEFAULT_FILE_MODE = 0o444;
export const DEFAULT_EMPTY_DIR_SIZE = Size.mebibytes(64);
export const DEFAULT_CLAIM_READ_ONLY = true;

const MODE: Range = { min: 0, max: 0o777 };
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const RESERVED_NAMES = ['tmp'];

type Kind = 'secret' | 'configMap' | 'emptyDir' | 'claim';

/**
 * A volume of the pod: `Volume.fromSecret({...})`, `Volume.fromConfigMap({...})`,
 * `Volume.emptyDir({...})` or `Volume.fromClaim({...})`. Secrets, ConfigMaps and claims are
 * mounted read-only; an emptyDir is writable scratch space.
 */
export class Volume {
  // normalizeNumbers in every factory: `mode: -0` (JSON.parse('-0')) is written 0, as kubectl reads it,
  // not `-0` (issue 11)

  /** A Secret's keys as files. */
  public static fromSecret(options: SecretVolumeOptions): Volume {
    return new Volume('secret', normalizeNumbers(options));
  }

  /** A ConfigMap's keys as files. */
  public static fromConfigMap(options: ConfigMapVolumeOptions): Volume {
    return new Volume('configMap', normalizeNumbers(options));
  }

  /** A writable emptyDir with a size limit. */
  public static emptyDir(options: EmptyDirVolumeOptions): Volume {
    return new Volume('emptyDir', normalizeNumbers(options));
  }

  /** A PersistentVolumeClaim, read-only unless `readOnly: false`. */
  public static fromClaim(options: ClaimVolumeOptions): Volume {
    return new Volume('claim', normalizeNumbers(options));
  }

  private constructor(
    /** @internal */ public readonly _kind: Kind,
    /** @internal */ public readonly _options: VolumeMountOptions,
  ) {}
}

const MOUNT_KEYS = { name: true, mountPath: true } as const;
const FILES_KEYS = { ...MOUNT_KEYS, items: true, mode: true, optional: true } as const;
const KEYS: Record<Kind, Record<string, true>> = {
  secret: { ...FILES_KEYS, secretName: true } satisfies KeysOf<SecretVolumeOptions>,
  configMap: { ...FILES_KEYS, configMapName: true } satisfies KeysOf<ConfigMapVolumeOptions>,
  emptyDir: { ...MOUNT_KEYS, sizeLimit: true } satisfies KeysOf<EmptyDirVolumeOptions>,
  claim: { ...MOUNT_KEYS, claimName: true, readOnly: true } satisfies KeysOf<ClaimVolumeOptions>,
};

/** The volumes and their mounts, validated. */
export interface ResolvedVolumes {
  readonly volumes: k8s.Volume[];
  readonly mounts: k8s.VolumeMount[];
}

/** An absolute path without '..' segments or ':', outside /tmp. */
export function mountPath(prop: string, value: string): void {
  if (typeof value !== 'string' || !value.startsWith('/') || value.includes(':')
    || value.split('/').includes('..') || /\s/.test(value)) {
    reject(prop, value, 'an absolute path without \'..\', \':\' or spaces');
  }
  const normal = value.replace(/\/+$/, '') || '/';
  if (normal === '/' || normal === '/tmp' || normal.startsWith('/tmp/')) {
    reject(prop, value, 'a path other than / and outside /tmp (the construct\'s writable emptyDir)');
  }
}

function keyFiles(prop: string, options: KeyFilesOptions) {
  integerIn(`${prop}.mode`, options.mode, MODE);
  const items = Object.entries(options.items ?? {}).map(([key, path]) => {
    if (!CONFIG_KEY.test(key)) {
      reject(`${prop}.items key`, key, 'a Secret or ConfigMap key (letters, digits, \'-\', \'_\', \'.\')');
    }
    if (typeof path !== 'string' || path === '' || path.startsWith('/') || path.split('/').includes('..')) {
      reject(`${prop}.items['${key}']`, path, 'a relative file path without \'..\'');
    }
    return { key, path };
  });
  return {
    items: items.length ? items : undefined,
    defaultMode: options.mode ?? DEFAULT_FILE_MODE,
    optional: options.optional,
  };
}

function resolveVolume(prop: string, given: Volume): { volume: k8s.Volume; mount: k8s.VolumeMount } {
  const volume = instanceOf(prop, given, Volume,
    'a Volume (Volume.fromSecret, Volume.fromConfigMap, Volume.emptyDir or Volume.fromClaim)');
  const options = volume._options as any;
  knownKeys(prop, options, KEYS[volume._kind] as KeysOf<any>);
  dns1123Label(`${prop}.name`, options.name);
  if (options.name === undefined) reject(`${prop}.name`, undefined, 'a DNS-1123 label');
  if (RESERVED_NAMES.includes(options.name)) {
    reject(`${prop}.name`, options.name, 'not \'tmp\' (the construct\'s /tmp)');
  }
  mountPath(`${prop}.mountPath`, options.mountPath);
  const mount = (readOnly: boolean) => ({ name: options.name, mountPath: options.mountPath, readOnly });
  switch (volume._kind) {
    case 'secret': {
      dns1123Subdomain(`${prop}.secretName`, options.secretName);
      if (options.secretName === undefined) reject(`${prop}.secretName`, undefined, 'a Secret name');
      const files = keyFiles(prop, options);
      const secret = { secretName: options.secretName, ...files };
      return { volume: { name: options.name, secret }, mount: mount(true) };
    }
    case 'configMap': {
      dns1123Subdomain(`${prop}.configMapName`, options.configMapName);
      if (options.configMapName === undefined) reject(`${prop}.configMapName`, undefined, 'a ConfigMap name');
      const files = keyFiles(prop, options);
      const configMap = { name: options.configMapName, ...files };
      return { volume: { name: options.name, configMap }, mount: mount(true) };
    }
    case 'emptyDir': {
      const size: Size = options.sizeLimit ?? DEFAULT_EMPTY_DIR_SIZE;
      let kib = NaN;
      try { kib = quantityIn(size.asString(), KIBI); } catch { /* reported below */ }
      if (!Number.isFinite(kib) || kib <= 0) {
        reject(`${prop}.sizeLimit`, String(size?.asString?.() ?? size), 'a positive Size');
      }
      return {
        volume: { name: options.name, emptyDir: { sizeLimit: k8s.Quantity.fromString(size.asString()) } },
        mount: mount(false),
      };
    }
    case 'claim': {
      dns1123Subdomain(`${prop}.claimName`, options.claimName);
      if (options.claimName === undefined) reject(`${prop}.claimName`, undefined, 'a PersistentVolumeClaim name');
      if (options.readOnly !== undefined && typeof options.readOnly !== 'boolean') {
        reject(`${prop}.readOnly`, options.readOnly, 'true or false');
      }
      const readOnly = options.readOnly ?? DEFAULT_CLAIM_READ_ONLY;
      return {
        volume: { name: options.name, persistentVolumeClaim: { claimName: options.claimName, readOnly } },
        mount: mount(readOnly),
      };
    }
  }
}

export function resolveVolumes(given: Volume[] | undefined): ResolvedVolumes {
  if (given === undefined) return { volumes: [], mounts: [] };
  if (!Array.isArray(given)) reject('volumes', given, 'a list of Volumes');
  const resolved = given.map((volume, i) => resolveVolume(`volumes[${i}]`, volume));
  unique('volumes name', resolved.map((entry) => entry.volume.name));
  unique('volumes mountPath', resolved.map((entry) => entry.mount.mountPath.replace(/\/+$/, '')));
  return { volumes: resolved.map((entry) => entry.volume), mounts: resolved.map((entry) => entry.mount) };
}

/** Runtime types of the volumes' options (plain-JS callers), before the walk over every string. */
export function checkVolumeTypes(volumes: unknown): Check {
  return optional(volumes, () => checkArray('volumes', volumes, (prop, volume) => {
    const options = field(volume, '_options');
    return firstOf(
      () => optional(field(options, 'items'), () => checkStringRecord(`${prop}.items`, field(options, 'items'))),
      () => checkOptionalBoolean(`${prop}.optional`, field(options, 'optional')),
      () => optional(field(options, 'mode'), () => checkNumber(`${prop}.mode`, field(options, 'mode'))),
    );
  }));
}

/** The apiserver's rules for `items`, after the volumes' own validation. */
export function checkVolumeRules(volumes: unknown): Check {
  const given = Array.isArray(volumes) ? volumes : [];
  return firstOf(...given.map((volume, i) => () => {
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
  }));
}
