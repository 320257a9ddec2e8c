import { AutoscalingOptions } from './autoscaling';
import { GatewayRef, HttpRouteOptions } from './http-route';
import { IngressOptions, IngressTlsOptions } from './ingress';
import { InitStep, MigrationOptions } from './init';
import { ProbeOptions, ProbeTiming } from './probes';
import { FastApiServiceProps, NetworkPolicyOptions, SecurityOptions, ShutdownOptions } from './props';

// The keys of every props interface, as Records so the compiler proves each list complete and exact.
type Keys<T> = Record<keyof T, true>;
const keys = <T>(record: Keys<T>): readonly string[] => Object.keys(record);

export const SERVICE_KEYS = keys<FastApiServiceProps>({
  image: true, name: true, namespace: true, asgiApp: true, port: true, servicePort: true, workers: true,
  extraArgs: true, command: true, imagePullPolicy: true, imagePullSecrets: true, env: true, envFrom: true,
  resources: true, autoscaling: true, replicas: true, probes: true, shutdown: true, initContainers: true,
  migration: true, ingress: true, forwardedAllowIps: true, security: true, networkPolicy: true, labels: true,
  partOf: true, version: true, revisionHistoryLimit: true, keepAliveTimeout: true, httpRoute: true,
});
export const HTTP_ROUTE_KEYS = keys<HttpRouteOptions>({ gateway: true, hostnames: true, path: true });
export const GATEWAY_REF_KEYS = keys<GatewayRef>({ name: true, namespace: true, sectionName: true });
export const AUTOSCALING_KEYS = keys<AutoscalingOptions>({
  minReplicas: true, maxReplicas: true, cpuUtilization: true, memoryUtilization: true,
  scaleDownStabilization: true, scaleUpStabilization: true,
});
export const PROBE_KEYS = keys<ProbeOptions>({
  livenessPath: true, readinessPath: true, startupPath: true, startupBudget: true, startup: true, liveness: true, readiness: true,
});
export const TIMING_KEYS = keys<ProbeTiming>({ period: true, timeout: true, failureThreshold: true });
export const SHUTDOWN_KEYS = keys<ShutdownOptions>({ preStopDelay: true, gracefulTimeout: true, terminationGracePeriod: true });
export const SECURITY_KEYS = keys<SecurityOptions>({ user: true, group: true, tmpSize: true });
export const NETWORK_POLICY_KEYS = keys<NetworkPolicyOptions>({ allowFromNamespaces: true, allowEgressTo: true });
export const INGRESS_KEYS = keys<IngressOptions>({ host: true, path: true, className: true, tls: true, annotations: true });
export const TLS_KEYS = keys<IngressTlsOptions>({ clusterIssuer: true, issuer: true, secretName: true });
export const INIT_STEP_KEYS = keys<InitStep>({ name: true, command: true, image: true, env: true, inheritEnv: true, resources: true });
export const MIGRATION_KEYS = keys<MigrationOptions>({
  command: true, env: true, backoffLimit: true, activeDeadline: true, ttlAfterFinished: true, hookAnnotations: true,
});
export const RESOURCE_KEYS = ['cpu', 'memory', 'ephemeralStorage'];
