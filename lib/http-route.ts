import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { HttpRoute, HttpRouteSpecRulesMatchesPathType } from '../imports/gateway.networking.k8s.io';
import { reject } from './errors';
import { ServiceIdentity, objectMetadata } from './_labels';
import { KeysOf, Range, dns1123Label, dns1123Subdomain, hostName, ingressPath, knownKeys, unique } from './_validate';

/** The Gateway an HTTPRoute attaches to. */
export interface GatewayRef {
  /** The Gateway's name. */
  readonly name: string;
  /**
   * The Gateway's namespace.
   * @default - the route's namespace
   */
  readonly namespace?: string;
  /**
   * A listener of the Gateway, e.g. 'https'.
   * @default - every listener that accepts the route
   */
  readonly sectionName?: string;
}

/**
 * A Gateway API HTTPRoute (gateway.networking.k8s.io/v1) to the Service: the successor of
 * Ingress. TLS is terminated by the Gateway's listener, so it is configured there, not here.
 */
export interface HttpRouteOptions {
  /** The Gateway to attach to. */
  readonly gateway: GatewayRef;
  /** Host names the route answers for, e.g. ['api.example.com']. */
  readonly hostnames: string[];
  /**
   * The path prefix routed to the app.
   * @default DEFAULT_ROUTE_PATH ('/')
   */
  readonly path?: string;
}

export const DEFAULT_ROUTE_PATH = '/';
/** The Gateway API CRD allows at most 16 hostnames per route. */
const HOSTNAMES: Range = { min: 1, max: 16 };
const KEYS: KeysOf<HttpRouteOptions> = { gateway: true, hostnames: true, path: true };
const GATEWAY_KEYS: KeysOf<GatewayRef> = { name: true, namespace: true, sectionName: true };

export interface ResolvedHttpRoute {
  readonly gateway: GatewayRef;
  readonly hostnames: string[];
  readonly path: string;
}

export function resolveHttpRoute(given: HttpRouteOptions | undefined): ResolvedHttpRoute | undefined {
  if (given === undefined) return undefined;
  knownKeys('httpRoute', given, KEYS);
  if (given.gateway === undefined) {
    reject('httpRoute.gateway', undefined, 'a Gateway reference { name, namespace?, sectionName? }');
  }
  knownKeys('httpRoute.gateway', given.gateway, GATEWAY_KEYS);
  dns1123Subdomain('httpRoute.gateway.name', given.gateway.name);
  if (given.gateway.name === undefined) reject('httpRoute.gateway.name', undefined, 'the Gateway\'s name');
  dns1123Label('httpRoute.gateway.namespace', given.gateway.namespace);
  dns1123Label('httpRoute.gateway.sectionName', given.gateway.sectionName);
  const hostnames = given.hostnames;
  if (!Array.isArray(hostnames) || hostnames.length < HOSTNAMES.min || hostnames.length > HOSTNAMES.max) {
    reject('httpRoute.hostnames', hostnames, `a list of ${HOSTNAMES.min} to ${HOSTNAMES.max} host names`);
  }
  hostnames.forEach((host, i) => hostName(`httpRoute.hostnames[${i}]`, host));
  unique('httpRoute.hostnames', hostnames);
  ingressPath('httpRoute.path', given.path);
  return { gateway: { ...given.gateway }, hostnames: [...hostnames], path: given.path ?? DEFAULT_ROUTE_PATH };
}

/** The HTTPRoute `<name>-route`, construct id `HttpRoute`, to the Service. */
export function renderHttpRoute(
  scope: Construct, identity: ServiceIdentity, serviceName: string, servicePort: number,
  resolved: ResolvedHttpRoute | undefined,
): ApiObject | undefined {
  if (!resolved) return undefined;
  return new HttpRoute(scope, 'HttpRoute', {
    metadata: objectMetadata(identity, `${identity.name}-route`),
    spec: {
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', ...resolved.gateway }],
      hostnames: resolved.hostnames,
      rules: [{
        matches: [{ path: { type: HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: resolved.path } }],
        backendRefs: [{ name: serviceName, port: servicePort }],
      }],
    },
  });
}
