/**
 * The Gateway API HTTPRoute feature: its options, defaults, every check of them (types, the CRD's
 * hostname and path rules) and the HTTPRoute it renders.
 *
 * G = imports/crds/gateway-api-v1.2.1-standard/gateway.networking.k8s.io_httproutes.yaml
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { HttpRoute, HttpRouteSpecRulesMatchesPathType } from '../imports/gateway.networking.k8s.io';
import { ensure, reject } from './errors';
import { DNS1123_SUBDOMAIN_MAX } from './checks/names';
import { isSloppyIPv4 } from './checks/network';
import { Check, firstOf, optional } from './checks/props-common';
import { checkArray, checkRecord, checkStringArray, expectString } from './checks/runtime-types';
import { checkYamlString } from './checks/yaml-safe';
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
/** G spec.hostnames items: pattern */
const HTTP_ROUTE_HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** G spec.hostnames items: maxLength 253, the DNS-1123 subdomain limit. */
const HTTP_ROUTE_HOSTNAME_MAX = DNS1123_SUBDOMAIN_MAX;
/** G HTTPPathMatch value for type Exact/PathPrefix: maxLength 1024 and the CEL rules, in the CRD's order. */
export const HTTP_ROUTE_PATH_MAX = 1024;
const HTTP_ROUTE_PATH_CHARS = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$/;

export interface ResolvedHttpRoute {
  readonly gateway: GatewayRef;
  readonly hostnames: string[];
  readonly path: string;
}

export function resolveHttpRoute(given: HttpRouteOptions | undefined): ResolvedHttpRoute | undefined {
  if (given === undefined) return undefined;
  ensure(checkHttpRouteTypes(given));
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
  // the CRD's own rules, stricter than an Ingress's (IPs, '#', non-URL characters, 1024)
  ensure(firstOf(
    () => checkArray('httpRoute.hostnames', hostnames, checkHttpRouteHostname),
    () => optional(given.path, () => checkHttpRoutePath('httpRoute.path', given.path)),
  ));
  return { gateway: { ...given.gateway }, hostnames: [...hostnames], path: given.path ?? DEFAULT_ROUTE_PATH };
}

/**
 * The runtime types of `httpRoute` (plain-JS callers), so no check misreads a value. FastApiService
 * also runs it before its walk over every string.
 */
export function checkHttpRouteTypes(httpRoute: unknown): Check {
  if (httpRoute === undefined) return undefined;
  const hostnames = (httpRoute as Partial<HttpRouteOptions>).hostnames;
  return firstOf(
    () => checkRecord('httpRoute', httpRoute),
    () => optional(hostnames, () => checkStringArray('httpRoute.hostnames', hostnames)),
  );
}

/**
 * An HTTPRoute hostname. G spec.hostnames items: minLength 1, maxLength 253,
 * pattern `^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`; the CRD's
 * description adds "IPs are not allowed" (not enforced by the pattern; we enforce it).
 */
export function checkHttpRouteHostname(prop: string, value: unknown): Check {
  const what = `a hostname of at most ${HTTP_ROUTE_HOSTNAME_MAX} characters `
    + "(lowercase dot-separated labels, optionally starting with '*.'), not an IP address";
  const notString = expectString(prop, value, what);
  if (notString) return notString;
  const hostname = value as string;
  if (hostname.length < 1 || hostname.length > HTTP_ROUTE_HOSTNAME_MAX || !HTTP_ROUTE_HOSTNAME.test(hostname)
    || isSloppyIPv4(hostname)) {
    return `${prop} must be ${what}, got '${hostname}'`;
  }
  return checkYamlString(prop, hostname);
}

/** An HTTPRoute PathPrefix value. G HTTPPathMatch: maxLength 1024 and the CEL rules, in the CRD's order. */
export function checkHttpRoutePath(prop: string, value: unknown): Check {
  const what = `an absolute path of at most ${HTTP_ROUTE_PATH_MAX} characters `
    + "matching ^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$";
  const notString = expectString(prop, value, what);
  if (notString) return notString;
  const path = value as string;
  if (path.length > HTTP_ROUTE_PATH_MAX) return `${prop} must be ${what}, got ${path.length} characters`;
  if (!path.startsWith('/')) return `${prop} must be an absolute path starting with '/', got '${path}'`;
  for (const seq of ['//', '/./', '/../', '%2f', '%2F', '#']) {
    if (path.includes(seq)) return `${prop} must not contain '${seq}' (Gateway API HTTPRoute rule), got '${path}'`;
  }
  for (const end of ['/..', '/.']) {
    if (path.endsWith(end)) return `${prop} must not end with '${end}' (Gateway API HTTPRoute rule), got '${path}'`;
  }
  if (!HTTP_ROUTE_PATH_CHARS.test(path)) return `${prop} must be ${what}, got '${path}'`;
  return undefined;
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
