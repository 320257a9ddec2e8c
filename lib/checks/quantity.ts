/**
 * Kubernetes resource quantities, parsed with the apiserver's grammar and compared exactly.
 *
 * Source: k8s.io/apimachinery v0.28.15 pkg/api/resource/quantity.go (the grammar in the Quantity doc
 * comment, `ParseQuantity`, `parseQuantityString`) and suffix.go (the suffix tables and `interpret`):
 *
 *   <quantity>        ::= <signedNumber><suffix>
 *   <signedNumber>    ::= <number> | <sign><number>
 *   <number>          ::= <digits> | <digits>.<digits> | <digits>. | .<digits>
 *   <suffix>          ::= <binarySI> | <decimalExponent> | <decimalSI>
 *   <binarySI>        ::= Ki | Mi | Gi | Ti | Pi | Ei
 *   <decimalSI>       ::= n | u | m | "" | k | M | G | T | P | E
 *   <decimalExponent> ::= "e" <signedNumber> | "E" <signedNumber>   (an integer: strconv.ParseInt)
 *
 * Stricter than the apiserver, on purpose, where the apiserver would silently change the value:
 * - `.`, `+`, `-` alone: parseQuantityString reads them as 0; the grammar needs a digit.
 * - exponents outside int32: `interpret` truncates them with int32(parsed) (1e4294967296 reads as 1).
 * - values that are not a whole number of nano-units: ParseQuantity rounds them up to 1n.
 * - magnitudes above 2^63-1: ParseQuantity caps binary-SI values at maxAllowed (math.go), and no
 *   resource is meaningful beyond it.
 * JS `Number()` is never used: it accepts `0x10`, `1e+21`, `Infinity`, ` 1 ` and loses precision.
 */

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  /** The value in nano-units (value × 10^9), exact */
  readonly nanos: bigint;
  /** The format the apiserver keeps when it re-serializes the value */
  readonly format: QuantityFormat;
}

export type QuantityResult =
  | { readonly ok: true; readonly quantity: Quantity }
  | { readonly ok: false; readonly reason: string };

const QUANTITY = /^([+-]?)([0-9]+\.?[0-9]*|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;
const BINARY: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const INT32_MAX = 2 ** 31 - 1;
const TOO_LARGE = 'larger than 2^63-1: the apiserver caps binary-SI quantities there, '
  + 'and Kubernetes reads resource amounts as 64-bit integers';
const TOO_FINE = 'finer than one nano-unit (1n): the apiserver rounds it up to 1n';
/** maxAllowed in k8s.io/apimachinery/pkg/api/resource/math.go: max int64, in nano-units */
const MAX_NANOS = (2n ** 63n - 1n) * 1_000_000_000n;

export const QUANTITY_SYNTAX = 'a Kubernetes quantity: a decimal number with an optional sign and one suffix of '
  + 'Ki Mi Gi Ti Pi Ei (binary), n u m k M G T P E (decimal) or e<integer> (exponent), '
  + "e.g. '500m', '1.5Gi', '2e3'";

/**
 * Results by text: every service's requests and limits are parsed several times (sizing, the
 * limit >= request and sidecar checks) and mostly repeat; results are frozen, so sharing is safe.
 */
const PARSED = new Map<string, QuantityResult>();
const MAX_PARSED = 10_000;

/** Parses a quantity exactly as the apiserver would store it, or says why it can't. */
export function parseQuantity(text: string): QuantityResult {
  if (typeof text !== 'string') return { ok: false, reason: `not a string (${describe(text)})` };
  let result = PARSED.get(text);
  if (result === undefined) {
    result = deepFreeze(parseQuantityText(text));
    if (PARSED.size >= MAX_PARSED) PARSED.clear();
    if (text.length <= 256) PARSED.set(text, result);
  }
  return result;
}

function deepFreeze(result: QuantityResult): QuantityResult {
  if (result.ok) Object.freeze(result.quantity);
  return Object.freeze(result);
}

function parseQuantityText(text: string): QuantityResult {
  const match = QUANTITY.exec(text);
  if (!match) return { ok: false, reason: 'not in the quantity grammar' };
  const [, sign, number, suffix = ''] = match;
  const [intPart, fracPart = ''] = number.split('.');
  const digits = (intPart + fracPart).replace(/^0+/, '');
  let exp10 = -fracPart.length;
  let exp2 = 0;
  let format: QuantityFormat;
  if (suffix in BINARY) {
    exp2 = BINARY[suffix];
    format = 'BinarySI';
  } else if (suffix in DECIMAL) {
    exp10 += DECIMAL[suffix];
    format = 'DecimalSI';
  } else {
    const exponent = Number(suffix.slice(1)); // /[+-]?[0-9]+/ only: Number is exact up to 2^53
    if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > INT32_MAX) {
      return { ok: false, reason: `an exponent beyond ±${INT32_MAX}, which the apiserver truncates to 32 bits` };
    }
    exp10 += exponent;
    format = 'DecimalExponent';
  }
  if (digits === '') return { ok: true, quantity: { nanos: 0n, format } };
  // order of magnitude before doing exact arithmetic, so `1e2000000000` costs nothing
  const magnitude = digits.length + exp10 + (exp2 * 0.30103);
  if (magnitude > 40) return { ok: false, reason: TOO_LARGE };
  if (magnitude < -40) return { ok: false, reason: TOO_FINE };
  let num = BigInt(digits) * (2n ** BigInt(exp2));
  const shift = exp10 + 9;
  if (shift >= 0) {
    num *= 10n ** BigInt(shift);
  } else {
    const den = 10n ** BigInt(-shift);
    if (num % den !== 0n) return { ok: false, reason: TOO_FINE };
    num /= den;
  }
  if (num > MAX_NANOS) return { ok: false, reason: TOO_LARGE };
  return { ok: true, quantity: { nanos: sign === '-' ? -num : num, format } };
}

/** Compares two valid quantities exactly: -1, 0 or 1 (resource.Quantity.Cmp). Throws on an invalid one. */
export function compareQuantities(left: string, right: string): -1 | 0 | 1 {
  const qa = parseQuantity(left);
  const qb = parseQuantity(right);
  if (!qa.ok) throw new Error(`not a valid quantity: ${qa.reason}`);
  if (!qb.ok) throw new Error(`not a valid quantity: ${qb.reason}`);
  const diff = qa.quantity.nanos - qb.quantity.nanos;
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
}

/** The exact value as a plain decimal string (e.g. '0.25', '1073741824'), for messages and tests. */
export function quantityToDecimal(quantity: Quantity): string {
  const neg = quantity.nanos < 0n;
  const abs = (neg ? -quantity.nanos : quantity.nanos).toString().padStart(10, '0');
  const int = abs.slice(0, -9).replace(/^0+(?=\d)/, '');
  const frac = abs.slice(-9).replace(/0+$/, '');
  return (neg ? '-' : '') + int + (frac ? '.' + frac : '');
}

export interface QuantityCheckOptions {
  /** @default false: container resources must not be negative (ValidateNonnegativeQuantity) */
  readonly allowNegative?: boolean;
}

/**
 * `<prop> must be ...` when the value is not a quantity the apiserver stores exactly as written,
 * undefined when it is. Quantities are never secret, so the message shows the value.
 */
export function checkQuantity(prop: string, value: unknown, options: QuantityCheckOptions = {}): string | undefined {
  if (typeof value !== 'string') {
    return `${prop} must be a quantity string such as '500m' or '1Gi', got ${describe(value)}`;
  }
  const result = parseQuantity(value);
  if (!result.ok) {
    const why = result.reason === 'not in the quantity grammar' ? '' : ` (${result.reason})`;
    return `${prop} must be ${QUANTITY_SYNTAX}, got '${value}'${why}`;
  }
  // k8s.io/kubernetes pkg/apis/core/validation ValidateNonnegativeQuantity: "must be greater than or equal to 0"
  if (!options.allowNegative && result.quantity.nanos < 0n) {
    return `${prop} must be greater than or equal to 0, got '${value}'`;
  }
  return undefined;
}

/**
 * A request must not exceed its limit: k8s.io/kubernetes pkg/apis/core/validation
 * ValidateResourceRequirements ("must be less than or equal to <resource> limit of <limit>").
 */
export function checkRequestWithinLimit(
  requestProp: string, request: string, limitProp: string, limit: string,
): string | undefined {
  const rq = parseQuantity(request);
  const lq = parseQuantity(limit);
  if (!rq.ok || !lq.ok) return checkQuantity(requestProp, request) ?? checkQuantity(limitProp, limit);
  if (rq.quantity.nanos > lq.quantity.nanos) {
    return `${requestProp} must be less than or equal to ${limitProp} ('${limit}'), got '${request}'`;
  }
  return undefined;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') {
    return Number.isNaN(value) ? 'NaN' : `number ${Object.is(value, -0) ? '-0' : String(value)}`;
  }
  if (typeof value === 'object') {
    return (value as object).constructor?.name && (value as object).constructor !== Object
      ? `${(value as object).constructor.name} instance`
      : 'object';
  }
  return typeof value;
}

/** Nanos per unit, for `quantityIn`. */
export const MILLI = 1_000_000n;
export const KIBI = 1024n * 1_000_000_000n;
export const MEBI = 1024n * KIBI;

/**
 * A quantity in `unit`s (MILLI for millicores, KIBI for KiB, ...) as a JS number, for sizing and
 * display; NaN when the text is not a Kubernetes quantity. Compare quantities with compareQuantities.
 */
export function quantityIn(text: string, unit: bigint): number {
  const parsed = parseQuantity(text);
  if (!parsed.ok) return NaN;
  const whole = parsed.quantity.nanos / unit;
  return Number(whole) + Number(parsed.quantity.nanos - whole * unit) / Number(unit);
}
