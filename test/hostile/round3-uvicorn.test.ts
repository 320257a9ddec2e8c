/**
 * Issue 11, round 3, class 4: extraArgs and UVICORN_* env names cannot move uvicorn off the port,
 * transport and process model the construct wires its probes, Service and sizing to.
 */
import { App, Chart, Testing } from 'cdk8s';
import { EnvValue } from 'cdk8s-plus-28';
import { FastApiErrors, FastApiService, FastApiServiceProps } from '../../lib';

const BASE: FastApiServiceProps = { image: 'registry.example.com/shop:1.2.3', asgiApp: 'shop.main:app' };

function build(extra: Partial<FastApiServiceProps>): Record<string, any>[] {
  const chart = new Chart(new App({ outdir: '/dev/null' }), 'test');
  new FastApiService(chart, 'api', { ...BASE, ...extra });
  return Testing.synth(chart);
}

function messageOf(extra: Partial<FastApiServiceProps>): string {
  try {
    build(extra);
  } catch (error) {
    expect(FastApiErrors.isValidationError(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('accepted');
}

const BIND = 'which binds uvicorn to a UNIX socket or an inherited file descriptor instead of the port';
const TLS = 'which makes uvicorn serve HTTPS on the port the probes and the Service reach with plain HTTP';
const RELOAD = 'which is uvicorn\'s development mode';
const EXIT = 'which makes uvicorn print and exit';
const ONE_PER_ITEM = 'must be one argument per item';
const SECOND_APP = 'must be an option or the value of the option before it: uvicorn takes one app argument '
  + '(asgiApp) and refuses a second one';
const REPEAT = (flag: string) => `must not repeat '${flag}', which the construct sets from its own props`;

const REJECTED_ARGS: [string[], string][] = [
  [['--uds', '/tmp/s'], `extraArgs[0] must not be '--uds', ${BIND}`],
  [['--uds=/tmp/s'], `extraArgs[0] must not be '--uds', ${BIND}`],
  [['--fd', '3'], `extraArgs[0] must not be '--fd', ${BIND}`],
  [['--ssl-keyfile', '/k', '--ssl-certfile', '/c'], `extraArgs[0] must not be '--ssl-keyfile', ${TLS}`],
  [['--ssl-certfile=/c'], `extraArgs[0] must not be '--ssl-certfile', ${TLS}`],
  [['--ssl-keyfile-password', 'x'], `extraArgs[0] must not be '--ssl-keyfile-password', ${TLS}`],
  [['--ssl-version', '2'], `extraArgs[0] must not be '--ssl-version', ${TLS}`],
  [['--ssl-cert-reqs', '2'], `extraArgs[0] must not be '--ssl-cert-reqs', ${TLS}`],
  [['--ssl-ca-certs', '/ca'], `extraArgs[0] must not be '--ssl-ca-certs', ${TLS}`],
  [['--ssl-ciphers', 'ALL'], `extraArgs[0] must not be '--ssl-ciphers', ${TLS}`],
  [['--reload'], `extraArgs[0] must not be '--reload', ${RELOAD}`],
  [['--reload-dir', '/app'], `extraArgs[0] must not be '--reload-dir', ${RELOAD}`],
  [['--reload-include=*.py'], `extraArgs[0] must not be '--reload-include', ${RELOAD}`],
  [['--reload-exclude', 'x'], `extraArgs[0] must not be '--reload-exclude', ${RELOAD}`],
  [['--reload-delay', '1'], `extraArgs[0] must not be '--reload-delay', ${RELOAD}`],
  [['--version'], `extraArgs[0] must not be '--version', ${EXIT}`],
  [['--port 9000'], `extraArgs[0] ${ONE_PER_ITEM}`],
  [['--log-level', 'info', '--workers 4'], `extraArgs[2] ${ONE_PER_ITEM}`],
  [['other.main:app'], `extraArgs[0] ${SECOND_APP}, got 'other.main:app'`],
  [['--log-level', 'info', 'other.main:app'], `extraArgs[2] ${SECOND_APP}`],
  [['--access-log', 'other.main:app'], `extraArgs[1] ${SECOND_APP}`],
  [['--', 'x'], "extraArgs[0] must not be '--': uvicorn would read what follows as a second app argument"],
  [['--server-header'], `extraArgs[0] ${REPEAT('--no-server-header')}`],
  [['--no-proxy-headers'], `extraArgs[0] ${REPEAT('--proxy-headers')}`],
  [['--log-level=info', '--port=1'], `extraArgs[1] ${REPEAT('--port')}`],
  [['--log-level'], "extraArgs[0] must be followed by the value of '--log-level', which uvicorn requires"],
  [['--access-log=false'], "extraArgs[0] must be '--access-log' alone: it is a switch"],
  [['--no-date-header=1'], "extraArgs[0] must be '--no-date-header' alone: it is a switch"],
];

describe.each(REJECTED_ARGS.map(([args, fragment]) => [JSON.stringify(args), args, fragment] as const))(
  'extraArgs %s', (_title, args, fragment) => {
    test('is rejected naming the construct path and the item', () => {
      const message = messageOf({ extraArgs: args });
      expect(message.startsWith('test/api: ')).toBe(true);
      expect(message).toContain(fragment);
    });
  });

const ACCEPTED_ARGS: string[][] = [
  ['--log-level', 'debug'], ['--log-level=debug'], ['--no-access-log'], ['--access-log'],
  ['--root-path', '/api'], ['--header', 'X-A:1', '--header=X-B:2'], ['--limit-concurrency', '100'],
  ['--timeout-worker-healthcheck', '10'], ['--no-date-header'], ['--root-path', '-x'],
  ['--some-future-option', 'value'], ['--factory'],
];

describe.each(ACCEPTED_ARGS.map((args) => [JSON.stringify(args), args] as const))('extraArgs %s', (_title, args) => {
  test('is accepted and written after the generated flags', () => {
    const deployment = build({ extraArgs: args }).find((doc) => doc.kind === 'Deployment')!;
    expect(deployment.spec.template.spec.containers[0].command.slice(-args.length)).toEqual(args);
  });
});

const REJECTED_ENV: [string, string][] = [
  ['UVICORN_UDS', '--uds'], ['UVICORN_FD', '--fd'], ['UVICORN_SSL_KEYFILE', '--ssl-keyfile'],
  ['UVICORN_SSL_CERTFILE', '--ssl-certfile'], ['UVICORN_RELOAD', '--reload'], ['UVICORN_RELOAD_DIRS', '--reload-dir'],
  ['UVICORN_HOST', '--host'], ['UVICORN_PORT', '--port'], ['UVICORN_WORKERS', '--workers'],
  ['UVICORN_TIMEOUT_KEEP_ALIVE', '--timeout-keep-alive'], ['UVICORN_PROXY_HEADERS', '--proxy-headers'],
  ['UVICORN_FORWARDED_ALLOW_IPS', '--forwarded-allow-ips'], ['UVICORN_SERVER_HEADER', '--server-header'],
  ['UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN', '--timeout-graceful-shutdown'],
  ['FORWARDED_ALLOW_IPS', '--forwarded-allow-ips'],
];

describe.each(REJECTED_ENV)('env %s', (name, flag) => {
  test('is rejected naming the construct path, the env key and the option uvicorn reads it as', () => {
    const message = messageOf({ env: { [name]: EnvValue.fromValue('1') } });
    expect(message).toContain(`test/api: env key '${name}' must not be set: uvicorn reads it as '${flag}', which`);
  });
});

describe.each([
  'UVICORN_LOG_LEVEL', 'UVICORN_ROOT_PATH', 'UVICORN_ACCESS_LOG', 'UVICORN_uds', 'MY_UVICORN_PORT', 'WEB_CONCURRENCY',
])(
  'env %s', (name) => {
    test('is accepted (uvicorn reads it as an option that does not move the server, or not at all)', () => {
      const docs = build({ env: { [name]: EnvValue.fromValue('info') } });
      const deployment = docs.find((doc) => doc.kind === 'Deployment')!;
      expect(deployment.spec.template.spec.containers[0].env).toContainEqual({ name, value: 'info' });
    });
  });
