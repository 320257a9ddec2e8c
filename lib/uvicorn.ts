import { Duration } from 'cdk8s';
import { conflict, reject } from './errors';
import { Range, integerIn, nonEmptyStrings, wholeSeconds } from './_validate';

/**
 * The uvicorn command line: the options of FastApiServiceProps that become flags, their defaults
 * and checks. The props themselves are documented on FastApiServiceProps.
 */

export const DEFAULT_ASGI_APP = 'main:app';
export const DEFAULT_PORT = 8000;
export const DEFAULT_WORKERS = 1;
export const DEFAULT_FORWARDED_ALLOW_IPS = '*';
/** uvicorn's own `--timeout-keep-alive`; the flag is only written when keepAliveTimeout is set. */
export const UVICORN_KEEP_ALIVE = Duration.seconds(5);
/** The props a custom `command` replaces; giving one of them with `command` is an error. */
export const COMMAND_CONFLICTS = ['asgiApp', 'workers', 'extraArgs', 'keepAliveTimeout'] as const;

/** Unprivileged ports only: the process is not root. */
export const APP_PORT: Range = { min: 1024, max: 65535 };
const WORKERS: Range = { min: 1, max: 64 };
const KEEP_ALIVE_SECONDS: Range = { min: 1, max: 3600 };
const ASGI_APP = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*:[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/;
const FORWARDED_IPS = /^[\w.:/*,]+$/;

/** The props that shape the command. */
export interface CommandInputs {
  readonly command?: string[];
  readonly asgiApp?: string;
  readonly workers?: number;
  readonly extraArgs?: string[];
  readonly keepAliveTimeout?: Duration;
  readonly forwardedAllowIps?: string;
}

/** Checks forwardedAllowIps early: it is validated even when no proxy is configured yet. */
export function checkForwardedAllowIps(value: string | undefined): void {
  if (value !== undefined && (typeof value !== 'string' || !FORWARDED_IPS.test(value))) {
    reject('forwardedAllowIps', value, 'a comma-separated list of addresses or CIDRs, or \'*\'');
  }
}

/** The app container's command: the user's, or uvicorn with graceful shutdown and proxy headers. */
export function resolveCommand(
  props: CommandInputs, port: number, gracefulSeconds: number, proxied: boolean,
): string[] {
  if (props.command !== undefined) {
    for (const other of COMMAND_CONFLICTS) {
      if (props[other] !== undefined) conflict('command', props.command, other);
    }
    nonEmptyStrings('command', props.command);
    return [...props.command];
  }
  const asgiApp = props.asgiApp ?? DEFAULT_ASGI_APP;
  if (typeof asgiApp !== 'string' || !ASGI_APP.test(asgiApp)) {
    reject('asgiApp', asgiApp, 'a uvicorn import string \'module.path:attribute\', e.g. \'service.main:app\'');
  }
  integerIn('workers', props.workers, WORKERS);
  if (props.extraArgs !== undefined) nonEmptyStrings('extraArgs', props.extraArgs);
  const keepAlive = props.keepAliveTimeout !== undefined
    ? wholeSeconds('keepAliveTimeout', props.keepAliveTimeout, UVICORN_KEEP_ALIVE.toSeconds(), KEEP_ALIVE_SECONDS)
    : undefined;
  return [
    'uvicorn', asgiApp,
    '--host', '0.0.0.0',
    '--port', String(port),
    '--workers', String(props.workers ?? DEFAULT_WORKERS),
    '--timeout-graceful-shutdown', String(gracefulSeconds),
    ...(keepAlive !== undefined ? ['--timeout-keep-alive', String(keepAlive)] : []),
    '--no-server-header',
    ...(proxied
      ? ['--proxy-headers', '--forwarded-allow-ips', props.forwardedAllowIps ?? DEFAULT_FORWARDED_ALLOW_IPS]
      : []),
    ...(props.extraArgs ?? []),
  ];
}

// ---- what extraArgs and env must not change -------------------------------------------------------

/** The flags resolveCommand generates: repeating one in extraArgs would silently win over it. */
export const GENERATED_UVICORN_FLAGS = [
  '--host', '--port', '--workers', '--timeout-graceful-shutdown', '--timeout-keep-alive', '--no-server-header',
  '--proxy-headers', '--forwarded-allow-ips',
] as const;

/**
 * uvicorn 0.54.0's options (uvicorn/main.py `main`: one `@click.option` each; the image's copy is in
 * the cached images, `find ~/.cache/cdk8s-fastapi -path '*uvicorn/main.py'`): flag, click parameter
 * name, whether it takes a value. The command is `@click.command(context_settings={"auto_envvar_prefix":
 * "UVICORN"})`, so click also reads every option from `UVICORN_<PARAMETER NAME IN UPPER CASE>` when
 * the flag is not on the command line (`--reload-dir` from UVICORN_RELOAD_DIRS, `--header` from
 * UVICORN_HEADERS). `--x/--no-x` options are one parameter.
 */
const UVICORN_OPTIONS: readonly (readonly [flag: string, param: string, takesValue: boolean])[] = [
  ['--host', 'host', true], ['--port', 'port', true], ['--uds', 'uds', true], ['--fd', 'fd', true],
  ['--reload', 'reload', false], ['--reload-dir', 'reload_dirs', true], ['--reload-include', 'reload_includes', true],
  ['--reload-exclude', 'reload_excludes', true], ['--reload-delay', 'reload_delay', true],
  ['--workers', 'workers', true], ['--loop', 'loop', true], ['--http', 'http', true], ['--http2', 'http2', false],
  ['--ws', 'ws', true], ['--ws-max-size', 'ws_max_size', true], ['--ws-max-queue', 'ws_max_queue', true],
  ['--ws-ping-interval', 'ws_ping_interval', true], ['--ws-ping-timeout', 'ws_ping_timeout', true],
  ['--ws-per-message-deflate', 'ws_per_message_deflate', true], ['--lifespan', 'lifespan', true],
  ['--interface', 'interface', true], ['--env-file', 'env_file', true], ['--log-config', 'log_config', true],
  ['--log-level', 'log_level', true], ['--access-log', 'access_log', false], ['--use-colors', 'use_colors', false],
  ['--proxy-headers', 'proxy_headers', false], ['--server-header', 'server_header', false],
  ['--date-header', 'date_header', false], ['--forwarded-allow-ips', 'forwarded_allow_ips', true],
  ['--root-path', 'root_path', true], ['--limit-concurrency', 'limit_concurrency', true],
  ['--backlog', 'backlog', true], ['--limit-max-requests', 'limit_max_requests', true],
  ['--limit-max-requests-jitter', 'limit_max_requests_jitter', true],
  ['--timeout-keep-alive', 'timeout_keep_alive', true],
  ['--timeout-graceful-shutdown', 'timeout_graceful_shutdown', true],
  ['--timeout-worker-healthcheck', 'timeout_worker_healthcheck', true],
  ['--ssl-keyfile', 'ssl_keyfile', true], ['--ssl-certfile', 'ssl_certfile', true],
  ['--ssl-keyfile-password', 'ssl_keyfile_password', true], ['--ssl-version', 'ssl_version', true],
  ['--ssl-cert-reqs', 'ssl_cert_reqs', true], ['--ssl-ca-certs', 'ssl_ca_certs', true],
  ['--ssl-ciphers', 'ssl_ciphers', true], ['--header', 'headers', true], ['--version', 'version', false],
  ['--app-dir', 'app_dir', true], ['--h11-max-incomplete-event-size', 'h11_max_incomplete_event_size', true],
  ['--reset-contextvars', 'reset_contextvars', false], ['--factory', 'factory', false], ['--help', 'help', false],
];
const NEGATABLE = ['--access-log', '--use-colors', '--proxy-headers', '--server-header', '--date-header'];

const GENERATED = 'which the construct sets from its own props (port, workers, shutdown, keepAliveTimeout, '
  + 'forwardedAllowIps) and the probes, Service and sizing rely on; set that prop instead';
/**
 * The options neither extraArgs nor env may set, and why. Everything else is left to the user: it
 * tunes the server without moving it off plain HTTP on `port` (--log-level, --access-log, --root-path,
 * --header, --limit-*, --backlog, --timeout-worker-healthcheck, --loop, --http, --ws*, --lifespan,
 * --interface, --env-file, --log-config, --use-colors, --date-header, --app-dir, --factory, ...).
 */
function reservedReason(flag: string): string | undefined {
  const generated = GENERATED_UVICORN_FLAGS.find((known) => known.replace(/^--no-/, '--') === flag);
  if (generated) return GENERATED;
  if (flag === '--uds' || flag === '--fd') {
    return 'which binds uvicorn to a UNIX socket or an inherited file descriptor instead of the port the probes '
      + 'and the Service use';
  }
  if (flag.startsWith('--ssl-')) {
    return 'which makes uvicorn serve HTTPS on the port the probes and the Service reach with plain HTTP; '
      + 'terminate TLS at the Ingress or Gateway';
  }
  if (flag === '--reload' || flag.startsWith('--reload-')) {
    return 'which is uvicorn\'s development mode: it watches the files, restarts on change and ignores --workers';
  }
  if (flag === '--version' || flag === '--help') return 'which makes uvicorn print and exit: the pod never serves';
  return undefined;
}

/** The option a flag as written names (`--no-x` names `--x`), or undefined. */
function optionOf(flag: string): readonly [string, string, boolean] | undefined {
  const positive = flag.startsWith('--no-') && NEGATABLE.includes(`--${flag.slice(5)}`) ? `--${flag.slice(5)}` : flag;
  return UVICORN_OPTIONS.find(([known]) => known === positive);
}

/**
 * extraArgs, as uvicorn's click parser reads them: no option that changes the bind, the transport
 * or the process model, or repeats a generated flag (as `--x v`, `--x=v` or `--no-x`); one argument
 * per item (`'--port 9000'` is one argument, which uvicorn refuses); and no second app argument.
 */
export function checkExtraArgs(prop: string, extraArgs: unknown): string | undefined {
  if (!Array.isArray(extraArgs)) return undefined;
  for (let i = 0; i < extraArgs.length; i++) {
    const arg = extraArgs[i];
    if (typeof arg !== 'string') continue;
    if (arg === '--') {
      return `${prop}[${i}] must not be '--': uvicorn would read what follows as a second app argument, `
        + 'and asgiApp is the only one';
    }
    if (!arg.startsWith('-')) {
      return `${prop}[${i}] must be an option or the value of the option before it: uvicorn takes one app `
        + `argument (asgiApp) and refuses a second one, got '${arg}'`;
    }
    const flag = arg.split('=')[0];
    if (/\s/.test(flag)) {
      return `${prop}[${i}] must be one argument per item: uvicorn gets the whole item as one argument and has no `
        + `option of that name; write ['--option', 'value'] or '--option=value', got '${flag}'`;
    }
    const why = reservedReason(optionOf(flag)?.[0] ?? flag);
    if (why === GENERATED) {
      const generated = GENERATED_UVICORN_FLAGS.find((known) => known.replace(/^--no-/, '--') === optionOf(flag)![0]);
      return `${prop}[${i}] must not repeat '${generated}', ${why}, got '${flag}'`;
    }
    if (why) return `${prop}[${i}] must not be '${flag}', ${why}`;
    // a value option written `--x v` takes the next item; an unknown option is assumed to take one
    const option = optionOf(flag);
    const next = extraArgs[i + 1];
    // click refuses both at start-up ("requires an argument", "does not take a value"): the pod crash-loops
    if (option?.[2] && !arg.includes('=') && next === undefined) {
      return `${prop}[${i}] must be followed by the value of '${flag}', which uvicorn requires, got nothing after it`;
    }
    if (option && !option[2] && arg.includes('=')) {
      return `${prop}[${i}] must be '${flag}' alone: it is a switch, and uvicorn refuses a value for it`;
    }
    if (!arg.includes('=') && (option ? option[2] : typeof next === 'string' && !next.startsWith('-'))) i++;
  }
  return undefined;
}

/**
 * Env names uvicorn reads as one of the options extraArgs must not set (click's auto_envvar_prefix,
 * see UVICORN_OPTIONS): `UVICORN_UDS` binds a UNIX socket as surely as `--uds` does, and
 * `UVICORN_TIMEOUT_KEEP_ALIVE` wins whenever keepAliveTimeout is not set.
 */
export function checkUvicornEnv(prop: string, env: unknown): string | undefined {
  if (env === null || typeof env !== 'object') return undefined;
  for (const name of Object.keys(env)) {
    // uvicorn/config.py: `os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")` when the flag is not
    // given, i.e. whenever nothing is proxied; uvicorn's proxy headers are on by default
    if (name === 'FORWARDED_ALLOW_IPS') {
      return `${prop} key '${name}' must not be set: uvicorn reads it as '--forwarded-allow-ips', ${GENERATED}`;
    }
    if (!name.startsWith('UVICORN_')) continue;
    const option = UVICORN_OPTIONS.find(([, param]) => `UVICORN_${param.toUpperCase()}` === name);
    const why = option && reservedReason(option[0]);
    if (why) return `${prop} key '${name}' must not be set: uvicorn reads it as '${option[0]}', ${why}`;
  }
  return undefined;
}
