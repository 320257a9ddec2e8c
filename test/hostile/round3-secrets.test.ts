/**
 * Issue 11, round 3: no error message echoes a secret value, and none carries an invisible or
 * line-breaking character raw. Each case goes through the real constructs; the message still names
 * the construct path and the prop.
 */
import { App, Chart } from 'cdk8s';
import { EnvValue } from 'cdk8s-plus-28';
import { show } from '../../lib/errors';
import {
  EnvSource, FastApiErrors, FastApiService, FastApiServiceProps, IngressTls, Sidecar, Volume,
} from '../../lib';

const BASE: FastApiServiceProps = { image: 'registry.example.com/shop:1.2.3', asgiApp: 'shop.main:app' };
const PG = 'postgresql://u:s3cretpw@db/x';
const GHP = 'ghp_' + 'A1b2C3d4E5'.repeat(3) + 'F6g7H8';
const AKIA = 'AKIA' + 'ABCDEFGHIJ234567';

function messageOf(extra: Record<string, unknown>): string {
  const chart = new Chart(new App({ outdir: '/dev/null' }), 'test');
  try {
    new FastApiService(chart, 'api', { ...BASE, ...extra } as FastApiServiceProps);
  } catch (error) {
    expect(FastApiErrors.isValidationError(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('accepted');
}

/** [title, props, the secret, the fragment naming the prop] */
const SECRET_CASES: [string, () => Record<string, unknown>, string, string][] = [
  ['an image with user:password', () => ({ image: 'u:s3cretpw@registry.example.com/shop:1.0' }), 's3cretpw',
    'image must be'],
  // a scheme makes it a URL with a password: the secret scan of every prop string answers first
  ['an https image with user:password', () => ({ image: 'https://u:s3cretpw@registry.example.com/shop:1.0' }),
    's3cretpw', 'image looks like a URL with a password'],
  ['a sidecar image with user:password', () => ({
    sidecars: [Sidecar.container({ name: 'proxy', image: 'https://u:s3cretpw@registry.example.com/p:1.0' })],
  }), 's3cretpw', 'image'],
  ['asgiApp a database URL', () => ({ asgiApp: PG }), 's3cretpw', 'asgiApp looks like a URL with a password'],
  ['autoscaling a database URL', () => ({ autoscaling: PG }), 's3cretpw', 'autoscaling'],
  ['imagePullPolicy a GitHub token', () => ({ imagePullPolicy: GHP }), GHP.slice(4),
    'imagePullPolicy looks like a GitHub token'],
  ['ingress.host with user:password', () => ({ ingress: { host: 'u:s3cretpw@a.example.com' } }), 's3cretpw',
    'ingress.host'],
  ['httpRoute.hostnames a database URL', () => ({ httpRoute: { gateway: { name: 'gw' }, hostnames: [PG] } }),
    's3cretpw', 'httpRoute.hostnames'],
  ['forwardedAllowIps a database URL', () => ({ forwardedAllowIps: PG }), 's3cretpw',
    'forwardedAllowIps looks like a URL with a password'],
  ['an env name that is a database URL', () => ({ env: { [PG]: EnvValue.fromValue('x') } }), 's3cretpw', 'env'],
  ['volumes[].secretName a GitHub token', () => ({
    volumes: [Volume.fromSecret({ name: 'certs', mountPath: '/certs', secretName: GHP })],
  }), GHP.slice(4), 'volumes[0].secretName'],
  ['IngressTls.fromSecret an AWS key id', () => ({
    ingress: { host: 'a.example.com', tls: IngressTls.fromSecret(AKIA) },
  }), AKIA.slice(4), 'tls'],
  ['probes.livenessPath with a token in the query', () => ({ probes: { livenessPath: `/h?token=${GHP}` } }),
    GHP.slice(4), 'probes.livenessPath'],
];

describe.each(SECRET_CASES)('%s', (_title, props, secret, fragment) => {
  test('is rejected naming the construct path and the prop, without the secret', () => {
    let message: string;
    try {
      message = messageOf(props());
    } catch (error) {
      // a factory that rejects the value itself (no construct path yet)
      expect(FastApiErrors.isValidationError(error)).toBe(true);
      message = `test/api: ${(error as Error).message}`;
    }
    expect(message.startsWith('test/api: ')).toBe(true);
    expect(message).toContain(fragment);
    expect(message).not.toContain(secret);
  });
});

/** [title, the invisible character] through EnvSource.configMap's prefix (a static factory) and asgiApp */
const INVISIBLE: [string, string, string][] = [
  ['NUL', '\u0000', '\\u0000'], ['ESC (C0)', '\u001b', '\\u001b'], ['DEL', '\u007f', '\\u007f'],
  ['NEL', '\u0085', '\\u0085'], ['a C1 control', '\u009b', '\\u009b'], ['U+2028', '\u2028', '\\u2028'],
  ['U+2029', '\u2029', '\\u2029'], ['a BOM', '\ufeff', '\\ufeff'], ['a lone high surrogate', '\ud800', '\\ud800'],
  ['a lone low surrogate', '\udc00', '\\udc00'], ['a zero-width space', '\u200b', '\\u200b'],
];

describe.each(INVISIBLE)('a rejected value holding %s', (_title, character, escaped) => {
  test('is shown escaped in a factory\'s message', () => {
    expect(() => EnvSource.configMap('c', { prefix: `A${character}` })).toThrow(`'A${escaped}'`);
  });

  test('never reaches a construct\'s message raw, which names the path and the prop', () => {
    const message = messageOf({ asgiApp: `shop.main:app${character}` });
    expect(message.startsWith('test/api: asgiApp ')).toBe(true);
    expect(message).not.toContain(character);
  });
});

test('a surrogate pair (an emoji) in a rejected value is shown as it is', () => {
  expect(messageOf({ asgiApp: 'shop.main:app\u{1F600}' })).toContain("'shop.main:app\u{1F600}'");
});

test('an image pinned by tag and digest is not taken for a credential', () => {
  const digest = `sha256:${'a'.repeat(64)}`;
  expect(messageOf({ image: `shop:1.0@${digest}`, imagePullPolicy: 'Sometimes' }))
    .toContain("imagePullPolicy must be one of Always, IfNotPresent, Never, got 'Sometimes'");
  expect(messageOf({ image: `Shop:1.0@${digest}` })).toContain(`got 'Shop:1.0@${digest}'`);
});


/** [title, value, what show() renders] */
const SHOWN: [string, unknown, string][] = [
  ['a plain string', 'Sometimes', "'Sometimes'"],
  ['a database URL', PG, 'a value that looks like a URL with a password in its user info (not shown)'],
  ['user:password@host without a scheme', 'u:pw@db.example.com',
    'a value that looks like a host name with a user name and password before it (not shown)'],
  ['an image pinned by tag and digest', `shop:1.0@sha256:${'a'.repeat(64)}`, `'shop:1.0@sha256:${'a'.repeat(64)}'`],
  ['a list holding a token', ['a', GHP],
    'a list holding a value that looks like a GitHub token (ghp_/gho_/ghu_/ghs_/ghr_ prefix) (not shown)'],
  ['an object holding an AWS key id', { key: AKIA },
    'a value holding a value that looks like an AWS access key id (AKIA/ASIA prefix) (not shown)'],
  ['a string with NUL and U+2028', 'a\u0000b\u2028', "'a\\u0000b\\u2028'"],
  ['a list with NEL', ['a\u0085'], '["a\\u0085"]'],
  ['a number', 3, '3'],
  ['undefined', undefined, 'undefined'],
];

describe.each(SHOWN)('show() of %s', (_title, value, shown) => {
  test('renders it for a message, never a secret or an invisible character', () => {
    expect(show(value)).toBe(shown);
  });
});
