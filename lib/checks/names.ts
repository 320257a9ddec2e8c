/**
 * Names, keys, hosts, paths and CIDRs as the Kubernetes v1.28 apiserver (and the Gateway API v1.2.1
 * CRDs) validate them. Every function returns `<prop> must ...` when the value would be refused (or
 * silently changed), undefined when it is fine. Each rule names its source.
 *
 * A = k8s.io/apimachinery v0.28.15 pkg/util/validation/validation.go
 * K = k8s.io/kubernetes v1.28.15 pkg/apis/.../validation/validation.go
 * G = imports/crds/gateway-api-v1.2.1-standard/gateway.networking.k8s.io_httproutes.yaml
 * Every accepted name, key and value also passes ./yaml-safe's check: `0o644` is a valid DNS label,
 * label key and value, and `-0X1F` a valid env var name, and kubectl would read them as numbers.
 */
import { typeOf } from './runtime-types';
import { checkYamlKey, checkYamlString } from './yaml-safe';

// A: dns1123LabelFmt, dns1123SubdomainFmt, qualifiedNameFmt, labelValueFmt, envVarNameFmt, configMapKeyFmt
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const WILDCARD_DNS1123_SUBDOMAIN = /^\*\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;

/** A: DNS1123LabelMaxLength, DNS1123SubdomainMaxLength, LabelValueMaxLength, qualifiedNameMaxLength */
export const DNS1123_LABEL_MAX = 63;
export const DNS1123_SUBDOMAIN_MAX = 253;
export const LABEL_VALUE_MAX = 63;
export const QUALIFIED_NAME_MAX = 63;
/** k8s.io/apimachinery pkg/api/validation/objectmeta.go: TotalAnnotationSizeLimitB = 256 * (1 << 10) */
export const TOTAL_ANNOTATION_SIZE_LIMIT_BYTES = 256 * (1 << 10);

function str(prop: string, value: unknown, what: string): string | undefined {
  if (typeof value === 'string') return undefined;
  return `${prop} must be ${what}, got ${typeOf(value)}`;
}

/** A: IsDNS1123Label (namespace names: K core ValidateNamespaceName = NameIsDNSLabel; Service names) */
export function checkDns1123Label(prop: string, value: unknown, maxLength = DNS1123_LABEL_MAX): string | undefined {
  const what = `a DNS-1123 label of at most ${maxLength} characters (lowercase letters, digits and '-', starting and ending with a letter or digit)`;
  const t = str(prop, value, what);
  if (t) return t;
  const v = value as string;
  if (v.length > maxLength || !DNS1123_LABEL.test(v)) return `${prop} must be ${what}, got '${v}'`;
  return checkYamlString(prop, v);
}

/** A chart namespace: K core ValidateNamespaceName = apimachinery NameIsDNSLabel (≤ 63). */
export function checkNamespace(prop: string, value: unknown): string | undefined {
  return checkDns1123Label(prop, value);
}

/** A: IsDNS1123Subdomain (most object names) */
export function checkDns1123Subdomain(prop: string, value: unknown): string | undefined {
  const what = `a DNS-1123 subdomain of at most ${DNS1123_SUBDOMAIN_MAX} characters (lowercase dot-separated labels of letters, digits and '-')`;
  const t = str(prop, value, what);
  if (t) return t;
  const v = value as string;
  if (v.length > DNS1123_SUBDOMAIN_MAX || !DNS1123_SUBDOMAIN.test(v)) return `${prop} must be ${what}, got '${v}'`;
  return checkYamlString(prop, v);
}

/**
 * A Job name. K batch ValidateJob: the name is a DNS-1123 subdomain; and the apiserver copies it into
 * the pod template labels `job-name` and `batch.kubernetes.io/job-name` (K registry/batch/job/strategy.go
 * generateSelector), whose values A IsValidLabelValue limits to 63 characters: a longer name is refused.
 */
export function checkJobName(prop: string, value: unknown): string | undefined {
  const sub = checkDns1123Subdomain(prop, value);
  if (sub) return sub;
  const v = value as string;
  if (v.length > LABEL_VALUE_MAX) {
    return `${prop} must be at most ${LABEL_VALUE_MAX} characters, because Kubernetes copies a Job's name into its pods' job-name label, got ${v.length} characters ('${v}')`;
  }
  return undefined;
}

/** A: IsQualifiedName: label and annotation keys, `[prefix/]name`, prefix a DNS-1123 subdomain. */
export function checkQualifiedName(prop: string, value: unknown): string | undefined {
  const what = "a qualified name: an optional DNS-1123 subdomain prefix (at most 253 characters) and '/', then a name of at most 63 characters (alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric)";
  const t = str(prop, value, what);
  if (t) return t;
  const v = value as string;
  const parts = v.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const [prefix] = parts;
    name = parts[1];
    if (prefix.length === 0) return `${prop} must be ${what}, got '${v}' (the prefix before '/' is empty)`;
    if (prefix.length > DNS1123_SUBDOMAIN_MAX || !DNS1123_SUBDOMAIN.test(prefix)) return `${prop} must be ${what}, got '${v}' (the prefix is not a DNS-1123 subdomain)`;
  } else {
    return `${prop} must be ${what}, got '${v}' (more than one '/')`;
  }
  if (name.length === 0) return `${prop} must be ${what}, got '${v}' (the name part is empty)`;
  if (name.length > QUALIFIED_NAME_MAX) return `${prop} must be ${what}, got '${v}' (the name part has ${name.length} characters)`;
  if (!QUALIFIED_NAME.test(name)) return `${prop} must be ${what}, got '${v}'`;
  return checkYamlKey(prop, v);
}

/** A: IsValidLabelValue */
export function checkLabelValue(prop: string, value: unknown): string | undefined {
  const what = `a label value of at most ${LABEL_VALUE_MAX} characters (empty, or alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric)`;
  const t = str(prop, value, what);
  if (t) return t;
  const v = value as string;
  if (v.length > LABEL_VALUE_MAX || !LABEL_VALUE.test(v)) return `${prop} must be ${what}, got '${v}'`;
  return checkYamlString(prop, v);
}

/** Own enumerable string keys only, without touching the prototype chain (keys like `__proto__`). */
function ownEntries(record: object): [string, unknown][] {
  return Object.keys(record).map((k) => [k, Object.getOwnPropertyDescriptor(record, k)?.value]);
}

function plainRecord(prop: string, value: unknown, what: string): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${prop} must be ${what}, got ${typeOf(value)}`;
  const proto = Object.getPrototypeOf(value);
  if (proto !== null && proto !== Object.prototype) return `${prop} must be ${what}, got ${typeOf(value)}`;
  return undefined;
}

/** Labels: A IsQualifiedName keys (apimachinery ValidateLabels) and A IsValidLabelValue values. */
export function checkLabels(prop: string, value: unknown): string | undefined {
  const bad = plainRecord(prop, value, 'a plain object of label keys to string values');
  if (bad) return bad;
  for (const [k, v] of ownEntries(value as object)) {
    const kp = checkQualifiedName(`${prop} key`, k) ?? checkYamlKey(`${prop} key '${k}'`, k);
    if (kp) return kp;
    const vp = checkLabelValue(`${prop}['${k}']`, v);
    if (vp) return vp;
  }
  return undefined;
}

function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
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
  for (const [k, v] of ownEntries(value as object)) {
    const kp = checkQualifiedName(`${prop} key`, k.toLowerCase()) ?? checkYamlKey(`${prop} key '${k}'`, k);
    if (kp) return kp;
    if (typeof v !== 'string') return `${prop}['${k}'] must be a string, got ${typeOf(v)}`;
    const vp = checkYamlString(`${prop}['${k}']`, v, { allowNul: true });
    if (vp) return vp;
    total += utf8Length(k) + utf8Length(v);
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT_BYTES) {
    return `${prop} must be at most ${TOTAL_ANNOTATION_SIZE_LIMIT_BYTES} bytes in total (256 KiB, keys and values in UTF-8), got ${total} bytes`;
  }
  return undefined;
}

/**
 * A: IsEnvVarName (1.28): `[-._a-zA-Z][-._a-zA-Z0-9]*`, and hasChDirPrefix: not `.`, not `..`,
 * not starting with `..`.
 */
export function checkEnvVarName(prop: string, value: unknown): string | undefined {
  const what = "an environment variable name: letters, digits, '_', '-' or '.', not starting with a digit, and not '.', '..' or starting with '..'";
  const t = str(prop, value, what);
  if (t) return t;
  const v = value as string;
  if (!ENV_VAR_NAME.test(v) || v === '.' || v.startsWith('..')) return `${prop} must be ${what}, got '${v}'`;
  // '-0X1F', '-0o7' are valid names that kubectl reads as numbers
  return checkYamlString(prop, v);
}

/** A: IsConfigMapKey: `[-._a-zA-Z0-9]+`, at most 253 characters, not `.`/`..`/`..*`. */
export function checkConfigMapKey(prop: string, value: unknown): string | undefined {
  const what = "a ConfigMap key of at most 253 characters (letters, digits, '-', '_' or '.'), not '.', '..' or starting with '..'";
  const t = str(prop, value, what);
  if (t) return t;
  const v = value as string;
  if (v.length > DNS1123_SUBDOMAIN_MAX || !CONFIG_MAP_KEY.test(v) || v === '.' || v.startsWith('..')) return `${prop} must be ${what}, got '${v}'`;
  return checkYamlKey(prop, v);
}

/**
 * Whether k8s.io/utils/net ParseIPSloppy (what the apiserver uses) reads this as an IP address.
 * Only the IPv4 form matters for host names (an IPv6 address has ':' and fails the DNS rules anyway):
 * four dot-separated decimal fields, each at most 255, leading zeros allowed ("sloppy").
 */
export function isSloppyIPv4(value: string): boolean {
  const parts = value.split('.');
  return parts.length === 4 && parts.every((p) => /^[0-9]+$/.test(p) && Number(p) <= 255);
}

/**
 * An Ingress rule host. K networking validateIngressRules: not an IP address ("must be a DNS name,
 * not an IP address"); with '*' A IsWildcardDNS1123Subdomain (`*.` then a subdomain), otherwise
 * A IsDNS1123Subdomain.
 */
export function checkIngressHost(prop: string, value: unknown, options: { allowWildcard?: boolean } = {}): string | undefined {
  const allowWildcard = options.allowWildcard ?? true;
  const what = `a DNS name of at most 253 characters (lowercase dot-separated labels${allowWildcard ? ", optionally starting with '*.'" : ''}), not an IP address`;
  const t = str(prop, value, what);
  if (t) return t;
  const v = value as string;
  if (isSloppyIPv4(v) || v.includes(':')) return `${prop} must be a DNS name, not an IP address (the apiserver rejects IP hosts), got '${v}'`;
  if (v.length > DNS1123_SUBDOMAIN_MAX) return `${prop} must be ${what}, got '${v}'`;
  if (v.includes('*')) {
    if (!allowWildcard || !WILDCARD_DNS1123_SUBDOMAIN.test(v)) return `${prop} must be ${what}, got '${v}'`;
    return undefined;
  }
  if (!DNS1123_SUBDOMAIN.test(v)) return `${prop} must be ${what}, got '${v}'`;
  return checkYamlString(prop, v);
}

/**
 * An HTTPRoute hostname. G spec.hostnames items: minLength 1, maxLength 253,
 * pattern `^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`; the CRD's
 * description adds "IPs are not allowed" (not enforced by the pattern; we enforce it).
 */
export function checkHttpRouteHostname(prop: string, value: unknown): string | undefined {
  const what = "a hostname of at most 253 characters (lowercase dot-separated labels, optionally starting with '*.'), not an IP address";
  const t = str(prop, value, what);
  if (t) return t;
  const v = value as string;
  if (v.length < 1 || v.length > 253 || !/^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(v) || isSloppyIPv4(v)) {
    return `${prop} must be ${what}, got '${v}'`;
  }
  return checkYamlString(prop, v);
}

/** G HTTPPathMatch value for type Exact/PathPrefix: maxLength 1024 and the CEL rules, in the CRD's order. */
export const HTTP_ROUTE_PATH_MAX = 1024;
const HTTP_ROUTE_PATH_CHARS = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$/;

export function checkHttpRoutePath(prop: string, value: unknown): string | undefined {
  const what = `an absolute path of at most ${HTTP_ROUTE_PATH_MAX} characters matching ^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$`;
  const t = str(prop, value, what);
  if (t) return t;
  const v = value as string;
  if (v.length > HTTP_ROUTE_PATH_MAX) return `${prop} must be ${what}, got ${v.length} characters`;
  if (!v.startsWith('/')) return `${prop} must be an absolute path starting with '/', got '${v}'`;
  for (const seq of ['//', '/./', '/../', '%2f', '%2F', '#']) {
    if (v.includes(seq)) return `${prop} must not contain '${seq}' (Gateway API HTTPRoute rule), got '${v}'`;
  }
  for (const end of ['/..', '/.']) {
    if (v.endsWith(end)) return `${prop} must not end with '${end}' (Gateway API HTTPRoute rule), got '${v}'`;
  }
  if (!HTTP_ROUTE_PATH_CHARS.test(v)) return `${prop} must be ${what}, got '${v}'`;
  return undefined;
}

// ---- CIDRs ------------------------------------------------------------------------------------

interface Cidr { readonly family: 4 | 6; readonly bits: bigint; readonly prefix: number }

function parseIPv4(s: string, strict: boolean): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p) || Number(p) > 255) return undefined;
    if (strict && p.length > 1 && p.startsWith('0')) return undefined;
    n = (n << 8n) | BigInt(Number(p));
  }
  return n;
}

function parseIPv6(s: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(s)) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string): number[] | undefined => {
    if (h === '') return [];
    const out: number[] = [];
    const items = h.split(':');
    for (let i = 0; i < items.length; i++) {
      const it = items[i];
      if (i === items.length - 1 && it.includes('.')) {
        const v4 = parseIPv4(it, false);
        if (v4 === undefined) return undefined;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(it)) return undefined;
        out.push(parseInt(it, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  if (halves.length === 1 ? head.length !== 8 : head.length + tail.length > 7) return undefined;
  const all = [...head, ...new Array(8 - head.length - tail.length).fill(0), ...tail];
  return all.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** RFC 5952 text of an IPv6 address: lower case, no leading zeros, the longest run (≥ 2) of zero groups as '::'. */
export function formatIPv6(bits: bigint): string {
  const g: number[] = [];
  for (let i = 7; i >= 0; i--) g.push(Number((bits >> BigInt(i * 16)) & 0xffffn));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  const hexes = g.map((x) => x.toString(16));
  if (best < 0) return hexes.join(':');
  return `${hexes.slice(0, best).join(':')}::${hexes.slice(best + bestLen).join(':')}`;
}

function formatIPv4(bits: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((bits >> s) & 0xffn)).join('.');
}

function parseCidrLoose(s: string): Cidr | undefined {
  const slash = s.indexOf('/');
  if (slash < 0 || s.indexOf('/', slash + 1) >= 0) return undefined;
  const addr = s.slice(0, slash);
  const pfx = s.slice(slash + 1);
  if (!/^[0-9]{1,3}$/.test(pfx)) return undefined;
  const prefix = Number(pfx);
  if (addr.includes(':')) {
    const bits = parseIPv6(addr);
    if (bits === undefined || prefix > 128) return undefined;
    return { family: 6, bits, prefix };
  }
  const bits = parseIPv4(addr, false);
  if (bits === undefined || prefix > 32) return undefined;
  return { family: 4, bits, prefix };
}

function networkOf(c: Cidr): bigint {
  const width = c.family === 4 ? 32n : 128n;
  const host = width - BigInt(c.prefix);
  return (c.bits >> host) << host;
}

function formatCidr(c: Cidr, bits: bigint): string {
  return `${c.family === 4 ? formatIPv4(bits) : formatIPv6(bits)}/${c.prefix}`;
}

/**
 * The canonical text of a CIDR (network address, RFC 5952 for IPv6), or undefined if it is not one.
 * `10.0.0.1/8` -> `10.0.0.0/8`, `2001:DB8:0::/32` -> `2001:db8::/32`.
 */
export function canonicalCidr(value: string): string | undefined {
  const c = parseCidrLoose(value);
  return c && formatCidr(c, networkOf(c));
}

/**
 * A NetworkPolicy ipBlock CIDR. Kubernetes 1.28 (K networking ValidateIPBlock -> K core ValidateCIDR
 * -> k8s.io/utils/net ParseCIDRSloppy) accepts sloppy forms: IPv4 fields with leading zeros,
 * upper-case and zero-padded IPv6, host bits set, IPv4-mapped IPv6. Those are ambiguous (is
 * `010.0.0.0` octal?), are masked silently, and newer apiservers refuse or warn about them
 * (KEP-4858 StrictIPCIDRValidation), so we accept only the canonical form and say what it is:
 * dotted decimal without leading zeros, or RFC 5952 IPv6 (not IPv4-mapped), prefix without
 * leading zeros, and no bits set after the prefix.
 */
export function checkCidr(prop: string, value: unknown): string | undefined {
  const what = "a CIDR in canonical form, e.g. '10.0.0.0/8' or '2001:db8::/32'";
  const t = str(prop, value, what);
  if (t) return t;
  const v = value as string;
  const c = parseCidrLoose(v);
  if (!c) return `${prop} must be ${what}, got '${v}'`;
  if (c.family === 6 && /\./.test(v)) return `${prop} must be ${what} (IPv4-mapped or embedded IPv4 notation is not accepted; use an IPv4 CIDR), got '${v}'`;
  const canonical = formatCidr(c, networkOf(c));
  if (canonical !== v) return `${prop} must be ${what}, got '${v}' (canonical: '${canonical}')`;
  return undefined;
}

/** K networking ValidateIPBlock: every `except` entry is a strict subset of `cidr` (same family, longer prefix). */
export function checkIpBlockExcept(prop: string, cidr: string, except: unknown): string | undefined {
  const bad = checkCidr(prop, except);
  if (bad) return bad;
  const outer = parseCidrLoose(cidr);
  const inner = parseCidrLoose(except as string);
  if (!outer || !inner) return undefined;
  const sameFamily = outer.family === inner.family;
  if (!sameFamily || inner.prefix <= outer.prefix || networkOf({ ...outer, bits: inner.bits }) !== networkOf(outer)) {
    return `${prop} must be a strict subset of the ipBlock cidr '${cidr}', got '${except as string}'`;
  }
  return undefined;
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
  StatefulSet: { keys: ['controller-revision-hash', 'statefulset.kubernetes.io/pod-name', 'apps.kubernetes.io/pod-index'], prefixes: [] },
  DaemonSet: { keys: ['controller-revision-hash', 'pod-template-generation'], prefixes: [] },
};

/** The workload among `workloads` that sets this label key itself, if any. */
export function reservedLabelOwner(key: string, workloads: readonly Workload[]): Workload | undefined {
  return workloads.find((w) => RESERVED[w].keys.includes(key) || RESERVED[w].prefixes.some((p) => key.startsWith(p)));
}

export function checkUserLabelKey(prop: string, key: string, workloads: readonly Workload[]): string | undefined {
  const owner = reservedLabelOwner(key, workloads);
  if (owner) return `${prop} must not be '${key}': Kubernetes sets that label itself on a ${owner}'s pods`;
  return undefined;
}
