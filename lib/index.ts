// The public API: the constructs, their option types, the env helpers and the error check.
// The policy plugin is `cdk8s-fastapi/policy`; the fast YAML writer is `cdk8s-fastapi/fast-yaml`.
export { FastApiService } from './fastapi-service';
export type { FastApiServiceProps } from './props';
export { LoadTest } from './load-test';
export type { LoadTestProps } from './load-test';
export { Autoscaling } from './autoscaling';
export type { AutoscalingOptions } from './autoscaling';
export { ServiceNetworkPolicy } from './network-policy';
export type { NetworkPolicyOptions } from './network-policy';
export { IngressTls } from './ingress';
export type { IngressOptions, IngressTlsOptions } from './ingress';
export type { GatewayRef, HttpRouteOptions } from './http-route';
export { InitStep } from './migration';
export type { InitStepOptions, MigrationOptions } from './migration';
export type { ProbeOptions, ProbeTiming } from './probes';
export type { SecurityOptions, ShutdownOptions } from './pod';
export { EnvSource, ServiceEnv } from './env';
export type { EnvSourceOptions, KeyRefOptions } from './env';
export { FastApiErrors } from './errors';
export { Toleration, TaintEffect } from './placement';
export type { PlacementOptions, TolerationOptions } from './placement';
export type { ServiceOptions } from './service-options';
export { Volume } from './volumes';
export type {
  ClaimVolumeOptions, ConfigMapVolumeOptions, EmptyDirVolumeOptions, KeyFilesOptions, SecretVolumeOptions,
  VolumeMountOptions,
} from './volumes';
export { Sidecar } from './sidecars';
export type { SidecarHealthOptions, SidecarOptions } from './sidecars';
export { FastApiWorker } from './fastapi-worker';
export { WorkerLiveness } from './worker-options';
export type { FastApiWorkerProps, WorkerShutdownOptions } from './worker-options';
