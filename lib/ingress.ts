import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { reject } from './errors';
import { ServiceIdentity, objectMetadata } from './_labels';
import {
  KeysOf, annotations as checkAnnotations, dns1123Subdomain, hostName, ingressPath, instanceOf, knownKeys,
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
   * Extra annotations for the ingress controller.
   * @default - none
   */
  readonly annotations?: Record<string, string>;
}

export const DEFAULT_INGRESS_PATH = '/';
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
  knownKeys('ingress', given, KEYS);
  if (typeof given.host !== 'string' || !given.host) {
    reject('ingress.host', given.host, 'a host name such as \'api.example.com\'');
  }
  hostName('ingress.host', given.host);
  ingressPath('ingress.path', given.path);
  dns1123Subdomain('ingress.className', given.className);
  const annotations = checkAnnotations('ingress.annotations', given.annotations);
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
  const path = given.path ?? DEFAULT_INGRESS_PATH;
  return { host: given.host, path, className: given.className, annotations, tlsSecretName };
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
