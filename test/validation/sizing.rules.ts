import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Autoscaling } from '../../lib';
import { Rule } from './rule';

/**
 * The catalogue of invalid input, part sizing: resources, autoscaling, probes and shutdown timing.
 */

const GRACE_PERIOD_TOO_SHORT = new RegExp(
  String.raw`^shutdown.terminationGracePeriod must be longer than preStopDelay \+ gracefulTimeout` +
  String.raw` \(5s \+ 20s\).*, got '25s'$`,
);

export const SIZING_RULES: Rule[] = [
  {
    rule: 'cpu request is at most the limit',
    valid: { resources: { cpu: { request: Cpu.millis(500), limit: Cpu.units(1) } } },
    invalid: { resources: { cpu: { request: Cpu.units(2), limit: Cpu.millis(500) } } },
    message: /^resources.cpu.request must be at most the limit 500m, got '2'$/,
  },
  {
    rule: 'memory request is at most the limit',
    valid: {
      resources: {
        cpu: { request: Cpu.millis(100) },
        memory: { request: Size.mebibytes(256), limit: Size.gibibytes(1) },
      },
    },
    invalid: {
      resources: {
        cpu: { request: Cpu.millis(100) },
        memory: { request: Size.gibibytes(2), limit: Size.mebibytes(512) },
      },
    },
    message: /^resources.memory.request must be at most the limit 512Mi, got '2Gi'$/,
  },
  {
    rule: 'quantities are positive',
    valid: { resources: { cpu: { request: Cpu.millis(1) } } },
    invalid: { resources: { cpu: { request: Cpu.millis(-5) } } },
    message: /^resources.cpu.request must be a positive amount, got '-5m'$/,
  },
  {
    rule: 'CPU autoscaling needs a CPU request',
    valid: { resources: { cpu: { request: Cpu.millis(100) } } },
    invalid: { resources: { memory: { request: Size.mebibytes(100) } } },
    message: /^resources.cpu.request must be set when autoscaling on CPU/,
  },
  {
    rule: 'memory autoscaling needs a memory request',
    valid: { autoscaling: Autoscaling.cpu({ memoryUtilization: 70 }) },
    invalid: {
      autoscaling: Autoscaling.cpu({ memoryUtilization: 70 }), resources: { cpu: { request: Cpu.millis(100) } },
    },
    message: /^resources.memory.request must be set when autoscaling on memory/,
  },
  {
    rule: 'minReplicas is at most maxReplicas',
    valid: { autoscaling: Autoscaling.cpu({ minReplicas: 3, maxReplicas: 3 }) },
    invalid: { autoscaling: Autoscaling.cpu({ minReplicas: 5, maxReplicas: 3 }) },
    message: /^autoscaling.minReplicas must be at most autoscaling.maxReplicas \(3\), got 5$/,
  },
  {
    rule: 'minReplicas is at least one',
    valid: { autoscaling: Autoscaling.cpu({ minReplicas: 1 }) },
    invalid: { autoscaling: Autoscaling.cpu({ minReplicas: 0 }) },
    message: /^autoscaling.minReplicas must be an integer between 1 and 1000, got 0$/,
  },
  {
    rule: 'cpuUtilization is a percentage',
    valid: { autoscaling: Autoscaling.cpu({ cpuUtilization: 100 }) },
    invalid: { autoscaling: Autoscaling.cpu({ cpuUtilization: 150 }) },
    message: /^autoscaling.cpuUtilization must be an integer between 1 and 100, got 150$/,
  },
  {
    rule: 'memoryUtilization is a percentage',
    valid: { autoscaling: Autoscaling.cpu({ memoryUtilization: 1 }) },
    invalid: { autoscaling: Autoscaling.cpu({ memoryUtilization: 0 }) },
    message: /^autoscaling.memoryUtilization must be an integer between 1 and 100, got 0$/,
  },
  {
    rule: 'the removed replicas prop is rejected',
    valid: { autoscaling: Autoscaling.fixed(3) }, invalid: { replicas: 3 } as any,
    message: /^props key must be one of image, .*, got 'replicas'$/,
  },
  {
    rule: 'fixed replicas are in range',
    valid: { autoscaling: Autoscaling.fixed(0) }, invalid: { autoscaling: Autoscaling.fixed(-1) },
    message: /^autoscaling replicas must be an integer between 0 and 1000, got -1$/,
  },
  {
    rule: 'probe paths start with a slash',
    valid: { probes: { livenessPath: '/livez' } }, invalid: { probes: { livenessPath: 'livez' } },
    message: /^probes.livenessPath must be an absolute HTTP path starting with '\/'.*, got 'livez'$/,
  },
  {
    rule: 'readiness and liveness differ',
    valid: { probes: { readinessPath: '/ready' } }, invalid: { probes: { readinessPath: '/healthz' } },
    message: /^probes.readinessPath must be different from the liveness path.*, got '\/healthz'$/,
  },
  {
    rule: 'probe timeout fits the period',
    valid: { probes: { readiness: { timeout: Duration.seconds(5), period: Duration.seconds(5) } } },
    invalid: { probes: { readiness: { timeout: Duration.seconds(6), period: Duration.seconds(5) } } },
    message: /^probes.readiness.timeout must be at most the probe period \(5s\), got '6s'$/,
  },
  {
    rule: 'probe durations are whole seconds',
    valid: { probes: { liveness: { period: Duration.seconds(4) } } },
    invalid: { probes: { liveness: { period: Duration.millis(1500) } } },
    message: /^probes.liveness.period must be a Duration of whole seconds between 1s and 3600s, got '1.5s'$/,
  },
  {
    rule: 'failure thresholds are positive',
    valid: { probes: { liveness: { failureThreshold: 1 } } },
    invalid: { probes: { liveness: { failureThreshold: 0 } } },
    message: /^probes.liveness.failureThreshold must be an integer between 1 and 100, got 0$/,
  },
  {
    rule: 'startup budget covers one period',
    valid: { probes: { startupBudget: Duration.seconds(2) } },
    invalid: { probes: { startupBudget: Duration.seconds(1) } },
    message: /^probes.startupBudget must be at least the startup probe period \(2s\), got '1s'$/,
  },
  {
    rule: 'startup failureThreshold comes from the budget',
    valid: { probes: { startup: { period: Duration.seconds(5) } } },
    invalid: { probes: { startup: { failureThreshold: 10 } } },
    message: /^probes.startup.failureThreshold cannot be combined with probes.startupBudget, which sets it, got 10$/,
  },
  {
    rule: 'grace period exceeds preStop plus graceful timeout',
    valid: { shutdown: { terminationGracePeriod: Duration.seconds(26) } },
    invalid: { shutdown: { terminationGracePeriod: Duration.seconds(25) } },
    message: GRACE_PERIOD_TOO_SHORT,
  },
  {
    rule: 'graceful timeout is positive',
    valid: { shutdown: { gracefulTimeout: Duration.seconds(1) } },
    invalid: { shutdown: { gracefulTimeout: Duration.seconds(0) } },
    message: /^shutdown.gracefulTimeout must be a Duration of whole seconds between 1s and 3600s, got '0s'$/,
  },
  {
    rule: 'autoscaling is an Autoscaling',
    valid: { autoscaling: Autoscaling.cpu({ minReplicas: 3 }) }, invalid: { autoscaling: { minReplicas: 3 } as any },
    message:
      /^autoscaling must be Autoscaling.cpu\(\{...\}\) or Autoscaling.fixed\(replicas\), got \{"minReplicas":3\}$/,
  },
];
