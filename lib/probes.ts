import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { conflict, reject } from './errors';
import { KeysOf, Range, httpPath, integerIn, knownKeys, wholeSeconds } from './_validate';

/** How often a probe runs and how patient it is. */
export interface ProbeTiming {
  /**
   * How often the kubelet probes.
   * @default - LIVENESS_DEFAULTS.period (10s) for liveness, READINESS_DEFAULTS.period (5s) for
   *   readiness, STARTUP_DEFAULTS.period (2s) for startup
   */
  readonly period?: Duration;
  /**
   * How long one probe request may take before it counts as a failure.
   * @default - LIVENESS_DEFAULTS.timeout (3s) for liveness, READINESS_DEFAULTS.timeout (2s) for
   *   readiness, STARTUP_DEFAULTS.timeout (2s) for startup
   */
  readonly timeout?: Duration;
  /**
   * Consecutive failures before the kubelet acts (restarts the container for liveness, removes
   * the pod from the Service for readiness). Not allowed for startup, where `startupBudget`
   * sets it: giving both is an error.
   * @default - LIVENESS_DEFAULTS.failureThreshold (3) for liveness,
   *   READINESS_DEFAULTS.failureThreshold (2) for readiness
   */
  readonly failureThreshold?: number;
}

/**
 * HTTP probes against the FastAPI app. Liveness and readiness answer different questions, so they
 * use different endpoints: `/healthz` says "this process works" (cheap, no dependencies), `/readyz`
 * says "send me traffic" (startup work done, dependencies reachable).
 */
export interface ProbeOptions {
  /**
   * Path of the liveness endpoint. A failing liveness probe restarts the container.
   * @default DEFAULT_LIVENESS_PATH ('/healthz')
   */
  readonly livenessPath?: string;
  /**
   * Path of the readiness endpoint. A failing readiness probe removes the pod from the Service.
   * @default DEFAULT_READINESS_PATH ('/readyz')
   */
  readonly readinessPath?: string;
  /**
   * Path of the startup endpoint, probed until it answers once; liveness and readiness wait for it.
   * @default - the liveness path
   */
  readonly startupPath?: string;
  /**
   * How long the app may take to start (imports, model loading, lifespan startup) before the
   * kubelet restarts it. Liveness does not run during this budget, so a slow start is never
   * mistaken for a hang.
   * @default DEFAULT_STARTUP_BUDGET (60s)
   */
  readonly startupBudget?: Duration;
  /**
   * Startup probe period and timeout; the failure threshold follows from `startupBudget`.
   * @default - STARTUP_DEFAULTS.period (2s), STARTUP_DEFAULTS.timeout (2s)
   */
  readonly startup?: ProbeTiming;
  /**
   * Liveness probe timing.
   * @default - LIVENESS_DEFAULTS.period (10s), LIVENESS_DEFAULTS.timeout (3s), LIVENESS_DEFAULTS.failureThreshold (3)
   */
  readonly liveness?: ProbeTiming;
  /**
   * Readiness probe timing.
   * @default - READINESS_DEFAULTS.period (5s), READINESS_DEFAULTS.timeout (2s), READINESS_DEFAULTS.failureThreshold (2)
   */
  readonly readiness?: ProbeTiming;
}

/** Per-probe defaults, in seconds. */
export interface TimingDefaults { readonly period: number; readonly timeout: number; readonly failureThreshold: number }

export const DEFAULT_LIVENESS_PATH = '/healthz';
export const DEFAULT_READINESS_PATH = '/readyz';
export const DEFAULT_STARTUP_BUDGET = Duration.seconds(60);
/** Fast polling while starting; failureThreshold is computed from the budget, never this. */
export const STARTUP_DEFAULTS: TimingDefaults = { period: 2, timeout: 2, failureThreshold: 1 };
/** Patient: a restart is expensive, so three misses 10s apart. */
export const LIVENESS_DEFAULTS: TimingDefaults = { period: 10, timeout: 3, failureThreshold: 3 };
/** Quick: leaving the Service is cheap and reversible. */
export const READINESS_DEFAULTS: TimingDefaults = { period: 5, timeout: 2, failureThreshold: 2 };

const PROBE_SECONDS: Range = { min: 1, max: 3600 };
const FAILURE_THRESHOLD: Range = { min: 1, max: 100 };

const PROBE_KEYS: KeysOf<ProbeOptions> = {
  livenessPath: true, readinessPath: true, startupPath: true, startupBudget: true,
  startup: true, liveness: true, readiness: true,
};
const TIMING_KEYS: KeysOf<ProbeTiming> = { period: true, timeout: true, failureThreshold: true };

/** The three probes of the app container, ready to render. */
export interface ResolvedProbes {
  readonly startup: k8s.Probe;
  readonly liveness: k8s.Probe;
  readonly readiness: k8s.Probe;
}

function timing(prop: string, given: ProbeTiming = {}, defaults: TimingDefaults) {
  knownKeys(prop, given, TIMING_KEYS);
  const periodSeconds = wholeSeconds(`${prop}.period`, given.period, defaults.period, PROBE_SECONDS);
  const timeoutSeconds = wholeSeconds(`${prop}.timeout`, given.timeout, defaults.timeout, PROBE_SECONDS);
  if (timeoutSeconds > periodSeconds) {
    reject(`${prop}.timeout`, `${timeoutSeconds}s`, `at most the probe period (${periodSeconds}s)`);
  }
  integerIn(`${prop}.failureThreshold`, given.failureThreshold, FAILURE_THRESHOLD);
  return { periodSeconds, timeoutSeconds, failureThreshold: given.failureThreshold ?? defaults.failureThreshold };
}

export function resolveProbes(given: ProbeOptions = {}): ResolvedProbes {
  knownKeys('probes', given, PROBE_KEYS);
  httpPath('probes.livenessPath', given.livenessPath);
  httpPath('probes.readinessPath', given.readinessPath);
  httpPath('probes.startupPath', given.startupPath);
  const livenessPath = given.livenessPath ?? DEFAULT_LIVENESS_PATH;
  const readinessPath = given.readinessPath ?? DEFAULT_READINESS_PATH;
  if (livenessPath === readinessPath) {
    reject('probes.readinessPath', readinessPath, 'different from the liveness path: '
      + 'a dependency outage must take the pod out of the Service, not restart it');
  }
  if (given.startup?.failureThreshold !== undefined) {
    conflict('probes.startup.failureThreshold', given.startup.failureThreshold, 'probes.startupBudget, which sets it');
  }
  const httpGet = (path: string): k8s.HttpGetAction => ({
    path, port: k8s.IntOrString.fromString('http'), scheme: 'HTTP',
  });
  const startupTiming = timing('probes.startup', given.startup, STARTUP_DEFAULTS);
  const budget = wholeSeconds('probes.startupBudget', given.startupBudget,
    DEFAULT_STARTUP_BUDGET.toSeconds(), PROBE_SECONDS);
  if (budget < startupTiming.periodSeconds) {
    reject('probes.startupBudget', `${budget}s`, `at least the startup probe period (${startupTiming.periodSeconds}s)`);
  }
  return {
    startup: {
      httpGet: httpGet(given.startupPath ?? livenessPath),
      periodSeconds: startupTiming.periodSeconds,
      timeoutSeconds: startupTiming.timeoutSeconds,
      failureThreshold: Math.ceil(budget / startupTiming.periodSeconds),
    },
    liveness: { httpGet: httpGet(livenessPath), ...timing('probes.liveness', given.liveness, LIVENESS_DEFAULTS) },
    readiness: { httpGet: httpGet(readinessPath), ...timing('probes.readiness', given.readiness, READINESS_DEFAULTS) },
  };
}
