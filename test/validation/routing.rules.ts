import { IngressTls, InitStep, ServiceNetworkPolicy } from '../../lib';
import { Rule } from './rule';

/**
 * The catalogue of invalid input, part routing: init steps, the migration Job, Ingress, HTTPRoute,
 * TLS and the NetworkPolicy.
 */

const TLS = IngressTls.clusterIssuer('letsencrypt-prod');

const INGRESS_TLS_UNSET = new RegExp(
  String.raw`^ingress.tls must be set to IngressTls.clusterIssuer\(...\), issuer\(...\) or fromSecret\(...\),` +
  String.raw` or to IngressTls.disabled\(\) to serve plain HTTP on purpose, got undefined$`,
);

export const ROUTING_RULES: Rule[] = [
  {
    rule: 'init step names are DNS-1123 labels',
    valid: { initContainers: [InitStep.run({ name: 'migrate', command: ['m'] })] },
    invalid: { initContainers: [InitStep.run({ name: 'Migrate', command: ['m'] })] },
    message: /^initContainers\[0\].name must be a DNS-1123 label.*, got 'Migrate'$/,
  },
  {
    rule: 'init step names are unique',
    valid: {
      initContainers: [InitStep.run({ name: 'a', command: ['m'] }), InitStep.run({ name: 'b', command: ['m'] })],
    },
    invalid: {
      initContainers: [InitStep.run({ name: 'a', command: ['m'] }), InitStep.run({ name: 'a', command: ['n'] })],
    },
    message: /^initContainers\[\].name must be unique \(this name is used twice\), got 'a'$/,
  },
  {
    rule: 'init step names differ from the app container',
    valid: { initContainers: [InitStep.run({ name: 'setup', command: ['m'] })] },
    invalid: { initContainers: [InitStep.run({ name: 'app', command: ['m'] })] },
    message: /^initContainers\[0\].name must be different from 'app'.*, got 'app'$/,
  },
  {
    rule: 'init step images are pinned',
    valid: { initContainers: [InitStep.run({ name: 'a', command: ['m'], image: 'busybox:1.36' })] },
    invalid: { initContainers: [InitStep.run({ name: 'a', command: ['m'], image: 'busybox' })] },
    message: /^initContainers\[0\].image must be pinned by a tag or a digest.*, got 'busybox'$/,
  },
  {
    rule: 'migration command is exec form',
    valid: { migration: { command: ['alembic', 'upgrade', 'head'] } },
    invalid: { migration: { command: ['alembic', ''] } },
    message: /^migration.command must be a non-empty list of non-empty strings \(exec form\), got \["alembic",""\]$/,
  },
  {
    rule: 'ingress host is a DNS name',
    valid: { ingress: { host: 'api.example.com', tls: TLS } },
    invalid: { ingress: { host: 'api_example.com', tls: TLS } },
    message: /^ingress.host must be a DNS-1123 subdomain.*, got 'api_example.com'$/,
  },
  {
    rule: 'ingress needs a host',
    valid: { ingress: { host: '*.example.com', tls: TLS } }, invalid: { ingress: { tls: TLS } as any },
    message: /^ingress.host must be a host name such as 'api.example.com', got undefined$/,
  },
  {
    rule: 'ingress path starts with a slash',
    valid: { ingress: { host: 'a.example.com', path: '/api', tls: TLS } },
    invalid: { ingress: { host: 'a.example.com', path: 'api', tls: TLS } },
    message: /^ingress.path must be an absolute HTTP path.*, got 'api'$/,
  },
  // Regression: the real apiserver rejected a fuzzed '//m' (found by the cluster tier's fuzz sample).
  {
    rule: 'ingress path has no empty segment',
    valid: { ingress: { host: 'a.example.com', path: '/m/', tls: TLS } },
    invalid: { ingress: { host: 'a.example.com', path: '//m', tls: TLS } },
    message: /^ingress.path must be an Ingress path without '\/\/'.*, got '\/\/m'$/,
  },
  {
    rule: 'ingress path has no dot segment ending',
    valid: { ingress: { host: 'a.example.com', path: '/a.b', tls: TLS } },
    invalid: { ingress: { host: 'a.example.com', path: '/a/..', tls: TLS } },
    message: /^ingress.path must be an Ingress path without '\/..'.*, got '\/a\/..'$/,
  },
  {
    rule: 'egress CIDRs are CIDRs',
    valid: { networkPolicy: ServiceNetworkPolicy.restrict({ allowEgressTo: ['10.20.0.0/16', 'fd00::/8'] }) },
    invalid: { networkPolicy: ServiceNetworkPolicy.restrict({ allowEgressTo: ['10.20.0.0'] }) },
    message: /^networkPolicy.allowEgressTo\[0\] must be a CIDR in canonical form.*, got '10.20.0.0'$/,
  },
  {
    rule: 'httpRoute needs hostnames',
    valid: { httpRoute: { gateway: { name: 'gw' }, hostnames: ['a.example.com'] } },
    invalid: { httpRoute: { gateway: { name: 'gw' }, hostnames: [] } },
    message: /^httpRoute.hostnames must be a list of 1 to 16 host names, got \[\]$/,
  },
  {
    rule: 'httpRoute gateway name is a DNS name',
    valid: { httpRoute: { gateway: { name: 'public-gw' }, hostnames: ['a.example.com'] } },
    invalid: { httpRoute: { gateway: { name: 'Public GW' }, hostnames: ['a.example.com'] } },
    message: /^httpRoute.gateway.name must be a DNS-1123 subdomain.*, got 'Public GW'$/,
  },
  {
    rule: 'ingress TLS is explicit',
    valid: { ingress: { host: 'a.example.com', tls: IngressTls.disabled() } },
    invalid: { ingress: { host: 'a.example.com' } },
    message: INGRESS_TLS_UNSET,
  },
  // A plain object where a class is expected: what a Python dict would be. It must fail, never be dropped.
  {
    rule: 'ingress TLS is an IngressTls',
    valid: { ingress: { host: 'a.example.com', tls: IngressTls.issuer('le') } },
    invalid: { ingress: { host: 'a.example.com', tls: { clusterIssuer: 'le' } as any } },
    message: /^ingress.tls must be an IngressTls .*, got \{"clusterIssuer":"le"\}$/,
  },
  {
    rule: 'networkPolicy is a ServiceNetworkPolicy',
    valid: { networkPolicy: ServiceNetworkPolicy.restrict({ allowFromNamespaces: ['a'] }) },
    invalid: { networkPolicy: { allowFromNamespaces: ['a'] } as any },
    message: /^networkPolicy must be ServiceNetworkPolicy.restrict\(\{...\}\) or ServiceNetworkPolicy.none\(\), got/,
  },
  {
    rule: 'init steps are InitSteps',
    valid: { initContainers: [InitStep.run({ name: 'a', command: ['m'] })] },
    invalid: { initContainers: [{ name: 'a', command: ['m'] }] as any },
    message: /^initContainers\[0\] must be an InitStep .*, got \{"name":"a","command":\["m"\]\}$/,
  },
  {
    rule: 'network policy namespaces are DNS labels',
    valid: { networkPolicy: ServiceNetworkPolicy.restrict({ allowFromNamespaces: ['ingress-nginx'] }) },
    invalid: { networkPolicy: ServiceNetworkPolicy.restrict({ allowFromNamespaces: ['Ingress'] }) },
    message: /^networkPolicy.allowFromNamespaces\[0\] must be a DNS-1123 label.*, got 'Ingress'$/,
  },
];
