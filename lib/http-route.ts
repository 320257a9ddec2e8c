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
   * @default '/'
   */
  readonly path?: string;
}
