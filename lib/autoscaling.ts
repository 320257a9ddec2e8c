import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { reject } from './errors';
import { normalizeNumber, normalizeNumbers } from './checks/runtime-types';
import { Component, ServiceIdentity, objectMetadata } from './_labels';
import { KeysOf, Range, instanceOf, integerIn, knownKeys, wholeSeconds } from './_validate';
import { ResolvedResources } from './resources';

/** Options of `Autoscaling.cpu`: a HorizontalPodAutoscaler on CPU, optionally memory too. */
export interface AutoscalingOptions {
  /**
   * Fewest replicas.
   * @default DEFAULT_MIN_REPLICAS (1)
   */
  readonly minReplicas?: number;
  /**
   * Most replicas.
   * @default - the larger of DEFAULT_MAX_REPLICAS (10) and minReplicas
   */
  readonly maxReplicas?: number;
  /**
   * Target average CPU utilization, in percent of the CPU request. Requires a CPU request.
   * @default DEFAULT_CPU_UTILIZATION (50)
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
   * @default DEFAULT_SCALE_DOWN_STABILIZATION (300s)
   */
  readonly scaleDownStabilization?: Duration;
  /**
   * How long the HPA looks back before scaling up. 0 reacts to load at once.
   * @default DEFAULT_SCALE_UP_STABILIZATION (0s)
   */
  readonly scaleUpStabilization?: Duration;
}

export const DEFAULT_MIN_REPLICAS = 1;
export const DEFAULT_MAX_REPLICAS = 10;
export const DEFAULT_CPU_UTILIZATION = 50;
export const DEFAULT_SCALE_DOWN_STABILIZATION = Duration.minutes(5);
export const DEFAULT_SCALE_UP_STABILIZATION = Duration.seconds(0);

const REPLICAS: Range = { min: 1, max: 1000 };
const FIXED_REPLICAS: Range = { min: 0, max: 1000 };
const PERCENT: Range = { min: 1, max: 100 };
const STABILIZATION_SECONDS: Range = { min: 0, max: 3600 };
const KEYS: KeysOf<AutoscalingOptions> = {
  minReplicas: true, maxReplicas: true, cpuUtilization: true, memoryUtilization: true,
  scaleDownStabilization: true, scaleUpStabilization: true,
};

/**
 * How many pods run: a HorizontalPodAutoscaler (`Autoscaling.cpu`) or a fixed count
 * (`Autoscaling.fixed`). A class rather than `options | false`, so Python users get keyword
 * arguments and a typo is an error instead of a silently dropped key.
 */
export class Autoscaling {
  /** A HorizontalPodAutoscaler on CPU (and optionally memory). The default, with every option at its default. */
  public static cpu(options: AutoscalingOptions = {}): Autoscaling {
    return new Autoscaling(normalizeNumbers(options), undefined);
  }

  /** A fixed replica count and no HorizontalPodAutoscaler. */
  public static fixed(replicas: number): Autoscaling {
    // -0 (JSON.parse('-0')) is written 0, as kubectl reads it, not `-0` (issue 11)
    return new Autoscaling(undefined, typeof replicas === 'number' ? normalizeNumber(replicas) : replicas);
  }

  private constructor(
    /** @internal */ public readonly _options: AutoscalingOptions | undefined,
    /** @internal */ public readonly _replicas: number | undefined,
  ) {}
}

/** An HPA's settings, validated, or a fixed count. */
export interface ResolvedAutoscaling {
  readonly hpa?: {
    readonly minReplicas: number;
    readonly maxReplicas: number;
    readonly cpuUtilization: number;
    readonly memoryUtilization?: number;
    readonly scaleDownSeconds: number;
    readonly scaleUpSeconds: number;
  };
  readonly replicas?: number;
  /** The most pods that can run: a PodDisruptionBudget only protects something above one. */
  readonly maxPods: number;
}

export function resolveAutoscaling(given: Autoscaling | undefined, resources: ResolvedResources): ResolvedAutoscaling {
  const autoscaling = instanceOf('autoscaling', given ?? Autoscaling.cpu(), Autoscaling,
    'Autoscaling.cpu({...}) or Autoscaling.fixed(replicas)');
  // Validated here rather than in the factories, so the error names the construct.
  const options = autoscaling._options;
  if (options === undefined) {
    const replicas = autoscaling._replicas;
    integerIn('autoscaling replicas', replicas, FIXED_REPLICAS);
    if (replicas === undefined) reject('autoscaling replicas', replicas, 'a number of pods');
    return { replicas, maxPods: replicas };
  }
  knownKeys('autoscaling', options, KEYS);
  integerIn('autoscaling.minReplicas', options.minReplicas, REPLICAS);
  integerIn('autoscaling.maxReplicas', options.maxReplicas, REPLICAS);
  integerIn('autoscaling.cpuUtilization', options.cpuUtilization, PERCENT);
  integerIn('autoscaling.memoryUtilization', options.memoryUtilization, PERCENT);
  const minReplicas = options.minReplicas ?? DEFAULT_MIN_REPLICAS;
  const maxReplicas = options.maxReplicas ?? Math.max(DEFAULT_MAX_REPLICAS, minReplicas);
  if (minReplicas > maxReplicas) {
    reject('autoscaling.minReplicas', minReplicas, `at most autoscaling.maxReplicas (${maxReplicas})`);
  }
  if (!resources.hasCpuRequest) {
    reject('resources.cpu.request', undefined,
      'set when autoscaling on CPU: utilization is measured against the request');
  }
  if (options.memoryUtilization !== undefined && !resources.hasMemoryRequest) {
    reject('resources.memory.request', undefined,
      'set when autoscaling on memory: utilization is measured against the request');
  }
  const hpa = {
    minReplicas,
    maxReplicas,
    cpuUtilization: options.cpuUtilization ?? DEFAULT_CPU_UTILIZATION,
    memoryUtilization: options.memoryUtilization,
    scaleDownSeconds: wholeSeconds('autoscaling.scaleDownStabilization', options.scaleDownStabilization,
      DEFAULT_SCALE_DOWN_STABILIZATION.toSeconds(), STABILIZATION_SECONDS),
    scaleUpSeconds: wholeSeconds('autoscaling.scaleUpStabilization', options.scaleUpStabilization,
      DEFAULT_SCALE_UP_STABILIZATION.toSeconds(), STABILIZATION_SECONDS),
  };
  return { hpa, maxPods: maxReplicas };
}

function utilization(resource: string, averageUtilization: number): k8s.MetricSpecV2 {
  return { type: 'Resource', resource: { name: resource, target: { type: 'Utilization', averageUtilization } } };
}

/** The HPA `<name>-hpa`, construct id `Autoscaler`, scaling the Deployment `<name>`. */
export function renderAutoscaler(
  scope: Construct, identity: ServiceIdentity, resolved: ResolvedAutoscaling, component: Component = 'api',
): k8s.KubeHorizontalPodAutoscalerV2 | undefined {
  const hpa = resolved.hpa;
  if (!hpa) return undefined;
  return new k8s.KubeHorizontalPodAutoscalerV2(scope, 'Autoscaler', {
    metadata: objectMetadata(identity, `${identity.name}-hpa`, component),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: identity.name },
      minReplicas: hpa.minReplicas,
      maxReplicas: hpa.maxReplicas,
      metrics: [
        utilization('cpu', hpa.cpuUtilization),
        ...(hpa.memoryUtilization !== undefined ? [utilization('memory', hpa.memoryUtilization)] : []),
      ],
      behavior: {
        // Up fast (double, or +4 pods, every 30s), down slowly (halve at most every minute).
        scaleUp: {
          stabilizationWindowSeconds: hpa.scaleUpSeconds,
          selectPolicy: 'Max',
          policies: [{ type: 'Percent', value: 100, periodSeconds: 30 }, { type: 'Pods', value: 4, periodSeconds: 30 }],
        },
        scaleDown: {
          stabilizationWindowSeconds: hpa.scaleDownSeconds,
          selectPolicy: 'Max',
          policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }],
        },
      },
    },
  });
}
