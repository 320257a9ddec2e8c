/**
 * HTTPRoute hostnames and path matches as the Gateway API v1.2.1 CRDs validate them. Every check
 * returns `<prop> must ...` when the value would be refused, undefined when it is fine.
 *
 * G = imports/crds/gateway-api-v1.2.1-standard/gateway.networking.k8s.io_httproutes.yaml
 */
import { isSloppyIPv4 } from './network';
import { expectString } from './runtime-types';
import { checkYamlString } from './yaml-safe';

/** G spec.hostnames items: pattern */
const HTTP_ROUTE_HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * An HTTPRoute hostname. G spec.hostnames items: minLength 1, maxLength 253,
 * pattern `^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`; the CRD's
 * description adds "IPs are not allowed" (not enforced by the pattern; we enforce it).
 */
export function checkHttpRouteHostname(prop: string, value: unknown): string | undefined {
  const what = 'a hostname of at most 253 characters '
    + "(lowercase dot-separated labels, optionally starting with '*.'), not an IP address";
  const notString = expectString(prop, value, what);
  if (notString) return notString;
  const hostname = value as string;
  if (hostname.length < 1 || hostname.length > 253 || !HTTP_ROUTE_HOSTNAME.test(hostname) || isSloppyIPv4(hostname)) {
    return `${prop} must be ${what}, got '${hostname}'`;
  }
  return checkYamlString(prop, hostname);
}

/** G HTTPPathMatch value for type Exact/PathPrefix: maxLength 1024 and the CEL rules, in the CRD's order. */
export const HTTP_ROUTE_PATH_MAX = 1024;
const HTTP_ROUTE_PATH_CHARS = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$/;

export function checkHttpRoutePath(prop: string, value: unknown): string | undefined {
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
