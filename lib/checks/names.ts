/**
 * Names, keys, labels and annotations as the Kubernetes v1.28 apiserver validates them. Every
 * function returns `<prop> must ...` when the value would be refused (or silently changed),
 * undefined when it is fine. Each rule names its source. The feature-specific rules live with their
 * feature: Ingress hosts in lib/ingress.ts, HTTPRoute hostnames and paths in lib/http-route.ts,
 * env maps in lib/env.ts; IP and CIDR parsing in ./network. lib/_validate.ts throws these messages.
 *
 * A = k8s.io/apimachinery v0.28.15 pkg/util/validation/validation.go
 * K = k8s.io/kubernetes v1.28.15 pkg/apis/.../validation/validation.go
 * Every accepted name, key and value also passes ./yaml-safe's check: `0o644` is a valid DNS label,
 * label key and value, and `-0X1F` a valid env var name, and kubectl would read them as numbers.
 */
import { PassedStrings } from './passed-strings';
import { expectString, typeOf } from './runtime-types';
import { checkYamlKey, checkYamlString } from './yaml-safe';

// A: dns1123LabelFmt, dns1123SubdomainFmt, qualifiedNameFmt, labelValueFmt, envVarNameFmt, configMapKeyFmt
// (the one copy of each pattern: lib/_validate.ts, lib/ingress.ts and lib/http-route.ts use these)
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
export const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;

/** A: DNS1123LabelMaxLength, DNS1123SubdomainMaxLength, LabelValueMaxLength, qualifiedNameMaxLength */
export const DNS1123_LABEL_MAX = 63;
export const DNS1123_SUBDOMAIN_MAX = 253;
export const LABEL_VALUE_MAX = 63;
export const QUALIFIED_NAME_MAX = 63;
/** k8s.io/apimachinery pkg/api/validation/objectmeta.go: TotalAnnotationSizeLimitB = 256 * (1 << 10) */
export const TOTAL_ANNOTATION_SIZE_LIMIT_BYTES = 256 * (1 << 10);

/** A: IsDNS1123Label (namespace names: K core ValidateNamespaceName = NameIsDNSLabel; Service names) */
export function checkDns1123Label(prop: string, value: unknown, maxLength = DNS1123_LABEL_MAX): string | undefined {
  const what = `a DNS-1123 label of at most ${maxLength} characters `
    + "(lowercase letters, digits and '-', starting and ending with a letter or digit)";
  const notString = expectString(prop, value, what);
  if (notString) return notString;
  const text = value as string;
  if (text.length > maxLength || !DNS1123_LABEL.test(text)) return `${prop} must be ${what}, got '${text}'`;
  return checkYamlString(prop, text);
}

/** A chart namespace: K core ValidateNamespaceName = apimachinery NameIsDNSLabel (≤ 63). */
export function checkNamespace(prop: string, value: unknown): string | undefined {
  return checkDns1123Label(prop, value);
}

/** A: IsDNS1123Subdomain (most object names) */
export function checkDns1123Subdomain(prop: string, value: unknown): string | undefined {
  const what = `a DNS-1123 subdomain of at most ${DNS1123_SUBDOMAIN_MAX} characters `
    + "(lowercase dot-separated labels of letters, digits and '-')";
  const notString = expectString(prop, value, what);
  if (notString) return notString;
  const text = value as string;
  if (text.length > DNS1123_SUBDOMAIN_MAX || !DNS1123_SUBDOMAIN.test(text)) {
    return `${prop} must be ${what}, got '${text}'`;
  }
  return checkYamlString(prop, text);
}

/**
 * A Job name. K batch ValidateJob: the name is a DNS-1123 subdomain; and the apiserver copies it into
 * the pod template labels `job-name` and `batch.kubernetes.io/job-name` (K registry/batch/job/strategy.go
 * generateSelector), whose values A IsValidLabelValue limits to 63 characters: a longer name is refused.
 */
export function checkJobName(prop: string, value: unknown): string | undefined {
  const sub = checkDns1123Subdomain(prop, value);
  if (sub) return sub;
  const name = value as string;
  if (name.length > LABEL_VALUE_MAX) {
    return `${prop} must be at most ${LABEL_VALUE_MAX} characters, because Kubernetes copies a Job's name `
      + `into its pods' job-name label, got ${name.length} characters ('${name}')`;
  }
  return undefined;
}

/** A: IsQualifiedName: label and annotation keys, `[prefix/]name`, prefix a DNS-1123 subdomain. */
export function checkQualifiedName(prop: string, value: unknown): string | undefined {
  if (typeof value === 'string' && QUALIFIED_NAMES.has(value)) return undefined;
  const problem = findQualifiedNameProblem(prop, value);
  if (problem === undefined) QUALIFIED_NAMES.add(value as string);
  return problem;
}

/** Label and annotation keys already passed: the same few keys on every object of every service. */
const QUALIFIED_NAMES = new PassedStrings();

function findQualifiedNameProblem(prop: string, value: unknown): string | undefined {
  const what = "a qualified name: an optional DNS-1123 subdomain prefix (at most 253 characters) and '/', "
    + "then a name of at most 63 characters (alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric)";
  const notString = expectString(prop, value, what);
  if (notString) return notString;
  const text = value as string;
  const parts = text.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const [prefix] = parts;
    name = parts[1];
    if (prefix.length === 0) return `${prop} must be ${what}, got '${text}' (the prefix before '/' is empty)`;
    if (prefix.length > DNS1123_SUBDOMAIN_MAX || !DNS1123_SUBDOMAIN.test(prefix)) {
      return `${prop} must be ${what}, got '${text}' (the prefix is not a DNS-1123 subdomain)`;
    }
  } else {
    return `${prop} must be ${what}, got '${text}' (more than one '/')`;
  }
  if (name.length === 0) return `${prop} must be ${what}, got '${text}' (the name part is empty)`;
  if (name.length > QUALIFIED_NAME_MAX) {
    return `${prop} must be ${what}, got '${text}' (the name part has ${name.length} characters)`;
  }
  if (!QUALIFIED_NAME.test(name)) return `${prop} must be ${what}, got '${text}'`;
  return checkYamlKey(prop, text);
}

/** A: IsValidLabelValue */
export function checkLabelValue(prop: string, value: unknown): string | undefined {
  if (typeof value === 'string' && LABEL_VALUES.has(value)) return undefined;
  const problem = findLabelValueProblem(prop, value);
  if (problem === undefined) LABEL_VALUES.add(value as string);
  return problem;
}

/** Label values already passed. */
const LABEL_VALUES = new PassedStrings();

function findLabelValueProblem(prop: string, value: unknown): string | undefined {
  const what = `a label value of at most ${LABEL_VALUE_MAX} characters `
    + "(empty, or alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric)";
  const notString = expectString(prop, value, what);
  if (notString) return notString;
  const text = value as string;
  if (text.length > LABEL_VALUE_MAX || !LABEL_VALUE.test(text)) return `${prop} must be ${what}, got '${text}'`;
  return checkYamlString(prop, text);
}

/** Own enumerable string keys only, without touching the prototype chain (keys like `__proto__`). */
function ownEntries(record: object): [string, unknown][] {
  return Object.keys(record).map((key) => [key, Object.getOwnPropertyDescriptor(record, key)?.value]);
}

function plainRecord(prop: string, value: unknown, what: string): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `${prop} must be ${what}, got ${typeOf(value)}`;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== null && proto !== Object.prototype) return `${prop} must be ${what}, got ${typeOf(value)}`;
  return undefined;
}

/** Labels: A IsQualifiedName keys (apimachinery ValidateLabels) and A IsValidLabelValue values. */
export function checkLabels(prop: string, value: unknown): string | undefined {
  const bad = plainRecord(prop, value, 'a plain object of label keys to string values');
  if (bad) return bad;
  for (const [key, labelValue] of ownEntries(value as object)) {
    const keyProblem = checkQualifiedName(`${prop} key`, key) ?? checkYamlKey(`${prop} key '${key}'`, key);
    if (keyProblem) return keyProblem;
    const valueProblem = checkLabelValue(`${prop}['${key}']`, labelValue);
    if (valueProblem) return valueProblem;
  }
  return undefined;
}

function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * Annotations: apimachinery pkg/api/validation/objectmeta.go ValidateAnnotations: every key
 * IsQualifiedName(strings.ToLower(key)); the keys and values together at most
 * TotalAnnotationSizeLimitB = 256 KiB, counted in bytes (Go `len` of the UTF-8 strings).
 * Values are never echoed (they may be secret).
 */
export function checkAnnotations(prop: string, value: unknown): string | undefined {
  const bad = plainRecord(prop, value, 'a plain object of annotation keys to string values');
  if (bad) return bad;
  let total = 0;
  for (const [key, annotation] of ownEntries(value as object)) {
    const keyProblem = checkQualifiedName(`${prop} key`, key.toLowerCase())
      ?? checkYamlKey(`${prop} key '${key}'`, key);
    if (keyProblem) return keyProblem;
    if (typeof annotation !== 'string') return `${prop}['${key}'] must be a string, got ${typeOf(annotation)}`;
    const valueProblem = checkYamlString(`${prop}['${key}']`, annotation, { allowNul: true });
    if (valueProblem) return valueProblem;
    total += utf8Length(key) + utf8Length(annotation);
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT_BYTES) {
    return `${prop} must be at most ${TOTAL_ANNOTATION_SIZE_LIMIT_BYTES} bytes in total `
      + `(256 KiB, keys and values in UTF-8), got ${total} bytes`;
  }
  return undefined;
}

/**
 * A: IsEnvVarName (1.28): `[-._a-zA-Z][-._a-zA-Z0-9]*`, and hasChDirPrefix: not `.`, not `..`,
 * not starting with `..`.
 */
export function checkEnvVarName(prop: string, value: unknown): string | undefined {
  const what = "an environment variable name: letters, digits, '_', '-' or '.', not starting with a digit, "
    + "and not '.', '..' or starting with '..'";
  const notString = expectString(prop, value, what);
  if (notString) return notString;
  const name = value as string;
  if (!ENV_VAR_NAME.test(name) || name === '.' || name.startsWith('..')) {
    return `${prop} must be ${what}, got '${name}'`;
  }
  // '-0X1F', '-0o7' are valid names that kubectl reads as numbers
  return checkYamlString(prop, name);
}

/** A: IsConfigMapKey: `[-._a-zA-Z0-9]+`, at most 253 characters, not `.`/`..`/`..*`. */
export function checkConfigMapKey(prop: string, value: unknown): string | undefined {
  const what = "a ConfigMap key of at most 253 characters (letters, digits, '-', '_' or '.'), "
    + "not '.', '..' or starting with '..'";
  const notString = expectString(prop, value, what);
  if (notString) return notString;
  const key = value as string;
  if (key.length > DNS1123_SUBDOMAIN_MAX || !CONFIG_MAP_KEY.test(key) || key === '.' || key.startsWith('..')) {
    return `${prop} must be ${what}, got '${key}'`;
  }
  return checkYamlKey(prop, key);
}

// ---- labels Kubernetes sets itself ---------------------------------------------------------------

export type Workload = 'Job' | 'Deployment' | 'StatefulSet' | 'DaemonSet';

/**
 * Pod template labels a controller or the apiserver sets on its own; a user label with the same key
 * collides (for a Job the apiserver refuses the mismatch: "`selector` does not match template `labels`").
 * - Job: K registry/batch/job/strategy.go generateSelector sets `job-name`, `controller-uid` and their
 *   `batch.kubernetes.io/` twins (K apis/batch/types.go LegacyJobNameLabel, JobNameLabel, ...); the
 *   whole `batch.kubernetes.io/` prefix is the Job controller's (job-completion-index, job-tracking).
 * - Deployment: k8s.io/api apps/v1 DefaultDeploymentUniqueLabelKey `pod-template-hash` (on its
 *   ReplicaSets' pods).
 * - StatefulSet: `controller-revision-hash` (ControllerRevisionHashLabelKey),
 *   `statefulset.kubernetes.io/pod-name`, `apps.kubernetes.io/pod-index`.
 * - DaemonSet: `controller-revision-hash`, `pod-template-generation` (DaemonSetTemplateGenerationKey).
 */
const RESERVED: Readonly<Record<Workload, { keys: readonly string[]; prefixes: readonly string[] }>> = {
  Job: { keys: ['job-name', 'controller-uid'], prefixes: ['batch.kubernetes.io/'] },
  Deployment: { keys: ['pod-template-hash'], prefixes: [] },
  StatefulSet: {
    keys: ['controller-revision-hash', 'statefulset.kubernetes.io/pod-name', 'apps.kubernetes.io/pod-index'],
    prefixes: [],
  },
  DaemonSet: { keys: ['controller-revision-hash', 'pod-template-generation'], prefixes: [] },
};

/** The workload among `workloads` that sets this label key itself, if any. */
export function reservedLabelOwner(key: string, workloads: readonly Workload[]): Workload | undefined {
  return workloads.find((workload) => RESERVED[workload].keys.includes(key)
    || RESERVED[workload].prefixes.some((prefix) => key.startsWith(prefix)));
}

export function checkUserLabelKey(prop: string, key: string, workloads: readonly Workload[]): string | undefined {
  const owner = reservedLabelOwner(key, workloads);
  if (owner) return `${prop} must not be '${key}': Kubernetes sets that label itself on a ${owner}'s pods`;
  return undefined;
}
