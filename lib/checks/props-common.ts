/**
 * What the props checks of every construct share (lib/checks/service-props.ts, worker-props.ts,
 * load-test.ts, pod-extras.ts): the first-failure combinator, the walk over every value a
 * caller passed (YAML safety and secrets by value), and the argv rule. The env map rule is the env
 * feature's (lib/env.ts). Each check returns the first message, or undefined;
 * the constructs throw it with their construct path (`ensure`).
 */
import {
  checkArray, checkBoolean, checkRecordKey, checkStringArray, isPlainObject, ownEntries, ownValue, typeOf,
} from './runtime-types';
import { checkNoSecretValue, isDeclaredNotSecret } from './secret-values';
import { checkYamlKey, checkYamlString, isYamlSafeString } from './yaml-safe';

export type Check = string | undefined;
export type Props = Record<string, unknown>;

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

/** What scanProps looks for beyond YAML safety. */
export interface ScanOptions {
  /**
   * Also reject a string or key that looks like a secret (./secret-values), without echoing it: every
   * string of FastApiServiceProps and FastApiWorkerProps reaches dist/ (labels, annotations, image,
   * host, env values...), readable by anyone who reads the manifests. A value the user declared not
   * secret (ServiceEnv.notSecret) is exempt.
   */
  readonly secrets?: boolean;
}

/**
 * Walks every value the caller passed (plain objects, arrays, and the fields of option class
 * instances) and reports the first string or key that would not reach kubectl as written (or, with
 * `secrets`, that looks like a secret), the first non-finite number, and any Map, Set or
 * prototype-named key (cdk8s drops or crashes on them).
 */
export function scanProps(prop: string, value: unknown, options: ScanOptions = {}): Check {
  // Almost every props object is clean: a first walk that builds no prop paths says so; only when it
  // doubts (NUL, allowed in some props, is doubted everywhere) does the walk that names the prop run.
  const secrets = options.secrets ?? false;
  return isCertainlyClean(value, secrets, new Set()) ? undefined : findFirstProblem(prop, value, secrets, new Set());
}

/** No secret by value (cached in ./secret-values: the same strings recur in every service). */
const isNotSecret = (text: string) => checkNoSecretValue('', text) === undefined;

/** True only when findFirstProblem would find nothing: the same walk, stricter about NUL. */
function isCertainlyClean(value: unknown, secrets: boolean, seen: Set<object>): boolean {
  switch (typeof value) {
    case 'string': return isYamlSafeString(value) && (!secrets || isNotSecret(value));
    case 'number': return Number.isFinite(value);
    case 'bigint': case 'symbol': return false;
    case 'object': break;
    default: return true;
  }
  if (value === null || seen.has(value) || isConstruct(value)) return true;
  seen.add(value);
  const scanSecrets = secrets && !isDeclaredNotSecret(value);
  // A plain object's prototype chain has no Map or Set in it: the four instanceof walks are for the rest
  const plain = isPlainObject(value);
  const isMapOrSet = !plain
    && (value instanceof Map || value instanceof Set || value instanceof WeakMap || value instanceof WeakSet);
  if (isMapOrSet) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!isCertainlyClean(value[i], scanSecrets, seen)) return false;
    return true;
  }
  for (const key of Object.keys(value)) {
    if (plain && (key === '__proto__' || key === 'constructor' || key === '<<' || !isYamlSafeString(key))) return false;
    if (plain && scanSecrets && !isNotSecret(key)) return false;
    if (!isCertainlyClean(Object.getOwnPropertyDescriptor(value, key)?.value, scanSecrets, seen)) return false;
  }
  return true;
}

function findFirstProblem(prop: string, value: unknown, secrets: boolean, seen: Set<object>): Check {
  switch (typeof value) {
    case 'string':
      return checkYamlString(prop, value, { allowNul: NUL_ALLOWED.test(prop) })
        ?? (secrets ? checkNoSecretValue(prop, value) : undefined);
    case 'number':
      return Number.isFinite(value) ? undefined : `${prop} must be a finite number, got ${typeOf(value)}`;
    case 'bigint': case 'symbol':
      return `${prop} must not be a ${typeof value}`;
    case 'object': break;
    default: return undefined;
  }
  if (value === null || seen.has(value) || isConstruct(value)) return undefined;
  seen.add(value);
  const scanSecrets = secrets && !isDeclaredNotSecret(value);
  if (value instanceof Map || value instanceof Set || value instanceof WeakMap || value instanceof WeakSet) {
    return `${prop} must be a plain object or an array, got ${typeOf(value)}`
      + ' (a Map or Set is not read: pass a plain object or an array)';
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = findFirstProblem(`${prop}[${i}]`, value[i], scanSecrets, seen);
      if (bad) return bad;
    }
    return undefined;
  }
  const plain = isPlainObject(value);
  const last = prop.replace(/.*[.\]]/, '');
  for (const [key, item] of ownEntries(value)) {
    if (!plain) {
      // an option class's fields: report under the prop the user passed
      const bad = findFirstProblem(prop, item, scanSecrets, seen);
      if (bad) return bad;
      continue;
    }
    const keyProp = `${prop || 'props'} key`;
    const badKey = checkRecordKey(keyProp, key) ?? checkYamlKey(keyProp, key)
      ?? (scanSecrets ? checkNoSecretValue(keyProp, key) : undefined);
    if (badKey) return badKey;
    const itemProp = RECORD_PROPS.has(last) ? `${prop}['${key}']` : prop ? `${prop}.${key}` : key;
    const bad = findFirstProblem(itemProp, item, scanSecrets, seen);
    if (bad) return bad;
  }
  return undefined;
}

export const optional = (value: unknown, check: () => Check): Check => (value === undefined ? undefined : check());

/** An optional boolean option of a factory (`{ optional: 'false' }` from JS would be written as a string). */
export function checkOptionalBoolean(prop: string, value: unknown): Check {
  return optional(value, () => checkBoolean(prop, value));
}

/** Argv (command, args): literal values never secrets (by value). */
export function checkArgv(prop: string, argv: unknown): Check {
  if (argv === undefined) return undefined;
  return checkStringArray(prop, argv) ?? checkArray(prop, argv, (itemProp, item) => checkNoSecretValue(itemProp, item));
}

/** Reads a field of an option class instance (Toleration, Volume, Sidecar) without trusting its type. */
export const field = (value: unknown, key: string): unknown =>
  (value !== null && typeof value === 'object' ? ownValue(value, key) : undefined);
