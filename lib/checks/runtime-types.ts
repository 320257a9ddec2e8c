/**
 * Runtime type guards for callers that are not type-checked: plain JavaScript, and configs loaded
 * from JSON or YAML. TypeScript types vanish at run time, so `imagePullSecrets: 'regcred'`,
 * `labels: ['a']`, a `Map`, the string `'false'` or `NaN` arrive as they are.
 *
 * Every `check*` returns `<prop> must be <what is allowed>, got <type>` or undefined. The message
 * names the type, never the value (a value in the wrong place may be a secret), except for the
 * literal strings 'true'/'false' where a boolean was expected.
 *
 * Decisions:
 * - `-0` is accepted as a number and normalised to `0` by `normalizeNumber` (JSON.parse('-0') is -0;
 *   cdk8s's YAML writer would print `-0`; kubectl reads `-0` as the integer 0, so 0 is what the user
 *   meant and what the cluster sees).
 * - NaN, Infinity and -Infinity are rejected: JSON has no representation for them and
 *   kubectl's reader refuses `.inf`/`.nan` ("json: unsupported value").
 * - A record must be a plain object (prototype Object.prototype or null): arrays, Maps, Sets, Dates,
 *   class instances and boxed primitives are rejected rather than silently read as `{}` or `{0: ...}`.
 * - Record keys are read with Object.keys + own property descriptors, never through the prototype
 *   chain. The keys `__proto__` and `constructor` are rejected: cdk8s's resolve()
 *   (node_modules/cdk8s/lib/resolve.js) assigns `result[k] = v`, which for `__proto__` sets the
 *   prototype instead of a key (the entry vanishes), and it and sanitizeValue (lib/_util.js) test
 *   `value.constructor`, so an own `constructor` key makes synth throw "can't render non-simple
 *   object". Other prototype names (`toString`, `prototype`, `hasOwnProperty`, `valueOf`) are
 *   ordinary keys and round-trip.
 */

/**
 * 'string', 'number', 'NaN', 'Infinity', 'boolean', 'undefined', 'null', 'array', 'object', 'Map instance',
 * 'function', ...
 */
export function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
    return 'number';
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto === null || proto === Object.prototype) return 'object';
    const name = proto?.constructor?.name;
    return typeof name === 'string' && name ? `${name} instance` : 'object';
  }
  return typeof value;
}

/** undefined when `value` is a string, otherwise `<prop> must be <what>, got <type>`. */
export function expectString(prop: string, value: unknown, what: string): string | undefined {
  if (typeof value === 'string') return undefined;
  return `${prop} must be ${what}, got ${typeOf(value)}`;
}

/** A plain object usable as a record: prototype Object.prototype or null; not an array, Map, class instance. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype;
}

/** Own enumerable string-keyed entries, read without the prototype chain (safe for `__proto__`). */
export function ownEntries(record: object): [string, unknown][] {
  const keys = Object.keys(record);
  const entries = new Array<[string, unknown]>(keys.length);
  for (let i = 0; i < keys.length; i++) entries[i] = [keys[i], Object.getOwnPropertyDescriptor(record, keys[i])?.value];
  return entries;
}

/** The own value of `key`, or undefined; never a value inherited from Object.prototype. */
export function ownValue(record: object, key: string): unknown {
  return Object.hasOwn(record, key) ? Object.getOwnPropertyDescriptor(record, key)?.value : undefined;
}

export function checkString(prop: string, value: unknown, options: { nonEmpty?: boolean } = {}): string | undefined {
  if (typeof value !== 'string') {
    return `${prop} must be a ${options.nonEmpty ? 'non-empty ' : ''}string, got ${typeOf(value)}`;
  }
  if (options.nonEmpty && value.length === 0) return `${prop} must be a non-empty string, got an empty string`;
  return undefined;
}

export interface NumberCheckOptions {
  readonly integer?: boolean;
  readonly min?: number;
  readonly max?: number;
}

export function checkNumber(prop: string, value: unknown, options: NumberCheckOptions = {}): string | undefined {
  const { integer = false, min, max } = options;
  const range = min !== undefined && max !== undefined ? ` between ${min} and ${max}`
    : min !== undefined ? ` of at least ${min}`
      : max !== undefined ? ` of at most ${max}` : '';
  const what = `${integer ? 'an integer' : 'a finite number'}${range}`;
  if (typeof value !== 'number') {
    const hint = typeof value === 'string' && /^\s*-?[0-9]/.test(value)
      ? ' (a string holding a number is not a number)'
      : '';
    return `${prop} must be ${what}, got ${typeOf(value)}${hint}`;
  }
  if (!Number.isFinite(value)) return `${prop} must be ${what}, got ${typeOf(value)}`;
  if (integer && !Number.isInteger(value)) return `${prop} must be ${what}, got ${value}`;
  if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
    return `${prop} must be ${what}, got ${normalizeNumber(value)}`;
  }
  return undefined;
}

/** -0 -> 0; every other number unchanged. */
export function normalizeNumber(value: number): number {
  return Object.is(value, -0) ? 0 : value;
}

/** A boolean, and only a boolean: the string 'false' is truthy in JavaScript and must not become true. */
export function checkBoolean(prop: string, value: unknown): string | undefined {
  if (typeof value === 'boolean') return undefined;
  if (value === 'true' || value === 'false') {
    return `${prop} must be a boolean (true or false), got the string '${value}'`;
  }
  return `${prop} must be a boolean (true or false), got ${typeOf(value)}`;
}

/** One of a fixed set of strings; the message lists them. */
export function checkOneOf(prop: string, value: unknown, allowed: readonly string[]): string | undefined {
  if (typeof value === 'string' && allowed.includes(value)) return undefined;
  const got = typeof value === 'string' ? `'${value.length > 40 ? value.slice(0, 40) + '…' : value}'` : typeOf(value);
  return `${prop} must be one of ${allowed.map((option) => `'${option}'`).join(', ')}, got ${got}`;
}

/** An array (not a string, Set or array-like), each item checked by `item(prop[i], value)`. */
export function checkArray(
  prop: string, value: unknown, item?: (prop: string, value: unknown) => string | undefined,
  options: { nonEmpty?: boolean } = {},
): string | undefined {
  if (!Array.isArray(value)) {
    return `${prop} must be ${options.nonEmpty ? 'a non-empty' : 'an'} array, got ${typeOf(value)}`;
  }
  if (options.nonEmpty && value.length === 0) return `${prop} must be a non-empty array, got an empty array`;
  for (let i = 0; i < value.length; i++) {
    // sparse arrays: a hole is undefined, and is reported as such
    const bad = item?.(`${prop}[${i}]`, value[i]);
    if (bad) return bad;
  }
  return undefined;
}

export function checkStringArray(
  prop: string, value: unknown, options: { nonEmpty?: boolean; nonEmptyItems?: boolean } = {},
): string | undefined {
  return checkArray(
    prop, value, (itemProp, item) => checkString(itemProp, item, { nonEmpty: options.nonEmptyItems }),
    { nonEmpty: options.nonEmpty },
  );
}

/** A key cdk8s can render as an own key of a manifest map (see the module comment). */
export function checkRecordKey(prop: string, key: string): string | undefined {
  if (key === '__proto__' || key === 'constructor') {
    return `${prop} must not be '${key}': cdk8s cannot render an object with that key `
      + '(it reads it through the prototype chain)';
  }
  return undefined;
}

/**
 * A plain object whose keys cdk8s can render, each value checked by `item(prop['key'], value)`.
 * Maps, arrays and class instances are rejected, not converted.
 */
export function checkRecord(
  prop: string, value: unknown, item?: (prop: string, value: unknown) => string | undefined,
): string | undefined {
  if (!isPlainObject(value)) {
    const hint = value instanceof Map
      ? ' (a Map is not read: pass a plain object, e.g. Object.fromEntries(map))'
      : '';
    return `${prop} must be a plain object, got ${typeOf(value)}${hint}`;
  }
  // cdk8s renders string keys only: a symbol-keyed entry would silently vanish
  const symbol = Object.getOwnPropertySymbols(value)
    .find((key) => Object.getOwnPropertyDescriptor(value, key)?.enumerable);
  if (symbol !== undefined) {
    return `${prop} must have string keys only, got the symbol key ${String(symbol)} (cdk8s does not write it)`;
  }
  for (const [key, entry] of ownEntries(value)) {
    // the message is built only for the two keys it is about: this runs for every key of every record
    const badKey = key === '__proto__' || key === 'constructor' ? checkRecordKey(`${prop} key`, key) : undefined;
    if (badKey) return badKey;
    const bad = item?.(`${prop}['${key}']`, entry);
    if (bad) return bad;
  }
  return undefined;
}

export function checkStringRecord(prop: string, value: unknown): string | undefined {
  return checkRecord(prop, value, (itemProp, item) => checkString(itemProp, item));
}

/**
 * A copy of a checked record as an ordinary object with the same own keys, built with
 * defineProperty (so a key named like an Object.prototype member is a plain own key), for output.
 */
export function copyRecord<T>(record: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [key, entry] of ownEntries(record)) {
    Object.defineProperty(out, key, { value: entry, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Keys present in `value` that `allowed` does not define: for typo detection (`maxReplica`). */
export function unknownKeys(value: object, allowed: readonly string[]): string[] {
  return Object.keys(value).filter((key) => !allowed.includes(key));
}

/**
 * A copy of plain objects and arrays with every -0 replaced by 0 (cdk8s writes `-0`; kubectl reads
 * the integer 0 anyway). Option class instances, constructs and other objects are kept as they are;
 * own keys are copied with defineProperty (a key named like an Object.prototype member stays a key).
 */
export function normalizeNumbers<T>(value: T): T {
  if (typeof value === 'number') return normalizeNumber(value) as T;
  if (Array.isArray(value)) return value.map((item) => normalizeNumbers(item)) as T;
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const normalized = normalizeNumbers(Object.getOwnPropertyDescriptor(value, key)?.value);
    // Assignment makes the same own data property as defineProperty for a key Object.prototype does
    // not have (there it could hit `__proto__`'s setter or a frozen member), and is much cheaper.
    if (key in Object.prototype) {
      Object.defineProperty(out, key, { value: normalized, enumerable: true, writable: true, configurable: true });
    } else {
      out[key] = normalized;
    }
  }
  // symbol keys are kept so that checkRecord can reject them (cdk8s would silently drop them)
  for (const symbol of Object.getOwnPropertySymbols(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, symbol);
    if (!descriptor?.enumerable) continue;
    Object.defineProperty(out, symbol, { ...descriptor, value: normalizeNumbers(descriptor.value) });
  }
  return out as T;
}
