import { IConstruct } from 'constructs';
import { SecretFinding, findSecretInValue } from './checks/secret-values';

// Recognised by a symbol rather than by `instanceof`: jsii (Python) cannot export a class that
// extends Error, and a symbol also survives two copies of this package in one node_modules.
const VALIDATION_ERROR = Symbol.for('cdk8s-fastapi.ValidationError');

/**
 * The error every construct of this library throws for bad input: `<construct path>: <prop> must
 * be <what is allowed>, got <value>`. Not exported (jsii rejects public classes extending Error,
 * as aws-cdk-lib does for its own ValidationError): recognise it with
 * `FastApiErrors.isValidationError(e)`.
 */
class FastApiValidationError extends Error {
  /** The path of the construct whose props were rejected, or undefined for a static factory. */
  public readonly constructPath?: string;

  constructor(message: string, constructPath?: string) {
    // every message, including those lib/checks builds with the value quoted, is made safe here
    const safe = safeMessage(message);
    super(constructPath ? `${escapeInvisible(constructPath)}: ${safe}` : safe);
    Object.defineProperty(this, VALIDATION_ERROR, { value: true });
    this.name = 'FastApiValidationError';
    this.constructPath = constructPath;
  }
}

/** Tells this library's validation errors from any other error. */
export class FastApiErrors {
  /** True for an error thrown by this library because of invalid props or factory arguments. */
  public static isValidationError(error: any): boolean {
    return error !== null && typeof error === 'object' && VALIDATION_ERROR in error;
  }

  private constructor() {}
}

// Invisible or line-breaking characters are written as \uXXXX so a message never carries them raw:
// C0 and C1 controls (NUL, NEL U+0085), DEL, the BOM, zero-width and bidi controls, U+2028/U+2029,
// noncharacters U+FFFE/U+FFFF and lone surrogates (which a terminal or log shipper may drop or mangle).
// Built from raw string parts: the same pattern as one literal, in three alternatives.
const INVISIBLE = new RegExp(
  String.raw`[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufffe\uffff]` +
  String.raw`|[\ud800-\udbff](?![\udc00-\udfff])` + // a high surrogate without its low half
  String.raw`|(?<![\ud800-\udbff])[\udc00-\udfff]`, // a low surrogate without its high half
  'g',
);

/** The text with every invisible or line-breaking character written as `\uXXXX`. */
export function escapeInvisible(text: string): string {
  return text.replace(INVISIBLE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * `user:password@host` without a scheme (an image reference or a host name given with credentials):
 * the secret-values detector only knows URLs with a scheme. `name:tag@sha256:...` is an image pinned
 * by tag and digest, not a credential.
 */
const BARE_USERINFO = /(?<![^\s'"/])[^\s'"/@:]+:[^\s'"/@]+@(?!sha256:)[^\s'"@]/;

/** What kind of secret the text looks like, or undefined. */
function secretIn(text: string): SecretFinding | undefined {
  return findSecretInValue(text) ?? (BARE_USERINFO.test(text)
    ? { kind: 'userinfo-password', reason: 'a host name with a user name and password before it' } : undefined);
}

const hidden = (finding: SecretFinding) => `a value that looks like ${finding.reason} (not shown)`;

/**
 * The message with every quoted or space-delimited part that looks like a secret described instead
 * of shown, and invisible characters escaped. Last resort: when the whole still looks like a secret
 * (a PEM block has spaces), everything from the first quote on is cut.
 */
function safeMessage(message: string): string {
  let safe = message.replace(/'([^']*)'/g, (quoted, inner: string) => {
    const finding = secretIn(inner);
    return finding ? hidden(finding) : quoted;
  }).replace(/[^\s]+/g, (word) => {
    const finding = secretIn(word);
    return finding ? hidden(finding) : word;
  });
  const left = secretIn(safe);
  if (left) {
    safe = `${safe.slice(0, Math.max(0, safe.indexOf("'")))}… (the rest is not shown: it holds ${hidden(left)})`;
  }
  return escapeInvisible(safe);
}

/**
 * Renders a rejected value for a message. A value (or, for an array or object, any string in it)
 * that looks like a secret is described, never shown: the message may end up in CI logs.
 */
export function show(value: unknown): string {
  if (typeof value === 'string') {
    const secret = secretIn(value);
    return secret ? hidden(secret) : `'${escapeInvisible(value)}'`;
  }
  if (value === undefined) return 'undefined';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  const secret = secretIn(text) ?? findSecretInStrings(value);
  return secret ? `a ${Array.isArray(value) ? 'list' : 'value'} holding ${hidden(secret)}` : escapeInvisible(text);
}

/** The first secret among the strings of an array or plain object (JSON escapes may hide one). */
function findSecretInStrings(value: unknown, depth = 0): SecretFinding | undefined {
  if (typeof value === 'string') return secretIn(value);
  if (value === null || typeof value !== 'object' || depth > 8) return undefined;
  for (const item of Object.values(value)) {
    const found = findSecretInStrings(item, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Throws "<prop> must be <allowed>, got <value>" (prefixed with the construct path by `validating`). */
export function reject(prop: string, value: unknown, allowed: string): never {
  throw new FastApiValidationError(`${prop} must be ${allowed}, got ${show(value)}`);
}

/** Throws a lib/checks message (`<prop> must ...`), if there is one. */
export function ensure(message: string | undefined): void {
  if (message !== undefined) throw new FastApiValidationError(message);
}

/** Rejects props that must not be combined. */
export function conflict(prop: string, value: unknown, other: string): never {
  throw new FastApiValidationError(`${prop} cannot be combined with ${other}, got ${show(value)}`);
}

/**
 * Runs a construct's validation and prefixes any validation error with the construct's path, so a
 * user with twenty services sees which one is wrong. Other errors pass through untouched.
 */
export function validating<T>(scope: IConstruct, resolve: () => T): T {
  try {
    return resolve();
  } catch (error) {
    if (error instanceof FastApiValidationError && error.constructPath === undefined) {
      throw new FastApiValidationError(error.message, scope.node.path);
    }
    throw error;
  }
}
