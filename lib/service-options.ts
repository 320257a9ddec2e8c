import { ServiceType } from 'cdk8s-plus-28';
import { conflict, reject } from './errors';
import { KeysOf, Range, annotations, integerIn, knownKeys } from './_validate';
import { checkAnnotations } from './checks/names';
import { Check, Props, firstOf, optional } from './checks/props-common';
import { checkRecord, checkStringRecord } from './checks/runtime-types';

/** The Service `<name>-svc`: its port, type and annotations. */
export interface ServiceOptions {
  /**
   * Port the Service exposes. Replaces the deprecated top-level `servicePort` (giving both is an error).
   * @default DEFAULT_SERVICE_PORT (80)
   */
  readonly port?: number;
  /**
   * `ClusterIP` keeps the app inside the cluster (reach it through `ingress` or `httpRoute`);
   * `LoadBalancer` gives it a cloud load balancer, as the original tutorial's api.yaml did;
   * `NodePort` opens a port on every node. `ExternalName` has no pods and is rejected.
   * @default DEFAULT_SERVICE_TYPE (ClusterIP)
   */
  readonly type?: ServiceType;
  /**
   * Annotations of the Service, e.g. a cloud load balancer's
   * `service.beta.kubernetes.io/aws-load-balancer-scheme`.
   * @default - none
   */
  readonly annotations?: Record<string, string>;
}

export const DEFAULT_SERVICE_PORT = 80;
export const DEFAULT_SERVICE_TYPE = ServiceType.CLUSTER_IP;

const SERVICE_PORT: Range = { min: 1, max: 65535 };
const KEYS: KeysOf<ServiceOptions> = { port: true, type: true, annotations: true };
const TYPES = [ServiceType.CLUSTER_IP, ServiceType.NODE_PORT, ServiceType.LOAD_BALANCER];

export interface ResolvedServiceOptions {
  readonly port: number;
  readonly type: string;
  readonly annotations?: Record<string, string>;
}

/** `service` and the deprecated `servicePort`, validated. */
export function resolveServiceOptions(
  given: ServiceOptions | undefined, servicePort: number | undefined,
): ResolvedServiceOptions {
  knownKeys('service', given, KEYS);
  integerIn('servicePort', servicePort, SERVICE_PORT);
  integerIn('service.port', given?.port, SERVICE_PORT);
  if (given?.port !== undefined && servicePort !== undefined) {
    conflict('service.port', given.port, 'servicePort (deprecated: use service.port only)');
  }
  const type = given?.type ?? DEFAULT_SERVICE_TYPE;
  if (!TYPES.includes(type)) reject('service.type', type, `one of ${TYPES.join(', ')}`);
  const checked = annotations('service.annotations', given?.annotations);
  return {
    port: given?.port ?? servicePort ?? DEFAULT_SERVICE_PORT,
    type,
    annotations: Object.keys(checked).length ? checked : undefined,
  };
}

/** Runtime types of `service` (plain-JS callers), before the walk over every string. */
export function checkServiceOptionsTypes(service: unknown): Check {
  const annotationsGiven = (service as Props | undefined)?.annotations;
  return firstOf(
    () => optional(service, () => checkRecord('service', service)),
    () => optional(annotationsGiven, () => checkStringRecord('service.annotations', annotationsGiven)),
  );
}

/** The apiserver's 256 KiB limit on the Service's annotations (counted in UTF-8 bytes). */
export function checkServiceOptionsRules(service: unknown): Check {
  const annotationsGiven = (service as Props | undefined)?.annotations;
  return optional(annotationsGiven, () => checkAnnotations('service.annotations', annotationsGiven));
}
