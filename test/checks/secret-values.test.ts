import { checkNoSecretValue, findSecretInValue } from '../../lib/checks/secret-values';

const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const JWT = `${b64url({ alg: 'HS256', typ: 'JWT' })}.`
  + `${b64url({ sub: '1234567890', name: 'John Doe', iat: 1516239022 })}`
  + '.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const UNSIGNED_JWT = `${b64url({ alg: 'none' })}.${b64url({ sub: 'x' })}.`;

// [value, kind | undefined]
const CASES: [string, string | undefined][] = [
  // URLs with a password in the user info, any scheme
  ['postgresql://u:password@db/x', 'url-password'],
  ['postgresql+asyncpg://app:s3cr3t@db.internal:5432/shop', 'url-password'],
  ['mysql://root:hunter2@127.0.0.1/app', 'url-password'],
  ['redis://:hunter2@redis:6379/0', 'url-password'],
  ['amqp://guest:guest@rabbitmq:5672/', 'url-password'],
  ['mongodb+srv://user:p%40ss@cluster0.example.net/db', 'url-password'],
  ['DSN=postgres://u:pw@db/x?sslmode=require', 'url-password'],
  ['https://user:token@github.com/org/repo.git', 'url-password'],
  // not secrets
  ['postgresql://db/x', undefined],
  ['postgresql://u@db/x', undefined],
  ['postgresql://u:@db/x', undefined],
  ['postgresql://u:$(DB_PASSWORD)@db/x', undefined],
  ['postgresql://u:${DB_PASSWORD}@db/x', undefined],
  ['http://example.com:8080/path', undefined],
  ['http://[::1]:8080/', undefined],
  ['mailto:someone@example.com', undefined],
  ['user@example.com', undefined],
  ['a:b@c', undefined],
  ['https://example.com/?page=2&sort=asc', undefined],
  // credentials in a URL's query string
  ['https://api.example.com/v1?api_key=abcdef123456', 'url-query-credential'],
  ['postgresql://db/x?password=hunter2', 'url-query-credential'],
  ['https://x.blob.core.windows.net/c?sv=2020&sig=abcDEF123%3D', 'url-query-credential'],
  // PEM
  ['-----BEGIN PRIVATE KEY-----\nMIIEvQ...\n-----END PRIVATE KEY-----\n', 'pem-private-key'],
  ['-----BEGIN RSA PRIVATE KEY-----\nMIIE...', 'pem-private-key'],
  ['-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl...', 'pem-private-key'],
  ['-----BEGIN EC PRIVATE KEY-----', 'pem-private-key'],
  ['-----BEGIN ENCRYPTED PRIVATE KEY-----', 'pem-private-key'],
  ['-----BEGIN PGP PRIVATE KEY BLOCK-----', 'pem-private-key'],
  ['-----BEGIN CERTIFICATE-----\nMIID...\n-----END CERTIFICATE-----', undefined],
  ['-----BEGIN PUBLIC KEY-----\nMIIB...', undefined],
  // JWTs
  [JWT, 'jwt'],
  [`Bearer ${JWT}`, 'jwt'],
  [UNSIGNED_JWT, 'jwt'],
  ['eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo', 'jwt'],
  ['a.b.c', undefined],
  ['app.main.api', undefined],
  ['eyJub3RhbGciOjF9.e30.abc', undefined], // header {"notalg":1}
  ['www.example.com', undefined],
  ['v1.2.3', undefined],
  // token prefixes
  ['ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8', 'github-token'],
  ['gho_' + 'A'.repeat(36), 'github-token'],
  ['github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRS', 'github-token'],
  ['glpat-abcdefghij0123456789', 'gitlab-token'],
  ['xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx', 'slack-token'],
  ['xoxp-1234-5678-abcdef', 'slack-token'],
  ['sk_live_' + '4eC39HqLyjWDarjtT1zdp7dc', 'stripe-key'],
  ['rk_live_abcdefghij1234', 'stripe-key'],
  ['AKIAIOSFODNN7EXAMPLE', 'aws-access-key-id'],
  ['ASIAIOSFODNN7EXAMPLE', 'aws-access-key-id'],
  ['AIzaSyD-1234567890abcdefghijklmnopqrstu', 'google-api-key'],
  ['sk-' + 'abcdefghijklmnopqrstuvwxyz012345', 'openai-key'],
  ['sk-proj-' + 'abcdefghijklmnopqrstuvwxyz_0123456789', 'openai-key'],
  ['sk-ant-api03-' + 'abcdefghijklmnopqrstuvwxyz', 'anthropic-key'],
  ['npm_' + 'a'.repeat(36), 'npm-token'],
  ['hf_' + 'a'.repeat(34), 'huggingface-token'],
  ['SG.' + 'a'.repeat(22) + '.' + 'b'.repeat(43), 'sendgrid-key'],
  ['Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345', 'bearer-token'],
  // near misses: low false positives
  ['ghp_short', undefined],
  ['sk-learn', undefined],
  ['task-runner-sk-abc', undefined],
  ['AKIA_NOT_A_KEY', undefined],
  ['AKIAIOSFODNN7EXAMPLEX', undefined],
  ['xoxo-gossip-girl', undefined],
  ['risk_live_updates_enabled', undefined],
  ['info', undefined],
  ['shop.main:app', undefined],
  ['registry.example.com/shop:1.2.3', undefined],
  ['sha256:' + 'a'.repeat(64), undefined],
  ['0123456789abcdef0123456789abcdef', undefined],
  ['--forwarded-allow-ips=10.0.0.0/8', undefined],
  ['', undefined],
];

describe('findSecretInValue', () => {
  test.each(CASES)('%j', (value, kind) => expect(findSecretInValue(value)?.kind).toBe(kind));
});

const FIXED_REASONS = ['a URL with a password in its user info', 'a URL with a credential in its query string'];
// Patterns too long for one line, joined from raw string parts (the same pattern as one literal).
const NO_SECRET_MESSAGE = new RegExp(
  String.raw`^env\.LOG_LEVEL looks like .+: a literal value is written into the manifests in plain text;` +
  String.raw` keep it in a Secret and reference it` +
  String.raw` \(EnvValue\.fromSecret, or \$\(VAR\) expansion of a secret-backed variable\)$`,
);
// The public part of a test value: a header or prefix that names the kind ('Bearer ', 'sk_live_', ...).
const PUBLIC_PREFIX = new RegExp(
  String.raw`^(?:Authorization: )?(?:Bearer )?(?:-----BEGIN [A-Z ]+-----)?` +
  String.raw`(?:[A-Za-z]+(?:_pat)?[-_](?:live_|test_|ant-|proj-)?)?`,
);

describe('checkNoSecretValue: the message names the kind, never the value', () => {
  test.each(CASES.filter(([, k]) => k !== undefined))('%j', (value) => {
    const msg = checkNoSecretValue('env.LOG_LEVEL', value)!;
    expect(msg).toMatch(NO_SECRET_MESSAGE);
    // no 6-character window of the secret part appears in the message (the public prefix, e.g.
    // 'sk_live_' or '-----BEGIN', may: it names the kind)
    expect(msg).not.toContain(value);
    const secretPart = value.replace(PUBLIC_PREFIX, '').slice(2);
    for (let i = 0; i + 6 <= secretPart.length; i++) {
      const window = secretPart.slice(i, i + 6);
      // (a window that is ordinary text of the fixed message, like 'passwo' in 'password', is no leak)
      const fixedText = msg.replace(/^env\.LOG_LEVEL /, '');
      const leaked = msg.includes(window)
        && !FIXED_REASONS.some((r) => r.includes(window) && fixedText.startsWith(`looks like ${r}`));
      if (/^[A-Za-z0-9_+/=-]{6}$/.test(window)) expect({ window, leaked }).toEqual({ window, leaked: false });
    }
  });
  test('exact messages', () => {
    expect(checkNoSecretValue('env.DATABASE_URL', 'postgresql://u:password@db/x')).toBe('env.DATABASE_URL looks like a '
      + 'URL with a password in its user info: a literal value is written into the manifests in plain text; keep it in '
      + 'a Secret and reference it (EnvValue.fromSecret, or $(VAR) expansion of a secret-backed variable)');
    expect(checkNoSecretValue('env.TLS', '-----BEGIN RSA PRIVATE KEY-----')).toBe('env.TLS looks like a PEM RSA '
      + 'private key block: a literal value is written into the manifests in plain text; keep it in a Secret and '
      + 'reference it (EnvValue.fromSecret, or $(VAR) expansion of a secret-backed variable)');
    expect(checkNoSecretValue('args[2]', JWT)).toBe('args[2] looks like a JSON Web Token (three base64url segments '
      + 'with a JOSE header): a literal value is written into the manifests in plain text; keep it in a Secret and '
      + 'reference it (EnvValue.fromSecret, or $(VAR) expansion of a secret-backed variable)');
  });
  test('non-strings are not this check\'s business', () => {
    expect(checkNoSecretValue('env.X', 5)).toBeUndefined();
    expect(checkNoSecretValue('env.X', { value: 'postgresql://u:p@db/x' })).toBeUndefined();
  });
});

describe('property: a detected secret never appears in the message', () => {
  const fc = require('fast-check') as typeof import('fast-check');
  const secret = fc.stringMatching(/^[A-Za-z0-9]{12,40}$/);
  test('for every template', () => {
    const templates: ((s: string) => string)[] = [
      (s) => `postgresql://app:${s}@db:5432/shop`, (s) => `redis://:${s}@cache/0`,
      (s) => `https://api.example.com/x?token=${s}`,
      (s) => `ghp_${s.padEnd(36, 'x')}`, (s) => `sk_live_${s}`, (s) => `glpat-${s.padEnd(20, 'x')}`, (s) => `xoxb-${s}`,
      (s) => `sk-${s.padEnd(20, 'x')}`,
      (s) => `-----BEGIN PRIVATE KEY-----\n${s}\n-----END PRIVATE KEY-----`, (s) => `Bearer ${s.padEnd(20, 'x')}`,
      (s) => `${b64url({ alg: 'RS256', kid: s })}.${b64url({ sub: s })}.${s}`,
    ];
    fc.assert(fc.property(secret, fc.integer({ min: 0, max: templates.length - 1 }), (s, i) => {
      const value = templates[i](s);
      const msg = checkNoSecretValue('env.X', value);
      expect(msg).toBeDefined();
      expect(msg).not.toContain(s);
    }), { seed: process.env.CI ? 11 : undefined, numRuns: Number(process.env.FC_NUM_RUNS ?? 200) });
  });
});
