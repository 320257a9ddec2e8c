/**
 * Construction-time validators shared by the feature modules. Every message names the prop, the
 * value and what is allowed, in lowercase without a trailing period (aws-cdk style), so a user can
 * fix the input without reading code. Bounds are passed as named ranges defined by each feature.
 */
import { ensure, reject } from './errors';
import {
  DNS1123_SUBDOMAIN as DNS_1123_SUBDOMAIN, DNS1123_SUBDOMAIN_MAX, LABEL_VALUE_MAX, checkDns1123Label,
  checkDns1123Subdomain, checkEnvVarName, checkLabelValue, checkQualifiedName,
} from './checks/names';

// The apiserver's patterns and limits have one copy, in ./checks/names; these throw with them.
// A: k8s.io/apimachinery pkg/util/validation: dns1035LabelFmt (Service names)
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** Kubernetes object names and label values. */
export const MAX_LABEL_LENGTH = LABEL_VALUE_MAX;
export const MAX_SUBDOMAIN_LENGTH = DNS1123_SUBDOMAIN_MAX;

/** An inclusive range, named where it is defined (integers, or whole seconds for durations). */
export interface Range { readonly min: number; readonly max: number }

export function integerIn(prop: string, value: number | undefined, range: Range): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > range.max) {
    reject(prop, value, `an integer between ${range.min} and ${range.max}`);
  }
}

/** A: IsDNS1123Label (./checks/names checkDns1123Label), when given. */
export function dns1123Label(prop: string, value: string | undefined, maxLength = MAX_LABEL_LENGTH): void {
  if (value !== undefined) ensure(checkDns1123Label(prop, value, maxLength));
}

export function dns1035Label(prop: string, value: string | undefined, maxLength = MAX_LABEL_LENGTH): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || value.length > maxLength || !DNS_1035_LABEL.test(value)) {
    reject(prop, value, `a DNS-1035 label of at most ${maxLength} characters `
      + '(lowercase letters, digits and \'-\', starting with a letter and ending with a letter or digit)');
  }
}

/** A: IsDNS1123Subdomain (./checks/names checkDns1123Subdomain), when given. */
export function dns1123Subdomain(prop: string, value: string | undefined): void {
  if (value !== undefined) ensure(checkDns1123Subdomain(prop, value));
}

/**
 * A host name as Ingress and HTTPRoute accept it: a DNS subdomain, optionally with a '*.' wildcard.
 * The message shows the whole value, wildcard included (not the part after '*.').
 */
export function hostName(prop: string, value: string): void {
  if (typeof value !== 'string') return dns1123Subdomain(prop, value);
  const subdomain = value.startsWith('*.') ? value.slice(2) : value;
  if (subdomain.length > MAX_SUBDOMAIN_LENGTH || !DNS_1123_SUBDOMAIN.test(subdomain)) {
    reject(prop, value,
      `a DNS-1123 subdomain of at most ${MAX_SUBDOMAIN_LENGTH} characters (lowercase dot-separated labels)`);
  }
}

/** A: IsValidLabelValue (./checks/names checkLabelValue). */
export function labelValue(prop: string, value: string): void {
  ensure(checkLabelValue(prop, value));
}

/** A: IsQualifiedName (./checks/names checkQualifiedName), with the label-key wording of placement's messages. */
export function labelKey(prop: string, key: string): void {
  if (checkQualifiedName(prop, key) !== undefined) {
    reject(prop, key, 'a label key: an optional DNS subdomain prefix and \'/\', '
      + `then a name of at most ${MAX_LABEL_LENGTH} alphanumerics, '-', '_' or '.'`);
  }
}

/** Label-style maps outside metadata.labels (placement.nodeSelector); a construct's own labels use checks/names. */
export function labels(prop: string, value: Record<string, string> | undefined): void {
  if (value === undefined) return;
  for (const [key, text] of Object.entries(value)) {
    labelKey(`${prop} key`, key);
    labelValue(`${prop}['${key}']`, text);
  }
}

/** Annotations: label-style keys, any string value. */
export function annotations(prop: string, value: Record<string, string> | undefined): Record<string, string> {
  const checked: Record<string, string> = {};
  for (const [key, text] of Object.entries(value ?? {})) {
    labelKey(`${prop} key`, key);
    if (typeof text !== 'string') reject(`${prop}['${key}']`, text, 'a string');
    checked[key] = text;
  }
  return checked;
}

/** An env var name or EnvSource prefix: A IsEnvVarName (./checks/names, the one rule). */
export function envName(prop: string, value: string): void {
  ensure(checkEnvVarName(prop, value));
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
  const bad = ['//', '/./', '/../', '%2f', '%2F'].find((seq) => value.includes(seq))
    ?? ['/..', '/.'].find((ending) => value.endsWith(ending));
  if (bad) {
    reject(prop, value, `an Ingress path without '${bad}' `
      + '(the apiserver rejects \'//\', \'/./\', \'/../\', \'%2f\' and a \'/.\' or \'/..\' ending)');
  }
}

export function nonEmptyStrings(prop: string, value: string[] | undefined): void {
  if (value === undefined) return;
  const isEmptyOrNotString = (item: unknown) => typeof item !== 'string' || item.length === 0;
  if (!Array.isArray(value) || value.length === 0 || value.some(isEmptyOrNotString)) {
    reject(prop, value, 'a non-empty list of non-empty strings (exec form)');
  }
}

/** A required exec-form command. */
export function execCommand(prop: string, value: string[] | undefined): string[] {
  nonEmptyStrings(prop, value);
  if (value === undefined) reject(prop, undefined, 'a non-empty list of non-empty strings (exec form)');
  return [...value];
}

export function unique(prop: string, names: string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) reject(prop, name, 'unique (this name is used twice)');
    seen.add(name);
  }
}

/** A Duration-like value as whole seconds within the range; `fallback` when unset. */
export function wholeSeconds(
  prop: string, value: { toMilliseconds(): number } | undefined, fallback: number, range: Range,
): number {
  if (value === undefined) return fallback;
  const ms = typeof value?.toMilliseconds === 'function' ? value.toMilliseconds() : NaN;
  if (!Number.isFinite(ms) || ms % 1000 !== 0 || ms / 1000 < range.min || ms / 1000 > range.max) {
    const shown = Number.isFinite(ms) ? `${ms / 1000}s` : value;
    reject(prop, shown, `a Duration of whole seconds between ${range.min}s and ${range.max}s`);
  }
  return ms / 1000 + 0; // + 0: a Duration of -0 seconds is written 0, not -0 (issue 11)
}

// The keys of a props interface, as a Record so the compiler proves each list complete and exact.
export type KeysOf<T> = Record<keyof T, true>;

/**
 * Rejects keys a props object does not define: a typo such as `maxReplica` must not silently
 * fall back to a default (TypeScript only catches it in object literals, plain JS never).
 */
export function knownKeys<T>(prop: string, value: T | undefined, allowed: KeysOf<T>): void {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) reject(prop || 'props', value, 'an object');
  for (const [key, given] of Object.entries(value)) {
    // hasOwn: the same answer as a search of Object.keys(allowed) (literal tables), without the search
    if (!Object.hasOwn(allowed, key)) {
      reject(`${prop || 'props'} key`, key, `one of ${Object.keys(allowed).join(', ')}`);
    }
    // `null` is not "unset": silently taking the default would hide the mistake.
    if (given === null) reject(prop ? `${prop}.${key}` : key, given, 'a value, or left out to take the default');
  }
  // Object.entries skips symbol keys: one would be silently ignored, so it is a mistake too.
  const symbol = Object.getOwnPropertySymbols(value)[0];
  if (symbol !== undefined) {
    reject(`${prop || 'props'} key`, symbol.toString(), `one of ${Object.keys(allowed).join(', ')}`);
  }
}

/** An instance of one of this library's option classes (built by its static factories). */
export function instanceOf<T>(prop: string, value: unknown, type: { prototype: T }, what: string): T {
  if (!(value instanceof (type as unknown as new () => T))) reject(prop, value, what);
  return value as T;
}
