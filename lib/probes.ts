import { Duration } from 'cdk8s';

/** How often a probe runs and how patient it is. */
export interface ProbeTiming {
  /**
   * How often the kubelet probes.
   * @default - 10s for liveness, 5s for readiness, 2s for startup
   */
  readonly period?: Duration;
  /**
   * How long one probe request may take before it counts as a failure.
   * @default - 3s for liveness, 2s for readiness and startup
   */
  readonly timeout?: Duration;
  /**
   * Consecutive failures before the kubelet acts (restarts the container for liveness,
   * removes the pod from the Service for readiness). Ignored for startup: see `startupBudget`.
   * @default - 3 for liveness, 2 for readiness
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
   * @default '/healthz'
   */
  readonly livenessPath?: string;
  /**
   * Path of the readiness endpoint. A failing readiness probe removes the pod from the Service.
   * @default '/readyz'
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
   * @default Duration.seconds(60)
   */
  readonly startupBudget?: Duration;
  /**
   * Startup probe period and timeout; the failure threshold follows from `startupBudget`.
   * @default - period 2s, timeout 2s
   */
  readonly startup?: ProbeTiming;
  /** @default - period 10s, timeout 3s, failureThreshold 3 */
  readonly liveness?: ProbeTiming;
  /** @default - period 5s, timeout 2s, failureThreshold 2 */
  readonly readiness?: ProbeTiming;
}
