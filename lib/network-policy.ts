/**
 * The NetworkPolicy feature: its options, defaults, every check of them (namespaces, canonical
 * CIDRs) and the NetworkPolicy it renders.
 */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ensure, reject } from './errors';
import { checkCidr } from './checks/network';
import { ServiceIdentity, instanceLabels, objectMetadata } from './_labels';
import { KeysOf, dns1123Label, instanceOf, knownKeys, unique } from './_validate';

/** Which pods may reach the app, and where its pods may connect to. */
export interface NetworkPolicyOptions {
  /**
   * Namespaces (by `kubernetes.io/metadata.name`) allowed to connect to the app port, e.g. the
   * ingress controller's. Pods in the service's own namespace are always allowed.
   * @default - any namespace may connect, to the app port only
   */
  readonly allowFromNamespaces?: string[];
  /**
   * Limit outgoing connections to DNS plus these CIDRs (the database, an API), e.g. ['10.20.0.0/16'],
   * in canonical form: no bits set after the prefix ('10.0.0.0/8', not '10.0.0.1/8'), IPv6 as RFC 5952.
   * @default - all egress allowed, declared explicitly: the construct cannot know the app's dependencies
   */
  readonly allowEgressTo?: string[];
}

const KEYS: KeysOf<NetworkPolicyOptions> = { allowFromNamespaces: true, allowEgressTo: true };
/** DNS is always allowed out when egress is limited: nothing works without it. */
export const DNS_PORT = 53;

/**
 * The NetworkPolicy of the service's pods: `ServiceNetworkPolicy.restrict()` (the default) admits
 * traffic to the app port only; `ServiceNetworkPolicy.none()` creates no NetworkPolicy and leaves
 * the pods open. A class rather than `options | false`, so a Python typo cannot widen access.
 */
export class ServiceNetworkPolicy {
  /** A NetworkPolicy admitting traffic to the app port only, optionally from listed namespaces. */
  public static restrict(options: NetworkPolicyOptions = {}): ServiceNetworkPolicy {
    return new ServiceNetworkPolicy(options);
  }

  /** No NetworkPolicy: every pod may connect to every port, and the pods may connect anywhere. */
  public static none(): ServiceNetworkPolicy {
    return new ServiceNetworkPolicy(undefined);
  }

  private constructor(/** @internal */ public readonly _options: NetworkPolicyOptions | undefined) {}
}

export interface ResolvedNetworkPolicy {
  readonly allowFromNamespaces?: string[];
  readonly allowEgressTo?: string[];
}

export function resolveNetworkPolicy(given: ServiceNetworkPolicy | undefined): ResolvedNetworkPolicy | undefined {
  const policy = instanceOf('networkPolicy', given ?? ServiceNetworkPolicy.restrict(), ServiceNetworkPolicy,
    'ServiceNetworkPolicy.restrict({...}) or ServiceNetworkPolicy.none()');
  const options = policy._options;
  if (options === undefined) return undefined;
  knownKeys('networkPolicy', options, KEYS);
  const namespaces = options.allowFromNamespaces;
  if (namespaces !== undefined) {
    if (!Array.isArray(namespaces)) {
      reject('networkPolicy.allowFromNamespaces', namespaces, 'a list of namespace names');
    }
    namespaces.forEach((namespace, i) => dns1123Label(`networkPolicy.allowFromNamespaces[${i}]`, namespace));
    unique('networkPolicy.allowFromNamespaces', namespaces);
  }
  const egress = options.allowEgressTo;
  if (egress !== undefined) {
    if (!Array.isArray(egress)) reject('networkPolicy.allowEgressTo', egress, 'a list of CIDRs');
    // the canonical form only (./checks/network checkCidr cites the apiserver's sloppy parsing it avoids)
    egress.forEach((cidr, i) => ensure(checkCidr(`networkPolicy.allowEgressTo[${i}]`, cidr)));
    unique('networkPolicy.allowEgressTo', egress);
  }
  return {
    allowFromNamespaces: namespaces ? [...namespaces] : undefined,
    allowEgressTo: egress ? [...egress] : undefined,
  };
}

/** The NetworkPolicy `<name>-netpol`, construct id `NetworkPolicy`. */
export function renderNetworkPolicy(
  scope: Construct, identity: ServiceIdentity, port: number, resolved: ResolvedNetworkPolicy | undefined,
): k8s.KubeNetworkPolicy | undefined {
  if (!resolved) return undefined;
  const { allowFromNamespaces: namespaces, allowEgressTo: cidrs } = resolved;
  const dns = ['UDP', 'TCP'].map((protocol) => ({ protocol, port: k8s.IntOrString.fromNumber(DNS_PORT) }));
  const namespacePeer = (namespace: string) => ({
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } },
  });
  return new k8s.KubeNetworkPolicy(scope, 'NetworkPolicy', {
    metadata: objectMetadata(identity, `${identity.name}-netpol`),
    spec: {
      // Every pod of the instance, the migration Job's too: none of them accepts other traffic.
      podSelector: { matchLabels: instanceLabels(identity) },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{
        from: namespaces ? [{ podSelector: {} }, ...namespaces.map(namespacePeer)] : undefined,
        ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) }],
      }],
      egress: cidrs ? [{ ports: dns }, { to: cidrs.map((cidr) => ({ ipBlock: { cidr } })) }] : [{}],
    },
  });
}
