/** TLS for the Ingress, issued by cert-manager. */
export interface IngressTlsOptions {
  /**
   * A cert-manager ClusterIssuer (sets `cert-manager.io/cluster-issuer`).
   * @default - none; set this or `issuer`, or provide `secretName` with a certificate you manage
   */
  readonly clusterIssuer?: string;
  /**
   * A cert-manager Issuer in the same namespace (sets `cert-manager.io/issuer`).
   * @default - none
   */
  readonly issuer?: string;
  /**
   * The Secret that holds (or will receive) the certificate.
   * @default - '<name>-tls'
   */
  readonly secretName?: string;
}

/** HTTPS from outside the cluster: an Ingress in front of the Service. */
export interface IngressOptions {
  /** The host name clients use, e.g. 'api.example.com'. */
  readonly host: string;
  /**
   * The path prefix routed to the app.
   * @default '/'
   */
  readonly path?: string;
  /**
   * The IngressClass that serves this Ingress.
   * @default - the cluster's default IngressClass
   */
  readonly className?: string;
  /**
   * TLS termination at the ingress controller. HTTPS is not optional by accident: leaving this
   * out is an error, and plain HTTP takes an explicit `false`.
   * @default - required
   */
  readonly tls?: IngressTlsOptions | false;
  /**
   * Extra annotations for the ingress controller.
   * @default - none
   */
  readonly annotations?: Record<string, string>;
}
