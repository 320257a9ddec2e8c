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
