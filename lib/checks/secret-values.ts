/**
 * Secrets recognised by their value, whatever the name they are passed under. A literal value that
 * reaches `dist/` is readable by anyone who can read the manifests (and the Git repository).
 *
 * Sources for the formats: RFC 3986 §3.2.1 (userinfo, "user:password" is deprecated precisely because
 * it leaks), RFC 7468 (PEM labels), RFC 7519 §7.2 and RFC 7515 §4.1.1 (JWT/JWS: three base64url
 * segments, a JOSE header with "alg"), PostgreSQL's key/value connection strings (`password=`),
 * and the providers' published token formats (GitHub `ghp_`/`gho_`/`ghu_`/`ghs_`/`ghr_`/`github_pat_`,
 * GitLab `glpat-`, Slack `xox[baprs]-`, Stripe
 * `sk_live_`/`rk_live_`/`sk_test_`, AWS access key ids `AKIA`/`ASIA` + 16, Google API keys `AIza` + 35,
 * OpenAI `sk-`/`sk-proj-`, Anthropic `sk-ant-`, npm `npm_`, Hugging Face `hf_`, SendGrid `SG.`).
 *
 * Every finding has a `reason` that describes the kind of secret and never any part of the value.
 */
import { PassedStrings } from './passed-strings';

export interface SecretFinding {
  /** a stable id, e.g. 'url-password', 'pem-private-key', 'jwt', 'github-token' */
  readonly kind: string;
  /** e.g. 'a URL with a password in its user info': never the value or a part of it */
  readonly reason: string;
}

// a password that is only a reference to another variable is not a secret: Kubernetes expands
// $(VAR) from the container's env (which may come from a Secret), shells expand ${VAR} and $VAR
const ENV_REFERENCE = /^(\$\([A-Za-z_][A-Za-z0-9_]*\)|\$\{[A-Za-z_][A-Za-z0-9_]*\}|\$[A-Za-z_][A-Za-z0-9_]*)$/;
// scheme://user:password@ (RFC 3986: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ))
const URL_USERINFO = /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*:\/\/([^\s/?#@:]*):([^\s/?#@]*)@/g;
// query parameters that carry a credential (`?token=...`, `&api_key=...`); the pattern is
// [?&](?:password|passwd|...|signature)=([^&#\s]+), case-insensitive
const CREDENTIAL_QUERY_PARAMS = [
  'password', 'passwd', 'pwd', 'secret', 'client_secret', 'token', 'access_token', 'api_key', 'apikey', 'api-key',
  'sig', 'signature',
];
const QUERY_CREDENTIAL = new RegExp(String.raw`[?&](?:${CREDENTIAL_QUERY_PARAMS.join('|')})=([^&#\s]+)`, 'i');
// libpq key/value connection strings (PostgreSQL docs, "Connection Strings": `host=db password=secret`)
// and ADO.NET/ODBC ones (`Server=db;Password=secret;`): a password keyword with a literal value
const KEYWORD_PASSWORD = /(?:^|[\s;])(?:password|passwd|pwd)\s*=\s*('(?:[^'\\]|\\.)*'|"[^"]*"|[^\s;'"]+)/i;
const PEM_PRIVATE = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----/;
// a JWT candidate: header.payload.signature in base64url, not part of a longer base64url word; a JOSE
// header is a JSON object, so it starts with eyJ (base64url of '{"')
const BASE64URL = 'A-Za-z0-9_-';
const JWT_CANDIDATE = new RegExp(
  String.raw`(?<![${BASE64URL}])(eyJ[${BASE64URL}]{2,})\.([${BASE64URL}]{2,})\.([${BASE64URL}]*)(?![${BASE64URL}])`,
  'g',
);
const BEARER = /\bBearer\s+[A-Za-z0-9._~+/-]{20,}=*/;

const TOKENS: readonly { kind: string; reason: string; re: RegExp }[] = [
  {
    kind: 'github-token', reason: 'a GitHub token (ghp_/gho_/ghu_/ghs_/ghr_ prefix)',
    re: /(?<![A-Za-z0-9])gh[pousr]_[A-Za-z0-9]{36,}/,
  },
  {
    kind: 'github-token', reason: 'a GitHub fine-grained token (github_pat_ prefix)',
    re: /(?<![A-Za-z0-9])github_pat_[A-Za-z0-9_]{22,}/,
  },
  {
    kind: 'gitlab-token', reason: 'a GitLab personal access token (glpat- prefix)',
    re: /(?<![A-Za-z0-9])glpat-[A-Za-z0-9_-]{20,}/,
  },
  {
    kind: 'slack-token', reason: 'a Slack token (xoxb-/xoxa-/xoxp-/xoxr-/xoxs- prefix)',
    re: /(?<![A-Za-z0-9])xox[baprs]-[A-Za-z0-9-]{10,}/,
  },
  {
    kind: 'stripe-key', reason: 'a Stripe secret key (sk_live_/rk_live_/sk_test_ prefix)',
    re: /(?<![A-Za-z0-9])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}/,
  },
  {
    kind: 'aws-access-key-id', reason: 'an AWS access key id (AKIA/ASIA prefix)',
    re: /(?<![A-Z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Z0-9])/,
  },
  {
    kind: 'google-api-key', reason: 'a Google API key (AIza prefix)',
    re: /(?<![A-Za-z0-9])AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/,
  },
  {
    kind: 'anthropic-key', reason: 'an Anthropic API key (sk-ant- prefix)',
    re: /(?<![A-Za-z0-9])sk-ant-[A-Za-z0-9_-]{20,}/,
  },
  {
    kind: 'openai-key', reason: 'an OpenAI-style API key (sk- prefix)',
    re: /(?<![A-Za-z0-9])sk-(?:proj-)?[A-Za-z0-9_-]{20,}/,
  },
  {
    kind: 'npm-token', reason: 'an npm access token (npm_ prefix)',
    re: /(?<![A-Za-z0-9])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/,
  },
  {
    kind: 'huggingface-token', reason: 'a Hugging Face token (hf_ prefix)',
    re: /(?<![A-Za-z0-9])hf_[A-Za-z0-9]{34,}/,
  },
  {
    kind: 'sendgrid-key', reason: 'a SendGrid API key (SG. prefix)',
    re: /(?<![A-Za-z0-9])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}/,
  },
];

function base64UrlJson(segment: string): unknown {
  try {
    const text = Buffer.from(segment, 'base64url').toString('utf8');
    // Buffer ignores garbage; insist on a clean round trip so random words do not count
    if (Buffer.from(text, 'utf8').toString('base64url') !== segment.replace(/=+$/, '')) return undefined;
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isJwt(value: string): boolean {
  for (const candidate of value.matchAll(JWT_CANDIDATE)) {
    const header = base64UrlJson(candidate[1]);
    if (header && typeof header === 'object' && !Array.isArray(header)
      && typeof (header as Record<string, unknown>).alg === 'string') return true;
  }
  return false;
}

/** The first kind of secret the value looks like, or undefined. */
export function findSecretInValue(value: string): SecretFinding | undefined {
  if (typeof value !== 'string' || value.length < 8) return undefined;
  for (const userinfo of value.matchAll(URL_USERINFO)) {
    const password = userinfo[2];
    if (password.length > 0 && !ENV_REFERENCE.test(password)) {
      return { kind: 'url-password', reason: 'a URL with a password in its user info' };
    }
  }
  const query = QUERY_CREDENTIAL.exec(value);
  if (query && !ENV_REFERENCE.test(query[1]) && /:\/\//.test(value)) {
    return { kind: 'url-query-credential', reason: 'a URL with a credential in its query string' };
  }
  const keyword = KEYWORD_PASSWORD.exec(value);
  const keywordValue = keyword?.[1].replace(/^(['"])(.*)\1$/s, '$2');
  if (keywordValue && !ENV_REFERENCE.test(keywordValue)) {
    return { kind: 'keyword-password', reason: 'a connection string with a password keyword (password=...)' };
  }
  const pem = PEM_PRIVATE.exec(value);
  if (pem) return { kind: 'pem-private-key', reason: `a PEM ${pem[1] ? pem[1].trim() + ' ' : ''}private key block` };
  if (isJwt(value)) return { kind: 'jwt', reason: 'a JSON Web Token (three base64url segments with a JOSE header)' };
  for (const token of TOKENS) if (token.re.test(value)) return { kind: token.kind, reason: token.reason };
  if (BEARER.test(value)) return { kind: 'bearer-token', reason: 'an HTTP bearer token' };
  return undefined;
}

/**
 * Literal env values the user declared harmless (`ServiceEnv.notSecret`), by identity. Kept here,
 * below lib/env.ts, so every check that scans for secrets (scanProps, the env map check) can ask
 * without importing the env feature (which imports the checks). A WeakSet leaves EnvValue untouched.
 */
const DECLARED_NOT_SECRET = new WeakSet<object>();

/** Marks a literal value object as declared not secret (ServiceEnv.notSecret). */
export function declareNotSecret(value: object): void {
  DECLARED_NOT_SECRET.add(value);
}

/** True for a value object marked with declareNotSecret (ServiceEnv.notSecret). */
export function isDeclaredNotSecret(value: unknown): boolean {
  return typeof value === 'object' && value !== null && DECLARED_NOT_SECRET.has(value);
}

/** Literal values already found not to be secrets (the same env values and argv in every service). */
const NOT_SECRETS = new PassedStrings();

/**
 * `<prop> looks like <kind of secret> ...` when a literal value is a secret, undefined otherwise.
 * The message never contains the value.
 */
export function checkNoSecretValue(prop: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || NOT_SECRETS.has(value)) return undefined;
  const finding = findSecretInValue(value);
  if (!finding) {
    NOT_SECRETS.add(value);
    return undefined;
  }
  return `${prop} looks like ${finding.reason}: a literal value is written into the manifests in plain text; `
    + 'keep it in a Secret and reference it (EnvValue.fromSecret, or $(VAR) expansion of a secret-backed variable)';
}
