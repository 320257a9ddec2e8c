import { App, Yaml } from 'cdk8s';

/**
 * A YAML writer for Kubernetes objects that produces exactly what cdk8s's `Yaml.stringify` does
 * (the `yaml` package, lineWidth 0, YAML 1.1) at a fraction of the cost: the `yaml` package
 * builds a full document tree per object, which dominates synth time for hundreds of services.
 * Plain JSON data only: any document with a value it does not handle with certainty (multi-line
 * strings, nested sequences, non-finite numbers) is handed to `Yaml.stringify` whole. Byte
 * equality is tested on every fixture and on a random corpus.
 */

class Unsupported extends Error {}

// YAML 1.1 reads these plain words as booleans or null, so the yaml package quotes them.
const RESERVED = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE',
  'false', 'False', 'FALSE', 'on', 'On', 'ON', 'off', 'Off', 'OFF', 'null', 'Null', 'NULL']);
// No indicator characters, spaces or colons; starting with a letter, '_' or '/' rules out every
// YAML 1.1 number and timestamp form except an exponent without mantissa (e5, e-0), excluded below.
const SAFE_PLAIN = /^[A-Za-z_/][A-Za-z0-9_./-]*$/;
/** YAML 1.2 §7.4: an implicit key is at most 1024 characters; the yaml package counts UTF-16 units. */
const MAX_IMPLICIT_KEY = 1024;
const BARE_EXPONENT = /^[eE][-+]?[0-9]+$/;

let original: typeof Yaml.stringify = Yaml.stringify;
const scalarCache = new Map<string, string>();

/** A string as the yaml package writes it, decided once per distinct string. */
function scalar(text: string): string {
  if (SAFE_PLAIN.test(text) && !RESERVED.has(text) && !BARE_EXPONENT.test(text)) return text;
  let out = scalarCache.get(text);
  if (out === undefined) {
    if (text.includes('\n') || text.includes('\r')) throw new Unsupported();
    out = original.call(Yaml, text).replace(/\n$/, '');
    if (out.includes('\n')) throw new Unsupported();
    scalarCache.set(text, out);
  }
  return out;
}

function inline(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string': return scalar(value);
    case 'boolean': return String(value);
    case 'number':
      // -0: String() says '0' but the yaml package writes '-0' (issue 11, class 7).
      if (!Number.isSafeInteger(value) || Object.is(value, -0)) throw new Unsupported();
      return String(value);
    case 'object':
      if (Array.isArray(value)) return value.length === 0 ? '[]' : undefined;
      return Object.keys(value as object).length === 0 ? '{}' : undefined;
    default: throw new Unsupported();
  }
}

function writeMap(obj: Record<string, unknown>, indent: string, out: string[]): void {
  for (const key of Object.keys(obj)) {
    const value = obj[key];
    if (value === undefined) throw new Unsupported();
    // The yaml package writes a key whose rendered form (quotes included) is over 1024 characters as
    // an explicit `? key` (a plain key that long is not valid YAML): hand the document to the
    // standard writer (issue 11, class 7). 1023 spaces render as 1025 characters once quoted.
    const renderedKey = scalar(key);
    if (renderedKey.length > MAX_IMPLICIT_KEY) throw new Unsupported();
    const simple = inline(value);
    if (simple !== undefined) {
      out.push(`${indent}${renderedKey}: ${simple}\n`);
    } else if (Array.isArray(value)) {
      out.push(`${indent}${renderedKey}:\n`);
      writeSeq(value, indent + '  ', out);
    } else {
      out.push(`${indent}${renderedKey}:\n`);
      writeMap(value as Record<string, unknown>, indent + '  ', out);
    }
  }
}

function writeSeq(items: unknown[], indent: string, out: string[]): void {
  for (const item of items) {
    const simple = inline(item);
    if (simple !== undefined) {
      out.push(`${indent}- ${simple}\n`);
    } else if (Array.isArray(item)) {
      throw new Unsupported();
    } else {
      // A map in a sequence: its first line follows the dash, the rest align under it.
      const start = out.length;
      writeMap(item as Record<string, unknown>, indent + '  ', out);
      out[start] = `${indent}- ${out[start].slice(indent.length + 2)}`;
    }
  }
}

function document(doc: unknown): string {
  if (doc === undefined) return '\n';
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc) || Object.keys(doc).length === 0) {
    return original.call(Yaml, doc);
  }
  try {
    const out: string[] = [];
    writeMap(doc as Record<string, unknown>, '', out);
    return out.join('');
  } catch (error) {
    if (error instanceof Unsupported) return original.call(Yaml, doc);
    throw error;
  }
}

/** Drop-in for cdk8s `Yaml.stringify`. */
export function fastYamlStringify(...docs: unknown[]): string {
  return docs.map(document).join('---\n');
}

/**
 * `app.synth()` with the fast YAML writer: the output is byte-identical, only quicker. Use it for
 * apps with many services (see the README's Performance section).
 */
export function synthFast(app: App): void {
  original = Yaml.stringify;
  Yaml.stringify = fastYamlStringify;
  try {
    app.synth();
  } finally {
    Yaml.stringify = original;
  }
}
