import { Duration } from 'cdk8s';

/** A HorizontalPodAutoscaler (autoscaling/v2) for the Deployment. */
export interface AutoscalingOptions {
  /**
   * Fewest replicas.
   * @default 1
   */
  readonly minReplicas?: number;
  /**
   * Most replicas.
   * @default 10
   */
  readonly maxReplicas?: number;
  /**
   * Target average CPU utilization, in percent of the CPU request. Requires a CPU request.
   * @default 50
   */
  readonly cpuUtilization?: number;
  /**
   * Target average memory utilization, in percent of the memory request. Python rarely returns
   * memory to the OS, so memory is a poor scale-down signal: off unless asked for.
   * @default - no memory metric
   */
  readonly memoryUtilization?: number;
  /**
   * How long the HPA looks back before scaling down, so a short lull does not drop capacity.
   * @default Duration.minutes(5)
   */
  readonly scaleDownStabilization?: Duration;
  /**
   * How long the HPA looks back before scaling up. 0 reacts to load at once.
   * @default Duration.seconds(0)
   */
  readonly scaleUpStabilization?: Duration;
}
