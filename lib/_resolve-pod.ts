import { Size } from 'cdk8s';
import { ContainerResources, Cpu, k8s } from 'cdk8s-plus-28';
import { cpuMillis, scaleCpu, scaleSize, sizeKib } from './_quantity';
import { PROBE_KEYS, RESOURCE_KEYS, SECURITY_KEYS, SHUTDOWN_KEYS, TIMING_KEYS } from './_keys';
import { conflict, httpPath, integerIn, knownKeys, reject, wholeSeconds } from './_validate';
import { ProbeOptions, ProbeTiming } from './probes';
import { SecurityOptions, ShutdownOptions } from './props';

/** Requests and limits of one uvicorn worker; cpu and memory scale with --workers. */
const PER_WORKER: ContainerResources = {
  cpu: { request: Cpu.millis(250), limit: Cpu.millis(1000) },
  memory: { request: Size.mebibytes(256), limit: Size.mebibytes(512) },
};
const EPHEMERAL = { request: Size.mebibytes(64), limit: Size.mebibytes(256) };

export interface ResolvedResources {
  readonly requirements: k8s.ResourceRequirements;
  readonly hasCpuRequest: boolean;
  readonly hasMemoryRequest: boolean;
  readonly ephemeralLimitKib?: number;
}

export function defaultResources(workers: number): ContainerResources {
  return {
    cpu: { request: scaleCpu(PER_WORKER.cpu!.request!, workers), limit: scaleCpu(PER_WORKER.cpu!.limit!, workers) },
    memory: { request: scaleSize(PER_WORKER.memory!.request!, workers), limit: scaleSize(PER_WORKER.memory!.limit!, workers) },
    ephemeralStorage: EPHEMERAL,
  };
}

export function resolveResources(prop: string, res: ContainerResources): ResolvedResources {
  knownKeys(prop, res, RESOURCE_KEYS);
  const requests: Record<string, k8s.Quantity> = {};
  const limits: Record<string, k8s.Quantity> = {};
  const pair = (key: string, name: string, r: { request?: unknown; limit?: unknown } | undefined, toNumber: (x: any) => number, render: (x: any) => string) => {
    if (r === undefined) return;
    const amounts: Record<'request' | 'limit', number | undefined> = { request: undefined, limit: undefined };
    for (const which of ['request', 'limit'] as const) {
      const v = r[which];
      if (v === undefined) continue;
      let n = NaN;
      try { n = toNumber(v); } catch { /* reported below */ }
      if (!Number.isFinite(n) || n <= 0) reject(`${prop}.${name}.${which}`, render(v), 'a positive amount');
      amounts[which] = n;
      (which === 'request' ? requests : limits)[key] = k8s.Quantity.fromString(render(v));
    }
    if (amounts.request !== undefined && amounts.limit !== undefined && amounts.request > amounts.limit) {
      reject(`${prop}.${name}.request`, render(r.request), `at most the limit ${render(r.limit)}`);
    }
    return amounts;
  };
  const renderCpu = (c: Cpu) => String(c?.amount);
  const renderSize = (s: Size) => (typeof s?.asString === 'function' ? s.asString() : String(s));
  const cpu = pair('cpu', 'cpu', res.cpu, cpuMillis, renderCpu);
  const memory = pair('memory', 'memory', res.memory, sizeKib, renderSize);
  const eph = pair('ephemeral-storage', 'ephemeralStorage', res.ephemeralStorage, sizeKib, renderSize);
  return {
    requirements: {
      requests: Object.keys(requests).length ? requests : undefined,
      limits: Object.keys(limits).length ? limits : undefined,
    },
    hasCpuRequest: cpu?.request !== undefined,
    hasMemoryRequest: memory?.request !== undefined,
    ephemeralLimitKib: eph?.limit,
  };
}

export interface ResolvedShutdown {
  readonly preStopSeconds: number;
  readonly gracefulSeconds: number;
  readonly terminationSeconds: number;
}

export function resolveShutdown(s: ShutdownOptions = {}): ResolvedShutdown {
  knownKeys('shutdown', s, SHUTDOWN_KEYS);
  const preStopSeconds = wholeSeconds('shutdown.preStopDelay', s.preStopDelay, 5, 0, 300);
  const gracefulSeconds = wholeSeconds('shutdown.gracefulTimeout', s.gracefulTimeout, 20, 1, 3600);
  const terminationSeconds = wholeSeconds('shutdown.terminationGracePeriod', s.terminationGracePeriod, 30, 1, 3600);
  if (terminationSeconds <= preStopSeconds + gracefulSeconds) {
    reject('shutdown.terminationGracePeriod', `${terminationSeconds}s`,
      `longer than preStopDelay + gracefulTimeout (${preStopSeconds}s + ${gracefulSeconds}s), or the kubelet kills uvicorn mid-request`);
  }
  return { preStopSeconds, gracefulSeconds, terminationSeconds };
}

export interface ResolvedSecurity {
  readonly user: number;
  readonly group: number;
  readonly tmpSize: string;
}

export function resolveSecurity(s: SecurityOptions = {}, ephemeralLimitKib?: number): ResolvedSecurity {
  knownKeys('security', s, SECURITY_KEYS);
  integerIn('security.user', s.user, 10000, 2147483647);
  integerIn('security.group', s.group, 10000, 2147483647);
  const tmp = s.tmpSize ?? Size.mebibytes(64);
  let kib = NaN;
  try { kib = sizeKib(tmp); } catch { /* reported below */ }
  if (!Number.isFinite(kib) || kib <= 0) reject('security.tmpSize', String(tmp?.asString?.() ?? tmp), 'a positive Size');
  if (ephemeralLimitKib !== undefined && kib > ephemeralLimitKib) {
    reject('security.tmpSize', tmp.asString(), 'at most the container\'s ephemeral-storage limit, or the pod is evicted before /tmp fills');
  }
  return { user: s.user ?? 10001, group: s.group ?? 10001, tmpSize: tmp.asString() };
}

export interface ResolvedProbes {
  readonly startup: k8s.Probe;
  readonly liveness: k8s.Probe;
  readonly readiness: k8s.Probe;
}

interface TimingDefaults { period: number; timeout: number; failureThreshold: number }

function timing(prop: string, t: ProbeTiming = {}, d: TimingDefaults) {
  knownKeys(prop, t, TIMING_KEYS);
  const periodSeconds = wholeSeconds(`${prop}.period`, t.period, d.period, 1, 3600);
  const timeoutSeconds = wholeSeconds(`${prop}.timeout`, t.timeout, d.timeout, 1, 3600);
  if (timeoutSeconds > periodSeconds) {
    reject(`${prop}.timeout`, `${timeoutSeconds}s`, `at most the probe period (${periodSeconds}s)`);
  }
  integerIn(`${prop}.failureThreshold`, t.failureThreshold, 1, 100);
  return { periodSeconds, timeoutSeconds, failureThreshold: t.failureThreshold ?? d.failureThreshold };
}

export function resolveProbes(p: ProbeOptions = {}): ResolvedProbes {
  knownKeys('probes', p, PROBE_KEYS);
  httpPath('probes.livenessPath', p.livenessPath);
  httpPath('probes.readinessPath', p.readinessPath);
  httpPath('probes.startupPath', p.startupPath);
  const livenessPath = p.livenessPath ?? '/healthz';
  const readinessPath = p.readinessPath ?? '/readyz';
  if (livenessPath === readinessPath) {
    reject('probes.readinessPath', readinessPath, `different from the liveness path: a dependency outage must take the pod out of the Service, not restart it`);
  }
  if (p.startup?.failureThreshold !== undefined) {
    conflict('probes.startup.failureThreshold', p.startup.failureThreshold, 'probes.startupBudget, which sets it');
  }
  const get = (path: string): k8s.HttpGetAction => ({ path, port: k8s.IntOrString.fromString('http'), scheme: 'HTTP' });
  const startupTiming = timing('probes.startup', p.startup, { period: 2, timeout: 2, failureThreshold: 1 });
  const budget = wholeSeconds('probes.startupBudget', p.startupBudget, 60, 1, 3600);
  if (budget < startupTiming.periodSeconds) {
    reject('probes.startupBudget', `${budget}s`, `at least the startup probe period (${startupTiming.periodSeconds}s)`);
  }
  return {
    startup: {
      httpGet: get(p.startupPath ?? livenessPath),
      periodSeconds: startupTiming.periodSeconds,
      timeoutSeconds: startupTiming.timeoutSeconds,
      failureThreshold: Math.ceil(budget / startupTiming.periodSeconds),
    },
    liveness: { httpGet: get(livenessPath), ...timing('probes.liveness', p.liveness, { period: 10, timeout: 3, failureThreshold: 3 }) },
    readiness: { httpGet: get(readinessPath), ...timing('probes.readiness', p.readiness, { period: 5, timeout: 2, failureThreshold: 2 }) },
  };
}
