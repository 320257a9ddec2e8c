/**
 * The Ingress feature: its options, defaults, every check of them (types, the apiserver's host,
 * path and annotation rules, conflicts) and the Ingress it renders.
 *
 * K = k8s.io/kubernetes v1.28.15 pkg/apis/networking/validation/validation.go
 * A = k8s.io/apimachinery v0.28.15 pkg/util/validation/validation.go
 */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ensure, reject } from './errors';
import { Check, firstOf, optional } from './checks/props-common';
import { DNS1123_SUBDOMAIN, DNS1123_SUBDOMAIN_MAX, checkAnnotations } from './checks/names';
import { isSloppyIPv4 } from './checks/network';
import { checkRecord, checkStringRecord, expectString, isPlainObject } from './checks/runtime-types';
import { checkYamlString } from './checks/yaml-safe';
import { ServiceIdentity, objectMetadata } from './_labels';
import {
  KeysOf, annotations as checkedAnnotations, dns1123Subdomain, hostName, ingressPath, instanceOf, knownKeys,
} from './_validate';

/** Options of a cert-manager-issued certificate. */
export interface IngressTlsOptions {
  /**
   * The Secret that receives the certificate.
   * @default - '<name>-tls'
   */
  readonly secretName?: string;
}

/**
 * TLS termination at the ingress controller. HTTPS is not optional by accident: `tls` is
 * required, and plain HTTP takes an explicit `IngressTls.disabled()`.
 */
export class IngressTls {
  /** A certificate from a cert-manager ClusterIssuer (sets `cert-manager.io/cluster-issuer`). */
  public static clusterIssuer(issuerName: string, options: IngressTlsOptions = {}): IngressTls {
    return new IngressTls('cert-manager.io/cluster-issuer', issuerName, options.secretName, true);
  }

  /** A certificate from a cert-manager Issuer in the same namespace (sets `cert-manager.io/issuer`). */
  public static issuer(issuerName: string, options: IngressTlsOptions = {}): IngressTls {
    return new IngressTls('cert-manager.io/issuer', issuerName, options.secretName, true);
  }

  /** A certificate you manage, in this Secret of the same namespace. */
  public static fromSecret(secretName: string): IngressTls {
    return new IngressTls(undefined, undefined, secretName, true);
  }

  /** Plain HTTP, on purpose (e.g. TLS terminated by a load balancer in front of the controller). */
  public static disabled(): IngressTls {
    return new IngressTls(undefined, undefined, undefined, false);
  }

  private constructor(
    /** @internal */ public readonly _issuerAnnotation: string | undefined,
    /** @internal */ public readonly _issuerName: string | undefined,
    /** @internal */ public readonly _secretName: string | undefined,
    /** @internal */ public readonly _enabled: boolean,
  ) {}
}

/** HTTPS from outside the cluster: an Ingress in front of the Service. */
export interface IngressOptions {
  /** The host name clients use, e.g. 'api.example.com'. */
  readonly host: string;
  /** TLS: `IngressTls.clusterIssuer(...)`, `.issuer(...)`, `.fromSecret(...)` or `.disabled()`. */
  readonly tls: IngressTls;
  /**
   * The path prefix routed to the app.
   * @default DEFAULT_INGRESS_PATH ('/')
   */
  readonly path?: string;
  /**
   * The IngressClass that serves this Ingress.
   * @default - the cluster's default IngressClass
   */
  readonly className?: string;
  /**
   * Extra annotations for the ingress controller. Not `kubernetes.io/ingress.class` together with
   * `className`, nor a cert-manager issuer annotation together with an issuer in `tls`: the
   * construct rejects both pairs (the choice would be made twice).
   * @default - none
   */
  readonly annotations?: Record<string, string>;
}

export const DEFAULT_INGRESS_PATH = '/';
/** The cert-manager annotations IngressTls sets. */
const ISSUER_ANNOTATIONS = ['cert-manager.io/issuer', 'cert-manager.io/cluster-issuer'];
/** The annotation that chose the class before spec.ingressClassName (deprecated since Kubernetes 1.18). */
export const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
// A: wildcardDNS1123SubdomainFmt
const WILDCARD_DNS1123_SUBDOMAIN = /^\*\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const KEYS: KeysOf<IngressOptions> = { host: true, path: true, className: true, tls: true, annotations: true };

export interface ResolvedIngress {
  readonly host: string;
  readonly path: string;
  readonly className?: string;
  readonly annotations: Record<string, string>;
  readonly tlsSecretName?: string;
}

export function resolveIngress(name: string, given: IngressOptions | undefined): ResolvedIngress | undefined {
  if (given === undefined) return undefined;
  ensure(checkIngressTypes(given));
  knownKeys('ingress', given, KEYS);
  if (typeof given.host !== 'string' || !given.host) {
    reject('ingress.host', given.host, 'a host name such as \'api.example.com\'');
  }
  hostName('ingress.host', given.host);
  ingressPath('ingress.path', given.path);
  dns1123Subdomain('ingress.className', given.className);
  const annotations = checkedAnnotations('ingress.annotations', given.annotations);
  if (given.tls === undefined) {
    reject('ingress.tls', undefined, 'set to IngressTls.clusterIssuer(...), issuer(...) or fromSecret(...), '
      + 'or to IngressTls.disabled() to serve plain HTTP on purpose');
  }
  const tls = instanceOf('ingress.tls', given.tls, IngressTls,
    'an IngressTls (IngressTls.clusterIssuer, issuer, fromSecret or disabled)');
  let tlsSecretName: string | undefined;
  if (tls._enabled) {
    if (tls._issuerAnnotation) {
      const clusterWide = tls._issuerAnnotation.endsWith('cluster-issuer');
      const prop = clusterWide ? 'ingress.tls clusterIssuer' : 'ingress.tls issuer';
      dns1123Subdomain(prop, tls._issuerName);
      annotations[tls._issuerAnnotation] = tls._issuerName!;
    }
    dns1123Subdomain('ingress.tls secretName', tls._secretName);
    tlsSecretName = tls._secretName ?? `${name}-tls`;
  }
  ensure(firstOf(
    () => checkIngressHost('ingress.host', given.host),
    // the 256 KiB are per object: `annotations` already holds the issuer annotation IngressTls adds
    () => optional(given.annotations, () => checkAnnotations('ingress.annotations', annotations)),
    () => checkIssuerAnnotations('ingress.annotations', given.annotations, tls._issuerAnnotation),
    () => checkIngressClassAnnotation('ingress.annotations', given.annotations, given.className),
  ));
  const path = given.path ?? DEFAULT_INGRESS_PATH;
  return { host: given.host, path, className: given.className, annotations, tlsSecretName };
}

/**
 * The runtime types of `ingress` (plain-JS callers), so no check misreads a value. FastApiService
 * also runs it before its walk over every string (a Map is named as the wrong type, not as unread).
 */
export function checkIngressTypes(ingress: unknown): Check {
  if (ingress === undefined) return undefined;
  const annotations = (ingress as Partial<IngressOptions>).annotations;
  return firstOf(
    () => checkRecord('ingress', ingress),
    () => optional(annotations, () => checkStringRecord('ingress.annotations', annotations)),
  );
}

/**
 * An Ingress rule host. K validateIngressRules: not an IP address ("must be a DNS name, not an IP
 * address"); with '*' A IsWildcardDNS1123Subdomain (`*.` then a subdomain), otherwise
 * A IsDNS1123Subdomain.
 */
export function checkIngressHost(prop: string, value: unknown, options: { allowWildcard?: boolean } = {}): Check {
  const allowWildcard = options.allowWildcard ?? true;
  const what = `a DNS name of at most ${DNS1123_SUBDOMAIN_MAX} characters (lowercase dot-separated labels`
    + `${allowWildcard ? ", optionally starting with '*.'" : ''}), not an IP address`;
  const notString = expectString(prop, value, what);
  if (notString) return notString;
  const host = value as string;
  if (isSloppyIPv4(host) || host.includes(':')) {
    return `${prop} must be a DNS name, not an IP address (the apiserver rejects IP hosts), got '${host}'`;
  }
  if (host.length > DNS1123_SUBDOMAIN_MAX) return `${prop} must be ${what}, got '${host}'`;
  if (host.includes('*')) {
    if (!allowWildcard || !WILDCARD_DNS1123_SUBDOMAIN.test(host)) return `${prop} must be ${what}, got '${host}'`;
    return undefined;
  }
  if (!DNS1123_SUBDOMAIN.test(host)) return `${prop} must be ${what}, got '${host}'`;
  return checkYamlString(prop, host);
}

/** An issuer annotation beside IngressTls.clusterIssuer/issuer: cert-manager would see both. */
export function checkIssuerAnnotations(prop: string, annotations: unknown, tlsIssuerAnnotation: string | undefined,
): Check {
  if (tlsIssuerAnnotation === undefined || !isPlainObject(annotations)) return undefined;
  const clash = Object.keys(annotations).find((key) => ISSUER_ANNOTATIONS.includes(key.toLowerCase()));
  if (clash === undefined) return undefined;
  return `${prop} key '${clash}' cannot be combined with ingress.tls (IngressTls.clusterIssuer or issuer), which`
    + ` sets '${tlsIssuerAnnotation}': cert-manager would see both; choose the issuer in ingress.tls only`;
}

/**
 * `kubernetes.io/ingress.class` beside `className`: two class selections that may disagree. The
 * Ingress writes spec.ingressClassName only when `className` is given (without it, the cluster's
 * default IngressClass applies), so the annotation alone stays allowed, for controllers that still
 * read only it. With both, the apiserver refuses a new Ingress whose annotation and ingressClassName
 * differ (K ValidateIngressCreate: "must match `ingressClassName` when both are specified", on create
 * only, so an update slips through), and equal values say the same thing twice: choose `className`.
 * The key is matched exactly, as the apiserver and the controllers read it.
 */
export function checkIngressClassAnnotation(prop: string, annotations: unknown, className: string | undefined): Check {
  if (className === undefined || !isPlainObject(annotations)) return undefined;
  if (!Object.hasOwn(annotations, INGRESS_CLASS_ANNOTATION)) return undefined;
  return `${prop} key '${INGRESS_CLASS_ANNOTATION}' cannot be combined with ingress.className, which sets`
    + ` spec.ingressClassName '${className}': the class would be chosen twice; set ingress.className only`;
}

/** The Ingress `<name>-ingress`, construct id `Ingress`, to the Service's `http` port. */
export function renderIngress(
  scope: Construct, identity: ServiceIdentity, serviceName: string, resolved: ResolvedIngress | undefined,
): k8s.KubeIngress | undefined {
  if (!resolved) return undefined;
  const annotations = Object.keys(resolved.annotations).length ? resolved.annotations : undefined;
  return new k8s.KubeIngress(scope, 'Ingress', {
    metadata: { ...objectMetadata(identity, `${identity.name}-ingress`), annotations },
    spec: {
      ingressClassName: resolved.className,
      tls: resolved.tlsSecretName ? [{ hosts: [resolved.host], secretName: resolved.tlsSecretName }] : undefined,
      rules: [{
        host: resolved.host,
        http: {
          paths: [{
            path: resolved.path,
            pathType: 'Prefix',
            backend: { service: { name: serviceName, port: { name: 'http' } } },
          }],
        },
      }],
    },
  });
}
