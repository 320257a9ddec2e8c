/**
 * Construction-time validation helpers. Every message names the prop, the value and what is allowed,
 * in lowercase without a trailing period (aws-cdk style), so a user can fix the input without reading code.
 */

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_KEY_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** The error every rule throws, so callers (and tests) can tell our errors from anything else. */
export class FastApiValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FastApiValidationError';
  }
}

export function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Throws "<prop> must be <allowed>, got <value>". */
export function reject(prop: string, value: unknown, allowed: string): never {
  throw new FastApiValidationError(`${prop} must be ${allowed}, got ${show(value)}`);
}

export function integerIn(prop: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    reject(prop, value, `an integer between ${min} and ${max}`);
  }
}

export function dns1123Label(prop: string, value: string | undefined, maxLength = 63): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || value.length > maxLength || !DNS_1123_LABEL.test(value)) {
    reject(prop, value, `a DNS-1123 label of at most ${maxLength} characters (lowercase letters, digits and '-', starting and ending with a letter or digit)`);
  }
}

export function dns1035Label(prop: string, value: string | undefined, maxLength = 63): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || value.length > maxLength || !DNS_1035_LABEL.test(value)) {
    reject(prop, value, `a DNS-1035 label of at most ${maxLength} characters (lowercase letters, digits and '-', starting with a letter and ending with a letter or digit)`);
  }
}

export function dns1123Subdomain(prop: string, value: string | undefined): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || value.length > 253 || !DNS_1123_SUBDOMAIN.test(value)) {
    reject(prop, value, 'a DNS-1123 subdomain of at most 253 characters (lowercase dot-separated labels)');
  }
}

export function labelValue(prop: string, value: string): void {
  if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) {
    reject(prop, value, 'a label value of at most 63 characters (alphanumerics, \'-\', \'_\' or \'.\', starting and ending with an alphanumeric)');
  }
}

export function labelKey(prop: string, key: string): void {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const prefixOk = prefix === undefined || (prefix.length <= 253 && DNS_1123_SUBDOMAIN.test(prefix));
  if (!prefixOk || name.length > 63 || !LABEL_KEY_NAME.test(name)) {
    reject(prop, key, 'a label key: an optional DNS subdomain prefix and \'/\', then a name of at most 63 alphanumerics, \'-\', \'_\' or \'.\'');
  }
}

export function labels(prop: string, value: Record<string, string> | undefined): void {
  if (value === undefined) return;
  for (const [k, v] of Object.entries(value)) {
    labelKey(`${prop} key`, k);
    labelValue(`${prop}['${k}']`, v);
  }
}

export function envName(prop: string, value: string): void {
  if (typeof value !== 'string' || !ENV_NAME.test(value)) {
    reject(prop, value, 'a C_IDENTIFIER-like environment variable name (letters, digits, \'_\', \'-\' or \'.\', not starting with a digit)');
  }
}

export function httpPath(prop: string, value: string | undefined): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || !/^\/[^\s?#]*$/.test(value)) {
    reject(prop, value, 'an absolute HTTP path starting with \'/\' without spaces, query or fragment');
  }
}

/** An Ingress Prefix path as the apiserver accepts it (no '//', '/./', '/../', '%2f'; no '/.' or '/..' ending). */
export function ingressPath(prop: string, value: string | undefined): void {
  httpPath(prop, value);
  if (value === undefined) return;
  const bad = ['//', '/./', '/../', '%2f', '%2F'].find((seq) => value.includes(seq)) ?? ['/..', '/.'].find((end) => value.endsWith(end));
  if (bad) reject(prop, value, `an Ingress path without '${bad}' (the apiserver rejects '//', '/./', '/../', '%2f' and a '/.' or '/..' ending)`);
}

export function nonEmptyStrings(prop: string, value: readonly string[] | undefined): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || value.length === 0 || value.some((s) => typeof s !== 'string' || s.length === 0)) {
    reject(prop, value, 'a non-empty list of non-empty strings (exec form)');
  }
}

export function unique(prop: string, names: readonly string[]): void {
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) reject(prop, n, 'unique (this name is used twice)');
    seen.add(n);
  }
}

/** A Duration-like value as whole seconds within [min, max]. */
export function wholeSeconds(prop: string, value: { toMilliseconds(): number } | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const ms = typeof value?.toMilliseconds === 'function' ? value.toMilliseconds() : NaN;
  if (!Number.isFinite(ms) || ms % 1000 !== 0 || ms / 1000 < min || ms / 1000 > max) {
    const shown = Number.isFinite(ms) ? `${ms / 1000}s` : value;
    reject(prop, shown, `a Duration of whole seconds between ${min}s and ${max}s`);
  }
  return ms / 1000;
}

/** Rejects props that must not be combined. */
export function conflict(prop: string, value: unknown, other: string): never {
  throw new FastApiValidationError(`${prop} cannot be combined with ${other}, got ${show(value)}`);
}

/**
 * Rejects keys a props object does not define: a typo such as `maxReplica` must not silently
 * fall back to a default (TypeScript only catches it in object literals).
 */
export function knownKeys(prop: string, value: unknown, allowed: readonly string[]): void {
  if (value === undefined || value === false) return;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) reject(prop, value, 'an object');
  for (const [key, v] of Object.entries(value)) {
    if (!allowed.includes(key)) reject(`${prop || 'props'} key`, key, `one of ${allowed.join(', ')}`);
    // `null` is not "unset": silently taking the default would hide the mistake.
    if (v === null) reject(prop ? `${prop}.${key}` : key, v, 'a value, or left out to take the default');
  }
}
